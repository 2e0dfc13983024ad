//! QTI read → write → read, in the document's own version and in every other version.
//!
//! Properties: what we write always reads back; writing the re-read document in the same
//! version gives the same XML (the writer is a fixed point after one round).
#![no_main]
use libfuzzer_sys::fuzz_target;
use qti::{ReadOptions, Version};

fuzz_target!(|data: &[u8]| {
    let Ok((doc, _)) = qti::parse(data, &ReadOptions::unchecked()) else { return };
    let own = doc.version();
    for target in [own, Version::V2p1, Version::V2p2, Version::V3p0] {
        let first = qti::write(&doc, target);
        let (again, _) = qti::parse(first.xml.as_bytes(), &ReadOptions::unchecked())
            .unwrap_or_else(|e| panic!("our {target:?} output does not read: {e}\n{}", first.xml));
        let second = qti::write(&again, target);
        assert_eq!(first.xml, second.xml, "writing is not stable in {target:?}");
    }
});
