//! Recognising what a document is: its standard, kind and version.
//!
//! Detection reads as little as it can: the root element for XML, the top-level keys for JSON,
//! the header for a compact JWT. It never validates; the matching crate does that.

use lti_core::xml::{self, Element, Limits};
use lti_core::{Location, Problem, Report};
use serde::{Deserialize, Serialize};

/// Which standard a [`Kind`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Standard {
    /// QTI (1.2, 2.x, 3.0).
    Qti,
    /// Common Cartridge.
    Cc,
    /// Caliper Analytics.
    Caliper,
    /// OneRoster.
    OneRoster,
    /// LTI.
    Lti,
}

/// The kind of a document, as `ims validate` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// A QTI assessment item.
    QtiItem,
    /// A QTI assessment test.
    QtiTest,
    /// A standalone QTI assessment section.
    QtiSection,
    /// A QTI assessment stimulus.
    QtiStimulus,
    /// A QTI results report (`assessmentResult`).
    QtiResults,
    /// A QTI content package (manifest, or directory/zip holding one).
    QtiPackage,
    /// A QTI 1.2 `questestinterop` document.
    #[serde(rename = "qti-1.2")]
    Qti12,
    /// A Common Cartridge package (zip/.imscc or unpacked directory).
    CcPackage,
    /// A loose Common Cartridge manifest.
    CcManifest,
    /// A Caliper envelope.
    CaliperEnvelope,
    /// A Caliper event.
    CaliperEvent,
    /// A Caliper entity.
    CaliperEntity,
    /// A OneRoster CSV set.
    OneRosterCsv,
    /// A OneRoster JSON payload.
    OneRosterJson,
    /// An LTI message as a JSON claim set.
    LtiMessage,
    /// A compact JWT (an LTI message or service token).
    LtiJwt,
    /// Not recognised.
    Unknown,
}

impl Kind {
    /// The name used in `ims validate` output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::QtiItem => "qti-item",
            Self::QtiTest => "qti-test",
            Self::QtiSection => "qti-section",
            Self::QtiStimulus => "qti-stimulus",
            Self::QtiResults => "qti-results",
            Self::QtiPackage => "qti-package",
            Self::Qti12 => "qti-1.2",
            Self::CcPackage => "cc-package",
            Self::CcManifest => "cc-manifest",
            Self::CaliperEnvelope => "caliper-envelope",
            Self::CaliperEvent => "caliper-event",
            Self::CaliperEntity => "caliper-entity",
            Self::OneRosterCsv => "oneroster-csv",
            Self::OneRosterJson => "oneroster-json",
            Self::LtiMessage => "lti-message",
            Self::LtiJwt => "lti-jwt",
            Self::Unknown => "unknown",
        }
    }

    /// The standard, or `None` for [`Kind::Unknown`].
    pub const fn standard(self) -> Option<Standard> {
        match self {
            Self::QtiItem
            | Self::QtiTest
            | Self::QtiSection
            | Self::QtiStimulus
            | Self::QtiResults
            | Self::QtiPackage
            | Self::Qti12 => Some(Standard::Qti),
            Self::CcPackage | Self::CcManifest => Some(Standard::Cc),
            Self::CaliperEnvelope | Self::CaliperEvent | Self::CaliperEntity => {
                Some(Standard::Caliper)
            }
            Self::OneRosterCsv | Self::OneRosterJson => Some(Standard::OneRoster),
            Self::LtiMessage | Self::LtiJwt => Some(Standard::Lti),
            Self::Unknown => None,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What detection found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Detected {
    /// The kind.
    pub kind: Kind,
    /// The version, when detection can tell (`2.2`, `1.3`, `1.2`…).
    pub version: Option<String>,
    /// Problems met while detecting (for example: not well-formed XML, not JSON).
    pub problems: Report,
}

impl Detected {
    /// A detection result without problems.
    pub fn new(kind: Kind, version: Option<&str>) -> Self {
        Self {
            kind,
            version: version.map(str::to_owned),
            problems: Report::new(),
        }
    }

    /// A detection result with problems.
    pub fn with_problems(kind: Kind, version: Option<&str>, problems: Report) -> Self {
        Self {
            kind,
            version: version.map(str::to_owned),
            problems,
        }
    }
}

/// QTI namespaces and the version each one means.
pub const QTI_NAMESPACES: &[(&str, &str)] = &[
    ("http://www.imsglobal.org/xsd/imsqti_v2p0", "2.0"),
    ("http://www.imsglobal.org/xsd/imsqti_v2p1", "2.1"),
    ("http://www.imsglobal.org/xsd/imsqti_v2p2", "2.2"),
    ("http://www.imsglobal.org/xsd/imsqtiasi_v3p0", "3.0"),
];

/// QTI results-reporting namespaces and their versions.
pub const QTI_RESULT_NAMESPACES: &[(&str, &str)] = &[
    ("http://www.imsglobal.org/xsd/imsqti_result_v2p1", "2.1"),
    ("http://www.imsglobal.org/xsd/imsqti_result_v2p2", "2.2"),
    ("http://www.imsglobal.org/xsd/imsqti_result_v3p0", "3.0"),
];

/// Common Cartridge content-packaging namespaces and their versions.
pub const CC_NAMESPACES: &[(&str, &str)] = &[
    ("http://www.imsglobal.org/xsd/imscc/imscp_v1p1", "1.0"),
    ("http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", "1.1"),
    ("http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1", "1.2"),
    ("http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1", "1.3"),
];

fn lookup(table: &[(&str, &'static str)], ns: Option<&str>) -> Option<&'static str> {
    let ns = ns?;
    table.iter().find(|(n, _)| *n == ns).map(|(_, v)| *v)
}

/// Detects the kind of a single document from its bytes. `file_name` helps only to tell a
/// stray `manifest.csv` apart; content decides everything else.
pub fn detect_bytes(bytes: &[u8], file_name: Option<&str>) -> Detected {
    let start = bytes
        .strip_prefix(&[0xEF, 0xBB, 0xBF])
        .unwrap_or(bytes)
        .iter()
        .position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        let mut r = Report::new();
        r.push(Problem::error("ims.empty", "the file is empty"));
        return Detected::with_problems(Kind::Unknown, None, r);
    };
    let body = &bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes)[start..];
    match body.first() {
        Some(b'<') => detect_xml(bytes),
        Some(b'{' | b'[') => detect_json(bytes),
        _ if looks_like_jwt(body) => Detected::new(Kind::LtiJwt, None),
        _ if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) => {
            detect_xml(bytes)
        }
        _ => {
            let mut r = Report::new();
            let msg = if file_name.is_some_and(|n| n.eq_ignore_ascii_case("manifest.csv")) {
                "a OneRoster manifest.csv on its own: validate the directory or zip that holds the CSV set"
            } else if file_name.is_some_and(|n| n.to_ascii_lowercase().ends_with(".csv")) {
                "a CSV file outside a OneRoster set (no manifest.csv beside it)"
            } else {
                "not XML, JSON or a compact JWT"
            };
            r.push(Problem::error("ims.unknown-kind", msg));
            Detected::with_problems(Kind::Unknown, None, r)
        }
    }
}

fn looks_like_jwt(body: &[u8]) -> bool {
    let text = body.trim_ascii_end();
    let parts: Vec<&[u8]> = text.split(|&b| b == b'.').collect();
    parts.len() == 3
        && parts[0].len() > 4
        && parts[1].len() > 4
        && parts.iter().all(|p| {
            p.iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        && parts[0].starts_with(b"eyJ")
}

fn detect_xml(bytes: &[u8]) -> Detected {
    let root = match xml::sniff_root(bytes, &Limits::default()) {
        Ok(r) => r,
        Err(e) => {
            let mut r = Report::new();
            r.push(e.to_problem());
            return Detected::with_problems(Kind::Unknown, None, r);
        }
    };
    classify_root(&root, bytes)
}

fn classify_root(root: &Element, bytes: &[u8]) -> Detected {
    let ns = root.name.ns.as_deref();
    let local = root.name.local.as_str();
    if let Some(v) = lookup(QTI_NAMESPACES, ns) {
        let kind = match local {
            "assessmentItem" | "qti-assessment-item" => Kind::QtiItem,
            "assessmentTest" | "qti-assessment-test" => Kind::QtiTest,
            "assessmentSection" | "qti-assessment-section" => Kind::QtiSection,
            "assessmentStimulus" | "qti-assessment-stimulus" => Kind::QtiStimulus,
            _ => Kind::Unknown,
        };
        if kind != Kind::Unknown {
            return Detected::new(kind, Some(v));
        }
    }
    if let Some(v) = lookup(QTI_RESULT_NAMESPACES, ns)
        && local == "assessmentResult"
    {
        return Detected::new(Kind::QtiResults, Some(v));
    }
    if local == "questestinterop" {
        return Detected::new(Kind::Qti12, Some("1.2"));
    }
    if local == "manifest" {
        return detect_package_manifest(bytes);
    }
    let mut r = Report::new();
    // Not ours: still say whether it is well-formed, which is the first thing a user wants to know.
    if let Err(e) = xml::parse_document(bytes, &Limits::default()) {
        r.push(e.to_problem());
    }
    r.push(Problem::error(
        "ims.unknown-kind",
        format!(
            "XML root element <{local}>{} is not a document of a supported standard",
            ns.map(|n| format!(" in namespace {n}")).unwrap_or_default()
        ),
    ));
    Detected::with_problems(Kind::Unknown, None, r)
}

/// Classifies an `imsmanifest.xml`: a Common Cartridge manifest ([`Kind::CcManifest`], by its
/// `schema`/`schemaversion` metadata first and its namespace second) or a QTI content package
/// ([`Kind::QtiPackage`], an IMS CP manifest listing QTI resources).
pub fn detect_package_manifest(bytes: &[u8]) -> Detected {
    let doc = match xml::parse_document(bytes, &Limits::default()) {
        Ok(d) => d,
        Err(e) => {
            let mut r = Report::new();
            r.push(e.to_problem());
            return Detected::with_problems(Kind::Unknown, None, r);
        }
    };
    let root = &doc.root;
    if root.name.local != "manifest" {
        return classify_root(root, bytes);
    }
    let metadata = root.elements().find(|e| e.name.local == "metadata");
    let schema = metadata
        .and_then(|m| m.elements().find(|e| e.name.local == "schema"))
        .map(|e| e.text().trim().to_owned());
    let schemaversion = metadata
        .and_then(|m| m.elements().find(|e| e.name.local == "schemaversion"))
        .map(|e| e.text().trim().to_owned());
    let ns_version = lookup(CC_NAMESPACES, root.name.ns.as_deref());
    let is_cc_schema = schema
        .as_deref()
        .is_some_and(|s| s.to_ascii_lowercase().contains("common cartridge"));
    if is_cc_schema || ns_version.is_some() {
        let thin = schema
            .as_deref()
            .is_some_and(|s| s.to_ascii_lowercase().contains("thin"));
        let version = schemaversion
            .as_deref()
            .filter(|v| is_cc_schema && !v.is_empty())
            .map(|v| v.trim_end_matches(".0").to_owned())
            .or_else(|| ns_version.map(str::to_owned))
            .map(|v| if thin { format!("thin-{v}") } else { v });
        return Detected {
            kind: Kind::CcManifest,
            version,
            problems: Report::new(),
        };
    }
    // An IMS content package: QTI if it lists QTI resources.
    let qti_version = root
        .elements()
        .filter(|e| e.name.local == "resources")
        .flat_map(|r| r.elements())
        .filter_map(|res| res.attr("type"))
        .find_map(qti_resource_version);
    match qti_version {
        Some(v) => Detected::new(Kind::QtiPackage, Some(v)),
        None => {
            let mut r = Report::new();
            r.push(
                Problem::error(
                    "ims.unknown-kind",
                    "an IMS content-packaging manifest that is neither a Common Cartridge nor lists QTI resources",
                )
                .at(Location::Unknown),
            );
            Detected::with_problems(Kind::Unknown, None, r)
        }
    }
}

fn qti_resource_version(t: &str) -> Option<&'static str> {
    let t = t.to_ascii_lowercase();
    if !t.starts_with("imsqti") {
        return None;
    }
    Some(if t.contains("v3p0") {
        "3.0"
    } else if t.contains("v2p2") {
        "2.2"
    } else if t.contains("v2p1") {
        "2.1"
    } else if t.contains("v2p0") {
        "2.0"
    } else if t.contains("v1p2") {
        "1.2"
    } else {
        "2.1"
    })
}

fn detect_json(bytes: &[u8]) -> Detected {
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            let mut r = Report::new();
            r.push(
                Problem::error("json.syntax", format!("not valid JSON: {e}"))
                    .at(Location::text(e.line(), e.column())),
            );
            return Detected::with_problems(Kind::Unknown, None, r);
        }
    };
    classify_json(&value)
}

/// Classifies a parsed JSON document.
pub fn classify_json(value: &serde_json::Value) -> Detected {
    let serde_json::Value::Object(map) = value else {
        if let serde_json::Value::Array(items) = value
            && items
                .first()
                .is_some_and(|v| classify_json(v).kind == Kind::OneRosterJson)
        {
            return Detected::new(Kind::OneRosterJson, None);
        }
        let mut r = Report::new();
        r.push(Problem::error(
            "ims.unknown-kind",
            "a JSON document that is not an object",
        ));
        return Detected::with_problems(Kind::Unknown, None, r);
    };
    if map
        .keys()
        .any(|k| k.starts_with("https://purl.imsglobal.org/spec/lti"))
    {
        return Detected::new(Kind::LtiMessage, Some("1.3"));
    }
    let caliper_version = caliper_context_version(map.get("@context"));
    // An envelope: `data` plus any other envelope property (a broken envelope missing one of
    // them is still an envelope, so that validation can say what is missing).
    let envelope_keys = ["sensor", "sendTime", "dataVersion"]
        .iter()
        .filter(|k| map.contains_key(**k))
        .count();
    if map.contains_key("data") && envelope_keys >= 1 {
        let v = map
            .get("dataVersion")
            .and_then(|v| v.as_str())
            .and_then(|s| caliper_version_of(s));
        return Detected::new(Kind::CaliperEnvelope, v.or(caliper_version));
    }
    if let Some(v) = caliper_version {
        let is_event = map.contains_key("action")
            && map
                .get("type")
                .and_then(|t| t.as_str())
                .is_some_and(|t| t.ends_with("Event"));
        return Detected::new(
            if is_event {
                Kind::CaliperEvent
            } else {
                Kind::CaliperEntity
            },
            Some(v),
        );
    }
    const OR_COLLECTIONS: &[&str] = &[
        "orgs",
        "org",
        "academicSessions",
        "academicSession",
        "terms",
        "term",
        "gradingPeriods",
        "gradingPeriod",
        "courses",
        "course",
        "classes",
        "class",
        "users",
        "user",
        "students",
        "student",
        "teachers",
        "teacher",
        "enrollments",
        "enrollment",
        "demographics",
        "schools",
        "school",
        "categories",
        "category",
        "lineItems",
        "lineItem",
        "results",
        "result",
        "scoreScales",
        "scoreScale",
        "resources",
        "resource",
        "userProfiles",
        "assessmentLineItems",
        "assessmentLineItem",
        "assessmentResults",
        "assessmentResult",
        "imsx_statusInfo",
        "imsx_codeMajor",
    ];
    // A response (`{"users": […]}`, at most a few keys) or a whole data set (only collection
    // keys, as `ims oneroster convert --to json` writes).
    let or_like = (map.len() <= 3 && map.keys().any(|k| OR_COLLECTIONS.contains(&k.as_str())))
        || (!map.is_empty() && map.keys().all(|k| OR_COLLECTIONS.contains(&k.as_str())));
    let or_record = map.contains_key("sourcedId")
        && (map.contains_key("status") || map.contains_key("dateLastModified"));
    if or_like || or_record {
        return Detected::new(Kind::OneRosterJson, None);
    }
    let mut r = Report::new();
    r.push(Problem::error(
        "ims.unknown-kind",
        "a JSON object that is not a Caliper, OneRoster or LTI document",
    ));
    Detected::with_problems(Kind::Unknown, None, r)
}

fn caliper_version_of(s: &str) -> Option<&'static str> {
    if !s.contains("purl.imsglobal.org/ctx/caliper") {
        return None;
    }
    Some(if s.contains("v1p2") {
        "1.2"
    } else if s.contains("v1p1") {
        "1.1"
    } else if s.contains("v1p0") {
        "1.0"
    } else {
        "1.2"
    })
}

fn caliper_context_version(ctx: Option<&serde_json::Value>) -> Option<&'static str> {
    match ctx? {
        serde_json::Value::String(s) => caliper_version_of(s),
        serde_json::Value::Array(items) => {
            items.iter().find_map(|i| caliper_context_version(Some(i)))
        }
        serde_json::Value::Object(m) => m
            .get("@vocab")
            .and_then(|v| v.as_str())
            .and_then(caliper_version_of)
            .or(Some("1.2")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qti_kinds_and_versions() {
        let d = detect_bytes(b"<assessmentItem xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\" identifier=\"a\"/>", None);
        assert_eq!((d.kind, d.version.as_deref()), (Kind::QtiItem, Some("2.1")));
        let d = detect_bytes(
            b"<qti-assessment-test xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\"/>",
            None,
        );
        assert_eq!((d.kind, d.version.as_deref()), (Kind::QtiTest, Some("3.0")));
        let d = detect_bytes(
            b"<assessmentResult xmlns=\"http://www.imsglobal.org/xsd/imsqti_result_v2p2\"/>",
            None,
        );
        assert_eq!(d.kind, Kind::QtiResults);
        let d = detect_bytes(b"<?xml version=\"1.0\"?><questestinterop/>", None);
        assert_eq!((d.kind, d.version.as_deref()), (Kind::Qti12, Some("1.2")));
        assert_eq!(Kind::Qti12.as_str(), "qti-1.2");
    }

    #[test]
    fn manifests() {
        let cc = br#"<manifest xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1" identifier="m"><metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion></metadata></manifest>"#;
        let d = detect_bytes(cc, None);
        assert_eq!(
            (d.kind, d.version.as_deref()),
            (Kind::CcManifest, Some("1.3"))
        );
        let thin = br#"<manifest xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"><metadata><schema>IMS Thin Common Cartridge</schema><schemaversion>1.3.0</schemaversion></metadata></manifest>"#;
        assert_eq!(
            detect_bytes(thin, None).version.as_deref(),
            Some("thin-1.3")
        );
        let qti = br#"<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources><resource identifier="r" type="imsqti_item_xmlv2p2" href="i.xml"/></resources></manifest>"#;
        let d = detect_bytes(qti, None);
        assert_eq!(
            (d.kind, d.version.as_deref()),
            (Kind::QtiPackage, Some("2.2"))
        );
        let other =
            br#"<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources/></manifest>"#;
        assert_eq!(detect_bytes(other, None).kind, Kind::Unknown);
    }

    #[test]
    fn json_kinds() {
        let env = br#"{"sensor":"https://x","sendTime":"2024-01-01T00:00:00.000Z","dataVersion":"http://purl.imsglobal.org/ctx/caliper/v1p2","data":[]}"#;
        let d = detect_bytes(env, None);
        assert_eq!(
            (d.kind, d.version.as_deref()),
            (Kind::CaliperEnvelope, Some("1.2"))
        );
        let ev = br#"{"@context":"http://purl.imsglobal.org/ctx/caliper/v1p1","type":"NavigationEvent","action":"NavigatedTo"}"#;
        assert_eq!(detect_bytes(ev, None).kind, Kind::CaliperEvent);
        let broken_env = br#"{"sendTime":"2024-01-01T00:00:00.000Z","dataVersion":"http://purl.imsglobal.org/ctx/caliper/v1p1","data":[]}"#;
        let d = detect_bytes(broken_env, None);
        assert_eq!(
            (d.kind, d.version.as_deref()),
            (Kind::CaliperEnvelope, Some("1.1"))
        );
        let ent = br#"{"@context":"http://purl.imsglobal.org/ctx/caliper/v1p2","type":"Person","id":"urn:x"}"#;
        assert_eq!(detect_bytes(ent, None).kind, Kind::CaliperEntity);
        let lti = br#"{"iss":"https://p","https://purl.imsglobal.org/spec/lti/claim/message_type":"LtiResourceLinkRequest"}"#;
        assert_eq!(detect_bytes(lti, None).kind, Kind::LtiMessage);
        let or = br#"{"users":[{"sourcedId":"u1","status":"active"}]}"#;
        assert_eq!(detect_bytes(or, None).kind, Kind::OneRosterJson);
        let dataset = br#"{"orgs":[],"academicSessions":[],"courses":[],"classes":[],"users":[]}"#;
        assert_eq!(detect_bytes(dataset, None).kind, Kind::OneRosterJson);
        let bad = detect_bytes(b"{\"a\":", None);
        assert_eq!(bad.kind, Kind::Unknown);
        assert!(bad.problems.has_code("json.syntax"));
    }

    #[test]
    fn jwt_and_unknown() {
        let jwt = b"eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln\n";
        assert_eq!(detect_bytes(jwt, None).kind, Kind::LtiJwt);
        let d = detect_bytes(b"hello", Some("notes.txt"));
        assert_eq!(d.kind, Kind::Unknown);
        assert!(d.problems.has_code("ims.unknown-kind"));
        assert!(detect_bytes(b"  ", None).problems.has_code("ims.empty"));
        let d = detect_bytes(b"<html/>", None);
        assert_eq!(d.kind, Kind::Unknown);
        let d = detect_bytes(b"<a><b></a>", None);
        assert_eq!(
            d.kind,
            Kind::Unknown,
            "sniffing stops at the root start tag"
        );
        let d = detect_bytes(b"<a", None);
        assert!(
            d.problems.has_code("xml.syntax") || d.problems.has_code("xml.syntax.unexpected-eof"),
            "{d:?}"
        );
    }
}
