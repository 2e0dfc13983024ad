//! Expression evaluation (QTI 2.1 info model §15 "Expressions"; the same 64 in 2.2 and 3.0).
//!
//! Each operator follows the spec's NULL rule (a NULL operand gives NULL unless the operator
//! says otherwise: `isNull`, `and`/`or`/`anyN`, `containerSize`, `multiple`/`ordered`,
//! `repeat`). Operands of the wrong base type or cardinality are run-time type errors.

use std::borrow::Cow;
use std::cell::Cell;

use crate::processing::{MathOperatorName, RoundingMode, StatsOperatorName, ToleranceMode};
use crate::value::{BaseType, Identifier, SingleValue, Value};

use super::EngineError;
use super::expr::{Expr, FloatArg, IntArg, NumberKind, Op, PatternArg, VarRef};
use super::rng::Prng;
use super::values::{as_number, items, single_eq, values_match};
use super::{CustomArgs, Variable};

/// What a test session offers to outcome processing and test-level expressions.
pub(crate) trait TestScope {
    /// The value of a name the test's own table does not have (`itemRef.VAR`, weighted).
    fn variable(&self, name: &str, weight: Option<&str>) -> Result<Value, EngineError>;
    /// The default value of such a name.
    fn default_of(&self, name: &str) -> Result<Value, EngineError>;
    /// The correct value of such a name.
    fn correct_of(&self, name: &str) -> Result<Value, EngineError>;
    /// `numberCorrect` and friends.
    fn number(&self, kind: NumberKind, subset: &crate::processing::ItemSubset) -> i64;
    /// `outcomeMaximum` / `outcomeMinimum`.
    fn outcome_extreme(
        &self,
        max: bool,
        subset: &crate::processing::ItemSubset,
        outcome: &str,
        weight: Option<&str>,
    ) -> Value;
    /// `testVariables`.
    fn test_variables(
        &self,
        subset: &crate::processing::ItemSubset,
        variable: &str,
        weight: Option<&str>,
        base_type: Option<BaseType>,
    ) -> Value;
}

/// The variables and services an expression is evaluated against.
pub(crate) struct Scope<'a> {
    pub(crate) decls: &'a [Variable],
    pub(crate) vars: &'a [Value],
    /// Session-specific defaults (`setDefaultValue`).
    pub(crate) defaults: &'a [(usize, Value)],
    /// Session-specific correct responses (`setCorrectResponse`).
    pub(crate) corrects: &'a [(usize, Value)],
    pub(crate) rng: &'a Cell<Prng>,
    pub(crate) test: Option<&'a dyn TestScope>,
}

type R<'a> = Result<Cow<'a, Value>, EngineError>;

fn owned<'a>(v: Value) -> R<'a> {
    Ok(Cow::Owned(v))
}

fn single(v: SingleValue) -> Value {
    Value::Single(v)
}

fn boolean<'a>(b: bool) -> R<'a> {
    owned(single(SingleValue::Boolean(b)))
}

fn float<'a>(f: f64) -> R<'a> {
    owned(single(SingleValue::Float(f)))
}

fn int<'a>(i: i64) -> R<'a> {
    owned(single(SingleValue::Integer(i)))
}

fn null<'a>() -> R<'a> {
    owned(Value::Null)
}

fn tm(op: &'static str, detail: impl Into<String>) -> EngineError {
    EngineError::type_mismatch(op, detail)
}

/// A number with its QTI type.
#[derive(Debug, Clone, Copy)]
enum Num {
    I(i64),
    F(f64),
}

impl Num {
    #[allow(clippy::cast_precision_loss, reason = "integer to float promotion")]
    const fn f(self) -> f64 {
        match self {
            Self::I(i) => i as f64,
            Self::F(f) => f,
        }
    }
}

fn num_of(op: &'static str, s: &SingleValue) -> Result<Num, EngineError> {
    match s {
        SingleValue::Integer(i) => Ok(Num::I(*i)),
        SingleValue::Float(f) => Ok(Num::F(*f)),
        other => Err(tm(
            op,
            format!("expects a number, found a {} value", other.base_type()),
        )),
    }
}

/// A single numeric operand; `None` for NULL.
fn single_num(op: &'static str, v: &Value) -> Result<Option<Num>, EngineError> {
    match v {
        v if v.is_null() => Ok(None),
        Value::Single(s) => num_of(op, s).map(Some),
        other => Err(tm(
            op,
            format!(
                "expects a single number, found a {} container",
                other
                    .cardinality()
                    .map_or("NULL", crate::value::Cardinality::as_str)
            ),
        )),
    }
}

/// The numbers of single or container operands; `None` when one is NULL.
fn all_nums(op: &'static str, vals: &[Cow<'_, Value>]) -> Result<Option<Vec<Num>>, EngineError> {
    let mut out = Vec::with_capacity(vals.len());
    for v in vals {
        if v.is_null() {
            return Ok(None);
        }
        match &**v {
            Value::Record(_) => return Err(tm(op, "expects numbers, found a record")),
            v => {
                for s in items(v) {
                    out.push(num_of(op, s)?);
                }
            }
        }
    }
    Ok(Some(out))
}

fn single_bool(op: &'static str, v: &Value) -> Result<Option<bool>, EngineError> {
    match v {
        v if v.is_null() => Ok(None),
        Value::Single(SingleValue::Boolean(b)) => Ok(Some(*b)),
        other => Err(tm(
            op,
            format!("expects a single boolean, found {}", describe(other)),
        )),
    }
}

fn single_str<'v>(op: &'static str, v: &'v Value) -> Result<Option<&'v str>, EngineError> {
    match v {
        v if v.is_null() => Ok(None),
        Value::Single(SingleValue::String(s)) => Ok(Some(s)),
        other => Err(tm(
            op,
            format!("expects a single string, found {}", describe(other)),
        )),
    }
}

fn single_duration(op: &'static str, v: &Value) -> Result<Option<f64>, EngineError> {
    match v {
        Value::Null => Ok(None),
        Value::Single(SingleValue::Duration(d)) => Ok(Some(*d)),
        other => Err(tm(
            op,
            format!("expects a single duration, found {}", describe(other)),
        )),
    }
}

/// A short description of a value's type for messages.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "NULL".to_owned(),
        Value::Single(s) => format!("a single {}", s.base_type()),
        Value::Multiple(x) => format!(
            "a multiple {}",
            x.first().map_or("(empty)", |s| s.base_type().as_str())
        ),
        Value::Ordered(x) => format!(
            "an ordered {}",
            x.first().map_or("(empty)", |s| s.base_type().as_str())
        ),
        Value::Record(_) => "a record".to_owned(),
    }
}

fn check_same_base(
    op: &'static str,
    a: &[SingleValue],
    b: &[SingleValue],
) -> Result<(), EngineError> {
    if let (Some(x), Some(y)) = (a.first(), b.first())
        && x.base_type() != y.base_type()
    {
        return Err(tm(
            op,
            format!(
                "operands have different base types ({} and {})",
                x.base_type(),
                y.base_type()
            ),
        ));
    }
    Ok(())
}

fn overflow(op: &'static str) -> EngineError {
    tm(op, "integer overflow")
}

/// Decimal rounding, half away from zero, on the shortest decimal representation of `x` (so
/// that 3.175 rounds to 3.18 as written, not as its binary approximation).
pub(crate) fn round_decimal(x: f64, mode: RoundingMode, figures: i64) -> Option<f64> {
    if !x.is_finite() {
        return Some(x);
    }
    if x == 0.0 {
        return Some(0.0);
    }
    let s = format!("{:e}", x.abs());
    let (mantissa, exp) = s.split_once('e')?;
    let exp: i64 = exp.parse().ok()?;
    let digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    // Value = 0.d1 d2 d3 … × 10^(exp+1).
    let keep: i64 = match mode {
        RoundingMode::SignificantFigures => figures,
        RoundingMode::DecimalPlaces => exp + 1 + figures,
    };
    let sign = if x < 0.0 { -1.0 } else { 1.0 };
    if keep < 0 {
        return Some(0.0);
    }
    let keep = usize::try_from(keep).ok()?;
    if keep >= digits.len() {
        return Some(x);
    }
    let mut kept: Vec<u8> = digits[..keep].to_vec();
    let mut exp = exp;
    if digits[keep] >= 5 {
        // Carry.
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, 1);
                exp += 1;
                break;
            }
            i -= 1;
            if kept[i] == 9 {
                kept[i] = 0;
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    if kept.is_empty() {
        return Some(0.0);
    }
    let text: String = kept.iter().map(|d| char::from(b'0' + d)).collect();
    let v: f64 = format!("0.{text}e{}", exp + 1).parse().ok()?;
    Some(sign * v)
}

impl Scope<'_> {
    fn slot_value(&self, r: &VarRef, weight: Option<&Identifier>) -> R<'_> {
        match r {
            VarRef::Slot(s) => self
                .vars
                .get(*s)
                .map(Cow::Borrowed)
                .ok_or_else(|| EngineError::unknown_variable(format!("#{s}"))),
            VarRef::Name(n) => match self.test {
                Some(t) => t
                    .variable(n, weight.map(Identifier::as_str))
                    .map(Cow::Owned),
                None => Err(EngineError::unknown_variable(n.as_str())),
            },
        }
    }

    pub(crate) fn default_value(&self, r: &VarRef) -> R<'_> {
        match r {
            VarRef::Slot(s) => {
                if let Some((_, v)) = self.defaults.iter().find(|(k, _)| k == s) {
                    return Ok(Cow::Borrowed(v));
                }
                self.decls
                    .get(*s)
                    .map(|d| Cow::Borrowed(&d.default))
                    .ok_or_else(|| EngineError::unknown_variable(format!("#{s}")))
            }
            VarRef::Name(n) => match self.test {
                Some(t) => t.default_of(n).map(Cow::Owned),
                None => Err(EngineError::unknown_variable(n.as_str())),
            },
        }
    }

    pub(crate) fn correct_value(&self, r: &VarRef) -> R<'_> {
        match r {
            VarRef::Slot(s) => {
                if let Some((_, v)) = self.corrects.iter().find(|(k, _)| k == s) {
                    return Ok(Cow::Borrowed(v));
                }
                self.decls
                    .get(*s)
                    .map(|d| Cow::Borrowed(&d.correct))
                    .ok_or_else(|| EngineError::unknown_variable(format!("#{s}")))
            }
            VarRef::Name(n) => match self.test {
                Some(t) => t.correct_of(n).map(Cow::Owned),
                None => Err(EngineError::unknown_variable(n.as_str())),
            },
        }
    }

    fn int_arg(&self, a: &IntArg, op: &'static str) -> Result<Option<i64>, EngineError> {
        match a {
            IntArg::Lit(i) => Ok(Some(*i)),
            IntArg::Var(r) => {
                let v = self.slot_value(r, None)?;
                match &*v {
                    Value::Null => Ok(None),
                    Value::Single(SingleValue::Integer(i)) => Ok(Some(*i)),
                    other => Err(tm(
                        op,
                        format!("attribute variable is {}, not an integer", describe(other)),
                    )),
                }
            }
        }
    }

    fn float_arg(&self, a: &FloatArg, op: &'static str) -> Result<Option<f64>, EngineError> {
        match a {
            FloatArg::Lit(f) => Ok(Some(*f)),
            FloatArg::Var(r) => {
                let v = self.slot_value(r, None)?;
                match &*v {
                    Value::Null => Ok(None),
                    Value::Single(s) => as_number(s).map(Some).ok_or_else(|| {
                        tm(
                            op,
                            format!("attribute variable is {}, not a number", describe(&v)),
                        )
                    }),
                    other => Err(tm(
                        op,
                        format!("attribute variable is {}, not a number", describe(other)),
                    )),
                }
            }
        }
    }

    fn next_rng<T>(&self, f: impl FnOnce(&mut Prng) -> T) -> T {
        let mut r = self.rng.get();
        let out = f(&mut r);
        self.rng.set(r);
        out
    }

    /// Evaluates an expression.
    #[allow(
        clippy::too_many_lines,
        reason = "one arm per operator of the specification"
    )]
    pub(crate) fn eval<'s>(&'s self, e: &'s Expr) -> R<'s> {
        let name = e.name;
        // Leaves first (no operand evaluation).
        match &e.op {
            Op::Const(v) => return Ok(Cow::Borrowed(v)),
            Op::Var { var, weight } => return self.slot_value(var, weight.as_ref()),
            Op::Default(r) => return self.default_value(r),
            Op::Correct(r) => return self.correct_value(r),
            Op::MapResponse(s) | Op::MapResponsePoint(s) => {
                let decl = &self.decls[*s];
                let v = self.vars.get(*s).unwrap_or(&Value::Null);
                let f = match (&e.op, &decl.mapping, &decl.area_mapping) {
                    (Op::MapResponse(_), Some(m), _) => m.map(v),
                    (Op::MapResponsePoint(_), _, Some(m)) => m.map(v),
                    _ => 0.0,
                };
                if matches!(v, Value::Record(_)) {
                    return Err(tm(name, "cannot map a record"));
                }
                return float(f);
            }
            Op::RandomInteger { min, max, step } => {
                let (Some(lo), Some(hi), Some(st)) = (
                    self.int_arg(min, name)?,
                    self.int_arg(max, name)?,
                    self.int_arg(step, name)?,
                ) else {
                    return null();
                };
                if st < 1 || hi < lo {
                    return Err(EngineError::invalid_argument(
                        name,
                        format!(
                            "randomInteger needs min ≤ max and step ≥ 1 (min {lo}, max {hi}, step {st})"
                        ),
                    ));
                }
                let count = u64::try_from((i128::from(hi) - i128::from(lo)) / i128::from(st) + 1)
                    .map_err(|_| EngineError::invalid_argument(name, "range too large"))?;
                let k = self.next_rng(|r| r.below(count));
                let v = i128::from(lo) + i128::from(k) * i128::from(st);
                return int(i64::try_from(v).map_err(|_| overflow(name))?);
            }
            Op::RandomFloat { min, max } => {
                let (Some(lo), Some(hi)) = (self.float_arg(min, name)?, self.float_arg(max, name)?)
                else {
                    return null();
                };
                if hi < lo || !lo.is_finite() || !hi.is_finite() {
                    return Err(EngineError::invalid_argument(
                        name,
                        format!("randomFloat needs finite min ≤ max (min {lo}, max {hi})"),
                    ));
                }
                let u = self.next_rng(Prng::unit_f64);
                return float(lo + u * (hi - lo));
            }
            Op::Number(kind, subset) => {
                let t = self.test.ok_or_else(|| not_in_test(name))?;
                return int(t.number(*kind, subset));
            }
            Op::OutcomeExtreme {
                max,
                subset,
                outcome,
                weight,
            } => {
                let t = self.test.ok_or_else(|| not_in_test(name))?;
                return owned(t.outcome_extreme(*max, subset, outcome, weight.as_deref()));
            }
            Op::TestVariables {
                subset,
                variable,
                weight,
                base_type,
            } => {
                let t = self.test.ok_or_else(|| not_in_test(name))?;
                return owned(t.test_variables(subset, variable, weight.as_deref(), *base_type));
            }
            _ => {}
        }

        // Short-circuit-free logic needs every operand (NULL rules), so evaluate them all;
        // up to four operands live on the stack.
        const NULL: Value = Value::Null;
        let mut small: [Cow<'s, Value>; 4] = [
            Cow::Borrowed(&NULL),
            Cow::Borrowed(&NULL),
            Cow::Borrowed(&NULL),
            Cow::Borrowed(&NULL),
        ];
        let mut large: Vec<Cow<'s, Value>> = Vec::new();
        let vals: &[Cow<'s, Value>] = if e.args.len() <= small.len() {
            for (slot, a) in small.iter_mut().zip(&*e.args) {
                *slot = self.eval(a)?;
            }
            &small[..e.args.len()]
        } else {
            large.reserve(e.args.len());
            for a in &*e.args {
                large.push(self.eval(a)?);
            }
            &large
        };
        let v0 = || -> &Value { vals.first().map_or(&Value::Null, |c| &**c) };
        let v1 = || -> &Value { vals.get(1).map_or(&Value::Null, |c| &**c) };

        match &e.op {
            Op::Multiple | Op::Ordered => {
                let ordered = matches!(e.op, Op::Ordered);
                let mut out: Vec<SingleValue> = Vec::new();
                for v in vals {
                    match &**v {
                        Value::Null => {}
                        Value::Single(s) => out.push(s.clone()),
                        Value::Multiple(x) if !ordered => out.extend(x.iter().cloned()),
                        Value::Ordered(x) if ordered => out.extend(x.iter().cloned()),
                        Value::Multiple(x) | Value::Ordered(x) if x.is_empty() => {}
                        other => {
                            return Err(tm(
                                name,
                                format!("cannot take {} as an operand", describe(other)),
                            ));
                        }
                    }
                    if let (Some(f), Some(l)) = (out.first(), out.last())
                        && f.base_type() != l.base_type()
                    {
                        return Err(tm(name, "operands have different base types"));
                    }
                }
                owned(if out.is_empty() {
                    Value::Null
                } else if ordered {
                    Value::Ordered(out)
                } else {
                    Value::Multiple(out)
                })
            }
            Op::ContainerSize => match v0() {
                Value::Null => int(0),
                Value::Multiple(x) | Value::Ordered(x) => {
                    int(i64::try_from(x.len()).unwrap_or(i64::MAX))
                }
                other => Err(tm(
                    name,
                    format!("expects a container, found {}", describe(other)),
                )),
            },
            Op::IsNull => boolean(v0().is_null()),
            Op::Index(n) => {
                let Some(n) = self.int_arg(n, name)? else {
                    return null();
                };
                match v0() {
                    Value::Null => null(),
                    Value::Ordered(x) => {
                        if n < 1 {
                            return Err(EngineError::invalid_argument(
                                name,
                                format!("index n must be ≥ 1, found {n}"),
                            ));
                        }
                        let i = usize::try_from(n - 1).unwrap_or(usize::MAX);
                        owned(x.get(i).cloned().map_or(Value::Null, single))
                    }
                    other => Err(tm(
                        name,
                        format!("expects an ordered container, found {}", describe(other)),
                    )),
                }
            }
            Op::FieldValue(f) => match v0() {
                Value::Null => null(),
                r @ Value::Record(_) => owned(
                    super::values::record_field(r, f)
                        .cloned()
                        .map_or(Value::Null, single),
                ),
                other => Err(tm(
                    name,
                    format!("expects a record, found {}", describe(other)),
                )),
            },
            Op::Random => match v0() {
                Value::Null => null(),
                Value::Multiple(x) | Value::Ordered(x) => {
                    let k = self.next_rng(|r| r.below(x.len() as u64));
                    owned(
                        x.get(usize::try_from(k).unwrap_or(0))
                            .cloned()
                            .map_or(Value::Null, single),
                    )
                }
                Value::Single(s) => owned(single(s.clone())),
                Value::Record(_) => Err(tm(name, "expects a container, found a record")),
            },
            Op::Member => {
                let (a, b) = (v0(), v1());
                if a.is_null() || b.is_null() {
                    return null();
                }
                let Value::Single(x) = a else {
                    return Err(tm(
                        name,
                        format!("first operand must be single, found {}", describe(a)),
                    ));
                };
                if matches!(b, Value::Record(_)) {
                    return Err(tm(name, "second operand must be a container"));
                }
                check_same_base(name, std::slice::from_ref(x), items(b))?;
                boolean(items(b).iter().any(|y| single_eq(x, y)))
            }
            Op::Delete => {
                let (a, b) = (v0(), v1());
                if a.is_null() || b.is_null() {
                    return null();
                }
                let Value::Single(x) = a else {
                    return Err(tm(
                        name,
                        format!("first operand must be single, found {}", describe(a)),
                    ));
                };
                check_same_base(name, std::slice::from_ref(x), items(b))?;
                let kept: Vec<SingleValue> = items(b)
                    .iter()
                    .filter(|y| !single_eq(x, y))
                    .cloned()
                    .collect();
                owned(match (kept.is_empty(), b) {
                    (true, _) => Value::Null,
                    (false, Value::Ordered(_)) => Value::Ordered(kept),
                    (false, Value::Multiple(_)) => Value::Multiple(kept),
                    (false, _) => return Err(tm(name, "second operand must be a container")),
                })
            }
            Op::Contains => {
                let (a, b) = (v0(), v1());
                if a.is_null() || b.is_null() {
                    return null();
                }
                let ordered = match (a, b) {
                    (Value::Ordered(_), Value::Ordered(_) | Value::Single(_))
                    | (Value::Single(_), Value::Ordered(_)) => true,
                    (Value::Multiple(_), Value::Multiple(_) | Value::Single(_))
                    | (Value::Single(_), Value::Multiple(_) | Value::Single(_)) => false,
                    _ => {
                        return Err(tm(
                            name,
                            format!(
                                "operands must be containers of the same cardinality, found {} and {}",
                                describe(a),
                                describe(b)
                            ),
                        ));
                    }
                };
                let (xs, ys) = (items(a), items(b));
                check_same_base(name, xs, ys)?;
                boolean(if ordered {
                    ys.len() <= xs.len()
                        && xs
                            .windows(ys.len())
                            .any(|w| w.iter().zip(ys).all(|(p, q)| single_eq(p, q)))
                } else {
                    let mut used = vec![false; xs.len()];
                    ys.iter().all(|y| {
                        match xs
                            .iter()
                            .enumerate()
                            .position(|(i, x)| !used[i] && single_eq(x, y))
                        {
                            Some(i) => {
                                used[i] = true;
                                true
                            }
                            None => false,
                        }
                    })
                })
            }
            Op::Repeat(n) => {
                let Some(n) = self.int_arg(n, name)? else {
                    return null();
                };
                // One repetition's values, then the size of the result checked before it is
                // built: the count may be up to 2^63 (operands that add nothing must not spin).
                let mut unit = Vec::new();
                for v in vals {
                    match &**v {
                        Value::Null => {}
                        Value::Single(s) => unit.push(s.clone()),
                        Value::Ordered(x) => unit.extend(x.iter().cloned()),
                        other => {
                            return Err(tm(name, format!("cannot repeat {}", describe(other))));
                        }
                    }
                }
                let times = usize::try_from(n.max(0)).unwrap_or(usize::MAX);
                let total = if unit.is_empty() {
                    0
                } else {
                    times
                        .checked_mul(unit.len())
                        .filter(|t| *t <= super::MAX_REPEAT_VALUES)
                        .ok_or_else(|| {
                            EngineError::invalid_argument(
                                name,
                                format!(
                                    "the result would hold more than {} values",
                                    super::MAX_REPEAT_VALUES
                                ),
                            )
                        })?
                };
                let mut out = Vec::with_capacity(total);
                while out.len() < total {
                    out.extend(unit.iter().cloned());
                }
                if let (Some(f), true) = (out.first(), true)
                    && out.iter().any(|s| s.base_type() != f.base_type())
                {
                    return Err(tm(name, "operands have different base types"));
                }
                owned(if out.is_empty() {
                    Value::Null
                } else {
                    Value::Ordered(out)
                })
            }
            Op::And | Op::Or => {
                let is_and = matches!(e.op, Op::And);
                let mut any_null = false;
                for v in vals {
                    match single_bool(name, v)? {
                        None => any_null = true,
                        Some(b) if b != is_and => return boolean(b),
                        Some(_) => {}
                    }
                }
                if any_null { null() } else { boolean(is_and) }
            }
            Op::Not => match single_bool(name, v0())? {
                None => null(),
                Some(b) => boolean(!b),
            },
            Op::AnyN { min, max } => {
                let (Some(min), Some(max)) = (self.int_arg(min, name)?, self.int_arg(max, name)?)
                else {
                    return null();
                };
                let (mut t, mut f, mut n) = (0i64, 0i64, 0i64);
                for v in vals {
                    match single_bool(name, v)? {
                        Some(true) => t += 1,
                        Some(false) => f += 1,
                        None => n += 1,
                    }
                }
                let total = t + f + n;
                if t > max || f > total - min {
                    boolean(false)
                } else if t >= min && t + n <= max {
                    boolean(true)
                } else if n == 0 {
                    boolean(t >= min && t <= max)
                } else {
                    null()
                }
            }
            Op::Match => {
                let (a, b) = (v0(), v1());
                if a.is_null() || b.is_null() {
                    return null();
                }
                if a.cardinality() != b.cardinality() {
                    return Err(tm(
                        name,
                        format!(
                            "operands differ in cardinality ({} and {})",
                            describe(a),
                            describe(b)
                        ),
                    ));
                }
                check_same_base(name, items(a), items(b))?;
                boolean(values_match(a, b).unwrap_or(false))
            }
            Op::StringMatch {
                case_sensitive,
                substring,
            } => {
                let (Some(a), Some(b)) = (single_str(name, v0())?, single_str(name, v1())?) else {
                    return null();
                };
                let (a, b): (Cow<'_, str>, Cow<'_, str>) = if *case_sensitive {
                    (a.into(), b.into())
                } else {
                    (a.to_lowercase().into(), b.to_lowercase().into())
                };
                boolean(if *substring { a.contains(&*b) } else { a == b })
            }
            Op::PatternMatch(p) => {
                let Some(s) = single_str(name, v0())? else {
                    return null();
                };
                match p {
                    PatternArg::Lit(r) => boolean(r.is_match(s)),
                    PatternArg::Var(r) => {
                        let pv = self.slot_value(r, None)?;
                        let Some(pat) = single_str(name, &pv)? else {
                            return null();
                        };
                        let re = super::xsd_regex::compile(pat).map_err(|e| {
                            EngineError::InvalidPattern {
                                pattern: e.pattern,
                                detail: e.detail,
                            }
                        })?;
                        boolean(re.is_match(s))
                    }
                }
            }
            Op::Equal {
                mode,
                t0,
                t1,
                include_lower,
                include_upper,
            } => {
                let (Some(x), Some(y)) = (single_num(name, v0())?, single_num(name, v1())?) else {
                    return null();
                };
                let (x, y) = (x.f(), y.f());
                #[allow(clippy::float_cmp, reason = "exact mode")]
                let r = match mode {
                    ToleranceMode::Exact => x == y,
                    _ => {
                        let (Some(a), Some(b)) =
                            (self.float_arg(t0, name)?, self.float_arg(t1, name)?)
                        else {
                            return null();
                        };
                        let (lo, hi) = if *mode == ToleranceMode::Absolute {
                            (x - a, x + b)
                        } else {
                            (x * (1.0 - a / 100.0), x * (1.0 + b / 100.0))
                        };
                        let (lo, hi) = (lo.min(hi), lo.max(hi));
                        (if *include_lower { y >= lo } else { y > lo })
                            && (if *include_upper { y <= hi } else { y < hi })
                    }
                };
                boolean(r)
            }
            Op::EqualRounded { mode, figures } => {
                let (Some(x), Some(y)) = (single_num(name, v0())?, single_num(name, v1())?) else {
                    return null();
                };
                let Some(fig) = self.int_arg(figures, name)? else {
                    return null();
                };
                check_figures(name, *mode, fig)?;
                let rx = round_decimal(x.f(), *mode, fig);
                let ry = round_decimal(y.f(), *mode, fig);
                #[allow(clippy::float_cmp, reason = "comparing rounded values")]
                boolean(rx.is_some() && rx == ry)
            }
            Op::Inside(shape) => match v0() {
                Value::Null => null(),
                Value::Record(_) => Err(tm(name, "expects points, found a record")),
                v => {
                    let mut any = false;
                    for s in items(v) {
                        let SingleValue::Point(p) = s else {
                            return Err(tm(name, format!("expects points, found {}", describe(v))));
                        };
                        any |= shape.contains(*p);
                    }
                    boolean(any)
                }
            },
            Op::Lt | Op::Gt | Op::Lte | Op::Gte => {
                let (Some(x), Some(y)) = (single_num(name, v0())?, single_num(name, v1())?) else {
                    return null();
                };
                let r = match (x, y) {
                    (Num::I(a), Num::I(b)) => match e.op {
                        Op::Lt => a < b,
                        Op::Gt => a > b,
                        Op::Lte => a <= b,
                        _ => a >= b,
                    },
                    _ => {
                        let (a, b) = (x.f(), y.f());
                        match e.op {
                            Op::Lt => a < b,
                            Op::Gt => a > b,
                            Op::Lte => a <= b,
                            _ => a >= b,
                        }
                    }
                };
                boolean(r)
            }
            Op::DurationLt | Op::DurationGte => {
                let (Some(a), Some(b)) =
                    (single_duration(name, v0())?, single_duration(name, v1())?)
                else {
                    return null();
                };
                boolean(if matches!(e.op, Op::DurationLt) {
                    a < b
                } else {
                    a >= b
                })
            }
            Op::Substring { case_sensitive } => {
                let (Some(a), Some(b)) = (single_str(name, v0())?, single_str(name, v1())?) else {
                    return null();
                };
                boolean(if *case_sensitive {
                    b.contains(a)
                } else {
                    b.to_lowercase().contains(&a.to_lowercase())
                })
            }
            Op::Sum | Op::Product | Op::Min | Op::Max => {
                let Some(ns) = all_nums(name, vals)? else {
                    return null();
                };
                if ns.is_empty() {
                    return null();
                }
                let all_int = ns.iter().all(|n| matches!(n, Num::I(_)));
                if all_int {
                    let is: Vec<i64> = ns
                        .iter()
                        .map(|n| if let Num::I(i) = n { *i } else { 0 })
                        .collect();
                    let r = match e.op {
                        Op::Sum => is.iter().try_fold(0i64, |a, b| a.checked_add(*b)),
                        Op::Product => is.iter().try_fold(1i64, |a, b| a.checked_mul(*b)),
                        Op::Min => is.iter().copied().min(),
                        _ => is.iter().copied().max(),
                    };
                    int(r.ok_or_else(|| overflow(name))?)
                } else {
                    let fs = ns.iter().map(|n| n.f());
                    let r = match e.op {
                        Op::Sum => fs.sum(),
                        Op::Product => fs.product(),
                        Op::Min => fs.fold(f64::INFINITY, f64::min),
                        _ => fs.fold(f64::NEG_INFINITY, f64::max),
                    };
                    // A float result that overflowed (or an operand that was not finite) has
                    // no QTI value: NULL, as for divide and power.
                    if r.is_finite() { float(r) } else { null() }
                }
            }
            Op::Subtract => {
                let (Some(x), Some(y)) = (single_num(name, v0())?, single_num(name, v1())?) else {
                    return null();
                };
                match (x, y) {
                    (Num::I(a), Num::I(b)) => {
                        int(a.checked_sub(b).ok_or_else(|| overflow(name))?)
                    }
                    _ => {
                        let r = x.f() - y.f();
                        if r.is_finite() { float(r) } else { null() }
                    }
                }
            }
            Op::Divide => {
                let (Some(x), Some(y)) = (single_num(name, v0())?, single_num(name, v1())?) else {
                    return null();
                };
                let r = x.f() / y.f();
                if y.f() == 0.0 || !r.is_finite() {
                    null()
                } else {
                    float(r)
                }
            }
            Op::Power => {
                let (Some(x), Some(y)) = (single_num(name, v0())?, single_num(name, v1())?) else {
                    return null();
                };
                let r = x.f().powf(y.f());
                if r.is_finite() { float(r) } else { null() }
            }
            Op::IntegerDivide | Op::IntegerModulus => {
                let (Some(x), Some(y)) = (single_num(name, v0())?, single_num(name, v1())?) else {
                    return null();
                };
                let (Num::I(a), Num::I(b)) = (x, y) else {
                    return Err(tm(name, "expects integers"));
                };
                if b == 0 {
                    return null();
                }
                let mut q = a.checked_div(b).ok_or_else(|| overflow(name))?;
                if a % b != 0 && ((a < 0) != (b < 0)) {
                    q -= 1;
                }
                if matches!(e.op, Op::IntegerDivide) {
                    int(q)
                } else {
                    int(a - q * b)
                }
            }
            Op::Truncate | Op::Round => {
                let Some(x) = single_num(name, v0())? else {
                    return null();
                };
                match x {
                    Num::I(i) => int(i),
                    Num::F(f) => {
                        let r = if matches!(e.op, Op::Truncate) {
                            f.trunc()
                        } else {
                            (f + 0.5).floor()
                        };
                        match super::values::float_to_int(r) {
                            Some(i) => int(i),
                            None => null(),
                        }
                    }
                }
            }
            Op::RoundTo { mode, figures } => {
                let Some(x) = single_num(name, v0())? else {
                    return null();
                };
                let Some(fig) = self.int_arg(figures, name)? else {
                    return null();
                };
                check_figures(name, *mode, fig)?;
                match round_decimal(x.f(), *mode, fig) {
                    Some(r) => float(r),
                    None => null(),
                }
            }
            Op::IntegerToFloat => match single_num(name, v0())? {
                None => null(),
                Some(Num::I(i)) => float(Num::I(i).f()),
                Some(Num::F(_)) => Err(tm(name, "expects an integer, found a float")),
            },
            Op::Gcd | Op::Lcm => {
                let Some(ns) = all_nums(name, vals)? else {
                    return null();
                };
                let mut is = Vec::with_capacity(ns.len());
                for n in ns {
                    match n {
                        Num::I(i) => is.push(i.unsigned_abs()),
                        Num::F(_) => return Err(tm(name, "expects integers, found a float")),
                    }
                }
                if is.is_empty() {
                    return null();
                }
                fn gcd(mut a: u64, mut b: u64) -> u64 {
                    while b != 0 {
                        (a, b) = (b, a % b);
                    }
                    a
                }
                let r = if matches!(e.op, Op::Gcd) {
                    is.iter().fold(0, |a, b| gcd(a, *b))
                } else if is.contains(&0) {
                    0
                } else {
                    let mut acc: u64 = 1;
                    for b in is {
                        acc = (acc / gcd(acc, b))
                            .checked_mul(b)
                            .ok_or_else(|| overflow(name))?;
                    }
                    acc
                };
                int(i64::try_from(r).map_err(|_| overflow(name))?)
            }
            Op::Math(m) => {
                let Some(x) = single_num(name, v0())? else {
                    return null();
                };
                let y = if *m == MathOperatorName::Atan2 {
                    match single_num(name, v1())? {
                        Some(y) => Some(y),
                        None => return null(),
                    }
                } else {
                    None
                };
                math(*m, x, y)
            }
            Op::Stats(s) => {
                let v = v0();
                if v.is_null() {
                    return null();
                }
                if matches!(v, Value::Record(_)) {
                    return Err(tm(name, "expects a container of numbers, found a record"));
                }
                let mut xs = Vec::new();
                for s in items(v) {
                    xs.push(num_of(name, s)?.f());
                }
                #[allow(clippy::cast_precision_loss, reason = "counts")]
                let n = xs.len() as f64;
                let mean = xs.iter().sum::<f64>() / n;
                let ss: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
                let r = match s {
                    StatsOperatorName::Mean => Some(mean),
                    StatsOperatorName::SampleVariance => (xs.len() > 1).then(|| ss / (n - 1.0)),
                    StatsOperatorName::SampleSd => (xs.len() > 1).then(|| (ss / (n - 1.0)).sqrt()),
                    StatsOperatorName::PopVariance => Some(ss / n),
                    StatsOperatorName::PopSd => Some((ss / n).sqrt()),
                };
                match r {
                    Some(r) if r.is_finite() => float(r),
                    _ => null(),
                }
            }
            Op::Custom(c) => {
                let args: Vec<Value> = vals.iter().map(|v| (**v).clone()).collect();
                let call = CustomArgs {
                    class: c.class.as_deref(),
                    definition: c.definition.as_deref(),
                    attributes: &c.attributes,
                };
                c.operator
                    .evaluate(&args, &call)
                    .map(|v| Cow::Owned(super::values::normalize(v)))
                    .map_err(EngineError::CustomOperatorFailed)
            }
            _ => Err(EngineError::Unsupported(format!("{name} in this position"))),
        }
    }
}

fn not_in_test(name: &'static str) -> EngineError {
    EngineError::Unsupported(format!(
        "{name} is only available in test outcome processing"
    ))
}

fn check_figures(name: &'static str, mode: RoundingMode, fig: i64) -> Result<(), EngineError> {
    let ok = match mode {
        RoundingMode::SignificantFigures => fig >= 1,
        RoundingMode::DecimalPlaces => fig >= 0,
    };
    if ok {
        Ok(())
    } else {
        Err(EngineError::invalid_argument(
            name,
            format!("figures {fig} is out of range for {}", mode.as_str()),
        ))
    }
}

fn math<'a>(m: MathOperatorName, x: Num, y: Option<Num>) -> R<'a> {
    use MathOperatorName as M;
    let f = x.f();
    let finite = |r: f64| if r.is_finite() { float(r) } else { null() };
    match m {
        M::Signum | M::Floor | M::Ceil => {
            if f.is_nan() {
                return null();
            }
            let r = match m {
                M::Signum => {
                    if f > 0.0 {
                        1.0
                    } else if f < 0.0 {
                        -1.0
                    } else {
                        0.0
                    }
                }
                M::Floor => f.floor(),
                _ => f.ceil(),
            };
            match super::values::float_to_int(r) {
                Some(i) => int(i),
                None => null(),
            }
        }
        M::Abs => match x {
            Num::I(i) => match i.checked_abs() {
                Some(a) => int(a),
                None => null(),
            },
            Num::F(f) => finite(f.abs()),
        },
        M::Sin => finite(f.sin()),
        M::Cos => finite(f.cos()),
        M::Tan => finite(f.tan()),
        M::Sec => finite(1.0 / f.cos()),
        M::Csc => finite(1.0 / f.sin()),
        M::Cot => finite(1.0 / f.tan()),
        M::Asin => finite(f.asin()),
        M::Acos => finite(f.acos()),
        M::Atan => finite(f.atan()),
        M::Atan2 => finite(f.atan2(y.map_or(f64::NAN, Num::f))),
        M::Asec => finite((1.0 / f).acos()),
        M::Acsc => finite((1.0 / f).asin()),
        M::Acot => finite(if f == 0.0 {
            std::f64::consts::FRAC_PI_2
        } else {
            (1.0 / f).atan()
        }),
        M::Sinh => finite(f.sinh()),
        M::Cosh => finite(f.cosh()),
        M::Tanh => finite(f.tanh()),
        M::Sech => finite(1.0 / f.cosh()),
        M::Csch => finite(1.0 / f.sinh()),
        M::Coth => finite(1.0 / f.tanh()),
        M::Log => finite(if f > 0.0 { f.log10() } else { f64::NAN }),
        M::Ln => finite(if f > 0.0 { f.ln() } else { f64::NAN }),
        M::Exp => finite(f.exp()),
        M::ToDegrees => finite(f.to_degrees()),
        M::ToRadians => finite(f.to_radians()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_rounding() {
        let sf = RoundingMode::SignificantFigures;
        let dp = RoundingMode::DecimalPlaces;
        assert_eq!(round_decimal(3.175, sf, 3), Some(3.18));
        assert_eq!(round_decimal(3.175, dp, 2), Some(3.18));
        assert_eq!(round_decimal(3.1749, sf, 3), Some(3.17));
        assert_eq!(round_decimal(-3.175, dp, 2), Some(-3.18));
        assert_eq!(round_decimal(1234.5, sf, 2), Some(1200.0));
        assert_eq!(round_decimal(9.99, sf, 2), Some(10.0));
        assert_eq!(round_decimal(0.0449, dp, 1), Some(0.0));
        assert_eq!(round_decimal(0.05, dp, 1), Some(0.1));
        assert_eq!(round_decimal(0.004, dp, 1), Some(0.0));
        assert_eq!(round_decimal(12.0, dp, 0), Some(12.0));
    }
}
