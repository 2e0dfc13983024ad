//! Validation: required properties, value types, IRI and `urn:uuid` syntax, date-times,
//! vocabularies, contexts, the event-type rules and the 1.2 profile rules
//! ([`crate::rules`]). Every problem has a stable code ([`crate::codes`]) and a JSON-pointer
//! location; validation collects all of them.

use lti_core::id::{check_iri, is_urn_uuid};
use lti_core::location::push_pointer_token;
use lti_core::{Location, Problem, Report, Severity};
use serde_json::{Map, Value};

use crate::codes as c;
use crate::entity::{Entity, EntityRef};
use crate::envelope::{EndpointConfig, Envelope, Item, KeyStyle};
use crate::event::Event;
use crate::json::{Context, ContextItem, Prop, expand_iri, term_iri};
use crate::read::Document;
use crate::rules::{self, EventRule, type_allowed};
use crate::vocab::{
    self, Action, Availability, EntityType, EventType, Extension, IdentifierType, LtiMessageType,
    Metric, Profile, Role, Status, Version, context_version,
};

/// Options of [`validate_with`].
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(default)]
pub struct ValidateOptions {
    /// Validate as this version instead of the one the document's context names (used when the
    /// context is missing or unknown).
    pub version: Option<Version>,
    /// Turn every warning into an error.
    pub strict: bool,
}

impl ValidateOptions {
    /// The default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Turns every warning into an error.
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Validates as the given version whatever the context says.
    #[must_use]
    pub fn version(mut self, version: Option<Version>) -> Self {
        self.version = version;
        self
    }
}

/// Validates a document with the default options.
pub fn validate(doc: &Document) -> Report {
    validate_with(doc, &ValidateOptions::default())
}

/// Validates a document.
pub fn validate_with(doc: &Document, options: &ValidateOptions) -> Report {
    let mut v = Validator {
        report: Report::new(),
        path: String::new(),
        scope: Scope {
            version: options.version.unwrap_or(Version::V1p2),
            extensions: Vec::new(),
            foreign: false,
            context: None,
        },
        forced: options.version,
    };
    match doc {
        Document::Envelope(e) => v.envelope(e),
        Document::Event(e) => v.event(e, true),
        Document::Entity(e) => v.entity(e, true, None),
        Document::EndpointConfig(cfg) => v.config(cfg),
    }
    let mut report = v.report;
    if options.strict {
        report.escalate_warnings();
    }
    report
}

/// Validates one event as a top-level document.
pub fn validate_event(event: &Event) -> Report {
    let mut v = Validator::new();
    v.event(event, true);
    v.report
}

/// Validates one entity as a top-level describe.
pub fn validate_entity(entity: &Entity) -> Report {
    let mut v = Validator::new();
    v.entity(entity, true, None);
    v.report
}

#[derive(Clone)]
struct Scope<'a> {
    version: Version,
    extensions: Vec<Extension>,
    foreign: bool,
    context: Option<&'a Context>,
}

struct Validator<'a> {
    report: Report,
    path: String,
    scope: Scope<'a>,
    forced: Option<Version>,
}

/// A profile column to check: property, value, allowed types, problem code.
type ProfileCheck<'e> = (
    &'static str,
    Option<&'e EntityRef>,
    Option<&'static [EntityType]>,
    &'static str,
);

/// Which rule restricts an entity reference's type, for the problem code.
#[derive(Clone, Copy)]
struct Allowed {
    types: &'static [EntityType],
    code: &'static str,
}

const SPEC_EVENT: &str = "Caliper 1.2 §4 Event";
const SPEC_ENTITY: &str = "Caliper 1.2 §5 Entity";

impl<'a> Validator<'a> {
    fn new() -> Self {
        Self {
            report: Report::new(),
            path: String::new(),
            scope: Scope {
                version: Version::V1p2,
                extensions: Vec::new(),
                foreign: false,
                context: None,
            },
            forced: None,
        }
    }

    fn loc(&self) -> Location {
        Location::json_pointer(self.path.clone())
    }

    fn loc_at(&self, key: &str) -> Location {
        let mut p = self.path.clone();
        push_pointer_token(&mut p, key);
        Location::json_pointer(p)
    }

    fn push(
        &mut self,
        sev: Severity,
        code: &'static str,
        loc: Location,
        msg: String,
        spec: &'static str,
    ) {
        self.report
            .push(Problem::new(code, sev, msg).at(loc).spec(spec));
    }

    fn error_at(&mut self, key: &str, code: &'static str, msg: String, spec: &'static str) {
        let loc = self.loc_at(key);
        self.push(Severity::Error, code, loc, msg, spec);
    }

    fn warn_at(&mut self, key: &str, code: &'static str, msg: String, spec: &'static str) {
        let loc = self.loc_at(key);
        self.push(Severity::Warning, code, loc, msg, spec);
    }

    fn with<R>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.path.len();
        push_pointer_token(&mut self.path, key);
        let r = f(self);
        self.path.truncate(len);
        r
    }

    /// Runs `f` with the path extended by an array index.
    fn with_index<R>(&mut self, i: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        use std::fmt::Write as _;
        let len = self.path.len();
        let _ = write!(self.path, "/{i}");
        let r = f(self);
        self.path.truncate(len);
        r
    }

    // -----------------------------------------------------------------------------------------
    // Contexts.

    /// Checks a `@context` and enters its scope. Returns the previous scope to restore.
    fn enter_context(&mut self, ctx: Option<&'a Context>, top: bool) -> Scope<'a> {
        let saved = self.scope.clone();
        let Some(ctx) = ctx else {
            return saved;
        };
        let info = ctx.info();
        if !top {
            if self.scope.context == Some(ctx) {
                let loc = self.loc_at("@context");
                self.push(
                    Severity::Info,
                    c::CONTEXT_REDUNDANT,
                    loc,
                    "this nested @context repeats the context in force and SHOULD be left out"
                        .into(),
                    "Caliper 1.2 §5.2",
                );
            } else if let (Some(v), Some(_)) = (info.version, self.scope.context)
                && v != self.scope.version
            {
                self.warn_at(
                    "@context",
                    c::CONTEXT_VERSION_MISMATCH,
                    format!(
                        "nested context names Caliper {v} inside a Caliper {} document",
                        self.scope.version
                    ),
                    "Caliper 1.2 §5.2",
                );
            }
        }
        self.with("@context", |v| v.context_syntax(ctx));
        if let Some(ver) = info.version
            && self.forced.is_none()
        {
            self.scope.version = ver;
        }
        self.scope.extensions.extend(info.extensions);
        self.scope.foreign |= info.foreign;
        self.scope.context = Some(ctx);
        saved
    }

    fn context_syntax(&mut self, ctx: &Context) {
        const SPEC: &str = "Caliper 1.2 §5.2 JSON-LD context";
        match ctx {
            Context::Iri(s) => self.context_iri(s, None),
            Context::Inline(m) => self.inline_context(m),
            Context::List(items) => {
                let last_caliper = items.iter().rposition(
                    |i| matches!(i, ContextItem::Iri(s) if context_version(s).is_some()),
                );
                let any_caliper = last_caliper.is_some()
                    || items.iter().any(|i| {
                        matches!(i, ContextItem::Inline(_))
                            && Context::List(vec![i.clone()]).info().version.is_some()
                    });
                if !any_caliper {
                    let loc = self.loc();
                    self.push(
                        Severity::Error,
                        c::CONTEXT_UNKNOWN,
                        loc,
                        "the @context array names no Caliper context".into(),
                        SPEC,
                    );
                } else if let Some(i) = last_caliper
                    && i + 1 != items.len()
                {
                    let loc = self.loc();
                    self.push(
                        Severity::Error,
                        c::CONTEXT_NOT_LAST,
                        loc,
                        "in a @context array the Caliper context MUST come last".into(),
                        SPEC,
                    );
                }
                // Later contexts take precedence in JSON-LD: an inline context placed before
                // the Caliper context cannot redefine Caliper terms, one placed after it can.
                for (i, item) in items.iter().enumerate() {
                    let after_caliper = last_caliper.is_none_or(|l| i > l);
                    self.with(&i.to_string(), |v| match item {
                        ContextItem::Iri(s) => v.context_iri(s, Some(())),
                        ContextItem::Inline(m) if after_caliper => v.inline_context(m),
                        ContextItem::Inline(_) => {}
                    });
                }
            }
        }
    }

    fn context_iri(&mut self, s: &str, in_list: Option<()>) {
        match context_version(s) {
            Some((Version::V1p0, _)) => {
                let loc = self.loc();
                self.push(
                    Severity::Error,
                    c::VERSION_UNSUPPORTED,
                    loc,
                    "Caliper 1.0 documents are read but not validated".into(),
                    "Caliper 1.2 §5.2",
                );
            }
            Some(_) => {}
            None if in_list.is_some() => {
                if check_iri(s).is_err() {
                    let loc = self.loc();
                    self.push(
                        Severity::Error,
                        c::IRI_INVALID,
                        loc,
                        format!("{s:?} is not a context IRI"),
                        "Caliper 1.2 §5.2",
                    );
                }
            }
            None => {
                let loc = self.loc();
                self.push(
                    Severity::Error,
                    c::CONTEXT_UNKNOWN,
                    loc,
                    format!(
                        "{s:?} is not a Caliper context; a string @context MUST be {}",
                        vocab::CONTEXT_V1P2
                    ),
                    "Caliper 1.2 §5.2",
                );
            }
        }
    }

    fn inline_context(&mut self, m: &Map<String, Value>) {
        for (k, val) in m {
            if k.starts_with('@') || !is_caliper_term(k) {
                continue;
            }
            let Some(iri) = term_iri(val) else { continue };
            if iri.starts_with('@') {
                continue;
            }
            let full = expand_iri(iri, m);
            let caliper = full.starts_with("http://purl.imsglobal.org/caliper/")
                || full.starts_with("https://purl.imsglobal.org/caliper/");
            if !caliper {
                self.error_at(
                    k,
                    c::CONTEXT_REDEFINES_TERM,
                    format!("the inline context redefines the Caliper term {k:?} as {full:?}"),
                    "Caliper 1.2 §5.2",
                );
            }
        }
    }

    /// Checks the `@context` of a top-level object and reports it when missing. `value_type`
    /// marks id-less structured values (`SystemIdentifier`, selectors), which are not
    /// describes: for them a missing context is only a warning.
    fn top_context(
        &mut self,
        ctx: Option<&'a Context>,
        other: &Map<String, Value>,
        value_type: bool,
    ) -> Scope<'a> {
        if ctx.is_none() && !other.contains_key("@context") {
            let loc = self.loc();
            let (sev, msg) = if value_type {
                (
                    Severity::Warning,
                    "this structured value has no @context; sent on its own it SHOULD have one",
                )
            } else {
                (
                    Severity::Error,
                    "a top-level event or entity MUST have a @context",
                )
            };
            self.push(sev, c::CONTEXT_MISSING, loc, msg.into(), "Caliper 1.2 §5.2");
        }
        self.enter_context(ctx, true)
    }

    // -----------------------------------------------------------------------------------------
    // Envelope and configuration.

    fn envelope(&mut self, e: &'a Envelope) {
        const SPEC: &str = "Caliper 1.2 §6.2 Envelope";
        self.required(
            &[
                ("sensor", e.sensor.is_some()),
                ("sendTime", e.send_time.is_some()),
                ("dataVersion", e.data_version.is_some()),
                ("data", e.data.is_some()),
            ],
            &e.other,
            SPEC,
        );
        self.other_props(
            &e.other,
            |k| Envelope::PROPERTIES.contains(&k),
            |k| match k {
                "sensor" => Some("an IRI string"),
                "sendTime" => Some("a date-time string (YYYY-MM-DDTHH:MM:SS.sssZ)"),
                "dataVersion" => Some("a Caliper context IRI string"),
                "data" => Some("an array of events and entities"),
                _ => None,
            },
            SPEC,
        );
        if let Some(s) = &e.sensor
            && let Err(err) = check_iri(s)
        {
            self.error_at("sensor", c::IRI_INVALID, format!("sensor: {err}"), SPEC);
        }
        if let Some(t) = &e.send_time {
            self.datetime("sendTime", t);
        }
        let mut env_version = None;
        if let Some(dv) = &e.data_version {
            match context_version(dv) {
                Some((v, _)) => {
                    env_version = Some(v);
                    if self.forced.is_none() {
                        self.scope.version = v;
                    }
                    if v == Version::V1p0 {
                        self.error_at(
                            "dataVersion",
                            c::VERSION_UNSUPPORTED,
                            "Caliper 1.0 documents are read but not validated".into(),
                            SPEC,
                        );
                    }
                }
                None => self.error_at(
                    "dataVersion",
                    c::ENVELOPE_UNKNOWN_DATA_VERSION,
                    format!("{dv:?} is not a Caliper context IRI"),
                    SPEC,
                ),
            }
        }
        let Some(data) = &e.data else { return };
        if data.is_empty() {
            self.warn_at(
                "data",
                c::ENVELOPE_EMPTY,
                "the envelope carries no data".into(),
                SPEC,
            );
        }
        self.with("data", |v| {
            for (i, item) in data.iter().enumerate() {
                v.with_index(i, |v| {
                    let saved = v.scope.clone();
                    let item_version = match item {
                        Item::Event(ev) => ev.context.as_ref().and_then(|c| c.info().version),
                        Item::Entity(en) => {
                            en.base().context.as_ref().and_then(|c| c.info().version)
                        }
                        Item::Invalid(_) => None,
                    };
                    if let (Some(ev), Some(iv)) = (env_version, item_version)
                        && ev != iv
                    {
                        v.warn_at(
                            "@context",
                            c::CONTEXT_VERSION_MISMATCH,
                            format!("the item names Caliper {iv} but dataVersion is Caliper {ev}"),
                            SPEC,
                        );
                    }
                    match item {
                        Item::Event(ev) => v.event(ev, true),
                        Item::Entity(en) => v.entity(en, true, None),
                        Item::Invalid(val) => {
                            let loc = v.loc();
                            v.push(
                                Severity::Error,
                                c::ENVELOPE_ITEM_NOT_OBJECT,
                                loc,
                                format!(
                                    "a data item must be an event or entity object, not {}",
                                    kind_of(val)
                                ),
                                SPEC,
                            );
                        }
                    }
                    v.scope = saved;
                });
            }
        });
    }

    fn config(&mut self, cfg: &EndpointConfig) {
        const SPEC: &str = "Caliper 1.2 §7.3 Endpoint configuration";
        let versions_key = cfg.key(1);
        self.required(
            &[(versions_key, cfg.supported_versions.is_some())],
            &cfg.other,
            SPEC,
        );
        if cfg.key_style == KeyStyle::SnakeCase {
            let loc = self.loc();
            self.push(
                Severity::Warning,
                c::SPEC_SNAKE_CASE_CONFIG,
                loc,
                "snake_case configuration keys (as in the 1.2 fixture); the specification uses camelCase (caliperSupportedVersions)".into(),
                SPEC,
            );
        }
        let known = |k: &str| EndpointConfig::is_config_key(k);
        self.other_props(
            &cfg.other,
            known,
            |k| match k {
                "caliperMaximumPayloadSize" | "caliper_maximum_payload_size" => {
                    Some("a non-negative integer")
                }
                "caliperSupportedVersions" | "caliper_supported_versions" => {
                    Some("an array of strings")
                }
                _ => None,
            },
            SPEC,
        );
        if let Some(vs) = &cfg.supported_versions {
            for (i, s) in vs.iter().enumerate() {
                if context_version(s).is_none() {
                    let mut p = self.path.clone();
                    push_pointer_token(&mut p, versions_key);
                    push_pointer_token(&mut p, &i.to_string());
                    self.push(
                        Severity::Warning,
                        c::CONFIG_UNKNOWN_VERSION,
                        Location::json_pointer(p),
                        format!("{s:?} is not a known Caliper context IRI"),
                        SPEC,
                    );
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Shared property checks.

    /// Reports missing required properties (those not present typed and not kept raw).
    fn required(&mut self, props: &[(&str, bool)], other: &Map<String, Value>, spec: &'static str) {
        for (k, present) in props {
            if !present && !other.contains_key(*k) {
                let loc = self.loc();
                self.push(
                    Severity::Error,
                    c::PROPERTY_REQUIRED,
                    loc,
                    format!("the required property {k:?} is missing"),
                    spec,
                );
            }
        }
    }

    /// Reports the properties kept raw: `null`, wrong types, and unknown properties.
    fn other_props(
        &mut self,
        other: &Map<String, Value>,
        is_property: impl Fn(&str) -> bool,
        expected: impl Fn(&str) -> Option<&'static str>,
        spec: &'static str,
    ) {
        for (k, val) in other {
            if is_property(k) {
                if val.is_null() {
                    self.error_at(
                        k,
                        c::PROPERTY_NULL,
                        format!("{k:?} is null; leave the property out or give a value"),
                        spec,
                    );
                } else {
                    let exp = expected(k).unwrap_or("another type");
                    let code = wrong_type_code(k, val);
                    self.error_at(
                        k,
                        code,
                        format!("{k:?} must be {exp}, not {}", describe(val)),
                        spec,
                    );
                }
            } else {
                self.warn_at(
                    k,
                    c::PROPERTY_UNKNOWN,
                    format!("{k:?} is not a property of this type; custom attributes belong in \"extensions\""),
                    spec,
                );
            }
        }
    }

    fn datetime(&mut self, key: &str, d: &crate::json::DateTime) {
        if let Some(orig) = d.original() {
            self.warn_at(
                key,
                c::DATETIME_NOT_CALIPER_FORM,
                format!(
                    "{orig:?} was read leniently; Caliper date-times are YYYY-MM-DDTHH:MM:SS.sssZ in UTC (written as {d})"
                ),
                "Caliper 1.2 §B.3 DateTime",
            );
        }
    }

    fn check_iri_ref(&mut self, key: &str, iri: &str) {
        if let Err(e) = check_ref_iri(iri) {
            self.error_at(key, c::IRI_INVALID, format!("{key}: {e}"), SPEC_ENTITY);
        }
    }

    fn entity_ref(&mut self, key: &str, r: &'a EntityRef, allowed: Option<Allowed>) {
        match r {
            EntityRef::Iri(s) => self.check_iri_ref(key, s),
            EntityRef::Entity(e) => self.with(key, |v| v.entity(e, false, allowed)),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Events.

    fn event(&mut self, e: &'a Event, top: bool) {
        let saved = if top {
            self.top_context(e.context.as_ref(), &e.other, false)
        } else {
            self.enter_context(e.context.as_ref(), false)
        };
        self.required(
            &[
                ("id", e.id.is_some()),
                ("type", e.event_type.is_some()),
                ("actor", e.actor.is_some()),
                ("action", e.action.is_some()),
                ("object", e.object.is_some()),
                ("eventTime", e.event_time.is_some()),
            ],
            &e.other,
            SPEC_EVENT,
        );
        self.other_props(&e.other, Event::is_property, Event::expected, SPEC_EVENT);
        let v1p1 = self.scope.version == Version::V1p1;

        if let Some(id) = &e.id {
            if !is_urn_uuid(id) {
                self.error_at(
                    "id",
                    c::EVENT_ID_NOT_URN_UUID,
                    format!("an event id MUST be a urn:uuid: URN, not {id:?}"),
                    SPEC_EVENT,
                );
            } else if id.as_bytes().get(23) != Some(&b'4') {
                self.warn_at(
                    "id",
                    c::EVENT_ID_NOT_V4,
                    format!("an event id SHOULD be a version 4 UUID: {id:?}"),
                    SPEC_EVENT,
                );
            }
        }

        let mut rule: Option<&'static EventRule> = None;
        if let Some(t) = &e.event_type {
            match t {
                EventType::Other(term) => {
                    if self.scope.foreign {
                        self.warn_at(
                            "type",
                            c::TYPE_FOREIGN,
                            format!("{term:?} is not a Caliper event type; it may come from another context and is not checked"),
                            SPEC_EVENT,
                        );
                    } else {
                        self.error_at(
                            "type",
                            c::TYPE_UNKNOWN,
                            format!("{term:?} is not a Caliper event type"),
                            SPEC_EVENT,
                        );
                    }
                }
                EventType::OutcomeEvent | EventType::ReadingEvent => {
                    let sev = if v1p1 {
                        Severity::Warning
                    } else {
                        Severity::Error
                    };
                    let loc = self.loc_at("type");
                    self.push(
                        sev,
                        if v1p1 {
                            c::EVENT_DEPRECATED
                        } else {
                            c::TYPE_NOT_IN_VERSION
                        },
                        loc,
                        format!("{t} is deprecated in Caliper 1.1 and removed in 1.2"),
                        SPEC_EVENT,
                    );
                }
                known => {
                    rule = rules::event_rule(known);
                    if v1p1 && let Availability::Extension(ext) = known.availability() {
                        self.need_extension("type", known.as_str(), ext);
                    }
                }
            }
        }

        // Profile (1.2).
        if let Some(p) = &e.profile {
            if v1p1 {
                self.warn_at(
                    "profile",
                    c::EVENT_PROFILE_IN_V1P1,
                    "profile is a Caliper 1.2 property".into(),
                    SPEC_EVENT,
                );
            }
            match p {
                Profile::Other(term) => self.error_at(
                    "profile",
                    c::PROFILE_UNKNOWN,
                    format!("{term:?} is not a Caliper profile"),
                    "Caliper 1.2 §3 Profiles",
                ),
                Profile::SurveyProfile => self.warn_at(
                    "profile",
                    c::SPEC_SURVEY_PROFILE,
                    "SurveyProfile is defined by the Survey profile but missing from the v1p2 context".into(),
                    "Caliper 1.2 Survey Profile",
                ),
                _ => {}
            }
        } else if !v1p1 && !e.other.contains_key("profile") {
            self.warn_at(
                "profile",
                c::EVENT_PROFILE_MISSING,
                "a Caliper 1.2 event SHOULD name its profile (GeneralProfile for a generic event)"
                    .into(),
                "Caliper 1.2 §3 Profiles",
            );
        }

        // Action.
        let action = e.action.as_ref().and_then(|a| self.action(a));

        if let Some(t) = &e.event_time {
            self.datetime("eventTime", t);
        }

        // References, with the event-type restrictions.
        let er = rule;
        let restrict = |key: &str| -> Option<Allowed> {
            let r = er?;
            match key {
                "actor" => Some(Allowed {
                    types: r.actor,
                    code: c::EVENT_WRONG_ACTOR_TYPE,
                }),
                "object" => Some(Allowed {
                    types: r.object,
                    code: c::EVENT_WRONG_OBJECT_TYPE,
                }),
                "generated" => r.generated.map(|t| Allowed {
                    types: t,
                    code: c::EVENT_WRONG_GENERATED_TYPE,
                }),
                "target" => r.target.map(|t| Allowed {
                    types: t,
                    code: c::EVENT_WRONG_TARGET_TYPE,
                }),
                "referrer" => r.referrer.map(|t| Allowed {
                    types: t,
                    code: c::EVENT_WRONG_REFERRER_TYPE,
                }),
                _ => None,
            }
        };
        let mut ref_failed: Vec<&'static str> = Vec::new();
        for (key, r) in e.refs() {
            let Some(r) = r else { continue };
            let base = Event::ref_types(key).map(|t| Allowed {
                types: t,
                code: if key == "actor" {
                    c::EVENT_WRONG_ACTOR_TYPE
                } else {
                    c::PROPERTY_WRONG_ENTITY_TYPE
                },
            });
            let allowed = restrict(key).or(base);
            let before = self.report.len();
            self.entity_ref(key, r, allowed);
            if self
                .report
                .iter()
                .skip(before)
                .any(|p| p.severity == Severity::Error)
            {
                ref_failed.push(key);
            }
        }

        // Event-type rule: action.
        let mut action_failed = false;
        if let (Some(r), Some(a)) = (er, &action) {
            if !r.actions.is_empty() && !r.actions.contains(a) {
                action_failed = true;
                self.error_at(
                    "action",
                    c::EVENT_ACTION_NOT_ALLOWED,
                    format!(
                        "{} does not allow the action {a}; allowed: {}",
                        r.event,
                        join(r.actions.iter().map(Action::as_str))
                    ),
                    SPEC_EVENT,
                );
            }
            if r.event == EventType::ToolLaunchEvent
                && *a == Action::Launched
                && e.federated_session.is_none()
                && !e.other.contains_key("federatedSession")
            {
                self.error_at(
                    "federatedSession",
                    c::EVENT_FEDERATED_SESSION_REQUIRED,
                    "a ToolLaunchEvent with action Launched MUST give the federatedSession".into(),
                    "Caliper 1.2 ToolLaunchEvent",
                );
            }
        }

        // Profile rules (1.2).
        if !v1p1
            && let (Some(p), Some(t)) = (&e.profile, &e.event_type)
            && p.is_known()
            && *p != Profile::GeneralProfile
            && t.is_known()
        {
            self.profile(
                e,
                p,
                t,
                action.as_ref().filter(|_| !action_failed),
                &ref_failed,
            );
        }
        self.scope = saved;
    }

    /// Checks an action term; returns the action the rules should use.
    fn action(&mut self, a: &Action) -> Option<Action> {
        match a {
            Action::Other(term) => match a.canonical() {
                Some(canon) => {
                    self.warn_at(
                        "action",
                        c::SPEC_ACTION_SPELLING,
                        format!("{term:?} is a spelling found in the Caliper contexts or spec fragments; the specification and fixtures use {canon}"),
                        "Caliper 1.2 Appendix A",
                    );
                    Some(canon)
                }
                None => {
                    self.error_at(
                        "action",
                        c::ACTION_UNKNOWN,
                        format!("{term:?} is not a Caliper action"),
                        "Caliper 1.2 Appendix A",
                    );
                    None
                }
            },
            known => Some(known.clone()),
        }
    }

    fn need_extension(&mut self, key: &str, term: &str, ext: Extension) {
        if !self.scope.extensions.contains(&ext) {
            self.warn_at(
                key,
                c::CONTEXT_MISSING_EXTENSION,
                format!(
                    "{term} is a Caliper 1.1 {ext:?} profile extension term; name {} in the @context",
                    ext.context_iri()
                ),
                "Caliper 1.1 profile extensions",
            );
        }
    }

    fn profile(
        &mut self,
        e: &Event,
        p: &Profile,
        t: &EventType,
        action: Option<&Action>,
        ref_failed: &[&str],
    ) {
        const SPEC: &str = "Caliper 1.2 profiles";
        let rows: Vec<_> = rules::profile_rules(p, t).collect();
        if rows.is_empty() {
            self.error_at(
                "type",
                c::PROFILE_EVENT_NOT_ALLOWED,
                format!(
                    "{p} does not include {t}; it allows {}",
                    join(rules::profile_events(p).iter().map(EventType::as_str))
                ),
                SPEC,
            );
            return;
        }
        let Some(a) = action else { return };
        let Some(row) = rows.iter().find(|r| r.actions.contains(a)) else {
            if *p == Profile::AssessmentProfile
                && *t == EventType::AssessmentEvent
                && *a == Action::Reset
            {
                self.warn_at(
                    "action",
                    c::SPEC_RESET_NOT_IN_PROFILE,
                    "Reset is allowed by AssessmentEvent but missing from the Assessment profile table".into(),
                    SPEC,
                );
            } else {
                let allowed: Vec<&str> = rows
                    .iter()
                    .flat_map(|r| r.actions.iter().map(Action::as_str))
                    .collect();
                self.error_at(
                    "action",
                    c::PROFILE_ACTION_NOT_ALLOWED,
                    format!(
                        "{p} does not allow {t} with action {a}; allowed: {}",
                        allowed.join(", ")
                    ),
                    SPEC,
                );
            }
            return;
        };
        let checks: [ProfileCheck<'_>; 4] = [
            (
                "actor",
                e.actor.as_ref(),
                Some(row.actor),
                c::PROFILE_WRONG_ACTOR_TYPE,
            ),
            (
                "object",
                e.object.as_ref(),
                Some(row.object),
                c::PROFILE_WRONG_OBJECT_TYPE,
            ),
            (
                "generated",
                e.generated.as_ref(),
                row.generated,
                c::PROFILE_WRONG_GENERATED_TYPE,
            ),
            (
                "target",
                e.target.as_ref(),
                row.target,
                c::PROFILE_WRONG_TARGET_TYPE,
            ),
        ];
        for (key, r, allowed, code) in checks {
            let (Some(r), Some(allowed)) = (r, allowed) else {
                continue;
            };
            if ref_failed.contains(&key) {
                continue;
            }
            if let Some(ty) = r.entity_type()
                && ty.is_known()
                && !type_allowed(&ty, allowed)
            {
                self.error_at(
                    key,
                    code,
                    format!(
                        "{p} requires {key} to be {} for {t} {a}, not {ty}",
                        join(allowed.iter().map(EntityType::as_str))
                    ),
                    SPEC,
                );
            }
        }
        if *p == Profile::ResourceManagementProfile
            && *a == Action::Copied
            && e.generated.is_none()
            && !e.other.contains_key("generated")
        {
            self.error_at(
                "generated",
                c::PROFILE_GENERATED_REQUIRED,
                "the Resource Management profile requires generated (the copy) for Copied".into(),
                SPEC,
            );
        }
        if *a == Action::Started
            && matches!(
                p,
                Profile::AssessmentProfile | Profile::AssignableProfile | Profile::SurveyProfile
            )
            && let Some(Entity::Attempt(att)) = e.generated.as_ref().and_then(EntityRef::as_entity)
            && let Some(n) = att.count
            && n < 1
        {
            let mut loc = self.path.clone();
            push_pointer_token(&mut loc, "generated");
            push_pointer_token(&mut loc, "count");
            self.push(
                Severity::Error,
                c::PROFILE_ATTEMPT_COUNT,
                Location::json_pointer(loc),
                format!("the Attempt count starts at 1, not {n}"),
                SPEC,
            );
        }
    }

    // -----------------------------------------------------------------------------------------
    // Entities.

    fn entity(&mut self, e: &'a Entity, top: bool, allowed: Option<Allowed>) {
        let base = e.base();
        let value_type = matches!(
            e.entity_type(),
            Some(
                EntityType::SystemIdentifier
                    | EntityType::TextPositionSelector
                    | EntityType::Selector
            )
        );
        let saved = if top {
            self.top_context(base.context.as_ref(), &base.other, value_type)
        } else {
            self.enter_context(base.context.as_ref(), false)
        };
        let v1p1 = self.scope.version == Version::V1p1;
        let ty = e.entity_type();

        // type
        match &ty {
            None => {
                if !base.other.contains_key("type") {
                    let loc = self.loc();
                    self.push(
                        Severity::Error,
                        c::TYPE_MISSING,
                        loc,
                        "an entity object MUST have a type".into(),
                        SPEC_ENTITY,
                    );
                }
            }
            Some(EntityType::Other(term)) => {
                if self.scope.foreign {
                    self.push_info_at(
                        "type",
                        c::TYPE_FOREIGN,
                        format!("{term:?} is not a Caliper entity type; it comes from another context and is not checked"),
                    );
                } else if EventType::from_term(term).is_known() {
                    self.error_at(
                        "type",
                        c::TYPE_UNKNOWN,
                        format!("{term} is an event type; an entity is expected here"),
                        SPEC_ENTITY,
                    );
                } else {
                    self.error_at(
                        "type",
                        c::TYPE_UNKNOWN,
                        format!("{term:?} is not a Caliper entity type"),
                        SPEC_ENTITY,
                    );
                }
            }
            Some(t) => match t.availability() {
                Availability::Extension(ext) if v1p1 => {
                    self.need_extension("type", t.as_str(), ext)
                }
                Availability::V1p2Only if v1p1 => self.warn_at(
                    "type",
                    c::TYPE_NOT_IN_VERSION,
                    format!("{t} is a Caliper 1.2 type"),
                    SPEC_ENTITY,
                ),
                Availability::DeprecatedV1p1 => {
                    let sev = if v1p1 {
                        Severity::Warning
                    } else {
                        Severity::Error
                    };
                    let loc = self.loc_at("type");
                    self.push(
                        sev,
                        c::TYPE_NOT_IN_VERSION,
                        loc,
                        format!("{t} is deprecated in Caliper 1.1 and removed in 1.2"),
                        SPEC_ENTITY,
                    );
                }
                _ => {}
            },
        }

        // Allowed type for the property holding this entity.
        if let (Some(a), Some(t)) = (allowed, &ty)
            && t.is_known()
            && !type_allowed(t, a.types)
        {
            let loc = self.loc();
            self.push(
                Severity::Error,
                a.code,
                loc,
                format!(
                    "{t} is not allowed here; expected {}",
                    join(a.types.iter().map(EntityType::as_str))
                ),
                SPEC_ENTITY,
            );
        }

        // id
        let id_optional = matches!(
            ty,
            Some(
                EntityType::SystemIdentifier
                    | EntityType::TextPositionSelector
                    | EntityType::Selector
            )
        );
        match &base.id {
            Some(id) => {
                if let Err(err) = check_ref_iri(id) {
                    self.error_at(
                        "id",
                        c::ID_NOT_IRI,
                        format!("an entity id MUST be an IRI: {err}"),
                        SPEC_ENTITY,
                    );
                }
            }
            None if !id_optional && !base.other.contains_key("id") => {
                let loc = self.loc();
                self.push(
                    Severity::Error,
                    c::ID_MISSING,
                    loc,
                    "an entity object MUST have an id".into(),
                    SPEC_ENTITY,
                );
            }
            None => {}
        }
        if v1p1 && base.other_identifiers.is_some() {
            self.warn_at(
                "otherIdentifiers",
                c::TYPE_NOT_IN_VERSION,
                "otherIdentifiers is a Caliper 1.2 property".into(),
                SPEC_ENTITY,
            );
        }

        // Required properties per type.
        let required: &[&str] = match ty {
            Some(EntityType::AggregateMeasure) => &["metricValue", "metric"],
            Some(EntityType::SystemIdentifier) => &["identifier", "identifierType"],
            Some(EntityType::TextPositionSelector) => &["start", "end"],
            _ => &[],
        };
        if !required.is_empty() {
            let mut present: Vec<&str> = Vec::new();
            let _ = e.for_each_prop::<()>(&mut |k, _| {
                present.push(k);
                Ok(())
            });
            let flags: Vec<(&str, bool)> =
                required.iter().map(|k| (*k, present.contains(k))).collect();
            self.required(&flags, &Map::new(), SPEC_ENTITY);
        }

        // Raw properties (only for Caliper types: a foreign type's properties are its own).
        let foreign_type = matches!(&ty, Some(EntityType::Other(_))) && self.scope.foreign;
        if !foreign_type {
            self.other_props(
                &base.other,
                |k| e.is_property(k),
                |k| e.expected(k),
                SPEC_ENTITY,
            );
        }

        // Typed properties.
        let _ = e.for_each_prop::<()>(&mut |k, p| {
            self.entity_prop(e, k, p);
            Ok(())
        });
        self.scope = saved;
    }

    fn push_info_at(&mut self, key: &str, code: &'static str, msg: String) {
        let loc = self.loc_at(key);
        self.push(Severity::Info, code, loc, msg, SPEC_ENTITY);
    }

    fn entity_prop(&mut self, e: &'a Entity, k: &'a str, p: Prop<'a>) {
        let allowed = |k: &str| {
            e.ref_types(k).map(|t| Allowed {
                types: t,
                code: c::PROPERTY_WRONG_ENTITY_TYPE,
            })
        };
        match p {
            Prop::DateTime(d) => self.datetime(k, d),
            Prop::Duration(d) if !d.is_strict() => {
                self.warn_at(
                    k,
                    c::DURATION_LENIENT,
                    format!(
                        "{:?} was read leniently; use an xsd:duration such as PT1H30M",
                        d.as_str()
                    ),
                    SPEC_ENTITY,
                );
            }
            Prop::Number(n) if !n.is_f64() => {
                self.warn_at(
                        k,
                        c::NUMBER_INTEGER_FOR_DECIMAL,
                        format!("{k} is a decimal; {n} is written as an integer (the reference suite expects a decimal literal such as {n}.0)"),
                        SPEC_ENTITY,
                    );
            }
            Prop::Ref(r) => self.entity_ref(k, r, allowed(k)),
            Prop::Refs(rs) => {
                let a = allowed(k);
                self.with(k, |v| {
                    for (i, r) in rs.iter().enumerate() {
                        match r {
                            EntityRef::Iri(iri) => {
                                if let Err(e) = check_ref_iri(iri) {
                                    v.with_index(i, |v| {
                                        let loc = v.loc();
                                        v.push(
                                            Severity::Error,
                                            c::IRI_INVALID,
                                            loc,
                                            format!("{k}: {e}"),
                                            SPEC_ENTITY,
                                        );
                                    });
                                }
                            }
                            EntityRef::Entity(ent) => v.with_index(i, |v| v.entity(ent, false, a)),
                        }
                    }
                });
            }
            Prop::Objects(es) => {
                let a = allowed(k);
                self.with(k, |v| {
                    for (i, ent) in es.iter().enumerate() {
                        v.with_index(i, |v| v.entity(ent, false, a));
                    }
                });
            }
            Prop::Term(term) => self.term(k, term),
            Prop::Roles(roles) => {
                for (i, r) in roles.iter().enumerate() {
                    if let Role::Other(term) = r {
                        let mut loc = self.path.clone();
                        push_pointer_token(&mut loc, k);
                        push_pointer_token(&mut loc, &i.to_string());
                        if vocab::UNDEFINED_FIXTURE_ROLES.contains(&term.as_str()) {
                            self.push(
                                Severity::Warning,
                                c::SPEC_UNDEFINED_ROLE,
                                Location::json_pointer(loc),
                                format!("{term:?} is used by the 1.2 fixtures but not defined by the v1p2 context"),
                                "Caliper 1.2 Appendix (LIS roles)",
                            );
                        } else {
                            self.push(
                                Severity::Error,
                                c::ROLE_UNKNOWN,
                                Location::json_pointer(loc),
                                format!("{term:?} is not a LIS membership role"),
                                "Caliper 1.2 Appendix (LIS roles)",
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn term(&mut self, k: &str, term: &str) {
        let (known, code) = match k {
            "type" => return,
            "status" => (Status::from_term(term).is_known(), c::STATUS_UNKNOWN),
            "metric" => (Metric::from_term(term).is_known(), c::METRIC_UNKNOWN),
            "identifierType" => (
                IdentifierType::from_term(term).is_known(),
                c::IDENTIFIER_TYPE_UNKNOWN,
            ),
            "messageType" => (
                LtiMessageType::from_term(term).is_known(),
                c::MESSAGE_TYPE_UNKNOWN,
            ),
            _ => return,
        };
        if !known {
            self.error_at(
                k,
                code,
                format!("{term:?} is not a valid {k} term"),
                "Caliper 1.2 Appendix",
            );
        }
    }
}

/// Checks an entity id or reference: an absolute IRI, or a blank node identifier (`_:b0`).
fn check_ref_iri(s: &str) -> Result<(), lti_core::id::IdError> {
    if let Some(rest) = s.strip_prefix("_:")
        && !rest.is_empty()
        && !rest.chars().any(char::is_whitespace)
    {
        return Ok(());
    }
    if iri_ok(s) {
        return Ok(());
    }
    check_iri(s)
}

/// The rules of [`check_iri`], without allocating: a scheme (`ALPHA *( ALPHA / DIGIT / "+" /
/// "-" / "." )`), a colon, then no whitespace, control characters or `<>"{}|\^` and backtick,
/// and `%` only before two hexadecimal digits. `false` sends the caller to [`check_iri`] for the
/// error.
fn iri_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(colon) = b.iter().position(|&c| c == b':') else {
        return false;
    };
    let scheme = &b[..colon];
    let scheme_ok = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return false;
    }
    // One branch-free pass collects the classes of all bytes; only IRIs with a `%` or
    // non-ASCII characters need a second look.
    let classes = b.iter().fold(0u8, |acc, &c| acc | IRI_BYTE[usize::from(c)]);
    if classes & BAD != 0 {
        return false;
    }
    if classes & PERCENT != 0 {
        let hex = |i: usize| b.get(i).is_some_and(u8::is_ascii_hexdigit);
        let escapes_ok = b
            .iter()
            .enumerate()
            .all(|(i, &c)| c != b'%' || (hex(i + 1) && hex(i + 2)));
        if !escapes_ok {
            return false;
        }
    }
    classes & NON_ASCII == 0
        || s.chars()
            .all(|ch| ch.is_ascii() || (!ch.is_whitespace() && !ch.is_control()))
}

const BAD: u8 = 1;
const PERCENT: u8 = 2;
const NON_ASCII: u8 = 4;

/// Per byte: 0 allowed, [`BAD`], [`PERCENT`] or [`NON_ASCII`].
static IRI_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c >= 0x80 {
            NON_ASCII
        } else if c <= 0x20
            || c == 0x7f
            || matches!(
                c,
                b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'`'
            )
        {
            BAD
        } else if c == b'%' {
            PERCENT
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Whether `k` is a term of the Caliper vocabulary (a type, property or action).
fn is_caliper_term(k: &str) -> bool {
    EntityType::from_term(k).is_known()
        || EventType::from_term(k).is_known()
        || Action::from_term(k).is_known()
        || Profile::from_term(k).is_known()
        || Event::is_property(k)
        || crate::entity::all_properties().contains(&k)
}

fn wrong_type_code(k: &str, v: &Value) -> &'static str {
    match (k, v) {
        (
            "dateCreated" | "dateModified" | "datePublished" | "dateToActivate" | "dateToShow"
            | "dateToStartOn" | "dateToSubmit" | "startedAtTime" | "endedAtTime" | "eventTime"
            | "sendTime" | "dateSent" | "dateTimeSelected" | "minDateTime" | "maxDateTime",
            Value::String(_),
        ) => c::DATETIME_INVALID,
        ("duration" | "currentTime", Value::String(_)) => c::DURATION_INVALID,
        _ => c::PROPERTY_WRONG_TYPE,
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) if s.chars().count() <= 60 => format!("the string {s:?}"),
        Value::Number(n) => format!("the number {n}"),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Array(items) => match items.iter().find(|i| !i.is_string()) {
            Some(bad) => format!("an array containing {}", kind_of(bad)),
            None => "an array".to_owned(),
        },
        other => kind_of(other).to_owned(),
    }
}

fn join<'s>(items: impl Iterator<Item = &'s str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn fast_iri_check_agrees_with_the_core_check(s in "\\PC{0,16}|[a-z][a-z0-9+.-]{0,4}:[ -~é%\\u{2028}\\u{a0}]{0,12}") {
            prop_assert_eq!(iri_ok(&s), check_iri(&s).is_ok(), "{:?}", s);
        }
    }

    #[test]
    fn iri_edge_cases() {
        for ok in [
            "https://e/x",
            "urn:uuid:1",
            "mailto:a@b",
            "https://e/%41",
            "https://e/é",
        ] {
            assert!(iri_ok(ok) && check_ref_iri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "x",
            ":x",
            "1a:b",
            "https://e/ x",
            "https://e/%4",
            "https://e/<",
            "https://e/\u{a0}",
        ] {
            assert!(!iri_ok(bad), "{bad}");
            assert!(check_ref_iri(bad).is_err(), "{bad}");
        }
        assert!(check_ref_iri("_:b0").is_ok());
        assert!(check_ref_iri("_:").is_err());
    }
}
