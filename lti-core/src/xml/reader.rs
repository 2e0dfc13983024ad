//! The streaming, namespace-aware XML reader.

use std::borrow::Cow;

use memchr::{memchr, memchr2};

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

impl Event<'_> {
    /// The event as a tree node when it is content other than an element (text, CDATA, a
    /// comment, a processing instruction), its strings taken out of the event (left empty);
    /// `None` for start and end tags and the end of input. Taking by reference lets a caller
    /// match an event where the reader wrote it instead of moving it first.
    pub fn take_node(&mut self) -> Option<super::Node> {
        use std::mem::take;
        Some(match self {
            Event::Text(t) => super::Node::Text(take(t).into_owned()),
            Event::CData(t) => super::Node::CData(take(t).into_owned()),
            Event::Comment(t) => super::Node::Comment(take(t).into_owned()),
            Event::ProcessingInstruction { target, data } => super::Node::ProcessingInstruction {
                target: take(target).into_owned(),
                data: take(data).into_owned(),
            },
            Event::Start(_) | Event::End(_) | Event::Eof => return None,
        })
    }
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

/// Namespaces every reader holds as `'static` strings.
const WELL_KNOWN_NAMESPACES: &[&str] = &[
    XML_NS,
    super::XSI_NS,
    super::XINCLUDE_NS,
    super::MATHML_NS,
    super::XHTML_NS,
];

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
        self.to_element()
    }

    /// The tag as an owned [`Element`] without children, leaving the tag (and its attribute
    /// buffer, for [`Reader::recycle`]) to the caller.
    pub fn to_element(&self) -> Element {
        Element {
            name: QName {
                ns: self.ns.clone(),
                prefix: self.prefix.map(Name::new),
                local: Name::new(self.local),
            },
            attributes: self
                .attrs
                .iter()
                .map(|a| super::tree::Attribute {
                    name: QName {
                        ns: a.ns.clone(),
                        prefix: a.prefix.map(Name::new),
                        local: Name::new(a.local),
                    },
                    value: Name::new(&a.value),
                })
                .collect(),
            namespace_declarations: self
                .ns_decls
                .iter()
                .map(|(p, n)| super::tree::NamespaceDeclaration {
                    prefix: p.map(str::to_owned),
                    ns: n.clone(),
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

/// An open element: its name as written, its local name and namespace (for the end tag), and
/// where its namespace bindings start.
struct Open<'a> {
    name: &'a str,
    local: &'a str,
    ns: Option<Namespace>,
    mark: usize,
}

/// Byte offset → (line, column), for offsets that normally only move forward. The starts of the
/// lines are found once, with one pass over the document, the first time a position is needed;
/// after that a position costs a few comparisons and, for documents that are not plain ASCII,
/// a count of the characters since the previous position.
struct PosTracker {
    offset: usize,
    /// 1-based.
    line: u32,
    column: u32,
    /// Where each line after the first starts (the byte after each `\n`); empty until needed.
    line_starts: Vec<usize>,
    indexed: bool,
    ascii: bool,
}

impl PosTracker {
    fn new(bytes: &[u8]) -> Self {
        Self {
            offset: 0,
            line: 1,
            column: 1,
            line_starts: Vec::new(),
            indexed: false,
            ascii: bytes.is_ascii(),
        }
    }

    fn chars(&self, s: &[u8]) -> u32 {
        if self.ascii {
            u32::try_from(s.len()).unwrap_or(u32::MAX)
        } else {
            count_chars(s)
        }
    }

    /// Moves to byte `to`; returns the line and column there.
    fn advance(&mut self, bytes: &[u8], to: usize) -> (u32, u32) {
        if !self.indexed {
            self.indexed = true;
            // Counted first (a vectorised count), so the index is allocated once at its size.
            let mut starts = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count());
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
            self.line_starts = starts;
        }
        let to = to.min(bytes.len());
        if to < self.offset {
            // Backwards (never happens for events in order): start again.
            self.offset = 0;
            self.line = 1;
            self.column = 1;
        }
        let mut crossed = false;
        let mut ix = self.line as usize - 1;
        while let Some(&start) = self.line_starts.get(ix) {
            if start > to {
                break;
            }
            ix += 1;
            crossed = true;
        }
        if crossed {
            let line_start = self.line_starts[ix - 1];
            self.line = u32::try_from(ix + 1).unwrap_or(u32::MAX);
            self.column = 1u32.saturating_add(self.chars(&bytes[line_start..to]));
        } else {
            let n = self.chars(&bytes[self.offset..to]);
            self.column = self.column.saturating_add(n);
        }
        self.offset = to;
        (self.line, self.column)
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

/// Whether the part of a DOCTYPE declaration before its internal subset (after `<!DOCTYPE`) is
/// `S Name (S ExternalID)? S?`, with `ExternalID` = `SYSTEM S literal` or
/// `PUBLIC S literal S literal` and each literal quoted with `"` or `'`.
fn doctype_head_is_valid(head: &str) -> bool {
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    let s = head.trim_start_matches(is_ws);
    let name_len = s.find(is_ws).unwrap_or(s.len());
    let name = &s[..name_len];
    if name.is_empty() || name.contains(['"', '\'', '<', '>', '[', ']']) {
        return false;
    }
    let after_name = &s[name_len..];
    let t = after_name.trim_start_matches(is_ws);
    if t.is_empty() {
        return true;
    }
    let (literals, mut rest) = if let Some(r) = t.strip_prefix("SYSTEM") {
        (1, r)
    } else if let Some(r) = t.strip_prefix("PUBLIC") {
        (2, r)
    } else {
        return false;
    };
    for _ in 0..literals {
        let r = rest.trim_start_matches(is_ws);
        if r.len() == rest.len() {
            return false;
        }
        let Some(q) = r.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            return false;
        };
        let Some(close) = r[1..].find(q) else {
            return false;
        };
        rest = &r[close + 2..];
    }
    rest.trim_start_matches(is_ws).is_empty()
}

/// Classes of the bytes that may appear in a name: the ASCII `NameChar`s ([`NAME`]), the colon
/// ([`NAME`] | [`COLON`]) and every byte of a multi-byte character ([`NAME`] | [`HIGH`]; those
/// are checked against the XML name classes separately). Other bytes are 0.
const NAME_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c >= 0x80 {
            NAME | HIGH
        } else if c == b':' {
            NAME | COLON
        } else if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.') {
            NAME
        } else {
            0
        };
        i += 1;
    }
    t
};
const NAME: u8 = 1;
const COLON: u8 = 2;
const HIGH: u8 = 4;

/// ASCII bytes that may start a name (`NameStartChar`).
const NAME_START_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = c.is_ascii_alphabetic() || matches!(c, b'_' | b':');
        i += 1;
    }
    t
};

/// XML 1.0 (fifth edition) `NameStartChar`.
fn is_name_start_char(c: char) -> bool {
    matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 (fifth edition) `NameChar`.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// XML whitespace (`S`, XML 1.0 §2.3): space, tab, line feed, carriage return.
pub(super) const fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while let Some(&c) = b.get(i) {
        if !is_space(c) {
            break;
        }
        i += 1;
    }
    i
}

/// Line-end normalisation (XML 1.0 §2.11): `\r\n` and a lone `\r` become `\n`.
fn normalise_eol(s: &str) -> Cow<'_, str> {
    if memchr(b'\r', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Where `needle` (a short delimiter such as `?>`, `--` or `]]>`) first occurs in `hay`: a
/// byte search for its first byte, then a comparison. Spares building a substring searcher for
/// each comment, CDATA section and processing instruction (delimiters start with a rare byte);
/// linear in `hay` whatever it holds, since each step moves past one occurrence of that byte.
fn find_seq(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(k) = memchr(first, hay.get(from..)?) {
        let at = from + k;
        if hay.get(at + 1..).is_some_and(|r| r.starts_with(rest)) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// XML 1.0 §2.8 `XMLDecl`: `version`, then optionally `encoding` and `standalone`, in that
/// order, each after whitespace, with well-formed values. `rest` is what follows `<?xml` up to
/// the closing `?>`.
fn check_xml_declaration(rest: &str) -> Result<Option<&str>, String> {
    let b = rest.as_bytes();
    let mut i = 0;
    let mut seen_any = false;
    let mut encoding = None;
    for (name, required) in [
        ("version", true),
        ("encoding", false),
        ("standalone", false),
    ] {
        let after_space = skip_space(b, i);
        let has_name = b
            .get(after_space..)
            .is_some_and(|r| r.starts_with(name.as_bytes()));
        if !has_name {
            if required {
                return Err("`version` must come first".to_owned());
            }
            continue;
        }
        if after_space == i {
            return Err(format!("expected whitespace before `{name}`"));
        }
        let mut j = skip_space(b, after_space + name.len());
        if b.get(j) != Some(&b'=') {
            return Err(format!("expected `=` after `{name}`"));
        }
        j = skip_space(b, j + 1);
        let Some(&quote @ (b'"' | b'\'')) = b.get(j) else {
            return Err(format!("the value of `{name}` must be quoted"));
        };
        let Some(len) = memchr(quote, &b[j + 1..]) else {
            return Err(format!("the value of `{name}` is not closed"));
        };
        let value = &rest[j + 1..j + 1 + len];
        let ok = match name {
            "version" => value
                .strip_prefix("1.")
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit())),
            "encoding" => {
                value.bytes().enumerate().all(|(k, c)| {
                    c.is_ascii_alphabetic()
                        || (k > 0 && (c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'-')))
                }) && !value.is_empty()
            }
            _ => matches!(value, "yes" | "no"),
        };
        if !ok {
            return Err(format!("`{value}` is not a valid {name} value"));
        }
        if name == "encoding" {
            encoding = Some(value);
        }
        i = j + 1 + len + 1;
        seen_any = true;
    }
    debug_assert!(seen_any);
    if skip_space(b, i) != b.len() {
        return Err(
            "unexpected content (expected `version`, `encoding`, `standalone`, in that order)"
                .to_owned(),
        );
    }
    Ok(encoding)
}

/// How many distinct namespace names the reader shares between tags (see [`Reader::intern`]).
const MAX_INTERNED_NAMESPACES: usize = 32;

/// Attribute names on one tag above which duplicates are found by sorting instead of pairwise
/// comparison (so a tag with many attributes costs O(n log n), not O(n²)).
const LINEAR_DUPLICATE_CHECK: usize = 16;

/// A streaming XML reader over a document held in memory.
///
/// The tokenizer is this crate's own: the input is checked once up front (UTF-8, forbidden
/// characters), so names, values and text are sliced from it without further decoding, and
/// the well-formedness rules (names, attribute syntax and uniqueness, comments, `]]>` in text,
/// matching end tags, references) are checked in the same pass.
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
    pos: usize,
    limits: Limits,
    stack: Vec<Open<'a>>,
    bindings: Vec<Binding<'a>>,
    interned: Vec<Namespace>,
    /// Namespaces the caller expects (see [`Reader::expect_namespaces`]).
    known_namespaces: &'static [&'static str],
    pending_empty_end: bool,
    tracker: PosTracker,
    nodes: usize,
    root_seen: bool,
    root_closed: bool,
    doctype_seen: bool,
    problems: Vec<Problem>,
    doctype: Option<String>,
    /// Attribute names of the current start tag as written, with their offsets (duplicates).
    names: Vec<(&'a str, usize)>,
    /// Attribute lists given back with [`Reader::recycle`], reused by later start tags.
    attr_pool: Vec<Vec<Attr<'a>>>,
}

impl std::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("path", &self.path())
            .field("offset", &self.pos)
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

/// The namespace bound to the `xmlns` prefix (Namespaces in XML 1.0 §3); nothing may bind it.
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// Namespaces in XML 1.0 §3 (reserved prefixes and namespace names): `xml` may only be bound
/// to its own namespace, `xmlns` not at all, and neither namespace to another prefix.
fn check_prefix_binding(prefix: &str, uri: &str) -> Result<(), String> {
    match prefix {
        "xml" if uri == XML_NS => Ok(()),
        "xml" => Err(format!(
            "the prefix `xml` cannot be bound to `{uri}` (only to {XML_NS})"
        )),
        "xmlns" => Err("the prefix `xmlns` cannot be declared".to_owned()),
        _ if uri == XML_NS || uri == XMLNS_NS => Err(format!(
            "the namespace `{uri}` cannot be bound to the prefix `{prefix}`"
        )),
        _ => Ok(()),
    }
}

/// Why `name` (which has a colon) is not a `QName` (Namespaces in XML 1.0 §4): the prefix and
/// the local part must both be non-empty `NCName`s (so only one colon, and the local part starts
/// with a name-start character; the prefix does, being the start of the `Name`).
#[cold]
fn qname_error(name: &str) -> Option<String> {
    let (prefix, local) = split_qname(name);
    if prefix == Some("") {
        Some(format!(
            "`{name}` has an empty prefix (a qualified name is prefix:local)"
        ))
    } else if local.contains(':') || !local.chars().next().is_some_and(is_name_start_char) {
        Some(format!("`{name}` is not a qualified name (prefix:local)"))
    } else {
        None
    }
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
        Self {
            text,
            pos: 0,
            limits: limits.clone(),
            // Room for what most documents use, so that small documents do not grow these
            // lists one reallocation at a time (a reader lives for one document).
            stack: Vec::with_capacity(16),
            bindings: Vec::with_capacity(8),
            interned: Vec::with_capacity(4),
            known_namespaces: &[],
            pending_empty_end: false,
            tracker: PosTracker::new(text.as_bytes()),
            nodes: 0,
            root_seen: false,
            root_closed: false,
            doctype_seen: false,
            problems: Vec::new(),
            doctype: None,
            names: Vec::with_capacity(8),
            attr_pool: Vec::with_capacity(8),
        }
    }

    /// Namespaces the document is expected to use (a standard's own): they are held as
    /// `'static` strings, so the [`Namespace`] of each element and attribute in them is shared
    /// without a reference count. The XML, XML Schema instance, XInclude, MathML and XHTML
    /// namespaces always are. Reading is the same either way.
    pub fn expect_namespaces(&mut self, uris: &'static [&'static str]) {
        self.known_namespaces = uris;
    }

    /// The document text (after any byte order mark).
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The element path of the open elements, by qualified name as written:
    /// `/assessmentItem/itemBody`.
    pub fn path(&self) -> String {
        let mut p = String::new();
        for open in &self.stack {
            p.push('/');
            p.push_str(open.name);
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

    /// Gives a start tag back once its attributes are no longer needed, so that the storage of
    /// its attribute list is reused for a later start tag instead of allocating a new one.
    /// Optional: dropping the tag is always correct.
    pub fn recycle(&mut self, tag: StartTag<'a>) {
        let mut tag = tag;
        self.recycle_attrs(&mut tag);
    }

    /// Skips whitespace-only character data (spaces, tabs, line feeds) that ends at markup —
    /// the indentation between the children of element-only content, whose
    /// [`Event::Text`] a caller reading such content would discard anyway. The text still
    /// counts as a node for [`Limits::max_nodes`]. Anything else is left to [`Reader::next`]:
    /// text with a carriage return (line ends are normalised), other characters or
    /// references, a run longer than [`Limits::max_text_bytes`], and the end tag still owed
    /// for an empty-element tag. Outside the root element it does nothing.
    #[inline]
    pub fn skip_whitespace(&mut self) -> Result<(), XmlError> {
        if self.pending_empty_end || self.stack.is_empty() {
            return Ok(());
        }
        if let Some(end) = self.indentation_end() {
            self.count_node(self.pos)?;
            self.pos = end;
        }
        Ok(())
    }

    /// Where the indentation at the current position ends: a non-empty run of spaces, tabs
    /// and line feeds up to markup, no longer than [`Limits::max_text_bytes`]. `None` for
    /// anything else (the run is then ordinary text for [`Reader::next`]). A short loop: the
    /// searches of general text cost more to set up than such a run takes.
    #[inline]
    fn indentation_end(&self) -> Option<usize> {
        let b = self.text.as_bytes();
        let start = self.pos;
        let mut end = start;
        while let Some(b' ' | b'\t' | b'\n') = b.get(end) {
            end += 1;
        }
        (end > start && b.get(end) == Some(&b'<') && end - start <= self.limits.max_text_bytes)
            .then_some(end)
    }

    /// [`Reader::recycle`] without giving the tag up: its attribute list is taken (the tag is
    /// left without attributes). Taking the tag by reference spares copying it.
    pub fn recycle_attrs(&mut self, tag: &mut StartTag<'a>) {
        let mut attrs = std::mem::take(&mut tag.attrs);
        if attrs.capacity() > 0 && self.attr_pool.len() < 64 {
            attrs.clear();
            self.attr_pool.push(attrs);
        }
    }

    /// The position of byte `offset` (which must not be before the last event read) with the
    /// current element path.
    pub fn position_at(&mut self, offset: usize) -> XmlPosition {
        let (line, column) = self.tracker.advance(self.text.as_bytes(), offset);
        XmlPosition::new(self.path(), line, column, offset as u64)
    }

    /// The current position (after the last event read).
    pub fn position(&mut self) -> XmlPosition {
        self.position_at(self.pos)
    }

    fn span_at(&mut self, offset: usize) -> Span {
        // Line and column as returned (in registers), not read back from the tracker just
        // after it wrote them.
        let (line, column) = self.tracker.advance(self.text.as_bytes(), offset);
        Span::new(offset, line, column)
    }

    /// An error of the given kind at byte `offset`.
    #[cold]
    #[inline(never)]
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
    #[cold]
    #[inline(never)]
    pub fn error_at_end(&mut self, kind: XmlErrorKind) -> XmlError {
        self.error_at(self.pos, kind)
    }

    #[cold]
    #[inline(never)]
    fn syntax(&mut self, offset: usize, message: impl Into<String>) -> XmlError {
        self.error_at(
            offset,
            XmlErrorKind::Syntax {
                message: message.into(),
            },
        )
    }

    #[cold]
    #[inline(never)]
    fn limit(&mut self, offset: usize, limit: LimitKind, max: usize) -> XmlError {
        self.error_at(offset, XmlErrorKind::LimitExceeded { limit, max })
    }

    fn count_node(&mut self, at: usize) -> Result<(), XmlError> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(self.limit(at, LimitKind::Nodes, self.limits.max_nodes));
        }
        Ok(())
    }

    fn intern(&mut self, uri: &str) -> Namespace {
        if let Some(n) = self.interned.iter().find(|n| n.as_str() == uri) {
            return n.clone();
        }
        let n = match WELL_KNOWN_NAMESPACES
            .iter()
            .chain(self.known_namespaces)
            .find(|k| **k == uri)
        {
            Some(k) => Namespace::from_static(k),
            None => Namespace::new(uri),
        };
        // Real documents use a handful of namespaces; a bounded table keeps a document with
        // thousands of distinct ones linear (later ones are simply not shared).
        if self.interned.len() < MAX_INTERNED_NAMESPACES {
            self.interned.push(n.clone());
        }
        n
    }

    /// The namespace a prefix is bound to, by reference (returned in registers and cloned
    /// where it is stored: an owned namespace returned through memory and copied at once is a
    /// measurable stall on every start tag).
    fn resolve(&self, prefix: Option<&str>) -> Result<Option<&Namespace>, ()> {
        static XML: Namespace = Namespace::from_static(XML_NS);
        match prefix {
            Some("xml") => Ok(Some(&XML)),
            Some("xmlns") => Err(()),
            _ => {
                for b in self.bindings.iter().rev() {
                    if b.prefix == prefix {
                        return Ok(b.ns.as_ref());
                    }
                }
                if prefix.is_some() { Err(()) } else { Ok(None) }
            }
        }
    }

    /// The end of the name starting at `at` (an XML `Name`; an error when there is none).
    #[inline]
    fn scan_name(&mut self, at: usize, what: &str) -> Result<usize, XmlError> {
        self.scan_qname(at, what).map(|(end, _)| end)
    }

    /// [`Reader::scan_name`], also telling whether the name has a colon.
    #[inline]
    fn scan_qname(&mut self, at: usize, what: &str) -> Result<(usize, bool), XmlError> {
        let rest = self.text.as_bytes().get(at..).unwrap_or_default();
        let mut n = 0;
        let mut seen = 0u8;
        for &c in rest {
            let class = NAME_BYTE[usize::from(c)];
            if class == 0 {
                break;
            }
            seen |= class;
            n += 1;
        }
        match rest.first() {
            Some(&c) if n > 0 && seen & HIGH == 0 && NAME_START_BYTE[usize::from(c)] => {
                Ok((at + n, seen & COLON != 0))
            }
            // The colon flag is taken again over the name found: it may end before bytes the
            // scan took.
            _ => self
                .scan_name_slow(at, n, what)
                .map(|end| (end, rest[..end - at].contains(&b':'))),
        }
    }

    /// [`Reader::scan_name`] for names with non-ASCII characters, and the errors.
    #[cold]
    fn scan_name_slow(&mut self, at: usize, n: usize, what: &str) -> Result<usize, XmlError> {
        let name = &self.text[at..at + n];
        let mut chars = name.char_indices();
        if chars.next().is_some_and(|(_, c)| is_name_start_char(c)) {
            // The name is the longest run of name characters (the byte scan also took
            // non-ASCII characters that are not name characters, such as `’`); what follows
            // it is the caller's to judge, as after an ASCII name.
            let end = chars.find(|&(_, c)| !is_name_char(c)).map_or(n, |(i, _)| i);
            return Ok(at + end);
        }
        let found = match self.text[at..].chars().next() {
            Some(c) if name.is_empty() => format!("`{}`", c.escape_debug()),
            Some(_) => format!("`{name}`"),
            None => "the end of the input".to_owned(),
        };
        Err(self.syntax(at, format!("expected {what}, found {found}")))
    }

    fn start_tag(&mut self) -> Result<StartTag<'a>, XmlError> {
        let pos = self.pos;
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
            return Err(self.limit(pos, LimitKind::Depth, self.limits.max_depth));
        }
        self.count_node(pos)?;
        let text: &'a str = self.text;
        let b = text.as_bytes();
        let (name_end, name_colon) = self.scan_qname(pos + 1, "an element name after `<`")?;
        let raw_name = &text[pos + 1..name_end];
        let mark = self.bindings.len();
        let mut attrs = self.attr_pool.pop().unwrap_or_default();
        let mut ns_decls = Vec::new();
        let mut any_prefixed = false;
        self.names.clear();
        let mut i = name_end;
        let empty = loop {
            let gap = i;
            i = skip_space(b, i);
            match b.get(i) {
                Some(b'>') => {
                    i += 1;
                    break false;
                }
                Some(b'/') => {
                    if b.get(i + 1) == Some(&b'>') {
                        i += 2;
                        break true;
                    }
                    return Err(self.syntax(
                        i,
                        format!("expected `>` after `/` in the start tag <{raw_name}>"),
                    ));
                }
                None => {
                    let end = b.len();
                    return Err(
                        self.syntax(end, format!("the start tag <{raw_name}> is not closed"))
                    );
                }
                Some(_) => {}
            }
            if i == gap {
                let c = text[i..].chars().next().unwrap_or(' ');
                return Err(self.syntax(
                    i,
                    format!(
                        "unexpected `{}` in the start tag <{raw_name}> (attributes are separated by whitespace)",
                        c.escape_debug()
                    ),
                ));
            }
            let key_start = i;
            let (key_end, key_colon) = self.scan_qname(i, "an attribute name")?;
            let key: &'a str = &text[key_start..key_end];
            i = skip_space(b, key_end);
            if b.get(i) != Some(&b'=') {
                return Err(self.syntax(
                    i,
                    format!("attribute `{key}` must be followed by `=` and a quoted value"),
                ));
            }
            i = skip_space(b, i + 1);
            let Some(&quote @ (b'"' | b'\'')) = b.get(i) else {
                return Err(self.syntax(
                    i,
                    format!("the value of attribute `{key}` must be enclosed in `\"` or `'`"),
                ));
            };
            let value_start = i + 1;
            let Some(len) = memchr(quote, &b[value_start..]) else {
                return Err(self.syntax(
                    value_start,
                    format!("the value of attribute `{key}` is not closed"),
                ));
            };
            let value_end = value_start + len;
            i = value_end + 1;
            if self.names.len() >= self.limits.max_attributes {
                return Err(self.limit(pos, LimitKind::Attributes, self.limits.max_attributes));
            }
            if len > self.limits.max_attribute_bytes {
                return Err(self.limit(
                    pos,
                    LimitKind::AttributeSize,
                    self.limits.max_attribute_bytes,
                ));
            }
            if self.names.len() < LINEAR_DUPLICATE_CHECK
                && self.names.iter().any(|(n, _)| *n == key)
            {
                return Err(self.error_at(
                    key_start,
                    XmlErrorKind::DuplicateAttribute {
                        name: key.to_owned(),
                    },
                ));
            }
            self.names.push((key, key_start));
            let raw: &'a str = &text[value_start..value_end];
            // The value as a `Cow` is built only where it is stored (below): a `Cow` written
            // here and copied into the attribute list later was read back as one wide load of
            // narrower stores just made, a stall on every attribute.
            let normalised = if needs_normalising(raw.as_bytes()) {
                match normalise_attr(Cow::Borrowed(raw)) {
                    Ok(v) => Some(v),
                    Err(kind) => return Err(self.error_at(pos, kind)),
                }
            } else {
                None
            };
            let value: &str = normalised.as_deref().unwrap_or(raw);
            if key_colon && let Some(message) = qname_error(key) {
                return Err(self.syntax(key_start, message));
            }
            let (prefix, local) = if key_colon {
                split_qname(key)
            } else {
                (None, key)
            };
            if prefix.is_none() && local == "xmlns" {
                if value == XML_NS || value == XMLNS_NS {
                    return Err(self.syntax(
                        pos,
                        format!("the namespace `{value}` cannot be the default namespace"),
                    ));
                }
                let ns = (!value.is_empty()).then(|| self.intern(value));
                ns_decls.push((None, ns.clone()));
                self.bindings.push(Binding { prefix: None, ns });
            } else if prefix == Some("xmlns") {
                if value.is_empty() {
                    return Err(self.syntax(
                        pos,
                        format!("prefix `{local}` cannot be undeclared (xmlns:{local}=\"\")"),
                    ));
                }
                if let Err(message) = check_prefix_binding(local, value) {
                    return Err(self.syntax(pos, message));
                }
                let ns = Some(self.intern(value));
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
                    value: match normalised {
                        Some(v) => v,
                        None => Cow::Borrowed(raw),
                    },
                });
            }
        };
        if self.names.len() > LINEAR_DUPLICATE_CHECK {
            self.check_duplicates_sorted()?;
        }
        if self.bindings.len() > self.limits.max_namespaces {
            return Err(self.limit(pos, LimitKind::Namespaces, self.limits.max_namespaces));
        }
        let (prefix, local) = if name_colon {
            split_qname(raw_name)
        } else {
            (None, raw_name)
        };
        if name_colon && let Some(message) = qname_error(raw_name) {
            return Err(self.syntax(pos + 1, message));
        }
        let Ok(ns) = self.resolve(prefix).map(Option::<&Namespace>::cloned) else {
            return Err(self.error_at(
                pos,
                XmlErrorKind::UnboundPrefix {
                    prefix: prefix.unwrap_or_default().to_owned(),
                },
            ));
        };
        if any_prefixed {
            // Prefixed attributes are resolved once every declaration on this tag is in scope.
            for k in 0..attrs.len() {
                let Some(p) = attrs[k].prefix else { continue };
                let Ok(ans) = self.resolve(Some(p)).map(Option::<&Namespace>::cloned) else {
                    return Err(self.error_at(
                        pos,
                        XmlErrorKind::UnboundPrefix {
                            prefix: p.to_owned(),
                        },
                    ));
                };
                let l = attrs[k].local;
                if attrs[..k]
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
                attrs[k].ns = ans;
            }
        }
        let span = self.span_at(pos);
        self.stack.push(Open {
            name: raw_name,
            local,
            ns: ns.clone(),
            mark,
        });
        self.pos = i;
        self.pending_empty_end = empty;
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

    /// Duplicate attribute names on a tag with many attributes: sort, then report the first
    /// repeated name in document order.
    #[cold]
    fn check_duplicates_sorted(&mut self) -> Result<(), XmlError> {
        let mut sorted: Vec<&str> = self.names.iter().map(|(n, _)| *n).collect();
        sorted.sort_unstable();
        if sorted.windows(2).all(|w| w[0] != w[1]) {
            return Ok(());
        }
        let mut seen = std::collections::HashSet::new();
        let dup = self.names.iter().find(|(n, _)| !seen.insert(*n)).copied();
        let (name, at) = dup.unwrap_or(("", 0));
        Err(self.error_at(
            at,
            XmlErrorKind::DuplicateAttribute {
                name: name.to_owned(),
            },
        ))
    }

    #[inline] // built where the caller stores it, not returned through memory and copied
    fn end_tag(&mut self) -> EndTag<'a> {
        // The open element's fields are taken where they are and the entry then dropped in
        // place: popping it by value copies it out and reads the copy back at once, a stall.
        let Some(open) = self.stack.last_mut() else {
            return EndTag {
                local: "",
                ns: None,
            };
        };
        let local = open.local;
        let ns = open.ns.take();
        let mark = open.mark;
        let depth = self.stack.len() - 1;
        self.stack.truncate(depth);
        self.bindings.truncate(mark);
        if depth == 0 {
            self.root_closed = true;
        }
        EndTag { local, ns }
    }

    /// `</name>` at the current position.
    fn read_end_tag(&mut self) -> Result<EndTag<'a>, XmlError> {
        let pos = self.pos;
        let text: &'a str = self.text;
        let b = text.as_bytes();
        // The expected name is the open element's: compare it directly, scan only otherwise.
        let expected = self.stack.last().map_or("", |o| o.name);
        let after = pos + 2 + expected.len();
        let name_end = if !expected.is_empty()
            && b.get(pos + 2..after) == Some(expected.as_bytes())
            && b.get(after).is_none_or(|&c| NAME_BYTE[usize::from(c)] == 0)
        {
            after
        } else {
            self.scan_name(pos + 2, "an element name after `</`")?
        };
        let name = &text[pos + 2..name_end];
        let close = skip_space(b, name_end);
        if b.get(close) != Some(&b'>') {
            return Err(self.syntax(close, format!("the end tag </{name}> is not closed by `>`")));
        }
        match self.stack.last() {
            None => {
                return Err(self.syntax(
                    pos,
                    format!("end tag </{name}> without a matching start tag"),
                ));
            }
            Some(open) if open.name != name => {
                let expected = open.name.to_owned();
                return Err(self.error_at(
                    pos,
                    XmlErrorKind::MismatchedEnd {
                        expected,
                        found: name.to_owned(),
                    },
                ));
            }
            Some(_) => {}
        }
        self.pos = close + 1;
        Ok(self.end_tag())
    }

    /// Character data with its references, up to the next markup, merged into one string.
    fn char_data(&mut self) -> Result<Cow<'a, str>, XmlError> {
        let text: &'a str = self.text;
        let b = text.as_bytes();
        let start = self.pos;
        // Indentation, the commonest text of all, first.
        if let Some(end) = self.indentation_end() {
            self.pos = end;
            return Ok(Cow::Borrowed(&text[start..end]));
        }
        let end = memchr2(b'<', b'&', &b[start..]).map_or(b.len(), |k| start + k);
        if b.get(end) != Some(&b'&') && memchr2(b'\r', b']', &b[start..end]).is_none() {
            // The usual text: one piece, no reference, nothing to normalise. Returned as it is
            // (not through the accumulator below: writing a value and reading it straight back
            // stalls on the store).
            if end - start > self.limits.max_text_bytes {
                return Err(self.limit(start, LimitKind::TextSize, self.limits.max_text_bytes));
            }
            self.pos = end;
            return Ok(Cow::Borrowed(&text[start..end]));
        }
        let mut acc: Option<Cow<'a, str>> = None;
        let mut i = start;
        loop {
            let end = memchr2(b'<', b'&', &b[i..]).map_or(b.len(), |k| i + k);
            if end > i {
                let piece = &text[i..end];
                if memchr2(b'\r', b']', piece.as_bytes()).is_some() {
                    if let Some(k) = find_seq(piece.as_bytes(), b"]]>") {
                        return Err(self.syntax(i + k, "`]]>` is not allowed in text"));
                    }
                    append(&mut acc, normalise_eol(piece));
                } else {
                    append(&mut acc, Cow::Borrowed(piece));
                }
            }
            if b.get(end) != Some(&b'&') {
                self.pos = end;
                break;
            }
            let (c, next) = self.reference(end)?;
            match &mut acc {
                None => acc = Some(Cow::Owned(c.to_string())),
                Some(a) => a.to_mut().push(c),
            }
            i = next;
        }
        let text = acc.unwrap_or(Cow::Borrowed(""));
        if text.len() > self.limits.max_text_bytes {
            return Err(self.limit(start, LimitKind::TextSize, self.limits.max_text_bytes));
        }
        Ok(text)
    }

    /// The character of the reference at `at` (`&name;`, `&#n;`, `&#xh;`) and the offset after
    /// it.
    fn reference(&mut self, at: usize) -> Result<(char, usize), XmlError> {
        let b = self.text.as_bytes();
        let mut j = at + 1;
        while let Some(&c) = b.get(j) {
            if NAME_BYTE[usize::from(c)] == 0 && c != b'#' {
                break;
            }
            j += 1;
        }
        if b.get(j) != Some(&b';') {
            let name = self.text[at + 1..j].to_owned();
            return Err(self.syntax(at, format!("the reference `&{name}` is not closed by `;`")));
        }
        let name = &self.text[at + 1..j];
        let c = self.resolve_ref(name, at)?;
        Ok((c, j + 1))
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

    /// Whitespace outside the root element is skipped; anything else there is an error.
    #[inline(never)]
    fn skip_outside_root(&mut self) -> Result<(), XmlError> {
        let b = self.text.as_bytes();
        let end = skip_space(b, self.pos);
        if end < b.len() && b[end] != b'<' {
            return Err(self.error_at(
                self.pos,
                XmlErrorKind::OutsideRoot {
                    what: "text".to_owned(),
                },
            ));
        }
        self.pos = end;
        Ok(())
    }

    /// `<!--…-->`, `<![CDATA[…]]>` or `<!DOCTYPE…>` at the current position. The DOCTYPE
    /// gives no event.
    #[inline(never)]
    fn markup_declaration(&mut self) -> Result<Option<Event<'a>>, XmlError> {
        let pos = self.pos;
        let text: &'a str = self.text;
        let b = text.as_bytes();
        let rest = &b[pos..];
        if rest.starts_with(b"<!--") {
            let from = pos + 4;
            let Some(k) = find_seq(&b[from..], b"--") else {
                return Err(self.syntax(pos, "the comment is not closed by `-->`"));
            };
            let dashes = from + k;
            if b.get(dashes + 2) != Some(&b'>') {
                return Err(self.syntax(dashes, "`--` is not allowed inside a comment"));
            }
            self.pos = dashes + 3;
            self.count_node(pos)?;
            return Ok(Some(Event::Comment(normalise_eol(&text[from..dashes]))));
        }
        if rest.starts_with(b"<![CDATA[") {
            if self.stack.is_empty() {
                return Err(self.error_at(
                    pos,
                    XmlErrorKind::OutsideRoot {
                        what: "a CDATA section".to_owned(),
                    },
                ));
            }
            let from = pos + 9;
            let Some(k) = find_seq(&b[from..], b"]]>") else {
                return Err(self.syntax(pos, "the CDATA section is not closed by `]]>`"));
            };
            self.pos = from + k + 3;
            self.count_node(pos)?;
            if k > self.limits.max_text_bytes {
                return Err(self.limit(pos, LimitKind::TextSize, self.limits.max_text_bytes));
            }
            return Ok(Some(Event::CData(normalise_eol(&text[from..from + k]))));
        }
        if rest.starts_with(b"<!DOCTYPE") {
            self.doctype_decl()?;
            return Ok(None);
        }
        Err(self.syntax(
            pos,
            "expected a comment, a CDATA section or a DOCTYPE after `<!`",
        ))
    }

    fn doctype_decl(&mut self) -> Result<(), XmlError> {
        let pos = self.pos;
        if !self.limits.allow_doctype {
            return Err(self.error_at(pos, XmlErrorKind::DoctypeForbidden));
        }
        if self.root_seen || self.doctype_seen {
            return Err(self.syntax(
                pos,
                "a DOCTYPE is only allowed once, before the root element",
            ));
        }
        let text: &'a str = self.text;
        let b = text.as_bytes();
        let from = pos + 9;
        if !b.get(from).is_some_and(|&c| is_space(c)) {
            return Err(self.syntax(from, "expected whitespace after `<!DOCTYPE`"));
        }
        // Find the closing `>`: not inside quotes, the internal subset or a comment there.
        let mut i = from;
        let mut depth = 0usize;
        let mut subset: Option<usize> = None;
        let end = loop {
            let Some(&c) = b.get(i) else {
                return Err(self.syntax(pos, "the DOCTYPE declaration is not closed by `>`"));
            };
            match c {
                b'"' | b'\'' => match memchr(c, &b[i + 1..]) {
                    Some(k) => i += k + 2,
                    None => {
                        return Err(self.syntax(i, "a quoted string in the DOCTYPE is not closed"));
                    }
                },
                b'<' if depth > 0 && b[i..].starts_with(b"<!--") => {
                    match find_seq(&b[i + 4..], b"-->") {
                        Some(k) => i += k + 7,
                        None => {
                            return Err(self.syntax(i, "a comment in the DOCTYPE is not closed"));
                        }
                    }
                }
                b'[' => {
                    if depth == 0 && subset.is_none() {
                        subset = Some(i);
                    }
                    depth += 1;
                    i += 1;
                }
                b']' => {
                    depth = depth.saturating_sub(1);
                    i += 1;
                }
                b'>' if depth == 0 => break i,
                _ => i += 1,
            }
        };
        // Before the internal subset: `S Name (S ExternalID)? S?` (XML 1.0 §2.8 [28]).
        if !doctype_head_is_valid(&text[from..subset.unwrap_or(end)]) {
            return Err(self.syntax(
                pos,
                "malformed DOCTYPE: expected `<!DOCTYPE name>`, `<!DOCTYPE name SYSTEM \"…\">` or `<!DOCTYPE name PUBLIC \"…\" \"…\">` (then an optional `[…]` subset)",
            ));
        }
        let content = &text[from..end];
        self.pos = end + 1;
        self.doctype_seen = true;
        self.doctype = Some(format!("DOCTYPE {}", content.trim()));
        if let Some(open) = content.find('[') {
            if content[open..].contains("<!ENTITY") {
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
        Ok(())
    }

    /// `<?target data?>` at the current position; the XML declaration gives no event.
    #[inline(never)]
    fn processing_instruction(&mut self) -> Result<Option<Event<'a>>, XmlError> {
        let pos = self.pos;
        let text: &'a str = self.text;
        let b = text.as_bytes();
        let target_end = self.scan_name(pos + 2, "a processing instruction target after `<?`")?;
        let target = &text[pos + 2..target_end];
        let Some(k) = find_seq(&b[target_end..], b"?>") else {
            return Err(self.syntax(pos, "the processing instruction is not closed by `?>`"));
        };
        let end = target_end + k;
        if end > target_end && !is_space(b[target_end]) {
            return Err(self.syntax(
                target_end,
                format!(
                    "expected whitespace or `?>` after the processing instruction target `{target}`"
                ),
            ));
        }
        let data = text[target_end..end].trim_start_matches([' ', '\t', '\n', '\r']);
        self.pos = end + 2;
        if target == "xml" {
            if pos != 0 {
                return Err(self.syntax(
                    pos,
                    "an XML declaration is only allowed at the very start of the document",
                ));
            }
            match check_xml_declaration(&text[target_end..end]) {
                Err(message) => {
                    return Err(self.syntax(pos, format!("malformed XML declaration: {message}")));
                }
                Ok(Some(enc)) => self.check_declared_encoding(enc, pos),
                Ok(None) => {}
            }
            return Ok(None);
        }
        if target.eq_ignore_ascii_case("xml") {
            return Err(self.syntax(
                pos,
                format!("the processing instruction target `{target}` is reserved"),
            ));
        }
        self.count_node(pos)?;
        Ok(Some(Event::ProcessingInstruction {
            target: Cow::Borrowed(target),
            data: normalise_eol(data),
        }))
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
        let b = self.text.as_bytes();
        loop {
            let Some(&c) = b.get(self.pos) else {
                return self.end_of_input();
            };
            if c != b'<' {
                if self.stack.is_empty() {
                    self.skip_outside_root()?;
                    continue;
                }
                let at = self.pos;
                let text = self.char_data()?;
                self.count_node(at)?;
                return Ok(Event::Text(text));
            }
            match b.get(self.pos + 1) {
                Some(b'/') => return self.read_end_tag().map(Event::End),
                Some(b'!') => {
                    if let Some(ev) = self.markup_declaration()? {
                        return Ok(ev);
                    }
                }
                Some(b'?') => {
                    if let Some(ev) = self.processing_instruction()? {
                        return Ok(ev);
                    }
                }
                _ => return self.start_tag().map(Event::Start),
            }
        }
    }

    #[inline(never)]
    fn end_of_input(&mut self) -> Result<Event<'a>, XmlError> {
        if let Some(open) = self.stack.last() {
            let open = open.name.to_owned();
            return Err(self.error_at_end(XmlErrorKind::UnexpectedEof { open }));
        }
        if !self.root_seen {
            return Err(self.error_at_end(XmlErrorKind::NoRoot));
        }
        Ok(Event::Eof)
    }

    fn check_declared_encoding(&mut self, enc: &str, pos: usize) {
        let is = |name: &str| enc.eq_ignore_ascii_case(name);
        if is("utf-8") || is("utf8") {
            return;
        }
        let ascii_family = is("us-ascii") || is("ascii");
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
                Event::Eof => {
                    return Err(self.error_at_end(XmlErrorKind::UnexpectedEof {
                        open: stack
                            .last()
                            .map(|e| e.name.local.to_string())
                            .unwrap_or_default(),
                    }));
                }
                mut leaf => {
                    if let Some(node) = leaf.take_node() {
                        push_child(&mut stack, node);
                    }
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

/// Whether an attribute value needs [`normalise_attr`]: references, whitespace other than
/// spaces, or a `<` (an error). Branch-free, so it vectorises.
fn needs_normalising(v: &[u8]) -> bool {
    v.iter().fold(false, |acc, &c| {
        acc | (c < 0x20) | (c == b'&') | (c == b'<')
    })
}

/// Attribute-value normalisation (XML 1.0 §3.3.3) and reference resolution.
fn normalise_attr(raw: Cow<'_, str>) -> Result<Cow<'_, str>, XmlErrorKind> {
    let needs = raw
        .bytes()
        .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r' | b'<'));
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

#[cfg(test)]
mod delimiter_tests {
    use super::find_seq;

    #[test]
    fn find_seq_finds_the_first_whole_delimiter() {
        assert_eq!(find_seq(b"abc?>", b"?>"), Some(3));
        assert_eq!(find_seq(b"??>", b"?>"), Some(1));
        assert_eq!(find_seq(b"a]]]>", b"]]>"), Some(2));
        assert_eq!(find_seq(b"]]", b"]]>"), None);
        assert_eq!(find_seq(b"-x-", b"--"), None);
        assert_eq!(find_seq(b"- --", b"--"), Some(2));
        assert_eq!(find_seq(b"", b"--"), None);
        assert_eq!(find_seq(b"ab", b""), None);
        // Agrees with a plain search on every split of a few patterns.
        for hay in ["]]]]>", "?>?>", "-->--", "x]x]]x]]>", "a--b"] {
            for needle in ["]]>", "?>", "--", "-->"] {
                let expected = hay.find(needle);
                assert_eq!(
                    find_seq(hay.as_bytes(), needle.as_bytes()),
                    expected,
                    "{hay} {needle}"
                );
            }
        }
    }
}
