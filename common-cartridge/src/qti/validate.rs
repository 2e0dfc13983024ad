//! The CC-QTI 1.2.1 profile rules (the Schematron rule sets of the official
//! `ccv1p1_qtiasiv1p2p1_v1p0.xsd`, implemented version-generically) plus the structural checks
//! of the profile's XSD.

use std::collections::{HashMap, HashSet};

use lti_core::xml::Span;
use lti_core::{Location, Problem, Report, Severity};

use super::model::{Condition, FeedbackBlock, Item, Metadata, Questestinterop, ResponseKind};
use super::{ASSESSMENT_PROFILE, QuestionProfile};
use crate::codes;
use crate::manifest::ReadOptions;
use crate::resource_type::ResourceKind;

/// Which rules to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum QtiProfileMode {
    /// The CC profile: every rule (documents of assessment and question-bank resources).
    Cc,
    /// Generic QTI 1.2: structure and references only.
    Generic,
}

const ITEM_FIELDS: [&str; 5] = [
    "cc_profile",
    "cc_question_category",
    "cc_weighting",
    "qmd_scoringpermitted",
    "qmd_computerscored",
];

const ASSESSMENT_FIELDS: [&str; 9] = [
    "cc_profile",
    "qmd_assessmenttype",
    "qmd_scoretype",
    "qmd_feedbackpermitted",
    "qmd_hintspermitted",
    "qmd_solutionspermitted",
    "qmd_timelimit",
    "cc_allow_late_submission",
    "cc_maxattempts",
];

struct Ctx<'a> {
    report: Report,
    mode: QtiProfileMode,
    opts: &'a ReadOptions,
}

fn at(path: &str, span: Span) -> Location {
    span.location(path)
}

impl Ctx<'_> {
    fn cc(&self) -> bool {
        self.mode == QtiProfileMode::Cc
    }

    fn error(&mut self, code: &'static str, loc: Location, msg: String, rule: &'static str) {
        self.report
            .push(Problem::error(code, msg).at(loc).spec(rule));
    }

    fn profile_issue(
        &mut self,
        code: &'static str,
        loc: Location,
        msg: String,
        rule: &'static str,
    ) {
        let sev = if self.cc() {
            Severity::Error
        } else {
            Severity::Warning
        };
        self.report
            .push(Problem::new(code, sev, msg).at(loc).spec(rule));
    }

    fn not_in_profile(&mut self, loc: Location, what: &str) {
        if self.cc() {
            self.report.push(
                Problem::new(
                    codes::QTI_NOT_IN_PROFILE,
                    self.opts.lenient_severity(),
                    format!("{what} is not part of the CC profile of QTI 1.2.1; it is kept"),
                )
                .at(loc),
            );
        }
    }
}

fn is_int_in(s: &str, lo: i64, hi: i64) -> bool {
    s.trim()
        .parse::<i64>()
        .is_ok_and(|v| (lo..=hi).contains(&v))
}

fn yes_no(s: &str) -> bool {
    s == "Yes" || s == "No"
}

/// Applies the rules to a document. `expected` is the resource kind holding it (an assessment
/// must hold `<assessment>`, a question bank `<objectbank>`).
pub fn validate(
    q: &Questestinterop,
    mode: QtiProfileMode,
    expected: Option<ResourceKind>,
    opts: &ReadOptions,
) -> Report {
    let mut cx = Ctx {
        report: Report::new(),
        mode,
        opts,
    };
    let root = Location::Xml(lti_core::location::XmlPosition::new(
        "/questestinterop",
        0,
        0,
        0,
    ));
    if cx.cc() {
        let n = q.assessments.len() + q.object_banks.len();
        if n != 1 || !q.items.is_empty() || !q.sections.is_empty() {
            cx.error(
                codes::QTI_STRUCTURE,
                root.clone(),
                format!(
                    "a CC-QTI document holds exactly one <assessment> or one <objectbank> (found {} assessment(s), {} object bank(s), {} root section(s), {} root item(s))",
                    q.assessments.len(),
                    q.object_banks.len(),
                    q.sections.len(),
                    q.items.len()
                ),
                "CC QTI profile XSD questestinteropType",
            );
        }
        if let Some(ns) = q.namespace.as_deref()
            && ns != crate::version::QTI_ASI_V1P2
        {
            cx.not_in_profile(root.clone(), &format!("the namespace {ns:?}"));
        } else if q.namespace.is_none() {
            cx.not_in_profile(root.clone(), "a questestinterop without namespace");
        }
    }
    match expected {
        Some(ResourceKind::Assessment) if q.assessments.is_empty() => cx.error(
            codes::QTI_ASSESSMENT_KIND,
            root,
            "an assessment resource must hold an <assessment>".to_owned(),
            "S11 4.4.9",
        ),
        Some(ResourceKind::QuestionBank) if q.object_banks.is_empty() => cx.error(
            codes::QTI_ASSESSMENT_KIND,
            root,
            "a question-bank resource must hold an <objectbank>".to_owned(),
            "S11 4.4.10",
        ),
        _ => {}
    }
    for a in &q.assessments {
        let path = "/questestinterop/assessment";
        if cx.cc() {
            assessment_metadata(&mut cx, &a.metadata, path, a.span);
            if a.sections.len() != 1 {
                cx.error(
                    codes::QTI_STRUCTURE,
                    at(path, a.span),
                    format!(
                        "a CC assessment holds exactly one <section> (found {})",
                        a.sections.len()
                    ),
                    "CC QTI profile XSD assessmentType",
                );
            }
            for e in &a.extensions {
                cx.not_in_profile(at(path, e.span), &format!("<{}>", e.name.local));
            }
        }
        for s in &a.sections {
            section(&mut cx, s, &format!("{path}/section"));
        }
    }
    for b in &q.object_banks {
        let path = "/questestinterop/objectbank";
        if cx.cc() {
            if b.items.is_empty() {
                cx.error(
                    codes::QTI_STRUCTURE,
                    at(path, b.span),
                    "an <objectbank> holds at least one <item>".to_owned(),
                    "CC QTI profile XSD objectbankType",
                );
            }
            for s in &b.sections {
                cx.not_in_profile(at(path, s.span), "a <section> in an <objectbank>");
            }
            for e in &b.extensions {
                cx.not_in_profile(at(path, e.span), &format!("<{}>", e.name.local));
            }
        }
        for s in &b.sections {
            section(&mut cx, s, &format!("{path}/section"));
        }
    }
    for s in &q.sections {
        section(&mut cx, s, "/questestinterop/section");
    }
    // Items and their rules, with duplicate idents across the whole document [Q 13a].
    let mut seen: HashSet<&str> = HashSet::new();
    for it in q.all_items() {
        if !it.ident.is_empty() && !seen.insert(it.ident.as_str()) {
            cx.error(
                codes::QTI_DUPLICATE_IDENT,
                at("//item", it.span),
                format!("two items have the ident {:?}", it.ident),
                "CC QTI RULE 13a",
            );
        }
        item(&mut cx, it);
    }
    cx.report
}

fn section(cx: &mut Ctx<'_>, s: &super::model::Section, path: &str) {
    if cx.cc() {
        if s.items.is_empty() {
            cx.error(
                codes::QTI_STRUCTURE,
                at(path, s.span),
                "a <section> holds at least one <item>".to_owned(),
                "CC QTI profile XSD sectionType",
            );
        }
        for x in &s.sections {
            cx.not_in_profile(at(path, x.span), "a nested <section>");
        }
        if !s.metadata.is_empty() {
            cx.not_in_profile(at(path, s.span), "<qtimetadata> in a <section>");
        }
        for e in &s.extensions {
            cx.not_in_profile(at(path, e.span), &format!("<{}>", e.name.local));
        }
    }
    for x in &s.sections {
        section(cx, x, &format!("{path}/section"));
    }
}

fn repeated(
    cx: &mut Ctx<'_>,
    md: &Metadata,
    labels: &[&str],
    path: &str,
    span: Span,
    rule: &'static str,
) {
    for l in labels {
        let n = md.count(l);
        if n > 1 {
            cx.error(
                codes::QTI_METADATA_REPEATED,
                at(path, span),
                format!("the metadata field {l:?} appears {n} times"),
                rule,
            );
        }
    }
}

fn assessment_metadata(cx: &mut Ctx<'_>, md: &Metadata, path: &str, span: Span) {
    let p = format!("{path}/qtimetadata/qtimetadatafield");
    for f in &md.fields {
        let loc = at(&p, f.span);
        let v = f.entry.as_str();
        let ok = match f.label.as_str() {
            "cc_profile" => v == ASSESSMENT_PROFILE,
            "qmd_assessmenttype" => v == "Examination",
            "qmd_scoretype" => v == "Percentage",
            "qmd_feedbackpermitted"
            | "qmd_hintspermitted"
            | "qmd_solutionspermitted"
            | "cc_allow_late_submission" => yes_no(v),
            "qmd_timelimit" => is_int_in(v, 1, 527_040),
            "cc_maxattempts" => matches!(v, "Examination" | "unlimited") || is_int_in(v, 1, 5),
            other => {
                cx.report.push(
                    Problem::new(
                        codes::QTI_METADATA_FIELD,
                        cx.opts.lenient_severity(),
                        format!("{other:?} is not an assessment metadata field of the CC profile"),
                    )
                    .at(loc)
                    .spec("CC QTI RULE 1a"),
                );
                continue;
            }
        };
        if !ok {
            cx.error(
                codes::QTI_METADATA_VALUE,
                loc,
                format!(
                    "{:?} is not a valid value for the assessment metadata field {:?}",
                    v, f.label
                ),
                "CC QTI RULE 1b-1j",
            );
        }
    }
    repeated(cx, md, &ASSESSMENT_FIELDS, path, span, "CC QTI RULE 1k-1s");
}

fn item_metadata(cx: &mut Ctx<'_>, it: &Item, path: &str) {
    let md = &it.metadata;
    let p = format!("{path}/itemmetadata/qtimetadata/qtimetadatafield");
    for f in &md.fields {
        let loc = at(&p, f.span);
        let v = f.entry.as_str();
        let ok = match f.label.as_str() {
            "cc_profile" => {
                if let QuestionProfile::Other(o) = QuestionProfile::parse(v) {
                    cx.error(
                        codes::QTI_PROFILE_UNKNOWN,
                        loc.clone(),
                        format!("cc_profile {o:?} is not one of the six CC question profiles"),
                        "CC QTI RULE 2b",
                    );
                }
                true
            }
            "cc_question_category" => true,
            "cc_weighting" => is_int_in(v, 1, 99),
            "qmd_scoringpermitted" => v == "Yes",
            "qmd_computerscored" => yes_no(v),
            other => {
                cx.report.push(
                    Problem::new(
                        codes::QTI_METADATA_FIELD,
                        cx.opts.lenient_severity(),
                        format!("{other:?} is not an item metadata field of the CC profile"),
                    )
                    .at(loc)
                    .spec("CC QTI RULE 2a"),
                );
                continue;
            }
        };
        if !ok {
            cx.error(
                codes::QTI_METADATA_VALUE,
                loc,
                format!(
                    "{:?} is not a valid value for the item metadata field {:?}",
                    v, f.label
                ),
                "CC QTI RULE 2c-2e",
            );
        }
    }
    if md.count("cc_profile") == 0 {
        cx.error(
            codes::QTI_PROFILE_MISSING,
            at(path, it.span),
            format!("item {:?} has no cc_profile metadata", it.ident),
            "CC QTI RULE 2f",
        );
    }
    repeated(cx, md, &ITEM_FIELDS, path, it.span, "CC QTI RULE 2g-2j");
}

fn item(cx: &mut Ctx<'_>, it: &Item) {
    let path = "//item";
    let loc = at(path, it.span);
    let responses = it.responses();
    let resp_ids: HashSet<&str> = responses.iter().map(|r| r.ident.as_str()).collect();
    let conditions = it.all_conditions();
    if cx.cc() {
        item_metadata(cx, it, path);
        for e in it.extensions.iter().chain(&it.metadata_extensions) {
            cx.not_in_profile(at(path, e.span), &format!("<{}>", e.name.local));
        }
        for r in &responses {
            if !matches!(r.kind, ResponseKind::Lid | ResponseKind::Str) {
                cx.not_in_profile(at(path, r.span), &format!("<{}>", r.kind.element()));
            }
            if let Some(e) = r.render_element()
                && e != "render_choice"
                && e != "render_fib"
            {
                cx.not_in_profile(at(path, r.span), &format!("<{e}>"));
            }
        }
        for c in &conditions {
            match c {
                Condition::Or(_) => cx.not_in_profile(loc.clone(), "<or>"),
                Condition::Extension(e) => {
                    cx.not_in_profile(at(path, e.span), &format!("<{}>", e.name.local));
                }
                _ => {}
            }
        }
        for rp in &it.resprocessing {
            for d in &rp.outcomes {
                if d.var() != "SCORE" {
                    cx.error(
                        codes::QTI_SCORE_VARIABLE,
                        at(path, rp.span),
                        format!("decvar varname must be SCORE, found {:?}", d.var()),
                        "CC QTI profile XSD decvarType",
                    );
                }
                if let Some(t) = &d.vartype
                    && t != "Integer"
                    && t != "Decimal"
                {
                    cx.error(
                        codes::QTI_SCORE_VARIABLE,
                        at(path, rp.span),
                        format!("decvar vartype must be Integer or Decimal, found {t:?}"),
                        "CC QTI profile XSD decvarType",
                    );
                }
            }
            for rc in &rp.conditions {
                for s in &rc.setvars {
                    if s.var() != "SCORE" || s.effective_action() != "Set" {
                        cx.error(
                            codes::QTI_SCORE_VARIABLE,
                            at(path, rc.span),
                            format!(
                                "setvar must set SCORE with action Set, found varname {:?} action {:?}",
                                s.var(),
                                s.effective_action()
                            ),
                            "CC QTI profile XSD setvarType",
                        );
                    }
                }
            }
        }
        if let Some(profile) = it.profile() {
            question_profile(cx, it, &profile);
        }
    }
    // References from conditions to responses resolve (all modes).
    for c in &conditions {
        if let Some(rid) = c.respident()
            && !resp_ids.contains(rid)
        {
            let span = match c {
                Condition::VarEqual { span, .. } | Condition::VarSubstring { span, .. } => *span,
                _ => it.span,
            };
            cx.profile_issue(
                codes::QTI_RESPIDENT,
                at(path, span),
                format!(
                    "a condition tests respident {rid:?}, which is no response of item {:?}",
                    it.ident
                ),
                "CC QTI RULE 3e/4e/5e/6c/7c",
            );
        }
    }
    // Response labels unique within a response.
    for r in &responses {
        let mut ids = HashSet::new();
        for l in r.labels() {
            if !l.ident.is_empty() && !ids.insert(l.ident.as_str()) {
                cx.profile_issue(
                    codes::QTI_DUPLICATE_IDENT,
                    at(path, l.span),
                    format!(
                        "two choices of response {:?} have the ident {:?}",
                        r.ident, l.ident
                    ),
                    "QTI 1.2.1 response_label ident",
                );
            }
        }
    }
    // varequal on a choice response must name one of its labels [Q 9a].
    let labels_by_resp: HashMap<&str, HashSet<&str>> = responses
        .iter()
        .filter(|r| r.render_element() == Some("render_choice"))
        .map(|r| {
            (
                r.ident.as_str(),
                r.labels().iter().map(|l| l.ident.as_str()).collect(),
            )
        })
        .collect();
    for c in &conditions {
        if let Condition::VarEqual {
            respident,
            value,
            span,
            ..
        } = c
            && let Some(ls) = labels_by_resp.get(respident.as_str())
            && !ls.contains(value.as_str())
        {
            cx.report.push(
                Problem::warning(
                    codes::QTI_VAREQUAL_LABEL,
                    format!(
                        "varequal tests {value:?}, which is no choice of response {respident:?}"
                    ),
                )
                .at(at(path, *span))
                .spec("CC QTI RULE 9a"),
            );
        }
    }
    feedback(cx, it, path);
}

fn question_profile(cx: &mut Ctx<'_>, it: &Item, profile: &QuestionProfile) {
    let path = "//item";
    let loc = at(path, it.span);
    let responses = it.responses();
    let lids: Vec<_> = responses
        .iter()
        .filter(|r| r.kind == ResponseKind::Lid)
        .collect();
    let strs: Vec<_> = responses
        .iter()
        .filter(|r| r.kind == ResponseKind::Str)
        .collect();
    let conditions = it.all_conditions();
    let has_substring = conditions
        .iter()
        .any(|c| matches!(c, Condition::VarSubstring { .. }));
    let has_varequal = conditions
        .iter()
        .any(|c| matches!(c, Condition::VarEqual { .. }));
    let name = profile.as_str().to_owned();
    match profile {
        QuestionProfile::TrueFalse
        | QuestionProfile::MultipleChoice
        | QuestionProfile::MultipleResponse => {
            let (card, rule) = match profile {
                QuestionProfile::MultipleResponse => ("Multiple", "CC QTI RULE 5"),
                QuestionProfile::TrueFalse => ("Single", "CC QTI RULE 3"),
                _ => ("Single", "CC QTI RULE 4"),
            };
            if lids.is_empty() {
                cx.error(
                    codes::QTI_RESPONSE_TYPE,
                    loc.clone(),
                    format!("a {name} item requires a <response_lid>"),
                    rule,
                );
            }
            for r in &lids {
                if r.cardinality() != card {
                    cx.error(
                        codes::QTI_CARDINALITY,
                        at(path, r.span),
                        format!(
                            "a {name} item requires rcardinality={card}, found {}",
                            r.cardinality()
                        ),
                        rule,
                    );
                }
                if r.render_element() == Some("render_fib") {
                    cx.error(
                        codes::QTI_RESPONSE_TYPE,
                        at(path, r.span),
                        format!("a {name} item must not use <render_fib>"),
                        rule,
                    );
                }
                let n = r.labels().len();
                let ok = match profile {
                    QuestionProfile::TrueFalse => n == 2,
                    QuestionProfile::MultipleChoice => n > 2,
                    _ => n > 1,
                };
                if !ok {
                    cx.error(
                        codes::QTI_CHOICE_COUNT,
                        at(path, r.span),
                        format!(
                            "a {name} item needs {} choices, found {n}",
                            match profile {
                                QuestionProfile::TrueFalse => "exactly 2",
                                QuestionProfile::MultipleChoice => "more than 2",
                                _ => "at least 2",
                            }
                        ),
                        rule,
                    );
                }
            }
            if !strs.is_empty() {
                cx.error(
                    codes::QTI_RESPONSE_TYPE,
                    loc.clone(),
                    format!("a {name} item must not use <response_str>"),
                    rule,
                );
            }
            if has_substring {
                cx.error(
                    codes::QTI_CONDITION_NOT_ALLOWED,
                    loc.clone(),
                    format!("a {name} item must not use <varsubstring>"),
                    rule,
                );
            }
            if !lids.is_empty() && !has_varequal {
                cx.error(
                    codes::QTI_RESPIDENT,
                    loc,
                    format!(
                        "a {name} item's response processing tests no <varequal> on its response"
                    ),
                    rule,
                );
            }
        }
        QuestionProfile::FillInTheBlank
        | QuestionProfile::PatternMatch
        | QuestionProfile::Essay => {
            let rule = match profile {
                QuestionProfile::FillInTheBlank => "CC QTI RULE 6",
                QuestionProfile::PatternMatch => "CC QTI RULE 7",
                _ => "CC QTI RULE 8",
            };
            if !lids.is_empty() {
                cx.error(
                    codes::QTI_RESPONSE_TYPE,
                    loc.clone(),
                    format!("a {name} item must not use <response_lid>"),
                    rule,
                );
            }
            if strs.is_empty() {
                cx.error(
                    codes::QTI_RESPONSE_TYPE,
                    loc.clone(),
                    format!("a {name} item requires a <response_str>"),
                    rule,
                );
            }
            for r in &strs {
                if r.render_element() == Some("render_choice") {
                    cx.error(
                        codes::QTI_RESPONSE_TYPE,
                        at(path, r.span),
                        format!("a {name} item must not use <render_choice>"),
                        rule,
                    );
                }
            }
            match profile {
                QuestionProfile::FillInTheBlank => {
                    if has_substring {
                        cx.error(
                            codes::QTI_CONDITION_NOT_ALLOWED,
                            loc.clone(),
                            format!("a {name} item must not use <varsubstring>"),
                            rule,
                        );
                    }
                    if !strs.is_empty() && !has_varequal {
                        cx.error(
                            codes::QTI_RESPIDENT,
                            loc,
                            format!("a {name} item's response processing tests no <varequal> on its response"),
                            rule,
                        );
                    }
                }
                QuestionProfile::PatternMatch => {
                    if !strs.is_empty() && !has_varequal {
                        cx.error(
                            codes::QTI_RESPIDENT,
                            loc,
                            format!("a {name} item's response processing tests no <varequal> on its response"),
                            rule,
                        );
                    }
                }
                _ => {
                    if has_varequal || has_substring {
                        cx.error(
                            codes::QTI_CONDITION_NOT_ALLOWED,
                            loc.clone(),
                            "an essay's response processing must not use <varequal> or <varsubstring>".to_owned(),
                            rule,
                        );
                    }
                    let solutions: usize = it
                        .feedback
                        .iter()
                        .map(|f| f.count(|b| matches!(b, FeedbackBlock::Solution(_))))
                        .sum();
                    if solutions > 1 {
                        cx.error(
                            codes::QTI_SOLUTION_COUNT,
                            loc.clone(),
                            format!("an essay has at most one solution, found {solutions}"),
                            "CC QTI RULE 8e",
                        );
                    }
                    if it.metadata.get("qmd_computerscored") != Some("No") {
                        cx.error(
                            codes::QTI_ESSAY_COMPUTERSCORED,
                            loc,
                            "an essay requires the item metadata qmd_computerscored = No"
                                .to_owned(),
                            "CC QTI RULE 8f",
                        );
                    }
                }
            }
        }
        QuestionProfile::Other(_) => {}
    }
}

fn feedback(cx: &mut Ctx<'_>, it: &Item, path: &str) {
    let idents: HashSet<&str> = it.feedback.iter().map(|f| f.ident.as_str()).collect();
    let mut used: HashSet<&str> = HashSet::new();
    for d in it.display_feedback() {
        used.insert(d.linkrefid.as_str());
        let loc = at(path, d.span);
        match d.kind() {
            "Response" | "Solution" | "Hint" => {}
            other => cx.profile_issue(
                codes::QTI_FEEDBACK_TYPE,
                loc.clone(),
                format!("feedbacktype {other:?} must be Response, Solution or Hint"),
                "CC QTI profile XSD displayfeedbackType",
            ),
        }
        if !idents.contains(d.linkrefid.as_str()) {
            cx.profile_issue(
                codes::QTI_FEEDBACK_UNRESOLVED,
                loc.clone(),
                format!(
                    "displayfeedback names {:?}, which is no itemfeedback of item {:?}",
                    d.linkrefid, it.ident
                ),
                "CC QTI RULE 12c",
            );
            continue;
        }
        if !cx.cc() {
            continue;
        }
        let Some(f) = it.feedback_by_ident(&d.linkrefid) else {
            continue;
        };
        let has_solution = f.count(|b| matches!(b, FeedbackBlock::Solution(_))) > 0;
        let has_hint = f.count(|b| matches!(b, FeedbackBlock::Hint(_))) > 0;
        match d.kind() {
            "Response" if has_solution => cx.error(
                codes::QTI_FEEDBACK_TYPE,
                loc,
                format!(
                    "feedbacktype Response points to {:?}, which is a solution",
                    f.ident
                ),
                "CC QTI RULE 12a",
            ),
            "Response" if has_hint => cx.error(
                codes::QTI_FEEDBACK_TYPE,
                loc,
                format!(
                    "feedbacktype Response points to {:?}, which is a hint",
                    f.ident
                ),
                "CC QTI RULE 12b",
            ),
            "Hint" if !has_hint => cx.error(
                codes::QTI_HINT_SOLUTION,
                loc,
                format!(
                    "feedbacktype Hint points to {:?}, which holds no <hint>",
                    f.ident
                ),
                "CC QTI RULE 10d",
            ),
            "Solution" if !has_solution => cx.error(
                codes::QTI_HINT_SOLUTION,
                loc,
                format!(
                    "feedbacktype Solution points to {:?}, which holds no <solution>",
                    f.ident
                ),
                "CC QTI RULE 11d",
            ),
            _ => {}
        }
    }
    if !cx.cc() {
        return;
    }
    for f in &it.feedback {
        let loc = at(&format!("{path}/itemfeedback"), f.span);
        let flow = f.count(|b| matches!(b, FeedbackBlock::FlowMat(_) | FeedbackBlock::Material(_)));
        let sol = f.count(|b| matches!(b, FeedbackBlock::Solution(_)));
        let hint = f.count(|b| matches!(b, FeedbackBlock::Hint(_)));
        if f.ident == "hint" && (sol > 0 || flow > 0) {
            cx.error(
                codes::QTI_HINT_SOLUTION,
                loc.clone(),
                "the itemfeedback \"hint\" must hold only a <hint>".to_owned(),
                "CC QTI RULE 10b/10c",
            );
        }
        if f.ident == "solution" && (hint > 0 || flow > 0) {
            cx.error(
                codes::QTI_HINT_SOLUTION,
                loc.clone(),
                "the itemfeedback \"solution\" must hold only a <solution>".to_owned(),
                "CC QTI RULE 11b/11c",
            );
        }
        if flow > 0 && !used.contains(f.ident.as_str()) {
            cx.report.push(
                Problem::warning(
                    codes::QTI_FEEDBACK_UNUSED,
                    format!(
                        "the response feedback {:?} is shown by no displayfeedback",
                        f.ident
                    ),
                )
                .at(loc)
                .spec("CC QTI RULE 12d"),
            );
        }
    }
    // Hint/solution triggers must not be mislabelled [Q 10a, 11a].
    for d in it.display_feedback() {
        if d.kind() == "Solution" && d.linkrefid == "hint" {
            cx.error(
                codes::QTI_HINT_SOLUTION,
                at(path, d.span),
                "displayfeedback of type Solution identifies the hint".to_owned(),
                "CC QTI RULE 10a",
            );
        }
        if d.kind() == "Hint" && d.linkrefid == "solution" {
            cx.error(
                codes::QTI_HINT_SOLUTION,
                at(path, d.span),
                "displayfeedback of type Hint identifies the solution".to_owned(),
                "CC QTI RULE 11a",
            );
        }
    }
}
