//! Values (QTI "Base types" and "Cardinality", info model §4): identifiers, base types,
//! cardinalities, typed single values and containers, and the attribute value kinds that may name
//! a template variable instead of a literal.

use std::fmt;

use lti_core::time::IsoDuration;
use lti_core::xml::attr::{parse_double, parse_integer};
use serde::{Deserialize, Serialize};

lti_core::compact_string_newtype! {
    /// A QTI identifier (an XML NCName in a valid document): variable, choice, item, section…
    pub struct Identifier;
}

lti_core::compact_string_newtype! {
    /// A short text as written in the document (a `baseValue`'s content): kept inline, without
    /// an allocation, up to 24 bytes.
    pub struct Text;
}

/// A base type (`baseType` / `base-type`): the same eleven values in 2.0, 2.1, 2.2 and 3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum BaseType {
    /// `identifier`.
    Identifier,
    /// `boolean`.
    Boolean,
    /// `integer`.
    Integer,
    /// `float`.
    Float,
    /// `string`.
    String,
    /// `point`: two integers.
    Point,
    /// `pair`: two identifiers, unordered.
    Pair,
    /// `directedPair`: two identifiers, ordered.
    DirectedPair,
    /// `duration`: seconds.
    Duration,
    /// `file`.
    File,
    /// `uri`.
    Uri,
    /// `intOrIdentifier` (QTI 2.0 and 2.1 info model; not in the XSD enumerations).
    IntOrIdentifier,
}

impl BaseType {
    /// Every base type.
    pub const ALL: [Self; 12] = [
        Self::Identifier,
        Self::Boolean,
        Self::Integer,
        Self::Float,
        Self::String,
        Self::Point,
        Self::Pair,
        Self::DirectedPair,
        Self::Duration,
        Self::File,
        Self::Uri,
        Self::IntOrIdentifier,
    ];

    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Identifier => "identifier",
            Self::Boolean => "boolean",
            Self::Integer => "integer",
            Self::Float => "float",
            Self::String => "string",
            Self::Point => "point",
            Self::Pair => "pair",
            Self::DirectedPair => "directedPair",
            Self::Duration => "duration",
            Self::File => "file",
            Self::Uri => "uri",
            Self::IntOrIdentifier => "intOrIdentifier",
        }
    }

    /// Parses the XML value.
    pub fn parse(s: &str) -> Option<Self> {
        let t = lti_core::xml::attr::trim_xml(s);
        Self::ALL.into_iter().find(|b| b.as_str() == t)
    }

    /// Whether values are numbers (`integer` or `float`).
    pub const fn is_numeric(self) -> bool {
        matches!(self, Self::Integer | Self::Float)
    }
}

impl fmt::Display for BaseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A cardinality (`cardinality`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Cardinality {
    /// `single`.
    Single,
    /// `multiple`: an unordered bag.
    Multiple,
    /// `ordered`: a list.
    Ordered,
    /// `record`: named fields, each with its own base type.
    Record,
}

impl Cardinality {
    /// Every cardinality.
    pub const ALL: [Self; 4] = [Self::Single, Self::Multiple, Self::Ordered, Self::Record];

    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Multiple => "multiple",
            Self::Ordered => "ordered",
            Self::Record => "record",
        }
    }

    /// Parses the XML value.
    pub fn parse(s: &str) -> Option<Self> {
        let t = lti_core::xml::attr::trim_xml(s);
        Self::ALL.into_iter().find(|c| c.as_str() == t)
    }

    /// Whether this is a container (`multiple` or `ordered`).
    pub const fn is_container(self) -> bool {
        matches!(self, Self::Multiple | Self::Ordered)
    }
}

impl fmt::Display for Cardinality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A floating-point attribute value that remembers how it was written, so that output equals
/// input (`1.0` stays `1.0`, not `1`).
///
/// Equality, ordering and serde use the number only; [`Float::lexical`] is the written form when
/// it differs from the default formatting.
#[derive(Debug, Clone, Default)]
pub struct Float {
    value: f64,
    lexical: Option<Box<str>>,
}

impl Float {
    /// A float written in the default form.
    pub const fn new(value: f64) -> Self {
        Self {
            value,
            lexical: None,
        }
    }

    /// Parses an `xs:double`, keeping the written form.
    pub fn parse(text: &str) -> Option<Self> {
        let value = parse_double(text)?;
        let lexical = (!formats_as(value, text)).then(|| Box::from(text));
        Some(Self { value, lexical })
    }

    /// The number.
    pub const fn get(&self) -> f64 {
        self.value
    }

    /// The written form, when it is not the default formatting of the number.
    pub fn lexical(&self) -> Option<&str> {
        self.lexical.as_deref()
    }
}

impl PartialEq for Float {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value || (self.value.is_nan() && other.value.is_nan())
    }
}

impl From<f64> for Float {
    fn from(v: f64) -> Self {
        Self::new(v)
    }
}

impl fmt::Display for Float {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.lexical {
            Some(l) => f.write_str(l),
            None => f.write_str(&format_double(self.value)),
        }
    }
}

impl Serialize for Float {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.value)
    }
}

impl<'de> Deserialize<'de> for Float {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        f64::deserialize(d).map(Self::new)
    }
}

/// Whether [`format_double`] of `v` is exactly `text`, without allocating (this runs for
/// every float attribute read).
fn formats_as(v: f64, text: &str) -> bool {
    /// Compares what is written with `expected`, piece by piece.
    struct Cmp<'t> {
        rest: &'t [u8],
        same: bool,
    }
    impl fmt::Write for Cmp<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            match self.rest.strip_prefix(s.as_bytes()) {
                Some(r) if self.same => self.rest = r,
                _ => self.same = false,
            }
            Ok(())
        }
    }
    if !v.is_finite() {
        return format_double(v) == text;
    }
    match decimal_shape(text) {
        DecimalShape::Other => return false,
        DecimalShape::Short => return true,
        DecimalShape::Long => {}
    }
    let mut c = Cmp {
        rest: text.as_bytes(),
        same: true,
    };
    let _ = fmt::Write::write_fmt(&mut c, format_args!("{v}"));
    c.same && c.rest.is_empty()
}

/// What `{}` could print, judged from a text's shape: [`decimal_shape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DecimalShape {
    /// Not of the form `-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?`: `{}` never prints it for a finite
    /// double (it writes no exponent, sign `+`, leading zero, empty part or trailing fraction
    /// zero), so a text like `1.0`, `1e3` or `+1` is not the default formatting.
    Other,
    /// That form with at most 15 significant digits (and 17 characters), other than `-0`: it is
    /// what `{}` prints for the double it parses to — a decimal of at most 15 significant digits
    /// (DBL_DIG) round-trips through a double, and no other decimal of that many digits or fewer
    /// parses to the same double, so it is the shortest representation.
    Short,
    /// That form, but longer, or `-0`: only formatting tells.
    Long,
}

/// The shape of a decimal text, which spares formatting the number in the common cases (checked
/// against formatting in the tests).
fn decimal_shape(text: &str) -> DecimalShape {
    let b = text.as_bytes();
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    let (int, frac) = match digits.iter().position(|&c| c == b'.') {
        Some(i) => (&digits[..i], Some(&digits[i + 1..])),
        None => (digits, None),
    };
    let int_ok = int == b"0" || (int.first().is_some_and(|c| (b'1'..=b'9').contains(c)));
    if !int_ok || !int.iter().all(u8::is_ascii_digit) {
        return DecimalShape::Other;
    }
    let mut significant = if int == b"0" {
        0
    } else {
        // Trailing zeros of the integer part are printed back as they are.
        int.len() - int.iter().rev().take_while(|&&c| c == b'0').count()
    };
    if let Some(f) = frac {
        if f.last().is_none_or(|&c| c == b'0') || !f.iter().all(u8::is_ascii_digit) {
            return DecimalShape::Other;
        }
        significant = if int == b"0" {
            f.len() - f.iter().take_while(|&&c| c == b'0').count()
        } else {
            int.len() + f.len()
        };
    } else if int == b"0" && digits.len() != b.len() {
        // `-0` prints as `-0`, left to the general comparison.
        return DecimalShape::Long;
    }
    if significant <= 15 && b.len() <= 17 {
        DecimalShape::Short
    } else {
        DecimalShape::Long
    }
}

/// Formats a double in XML Schema lexical form (`INF`, `-INF`, `NaN`; integral values without a
/// fraction).
pub fn format_double(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { "INF" } else { "-INF" }.to_owned()
    } else {
        format!("{v}")
    }
}

/// A point (`x y`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Point {
    /// Horizontal coordinate.
    pub x: i64,
    /// Vertical coordinate.
    pub y: i64,
}

impl Point {
    /// A point.
    pub const fn new(x: i64, y: i64) -> Self {
        Self { x, y }
    }
}

/// A pair of identifiers (for `pair`, unordered; for `directedPair`, source then destination).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Pair {
    /// The first identifier (the source of a directed pair).
    pub first: Identifier,
    /// The second identifier (the destination of a directed pair).
    pub second: Identifier,
}

impl Pair {
    /// A pair.
    pub fn new(first: impl Into<Identifier>, second: impl Into<Identifier>) -> Self {
        Self {
            first: first.into(),
            second: second.into(),
        }
    }

    /// Equality as unordered pairs (`pair` semantics).
    pub fn eq_unordered(&self, other: &Self) -> bool {
        (self.first == other.first && self.second == other.second)
            || (self.first == other.second && self.second == other.first)
    }
}

/// A single value of some base type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "baseType", content = "value", rename_all = "camelCase")]
#[non_exhaustive]
pub enum SingleValue {
    /// `identifier`.
    Identifier(Identifier),
    /// `boolean`.
    Boolean(bool),
    /// `integer`.
    Integer(i64),
    /// `float`.
    Float(f64),
    /// `string`.
    String(String),
    /// `point`.
    Point(Point),
    /// `pair`.
    Pair(Pair),
    /// `directedPair`.
    DirectedPair(Pair),
    /// `duration`, in seconds.
    Duration(f64),
    /// `file`: the content or reference as written.
    File(String),
    /// `uri`.
    Uri(String),
    /// `intOrIdentifier`: an integer.
    IntOrIdentifierInt(i64),
    /// `intOrIdentifier`: an identifier.
    IntOrIdentifierId(Identifier),
}

/// Why a value's text does not fit its base type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a valid {base_type} value")]
#[non_exhaustive]
pub struct ValueError {
    /// The text.
    pub text: String,
    /// The base type it was read as.
    pub base_type: BaseType,
}

impl SingleValue {
    /// The base type.
    pub const fn base_type(&self) -> BaseType {
        match self {
            Self::Identifier(_) => BaseType::Identifier,
            Self::Boolean(_) => BaseType::Boolean,
            Self::Integer(_) => BaseType::Integer,
            Self::Float(_) => BaseType::Float,
            Self::String(_) => BaseType::String,
            Self::Point(_) => BaseType::Point,
            Self::Pair(_) => BaseType::Pair,
            Self::DirectedPair(_) => BaseType::DirectedPair,
            Self::Duration(_) => BaseType::Duration,
            Self::File(_) => BaseType::File,
            Self::Uri(_) => BaseType::Uri,
            Self::IntOrIdentifierInt(_) | Self::IntOrIdentifierId(_) => BaseType::IntOrIdentifier,
        }
    }

    /// Parses the text of a `<value>` or `<baseValue>` as `base_type`. Identifiers, pairs and
    /// numbers are whitespace-trimmed; strings are kept as written.
    ///
    /// Durations accept seconds as a number (the QTI 2.x form) or an ISO 8601 duration without
    /// years or months.
    pub fn parse(base_type: BaseType, text: &str) -> Result<Self, ValueError> {
        let err = || ValueError {
            text: text.to_owned(),
            base_type,
        };
        let t = lti_core::xml::attr::trim_xml(text);
        // Identifiers in values: any whitespace-free token (QTI 2.0 examples use `1`, `2`…);
        // validation warns when one is not an NCName.
        let ident = |s: &str| -> Option<Identifier> {
            (!s.is_empty() && !s.contains(char::is_whitespace)).then(|| Identifier::new(s))
        };
        match base_type {
            BaseType::Identifier => ident(t).map(Self::Identifier).ok_or_else(err),
            BaseType::Boolean => match t {
                "true" | "1" => Ok(Self::Boolean(true)),
                "false" | "0" => Ok(Self::Boolean(false)),
                _ => Err(err()),
            },
            BaseType::Integer => parse_integer(t).map(Self::Integer).ok_or_else(err),
            BaseType::Float => parse_double(t).map(Self::Float).ok_or_else(err),
            BaseType::String => Ok(Self::String(text.to_owned())),
            BaseType::Point => {
                let mut it = t.split_ascii_whitespace();
                match (it.next(), it.next(), it.next()) {
                    (Some(x), Some(y), None) => match (parse_integer(x), parse_integer(y)) {
                        (Some(x), Some(y)) => Ok(Self::Point(Point::new(x, y))),
                        _ => Err(err()),
                    },
                    _ => Err(err()),
                }
            }
            BaseType::Pair | BaseType::DirectedPair => {
                let mut it = t.split_ascii_whitespace();
                match (it.next(), it.next(), it.next()) {
                    (Some(a), Some(b), None) => match (ident(a), ident(b)) {
                        (Some(a), Some(b)) => {
                            let p = Pair {
                                first: a,
                                second: b,
                            };
                            Ok(if base_type == BaseType::Pair {
                                Self::Pair(p)
                            } else {
                                Self::DirectedPair(p)
                            })
                        }
                        _ => Err(err()),
                    },
                    _ => Err(err()),
                }
            }
            BaseType::Duration => parse_duration(t).map(Self::Duration).ok_or_else(err),
            BaseType::File => Ok(Self::File(text.to_owned())),
            BaseType::Uri => Ok(Self::Uri(t.to_owned())),
            BaseType::IntOrIdentifier => parse_integer(t)
                .map(Self::IntOrIdentifierInt)
                .or_else(|| ident(t).map(Self::IntOrIdentifierId))
                .ok_or_else(err),
        }
    }

    /// The value in QTI text form.
    pub fn to_text(&self) -> String {
        match self {
            Self::Identifier(i) | Self::IntOrIdentifierId(i) => i.to_string(),
            Self::Boolean(b) => b.to_string(),
            Self::Integer(i) | Self::IntOrIdentifierInt(i) => i.to_string(),
            Self::Float(f) | Self::Duration(f) => format_double(*f),
            Self::String(s) | Self::File(s) | Self::Uri(s) => s.clone(),
            Self::Point(p) => format!("{} {}", p.x, p.y),
            Self::Pair(p) | Self::DirectedPair(p) => format!("{} {}", p.first, p.second),
        }
    }
}

/// Parses a QTI duration: seconds (`12.5`) or an ISO 8601 duration (`PT12.5S`).
pub fn parse_duration(t: &str) -> Option<f64> {
    parse_double(t).or_else(|| IsoDuration::parse(t).ok().and_then(|d| d.total_seconds()))
}

/// A value of any cardinality, as an expression evaluates to or a variable holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "cardinality", content = "value", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Value {
    /// NULL (no value; an empty container is NULL too).
    #[default]
    Null,
    /// A single value.
    Single(SingleValue),
    /// An unordered container.
    Multiple(Vec<SingleValue>),
    /// An ordered container.
    Ordered(Vec<SingleValue>),
    /// A record: named fields (a field may be NULL).
    Record(Vec<(Identifier, Option<SingleValue>)>),
}

impl Value {
    /// Whether the value is NULL (an empty container or an empty string counts as NULL in QTI).
    pub fn is_null(&self) -> bool {
        match self {
            Self::Null => true,
            Self::Single(SingleValue::String(s)) => s.is_empty(),
            Self::Multiple(v) | Self::Ordered(v) => v.is_empty(),
            Self::Record(f) => f.is_empty(),
            Self::Single(_) => false,
        }
    }

    /// The cardinality, `None` for NULL.
    pub const fn cardinality(&self) -> Option<Cardinality> {
        match self {
            Self::Null => None,
            Self::Single(_) => Some(Cardinality::Single),
            Self::Multiple(_) => Some(Cardinality::Multiple),
            Self::Ordered(_) => Some(Cardinality::Ordered),
            Self::Record(_) => Some(Cardinality::Record),
        }
    }
}

/// An integer attribute that may instead name a variable (`IntegerOrVariableRef`: `3` or `n`;
/// the XSDs type it as a union of integer and identifier, and `{n}` is read too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum IntOrRef {
    /// A literal.
    Int(i64),
    /// A variable reference.
    Ref(Identifier),
}

impl IntOrRef {
    /// Parses `3`, `{n}` or `n`.
    pub fn parse(s: &str) -> Option<Self> {
        let t = lti_core::xml::attr::trim_xml(s);
        if let Some(i) = parse_integer(t) {
            return Some(Self::Int(i));
        }
        let name = t
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .unwrap_or(t);
        crate::schema::is_ncname(name).then(|| Self::Ref(Identifier::new(name)))
    }

    /// The XML text; `braces` writes a reference as `{n}`.
    pub fn to_text(&self, braces: bool) -> String {
        match self {
            Self::Int(i) => i.to_string(),
            Self::Ref(r) if braces => format!("{{{r}}}"),
            Self::Ref(r) => r.to_string(),
        }
    }
}

/// A float attribute that may instead name a variable (`FloatOrVariableRef`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum FloatOrRef {
    /// A literal.
    Float(Float),
    /// A variable reference (`{x}` in XML).
    Ref(Identifier),
}

impl FloatOrRef {
    /// Parses `1.5`, `{x}` or `x`.
    pub fn parse(s: &str) -> Option<Self> {
        let t = lti_core::xml::attr::trim_xml(s);
        if let Some(f) = Float::parse(t) {
            return Some(Self::Float(f));
        }
        let name = t
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .unwrap_or(t);
        crate::schema::is_ncname(name).then(|| Self::Ref(Identifier::new(name)))
    }

    /// The XML text (a reference as the bare identifier, as the XSDs' `FloatOrVariableRef`
    /// union of double and identifier requires).
    pub fn to_text(&self) -> String {
        match self {
            Self::Float(f) => f.to_string(),
            Self::Ref(r) => r.to_string(),
        }
    }
}

/// A string attribute that may instead name a variable (`StringOrVariableRef`, used by
/// `patternMatch/@pattern`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum StringOrRef {
    /// A literal.
    String(String),
    /// A variable reference (`{x}` in XML).
    Ref(Identifier),
}

impl StringOrRef {
    /// Parses: `{x}` is a reference, anything else a literal.
    pub fn parse(s: &str) -> Self {
        match s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
            Some(name) if crate::schema::is_ncname(name) => Self::Ref(Identifier::new(name)),
            _ => Self::String(s.to_owned()),
        }
    }

    /// The XML text.
    pub fn to_text(&self) -> String {
        match self {
            Self::String(s) => s.clone(),
            Self::Ref(r) => format!("{{{r}}}"),
        }
    }
}

/// A shape (`shape` of hotspots, `areaMapEntry` and `inside`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Shape {
    /// `circle`: centre x, centre y, radius.
    Circle,
    /// `default`: the whole area.
    Default,
    /// `ellipse`: centre x, centre y, h-radius, v-radius (deprecated).
    Ellipse,
    /// `poly`: x1, y1, x2, y2, …
    Poly,
    /// `rect`: left, top, right, bottom.
    Rect,
}

impl Shape {
    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Circle => "circle",
            Self::Default => "default",
            Self::Ellipse => "ellipse",
            Self::Poly => "poly",
            Self::Rect => "rect",
        }
    }

    /// Parses the XML value.
    pub fn parse(s: &str) -> Option<Self> {
        let t = lti_core::xml::attr::trim_xml(s);
        [
            Self::Circle,
            Self::Default,
            Self::Ellipse,
            Self::Poly,
            Self::Rect,
        ]
        .into_iter()
        .find(|x| x.as_str() == t)
    }
}

/// A coordinate list (`coords`): lengths, each a number of pixels or a percentage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Coords(pub String);

impl Coords {
    /// The coordinates as numbers (`%` suffixes removed); `None` when one does not parse.
    pub fn values(&self) -> Option<Vec<f64>> {
        self.0
            .split(',')
            .map(|p| parse_double(lti_core::xml::attr::trim_xml(p).trim_end_matches('%')))
            .collect()
    }
}

/// `showHide`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ShowHide {
    /// `show`.
    Show,
    /// `hide`.
    Hide,
}

impl ShowHide {
    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Show => "show",
            Self::Hide => "hide",
        }
    }

    /// Parses the XML value.
    pub fn parse(s: &str) -> Option<Self> {
        match lti_core::xml::attr::trim_xml(s) {
            "show" => Some(Self::Show),
            "hide" => Some(Self::Hide),
            _ => None,
        }
    }
}

/// `view` values (who a variable or rubric is for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum View {
    /// `author`.
    Author,
    /// `candidate`.
    Candidate,
    /// `proctor`.
    Proctor,
    /// `scorer`.
    Scorer,
    /// `testConstructor`.
    TestConstructor,
    /// `tutor`.
    Tutor,
}

impl View {
    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Author => "author",
            Self::Candidate => "candidate",
            Self::Proctor => "proctor",
            Self::Scorer => "scorer",
            Self::TestConstructor => "testConstructor",
            Self::Tutor => "tutor",
        }
    }

    /// Parses one XML value.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Author,
            Self::Candidate,
            Self::Proctor,
            Self::Scorer,
            Self::TestConstructor,
            Self::Tutor,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    /// Parses a space-separated list; `None` when any entry is unknown.
    pub fn parse_list(s: &str) -> Option<Vec<Self>> {
        s.split_ascii_whitespace().map(Self::parse).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The general comparison: the text equals what `{}` prints for the number it parses to.
    fn formats_by_formatting(text: &str) -> bool {
        parse_double(text).is_some_and(|v| format!("{v}") == text)
    }

    #[test]
    fn the_decimal_shape_shortcut_agrees_with_formatting() {
        // Every text the shortcut accepts must print back as itself.
        let mut texts: Vec<String> = [
            "0",
            "-0",
            "1",
            "-1",
            "10",
            "100",
            "0.5",
            "-0.5",
            "0.05",
            "120.5",
            "1.50",
            "01",
            "0.0",
            "1.",
            ".5",
            "+1",
            "1e3",
            "0.1",
            "0.2",
            "0.3",
            "123456789012345",
            "1234567890123456",
            "12345678901234567",
            "0.123456789012345",
            "0.1234567890123456",
            "100000000000000000",
            "10000000000000000",
            "9007199254740993",
            "0.000000000000001",
            "99999999999999.9",
            "999999999999999.9",
            "-123.456",
            "5e-324",
            "1 ",
            " 1",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        // Generated: integers, decimals and small fractions of up to 17 characters.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = format!("{}", x % 10u64.pow(1 + (x % 17) as u32));
            let cut = (x >> 40) as usize % (digits.len() + 1);
            let (a, b) = digits.split_at(cut);
            let sign = if x & 1 == 0 { "" } else { "-" };
            texts.push(format!("{sign}{}{a}", if a.is_empty() { "0" } else { "" }));
            texts.push(format!("{sign}{}.{b}", if a.is_empty() { "0" } else { a }));
            texts.push(format!("{sign}0.{digits}"));
            // Shapes `{}` never prints: trailing fraction zeros, exponents, a leading `+`.
            texts.push(format!("{sign}{}.{b}0", if a.is_empty() { "0" } else { a }));
            texts.push(format!("{sign}{a}e{}", x % 5));
            texts.push(format!("+{digits}"));
        }
        let mut accepted = 0;
        let mut rejected = 0;
        for t in &texts {
            match decimal_shape(t) {
                DecimalShape::Short => {
                    accepted += 1;
                    assert!(
                        formats_by_formatting(t),
                        "{t:?} accepted but prints otherwise"
                    );
                }
                DecimalShape::Other => {
                    rejected += 1;
                    assert!(
                        !formats_by_formatting(t),
                        "{t:?} rejected but prints as itself"
                    );
                }
                DecimalShape::Long => {}
            }
            assert_eq!(
                formats_as(parse_double(t).unwrap_or(0.0), t),
                parse_double(t).is_some_and(
                    |v| formats_by_formatting(t) || !v.is_finite() && format_double(v) == *t
                ),
                "{t:?}"
            );
        }
        assert!(
            accepted > 100_000,
            "the shortcut took only {accepted} texts"
        );
        assert!(
            rejected > 10_000,
            "the shape check rejected only {rejected} texts"
        );
    }

    #[test]
    fn parse_each_base_type() {
        assert_eq!(
            SingleValue::parse(BaseType::Identifier, " A "),
            Ok(SingleValue::Identifier("A".into()))
        );
        assert!(SingleValue::parse(BaseType::Identifier, "A B").is_err());
        assert!(SingleValue::parse(BaseType::Identifier, "").is_err());
        assert_eq!(
            SingleValue::parse(BaseType::Boolean, "1"),
            Ok(SingleValue::Boolean(true))
        );
        assert!(SingleValue::parse(BaseType::Boolean, "yes").is_err());
        assert_eq!(
            SingleValue::parse(BaseType::Integer, "-3"),
            Ok(SingleValue::Integer(-3))
        );
        assert!(SingleValue::parse(BaseType::Integer, "1.5").is_err());
        assert_eq!(
            SingleValue::parse(BaseType::Float, ".5"),
            Ok(SingleValue::Float(0.5))
        );
        assert_eq!(
            SingleValue::parse(BaseType::Point, "10 20"),
            Ok(SingleValue::Point(Point::new(10, 20)))
        );
        assert!(SingleValue::parse(BaseType::Point, "10").is_err());
        assert_eq!(
            SingleValue::parse(BaseType::DirectedPair, "A B"),
            Ok(SingleValue::DirectedPair(Pair::new("A", "B")))
        );
        assert!(SingleValue::parse(BaseType::Pair, "A B C").is_err());
        assert_eq!(
            SingleValue::parse(BaseType::Duration, "PT1M"),
            Ok(SingleValue::Duration(60.0))
        );
        assert_eq!(
            SingleValue::parse(BaseType::Duration, "2.5"),
            Ok(SingleValue::Duration(2.5))
        );
        assert_eq!(
            SingleValue::parse(BaseType::String, " a "),
            Ok(SingleValue::String(" a ".into()))
        );
        assert_eq!(
            SingleValue::parse(BaseType::IntOrIdentifier, "x"),
            Ok(SingleValue::IntOrIdentifierId("x".into()))
        );
        for b in BaseType::ALL {
            assert_eq!(BaseType::parse(b.as_str()), Some(b));
        }
        for c in Cardinality::ALL {
            assert_eq!(Cardinality::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn text_round_trip_and_refs() {
        let v = SingleValue::Pair(Pair::new("A", "B"));
        assert_eq!(SingleValue::parse(BaseType::Pair, &v.to_text()), Ok(v));
        assert!(Pair::new("A", "B").eq_unordered(&Pair::new("B", "A")));
        assert_eq!(IntOrRef::parse("{n}"), Some(IntOrRef::Ref("n".into())));
        assert_eq!(IntOrRef::parse("n"), Some(IntOrRef::Ref("n".into())));
        assert_eq!(IntOrRef::Ref("n".into()).to_text(true), "{n}");
        assert_eq!(IntOrRef::parse("1 2"), None);
        assert_eq!(
            FloatOrRef::parse("INF"),
            Some(FloatOrRef::Float(f64::INFINITY.into()))
        );
        assert_eq!(
            FloatOrRef::Float(f64::NEG_INFINITY.into()).to_text(),
            "-INF"
        );
        let f = Float::parse("1.0").unwrap();
        assert_eq!((f.get(), f.to_string()), (1.0, "1.0".to_owned()));
        assert_eq!(f, Float::new(1.0));
        assert_eq!(Float::parse("2").unwrap().lexical(), None);
        // The written form is kept exactly when the default formatting differs.
        for (text, kept) in [
            ("0.5", false),
            ("120.5", false),
            ("-3", false),
            ("0.50", true),
            ("1e3", true),
            ("1000", false),
            ("+1", true),
            ("INF", false),
            ("-INF", false),
            ("NaN", false),
            ("1.5 ", true),
            ("12", false),
            ("1", false),
        ] {
            let f = Float::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(f.lexical().is_some(), kept, "{text}");
            assert_eq!(
                formats_as(f.get(), text),
                format_double(f.get()) == text,
                "{text}"
            );
        }
        assert_eq!(StringOrRef::parse("{p}"), StringOrRef::Ref("p".into()));
        assert_eq!(
            StringOrRef::parse("[a-z]{2}"),
            StringOrRef::String("[a-z]{2}".into())
        );
        assert_eq!(
            Coords("1,2,50%".into()).values(),
            Some(vec![1.0, 2.0, 50.0])
        );
        assert_eq!(
            View::parse_list("candidate scorer").map(|v| v.len()),
            Some(2)
        );
        assert!(Value::Multiple(vec![]).is_null());
        assert!(!Value::Single(SingleValue::Integer(0)).is_null());
    }
}
