//! Reading manifests from XML.

use crate::problem::{Problem, Report};
use crate::xml::{self, Attribute, Element, Limits, Node, XML_NS, XmlError};

use super::{
    Dependency, File, Item, Manifest, Metadata, Organization, Organizations, Resource, Resources,
    codes, loc,
};

/// Why a manifest could not be read at all (problems that still allow a model are reported in
/// the [`Report`] instead).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    /// The XML is not well-formed or breaks a limit.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The root element is not `manifest`.
    #[error("the root element is <{found}>, not <manifest>")]
    NotAManifest {
        /// The root element's local name.
        found: String,
    },
}

impl ManifestError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Xml(e) => e.code(),
            Self::NotAManifest { .. } => codes::NOT_A_MANIFEST,
        }
    }

    /// This error as a problem.
    pub fn to_problem(&self) -> Problem {
        match self {
            Self::Xml(e) => e.to_problem(),
            Self::NotAManifest { .. } => Problem::error(self.code(), self.to_string()),
        }
    }
}

/// Parses `imsmanifest.xml` bytes into a [`Manifest`] and the problems found on the way
/// (missing required attributes, unexpected elements, XML-level warnings).
pub fn parse_manifest(input: &[u8], limits: &Limits) -> Result<(Manifest, Report), ManifestError> {
    let doc = xml::parse_document(input, limits)?;
    let mut report = Report::new();
    report.extend(doc.problems);
    let (m, r) = read_manifest(&doc.root)?;
    report.extend(r);
    Ok((m, report))
}

/// Reads a [`Manifest`] from a parsed `<manifest>` element.
pub fn read_manifest(root: &Element) -> Result<(Manifest, Report), ManifestError> {
    if root.name.local != "manifest" {
        return Err(ManifestError::NotAManifest {
            found: root.name.local.to_string(),
        });
    }
    let mut ctx = Ctx {
        ns: root.name.ns.as_ref().map(|n| n.as_str().to_owned()),
        report: Report::new(),
    };
    let m = ctx.manifest(root, "/manifest");
    Ok((m, ctx.report))
}

struct Ctx {
    ns: Option<String>,
    report: Report,
}

/// A foreign (or metadata) subtree as kept in the model: whitespace-only text in element-only
/// content is dropped, so the model does not depend on the input's indentation.
fn ext(e: &Element) -> Element {
    let mut e = e.clone();
    e.strip_insignificant_whitespace();
    e
}

fn is_base(a: &Attribute) -> bool {
    a.name.local == "base" && a.name.ns.as_deref() == Some(XML_NS)
}

impl Ctx {
    fn is_cp(&self, e: &Element) -> bool {
        e.name.ns.as_deref() == self.ns.as_deref()
    }

    fn required(&mut self, e: &Element, attr: &str, path: &str) -> String {
        if let Some(v) = e.attr(attr) {
            return v.to_owned();
        }
        self.report.error(
            codes::MISSING_ATTRIBUTE,
            loc(path, e.span),
            format!("<{}> requires attribute `{attr}`", e.name.local),
        );
        String::new()
    }

    /// Attributes other than the listed no-namespace ones (and xml:base, read separately).
    fn others(e: &Element, known: &[&str]) -> Vec<Attribute> {
        e.attributes
            .iter()
            .filter(|a| {
                !(is_base(a) || a.name.ns.is_none() && known.contains(&a.name.local.as_str()))
            })
            .cloned()
            .collect()
    }

    fn base(e: &Element) -> Option<String> {
        e.attr_ns(XML_NS, "base").map(str::to_owned)
    }

    fn unexpected(&mut self, parent_path: &str, e: &Element) {
        self.report.warning(
            codes::UNEXPECTED_ELEMENT,
            loc(&format!("{parent_path}/{}", e.name.local), e.span),
            format!(
                "<{}> is not a content-packaging element allowed here; it is kept as an extension",
                e.name.local
            ),
        );
    }

    fn manifest(&mut self, e: &Element, path: &str) -> Manifest {
        let mut m = Manifest::new(e.name.ns.clone(), self.required(e, "identifier", path));
        m.version = e.attr("version").map(str::to_owned);
        m.base = Self::base(e);
        m.other_attributes = Self::others(e, &["identifier", "version"]);
        m.namespace_declarations
            .clone_from(&e.namespace_declarations);
        m.span = e.span;
        let mut seen_orgs = false;
        let mut seen_res = false;
        for c in e.elements() {
            if !self.is_cp(c) {
                m.extensions.push(ext(c));
                continue;
            }
            match c.name.local.as_str() {
                "metadata" if m.metadata.is_none() => m.metadata = Some(self.metadata(c)),
                "organizations" if !seen_orgs => {
                    seen_orgs = true;
                    m.organizations = self.organizations(c, &format!("{path}/organizations"));
                }
                "resources" if !seen_res => {
                    seen_res = true;
                    m.resources = self.resources(c, &format!("{path}/resources"));
                }
                "manifest" => {
                    let sub = self.manifest(c, &format!("{path}/manifest"));
                    m.submanifests.push(sub);
                }
                _ => {
                    self.unexpected(path, c);
                    m.extensions.push(ext(c));
                }
            }
        }
        if !seen_orgs {
            self.report.error(
                codes::MISSING_ATTRIBUTE,
                loc(path, e.span),
                "<manifest> requires an <organizations> element (it may be empty)",
            );
        }
        if !seen_res {
            self.report.error(
                codes::MISSING_ATTRIBUTE,
                loc(path, e.span),
                "<manifest> requires a <resources> element (it may be empty)",
            );
        }
        m
    }

    fn metadata(&mut self, e: &Element) -> Metadata {
        let mut md = Metadata {
            span: e.span,
            ..Metadata::default()
        };
        for c in e.elements() {
            if self.is_cp(c) && c.name.local == "schema" && md.schema.is_none() {
                md.schema = Some(c.text().trim().to_owned());
            } else if self.is_cp(c) && c.name.local == "schemaversion" && md.schemaversion.is_none()
            {
                md.schemaversion = Some(c.text().trim().to_owned());
            } else {
                md.extensions.push(ext(c));
            }
        }
        md
    }

    fn organizations(&mut self, e: &Element, path: &str) -> Organizations {
        let mut o = Organizations {
            default: e.attr("default").map(str::to_owned),
            other_attributes: Self::others(e, &["default"]),
            span: e.span,
            ..Organizations::default()
        };
        for c in e.elements() {
            if self.is_cp(c) && c.name.local == "organization" {
                let org = self.organization(c, &format!("{path}/organization"));
                o.organizations.push(org);
            } else {
                if self.is_cp(c) {
                    self.unexpected(path, c);
                }
                o.extensions.push(ext(c));
            }
        }
        o
    }

    fn organization(&mut self, e: &Element, path: &str) -> Organization {
        let mut o = Organization {
            identifier: self.required(e, "identifier", path),
            structure: e.attr("structure").map(str::to_owned),
            other_attributes: Self::others(e, &["identifier", "structure"]),
            span: e.span,
            ..Organization::default()
        };
        for c in e.elements() {
            if !self.is_cp(c) {
                o.extensions.push(ext(c));
                continue;
            }
            match c.name.local.as_str() {
                "title" if o.title.is_none() => o.title = Some(c.text()),
                "item" => {
                    let item = self.item(c, &format!("{path}/item"));
                    o.items.push(item);
                }
                "metadata" if o.metadata.is_none() => o.metadata = Some(ext(c)),
                _ => {
                    self.unexpected(path, c);
                    o.extensions.push(ext(c));
                }
            }
        }
        o
    }

    fn item(&mut self, e: &Element, path: &str) -> Item {
        let isvisible = match e.attr("isvisible").map(xml::attr::parse_bool) {
            None => None,
            Some(Some(b)) => Some(b),
            Some(None) => {
                self.report.error(
                    "cp.attribute.invalid",
                    loc(path, e.span),
                    format!(
                        "`isvisible` must be true or false, found {:?}",
                        e.attr("isvisible").unwrap_or("")
                    ),
                );
                None
            }
        };
        let mut other = Self::others(
            e,
            &["identifier", "identifierref", "parameters", "isvisible"],
        );
        if isvisible.is_none() {
            // Keep an unparseable value rather than dropping it.
            if let Some(v) = e.attr("isvisible") {
                other.push(Attribute::new("isvisible", v));
            }
        }
        let mut it = Item {
            identifier: self.required(e, "identifier", path),
            identifierref: e.attr("identifierref").map(str::to_owned),
            isvisible,
            parameters: e.attr("parameters").map(str::to_owned),
            other_attributes: other,
            span: e.span,
            ..Item::default()
        };
        for c in e.elements() {
            if !self.is_cp(c) {
                it.extensions.push(ext(c));
                continue;
            }
            match c.name.local.as_str() {
                "title" if it.title.is_none() => it.title = Some(c.text()),
                "item" => {
                    let child = self.item(c, path);
                    it.items.push(child);
                }
                "metadata" if it.metadata.is_none() => it.metadata = Some(ext(c)),
                _ => {
                    self.unexpected(path, c);
                    it.extensions.push(ext(c));
                }
            }
        }
        it
    }

    fn resources(&mut self, e: &Element, path: &str) -> Resources {
        let mut r = Resources {
            base: Self::base(e),
            other_attributes: Self::others(e, &[]),
            span: e.span,
            ..Resources::default()
        };
        for c in e.elements() {
            if self.is_cp(c) && c.name.local == "resource" {
                let res = self.resource(c, &format!("{path}/resource"));
                r.resources.push(res);
            } else {
                if self.is_cp(c) {
                    self.unexpected(path, c);
                }
                r.extensions.push(ext(c));
            }
        }
        r
    }

    fn resource(&mut self, e: &Element, path: &str) -> Resource {
        let mut r = Resource {
            identifier: self.required(e, "identifier", path),
            resource_type: self.required(e, "type", path),
            href: e.attr("href").map(str::to_owned),
            base: Self::base(e),
            other_attributes: Self::others(e, &["identifier", "type", "href"]),
            span: e.span,
            ..Resource::default()
        };
        for c in e.elements() {
            if !self.is_cp(c) {
                r.extensions.push(ext(c));
                continue;
            }
            match c.name.local.as_str() {
                "metadata" if r.metadata.is_none() => r.metadata = Some(ext(c)),
                "file" => {
                    let p = format!("{path}/file");
                    let mut f = File {
                        href: self.required(c, "href", &p),
                        other_attributes: Self::others(c, &["href"]),
                        span: c.span,
                        ..File::default()
                    };
                    for g in c.elements() {
                        if self.is_cp(g) && g.name.local == "metadata" && f.metadata.is_none() {
                            f.metadata = Some(ext(g));
                        } else {
                            f.extensions.push(ext(g));
                        }
                    }
                    r.files.push(f);
                }
                "dependency" => {
                    let p = format!("{path}/dependency");
                    r.dependencies.push(Dependency {
                        identifierref: self.required(c, "identifierref", &p),
                        extensions: c.elements().map(ext).collect(),
                        other_attributes: Self::others(c, &["identifierref"]),
                        span: c.span,
                    });
                }
                _ => {
                    self.unexpected(path, c);
                    r.extensions.push(ext(c));
                }
            }
        }
        r
    }
}

/// Whether a node list has only whitespace text besides elements (used by tests).
#[allow(
    dead_code,
    reason = "kept for symmetry with the writer's element-only content rule"
)]
pub(crate) fn element_only(children: &[Node]) -> bool {
    children
        .iter()
        .all(|c| c.as_element().is_some() || c.is_whitespace())
}
