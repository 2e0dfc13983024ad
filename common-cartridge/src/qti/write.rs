//! Writing the model back to `questestinterop` trees, children in schema order.

use lti_core::xml::{Element, Namespace, Node, QName};

use super::model::{
    Assessment, Condition, FeedbackBlock, Item, ItemFeedback, Material, MaterialContent, Metadata,
    ObjectBank, Presentation, PresentationContent, Questestinterop, Render, ResProcessing,
    Response, Section,
};
use crate::xmlutil::{push, push_all};

pub(crate) struct QtiWriter {
    ns: Option<Namespace>,
}

impl QtiWriter {
    pub(crate) fn new(ns: Option<Namespace>) -> Self {
        Self { ns }
    }

    fn el(&self, local: &str) -> Element {
        Element::new(match &self.ns {
            Some(n) => QName::ns(n, local),
            None => QName::local(local),
        })
    }

    fn text_el(&self, local: &str, text: &str) -> Element {
        self.el(local).with_text(text)
    }

    pub(crate) fn document(&self, q: &Questestinterop) -> Element {
        let mut root = self.el("questestinterop");
        root.attributes.clone_from(&q.other_attributes);
        for e in &q.extensions {
            push(&mut root, e.clone());
        }
        for a in &q.assessments {
            push(&mut root, self.assessment(a));
        }
        for b in &q.object_banks {
            push(&mut root, self.object_bank(b));
        }
        for s in &q.sections {
            push(&mut root, self.section(s));
        }
        for i in &q.items {
            push(&mut root, self.item(i));
        }
        root
    }

    fn metadata(&self, md: &Metadata, parent: &mut Element) {
        if md.fields.is_empty() {
            return;
        }
        let sizes: Vec<usize> = match &md.blocks {
            Some(b) if b.iter().sum::<usize>() == md.fields.len() && !b.is_empty() => b.clone(),
            _ => vec![md.fields.len()],
        };
        let mut fields = md.fields.iter();
        for n in sizes {
            let mut block = self.el("qtimetadata");
            for f in fields.by_ref().take(n) {
                let mut fe = self.el("qtimetadatafield");
                push(&mut fe, self.text_el("fieldlabel", &f.label));
                push(&mut fe, self.text_el("fieldentry", &f.entry));
                push(&mut block, fe);
            }
            push(parent, block);
        }
    }

    fn assessment(&self, a: &Assessment) -> Element {
        let mut e = self.el("assessment").with_attr("ident", &a.ident);
        if let Some(t) = &a.title {
            e.set_attr("title", t);
        }
        e.attributes.extend(a.other_attributes.iter().cloned());
        self.metadata(&a.metadata, &mut e);
        if let Some(r) = &a.rubric {
            push(&mut e, r.clone());
        }
        if let Some(p) = &a.presentation_material {
            push(&mut e, p.clone());
        }
        for s in &a.sections {
            push(&mut e, self.section(s));
        }
        push_all(&mut e, &a.extensions);
        e
    }

    fn object_bank(&self, b: &ObjectBank) -> Element {
        let mut e = self.el("objectbank").with_attr("ident", &b.ident);
        e.attributes.extend(b.other_attributes.iter().cloned());
        self.metadata(&b.metadata, &mut e);
        for i in &b.items {
            push(&mut e, self.item(i));
        }
        for s in &b.sections {
            push(&mut e, self.section(s));
        }
        push_all(&mut e, &b.extensions);
        e
    }

    fn section(&self, s: &Section) -> Element {
        let mut e = self.el("section").with_attr("ident", &s.ident);
        if let Some(t) = &s.title {
            e.set_attr("title", t);
        }
        e.attributes.extend(s.other_attributes.iter().cloned());
        self.metadata(&s.metadata, &mut e);
        for i in &s.items {
            push(&mut e, self.item(i));
        }
        for x in &s.sections {
            push(&mut e, self.section(x));
        }
        push_all(&mut e, &s.extensions);
        e
    }

    pub(crate) fn item(&self, i: &Item) -> Element {
        let mut e = self.el("item").with_attr("ident", &i.ident);
        if let Some(t) = &i.title {
            e.set_attr("title", t);
        }
        e.attributes.extend(i.other_attributes.iter().cloned());
        if i.has_itemmetadata || !i.metadata.is_empty() || !i.metadata_extensions.is_empty() {
            let mut md = self.el("itemmetadata");
            self.metadata(&i.metadata, &mut md);
            push_all(&mut md, &i.metadata_extensions);
            push(&mut e, md);
        }
        // A second `presentation` (the schema allows one) is kept as an extension; it goes
        // after the modelled one, so that reading the output models the same one again.
        let later = |x: &Element| x.name.local == "presentation";
        for x in i.extensions.iter().filter(|x| !later(x)) {
            push(&mut e, x.clone());
        }
        if let Some(p) = &i.presentation {
            push(&mut e, self.presentation(p));
        }
        for x in i.extensions.iter().filter(|x| later(x)) {
            push(&mut e, x.clone());
        }
        for rp in &i.resprocessing {
            push(&mut e, self.resprocessing(rp));
        }
        for f in &i.feedback {
            push(&mut e, self.item_feedback(f));
        }
        e
    }

    pub(crate) fn material(&self, m: &Material) -> Element {
        let mut e = self.el("material");
        if let Some(l) = &m.label {
            e.set_attr("label", l);
        }
        e.attributes.extend(m.other_attributes.iter().cloned());
        for c in &m.content {
            match c {
                MaterialContent::Text {
                    texttype,
                    text,
                    other_attributes,
                    cdata,
                } => {
                    let mut t = self.el("mattext");
                    if let Some(tt) = texttype {
                        t.set_attr("texttype", tt);
                    }
                    t.attributes.extend(other_attributes.iter().cloned());
                    if *cdata && !text.contains("]]>") {
                        t.push(Node::CData(text.clone()));
                    } else {
                        t.push(Node::Text(text.clone()));
                    }
                    push(&mut e, t);
                }
                MaterialContent::Ref { linkrefid } => {
                    push(&mut e, self.el("matref").with_attr("linkrefid", linkrefid));
                }
                MaterialContent::Break => push(&mut e, self.el("matbreak")),
                MaterialContent::Other(x) => push(&mut e, x.clone()),
            }
        }
        push_all(&mut e, &m.alt);
        e
    }

    fn presentation_content(&self, parent: &mut Element, content: &[PresentationContent]) {
        for c in content {
            match c {
                PresentationContent::Material(m) => push(parent, self.material(m)),
                PresentationContent::Response(r) => push(parent, self.response(r)),
                PresentationContent::Flow { class, content } => {
                    let mut f = self.el("flow");
                    if let Some(cl) = class {
                        f.set_attr("class", cl);
                    }
                    self.presentation_content(&mut f, content);
                    push(parent, f);
                }
                PresentationContent::Other(x) => push(parent, x.clone()),
            }
        }
    }

    fn presentation(&self, p: &Presentation) -> Element {
        let mut e = self.el("presentation");
        e.attributes.clone_from(&p.attributes);
        self.presentation_content(&mut e, &p.content);
        e
    }

    fn response(&self, r: &Response) -> Element {
        let mut e = self.el(r.kind.element()).with_attr("ident", &r.ident);
        if let Some(c) = &r.rcardinality {
            e.set_attr("rcardinality", c);
        }
        e.attributes.extend(r.other_attributes.iter().cloned());
        for m in &r.material_before {
            push(&mut e, self.material(m));
        }
        if let Some(rd) = &r.render {
            push(&mut e, self.render(rd));
        }
        for m in &r.material_after {
            push(&mut e, self.material(m));
        }
        push_all(&mut e, &r.extensions);
        e
    }

    fn render(&self, r: &Render) -> Element {
        let mut e = self.el(&r.element);
        e.attributes.clone_from(&r.attributes);
        for m in &r.material {
            push(&mut e, self.material(m));
        }
        let mut labels = Vec::with_capacity(r.labels.len());
        for l in &r.labels {
            let mut le = self.el("response_label").with_attr("ident", &l.ident);
            le.attributes.extend(l.other_attributes.iter().cloned());
            for m in &l.material {
                push(&mut le, self.material(m));
            }
            push_all(&mut le, &l.extensions);
            labels.push(le);
        }
        if r.flow_label {
            let mut fl = self.el("flow_label");
            push_all(&mut fl, &labels);
            push(&mut e, fl);
        } else {
            push_all(&mut e, &labels);
        }
        push_all(&mut e, &r.extensions);
        e
    }

    fn condition(&self, c: &Condition) -> Element {
        match c {
            Condition::VarEqual {
                respident,
                case_sensitive,
                value,
                ..
            }
            | Condition::VarSubstring {
                respident,
                case_sensitive,
                value,
                ..
            } => {
                let name = if matches!(c, Condition::VarEqual { .. }) {
                    "varequal"
                } else {
                    "varsubstring"
                };
                let mut e = self.el(name).with_attr("respident", respident);
                if *case_sensitive {
                    e.set_attr("case", "Yes");
                }
                e.with_text(value)
            }
            Condition::Other => self.el("other"),
            Condition::And(x) | Condition::Or(x) | Condition::Not(x) => {
                let name = match c {
                    Condition::And(_) => "and",
                    Condition::Or(_) => "or",
                    _ => "not",
                };
                let mut e = self.el(name);
                for y in x {
                    push(&mut e, self.condition(y));
                }
                e
            }
            Condition::Extension(x) => x.clone(),
        }
    }

    fn resprocessing(&self, rp: &ResProcessing) -> Element {
        let mut e = self.el("resprocessing");
        if rp.has_outcomes || !rp.outcomes.is_empty() {
            let mut o = self.el("outcomes");
            for d in &rp.outcomes {
                let mut de = self.el("decvar");
                for (k, v) in [
                    ("varname", &d.varname),
                    ("vartype", &d.vartype),
                    ("minvalue", &d.minvalue),
                    ("maxvalue", &d.maxvalue),
                ] {
                    if let Some(v) = v {
                        de.set_attr(k, v);
                    }
                }
                de.attributes.extend(d.other_attributes.iter().cloned());
                push(&mut o, de);
            }
            push(&mut e, o);
        }
        for rc in &rp.conditions {
            let mut re = self.el("respcondition");
            if let Some(t) = &rc.title {
                re.set_attr("title", t);
            }
            if let Some(c) = &rc.continue_ {
                re.set_attr("continue", c);
            }
            let mut cv = self.el("conditionvar");
            for c in &rc.conditions {
                push(&mut cv, self.condition(c));
            }
            push(&mut re, cv);
            for s in &rc.setvars {
                let mut se = self.el("setvar");
                if let Some(v) = &s.varname {
                    se.set_attr("varname", v);
                }
                if let Some(v) = &s.action {
                    se.set_attr("action", v);
                }
                push(&mut re, se.with_text(&s.value));
            }
            for f in &rc.feedback {
                let mut fe = self.el("displayfeedback");
                if let Some(t) = &f.feedbacktype {
                    fe.set_attr("feedbacktype", t);
                }
                fe.set_attr("linkrefid", &f.linkrefid);
                push(&mut re, fe);
            }
            push_all(&mut re, &rc.extensions);
            push(&mut e, re);
        }
        push_all(&mut e, &rp.extensions);
        e
    }

    fn mats(&self, parent: &mut Element, wrapper: Option<&str>, mats: &[Material]) {
        for m in mats {
            match wrapper {
                Some(w) => {
                    let mut x = self.el(w);
                    push(&mut x, self.material(m));
                    push(parent, x);
                }
                None => push(parent, self.material(m)),
            }
        }
    }

    fn item_feedback(&self, f: &ItemFeedback) -> Element {
        let mut e = self.el("itemfeedback").with_attr("ident", &f.ident);
        if let Some(t) = &f.title {
            e.set_attr("title", t);
        }
        e.attributes.extend(f.other_attributes.iter().cloned());
        for b in &f.blocks {
            match b {
                FeedbackBlock::FlowMat(m) => {
                    let mut x = self.el("flow_mat");
                    self.mats(&mut x, None, m);
                    push(&mut e, x);
                }
                FeedbackBlock::Material(m) => push(&mut e, self.material(m)),
                FeedbackBlock::Solution(m) => {
                    let mut x = self.el("solution");
                    self.mats(&mut x, Some("solutionmaterial"), m);
                    push(&mut e, x);
                }
                FeedbackBlock::Hint(m) => {
                    let mut x = self.el("hint");
                    self.mats(&mut x, Some("hintmaterial"), m);
                    push(&mut e, x);
                }
                FeedbackBlock::Other(x) => push(&mut e, x.clone()),
            }
        }
        e
    }
}
