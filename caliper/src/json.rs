//! The JSON reading machinery behind the typed model, and the value types every property uses.
//!
//! Reading never fails because a value has the wrong JSON shape: each property reader
//! (the `Field` trait) either produces its typed value or hands back the raw [`Value`], which the
//! owning object keeps in its `other` map. Validation then reports it, and writing emits it
//! unchanged, so a document with a mistyped property still round-trips.
//!
//! Property readers use `deserialize_any` visitors (no buffering through serde's `Content`, no
//! untagged enums), so reading costs about what building a `serde_json::Value` costs.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use chrono::Utc;
use lti_core::time::{IsoDuration, TimeError, format_caliper, parse_datetime_lenient};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Number, Value};

use crate::entity::{Entity, EntityRef};
use crate::vocab::{Extension, Role, Version, context_version};

/// The result of reading one property value: typed, or the raw JSON when the shape is wrong.
#[derive(Debug)]
pub(crate) enum Read<T> {
    /// The value has the expected shape.
    Ok(T),
    /// The value as found (wrong shape or `null`).
    Raw(Value),
}

impl<T> Read<T> {
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Read<U> {
        match self {
            Self::Ok(v) => Read::Ok(f(v)),
            Self::Raw(v) => Read::Raw(v),
        }
    }
}

/// A property value type: how to read it leniently and how to view it for writing and
/// validation.
pub(crate) trait Field: Sized {
    /// What the value should be, for messages (`"a string"`).
    const EXPECTED: &'static str;
    /// Reads a value; a wrong shape gives [`Read::Raw`], never an error.
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error>;
    /// A borrowed view of the value.
    fn prop(&self) -> Prop<'_>;
}

/// Stores a property read from `d` into `slot`, or into `other` when its shape is wrong.
pub(crate) fn store<'de, T: Field, D: Deserializer<'de>>(
    slot: &mut Option<T>,
    other: &mut Map<String, Value>,
    key: &str,
    d: D,
) -> Result<(), D::Error> {
    if slot.is_some() || (!other.is_empty() && other.contains_key(key)) {
        return Err(duplicate(key));
    }
    match T::read(d)? {
        Read::Ok(v) => {
            if !other.is_empty() {
                other.remove(key);
            }
            *slot = Some(v);
        }
        Read::Raw(v) => {
            *slot = None;
            other.insert(key.to_owned(), v);
        }
    }
    Ok(())
}

/// Stores a property under its key in `other` as raw JSON (unknown properties).
pub(crate) fn store_raw<'de, D: Deserializer<'de>>(
    other: &mut Map<String, Value>,
    key: &str,
    d: D,
) -> Result<(), D::Error> {
    if other.contains_key(key) {
        return Err(duplicate(key));
    }
    let v = raw_value(d)?;
    other.insert(key.to_owned(), v);
    Ok(())
}

/// A JSON value read like `serde_json::Value`, except that an object naming the same member
/// twice is an error, at any depth (see [`lti_core::json`]).
pub(crate) use lti_core::json::UniqueValue as StrictValue;

/// Reads a raw value, refusing duplicate members at any depth.
pub(crate) fn raw_value<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    StrictValue::deserialize(d).map(|v| v.0)
}

/// The error for a member name that occurs twice in one object. RFC 8259 §4 leaves the meaning
/// of such an object undefined (I-JSON, RFC 7493 §2.3, forbids it); reading it either way would
/// let two readers see different events, so it is refused.
pub(crate) fn duplicate<E: de::Error>(key: &str) -> E {
    lti_core::json::duplicate_member(key)
}

/// A borrowed view of one property value, as the writer and the validator see it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Prop<'a> {
    /// A string.
    Str(&'a str),
    /// A vocabulary term (action, profile, status, metric, …).
    Term(&'a str),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A non-negative integer.
    UInt(u64),
    /// A decimal number, exactly as read.
    Number(&'a Number),
    /// A Caliper date-time.
    DateTime(&'a DateTime),
    /// An ISO 8601 duration.
    Duration(&'a Duration),
    /// A list of strings.
    Strs(&'a [String]),
    /// A list of LIS roles.
    Roles(&'a [Role]),
    /// An entity or its IRI.
    Ref(&'a EntityRef),
    /// A list of entities or IRIs.
    Refs(&'a [EntityRef]),
    /// A list of embedded entities (objects only, such as `otherIdentifiers`).
    Objects(&'a [Entity]),
    /// A JSON object kept as is (`extensions`, `messageParameters`).
    Map(&'a Map<String, Value>),
    /// A JSON-LD `@context`.
    Context(&'a Context),
    /// Raw JSON (unknown properties and values of the wrong shape).
    Value(&'a Value),
}

impl Serialize for Prop<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::write::PropSer {
            prop: *self,
            thin: None,
        }
        .serialize(s)
    }
}

// ---------------------------------------------------------------------------------------------
// Lenient visitors.

/// What a lenient reader accepts; every method not overridden turns the value into raw JSON.
pub(crate) trait Accept<'de>: Sized {
    type Out;
    fn str(s: Cow<'de, str>) -> Read<Self::Out> {
        Read::Raw(Value::String(s.into_owned()))
    }
    fn bool(b: bool) -> Read<Self::Out> {
        Read::Raw(Value::Bool(b))
    }
    fn i64(v: i64) -> Read<Self::Out> {
        Read::Raw(Value::from(v))
    }
    fn u64(v: u64) -> Read<Self::Out> {
        Read::Raw(Value::from(v))
    }
    fn f64(v: f64) -> Read<Self::Out> {
        Read::Raw(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn map<A: MapAccess<'de>>(map: A) -> Result<Read<Self::Out>, A::Error> {
        raw_value(de::value::MapAccessDeserializer::new(map)).map(Read::Raw)
    }
    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Read<Self::Out>, A::Error> {
        raw_value(de::value::SeqAccessDeserializer::new(seq)).map(Read::Raw)
    }
}

struct LenientVisitor<T>(PhantomData<T>);

impl<'de, T: Accept<'de>> Visitor<'de> for LenientVisitor<T> {
    type Value = Read<T::Out>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(T::str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(T::str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(T::str(Cow::Owned(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(T::bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(T::i64(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(T::u64(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(T::f64(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Raw(Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Raw(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::seq(seq)
    }
}

/// Reads any JSON value through the acceptor `T`.
pub(crate) fn read_any<'de, T: Accept<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Read<T::Out>, D::Error> {
    d.deserialize_any(LenientVisitor::<T>(PhantomData))
}

/// A seed that reads one value through the acceptor `T` (for sequence elements).
pub(crate) struct AcceptSeed<T>(pub(crate) PhantomData<T>);

impl<'de, T: Accept<'de>> DeserializeSeed<'de> for AcceptSeed<T> {
    type Value = Read<T::Out>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        read_any::<T, D>(d)
    }
}

/// Reads a sequence whose elements go through `T`; if any element has the wrong shape, the
/// whole list is returned raw (with the good elements turned back into JSON by `back`).
pub(crate) fn read_list<'de, T: Accept<'de>, A: SeqAccess<'de>>(
    mut seq: A,
    back: impl Fn(&T::Out) -> Value,
) -> Result<Read<Vec<T::Out>>, A::Error> {
    let mut good: Vec<T::Out> = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
    let mut raw: Option<Vec<Value>> = None;
    while let Some(item) = seq.next_element_seed(AcceptSeed::<T>(PhantomData))? {
        match (item, &mut raw) {
            (Read::Ok(v), None) => good.push(v),
            (Read::Ok(v), Some(r)) => r.push(back(&v)),
            (Read::Raw(v), None) => {
                let mut r: Vec<Value> = good.iter().map(&back).collect();
                r.push(v);
                raw = Some(r);
            }
            (Read::Raw(v), Some(r)) => r.push(v),
        }
    }
    Ok(match raw {
        None => Read::Ok(good),
        Some(r) => Read::Raw(Value::Array(r)),
    })
}

/// A string, borrowed from the input when possible.
pub(crate) struct Str<'a>(pub(crate) Cow<'a, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

pub(crate) struct AcceptStr;
impl<'de> Accept<'de> for AcceptStr {
    type Out = Cow<'de, str>;
    fn str(s: Cow<'de, str>) -> Read<Self::Out> {
        Read::Ok(s)
    }
}

/// Reads a string, borrowed when possible.
pub(crate) fn read_str<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Cow<'de, str>>, D::Error> {
    read_any::<AcceptStr, D>(d)
}

impl Field for String {
    const EXPECTED: &'static str = "a string";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        Ok(read_str(d)?.map(Cow::into_owned))
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Str(self)
    }
}

struct AcceptBool;
impl Accept<'_> for AcceptBool {
    type Out = bool;
    fn bool(b: bool) -> Read<bool> {
        Read::Ok(b)
    }
}

impl Field for bool {
    const EXPECTED: &'static str = "a boolean";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_any::<AcceptBool, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Bool(*self)
    }
}

struct AcceptI64;
impl Accept<'_> for AcceptI64 {
    type Out = i64;
    fn i64(v: i64) -> Read<i64> {
        Read::Ok(v)
    }
    fn u64(v: u64) -> Read<i64> {
        i64::try_from(v).map_or_else(|_| Read::Raw(Value::from(v)), Read::Ok)
    }
}

impl Field for i64 {
    const EXPECTED: &'static str = "an integer";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_any::<AcceptI64, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Int(*self)
    }
}

struct AcceptU64;
impl Accept<'_> for AcceptU64 {
    type Out = u64;
    fn u64(v: u64) -> Read<u64> {
        Read::Ok(v)
    }
}

impl Field for u64 {
    const EXPECTED: &'static str = "a non-negative integer";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_any::<AcceptU64, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::UInt(*self)
    }
}

struct AcceptNumber;
impl Accept<'_> for AcceptNumber {
    type Out = Number;
    fn i64(v: i64) -> Read<Number> {
        Read::Ok(Number::from(v))
    }
    fn u64(v: u64) -> Read<Number> {
        Read::Ok(Number::from(v))
    }
    fn f64(v: f64) -> Read<Number> {
        Number::from_f64(v).map_or(Read::Raw(Value::Null), Read::Ok)
    }
}

impl Field for Number {
    const EXPECTED: &'static str = "a decimal number";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_any::<AcceptNumber, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Number(self)
    }
}

struct AcceptStrings;
impl<'de> Accept<'de> for AcceptStrings {
    type Out = Vec<String>;
    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Read<Vec<String>>, A::Error> {
        Ok(
            read_list::<AcceptStr, A>(seq, |s| Value::String(s.to_string()))?
                .map(|v| v.into_iter().map(Cow::into_owned).collect()),
        )
    }
}

impl Field for Vec<String> {
    const EXPECTED: &'static str = "an array of strings";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_any::<AcceptStrings, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Strs(self)
    }
}

struct AcceptRoles;
impl<'de> Accept<'de> for AcceptRoles {
    type Out = Vec<Role>;
    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Read<Vec<Role>>, A::Error> {
        Ok(
            read_list::<AcceptStr, A>(seq, |s| Value::String(s.to_string()))?
                .map(|v| v.iter().map(|s| Role::from_term(s)).collect()),
        )
    }
}

impl Field for Vec<Role> {
    const EXPECTED: &'static str = "an array of LIS role terms";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_any::<AcceptRoles, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Roles(self)
    }
}

struct AcceptObject;
impl<'de> Accept<'de> for AcceptObject {
    type Out = Map<String, Value>;
    fn map<A: MapAccess<'de>>(map: A) -> Result<Read<Self::Out>, A::Error> {
        Ok(
            match raw_value(de::value::MapAccessDeserializer::new(map))? {
                Value::Object(m) => Read::Ok(m),
                other => Read::Raw(other),
            },
        )
    }
}

impl Field for Map<String, Value> {
    const EXPECTED: &'static str = "a JSON object";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_any::<AcceptObject, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Map(self)
    }
}

// ---------------------------------------------------------------------------------------------
// Date-times and durations.

/// A Caliper date-time (`xsd:dateTime`), written exactly as `YYYY-MM-DDTHH:MM:SS.sssZ`.
///
/// Reading is lenient (any form [`parse_datetime_lenient`] accepts: other offsets, missing
/// milliseconds, more fractional digits…); such a value remembers the text it was read from so
/// that validation can report it, and is written in the exact Caliper form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime {
    value: chrono::DateTime<Utc>,
    original: Option<Box<str>>,
}

impl DateTime {
    /// A date-time from a chrono value (sub-millisecond digits are dropped on output).
    pub fn new(value: chrono::DateTime<Utc>) -> Self {
        Self {
            value,
            original: None,
        }
    }

    /// Parses leniently; the result remembers `text` unless it is exactly in the Caliper form.
    pub fn parse(text: &str) -> Result<Self, TimeError> {
        let (dt, dev) = parse_datetime_lenient(text)?;
        let exact = dev.is_empty() && is_exact_form(text);
        Ok(Self {
            value: dt.with_timezone(&Utc),
            original: (!exact).then(|| text.into()),
        })
    }

    /// Parses a value that must be exactly in the Caliper form.
    pub fn parse_exact(text: &str) -> Result<Self, TimeError> {
        let d = Self::parse(text)?;
        if d.original.is_some() {
            return Err(TimeError::Syntax {
                value: text.to_owned(),
                expected: "Caliper date-time (YYYY-MM-DDTHH:MM:SS.sssZ)",
            });
        }
        Ok(d)
    }

    /// The instant.
    pub fn value(&self) -> chrono::DateTime<Utc> {
        self.value
    }

    /// The text this value was read from, when it was not exactly in the Caliper form.
    pub fn original(&self) -> Option<&str> {
        self.original.as_deref()
    }

    /// Whether the value was read in (or built for) the exact Caliper form.
    pub fn is_exact(&self) -> bool {
        self.original.is_none()
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(value: chrono::DateTime<Utc>) -> Self {
        Self::new(value)
    }
}

impl fmt::Display for DateTime {
    /// The exact Caliper form, `YYYY-MM-DDTHH:MM:SS.sssZ` (written without allocating for
    /// years 0–9999; other years and leap seconds go through [`format_caliper`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::{Datelike, Timelike};
        let v = self.value.naive_utc();
        let year = v.year();
        let nanos = v.nanosecond();
        let (Ok(year), true) = (u32::try_from(year), nanos < 1_000_000_000) else {
            return f.write_str(&format_caliper(&self.value));
        };
        if year > 9999 {
            return f.write_str(&format_caliper(&self.value));
        }
        let mut buf = *b"0000-00-00T00:00:00.000Z";
        let mut put = |at: usize, width: usize, mut n: u32| {
            for i in (at..at + width).rev() {
                if let Some(b) = buf.get_mut(i) {
                    // `n % 10` is a single digit.
                    *b = b'0' + u8::try_from(n % 10).unwrap_or(0);
                }
                n /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, v.month());
        put(8, 2, v.day());
        put(11, 2, v.hour());
        put(14, 2, v.minute());
        put(17, 2, v.second());
        put(20, 3, nanos / 1_000_000);
        f.write_str(std::str::from_utf8(&buf).map_err(|_| fmt::Error)?)
    }
}

impl std::str::FromStr for DateTime {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Whether `s` has the shape `YYYY-MM-DDTHH:MM:SS.sssZ` (digits and separators only).
fn is_exact_form(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 24
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'.',
            23 => c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Str::deserialize(d)?;
        Self::parse(&s.0).map_err(de::Error::custom)
    }
}

struct AcceptDateTime;
impl<'de> Accept<'de> for AcceptDateTime {
    type Out = DateTime;
    fn str(s: Cow<'de, str>) -> Read<DateTime> {
        match DateTime::parse(&s) {
            Ok(d) => Read::Ok(d),
            Err(_) => Read::Raw(Value::String(s.into_owned())),
        }
    }
}

impl Field for DateTime {
    const EXPECTED: &'static str = "a date-time string (YYYY-MM-DDTHH:MM:SS.sssZ)";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_any::<AcceptDateTime, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::DateTime(self)
    }
}

/// An ISO 8601 duration (`xsd:duration`), kept with the text it was read from so that output
/// equals input.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Duration {
    text: Box<str>,
    value: IsoDuration,
}

impl Duration {
    /// A duration from its components (written in canonical form).
    pub fn new(value: IsoDuration) -> Self {
        Self {
            text: value.to_string().into(),
            value,
        }
    }

    /// Parses leniently (see [`IsoDuration::parse_lenient`]); the text is kept.
    pub fn parse(text: &str) -> Result<Self, TimeError> {
        let (value, _) = IsoDuration::parse_lenient(text)?;
        Ok(Self {
            text: text.into(),
            value,
        })
    }

    /// The components.
    pub fn value(&self) -> &IsoDuration {
        &self.value
    }

    /// The text as read (or as built).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the text is a strict `xs:duration` (no lenient form was accepted).
    pub fn is_strict(&self) -> bool {
        IsoDuration::parse(&self.text).is_ok()
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Str::deserialize(d)?;
        Self::parse(&s.0).map_err(de::Error::custom)
    }
}

struct AcceptDuration;
impl<'de> Accept<'de> for AcceptDuration {
    type Out = Duration;
    fn str(s: Cow<'de, str>) -> Read<Duration> {
        match Duration::parse(&s) {
            Ok(d) => Read::Ok(d),
            Err(_) => Read::Raw(Value::String(s.into_owned())),
        }
    }
}

impl Field for Duration {
    const EXPECTED: &'static str = "an ISO 8601 duration string";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_any::<AcceptDuration, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Duration(self)
    }
}

// ---------------------------------------------------------------------------------------------
// JSON-LD context.

/// A JSON-LD `@context`: an IRI, an inline object, or an array of both (Caliper 1.2 §5.2).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Context {
    /// A context IRI, normally `http://purl.imsglobal.org/ctx/caliper/v1p2`.
    Iri(String),
    /// An inline context object.
    Inline(Map<String, Value>),
    /// An array of contexts; Caliper requires its own context to come last.
    List(Vec<ContextItem>),
}

/// One element of a `@context` array.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ContextItem {
    /// A context IRI.
    Iri(String),
    /// An inline context object.
    Inline(Map<String, Value>),
}

/// What a `@context` says: the Caliper version, 1.1 extensions, and whether other
/// vocabularies are mixed in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContextInfo {
    /// The Caliper version, from the first Caliper context IRI found.
    pub version: Option<Version>,
    /// Caliper 1.1 profile extensions named.
    pub extensions: Vec<Extension>,
    /// Whether a non-Caliper context (IRI or inline object) is present.
    pub foreign: bool,
    /// Whether an inline context object is present.
    pub inline: bool,
}

impl Context {
    /// The Caliper context for a version.
    pub fn caliper(version: Version) -> Self {
        Self::Iri(version.context_iri().to_owned())
    }

    /// The version, extensions and foreign vocabularies this context names.
    pub fn info(&self) -> ContextInfo {
        let mut info = ContextInfo::default();
        let iri = |s: &str, info: &mut ContextInfo| match context_version(s) {
            Some((v, ext)) => {
                if info.version.is_none() {
                    info.version = Some(v);
                }
                if let Some(e) = ext {
                    info.extensions.push(e);
                }
            }
            None => info.foreign = true,
        };
        match self {
            Self::Iri(s) => iri(s, &mut info),
            Self::Inline(m) => inline_info(m, &mut info),
            Self::List(items) => {
                for item in items {
                    match item {
                        ContextItem::Iri(s) => iri(s, &mut info),
                        ContextItem::Inline(m) => inline_info(m, &mut info),
                    }
                }
            }
        }
        info
    }
}

fn inline_info(m: &Map<String, Value>, info: &mut ContextInfo) {
    info.inline = true;
    let mut caliper: Option<(Version, Option<Extension>)> = None;
    let mut foreign = false;
    for (k, v) in m {
        let Some(iri) = term_iri(v) else { continue };
        if k.starts_with('@') {
            if matches!(k.as_str(), "@vocab" | "@import") {
                match caliper_iri(iri) {
                    Some(c) => caliper = caliper.or(Some(c)),
                    None => foreign = true,
                }
            }
            continue;
        }
        if iri.starts_with('@') {
            continue;
        }
        match caliper_iri(&expand_iri(iri, m)) {
            Some(c) => caliper = caliper.or(Some(c)),
            None => foreign = true,
        }
    }
    match caliper {
        Some((v, ext)) => {
            if info.version.is_none() {
                info.version = Some(v);
            }
            info.extensions.extend(ext);
        }
        None => foreign = true,
    }
    info.foreign |= foreign;
}

/// The IRI a context term maps to (`"term": "iri"` or `"term": {"@id": "iri"}`).
pub(crate) fn term_iri(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("@id").and_then(Value::as_str),
        _ => None,
    }
}

/// Expands a compact IRI `prefix:rest` with a prefix defined in the same inline context.
pub(crate) fn expand_iri(iri: &str, m: &Map<String, Value>) -> String {
    if let Some((prefix, rest)) = iri.split_once(':')
        && !rest.starts_with("//")
        && let Some(Value::String(base)) = m.get(prefix)
    {
        return format!("{base}{rest}");
    }
    iri.to_owned()
}

/// The Caliper namespace (terms) or a Caliper context IRI; inline Caliper definitions are 1.2.
fn caliper_iri(iri: &str) -> Option<(Version, Option<Extension>)> {
    context_version(iri).or_else(|| {
        (iri.starts_with("http://purl.imsglobal.org/caliper/")
            || iri.starts_with("https://purl.imsglobal.org/caliper/"))
        .then_some((Version::V1p2, None))
    })
}

struct AcceptContext;
impl<'de> Accept<'de> for AcceptContext {
    type Out = Context;
    fn str(s: Cow<'de, str>) -> Read<Context> {
        Read::Ok(Context::Iri(s.into_owned()))
    }
    fn map<A: MapAccess<'de>>(map: A) -> Result<Read<Context>, A::Error> {
        match raw_value(de::value::MapAccessDeserializer::new(map))? {
            Value::Object(m) => Ok(Read::Ok(Context::Inline(m))),
            other => Ok(Read::Raw(other)),
        }
    }
    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Read<Context>, A::Error> {
        let items = match raw_value(de::value::SeqAccessDeserializer::new(seq))? {
            Value::Array(items) => items,
            other => return Ok(Read::Raw(other)),
        };
        if items.iter().all(|v| v.is_string() || v.is_object()) {
            Ok(Read::Ok(Context::List(
                items
                    .into_iter()
                    .filter_map(|v| match v {
                        Value::String(s) => Some(ContextItem::Iri(s)),
                        Value::Object(m) => Some(ContextItem::Inline(m)),
                        _ => None,
                    })
                    .collect(),
            )))
        } else {
            Ok(Read::Raw(Value::Array(items)))
        }
    }
}

impl Field for Context {
    const EXPECTED: &'static str = "a context IRI, an inline context object, or an array of them";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_any::<AcceptContext, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Context(self)
    }
}

impl Serialize for Context {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Iri(i) => s.serialize_str(i),
            Self::Inline(m) => m.serialize(s),
            Self::List(items) => s.collect_seq(items.iter().map(|i| match i {
                ContextItem::Iri(i) => Either::A(i),
                ContextItem::Inline(m) => Either::B(m),
            })),
        }
    }
}

enum Either<A, B> {
    A(A),
    B(B),
}

impl<A: Serialize, B: Serialize> Serialize for Either<A, B> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::A(a) => a.serialize(s),
            Self::B(b) => b.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Self::read(d)? {
            Read::Ok(c) => Ok(c),
            Read::Raw(v) => Err(de::Error::custom(format_args!(
                "invalid @context {v}: expected {}",
                Self::EXPECTED
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn fast_datetime_display_matches_chrono(ms in -62_135_596_800_000i64..253_402_300_799_999, extra in 0u32..1_000_000) {
            let base = chrono::DateTime::from_timestamp_millis(ms).expect("in range");
            let d = DateTime::new(base + chrono::Duration::nanoseconds(i64::from(extra)));
            prop_assert_eq!(d.to_string(), format_caliper(&d.value()));
        }
    }

    fn read<T: Field>(json: &str) -> Read<T> {
        let mut de = serde_json::Deserializer::from_str(json);
        T::read(&mut de).expect("syntax ok")
    }

    #[test]
    fn lenient_scalars() {
        assert!(matches!(read::<String>("\"a\""), Read::Ok(s) if s == "a"));
        assert!(matches!(read::<String>("1"), Read::Raw(Value::Number(_))));
        assert!(matches!(read::<String>("null"), Read::Raw(Value::Null)));
        assert!(matches!(read::<bool>("true"), Read::Ok(true)));
        assert!(matches!(read::<bool>("\"true\""), Read::Raw(_)));
        assert!(matches!(read::<i64>("-3"), Read::Ok(-3)));
        assert!(matches!(read::<i64>("3.5"), Read::Raw(_)));
        assert!(matches!(read::<i64>("18446744073709551615"), Read::Raw(_)));
        assert!(matches!(read::<u64>("-3"), Read::Raw(_)));
        assert!(matches!(read::<Number>("2.50"), Read::Ok(n) if n.as_f64() == Some(2.5)));
        assert!(matches!(read::<Number>("\"2\""), Read::Raw(_)));
        assert!(matches!(read::<Map<String, Value>>("{\"a\":[1]}"), Read::Ok(m) if m.len() == 1));
        assert!(matches!(read::<Map<String, Value>>("\"x\""), Read::Raw(_)));
    }

    #[test]
    fn lists_fall_back_to_raw_keeping_every_element() {
        assert!(matches!(read::<Vec<String>>("[\"a\",\"b\"]"), Read::Ok(v) if v.len() == 2));
        match read::<Vec<String>>("[\"a\",1,\"c\"]") {
            Read::Raw(v) => assert_eq!(v, serde_json::json!(["a", 1, "c"])),
            Read::Ok(_) => panic!("should be raw"),
        }
        assert!(matches!(read::<Vec<String>>("{}"), Read::Raw(_)));
        match read::<Vec<Role>>("[\"Learner\",\"Nope\"]") {
            Read::Ok(v) => assert_eq!(v[1], Role::Other("Nope".into())),
            Read::Raw(_) => panic!("strings are fine"),
        }
    }

    #[test]
    fn datetimes() {
        let d = DateTime::parse("2016-11-15T10:15:00.000Z").expect("ok");
        assert!(d.is_exact());
        assert_eq!(d.to_string(), "2016-11-15T10:15:00.000Z");
        let l = DateTime::parse("2016-11-15T12:15:00+02:00").expect("ok");
        assert!(!l.is_exact());
        assert_eq!(l.original(), Some("2016-11-15T12:15:00+02:00"));
        assert_eq!(l.to_string(), "2016-11-15T10:15:00.000Z");
        assert!(DateTime::parse_exact("2016-11-15T10:15:00Z").is_err());
        assert!(DateTime::parse("2016-11-15").is_err());
        assert!(matches!(
            read::<DateTime>("\"2016-11-15\""),
            Read::Raw(Value::String(_))
        ));
        assert!(matches!(read::<DateTime>("12"), Read::Raw(_)));
        for (ms, text) in [
            (0i64, "1970-01-01T00:00:00.000Z"),
            (1_479_204_900_007, "2016-11-15T10:15:00.007Z"),
            (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
            (-62_135_596_800_000, "0001-01-01T00:00:00.000Z"),
        ] {
            let d = DateTime::new(chrono::DateTime::from_timestamp_millis(ms).expect("in range"));
            assert_eq!(d.to_string(), text);
            assert_eq!(d.to_string(), format_caliper(&d.value()));
        }
        let far = DateTime::new(
            chrono::DateTime::from_timestamp_millis(253_402_300_800_000).expect("year 10000"),
        );
        assert_eq!(far.to_string(), format_caliper(&far.value()));
        let back: DateTime =
            serde_json::from_str("\"2016-11-15T10:15:00.123Z\"").expect("deserialises");
        assert_eq!(
            serde_json::to_string(&back).expect("ser"),
            "\"2016-11-15T10:15:00.123Z\""
        );
    }

    #[test]
    fn durations_keep_their_text() {
        let d = Duration::parse("PT05M").expect("ok");
        assert_eq!(d.as_str(), "PT05M");
        assert!(d.is_strict());
        assert!(matches!(read::<Duration>("\"5 minutes\""), Read::Raw(_)));
        let n = Duration::new(IsoDuration::from_seconds(90.0).expect("finite"));
        assert!(n.as_str().starts_with('P'));
    }

    #[test]
    fn contexts() {
        match read::<Context>(
            "[{\"query\":\"http://schema.org/query\"},\"http://purl.imsglobal.org/ctx/caliper/v1p2\"]",
        ) {
            Read::Ok(c) => {
                let info = c.info();
                assert_eq!(info.version, Some(Version::V1p2));
                assert!(info.foreign);
                assert_eq!(
                    serde_json::to_value(&c).expect("ser"),
                    serde_json::json!([{"query":"http://schema.org/query"},"http://purl.imsglobal.org/ctx/caliper/v1p2"])
                );
            }
            Read::Raw(_) => panic!("valid"),
        }
        assert!(matches!(read::<Context>("[1]"), Read::Raw(_)));
        assert!(matches!(read::<Context>("3"), Read::Raw(_)));
        let c = Context::Iri(Extension::Search.context_iri().to_owned());
        assert_eq!(c.info().extensions, vec![Extension::Search]);
        let inline: Context =
            serde_json::from_str("{\"@vocab\":\"http://purl.imsglobal.org/caliper/\"}")
                .expect("ok");
        assert_eq!(inline.info().version, Some(Version::V1p2));
        let defined: Context = serde_json::from_str(
            "{\"id\":\"@id\",\"caliper\":\"http://purl.imsglobal.org/caliper/\",\"Person\":\"caliper:Person\",\"actor\":{\"@id\":\"caliper:actor\",\"@type\":\"@id\"}}",
        )
        .expect("ok");
        let info = defined.info();
        assert_eq!(info.version, Some(Version::V1p2));
        assert!(!info.foreign);
        assert!(serde_json::from_str::<Context>("1").is_err());
    }
}
