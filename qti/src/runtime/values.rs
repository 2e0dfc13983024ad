//! Value semantics of the engine on top of [`crate::value::Value`]: NULL, QTI equality (pair
//! unordered, directedPair ordered), container matching, assignment conversion.
//!
//! NULL is [`Value::Null`]; the engine never produces an empty container (it normalises one to
//! NULL, as the spec says an empty container *is* NULL). An empty string is NULL for `isNull`
//! (spec: "empty containers and empty strings are both treated as NULL").

use crate::value::{BaseType, Cardinality, Identifier, SingleValue, Value};

use super::EngineError;

/// QTI equality of two single values: same base type and same value; `pair` compares
/// unordered, `directedPair` ordered; integers and floats are *different* base types and never
/// equal here (`match` requires equal base types; numeric comparison is `equal`).
pub fn single_eq(a: &SingleValue, b: &SingleValue) -> bool {
    use SingleValue as S;
    match (a, b) {
        (S::Identifier(x), S::Identifier(y)) => x == y,
        (S::Boolean(x), S::Boolean(y)) => x == y,
        (S::Integer(x), S::Integer(y)) => x == y,
        #[allow(clippy::float_cmp, reason = "QTI match is exact")]
        (S::Float(x), S::Float(y)) | (S::Duration(x), S::Duration(y)) => x == y,
        (S::String(x), S::String(y)) | (S::File(x), S::File(y)) | (S::Uri(x), S::Uri(y)) => x == y,
        (S::Point(x), S::Point(y)) => x == y,
        (S::Pair(x), S::Pair(y)) => x.eq_unordered(y),
        (S::DirectedPair(x), S::DirectedPair(y)) => x == y,
        (S::IntOrIdentifierInt(x), S::IntOrIdentifierInt(y)) => x == y,
        (S::IntOrIdentifierId(x), S::IntOrIdentifierId(y)) => x == y,
        _ => false,
    }
}

/// Normalises a value: empty containers and records become NULL.
pub fn normalize(v: Value) -> Value {
    match &v {
        Value::Multiple(x) | Value::Ordered(x) if x.is_empty() => Value::Null,
        Value::Record(f) if f.is_empty() => Value::Null,
        _ => v,
    }
}

/// Whether a value is NULL in the sense of `isNull` (NULL, an empty container, an empty
/// string).
pub fn is_null(v: &Value) -> bool {
    v.is_null()
}

/// The base type of a (non-NULL, non-record) value.
pub fn base_type_of(v: &Value) -> Option<BaseType> {
    match v {
        Value::Single(s) => Some(s.base_type()),
        Value::Multiple(x) | Value::Ordered(x) => x.first().map(SingleValue::base_type),
        _ => None,
    }
}

/// The values of a single or container value, as a slice.
pub fn items(v: &Value) -> &[SingleValue] {
    match v {
        Value::Single(s) => std::slice::from_ref(s),
        Value::Multiple(x) | Value::Ordered(x) => x,
        _ => &[],
    }
}

/// Multiset equality of two slices under [`single_eq`].
pub fn multiset_eq(a: &[SingleValue], b: &[SingleValue]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut used = vec![false; b.len()];
    'outer: for x in a {
        for (j, y) in b.iter().enumerate() {
            if !used[j] && single_eq(x, y) {
                used[j] = true;
                continue 'outer;
            }
        }
        return false;
    }
    true
}

/// `match`: `None` when either side is NULL; otherwise whether both have the same cardinality
/// and equal values (multiple: as multisets; ordered: in sequence; record: same fields, each
/// equal, a NULL field equal only to a NULL field).
pub fn values_match(a: &Value, b: &Value) -> Option<bool> {
    if a.is_null() || b.is_null() {
        return None;
    }
    Some(match (a, b) {
        (Value::Single(x), Value::Single(y)) => single_eq(x, y),
        (Value::Multiple(x), Value::Multiple(y)) => multiset_eq(x, y),
        (Value::Ordered(x), Value::Ordered(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| single_eq(p, q))
        }
        (Value::Record(x), Value::Record(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter().any(|(k2, v2)| {
                        k == k2
                            && match (v, v2) {
                                (None, None) => true,
                                (Some(p), Some(q)) => single_eq(p, q),
                                _ => false,
                            }
                    })
                })
        }
        _ => false,
    })
}

/// A number from an integer or float single value.
pub fn as_number(s: &SingleValue) -> Option<f64> {
    match s {
        #[allow(clippy::cast_precision_loss, reason = "QTI integer to float promotion")]
        SingleValue::Integer(i) | SingleValue::IntOrIdentifierInt(i) => Some(*i as f64),
        SingleValue::Float(f) => Some(*f),
        _ => None,
    }
}

/// Converts a value for assignment to a variable of the given cardinality and base type
/// (`setOutcomeValue`, `setTemplateValue`, `setCorrectResponse`, `setDefaultValue`, responses).
///
/// Conversions (documented in CONFORMANCE.md): integer → float; float → integer by truncation
/// toward zero (as qti-sdk; reported through `truncated`); integer or identifier →
/// intOrIdentifier; a single value into a container of one; NULL stays NULL. Anything else is
/// a type error.
pub fn convert_for(
    value: Value,
    cardinality: Cardinality,
    base_type: Option<BaseType>,
    truncated: &mut bool,
) -> Result<Value, EngineError> {
    let value = normalize(value);
    let conv = |s: SingleValue, truncated: &mut bool| -> Result<SingleValue, EngineError> {
        let Some(bt) = base_type else {
            return Ok(s);
        };
        if s.base_type() == bt {
            return Ok(s);
        }
        Ok(match (bt, s) {
            #[allow(clippy::cast_precision_loss, reason = "integer to float promotion")]
            (BaseType::Float, SingleValue::Integer(i)) => SingleValue::Float(i as f64),
            (BaseType::Integer, SingleValue::Float(f)) => {
                *truncated = true;
                SingleValue::Integer(float_to_int(f.trunc()).ok_or_else(|| {
                    EngineError::type_mismatch("assignment", "float out of the integer range")
                })?)
            }
            (BaseType::IntOrIdentifier, SingleValue::Integer(i)) => {
                SingleValue::IntOrIdentifierInt(i)
            }
            (BaseType::IntOrIdentifier, SingleValue::Identifier(i)) => {
                SingleValue::IntOrIdentifierId(i)
            }
            (BaseType::Integer, SingleValue::IntOrIdentifierInt(i)) => SingleValue::Integer(i),
            (BaseType::Identifier, SingleValue::IntOrIdentifierId(i)) => SingleValue::Identifier(i),
            // Identifiers and strings are both text: an identifier is a valid string, and a
            // string without whitespace is taken as an identifier (documented leniency).
            (BaseType::String, SingleValue::Identifier(i) | SingleValue::IntOrIdentifierId(i)) => {
                SingleValue::String(i.into_inner())
            }
            (BaseType::Identifier, SingleValue::String(s))
                if !s.is_empty() && !s.chars().any(char::is_whitespace) =>
            {
                SingleValue::Identifier(Identifier::new(s))
            }
            (bt, s) => {
                return Err(EngineError::type_mismatch(
                    "assignment",
                    format!(
                        "a {} value cannot be assigned to a {bt} variable",
                        s.base_type()
                    ),
                ));
            }
        })
    };
    // Fast path: the value already has the declared cardinality and base type.
    let fits = |xs: &[SingleValue]| base_type.is_none_or(|b| xs.iter().all(|s| s.base_type() == b));
    match (&value, cardinality) {
        (Value::Single(s), Cardinality::Single) if fits(std::slice::from_ref(s)) => {
            return Ok(value);
        }
        (Value::Multiple(xs), Cardinality::Multiple)
        | (Value::Ordered(xs), Cardinality::Ordered)
            if fits(xs) =>
        {
            return Ok(value);
        }
        _ => {}
    }
    match (cardinality, value) {
        (_, Value::Null) => Ok(Value::Null),
        (Cardinality::Single, Value::Single(s)) => Ok(Value::Single(conv(s, truncated)?)),
        (Cardinality::Multiple, Value::Single(s)) => Ok(Value::Multiple(vec![conv(s, truncated)?])),
        (Cardinality::Ordered, Value::Single(s)) => Ok(Value::Ordered(vec![conv(s, truncated)?])),
        (Cardinality::Multiple, Value::Multiple(v) | Value::Ordered(v)) => Ok(Value::Multiple(
            v.into_iter()
                .map(|s| conv(s, truncated))
                .collect::<Result<_, _>>()?,
        )),
        (Cardinality::Ordered, Value::Ordered(v)) => Ok(Value::Ordered(
            v.into_iter()
                .map(|s| conv(s, truncated))
                .collect::<Result<_, _>>()?,
        )),
        (Cardinality::Record, v @ Value::Record(_)) => Ok(v),
        (c, v) => Err(EngineError::type_mismatch(
            "assignment",
            format!(
                "a value of cardinality {} cannot be assigned to a {c} variable",
                v.cardinality().map_or("NULL", Cardinality::as_str)
            ),
        )),
    }
}

/// Parses a value's text, accepting identifiers that are not XML NCNames (a digit first,
/// punctuation) as long as they contain no whitespace: QTI 2.0 content and some tools write
/// such identifiers. The second result is `true` when the lenient reading was needed.
pub fn parse_lenient(base_type: BaseType, text: &str) -> Option<(SingleValue, bool)> {
    if let Ok(v) = SingleValue::parse(base_type, text) {
        return Some((v, false));
    }
    let token = |s: &str| -> Option<Identifier> {
        (!s.is_empty() && !s.chars().any(char::is_whitespace)).then(|| Identifier::new(s))
    };
    let t = text.trim();
    let v = match base_type {
        BaseType::Identifier => SingleValue::Identifier(token(t)?),
        BaseType::IntOrIdentifier => SingleValue::IntOrIdentifierId(token(t)?),
        BaseType::Pair | BaseType::DirectedPair => {
            let mut it = t.split_whitespace();
            let (a, b) = (token(it.next()?)?, token(it.next()?)?);
            if it.next().is_some() {
                return None;
            }
            let p = crate::value::Pair::new(a, b);
            if base_type == BaseType::Pair {
                SingleValue::Pair(p)
            } else {
                SingleValue::DirectedPair(p)
            }
        }
        _ => return None,
    };
    Some((v, true))
}

/// Converts a float to an integer when it is integral and in range.
pub fn float_to_int(f: f64) -> Option<i64> {
    #[allow(clippy::cast_possible_truncation, reason = "range checked just before")]
    #[allow(clippy::cast_precision_loss, reason = "bounds of the i64 range")]
    (f.is_finite() && f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64)
        .then_some(f as i64)
}

/// A field of a record value.
pub fn record_field<'a>(v: &'a Value, field: &str) -> Option<&'a SingleValue> {
    match v {
        Value::Record(f) => f
            .iter()
            .find(|(k, _)| k.as_str() == field)
            .and_then(|(_, v)| v.as_ref()),
        _ => None,
    }
}

/// The identifier of an identifier-like single value (`identifier`, `intOrIdentifier`,
/// `string`), for feedback and template content visibility.
pub fn identifier_text(s: &SingleValue) -> Option<&str> {
    match s {
        SingleValue::Identifier(i) | SingleValue::IntOrIdentifierId(i) => Some(i.as_str()),
        SingleValue::String(s) => Some(s.as_str()),
        _ => None,
    }
}

/// Whether an identifier (or identifier-valued container) value contains `id`.
pub fn contains_identifier(v: &Value, id: &Identifier) -> bool {
    items(v)
        .iter()
        .any(|s| identifier_text(s) == Some(id.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Pair;

    fn id(s: &str) -> SingleValue {
        SingleValue::Identifier(s.into())
    }

    #[test]
    fn pair_unordered_directed_pair_ordered() {
        let p = |a: &str, b: &str| SingleValue::Pair(Pair::new(a, b));
        let d = |a: &str, b: &str| SingleValue::DirectedPair(Pair::new(a, b));
        assert!(single_eq(&p("A", "B"), &p("B", "A")));
        assert!(!single_eq(&d("A", "B"), &d("B", "A")));
        assert!(single_eq(&d("A", "B"), &d("A", "B")));
        assert!(!single_eq(&p("A", "B"), &d("A", "B")));
        assert!(!single_eq(
            &SingleValue::Integer(1),
            &SingleValue::Float(1.0)
        ));
    }

    #[test]
    fn matching_by_cardinality() {
        let m = |v: &[&str]| Value::Multiple(v.iter().map(|s| id(s)).collect());
        let o = |v: &[&str]| Value::Ordered(v.iter().map(|s| id(s)).collect());
        assert_eq!(values_match(&m(&["A", "B"]), &m(&["B", "A"])), Some(true));
        assert_eq!(values_match(&m(&["A", "A"]), &m(&["A", "B"])), Some(false));
        assert_eq!(values_match(&o(&["A", "B"]), &o(&["B", "A"])), Some(false));
        assert_eq!(values_match(&m(&["A"]), &o(&["A"])), Some(false));
        assert_eq!(values_match(&m(&[]), &m(&["A"])), None);
        assert_eq!(values_match(&Value::Null, &Value::Null), None);
        let r1 = Value::Record(vec![
            ("a".into(), Some(SingleValue::Integer(1))),
            ("b".into(), None),
        ]);
        let r2 = Value::Record(vec![
            ("b".into(), None),
            ("a".into(), Some(SingleValue::Integer(1))),
        ]);
        assert_eq!(values_match(&r1, &r2), Some(true));
    }

    #[test]
    fn conversion_for_assignment() {
        let mut t = false;
        assert_eq!(
            convert_for(
                Value::Single(SingleValue::Integer(2)),
                Cardinality::Single,
                Some(BaseType::Float),
                &mut t
            ),
            Ok(Value::Single(SingleValue::Float(2.0)))
        );
        assert!(!t);
        assert_eq!(
            convert_for(
                Value::Single(SingleValue::Float(-2.7)),
                Cardinality::Single,
                Some(BaseType::Integer),
                &mut t
            ),
            Ok(Value::Single(SingleValue::Integer(-2)))
        );
        assert!(t);
        assert!(
            convert_for(
                Value::Single(id("A")),
                Cardinality::Single,
                Some(BaseType::Integer),
                &mut t
            )
            .is_err()
        );
        assert_eq!(
            convert_for(
                Value::Single(id("A")),
                Cardinality::Multiple,
                Some(BaseType::Identifier),
                &mut t
            ),
            Ok(Value::Multiple(vec![id("A")]))
        );
        assert!(
            convert_for(
                Value::Multiple(vec![id("A")]),
                Cardinality::Single,
                Some(BaseType::Identifier),
                &mut t
            )
            .is_err()
        );
        assert_eq!(
            convert_for(Value::Multiple(vec![]), Cardinality::Single, None, &mut t),
            Ok(Value::Null)
        );
        assert_eq!(float_to_int(2.5), None);
        assert_eq!(float_to_int(f64::NAN), None);
    }
}
