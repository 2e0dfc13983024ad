//! Events (Caliper 1.2 §3 and Appendix "Events"; Caliper 1.1 §3).
//!
//! Every event type has the same properties (the subtypes only restrict their values), so one
//! [`Event`] struct carries the [`EventType`]; the restrictions live in [`crate::rules`].

use serde::Deserializer;
use serde_json::{Map, Value};

use crate::entity::EntityRef;
use crate::json::{self, Context, DateTime, Field, Prop};
use crate::vocab::{Action, EntityType, EventType, Profile};

/// A Caliper event.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Event {
    /// `@context` (required on a top-level event).
    pub context: Option<Context>,
    /// `id`: `urn:uuid:<UUID>` (required).
    pub id: Option<String>,
    /// `type` (required).
    pub event_type: Option<EventType>,
    /// `profile` (1.2).
    pub profile: Option<Profile>,
    /// `actor` (required): an `Agent` or its IRI.
    pub actor: Option<EntityRef>,
    /// `action` (required).
    pub action: Option<Action>,
    /// `object` (required).
    pub object: Option<EntityRef>,
    /// `eventTime` (required).
    pub event_time: Option<DateTime>,
    /// `edApp`: the `SoftwareApplication` context.
    pub ed_app: Option<EntityRef>,
    /// `generated`: an entity created by the action.
    pub generated: Option<EntityRef>,
    /// `target`: a segment or location within the object.
    pub target: Option<EntityRef>,
    /// `referrer`: the referring context.
    pub referrer: Option<EntityRef>,
    /// `group`: the `Organization` context.
    pub group: Option<EntityRef>,
    /// `membership`: the actor's `Membership` in the group.
    pub membership: Option<EntityRef>,
    /// `session`: the user's `Session`.
    pub session: Option<EntityRef>,
    /// `federatedSession`: the tool's `LtiSession` of an LTI launch.
    pub federated_session: Option<EntityRef>,
    /// `extensions`: custom attributes.
    pub extensions: Option<Map<String, Value>>,
    /// Properties events do not define, and defined properties whose value has the wrong shape
    /// (or is `null`), exactly as read.
    pub other: Map<String, Value>,
}

impl Event {
    /// The JSON property names of an event.
    pub const PROPERTIES: &'static [&'static str] = &[
        "@context",
        "id",
        "type",
        "profile",
        "actor",
        "action",
        "object",
        "eventTime",
        "edApp",
        "generated",
        "target",
        "referrer",
        "group",
        "membership",
        "session",
        "federatedSession",
        "extensions",
    ];

    /// The properties only events have: an object with one of these is an event even before its
    /// `type` is known.
    pub(crate) fn is_event_only_key(key: &str) -> bool {
        matches!(
            key,
            "profile"
                | "actor"
                | "action"
                | "object"
                | "eventTime"
                | "edApp"
                | "generated"
                | "target"
                | "referrer"
                | "group"
                | "membership"
                | "session"
                | "federatedSession"
        )
    }

    /// An event of the given type and action, with nothing else set.
    pub fn new(event_type: EventType, action: Action) -> Self {
        Self {
            event_type: Some(event_type),
            action: Some(action),
            ..Self::default()
        }
    }

    /// Whether `key` is an event property.
    pub fn is_property(key: &str) -> bool {
        Self::PROPERTIES.contains(&key)
    }

    pub(crate) fn set_prop<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        d: D,
    ) -> Result<(), D::Error> {
        let o = &mut self.other;
        match key {
            "@context" => json::store(&mut self.context, o, key, d),
            "id" => json::store(&mut self.id, o, key, d),
            "type" => json::store(&mut self.event_type, o, key, d),
            "profile" => json::store(&mut self.profile, o, key, d),
            "actor" => json::store(&mut self.actor, o, key, d),
            "action" => json::store(&mut self.action, o, key, d),
            "object" => json::store(&mut self.object, o, key, d),
            "eventTime" => json::store(&mut self.event_time, o, key, d),
            "edApp" => json::store(&mut self.ed_app, o, key, d),
            "generated" => json::store(&mut self.generated, o, key, d),
            "target" => json::store(&mut self.target, o, key, d),
            "referrer" => json::store(&mut self.referrer, o, key, d),
            "group" => json::store(&mut self.group, o, key, d),
            "membership" => json::store(&mut self.membership, o, key, d),
            "session" => json::store(&mut self.session, o, key, d),
            "federatedSession" => json::store(&mut self.federated_session, o, key, d),
            "extensions" => json::store(&mut self.extensions, o, key, d),
            _ => json::store_raw(o, key, d),
        }
    }

    /// Calls `f` with every property in writing order.
    pub fn for_each_prop<'s, E>(
        &'s self,
        f: &mut dyn FnMut(&'s str, Prop<'s>) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Some(c) = &self.context {
            f("@context", Prop::Context(c))?;
        }
        if let Some(v) = &self.id {
            f("id", Prop::Str(v))?;
        }
        // A `type` that is no Caliper event type (an extension's term, or an entity type by
        // mistake) is written after the event-only members, so that a reader decides "event"
        // from those before it meets the term.
        let (type_first, type_later) = match &self.event_type {
            Some(t) if t.is_known() => (Some(t), None),
            t => (None, t.as_ref()),
        };
        if let Some(v) = type_first {
            f("type", v.prop())?;
        }
        if let Some(v) = &self.profile {
            f("profile", v.prop())?;
        }
        if let Some(v) = &self.actor {
            f("actor", Prop::Ref(v))?;
        }
        if let Some(v) = &self.action {
            f("action", v.prop())?;
        }
        if let Some(v) = &self.object {
            f("object", Prop::Ref(v))?;
        }
        if let Some(v) = &self.event_time {
            f("eventTime", Prop::DateTime(v))?;
        }
        for (k, v) in [
            ("edApp", &self.ed_app),
            ("generated", &self.generated),
            ("target", &self.target),
            ("referrer", &self.referrer),
            ("group", &self.group),
            ("membership", &self.membership),
            ("session", &self.session),
            ("federatedSession", &self.federated_session),
        ] {
            if let Some(v) = v {
                f(k, Prop::Ref(v))?;
            }
        }
        if let Some(v) = &self.extensions {
            f("extensions", Prop::Map(v))?;
        }
        // Event-only properties kept raw (wrong shape) come first: a reader decides what a
        // top-level object is from the first such property, so this keeps the output an event
        // when it also has envelope or configuration members.
        for (k, v) in self
            .other
            .iter()
            .filter(|(k, _)| Self::is_event_only_key(k))
        {
            f(k, Prop::Value(v))?;
        }
        if let Some(v) = type_later {
            f("type", v.prop())?;
        }
        for (k, v) in self
            .other
            .iter()
            .filter(|(k, _)| !Self::is_event_only_key(k))
        {
            f(k, Prop::Value(v))?;
        }
        Ok(())
    }

    /// The types the base `Event` allows for a reference property (before any event-type or
    /// profile restriction).
    pub fn ref_types(key: &str) -> Option<&'static [EntityType]> {
        Some(match key {
            "actor" => &[EntityType::Agent],
            "object" | "generated" | "target" | "referrer" => &[EntityType::Entity],
            "edApp" => &[EntityType::SoftwareApplication],
            "group" => &[EntityType::Organization],
            "membership" => &[EntityType::Membership],
            "session" => &[EntityType::Session],
            "federatedSession" => &[EntityType::LtiSession],
            _ => return None,
        })
    }

    /// A description of the value a property expects.
    pub fn expected(key: &str) -> Option<&'static str> {
        Some(match key {
            "@context" => Context::EXPECTED,
            "id" => "a urn:uuid IRI string",
            "type" => <EventType as Field>::EXPECTED,
            "profile" => <Profile as Field>::EXPECTED,
            "action" => <Action as Field>::EXPECTED,
            "eventTime" => <DateTime as Field>::EXPECTED,
            "extensions" => <Map<String, Value> as Field>::EXPECTED,
            k if Self::ref_types(k).is_some() => <EntityRef as Field>::EXPECTED,
            _ => return None,
        })
    }

    /// The entity references of the event, with their property names.
    pub fn refs(&self) -> [(&'static str, Option<&EntityRef>); 10] {
        [
            ("actor", self.actor.as_ref()),
            ("object", self.object.as_ref()),
            ("edApp", self.ed_app.as_ref()),
            ("generated", self.generated.as_ref()),
            ("target", self.target.as_ref()),
            ("referrer", self.referrer.as_ref()),
            ("group", self.group.as_ref()),
            ("membership", self.membership.as_ref()),
            ("session", self.session.as_ref()),
            ("federatedSession", self.federated_session.as_ref()),
        ]
    }
}
