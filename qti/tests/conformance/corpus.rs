//! Conformance over `../shared/corpus/qti`: every QTI 2.x/3.0 document parses; the ones meant to
//! be valid validate with no errors (strict mode: XSD-equivalent checks and semantic rules) and
//! round-trip canonical-equal; the ones judged invalid are rejected with the expected problem.

use std::collections::BTreeMap;
use std::path::Path;

use qti::{QtiDocument, ReadOptions};

use crate::common::{canonical, files, first_difference, qti_corpus};

/// Documents judged invalid, with the problem code expected and the reason: `(path relative
/// to the corpus, code, reason)`. A path ending in `/` covers a whole folder.
const JUDGED_INVALID: &[(&str, &str, &str)] = &include!("judged_invalid.in");

/// How the test treats a corpus file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// A QTI 2.x/3.0 item, test, section, stimulus or results document.
    Document,
    /// A QTI element that is not a document root (qti-sdk rendering samples): schema-checked.
    Fragment,
    /// Not well-formed XML.
    Malformed,
    /// Another vocabulary (QTI 1.2, manifests, Canvas files, LOM…), checked elsewhere or not ours.
    Other,
}

fn classify(bytes: &[u8]) -> Class {
    let Ok(root) = lti_core::xml::sniff_root(bytes, &lti_core::xml::Limits::default()) else {
        return Class::Malformed;
    };
    let ns = root.name.ns.as_deref().unwrap_or_default();
    let qti_ns = qti::Version::from_namespace(ns).is_some()
        || qti::Version::from_results_namespace(ns).is_some();
    let local = root.name.local.as_str();
    let doc_root = matches!(
        local,
        "assessmentItem"
            | "assessmentTest"
            | "assessmentSection"
            | "assessmentStimulus"
            | "assessmentResult"
            | "qti-assessment-item"
            | "qti-assessment-test"
            | "qti-assessment-section"
            | "qti-assessment-stimulus"
    );
    // QTI roots in no namespace or an unknown QTI-like namespace are documents too (read
    // leniently, judged invalid).
    let qti_like = ns.is_empty() || ns.contains("imsqti") || ns.contains("imsglobal.org/xsd/qti");
    match (qti_ns, doc_root) {
        (_, true) if qti_ns || qti_like => Class::Document,
        (true, false) => Class::Fragment,
        _ => Class::Other,
    }
}

fn judged(rel: &str) -> Option<(&'static str, &'static str)> {
    JUDGED_INVALID.iter().find_map(|(p, code, why)| {
        let hit = if p.ends_with('/') {
            rel.starts_with(p)
        } else {
            rel == *p
        };
        hit.then_some((*code, *why))
    })
}

#[derive(Default, Debug)]
struct Counts {
    documents: usize,
    valid: usize,
    judged_invalid: usize,
    round_trip_equal: usize,
    fragments: usize,
    malformed: usize,
    other: usize,
}

#[test]
fn corpus_conformance() {
    let Some(root) = qti_corpus() else { return };
    let dump = std::env::var_os("QTI_CONFORMANCE_DUMP").is_some();
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut used_entries = std::collections::HashSet::new();
    for path in files(&root, &["xml", "qti"]) {
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("qti-sdk-schemas/") || rel.starts_with("qti3-xsd-patched/") {
            continue;
        }
        let corpus = rel.split('/').next().unwrap_or_default().to_owned();
        let c = counts.entry(corpus).or_default();
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        match classify(&bytes) {
            Class::Other => c.other += 1,
            Class::Malformed => {
                c.malformed += 1;
                if qti::parse(&bytes, &ReadOptions::default()).is_ok() {
                    failures.push(format!("{rel}: not well-formed, but read"));
                }
            }
            Class::Fragment => {
                c.fragments += 1;
                let problems = qti::schema::check_document(&bytes, true).unwrap_or_default();
                let errors: Vec<String> = problems
                    .iter()
                    .filter(|p| p.is_error())
                    .map(ToString::to_string)
                    .collect();
                match judged(&rel) {
                    Some((code, _)) => {
                        used_entries.insert(rel.clone());
                        if !problems.iter().any(|p| p.code == code) {
                            failures.push(format!("{rel}: fragment judged invalid ({code}) but not reported: {errors:?}"));
                        }
                    }
                    None if !errors.is_empty() => {
                        failures.push(format!("{rel}: fragment: {}", errors.join(" | ")));
                    }
                    None => {}
                }
            }
            Class::Document => {
                c.documents += 1;
                if let Some(f) = unchecked_reads_the_same(&bytes) {
                    failures.push(format!("{rel}: {f}"));
                }
                let verdict = check_document(&bytes);
                match (judged(&rel), verdict) {
                    (None, Ok(equal)) => {
                        c.valid += 1;
                        if equal {
                            c.round_trip_equal += 1;
                        }
                    }
                    (None, Err(problems)) => {
                        if dump {
                            println!(
                                "DUMP (\"{rel}\", \"{}\", \"\"),",
                                problems.first().map(|p| p.0.clone()).unwrap_or_default()
                            );
                        }
                        failures.push(format!(
                            "{rel}: expected valid: {}",
                            problems
                                .iter()
                                .map(|p| p.1.clone())
                                .take(3)
                                .collect::<Vec<_>>()
                                .join(" | ")
                        ));
                    }
                    (Some((code, why)), Ok(_)) => {
                        failures.push(format!(
                            "{rel}: judged invalid ({code}: {why}) but no error was found"
                        ));
                    }
                    (Some((code, _)), Err(problems)) => {
                        used_entries.insert(rel.clone());
                        c.judged_invalid += 1;
                        if !problems.iter().any(|p| p.0 == code) {
                            failures.push(format!(
                                "{rel}: judged invalid with {code}, found {:?}",
                                problems.iter().map(|p| p.0.clone()).collect::<Vec<_>>()
                            ));
                        }
                    }
                }
            }
        }
    }
    println!("per-corpus counts:");
    let mut total = Counts::default();
    for (name, c) in &counts {
        println!(
            "  {name}: {} QTI 2/3 documents ({} valid, {} round-trip canonical-equal, {} judged invalid), {} fragments, {} not well-formed, {} other vocabularies",
            c.documents,
            c.valid,
            c.round_trip_equal,
            c.judged_invalid,
            c.fragments,
            c.malformed,
            c.other
        );
        total.documents += c.documents;
        total.valid += c.valid;
        total.round_trip_equal += c.round_trip_equal;
        total.judged_invalid += c.judged_invalid;
    }
    println!(
        "  total: {} documents, {} valid, {} round-trip equal, {} judged invalid",
        total.documents, total.valid, total.round_trip_equal, total.judged_invalid
    );
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} conformance failures (see output)",
        failures.len()
    );
    assert_eq!(
        total.valid, total.round_trip_equal,
        "every valid document round-trips canonical-equal"
    );
}

/// Reading without the schema checks builds the same model as reading with them (the reader
/// takes shortcuts only without the checker, such as stepping over indentation without an
/// event). `Some(what differs)` otherwise.
fn unchecked_reads_the_same(bytes: &[u8]) -> Option<String> {
    match (
        qti::parse(bytes, &ReadOptions::default()),
        qti::parse(bytes, &ReadOptions::unchecked()),
    ) {
        (Ok((checked, _)), Ok((unchecked, _))) if checked != unchecked => {
            Some("the unchecked read builds a different model".to_owned())
        }
        (Ok((_, checked)), Ok((_, unchecked))) => {
            // The checked read's problems are the unchecked read's plus the schema checker's
            // (the checker sees every event it needs: the reader's shortcuts change nothing).
            let schema = qti::schema::check_document(bytes, false).unwrap_or_default();
            // A root the schemas do not declare (no QTI namespace): `parse` runs no checker.
            if schema.iter().any(|p| p.code == "qti.schema.root-unknown") {
                return None;
            }
            let key = |p: &lti_core::Problem| p.to_string();
            let mut want: Vec<String> = unchecked.iter().chain(schema.iter()).map(key).collect();
            let mut got: Vec<String> = checked.iter().map(key).collect();
            want.sort();
            got.sort();
            (want != got).then(|| {
                let missing: Vec<&String> = want.iter().filter(|w| !got.contains(w)).take(2).collect();
                let extra: Vec<&String> = got.iter().filter(|g| !want.contains(g)).take(2).collect();
                format!("the checked read's problems are not the unchecked read's plus the schema check's: missing {missing:?}, extra {extra:?}")
            })
        }
        (Ok(_), Err(e)) => Some(format!("read with the checks, but not without: {e}")),
        (Err(e), Ok(_)) => Some(format!("read without the checks, but not with: {e}")),
        (Err(a), Err(b)) if a.code() != b.code() => Some(format!(
            "not read, with different errors: {a} (checked) and {b} (unchecked)"
        )),
        (Err(_), Err(_)) => None,
    }
}

/// Reads strictly, validates, writes back in the same version. `Ok(round_trip_equal)` when
/// there is no error; `Err((code, message))` for every error otherwise.
fn check_document(bytes: &[u8]) -> Result<bool, Vec<(String, String)>> {
    let (doc, mut report) = match qti::parse(bytes, &ReadOptions::strict()) {
        Ok(x) => x,
        Err(e) => return Err(vec![(e.code().to_owned(), e.to_string())]),
    };
    report.extend(qti::validate(&doc).problems);
    let errors: Vec<(String, String)> = report
        .iter()
        .filter(|p| p.is_error())
        .map(|p| (p.code.to_string(), p.to_string()))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(round_trips(bytes, &doc))
}

fn round_trips(bytes: &[u8], doc: &QtiDocument) -> bool {
    let out = qti::write(doc, doc.version());
    let (Some(a), Some(b)) = (canonical(bytes), canonical(out.xml.as_bytes())) else {
        return false;
    };
    if a != b {
        println!(
            "round trip differs: {}",
            first_difference(&a, &b, "").unwrap_or_default()
        );
        return false;
    }
    true
}

#[test]
fn corpus_packages() {
    let Some(root) = qti_corpus() else { return };
    let mut checked = 0;
    for manifest in files(&root, &["xml"])
        .into_iter()
        .filter(|p| p.ends_with("imsmanifest.xml"))
    {
        let dir = manifest.parent().unwrap_or_else(|| Path::new("."));
        let Ok(bytes) = std::fs::read(&manifest) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let qti23 = [
            "imsqti_item_xmlv2",
            "imsqti_test_xmlv2",
            "imsqti_item_xmlv3",
            "imsqti_test_xmlv3",
        ]
        .iter()
        .any(|t| text.contains(t));
        if !qti23 {
            continue;
        }
        let src = DirSource(dir.to_path_buf());
        let rel = dir
            .strip_prefix(&root)
            .unwrap_or(dir)
            .to_string_lossy()
            .into_owned();
        match qti::package::read_package(&src, &ReadOptions::default()) {
            Ok((pkg, report)) => {
                checked += 1;
                // The corpus keeps XML and text only (images, stylesheets and media were left out
                // when it was collected), so missing non-XML files are not counted.
                let errors: Vec<String> = report
                    .iter()
                    .filter(|p| p.is_error())
                    .filter(|p| {
                        p.code != qti::codes::PACKAGE_FILE_MISSING || p.message.contains(".xml\"")
                    })
                    .map(ToString::to_string)
                    .collect();
                println!(
                    "package {rel}: {} QTI resources, {} errors, {} warnings",
                    pkg.resources.len(),
                    errors.len(),
                    report.iter().filter(|p| !p.is_error()).count()
                );
                let expected = PACKAGES_WITH_ERRORS.iter().find(|(p, _, _)| *p == rel);
                match expected {
                    Some((_, code, _)) => {
                        assert!(report.has_code(code), "{rel}: expected {code}: {errors:?}")
                    }
                    None => assert!(errors.is_empty(), "{rel}: {errors:#?}"),
                }
            }
            Err(e) => panic!("{rel}: {e}"),
        }
    }
    println!("{checked} QTI 2.x/3.0 packages checked");
}

/// Packages with errors, and why: `(folder relative to the corpus, code, reason)`.
const PACKAGES_WITH_ERRORS: &[(&str, &str, &str)] = &[
    (
        "citolab-qti-components-assets/public/assets/api/kennisnet-1",
        "qti.interaction.declaration-mismatch",
        "its items bind interactions to declarations of the wrong type (hottext to string, match to identifier with 'A1 B1' values); see the item entries of JUDGED_INVALID",
    ),
    (
        "citolab-qti-components-assets/public/assets/api/kennisnet-2",
        "qti.value.invalid",
        "its match items declare identifier responses with pair values ('A1 B1'); see JUDGED_INVALID",
    ),
    (
        "citolab-qti-components-assets/public/assets/qti-portable-interaction/pci-conformance",
        "qti.schema.element-unexpected",
        "its items put qti-stylesheet inside qti-portable-custom-interaction, which the 3.0 schema does not allow there",
    ),
    (
        "instructure-qti-fixtures/spec/fixtures/package_shared",
        "qti.package.file-missing",
        "the manifest lists example/graphic_order.xml, which the fixture does not contain",
    ),
    (
        "instructure-qti-fixtures/spec/fixtures/test_qti_2.1_taxonpath",
        "cp.attribute.missing",
        "the manifest element has no identifier, which IMS CP requires",
    ),
];

struct DirSource(std::path::PathBuf);

impl qti::package::PackageSource for DirSource {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(self.0.join(path)).ok()
    }
    fn exists(&self, path: &str) -> bool {
        self.0.join(path).is_file()
    }
}
