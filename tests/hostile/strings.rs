//! Short-string parsers fed long and pathological strings: the OneRoster filter and query
//! parsers, RFC 8288 `Link` headers (LTI and OneRoster paging), OIDC login requests.

use oneroster::rest::filter::Filter;

use crate::{MIB, bounded};

/// A filter with 100,000 predicates (1.2 MB) is refused by the length limit
/// (`Limits::max_filter_bytes`) instead of building a 100,000-deep tree whose evaluation, printing
/// and dropping would exhaust the stack.
#[test]
fn a_huge_filter_is_refused() {
    let huge = vec!["givenName='a'"; 100_000].join(" AND ");
    let h = huge.clone();
    let r = bounded("filter-huge", 8 * MIB, move || {
        Filter::parse_lenient(&h).map(|f| f.to_string().len())
    });
    assert!(r.is_err(), "{r:?}");
    let r = bounded("filter-huge-strict", 8 * MIB, move || {
        Filter::parse(&huge).map(drop)
    });
    assert!(r.is_err());
    // The longest filter the default limit allows parses, prints, evaluates and drops on a
    // small stack.
    let max = oneroster::Limits::default().max_filter_bytes;
    let mut s = String::from("a='1'");
    while s.len() + 10 <= max {
        s.push_str(" AND a='1'");
    }
    let ok = bounded("filter-at-limit", 8 * MIB, move || {
        let f = Filter::parse_lenient(&s).expect("within the limit");
        let printed = f.to_string();
        let again = Filter::parse_lenient(&printed).expect("reparses");
        (again == f, f.matches(&serde_json::json!({"a": "1"})))
    });
    assert_eq!(ok, (true, true));
    // Query strings carry filters too.
    let q = format!("filter={}", vec!["a%3D%271%27"; 100_000].join("%20AND%20"));
    let (_, problems) = bounded("query-huge", 16 * MIB, move || {
        oneroster::rest::query::Query::parse(&q)
    });
    assert!(!problems.is_empty());
}

/// Unterminated quotes, lone operators, non-ASCII: errors with positions.
#[test]
fn malformed_filters_are_located_errors() {
    for bad in [
        "status='active",
        "status=",
        "='x'",
        "a='1' AND",
        "a='1' XOR b='2'",
        "a.='1'",
        "a=='1'",
        "a='1'b='2'",
        "\u{0}",
        "é='1'",
    ] {
        let e = Filter::parse_lenient(bad).expect_err(bad);
        assert!(e.position <= bad.chars().count(), "{bad}: {e:?}");
    }
}

#[test]
fn huge_link_headers_and_login_requests() {
    let many = vec!["<https://lms.example/p?page=2>; rel=\"next\""; 50_000].join(", ");
    let n = bounded("link-many", 32 * MIB, move || {
        lti_core::lti::link_header::parse(&many).map(|l| l.len())
    });
    assert_eq!(n, Ok(50_000));
    for bad in [
        "<",
        "<x",
        "<x>; rel=\"unterminated",
        "<x>; =v",
        "<x>;;;",
        "<x> <y>",
        "\u{0}",
    ] {
        let _ = lti_core::lti::link_header::parse(bad);
        let _ = oneroster::rest::paging::parse_link(bad);
    }
    let long = format!("<https://x.example/{}>; rel=next", "a".repeat(4 * MIB));
    bounded("link-long", 24 * MIB, move || {
        let _ = lti_core::lti::link_header::parse(&long);
        let _ = oneroster::rest::paging::parse_link(&long);
    });
    let form = format!(
        "iss={}&login_hint=u&target_link_uri=https%3A%2F%2Ft&{}",
        "a".repeat(MIB),
        "x=1&".repeat(100_000)
    );
    let r = bounded("login-huge", 16 * MIB, move || {
        lti_core::lti::login::LoginRequest::parse_form(form.as_bytes()).map(drop)
    });
    assert!(r.is_ok());
    assert!(
        lti_core::lti::login::LoginRequest::parse_form(
            b"iss=%FF%FE&login_hint=%&target_link_uri=%zz"
        )
        .is_ok()
    );
    assert!(lti_core::lti::login::LoginRequest::parse_form(b"").is_err());
}
