//! LTI request and header parsing: OIDC login requests (query and form), launch forms,
//! platform-side auth requests, RFC 8288 `Link` headers (printed links re-parse).
#![no_main]
use libfuzzer_sys::fuzz_target;
use lti_core::lti::link_header;
use lti_core::lti::login::{LaunchForm, LoginRequest};

fuzz_target!(|data: &[u8]| {
    let _ = LoginRequest::parse_form(data);
    let _ = LaunchForm::parse(data);
    let _ = lti_core::lti::platform::AuthRequest::parse(data);
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = LoginRequest::parse_query(s);
    if let Ok(links) = link_header::parse(s) {
        let _ = link_header::find(&links, "next");
        let pairs: Vec<(String, String)> = links
            .iter()
            .filter_map(|l| l.rels.first().map(|r| (l.target.clone(), r.clone())))
            .filter(|(t, r)| !t.contains('>') && !r.is_empty())
            .collect();
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(t, r)| (t.as_str(), r.as_str())).collect();
        let printed = link_header::format(&refs);
        let again = link_header::parse(&printed)
            .unwrap_or_else(|e| panic!("{printed:?} does not parse: {e}"));
        assert_eq!(again.len(), refs.len(), "{printed:?}");
    }
    let _ = link_header::parse_all([s, s]);
});
