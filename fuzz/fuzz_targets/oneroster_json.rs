//! OneRoster JSON payloads (1.1 and 1.2): read, convert to the model, write, re-read.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oneroster::json::{JsonWriteOptions, read_payload, write_dataset};
use oneroster::{Limits, Version};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    for v in [Version::V1_1, Version::V1_2] {
        let _ = read_payload(data, v, &limits);
        let (ds, _) = oneroster::convert::json_to_dataset(data, v, &limits);
        let out = serde_json::to_vec(&write_dataset(&ds, &JsonWriteOptions::new(v))).expect("json");
        let (again, _) = oneroster::convert::json_to_dataset(&out, v, &limits);
        let out2 = serde_json::to_vec(&write_dataset(&again, &JsonWriteOptions::new(v))).expect("json");
        assert_eq!(out, out2, "writing is not stable");
    }
    let _ = oneroster::json::status::StatusInfo::parse(data);
});
