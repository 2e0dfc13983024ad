//! LTI roles and the LIS vocabularies ([LTI Core 1.3 §A.2](https://www.imsglobal.org/spec/lti/v1p3/#role-vocabularies)).
//!
//! A [`Role`] keeps the URI exactly as sent; [`Role::kind`] parses it into the vocabulary it
//! belongs to. Short context roles (`Learner`, deprecated but common) and unknown or vendor roles
//! are valid: the spec only asks that a non-empty `roles` array contain at least one role from
//! the LTI vocabularies, which [`crate::lti::message::check_claims`] reports as a warning.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Prefix of the LIS v2 context (membership) roles.
pub const MEMBERSHIP: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership";
/// Prefix of the LIS v2 institution roles.
pub const INSTITUTION: &str = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#";
/// Prefix of the LIS v2 system roles.
pub const SYSTEM: &str = "http://purl.imsglobal.org/vocab/lis/v2/system/person#";
/// Prefix of the LTI system roles (`TestUser`).
pub const LTI_SYSTEM: &str = "http://purl.imsglobal.org/vocab/lti/system/person#";

/// The principal context roles (LTI Core §A.2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ContextRole {
    /// `Administrator`.
    Administrator,
    /// `ContentDeveloper`.
    ContentDeveloper,
    /// `Instructor`.
    Instructor,
    /// `Learner`.
    Learner,
    /// `Mentor`.
    Mentor,
    /// `Manager`.
    Manager,
    /// `Member`.
    Member,
    /// `Officer`.
    Officer,
}

impl ContextRole {
    /// Parses a principal context role name.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "Administrator" => Self::Administrator,
            "ContentDeveloper" => Self::ContentDeveloper,
            "Instructor" => Self::Instructor,
            "Learner" => Self::Learner,
            "Mentor" => Self::Mentor,
            "Manager" => Self::Manager,
            "Member" => Self::Member,
            "Officer" => Self::Officer,
            _ => return None,
        })
    }

    /// The role's full URI.
    pub fn uri(self) -> String {
        format!("{MEMBERSHIP}#{self:?}")
    }
}

/// The institution roles (LTI Core §A.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum InstitutionRole {
    /// `Administrator`.
    Administrator,
    /// `Faculty`.
    Faculty,
    /// `Guest`.
    Guest,
    /// `None`.
    None,
    /// `Other`.
    Other,
    /// `Staff`.
    Staff,
    /// `Student`.
    Student,
    /// `Alumni`.
    Alumni,
    /// `Instructor`.
    Instructor,
    /// `Learner`.
    Learner,
    /// `Member`.
    Member,
    /// `Mentor`.
    Mentor,
    /// `Observer`.
    Observer,
    /// `ProspectiveStudent`.
    ProspectiveStudent,
}

impl InstitutionRole {
    /// Parses an institution role name.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "Administrator" => Self::Administrator,
            "Faculty" => Self::Faculty,
            "Guest" => Self::Guest,
            "None" => Self::None,
            "Other" => Self::Other,
            "Staff" => Self::Staff,
            "Student" => Self::Student,
            "Alumni" => Self::Alumni,
            "Instructor" => Self::Instructor,
            "Learner" => Self::Learner,
            "Member" => Self::Member,
            "Mentor" => Self::Mentor,
            "Observer" => Self::Observer,
            "ProspectiveStudent" => Self::ProspectiveStudent,
            _ => return None,
        })
    }
}

/// The system roles (LTI Core §A.2.1), LIS and LTI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum SystemRole {
    /// `Administrator`.
    Administrator,
    /// `None`.
    None,
    /// `AccountAdmin`.
    AccountAdmin,
    /// `Creator`.
    Creator,
    /// `SysAdmin`.
    SysAdmin,
    /// `SysSupport`.
    SysSupport,
    /// `User`.
    User,
    /// `TestUser` (LTI vocabulary: a platform's test student).
    TestUser,
}

impl SystemRole {
    fn parse_lis(name: &str) -> Option<Self> {
        Some(match name {
            "Administrator" => Self::Administrator,
            "None" => Self::None,
            "AccountAdmin" => Self::AccountAdmin,
            "Creator" => Self::Creator,
            "SysAdmin" => Self::SysAdmin,
            "SysSupport" => Self::SysSupport,
            "User" => Self::User,
            _ => return None,
        })
    }
}

/// What a role URI means.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RoleKind {
    /// A context role, possibly with a sub-role
    /// (`…/membership/Instructor#TeachingAssistant` → `(Instructor, Some("TeachingAssistant"))`).
    Context(ContextRole, Option<String>),
    /// An institution role.
    Institution(InstitutionRole),
    /// A system role.
    System(SystemRole),
    /// A short (deprecated) context role name such as `Learner`.
    Short(ContextRole),
    /// Anything else: a vendor role or a typo. Valid, but not from the LTI vocabularies.
    Unknown,
}

/// One role, kept exactly as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Role(pub String);

impl Role {
    /// Wraps a role URI.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The URI as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses the role.
    pub fn kind(&self) -> RoleKind {
        parse_role(&self.0)
    }

    /// Whether the role comes from the LTI/LIS vocabularies (full URI form).
    pub fn is_vocabulary(&self) -> bool {
        matches!(
            self.kind(),
            RoleKind::Context(..) | RoleKind::Institution(_) | RoleKind::System(_)
        )
    }

    /// The context role, from the full URI, a sub-role, or a short name.
    pub fn context_role(&self) -> Option<ContextRole> {
        match self.kind() {
            RoleKind::Context(r, _) | RoleKind::Short(r) => Some(r),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<ContextRole> for Role {
    fn from(r: ContextRole) -> Self {
        Self(r.uri())
    }
}

/// Parses a role URI or short name.
pub fn parse_role(value: &str) -> RoleKind {
    if let Some(rest) = value.strip_prefix(MEMBERSHIP) {
        if let Some(name) = rest.strip_prefix('#') {
            return ContextRole::parse(name)
                .map_or(RoleKind::Unknown, |r| RoleKind::Context(r, None));
        }
        if let Some(sub) = rest.strip_prefix('/')
            && let Some((principal, subrole)) = sub.split_once('#')
            && let Some(r) = ContextRole::parse(principal)
            && !subrole.is_empty()
        {
            return RoleKind::Context(r, Some(subrole.to_owned()));
        }
        return RoleKind::Unknown;
    }
    if let Some(name) = value.strip_prefix(INSTITUTION) {
        return InstitutionRole::parse(name).map_or(RoleKind::Unknown, RoleKind::Institution);
    }
    if let Some(name) = value.strip_prefix(SYSTEM) {
        return SystemRole::parse_lis(name).map_or(RoleKind::Unknown, RoleKind::System);
    }
    if value.strip_prefix(LTI_SYSTEM) == Some("TestUser") {
        return RoleKind::System(SystemRole::TestUser);
    }
    ContextRole::parse(value).map_or(RoleKind::Unknown, RoleKind::Short)
}

/// Whether any role in the list is the given context role (full, sub-role or short form).
pub fn has_context_role(roles: &[Role], role: ContextRole) -> bool {
    roles.iter().any(|r| r.context_role() == Some(role))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies() {
        assert_eq!(
            parse_role("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"),
            RoleKind::Context(ContextRole::Learner, None)
        );
        assert_eq!(
            parse_role(
                "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"
            ),
            RoleKind::Context(ContextRole::Instructor, Some("TeachingAssistant".into()))
        );
        assert_eq!(
            parse_role("http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student"),
            RoleKind::Institution(InstitutionRole::Student)
        );
        assert_eq!(
            parse_role("http://purl.imsglobal.org/vocab/lis/v2/system/person#User"),
            RoleKind::System(SystemRole::User)
        );
        assert_eq!(
            parse_role("http://purl.imsglobal.org/vocab/lti/system/person#TestUser"),
            RoleKind::System(SystemRole::TestUser)
        );
        assert_eq!(parse_role("Learner"), RoleKind::Short(ContextRole::Learner));
        assert_eq!(parse_role("urn:vendor:role"), RoleKind::Unknown);
        assert_eq!(
            parse_role("http://purl.imsglobal.org/vocab/lis/v2/membership#Wizard"),
            RoleKind::Unknown
        );
        assert_eq!(
            parse_role("http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#"),
            RoleKind::Unknown
        );
        let roles = vec![Role::new("Instructor"), Role::from(ContextRole::Mentor)];
        assert!(has_context_role(&roles, ContextRole::Instructor));
        assert!(has_context_role(&roles, ContextRole::Mentor));
        assert!(!has_context_role(&roles, ContextRole::Learner));
        assert!(!Role::new("Instructor").is_vocabulary());
        assert!(Role::from(ContextRole::Learner).is_vocabulary());
        assert_eq!(Role::new("x").to_string(), "x");
    }
}
