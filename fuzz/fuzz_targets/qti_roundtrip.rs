//! QTI read → write → read, in the document's own version and in every other version.
//!
//! Properties: what we write always reads back; writing the re-read document in the same
//! version gives the same XML (the writer is a fixed point after one round). A document read
//! despite errors (for example a 2.x vocabulary in the 3.0 namespace, read leniently with
//! `qti.namespace.mismatch`) is normalised by its first write; for those the fixed point is
//! required from the second round on.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qti::{ReadOptions, Version};

fuzz_target!(|data: &[u8]| {
    let Ok((doc, report)) = qti::parse(data, &ReadOptions::unchecked()) else { return };
    let clean = !report.iter().any(|p| p.is_error());
    let own = doc.version();
    for target in [own, Version::V2p1, Version::V2p2, Version::V3p0] {
        let mut first = qti::write(&doc, target);
        let read = |xml: &str| {
            qti::parse(xml.as_bytes(), &ReadOptions::unchecked())
                .unwrap_or_else(|e| panic!("our {target:?} output does not read: {e}\n{xml}"))
                .0
        };
        let mut again = read(&first.xml);
        if !clean {
            first = qti::write(&again, target);
            again = read(&first.xml);
        }
        let second = qti::write(&again, target);
        assert_eq!(first.xml, second.xml, "writing is not stable in {target:?}");
    }
});
