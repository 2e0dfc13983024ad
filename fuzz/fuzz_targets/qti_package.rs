//! QTI content packages: the input is the manifest of an in-memory package that also holds a
//! fixed item and test, so resources, hrefs, dependencies and references are all exercised.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qti::ReadOptions;
use qti::package::{MemorySource, read_package};

const ITEM: &[u8] = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="a" title="A" adaptive="false" timeDependent="false"><itemBody><p>x</p></itemBody></assessmentItem>"#;
const TEST: &[u8] = br#"<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="t" title="T"><testPart identifier="p" navigationMode="linear" submissionMode="individual"><assessmentSection identifier="s" title="S" visible="true"><assessmentItemRef identifier="a" href="items/a.xml"/></assessmentSection></testPart></assessmentTest>"#;

fuzz_target!(|data: &[u8]| {
    let src = MemorySource::new()
        .with("imsmanifest.xml", data)
        .with("items/a.xml", ITEM)
        .with("test.xml", TEST);
    if let Err(e) = read_package(&src, &ReadOptions::default()) {
        assert!(!e.code().is_empty());
    }
});
