//! Content-packaging manifests: parse, check, write, re-parse.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lti_core::content_packaging::{parse_manifest, write_manifest};
use lti_core::xml::Limits;

fuzz_target!(|data: &[u8]| {
    let Ok((m, _)) = parse_manifest(data, &Limits::default()) else { return };
    let _ = m.check();
    let out = write_manifest(&m);
    let (again, _) = parse_manifest(out.as_bytes(), &Limits::default()).expect("our output parses");
    assert_eq!(again, m);
});
