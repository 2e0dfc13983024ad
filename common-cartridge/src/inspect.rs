//! A summary of a cartridge for people and tools (`ims cc inspect`): version, metadata, the
//! organization tree and the resources by type.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lti_core::content_packaging::Item;
use serde::{Deserialize, Serialize};

use crate::descriptor::Descriptor;
use crate::lom::Lom;
use crate::validate::Cartridge;

/// Manifest metadata in short.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SummaryMetadata {
    /// `<schema>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// `<schemaversion>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schemaversion: Option<String>,
    /// LOM title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// LOM description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// LOM languages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// LOM keywords.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// LOM rights description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
    /// The whole LOM record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lom: Option<Lom>,
    /// Whether the cartridge is protected (`authorizations`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub protected: bool,
}

/// A node of the organization tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationNode {
    /// The item identifier.
    pub identifier: String,
    /// The title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The resource shown, if a link item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The resource's kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Child items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Self>,
}

/// One resource in short.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResourceSummary {
    /// Identifier.
    pub identifier: String,
    /// The type string as written.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// `href`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// The descriptor's title (links, topics, assessments…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Number of files.
    pub files: usize,
    /// Dependencies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<String>,
    /// Extra facts (launch URL of a link, question count of an assessment…).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, String>,
}

/// Counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Counts {
    /// Resources.
    pub resources: usize,
    /// Items of the organization (root excluded).
    pub items: usize,
    /// Files referenced by resources.
    pub files: usize,
    /// Questions in assessments and question banks.
    pub questions: usize,
}

/// A cartridge summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// `1.3`, `thin-1.3`…
    pub version: String,
    /// Manifest identifier.
    pub identifier: String,
    /// Metadata.
    pub metadata: SummaryMetadata,
    /// The organization tree (root items' children).
    pub organizations: Vec<OrganizationNode>,
    /// Resources by kind (`webcontent`, `web-link`, `assessment`…).
    pub resources: BTreeMap<String, Vec<ResourceSummary>>,
    /// Counts.
    pub counts: Counts,
}

fn node(i: &Item, kinds: &BTreeMap<&str, &str>, counts: &mut Counts) -> OrganizationNode {
    counts.items += 1;
    OrganizationNode {
        identifier: i.identifier.clone(),
        title: i.title.clone(),
        resource: i.identifierref.clone(),
        kind: i
            .identifierref
            .as_deref()
            .and_then(|r| kinds.get(r))
            .map(|s| (*s).to_owned()),
        children: i.items.iter().map(|c| node(c, kinds, counts)).collect(),
    }
}

/// Summarises a cartridge.
pub fn summarize(c: &Cartridge) -> Summary {
    let m = &c.manifest;
    let mut counts = Counts::default();
    let lom = m.lom.as_ref();
    let general = lom.and_then(|l| l.general.as_ref());
    let metadata = SummaryMetadata {
        schema: m.schema.clone(),
        schemaversion: m.schemaversion.clone(),
        title: m.title().map(str::to_owned),
        description: lom.and_then(Lom::description).map(str::to_owned),
        languages: general.map(|g| g.languages.clone()).unwrap_or_default(),
        keywords: general
            .map(|g| {
                g.keywords
                    .iter()
                    .filter_map(|k| k.first().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        rights: lom
            .and_then(|l| l.rights.as_ref())
            .and_then(|r| r.description.as_ref())
            .and_then(|d| d.first())
            .map(str::to_owned),
        lom: m.lom.clone(),
        protected: m.authorizations.is_some(),
    };
    let kinds: BTreeMap<&str, &str> = m
        .resources
        .iter()
        .map(|r| (r.identifier.as_str(), r.kind().as_str()))
        .collect();
    let mut organizations = Vec::new();
    for o in &m.organizations.organizations {
        for root in &o.items {
            for i in &root.items {
                organizations.push(node(i, &kinds, &mut counts));
            }
        }
    }
    let mut resources: BTreeMap<String, Vec<ResourceSummary>> = BTreeMap::new();
    for r in &m.resources {
        counts.resources += 1;
        counts.files += r.files.len();
        let mut s = ResourceSummary {
            identifier: r.identifier.clone(),
            resource_type: r.resource_type.raw.clone(),
            href: r.href.clone(),
            files: r.files.len(),
            dependencies: r
                .dependencies
                .iter()
                .map(|d| d.identifierref.clone())
                .collect(),
            ..ResourceSummary::default()
        };
        if let Some(d) = c.descriptors.get(&r.identifier) {
            s.title = d.title().map(str::to_owned);
            match d {
                Descriptor::WebLink(w) => {
                    s.details.insert("url".into(), w.href.clone());
                }
                Descriptor::BasicLtiLink(l) => {
                    if let Some(u) = l.effective_launch_url() {
                        s.details.insert("launch_url".into(), u.to_owned());
                    }
                }
                Descriptor::Qti(q) => {
                    let n = q.all_items().len();
                    counts.questions += n;
                    s.details.insert("questions".into(), n.to_string());
                }
                Descriptor::Assignment(a) => {
                    if let Some(p) = a.gradable.as_ref().and_then(|g| g.points_possible) {
                        s.details.insert("points_possible".into(), p.to_string());
                    }
                }
                Descriptor::DiscussionTopic(t) => {
                    s.details
                        .insert("attachments".into(), t.attachments.len().to_string());
                }
            }
        }
        if r.lom().is_some_and(Lom::is_instructor_only) {
            s.details.insert("audience".into(), "instructor".into());
        }
        resources
            .entry(r.kind().as_str().to_owned())
            .or_default()
            .push(s);
    }
    Summary {
        version: m.version.label(),
        identifier: m.identifier.clone(),
        metadata,
        organizations,
        resources,
        counts,
    }
}

impl Summary {
    /// A text rendering for terminals.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Common Cartridge {}  ({})",
            self.version, self.identifier
        );
        if let Some(t) = &self.metadata.title {
            let _ = writeln!(s, "Title: {t}");
        }
        if let Some(d) = &self.metadata.description {
            let _ = writeln!(s, "Description: {d}");
        }
        if !self.metadata.languages.is_empty() {
            let _ = writeln!(s, "Language: {}", self.metadata.languages.join(", "));
        }
        if !self.metadata.keywords.is_empty() {
            let _ = writeln!(s, "Keywords: {}", self.metadata.keywords.join(", "));
        }
        if self.metadata.protected {
            let _ = writeln!(s, "Protected: yes");
        }
        let _ = writeln!(
            s,
            "{} resources, {} items, {} files, {} questions",
            self.counts.resources, self.counts.items, self.counts.files, self.counts.questions
        );
        let _ = writeln!(s, "\nOrganization:");
        fn walk(s: &mut String, n: &OrganizationNode, depth: usize) {
            let _ = write!(
                s,
                "{:indent$}- {}",
                "",
                n.title.as_deref().unwrap_or("(untitled)"),
                indent = depth * 2 + 2
            );
            if let Some(r) = &n.resource {
                let _ = write!(s, "  [{} {r}]", n.kind.as_deref().unwrap_or("?"));
            }
            s.push('\n');
            for c in &n.children {
                walk(s, c, depth + 1);
            }
        }
        for n in &self.organizations {
            walk(&mut s, n, 0);
        }
        let _ = writeln!(s, "\nResources:");
        for (kind, list) in &self.resources {
            let _ = writeln!(s, "  {kind} ({})", list.len());
            for r in list {
                let _ = write!(s, "    {}", r.identifier);
                if let Some(t) = &r.title {
                    let _ = write!(s, "  \"{t}\"");
                }
                if let Some(h) = &r.href {
                    let _ = write!(s, "  {h}");
                }
                for (k, v) in &r.details {
                    let _ = write!(s, "  {k}={v}");
                }
                s.push('\n');
            }
        }
        s
    }
}
