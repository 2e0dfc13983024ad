//! QTI versions, their namespaces, and the name tables that map between the 2.x camelCase
//! vocabulary (the crate's canonical names) and the 3.0 `qti-` kebab-case vocabulary.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::names::{ATTRIBUTES_V3, ELEMENTS_V3};
use crate::schema::SchemaId;

/// A QTI version, as told by the document's namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Version {
    /// QTI 2.0 (`imsqti_v2p0`): read, and written back when asked for.
    #[serde(rename = "2.0")]
    V2p0,
    /// QTI 2.1 (`imsqti_v2p1`).
    #[serde(rename = "2.1")]
    V2p1,
    /// QTI 2.2 (`imsqti_v2p2`, with HTML5 elements in `imsqtiv2p2_html5_v1p0`).
    #[serde(rename = "2.2")]
    V2p2,
    /// QTI 3.0 (`imsqtiasi_v3p0`, results `imsqti_result_v3p0`).
    #[serde(rename = "3.0")]
    V3p0,
}

/// The QTI 2.2 HTML5 namespace (`qh5:` elements such as `audio`, `video`, `figure`).
pub const QTI_V2P2_HTML5_NS: &str = "http://www.imsglobal.org/xsd/imsqtiv2p2_html5_v1p0";

/// The namespaces of QTI documents (items, tests, sections, stimuli and results of every
/// version, and the 2.2 HTML5 one): a reader holds them without reference counts.
pub(crate) const QTI_NAMESPACES: &[&str] = &[
    Version::V2p0.namespace(),
    Version::V2p1.namespace(),
    Version::V2p2.namespace(),
    Version::V3p0.namespace(),
    Version::V2p1.results_namespace(),
    Version::V2p2.results_namespace(),
    Version::V3p0.results_namespace(),
    QTI_V2P2_HTML5_NS,
];

impl Version {
    /// Every version.
    pub const ALL: [Self; 4] = [Self::V2p0, Self::V2p1, Self::V2p2, Self::V3p0];

    /// `2.0`, `2.1`, `2.2` or `3.0`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V2p0 => "2.0",
            Self::V2p1 => "2.1",
            Self::V2p2 => "2.2",
            Self::V3p0 => "3.0",
        }
    }

    /// Parses `2.0`, `2.1`, `2.2`, `3.0` (also `2`, `3`, `v2p1`…).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "2.0" | "v2p0" => Some(Self::V2p0),
            "2.1" | "v2p1" | "2" => Some(Self::V2p1),
            "2.2" | "v2p2" => Some(Self::V2p2),
            "3.0" | "v3p0" | "3" => Some(Self::V3p0),
            _ => None,
        }
    }

    /// The namespace of items, tests, sections and stimuli.
    pub const fn namespace(self) -> &'static str {
        match self {
            Self::V2p0 => "http://www.imsglobal.org/xsd/imsqti_v2p0",
            Self::V2p1 => "http://www.imsglobal.org/xsd/imsqti_v2p1",
            Self::V2p2 => "http://www.imsglobal.org/xsd/imsqti_v2p2",
            Self::V3p0 => "http://www.imsglobal.org/xsd/imsqtiasi_v3p0",
        }
    }

    /// The results-reporting namespace (2.0 has none of its own; 2.1's is used).
    pub const fn results_namespace(self) -> &'static str {
        match self {
            Self::V2p0 | Self::V2p1 => "http://www.imsglobal.org/xsd/imsqti_result_v2p1",
            Self::V2p2 => "http://www.imsglobal.org/xsd/imsqti_result_v2p2",
            Self::V3p0 => "http://www.imsglobal.org/xsd/imsqti_result_v3p0",
        }
    }

    /// The conventional `xsi:schemaLocation` URL of the main schema.
    pub const fn schema_location(self) -> &'static str {
        match self {
            Self::V2p0 => "http://www.imsglobal.org/xsd/imsqti_v2p0.xsd",
            Self::V2p1 => "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
            Self::V2p2 => "http://www.imsglobal.org/xsd/qti/qtiv2p2/imsqti_v2p2.xsd",
            Self::V3p0 => {
                "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
            }
        }
    }

    /// The version of an item/test namespace.
    pub fn from_namespace(ns: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.namespace() == ns)
    }

    /// The version of a results namespace.
    pub fn from_results_namespace(ns: &str) -> Option<Self> {
        [Self::V2p1, Self::V2p2, Self::V3p0]
            .into_iter()
            .find(|v| v.results_namespace() == ns)
    }

    /// Whether this version uses the 3.0 kebab-case vocabulary.
    pub const fn is_v3(self) -> bool {
        matches!(self, Self::V3p0)
    }

    /// Whether this version has what QTI 2.2 added (stimuli and stimulus references, the inline
    /// choice label, the HTML5 elements): 2.2 and 3.0.
    pub const fn has_2_2_additions(self) -> bool {
        !matches!(self, Self::V2p0 | Self::V2p1)
    }

    pub(crate) const fn schema(self) -> SchemaId {
        match self {
            Self::V2p0 => SchemaId::V2p0,
            Self::V2p1 => SchemaId::V2p1,
            Self::V2p2 => SchemaId::V2p2,
            Self::V3p0 => SchemaId::V3p0,
        }
    }

    pub(crate) const fn results_schema(self) -> SchemaId {
        match self {
            Self::V2p0 | Self::V2p1 => SchemaId::ResultV2p1,
            Self::V2p2 => SchemaId::ResultV2p2,
            Self::V3p0 => SchemaId::ResultV3p0,
        }
    }

    /// The element name this version uses for a canonical (2.x) name.
    pub fn element_name(self, canonical: &'static str) -> &'static str {
        if self.is_v3() {
            v3_element(canonical)
        } else {
            canonical
        }
    }

    /// The attribute name this version uses for a canonical (2.x) name.
    pub fn attribute_name(self, canonical: &str) -> &str {
        if self.is_v3() {
            v3_attribute(canonical).unwrap_or(canonical)
        } else {
            canonical
        }
    }

    /// The canonical (2.x) element name of a local name in this version's namespace. HTML names
    /// and names this crate does not know are returned unchanged.
    pub fn canonical_element(self, local: &str) -> &str {
        if self.is_v3() && local.starts_with("qti-") {
            v3_names().elements.get(local).copied().unwrap_or(local)
        } else {
            local
        }
    }

    /// [`Version::canonical_attribute`] as an index for [`Version::canonical_attribute_at`]
    /// (`None` when the name is kept as written).
    pub(crate) fn canonical_attribute_index(self, local: &str) -> Option<u16> {
        if self.is_v3() && local.contains('-') {
            v3_names().attributes.get(local).copied()
        } else {
            None
        }
    }

    /// The canonical attribute name at an index given by
    /// [`Version::canonical_attribute_index`].
    pub(crate) fn canonical_attribute_at(i: u16) -> &'static str {
        ATTRIBUTES_V3.get(usize::from(i)).map_or("", |(_, c)| c)
    }

    /// The canonical (2.x) attribute name of an attribute name in this version.
    pub fn canonical_attribute(self, local: &str) -> &str {
        if self.is_v3() && local.contains('-') {
            match v3_names().attributes.get(local) {
                Some(&i) => Self::canonical_attribute_at(i),
                None => local,
            }
        } else {
            local
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Hash tables of the 3.0 names, both ways, built once: the reader looks names up for every
/// element and attribute of a 3.0 document (a binary search compared about eight strings per
/// name), the writer for every one it writes. Fixed-seed foldhash: the keys are the crate's own
/// names, so lookups need no protection from chosen collisions.
struct V3Names {
    /// 3.0 element name → canonical name.
    elements: NameMap<&'static str>,
    /// 3.0 attribute name → index into `ATTRIBUTES_V3`.
    attributes: NameMap<u16>,
    /// Canonical element name → 3.0 name.
    elements_v3: NameMap<&'static str>,
    /// Canonical attribute name → 3.0 name.
    attributes_v3: NameMap<&'static str>,
}

type NameMap<V> = HashMap<&'static str, V, foldhash::fast::FixedState>;

fn v3_names() -> &'static V3Names {
    fn reverse(table: &'static [(&'static str, &'static str)]) -> NameMap<&'static str> {
        table.iter().map(|(v3, canon)| (*canon, *v3)).collect()
    }
    static NAMES: OnceLock<V3Names> = OnceLock::new();
    NAMES.get_or_init(|| V3Names {
        elements: ELEMENTS_V3.iter().copied().collect(),
        attributes: ATTRIBUTES_V3
            .iter()
            .enumerate()
            .filter_map(|(i, (k, _))| Some((*k, u16::try_from(i).ok()?)))
            .collect(),
        elements_v3: reverse(ELEMENTS_V3),
        attributes_v3: reverse(ATTRIBUTES_V3),
    })
}

fn v3_element(canonical: &'static str) -> &'static str {
    v3_names()
        .elements_v3
        .get(canonical)
        .copied()
        .unwrap_or(canonical)
}

fn v3_attribute(canonical: &str) -> Option<&'static str> {
    v3_names().attributes_v3.get(canonical).copied()
}

/// The 3.0 name of a canonical element name (any string; unknown names unchanged).
pub(crate) fn v3_name_of(canonical: &str) -> String {
    v3_names()
        .elements_v3
        .get(canonical)
        .map_or_else(|| canonical.to_owned(), |s| (*s).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_entry_is_found_by_its_lookup() {
        let v = Version::V3p0;
        for (v3, canon) in ELEMENTS_V3 {
            assert_eq!(v.canonical_element(v3), *canon, "{v3}");
            assert_eq!(Version::V2p1.canonical_element(v3), *v3);
        }
        for (i, (v3, canon)) in ATTRIBUTES_V3.iter().enumerate() {
            assert_eq!(v.canonical_attribute(v3), *canon, "{v3}");
            assert_eq!(
                v.canonical_attribute_index(v3),
                u16::try_from(i).ok(),
                "{v3}"
            );
            assert_eq!(
                Version::canonical_attribute_at(u16::try_from(i).unwrap()),
                *canon
            );
            // `spelt_as_in_2_x_last` in the reader relies on this: a canonical name without a
            // capital is spelt alike in 3.0.
            assert!(
                v3 == canon || canon.bytes().any(|b| b.is_ascii_uppercase()),
                "{canon} is renamed {v3} without a capital"
            );
        }
        assert_eq!(v.canonical_element("qti-not-a-name"), "qti-not-a-name");
        assert_eq!(v.canonical_attribute("data-not-a-name"), "data-not-a-name");
        assert_eq!(v.canonical_attribute_index("data-not-a-name"), None);
        for name in crate::content::HTML_NAMES {
            assert!(crate::content::is_html_name(name), "{name}");
        }
        assert!(!crate::content::is_html_name("qti-choice-interaction"));
        assert!(!crate::content::is_html_name("P"));
    }

    #[test]
    fn name_tables() {
        let v = Version::V3p0;
        assert_eq!(v.element_name("assessmentItem"), "qti-assessment-item");
        assert_eq!(v.element_name("durationGTE"), "qti-duration-gte");
        assert_eq!(v.element_name("anyN"), "qti-any-n");
        assert_eq!(v.element_name("p"), "p");
        assert_eq!(v.canonical_element("qti-any-n"), "anyN");
        assert_eq!(
            v.canonical_element("qti-portable-custom-interaction"),
            "qti-portable-custom-interaction"
        );
        assert_eq!(v.canonical_element("div"), "div");
        assert_eq!(
            v.attribute_name("responseIdentifier"),
            "response-identifier"
        );
        assert_eq!(
            v.canonical_attribute("response-identifier"),
            "responseIdentifier"
        );
        assert_eq!(v.canonical_attribute("data-x"), "data-x");
        assert_eq!(
            Version::V2p1.element_name("assessmentItem"),
            "assessmentItem"
        );
        assert_eq!(Version::V2p2.attribute_name("baseType"), "baseType");
        assert_eq!(v.element_name("infoControl"), "infoControl");
        for v in Version::ALL {
            assert_eq!(Version::from_namespace(v.namespace()), Some(v));
            assert_eq!(Version::parse(v.as_str()), Some(v));
        }
        assert_eq!(
            Version::from_results_namespace(Version::V3p0.results_namespace()),
            Some(Version::V3p0)
        );
    }
}
