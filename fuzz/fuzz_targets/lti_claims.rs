//! LTI claim sets: the spec checks, the typed claims, the typed message; claims survive
//! to_value → from_value unchanged.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lti_core::lti::Claims;
use lti_core::lti::message::{CheckOptions, check_claim_set_json};

fuzz_target!(|data: &[u8]| {
    let (report, typed) = check_claim_set_json(data, &CheckOptions::full());
    let _ = report.iter().count();
    let _ = check_claim_set_json(data, &CheckOptions::default());
    if let Some((claims, message)) = typed {
        let _ = message.message_type();
        let back = Claims::from_value(claims.to_value()).expect("our own value reads");
        assert_eq!(back.to_value(), claims.to_value());
    }
    if let Ok(c) = Claims::from_json(data) {
        let _ = lti_core::lti::LtiMessage::from_claims(&c);
        let _ = c.custom("x");
    }
});
