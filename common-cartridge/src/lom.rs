//! IEEE LOM metadata as profiled by Common Cartridge: manifest metadata
//! (`lomimscc:lom` inside the manifest's `<metadata>`) and resource metadata (`lom:lom` inside a
//! resource's `<metadata>`, mostly `intendedEndUserRole`), plus curriculum standards metadata
//! (`csm:curriculumStandardsMetadataSet`, CC 1.2+).
//!
//! Reading is namespace-tolerant: a `lom` element in any LOM namespace is read, its children
//! matched by local name in the `lom` element's namespace. Elements the CC LOM profiles do not
//! define (MetaMetadata, Annotation, `structure`…) are kept in `extensions` so they round-trip;
//! validation reports them.

use lti_core::xml::{Element, Namespace};
use serde::{Deserialize, Serialize};

use crate::version::CcVersion;
use crate::xmlutil::{el, keep, kid, kids, push, push_all, same_ns, text_el};

/// A LOM `LangString`: one or more `<string language="…">` values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LangString {
    /// The strings, in order.
    pub strings: Vec<LangStringEntry>,
}

/// One `<string>` of a [`LangString`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LangStringEntry {
    /// `language` (BCP 47), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The text (trimmed).
    pub value: String,
}

impl LangString {
    /// A single string without a language.
    pub fn new(value: impl Into<String>) -> Self {
        Self {
            strings: vec![LangStringEntry {
                language: None,
                value: value.into(),
            }],
        }
    }

    /// A single string with a language.
    pub fn with_language(value: impl Into<String>, language: impl Into<String>) -> Self {
        Self {
            strings: vec![LangStringEntry {
                language: Some(language.into()),
                value: value.into(),
            }],
        }
    }

    /// The first string's text.
    pub fn first(&self) -> Option<&str> {
        self.strings.first().map(|s| s.value.as_str())
    }

    fn read(e: &Element) -> Self {
        let mut strings: Vec<LangStringEntry> = kids(e, "string")
            .map(|s| LangStringEntry {
                language: s.attr("language").map(str::to_owned),
                value: s.text().trim().to_owned(),
            })
            .collect();
        // Some exporters write the text directly in the element.
        if strings.is_empty() && e.has_text_content() {
            strings.push(LangStringEntry {
                language: None,
                value: e.text().trim().to_owned(),
            });
        }
        Self { strings }
    }

    fn write(&self, ns: &Namespace, p: &str, local: &str) -> Element {
        let mut e = el(ns, p, local);
        for s in &self.strings {
            let mut se = text_el(ns, p, "string", &s.value);
            if let Some(l) = &s.language {
                se.set_attr("language", l);
            }
            push(&mut e, se);
        }
        e
    }
}

/// A LOM vocabulary value: `<source>` + `<value>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Vocabulary {
    /// `<source>` (`LOMv1.0`, `IMSGLC_CC_Rolesv1p1`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// `<value>`.
    pub value: String,
}

impl Vocabulary {
    /// A value with a source.
    pub fn new(source: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            source: Some(source.into()),
            value: value.into(),
        }
    }

    fn read(e: &Element) -> Self {
        let text = |local: &str| {
            kid(e, local).map(|c| {
                // LOM binding variants wrap the text in <string> or <langstring>.
                let inner = c.elements().next().map_or_else(|| c.text(), Element::text);
                inner.trim().to_owned()
            })
        };
        Self {
            source: text("source"),
            value: text("value").unwrap_or_default(),
        }
    }

    fn write(&self, ns: &Namespace, p: &str, local: &str) -> Element {
        let mut e = el(ns, p, local);
        if let Some(s) = &self.source {
            push(&mut e, text_el(ns, p, "source", s));
        }
        push(&mut e, text_el(ns, p, "value", &self.value));
        e
    }
}

/// A LOM `identifier`: catalog + entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LomIdentifier {
    /// `<catalog>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// `<entry>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
}

/// `<general>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct General {
    /// `<identifier>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<LomIdentifier>,
    /// `<title>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LangString>,
    /// `<language>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// `<description>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub descriptions: Vec<LangString>,
    /// `<keyword>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<LangString>,
    /// `<coverage>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coverage: Vec<LangString>,
    /// Children outside the CC profile of `general` (kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
}

/// `<date>` of a contribution: `dateTime` + description.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LomDateTime {
    /// `<dateTime>` as written (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_time: Option<String>,
    /// `<description>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangString>,
}

/// One `<contribute>` of the life cycle.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Contribute {
    /// `<role>` (`author`, `publisher`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Vocabulary>,
    /// `<entity>`s (vCards or names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<String>,
    /// `<date>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<LomDateTime>,
}

/// `<lifeCycle>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LifeCycle {
    /// `<contribute>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributes: Vec<Contribute>,
    /// Children outside the CC profile (`version`, `status`…), kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
}

/// `<technical>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Technical {
    /// `<format>`s (MIME types).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formats: Vec<String>,
    /// Children outside the CC profile, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
}

/// `<educational>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Educational {
    /// `<learningResourceType>` (manifest profile; value `IMS Common Cartridge`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning_resource_type: Option<Vocabulary>,
    /// `<context>` (`higher education`, `school`, `training`, `other`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Vocabulary>,
    /// `<intendedEndUserRole>`s (`Instructor`, `Learner`, `Mentor`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intended_end_user_roles: Vec<Vocabulary>,
    /// Children outside the CC profile, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
}

/// `<rights>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Rights {
    /// `<cost>` (`yes`/`no`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Vocabulary>,
    /// `<copyrightAndOtherRestrictions>` (`yes`/`no`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copyright_and_other_restrictions: Option<Vocabulary>,
    /// `<description>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangString>,
    /// Children outside the CC profile, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
}

/// A `<lom>` record (manifest or resource profile).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Lom {
    /// `<general>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general: Option<General>,
    /// `<lifeCycle>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub life_cycle: Option<LifeCycle>,
    /// `<technical>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical: Option<Technical>,
    /// `<educational>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub educational: Vec<Educational>,
    /// `<rights>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rights: Option<Rights>,
    /// `<relation>` and `<classification>` elements, kept as trees (read but not typed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations_and_classifications: Vec<Element>,
    /// Children outside the CC profile (`metaMetadata`, `annotation`…), kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
}

/// Which CC LOM profile a record follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LomProfile {
    /// Manifest metadata (`…/LOM/manifest`).
    Manifest,
    /// Resource metadata (`…/LOM/resource`).
    Resource,
}

impl LomProfile {
    /// The namespace of this profile in `version`.
    pub fn namespace(self, version: CcVersion) -> &'static str {
        let n = version.namespaces();
        match self {
            Self::Manifest => n.lom_manifest,
            Self::Resource => n.lom_resource,
        }
    }

    /// The usual prefix (`lomimscc` for manifest metadata, `lom` for resources).
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::Manifest => "lomimscc",
            Self::Resource => "lom",
        }
    }
}

/// The intended-end-user-role vocabulary source of a version (`IMSGLC_CC_Rolesv1p3`).
pub fn roles_source(version: CcVersion) -> String {
    format!("IMSGLC_CC_Roles{}", version.token())
}

impl Lom {
    /// The title's first string.
    pub fn title(&self) -> Option<&str> {
        self.general.as_ref()?.title.as_ref()?.first()
    }

    /// The first description's first string.
    pub fn description(&self) -> Option<&str> {
        self.general.as_ref()?.descriptions.first()?.first()
    }

    /// All intended end-user role values (`Instructor`, `Learner`, `Mentor`).
    pub fn intended_end_user_roles(&self) -> impl Iterator<Item = &str> {
        self.educational
            .iter()
            .flat_map(|e| e.intended_end_user_roles.iter().map(|v| v.value.as_str()))
    }

    /// Whether every intended end-user role is `Instructor` or `Mentor` (content meant for
    /// teachers only, which importers hide from learners). `false` when no role is given.
    pub fn is_instructor_only(&self) -> bool {
        let mut any = false;
        for r in self.intended_end_user_roles() {
            any = true;
            if !(r.eq_ignore_ascii_case("Instructor") || r.eq_ignore_ascii_case("Mentor")) {
                return false;
            }
        }
        any
    }

    /// Whether there are elements outside the CC LOM profile anywhere in the record.
    pub fn has_extensions(&self) -> bool {
        !self.extensions.is_empty()
            || self
                .general
                .as_ref()
                .is_some_and(|g| !g.extensions.is_empty())
            || self
                .life_cycle
                .as_ref()
                .is_some_and(|g| !g.extensions.is_empty())
            || self
                .technical
                .as_ref()
                .is_some_and(|g| !g.extensions.is_empty())
            || self.educational.iter().any(|g| !g.extensions.is_empty())
            || self
                .rights
                .as_ref()
                .is_some_and(|g| !g.extensions.is_empty())
    }

    /// The names of elements outside the CC LOM profile (`general/structure`, `metaMetadata`).
    pub fn extension_names(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .extensions
            .iter()
            .map(|e| e.name.local.to_string())
            .collect();
        let mut add = |section: &str, exts: &[Element]| {
            out.extend(exts.iter().map(|e| format!("{section}/{}", e.name.local)));
        };
        if let Some(g) = &self.general {
            add("general", &g.extensions);
        }
        if let Some(g) = &self.life_cycle {
            add("lifeCycle", &g.extensions);
        }
        if let Some(g) = &self.technical {
            add("technical", &g.extensions);
        }
        for g in &self.educational {
            add("educational", &g.extensions);
        }
        if let Some(g) = &self.rights {
            add("rights", &g.extensions);
        }
        out
    }

    /// Reads a `<lom>` element (any LOM namespace; children in the same namespace).
    pub fn read(e: &Element) -> Self {
        let mut lom = Self::default();
        for c in e.elements() {
            if !same_ns(e, c) {
                lom.extensions.push(keep(c));
                continue;
            }
            match c.name.local.as_str() {
                "general" if lom.general.is_none() => lom.general = Some(read_general(c)),
                "lifeCycle" if lom.life_cycle.is_none() => {
                    lom.life_cycle = Some(read_life_cycle(c));
                }
                "technical" if lom.technical.is_none() => {
                    let mut t = Technical::default();
                    for g in c.elements() {
                        if same_ns(c, g) && g.name.local == "format" {
                            t.formats.push(g.text().trim().to_owned());
                        } else {
                            t.extensions.push(keep(g));
                        }
                    }
                    lom.technical = Some(t);
                }
                "educational" => lom.educational.push(read_educational(c)),
                "rights" if lom.rights.is_none() => lom.rights = Some(read_rights(c)),
                "relation" | "classification" => lom.relations_and_classifications.push(keep(c)),
                _ => lom.extensions.push(keep(c)),
            }
        }
        lom
    }

    /// Writes the record as `<prefix:lom>` in namespace `ns`, children in the LOM binding's
    /// order (general, lifeCycle, technical, educational, rights, relation/classification, then
    /// kept extensions).
    pub fn to_element(&self, ns: &Namespace, prefix: &str) -> Element {
        let p = prefix;
        let mut lom = el(ns, p, "lom");
        if let Some(g) = &self.general {
            let mut ge = el(ns, p, "general");
            for id in &g.identifiers {
                let mut ie = el(ns, p, "identifier");
                if let Some(c) = &id.catalog {
                    push(&mut ie, text_el(ns, p, "catalog", c));
                }
                if let Some(c) = &id.entry {
                    push(&mut ie, text_el(ns, p, "entry", c));
                }
                push(&mut ge, ie);
            }
            if let Some(t) = &g.title {
                push(&mut ge, t.write(ns, p, "title"));
            }
            for l in &g.languages {
                push(&mut ge, text_el(ns, p, "language", l));
            }
            for d in &g.descriptions {
                push(&mut ge, d.write(ns, p, "description"));
            }
            for k in &g.keywords {
                push(&mut ge, k.write(ns, p, "keyword"));
            }
            for k in &g.coverage {
                push(&mut ge, k.write(ns, p, "coverage"));
            }
            push_all(&mut ge, &g.extensions);
            push(&mut lom, ge);
        }
        if let Some(lc) = &self.life_cycle {
            let mut le = el(ns, p, "lifeCycle");
            for c in &lc.contributes {
                let mut ce = el(ns, p, "contribute");
                if let Some(r) = &c.role {
                    push(&mut ce, r.write(ns, p, "role"));
                }
                for ent in &c.entities {
                    push(&mut ce, text_el(ns, p, "entity", ent));
                }
                if let Some(d) = &c.date {
                    let mut de = el(ns, p, "date");
                    if let Some(t) = &d.date_time {
                        push(&mut de, text_el(ns, p, "dateTime", t));
                    }
                    if let Some(t) = &d.description {
                        push(&mut de, t.write(ns, p, "description"));
                    }
                    push(&mut ce, de);
                }
                push(&mut le, ce);
            }
            push_all(&mut le, &lc.extensions);
            push(&mut lom, le);
        }
        if let Some(t) = &self.technical {
            let mut te = el(ns, p, "technical");
            for f in &t.formats {
                push(&mut te, text_el(ns, p, "format", f));
            }
            push_all(&mut te, &t.extensions);
            push(&mut lom, te);
        }
        for ed in &self.educational {
            let mut ee = el(ns, p, "educational");
            if let Some(v) = &ed.learning_resource_type {
                push(&mut ee, v.write(ns, p, "learningResourceType"));
            }
            if let Some(v) = &ed.context {
                push(&mut ee, v.write(ns, p, "context"));
            }
            for v in &ed.intended_end_user_roles {
                push(&mut ee, v.write(ns, p, "intendedEndUserRole"));
            }
            push_all(&mut ee, &ed.extensions);
            push(&mut lom, ee);
        }
        if let Some(r) = &self.rights {
            let mut re = el(ns, p, "rights");
            if let Some(v) = &r.cost {
                push(&mut re, v.write(ns, p, "cost"));
            }
            if let Some(v) = &r.copyright_and_other_restrictions {
                push(&mut re, v.write(ns, p, "copyrightAndOtherRestrictions"));
            }
            if let Some(d) = &r.description {
                push(&mut re, d.write(ns, p, "description"));
            }
            push_all(&mut re, &r.extensions);
            push(&mut lom, re);
        }
        push_all(&mut lom, &self.relations_and_classifications);
        push_all(&mut lom, &self.extensions);
        lom
    }
}

fn read_general(c: &Element) -> General {
    let mut g = General::default();
    for x in c.elements() {
        if !same_ns(c, x) {
            g.extensions.push(keep(x));
            continue;
        }
        match x.name.local.as_str() {
            "identifier" => g.identifiers.push(LomIdentifier {
                catalog: kid(x, "catalog").map(|e| e.text().trim().to_owned()),
                entry: kid(x, "entry").map(|e| e.text().trim().to_owned()),
            }),
            "title" if g.title.is_none() => g.title = Some(LangString::read(x)),
            "language" => g.languages.push(x.text().trim().to_owned()),
            "description" => g.descriptions.push(LangString::read(x)),
            "keyword" => g.keywords.push(LangString::read(x)),
            "coverage" => g.coverage.push(LangString::read(x)),
            _ => g.extensions.push(keep(x)),
        }
    }
    g
}

fn read_life_cycle(c: &Element) -> LifeCycle {
    let mut lc = LifeCycle::default();
    for x in c.elements() {
        if same_ns(c, x) && x.name.local == "contribute" {
            let mut ct = Contribute::default();
            for y in x.elements() {
                match y.name.local.as_str() {
                    "role" if ct.role.is_none() => ct.role = Some(Vocabulary::read(y)),
                    "entity" => ct.entities.push(y.text().trim().to_owned()),
                    "date" if ct.date.is_none() => {
                        ct.date = Some(LomDateTime {
                            date_time: kid(y, "dateTime").map(|e| e.text().trim().to_owned()),
                            description: kid(y, "description").map(LangString::read),
                        });
                    }
                    _ => {}
                }
            }
            lc.contributes.push(ct);
        } else {
            lc.extensions.push(keep(x));
        }
    }
    lc
}

fn read_educational(c: &Element) -> Educational {
    let mut ed = Educational::default();
    for x in c.elements() {
        if !same_ns(c, x) {
            ed.extensions.push(keep(x));
            continue;
        }
        match x.name.local.as_str() {
            "learningResourceType" if ed.learning_resource_type.is_none() => {
                ed.learning_resource_type = Some(Vocabulary::read(x));
            }
            "context" if ed.context.is_none() => ed.context = Some(Vocabulary::read(x)),
            "intendedEndUserRole" => ed.intended_end_user_roles.push(Vocabulary::read(x)),
            _ => ed.extensions.push(keep(x)),
        }
    }
    ed
}

fn read_rights(c: &Element) -> Rights {
    let mut r = Rights::default();
    for x in c.elements() {
        if !same_ns(c, x) {
            r.extensions.push(keep(x));
            continue;
        }
        match x.name.local.as_str() {
            "cost" if r.cost.is_none() => r.cost = Some(Vocabulary::read(x)),
            "copyrightAndOtherRestrictions" if r.copyright_and_other_restrictions.is_none() => {
                r.copyright_and_other_restrictions = Some(Vocabulary::read(x));
            }
            "description" if r.description.is_none() => r.description = Some(LangString::read(x)),
            _ => r.extensions.push(keep(x)),
        }
    }
    r
}

/// One labelled GUID of a curriculum standard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LabelledGuid {
    /// `<label>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `<GUID>`.
    pub guid: String,
}

/// `<setOfGUIDs>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SetOfGuids {
    /// `region`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The GUIDs.
    pub guids: Vec<LabelledGuid>,
}

/// `<curriculumStandardsMetadata providerId="…">`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CurriculumStandardsMetadata {
    /// `providerId` (for example `AB`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    /// The sets of GUIDs.
    pub sets: Vec<SetOfGuids>,
}

/// `<curriculumStandardsMetadataSet>` (curriculum standards metadata, CC 1.2+).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CurriculumStandardsMetadataSet {
    /// `resourceLabel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
    /// `resourcePartId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_part_id: Option<String>,
    /// The metadata per provider.
    pub metadata: Vec<CurriculumStandardsMetadata>,
    /// The namespace the set was written in (tolerated variants are kept for output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

impl CurriculumStandardsMetadataSet {
    /// Reads a `curriculumStandardsMetadataSet` element (namespace-tolerant).
    pub fn read(e: &Element) -> Self {
        let mut set = Self {
            resource_label: e.attr("resourceLabel").map(str::to_owned),
            resource_part_id: e.attr("resourcePartId").map(str::to_owned),
            metadata: Vec::new(),
            namespace: e.name.ns.as_ref().map(|n| n.as_str().to_owned()),
        };
        for m in e
            .elements()
            .filter(|c| c.name.local == "curriculumStandardsMetadata")
        {
            let mut md = CurriculumStandardsMetadata {
                provider_id: m.attr("providerId").map(str::to_owned),
                sets: Vec::new(),
            };
            for s in m.elements().filter(|c| c.name.local == "setOfGUIDs") {
                md.sets.push(SetOfGuids {
                    region: s.attr("region").map(str::to_owned),
                    version: s.attr("version").map(str::to_owned),
                    guids: s
                        .elements()
                        .filter(|c| c.name.local == "labelledGUID")
                        .map(|g| LabelledGuid {
                            label: g
                                .elements()
                                .find(|c| c.name.local == "label")
                                .map(|c| c.text().trim().to_owned()),
                            guid: g
                                .elements()
                                .find(|c| c.name.local == "GUID")
                                .map(|c| c.text().trim().to_owned())
                                .unwrap_or_default(),
                        })
                        .collect(),
                });
            }
            set.metadata.push(md);
        }
        set
    }

    /// Writes the set in namespace `ns` with `prefix`.
    pub fn to_element(&self, ns: &Namespace, prefix: &str) -> Element {
        let p = prefix;
        let mut e = el(ns, p, "curriculumStandardsMetadataSet");
        if let Some(v) = &self.resource_label {
            e.set_attr("resourceLabel", v);
        }
        if let Some(v) = &self.resource_part_id {
            e.set_attr("resourcePartId", v);
        }
        for m in &self.metadata {
            let mut me = el(ns, p, "curriculumStandardsMetadata");
            if let Some(v) = &m.provider_id {
                me.set_attr("providerId", v);
            }
            for s in &m.sets {
                let mut se = el(ns, p, "setOfGUIDs");
                if let Some(v) = &s.region {
                    se.set_attr("region", v);
                }
                if let Some(v) = &s.version {
                    se.set_attr("version", v);
                }
                for g in &s.guids {
                    let mut ge = el(ns, p, "labelledGUID");
                    if let Some(l) = &g.label {
                        push(&mut ge, text_el(ns, p, "label", l));
                    }
                    push(&mut ge, text_el(ns, p, "GUID", &g.guid));
                    push(&mut se, ge);
                }
                push(&mut me, se);
            }
            push(&mut e, me);
        }
        e
    }
}

/// A resource's `<metadata>`: LOM resource metadata, curriculum standards, anything else kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResourceMetadata {
    /// The LOM record (resource profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lom: Option<Lom>,
    /// The LOM element's namespace as written (kept for output when it is a tolerated variant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lom_namespace: Option<String>,
    /// Curriculum standards metadata sets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub curriculum_standards: Vec<CurriculumStandardsMetadataSet>,
    /// Other metadata elements, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
}

impl ResourceMetadata {
    /// Reads the children of a resource's `<metadata>` element.
    pub fn read(metadata: &Element) -> Self {
        let mut out = Self::default();
        for c in metadata.elements() {
            let ns = c.name.ns.as_deref().unwrap_or("");
            if c.name.local == "lom" && crate::version::is_lom_namespace(ns) && out.lom.is_none() {
                out.lom = Some(Lom::read(c));
                out.lom_namespace = Some(ns.to_owned());
            } else if c.name.local == "curriculumStandardsMetadataSet" {
                out.curriculum_standards
                    .push(CurriculumStandardsMetadataSet::read(c));
            } else {
                out.extensions.push(keep(c));
            }
        }
        out
    }

    /// Whether the metadata is empty.
    pub fn is_empty(&self) -> bool {
        self.lom.is_none() && self.curriculum_standards.is_empty() && self.extensions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lti_core::xml::{Limits, parse_element};

    const MANIFEST_LOM: &str = r#"<lomimscc:lom xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest">
      <lomimscc:general>
        <lomimscc:title><lomimscc:string language="en-US">Course</lomimscc:string></lomimscc:title>
        <lomimscc:language>en</lomimscc:language>
        <lomimscc:description><lomimscc:string>About</lomimscc:string></lomimscc:description>
        <lomimscc:keyword><lomimscc:string>k1</lomimscc:string></lomimscc:keyword>
        <lomimscc:keyword><lomimscc:string>k2</lomimscc:string></lomimscc:keyword>
        <lomimscc:structure><lomimscc:value>atomic</lomimscc:value></lomimscc:structure>
      </lomimscc:general>
      <lomimscc:lifeCycle><lomimscc:contribute>
        <lomimscc:role><lomimscc:source>LOMv1.0</lomimscc:source><lomimscc:value>author</lomimscc:value></lomimscc:role>
        <lomimscc:entity>BEGIN:VCARD END:VCARD</lomimscc:entity>
        <lomimscc:date><lomimscc:dateTime>2021-11-30</lomimscc:dateTime></lomimscc:date>
      </lomimscc:contribute></lomimscc:lifeCycle>
      <lomimscc:technical><lomimscc:format>text/html</lomimscc:format></lomimscc:technical>
      <lomimscc:educational>
        <lomimscc:learningResourceType><lomimscc:source>LOMv1.0</lomimscc:source><lomimscc:value>IMS Common Cartridge</lomimscc:value></lomimscc:learningResourceType>
        <lomimscc:intendedEndUserRole><lomimscc:source>IMSGLC_CC_Rolesv1p3</lomimscc:source><lomimscc:value>Learner</lomimscc:value></lomimscc:intendedEndUserRole>
      </lomimscc:educational>
      <lomimscc:rights>
        <lomimscc:copyrightAndOtherRestrictions><lomimscc:value>yes</lomimscc:value></lomimscc:copyrightAndOtherRestrictions>
        <lomimscc:description><lomimscc:string>CC-BY</lomimscc:string></lomimscc:description>
      </lomimscc:rights>
      <lomimscc:metaMetadata/>
    </lomimscc:lom>"#;

    #[test]
    fn reads_typed_fields_and_keeps_the_rest() {
        let e = parse_element(MANIFEST_LOM.as_bytes(), &Limits::default()).expect("xml");
        let lom = Lom::read(&e);
        assert_eq!(lom.title(), Some("Course"));
        assert_eq!(lom.description(), Some("About"));
        let g = lom.general.as_ref().expect("general");
        assert_eq!(g.languages, ["en"]);
        assert_eq!(g.keywords.len(), 2);
        assert_eq!(
            g.title
                .as_ref()
                .and_then(|t| t.strings[0].language.as_deref()),
            Some("en-US")
        );
        let c = &lom.life_cycle.as_ref().expect("lc").contributes[0];
        assert_eq!(c.role.as_ref().map(|r| r.value.as_str()), Some("author"));
        assert_eq!(
            c.date.as_ref().and_then(|d| d.date_time.as_deref()),
            Some("2021-11-30")
        );
        assert_eq!(lom.technical.as_ref().expect("t").formats, ["text/html"]);
        assert_eq!(
            lom.intended_end_user_roles().collect::<Vec<_>>(),
            ["Learner"]
        );
        assert!(!lom.is_instructor_only());
        let r = lom.rights.as_ref().expect("rights");
        assert_eq!(
            r.copyright_and_other_restrictions
                .as_ref()
                .map(|v| v.value.as_str()),
            Some("yes")
        );
        assert!(lom.has_extensions());
        assert_eq!(lom.extension_names(), ["metaMetadata", "general/structure"]);
    }

    #[test]
    fn round_trips_through_an_element() {
        let e = parse_element(MANIFEST_LOM.as_bytes(), &Limits::default()).expect("xml");
        let lom = Lom::read(&e);
        let ns = Namespace::new("http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest");
        let out = lom.to_element(&ns, "lomimscc");
        assert_eq!(Lom::read(&out), lom);
    }

    #[test]
    fn resource_metadata_and_curriculum_standards() {
        let xml = r#"<metadata xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1">
          <lom:lom xmlns:lom="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource"><lom:educational>
            <lom:intendedEndUserRole><lom:source>IMSGLC_CC_Rolesv1p3</lom:source><lom:value>Instructor</lom:value></lom:intendedEndUserRole>
          </lom:educational></lom:lom>
          <csm:curriculumStandardsMetadataSet xmlns:csm="http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0" resourceLabel="Q1" resourcePartId="p1">
            <csm:curriculumStandardsMetadata providerId="AB">
              <csm:setOfGUIDs region="US" version="2010">
                <csm:labelledGUID><csm:label>Std</csm:label><csm:GUID>7E80</csm:GUID></csm:labelledGUID>
              </csm:setOfGUIDs>
            </csm:curriculumStandardsMetadata>
          </csm:curriculumStandardsMetadataSet>
          <other xmlns="urn:x"/>
        </metadata>"#;
        let e = parse_element(xml.as_bytes(), &Limits::default()).expect("xml");
        let md = ResourceMetadata::read(&e);
        assert!(md.lom.as_ref().expect("lom").is_instructor_only());
        assert_eq!(md.curriculum_standards.len(), 1);
        let set = &md.curriculum_standards[0];
        assert_eq!(set.resource_label.as_deref(), Some("Q1"));
        let g = &set.metadata[0].sets[0].guids[0];
        assert_eq!((g.label.as_deref(), g.guid.as_str()), (Some("Std"), "7E80"));
        assert_eq!(md.extensions.len(), 1);
        assert!(!md.is_empty());
        let ns = Namespace::new("http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0");
        let back = CurriculumStandardsMetadataSet::read(&set.to_element(&ns, "csm"));
        assert_eq!(back, *set);
        assert_eq!(roles_source(CcVersion::V1_1), "IMSGLC_CC_Rolesv1p1");
        assert_eq!(
            LomProfile::Resource.namespace(CcVersion::V1_3),
            "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource"
        );
    }

    #[test]
    fn lang_string_without_string_children() {
        let e = parse_element(
            b"<title xmlns=\"http://ltsc.ieee.org/xsd/LOM\"> Plain </title>",
            &Limits::default(),
        )
        .expect("xml");
        assert_eq!(LangString::read(&e).first(), Some("Plain"));
        assert_eq!(LangString::new("a").first(), Some("a"));
        assert_eq!(
            LangString::with_language("a", "en").strings[0]
                .language
                .as_deref(),
            Some("en")
        );
    }
}
