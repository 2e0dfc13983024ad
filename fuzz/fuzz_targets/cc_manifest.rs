//! Common Cartridge manifests: read, validate, write, re-read (the model is unchanged).
#![no_main]
use common_cartridge::manifest::parse_manifest;
use common_cartridge::{ReadOptions, validate_manifest_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions::default();
    let v = validate_manifest_bytes(data, &opts);
    let _ = v.report.iter().count();
    let _ = validate_manifest_bytes(data, &ReadOptions::strict());
    let Ok((m, _)) = parse_manifest(data, &opts) else { return };
    let xml = m.to_xml();
    let (again, _) = parse_manifest(xml.as_bytes(), &opts)
        .unwrap_or_else(|e| panic!("our output does not read: {e}\n{xml}"));
    assert_eq!(again.to_xml(), xml, "writing is not stable");
});
