//! Running rules: response processing, outcome processing, template processing.

use std::cell::Cell;

use crate::value::Value;

use super::eval::{Scope, TestScope};
use super::expr::{Rule, SetKind};
use super::rng::Prng;
use super::values::convert_for;
use super::{EngineError, Variable};

/// How a run of rules ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    /// All rules ran.
    Done,
    /// `exitResponse` / `exitTest` / `exitTemplate`.
    Exit,
    /// A `templateConstraint` failed: template processing restarts.
    Restart,
}

/// The mutable state rules work on.
pub(crate) struct State<'a> {
    pub(crate) decls: &'a [Variable],
    pub(crate) vars: &'a mut Vec<Value>,
    pub(crate) defaults: &'a mut Vec<(usize, Value)>,
    pub(crate) corrects: &'a mut Vec<(usize, Value)>,
    pub(crate) rng: &'a Cell<Prng>,
    pub(crate) test: Option<&'a dyn TestScope>,
    /// Set when a float was truncated on assignment to an integer variable.
    pub(crate) truncated: bool,
}

impl State<'_> {
    fn scope(&self) -> Scope<'_> {
        Scope {
            decls: self.decls,
            vars: self.vars,
            defaults: self.defaults,
            corrects: self.corrects,
            rng: self.rng,
            test: self.test,
        }
    }

    /// Runs rules in order.
    pub(crate) fn run(&mut self, rules: &[Rule]) -> Result<Flow, EngineError> {
        for r in rules {
            match r {
                Rule::Condition(branches) => {
                    for (cond, body) in branches {
                        let take = match cond {
                            None => true,
                            Some(c) => {
                                let sc = self.scope();
                                let v = sc.eval(c)?;
                                match &*v {
                                    Value::Single(crate::value::SingleValue::Boolean(b)) => *b,
                                    Value::Null => false,
                                    other => {
                                        return Err(EngineError::type_mismatch(
                                            "condition",
                                            format!(
                                                "a condition must be a single boolean, found {}",
                                                super::eval::describe(other)
                                            ),
                                        ));
                                    }
                                }
                            }
                        };
                        if take {
                            let f = self.run(body)?;
                            if f != Flow::Done {
                                return Ok(f);
                            }
                            break;
                        }
                    }
                }
                Rule::Set { target, kind, expr } => {
                    let v = self.scope().eval(expr)?.into_owned();
                    let d = &self.decls[*target];
                    let v = convert_for(v, d.cardinality, d.base_type, &mut self.truncated)?;
                    match kind {
                        SetKind::Value => self.vars[*target] = v,
                        SetKind::Correct => set_override(self.corrects, *target, v),
                        SetKind::Default => set_override(self.defaults, *target, v),
                    }
                }
                Rule::Lookup { target, expr } => {
                    let v = self.scope().eval(expr)?.into_owned();
                    let d = &self.decls[*target];
                    let out = d.lookup.as_ref().map_or(Value::Null, |t| t.lookup(&v));
                    self.vars[*target] =
                        convert_for(out, d.cardinality, d.base_type, &mut self.truncated)?;
                }
                Rule::Exit => return Ok(Flow::Exit),
                Rule::Constraint(e) => {
                    let sc = self.scope();
                    let v = sc.eval(e)?;
                    let ok = matches!(&*v, Value::Single(crate::value::SingleValue::Boolean(true)));
                    if !ok {
                        return Ok(Flow::Restart);
                    }
                }
            }
        }
        Ok(Flow::Done)
    }
}

fn set_override(list: &mut Vec<(usize, Value)>, slot: usize, v: Value) {
    match list.iter_mut().find(|(k, _)| *k == slot) {
        Some(e) => e.1 = v,
        None => list.push((slot, v)),
    }
}
