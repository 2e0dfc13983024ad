//! Typed identifiers shared by several standards.
//!
//! - [`string_newtype!`](crate::string_newtype): the typed-newtype pattern for plain string identifiers (serde
//!   transparent, `as_str`, `FromStr`, `Display`, `Deref<Target = str>`).
//! - [`XmlIdentifier`]: an XML `NCName` as QTI and Common Cartridge use for identifiers, checked
//!   strictly, or leniently with a warning.
//! - [`SourcedId`]: a OneRoster `sourcedId` (any non-empty string; whitespace at the ends is
//!   reported).
//! - [`Iri`]: an IRI/URI that keeps and compares by its original string (Caliper ids, LTI issuers:
//!   OpenID Connect requires exact comparison, so no normalisation is ever applied).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::problem::Problem;

/// Defines a string newtype: `#[serde(transparent)]`-equivalent serde impls, `new`, `as_str`,
/// `into_inner`, `Deref<Target = str>`, `AsRef<str>`, `Borrow<str>`, `Display`, `FromStr`
/// (infallible), `From<String>` and `From<&str>`.
///
/// ```
/// lti_core::string_newtype! {
///     /// An LTI deployment id.
///     pub struct DeploymentId;
/// }
/// let d: DeploymentId = "d-1".parse().unwrap();
/// assert_eq!(d.as_str(), "d-1");
/// assert_eq!(serde_json::to_string(&d).unwrap(), "\"d-1\"");
/// ```
#[macro_export]
macro_rules! string_newtype {
    ($(#[$meta:meta])* $vis:vis struct $name:ident;) => {
        $crate::__string_newtype_impl! {
            $(#[$meta])*
            $vis struct $name(::std::string::String);
        }
    };
}

/// Like [`string_newtype!`](crate::string_newtype), backed by a small-string type that keeps
/// values of up to 24 bytes inline (no allocation): for identifiers a document holds by the
/// thousand, such as QTI's. `new` takes anything convertible into that type (`&str`, `String`,
/// `Cow<str>`, `Box<str>`).
///
/// ```
/// lti_core::compact_string_newtype! {
///     /// A choice identifier.
///     pub struct ChoiceId;
/// }
/// let c = ChoiceId::new("ChoiceA");
/// assert_eq!(c.as_str(), "ChoiceA");
/// assert_eq!(String::from(c.clone()), "ChoiceA");
/// assert_eq!(serde_json::to_string(&c).unwrap(), "\"ChoiceA\"");
/// ```
#[macro_export]
macro_rules! compact_string_newtype {
    ($(#[$meta:meta])* $vis:vis struct $name:ident;) => {
        $crate::__string_newtype_impl! {
            $(#[$meta])*
            $vis struct $name($crate::__private::CompactString);
        }
    };
}

/// The body of [`string_newtype!`](crate::string_newtype) and
/// [`compact_string_newtype!`](crate::compact_string_newtype) over a storage type that converts
/// from `&str` and `String` and into `String`. Not part of the public API.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_newtype_impl {
    ($(#[$meta:meta])* $vis:vis struct $name:ident($repr:ty);) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        $vis struct $name($repr);

        impl $name {
            /// Wraps a string.
            pub fn new(value: impl ::std::convert::Into<$repr>) -> Self {
                Self(value.into())
            }
            /// The value as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// The owned string.
            pub fn into_inner(self) -> ::std::string::String {
                self.0.into()
            }
        }
        impl ::std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }
        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl ::std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self(<$repr>::from(s)))
            }
        }
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                Self(s.into())
            }
        }
        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(<$repr>::from(s))
            }
        }
        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(v: $name) -> Self {
                v.0.into()
            }
        }
        impl ::std::cmp::PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
        impl ::std::cmp::PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                <$repr as $crate::__private::serde::Deserialize>::deserialize(d).map(Self)
            }
        }
    };
}

/// Why an identifier was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The value is empty.
    #[error("{kind} must not be empty")]
    Empty {
        /// What kind of identifier (for example `XML identifier`).
        kind: &'static str,
    },
    /// A character is not allowed at that position.
    #[error("{kind} {value:?}: character {ch:?} is not allowed at position {index}")]
    InvalidChar {
        /// What kind of identifier.
        kind: &'static str,
        /// The rejected value.
        value: String,
        /// The offending character.
        ch: char,
        /// Its 0-based character index.
        index: usize,
    },
    /// The value does not have the required syntax.
    #[error("{kind} {value:?}: {reason}")]
    Syntax {
        /// What kind of identifier.
        kind: &'static str,
        /// The rejected value.
        value: String,
        /// What is wrong.
        reason: &'static str,
    },
}

impl IdError {
    /// The stable problem code of this error (`id.empty`, `id.invalid-char`, `id.syntax`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty { .. } => "id.empty",
            Self::InvalidChar { .. } => "id.invalid-char",
            Self::Syntax { .. } => "id.syntax",
        }
    }

    /// This error as an error-severity [`Problem`] (without location).
    pub fn to_problem(&self) -> Problem {
        Problem::error(self.code(), self.to_string())
    }
}

/// Whether `c` is an XML 1.0 (5th edition) `NameStartChar`, excluding `:` (NCName rules).
pub fn is_ncname_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// Whether `c` is an XML 1.0 `NameChar`, excluding `:` (NCName rules).
pub fn is_ncname_char(c: char) -> bool {
    is_ncname_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Checks the XML `NCName` production.
pub fn check_ncname(value: &str) -> Result<(), IdError> {
    const KIND: &str = "XML identifier";
    let mut chars = value.chars().enumerate();
    match chars.next() {
        None => return Err(IdError::Empty { kind: KIND }),
        Some((_, c)) if !is_ncname_start_char(c) => {
            return Err(IdError::InvalidChar {
                kind: KIND,
                value: value.to_owned(),
                ch: c,
                index: 0,
            });
        }
        Some(_) => {}
    }
    for (index, ch) in chars {
        if !is_ncname_char(ch) {
            return Err(IdError::InvalidChar {
                kind: KIND,
                value: value.to_owned(),
                ch,
                index,
            });
        }
    }
    Ok(())
}

/// An XML identifier: an `NCName`, as QTI (`identifier`, `responseIdentifier`, …) and Common
/// Cartridge (`identifier`, `identifierref`) use.
///
/// [`XmlIdentifier::parse`] is strict; [`XmlIdentifier::parse_lenient`] accepts any non-empty
/// string and returns a warning when it is not an NCName (real exports contain identifiers such
/// as `1_question` or `item 3`). Deserialising with serde is lenient (the value is kept as is);
/// validation reports bad syntax.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct XmlIdentifier(String);

impl XmlIdentifier {
    /// Parses an NCName strictly.
    pub fn parse(value: &str) -> Result<Self, IdError> {
        check_ncname(value)?;
        Ok(Self(value.to_owned()))
    }

    /// Accepts any non-empty value; when it is not an NCName, also returns a warning problem
    /// with code `id.xml-identifier.lenient`.
    pub fn parse_lenient(value: &str) -> Result<(Self, Option<Problem>), IdError> {
        if value.is_empty() {
            return Err(IdError::Empty {
                kind: "XML identifier",
            });
        }
        let warning = check_ncname(value).err().map(|e| {
            Problem::warning(
                "id.xml-identifier.lenient",
                format!("{e}; accepted leniently"),
            )
        });
        Ok((Self(value.to_owned()), warning))
    }

    /// Wraps a value without checking it (for values read leniently; see
    /// [`XmlIdentifier::is_valid`]).
    pub fn new_unchecked(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Whether the value is a valid NCName.
    pub fn is_valid(&self) -> bool {
        check_ncname(&self.0).is_ok()
    }

    /// The identifier as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The owned string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for XmlIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for XmlIdentifier {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl std::ops::Deref for XmlIdentifier {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for XmlIdentifier {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for XmlIdentifier {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Serialize for XmlIdentifier {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for XmlIdentifier {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self)
    }
}

/// A OneRoster `sourcedId`: any non-empty string (GUIDs are recommended, not required).
///
/// [`SourcedId::parse`] rejects the empty string; [`SourcedId::parse_lenient`] also warns about
/// leading or trailing whitespace, which real exports contain and which breaks references.
/// Deserialising with serde keeps the value as is, like [`SourcedId::new_unchecked`] (a model
/// read leniently may hold an empty one, reported when it was read, and must round-trip);
/// validation reports it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourcedId(String);

impl SourcedId {
    /// Parses a sourcedId (non-empty).
    pub fn parse(value: &str) -> Result<Self, IdError> {
        if value.is_empty() {
            return Err(IdError::Empty { kind: "sourcedId" });
        }
        Ok(Self(value.to_owned()))
    }

    /// Like [`SourcedId::parse`], plus a warning (`id.sourced-id.whitespace`) when the value has
    /// whitespace at either end. The value is kept exactly as given.
    pub fn parse_lenient(value: &str) -> Result<(Self, Option<Problem>), IdError> {
        let id = Self::parse(value)?;
        let warning = (value.trim() != value).then(|| {
            Problem::warning(
                "id.sourced-id.whitespace",
                format!("sourcedId {value:?} has whitespace at its start or end"),
            )
        });
        Ok((id, warning))
    }

    /// Wraps a value without checking it.
    pub fn new_unchecked(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The owned string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for SourcedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for SourcedId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl std::ops::Deref for SourcedId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SourcedId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Serialize for SourcedId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SourcedId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self)
    }
}

/// An absolute IRI (RFC 3987) or URI (RFC 3986), kept exactly as given.
///
/// Equality and hashing use the original string, never a normalised form: OpenID Connect (and so
/// LTI) requires issuers to be compared exactly, and Caliper ids are opaque strings. Use
/// [`Iri::parse`] to check the syntax (a scheme, then no whitespace, control characters or
/// characters that IRIs exclude). Deserialising with serde keeps the value as is, like
/// [`Iri::new_unchecked`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Iri(String);

impl Iri {
    /// Parses and checks an absolute IRI.
    pub fn parse(value: &str) -> Result<Self, IdError> {
        check_iri(value)?;
        Ok(Self(value.to_owned()))
    }

    /// Wraps a value without checking it.
    pub fn new_unchecked(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The IRI exactly as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The owned string.
    pub fn into_inner(self) -> String {
        self.0
    }

    /// The scheme (before the first `:`), as written.
    pub fn scheme(&self) -> &str {
        self.0.split_once(':').map_or("", |(s, _)| s)
    }

    /// Whether this is a `urn:uuid:` URN with a syntactically valid UUID (RFC 4122 / 9562 form,
    /// any case).
    pub fn is_urn_uuid(&self) -> bool {
        is_urn_uuid(&self.0)
    }

    /// Whether the scheme is `https` (case-insensitive).
    pub fn is_https(&self) -> bool {
        self.scheme().eq_ignore_ascii_case("https")
    }
}

/// Whether `value` is `urn:uuid:` followed by a UUID in 8-4-4-4-12 hex form (the `urn:uuid:`
/// prefix compared case-insensitively, as RFC 8141 defines URN namespace identifiers).
pub fn is_urn_uuid(value: &str) -> bool {
    let Some(prefix) = value.get(..9) else {
        return false;
    };
    prefix.eq_ignore_ascii_case("urn:uuid:") && is_uuid(&value[9..])
}

/// Whether `value` is a UUID in 8-4-4-4-12 hexadecimal form.
pub fn is_uuid(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Checks that `value` is an absolute IRI: `scheme ":" rest` where the scheme is
/// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` and the rest has no whitespace, control
/// characters, or any of `<>"{}|\^` and backtick; `%` must start a two-digit hex escape.
pub fn check_iri(value: &str) -> Result<(), IdError> {
    const KIND: &str = "IRI";
    if value.is_empty() {
        return Err(IdError::Empty { kind: KIND });
    }
    let Some((scheme, _)) = value.split_once(':') else {
        return Err(IdError::Syntax {
            kind: KIND,
            value: value.to_owned(),
            reason: "an absolute IRI needs a scheme followed by ':'",
        });
    };
    let mut sc = scheme.chars();
    let scheme_ok = sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(IdError::Syntax {
            kind: KIND,
            value: value.to_owned(),
            reason: "the scheme must start with a letter and contain only letters, digits, '+', '-' and '.'",
        });
    }
    let chars: Vec<char> = value.chars().collect();
    for (index, &ch) in chars.iter().enumerate() {
        let bad = ch.is_whitespace()
            || ch.is_control()
            || matches!(ch, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`');
        if bad {
            return Err(IdError::InvalidChar {
                kind: KIND,
                value: value.to_owned(),
                ch,
                index,
            });
        }
        if ch == '%' {
            let ok = chars.get(index + 1).is_some_and(char::is_ascii_hexdigit)
                && chars.get(index + 2).is_some_and(char::is_ascii_hexdigit);
            if !ok {
                return Err(IdError::Syntax {
                    kind: KIND,
                    value: value.to_owned(),
                    reason: "'%' must be followed by two hexadecimal digits",
                });
            }
        }
    }
    Ok(())
}

impl fmt::Display for Iri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Iri {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl std::ops::Deref for Iri {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Iri {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Iri {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Serialize for Iri {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Iri {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    string_newtype! {
        /// Test newtype.
        pub struct TestId;
    }

    #[test]
    fn newtype_pattern() {
        let id: TestId = "abc".parse().expect("infallible");
        assert_eq!(id.as_str(), "abc");
        assert_eq!(&*id, "abc");
        assert_eq!(id.to_string(), "abc");
        assert_eq!(id, "abc");
        let json = serde_json::to_string(&id).expect("serialises");
        assert_eq!(json, "\"abc\"");
        let back: TestId = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, id);
        assert_eq!(String::from(back), "abc");
    }

    #[test]
    fn ncname_strict() {
        assert!(XmlIdentifier::parse("RESPONSE").is_ok());
        assert!(XmlIdentifier::parse("_a-b.c9").is_ok());
        assert!(XmlIdentifier::parse("é").is_ok());
        assert_eq!(XmlIdentifier::parse("").unwrap_err().code(), "id.empty");
        let e = XmlIdentifier::parse("1abc").unwrap_err();
        assert_eq!(e.code(), "id.invalid-char");
        assert!(e.to_string().contains("position 0"));
        let e = XmlIdentifier::parse("a:b").unwrap_err();
        assert!(matches!(
            e,
            IdError::InvalidChar {
                ch: ':',
                index: 1,
                ..
            }
        ));
        assert!(XmlIdentifier::parse("a b").is_err());
        assert!("x y".parse::<XmlIdentifier>().is_err());
    }

    #[test]
    fn ncname_lenient() {
        let (id, w) = XmlIdentifier::parse_lenient("1_question").expect("non-empty");
        assert_eq!(id.as_str(), "1_question");
        assert!(!id.is_valid());
        assert_eq!(w.expect("warning").code, "id.xml-identifier.lenient");
        let (_, w) = XmlIdentifier::parse_lenient("ok").expect("non-empty");
        assert!(w.is_none());
        assert!(XmlIdentifier::parse_lenient("").is_err());
        assert_eq!(IdError::Empty { kind: "x" }.to_problem().code, "id.empty");
    }

    #[test]
    fn sourced_ids() {
        assert!(SourcedId::parse("").is_err());
        let (s, w) = SourcedId::parse_lenient(" u1").expect("non-empty");
        assert_eq!(s.as_str(), " u1");
        assert_eq!(w.expect("warning").code, "id.sourced-id.whitespace");
        assert!(SourcedId::parse_lenient("u1").expect("ok").1.is_none());
        let json = serde_json::to_string(&s).expect("ser");
        assert_eq!(serde_json::from_str::<SourcedId>(&json).expect("de"), s);
    }

    #[test]
    fn iris() {
        let a = Iri::parse("https://example.edu/x").expect("valid");
        let b = Iri::parse("HTTPS://example.edu/x").expect("valid");
        assert_ne!(a, b, "compared by original string");
        assert!(a.is_https() && b.is_https());
        assert_eq!(a.scheme(), "https");
        assert!(
            Iri::parse("urn:uuid:ff9ec22a-fc59-4ae1-ae8d-2c9463ee2f8f")
                .expect("valid")
                .is_urn_uuid()
        );
        assert!(
            !Iri::parse("urn:uuid:not-a-uuid")
                .expect("valid")
                .is_urn_uuid()
        );
        assert!(Iri::parse("https://例え.jp/パス").is_ok());
        assert_eq!(Iri::parse("").unwrap_err().code(), "id.empty");
        assert_eq!(Iri::parse("no-scheme").unwrap_err().code(), "id.syntax");
        assert_eq!(Iri::parse("1http://x").unwrap_err().code(), "id.syntax");
        assert_eq!(
            Iri::parse("http://a b").unwrap_err().code(),
            "id.invalid-char"
        );
        assert_eq!(Iri::parse("http://a%2").unwrap_err().code(), "id.syntax");
        assert!(Iri::parse("http://a%2F").is_ok());
        assert!(!is_urn_uuid("urn:uuid"));
        assert!(is_urn_uuid("URN:UUID:FF9EC22A-FC59-4AE1-AE8D-2C9463EE2F8F"));
    }

    proptest! {
        #[test]
        fn ncname_roundtrip(s in "[A-Za-z_][A-Za-z0-9_.-]{0,20}") {
            let id = XmlIdentifier::parse(&s).expect("generated NCName");
            let json = serde_json::to_string(&id).expect("ser");
            let back: XmlIdentifier = serde_json::from_str(&json).expect("de");
            prop_assert_eq!(back.as_str(), s.as_str());
            prop_assert_eq!(id.to_string().parse::<XmlIdentifier>().expect("reparse"), id);
        }

        #[test]
        fn ncname_never_panics(s in "\\PC{0,12}") {
            let _ = XmlIdentifier::parse(&s);
            let _ = Iri::parse(&s);
        }

        #[test]
        fn iri_keeps_original(s in "(https?|urn):[A-Za-z0-9/._~-]{1,30}") {
            let iri = Iri::parse(&s).expect("generated IRI");
            prop_assert_eq!(iri.as_str(), s.as_str());
        }
    }
}
