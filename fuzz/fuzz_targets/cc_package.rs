//! Whole cartridges: any bytes as a zip, opened with the package limits and validated.
#![no_main]
use std::io::Cursor;

use common_cartridge::package::{Limits, ZipPackage};
use common_cartridge::{ReadOptions, validate_zip};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let v = validate_zip(Cursor::new(data), &ReadOptions::default());
    for p in v.report.iter() {
        assert!(!p.code.as_str().is_empty());
    }
    if let Ok(mut z) = ZipPackage::open(Cursor::new(data), &Limits::default(), false) {
        let names: Vec<String> = z.entries().iter().map(|e| e.path.clone()).collect();
        for n in names.iter().take(64) {
            if let Ok(mut r) = z.open_entry(n) {
                let _ = std::io::copy(&mut r, &mut std::io::sink());
            }
        }
    }
});
