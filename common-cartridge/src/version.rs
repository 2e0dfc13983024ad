//! Common Cartridge versions (1.0–1.3, Thin CC 1.2/1.3) and the namespaces and schema locations
//! each version uses.
//!
//! A cartridge's version is detected from its manifest: the `schema`/`schemaversion` metadata
//! first, the root (content-packaging) namespace second, never from `xsi:schemaLocation` alone
//! (see [`crate::manifest`]).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A Common Cartridge specification version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CcVersion {
    /// Common Cartridge 1.0 (2008).
    #[serde(rename = "1.0")]
    V1_0,
    /// Common Cartridge 1.1 (2011).
    #[serde(rename = "1.1")]
    V1_1,
    /// Common Cartridge 1.2 (2012).
    #[serde(rename = "1.2")]
    V1_2,
    /// Common Cartridge 1.3 (2013).
    #[serde(rename = "1.3")]
    V1_3,
}

impl CcVersion {
    /// Every version, oldest first.
    pub const ALL: [Self; 4] = [Self::V1_0, Self::V1_1, Self::V1_2, Self::V1_3];

    /// `1.0`, `1.1`, `1.2`, `1.3`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V1_0 => "1.0",
            Self::V1_1 => "1.1",
            Self::V1_2 => "1.2",
            Self::V1_3 => "1.3",
        }
    }

    /// The `schemaversion` value the manifest must carry (`1.3.0`).
    pub const fn schemaversion(self) -> &'static str {
        match self {
            Self::V1_0 => "1.0.0",
            Self::V1_1 => "1.1.0",
            Self::V1_2 => "1.2.0",
            Self::V1_3 => "1.3.0",
        }
    }

    /// The minor-version token used in namespaces and type strings (`v1p3`).
    pub const fn token(self) -> &'static str {
        match self {
            Self::V1_0 => "v1p0",
            Self::V1_1 => "v1p1",
            Self::V1_2 => "v1p2",
            Self::V1_3 => "v1p3",
        }
    }

    /// The version for a `vNpM` token (`v1p2` → 1.2).
    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.token() == token)
    }

    /// Parses `1.3`, `1.3.0`, `v1p3` or `1p3`.
    pub fn parse(value: &str) -> Option<Self> {
        let v = value.trim();
        let v = v
            .strip_suffix(".0")
            .filter(|s| s.contains('.'))
            .unwrap_or(v);
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == v || x.token() == v || &x.token()[1..] == v)
    }

    /// The namespaces and schema locations of this version.
    pub const fn namespaces(self) -> &'static Namespaces {
        match self {
            Self::V1_0 => &NS_1_0,
            Self::V1_1 => &NS_1_1,
            Self::V1_2 => &NS_1_2,
            Self::V1_3 => &NS_1_3,
        }
    }

    /// The version whose content-packaging namespace is `ns`.
    pub fn from_cp_namespace(ns: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.namespaces().cp == ns)
    }
}

impl fmt::Display for CcVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Full Common Cartridge or Thin Common Cartridge (links only: web links and LTI links).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Profile {
    /// `IMS Common Cartridge`.
    #[default]
    Full,
    /// `IMS Thin Common Cartridge` (1.2 and 1.3 only).
    Thin,
}

impl Profile {
    /// The `<schema>` text of this profile.
    pub const fn schema_name(self) -> &'static str {
        match self {
            Self::Full => SCHEMA_CC,
            Self::Thin => SCHEMA_THIN_CC,
        }
    }
}

/// `<schema>` of a full cartridge.
pub const SCHEMA_CC: &str = "IMS Common Cartridge";
/// `<schema>` of a Thin cartridge.
pub const SCHEMA_THIN_CC: &str = "IMS Thin Common Cartridge";

/// A cartridge version: the specification version plus the profile (full or Thin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CartridgeVersion {
    /// The specification version.
    pub version: CcVersion,
    /// Full or Thin.
    pub profile: Profile,
}

impl CartridgeVersion {
    /// A full cartridge of the given version.
    pub const fn full(version: CcVersion) -> Self {
        Self {
            version,
            profile: Profile::Full,
        }
    }

    /// A Thin cartridge of the given version (1.2 or 1.3; others are accepted here and reported
    /// by validation).
    pub const fn thin(version: CcVersion) -> Self {
        Self {
            version,
            profile: Profile::Thin,
        }
    }

    /// Common Cartridge 1.0.
    pub const CC_1_0: Self = Self::full(CcVersion::V1_0);
    /// Common Cartridge 1.1.
    pub const CC_1_1: Self = Self::full(CcVersion::V1_1);
    /// Common Cartridge 1.2.
    pub const CC_1_2: Self = Self::full(CcVersion::V1_2);
    /// Common Cartridge 1.3.
    pub const CC_1_3: Self = Self::full(CcVersion::V1_3);
    /// Thin Common Cartridge 1.2.
    pub const THIN_1_2: Self = Self::thin(CcVersion::V1_2);
    /// Thin Common Cartridge 1.3.
    pub const THIN_1_3: Self = Self::thin(CcVersion::V1_3);

    /// Whether this is a Thin cartridge.
    pub const fn is_thin(self) -> bool {
        matches!(self.profile, Profile::Thin)
    }

    /// The name used in reports: `1.3`, `thin-1.3`.
    pub fn label(self) -> String {
        match self.profile {
            Profile::Full => self.version.as_str().to_owned(),
            Profile::Thin => format!("thin-{}", self.version),
        }
    }

    /// Parses a label: `1.1`, `1.3.0`, `thin-1.3`, `thin1.2`.
    pub fn parse_label(value: &str) -> Option<Self> {
        let v = value.trim().to_ascii_lowercase();
        if let Some(rest) = v.strip_prefix("thin") {
            let rest = rest.trim_start_matches(['-', '_', ' ']);
            return CcVersion::parse(rest).map(Self::thin);
        }
        CcVersion::parse(&v).map(Self::full)
    }
}

impl fmt::Display for CartridgeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// The namespaces and schema locations of one Common Cartridge version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Namespaces {
    /// The content-packaging namespace of `imsmanifest.xml`.
    pub cp: &'static str,
    /// Schema location of the content-packaging profile.
    pub cp_schema: &'static str,
    /// Schema location used by Thin cartridges when it differs (Thin CC 1.2 emitters).
    pub cp_schema_thin: &'static str,
    /// LOM namespace for manifest metadata.
    pub lom_manifest: &'static str,
    /// Schema location of the manifest LOM profile.
    pub lom_manifest_schema: &'static str,
    /// LOM namespace for resource metadata.
    pub lom_resource: &'static str,
    /// Schema location of the resource LOM profile.
    pub lom_resource_schema: &'static str,
    /// Authorization namespace.
    pub authorization: &'static str,
    /// Schema location of the authorization schema.
    pub authorization_schema: &'static str,
    /// Content-packaging extension namespace (`cpx:variant`), 1.3 only.
    pub cp_extension: Option<&'static str>,
    /// Schema location of the CP extension schema.
    pub cp_extension_schema: Option<&'static str>,
    /// Curriculum standards metadata namespace (1.2 and 1.3).
    pub curriculum_standards: Option<&'static str>,
    /// Schema location of the curriculum standards metadata schema.
    pub curriculum_standards_schema: Option<&'static str>,
    /// Web link descriptor namespace.
    pub web_link: &'static str,
    /// Web link descriptor schema location.
    pub web_link_schema: &'static str,
    /// Discussion topic descriptor namespace.
    pub discussion_topic: &'static str,
    /// Discussion topic descriptor schema location.
    pub discussion_topic_schema: &'static str,
    /// CC-QTI 1.2.1 schema location (the namespace is always [`QTI_ASI_V1P2`]).
    pub qti_schema: &'static str,
    /// LTI link (`cartridge_basiclti_link`) namespace written for this version.
    pub lti_link: &'static str,
    /// LTI link schema location written for this version.
    pub lti_link_schema: &'static str,
}

/// The QTI 1.2 ASI namespace used by CC-QTI documents of every version.
pub const QTI_ASI_V1P2: &str = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2";
/// The basic LTI link namespace (`blti:`).
pub const BASIC_LTI_V1P0: &str = "http://www.imsglobal.org/xsd/imsbasiclti_v1p0";
/// The LTI common messages namespace (`lticm:`, properties).
pub const LTI_CM_V1P0: &str = "http://www.imsglobal.org/xsd/imslticm_v1p0";
/// The LTI common profile namespace (`lticp:`, vendor).
pub const LTI_CP_V1P0: &str = "http://www.imsglobal.org/xsd/imslticp_v1p0";
/// The CC 1.0/1.1 LTI link namespace (`cartridge_basiclti_link`).
pub const LTI_CC_V1P0: &str = "http://www.imsglobal.org/xsd/imslticc_v1p0";
/// The CC 1.2 LTI link namespace.
pub const LTI_CC_V1P2: &str = "http://www.imsglobal.org/xsd/imslticc_v1p2";
/// The CC 1.3 LTI link namespace.
pub const LTI_CC_V1P3: &str = "http://www.imsglobal.org/xsd/imslticc_v1p3";
/// The assignment extension namespace (CC 1.3).
pub const ASSIGNMENT_NS: &str = "http://www.imsglobal.org/xsd/imscc_extensions/assignment";
/// The assignment extension schema location.
pub const ASSIGNMENT_SCHEMA: &str =
    "http://www.imsglobal.org/profile/cc/cc_extensions/cc_extresource_assignmentv1p0_v1p0.xsd";
/// The Canvas extension namespace (`cccv1p0`), kept as foreign XML.
pub const CANVAS_NS: &str = "http://canvas.instructure.com/xsd/cccv1p0";

const NS_1_0: Namespaces = Namespaces {
    cp: "http://www.imsglobal.org/xsd/imscc/imscp_v1p1",
    cp_schema: "http://www.imsglobal.org/profile/cc/ccv1p0/derived_schema/imscp_v1p2_localised.xsd",
    cp_schema_thin: "http://www.imsglobal.org/profile/cc/ccv1p0/derived_schema/imscp_v1p2_localised.xsd",
    lom_manifest: "http://ltsc.ieee.org/xsd/imscc/LOM",
    lom_manifest_schema: "http://www.imsglobal.org/profile/cc/ccv1p0/derived_schema/domainProfile_1/lomLoose_localised.xsd",
    lom_resource: "http://ltsc.ieee.org/xsd/LOM",
    lom_resource_schema: "http://www.imsglobal.org/profile/cc/ccv1p0/derived_schema/domainProfile_2/lomLoose_localised.xsd",
    authorization: "http://www.imsglobal.org/xsd/imsccauth_v1p0",
    authorization_schema: "http://www.imsglobal.org/profile/cc/ccv1p0/derived_schema/domainProfile_0/imsccauth_v1p0_localised.xsd",
    cp_extension: None,
    cp_extension_schema: None,
    curriculum_standards: None,
    curriculum_standards_schema: None,
    web_link: "http://www.imsglobal.org/xsd/imswl_v1p0",
    web_link_schema: "http://www.imsglobal.org/profile/cc/ccv1p0/derived_schema/domainProfile_5/imswl_v1p0_localised.xsd",
    discussion_topic: "http://www.imsglobal.org/xsd/imsdt_v1p0",
    discussion_topic_schema: "http://www.imsglobal.org/profile/cc/ccv1p0/derived_schema/domainProfile_6/imsdt_v1p0_localised.xsd",
    qti_schema: "http://www.imsglobal.org/profile/cc/ccv1p0/derived_schema/domainProfile_4/ims_qtiasiv1p2_localised.xsd",
    lti_link: LTI_CC_V1P0,
    lti_link_schema: "http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticc_v1p0p1.xsd",
};

const NS_1_1: Namespaces = Namespaces {
    cp: "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
    cp_schema: "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd",
    cp_schema_thin: "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd",
    lom_manifest: "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest",
    lom_manifest_schema: "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd",
    lom_resource: "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource",
    lom_resource_schema: "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd",
    authorization: "http://www.imsglobal.org/xsd/imsccv1p1/imsccauth_v1p1",
    authorization_schema: "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imsccauth_v1p1.xsd",
    cp_extension: None,
    cp_extension_schema: None,
    curriculum_standards: None,
    curriculum_standards_schema: None,
    web_link: "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1",
    web_link_schema: "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imswl_v1p1.xsd",
    discussion_topic: "http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1",
    discussion_topic_schema: "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imsdt_v1p1.xsd",
    qti_schema: "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd",
    lti_link: LTI_CC_V1P0,
    lti_link_schema: "http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticc_v1p0p1.xsd",
};

const NS_1_2: Namespaces = Namespaces {
    cp: "http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1",
    cp_schema: "http://www.imsglobal.org/profile/cc/ccv1p2/ccv1p2_imscp_v1p2_v1p0.xsd",
    cp_schema_thin: "http://www.imsglobal.org/profile/cc/ccv1p2/ccv1p2_imscp_v1p1_v1p0.xsd",
    lom_manifest: "http://ltsc.ieee.org/xsd/imsccv1p2/LOM/manifest",
    lom_manifest_schema: "http://www.imsglobal.org/profile/cc/ccv1p2/LOM/ccv1p2_lommanifest_v1p0.xsd",
    lom_resource: "http://ltsc.ieee.org/xsd/imsccv1p2/LOM/resource",
    lom_resource_schema: "http://www.imsglobal.org/profile/cc/ccv1p2/LOM/ccv1p2_lomresource_v1p0.xsd",
    authorization: "http://www.imsglobal.org/xsd/imsccv1p2/imsccauth_v1p2",
    authorization_schema: "http://www.imsglobal.org/profile/cc/ccv1p2/ccv1p2_imsccauth_v1p2.xsd",
    cp_extension: None,
    cp_extension_schema: None,
    curriculum_standards: Some("http://www.imsglobal.org/xsd/imsccv1p2/imscsmd_v1p0"),
    curriculum_standards_schema: Some(
        "http://www.imsglobal.org/profile/cc/ccv1p2/ccv1p2_imscsmd_v1p0.xsd",
    ),
    web_link: "http://www.imsglobal.org/xsd/imsccv1p2/imswl_v1p2",
    web_link_schema: "http://www.imsglobal.org/profile/cc/ccv1p2/ccv1p2_imswl_v1p2.xsd",
    discussion_topic: "http://www.imsglobal.org/xsd/imsccv1p2/imsdt_v1p2",
    discussion_topic_schema: "http://www.imsglobal.org/profile/cc/ccv1p2/ccv1p2_imsdt_v1p2.xsd",
    qti_schema: "http://www.imsglobal.org/profile/cc/ccv1p2/ccv1p2_qtiasiv1p2p1_v1p0.xsd",
    lti_link: LTI_CC_V1P2,
    lti_link_schema: "http://www.imsglobal.org/xsd/lti/ltiv1p2/imslticc_v1p2.xsd",
};

const NS_1_3: Namespaces = Namespaces {
    cp: "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
    cp_schema: "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd",
    cp_schema_thin: "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd",
    lom_manifest: "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest",
    lom_manifest_schema: "http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd",
    lom_resource: "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource",
    lom_resource_schema: "http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lomresource_v1p0.xsd",
    authorization: "http://www.imsglobal.org/xsd/imsccv1p3/imsccauth_v1p3",
    authorization_schema: "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imsccauth_v1p3.xsd",
    cp_extension: Some("http://www.imsglobal.org/xsd/imsccv1p3/imscp_extensionv1p2"),
    cp_extension_schema: Some(
        "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_cpextensionv1p2_v1p0.xsd",
    ),
    curriculum_standards: Some("http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0"),
    curriculum_standards_schema: Some(
        "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscsmd_v1p0.xsd",
    ),
    web_link: "http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3",
    web_link_schema: "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imswl_v1p3.xsd",
    discussion_topic: "http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3",
    discussion_topic_schema: "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imsdt_v1p3.xsd",
    qti_schema: "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_qtiasiv1p2p1_v1p0.xsd",
    lti_link: LTI_CC_V1P3,
    lti_link_schema: "http://www.imsglobal.org/xsd/lti/ltiv1p3/imslticc_v1p3.xsd",
};

/// Which version a namespace (of any kind: CP, LOM, descriptor, authorization) belongs to, for
/// namespaces that carry a version token (`…/imsccv1p3/…`, `…/imscc/…` for 1.0).
pub fn version_of_namespace(ns: &str) -> Option<CcVersion> {
    for v in CcVersion::ALL {
        let n = v.namespaces();
        let mut known = [
            n.cp,
            n.lom_manifest,
            n.lom_resource,
            n.authorization,
            n.web_link,
            n.discussion_topic,
        ]
        .into_iter();
        if known.any(|k| k == ns)
            || n.cp_extension == Some(ns)
            || n.curriculum_standards == Some(ns)
        {
            return Some(v);
        }
    }
    let i = ns.find("imsccv1p")?;
    CcVersion::from_token(ns.get(i + 5..i + 9)?)
}

/// Whether `ns` is a LOM namespace of any Common Cartridge version (or plain IEEE LOM).
pub fn is_lom_namespace(ns: &str) -> bool {
    ns.starts_with("http://ltsc.ieee.org/xsd/")
}

/// Whether `ns` is a curriculum-standards-metadata namespace (the official ones and the
/// variants seen in the wild).
pub fn is_curriculum_standards_namespace(ns: &str) -> bool {
    ns.contains("imscsmd_v1p") || ns.contains("imscsmetadata_v1p")
}

/// Whether `ns` is a `cpx:` content-packaging extension namespace.
pub fn is_cp_extension_namespace(ns: &str) -> bool {
    ns.contains("imscp_extensionv1p")
}

/// Whether `ns` is an authorization namespace.
pub fn is_authorization_namespace(ns: &str) -> bool {
    ns.contains("imsccauth_v1p")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_labels() {
        assert_eq!(CcVersion::parse("1.3.0"), Some(CcVersion::V1_3));
        assert_eq!(CcVersion::parse("1.1"), Some(CcVersion::V1_1));
        assert_eq!(CcVersion::parse("v1p2"), Some(CcVersion::V1_2));
        assert_eq!(CcVersion::parse("1p0"), Some(CcVersion::V1_0));
        assert_eq!(CcVersion::parse("1.4.0"), None);
        assert_eq!(CcVersion::parse(""), None);
        assert_eq!(CartridgeVersion::THIN_1_3.label(), "thin-1.3");
        assert_eq!(
            CartridgeVersion::parse_label("thin-1.2"),
            Some(CartridgeVersion::THIN_1_2)
        );
        assert_eq!(
            CartridgeVersion::parse_label("1.1.0"),
            Some(CartridgeVersion::CC_1_1)
        );
        assert_eq!(CartridgeVersion::parse_label("2.0"), None);
        assert_eq!(CcVersion::V1_2.to_string(), "1.2");
        assert_eq!(CcVersion::V1_3.schemaversion(), "1.3.0");
        assert!(CartridgeVersion::THIN_1_2.is_thin());
        assert_eq!(Profile::Thin.schema_name(), SCHEMA_THIN_CC);
    }

    #[test]
    fn namespaces() {
        assert_eq!(
            CcVersion::from_cp_namespace("http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"),
            Some(CcVersion::V1_1)
        );
        assert_eq!(
            CcVersion::from_cp_namespace("http://www.imsglobal.org/xsd/imscc/imscp_v1p1"),
            Some(CcVersion::V1_0)
        );
        assert_eq!(
            version_of_namespace("http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource"),
            Some(CcVersion::V1_3)
        );
        assert_eq!(
            version_of_namespace("http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p3"),
            Some(CcVersion::V1_3),
            "unknown namespaces with a version token still tell the version"
        );
        assert_eq!(version_of_namespace("urn:other"), None);
        assert!(is_lom_namespace("http://ltsc.ieee.org/xsd/imscc/LOM"));
        assert!(is_curriculum_standards_namespace(
            "http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0"
        ));
        assert!(is_cp_extension_namespace(
            "http://www.imsglobal.org/xsd/imsccv1p3/imscp_extensionv1p2"
        ));
        assert!(is_authorization_namespace(
            "http://www.imsglobal.org/xsd/imsccv1p1/imsccauth_v1p1"
        ));
        for v in CcVersion::ALL {
            assert_eq!(CcVersion::from_token(v.token()), Some(v));
            assert_eq!(version_of_namespace(v.namespaces().cp), Some(v));
        }
    }
}
