//! Reading, writing and validating specific documents: detection, lossless round trips,
//! errors and limits, the thin writer, and one test per validation rule outside the profile
//! tables.

use caliper::{
    Document, DocumentKind, Entity, EntityRef, EntityType, Limits, ReadError, Version, codes,
};
use serde_json::{Value, json};

fn read(v: &Value) -> Document {
    caliper::read(v.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e:?} {v}"))
}

fn report(v: &Value) -> lti_core::Report {
    caliper::validate(&read(v))
}

fn round_trip(v: &Value) {
    let doc = read(v);
    let out: Value = serde_json::from_str(&caliper::to_string(&doc)).expect("json");
    assert_eq!(&out, v);
    let pretty: Value = serde_json::from_str(&caliper::to_string_pretty(&doc)).expect("json");
    assert_eq!(&pretty, v);
    assert_eq!(&caliper::to_value(&doc), v);
}

const CTX: &str = "http://purl.imsglobal.org/ctx/caliper/v1p2";
const CTX11: &str = "http://purl.imsglobal.org/ctx/caliper/v1p1";

fn view_event() -> Value {
    json!({
        "@context": CTX,
        "id": "urn:uuid:3a648e68-f00d-4c08-aa59-8738e1884f2c",
        "type": "ViewEvent",
        "profile": "ReadingProfile",
        "actor": {"id": "https://example.edu/users/1", "type": "Person"},
        "action": "Viewed",
        "object": {"id": "https://example.edu/docs/1", "type": "Document"},
        "eventTime": "2018-11-15T10:15:00.000Z"
    })
}

fn has(r: &lti_core::Report, code: &str, pointer: &str) -> bool {
    r.iter()
        .any(|p| p.code == code && p.location.as_json_pointer() == Some(pointer))
}

#[test]
fn detects_every_kind_and_version() {
    let env = json!({"sensor": "https://s", "sendTime": "2018-11-15T10:15:00.000Z", "dataVersion": CTX11, "data": []});
    let d = read(&env);
    assert_eq!(
        (d.kind(), d.version()),
        (DocumentKind::Envelope, Some(Version::V1p1))
    );
    let d = read(&view_event());
    assert_eq!(
        (d.kind(), d.version()),
        (DocumentKind::Event, Some(Version::V1p2))
    );
    let d = read(&json!({"@context": CTX11, "id": "https://e/1", "type": "Person"}));
    assert_eq!(
        (d.kind(), d.version()),
        (DocumentKind::Entity, Some(Version::V1p1))
    );
    let d = read(&json!({"caliperSupportedVersions": [CTX]}));
    assert_eq!(
        (d.kind(), d.version()),
        (DocumentKind::EndpointConfig, None)
    );
    // An envelope without dataVersion takes the version of its items.
    let d = read(
        &json!({"sensor": "https://s", "data": [{"@context": CTX11, "id": "https://e/1", "type": "Person"}]}),
    );
    assert_eq!(d.version(), Some(Version::V1p1));
    // Properties before `type`, and an unknown type with event properties: still an event.
    let d = read(&json!({"action": "Viewed", "@context": CTX, "type": "NotAnEvent"}));
    assert_eq!(d.kind(), DocumentKind::Event);
    let d = read(&json!({"name": "x", "id": "https://e/1", "type": "Person"}));
    match d {
        Document::Entity(Entity::Person(p)) => assert_eq!(p.base.name.as_deref(), Some("x")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn round_trips_keep_everything() {
    round_trip(&view_event());
    // Unknown properties, extensions, mistyped and null values, nested contexts, IRIs,
    // numbers of every shape and lenient durations are all kept.
    round_trip(&json!({
        "@context": [{"ex": "https://example.com/ns#"}, CTX],
        "id": "https://example.edu/a/1",
        "type": "Assessment",
        "name": null,
        "maxScore": 15,
        "maxAttempts": "two",
        "items": ["https://example.edu/a/1/i/1", {"id": "https://example.edu/a/1/i/2", "type": "AssessmentItem", "isTimeDependent": true, "maxScore": 2.5}],
        "keywords": ["a", 1],
        "extensions": {"ex:flag": [true, {"deep": null}]},
        "custom": {"kept": 1e3},
        "dateCreated": "2018-11-15T10:15:00.123Z",
        "datePublished": "not a date"
    }));
    round_trip(&json!({
        "@context": CTX,
        "id": "https://example.edu/v/1",
        "type": "VideoObject",
        "duration": "PT05M",
        "otherIdentifiers": [{"type": "SystemIdentifier", "identifier": "x", "identifierType": "SystemId", "source": "https://example.edu"}]
    }));
    round_trip(
        &json!({"caliper_maximum_payload_size": 512, "caliper_supported_versions": [CTX], "caliper_supported_extensions": {"a": 1}, "x": 2}),
    );
    round_trip(&json!({"caliperSupportedVersions": [CTX]}));
    round_trip(
        &json!({"sensor": "https://s", "sendTime": "2018-11-15T10:15:00.000Z", "dataVersion": CTX, "data": [view_event(), 3, [1]], "extra": true}),
    );
    // The generic Entity type and foreign types keep their term.
    round_trip(&json!({"@context": CTX, "id": "https://e/1", "type": "Entity", "name": "n"}));
    round_trip(
        &json!({"@context": ["https://schema.org/", CTX], "id": "https://e/1", "type": "Thesis", "author": "x"}),
    );
}

#[test]
fn lenient_date_times_are_written_in_caliper_form_and_reported() {
    let mut v = view_event();
    v["eventTime"] = json!("2018-11-15T12:15:00+02:00");
    let doc = read(&v);
    let r = caliper::validate(&doc);
    assert!(
        has(&r, codes::DATETIME_NOT_CALIPER_FORM, "/eventTime"),
        "{r:?}"
    );
    assert!(!r.has_errors());
    let out: Value = serde_json::from_str(&caliper::to_string(&doc)).expect("json");
    assert_eq!(out["eventTime"], "2018-11-15T10:15:00.000Z");
    v["eventTime"] = json!("2018-11-15");
    assert!(has(&report(&v), codes::DATETIME_INVALID, "/eventTime"));
}

#[test]
fn read_errors_say_what_and_where() {
    match caliper::read(b"{\n  \"a\": [1,\n}") {
        Err(ReadError::Syntax { line, column, .. }) => assert_eq!((line, column), (3, 1)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        caliper::read(b"[1]").map(|_| ()),
        Err(ReadError::NotAnObject { found: "an array" })
    );
    assert_eq!(
        caliper::read(b"null").map(|_| ()),
        Err(ReadError::NotAnObject { found: "null" })
    );
    assert_eq!(
        caliper::read(b"\"x\"").map(|_| ()),
        Err(ReadError::NotAnObject { found: "a string" })
    );
    assert_eq!(
        caliper::read(b"1").map(|_| ()),
        Err(ReadError::NotAnObject { found: "a number" })
    );
    assert_eq!(
        caliper::read(b"true").map(|_| ()),
        Err(ReadError::NotAnObject { found: "a boolean" })
    );
    assert_eq!(
        caliper::read(b"\xEF\xBB\xBF{}").map(|_| ()),
        Err(ReadError::ByteOrderMark)
    );
    let e = caliper::read(b"{} x").expect_err("trailing characters");
    assert_eq!(e.code(), codes::JSON_SYNTAX);
    let p = e.to_problem();
    assert_eq!(p.code, codes::JSON_SYNTAX);
    assert!(p.message.contains("line 1"), "{}", p.message);
}

#[test]
fn limits_are_enforced() {
    let big = view_event().to_string();
    let limits = Limits::default().with_max_bytes(10);
    assert_eq!(
        caliper::read_with(big.as_bytes(), &limits).map(|_| ()),
        Err(ReadError::TooLarge {
            size: big.len(),
            max: 10
        })
    );
    let deep = format!("{{\"a\":{}1{}}}", "[".repeat(20), "]".repeat(20));
    assert_eq!(
        caliper::read_with(deep.as_bytes(), &Limits::default().with_max_depth(10)).map(|_| ()),
        Err(ReadError::TooDeep { max: 10 })
    );
    assert!(caliper::read_with(deep.as_bytes(), &Limits::default().with_max_depth(30)).is_ok());
    // Brackets inside strings do not count.
    let quoted = format!("{{\"a\":\"{}\"}}", "[".repeat(50));
    assert!(caliper::read_with(quoted.as_bytes(), &Limits::default().with_max_depth(5)).is_ok());
    let very_deep = format!("{{\"a\":{}1{}}}", "[".repeat(500), "]".repeat(500));
    assert_eq!(
        caliper::read(very_deep.as_bytes()).map(|_| ()),
        Err(ReadError::TooDeep { max: 128 })
    );
    let env = json!({"sensor": "https://s", "sendTime": "2018-11-15T10:15:00.000Z", "dataVersion": CTX, "data": [view_event(), view_event(), view_event()]}).to_string();
    assert_eq!(
        caliper::read_with(env.as_bytes(), &Limits::default().with_max_items(2)).map(|_| ()),
        Err(ReadError::TooManyItems { max: 2 })
    );
    assert!(caliper::read_with(env.as_bytes(), &Limits::default().with_max_items(3)).is_ok());
    assert_eq!(
        ReadError::TooManyItems { max: 2 }.code(),
        codes::LIMIT_ITEMS
    );
}

#[test]
fn thin_writer_uses_iris_for_described_entities_and_drops_repeated_contexts() {
    let person = json!({"id": "https://example.edu/users/1", "type": "Person", "name": "Jane"});
    let env = json!({
        "sensor": "https://s", "sendTime": "2018-11-15T10:15:00.000Z", "dataVersion": CTX,
        "data": [
            {"@context": CTX, "id": "https://example.edu/users/1", "type": "Person", "name": "Jane"},
            {
                "@context": CTX,
                "id": "urn:uuid:3a648e68-f00d-4c08-aa59-8738e1884f2c",
                "type": "ViewEvent", "profile": "ReadingProfile",
                "actor": person,
                "action": "Viewed",
                "object": {"@context": CTX, "id": "https://example.edu/docs/1", "type": "Document", "name": "D",
                           "creators": [{"id": "https://example.edu/users/1", "type": "Person"}]},
                "referrer": {"id": "https://example.edu/docs/1", "type": "Document"},
                "membership": {"id": "http://purl.imsglobal.org/caliper/Membership", "type": "Membership"},
                "eventTime": "2018-11-15T10:15:00.000Z"
            }
        ]
    });
    let doc = read(&env);
    let thin: Value = serde_json::from_str(&caliper::to_string_thin(&doc, false)).expect("json");
    let ev = &thin["data"][1];
    assert_eq!(ev["@context"], CTX, "top-level contexts stay");
    assert_eq!(ev["actor"], "https://example.edu/users/1");
    assert!(
        ev["object"].get("@context").is_none(),
        "repeated nested context dropped"
    );
    assert_eq!(ev["object"]["creators"][0], "https://example.edu/users/1");
    assert_eq!(ev["referrer"], "https://example.edu/docs/1");
    assert!(
        ev["membership"].is_object(),
        "anonymous entities stay objects"
    );
    // The thin document is still valid and keeps the same data for a JSON-LD reader.
    let r = caliper::validate(&caliper::read(thin.to_string().as_bytes()).expect("reads"));
    assert!(!r.has_errors(), "{r:?}");
    // Without earlier descriptions nothing is thinned.
    let single = read(&view_event());
    let out: Value = serde_json::from_str(&caliper::to_string_thin(&single, true)).expect("json");
    assert_eq!(out, view_event());
}

#[test]
fn contexts_are_checked() {
    let mut v = view_event();
    v["@context"] = json!("http://example.com/not-caliper");
    assert!(has(&report(&v), codes::CONTEXT_UNKNOWN, "/@context"));
    v["@context"] = json!([CTX, {"x": "https://example.com/x"}]);
    assert!(has(&report(&v), codes::CONTEXT_NOT_LAST, "/@context"));
    v["@context"] = json!(["https://example.com/ctx"]);
    assert!(has(&report(&v), codes::CONTEXT_UNKNOWN, "/@context"));
    v["@context"] = json!({"caliper": "http://purl.imsglobal.org/caliper/", "ViewEvent": "caliper:ViewEvent", "actor": "https://example.com/not-actor"});
    assert!(has(
        &report(&v),
        codes::CONTEXT_REDEFINES_TERM,
        "/@context/actor"
    ));
    v["@context"] = json!({"id": "@id", "type": "@type", "caliper": "http://purl.imsglobal.org/caliper/", "ViewEvent": "caliper:ViewEvent", "Person": "caliper:Person", "Document": "caliper:Document"});
    assert!(!report(&v).has_errors(), "{:?}", report(&v));
    v["@context"] = json!("http://purl.imsglobal.org/ctx/caliper/v1p0");
    assert!(has(&report(&v), codes::VERSION_UNSUPPORTED, "/@context"));
    v["@context"] = json!(7);
    assert!(has(&report(&v), codes::PROPERTY_WRONG_TYPE, "/@context"));
    let mut v = view_event();
    v.as_object_mut().map(|m| m.remove("@context"));
    assert!(has(&report(&v), codes::CONTEXT_MISSING, ""));
    // Nested contexts: the same one is redundant (info), another version a warning.
    let mut v = view_event();
    v["object"]["@context"] = json!(CTX);
    let r = report(&v);
    assert!(has(&r, codes::CONTEXT_REDUNDANT, "/object/@context"));
    assert!(r.is_valid(true), "info does not invalidate");
    v["object"]["@context"] = json!(CTX11);
    assert!(has(
        &report(&v),
        codes::CONTEXT_VERSION_MISMATCH,
        "/object/@context"
    ));
    // Envelope items that name another version than dataVersion.
    let env = json!({"sensor": "https://s", "sendTime": "2018-11-15T10:15:00.000Z", "dataVersion": CTX11, "data": [view_event()]});
    assert!(has(
        &report(&env),
        codes::CONTEXT_VERSION_MISMATCH,
        "/data/0/@context"
    ));
}

#[test]
fn ids_and_iris_are_checked() {
    let mut v = view_event();
    v["id"] = json!("urn:uuid:3a648e68-f00d-1c08-aa59-8738e1884f2c");
    assert!(has(&report(&v), codes::EVENT_ID_NOT_V4, "/id"));
    v["id"] = json!("https://example.edu/events/1");
    assert!(has(&report(&v), codes::EVENT_ID_NOT_URN_UUID, "/id"));
    v["id"] = json!(null);
    assert!(has(&report(&v), codes::PROPERTY_NULL, "/id"));
    let mut v = view_event();
    v["object"]["id"] = json!("has space");
    assert!(has(&report(&v), codes::ID_NOT_IRI, "/object/id"));
    v["object"]["id"] = json!("_:b0");
    assert!(!report(&v).has_errors(), "blank nodes are ids");
    v["object"]["id"] = json!("https://example.edu/caf%C3%A9/é");
    assert!(!report(&v).has_errors(), "IRIs may be non-ASCII");
    v["object"]["id"] = json!("https://example.edu/%zz");
    assert!(has(&report(&v), codes::ID_NOT_IRI, "/object/id"));
    v["object"] = json!("not an iri");
    assert!(has(&report(&v), codes::IRI_INVALID, "/object"));
    v["object"] = json!({"type": "Document"});
    assert!(has(&report(&v), codes::ID_MISSING, "/object"));
    v["object"] = json!({"id": "https://e/1"});
    assert!(has(&report(&v), codes::TYPE_MISSING, "/object"));
    v["object"] = json!({"id": "https://e/1", "type": "Gizmo"});
    assert!(has(&report(&v), codes::TYPE_UNKNOWN, "/object/type"));
    v["object"] = json!({"id": "https://e/1", "type": "ViewEvent"});
    assert!(has(&report(&v), codes::TYPE_UNKNOWN, "/object/type"));
    // Anonymous entities (1.2): the id is the type IRI.
    v["object"] = json!({"id": "http://purl.imsglobal.org/caliper/Document", "type": "Document"});
    assert!(!report(&v).has_errors());
    let doc = read(&v);
    if let Document::Event(e) = &doc {
        assert!(
            e.object
                .as_ref()
                .and_then(EntityRef::as_entity)
                .is_some_and(Entity::is_anonymous)
        );
    }
}

#[test]
fn property_values_are_checked() {
    let p = |extra: Value| {
        let mut v = json!({"@context": CTX, "id": "https://example.edu/x", "type": "AudioObject"});
        for (k, val) in extra.as_object().expect("object") {
            v[k] = val.clone();
        }
        report(&v)
    };
    assert!(has(
        &p(json!({"muted": "yes"})),
        codes::PROPERTY_WRONG_TYPE,
        "/muted"
    ));
    assert!(has(
        &p(json!({"volumeLevel": 3})),
        codes::PROPERTY_WRONG_TYPE,
        "/volumeLevel"
    ));
    assert!(has(
        &p(json!({"duration": "three minutes"})),
        codes::DURATION_INVALID,
        "/duration"
    ));
    assert!(has(
        &p(json!({"duration": "pt3m"})),
        codes::DURATION_LENIENT,
        "/duration"
    ));
    assert!(has(
        &p(json!({"name": null})),
        codes::PROPERTY_NULL,
        "/name"
    ));
    assert!(has(
        &p(json!({"color": "red"})),
        codes::PROPERTY_UNKNOWN,
        "/color"
    ));
    assert!(has(
        &p(json!({"creators": [{"id": "https://e/d", "type": "Document"}]})),
        codes::PROPERTY_WRONG_ENTITY_TYPE,
        "/creators/0"
    ));
    assert!(has(
        &p(json!({"creators": ["not an iri"]})),
        codes::IRI_INVALID,
        "/creators/0"
    ));
    assert!(has(
        &p(json!({"extensions": "https://x"})),
        codes::PROPERTY_WRONG_TYPE,
        "/extensions"
    ));
    let s = |extra: Value, ty: &str| {
        let mut v = json!({"@context": CTX, "id": "https://example.edu/x", "type": ty});
        for (k, val) in extra.as_object().expect("object") {
            v[k] = val.clone();
        }
        report(&v)
    };
    assert!(has(
        &s(json!({"maxScore": 10}), "Score"),
        codes::NUMBER_INTEGER_FOR_DECIMAL,
        "/maxScore"
    ));
    assert!(!s(json!({"maxScore": 10}), "Score").has_errors());
    assert!(has(
        &s(json!({"count": 1.5}), "Attempt"),
        codes::PROPERTY_WRONG_TYPE,
        "/count"
    ));
    assert!(has(
        &s(json!({"maxAttempts": -1}), "Assessment"),
        codes::PROPERTY_WRONG_TYPE,
        "/maxAttempts"
    ));
    assert!(has(
        &s(json!({"metricValue": 1.0}), "AggregateMeasure"),
        codes::PROPERTY_REQUIRED,
        ""
    ));
    assert!(has(
        &s(
            json!({"metric": "Jumps", "metricValue": 1.0}),
            "AggregateMeasure"
        ),
        codes::METRIC_UNKNOWN,
        "/metric"
    ));
    assert!(has(
        &s(json!({"messageType": "LtiPing"}), "LtiLink"),
        codes::MESSAGE_TYPE_UNKNOWN,
        "/messageType"
    ));
    assert!(has(
        &s(json!({"status": "Gone"}), "Membership"),
        codes::STATUS_UNKNOWN,
        "/status"
    ));
    assert!(has(
        &s(json!({"roles": ["Learner", "Wizard"]}), "Membership"),
        codes::ROLE_UNKNOWN,
        "/roles/1"
    ));
    let r = s(json!({"roles": ["Manager#Manager"]}), "Membership");
    assert!(has(&r, codes::SPEC_UNDEFINED_ROLE, "/roles/0") && !r.has_errors());
    let r = s(json!({"start": 1}), "TextPositionSelector");
    assert!(has(&r, codes::PROPERTY_REQUIRED, ""), "{r:?}");
    assert!(!r.has_code(codes::ID_MISSING), "selectors need no id");
    assert!(has(
        &s(
            json!({"identifier": "x", "identifierType": "Shoe"}),
            "SystemIdentifier"
        ),
        codes::IDENTIFIER_TYPE_UNKNOWN,
        "/identifierType"
    ));
    let r = s(
        json!({"otherIdentifiers": [{"type": "SystemIdentifier", "identifier": "x", "identifierType": "SystemId"}]}),
        "Person",
    );
    assert!(
        r.is_valid(true),
        "otherIdentifiers is a 1.2 property: {r:?}"
    );
    // Deprecated 1.1 types.
    assert!(has(
        &s(json!({}), "EpubChapter"),
        codes::TYPE_NOT_IN_VERSION,
        "/type"
    ));
    let mut v = json!({"@context": CTX11, "id": "https://example.edu/x", "type": "Reading"});
    assert!(report(&v).is_valid(false));
    v["otherIdentifiers"] = json!([]);
    assert!(has(
        &report(&v),
        codes::TYPE_NOT_IN_VERSION,
        "/otherIdentifiers"
    ));
    // 1.1 extension types need their context.
    let v = json!({"@context": CTX11, "id": "https://example.edu/x", "type": "Rating"});
    assert!(has(&report(&v), codes::CONTEXT_MISSING_EXTENSION, "/type"));
    // A foreign type in a document with a foreign context is not checked.
    let v = json!({"@context": ["https://schema.org/", CTX], "id": "https://example.edu/x", "type": "Thesis", "author": 1});
    let r = report(&v);
    assert!(r.has_code(codes::TYPE_FOREIGN) && r.is_valid(true), "{r:?}");
}

#[test]
fn envelopes_and_configs_are_checked() {
    let env =
        json!({"sendTime": "x", "dataVersion": "https://example.com/v9", "data": [], "note": 1});
    let r = report(&env);
    assert!(
        r.iter()
            .any(|p| p.code == codes::PROPERTY_REQUIRED && p.message.contains("sensor"))
    );
    assert!(has(&r, codes::DATETIME_INVALID, "/sendTime"));
    assert!(has(
        &r,
        codes::ENVELOPE_UNKNOWN_DATA_VERSION,
        "/dataVersion"
    ));
    assert!(has(&r, codes::ENVELOPE_EMPTY, "/data"));
    assert!(has(&r, codes::PROPERTY_UNKNOWN, "/note"));
    let env = json!({"sensor": "not an iri", "sendTime": "2018-11-15T10:15:00.000Z", "dataVersion": CTX, "data": {"a": 1}});
    let r = report(&env);
    assert!(has(&r, codes::IRI_INVALID, "/sensor"));
    assert!(has(&r, codes::PROPERTY_WRONG_TYPE, "/data"));
    let env = json!({"sensor": "https://s", "sendTime": "2018-11-15T10:15:00.000Z", "dataVersion": CTX, "data": ["x"]});
    assert!(has(
        &report(&env),
        codes::ENVELOPE_ITEM_NOT_OBJECT,
        "/data/0"
    ));
    let r = report(&json!({"caliper_supported_versions": ["https://example.com/v9"]}));
    assert!(has(&r, codes::SPEC_SNAKE_CASE_CONFIG, ""));
    assert!(has(
        &r,
        codes::CONFIG_UNKNOWN_VERSION,
        "/caliper_supported_versions/0"
    ));
    let r = report(&json!({"caliperMaximumPayloadSize": -3}));
    assert!(has(
        &r,
        codes::PROPERTY_WRONG_TYPE,
        "/caliperMaximumPayloadSize"
    ));
    assert!(r.iter().any(|p| p.code == codes::PROPERTY_REQUIRED));
}

#[test]
fn strict_and_forced_version_options() {
    let mut v = view_event();
    v["eventTime"] = json!("2018-11-15T10:15:00Z");
    let doc = read(&v);
    let r = caliper::validate_with(&doc, &caliper::ValidateOptions::new().strict(true));
    assert!(r.has_errors());
    v.as_object_mut().map(|m| m.remove("@context"));
    let doc = read(&v);
    let r = caliper::validate_with(
        &doc,
        &caliper::ValidateOptions::new().version(Some(Version::V1p1)),
    );
    // Validated as 1.1: the 1.2 profile property is reported.
    assert!(r.has_code(codes::EVENT_PROFILE_IN_V1P1), "{r:?}");
}

#[test]
fn serde_impls_follow_the_reader() {
    let e: caliper::Event = serde_json::from_value(view_event()).expect("event");
    assert_eq!(e.action, Some(caliper::Action::Viewed));
    assert_eq!(serde_json::to_value(&e).expect("ser"), view_event());
    let ent: Entity =
        serde_json::from_value(json!({"id": "https://e/1", "type": "Page"})).expect("entity");
    assert_eq!(ent.entity_type(), Some(EntityType::Page));
    assert!(serde_json::from_value::<Entity>(json!(3)).is_err());
    assert!(
        serde_json::from_value::<caliper::Event>(json!({"id": "https://e/1", "type": "Page"}))
            .is_err()
    );
    let d: Document = serde_json::from_value(view_event()).expect("doc");
    assert_eq!(d.kind(), DocumentKind::Event);
    let env: caliper::Envelope =
        serde_json::from_value(json!({"sensor": "https://s", "data": [view_event()]}))
            .expect("env");
    assert_eq!(env.data.as_ref().map(Vec::len), Some(1));
    let cfg: caliper::EndpointConfig =
        serde_json::from_value(json!({"caliperSupportedVersions": [CTX]})).expect("cfg");
    assert!(cfg.supports(Version::V1p2));
    let item: caliper::Item = serde_json::from_value(json!(5)).expect("item");
    assert_eq!(item, caliper::Item::Invalid(json!(5)));
    let doc: Document = "{\"caliperSupportedVersions\": []}"
        .parse()
        .expect("parses");
    assert_eq!(doc.kind(), DocumentKind::EndpointConfig);
}

#[test]
fn typed_access_to_entities() {
    let v = json!({
        "@context": CTX, "id": "https://example.edu/a/1", "type": "Assessment",
        "name": "Quiz", "maxScore": 15.0, "dateToSubmit": "2018-11-18T11:59:59.000Z",
        "items": [{"id": "https://example.edu/a/1/i/1", "type": "AssessmentItem", "isTimeDependent": false}],
        "creators": ["https://example.edu/users/1"]
    });
    let Document::Entity(Entity::Assessment(a)) = read(&v) else {
        panic!("assessment")
    };
    assert_eq!(a.base.name.as_deref(), Some("Quiz"));
    assert_eq!(
        a.assignable
            .max_score
            .as_ref()
            .and_then(serde_json::Number::as_f64),
        Some(15.0)
    );
    assert_eq!(
        a.assignable
            .date_to_submit
            .as_ref()
            .map(|d| d.value().timestamp()),
        Some(1_542_542_399)
    );
    assert_eq!(
        a.resource.creators.as_ref().and_then(|c| c[0].id()),
        Some("https://example.edu/users/1")
    );
    let item = a
        .items
        .as_ref()
        .and_then(|i| i[0].as_entity())
        .expect("item");
    assert!(matches!(item, Entity::AssessmentItem(i) if i.is_time_dependent == Some(false)));
    assert!(caliper::entity::Assessment::is_property("items"));
    assert!(caliper::entity::Assessment::is_property("maxAttempts"));
    assert!(!caliper::entity::Person::is_property("items"));
    let mut props = Vec::new();
    let _ = Entity::from(*a).for_each_prop::<()>(&mut |k, _| {
        props.push(k.to_owned());
        Ok(())
    });
    assert_eq!(props[..3], ["@context", "id", "type"]);
}

/// A well-typed value for property `key` of an entity, from the description of what it expects.
fn sample_value(key: &str, expected: &str) -> Value {
    match key {
        "status" => return json!("Active"),
        "metric" => return json!("UnitsCompleted"),
        "identifierType" => return json!("SystemId"),
        "messageType" => return json!("LtiResourceLinkRequest"),
        "roles" => return json!(["Learner", "Instructor#TeachingAssistant"]),
        "@context" => return json!(CTX),
        "type" => return Value::Null,
        "otherIdentifiers" => {
            return json!([{"type": "SystemIdentifier", "identifier": "x", "identifierType": "LtiUserId"}]);
        }
        _ => {}
    }
    match expected {
        "a string" => json!("text"),
        "an IRI string" => json!("https://example.edu/things/1"),
        "a boolean" => json!(true),
        "an integer" | "a non-negative integer" => json!(2),
        "a decimal number" => json!(2.5),
        "a date-time string (YYYY-MM-DDTHH:MM:SS.sssZ)" => json!("2024-05-01T10:00:00.000Z"),
        "an ISO 8601 duration string" => json!("PT1H2M3.5S"),
        "an entity object or an IRI string" => json!("https://example.edu/refs/1"),
        "an array of entity objects or IRI strings" => json!(["https://example.edu/refs/2"]),
        "an array of strings" => json!(["a", "b"]),
        "a JSON object" => json!({"k": [1, "v"]}),
        other => panic!("no sample for {key}: {other}"),
    }
}

#[test]
fn every_entity_type_with_every_property_reads_typed_validates_and_round_trips() {
    let mut checked = 0;
    for ty in EntityType::ALL {
        let probe = Entity::empty(ty);
        let mut v = json!({"@context": CTX, "type": ty.as_str()});
        for key in caliper::entity::all_properties() {
            if !probe.is_property(key) || *key == "type" {
                continue;
            }
            let expected = probe
                .expected(key)
                .unwrap_or_else(|| panic!("{ty}.{key} has a type"));
            v[*key] = sample_value(key, expected);
            checked += 1;
        }
        let doc = read(&v);
        let Document::Entity(e) = &doc else {
            panic!("{ty}: entity")
        };
        assert_eq!(e.entity_type().as_ref(), Some(ty));
        assert!(
            e.base().other.is_empty(),
            "{ty}: untyped {:?}",
            e.base().other
        );
        let r = caliper::validate(&doc);
        let deprecated = matches!(
            ty.availability(),
            caliper::vocab::Availability::DeprecatedV1p1
        );
        assert_eq!(r.has_errors(), deprecated, "{ty}: {r:#?}");
        let out: Value = serde_json::from_str(&caliper::to_string(&doc)).expect("json");
        assert_eq!(out, v, "{ty}");
    }
    assert!(checked > 700, "{checked} properties checked");
}

#[test]
fn every_event_type_reads_typed() {
    for et in caliper::EventType::ALL {
        let mut v = view_event();
        v["type"] = json!(et.as_str());
        let Document::Event(e) = read(&v) else {
            panic!("{et}: event")
        };
        assert_eq!(e.event_type.as_ref(), Some(et));
        assert!(e.other.is_empty());
    }
}
