//! Every problem code this crate emits. Codes are stable; messages may change.
//!
//! Codes starting `oneroster.csv.` concern the CSV binding, `oneroster.json.` the REST JSON
//! binding, `oneroster.value.` field values in either binding, `oneroster.reference.` references
//! between records.

/// A CSV file cannot be parsed (RFC 4180).
pub const CSV_SYNTAX: &str = "oneroster.csv.syntax";

/// A field holds bytes that are not UTF-8 (for example a Windows-1252 export); the value was decoded lossily.
pub const CSV_ENCODING: &str = "oneroster.csv.encoding";

/// A row has more or fewer fields than the header.
pub const CSV_FIELD_COUNT: &str = "oneroster.csv.field-count";

/// A row has more fields than the header, and the extra ones are empty (a trailing comma); read.
pub const CSV_TRAILING_EMPTY_FIELDS: &str = "oneroster.csv.trailing-empty-fields";

/// A field contains a carriage return, which the CSV binding forbids inside fields.
pub const CSV_CARRIAGE_RETURN: &str = "oneroster.csv.carriage-return";

/// A field holds a control character (NUL or another C0 control other than tab and line feed;
/// an error: no OneRoster value may contain one, and JSON/XML consumers cannot carry it) or a
/// byte order mark (U+FEFF) after the start of the file (a warning: usually two files
/// concatenated).
pub const CSV_CONTROL_CHARACTER: &str = "oneroster.csv.control-character";

/// A field is longer than `Limits::max_field_bytes`.
pub const CSV_FIELD_TOO_LONG: &str = "oneroster.csv.field-too-long";

/// A file has more rows than `Limits::max_rows_per_file`; the rest was not read.
pub const CSV_TOO_MANY_ROWS: &str = "oneroster.csv.too-many-rows";

/// More problems than `Limits::max_problems`; later ones were counted but not listed.
pub const TOO_MANY_PROBLEMS: &str = "oneroster.too-many-problems";

/// A file has no header row at all.
pub const FILE_EMPTY: &str = "oneroster.csv.file.empty";

/// A data file has a header but no data rows (not allowed by the CSV binding).
pub const FILE_NO_ROWS: &str = "oneroster.csv.file.no-rows";

/// A file name differs from the binding's name only in letter case (for example `userprofiles.csv`); the file was read.
pub const FILE_NAME_CASE: &str = "oneroster.csv.file.name-case";

/// A file in the set is not one of the binding's files; it was ignored.
pub const FILE_UNKNOWN: &str = "oneroster.csv.file.unknown";

/// A file of the other OneRoster version (for example roles.csv in a 1.1 set).
pub const FILE_NOT_IN_VERSION: &str = "oneroster.csv.file.not-in-version";

/// A zip entry is inside a folder; the binding puts every file at the root.
pub const FILE_IN_FOLDER: &str = "oneroster.csv.file.in-folder";

/// A file could not be opened or read from its source.
pub const FILE_UNREADABLE: &str = "oneroster.csv.file.unreadable";

/// A column the binding defines is missing from the header.
pub const HEADER_MISSING_COLUMN: &str = "oneroster.csv.header.missing-column";

/// A header names a column the binding does not define (and that is not `metadata.*`).
pub const HEADER_UNKNOWN_COLUMN: &str = "oneroster.csv.header.unknown-column";

/// A header names the same column twice.
pub const HEADER_DUPLICATE_COLUMN: &str = "oneroster.csv.header.duplicate-column";

/// The defined columns are not in the binding's order.
pub const HEADER_ORDER: &str = "oneroster.csv.header.order";

/// A column name differs from the defined one only in letter case; it was mapped.
pub const HEADER_CASE: &str = "oneroster.csv.header.case";

/// A column name is a known misspelling of a defined column (for example `prefferedGivenName`); it was mapped.
pub const HEADER_TYPO: &str = "oneroster.csv.header.typo";

/// A `metadata.*` extension column stands left of a defined column.
pub const HEADER_METADATA_POSITION: &str = "oneroster.csv.header.metadata-position";

/// The set has no manifest.csv (a OneRoster 1.0 set, which is not read).
pub const MANIFEST_MISSING: &str = "oneroster.csv.manifest.missing";

/// manifest.csv does not have the two columns `propertyName,value`.
pub const MANIFEST_HEADER: &str = "oneroster.csv.manifest.header";

/// `manifest.version` is missing or not `1.0`.
pub const MANIFEST_VERSION: &str = "oneroster.csv.manifest.version";

/// `manifest.version` is written `1` instead of `1.0`; read as 1.0.
pub const MANIFEST_VERSION_FORM: &str = "oneroster.csv.manifest.version-form";

/// `oneroster.version` is missing or not 1.1/1.2.
pub const MANIFEST_ONEROSTER_VERSION: &str = "oneroster.csv.manifest.oneroster-version";

/// A required `file.*` property is missing; the file was taken as absent.
pub const MANIFEST_MISSING_PROPERTY: &str = "oneroster.csv.manifest.missing-property";

/// manifest.csv has a property the binding does not define.
pub const MANIFEST_UNKNOWN_PROPERTY: &str = "oneroster.csv.manifest.unknown-property";

/// manifest.csv lists a property twice.
pub const MANIFEST_DUPLICATE_PROPERTY: &str = "oneroster.csv.manifest.duplicate-property";

/// A `file.*` value is not `absent`, `bulk` or `delta`.
pub const MANIFEST_MODE: &str = "oneroster.csv.manifest.mode";

/// The manifest declares a file bulk or delta but the set does not contain it.
pub const MANIFEST_FILE_MISSING: &str = "oneroster.csv.manifest.file-missing";

/// The set contains a file the manifest declares absent (or does not list).
pub const MANIFEST_FILE_UNDECLARED: &str = "oneroster.csv.manifest.file-undeclared";

/// A required field is empty.
pub const VALUE_REQUIRED: &str = "oneroster.csv.value.required";

/// `status` or `dateLastModified` is empty in a delta file.
pub const VALUE_REQUIRED_DELTA: &str = "oneroster.csv.value.required-delta";

/// `status` or `dateLastModified` is filled in a bulk file (they must be empty); the values were read.
pub const BULK_LIFECYCLE_PRESENT: &str = "oneroster.csv.bulk.lifecycle-present";

/// A bulk file lists a record as `tobedeleted`; a bulk import treats every listed record as present.
pub const BULK_TOBEDELETED: &str = "oneroster.csv.bulk.tobedeleted";

/// A value is not in the field's vocabulary.
pub const VALUE_ENUM: &str = "oneroster.value.enum";

/// A vocabulary value or boolean is in the wrong letter case (`TRUE`, `Scheduled`); it was read as the defined token.
pub const VALUE_CASE: &str = "oneroster.value.case";

/// An `ext:` token where the vocabulary allows none, or a malformed one.
pub const VALUE_EXTENSION: &str = "oneroster.value.extension";

/// A deprecated vocabulary value (`inactive` in 1.1).
pub const VALUE_DEPRECATED: &str = "oneroster.value.deprecated";

/// A value is not a date `YYYY-MM-DD`.
pub const VALUE_DATE: &str = "oneroster.value.date";

/// A date written with slashes (`1/05/2023`): day and month order cannot be known.
pub const VALUE_DATE_AMBIGUOUS: &str = "oneroster.value.date-ambiguous";

/// A date or date-time was read leniently (for example a date where a date-time belongs).
pub const VALUE_DATE_LENIENT: &str = "oneroster.value.date-lenient";

/// A value is not an ISO 8601 date-time.
pub const VALUE_DATETIME: &str = "oneroster.value.datetime";

/// A value is not a four-digit year.
pub const VALUE_YEAR: &str = "oneroster.value.year";

/// A value is not `true` or `false`.
pub const VALUE_BOOLEAN: &str = "oneroster.value.boolean";

/// A value is not a number.
pub const VALUE_NUMBER: &str = "oneroster.value.number";

/// A list item is malformed (`{type:id}` for userIds, `{lhs:rhs}` for scoreScaleValue).
pub const VALUE_LIST: &str = "oneroster.value.list";

/// An identifier has whitespace at either end, which breaks references.
pub const VALUE_WHITESPACE: &str = "oneroster.value.whitespace";

/// A grade is not a CEDS grade-level code (1.1 refers to CEDS).
pub const VALUE_GRADE: &str = "oneroster.value.grade";

/// An end date is before the start date.
pub const VALUE_DATE_ORDER: &str = "oneroster.value.date-order";

/// Two records in one file share a sourcedId.
pub const ID_DUPLICATE: &str = "oneroster.id.duplicate";

/// A required reference does not resolve to a record of a bulk file in the set.
pub const REFERENCE_UNRESOLVED: &str = "oneroster.reference.unresolved";

/// An optional reference (a parent, an agent, a school year…) does not resolve within the set.
pub const REFERENCE_UNRESOLVED_OPTIONAL: &str = "oneroster.reference.unresolved-optional";

/// A reference into a delta file does not resolve within the set (it may refer to an earlier exchange).
pub const REFERENCE_UNRESOLVED_DELTA: &str = "oneroster.reference.unresolved-delta";

/// A demographics record's sourcedId is not the sourcedId of a user in the set.
pub const REFERENCE_DEMOGRAPHICS_USER: &str = "oneroster.reference.demographics-user";

/// More identifiers than `Limits::max_ids`; reference checks stopped.
pub const LIMIT_IDS: &str = "oneroster.limit.ids";

/// The archive is not a readable zip file.
pub const ZIP_INVALID: &str = "oneroster.zip.invalid";

/// A zip entry exceeds the size, count or compression-ratio limits.
pub const ZIP_LIMIT: &str = "oneroster.zip.limit";

/// The payload is not well-formed JSON.
pub const JSON_SYNTAX: &str = "oneroster.json.syntax";

/// The payload exceeds `Limits::max_json_bytes` or `Limits::max_json_depth`.
pub const JSON_TOO_LARGE: &str = "oneroster.json.too-large";

/// A property has the wrong JSON type.
pub const JSON_TYPE: &str = "oneroster.json.type";

/// A required property is missing.
pub const JSON_REQUIRED: &str = "oneroster.json.required";

/// A property the binding does not define (kept in `extra`).
pub const JSON_UNKNOWN_PROPERTY: &str = "oneroster.json.unknown-property";

/// A boolean written in the other form (JSON `true` where 1.2 writes `"true"`, or a string in 1.1); read leniently.
pub const JSON_BOOLEAN_FORM: &str = "oneroster.json.boolean-form";

/// A GUIDRef's `type` does not fit the property.
pub const JSON_REF_TYPE: &str = "oneroster.json.ref-type";

/// The payload is not a OneRoster single-object, collection or status document.
pub const JSON_ENVELOPE: &str = "oneroster.json.envelope";

/// A GUIDRef `href` is not an absolute URI.
pub const JSON_HREF: &str = "oneroster.json.href";

/// An `imsx_StatusInfo` document is malformed.
pub const STATUS_INFO: &str = "oneroster.json.status-info";

/// A filter expression cannot be parsed.
pub const FILTER_SYNTAX: &str = "oneroster.filter.syntax";

/// A filter names a field the collection does not have (`invalid_filter_field`).
pub const FILTER_FIELD: &str = "oneroster.filter.field";

/// A query parameter (limit, offset, sort, orderBy, fields) is invalid.
pub const QUERY_PARAMETER: &str = "oneroster.query.parameter";

/// An `X-Total-Count` or `Link` header is malformed.
pub const PAGING_HEADER: &str = "oneroster.paging.header";

/// Every code, for documentation and tests.
pub const ALL: &[&str] = &[
    CSV_SYNTAX,
    CSV_ENCODING,
    CSV_FIELD_COUNT,
    CSV_TRAILING_EMPTY_FIELDS,
    CSV_CARRIAGE_RETURN,
    CSV_FIELD_TOO_LONG,
    CSV_TOO_MANY_ROWS,
    TOO_MANY_PROBLEMS,
    FILE_EMPTY,
    FILE_NO_ROWS,
    FILE_NAME_CASE,
    FILE_UNKNOWN,
    FILE_NOT_IN_VERSION,
    FILE_IN_FOLDER,
    FILE_UNREADABLE,
    HEADER_MISSING_COLUMN,
    HEADER_UNKNOWN_COLUMN,
    HEADER_DUPLICATE_COLUMN,
    HEADER_ORDER,
    HEADER_CASE,
    HEADER_TYPO,
    HEADER_METADATA_POSITION,
    MANIFEST_MISSING,
    MANIFEST_HEADER,
    MANIFEST_VERSION,
    MANIFEST_VERSION_FORM,
    MANIFEST_ONEROSTER_VERSION,
    MANIFEST_MISSING_PROPERTY,
    MANIFEST_UNKNOWN_PROPERTY,
    MANIFEST_DUPLICATE_PROPERTY,
    MANIFEST_MODE,
    MANIFEST_FILE_MISSING,
    MANIFEST_FILE_UNDECLARED,
    VALUE_REQUIRED,
    VALUE_REQUIRED_DELTA,
    BULK_LIFECYCLE_PRESENT,
    BULK_TOBEDELETED,
    VALUE_ENUM,
    VALUE_CASE,
    VALUE_EXTENSION,
    VALUE_DEPRECATED,
    VALUE_DATE,
    VALUE_DATE_AMBIGUOUS,
    VALUE_DATE_LENIENT,
    VALUE_DATETIME,
    VALUE_YEAR,
    VALUE_BOOLEAN,
    VALUE_NUMBER,
    VALUE_LIST,
    VALUE_WHITESPACE,
    VALUE_GRADE,
    VALUE_DATE_ORDER,
    ID_DUPLICATE,
    REFERENCE_UNRESOLVED,
    REFERENCE_UNRESOLVED_OPTIONAL,
    REFERENCE_UNRESOLVED_DELTA,
    REFERENCE_DEMOGRAPHICS_USER,
    LIMIT_IDS,
    ZIP_INVALID,
    ZIP_LIMIT,
    JSON_SYNTAX,
    JSON_TOO_LARGE,
    JSON_TYPE,
    JSON_REQUIRED,
    JSON_UNKNOWN_PROPERTY,
    JSON_BOOLEAN_FORM,
    JSON_REF_TYPE,
    JSON_ENVELOPE,
    JSON_HREF,
    STATUS_INFO,
    FILTER_SYNTAX,
    FILTER_FIELD,
    QUERY_PARAMETER,
    PAGING_HEADER,
];

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in super::ALL {
            assert!(seen.insert(*c), "duplicate code {c}");
            assert!(c.starts_with("oneroster."));
            assert!(
                c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'-')
            );
        }
    }
}
