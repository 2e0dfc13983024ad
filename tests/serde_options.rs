//! Options, queries and results that callers keep in configuration or pass between services
//! serialise with serde and read back to the same value (house style: serde on every data type).

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Writes `v` as JSON, reads it back, and writes it again: both texts must be equal and the
/// read value must equal `v`.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(v: &T) -> String {
    let json = serde_json::to_string(v).expect("serialises");
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(&back, v, "{json}");
    json
}

#[test]
fn options_round_trip() {
    round_trip(&caliper::WriteOptions::default());
    round_trip(&caliper::ValidateOptions::default());
    round_trip(&caliper::Limits::default());
    round_trip(&common_cartridge::ReadOptions::default());
    round_trip(&common_cartridge::write::WriteOptions::default());
    round_trip(&lti_core::xml::WriteOptions::default());
    round_trip(&oneroster::Limits::default());
    round_trip(&oneroster::rest::Query::default());
    round_trip(&qti::runtime::results::ResultContext::default());
}

#[test]
fn queries_and_results_round_trip() {
    // The structs are non-exhaustive: set fields on a default value.
    let mut q = lti_core::lti::ags::LineItemsQuery::default();
    q.tag = Some("grade".into());
    q.limit = Some(10);
    assert_eq!(
        round_trip(&q),
        r#"{"resource_link_id":null,"resource_id":null,"tag":"grade","limit":10}"#
    );
    let mut m = lti_core::lti::nrps::MembershipQuery::default();
    m.role = Some("Learner".into());
    round_trip(&m);
    let mut page = oneroster::rest::Page::default();
    page.total = Some(3);
    page.links = vec![("next".into(), "https://sis.example/users?offset=2".into())];
    round_trip(&page);
    round_trip(&caliper::sensor::Rejection::PayloadTooLarge);
}

#[test]
fn static_spec_tables_serialise() {
    // Serialize only (they borrow `'static` data): for exporting the tables to other languages.
    let v = serde_json::to_value(oneroster::vocab::USER_ROLE_1_1).expect("serialises");
    assert_eq!(v["name"], "RoleTypeEnum (1.1)");
    assert_eq!(v["tokens"][6], "student");
    assert_eq!(v["extensible"], true);
    let rules = serde_json::to_value(caliper::rules::EVENT_RULES).expect("serialises");
    let rules = rules.as_array().expect("an array");
    assert_eq!(rules.len(), caliper::rules::EVENT_RULES.len());
    assert!(
        rules
            .iter()
            .all(|r| r["event"].is_string() && r["actions"].is_array())
    );
}

#[test]
fn a_sensor_disposition_round_trips_with_its_status_as_a_number() {
    use caliper::http::StatusCode;
    use caliper::sensor::{Disposition, classify_response};
    let d = classify_response(StatusCode::TOO_MANY_REQUESTS, &Default::default(), b"");
    assert!(d.is_retryable());
    let json = serde_json::to_string(&d).expect("serialises");
    assert!(json.contains(r#""status":429"#), "{json}");
    assert_eq!(
        serde_json::from_str::<Disposition>(&json).expect("reads back"),
        d
    );
    let bad = json.replace("429", "1000");
    assert!(serde_json::from_str::<Disposition>(&bad).is_err(), "{bad}");
}

#[test]
fn a_disposition_reads_back_only_with_a_status_of_its_variant() {
    use caliper::http::StatusCode;
    use caliper::sensor::{Disposition, classify_response};
    // Every status class classify_response distinguishes round-trips.
    for code in [
        200, 202, 408, 429, 500, 503, 400, 401, 403, 404, 413, 415, 422, 451, 302,
    ] {
        let status = StatusCode::from_u16(code).expect("a status");
        let d = classify_response(status, &Default::default(), b"");
        let json = serde_json::to_string(&d).expect("serialises");
        assert_eq!(
            serde_json::from_str::<Disposition>(&json).expect("reads back"),
            d,
            "{json}"
        );
    }
    // A status that belongs to another variant, or a reason that does not fit the status.
    for bad in [
        r#"{"success":{"status":500}}"#,
        r#"{"success":{"status":404}}"#,
        r#"{"retry":{"status":200,"after":null}}"#,
        r#"{"retry":{"status":404,"after":null}}"#,
        r#"{"reject":{"status":200,"reason":"client-error","problem":null}}"#,
        r#"{"reject":{"status":503,"reason":"client-error","problem":null}}"#,
        r#"{"reject":{"status":400,"reason":"unauthorized","problem":null}}"#,
        r#"{"reject":{"status":404,"reason":"unexpected","problem":null}}"#,
    ] {
        let err = serde_json::from_str::<Disposition>(bad).expect_err(bad);
        assert!(err.to_string().starts_with("status "), "{bad}: {err}");
    }
}

#[test]
fn a_oneroster_filter_reads_back_as_its_tree_within_the_parser_bound() {
    use oneroster::rest::Filter;
    // A tree the text grammar cannot express (no parentheses) survives.
    let f = Filter::eq("givenName", "O'Brien")
        .and(Filter::eq("role", "student").or(Filter::ge("dateLastModified", "2025-01-01")));
    let json = serde_json::to_string(&f).expect("serialises");
    assert_eq!(
        serde_json::from_str::<Filter>(&json).expect("reads back"),
        f
    );
    let max = oneroster::Limits::default().max_filter_bytes;
    // Exactly at the bound: accepted; one byte over (a value or a chain): refused, as the
    // parser refuses the text.
    let at = |extra: usize| {
        let value = "x".repeat(max - "f=''".len() + extra);
        Filter::eq("f", value)
    };
    assert_eq!(at(0).to_string().len(), max);
    let json = serde_json::to_string(&at(0)).expect("serialises");
    assert!(serde_json::from_str::<Filter>(&json).is_ok());
    let json = serde_json::to_string(&at(1)).expect("serialises");
    let err = serde_json::from_str::<Filter>(&json).expect_err("over the bound");
    assert!(err.to_string().contains("max_filter_bytes"), "{err}");
    assert!(Filter::parse(&at(1).to_string()).is_err());
    // A balanced tree (depth 11, under serde_json's nesting limit) of 2,048 short predicates.
    fn tree(depth: u32) -> Filter {
        if depth == 0 {
            Filter::eq("a", "1")
        } else {
            tree(depth - 1).or(tree(depth - 1))
        }
    }
    let wide = tree(11);
    assert!(wide.to_string().len() > max);
    let json = serde_json::to_string(&wide).expect("serialises");
    let err = serde_json::from_str::<Filter>(&json).expect_err("over the bound");
    assert!(err.to_string().contains("max_filter_bytes"), "{err}");
    assert!(serde_json::from_str::<Filter>(&serde_json::to_string(&tree(9)).unwrap()).is_ok());
}

#[test]
fn partial_configurations_take_the_defaults() {
    let xml: lti_core::xml::Limits =
        serde_json::from_str(r#"{"max_depth": 64}"#).expect("a partial configuration reads");
    assert_eq!(xml.max_depth, 64);
    assert_eq!(xml.max_nodes, lti_core::xml::Limits::default().max_nodes);
    let cc: common_cartridge::package::Limits =
        serde_json::from_str(r#"{"max_entries": 10, "xml": {"max_depth": 32}}"#).expect("reads");
    assert_eq!((cc.max_entries, cc.xml.max_depth), (10, 32));
    assert_eq!(cc.xml.max_nodes, lti_core::xml::Limits::default().max_nodes);
    let or: oneroster::Limits = serde_json::from_str("{}").expect("reads");
    assert_eq!(or, oneroster::Limits::default());
}

#[test]
fn vocabularies_follow_their_crates_conventions() {
    assert_eq!(
        serde_json::to_value(oneroster::rest::Method::Get).unwrap(),
        "GET"
    );
    assert_eq!(
        serde_json::to_value(caliper::sensor::Rejection::PayloadTooLarge).unwrap(),
        "payload-too-large"
    );
    assert_eq!(
        serde_json::to_value(oneroster::json::RecordKind::AcademicSession).unwrap(),
        "academicSession"
    );
}

#[test]
fn problem_details_keep_the_rfc_7807_shape() {
    let body = r#"{"type":"https://example.org/probs/too-big","title":"Too big","status":413,"limit":1048576}"#;
    let p: caliper::sensor::ProblemDetails = serde_json::from_str(body).expect("reads");
    assert_eq!(
        p.problem_type.as_deref(),
        Some("https://example.org/probs/too-big")
    );
    assert_eq!(p.status, Some(413));
    assert_eq!(p.extensions["limit"], 1_048_576);
    let back: serde_json::Value = serde_json::to_value(&p).expect("writes");
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(body).unwrap()
    );
}
