//! Converting CC-QTI 1.2 assessments and question banks to QTI 2.2 or 3.0 items and tests.
//!
//! Every item of the six CC question profiles is converted (other QTI 1.2 items are reported
//! and skipped):
//!
//! | CC profile | QTI interaction | response |
//! |---|---|---|
//! | multiple choice, true/false | `choiceInteraction maxChoices=1` | single identifier |
//! | multiple response | `choiceInteraction maxChoices=0` | multiple identifier |
//! | fill in the blank, pattern match | `textEntryInteraction` | single string |
//! | essay | `extendedTextInteraction` | single string (no scoring) |
//!
//! Response processing is translated condition by condition (`varequal` → `match`/`member`/
//! `stringMatch`, `varsubstring` → `substring`, `and`/`not`/`other`), keeping QTI 1.2's
//! "stop at the first matching condition unless `continue`" with `responseIf`/`responseElseIf`
//! chains; scores are normalised to 0–1 (`SCORE`, `MAXSCORE` = 1); `displayfeedback` sets the
//! `FEEDBACK` outcome and `itemfeedback` becomes `modalFeedback`. HTML in `mattext` is parsed
//! as XHTML when it is well-formed, and kept as text otherwise (reported); file-base tokens
//! become paths relative to the item.
//!
//! The output is XML written here (QTI 2.2, and QTI 3.0 by renaming to the `qti-` vocabulary),
//! plus a QTI content package manifest. It does not depend on the `qti` crate; the result can be
//! read and validated by it (see the crate documentation for the optional wiring).

use lti_core::xml::{Document, Element, Namespace, Node, QName, XSI_NS, writer};
use lti_core::{Location, Problem, Report};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::filebase;
use crate::manifest::ns_attr;
use crate::qti::{
    Condition, FeedbackBlock, Item, Material, MaterialContent, Questestinterop, QuestionProfile,
    ResponseKind,
};
use crate::resource_type::ResourceKind;
use crate::validate::{Cartridge, file_path};

/// The QTI version to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum QtiTarget {
    /// QTI 2.2.
    #[serde(rename = "2.2")]
    V2_2,
    /// QTI 3.0.
    #[serde(rename = "3.0")]
    V3_0,
}

impl QtiTarget {
    /// The item/test namespace.
    pub const fn namespace(self) -> &'static str {
        match self {
            Self::V2_2 => "http://www.imsglobal.org/xsd/imsqti_v2p2",
            Self::V3_0 => "http://www.imsglobal.org/xsd/imsqtiasi_v3p0",
        }
    }

    /// The schema location.
    pub const fn schema(self) -> &'static str {
        match self {
            Self::V2_2 => "http://www.imsglobal.org/xsd/qti/qtiv2p2/imsqti_v2p2.xsd",
            Self::V3_0 => {
                "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
            }
        }
    }

    /// `2.2` or `3.0`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V2_2 => "2.2",
            Self::V3_0 => "3.0",
        }
    }

    fn item_type(self) -> &'static str {
        match self {
            Self::V2_2 => "imsqti_item_xmlv2p2",
            Self::V3_0 => "imsqti_item_xmlv3p0",
        }
    }

    fn test_type(self) -> &'static str {
        match self {
            Self::V2_2 => "imsqti_test_xmlv2p2",
            Self::V3_0 => "imsqti_test_xmlv3p0",
        }
    }

    fn cp_namespace(self) -> &'static str {
        match self {
            Self::V2_2 => "http://www.imsglobal.org/xsd/imscp_v1p1",
            Self::V3_0 => "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1",
        }
    }
}

/// One converted document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConvertedFile {
    /// The path in the output package (`items/q1.xml`).
    pub path: String,
    /// The item or test identifier.
    pub identifier: String,
    /// The XML.
    pub xml: String,
}

/// A media file the converted items reference: copy `from` (a cartridge path) to `to` (an
/// output-package path).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MediaFile {
    /// The path in the cartridge.
    pub from: String,
    /// The path in the output package.
    pub to: String,
}

/// The result of a conversion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Converted {
    /// Items.
    pub items: Vec<ConvertedFile>,
    /// Tests (one per assessment).
    pub tests: Vec<ConvertedFile>,
    /// Media files to copy.
    pub media: Vec<MediaFile>,
    /// The output package's `imsmanifest.xml`.
    pub manifest: String,
    /// What could not be converted (warnings) and why.
    pub report: Report,
}

// ---------------------------------------------------------------------------------------------
// Building QTI 2.2 trees
// ---------------------------------------------------------------------------------------------

struct B {
    ns: Namespace,
}

impl B {
    fn el(&self, local: &str) -> Element {
        Element::new(QName::ns(&self.ns, local))
    }

    fn base_value(&self, base_type: &str, value: &str) -> Element {
        self.el("baseValue")
            .with_attr("baseType", base_type)
            .with_text(value)
    }

    fn variable(&self, id: &str) -> Element {
        self.el("variable").with_attr("identifier", id)
    }

    fn set_outcome(&self, id: &str, expr: Element) -> Element {
        self.el("setOutcomeValue")
            .with_attr("identifier", id)
            .with_child(expr)
    }
}

/// Per-item conversion context.
struct ItemCx<'a> {
    b: &'a B,
    /// The QTI identifier of each CC response ident, with its kind and cardinality.
    responses: Vec<(String, String, ResponseKind, bool)>,
    max_score: f64,
    report: &'a mut Report,
    item_ident: &'a str,
    /// The folder of the CC descriptor (for file-base tokens).
    folder: &'a str,
    media: &'a mut Vec<MediaFile>,
}

impl ItemCx<'_> {
    fn warn(&mut self, msg: String) {
        self.report.push(
            Problem::warning(codes::CONVERT_UNSUPPORTED, msg)
                .at(Location::field(format!("item {}", self.item_ident))),
        );
    }

    fn response(&self, ident: &str) -> Option<&(String, String, ResponseKind, bool)> {
        self.responses.iter().find(|(cc, ..)| cc == ident)
    }

    fn condition(&mut self, c: &Condition) -> Element {
        let b = self.b;
        match c {
            Condition::VarEqual {
                respident,
                case_sensitive,
                value,
                ..
            } => {
                match self.response(respident).cloned() {
                    Some((_, id, ResponseKind::Lid, multiple)) => {
                        let v = b.base_value("identifier", &qti_identifier(value));
                        if multiple {
                            b.el("member").with_child(v).with_child(b.variable(&id))
                        } else {
                            b.el("match").with_child(b.variable(&id)).with_child(v)
                        }
                    }
                    Some((_, id, _, _)) => b
                        .el("stringMatch")
                        .with_attr(
                            "caseSensitive",
                            if *case_sensitive { "true" } else { "false" },
                        )
                        .with_child(b.variable(&id))
                        .with_child(b.base_value("string", value)),
                    None => {
                        self.warn(format!("a condition tests the unknown response {respident:?}; it is read as false"));
                        b.base_value("boolean", "false")
                    }
                }
            }
            Condition::VarSubstring {
                respident,
                case_sensitive,
                value,
                ..
            } => {
                match self.response(respident).cloned() {
                    Some((_, id, _, _)) => b
                        .el("substring")
                        .with_attr(
                            "caseSensitive",
                            if *case_sensitive { "true" } else { "false" },
                        )
                        .with_child(b.base_value("string", value))
                        .with_child(b.variable(&id)),
                    None => {
                        self.warn(format!("a condition tests the unknown response {respident:?}; it is read as false"));
                        b.base_value("boolean", "false")
                    }
                }
            }
            Condition::Other => b.base_value("boolean", "true"),
            Condition::And(x) => self.all(x, "and"),
            Condition::Or(x) => self.all(x, "or"),
            Condition::Not(x) => {
                let inner = self.all(x, "and");
                b.el("not").with_child(inner)
            }
            Condition::Extension(e) => {
                self.warn(format!(
                    "the condition <{}> has no QTI 2 equivalent here; it is read as false",
                    e.name.local
                ));
                b.base_value("boolean", "false")
            }
        }
    }

    /// The conjunction (or disjunction) of conditions; a single one is returned as is.
    fn all(&mut self, x: &[Condition], op: &str) -> Element {
        let mut parts: Vec<Element> = x.iter().map(|c| self.condition(c)).collect();
        if parts.len() == 1
            && let Some(p) = parts.pop()
        {
            return p;
        }
        if parts.is_empty() {
            return self.b.base_value("boolean", "true");
        }
        let mut e = self.b.el(op);
        for p in parts {
            e.push(Node::Element(p));
        }
        e
    }

    /// Material as item-body content: XHTML when the HTML is well-formed, text otherwise.
    fn material(&mut self, m: &Material, block: bool) -> Vec<Node> {
        let mut out = Vec::new();
        for c in &m.content {
            match c {
                MaterialContent::Text { texttype, text, .. } => {
                    let html = texttype
                        .as_deref()
                        .is_some_and(|t| t.eq_ignore_ascii_case("text/html"));
                    let text = self.rewrite_filebase(text);
                    if html {
                        out.extend(self.html(&text));
                    } else {
                        out.push(Node::Text(text));
                    }
                }
                MaterialContent::Break => out.push(Node::Element(self.b.el("br"))),
                MaterialContent::Ref { linkrefid } => self.warn(format!(
                    "material reference {linkrefid:?} is not resolved; it is left out"
                )),
                MaterialContent::Other(e) => self.warn(format!(
                    "material <{}> is not converted; it is left out",
                    e.name.local
                )),
            }
        }
        if block
            && out
                .iter()
                .any(|n| matches!(n, Node::Text(t) if !t.trim().is_empty()))
        {
            let mut p = self.b.el("p");
            p.children = out;
            return vec![Node::Element(p)];
        }
        out
    }

    fn rewrite_filebase(&mut self, text: &str) -> String {
        for u in filebase::find(text) {
            let decoded = filebase::percent_decode(u.path);
            if let Some(from) = filebase::join_package_path(self.folder, &decoded)
                && !self.media.iter().any(|m| m.from == from)
            {
                self.media.push(MediaFile {
                    to: format!("media/{from}"),
                    from,
                });
            }
        }
        // Items live in items/; media in media/<cartridge path>.
        let base = format!("../media/{}", self.folder);
        filebase::resolve(text, &base).into_owned()
    }

    /// Parses an HTML fragment as XHTML in the QTI namespace; falls back to text.
    fn html(&mut self, text: &str) -> Vec<Node> {
        let wrapped = format!("<div xmlns=\"{}\">{text}</div>", self.b.ns.as_str());
        match lti_core::xml::parse_element(wrapped.as_bytes(), &lti_core::xml::Limits::default()) {
            Ok(mut div) if div.elements().all(allowed_xhtml) => {
                let mut dropped = Vec::new();
                for c in &mut div.children {
                    if let Node::Element(e) = c {
                        sanitize(e, &mut dropped);
                    }
                }
                if !dropped.is_empty() {
                    dropped.sort();
                    dropped.dedup();
                    self.warn(format!(
                        "HTML attributes QTI does not allow were dropped: {}",
                        dropped.join(", ")
                    ));
                }
                div.children
            }
            _ => {
                self.warn(
                    "HTML that is not well-formed XHTML (or uses elements QTI does not allow) is kept as text".to_owned(),
                );
                vec![Node::Text(strip_tags(text))]
            }
        }
    }
}

/// XHTML elements QTI item bodies allow (the common ones); anything else falls back to text.
fn allowed_xhtml(e: &Element) -> bool {
    const OK: &[&str] = &[
        "a",
        "abbr",
        "b",
        "big",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "ul",
        "var",
    ];
    OK.contains(&e.name.local.as_str()) && e.elements().all(allowed_xhtml)
}

/// HTML attributes kept on converted content (others, such as `style` or event handlers, are
/// not allowed by the QTI schemas).
const KEPT_ATTRIBUTES: &[&str] = &[
    "class", "id", "href", "src", "alt", "title", "width", "height", "colspan", "rowspan",
    "headers", "scope", "abbr", "summary", "start", "type", "cite", "dir", "lang", "longdesc",
];

fn sanitize(e: &mut Element, dropped: &mut Vec<String>) {
    e.attributes.retain(|a| {
        let keep = if a.name.ns.is_some() {
            a.name.local == "lang"
        } else if a.name.local == "id" {
            lti_core::id::check_ncname(&a.value).is_ok()
        } else {
            KEPT_ATTRIBUTES.contains(&a.name.local.as_str())
        };
        if !keep {
            dropped.push(a.name.local.to_string());
        }
        keep
    });
    if e.name.local == "img" && e.attr("alt").is_none() {
        e.set_attr("alt", "");
    }
    for c in &mut e.children {
        if let Node::Element(x) = c {
            sanitize(x, dropped);
        }
    }
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// A QTI identifier from a CC ident (NCName-safe).
fn qti_identifier(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

fn format_score(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Converts one item to a QTI 2.2 `assessmentItem` tree. `None` when the item's shape has no
/// conversion (reported).
fn item_to_qti(
    it: &Item,
    b: &B,
    folder: &str,
    report: &mut Report,
    media: &mut Vec<MediaFile>,
) -> Option<(String, Element)> {
    let ident = qti_identifier(&it.ident);
    let profile = it.profile();
    let responses = it.responses();
    let warn = |report: &mut Report, msg: String| {
        report.push(
            Problem::warning(codes::CONVERT_UNSUPPORTED, msg)
                .at(Location::field(format!("item {}", it.ident))),
        );
    };
    if responses.is_empty() {
        warn(
            report,
            "an item without a response is not converted".to_owned(),
        );
        return None;
    }
    for r in &responses {
        let ok = matches!(
            (r.kind, r.render_element()),
            (ResponseKind::Lid, Some("render_choice")) | (ResponseKind::Str, Some("render_fib"))
        );
        if !ok {
            warn(
                report,
                format!(
                    "the response {:?} ({} with {}) has no conversion; the item is not converted",
                    r.ident,
                    r.kind.element(),
                    r.render_element().unwrap_or("no rendering")
                ),
            );
            return None;
        }
    }
    if let Some(QuestionProfile::Other(p)) = &profile {
        warn(
            report,
            format!("the question profile {p:?} is not a CC profile; converted by its shape"),
        );
    }
    let essay = profile == Some(QuestionProfile::Essay);
    // Response identifiers: RESPONSE, or RESPONSE_<n> when there are several.
    let resp_ids: Vec<(String, String, ResponseKind, bool)> = responses
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let id = if responses.len() == 1 {
                "RESPONSE".to_owned()
            } else {
                format!("RESPONSE_{}", i + 1)
            };
            let multiple = r.kind == ResponseKind::Lid && r.cardinality() != "Single";
            (r.ident.clone(), id, r.kind, multiple)
        })
        .collect();
    let max_score = it
        .resprocessing
        .iter()
        .flat_map(|rp| rp.outcomes.iter())
        .find(|d| d.var() == "SCORE")
        .and_then(|d| d.maxvalue.as_deref())
        .and_then(lti_core::xml::attr::parse_double)
        .filter(|v| *v > 0.0)
        .unwrap_or(100.0);
    let mut cx = ItemCx {
        b,
        responses: resp_ids.clone(),
        max_score,
        report,
        item_ident: &it.ident,
        folder,
        media,
    };
    let mut root = b
        .el("assessmentItem")
        .with_attr("identifier", &ident)
        .with_attr("title", it.title.as_deref().unwrap_or(&it.ident))
        .with_attr("adaptive", "false")
        .with_attr("timeDependent", "false");
    root.attributes.push(ns_attr(
        QName::prefixed(&Namespace::new(XSI_NS), "xsi", "schemaLocation"),
        String::new(),
    ));
    // Declarations.
    let correct = correct_values(it, &resp_ids);
    for (cc, id, kind, multiple) in &resp_ids {
        let (card, base) = match (kind, multiple) {
            (ResponseKind::Lid, true) => ("multiple", "identifier"),
            (ResponseKind::Lid, false) => ("single", "identifier"),
            _ => ("single", "string"),
        };
        let mut rd = b
            .el("responseDeclaration")
            .with_attr("identifier", id)
            .with_attr("cardinality", card)
            .with_attr("baseType", base);
        let values: Vec<&String> = correct
            .iter()
            .filter(|(r, _)| r == cc)
            .map(|(_, v)| v)
            .collect();
        if !values.is_empty() && !essay {
            let mut cr = b.el("correctResponse");
            let take = if card == "single" { 1 } else { values.len() };
            for v in values.into_iter().take(take) {
                cr.push(Node::Element(b.el("value").with_text(v)));
            }
            rd.push(Node::Element(cr));
        }
        root.push(Node::Element(rd));
    }
    root.push(Node::Element(
        b.el("outcomeDeclaration")
            .with_attr("identifier", "SCORE")
            .with_attr("cardinality", "single")
            .with_attr("baseType", "float")
            .with_child(
                b.el("defaultValue")
                    .with_child(b.el("value").with_text("0")),
            ),
    ));
    root.push(Node::Element(
        b.el("outcomeDeclaration")
            .with_attr("identifier", "MAXSCORE")
            .with_attr("cardinality", "single")
            .with_attr("baseType", "float")
            .with_child(
                b.el("defaultValue")
                    .with_child(b.el("value").with_text("1")),
            ),
    ));
    if !it.feedback.is_empty() {
        root.push(Node::Element(
            b.el("outcomeDeclaration")
                .with_attr("identifier", "FEEDBACK")
                .with_attr("cardinality", "multiple")
                .with_attr("baseType", "identifier"),
        ));
    }
    // Body.
    let mut body = b.el("itemBody");
    if let Some(p) = &it.presentation {
        for m in p.materials() {
            body.children.extend(cx.material(m, true));
        }
    }
    for (r, (_, id, kind, multiple)) in responses.iter().zip(&resp_ids) {
        let interaction = match kind {
            ResponseKind::Lid => {
                let mut ci = b
                    .el("choiceInteraction")
                    .with_attr("responseIdentifier", id)
                    .with_attr(
                        "shuffle",
                        if r.render.as_ref().and_then(|x| x.attr("shuffle")) == Some("Yes") {
                            "true"
                        } else {
                            "false"
                        },
                    )
                    .with_attr("maxChoices", if *multiple { "0" } else { "1" });
                let prompt: Vec<Node> = r
                    .material_before
                    .iter()
                    .flat_map(|m| cx.material(m, false))
                    .collect();
                if !prompt.is_empty() {
                    let mut p = b.el("prompt");
                    p.children = prompt;
                    ci.push(Node::Element(p));
                }
                for l in r.labels() {
                    let mut sc = b
                        .el("simpleChoice")
                        .with_attr("identifier", qti_identifier(&l.ident));
                    for m in &l.material {
                        sc.children.extend(cx.material(m, false));
                    }
                    ci.push(Node::Element(sc));
                }
                ci
            }
            _ if essay => {
                let mut e = b
                    .el("extendedTextInteraction")
                    .with_attr("responseIdentifier", id);
                if let Some(rows) = r.render.as_ref().and_then(|x| x.attr("rows")) {
                    e.set_attr("expectedLines", rows);
                }
                e
            }
            _ => {
                let mut e = b
                    .el("textEntryInteraction")
                    .with_attr("responseIdentifier", id);
                if let Some(c) = r.render.as_ref().and_then(|x| x.attr("columns")) {
                    e.set_attr("expectedLength", c);
                }
                b.el("p").with_child(e)
            }
        };
        body.push(Node::Element(interaction));
    }
    root.push(Node::Element(body));
    // Response processing.
    let mut rp = b.el("responseProcessing");
    let mut chain: Option<Element> = None;
    let flush = |rp: &mut Element, chain: &mut Option<Element>| {
        if let Some(c) = chain.take() {
            rp.push(Node::Element(c));
        }
    };
    for p in &it.resprocessing {
        for rc in &p.conditions {
            let cond = cx.all(&rc.conditions, "and");
            let mut actions = Vec::new();
            for s in &rc.setvars {
                if s.var() != "SCORE" {
                    cx.warn(format!("setvar on {:?} is not converted", s.var()));
                    continue;
                }
                let Some(v) = lti_core::xml::attr::parse_double(&s.value) else {
                    cx.warn(format!("setvar value {:?} is not a number", s.value));
                    continue;
                };
                let v = format_score(v / cx.max_score);
                let expr = match s.effective_action() {
                    "Set" => b.base_value("float", &v),
                    "Add" => b
                        .el("sum")
                        .with_child(b.variable("SCORE"))
                        .with_child(b.base_value("float", &v)),
                    "Subtract" => b
                        .el("subtract")
                        .with_child(b.variable("SCORE"))
                        .with_child(b.base_value("float", &v)),
                    other => {
                        cx.warn(format!("setvar action {other:?} is not converted"));
                        continue;
                    }
                };
                actions.push(b.set_outcome("SCORE", expr));
            }
            for f in &rc.feedback {
                if it.feedback_by_ident(&f.linkrefid).is_some() {
                    actions.push(
                        b.set_outcome(
                            "FEEDBACK",
                            b.el("multiple")
                                .with_child(b.variable("FEEDBACK"))
                                .with_child(
                                    b.base_value("identifier", &qti_identifier(&f.linkrefid)),
                                ),
                        ),
                    );
                }
            }
            if rc.continues() {
                flush(&mut rp, &mut chain);
                let mut c = b.el("responseCondition");
                let mut ri = b.el("responseIf").with_child(cond);
                ri.children.extend(actions.into_iter().map(Node::Element));
                c.push(Node::Element(ri));
                rp.push(Node::Element(c));
            } else {
                let c = chain.get_or_insert_with(|| b.el("responseCondition"));
                let name = if c.children.is_empty() {
                    "responseIf"
                } else {
                    "responseElseIf"
                };
                let mut ri = b.el(name).with_child(cond);
                ri.children.extend(actions.into_iter().map(Node::Element));
                c.push(Node::Element(ri));
            }
        }
    }
    flush(&mut rp, &mut chain);
    if !rp.children.is_empty() {
        root.push(Node::Element(rp));
    }
    // Feedback.
    for f in &it.feedback {
        let mut mf = b
            .el("modalFeedback")
            .with_attr("outcomeIdentifier", "FEEDBACK")
            .with_attr("identifier", qti_identifier(&f.ident))
            .with_attr("showHide", "show");
        if let Some(t) = &f.title {
            mf.set_attr("title", t);
        }
        for block in &f.blocks {
            match block {
                FeedbackBlock::FlowMat(ms)
                | FeedbackBlock::Solution(ms)
                | FeedbackBlock::Hint(ms) => {
                    for m in ms {
                        mf.children.extend(cx.material(m, false));
                    }
                }
                FeedbackBlock::Material(m) => mf.children.extend(cx.material(m, false)),
                FeedbackBlock::Other(e) => {
                    cx.warn(format!("feedback <{}> is not converted", e.name.local));
                }
            }
        }
        root.push(Node::Element(mf));
    }
    Some((ident, root))
}

/// The values that give the highest score: for each response, the `varequal` values of the
/// conditions setting SCORE to its maximum (`not` branches excluded).
fn correct_values(
    it: &Item,
    resp: &[(String, String, ResponseKind, bool)],
) -> Vec<(String, String)> {
    let mut best: Option<f64> = None;
    for rp in &it.resprocessing {
        for rc in &rp.conditions {
            for s in &rc.setvars {
                if s.var() == "SCORE"
                    && s.effective_action() == "Set"
                    && let Some(v) = lti_core::xml::attr::parse_double(&s.value)
                {
                    best = Some(best.map_or(v, |b| b.max(v)));
                }
            }
        }
    }
    let Some(best) = best.filter(|b| *b > 0.0) else {
        return Vec::new();
    };
    fn positives(c: &Condition, out: &mut Vec<(String, String)>) {
        match c {
            Condition::VarEqual {
                respident, value, ..
            } => {
                out.push((respident.clone(), value.clone()));
            }
            Condition::And(x) => x.iter().for_each(|y| positives(y, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for rp in &it.resprocessing {
        for rc in &rp.conditions {
            let scores_best = rc.setvars.iter().any(|s| {
                s.var() == "SCORE" && lti_core::xml::attr::parse_double(&s.value) == Some(best)
            });
            if scores_best {
                let mut v = Vec::new();
                for c in &rc.conditions {
                    positives(c, &mut v);
                }
                for (r, val) in v {
                    let is_lid = resp
                        .iter()
                        .any(|(cc, _, k, _)| *cc == r && *k == ResponseKind::Lid);
                    let val = if is_lid { qti_identifier(&val) } else { val };
                    if !out.contains(&(r.clone(), val.clone())) {
                        out.push((r, val));
                    }
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// QTI 3.0 vocabulary
// ---------------------------------------------------------------------------------------------

/// The QTI (not XHTML) element names the converter writes.
const QTI_ELEMENTS: &[&str] = &[
    "assessmentItem",
    "responseDeclaration",
    "correctResponse",
    "value",
    "outcomeDeclaration",
    "defaultValue",
    "itemBody",
    "choiceInteraction",
    "prompt",
    "simpleChoice",
    "textEntryInteraction",
    "extendedTextInteraction",
    "responseProcessing",
    "responseCondition",
    "responseIf",
    "responseElseIf",
    "setOutcomeValue",
    "match",
    "member",
    "stringMatch",
    "substring",
    "variable",
    "baseValue",
    "and",
    "or",
    "not",
    "multiple",
    "sum",
    "subtract",
    "modalFeedback",
    "assessmentTest",
    "testPart",
    "assessmentSection",
    "assessmentItemRef",
];

fn kebab(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Renames a QTI 2.2 tree to the QTI 3.0 vocabulary (elements `qti-…`, attributes kebab-case;
/// XHTML content unchanged) in the 3.0 namespace.
fn to_v3(e: &mut Element, ns3: &Namespace) {
    let is_qti = QTI_ELEMENTS.contains(&e.name.local.as_str());
    // 3.0 wraps modal feedback content in qti-content-body.
    if e.name.local == "modalFeedback" {
        let mut body = Element::new(QName::ns(ns3, "qti-content-body"));
        body.children = std::mem::take(&mut e.children);
        for c in &mut body.children {
            if let Node::Element(x) = c {
                to_v3(x, ns3);
            }
        }
        e.children.push(Node::Element(body));
        e.name.ns = Some(ns3.clone());
        e.name.local = "qti-modal-feedback".into();
        for a in &mut e.attributes {
            if a.name.ns.is_none() {
                a.name.local = kebab(&a.name.local).into();
            }
        }
        return;
    }
    e.name.ns = Some(ns3.clone());
    if is_qti {
        e.name.local = format!("qti-{}", kebab(&e.name.local)).into();
        for a in &mut e.attributes {
            if a.name.ns.is_none() {
                a.name.local = kebab(&a.name.local).into();
            }
        }
    }
    for c in &mut e.children {
        if let Node::Element(x) = c {
            to_v3(x, ns3);
        }
    }
}

fn finish(mut root: Element, target: QtiTarget) -> String {
    let ns = Namespace::new(target.namespace());
    if target == QtiTarget::V3_0 {
        to_v3(&mut root, &ns);
    }
    for a in &mut root.attributes {
        if a.name.local == "schemaLocation" {
            a.value = format!("{} {}", target.namespace(), target.schema()).into();
        }
    }
    let doc = Document::new(root);
    writer::write_document(&doc, &writer::WriteOptions::indented(2))
}

// ---------------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------------

/// Converts the items of one CC-QTI document. `folder` is the descriptor's folder in the
/// cartridge (file-base tokens are resolved against it); `prefix` is prepended to item file
/// names to keep them unique across documents.
pub fn convert_questestinterop(
    q: &Questestinterop,
    folder: &str,
    prefix: &str,
    test_identifier: Option<&str>,
    target: QtiTarget,
) -> Converted {
    let b = B {
        ns: Namespace::new(QtiTarget::V2_2.namespace()),
    };
    let mut out = Converted::default();
    let mut refs = Vec::new();
    for it in q.all_items() {
        if let Some((ident, tree)) = item_to_qti(it, &b, folder, &mut out.report, &mut out.media) {
            let file = format!("items/{prefix}{ident}.xml");
            refs.push((ident.clone(), file.clone()));
            out.items.push(ConvertedFile {
                path: file,
                identifier: ident,
                xml: finish(tree, target),
            });
        }
    }
    if let (Some(tid), Some(a)) = (test_identifier, q.assessments.first())
        && !refs.is_empty()
    {
        let tid = qti_identifier(tid);
        let mut test = b
            .el("assessmentTest")
            .with_attr("identifier", &tid)
            .with_attr("title", a.title.as_deref().unwrap_or(&a.ident));
        test.attributes.push(ns_attr(
            QName::prefixed(&Namespace::new(XSI_NS), "xsi", "schemaLocation"),
            String::new(),
        ));
        let mut part = b
            .el("testPart")
            .with_attr("identifier", "P1")
            .with_attr("navigationMode", "nonlinear")
            .with_attr("submissionMode", "simultaneous");
        let mut sec = b
            .el("assessmentSection")
            .with_attr("identifier", "S1")
            .with_attr("title", a.title.as_deref().unwrap_or(&a.ident))
            .with_attr("visible", "true");
        for (id, file) in &refs {
            sec.push(Node::Element(
                b.el("assessmentItemRef")
                    .with_attr("identifier", id)
                    .with_attr("href", format!("../{file}")),
            ));
        }
        part.push(Node::Element(sec));
        test.push(Node::Element(part));
        out.tests.push(ConvertedFile {
            path: format!("tests/{tid}.xml"),
            identifier: tid,
            xml: finish(test, target),
        });
    }
    out
}

/// Converts every assessment and question bank of a cartridge (with its typed descriptors) to
/// a QTI content package: items, one test per assessment, the media they use, a manifest.
pub fn convert_cartridge(c: &Cartridge, target: QtiTarget) -> Converted {
    let mut all = Converted::default();
    for r in &c.manifest.resources {
        if !matches!(
            r.kind(),
            ResourceKind::Assessment | ResourceKind::QuestionBank
        ) {
            continue;
        }
        let Some(crate::descriptor::Descriptor::Qti(q)) = c.descriptors.get(&r.identifier) else {
            all.report.push(Problem::warning(
                codes::CONVERT_UNSUPPORTED,
                format!(
                    "resource {:?} has no readable CC-QTI descriptor; not converted",
                    r.identifier
                ),
            ));
            continue;
        };
        let folder = r
            .descriptor_href()
            .map(|h| file_path(&c.manifest, r, h))
            .map(|p| filebase::folder_of(&p).to_owned())
            .unwrap_or_default();
        let prefix = format!("{}_", qti_identifier(&r.identifier));
        let test = (r.kind() == ResourceKind::Assessment).then_some(r.identifier.as_str());
        let part = convert_questestinterop(q, &folder, &prefix, test, target);
        all.items.extend(part.items);
        all.tests.extend(part.tests);
        for m in part.media {
            if !all.media.contains(&m) {
                all.media.push(m);
            }
        }
        all.report.extend(part.report);
    }
    all.manifest = package_manifest(&all, target, &c.manifest.identifier);
    all
}

fn package_manifest(c: &Converted, target: QtiTarget, id: &str) -> String {
    let ns = Namespace::new(target.cp_namespace());
    let el = |l: &str| Element::new(QName::ns(&ns, l));
    let mut m = el("manifest").with_attr("identifier", format!("{}_qti", qti_identifier(id)));
    m.push(Node::Element(
        el("metadata")
            .with_child(el("schema").with_text("QTI Package"))
            .with_child(el("schemaversion").with_text(match target {
                QtiTarget::V2_2 => "2.2.0",
                QtiTarget::V3_0 => "3.0.0",
            })),
    ));
    m.push(Node::Element(el("organizations")));
    let mut res = el("resources");
    let media_files: Vec<&MediaFile> = c.media.iter().collect();
    for f in &c.items {
        let mut r = el("resource")
            .with_attr("identifier", format!("RES_{}", f.identifier))
            .with_attr("type", target.item_type())
            .with_attr("href", &f.path);
        r.push(Node::Element(el("file").with_attr("href", &f.path)));
        for mf in &media_files {
            if f.xml.contains(mf.from.rsplit('/').next().unwrap_or("")) {
                r.push(Node::Element(el("file").with_attr("href", &mf.to)));
            }
        }
        res.push(Node::Element(r));
    }
    for f in &c.tests {
        let mut r = el("resource")
            .with_attr("identifier", format!("RES_{}", f.identifier))
            .with_attr("type", target.test_type())
            .with_attr("href", &f.path);
        r.push(Node::Element(el("file").with_attr("href", &f.path)));
        for i in &c.items {
            if f.xml.contains(&i.path) {
                r.push(Node::Element(
                    el("dependency").with_attr("identifierref", format!("RES_{}", i.identifier)),
                ));
            }
        }
        res.push(Node::Element(r));
    }
    m.push(Node::Element(res));
    writer::write_document(&Document::new(m), &writer::WriteOptions::indented(2))
}

#[cfg(test)]
mod tests;
