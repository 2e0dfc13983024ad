//! Material to QTI body content: `mattext` (plain text or HTML), `matbreak`, `matimage`; HTML
//! parsed and fitted to the QTI content model.

use std::collections::BTreeSet;

use lti_core::xml::{Attribute, Element, Namespace, Node, QName, XML_NS};
use qti::content::{BodyNode, HtmlElement};

use super::item::ItemCx;
use super::{MediaFile, media_href};
use crate::codes;
use crate::filebase;
use crate::manifest::ns_attr;
use crate::qti::{Material, MaterialContent};

/// Where content goes, by what the QTI content model allows there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    /// Block content only (`itemBody`, `blockquote`): inline runs are wrapped in `p`.
    Block,
    /// Block and inline content (`div`, `li`, `td`, choices, prompts, feedback).
    Flow,
    /// Inline content only (`p`, `span`, headings): block elements are flattened.
    Inline,
}

/// XHTML elements of the QTI content model kept as elements (2.2 and 3.0 alike).
const ALLOWED: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "b",
    "big",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "ul",
    "var",
];

/// Elements dropped with their content (scripts, styles, embedded frames and forms have no
/// place in an item body).
const DROPPED: &[&str] = &[
    "applet", "audio", "button", "canvas", "embed", "form", "head", "iframe", "input", "link",
    "math", "meta", "noscript", "object", "script", "select", "style", "svg", "textarea", "title",
    "video",
];

/// Block-level elements (the rest of [`ALLOWED`] is inline, or a table/list part).
const BLOCK: &[&str] = &[
    "address",
    "blockquote",
    "div",
    "dl",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
];

/// Elements whose content is inline only.
const INLINE_CONTENT: &[&str] = &[
    "a", "abbr", "acronym", "address", "b", "big", "caption", "cite", "code", "dfn", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "i", "kbd", "p", "pre", "q", "samp", "small", "span",
    "strong", "sub", "sup", "tt", "var",
];

/// Parts of lists and tables: only valid inside their parent element.
const PARTS: &[&str] = &[
    "caption", "col", "colgroup", "dd", "dt", "li", "tbody", "td", "tfoot", "th", "thead", "tr",
];

/// Empty elements.
const EMPTY: &[&str] = &["br", "col", "hr", "img"];

/// HTML void elements (written unclosed in HTML).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Attributes kept on a given element (besides `id`, `class`, `dir` and `xml:lang` everywhere).
fn element_attribute(element: &str, attr: &str) -> bool {
    match element {
        "a" => matches!(attr, "href" | "type"),
        "img" => matches!(attr, "src" | "alt" | "longdesc" | "height" | "width"),
        "q" | "blockquote" => attr == "cite",
        "table" => attr == "summary",
        "td" | "th" => matches!(
            attr,
            "headers" | "scope" | "abbr" | "axis" | "rowspan" | "colspan" | "align" | "valign"
        ),
        "col" | "colgroup" => attr == "span",
        _ => false,
    }
}

pub(super) fn is_block(n: &BodyNode) -> bool {
    match n {
        BodyNode::Html(h) => BLOCK.contains(&h.name.as_str()),
        BodyNode::Interaction(i) => {
            !matches!(i.kind, qti::interactions::InteractionKind::TextEntry(_))
        }
        _ => false,
    }
}

fn is_blank(n: &BodyNode) -> bool {
    matches!(n, BodyNode::Text(t) if t.trim().is_empty())
}

/// Common HTML named character references that XML does not define.
const ENTITIES: &[(&str, char)] = &[
    ("nbsp", '\u{a0}'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("hellip", '…'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("bull", '•'),
    ("middot", '·'),
    ("times", '×'),
    ("divide", '÷'),
    ("deg", '°'),
    ("plusmn", '±'),
    ("micro", 'µ'),
    ("para", '¶'),
    ("sect", '§'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("euro", '€'),
    ("pound", '£'),
    ("yen", '¥'),
    ("cent", '¢'),
    ("le", '≤'),
    ("ge", '≥'),
    ("ne", '≠'),
    ("minus", '−'),
    ("rarr", '→'),
    ("larr", '←'),
    ("alpha", 'α'),
    ("beta", 'β'),
    ("gamma", 'γ'),
    ("delta", 'δ'),
    ("pi", 'π'),
    ("sigma", 'σ'),
    ("theta", 'θ'),
    ("lambda", 'λ'),
    ("mu", 'μ'),
    ("omega", 'ω'),
    ("Delta", 'Δ'),
    ("Sigma", 'Σ'),
    ("Omega", 'Ω'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("ecirc", 'ê'),
    ("aacute", 'á'),
    ("agrave", 'à'),
    ("acirc", 'â'),
    ("auml", 'ä'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("Auml", 'Ä'),
    ("Ouml", 'Ö'),
    ("Uuml", 'Ü'),
    ("szlig", 'ß'),
    ("ccedil", 'ç'),
    ("ntilde", 'ñ'),
    ("iacute", 'í'),
    ("oacute", 'ó'),
    ("uacute", 'ú'),
    ("shy", '\u{ad}'),
    ("zwnj", '\u{200c}'),
    ("zwj", '\u{200d}'),
    ("thinsp", '\u{2009}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
];

const XML_ENTITIES: &[&str] = &["amp", "lt", "gt", "quot", "apos"];

/// Rewrites HTML towards well-formed XML: HTML named references become characters, a `&` that
/// starts no reference becomes `&amp;`, element names are lower-cased and void elements are
/// closed. Anything else (unquoted attributes, overlapping tags) is left for the XML parser to
/// refuse.
pub(super) fn prepare_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after_amp) = tail.strip_prefix('&') {
            let name_len = after_amp
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
                .unwrap_or(after_amp.len());
            let name = &tail[1..1 + name_len];
            let terminated = tail[1 + name_len..].starts_with(';');
            if terminated && (XML_ENTITIES.contains(&name) || is_char_ref(name)) {
                out.push_str(&tail[..name_len + 2]);
                rest = &tail[name_len + 2..];
            } else if let (true, Some((_, c))) =
                (terminated, ENTITIES.iter().find(|(n, _)| *n == name))
            {
                out.push(*c);
                rest = &tail[name_len + 2..];
            } else {
                out.push_str("&amp;");
                rest = &tail[1..];
            }
            continue;
        }
        // A tag: `<name …>` or `</name>`; anything else is copied and left to the parser.
        let closing = tail[1..].starts_with('/');
        let name_start = if closing { 2 } else { 1 };
        let name_len = tail[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tail.len() - name_start);
        if name_len == 0 || !tail[name_start..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.push('<');
            rest = &tail[1..];
            continue;
        }
        let Some(end) = tag_end(tail) else {
            out.push_str(tail);
            rest = "";
            break;
        };
        let name = tail[name_start..name_start + name_len].to_ascii_lowercase();
        out.push('<');
        if closing {
            out.push('/');
        }
        out.push_str(&name);
        let (attrs, self_closed) = if closing {
            (String::new(), false)
        } else {
            fix_attributes(&tail[name_start + name_len..end])
        };
        if closing && VOID.contains(&name.as_str()) {
            // `</br>` and friends: the element was closed already.
            out.truncate(out.len() - name.len() - 2);
        } else if self_closed || VOID.contains(&name.as_str()) {
            out.push_str(&attrs);
            out.push_str("/>");
        } else {
            out.push_str(&attrs);
            out.push('>');
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Rewrites the attributes of an HTML start tag as XML: names lower-cased, unquoted values
/// quoted, valueless attributes given their name as value, repeated attributes dropped.
/// Returns the attributes (each with a leading space) and whether the tag ended with `/`.
fn fix_attributes(s: &str) -> (String, bool) {
    let mut out = String::with_capacity(s.len() + 8);
    let mut seen: Vec<String> = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    let mut self_closed = false;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' {
            self_closed = s[i + 1..].trim().is_empty();
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'/') {
            i += 1;
        }
        let name = s[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(q @ (b'"' | b'\'')) => {
                    let q = *q as char;
                    let v_start = i + 1;
                    let v_end = s[v_start..].find(q).map_or(s.len(), |e| v_start + e);
                    i = (v_end + 1).min(b.len());
                    s[v_start..v_end].to_owned()
                }
                _ => {
                    let v_start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    s[v_start..i].to_owned()
                }
            }
        } else {
            name.clone()
        };
        let valid_name = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'));
        if !valid_name || seen.contains(&name) {
            continue;
        }
        out.push(' ');
        out.push_str(&name);
        out.push_str("=\"");
        out.push_str(&value.replace('"', "&quot;").replace('<', "&lt;"));
        out.push('"');
        seen.push(name);
    }
    (out, self_closed)
}

fn is_char_ref(name: &str) -> bool {
    let Some(num) = name.strip_prefix('#') else {
        return false;
    };
    if let Some(hex) = num.strip_prefix(['x', 'X']) {
        !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit())
    } else {
        !num.is_empty() && num.chars().all(|c| c.is_ascii_digit())
    }
}

/// The index of the `>` that ends the tag starting at `s[0] == '<'`, outside quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// Text of HTML that could not be parsed: tags removed, references decoded.
pub(super) fn strip_tags(s: &str) -> String {
    let mut text = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    decode_references(&text)
}

fn decode_references(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|e| *e <= 12);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if is_char_ref(name) => {
                    let n = &name[1..];
                    let v = match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok(),
                        None => n.parse().ok(),
                    };
                    v.and_then(char::from_u32)
                }
                _ => ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Percent-encodes the characters of a package path that cannot appear as such in a URI
/// reference (spaces, quotes, `%`, `#`, `?`, non-ASCII).
pub(super) fn escape_href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What was changed while fitting HTML (reported once per item).
#[derive(Debug, Default)]
pub(super) struct Changes {
    /// Attributes removed (by name).
    pub attributes: BTreeSet<String>,
    /// Elements replaced by their content.
    pub unwrapped: BTreeSet<String>,
    /// Elements removed with their content.
    pub removed: BTreeSet<String>,
    /// Block elements flattened inside inline content, list items or table cells added.
    pub restructured: BTreeSet<String>,
    /// HTML kept as text (could not be parsed).
    pub as_text: usize,
    /// Element identifiers used so far (`id` is an `xs:ID`: unique per document).
    pub ids: BTreeSet<String>,
}

impl ItemCx<'_> {
    /// A material's content, not yet fitted to its place.
    pub(super) fn material(&mut self, m: &Material) -> Vec<BodyNode> {
        let mut out = Vec::new();
        for c in &m.content {
            match c {
                MaterialContent::Text { texttype, text, .. } => {
                    let html = texttype
                        .as_deref()
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/html"));
                    if html {
                        let text = self.rewrite_filebase(text);
                        out.extend(self.html(&text));
                    } else if filebase::contains(text) {
                        out.push(BodyNode::Text(self.rewrite_filebase(text).into()));
                    } else {
                        out.push(BodyNode::Text(text.as_str().into()));
                    }
                }
                MaterialContent::Break => {
                    out.push(BodyNode::Html(Box::new(HtmlElement::new("br"))))
                }
                MaterialContent::Ref { linkrefid } => self.warn(
                    codes::CONVERT_MATERIAL_UNSUPPORTED,
                    format!("the material reference {linkrefid:?} is not resolved; it is left out"),
                ),
                MaterialContent::Other(e) if e.name.local == "matimage" => {
                    if let Some(img) = self.matimage(e) {
                        out.push(img);
                    }
                }
                MaterialContent::Other(e) => self.warn(
                    codes::CONVERT_MATERIAL_UNSUPPORTED,
                    format!(
                        "the material <{}> has no conversion; it is left out",
                        e.name.local
                    ),
                ),
            }
        }
        if !m.alt.is_empty() {
            self.warn(
                codes::CONVERT_MATERIAL_UNSUPPORTED,
                "alternative material (<altmaterial>) has no conversion; it is left out".to_owned(),
            );
        }
        out
    }

    /// The content of several materials, fitted to `fit`.
    pub(super) fn materials<'m>(
        &mut self,
        ms: impl IntoIterator<Item = &'m Material>,
        fit: Fit,
    ) -> Vec<BodyNode> {
        let mut nodes = Vec::new();
        for m in ms {
            nodes.extend(self.material(m));
        }
        self.fit(nodes, fit)
    }

    /// `<matimage uri>` as an `img`.
    fn matimage(&mut self, e: &Element) -> Option<BodyNode> {
        let Some(uri) = e.attr("uri") else {
            self.warn(
                codes::CONVERT_MATERIAL_UNSUPPORTED,
                "a <matimage> without uri (embedded image data) has no conversion; it is left out"
                    .to_owned(),
            );
            return None;
        };
        let src = if filebase::contains(uri) {
            self.rewrite_filebase(uri)
        } else {
            self.media_reference(uri).unwrap_or_else(|| uri.to_owned())
        };
        let mut img = HtmlElement::new("img");
        img.attributes.push(Attribute::new("src", src));
        img.attributes.push(Attribute::new(
            "alt",
            e.attr("label")
                .or_else(|| e.attr("entityref"))
                .unwrap_or(""),
        ));
        for (from, to) in [("width", "width"), ("height", "height")] {
            if let Some(v) = e.attr(from) {
                img.attributes.push(Attribute::new(to, v));
            }
        }
        Some(BodyNode::Html(Box::new(img)))
    }

    /// A relative reference from the descriptor's folder to a cartridge file, rewritten to the
    /// output package (and the file recorded for copying). `None` for URLs and absolute paths.
    fn media_reference(&mut self, relative: &str) -> Option<String> {
        let decoded = filebase::percent_decode(relative);
        let from = filebase::join_package_path(self.doc.folder, &decoded)?;
        let to = format!("media/{from}");
        let href = media_href(&to);
        let m = MediaFile { from, to };
        if !self.media.contains(&m) {
            self.media.push(m);
        }
        Some(href)
    }

    /// Replaces each file-base token and the path after it with a reference to the file in the
    /// output package's media folder.
    fn rewrite_filebase(&mut self, text: &str) -> String {
        let uses = filebase::find(text);
        if uses.is_empty() {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut last = 0;
        for u in uses {
            out.push_str(text.get(last..u.offset).unwrap_or(""));
            let path = u.path.trim_start_matches('/');
            match self.media_reference(path) {
                Some(href) => out.push_str(&href),
                None => {
                    self.warn(
                        codes::CONVERT_MATERIAL_UNSUPPORTED,
                        format!(
                            "the file-base reference {:?} leaves the package; it is kept as written",
                            u.path
                        ),
                    );
                    out.push_str(u.token);
                    out.push_str(u.path);
                }
            }
            last = u.offset + u.token.len() + u.path.len();
        }
        out.push_str(text.get(last..).unwrap_or(""));
        out
    }

    /// Parses an HTML fragment into body nodes (elements of the content model kept, others
    /// unwrapped or removed); text when it does not parse.
    fn html(&mut self, text: &str) -> Vec<BodyNode> {
        let wrapped = format!("<div>{}</div>", prepare_html(text));
        match lti_core::xml::parse_element(wrapped.as_bytes(), &lti_core::xml::Limits::default()) {
            Ok(div) => {
                let mut out = Vec::new();
                self.nodes(&div.children, &mut out);
                out
            }
            Err(_) => {
                self.changes.as_text += 1;
                vec![BodyNode::Text(strip_tags(text).into())]
            }
        }
    }

    fn nodes(&mut self, nodes: &[Node], out: &mut Vec<BodyNode>) {
        for n in nodes {
            match n {
                Node::Text(t) | Node::CData(t) => push_text(out, t),
                Node::Element(e) => self.element(e, out),
                _ => {}
            }
        }
    }

    fn element(&mut self, e: &Element, out: &mut Vec<BodyNode>) {
        let name = e.name.local.to_ascii_lowercase();
        if DROPPED.contains(&name.as_str()) {
            self.changes.removed.insert(name);
            return;
        }
        if !ALLOWED.contains(&name.as_str()) {
            self.changes.unwrapped.insert(name);
            self.nodes(&e.children, out);
            return;
        }
        let mut h = HtmlElement::new(name.as_str());
        for a in &e.attributes {
            let local = a.name.local.to_ascii_lowercase();
            let keep = match (&a.name.ns, local.as_str()) {
                (Some(ns), "lang") if ns.as_str() == XML_NS => Some(a.clone()),
                (None, "lang") if !a.value.is_empty() => Some(ns_attr(
                    QName::prefixed(&Namespace::new(XML_NS), "xml", "lang"),
                    a.value.to_string(),
                )),
                (None, "class") => Some(Attribute::new("class", a.value.as_str())),
                (None, "dir") if matches!(a.value.as_str(), "ltr" | "rtl" | "auto") => {
                    Some(Attribute::new("dir", a.value.as_str()))
                }
                (None, "id")
                    if lti_core::id::check_ncname(&a.value).is_ok()
                        && self.changes.ids.insert(a.value.to_string()) =>
                {
                    Some(Attribute::new("id", a.value.as_str()))
                }
                (None, l) if element_attribute(&name, l) => {
                    Some(Attribute::new(l, a.value.as_str()))
                }
                _ => None,
            };
            match keep {
                Some(k) => h.attributes.push(k),
                None => {
                    self.changes.attributes.insert(local);
                }
            }
        }
        if name == "img" {
            if h.attr("src").is_none() {
                self.changes.removed.insert("img without src".to_owned());
                return;
            }
            if h.attr("alt").is_none() {
                h.attributes.push(Attribute::new("alt", ""));
            }
        }
        if name == "a" && h.attr("href").is_some_and(|v| v.trim().is_empty()) {
            h.attributes.retain(|a| a.name.local != "href");
        }
        if !EMPTY.contains(&name.as_str()) {
            self.nodes(&e.children, &mut h.children);
        }
        out.push(BodyNode::Html(Box::new(h)));
    }

    /// Fits nodes to where they go: see [`Fit`]. Children of HTML elements are fitted to their
    /// element's own content model.
    pub(super) fn fit(&mut self, nodes: Vec<BodyNode>, fit: Fit) -> Vec<BodyNode> {
        let mut loose = Vec::with_capacity(nodes.len());
        self.unwrap_parts(nodes, &mut loose);
        let nodes: Vec<BodyNode> = loose.into_iter().map(|n| self.fit_children(n)).collect();
        match fit {
            Fit::Flow => nodes,
            Fit::Inline => {
                let mut out = Vec::new();
                self.flatten(nodes, &mut out);
                out
            }
            Fit::Block => {
                let mut out = Vec::new();
                let mut run: Vec<BodyNode> = Vec::new();
                for n in nodes {
                    if is_block(&n) {
                        flush_paragraph(&mut run, &mut out);
                        out.push(n);
                    } else {
                        run.push(n);
                    }
                }
                flush_paragraph(&mut run, &mut out);
                out
            }
        }
    }

    /// List and table parts outside their parent are replaced by their content.
    fn unwrap_parts(&mut self, nodes: Vec<BodyNode>, out: &mut Vec<BodyNode>) {
        for n in nodes {
            match n {
                BodyNode::Html(h) if PARTS.contains(&h.name.as_str()) => {
                    self.changes
                        .restructured
                        .insert(format!("{} outside its list or table", h.name));
                    self.unwrap_parts(h.children, out);
                }
                n => out.push(n),
            }
        }
    }

    /// Fits the children of one HTML element to its content model.
    fn fit_children(&mut self, n: BodyNode) -> BodyNode {
        let BodyNode::Html(mut h) = n else { return n };
        let children = std::mem::take(&mut h.children);
        let name = h.name.as_str();
        h.children = match name {
            _ if EMPTY.contains(&name) => Vec::new(),
            "blockquote" => self.fit(children, Fit::Block),
            "ul" | "ol" => self.parts(children, &["li"], "li"),
            "dl" => self.parts(children, &["dt", "dd"], "dd"),
            "tr" => self.parts(children, &["td", "th"], "td"),
            "thead" | "tbody" | "tfoot" => self.parts(children, &["tr"], "tr"),
            "colgroup" => self.parts(children, &["col"], ""),
            "table" => self.table(children),
            _ if INLINE_CONTENT.contains(&name) => self.fit(children, Fit::Inline),
            _ => self.fit(children, Fit::Flow),
        };
        BodyNode::Html(h)
    }

    /// Flattens block elements inside inline content: their children take their place, with a
    /// line break between consecutive blocks.
    fn flatten(&mut self, nodes: Vec<BodyNode>, out: &mut Vec<BodyNode>) {
        for n in nodes {
            if is_block(&n) {
                let BodyNode::Html(h) = n else {
                    out.push(n);
                    continue;
                };
                self.changes
                    .restructured
                    .insert(format!("{} inside inline content", h.name));
                if out.iter().any(|x| !is_blank(x)) {
                    out.push(BodyNode::Html(Box::new(HtmlElement::new("br"))));
                }
                if matches!(h.name.as_str(), "table" | "ul" | "ol" | "dl") {
                    // Lists and tables: their text, item by item.
                    let mut inner = Vec::new();
                    walk_text(&h.children, &mut inner);
                    out.extend(inner);
                } else {
                    self.flatten(h.children, out);
                }
            } else {
                out.push(n);
            }
        }
    }

    /// Children of a list, definition list, row or row group: elements named in `allowed` are
    /// kept; other content is wrapped in `wrap` (or dropped when `wrap` is empty); blank text is
    /// dropped.
    fn parts(&mut self, children: Vec<BodyNode>, allowed: &[&str], wrap: &str) -> Vec<BodyNode> {
        let mut out = Vec::new();
        let mut run: Vec<BodyNode> = Vec::new();
        let flush = |run: &mut Vec<BodyNode>, out: &mut Vec<BodyNode>, this: &mut Self| {
            if run.iter().all(is_blank) {
                run.clear();
                return;
            }
            if wrap.is_empty() {
                this.changes
                    .removed
                    .insert("content outside table columns".to_owned());
                run.clear();
                return;
            }
            this.changes.restructured.insert(format!("{wrap} added"));
            let mut w = HtmlElement::new(wrap);
            w.children = std::mem::take(run);
            out.push(this.fit_children(BodyNode::Html(Box::new(w))));
        };
        for c in children {
            match &c {
                BodyNode::Html(h) if allowed.contains(&h.name.as_str()) => {
                    flush(&mut run, &mut out, self);
                    out.push(self.fit_children(c));
                }
                _ => run.push(c),
            }
        }
        flush(&mut run, &mut out, self);
        out
    }

    /// Children of a table: caption, columns and row groups in the schema's order, rows gathered
    /// into a `tbody`.
    fn table(&mut self, children: Vec<BodyNode>) -> Vec<BodyNode> {
        let (mut caption, mut cols, mut head, mut foot, mut bodies) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut rows: Vec<BodyNode> = Vec::new();
        let flush_rows = |rows: &mut Vec<BodyNode>, bodies: &mut Vec<BodyNode>| {
            if !rows.is_empty() {
                let mut tb = HtmlElement::new("tbody");
                tb.children = std::mem::take(rows);
                bodies.push(BodyNode::Html(Box::new(tb)));
            }
        };
        for c in children {
            let name = match &c {
                BodyNode::Html(h) => h.name.clone(),
                _ if is_blank(&c) => continue,
                _ => lti_core::xml::Name::new(""),
            };
            let c = self.fit_children(c);
            match name.as_str() {
                "caption" if caption.is_empty() => caption.push(c),
                "col" | "colgroup" => cols.push(c),
                "thead" if head.is_empty() => head.push(c),
                "tfoot" if foot.is_empty() => foot.push(c),
                "tbody" => {
                    flush_rows(&mut rows, &mut bodies);
                    bodies.push(c);
                }
                "tr" => {
                    self.changes.restructured.insert("tbody added".to_owned());
                    rows.push(c);
                }
                _ => {
                    self.changes
                        .removed
                        .insert("content outside table rows".to_owned());
                }
            }
        }
        flush_rows(&mut rows, &mut bodies);
        // Row groups must hold rows: empty ones are dropped (an empty table keeps an empty row).
        bodies.retain(|b| matches!(b, BodyNode::Html(h) if !h.children.is_empty()));
        if bodies.is_empty() {
            let mut tr = HtmlElement::new("tr");
            tr.children
                .push(BodyNode::Html(Box::new(HtmlElement::new("td"))));
            let mut tb = HtmlElement::new("tbody");
            tb.children.push(BodyNode::Html(Box::new(tr)));
            bodies.push(BodyNode::Html(Box::new(tb)));
        }
        let mut out = caption;
        out.extend(cols);
        out.extend(head);
        out.extend(foot);
        out.extend(bodies);
        out
    }
}

/// Wraps a run of inline nodes in a `p` (blank runs are dropped).
fn flush_paragraph(run: &mut Vec<BodyNode>, out: &mut Vec<BodyNode>) {
    if run.iter().all(is_blank) {
        run.clear();
        return;
    }
    let mut p = HtmlElement::new("p");
    p.children = std::mem::take(run);
    out.push(BodyNode::Html(Box::new(p)));
}

fn push_text(out: &mut Vec<BodyNode>, t: &str) {
    if let Some(BodyNode::Text(prev)) = out.last_mut() {
        prev.push_str(t);
    } else {
        out.push(BodyNode::Text(t.into()));
    }
}

/// The text of nodes, with a space between elements.
fn walk_text(nodes: &[BodyNode], out: &mut Vec<BodyNode>) {
    for n in nodes {
        match n {
            BodyNode::Text(t) => push_text(out, t),
            BodyNode::Html(h) if h.name == "br" || h.name == "img" => out.push(n.clone()),
            BodyNode::Html(h) => {
                walk_text(&h.children, out);
                push_text(out, " ");
            }
            _ => {}
        }
    }
}
