//! Basic LTI link descriptors (`imsbasiclti_xmlv1p0` / `imsbasiclti_xmlv1p3`, root
//! `cartridge_basiclti_link`) [S11 4.9, CC 1.3]: launch URLs, custom parameters, platform
//! extensions, vendor, icons, and the cartridge's icon/bundle references.
//!
//! The root namespace tells the form: `imslticc_v1p0` (CC 1.1, also used by most 1.2/1.3
//! exporters), `imslticc_v1p2` or `imslticc_v1p3`; the link body is always in the
//! `imsbasiclti_v1p0` (`blti:`) namespace with `imslticm_v1p0` properties and `imslticp_v1p0`
//! vendor.

use lti_core::Report;
use lti_core::xml::{Element, Namespace};
use serde::{Deserialize, Serialize};

use super::{DescriptorKind, expect_root, schema_location, unexpected};
use crate::codes;
use crate::version::{
    BASIC_LTI_V1P0, CcVersion, LTI_CC_V1P0, LTI_CC_V1P2, LTI_CC_V1P3, LTI_CM_V1P0, LTI_CP_V1P0,
};
use crate::xmlutil::{el, keep, loc, push, push_all, sub, text_el};

/// A named property (`<lticm:property name="…">value</lticm:property>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Property {
    /// `name`.
    pub name: String,
    /// The text.
    pub value: String,
}

impl Property {
    /// A property.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// `<lticm:options name="…">`: a named group of properties (Canvas placements).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PropertyOptions {
    /// `name`.
    pub name: String,
    /// Properties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
    /// Nested option groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Self>,
}

/// `<blti:extensions platform="…">`: properties for one platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlatformExtension {
    /// `platform` (`canvas.instructure.com`…).
    pub platform: String,
    /// Properties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
    /// Option groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<PropertyOptions>,
}

/// `<blti:vendor>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Vendor {
    /// `<lticp:code>`.
    pub code: String,
    /// `<lticp:name>`.
    pub name: String,
    /// `<lticp:description>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `<lticp:url>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `<lticp:contact><lticp:email>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
}

/// A basic LTI link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BasicLtiLink {
    /// `<blti:title>`.
    pub title: String,
    /// `<blti:description>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `<blti:custom>` parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<Property>,
    /// `<blti:extensions>` per platform.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<PlatformExtension>,
    /// `<blti:launch_url>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_url: Option<String>,
    /// `<blti:secure_launch_url>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secure_launch_url: Option<String>,
    /// `<blti:icon>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// `<blti:secure_icon>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secure_icon: Option<String>,
    /// `<blti:vendor>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<Vendor>,
    /// `<cartridge_bundle identifierref>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cartridge_bundle: Option<String>,
    /// `<cartridge_icon identifierref>`: the resource holding the icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cartridge_icon: Option<String>,
    /// The root namespace as written (`imslticc_v1p0`, `…v1p2`, `…v1p3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Other foreign elements (kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<Element>,
}

fn props(e: &Element) -> (Vec<Property>, Vec<PropertyOptions>, bool) {
    let mut out = Vec::new();
    let mut opts = Vec::new();
    let mut unnamed = false;
    for p in e.elements() {
        match p.name.local.as_str() {
            "property" => {
                let name = p.attr("name").unwrap_or_default().to_owned();
                unnamed |= name.is_empty();
                out.push(Property {
                    name,
                    value: p.text().trim().to_owned(),
                });
            }
            "options" => {
                let (properties, options, u) = props(p);
                unnamed |= u;
                opts.push(PropertyOptions {
                    name: p.attr("name").unwrap_or_default().to_owned(),
                    properties,
                    options,
                });
            }
            _ => {}
        }
    }
    (out, opts, unnamed)
}

fn write_props(parent: &mut Element, cm: &Namespace, props: &[Property], opts: &[PropertyOptions]) {
    for p in props {
        push(
            parent,
            text_el(cm, "lticm", "property", &p.value).with_attr("name", &p.name),
        );
    }
    for o in opts {
        let mut oe = el(cm, "lticm", "options").with_attr("name", &o.name);
        write_props(&mut oe, cm, &o.properties, &o.options);
        push(parent, oe);
    }
}

impl BasicLtiLink {
    /// A link with a title and a secure launch URL.
    pub fn new(title: impl Into<String>, secure_launch_url: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            secure_launch_url: Some(secure_launch_url.into()),
            ..Self::default()
        }
    }

    /// The LTI-link form the root namespace declares (`1.0` for `imslticc_v1p0`).
    pub fn form(&self) -> Option<CcVersion> {
        match self.namespace.as_deref() {
            Some(LTI_CC_V1P0) => Some(CcVersion::V1_0),
            Some(LTI_CC_V1P2) => Some(CcVersion::V1_2),
            Some(LTI_CC_V1P3) => Some(CcVersion::V1_3),
            _ => None,
        }
    }

    /// The launch URL to use: the secure one when given, else the plain one.
    pub fn effective_launch_url(&self) -> Option<&str> {
        self.secure_launch_url
            .as_deref()
            .or(self.launch_url.as_deref())
    }

    /// Reads a `cartridge_basiclti_link` element.
    pub fn read(e: &Element) -> (Self, Report) {
        let mut report = Report::new();
        let path = "/cartridge_basiclti_link";
        expect_root(e, DescriptorKind::BasicLtiLink, &mut report);
        let mut l = Self {
            namespace: e.name.ns.as_ref().map(|n| n.as_str().to_owned()),
            ..Self::default()
        };
        let mut title = None;
        for c in e.elements() {
            let ns = c.name.ns.as_deref();
            let local = c.name.local.as_str();
            if ns == Some(BASIC_LTI_V1P0) || ns.is_some_and(|n| n.contains("imsbasiclti_v1p")) {
                match local {
                    "title" if title.is_none() => title = Some(c.text().trim().to_owned()),
                    "description" => l.description = Some(c.text().trim().to_owned()),
                    "custom" => {
                        let (p, _, unnamed) = props(c);
                        if unnamed {
                            report.error(
                                codes::LTI_PROPERTY_NAME_MISSING,
                                loc(&sub(path, "custom"), c.span),
                                "a custom property has no name",
                            );
                        }
                        l.custom.extend(p);
                    }
                    "extensions" => {
                        let (properties, options, unnamed) = props(c);
                        if unnamed {
                            report.error(
                                codes::LTI_PROPERTY_NAME_MISSING,
                                loc(&sub(path, "extensions"), c.span),
                                "an extension property has no name",
                            );
                        }
                        l.extensions.push(PlatformExtension {
                            platform: c.attr("platform").unwrap_or_default().to_owned(),
                            properties,
                            options,
                        });
                    }
                    "launch_url" => l.launch_url = Some(c.text().trim().to_owned()),
                    "secure_launch_url" => {
                        l.secure_launch_url = Some(c.text().trim().to_owned());
                    }
                    "icon" => l.icon = Some(c.text().trim().to_owned()),
                    "secure_icon" => l.secure_icon = Some(c.text().trim().to_owned()),
                    "vendor" => {
                        let t = |n: &str| {
                            c.elements()
                                .find(|x| x.name.local == n)
                                .map(|x| x.text().trim().to_owned())
                        };
                        l.vendor = Some(Vendor {
                            code: t("code").unwrap_or_default(),
                            name: t("name").unwrap_or_default(),
                            description: t("description").filter(|s| !s.is_empty()),
                            url: t("url"),
                            contact_email: c
                                .elements()
                                .find(|x| x.name.local == "contact")
                                .and_then(|x| x.elements().find(|y| y.name.local == "email"))
                                .map(|x| x.text().trim().to_owned()),
                        });
                    }
                    _ => {
                        unexpected(&mut report, path, c);
                        l.other.push(keep(c));
                    }
                }
            } else if ns == e.name.ns.as_deref() && local == "cartridge_bundle" {
                l.cartridge_bundle = c.attr("identifierref").map(str::to_owned);
            } else if ns == e.name.ns.as_deref() && local == "cartridge_icon" {
                l.cartridge_icon = c.attr("identifierref").map(str::to_owned);
            } else {
                l.other.push(keep(c));
            }
        }
        match title {
            Some(t) if !t.is_empty() => l.title = t,
            _ => report.error(
                codes::LTI_TITLE_MISSING,
                loc(path, e.span),
                "an LTI link requires a non-empty <blti:title>",
            ),
        }
        if l.effective_launch_url().is_none_or(str::is_empty) {
            report.error(
                codes::LTI_LAUNCH_URL_MISSING,
                loc(path, e.span),
                "an LTI link requires <blti:launch_url> or <blti:secure_launch_url>",
            );
        }
        if l.vendor.is_none() {
            report.warning(
                codes::LTI_VENDOR_MISSING,
                loc(path, e.span),
                "the LTI link schema requires <blti:vendor> (code and name)",
            );
        }
        (l, report)
    }

    /// The descriptor element for `version` (the stored namespace wins when set).
    pub fn to_element(&self, version: CcVersion) -> Element {
        let n = version.namespaces();
        let root_ns = Namespace::new(self.namespace.as_deref().unwrap_or(n.lti_link));
        let schema = match root_ns.as_str() {
            LTI_CC_V1P0 => "http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticc_v1p0p1.xsd",
            LTI_CC_V1P2 => "http://www.imsglobal.org/xsd/lti/ltiv1p2/imslticc_v1p2.xsd",
            LTI_CC_V1P3 => "http://www.imsglobal.org/xsd/lti/ltiv1p3/imslticc_v1p3.xsd",
            _ => n.lti_link_schema,
        };
        let b = Namespace::new(BASIC_LTI_V1P0);
        let cm = Namespace::new(LTI_CM_V1P0);
        let cp = Namespace::new(LTI_CP_V1P0);
        let mut root = el(&root_ns, "", "cartridge_basiclti_link");
        root.namespace_declarations = vec![
            lti_core::xml::NamespaceDeclaration::new(None, Some(&root_ns)),
            lti_core::xml::NamespaceDeclaration::new(Some("blti"), Some(&b)),
            lti_core::xml::NamespaceDeclaration::new(Some("lticm"), Some(&cm)),
            lti_core::xml::NamespaceDeclaration::new(Some("lticp"), Some(&cp)),
        ];
        schema_location(&mut root, &root_ns, schema);
        push(&mut root, text_el(&b, "blti", "title", &self.title));
        if let Some(d) = &self.description {
            push(&mut root, text_el(&b, "blti", "description", d));
        }
        if !self.custom.is_empty() {
            let mut c = el(&b, "blti", "custom");
            write_props(&mut c, &cm, &self.custom, &[]);
            push(&mut root, c);
        }
        for x in &self.extensions {
            let mut c = el(&b, "blti", "extensions").with_attr("platform", &x.platform);
            write_props(&mut c, &cm, &x.properties, &x.options);
            push(&mut root, c);
        }
        for (local, v) in [
            ("launch_url", &self.launch_url),
            ("secure_launch_url", &self.secure_launch_url),
            ("icon", &self.icon),
            ("secure_icon", &self.secure_icon),
        ] {
            if let Some(v) = v {
                push(&mut root, text_el(&b, "blti", local, v));
            }
        }
        if let Some(v) = &self.vendor {
            let mut ve = el(&b, "blti", "vendor");
            push(&mut ve, text_el(&cp, "lticp", "code", &v.code));
            push(&mut ve, text_el(&cp, "lticp", "name", &v.name));
            if let Some(d) = &v.description {
                push(&mut ve, text_el(&cp, "lticp", "description", d));
            }
            if let Some(u) = &v.url {
                push(&mut ve, text_el(&cp, "lticp", "url", u));
            }
            if let Some(m) = &v.contact_email {
                let mut c = el(&cp, "lticp", "contact");
                push(&mut c, text_el(&cp, "lticp", "email", m));
                push(&mut ve, c);
            }
            push(&mut root, ve);
        }
        if let Some(r) = &self.cartridge_bundle {
            push(
                &mut root,
                el(&root_ns, "", "cartridge_bundle").with_attr("identifierref", r),
            );
        }
        if let Some(r) = &self.cartridge_icon {
            push(
                &mut root,
                el(&root_ns, "", "cartridge_icon").with_attr("identifierref", r),
            );
        }
        push_all(&mut root, &self.other);
        root
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lti_core::xml::{Limits, parse_element};

    const LINK: &str = r#"<cartridge_basiclti_link xmlns="http://www.imsglobal.org/xsd/imslticc_v1p0" xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0" xmlns:lticm="http://www.imsglobal.org/xsd/imslticm_v1p0" xmlns:lticp="http://www.imsglobal.org/xsd/imslticp_v1p0">
  <blti:title>BLTI Test</blti:title>
  <blti:description>Test</blti:description>
  <blti:custom><lticm:property name="key1">value1</lticm:property></blti:custom>
  <blti:extensions platform="canvas.instructure.com">
    <lticm:property name="tool_id">yt</lticm:property>
    <lticm:options name="editor_button"><lticm:property name="url">https://e</lticm:property></lticm:options>
  </blti:extensions>
  <blti:launch_url>http://t/tool.php</blti:launch_url>
  <blti:secure_launch_url>https://t/tool.php</blti:secure_launch_url>
  <blti:icon>https://t/i.png</blti:icon>
  <blti:vendor><lticp:code>ims.org</lticp:code><lticp:name>IMS</lticp:name><lticp:description/><lticp:url>http://www.imsglobal.org</lticp:url><lticp:contact><lticp:email>a@b</lticp:email></lticp:contact></blti:vendor>
  <cartridge_bundle identifierref="B1"/>
  <cartridge_icon identifierref="I1"/>
</cartridge_basiclti_link>"#;

    #[test]
    fn reads_every_part_and_round_trips() {
        let e = parse_element(LINK.as_bytes(), &Limits::default()).expect("xml");
        let (l, r) = BasicLtiLink::read(&e);
        assert!(r.is_empty(), "{r:?}");
        assert_eq!(l.title, "BLTI Test");
        assert_eq!(l.custom, [Property::new("key1", "value1")]);
        assert_eq!(l.extensions[0].platform, "canvas.instructure.com");
        assert_eq!(l.extensions[0].options[0].name, "editor_button");
        assert_eq!(l.effective_launch_url(), Some("https://t/tool.php"));
        let v = l.vendor.as_ref().expect("vendor");
        assert_eq!((v.code.as_str(), v.name.as_str()), ("ims.org", "IMS"));
        assert_eq!(v.contact_email.as_deref(), Some("a@b"));
        assert_eq!(v.description, None);
        assert_eq!(l.cartridge_icon.as_deref(), Some("I1"));
        assert_eq!(l.cartridge_bundle.as_deref(), Some("B1"));
        assert_eq!(l.form(), Some(CcVersion::V1_0));
        let (back, r) = BasicLtiLink::read(&l.to_element(CcVersion::V1_1));
        assert!(r.is_empty(), "{r:?}");
        assert_eq!(back, l);
    }

    #[test]
    fn the_1_3_form_and_problems() {
        let mut l = BasicLtiLink::new("T", "https://x");
        l.vendor = Some(Vendor {
            code: "c".into(),
            name: "n".into(),
            ..Vendor::default()
        });
        let e = l.to_element(CcVersion::V1_3);
        assert_eq!(e.name.ns.as_deref(), Some(LTI_CC_V1P3));
        let (back, r) = BasicLtiLink::read(&e);
        assert!(r.is_empty(), "{r:?}");
        assert_eq!(back.form(), Some(CcVersion::V1_3));
        let bad = r#"<cartridge_basiclti_link xmlns="http://www.imsglobal.org/xsd/imslticc_v1p0" xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0" xmlns:lticm="http://www.imsglobal.org/xsd/imslticm_v1p0"><blti:custom><lticm:property>x</lticm:property></blti:custom><blti:bogus/></cartridge_basiclti_link>"#;
        let (_, r) =
            BasicLtiLink::read(&parse_element(bad.as_bytes(), &Limits::default()).expect("x"));
        for c in [
            codes::LTI_TITLE_MISSING,
            codes::LTI_LAUNCH_URL_MISSING,
            codes::LTI_VENDOR_MISSING,
            codes::LTI_PROPERTY_NAME_MISSING,
            codes::DESCRIPTOR_UNEXPECTED_ELEMENT,
        ] {
            assert!(r.has_code(c), "{c}: {r:?}");
        }
    }
}
