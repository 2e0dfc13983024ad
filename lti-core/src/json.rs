//! JSON read with unique member names.
//!
//! RFC 8259 §4 leaves the meaning of an object that names the same member twice undefined;
//! `serde_json` keeps the last one silently, other parsers keep the first or fail. For documents
//! whose meaning matters to security (a launch token with two `nonce` claims, an event with two
//! `actor`s) two readers must not see two documents, so the readers of this crate family refuse
//! such objects. [`UniqueValue`] is a drop-in for `serde_json::Value` that does that, at any
//! depth, with the position `serde_json` gives its errors.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The start of the message of a duplicate-member error (see [`duplicate_member_name`]).
const DUPLICATE_MEMBER: &str = "duplicate member ";

/// The error for a member name that occurs twice in one object.
pub fn duplicate_member<E: de::Error>(name: &str) -> E {
    E::custom(format_args!("{DUPLICATE_MEMBER}`{name}`"))
}

/// The member name, if `message` (an error's text, position suffix included or not) is the
/// error [`duplicate_member`] makes.
pub fn duplicate_member_name(message: &str) -> Option<&str> {
    let rest = message.strip_prefix(DUPLICATE_MEMBER)?.strip_prefix('`')?;
    let rest = rest.rsplit_once(" at line ").map_or(rest, |(m, _)| m);
    rest.strip_suffix('`')
}

/// A JSON value read like `serde_json::Value`, except that an object naming a member twice is
/// an error ([`duplicate_member`]) at any depth.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct UniqueValue(pub Value);

impl UniqueValue {
    /// Reads a JSON text.
    ///
    /// # Errors
    /// Not well-formed JSON, or a duplicate member (recognise it with
    /// [`duplicate_member_name`] on the error's text).
    pub fn from_slice(bytes: &[u8]) -> Result<Value, serde_json::Error> {
        serde_json::from_slice::<Self>(bytes).map(|v| v.0)
    }
}

impl<'de> Deserialize<'de> for UniqueValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UniqueVisitor)
    }
}

/// Reads a member name, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = UniqueValue;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<UniqueValue, E> {
        Ok(UniqueValue(Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<UniqueValue, E> {
        Ok(UniqueValue(Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<UniqueValue, E> {
        Ok(UniqueValue(Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<UniqueValue, E> {
        Ok(UniqueValue(
            Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<UniqueValue, E> {
        Ok(UniqueValue(Value::String(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<UniqueValue, E> {
        Ok(UniqueValue(Value::String(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<UniqueValue, E> {
        Ok(UniqueValue(Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<UniqueValue, E> {
        Ok(UniqueValue(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<UniqueValue, D::Error> {
        UniqueValue::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueValue, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(UniqueValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(UniqueValue(Value::Array(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UniqueValue, A::Error> {
        let mut m = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            if m.contains_key(&*key) {
                return Err(duplicate_member(&key));
            }
            let UniqueValue(v) = map.next_value()?;
            m.insert(key.into_owned(), v);
        }
        Ok(UniqueValue(Value::Object(m)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_refused_at_any_depth_with_their_position() {
        let v = UniqueValue::from_slice(br#"{"a":[1,{"b":null}],"c":{"d":"\u00e9"}}"#)
            .expect("unique members read");
        assert_eq!(
            v,
            serde_json::json!({"a": [1, {"b": null}], "c": {"d": "é"}})
        );
        for (text, name, line) in [
            (&br#"{"a":1,"a":2}"#[..], "a", 1),
            (&b"{\"x\":[{\"k\":1,\n\"k\":1}]}"[..], "k", 2),
            (&br#"{"\u0061":1,"a":2}"#[..], "a", 1),
        ] {
            let e = UniqueValue::from_slice(text).expect_err("duplicate");
            assert_eq!(duplicate_member_name(&e.to_string()), Some(name), "{e}");
            assert_eq!(e.line(), line);
        }
        // Other errors are not mistaken for it.
        let e = UniqueValue::from_slice(b"{\"a\":").expect_err("truncated");
        assert_eq!(duplicate_member_name(&e.to_string()), None);
        // Numbers read as serde_json reads them; out of range is an error for both.
        let text = br#"[1,-2,1.5,18446744073709551615,-9223372036854775808,1e300,0.1]"#;
        let ours = UniqueValue::from_slice(text).expect("numbers");
        assert_eq!(
            ours,
            serde_json::from_slice::<Value>(text).expect("numbers")
        );
        assert_eq!(ours.as_array().map(Vec::len), Some(7));
        assert!(UniqueValue::from_slice(b"[1e400]").is_err());
        assert!(serde_json::from_slice::<Value>(b"[1e400]").is_err());
    }
}
