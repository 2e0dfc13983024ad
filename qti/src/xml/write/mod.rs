//! Writing the model as QTI 2.0, 2.1, 2.2 or 3.0 XML.
//!
//! Same-version output is canonical-equivalent to what was read (same elements, attributes,
//! text and order; whitespace in element-only content and attribute order may differ). Writing
//! to another version converts: names are mapped through the version's name table, 3.0
//! wrappers (`qti-content-body`) are added or removed, QTI 2.2 HTML5 elements move between the
//! `qh5:` namespace and the QTI namespace, and whatever the target cannot express is reported in
//! [`Written::report`] (with a `qti.convert.*` code) and left out, so that the output is valid
//! against the target's schema.

mod body;
mod document;
mod processing;

use std::collections::BTreeSet;

use lti_core::xml::{
    Attribute, Element, Namespace, NamespaceDeclaration, Node, QName, WriteOptions as XmlWrite,
    Writer, XSI_NS,
};
use lti_core::{Location, Problem, Report};
use serde::{Deserialize, Serialize};

use crate::QtiDocument;
use crate::codes;
use crate::version::{QTI_V2P2_HTML5_NS, Version};

/// The result of writing: the XML text and what the target version could not express.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Written {
    /// The document.
    pub xml: String,
    /// Conversion problems (`qti.convert.*`): empty for a same-version write.
    pub report: Report,
}

/// How to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WriteOptions {
    /// Write the XML declaration. Default `true`.
    pub declaration: bool,
    /// Indent element-only content by this many spaces (mixed content is never re-indented).
    /// Default `None`: whitespace as in the model.
    pub indent: Option<usize>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        Self {
            declaration: true,
            indent: None,
        }
    }
}

/// Writes a document in `target`'s vocabulary (converting when it differs from the version it
/// was read from).
pub fn write(doc: &QtiDocument, target: Version) -> Written {
    write_with(doc, target, &WriteOptions::default())
}

/// Writes a document with options.
pub fn write_with(doc: &QtiDocument, target: Version, opts: &WriteOptions) -> Written {
    let from = doc.version();
    let results = matches!(doc, QtiDocument::Result(_));
    let mut xml_opts = if opts.declaration {
        XmlWrite::default()
    } else {
        XmlWrite::fragment()
    };
    xml_opts.indent = opts.indent;
    let ns_uri = if results {
        target.results_namespace()
    } else {
        target.namespace()
    };
    let from_ns = if results {
        from.results_namespace()
    } else {
        from.namespace()
    };
    let mut wr = Wr {
        w: Writer::new(xml_opts),
        v: target,
        from,
        results,
        ns: Namespace::new(ns_uri),
        from_ns: Namespace::new(from_ns),
        h5: Namespace::new(QTI_V2P2_HTML5_NS),
        report: Report::new(),
        path: Vec::new(),
    };
    match doc {
        QtiDocument::Item(i) => wr.assessment_item(i),
        QtiDocument::Test(t) => wr.assessment_test(t),
        QtiDocument::Section(s) => wr.standalone_section(s),
        QtiDocument::Stimulus(s) => wr.assessment_stimulus(s),
        QtiDocument::Result(r) => wr.assessment_result(r),
    }
    let converting = target != from;
    let Wr { w, mut report, .. } = wr;
    let mut xml = w.finish();
    if converting {
        xml = repair(&xml, doc, target, opts, &mut report);
    }
    Written { xml, report }
}

/// The writing context.
pub(crate) struct Wr {
    w: Writer,
    /// The target version.
    v: Version,
    /// The version the model was read from.
    from: Version,
    results: bool,
    ns: Namespace,
    from_ns: Namespace,
    h5: Namespace,
    report: Report,
    /// Canonical names of the open elements (for conversion problem locations).
    path: Vec<String>,
}

impl Wr {
    fn converting(&self) -> bool {
        self.v != self.from
    }

    fn name(&self, canonical: &str) -> String {
        if self.results || !self.v.is_v3() {
            canonical.to_owned()
        } else {
            crate::version::v3_name_of(canonical)
        }
    }

    /// Starts a QTI element (canonical name).
    fn start(&mut self, canonical: &str) {
        let local = self.name(canonical);
        self.w.start(&QName::ns(&self.ns, local));
        self.path.push(canonical.to_owned());
    }

    fn end(&mut self) {
        self.w.end();
        self.path.pop();
    }

    /// Writes a QTI attribute (canonical name). Typed attributes are written before the kept
    /// ones, so the name is normally free; if a kept attribute took it anyway, the typed value
    /// is left out and reported rather than the name written twice.
    fn attr(&mut self, canonical: &str, value: &str) {
        let name = if self.results {
            canonical
        } else {
            self.v.attribute_name(canonical)
        };
        if self.w.has_attr(name) {
            // Not reached by the writers as they are (each writes its typed attributes first
            // and each name once); kept so that a mistake shows as a report, not as output
            // that does not read.
            debug_assert!(false, "attribute {name} written twice");
            self.lost(
                codes::CONVERT_UNSUPPORTED,
                format!("the attribute {name:?} was already written on this element; the value {value:?} was left out"),
            );
            return;
        }
        self.w.attr(name, value);
    }

    fn opt<T: std::fmt::Display>(&mut self, canonical: &str, value: Option<&T>) {
        if let Some(v) = value {
            self.attr(canonical, &v.to_string());
        }
    }

    fn opt_str(&mut self, canonical: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.attr(canonical, v);
        }
    }

    fn opt_bool(&mut self, canonical: &str, value: Option<bool>) {
        if let Some(v) = value {
            self.attr(canonical, if v { "true" } else { "false" });
        }
    }

    fn list<T: std::fmt::Display>(&mut self, canonical: &str, value: Option<&Vec<T>>) {
        if let Some(v) = value {
            let s: Vec<String> = v.iter().map(ToString::to_string).collect();
            self.attr(canonical, &s.join(" "));
        }
    }

    /// Writes attributes kept as written (no-namespace QTI names are canonical and mapped to
    /// the target; namespaced attributes keep their namespace).
    fn attributes(&mut self, attrs: &[Attribute]) {
        for a in attrs {
            match &a.name.ns {
                // An attribute a 2.x document does not know, spelled as a 3.0 QTI attribute
                // (`max-choices`): 2.x processors ignore it, a 3.0 reader would obey it, so a
                // conversion to 3.0 leaves it out (and says so) rather than change the meaning.
                None if !self.results && self.gains_meaning_in_3_0(&a.name.local) => {
                    self.lost(
                        codes::CONVERT_UNSUPPORTED,
                        format!(
                            "the attribute {:?} is not a QTI {} attribute but would be one in QTI 3.0; it was left out",
                            a.name.local, self.from
                        ),
                    );
                }
                None => {
                    let name = if self.results {
                        a.name.local.as_str()
                    } else {
                        self.v.attribute_name(&a.name.local)
                    };
                    if !self.w.has_attr(name) {
                        self.w.attr(name, &a.value);
                    } else if self.v.is_v3()
                        && self.from.is_v3()
                        && name != a.name.local
                        && !self.w.has_attr(&a.name.local)
                    {
                        // A 3.0 document had both `tool-name` and `toolName`: the first was
                        // read into the model (written before the kept attributes) or kept and
                        // ordered first (`spelt_as_in_2_x_last` in the reader), so this one
                        // was spelt the 2.x way, and is written as spelt.
                        self.w.attr(&a.name.local, &a.value);
                    } else {
                        // Its name is taken on this element (a typed field written under the
                        // same name in the target version): XML allows a name once.
                        self.lost(
                            codes::CONVERT_UNSUPPORTED,
                            format!(
                                "the attribute {:?} kept from the input would be written as {name:?}, which this element already has in QTI {}; it was left out",
                                a.name.local, self.v
                            ),
                        );
                    }
                }
                Some(ns) if ns.as_str() == XSI_NS && a.name.local == "schemaLocation" => {
                    let v = self.schema_location(&a.value);
                    self.w.attr_qname(&a.name, &v);
                }
                Some(_) => self.w.attr_qname(&a.name, &a.value),
            }
        }
    }

    /// Rewrites the QTI pairs of an `xsi:schemaLocation` for the target version.
    fn schema_location(&self, value: &str) -> String {
        if !self.converting() {
            return value.to_owned();
        }
        let parts: Vec<&str> = value.split_ascii_whitespace().collect();
        let mut out = Vec::new();
        for pair in parts.chunks(2) {
            match pair {
                [ns, loc] => {
                    let is_qti = Version::from_namespace(ns).is_some();
                    let is_res = Version::from_results_namespace(ns).is_some();
                    if is_qti && !self.results {
                        out.push(self.v.namespace().to_owned());
                        out.push(self.v.schema_location().to_owned());
                    } else if is_res && self.results {
                        out.push(self.v.results_namespace().to_owned());
                        out.push(results_schema_location(self.v).to_owned());
                    } else {
                        out.push((*ns).to_owned());
                        out.push((*loc).to_owned());
                    }
                }
                [one] => out.push((*one).to_owned()),
                _ => {}
            }
        }
        out.join(" ")
    }

    /// Namespace declarations of a root element: kept, except the declaration of the source
    /// QTI namespace when converting (the target namespace is declared with the element).
    fn namespace_declarations(&mut self, decls: &[NamespaceDeclaration]) {
        for d in decls {
            let is_qti = d.ns.as_deref().is_some_and(|n| {
                Version::from_namespace(n).is_some() || Version::from_results_namespace(n).is_some()
            });
            if is_qti && d.ns.as_ref() != Some(&self.ns) {
                continue;
            }
            if d.prefix.is_none() && d.ns.as_ref() != Some(&self.ns) {
                continue;
            }
            if d.ns.as_deref() == Some(QTI_V2P2_HTML5_NS) && self.v != Version::V2p2 {
                continue;
            }
            self.w
                .namespace_declaration(d.prefix.as_deref(), d.ns.as_ref());
        }
    }

    /// Reports what the target cannot express.
    fn lost(&mut self, code: &'static str, what: impl Into<String>) {
        let path = format!("/{}", self.path.join("/"));
        self.report.push(
            Problem::warning(code, what.into())
                .at(Location::Field { name: path })
                .spec(match self.v {
                    Version::V3p0 => "QTI 3.0 ASI",
                    _ => "QTI 2.x ASI",
                }),
        );
    }

    /// Writes a kept tree; when converting, elements in the source QTI namespace move to the
    /// target namespace with their names mapped.
    fn foreign(&mut self, el: &Element) {
        if self.converting() && el.name.ns.as_ref() == Some(&self.from_ns) {
            let mut out = el.clone();
            let mut dropped = Vec::new();
            self.map_in_place(&mut out, &mut dropped);
            for message in dropped {
                self.lost(codes::CONVERT_UNSUPPORTED, message);
            }
            self.w.element(&out);
        } else {
            self.w.element(el);
        }
    }

    /// Whether a no-namespace attribute of a 2.x document is spelt as a 3.0 QTI attribute
    /// (`match-max`) while this write converts to 3.0, where it would gain that meaning.
    fn gains_meaning_in_3_0(&self, local: &str) -> bool {
        self.v.is_v3() && !self.from.is_v3() && Version::V3p0.canonical_attribute(local) != local
    }

    /// Maps the QTI names of a kept tree to the target version. Two attributes of an element
    /// that map to one name (`toolName` and `tool-name` of a 3.0 element, both `toolName` in
    /// 2.x): an attribute whose mapped name is already placed, or is written as such by an
    /// attribute still to come, keeps its own spelling when that is free, else it is left out
    /// (said in `dropped`; not reached by parsed input, whose names are unique). As on typed
    /// elements, an attribute of a 2.x document spelt as a 3.0 QTI attribute (`max-choices`) is
    /// left out of a conversion to 3.0, where it would gain a meaning (said in `dropped` too).
    fn map_in_place(&self, el: &mut Element, dropped: &mut Vec<String>) {
        // (Names left out are not "still to come": `matchMax` before `match-max` takes its
        // mapped name.)
        if el.name.ns.as_ref() == Some(&self.from_ns) {
            let canonical = if self.results {
                el.name.local.to_string()
            } else {
                self.from.canonical_element(&el.name.local).to_owned()
            };
            el.name = QName::ns(&self.ns, self.name(&canonical));
            if !self.results {
                // Names taken: those already placed, and the no-namespace names still to come
                // as written (sets, so that a kept element with many attributes is not
                // quadratic).
                let mut placed: BTreeSet<String> = BTreeSet::new();
                let mut pending: BTreeSet<String> = el
                    .attributes
                    .iter()
                    .filter(|a| a.name.ns.is_none() && !self.gains_meaning_in_3_0(&a.name.local))
                    .map(|a| a.name.local.to_string())
                    .collect();
                let mut kept: Vec<Attribute> = Vec::with_capacity(el.attributes.len());
                for mut a in std::mem::take(&mut el.attributes) {
                    if a.name.ns.is_none() {
                        pending.remove(a.name.local.as_str());
                        if self.gains_meaning_in_3_0(&a.name.local) {
                            dropped.push(format!(
                                "the attribute {:?} of a kept element is not a QTI {} attribute but would be one in QTI 3.0; it was left out",
                                a.name.local.as_str(),
                                self.from
                            ));
                            continue;
                        }
                        let canon = self.from.canonical_attribute(&a.name.local);
                        let mapped = self.v.attribute_name(canon);
                        let taken = |n: &str| placed.contains(n) || pending.contains(n);
                        if !taken(mapped) {
                            a.name = QName::local(mapped);
                        } else if taken(&a.name.local) || a.name.local == mapped {
                            dropped.push(format!(
                                "a kept element has the attribute {mapped:?} twice once its names are mapped to QTI {}; the second was left out",
                                self.v
                            ));
                            continue;
                        }
                        placed.insert(a.name.local.to_string());
                    }
                    kept.push(a);
                }
                el.attributes = kept;
            }
            el.namespace_declarations.clear();
        }
        for c in &mut el.children {
            if let Node::Element(e) = c {
                self.map_in_place(e, dropped);
            }
        }
    }
}

fn results_schema_location(v: Version) -> &'static str {
    match v {
        Version::V2p0 | Version::V2p1 => {
            "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_result_v2p1.xsd"
        }
        Version::V2p2 => "http://www.imsglobal.org/xsd/qti/qtiv2p2/imsqti_result_v2p2.xsd",
        Version::V3p0 => {
            "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_resultv3p0_v1p0.xsd"
        }
    }
}

/// Reports that the written document could not be read back for its schema check (so it was
/// neither checked nor repaired): a warning when the reason is one of the reading limits (a
/// document near the depth limit gains a level where 3.0 wraps feedback content, say), an error
/// otherwise (the writers produce well-formed XML; this keeps a writer bug from passing
/// unreported).
#[cold]
fn unreadable_output(report: &mut Report, target: Version, e: &lti_core::xml::XmlError) {
    let message = format!(
        "the converted document could not be read back for the QTI {target} schema check \
         (it is returned unchecked): {e}"
    );
    report.push(
        if matches!(e.kind(), lti_core::xml::XmlErrorKind::LimitExceeded { .. }) {
            Problem::warning(codes::CONVERT_INVALID, message)
        } else {
            Problem::error(codes::CONVERT_INVALID, message)
        },
    );
}

/// After a cross-version write: checks the output against the target schema and removes what
/// the target does not allow (attributes and elements it does not declare there), reporting
/// each removal; any other schema problem left is reported as `qti.convert.invalid`.
fn repair(
    xml: &str,
    doc: &QtiDocument,
    target: Version,
    opts: &WriteOptions,
    report: &mut Report,
) -> String {
    let id = if matches!(doc, QtiDocument::Result(_)) {
        target.results_schema()
    } else {
        target.schema()
    };
    let (repairs, problems) = match crate::schema::check_for_repair(xml.as_bytes(), id) {
        Ok(checked) => checked,
        Err(e) => {
            unreadable_output(report, target, &e);
            return xml.to_owned();
        }
    };
    for p in problems {
        report.push(
            Problem::error(
                codes::CONVERT_INVALID,
                format!(
                    "the converted document is not valid QTI {target}: {}",
                    p.message
                ),
            )
            .at(p.location),
        );
    }
    if repairs.is_empty() {
        return xml.to_owned();
    }
    let mut tree =
        match lti_core::xml::parse_document(xml.as_bytes(), &lti_core::xml::Limits::default()) {
            Ok(tree) => tree,
            Err(e) => {
                unreadable_output(report, target, &e);
                return xml.to_owned();
            }
        };
    apply_repairs(&mut tree.root, &repairs, report, "");
    let mut xo = if opts.declaration {
        XmlWrite::default()
    } else {
        XmlWrite::fragment()
    };
    xo.indent = opts.indent;
    lti_core::xml::writer::write_document(&tree, &xo)
}

fn apply_repairs(
    el: &mut Element,
    repairs: &[crate::schema::Repair],
    report: &mut Report,
    parent_path: &str,
) {
    let path = format!("{parent_path}/{}", el.name.local);
    for r in repairs.iter().filter(|r| r.byte == el.span.byte()) {
        if let crate::schema::RepairKind::RemoveAttribute { ns, local } = &r.kind {
            let before = el.attributes.len();
            el.attributes
                .retain(|a| !(a.name.local == *local && a.name.ns.as_deref() == ns.as_deref()));
            if el.attributes.len() != before {
                report.push(
                    Problem::warning(
                        codes::CONVERT_ATTRIBUTE_DROPPED,
                        format!(
                            "attribute {local} of <{}> cannot be expressed in the target version and was left out",
                            el.name.local
                        ),
                    )
                    .at(el.span.location(path.clone())),
                );
            }
        }
    }
    let mut kept = Vec::with_capacity(el.children.len());
    for c in std::mem::take(&mut el.children) {
        if let Node::Element(e) = &c
            && repairs.iter().any(|r| {
                r.byte == e.span.byte()
                    && matches!(r.kind, crate::schema::RepairKind::RemoveElement)
            })
        {
            report.push(
                Problem::warning(
                    codes::CONVERT_ELEMENT_DROPPED,
                    format!(
                        "element <{}> cannot be expressed at this place in the target version and was left out",
                        e.name.local
                    ),
                )
                .at(e.span.location(format!("{path}/{}", e.name.local))),
            );
            continue;
        }
        kept.push(c);
    }
    el.children = kept;
    for c in &mut el.children {
        if let Node::Element(e) = c {
            apply_repairs(e, repairs, report, &path);
        }
    }
}

#[cfg(test)]
mod tests;
