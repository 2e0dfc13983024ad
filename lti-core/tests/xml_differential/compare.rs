//! The differential oracle shared by the proptest (`tests/xml_differential.rs`) and the
//! cargo-fuzz target `fuzz/fuzz_targets/xml_differential.rs`: our [`parse_document`] against
//! roxmltree on the same bytes.
//!
//! For a document without a DOCTYPE, both parsers must accept or both reject it; when both
//! accept, the element names and namespaces, the attributes (namespace, local name, value, in
//! order), the text (text and CDATA merged, as roxmltree merges them), comments and processing
//! instructions must agree, in document order, the prolog and epilog included.
//!
//! Known, intentional differences (each one excluded explicitly below, nothing else is):
//! - **Limits**: our [`Limits`] refuse very deep or very large documents; inputs that exceed a
//!   limit are not compared (the limits used here are generous).
//! - **Invalid UTF-8 / other encodings**: roxmltree takes `&str`, so only valid UTF-8 is given to
//!   it; for other bytes we must reject, and that is checked.
//! - **Reserved processing-instruction targets**: XML 1.0 §2.6 reserves targets matching
//!   `[Xx][Mm][Ll]`; roxmltree accepts `<?xml?>`, `<?XML ...?>` and an XML declaration-like PI
//!   after the start (when not followed by a space); we refuse them. Only the case "we reject, roxmltree accepts,
//!   and the input has a `<?` followed by `xml` in any case" is excluded.
//! - **XML declaration content**: roxmltree does not check the version number, the encoding
//!   name or the standalone value; we do (XML 1.0 §2.8, §4.3.3, §2.9). Excluded as "we reject,
//!   roxmltree accepts, the error is about the XML declaration".
//! - **Elements with the `xml` prefix** (`<xml:a/>`): the prefix is bound by definition
//!   (Namespaces in XML 1.0 §3) and libxml2 accepts them; roxmltree reports an unknown prefix.
//! - **Declaring the `xmlns` prefix** (`xmlns:xmlns="..."`) is forbidden (Namespaces in XML
//!   1.0 §3); roxmltree accepts it.
//! - **Names with an empty prefix** (`<:a/>`) are not `QName`s (Namespaces in XML 1.0 §4);
//!   roxmltree reads them as unprefixed. In an end tag, `</:a>` closing `<a>` does not match it
//!   (XML 1.0 §3, WFC Element Type Match: the names must be the same), so we report a mismatched
//!   end tag; roxmltree drops the empty prefix and accepts it.
//! - **Character references to surrogates or beyond U+10FFFF** (`&#xD800;`, `&#x110000;`) are
//!   not `Char`s (XML 1.0 §4.1, WFC Legal Character); roxmltree replaces them with U+FFFD.
//! - **Undeclaring a prefix** (`xmlns:p=""`) is a Namespaces in XML 1.1 feature, forbidden in
//!   1.0 (§3, "the attribute value … MUST NOT be empty"); roxmltree accepts it.
//! - **Whitespace after a PI target** is required (XML 1.0 §2.6: `'<?' PITarget (S …)? '?>'`);
//!   roxmltree reads `<?a"?>` as target `a` with data `"`.
//! - **Repeated namespace declarations** (`xmlns="…"` twice, or `xmlns:p` twice, on one start
//!   tag) are repeated attributes (XML 1.0 §3.1, WFC Unique Att Spec: "no attribute name may
//!   appear more than once in the same start-tag"); roxmltree accepts a repeated default
//!   declaration (it refuses a repeated prefix declaration, as we do).
//! - **A line-end CR directly followed by a reference** (`a\r&#x41;`): XML 1.0 §2.11 makes the
//!   CR a line feed; roxmltree keeps it. Documents with the bytes `\r&` whose only difference is
//!   CR for LF in text are not compared (in them a CR written as `&#xD;` is not checked).
//! - **An attribute named `xmlns` under a prefix** (`p:xmlns="…"`): an ordinary attribute in
//!   the prefix's namespace (only the `xmlns` *prefix* is reserved, Namespaces in XML 1.0 §3);
//!   roxmltree reads it as a default namespace declaration (the element moves into the value's
//!   namespace and the attribute is gone), and accepts it when `p` is not declared, which we
//!   refuse (§5, "the prefix … MUST have been declared"). Documents with such an attribute are
//!   not compared when that is where they differ (we reject with the unbound prefix `p`, or
//!   both accept).
//! - **An XML declaration with a tab or line end after `<?xml`** (`<?xml\n version="1.0"?>`) is
//!   an XML declaration (XML 1.0 §2.8: the whitespace before `version` is any `S`); roxmltree
//!   takes it for a processing instruction named `xml` unless a space follows `<?xml`. Such a
//!   document is not compared when the only difference is that PI at its start.
//! - **Line ends in comments and processing instructions**: XML 1.0 §2.11 normalises line ends
//!   in the whole document; roxmltree keeps `\r` in comments and PIs. roxmltree's values are
//!   normalised before comparing.

#![allow(dead_code, reason = "shared between a test binary and a fuzz target")]

use lti_core::xml::{Limits, Node, XmlErrorKind, parse_document};

/// What the comparison found.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// Both accepted with the same content, or both rejected.
    Agree,
    /// Not compared, for the reason given (a documented, intentional difference).
    Skipped(&'static str),
    /// A disagreement: a bug in one of the two.
    Disagree(String),
}

/// Generous limits, so that only the documented limit differences remain.
pub(crate) fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_depth = 4096;
    l.max_attributes = 100_000;
    l.max_namespaces = 100_000;
    l
}

/// Compares our parse of `input` with roxmltree's.
pub(crate) fn compare(input: &[u8]) -> Verdict {
    if memchr_find(input, b"<!DOCTYPE").is_some() {
        return Verdict::Skipped("DOCTYPE");
    }
    let ours = parse_document(input, &limits());
    // The whole input, byte order mark included: roxmltree skips one leading BOM itself, as we
    // do (stripping one here let a second one through as if it were the first).
    let Ok(text) = std::str::from_utf8(input) else {
        return match ours {
            Err(_) => Verdict::Agree,
            Ok(_) => Verdict::Disagree("invalid UTF-8 accepted".to_owned()),
        };
    };
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: u32::MAX,
    };
    let theirs = roxmltree::Document::parse_with_options(text, opts);
    match (ours, theirs) {
        (Err(_), Err(_)) => Verdict::Agree,
        (Ok(_), Err(roxmltree::Error::UnknownNamespace(p, _))) if p == "xml" => {
            Verdict::Skipped("element with the `xml` prefix")
        }
        (Ok(doc), Err(e)) => Verdict::Disagree(format!(
            "we accept, roxmltree rejects: {e}\nours: {:?}",
            flatten_ours(&doc)
        )),
        (Err(e), Ok(doc)) => {
            if matches!(e.kind(), XmlErrorKind::LimitExceeded { .. }) {
                return Verdict::Skipped("a limit");
            }
            if reserved_pi_target(text) {
                return Verdict::Skipped("reserved PI target");
            }
            if let XmlErrorKind::InvalidCharRef { reference } = e.kind()
                && no_scalar_value_reference(reference)
            {
                return Verdict::Skipped("character reference to a surrogate or beyond U+10FFFF");
            }
            if e.to_string().contains("has an empty prefix") {
                return Verdict::Skipped("empty prefix");
            }
            if let XmlErrorKind::MismatchedEnd { expected, found } = e.kind()
                && found.strip_prefix(':') == Some(expected.as_str())
            {
                return Verdict::Skipped("end tag with an empty prefix");
            }
            if e.to_string()
                .contains("after the processing instruction target")
            {
                return Verdict::Skipped("PI target not followed by whitespace");
            }
            if let XmlErrorKind::DuplicateAttribute { name } = e.kind()
                && (name == "xmlns" || name.starts_with("xmlns:"))
            {
                return Verdict::Skipped("repeated namespace declaration");
            }
            if let XmlErrorKind::UnboundPrefix { prefix } = e.kind()
                && text.contains(&format!("{prefix}:xmlns"))
            {
                return Verdict::Skipped("attribute `p:xmlns`");
            }
            if e.to_string().contains("cannot be undeclared") {
                return Verdict::Skipped("prefix undeclared");
            }
            if e.to_string().contains("cannot be declared") {
                return Verdict::Skipped("the `xmlns` prefix declared");
            }
            if e.to_string().contains("XML declaration") {
                return Verdict::Skipped("XML declaration content");
            }
            Verdict::Disagree(format!(
                "we reject ({}: {e}), roxmltree accepts: {:?}",
                e.code(),
                flatten_theirs(&doc)
            ))
        }
        (Ok(ours), Ok(theirs)) => {
            let a = flatten_ours(&ours);
            let b = flatten_theirs(&theirs);
            if a == b {
                Verdict::Agree
            } else if prefixed_xmlns_attribute(input) {
                Verdict::Skipped("attribute `p:xmlns`")
            } else {
                // The two known roxmltree differences below, alone or together.
                let declaration_as_pi = declaration_after_other_whitespace(input)
                    && matches!(b.first(), Some(Item::Pi(t, _)) if t == "xml");
                let b = if declaration_as_pi { &b[1..] } else { &b[..] };
                let cr_before_reference = memchr_find(input, b"\r&").is_some();
                if declaration_as_pi && a == b {
                    Verdict::Skipped(
                        "roxmltree reads an XML declaration with a tab or line end after `<?xml` as a PI",
                    )
                } else if cr_before_reference && cr_as_lf_in_text(&a) == cr_as_lf_in_text(b) {
                    Verdict::Skipped(if declaration_as_pi {
                        "roxmltree keeps a line-end CR before a reference, and reads the XML declaration as a PI"
                    } else {
                        "roxmltree keeps a line-end CR before a reference"
                    })
                } else {
                    Verdict::Disagree(format!("different content\nours:   {a:?}\ntheirs: {b:?}"))
                }
            }
        }
    }
}

/// Items with every CR in text read as LF: roxmltree keeps a literal CR that is directly
/// followed by a reference (`a\r&#x41;`), where XML 1.0 §2.11 makes it a line end. Used only
/// for documents with the bytes `\r&` (where a CR written as a reference, `&#xD;`, is then not
/// told apart from a line end).
fn cr_as_lf_in_text(items: &[Item]) -> Vec<Item> {
    items
        .iter()
        .map(|i| match i {
            Item::Text(t) => Item::Text(t.replace('\r', "\n")),
            other => other.clone(),
        })
        .collect()
}

/// `#xD800`..`#xDFFF` (or the decimal equivalents): not XML `Char`s.
/// A reference to a code point that is no Unicode scalar value (a surrogate, or above U+10FFFF).
fn no_scalar_value_reference(reference: &str) -> bool {
    let code = match reference.strip_prefix("#x") {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => reference.strip_prefix('#').and_then(|d| d.parse().ok()),
    };
    code.is_some_and(|c| char::from_u32(c).is_none())
}

/// Whether the document starts (after a byte order mark) with `<?xml` and a tab, CR or LF: an
/// XML declaration (XML 1.0 §2.8, `VersionInfo ::= S 'version' …`, `S` any of the four
/// whitespace characters), which roxmltree recognises only when a space follows `<?xml`.
fn declaration_after_other_whitespace(input: &[u8]) -> bool {
    let b = input.strip_prefix("\u{feff}".as_bytes()).unwrap_or(input);
    b.strip_prefix(b"<?xml")
        .and_then(|r| r.first())
        .is_some_and(|c| matches!(c, b'\t' | b'\n' | b'\r'))
}

/// Whether the input has an attribute name `p:xmlns` (a prefix, then the local name `xmlns`,
/// then `=` after optional whitespace).
fn prefixed_xmlns_attribute(input: &[u8]) -> bool {
    input.windows(6).enumerate().any(|(i, w)| {
        w == b":xmlns"
            && i > 0
            && !matches!(
                input[i - 1],
                b' ' | b'\t' | b'\n' | b'\r' | b'<' | b'"' | b'\''
            )
            && input[i + 6..]
                .iter()
                .find(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
                == Some(&b'=')
    })
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn reserved_pi_target(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(5)
        .any(|w| w[0] == b'<' && w[1] == b'?' && w[2..].eq_ignore_ascii_case(b"xml"))
}

/// One item of the flattened document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// Start of an element: namespace, local name.
    Start(Option<String>, String),
    /// An attribute of the element just started: namespace, local name, value.
    Attr(Option<String>, String, String),
    /// Merged text and CDATA (never empty).
    Text(String),
    /// A comment.
    Comment(String),
    /// A processing instruction: target, data.
    Pi(String, String),
    /// End of an element.
    End,
}

fn push_text(out: &mut Vec<Item>, t: &str) {
    if t.is_empty() {
        return;
    }
    if let Some(Item::Text(prev)) = out.last_mut() {
        prev.push_str(t);
    } else {
        out.push(Item::Text(t.to_owned()));
    }
}

/// Our document, flattened.
pub(crate) fn flatten_ours(doc: &lti_core::xml::Document) -> Vec<Item> {
    fn node(n: &Node, out: &mut Vec<Item>) {
        match n {
            Node::Element(e) => element(e, out),
            Node::Text(t) | Node::CData(t) => push_text(out, t),
            Node::Comment(c) => out.push(Item::Comment(c.clone())),
            Node::ProcessingInstruction { target, data } => {
                out.push(Item::Pi(target.clone(), data.clone()));
            }
            _ => {}
        }
    }
    fn element(e: &lti_core::xml::Element, out: &mut Vec<Item>) {
        out.push(Item::Start(
            e.name.ns.as_ref().map(|n| n.as_str().to_owned()),
            e.name.local.to_string(),
        ));
        for a in &e.attributes {
            out.push(Item::Attr(
                a.name.ns.as_ref().map(|n| n.as_str().to_owned()),
                a.name.local.to_string(),
                a.value.to_string(),
            ));
        }
        for c in &e.children {
            node(c, out);
        }
        out.push(Item::End);
    }
    let mut out = Vec::new();
    for n in &doc.prolog {
        node(n, &mut out);
    }
    element(&doc.root, &mut out);
    for n in &doc.epilog {
        node(n, &mut out);
    }
    out
}

fn eol(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// roxmltree's document, flattened the same way.
pub(crate) fn flatten_theirs(doc: &roxmltree::Document<'_>) -> Vec<Item> {
    fn node(n: roxmltree::Node<'_, '_>, out: &mut Vec<Item>) {
        match n.node_type() {
            roxmltree::NodeType::Element => {
                out.push(Item::Start(
                    // roxmltree gives `xmlns=""` as the empty namespace: that is no namespace.
                    n.tag_name()
                        .namespace()
                        .filter(|ns| !ns.is_empty())
                        .map(str::to_owned),
                    n.tag_name().name().to_owned(),
                ));
                for a in n.attributes() {
                    out.push(Item::Attr(
                        a.namespace().map(str::to_owned),
                        a.name().to_owned(),
                        a.value().to_owned(),
                    ));
                }
                for c in n.children() {
                    node(c, out);
                }
                out.push(Item::End);
            }
            roxmltree::NodeType::Text => push_text(out, n.text().unwrap_or_default()),
            roxmltree::NodeType::Comment => {
                out.push(Item::Comment(eol(n.text().unwrap_or_default())));
            }
            roxmltree::NodeType::PI => {
                if let Some(pi) = n.pi() {
                    out.push(Item::Pi(
                        pi.target.to_owned(),
                        eol(pi.value.unwrap_or_default()),
                    ));
                }
            }
            roxmltree::NodeType::Root => {}
        }
    }
    let mut out = Vec::new();
    for c in doc.root().children() {
        node(c, &mut out);
    }
    out
}
