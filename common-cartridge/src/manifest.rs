//! The cartridge manifest (`imsmanifest.xml`): the IMS Content Packaging manifest of
//! [`lti_core::content_packaging`] with the Common Cartridge profile on top — the detected
//! version, typed LOM metadata, typed resources (type, intended use, protection, resource
//! metadata, `cpx:variant`s, inline descriptors of flat manifests) and authorization.
//!
//! [`CartridgeManifest::from_cp`] builds the profile from a generic [`Manifest`] and
//! [`CartridgeManifest::to_cp`] turns it back into one: foreign elements and attributes that are
//! not part of the profile stay where they were, so a read → write round trip loses nothing.

use lti_core::content_packaging::{
    self, Dependency, File, Item, Manifest, Metadata, Organization, Organizations, Resource,
    Resources,
};
use lti_core::xml::{Attribute, Element, Namespace, NamespaceDeclaration, QName, Span, XSI_NS};
use lti_core::{Problem, Report, Severity};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::lom::{Lom, ResourceMetadata};
use crate::resource_type::{ResourceKind, ResourceType};
use crate::version::{self, CartridgeVersion, CcVersion, Profile, SCHEMA_CC, SCHEMA_THIN_CC};
use crate::xmlutil::{el, keep, kid_text, push, text_el};

/// Options for reading a manifest or a cartridge.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[derive(Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ReadOptions {
    /// Strict mode: what lenient reading reports as a warning (a 1.3 manifest with 1.1 resource
    /// types, a wrapping folder in the zip, a declared Latin-1 encoding) is an error.
    pub strict: bool,
    /// Limits for zips and the XML inside them.
    pub limits: crate::package::Limits,
}

impl ReadOptions {
    /// Strict options.
    pub fn strict() -> Self {
        Self {
            strict: true,
            ..Self::default()
        }
    }

    /// The severity of a leniency: a warning, or an error in strict mode.
    pub fn lenient_severity(&self) -> Severity {
        if self.strict {
            Severity::Error
        } else {
            Severity::Warning
        }
    }
}

/// A `cpx:variant` (CC 1.3): an alternative resource to use instead of this one when the
/// platform supports it (typically a web-content fallback pointing to an assignment).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Variant {
    /// `identifier`.
    pub identifier: String,
    /// `identifierref`: the preferred resource.
    pub identifierref: String,
    /// `<cpx:metadata>`, kept as a tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Element>,
    /// The namespace the variant was written in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Other attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// How access to a protected cartridge is authorised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum AuthorizationAccess {
    /// The whole cartridge is protected.
    Cartridge,
    /// Only resources marked `protected="true"` are.
    Resource,
}

/// `<auth:authorizations>`: the cartridge is protected (CC 1.0–1.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Authorizations {
    /// `access` (`None` when missing or not one of the two values; the raw value is kept in
    /// `access_raw`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<AuthorizationAccess>,
    /// `access` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_raw: Option<String>,
    /// `import`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<bool>,
    /// `<authorization><cartridgeId>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cartridge_id: Option<String>,
    /// `<authorization><webservice>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webservice: Option<String>,
    /// The element as read (kept for lossless output).
    pub element: Element,
}

impl Authorizations {
    /// Reads an `authorizations` element.
    pub fn read(e: &Element) -> Self {
        let access_raw = e.attr("access").map(str::to_owned);
        let access = match access_raw.as_deref().map(str::trim) {
            Some("cartridge") => Some(AuthorizationAccess::Cartridge),
            Some("resource") => Some(AuthorizationAccess::Resource),
            _ => None,
        };
        let auth = e.elements().find(|c| c.name.local == "authorization");
        Self {
            access,
            access_raw,
            import: e.attr("import").and_then(lti_core::xml::attr::parse_bool),
            cartridge_id: auth.and_then(|a| kid_text(a, "cartridgeId")),
            webservice: auth.and_then(|a| kid_text(a, "webservice")),
            element: keep(e),
        }
    }

    /// Builds the element for `version`.
    pub fn build(
        version: CcVersion,
        access: AuthorizationAccess,
        cartridge_id: &str,
        webservice: Option<&str>,
    ) -> Self {
        let ns = Namespace::new(version.namespaces().authorization);
        let mut e = el(&ns, "auth", "authorizations").with_attr(
            "access",
            match access {
                AuthorizationAccess::Cartridge => "cartridge",
                AuthorizationAccess::Resource => "resource",
            },
        );
        let mut a = el(&ns, "auth", "authorization");
        push(&mut a, text_el(&ns, "auth", "cartridgeId", cartridge_id));
        if let Some(w) = webservice {
            push(&mut a, text_el(&ns, "auth", "webservice", w));
        }
        push(&mut e, a);
        Self::read(&e)
    }
}

/// A resource with the Common Cartridge profile applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CartridgeResource {
    /// `identifier`.
    pub identifier: String,
    /// `type`, parsed.
    #[serde(rename = "type")]
    pub resource_type: ResourceType,
    /// `href`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// `xml:base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// `intendeduse` (`lessonplan`, `syllabus`, `unspecified`; `assignment` in 1.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intended_use: Option<String>,
    /// `auth:protected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protected: Option<bool>,
    /// `<metadata>` (typed LOM resource metadata, curriculum standards); boxed, as most
    /// resources have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Box<ResourceMetadata>>,
    /// `<file>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<File>,
    /// `<dependency>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
    /// `cpx:variant`s (CC 1.3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// A descriptor written inside the resource instead of in a file (flat manifests:
    /// `webLink`, `topic`, `cartridge_basiclti_link`, `assignment`, `questestinterop`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_descriptor: Option<Box<Element>>,
    /// Other foreign elements, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Other attributes, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl CartridgeResource {
    /// A resource of the given kind, with its type string for `version`.
    pub fn new(identifier: impl Into<String>, kind: ResourceKind, version: CcVersion) -> Self {
        let raw = kind
            .type_string(version)
            .unwrap_or_else(|| kind.as_str().to_owned());
        Self::with_type(identifier, &raw)
    }

    /// A resource with a literal type string.
    pub fn with_type(identifier: impl Into<String>, type_string: &str) -> Self {
        Self {
            identifier: identifier.into(),
            resource_type: ResourceType::parse(type_string),
            href: None,
            base: None,
            intended_use: None,
            protected: None,
            metadata: None,
            files: Vec::new(),
            dependencies: Vec::new(),
            variants: Vec::new(),
            inline_descriptor: None,
            extensions: Vec::new(),
            other_attributes: Vec::new(),
            span: Span::default(),
        }
    }

    /// The kind.
    pub fn kind(&self) -> ResourceKind {
        self.resource_type.kind
    }

    /// The descriptor file of a typed resource: its first `<file>` (or `href`).
    pub fn descriptor_href(&self) -> Option<&str> {
        self.files
            .first()
            .map(|f| f.href.as_str())
            .or(self.href.as_deref())
    }

    /// The resource's LOM metadata, if any.
    pub fn lom(&self) -> Option<&Lom> {
        self.metadata.as_ref()?.lom.as_ref()
    }

    /// Adds a `<file href>`.
    pub fn add_file(&mut self, href: impl Into<String>) {
        let mut f = File::default();
        f.href = href.into();
        self.files.push(f);
    }

    /// Adds a `<dependency identifierref>`.
    pub fn add_dependency(&mut self, identifierref: impl Into<String>) {
        let mut d = Dependency::default();
        d.identifierref = identifierref.into();
        self.dependencies.push(d);
    }
}

/// What the `<resources>` element carries besides its resources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResourcesInfo {
    /// `xml:base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Foreign elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Foreign attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where it starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// A Common Cartridge manifest.
///
/// Equality ignores [`CartridgeManifest::namespace_declarations`] and spans (they do not change
/// meaning).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CartridgeManifest {
    /// `identifier`.
    pub identifier: String,
    /// The version, as detected on read or chosen when building.
    pub version: CartridgeVersion,
    /// The content-packaging namespace as written (`None`: no namespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// `<schema>` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// `<schemaversion>` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schemaversion: Option<String>,
    /// Manifest LOM metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lom: Option<Lom>,
    /// The namespace of the manifest LOM element as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lom_namespace: Option<String>,
    /// Whether the manifest has a `<metadata>` element at all.
    pub has_metadata: bool,
    /// Other children of `<metadata>`, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metadata_extensions: Vec<Element>,
    /// `<organizations>` (Common Cartridge allows at most one organization).
    pub organizations: Organizations,
    /// The resources.
    pub resources: Vec<CartridgeResource>,
    /// What `<resources>` carries besides the resources.
    #[serde(default)]
    pub resources_info: ResourcesInfo,
    /// `<authorizations>`: the cartridge is protected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorizations: Option<Authorizations>,
    /// `xml:base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The CP `version` attribute (prohibited by the profile from 1.1 on; kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cp_version_attribute: Option<String>,
    /// Sub-manifests (prohibited by the profile; kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub submanifests: Vec<Manifest>,
    /// Other foreign elements at manifest level, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Foreign attributes (`xsi:schemaLocation`…), kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Namespace declarations of the root, kept so output uses the same prefixes (not compared).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespace_declarations: Vec<NamespaceDeclaration>,
    /// Where the root starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl PartialEq for CartridgeManifest {
    fn eq(&self, o: &Self) -> bool {
        self.identifier == o.identifier
            && self.version == o.version
            && self.namespace == o.namespace
            && self.schema == o.schema
            && self.schemaversion == o.schemaversion
            && self.lom == o.lom
            && self.lom_namespace == o.lom_namespace
            && self.has_metadata == o.has_metadata
            && self.metadata_extensions == o.metadata_extensions
            && self.organizations == o.organizations
            && self.resources == o.resources
            && self.resources_info == o.resources_info
            && self.authorizations == o.authorizations
            && self.base == o.base
            && self.cp_version_attribute == o.cp_version_attribute
            && self.submanifests == o.submanifests
            && self.extensions == o.extensions
            && self.other_attributes.len() == o.other_attributes.len()
            && self
                .other_attributes
                .iter()
                .all(|a| o.other_attributes.contains(a))
    }
}

impl Eq for CartridgeManifest {}

/// Resources by identifier (a hash map with foldhash's per-process randomly seeded hasher, so
/// that identifiers chosen to collide cannot be precomputed; the first resource wins when
/// identifiers repeat).
#[derive(Debug, Clone)]
pub struct ResourceIndex<'a> {
    map: std::collections::HashMap<&'a str, &'a CartridgeResource, foldhash::fast::RandomState>,
    len: usize,
}

impl<'a> ResourceIndex<'a> {
    /// The (first) resource with this identifier.
    pub fn get(&self, identifier: &str) -> Option<&'a CartridgeResource> {
        self.map.get(identifier).copied()
    }

    /// Whether a resource has this identifier.
    pub fn contains_key(&self, identifier: &str) -> bool {
        self.get(identifier).is_some()
    }

    /// The number of resources (duplicates included).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no resources.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Local names of descriptors found inside `<resource>` in flat manifests.
const INLINE_DESCRIPTOR_ROOTS: &[&str] = &[
    "webLink",
    "topic",
    "cartridge_basiclti_link",
    "assignment",
    "questestinterop",
];

fn attr_value_ns(e: &[Attribute], pred: impl Fn(&str) -> bool, local: &str) -> Option<String> {
    e.iter()
        .find(|a| a.name.local == local && a.name.ns.as_deref().is_some_and(&pred))
        .map(|a| a.value.to_string())
}

/// The result of detecting a manifest's version.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct VersionDetection {
    /// The version.
    pub version: CartridgeVersion,
    /// Whether the version could be determined from the manifest at all.
    pub determined: bool,
    /// Problems found (mismatches, unknown values).
    pub problems: Vec<Problem>,
}

/// Detects a manifest's Common Cartridge version: `schema`/`schemaversion` first, then the root
/// namespace, then the resource type strings; never `xsi:schemaLocation`. Disagreements are
/// reported (warnings, errors in strict mode).
pub fn detect_version(m: &Manifest, opts: &ReadOptions) -> VersionDetection {
    let mut problems = Vec::new();
    let lenient = opts.lenient_severity();
    let md_loc = m
        .metadata
        .as_ref()
        .map_or(m.span, |md| md.span)
        .location("/manifest/metadata");
    let schema = m.metadata.as_ref().and_then(|md| md.schema.as_deref());
    let schemaversion = m
        .metadata
        .as_ref()
        .and_then(|md| md.schemaversion.as_deref());
    let profile = match schema {
        Some(s) if s.to_ascii_lowercase().contains("thin") => Profile::Thin,
        _ => Profile::Full,
    };
    match schema {
        None => problems.push(
            Problem::error(
                codes::METADATA_SCHEMA_MISSING,
                "the manifest metadata has no <schema> (it must be \"IMS Common Cartridge\" or \"IMS Thin Common Cartridge\")",
            )
            .at(md_loc.clone())
            .spec("CC 1.1 CP profile (t)"),
        ),
        Some(s) if s == SCHEMA_CC || s == SCHEMA_THIN_CC => {}
        Some(s) => {
            let close = s.to_ascii_lowercase().contains("common cartridge");
            problems.push(
                Problem::new(
                    codes::METADATA_SCHEMA_INVALID,
                    if close { lenient } else { Severity::Error },
                    format!(
                        "<schema> is {s:?}; it must be exactly {:?}",
                        profile.schema_name()
                    ),
                )
                .at(md_loc.clone())
                .spec("CC 1.1 CP profile (t)"),
            );
        }
    }
    let from_schemaversion = schemaversion.and_then(CcVersion::parse);
    match (schemaversion, from_schemaversion) {
        (None, _) => problems.push(
            Problem::error(
                codes::METADATA_SCHEMAVERSION_MISSING,
                "the manifest metadata has no <schemaversion>",
            )
            .at(md_loc.clone())
            .spec("CC 1.1 CP profile (u)"),
        ),
        (Some(s), None) => problems.push(
            Problem::error(
                codes::METADATA_SCHEMAVERSION_INVALID,
                format!("<schemaversion> {s:?} is not a Common Cartridge version (1.0.0, 1.1.0, 1.2.0, 1.3.0)"),
            )
            .at(md_loc.clone())
            .spec("CC 1.1 CP profile (u)"),
        ),
        (Some(s), Some(v)) if s != v.schemaversion() => problems.push(
            Problem::new(
                codes::METADATA_SCHEMAVERSION_INVALID,
                lenient,
                format!("<schemaversion> is {s:?}; version {v} is written {:?}", v.schemaversion()),
            )
            .at(md_loc.clone()),
        ),
        _ => {}
    }
    let ns = m.namespace.as_deref();
    let from_ns = ns.and_then(CcVersion::from_cp_namespace);
    let ns_hint = ns.and_then(version::version_of_namespace);
    let root_loc = m.span.location("/manifest");
    if from_ns.is_none() {
        problems.push(
            Problem::new(
                codes::MANIFEST_NAMESPACE_UNKNOWN,
                if ns_hint.is_some() { lenient } else { Severity::Error },
                format!(
                    "the manifest's namespace {} is not a Common Cartridge content-packaging namespace",
                    ns.map_or_else(|| "(none)".to_owned(), |n| format!("{n:?}"))
                ),
            )
            .at(root_loc.clone()),
        );
    }
    // The resource types are counted only when neither schemaversion nor namespace decides.
    let (version, determined) = match (from_schemaversion, from_ns.or(ns_hint)) {
        (Some(v), _) | (None, Some(v)) => (v, true),
        (None, None) => match majority_type_version(m) {
            Some(v) => (v, true),
            None => (CcVersion::V1_3, false),
        },
    };
    if !determined {
        problems.push(
            Problem::error(
                codes::VERSION_UNDETERMINED,
                "the Common Cartridge version cannot be determined from the manifest; assuming 1.3",
            )
            .at(root_loc.clone()),
        );
    }
    if let (Some(sv), Some(nv)) = (from_schemaversion, from_ns.or(ns_hint))
        && sv != nv
    {
        problems.push(
            Problem::new(
                codes::VERSION_MISMATCH,
                lenient,
                format!(
                    "<schemaversion> says {sv} but the manifest namespace is the CC {nv} namespace"
                ),
            )
            .at(root_loc),
        );
    }
    if profile == Profile::Thin && version < CcVersion::V1_2 {
        problems.push(
            Problem::error(
                codes::VERSION_THIN_UNSUPPORTED,
                format!(
                    "Thin Common Cartridge exists for versions 1.2 and 1.3 only, not {version}"
                ),
            )
            .at(md_loc),
        );
    }
    VersionDetection {
        version: CartridgeVersion { version, profile },
        determined,
        problems,
    }
}

fn majority_type_version(m: &Manifest) -> Option<CcVersion> {
    let mut counts = [0usize; 4];
    for r in &m.resources.resources {
        if let Some(v) = ResourceType::classify(&r.resource_type).version {
            counts[CcVersion::ALL.iter().position(|x| *x == v).unwrap_or(0)] += 1;
        }
    }
    let (i, n) = counts.iter().enumerate().max_by_key(|(i, n)| (**n, *i))?;
    (*n > 0).then(|| CcVersion::ALL[i])
}

impl CartridgeManifest {
    /// An empty manifest for `version`: namespaces, schema and schema locations set, no
    /// organization, no resources.
    pub fn new(version: CartridgeVersion, identifier: impl Into<String>) -> Self {
        let mut m = Self {
            identifier: identifier.into(),
            version,
            namespace: None,
            schema: None,
            schemaversion: None,
            lom: None,
            lom_namespace: None,
            has_metadata: true,
            metadata_extensions: Vec::new(),
            organizations: Organizations::default(),
            resources: Vec::new(),
            resources_info: ResourcesInfo::default(),
            authorizations: None,
            base: None,
            cp_version_attribute: None,
            submanifests: Vec::new(),
            extensions: Vec::new(),
            other_attributes: Vec::new(),
            namespace_declarations: Vec::new(),
            span: Span::default(),
        };
        m.set_version(version);
        m
    }

    /// Sets the version and rewrites everything that depends on it: the CP namespace, `schema`,
    /// `schemaversion`, the LOM namespaces, `xsi:schemaLocation`, the namespace declarations and
    /// the resource type strings (to the new version's vocabulary where the kind exists in it).
    pub fn set_version(&mut self, version: CartridgeVersion) {
        let v = version.version;
        let n = v.namespaces();
        self.version = version;
        self.namespace = Some(n.cp.to_owned());
        self.schema = Some(version.profile.schema_name().to_owned());
        self.schemaversion = Some(v.schemaversion().to_owned());
        self.lom_namespace = Some(n.lom_manifest.to_owned());
        for r in &mut self.resources {
            if let Some(s) = r.resource_type.kind.type_string(v) {
                // Keep the 1.3 LTI form when the cartridge stays 1.3.
                let keep_lti13 = r.resource_type.kind == ResourceKind::BasicLtiLink
                    && r.resource_type.lti_form == Some(CcVersion::V1_3)
                    && v == CcVersion::V1_3;
                if !keep_lti13 {
                    r.resource_type = ResourceType::parse(&s);
                }
            }
            if let Some(md) = &mut r.metadata
                && md.lom.is_some()
            {
                md.lom_namespace = Some(n.lom_resource.to_owned());
            }
            for var in &mut r.variants {
                var.namespace = n.cp_extension.map(str::to_owned);
            }
        }
        let mut decls = vec![
            NamespaceDeclaration::new(None, Some(&Namespace::new(n.cp))),
            NamespaceDeclaration::new(Some("lomimscc"), Some(&Namespace::new(n.lom_manifest))),
            NamespaceDeclaration::new(Some("lom"), Some(&Namespace::new(n.lom_resource))),
        ];
        let cp_schema = if version.is_thin() {
            n.cp_schema_thin
        } else {
            n.cp_schema
        };
        let mut locations = vec![
            (n.cp, cp_schema),
            (n.lom_manifest, n.lom_manifest_schema),
            (n.lom_resource, n.lom_resource_schema),
        ];
        if let (Some(x), Some(s)) = (n.cp_extension, n.cp_extension_schema) {
            decls.push(NamespaceDeclaration::new(
                Some("cpx"),
                Some(&Namespace::new(x)),
            ));
            locations.push((x, s));
        }
        if self.authorizations.is_some() {
            decls.push(NamespaceDeclaration::new(
                Some("auth"),
                Some(&Namespace::new(n.authorization)),
            ));
            locations.push((n.authorization, n.authorization_schema));
        }
        decls.push(NamespaceDeclaration::new(
            Some("xsi"),
            Some(&Namespace::new(XSI_NS)),
        ));
        self.namespace_declarations = decls;
        let value = locations
            .iter()
            .map(|(a, b)| format!("{a} {b}"))
            .collect::<Vec<_>>()
            .join(" ");
        self.other_attributes.retain(|a| {
            !(a.name.local == "schemaLocation" && a.name.ns.as_deref() == Some(XSI_NS))
        });
        self.other_attributes.push(ns_attr(
            QName::prefixed(&Namespace::new(XSI_NS), "xsi", "schemaLocation"),
            value,
        ));
    }

    /// Builds the profile from a generic manifest. `version` detection and reading problems go
    /// into the returned report.
    pub fn from_cp(m: Manifest, opts: &ReadOptions) -> (Self, Report) {
        let mut report = Report::new();
        let det = detect_version(&m, opts);
        report.extend(det.problems);
        let version = det.version;
        let Manifest {
            namespace,
            identifier,
            version: cp_version_attribute,
            base,
            metadata,
            organizations,
            resources,
            submanifests,
            extensions,
            other_attributes,
            namespace_declarations,
            span,
            ..
        } = m;
        let mut out = Self {
            identifier,
            version,
            namespace: namespace.as_ref().map(|n| n.as_str().to_owned()),
            schema: None,
            schemaversion: None,
            lom: None,
            lom_namespace: None,
            has_metadata: metadata.is_some(),
            metadata_extensions: Vec::new(),
            organizations,
            resources: Vec::with_capacity(resources.resources.len()),
            resources_info: ResourcesInfo {
                base: resources.base,
                extensions: resources.extensions,
                other_attributes: resources.other_attributes,
                span: resources.span,
            },
            authorizations: None,
            base,
            cp_version_attribute,
            submanifests,
            extensions: Vec::new(),
            other_attributes,
            namespace_declarations,
            span,
        };
        if let Some(md) = metadata {
            out.schema = md.schema;
            out.schemaversion = md.schemaversion;
            for e in md.extensions {
                let ns = e.name.ns.as_deref().unwrap_or("");
                if e.name.local == "lom" && version::is_lom_namespace(ns) && out.lom.is_none() {
                    out.lom = Some(Lom::read(&e));
                    out.lom_namespace = Some(ns.to_owned());
                } else {
                    out.metadata_extensions.push(e);
                }
            }
        }
        for e in extensions {
            let ns = e.name.ns.as_deref().unwrap_or("");
            if e.name.local == "authorizations"
                && version::is_authorization_namespace(ns)
                && out.authorizations.is_none()
            {
                out.authorizations = Some(Authorizations::read(&e));
            } else {
                out.extensions.push(e);
            }
        }
        for r in resources.resources {
            out.resources.push(resource_from_cp(r));
        }
        (out, report)
    }

    /// Turns the profile back into a generic manifest (for writing).
    pub fn to_cp(&self) -> Manifest {
        let ns = self.namespace.as_deref().map(Namespace::new);
        let mut m = Manifest::new(ns, self.identifier.clone());
        m.version.clone_from(&self.cp_version_attribute);
        m.base.clone_from(&self.base);
        m.namespace_declarations
            .clone_from(&self.namespace_declarations);
        m.other_attributes.clone_from(&self.other_attributes);
        if self.has_metadata
            || self.schema.is_some()
            || self.lom.is_some()
            || !self.metadata_extensions.is_empty()
        {
            let mut md = Metadata::default();
            md.schema.clone_from(&self.schema);
            md.schemaversion.clone_from(&self.schemaversion);
            if let Some(lom) = &self.lom {
                let lns = self
                    .lom_namespace
                    .as_deref()
                    .unwrap_or_else(|| self.version.version.namespaces().lom_manifest);
                let prefix = self.prefix_for(lns).unwrap_or("lomimscc");
                md.extensions
                    .push(lom.to_element(&Namespace::new(lns), prefix));
            }
            md.extensions
                .extend(self.metadata_extensions.iter().cloned());
            m.metadata = Some(md);
        }
        m.organizations.clone_from(&self.organizations);
        let mut res = Resources::default();
        res.base.clone_from(&self.resources_info.base);
        res.extensions.clone_from(&self.resources_info.extensions);
        res.other_attributes
            .clone_from(&self.resources_info.other_attributes);
        res.resources = self
            .resources
            .iter()
            .map(|r| self.resource_to_cp(r))
            .collect();
        m.resources = res;
        m.submanifests.clone_from(&self.submanifests);
        m.extensions.clone_from(&self.extensions);
        if let Some(a) = &self.authorizations {
            m.extensions.push(a.element.clone());
        }
        m
    }

    fn prefix_for(&self, ns: &str) -> Option<&str> {
        self.namespace_declarations
            .iter()
            .find(|d| d.ns.as_deref() == Some(ns))
            .and_then(|d| d.prefix.as_deref())
    }

    fn resource_to_cp(&self, r: &CartridgeResource) -> Resource {
        let mut out = Resource::default();
        out.identifier.clone_from(&r.identifier);
        out.resource_type.clone_from(&r.resource_type.raw);
        out.href.clone_from(&r.href);
        out.base.clone_from(&r.base);
        if let Some(u) = &r.intended_use {
            out.other_attributes.push(Attribute::new("intendeduse", u));
        }
        if let Some(p) = r.protected {
            let ans = self.version.version.namespaces().authorization;
            let ns = self
                .authorizations
                .as_ref()
                .and_then(|a| a.element.name.ns.clone())
                .unwrap_or_else(|| Namespace::new(ans));
            out.other_attributes.push(ns_attr(
                QName::prefixed(&ns, "auth", "protected"),
                if p { "true" } else { "false" }.to_owned(),
            ));
        }
        out.other_attributes
            .extend(r.other_attributes.iter().cloned());
        if let Some(md) = &r.metadata {
            let cp_ns = self.namespace.as_deref().map(Namespace::new);
            let mut me = Element::new(match &cp_ns {
                Some(n) => QName::ns(n, "metadata"),
                None => QName::local("metadata"),
            });
            if let Some(lom) = &md.lom {
                let lns = md
                    .lom_namespace
                    .as_deref()
                    .unwrap_or_else(|| self.version.version.namespaces().lom_resource);
                let prefix = self.prefix_for(lns).unwrap_or("lom");
                push(&mut me, lom.to_element(&Namespace::new(lns), prefix));
            }
            for set in &md.curriculum_standards {
                let cns = set
                    .namespace
                    .as_deref()
                    .or_else(|| self.version.version.namespaces().curriculum_standards)
                    .unwrap_or("http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0");
                let prefix = self.prefix_for(cns).unwrap_or("csm");
                push(&mut me, set.to_element(&Namespace::new(cns), prefix));
            }
            crate::xmlutil::push_all(&mut me, &md.extensions);
            out.metadata = Some(me);
        }
        out.files.clone_from(&r.files);
        out.dependencies.clone_from(&r.dependencies);
        for v in &r.variants {
            let vns = v
                .namespace
                .as_deref()
                .or_else(|| self.version.version.namespaces().cp_extension)
                .unwrap_or("http://www.imsglobal.org/xsd/imsccv1p3/imscp_extensionv1p2");
            let ns = Namespace::new(vns);
            let prefix = self.prefix_for(vns).unwrap_or("cpx");
            let mut e = el(&ns, prefix, "variant")
                .with_attr("identifier", &v.identifier)
                .with_attr("identifierref", &v.identifierref);
            e.attributes.extend(v.other_attributes.iter().cloned());
            match &v.metadata {
                Some(md) => push(&mut e, md.clone()),
                None => push(&mut e, el(&ns, prefix, "metadata")),
            }
            out.extensions.push(e);
        }
        if let Some(d) = &r.inline_descriptor {
            out.extensions.push((**d).clone());
        }
        out.extensions.extend(r.extensions.iter().cloned());
        out
    }

    /// The title from the manifest LOM (`general/title`), if any.
    pub fn title(&self) -> Option<&str> {
        self.lom.as_ref()?.title()
    }

    /// The resource with the given identifier.
    pub fn resource(&self, identifier: &str) -> Option<&CartridgeResource> {
        self.resources.iter().find(|r| r.identifier == identifier)
    }

    /// An index of resources by identifier (the first one wins when identifiers repeat).
    pub fn resource_index(&self) -> ResourceIndex<'_> {
        let mut map = std::collections::HashMap::with_capacity_and_hasher(
            self.resources.len(),
            foldhash::fast::RandomState::default(),
        );
        for r in &self.resources {
            map.entry(r.identifier.as_str()).or_insert(r);
        }
        ResourceIndex {
            map,
            len: self.resources.len(),
        }
    }

    /// The organization (the first one; Common Cartridge allows at most one).
    pub fn organization(&self) -> Option<&Organization> {
        self.organizations.organizations.first()
    }

    /// Every item of every organization, depth first.
    pub fn items(&self) -> Vec<&Item> {
        fn walk<'a>(i: &'a Item, out: &mut Vec<&'a Item>) {
            out.push(i);
            for c in &i.items {
                walk(c, out);
            }
        }
        let mut out = Vec::new();
        for o in &self.organizations.organizations {
            for i in &o.items {
                walk(i, &mut out);
            }
        }
        out
    }

    /// Sets a simple LOM title (and optional description and language) on the manifest.
    pub fn set_title(&mut self, title: &str, language: Option<&str>) {
        let lom = self.lom.get_or_insert_with(Lom::default);
        let general = lom.general.get_or_insert_with(Default::default);
        general.title = Some(match language {
            Some(l) => crate::lom::LangString::with_language(title, l),
            None => crate::lom::LangString::new(title),
        });
    }

    /// Sets the organization: one `rooted-hierarchy` organization whose root item (no title)
    /// holds `items`.
    pub fn set_organization(&mut self, identifier: &str, root_identifier: &str, items: Vec<Item>) {
        let mut root = Item::default();
        root.identifier = root_identifier.to_owned();
        root.items = items;
        let mut org = Organization::default();
        org.identifier = identifier.to_owned();
        org.structure = Some("rooted-hierarchy".to_owned());
        org.items = vec![root];
        self.organizations = Organizations::default();
        self.organizations.organizations.push(org);
    }

    /// Writes the manifest as `imsmanifest.xml` bytes (indented, UTF-8, with declaration).
    pub fn to_xml(&self) -> String {
        content_packaging::write_manifest(&self.to_cp())
    }
}

/// An attribute with a qualified name.
pub(crate) fn ns_attr(name: QName, value: String) -> Attribute {
    let mut a = Attribute::new("", value);
    a.name = name;
    a
}

fn resource_from_cp(r: Resource) -> CartridgeResource {
    let Resource {
        identifier,
        resource_type,
        href,
        base,
        metadata,
        files,
        dependencies,
        extensions,
        other_attributes,
        span,
        ..
    } = r;
    let protected = attr_value_ns(
        &other_attributes,
        version::is_authorization_namespace,
        "protected",
    )
    .and_then(|v| lti_core::xml::attr::parse_bool(&v));
    let intended_use = other_attributes
        .iter()
        .find(|a| a.name.ns.is_none() && a.name.local == "intendeduse")
        .map(|a| a.value.to_string());
    let other_attributes = other_attributes
        .into_iter()
        .filter(|a| {
            !(a.name.ns.is_none() && a.name.local == "intendeduse"
                || protected.is_some()
                    && a.name.local == "protected"
                    && a.name
                        .ns
                        .as_deref()
                        .is_some_and(version::is_authorization_namespace))
        })
        .collect();
    let mut out = CartridgeResource {
        identifier,
        resource_type: ResourceType::parse_owned(resource_type),
        href,
        base,
        intended_use,
        protected,
        metadata: metadata
            .as_ref()
            .map(|m| Box::new(ResourceMetadata::read(m))),
        files,
        dependencies,
        variants: Vec::new(),
        inline_descriptor: None,
        extensions: Vec::new(),
        other_attributes,
        span,
    };
    for e in extensions {
        let ns = e.name.ns.as_deref().unwrap_or("");
        if e.name.local == "variant" && version::is_cp_extension_namespace(ns) {
            out.variants.push(Variant {
                identifier: e.attr("identifier").unwrap_or_default().to_owned(),
                identifierref: e.attr("identifierref").unwrap_or_default().to_owned(),
                metadata: e.elements().find(|c| c.name.local == "metadata").map(keep),
                namespace: Some(ns.to_owned()),
                other_attributes: crate::xmlutil::other_attrs(&e, &["identifier", "identifierref"]),
                span: e.span,
            });
        } else if out.inline_descriptor.is_none()
            && INLINE_DESCRIPTOR_ROOTS.contains(&e.name.local.as_str())
        {
            out.inline_descriptor = Some(Box::new(e));
        } else {
            out.extensions.push(e);
        }
    }
    out
}

/// Why a manifest could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestReadError {
    /// The XML is not well-formed, breaks a limit, or the root is not `<manifest>`.
    #[error(transparent)]
    Manifest(#[from] content_packaging::ManifestError),
}

impl ManifestReadError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Manifest(e) => e.code(),
        }
    }

    /// This error as a problem.
    pub fn to_problem(&self) -> Problem {
        match self {
            Self::Manifest(e) => e.to_problem(),
        }
    }
}

/// Parses `imsmanifest.xml` bytes into a [`CartridgeManifest`] plus the problems found while
/// reading (XML warnings, CP structure, version detection). Profile rules are applied by
/// [`crate::validate`].
///
/// Documents that declare ISO-8859-1 / Windows-1252 and are not valid UTF-8 are transcoded,
/// with a warning (an error in strict mode).
pub fn parse_manifest(
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<(CartridgeManifest, Report), ManifestReadError> {
    let mut report = Report::new();
    let (m, r) = match content_packaging::parse_manifest(bytes, &opts.limits.xml) {
        Ok(x) => x,
        // Not UTF-8: transcode when the document declares a Latin encoding, and retry.
        Err(content_packaging::ManifestError::Xml(e))
            if matches!(e.kind(), lti_core::xml::XmlErrorKind::InvalidUtf8) =>
        {
            let (bytes, problem) = crate::encoding::decode_lenient(bytes, opts);
            match problem {
                Some(p) => {
                    report.push(p);
                    content_packaging::parse_manifest(&bytes, &opts.limits.xml)?
                }
                None => return Err(content_packaging::ManifestError::Xml(e).into()),
            }
        }
        Err(e) => return Err(e.into()),
    };
    report.extend(r);
    let (cm, r) = CartridgeManifest::from_cp(m, opts);
    report.extend(r);
    Ok((cm, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    const M13: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m1" xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
  xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
  xmlns:lom="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource"
  xmlns:cpx="http://www.imsglobal.org/xsd/imsccv1p3/imscp_extensionv1p2"
  xmlns:auth="http://www.imsglobal.org/xsd/imsccv1p3/imsccauth_v1p3"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1 http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd">
  <metadata>
    <schema>IMS Common Cartridge</schema>
    <schemaversion>1.3.0</schemaversion>
    <lomimscc:lom><lomimscc:general><lomimscc:title><lomimscc:string>T</lomimscc:string></lomimscc:title></lomimscc:general></lomimscc:lom>
    <x:other xmlns:x="urn:x"/>
  </metadata>
  <organizations>
    <organization identifier="o" structure="rooted-hierarchy">
      <item identifier="root"><item identifier="i1" identifierref="r1"><title>One</title></item></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="assignment_xmlv1p0" intendeduse="assignment" auth:protected="true">
      <metadata><lom:lom><lom:educational><lom:intendedEndUserRole><lom:source>IMSGLC_CC_Rolesv1p3</lom:source><lom:value>Instructor</lom:value></lom:intendedEndUserRole></lom:educational></lom:lom></metadata>
      <file href="r1/assignment.xml"/>
    </resource>
    <resource identifier="r1_fallback" type="webcontent" href="r1/a.html">
      <cpx:variant identifier="v1" identifierref="r1"><cpx:metadata/></cpx:variant>
      <file href="r1/a.html"/>
      <dependency identifierref="r1"/>
    </resource>
    <resource identifier="wl" type="imswl_xmlv1p3">
      <webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3"><title>W</title><url href="https://x.org"/></webLink>
    </resource>
  </resources>
  <auth:authorizations access="cartridge" import="true"><auth:authorization><auth:cartridgeId>C1</auth:cartridgeId><auth:webservice>https://a</auth:webservice></auth:authorization></auth:authorizations>
</manifest>"#;

    #[test]
    fn reads_the_profile() {
        let (m, report) = parse_manifest(M13.as_bytes(), &ReadOptions::default()).expect("reads");
        assert!(report.is_empty(), "{report:?}");
        assert_eq!(m.version, CartridgeVersion::CC_1_3);
        assert_eq!(m.title(), Some("T"));
        assert_eq!(m.metadata_extensions.len(), 1);
        let r1 = m.resource("r1").expect("r1");
        assert_eq!(r1.kind(), ResourceKind::Assignment);
        assert_eq!(r1.intended_use.as_deref(), Some("assignment"));
        assert_eq!(r1.protected, Some(true));
        assert!(r1.other_attributes.is_empty());
        assert!(r1.lom().expect("lom").is_instructor_only());
        let fb = m.resource("r1_fallback").expect("fb");
        assert_eq!(fb.variants.len(), 1);
        assert_eq!(fb.variants[0].identifierref, "r1");
        assert!(fb.extensions.is_empty());
        let wl = m.resource("wl").expect("wl");
        assert_eq!(
            wl.inline_descriptor.as_ref().map(|e| e.name.local.as_str()),
            Some("webLink")
        );
        let a = m.authorizations.as_ref().expect("auth");
        assert_eq!(a.access, Some(AuthorizationAccess::Cartridge));
        assert_eq!(a.import, Some(true));
        assert_eq!(a.cartridge_id.as_deref(), Some("C1"));
        assert_eq!(a.webservice.as_deref(), Some("https://a"));
        assert_eq!(m.items().len(), 2);
        assert_eq!(m.resource_index().len(), 3);
    }

    #[test]
    fn round_trip_loses_nothing() {
        let (m, _) = parse_manifest(M13.as_bytes(), &ReadOptions::default()).expect("reads");
        let xml = m.to_xml();
        let (m2, report) = parse_manifest(xml.as_bytes(), &ReadOptions::default()).expect("again");
        assert!(report.is_empty(), "{report:?}\n{xml}");
        assert_eq!(m, m2, "{xml}");
        // The generic CP trees are equal too.
        let (cp1, _) =
            content_packaging::parse_manifest(M13.as_bytes(), &lti_core::xml::Limits::default())
                .expect("cp");
        let (cp2, _) =
            content_packaging::parse_manifest(xml.as_bytes(), &lti_core::xml::Limits::default())
                .expect("cp2");
        assert_eq!(cp1.resources, cp2.resources, "{xml}");
    }

    #[test]
    fn version_detection_is_lenient_by_default_and_strict_on_request() {
        // A 1.1 namespace with schemaversion 1.3.0.
        let x = r#"<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"><metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion></metadata><organizations/><resources/></manifest>"#;
        let (m, r) = parse_manifest(x.as_bytes(), &ReadOptions::default()).expect("reads");
        assert_eq!(m.version, CartridgeVersion::CC_1_3);
        let p = r
            .with_code(codes::VERSION_MISMATCH)
            .next()
            .expect("mismatch");
        assert_eq!(p.severity, Severity::Warning);
        let (_, r) = parse_manifest(x.as_bytes(), &ReadOptions::strict()).expect("reads");
        assert_eq!(
            r.with_code(codes::VERSION_MISMATCH)
                .next()
                .map(|p| p.severity),
            Some(Severity::Error)
        );
        // No metadata at all: the namespace decides.
        let x = r#"<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscc/imscp_v1p1"><organizations/><resources/></manifest>"#;
        let (m, r) = parse_manifest(x.as_bytes(), &ReadOptions::default()).expect("reads");
        assert_eq!(m.version, CartridgeVersion::CC_1_0);
        assert!(r.has_code(codes::METADATA_SCHEMA_MISSING));
        assert!(r.has_code(codes::METADATA_SCHEMAVERSION_MISSING));
        // Nothing to go by but the resource types.
        let x = r#"<manifest identifier="m" xmlns="urn:x"><organizations/><resources><resource identifier="a" type="imswl_xmlv1p2"/></resources></manifest>"#;
        let (m, r) = parse_manifest(x.as_bytes(), &ReadOptions::default()).expect("reads");
        assert_eq!(m.version, CartridgeVersion::CC_1_2);
        assert!(r.has_code(codes::MANIFEST_NAMESPACE_UNKNOWN));
        // Nothing at all.
        let x = r#"<manifest identifier="m"><organizations/><resources/></manifest>"#;
        let (_, r) = parse_manifest(x.as_bytes(), &ReadOptions::default()).expect("reads");
        assert!(r.has_code(codes::VERSION_UNDETERMINED));
        // Thin 1.1 does not exist; odd schema strings.
        let x = r#"<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"><metadata><schema>IMS Thin Common Cartridge</schema><schemaversion>1.1</schemaversion></metadata><organizations/><resources/></manifest>"#;
        let (m, r) = parse_manifest(x.as_bytes(), &ReadOptions::default()).expect("reads");
        assert!(m.version.is_thin());
        assert!(r.has_code(codes::VERSION_THIN_UNSUPPORTED));
        assert!(r.has_code(codes::METADATA_SCHEMAVERSION_INVALID));
        let x = r#"<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"><metadata><schema>1EdTech Common Cartridge</schema><schemaversion>9.9</schemaversion></metadata><organizations/><resources/></manifest>"#;
        let (_, r) = parse_manifest(x.as_bytes(), &ReadOptions::default()).expect("reads");
        assert!(r.has_code(codes::METADATA_SCHEMA_INVALID));
        assert!(r.has_code(codes::METADATA_SCHEMAVERSION_INVALID));
    }

    #[test]
    fn set_version_rewrites_namespaces_and_types() {
        let (mut m, _) = parse_manifest(M13.as_bytes(), &ReadOptions::default()).expect("reads");
        m.set_version(CartridgeVersion::CC_1_1);
        assert_eq!(
            m.namespace.as_deref(),
            Some("http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1")
        );
        assert_eq!(m.schemaversion.as_deref(), Some("1.1.0"));
        let wl = m.resource("wl").expect("wl");
        assert_eq!(wl.resource_type.raw, "imswl_xmlv1p1");
        // Assignments do not exist in 1.1: the type string is kept.
        assert_eq!(
            m.resource("r1").expect("r1").resource_type.raw,
            "assignment_xmlv1p0"
        );
        let xml = m.to_xml();
        assert!(xml.contains("ccv1p1_imscp_v1p2_v1p0.xsd"), "{xml}");
        let (m2, r) = parse_manifest(xml.as_bytes(), &ReadOptions::default()).expect("again");
        assert_eq!(m2.version, CartridgeVersion::CC_1_1, "{r:?}");
    }

    #[test]
    fn built_manifest() {
        let mut m = CartridgeManifest::new(CartridgeVersion::THIN_1_3, "thin");
        m.set_title("Links", Some("en"));
        let mut r = CartridgeResource::new("r", ResourceKind::WebLink, CcVersion::V1_3);
        r.add_file("r.xml");
        m.resources.push(r);
        let mut item = Item::default();
        item.identifier = "i".into();
        item.identifierref = Some("r".into());
        item.title = Some("Link".into());
        m.set_organization("o", "root", vec![item]);
        let xml = m.to_xml();
        let (back, report) = parse_manifest(xml.as_bytes(), &ReadOptions::default()).expect("r");
        assert!(report.is_empty(), "{report:?}");
        assert_eq!(back.version, CartridgeVersion::THIN_1_3);
        assert_eq!(back.title(), Some("Links"));
        assert_eq!(back, m);
        let auth = Authorizations::build(CcVersion::V1_3, AuthorizationAccess::Resource, "c", None);
        assert_eq!(auth.access, Some(AuthorizationAccess::Resource));
        assert_eq!(auth.cartridge_id.as_deref(), Some("c"));
    }
}
