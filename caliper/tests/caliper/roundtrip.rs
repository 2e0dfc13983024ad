//! Property tests: reading then writing any Caliper-shaped JSON gives the same JSON value
//! (whatever the values' shapes), and typed events built from random parts survive writing and
//! reading.

use caliper::{
    Action, Context, Document, Entity, EntityRef, EntityType, Event, EventType, Profile, Version,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Property names Caliper uses, plus a few others.
fn key() -> impl Strategy<Value = String> {
    let mut keys: Vec<&'static str> = caliper::entity::all_properties().to_vec();
    keys.extend_from_slice(Event::PROPERTIES);
    keys.extend_from_slice(&[
        "sensor",
        "sendTime",
        "dataVersion",
        "data",
        "custom",
        "x:y",
        "caliperSupportedVersions",
        "caliper_supported_versions",
    ]);
    prop_oneof![
        4 => proptest::sample::select(keys).prop_map(str::to_owned),
        1 => "[a-zA-Z@:_]{1,8}",
    ]
}

fn type_term() -> impl Strategy<Value = String> {
    let mut terms: Vec<String> = EntityType::ALL
        .iter()
        .map(|t| t.as_str().to_owned())
        .collect();
    terms.extend(EventType::ALL.iter().map(|t| t.as_str().to_owned()));
    terms.push("Thesis".into());
    proptest::sample::select(terms)
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        "[a-z ]{0,12}".prop_map(Value::String),
        "\\PC{0,6}".prop_map(Value::String),
        Just(Value::String("https://example.edu/x/1".into())),
        Just(Value::String(
            "urn:uuid:3a648e68-f00d-4c08-aa59-8738e1884f2c".into()
        )),
        Just(Value::String("2018-11-15T10:15:00.000Z".into())),
        Just(Value::String("PT5M".into())),
        Just(Value::String(
            "http://purl.imsglobal.org/ctx/caliper/v1p2".into()
        )),
        Just(Value::String("Viewed".into())),
        type_term().prop_map(Value::String),
    ]
}

/// Caliper-shaped JSON: objects with Caliper keys and type terms, nested a few levels.
fn caliperish() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            (
                proptest::option::of(type_term()),
                proptest::collection::vec((key(), inner), 0..6)
            )
                .prop_map(|(ty, kvs)| {
                    let mut m: Map<String, Value> = kvs.into_iter().collect();
                    if let Some(t) = ty {
                        m.insert("type".into(), Value::String(t));
                    }
                    Value::Object(m)
                }),
        ]
    })
}

fn object() -> impl Strategy<Value = Value> {
    (
        caliperish(),
        proptest::collection::vec((key(), caliperish()), 0..6),
    )
        .prop_map(|(v, kvs)| {
            let mut m = match v {
                Value::Object(m) => m,
                other => {
                    let mut m = Map::new();
                    m.insert("data".into(), other);
                    m
                }
            };
            m.extend(kvs);
            Value::Object(m)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_caliper_shaped_json_round_trips(v in object()) {
        let text = v.to_string();
        let doc = caliper::read(text.as_bytes()).expect("any object reads");
        let back: Value = serde_json::from_str(&caliper::to_string(&doc)).expect("json");
        prop_assert_eq!(&back, &v);
        // Validation never panics and always locates its problems.
        let report = caliper::validate(&doc);
        for p in report.iter() {
            prop_assert!(p.location.as_json_pointer().is_some(), "{}", p);
        }
        // The thin writer produces JSON that reads again.
        let thin = caliper::to_string_thin(&doc, false);
        prop_assert!(caliper::read(thin.as_bytes()).is_ok());
    }
}

/// JSON text of an object with its members in the given order (`serde_json` would sort them).
fn object_text(m: &Map<String, Value>, order: &[usize]) -> String {
    let members: Vec<(&String, &Value)> = m.iter().collect();
    let mut parts = Vec::with_capacity(members.len());
    for &i in order.iter().filter(|&&i| i < members.len()) {
        let (k, v) = members[i];
        parts.push(format!("{}:{v}", Value::String(k.clone())));
    }
    format!("{{{}}}", parts.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Whatever order the members come in, what is written reads back as the same kind of
    /// document (envelope, event, entity, configuration) and writing it again changes nothing.
    /// (Found by fuzzing: a raw `sensor` member made an envelope that was written with its
    /// members sorted, and `eventTime` first made it read back as an event.)
    #[test]
    fn written_documents_keep_their_kind(
        v in object(),
        order in Just((0..12).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        let Value::Object(m) = &v else { unreachable!("object() makes objects") };
        let text = object_text(m, &order);
        let Ok(doc) = caliper::read(text.as_bytes()) else {
            // Shuffling cannot make JSON invalid or add a duplicate.
            return Err(TestCaseError::fail(format!("does not read: {text}")));
        };
        let written = caliper::to_string(&doc);
        let again = caliper::read(written.as_bytes()).expect("our output reads");
        prop_assert_eq!(again.kind(), doc.kind(), "{} → {}", text, written);
        prop_assert_eq!(caliper::to_string(&again), written);
    }
}

#[test]
fn fuzz_regression_caliper_json_duplicate_member() {
    // The fuzzer's two finds, reduced: an entity whose `type` is given twice (first an unknown
    // term, then a Caliper one) and an event whose `eventTime` is given twice. Either reading
    // would be a guess, so both are refused with the member and its position.
    let cases: &[(&str, &str, usize)] = &[
        (
            "{\"@context\":\"http://purl.imsglobal.org/ctx/caliper/v1p2\",\"type\":\"Person\",\n\"generated\":{\"type\":\"Aggreg\",\"type\":\"AggregateMeasure\"}}",
            "type",
            2,
        ),
        (
            "{\"eventTime\":\"2024-02-20T19:45:l\",\n\"id\":\"urn:u\",\n\"eventTime\":\"2024-02-20T19:45:10Z\"}",
            "eventTime",
            3,
        ),
        // Before the object's kind is known (both buffered).
        ("{\"id\":\"a\",\"id\":\"b\",\"type\":\"Person\"}", "id", 1),
        // A typed entity's `type` again.
        (
            "{\"type\":\"Person\",\"name\":\"x\",\"type\":\"Person\"}",
            "type",
            1,
        ),
        // An unknown member twice.
        ("{\"type\":\"Person\",\"x:y\":1,\"x:y\":2}", "x:y", 1),
        // A member of the wrong shape (kept raw), then again.
        ("{\"type\":\"Person\",\"name\":5,\"name\":\"n\"}", "name", 1),
        // Envelope data twice.
        (
            "{\"sensor\":\"https://s.example\",\"data\":[],\"data\":[]}",
            "data",
            1,
        ),
        // A configuration field twice in the same spelling.
        (
            "{\"caliperSupportedVersions\":[],\"caliperSupportedVersions\":[]}",
            "caliperSupportedVersions",
            1,
        ),
    ];
    for (text, name, line) in cases {
        match caliper::read(text.as_bytes()) {
            Err(e @ caliper::ReadError::DuplicateMember { .. }) => {
                let caliper::ReadError::DuplicateMember {
                    name: n, line: l, ..
                } = &e
                else {
                    unreachable!()
                };
                assert_eq!((n.as_str(), *l), (*name, *line), "{text}");
                assert_eq!(e.code(), "caliper.json.duplicate-member");
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    // The other spelling of a configuration field is a different member (kept as extra).
    let doc = caliper::read(br#"{"caliperSupportedVersions":[],"caliper_supported_versions":[]}"#)
        .expect("two spellings are two members");
    assert_eq!(doc.kind(), caliper::DocumentKind::EndpointConfig);
}

#[test]
fn fuzz_regression_caliper_json_kind_survives_writing() {
    // Members of the wrong shape are kept raw; they used to be written after the typed ones in
    // name order, so a reader met another kind's member first.
    for (text, kind) in [
        (
            r#"{"@context":"http://purl.imsglobal.org/ctx/caliper/v1p2","sensor":{"type":"VideoObject"},"eventTime":"2024-02-20T19:45:10Z"}"#,
            caliper::DocumentKind::Envelope,
        ),
        (r#"{"session":5,"data":1}"#, caliper::DocumentKind::Event),
        (
            r#"{"caliperSupportedVersions":5,"data":"x"}"#,
            caliper::DocumentKind::EndpointConfig,
        ),
    ] {
        let doc = caliper::read(text.as_bytes()).expect("reads");
        assert_eq!(doc.kind(), kind, "{text}");
        let written = caliper::to_string(&doc);
        let again = caliper::read(written.as_bytes()).expect("reads");
        assert_eq!(again.kind(), kind, "{written}");
        assert_eq!(caliper::to_string(&again), written);
    }
}

fn entity_type() -> impl Strategy<Value = EntityType> {
    proptest::sample::select(EntityType::ALL.to_vec())
}

fn entity() -> impl Strategy<Value = Entity> {
    (
        entity_type(),
        "[a-z]{1,8}",
        proptest::option::of("\\PC{0,10}"),
        proptest::option::of(0i64..4_000_000_000_000),
    )
        .prop_map(|(t, id, name, created)| {
            let mut e = Entity::new(&t, format!("https://example.edu/{id}"));
            e.base_mut().name = name;
            e.base_mut().date_created = created.and_then(|ms| {
                chrono::DateTime::from_timestamp_millis(ms).map(caliper::DateTime::new)
            });
            e
        })
}

fn entity_ref() -> impl Strategy<Value = EntityRef> {
    prop_oneof![
        "[a-z]{1,8}".prop_map(|s| EntityRef::iri(format!("https://example.edu/{s}"))),
        entity().prop_map(EntityRef::from),
    ]
}

prop_compose! {
    fn event()(
        et in proptest::sample::select(EventType::ALL.to_vec()),
        action in proptest::sample::select(Action::ALL.to_vec()),
        profile in proptest::option::of(proptest::sample::select(Profile::ALL.to_vec())),
        actor in entity_ref(),
        object in entity_ref(),
        generated in proptest::option::of(entity_ref()),
        ms in 0i64..4_000_000_000_000,
        ext in proptest::option::of(proptest::collection::btree_map("[a-z]{1,5}", scalar(), 0..3)),
    ) -> Event {
        let mut e = Event::new(et, action);
        e.context = Some(Context::caliper(Version::V1p2));
        e.id = Some("urn:uuid:3a648e68-f00d-4c08-aa59-8738e1884f2c".into());
        e.profile = profile;
        e.actor = Some(actor);
        e.object = Some(object);
        e.generated = generated;
        e.event_time = chrono::DateTime::from_timestamp_millis(ms).map(caliper::DateTime::new);
        e.extensions = ext.map(|m| m.into_iter().collect());
        e
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_events_survive_writing_and_reading(e in event()) {
        let doc = Document::Event(Box::new(e));
        let text = caliper::to_string(&doc);
        let back = caliper::read(text.as_bytes()).expect("reads");
        prop_assert_eq!(back, doc);
        // The writer emits exact Caliper date-times.
        let v: Value = serde_json::from_str(&text).expect("json");
        let t = v["eventTime"].as_str().expect("eventTime");
        prop_assert!(lti_core::time::is_caliper_form(t), "{}", t);
    }

    #[test]
    fn generated_envelopes_round_trip(events in proptest::collection::vec(event(), 0..5), entities in proptest::collection::vec(entity(), 0..3)) {
        let mut data: Vec<caliper::Item> = events.into_iter().map(caliper::Item::from).collect();
        data.extend(entities.into_iter().map(caliper::Item::from));
        let env = caliper::Envelope::new("https://example.edu/sensor", caliper::DateTime::new(chrono::DateTime::UNIX_EPOCH), Version::V1p2, data);
        let doc = Document::Envelope(Box::new(env));
        let back = caliper::read(caliper::to_string_pretty(&doc).as_bytes()).expect("reads");
        prop_assert_eq!(back, doc);
    }
}
