//! Item body content (QTI info model §6 "Content Model", §7 "Interactions" for choices, §9
//! "Feedback", §10 "Template content"): mixed XHTML/HTML5 content kept losslessly, with QTI's own
//! elements typed where they appear.

use lti_core::xml::{Attribute, Element, Name, Span};
use serde::{Deserialize, Serialize};

use crate::catalog::CatalogInfo;
use crate::interactions::{Choice, Interaction, PositionObjectStage};
use crate::value::{Identifier, IntOrRef, ShowHide, View};

/// HTML element names of the QTI 2.1, 2.2 and 3.0 content models.
pub const HTML_NAMES: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "kbd",
    "label",
    "li",
    "nav",
    "object",
    "ol",
    "p",
    "param",
    "picture",
    "pre",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "samp",
    "section",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "template",
    "tfoot",
    "th",
    "thead",
    "tr",
    "track",
    "tt",
    "ul",
    "var",
    "video",
];

/// Elements of the QTI 2.2 HTML5 namespace (`qh5:`).
pub const HTML5_NAMES_V2P2: &[&str] = &[
    "article",
    "aside",
    "audio",
    "bdi",
    "figcaption",
    "figure",
    "footer",
    "header",
    "label",
    "nav",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "section",
    "source",
    "track",
    "video",
];

/// Whether a local name is an HTML element of the content model.
pub fn is_html_name(name: &str) -> bool {
    // Looked up for every body element: a hash set, not a binary search of string compares.
    static SET: std::sync::OnceLock<std::collections::HashSet<&str, foldhash::fast::FixedState>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| HTML_NAMES.iter().copied().collect())
        .contains(name)
}

/// HTML elements only QTI 3.0 has.
pub const V3_ONLY_HTML: &[&str] = &["details", "picture", "summary", "template"];

/// Whether the HTML element `name` exists in QTI `v`: the 2.2 HTML5 elements
/// ([`HTML5_NAMES_V2P2`]) do not in 2.0 and 2.1, the [`V3_ONLY_HTML`] ones not before 3.0. The
/// reader keeps one that does not as written (unknown there); a conversion to a version without
/// it keeps its content only (`qti.convert.html-unwrapped`).
pub fn html_exists_in(name: &str, v: crate::Version) -> bool {
    (v.is_v3() || !V3_ONLY_HTML.contains(&name))
        && (v.has_2_2_additions() || !HTML5_NAMES_V2P2.contains(&name))
}

/// A node of body content (`itemBody`, prompts, choices, feedback, rubric blocks, stimulus bodies…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "camelCase")]
#[non_exhaustive]
pub enum BodyNode {
    /// Character data (a compact string: the short runs between elements, mostly whitespace,
    /// are held inline without an allocation).
    Text(Name),
    /// A CDATA section.
    CData(Name),
    /// A comment.
    Comment(String),
    /// A processing instruction.
    ProcessingInstruction {
        /// The target.
        target: String,
        /// The data.
        data: String,
    },
    /// An (X)HTML element (`p`, `div`, `img`, `object`, `table`, HTML5 `audio`…), by local name.
    Html(Box<HtmlElement>),
    /// An interaction.
    Interaction(Box<Interaction>),
    /// `feedbackBlock`.
    FeedbackBlock(Box<ConditionalContent>),
    /// `feedbackInline`.
    FeedbackInline(Box<ConditionalContent>),
    /// `templateBlock`.
    TemplateBlock(Box<ConditionalContent>),
    /// `templateInline`.
    TemplateInline(Box<ConditionalContent>),
    /// `printedVariable`.
    PrintedVariable(Box<PrintedVariable>),
    /// `rubricBlock`.
    RubricBlock(Box<RubricBlock>),
    /// `infoControl` (2.1, 2.2; no 3.0 equivalent).
    InfoControl(Box<InfoControl>),
    /// `positionObjectStage`.
    PositionObjectStage(Box<PositionObjectStage>),
    /// A `stylesheet` inside the mixed content of a QTI 2.x block (rubric block, feedback
    /// block, template block, modal or test feedback), kept in place.
    Stylesheet(Box<Stylesheet>),
    /// `gap` (inside a `gapMatchInteraction`) or `hottext` (inside a `hottextInteraction`).
    Choice(Box<Choice>),
    /// Anything else, kept as a tree: MathML, `xi:include`, SSML, elements of other namespaces,
    /// and QTI elements out of place.
    Foreign(Box<Element>),
}

impl BodyNode {
    /// A text node.
    pub fn text(t: impl Into<Name>) -> Self {
        Self::Text(t.into())
    }

    /// Whether this is a text node of XML whitespace only.
    pub fn is_whitespace(&self) -> bool {
        matches!(self, Self::Text(t) if crate::schema::is_xml_whitespace(t))
    }
}

/// An (X)HTML element of body content. Its attributes are kept as written (in input order); its
/// children are body content, so interactions and feedback inside it are typed too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HtmlElement {
    /// The local name (`p`, `img`, `video`…). QTI 2.2 HTML5 elements (`qh5:` namespace) and
    /// the same elements in 3.0 have the same name here; the writer picks the namespace.
    /// (A [`Name`]: HTML names are short, so they are held inline, without an allocation.)
    pub name: Name,
    /// The attributes in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// The children.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<BodyNode>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl HtmlElement {
    /// An element without attributes or children.
    pub fn new(name: impl Into<Name>) -> Self {
        Self {
            name: name.into(),
            attributes: Vec::new(),
            children: Vec::new(),
            span: Span::default(),
        }
    }

    /// The value of the no-namespace attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        attr(&self.attributes, name)
    }
}

/// The value of the no-namespace attribute `name` in a list.
pub fn attr<'a>(attributes: &'a [Attribute], name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|a| a.name.ns.is_none() && a.name.local == name)
        .map(|a| a.value.as_str())
}

/// `feedbackBlock`, `feedbackInline`, `templateBlock`, `templateInline`: content shown or hidden
/// by the value of a variable (an outcome for feedback, a template variable for template
/// content).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConditionalContent {
    /// `outcomeIdentifier` (feedback) or `templateIdentifier` (template content).
    pub variable: Identifier,
    /// `identifier`: the value that shows (or hides) the content.
    pub identifier: Identifier,
    /// `showHide` (default `show`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_hide: Option<ShowHide>,
    /// The other attributes (`id`, `class`, `xml:lang`, `label`, …), in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// `stylesheet`s (2.2 block forms; 3.0 block forms `qti-stylesheet`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stylesheets: Vec<Stylesheet>,
    /// The content (in 3.0 block forms, the content of `qti-content-body`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<BodyNode>,
    /// `qti-catalog-info` (3.0 block forms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_info: Option<CatalogInfo>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `printedVariable`: the value of an outcome or template variable shown in content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrintedVariable {
    /// `identifier`.
    pub identifier: Identifier,
    /// `format` (printf-style).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// `base` (number base, or a template variable reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<IntOrRef>,
    /// `index` (for containers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<IntOrRef>,
    /// `powerForm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_form: Option<bool>,
    /// `field` (for records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// `delimiter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// `mappingIndicator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping_indicator: Option<String>,
    /// The other attributes, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `rubricBlock`: content for particular views (in items and in test sections).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RubricBlock {
    /// `view`.
    pub view: Vec<View>,
    /// `use`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// The other attributes, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// `stylesheet`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stylesheets: Vec<Stylesheet>,
    /// The content (3.0: of `qti-content-body`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<BodyNode>,
    /// `qti-catalog-info` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_info: Option<CatalogInfo>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `infoControl` (2.1, 2.2): content revealed on demand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InfoControl {
    /// `title`.
    pub title: String,
    /// The other attributes, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// The content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<BodyNode>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `stylesheet`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Stylesheet {
    /// `href`.
    pub href: String,
    /// `type` (`text/css`).
    pub type_: String,
    /// `media`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
    /// `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl Stylesheet {
    /// A CSS stylesheet reference.
    pub fn css(href: impl Into<String>) -> Self {
        Self {
            href: href.into(),
            type_: "text/css".to_owned(),
            media: None,
            title: None,
            other_attributes: Vec::new(),
            span: Span::default(),
        }
    }
}

/// `itemBody`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ItemBody {
    /// The attributes (`id`, `class`, `xml:lang`, `label`, `dir`…), in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// The content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<BodyNode>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `modalFeedback` of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ModalFeedback {
    /// `outcomeIdentifier`.
    pub outcome_identifier: Identifier,
    /// `identifier`.
    pub identifier: Identifier,
    /// `showHide`.
    pub show_hide: ShowHide,
    /// `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `stylesheet`s (2.2 and 3.0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stylesheets: Vec<Stylesheet>,
    /// The content (3.0: of `qti-content-body`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<BodyNode>,
    /// `qti-catalog-info` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_info: Option<CatalogInfo>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// Visits body content depth-first: every node, including the content of interactions, choices,
/// feedback and HTML elements.
pub fn walk_body<'a>(nodes: &'a [BodyNode], f: &mut dyn FnMut(&'a BodyNode)) {
    for n in nodes {
        f(n);
        match n {
            BodyNode::Html(h) => walk_body(&h.children, f),
            BodyNode::Interaction(i) => {
                for part in i.content_parts() {
                    walk_body(part, f);
                }
            }
            BodyNode::FeedbackBlock(c)
            | BodyNode::FeedbackInline(c)
            | BodyNode::TemplateBlock(c)
            | BodyNode::TemplateInline(c) => walk_body(&c.content, f),
            BodyNode::RubricBlock(r) => walk_body(&r.content, f),
            BodyNode::InfoControl(i) => walk_body(&i.content, f),
            BodyNode::PositionObjectStage(s) => {
                walk_body(std::slice::from_ref(&s.object), f);
                walk_body(&s.interactions, f);
            }
            BodyNode::Choice(c) => walk_body(&c.content, f),
            _ => {}
        }
    }
}
