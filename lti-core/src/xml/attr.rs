//! Typed attribute reading with errors that say which element, attribute and value, and where.
//!
//! Values are read with the XML Schema `whiteSpace="collapse"` rule for typed values (leading
//! and trailing whitespace ignored) and the XML Schema lexical forms: `xs:boolean` is `true`,
//! `false`, `1` or `0`; `xs:double` also accepts `INF`, `-INF` and `NaN`.

use crate::location::Location;
use crate::problem::Problem;

use super::tree::Element;

/// A type that can be read from an attribute value.
pub trait FromXmlValue: Sized {
    /// What the value should look like, for error messages (`an integer`, `true or false`).
    const EXPECTED: &'static str;
    /// Parses the (already whitespace-trimmed) value.
    fn from_xml_value(value: &str) -> Option<Self>;
}

impl FromXmlValue for String {
    const EXPECTED: &'static str = "a string";
    fn from_xml_value(value: &str) -> Option<Self> {
        Some(value.to_owned())
    }
}

impl FromXmlValue for bool {
    const EXPECTED: &'static str = "true, false, 1 or 0 (xs:boolean)";
    fn from_xml_value(value: &str) -> Option<Self> {
        parse_bool(value)
    }
}

macro_rules! int_impl {
    ($($t:ty),*) => {$(
        impl FromXmlValue for $t {
            const EXPECTED: &'static str = "an integer";
            fn from_xml_value(value: &str) -> Option<Self> {
                parse_integer(value).and_then(|v| <$t>::try_from(v).ok())
            }
        }
    )*};
}
int_impl!(i8, i16, i32, i64, u8, u16, u32, u64, usize);

impl FromXmlValue for f64 {
    const EXPECTED: &'static str = "a number (xs:double)";
    fn from_xml_value(value: &str) -> Option<Self> {
        parse_double(value)
    }
}

impl FromXmlValue for f32 {
    const EXPECTED: &'static str = "a number (xs:float)";
    fn from_xml_value(value: &str) -> Option<Self> {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "xs:float is single precision"
        )]
        parse_double(value).map(|v| v as Self)
    }
}

/// Parses `xs:boolean`: `true`, `false`, `1`, `0`.
pub fn parse_bool(value: &str) -> Option<bool> {
    match value.trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Parses `xs:integer` lexical form (optional sign, digits) into `i64`.
pub fn parse_integer(value: &str) -> Option<i64> {
    let v = value.trim();
    let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// Parses `xs:double` lexical form: decimal or exponent notation, `INF`, `-INF`, `+INF`, `NaN`.
pub fn parse_double(value: &str) -> Option<f64> {
    let v = value.trim();
    match v {
        "INF" | "+INF" => return Some(f64::INFINITY),
        "-INF" => return Some(f64::NEG_INFINITY),
        "NaN" => return Some(f64::NAN),
        _ => {}
    }
    let b = v.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - f;
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    v.parse().ok()
}

/// A missing or invalid attribute.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AttrError {
    /// A required attribute is absent.
    #[error("<{element}> requires attribute `{attribute}`")]
    Missing {
        /// The element's local name.
        element: String,
        /// The attribute's name.
        attribute: String,
    },
    /// The value does not parse.
    #[error("attribute `{attribute}` of <{element}> must be {expected}, found {value:?}")]
    Invalid {
        /// The element's local name.
        element: String,
        /// The attribute's name.
        attribute: String,
        /// The value found.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
}

impl AttrError {
    /// The stable problem code (`xml.attribute.missing`, `xml.attribute.invalid`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing { .. } => "xml.attribute.missing",
            Self::Invalid { .. } => "xml.attribute.invalid",
        }
    }

    /// This error as an error problem at `location`.
    pub fn to_problem(&self, location: Location) -> Problem {
        Problem::error(self.code(), self.to_string()).at(location)
    }
}

impl Element {
    /// Parses the optional no-namespace attribute `local` as `T`.
    pub fn parse_attr<T: FromXmlValue>(&self, local: &str) -> Result<Option<T>, AttrError> {
        match self.attr(local) {
            None => Ok(None),
            Some(v) => T::from_xml_value(v.trim())
                .map(Some)
                .ok_or_else(|| AttrError::Invalid {
                    element: self.name.local.to_string(),
                    attribute: local.to_owned(),
                    value: v.to_owned(),
                    expected: T::EXPECTED,
                }),
        }
    }

    /// Parses the required no-namespace attribute `local` as `T`.
    pub fn required_attr<T: FromXmlValue>(&self, local: &str) -> Result<T, AttrError> {
        self.parse_attr(local)?.ok_or_else(|| AttrError::Missing {
            element: self.name.local.to_string(),
            attribute: local.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::{Limits, parse_element};

    #[test]
    fn lexical_forms() {
        assert_eq!(parse_bool(" true "), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("True"), None);
        assert_eq!(parse_integer("+5"), Some(5));
        assert_eq!(parse_integer("-0012"), Some(-12));
        assert_eq!(parse_integer("1.0"), None);
        assert_eq!(parse_integer("+"), None);
        assert_eq!(parse_integer("99999999999999999999"), None);
        assert_eq!(parse_double("1.5e3"), Some(1500.0));
        assert_eq!(parse_double(".5"), Some(0.5));
        assert_eq!(parse_double("5."), Some(5.0));
        assert_eq!(parse_double("-INF"), Some(f64::NEG_INFINITY));
        assert!(parse_double("NaN").is_some_and(f64::is_nan));
        for bad in [
            "inf", "nan", "1e", "e5", ".", "1.5.2", "0x10", "", "1,5", "infinity",
        ] {
            assert_eq!(parse_double(bad), None, "{bad}");
        }
    }

    #[test]
    fn typed_attributes() {
        let el = parse_element(
            br#"<a n="3" b="yes" f=" 2.5 " big="300"/>"#,
            &Limits::default(),
        )
        .expect("parses");
        assert_eq!(el.parse_attr::<i32>("n"), Ok(Some(3)));
        assert_eq!(el.parse_attr::<f64>("f"), Ok(Some(2.5)));
        assert_eq!(el.parse_attr::<i32>("missing"), Ok(None));
        let e = el.parse_attr::<bool>("b").unwrap_err();
        assert_eq!(e.code(), "xml.attribute.invalid");
        assert!(e.to_string().contains("\"yes\""));
        let e = el.parse_attr::<u8>("big").unwrap_err();
        assert!(matches!(
            e,
            AttrError::Invalid {
                expected: "an integer",
                ..
            }
        ));
        let e = el.required_attr::<String>("id").unwrap_err();
        assert_eq!(e.code(), "xml.attribute.missing");
        assert_eq!(
            e.to_problem(Location::Unknown).code,
            "xml.attribute.missing"
        );
        assert_eq!(el.required_attr::<u64>("n"), Ok(3));
    }
}
