//! Writing body content, interactions, feedback and 3.0 catalogs and companion materials.

use lti_core::xml::{Node, QName};

use super::Wr;
use crate::catalog::{
    Card, CatalogInfo, CompanionMaterial, CompanionMaterialsInfo, FileInfo, Scale,
};
use crate::codes;
use crate::content::{
    BodyNode, ConditionalContent, HtmlElement, ModalFeedback, RubricBlock, Stylesheet,
};
use crate::content::{HTML5_NAMES_V2P2, html_exists_in};
use crate::interactions::{Choice, ChoiceKind, Interaction, InteractionKind, Prompt};
use crate::version::Version;

impl Wr {
    pub(super) fn body(&mut self, nodes: &[BodyNode]) {
        for n in nodes {
            self.body_node(n);
        }
    }

    fn body_node(&mut self, n: &BodyNode) {
        match n {
            BodyNode::Text(t) => self.w.text(t),
            BodyNode::CData(t) => self.w.cdata(t),
            BodyNode::Comment(t) => self.w.comment(t),
            BodyNode::ProcessingInstruction { target, data } => {
                self.w.processing_instruction(target, data);
            }
            BodyNode::Html(h) => self.html(h),
            BodyNode::Interaction(i) => self.interaction(i),
            BodyNode::FeedbackBlock(c) => self.conditional("feedbackBlock", c, true, true),
            BodyNode::FeedbackInline(c) => self.conditional("feedbackInline", c, true, false),
            BodyNode::TemplateBlock(c) => self.conditional("templateBlock", c, false, true),
            BodyNode::TemplateInline(c) => self.conditional("templateInline", c, false, false),
            BodyNode::PrintedVariable(p) => {
                self.start("printedVariable");
                self.attr("identifier", &p.identifier);
                self.opt_str("format", p.format.as_deref());
                if let Some(b) = &p.base {
                    self.attr("base", &b.to_text(false));
                }
                if let Some(i) = &p.index {
                    self.attr("index", &i.to_text(false));
                }
                self.opt_bool("powerForm", p.power_form);
                self.opt_str("field", p.field.as_deref());
                self.opt_str("delimiter", p.delimiter.as_deref());
                self.opt_str("mappingIndicator", p.mapping_indicator.as_deref());
                self.attributes(&p.attributes);
                self.end();
            }
            BodyNode::RubricBlock(r) => self.rubric_block(r),
            BodyNode::InfoControl(i) => {
                if self.v.is_v3() {
                    self.lost(
                        codes::CONVERT_HTML_UNWRAPPED,
                        "infoControl has no QTI 3.0 equivalent; its content was kept without it",
                    );
                    self.body(&i.content);
                } else {
                    self.start("infoControl");
                    self.attr("title", &i.title);
                    self.attributes(&i.attributes);
                    self.body(&i.content);
                    self.end();
                }
            }
            BodyNode::PositionObjectStage(s) => {
                self.start("positionObjectStage");
                self.attributes(&s.attributes);
                self.object_node(&s.object);
                self.body(&s.interactions);
                self.end();
            }
            BodyNode::Stylesheet(s) => {
                // In 3.0 block containers these are written before qti-content-body.
                if !self.v.is_v3() {
                    self.stylesheet(s);
                }
            }
            BodyNode::Choice(c) => self.choice(c),
            BodyNode::Foreign(e) => self.foreign(e),
        }
    }

    fn html(&mut self, h: &HtmlElement) {
        let name = h.name.as_str();
        let html5_2p2 = HTML5_NAMES_V2P2.contains(&name);
        if !html_exists_in(name, self.v) {
            self.lost(
                codes::CONVERT_HTML_UNWRAPPED,
                format!(
                    "<{name}> does not exist in QTI {}; its content was kept without it",
                    self.v
                ),
            );
            self.body(&h.children);
            return;
        }
        let qname = if self.v == Version::V2p2 && html5_2p2 {
            QName::prefixed(&self.h5, "qh5", name)
        } else {
            QName::ns(&self.ns, name)
        };
        self.w.start(&qname);
        self.path.push(name.to_owned());
        self.attributes(&h.attributes);
        self.body(&h.children);
        self.end();
    }

    fn prompt(&mut self, canonical: &str, p: &Prompt) {
        self.start(canonical);
        self.attributes(&p.attributes);
        self.body(&p.content);
        self.end();
    }

    pub(super) fn stylesheet(&mut self, s: &Stylesheet) {
        self.start("stylesheet");
        self.attr("href", &s.href);
        self.attr("type", &s.type_);
        self.opt_str("media", s.media.as_deref());
        self.opt_str("title", s.title.as_deref());
        self.attributes(&s.other_attributes);
        self.end();
    }

    /// The content of a block container: 2.x mixed content then stylesheets; 3.0
    /// `qti-stylesheet`*, `qti-content-body`, `qti-catalog-info`.
    fn block(
        &mut self,
        stylesheets: &[Stylesheet],
        content: &[BodyNode],
        catalog: Option<&CatalogInfo>,
    ) {
        if self.v.is_v3() {
            for s in stylesheets {
                self.stylesheet(s);
            }
            for n in content {
                if let BodyNode::Stylesheet(s) = n {
                    self.stylesheet(s);
                }
            }
            self.start("qti-content-body");
            self.body(content);
            self.end();
            if let Some(c) = catalog {
                self.catalog_info(c);
            }
        } else {
            self.body(content);
            for s in stylesheets {
                self.stylesheet(s);
            }
            if catalog.is_some() {
                self.lost(codes::CONVERT_UNSUPPORTED, "catalogs need QTI 3.0");
            }
        }
    }

    fn conditional(
        &mut self,
        canonical: &str,
        c: &ConditionalContent,
        feedback: bool,
        block: bool,
    ) {
        self.start(canonical);
        self.attr(
            if feedback {
                "outcomeIdentifier"
            } else {
                "templateIdentifier"
            },
            &c.variable,
        );
        self.attr("identifier", &c.identifier);
        self.opt_str("showHide", c.show_hide.map(|s| s.as_str()));
        self.attributes(&c.attributes);
        if block {
            self.block(&c.stylesheets, &c.content, c.catalog_info.as_ref());
        } else {
            self.body(&c.content);
        }
        self.end();
    }

    pub(super) fn rubric_block(&mut self, r: &RubricBlock) {
        self.start("rubricBlock");
        let views: Vec<&str> = r.view.iter().map(|v| v.as_str()).collect();
        self.attr("view", &views.join(" "));
        match r.use_.as_deref() {
            Some(u) => self.attr("use", u),
            None if self.v.is_v3() => {
                // `use` is required in 3.0 (optional in 2.x).
                self.lost(
                    codes::CONVERT_DEFAULT_ADDED,
                    "the rubric block has no use, which QTI 3.0 requires: use=\"instructions\" was added",
                );
                self.attr("use", "instructions");
            }
            None => {}
        }
        self.attributes(&r.attributes);
        self.block(&r.stylesheets, &r.content, r.catalog_info.as_ref());
        self.end();
    }

    pub(super) fn modal_feedback(&mut self, m: &ModalFeedback) {
        self.start("modalFeedback");
        self.attr("outcomeIdentifier", &m.outcome_identifier);
        self.attr("identifier", &m.identifier);
        self.attr("showHide", m.show_hide.as_str());
        self.opt_str("title", m.title.as_deref());
        self.attributes(&m.other_attributes);
        self.block(&m.stylesheets, &m.content, m.catalog_info.as_ref());
        self.end();
    }

    pub(super) fn test_feedback(&mut self, f: &crate::test::TestFeedback) {
        self.start("testFeedback");
        self.attr("access", f.access.as_str());
        self.attr("outcomeIdentifier", &f.outcome_identifier);
        self.attr("identifier", &f.identifier);
        self.attr("showHide", f.show_hide.as_str());
        self.opt_str("title", f.title.as_deref());
        self.attributes(&f.other_attributes);
        self.block(&f.stylesheets, &f.content, f.catalog_info.as_ref());
        self.end();
    }

    fn choice(&mut self, c: &Choice) {
        self.start(c.kind.element_name());
        self.attr("identifier", &c.identifier);
        self.opt_bool("fixed", c.fixed);
        self.opt("templateIdentifier", c.template_identifier.as_ref());
        self.opt_str("showHide", c.show_hide.map(|s| s.as_str()));
        self.opt("matchMax", c.match_max.as_ref());
        self.opt("matchMin", c.match_min.as_ref());
        self.list("matchGroup", c.match_group.as_ref());
        self.opt_str("shape", c.shape.map(|s| s.as_str()));
        self.opt_str("coords", c.coords.as_ref().map(|c| c.0.as_str()));
        self.opt_str("hotspotLabel", c.hotspot_label.as_deref());
        self.opt_str("objectLabel", c.object_label.as_deref());
        self.opt_str("top", c.top.as_deref());
        self.opt_str("left", c.left.as_deref());
        self.opt_bool("required", c.required);
        self.attributes(&c.attributes);
        if c.kind == ChoiceKind::GapImg {
            for n in &c.content {
                self.object_node(n);
            }
        } else {
            self.body(&c.content);
        }
        self.end();
    }

    fn object(&mut self, o: Option<&BodyNode>) {
        if let Some(o) = o {
            self.object_node(o);
        }
    }

    /// The image of a graphic interaction, `gapImg` or stage. QTI 2.x only allows `object`
    /// there: a 3.0 `img` (or the `img` of a `picture`) becomes an `object` with the same
    /// source, size and (as fallback content) alternative text.
    fn object_node(&mut self, n: &BodyNode) {
        let img = match n {
            BodyNode::Html(h) if h.name == "img" => Some(&**h),
            BodyNode::Html(h) if h.name == "picture" => h.children.iter().find_map(|c| match c {
                BodyNode::Html(i) if i.name == "img" => Some(&**i),
                _ => None,
            }),
            _ => None,
        };
        if !self.v.is_v3()
            && let BodyNode::Html(h) = n
            && (h.name == "video" || h.name == "audio")
            && let Some((src, mime)) = media_source(h)
        {
            self.lost(
                codes::CONVERT_MEDIA_AS_OBJECT,
                format!(
                    "<{}> was written as <object data={src:?}> (a QTI {} media interaction requires object)",
                    h.name, self.v
                ),
            );
            self.start("object");
            self.w.attr("data", src);
            self.w.attr("type", &mime);
            for a in ["width", "height"] {
                if let Some(v) = h.attr(a) {
                    self.w.attr(a, v);
                }
            }
            self.end();
            return;
        }
        match img {
            Some(img) if !self.v.is_v3() => {
                let src = img.attr("src").unwrap_or_default().to_owned();
                self.lost(
                    codes::CONVERT_IMG_AS_OBJECT,
                    format!(
                        "<{}> was written as <object data={src:?}> (QTI {} requires object here)",
                        match n {
                            BodyNode::Html(h) => h.name.as_str(),
                            _ => "img",
                        },
                        self.v
                    ),
                );
                self.start("object");
                self.w.attr("data", &src);
                self.w.attr("type", image_mime_type(&src));
                for a in ["width", "height"] {
                    if let Some(v) = img.attr(a) {
                        self.w.attr(a, v);
                    }
                }
                if let Some(alt) = img.attr("alt") {
                    self.w.text(alt);
                }
                self.end();
            }
            _ => self.body_node(n),
        }
    }

    fn interaction(&mut self, i: &Interaction) {
        let name = i.kind.element_name();
        if let InteractionKind::PortableCustom(p) = &i.kind
            && !self.v.is_v3()
        {
            self.lost(
                codes::CONVERT_UNSUPPORTED,
                format!(
                    "the portable custom interaction {:?} needs QTI 3.0; it was left out",
                    p.custom_interaction_type_identifier
                ),
            );
            return;
        }
        self.start(name);
        self.attr("responseIdentifier", &i.response_identifier);
        let k = &i.kind;
        // Kind attributes.
        match k {
            InteractionKind::Choice(c) | InteractionKind::Order(c) => {
                self.opt_bool("shuffle", c.shuffle);
                self.opt("maxChoices", c.max_choices.as_ref());
                self.opt("minChoices", c.min_choices.as_ref());
                self.opt_str("orientation", c.orientation.map(|o| o.as_str()));
            }
            InteractionKind::Associate(a) => {
                self.opt_bool("shuffle", a.shuffle);
                self.opt("maxAssociations", a.max_associations.as_ref());
                self.opt("minAssociations", a.min_associations.as_ref());
            }
            InteractionKind::Match(m) => {
                self.opt_bool("shuffle", m.shuffle);
                self.opt("maxAssociations", m.max_associations.as_ref());
                self.opt("minAssociations", m.min_associations.as_ref());
            }
            InteractionKind::GapMatch(g) => {
                self.opt_bool("shuffle", g.shuffle);
                self.opt("maxAssociations", g.max_associations.as_ref());
                self.opt("minAssociations", g.min_associations.as_ref());
            }
            InteractionKind::InlineChoice(c) => {
                self.opt_bool("shuffle", c.shuffle);
                self.opt_bool("required", c.required);
                self.opt("minChoices", c.min_choices.as_ref());
            }
            InteractionKind::TextEntry(t) | InteractionKind::ExtendedText(t) => {
                self.opt("base", t.base.as_ref());
                self.opt("stringIdentifier", t.string_identifier.as_ref());
                self.opt("expectedLength", t.expected_length.as_ref());
                self.opt_str("patternMask", t.pattern_mask.as_deref());
                self.opt_str("placeholderText", t.placeholder_text.as_deref());
                self.opt_str("format", t.format.as_deref());
                self.opt("maxStrings", t.max_strings.as_ref());
                self.opt("minStrings", t.min_strings.as_ref());
                self.opt("expectedLines", t.expected_lines.as_ref());
            }
            InteractionKind::Hottext(h) => {
                self.opt("maxChoices", h.max_choices.as_ref());
                self.opt("minChoices", h.min_choices.as_ref());
            }
            InteractionKind::Hotspot(g) | InteractionKind::GraphicOrder(g) => {
                self.opt("maxChoices", g.max_choices.as_ref());
                self.opt("minChoices", g.min_choices.as_ref());
            }
            InteractionKind::GraphicAssociate(g) => {
                self.opt("maxAssociations", g.max_associations.as_ref());
                self.opt("minAssociations", g.min_associations.as_ref());
            }
            InteractionKind::GraphicGapMatch(g) => {
                self.opt("maxAssociations", g.max_associations.as_ref());
                self.opt("minAssociations", g.min_associations.as_ref());
            }
            InteractionKind::SelectPoint(o)
            | InteractionKind::PositionObject(o)
            | InteractionKind::Drawing(o) => {
                self.opt("maxChoices", o.max_choices.as_ref());
                self.opt("minChoices", o.min_choices.as_ref());
                if let Some(cp) = &o.centre_point {
                    let s: Vec<String> = cp.iter().map(ToString::to_string).collect();
                    let attr = if self.v.is_v3() {
                        "center-point"
                    } else {
                        "centrePoint"
                    };
                    self.w.attr(attr, &s.join(" "));
                }
            }
            InteractionKind::Slider(s) => {
                self.attr("lowerBound", &s.lower_bound.to_string());
                self.attr("upperBound", &s.upper_bound.to_string());
                self.opt("step", s.step.as_ref());
                self.opt_bool("stepLabel", s.step_label);
                self.opt_str("orientation", s.orientation.map(|o| o.as_str()));
                self.opt_bool("reverse", s.reverse);
            }
            InteractionKind::Upload { type_ } => self.opt_str("type", type_.as_deref()),
            InteractionKind::Media(m) => {
                self.attr("autostart", if m.autostart { "true" } else { "false" });
                self.opt("minPlays", m.min_plays.as_ref());
                self.opt("maxPlays", m.max_plays.as_ref());
                self.opt_bool("loop", m.loop_);
                self.opt_str("coords", m.coords.as_ref().map(|c| c.0.as_str()));
            }
            InteractionKind::EndAttempt(e) => {
                self.attr("title", &e.title);
                self.opt_bool("countAttempt", e.count_attempt);
            }
            InteractionKind::PortableCustom(p) => {
                self.w.attr(
                    "custom-interaction-type-identifier",
                    &p.custom_interaction_type_identifier,
                );
                if let Some(m) = &p.module {
                    self.w.attr("module", m);
                }
            }
            InteractionKind::Custom { .. } => {}
        }
        // Kept attributes after the typed ones, so that one whose name the target version gives
        // to a typed attribute (`maxChoices` kept in a 3.0 item with `max-choices`) is written
        // as spelt or left out, never twice.
        self.attributes(&i.attributes);
        if let Some(p) = &i.prompt {
            self.prompt("prompt", p);
        }
        // Children.
        match k {
            InteractionKind::Choice(c) | InteractionKind::Order(c) => {
                c.choices.iter().for_each(|c| self.choice(c));
            }
            InteractionKind::Associate(a) => a.choices.iter().for_each(|c| self.choice(c)),
            InteractionKind::Match(m) => {
                for s in &m.match_sets {
                    self.start("simpleMatchSet");
                    self.attributes(&s.attributes);
                    s.choices.iter().for_each(|c| self.choice(c));
                    self.end();
                }
            }
            InteractionKind::GapMatch(g) => {
                g.choices.iter().for_each(|c| self.choice(c));
                self.body(&g.content);
            }
            InteractionKind::InlineChoice(c) => {
                if let Some(l) = &c.label {
                    match self.v {
                        Version::V3p0 => self.prompt("qti-label", l),
                        Version::V2p2 => self.prompt("label", l),
                        _ => self.lost(
                            codes::CONVERT_UNSUPPORTED,
                            "the label of an inline choice interaction needs QTI 2.2 or 3.0",
                        ),
                    }
                }
                c.choices.iter().for_each(|c| self.choice(c));
            }
            InteractionKind::Hottext(h) => self.body(&h.content),
            InteractionKind::Hotspot(g) | InteractionKind::GraphicOrder(g) => {
                self.object(g.object.as_ref());
                g.choices.iter().for_each(|c| self.choice(c));
            }
            InteractionKind::GraphicAssociate(g) => {
                self.object(g.object.as_ref());
                g.choices.iter().for_each(|c| self.choice(c));
            }
            InteractionKind::GraphicGapMatch(g) => {
                self.object(g.object.as_ref());
                g.gap_choices.iter().for_each(|c| self.choice(c));
                g.hotspots.iter().for_each(|c| self.choice(c));
            }
            InteractionKind::SelectPoint(o)
            | InteractionKind::PositionObject(o)
            | InteractionKind::Drawing(o) => self.object(o.object.as_ref()),
            InteractionKind::Media(m) => self.object(m.object.as_ref()),
            InteractionKind::Custom { content } => {
                for n in content {
                    match n {
                        Node::Element(e) => self.foreign(e),
                        other => self.w.node(other),
                    }
                }
            }
            InteractionKind::PortableCustom(p) => {
                if let Some(m) = &p.interaction_modules {
                    self.start("qti-interaction-modules");
                    if let Some(c) = &m.primary_configuration {
                        self.w.attr("primary-configuration", c);
                    }
                    if let Some(c) = &m.secondary_configuration {
                        self.w.attr("secondary-configuration", c);
                    }
                    self.attributes(&m.other_attributes);
                    for module in &m.modules {
                        self.start("qti-interaction-module");
                        self.w.attr("id", &module.id);
                        if let Some(p) = &module.primary_path {
                            self.w.attr("primary-path", p);
                        }
                        if let Some(p) = &module.fallback_path {
                            self.w.attr("fallback-path", p);
                        }
                        self.attributes(&module.other_attributes);
                        self.end();
                    }
                    self.end();
                }
                if let Some(m) = &p.interaction_markup {
                    self.start("qti-interaction-markup");
                    self.body(m);
                    self.end();
                }
                for t in &p.template_variables {
                    self.start("qti-template-variable");
                    self.w.attr("template-identifier", t);
                    self.end();
                }
                for c in &p.context_variables {
                    self.start("qti-context-variable");
                    self.w.attr("identifier", c);
                    self.end();
                }
                for s in &p.stylesheets {
                    self.stylesheet(s);
                }
            }
            InteractionKind::TextEntry(_)
            | InteractionKind::ExtendedText(_)
            | InteractionKind::Slider(_)
            | InteractionKind::Upload { .. }
            | InteractionKind::EndAttempt(_) => {}
        }
        self.body(&i.other_children);
        self.end();
    }

    pub(super) fn catalog_info(&mut self, c: &CatalogInfo) {
        if !self.v.is_v3() {
            self.lost(codes::CONVERT_UNSUPPORTED, "catalogs need QTI 3.0");
            return;
        }
        self.start("qti-catalog-info");
        for cat in &c.catalogs {
            self.start("qti-catalog");
            self.w.attr("id", &cat.id);
            self.attributes(&cat.other_attributes);
            for card in &cat.cards {
                self.card("qti-card", card);
            }
            self.end();
        }
        self.end();
    }

    fn card(&mut self, name: &str, card: &Card) {
        self.start(name);
        if let Some(s) = &card.support {
            self.w.attr("support", s);
        }
        if let Some(d) = card.default {
            self.w.attr("default", if d { "true" } else { "false" });
        }
        self.attributes(&card.attributes);
        if let Some(h) = &card.html_content {
            self.start("qti-html-content");
            self.attributes(&h.attributes);
            self.body(&h.content);
            self.end();
        }
        for f in &card.file_hrefs {
            self.start("qti-file-href");
            if let Some(m) = &f.mime_type {
                self.w.attr("mime-type", m);
            }
            self.attributes(&f.other_attributes);
            self.w.text(&f.href);
            self.end();
        }
        for e in &card.entries {
            self.card("qti-card-entry", e);
        }
        self.end();
    }

    pub(super) fn companion_materials(&mut self, c: &CompanionMaterialsInfo) {
        if !self.v.is_v3() {
            self.lost(
                codes::CONVERT_UNSUPPORTED,
                "companion materials need QTI 3.0",
            );
            return;
        }
        self.start("qti-companion-materials-info");
        for m in &c.materials {
            match m {
                CompanionMaterial::Calculator {
                    calculator_type,
                    description,
                    info,
                } => {
                    self.start("qti-calculator");
                    self.text_element("qti-calculator-type", calculator_type);
                    if let Some(d) = description {
                        self.text_element("qti-description", d);
                    }
                    if let Some(i) = info {
                        self.file_info("qti-calculator-info", i);
                    }
                    self.end();
                }
                CompanionMaterial::Rule {
                    description,
                    si,
                    us,
                } => {
                    self.start("qti-rule");
                    if let Some(d) = description {
                        self.text_element("qti-description", d);
                    }
                    if let Some(s) = si {
                        self.scale("qti-rule-system-si", s);
                    }
                    if let Some(s) = us {
                        self.scale("qti-rule-system-us", s);
                    }
                    self.end();
                }
                CompanionMaterial::Protractor {
                    description,
                    si,
                    us,
                } => {
                    self.start("qti-protractor");
                    if let Some(d) = description {
                        self.text_element("qti-description", d);
                    }
                    if let Some(s) = si {
                        self.scale("qti-increment-si", s);
                    }
                    if let Some(s) = us {
                        self.scale("qti-increment-us", s);
                    }
                    self.end();
                }
                CompanionMaterial::DigitalMaterial(f) => self.file_info("qti-digital-material", f),
                CompanionMaterial::PhysicalMaterial(t) => {
                    self.text_element("qti-physical-material", t);
                }
                CompanionMaterial::Other(e) => self.foreign(e),
            }
        }
        self.end();
    }

    pub(super) fn text_element(&mut self, name: &str, text: &str) {
        self.start(name);
        self.w.text(text);
        self.end();
    }

    fn file_info(&mut self, name: &str, f: &FileInfo) {
        self.start(name);
        if let Some(l) = &f.label {
            self.w.attr("label", l);
        }
        if let Some(m) = &f.mime_type {
            self.w.attr("mime-type", m);
        }
        for h in &f.file_hrefs {
            self.text_element("qti-file-href", h);
        }
        if let Some(r) = &f.resource_icon {
            self.text_element("qti-resource-icon", r);
        }
        self.end();
    }

    fn scale(&mut self, name: &str, s: &Scale) {
        self.start(name);
        if let Some(m) = &s.minimum_length {
            self.text_element("qti-minimum-length", m);
        }
        for (n, m) in [
            ("qti-minor-increment", &s.minor_increment),
            ("qti-major-increment", &s.major_increment),
        ] {
            if let Some(m) = m {
                self.start(n);
                self.w.attr("unit", &m.unit);
                self.w.text(&m.value);
                self.end();
            }
        }
        self.end();
    }
}

/// The MIME type of an image, from its file extension.
/// The source and media type of an HTML `video` or `audio`: its `src`, else its first `source`
/// child with a `src` (the type from `type`, else from the file extension).
fn media_source(h: &HtmlElement) -> Option<(&str, String)> {
    let (src, ty) = match h.attr("src") {
        Some(src) => (src, h.attr("type")),
        None => h.children.iter().find_map(|c| match c {
            BodyNode::Html(s) if s.name == "source" => {
                s.attr("src").map(|src| (src, s.attr("type")))
            }
            _ => None,
        })?,
    };
    let mime = ty.map_or_else(
        || {
            let ext = src
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let video = h.name == "video";
            match ext.as_str() {
                "webm" if video => "video/webm",
                "webm" => "audio/webm",
                "mp4" | "m4v" => "video/mp4",
                "ogv" => "video/ogg",
                "ogg" | "oga" if video => "video/ogg",
                "ogg" | "oga" => "audio/ogg",
                "mp3" => "audio/mpeg",
                "m4a" => "audio/mp4",
                "wav" => "audio/wav",
                _ if video => "video/mp4",
                _ => "audio/mpeg",
            }
            .to_owned()
        },
        str::to_owned,
    );
    Some((src, mime))
}

fn image_mime_type(src: &str) -> &'static str {
    let ext = src
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        _ => "image/png",
    }
}
