//! OneRoster CSV sets from memory: the input is split into files at lines starting with
//! `\x1e` (the file name follows on that line). Validate, read into the model, write, re-read.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oneroster::csv::{MemorySource, WriteOptions, read_dataset, validate_set, write_set};
use oneroster::{Limits, Version};

fuzz_target!(|data: &[u8]| {
    let mut mem = MemorySource::new();
    let mut rest = data;
    let mut name = String::from("users.csv");
    loop {
        let end = rest
            .windows(2)
            .position(|w| w == b"\n\x1e")
            .map_or(rest.len(), |p| p + 1);
        let (body, tail) = rest.split_at(end);
        let body = body.strip_prefix(b"\x1e").map_or(body, |b| {
            let nl = b.iter().position(|&c| c == b'\n').unwrap_or(b.len());
            name = String::from_utf8_lossy(&b[..nl]).into_owned();
            &b[(nl + 1).min(b.len())..]
        });
        mem.insert(name.clone(), body.to_vec());
        if tail.is_empty() {
            break;
        }
        rest = tail;
    }
    let limits = Limits::default();
    let report = validate_set(&mut mem, &limits);
    let _ = report.report.iter().count();
    let (data, _) = read_dataset(&mut mem, &limits);
    for v in [Version::V1_1, Version::V1_2] {
        let files = write_set(&data, &WriteOptions::bulk(v));
        let mut again = MemorySource::new();
        for (n, b) in files {
            again.insert(n, b);
        }
        let _ = read_dataset(&mut again, &limits);
    }
});
