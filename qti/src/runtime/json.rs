//! Response and outcome values as JSON: the PCI JSON representation (`{"base": {"identifier":
//! "A"}}`, `{"list": {"pair": [["A","B"]]}}`, `{"record": [...]}`, `{"base": null}`) and a plain
//! form (a string in QTI's XML value syntax, a number, a boolean, an array of those, an object
//! for a record, or `null`) read through the variable's declaration.

use lti_core::xml::attr::parse_double;
use serde_json::{Map, Value as Json, json};

use crate::value::{BaseType, Cardinality, Identifier, Pair, Point, SingleValue, Value};

use super::values::normalize;

/// Why a JSON value could not be read as a QTI value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {detail}")]
#[non_exhaustive]
pub struct JsonValueError {
    /// A JSON pointer to the offending value.
    pub pointer: String,
    /// What is wrong.
    pub detail: String,
}

impl JsonValueError {
    /// The stable code.
    pub const fn code(&self) -> &'static str {
        super::codes::INVALID_JSON_VALUE
    }

    fn new(pointer: &str, detail: impl Into<String>) -> Self {
        Self {
            pointer: pointer.to_owned(),
            detail: detail.into(),
        }
    }
}

type Res<T> = Result<T, JsonValueError>;

/// Whether a JSON value looks like the PCI representation (an object whose only key is
/// `base`, `list` or `record`).
pub fn is_pci(j: &Json) -> bool {
    matches!(j, Json::Object(m) if m.len() == 1 && (m.contains_key("base") || m.contains_key("list") || m.contains_key("record")))
}

/// Reads a value in either form for a variable of the given cardinality and base type.
pub fn read_value(
    j: &Json,
    cardinality: Cardinality,
    base_type: Option<BaseType>,
    pointer: &str,
) -> Res<Value> {
    if is_pci(j) {
        // A PCI list does not say whether it is ordered: the declaration decides.
        match read_pci(j, pointer)? {
            Value::Ordered(items) if cardinality == Cardinality::Multiple => {
                Ok(Value::Multiple(items))
            }
            v => Ok(v),
        }
    } else {
        read_plain(j, cardinality, base_type, pointer)
    }
}

fn plain_single(j: &Json, bt: Option<BaseType>, ptr: &str) -> Res<SingleValue> {
    let parse = |bt: BaseType, t: &str| {
        SingleValue::parse(bt, t).map_err(|e| JsonValueError::new(ptr, e.to_string()))
    };
    match (j, bt) {
        (Json::String(s), Some(bt)) => parse(bt, s),
        (Json::String(s), None) => Ok(SingleValue::String(s.clone())),
        (Json::Bool(b), Some(BaseType::Boolean) | None) => Ok(SingleValue::Boolean(*b)),
        (Json::Number(n), Some(BaseType::Integer | BaseType::IntOrIdentifier)) => n
            .as_i64()
            .map(|i| {
                if bt == Some(BaseType::IntOrIdentifier) {
                    SingleValue::IntOrIdentifierInt(i)
                } else {
                    SingleValue::Integer(i)
                }
            })
            .ok_or_else(|| JsonValueError::new(ptr, format!("{n} is not an integer"))),
        (Json::Number(n), Some(BaseType::Float)) => n
            .as_f64()
            .map(SingleValue::Float)
            .ok_or_else(|| JsonValueError::new(ptr, format!("{n} is not a number"))),
        (Json::Number(n), Some(BaseType::Duration)) => n
            .as_f64()
            .map(SingleValue::Duration)
            .ok_or_else(|| JsonValueError::new(ptr, format!("{n} is not a number"))),
        (Json::Number(n), None) => Ok(n.as_i64().map_or_else(
            || SingleValue::Float(n.as_f64().unwrap_or(f64::NAN)),
            SingleValue::Integer,
        )),
        (Json::Number(n), Some(bt)) => parse(bt, &n.to_string()),
        (
            Json::Array(a),
            Some(bt @ (BaseType::Pair | BaseType::DirectedPair | BaseType::Point)),
        ) if a.len() == 2 => {
            let t: Vec<String> = a
                .iter()
                .map(|x| match x {
                    Json::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            parse(bt, &t.join(" "))
        }
        (other, bt) => Err(JsonValueError::new(
            ptr,
            format!(
                "{other} is not a {} value",
                bt.map_or("record field", BaseType::as_str)
            ),
        )),
    }
}

/// Reads the plain form.
pub fn read_plain(
    j: &Json,
    cardinality: Cardinality,
    base_type: Option<BaseType>,
    ptr: &str,
) -> Res<Value> {
    if j.is_null() {
        return Ok(Value::Null);
    }
    match cardinality {
        Cardinality::Single => plain_single(j, base_type, ptr).map(Value::Single),
        Cardinality::Multiple | Cardinality::Ordered => {
            let items: Vec<SingleValue> = match j {
                // A point or pair given as a 2-array for a container of one is ambiguous: an
                // array is always the container.
                Json::Array(a) => a
                    .iter()
                    .enumerate()
                    .map(|(i, x)| plain_single(x, base_type, &format!("{ptr}/{i}")))
                    .collect::<Res<_>>()?,
                other => vec![plain_single(other, base_type, ptr)?],
            };
            Ok(normalize(if cardinality == Cardinality::Ordered {
                Value::Ordered(items)
            } else {
                Value::Multiple(items)
            }))
        }
        Cardinality::Record => match j {
            Json::Object(m) => {
                let mut fields = Vec::with_capacity(m.len());
                for (k, v) in m {
                    let p = format!("{ptr}/{}", lti_core::location::escape_pointer_token(k));
                    let f = if v.is_null() {
                        None
                    } else if is_pci(v) {
                        match read_pci(v, &p)? {
                            Value::Single(s) => Some(s),
                            Value::Null => None,
                            _ => {
                                return Err(JsonValueError::new(
                                    &p,
                                    "a record field must be a single value",
                                ));
                            }
                        }
                    } else {
                        Some(plain_single(v, None, &p)?)
                    };
                    fields.push((Identifier::new(k.clone()), f));
                }
                Ok(normalize(Value::Record(fields)))
            }
            other => Err(JsonValueError::new(
                ptr,
                format!("{other} is not a record (an object)"),
            )),
        },
    }
}

fn pci_single(bt: &str, j: &Json, ptr: &str) -> Res<SingleValue> {
    let bad = || JsonValueError::new(ptr, format!("{j} is not a PCI {bt} value"));
    let s = || j.as_str().ok_or_else(bad);
    let ident = |t: &str| -> Res<Identifier> {
        match SingleValue::parse(BaseType::Identifier, t) {
            Ok(SingleValue::Identifier(i)) => Ok(i),
            _ => Err(JsonValueError::new(
                ptr,
                format!("{t:?} is not an identifier"),
            )),
        }
    };
    Ok(match bt {
        "identifier" => SingleValue::Identifier(ident(s()?)?),
        "boolean" => SingleValue::Boolean(j.as_bool().ok_or_else(bad)?),
        "integer" => SingleValue::Integer(j.as_i64().ok_or_else(bad)?),
        // A JSON number; infinities and NaN, which JSON numbers cannot carry, are written as
        // their `xs:double` names (`format_double`, see `to_pci`) and read back from them.
        "float" => SingleValue::Float(
            match j {
                Json::String(t) => parse_double(t).filter(|f| !f.is_finite()),
                _ => j.as_f64(),
            }
            .ok_or_else(bad)?,
        ),
        "string" => SingleValue::String(s()?.to_owned()),
        "uri" => SingleValue::Uri(s()?.to_owned()),
        "intOrIdentifier" => match j {
            Json::Number(n) => SingleValue::IntOrIdentifierInt(n.as_i64().ok_or_else(bad)?),
            Json::String(t) => SingleValue::IntOrIdentifierId(ident(t)?),
            _ => return Err(bad()),
        },
        "duration" => match j {
            Json::String(t) => SingleValue::parse(BaseType::Duration, t).map_err(|_| bad())?,
            Json::Number(n) => SingleValue::Duration(n.as_f64().ok_or_else(bad)?),
            _ => return Err(bad()),
        },
        "point" => match j.as_array().map(Vec::as_slice) {
            Some([x, y]) => SingleValue::Point(Point::new(
                x.as_i64().ok_or_else(bad)?,
                y.as_i64().ok_or_else(bad)?,
            )),
            _ => return Err(bad()),
        },
        "pair" | "directedPair" => match j.as_array().map(Vec::as_slice) {
            Some([Json::String(a), Json::String(b)]) => {
                let p = Pair::new(ident(a)?, ident(b)?);
                if bt == "pair" {
                    SingleValue::Pair(p)
                } else {
                    SingleValue::DirectedPair(p)
                }
            }
            _ => return Err(bad()),
        },
        "file" => match j {
            Json::String(t) => SingleValue::File(t.clone()),
            Json::Object(m) => SingleValue::File(
                m.get("data")
                    .and_then(Json::as_str)
                    .ok_or_else(bad)?
                    .to_owned(),
            ),
            _ => return Err(bad()),
        },
        other => {
            return Err(JsonValueError::new(
                ptr,
                format!("unknown PCI base type {other:?}"),
            ));
        }
    })
}

/// Reads the PCI JSON representation.
pub fn read_pci(j: &Json, ptr: &str) -> Res<Value> {
    let Json::Object(m) = j else {
        return Err(JsonValueError::new(ptr, "a PCI value is an object"));
    };
    if let Some(b) = m.get("base") {
        let p = format!("{ptr}/base");
        return match b {
            Json::Null => Ok(Value::Null),
            Json::Object(o) if o.len() == 1 => {
                let (bt, v) = o
                    .iter()
                    .next()
                    .ok_or_else(|| JsonValueError::new(&p, "empty"))?;
                if v.is_null() {
                    return Ok(Value::Null);
                }
                pci_single(bt, v, &format!("{p}/{bt}")).map(Value::Single)
            }
            _ => Err(JsonValueError::new(
                &p,
                "expected null or an object with one base type key",
            )),
        };
    }
    if let Some(l) = m.get("list") {
        let p = format!("{ptr}/list");
        return match l {
            Json::Null => Ok(Value::Null),
            Json::Object(o) if o.len() == 1 => {
                let (bt, v) = o
                    .iter()
                    .next()
                    .ok_or_else(|| JsonValueError::new(&p, "empty"))?;
                let Json::Array(a) = v else {
                    return Err(JsonValueError::new(
                        &format!("{p}/{bt}"),
                        "expected an array",
                    ));
                };
                let items = a
                    .iter()
                    .enumerate()
                    .map(|(i, x)| pci_single(bt, x, &format!("{p}/{bt}/{i}")))
                    .collect::<Res<Vec<_>>>()?;
                // PCI lists do not say whether they are ordered; the declaration decides
                // ([`read_value`] callers convert).
                Ok(normalize(Value::Ordered(items)))
            }
            _ => Err(JsonValueError::new(
                &p,
                "expected null or an object with one base type key",
            )),
        };
    }
    if let Some(r) = m.get("record") {
        let p = format!("{ptr}/record");
        let Json::Array(entries) = r else {
            return Err(JsonValueError::new(&p, "expected an array of fields"));
        };
        let mut fields = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let ep = format!("{p}/{i}");
            let name = e
                .get("name")
                .and_then(Json::as_str)
                .ok_or_else(|| JsonValueError::new(&ep, "a record field needs a name"))?;
            let value = match e.get("base") {
                Some(b) => read_pci(&json!({ "base": b }), &ep)?,
                None => {
                    return Err(JsonValueError::new(
                        &ep,
                        "a record field needs a base value",
                    ));
                }
            };
            let v = match value {
                Value::Single(s) => Some(s),
                _ => None,
            };
            fields.push((Identifier::new(name), v));
        }
        return Ok(normalize(Value::Record(fields)));
    }
    Err(JsonValueError::new(ptr, "expected base, list or record"))
}

fn duration_text(seconds: f64) -> String {
    format!("PT{}S", crate::value::format_double(seconds))
}

fn float_json(f: f64) -> Json {
    serde_json::Number::from_f64(f).map_or_else(
        || Json::String(crate::value::format_double(f)),
        Json::Number,
    )
}

/// A single value in plain JSON.
pub fn plain_single_json(s: &SingleValue) -> Json {
    match s {
        SingleValue::Boolean(b) => Json::Bool(*b),
        SingleValue::Integer(i) | SingleValue::IntOrIdentifierInt(i) => json!(i),
        SingleValue::Float(f) => float_json(*f),
        SingleValue::Duration(d) => Json::String(duration_text(*d)),
        other => Json::String(other.to_text()),
    }
}

/// A value in plain JSON (`null`, a scalar, an array, or an object for a record).
pub fn to_plain(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Single(s) => plain_single_json(s),
        Value::Multiple(x) | Value::Ordered(x) => {
            Json::Array(x.iter().map(plain_single_json).collect())
        }
        Value::Record(f) => Json::Object(
            f.iter()
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        v.as_ref().map_or(Json::Null, plain_single_json),
                    )
                })
                .collect::<Map<_, _>>(),
        ),
    }
}

fn pci_single_json(s: &SingleValue) -> Json {
    match s {
        SingleValue::Point(p) => json!([p.x, p.y]),
        SingleValue::Pair(p) | SingleValue::DirectedPair(p) => {
            json!([p.first.as_str(), p.second.as_str()])
        }
        other => plain_single_json(other),
    }
}

/// A value in the PCI JSON representation; `base_type` names the type of NULLs and empty
/// containers, `cardinality` distinguishes a NULL single from a NULL list.
pub fn to_pci(v: &Value, cardinality: Cardinality, base_type: Option<BaseType>) -> Json {
    let bt = |s: &SingleValue| s.base_type().as_str();
    match v {
        Value::Null => match cardinality {
            Cardinality::Single => json!({ "base": null }),
            Cardinality::Record => json!({ "record": [] }),
            _ => json!({ "list": base_type.map_or(Json::Null, |b| json!({ b.as_str(): [] })) }),
        },
        Value::Single(s) => json!({ "base": { bt(s): pci_single_json(s) } }),
        Value::Multiple(x) | Value::Ordered(x) => {
            let name = x
                .first()
                .map_or_else(|| base_type.map_or("string", BaseType::as_str), bt);
            json!({ "list": { name: x.iter().map(pci_single_json).collect::<Vec<_>>() } })
        }
        Value::Record(f) => json!({
            "record": f.iter().map(|(k, v)| match v {
                Some(s) => json!({ "name": k.as_str(), "base": { bt(s): pci_single_json(s) } }),
                None => json!({ "name": k.as_str(), "base": null }),
            }).collect::<Vec<_>>()
        }),
    }
}

/// Reads a JSON object of responses keyed by response identifier (each value in the PCI or
/// plain form) through an item's declarations.
pub fn read_responses(
    item: &super::CompiledItem,
    j: &Json,
) -> Result<Vec<(Identifier, Value)>, JsonValueError> {
    let Json::Object(m) = j else {
        return Err(JsonValueError::new(
            "",
            "responses must be a JSON object keyed by response identifier",
        ));
    };
    let mut out = Vec::with_capacity(m.len());
    for (k, v) in m {
        let ptr = format!("/{}", lti_core::location::escape_pointer_token(k));
        let d = item
            .variable(k)
            .filter(|d| d.kind == super::VariableKind::Response && !d.builtin)
            .ok_or_else(|| {
                JsonValueError::new(&ptr, format!("the item declares no response {k:?}"))
            })?;
        let value = read_value(v, d.cardinality, d.base_type, &ptr)?;
        let mut t = false;
        let value = super::values::convert_for(value, d.cardinality, d.base_type, &mut t)
            .map_err(|e| JsonValueError::new(&ptr, e.to_string()))?;
        out.push((d.identifier.clone(), value));
    }
    Ok(out)
}

/// The scoring report of an item session: `{"outcomes": {...}, "template": {...},
/// "feedback": [...]}` (built-in variables are left out of `outcomes` except
/// `completionStatus`); values plain, or in PCI JSON with `pci`.
pub fn session_report(item: &super::CompiledItem, s: &super::ItemSession, pci: bool) -> Json {
    let conv = |d: &super::Variable, v: &Value| {
        if pci {
            to_pci(v, d.cardinality, d.base_type)
        } else {
            to_plain(v)
        }
    };
    let mut outcomes = Map::new();
    for (d, v) in s.values_of(item, super::VariableKind::Outcome) {
        outcomes.insert(d.identifier.to_string(), conv(d, v));
    }
    let mut template = Map::new();
    for (d, v) in s.values_of(item, super::VariableKind::Template) {
        template.insert(d.identifier.to_string(), conv(d, v));
    }
    let feedback: Vec<Json> = item
        .shown_feedback(s)
        .into_iter()
        .map(|f| json!({ "kind": f.kind.element_name(), "identifier": f.identifier.as_str(), "variable": f.variable.as_str() }))
        .collect();
    json!({ "outcomes": outcomes, "template": template, "feedback": feedback })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> SingleValue {
        SingleValue::Identifier(s.into())
    }

    #[test]
    fn plain_forms() {
        let r = |j: Json, c, b| read_value(&j, c, b, "");
        assert_eq!(
            r(json!("A"), Cardinality::Single, Some(BaseType::Identifier)),
            Ok(Value::Single(id("A")))
        );
        assert_eq!(
            r(
                json!("A B"),
                Cardinality::Single,
                Some(BaseType::DirectedPair)
            ),
            Ok(Value::Single(SingleValue::DirectedPair(Pair::new(
                "A", "B"
            ))))
        );
        assert_eq!(
            r(json!("10 20"), Cardinality::Single, Some(BaseType::Point)),
            Ok(Value::Single(SingleValue::Point(Point::new(10, 20))))
        );
        assert_eq!(
            r(json!("PT1M"), Cardinality::Single, Some(BaseType::Duration)),
            Ok(Value::Single(SingleValue::Duration(60.0)))
        );
        assert_eq!(
            r(json!(3), Cardinality::Single, Some(BaseType::Float)),
            Ok(Value::Single(SingleValue::Float(3.0)))
        );
        assert_eq!(
            r(json!(true), Cardinality::Single, Some(BaseType::Boolean)),
            Ok(Value::Single(SingleValue::Boolean(true)))
        );
        assert_eq!(
            r(
                json!(["A", "B"]),
                Cardinality::Multiple,
                Some(BaseType::Identifier)
            ),
            Ok(Value::Multiple(vec![id("A"), id("B")]))
        );
        assert_eq!(
            r(json!([]), Cardinality::Multiple, Some(BaseType::Identifier)),
            Ok(Value::Null)
        );
        assert_eq!(
            r(
                json!(null),
                Cardinality::Ordered,
                Some(BaseType::Identifier)
            ),
            Ok(Value::Null)
        );
        assert!(r(json!(1.5), Cardinality::Single, Some(BaseType::Integer)).is_err());
        assert!(
            r(
                json!("A B"),
                Cardinality::Single,
                Some(BaseType::Identifier)
            )
            .is_err()
        );
        let rec = r(
            json!({"a": 1, "b": "x", "c": null}),
            Cardinality::Record,
            None,
        )
        .unwrap();
        assert_eq!(
            rec,
            Value::Record(vec![
                ("a".into(), Some(SingleValue::Integer(1))),
                ("b".into(), Some(SingleValue::String("x".into()))),
                ("c".into(), None),
            ])
        );
    }

    #[test]
    fn pci_forms() {
        let r = |j: Json| read_pci(&j, "");
        assert_eq!(
            r(json!({"base": {"identifier": "A"}})),
            Ok(Value::Single(id("A")))
        );
        assert_eq!(r(json!({"base": null})), Ok(Value::Null));
        assert_eq!(
            r(json!({"list": {"pair": [["A", "B"]]}})),
            Ok(Value::Ordered(vec![SingleValue::Pair(Pair::new("A", "B"))]))
        );
        assert_eq!(
            r(json!({"base": {"point": [1, 2]}})),
            Ok(Value::Single(SingleValue::Point(Point::new(1, 2))))
        );
        assert_eq!(
            r(json!({"base": {"duration": "PT2S"}})),
            Ok(Value::Single(SingleValue::Duration(2.0)))
        );
        assert_eq!(
            r(
                json!({"record": [{"name": "x", "base": {"float": 1.5}}, {"name": "y", "base": null}]})
            ),
            Ok(Value::Record(vec![
                ("x".into(), Some(SingleValue::Float(1.5))),
                ("y".into(), None)
            ]))
        );
        let e = r(json!({"base": {"identifier": 3}})).unwrap_err();
        assert_eq!(e.pointer, "/base/identifier");
        assert!(r(json!({"nope": 1})).is_err());
        assert!(r(json!({"base": {"bogus": 1}})).is_err());
        // Round trip.
        let v = Value::Multiple(vec![SingleValue::DirectedPair(Pair::new("A", "B"))]);
        let j = to_pci(&v, Cardinality::Multiple, Some(BaseType::DirectedPair));
        assert_eq!(j, json!({"list": {"directedPair": [["A", "B"]]}}));
        assert_eq!(
            to_pci(&Value::Null, Cardinality::Single, None),
            json!({"base": null})
        );
        assert_eq!(
            to_plain(&Value::Single(SingleValue::Duration(60.0))),
            json!("PT60S")
        );
        assert_eq!(
            to_plain(&Value::Single(SingleValue::Float(1.0))),
            json!(1.0)
        );
    }

    /// Found by fuzzing (`qti_responses`): a PCI list read for a `multiple` declaration came
    /// back `Ordered`, so a value written with `to_pci` did not read back equal.
    #[test]
    fn fuzz_regression_pci_list_for_a_multiple_declaration() {
        let items = vec![
            SingleValue::Identifier("A".into()),
            SingleValue::Identifier("C".into()),
        ];
        let v = Value::Multiple(items.clone());
        let pci = to_pci(&v, Cardinality::Multiple, Some(BaseType::Identifier));
        assert_eq!(
            read_value(&pci, Cardinality::Multiple, Some(BaseType::Identifier), ""),
            Ok(v)
        );
        assert_eq!(
            read_value(&pci, Cardinality::Ordered, Some(BaseType::Identifier), ""),
            Ok(Value::Ordered(items))
        );
    }

    /// Found by fuzzing (`qti_responses`, `crash-ad3d1c7c…`, input `{"NUM":"-INF"}`): a float
    /// response of minus infinity was written in PCI form as `"-INF"` (JSON numbers have no
    /// infinities) and that string was refused when read back.
    #[test]
    fn fuzz_regression_pci_infinite_float_reads_back() {
        for f in [f64::INFINITY, f64::NEG_INFINITY, 1.5, -0.0] {
            let v = Value::Single(SingleValue::Float(f));
            let pci = to_pci(&v, Cardinality::Single, Some(BaseType::Float));
            assert_eq!(
                read_value(&pci, Cardinality::Single, Some(BaseType::Float), ""),
                Ok(v),
                "{pci}"
            );
        }
        let nan = to_pci(
            &Value::Single(SingleValue::Float(f64::NAN)),
            Cardinality::Single,
            Some(BaseType::Float),
        );
        assert!(matches!(
            read_value(&nan, Cardinality::Single, Some(BaseType::Float), ""),
            Ok(Value::Single(SingleValue::Float(f))) if f.is_nan()
        ));
        // Other strings stay refused: PCI floats are JSON numbers.
        for bad in [
            json!({"base": {"float": "1.5"}}),
            json!({"base": {"float": "inf"}}),
        ] {
            assert!(read_value(&bad, Cardinality::Single, Some(BaseType::Float), "").is_err());
        }
    }
}
