//! Reading body content: (X)HTML kept losslessly, interactions and choices, feedback, template
//! content, rubric blocks, stylesheets and 3.0 catalogs and companion materials.

use lti_core::xml::{Event, Name, Node, StartTag, XmlError};

use super::Rd;
use crate::catalog::{
    Card, Catalog, CatalogInfo, CompanionMaterial, CompanionMaterialsInfo, FileHref, FileInfo,
    HtmlContent, Measure, Scale,
};
use crate::content::{
    BodyNode, ConditionalContent, HtmlElement, InfoControl, ItemBody, ModalFeedback,
    PrintedVariable, RubricBlock, Stylesheet,
};
use crate::content::{html_exists_in, is_html_name};
use crate::interactions::{
    AssociateInteraction, Choice, ChoiceInteraction, ChoiceKind, EndAttemptInteraction,
    GapMatchInteraction, GraphicAssociateInteraction, GraphicChoiceInteraction,
    GraphicGapMatchInteraction, HottextInteraction, InlineChoiceInteraction, Interaction,
    InteractionKind, InteractionModule, InteractionModules, MatchInteraction, MatchSet,
    MediaInteraction, ObjectInteraction, Orientation, PortableCustomInteraction,
    PositionObjectStage, Prompt, SliderInteraction, TextInteraction,
};
use crate::value::{Coords, Float, IntOrRef, Shape, ShowHide, View};

/// The stylesheets, content and catalog of a block container.
type BlockParts = (Vec<Stylesheet>, Vec<BodyNode>, Option<CatalogInfo>);

/// The collected children of an interaction.
#[derive(Default)]
struct Parts {
    prompt: Option<Prompt>,
    choices: Vec<Choice>,
    hotspots: Vec<Choice>,
    match_sets: Vec<MatchSet>,
    object: Option<BodyNode>,
    label: Option<Prompt>,
    content: Vec<BodyNode>,
    other: Vec<BodyNode>,
    modules: Option<InteractionModules>,
    markup: Option<Vec<BodyNode>>,
    template_variables: Vec<crate::value::Identifier>,
    context_variables: Vec<crate::value::Identifier>,
    stylesheets: Vec<Stylesheet>,
}

fn is_object_name(n: &str) -> bool {
    matches!(n, "object" | "img" | "picture" | "audio" | "video")
}

/// A content event other than an element as a body node (see [`Event::take_node`]).
fn body_leaf(ev: &mut Event<'_>) -> Option<BodyNode> {
    // Text and CDATA straight from the event (short runs inline, no allocation); comments and
    // processing instructions as tree nodes.
    match ev {
        Event::Text(t) => return Some(BodyNode::Text(Name::from(std::mem::take(t)))),
        Event::CData(t) => return Some(BodyNode::CData(Name::from(std::mem::take(t)))),
        _ => {}
    }
    Some(match ev.take_node()? {
        Node::Comment(t) => BodyNode::Comment(t),
        Node::ProcessingInstruction { target, data } => {
            BodyNode::ProcessingInstruction { target, data }
        }
        _ => return None,
    })
}

impl<'a> Rd<'a> {
    /// Mixed content up to the end of the current element.
    pub(super) fn body_content(&mut self) -> Result<Vec<BodyNode>, XmlError> {
        let mut out = Vec::new();
        loop {
            next_event!(self => ev);
            match ev {
                Event::Start(t) => {
                    out.push(self.body_node(t)?);
                    self.r.recycle_attrs(t);
                }
                Event::End(_) | Event::Eof => return Ok(out),
                leaf => out.extend(body_leaf(leaf)),
            }
        }
    }

    /// One element of body content.
    pub(super) fn body_node(&mut self, tag: &StartTag<'a>) -> Result<BodyNode, XmlError> {
        let html5 = Self::is_html5_ns(tag) && is_html_name(tag.local());
        let Some(name) = self.canon(tag).or_else(|| html5.then(|| tag.local())) else {
            return Ok(BodyNode::Foreign(Box::new(self.tree(tag)?)));
        };
        if InteractionKind::is_interaction_name(name) {
            return Ok(BodyNode::Interaction(Box::new(
                self.interaction(tag, name)?,
            )));
        }
        Ok(match name {
            "feedbackBlock" => BodyNode::FeedbackBlock(Box::new(self.conditional(tag, true)?)),
            "feedbackInline" => BodyNode::FeedbackInline(Box::new(self.conditional(tag, true)?)),
            "templateBlock" => BodyNode::TemplateBlock(Box::new(self.conditional(tag, false)?)),
            "templateInline" => BodyNode::TemplateInline(Box::new(self.conditional(tag, false)?)),
            "printedVariable" => BodyNode::PrintedVariable(Box::new(self.printed_variable(tag)?)),
            "rubricBlock" => BodyNode::RubricBlock(Box::new(self.rubric_block(tag)?)),
            "infoControl" => {
                let span = tag.span();
                let mut a = self.attrs(tag);
                let title = a.str("title").unwrap_or_default();
                let attributes = a.rest();
                BodyNode::InfoControl(Box::new(InfoControl {
                    title,
                    attributes,
                    content: self.body_content()?,
                    span,
                }))
            }
            "positionObjectStage" => {
                BodyNode::PositionObjectStage(Box::new(self.position_object_stage(tag)?))
            }
            "gap" | "hottext" => {
                let kind = if name == "gap" {
                    ChoiceKind::Gap
                } else {
                    ChoiceKind::Hottext
                };
                BodyNode::Choice(Box::new(self.choice(tag, kind)?))
            }
            // An HTML element the document's version does not have is unknown there: kept as
            // read (typed, a same-version write would keep only its content).
            n if is_html_name(n) && html_exists_in(n, self.v) => {
                BodyNode::Html(Box::new(self.html(tag, n)?))
            }
            _ => BodyNode::Foreign(Box::new(self.tree(tag)?)),
        })
    }

    fn html(&mut self, tag: &StartTag<'a>, name: &str) -> Result<HtmlElement, XmlError> {
        let span = tag.span();
        let attributes = self.attrs(tag).rest();
        Ok(HtmlElement {
            name: name.into(),
            attributes,
            children: self.body_content()?,
            span,
        })
    }

    /// `prompt`, `label`, `qti-label`.
    fn prompt(&mut self, tag: &StartTag<'a>) -> Result<Prompt, XmlError> {
        let span = tag.span();
        let attributes = self.attrs(tag).rest();
        Ok(Prompt {
            attributes,
            content: self.body_content()?,
            span,
        })
    }

    pub(super) fn stylesheet(&mut self, tag: &StartTag<'a>) -> Result<Stylesheet, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let s = Stylesheet {
            href: a.str("href").unwrap_or_default(),
            type_: a.str("type").unwrap_or_default(),
            media: a.str("media"),
            title: a.str("title"),
            other_attributes: a.rest(),
            span,
        };
        self.skip()?;
        Ok(s)
    }

    /// The parts of a block container: 2.x mixed content with `stylesheet`s among it, or 3.0
    /// `qti-stylesheet`*, `qti-content-body`, `qti-catalog-info`?.
    fn block_parts(&mut self) -> Result<BlockParts, XmlError> {
        let mut stylesheets = Vec::new();
        let mut direct = Vec::new();
        let mut body: Option<Vec<BodyNode>> = None;
        let mut catalog = None;
        loop {
            next_event!(self => ev);
            match ev {
                Event::Start(t) => {
                    match self.canon(t) {
                        Some("stylesheet") if self.v.is_v3() => {
                            stylesheets.push(self.stylesheet(t)?);
                        }
                        Some("stylesheet") => {
                            direct.push(BodyNode::Stylesheet(Box::new(self.stylesheet(t)?)));
                        }
                        Some("qti-content-body") if body.is_none() => {
                            body = Some(self.body_content()?);
                        }
                        Some("qti-catalog-info") if catalog.is_none() => {
                            catalog = Some(self.catalog_info(t)?);
                        }
                        _ => direct.push(self.body_node(t)?),
                    }
                    self.r.recycle_attrs(t);
                }
                Event::End(_) | Event::Eof => break,
                leaf => direct.extend(body_leaf(leaf)),
            }
        }
        let content = match body {
            Some(mut b) => {
                // 3.0: whitespace between the wrapper's children is not content.
                b.extend(
                    direct
                        .into_iter()
                        .filter(|n| !n.is_whitespace() && !matches!(n, BodyNode::Comment(_))),
                );
                b
            }
            None => direct,
        };
        Ok((stylesheets, content, catalog))
    }

    #[inline(never)] // keeps body_node's frame small: it recurses once per nesting level
    fn conditional(
        &mut self,
        tag: &StartTag<'a>,
        feedback: bool,
    ) -> Result<ConditionalContent, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let variable = a.req_ident(if feedback {
            "outcomeIdentifier"
        } else {
            "templateIdentifier"
        });
        let identifier = a.req_ident("identifier");
        let show_hide = a.parse("showHide", ShowHide::parse);
        let attributes = a.rest();
        let (stylesheets, content, catalog_info) = self.block_parts()?;
        Ok(ConditionalContent {
            variable,
            identifier,
            show_hide,
            attributes,
            stylesheets,
            content,
            catalog_info,
            span,
        })
    }

    #[inline(never)] // keeps body_node's frame small: it recurses once per nesting level
    fn printed_variable(&mut self, tag: &StartTag<'a>) -> Result<PrintedVariable, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let p = PrintedVariable {
            identifier: a.req_ident("identifier"),
            format: a.str("format"),
            base: a.parse("base", IntOrRef::parse),
            index: a.parse("index", IntOrRef::parse),
            power_form: a.bool("powerForm"),
            field: a.str("field"),
            delimiter: a.str("delimiter"),
            mapping_indicator: a.str("mappingIndicator"),
            attributes: a.rest(),
            span,
        };
        self.skip()?;
        Ok(p)
    }

    #[inline(never)] // keeps body_node's frame small: it recurses once per nesting level
    pub(super) fn rubric_block(&mut self, tag: &StartTag<'a>) -> Result<RubricBlock, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let view = a.req("view", View::parse_list, Vec::new());
        let use_ = a.str("use");
        let attributes = a.rest();
        let (stylesheets, content, catalog_info) = self.block_parts()?;
        Ok(RubricBlock {
            view,
            use_,
            attributes,
            stylesheets,
            content,
            catalog_info,
            span,
        })
    }

    pub(super) fn item_body(&mut self, tag: &StartTag<'a>) -> Result<ItemBody, XmlError> {
        let span = tag.span();
        let attributes = self.attrs(tag).rest();
        Ok(ItemBody {
            attributes,
            content: self.body_content()?,
            span,
        })
    }

    pub(super) fn modal_feedback(&mut self, tag: &StartTag<'a>) -> Result<ModalFeedback, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let outcome_identifier = a.req_ident("outcomeIdentifier");
        let identifier = a.req_ident("identifier");
        let show_hide = a.req("showHide", ShowHide::parse, ShowHide::Show);
        let title = a.str("title");
        let other_attributes = a.rest();
        let (stylesheets, content, catalog_info) = self.block_parts()?;
        Ok(ModalFeedback {
            outcome_identifier,
            identifier,
            show_hide,
            title,
            stylesheets,
            content,
            catalog_info,
            other_attributes,
            span,
        })
    }

    pub(super) fn test_feedback(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<crate::test::TestFeedback, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let access = a.req(
            "access",
            crate::test::FeedbackAccess::parse,
            crate::test::FeedbackAccess::AtEnd,
        );
        let outcome_identifier = a.req_ident("outcomeIdentifier");
        let identifier = a.req_ident("identifier");
        let show_hide = a.req("showHide", ShowHide::parse, ShowHide::Show);
        let title = a.str("title");
        let other_attributes = a.rest();
        let (stylesheets, content, catalog_info) = self.block_parts()?;
        Ok(crate::test::TestFeedback {
            access,
            outcome_identifier,
            identifier,
            show_hide,
            title,
            stylesheets,
            content,
            catalog_info,
            other_attributes,
            span,
        })
    }

    #[inline(never)] // keeps body_node's frame small: it recurses once per nesting level
    fn choice(&mut self, tag: &StartTag<'a>, kind: ChoiceKind) -> Result<Choice, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let mut c = Choice::new(kind, a.req_ident("identifier"), Vec::new());
        c.fixed = a.bool("fixed");
        c.template_identifier = a.ident("templateIdentifier");
        c.show_hide = a.parse("showHide", ShowHide::parse);
        if kind.is_associable() {
            c.match_max = a.u32("matchMax");
            c.match_min = a.u32("matchMin");
        }
        if kind.is_associable() || kind == ChoiceKind::Gap {
            c.match_group = a.ident_list("matchGroup");
        }
        if matches!(
            kind,
            ChoiceKind::HotspotChoice | ChoiceKind::AssociableHotspot
        ) {
            c.shape = a.parse("shape", Shape::parse);
            c.coords = a.str("coords").map(Coords);
            c.hotspot_label = a.str("hotspotLabel");
        }
        if kind == ChoiceKind::GapImg {
            c.object_label = a.str("objectLabel");
            c.top = a.str("top");
            c.left = a.str("left");
        }
        if kind == ChoiceKind::Gap {
            c.required = a.bool("required");
        }
        c.attributes = a.rest();
        c.span = span;
        c.content = self.body_content()?;
        if matches!(
            kind,
            ChoiceKind::GapImg
                | ChoiceKind::HotspotChoice
                | ChoiceKind::AssociableHotspot
                | ChoiceKind::Gap
        ) {
            // Element-only or empty content: whitespace is not content.
            c.content.retain(|n| !n.is_whitespace());
        }
        Ok(c)
    }

    fn match_set(&mut self, tag: &StartTag<'a>) -> Result<MatchSet, XmlError> {
        let span = tag.span();
        let attributes = self.attrs(tag).rest();
        let mut choices = Vec::new();
        self.children(|rd, t| {
            choices.push(rd.choice(t, ChoiceKind::SimpleAssociableChoice)?);
            Ok(())
        })?;
        Ok(MatchSet {
            attributes,
            choices,
            span,
        })
    }

    #[inline(never)] // keeps body_node's frame small: it recurses once per nesting level
    fn position_object_stage(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<PositionObjectStage, XmlError> {
        let span = tag.span();
        let attributes = self.attrs(tag).rest();
        let mut object = None;
        let mut interactions = Vec::new();
        self.children(|rd, t| {
            let n = rd.canon(t);
            if object.is_none() && n.is_some_and(is_object_name) {
                object = Some(rd.body_node(t)?);
            } else {
                interactions.push(rd.body_node(t)?);
            }
            Ok(())
        })?;
        Ok(PositionObjectStage {
            attributes,
            object: object.unwrap_or(BodyNode::Text(Name::default())),
            interactions,
            span,
        })
    }

    fn interaction_parts(
        &mut self,
        block_content: bool,
        object_slot: bool,
        label_slot: bool,
    ) -> Result<Parts, XmlError> {
        let mut p = Parts::default();
        loop {
            if !block_content {
                self.skip_indentation()?;
            }
            next_event!(self => ev);
            match ev {
                Event::Start(t) => {
                    let n = self.canon(t);
                    match n {
                        Some("prompt") if p.prompt.is_none() => p.prompt = Some(self.prompt(t)?),
                        // The label of an inline choice interaction is new in 2.2: in an
                        // earlier document `label` is kept as read (XHTML's element).
                        Some("label" | "qti-label")
                            if p.label.is_none() && label_slot && self.v.has_2_2_additions() =>
                        {
                            p.label = Some(self.prompt(t)?);
                        }
                        Some("simpleMatchSet") => p.match_sets.push(self.match_set(t)?),
                        Some("associableHotspot") => {
                            let c = self.choice(t, ChoiceKind::AssociableHotspot)?;
                            p.hotspots.push(c);
                        }
                        Some(name)
                            if ChoiceKind::from_element_name(name).is_some_and(|k| {
                                !matches!(k, ChoiceKind::Gap | ChoiceKind::Hottext)
                            }) =>
                        {
                            let kind = ChoiceKind::from_element_name(name)
                                .unwrap_or(ChoiceKind::SimpleChoice);
                            p.choices.push(self.choice(t, kind)?);
                        }
                        Some(name) if object_slot && p.object.is_none() && is_object_name(name) => {
                            p.object = Some(self.body_node(t)?);
                        }
                        Some("qti-interaction-modules") => {
                            let mut a = self.attrs(t);
                            let mut m = InteractionModules {
                                primary_configuration: a.str("primary-configuration"),
                                secondary_configuration: a.str("secondary-configuration"),
                                modules: Vec::new(),
                                other_attributes: a.rest(),
                            };
                            self.children(|rd, t| {
                                let mut a = rd.attrs(t);
                                m.modules.push(InteractionModule {
                                    id: a.str("id").unwrap_or_default(),
                                    primary_path: a.str("primary-path"),
                                    fallback_path: a.str("fallback-path"),
                                    other_attributes: a.rest(),
                                });
                                rd.skip()
                            })?;
                            p.modules = Some(m);
                        }
                        Some("qti-interaction-markup") => {
                            p.markup = Some(self.body_content()?);
                        }
                        Some("qti-template-variable") => {
                            let mut a = self.attrs(t);
                            p.template_variables.push(a.req_ident("templateIdentifier"));
                            self.skip()?;
                        }
                        Some("qti-context-variable") => {
                            let mut a = self.attrs(t);
                            p.context_variables.push(a.req_ident("identifier"));
                            self.skip()?;
                        }
                        Some("stylesheet") => p.stylesheets.push(self.stylesheet(t)?),
                        _ => {
                            let node = self.body_node(t)?;
                            if block_content {
                                p.content.push(node);
                            } else {
                                p.other.push(node);
                            }
                        }
                    }
                    self.r.recycle_attrs(t);
                }
                Event::End(_) | Event::Eof => return Ok(p),
                leaf if block_content => p.content.extend(body_leaf(leaf)),
                _ => {}
            }
        }
    }

    #[inline(never)] // keeps body_node's frame small: it recurses once per nesting level
    fn interaction(&mut self, tag: &StartTag<'a>, name: &str) -> Result<Interaction, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let response_identifier = a.req_ident("responseIdentifier");
        let block = matches!(name, "gapMatchInteraction" | "hottextInteraction");
        let object_slot = matches!(
            name,
            "hotspotInteraction"
                | "graphicOrderInteraction"
                | "graphicAssociateInteraction"
                | "graphicGapMatchInteraction"
                | "selectPointInteraction"
                | "positionObjectInteraction"
                | "drawingInteraction"
                | "mediaInteraction"
        );
        if name == "customInteraction" {
            let attributes = a.rest();
            let mut content = Vec::new();
            loop {
                next_event!(self => ev);
                match ev {
                    Event::Start(t) => {
                        content.push(Node::Element(self.tree(t)?));
                        self.r.recycle_attrs(t);
                    }
                    Event::End(_) | Event::Eof => break,
                    leaf => content.extend(leaf.take_node()),
                }
            }
            let mut i = Interaction::new(response_identifier, InteractionKind::Custom { content });
            i.attributes = attributes;
            i.span = span;
            return Ok(i);
        }
        // Attributes first (they are in the start tag), then children.
        let shuffle = a.bool("shuffle");
        let max_choices = a.u32("maxChoices");
        let min_choices = a.u32("minChoices");
        let max_associations = a.u32("maxAssociations");
        let min_associations = a.u32("minAssociations");
        let orientation = a.parse("orientation", Orientation::parse);
        let kind_attrs = KindAttrs::read(&mut a, name);
        let attributes = a.rest();
        let p = self.interaction_parts(block, object_slot, name == "inlineChoiceInteraction")?;
        let kind = match name {
            "choiceInteraction" | "orderInteraction" => {
                let c = ChoiceInteraction {
                    shuffle,
                    max_choices,
                    min_choices,
                    orientation,
                    choices: p.choices,
                };
                if name == "choiceInteraction" {
                    InteractionKind::Choice(c)
                } else {
                    InteractionKind::Order(c)
                }
            }
            "associateInteraction" => InteractionKind::Associate(AssociateInteraction {
                shuffle,
                max_associations,
                min_associations,
                choices: p.choices,
            }),
            "matchInteraction" => InteractionKind::Match(MatchInteraction {
                shuffle,
                max_associations,
                min_associations,
                match_sets: p.match_sets,
            }),
            "gapMatchInteraction" => InteractionKind::GapMatch(GapMatchInteraction {
                shuffle,
                max_associations,
                min_associations,
                choices: p.choices,
                content: p.content,
            }),
            "inlineChoiceInteraction" => InteractionKind::InlineChoice(InlineChoiceInteraction {
                shuffle,
                required: kind_attrs.required,
                min_choices,
                label: p.label,
                choices: p.choices,
            }),
            "textEntryInteraction" => InteractionKind::TextEntry(kind_attrs.text),
            "extendedTextInteraction" => InteractionKind::ExtendedText(kind_attrs.text),
            "hottextInteraction" => InteractionKind::Hottext(HottextInteraction {
                max_choices,
                min_choices,
                content: p.content,
            }),
            "hotspotInteraction" | "graphicOrderInteraction" => {
                let g = GraphicChoiceInteraction {
                    max_choices,
                    min_choices,
                    object: p.object,
                    choices: p.choices,
                };
                if name == "hotspotInteraction" {
                    InteractionKind::Hotspot(g)
                } else {
                    InteractionKind::GraphicOrder(g)
                }
            }
            "graphicAssociateInteraction" => {
                InteractionKind::GraphicAssociate(GraphicAssociateInteraction {
                    max_associations,
                    min_associations,
                    object: p.object,
                    choices: p.hotspots,
                })
            }
            "graphicGapMatchInteraction" => {
                InteractionKind::GraphicGapMatch(GraphicGapMatchInteraction {
                    max_associations,
                    min_associations,
                    object: p.object,
                    gap_choices: p.choices,
                    hotspots: p.hotspots,
                })
            }
            "selectPointInteraction" | "positionObjectInteraction" | "drawingInteraction" => {
                let o = ObjectInteraction {
                    max_choices,
                    min_choices,
                    centre_point: kind_attrs.centre_point,
                    object: p.object,
                };
                match name {
                    "selectPointInteraction" => InteractionKind::SelectPoint(o),
                    "positionObjectInteraction" => InteractionKind::PositionObject(o),
                    _ => InteractionKind::Drawing(o),
                }
            }
            "sliderInteraction" => InteractionKind::Slider(SliderInteraction {
                orientation,
                ..kind_attrs.slider
            }),
            "uploadInteraction" => InteractionKind::Upload {
                type_: kind_attrs.upload_type,
            },
            "mediaInteraction" => InteractionKind::Media(MediaInteraction {
                object: p.object,
                ..kind_attrs.media
            }),
            "endAttemptInteraction" => InteractionKind::EndAttempt(kind_attrs.end_attempt),
            _ => InteractionKind::PortableCustom(Box::new(PortableCustomInteraction {
                custom_interaction_type_identifier: kind_attrs.pci_type.unwrap_or_default(),
                module: kind_attrs.pci_module,
                interaction_modules: p.modules,
                interaction_markup: p.markup,
                template_variables: p.template_variables,
                context_variables: p.context_variables,
                stylesheets: p.stylesheets,
            })),
        };
        Ok(Interaction {
            response_identifier,
            kind,
            prompt: p.prompt,
            attributes,
            other_children: p.other,
            span,
        })
    }

    pub(super) fn catalog_info(&mut self, tag: &StartTag<'a>) -> Result<CatalogInfo, XmlError> {
        let span = tag.span();
        let mut catalogs = Vec::new();
        self.children(|rd, t| {
            let span = t.span();
            let mut a = rd.attrs(t);
            let id = a.str("id").unwrap_or_default();
            let other_attributes = a.rest();
            let mut cards = Vec::new();
            rd.children(|rd, t| {
                cards.push(rd.card(t)?);
                Ok(())
            })?;
            catalogs.push(Catalog {
                id,
                cards,
                other_attributes,
                span,
            });
            Ok(())
        })?;
        Ok(CatalogInfo { catalogs, span })
    }

    fn card(&mut self, tag: &StartTag<'a>) -> Result<Card, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let mut card = Card {
            support: a.str("support"),
            default: a.bool("default"),
            ..Card::default()
        };
        card.attributes = a.rest();
        card.span = span;
        self.children(|rd, t| {
            match rd.canon(t) {
                Some("qti-html-content") => {
                    let attributes = rd.attrs(t).rest();
                    card.html_content = Some(HtmlContent {
                        attributes,
                        content: rd.body_content()?,
                    });
                }
                Some("qti-file-href") => {
                    let mut a = rd.attrs(t);
                    let mime_type = a.str("mime-type");
                    let other_attributes = a.rest();
                    card.file_hrefs.push(FileHref {
                        href: rd.text()?,
                        mime_type,
                        other_attributes,
                    });
                }
                Some("qti-card-entry") => card.entries.push(rd.card(t)?),
                _ => rd.skip()?,
            }
            Ok(())
        })?;
        Ok(card)
    }

    pub(super) fn companion_materials(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<CompanionMaterialsInfo, XmlError> {
        let span = tag.span();
        let mut materials = Vec::new();
        self.children(|rd, t| {
            let m = match rd.canon(t) {
                Some("qti-calculator") => {
                    let mut calculator_type = String::new();
                    let mut description = None;
                    let mut info = None;
                    rd.children(|rd, t| {
                        match rd.canon(t) {
                            Some("qti-calculator-type") => calculator_type = rd.text()?,
                            Some("qti-description") => description = Some(rd.text()?),
                            Some("qti-calculator-info") => info = Some(rd.file_info(t)?),
                            _ => rd.skip()?,
                        }
                        Ok(())
                    })?;
                    CompanionMaterial::Calculator {
                        calculator_type,
                        description,
                        info,
                    }
                }
                Some(n @ ("qti-rule" | "qti-protractor")) => {
                    let mut description = None;
                    let mut si = None;
                    let mut us = None;
                    rd.children(|rd, t| {
                        match rd.canon(t) {
                            Some("qti-description") => description = Some(rd.text()?),
                            Some("qti-rule-system-si" | "qti-increment-si") => {
                                si = Some(rd.scale()?);
                            }
                            Some("qti-rule-system-us" | "qti-increment-us") => {
                                us = Some(rd.scale()?);
                            }
                            _ => rd.skip()?,
                        }
                        Ok(())
                    })?;
                    if n == "qti-rule" {
                        CompanionMaterial::Rule {
                            description,
                            si,
                            us,
                        }
                    } else {
                        CompanionMaterial::Protractor {
                            description,
                            si,
                            us,
                        }
                    }
                }
                Some("qti-digital-material") => {
                    CompanionMaterial::DigitalMaterial(rd.file_info(t)?)
                }
                Some("qti-physical-material") => CompanionMaterial::PhysicalMaterial(rd.text()?),
                _ => CompanionMaterial::Other(rd.ext_tree(t)?),
            };
            materials.push(m);
            Ok(())
        })?;
        Ok(CompanionMaterialsInfo { materials, span })
    }

    fn file_info(&mut self, tag: &StartTag<'a>) -> Result<FileInfo, XmlError> {
        let mut a = self.attrs(tag);
        let mut f = FileInfo {
            label: a.str("label"),
            mime_type: a.str("mime-type"),
            ..FileInfo::default()
        };
        self.children(|rd, t| {
            match rd.canon(t) {
                Some("qti-file-href") => f.file_hrefs.push(rd.text()?),
                Some("qti-resource-icon") => f.resource_icon = Some(rd.text()?),
                _ => rd.skip()?,
            }
            Ok(())
        })?;
        Ok(f)
    }

    fn scale(&mut self) -> Result<Scale, XmlError> {
        let mut s = Scale::default();
        self.children(|rd, t| {
            let n = rd.canon(t);
            let unit = rd.attrs(t).str("unit").unwrap_or_default();
            match n {
                Some("qti-minimum-length") => s.minimum_length = Some(rd.text()?),
                Some("qti-minor-increment") => {
                    s.minor_increment = Some(Measure {
                        unit,
                        value: rd.text()?,
                    });
                }
                Some("qti-major-increment") => {
                    s.major_increment = Some(Measure {
                        unit,
                        value: rd.text()?,
                    });
                }
                _ => rd.skip()?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

/// Attributes specific to some interaction kinds.
#[derive(Default)]
struct KindAttrs {
    required: Option<bool>,
    text: TextInteraction,
    centre_point: Option<Vec<i64>>,
    slider: SliderInteraction,
    upload_type: Option<String>,
    media: MediaInteraction,
    end_attempt: EndAttemptInteraction,
    pci_type: Option<String>,
    pci_module: Option<String>,
}

impl KindAttrs {
    fn read(a: &mut super::Attrs<'_>, name: &str) -> Self {
        let mut k = Self::default();
        match name {
            "inlineChoiceInteraction" => k.required = a.bool("required"),
            "textEntryInteraction" | "extendedTextInteraction" => {
                k.text = TextInteraction {
                    base: a.i64("base"),
                    string_identifier: a.ident("stringIdentifier"),
                    expected_length: a.u32("expectedLength"),
                    pattern_mask: a.str("patternMask"),
                    placeholder_text: a.str("placeholderText"),
                    format: a.str("format"),
                    max_strings: a.u32("maxStrings"),
                    min_strings: a.u32("minStrings"),
                    expected_lines: a.u32("expectedLines"),
                };
            }
            "positionObjectInteraction" => {
                let parse = |v: &str| -> Option<Vec<i64>> {
                    v.split_ascii_whitespace()
                        .map(lti_core::xml::attr::parse_integer)
                        .collect()
                };
                k.centre_point = a
                    .parse("centrePoint", parse)
                    .or_else(|| a.parse("center-point", parse));
            }
            "sliderInteraction" => {
                k.slider = SliderInteraction {
                    lower_bound: a.req("lowerBound", Float::parse, Float::default()),
                    upper_bound: a.req("upperBound", Float::parse, Float::default()),
                    step: a.float("step"),
                    step_label: a.bool("stepLabel"),
                    orientation: None,
                    reverse: a.bool("reverse"),
                };
            }
            "uploadInteraction" => k.upload_type = a.str("type"),
            "mediaInteraction" => {
                k.media = MediaInteraction {
                    autostart: a.req_bool("autostart", false),
                    min_plays: a.u32("minPlays"),
                    max_plays: a.u32("maxPlays"),
                    loop_: a.bool("loop"),
                    coords: a.str("coords").map(Coords),
                    object: None,
                };
            }
            "endAttemptInteraction" => {
                k.end_attempt = EndAttemptInteraction {
                    title: a.str("title").unwrap_or_default(),
                    count_attempt: a.bool("countAttempt"),
                };
            }
            "qti-portable-custom-interaction" => {
                k.pci_type = a.str("custom-interaction-type-identifier");
                k.pci_module = a.str("module");
            }
            _ => {}
        }
        k
    }
}
