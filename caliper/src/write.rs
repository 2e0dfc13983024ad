//! Writing: serde `Serialize` for every document type (lossless: what was read is written back),
//! and the "thin" writer.
//!
//! The thin writer ([`to_string_thin`]) emits an entity that was already described in full
//! earlier in the same document as its IRI, and drops a nested `@context` equal to the context
//! in force (Caliper 1.2 §5.2: duplicate nested contexts SHOULD be left out). Anonymous entities
//! and entities without an `id` are always written in full.

use std::cell::RefCell;
use std::collections::HashSet;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::entity::{Entity, EntityRef};
use crate::envelope::{EndpointConfig, Envelope, Item};
use crate::event::Event;
use crate::json::{Context, Prop};
use crate::read::Document;

/// The state of a thin write.
#[derive(Default)]
pub(crate) struct Thin<'a> {
    described: RefCell<HashSet<&'a str>>,
    contexts: RefCell<Vec<Option<&'a Context>>>,
}

impl<'a> Thin<'a> {
    fn current(&self) -> Option<&'a Context> {
        self.contexts.borrow().last().copied().flatten()
    }
}

/// Serialises one property value.
pub(crate) struct PropSer<'a, 't> {
    pub(crate) prop: Prop<'a>,
    pub(crate) thin: Option<&'t Thin<'a>>,
}

impl Serialize for PropSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.prop {
            Prop::Str(v) | Prop::Term(v) => s.serialize_str(v),
            Prop::Bool(v) => s.serialize_bool(v),
            Prop::Int(v) => s.serialize_i64(v),
            Prop::UInt(v) => s.serialize_u64(v),
            Prop::Number(v) => v.serialize(s),
            Prop::DateTime(v) => v.serialize(s),
            Prop::Duration(v) => v.serialize(s),
            Prop::Strs(v) => v.serialize(s),
            Prop::Roles(v) => v.serialize(s),
            Prop::Ref(r) => RefSer { r, thin: self.thin }.serialize(s),
            Prop::Refs(rs) => {
                let mut seq = s.serialize_seq(Some(rs.len()))?;
                for r in rs {
                    seq.serialize_element(&RefSer { r, thin: self.thin })?;
                }
                seq.end()
            }
            Prop::Objects(es) => {
                let mut seq = s.serialize_seq(Some(es.len()))?;
                for e in es {
                    seq.serialize_element(&EntitySer {
                        entity: e,
                        thin: self.thin,
                        top: false,
                    })?;
                }
                seq.end()
            }
            Prop::Map(m) => m.serialize(s),
            Prop::Context(c) => c.serialize(s),
            Prop::Value(v) => v.serialize(s),
        }
    }
}

struct RefSer<'a, 't> {
    r: &'a EntityRef,
    thin: Option<&'t Thin<'a>>,
}

impl Serialize for RefSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.r {
            EntityRef::Iri(i) => s.serialize_str(i),
            EntityRef::Entity(e) => {
                if let (Some(thin), Some(id)) = (self.thin, e.id())
                    && !e.is_anonymous()
                    && thin.described.borrow().contains(id)
                {
                    return s.serialize_str(id);
                }
                EntitySer {
                    entity: e,
                    thin: self.thin,
                    top: false,
                }
                .serialize(s)
            }
        }
    }
}

/// Serialises an entity (plain or thin).
pub(crate) struct EntitySer<'a, 't> {
    pub(crate) entity: &'a Entity,
    pub(crate) thin: Option<&'t Thin<'a>>,
    pub(crate) top: bool,
}

impl<'a> EntitySer<'a, '_> {
    pub(crate) fn plain(entity: &'a Entity) -> Self {
        Self {
            entity,
            thin: None,
            top: true,
        }
    }
}

/// Serialises an object through its property callback, maintaining the thin state.
fn serialize_object<'a, S: Serializer>(
    s: S,
    own_context: Option<&'a Context>,
    id: Option<&'a str>,
    describes: bool,
    top: bool,
    thin: Option<&Thin<'a>>,
    props: impl FnOnce(
        &mut dyn FnMut(&'a str, Prop<'a>) -> Result<(), S::Error>,
    ) -> Result<(), S::Error>,
) -> Result<S::Ok, S::Error> {
    let mut skip_context = false;
    if let Some(t) = thin {
        if !top && own_context.is_some() && own_context == t.current() {
            skip_context = true;
        }
        let effective = own_context.or_else(|| t.current());
        t.contexts.borrow_mut().push(effective);
        if describes && let Some(id) = id {
            t.described.borrow_mut().insert(id);
        }
    }
    let mut map = s.serialize_map(None)?;
    let r = props(&mut |k, p| {
        if skip_context && k == "@context" {
            return Ok(());
        }
        map.serialize_entry(k, &PropSer { prop: p, thin })
    });
    if let Some(t) = thin {
        t.contexts.borrow_mut().pop();
    }
    r?;
    map.end()
}

impl Serialize for EntitySer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.entity;
        let describes = self.thin.is_some() && !e.is_anonymous() && !e.is_bare();
        serialize_object(
            s,
            e.base().context.as_ref(),
            e.id(),
            describes,
            self.top,
            self.thin,
            |f| e.for_each_prop(f),
        )
    }
}

struct EventSer<'a, 't> {
    event: &'a Event,
    thin: Option<&'t Thin<'a>>,
}

impl Serialize for EventSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.event;
        serialize_object(s, e.context.as_ref(), None, false, true, self.thin, |f| {
            e.for_each_prop(f)
        })
    }
}

struct ItemSer<'a, 't> {
    item: &'a Item,
    thin: Option<&'t Thin<'a>>,
}

impl Serialize for ItemSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.item {
            Item::Event(e) => EventSer {
                event: e,
                thin: self.thin,
            }
            .serialize(s),
            Item::Entity(e) => EntitySer {
                entity: e,
                thin: self.thin,
                top: true,
            }
            .serialize(s),
            Item::Invalid(v) => v.serialize(s),
        }
    }
}

struct EnvelopeSer<'a, 't> {
    env: &'a Envelope,
    thin: Option<&'t Thin<'a>>,
}

impl Serialize for EnvelopeSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.env;
        let mut map = s.serialize_map(None)?;
        // Envelope members of the wrong shape are kept raw in `other`; they are written in
        // their place, so the first member of the output is an envelope member and the output
        // reads back as an envelope even when it also has event members.
        let raw = |key: &str| e.other.get(key);
        if let Some(v) = &e.sensor {
            map.serialize_entry("sensor", v)?;
        } else if let Some(v) = raw("sensor") {
            map.serialize_entry("sensor", v)?;
        }
        if let Some(v) = &e.send_time {
            map.serialize_entry("sendTime", v)?;
        } else if let Some(v) = raw("sendTime") {
            map.serialize_entry("sendTime", v)?;
        }
        if let Some(v) = &e.data_version {
            map.serialize_entry("dataVersion", v)?;
        } else if let Some(v) = raw("dataVersion") {
            map.serialize_entry("dataVersion", v)?;
        }
        if let Some(items) = &e.data {
            map.serialize_entry(
                "data",
                &DataSer {
                    items,
                    thin: self.thin,
                },
            )?;
        } else if let Some(v) = raw("data") {
            map.serialize_entry("data", v)?;
        }
        for (k, v) in &e.other {
            if !Envelope::PROPERTIES.contains(&k.as_str()) {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

struct DataSer<'a, 't> {
    items: &'a [Item],
    thin: Option<&'t Thin<'a>>,
}

impl Serialize for DataSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.items.len()))?;
        for item in self.items {
            seq.serialize_element(&ItemSer {
                item,
                thin: self.thin,
            })?;
        }
        seq.end()
    }
}

struct ConfigSer<'a> {
    config: &'a EndpointConfig,
}

impl Serialize for ConfigSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        self.config.for_each_prop(&mut |k, p| {
            map.serialize_entry(
                k,
                &PropSer {
                    prop: p,
                    thin: None,
                },
            )
        })?;
        map.end()
    }
}

struct DocSer<'a, 't> {
    doc: &'a Document,
    thin: Option<&'t Thin<'a>>,
}

impl Serialize for DocSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.doc {
            Document::Envelope(e) => EnvelopeSer {
                env: e,
                thin: self.thin,
            }
            .serialize(s),
            Document::Event(e) => EventSer {
                event: e,
                thin: self.thin,
            }
            .serialize(s),
            Document::Entity(e) => EntitySer {
                entity: e,
                thin: self.thin,
                top: true,
            }
            .serialize(s),
            Document::EndpointConfig(c) => ConfigSer { config: c }.serialize(s),
        }
    }
}

impl Serialize for Entity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        EntitySer::plain(self).serialize(s)
    }
}

impl Serialize for EntityRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RefSer {
            r: self,
            thin: None,
        }
        .serialize(s)
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        EventSer {
            event: self,
            thin: None,
        }
        .serialize(s)
    }
}

impl Serialize for Item {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ItemSer {
            item: self,
            thin: None,
        }
        .serialize(s)
    }
}

impl Serialize for Envelope {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        EnvelopeSer {
            env: self,
            thin: None,
        }
        .serialize(s)
    }
}

impl Serialize for EndpointConfig {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ConfigSer { config: self }.serialize(s)
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DocSer {
            doc: self,
            thin: None,
        }
        .serialize(s)
    }
}

/// Options of the writer.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[non_exhaustive]
#[serde(default)]
pub struct WriteOptions {
    /// Indent with two spaces and break lines.
    pub pretty: bool,
    /// Write already-described entities as IRIs and drop redundant nested contexts.
    pub thin: bool,
}

impl WriteOptions {
    /// Compact, lossless output.
    pub const fn compact() -> Self {
        Self {
            pretty: false,
            thin: false,
        }
    }

    /// Indented, lossless output.
    pub const fn pretty() -> Self {
        Self {
            pretty: true,
            thin: false,
        }
    }

    /// With the thin writer on or off.
    #[must_use]
    pub const fn thin(mut self, thin: bool) -> Self {
        self.thin = thin;
        self
    }
}

/// Writes a document into a byte buffer.
pub fn write_to(out: &mut Vec<u8>, doc: &Document, options: WriteOptions) {
    let thin = Thin::default();
    let ser = DocSer {
        doc,
        thin: options.thin.then_some(&thin),
    };
    // Serialising our own model into memory cannot fail: every map key is a string and every
    // number is finite.
    let _ = if options.pretty {
        serde_json::to_writer_pretty(&mut *out, &ser)
    } else {
        serde_json::to_writer(&mut *out, &ser)
    };
}

/// Writes a document as compact JSON, losslessly.
pub fn to_string(doc: &Document) -> String {
    to_string_with(doc, WriteOptions::compact())
}

/// Writes a document as indented JSON, losslessly.
pub fn to_string_pretty(doc: &Document) -> String {
    to_string_with(doc, WriteOptions::pretty())
}

/// Writes a document with the thin writer.
pub fn to_string_thin(doc: &Document, pretty: bool) -> String {
    to_string_with(doc, WriteOptions { pretty, thin: true })
}

/// Writes a document with the given options.
pub fn to_string_with(doc: &Document, options: WriteOptions) -> String {
    let thin = Thin::default();
    let ser = DocSer {
        doc,
        thin: options.thin.then_some(&thin),
    };
    // Serialising our own model cannot fail: every map key is a string and every number is
    // finite.
    let r = if options.pretty {
        serde_json::to_string_pretty(&ser)
    } else {
        serde_json::to_string(&ser)
    };
    r.unwrap_or_default()
}

/// Writes a document as a `serde_json::Value`.
pub fn to_value(doc: &Document) -> serde_json::Value {
    serde_json::to_value(doc).unwrap_or(serde_json::Value::Null)
}
