//! Interactions and their choices (QTI info model §7 "Interactions"; 3.0 adds the portable custom
//! interaction).

use lti_core::xml::{Attribute, Node, Span};
use serde::{Deserialize, Serialize};

use crate::content::{BodyNode, Stylesheet};
use crate::value::{Coords, Float, Identifier, Shape, ShowHide};

/// An interaction: the response variable it sets, its kind with typed attributes and choices,
/// and its other attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Interaction {
    /// `responseIdentifier`.
    pub response_identifier: Identifier,
    /// The kind, with its own attributes and children.
    pub kind: InteractionKind,
    /// `prompt` (block interactions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<Prompt>,
    /// The other attributes (`id`, `class`, `xml:lang`, `label`, `data-*`, `aria-*`…), in
    /// input order. QTI attribute names are canonical (2.x camelCase).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// Children this crate does not place elsewhere (kept, written last).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_children: Vec<BodyNode>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl Interaction {
    /// An interaction without prompt or extra attributes.
    pub fn new(response_identifier: impl Into<Identifier>, kind: InteractionKind) -> Self {
        Self {
            response_identifier: response_identifier.into(),
            kind,
            prompt: None,
            attributes: Vec::new(),
            other_children: Vec::new(),
            span: Span::default(),
        }
    }

    /// The canonical (2.x) element name (`qti-portable-custom-interaction` for PCI).
    pub const fn element_name(&self) -> &'static str {
        self.kind.element_name()
    }

    /// Every choice of the interaction (match sets flattened; gaps and hottexts inside its
    /// content included).
    pub fn choices(&self) -> Vec<&Choice> {
        let mut out: Vec<&Choice> = Vec::new();
        match &self.kind {
            InteractionKind::Choice(c) | InteractionKind::Order(c) => out.extend(&c.choices),
            InteractionKind::Associate(a) => out.extend(&a.choices),
            InteractionKind::Match(m) => {
                for s in &m.match_sets {
                    out.extend(&s.choices);
                }
            }
            InteractionKind::GapMatch(g) => out.extend(&g.choices),
            InteractionKind::InlineChoice(i) => out.extend(&i.choices),
            InteractionKind::Hotspot(g) | InteractionKind::GraphicOrder(g) => {
                out.extend(&g.choices);
            }
            InteractionKind::GraphicAssociate(g) => out.extend(&g.choices),
            InteractionKind::GraphicGapMatch(g) => {
                out.extend(&g.gap_choices);
                out.extend(&g.hotspots);
            }
            _ => {}
        }
        for part in self.content_parts() {
            crate::content::walk_body(part, &mut |n| {
                if let BodyNode::Choice(c) = n
                    && matches!(c.kind, ChoiceKind::Gap | ChoiceKind::Hottext)
                {
                    out.push(c);
                }
            });
        }
        out
    }

    /// The body-content parts of the interaction (prompt, choice content, block content,
    /// object), for walking.
    pub fn content_parts(&self) -> Vec<&[BodyNode]> {
        let mut out: Vec<&[BodyNode]> = Vec::new();
        if let Some(p) = &self.prompt {
            out.push(&p.content);
        }
        match &self.kind {
            InteractionKind::Choice(c) | InteractionKind::Order(c) => {
                push_choice_parts(&c.choices, &mut out);
            }
            InteractionKind::Associate(a) => push_choice_parts(&a.choices, &mut out),
            InteractionKind::Match(m) => {
                for s in &m.match_sets {
                    push_choice_parts(&s.choices, &mut out);
                }
            }
            InteractionKind::GapMatch(g) => {
                push_choice_parts(&g.choices, &mut out);
                out.push(&g.content);
            }
            InteractionKind::InlineChoice(i) => {
                push_choice_parts(&i.choices, &mut out);
                if let Some(l) = &i.label {
                    out.push(&l.content);
                }
            }
            InteractionKind::Hottext(h) => out.push(&h.content),
            InteractionKind::Hotspot(g) | InteractionKind::GraphicOrder(g) => {
                out.extend(g.object.as_ref().map(std::slice::from_ref));
            }
            InteractionKind::GraphicAssociate(g) => {
                out.extend(g.object.as_ref().map(std::slice::from_ref));
            }
            InteractionKind::GraphicGapMatch(g) => {
                out.extend(g.object.as_ref().map(std::slice::from_ref));
                push_choice_parts(&g.gap_choices, &mut out);
            }
            InteractionKind::SelectPoint(o)
            | InteractionKind::PositionObject(o)
            | InteractionKind::Drawing(o) => {
                out.extend(o.object.as_ref().map(std::slice::from_ref));
            }
            InteractionKind::Media(m) => out.extend(m.object.as_ref().map(std::slice::from_ref)),
            InteractionKind::PortableCustom(p) => {
                if let Some(m) = &p.interaction_markup {
                    out.push(m);
                }
            }
            _ => {}
        }
        out.push(&self.other_children);
        out
    }
}

/// `prompt` (also used for 3.0 `qti-label` of an inline choice interaction).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Prompt {
    /// The attributes, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// The content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<BodyNode>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `orientation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Orientation {
    /// `horizontal`.
    Horizontal,
    /// `vertical`.
    Vertical,
}

impl Orientation {
    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Horizontal => "horizontal",
            Self::Vertical => "vertical",
        }
    }

    /// Parses the XML value.
    pub fn parse(s: &str) -> Option<Self> {
        match lti_core::xml::attr::trim_xml(s) {
            "horizontal" => Some(Self::Horizontal),
            "vertical" => Some(Self::Vertical),
            _ => None,
        }
    }
}

/// `extendedTextInteraction/@format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum TextFormat {
    /// `plain`.
    Plain,
    /// `preformatted`.
    Preformatted,
    /// `xhtml`.
    Xhtml,
}

impl TextFormat {
    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Plain => "plain",
            Self::Preformatted => "preformatted",
            Self::Xhtml => "xhtml",
        }
    }

    /// Parses the XML value.
    pub fn parse(s: &str) -> Option<Self> {
        match lti_core::xml::attr::trim_xml(s) {
            "plain" => Some(Self::Plain),
            "preformatted" => Some(Self::Preformatted),
            "xhtml" => Some(Self::Xhtml),
            _ => None,
        }
    }
}

/// Which choice element a [`Choice`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ChoiceKind {
    /// `simpleChoice` (choice and order interactions).
    SimpleChoice,
    /// `simpleAssociableChoice` (associate interactions and match sets).
    SimpleAssociableChoice,
    /// `gapText`.
    GapText,
    /// `gapImg`.
    GapImg,
    /// `gap` (in the content of a gap match interaction).
    Gap,
    /// `hottext` (in the content of a hottext interaction).
    Hottext,
    /// `hotspotChoice`.
    HotspotChoice,
    /// `associableHotspot`.
    AssociableHotspot,
    /// `inlineChoice`.
    InlineChoice,
}

impl ChoiceKind {
    /// The canonical (2.x) element name.
    pub const fn element_name(self) -> &'static str {
        match self {
            Self::SimpleChoice => "simpleChoice",
            Self::SimpleAssociableChoice => "simpleAssociableChoice",
            Self::GapText => "gapText",
            Self::GapImg => "gapImg",
            Self::Gap => "gap",
            Self::Hottext => "hottext",
            Self::HotspotChoice => "hotspotChoice",
            Self::AssociableHotspot => "associableHotspot",
            Self::InlineChoice => "inlineChoice",
        }
    }

    /// The kind for a canonical element name.
    pub fn from_element_name(name: &str) -> Option<Self> {
        Some(match name {
            "simpleChoice" => Self::SimpleChoice,
            "simpleAssociableChoice" => Self::SimpleAssociableChoice,
            "gapText" => Self::GapText,
            "gapImg" => Self::GapImg,
            "gap" => Self::Gap,
            "hottext" => Self::Hottext,
            "hotspotChoice" => Self::HotspotChoice,
            "associableHotspot" => Self::AssociableHotspot,
            "inlineChoice" => Self::InlineChoice,
            _ => return None,
        })
    }

    /// Whether this choice takes part in associations (`matchMax`, `matchMin`).
    pub const fn is_associable(self) -> bool {
        matches!(
            self,
            Self::SimpleAssociableChoice | Self::GapText | Self::GapImg | Self::AssociableHotspot
        )
    }
}

/// A choice of any kind. Which fields apply depends on [`Choice::kind`]: `matchMax`,
/// `matchMin` and `matchGroup` for associable choices; `shape`, `coords`, `hotspotLabel` for
/// hotspots; `objectLabel`, `top`, `left` and the object for `gapImg`; `required` for `gap`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Choice {
    /// Which element.
    pub kind: ChoiceKind,
    /// `identifier`.
    pub identifier: Identifier,
    /// `fixed` (not moved by shuffling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<bool>,
    /// `templateIdentifier`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_identifier: Option<Identifier>,
    /// `showHide`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_hide: Option<ShowHide>,
    /// `matchMax`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_max: Option<u32>,
    /// `matchMin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_min: Option<u32>,
    /// `matchGroup` (deprecated in 2.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_group: Option<Vec<Identifier>>,
    /// `shape`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Shape>,
    /// `coords`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coords: Option<Coords>,
    /// `hotspotLabel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotspot_label: Option<String>,
    /// `objectLabel` (`gapImg`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_label: Option<String>,
    /// `top` (`gapImg`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<String>,
    /// `left` (`gapImg`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<String>,
    /// `required` (`gap`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// The other attributes, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// The content (text and inline/flow content; for `gapImg` the `object`/`img`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<BodyNode>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl Choice {
    /// A choice with the given content and no other attributes.
    pub fn new(
        kind: ChoiceKind,
        identifier: impl Into<Identifier>,
        content: Vec<BodyNode>,
    ) -> Self {
        Self {
            kind,
            identifier: identifier.into(),
            fixed: None,
            template_identifier: None,
            show_hide: None,
            match_max: None,
            match_min: None,
            match_group: None,
            shape: None,
            coords: None,
            hotspot_label: None,
            object_label: None,
            top: None,
            left: None,
            required: None,
            attributes: Vec::new(),
            content,
            span: Span::default(),
        }
    }
}

/// `simpleMatchSet`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MatchSet {
    /// The attributes (`id`), in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// The `simpleAssociableChoice`s.
    pub choices: Vec<Choice>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `choiceInteraction` and `orderInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChoiceInteraction {
    /// `shuffle`.
    pub shuffle: Option<bool>,
    /// `maxChoices` (choice: default 1; order: unlimited when absent).
    pub max_choices: Option<u32>,
    /// `minChoices`.
    pub min_choices: Option<u32>,
    /// `orientation`.
    pub orientation: Option<Orientation>,
    /// The `simpleChoice`s.
    pub choices: Vec<Choice>,
}

/// `associateInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssociateInteraction {
    /// `shuffle`.
    pub shuffle: Option<bool>,
    /// `maxAssociations` (default 1).
    pub max_associations: Option<u32>,
    /// `minAssociations`.
    pub min_associations: Option<u32>,
    /// The `simpleAssociableChoice`s.
    pub choices: Vec<Choice>,
}

/// `matchInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MatchInteraction {
    /// `shuffle`.
    pub shuffle: Option<bool>,
    /// `maxAssociations` (default 1).
    pub max_associations: Option<u32>,
    /// `minAssociations`.
    pub min_associations: Option<u32>,
    /// The two `simpleMatchSet`s (sources, then targets).
    pub match_sets: Vec<MatchSet>,
}

/// `gapMatchInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GapMatchInteraction {
    /// `shuffle`.
    pub shuffle: Option<bool>,
    /// `maxAssociations` (2.2+).
    pub max_associations: Option<u32>,
    /// `minAssociations` (2.2+).
    pub min_associations: Option<u32>,
    /// The `gapText` / `gapImg` choices.
    pub choices: Vec<Choice>,
    /// The block content holding the `gap`s.
    pub content: Vec<BodyNode>,
}

/// `inlineChoiceInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InlineChoiceInteraction {
    /// `shuffle`.
    pub shuffle: Option<bool>,
    /// `required`.
    pub required: Option<bool>,
    /// `minChoices` (3.0).
    pub min_choices: Option<u32>,
    /// `label` (2.2) / `qti-label` (3.0).
    pub label: Option<Prompt>,
    /// The `inlineChoice`s.
    pub choices: Vec<Choice>,
}

/// `textEntryInteraction` and `extendedTextInteraction` (the `max/minStrings`,
/// `expectedLines` and block `format` apply to the extended form).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TextInteraction {
    /// `base` (number base of numeric responses).
    pub base: Option<i64>,
    /// `stringIdentifier`: a second response receiving the raw string.
    pub string_identifier: Option<Identifier>,
    /// `expectedLength`.
    pub expected_length: Option<u32>,
    /// `patternMask`.
    pub pattern_mask: Option<String>,
    /// `placeholderText`.
    pub placeholder_text: Option<String>,
    /// `format` (text entry in 2.2/3.0: free text; extended text: plain, preformatted, xhtml).
    pub format: Option<String>,
    /// `maxStrings` (extended).
    pub max_strings: Option<u32>,
    /// `minStrings` (extended).
    pub min_strings: Option<u32>,
    /// `expectedLines` (extended).
    pub expected_lines: Option<u32>,
}

/// `hottextInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HottextInteraction {
    /// `maxChoices` (default 1).
    pub max_choices: Option<u32>,
    /// `minChoices`.
    pub min_choices: Option<u32>,
    /// The block content holding the `hottext`s.
    pub content: Vec<BodyNode>,
}

/// `hotspotInteraction` and `graphicOrderInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GraphicChoiceInteraction {
    /// `maxChoices`.
    pub max_choices: Option<u32>,
    /// `minChoices`.
    pub min_choices: Option<u32>,
    /// The image (`object`, or in 3.0 `img` / `picture`).
    pub object: Option<BodyNode>,
    /// The `hotspotChoice`s.
    pub choices: Vec<Choice>,
}

/// `graphicAssociateInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GraphicAssociateInteraction {
    /// `maxAssociations` (default 1).
    pub max_associations: Option<u32>,
    /// `minAssociations`.
    pub min_associations: Option<u32>,
    /// The image.
    pub object: Option<BodyNode>,
    /// The `associableHotspot`s.
    pub choices: Vec<Choice>,
}

/// `graphicGapMatchInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GraphicGapMatchInteraction {
    /// `maxAssociations` (2.2+).
    pub max_associations: Option<u32>,
    /// `minAssociations` (2.2+).
    pub min_associations: Option<u32>,
    /// The image.
    pub object: Option<BodyNode>,
    /// The `gapText` / `gapImg` choices.
    pub gap_choices: Vec<Choice>,
    /// The `associableHotspot`s.
    pub hotspots: Vec<Choice>,
}

/// `selectPointInteraction`, `positionObjectInteraction`, `drawingInteraction`: an image and
/// choice counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ObjectInteraction {
    /// `maxChoices` (select point, position object).
    pub max_choices: Option<u32>,
    /// `minChoices`.
    pub min_choices: Option<u32>,
    /// `centrePoint` (2.x) / `center-point` (3.0), position object only.
    pub centre_point: Option<Vec<i64>>,
    /// The image (`object`, or in 3.0 `img` / `picture`).
    pub object: Option<BodyNode>,
}

/// `sliderInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SliderInteraction {
    /// `lowerBound`.
    pub lower_bound: Float,
    /// `upperBound`.
    pub upper_bound: Float,
    /// `step`.
    pub step: Option<Float>,
    /// `stepLabel`.
    pub step_label: Option<bool>,
    /// `orientation`.
    pub orientation: Option<Orientation>,
    /// `reverse`.
    pub reverse: Option<bool>,
}

/// `mediaInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MediaInteraction {
    /// `autostart`.
    pub autostart: bool,
    /// `minPlays`.
    pub min_plays: Option<u32>,
    /// `maxPlays`.
    pub max_plays: Option<u32>,
    /// `loop`.
    pub loop_: Option<bool>,
    /// `coords` (3.0).
    pub coords: Option<Coords>,
    /// The media (`object`, or in 3.0 `audio` / `video`).
    pub object: Option<BodyNode>,
}

/// `endAttemptInteraction`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EndAttemptInteraction {
    /// `title`: the button label.
    pub title: String,
    /// `countAttempt` (2.2+; default true).
    pub count_attempt: Option<bool>,
}

/// `qti-interaction-module` of a PCI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InteractionModule {
    /// `id`.
    pub id: String,
    /// `primary-path`.
    pub primary_path: Option<String>,
    /// `fallback-path`.
    pub fallback_path: Option<String>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
}

/// `qti-interaction-modules` of a PCI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InteractionModules {
    /// `primary-configuration`.
    pub primary_configuration: Option<String>,
    /// `secondary-configuration`.
    pub secondary_configuration: Option<String>,
    /// The modules.
    pub modules: Vec<InteractionModule>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
}

/// `qti-portable-custom-interaction` (3.0).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PortableCustomInteraction {
    /// `custom-interaction-type-identifier`.
    pub custom_interaction_type_identifier: String,
    /// `module`.
    pub module: Option<String>,
    /// `qti-interaction-modules`.
    pub interaction_modules: Option<InteractionModules>,
    /// The content of `qti-interaction-markup`.
    pub interaction_markup: Option<Vec<BodyNode>>,
    /// `qti-template-variable/@template-identifier`s.
    pub template_variables: Vec<Identifier>,
    /// `qti-context-variable/@identifier`s.
    pub context_variables: Vec<Identifier>,
    /// `qti-stylesheet`s.
    pub stylesheets: Vec<Stylesheet>,
}

/// The kind of an [`Interaction`], with its typed attributes and children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum InteractionKind {
    /// `choiceInteraction`.
    Choice(ChoiceInteraction),
    /// `orderInteraction`.
    Order(ChoiceInteraction),
    /// `associateInteraction`.
    Associate(AssociateInteraction),
    /// `matchInteraction`.
    Match(MatchInteraction),
    /// `gapMatchInteraction`.
    GapMatch(GapMatchInteraction),
    /// `inlineChoiceInteraction`.
    InlineChoice(InlineChoiceInteraction),
    /// `textEntryInteraction`.
    TextEntry(TextInteraction),
    /// `extendedTextInteraction`.
    ExtendedText(TextInteraction),
    /// `hottextInteraction`.
    Hottext(HottextInteraction),
    /// `hotspotInteraction`.
    Hotspot(GraphicChoiceInteraction),
    /// `selectPointInteraction`.
    SelectPoint(ObjectInteraction),
    /// `graphicOrderInteraction`.
    GraphicOrder(GraphicChoiceInteraction),
    /// `graphicAssociateInteraction`.
    GraphicAssociate(GraphicAssociateInteraction),
    /// `graphicGapMatchInteraction`.
    GraphicGapMatch(GraphicGapMatchInteraction),
    /// `positionObjectInteraction` (inside a `positionObjectStage`).
    PositionObject(ObjectInteraction),
    /// `sliderInteraction`.
    Slider(SliderInteraction),
    /// `drawingInteraction`.
    Drawing(ObjectInteraction),
    /// `uploadInteraction`.
    Upload {
        /// `type`: the expected MIME type(s).
        type_: Option<String>,
    },
    /// `mediaInteraction`.
    Media(MediaInteraction),
    /// `endAttemptInteraction`.
    EndAttempt(EndAttemptInteraction),
    /// `customInteraction`: its content is any XML, kept as a tree.
    Custom {
        /// The content.
        content: Vec<Node>,
    },
    /// `qti-portable-custom-interaction` (3.0).
    PortableCustom(Box<PortableCustomInteraction>),
}

impl InteractionKind {
    /// The canonical (2.x) element name.
    pub const fn element_name(&self) -> &'static str {
        match self {
            Self::Choice(_) => "choiceInteraction",
            Self::Order(_) => "orderInteraction",
            Self::Associate(_) => "associateInteraction",
            Self::Match(_) => "matchInteraction",
            Self::GapMatch(_) => "gapMatchInteraction",
            Self::InlineChoice(_) => "inlineChoiceInteraction",
            Self::TextEntry(_) => "textEntryInteraction",
            Self::ExtendedText(_) => "extendedTextInteraction",
            Self::Hottext(_) => "hottextInteraction",
            Self::Hotspot(_) => "hotspotInteraction",
            Self::SelectPoint(_) => "selectPointInteraction",
            Self::GraphicOrder(_) => "graphicOrderInteraction",
            Self::GraphicAssociate(_) => "graphicAssociateInteraction",
            Self::GraphicGapMatch(_) => "graphicGapMatchInteraction",
            Self::PositionObject(_) => "positionObjectInteraction",
            Self::Slider(_) => "sliderInteraction",
            Self::Drawing(_) => "drawingInteraction",
            Self::Upload { .. } => "uploadInteraction",
            Self::Media(_) => "mediaInteraction",
            Self::EndAttempt(_) => "endAttemptInteraction",
            Self::Custom { .. } => "customInteraction",
            Self::PortableCustom(_) => "qti-portable-custom-interaction",
        }
    }

    /// Whether the element is an interaction (by canonical name).
    pub fn is_interaction_name(name: &str) -> bool {
        matches!(
            name,
            "choiceInteraction"
                | "orderInteraction"
                | "associateInteraction"
                | "matchInteraction"
                | "gapMatchInteraction"
                | "inlineChoiceInteraction"
                | "textEntryInteraction"
                | "extendedTextInteraction"
                | "hottextInteraction"
                | "hotspotInteraction"
                | "selectPointInteraction"
                | "graphicOrderInteraction"
                | "graphicAssociateInteraction"
                | "graphicGapMatchInteraction"
                | "positionObjectInteraction"
                | "sliderInteraction"
                | "drawingInteraction"
                | "uploadInteraction"
                | "mediaInteraction"
                | "endAttemptInteraction"
                | "customInteraction"
                | "qti-portable-custom-interaction"
        )
    }
}

/// `positionObjectStage`: an image and the position object interactions placed on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PositionObjectStage {
    /// The attributes (`id`), in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// The stage image (`object`, or in 3.0 `img` / `picture`).
    pub object: BodyNode,
    /// The `positionObjectInteraction`s (as [`BodyNode::Interaction`] nodes).
    pub interactions: Vec<BodyNode>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

fn push_choice_parts<'a>(cs: &'a [Choice], out: &mut Vec<&'a [BodyNode]>) {
    for c in cs {
        out.push(&c.content);
    }
}
