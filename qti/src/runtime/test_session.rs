//! Test sessions (QTI 2.1 info model §8 "Tests", §16 "Outcome processing"): selection and
//! ordering, navigation and submission modes, item session control, pre-conditions, branch
//! rules, time limits from caller-supplied elapsed times, weights, variable mappings, outcome
//! processing with the test-level expressions, `exitTest`, test feedback.
//!
//! No clock: every action takes the seconds elapsed since the previous action, which are added
//! to the durations of the test, the current test part, the current sections and the current
//! item.

use std::cell::Cell;
use std::collections::HashMap;

use lti_core::Problem;
use serde::{Deserialize, Serialize};

use crate::item::AssessmentItem;
use crate::processing::ItemSubset;
use crate::test::{
    AssessmentTest, Control, ItemSessionControl, NavigationMode, SectionPart, SubmissionMode,
};
use crate::value::{BaseType, Cardinality, Identifier, ShowHide, SingleValue, Value};

use super::compile::{Compiler, Resolver};
use super::eval::{Scope, TestScope};
use super::exec::{Flow, State};
use super::expr::{Expr, NumberKind, Rule};
use super::feedback::{FeedbackKind, ShownFeedback, is_visible};
use super::item::{CompileError, CompiledItem, ItemSession, SessionInit, fnv};
use super::rng::Prng;
use super::values::{items, values_match};
use super::{EngineError, OperatorRegistry, Variable, VariableKind, codes};

/// Effective item session control (attribute-wise nearest definition wins: item reference,
/// then enclosing sections from the innermost, then the test part; then the spec defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionControl {
    /// `maxAttempts` (0: unlimited; default 1; ignored for adaptive items).
    pub max_attempts: i64,
    /// `showFeedback` (default false).
    pub show_feedback: bool,
    /// `allowReview` (default true).
    pub allow_review: bool,
    /// `showSolution` (default false).
    pub show_solution: bool,
    /// `allowComment` (default false).
    pub allow_comment: bool,
    /// `allowSkipping` (default true).
    pub allow_skipping: bool,
    /// `validateResponses` (default false).
    pub validate_responses: bool,
}

impl SessionControl {
    fn resolve(chain: &[Option<&ItemSessionControl>]) -> Self {
        macro_rules! pick {
            ($f:ident, $d:expr) => {
                chain.iter().flatten().find_map(|c| c.$f).unwrap_or($d)
            };
        }
        Self {
            max_attempts: pick!(max_attempts, 1),
            show_feedback: pick!(show_feedback, false),
            allow_review: pick!(allow_review, true),
            show_solution: pick!(show_solution, false),
            allow_comment: pick!(allow_comment, false),
            allow_skipping: pick!(allow_skipping, true),
            validate_responses: pick!(validate_responses, false),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Limits {
    min: Option<f64>,
    max: Option<f64>,
    allow_late: bool,
}

#[derive(Debug, Clone)]
struct ControlDef {
    pre: Vec<Expr>,
    branch: Vec<(Identifier, Expr)>,
    limits: Option<Limits>,
}

#[derive(Debug, Clone)]
struct SectionDef {
    identifier: Identifier,
    visible: bool,
    required: bool,
    fixed: bool,
    keep_together: bool,
    select: Option<(usize, bool)>,
    shuffle: bool,
    children: Vec<usize>,
    control: ControlDef,
}

#[derive(Debug, Clone)]
struct ItemRefDef {
    identifier: Identifier,
    item: usize,
    categories: Vec<Identifier>,
    required: bool,
    fixed: bool,
    control: ControlDef,
    weights: Vec<(Identifier, f64)>,
    mappings: Vec<(Identifier, Identifier)>,
    template_defaults: Vec<(Identifier, Expr)>,
    session_control: SessionControl,
}

#[derive(Debug, Clone)]
enum Node {
    Section(SectionDef),
    Item(ItemRefDef),
}

#[derive(Debug, Clone)]
struct PartDef {
    identifier: Identifier,
    navigation: NavigationMode,
    submission: SubmissionMode,
    children: Vec<usize>,
    control: ControlDef,
    feedback: Vec<FeedbackDef>,
}

#[derive(Debug, Clone)]
struct FeedbackDef {
    identifier: Identifier,
    outcome: Identifier,
    show: bool,
    at_end: bool,
}

/// A test compiled for delivery, with its items compiled.
#[derive(Debug, Clone)]
pub struct CompiledTest {
    identifier: Identifier,
    vars: Vec<Variable>,
    index: HashMap<Identifier, usize>,
    outcome_rules: Vec<Rule>,
    parts: Vec<PartDef>,
    nodes: Vec<Node>,
    items: Vec<CompiledItem>,
    feedback: Vec<FeedbackDef>,
    limits: Option<Limits>,
    fingerprint: u64,
}

struct TestResolver<'a> {
    vars: &'a [Variable],
    index: &'a HashMap<Identifier, usize>,
}

impl Resolver for TestResolver<'_> {
    fn slot(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
    fn kind(&self, slot: usize) -> VariableKind {
        self.vars[slot].kind
    }
    fn has_lookup(&self, slot: usize) -> bool {
        self.vars[slot].lookup.is_some()
    }
    fn has_mapping(&self, _: usize, _: bool) -> bool {
        false
    }
    fn late_names(&self) -> bool {
        true
    }
}

fn limits(t: Option<&crate::test::TimeLimits>) -> Option<Limits> {
    t.map(|t| Limits {
        min: t.min_time.as_ref().map(crate::value::Float::get),
        max: t.max_time.as_ref().map(crate::value::Float::get),
        allow_late: t.allow_late_submission.unwrap_or(false),
    })
}

struct Builder<'c, 'a> {
    c: Compiler<'c>,
    nodes: Vec<Node>,
    items: Vec<CompiledItem>,
    by_href: HashMap<String, usize>,
    resolve: &'a dyn Fn(&str) -> Option<&'a AssessmentItem>,
    registry: &'c OperatorRegistry,
    errors: Vec<Problem>,
}

impl Builder<'_, '_> {
    fn control(&mut self, c: &Control) -> ControlDef {
        let mut pre = Vec::new();
        for p in &c.pre_conditions {
            if let Some(e) = p.expression.as_ref().and_then(|e| self.c.expr(e)) {
                pre.push(e);
            }
        }
        let mut branch = Vec::new();
        for b in &c.branch_rules {
            if let Some(e) = b.expression.as_ref().and_then(|e| self.c.expr(e)) {
                branch.push((b.target.clone(), e));
            }
        }
        ControlDef {
            pre,
            branch,
            limits: limits(c.time_limits.as_ref()),
        }
    }

    fn part(&mut self, p: &SectionPart, chain: &[Option<&ItemSessionControl>]) -> Option<usize> {
        let node = match p {
            SectionPart::Section(s) => {
                if s.adaptive_selection.is_some() {
                    // QTI 3.0: an external adaptive engine (CAT) chooses the items; delivering
                    // the section's static content instead would present the wrong items.
                    self.errors.push(Problem::error(
                        codes::UNSUPPORTED,
                        format!(
                            "section {:?} uses qti-adaptive-selection (an external adaptive engine); not supported",
                            s.identifier
                        ),
                    ));
                    return None;
                }
                let mut chain2 = vec![s.control.item_session_control.as_ref()];
                chain2.extend_from_slice(chain);
                let mut children = Vec::new();
                for c in &s.children {
                    if let Some(n) = self.part(c, &chain2) {
                        children.push(n);
                    }
                }
                Node::Section(SectionDef {
                    identifier: s.identifier.clone(),
                    visible: s.visible,
                    required: s.required.unwrap_or(false),
                    fixed: s.fixed.unwrap_or(false),
                    keep_together: s.keep_together.unwrap_or(true),
                    select: s.selection.as_ref().map(|sel| {
                        (
                            usize::try_from(sel.select).unwrap_or(0),
                            sel.with_replacement.unwrap_or(false),
                        )
                    }),
                    shuffle: s.ordering.as_ref().and_then(|o| o.shuffle).unwrap_or(false),
                    children,
                    control: self.control(&s.control),
                })
            }
            SectionPart::ItemRef(r) => {
                let item = if let Some(i) = self.by_href.get(&r.href) {
                    *i
                } else {
                    let Some(a) = (self.resolve)(&r.href) else {
                        self.errors.push(Problem::error(
                            codes::MISSING_ITEM,
                            format!(
                                "item {:?} (href {:?}) was not supplied",
                                r.identifier, r.href
                            ),
                        ));
                        return None;
                    };
                    match CompiledItem::compile(a, self.registry) {
                        Ok(ci) => {
                            self.items.push(ci);
                            self.by_href.insert(r.href.clone(), self.items.len() - 1);
                            self.items.len() - 1
                        }
                        Err(e) => {
                            self.errors.extend(e.problems);
                            return None;
                        }
                    }
                };
                let mut chain2 = vec![r.control.item_session_control.as_ref()];
                chain2.extend_from_slice(chain);
                let mut template_defaults = Vec::new();
                for td in &r.template_defaults {
                    if let Some(e) = td.expression.as_ref().and_then(|e| self.c.expr(e)) {
                        template_defaults.push((td.template_identifier.clone(), e));
                    }
                }
                Node::Item(ItemRefDef {
                    identifier: r.identifier.clone(),
                    item,
                    categories: r.category.clone().unwrap_or_default(),
                    required: r.required.unwrap_or(false),
                    fixed: r.fixed.unwrap_or(false),
                    control: self.control(&r.control),
                    weights: r
                        .weights
                        .iter()
                        .map(|w| (w.identifier.clone(), w.value.get()))
                        .collect(),
                    mappings: r
                        .variable_mappings
                        .iter()
                        .map(|m| (m.source_identifier.clone(), m.target_identifier.clone()))
                        .collect(),
                    template_defaults,
                    session_control: SessionControl::resolve(&chain2),
                })
            }
            SectionPart::SectionRef(s) => {
                self.errors.push(Problem::error(
                    codes::UNSUPPORTED,
                    format!("assessmentSectionRef {:?} (href {:?}) must be resolved first (AssessmentTest::resolve_section_refs)", s.identifier, s.href),
                ));
                return None;
            }
            SectionPart::Include(_) => {
                self.errors.push(Problem::error(
                    codes::UNSUPPORTED,
                    "an unresolved xi:include stands in place of a section part",
                ));
                return None;
            }
        };
        self.nodes.push(node);
        Some(self.nodes.len() - 1)
    }
}

impl CompiledTest {
    /// Compiles a test; `resolve` supplies the item of each `assessmentItemRef/@href` (each
    /// distinct href is compiled once).
    pub fn compile<'a>(
        test: &'a AssessmentTest,
        resolve: &'a dyn Fn(&str) -> Option<&'a AssessmentItem>,
        registry: &'a OperatorRegistry,
    ) -> Result<Self, CompileError> {
        let mut problems = Vec::new();
        let mut vars = Vec::new();
        for d in &test.outcome_declarations {
            let h = &d.header;
            let mut v = Variable::new(
                h.identifier.clone(),
                VariableKind::Outcome,
                h.cardinality,
                h.base_type,
            );
            v.default = d
                .default_value
                .as_ref()
                .map(|s| super::values::normalize(s.to_value(h.cardinality)))
                .unwrap_or_else(|| match (h.cardinality, h.base_type) {
                    (Cardinality::Single, Some(BaseType::Integer)) => {
                        Value::Single(SingleValue::Integer(0))
                    }
                    (Cardinality::Single, Some(BaseType::Float)) => {
                        Value::Single(SingleValue::Float(0.0))
                    }
                    _ => Value::Null,
                });
            v.normal_maximum = d.normal_maximum.as_ref().map(crate::value::Float::get);
            v.normal_minimum = d.normal_minimum.as_ref().map(crate::value::Float::get);
            if let (Some(t), Some(b)) = (&d.lookup_table, h.base_type) {
                let (t, bad) = super::mapping::CompiledLookup::new(t, b);
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
        let mut index: HashMap<Identifier, usize> = HashMap::new();
        for (i, v) in vars.iter().enumerate() {
            index.insert(v.identifier.clone(), i);
        }
        if !index.contains_key("duration") {
            let mut v = Variable::new(
                "duration".into(),
                VariableKind::Response,
                Cardinality::Single,
                Some(BaseType::Duration),
            );
            v.default = Value::Single(SingleValue::Duration(0.0));
            v.builtin = true;
            vars.push(v);
            index.insert("duration".into(), vars.len() - 1);
        }
        let resolver = TestResolver {
            vars: &vars,
            index: &index,
        };
        let mut b = Builder {
            c: Compiler {
                registry,
                resolver: &resolver,
                problems: Vec::new(),
            },
            nodes: Vec::new(),
            items: Vec::new(),
            by_href: HashMap::new(),
            resolve,
            registry,
            errors: problems,
        };
        let mut parts = Vec::new();
        for p in &test.test_parts {
            let chain = [p.control.item_session_control.as_ref()];
            let mut children = Vec::new();
            for s in &p.sections {
                if let Some(n) = b.part(s, &chain) {
                    children.push(n);
                }
            }
            let control = b.control(&p.control);
            parts.push(PartDef {
                identifier: p.identifier.clone(),
                navigation: p.navigation_mode,
                submission: p.submission_mode,
                children,
                control,
                feedback: p.test_feedbacks.iter().map(feedback_def).collect(),
            });
        }
        let outcome_rules = test
            .outcome_processing
            .as_ref()
            .and_then(|op| b.c.outcome_rules(&op.rules))
            .unwrap_or_default();
        let Builder {
            c,
            nodes,
            items,
            mut errors,
            ..
        } = b;
        errors.extend(c.problems);
        let errors: Vec<Problem> = errors.into_iter().filter(Problem::is_error).collect();
        if !errors.is_empty() {
            return Err(CompileError {
                item: test.identifier.to_string(),
                problems: errors,
            });
        }
        let fingerprint = fnv(std::iter::once(test.identifier.to_string())
            .chain(vars.iter().map(|v| v.identifier.to_string()))
            .chain(nodes.iter().map(|n| match n {
                Node::Section(s) => s.identifier.to_string(),
                Node::Item(i) => i.identifier.to_string(),
            })));
        Ok(Self {
            identifier: test.identifier.clone(),
            vars,
            index,
            outcome_rules,
            parts,
            nodes,
            items,
            feedback: test.test_feedbacks.iter().map(feedback_def).collect(),
            limits: limits(test.time_limits.as_ref()),
            fingerprint,
        })
    }

    /// The test identifier.
    pub fn identifier(&self) -> &Identifier {
        &self.identifier
    }

    /// The compiled items, one per distinct href.
    pub fn items(&self) -> &[CompiledItem] {
        &self.items
    }

    /// The test-level variables (outcomes and the built-in `duration`).
    pub fn variables(&self) -> &[Variable] {
        &self.vars
    }

    fn item_ref(&self, node: usize) -> &ItemRefDef {
        match &self.nodes[node] {
            Node::Item(i) => i,
            Node::Section(_) => unreachable_item(),
        }
    }

    fn item_ref_checked(&self, node: usize) -> Option<&ItemRefDef> {
        match self.nodes.get(node) {
            Some(Node::Item(i)) => Some(i),
            _ => None,
        }
    }

    /// The item compiled for an occurrence (`None` when the occurrence is not from a session
    /// of this test).
    pub fn item_of(&self, o: &Occurrence) -> Option<&CompiledItem> {
        self.item_ref_checked(o.node)
            .and_then(|r| self.items.get(r.item))
    }

    /// The effective session control of an occurrence.
    pub fn session_control(&self, o: &Occurrence) -> Option<SessionControl> {
        self.item_ref_checked(o.node).map(|r| r.session_control)
    }

    /// Starts a session: selection and ordering of every test part with `seed`, item sessions
    /// created (template processing), positioned on the first item.
    pub fn start(&self, seed: u64) -> Result<TestSession, EngineError> {
        let mut rng = Prng::from_seed(seed);
        let mut route = Vec::new();
        for (pi, p) in self.parts.iter().enumerate() {
            let mut seq = Vec::new();
            self.arrange(&p.children, &[], &mut rng, &mut seq);
            let mut counts: HashMap<usize, usize> = HashMap::new();
            for (node, sections) in seq {
                let r = self.item_ref(node);
                let n = counts.entry(node).or_insert(0);
                *n += 1;
                route.push(Occurrence {
                    node,
                    part: pi,
                    sections,
                    occurrence: *n,
                    session: None,
                    presented: false,
                    skipped: false,
                    submitted: false,
                    duration: 0.0,
                    identifier: r.identifier.clone(),
                });
            }
        }
        let mut s = TestSession {
            test: self.identifier.clone(),
            fingerprint: self.fingerprint,
            values: self.vars.iter().map(|v| v.default.clone()).collect(),
            route,
            position: None,
            part: 0,
            ended: false,
            parts_ended: vec![false; self.parts.len()],
            test_duration: 0.0,
            part_durations: vec![0.0; self.parts.len()],
            section_durations: vec![0.0; self.nodes.len()],
            rng,
            warnings: Vec::new(),
        };
        // Item sessions (template defaults are evaluated against the test's state).
        for i in 0..s.route.len() {
            let node = s.route[i].node;
            let r = self.item_ref(node);
            let mut init = SessionInit::seeded(s.rng.next_u64());
            for (id, e) in &r.template_defaults {
                let v = self.eval_in(&s, e)?;
                init.template_defaults.push((id.clone(), v));
            }
            let session = self.items[r.item].new_session_with(&init)?;
            s.route[i].session = Some(session);
        }
        self.enter_part(&mut s, 0)?;
        Ok(s)
    }

    /// Selection and ordering of a list of children (QTI 2.1 §8.2.2): `select` children are
    /// chosen (required ones always, with or without replacement), then shuffled if ordering
    /// says so (fixed children keep their positions; invisible sections that do not keep
    /// together are spread among their parent's children).
    fn arrange(
        &self,
        children: &[usize],
        sections: &[usize],
        rng: &mut Prng,
        out: &mut Vec<(usize, Vec<usize>)>,
    ) {
        for &c in children {
            match &self.nodes[c] {
                Node::Item(_) => out.push((c, sections.to_vec())),
                Node::Section(s) => {
                    let mut chain = sections.to_vec();
                    chain.push(c);
                    // Selection.
                    let picked: Vec<usize> = match s.select {
                        Some((n, with_replacement)) => {
                            let required: Vec<usize> = s
                                .children
                                .iter()
                                .copied()
                                .filter(|k| self.is_required(*k))
                                .collect();
                            let mut picked = required.clone();
                            if with_replacement {
                                while picked.len() < n.max(required.len()) && !s.children.is_empty()
                                {
                                    let k = usize::try_from(rng.below(s.children.len() as u64))
                                        .unwrap_or(0);
                                    picked.push(s.children[k]);
                                }
                            } else {
                                let mut pool: Vec<usize> = s
                                    .children
                                    .iter()
                                    .copied()
                                    .filter(|k| !required.contains(k))
                                    .collect();
                                rng.shuffle(&mut pool);
                                let more = n.saturating_sub(picked.len()).min(pool.len());
                                picked.extend(pool.into_iter().take(more));
                            }
                            // Keep document order among the selected (ordering decides below).
                            let pos =
                                |k: &usize| s.children.iter().position(|x| x == k).unwrap_or(0);
                            picked.sort_by_key(pos);
                            picked
                        }
                        None => s.children.clone(),
                    };
                    // Ordering: expand invisible non-keep-together sections into units.
                    let mut units: Vec<Vec<(usize, Vec<usize>)>> = Vec::new();
                    let mut fixed_flags = Vec::new();
                    for k in picked {
                        let mut sub = Vec::new();
                        self.arrange(&[k], &chain, rng, &mut sub);
                        let spread = s.shuffle
                            && matches!(&self.nodes[k], Node::Section(cs) if !cs.visible && !cs.keep_together);
                        if spread {
                            for u in sub {
                                units.push(vec![u]);
                                fixed_flags.push(false);
                            }
                        } else {
                            units.push(sub);
                            fixed_flags.push(self.is_fixed(k));
                        }
                    }
                    if s.shuffle {
                        let movable: Vec<usize> =
                            (0..units.len()).filter(|i| !fixed_flags[*i]).collect();
                        let mut order = movable.clone();
                        rng.shuffle(&mut order);
                        let mut shuffled: Vec<Vec<(usize, Vec<usize>)>> = units.clone();
                        for (slot, from) in movable.iter().zip(order) {
                            shuffled[*slot] = units[from].clone();
                        }
                        units = shuffled;
                    }
                    out.extend(units.into_iter().flatten());
                }
            }
        }
    }

    fn is_required(&self, n: usize) -> bool {
        match &self.nodes[n] {
            Node::Item(i) => i.required,
            Node::Section(s) => s.required,
        }
    }

    fn is_fixed(&self, n: usize) -> bool {
        match &self.nodes[n] {
            Node::Item(i) => i.fixed,
            Node::Section(s) => s.fixed,
        }
    }

    /// Checks that a (possibly deserialised) session fits this test, so that no index in it
    /// can be out of range.
    fn check(&self, s: &TestSession) -> Result<(), EngineError> {
        let mismatch = || EngineError::SessionMismatch {
            expected: s.test.to_string(),
            found: self.identifier.to_string(),
        };
        if s.fingerprint != self.fingerprint
            || s.values.len() != self.vars.len()
            || s.parts_ended.len() != self.parts.len()
            || s.part_durations.len() != self.parts.len()
            || s.section_durations.len() != self.nodes.len()
            || s.part >= self.parts.len().max(1)
            || s.position.is_some_and(|p| p >= s.route.len())
        {
            return Err(mismatch());
        }
        for o in &s.route {
            let ok = matches!(self.nodes.get(o.node), Some(Node::Item(_)))
                && o.part < self.parts.len()
                && o.sections
                    .iter()
                    .all(|k| matches!(self.nodes.get(*k), Some(Node::Section(_))));
            if !ok {
                return Err(mismatch());
            }
        }
        Ok(())
    }

    fn eval_in(&self, s: &TestSession, e: &Expr) -> Result<Value, EngineError> {
        let rng = Cell::new(s.rng);
        let view = View { t: self, s };
        let scope = Scope {
            decls: &self.vars,
            vars: &s.values,
            defaults: &[],
            corrects: &[],
            rng: &rng,
            test: Some(&view),
        };
        scope.eval(e).map(std::borrow::Cow::into_owned)
    }

    fn condition(&self, s: &TestSession, e: &Expr) -> Result<bool, EngineError> {
        Ok(matches!(
            self.eval_in(s, e)?,
            Value::Single(SingleValue::Boolean(true))
        ))
    }

    /// Runs outcome processing (test outcomes are reset to their defaults first). `exitTest`
    /// ends the test.
    fn outcome_processing(&self, s: &mut TestSession) -> Result<(), EngineError> {
        for (i, v) in self.vars.iter().enumerate() {
            if v.kind == VariableKind::Outcome {
                s.values[i] = v.default.clone();
            }
        }
        s.values[self.index["duration"]] = Value::Single(SingleValue::Duration(s.test_duration));
        if self.outcome_rules.is_empty() {
            return Ok(());
        }
        let snapshot = s.clone();
        let view = View {
            t: self,
            s: &snapshot,
        };
        let rng = Cell::new(s.rng);
        let mut values = std::mem::take(&mut s.values);
        let mut defaults = Vec::new();
        let mut corrects = Vec::new();
        let mut st = State {
            decls: &self.vars,
            vars: &mut values,
            defaults: &mut defaults,
            corrects: &mut corrects,
            rng: &rng,
            test: Some(&view),
            truncated: false,
        };
        // Rules that read test outcomes read the values being set (not the snapshot): the
        // snapshot only serves item variables and aggregates.
        let r = st.run(&self.outcome_rules);
        let truncated = st.truncated;
        s.values = values;
        s.rng = rng.get();
        if truncated {
            s.warnings.push(Problem::warning(
                codes::FLOAT_TRUNCATED,
                "a float value was assigned to an integer test outcome and truncated",
            ));
        }
        if r? == Flow::Exit {
            self.finish(s)?;
        }
        Ok(())
    }

    fn part_range(&self, s: &TestSession, part: usize) -> std::ops::Range<usize> {
        let start = s
            .route
            .iter()
            .position(|o| o.part == part)
            .unwrap_or(s.route.len());
        let end = s
            .route
            .iter()
            .rposition(|o| o.part == part)
            .map_or(start, |e| e + 1);
        start..end
    }

    /// Enters a test part: evaluates its pre-conditions (linear navigation), then positions on
    /// its first eligible item.
    fn enter_part(&self, s: &mut TestSession, part: usize) -> Result<(), EngineError> {
        let mut part = part;
        loop {
            if part >= self.parts.len() {
                return self.finish(s);
            }
            s.part = part;
            let p = &self.parts[part];
            let mut ok = true;
            for e in &p.control.pre {
                if !self.condition(s, e)? {
                    ok = false;
                    break;
                }
            }
            let range = self.part_range(s, part);
            if ok && !range.is_empty() {
                let first = self.first_eligible(s, range.start, range.end)?;
                if let Some(f) = first {
                    self.present(s, f);
                    return Ok(());
                }
            }
            s.parts_ended[part] = true;
            part += 1;
        }
    }

    fn present(&self, s: &mut TestSession, i: usize) {
        s.position = Some(i);
        s.route[i].presented = true;
    }

    /// The first item from `from` whose pre-conditions (and those of any section it enters)
    /// hold, in linear navigation; `from` itself in nonlinear navigation.
    fn first_eligible(
        &self,
        s: &mut TestSession,
        from: usize,
        end: usize,
    ) -> Result<Option<usize>, EngineError> {
        let linear = self.parts[s.route.get(from).map_or(0, |o| o.part)].navigation
            == NavigationMode::Linear;
        let mut i = from;
        while i < end {
            if !linear {
                return Ok(Some(i));
            }
            let o = &s.route[i];
            let prev_sections: Vec<usize> = if i > 0 {
                s.route[i - 1].sections.clone()
            } else {
                Vec::new()
            };
            // Sections newly entered.
            let mut skip_to = None;
            for &sec in &o.sections {
                if prev_sections.contains(&sec) && i != from {
                    continue;
                }
                let Node::Section(sd) = &self.nodes[sec] else {
                    continue;
                };
                for e in &sd.control.pre {
                    if !self.condition(s, e)? {
                        skip_to = Some(self.after_section(s, i, sec));
                        break;
                    }
                }
                if skip_to.is_some() {
                    break;
                }
            }
            if let Some(next) = skip_to {
                for k in i..next.min(end) {
                    s.route[k].skipped = true;
                }
                i = next;
                continue;
            }
            let r = self.item_ref(s.route[i].node);
            let mut ok = true;
            for e in &r.control.pre {
                if !self.condition(s, e)? {
                    ok = false;
                    break;
                }
            }
            if ok {
                return Ok(Some(i));
            }
            s.route[i].skipped = true;
            i += 1;
        }
        Ok(None)
    }

    fn after_section(&self, s: &TestSession, from: usize, sec: usize) -> usize {
        let mut i = from;
        while i < s.route.len() && s.route[i].sections.contains(&sec) {
            i += 1;
        }
        i
    }

    fn current(&self, s: &TestSession) -> Result<usize, EngineError> {
        if s.ended {
            return Err(EngineError::NotAllowed("the test has ended".into()));
        }
        s.position
            .ok_or_else(|| EngineError::NotAllowed("no current item".into()))
    }

    /// Adds elapsed time to the test, the current part, its sections and the current item, and
    /// reports which time limit (if any) is now exceeded, with whether late submission is
    /// allowed.
    fn add_time(
        &self,
        s: &mut TestSession,
        elapsed: f64,
    ) -> Result<Option<(String, bool)>, EngineError> {
        if !elapsed.is_finite() || elapsed < 0.0 {
            return Err(EngineError::NotAllowed(format!(
                "elapsed time {elapsed} is not a duration"
            )));
        }
        s.test_duration += elapsed;
        let part = s.part;
        if let Some(p) = s.part_durations.get_mut(part) {
            *p += elapsed;
        }
        let mut exceeded = None;
        let mut check = |name: String, l: Option<Limits>, d: f64| {
            if let Some(l) = l
                && l.max.is_some_and(|m| d > m)
                && exceeded.is_none()
            {
                exceeded = Some((name, l.allow_late));
            }
        };
        check(
            format!("test {}", self.identifier),
            self.limits,
            s.test_duration,
        );
        check(
            format!("testPart {}", self.parts[part].identifier),
            self.parts[part].control.limits,
            s.part_durations[part],
        );
        if let Some(i) = s.position {
            let secs = s.route[i].sections.clone();
            for sec in secs {
                s.section_durations[sec] += elapsed;
                if let Node::Section(sd) = &self.nodes[sec] {
                    check(
                        format!("section {}", sd.identifier),
                        sd.control.limits,
                        s.section_durations[sec],
                    );
                }
            }
            s.route[i].duration += elapsed;
            let d = s.route[i].duration;
            let r = self.item_ref(s.route[i].node);
            check(format!("item {}", r.identifier), r.control.limits, d);
            let item = &self.items[r.item];
            if let Some(sess) = s.route[i].session.as_mut() {
                sess.set_duration(item, d)?;
            }
        }
        Ok(exceeded)
    }

    fn min_time_pending(&self, s: &TestSession, i: usize) -> Option<String> {
        if self.parts[s.part].navigation != NavigationMode::Linear {
            return None;
        }
        let r = self.item_ref(s.route[i].node);
        if let Some(m) = r.control.limits.and_then(|l| l.min)
            && s.route[i].duration < m
        {
            return Some(format!(
                "item {} has a minimum time of {m}s ({}s spent)",
                r.identifier, s.route[i].duration
            ));
        }
        None
    }

    /// Submits responses for the current item. In individual submission mode the attempt ends
    /// and response and outcome processing run; in simultaneous mode the responses are kept
    /// until the test part ends. `elapsed`: seconds since the previous action.
    pub fn submit<'r>(
        &self,
        s: &mut TestSession,
        responses: impl IntoIterator<Item = (&'r str, Value)>,
        elapsed: f64,
    ) -> Result<(), EngineError> {
        self.check(s)?;
        let i = self.current(s)?;
        let exceeded = self.add_time(s, elapsed)?;
        if let Some((what, late_ok)) = &exceeded
            && !late_ok
        {
            return Err(EngineError::NotAllowed(format!(
                "the time limit of {what} is exceeded; the submission is refused"
            )));
        }
        let r = self.item_ref(s.route[i].node);
        let item = &self.items[r.item];
        let control = r.session_control;
        let part = &self.parts[s.part];
        let Some(sess) = s.route[i].session.as_mut() else {
            return Err(EngineError::NotAllowed("no item session".into()));
        };
        if sess.is_closed() {
            return Err(EngineError::NotAllowed(format!(
                "item {} is closed",
                r.identifier
            )));
        }
        let attempts = sess.num_attempts(item);
        if part.submission == SubmissionMode::Individual
            && !item.is_adaptive()
            && control.max_attempts > 0
            && attempts >= control.max_attempts
        {
            return Err(EngineError::NotAllowed(format!(
                "item {} allows {} attempt(s)",
                r.identifier, control.max_attempts
            )));
        }
        let mut trial = sess.clone();
        for (id, v) in responses {
            trial.set_response(item, id, v)?;
        }
        if control.validate_responses {
            let bad = item.invalid_responses(&trial);
            if !bad.is_empty() {
                return Err(EngineError::NotAllowed(format!(
                    "invalid responses: {}",
                    bad.join("; ")
                )));
            }
        }
        if !control.allow_skipping && !trial.has_responded() {
            return Err(EngineError::NotAllowed(format!(
                "item {} may not be skipped: give a response",
                r.identifier
            )));
        }
        *sess = trial;
        s.route[i].submitted = true;
        if part.submission == SubmissionMode::Individual {
            let sess = s.route[i]
                .session
                .as_mut()
                .ok_or_else(|| EngineError::NotAllowed("no item session".into()))?;
            sess.begin_attempt(item)?;
            sess.end_attempt(item)?;
            if !item.is_adaptive()
                && control.max_attempts > 0
                && sess.num_attempts(item) >= control.max_attempts
            {
                sess.close();
            }
            self.outcome_processing(s)?;
        }
        Ok(())
    }

    /// Moves to the next item (linear: after the current item's branch rules, skipping items
    /// and sections whose pre-conditions fail; the end of a part ends it). In nonlinear mode
    /// it simply moves on.
    pub fn next(&self, s: &mut TestSession, elapsed: f64) -> Result<(), EngineError> {
        self.check(s)?;
        let i = self.current(s)?;
        self.add_time(s, elapsed)?;
        let part = &self.parts[s.part];
        if part.navigation == NavigationMode::Linear {
            if let Some(m) = self.min_time_pending(s, i) {
                return Err(EngineError::NotAllowed(m));
            }
            let r = self.item_ref(s.route[i].node);
            let control = r.session_control;
            if !control.allow_skipping && !s.route[i].submitted {
                return Err(EngineError::NotAllowed(format!(
                    "item {} may not be skipped",
                    r.identifier
                )));
            }
            // Branch rules of the item, then of sections being left.
            let range = self.part_range(s, s.part);
            let mut target = None;
            for (t, e) in &r.control.branch {
                if self.condition(s, e)? {
                    target = Some(t.clone());
                    break;
                }
            }
            if target.is_none() {
                let next_sections = s
                    .route
                    .get(i + 1)
                    .map(|o| o.sections.clone())
                    .unwrap_or_default();
                for &sec in s.route[i].sections.iter().rev() {
                    if next_sections.contains(&sec) {
                        continue;
                    }
                    if let Node::Section(sd) = &self.nodes[sec] {
                        for (t, e) in &sd.control.branch {
                            if self.condition(s, e)? {
                                target = Some(t.clone());
                                break;
                            }
                        }
                    }
                    if target.is_some() {
                        break;
                    }
                }
            }
            let next = match target.as_deref() {
                None => i + 1,
                Some("EXIT_TEST") => return self.finish(s),
                Some("EXIT_TESTPART") => return self.end_test_part(s, 0.0),
                Some("EXIT_SECTION") => {
                    let sec = s.route[i].sections.last().copied();
                    sec.map_or(i + 1, |sec| self.after_section(s, i, sec))
                }
                Some(t) => {
                    if let Some(p) = self.parts.iter().position(|p| p.identifier == t) {
                        if p > s.part {
                            for k in i + 1..range.end {
                                s.route[k].skipped = !s.route[k].presented;
                            }
                            self.close_part(s)?;
                            return self.enter_part(s, p);
                        }
                        return Err(EngineError::NotAllowed(format!(
                            "branchRule target {t} is not ahead"
                        )));
                    }
                    (i + 1..range.end)
                        .find(|k| {
                            self.item_ref(s.route[*k].node).identifier == t
                                || s.route[*k].sections.iter().any(|sec| matches!(&self.nodes[*sec], Node::Section(sd) if sd.identifier == t))
                        })
                        .ok_or_else(|| EngineError::NotAllowed(format!("branchRule target {t} is not ahead in this test part")))?
                }
            };
            for k in i + 1..next.min(range.end) {
                s.route[k].skipped = true;
            }
            if next >= range.end {
                return self.end_test_part(s, 0.0);
            }
            match self.first_eligible(s, next, range.end)? {
                Some(n) => self.present(s, n),
                None => return self.end_test_part(s, 0.0),
            }
            Ok(())
        } else {
            let range = self.part_range(s, s.part);
            if i + 1 >= range.end {
                return Err(EngineError::NotAllowed(
                    "this is the last item of the test part; end the test part instead".into(),
                ));
            }
            self.present(s, i + 1);
            Ok(())
        }
    }

    /// Jumps to an item of the current test part (nonlinear navigation only), by item
    /// reference identifier (the first occurrence) or by route position.
    pub fn select(
        &self,
        s: &mut TestSession,
        target: &str,
        elapsed: f64,
    ) -> Result<(), EngineError> {
        self.check(s)?;
        self.current(s)?;
        self.add_time(s, elapsed)?;
        if self.parts[s.part].navigation != NavigationMode::Nonlinear {
            return Err(EngineError::NotAllowed(
                "items can only be selected freely in nonlinear navigation".into(),
            ));
        }
        let range = self.part_range(s, s.part);
        let k = target
            .parse::<usize>()
            .ok()
            .filter(|k| range.contains(k))
            .or_else(|| {
                range
                    .clone()
                    .find(|k| self.item_ref(s.route[*k].node).identifier == target)
            })
            .ok_or_else(|| {
                EngineError::NotAllowed(format!("no item {target:?} in the current test part"))
            })?;
        let r = self.item_ref(s.route[k].node);
        let reviewed = s.route[k]
            .session
            .as_ref()
            .is_some_and(ItemSession::is_closed);
        if reviewed && !r.session_control.allow_review {
            return Err(EngineError::NotAllowed(format!(
                "item {} is closed and allowReview is false",
                r.identifier
            )));
        }
        self.present(s, k);
        Ok(())
    }

    fn close_part(&self, s: &mut TestSession) -> Result<(), EngineError> {
        let part = s.part;
        if s.parts_ended[part] {
            return Ok(());
        }
        if self.parts[part].submission == SubmissionMode::Simultaneous {
            for k in self.part_range(s, part) {
                if !s.route[k].submitted {
                    continue;
                }
                let item = &self.items[self.item_ref(s.route[k].node).item];
                if let Some(sess) = s.route[k].session.as_mut() {
                    sess.begin_attempt(item)?;
                    sess.end_attempt(item)?;
                }
            }
        }
        for k in self.part_range(s, part) {
            if let Some(sess) = s.route[k].session.as_mut() {
                sess.close();
            }
        }
        s.parts_ended[part] = true;
        self.outcome_processing(s)
    }

    /// Ends the current test part: simultaneous submissions are processed, outcome
    /// processing runs, and the next part (whose pre-conditions hold) starts; after the last
    /// part the test ends.
    pub fn end_test_part(&self, s: &mut TestSession, elapsed: f64) -> Result<(), EngineError> {
        self.check(s)?;
        if s.ended {
            return Err(EngineError::NotAllowed("the test has ended".into()));
        }
        self.add_time(s, elapsed)?;
        self.close_part(s)?;
        if s.ended {
            return Ok(());
        }
        let part = s.part;
        let mut next = part + 1;
        for (t, e) in &self.parts[part].control.branch {
            if self.condition(s, e)? {
                if t.as_str() == "EXIT_TEST" {
                    return self.finish(s);
                }
                if let Some(p) = self.parts.iter().position(|p| p.identifier == *t) {
                    next = p.max(part + 1);
                }
                break;
            }
        }
        s.position = None;
        self.enter_part(s, next)
    }

    /// Ends the whole test now (the candidate exits): remaining parts are closed and outcome
    /// processing runs.
    pub fn exit_test(&self, s: &mut TestSession, elapsed: f64) -> Result<(), EngineError> {
        self.check(s)?;
        if s.ended {
            return Ok(());
        }
        self.add_time(s, elapsed)?;
        self.close_part(s)?;
        self.finish(s)
    }

    fn finish(&self, s: &mut TestSession) -> Result<(), EngineError> {
        if s.ended {
            return Ok(());
        }
        s.ended = true;
        s.position = None;
        for p in 0..self.parts.len() {
            s.parts_ended[p] = true;
        }
        for o in &mut s.route {
            if let Some(sess) = o.session.as_mut() {
                sess.close();
            }
            if !o.presented {
                o.skipped = true;
            }
        }
        self.outcome_processing(s)?;
        s.ended = true;
        Ok(())
    }

    /// Test feedback shown now: `during` feedback of the test and the current part at any time,
    /// `atEnd` feedback once the test (or that part) has ended; shown or hidden by the test
    /// outcome's value.
    pub fn shown_test_feedback(&self, s: &TestSession) -> Vec<Identifier> {
        let mut out = Vec::new();
        if self.check(s).is_err() {
            return out;
        }
        let val = |id: &Identifier| self.index.get(id).and_then(|i| s.values.get(*i));
        for (pi, p) in self.parts.iter().enumerate() {
            for f in &p.feedback {
                let time_ok = if f.at_end {
                    s.parts_ended[pi]
                } else {
                    pi == s.part && !s.ended
                };
                if time_ok && is_visible(val(&f.outcome), &f.identifier, f.show) {
                    out.push(f.identifier.clone());
                }
            }
        }
        for f in &self.feedback {
            let time_ok = if f.at_end { s.ended } else { !s.ended };
            if time_ok && is_visible(val(&f.outcome), &f.identifier, f.show) {
                out.push(f.identifier.clone());
            }
        }
        out
    }

    /// The feedback and template content of the item at route `position` shown now, under
    /// the effective `showFeedback` of its `itemSessionControl`: while the item session is
    /// open (between the attempts of a multi-attempt or adaptive item) the item's own rules
    /// decide, as for [`CompiledItem::shown_feedback`]; once the last attempt has ended (the
    /// session is closed), modal, block and inline feedback are shown only when `showFeedback`
    /// is true ("this includes both modal and integrated feedback, even if the candidate has
    /// access to the review state"). Template content (`templateBlock` / `templateInline`) is
    /// not feedback and follows its template variable only. Nothing is shown for an item that
    /// has no session or was never presented.
    pub fn shown_item_feedback(
        &self,
        s: &TestSession,
        position: usize,
    ) -> Result<Vec<ShownFeedback>, EngineError> {
        self.check(s)?;
        let (o, r, item) = self.occurrence_at(s, position)?;
        let Some(sess) = o.session.as_ref().filter(|_| o.presented) else {
            return Ok(Vec::new());
        };
        let feedback_allowed = !sess.is_closed() || r.session_control.show_feedback;
        Ok(item
            .shown_feedback(sess)
            .into_iter()
            .filter(|f| {
                feedback_allowed
                    || matches!(
                        f.kind,
                        FeedbackKind::TemplateBlock | FeedbackKind::TemplateInline
                    )
            })
            .collect())
    }

    /// The solution of the item at route `position` (its response variables' correct
    /// responses, in declaration order), when the candidate may enter the solution state:
    /// only when the effective `showSolution` is true and the item session is closed (review).
    /// `None` when the solution may not be shown.
    pub fn solution(
        &self,
        s: &TestSession,
        position: usize,
    ) -> Result<Option<Vec<(Identifier, Value)>>, EngineError> {
        self.check(s)?;
        let (o, r, item) = self.occurrence_at(s, position)?;
        let Some(sess) = o.session.as_ref() else {
            return Ok(None);
        };
        if !r.session_control.show_solution || !sess.is_closed() {
            return Ok(None);
        }
        Ok(Some(
            item.variables()
                .iter()
                .filter(|v| v.kind == VariableKind::Response)
                .filter_map(|v| {
                    sess.correct_response(item, &v.identifier)
                        .filter(|c| !c.is_null())
                        .map(|c| (v.identifier.clone(), c.clone()))
                })
                .collect(),
        ))
    }

    fn occurrence_at<'s>(
        &self,
        s: &'s TestSession,
        position: usize,
    ) -> Result<(&'s Occurrence, &ItemRefDef, &CompiledItem), EngineError> {
        let o = s.route.get(position).ok_or_else(|| {
            EngineError::NotAllowed(format!(
                "no route position {position} (the route has {} items)",
                s.route.len()
            ))
        })?;
        let r = self.item_ref_checked(o.node).ok_or_else(|| {
            EngineError::NotAllowed(format!("position {position} is not an item"))
        })?;
        let item = self
            .items
            .get(r.item)
            .ok_or_else(|| EngineError::MissingItem(r.identifier.to_string()))?;
        Ok((o, r, item))
    }

    /// The value of a test-level variable.
    pub fn value<'a>(&self, s: &'a TestSession, id: &str) -> Option<&'a Value> {
        self.index.get(id).and_then(|i| s.values.get(*i))
    }

    /// Resolves a name the way outcome processing does (`itemRef.VAR`, `itemRef.2.VAR`,
    /// `PART.duration`, test outcomes).
    pub fn lookup(&self, s: &TestSession, name: &str) -> Result<Value, EngineError> {
        self.check(s)?;
        if let Some(v) = self.value(s, name) {
            return Ok(v.clone());
        }
        View { t: self, s }.variable(name, None)
    }
}

fn unreachable_item() -> ! {
    // Occurrences only ever point at item reference nodes (built in `start`).
    panic!("occurrence points at a section")
}

fn feedback_def(f: &crate::test::TestFeedback) -> FeedbackDef {
    FeedbackDef {
        identifier: f.identifier.clone(),
        outcome: f.outcome_identifier.clone(),
        show: f.show_hide == ShowHide::Show,
        at_end: f.access == crate::test::FeedbackAccess::AtEnd,
    }
}

/// One selected item in a test session's route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Occurrence {
    node: usize,
    /// The test part index.
    pub part: usize,
    sections: Vec<usize>,
    /// 1-based occurrence number of the item reference (selection with replacement).
    pub occurrence: usize,
    /// The item reference identifier.
    pub identifier: Identifier,
    /// The item session.
    pub session: Option<ItemSession>,
    /// Whether the item has been presented.
    pub presented: bool,
    /// Whether navigation skipped it (pre-condition, branch rule, or never reached).
    pub skipped: bool,
    /// Whether responses were submitted.
    pub submitted: bool,
    /// Seconds spent on the item.
    pub duration: f64,
}

/// The state of a candidate's test session: serialise to suspend, use again with the same
/// [`CompiledTest`] to resume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestSession {
    test: Identifier,
    fingerprint: u64,
    values: Vec<Value>,
    route: Vec<Occurrence>,
    position: Option<usize>,
    part: usize,
    ended: bool,
    parts_ended: Vec<bool>,
    test_duration: f64,
    part_durations: Vec<f64>,
    section_durations: Vec<f64>,
    rng: Prng,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<Problem>,
}

impl TestSession {
    /// The selected items in delivery order.
    pub fn route(&self) -> &[Occurrence] {
        &self.route
    }

    /// The route position of the current item.
    pub const fn position(&self) -> Option<usize> {
        self.position
    }

    /// The current item's occurrence.
    pub fn current(&self) -> Option<&Occurrence> {
        self.position.and_then(|p| self.route.get(p))
    }

    /// The index of the current test part.
    pub const fn part(&self) -> usize {
        self.part
    }

    /// Whether the test has ended.
    pub const fn is_ended(&self) -> bool {
        self.ended
    }

    /// Seconds spent in the test.
    pub const fn duration(&self) -> f64 {
        self.test_duration
    }

    /// Warnings raised by outcome processing.
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// The test-level variable values, in declaration order.
    pub fn values(&self) -> &[Value] {
        &self.values
    }
}

/// A read-only view for evaluating test-level expressions.
struct View<'a> {
    t: &'a CompiledTest,
    s: &'a TestSession,
}

impl View<'_> {
    fn in_subset(&self, o: &Occurrence, subset: &ItemSubset) -> bool {
        let r = self.t.item_ref(o.node);
        if let Some(sec) = &subset.section_identifier {
            let inside = o
                .sections
                .iter()
                .any(|k| matches!(&self.t.nodes[*k], Node::Section(sd) if &sd.identifier == sec));
            if !inside {
                return false;
            }
        }
        if let Some(inc) = &subset.include_category
            && !r.categories.iter().any(|c| inc.contains(c))
        {
            return false;
        }
        if let Some(exc) = &subset.exclude_category
            && r.categories.iter().any(|c| exc.contains(c))
        {
            return false;
        }
        true
    }

    fn subset<'s>(&'s self, subset: &'s ItemSubset) -> impl Iterator<Item = &'s Occurrence> + 's {
        self.s
            .route
            .iter()
            .filter(move |o| self.in_subset(o, subset))
    }

    fn weight(&self, o: &Occurrence, w: Option<&str>) -> Option<f64> {
        let w = w?;
        Some(
            self.t
                .item_ref(o.node)
                .weights
                .iter()
                .find(|(k, _)| k.as_str() == w)
                .map_or(1.0, |(_, v)| *v),
        )
    }

    /// An item variable by its name in the test (after variable mapping).
    fn item_var(&self, o: &Occurrence, name: &str) -> Option<(Value, &Variable)> {
        let r = self.t.item_ref(o.node);
        let item = &self.t.items[r.item];
        let source = r
            .mappings
            .iter()
            .find(|(_, t)| t.as_str() == name)
            .map_or(name, |(s, _)| s.as_str());
        let v = item.variable(source)?;
        let value = o
            .session
            .as_ref()
            .and_then(|s| s.value(item, source))
            .cloned()
            .unwrap_or(Value::Null);
        Some((value, v))
    }

    fn is_correct(&self, o: &Occurrence) -> Option<bool> {
        let item = &self.t.items[self.t.item_ref(o.node).item];
        let sess = o.session.as_ref()?;
        let mut any = false;
        for v in item
            .variables()
            .iter()
            .filter(|v| v.kind == VariableKind::Response && !v.builtin)
        {
            let c = sess
                .correct_response(item, &v.identifier)
                .cloned()
                .unwrap_or(Value::Null);
            if c.is_null() {
                continue;
            }
            any = true;
            let r = sess
                .value(item, &v.identifier)
                .cloned()
                .unwrap_or(Value::Null);
            if values_match(&r, &c) != Some(true) {
                return Some(false);
            }
        }
        any.then_some(true)
    }

    fn find_occurrence(&self, ref_id: &str, n: usize) -> Option<&Occurrence> {
        self.s
            .route
            .iter()
            .find(|o| o.identifier.as_str() == ref_id && o.occurrence == n)
    }
}

fn weighted(v: Value, w: Option<f64>) -> Value {
    match (v, w) {
        #[allow(clippy::cast_precision_loss, reason = "weights make floats")]
        (Value::Single(SingleValue::Integer(i)), Some(w)) => {
            Value::Single(SingleValue::Float(i as f64 * w))
        }
        (Value::Single(SingleValue::Float(f)), Some(w)) => Value::Single(SingleValue::Float(f * w)),
        (v, _) => v,
    }
}

impl TestScope for View<'_> {
    fn variable(&self, name: &str, weight: Option<&str>) -> Result<Value, EngineError> {
        let parts: Vec<&str> = name.split('.').collect();
        let (ref_id, n, var) = match parts.as_slice() {
            [r, v] => (*r, 1, *v),
            [r, n, v] => (
                *r,
                n.parse::<usize>()
                    .map_err(|_| EngineError::unknown_variable(name))?,
                *v,
            ),
            _ => return Err(EngineError::unknown_variable(name)),
        };
        if var == "duration" {
            if let Some(p) = self.t.parts.iter().position(|p| p.identifier == ref_id) {
                return Ok(Value::Single(SingleValue::Duration(
                    self.s.part_durations[p],
                )));
            }
            if let Some(k) = self
                .t
                .nodes
                .iter()
                .position(|nd| matches!(nd, Node::Section(sd) if sd.identifier == ref_id))
            {
                return Ok(Value::Single(SingleValue::Duration(
                    self.s.section_durations[k],
                )));
            }
        }
        let Some(o) = self.find_occurrence(ref_id, n) else {
            // An item not selected (or a name that is nothing): NULL, as for items never
            // presented.
            if self
                .t
                .nodes
                .iter()
                .any(|nd| matches!(nd, Node::Item(i) if i.identifier == ref_id))
            {
                return Ok(Value::Null);
            }
            return Err(EngineError::unknown_variable(name));
        };
        let (v, _) = self
            .item_var(o, var)
            .ok_or_else(|| EngineError::unknown_variable(name))?;
        Ok(weighted(v, self.weight(o, weight)))
    }

    fn default_of(&self, name: &str) -> Result<Value, EngineError> {
        let (r, v) = name
            .split_once('.')
            .ok_or_else(|| EngineError::unknown_variable(name))?;
        let o = self
            .find_occurrence(r, 1)
            .ok_or_else(|| EngineError::unknown_variable(name))?;
        let item = &self.t.items[self.t.item_ref(o.node).item];
        o.session
            .as_ref()
            .and_then(|s| s.default_value(item, v))
            .cloned()
            .ok_or_else(|| EngineError::unknown_variable(name))
    }

    fn correct_of(&self, name: &str) -> Result<Value, EngineError> {
        let (r, v) = name
            .split_once('.')
            .ok_or_else(|| EngineError::unknown_variable(name))?;
        let o = self
            .find_occurrence(r, 1)
            .ok_or_else(|| EngineError::unknown_variable(name))?;
        let item = &self.t.items[self.t.item_ref(o.node).item];
        o.session
            .as_ref()
            .and_then(|s| s.correct_response(item, v))
            .cloned()
            .ok_or_else(|| EngineError::unknown_variable(name))
    }

    fn number(&self, kind: NumberKind, subset: &ItemSubset) -> i64 {
        let count = self
            .subset(subset)
            .filter(|o| {
                let item = &self.t.items[self.t.item_ref(o.node).item];
                let attempted = o.session.as_ref().is_some_and(|s| s.num_attempts(item) > 0);
                match kind {
                    NumberKind::Selected => true,
                    NumberKind::Presented => o.presented,
                    NumberKind::Responded => o
                        .session
                        .as_ref()
                        .is_some_and(|s| attempted && s.has_responded()),
                    NumberKind::Correct => attempted && self.is_correct(o) == Some(true),
                    NumberKind::Incorrect => attempted && self.is_correct(o) == Some(false),
                }
            })
            .count();
        i64::try_from(count).unwrap_or(i64::MAX)
    }

    fn outcome_extreme(
        &self,
        max: bool,
        subset: &ItemSubset,
        outcome: &str,
        weight: Option<&str>,
    ) -> Value {
        let mut out = Vec::new();
        for o in self.subset(subset) {
            let Some((_, decl)) = self.item_var(o, outcome) else {
                continue;
            };
            let bound = if max {
                decl.normal_maximum
            } else {
                decl.normal_minimum
            };
            let Some(b) = bound else {
                // An item in the subset without the bound: the result is NULL.
                return Value::Null;
            };
            out.push(SingleValue::Float(
                b * self.weight(o, weight).unwrap_or(1.0),
            ));
        }
        super::values::normalize(Value::Multiple(out))
    }

    fn test_variables(
        &self,
        subset: &ItemSubset,
        variable: &str,
        weight: Option<&str>,
        base_type: Option<BaseType>,
    ) -> Value {
        let mut out = Vec::new();
        for o in self.subset(subset) {
            let Some((v, decl)) = self.item_var(o, variable) else {
                continue;
            };
            if decl.cardinality != Cardinality::Single {
                continue;
            }
            if let Some(bt) = base_type
                && decl.base_type != Some(bt)
            {
                continue;
            }
            if let Value::Single(s) = weighted(v, self.weight(o, weight)) {
                out.push(s);
            }
        }
        // Mixed integers and floats are promoted to floats.
        let mixed = out.iter().any(|s| matches!(s, SingleValue::Float(_)))
            && out.iter().any(|s| matches!(s, SingleValue::Integer(_)));
        if mixed {
            for s in &mut out {
                if let SingleValue::Integer(i) = s {
                    #[allow(clippy::cast_precision_loss, reason = "promotion")]
                    let f = *i as f64;
                    *s = SingleValue::Float(f);
                }
            }
        }
        if out.iter().any(|s| s.base_type() != out[0].base_type()) {
            return Value::Null;
        }
        let _ = items(&Value::Null);
        super::values::normalize(Value::Multiple(out))
    }
}
