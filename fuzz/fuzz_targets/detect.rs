//! Document detection as `ims validate` runs it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let d = ims::detect::detect_bytes(data, Some("input.xml"));
    let _ = d.kind.as_str();
    let _ = ims::detect::detect_package_manifest(data);
});
