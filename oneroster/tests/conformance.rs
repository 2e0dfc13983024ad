//! Conformance tests: the shared corpus (skipped with a message when absent), the official 1.2
//! OpenAPI schemas (validated with the `jsonschema` crate), sets written by this crate, and
//! property tests for CSV and JSON round trips.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use oneroster::convert::{ToJsonOptions, csv_to_json};
use oneroster::csv::{
    CsvSource, FileKind, MemorySource, RowSink, RowView, SourceError, WriteOptions, ZipSource,
    read_dataset, read_set_with, validate_set, write_set,
};
use oneroster::json::{JsonWriteOptions, Payload, read_payload, write_dataset};
use oneroster::{Dataset, Limits, Version, codes};
use serde_json::Value;

fn shared() -> PathBuf {
    std::env::var_os("IMS_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

fn corpus() -> Option<PathBuf> {
    let p = shared().join("corpus/oneroster");
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

fn codes_of(r: &lti_core::Report) -> BTreeSet<String> {
    r.iter().map(|p| p.code.to_string()).collect()
}

const EDFI_11: &str = "Ed-Fi-Exchange-OSS-LMS-Toolkit/OneRoster_1.1_Sample_Data";
const EDFI_10: &str = "Ed-Fi-Exchange-OSS-LMS-Toolkit/OneRoster_1.0_Sample_Data";
const MOODLE_MIN: &str = "moodle-enrol_oneroster/Test_minimal_data_set";
const MOODLE_FULL: &str = "moodle-enrol_oneroster/Test_full_data_set";

/// The sample sets validate without errors; every warning is one of the justified ones
/// (CONFORMANCE.md explains each).
#[test]
fn corpus_sample_sets_have_no_errors() {
    let Some(c) = corpus() else { return };
    let expected: &[(&str, &[&str])] = &[
        // manifest.version "1"; two teacher rows with a trailing empty field.
        (
            EDFI_11,
            &[
                codes::MANIFEST_VERSION_FORM,
                codes::CSV_TRAILING_EMPTY_FIELDS,
            ],
        ),
        // `Scheduled` and `TRUE`: values in the wrong case.
        (MOODLE_MIN, &[codes::VALUE_CASE]),
        // Bulk files with status/dateLastModified, `tobedeleted` and `inactive` in bulk,
        // dates where date-times belong, parents outside the set, wrong case.
        (
            MOODLE_FULL,
            &[
                codes::VALUE_CASE,
                codes::BULK_LIFECYCLE_PRESENT,
                codes::BULK_TOBEDELETED,
                codes::VALUE_DEPRECATED,
                codes::VALUE_DATE_LENIENT,
                codes::REFERENCE_UNRESOLVED_OPTIONAL,
            ],
        ),
    ];
    for (set, allowed) in expected {
        let r = validate_set(&mut DirSource(c.join(set)), &Limits::default());
        for p in &r.report {
            println!("{set}: {p}");
        }
        assert_eq!(r.version, Some(Version::V1_1), "{set}");
        assert_eq!(r.report.errors(), 0, "{set}");
        let got = codes_of(&r.report);
        let allowed: BTreeSet<String> = allowed.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(got, allowed, "{set}");
    }
    // The 1.0 set has no manifest: reported, not read.
    let r = validate_set(&mut DirSource(c.join(EDFI_10)), &Limits::default());
    assert!(r.report.has_code(codes::MANIFEST_MISSING));
    assert_eq!(r.version, None);
}

/// Specific places the validator names in the corpus.
#[test]
fn corpus_problem_locations() {
    let Some(c) = corpus() else { return };
    let r = validate_set(&mut DirSource(c.join(EDFI_11)), &Limits::default());
    let rows: Vec<String> = r
        .report
        .with_code(codes::CSV_TRAILING_EMPTY_FIELDS)
        .map(|p| p.location.to_string())
        .collect();
    assert_eq!(rows, ["users.csv row 10", "users.csv row 11"]);
    let r = validate_set(&mut DirSource(c.join(MOODLE_FULL)), &Limits::default());
    let parents: Vec<String> = r
        .report
        .with_code(codes::REFERENCE_UNRESOLVED_OPTIONAL)
        .map(|p| p.location.to_string())
        .collect();
    assert!(parents.contains(&"orgs.csv row 2, column parentSourcedId".to_owned()));
    assert!(parents.contains(&"academicSessions.csv row 3, column parentSourcedId".to_owned()));
}

fn sets_to_check() -> Vec<(String, Box<dyn CsvSource>)> {
    let mut v: Vec<(String, Box<dyn CsvSource>)> = vec![(
        "examples/data/oneroster/csv-1.2-bulk".into(),
        Box::new(DirSource(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/oneroster/csv-1.2-bulk"),
        )),
    )];
    if let Some(c) = corpus() {
        for s in [EDFI_11, MOODLE_MIN, MOODLE_FULL] {
            v.push((s.into(), Box::new(DirSource(c.join(s)))));
        }
    }
    v
}

/// Sets read and written back by this crate validate without errors, in both versions, with
/// byte-exact headers; our own sample set round-trips with no problem at all.
#[test]
fn written_sets_validate_clean() {
    for (name, mut src) in sets_to_check() {
        let (data, rep) = read_dataset(src.as_mut(), &Limits::default());
        let v = rep.version.unwrap_or(Version::V1_2);
        for version in [v, Version::V1_1, Version::V1_2] {
            let files = write_set(&data, &WriteOptions::bulk(version));
            let mut mem = MemorySource::new();
            for (n, b) in &files {
                mem.insert(n.clone(), b.clone());
            }
            let r = validate_set(&mut mem, &Limits::default());
            let errors: Vec<String> = r
                .report
                .iter()
                .filter(|p| p.is_error())
                .map(ToString::to_string)
                .collect();
            assert!(errors.is_empty(), "{name} as {version}: {errors:#?}");
            for (n, b) in &files {
                if let Some(kind) = FileKind::from_file_name(n) {
                    let header = kind.header_line(version);
                    assert!(
                        b.starts_with(header.as_bytes()),
                        "{name} {n}: header not byte-exact"
                    );
                }
            }
            if name.starts_with("examples") && version == v {
                assert!(r.report.is_empty(), "{:#?}", r.report);
                let (again, _) = read_dataset(&mut mem, &Limits::default());
                assert_eq!(again, data, "our set round-trips");
                // Deterministic output.
                assert_eq!(write_set(&again, &WriteOptions::bulk(version)), files);
            }
        }
    }
}

/// A zipped set reads like a directory.
#[test]
fn zipped_set() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/oneroster/csv-1.2-bulk");
    let (data, _) = read_dataset(&mut DirSource(dir), &Limits::default());
    let cursor = oneroster::csv::writer::write_set_zip(
        &data,
        &WriteOptions::bulk(Version::V1_2),
        std::io::Cursor::new(Vec::new()),
    )
    .unwrap();
    let mut z =
        ZipSource::new(std::io::Cursor::new(cursor.into_inner()), Limits::default()).unwrap();
    let r = validate_set(&mut z, &Limits::default());
    assert!(r.report.is_empty(), "{:#?}", r.report);
    assert_eq!(r.files.len(), 11);
}

struct Schemas {
    docs: Vec<Value>,
}

impl Schemas {
    fn load() -> Option<Self> {
        let dir = corpus()?.join("1edtech-openapi-v1p2");
        let mut docs = Vec::new();
        for f in [
            "onerosterv1p2rostersservice_openapi3_v1p0.json",
            "onerosterv1p2gradebookservice_openapi3_v1p0.json",
            "onerosterv1p2resourcesservice_openapi3_v1p0.json",
        ] {
            let text = std::fs::read_to_string(dir.join(f)).ok()?;
            docs.push(serde_json::from_str(&text).ok()?);
        }
        Some(Self { docs })
    }

    /// Validates `instance` against component schema `name` (from whichever file has it).
    fn check(&self, name: &str, instance: &Value) -> Vec<String> {
        let doc = self
            .docs
            .iter()
            .find(|d| d["components"]["schemas"].get(name).is_some())
            .unwrap_or_else(|| panic!("no schema {name}"));
        let schema = serde_json::json!({
            "$ref": format!("#/components/schemas/{name}"),
            "components": doc["components"],
        });
        let v = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("schema {name}: {e}"));
        v.iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect()
    }
}

fn set_dto(collection: &str) -> &'static str {
    match collection {
        "orgs" => "OrgSetDType",
        "academicSessions" => "AcademicSessionSetDType",
        "courses" => "CourseSetDType",
        "classes" => "ClassSetDType",
        "users" => "UserSetDType",
        "enrollments" => "EnrollmentSetDType",
        "demographics" => "DemographicsSetDType",
        "categories" => "CategoriesSetDType",
        "lineItems" => "LineItemSetDType",
        "results" => "ResultSetDType",
        "scoreScales" => "ScoreScaleSetDType",
        "resources" => "ResourceSetDType",
        "assessmentLineItems" => "AssessmentLineItemSetDType",
        "assessmentResults" => "AssessmentResultSetDType",
        other => panic!("no set schema for {other}"),
    }
}

/// Our 1.2 JSON, converted from every sample set, validates against the official OpenAPI
/// component schemas (each collection against its `*SetDType`).
#[test]
fn json_validates_against_official_openapi_schemas() {
    let Some(schemas) = Schemas::load() else {
        return;
    };
    let stamp = chrono::DateTime::parse_from_rfc3339("2024-09-10T12:00:00Z").ok();
    let mut checked = 0;
    for (name, mut src) in sets_to_check() {
        let mut opts = ToJsonOptions::new(Version::V1_2, stamp);
        opts.json = JsonWriteOptions::new(Version::V1_2).with_href_root("https://sis.example.org");
        let (mut value, _) = csv_to_json(src.as_mut(), &Limits::default(), &opts);
        if name != "examples/data/oneroster/csv-1.2-bulk" {
            // 1.1 sets: write them as 1.2 (the converter maps role/orgs to roles).
            let (data, _) = read_dataset(src.as_mut(), &Limits::default());
            let mut data: Dataset = data;
            oneroster::convert::for_each_base_mut(&mut data, |b| {
                b.status.get_or_insert(oneroster::vocab::Status::Active);
                if b.date_last_modified.is_none() {
                    b.date_last_modified = stamp;
                }
            });
            value = write_dataset(&data, &opts.json);
        }
        let Value::Object(map) = &value else { panic!() };
        for (coll, items) in map {
            let doc = serde_json::json!({ coll.clone(): items });
            let errors = schemas.check(set_dto(coll), &doc);
            assert!(errors.is_empty(), "{name} {coll}: {errors:#?}");
            checked += items.as_array().map_or(0, Vec::len);
        }
        // And our reader accepts it with no error.
        let bytes = serde_json::to_vec(&value).unwrap();
        let (p, r) = read_payload(&bytes, Version::V1_2, &Limits::default());
        assert!(matches!(p, Some(Payload::Dataset(_))));
        assert_eq!(r.errors(), 0, "{name}: {:#?}", r);
    }
    assert!(checked > 40, "{checked}");
    // The committed JSON samples validate too.
    for f in ["users-1.2.json", "dataset-1.2.json"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/data/oneroster")
            .join(f);
        let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for (coll, items) in v.as_object().unwrap() {
            let doc = serde_json::json!({ coll.clone(): items });
            assert!(schemas.check(set_dto(coll), &doc).is_empty(), "{f} {coll}");
        }
    }
    // A broken payload is rejected by the schema as by our reader.
    let bad = serde_json::json!({"users": [{"sourcedId": "u", "status": "deleted"}]});
    assert!(!schemas.check("UserSetDType", &bad).is_empty());
    let status = oneroster::json::status::StatusInfo::failure(
        oneroster::json::status::CodeMinor::UnknownObject,
        "no such user",
    );
    assert!(
        schemas
            .check(
                "imsx_StatusInfoDType",
                &serde_json::to_value(&status).unwrap()
            )
            .is_empty()
    );
}

mod properties {
    use super::*;
    use oneroster::model::{Enrollment, GuidRef, Org, RefType, User, UserId};
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        // Commas, quotes, newlines, non-ASCII: everything RFC 4180 must quote. No CR (the
        // binding forbids it) and no leading/trailing whitespace in identifiers.
        proptest::string::string_regex("[a-zA-Z0-9 ,\"'\\néü_.-]{1,12}")
            .unwrap()
            .prop_map(|s| s.trim().replace('\n', " \n ").trim().to_owned())
            .prop_filter("non-empty", |s| !s.is_empty())
    }

    fn id() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-zA-Z0-9_.-]{1,10}").unwrap()
    }

    fn dataset() -> impl Strategy<Value = Dataset> {
        (
            proptest::collection::btree_set(id(), 1..5),
            proptest::collection::vec((text(), text(), any::<bool>(), text()), 1..6),
            text(),
        )
            .prop_map(|(org_ids, users, meta)| {
                let mut d = Dataset::new();
                for (i, oid) in org_ids.iter().enumerate() {
                    let o: Org = serde_json::from_value(serde_json::json!({
                        "sourcedId": oid, "metadata": {"note": meta},
                        "name": format!("Org {i}, \"{meta}\""),
                        "type": if i == 0 { "district" } else { "school" }
                    }))
                    .unwrap();
                    d.orgs.push(o);
                }
                let school = org_ids.iter().next().cloned().unwrap_or_default();
                for (i, (given, family, enabled, uid)) in users.into_iter().enumerate() {
                    let mut u: User = serde_json::from_value(serde_json::json!({
                        "sourcedId": format!("u{i}"), "enabledUser": enabled,
                        "givenName": given, "familyName": family
                    }))
                    .unwrap();
                    u.user_ids = vec![UserId::new("SIS", uid.replace([',', '{', '}', ':'], "_"))];
                    u.username = Some(format!("user{i}"));
                    u.primary_org = Some(GuidRef::new(RefType::Org, school.clone()));
                    d.users.push(u);
                    let e: Enrollment = serde_json::from_value(serde_json::json!({
                        "sourcedId": format!("e{i}"),
                        "user": {"sourcedId": format!("u{i}"), "type": "user"},
                        "class": {"sourcedId": "c1", "type": "class"},
                        "school": {"sourcedId": school, "type": "org"},
                        "role": "student", "primary": false
                    }))
                    .unwrap();
                    d.enrollments.push(e);
                }
                d
            })
    }

    /// One messy CSV line of `fields` values drawn from `choices` (per column).
    fn line(choices: &[&'static [&'static str]]) -> impl Strategy<Value = String> + use<> {
        let cols: Vec<_> = choices
            .iter()
            .map(|c| proptest::sample::select(c.to_vec()))
            .collect();
        (cols, 0usize..12).prop_map(|(vals, shape)| {
            let mut v: Vec<String> = vals.into_iter().map(str::to_owned).collect();
            match shape {
                // A short row, a long row, a trailing comma.
                0 => {
                    v.pop();
                }
                1 => v.push("x".to_owned()),
                2 => v.push(String::new()),
                _ => {}
            }
            v.join(",")
        })
    }

    const ORG_IDS: &[&str] = &["o1", "o2", "o3", "o1", "", " o2", "o4"];
    const USER_IDS: &[&str] = &["u1", "u2", "u3", "u4", "u1", "u5 ", "", "u6"];
    const ENR_IDS: &[&str] = &["e1", "e2", "e3", "e4", "e5", "e1", "e2", "", "e6 ", "é7"];
    const ORG_REFS: &[&str] = &["o1", "o2", "o9", "", "o3"];
    const USER_REFS: &[&str] = &["u1", "u2", "u3", "u9", "", " u4", "u5 "];
    const DATES: &[&str] = &[
        "2024-01-05",
        "2024-1-5",
        "1/5/2024",
        "2024-13-01",
        "",
        "2024-02-30",
    ];

    /// A set whose rows repeat ids, miss references and break values, with enough problems
    /// to run into small `max_problems` limits.
    fn messy_set() -> impl Strategy<Value = (MemorySource, Limits)> {
        let org = line(&[
            ORG_IDS,
            &["", "active", "tobedeleted", "deleted"],
            &["", "2024-01-01T00:00:00Z", "2024-01-01"],
            &["Org", ""],
            &["school", "district", "School", "campus"],
            &["", "X"],
            &["", "o1", "o2", "o8", "o5"],
        ]);
        let user = line(&[
            USER_IDS,
            &["", "active"],
            &[""],
            &["true", "false", "TRUE", "maybe", ""],
            &["name", ""],
            &["", "{SIS:1}", "bad"],
            &["A", ""],
            &["B"],
            &[""],
            &[""],
            &[""],
            &[""],
            &[""],
            &["", "u1", "u2,u8", "u7", "u3, ,u1"],
            &["", "09"],
            &[""],
            &[""],
            &[""],
            &[""],
            &[""],
            &[""],
            ORG_REFS,
            &[""],
        ]);
        let enr = line(&[
            ENR_IDS,
            &["", "active", "tobedeleted"],
            &["", "2024-01-01T00:00:00Z"],
            &["c1", "c2", ""],
            ORG_REFS,
            USER_REFS,
            &["student", "Teacher", "wizard", ""],
            &["true", "FALSE", "maybe", ""],
            DATES,
            DATES,
        ]);
        (
            proptest::collection::vec(org, 0..8),
            proptest::collection::vec(user, 0..10),
            proptest::collection::vec(enr, 0..40),
            proptest::sample::select(vec![1usize, 2, 3, 5, 8, 13, 21, 10_000]),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(orgs, users, enrs, max_problems, delta, users_absent)| {
                let manifest = format!(
                    "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.orgs,{}\nfile.users,{}\nfile.enrollments,{}\nfile.classes,bulk\n",
                    if delta { "delta" } else { "bulk" },
                    if users_absent { "absent" } else { "bulk" },
                    if delta { "delta" } else { "bulk" },
                );
                let body = |header: &str, rows: Vec<String>| {
                    let mut s = format!("{header}\n");
                    for r in rows {
                        s.push_str(&r);
                        s.push('\n');
                    }
                    s
                };
                let mut src = MemorySource::new()
                    .with("manifest.csv", manifest)
                    .with("orgs.csv", body(&FileKind::Orgs.header_line(Version::V1_2), orgs))
                    .with(
                        "classes.csv",
                        format!(
                            "{}\nc1,,,Class,09,crs,,scheduled,,o1,t1,,,\n",
                            FileKind::Classes.header_line(Version::V1_2)
                        ),
                    )
                    .with(
                        "enrollments.csv",
                        body(&FileKind::Enrollments.header_line(Version::V1_2), enrs),
                    );
                if !users_absent {
                    src.insert("users.csv", body(&FileKind::Users.header_line(Version::V1_2), users));
                }
                let mut limits = Limits::default();
                limits.max_problems = max_problems;
                (src, limits)
            })
    }

    /// A sink that reads `has_errors`: the reader checks every row completely before handing
    /// it over (no batching, no repeats found late).
    struct Exact(u64);

    impl RowSink for Exact {
        fn row(&mut self, view: &RowView<'_>) {
            self.0 += u64::from(view.has_errors);
        }
    }

    /// A set of some size (tens of thousands of rows, a frozen users index of hundreds of
    /// KiB), with repeated enrollment ids, unresolved and whitespace-padded references and bad
    /// values spread over it.
    fn large_set(users: usize) -> MemorySource {
        let manifest = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.orgs,bulk\nfile.users,bulk\nfile.enrollments,bulk\nfile.classes,absent\n";
        let mut orgs = format!("{}\n", FileKind::Orgs.header_line(Version::V1_2));
        orgs.push_str("o1,,,District,district,,\n");
        let mut u = format!("{}\n", FileKind::Users.header_line(Version::V1_2));
        for i in 0..users {
            let agent = match i % 997 {
                5 => format!("usr-{:06}", i + 3),
                6 => "ghost".to_owned(),
                _ => String::new(),
            };
            u.push_str(&format!(
                "usr-{i:06},,,true,user{i},,G,F,,,,,,{agent},,,,,,,,o1,\n"
            ));
        }
        let mut e = format!("{}\n", FileKind::Enrollments.header_line(Version::V1_2));
        for i in 0..users * 2 {
            let id = if i % 1201 == 77 {
                format!("enr-{:07}", i - 50)
            } else {
                format!("enr-{i:07}")
            };
            let user = match i % 1009 {
                // An unknown user, once and then in three rows in a row (a batched reference
                // repeating an unresolved one takes its answer).
                3 | 10..=12 => "nobody".to_owned(),
                4 => format!(" usr-{:06}", i / 2),
                _ => format!("usr-{:06}", i / 2),
            };
            let role = if i % 1511 == 9 { "wizard" } else { "student" };
            let begin = if i % 1777 == 1 {
                "2025-01-01"
            } else {
                "2024-08-26"
            };
            e.push_str(&format!(
                "{id},,,c1,o1,{user},{role},false,{begin},2024-12-20\n"
            ));
        }
        MemorySource::new()
            .with("manifest.csv", manifest)
            .with("orgs.csv", orgs)
            .with("users.csv", u)
            .with("enrollments.csv", e)
    }

    /// Reference and duplicate checks that stop part-way through a file (`Limits::max_ids`,
    /// `Limits::max_rows_per_file`) stop at the same row whether lookups are batched or not.
    #[test]
    fn limits_stop_checks_like_row_by_row_checks() {
        let set = large_set(3_000);
        for (max_ids, max_rows, max_problems) in [
            (4_000, 100_000_000, 10_000),
            (5_500, 100_000_000, 10_000),
            (200_000_000, 4_500, 10_000),
            (5_500, 100_000_000, 30),
        ] {
            let mut limits = Limits::default();
            limits.max_ids = max_ids;
            limits.max_rows_per_file = max_rows;
            limits.max_problems = max_problems;
            let mut a = set.clone();
            let fast = validate_set(&mut a, &limits);
            let mut b = set.clone();
            let exact = read_set_with(&mut b, &limits, &mut Exact(0));
            assert_eq!(
                fast.report, exact.report,
                "{max_ids} {max_rows} {max_problems}"
            );
            // (With a short list the limit's warning is among the problems only counted.)
            assert!(
                fast.report.has_code(codes::LIMIT_IDS)
                    || fast.report.has_code(codes::CSV_TOO_MANY_ROWS)
                    || max_problems < 10_000,
                "a limit was reached"
            );
        }
    }

    #[test]
    fn large_set_reports_like_row_by_row_checks() {
        let set = large_set(20_000);
        for max_problems in [10_000, 7, 40, 150] {
            let mut limits = Limits::default();
            limits.max_problems = max_problems;
            let mut a = set.clone();
            let fast = validate_set(&mut a, &limits);
            let mut b = set.clone();
            let exact = read_set_with(&mut b, &limits, &mut Exact(0));
            assert_eq!(fast.report, exact.report, "max_problems {max_problems}");
            if max_problems == 10_000 {
                // Every kind of late problem is there.
                for code in [
                    codes::ID_DUPLICATE,
                    codes::REFERENCE_UNRESOLVED,
                    codes::VALUE_WHITESPACE,
                    codes::VALUE_ENUM,
                    codes::VALUE_DATE_ORDER,
                    codes::REFERENCE_UNRESOLVED_OPTIONAL,
                ] {
                    assert!(fast.report.has_code(code), "{code}");
                }
                assert!(fast.report.len() > 100);
            } else {
                assert!(fast.report.has_code(codes::TOO_MANY_PROBLEMS));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Validation that finds repeated sourcedIds at the end of a file and looks references
        /// up in batches reports exactly what row-by-row checking reports, in the same order,
        /// also when `max_problems` cuts the list.
        #[test]
        fn late_checks_report_like_row_by_row_checks((src, limits) in messy_set()) {
            let mut a = src.clone();
            let fast = validate_set(&mut a, &limits);
            let mut b = src;
            let exact = read_set_with(&mut b, &limits, &mut Exact(0));
            prop_assert_eq!(&fast.report, &exact.report);
            prop_assert_eq!(&fast.files, &exact.files);
        }

        /// Dataset → CSV set → Dataset is the identity on what CSV holds, and the set has no
        /// problems other than the absent classes file for enrollments.
        #[test]
        fn csv_round_trip(d in dataset()) {
            let files = write_set(&d, &WriteOptions::bulk(Version::V1_2));
            let mut mem = MemorySource::new();
            for (n, b) in files {
                mem.insert(n, b);
            }
            let (back, rep) = read_dataset(&mut mem, &Limits::default());
            prop_assert_eq!(rep.report.errors(), 0, "{:#?}", rep.report);
            prop_assert_eq!(back, d);
        }

        /// Dataset → JSON (1.2) → Dataset is the identity (bulk records get status active).
        #[test]
        fn json_round_trip(d in dataset()) {
            let mut d = d;
            oneroster::convert::for_each_base_mut(&mut d, |b| {
                b.status = Some(oneroster::vocab::Status::Active);
                b.date_last_modified = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").ok();
            });
            let opts = JsonWriteOptions::new(Version::V1_2);
            let bytes = serde_json::to_vec(&write_dataset(&d, &opts)).unwrap();
            let (p, rep) = read_payload(&bytes, Version::V1_2, &Limits::default());
            prop_assert_eq!(rep.errors(), 0, "{:#?}", rep);
            let Some(Payload::Dataset(mut back)) = p else { panic!() };
            // JSON writes hrefs; the model read back keeps them.
            for u in &mut back.users {
                for r in u.primary_org.iter_mut() { r.href = None; }
            }
            for e in &mut back.enrollments {
                e.user.href = None; e.class.href = None; e.school.href = None;
            }
            prop_assert_eq!(back, d);
        }

        /// The reader never panics on arbitrary bytes in any file.
        #[test]
        fn csv_reader_total(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut mem = MemorySource::new()
                .with("manifest.csv", "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.users,bulk\n")
                .with("users.csv", bytes.clone());
            let _ = validate_set(&mut mem, &Limits::default());
            let mut mem = MemorySource::new().with("manifest.csv", bytes.clone());
            let _ = validate_set(&mut mem, &Limits::default());
            let _ = read_payload(&bytes, Version::V1_2, &Limits::default());
        }

        /// Filters render and parse back to the same AST.
        #[test]
        fn filter_round_trip(field in "[a-z][a-zA-Z.]{0,8}[a-z]", value in "[^\\x00]{0,12}", op in 0usize..7) {
            use oneroster::rest::filter::{Filter, Op};
            let ops = [Op::Eq, Op::Ne, Op::Gt, Op::Ge, Op::Lt, Op::Le, Op::Contains];
            prop_assume!(!field.contains(".."));
            let f = Filter::predicate(field, ops[op], value).and(Filter::eq("status", "active"));
            prop_assert_eq!(Filter::parse(&f.to_string()).unwrap(), f);
        }
    }
}
