//! The lossless node tree.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Limits;
use super::error::{XmlError, XmlErrorKind};
use super::name::Name;
use super::reader::{Event, Reader};
use crate::location::{Location, XmlPosition};
use crate::problem::Problem;

/// A namespace name (URI), shared cheaply between the elements that use it: a well-known
/// namespace is a `'static` string (cloning it costs nothing), any other one a shared string.
/// Equality, order and hashing use the URI.
#[derive(Clone)]
pub struct Namespace(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    Shared(Arc<str>),
}

impl Namespace {
    /// A namespace from its URI.
    pub fn new(uri: &str) -> Self {
        Self(Repr::Shared(Arc::from(uri)))
    }

    /// A namespace from a URI that lives for the whole program (no allocation, and clones
    /// without touching a reference count).
    pub const fn from_static(uri: &'static str) -> Self {
        Self(Repr::Static(uri))
    }

    /// The URI.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            Repr::Shared(s) => s,
        }
    }
}

impl PartialEq for Namespace {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Namespace {}

impl PartialOrd for Namespace {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Namespace {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Namespace {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::ops::Deref for Namespace {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Namespace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Namespace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Namespace {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl Serialize for Namespace {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Namespace {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Self(Repr::Shared(Arc::from(s))))
    }
}

/// A qualified name: namespace, prefix as written, local name.
///
/// Equality compares namespace and local name only; the prefix is kept for faithful output.
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QName {
    /// The namespace, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ns: Option<Namespace>,
    /// The prefix as written (or to write).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<Name>,
    /// The local name.
    pub local: Name,
}

impl QName {
    /// A name in no namespace.
    pub fn local(local: impl Into<Name>) -> Self {
        Self {
            ns: None,
            prefix: None,
            local: local.into(),
        }
    }

    /// A name in namespace `ns` written without prefix (in the default namespace).
    pub fn ns(ns: &Namespace, local: impl Into<Name>) -> Self {
        Self {
            ns: Some(ns.clone()),
            prefix: None,
            local: local.into(),
        }
    }

    /// A name in namespace `ns` written with `prefix`.
    pub fn prefixed(ns: &Namespace, prefix: impl Into<Name>, local: impl Into<Name>) -> Self {
        Self {
            ns: Some(ns.clone()),
            prefix: Some(prefix.into()),
            local: local.into(),
        }
    }

    /// Whether this is `local` in namespace `ns` (`None`: no namespace).
    pub fn is(&self, ns: Option<&str>, local: &str) -> bool {
        self.local == local && self.ns.as_deref() == ns
    }

    /// The name as written: `prefix:local` or `local`.
    pub fn qualified(&self) -> String {
        match &self.prefix {
            Some(p) => format!("{p}:{}", self.local),
            None => self.local.to_string(),
        }
    }
}

impl PartialEq for QName {
    fn eq(&self, other: &Self) -> bool {
        self.local == other.local && self.ns == other.ns
    }
}

impl Hash for QName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.local.hash(state);
        self.ns.hash(state);
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.prefix {
            write!(f, "{p}:")?;
        }
        f.write_str(&self.local)
    }
}

/// Where an element starts in its source document (byte offset, line, column).
///
/// Spans never take part in equality or hashing: two trees that differ only in positions are
/// equal (a parsed tree equals the same tree parsed from re-written output).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Span {
    byte: usize,
    line: u32,
    column: u32,
}

impl Span {
    /// A span at byte `byte`, 1-based `line` and `column`.
    pub const fn new(byte: usize, line: u32, column: u32) -> Self {
        Self { byte, line, column }
    }

    /// Whether the span is unknown (a node built in code).
    pub const fn is_unknown(&self) -> bool {
        self.line == 0
    }

    /// Byte offset.
    pub const fn byte(&self) -> usize {
        self.byte
    }

    /// 1-based line (0 when unknown).
    pub const fn line(&self) -> u32 {
        self.line
    }

    /// 1-based column (0 when unknown).
    pub const fn column(&self) -> u32 {
        self.column
    }

    /// A [`Location`] at this span with the given element path (unknown spans give
    /// [`Location::Xml`] with line 0, so the path is still reported).
    pub fn location(&self, path: impl Into<String>) -> Location {
        Location::Xml(XmlPosition::new(
            path,
            self.line,
            self.column,
            self.byte as u64,
        ))
    }
}

impl PartialEq for Span {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Span {}

impl Hash for Span {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

/// An attribute (namespace declarations are kept separately, see
/// [`Element::namespace_declarations`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Attribute {
    /// The name.
    pub name: QName,
    /// The value (normalised, references resolved).
    pub value: Name,
}

impl Attribute {
    /// A no-namespace attribute.
    pub fn new(local: impl Into<Name>, value: impl Into<Name>) -> Self {
        Self {
            name: QName::local(local),
            value: value.into(),
        }
    }

    /// An attribute with a name of any kind (no-namespace, namespaced, prefixed).
    pub fn with_name(name: QName, value: impl Into<Name>) -> Self {
        Self {
            name,
            value: value.into(),
        }
    }
}

/// A namespace declaration (`xmlns="…"` or `xmlns:p="…"`) written on an element.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NamespaceDeclaration {
    /// The prefix; `None` for the default namespace.
    pub prefix: Option<String>,
    /// The namespace; `None` for `xmlns=""` (undeclaring the default namespace).
    pub ns: Option<Namespace>,
}

impl NamespaceDeclaration {
    /// A declaration.
    pub fn new(prefix: Option<&str>, ns: Option<&Namespace>) -> Self {
        Self {
            prefix: prefix.map(str::to_owned),
            ns: ns.cloned(),
        }
    }
}

/// A node of the tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data (references resolved).
    Text(String),
    /// A CDATA section.
    CData(String),
    /// A comment.
    Comment(String),
    /// A processing instruction.
    ProcessingInstruction {
        /// The target.
        target: String,
        /// The data.
        data: String,
    },
}

impl Node {
    /// The element, if this node is one.
    pub fn as_element(&self) -> Option<&Element> {
        match self {
            Self::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The character data of a text or CDATA node.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(t) | Self::CData(t) => Some(t),
            _ => None,
        }
    }

    /// Whether this is a text node of XML whitespace only.
    pub fn is_whitespace(&self) -> bool {
        matches!(self, Self::Text(t) if t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')))
    }
}

/// An element with its attributes, namespace declarations and children, in document order.
///
/// Equality is canonical: names compare by namespace and local name (not prefix), attributes
/// compare as a set (order ignored), namespace declarations and spans are ignored; children
/// compare in order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Element {
    /// The name.
    pub name: QName,
    /// Attributes in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// Namespace declarations written on this element, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespace_declarations: Vec<NamespaceDeclaration>,
    /// Children in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
    /// Where the start tag is in the source (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl PartialEq for Element {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.attributes.len() == other.attributes.len()
            && self.attributes.iter().all(|a| other.attributes.contains(a))
            && self.children == other.children
    }
}

impl Eq for Element {}

impl Hash for Element {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.attributes.len().hash(state);
        self.children.hash(state);
    }
}

impl Element {
    /// An empty element.
    pub fn new(name: QName) -> Self {
        Self {
            name,
            attributes: Vec::new(),
            namespace_declarations: Vec::new(),
            children: Vec::new(),
            span: Span::default(),
        }
    }

    /// Whether this element is `local` in namespace `ns`.
    pub fn is(&self, ns: Option<&str>, local: &str) -> bool {
        self.name.is(ns, local)
    }

    /// The value of the no-namespace attribute `local`.
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name.ns.is_none() && a.name.local == local)
            .map(|a| a.value.as_str())
    }

    /// The value of attribute `local` in namespace `ns`.
    pub fn attr_ns(&self, ns: &str, local: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name.local == local && a.name.ns.as_deref() == Some(ns))
            .map(|a| a.value.as_str())
    }

    /// Sets (replaces or appends) the no-namespace attribute `local`.
    pub fn set_attr(&mut self, local: &str, value: impl Into<Name>) {
        let value = value.into();
        match self
            .attributes
            .iter_mut()
            .find(|a| a.name.ns.is_none() && a.name.local == local)
        {
            Some(a) => a.value = value,
            None => self.attributes.push(Attribute::new(local, value)),
        }
    }

    /// Removes the no-namespace attribute `local`, returning its value.
    pub fn remove_attr(&mut self, local: &str) -> Option<String> {
        let i = self
            .attributes
            .iter()
            .position(|a| a.name.ns.is_none() && a.name.local == local)?;
        Some(self.attributes.remove(i).value.into_string())
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Self> {
        self.children.iter().filter_map(Node::as_element)
    }

    /// The first child element named `local` in namespace `ns`.
    pub fn child(&self, ns: Option<&str>, local: &str) -> Option<&Self> {
        self.elements().find(|e| e.is(ns, local))
    }

    /// Child elements named `local` in namespace `ns`.
    pub fn children_named<'s>(
        &'s self,
        ns: Option<&'s str>,
        local: &'s str,
    ) -> impl Iterator<Item = &'s Self> + 's {
        self.elements().filter(move |e| e.is(ns, local))
    }

    /// The concatenated character data of this element and its descendants.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for c in &self.children {
            match c {
                Node::Text(t) | Node::CData(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
                _ => {}
            }
        }
    }

    /// Whether the children include non-whitespace text (mixed or text content).
    pub fn has_text_content(&self) -> bool {
        self.children
            .iter()
            .any(|c| matches!(c, Node::Text(_) | Node::CData(_)) && !c.is_whitespace())
    }

    /// Appends a child node.
    pub fn push(&mut self, node: Node) {
        self.children.push(node);
    }

    /// Appends a child element and returns `self` (builder style).
    #[must_use]
    pub fn with_child(mut self, child: Self) -> Self {
        self.children.push(Node::Element(child));
        self
    }

    /// Sets an attribute and returns `self` (builder style).
    #[must_use]
    pub fn with_attr(mut self, local: &str, value: impl Into<Name>) -> Self {
        self.set_attr(local, value);
        self
    }

    /// Appends a text child and returns `self` (builder style).
    #[must_use]
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.children.push(Node::Text(text.into()));
        self
    }

    /// Removes whitespace-only text children, recursively, in elements that have no
    /// non-whitespace text (element-only content). Mixed content is left alone. Used to
    /// compare documents "canonically".
    pub fn strip_insignificant_whitespace(&mut self) {
        if !self.has_text_content() {
            self.children.retain(|c| !c.is_whitespace());
        }
        for c in &mut self.children {
            if let Node::Element(e) = c {
                e.strip_insignificant_whitespace();
            }
        }
    }

    /// Counts this element and its descendant elements.
    pub fn element_count(&self) -> usize {
        1 + self
            .children
            .iter()
            .filter_map(Node::as_element)
            .map(Self::element_count)
            .sum::<usize>()
    }
}

/// The XML declaration.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Declaration {
    /// `version`.
    pub version: String,
    /// `encoding`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// `standalone`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standalone: Option<String>,
}

impl Default for Declaration {
    fn default() -> Self {
        Self {
            version: "1.0".to_owned(),
            encoding: Some("UTF-8".to_owned()),
            standalone: None,
        }
    }
}

/// A whole document: the prolog (comments and processing instructions before the root), the
/// root element and what follows it.
///
/// Equality ignores [`Document::problems`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Document {
    /// The XML declaration, if the document had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration: Option<Declaration>,
    /// The DOCTYPE declaration's content as written (kept, never processed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doctype: Option<String>,
    /// Comments and processing instructions before the root.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prolog: Vec<Node>,
    /// The root element.
    pub root: Element,
    /// Comments and processing instructions after the root.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub epilog: Vec<Node>,
    /// Warnings found while reading (not compared).
    #[serde(skip)]
    pub problems: Vec<Problem>,
}

impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.declaration == other.declaration
            && self.doctype == other.doctype
            && self.prolog == other.prolog
            && self.root == other.root
            && self.epilog == other.epilog
    }
}

impl Eq for Document {}

impl Document {
    /// A document with the given root and a default declaration.
    pub fn new(root: Element) -> Self {
        Self {
            declaration: Some(Declaration::default()),
            doctype: None,
            prolog: Vec::new(),
            root,
            epilog: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// Parses a whole document into a tree.
pub fn parse_document(input: &[u8], limits: &Limits) -> Result<Document, XmlError> {
    let text = super::reader::decode(input, limits)?;
    let declaration = read_declaration(text);
    let mut reader = Reader::from_str_unchecked(text, limits);
    let mut prolog = Vec::new();
    let root = loop {
        match reader.next()? {
            Event::Start(tag) => break reader.read_element(tag)?,
            Event::Comment(c) => prolog.push(Node::Comment(c.into_owned())),
            Event::ProcessingInstruction { target, data } => {
                prolog.push(Node::ProcessingInstruction {
                    target: target.into_owned(),
                    data: data.into_owned(),
                })
            }
            Event::Eof => return Err(reader.error_at_end(XmlErrorKind::NoRoot)),
            _ => {}
        }
    };
    let mut epilog = Vec::new();
    loop {
        match reader.next()? {
            Event::Eof => break,
            Event::Comment(c) => epilog.push(Node::Comment(c.into_owned())),
            Event::ProcessingInstruction { target, data } => {
                epilog.push(Node::ProcessingInstruction {
                    target: target.into_owned(),
                    data: data.into_owned(),
                })
            }
            _ => {}
        }
    }
    Ok(Document {
        declaration,
        doctype: reader.take_doctype(),
        prolog,
        root,
        epilog,
        problems: reader.take_problems(),
    })
}

/// Parses a document and returns its root element only.
pub fn parse_element(input: &[u8], limits: &Limits) -> Result<Element, XmlError> {
    parse_document(input, limits).map(|d| d.root)
}

fn read_declaration(text: &str) -> Option<Declaration> {
    let rest = text.strip_prefix("<?xml")?;
    if !rest.starts_with(|c: char| c.is_ascii_whitespace()) {
        return None;
    }
    let end = rest.find("?>")?;
    let body = &rest[..end];
    let get = |name: &str| -> Option<String> {
        let i = body.find(name)?;
        let after = body[i + name.len()..]
            .trim_start()
            .strip_prefix('=')?
            .trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let v = &after[1..];
        Some(v[..v.find(quote)?].to_owned())
    };
    Some(Declaration {
        version: get("version").unwrap_or_else(|| "1.0".to_owned()),
        encoding: get("encoding"),
        standalone: get("standalone"),
    })
}
