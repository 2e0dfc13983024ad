//! Reading any Caliper JSON document: an envelope, an event, an entity describe or an endpoint
//! configuration, detected from its properties, with its version taken from its context.
//!
//! One pass over the input: the reader streams the JSON object's properties and, as soon as it
//! knows what the object is (from `type`, or from a property only one kind of object has), reads
//! the remaining properties straight into the typed value. Properties seen before that are
//! buffered as JSON values and applied afterwards.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::codes;
use crate::entity::Entity;
use crate::envelope::{EndpointConfig, Envelope, Item};
use crate::event::Event;
use crate::json::{Read, Str};
use crate::vocab::{EntityType, EventType, Version, context_version};
use lti_core::{Location, Problem};

/// Limits applied while reading. The defaults are safe for untrusted input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Limits {
    /// Largest document accepted, in bytes (default 64 MiB).
    pub max_bytes: usize,
    /// Most items accepted in an envelope's `data` (default 100 000).
    pub max_items: usize,
    /// Deepest nesting of arrays and objects accepted (default 128, which is also the limit of
    /// the JSON parser; a lower value makes the reader scan the input once before parsing).
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 64 * 1024 * 1024,
            max_items: 100_000,
            max_depth: 128,
        }
    }
}

impl Limits {
    /// Sets [`Limits::max_bytes`].
    #[must_use]
    pub const fn with_max_bytes(mut self, max: usize) -> Self {
        self.max_bytes = max;
        self
    }

    /// Sets [`Limits::max_items`].
    #[must_use]
    pub const fn with_max_items(mut self, max: usize) -> Self {
        self.max_items = max;
        self
    }

    /// Sets [`Limits::max_depth`].
    #[must_use]
    pub const fn with_max_depth(mut self, max: usize) -> Self {
        self.max_depth = max;
        self
    }
}

/// Why a document could not be read at all. (A document that can be read but breaks the
/// specification reads fine; [`crate::validate()`] reports its problems.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Not well-formed JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The document is larger than [`Limits::max_bytes`].
    #[error("the document has {size} bytes, more than the limit of {max}")]
    TooLarge {
        /// Size of the input.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// The document nests deeper than [`Limits::max_depth`].
    #[error("the document nests arrays and objects deeper than the limit of {max}")]
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// An envelope has more data items than [`Limits::max_items`].
    #[error("the envelope has more than {max} data items")]
    TooManyItems {
        /// The limit.
        max: usize,
    },
    /// The input starts with a UTF-8 byte order mark (JSON text MUST NOT have one; strip it
    /// and read again to accept it).
    #[error("the document starts with a UTF-8 byte order mark, which JSON text must not have")]
    ByteOrderMark,
    /// An object names the same member twice. RFC 8259 leaves the meaning of such an object
    /// undefined and I-JSON (RFC 7493) forbids it; two readers could see two different events,
    /// so it is refused rather than resolved either way.
    #[error("line {line}, column {column}: the member `{name}` occurs twice in one object")]
    DuplicateMember {
        /// The member name.
        name: String,
        /// 1-based line of the second occurrence (just after its value, or where reading it
        /// stopped).
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The top-level JSON value is not an object.
    #[error("a Caliper document is a JSON object, not {found}")]
    NotAnObject {
        /// What was found (`an array`, `a string`…).
        found: &'static str,
    },
}

impl ReadError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Syntax { .. } => codes::JSON_SYNTAX,
            Self::TooLarge { .. } => codes::LIMIT_SIZE,
            Self::TooDeep { .. } => codes::LIMIT_DEPTH,
            Self::TooManyItems { .. } => codes::LIMIT_ITEMS,
            Self::NotAnObject { .. } => codes::JSON_NOT_AN_OBJECT,
            Self::DuplicateMember { .. } => codes::JSON_DUPLICATE_MEMBER,
            Self::ByteOrderMark => codes::JSON_BOM,
        }
    }

    /// This error as an error-severity problem (at the document root; the message gives the
    /// line and column of a syntax error).
    pub fn to_problem(&self) -> Problem {
        Problem::error(self.code(), self.to_string())
            .at(Location::json_pointer(""))
            .spec("RFC 8259; Caliper 1.2 §5")
    }
}

/// A Caliper document, as read.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Document {
    /// An envelope.
    Envelope(Box<Envelope>),
    /// A single event.
    Event(Box<Event>),
    /// A single entity (a describe).
    Entity(Entity),
    /// An endpoint configuration payload.
    EndpointConfig(Box<EndpointConfig>),
}

/// What kind of document it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DocumentKind {
    /// An envelope.
    Envelope,
    /// An event.
    Event,
    /// An entity.
    Entity,
    /// An endpoint configuration.
    EndpointConfig,
}

impl Document {
    /// The kind of document.
    pub fn kind(&self) -> DocumentKind {
        match self {
            Self::Envelope(_) => DocumentKind::Envelope,
            Self::Event(_) => DocumentKind::Event,
            Self::Entity(_) => DocumentKind::Entity,
            Self::EndpointConfig(_) => DocumentKind::EndpointConfig,
        }
    }

    /// The envelope, if this is one.
    pub fn as_envelope(&self) -> Option<&Envelope> {
        match self {
            Self::Envelope(e) => Some(e),
            _ => None,
        }
    }

    /// The event, if this is one.
    pub fn as_event(&self) -> Option<&Event> {
        match self {
            Self::Event(e) => Some(e),
            _ => None,
        }
    }

    /// The entity, if this is one.
    pub fn as_entity(&self) -> Option<&Entity> {
        match self {
            Self::Entity(e) => Some(e),
            _ => None,
        }
    }

    /// The endpoint configuration, if this is one.
    pub fn as_endpoint_config(&self) -> Option<&EndpointConfig> {
        match self {
            Self::EndpointConfig(c) => Some(c),
            _ => None,
        }
    }

    /// The events and entities of the document: the envelope's data items that are objects,
    /// or the single event or entity.
    pub fn items(&self) -> Vec<Item> {
        match self {
            Self::Envelope(e) => e
                .data
                .iter()
                .flatten()
                .filter(|i| !matches!(i, Item::Invalid(_)))
                .cloned()
                .collect(),
            Self::Event(e) => vec![Item::Event(e.clone())],
            Self::Entity(e) => vec![Item::Entity(e.clone())],
            Self::EndpointConfig(_) => Vec::new(),
        }
    }

    /// The Caliper version: from `dataVersion` for an envelope (or its first data item's
    /// context), from `@context` for an event or entity. `None` for an endpoint configuration
    /// or when no Caliper context is named.
    pub fn version(&self) -> Option<Version> {
        match self {
            Self::Envelope(e) => e.version().or_else(|| {
                e.data.iter().flatten().find_map(|i| match i {
                    Item::Event(ev) => ev.context.as_ref().and_then(|c| c.info().version),
                    Item::Entity(en) => en.base().context.as_ref().and_then(|c| c.info().version),
                    Item::Invalid(_) => None,
                })
            }),
            Self::Event(e) => e.context.as_ref().and_then(|c| c.info().version),
            Self::Entity(e) => e.base().context.as_ref().and_then(|c| c.info().version),
            Self::EndpointConfig(_) => None,
        }
    }
}

impl std::str::FromStr for Document {
    type Err = ReadError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        read(s.as_bytes())
    }
}

/// Reads a Caliper document with the default [`Limits`].
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    read_with(bytes, &Limits::default())
}

/// Reads a Caliper document.
pub fn read_with(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(ReadError::ByteOrderMark);
    }
    if bytes.len() > limits.max_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len(),
            max: limits.max_bytes,
        });
    }
    if limits.max_depth < 128 && exceeds_depth(bytes, limits.max_depth) {
        return Err(ReadError::TooDeep {
            max: limits.max_depth,
        });
    }
    let ctx = ReadCtx {
        max_items: limits.max_items,
        items_exceeded: Cell::new(false),
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = TopSeed { ctx: &ctx }
        .deserialize(&mut de)
        .and_then(|doc| de.end().map(|()| doc));
    match result {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(found)) => Err(ReadError::NotAnObject { found }),
        Err(_) if ctx.items_exceeded.get() => Err(ReadError::TooManyItems {
            max: limits.max_items,
        }),
        Err(e) if e.to_string().contains("recursion limit exceeded") => {
            Err(ReadError::TooDeep { max: 128 })
        }
        Err(e) => {
            let full = e.to_string();
            let message = full
                .rsplit_once(" at line ")
                .map_or(full.as_str(), |(m, _)| m)
                .to_owned();
            if let Some(name) = lti_core::json::duplicate_member_name(&message) {
                return Err(ReadError::DuplicateMember {
                    name: name.to_owned(),
                    line: e.line(),
                    column: e.column(),
                });
            }
            Err(ReadError::Syntax {
                line: e.line(),
                column: e.column(),
                message,
            })
        }
    }
}

/// Whether the JSON text nests arrays/objects deeper than `max` (strings are skipped).
fn exceeds_depth(bytes: &[u8], max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    for &b in bytes {
        if in_str {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

struct ReadCtx {
    max_items: usize,
    items_exceeded: Cell<bool>,
}

/// What an object may turn out to be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A top-level document: envelope, configuration, event or entity.
    Top,
    /// An envelope data item: event or entity.
    Item,
    /// A nested entity.
    Entity,
}

enum Built {
    Envelope(Box<Envelope>),
    Config(Box<EndpointConfig>),
    Event(Box<Event>),
    Entity(Entity),
}

impl Built {
    fn set_value(
        &mut self,
        key: &str,
        v: Value,
        max_items: usize,
    ) -> Result<(), serde_json::Error> {
        match self {
            Self::Envelope(e) => e.set_prop(key, v, max_items),
            Self::Config(c) => c.set_prop(key, v),
            Self::Event(e) => e.set_prop(key, v),
            Self::Entity(e) => e.set_value(key, v),
        }
    }
}

struct PropSeed<'a> {
    target: &'a mut Built,
    key: &'a str,
    max_items: usize,
}

impl<'de> DeserializeSeed<'de> for PropSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.target {
            Built::Envelope(e) => e.set_prop(self.key, d, self.max_items),
            Built::Config(c) => c.set_prop(self.key, d),
            Built::Event(e) => e.set_prop(self.key, d),
            Built::Entity(e) => e.set_prop(self.key, d),
        }
    }
}

fn is_envelope_key(key: &str) -> bool {
    matches!(key, "sensor" | "sendTime" | "dataVersion" | "data")
}

/// Decides what an object with the known type term `term` is (`None` for an unknown term).
fn built_for_type(term: &str, mode: Mode) -> Option<Built> {
    if mode != Mode::Entity
        && let Some(et) = EventType::lookup(term)
    {
        return Some(Built::Event(Box::new(Event {
            event_type: Some(et),
            ..Event::default()
        })));
    }
    EntityType::lookup(term).map(|t| Built::Entity(Entity::empty(&t)))
}

/// Reads the properties of one JSON object and decides what it is.
fn read_object<'de, A: MapAccess<'de>>(
    mut map: A,
    mode: Mode,
    max_items: usize,
) -> Result<Built, A::Error> {
    let mut pending: Vec<(String, Value)> = Vec::new();
    let mut built: Option<Built> = None;
    while let Some(key) = map.next_key::<Str<'de>>()? {
        let key = key.0;
        if built.is_none() && pending.iter().any(|(k, _)| *k == *key) {
            return Err(crate::json::duplicate(&key));
        }
        if let Some(b) = built.as_mut() {
            map.next_value_seed(PropSeed {
                target: b,
                key: &key,
                max_items,
            })?;
            continue;
        }
        // Not decided yet.
        let decided = if key == "type" {
            match map.next_value::<crate::json::StrictValue>()?.0 {
                Value::String(term) => match built_for_type(&term, mode) {
                    Some(mut b) => {
                        if let Built::Entity(Entity::Other(g)) = &b
                            && g.type_term.is_none()
                        {
                            // The generic `Entity` type keeps its term.
                            b.set_value("type", Value::String(term), max_items)
                                .map_err(de::Error::custom)?;
                        }
                        Some(b)
                    }
                    None if mode == Mode::Entity => {
                        let mut b = Built::Entity(Entity::Other(Box::default()));
                        b.set_value("type", Value::String(term), max_items)
                            .map_err(de::Error::custom)?;
                        Some(b)
                    }
                    None => {
                        // An unknown term: the other properties tell an event from an entity.
                        pending.push((key.into_owned(), Value::String(term)));
                        None
                    }
                },
                other => {
                    pending.push((key.into_owned(), other));
                    None
                }
            }
        } else if mode != Mode::Entity && Event::is_event_only_key(&key) {
            let mut b = Built::Event(Box::default());
            map.next_value_seed(PropSeed {
                target: &mut b,
                key: &key,
                max_items,
            })?;
            Some(b)
        } else if mode == Mode::Top && is_envelope_key(&key) {
            let mut b = Built::Envelope(Box::default());
            map.next_value_seed(PropSeed {
                target: &mut b,
                key: &key,
                max_items,
            })?;
            Some(b)
        } else if mode == Mode::Top && EndpointConfig::is_config_key(&key) {
            let mut b = Built::Config(Box::default());
            map.next_value_seed(PropSeed {
                target: &mut b,
                key: &key,
                max_items,
            })?;
            Some(b)
        } else {
            pending.push((
                key.into_owned(),
                map.next_value::<crate::json::StrictValue>()?.0,
            ));
            None
        };
        if let Some(mut b) = decided {
            for (k, v) in pending.drain(..) {
                b.set_value(&k, v, max_items).map_err(de::Error::custom)?;
            }
            built = Some(b);
        }
    }
    match built {
        Some(b) => Ok(b),
        None => {
            // No type and nothing event-like: an entity without a (string) type.
            let mut b = Built::Entity(Entity::Other(Box::default()));
            for (k, v) in pending {
                b.set_value(&k, v, max_items).map_err(de::Error::custom)?;
            }
            Ok(b)
        }
    }
}

/// Reads a nested entity object.
pub(crate) fn entity_from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Entity, A::Error> {
    match read_object(map, Mode::Entity, usize::MAX)? {
        Built::Entity(e) => Ok(e),
        // Mode::Entity only ever builds entities.
        _ => Ok(Entity::Other(Box::default())),
    }
}

fn item_from_built(b: Built) -> Item {
    match b {
        Built::Event(e) => Item::Event(e),
        Built::Entity(e) => Item::Entity(e),
        // Mode::Item never builds these.
        Built::Envelope(_) | Built::Config(_) => Item::Invalid(Value::Null),
    }
}

struct ItemSeed;

impl<'de> DeserializeSeed<'de> for ItemSeed {
    type Value = Item;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Item, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Item;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an event or entity object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Item, A::Error> {
                read_object(map, Mode::Item, usize::MAX).map(item_from_built)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Item, A::Error> {
                crate::json::raw_value(de::value::SeqAccessDeserializer::new(seq))
                    .map(Item::Invalid)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Item, E> {
                Ok(Item::Invalid(Value::String(v.to_owned())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Item, E> {
                Ok(Item::Invalid(Value::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Item, E> {
                Ok(Item::Invalid(Value::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Item, E> {
                Ok(Item::Invalid(Value::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Item, E> {
                Ok(Item::Invalid(Value::from(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Item, E> {
                Ok(Item::Invalid(Value::Null))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads an envelope's `data`: an array of items (non-objects become [`Item::Invalid`]); any
/// other value is returned raw.
pub(crate) fn read_data<'de, D: Deserializer<'de>>(
    d: D,
    max_items: usize,
) -> Result<Read<Vec<Item>>, D::Error> {
    struct V {
        max_items: usize,
    }
    impl<'de> Visitor<'de> for V {
        type Value = Read<Vec<Item>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of events and entities")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(item) = seq.next_element_seed(ItemSeed)? {
                if items.len() >= self.max_items {
                    ITEMS_EXCEEDED.with(|c| c.set(true));
                    return Err(de::Error::custom("too many data items"));
                }
                items.push(item);
            }
            Ok(Read::Ok(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            crate::json::raw_value(de::value::MapAccessDeserializer::new(map)).map(Read::Raw)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Read::Raw(Value::String(v.to_owned())))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Read::Raw(Value::Bool(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Read::Raw(Value::from(v)))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Read::Raw(Value::from(v)))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Read::Raw(Value::from(v)))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Read::Raw(Value::Null))
        }
    }
    d.deserialize_any(V { max_items })
}

thread_local! {
    /// Set when an envelope's `data` exceeds the item limit (so that the error can be told
    /// apart from a JSON error after serde has wrapped it).
    static ITEMS_EXCEEDED: Cell<bool> = const { Cell::new(false) };
}

struct TopSeed<'a> {
    ctx: &'a ReadCtx,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    /// The document, or what was found instead of an object.
    type Value = Result<Document, &'static str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct V<'a> {
            ctx: &'a ReadCtx,
        }
        impl<'de> Visitor<'de> for V<'_> {
            type Value = Result<Document, &'static str>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                ITEMS_EXCEEDED.with(|c| c.set(false));
                let r = read_object(map, Mode::Top, self.ctx.max_items);
                if ITEMS_EXCEEDED.with(Cell::get) {
                    self.ctx.items_exceeded.set(true);
                }
                Ok(Ok(match r? {
                    Built::Envelope(e) => Document::Envelope(e),
                    Built::Config(c) => Document::EndpointConfig(c),
                    Built::Event(e) => Document::Event(e),
                    Built::Entity(e) => Document::Entity(e),
                }))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                de::IgnoredAny::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Err("an array"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Err("a string"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Err("a boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Err("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Err("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Err("a number"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Err("null"))
            }
        }
        d.deserialize_any(V { ctx: self.ctx })
    }
}

/// Deserialises a value that must be a JSON object, in the given mode.
fn deserialize_object<'de, D: Deserializer<'de>>(d: D, mode: Mode) -> Result<Built, D::Error> {
    struct V(Mode);
    impl<'de> Visitor<'de> for V {
        type Value = Built;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a Caliper JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Built, A::Error> {
            read_object(map, self.0, Limits::default().max_items)
        }
    }
    d.deserialize_map(V(mode))
}

impl<'de> Deserialize<'de> for Entity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match deserialize_object(d, Mode::Entity)? {
            Built::Entity(e) => Ok(e),
            _ => Err(de::Error::custom("expected an entity")),
        }
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match deserialize_object(d, Mode::Item)? {
            Built::Event(e) => Ok(*e),
            _ => Err(de::Error::custom("expected an event")),
        }
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ItemSeed.deserialize(d)
    }
}

impl<'de> Deserialize<'de> for Envelope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match deserialize_object(d, Mode::Top)? {
            Built::Envelope(e) => Ok(*e),
            _ => Err(de::Error::custom("expected an envelope")),
        }
    }
}

impl<'de> Deserialize<'de> for EndpointConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match deserialize_object(d, Mode::Top)? {
            Built::Config(c) => Ok(*c),
            _ => Err(de::Error::custom("expected an endpoint configuration")),
        }
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match deserialize_object(d, Mode::Top)? {
            Built::Envelope(e) => Self::Envelope(e),
            Built::Config(c) => Self::EndpointConfig(c),
            Built::Event(e) => Self::Event(e),
            Built::Entity(e) => Self::Entity(e),
        })
    }
}

/// Reads the version a context IRI names (a convenience over
/// [`crate::vocab::context_version`]).
pub fn version_of_context(iri: &str) -> Option<Version> {
    context_version(iri).map(|(v, _)| v)
}
