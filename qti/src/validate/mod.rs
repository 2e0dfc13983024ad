//! Validation of the rules the XSDs cannot express (the XSD-level checks run while reading,
//! see [`crate::ReadOptions::schema_checks`]).
//!
//! Items: identifiers unique; every response, outcome and template reference declared (in
//! interactions, feedback, template content, printed variables, processing rules and
//! expressions); interaction vs declaration cardinality and base type; default values, correct
//! responses and mapping keys that fit their declaration; mappings and lookup tables coherent;
//! standard response processing templates with the variables they need. Tests: identifiers
//! unique; branch rule targets, section identifiers, weights and outcome references resolve.
//! Results: values that fit their variable's cardinality and base type.
//!
//! Every problem has a stable code ([`crate::codes`]) and the element's location.

use std::collections::{HashMap, HashSet};

use lti_core::xml::Span;
use lti_core::{Location, Problem, Report};

use crate::QtiDocument;
use crate::codes;
use crate::content::{BodyNode, walk_body};
use crate::declarations::{LookupTable, ValueSet};
use crate::interactions::{Interaction, InteractionKind};
use crate::item::AssessmentItem;
use crate::processing::{
    Condition, Expression, ExpressionKind, OutcomeRule, ResponseRule, Rule, StandardTemplate,
    TemplateRule, walk_expression,
};
use crate::results::{AssessmentResult, ResultVariable};
use crate::test::{AssessmentSection, AssessmentTest, SectionPart};
use crate::value::{BaseType, Cardinality, IntOrRef, SingleValue};

/// Validates a document's semantic rules (the XSD-level problems come from reading).
pub fn validate(doc: &QtiDocument) -> Report {
    match doc {
        QtiDocument::Item(i) => validate_item(i),
        QtiDocument::Test(t) => validate_test(t),
        QtiDocument::Section(s) => validate_section(s),
        QtiDocument::Stimulus(_) => Report::new(),
        QtiDocument::Result(r) => validate_result(r),
    }
}

fn loc(span: Span, path: &str) -> Location {
    span.location(path)
}

/// What kind of variable an identifier is declared as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VarKind {
    Response,
    Outcome,
    Template,
    Context,
    /// Built-in (`numAttempts`, `duration`, `completionStatus`).
    BuiltIn,
}

struct Decl {
    kind: VarKind,
    cardinality: Cardinality,
    base_type: Option<BaseType>,
    has_mapping: bool,
    has_area_mapping: bool,
    has_lookup: bool,
    has_correct: bool,
}

struct ItemCx<'a> {
    item: &'a AssessmentItem,
    decls: HashMap<&'a str, Decl>,
    report: Report,
}

/// Validates an item.
pub fn validate_item(item: &AssessmentItem) -> Report {
    let mut cx = ItemCx {
        item,
        decls: HashMap::new(),
        report: Report::new(),
    };
    cx.declarations();
    cx.body();
    cx.processing();
    cx.report
}

impl<'a> ItemCx<'a> {
    fn err(&mut self, code: &'static str, span: Span, path: &str, msg: impl Into<String>) {
        self.report
            .push(Problem::error(code, msg).at(loc(span, path)));
    }

    fn warn(&mut self, code: &'static str, span: Span, path: &str, msg: impl Into<String>) {
        self.report
            .push(Problem::warning(code, msg).at(loc(span, path)));
    }

    fn declarations(&mut self) {
        let item = self.item;
        for (id, card, bt) in [
            ("numAttempts", Cardinality::Single, BaseType::Integer),
            ("duration", Cardinality::Single, BaseType::Duration),
            (
                "completionStatus",
                Cardinality::Single,
                BaseType::Identifier,
            ),
        ] {
            self.decls.insert(
                id,
                Decl {
                    kind: VarKind::BuiltIn,
                    cardinality: card,
                    base_type: Some(bt),
                    has_mapping: false,
                    has_area_mapping: false,
                    has_lookup: false,
                    has_correct: false,
                },
            );
        }
        let add = |cx: &mut Self, id: &'a str, span: Span, path: &str, d: Decl| {
            if cx.decls.get(id).is_some_and(|e| e.kind != VarKind::BuiltIn) {
                cx.err(
                    codes::IDENTIFIER_DUPLICATE,
                    span,
                    path,
                    format!("the variable identifier {id:?} is declared more than once"),
                );
            } else if cx.decls.contains_key(id) {
                cx.warn(
                    codes::BUILT_IN_REDECLARED,
                    span,
                    path,
                    format!("{id:?} is a built-in variable; declaring it again is discouraged"),
                );
            }
            cx.decls.insert(id, d);
        };
        for d in &item.context_declarations {
            let path = "/assessmentItem/qti-context-declaration";
            add(
                self,
                &d.header.identifier,
                d.span,
                path,
                Decl {
                    kind: VarKind::Context,
                    cardinality: d.header.cardinality,
                    base_type: d.header.base_type,
                    has_mapping: false,
                    has_area_mapping: false,
                    has_lookup: false,
                    has_correct: false,
                },
            );
            self.header_rules(&d.header, d.span, path);
            if let Some(v) = &d.default_value {
                self.value_set(v, &d.header, path, "defaultValue");
            }
        }
        for d in &item.response_declarations {
            let path = "/assessmentItem/responseDeclaration";
            add(
                self,
                &d.header.identifier,
                d.span,
                path,
                Decl {
                    kind: VarKind::Response,
                    cardinality: d.header.cardinality,
                    base_type: d.header.base_type,
                    has_mapping: d.mapping.is_some(),
                    has_area_mapping: d.area_mapping.is_some(),
                    has_lookup: false,
                    has_correct: d.correct_response.is_some(),
                },
            );
            self.header_rules(&d.header, d.span, path);
            if let Some(v) = &d.default_value {
                self.value_set(v, &d.header, path, "defaultValue");
            }
            if let Some(v) = &d.correct_response {
                self.value_set(v, &d.header, path, "correctResponse");
            }
            if let Some(m) = &d.mapping {
                let mpath = format!("{path}/mapping");
                if d.header.base_type == Some(BaseType::Point) {
                    self.warn(
                        codes::MAPPING_BASE_TYPE,
                        m.span,
                        &mpath,
                        "a point response is mapped with areaMapping; mapping keys cannot match points",
                    );
                }
                bounds(
                    self,
                    m.lower_bound.as_ref().map(|f| f.get()),
                    m.upper_bound.as_ref().map(|f| f.get()),
                    m.span,
                    &mpath,
                );
                let mut seen = HashSet::new();
                for e in &m.entries {
                    let epath = format!("{mpath}/mapEntry");
                    if let Some(bt) = d.header.base_type
                        && bt != BaseType::String
                        && SingleValue::parse(bt, &e.map_key).is_err()
                    {
                        self.err(
                            codes::MAPPING_KEY_INVALID,
                            e.span,
                            &epath,
                            format!(
                                "the map key {:?} is not a valid {bt} value for {:?}",
                                e.map_key,
                                d.header.identifier.as_str()
                            ),
                        );
                    }
                    let key = if e.case_sensitive == Some(false) {
                        e.map_key.to_lowercase()
                    } else {
                        e.map_key.clone()
                    };
                    if !seen.insert(key) {
                        self.warn(
                            codes::MAPPING_KEY_DUPLICATE,
                            e.span,
                            &epath,
                            format!("the map key {:?} appears more than once (only the first entry is used)", e.map_key),
                        );
                    }
                }
            }
            if let Some(m) = &d.area_mapping {
                let mpath = format!("{path}/areaMapping");
                if d.header.base_type != Some(BaseType::Point) {
                    self.err(
                        codes::MAPPING_BASE_TYPE,
                        m.span,
                        &mpath,
                        "areaMapping applies to point responses only",
                    );
                }
                bounds(
                    self,
                    m.lower_bound.as_ref().map(|f| f.get()),
                    m.upper_bound.as_ref().map(|f| f.get()),
                    m.span,
                    &mpath,
                );
                for e in &m.entries {
                    shape_coords(
                        self,
                        e.shape,
                        &e.coords,
                        e.span,
                        &format!("{mpath}/areaMapEntry"),
                    );
                }
            }
        }
        for d in &item.outcome_declarations {
            let path = "/assessmentItem/outcomeDeclaration";
            add(
                self,
                &d.header.identifier,
                d.span,
                path,
                Decl {
                    kind: VarKind::Outcome,
                    cardinality: d.header.cardinality,
                    base_type: d.header.base_type,
                    has_mapping: false,
                    has_area_mapping: false,
                    has_lookup: d.lookup_table.is_some(),
                    has_correct: false,
                },
            );
            outcome_rules(&mut self.report, d, path);
        }
        for d in &item.template_declarations {
            let path = "/assessmentItem/templateDeclaration";
            add(
                self,
                &d.header.identifier,
                d.span,
                path,
                Decl {
                    kind: VarKind::Template,
                    cardinality: d.header.cardinality,
                    base_type: d.header.base_type,
                    has_mapping: false,
                    has_area_mapping: false,
                    has_lookup: false,
                    has_correct: false,
                },
            );
            self.header_rules(&d.header, d.span, path);
            if let Some(v) = &d.default_value {
                self.value_set(v, &d.header, path, "defaultValue");
            }
        }
    }

    fn header_rules(&mut self, h: &crate::declarations::VariableHeader, span: Span, path: &str) {
        header_rules(&mut self.report, h, span, path);
    }

    fn value_set(
        &mut self,
        v: &ValueSet,
        h: &crate::declarations::VariableHeader,
        path: &str,
        what: &str,
    ) {
        value_set_rules(&mut self.report, v, h, &format!("{path}/{what}"));
    }

    fn decl(&self, id: &str) -> Option<&Decl> {
        self.decls.get(id)
    }

    fn require(&mut self, id: &str, kinds: &[VarKind], span: Span, path: &str, what: &str) {
        match self.decl(id) {
            None => self.err(
                codes::REFERENCE_UNDECLARED,
                span,
                path,
                format!("{what} {id:?} is not declared"),
            ),
            Some(d) if !kinds.contains(&d.kind) && d.kind != VarKind::BuiltIn => {
                let found = format!("{:?}", d.kind).to_lowercase();
                self.err(
                    codes::REFERENCE_WRONG_KIND,
                    span,
                    path,
                    format!("{what} {id:?} is declared as a {found} variable"),
                );
            }
            _ => {}
        }
    }

    fn body(&mut self) {
        let item = self.item;
        let Some(body) = &item.item_body else { return };
        // Interactions per response variable, reported in the order the variables first occur
        // (not in the map's, which changes from run to run).
        let mut bound: HashMap<&str, usize> = HashMap::new();
        let mut bound_order: Vec<&str> = Vec::new();
        let mut ids: HashSet<&str> = HashSet::new();
        let mut nodes: Vec<&BodyNode> = Vec::new();
        walk_body(&body.content, &mut |n| nodes.push(n));
        for f in &item.modal_feedbacks {
            walk_body(&f.content, &mut |n| nodes.push(n));
        }
        for n in nodes {
            match n {
                BodyNode::Interaction(i) => {
                    let n = bound.entry(&i.response_identifier).or_default();
                    if *n == 0 {
                        bound_order.push(&i.response_identifier);
                    }
                    *n += 1;
                    self.interaction(i, &mut ids);
                }
                BodyNode::FeedbackBlock(c) | BodyNode::FeedbackInline(c) => {
                    self.require(
                        &c.variable,
                        &[VarKind::Outcome],
                        c.span,
                        "/assessmentItem/itemBody//feedback",
                        "the feedback's outcome",
                    );
                }
                BodyNode::TemplateBlock(c) | BodyNode::TemplateInline(c) => {
                    self.require(
                        &c.variable,
                        &[VarKind::Template],
                        c.span,
                        "/assessmentItem/itemBody//template",
                        "the template content's variable",
                    );
                }
                BodyNode::PrintedVariable(p) => {
                    self.require(
                        &p.identifier,
                        &[VarKind::Outcome, VarKind::Template],
                        p.span,
                        "/assessmentItem/itemBody//printedVariable",
                        "the printed variable",
                    );
                }
                _ => {}
            }
        }
        for id in bound_order {
            let n = bound[id];
            if n > 1 {
                self.warn(
                    codes::INTERACTION_SHARED_RESPONSE,
                    body.span,
                    "/assessmentItem/itemBody",
                    format!("{n} interactions are bound to the same response variable {id:?}"),
                );
            }
        }
        for m in &item.modal_feedbacks {
            self.require(
                &m.outcome_identifier,
                &[VarKind::Outcome],
                m.span,
                "/assessmentItem/modalFeedback",
                "the modal feedback's outcome",
            );
        }
    }

    fn interaction(&mut self, i: &'a Interaction, ids: &mut HashSet<&'a str>) {
        let name = i.element_name();
        let path = format!("/assessmentItem/itemBody//{name}");
        let Some(d) = self.decl(&i.response_identifier) else {
            self.err(
                codes::REFERENCE_UNDECLARED,
                i.span,
                &path,
                format!(
                    "the interaction's response variable {:?} is not declared",
                    i.response_identifier.as_str()
                ),
            );
            return;
        };
        if d.kind != VarKind::Response {
            self.err(
                codes::REFERENCE_WRONG_KIND,
                i.span,
                &path,
                format!(
                    "{:?} is not a response variable",
                    i.response_identifier.as_str()
                ),
            );
            return;
        }
        let (card, bt) = (d.cardinality, d.base_type);
        let has_correct = d.has_correct;
        use BaseType as B;
        use Cardinality as C;
        let rules: Option<(&[BaseType], &[Cardinality])> = match &i.kind {
            InteractionKind::Choice(_)
            | InteractionKind::Hottext(_)
            | InteractionKind::Hotspot(_) => Some((&[B::Identifier], &[C::Single, C::Multiple])),
            InteractionKind::Order(_) | InteractionKind::GraphicOrder(_) => {
                Some((&[B::Identifier], &[C::Ordered]))
            }
            InteractionKind::Associate(_) | InteractionKind::GraphicAssociate(_) => {
                Some((&[B::Pair], &[C::Single, C::Multiple]))
            }
            InteractionKind::Match(_)
            | InteractionKind::GapMatch(_)
            | InteractionKind::GraphicGapMatch(_) => {
                Some((&[B::DirectedPair], &[C::Single, C::Multiple]))
            }
            InteractionKind::InlineChoice(_) => Some((&[B::Identifier], &[C::Single])),
            InteractionKind::TextEntry(_) => {
                Some((&[B::String, B::Integer, B::Float], &[C::Single, C::Record]))
            }
            InteractionKind::ExtendedText(_) => Some((
                &[B::String, B::Integer, B::Float],
                &[C::Single, C::Multiple, C::Ordered, C::Record],
            )),
            InteractionKind::SelectPoint(_) | InteractionKind::PositionObject(_) => {
                Some((&[B::Point], &[C::Single, C::Multiple]))
            }
            InteractionKind::Slider(_) => Some((&[B::Integer, B::Float], &[C::Single])),
            InteractionKind::Drawing(_) | InteractionKind::Upload { .. } => {
                Some((&[B::File], &[C::Single]))
            }
            InteractionKind::Media(_) => Some((&[B::Integer], &[C::Single])),
            InteractionKind::EndAttempt(_) => Some((&[B::Boolean], &[C::Single])),
            _ => None,
        };
        if let Some((bts, cards)) = rules {
            let bt_ok = match bt {
                Some(b) => bts.contains(&b),
                None => card == C::Record,
            };
            if !bt_ok || !cards.contains(&card) {
                let want_bt: Vec<&str> = bts.iter().map(|b| b.as_str()).collect();
                let want_c: Vec<&str> = cards.iter().map(|c| c.as_str()).collect();
                self.err(
                    codes::INTERACTION_DECLARATION_MISMATCH,
                    i.span,
                    &path,
                    format!(
                        "{name} needs a response variable of base type {} and cardinality {}; {:?} is {} {}",
                        want_bt.join("/"),
                        want_c.join("/"),
                        i.response_identifier.as_str(),
                        card,
                        bt.map_or("(no base type)", BaseType::as_str)
                    ),
                );
            }
        }
        // Choice counts against cardinality.
        let (max, min, what) = match &i.kind {
            InteractionKind::Choice(c) => (
                Some(c.max_choices.unwrap_or(1)),
                c.min_choices,
                "maxChoices",
            ),
            InteractionKind::Hottext(h) => (
                Some(h.max_choices.unwrap_or(1)),
                h.min_choices,
                "maxChoices",
            ),
            InteractionKind::Hotspot(g) => (
                Some(g.max_choices.unwrap_or(1)),
                g.min_choices,
                "maxChoices",
            ),
            InteractionKind::Associate(a) => (
                Some(a.max_associations.unwrap_or(1)),
                a.min_associations,
                "maxAssociations",
            ),
            InteractionKind::Match(m) => (
                Some(m.max_associations.unwrap_or(1)),
                m.min_associations,
                "maxAssociations",
            ),
            InteractionKind::GraphicAssociate(g) => (
                Some(g.max_associations.unwrap_or(1)),
                g.min_associations,
                "maxAssociations",
            ),
            _ => (None, None, "maxChoices"),
        };
        if let Some(max) = max {
            if card == C::Single && max != 1 && !matches!(&i.kind, InteractionKind::Match(_)) {
                self.err(
                    codes::INTERACTION_DECLARATION_MISMATCH,
                    i.span,
                    &path,
                    format!(
                        "{what}={max} allows several values but {:?} has single cardinality",
                        i.response_identifier.as_str()
                    ),
                );
            }
            if let Some(min) = min
                && max != 0
                && min > max
            {
                self.err(
                    codes::INTERACTION_MIN_MAX,
                    i.span,
                    &path,
                    format!("the minimum ({min}) is larger than {what} ({max})"),
                );
            }
        }
        if let InteractionKind::TextEntry(t) | InteractionKind::ExtendedText(t) = &i.kind
            && let Some(s) = &t.string_identifier
        {
            self.require(
                s,
                &[VarKind::Response],
                i.span,
                &path,
                "the string identifier",
            );
        }
        if let InteractionKind::Slider(s) = &i.kind
            && s.lower_bound.get() > s.upper_bound.get()
        {
            self.err(
                codes::INTERACTION_MIN_MAX,
                i.span,
                &path,
                "the slider's lowerBound is larger than its upperBound",
            );
        }
        // Choice identifiers unique within the interaction; correct response values known.
        let mut choice_ids: HashSet<&str> = HashSet::new();
        for c in i.choices() {
            if !choice_ids.insert(&c.identifier) {
                self.err(
                    codes::IDENTIFIER_DUPLICATE,
                    c.span,
                    &format!("{path}/{}", c.kind.element_name()),
                    format!(
                        "the choice identifier {:?} is used twice in this interaction",
                        c.identifier.as_str()
                    ),
                );
            }
            let _ = ids.insert(&c.identifier);
            if let Some(t) = &c.template_identifier {
                self.require(
                    t,
                    &[VarKind::Template],
                    c.span,
                    &path,
                    "the choice's template variable",
                );
            }
            if let (Some(mx), Some(mn)) = (c.match_max, c.match_min)
                && mx != 0
                && mn > mx
            {
                self.err(
                    codes::INTERACTION_MIN_MAX,
                    c.span,
                    &path,
                    format!("matchMin ({mn}) is larger than matchMax ({mx})"),
                );
            }
        }
        if has_correct && !choice_ids.is_empty() {
            let rd = self.item.response_declaration(&i.response_identifier);
            if let Some(cr) = rd.and_then(|r| r.correct_response.as_ref()) {
                for v in &cr.values {
                    let names: Vec<&str> = match &v.value {
                        Some(SingleValue::Identifier(x)) => vec![x.as_str()],
                        Some(SingleValue::Pair(p) | SingleValue::DirectedPair(p)) => {
                            vec![p.first.as_str(), p.second.as_str()]
                        }
                        _ => Vec::new(),
                    };
                    for n in names {
                        if !choice_ids.contains(n) {
                            self.warn(
                                codes::CORRECT_RESPONSE_UNKNOWN_CHOICE,
                                v.span,
                                "/assessmentItem/responseDeclaration/correctResponse/value",
                                format!("the correct response names {n:?}, which is not a choice of the {name} bound to {:?}", i.response_identifier.as_str()),
                            );
                        }
                    }
                }
            }
        }
    }

    fn processing(&mut self) {
        let item = self.item;
        if let Some(rp) = &item.response_processing {
            let path = "/assessmentItem/responseProcessing";
            if let Some(t) = rp.standard_template() {
                let (needs_correct, needs_mapping, needs_area) = match t {
                    StandardTemplate::MatchCorrect
                    | StandardTemplate::Cc2Match
                    | StandardTemplate::Cc2MatchBasic => (true, false, false),
                    StandardTemplate::MapResponse | StandardTemplate::Cc2MapResponse => {
                        (false, true, false)
                    }
                    StandardTemplate::MapResponsePoint => (false, false, true),
                };
                match self.decl("RESPONSE") {
                    None => self.err(codes::TEMPLATE_VARIABLES, rp.span, path, "the standard response processing template needs a response variable RESPONSE"),
                    Some(d) => {
                        let (c, m, a) = (d.has_correct, d.has_mapping, d.has_area_mapping);
                        let set_by_template = item.template_processing.as_ref().is_some_and(|tp| {
                            tp.rules.iter().any(|r| matches!(r, TemplateRule::SetCorrectResponse(_) | TemplateRule::Condition(_)))
                        });
                        if needs_correct && !c && !set_by_template {
                            self.warn(codes::TEMPLATE_VARIABLES, rp.span, path, "match_correct compares RESPONSE with its correctResponse, which is missing: the score is always 0");
                        }
                        if needs_mapping && !m {
                            self.err(codes::TEMPLATE_VARIABLES, rp.span, path, "map_response needs RESPONSE to have a mapping");
                        }
                        if needs_area && !a {
                            self.err(codes::TEMPLATE_VARIABLES, rp.span, path, "map_response_point needs RESPONSE to have an areaMapping");
                        }
                    }
                }
                if self
                    .decl("SCORE")
                    .is_none_or(|d| d.kind != VarKind::Outcome)
                {
                    self.err(
                        codes::TEMPLATE_VARIABLES,
                        rp.span,
                        path,
                        "the standard response processing template needs an outcome variable SCORE",
                    );
                }
            } else if rp.template.is_some() && rp.rules.is_empty() {
                self.report.push(
                    Problem::info(
                        codes::TEMPLATE_CUSTOM,
                        "the response processing template is not a standard one; it is not fetched, so nothing can be checked",
                    )
                    .at(loc(rp.span, path)),
                );
            }
            self.rules(&rp.rules, path);
        }
        if let Some(tp) = &item.template_processing {
            self.rules(&tp.rules, "/assessmentItem/templateProcessing");
        }
    }

    fn rules<R: Rule + ItemRule>(&mut self, rules: &[R], path: &str) {
        for r in rules {
            r.check(self, path);
        }
    }

    fn condition<R: Rule + ItemRule>(&mut self, c: &Condition<R>, path: &str) {
        for b in std::iter::once(&c.if_branch)
            .chain(&c.else_if)
            .chain(&c.else_branch)
        {
            if let Some(e) = &b.condition {
                self.expression(e, path);
            }
            self.rules(&b.rules, path);
        }
        self.rules(&c.after_else, path);
    }

    fn expression(&mut self, e: &Expression, path: &str) {
        walk_expression(e, &mut |x| self.check_expression(x, path));
    }

    fn check_expression(&mut self, e: &Expression, path: &str) {
        let p = format!("{path}//{}", e.kind.element_name());
        match &e.kind {
            ExpressionKind::Variable { identifier, .. }
            | ExpressionKind::Default { identifier } => {
                self.require(
                    identifier,
                    &[
                        VarKind::Response,
                        VarKind::Outcome,
                        VarKind::Template,
                        VarKind::Context,
                    ],
                    e.span,
                    &p,
                    "the variable",
                );
            }
            ExpressionKind::Correct { identifier } => {
                self.require(
                    identifier,
                    &[VarKind::Response],
                    e.span,
                    &p,
                    "the response variable",
                );
            }
            ExpressionKind::MapResponse { identifier } => {
                self.require(
                    identifier,
                    &[VarKind::Response],
                    e.span,
                    &p,
                    "the response variable",
                );
                if self
                    .decl(identifier)
                    .is_some_and(|d| d.kind == VarKind::Response && !d.has_mapping)
                {
                    self.err(
                        codes::MAPPING_MISSING,
                        e.span,
                        &p,
                        format!(
                            "mapResponse needs {:?} to have a mapping",
                            identifier.as_str()
                        ),
                    );
                }
            }
            ExpressionKind::MapResponsePoint { identifier } => {
                self.require(
                    identifier,
                    &[VarKind::Response],
                    e.span,
                    &p,
                    "the response variable",
                );
                if self
                    .decl(identifier)
                    .is_some_and(|d| d.kind == VarKind::Response && !d.has_area_mapping)
                {
                    self.err(
                        codes::MAPPING_MISSING,
                        e.span,
                        &p,
                        format!(
                            "mapResponsePoint needs {:?} to have an areaMapping",
                            identifier.as_str()
                        ),
                    );
                }
            }
            ExpressionKind::NumberCorrect(_)
            | ExpressionKind::NumberIncorrect(_)
            | ExpressionKind::NumberPresented(_)
            | ExpressionKind::NumberResponded(_)
            | ExpressionKind::NumberSelected(_)
            | ExpressionKind::OutcomeMaximum { .. }
            | ExpressionKind::OutcomeMinimum { .. }
            | ExpressionKind::TestVariables { .. } => {
                self.err(
                    codes::EXPRESSION_TEST_ONLY,
                    e.span,
                    &p,
                    format!(
                        "{} is only meaningful in outcome processing of a test",
                        e.kind.element_name()
                    ),
                );
            }
            _ => {}
        }
        common_expression_rules(&mut self.report, e, &p);
        for id in e.kind.referenced_variables() {
            if matches!(
                e.kind,
                ExpressionKind::Variable { .. }
                    | ExpressionKind::Default { .. }
                    | ExpressionKind::Correct { .. }
                    | ExpressionKind::MapResponse { .. }
                    | ExpressionKind::MapResponsePoint { .. }
            ) {
                continue;
            }
            self.require(
                id,
                &[
                    VarKind::Template,
                    VarKind::Outcome,
                    VarKind::Response,
                    VarKind::Context,
                ],
                e.span,
                &p,
                "the variable reference",
            );
        }
    }
}

/// Rules checked against an item's declarations.
trait ItemRule {
    fn check(&self, cx: &mut ItemCx<'_>, path: &str);
}

impl ItemRule for ResponseRule {
    fn check(&self, cx: &mut ItemCx<'_>, path: &str) {
        match self {
            Self::Condition(c) => cx.condition(c, path),
            Self::Fragment(f) => cx.rules(&f.rules, path),
            Self::SetOutcomeValue(s) | Self::LookupOutcomeValue(s) => {
                let lookup = matches!(self, Self::LookupOutcomeValue(_));
                let p = format!(
                    "{path}//{}",
                    if lookup {
                        "lookupOutcomeValue"
                    } else {
                        "setOutcomeValue"
                    }
                );
                cx.require(
                    &s.identifier,
                    &[VarKind::Outcome],
                    s.span,
                    &p,
                    "the outcome",
                );
                if lookup
                    && cx
                        .decl(&s.identifier)
                        .is_some_and(|d| d.kind == VarKind::Outcome && !d.has_lookup)
                {
                    cx.err(codes::LOOKUP_TABLE_MISSING, s.span, &p, format!("lookupOutcomeValue needs {:?} to have a matchTable or interpolationTable", s.identifier.as_str()));
                }
                if let Some(e) = &s.expression {
                    cx.expression(e, &p);
                }
            }
            _ => {}
        }
    }
}

impl ItemRule for TemplateRule {
    fn check(&self, cx: &mut ItemCx<'_>, path: &str) {
        match self {
            Self::Condition(c) => cx.condition(c, path),
            Self::SetTemplateValue(s) => {
                cx.require(
                    &s.identifier,
                    &[VarKind::Template],
                    s.span,
                    path,
                    "the template variable",
                );
                if let Some(e) = &s.expression {
                    cx.expression(e, path);
                }
            }
            Self::SetCorrectResponse(s) => {
                cx.require(
                    &s.identifier,
                    &[VarKind::Response],
                    s.span,
                    path,
                    "the response variable",
                );
                if let Some(e) = &s.expression {
                    cx.expression(e, path);
                }
            }
            Self::SetDefaultValue(s) => {
                cx.require(
                    &s.identifier,
                    &[VarKind::Response, VarKind::Outcome],
                    s.span,
                    path,
                    "the variable",
                );
                if let Some(e) = &s.expression {
                    cx.expression(e, path);
                }
            }
            Self::TemplateConstraint {
                expression: Some(e),
                ..
            } => cx.expression(e, path),
            _ => {}
        }
    }
}

fn bounds(cx: &mut ItemCx<'_>, lower: Option<f64>, upper: Option<f64>, span: Span, path: &str) {
    if let (Some(l), Some(u)) = (lower, upper)
        && l > u
    {
        cx.err(
            codes::MAPPING_BOUNDS,
            span,
            path,
            format!("lowerBound ({l}) is larger than upperBound ({u})"),
        );
    }
}

fn shape_coords(
    cx: &mut ItemCx<'_>,
    shape: crate::value::Shape,
    coords: &crate::value::Coords,
    span: Span,
    path: &str,
) {
    if let Some(problem) = shape_problem(shape, coords) {
        cx.err(codes::SHAPE_COORDS, span, path, problem);
    }
}

/// Whether the coordinates fit the shape (`circle` 3, `rect` 4, `ellipse` 4, `poly` an even
/// number ≥ 6, `default` any).
pub(crate) fn shape_problem(
    shape: crate::value::Shape,
    coords: &crate::value::Coords,
) -> Option<String> {
    use crate::value::Shape;
    let n = coords.values().map_or(usize::MAX, |v| v.len());
    let ok = match shape {
        Shape::Circle => n == 3,
        Shape::Rect | Shape::Ellipse => n == 4,
        Shape::Poly => n != usize::MAX && n >= 6 && n.is_multiple_of(2),
        Shape::Default => true,
    };
    (!ok).then(|| {
        format!(
            "{} coordinates do not fit the shape {}",
            if n == usize::MAX {
                "unreadable".to_owned()
            } else {
                n.to_string()
            },
            shape.as_str()
        )
    })
}

fn header_rules(
    report: &mut Report,
    h: &crate::declarations::VariableHeader,
    span: Span,
    path: &str,
) {
    if h.cardinality == Cardinality::Record && h.base_type.is_some() {
        report.push(
            Problem::error(
                codes::DECLARATION_BASE_TYPE,
                format!(
                    "{:?} has record cardinality, which takes no baseType (each field has its own)",
                    h.identifier.as_str()
                ),
            )
            .at(loc(span, path)),
        );
    }
    if h.cardinality != Cardinality::Record && h.base_type.is_none() {
        report.push(
            Problem::error(
                codes::DECLARATION_BASE_TYPE,
                format!(
                    "{:?} needs a baseType ({} cardinality)",
                    h.identifier.as_str(),
                    h.cardinality
                ),
            )
            .at(loc(span, path)),
        );
    }
}

fn value_set_rules(
    report: &mut Report,
    v: &ValueSet,
    h: &crate::declarations::VariableHeader,
    path: &str,
) {
    if h.cardinality == Cardinality::Single && v.values.len() > 1 {
        report.push(
            Problem::error(
                codes::VALUE_CARDINALITY,
                format!(
                    "{:?} has single cardinality but {} values",
                    h.identifier.as_str(),
                    v.values.len()
                ),
            )
            .at(loc(v.span, path)),
        );
    }
    for val in &v.values {
        let vpath = format!("{path}/value");
        if h.cardinality == Cardinality::Record {
            if val.field_identifier.is_none() || val.base_type.is_none() {
                report.push(
                    Problem::error(
                        codes::VALUE_RECORD_FIELD,
                        "a value of a record needs fieldIdentifier and baseType",
                    )
                    .at(loc(val.span, &vpath)),
                );
            }
        } else if let (Some(own), Some(decl)) = (val.base_type, h.base_type)
            && own != decl
        {
            report.push(
                Problem::error(
                    codes::VALUE_BASE_TYPE,
                    format!("the value's baseType {own} differs from the declaration's {decl}"),
                )
                .at(loc(val.span, &vpath)),
            );
        }
        if let Some(SingleValue::Identifier(i)) = &val.value
            && !crate::schema::is_ncname(i)
        {
            report.push(
                Problem::warning(
                    codes::VALUE_IDENTIFIER_SYNTAX,
                    format!(
                        "the identifier {:?} is not an XML NCName (QTI 2.1 and later require it)",
                        i.as_str()
                    ),
                )
                .at(loc(val.span, &vpath)),
            );
        }
        if val.value.is_none() && (val.base_type.is_some() || h.base_type.is_some()) {
            let bt = val.base_type.or(h.base_type).map_or("", BaseType::as_str);
            report.push(
                Problem::error(
                    codes::VALUE_INVALID,
                    format!(
                        "{:?} is not a valid {bt} value (variable {:?})",
                        val.text,
                        h.identifier.as_str()
                    ),
                )
                .at(loc(val.span, &vpath)),
            );
        }
    }
}

fn outcome_rules(report: &mut Report, d: &crate::declarations::OutcomeDeclaration, path: &str) {
    header_rules(report, &d.header, d.span, path);
    if let Some(v) = &d.default_value {
        value_set_rules(report, v, &d.header, &format!("{path}/defaultValue"));
    }
    if let (Some(mn), Some(mx)) = (&d.normal_minimum, &d.normal_maximum)
        && mn.get() > mx.get()
    {
        report.push(
            Problem::error(
                codes::OUTCOME_NORMAL_RANGE,
                "normalMinimum is larger than normalMaximum",
            )
            .at(loc(d.span, path)),
        );
    }
    let Some(t) = &d.lookup_table else { return };
    if d.header.cardinality != Cardinality::Single {
        report.push(
            Problem::error(
                codes::LOOKUP_TABLE_INVALID,
                "a lookup table needs a single-cardinality outcome",
            )
            .at(loc(d.span, path)),
        );
    }
    let bt = d.header.base_type;
    let check_target = |report: &mut Report, text: &str, span: Span, p: &str| {
        if let Some(bt) = bt
            && SingleValue::parse(bt, text).is_err()
        {
            report.push(
                Problem::error(
                    codes::LOOKUP_TABLE_INVALID,
                    format!("the target value {text:?} is not a valid {bt} value"),
                )
                .at(loc(span, p)),
            );
        }
    };
    match t {
        LookupTable::MatchTable {
            default_value,
            entries,
            span,
            ..
        } => {
            let p = format!("{path}/matchTable");
            if let Some(dv) = default_value {
                check_target(report, dv, *span, &p);
            }
            let mut seen = HashSet::new();
            for e in entries {
                check_target(
                    report,
                    &e.target_value,
                    e.span,
                    &format!("{p}/matchTableEntry"),
                );
                if !seen.insert(e.source_value) {
                    report.push(
                        Problem::error(
                            codes::LOOKUP_TABLE_INVALID,
                            format!("the source value {} appears more than once", e.source_value),
                        )
                        .at(loc(e.span, &format!("{p}/matchTableEntry"))),
                    );
                }
            }
        }
        LookupTable::InterpolationTable {
            default_value,
            entries,
            span,
            ..
        } => {
            let p = format!("{path}/interpolationTable");
            if let Some(dv) = default_value {
                check_target(report, dv, *span, &p);
            }
            let mut prev: Option<f64> = None;
            for e in entries {
                let ep = format!("{p}/interpolationTableEntry");
                check_target(report, &e.target_value, e.span, &ep);
                if let Some(pv) = prev
                    && e.source_value.get() > pv
                {
                    report.push(Problem::warning(codes::LOOKUP_TABLE_ORDER, "interpolation table entries should be in decreasing sourceValue order (the first matching range wins)").at(loc(e.span, &ep)));
                }
                prev = Some(e.source_value.get());
            }
        }
    }
}

fn common_expression_rules(report: &mut Report, e: &Expression, p: &str) {
    match &e.kind {
        ExpressionKind::BaseValue { base_type, value } if value.value.is_none() => {
            report.push(
                Problem::error(
                    codes::VALUE_INVALID,
                    format!("{:?} is not a valid {base_type} value", value.text.as_str()),
                )
                .at(loc(e.span, p)),
            );
        }
        ExpressionKind::RandomInteger { min, max, .. } => {
            if let (Some(IntOrRef::Int(a)), IntOrRef::Int(b)) = (min, max)
                && a > b
            {
                report.push(
                    Problem::error(
                        codes::EXPRESSION_RANGE,
                        format!("randomInteger min ({a}) is larger than max ({b})"),
                    )
                    .at(loc(e.span, p)),
                );
            }
        }
        ExpressionKind::AnyN {
            min: IntOrRef::Int(a),
            max: IntOrRef::Int(b),
            ..
        } if a > b => {
            report.push(
                Problem::error(
                    codes::EXPRESSION_RANGE,
                    format!("anyN min ({a}) is larger than max ({b})"),
                )
                .at(loc(e.span, p)),
            );
        }
        ExpressionKind::Inside { shape, coords, .. } => {
            if let Some(problem) = shape_problem(*shape, coords) {
                report.push(Problem::error(codes::SHAPE_COORDS, problem).at(loc(e.span, p)));
            }
        }
        ExpressionKind::Unknown(el) => {
            report.push(
                Problem::error(
                    codes::EXPRESSION_UNKNOWN,
                    format!("<{}> is not an expression", el.name.local),
                )
                .at(loc(e.span, p)),
            );
        }
        ExpressionKind::CustomOperator {
            class, definition, ..
        } if class.is_none() && definition.is_none() => {
            report.push(Problem::warning(codes::CUSTOM_OPERATOR_UNIDENTIFIED, "customOperator has neither class nor definition, so no implementation can be found").at(loc(e.span, p)));
        }
        _ => {}
    }
}

// ------------------------------------------------------------------ tests

struct TestCx<'a> {
    outcomes: HashSet<&'a str>,
    item_refs: HashSet<&'a str>,
    sections: HashSet<&'a str>,
    parts: HashSet<&'a str>,
    weights: HashSet<&'a str>,
    report: Report,
}

/// Validates a test.
pub fn validate_test(t: &AssessmentTest) -> Report {
    let mut cx = TestCx {
        outcomes: HashSet::new(),
        item_refs: HashSet::new(),
        sections: HashSet::new(),
        parts: HashSet::new(),
        weights: HashSet::new(),
        report: Report::new(),
    };
    for d in &t.outcome_declarations {
        if !cx.outcomes.insert(&d.header.identifier) {
            cx.report.push(
                Problem::error(
                    codes::IDENTIFIER_DUPLICATE,
                    format!(
                        "the outcome {:?} is declared more than once",
                        d.header.identifier.as_str()
                    ),
                )
                .at(loc(d.span, "/assessmentTest/outcomeDeclaration")),
            );
        }
        outcome_rules(&mut cx.report, d, "/assessmentTest/outcomeDeclaration");
    }
    let mut all_ids: HashSet<&str> = HashSet::new();
    for p in &t.test_parts {
        if !all_ids.insert(&p.identifier) {
            cx.report.push(
                Problem::error(
                    codes::IDENTIFIER_DUPLICATE,
                    format!(
                        "the identifier {:?} is used more than once in the test",
                        p.identifier.as_str()
                    ),
                )
                .at(loc(p.span, "/assessmentTest/testPart")),
            );
        }
        cx.parts.insert(&p.identifier);
        for s in &p.sections {
            cx.collect(s, &mut all_ids);
        }
    }
    for (i, p) in t.test_parts.iter().enumerate() {
        let path = "/assessmentTest/testPart";
        cx.control(&p.control, path, i + 1 == t.test_parts.len());
        for s in &p.sections {
            cx.check_part(s, path);
        }
        for f in &p.test_feedbacks {
            cx.require_outcome(
                &f.outcome_identifier,
                f.span,
                "/assessmentTest/testPart/testFeedback",
            );
        }
    }
    for f in &t.test_feedbacks {
        cx.require_outcome(
            &f.outcome_identifier,
            f.span,
            "/assessmentTest/testFeedback",
        );
    }
    if let Some(op) = &t.outcome_processing {
        cx.outcome_rules(&op.rules, "/assessmentTest/outcomeProcessing");
    }
    cx.report
}

/// Validates a standalone section.
pub fn validate_section(s: &AssessmentSection) -> Report {
    let mut cx = TestCx {
        outcomes: HashSet::new(),
        item_refs: HashSet::new(),
        sections: HashSet::new(),
        parts: HashSet::new(),
        weights: HashSet::new(),
        report: Report::new(),
    };
    let part = SectionPart::Section(Box::new(s.clone()));
    let mut ids = HashSet::new();
    cx.collect(&part, &mut ids);
    cx.check_part(&part, "");
    cx.report
}

impl<'a> TestCx<'a> {
    fn collect(&mut self, p: &'a SectionPart, ids: &mut HashSet<&'a str>) {
        let (id, span, what) = match p {
            SectionPart::Section(s) => {
                self.sections.insert(&s.identifier);
                (s.identifier.as_str(), s.span, "assessmentSection")
            }
            SectionPart::ItemRef(r) => {
                self.item_refs.insert(&r.identifier);
                for w in &r.weights {
                    self.weights.insert(&w.identifier);
                }
                (r.identifier.as_str(), r.span, "assessmentItemRef")
            }
            SectionPart::SectionRef(r) => {
                // The referenced section keeps this identifier.
                self.sections.insert(&r.identifier);
                (r.identifier.as_str(), r.span, "assessmentSectionRef")
            }
            SectionPart::Include(_) => return,
        };
        if !ids.insert(id) {
            self.report.push(
                Problem::error(
                    codes::IDENTIFIER_DUPLICATE,
                    format!("the identifier {id:?} is used more than once in the test"),
                )
                .at(loc(span, &format!("/assessmentTest//{what}"))),
            );
        }
        if let SectionPart::Section(s) = p {
            for c in &s.children {
                self.collect(c, ids);
            }
        }
    }

    fn require_outcome(&mut self, id: &str, span: Span, path: &str) {
        if !self.outcomes.contains(id) {
            self.report.push(
                Problem::error(
                    codes::REFERENCE_UNDECLARED,
                    format!("the test outcome {id:?} is not declared"),
                )
                .at(loc(span, path)),
            );
        }
    }

    fn control(&mut self, c: &crate::test::Control, path: &str, last: bool) {
        for b in &c.branch_rules {
            let t = b.target.as_str();
            let special = matches!(t, "EXIT_SECTION" | "EXIT_TESTPART" | "EXIT_TEST");
            if !special
                && !self.item_refs.contains(t)
                && !self.sections.contains(t)
                && !self.parts.contains(t)
            {
                self.report.push(Problem::error(codes::BRANCH_TARGET_UNKNOWN, format!("the branch rule target {t:?} is not an item, section or test part of this test")).at(loc(b.span, &format!("{path}/branchRule"))));
            }
            if let Some(e) = &b.expression {
                self.expression(e, &format!("{path}/branchRule"));
            }
        }
        for p in &c.pre_conditions {
            if let Some(e) = &p.expression {
                self.expression(e, &format!("{path}/preCondition"));
            }
        }
        let _ = last;
    }

    fn check_part(&mut self, p: &SectionPart, path: &str) {
        match p {
            SectionPart::Section(s) => {
                let path = format!("{path}/assessmentSection");
                self.control(&s.control, &path, false);
                if let Some(sel) = &s.selection {
                    let n = s.children.len();
                    let select = usize::try_from(sel.select).unwrap_or(0);
                    if sel.with_replacement != Some(true) && select > n {
                        self.report.push(
                            Problem::error(
                                codes::SELECTION_TOO_LARGE,
                                format!(
                                    "selection selects {select} of {n} children without replacement"
                                ),
                            )
                            .at(loc(s.span, &path)),
                        );
                    }
                }
                for c in &s.children {
                    self.check_part(c, &path);
                }
            }
            SectionPart::ItemRef(r) => {
                let path = format!("{path}/assessmentItemRef");
                self.control(&r.control, &path, false);
                let mut seen = HashSet::new();
                for w in &r.weights {
                    if !seen.insert(w.identifier.as_str()) {
                        self.report.push(
                            Problem::error(
                                codes::IDENTIFIER_DUPLICATE,
                                format!(
                                    "the weight {:?} is defined twice for this item",
                                    w.identifier.as_str()
                                ),
                            )
                            .at(loc(w.span, &format!("{path}/weight"))),
                        );
                    }
                }
                for t in &r.template_defaults {
                    if let Some(e) = &t.expression {
                        self.expression(e, &format!("{path}/templateDefault"));
                    }
                }
            }
            _ => {}
        }
    }

    fn outcome_rules(&mut self, rules: &[OutcomeRule], path: &str) {
        for r in rules {
            match r {
                OutcomeRule::Condition(c) => {
                    for b in std::iter::once(&c.if_branch)
                        .chain(&c.else_if)
                        .chain(&c.else_branch)
                    {
                        if let Some(e) = &b.condition {
                            self.expression(e, path);
                        }
                        self.outcome_rules(&b.rules, path);
                    }
                    self.outcome_rules(&c.after_else, path);
                }
                OutcomeRule::Fragment(f) => self.outcome_rules(&f.rules, path),
                OutcomeRule::SetOutcomeValue(s) | OutcomeRule::LookupOutcomeValue(s) => {
                    self.require_outcome(
                        &s.identifier,
                        s.span,
                        &format!("{path}//setOutcomeValue"),
                    );
                    if let Some(e) = &s.expression {
                        self.expression(e, path);
                    }
                }
                _ => {}
            }
        }
    }

    fn expression(&mut self, e: &Expression, path: &str) {
        walk_expression(e, &mut |x| {
            let p = format!("{path}//{}", x.kind.element_name());
            let subset = match &x.kind {
                ExpressionKind::NumberCorrect(s)
                | ExpressionKind::NumberIncorrect(s)
                | ExpressionKind::NumberPresented(s)
                | ExpressionKind::NumberResponded(s)
                | ExpressionKind::NumberSelected(s) => Some((s, None)),
                ExpressionKind::OutcomeMaximum {
                    subset,
                    weight_identifier,
                    ..
                }
                | ExpressionKind::OutcomeMinimum {
                    subset,
                    weight_identifier,
                    ..
                }
                | ExpressionKind::TestVariables {
                    subset,
                    weight_identifier,
                    ..
                } => Some((subset, weight_identifier.as_ref())),
                ExpressionKind::Variable {
                    identifier,
                    weight_identifier,
                } => {
                    let id = identifier.as_str();
                    match id.split_once('.') {
                        Some((item, _)) => {
                            if !self.item_refs.contains(item) {
                                self.report.push(Problem::error(codes::REFERENCE_UNDECLARED, format!("{id:?} names the item {item:?}, which is not referenced by this test")).at(loc(x.span, &p)));
                            }
                        }
                        None => {
                            if !self.outcomes.contains(id)
                                && !matches!(id, "duration" | "numAttempts")
                            {
                                self.report.push(
                                    Problem::error(
                                        codes::REFERENCE_UNDECLARED,
                                        format!("the test variable {id:?} is not declared"),
                                    )
                                    .at(loc(x.span, &p)),
                                );
                            }
                        }
                    }
                    if let Some(w) = weight_identifier
                        && !self.weights.contains(w.as_str())
                    {
                        self.report.push(
                            Problem::warning(
                                codes::WEIGHT_UNKNOWN,
                                format!("no item reference defines the weight {:?}", w.as_str()),
                            )
                            .at(loc(x.span, &p)),
                        );
                    }
                    None
                }
                _ => None,
            };
            if let Some((s, w)) = subset {
                if let Some(sec) = &s.section_identifier
                    && !self.sections.contains(sec.as_str())
                {
                    self.report.push(
                        Problem::error(
                            codes::REFERENCE_UNDECLARED,
                            format!("the section {:?} is not part of this test", sec.as_str()),
                        )
                        .at(loc(x.span, &p)),
                    );
                }
                if let Some(w) = w
                    && !self.weights.contains(w.as_str())
                {
                    self.report.push(
                        Problem::warning(
                            codes::WEIGHT_UNKNOWN,
                            format!("no item reference defines the weight {:?}", w.as_str()),
                        )
                        .at(loc(x.span, &p)),
                    );
                }
            }
            common_expression_rules(&mut self.report, x, &p);
        });
    }
}

// ------------------------------------------------------------------ results

/// Validates a results report: each variable's values fit its cardinality and base type.
pub fn validate_result(r: &AssessmentResult) -> Report {
    let mut report = Report::new();
    let mut check = |vars: &[ResultVariable], path: &str| {
        for v in vars {
            let (card, bt, values, span): (
                Cardinality,
                Option<BaseType>,
                Vec<&crate::declarations::ValueElement>,
                Span,
            ) = match v {
                ResultVariable::Response(x) => (
                    x.cardinality,
                    x.base_type,
                    x.candidate_response.iter().flatten().collect(),
                    x.span,
                ),
                ResultVariable::Outcome(x) => (
                    x.cardinality,
                    x.base_type,
                    x.values.iter().collect(),
                    x.span,
                ),
                ResultVariable::Template(x) | ResultVariable::Context(x) => (
                    x.cardinality,
                    x.base_type,
                    x.values.iter().collect(),
                    x.span,
                ),
            };
            let header = crate::declarations::VariableHeader::new(v.identifier().clone(), card, bt);
            let set = ValueSet::new(values.into_iter().cloned().collect());
            let mut sub = Report::new();
            header_rules(&mut sub, &header, span, path);
            value_set_rules(&mut sub, &set, &header, path);
            report.extend(sub.problems);
        }
    };
    if let Some(t) = &r.test_result {
        check(&t.variables, "/assessmentResult/testResult");
    }
    for i in &r.item_results {
        check(&i.variables, "/assessmentResult/itemResult");
    }
    report
}

#[cfg(test)]
mod tests;
