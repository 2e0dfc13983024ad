//! XSD-equivalent checking of QTI documents, driven by tables compiled from the official XSDs.
//!
//! `qti/tools/gen_schema.py` compiles each XSD (QTI 2.0, 2.1, 2.2, 3.0 ASI and the 2.1, 2.2 and 3.0
//! results schemas) into a table: for every complex type its attributes (with their simple types and
//! whether they are required), its attribute wildcard and its content model compiled to a
//! deterministic automaton (Glushkov construction; the XSD Unique Particle Attribution rule makes it
//! deterministic). The validator runs those automata over the reader's events while the model is
//! built, so the document is checked in the same single pass, with a location for every problem.
//!
//! What it checks, like an XSD validator: the root element is declared; every child element is
//! allowed at its place (order and occurrence counts included); required children are present;
//! text appears only where the content model allows it; attributes are declared (or allowed by an
//! attribute wildcard), required attributes are present, and every value matches its simple type
//! (built-in types, enumerations, patterns, lists, unions, numeric bounds); `xs:ID` values are
//! unique. Content in the MathML, SSML, XInclude and APIP namespaces is not checked (those
//! schemas are not compiled).
//!
//! Severity: an element or attribute whose name the schema does not know at all (an extension or a
//! typo) is a warning in lenient mode and an error in strict mode; every other violation is an
//! error.

mod simple;

use std::collections::{HashMap, HashSet};

/// The schema's tables are looked up once per element and attribute: foldhash instead of
/// SipHash (randomly seeded per process too; the `ids` set holds document values).
type FastHasher = foldhash::fast::RandomState;
use std::sync::OnceLock;

use lti_core::xml::{Span, StartTag, XSI_NS};
use lti_core::{Location, Problem, Severity};
use serde_json::Value as Json;

use crate::codes;
pub(crate) use simple::{SimpleType, is_ncname};

/// Which compiled schema a document is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SchemaId {
    V2p0,
    V2p1,
    V2p2,
    V3p0,
    ResultV2p1,
    ResultV2p2,
    ResultV3p0,
}

impl SchemaId {
    fn source(self) -> &'static str {
        match self {
            Self::V2p0 => include_str!("tables/v2p0.json"),
            Self::V2p1 => include_str!("tables/v2p1.json"),
            Self::V2p2 => include_str!("tables/v2p2.json"),
            Self::V3p0 => include_str!("tables/v3p0.json"),
            Self::ResultV2p1 => include_str!("tables/result_v2p1.json"),
            Self::ResultV2p2 => include_str!("tables/result_v2p2.json"),
            Self::ResultV3p0 => include_str!("tables/result_v3p0.json"),
        }
    }

    fn cell(self) -> &'static OnceLock<Schema> {
        static CELLS: [OnceLock<Schema>; 7] = [
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ];
        let i = match self {
            Self::V2p0 => 0,
            Self::V2p1 => 1,
            Self::V2p2 => 2,
            Self::V3p0 => 3,
            Self::ResultV2p1 => 4,
            Self::ResultV2p2 => 5,
            Self::ResultV3p0 => 6,
        };
        &CELLS[i]
    }

    /// The compiled schema (loaded once, on first use).
    pub(crate) fn schema(self) -> &'static Schema {
        self.cell().get_or_init(|| Schema::load(self.source()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Process {
    Strict,
    Lax,
    Skip,
}

#[derive(Debug, Clone)]
enum NsConstraint {
    Any,
    /// Any namespace except these (the target namespace and no namespace).
    Other(Vec<u16>),
    List(Vec<u16>),
}

#[derive(Debug, Clone)]
struct Wildcard {
    ns: NsConstraint,
    process: Process,
}

impl Wildcard {
    fn matches(&self, ns: u16) -> bool {
        match &self.ns {
            NsConstraint::Any => true,
            NsConstraint::Other(not) => ns != 0 && !not.contains(&ns),
            NsConstraint::List(list) => list.contains(&ns),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Empty,
    Simple(u32),
    Elements,
    Mixed,
    Any,
}

#[derive(Debug)]
struct AttrDef {
    ns: u16,
    local: Box<str>,
    st: u32,
    required: bool,
}

#[derive(Debug)]
enum Position {
    Element { ns: u16, local: Box<str>, ty: i32 },
    Wild(Wildcard),
}

#[derive(Debug, Default)]
struct PosSet {
    by_name: HashMap<Box<str>, Vec<(u16, u32)>, FastHasher>,
    wildcards: Vec<u32>,
}

#[derive(Debug)]
struct TypeDef {
    content: Content,
    attrs: Vec<AttrDef>,
    /// The indexes into `attrs` of each local name, for types with more than
    /// [`TypeDef::SCAN`] attributes (3.0 element types declare dozens, global HTML and ARIA
    /// ones included: a scan per attribute was the checker's largest cost); empty otherwise.
    attr_index: HashMap<Box<str>, Vec<u32>, FastHasher>,
    /// The indexes into `attrs` of the required attributes.
    required: Vec<u32>,
    any_attr: Option<Wildcard>,
    positions: Vec<Position>,
    sets: Vec<PosSet>,
    /// `(final, set)` per state; state 0 is the start, state `p + 1` follows position `p`.
    states: Vec<(bool, u32)>,
}

impl TypeDef {
    /// Up to this many attributes a scan is about as cheap as a hash lookup (measured on six
    /// items: with 8, the 2.x items took 0.3–0.5 % more instructions than with the scan alone;
    /// with 16, within 0.3 %, and the 3.0 items 2–10 % fewer).
    const SCAN: usize = 16;

    /// The declaration of attribute `local` in namespace `ns` (table index; 0: none).
    fn attr(&self, ns: u16, local: &str) -> Option<&AttrDef> {
        if self.attrs.len() <= Self::SCAN {
            return self.attrs.iter().find(|d| d.ns == ns && &*d.local == local);
        }
        self.attr_index
            .get(local)?
            .iter()
            .filter_map(|&i| self.attrs.get(i as usize))
            .find(|d| d.ns == ns)
    }
}

/// A compiled schema.
#[derive(Debug)]
pub(crate) struct Schema {
    ns: Vec<Box<str>>,
    opaque: Vec<u16>,
    /// Global elements by local name: `(namespace, type)`.
    globals: HashMap<Box<str>, Vec<(u16, i32)>, FastHasher>,
    global_attrs: HashMap<(u16, Box<str>), u32, FastHasher>,
    /// Every element name the schema declares, by local name: the namespaces.
    known_elements: HashMap<Box<str>, Vec<u16>, FastHasher>,
    types: Vec<TypeDef>,
    simple: Vec<SimpleType>,
}

fn as_u32(v: &Json) -> u32 {
    v.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0)
}

fn as_u16(v: &Json) -> u16 {
    v.as_u64().and_then(|n| u16::try_from(n).ok()).unwrap_or(0)
}

fn as_str(v: &Json) -> &str {
    v.as_str().unwrap_or_default()
}

fn arr(v: &Json) -> &[Json] {
    v.as_array().map_or(&[], Vec::as_slice)
}

fn wildcard(nsc: &Json, process: &Json) -> Wildcard {
    let parts = arr(nsc);
    let kind = parts.first().map(as_str).unwrap_or("any");
    let rest: Vec<u16> = parts.iter().skip(1).map(as_u16).collect();
    let ns = match kind {
        "other" => NsConstraint::Other(rest),
        "list" => NsConstraint::List(rest),
        _ => NsConstraint::Any,
    };
    let process = match as_str(process) {
        "lax" => Process::Lax,
        "skip" => Process::Skip,
        _ => Process::Strict,
    };
    Wildcard { ns, process }
}

impl Schema {
    /// Loads a table. The tables are generated and embedded at build time; a malformed table is a
    /// build defect, so this degrades to an empty schema rather than failing at run time (tests
    /// check every table loads with content).
    fn load(source: &str) -> Self {
        let json: Json = serde_json::from_str(source).unwrap_or(Json::Null);
        let ns: Vec<Box<str>> = arr(&json["ns"]).iter().map(|n| as_str(n).into()).collect();
        let opaque = arr(&json["opaque"]).iter().map(as_u16).collect();
        let simple = arr(&json["simple"])
            .iter()
            .map(SimpleType::from_json)
            .collect();
        let mut known_elements: HashMap<Box<str>, Vec<u16>, FastHasher> = HashMap::default();
        let mut globals: HashMap<Box<str>, Vec<(u16, i32)>, FastHasher> = HashMap::default();
        for g in arr(&json["globals"]) {
            if let [n, l, t] = arr(g) {
                let local: Box<str> = as_str(l).into();
                let ns = as_u16(n);
                known_elements.entry(local.clone()).or_default().push(ns);
                let ty = t.as_i64().and_then(|v| i32::try_from(v).ok()).unwrap_or(-1);
                globals.entry(local).or_default().push((ns, ty));
            }
        }
        let mut global_attrs = HashMap::default();
        for g in arr(&json["global_attrs"]) {
            if let [n, l, t] = arr(g) {
                global_attrs.insert((as_u16(n), Box::<str>::from(as_str(l))), as_u32(t));
            }
        }
        let mut types = Vec::new();
        for t in arr(&json["types"]) {
            let content = match as_str(&t["content"]) {
                "empty" => Content::Empty,
                "simple" => Content::Simple(as_u32(&t["st"])),
                "mixed" => Content::Mixed,
                "any" => Content::Any,
                _ => Content::Elements,
            };
            let attrs: Vec<AttrDef> = arr(&t["attrs"])
                .iter()
                .filter_map(|a| match arr(a) {
                    [n, l, st, req] => Some(AttrDef {
                        ns: as_u16(n),
                        local: as_str(l).into(),
                        st: as_u32(st),
                        required: as_u32(req) == 1,
                    }),
                    _ => None,
                })
                .collect();
            let mut attr_index: HashMap<Box<str>, Vec<u32>, FastHasher> = HashMap::default();
            let mut required = Vec::new();
            for (i, d) in attrs.iter().enumerate() {
                let i = u32::try_from(i).unwrap_or(u32::MAX);
                if attrs.len() > TypeDef::SCAN {
                    attr_index.entry(d.local.clone()).or_default().push(i);
                }
                if d.required {
                    required.push(i);
                }
            }
            let any_attr = match arr(&t["any"]) {
                [nsc, p] => Some(wildcard(nsc, p)),
                _ => None,
            };
            let positions: Vec<Position> = arr(&t["positions"])
                .iter()
                .map(|p| match arr(p) {
                    [k, n, l, ty] if as_u32(k) == 0 => {
                        let local: Box<str> = as_str(l).into();
                        let ns = as_u16(n);
                        known_elements.entry(local.clone()).or_default().push(ns);
                        Position::Element {
                            ns,
                            local,
                            ty: ty
                                .as_i64()
                                .and_then(|v| i32::try_from(v).ok())
                                .unwrap_or(-1),
                        }
                    }
                    [_, nsc, proc, ..] => Position::Wild(wildcard(nsc, proc)),
                    _ => Position::Wild(Wildcard {
                        ns: NsConstraint::Any,
                        process: Process::Skip,
                    }),
                })
                .collect();
            let sets = arr(&t["sets"])
                .iter()
                .map(|s| {
                    let mut set = PosSet::default();
                    for p in arr(s) {
                        let p = as_u32(p);
                        match positions.get(p as usize) {
                            Some(Position::Element { ns, local, .. }) => {
                                set.by_name.entry(local.clone()).or_default().push((*ns, p));
                            }
                            Some(Position::Wild(_)) => set.wildcards.push(p),
                            None => {}
                        }
                    }
                    set
                })
                .collect();
            let states = arr(&t["states"])
                .iter()
                .map(|s| match arr(s) {
                    [f, set] => (as_u32(f) == 1, as_u32(set)),
                    _ => (true, 0),
                })
                .collect();
            types.push(TypeDef {
                content,
                attrs,
                attr_index,
                required,
                any_attr,
                positions,
                sets,
                states,
            });
        }
        Self {
            ns,
            opaque,
            globals,
            global_attrs,
            known_elements,
            types,
            simple,
        }
    }

    /// The table index of a namespace URI (0: no namespace; `u16::MAX`: not in the table).
    fn ns_index(&self, uri: Option<&str>) -> u16 {
        match uri {
            None => 0,
            Some(u) => self
                .ns
                .iter()
                .position(|n| &**n == u)
                .and_then(|i| u16::try_from(i).ok())
                .unwrap_or(u16::MAX),
        }
    }

    fn global(&self, ns: u16, local: &str) -> Option<i32> {
        self.globals
            .get(local)
            .and_then(|v| v.iter().find(|(n, _)| *n == ns))
            .map(|(_, t)| *t)
    }

    fn is_known(&self, ns: u16, local: &str) -> bool {
        self.known_elements
            .get(local)
            .is_some_and(|v| v.contains(&ns))
    }

    fn is_opaque(&self, ns: u16) -> bool {
        self.opaque.contains(&ns)
    }

    /// Whether `value` is valid for simple type `st`.
    pub(crate) fn check_simple(&self, st: u32, value: &str) -> bool {
        simple::check(&self.simple, st, value, 0)
    }

    /// Number of element types (for tests).
    #[cfg(test)]
    pub(crate) fn type_count(&self) -> usize {
        self.types.len()
    }
}

#[derive(Debug, Clone, Copy)]
enum FrameKind {
    Typed(u32),
    /// Not checked (opaque namespace, unknown element, lax wildcard without a declaration).
    Skip,
}

#[derive(Debug)]
struct Frame {
    kind: FrameKind,
    state: u32,
    text: String,
    span: Span,
    text_reported: bool,
}

/// Checks one document's events against a [`Schema`].
#[derive(Debug)]
pub(crate) struct Validator {
    schema: &'static Schema,
    stack: Vec<Frame>,
    /// Values of `xs:ID` attributes seen (small strings: most ids need no allocation).
    ids: HashSet<crate::value::Identifier, FastHasher>,
    strict: bool,
    problems: Vec<Problem>,
    last_ns: Option<(usize, u16)>,
    repairs: Vec<Repair>,
}

/// The message for an attribute the element's type does not declare. A 2.x spelling of an
/// attribute that the (3.0) type declares in its kebab-case spelling says so: such documents are
/// common (hybrid exports), and "not allowed" alone would not tell the author what to rename.
#[cold]
fn unknown_attribute_message(
    t: &TypeDef,
    tag: &StartTag<'_>,
    a: &lti_core::xml::Attr<'_>,
    name: &str,
    qname: &QualifiedName<'_>,
) -> String {
    let spelt_3_0 = crate::Version::V3p0.attribute_name(a.local);
    if a.ns.is_none() && spelt_3_0 != a.local && t.attr(0, spelt_3_0).is_some() {
        let both = tag
            .attributes()
            .iter()
            .any(|b| b.ns.is_none() && b.local == spelt_3_0);
        return if both {
            format!(
                "attribute {name} is not allowed on <{qname}>: it is the QTI 2.x spelling of \
                 {spelt_3_0}, which the element also has"
            )
        } else {
            format!(
                "attribute {name} is not allowed on <{qname}>: it is the QTI 2.x spelling of \
                 {spelt_3_0}, the name QTI 3.0 requires"
            )
        };
    }
    format!("attribute {name} is not allowed on <{qname}>")
}

/// What to remove from a document so that it becomes valid (used after converting between
/// versions).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Repair {
    /// The byte offset of the element's start tag.
    pub byte: usize,
    /// What to remove.
    pub kind: RepairKind,
}

/// A removal.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RepairKind {
    /// Remove this attribute of the element.
    RemoveAttribute {
        /// Namespace.
        ns: Option<String>,
        /// Local name.
        local: String,
    },
    /// Remove the element.
    RemoveElement,
}

/// How a start tag fared, so the reader can tell whether the element was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Declared and allowed here (or inside unchecked content).
    Ok,
    /// Not allowed here (a problem was reported).
    Unexpected,
}

impl Validator {
    pub(crate) fn new(id: SchemaId, strict: bool) -> Self {
        Self {
            schema: id.schema(),
            stack: Vec::with_capacity(32),
            ids: HashSet::default(),
            strict,
            problems: Vec::new(),
            last_ns: None,
            repairs: Vec::new(),
        }
    }

    pub(crate) fn take_problems(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.problems)
    }

    fn unknown_severity(&self) -> Severity {
        if self.strict {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    fn ns_of(&mut self, ns: Option<&str>) -> u16 {
        let Some(uri) = ns else { return 0 };
        let key = uri.as_ptr() as usize;
        if let Some((k, i)) = self.last_ns
            && k == key
        {
            return i;
        }
        let i = self.schema.ns_index(Some(uri));
        self.last_ns = Some((key, i));
        i
    }

    fn push_problem(&mut self, p: Problem) {
        self.problems.push(p);
    }

    fn expected_list(&self, ty: u32, state: u32) -> String {
        let Some(t) = self.schema.types.get(ty as usize) else {
            return String::new();
        };
        let Some(&(_, set)) = t.states.get(state as usize) else {
            return String::new();
        };
        let Some(set) = t.sets.get(set as usize) else {
            return String::new();
        };
        let mut names: Vec<&str> = set.by_name.keys().map(|k| &**k).collect();
        names.sort_unstable();
        let more = names.len() > 12;
        names.truncate(12);
        let mut s = names.join(", ");
        if more {
            s.push_str(", …");
        }
        if !set.wildcards.is_empty() {
            if !s.is_empty() {
                s.push_str(", ");
            }
            s.push_str("elements of other namespaces");
        }
        s
    }

    /// Handles a start tag. `path` gives the element path (of the new element) for messages.
    pub(crate) fn start(&mut self, tag: &StartTag<'_>, path: &dyn Fn() -> String) -> Verdict {
        let ns = self.ns_of(tag.ns());
        let span = tag.span();
        // Names for messages are built only when a problem is reported.
        let qname = match tag.prefix() {
            Some(p) => QualifiedName(Some(p), tag.local()),
            None => QualifiedName(None, tag.local()),
        };
        let schema = self.schema;
        let (kind, verdict) = match self.stack.last_mut() {
            None => match schema.global(ns, tag.local()) {
                Some(ty) if ty >= 0 => (FrameKind::Typed(ty.unsigned_abs()), Verdict::Ok),
                _ => {
                    self.push_problem(
                        Problem::error(
                            codes::SCHEMA_ROOT_UNKNOWN,
                            format!(
                                "the root element <{qname}>{} is not declared by the schema",
                                tag.ns()
                                    .map(|n| format!(" in namespace {n}"))
                                    .unwrap_or_default()
                            ),
                        )
                        .at(span.location(path())),
                    );
                    (FrameKind::Skip, Verdict::Unexpected)
                }
            },
            Some(parent) => match parent.kind {
                FrameKind::Skip => (FrameKind::Skip, Verdict::Ok),
                FrameKind::Typed(pty) => {
                    let t = &schema.types[pty as usize];
                    match t.content {
                        Content::Any => {
                            let k = match schema.global(ns, tag.local()) {
                                Some(ty) if ty >= 0 => FrameKind::Typed(ty.unsigned_abs()),
                                _ => FrameKind::Skip,
                            };
                            (k, Verdict::Ok)
                        }
                        Content::Empty | Content::Simple(_) => {
                            let parent_name = parent_of(&path());
                            let known = schema.is_known(ns, tag.local());
                            let sev = if known {
                                Severity::Error
                            } else {
                                self.unknown_severity()
                            };
                            self.push_problem(
                                Problem::new(
                                    codes::SCHEMA_ELEMENT_UNEXPECTED,
                                    sev,
                                    format!("element <{qname}> is not allowed here: <{parent_name}> has no child elements"),
                                )
                                .at(span.location(path())),
                            );
                            (FrameKind::Skip, Verdict::Unexpected)
                        }
                        Content::Elements | Content::Mixed => {
                            let state = parent.state;
                            let set_ix = t.states.get(state as usize).map_or(0, |s| s.1);
                            let set = &t.sets[set_ix as usize];
                            let hit = set
                                .by_name
                                .get(tag.local())
                                .and_then(|c| c.iter().find(|(n, _)| *n == ns))
                                .map(|&(_, p)| p);
                            if let Some(p) = hit {
                                parent.state = p + 1;
                                match &t.positions[p as usize] {
                                    Position::Element { ty, .. } if *ty >= 0 => {
                                        (FrameKind::Typed(ty.unsigned_abs()), Verdict::Ok)
                                    }
                                    _ => (FrameKind::Skip, Verdict::Ok),
                                }
                            } else if let Some((p, w)) = set.wildcards.iter().find_map(|&p| match t
                                .positions
                                .get(p as usize)
                            {
                                Some(Position::Wild(w)) if w.matches(ns) => Some((p, w)),
                                _ => None,
                            }) {
                                parent.state = p + 1;
                                let global = schema.global(ns, tag.local());
                                match (w.process, global) {
                                    (Process::Skip, _) => (FrameKind::Skip, Verdict::Ok),
                                    (_, Some(ty)) if ty >= 0 => {
                                        (FrameKind::Typed(ty.unsigned_abs()), Verdict::Ok)
                                    }
                                    (Process::Lax, _) => (FrameKind::Skip, Verdict::Ok),
                                    (Process::Strict, _) if schema.is_opaque(ns) => {
                                        (FrameKind::Skip, Verdict::Ok)
                                    }
                                    (Process::Strict, _) => {
                                        let sev = self.unknown_severity();
                                        self.push_problem(
                                            Problem::new(
                                                codes::SCHEMA_ELEMENT_UNKNOWN,
                                                sev,
                                                format!(
                                                    "element <{qname}>{} has no declaration, and the schema requires one here",
                                                    tag.ns().map(|n| format!(" (namespace {n})")).unwrap_or_default()
                                                ),
                                            )
                                            .at(span.location(path())),
                                        );
                                        (FrameKind::Skip, Verdict::Unexpected)
                                    }
                                }
                            } else {
                                let expected = self.expected_list(pty, state);
                                let parent_name = parent_of(&path());
                                let known = schema.is_known(ns, tag.local());
                                let sev = if known {
                                    Severity::Error
                                } else {
                                    self.unknown_severity()
                                };
                                let code = if known {
                                    codes::SCHEMA_ELEMENT_UNEXPECTED
                                } else {
                                    codes::SCHEMA_ELEMENT_UNKNOWN
                                };
                                let what = if known {
                                    "is not allowed here"
                                } else {
                                    "is not part of the schema"
                                };
                                let msg = if expected.is_empty() {
                                    format!(
                                        "element <{qname}> {what} (no more children are allowed in <{parent_name}>)"
                                    )
                                } else {
                                    format!(
                                        "element <{qname}> {what}; expected in <{parent_name}>: {expected}"
                                    )
                                };
                                self.push_problem(
                                    Problem::new(code, sev, msg).at(span.location(path())),
                                );
                                (FrameKind::Skip, Verdict::Unexpected)
                            }
                        }
                    }
                }
            },
        };
        if verdict == Verdict::Unexpected && !self.stack.is_empty() {
            self.repairs.push(Repair {
                byte: span.byte(),
                kind: RepairKind::RemoveElement,
            });
        }
        if let FrameKind::Typed(ty) = kind {
            self.check_attributes(ty, tag, &qname, span, path);
        }
        self.stack.push(Frame {
            kind,
            state: 0,
            text: String::new(),
            span,
            text_reported: false,
        });
        verdict
    }

    fn check_attributes(
        &mut self,
        ty: u32,
        tag: &StartTag<'_>,
        qname: &QualifiedName<'_>,
        span: Span,
        path: &dyn Fn() -> String,
    ) {
        let schema = self.schema;
        let t = &schema.types[ty as usize];
        for a in tag.attributes() {
            let ans = match &a.ns {
                None => 0,
                Some(n) => {
                    if n.as_str() == XSI_NS {
                        continue;
                    }
                    self.ns_of(Some(n.as_str()))
                }
            };
            let name = || match a.prefix {
                Some(p) => format!("{p}:{}", a.local),
                None => a.local.to_owned(),
            };
            let decl = t.attr(ans, a.local);
            let st = match decl {
                Some(d) => Some(d.st),
                None => match &t.any_attr {
                    Some(w) if w.matches(ans) && a.ns.is_some() => {
                        let g = schema.global_attrs.get(&(ans, Box::from(a.local))).copied();
                        if g.is_none() && w.process == Process::Strict && !schema.is_opaque(ans) {
                            let sev = self.unknown_severity();
                            self.push_problem(
                                Problem::new(
                                    codes::SCHEMA_ATTRIBUTE_UNKNOWN,
                                    sev,
                                    format!("attribute {} on <{qname}> has no declaration, and the schema requires one", name()),
                                )
                                .at(span.location(path())),
                            );
                            self.repairs.push(Repair {
                                byte: span.byte(),
                                kind: RepairKind::RemoveAttribute {
                                    ns: a.ns.as_deref().map(str::to_owned),
                                    local: a.local.to_owned(),
                                },
                            });
                        }
                        g
                    }
                    Some(w) if w.matches(ans) => None,
                    _ => {
                        let sev = self.unknown_severity();
                        self.push_problem(
                            Problem::new(
                                codes::SCHEMA_ATTRIBUTE_UNKNOWN,
                                sev,
                                unknown_attribute_message(t, tag, a, &name(), qname),
                            )
                            .at(span.location(path())),
                        );
                        self.repairs.push(Repair {
                            byte: span.byte(),
                            kind: RepairKind::RemoveAttribute {
                                ns: a.ns.as_deref().map(str::to_owned),
                                local: a.local.to_owned(),
                            },
                        });
                        None
                    }
                },
            };
            if let Some(st) = st {
                if !schema.check_simple(st, &a.value) {
                    let expected = simple::describe(&schema.simple, st);
                    self.push_problem(
                        Problem::error(
                            codes::SCHEMA_ATTRIBUTE_INVALID,
                            format!(
                                "attribute {} on <{qname}> has the value {:?}, which is not {expected}",
                                name(),
                                &*a.value
                            ),
                        )
                        .at(span.location(path())),
                    );
                } else if simple::is_id(&schema.simple, st) {
                    let v = a.value.trim();
                    if !self.ids.insert(crate::value::Identifier::new(v)) {
                        self.repairs.push(Repair {
                            byte: span.byte(),
                            kind: RepairKind::RemoveAttribute {
                                ns: a.ns.as_deref().map(str::to_owned),
                                local: a.local.to_owned(),
                            },
                        });
                        self.push_problem(
                            Problem::error(
                                codes::SCHEMA_ID_DUPLICATE,
                                format!("the ID {v:?} (attribute {} on <{qname}>) is used more than once in the document", name()),
                            )
                            .at(span.location(path())),
                        );
                    }
                }
            }
        }
        for d in t.required.iter().filter_map(|&i| t.attrs.get(i as usize)) {
            let present = tag.attributes().iter().any(|a| {
                &*d.local == a.local
                    && match &a.ns {
                        None => d.ns == 0,
                        Some(n) => self.schema.ns_index(Some(n)) == d.ns,
                    }
            });
            if !present {
                self.push_problem(
                    Problem::error(
                        codes::SCHEMA_ATTRIBUTE_MISSING,
                        format!("<{qname}> is missing its required attribute {}", d.local),
                    )
                    .at(span.location(path())),
                );
            }
        }
    }

    /// Whether [`Validator::text`] would do nothing with whitespace-only text in the current
    /// element: everywhere but in simple content, whose text it collects to check the value.
    /// (Whitespace in element-only, empty, mixed or unchecked content is allowed.)
    pub(crate) fn ignores_whitespace(&self) -> bool {
        match self.stack.last() {
            Some(Frame {
                kind: FrameKind::Typed(ty),
                ..
            }) => !matches!(self.schema.types[*ty as usize].content, Content::Simple(_)),
            _ => true,
        }
    }

    /// Handles character data (text or CDATA) in the current element.
    pub(crate) fn text(&mut self, text: &str, path: &dyn Fn() -> String) {
        let schema = self.schema;
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        let FrameKind::Typed(ty) = frame.kind else {
            return;
        };
        match schema.types[ty as usize].content {
            Content::Simple(_) => frame.text.push_str(text),
            Content::Mixed | Content::Any => {}
            Content::Empty | Content::Elements => {
                if !frame.text_reported && !is_xml_whitespace(text) {
                    frame.text_reported = true;
                    let span = frame.span;
                    let p = path();
                    let name = p.rsplit('/').next().unwrap_or_default().to_owned();
                    self.push_problem(
                        Problem::error(
                            codes::SCHEMA_TEXT_UNEXPECTED,
                            format!("<{name}> may not contain text (only child elements)"),
                        )
                        .at(span.location(path())),
                    );
                }
            }
        }
    }

    /// Handles an end tag of the element named `name` (qualified, for messages).
    /// `parent_path` gives the path of its parent (the reader has already left it).
    pub(crate) fn end(&mut self, name: &str, parent_path: &dyn Fn() -> String) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let path = || format!("{}/{}", parent_path(), name);
        let FrameKind::Typed(ty) = frame.kind else {
            return;
        };
        let t = &self.schema.types[ty as usize];
        match t.content {
            Content::Simple(st) => {
                if !self.schema.check_simple(st, &frame.text) {
                    let expected = simple::describe(&self.schema.simple, st);
                    self.push_problem(
                        Problem::error(
                            codes::SCHEMA_VALUE_INVALID,
                            format!(
                                "the content of <{}> is {:?}, which is not {expected}",
                                name, frame.text
                            ),
                        )
                        .at(frame.span.location(path())),
                    );
                }
            }
            Content::Elements | Content::Mixed | Content::Empty => {
                let done = t.states.get(frame.state as usize).is_none_or(|s| s.0);
                if !done {
                    let expected = self.expected_list(ty, frame.state);
                    self.push_problem(
                        Problem::error(
                            codes::SCHEMA_ELEMENT_MISSING,
                            format!(
                                "<{}> is incomplete: a child element is missing (expected: {expected})",
                                name
                            ),
                        )
                        .at(frame.span.location(path())),
                    );
                }
            }
            Content::Any => {}
        }
    }
}

/// A qualified name, formatted only when a message needs it.
struct QualifiedName<'a>(Option<&'a str>, &'a str);

impl std::fmt::Display for QualifiedName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(p) => write!(f, "{p}:{}", self.1),
            None => f.write_str(self.1),
        }
    }
}

/// The parent's name in an element path (`/a/b/c` → `b`).
fn parent_of(path: &str) -> String {
    let mut it = path.rsplit('/');
    let _ = it.next();
    it.next().unwrap_or_default().to_owned()
}

/// Whether `s` is XML whitespace only.
pub(crate) fn is_xml_whitespace(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// A location with an unknown position (for problems about a model built in code).
#[allow(
    dead_code,
    reason = "used by validation of models without source positions"
)]
pub(crate) fn no_location(path: &str) -> Location {
    Span::default().location(path)
}

#[cfg(test)]
mod tests;

/// The schema for a root namespace.
pub(crate) fn schema_for_namespace(ns: &str) -> Option<SchemaId> {
    Some(match ns {
        "http://www.imsglobal.org/xsd/imsqti_v2p0" => SchemaId::V2p0,
        "http://www.imsglobal.org/xsd/imsqti_v2p1" => SchemaId::V2p1,
        "http://www.imsglobal.org/xsd/imsqti_v2p2" => SchemaId::V2p2,
        "http://www.imsglobal.org/xsd/imsqtiasi_v3p0" => SchemaId::V3p0,
        "http://www.imsglobal.org/xsd/imsqti_result_v2p1" => SchemaId::ResultV2p1,
        "http://www.imsglobal.org/xsd/imsqti_result_v2p2" => SchemaId::ResultV2p2,
        "http://www.imsglobal.org/xsd/imsqti_result_v3p0" => SchemaId::ResultV3p0,
        _ => return None,
    })
}

/// Checks a document against a schema (strict) and returns the removals that would make it
/// valid, and the problems that removals cannot fix.
pub(crate) fn check_for_repair(
    input: &[u8],
    id: SchemaId,
) -> Result<(Vec<Repair>, Vec<Problem>), lti_core::xml::XmlError> {
    use lti_core::xml::{Event, Limits, Reader};
    let mut r = Reader::new(input, &Limits::default())?;
    let mut v = Validator::new(id, true);
    loop {
        match r.next()? {
            Event::Start(tag) => {
                v.start(&tag, &|| r.path());
            }
            Event::End(e) => v.end(e.local(), &|| r.path()),
            Event::Text(t) | Event::CData(t) => v.text(&t, &|| r.path()),
            Event::Eof => break,
            _ => {}
        }
    }
    let repairs = std::mem::take(&mut v.repairs);
    let problems = v
        .take_problems()
        .into_iter()
        .filter(|p| {
            !matches!(
                p.code.as_str(),
                codes::SCHEMA_ELEMENT_UNEXPECTED
                    | codes::SCHEMA_ELEMENT_UNKNOWN
                    | codes::SCHEMA_ATTRIBUTE_UNKNOWN
                    | codes::SCHEMA_ID_DUPLICATE
            )
        })
        .collect();
    Ok((repairs, problems))
}

/// Checks a whole document against the schema of its root namespace (XSD checks only).
#[doc(hidden)]
pub fn check_document(input: &[u8], strict: bool) -> Result<Vec<Problem>, lti_core::xml::XmlError> {
    use lti_core::xml::{Event, Limits, Reader};
    let mut r = Reader::new(input, &Limits::default())?;
    let mut v: Option<Validator> = None;
    loop {
        match r.next()? {
            Event::Start(tag) => {
                if v.is_none() {
                    let id = tag
                        .ns()
                        .and_then(schema_for_namespace)
                        .unwrap_or(SchemaId::V2p1);
                    v = Some(Validator::new(id, strict));
                }
                if let Some(v) = v.as_mut() {
                    let path = r.path();
                    v.start(&tag, &|| path.clone());
                }
            }
            Event::End(e) => {
                let path = r.path();
                if let Some(v) = v.as_mut() {
                    v.end(e.local(), &|| path.clone());
                }
            }
            Event::Text(t) | Event::CData(t) => {
                let path = r.path();
                if let Some(v) = v.as_mut() {
                    v.text(&t, &|| path.clone());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(v.map(|mut v| v.take_problems()).unwrap_or_default())
}
