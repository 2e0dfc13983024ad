//! CC-QTI 1.2 (`questestinterop`): validate, read, write, re-read.
#![no_main]
use common_cartridge::qti::Questestinterop;
use common_cartridge::version::CcVersion;
use common_cartridge::{ReadOptions, validate_questestinterop};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions::default();
    let _ = validate_questestinterop(data, &opts);
    let _ = validate_questestinterop(data, &ReadOptions::strict());
    let Ok((q, _)) = Questestinterop::parse(data, &opts) else { return };
    let xml = q.to_xml(CcVersion::V1_3);
    let (again, _) = Questestinterop::parse(xml.as_bytes(), &opts)
        .unwrap_or_else(|e| panic!("our output does not read: {e}\n{xml}"));
    assert_eq!(again.to_xml(CcVersion::V1_3), xml, "writing is not stable");
});
