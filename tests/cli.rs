//! End-to-end tests of the `ims` command: paths, walking, zips, output formats, exit status.
//! Standard-specific validation is tested in each crate; these tests use inputs whose result
//! does not depend on which standards are built in.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

fn ims(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ims"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the ims binary runs")
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line: {l}: {e}")))
        .collect()
}

fn write(path: &Path, content: &[u8]) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("mkdir");
    }
    std::fs::write(path, content).expect("write");
}

#[test]
fn json_lines_for_a_walked_directory() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    write(&d.join("docs/bad.xml"), b"<a>\n<b></a>");
    write(
        &d.join("docs/notes.txt"),
        b"ignored when walking: not a candidate extension",
    );
    write(&d.join("docs/sub/other.json"), br#"{"hello": "world"}"#);
    write(&d.join("docs/sub/.hidden.xml"), b"<ignored/>");
    let out = ims(&["validate", "--format", "json", "docs"], d);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let bad = &lines[0];
    assert_eq!(bad["path"], "docs/bad.xml");
    assert_eq!(bad["kind"], "unknown");
    assert_eq!(bad["valid"], false);
    assert_eq!(bad["errors"], 2, "a syntax error and the unknown kind");
    assert_eq!(bad["warnings"], 0);
    assert!(bad["version"].is_null());
    let p = &bad["problems"][0];
    assert_eq!(p["severity"], "error");
    assert_eq!(p["code"], "xml.syntax.mismatched-end");
    assert!(
        p["location"]
            .as_str()
            .expect("string")
            .starts_with("line 2"),
        "{p}"
    );
    assert!(p["message"].as_str().expect("string").contains("</a>"));
    let other = &lines[1];
    assert_eq!(other["path"], "docs/sub/other.json");
    assert_eq!(other["problems"][0]["code"], "ims.unknown-kind");
}

#[test]
fn explicit_files_are_always_read_and_paths_kept_as_given() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    write(&d.join("x/notes.txt"), b"plain text");
    let out = ims(&["validate", "--format", "json", "./x/notes.txt"], d);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    assert_eq!(lines[0]["path"], "./x/notes.txt");
    assert_eq!(lines[0]["kind"], "unknown");
}

#[test]
fn unreadable_input_is_exit_2_but_others_are_still_checked() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    write(&d.join("bad.json"), b"{\"a\":");
    let out = ims(
        &["validate", "--format", "json", "missing.xml", "bad.json"],
        d,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.xml"));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["path"], "bad.json");
    assert_eq!(lines[0]["problems"][0]["code"], "json.syntax");
}

#[test]
fn usage_errors_are_exit_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert_eq!(ims(&["validate"], tmp.path()).status.code(), Some(2));
    assert_eq!(ims(&["no-such-command"], tmp.path()).status.code(), Some(2));
    assert_eq!(
        ims(&["validate", "--format", "yaml", "x"], tmp.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(ims(&["--help"], tmp.path()).status.code(), Some(0));
}

#[test]
fn zip_entries_are_reported_as_archive_paths() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let file = std::fs::File::create(d.join("bundle.zip")).expect("create");
    let mut z = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("a/broken.xml", opts).expect("entry");
    z.write_all(b"<x><y></x>").expect("write");
    z.start_file("b.json", opts).expect("entry");
    z.write_all(b"[1,2]").expect("write");
    z.finish().expect("finish");
    let out = ims(&["validate", "--format", "json", "bundle.zip"], d);
    let lines = json_lines(&out);
    let paths: Vec<&str> = lines
        .iter()
        .map(|l| l["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["bundle.zip!/a/broken.xml", "bundle.zip!/b.json"]);
    assert_eq!(out.status.code(), Some(1));
    write(&d.join("fake.zip"), b"not a zip at all");
    let out = ims(&["validate", "--format", "json", "fake.zip"], d);
    let lines = json_lines(&out);
    assert_eq!(lines[0]["problems"][0]["code"], "zip.invalid");
}

#[test]
fn text_output_lists_problems_with_locations_and_a_summary() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    write(&d.join("bad.xml"), b"<a>&nbsp;</a>");
    let out = ims(&["validate", "bad.xml"], d);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let first = lines.next().expect("a line per document");
    assert!(first.starts_with("FAIL bad.xml (unknown)"), "{text}");
    let problem = lines.next().expect("problem line");
    assert!(
        problem.starts_with("    error [xml.entity.undefined] at line 1, column 4"),
        "{text}"
    );
    assert!(
        lines
            .next()
            .expect("second problem")
            .contains("[ims.unknown-kind]")
    );
    assert!(!text.contains('\u{1b}'), "no colour when not a terminal");
    assert!(
        text.trim_end().ends_with("1 document checked, 1 invalid"),
        "{text}"
    );
}
