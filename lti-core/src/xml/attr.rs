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

/// `value` without leading and trailing XML whitespace (space, tab, carriage return, line feed:
/// the characters the XSD `whiteSpace` facet removes; other Unicode spaces are kept, as the
/// schema keeps them).
#[inline]
pub fn trim_xml(value: &str) -> &str {
    let b = value.as_bytes();
    let is_ws = |c: &u8| super::reader::is_space(*c);
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if !is_ws(f) && !is_ws(l) => value,
        _ => {
            let start = b.iter().position(|c| !is_ws(c)).unwrap_or(b.len());
            let end = b.iter().rposition(|c| !is_ws(c)).map_or(start, |e| e + 1);
            // Both ends are next to ASCII bytes, so they are character boundaries.
            value.get(start..end).unwrap_or_default()
        }
    }
}

/// Parses `xs:boolean`: `true`, `false`, `1`, `0`.
pub fn parse_bool(value: &str) -> Option<bool> {
    match trim_xml(value) {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Parses `xs:integer` lexical form (optional sign, digits) into `i64`.
pub fn parse_integer(value: &str) -> Option<i64> {
    let v = trim_xml(value);
    let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// Parses `xs:double` lexical form: decimal or exponent notation, `INF`, `-INF`, `+INF`, `NaN`.
///
/// A plain decimal of at most 15 significant digits (what QTI and most data carry: `0.5`,
/// `120.5`, `-3`) is computed here as its digits divided by a power of ten: both are exact
/// doubles, so the division rounds correctly and the result is the one `str::parse` gives
/// (the fast path of correct decimal conversion), without running the general algorithm.
pub fn parse_double(value: &str) -> Option<f64> {
    let v = trim_xml(value);
    match v {
        "INF" | "+INF" => return Some(f64::INFINITY),
        "-INF" => return Some(f64::NEG_INFINITY),
        "NaN" => return Some(f64::NAN),
        _ => {}
    }
    let b = v.as_bytes();
    let negative = b.first() == Some(&b'-');
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    // The digits as one integer while it stays below 10^15 (so within 2^53).
    let mut mantissa: u64 = 0;
    let mut exact = true;
    let mut take = |d: u8| {
        if exact {
            mantissa = mantissa * 10 + u64::from(d - b'0');
            exact = mantissa < 1_000_000_000_000_000;
        }
    };
    let int_start = i;
    while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
        take(d);
        i += 1;
    }
    let mut digits = i - int_start;
    let mut fraction = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let f = i;
        while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            take(d);
            i += 1;
        }
        fraction = i - f;
        digits += fraction;
    }
    if digits == 0 {
        return None;
    }
    if i == b.len() && exact && fraction <= 15 {
        let m = mantissa as f64 / POWERS_OF_TEN[fraction];
        return Some(if negative { -m } else { m });
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

/// 10^0 … 10^15, all exact doubles.
const POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

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
            Some(v) => T::from_xml_value(trim_xml(v))
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

    proptest::proptest! {
        /// Decimals (short ones computed by the fast path, long ones and exponents by the
        /// general algorithm) give exactly what `str::parse` gives, to the bit and the sign.
        #[test]
        fn decimals_parse_like_the_standard_library(
            sign in proptest::sample::select(vec!["", "+", "-"]),
            int in "[0-9]{0,20}",
            frac in proptest::option::of("[0-9]{0,20}"),
            exp in proptest::option::of(-330i32..330),
        ) {
            let mut text = format!("{sign}{int}");
            if let Some(f) = &frac {
                text.push('.');
                text.push_str(f);
            }
            if let Some(e) = exp {
                text.push_str(&format!("e{e}"));
            }
            let digits = int.len() + frac.as_ref().map_or(0, String::len);
            let ours = parse_double(&text);
            if digits == 0 {
                proptest::prop_assert_eq!(ours, None, "{}", text);
            } else {
                let std: f64 = text.parse().expect("a decimal the standard library reads");
                proptest::prop_assert_eq!(ours.map(f64::to_bits), Some(std.to_bits()), "{}", text);
            }
        }
    }

    #[test]
    fn short_decimals_are_exact_to_the_bit() {
        for text in [
            "0.1",
            "0.5",
            "120.5",
            "-0",
            "-0.0",
            "+0.3",
            "999999999999999",
            "0.000000000000001",
            "123456789012345",
            "12345678901234.5",
            "1234567890123456",
            "0.30000000000000004",
        ] {
            let std: f64 = text.parse().unwrap_or(f64::NAN);
            assert_eq!(
                parse_double(text).map(f64::to_bits),
                Some(std.to_bits()),
                "{text}"
            );
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
