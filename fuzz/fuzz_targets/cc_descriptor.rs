//! Cartridge descriptors (web links, discussion topics, LTI links, assignments): read as every
//! kind, write, re-read.
#![no_main]
use common_cartridge::ReadOptions;
use common_cartridge::descriptor::{DescriptorKind, read_descriptor};
use common_cartridge::version::CcVersion;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions::default();
    for kind in [
        DescriptorKind::WebLink,
        DescriptorKind::DiscussionTopic,
        DescriptorKind::BasicLtiLink,
        DescriptorKind::Assignment,
        DescriptorKind::Qti,
    ] {
        let Ok((d, _)) = read_descriptor(kind, data, &opts) else { continue };
        let xml = d.to_xml(CcVersion::V1_3);
        let _ = read_descriptor(kind, xml.as_bytes(), &opts)
            .unwrap_or_else(|e| panic!("our output does not read: {e}\n{xml}"));
    }
});
