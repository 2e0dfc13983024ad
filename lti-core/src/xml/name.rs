//! [`Name`]: a string that stores up to 24 bytes inline, for XML names and short values.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string for XML names, prefixes and attribute values: up to 24 bytes are stored inline, so
/// building a tree does not allocate once per name. Derefs to `str` and compares with `str`,
/// `&str` and `String`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(CompactString);

impl Name {
    /// A name from a string slice.
    pub fn new(s: &str) -> Self {
        Self(CompactString::new(s))
    }

    /// The name as a string slice.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The name as an owned `String`.
    pub fn into_string(self) -> String {
        self.0.into_string()
    }

    /// Appends to the string.
    pub fn push_str(&mut self, s: &str) {
        self.0.push_str(s);
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for Name {
    fn from(s: String) -> Self {
        Self(CompactString::from(s))
    }
}

impl From<&String> for Name {
    fn from(s: &String) -> Self {
        Self::new(s)
    }
}

impl From<&Self> for Name {
    fn from(s: &Self) -> Self {
        s.clone()
    }
}

impl From<std::borrow::Cow<'_, str>> for Name {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        match s {
            std::borrow::Cow::Borrowed(b) => Self::new(b),
            std::borrow::Cow::Owned(o) => Self::from(o),
        }
    }
}

impl From<Name> for String {
    fn from(n: Name) -> Self {
        n.into_string()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.0.as_str() == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        CompactString::deserialize(d).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_string() {
        let n = Name::from("qti-simple-choice");
        assert_eq!(n, "qti-simple-choice");
        assert_eq!("qti-simple-choice", n);
        assert_eq!(n, String::from("qti-simple-choice"));
        assert_eq!(n.len(), 17);
        assert_eq!(n.to_string(), "qti-simple-choice");
        assert_eq!(format!("{n:?}"), "\"qti-simple-choice\"");
        let long = Name::from("a-name-longer-than-twenty-four-bytes".to_owned());
        assert!(long.starts_with("a-name"));
        let mut m = Name::new("a");
        m.push_str("b");
        assert_eq!(m.as_str(), "ab");
        let json = serde_json::to_string(&long).expect("ser");
        assert_eq!(serde_json::from_str::<Name>(&json).expect("de"), long);
        assert_eq!(String::from(m), "ab");
    }
}
