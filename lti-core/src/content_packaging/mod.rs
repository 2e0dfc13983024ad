//! IMS Content Packaging (CP 1.1/1.2) manifests: the `imsmanifest.xml` shared by QTI packages
//! and Common Cartridge.
//!
//! One model for both users: [`Manifest`] with its [`Metadata`], [`Organizations`] (a tree of
//! [`Item`]s) and [`Resources`] ([`Resource`] with [`File`]s and [`Dependency`]s), plus
//! sub-manifests. Profiles differ only in namespaces and rules, so:
//!
//! - the CP namespace is whatever namespace the root `<manifest>` uses (plain CP
//!   `http://www.imsglobal.org/xsd/imscp_v1p1`, or one of the Common Cartridge namespaces such as
//!   `http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1`); CP elements are the children in that
//!   namespace;
//! - everything else (LOM metadata, `cpx:variant`, Canvas extensions, QTI metadata) is kept as
//!   foreign [`Element`] trees in `extensions`, and foreign attributes (`xsi:schemaLocation`…)
//!   in `other_attributes`, so a read → write round trip loses nothing. On output, extension
//!   elements follow the CP children of their parent, where the CP schema's `##other` wildcard
//!   puts them.
//!
//! [`Manifest::check`] applies the generic CP rules (identifiers unique, references resolve);
//! profile rules (Common Cartridge, QTI packages) live in their crates.

mod read;
mod write;

use serde::{Deserialize, Serialize};

use crate::xml::{Attribute, Element, Namespace, NamespaceDeclaration, Span};
use crate::{Location, Report};

pub use read::{ManifestError, parse_manifest, read_manifest};
pub use write::{manifest_to_element, write_manifest};

/// The plain IMS CP 1.1 namespace (QTI packages use it).
pub const IMSCP_V1P1: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";

/// Stable problem codes emitted by this module.
pub mod codes {
    /// An identifier is used by more than one manifest, organization, item or resource.
    pub const DUPLICATE_IDENTIFIER: &str = "cp.identifier.duplicate";
    /// An item's `identifierref` names no resource (or sub-manifest).
    pub const UNRESOLVED_ITEM_REF: &str = "cp.item.unresolved-identifierref";
    /// A dependency's `identifierref` names no resource.
    pub const UNRESOLVED_DEPENDENCY: &str = "cp.dependency.unresolved";
    /// `organizations/@default` names no organization.
    pub const UNRESOLVED_DEFAULT_ORG: &str = "cp.organizations.unresolved-default";
    /// A required attribute is missing.
    pub const MISSING_ATTRIBUTE: &str = "cp.attribute.missing";
    /// An element that the CP schema does not allow at that place (kept as an extension).
    pub const UNEXPECTED_ELEMENT: &str = "cp.element.unexpected";
    /// The root element is not `manifest`.
    pub const NOT_A_MANIFEST: &str = "cp.not-a-manifest";
    /// A resource depends on itself.
    pub const SELF_DEPENDENCY: &str = "cp.dependency.self";
}

/// A content-packaging manifest.
///
/// Equality ignores [`Manifest::namespace_declarations`] and spans (they do not change meaning).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Manifest {
    /// The CP namespace this manifest uses (the root element's namespace).
    pub namespace: Option<Namespace>,
    /// `identifier` (required by CP).
    pub identifier: String,
    /// `version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `xml:base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// `<metadata>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// `<organizations>`.
    pub organizations: Organizations,
    /// `<resources>`.
    pub resources: Resources,
    /// Nested `<manifest>` elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub submanifests: Vec<Self>,
    /// Foreign elements at manifest level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Foreign attributes (`xsi:schemaLocation`, vendor attributes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Namespace declarations written on the `<manifest>` start tag (kept so that output uses the
    /// same prefixes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespace_declarations: Vec<NamespaceDeclaration>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `<metadata>`: `schema`, `schemaversion`, and foreign metadata (LOM, QTI metadata…).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Metadata {
    /// `<schema>` (for example `IMS Common Cartridge`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// `<schemaversion>` (for example `1.3.0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schemaversion: Option<String>,
    /// Everything else inside `<metadata>`, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `<organizations>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Organizations {
    /// `default`: the identifier of the default organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// The organizations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<Organization>,
    /// Foreign elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Foreign attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `<organization>`: a tree of items.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Organization {
    /// `identifier`.
    pub identifier: String,
    /// `structure` (`hierarchical` by default in CP; Common Cartridge requires `rooted-hierarchy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<String>,
    /// `<title>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Top-level items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// `<metadata>` as a tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Element>,
    /// Foreign elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Foreign attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `<item>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Item {
    /// `identifier`.
    pub identifier: String,
    /// `identifierref`: the resource (or sub-manifest) this item shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifierref: Option<String>,
    /// `isvisible`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isvisible: Option<bool>,
    /// `parameters`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<String>,
    /// `<title>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Child items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Self>,
    /// `<metadata>` as a tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Element>,
    /// Foreign elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Foreign attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `<resources>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Resources {
    /// `xml:base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The resources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
    /// Foreign elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Foreign attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `<resource>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Resource {
    /// `identifier`.
    pub identifier: String,
    /// `type` (`webcontent`, `imsqti_item_xmlv2p2`, `imswl_xmlv1p3`…).
    #[serde(rename = "type")]
    pub resource_type: String,
    /// `href`: the launch or descriptor file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// `xml:base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// `<metadata>` as a tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Element>,
    /// `<file>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<File>,
    /// `<dependency>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
    /// Foreign elements (`cpx:variant`, vendor extensions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Foreign attributes (`intendeduse` in CC is in no namespace and kept here too).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `<file>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct File {
    /// `href`, relative to the package root (and any `xml:base`).
    pub href: String,
    /// `<metadata>` as a tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Element>,
    /// Foreign elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Foreign attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `<dependency>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Dependency {
    /// `identifierref`: the resource depended on.
    pub identifierref: String,
    /// Foreign elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Foreign attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl PartialEq for Manifest {
    fn eq(&self, other: &Self) -> bool {
        self.namespace == other.namespace
            && self.identifier == other.identifier
            && self.version == other.version
            && self.base == other.base
            && self.metadata == other.metadata
            && self.organizations == other.organizations
            && self.resources == other.resources
            && self.submanifests == other.submanifests
            && self.extensions == other.extensions
            && self.other_attributes.len() == other.other_attributes.len()
            && self
                .other_attributes
                .iter()
                .all(|a| other.other_attributes.contains(a))
    }
}

impl Eq for Manifest {}

impl Manifest {
    /// An empty manifest in namespace `namespace` with the given identifier.
    pub fn new(namespace: Option<Namespace>, identifier: impl Into<String>) -> Self {
        Self {
            namespace,
            identifier: identifier.into(),
            version: None,
            base: None,
            metadata: None,
            organizations: Organizations::default(),
            resources: Resources::default(),
            submanifests: Vec::new(),
            extensions: Vec::new(),
            other_attributes: Vec::new(),
            namespace_declarations: Vec::new(),
            span: Span::default(),
        }
    }

    /// The resource with the given identifier (this manifest only).
    pub fn resource(&self, identifier: &str) -> Option<&Resource> {
        self.resources
            .resources
            .iter()
            .find(|r| r.identifier == identifier)
    }

    /// All items of all organizations, depth first.
    pub fn items(&self) -> Vec<&Item> {
        let mut out = Vec::new();
        for o in &self.organizations.organizations {
            for i in &o.items {
                i.collect(&mut out);
            }
        }
        out
    }

    /// Applies the generic CP rules: identifiers unique; item `identifierref`s resolve to a
    /// resource or sub-manifest; dependencies resolve and are not self-references; the default
    /// organization exists.
    pub fn check(&self) -> Report {
        let mut report = Report::new();
        let mut ids: Vec<(&str, Span, &str)> = vec![(&self.identifier, self.span, "manifest")];
        ids.extend(
            self.organizations
                .organizations
                .iter()
                .map(|o| (o.identifier.as_str(), o.span, "organization")),
        );
        ids.extend(
            self.items()
                .into_iter()
                .map(|i| (i.identifier.as_str(), i.span, "item")),
        );
        ids.extend(
            self.resources
                .resources
                .iter()
                .map(|r| (r.identifier.as_str(), r.span, "resource")),
        );
        ids.extend(
            self.submanifests
                .iter()
                .map(|m| (m.identifier.as_str(), m.span, "manifest")),
        );
        let mut seen = std::collections::HashSet::new();
        for (id, span, what) in ids {
            if !id.is_empty() && !seen.insert(id) {
                report.error(
                    codes::DUPLICATE_IDENTIFIER,
                    span.location(format!("/manifest//{what}")),
                    format!("identifier {id:?} is used more than once in the manifest"),
                );
            }
        }
        if let Some(d) = &self.organizations.default
            && !self
                .organizations
                .organizations
                .iter()
                .any(|o| &o.identifier == d)
        {
            report.error(
                codes::UNRESOLVED_DEFAULT_ORG,
                self.organizations.span.location("/manifest/organizations"),
                format!("the default organization {d:?} does not exist"),
            );
        }
        for i in self.items() {
            if let Some(r) = &i.identifierref {
                let found = self.resource(r).is_some()
                    || self.submanifests.iter().any(|m| &m.identifier == r);
                if !found {
                    report.error(
                        codes::UNRESOLVED_ITEM_REF,
                        i.span
                            .location("/manifest/organizations/organization//item"),
                        format!(
                            "item {:?} refers to {r:?}, which is not a resource of this manifest",
                            i.identifier
                        ),
                    );
                }
            }
        }
        for r in &self.resources.resources {
            for d in &r.dependencies {
                if d.identifierref == r.identifier {
                    report.error(
                        codes::SELF_DEPENDENCY,
                        d.span.location("/manifest/resources/resource/dependency"),
                        format!("resource {:?} depends on itself", r.identifier),
                    );
                } else if self.resource(&d.identifierref).is_none() {
                    report.error(
                        codes::UNRESOLVED_DEPENDENCY,
                        d.span.location("/manifest/resources/resource/dependency"),
                        format!(
                            "resource {:?} depends on {:?}, which is not a resource of this manifest",
                            r.identifier, d.identifierref
                        ),
                    );
                }
            }
        }
        for m in &self.submanifests {
            report.extend(m.check());
        }
        report
    }
}

impl Item {
    fn collect<'a>(&'a self, out: &mut Vec<&'a Self>) {
        out.push(self);
        for c in &self.items {
            c.collect(out);
        }
    }
}

/// Joins a path relative to a package folder (`folder`, "" for the package root) and resolves
/// its `.` and `..` segments; a query or fragment is dropped. `None` when the path is absolute,
/// a URL (`scheme://`, `data:`) or climbs above the package root. Shared by the QTI and
/// Common Cartridge readers for `href`s inside packages.
pub fn join_package_path(folder: &str, relative: &str) -> Option<String> {
    let rel = relative.split(['?', '#']).next().unwrap_or("");
    if rel.starts_with('/') || rel.contains("://") || rel.starts_with("data:") {
        return None;
    }
    let mut parts: Vec<&str> = folder
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// A location for a manifest element path and span.
pub(crate) fn loc(path: &str, span: Span) -> Location {
    span.location(path)
}

#[cfg(test)]
mod tests;
