//! JSON: deep nesting, huge values, size and count limits, byte order marks and encodings, for
//! Caliper, OneRoster payloads, LTI claim sets and service bodies, and QTI response JSON.

use lti_core::lti::message::{CheckOptions, check_claim_set_json};
use oneroster::json::read_payload;
use oneroster::{Limits, Version};

use crate::{MIB, bounded};

fn nested_arrays(levels: usize) -> Vec<u8> {
    let mut v = vec![b'['; levels];
    v.extend(std::iter::repeat_n(b']', levels));
    v
}

fn nested_objects(levels: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(levels * 7);
    for _ in 0..levels {
        v.extend_from_slice(br#"{"a":"#);
    }
    v.extend_from_slice(b"1");
    v.extend(std::iter::repeat_n(b'}', levels));
    v
}

fn wrapped_in_object(inner: &[u8]) -> Vec<u8> {
    [&br#"{"@context":"http://purl.imsglobal.org/ctx/caliper/v1p2","type":"Entity","id":"urn:x","extensions":"#[..], inner, b"}"].concat()
}

/// A million levels of arrays or objects: each reader refuses with a depth error, without
/// recursing a million frames, in bounded memory.
#[test]
fn a_million_levels_of_json_nesting_are_refused() {
    for (shape, deep) in [
        ("arrays", nested_arrays(1_000_000)),
        ("objects", nested_objects(1_000_000)),
    ] {
        let top = deep.clone();
        let e = bounded(&format!("caliper-top-{shape}"), 2 * MIB, move || {
            caliper::read(&top).map(drop)
        })
        .expect_err("too deep");
        // A top-level array is not a Caliper document at all; objects hit the depth limit.
        let want = if shape == "arrays" {
            "caliper.json.not-an-object"
        } else {
            "caliper.limit.depth"
        };
        assert_eq!(e.code(), want);

        let inner = wrapped_in_object(&deep);
        let e = bounded(&format!("caliper-{shape}"), 2 * MIB, move || {
            caliper::read(&inner).map(drop)
        })
        .expect_err("too deep");
        assert_eq!(e.code(), "caliper.limit.depth");

        let inner = [&br#"{"users":["#[..], &deep, b"]}"].concat();
        let (payload, report) = bounded(&format!("oneroster-{shape}"), 2 * MIB, move || {
            read_payload(&inner, Version::V1_2, &Limits::default())
        });
        // serde_json's recursion limit (128) stops the read within the first few hundred
        // bytes of a 2–7 MB input; the problem says where.
        assert!(payload.is_none(), "{report:?}");
        let p = report
            .with_code("oneroster.json.syntax")
            .next()
            .expect("syntax problem");
        assert!(p.message.contains("recursion limit"), "{p:?}");
        assert!(p.location.to_string().contains("line 1, column "), "{p:?}");

        let inner = [&br#"{"iss":"https://lms.example","x":"#[..], &deep, b"}"].concat();
        let (report, typed) = bounded(&format!("lti-claims-{shape}"), 2 * MIB, move || {
            check_claim_set_json(&inner, &CheckOptions::full())
        });
        assert!(typed.is_none());
        let p = report.with_code("lti.claims.type").next().expect("problem");
        assert!(p.message.contains("recursion limit"), "{p:?}");

        let d = deep.clone();
        let keys = [&br#"{"keys":"#[..], &deep, b"}"].concat();
        bounded(&format!("lti-services-{shape}"), 2 * MIB, move || {
            // A JWKS whose `keys` member is absent reads as an empty set (the deep member is
            // skipped without recursion); a deep `keys` is refused.
            if let Ok(k) = lti_core::lti::keys::JwkSet::from_json(&d) {
                assert!(k.keys.is_empty());
            }
            assert!(lti_core::lti::keys::KeySet::from_json(&keys).is_err());
            assert!(lti_core::lti::ags::parse_score(&d).is_err());
            assert!(caliper::sensor::parse_config(&d).is_err());
            assert!(serde_json::from_slice::<serde_json::Value>(&d).is_err());
        });
    }
}

/// Nesting just within Caliper's configured depth reads; one level more is refused.
#[test]
fn caliper_depth_limit_is_exact_and_configurable() {
    let limits = caliper::Limits::default().with_max_depth(10);
    let ok = wrapped_in_object(&nested_arrays(8));
    assert!(caliper::read_with(&ok, &limits).is_ok());
    let deep = wrapped_in_object(&nested_arrays(10));
    let e = caliper::read_with(&deep, &limits).expect_err("too deep");
    assert!(
        matches!(e, caliper::ReadError::TooDeep { max: 10 }),
        "{e:?}"
    );
}

/// Size limits: a document over `max_bytes` is refused before parsing (memory: nothing beyond
/// the input); huge strings within the limit are read in memory proportional to them.
#[test]
fn json_size_and_count_limits() {
    let big = wrapped_in_object(format!("\"{}\"", "a".repeat(4 * MIB)).as_bytes());
    let b2 = big.clone();
    let e = bounded("caliper-too-large", 64 * 1024, move || {
        caliper::read_with(&b2, &caliper::Limits::default().with_max_bytes(MIB)).map(drop)
    })
    .expect_err("too large");
    assert!(matches!(e, caliper::ReadError::TooLarge { .. }), "{e:?}");
    bounded("caliper-4mib-string", 24 * MIB, move || {
        caliper::read(&big).expect("reads");
    });

    // An envelope with more items than the limit stops at the limit.
    let items: Vec<String> = (0..1_001)
        .map(|i| format!(r#"{{"type":"Person","id":"urn:p:{i}"}}"#))
        .collect();
    let env = format!(
        r#"{{"sensor":"urn:s","sendTime":"2024-01-01T00:00:00.000Z","dataVersion":"http://purl.imsglobal.org/ctx/caliper/v1p2","data":[{}]}}"#,
        items.join(",")
    );
    let e = caliper::read_with(
        env.as_bytes(),
        &caliper::Limits::default().with_max_items(1_000),
    )
    .expect_err("too many items");
    assert!(
        matches!(e, caliper::ReadError::TooManyItems { max: 1_000 }),
        "{e:?}"
    );

    let mut limits = Limits::default();
    limits.max_json_bytes = 1024;
    let (p, r) = read_payload(&[b' '; 2048], Version::V1_2, &limits);
    assert!(
        p.is_none() && r.has_code("oneroster.json.too-large"),
        "{r:?}"
    );

    // JWTs over the size limit are refused before decoding.
    let token = format!("{}.{}.{}", "e".repeat(40_000), "e".repeat(40_000), "s");
    let e = bounded("jwt-too-large", 1024, move || {
        lti_core::lti::jose::decode(&token, lti_core::lti::jose::DEFAULT_MAX_TOKEN_BYTES).map(drop)
    })
    .expect_err("too large");
    assert_eq!(e.code, lti_core::lti::codes::JWT_TOO_LARGE);
}

/// Byte order marks, UTF-16 and invalid UTF-8 in JSON: clear errors (JSON text is UTF-8
/// without a BOM, RFC 8259 §8.1).
#[test]
fn json_encodings() {
    let doc = br#"{"@context":"http://purl.imsglobal.org/ctx/caliper/v1p2","type":"Person","id":"urn:p:1"}"#;
    let bom = [&b"\xEF\xBB\xBF"[..], doc].concat();
    assert!(matches!(
        caliper::read(&bom),
        Err(caliper::ReadError::ByteOrderMark)
    ));
    // Between tokens (inside a string it would be a character like any other).
    let mid = [&doc[..1], &b"\xEF\xBB\xBF"[..], &doc[1..]].concat();
    assert_eq!(
        caliper::read(&mid).map(drop).expect_err("syntax").code(),
        "caliper.json.syntax"
    );
    let utf16: Vec<u8> = std::str::from_utf8(doc)
        .expect("utf-8")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert!(caliper::read(&utf16).is_err());
    let bad = br#"{"@context":"http://purl.imsglobal.org/ctx/caliper/v1p2","type":"Person","id":"urn:p:\xff"}"#;
    assert!(caliper::read(bad).is_err());

    for input in [&bom[..], &mid[..], &utf16[..], &bad[..]] {
        let (p, r) = read_payload(input, Version::V1_2, &Limits::default());
        assert!(p.is_none() && r.has_errors(), "{r:?}");
        let (r, typed) = check_claim_set_json(input, &CheckOptions::full());
        assert!(typed.is_none() && r.has_errors());
    }
}

/// QTI response JSON that does not fit the declaration (wrong shapes, huge numbers, deep
/// values) is a located error, never a panic.
#[test]
fn qti_response_json_mismatches_are_errors() {
    let item = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="i" title="t" adaptive="false" timeDependent="false">
<responseDeclaration identifier="R" cardinality="multiple" baseType="pair"/>
<responseDeclaration identifier="N" cardinality="single" baseType="integer"/>
<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/></assessmentItem>"#;
    let (qti::QtiDocument::Item(i), _) =
        qti::parse(item, &qti::ReadOptions::default()).expect("item")
    else {
        panic!()
    };
    let c = qti::runtime::CompiledItem::compile(&i, &qti::runtime::OperatorRegistry::new())
        .expect("compiles");
    for bad in [
        r#"{"R": 1}"#,
        r#"{"R": {"list": {"pair": [["A"]]}}}"#,
        r#"{"R": [[[[[[["A B"]]]]]]]}"#,
        r#"{"N": 1e400}"#,
        r#"{"N": 9223372036854775808}"#,
        r#"{"N": "12abc"}"#,
        r#"{"N": {"base": {"integer": 1.5}}}"#,
        r#"{"N": {"record": [{"name": "a", "base": {"integer": 1}}]}}"#,
        r#"{"X": 1}"#,
        r#"[1, 2]"#,
    ] {
        let Ok(j) = serde_json::from_str::<serde_json::Value>(bad) else {
            continue;
        };
        let e = qti::runtime::json::read_responses(&c, &j).expect_err(bad);
        assert_eq!(e.code(), "qti.engine.invalid-json-value", "{bad}");
    }
}
