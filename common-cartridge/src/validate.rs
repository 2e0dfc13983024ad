//! Validation: the Common Cartridge profile rules over a manifest, its package and its
//! descriptors. Every problem has a stable code (see [`crate::codes`]) and a location (zip
//! entry + XML position).
//!
//! - [`check_manifest`]: the manifest rules (metadata, organizations, resources, dependencies,
//!   identifiers, versions, authorization); with a package, also the presence of every
//!   referenced file.
//! - [`validate_package`] / [`validate_zip`]: open a package, read its manifest and every
//!   descriptor (never the content files), apply everything.
//! - [`validate_manifest_bytes`]: a loose `imsmanifest.xml` without its files.
//!
//! Lenient by default: leniencies applied to messy real-world input (a 1.3 manifest with 1.1
//! resource types, a wrapping folder) are warnings; [`ReadOptions::strict`] makes them errors.

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Seek};

use lti_core::content_packaging::Item;
use lti_core::xml::Span;
use lti_core::{Location, Problem, Report, Severity};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::descriptor::{self, Descriptor, DescriptorKind};
use crate::filebase;
use crate::lom::Lom;
use crate::manifest::{
    CartridgeManifest, CartridgeResource, ReadOptions, ResourceIndex, parse_manifest,
};
use crate::package::{self, CaseIndex, Lookup, MANIFEST, PackageSource, ZipPackage};
use crate::qti;
use crate::resource_type::ResourceKind;
use crate::version::{CartridgeVersion, CcVersion, version_of_namespace};

/// A cartridge as read from a package: the manifest and the typed descriptors of its
/// resources (content files are never read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cartridge {
    /// The manifest.
    pub manifest: CartridgeManifest,
    /// The manifest's entry name in the package (`imsmanifest.xml`, or under a wrapping
    /// folder).
    pub manifest_entry: String,
    /// Typed descriptors by resource identifier (resources whose descriptor could be read).
    pub descriptors: BTreeMap<String, Descriptor>,
}

/// The result of validating a package or manifest.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Validation {
    /// The version, when the manifest could be read.
    pub version: Option<CartridgeVersion>,
    /// Every problem found.
    pub report: Report,
    /// The cartridge, when the manifest could be read.
    pub cartridge: Option<Cartridge>,
}

impl Validation {
    fn failed(report: Report) -> Self {
        Self {
            version: None,
            report,
            cartridge: None,
        }
    }

    /// Whether the cartridge is valid (no error; in strict mode, no warning either).
    pub fn is_valid(&self, strict: bool) -> bool {
        self.report.is_valid(strict)
    }
}

const RES: &str = "/manifest/resources/resource";
const ITEM: &str = "/manifest/organizations/organization/item";

fn at(path: &str, span: Span) -> Location {
    span.location(path)
}

fn lenient(opts: &ReadOptions, code: &'static str, loc: Location, msg: String) -> Problem {
    Problem::new(code, opts.lenient_severity(), msg).at(loc)
}

/// One pass over an href: whether it is a relative path that stays inside the package
/// ([`href_ok`]) and whether it needs no normalisation ([`is_clean`]). No allocation.
fn scan_href(href: &str) -> (bool, bool) {
    let b = href.as_bytes();
    if b.is_empty() {
        return (false, false);
    }
    let mut ok = !(b[0] == b'/' || b[0] == b'\\' || b.get(1) == Some(&b':'));
    // The path part ends at a query or fragment (which makes the href unclean).
    let (path, mut clean) = match b.iter().position(|c| *c == b'?' || *c == b'#') {
        Some(i) => (&b[..i], false),
        None => (b, true),
    };
    let mut depth: usize = 0;
    let mut seg_start = 0;
    for i in 0..=path.len() {
        let c = path.get(i).copied();
        if c == Some(b':') && path[i + 1..].starts_with(b"//") {
            ok = false;
        }
        if c.is_some() && c != Some(b'/') {
            continue;
        }
        match &path[seg_start..i] {
            b"" | b"." => clean = false,
            b".." => {
                clean = false;
                match depth.checked_sub(1) {
                    Some(d) => depth = d,
                    None => ok = false,
                }
            }
            _ => depth += 1,
        }
        seg_start = i + 1;
    }
    (ok, clean)
}

/// Whether `href` is a relative path that stays inside the package (no allocation).
fn href_ok(href: &str) -> bool {
    scan_href(href).0
}

/// A fast path for the common case: an ASCII NCName (letters, digits, `-`, `_`, `.`, not
/// starting with a digit, `-` or `.`). Other identifiers go through the full check.
fn ascii_ncname(id: &str) -> bool {
    let b = id.as_bytes();
    b.first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// Whether a path needs no normalisation (no empty, `.` or `..` segment, no query or fragment).
fn is_clean(p: &str) -> bool {
    scan_href(p).1
}

fn join_base(bases: &[Option<&str>], href: &str) -> String {
    let mut out = String::new();
    for b in bases.iter().flatten() {
        out.push_str(b);
        if !b.is_empty() && !b.ends_with('/') {
            out.push('/');
        }
    }
    out.push_str(href);
    filebase::join_package_path("", &out).unwrap_or(out)
}

/// The package path of a resource file (`xml:base` of `resources` and `resource` applied).
pub fn file_path(m: &CartridgeManifest, r: &CartridgeResource, href: &str) -> String {
    file_path_cow(m, r, href, is_clean(href)).into_owned()
}

/// [`file_path`] without a copy when nothing changes; `clean` is [`is_clean`]`(href)`, which
/// callers that scanned the href already know.
fn file_path_cow<'a>(
    m: &CartridgeManifest,
    r: &CartridgeResource,
    href: &'a str,
    clean: bool,
) -> std::borrow::Cow<'a, str> {
    if clean && m.resources_info.base.is_none() && r.base.is_none() {
        return std::borrow::Cow::Borrowed(href);
    }
    std::borrow::Cow::Owned(join_base(
        &[m.resources_info.base.as_deref(), r.base.as_deref()],
        href,
    ))
}

fn check_lom(
    report: &mut Report,
    opts: &ReadOptions,
    lom: &Lom,
    ns: Option<&str>,
    expected_ns: &str,
    version: CcVersion,
    loc: Location,
) {
    if let Some(ns) = ns
        && ns != expected_ns
    {
        let same_version = version_of_namespace(ns) == Some(version);
        report.push(lenient(
            opts,
            codes::LOM_NAMESPACE_MISMATCH,
            loc.clone(),
            format!(
                "the LOM record is in namespace {ns:?}; CC {version} uses {expected_ns:?}{}",
                if same_version {
                    ""
                } else {
                    " (another version's namespace)"
                }
            ),
        ));
    }
    let names = lom.extension_names();
    if !names.is_empty() {
        report.push(
            Problem::warning(
                codes::LOM_NOT_IN_PROFILE,
                format!(
                    "LOM elements outside the Common Cartridge LOM profile (kept): {}",
                    names.join(", ")
                ),
            )
            .at(loc.clone())
            .spec("CC LOM profile (rule 6)"),
        );
    }
    for r in lom.intended_end_user_roles() {
        if !matches!(r, "Instructor" | "Learner" | "Mentor") {
            report.push(
                Problem::warning(
                    codes::LOM_VOCABULARY,
                    format!("intendedEndUserRole {r:?} is not Instructor, Learner or Mentor"),
                )
                .at(loc.clone()),
            );
        }
    }
}

fn allowed_dependency(from: ResourceKind, to: ResourceKind) -> bool {
    use ResourceKind as K;
    match from {
        K::WebContent => matches!(to, K::WebContent | K::Other),
        K::AssociatedContent => matches!(to, K::WebContent | K::Other),
        K::DiscussionTopic | K::Assessment | K::QuestionBank | K::Assignment => {
            matches!(to, K::WebContent | K::AssociatedContent | K::Other)
        }
        K::WebLink => false,
        K::BasicLtiLink => matches!(to, K::AssociatedContent | K::Other),
        K::Other => true,
    }
}

fn dependency_rule(from: ResourceKind) -> &'static str {
    match from {
        ResourceKind::WebContent => "X11 5a-5f",
        ResourceKind::AssociatedContent => "X11 6a-6f",
        ResourceKind::DiscussionTopic => "X11 1d-1h",
        ResourceKind::WebLink => "X11 2d",
        ResourceKind::Assessment => "X11 3d-3h",
        ResourceKind::QuestionBank => "X11 4e-4i",
        ResourceKind::BasicLtiLink => "X11 11a-11f",
        _ => "S11 3.4.6",
    }
}

/// Applies the manifest rules. With `files`, also checks that every referenced file is in the
/// package. Locations are inside the manifest (the caller places them in its zip entry).
pub fn check_manifest(
    m: &CartridgeManifest,
    files: Option<&dyn PackageSource>,
    opts: &ReadOptions,
) -> Report {
    check_manifest_with(m, &m.resource_index(), files, opts)
}

fn check_manifest_with(
    m: &CartridgeManifest,
    index: &ResourceIndex<'_>,
    files: Option<&dyn PackageSource>,
    opts: &ReadOptions,
) -> Report {
    let mut report = Report::new();
    let v = m.version.version;
    let ns = v.namespaces();
    let root = at("/manifest", m.span);
    // Rule 2: no CP version attribute, no sub-manifests.
    if let Some(a) = &m.cp_version_attribute {
        report.push(
            Problem::new(
                codes::MANIFEST_VERSION_ATTRIBUTE,
                if v == CcVersion::V1_0 {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                format!("the content-packaging `version` attribute ({a:?}) is prohibited by the CC profile"),
            )
            .at(root.clone())
            .spec("S11 4.4.2; CC 1.1 CP profile (e)"),
        );
    }
    for s in &m.submanifests {
        report.push(
            Problem::error(
                codes::MANIFEST_SUBMANIFEST,
                format!(
                    "sub-manifest {:?}: Common Cartridge prohibits sub-manifests",
                    s.identifier
                ),
            )
            .at(at("/manifest/manifest", s.span))
            .spec("CC 1.1 CP profile (o)"),
        );
    }
    // Metadata.
    if !m.has_metadata {
        report.push(
            Problem::error(codes::METADATA_MISSING, "the manifest has no <metadata>")
                .at(root)
                .spec("CC 1.1 CP profile Manifest.Type"),
        );
    }
    match &m.lom {
        None if m.has_metadata => report.push(
            Problem::new(
                codes::METADATA_LOM_MISSING,
                if v == CcVersion::V1_0 {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                "the manifest metadata has no LOM record (lomimscc:lom with at least the title)",
            )
            .at(at("/manifest/metadata", m.span))
            .spec("CC 1.1 CP profile (x)"),
        ),
        None => {}
        Some(lom) => check_lom(
            &mut report,
            opts,
            lom,
            m.lom_namespace.as_deref(),
            ns.lom_manifest,
            v,
            at("/manifest/metadata/lom", m.span),
        ),
    }
    // Identifiers: NCName, unique (manifest, organizations, items, resources).
    // Manifest, organizations and items go through a set; resources use the shared index
    // (the first resource with an identifier is the one the index holds).
    let items = m.items();
    let seen = HashSet::with_capacity_and_hasher(items.len() + 2, Default::default());
    // Resources last: a resource repeating an earlier manifest, organization or item identifier
    // is found in `seen`.
    let mut ids = IdCheck {
        report: &mut report,
        seen,
        index,
    };
    ids.check(&m.identifier, m.span, "/manifest", None);
    for o in &m.organizations.organizations {
        ids.check(
            &o.identifier,
            o.span,
            "/manifest/organizations/organization",
            None,
        );
    }
    for i in &items {
        ids.check(&i.identifier, i.span, ITEM, None);
    }
    for r in &m.resources {
        ids.check(&r.identifier, r.span, RES, Some(r));
    }
    // Organizations (rules 7–12).
    let orgs = &m.organizations;
    if orgs.organizations.len() > 1 {
        report.push(
            Problem::error(
                codes::ORGANIZATIONS_TOO_MANY,
                format!(
                    "a cartridge has at most one organization, found {}",
                    orgs.organizations.len()
                ),
            )
            .at(at("/manifest/organizations", orgs.span))
            .spec("S11 4.4.3.1; CC 1.1 CP profile (p)"),
        );
    }
    if let Some(d) = &orgs.default {
        report.push(
            Problem::error(
                codes::ORGANIZATIONS_DEFAULT,
                format!("organizations/@default ({d:?}) is prohibited by the CC profile"),
            )
            .at(at("/manifest/organizations", orgs.span))
            .spec("CC 1.1 CP profile (a)"),
        );
    }
    for o in &orgs.organizations {
        let oloc = at("/manifest/organizations/organization", o.span);
        if o.structure.as_deref() != Some("rooted-hierarchy") {
            report.push(
                Problem::error(
                    codes::ORGANIZATION_STRUCTURE,
                    format!(
                        "organization/@structure must be \"rooted-hierarchy\", found {:?}",
                        o.structure.as_deref().unwrap_or("(none)")
                    ),
                )
                .at(oloc.clone())
                .spec("CC 1.1 CP profile (d)"),
            );
        }
        if o.items.len() != 1 {
            report.push(
                Problem::error(
                    codes::ORGANIZATION_ROOT_ITEM,
                    format!(
                        "the organization must have exactly one root item, found {}",
                        o.items.len()
                    ),
                )
                .at(oloc.clone())
                .spec("S11 4.4.3.3; CC 1.1 CP profile (s)"),
            );
        }
        for root_item in &o.items {
            if root_item.title.is_some() || root_item.identifierref.is_some() {
                report.push(
                    Problem::error(
                        codes::ORGANIZATION_ROOT_ITEM_CONTENT,
                        "the root item must have neither a title nor an identifierref",
                    )
                    .at(at(ITEM, root_item.span))
                    .spec("S11 4.4.3.3; CC 1.1 CP profile (n)"),
                );
            }
            check_item_attrs(&mut report, root_item);
            for child in &root_item.items {
                check_item(&mut report, child, index);
            }
        }
    }
    // Resources (rules 13–23).
    let mut question_banks = 0usize;
    let mut linked: Vec<&str> = items
        .iter()
        .filter_map(|i| i.identifierref.as_deref())
        .collect();
    linked.sort_unstable();
    // Rule 3 (files present in the package) is checked with rule 20, one scan per href; its
    // problems come after the other rules'.
    let mut presence = files.map(|files| Presence {
        files,
        lower: CaseIndex::new(),
        report: Report::new(),
    });
    for r in &m.resources {
        check_resource(&mut report, m, r, index, &linked, presence.as_mut(), opts);
        if r.kind() == ResourceKind::QuestionBank {
            question_banks += 1;
        }
    }
    if question_banks > 1 {
        report.push(
            Problem::error(
                codes::RESOURCE_QUESTION_BANK_COUNT,
                format!("a cartridge has at most one question bank, found {question_banks}"),
            )
            .at(at("/manifest/resources", m.resources_info.span))
            .spec("S11 4.4.10; X11 4a"),
        );
    }
    // Authorization (rule 23).
    if let Some(a) = &m.authorizations {
        let aloc = at("/manifest/authorizations", a.element.span);
        if a.access.is_none() {
            report.push(
                Problem::error(
                    codes::AUTHORIZATION_INVALID,
                    format!(
                        "authorizations/@access must be \"cartridge\" or \"resource\", found {:?}",
                        a.access_raw.as_deref().unwrap_or("(none)")
                    ),
                )
                .at(aloc.clone()),
            );
        }
        if a.cartridge_id.as_deref().is_none_or(str::is_empty) {
            report.push(
                Problem::error(
                    codes::AUTHORIZATION_INVALID,
                    "authorizations/authorization requires a cartridgeId",
                )
                .at(aloc),
            );
        }
    }
    if let Some(p) = presence {
        report.extend(p.report);
    }
    report
}

/// Rule 3: the files a manifest names are in the package.
struct Presence<'a> {
    files: &'a dyn PackageSource,
    lower: CaseIndex,
    report: Report,
}

impl Presence<'_> {
    /// Checks one href that [`scan_href`] found valid (`clean` is its second answer).
    fn check(
        &mut self,
        m: &CartridgeManifest,
        r: &CartridgeResource,
        href: &str,
        clean: bool,
        span: Span,
    ) {
        let path = file_path_cow(m, r, href, clean);
        check_presence(
            &mut self.report,
            self.files,
            &mut self.lower,
            &path,
            span,
            &r.identifier,
        );
    }
}

fn check_presence(
    report: &mut Report,
    files: &dyn PackageSource,
    lower: &mut CaseIndex,
    path: &str,
    span: Span,
    owner: &str,
) {
    let loc = || at(RES, span);
    match package::lookup(files, lower, path) {
        Lookup::Found | Lookup::FoundDecoded => {}
        Lookup::CaseMismatch(actual) => report.push(
            Problem::warning(
                codes::PACKAGE_MISSING_FILE,
                format!("{owner:?} references {path:?}; the package has {actual:?} (differs in letter case only, which breaks on case-sensitive systems)"),
            )
            .at(loc()),
        ),
        Lookup::Missing => report.push(
            Problem::error(
                codes::PACKAGE_MISSING_FILE,
                format!("{owner:?} references {path:?}, which is not in the package"),
            )
            .at(loc())
            .spec("rule 3"),
        ),
    }
}

fn check_item_attrs(report: &mut Report, i: &Item) {
    if i.isvisible.is_some()
        || i.parameters.is_some()
        || i.other_attributes
            .iter()
            .any(|a| a.name.ns.is_none() && a.name.local == "isvisible")
    {
        report.push(
            Problem::error(
                codes::ITEM_PROHIBITED_ATTRIBUTE,
                format!(
                    "item {:?}: isvisible and parameters are prohibited by the CC profile",
                    i.identifier
                ),
            )
            .at(at(ITEM, i.span))
            .spec("CC 1.1 CP profile (b), (c)"),
        );
    }
}

fn check_item(report: &mut Report, i: &Item, index: &ResourceIndex<'_>) {
    let loc = || at(ITEM, i.span);
    if i.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        report.push(
            Problem::error(
                codes::ITEM_TITLE_MISSING,
                format!("item {:?} has no title", i.identifier),
            )
            .at(loc())
            .spec("S11 4.4.3.4; CC 1.1 CP profile (n)"),
        );
    }
    check_item_attrs(report, i);
    if let Some(r) = &i.identifierref {
        if !i.items.is_empty() {
            report.push(
                Problem::error(
                    codes::ITEM_LINK_HAS_CHILDREN,
                    format!(
                        "item {:?} links to a resource and also has child items",
                        i.identifier
                    ),
                )
                .at(loc())
                .spec("S11 4.4.3.6; X11 8b"),
            );
        }
        match index.get(r.as_str()) {
            None => report.push(
                Problem::error(
                    codes::ITEM_UNRESOLVED_REF,
                    format!(
                        "item {:?} refers to {r:?}, which is not a resource of this cartridge",
                        i.identifier
                    ),
                )
                .at(loc())
                .spec("rule 11"),
            ),
            Some(res) if res.kind() == ResourceKind::QuestionBank => report.push(
                Problem::error(
                    codes::ITEM_REFERENCES_QUESTION_BANK,
                    format!("item {:?} refers to the question bank {r:?}", i.identifier),
                )
                .at(loc())
                .spec("S11 4.4.10; X11 8a"),
            ),
            Some(_) => {}
        }
    }
    for c in &i.items {
        check_item(report, c, index);
    }
}

/// Identifier rules (NCName, unique across the manifest, organizations, items and resources).
struct IdCheck<'r, 'm> {
    report: &'r mut Report,
    /// Manifest, organization and item identifiers; resources use the shared index (the first
    /// resource with an identifier is the one the index holds).
    seen: HashSet<&'m str, foldhash::fast::RandomState>,
    index: &'r ResourceIndex<'m>,
}

impl<'m> IdCheck<'_, 'm> {
    fn check(&mut self, id: &'m str, span: Span, path: &str, res: Option<&CartridgeResource>) {
        if id.is_empty() {
            return;
        }
        if !ascii_ncname(id) && lti_core::id::check_ncname(id).is_err() {
            self.report.push(
                Problem::error(
                    codes::IDENTIFIER_NOT_NCNAME,
                    format!("identifier {id:?} is not an XML name (xs:ID: letters, digits, `-`, `_`, `.`; not starting with a digit)"),
                )
                .at(at(path, span)),
            );
        }
        let duplicate = match res {
            None => !self.seen.insert(id),
            Some(r) => {
                self.seen.contains(id)
                    || self
                        .index
                        .get(id)
                        .is_some_and(|first| !std::ptr::eq(first, r))
            }
        };
        if duplicate {
            self.report.push(
                Problem::error(
                    codes::IDENTIFIER_DUPLICATE,
                    format!("identifier {id:?} is used more than once"),
                )
                .at(at(path, span))
                .spec("rule 14 (xs:ID)"),
            );
        }
    }
}

/// Repeats among a resource's files or dependencies: a scan of the earlier elements for short
/// lists (no allocation, the usual case), a hash set for long ones (a resource listing thousands
/// of files must not cost a quadratic scan).
struct Seen<'a> {
    large: Option<HashSet<&'a str, foldhash::fast::RandomState>>,
}

impl<'a> Seen<'a> {
    const LINEAR_MAX: usize = 16;

    fn new(len: usize) -> Self {
        Self {
            large: (len > Self::LINEAR_MAX).then(|| {
                HashSet::with_capacity_and_hasher(len, foldhash::fast::RandomState::default())
            }),
        }
    }

    /// Whether `s` repeats one of `earlier` (the list's elements before it).
    fn repeats(&mut self, mut earlier: impl Iterator<Item = &'a str>, s: &'a str) -> bool {
        match &mut self.large {
            Some(set) => !set.insert(s),
            None => earlier.any(|e| e == s),
        }
    }
}

fn check_resource(
    report: &mut Report,
    m: &CartridgeManifest,
    r: &CartridgeResource,
    index: &ResourceIndex<'_>,
    linked: &[&str],
    mut presence: Option<&mut Presence<'_>>,
    opts: &ReadOptions,
) {
    let v = m.version.version;
    let loc = || at(RES, r.span);
    let t = &r.resource_type;
    let id = &r.identifier;
    // Rule 13: type vocabulary and version.
    if t.kind == ResourceKind::Other {
        if t.is_known_unsupported() {
            report.push(
                Problem::warning(
                    codes::RESOURCE_UNSUPPORTED_TYPE,
                    format!("resource {id:?} has type {:?}, a CC 1.3 type this library reads as opaque files", t.raw),
                )
                .at(loc()),
            );
        } else {
            report.push(
                Problem::error(
                    codes::RESOURCE_UNKNOWN_TYPE,
                    format!("resource {id:?} has type {:?}, which is not a Common Cartridge resource type", t.raw),
                )
                .at(loc())
                .spec("rule 13; CC 1.1 CP profile (m)"),
            );
        }
    } else if t.nonstandard {
        report.push(lenient(
            opts,
            codes::RESOURCE_NONSTANDARD_TYPE,
            loc(),
            format!(
                "resource {id:?} has type {:?}; read as {}, but the official spelling in CC {v} is {:?}",
                t.raw,
                t.kind,
                t.kind.type_string(v).unwrap_or_default()
            ),
        ));
    } else if !t.allowed_in(v) {
        report.push(lenient(
            opts,
            codes::RESOURCE_TYPE_VERSION_MISMATCH,
            loc(),
            format!(
                "resource {id:?} has type {:?}, which is not in the CC {v} vocabulary{}",
                t.raw,
                t.kind
                    .type_string(v)
                    .map(|s| format!(" (CC {v} writes {s:?})"))
                    .unwrap_or_else(|| format!(" ({} does not exist in CC {v})", t.kind))
            ),
        ));
    }
    if m.version.is_thin() && !matches!(t.kind, ResourceKind::WebLink | ResourceKind::BasicLtiLink)
    {
        report.push(
            Problem::error(
                codes::THIN_RESOURCE_TYPE,
                format!(
                    "resource {id:?} ({}) is not allowed in a Thin cartridge (web links and LTI links only)",
                    t.kind
                ),
            )
            .at(loc()),
        );
    }
    // Rule 16: descriptor resources.
    if t.kind.has_descriptor() {
        if r.href.is_some() && t.kind != ResourceKind::Assignment {
            report.push(
                Problem::error(
                    codes::RESOURCE_DESCRIPTOR_HREF,
                    format!("resource {id:?} ({}) must not have an href", t.kind),
                )
                .at(loc())
                .spec("S11 4.4.7-4.4.12; X11 1c, 2c, 3c, 4d"),
            );
        }
        let expected = usize::from(r.inline_descriptor.is_none());
        if r.files.len() != expected {
            report.push(
                Problem::error(
                    codes::RESOURCE_DESCRIPTOR_FILE_COUNT,
                    format!(
                        "resource {id:?} ({}) must have exactly {} file element(s) (its descriptor), found {}",
                        t.kind,
                        expected,
                        r.files.len()
                    ),
                )
                .at(loc())
                .spec("S11 4.4.7-4.4.12; X11 1a-b, 2a-b, 3a-b, 4b-c"),
            );
        }
    }
    // Rule 21: href must be one of the files.
    let unlisted_href = r
        .href
        .as_deref()
        .filter(|h| !r.files.iter().any(|f| f.href == *h));
    if let Some(h) = unlisted_href {
        report.push(
            Problem::error(
                codes::RESOURCE_HREF_WITHOUT_FILE,
                format!("resource {id:?} has href {h:?} but no <file> with that href"),
            )
            .at(loc())
            .spec("X11 10a, 10b"),
        );
    }
    // Rule 19.
    if matches!(
        t.kind,
        ResourceKind::WebContent | ResourceKind::AssociatedContent
    ) && r.href.is_none()
        && linked.binary_search(&id.as_str()).is_ok()
    {
        report.push(
            Problem::warning(
                codes::RESOURCE_LINKED_WITHOUT_HREF,
                format!(
                    "resource {id:?} ({}) is shown by an item but has no href to launch",
                    t.kind
                ),
            )
            .at(loc())
            .spec("X11 5g, 6g"),
        );
    }
    // Rule 20: files.
    let mut hrefs = Seen::new(r.files.len());
    for (i, f) in r.files.iter().enumerate() {
        let (ok, clean) = scan_href(&f.href);
        if ok {
            if let Some(p) = presence.as_deref_mut() {
                p.check(m, r, &f.href, clean, f.span);
            }
        } else {
            report.push(
                Problem::error(
                    codes::FILE_HREF_INVALID,
                    format!("file href {:?} of resource {id:?} is not a relative path inside the package", f.href),
                )
                .at(at(&format!("{RES}/file"), f.span)),
            );
        }
        if hrefs.repeats(r.files[..i].iter().map(|g| g.href.as_str()), &f.href) {
            report.push(
                Problem::error(
                    codes::FILE_DUPLICATE,
                    format!("resource {id:?} lists the file {:?} twice", f.href),
                )
                .at(at(&format!("{RES}/file"), f.span))
                .spec("X11 9a"),
            );
        }
    }
    if let (Some(h), Some(p)) = (unlisted_href, presence)
        && let (true, clean) = scan_href(h)
    {
        p.check(m, r, h, clean, r.span);
    }
    // Rules 17, 18, 20: dependencies.
    let mut deps = Seen::new(r.dependencies.len());
    for (i, d) in r.dependencies.iter().enumerate() {
        let dloc = || at(&format!("{RES}/dependency"), d.span);
        let target = &d.identifierref;
        let earlier = r.dependencies[..i].iter().map(|e| e.identifierref.as_str());
        if deps.repeats(earlier, target) {
            report.push(
                Problem::error(
                    codes::DEPENDENCY_DUPLICATE,
                    format!("resource {id:?} depends on {target:?} twice"),
                )
                .at(dloc())
                .spec("X11 7b"),
            );
        }
        if target == id {
            report.push(
                Problem::error(
                    codes::DEPENDENCY_SELF,
                    format!("resource {id:?} depends on itself"),
                )
                .at(dloc())
                .spec("X11 7a"),
            );
            continue;
        }
        match index.get(target) {
            None => report.push(
                Problem::error(
                    codes::DEPENDENCY_UNRESOLVED,
                    format!("resource {id:?} depends on {target:?}, which is not a resource of this cartridge"),
                )
                .at(dloc()),
            ),
            Some(to) if !allowed_dependency(t.kind, to.kind()) => report.push(
                Problem::error(
                    codes::DEPENDENCY_PROHIBITED,
                    format!(
                        "a {} resource ({id:?}) must not depend on a {} resource ({target:?})",
                        t.kind,
                        to.kind()
                    ),
                )
                .at(dloc())
                .spec(dependency_rule(t.kind)),
            ),
            Some(to) => {
                // Rule 22: an LAO's associated content stays in the LAO's folder.
                if t.kind.has_descriptor() && to.kind() == ResourceKind::AssociatedContent {
                    let folder = r
                        .descriptor_href()
                        .map(filebase::folder_of)
                        .unwrap_or_default();
                    if !folder.is_empty() {
                        for f in &to.files {
                            let p = file_path(m, to, &f.href);
                            if !p.starts_with(folder) {
                                report.push(
                                    Problem::warning(
                                        codes::LAO_FILE_OUTSIDE_FOLDER,
                                        format!(
                                            "associated content {target:?} of {id:?} has the file {p:?} outside the learning application object's folder {folder:?}"
                                        ),
                                    )
                                    .at(at(&format!("{RES}/file"), f.span))
                                    .spec("S11 1.3 (LAO)"),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    // intendeduse.
    if let Some(u) = &r.intended_use {
        let ok = matches!(u.as_str(), "lessonplan" | "syllabus" | "unspecified")
            || (u == "assignment" && v == CcVersion::V1_3);
        if !ok {
            report.push(
                Problem::error(
                    codes::RESOURCE_INTENDED_USE,
                    format!("resource {id:?}: intendeduse {u:?} is not lessonplan, syllabus, unspecified{}", if v == CcVersion::V1_3 { " or assignment" } else { "" }),
                )
                .at(loc())
                .spec("CC 1.1 CP profile (y)"),
            );
        }
    }
    // Authorization.
    if r.protected == Some(true) && m.authorizations.is_none() {
        report.push(
            Problem::error(
                codes::AUTHORIZATION_PROTECTED_WITHOUT,
                format!(
                    "resource {id:?} is protected but the cartridge declares no authorizations"
                ),
            )
            .at(loc())
            .spec("CC 1.1 CP profile (v), (w)"),
        );
    }
    // Variants (1.3).
    for var in &r.variants {
        let vloc = || at(&format!("{RES}/variant"), var.span);
        if v < CcVersion::V1_3 {
            report.push(lenient(
                opts,
                codes::VARIANT_INVALID,
                vloc(),
                format!("cpx:variant exists from CC 1.3 on; this is a CC {v} cartridge"),
            ));
        }
        if !index.contains_key(var.identifierref.as_str()) {
            report.push(
                Problem::error(
                    codes::VARIANT_INVALID,
                    format!(
                        "variant {:?} of {id:?} refers to {:?}, which is not a resource",
                        var.identifier, var.identifierref
                    ),
                )
                .at(vloc()),
            );
        }
    }
    // Resource metadata.
    if let Some(md) = &r.metadata
        && let Some(lom) = &md.lom
    {
        check_lom(
            report,
            opts,
            lom,
            md.lom_namespace.as_deref(),
            v.namespaces().lom_resource,
            v,
            at(&format!("{RES}/metadata/lom"), r.span),
        );
    }
}

/// Reads and checks the descriptor of one resource; returns it when it could be read.
fn check_descriptor(
    report: &mut Report,
    m: &CartridgeManifest,
    index: &ResourceIndex<'_>,
    r: &CartridgeResource,
    source: &mut dyn PackageSource,
    manifest_entry: &str,
    opts: &ReadOptions,
) -> Option<Descriptor> {
    let kind = DescriptorKind::for_resource(r.kind())?;
    let (descriptor, root_ns, entry, folder) = if let Some(e) = &r.inline_descriptor {
        let (d, dr) = Descriptor::from_element(kind, e, opts);
        report.extend_in_entry(manifest_entry, dr);
        (
            d,
            e.name.ns.clone(),
            manifest_entry.to_owned(),
            String::new(),
        )
    } else {
        let href = r.descriptor_href()?;
        if !href_ok(href) {
            return None;
        }
        let path = file_path(m, r, href);
        if !source.contains(&path) {
            return None; // reported as a missing file
        }
        let entry = source.entry_name(&path);
        let bytes = match source.read(&path, opts.limits.max_xml_bytes) {
            Ok(b) => b,
            Err(e) => {
                report.push(
                    Problem::error(
                        codes::DESCRIPTOR_UNREADABLE,
                        format!("the descriptor of {:?} cannot be read: {e}", r.identifier),
                    )
                    .at(Location::zip_entry(&entry)),
                );
                return None;
            }
        };
        match descriptor::read_descriptor_root(kind, &bytes, opts) {
            Ok((d, dr, root_ns)) => {
                report.extend_in_entry(&entry, dr);
                let folder = filebase::folder_of(&path).to_owned();
                (d, root_ns, entry, folder)
            }
            Err(e) => {
                report.push(
                    Problem::error(
                        codes::DESCRIPTOR_UNREADABLE,
                        format!("the descriptor of {:?} is not readable XML", r.identifier),
                    )
                    .at(Location::zip_entry(&entry)),
                );
                report.extend_in_entry(&entry, [e.to_problem()]);
                return None;
            }
        }
    };
    let v = m.version.version;
    // Namespace version.
    if let Some(ns) = root_ns.as_deref() {
        let dv = match ns {
            crate::version::LTI_CC_V1P2 => Some(CcVersion::V1_2),
            crate::version::LTI_CC_V1P3 => Some(CcVersion::V1_3),
            crate::version::LTI_CC_V1P0 => None,
            _ => version_of_namespace(ns),
        };
        if let Some(dv) = dv
            && dv != v
        {
            report.push(
                Problem::new(
                    codes::DESCRIPTOR_NAMESPACE_MISMATCH,
                    opts.lenient_severity(),
                    format!(
                        "the descriptor of {:?} uses the CC {dv} namespace {ns:?} in a CC {v} cartridge",
                        r.identifier
                    ),
                )
                .at(Location::zip_entry(&entry)),
            );
        }
    }
    let mut lower = CaseIndex::new();
    let dloc = Location::zip_entry(&entry);
    let mut check_rel = |report: &mut Report, href: &str, code: &'static str, what: &str| {
        let Some(p) = filebase::join_package_path(&folder, href) else {
            report.push(
                Problem::error(
                    code,
                    format!(
                        "{what} {href:?} of {:?} points outside the package",
                        r.identifier
                    ),
                )
                .at(dloc.clone()),
            );
            return;
        };
        if matches!(package::lookup(&*source, &mut lower, &p), Lookup::Missing) {
            let sev = if code == codes::FILEBASE_UNRESOLVED {
                Severity::Warning
            } else {
                Severity::Error
            };
            report.push(
                Problem::new(
                    code,
                    sev,
                    format!(
                        "{what} {href:?} of {:?} ({p:?}) is not in the package",
                        r.identifier
                    ),
                )
                .at(dloc.clone()),
            );
        }
    };
    let mut texts: Vec<&str> = Vec::new();
    match &descriptor {
        Descriptor::DiscussionTopic(t) => {
            for a in &t.attachments {
                check_rel(report, &a.href, codes::ATTACHMENT_MISSING, "attachment");
            }
            texts.extend(t.text.as_ref().map(|t| t.value.as_str()));
        }
        Descriptor::Assignment(a) => {
            for x in &a.attachments {
                check_rel(report, &x.href, codes::ATTACHMENT_MISSING, "attachment");
            }
            texts.extend(a.text.as_ref().map(|t| t.value.as_str()));
            texts.extend(a.instructor_text.as_ref().map(|t| t.value.as_str()));
        }
        Descriptor::BasicLtiLink(l) => {
            for (what, rf) in [
                ("cartridge_icon", &l.cartridge_icon),
                ("cartridge_bundle", &l.cartridge_bundle),
            ] {
                if let Some(rf) = rf
                    && !index.contains_key(rf.as_str())
                {
                    report.push(
                        Problem::error(
                            codes::LTI_REF_UNRESOLVED,
                            format!(
                                "{what} of {:?} refers to {rf:?}, which is not a resource",
                                r.identifier
                            ),
                        )
                        .at(dloc.clone()),
                    );
                }
            }
        }
        Descriptor::Qti(q) => {
            let qr = qti::validate(q, qti::QtiProfileMode::Cc, Some(r.kind()), opts);
            report.extend_in_entry(&entry, qr);
            for it in q.all_items() {
                collect_qti_texts(it, &mut texts);
            }
        }
        Descriptor::WebLink(_) => {}
    }
    for t in texts {
        for u in filebase::find(t) {
            let path = filebase::percent_decode(u.path);
            check_rel(
                report,
                &path,
                codes::FILEBASE_UNRESOLVED,
                "file-base reference",
            );
        }
    }
    Some(descriptor)
}

fn collect_qti_texts<'a>(it: &'a qti::Item, out: &mut Vec<&'a str>) {
    fn mat<'a>(m: &'a qti::Material, out: &mut Vec<&'a str>) {
        for c in &m.content {
            if let qti::MaterialContent::Text { text, .. } = c {
                out.push(text);
            }
        }
    }
    if let Some(p) = &it.presentation {
        for m in p.materials() {
            mat(m, out);
        }
        for r in p.responses() {
            for l in r.labels() {
                for m in &l.material {
                    mat(m, out);
                }
            }
        }
    }
    for f in &it.feedback {
        for m in f.materials() {
            mat(m, out);
        }
    }
}

/// Why a cartridge could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CartridgeError {
    /// The package is hostile or unreadable.
    #[error(transparent)]
    Package(#[from] package::PackageError),
    /// No `imsmanifest.xml`.
    #[error("the package has no imsmanifest.xml at its root (or under one wrapping folder)")]
    ManifestMissing,
    /// The manifest is not readable XML or not a manifest.
    #[error("imsmanifest.xml: {0}")]
    Manifest(#[from] crate::manifest::ManifestReadError),
}

impl CartridgeError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Package(e) => e.code(),
            Self::ManifestMissing => codes::PACKAGE_MANIFEST_MISSING,
            Self::Manifest(e) => e.code(),
        }
    }

    /// This error as a problem.
    pub fn to_problem(&self) -> Problem {
        match self {
            Self::Package(e) => e.to_problem(),
            Self::ManifestMissing => Problem::error(self.code(), self.to_string())
                .spec("CC 1.1 Implementation (package)"),
            Self::Manifest(e) => e.to_problem().at_entry(MANIFEST),
        }
    }
}

trait AtEntry {
    fn at_entry(self, entry: &str) -> Self;
}

impl AtEntry for Problem {
    fn at_entry(mut self, entry: &str) -> Self {
        self.location = std::mem::take(&mut self.location).in_zip_entry(entry);
        self
    }
}

/// Validates a package: opening problems, the manifest rules, file presence, and every
/// descriptor (read one at a time; content files are never read).
pub fn validate_package(source: &mut dyn PackageSource, opts: &ReadOptions) -> Validation {
    let mut report = Report::new();
    report.extend(source.open_problems().iter().cloned());
    if !source.contains(MANIFEST) {
        report.push(CartridgeError::ManifestMissing.to_problem());
        return Validation::failed(report);
    }
    let manifest_entry = source.entry_name(MANIFEST);
    let bytes = match source.read(MANIFEST, opts.limits.max_xml_bytes) {
        Ok(b) => b,
        Err(e) => {
            report.push(e.to_problem());
            return Validation::failed(report);
        }
    };
    let (manifest, r) = match parse_manifest(&bytes, opts) {
        Ok(x) => x,
        Err(e) => {
            report.push(e.to_problem().at_entry(&manifest_entry));
            return Validation::failed(report);
        }
    };
    drop(bytes);
    report.extend_in_entry(&manifest_entry, r);
    // One resource index for the profile rules and the descriptors.
    let index = manifest.resource_index();
    report.extend_in_entry(
        &manifest_entry,
        check_manifest_with(&manifest, &index, Some(&*source), opts),
    );
    let mut descriptors = BTreeMap::new();
    for r in &manifest.resources {
        let mut dr = Report::new();
        if let Some(d) =
            check_descriptor(&mut dr, &manifest, &index, r, source, &manifest_entry, opts)
        {
            descriptors.insert(r.identifier.clone(), d);
        }
        report.extend(dr);
    }
    drop(index);
    Validation {
        version: Some(manifest.version),
        report,
        cartridge: Some(Cartridge {
            manifest,
            manifest_entry,
            descriptors,
        }),
    }
}

/// Opens a zip (any `Read + Seek`) and validates it. A hostile or unreadable archive gives a
/// report with the refusal.
pub fn validate_zip<R: Read + Seek>(reader: R, opts: &ReadOptions) -> Validation {
    match ZipPackage::open(reader, &opts.limits, opts.strict) {
        Ok(mut z) => validate_package(&mut z, opts),
        Err(e) => {
            let mut r = Report::new();
            r.push(e.to_problem());
            Validation::failed(r)
        }
    }
}

/// Validates a loose `imsmanifest.xml` (no package: file presence and descriptors are not
/// checked, except descriptors written inline in the manifest).
pub fn validate_manifest_bytes(bytes: &[u8], opts: &ReadOptions) -> Validation {
    let mut report = Report::new();
    let (manifest, r) = match parse_manifest(bytes, opts) {
        Ok(x) => x,
        Err(e) => {
            report.push(e.to_problem());
            return Validation::failed(report);
        }
    };
    report.extend(r);
    report.extend(check_manifest(&manifest, None, opts));
    let mut empty = package::MemoryPackage::new();
    let mut descriptors = BTreeMap::new();
    let index = manifest.resource_index();
    for r in &manifest.resources {
        if r.inline_descriptor.is_some() {
            let mut dr = Report::new();
            if let Some(d) = check_descriptor(&mut dr, &manifest, &index, r, &mut empty, "", opts) {
                descriptors.insert(r.identifier.clone(), d);
            }
            // Problems of inline descriptors are in the manifest itself.
            report.extend(dr.into_iter().map(|mut p| {
                if let Location::Zip { entry, inner } = &p.location
                    && entry.is_empty()
                {
                    p.location = (**inner).clone();
                }
                p
            }));
        }
    }
    Validation {
        version: Some(manifest.version),
        report,
        cartridge: Some(Cartridge {
            manifest,
            manifest_entry: MANIFEST.to_owned(),
            descriptors,
        }),
    }
}

/// Reads a cartridge (manifest and descriptors) without the profile rules: for importers that
/// want the content and the reading problems only.
pub fn read_cartridge(
    source: &mut dyn PackageSource,
    opts: &ReadOptions,
) -> Result<(Cartridge, Report), CartridgeError> {
    let mut report = Report::new();
    report.extend(source.open_problems().iter().cloned());
    if !source.contains(MANIFEST) {
        return Err(CartridgeError::ManifestMissing);
    }
    let manifest_entry = source.entry_name(MANIFEST);
    let bytes = source.read(MANIFEST, opts.limits.max_xml_bytes)?;
    let (manifest, r) = parse_manifest(&bytes, opts)?;
    report.extend_in_entry(&manifest_entry, r);
    let mut descriptors = BTreeMap::new();
    let index = manifest.resource_index();
    for r in &manifest.resources {
        let mut dr = Report::new();
        if let Some(d) =
            check_descriptor(&mut dr, &manifest, &index, r, source, &manifest_entry, opts)
        {
            descriptors.insert(r.identifier.clone(), d);
        }
        // Keep reading problems (XML, unreadable), not the profile findings.
        report.extend(dr.into_iter().filter(|p| {
            p.code.as_str().starts_with("xml.")
                || p.code == codes::DESCRIPTOR_UNREADABLE
                || p.code == codes::XML_TRANSCODED
        }));
    }
    Ok((
        Cartridge {
            manifest,
            manifest_entry,
            descriptors,
        },
        report,
    ))
}

#[cfg(test)]
mod tests;
