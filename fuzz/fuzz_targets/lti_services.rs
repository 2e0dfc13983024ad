//! LTI Advantage service bodies a tool or platform receives: key sets, token responses, AGS
//! scores/line items/results, NRPS memberships, groups, dynamic registration documents.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lti_core::lti::{ags, dynamic_registration, groups, keys, nrps, token};

fn response(body: &[u8]) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .header("link", "<https://lms.example/next>; rel=\"next\"")
        .body(body.to_vec())
        .expect("response")
}

fuzz_target!(|data: &[u8]| {
    let _ = keys::JwkSet::from_json(data);
    let _ = keys::KeySet::from_json(data);
    let _ = ags::parse_score(data);
    let r = response(data);
    let _ = token::parse_token_response(&r, 0);
    let _ = ags::parse_line_items(&r);
    let _ = ags::parse_line_item(&r);
    let _ = ags::parse_results(&r);
    let _ = nrps::parse_memberships(&r);
    let _ = groups::parse_groups(&r);
    let _ = groups::parse_group_sets(&r);
    let _ = dynamic_registration::parse_platform_configuration(data, "https://lms.example/.well-known/openid-configuration");
    let _ = dynamic_registration::parse_registration_response(&r);
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = ags::check_score(&v);
        let _ = lti_core::lti::deep_linking::check_item_value(&v);
        let _ = lti_core::lti::storage::parse_response(&v);
    }
});
