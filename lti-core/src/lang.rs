//! BCP 47 language tags (RFC 5646), as used by `xml:lang`, LOM metadata, LTI `locale` and
//! OneRoster.
//!
//! [`LanguageTag::parse`] checks well-formedness (RFC 5646 §2.1 syntax, including private-use and
//! grandfathered tags); it does not check subtags against the IANA registry. Tags compare
//! case-insensitively (RFC 5646 §2.1.1) but keep their original spelling for output.
//! [`LanguageTag::parse_lenient`] also accepts the common `en_US` spelling with a warning.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::id::IdError;
use crate::problem::Problem;

const KIND: &str = "language tag";

/// The grandfathered tags of RFC 5646 §2.2.8 (irregular and regular), lowercase.
const GRANDFATHERED: &[&str] = &[
    "en-gb-oed",
    "i-ami",
    "i-bnn",
    "i-default",
    "i-enochian",
    "i-hak",
    "i-klingon",
    "i-lux",
    "i-mingo",
    "i-navajo",
    "i-pwn",
    "i-tao",
    "i-tay",
    "i-tsu",
    "sgn-be-fr",
    "sgn-be-nl",
    "sgn-ch-de",
    "art-lojban",
    "cel-gaulish",
    "no-bok",
    "no-nyn",
    "zh-guoyu",
    "zh-hakka",
    "zh-min",
    "zh-min-nan",
    "zh-xiang",
];

/// A well-formed BCP 47 language tag, kept as written.
#[derive(Debug, Clone)]
pub struct LanguageTag(String);

impl LanguageTag {
    /// Parses a tag strictly (RFC 5646 well-formedness).
    pub fn parse(value: &str) -> Result<Self, IdError> {
        check_language_tag(value)?;
        Ok(Self(value.to_owned()))
    }

    /// Parses a tag, accepting `_` as subtag separator (`en_US`) with a warning
    /// (`lang.underscore`). The original spelling is kept.
    pub fn parse_lenient(value: &str) -> Result<(Self, Option<Problem>), IdError> {
        if check_language_tag(value).is_ok() {
            return Ok((Self(value.to_owned()), None));
        }
        if value.contains('_') {
            let fixed = value.replace('_', "-");
            if check_language_tag(&fixed).is_ok() {
                let w = Problem::warning(
                    "lang.underscore",
                    format!(
                        "language tag {value:?} uses '_' instead of '-' (BCP 47 spells it {fixed:?})"
                    ),
                );
                return Ok((Self(value.to_owned()), Some(w)));
            }
        }
        check_language_tag(value).map(|()| (Self(value.to_owned()), None))
    }

    /// The tag as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag (`en` for `en-GB`), as written.
    pub fn primary_language(&self) -> &str {
        self.0.split(['-', '_']).next().unwrap_or("")
    }
}

impl PartialEq for LanguageTag {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .bytes()
                .zip(other.0.bytes())
                .all(|(a, b)| norm(a) == norm(b))
    }
}

/// Case-folds ASCII and treats `_` like `-`, so leniently read tags compare equal.
fn norm(b: u8) -> u8 {
    if b == b'_' {
        b'-'
    } else {
        b.to_ascii_lowercase()
    }
}

impl Eq for LanguageTag {}

impl Hash for LanguageTag {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.0.bytes() {
            state.write_u8(norm(b));
        }
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for LanguageTag {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for LanguageTag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for LanguageTag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse_lenient(&s)
            .map(|(t, _)| t)
            .map_err(serde::de::Error::custom)
    }
}

fn syntax(value: &str, reason: &'static str) -> IdError {
    IdError::Syntax {
        kind: KIND,
        value: value.to_owned(),
        reason,
    }
}

fn alpha(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphabetic())
}
fn digit(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}
fn alnum(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Checks RFC 5646 well-formedness.
pub fn check_language_tag(value: &str) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::Empty { kind: KIND });
    }
    if let Some((i, ch)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(IdError::InvalidChar {
            kind: KIND,
            value: value.to_owned(),
            ch,
            index: i,
        });
    }
    let lower = value.to_ascii_lowercase();
    if GRANDFATHERED.contains(&lower.as_str()) {
        return Ok(());
    }
    let subtags: Vec<&str> = value.split('-').collect();
    if subtags.iter().any(|s| s.is_empty()) {
        return Err(syntax(value, "empty subtag"));
    }
    if subtags.iter().any(|s| s.len() > 8) {
        return Err(syntax(value, "a subtag is longer than 8 characters"));
    }
    let mut i = 0;
    let first = subtags[0];
    if first.eq_ignore_ascii_case("x") {
        return check_private_use(value, &subtags[1..]);
    }
    // language
    if !alpha(first) || first.len() < 2 {
        return Err(syntax(
            value,
            "the primary language subtag must be 2 to 8 letters",
        ));
    }
    i += 1;
    if (2..=3).contains(&first.len()) {
        // up to three extlang subtags
        let mut ext = 0;
        while ext < 3 && subtags.get(i).is_some_and(|s| s.len() == 3 && alpha(s)) {
            i += 1;
            ext += 1;
        }
    }
    // script
    if subtags.get(i).is_some_and(|s| s.len() == 4 && alpha(s)) {
        i += 1;
    }
    // region
    if subtags
        .get(i)
        .is_some_and(|s| (s.len() == 2 && alpha(s)) || (s.len() == 3 && digit(s)))
    {
        i += 1;
    }
    // variants
    let mut variants: Vec<String> = Vec::new();
    while let Some(s) = subtags.get(i) {
        let is_variant = ((5..=8).contains(&s.len()) && alnum(s))
            || (s.len() == 4 && s.as_bytes()[0].is_ascii_digit() && alnum(s));
        if !is_variant {
            break;
        }
        let l = s.to_ascii_lowercase();
        if variants.contains(&l) {
            return Err(syntax(value, "a variant subtag is repeated"));
        }
        variants.push(l);
        i += 1;
    }
    // extensions
    let mut singletons: Vec<u8> = Vec::new();
    while let Some(s) = subtags.get(i) {
        if s.len() != 1 || s.eq_ignore_ascii_case("x") {
            break;
        }
        let c = s.as_bytes()[0].to_ascii_lowercase();
        if singletons.contains(&c) {
            return Err(syntax(value, "an extension singleton is repeated"));
        }
        singletons.push(c);
        i += 1;
        let start = i;
        while subtags
            .get(i)
            .is_some_and(|s| (2..=8).contains(&s.len()) && alnum(s))
        {
            i += 1;
        }
        if i == start {
            return Err(syntax(
                value,
                "an extension singleton must be followed by a subtag of 2 to 8 characters",
            ));
        }
    }
    if let Some(s) = subtags.get(i) {
        if s.eq_ignore_ascii_case("x") {
            return check_private_use(value, &subtags[i + 1..]);
        }
        return Err(syntax(value, "unexpected subtag"));
    }
    Ok(())
}

fn check_private_use(value: &str, rest: &[&str]) -> Result<(), IdError> {
    if rest.is_empty() {
        return Err(syntax(
            value,
            "'x' must be followed by at least one private-use subtag",
        ));
    }
    if rest.iter().all(|s| (1..=8).contains(&s.len()) && alnum(s)) {
        Ok(())
    } else {
        Err(syntax(
            value,
            "private-use subtags are 1 to 8 letters or digits",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn well_formed() {
        for t in [
            "en",
            "en-GB",
            "en-US",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "es-419",
            "de-CH-1901",
            "sl-rozaj-biske",
            "x-whatever",
            "qaa-Qaaa-QM-x-southern",
            "en-a-bbb-x-a-ccc",
            "i-klingon",
            "zh-min-nan",
            "zh-yue",
            "nl-NL",
            "fr",
        ] {
            assert!(LanguageTag::parse(t).is_ok(), "{t}");
        }
    }

    #[test]
    fn ill_formed() {
        for t in [
            "",
            "e",
            "en-",
            "-en",
            "en--GB",
            "toolongsubtag",
            "de-419-DE",
            "a-DE",
            "ar-a-aaa-b-bbb-a-ccc",
            "en-x",
            "de-1901-1901",
            "en-a",
            "en_GB",
            "en GB",
        ] {
            assert!(LanguageTag::parse(t).is_err(), "{t}");
        }
    }

    #[test]
    fn lenient_underscore() {
        let (t, w) = LanguageTag::parse_lenient("en_US").expect("lenient");
        assert_eq!(t.as_str(), "en_US");
        assert_eq!(w.expect("warning").code, "lang.underscore");
        assert_eq!(t, LanguageTag::parse("en-us").expect("ok"));
        assert!(LanguageTag::parse_lenient("e_").is_err());
        assert_eq!(t.primary_language(), "en");
    }

    #[test]
    fn case_insensitive_equality() {
        let a = LanguageTag::parse("EN-gb").expect("ok");
        let b = LanguageTag::parse("en-GB").expect("ok");
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "EN-gb");
        let mut set = std::collections::HashSet::new();
        set.insert(a);
        assert!(set.contains(&b));
    }

    proptest! {
        #[test]
        fn roundtrip(lang in "[a-z]{2,3}", region in proptest::option::of("[A-Z]{2}")) {
            let tag = match region { Some(r) => format!("{lang}-{r}"), None => lang };
            let t = LanguageTag::parse(&tag).expect("generated tag");
            let json = serde_json::to_string(&t).expect("ser");
            let back: LanguageTag = serde_json::from_str(&json).expect("de");
            prop_assert_eq!(back.as_str(), tag.as_str());
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = LanguageTag::parse(&s);
            let _ = LanguageTag::parse_lenient(&s);
        }
    }
}
