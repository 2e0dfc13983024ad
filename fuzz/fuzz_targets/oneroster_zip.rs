//! OneRoster zipped CSV sets: any bytes as a zip, validated with the default limits.
#![no_main]
use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use oneroster::Limits;
use oneroster::csv::{ZipSource, validate_set};

fuzz_target!(|data: &[u8]| {
    if let Ok(mut z) = ZipSource::new(Cursor::new(data), Limits::default()) {
        let _ = validate_set(&mut z, &Limits::default());
    }
});
