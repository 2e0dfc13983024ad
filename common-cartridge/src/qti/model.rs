//! The QTI 1.2.1 ASI model as used by Common Cartridge (`questestinterop`): assessments, object
//! banks, sections, items with their metadata, presentation (materials, `response_lid` /
//! `response_str` with `render_choice` / `render_fib`), response processing and feedback.
//!
//! The model is typed where the CC profile defines structure and keeps everything else as
//! [`Element`] trees, so QTI 1.2 documents outside the profile (Canvas extensions, other
//! response types) are read without loss of content.

use lti_core::xml::{Attribute, Element, Namespace, Span};
use serde::{Deserialize, Serialize};

use super::QuestionProfile;

/// A `<qtimetadatafield>`: label and entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MetadataField {
    /// `<fieldlabel>`.
    pub label: String,
    /// `<fieldentry>`.
    pub entry: String,
    /// Where the field starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl MetadataField {
    /// A field.
    pub fn new(label: impl Into<String>, entry: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            entry: entry.into(),
            span: Span::default(),
        }
    }
}

/// The fields of all `<qtimetadata>` blocks of an element, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Metadata {
    /// The fields.
    pub fields: Vec<MetadataField>,
    /// How many `<qtimetadata>` blocks held them (for faithful output; at least 1 when there
    /// are fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Vec<usize>>,
}

impl Metadata {
    /// The entry of the first field with this label.
    pub fn get(&self, label: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.entry.as_str())
    }

    /// How many fields have this label.
    pub fn count(&self, label: &str) -> usize {
        self.fields.iter().filter(|f| f.label == label).count()
    }

    /// Adds a field.
    pub fn push(&mut self, label: impl Into<String>, entry: impl Into<String>) {
        self.fields.push(MetadataField::new(label, entry));
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// A piece of material content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MaterialContent {
    /// `<mattext texttype>`: text or (escaped) HTML.
    Text {
        /// `texttype` (`text/plain` when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        texttype: Option<String>,
        /// The text.
        text: String,
        /// Other attributes (`charset`, `xml:lang`…).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        other_attributes: Vec<Attribute>,
        /// Whether the text was a CDATA section (kept on output).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        cdata: bool,
    },
    /// `<matref linkrefid>`.
    Ref {
        /// `linkrefid`.
        linkrefid: String,
    },
    /// `<matbreak/>`.
    Break,
    /// Anything else (`matimage`, `mataudio`, `matemtext`…), kept.
    Other(Element),
}

/// `<material>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Material {
    /// `label`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The content, in order.
    pub content: Vec<MaterialContent>,
    /// `<altmaterial>`s, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alt: Vec<Element>,
    /// Other attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
}

impl Material {
    /// A material with one `mattext`.
    pub fn text(texttype: &str, text: impl Into<String>) -> Self {
        Self {
            content: vec![MaterialContent::Text {
                texttype: Some(texttype.to_owned()),
                text: text.into(),
                other_attributes: Vec::new(),
                cdata: false,
            }],
            ..Self::default()
        }
    }

    /// The concatenated `mattext` content.
    pub fn plain_text(&self) -> String {
        let mut s = String::new();
        for c in &self.content {
            if let MaterialContent::Text { text, .. } = c {
                s.push_str(text);
            }
        }
        s
    }

    /// Whether any `mattext` is HTML.
    pub fn is_html(&self) -> bool {
        self.content.iter().any(|c| {
            matches!(c, MaterialContent::Text { texttype: Some(t), .. } if t.eq_ignore_ascii_case("text/html"))
        })
    }
}

/// Which response element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ResponseKind {
    /// `response_lid`: choice of labelled identifiers.
    Lid,
    /// `response_str`: a string.
    Str,
    /// `response_num`: a number (outside the CC profile).
    Num,
    /// `response_xy`: coordinates (outside the CC profile).
    Xy,
    /// `response_grp`: a group (outside the CC profile).
    Grp,
    /// `response_extension` (outside the CC profile).
    Extension,
}

impl ResponseKind {
    /// The element name.
    pub const fn element(self) -> &'static str {
        match self {
            Self::Lid => "response_lid",
            Self::Str => "response_str",
            Self::Num => "response_num",
            Self::Xy => "response_xy",
            Self::Grp => "response_grp",
            Self::Extension => "response_extension",
        }
    }

    /// The kind for an element name.
    pub fn from_element(local: &str) -> Option<Self> {
        Some(match local {
            "response_lid" => Self::Lid,
            "response_str" => Self::Str,
            "response_num" => Self::Num,
            "response_xy" => Self::Xy,
            "response_grp" => Self::Grp,
            "response_extension" => Self::Extension,
            _ => return None,
        })
    }
}

/// A `<response_label>`: one choice (or one blank of a fill-in).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResponseLabel {
    /// `ident`.
    pub ident: String,
    /// The choice's material.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub material: Vec<Material>,
    /// Other attributes (`rshuffle`, `match_group`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Other children (`flow_mat`, `material_ref`…), kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// The rendering of a response: `render_choice`, `render_fib` (and, outside the profile,
/// `render_hotspot`, `render_slider`, `render_extension`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Render {
    /// The element name (`render_choice`, `render_fib`…).
    pub element: String,
    /// Attributes (`shuffle`, `rows`, `columns`, `maxchars`, `fibtype`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// The response labels (choices), `flow_label` containers flattened.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<ResponseLabel>,
    /// Materials between the labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub material: Vec<Material>,
    /// Whether the labels were wrapped in `flow_label` (kept on output).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flow_label: bool,
    /// Other children, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
}

impl Render {
    /// The value of a no-namespace attribute.
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name.ns.is_none() && a.name.local == local)
            .map(|a| a.value.as_str())
    }
}

/// A response (interaction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Response {
    /// Which response element.
    pub kind: ResponseKind,
    /// `ident`.
    pub ident: String,
    /// `rcardinality` as written (`Single` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rcardinality: Option<String>,
    /// Material before the rendering.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub material_before: Vec<Material>,
    /// The rendering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub render: Option<Render>,
    /// Material after the rendering.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub material_after: Vec<Material>,
    /// Other attributes (`rtiming`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Other children, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl Response {
    /// A response with a rendering.
    pub fn new(
        kind: ResponseKind,
        ident: impl Into<String>,
        rcardinality: &str,
        render: Render,
    ) -> Self {
        Self {
            kind,
            ident: ident.into(),
            rcardinality: Some(rcardinality.to_owned()),
            material_before: Vec::new(),
            render: Some(render),
            material_after: Vec::new(),
            other_attributes: Vec::new(),
            extensions: Vec::new(),
            span: Span::default(),
        }
    }

    /// The effective cardinality (`Single` by default).
    pub fn cardinality(&self) -> &str {
        self.rcardinality.as_deref().unwrap_or("Single")
    }

    /// The choices (response labels) of the rendering.
    pub fn labels(&self) -> &[ResponseLabel] {
        self.render.as_ref().map_or(&[], |r| r.labels.as_slice())
    }

    /// The rendering element's name (`render_choice`, `render_fib`).
    pub fn render_element(&self) -> Option<&str> {
        self.render.as_ref().map(|r| r.element.as_str())
    }
}

/// A piece of presentation content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PresentationContent {
    /// `<material>`.
    Material(Material),
    /// A response element.
    Response(Response),
    /// `<flow>`: a block container.
    Flow {
        /// `class`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        class: Option<String>,
        /// The content.
        content: Vec<Self>,
    },
    /// Anything else (`material_ref`…), kept.
    Other(Element),
}

/// `<presentation>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Presentation {
    /// The content, in order (`flow` containers kept).
    pub content: Vec<PresentationContent>,
    /// Attributes (`label`, `xml:lang`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
}

impl Presentation {
    /// Every response, depth first.
    pub fn responses(&self) -> Vec<&Response> {
        fn walk<'a>(c: &'a [PresentationContent], out: &mut Vec<&'a Response>) {
            for x in c {
                match x {
                    PresentationContent::Response(r) => out.push(r),
                    PresentationContent::Flow { content, .. } => walk(content, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.content, &mut out);
        out
    }

    /// Every material outside responses (the question text), depth first.
    pub fn materials(&self) -> Vec<&Material> {
        fn walk<'a>(c: &'a [PresentationContent], out: &mut Vec<&'a Material>) {
            for x in c {
                match x {
                    PresentationContent::Material(m) => out.push(m),
                    PresentationContent::Flow { content, .. } => walk(content, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.content, &mut out);
        out
    }
}

/// A condition on a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Condition {
    /// `<varequal respident case>value</varequal>`.
    VarEqual {
        /// `respident`.
        respident: String,
        /// `case="Yes"`: case-sensitive.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        case_sensitive: bool,
        /// The value.
        value: String,
        /// Where it starts (not compared).
        #[serde(default, skip_serializing_if = "Span::is_unknown")]
        span: Span,
    },
    /// `<varsubstring respident case>value</varsubstring>`.
    VarSubstring {
        /// `respident`.
        respident: String,
        /// `case="Yes"`.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        case_sensitive: bool,
        /// The value.
        value: String,
        /// Where it starts (not compared).
        #[serde(default, skip_serializing_if = "Span::is_unknown")]
        span: Span,
    },
    /// `<other/>`: always true.
    Other,
    /// `<and>`.
    And(Vec<Self>),
    /// `<or>` (outside the CC profile).
    Or(Vec<Self>),
    /// `<not>`.
    Not(Vec<Self>),
    /// Any other test (`varlt`, `vargte`, `unanswered`, `varinside`…), kept.
    Extension(Element),
}

impl Condition {
    /// A case-insensitive `varequal`.
    pub fn var_equal(respident: impl Into<String>, value: impl Into<String>) -> Self {
        Self::VarEqual {
            respident: respident.into(),
            case_sensitive: false,
            value: value.into(),
            span: Span::default(),
        }
    }

    /// Calls `f` on this condition and every nested one.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Self)) {
        f(self);
        if let Self::And(c) | Self::Or(c) | Self::Not(c) = self {
            for x in c {
                x.walk(f);
            }
        }
    }

    /// The `respident` of a `varequal`/`varsubstring`.
    pub fn respident(&self) -> Option<&str> {
        match self {
            Self::VarEqual { respident, .. } | Self::VarSubstring { respident, .. } => {
                Some(respident)
            }
            _ => None,
        }
    }
}

/// `<setvar varname action>value</setvar>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SetVar {
    /// `varname` (`SCORE` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub varname: Option<String>,
    /// `action` (`Set` by default; `Add`, `Subtract`… outside the profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The value.
    pub value: String,
}

impl SetVar {
    /// The effective variable name.
    pub fn var(&self) -> &str {
        self.varname.as_deref().unwrap_or("SCORE")
    }

    /// The effective action.
    pub fn effective_action(&self) -> &str {
        self.action.as_deref().unwrap_or("Set")
    }
}

/// `<displayfeedback feedbacktype linkrefid>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisplayFeedback {
    /// `feedbacktype` (`Response`, `Solution`, `Hint`; `Response` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedbacktype: Option<String>,
    /// `linkrefid`: the `itemfeedback` to show.
    pub linkrefid: String,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl DisplayFeedback {
    /// The effective feedback type.
    pub fn kind(&self) -> &str {
        self.feedbacktype.as_deref().unwrap_or("Response")
    }
}

/// `<respcondition>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RespCondition {
    /// `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `continue` (`Yes`/`No`, `No` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continue_: Option<String>,
    /// The tests of `<conditionvar>` (several tests are all required).
    pub conditions: Vec<Condition>,
    /// `<setvar>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub setvars: Vec<SetVar>,
    /// `<displayfeedback>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<DisplayFeedback>,
    /// Other children, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl RespCondition {
    /// Whether processing continues after this condition matches.
    pub fn continues(&self) -> bool {
        self.continue_
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("yes"))
    }
}

/// `<decvar>`: an outcome variable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DecVar {
    /// `varname` (`SCORE` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub varname: Option<String>,
    /// `vartype` (`Integer` by default; `Decimal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vartype: Option<String>,
    /// `minvalue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minvalue: Option<String>,
    /// `maxvalue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maxvalue: Option<String>,
    /// Other attributes (`defaultval`, `cutvalue`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
}

impl DecVar {
    /// The effective variable name.
    pub fn var(&self) -> &str {
        self.varname.as_deref().unwrap_or("SCORE")
    }
}

/// `<resprocessing>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResProcessing {
    /// `<outcomes><decvar>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<DecVar>,
    /// Whether an `<outcomes>` element was present.
    pub has_outcomes: bool,
    /// `<respcondition>`s, in order.
    pub conditions: Vec<RespCondition>,
    /// Other children, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// A block of `<itemfeedback>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FeedbackBlock {
    /// `<flow_mat>` (its materials, nested `flow_mat`s flattened).
    FlowMat(Vec<Material>),
    /// `<material>`.
    Material(Material),
    /// `<solution>` (its `solutionmaterial` materials).
    Solution(Vec<Material>),
    /// `<hint>` (its `hintmaterial` materials).
    Hint(Vec<Material>),
    /// Anything else, kept.
    Other(Element),
}

/// `<itemfeedback>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ItemFeedback {
    /// `ident`.
    pub ident: String,
    /// `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The blocks.
    pub blocks: Vec<FeedbackBlock>,
    /// Other attributes (`view`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl ItemFeedback {
    /// The number of blocks matching `pred`.
    pub fn count(&self, pred: impl Fn(&FeedbackBlock) -> bool) -> usize {
        self.blocks.iter().filter(|b| pred(b)).count()
    }

    /// All materials of the feedback (any block).
    pub fn materials(&self) -> Vec<&Material> {
        let mut out = Vec::new();
        for b in &self.blocks {
            match b {
                FeedbackBlock::FlowMat(m) | FeedbackBlock::Solution(m) | FeedbackBlock::Hint(m) => {
                    out.extend(m.iter());
                }
                FeedbackBlock::Material(m) => out.push(m),
                FeedbackBlock::Other(_) => {}
            }
        }
        out
    }
}

/// `<item>`: one question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Item {
    /// `ident`.
    pub ident: String,
    /// `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `<itemmetadata><qtimetadata>` fields (`cc_profile`, `cc_weighting`…).
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// Whether an `<itemmetadata>` element was present.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub has_itemmetadata: bool,
    /// Children of `<itemmetadata>` other than `qtimetadata` (Canvas, old-style `qmd_*`), kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata_extensions: Vec<Element>,
    /// `<presentation>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentation: Option<Presentation>,
    /// `<resprocessing>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resprocessing: Vec<ResProcessing>,
    /// `<itemfeedback>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<ItemFeedback>,
    /// Other attributes (`xml:lang`, `label`, `maxattempts`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Other children (`qticomment`, `rubric`, `itemcontrol`…), kept and written after
    /// `itemmetadata`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl Item {
    /// The question profile (`cc_profile`).
    pub fn profile(&self) -> Option<QuestionProfile> {
        self.metadata.get("cc_profile").map(QuestionProfile::parse)
    }

    /// The responses of the presentation.
    pub fn responses(&self) -> Vec<&Response> {
        self.presentation
            .as_ref()
            .map(Presentation::responses)
            .unwrap_or_default()
    }

    /// Every condition of every `respcondition`, nested ones included.
    pub fn all_conditions(&self) -> Vec<&Condition> {
        let mut out = Vec::new();
        for rp in &self.resprocessing {
            for rc in &rp.conditions {
                for c in &rc.conditions {
                    c.walk(&mut |x| out.push(x));
                }
            }
        }
        out
    }

    /// Every `displayfeedback`.
    pub fn display_feedback(&self) -> Vec<&DisplayFeedback> {
        self.resprocessing
            .iter()
            .flat_map(|rp| rp.conditions.iter())
            .flat_map(|rc| rc.feedback.iter())
            .collect()
    }

    /// The `itemfeedback` with this ident.
    pub fn feedback_by_ident(&self, ident: &str) -> Option<&ItemFeedback> {
        self.feedback.iter().find(|f| f.ident == ident)
    }
}

/// `<section>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Section {
    /// `ident`.
    pub ident: String,
    /// `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `<qtimetadata>` fields.
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// Items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// Nested sections (outside the CC profile).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Self>,
    /// Other attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Other children (`selection_ordering`, `sectionref`, `itemref`…), kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl Section {
    /// Every item of this section and its sub-sections.
    pub fn all_items(&self) -> Vec<&Item> {
        let mut out: Vec<&Item> = self.items.iter().collect();
        for s in &self.sections {
            out.extend(s.all_items());
        }
        out
    }
}

/// `<assessment>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Assessment {
    /// `ident`.
    pub ident: String,
    /// `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `<qtimetadata>` fields (`cc_profile = cc.exam.v0p1`, `qmd_timelimit`…).
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// `<rubric>`, kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric: Option<Element>,
    /// `<presentation_material>`, kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentation_material: Option<Element>,
    /// Sections (the CC profile has exactly one).
    pub sections: Vec<Section>,
    /// Other attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Other children, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `<objectbank>`: a question bank.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ObjectBank {
    /// `ident`.
    pub ident: String,
    /// `<qtimetadata>` fields.
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// Items.
    pub items: Vec<Item>,
    /// Sections (outside the CC profile).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Other attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Other children, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// A `questestinterop` document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Questestinterop {
    /// Assessments (the CC profile has exactly one assessment or one object bank).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessments: Vec<Assessment>,
    /// Object banks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub object_banks: Vec<ObjectBank>,
    /// Sections at the root (QTI 1.2 outside the CC profile).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Items at the root (QTI 1.2 outside the CC profile).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// The root namespace (`http://www.imsglobal.org/xsd/ims_qtiasiv1p2`, or none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Root attributes (`xsi:schemaLocation`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Other children (`qticomment`), kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
}

impl Questestinterop {
    /// The title of the assessment (or the first item), if any.
    pub fn title(&self) -> Option<&str> {
        self.assessments
            .first()
            .and_then(|a| a.title.as_deref())
            .or_else(|| self.items.first().and_then(|i| i.title.as_deref()))
    }

    /// Every item of the document, in document order.
    pub fn all_items(&self) -> Vec<&Item> {
        let mut out = Vec::new();
        for a in &self.assessments {
            for s in &a.sections {
                out.extend(s.all_items());
            }
        }
        for b in &self.object_banks {
            out.extend(b.items.iter());
            for s in &b.sections {
                out.extend(s.all_items());
            }
        }
        for s in &self.sections {
            out.extend(s.all_items());
        }
        out.extend(self.items.iter());
        out
    }

    /// The namespace to write.
    pub(crate) fn write_namespace(&self) -> Option<Namespace> {
        self.namespace.as_deref().map(Namespace::new)
    }
}
