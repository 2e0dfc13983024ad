//! Web link descriptors (`imswl_xmlv1pN`, root `webLink`), CC 1.0–1.3 [S11 4.8].

use lti_core::Report;
use lti_core::xml::{Attribute, Element, Namespace};
use serde::{Deserialize, Serialize};

use super::{DescriptorKind, expect_root, schema_location, unexpected};
use crate::codes;
use crate::version::CcVersion;
use crate::xmlutil::{el, loc, push, push_all, same_ns, sub, text_el};

/// A web link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebLink {
    /// `<title>`.
    pub title: String,
    /// `<url href>`.
    pub href: String,
    /// `<url target>` (`_self`, `_blank`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// `<url windowFeatures>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_features: Option<String>,
    /// The namespace as written (`None` when built in code: the writer uses the version's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Foreign elements (kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Foreign attributes on `<url>` (kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub url_other_attributes: Vec<Attribute>,
}

impl WebLink {
    /// A web link with a title and a URL.
    pub fn new(title: impl Into<String>, href: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            href: href.into(),
            ..Self::default()
        }
    }

    /// Reads a `webLink` element; problems (missing title or URL, unexpected elements) go into
    /// the report.
    pub fn read(e: &Element) -> (Self, Report) {
        let mut report = Report::new();
        let path = "/webLink";
        expect_root(e, DescriptorKind::WebLink, &mut report);
        let mut wl = Self {
            namespace: e.name.ns.as_ref().map(|n| n.as_str().to_owned()),
            ..Self::default()
        };
        let mut title = None;
        let mut url = None;
        for c in e.elements() {
            if !same_ns(e, c) {
                wl.extensions.push(crate::xmlutil::keep(c));
                continue;
            }
            match c.name.local.as_str() {
                "title" if title.is_none() => title = Some(c.text().trim().to_owned()),
                "url" if url.is_none() => url = Some(c),
                _ => {
                    unexpected(&mut report, path, c);
                    wl.extensions.push(crate::xmlutil::keep(c));
                }
            }
        }
        match title {
            Some(t) if !t.is_empty() => wl.title = t,
            _ => report.error(
                codes::WEBLINK_TITLE_MISSING,
                loc(path, e.span),
                "a web link requires a non-empty <title>",
            ),
        }
        match url {
            Some(u) => {
                let href = u.attr("href").map(str::trim).unwrap_or_default();
                if href.is_empty() {
                    report.error(
                        codes::WEBLINK_URL_MISSING,
                        loc(&sub(path, "url"), u.span),
                        "<url> requires a non-empty href",
                    );
                } else if !looks_like_absolute_url(href) {
                    report.warning(
                        codes::WEBLINK_URL_INVALID,
                        loc(&sub(path, "url"), u.span),
                        format!("the web link URL {href:?} is not an absolute URL"),
                    );
                }
                wl.href = href.to_owned();
                wl.target = u.attr("target").map(str::to_owned);
                wl.window_features = u.attr("windowFeatures").map(str::to_owned);
                wl.url_other_attributes =
                    crate::xmlutil::other_attrs(u, &["href", "target", "windowFeatures"]);
            }
            None => report.error(
                codes::WEBLINK_URL_MISSING,
                loc(path, e.span),
                "a web link requires a <url>",
            ),
        }
        (wl, report)
    }

    /// The descriptor element for `version` (the stored namespace wins when set).
    pub fn to_element(&self, version: CcVersion) -> Element {
        let n = version.namespaces();
        let ns = Namespace::new(self.namespace.as_deref().unwrap_or(n.web_link));
        let mut root = el(&ns, "", "webLink");
        schema_location(&mut root, &ns, n.web_link_schema);
        push(&mut root, text_el(&ns, "", "title", &self.title));
        let mut url = el(&ns, "", "url").with_attr("href", &self.href);
        if let Some(t) = &self.target {
            url.set_attr("target", t);
        }
        if let Some(w) = &self.window_features {
            url.set_attr("windowFeatures", w);
        }
        url.attributes
            .extend(self.url_other_attributes.iter().cloned());
        push(&mut root, url);
        push_all(&mut root, &self.extensions);
        root
    }
}

/// Whether `s` starts with a URL scheme (`https:`, `mailto:`…).
pub(crate) fn looks_like_absolute_url(s: &str) -> bool {
    let Some(i) = s.find(':') else {
        return false;
    };
    let scheme = &s[..i];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lti_core::xml::{Limits, parse_element};

    fn parse(x: &str) -> (WebLink, Report) {
        WebLink::read(&parse_element(x.as_bytes(), &Limits::default()).expect("xml"))
    }

    #[test]
    fn reads_and_writes() {
        let (wl, r) = parse(
            r#"<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3"><title>W</title><url href="https://x.org/a" target="_blank" windowFeatures="width=1"/><x:y xmlns:x="urn:x"/></webLink>"#,
        );
        assert!(r.is_empty(), "{r:?}");
        assert_eq!(wl.title, "W");
        assert_eq!(wl.href, "https://x.org/a");
        assert_eq!(wl.target.as_deref(), Some("_blank"));
        assert_eq!(wl.window_features.as_deref(), Some("width=1"));
        assert_eq!(wl.extensions.len(), 1);
        let (back, r) = WebLink::read(&wl.to_element(CcVersion::V1_3));
        assert!(r.is_empty());
        assert_eq!(back, wl);
        let built = WebLink::new("T", "http://a.b");
        let e = built.to_element(CcVersion::V1_1);
        assert_eq!(
            e.name.ns.as_deref(),
            Some("http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1")
        );
    }

    #[test]
    fn problems() {
        let (_, r) = parse(
            r#"<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"><url/><bogus/></webLink>"#,
        );
        assert!(r.has_code(codes::WEBLINK_TITLE_MISSING));
        assert!(r.has_code(codes::WEBLINK_URL_MISSING));
        assert!(r.has_code(codes::DESCRIPTOR_UNEXPECTED_ELEMENT));
        let (_, r) = parse(
            r#"<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"><title>t</title></webLink>"#,
        );
        assert!(r.has_code(codes::WEBLINK_URL_MISSING));
        let (_, r) = parse(
            r#"<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"><title>t</title><url href="www.x.org"/></webLink>"#,
        );
        assert!(r.has_code(codes::WEBLINK_URL_INVALID));
        let (_, r) = parse(r#"<topic><title>t</title></topic>"#);
        assert!(r.has_code(codes::DESCRIPTOR_WRONG_ROOT));
        assert!(looks_like_absolute_url("mailto:a@b"));
        assert!(!looks_like_absolute_url("1http:x"));
    }
}
