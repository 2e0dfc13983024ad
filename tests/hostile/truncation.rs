//! Truncation at every byte of a small valid document, for every format. Each prefix gives an
//! error with a code (or, where a prefix happens to be a complete document, a reading) — never
//! a panic. Work bound: one read per prefix; memory bound: per format, over the whole loop.

use std::io::Cursor;

use crate::{MIB, bounded};

fn repo(path: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Calls `read` on every prefix of `doc`; the full document must read cleanly.
fn every_prefix(name: &str, doc: Vec<u8>, max_bytes: usize, read: fn(&[u8]) -> bool) {
    let n = doc.len();
    // Read once outside the measurement: tables built lazily on first use (the schemas behind
    // `qti::validate`) live for the whole process and are not memory spent on this input.
    let _ = read(&doc);
    let ok = bounded(name, max_bytes, move || {
        let mut complete = 0usize;
        for end in 0..=doc.len() {
            if read(&doc[..end]) {
                complete += 1;
            }
        }
        (complete, read(&doc))
    });
    assert!(ok.1, "{name}: the whole document does not read");
    assert!(ok.0 >= 1 && ok.0 <= n + 1, "{name}: {ok:?}");
}

#[test]
fn qti_documents_truncated_at_every_byte() {
    for path in [
        "examples/data/qti/item-2.1-choice.xml",
        "examples/data/qti/item-3.0-graphic.xml",
        "examples/data/qti/test-2.2.xml",
    ] {
        every_prefix(path, repo(path), 4 * MIB, |b| {
            match qti::parse(b, &qti::ReadOptions::default()) {
                Ok((d, _)) => {
                    let _ = qti::validate(&d);
                    true
                }
                Err(e) => {
                    assert!(!e.code().is_empty());
                    false
                }
            }
        });
    }
    // A results report, generated.
    let results = br#"<assessmentResult xmlns="http://www.imsglobal.org/xsd/imsqti_result_v2p1">
<context sourcedId="s1"/><testResult identifier="t" datestamp="2024-01-01T00:00:00Z"/>
<itemResult identifier="i" datestamp="2024-01-01T00:00:00Z" sessionStatus="final">
<responseVariable identifier="R" cardinality="single" baseType="identifier"><candidateResponse><value>A</value></candidateResponse></responseVariable>
<outcomeVariable identifier="SCORE" cardinality="single" baseType="float"><value>1</value></outcomeVariable>
</itemResult></assessmentResult>"#;
    every_prefix("qti-results", results.to_vec(), 2 * MIB, |b| {
        qti::parse_result(b, &qti::ReadOptions::default()).is_ok()
    });
}

#[test]
fn cc_documents_truncated_at_every_byte() {
    every_prefix(
        "cc-manifest",
        repo("examples/data/cc/sample-course/imsmanifest.xml"),
        4 * MIB,
        |b| {
            let v = common_cartridge::validate_manifest_bytes(b, &Default::default());
            v.cartridge.is_some()
        },
    );
    every_prefix(
        "cc-qti",
        repo("examples/data/qti/qti-1.2-cc-assessment.xml"),
        4 * MIB,
        |b| {
            common_cartridge::validate_questestinterop(b, &Default::default())
                .document
                .is_some()
        },
    );
    // The zipped cartridge: every prefix is a broken archive (its central directory is at the
    // end), refused from the end-of-central-directory record.
    every_prefix(
        "cc-zip",
        repo("examples/data/cc/sample-course.imscc"),
        8 * MIB,
        |b| {
            common_cartridge::validate_zip(Cursor::new(b), &Default::default())
                .cartridge
                .is_some()
        },
    );
}

#[test]
fn json_documents_truncated_at_every_byte() {
    every_prefix(
        "caliper",
        repo("examples/data/caliper/event-assessment-started-v1p2.json"),
        2 * MIB,
        |b| match caliper::read(b) {
            Ok(d) => {
                let _ = caliper::validate(&d);
                true
            }
            Err(e) => {
                assert!(!e.code().is_empty());
                false
            }
        },
    );
    every_prefix(
        "oneroster-json",
        repo("examples/data/oneroster/users-1.2.json"),
        4 * MIB,
        |b| {
            oneroster::json::read_payload(b, oneroster::Version::V1_2, &Default::default())
                .0
                .is_some()
        },
    );
    every_prefix(
        "lti-claims",
        repo("examples/data/lti/resource-link-launch.json"),
        2 * MIB,
        |b| {
            lti_core::lti::message::check_claim_set_json(
                b,
                &lti_core::lti::message::CheckOptions::full(),
            )
            .1
            .is_some()
        },
    );
    every_prefix(
        "lti-jwt",
        repo("examples/data/lti/resource-link-launch.jwt"),
        2 * MIB,
        |b| {
            let Ok(s) = std::str::from_utf8(b) else {
                return false;
            };
            lti_core::lti::jose::decode(s, lti_core::lti::jose::DEFAULT_MAX_TOKEN_BYTES).is_ok()
        },
    );
}

#[test]
fn oneroster_csv_truncated_at_every_byte() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data/oneroster/csv-1.2-bulk");
    let mut set = Vec::new();
    for e in std::fs::read_dir(&dir).expect("set") {
        let p = e.expect("entry").path();
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_owned();
        set.push((name, std::fs::read(&p).expect("read")));
    }
    set.sort();
    for target in ["users.csv", "manifest.csv", "enrollments.csv"] {
        let set = set.clone();
        let doc = set
            .iter()
            .find(|(n, _)| n == target)
            .expect("file")
            .1
            .clone();
        let n = doc.len();
        let errors = bounded(&format!("csv-{target}"), 8 * MIB, move || {
            let mut with_errors = 0;
            for end in 0..=n {
                let mut mem = oneroster::csv::MemorySource::new();
                for (name, bytes) in &set {
                    if name == target {
                        mem.insert(name.clone(), doc[..end].to_vec());
                    } else {
                        mem.insert(name.clone(), bytes.clone());
                    }
                }
                let r = oneroster::csv::validate_set(&mut mem, &Default::default());
                if r.report.has_errors() {
                    with_errors += 1;
                }
            }
            with_errors
        });
        assert!(errors > 0, "{target}: no prefix gave an error");
    }
}
