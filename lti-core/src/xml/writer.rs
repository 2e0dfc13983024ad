//! Writing XML: whole trees ([`write_document`], [`write_element`]) or streams of calls
//! ([`Writer`]) for typed models. Namespaces are declared where needed, so trees built in code
//! (with no declarations) come out well-formed and namespace-correct.

use super::XML_NS;
use super::tree::{Declaration, Document, Element, Namespace, Node, QName};

/// How to write.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(default)]
pub struct WriteOptions {
    /// Write an XML declaration (`<?xml version="1.0" encoding="UTF-8"?>`). Default `true`.
    pub declaration: bool,
    /// Indent element-only content with this many spaces per level (at most [`MAX_INDENT`]).
    /// Mixed content (an element with non-whitespace text children) is never indented. `None`
    /// (default) writes the tree exactly as it is, whitespace text nodes included.
    pub indent: Option<usize>,
}

/// The most spaces a level of [`WriteOptions::indent`] takes; larger values act as this.
pub const MAX_INDENT: usize = 16;

impl Default for WriteOptions {
    fn default() -> Self {
        Self {
            declaration: true,
            indent: None,
        }
    }
}

impl WriteOptions {
    /// No declaration, no indentation: for fragments and exact output.
    pub fn fragment() -> Self {
        Self {
            declaration: false,
            indent: None,
        }
    }

    /// Options with indentation of `spaces` per level.
    pub fn indented(spaces: usize) -> Self {
        Self {
            declaration: true,
            indent: Some(spaces),
        }
    }
}

/// Attributes on one start tag up to which [`Writer::has_attr`] compares names one by one.
const LINEAR_ATTRIBUTE_LOOKUP: usize = 16;

struct Open {
    qualified: String,
    scope_mark: usize,
    has_children: bool,
    mixed: bool,
}

impl Open {
    /// The prefix the element's name is written with (`None`: unprefixed), which its own
    /// namespace declarations must not rebind (a local name holds no colon).
    fn name_prefix(&self) -> Option<&str> {
        self.qualified.split_once(':').map(|(p, _)| p)
    }
}

/// A streaming XML writer.
///
/// ```
/// use lti_core::xml::{Namespace, QName, Writer, WriteOptions};
/// let ns = Namespace::new("urn:example");
/// let mut w = Writer::new(WriteOptions::fragment());
/// w.start(&QName::ns(&ns, "root"));
/// w.attr("id", "r1");
/// w.start(&QName::ns(&ns, "child"));
/// w.text("a < b");
/// w.end();
/// w.end();
/// assert_eq!(w.finish(), r#"<root xmlns="urn:example" id="r1"><child>a &lt; b</child></root>"#);
/// ```
pub struct Writer {
    out: String,
    opts: WriteOptions,
    bindings: Vec<(Option<String>, Option<Namespace>)>,
    open: Vec<Open>,
    tag_open: bool,
    /// Where the qualified names of the attributes written on the open start tag are in `out`.
    tag_attrs: Vec<std::ops::Range<usize>>,
    /// The same names as a set, built when [`Writer::has_attr`] is asked about a tag with many
    /// attributes (so that checking every attribute of such a tag is not quadratic).
    tag_set: Option<std::collections::BTreeSet<Box<str>>>,
    generated: usize,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("len", &self.out.len())
            .finish_non_exhaustive()
    }
}

/// Where the prefix for an attribute's namespace comes from (see `Writer::prefix_in_scope`).
#[derive(Clone, Copy)]
enum InScope {
    /// The XML namespace's own `xml`.
    Xml,
    /// The attribute's own prefix, bound to its namespace.
    Wanted,
    /// The prefix of this entry of the writer's bindings.
    Bound(usize),
}

impl Writer {
    /// A writer with the given options. The XML declaration, when enabled, is written by
    /// [`Writer::declaration`] or automatically before the first element.
    pub fn new(opts: WriteOptions) -> Self {
        Self {
            out: String::with_capacity(4096),
            opts,
            bindings: Vec::new(),
            open: Vec::new(),
            tag_open: false,
            tag_attrs: Vec::new(),
            tag_set: None,
            generated: 0,
        }
    }

    /// Writes an XML declaration (only at the start; ignored later).
    pub fn declaration(&mut self, decl: &Declaration) {
        if !self.out.is_empty() || !self.opts.declaration {
            return;
        }
        self.out.push_str("<?xml version=\"");
        escape_attr_into(&mut self.out, &decl.version);
        self.out.push('"');
        // The output is always UTF-8, whatever the input declared.
        self.out.push_str(" encoding=\"UTF-8\"");
        if let Some(s) = &decl.standalone {
            self.out.push_str(" standalone=\"");
            escape_attr_into(&mut self.out, s);
            self.out.push('"');
        }
        self.out.push_str("?>");
        if self.opts.indent.is_some() || self.opts.declaration {
            self.out.push('\n');
        }
    }

    fn lookup(&self, prefix: Option<&str>) -> Option<&Option<Namespace>> {
        self.bindings
            .iter()
            .rev()
            .find(|(p, _)| p.as_deref() == prefix)
            .map(|(_, n)| n)
    }

    /// Where in `bindings` a non-default prefix currently bound to `ns` (and not shadowed) is.
    fn prefix_for(&self, ns: &Namespace) -> Option<usize> {
        for (i, (p, n)) in self.bindings.iter().enumerate().rev() {
            if let (Some(p), Some(n)) = (p, n)
                && n == ns
                && !self.bindings[i + 1..]
                    .iter()
                    .any(|(q, _)| q.as_deref() == Some(p))
            {
                return Some(i);
            }
        }
        None
    }

    fn declare(&mut self, prefix: Option<&str>, ns: Option<&Namespace>) {
        match prefix {
            Some(p) => {
                self.out.push_str(" xmlns:");
                self.out.push_str(p);
            }
            None => self.out.push_str(" xmlns"),
        }
        self.out.push_str("=\"");
        if let Some(n) = ns {
            escape_attr_into(&mut self.out, n);
        }
        self.out.push('"');
        self.bindings.push((prefix.map(str::to_owned), ns.cloned()));
    }

    fn close_start_tag(&mut self) {
        if self.tag_open {
            self.out.push('>');
            self.tag_open = false;
        }
    }

    fn newline_indent(&mut self, depth: usize) {
        if let Some(n) = self.opts.indent {
            if self.open.last().is_some_and(|o| o.mixed) {
                return;
            }
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push('\n');
            }
            // At most MAX_INDENT columns a level, however large the option.
            for _ in 0..depth.saturating_mul(n.min(MAX_INDENT)) {
                self.out.push(' ');
            }
        }
    }

    fn before_child(&mut self) {
        if self.out.is_empty() && self.opts.declaration {
            self.declaration(&Declaration::default());
        }
        self.close_start_tag();
        if let Some(o) = self.open.last_mut() {
            o.has_children = true;
        }
    }

    /// Starts an element. Declares its namespace when the prefix is not bound to it.
    pub fn start(&mut self, name: &QName) {
        self.before_child();
        let depth = self.open.len();
        if depth > 0 || self.opts.indent.is_some() {
            self.newline_indent(depth);
        }
        let mark = self.bindings.len();
        let prefix = match (&name.ns, &name.prefix) {
            (Some(ns), Some(p)) if ns.as_str() == XML_NS || p == "xml" => Some("xml".to_owned()),
            (_, p) => p.as_ref().map(|p| p.to_string()),
        };
        let qualified = match &prefix {
            Some(p) => format!("{p}:{}", name.local),
            None => name.local.to_string(),
        };
        self.tag_attrs.clear();
        self.tag_set = None;
        self.out.push('<');
        self.out.push_str(&qualified);
        self.open.push(Open {
            qualified,
            scope_mark: mark,
            has_children: false,
            mixed: false,
        });
        self.tag_open = true;
        let bound = self.lookup(prefix.as_deref()).cloned();
        match (&name.ns, prefix.as_deref()) {
            (Some(ns), p) => {
                if bound.as_ref().and_then(Option::as_ref) != Some(ns) && p != Some("xml") {
                    self.declare(p, Some(ns));
                }
            }
            (None, None) => {
                if matches!(bound, Some(Some(_))) {
                    self.declare(None, None);
                }
            }
            (None, Some(_)) => {}
        }
    }

    /// Writes a namespace declaration on the element just started (before any content).
    /// Declarations already in force are skipped, and so is one that would rebind the prefix
    /// of the element's own name (the name's namespace was bound by [`Writer::start`]; a
    /// kept declaration of the same prefix would move the element into another namespace).
    pub fn namespace_declaration(&mut self, prefix: Option<&str>, ns: Option<&Namespace>) {
        if !self.tag_open || prefix == Some("xml") {
            return;
        }
        let current = self.lookup(prefix).cloned();
        let Some(open) = self.open.last() else {
            return;
        };
        let mark = open.scope_mark;
        let declared_here = self.bindings[mark..]
            .iter()
            .any(|(p, _)| p.as_deref() == prefix);
        if declared_here || current.as_ref().map(Option::as_ref) == Some(ns) {
            return;
        }
        if open.name_prefix() == prefix {
            return;
        }
        if current.is_none() && ns.is_none() {
            return;
        }
        self.declare(prefix, ns);
    }

    /// Whether the element just started already has an attribute written with this qualified
    /// name (`local`, or `prefix:local` as written). False when no start tag is open.
    ///
    /// Callers that write attributes from several sources (typed fields and attributes kept as
    /// read) use it to keep the output well-formed: XML forbids a name twice on one element.
    /// Names are compared as written: namespace declarations are not attributes here, and one
    /// expanded name under two prefixes is not recognised as the same.
    pub fn has_attr(&mut self, qualified: &str) -> bool {
        if !self.tag_open {
            return false;
        }
        if self.tag_attrs.len() <= LINEAR_ATTRIBUTE_LOOKUP {
            return self
                .tag_attrs
                .iter()
                .any(|r| self.out.get(r.clone()) == Some(qualified));
        }
        let (out, ranges) = (&self.out, &self.tag_attrs);
        self.tag_set
            .get_or_insert_with(|| {
                ranges
                    .iter()
                    .filter_map(|r| out.get(r.clone()))
                    .map(Box::from)
                    .collect()
            })
            .contains(qualified)
    }

    /// Notes the name of an attribute just written (`at..` to the end of the output).
    fn written_attr_name(&mut self, at: usize) {
        let end = self.out.len();
        if let Some(set) = &mut self.tag_set {
            set.insert(Box::from(&self.out[at..end]));
        }
        self.tag_attrs.push(at..end);
    }

    /// Writes a no-namespace attribute on the element just started.
    pub fn attr(&mut self, local: &str, value: &str) {
        if !self.tag_open {
            return;
        }
        self.out.push(' ');
        let at = self.out.len();
        self.out.push_str(local);
        self.written_attr_name(at);
        self.out.push_str("=\"");
        escape_attr_into(&mut self.out, value);
        self.out.push('"');
    }

    /// Writes an attribute with a qualified name on the element just started, declaring a
    /// prefix for its namespace when needed.
    pub fn attr_qname(&mut self, name: &QName, value: &str) {
        if !self.tag_open {
            return;
        }
        let Some(ns) = &name.ns else {
            self.attr(&name.local, value);
            return;
        };
        // The prefix is copied from where it is kept (no `String` per attribute written); a
        // declaration, when one is needed, is written before the attribute.
        let wanted = name.prefix.as_deref();
        let found = self.prefix_in_scope(ns, wanted);
        let declared = match found {
            Some(_) => None,
            None => Some(self.declare_attr_prefix(ns, wanted)),
        };
        self.out.push(' ');
        let at = self.out.len();
        match (found, &declared) {
            (Some(InScope::Xml), _) => self.out.push_str("xml"),
            (Some(InScope::Wanted), _) => self.out.push_str(wanted.unwrap_or_default()),
            (Some(InScope::Bound(i)), _) => {
                if let Some((Some(p), _)) = self.bindings.get(i) {
                    self.out.push_str(p);
                }
            }
            (None, declared) => self.out.push_str(declared.as_deref().unwrap_or_default()),
        }
        self.out.push(':');
        self.out.push_str(&name.local);
        self.written_attr_name(at);
        self.out.push_str("=\"");
        escape_attr_into(&mut self.out, value);
        self.out.push('"');
    }

    /// The prefix in scope for attributes in `ns`, if there is one: `xml` for the XML
    /// namespace, else `wanted` when it is bound to `ns`, else a prefix bound to `ns`. (Without
    /// one, [`Writer::declare_attr_prefix`] declares `wanted` or a generated `nsN`.)
    fn prefix_in_scope(&self, ns: &Namespace, wanted: Option<&str>) -> Option<InScope> {
        if ns.as_str() == XML_NS {
            return Some(InScope::Xml);
        }
        if wanted.is_some_and(|p| self.lookup(Some(p)).and_then(Option::as_ref) == Some(ns)) {
            return Some(InScope::Wanted);
        }
        self.prefix_for(ns).map(InScope::Bound)
    }

    /// Declares a prefix for attributes in `ns` on the open tag: `wanted` when it is free,
    /// else a generated `nsN`.
    fn declare_attr_prefix(&mut self, ns: &Namespace, wanted: Option<&str>) -> String {
        let p = match wanted {
            Some(p) if self.lookup(Some(p)).is_none() => p.to_owned(),
            _ => loop {
                self.generated += 1;
                let cand = format!("ns{}", self.generated);
                if self.lookup(Some(&cand)).is_none() {
                    break cand;
                }
            },
        };
        self.declare(Some(&p), Some(ns));
        p
    }

    /// Writes character data, escaped.
    pub fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.before_child();
        if let Some(o) = self.open.last_mut()
            && !text
                .bytes()
                .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            o.mixed = true;
        }
        escape_text_into(&mut self.out, text);
    }

    /// Writes a CDATA section (split where the content contains `]]>`).
    pub fn cdata(&mut self, text: &str) {
        self.before_child();
        if let Some(o) = self.open.last_mut() {
            o.mixed = true;
        }
        self.out.push_str("<![CDATA[");
        self.out.push_str(&text.replace("]]>", "]]]]><![CDATA[>"));
        self.out.push_str("]]>");
    }

    /// Writes a comment (a `--` inside is written as `- -`, which XML requires).
    pub fn comment(&mut self, text: &str) {
        self.before_child();
        let depth = self.open.len();
        self.newline_indent(depth);
        self.out.push_str("<!--");
        let mut t = text.replace("--", "- -");
        if t.ends_with('-') {
            t.push(' ');
        }
        self.out.push_str(&t);
        self.out.push_str("-->");
    }

    /// Writes a processing instruction.
    pub fn processing_instruction(&mut self, target: &str, data: &str) {
        self.before_child();
        let depth = self.open.len();
        self.newline_indent(depth);
        self.out.push_str("<?");
        self.out.push_str(target);
        if !data.is_empty() {
            self.out.push(' ');
            self.out.push_str(&data.replace("?>", "? >"));
        }
        self.out.push_str("?>");
    }

    /// Ends the innermost open element (`<a/>` when it had no content). Does nothing when no
    /// element is open.
    pub fn end(&mut self) {
        let Some(open) = self.open.pop() else {
            return;
        };
        if self.tag_open {
            self.out.push_str("/>");
            self.tag_open = false;
        } else {
            if open.has_children && !open.mixed {
                let depth = self.open.len();
                self.newline_indent(depth);
            }
            self.out.push_str("</");
            self.out.push_str(&open.qualified);
            self.out.push('>');
        }
        self.bindings.truncate(open.scope_mark);
    }

    /// Writes a whole element tree.
    pub fn element(&mut self, el: &Element) {
        self.start(&el.name);
        for d in &el.namespace_declarations {
            self.namespace_declaration(d.prefix.as_deref(), d.ns.as_ref());
        }
        // Prefixes the attributes need are declared before any attribute, where a reader puts
        // declarations back: a declaration between two attributes would move ahead of them
        // when the output is read and written again.
        for a in &el.attributes {
            if let Some(ns) = &a.name.ns
                && self.prefix_in_scope(ns, a.name.prefix.as_deref()).is_none()
            {
                self.declare_attr_prefix(ns, a.name.prefix.as_deref());
            }
        }
        for a in &el.attributes {
            self.attr_qname(&a.name, &a.value);
        }
        let indenting = self.opts.indent.is_some();
        let mixed = el.has_text_content();
        if mixed && let Some(o) = self.open.last_mut() {
            o.mixed = true;
        }
        for c in &el.children {
            if indenting && !mixed && c.is_whitespace() {
                continue;
            }
            self.node(c);
        }
        self.end();
    }

    /// Writes any node.
    pub fn node(&mut self, node: &Node) {
        match node {
            Node::Element(e) => self.element(e),
            Node::Text(t) => self.text(t),
            Node::CData(t) => self.cdata(t),
            Node::Comment(t) => self.comment(t),
            Node::ProcessingInstruction { target, data } => {
                self.processing_instruction(target, data)
            }
        }
    }

    /// Closes every open element and returns the text.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.end();
        }
        if self.opts.indent.is_some() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out
    }
}

/// Writes a document: declaration (when enabled), DOCTYPE, prolog, root, epilog.
pub fn write_document(doc: &Document, opts: &WriteOptions) -> String {
    let mut w = Writer::new(opts.clone());
    if opts.declaration {
        match &doc.declaration {
            Some(d) => w.declaration(d),
            None => w.declaration(&Declaration::default()),
        }
    }
    if let Some(dt) = &doc.doctype {
        w.out.push_str("<!");
        w.out.push_str(dt);
        w.out.push_str(">\n");
    }
    for n in &doc.prolog {
        w.node(n);
        w.out.push('\n');
    }
    w.element(&doc.root);
    for n in &doc.epilog {
        w.out.push('\n');
        w.node(n);
    }
    w.finish()
}

/// Writes one element tree (no declaration).
pub fn write_element(el: &Element, opts: &WriteOptions) -> String {
    let mut o = opts.clone();
    o.declaration = false;
    let mut w = Writer::new(o);
    w.element(el);
    w.finish()
}

/// Escapes text content: `&`, `<`, `>`, and CR (so it survives line-end normalisation).
pub fn escape_text_into(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\r' => "&#13;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// Escapes an attribute value for double quotes: `&`, `<`, `"`, and TAB/LF/CR as character
/// references (so they survive attribute-value normalisation).
pub fn escape_attr_into(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\t' => "&#9;",
            b'\n' => "&#10;",
            b'\r' => "&#13;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}
