//! Writing manifests to XML.

use crate::xml::writer::WriteOptions;
use crate::xml::{Attribute, Element, Namespace, Node, QName, XML_NS, writer};

use super::{Item, Manifest, Organization, Resource};

fn el(ns: Option<&Namespace>, local: &str) -> Element {
    Element::new(QName {
        ns: ns.cloned(),
        prefix: None,
        local: local.into(),
    })
}

fn text_el(ns: Option<&Namespace>, local: &str, text: &str) -> Element {
    el(ns, local).with_text(text)
}

fn base_attr(value: &str) -> Attribute {
    Attribute {
        name: QName::prefixed(&Namespace::new(XML_NS), "xml", "base"),
        value: value.into(),
    }
}

fn push_all(parent: &mut Element, els: &[Element]) {
    parent
        .children
        .extend(els.iter().cloned().map(Node::Element));
}

/// Builds the `<manifest>` element tree of a manifest (CP children first, in schema order, then
/// extensions).
pub fn manifest_to_element(m: &Manifest) -> Element {
    let ns = m.namespace.as_ref();
    let mut root = el(ns, "manifest").with_attr("identifier", &m.identifier);
    root.namespace_declarations
        .clone_from(&m.namespace_declarations);
    if let Some(v) = &m.version {
        root.set_attr("version", v);
    }
    if let Some(b) = &m.base {
        root.attributes.push(base_attr(b));
    }
    root.attributes.extend(m.other_attributes.iter().cloned());
    if let Some(md) = &m.metadata {
        let mut e = el(ns, "metadata");
        if let Some(s) = &md.schema {
            e.push(Node::Element(text_el(ns, "schema", s)));
        }
        if let Some(s) = &md.schemaversion {
            e.push(Node::Element(text_el(ns, "schemaversion", s)));
        }
        push_all(&mut e, &md.extensions);
        root.push(Node::Element(e));
    }
    let mut orgs = el(ns, "organizations");
    if let Some(d) = &m.organizations.default {
        orgs.set_attr("default", d);
    }
    orgs.attributes
        .extend(m.organizations.other_attributes.iter().cloned());
    for o in &m.organizations.organizations {
        orgs.push(Node::Element(organization(ns, o)));
    }
    push_all(&mut orgs, &m.organizations.extensions);
    root.push(Node::Element(orgs));
    let mut res = el(ns, "resources");
    if let Some(b) = &m.resources.base {
        res.attributes.push(base_attr(b));
    }
    res.attributes
        .extend(m.resources.other_attributes.iter().cloned());
    for r in &m.resources.resources {
        res.push(Node::Element(resource(ns, r)));
    }
    push_all(&mut res, &m.resources.extensions);
    root.push(Node::Element(res));
    for sub in &m.submanifests {
        root.push(Node::Element(manifest_to_element(sub)));
    }
    push_all(&mut root, &m.extensions);
    root
}

fn organization(ns: Option<&Namespace>, o: &Organization) -> Element {
    let mut e = el(ns, "organization").with_attr("identifier", &o.identifier);
    if let Some(s) = &o.structure {
        e.set_attr("structure", s);
    }
    e.attributes.extend(o.other_attributes.iter().cloned());
    if let Some(t) = &o.title {
        e.push(Node::Element(text_el(ns, "title", t)));
    }
    for i in &o.items {
        e.push(Node::Element(item(ns, i)));
    }
    if let Some(md) = &o.metadata {
        e.push(Node::Element(md.clone()));
    }
    push_all(&mut e, &o.extensions);
    e
}

fn item(ns: Option<&Namespace>, i: &Item) -> Element {
    let mut e = el(ns, "item").with_attr("identifier", &i.identifier);
    if let Some(r) = &i.identifierref {
        e.set_attr("identifierref", r);
    }
    if let Some(v) = i.isvisible {
        e.set_attr("isvisible", if v { "true" } else { "false" });
    }
    if let Some(p) = &i.parameters {
        e.set_attr("parameters", p);
    }
    e.attributes.extend(i.other_attributes.iter().cloned());
    if let Some(t) = &i.title {
        e.push(Node::Element(text_el(ns, "title", t)));
    }
    for c in &i.items {
        e.push(Node::Element(item(ns, c)));
    }
    if let Some(md) = &i.metadata {
        e.push(Node::Element(md.clone()));
    }
    push_all(&mut e, &i.extensions);
    e
}

fn resource(ns: Option<&Namespace>, r: &Resource) -> Element {
    let mut e = el(ns, "resource")
        .with_attr("identifier", &r.identifier)
        .with_attr("type", &r.resource_type);
    if let Some(h) = &r.href {
        e.set_attr("href", h);
    }
    if let Some(b) = &r.base {
        e.attributes.push(base_attr(b));
    }
    e.attributes.extend(r.other_attributes.iter().cloned());
    if let Some(md) = &r.metadata {
        e.push(Node::Element(md.clone()));
    }
    for f in &r.files {
        let mut fe = el(ns, "file").with_attr("href", &f.href);
        fe.attributes.extend(f.other_attributes.iter().cloned());
        if let Some(md) = &f.metadata {
            fe.push(Node::Element(md.clone()));
        }
        push_all(&mut fe, &f.extensions);
        e.push(Node::Element(fe));
    }
    for d in &r.dependencies {
        let mut de = el(ns, "dependency").with_attr("identifierref", &d.identifierref);
        de.attributes.extend(d.other_attributes.iter().cloned());
        push_all(&mut de, &d.extensions);
        e.push(Node::Element(de));
    }
    push_all(&mut e, &r.extensions);
    e
}

/// Writes a manifest as an `imsmanifest.xml` document (indented, with an XML declaration).
pub fn write_manifest(m: &Manifest) -> String {
    let root = manifest_to_element(m);
    let mut doc = crate::xml::Document::new(root);
    doc.declaration = Some(crate::xml::Declaration::default());
    writer::write_document(&doc, &WriteOptions::indented(2))
}
