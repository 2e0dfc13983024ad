//! OneRoster CSV: ragged rows, unterminated quotes, NUL bytes, 1 MB fields, bad encodings,
//! row-count limits. Each problem names the file, row and column.

use lti_core::{Location, Report};
use oneroster::Limits;
use oneroster::csv::{MemorySource, validate_set};

use crate::{MIB, bounded};

pub(crate) const MANIFEST: &str = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.academicSessions,absent\nfile.categories,absent\nfile.classes,absent\nfile.classResources,absent\nfile.courses,absent\nfile.courseResources,absent\nfile.demographics,absent\nfile.enrollments,absent\nfile.lineItemLearningObjectiveIds,absent\nfile.lineItems,absent\nfile.lineItemScoreScales,absent\nfile.orgs,absent\nfile.resources,absent\nfile.results,absent\nfile.resultLearningObjectiveIds,absent\nfile.resultScoreScales,absent\nfile.roles,absent\nfile.scoreScales,absent\nfile.userProfiles,absent\nfile.userResources,absent\nfile.users,bulk\nsource.systemName,test\nsource.systemCode,test\n";
const HEADER: &str = "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns\n";
const ROW: &str = "u1,,,true,jdoe,,Jane,Doe,,,,,,,,,,,,,,,\n";

/// A valid users.csv (header and one row).
pub(crate) fn users_file() -> String {
    format!("{HEADER}{ROW}")
}

fn users(body: &[u8]) -> Report {
    let mut mem = MemorySource::new();
    mem.insert("manifest.csv", MANIFEST.as_bytes().to_vec());
    mem.insert("users.csv", body.to_vec());
    validate_set(&mut mem, &Limits::default()).report
}

fn located_in_users(report: &Report, code: &str) -> Option<u64> {
    report.with_code(code).find_map(|p| match &p.location {
        Location::Csv { file, row, .. } if file == "users.csv" => Some(*row),
        _ => None,
    })
}

#[test]
fn a_valid_users_file_is_the_baseline() {
    let r = users(format!("{HEADER}{ROW}").as_bytes());
    assert!(!r.has_errors(), "{r:?}");
}

#[test]
fn ragged_rows_are_located() {
    let short = "u2,,,true,x,,A,B\n";
    let long = format!("u3{}\n", ",x".repeat(30));
    let r = users(format!("{HEADER}{ROW}{short}{long}").as_bytes());
    assert_eq!(
        located_in_users(&r, oneroster::codes::CSV_FIELD_COUNT),
        Some(3),
        "{r:?}"
    );
    assert!(
        r.with_code(oneroster::codes::CSV_FIELD_COUNT).count() >= 2,
        "{r:?}"
    );
}

#[test]
fn an_unterminated_quote_is_an_error_not_a_hang() {
    let body = format!(
        "{HEADER}{ROW}u2,,,true,\"never closed,,A,B\n{}",
        ROW.repeat(1_000)
    );
    let r = bounded("csv-unterminated", 8 * MIB, move || users(body.as_bytes()));
    // The quote swallows the rest of the file into one field: the row that opened it is
    // reported (its field count), and nothing after it is read as rows.
    assert_eq!(
        located_in_users(&r, oneroster::codes::CSV_FIELD_COUNT),
        Some(3),
        "{r:?}"
    );
    assert!(
        r.iter().all(|p| match &p.location {
            Location::Csv { row, .. } => *row <= 3,
            _ => true,
        }),
        "{r:?}"
    );
}

#[test]
fn nul_bytes_are_reported() {
    let body = format!("{HEADER}u\u{0}1,,,true,jd\u{0}oe,,Jane,Doe,,,,,,,,,,,,,,,\n");
    let r = users(body.as_bytes());
    let at: Vec<_> = r
        .with_code(oneroster::codes::CSV_CONTROL_CHARACTER)
        .map(|p| (p.severity, p.location.to_string()))
        .collect();
    assert_eq!(
        at,
        [
            (
                lti_core::Severity::Error,
                "users.csv row 2, column sourcedId".to_owned()
            ),
            (
                lti_core::Severity::Error,
                "users.csv row 2, column username".to_owned()
            ),
        ],
        "{r:?}"
    );
}

/// A 1 MB field (the binding requires 255 characters; the default limit is 64 KiB) is refused
/// with its location, and the reader's memory stays bounded by the limit, not by the field.
#[test]
fn a_one_megabyte_field_is_refused() {
    let big = "x".repeat(MIB);
    let body = format!("{HEADER}u1,,,true,{big},,Jane,Doe,,,,,,,,,,,,,,,\n{ROW}");
    let r = bounded("csv-1mb-field", 4 * MIB, move || users(body.as_bytes()));
    assert_eq!(
        located_in_users(&r, oneroster::codes::CSV_FIELD_TOO_LONG),
        Some(2),
        "{r:?}"
    );
    // A quoted field that never ends is one giant field: refused at the limit too. The CSV
    // reader holds a whole record before the field limit is checked, so memory here is a
    // small multiple of the longest record (bounded by the file, itself bounded by
    // `max_zip_entry_bytes` in a zip): 1 MiB of input copied in, plus the record buffer
    // growing by doubling — under 6 MiB (see LIMITS.md).
    let body = format!("{HEADER}u1,\"{big}");
    let r = bounded("csv-1mb-quoted", 6 * MIB, move || users(body.as_bytes()));
    assert_eq!(
        located_in_users(&r, oneroster::codes::CSV_FIELD_TOO_LONG),
        Some(2),
        "{r:?}"
    );
}

/// A 32 MiB record with no line end (a file that is one giant line, or a quote that never
/// closes): the reader stops once the record passes its limit (twice `max_field_bytes` per
/// column), in memory bounded by that limit rather than by the record — the case of a zipped
/// set whose entry inflates to gigabytes of one line.
#[test]
fn a_record_without_an_end_is_stopped_at_the_record_limit() {
    for opener in ["u2,", "u2,\""] {
        let mut body = format!("{HEADER}{ROW}{opener}").into_bytes();
        body.resize(body.len() + 32 * MIB, b'x');
        let mut mem = MemorySource::new();
        mem.insert("manifest.csv", MANIFEST.as_bytes().to_vec());
        mem.insert("users.csv", body);
        let r = bounded("csv-endless-record", 6 * MIB, move || {
            validate_set(&mut mem, &Limits::default()).report
        });
        assert_eq!(
            located_in_users(&r, oneroster::codes::CSV_FIELD_TOO_LONG),
            Some(3),
            "{opener}: {r:?}"
        );
        // The row before it was read and is fine.
        assert!(
            r.iter().all(|p| match &p.location {
                Location::Csv { row, .. } => *row != 2,
                _ => true,
            }),
            "{r:?}"
        );
    }
}

#[test]
fn bad_encodings_are_reported() {
    // Invalid UTF-8.
    let mut body = format!("{HEADER}{ROW}").into_bytes();
    let at = body.len() - 10;
    body[at] = 0xFF;
    let r = users(&body);
    assert!(
        located_in_users(&r, oneroster::codes::CSV_ENCODING).is_some(),
        "{r:?}"
    );
    // UTF-16 with BOM.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            format!("{HEADER}{ROW}")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert!(users(&utf16).has_errors());
    // A UTF-8 BOM at the start is allowed; one in the middle is content, reported as such.
    let r = users(format!("\u{FEFF}{HEADER}{ROW}").as_bytes());
    assert!(!r.has_errors(), "{r:?}");
    let r = users(format!("{HEADER}\u{FEFF}{ROW}").as_bytes());
    assert_eq!(
        located_in_users(&r, oneroster::codes::CSV_CONTROL_CHARACTER),
        Some(2),
        "{r:?}"
    );
}

#[test]
fn row_counts_and_problem_counts_are_limited() {
    let mut limits = Limits::default();
    limits.max_rows_per_file = 100;
    let body: String = (0..1_000)
        .map(|i| ROW.replacen("u1", &format!("u{i}"), 1))
        .collect();
    let body = format!("{HEADER}{body}");
    let r = bounded("csv-rows", 4 * MIB, move || {
        let mut mem = MemorySource::new();
        mem.insert("manifest.csv", MANIFEST.as_bytes().to_vec());
        mem.insert("users.csv", body.into_bytes());
        validate_set(&mut mem, &limits).report
    });
    assert!(r.has_code(oneroster::codes::CSV_TOO_MANY_ROWS), "{r:?}");

    // 100,000 bad rows: the report stops listing at max_problems (and counts the rest).
    let mut limits = Limits::default();
    limits.max_problems = 1_000;
    let body = format!("{HEADER}{}", "x\n".repeat(100_000));
    let r = bounded("csv-problems", 16 * MIB, move || {
        let mut mem = MemorySource::new();
        mem.insert("manifest.csv", MANIFEST.as_bytes().to_vec());
        mem.insert("users.csv", body.into_bytes());
        validate_set(&mut mem, &limits).report
    });
    assert!(r.len() <= 1_001 + 10, "{} problems listed", r.len());
}
