//! Built-in custom operators (the ones qti-sdk and the Citolab scoring engine ship, written
//! from their descriptions): string trimming, number parsing, CSV splitting and joining.

use crate::value::{SingleValue, Value};

use super::values::items;
use super::{CustomArgs, OperatorRegistry};

fn one_string(args: &[Value]) -> Result<Option<&str>, String> {
    match args {
        [Value::Null] => Ok(None),
        [Value::Single(SingleValue::String(s))] => Ok(Some(s)),
        _ => Err("expects one single string operand".to_owned()),
    }
}

fn trim(args: &[Value], _: &CustomArgs<'_>) -> Result<Value, String> {
    Ok(one_string(args)?.map_or(Value::Null, |s| {
        Value::Single(SingleValue::String(s.trim().to_owned()))
    }))
}

fn to_ascii(args: &[Value], _: &CustomArgs<'_>) -> Result<Value, String> {
    Ok(one_string(args)?.map_or(Value::Null, |s| {
        Value::Single(SingleValue::String(
            s.chars().filter(char::is_ascii).collect(),
        ))
    }))
}

fn parse_number(s: &str) -> Value {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Value::Single(SingleValue::Integer(i));
    }
    t.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map_or(Value::Null, |f| Value::Single(SingleValue::Float(f)))
}

fn parse_comma_decimal(args: &[Value], _: &CustomArgs<'_>) -> Result<Value, String> {
    Ok(
        one_string(args)?.map_or(Value::Null, |s| match parse_number(&s.replace(',', ".")) {
            Value::Single(SingleValue::Integer(i)) => Value::Single(SingleValue::Float(
                #[allow(clippy::cast_precision_loss, reason = "number parsed from text")]
                {
                    i as f64
                },
            )),
            v => v,
        }),
    )
}

fn string_to_number(args: &[Value], _: &CustomArgs<'_>) -> Result<Value, String> {
    Ok(one_string(args)?.map_or(Value::Null, parse_number))
}

fn split(args: &[Value], call: &CustomArgs<'_>, ordered: bool, sep: &str) -> Result<Value, String> {
    let Some(s) = one_string(args)? else {
        return Ok(Value::Null);
    };
    let sep = call
        .attributes
        .iter()
        .find(|(k, _)| k == "delimiter")
        .map_or(sep, |(_, v)| v.as_str());
    let parts: Vec<SingleValue> = s
        .split(sep)
        .map(|p| SingleValue::String(p.trim().to_owned()))
        .filter(|p| !matches!(p, SingleValue::String(x) if x.is_empty()))
        .collect();
    Ok(super::values::normalize(if ordered {
        Value::Ordered(parts)
    } else {
        Value::Multiple(parts)
    }))
}

fn implode(args: &[Value], call: &CustomArgs<'_>) -> Result<Value, String> {
    let sep = call
        .attributes
        .iter()
        .find(|(k, _)| k == "delimiter")
        .map_or(",", |(_, v)| v.as_str());
    let [v] = args else {
        return Err("expects one operand".to_owned());
    };
    if v.is_null() {
        return Ok(Value::Null);
    }
    let parts: Vec<String> = items(v).iter().map(SingleValue::to_text).collect();
    Ok(Value::Single(SingleValue::String(parts.join(sep))))
}

pub(super) fn register_builtins(r: &mut OperatorRegistry) {
    r.register_class("Trim", trim);
    r.register_class("trim", trim);
    r.register_class("ToAscii", to_ascii);
    r.register_class("ParseCommaDecimal", parse_comma_decimal);
    r.register_class("StringToNumber", string_to_number);
    r.register_class("CsvToMultiple", |a: &[Value], c: &CustomArgs<'_>| {
        split(a, c, false, ",")
    });
    r.register_class("CsvToOrdered", |a: &[Value], c: &CustomArgs<'_>| {
        split(a, c, true, ",")
    });
    r.register_class("Explode", |a: &[Value], c: &CustomArgs<'_>| {
        split(a, c, true, ",")
    });
    r.register_class("Implode", implode);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> Value {
        Value::Single(SingleValue::String(t.into()))
    }

    #[test]
    fn builtins() {
        let r = OperatorRegistry::with_builtins();
        let call = CustomArgs {
            class: None,
            definition: None,
            attributes: &[],
        };
        let t = r
            .find(
                Some("qtism.runtime.expressions.operators.custom.Trim"),
                None,
            )
            .unwrap();
        assert_eq!(t.evaluate(&[s("  a ")], &call), Ok(s("a")));
        assert_eq!(t.evaluate(&[Value::Null], &call), Ok(Value::Null));
        assert!(t.evaluate(&[], &call).is_err());
        let p = r.find(Some("ParseCommaDecimal"), None).unwrap();
        assert_eq!(
            p.evaluate(&[s("3,5")], &call),
            Ok(Value::Single(SingleValue::Float(3.5)))
        );
        assert_eq!(p.evaluate(&[s("x")], &call), Ok(Value::Null));
        let n = r.find(Some("StringToNumber"), None).unwrap();
        assert_eq!(
            n.evaluate(&[s("12")], &call),
            Ok(Value::Single(SingleValue::Integer(12)))
        );
        let a = r.find(Some("ToAscii"), None).unwrap();
        assert_eq!(a.evaluate(&[s("café")], &call), Ok(s("caf")));
        let c = r.find(Some("CsvToMultiple"), None).unwrap();
        assert_eq!(
            c.evaluate(&[s("a, b")], &call),
            Ok(Value::Multiple(vec![
                SingleValue::String("a".into()),
                SingleValue::String("b".into())
            ]))
        );
        let i = r.find(Some("Implode"), None).unwrap();
        assert_eq!(
            i.evaluate(
                &[Value::Ordered(vec![
                    SingleValue::Integer(1),
                    SingleValue::Integer(2)
                ])],
                &call
            ),
            Ok(s("1,2"))
        );
        assert!(r.find(Some("Nope"), Some("urn:x")).is_none());
    }
}
