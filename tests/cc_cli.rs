//! End-to-end tests of `ims cc …` and of `ims validate` on Common Cartridge samples.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ims(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ims"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the ims binary runs")
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/cc/sample-course")
}

#[test]
fn inspect_prints_json_with_the_documented_keys() {
    let out = ims(&[
        "cc",
        "inspect",
        "--format",
        "json",
        "examples/data/cc/sample-course",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for k in ["version", "metadata", "organizations", "resources"] {
        assert!(v.get(k).is_some(), "{k}");
    }
    assert_eq!(v["version"], "1.3");
    assert_eq!(v["metadata"]["title"], "Introduction to Tides");
    let text = ims(&["cc", "inspect", "examples/data/cc/sample-course.imscc"]);
    assert_eq!(text.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&text.stdout).contains("Common Cartridge 1.3"));
    let missing = ims(&["cc", "inspect", "no/such/cartridge.imscc"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn build_is_deterministic_and_validates() {
    let tmp = tempfile::tempdir().expect("tmp");
    let a = tmp.path().join("a.imscc");
    let b = tmp.path().join("b.imscc");
    let dir = sample();
    let dir = dir.to_str().expect("utf-8 path");
    for out in [&a, &b] {
        let o = ims(&["cc", "build", dir, out.to_str().expect("path")]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert_eq!(std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    let v = ims(&["validate", "--strict", a.to_str().expect("path")]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
    let no_manifest = ims(&[
        "cc",
        "build",
        tmp.path().to_str().expect("p"),
        b.to_str().expect("p"),
    ]);
    assert_eq!(no_manifest.status.code(), Some(2));
}

#[test]
fn validate_samples_and_broken_samples() {
    let ok = ims(&["validate", "--format", "json", "examples/data/cc"]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let bad = ims(&["validate", "--format", "json", "examples/broken/cc"]);
    assert_eq!(bad.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&bad.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l["valid"] == false));
    let codes: Vec<String> = lines
        .iter()
        .flat_map(|l| l["problems"].as_array().cloned().unwrap_or_default())
        .filter_map(|p| p["code"].as_str().map(str::to_owned))
        .collect();
    assert!(
        codes.iter().any(|c| c == "cc.package.parent-path"),
        "{codes:?}"
    );
    assert!(
        codes.iter().any(|c| c == "cc.qti.choice-count"),
        "{codes:?}"
    );
}

#[test]
fn convert_qti_writes_a_package() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out_dir = tmp.path().join("qti");
    let o = ims(&[
        "cc",
        "convert-qti",
        "examples/data/cc/sample-course.imscc",
        out_dir.to_str().expect("p"),
        "--to",
        "2.2",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out_dir.join("imsmanifest.xml").is_file());
    assert!(out_dir.join("items/R_quiz_q1.xml").is_file());
    assert!(out_dir.join("tests/R_quiz.xml").is_file());
    // The written package reads back clean with the qti crate, in both versions.
    for to in ["2.2", "3.0"] {
        let dir = tmp.path().join(to);
        let o = ims(&[
            "cc",
            "convert-qti",
            "examples/data/cc/sample-course.imscc",
            dir.to_str().expect("p"),
            "--to",
            to,
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let mut src = qti::package::MemorySource::new();
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("dir").flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p
                        .strip_prefix(&dir)
                        .expect("rel")
                        .to_string_lossy()
                        .replace('\\', "/");
                    src = src.with(&rel, std::fs::read(&p).expect("read"));
                }
            }
        }
        let (pkg, report) =
            qti::package::read_package(&src, &qti::ReadOptions::default()).expect("package");
        assert!(report.is_empty(), "{to}: {report:?}");
        assert!(pkg.resources.len() >= 8, "{to}: {}", pkg.resources.len());
    }
    let bad = ims(&["cc", "convert-qti", "x", "y", "--to", "1.2"]);
    assert_eq!(bad.status.code(), Some(2));
}
