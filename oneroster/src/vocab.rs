//! Enumerated vocabularies of the OneRoster data model (status, org/session/class types, roles,
//! sex, score status, importance, learning-objective source, manifest processing modes) and the
//! `ext:` extension pattern.
//!
//! Every vocabulary is a Rust enum with one variant per token plus `Other(String)`, which keeps
//! extension tokens (`ext:…`, where the specification allows them) and unknown values read
//! leniently, so nothing is lost on a round trip. A [`Vocab`] descriptor lists the tokens for the
//! table-driven CSV validation, which checks values without allocating.

/// A vocabulary descriptor: its tokens, and whether `ext:` extension tokens are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Vocab {
    /// The vocabulary's name in the specification (for messages), e.g. `OrgTypeEnum`.
    pub name: &'static str,
    /// The defined tokens (case-sensitive).
    pub tokens: &'static [&'static str],
    /// Whether tokens matching `ext:[a-zA-Z0-9.\-_]+` are allowed.
    pub extensible: bool,
    /// Tokens read with a deprecation warning (for example `inactive` in 1.1).
    pub deprecated: &'static [&'static str],
}

/// How a value relates to a [`Vocab`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub enum TokenClass {
    /// One of the defined tokens, exactly.
    Known,
    /// A defined token that the specification deprecates.
    Deprecated,
    /// A defined token in another letter case (`TRUE`, `Scheduled`): the value to use.
    CaseMismatch(&'static str),
    /// A well-formed `ext:` extension token, allowed by this vocabulary.
    Extension,
    /// An `ext:` token in a vocabulary that does not allow extensions, or a malformed one.
    BadExtension,
    /// Not a token of this vocabulary.
    Unknown,
}

impl Vocab {
    /// Classifies `value` (no allocation).
    pub fn classify(&self, value: &str) -> TokenClass {
        if self.tokens.contains(&value) {
            return TokenClass::Known;
        }
        if self.deprecated.contains(&value) {
            return TokenClass::Deprecated;
        }
        if let Some(rest) = value.strip_prefix("ext:") {
            return if self.extensible && is_ext_suffix(rest) {
                TokenClass::Extension
            } else {
                TokenClass::BadExtension
            };
        }
        if let Some(t) = self
            .tokens
            .iter()
            .find(|t| t.eq_ignore_ascii_case(value.trim()))
        {
            return TokenClass::CaseMismatch(t);
        }
        TokenClass::Unknown
    }

    /// The tokens joined for messages: `a | b | c`.
    pub fn describe(&self) -> String {
        let mut s = self.tokens.join(" | ");
        if self.extensible {
            s.push_str(" | ext:…");
        }
        s
    }
}

/// Whether `rest` (after `ext:`) matches `[a-zA-Z0-9.\-_]+`, the OpenAPI extension pattern.
pub fn is_ext_suffix(rest: &str) -> bool {
    !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $vocab_name:literal, ext = $ext:expr, deprecated = [$($dep:literal),*] {
            $( $(#[$vmeta:meta])* $var:ident = $tok:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $var, )+
            /// An extension token (`ext:…`) or a value outside the vocabulary, kept as given.
            Other(String),
        }

        impl $name {
            /// The vocabulary descriptor.
            pub const VOCAB: $crate::vocab::Vocab = $crate::vocab::Vocab {
                name: $vocab_name,
                tokens: &[$($tok),+],
                extensible: $ext,
                deprecated: &[$($dep),*],
            };

            /// The token as written in CSV and JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$var => $tok, )+
                    Self::Other(s) => s,
                }
            }

            /// The value for an exact token; anything else becomes [`Self::Other`].
            pub fn from_token(token: &str) -> Self {
                match token {
                    $( $tok => Self::$var, )+
                    other => Self::Other(other.to_owned()),
                }
            }

            /// Like [`Self::from_token`], but a token in another letter case maps to the
            /// defined token (validation reports the case difference).
            pub fn from_token_lenient(token: &str) -> Self {
                match Self::VOCAB.classify(token) {
                    $crate::vocab::TokenClass::CaseMismatch(t) => Self::from_token(t),
                    _ => Self::from_token(token),
                }
            }

            /// Whether the value is one of the defined tokens.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }

            /// Whether the value is a well-formed `ext:` token.
            pub fn is_extension(&self) -> bool {
                matches!(self, Self::Other(s) if s.strip_prefix("ext:").is_some_and($crate::vocab::is_ext_suffix))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from_token(&s))
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// Record status (`StatusEnum`). `inactive` is the OneRoster 1.0 value, deprecated in 1.1 and
    /// removed in 1.2.
    Status, "StatusEnum", ext = false, deprecated = ["inactive"] {
        /// `active`
        Active = "active",
        /// `tobedeleted`
        ToBeDeleted = "tobedeleted",
    }
}

vocabulary! {
    /// Organisation type (`OrgTypeEnum`).
    OrgType, "OrgTypeEnum", ext = true, deprecated = [] {
        /// `department`
        Department = "department",
        /// `school`
        School = "school",
        /// `district`
        District = "district",
        /// `local`
        Local = "local",
        /// `state`
        State = "state",
        /// `national`
        National = "national",
    }
}

vocabulary! {
    /// Academic session type (`SessionTypeEnum`).
    SessionType, "SessionTypeEnum", ext = true, deprecated = [] {
        /// `gradingPeriod`
        GradingPeriod = "gradingPeriod",
        /// `semester`
        Semester = "semester",
        /// `schoolYear`
        SchoolYear = "schoolYear",
        /// `term`
        Term = "term",
    }
}

vocabulary! {
    /// Class type (`ClassTypeEnum`).
    ClassType, "ClassTypeEnum", ext = true, deprecated = [] {
        /// `homeroom`
        Homeroom = "homeroom",
        /// `scheduled`
        Scheduled = "scheduled",
    }
}

vocabulary! {
    /// Role of a user in an enrollment (`EnrolRoleEnum`).
    EnrollmentRole, "EnrolRoleEnum", ext = true, deprecated = [] {
        /// `administrator`
        Administrator = "administrator",
        /// `proctor`
        Proctor = "proctor",
        /// `student`
        Student = "student",
        /// `teacher`
        Teacher = "teacher",
    }
}

vocabulary! {
    /// A user's role: the OneRoster 1.2 `RoleEnum` (roles.csv, `RoleDType.role`) and, for 1.1,
    /// the single `role` of a user (a subset: administrator, aide, guardian, parent, proctor,
    /// relative, student, teacher; see [`USER_ROLE_1_1`]).
    Role, "RoleEnum", ext = true, deprecated = [] {
        /// `aide`
        Aide = "aide",
        /// `counselor` (1.2)
        Counselor = "counselor",
        /// `districtAdministrator` (1.2)
        DistrictAdministrator = "districtAdministrator",
        /// `guardian`
        Guardian = "guardian",
        /// `parent`
        Parent = "parent",
        /// `principal` (1.2)
        Principal = "principal",
        /// `proctor`
        Proctor = "proctor",
        /// `relative`
        Relative = "relative",
        /// `siteAdministrator` (1.2)
        SiteAdministrator = "siteAdministrator",
        /// `student`
        Student = "student",
        /// `systemAdministrator` (1.2)
        SystemAdministrator = "systemAdministrator",
        /// `teacher`
        Teacher = "teacher",
        /// `administrator` (1.1 only)
        Administrator = "administrator",
    }
}

/// The OneRoster 1.1 user `role` vocabulary (users.csv `role`, `User.role`).
pub const USER_ROLE_1_1: Vocab = Vocab {
    name: "RoleTypeEnum (1.1)",
    tokens: &[
        "administrator",
        "aide",
        "guardian",
        "parent",
        "proctor",
        "relative",
        "student",
        "teacher",
    ],
    extensible: true,
    deprecated: &[],
};

/// The OneRoster 1.2 `RoleEnum` (roles.csv `role`, `RoleDType.role`).
pub const ROLE_1_2: Vocab = Vocab {
    name: "RoleEnum",
    tokens: &[
        "aide",
        "counselor",
        "districtAdministrator",
        "guardian",
        "parent",
        "principal",
        "proctor",
        "relative",
        "siteAdministrator",
        "student",
        "systemAdministrator",
        "teacher",
    ],
    extensible: true,
    deprecated: &[],
};

/// The OneRoster 1.1 status vocabulary (with `inactive` deprecated).
pub const STATUS_1_1: Vocab = Status::VOCAB;

/// The OneRoster 1.2 status vocabulary (`inactive` removed).
pub const STATUS_1_2: Vocab = Vocab {
    name: "StatusEnum",
    tokens: &["active", "tobedeleted"],
    extensible: false,
    deprecated: &[],
};

vocabulary! {
    /// Primary or secondary role (`RoleTypeEnum` in 1.2 roles).
    RoleType, "RoleTypeEnum", ext = false, deprecated = [] {
        /// `primary`
        Primary = "primary",
        /// `secondary`
        Secondary = "secondary",
    }
}

vocabulary! {
    /// Sex in demographics (`GenderEnum`); `unspecified` and `other` are new in 1.2.
    Sex, "GenderEnum", ext = true, deprecated = [] {
        /// `male`
        Male = "male",
        /// `female`
        Female = "female",
        /// `unspecified` (1.2)
        Unspecified = "unspecified",
        /// `other` (1.2)
        OtherSex = "other",
    }
}

/// The OneRoster 1.1 sex vocabulary.
pub const SEX_1_1: Vocab = Vocab {
    name: "GenderEnum (1.1)",
    tokens: &["male", "female"],
    extensible: false,
    deprecated: &[],
};

vocabulary! {
    /// Score status of a result (`ScoreStatusEnum`).
    ScoreStatus, "ScoreStatusEnum", ext = true, deprecated = [] {
        /// `exempt`
        Exempt = "exempt",
        /// `fully graded`
        FullyGraded = "fully graded",
        /// `not submitted`
        NotSubmitted = "not submitted",
        /// `partially graded`
        PartiallyGraded = "partially graded",
        /// `submitted`
        Submitted = "submitted",
    }
}

vocabulary! {
    /// Importance of a resource (`ImportanceEnum`).
    Importance, "ImportanceEnum", ext = false, deprecated = [] {
        /// `primary`
        Primary = "primary",
        /// `secondary`
        Secondary = "secondary",
    }
}

vocabulary! {
    /// Roles a resource is meant for (`RoleEnum` of resources).
    ResourceRole, "ResourceRoleEnum", ext = true, deprecated = [] {
        /// `administrator`
        Administrator = "administrator",
        /// `aide`
        Aide = "aide",
        /// `guardian`
        Guardian = "guardian",
        /// `parent`
        Parent = "parent",
        /// `proctor`
        Proctor = "proctor",
        /// `relative`
        Relative = "relative",
        /// `student`
        Student = "student",
        /// `teacher`
        Teacher = "teacher",
    }
}

vocabulary! {
    /// Source of a learning-objective identifier (`LearningObjectiveSetSourceEnum`).
    LearningObjectiveSource, "LearningObjectiveSourceEnum", ext = true, deprecated = [] {
        /// `case`: a CASE framework identifier.
        Case = "case",
        /// `unknown`
        Unknown = "unknown",
    }
}

vocabulary! {
    /// How a manifest declares one file (`file.X` values).
    ProcessingMode, "ProcessingModeEnum", ext = false, deprecated = [] {
        /// `absent`: the file is not in the set.
        Absent = "absent",
        /// `bulk`: the file holds the full state.
        Bulk = "bulk",
        /// `delta`: the file holds changes since the last exchange.
        Delta = "delta",
    }
}

/// `true` / `false` as CSV and the 1.2 OpenAPI write them.
pub const BOOLEAN: Vocab = Vocab {
    name: "boolean",
    tokens: &["true", "false"],
    extensible: false,
    deprecated: &[],
};

/// Grade levels of the CEDS vocabulary that OneRoster 1.1 refers to (1.2 leaves the
/// vocabulary to profiles).
pub const CEDS_GRADES: Vocab = Vocab {
    name: "CEDS grade levels",
    tokens: &[
        "IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
        "11", "12", "13", "PS", "UG", "Other",
    ],
    extensible: false,
    deprecated: &[],
};

/// Parses a boolean leniently: `true`/`false` exactly, or another letter case (`TRUE`), with a
/// flag telling whether the case differed. `None` for anything else.
pub fn parse_bool_token(value: &str) -> Option<(bool, bool)> {
    match value {
        "true" => Some((true, false)),
        "false" => Some((false, false)),
        v if v.eq_ignore_ascii_case("true") => Some((true, true)),
        v if v.eq_ignore_ascii_case("false") => Some((false, true)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_tokens() {
        let v = ClassType::VOCAB;
        assert_eq!(v.classify("scheduled"), TokenClass::Known);
        assert_eq!(
            v.classify("Scheduled"),
            TokenClass::CaseMismatch("scheduled")
        );
        assert_eq!(v.classify("ext:lab"), TokenClass::Extension);
        assert_eq!(v.classify("ext:"), TokenClass::BadExtension);
        assert_eq!(v.classify("ext:a b"), TokenClass::BadExtension);
        assert_eq!(v.classify("lecture"), TokenClass::Unknown);
        assert_eq!(Status::VOCAB.classify("inactive"), TokenClass::Deprecated);
        assert_eq!(STATUS_1_2.classify("inactive"), TokenClass::Unknown);
        assert_eq!(Status::VOCAB.classify("ext:x"), TokenClass::BadExtension);
        assert!(v.describe().contains("ext:"));
    }

    #[test]
    fn enum_round_trip() {
        assert_eq!(OrgType::from_token("school"), OrgType::School);
        assert_eq!(OrgType::from_token("ext:campus").as_str(), "ext:campus");
        assert!(OrgType::from_token("ext:campus").is_extension());
        assert!(!OrgType::from_token("campus").is_extension());
        assert!(!OrgType::from_token("campus").is_known());
        assert_eq!(
            ClassType::from_token_lenient("Scheduled"),
            ClassType::Scheduled
        );
        assert_eq!(ScoreStatus::FullyGraded.to_string(), "fully graded");
        let j = serde_json::to_string(&Sex::OtherSex).unwrap();
        assert_eq!(j, "\"other\"");
        let back: Sex = serde_json::from_str(&j).unwrap();
        assert_eq!(back, Sex::OtherSex);
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool_token("true"), Some((true, false)));
        assert_eq!(parse_bool_token("FALSE"), Some((false, true)));
        assert_eq!(parse_bool_token("yes"), None);
    }
}
