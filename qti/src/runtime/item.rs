//! Compiled items and item sessions (QTI 2.1 info model §4 "Item session lifecycle", §5 built-in
//! variables, §13 response processing, §14 template processing).

use std::cell::Cell;
use std::collections::HashMap;

use lti_core::Problem;
use serde::{Deserialize, Serialize};

use crate::item::AssessmentItem;
use crate::value::{BaseType, Cardinality, Identifier, SingleValue, Value};

use super::compile::{Compiler, Resolver};
use super::exec::{Flow, State};
use super::expr::Rule;
use super::feedback::FeedbackSpec;
use super::mapping::{CompiledAreaMapping, CompiledLookup, CompiledMapping};
use super::rng::Prng;
use super::shuffle::ChoiceOrder;
use super::values::convert_for;
use super::{EngineError, OperatorRegistry, Variable, VariableKind, codes};

/// The retry limit of `templateConstraint` (QTI 2.1 §14: "at most 100 times").
pub const TEMPLATE_CONSTRAINT_LIMIT: usize = 100;

/// The most values `repeat` builds in one container; a larger result is an
/// `qti.engine.invalid-argument` error (refused before anything is built).
pub const MAX_REPEAT_VALUES: usize = 1_000_000;

/// Why an item could not be compiled: every problem found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("item {item:?} cannot be processed: {}", .problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "))]
#[non_exhaustive]
pub struct CompileError {
    /// The item (or test) identifier.
    pub item: String,
    /// The problems (errors; warnings are kept on the compiled item).
    pub problems: Vec<Problem>,
}

impl CompileError {
    /// The code of the first problem.
    pub fn code(&self) -> &str {
        self.problems
            .first()
            .map_or(codes::UNSUPPORTED, |p| p.code.as_str())
    }
}

/// An item compiled for processing: reuse it for every session of the item.
#[derive(Debug, Clone)]
pub struct CompiledItem {
    identifier: Identifier,
    adaptive: bool,
    time_dependent: bool,
    pub(crate) vars: Vec<Variable>,
    index: HashMap<Identifier, usize>,
    pub(crate) num_attempts: usize,
    pub(crate) duration: usize,
    pub(crate) completion_status: usize,
    response_rules: Vec<Rule>,
    template_rules: Vec<Rule>,
    pub(crate) feedback: Vec<FeedbackSpec>,
    shuffles: Vec<super::shuffle::ShuffleSpec>,
    constraints: Vec<super::validity::Constraint>,
    warnings: Vec<Problem>,
    fingerprint: u64,
}

struct ItemResolver<'a> {
    vars: &'a [Variable],
    index: &'a HashMap<Identifier, usize>,
}

impl Resolver for ItemResolver<'_> {
    fn slot(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
    fn kind(&self, slot: usize) -> VariableKind {
        self.vars[slot].kind
    }
    fn has_lookup(&self, slot: usize) -> bool {
        self.vars[slot].lookup.is_some()
    }
    fn has_mapping(&self, slot: usize, area: bool) -> bool {
        if area {
            self.vars[slot].area_mapping.is_some()
        } else {
            self.vars[slot].mapping.is_some()
        }
    }
    fn late_names(&self) -> bool {
        false
    }
}

/// FNV-1a, for session fingerprints (stable across builds and platforms).
pub(crate) fn fnv(parts: impl IntoIterator<Item = impl AsRef<[u8]>>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.as_ref() {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn numeric_default(kind: VariableKind, c: Cardinality, b: Option<BaseType>) -> Value {
    // QTI 2.1 §5.2: single numeric outcomes without a default start at 0.
    match (kind, c, b) {
        (VariableKind::Outcome, Cardinality::Single, Some(BaseType::Integer)) => {
            Value::Single(SingleValue::Integer(0))
        }
        (VariableKind::Outcome, Cardinality::Single, Some(BaseType::Float)) => {
            Value::Single(SingleValue::Float(0.0))
        }
        _ => Value::Null,
    }
}

fn value_set(
    set: Option<&crate::declarations::ValueSet>,
    c: Cardinality,
    b: Option<BaseType>,
    what: &str,
    id: &Identifier,
    problems: &mut Vec<Problem>,
) -> Option<Value> {
    let set = set?;
    let mut set = set.clone();
    for v in &mut set.values {
        if v.value.is_none() {
            v.reparse(b);
        }
        if v.value.is_none() {
            match v
                .base_type
                .or(b)
                .and_then(|bt| super::values::parse_lenient(bt, &v.text))
            {
                Some((x, _)) => {
                    problems.push(Problem::warning(
                        codes::INVALID_LITERAL,
                        format!(
                            "{what} of {id:?}: {:?} is not a valid identifier; read leniently",
                            v.text
                        ),
                    ));
                    v.value = Some(x);
                }
                None => problems.push(Problem::error(
                    codes::INVALID_LITERAL,
                    format!("{what} of {id:?}: {:?} is not a valid value", v.text),
                )),
            }
        }
    }
    Some(super::values::normalize(set.to_value(c)))
}

impl CompiledItem {
    /// Compiles an item. Errors list every problem (unknown variables, invalid literals,
    /// unregistered custom operators, unresolved `xi:include`, a non-standard template without
    /// rules…); warnings are kept in [`CompiledItem::warnings`].
    pub fn compile(
        item: &AssessmentItem,
        registry: &OperatorRegistry,
    ) -> Result<Self, CompileError> {
        let mut problems = Vec::new();
        let mut vars: Vec<Variable> = Vec::new();
        for d in &item.response_declarations {
            let h = &d.header;
            let mut v = Variable::new(
                h.identifier.clone(),
                VariableKind::Response,
                h.cardinality,
                h.base_type,
            );
            v.default = value_set(
                d.default_value.as_ref(),
                h.cardinality,
                h.base_type,
                "defaultValue",
                &h.identifier,
                &mut problems,
            )
            .unwrap_or(Value::Null);
            v.correct = value_set(
                d.correct_response.as_ref(),
                h.cardinality,
                h.base_type,
                "correctResponse",
                &h.identifier,
                &mut problems,
            )
            .unwrap_or(Value::Null);
            if let (Some(m), Some(b)) = (&d.mapping, h.base_type) {
                let (m, bad) = CompiledMapping::new(m, b);
                for k in bad {
                    problems.push(Problem::error(
                        codes::INVALID_LITERAL,
                        format!(
                            "mapping of {:?}: mapKey {k:?} is not a valid {b}",
                            h.identifier
                        ),
                    ));
                }
                v.mapping = Some(m);
            }
            if let Some(m) = &d.area_mapping {
                let (m, bad) = CompiledAreaMapping::new(m);
                for i in bad {
                    problems.push(Problem::error(
                        codes::INVALID_LITERAL,
                        format!(
                            "areaMapping of {:?}: entry {} has coordinates that do not fit its shape",
                            h.identifier,
                            i + 1
                        ),
                    ));
                }
                v.area_mapping = Some(m);
            }
            vars.push(v);
        }
        for d in &item.outcome_declarations {
            let h = &d.header;
            let mut v = Variable::new(
                h.identifier.clone(),
                VariableKind::Outcome,
                h.cardinality,
                h.base_type,
            );
            v.default = value_set(
                d.default_value.as_ref(),
                h.cardinality,
                h.base_type,
                "defaultValue",
                &h.identifier,
                &mut problems,
            )
            .unwrap_or_else(|| numeric_default(VariableKind::Outcome, h.cardinality, h.base_type));
            v.normal_maximum = d.normal_maximum.as_ref().map(crate::value::Float::get);
            v.normal_minimum = d.normal_minimum.as_ref().map(crate::value::Float::get);
            if let (Some(t), Some(b)) = (&d.lookup_table, h.base_type) {
                let (t, bad) = CompiledLookup::new(t, b);
                for k in bad {
                    problems.push(Problem::error(
                        codes::INVALID_LITERAL,
                        format!(
                            "lookup table of {:?}: {k:?} is not a valid {b}",
                            h.identifier
                        ),
                    ));
                }
                v.lookup = Some(t);
            }
            vars.push(v);
        }
        for d in &item.template_declarations {
            let h = &d.header;
            let mut v = Variable::new(
                h.identifier.clone(),
                VariableKind::Template,
                h.cardinality,
                h.base_type,
            );
            v.default = value_set(
                d.default_value.as_ref(),
                h.cardinality,
                h.base_type,
                "defaultValue",
                &h.identifier,
                &mut problems,
            )
            .unwrap_or(Value::Null);
            vars.push(v);
        }
        for d in &item.context_declarations {
            let h = &d.header;
            let mut v = Variable::new(
                h.identifier.clone(),
                VariableKind::Context,
                h.cardinality,
                h.base_type,
            );
            v.default = value_set(
                d.default_value.as_ref(),
                h.cardinality,
                h.base_type,
                "defaultValue",
                &h.identifier,
                &mut problems,
            )
            .unwrap_or(Value::Null);
            vars.push(v);
        }
        let mut index = HashMap::with_capacity(vars.len() + 3);
        for (i, v) in vars.iter().enumerate() {
            if index.insert(v.identifier.clone(), i).is_some() {
                problems.push(Problem::error(
                    codes::INVALID_ARGUMENT,
                    format!("variable {:?} is declared twice", v.identifier),
                ));
            }
        }
        // Built-in variables.
        let mut builtin = |id: &str, kind, bt, default: Value| -> usize {
            if let Some(i) = index.get(id) {
                return *i;
            }
            let mut v = Variable::new(id.into(), kind, Cardinality::Single, Some(bt));
            v.default = default;
            v.builtin = true;
            vars.push(v);
            index.insert(id.into(), vars.len() - 1);
            vars.len() - 1
        };
        let num_attempts = builtin(
            "numAttempts",
            VariableKind::Response,
            BaseType::Integer,
            Value::Single(SingleValue::Integer(0)),
        );
        let duration = builtin(
            "duration",
            VariableKind::Response,
            BaseType::Duration,
            Value::Single(SingleValue::Duration(0.0)),
        );
        let completion_status = builtin(
            "completionStatus",
            VariableKind::Outcome,
            BaseType::Identifier,
            Value::Single(SingleValue::Identifier("not_attempted".into())),
        );
        // QTI 2.0 content names the built-in `completion_status`: the same variable.
        index
            .entry("completion_status".into())
            .or_insert(completion_status);

        let resolver = ItemResolver {
            vars: &vars,
            index: &index,
        };
        let mut c = Compiler {
            registry,
            resolver: &resolver,
            problems: Vec::new(),
        };
        let response_rules = match &item.response_processing {
            None => Vec::new(),
            Some(rp) if !rp.rules.is_empty() => c.response_rules(&rp.rules).unwrap_or_default(),
            Some(rp) => match (
                rp.standard_template(),
                rp.template.as_deref().filter(|t| !t.trim().is_empty()),
            ) {
                (Some(t), _) => c
                    .response_rules(&super::templates::rules(t))
                    .unwrap_or_default(),
                (None, Some(uri)) => {
                    c.problems.push(Problem::error(
                        codes::UNSUPPORTED,
                        format!(
                            "response processing template {uri:?} is not a standard template and the item gives no rules (templates are never fetched)"
                        ),
                    ));
                    Vec::new()
                }
                (None, None) => Vec::new(),
            },
        };
        let template_rules = item
            .template_processing
            .as_ref()
            .map(|t| c.template_rules(&t.rules).unwrap_or_default())
            .unwrap_or_default();
        problems.extend(c.problems);
        let (errors, warnings): (Vec<Problem>, Vec<Problem>) =
            problems.into_iter().partition(Problem::is_error);
        if !errors.is_empty() {
            return Err(CompileError {
                item: item.identifier.to_string(),
                problems: errors,
            });
        }
        let fingerprint = fnv(std::iter::once(item.identifier.as_str())
            .chain(vars.iter().map(|v| v.identifier.as_str())));
        Ok(Self {
            identifier: item.identifier.clone(),
            adaptive: item.adaptive.unwrap_or(false),
            time_dependent: item.time_dependent.unwrap_or(false),
            feedback: super::feedback::collect(item),
            shuffles: super::shuffle::collect(item),
            constraints: super::validity::collect(item),
            vars,
            index,
            num_attempts,
            duration,
            completion_status,
            response_rules,
            template_rules,
            warnings,
            fingerprint,
        })
    }

    /// Scores one submission in one call: a new session with `seed`, one attempt with these
    /// responses (the others keep their defaults), response processing. The item is not parsed
    /// or compiled again: call this as often as needed.
    pub fn score<'a>(
        &self,
        seed: u64,
        responses: impl IntoIterator<Item = (&'a str, Value)>,
    ) -> Result<ItemSession, EngineError> {
        let mut s = self.new_session(seed)?;
        s.submit(self, responses)?;
        Ok(s)
    }

    /// The item identifier.
    pub fn identifier(&self) -> &Identifier {
        &self.identifier
    }

    /// Whether the item is adaptive.
    pub const fn is_adaptive(&self) -> bool {
        self.adaptive
    }

    /// Whether the item is time dependent.
    pub const fn is_time_dependent(&self) -> bool {
        self.time_dependent
    }

    /// Every variable (declared ones first, in document order, then built-ins).
    pub fn variables(&self) -> &[Variable] {
        &self.vars
    }

    /// A variable by identifier.
    pub fn variable(&self, id: &str) -> Option<&Variable> {
        self.index.get(id).map(|i| &self.vars[*i])
    }

    /// The slot of a variable (for [`ItemSession::set_response_at`]).
    pub fn slot(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Warnings found while compiling (mapResponse without a mapping…).
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// The responses of a session that break their interaction's constraints (numbers of
    /// choices, associations or strings; `patternMask`), as messages; empty when all are valid.
    pub fn invalid_responses(&self, session: &ItemSession) -> Vec<String> {
        self.constraints
            .iter()
            .filter_map(|c| {
                let v = session.value(self, &c.response).unwrap_or(&Value::Null);
                super::validity::check(c, v)
            })
            .collect()
    }

    /// Evaluates one expression of the model against a session's current values (for tools:
    /// previews, debugging, expression tests). The session's random generator advances.
    pub fn evaluate(
        &self,
        session: &mut ItemSession,
        expression: &crate::processing::Expression,
        registry: &OperatorRegistry,
    ) -> Result<Value, EngineError> {
        self.check(session)?;
        let resolver = ItemResolver {
            vars: &self.vars,
            index: &self.index,
        };
        let mut c = Compiler {
            registry,
            resolver: &resolver,
            problems: Vec::new(),
        };
        let compiled = c.expr(expression);
        let Some(e) = compiled else {
            let msg = c
                .problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            let code = c.problems.first().map_or(codes::UNSUPPORTED, |p| {
                codes::ALL
                    .iter()
                    .find(|k| **k == p.code.as_str())
                    .copied()
                    .unwrap_or(codes::UNSUPPORTED)
            });
            return Err(match code {
                codes::UNKNOWN_VARIABLE => EngineError::unknown_variable(msg),
                codes::ARITY | codes::TYPE_MISMATCH => {
                    EngineError::type_mismatch(expression.kind.element_name(), msg)
                }
                codes::INVALID_ARGUMENT | codes::INVALID_PATTERN | codes::INVALID_LITERAL => {
                    EngineError::invalid_argument(expression.kind.element_name(), msg)
                }
                _ => EngineError::Unsupported(msg),
            });
        };
        let rng = Cell::new(session.rng);
        let scope = super::eval::Scope {
            decls: &self.vars,
            vars: &session.values,
            defaults: &session.defaults,
            corrects: &session.corrects,
            rng: &rng,
            test: None,
        };
        let v = scope.eval(&e).map(std::borrow::Cow::into_owned);
        session.rng = rng.get();
        v
    }

    /// Whether the item has template processing.
    pub fn has_template_processing(&self) -> bool {
        !self.template_rules.is_empty()
    }

    /// Whether the item has response processing.
    pub fn has_response_processing(&self) -> bool {
        !self.response_rules.is_empty()
    }

    /// A new session: variables initialised, template processing run with `seed`.
    pub fn new_session(&self, seed: u64) -> Result<ItemSession, EngineError> {
        self.new_session_with(&SessionInit {
            seed,
            ..SessionInit::default()
        })
    }

    /// A new session with template defaults (a test's `templateDefault`) and context values.
    pub fn new_session_with(&self, init: &SessionInit) -> Result<ItemSession, EngineError> {
        let mut s = ItemSession {
            item: self.identifier.clone(),
            fingerprint: self.fingerprint,
            values: Vec::new(),
            defaults: Vec::new(),
            corrects: Vec::new(),
            rng: Prng::from_seed(init.seed),
            closed: false,
            responded: false,
            warnings: Vec::new(),
            choice_orders: Vec::new(),
        };
        for (id, v) in &init.template_defaults {
            let slot = self
                .slot(id)
                .filter(|s| self.vars[*s].kind == VariableKind::Template)
                .ok_or_else(|| EngineError::unknown_variable(id.as_str()))?;
            let d = &self.vars[slot];
            let mut t = false;
            let v = convert_for(v.clone(), d.cardinality, d.base_type, &mut t)?;
            s.defaults.push((slot, v));
        }
        self.run_templates(&mut s)?;
        if !self.shuffles.is_empty() {
            let mut rng = Prng::from_seed(super::shuffle::shuffle_seed(init.seed));
            s.choice_orders = super::shuffle::draw(&self.shuffles, &mut rng);
        }
        for (id, v) in &init.context {
            s.set_context(self, id, v.clone())?;
        }
        Ok(s)
    }

    fn initial_values(&self, s: &ItemSession) -> Vec<Value> {
        self.vars
            .iter()
            .enumerate()
            .map(|(i, d)| {
                s.defaults
                    .iter()
                    .find(|(k, _)| *k == i)
                    .map_or_else(|| d.default.clone(), |(_, v)| v.clone())
            })
            .collect()
    }

    fn run_templates(&self, s: &mut ItemSession) -> Result<(), EngineError> {
        // Template defaults given by the caller stay; everything set by template processing is
        // discarded on a constraint retry.
        let given: Vec<(usize, Value)> = s.defaults.clone();
        let rng = Cell::new(s.rng);
        let mut tries = 0;
        loop {
            s.defaults.clone_from(&given);
            s.corrects.clear();
            s.values = self.initial_values(s);
            if self.template_rules.is_empty() {
                break;
            }
            let mut st = State {
                decls: &self.vars,
                vars: &mut s.values,
                defaults: &mut s.defaults,
                corrects: &mut s.corrects,
                rng: &rng,
                test: None,
                truncated: false,
            };
            let flow = st.run(&self.template_rules)?;
            if st.truncated {
                s.warnings.push(truncation_warning());
            }
            tries += 1;
            if flow != Flow::Restart {
                break;
            }
            if tries >= TEMPLATE_CONSTRAINT_LIMIT {
                // QTI 2.1 §14: after the limit the template variables take their defaults.
                s.defaults.clone_from(&given);
                s.corrects.clear();
                s.values = self.initial_values(s);
                s.warnings.push(Problem::warning(
                    codes::TEMPLATE_CONSTRAINT_LIMIT,
                    format!(
                        "templateConstraint still false after {TEMPLATE_CONSTRAINT_LIMIT} tries; template variables keep their default values"
                    ),
                ));
                break;
            }
        }
        s.rng = rng.get();
        if self.template_rules.is_empty() {
            return Ok(());
        }
        // Responses and outcomes start from their (possibly template-set) defaults.
        for (i, d) in self.vars.iter().enumerate() {
            if matches!(d.kind, VariableKind::Response | VariableKind::Outcome) {
                s.values[i] = s
                    .defaults
                    .iter()
                    .find(|(k, _)| *k == i)
                    .map_or_else(|| d.default.clone(), |(_, v)| v.clone());
            }
        }
        Ok(())
    }

    fn check(&self, s: &ItemSession) -> Result<(), EngineError> {
        if s.fingerprint != self.fingerprint || s.values.len() != self.vars.len() {
            return Err(EngineError::SessionMismatch {
                expected: s.item.to_string(),
                found: self.identifier.to_string(),
            });
        }
        Ok(())
    }

    /// Runs response processing on a session (normally through [`ItemSession::end_attempt`]).
    pub(crate) fn process(&self, s: &mut ItemSession) -> Result<(), EngineError> {
        // QTI 2.1 §13: for non-adaptive items outcomes are reset to their defaults before each
        // response processing; adaptive items keep them between attempts.
        if !self.adaptive {
            for (i, d) in self.vars.iter().enumerate() {
                if d.kind == VariableKind::Outcome && i != self.completion_status {
                    s.values[i] = s
                        .defaults
                        .iter()
                        .find(|(k, _)| *k == i)
                        .map_or_else(|| d.default.clone(), |(_, v)| v.clone());
                }
            }
        }
        let rng = Cell::new(s.rng);
        let mut st = State {
            decls: &self.vars,
            vars: &mut s.values,
            defaults: &mut s.defaults,
            corrects: &mut s.corrects,
            rng: &rng,
            test: None,
            truncated: false,
        };
        let r = st.run(&self.response_rules);
        let truncated = st.truncated;
        s.rng = rng.get();
        if truncated {
            s.warnings.push(truncation_warning());
        }
        r?;
        if !self.adaptive {
            s.values[self.completion_status] =
                Value::Single(SingleValue::Identifier("completed".into()));
        }
        Ok(())
    }
}

fn truncation_warning() -> Problem {
    Problem::warning(
        codes::FLOAT_TRUNCATED,
        "a float value was assigned to an integer variable and truncated toward zero",
    )
}

/// How to start a session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionInit {
    /// The seed of the session's random generator (template processing, `random…`).
    pub seed: u64,
    /// Template variable defaults overriding the declarations (`templateDefault` of a test).
    #[serde(default)]
    pub template_defaults: Vec<(Identifier, Value)>,
    /// Context variable values (3.0).
    #[serde(default)]
    pub context: Vec<(Identifier, Value)>,
}

impl SessionInit {
    /// Initialisation with a seed.
    pub fn seeded(seed: u64) -> Self {
        Self {
            seed,
            ..Self::default()
        }
    }
}

/// The state of one candidate's session with one item: every variable's value, session-specific
/// defaults and correct responses set by template processing, and the random generator's
/// state. Serialise it to suspend; use it again with the same [`CompiledItem`] to resume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemSession {
    item: Identifier,
    fingerprint: u64,
    values: Vec<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    defaults: Vec<(usize, Value)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    corrects: Vec<(usize, Value)>,
    rng: Prng,
    #[serde(default)]
    closed: bool,
    #[serde(default)]
    responded: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<Problem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    choice_orders: Vec<ChoiceOrder>,
}

impl ItemSession {
    /// The presentation order of the choices of every interaction with `shuffle="true"`,
    /// drawn when the session was created (fixed choices in place); empty when nothing
    /// shuffles. See [`super::shuffle`].
    pub fn choice_orders(&self) -> &[ChoiceOrder] {
        &self.choice_orders
    }

    /// The presentation order of the choices of the interaction bound to `response_identifier`
    /// (its first list; `None` when that interaction does not shuffle).
    pub fn choice_order(&self, response_identifier: &str) -> Option<&[Identifier]> {
        self.choice_orders
            .iter()
            .find(|o| o.response_identifier.as_str() == response_identifier)
            .map(|o| o.choices.as_slice())
    }

    /// The item identifier.
    pub fn item(&self) -> &Identifier {
        &self.item
    }

    /// The value of a variable.
    pub fn value<'a>(&'a self, item: &CompiledItem, id: &str) -> Option<&'a Value> {
        if self.fingerprint != item.fingerprint {
            return None;
        }
        item.slot(id).and_then(|s| self.values.get(s))
    }

    /// The value at a slot.
    pub fn value_at(&self, slot: usize) -> Option<&Value> {
        self.values.get(slot)
    }

    /// The correct response of a response variable in this session (template processing may
    /// have set it).
    pub fn correct_response<'a>(&'a self, item: &'a CompiledItem, id: &str) -> Option<&'a Value> {
        let s = item.slot(id)?;
        self.corrects
            .iter()
            .find(|(k, _)| *k == s)
            .map(|(_, v)| v)
            .or_else(|| item.vars.get(s).map(|d| &d.correct))
    }

    /// The default value of a variable in this session.
    pub fn default_value<'a>(&'a self, item: &'a CompiledItem, id: &str) -> Option<&'a Value> {
        let s = item.slot(id)?;
        self.defaults
            .iter()
            .find(|(k, _)| *k == s)
            .map(|(_, v)| v)
            .or_else(|| item.vars.get(s).map(|d| &d.default))
    }

    /// Every variable of a kind, with its value, in declaration order.
    pub fn values_of<'a>(
        &'a self,
        item: &'a CompiledItem,
        kind: VariableKind,
    ) -> impl Iterator<Item = (&'a Variable, &'a Value)> + 'a {
        item.vars
            .iter()
            .zip(&self.values)
            .filter(move |(d, _)| d.kind == kind)
    }

    /// Warnings raised while processing (float truncation, template constraint limit).
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// Whether the session is closed (no more attempts).
    pub const fn is_closed(&self) -> bool {
        self.closed
    }

    /// Closes the session (the candidate or delivery system ends it).
    pub fn close(&mut self) {
        self.closed = true;
    }

    /// The number of attempts so far.
    pub fn num_attempts(&self, item: &CompiledItem) -> i64 {
        match self.values.get(item.num_attempts) {
            Some(Value::Single(SingleValue::Integer(i))) => *i,
            _ => 0,
        }
    }

    /// `completionStatus`.
    pub fn completion_status<'a>(&'a self, item: &CompiledItem) -> &'a str {
        match self.values.get(item.completion_status) {
            Some(Value::Single(SingleValue::Identifier(i))) => i.as_str(),
            _ => "unknown",
        }
    }

    /// Whether any response differs from its default (for `numberResponded`).
    pub const fn has_responded(&self) -> bool {
        self.responded
    }

    /// Sets the session duration in seconds (the built-in `duration`), as measured by the
    /// caller.
    pub fn set_duration(&mut self, item: &CompiledItem, seconds: f64) -> Result<(), EngineError> {
        item.check(self)?;
        if !seconds.is_finite() || seconds < 0.0 {
            return Err(EngineError::InvalidResponse {
                identifier: "duration".into(),
                detail: format!("{seconds} is not a duration"),
            });
        }
        self.values[item.duration] = Value::Single(SingleValue::Duration(seconds));
        Ok(())
    }

    /// Sets a context variable (3.0).
    pub fn set_context(
        &mut self,
        item: &CompiledItem,
        id: &str,
        v: Value,
    ) -> Result<(), EngineError> {
        item.check(self)?;
        let s = item
            .slot(id)
            .filter(|s| item.vars[*s].kind == VariableKind::Context)
            .ok_or_else(|| EngineError::unknown_variable(id))?;
        let d = &item.vars[s];
        let mut t = false;
        self.values[s] = convert_for(v, d.cardinality, d.base_type, &mut t)?;
        Ok(())
    }

    /// Starts an attempt: `numAttempts` + 1, `completionStatus` `unknown` on the first.
    pub fn begin_attempt(&mut self, item: &CompiledItem) -> Result<(), EngineError> {
        item.check(self)?;
        if self.closed {
            return Err(EngineError::NotAllowed(format!(
                "the session of item {:?} is closed",
                self.item
            )));
        }
        let n = self.num_attempts(item);
        self.values[item.num_attempts] = Value::Single(SingleValue::Integer(n + 1));
        if self.completion_status(item) == "not_attempted" {
            self.values[item.completion_status] =
                Value::Single(SingleValue::Identifier("unknown".into()));
        }
        Ok(())
    }

    /// Sets a response variable. The value must fit the declaration (integers are accepted for
    /// float responses; a single value for a container response becomes a container of one).
    pub fn set_response(
        &mut self,
        item: &CompiledItem,
        id: &str,
        v: Value,
    ) -> Result<(), EngineError> {
        item.check(self)?;
        let slot = item
            .slot(id)
            .filter(|s| item.vars[*s].kind == VariableKind::Response && !item.vars[*s].builtin)
            .ok_or_else(|| EngineError::InvalidResponse {
                identifier: id.to_owned(),
                detail: "the item declares no such response".to_owned(),
            })?;
        self.set_response_at(item, slot, v)
    }

    /// Sets a response by slot ([`CompiledItem::slot`]).
    pub fn set_response_at(
        &mut self,
        item: &CompiledItem,
        slot: usize,
        v: Value,
    ) -> Result<(), EngineError> {
        let d = item
            .vars
            .get(slot)
            .ok_or_else(|| EngineError::InvalidResponse {
                identifier: format!("#{slot}"),
                detail: "no such slot".to_owned(),
            })?;
        if d.kind != VariableKind::Response {
            return Err(EngineError::InvalidResponse {
                identifier: d.identifier.to_string(),
                detail: "not a response variable".to_owned(),
            });
        }
        let mut t = false;
        let v = convert_for(v, d.cardinality, d.base_type, &mut t).map_err(|e| {
            EngineError::InvalidResponse {
                identifier: d.identifier.to_string(),
                detail: e.to_string(),
            }
        })?;
        if t {
            return Err(EngineError::InvalidResponse {
                identifier: d.identifier.to_string(),
                detail: "a float is not an integer response".to_owned(),
            });
        }
        if let Value::Record(_) = &v {
            // Records are taken as given.
        }
        let default = self
            .defaults
            .iter()
            .find(|(k, _)| *k == slot)
            .map_or(&d.default, |(_, v)| v);
        if super::values::values_match(&v, default) != Some(true)
            && !(v.is_null() && default.is_null())
        {
            self.responded = true;
        }
        self.values[slot] = v;
        Ok(())
    }

    /// Ends the attempt: runs response processing. For non-adaptive items `completionStatus`
    /// becomes `completed`; an adaptive item's session closes when its response processing sets
    /// `completionStatus` to `completed`.
    pub fn end_attempt(&mut self, item: &CompiledItem) -> Result<(), EngineError> {
        item.check(self)?;
        if self.closed {
            return Err(EngineError::NotAllowed(format!(
                "the session of item {:?} is closed",
                self.item
            )));
        }
        if self.num_attempts(item) == 0 {
            self.begin_attempt(item)?;
        }
        item.process(self)?;
        if item.adaptive && self.completion_status(item) == "completed" {
            self.closed = true;
        }
        Ok(())
    }

    /// One attempt in a call: begin, set the responses given (others keep their values), end.
    pub fn submit<'a>(
        &mut self,
        item: &CompiledItem,
        responses: impl IntoIterator<Item = (&'a str, Value)>,
    ) -> Result<(), EngineError> {
        self.begin_attempt(item)?;
        for (id, v) in responses {
            self.set_response(item, id, v)?;
        }
        item.process(self)?;
        if item.adaptive && self.completion_status(item) == "completed" {
            self.closed = true;
        }
        Ok(())
    }

    /// Values as (identifier, value) pairs of a kind, for output.
    pub fn snapshot(&self, item: &CompiledItem, kind: VariableKind) -> Vec<(Identifier, Value)> {
        self.values_of(item, kind)
            .map(|(d, v)| (d.identifier.clone(), v.clone()))
            .collect()
    }
}
