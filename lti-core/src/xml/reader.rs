//! The streaming, namespace-aware XML reader.

use std::borrow::Cow;

use quick_xml::errors::{Error as QError, IllFormedError};
use quick_xml::escape::EscapeError;
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesStart, Event as QEvent};

use super::error::{LimitKind, XmlError, XmlErrorKind};
use super::name::Name;
use super::tree::{Element, Namespace, QName, Span};
use super::{Limits, XML_NS};
use crate::location::XmlPosition;
use crate::problem::Problem;

/// One event of the [`Reader`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// A start tag (also for an empty element `<a/>`, which is followed by its [`Event::End`]).
    Start(StartTag<'a>),
    /// An end tag.
    End(EndTag<'a>),
    /// Character data inside the root element, with entity and character references resolved
    /// and line ends normalised. Adjacent text and references are merged into one event.
    /// Whitespace-only text is reported too (mixed content needs it).
    Text(Cow<'a, str>),
    /// A CDATA section's content.
    CData(Cow<'a, str>),
    /// A comment's content.
    Comment(Cow<'a, str>),
    /// A processing instruction (not the XML declaration).
    ProcessingInstruction {
        /// The target (`xml-stylesheet`).
        target: Cow<'a, str>,
        /// The rest, without leading whitespace.
        data: Cow<'a, str>,
    },
    /// The end of the document (the root element is closed).
    Eof,
}

/// An attribute of a [`StartTag`] (namespace declarations are not attributes here; see
/// [`StartTag::namespace_declarations`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Attr<'a> {
    /// The prefix as written (`xml` in `xml:lang`), if any.
    pub prefix: Option<&'a str>,
    /// The local name.
    pub local: &'a str,
    /// The namespace: the prefix's binding; unprefixed attributes have none.
    pub ns: Option<Namespace>,
    /// The value, normalised and with references resolved.
    pub value: Cow<'a, str>,
}

impl Attr<'_> {
    /// Whether this attribute is `local` in no namespace.
    pub fn is(&self, local: &str) -> bool {
        self.ns.is_none() && self.local == local
    }

    /// Whether this attribute is `local` in namespace `ns`.
    pub fn is_ns(&self, ns: &str, local: &str) -> bool {
        self.local == local && self.ns.as_deref() == Some(ns)
    }
}

/// A start tag.
#[derive(Debug, Clone, PartialEq)]
pub struct StartTag<'a> {
    prefix: Option<&'a str>,
    local: &'a str,
    ns: Option<Namespace>,
    attrs: Vec<Attr<'a>>,
    ns_decls: Vec<(Option<&'a str>, Option<Namespace>)>,
    span: Span,
    empty: bool,
}

impl<'a> StartTag<'a> {
    /// The local name.
    pub fn local(&self) -> &'a str {
        self.local
    }

    /// The prefix as written.
    pub fn prefix(&self) -> Option<&'a str> {
        self.prefix
    }

    /// The element's namespace.
    pub fn ns(&self) -> Option<&str> {
        self.ns.as_deref()
    }

    /// The element's namespace as a shared [`Namespace`].
    pub fn namespace(&self) -> Option<&Namespace> {
        self.ns.as_ref()
    }

    /// Whether the element is `local` in namespace `ns` (`None` for no namespace).
    pub fn is(&self, ns: Option<&str>, local: &str) -> bool {
        self.local == local && self.ns.as_deref() == ns
    }

    /// The attributes in input order (without namespace declarations).
    pub fn attributes(&self) -> &[Attr<'a>] {
        &self.attrs
    }

    /// The value of the no-namespace attribute `local`.
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.is(local)).map(|a| &*a.value)
    }

    /// The value of attribute `local` in namespace `ns`.
    pub fn attr_ns(&self, ns: &str, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.is_ns(ns, local))
            .map(|a| &*a.value)
    }

    /// Namespace declarations on this tag: `(prefix, namespace)`, prefix `None` for the default
    /// namespace, namespace `None` for `xmlns=""`.
    pub fn namespace_declarations(&self) -> &[(Option<&'a str>, Option<Namespace>)] {
        &self.ns_decls
    }

    /// Where the tag starts.
    pub fn span(&self) -> Span {
        self.span
    }

    /// Whether it was written as an empty element (`<a/>`).
    pub fn is_empty_element(&self) -> bool {
        self.empty
    }

    /// The tag as an owned [`Element`] without children.
    pub fn into_element(self) -> Element {
        Element {
            name: QName {
                ns: self.ns,
                prefix: self.prefix.map(Name::new),
                local: Name::new(self.local),
            },
            attributes: self
                .attrs
                .into_iter()
                .map(|a| super::tree::Attribute {
                    name: QName {
                        ns: a.ns,
                        prefix: a.prefix.map(Name::new),
                        local: Name::new(a.local),
                    },
                    value: Name::from(a.value),
                })
                .collect(),
            namespace_declarations: self
                .ns_decls
                .into_iter()
                .map(|(p, n)| super::tree::NamespaceDeclaration {
                    prefix: p.map(str::to_owned),
                    ns: n,
                })
                .collect(),
            children: Vec::new(),
            span: self.span,
        }
    }
}

/// An end tag.
#[derive(Debug, Clone, PartialEq)]
pub struct EndTag<'a> {
    local: &'a str,
    ns: Option<Namespace>,
}

impl<'a> EndTag<'a> {
    /// The local name.
    pub fn local(&self) -> &'a str {
        self.local
    }
    /// The namespace.
    pub fn ns(&self) -> Option<&str> {
        self.ns.as_deref()
    }
}

struct Binding<'a> {
    prefix: Option<&'a str>,
    ns: Option<Namespace>,
}

/// Incremental byte offset → (line, column) tracking. Offsets only move forward.
struct PosTracker {
    offset: usize,
    line: u32,
    column: u32,
}

impl PosTracker {
    fn advance(&mut self, bytes: &[u8], to: usize) {
        let to = to.min(bytes.len());
        if to < self.offset {
            // Backwards (never happens for events in order): recompute from the start.
            self.offset = 0;
            self.line = 1;
            self.column = 1;
        }
        let slice = &bytes[self.offset..to];
        // SIMD newline search; this runs over the whole document once, in pieces.
        match memchr::memrchr(b'\n', slice) {
            None => self.column = self.column.saturating_add(count_chars(slice)),
            Some(last) => {
                let newlines = memchr::memchr_iter(b'\n', slice).count();
                self.line = self
                    .line
                    .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
                self.column = 1u32.saturating_add(count_chars(&slice[last + 1..]));
            }
        }
        self.offset = to;
    }
}

/// Number of characters in UTF-8 bytes: bytes that are not continuation bytes (0x80..=0xBF).
fn count_chars(s: &[u8]) -> u32 {
    if s.is_ascii() {
        return u32::try_from(s.len()).unwrap_or(u32::MAX);
    }
    #[allow(
        clippy::cast_possible_wrap,
        reason = "reinterpreting the byte's sign bit is the point"
    )]
    let n = s.iter().filter(|&&b| (b as i8) >= -0x40).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A streaming XML reader over a document held in memory.
///
/// ```
/// use lti_core::xml::{Event, Limits, Reader};
/// let mut r = Reader::new(br#"<a xmlns="urn:x"><b k="v">t &amp; u</b></a>"#, &Limits::default()).unwrap();
/// let mut names = Vec::new();
/// loop {
///     match r.next().unwrap() {
///         Event::Start(t) => names.push((t.ns().unwrap().to_owned(), t.local())),
///         Event::Text(t) => assert_eq!(t, "t & u"),
///         Event::Eof => break,
///         _ => {}
///     }
/// }
/// assert_eq!(names, [("urn:x".to_owned(), "a"), ("urn:x".to_owned(), "b")]);
/// ```
pub struct Reader<'a> {
    text: &'a str,
    inner: quick_xml::Reader<&'a [u8]>,
    limits: Limits,
    stack: Vec<&'a str>,
    bindings: Vec<Binding<'a>>,
    marks: Vec<usize>,
    interned: Vec<Namespace>,
    pending: Option<(QEvent<'a>, usize)>,
    pending_empty_end: bool,
    tracker: PosTracker,
    nodes: usize,
    root_seen: bool,
    root_closed: bool,
    problems: Vec<Problem>,
    doctype: Option<String>,
}

impl std::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("path", &self.path())
            .field("offset", &self.inner.buffer_position())
            .finish_non_exhaustive()
    }
}

/// Checks the byte order mark and UTF-8 validity, and refuses control characters XML forbids.
/// Returns the text after any BOM.
pub(crate) fn decode<'a>(input: &'a [u8], limits: &Limits) -> Result<&'a str, XmlError> {
    let at = |byte: usize, kind: XmlErrorKind, text: &[u8]| {
        let prefix = String::from_utf8_lossy(&text[..byte.min(text.len())]);
        let (line, column) = crate::location::line_column(&prefix, prefix.len());
        XmlError::new(kind, XmlPosition::new("", line, column, byte as u64))
    };
    if input.len() > limits.max_input_bytes {
        return Err(XmlError::new(
            XmlErrorKind::LimitExceeded {
                limit: LimitKind::InputSize,
                max: limits.max_input_bytes,
            },
            XmlPosition::new("", 1, 1, 0),
        ));
    }
    let encoding = |detail: &str| {
        XmlError::new(
            XmlErrorKind::Encoding {
                detail: detail.to_owned(),
            },
            XmlPosition::new("", 1, 1, 0),
        )
    };
    let bytes = match input {
        [0xEF, 0xBB, 0xBF, rest @ ..] => rest,
        [0x00, 0x00, 0xFE, 0xFF, ..] | [0xFF, 0xFE, 0x00, 0x00, ..] => {
            return Err(encoding("UTF-32 (byte order mark)"));
        }
        [0xFE, 0xFF, ..] => return Err(encoding("UTF-16 big-endian (byte order mark)")),
        [0xFF, 0xFE, ..] => return Err(encoding("UTF-16 little-endian (byte order mark)")),
        [0x00, 0x3C, 0x00, 0x3F, ..] => {
            return Err(encoding("UTF-16 big-endian (no byte order mark)"));
        }
        [0x3C, 0x00, 0x3F, 0x00, ..] => {
            return Err(encoding("UTF-16 little-endian (no byte order mark)"));
        }
        [0x4C, 0x6F, 0xA7, 0x94, ..] => return Err(encoding("EBCDIC")),
        other => other,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Err(at(e.valid_up_to(), XmlErrorKind::InvalidUtf8, bytes)),
    };
    // XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    // Valid UTF-8 rules out surrogates; what remains are C0 controls and U+FFFE/U+FFFF (EF BF BE/BF).
    // Check 64-byte chunks with a branch-free fold first; look closer only at suspicious chunks.
    let b = text.as_bytes();
    for (ci, chunk) in b.chunks(64).enumerate() {
        let suspicious = chunk.iter().fold(false, |acc, &c| {
            acc | ((c < 0x20) & (c != b'\t') & (c != b'\n') & (c != b'\r')) | (c == 0xEF)
        });
        if !suspicious {
            continue;
        }
        let base = ci * 64;
        for i in base..base + chunk.len() {
            let c = b[i];
            if c < 0x20 && c != b'\t' && c != b'\n' && c != b'\r' {
                return Err(at(i, XmlErrorKind::InvalidChar { code: u32::from(c) }, b));
            }
            if c == 0xEF && b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF))
            {
                let code = if b[i + 2] == 0xBE { 0xFFFE } else { 0xFFFF };
                return Err(at(i, XmlErrorKind::InvalidChar { code }, b));
            }
        }
    }
    Ok(text)
}

/// Whether `c` is an XML 1.0 `Char`.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn split_qname(name: &str) -> (Option<&str>, &str) {
    // Names are short: a plain byte loop beats a general searcher here.
    match name.bytes().position(|b| b == b':') {
        Some(i) => (Some(&name[..i]), &name[i + 1..]),
        None => (None, name),
    }
}

impl<'a> Reader<'a> {
    /// A reader over `input` (UTF-8, with or without BOM). Fails at once on an unsupported
    /// encoding, invalid UTF-8, a forbidden character, or input larger than the limit.
    pub fn new(input: &'a [u8], limits: &Limits) -> Result<Self, XmlError> {
        let text = decode(input, limits)?;
        Ok(Self::from_str_unchecked(text, limits))
    }

    /// A reader over text that [`decode`] already checked.
    pub(crate) fn from_str_unchecked(text: &'a str, limits: &Limits) -> Self {
        let mut inner = quick_xml::Reader::from_str(text);
        let config = inner.config_mut();
        config.check_end_names = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Self {
            text,
            inner,
            limits: limits.clone(),
            stack: Vec::new(),
            bindings: Vec::new(),
            marks: Vec::new(),
            interned: Vec::new(),
            pending: None,
            pending_empty_end: false,
            tracker: PosTracker {
                offset: 0,
                line: 1,
                column: 1,
            },
            nodes: 0,
            root_seen: false,
            root_closed: false,
            problems: Vec::new(),
            doctype: None,
        }
    }

    /// The document text (after any byte order mark).
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The element path of the open elements, by qualified name as written:
    /// `/assessmentItem/itemBody`.
    pub fn path(&self) -> String {
        let mut p = String::new();
        for name in &self.stack {
            p.push('/');
            p.push_str(name);
        }
        p
    }

    /// How many elements are open.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Warnings collected so far (a declared non-UTF-8 encoding on ASCII input, an ignored
    /// DOCTYPE internal subset). Taking them empties the list.
    pub fn take_problems(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.problems)
    }

    /// The DOCTYPE declaration's content as written (without `<!` and `>`), once read.
    pub fn take_doctype(&mut self) -> Option<String> {
        self.doctype.take()
    }

    /// The position of byte `offset` (which must not be before the last event read) with the
    /// current element path.
    pub fn position_at(&mut self, offset: usize) -> XmlPosition {
        self.tracker.advance(self.text.as_bytes(), offset);
        XmlPosition::new(
            self.path(),
            self.tracker.line,
            self.tracker.column,
            offset as u64,
        )
    }

    /// The current position (after the last event read).
    pub fn position(&mut self) -> XmlPosition {
        let off = usize::try_from(self.inner.buffer_position()).unwrap_or(usize::MAX);
        self.position_at(off)
    }

    fn span_at(&mut self, offset: usize) -> Span {
        self.tracker.advance(self.text.as_bytes(), offset);
        Span::new(offset, self.tracker.line, self.tracker.column)
    }

    /// An error of the given kind at byte `offset`.
    pub fn error_at(&mut self, offset: usize, kind: XmlErrorKind) -> XmlError {
        let pos = if offset >= self.tracker.offset {
            self.position_at(offset)
        } else {
            let (line, column) = crate::location::line_column(self.text, offset);
            XmlPosition::new(self.path(), line, column, offset as u64)
        };
        XmlError::new(kind, pos)
    }

    /// An error of the given kind at the current position.
    pub fn error_at_end(&mut self, kind: XmlErrorKind) -> XmlError {
        let off = usize::try_from(self.inner.buffer_position()).unwrap_or(usize::MAX);
        self.error_at(off, kind)
    }

    fn map_error(&mut self, e: QError) -> XmlError {
        let off = usize::try_from(self.inner.error_position()).unwrap_or(0);
        let kind = match e {
            QError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                XmlErrorKind::MismatchedEnd { expected, found }
            }
            QError::IllFormed(IllFormedError::MissingEndTag(open)) => {
                XmlErrorKind::UnexpectedEof { open }
            }
            QError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => XmlErrorKind::Syntax {
                message: format!("end tag </{name}> without a matching start tag"),
            },
            QError::InvalidAttr(AttrError::Duplicated(_, _)) => XmlErrorKind::DuplicateAttribute {
                name: String::from("(see position)"),
            },
            QError::Escape(EscapeError::UnrecognizedEntity(_, name)) => {
                XmlErrorKind::UndefinedEntity { name }
            }
            other => XmlErrorKind::Syntax {
                message: other.to_string(),
            },
        };
        self.error_at(off, kind)
    }

    fn raw_next(&mut self) -> Result<(QEvent<'a>, usize), XmlError> {
        if let Some(p) = self.pending.take() {
            return Ok(p);
        }
        let pos = usize::try_from(self.inner.buffer_position()).unwrap_or(usize::MAX);
        match self.inner.read_event() {
            Ok(ev) => Ok((ev, pos)),
            Err(e) => Err(self.map_error(e)),
        }
    }

    fn count_node(&mut self, at: usize) -> Result<(), XmlError> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(self.error_at(
                at,
                XmlErrorKind::LimitExceeded {
                    limit: LimitKind::Nodes,
                    max: self.limits.max_nodes,
                },
            ));
        }
        Ok(())
    }

    fn intern(&mut self, uri: &str) -> Namespace {
        if let Some(n) = self.interned.iter().find(|n| n.as_str() == uri) {
            return n.clone();
        }
        let n = Namespace::new(uri);
        self.interned.push(n.clone());
        n
    }

    fn resolve(&self, prefix: Option<&str>) -> Result<Option<Namespace>, ()> {
        match prefix {
            Some("xml") => Ok(Some(Namespace::new(XML_NS))),
            Some("xmlns") => Err(()),
            _ => {
                for b in self.bindings.iter().rev() {
                    if b.prefix == prefix {
                        return Ok(b.ns.clone());
                    }
                }
                if prefix.is_some() { Err(()) } else { Ok(None) }
            }
        }
    }

    fn start_tag(
        &mut self,
        start: &BytesStart<'a>,
        pos: usize,
        empty: bool,
    ) -> Result<StartTag<'a>, XmlError> {
        if self.root_closed {
            return Err(self.error_at(
                pos,
                XmlErrorKind::OutsideRoot {
                    what: "a second root element".to_owned(),
                },
            ));
        }
        self.root_seen = true;
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.error_at(
                pos,
                XmlErrorKind::LimitExceeded {
                    limit: LimitKind::Depth,
                    max: self.limits.max_depth,
                },
            ));
        }
        self.count_node(pos)?;
        // Names and values borrow from the input: find them in `text` by their offset from the
        // element name, which starts right after the '<' at `pos`.
        let text: &'a str = self.text;
        let qname = start.name();
        let name_str: &str = qname.as_ref();
        let base = name_str.as_ptr() as usize;
        let reborrow = |s: &str| -> Option<&'a str> {
            let off = (s.as_ptr() as usize).checked_sub(base)?;
            let from = pos + 1 + off;
            let t = text.get(from..from + s.len())?;
            // Same address and length: the very bytes quick-xml borrowed from `text`.
            (t.as_ptr() == s.as_ptr()).then_some(t)
        };
        let Some(raw_name) = reborrow(name_str) else {
            return Err(self.error_at(
                pos,
                XmlErrorKind::Syntax {
                    message: "element name could not be read".to_owned(),
                },
            ));
        };
        let mark = self.bindings.len();
        let mut attrs: Vec<Attr<'a>> = Vec::new();
        let mut ns_decls = Vec::new();
        let mut count = 0usize;
        let mut any_prefixed = false;
        for attr in start.attributes().with_checks(true) {
            let attr = match attr {
                Ok(a) => a,
                Err(AttrError::Duplicated(at, _)) => {
                    let (off, name) = attr_name_at(self.text, pos + 1 + at);
                    return Err(self.error_at(off, XmlErrorKind::DuplicateAttribute { name }));
                }
                Err(e) => {
                    return Err(self.error_at(
                        pos,
                        XmlErrorKind::Syntax {
                            message: e.to_string(),
                        },
                    ));
                }
            };
            count += 1;
            if count > self.limits.max_attributes {
                return Err(self.error_at(
                    pos,
                    XmlErrorKind::LimitExceeded {
                        limit: LimitKind::Attributes,
                        max: self.limits.max_attributes,
                    },
                ));
            }
            if attr.value.len() > self.limits.max_attribute_bytes {
                return Err(self.error_at(
                    pos,
                    XmlErrorKind::LimitExceeded {
                        limit: LimitKind::AttributeSize,
                        max: self.limits.max_attribute_bytes,
                    },
                ));
            }
            let key: &'a str = reborrow(attr.key.as_ref()).unwrap_or("");
            let raw_value: Cow<'a, str> = match &attr.value {
                Cow::Borrowed(v) => {
                    reborrow(v).map_or_else(|| Cow::Owned((*v).to_owned()), Cow::Borrowed)
                }
                Cow::Owned(v) => Cow::Owned(v.clone()),
            };
            let value = match normalise_attr(raw_value) {
                Ok(v) => v,
                Err(kind) => return Err(self.error_at(pos, kind)),
            };
            let (prefix, local) = split_qname(key);
            if prefix.is_none() && local == "xmlns" {
                let ns = (!value.is_empty()).then(|| self.intern(&value));
                ns_decls.push((None, ns.clone()));
                self.bindings.push(Binding { prefix: None, ns });
            } else if prefix == Some("xmlns") {
                if value.is_empty() {
                    return Err(self.error_at(
                        pos,
                        XmlErrorKind::Syntax {
                            message: format!(
                                "prefix `{local}` cannot be undeclared (xmlns:{local}=\"\")"
                            ),
                        },
                    ));
                }
                let ns = Some(self.intern(&value));
                ns_decls.push((Some(local), ns.clone()));
                self.bindings.push(Binding {
                    prefix: Some(local),
                    ns,
                });
            } else {
                any_prefixed |= prefix.is_some();
                attrs.push(Attr {
                    prefix,
                    local,
                    ns: None,
                    value,
                });
            }
        }
        if self.bindings.len() > self.limits.max_namespaces {
            return Err(self.error_at(
                pos,
                XmlErrorKind::LimitExceeded {
                    limit: LimitKind::Namespaces,
                    max: self.limits.max_namespaces,
                },
            ));
        }
        let (prefix, local) = split_qname(raw_name);
        let Ok(ns) = self.resolve(prefix) else {
            return Err(self.error_at(
                pos,
                XmlErrorKind::UnboundPrefix {
                    prefix: prefix.unwrap_or_default().to_owned(),
                },
            ));
        };
        if any_prefixed {
            // Prefixed attributes are resolved once every declaration on this tag is in scope.
            for i in 0..attrs.len() {
                let Some(p) = attrs[i].prefix else { continue };
                let Ok(ans) = self.resolve(Some(p)) else {
                    return Err(self.error_at(
                        pos,
                        XmlErrorKind::UnboundPrefix {
                            prefix: p.to_owned(),
                        },
                    ));
                };
                let l = attrs[i].local;
                if attrs[..i]
                    .iter()
                    .any(|a| a.local == l && a.ns.is_some() && a.ns == ans)
                {
                    return Err(self.error_at(
                        pos,
                        XmlErrorKind::DuplicateAttribute {
                            name: format!("{p}:{l}"),
                        },
                    ));
                }
                attrs[i].ns = ans;
            }
        }
        let span = self.span_at(pos);
        self.stack.push(raw_name);
        self.marks.push(mark);
        Ok(StartTag {
            prefix,
            local,
            ns,
            attrs,
            ns_decls,
            span,
            empty,
        })
    }

    fn end_tag(&mut self) -> EndTag<'a> {
        let name = self.stack.pop().unwrap_or("");
        let (prefix, local) = split_qname(name);
        let ns = self.resolve(prefix).ok().flatten();
        if let Some(mark) = self.marks.pop() {
            self.bindings.truncate(mark);
        }
        if self.stack.is_empty() {
            self.root_closed = true;
        }
        EndTag { local, ns }
    }

    fn resolve_ref(&mut self, name: &str, pos: usize) -> Result<char, XmlError> {
        if let Some(num) = name.strip_prefix('#') {
            let code = if let Some(hex) = num.strip_prefix('x') {
                u32::from_str_radix(hex, 16).ok()
            } else if num.bytes().all(|b| b.is_ascii_digit()) {
                num.parse::<u32>().ok()
            } else {
                None
            };
            return match code.and_then(char::from_u32) {
                Some(c) if is_xml_char(c) && !hex_signed(num) => Ok(c),
                _ => Err(self.error_at(
                    pos,
                    XmlErrorKind::InvalidCharRef {
                        reference: name.to_owned(),
                    },
                )),
            };
        }
        match name {
            "lt" => Ok('<'),
            "gt" => Ok('>'),
            "amp" => Ok('&'),
            "apos" => Ok('\''),
            "quot" => Ok('"'),
            _ => Err(self.error_at(
                pos,
                XmlErrorKind::UndefinedEntity {
                    name: name.to_owned(),
                },
            )),
        }
    }

    /// Reads the next event.
    ///
    /// After [`Event::Eof`] every call returns `Eof` again.
    #[allow(
        clippy::should_implement_trait,
        reason = "fallible and lending: not an Iterator"
    )]
    pub fn next(&mut self) -> Result<Event<'a>, XmlError> {
        if self.pending_empty_end {
            self.pending_empty_end = false;
            return Ok(Event::End(self.end_tag()));
        }
        loop {
            let (ev, pos) = self.raw_next()?;
            match ev {
                QEvent::Start(s) => return self.start_tag(&s, pos, false).map(Event::Start),
                QEvent::Empty(s) => {
                    let tag = self.start_tag(&s, pos, true)?;
                    self.pending_empty_end = true;
                    return Ok(Event::Start(tag));
                }
                QEvent::End(_) => {
                    return Ok(Event::End(self.end_tag()));
                }
                QEvent::Text(_) | QEvent::GeneralRef(_) => {
                    let mut acc: Option<Cow<'a, str>> = None;
                    let mut next = Some((ev, pos));
                    while let Some((ev, p)) = next.take() {
                        match ev {
                            QEvent::Text(t) => {
                                let piece = t.xml10_content();
                                append(&mut acc, piece);
                            }
                            QEvent::GeneralRef(r) => {
                                let c = self.resolve_ref(&r, p)?;
                                let mut buf = [0u8; 4];
                                append(&mut acc, Cow::Owned(c.encode_utf8(&mut buf).to_owned()));
                            }
                            other => {
                                self.pending = Some((other, p));
                                break;
                            }
                        }
                        if acc
                            .as_ref()
                            .is_some_and(|a| a.len() > self.limits.max_text_bytes)
                        {
                            return Err(self.error_at(
                                pos,
                                XmlErrorKind::LimitExceeded {
                                    limit: LimitKind::TextSize,
                                    max: self.limits.max_text_bytes,
                                },
                            ));
                        }
                        next = Some(self.raw_next()?);
                    }
                    let text = acc.unwrap_or(Cow::Borrowed(""));
                    if self.stack.is_empty() {
                        if text
                            .trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
                            .is_empty()
                        {
                            continue;
                        }
                        return Err(self.error_at(
                            pos,
                            XmlErrorKind::OutsideRoot {
                                what: "text".to_owned(),
                            },
                        ));
                    }
                    if text.is_empty() {
                        continue;
                    }
                    self.count_node(pos)?;
                    return Ok(Event::Text(text));
                }
                QEvent::CData(c) => {
                    if self.stack.is_empty() {
                        return Err(self.error_at(
                            pos,
                            XmlErrorKind::OutsideRoot {
                                what: "a CDATA section".to_owned(),
                            },
                        ));
                    }
                    self.count_node(pos)?;
                    let content = c.xml10_content();
                    if content.len() > self.limits.max_text_bytes {
                        return Err(self.error_at(
                            pos,
                            XmlErrorKind::LimitExceeded {
                                limit: LimitKind::TextSize,
                                max: self.limits.max_text_bytes,
                            },
                        ));
                    }
                    return Ok(Event::CData(content));
                }
                QEvent::Comment(c) => {
                    self.count_node(pos)?;
                    return Ok(Event::Comment(c.xml10_content()));
                }
                QEvent::PI(pi) => {
                    self.count_node(pos)?;
                    let target = Cow::Owned(pi.target().to_owned());
                    let data = Cow::Owned(pi.content().trim_start().to_owned());
                    return Ok(Event::ProcessingInstruction { target, data });
                }
                QEvent::Decl(d) => {
                    if pos != 0 {
                        return Err(self.error_at(
                            pos,
                            XmlErrorKind::Syntax {
                                message: "an XML declaration is only allowed at the very start of the document".to_owned(),
                            },
                        ));
                    }
                    if let Some(Ok(enc)) = d.encoding() {
                        self.check_declared_encoding(&enc, pos);
                    }
                }
                QEvent::DocType(dt) => {
                    if !self.limits.allow_doctype {
                        return Err(self.error_at(pos, XmlErrorKind::DoctypeForbidden));
                    }
                    let content: &str = &dt;
                    self.doctype = Some(format!("DOCTYPE {}", content.trim()));
                    if let Some(open) = content.find('[') {
                        let subset = &content[open..];
                        if subset.contains("<!ENTITY") {
                            return Err(self.error_at(pos, XmlErrorKind::EntityDeclaration));
                        }
                        let at = self.position_at(pos);
                        self.problems.push(
                            Problem::warning(
                                "xml.dtd.ignored",
                                "the DOCTYPE internal subset is ignored (DTDs are not processed; default attributes are not applied)",
                            )
                            .at(at),
                        );
                    }
                }
                QEvent::Eof => {
                    if let Some(open) = self.stack.last() {
                        let open = (*open).to_owned();
                        return Err(self.error_at_end(XmlErrorKind::UnexpectedEof { open }));
                    }
                    if !self.root_seen {
                        return Err(self.error_at_end(XmlErrorKind::NoRoot));
                    }
                    return Ok(Event::Eof);
                }
            }
        }
    }

    fn check_declared_encoding(&mut self, enc: &str, pos: usize) {
        let e = enc.to_ascii_lowercase();
        if matches!(e.as_str(), "utf-8" | "utf8") {
            return;
        }
        let ascii_family = matches!(e.as_str(), "us-ascii" | "ascii");
        if ascii_family && self.text.is_ascii() {
            return;
        }
        let at = self.position_at(pos);
        if self.text.is_ascii() {
            self.problems.push(
                Problem::warning(
                    "xml.encoding.declared",
                    format!("the XML declaration says encoding=\"{enc}\" but the document is plain ASCII; it was read as UTF-8"),
                )
                .at(at),
            );
        } else {
            self.problems.push(
                Problem::warning(
                    "xml.encoding.declared",
                    format!("the XML declaration says encoding=\"{enc}\" but the bytes are valid UTF-8; they were read as UTF-8"),
                )
                .at(at),
            );
        }
    }

    /// Skips the rest of the current element (after its start tag was read), including its end
    /// tag.
    pub fn skip_element(&mut self) -> Result<(), XmlError> {
        let depth = self.stack.len();
        loop {
            match self.next()? {
                Event::End(_) if self.stack.len() < depth => return Ok(()),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// Reads the rest of the current element (after its start tag `start` was read) into an
    /// [`Element`] tree, including its end tag.
    pub fn read_element(&mut self, start: StartTag<'a>) -> Result<Element, XmlError> {
        let root = start.into_element();
        if self.pending_empty_end {
            // Empty element: consume its end.
            self.pending_empty_end = false;
            self.end_tag();
            return Ok(root);
        }
        let mut stack: Vec<Element> = vec![root];
        loop {
            match self.next()? {
                Event::Start(tag) => {
                    let el = tag.into_element();
                    if self.pending_empty_end {
                        self.pending_empty_end = false;
                        self.end_tag();
                        if let Some(parent) = stack.last_mut() {
                            parent.children.push(super::Node::Element(el));
                        }
                    } else {
                        stack.push(el);
                    }
                }
                Event::End(_) => {
                    let Some(done) = stack.pop() else {
                        return Err(self.error_at_end(XmlErrorKind::Syntax {
                            message: "unbalanced end tag".to_owned(),
                        }));
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(super::Node::Element(done)),
                        None => return Ok(done),
                    }
                }
                Event::Text(t) => push_child(&mut stack, super::Node::Text(t.into_owned())),
                Event::CData(t) => push_child(&mut stack, super::Node::CData(t.into_owned())),
                Event::Comment(t) => push_child(&mut stack, super::Node::Comment(t.into_owned())),
                Event::ProcessingInstruction { target, data } => push_child(
                    &mut stack,
                    super::Node::ProcessingInstruction {
                        target: target.into_owned(),
                        data: data.into_owned(),
                    },
                ),
                Event::Eof => {
                    return Err(self.error_at_end(XmlErrorKind::UnexpectedEof {
                        open: stack
                            .last()
                            .map(|e| e.name.local.to_string())
                            .unwrap_or_default(),
                    }));
                }
            }
        }
    }

    /// Reads the text content of the current element (after its start tag was read) up to and
    /// including its end tag. Child elements are an error: this is for simple-content elements.
    /// Comments and processing instructions are skipped; CDATA is included.
    pub fn read_text(&mut self) -> Result<Cow<'a, str>, XmlError> {
        let mut acc: Option<Cow<'a, str>> = None;
        loop {
            match self.next()? {
                Event::Text(t) | Event::CData(t) => append(&mut acc, t),
                Event::End(_) | Event::Eof => return Ok(acc.unwrap_or(Cow::Borrowed(""))),
                Event::Start(tag) => {
                    let span = tag.span();
                    return Err(self.error_at(
                        span.byte(),
                        XmlErrorKind::Syntax {
                            message: format!(
                                "element <{}> is not allowed here: only text is",
                                tag.local()
                            ),
                        },
                    ));
                }
                Event::Comment(_) | Event::ProcessingInstruction { .. } => {}
            }
        }
    }
}

fn hex_signed(num: &str) -> bool {
    num.strip_prefix('x')
        .is_some_and(|h| h.starts_with(['+', '-']))
}

fn push_child(stack: &mut [Element], node: super::Node) {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(node);
    }
}

fn append<'a>(acc: &mut Option<Cow<'a, str>>, piece: Cow<'a, str>) {
    match acc {
        None => *acc = Some(piece),
        Some(existing) => existing.to_mut().push_str(&piece),
    }
}

/// The attribute name starting at or after `at` (skipping whitespace), and its offset.
fn attr_name_at(text: &str, at: usize) -> (usize, String) {
    let Some(rest) = text.get(at..) else {
        return (at, String::new());
    };
    let trimmed = rest.trim_start();
    let off = at + (rest.len() - trimmed.len());
    let name = trimmed
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '=')
        .collect();
    (off, name)
}

/// Attribute-value normalisation (XML 1.0 §3.3.3) and reference resolution.
fn normalise_attr(raw: Cow<'_, str>) -> Result<Cow<'_, str>, XmlErrorKind> {
    let needs = raw
        .bytes()
        .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'));
    if !needs {
        return Ok(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let s: &str = &raw;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\r' => {
                if chars.peek().is_some_and(|(_, n)| *n == '\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\t' | '\n' => out.push(' '),
            '&' => {
                let rest = &s[i + 1..];
                let Some(end) = rest.find(';') else {
                    return Err(XmlErrorKind::Syntax {
                        message: "unterminated reference in attribute value".to_owned(),
                    });
                };
                let name = &rest[..end];
                let ch = if let Some(num) = name.strip_prefix('#') {
                    let code = if let Some(hex) = num.strip_prefix('x') {
                        if hex.starts_with(['+', '-']) {
                            None
                        } else {
                            u32::from_str_radix(hex, 16).ok()
                        }
                    } else if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) {
                        num.parse::<u32>().ok()
                    } else {
                        None
                    };
                    match code.and_then(char::from_u32) {
                        Some(c) if is_xml_char(c) => c,
                        _ => {
                            return Err(XmlErrorKind::InvalidCharRef {
                                reference: name.to_owned(),
                            });
                        }
                    }
                } else {
                    match name {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        _ => {
                            return Err(XmlErrorKind::UndefinedEntity {
                                name: name.to_owned(),
                            });
                        }
                    }
                };
                out.push(ch);
                // Skip the reference's characters.
                for _ in 0..name.chars().count() + 1 {
                    chars.next();
                }
            }
            '<' => {
                return Err(XmlErrorKind::Syntax {
                    message: "'<' is not allowed in an attribute value".to_owned(),
                });
            }
            c => out.push(c),
        }
    }
    Ok(Cow::Owned(out))
}
