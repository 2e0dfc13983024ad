//! Reading QTI XML (2.0, 2.1, 2.2, 3.0 and the results namespaces) into the model, in one pass
//! over the streaming reader, with the schema checks run on the same events.

/// `next_event!(rd => ev)`: `let ev` = the reader's next event, borrowed where the reader wrote
/// it (matching it by value copies a just-written event, a measurable stall on every read); the
/// reader's error is returned from the enclosing function.
macro_rules! next_event {
    ($rd:expr => $ev:ident) => {
        let mut res = $rd.next();
        let $ev = match res {
            Ok(ref mut ev) => ev,
            Err(e) => return Err(e),
        };
    };
}

mod body;
mod declarations;
mod document;
mod processing;

use std::borrow::Cow;

use lti_core::xml::{
    Attribute, Element, Event, Limits, Namespace, NamespaceDeclaration, Node, QName, Reader,
    StartTag, XML_NS, XmlError,
};
use lti_core::{Problem, Report};
use serde::{Deserialize, Serialize};

use crate::QtiDocument;
use crate::codes;
use crate::schema::{Validator, schema_for_namespace};
use crate::value::{Float, Identifier};
use crate::version::{QTI_V2P2_HTML5_NS, Version};

/// How to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Strict mode: elements and attributes the schema does not know are errors (lenient mode,
    /// the default, keeps them as foreign nodes and reports a warning).
    pub strict: bool,
    /// Run the XSD-equivalent checks while reading (default `true`). Without them, reading is
    /// faster and reports only what prevents building the model.
    pub schema_checks: bool,
    /// XML resource limits.
    pub limits: Limits,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            strict: false,
            schema_checks: true,
            limits: Limits::default(),
        }
    }
}

impl ReadOptions {
    /// Lenient reading with schema checks (the default).
    pub fn lenient() -> Self {
        Self::default()
    }

    /// Strict reading with schema checks.
    pub fn strict() -> Self {
        Self {
            strict: true,
            ..Self::default()
        }
    }

    /// Reading without schema checks (fastest).
    pub fn unchecked() -> Self {
        Self {
            schema_checks: false,
            ..Self::default()
        }
    }
}

/// Why a document could not be read at all. Everything else is a [`Problem`] in the report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Not well-formed XML, or a limit was exceeded.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The root element is not a QTI item, test, section, stimulus or results document.
    #[error("the root element <{root}>{} is not a QTI 2.x/3.0 document", ns.as_ref().map(|n| format!(" in namespace {n}")).unwrap_or_default())]
    NotQti {
        /// The root's local name.
        root: String,
        /// The root's namespace.
        ns: Option<String>,
    },
    /// The document is QTI, but not the kind asked for.
    #[error("expected {expected}, found a QTI {found}")]
    WrongKind {
        /// What was asked for.
        expected: &'static str,
        /// The kind found (`item`, `test`, `section`, `stimulus`, `results`).
        found: String,
    },
}

impl ReadError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Xml(e) => e.code(),
            Self::NotQti { .. } => codes::NOT_QTI,
            Self::WrongKind { .. } => codes::WRONG_KIND,
        }
    }

    /// This error as a problem (with the XML position when known).
    pub fn to_problem(&self) -> Problem {
        match self {
            Self::Xml(e) => e.to_problem(),
            _ => Problem::error(self.code(), self.to_string()),
        }
    }
}

/// Reads an item (any other document kind is [`ReadError::WrongKind`]).
pub fn parse_item(
    input: &[u8],
    opts: &ReadOptions,
) -> Result<(crate::AssessmentItem, Report), ReadError> {
    match parse(input, opts)? {
        (QtiDocument::Item(i), r) => Ok((i, r)),
        (other, _) => Err(ReadError::WrongKind {
            expected: "an assessment item",
            found: other.kind_name().to_owned(),
        }),
    }
}

/// Reads a test (any other document kind is [`ReadError::WrongKind`]).
pub fn parse_test(
    input: &[u8],
    opts: &ReadOptions,
) -> Result<(crate::AssessmentTest, Report), ReadError> {
    match parse(input, opts)? {
        (QtiDocument::Test(t), r) => Ok((t, r)),
        (other, _) => Err(ReadError::WrongKind {
            expected: "an assessment test",
            found: other.kind_name().to_owned(),
        }),
    }
}

/// Reads a results report (any other document kind is [`ReadError::WrongKind`]).
pub fn parse_result(
    input: &[u8],
    opts: &ReadOptions,
) -> Result<(crate::AssessmentResult, Report), ReadError> {
    match parse(input, opts)? {
        (QtiDocument::Result(r), rep) => Ok((r, rep)),
        (other, _) => Err(ReadError::WrongKind {
            expected: "a results report",
            found: other.kind_name().to_owned(),
        }),
    }
}

/// Reads any QTI document (item, test, section, stimulus, results).
pub fn parse(input: &[u8], opts: &ReadOptions) -> Result<(QtiDocument, Report), ReadError> {
    let mut reader = Reader::new(input, &opts.limits)?;
    reader.expect_namespaces(crate::version::QTI_NAMESPACES);
    let root = loop {
        match reader.next()? {
            Event::Start(tag) => break tag,
            Event::Eof => {
                return Err(ReadError::Xml(
                    reader.error_at_end(lti_core::xml::XmlErrorKind::NoRoot),
                ));
            }
            _ => {}
        }
    };
    let mut problems = reader.take_problems();
    let ns = root.ns().map(str::to_owned);
    let local = root.local();
    let (version, results, qti_ns) = match ns.as_deref() {
        Some(n) if Version::from_namespace(n).is_some() => (
            Version::from_namespace(n).unwrap_or(Version::V2p1),
            false,
            n.to_owned(),
        ),
        Some(n) if Version::from_results_namespace(n).is_some() => (
            Version::from_results_namespace(n).unwrap_or(Version::V2p1),
            true,
            n.to_owned(),
        ),
        _ => {
            // Not a QTI namespace: read a recognisable root anyway, and say what is wrong.
            let guess = if local.starts_with("qti-") {
                Some(Version::V3p0)
            } else if matches!(
                local,
                "assessmentItem" | "assessmentTest" | "assessmentSection" | "assessmentStimulus"
            ) {
                Some(Version::V2p1)
            } else {
                None
            };
            let is_result = local == "assessmentResult";
            let Some(v) = guess.or_else(|| is_result.then_some(Version::V2p1)) else {
                return Err(ReadError::NotQti {
                    root: local.to_owned(),
                    ns,
                });
            };
            problems.push(
                Problem::error(
                    codes::NAMESPACE_UNKNOWN,
                    format!(
                        "<{local}> is {}, not in a QTI namespace; read as QTI {v}",
                        ns.as_deref().map_or_else(
                            || "in no namespace".to_owned(),
                            |n| format!("in namespace {n}")
                        )
                    ),
                )
                .at(root.span().location(format!("/{}", root.local()))),
            );
            (v, is_result, ns.clone().unwrap_or_default())
        }
    };
    // A 3.0 vocabulary in a 2.x namespace (or the reverse) is read with both vocabularies:
    // 3.0 names are mapped to the canonical ones and 2.x names, which 3.0 never uses, pass
    // through unchanged, so that a document mixing them (a 2.x root with `qti-*` interactions
    // inside) is typed throughout.
    let names = if !results && version.is_v3() != local.starts_with("qti-") {
        let used = if local.starts_with("qti-") {
            Version::V3p0
        } else {
            Version::V2p2
        };
        problems.push(
            Problem::error(
                codes::NAMESPACE_MISMATCH,
                format!(
                    "<{local}> uses the QTI {} element names but the namespace of QTI {version}",
                    if used.is_v3() { "3.0" } else { "2.x" }
                ),
            )
            .at(root.span().location(format!("/{local}"))),
        );
        Version::V3p0
    } else {
        version
    };
    let validator = if opts.schema_checks {
        schema_for_namespace(&qti_ns).map(|id| Validator::new(id, opts.strict))
    } else {
        None
    };
    let mut rd = Rd {
        r: reader,
        v: names,
        doc_version: version,
        results,
        qti_ns_ptr: root.ns().map_or(std::ptr::null(), str::as_ptr),
        qti_ns,
        val: validator,
        problems,
        operand_stack: Vec::new(),
    };
    rd.validate_start(&root);
    let doc = if results {
        if rd.canon(&root) != Some("assessmentResult") {
            return Err(ReadError::NotQti {
                root: local.to_owned(),
                ns: root.ns().map(str::to_owned),
            });
        }
        QtiDocument::Result(rd.assessment_result(&root)?)
    } else {
        match rd.canon(&root) {
            Some("assessmentItem") => QtiDocument::Item(rd.assessment_item(&root)?),
            Some("assessmentTest") => QtiDocument::Test(rd.assessment_test(&root)?),
            Some("assessmentSection") => {
                let ns_decls = namespace_declarations(&root);
                let mut s = rd.assessment_section(&root)?;
                s.namespace_declarations = ns_decls;
                QtiDocument::Section(s)
            }
            Some("assessmentStimulus") => QtiDocument::Stimulus(rd.assessment_stimulus(&root)?),
            _ => {
                return Err(ReadError::NotQti {
                    root: local.to_owned(),
                    ns: root.ns().map(str::to_owned),
                });
            }
        }
    };
    // Whatever follows the root (comments, processing instructions) is checked for
    // well-formedness.
    loop {
        if let Event::Eof = rd.r.next()? {
            break;
        }
    }
    let mut report = Report::new();
    report.extend(rd.problems);
    report.extend(rd.r.take_problems());
    if let Some(mut v) = rd.val {
        report.extend(v.take_problems());
    }
    Ok((set_version(doc, version), report))
}

fn set_version(doc: QtiDocument, v: Version) -> QtiDocument {
    match doc {
        QtiDocument::Item(mut i) => {
            i.version = v;
            QtiDocument::Item(i)
        }
        QtiDocument::Test(mut t) => {
            t.version = v;
            QtiDocument::Test(t)
        }
        QtiDocument::Section(mut s) => {
            s.version = v;
            QtiDocument::Section(s)
        }
        QtiDocument::Stimulus(mut s) => {
            s.version = v;
            QtiDocument::Stimulus(s)
        }
        QtiDocument::Result(mut r) => {
            r.version = v;
            QtiDocument::Result(r)
        }
    }
}

pub(crate) fn namespace_declarations(tag: &StartTag<'_>) -> Vec<NamespaceDeclaration> {
    tag.namespace_declarations()
        .iter()
        .map(|(p, n)| NamespaceDeclaration::new(*p, n.as_ref()))
        .collect()
}

/// The reading context: the event source, the version's vocabulary, the schema checker.
pub(crate) struct Rd<'a> {
    r: Reader<'a>,
    /// The vocabulary the document uses (3.0 names or 2.x names).
    v: Version,
    /// The version told by the namespace.
    doc_version: Version,
    /// A results document (camelCase names in every version).
    results: bool,
    /// The document's QTI namespace.
    qti_ns: String,
    /// Where the reader keeps that namespace's string (fast comparison).
    qti_ns_ptr: *const u8,
    val: Option<Validator>,
    problems: Vec<Problem>,
    /// Operands being read, of every operator open on the path (each takes its own off the
    /// end when it closes, into a list of exactly its length).
    operand_stack: Vec<crate::processing::Expression>,
}

impl<'a> Rd<'a> {
    fn validate_start(&mut self, tag: &StartTag<'a>) {
        if let Some(v) = self.val.as_mut() {
            let r = &self.r;
            v.start(tag, &|| r.path());
        }
    }

    /// The next event, fed to the schema checker.
    #[inline]
    fn next(&mut self) -> Result<Event<'a>, XmlError> {
        // Without the checker the reader's result is returned as it is (written once, into the
        // caller's slot: a copy of a just-written event is measurably slow); with it, the
        // event is fed out of line.
        if self.val.is_some() {
            return self.next_checked();
        }
        self.r.next()
    }

    /// [`Rd::next`] feeding the schema checker.
    #[inline(never)]
    fn next_checked(&mut self) -> Result<Event<'a>, XmlError> {
        let ev = self.r.next();
        self.feed(&ev);
        ev
    }

    /// Feeds an event to the schema checker.
    fn feed(&mut self, ev: &Result<Event<'a>, XmlError>) {
        if let (Some(v), Ok(ev)) = (self.val.as_mut(), ev) {
            let r = &self.r;
            match ev {
                Event::Start(tag) => {
                    v.start(tag, &|| r.path());
                }
                Event::End(e) => v.end(e.local(), &|| r.path()),
                Event::Text(t) | Event::CData(t) => v.text(t, &|| r.path()),
                _ => {}
            }
        }
    }

    /// The canonical (2.x) name of an element in the document's QTI namespace. `None` for an
    /// element outside it, and for a `qti-` name in a document with 2.x names: the elements new
    /// in 3.0 keep their `qti-` name as their canonical one, but a 2.x document has no such
    /// element, so it is unknown there and kept as written (typed, a same-version write would
    /// have to leave it out as unsupported).
    fn canon(&self, tag: &StartTag<'a>) -> Option<&'a str> {
        let ns = tag.ns().unwrap_or_default();
        // The reader shares one string per namespace: compare pointers first.
        if ns.as_ptr() != self.qti_ns_ptr && ns != self.qti_ns {
            return None;
        }
        let local = tag.local();
        if self.results {
            Some(local)
        } else if self.v.is_v3() {
            Some(self.v.canonical_element(local))
        } else if local.starts_with("qti-") {
            None
        } else {
            Some(local)
        }
    }

    /// Whether the element is in the QTI 2.2 HTML5 namespace.
    fn is_html5_ns(tag: &StartTag<'_>) -> bool {
        tag.ns() == Some(QTI_V2P2_HTML5_NS)
    }

    fn attrs<'t>(&self, tag: &'t StartTag<'a>) -> Attrs<'t> {
        Attrs::new(tag, if self.results { Version::V2p1 } else { self.v })
    }

    /// Steps over the whitespace between child elements without making it an event
    /// ([`Reader::skip_whitespace`]): the loops that call this discard text. With the schema
    /// checker, only where the checker would ignore the whitespace too (anywhere but in simple
    /// content, whose text it checks).
    #[inline]
    fn skip_indentation(&mut self) -> Result<(), XmlError> {
        if self.val.as_ref().is_none_or(Validator::ignores_whitespace) {
            self.r.skip_whitespace()?;
        }
        Ok(())
    }

    /// Calls `f` for each child element (which `f` must read to its end), skipping text,
    /// comments and processing instructions, until the current element ends.
    fn children(
        &mut self,
        mut f: impl FnMut(&mut Self, &StartTag<'a>) -> Result<(), XmlError>,
    ) -> Result<(), XmlError> {
        loop {
            self.skip_indentation()?;
            next_event!(self => ev);
            match ev {
                Event::Start(t) => {
                    f(self, t)?;
                    // The tag's attribute buffer serves the next start tag.
                    self.r.recycle_attrs(t);
                }
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// Skips to the end of the current element (its content is still checked).
    fn skip(&mut self) -> Result<(), XmlError> {
        let mut depth = 0usize;
        loop {
            self.skip_indentation()?;
            next_event!(self => ev);
            match ev {
                Event::Start(t) => {
                    depth += 1;
                    self.r.recycle_attrs(t);
                }
                Event::End(_) => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// The text content of the current element up to its end (child elements are kept out
    /// of the text; the schema checker reports them).
    fn text(&mut self) -> Result<String, XmlError> {
        self.text_cow().map(Cow::into_owned)
    }

    /// [`Rd::text`], borrowed from the input when it is one piece without references.
    fn text_cow(&mut self) -> Result<Cow<'a, str>, XmlError> {
        let mut out: Option<Cow<'a, str>> = None;
        let mut depth = 0usize;
        loop {
            next_event!(self => ev);
            match ev {
                Event::Text(t) | Event::CData(t) if depth == 0 => match &mut out {
                    None => out = Some(std::mem::take(t)),
                    Some(o) => o.to_mut().push_str(t),
                },
                Event::Start(t) => {
                    depth += 1;
                    self.r.recycle_attrs(t);
                }
                Event::End(_) => {
                    if depth == 0 {
                        return Ok(out.unwrap_or_default());
                    }
                    depth -= 1;
                }
                Event::Eof => return Ok(out.unwrap_or_default()),
                _ => {}
            }
        }
    }

    /// Reads the element as a lossless tree (its content is still checked).
    fn tree(&mut self, tag: &StartTag<'a>) -> Result<Element, XmlError> {
        let mut stack: Vec<Element> = vec![tag.to_element()];
        loop {
            next_event!(self => ev);
            match ev {
                Event::Start(t) => {
                    stack.push(t.to_element());
                    self.r.recycle_attrs(t);
                }
                Event::End(_) => {
                    let Some(done) = stack.pop() else {
                        return Err(self.r.error_at_end(lti_core::xml::XmlErrorKind::Syntax {
                            message: "unbalanced end tag".to_owned(),
                        }));
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(Node::Element(done)),
                        None => return Ok(done),
                    }
                }
                Event::Eof => {
                    return Err(self
                        .r
                        .error_at_end(lti_core::xml::XmlErrorKind::UnexpectedEof {
                            open: stack
                                .last()
                                .map(|e| e.name.local.to_string())
                                .unwrap_or_default(),
                        }));
                }
                leaf => {
                    if let Some(node) = leaf.take_node() {
                        push_node(&mut stack, node);
                    }
                }
            }
        }
    }

    /// Reads the element as a tree whose whitespace-only text in element-only content is
    /// dropped (for extension elements in structured content).
    fn ext_tree(&mut self, tag: &StartTag<'a>) -> Result<Element, XmlError> {
        let mut e = self.tree(tag)?;
        e.strip_insignificant_whitespace();
        Ok(e)
    }

    /// Whether the element is `xi:include`.
    fn is_include(tag: &StartTag<'_>) -> bool {
        tag.is(Some(lti_core::xml::XINCLUDE_NS), "include")
    }
}

/// Pushes onto a vector that usually holds one or two large elements (branch rules, weights…):
/// the first four get exactly the room they need instead of the standard library's first four,
/// so a model does not carry unused room for three more per list.
pub(crate) fn push_tight<T>(v: &mut Vec<T>, x: T) {
    if v.len() == v.capacity() && v.len() < 4 {
        v.reserve_exact(1);
    }
    v.push(x);
}

fn push_node(stack: &mut [Element], node: Node) {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(node);
    }
}

/// The attributes of a start tag, taken one by one by canonical name; what is left becomes the
/// model's "other attributes". No allocation: a bit set records what was taken.
pub(crate) struct Attrs<'t> {
    attrs: &'t [lti_core::xml::Attr<'t>],
    v: Version,
    used: u64,
    used_more: Vec<usize>,
    /// Canonical names of the first attributes (3.0 documents; computed once per tag), as
    /// indexes into the 3.0 attribute table, [`NOT_RENAMED`] for names kept as written. Small
    /// on purpose: the whole struct is written for every element read.
    canon: [u16; 12],
    /// One bit per canonical name of the tag's no-namespace attributes ([`name_bit`]): a
    /// lookup of a name whose bit is clear (most lookups are of optional attributes that are
    /// absent) ends without a scan.
    present: u64,
}

/// A bit standing for a name (its length and first and last bytes): names with different bits
/// differ.
#[inline]
fn name_bit(name: &str) -> u64 {
    let b = name.as_bytes();
    let (first, last) = match b {
        [] => (0, 0),
        [f, .., l] => (*f, *l),
        [f] => (*f, *f),
    };
    let h = b.len().wrapping_mul(5) ^ usize::from(first) ^ (usize::from(last) << 2);
    1 << (h & 63)
}

/// An attribute name the 3.0 table does not rename.
const NOT_RENAMED: u16 = u16::MAX;

impl<'t> Attrs<'t> {
    fn new<'a: 't>(tag: &'t StartTag<'a>, v: Version) -> Self {
        let attrs = tag.attributes();
        let mut canon = [NOT_RENAMED; 12];
        let mut present = 0;
        if v.is_v3() {
            for (i, a) in attrs.iter().enumerate() {
                if a.ns.is_some() {
                    continue;
                }
                let name = match canon.get_mut(i) {
                    Some(c) => {
                        *c = v.canonical_attribute_index(a.local).unwrap_or(NOT_RENAMED);
                        if *c == NOT_RENAMED {
                            a.local
                        } else {
                            Version::canonical_attribute_at(*c)
                        }
                    }
                    None => v.canonical_attribute(a.local),
                };
                present |= name_bit(name);
            }
        } else {
            for a in attrs.iter().filter(|a| a.ns.is_none()) {
                present |= name_bit(a.local);
            }
        }
        Self {
            attrs,
            v,
            used: 0,
            used_more: Vec::new(),
            canon,
            present,
        }
    }

    fn is_used(&self, i: usize) -> bool {
        if i < 64 {
            self.used & (1 << i) != 0
        } else {
            self.used_more.contains(&i)
        }
    }

    fn mark(&mut self, i: usize) {
        if i < 64 {
            self.used |= 1 << i;
        } else {
            self.used_more.push(i);
        }
    }

    /// The index of the unused no-namespace attribute with this canonical name.
    #[inline]
    fn find(&self, name: &str) -> Option<usize> {
        if self.present & name_bit(name) == 0 {
            return None;
        }
        self.find_listed(name)
    }

    /// [`Attrs::find`] of a name that may be there: the scan.
    fn find_listed(&self, name: &str) -> Option<usize> {
        if !self.v.is_v3() {
            return self
                .attrs
                .iter()
                .enumerate()
                .find(|(i, a)| a.ns.is_none() && a.local == name && !self.is_used(*i))
                .map(|(i, _)| i);
        }
        // Whether attribute `i` is `name` in its 3.0 spelling (`tool-name` for `toolName`).
        let renamed = |i: usize, a: &lti_core::xml::Attr<'_>| match self.canon.get(i) {
            Some(&NOT_RENAMED) => false,
            Some(&c) => Version::canonical_attribute_at(c) == name,
            None => a.local != name && self.v.canonical_attribute(a.local) == name,
        };
        let found = self.attrs.iter().enumerate().find(|(i, a)| {
            a.ns.is_none() && (renamed(*i, a) || a.local == name) && !self.is_used(*i)
        })?;
        if renamed(found.0, found.1) {
            return Some(found.0);
        }
        // Found as written (`toolName`). When that is the 2.x spelling of a name 3.0 spells
        // otherwise and the 3.0 spelling (`tool-name`) is there as well, the 3.0 one is the
        // attribute; the other is kept as written (and reported as unknown by the checker).
        Some(
            self.attrs
                .iter()
                .enumerate()
                .skip(found.0 + 1)
                .find(|(i, a)| a.ns.is_none() && renamed(*i, a) && !self.is_used(*i))
                .map_or(found.0, |(i, _)| i),
        )
    }

    /// The value of a no-namespace attribute (marked used).
    pub(crate) fn str(&mut self, name: &str) -> Option<String> {
        let i = self.find(name)?;
        self.mark(i);
        Some(self.attrs[i].value.to_string())
    }

    /// A parsed value; when the text does not parse, the attribute is left for
    /// [`Attrs::rest`] (the schema checker reports it), so it is not lost.
    pub(crate) fn parse<T>(&mut self, name: &str, f: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        let i = self.find(name)?;
        let v = f(&self.attrs[i].value)?;
        self.mark(i);
        Some(v)
    }

    /// A required attribute: parsed, or `default` when missing or unparseable. The attribute is
    /// taken either way (an invalid value is reported by the schema checker and not written
    /// back, so output never repeats the attribute).
    pub(crate) fn req<T>(
        &mut self,
        name: &str,
        f: impl FnOnce(&str) -> Option<T>,
        default: T,
    ) -> T {
        match self.find(name) {
            Some(i) => {
                self.mark(i);
                f(&self.attrs[i].value).unwrap_or(default)
            }
            None => default,
        }
    }

    pub(crate) fn req_bool(&mut self, name: &str, default: bool) -> bool {
        self.req(
            name,
            |v| match lti_core::xml::attr::trim_xml(v) {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            },
            default,
        )
    }

    pub(crate) fn ident(&mut self, name: &str) -> Option<Identifier> {
        let i = self.find(name)?;
        self.mark(i);
        Some(Identifier::new(&*self.attrs[i].value))
    }

    pub(crate) fn req_ident(&mut self, name: &str) -> Identifier {
        self.ident(name).unwrap_or_default()
    }

    pub(crate) fn bool(&mut self, name: &str) -> Option<bool> {
        self.parse(name, |v| match lti_core::xml::attr::trim_xml(v) {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        })
    }

    pub(crate) fn u32(&mut self, name: &str) -> Option<u32> {
        self.parse(name, |v| {
            lti_core::xml::attr::parse_integer(v).and_then(|n| u32::try_from(n).ok())
        })
    }

    pub(crate) fn i64(&mut self, name: &str) -> Option<i64> {
        self.parse(name, lti_core::xml::attr::parse_integer)
    }

    pub(crate) fn float(&mut self, name: &str) -> Option<Float> {
        self.parse(name, Float::parse)
    }

    pub(crate) fn ident_list(&mut self, name: &str) -> Option<Vec<Identifier>> {
        self.parse(name, |v| {
            // Keep only lists written with single spaces, so output equals input.
            let b = v.as_bytes();
            if b.is_empty()
                || b.first() == Some(&b' ')
                || b.last() == Some(&b' ')
                || b.windows(2).any(|w| w == b"  ")
            {
                return None;
            }
            let mut items = Vec::with_capacity(b.iter().filter(|c| **c == b' ').count() + 1);
            items.extend(v.split(' ').map(Identifier::new));
            Some(items)
        })
    }

    /// `xml:lang`.
    pub(crate) fn lang(&mut self) -> Option<String> {
        let i = self
            .attrs
            .iter()
            .enumerate()
            .find(|(i, a)| a.is_ns(XML_NS, "lang") && !self.is_used(*i))
            .map(|(i, _)| i)?;
        self.mark(i);
        Some(self.attrs[i].value.to_string())
    }

    /// The attributes not taken, in input order (no-namespace QTI names canonical).
    pub(crate) fn rest(&self) -> Vec<Attribute> {
        if self.used.count_ones() as usize + self.used_more.len() >= self.attrs.len() {
            return Vec::new();
        }
        let mut rest: Vec<Attribute> = self
            .attrs
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.is_used(*i))
            .map(|(i, a)| {
                let name = match &a.ns {
                    // The canonical name `Attrs::new` looked up for the first attributes.
                    None => QName::local(match self.canon.get(i) {
                        Some(&NOT_RENAMED) => a.local,
                        Some(&c) => Version::canonical_attribute_at(c),
                        None => self.v.canonical_attribute(a.local),
                    }),
                    Some(ns) => match a.prefix {
                        Some(p) => QName::prefixed(ns, p, a.local),
                        None => QName::ns(ns, a.local),
                    },
                };
                // Short values stay inline (no allocation).
                Attribute::with_name(name, lti_core::xml::Name::new(&a.value))
            })
            .collect();
        // Only when an attribute in a 3.0 spelling is among them (rare: typed reading takes
        // those), so the check costs a comparison per attribute.
        let kept_renamed = || {
            self.attrs.iter().enumerate().any(|(i, a)| {
                a.ns.is_none()
                    && !self.is_used(i)
                    && self
                        .canon
                        .get(i)
                        .map_or_else(|| a.local.contains('-'), |&c| c != NOT_RENAMED)
            })
        };
        if self.v.is_v3() && rest.len() > 1 && kept_renamed() {
            spelt_as_in_2_x_last(self.attrs, &mut rest, |i| !self.is_used(i));
        }
        rest
    }
}

/// Orders the attributes kept from a 3.0 tag so that one written in its 2.x spelling
/// (`maxChoices`) comes after one written in its 3.0 spelling (`max-choices`) that has the same
/// canonical name: both are kept under that name, and the writer gives the first the 3.0
/// spelling and writes the second as spelt (a name twice is not allowed), so this order keeps
/// each value under the name it was written with.
fn spelt_as_in_2_x_last(
    attrs: &[lti_core::xml::Attr<'_>],
    rest: &mut Vec<Attribute>,
    kept: impl Fn(usize) -> bool,
) {
    // 2.x spelling: a capital and no hyphen, and 3.0 spells the name otherwise (the capital is
    // tested first: most kept attributes, `class` or `id`, have none, and need no lookup).
    let as_in_2_x = |w: &str| {
        w.bytes().any(|b| b.is_ascii_uppercase())
            && !w.contains('-')
            && Version::V3p0.attribute_name(w) != w
    };
    if !attrs
        .iter()
        .enumerate()
        .any(|(i, a)| kept(i) && a.ns.is_none() && as_in_2_x(a.local))
    {
        return;
    }
    let written: Vec<&str> = attrs
        .iter()
        .enumerate()
        .filter(|(i, _)| kept(*i))
        .map(|(_, a)| if a.ns.is_none() { a.local } else { "" })
        .collect();
    let all = std::mem::take(rest);
    let renamed: std::collections::BTreeSet<&str> = written
        .iter()
        .zip(all.iter())
        .filter(|(w, r)| w.contains('-') && r.name.ns.is_none())
        .map(|(_, r)| r.name.local.as_str())
        .collect();
    let mut back = Vec::new();
    for (w, r) in written.iter().zip(all.iter()) {
        if as_in_2_x(w) && renamed.contains(r.name.local.as_str()) {
            back.push(r.clone());
        } else {
            rest.push(r.clone());
        }
    }
    rest.append(&mut back);
}

/// A namespace from a string (for trees built while reading).
#[allow(dead_code, reason = "kept for symmetry with the writer")]
pub(crate) fn ns(uri: &str) -> Namespace {
    Namespace::new(uri)
}

#[cfg(test)]
mod tests;
