//! Integration tests: the shared corpus (real cartridges from Canvas, Moodle and others, CC-QTI
//! files), hostile zips built in code, and cartridges written by this crate checked with our
//! validator and with xmllint against the official CC 1.1 schemas.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use common_cartridge::codes;
use common_cartridge::descriptor::basic_lti_link::{Property, Vendor};
use common_cartridge::descriptor::{
    Assignment, BasicLtiLink, Descriptor, DiscussionTopic, WebLink,
};
use common_cartridge::inspect::summarize;
use common_cartridge::lom::{Educational, Lom, ResourceMetadata, Vocabulary, roles_source};
use common_cartridge::manifest::{
    CartridgeManifest, CartridgeResource, ReadOptions, Variant, parse_manifest,
};
use common_cartridge::package::{Limits, MemoryPackage, PackageError, PackageSource, ZipPackage};
use common_cartridge::qti::{
    self, Assessment, Condition, DecVar, DisplayFeedback, FeedbackBlock, Item, ItemFeedback,
    Material, Metadata, ObjectBank, Presentation, PresentationContent, Questestinterop, Render,
    ResProcessing, RespCondition, Response, ResponseKind, ResponseLabel, Section, SetVar,
};
use common_cartridge::resource_type::ResourceKind;
use common_cartridge::validate::{self, validate_package, validate_zip};
use common_cartridge::version::{CartridgeVersion, CcVersion};
use common_cartridge::write::{NoFiles, WriteOptions, write_cartridge};
use lti_core::Severity;
use lti_core::content_packaging::Item as OrgItem;
use zip::write::SimpleFileOptions;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn shared() -> PathBuf {
    match std::env::var_os("IMS_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    }
}

fn corpus(sub: &str) -> Option<PathBuf> {
    let p = shared().join("corpus").join(sub);
    if p.is_dir() {
        Some(p)
    } else {
        println!("skipping: {} not found", p.display());
        None
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// A directory as a package (the test may do I/O; the library does not).
struct DirSource {
    root: PathBuf,
    paths: Vec<String>,
}

impl DirSource {
    fn new(root: &Path) -> Self {
        let mut files = Vec::new();
        walk(root, &mut files);
        let mut paths: Vec<String> = files
            .iter()
            .filter_map(|f| f.strip_prefix(root).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        paths.sort();
        Self {
            root: root.to_owned(),
            paths,
        }
    }
}

impl PackageSource for DirSource {
    fn contains(&self, path: &str) -> bool {
        self.paths
            .binary_search_by(|p| p.as_str().cmp(path))
            .is_ok()
    }
    fn paths(&self) -> Vec<&str> {
        self.paths.iter().map(String::as_str).collect()
    }
    fn read(&mut self, path: &str, max: u64) -> Result<Vec<u8>, PackageError> {
        let b = std::fs::read(self.root.join(path)).map_err(|e| PackageError::EntryUnreadable {
            entry: path.to_owned(),
            detail: e.to_string(),
        })?;
        assert!(b.len() as u64 <= max);
        Ok(b)
    }
}

fn counts(r: &lti_core::Report) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for p in r {
        *m.entry(format!("{} {}", p.severity, p.code)).or_insert(0) += 1;
    }
    m
}

// ---------------------------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------------------------

#[test]
fn every_corpus_cartridge_opens_and_real_problems_are_reported() {
    let Some(root) = corpus("cc") else { return };
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.retain(|f| f.extension().is_some_and(|x| x == "imscc" || x == "zip"));
    files.sort();
    assert!(
        files.len() >= 12,
        "expected the corpus cartridges, found {}",
        files.len()
    );
    let mut by_name = BTreeMap::new();
    let (mut total_errors, mut total_warnings) = (0, 0);
    for f in &files {
        let bytes = std::fs::read(f).expect("read");
        let v = validate_zip(Cursor::new(bytes), &ReadOptions::default());
        let name = f.file_name().expect("name").to_string_lossy().into_owned();
        let version = v.version.map(|v| v.label());
        assert!(version.is_some(), "{name} did not open: {:#?}", v.report);
        println!(
            "{name}: version {} errors {} warnings {} resources {}",
            version.as_deref().unwrap_or("-"),
            v.report.errors(),
            v.report.warnings(),
            v.cartridge
                .as_ref()
                .map_or(0, |c| c.manifest.resources.len())
        );
        for (k, n) in counts(&v.report) {
            println!("    {k} x{n}");
        }
        total_errors += v.report.errors();
        total_warnings += v.report.warnings();
        // Every problem has a location inside a zip entry or the package as a whole.
        for p in &v.report {
            assert!(
                matches!(
                    p.location,
                    lti_core::Location::Zip { .. } | lti_core::Location::Unknown
                ),
                "{name}: {p}"
            );
        }
        // The summary is always available for an opened cartridge.
        let s = summarize(v.cartridge.as_ref().expect("cartridge"));
        assert_eq!(s.version, version.clone().expect("v"));
        by_name.insert(name, v);
    }
    println!(
        "corpus: {} cartridges opened, {total_errors} errors and {total_warnings} warnings reported",
        files.len()
    );
    let get = |n: &str| by_name.get(n).unwrap_or_else(|| panic!("{n} in corpus"));
    // Moodle's CC 1.0 export: the version comes from the manifest.
    assert_eq!(
        get("offline_content_module_live80.v1321.imscc").version,
        Some(CartridgeVersion::CC_1_0)
    );
    // The Thin CC 1.3 export is clean.
    let thin = get("ThinCC_SU21_IM-UH_1011_AD_001_202242408.imscc");
    assert_eq!(thin.version, Some(CartridgeVersion::THIN_1_3));
    assert!(thin.report.is_empty(), "{:#?}", thin.report);
    // Canvas writes CC 1.3 manifests with CC 1.1 resource types: warnings, not errors.
    let canvas13 = get("test_01.imscc");
    assert_eq!(canvas13.version, Some(CartridgeVersion::CC_1_3));
    let mismatches: Vec<_> = canvas13
        .report
        .with_code(codes::RESOURCE_TYPE_VERSION_MISMATCH)
        .collect();
    assert!(mismatches.len() > 50);
    assert!(mismatches.iter().all(|p| p.severity == Severity::Warning));
    // ... and items whose identifierref resolves to nothing.
    assert!(canvas13.report.has_code(codes::ITEM_UNRESOLVED_REF));
    // Canvas exports quizzes of Canvas-only question types as empty CC sections.
    assert!(
        get("canvas-summer-template-export.imscc")
            .report
            .has_code(codes::QTI_STRUCTURE)
    );
    // The bracken full-feature cartridge: an unresolved item, a duplicate item identifier, LTI
    // icon/bundle references to nothing, attachments that climb out of the package.
    let full = get("cc_full_test.zip");
    for code in [
        codes::ITEM_UNRESOLVED_REF,
        codes::IDENTIFIER_DUPLICATE,
        codes::LTI_REF_UNRESOLVED,
        codes::ATTACHMENT_MISSING,
        codes::VERSION_MISMATCH,
        codes::MANIFEST_NAMESPACE_UNKNOWN,
    ] {
        assert!(full.report.has_code(code), "{code}");
    }
    // Its descriptors declare ISO-8859-1 (read as UTF-8, reported).
    assert!(full.report.has_code("xml.encoding.declared"));
    // Clean 1.1 exports stay clean.
    for n in [
        "approaches_to_lit.imscc",
        "intro_chem.imscc",
        "py4e_export.imscc",
        "cc.imscc",
    ] {
        assert!(get(n).report.is_empty(), "{n}: {:#?}", get(n).report);
    }
    // Strict mode turns the Canvas leniencies into errors.
    let bytes = std::fs::read(
        files
            .iter()
            .find(|f| f.ends_with("test_01.imscc"))
            .expect("f"),
    )
    .expect("read");
    let strict = validate_zip(Cursor::new(bytes), &ReadOptions::strict());
    assert!(
        strict
            .report
            .with_code(codes::RESOURCE_TYPE_VERSION_MISMATCH)
            .all(|p| p.severity == Severity::Error)
    );
}

#[test]
fn corpus_directories_and_loose_manifests() {
    let Some(root) = corpus("cc") else { return };
    let modules = root.join("wallacekelly-commoncartridge-core/imscc-files/modules");
    if modules.is_dir() {
        let mut src = DirSource::new(&modules);
        let v = validate_package(&mut src, &ReadOptions::default());
        assert_eq!(v.version, Some(CartridgeVersion::CC_1_1));
        println!("modules/ (directory): {:?}", counts(&v.report));
        let c = v.cartridge.expect("cartridge");
        assert!(c.descriptors.len() >= 8, "{}", c.descriptors.len());
    }
    let mut manifests = Vec::new();
    walk(&root, &mut manifests);
    manifests.retain(|f| {
        let n = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        n.ends_with("manifest.xml") || n == "manifest_simple.xml" || n == "ims_manifest_simple.xml"
    });
    let mut opened = 0;
    for f in &manifests {
        let bytes = std::fs::read(f).expect("read");
        let v = validate::validate_manifest_bytes(&bytes, &ReadOptions::default());
        println!(
            "{}: version {:?} errors {} warnings {}",
            f.display(),
            v.version.map(|v| v.label()),
            v.report.errors(),
            v.report.warnings()
        );
        if v.version.is_some() {
            opened += 1;
        }
    }
    assert!(opened >= 4, "{opened} loose manifests opened");
    // The flat 1.3 manifest: descriptors inline, read and checked in place.
    let flat = root.join("bracken-cc2html/test/fixtures/flat_imsmanifest.xml");
    if flat.is_file() {
        let v = validate::validate_manifest_bytes(
            &std::fs::read(&flat).expect("read"),
            &ReadOptions::default(),
        );
        let c = v.cartridge.expect("c");
        assert_eq!(c.descriptors.len(), 4, "{:#?}", c.descriptors.keys());
        assert!(matches!(
            c.descriptors.get("Resource4"),
            Some(Descriptor::BasicLtiLink(_))
        ));
        assert!(
            v.report.has_code(codes::IDENTIFIER_DUPLICATE),
            "I_00003 twice"
        );
    }
}

#[test]
fn corpus_manifests_round_trip_without_loss() {
    let Some(root) = corpus("cc") else { return };
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.retain(|f| f.extension().is_some_and(|x| x == "imscc" || x == "zip"));
    let mut n = 0;
    for f in files {
        let bytes = std::fs::read(&f).expect("read");
        let Ok(mut z) = ZipPackage::open(Cursor::new(bytes), &Limits::default(), false) else {
            panic!("{} does not open", f.display());
        };
        let m = z.read("imsmanifest.xml", 1 << 26).expect("manifest");
        let (a, _) = parse_manifest(&m, &ReadOptions::default()).expect("parse");
        let xml = a.to_xml();
        let (b, _) = parse_manifest(xml.as_bytes(), &ReadOptions::default()).expect("reparse");
        assert_eq!(a, b, "{}", f.display());
        n += 1;
    }
    println!("{n} corpus manifests round-tripped");
}

#[test]
fn corpus_cc_qti_files() {
    let Some(root) = corpus("qti") else { return };
    let mut files = Vec::new();
    for sub in [
        "commoncartridge-core-qti",
        "instructure-qti-fixtures",
        "pyslet-qti-data",
    ] {
        walk(&root.join(sub), &mut files);
    }
    files.retain(|f| {
        f.extension().is_some_and(|x| x == "xml" || x == "qti")
            && std::fs::read(f)
                .map(|b| String::from_utf8_lossy(&b).contains("<questestinterop"))
                .unwrap_or(false)
    });
    files.sort();
    let (mut cc, mut generic, mut unreadable) = (0, 0, 0);
    let mut problem_counts = BTreeMap::new();
    for f in &files {
        let bytes = std::fs::read(f).expect("read");
        let out = qti::validate_questestinterop(&bytes, &ReadOptions::default());
        match (&out.document, out.cc_profile) {
            (None, _) => unreadable += 1,
            (Some(_), true) => cc += 1,
            (Some(_), false) => generic += 1,
        }
        for (k, v) in counts(&out.report) {
            *problem_counts.entry(k).or_insert(0) += v;
        }
        // Every document that reads also writes and reads back to the same model.
        if let Some(q) = &out.document {
            let xml = q.to_xml(CcVersion::V1_3);
            let (q2, _) = Questestinterop::parse(xml.as_bytes(), &ReadOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}\n{xml}", f.display()));
            assert_eq!(q, &q2, "{}", f.display());
        }
    }
    println!(
        "CC-QTI corpus: {} files, {cc} in the CC profile, {generic} generic QTI 1.2, {unreadable} unreadable",
        files.len()
    );
    for (k, v) in &problem_counts {
        println!("    {k} x{v}");
    }
    assert!(files.len() >= 90, "{}", files.len());
    assert!(cc >= 5);
    assert!(generic >= 50);
}

// ---------------------------------------------------------------------------------------------
// Hostile zips
// ---------------------------------------------------------------------------------------------

fn zip_with(f: impl FnOnce(&mut zip::ZipWriter<Cursor<Vec<u8>>>)) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    f(&mut w);
    w.finish().expect("finish").into_inner()
}

fn opts() -> SimpleFileOptions {
    SimpleFileOptions::default().last_modified_time(zip::DateTime::default())
}

fn open(bytes: Vec<u8>) -> Result<ZipPackage<Cursor<Vec<u8>>>, PackageError> {
    ZipPackage::open(Cursor::new(bytes), &Limits::default(), false)
}

const MINI_MANIFEST: &str = r#"<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"><metadata><schema>IMS Common Cartridge</schema><schemaversion>1.1.0</schemaversion></metadata><organizations/><resources/></manifest>"#;

#[test]
fn zip_bomb_is_refused_without_decompressing() {
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let bytes = zip_with(|w| {
        w.start_file("imsmanifest.xml", opts()).expect("s");
        w.write_all(MINI_MANIFEST.as_bytes()).expect("w");
        w.start_file(
            "bomb.bin",
            opts().compression_method(zip::CompressionMethod::Deflated),
        )
        .expect("s");
        w.write_all(&zeros).expect("w");
    });
    assert!(bytes.len() < 200_000, "{}", bytes.len());
    let err = open(bytes.clone()).expect_err("refused");
    assert_eq!(err.code(), codes::PACKAGE_COMPRESSION_RATIO, "{err}");
    let v = validate_zip(Cursor::new(bytes.clone()), &ReadOptions::default());
    assert!(v.report.has_code(codes::PACKAGE_COMPRESSION_RATIO));
    // Size limits: per entry and in total.
    let mut limits = Limits::default();
    limits.max_compression_ratio = u64::MAX;
    limits.max_entry_bytes = 1024 * 1024;
    let err = ZipPackage::open(Cursor::new(bytes.clone()), &limits, false).expect_err("big");
    assert_eq!(err.code(), codes::PACKAGE_ENTRY_TOO_LARGE);
    let mut limits = Limits::default();
    limits.max_compression_ratio = u64::MAX;
    limits.max_total_bytes = 10 * 1024 * 1024;
    let err = ZipPackage::open(Cursor::new(bytes), &limits, false).expect_err("total");
    assert_eq!(err.code(), codes::PACKAGE_TOTAL_TOO_LARGE);
}

#[test]
fn an_entry_lying_about_its_size_is_cut_off() {
    let body = vec![b'a'; 100_000];
    let mut bytes = zip_with(|w| {
        w.start_file("imsmanifest.xml", opts()).expect("s");
        w.write_all(MINI_MANIFEST.as_bytes()).expect("w");
        w.start_file(
            "big.txt",
            opts().compression_method(zip::CompressionMethod::Deflated),
        )
        .expect("s");
        w.write_all(&body).expect("w");
    });
    // Patch the central-directory record of big.txt to declare 10 bytes uncompressed.
    let name = b"big.txt";
    let cd = (0..bytes.len() - 4)
        .rev()
        .find(|&i| bytes[i..i + 4] == *b"PK\x01\x02" && bytes[i + 46..].starts_with(name))
        .expect("central record");
    bytes[cd + 24..cd + 28].copy_from_slice(&10u32.to_le_bytes());
    let mut z = open(bytes).expect("opens: the declared sizes are harmless");
    let err = z.read("big.txt", 1 << 20).expect_err("cut off");
    assert!(
        matches!(
            err,
            PackageError::SizeMismatch { .. } | PackageError::EntryUnreadable { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn zip_slip_entries_are_refused() {
    for evil in [
        "../../etc/passwd",
        "a/../../x",
        "/etc/passwd",
        "C:/Windows/x",
        "..\\..\\x",
    ] {
        let bytes = zip_with(|w| {
            w.start_file("imsmanifest.xml", opts()).expect("s");
            w.write_all(MINI_MANIFEST.as_bytes()).expect("w");
            w.start_file(evil, opts()).expect("s");
            w.write_all(b"x").expect("w");
        });
        let err = open(bytes.clone()).expect_err(evil);
        assert!(
            err.code() == codes::PACKAGE_PARENT_PATH || err.code() == codes::PACKAGE_ABSOLUTE_PATH,
            "{evil}: {err}"
        );
        let v = validate_zip(Cursor::new(bytes), &ReadOptions::default());
        assert!(!v.is_valid(false));
        assert!(v.cartridge.is_none());
    }
}

#[test]
fn symlinks_are_refused() {
    let bytes = zip_with(|w| {
        w.start_file("imsmanifest.xml", opts()).expect("s");
        w.write_all(MINI_MANIFEST.as_bytes()).expect("w");
        w.add_symlink("link.html", "/etc/passwd", opts())
            .expect("symlink");
    });
    let err = open(bytes).expect_err("refused");
    assert_eq!(err.code(), codes::PACKAGE_SYMLINK);
    assert_eq!(err.entry(), Some("link.html"));
}

#[test]
fn too_many_entries_are_refused_before_the_central_directory_is_read() {
    let n = 100_001;
    let bytes = zip_with(|w| {
        let o = opts().compression_method(zip::CompressionMethod::Stored);
        for i in 0..n {
            w.start_file(format!("f{i}"), o).expect("s");
        }
    });
    let err = open(bytes).expect_err("refused");
    assert_eq!(err.code(), codes::PACKAGE_TOO_MANY_ENTRIES, "{err}");
    assert!(matches!(err, PackageError::TooManyEntries { count, .. } if count == n));
}

#[test]
fn nested_zips_are_not_descended() {
    // The inner archive is itself a bomb; it is stored in the outer one and never opened.
    let zeros = vec![0u8; 8 * 1024 * 1024];
    let inner = zip_with(|w| {
        w.start_file(
            "bomb.bin",
            opts().compression_method(zip::CompressionMethod::Deflated),
        )
        .expect("s");
        w.write_all(&zeros).expect("w");
    });
    let bytes = zip_with(|w| {
        w.start_file("imsmanifest.xml", opts()).expect("s");
        w.write_all(MINI_MANIFEST.as_bytes()).expect("w");
        w.start_file(
            "inner.zip",
            opts().compression_method(zip::CompressionMethod::Stored),
        )
        .expect("s");
        w.write_all(&inner).expect("w");
    });
    let z = open(bytes.clone()).expect("opens");
    assert!(
        z.open_problems()
            .iter()
            .any(|p| p.code == codes::PACKAGE_NESTED_ARCHIVE)
    );
    assert!(PackageSource::contains(&z, "inner.zip"));
    let v = validate_zip(Cursor::new(bytes), &ReadOptions::default());
    assert!(v.report.has_code(codes::PACKAGE_NESTED_ARCHIVE));
    assert!(
        !v.report
            .iter()
            .any(|p| p.is_error() && p.code.as_str().starts_with("cc.package")),
        "{:#?}",
        v.report
    );
}

#[test]
fn wrapping_folder_backslashes_and_odd_archives() {
    let bytes = zip_with(|w| {
        w.add_directory("course/", opts()).expect("d");
        w.start_file("course/imsmanifest.xml", opts()).expect("s");
        w.write_all(MINI_MANIFEST.as_bytes()).expect("w");
        w.start_file("course\\web\\a.html", opts()).expect("s");
        w.write_all(b"<p/>").expect("w");
        w.start_file("__MACOSX/course/._a.html", opts()).expect("s");
        w.write_all(b"junk").expect("w");
    });
    let z = open(bytes.clone()).expect("opens");
    assert_eq!(z.root(), "course/");
    assert_eq!(z.manifest_path(), Some("imsmanifest.xml"));
    assert!(PackageSource::contains(&z, "web/a.html"));
    assert_eq!(z.entry_name("imsmanifest.xml"), "course/imsmanifest.xml");
    assert_eq!(PackageSource::paths(&z).len(), 2, "__MACOSX is ignored");
    // Each entry keeps its stored name next to its package path.
    let names: Vec<(&str, &str)> = z
        .entries()
        .iter()
        .map(|e| (e.path.as_str(), e.name()))
        .collect();
    assert_eq!(
        names,
        [
            ("imsmanifest.xml", "course/imsmanifest.xml"),
            ("web/a.html", "course\\web\\a.html")
        ]
    );
    assert_eq!(z.entry_name("web/a.html"), "course\\web\\a.html");
    let v = validate_zip(Cursor::new(bytes.clone()), &ReadOptions::default());
    let p = v
        .report
        .with_code(codes::PACKAGE_MANIFEST_IN_FOLDER)
        .next()
        .expect("warning");
    assert_eq!(p.severity, Severity::Warning);
    assert!(v.report.has_code(codes::PACKAGE_BACKSLASH));
    let strict = validate_zip(Cursor::new(bytes), &ReadOptions::strict());
    assert!(
        strict
            .report
            .with_code(codes::PACKAGE_MANIFEST_IN_FOLDER)
            .all(|p| p.is_error())
    );
    // Not a zip at all; a zip without manifest; an encrypted-looking name is fine.
    let v = validate_zip(Cursor::new(b"not a zip".to_vec()), &ReadOptions::default());
    assert!(v.report.has_code(codes::PACKAGE_NOT_A_ZIP));
    let none = zip_with(|w| {
        w.start_file("readme.txt", opts()).expect("s");
        w.write_all(b"hi").expect("w");
    });
    let v = validate_zip(Cursor::new(none), &ReadOptions::default());
    assert!(v.report.has_code(codes::PACKAGE_MANIFEST_MISSING));
    // Entries are streamed on demand.
    let mut z = open(zip_with(|w| {
        w.start_file("imsmanifest.xml", opts()).expect("s");
        w.write_all(MINI_MANIFEST.as_bytes()).expect("w");
    }))
    .expect("opens");
    let mut r = z.open_entry("imsmanifest.xml").expect("entry");
    let mut buf = [0u8; 9];
    std::io::Read::read_exact(&mut r, &mut buf).expect("read");
    assert_eq!(&buf, b"<manifest");
    drop(r);
    assert!(z.open_entry("missing").is_err());
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

fn choice_item(
    ident: &str,
    profile: qti::QuestionProfile,
    labels: &[&str],
    correct: &[&str],
) -> Item {
    let mut it = Item::default();
    it.ident = ident.to_owned();
    it.title = Some(format!("Question {ident}"));
    it.metadata.push("cc_profile", profile.as_str());
    it.metadata.push("cc_weighting", "1");
    let card = if profile == qti::QuestionProfile::MultipleResponse {
        "Multiple"
    } else {
        "Single"
    };
    let mut render = Render::default();
    render.element = "render_choice".into();
    for l in labels {
        let mut rl = ResponseLabel::default();
        rl.ident = (*l).to_owned();
        rl.material = vec![Material::text("text/plain", format!("Choice {l}"))];
        render.labels.push(rl);
    }
    let resp = Response::new(ResponseKind::Lid, "R", card, render);
    let mut p = Presentation::default();
    p.content = vec![
        PresentationContent::Material(Material::text("text/html", "<p>Pick.</p>")),
        PresentationContent::Response(resp),
    ];
    it.presentation = Some(p);
    let mut rp = ResProcessing::default();
    let mut dv = DecVar::default();
    dv.varname = Some("SCORE".into());
    dv.vartype = Some("Decimal".into());
    rp.outcomes.push(dv);
    rp.has_outcomes = true;
    let mut rc = RespCondition::default();
    let conds: Vec<Condition> = correct
        .iter()
        .map(|c| Condition::var_equal("R", *c))
        .collect();
    rc.conditions = if conds.len() == 1 {
        conds
    } else {
        vec![Condition::And(conds)]
    };
    let mut sv = SetVar::default();
    sv.varname = Some("SCORE".into());
    sv.action = Some("Set".into());
    sv.value = "100".into();
    rc.setvars.push(sv);
    let mut df = DisplayFeedback::default();
    df.feedbacktype = Some("Response".into());
    df.linkrefid = "correct_fb".into();
    rc.feedback.push(df);
    rp.conditions.push(rc);
    it.resprocessing.push(rp);
    let mut fb = ItemFeedback::default();
    fb.ident = "correct_fb".into();
    fb.blocks.push(FeedbackBlock::FlowMat(vec![Material::text(
        "text/plain",
        "Correct!",
    )]));
    it.feedback.push(fb);
    it
}

/// A small complete cartridge of `version`, built with the typed API.
fn build(
    version: CartridgeVersion,
) -> (
    CartridgeManifest,
    BTreeMap<String, Descriptor>,
    MemoryPackage,
) {
    let v = version.version;
    let mut m = CartridgeManifest::new(version, "M_sample");
    m.set_title("Sample course", Some("en"));
    let mut ds = BTreeMap::new();
    let mut files = MemoryPackage::new();
    let mut items = Vec::new();
    let mut add_item = |id: &str, res: &str, title: &str| {
        let mut i = OrgItem::default();
        i.identifier = id.to_owned();
        i.identifierref = Some(res.to_owned());
        i.title = Some(title.to_owned());
        items.push(i);
    };
    // Web link.
    let mut wl = CartridgeResource::new("R_link", ResourceKind::WebLink, v);
    wl.add_file("R_link/link.xml");
    m.resources.push(wl);
    ds.insert(
        "R_link".into(),
        Descriptor::WebLink(WebLink::new("IMS", "https://www.imsglobal.org/")),
    );
    add_item("I_link", "R_link", "A link");
    // LTI link (CC 1.1 and later).
    if v >= CcVersion::V1_1 {
        let mut lti = CartridgeResource::new("R_lti", ResourceKind::BasicLtiLink, v);
        lti.add_file("R_lti/lti.xml");
        m.resources.push(lti);
        let mut link = BasicLtiLink::new("A tool", "https://tool.example/launch");
        link.description = Some("Launches the tool".into());
        link.custom.push(Property::new("chapter", "1"));
        let mut vendor = Vendor::default();
        vendor.code = "example".into();
        vendor.name = "Example".into();
        link.vendor = Some(vendor);
        ds.insert("R_lti".into(), Descriptor::BasicLtiLink(link));
        add_item("I_lti", "R_lti", "A tool");
    }
    if !version.is_thin() {
        // Web content with a dependency.
        let mut wc = CartridgeResource::new("R_page", ResourceKind::WebContent, v);
        wc.href = Some("pages/welcome.html".into());
        wc.add_file("pages/welcome.html");
        wc.add_dependency("R_img");
        let mut md = ResourceMetadata::default();
        let mut lom = Lom::default();
        let mut ed = Educational::default();
        ed.intended_end_user_roles
            .push(Vocabulary::new(roles_source(v), "Learner"));
        lom.educational.push(ed);
        md.lom = Some(lom);
        wc.metadata = Some(Box::new(md));
        m.resources.push(wc);
        files.insert(
            "pages/welcome.html",
            "<html><body><img src=\"../img/logo.png\"/></body></html>",
        );
        let mut img = CartridgeResource::new("R_img", ResourceKind::WebContent, v);
        img.add_file("img/logo.png");
        m.resources.push(img);
        files.insert("img/logo.png", vec![0x89, b'P', b'N', b'G', 0, 0]);
        add_item("I_page", "R_page", "Welcome");
        // Discussion with associated content.
        let mut dt = CartridgeResource::new("R_topic", ResourceKind::DiscussionTopic, v);
        dt.add_file("R_topic/topic.xml");
        dt.add_dependency("R_topic_files");
        m.resources.push(dt);
        let mut topic = DiscussionTopic::new(
            "Introductions",
            "<p>Say hello.</p><img src=\"$IMS-CC-FILEBASE$files/wave.png\"/>",
        );
        topic.attachments.push(
            common_cartridge::descriptor::discussion_topic::Attachment::new("files/wave.png"),
        );
        ds.insert("R_topic".into(), Descriptor::DiscussionTopic(topic));
        let mut ac = CartridgeResource::new("R_topic_files", ResourceKind::AssociatedContent, v);
        ac.add_file("R_topic/files/wave.png");
        m.resources.push(ac);
        files.insert("R_topic/files/wave.png", vec![1, 2, 3]);
        add_item("I_topic", "R_topic", "Introductions");
        // Assessment and question bank.
        let mut asm = CartridgeResource::new("R_quiz", ResourceKind::Assessment, v);
        asm.add_file("R_quiz/assessment.xml");
        m.resources.push(asm);
        let mut a = Assessment::default();
        a.ident = "A_quiz".into();
        a.title = Some("Quiz".into());
        a.metadata.push("cc_profile", qti::ASSESSMENT_PROFILE);
        a.metadata.push("qmd_assessmenttype", "Examination");
        let mut s = Section::default();
        s.ident = "S_root".into();
        s.items = vec![
            choice_item(
                "q1",
                qti::QuestionProfile::MultipleChoice,
                &["a", "b", "c"],
                &["b"],
            ),
            choice_item("q2", qti::QuestionProfile::TrueFalse, &["t", "f"], &["t"]),
            choice_item(
                "q3",
                qti::QuestionProfile::MultipleResponse,
                &["a", "b", "c"],
                &["a", "c"],
            ),
        ];
        a.sections.push(s);
        ds.insert(
            "R_quiz".into(),
            Descriptor::Qti(Box::new(Questestinterop::assessment(a))),
        );
        add_item("I_quiz", "R_quiz", "Quiz");
        let mut qb = CartridgeResource::new("R_bank", ResourceKind::QuestionBank, v);
        qb.add_file("R_bank/bank.xml");
        m.resources.push(qb);
        let mut bank = ObjectBank::default();
        bank.ident = "B_bank".into();
        bank.items = vec![choice_item(
            "b1",
            qti::QuestionProfile::TrueFalse,
            &["t", "f"],
            &["f"],
        )];
        ds.insert(
            "R_bank".into(),
            Descriptor::Qti(Box::new(Questestinterop::object_bank(bank))),
        );
        if v == CcVersion::V1_3 {
            // Assignment with a web-content fallback variant.
            let mut asg = CartridgeResource::new("R_hw", ResourceKind::Assignment, v);
            asg.add_file("R_hw/assignment.xml");
            asg.intended_use = Some("assignment".into());
            m.resources.push(asg);
            let mut hw = Assignment::new("Homework 1", "<p>Write an essay.</p>");
            hw.instructor_text = Some(common_cartridge::descriptor::Text::plain("Grade kindly."));
            hw.submission_formats = vec!["file".into(), "html".into()];
            ds.insert("R_hw".into(), Descriptor::Assignment(hw));
            let mut fb = CartridgeResource::new("R_hw_fallback", ResourceKind::WebContent, v);
            fb.href = Some("R_hw/fallback.html".into());
            fb.add_file("R_hw/fallback.html");
            let mut var = Variant::default();
            var.identifier = "V_hw".into();
            var.identifierref = "R_hw".into();
            fb.variants.push(var);
            m.resources.push(fb);
            files.insert("R_hw/fallback.html", "<p>Write an essay.</p>");
            add_item("I_hw", "R_hw", "Homework 1");
        }
    }
    m.set_organization("O_sample", "I_root", items);
    m.set_version(version);
    (m, ds, files)
}

fn write(version: CartridgeVersion) -> Vec<u8> {
    let (m, ds, mut files) = build(version);
    write_cartridge(
        Cursor::new(Vec::new()),
        &m,
        &ds,
        &mut files,
        &WriteOptions::default(),
    )
    .expect("write")
    .into_inner()
}

const VERSIONS: [CartridgeVersion; 6] = [
    CartridgeVersion::CC_1_0,
    CartridgeVersion::CC_1_1,
    CartridgeVersion::CC_1_2,
    CartridgeVersion::CC_1_3,
    CartridgeVersion::THIN_1_2,
    CartridgeVersion::THIN_1_3,
];

#[test]
fn written_cartridges_validate_clean_and_are_deterministic() {
    for version in VERSIONS {
        let a = write(version);
        let b = write(version);
        assert_eq!(a, b, "{version}: same input, same bytes");
        let v = validate_zip(Cursor::new(a.clone()), &ReadOptions::strict());
        assert_eq!(v.version, Some(version));
        assert!(v.report.is_empty(), "{version}: {:#?}", v.report);
        // The descriptors read back equal to what was written.
        let (_, ds, _) = build(version);
        let c = v.cartridge.expect("cartridge");
        for (id, d) in &ds {
            assert_eq!(
                c.descriptors.get(id).map(Descriptor::kind),
                Some(d.kind()),
                "{version} {id}"
            );
        }
        // Re-packing an opened cartridge gives the same bytes.
        let mut z =
            ZipPackage::open(Cursor::new(a.clone()), &Limits::default(), true).expect("open");
        let again = write_cartridge(
            Cursor::new(Vec::new()),
            &c.manifest,
            &BTreeMap::new(),
            &mut z,
            &WriteOptions::default(),
        )
        .expect("repack")
        .into_inner();
        let v2 = validate_zip(Cursor::new(again), &ReadOptions::default());
        assert_eq!(v2.report.len(), v.report.len(), "{version}");
    }
    // A Thin cartridge with no files at all.
    let (m, ds, _) = build(CartridgeVersion::THIN_1_3);
    let bytes = write_cartridge(
        Cursor::new(Vec::new()),
        &m,
        &ds,
        &mut NoFiles,
        &WriteOptions::default(),
    )
    .expect("thin")
    .into_inner();
    assert!(
        validate_zip(Cursor::new(bytes), &ReadOptions::strict())
            .report
            .is_empty()
    );
}

fn xmllint() -> Option<()> {
    match Command::new("xmllint").arg("--version").output() {
        Ok(o) if o.status.success() || !o.stderr.is_empty() => Some(()),
        _ => {
            println!("skipping: xmllint not found (apt-get install libxml2-utils)");
            None
        }
    }
}

#[test]
fn written_cc_1_1_files_are_valid_against_the_official_schemas() {
    let Some(xsd_dir) = corpus("cc/wallacekelly-commoncartridge-core/schema/ccv1p1") else {
        return;
    };
    let Some(()) = xmllint() else { return };
    let xml_xsd =
        shared().join("corpus/qti/qti-sdk-schemas/src/qtism/data/storage/xml/schemes/w3/xml.xsd");
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = xsd_dir.canonicalize().expect("abs");
    let catalog = format!(
        r#"<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <uri name="http://www.w3.org/2001/xml.xsd" uri="file://{xml}"/>
  <uri name="http://www.w3.org/2001/03/xml.xsd" uri="file://{xml}"/>
  <rewriteURI uriStartString="http://www.imsglobal.org/profile/cc/ccv1p1/LOM/" rewritePrefix="file://{d}/"/>
  <rewriteURI uriStartString="http://www.imsglobal.org/profile/cc/ccv1p1/" rewritePrefix="file://{d}/"/>
  <rewriteURI uriStartString="http://www.imsglobal.org/xsd/lti/ltiv1p0/" rewritePrefix="file://{d}/"/>
</catalog>"#,
        xml = xml_xsd
            .canonicalize()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        d = dir.display()
    );
    let catalog_path = tmp.path().join("catalog.xml");
    std::fs::write(&catalog_path, catalog).expect("catalog");
    let bytes = write(CartridgeVersion::CC_1_1);
    let mut z = ZipPackage::open(Cursor::new(bytes), &Limits::default(), true).expect("open");
    let checks = [
        ("imsmanifest.xml", "ccv1p1_imscp_v1p2_v1p0.xsd"),
        ("R_link/link.xml", "ccv1p1_imswl_v1p1.xsd"),
        ("R_topic/topic.xml", "ccv1p1_imsdt_v1p1.xsd"),
        ("R_lti/lti.xml", "imslticc_v1p0p1.xsd"),
        ("R_quiz/assessment.xml", "ccv1p1_qtiasiv1p2p1_v1p0.xsd"),
        ("R_bank/bank.xml", "ccv1p1_qtiasiv1p2p1_v1p0.xsd"),
    ];
    for (entry, xsd) in checks {
        let content = z.read(entry, 1 << 20).expect("entry");
        let path = tmp.path().join(entry.replace('/', "_"));
        std::fs::write(&path, &content).expect("write");
        let out = Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(dir.join(xsd))
            .arg(&path)
            .env("XML_CATALOG_FILES", &catalog_path)
            .output()
            .expect("xmllint runs");
        assert!(
            out.status.success(),
            "{entry} against {xsd}:\n{}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&content)
        );
        println!("xmllint: {entry} valid against {xsd}");
    }
    println!(
        "no official XSDs in the corpus for CC 1.0, 1.2, 1.3 and Thin CC: those versions are checked by our validator only"
    );
}

#[test]
fn inspect_summary_of_a_written_cartridge() {
    let bytes = write(CartridgeVersion::CC_1_3);
    let v = validate_zip(Cursor::new(bytes), &ReadOptions::default());
    let s = summarize(&v.cartridge.expect("c"));
    assert_eq!(s.version, "1.3");
    assert_eq!(s.metadata.title.as_deref(), Some("Sample course"));
    assert_eq!(s.organizations.len(), 6);
    assert_eq!(s.resources.get("assessment").map(Vec::len), Some(1));
    assert_eq!(s.counts.questions, 4);
    let json = serde_json::to_value(&s).expect("json");
    for key in ["version", "metadata", "organizations", "resources"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let text = s.to_text();
    assert!(text.contains("Common Cartridge 1.3"), "{text}");
    assert!(text.contains("Homework 1"), "{text}");
}

#[test]
fn metadata_fields_helpers() {
    let mut md = Metadata::default();
    md.push("a", "1");
    assert_eq!(md.get("a"), Some("1"));
    assert_eq!(md.count("a"), 1);
}

// ---------------------------------------------------------------------------------------------
// Conversion to QTI 2.2 / 3.0 (feature `qti`)
// ---------------------------------------------------------------------------------------------

#[cfg(feature = "qti")]
mod conversion {
    use super::*;
    use ::qti::content::BodyNode;
    use ::qti::interactions::InteractionKind;
    use ::qti::runtime::{CompiledItem, OperatorRegistry};
    use ::qti::{AssessmentItem, BaseType, Cardinality, QtiDocument, SingleValue, Value};
    use common_cartridge::convert::{
        Converted, QtiTarget, convert_cartridge, convert_questestinterop,
    };

    /// Validates many files against one QTI schema with a single xmllint run (the schema is
    /// large; loading it once per file would take minutes). Returns the failures (empty: all
    /// valid), `None` when xmllint or the schemas are absent.
    fn xmllint_qti(version: &str, files: &[PathBuf]) -> Option<Vec<String>> {
        let q = shared().join("corpus/qti");
        let xsd = match version {
            "2.2" => {
                q.join("qti-sdk-schemas/src/qtism/data/storage/xml/schemes/qtiv2p2/imsqti_v2p2.xsd")
            }
            _ => q.join("qti3-xsd-patched/qtiv3p0/imsqti_asiv3p0_sbacv1p0_v1p0.xsd"),
        };
        if !xsd.is_file() {
            println!("skipping: {} not found", xsd.display());
            return None;
        }
        xmllint()?;
        if files.is_empty() {
            return Some(Vec::new());
        }
        let mut failures = Vec::new();
        let mut validated = 0;
        // Chunks keep the command line short.
        for chunk in files.chunks(400) {
            let out = Command::new("xmllint")
                .args(["--noout", "--nonet", "--schema"])
                .arg(&xsd)
                .args(chunk)
                .env("XML_CATALOG_FILES", shared().join("tools/xsd-catalog.xml"))
                .output()
                .ok()?;
            let err = String::from_utf8_lossy(&out.stderr);
            validated += err.lines().filter(|l| l.ends_with(" validates")).count();
            // Schema-loading notes mention the schemas, not our files.
            let ours = |l: &str| chunk.iter().any(|f| l.starts_with(&*f.to_string_lossy()));
            failures.extend(
                err.lines()
                    .filter(|l| ours(l) && !l.ends_with(" validates"))
                    .map(str::to_owned),
            );
        }
        println!(
            "xmllint QTI {version}: {validated} of {} documents valid",
            files.len()
        );
        Some(failures)
    }

    fn number(v: Option<&Value>) -> Option<f64> {
        match v? {
            Value::Single(SingleValue::Float(f)) => Some(*f),
            Value::Single(SingleValue::Integer(i)) => Some(*i as f64),
            _ => None,
        }
    }

    /// Responses outside the correct response: each choice that is not correct (alone), no
    /// choice, a string and a number no test names.
    fn wrong_responses(item: &AssessmentItem, id: &str, correct: &Value) -> Vec<Value> {
        let Some(d) = item.response_declaration(id) else {
            return Vec::new();
        };
        let choices: Vec<SingleValue> = item
            .interactions()
            .into_iter()
            .filter(|i| i.response_identifier == id)
            .flat_map(|i| i.choices())
            .map(|c| SingleValue::Identifier(c.identifier.clone()))
            .filter(|c| !::qti::runtime::values::items(correct).contains(c))
            .collect();
        match (d.header.base_type, d.header.cardinality) {
            (Some(BaseType::Identifier), Cardinality::Single) => {
                let mut v: Vec<Value> = choices.into_iter().map(Value::Single).collect();
                v.push(Value::Null);
                v
            }
            (Some(BaseType::Identifier), _) => {
                let mut v: Vec<Value> = choices
                    .into_iter()
                    .map(|c| Value::Multiple(vec![c]))
                    .collect();
                v.push(Value::Null);
                v
            }
            (Some(BaseType::String), _) => {
                vec![Value::Single(SingleValue::String(
                    "\u{2603} no such answer".into(),
                ))]
            }
            (Some(BaseType::Integer), _) => vec![Value::Single(SingleValue::Integer(-987_654_321))],
            _ => vec![Value::Single(SingleValue::Float(-987_654_321.5))],
        }
    }

    #[derive(Debug, Default)]
    struct Scored {
        items: usize,
        with_correct: usize,
        with_wrong: usize,
        failures: Vec<String>,
    }

    /// Scores every converted item with the `qti` engine: the correct response must give the
    /// maximum (`MAXSCORE`), and a wrong one the minimum (the starting score, which no
    /// condition raises; items giving partial credit for some wrong answers need one wrong
    /// answer that earns nothing).
    fn score_all(out: &Converted, scored: &mut Scored) {
        let ops = OperatorRegistry::with_builtins();
        for ci in &out.items {
            scored.items += 1;
            let item = &ci.item;
            let compiled = match CompiledItem::compile(item, &ops) {
                Ok(c) => c,
                Err(e) => {
                    scored
                        .failures
                        .push(format!("{}: does not compile: {e}", ci.path));
                    continue;
                }
            };
            let correct: Vec<(String, Value)> = item
                .response_declarations
                .iter()
                .filter_map(|d| {
                    let v = d.correct_response.as_ref()?.to_value(d.header.cardinality);
                    Some((d.header.identifier.to_string(), v))
                })
                .collect();
            if correct.is_empty() || correct.len() != item.response_declarations.len() {
                continue;
            }
            scored.with_correct += 1;
            let session = compiled.score(1, correct.iter().map(|(k, v)| (k.as_str(), v.clone())));
            let max = match session {
                Ok(s) => {
                    let (score, max) = (
                        number(s.value(&compiled, "SCORE")),
                        number(s.value(&compiled, "MAXSCORE")),
                    );
                    if score.is_none() || score != max {
                        scored.failures.push(format!(
                            "{}: the correct response {correct:?} scores {score:?}, not the maximum {max:?}",
                            ci.path
                        ));
                    }
                    max
                }
                Err(e) => {
                    scored
                        .failures
                        .push(format!("{}: scoring failed: {e}", ci.path));
                    continue;
                }
            };
            // The minimum: the starting score, which a response no condition rewards keeps.
            let min = item
                .outcome_declaration("SCORE")
                .and_then(|d| d.default_value.as_ref())
                .and_then(|v| number(Some(&v.to_value(Cardinality::Single))))
                .unwrap_or(0.0);
            let candidates: Vec<(String, Vec<Value>)> = correct
                .iter()
                .map(|(k, v)| (k.clone(), wrong_responses(item, k, v)))
                .collect();
            let n = candidates.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
            if candidates.iter().any(|(_, c)| c.is_empty()) || n == 0 {
                continue;
            }
            scored.with_wrong += 1;
            let mut got = Vec::new();
            for i in 0..n {
                let wrong: Vec<(String, Value)> = candidates
                    .iter()
                    .map(|(k, c)| (k.clone(), c[i.min(c.len() - 1)].clone()))
                    .collect();
                match compiled.score(1, wrong.iter().map(|(k, v)| (k.as_str(), v.clone()))) {
                    Ok(s) => got.push((wrong, number(s.value(&compiled, "SCORE")))),
                    Err(e) => scored
                        .failures
                        .push(format!("{}: scoring failed: {e}", ci.path)),
                }
            }
            if max == Some(min) || !got.iter().any(|(_, s)| *s == Some(min)) {
                scored.failures.push(format!(
                    "{}: no wrong response scores the minimum {min} (maximum {max:?}): {got:?}",
                    ci.path
                ));
            }
        }
    }

    /// Writes every output document to `dir` (for xmllint), named by version.
    fn write_out(out: &Converted, dir: &Path, list: &mut Vec<PathBuf>) {
        for (path, xml) in out
            .items
            .iter()
            .map(|i| (&i.path, &i.xml))
            .chain(out.tests.iter().map(|t| (&t.path, &t.xml)))
        {
            let p = dir.join(format!(
                "{}_{}_{}",
                out.target.as_str(),
                list.len(),
                path.replace('/', "_")
            ));
            std::fs::write(&p, xml).expect("write");
            list.push(p);
        }
    }

    /// Every output document reads back with the `qti` reader's schema checks and passes
    /// `qti::validate` (the converter reports their problems: no errors allowed).
    fn assert_valid(out: &Converted, what: &str) {
        let errors: Vec<String> = out
            .report
            .iter()
            .filter(|p| p.is_error() || p.code.as_str().starts_with("qti."))
            .map(|p| format!("{p}"))
            .collect();
        assert!(errors.is_empty(), "{what}: {errors:#?}");
        for i in &out.items {
            let r = ::qti::validate(&QtiDocument::Item(i.item.clone()));
            assert!(r.is_empty(), "{what} {}: {r:?}", i.path);
        }
        for t in &out.tests {
            let r = ::qti::validate(&QtiDocument::Test(t.test.clone()));
            assert!(r.is_empty(), "{what} {}: {r:?}", t.path);
        }
    }

    #[test]
    fn all_six_profiles_convert_valid_and_scored_in_both_versions() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/cc/sample-course");
        let tmp = tempfile::tempdir().expect("tmp");
        let mut files: BTreeMap<&str, Vec<PathBuf>> = BTreeMap::new();
        let mut scored = Scored::default();
        for t in [QtiTarget::V2_2, QtiTarget::V3_0] {
            let xml = std::fs::read(dir.join("quiz/assessment.xml")).expect("sample quiz");
            let (q, _) = Questestinterop::parse(&xml, &ReadOptions::default()).expect("reads");
            let out = convert_questestinterop(&q, "quiz/assessment.xml", "", Some("quiz"), t);
            let profiles: Vec<_> = out.items.iter().filter_map(|i| i.profile.clone()).collect();
            assert_eq!(profiles, qti::QuestionProfile::ALL.to_vec());
            assert_valid(&out, "sample quiz");
            score_all(&out, &mut scored);
            write_out(&out, tmp.path(), files.entry(t.as_str()).or_default());
            // A written cartridge: assessment and bank, through the package.
            let v = validate_zip(
                Cursor::new(write(CartridgeVersion::CC_1_3)),
                &ReadOptions::default(),
            );
            let c = v.cartridge.expect("cartridge");
            let out = convert_cartridge(&c, None, t);
            assert_eq!(out.items.len(), 4, "{:#?}", out.report);
            assert_eq!((out.tests.len(), out.banks.len()), (1, 1));
            assert_eq!(out.banks[0].items, ["items/R_bank_b1.xml"]);
            assert!(
                out.report.iter().all(|p| p.severity == Severity::Info),
                "{:#?}",
                out.report
            );
            assert!(out.manifest.contains(t.item_type()) && out.manifest.contains(t.test_type()));
            assert_valid(&out, "written cartridge");
            score_all(&out, &mut scored);
            write_out(&out, tmp.path(), files.entry(t.as_str()).or_default());
        }
        println!(
            "sample conversions: {} items scored, {} with a correct response, {} with wrong responses",
            scored.items, scored.with_correct, scored.with_wrong
        );
        assert!(scored.failures.is_empty(), "{:#?}", scored.failures);
        // Six profiles x 2 versions, of which the essay has no correct response; 4 x 2 choice
        // items of the written cartridge.
        assert_eq!(
            (scored.items, scored.with_correct, scored.with_wrong),
            (20, 18, 18)
        );
        for (v, files) in &files {
            if let Some(failures) = xmllint_qti(v, files) {
                assert!(failures.is_empty(), "{failures:#?}");
            }
        }
        // Body content of every profile is typed (interactions inside the body).
        let xml = std::fs::read(dir.join("quiz/assessment.xml")).expect("sample quiz");
        let (q, _) = Questestinterop::parse(&xml, &ReadOptions::default()).expect("reads");
        let out = convert_questestinterop(&q, "", "", None, QtiTarget::V2_2);
        let fib = &out.items[3].item;
        let Some(BodyNode::Html(p)) = fib.item_body.as_ref().and_then(|b| b.content.get(1)) else {
            panic!("{:?}", fib.item_body)
        };
        assert!(
            matches!(&p.children[0], BodyNode::Interaction(i) if matches!(i.kind, InteractionKind::TextEntry(_)))
        );
    }

    /// Converts the corpus's cartridges (Canvas, Moodle, others) and CC-QTI documents; checks
    /// validity (qti reader + validate, xmllint for both versions) and scoring.
    #[test]
    fn corpus_assessments_convert_valid_and_scored() {
        let tmp = tempfile::tempdir().expect("tmp");
        let mut written: BTreeMap<&str, Vec<PathBuf>> = BTreeMap::new();
        let mut scored = Scored::default();
        let mut codes_seen: BTreeMap<String, usize> = BTreeMap::new();
        let (mut cartridges, mut docs, mut items, mut tests, mut banks) = (0, 0, 0, 0, 0);
        let mut tally = |out: &Converted| {
            for p in &out.report {
                *codes_seen.entry(p.code.as_str().to_owned()).or_insert(0) += 1;
            }
        };
        if let Some(root) = corpus("cc") {
            let mut files = Vec::new();
            walk(&root, &mut files);
            files.retain(|f| f.extension().is_some_and(|x| x == "imscc" || x == "zip"));
            files.sort();
            for f in &files {
                let bytes = std::fs::read(f).expect("read");
                let v = validate_zip(Cursor::new(bytes.clone()), &ReadOptions::default());
                let Some(c) = v.cartridge else { continue };
                let zip =
                    ZipPackage::open(Cursor::new(bytes), &Limits::default(), false).expect("zip");
                let mut any = false;
                for t in [QtiTarget::V2_2, QtiTarget::V3_0] {
                    let out = convert_cartridge(&c, Some(&zip as &dyn PackageSource), t);
                    any |= !out.items.is_empty();
                    items += out.items.len();
                    tests += out.tests.len();
                    banks += out.banks.len();
                    assert_valid(&out, &f.display().to_string());
                    score_all(&out, &mut scored);
                    tally(&out);
                    write_out(&out, tmp.path(), written.entry(t.as_str()).or_default());
                }
                cartridges += usize::from(any);
            }
        }
        if let Some(root) = corpus("qti") {
            let mut files = Vec::new();
            for sub in [
                "commoncartridge-core-qti",
                "instructure-qti-fixtures",
                "pyslet-qti-data",
            ] {
                walk(&root.join(sub), &mut files);
            }
            files.retain(|f| {
                f.extension().is_some_and(|x| x == "xml" || x == "qti")
                    && std::fs::read(f)
                        .map(|b| String::from_utf8_lossy(&b).contains("<questestinterop"))
                        .unwrap_or(false)
            });
            files.sort();
            for f in &files {
                let bytes = std::fs::read(f).expect("read");
                let Ok((q, _)) = Questestinterop::parse(&bytes, &ReadOptions::default()) else {
                    continue;
                };
                docs += 1;
                for t in [QtiTarget::V2_2, QtiTarget::V3_0] {
                    let out = convert_questestinterop(
                        &q,
                        "",
                        &format!("d{docs}_"),
                        Some(&format!("T{docs}")),
                        t,
                    );
                    items += out.items.len();
                    tests += out.tests.len();
                    banks += out.banks.len();
                    assert_valid(&out, &f.display().to_string());
                    score_all(&out, &mut scored);
                    tally(&out);
                    write_out(&out, tmp.path(), written.entry(t.as_str()).or_default());
                }
            }
        }
        if cartridges + docs == 0 {
            return;
        }
        println!(
            "corpus conversion: {cartridges} cartridges and {docs} QTI 1.2 documents; {items} items, {tests} tests, {banks} banks written (2.2 + 3.0); {} items scored with the qti engine ({} with a correct response scoring the maximum, {} with a wrong response scoring the minimum)",
            scored.items, scored.with_correct, scored.with_wrong
        );
        for (k, v) in &codes_seen {
            println!("    {k} x{v}");
        }
        assert!(
            scored.failures.is_empty(),
            "{} failures: {:#?}",
            scored.failures.len(),
            scored.failures
        );
        assert!(items >= 200, "{items}");
        assert!(scored.with_correct >= 100, "{scored:?}");
        for (v, files) in &written {
            if let Some(failures) = xmllint_qti(v, files) {
                assert!(
                    failures.is_empty(),
                    "{} failures: {:#?}",
                    failures.len(),
                    failures.iter().take(30).collect::<Vec<_>>()
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Property tests: generated manifests and CC-QTI items round-trip through XML
// ---------------------------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn ident() -> impl Strategy<Value = String> {
        "[A-Za-z_][A-Za-z0-9_.-]{0,12}"
    }

    fn text() -> impl Strategy<Value = String> {
        // Printable text including markup characters and non-ASCII.
        "[a-zA-Z0-9 <>&'\"é€.]{1,24}"
            .prop_map(|s| s.trim().to_owned())
            .prop_filter("non-empty", |s| !s.is_empty())
    }

    fn kind() -> impl Strategy<Value = ResourceKind> {
        prop_oneof![
            Just(ResourceKind::WebContent),
            Just(ResourceKind::AssociatedContent),
            Just(ResourceKind::DiscussionTopic),
            Just(ResourceKind::WebLink),
            Just(ResourceKind::Assessment),
            Just(ResourceKind::QuestionBank),
            Just(ResourceKind::BasicLtiLink),
            Just(ResourceKind::Assignment),
        ]
    }

    fn version() -> impl Strategy<Value = CartridgeVersion> {
        prop_oneof![
            Just(CartridgeVersion::CC_1_0),
            Just(CartridgeVersion::CC_1_1),
            Just(CartridgeVersion::CC_1_2),
            Just(CartridgeVersion::CC_1_3),
            Just(CartridgeVersion::THIN_1_2),
            Just(CartridgeVersion::THIN_1_3),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn manifests_round_trip(
            v in version(),
            title in text(),
            resources in proptest::collection::vec((ident(), kind(), text(), proptest::option::of(text())), 0..8),
        ) {
            let mut m = CartridgeManifest::new(v, "M");
            m.set_title(&title, None);
            let mut items = Vec::new();
            for (i, (id, k, t, href)) in resources.iter().enumerate() {
                let id = format!("{id}_{i}");
                let mut r = CartridgeResource::new(&id, *k, v.version);
                if let Some(h) = href {
                    r.href = Some(h.clone());
                    r.add_file(h.clone());
                }
                r.add_file(format!("{id}/file.xml"));
                m.resources.push(r);
                let mut it = OrgItem::default();
                it.identifier = format!("I{i}");
                it.identifierref = Some(id);
                it.title = Some(t.clone());
                items.push(it);
            }
            m.set_organization("O", "ROOT", items);
            let xml = m.to_xml();
            let (back, report) = parse_manifest(xml.as_bytes(), &ReadOptions::default()).expect("reads");
            prop_assert_eq!(&back, &m, "{}", xml);
            prop_assert!(!report.has_errors(), "{:?}", report);
        }

        #[test]
        fn choice_items_round_trip(
            labels in proptest::collection::vec(text(), 2..6),
            prompt in text(),
            correct in 0usize..6,
        ) {
            let ids: Vec<String> = (0..labels.len()).map(|i| format!("c{i}")).collect();
            let c = ids[correct % ids.len()].clone();
            let profile = if ids.len() == 2 { qti::QuestionProfile::TrueFalse } else { qti::QuestionProfile::MultipleChoice };
            let mut it = choice_item("q", profile, &ids.iter().map(String::as_str).collect::<Vec<_>>(), &[c.as_str()]);
            if let Some(p) = &mut it.presentation {
                p.content[0] = PresentationContent::Material(Material::text("text/plain", prompt));
                if let PresentationContent::Response(r) = &mut p.content[1]
                    && let Some(render) = &mut r.render
                {
                    for (l, t) in render.labels.iter_mut().zip(&labels) {
                        l.material = vec![Material::text("text/plain", t.clone())];
                    }
                }
            }
            let mut s = Section::default();
            s.ident = "S".into();
            s.items = vec![it];
            let mut a = Assessment::default();
            a.ident = "A".into();
            a.title = Some("T".into());
            a.sections = vec![s];
            let q = Questestinterop::assessment(a);
            let xml = q.to_xml(CcVersion::V1_3);
            let out = qti::validate_questestinterop(xml.as_bytes(), &ReadOptions::default());
            prop_assert!(out.report.is_empty(), "{:?}\n{}", out.report, xml);
            let q1 = out.document.expect("read");
            // The same question: prompt, choices, correct answer.
            let item = q1.all_items()[0];
            let labels_back: Vec<String> = item.responses()[0]
                .labels()
                .iter()
                .map(|l| l.material[0].plain_text())
                .collect();
            prop_assert_eq!(&labels_back, &labels);
            prop_assert_eq!(item.all_conditions()[0].respident(), Some("R"));
            // And a fixed point: written again, read again, equal.
            let xml2 = q1.to_xml(CcVersion::V1_3);
            let (q2, _) = Questestinterop::parse(xml2.as_bytes(), &ReadOptions::default()).expect("again");
            prop_assert_eq!(q1, q2);
        }
    }
}
