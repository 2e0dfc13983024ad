//! Reading `questestinterop` trees into the model.

use lti_core::Report;
use lti_core::xml::{Element, Namespace, Node};

use super::model::{
    Assessment, Condition, DecVar, DisplayFeedback, FeedbackBlock, Item, ItemFeedback, Material,
    MaterialContent, Metadata, MetadataField, ObjectBank, Presentation, PresentationContent,
    Questestinterop, Render, ResProcessing, RespCondition, Response, ResponseKind, ResponseLabel,
    Section, SetVar,
};
use crate::codes;
use crate::xmlutil::{keep, loc, other_attrs, sub};

pub(crate) struct QtiReader<'r> {
    ns: Option<Namespace>,
    report: &'r mut Report,
}

impl<'r> QtiReader<'r> {
    pub(crate) fn new(root: &Element, report: &'r mut Report) -> Self {
        Self {
            ns: root.name.ns.clone(),
            report,
        }
    }

    fn is_qti(&self, e: &Element) -> bool {
        e.name.ns == self.ns
    }

    fn required(&mut self, e: &Element, attr: &str, path: &str) -> String {
        match e.attr(attr) {
            Some(v) => v.to_owned(),
            None => {
                self.report.error(
                    codes::QTI_STRUCTURE,
                    loc(path, e.span),
                    format!("<{}> requires attribute `{attr}`", e.name.local),
                );
                String::new()
            }
        }
    }

    fn not_in_profile(&mut self, parent: &str, e: &Element) {
        self.report.warning(
            codes::QTI_NOT_IN_PROFILE,
            loc(&sub(parent, &e.name.local), e.span),
            format!(
                "<{}> is not part of the CC profile of QTI 1.2.1 here; it is kept",
                e.name.local
            ),
        );
    }

    pub(crate) fn document(&mut self, e: &Element) -> Questestinterop {
        let path = "/questestinterop";
        let mut q = Questestinterop {
            namespace: self.ns.as_ref().map(|n| n.as_str().to_owned()),
            other_attributes: e.attributes.clone(),
            ..Questestinterop::default()
        };
        for c in e.elements() {
            if !self.is_qti(c) {
                q.extensions.push(keep(c));
                continue;
            }
            match c.name.local.as_str() {
                "assessment" => {
                    let a = self.assessment(c, &sub(path, "assessment"));
                    q.assessments.push(a);
                }
                "objectbank" => {
                    let b = self.object_bank(c, &sub(path, "objectbank"));
                    q.object_banks.push(b);
                }
                "section" => {
                    let s = self.section(c, &sub(path, "section"));
                    q.sections.push(s);
                }
                "item" => {
                    let i = self.item(c, &sub(path, "item"));
                    q.items.push(i);
                }
                _ => q.extensions.push(keep(c)),
            }
        }
        q
    }

    fn metadata_block(&mut self, e: &Element, md: &mut Metadata) {
        let mut n = 0;
        for f in e.elements() {
            if f.name.local != "qtimetadatafield" {
                continue;
            }
            n += 1;
            let text = |l: &str| {
                f.elements()
                    .find(|x| x.name.local == l)
                    .map(|x| x.text().trim().to_owned())
            };
            md.fields.push(MetadataField {
                label: text("fieldlabel").unwrap_or_default(),
                entry: text("fieldentry").unwrap_or_default(),
                span: f.span,
            });
        }
        md.blocks.get_or_insert_with(Vec::new).push(n);
    }

    fn assessment(&mut self, e: &Element, path: &str) -> Assessment {
        let mut a = Assessment {
            ident: self.required(e, "ident", path),
            title: e.attr("title").map(str::to_owned),
            other_attributes: other_attrs(e, &["ident", "title"]),
            span: e.span,
            ..Assessment::default()
        };
        if a.title.is_none() {
            self.report.error(
                codes::QTI_STRUCTURE,
                loc(path, e.span),
                "<assessment> requires attribute `title`",
            );
        }
        for c in e.elements() {
            if !self.is_qti(c) {
                a.extensions.push(keep(c));
                continue;
            }
            match c.name.local.as_str() {
                "qtimetadata" => self.metadata_block(c, &mut a.metadata),
                "rubric" if a.rubric.is_none() => a.rubric = Some(keep(c)),
                "presentation_material" if a.presentation_material.is_none() => {
                    a.presentation_material = Some(keep(c));
                }
                "section" => {
                    let s = self.section(c, &sub(path, "section"));
                    a.sections.push(s);
                }
                _ => a.extensions.push(keep(c)),
            }
        }
        a
    }

    fn object_bank(&mut self, e: &Element, path: &str) -> ObjectBank {
        let mut b = ObjectBank {
            ident: self.required(e, "ident", path),
            other_attributes: other_attrs(e, &["ident"]),
            span: e.span,
            ..ObjectBank::default()
        };
        for c in e.elements() {
            if !self.is_qti(c) {
                b.extensions.push(keep(c));
                continue;
            }
            match c.name.local.as_str() {
                "qtimetadata" => self.metadata_block(c, &mut b.metadata),
                "item" => {
                    let i = self.item(c, &sub(path, "item"));
                    b.items.push(i);
                }
                "section" => {
                    let s = self.section(c, &sub(path, "section"));
                    b.sections.push(s);
                }
                _ => b.extensions.push(keep(c)),
            }
        }
        b
    }

    fn section(&mut self, e: &Element, path: &str) -> Section {
        let mut s = Section {
            ident: self.required(e, "ident", path),
            title: e.attr("title").map(str::to_owned),
            other_attributes: other_attrs(e, &["ident", "title"]),
            span: e.span,
            ..Section::default()
        };
        for c in e.elements() {
            if !self.is_qti(c) {
                s.extensions.push(keep(c));
                continue;
            }
            match c.name.local.as_str() {
                "qtimetadata" => self.metadata_block(c, &mut s.metadata),
                "item" => {
                    let i = self.item(c, &sub(path, "item"));
                    s.items.push(i);
                }
                "section" => {
                    let x = self.section(c, &sub(path, "section"));
                    s.sections.push(x);
                }
                _ => s.extensions.push(keep(c)),
            }
        }
        s
    }

    pub(crate) fn item(&mut self, e: &Element, path: &str) -> Item {
        let mut it = Item {
            ident: self.required(e, "ident", path),
            title: e.attr("title").map(str::to_owned),
            other_attributes: other_attrs(e, &["ident", "title"]),
            span: e.span,
            ..Item::default()
        };
        for c in e.elements() {
            if !self.is_qti(c) {
                it.extensions.push(keep(c));
                continue;
            }
            match c.name.local.as_str() {
                "itemmetadata" => {
                    it.has_itemmetadata = true;
                    for m in c.elements() {
                        if self.is_qti(m) && m.name.local == "qtimetadata" {
                            self.metadata_block(m, &mut it.metadata);
                        } else {
                            it.metadata_extensions.push(keep(m));
                        }
                    }
                }
                "presentation" if it.presentation.is_none() => {
                    it.presentation = Some(self.presentation(c, &sub(path, "presentation")));
                }
                "resprocessing" => {
                    let rp = self.resprocessing(c, &sub(path, "resprocessing"));
                    it.resprocessing.push(rp);
                }
                "itemfeedback" => {
                    let f = self.item_feedback(c, &sub(path, "itemfeedback"));
                    it.feedback.push(f);
                }
                _ => it.extensions.push(keep(c)),
            }
        }
        it
    }

    pub(crate) fn material(&mut self, e: &Element) -> Material {
        let mut m = Material {
            label: e.attr("label").map(str::to_owned),
            other_attributes: other_attrs(e, &["label"]),
            ..Material::default()
        };
        for c in e.elements() {
            match c.name.local.as_str() {
                "mattext" if self.is_qti(c) => {
                    let cdata = c.children.iter().any(|n| matches!(n, Node::CData(_)));
                    m.content.push(MaterialContent::Text {
                        texttype: c.attr("texttype").map(str::to_owned),
                        text: c.text(),
                        other_attributes: other_attrs(c, &["texttype"]),
                        cdata,
                    });
                }
                "matref" if self.is_qti(c) => m.content.push(MaterialContent::Ref {
                    linkrefid: c.attr("linkrefid").unwrap_or_default().to_owned(),
                }),
                "matbreak" if self.is_qti(c) => m.content.push(MaterialContent::Break),
                "altmaterial" if self.is_qti(c) => m.alt.push(keep(c)),
                _ => m.content.push(MaterialContent::Other(keep(c))),
            }
        }
        m
    }

    fn presentation_content(&mut self, e: &Element, path: &str) -> Vec<PresentationContent> {
        let mut out = Vec::new();
        for c in e.elements() {
            if !self.is_qti(c) {
                out.push(PresentationContent::Other(keep(c)));
                continue;
            }
            let local = c.name.local.as_str();
            if let Some(kind) = ResponseKind::from_element(local) {
                let r = self.response(kind, c, &sub(path, local));
                out.push(PresentationContent::Response(r));
                continue;
            }
            match local {
                "material" => {
                    let m = self.material(c);
                    out.push(PresentationContent::Material(m));
                }
                "flow" => {
                    let content = self.presentation_content(c, &sub(path, "flow"));
                    out.push(PresentationContent::Flow {
                        class: c.attr("class").map(str::to_owned),
                        content,
                    });
                }
                _ => out.push(PresentationContent::Other(keep(c))),
            }
        }
        out
    }

    fn presentation(&mut self, e: &Element, path: &str) -> Presentation {
        Presentation {
            content: self.presentation_content(e, path),
            attributes: e.attributes.clone(),
        }
    }

    fn response(&mut self, kind: ResponseKind, e: &Element, path: &str) -> Response {
        let mut r = Response {
            kind,
            ident: self.required(e, "ident", path),
            rcardinality: e.attr("rcardinality").map(str::to_owned),
            material_before: Vec::new(),
            render: None,
            material_after: Vec::new(),
            other_attributes: other_attrs(e, &["ident", "rcardinality"]),
            extensions: Vec::new(),
            span: e.span,
        };
        for c in e.elements() {
            if !self.is_qti(c) {
                r.extensions.push(keep(c));
                continue;
            }
            let local = c.name.local.as_str();
            if local == "material" {
                let m = self.material(c);
                if r.render.is_none() {
                    r.material_before.push(m);
                } else {
                    r.material_after.push(m);
                }
            } else if local.starts_with("render_") && r.render.is_none() {
                r.render = Some(self.render(c));
            } else {
                r.extensions.push(keep(c));
            }
        }
        r
    }

    fn render(&mut self, e: &Element) -> Render {
        let mut r = Render {
            element: e.name.local.to_string(),
            attributes: e.attributes.clone(),
            ..Render::default()
        };
        self.render_children(e, &mut r);
        r
    }

    fn render_children(&mut self, e: &Element, r: &mut Render) {
        for c in e.elements() {
            if !self.is_qti(c) {
                r.extensions.push(keep(c));
                continue;
            }
            match c.name.local.as_str() {
                "response_label" => {
                    let mut l = ResponseLabel {
                        ident: c.attr("ident").unwrap_or_default().to_owned(),
                        other_attributes: other_attrs(c, &["ident"]),
                        span: c.span,
                        ..ResponseLabel::default()
                    };
                    if c.attr("ident").is_none() {
                        self.report.error(
                            codes::QTI_STRUCTURE,
                            loc("//response_label", c.span),
                            "<response_label> requires attribute `ident`",
                        );
                    }
                    for m in c.elements() {
                        if self.is_qti(m) && m.name.local == "material" {
                            let mm = self.material(m);
                            l.material.push(mm);
                        } else {
                            l.extensions.push(keep(m));
                        }
                    }
                    r.labels.push(l);
                }
                "flow_label" => {
                    r.flow_label = true;
                    self.render_children(c, r);
                }
                "material" => {
                    let m = self.material(c);
                    r.material.push(m);
                }
                _ => r.extensions.push(keep(c)),
            }
        }
    }

    fn resprocessing(&mut self, e: &Element, path: &str) -> ResProcessing {
        let mut rp = ResProcessing {
            span: e.span,
            ..ResProcessing::default()
        };
        for c in e.elements() {
            if !self.is_qti(c) {
                rp.extensions.push(keep(c));
                continue;
            }
            match c.name.local.as_str() {
                "outcomes" => {
                    rp.has_outcomes = true;
                    for d in c.elements() {
                        if d.name.local == "decvar" {
                            rp.outcomes.push(DecVar {
                                varname: d.attr("varname").map(str::to_owned),
                                vartype: d.attr("vartype").map(str::to_owned),
                                minvalue: d.attr("minvalue").map(str::to_owned),
                                maxvalue: d.attr("maxvalue").map(str::to_owned),
                                other_attributes: other_attrs(
                                    d,
                                    &["varname", "vartype", "minvalue", "maxvalue"],
                                ),
                            });
                        } else {
                            self.not_in_profile(&sub(path, "outcomes"), d);
                        }
                    }
                }
                "respcondition" => {
                    let rc = self.respcondition(c, &sub(path, "respcondition"));
                    rp.conditions.push(rc);
                }
                _ => rp.extensions.push(keep(c)),
            }
        }
        if !rp.has_outcomes {
            self.report.error(
                codes::QTI_STRUCTURE,
                loc(path, e.span),
                "<resprocessing> requires <outcomes>",
            );
        }
        rp
    }

    fn respcondition(&mut self, e: &Element, path: &str) -> RespCondition {
        let mut rc = RespCondition {
            title: e.attr("title").map(str::to_owned),
            continue_: e.attr("continue").map(str::to_owned),
            span: e.span,
            ..RespCondition::default()
        };
        let mut has_conditionvar = false;
        for c in e.elements() {
            if !self.is_qti(c) {
                rc.extensions.push(keep(c));
                continue;
            }
            match c.name.local.as_str() {
                "conditionvar" => {
                    has_conditionvar = true;
                    rc.conditions = c.elements().map(|x| self.condition(x)).collect();
                }
                "setvar" => rc.setvars.push(SetVar {
                    varname: c.attr("varname").map(str::to_owned),
                    action: c.attr("action").map(str::to_owned),
                    value: c.text().trim().to_owned(),
                }),
                "displayfeedback" => {
                    let linkrefid = self.required(c, "linkrefid", &sub(path, "displayfeedback"));
                    rc.feedback.push(DisplayFeedback {
                        feedbacktype: c.attr("feedbacktype").map(str::to_owned),
                        linkrefid,
                        span: c.span,
                    });
                }
                _ => rc.extensions.push(keep(c)),
            }
        }
        if !has_conditionvar {
            self.report.error(
                codes::QTI_STRUCTURE,
                loc(path, e.span),
                "<respcondition> requires <conditionvar>",
            );
        }
        rc
    }

    fn condition(&mut self, e: &Element) -> Condition {
        if !self.is_qti(e) {
            return Condition::Extension(keep(e));
        }
        let case = || {
            e.attr("case")
                .is_some_and(|c| c.trim().eq_ignore_ascii_case("yes"))
        };
        match e.name.local.as_str() {
            "varequal" => Condition::VarEqual {
                respident: e.attr("respident").unwrap_or_default().to_owned(),
                case_sensitive: case(),
                value: e.text().trim().to_owned(),
                span: e.span,
            },
            "varsubstring" => Condition::VarSubstring {
                respident: e.attr("respident").unwrap_or_default().to_owned(),
                case_sensitive: case(),
                value: e.text().trim().to_owned(),
                span: e.span,
            },
            "other" => Condition::Other,
            "and" => Condition::And(e.elements().map(|x| self.condition(x)).collect()),
            "or" => Condition::Or(e.elements().map(|x| self.condition(x)).collect()),
            "not" => Condition::Not(e.elements().map(|x| self.condition(x)).collect()),
            _ => Condition::Extension(keep(e)),
        }
    }

    fn mat_list(&mut self, e: &Element, out: &mut Vec<Material>) {
        for c in e.elements() {
            match c.name.local.as_str() {
                "material" => {
                    let m = self.material(c);
                    out.push(m);
                }
                "flow_mat" | "solutionmaterial" | "hintmaterial" => self.mat_list(c, out),
                _ => {}
            }
        }
    }

    fn item_feedback(&mut self, e: &Element, path: &str) -> ItemFeedback {
        let mut f = ItemFeedback {
            ident: self.required(e, "ident", path),
            title: e.attr("title").map(str::to_owned),
            other_attributes: other_attrs(e, &["ident", "title"]),
            span: e.span,
            ..ItemFeedback::default()
        };
        for c in e.elements() {
            if !self.is_qti(c) {
                f.blocks.push(FeedbackBlock::Other(keep(c)));
                continue;
            }
            let mut mats = Vec::new();
            match c.name.local.as_str() {
                "flow_mat" => {
                    self.mat_list(c, &mut mats);
                    f.blocks.push(FeedbackBlock::FlowMat(mats));
                }
                "material" => {
                    let m = self.material(c);
                    f.blocks.push(FeedbackBlock::Material(m));
                }
                "solution" => {
                    self.mat_list(c, &mut mats);
                    f.blocks.push(FeedbackBlock::Solution(mats));
                }
                "hint" => {
                    self.mat_list(c, &mut mats);
                    f.blocks.push(FeedbackBlock::Hint(mats));
                }
                _ => f.blocks.push(FeedbackBlock::Other(keep(c))),
            }
        }
        f
    }
}
