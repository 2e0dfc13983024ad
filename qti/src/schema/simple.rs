//! XSD simple types as compiled into the tables, and checking values against them.

use lti_core::id::{is_ncname_char, is_ncname_start_char};
use lti_core::xml::attr::{parse_double, parse_integer};
use serde_json::Value as Json;

/// A built-in XSD type used by the QTI schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    String,
    NormalizedString,
    Token,
    Boolean,
    Integer,
    Int,
    NonNegativeInteger,
    PositiveInteger,
    Decimal,
    Double,
    Float,
    AnyUri,
    NcName,
    Name,
    Id,
    IdRef,
    IdRefs,
    Language,
    DateTime,
    Date,
    NmToken,
    NmTokens,
    Any,
}

/// A pattern facet the QTI schemas use (XSD regular expressions, implemented by hand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// `[0-9]+%?`
    Length,
    /// `[0-9]{4}-[0-9]{2}-[0-9]{2}`
    Date,
    /// `[0-9]{4}.*`
    YearPrefix,
    /// `[\i-[:]][\c-[:]]*` (an NCName)
    NcName,
    /// `\{[\i-[:]][\c-[:]]*\}` (a variable reference)
    VariableRef,
    /// A MIME type: `type/subtype` from printable ASCII without the RFC 2045 tspecials.
    MimeType,
    /// The shape coordinate list of QTI 2.2 / 3.0 (3, 4, or an even number ≥ 6 of lengths).
    Coords,
    /// `(ext:)[a-zA-Z0-9_\.\-]+`
    Extension,
    /// A pattern this crate does not implement: accepted.
    Unknown(String),
}

impl Pattern {
    fn from_source(p: &str) -> Self {
        match p {
            "[0-9]+%?" => Self::Length,
            "[0-9]{4}-[0-9]{2}-[0-9]{2}" => Self::Date,
            "[0-9]{4}.*" => Self::YearPrefix,
            r"[\i-[:]][\c-[:]]*" => Self::NcName,
            r"\{[\i-[:]][\c-[:]]*\}" => Self::VariableRef,
            r#"[\p{IsBasicLatin}-[()<>@,;:\\"/\[\]?=]]+/[\p{IsBasicLatin}-[()<>@,;:\\"/\[\]?=]]+"# => {
                Self::MimeType
            }
            "(([0-9]+%?[,]){2}([0-9]+%?))|(([0-9]+%?[,]){3}([0-9]+%?))|(([0-9]+%?[,]){2}(([0-9]+%?[,]){2})+([0-9]+%?[,])([0-9]+%?))" => {
                Self::Coords
            }
            r"(ext:)[a-zA-Z0-9_\.\-]+" => Self::Extension,
            other => Self::Unknown(other.to_owned()),
        }
    }

    fn matches(&self, v: &str) -> bool {
        match self {
            Self::Length => is_length(v),
            Self::Date => {
                let b = v.as_bytes();
                b.len() == 10
                    && b.iter().enumerate().all(|(i, c)| {
                        if i == 4 || i == 7 {
                            *c == b'-'
                        } else {
                            c.is_ascii_digit()
                        }
                    })
            }
            Self::YearPrefix => v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit),
            Self::NcName => is_ncname(v),
            Self::VariableRef => v
                .strip_prefix('{')
                .and_then(|r| r.strip_suffix('}'))
                .is_some_and(is_ncname),
            Self::MimeType => match v.split_once('/') {
                Some((a, b)) => is_mime_token(a) && is_mime_token(b),
                None => false,
            },
            Self::Coords => {
                let parts: Vec<&str> = v.split(',').collect();
                let n = parts.len();
                parts.iter().all(|p| is_length(p))
                    && (n == 3 || n == 4 || (n >= 6 && n.is_multiple_of(2)))
            }
            Self::Extension => v.strip_prefix("ext:").is_some_and(|r| {
                !r.is_empty()
                    && r.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
            }),
            Self::Unknown(_) => true,
        }
    }

    fn describe(&self) -> &str {
        match self {
            Self::Length => "a length (digits, optionally followed by %)",
            Self::Date => "a date (YYYY-MM-DD)",
            Self::YearPrefix => "a date-time",
            Self::NcName => "an identifier (an XML NCName)",
            Self::VariableRef => "a variable reference ({identifier})",
            Self::MimeType => "a MIME type (type/subtype)",
            Self::Coords => {
                "a coordinate list (3, 4 or an even number of lengths, comma-separated)"
            }
            Self::Extension => "an extension name (ext:name)",
            Self::Unknown(p) => p,
        }
    }
}

fn is_length(v: &str) -> bool {
    let d = v.strip_suffix('%').unwrap_or(v);
    !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
}

fn is_mime_token(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii()
                && !matches!(
                    c,
                    '(' | ')'
                        | '<'
                        | '>'
                        | '@'
                        | ','
                        | ';'
                        | ':'
                        | '\\'
                        | '"'
                        | '/'
                        | '['
                        | ']'
                        | '?'
                        | '='
                )
        })
}

/// Whether `v` is an XML NCName.
pub(crate) fn is_ncname(v: &str) -> bool {
    // ASCII names (nearly all identifiers) without decoding characters.
    if let [first, rest @ ..] = v.as_bytes()
        && v.is_ascii()
    {
        return (first.is_ascii_alphabetic() || *first == b'_')
            && rest
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    }
    let mut chars = v.chars();
    chars.next().is_some_and(is_ncname_start_char) && chars.all(is_ncname_char)
}

fn is_name(v: &str) -> bool {
    let mut chars = v.chars();
    chars
        .next()
        .is_some_and(|c| c == ':' || is_ncname_start_char(c))
        && chars.all(|c| c == ':' || is_ncname_char(c))
}

/// A compiled simple type.
#[derive(Debug, Clone)]
pub(crate) enum SimpleType {
    Builtin(Builtin),
    Restrict {
        base: u32,
        enums: Option<Vec<Box<str>>>,
        patterns: Vec<Pattern>,
        min_inclusive: Option<f64>,
        max_length: Option<usize>,
    },
    List(u32),
    Union(Vec<u32>),
}

impl SimpleType {
    pub(crate) fn from_json(v: &Json) -> Self {
        let s = |k: &str| v[k].as_str().unwrap_or_default();
        let u = |k: &str| {
            v[k].as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0)
        };
        match s("k") {
            "builtin" => Self::Builtin(match s("n") {
                "string" => Builtin::String,
                "normalizedString" => Builtin::NormalizedString,
                "token" => Builtin::Token,
                "boolean" => Builtin::Boolean,
                "integer" | "long" | "short" => Builtin::Integer,
                "int" => Builtin::Int,
                "nonNegativeInteger" | "unsignedInt" => Builtin::NonNegativeInteger,
                "positiveInteger" => Builtin::PositiveInteger,
                "decimal" => Builtin::Decimal,
                "double" => Builtin::Double,
                "float" => Builtin::Float,
                "anyURI" => Builtin::AnyUri,
                "NCName" => Builtin::NcName,
                "Name" => Builtin::Name,
                "ID" => Builtin::Id,
                "IDREF" => Builtin::IdRef,
                "IDREFS" => Builtin::IdRefs,
                "language" => Builtin::Language,
                "dateTime" => Builtin::DateTime,
                "date" => Builtin::Date,
                "NMTOKEN" => Builtin::NmToken,
                "NMTOKENS" => Builtin::NmTokens,
                _ => Builtin::Any,
            }),
            "restrict" => Self::Restrict {
                base: u("base"),
                enums: v["enum"].as_array().map(|a| {
                    a.iter()
                        .map(|e| e.as_str().unwrap_or_default().into())
                        .collect()
                }),
                patterns: v["pattern"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|p| Pattern::from_source(p.as_str().unwrap_or_default()))
                            .collect()
                    })
                    .unwrap_or_default(),
                min_inclusive: v["minInclusive"].as_str().and_then(parse_double),
                max_length: v["maxLength"].as_str().and_then(|m| m.parse().ok()),
            },
            "list" => Self::List(u("item")),
            "union" => Self::Union(
                v["members"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|m| m.as_u64().and_then(|n| u32::try_from(n).ok()))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            _ => Self::Builtin(Builtin::Any),
        }
    }
}

/// Whitespace handling of a type: `true` when the value is collapsed before checking.
fn collapses(types: &[SimpleType], st: u32, depth: usize) -> bool {
    if depth > 32 {
        return true;
    }
    match types.get(st as usize) {
        Some(SimpleType::Builtin(Builtin::String | Builtin::NormalizedString | Builtin::Any)) => {
            false
        }
        Some(SimpleType::Restrict { base, .. }) => collapses(types, *base, depth + 1),
        _ => true,
    }
}

fn collapse(v: &str) -> std::borrow::Cow<'_, str> {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let bytes = v.as_bytes();
    let start = bytes.iter().position(|b| !ws(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !ws(b)).map_or(start, |e| e + 1);
    // The four whitespace characters are ASCII, so these are character boundaries.
    let trimmed = v.get(start..end).unwrap_or_default();
    // Already collapsed: no tab or line end, no two spaces in a row.
    let mut prev_space = false;
    if trimmed.bytes().all(|b| {
        let ok = !(matches!(b, b'\t' | b'\n' | b'\r') || (prev_space && b == b' '));
        prev_space = b == b' ';
        ok
    }) {
        return std::borrow::Cow::Borrowed(trimmed);
    }
    std::borrow::Cow::Owned(
        trimmed
            .split([' ', '\t', '\n', '\r'])
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn builtin_ok(b: Builtin, v: &str) -> bool {
    match b {
        Builtin::String
        | Builtin::NormalizedString
        | Builtin::Token
        | Builtin::AnyUri
        | Builtin::Any => true,
        Builtin::Boolean => matches!(v, "true" | "false" | "1" | "0"),
        Builtin::Integer => parse_integer(v).is_some() || is_big_integer(v),
        Builtin::Int => parse_integer(v).is_some_and(|n| i32::try_from(n).is_ok()),
        Builtin::NonNegativeInteger => {
            is_big_integer(v)
                && v.strip_prefix('-')
                    .is_none_or(|digits| digits.bytes().all(|b| b == b'0'))
        }
        Builtin::PositiveInteger => parse_integer(v).is_some_and(|n| n > 0),
        Builtin::Decimal => is_decimal(v),
        Builtin::Double | Builtin::Float => parse_double(v).is_some(),
        Builtin::NcName | Builtin::Id | Builtin::IdRef => is_ncname(v),
        Builtin::IdRefs => !v.is_empty() && v.split(' ').all(is_ncname),
        Builtin::Name => is_name(v),
        Builtin::Language => is_language(v),
        Builtin::DateTime => is_xsd_datetime(v),
        Builtin::Date => is_xsd_date(v),
        Builtin::NmToken => !v.is_empty() && v.chars().all(|c| c == ':' || is_ncname_char(c)),
        Builtin::NmTokens => {
            !v.is_empty()
                && v.split(' ')
                    .all(|t| !t.is_empty() && t.chars().all(|c| c == ':' || is_ncname_char(c)))
        }
    }
}

fn is_big_integer(v: &str) -> bool {
    let d = v.strip_prefix(['+', '-']).unwrap_or(v);
    !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(v: &str) -> bool {
    let d = v.strip_prefix(['+', '-']).unwrap_or(v);
    let (a, b) = d.split_once('.').unwrap_or((d, ""));
    (!a.is_empty() || !b.is_empty())
        && a.bytes().all(|c| c.is_ascii_digit())
        && b.bytes().all(|c| c.is_ascii_digit())
}

fn is_language(v: &str) -> bool {
    let mut parts = v.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_xsd_date(v: &str) -> bool {
    // [-]YYYY-MM-DD[timezone]
    let v = v.strip_prefix('-').unwrap_or(v);
    let b = v.as_bytes();
    if b.len() < 10 {
        return false;
    }
    let date_ok = b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    date_ok && is_timezone(&v[10..])
}

fn is_timezone(tz: &str) -> bool {
    if tz.is_empty() || tz == "Z" {
        return true;
    }
    let b = tz.as_bytes();
    b.len() == 6
        && matches!(b[0], b'+' | b'-')
        && b[1..3].iter().all(u8::is_ascii_digit)
        && b[3] == b':'
        && b[4..6].iter().all(u8::is_ascii_digit)
}

fn is_xsd_datetime(v: &str) -> bool {
    let Some((date, time)) = v.split_once('T') else {
        return false;
    };
    if !is_xsd_date(date) || date.len() > 11 {
        return false;
    }
    let b = time.as_bytes();
    if b.len() < 8 {
        return false;
    }
    let hms = b[..2].iter().all(u8::is_ascii_digit)
        && b[2] == b':'
        && b[3..5].iter().all(u8::is_ascii_digit)
        && b[5] == b':'
        && b[6..8].iter().all(u8::is_ascii_digit);
    if !hms {
        return false;
    }
    let mut rest = &time[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    is_timezone(rest)
}

/// Whether `value` is valid for simple type `st`.
pub(crate) fn check(types: &[SimpleType], st: u32, value: &str, depth: usize) -> bool {
    if depth > 32 {
        return true;
    }
    let v = if collapses(types, st, 0) {
        collapse(value)
    } else {
        std::borrow::Cow::Borrowed(value)
    };
    match types.get(st as usize) {
        None => true,
        Some(SimpleType::Builtin(b)) => builtin_ok(*b, &v),
        Some(SimpleType::Restrict {
            base,
            enums,
            patterns,
            min_inclusive,
            max_length,
        }) => {
            if !check(types, *base, &v, depth + 1) {
                return false;
            }
            if let Some(e) = enums
                && !e.iter().any(|x| **x == *v)
            {
                return false;
            }
            if !patterns.is_empty() && !patterns.iter().any(|p| p.matches(&v)) {
                return false;
            }
            if let Some(min) = min_inclusive
                && parse_double(&v).is_some_and(|n| n < *min)
            {
                return false;
            }
            if let Some(max) = max_length
                && v.chars().count() > *max
            {
                return false;
            }
            true
        }
        Some(SimpleType::List(item)) => v
            .split(' ')
            .filter(|s| !s.is_empty())
            .all(|s| check(types, *item, s, depth + 1)),
        Some(SimpleType::Union(members)) => {
            members.is_empty() || members.iter().any(|m| check(types, *m, &v, depth + 1))
        }
    }
}

/// Whether the type is (derived from) `xs:ID`.
pub(crate) fn is_id(types: &[SimpleType], st: u32) -> bool {
    let mut cur = st;
    for _ in 0..32 {
        match types.get(cur as usize) {
            Some(SimpleType::Builtin(Builtin::Id)) => return true,
            Some(SimpleType::Restrict { base, .. }) => cur = *base,
            _ => return false,
        }
    }
    false
}

/// A description of what the type accepts, for messages.
pub(crate) fn describe(types: &[SimpleType], st: u32) -> String {
    describe_at(types, st, 0)
}

fn describe_at(types: &[SimpleType], st: u32, depth: usize) -> String {
    if depth > 8 {
        return "a valid value".to_owned();
    }
    match types.get(st as usize) {
        Some(SimpleType::Builtin(b)) => match b {
            Builtin::Boolean => "true or false".to_owned(),
            Builtin::Integer | Builtin::Int => "an integer".to_owned(),
            Builtin::NonNegativeInteger => "a non-negative integer".to_owned(),
            Builtin::PositiveInteger => "a positive integer".to_owned(),
            Builtin::Decimal => "a decimal number".to_owned(),
            Builtin::Double | Builtin::Float => "a number".to_owned(),
            Builtin::NcName | Builtin::Id | Builtin::IdRef => {
                "an XML name without colon (NCName)".to_owned()
            }
            Builtin::IdRefs => "a list of XML names".to_owned(),
            Builtin::Name => "an XML name".to_owned(),
            Builtin::Language => "a language tag".to_owned(),
            Builtin::DateTime => "an XML Schema date-time".to_owned(),
            Builtin::Date => "an XML Schema date".to_owned(),
            Builtin::NmToken | Builtin::NmTokens => "a name token".to_owned(),
            _ => "a string".to_owned(),
        },
        Some(SimpleType::Restrict {
            base,
            enums,
            patterns,
            min_inclusive,
            ..
        }) => {
            if let Some(e) = enums {
                let list: Vec<&str> = e.iter().map(|x| &**x).collect();
                return format!("one of: {}", list.join(", "));
            }
            if let Some(p) = patterns.first() {
                return p.describe().to_owned();
            }
            let b = describe_at(types, *base, depth + 1);
            match min_inclusive {
                Some(m) => format!("{b} ≥ {m}"),
                None => b,
            }
        }
        Some(SimpleType::List(item)) => {
            format!(
                "a space-separated list of {}",
                describe_at(types, *item, depth + 1)
            )
        }
        Some(SimpleType::Union(m)) => {
            let parts: Vec<String> = m
                .iter()
                .map(|x| describe_at(types, *x, depth + 1))
                .collect();
            parts.join(" or ")
        }
        None => "a valid value".to_owned(),
    }
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;

    fn is_ncname_by_chars(v: &str) -> bool {
        let mut chars = v.chars();
        chars.next().is_some_and(is_ncname_start_char) && chars.all(is_ncname_char)
    }

    fn collapse_by_splitting(v: &str) -> String {
        v.split([' ', '\t', '\n', '\r'])
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn ascii_shortcuts_agree_with_the_general_rules() {
        // Every string of up to three characters over an alphabet with each class of interest.
        let alphabet = [
            "a", "Z", "_", "-", ".", "0", "9", ":", " ", "\t", "\n", "\r", "é", "\u{B7}", "~",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            let mut next = Vec::new();
            for t in &texts {
                for c in alphabet {
                    next.push(format!("{t}{c}"));
                }
            }
            texts.extend(next);
        }
        for t in &texts {
            assert_eq!(is_ncname(t), is_ncname_by_chars(t), "{t:?}");
            assert_eq!(collapse(t), collapse_by_splitting(t), "{t:?}");
        }
    }
}
