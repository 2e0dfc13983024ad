//! Converting CC-QTI 1.2 assessments and question banks to QTI 2.2 or 3.0, through the `qti`
//! crate's model (feature `qti`).
//!
//! Every item becomes a [`qti::AssessmentItem`] value — declarations, an item body with typed
//! interactions, response processing, modal feedback — checked with [`qti::validate()`] and
//! written with [`qti::write()`]; every assessment becomes a [`qti::AssessmentTest`] (test part,
//! sections, item references with weights, time limit and attempts, outcome processing summing
//! the weighted item scores); every question bank becomes a [`ConvertedBank`], a collection of
//! converted items (listed in the package manifest as an organization).
//!
//! | CC profile | QTI interaction | response |
//! |---|---|---|
//! | multiple choice, true/false | `choiceInteraction maxChoices=1` | single identifier |
//! | multiple response | `choiceInteraction maxChoices=0` (or `maxnumber`) | multiple identifier |
//! | fill in the blank, pattern match | `textEntryInteraction` | single string (float/integer for numeric `fibtype`) |
//! | essay | `extendedTextInteraction` | single string (no scoring) |
//!
//! Items outside the six profiles are converted by their shape when their responses are
//! `response_lid`+`render_choice`, `response_str`/`response_num`+`render_fib`; others are
//! reported and left out.
//!
//! **Response processing** is translated condition by condition: `varequal` → `match` /
//! `member` / `stringMatch` / `equal`, `varsubstring` → `substring`, `varlt`/`varlte`/`vargt`/
//! `vargte` → `lt`/`lte`/`gt`/`gte`, `unanswered` → `isNull`, `and`/`or`/`not`/`other`. QTI
//! 1.2's "stop at the first matching condition unless `continue="Yes"`" becomes `responseIf` /
//! `responseElseIf` chains, with the conditions after a continuing one in the `responseElse`.
//! Several tests in one `conditionvar` are all required (QTI 1.2); when they are `varequal`s of
//! one single-valued response — which can never all hold — they are read as alternatives, as
//! Canvas writes accepted answers (reported as a warning). Scores are normalised to 0–1 (`SCORE`
//! over the `decvar` maximum, `MAXSCORE` = 1) so that a test can weight them by the item's
//! `cc_weighting`; `displayfeedback` adds to the `FEEDBACK` outcome and `itemfeedback` becomes
//! `modalFeedback`. The correct response is the set of values of the condition giving the
//! highest score.
//!
//! **Content**: `mattext` HTML is parsed (common HTML entities and unclosed void elements
//! tolerated), kept as typed XHTML when its elements are in the QTI content model (others are
//! unwrapped, scripts and embeds dropped, disallowed attributes removed, inline/block nesting
//! repaired), and kept as text otherwise; file-base tokens become paths to the media folder of
//! the output package.
//!
//! Nothing is dropped silently: every construct without a conversion is reported with a
//! `cc.convert.*` code, and every output document's problems under [`qti::validate()`] and the
//! `qti` reader's schema checks are reported with their `qti.*` codes.

mod assessment;
mod content;
mod item;

use std::collections::{BTreeMap, BTreeSet};

use lti_core::content_packaging::{self as cp, Manifest};
use lti_core::xml::Namespace;
use lti_core::{Location, Problem, Report};
use qti::{AssessmentItem, AssessmentTest, QtiDocument, Version};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::filebase;
use crate::package::PackageSource;
use crate::qti::{Questestinterop, QuestionProfile};
use crate::resource_type::ResourceKind;
use crate::validate::{Cartridge, file_path};

/// The QTI version to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum QtiTarget {
    /// QTI 2.2.
    #[serde(rename = "2.2")]
    V2_2,
    /// QTI 3.0.
    #[serde(rename = "3.0")]
    V3_0,
}

impl QtiTarget {
    /// The `qti` crate's version.
    pub const fn version(self) -> Version {
        match self {
            Self::V2_2 => Version::V2p2,
            Self::V3_0 => Version::V3p0,
        }
    }

    /// The item/test namespace.
    pub const fn namespace(self) -> &'static str {
        self.version().namespace()
    }

    /// `2.2` or `3.0`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V2_2 => "2.2",
            Self::V3_0 => "3.0",
        }
    }

    /// The content-package resource type of items.
    pub const fn item_type(self) -> &'static str {
        match self {
            Self::V2_2 => "imsqti_item_xmlv2p2",
            Self::V3_0 => "imsqti_item_xmlv3p0",
        }
    }

    /// The content-package resource type of tests.
    pub const fn test_type(self) -> &'static str {
        match self {
            Self::V2_2 => "imsqti_test_xmlv2p2",
            Self::V3_0 => "imsqti_test_xmlv3p0",
        }
    }

    /// The content-package namespace of the package manifest.
    pub const fn cp_namespace(self) -> &'static str {
        match self {
            Self::V2_2 => "http://www.imsglobal.org/xsd/imscp_v1p1",
            Self::V3_0 => "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1",
        }
    }
}

/// One converted item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConvertedItem {
    /// The path in the output package (`items/quiz_q1.xml`).
    pub path: String,
    /// The CC-QTI `ident` the item was converted from.
    pub source_ident: String,
    /// The CC question profile, when the item declares one.
    pub profile: Option<QuestionProfile>,
    /// The `cc_weighting` of the item (its points in the assessment), when given.
    pub weight: Option<f64>,
    /// The item.
    pub item: AssessmentItem,
    /// The item written in the target version.
    pub xml: String,
}

/// One converted assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConvertedTest {
    /// The path in the output package (`tests/quiz.xml`).
    pub path: String,
    /// The identifier of the cartridge resource the test was converted from (empty for a
    /// document converted on its own).
    pub resource: String,
    /// The test.
    pub test: AssessmentTest,
    /// The test written in the target version.
    pub xml: String,
}

/// One converted question bank: a collection of converted items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConvertedBank {
    /// The identifier of the cartridge resource (or the `objectbank` ident).
    pub identifier: String,
    /// The bank's title (from its metadata, else its ident).
    pub title: String,
    /// The paths of its items in the output package ([`ConvertedItem::path`]).
    pub items: Vec<String>,
}

/// A media file the converted items reference: copy `from` (a cartridge path) to `to` (an
/// output-package path).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MediaFile {
    /// The path in the cartridge.
    pub from: String,
    /// The path in the output package.
    pub to: String,
}

/// The result of a conversion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Converted {
    /// The version written.
    pub target: QtiTarget,
    /// Items, in document order.
    pub items: Vec<ConvertedItem>,
    /// Tests (one per assessment).
    pub tests: Vec<ConvertedTest>,
    /// Question banks.
    pub banks: Vec<ConvertedBank>,
    /// Media files to copy.
    pub media: Vec<MediaFile>,
    /// The output package's `imsmanifest.xml`.
    pub manifest: String,
    /// What could not be converted and why (`cc.convert.*`), and the problems of the output
    /// documents (`qti.*`).
    pub report: Report,
}

impl Converted {
    fn new(target: QtiTarget) -> Self {
        Self {
            target,
            items: Vec::new(),
            tests: Vec::new(),
            banks: Vec::new(),
            media: Vec::new(),
            manifest: String::new(),
            report: Report::new(),
        }
    }

    /// The item at `path`.
    pub fn item(&self, path: &str) -> Option<&ConvertedItem> {
        self.items.iter().find(|i| i.path == path)
    }
}

/// A QTI identifier from a CC ident: characters outside an XML name become `_`, and a leading
/// character that cannot start one is prefixed with `_`.
pub fn qti_identifier(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// Where a document being converted comes from.
struct Doc<'a> {
    /// The descriptor's path in the cartridge (locations; empty when unknown).
    entry: &'a str,
    /// The descriptor's folder (file-base tokens resolve against it).
    folder: &'a str,
    /// Prepended to item file names and identifiers of tests and banks.
    prefix: String,
}

impl Doc<'_> {
    fn location(&self, span: lti_core::xml::Span, path: &str) -> Location {
        let l = span.location(path);
        if self.entry.is_empty() {
            l
        } else {
            l.in_zip_entry(self.entry)
        }
    }
}

/// Writes a model in the target version, reads the output back with the `qti` reader's schema
/// checks and validates it: every problem goes to `report`, located in `path`.
fn write_checked(doc: &QtiDocument, target: QtiTarget, path: &str, report: &mut Report) -> String {
    let written = qti::write(doc, target.version());
    report.extend_in_entry(path, written.report.problems);
    match qti::parse(written.xml.as_bytes(), &qti::ReadOptions::default()) {
        Ok((back, read)) => {
            report.extend_in_entry(path, read.problems);
            report.extend_in_entry(path, qti::validate(&back).problems);
        }
        Err(e) => report.push(
            Problem::error(
                codes::CONVERT_INVALID,
                format!("the converted document does not read back: {e}"),
            )
            .at(Location::zip_entry(path)),
        ),
    }
    written.xml
}

/// Converts one CC-QTI document. `entry` is the descriptor's path in the cartridge (file-base
/// tokens resolve against its folder; locations name it); `prefix` is prepended to item file
/// names to keep them unique across documents; with `test_identifier`, an assessment also
/// becomes a test with that identifier, and a question bank becomes a [`ConvertedBank`] with it.
pub fn convert_questestinterop(
    q: &Questestinterop,
    entry: &str,
    prefix: &str,
    test_identifier: Option<&str>,
    target: QtiTarget,
) -> Converted {
    let mut out = Converted::new(target);
    let doc = Doc {
        entry,
        folder: filebase::folder_of(entry),
        prefix: prefix.to_owned(),
    };
    convert_document(q, &doc, test_identifier, "", &mut out);
    out.manifest = package_manifest(&out, "QTI");
    out
}

fn convert_document(
    q: &Questestinterop,
    doc: &Doc<'_>,
    test_identifier: Option<&str>,
    resource: &str,
    out: &mut Converted,
) {
    let first = out.items.len();
    let mut by_ident: BTreeMap<String, String> = BTreeMap::new();
    let mut paths: BTreeSet<String> = out.items.iter().map(|i| i.path.clone()).collect();
    let mut unused_metadata: BTreeSet<String> = BTreeSet::new();
    for it in q.all_items() {
        for f in &it.metadata.fields {
            if !item::CONVERTED_METADATA.contains(&f.label.as_str()) {
                unused_metadata.insert(f.label.clone());
            }
        }
        let Some(mut converted) =
            item::convert_item(it, doc, out.target, &mut out.report, &mut out.media)
        else {
            continue;
        };
        // Unique file names (duplicate idents are a validation error, but both are kept).
        let base = format!("items/{}{}", doc.prefix, converted.item.identifier);
        let mut path = format!("{base}.xml");
        let mut n = 1;
        while paths.contains(&path) {
            n += 1;
            path = format!("{base}_{n}.xml");
        }
        paths.insert(path.clone());
        converted.path.clone_from(&path);
        converted.xml = write_checked(
            &QtiDocument::Item(converted.item.clone()),
            out.target,
            &path,
            &mut out.report,
        );
        by_ident.entry(it.ident.clone()).or_insert(path);
        out.items.push(converted);
    }
    if !unused_metadata.is_empty() {
        out.report.push(
            Problem::info(
                codes::CONVERT_METADATA_DROPPED,
                format!(
                    "item metadata without a QTI 2/3 equivalent is not carried over: {}",
                    unused_metadata.into_iter().collect::<Vec<_>>().join(", ")
                ),
            )
            .at(doc.location(lti_core::xml::Span::default(), "/questestinterop")),
        );
    }
    let Some(tid) = test_identifier else { return };
    for a in &q.assessments {
        if let Some(t) = assessment::convert_assessment(a, tid, doc, &by_ident, out) {
            let path = format!("tests/{}.xml", t.identifier);
            let xml = write_checked(
                &QtiDocument::Test(t.clone()),
                out.target,
                &path,
                &mut out.report,
            );
            out.tests.push(ConvertedTest {
                path,
                resource: resource.to_owned(),
                test: t,
                xml,
            });
        }
    }
    for b in &q.object_banks {
        let title = b
            .metadata
            .get("qmd_title")
            .or_else(|| b.metadata.get("title"))
            .unwrap_or(&b.ident)
            .to_owned();
        let mut items = Vec::new();
        let mut bank_items: Vec<&crate::qti::Item> = b.items.iter().collect();
        for s in &b.sections {
            bank_items.extend(s.all_items());
        }
        for it in bank_items {
            if let Some(p) = by_ident.get(&it.ident) {
                items.push(p.clone());
            }
        }
        out.banks.push(ConvertedBank {
            identifier: qti_identifier(tid),
            title,
            items,
        });
    }
    // Items of an assessment and of a bank belong to the document; nothing else to do for
    // items outside both (standalone QTI 1.2 documents).
    let _ = first;
}

/// Converts every assessment and question bank of a cartridge (with its typed descriptors) to
/// a QTI content package: items, one test per assessment, the banks, the media they use, a
/// manifest. With `files` (the cartridge's files), media references are checked: files that are
/// not in the cartridge are reported (`cc.convert.media-missing`) and left out of the manifest.
pub fn convert_cartridge(
    c: &Cartridge,
    files: Option<&dyn PackageSource>,
    target: QtiTarget,
) -> Converted {
    let mut all = Converted::new(target);
    for r in &c.manifest.resources {
        if !matches!(
            r.kind(),
            ResourceKind::Assessment | ResourceKind::QuestionBank
        ) {
            continue;
        }
        let entry = r
            .descriptor_href()
            .map(|h| file_path(&c.manifest, r, h))
            .unwrap_or_default();
        let Some(crate::descriptor::Descriptor::Qti(q)) = c.descriptors.get(&r.identifier) else {
            all.report.push(
                Problem::warning(
                    codes::CONVERT_DESCRIPTOR_MISSING,
                    format!(
                        "resource {:?} has no readable CC-QTI descriptor; not converted",
                        r.identifier
                    ),
                )
                .at(Location::zip_entry(&entry)),
            );
            continue;
        };
        let doc = Doc {
            entry: &entry,
            folder: filebase::folder_of(&entry),
            prefix: format!("{}_", qti_identifier(&r.identifier)),
        };
        convert_document(q, &doc, Some(&r.identifier), &r.identifier, &mut all);
    }
    all.media.sort();
    all.media.dedup();
    if let Some(files) = files {
        let (present, missing): (Vec<MediaFile>, Vec<MediaFile>) =
            all.media.drain(..).partition(|m| files.contains(&m.from));
        for m in missing {
            all.report.push(
                Problem::warning(
                    codes::CONVERT_MEDIA_MISSING,
                    format!(
                        "the items reference {:?}, which is not in the cartridge; it is left out of the package",
                        m.from
                    ),
                )
                .at(Location::zip_entry(&m.from)),
            );
        }
        all.media = present;
    }
    let id = c.manifest.identifier.clone();
    all.manifest = package_manifest(&all, &id);
    all
}

/// The output package's manifest: one resource per item (with the media it references), one
/// per test (depending on its items), and an organization listing the banks' items.
fn package_manifest(c: &Converted, id: &str) -> String {
    let ns = Namespace::new(c.target.cp_namespace());
    let mut m = Manifest::new(Some(ns), format!("{}_qti", qti_identifier(id)));
    let mut md = cp::Metadata::default();
    md.schema = Some("QTI Package".to_owned());
    md.schemaversion = Some(
        match c.target {
            QtiTarget::V2_2 => "2.2.0",
            QtiTarget::V3_0 => "3.0.0",
        }
        .to_owned(),
    );
    m.metadata = Some(md);
    let res_id = |path: &str| format!("RES_{}", qti_identifier(path.trim_end_matches(".xml")));
    for f in &c.items {
        let mut r = cp::Resource::default();
        r.identifier = res_id(&f.path);
        r.resource_type = c.target.item_type().to_owned();
        r.href = Some(f.path.clone());
        r.files.push(file(&f.path));
        for mf in &c.media {
            if f.xml.contains(&media_href(&mf.to)) {
                r.files.push(file(&content::escape_href(&mf.to)));
            }
        }
        m.resources.resources.push(r);
    }
    for t in &c.tests {
        let mut r = cp::Resource::default();
        r.identifier = res_id(&t.path);
        r.resource_type = c.target.test_type().to_owned();
        r.href = Some(t.path.clone());
        r.files.push(file(&t.path));
        for item_ref in t.test.item_refs() {
            let target = qti::package::resolve(&t.path, &item_ref.href);
            if c.items.iter().any(|i| i.path == target) {
                let mut d = cp::Dependency::default();
                d.identifierref = res_id(&target);
                r.dependencies.push(d);
            }
        }
        m.resources.resources.push(r);
    }
    if !c.banks.is_empty() {
        let mut org = cp::Organization::default();
        org.identifier = "QUESTION_BANKS".to_owned();
        org.title = Some("Question banks".to_owned());
        for b in &c.banks {
            let mut bank = cp::Item::default();
            bank.identifier = format!("BANK_{}", qti_identifier(&b.identifier));
            bank.title = Some(b.title.clone());
            for p in &b.items {
                let mut i = cp::Item::default();
                i.identifier = format!("ITEM_{}", qti_identifier(p.trim_end_matches(".xml")));
                i.identifierref = Some(res_id(p));
                bank.items.push(i);
            }
            org.items.push(bank);
        }
        m.organizations.organizations.push(org);
    }
    cp::write_manifest(&m)
}

/// `xsi:schemaLocation` of the target's namespace and schema.
fn schema_location(target: QtiTarget) -> lti_core::xml::Attribute {
    crate::manifest::ns_attr(
        lti_core::xml::QName::prefixed(
            &Namespace::new(lti_core::xml::XSI_NS),
            "xsi",
            "schemaLocation",
        ),
        format!(
            "{} {}",
            target.version().namespace(),
            target.version().schema_location()
        ),
    )
}

/// How an item refers to a media file at output-package path `to` (items live in `items/`).
fn media_href(to: &str) -> String {
    format!("../{}", content::escape_href(to))
}

fn file(href: &str) -> cp::File {
    let mut f = cp::File::default();
    f.href = href.to_owned();
    f
}

#[cfg(test)]
mod tests;
