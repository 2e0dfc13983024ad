//! Small helpers over `lti_core::xml` trees shared by the descriptor, LOM and QTI modules.

use lti_core::Location;
use lti_core::xml::{Attribute, Element, Namespace, Node, QName, Span};

/// Children of `e` in the same namespace as `e` named `local`.
pub(crate) fn kids<'a>(e: &'a Element, local: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
    let ns = e.name.ns.clone();
    e.elements()
        .filter(move |c| c.name.local == local && c.name.ns == ns)
}

/// The first child of `e` in `e`'s namespace named `local`.
pub(crate) fn kid<'a>(e: &'a Element, local: &'a str) -> Option<&'a Element> {
    kids(e, local).next()
}

/// The trimmed text of the first child named `local`.
pub(crate) fn kid_text(e: &Element, local: &str) -> Option<String> {
    kid(e, local).map(|c| c.text().trim().to_owned())
}

/// Whether `c` is in the same namespace as `parent`.
pub(crate) fn same_ns(parent: &Element, c: &Element) -> bool {
    c.name.ns == parent.name.ns
}

/// A copy of `e` without insignificant whitespace (as kept in models).
pub(crate) fn keep(e: &Element) -> Element {
    let mut e = e.clone();
    e.strip_insignificant_whitespace();
    e
}

/// An element `prefix:local` in `ns` (no prefix when `prefix` is empty).
pub(crate) fn el(ns: &Namespace, prefix: &str, local: &str) -> Element {
    if prefix.is_empty() {
        Element::new(QName::ns(ns, local))
    } else {
        Element::new(QName::prefixed(ns, prefix, local))
    }
}

/// An element with text content.
pub(crate) fn text_el(ns: &Namespace, prefix: &str, local: &str, text: &str) -> Element {
    el(ns, prefix, local).with_text(text)
}

/// Appends an element child.
pub(crate) fn push(parent: &mut Element, child: Element) {
    parent.push(Node::Element(child));
}

/// Appends copies of elements.
pub(crate) fn push_all(parent: &mut Element, children: &[Element]) {
    parent
        .children
        .extend(children.iter().cloned().map(Node::Element));
}

/// A location for an element at `path`.
pub(crate) fn loc(path: &str, span: Span) -> Location {
    span.location(path)
}

/// Attributes of `e` other than the listed no-namespace ones.
pub(crate) fn other_attrs(e: &Element, known: &[&str]) -> Vec<Attribute> {
    e.attributes
        .iter()
        .filter(|a| !(a.name.ns.is_none() && known.contains(&a.name.local.as_str())))
        .cloned()
        .collect()
}

/// `path/child`.
pub(crate) fn sub(path: &str, child: &str) -> String {
    let mut s = String::with_capacity(path.len() + child.len() + 1);
    s.push_str(path);
    s.push('/');
    s.push_str(child);
    s
}
