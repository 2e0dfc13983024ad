//! Deep Linking 2.0 ([spec](https://www.imsglobal.org/spec/lti-dl/v2p0/)): the request settings,
//! content items, the checks a response must pass against the request, the response builder
//! and the auto-submitting HTML form that carries it back to the platform.
//!
//! Signing the response needs the `jwt` feature ([`DeepLinkingResponseBuilder::sign`]); the
//! rest does not.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::claims::{Audience, Claims, DeploymentId, MessageType};
use super::codes;
use super::message::type_name;
use crate::location::Location;
use crate::problem::{Problem, Report};

const DL: &str = "Deep Linking 2.0 §4.5";

/// Deserialises a boolean sent as a JSON boolean or as the string `"true"`/`"false"` (the
/// 1EdTech JSON Schema binding types these as strings; platforms send booleans).
fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(Value::String(s)) if s == "true" => Ok(Some(true)),
        Some(Value::String(s)) if s == "false" => Ok(Some(false)),
        Some(other) => Err(de::Error::custom(format!(
            "expected a boolean, found {}",
            type_name(&other)
        ))),
    }
}

/// `https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings` (Deep Linking 2.0 §4.4.1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeepLinkingSettings {
    /// Where the tool posts the response.
    #[serde(default)]
    pub deep_link_return_url: String,
    /// Accepted content item types (`link`, `ltiResourceLink`, `file`, `html`, `image`, …).
    #[serde(default)]
    pub accept_types: Vec<String>,
    /// Accepted presentation targets (`iframe`, `window`, `embed`).
    #[serde(default)]
    pub accept_presentation_document_targets: Vec<String>,
    /// Accepted media types for `file` items: a comma-separated string (spec) or an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept_media_types: Option<Value>,
    /// Whether several items may be returned.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_bool"
    )]
    pub accept_multiple: Option<bool>,
    /// Whether `ltiResourceLink` items may carry a `lineItem`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_bool"
    )]
    pub accept_lineitem: Option<bool>,
    /// Whether the platform creates the items without further user action.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_bool"
    )]
    pub auto_create: Option<bool>,
    /// Default title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Default text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Opaque value the response MUST echo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Members not modelled.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

impl DeepLinkingSettings {
    /// Settings with the required members.
    pub fn new(return_url: impl Into<String>, accept_types: &[&str], targets: &[&str]) -> Self {
        Self {
            deep_link_return_url: return_url.into(),
            accept_types: accept_types.iter().map(|s| (*s).to_owned()).collect(),
            accept_presentation_document_targets: targets.iter().map(|s| (*s).to_owned()).collect(),
            ..Self::default()
        }
    }

    /// The accepted media types, split on commas.
    pub fn media_types(&self) -> Vec<&str> {
        match &self.accept_media_types {
            Some(Value::String(s)) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect(),
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

/// An image reference (`icon`, `thumbnail`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImageRef {
    /// URL.
    #[serde(default)]
    pub url: String,
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

impl ImageRef {
    /// An image reference with a size.
    pub fn new(url: impl Into<String>, width: u32, height: u32) -> Self {
        Self {
            url: url.into(),
            width: Some(width),
            height: Some(height),
        }
    }
}

/// `iframe` presentation of an item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Iframe {
    /// Source (for `link` items).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src: Option<String>,
    /// Width.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// `window` presentation of an item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Window {
    /// Target window name.
    #[serde(
        default,
        rename = "targetName",
        skip_serializing_if = "Option::is_none"
    )]
    pub target_name: Option<String>,
    /// Width.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// `window.open` features.
    #[serde(
        default,
        rename = "windowFeatures",
        skip_serializing_if = "Option::is_none"
    )]
    pub window_features: Option<String>,
}

/// `embed` presentation of a `link` item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Embed {
    /// HTML to embed.
    #[serde(default)]
    pub html: String,
}

/// A line item to create with an `ltiResourceLink` (AGS line item shape without `id`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LineItemRequest {
    /// Label (defaults to the item title on most platforms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Maximum score (required, positive).
    #[serde(rename = "scoreMaximum")]
    pub score_maximum: f64,
    /// Tool resource id.
    #[serde(
        default,
        rename = "resourceId",
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_id: Option<String>,
    /// Tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Grades released (AGS 2.0 addition).
    #[serde(
        default,
        rename = "gradesReleased",
        skip_serializing_if = "Option::is_none"
    )]
    pub grades_released: Option<bool>,
}

/// A time window (`available`, `submission`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimeWindow {
    /// Start (RFC 3339).
    #[serde(
        default,
        rename = "startDateTime",
        skip_serializing_if = "Option::is_none"
    )]
    pub start_date_time: Option<String>,
    /// End (RFC 3339).
    #[serde(
        default,
        rename = "endDateTime",
        skip_serializing_if = "Option::is_none"
    )]
    pub end_date_time: Option<String>,
}

/// One content item (Deep Linking 2.0 §3). One struct for every type: which members apply
/// depends on `type` ([`ContentItem::kind`]); unknown members and custom types are kept.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContentItem {
    /// `link`, `ltiResourceLink`, `file`, `html`, `image`, or a custom type URI.
    #[serde(rename = "type")]
    pub kind: String,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// URL (required for `link`, `file`, `image`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// HTML fragment (`html` items).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// Icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageRef>,
    /// Thumbnail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<ImageRef>,
    /// Embed presentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embed: Option<Embed>,
    /// Window presentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// Iframe presentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iframe: Option<Iframe>,
    /// Custom parameters (`ltiResourceLink`; values MUST be strings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<BTreeMap<String, String>>,
    /// Line item to create (`ltiResourceLink`).
    #[serde(default, rename = "lineItem", skip_serializing_if = "Option::is_none")]
    pub line_item: Option<LineItemRequest>,
    /// Availability window (`ltiResourceLink`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<TimeWindow>,
    /// Submission window (`ltiResourceLink`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission: Option<TimeWindow>,
    /// Media type (`file`).
    #[serde(default, rename = "mediaType", skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Expiry of the file URL (`file`).
    #[serde(default, rename = "expiresAt", skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Width (`image`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height (`image`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Members not modelled (and custom-type payloads).
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

impl ContentItem {
    fn of(kind: &str) -> Self {
        Self {
            kind: kind.to_owned(),
            ..Self::default()
        }
    }
    /// A `link` item.
    pub fn link(url: impl Into<String>) -> Self {
        Self {
            url: Some(url.into()),
            ..Self::of("link")
        }
    }
    /// An `ltiResourceLink` item (the URL is optional: the platform uses the tool's default).
    pub fn lti_resource_link() -> Self {
        Self::of("ltiResourceLink")
    }
    /// A `file` item.
    pub fn file(url: impl Into<String>, media_type: impl Into<String>) -> Self {
        Self {
            url: Some(url.into()),
            media_type: Some(media_type.into()),
            ..Self::of("file")
        }
    }
    /// An `html` item.
    pub fn html(html: impl Into<String>) -> Self {
        Self {
            html: Some(html.into()),
            ..Self::of("html")
        }
    }
    /// An `image` item.
    pub fn image(url: impl Into<String>) -> Self {
        Self {
            url: Some(url.into()),
            ..Self::of("image")
        }
    }
    /// An item of a custom type, with its members.
    pub fn custom_type(kind: impl Into<String>, members: Map<String, Value>) -> Self {
        Self {
            kind: kind.into(),
            extensions: members.into_iter().collect(),
            ..Self::default()
        }
    }
    /// Sets the title.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }
    /// Sets the text.
    #[must_use]
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }
    /// Sets the URL.
    #[must_use]
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }
    /// Adds a custom parameter.
    #[must_use]
    pub fn with_custom(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.custom
            .get_or_insert_with(BTreeMap::new)
            .insert(name.into(), value.into());
        self
    }
    /// Sets the line item.
    #[must_use]
    pub fn with_line_item(mut self, line_item: LineItemRequest) -> Self {
        self.line_item = Some(line_item);
        self
    }
    /// Sets the iframe presentation.
    #[must_use]
    pub fn with_iframe(mut self, iframe: Iframe) -> Self {
        self.iframe = Some(iframe);
        self
    }
    /// Sets the window presentation.
    #[must_use]
    pub fn with_window(mut self, window: Window) -> Self {
        self.window = Some(window);
        self
    }
    /// Sets the availability window.
    #[must_use]
    pub fn with_available(mut self, w: TimeWindow) -> Self {
        self.available = Some(w);
        self
    }
    /// Sets the submission window.
    #[must_use]
    pub fn with_submission(mut self, w: TimeWindow) -> Self {
        self.submission = Some(w);
        self
    }
    /// Sets the icon.
    #[must_use]
    pub fn with_icon(mut self, icon: ImageRef) -> Self {
        self.icon = Some(icon);
        self
    }
    /// Sets the thumbnail.
    #[must_use]
    pub fn with_thumbnail(mut self, t: ImageRef) -> Self {
        self.thumbnail = Some(t);
        self
    }
}

impl LineItemRequest {
    /// A line item with a maximum score.
    pub fn new(score_maximum: f64) -> Self {
        Self {
            score_maximum,
            ..Self::default()
        }
    }
}

fn item_err(code: &'static str, msg: impl Into<String>, at: &[&str]) -> Problem {
    Problem::error(code, msg)
        .at(Location::json_pointer(crate::location::json_pointer(
            at.iter().copied(),
        )))
        .spec("Deep Linking 2.0 §3")
}

/// Checks one content item given as JSON: required members per type, custom values are
/// strings, `lineItem.scoreMaximum` positive. Pointers are relative to the item.
pub fn check_item_value(item: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    let Value::Object(o) = item else {
        out.push(item_err(
            codes::DL_ITEM_INVALID,
            format!(
                "a content item must be an object, found {}",
                type_name(item)
            ),
            &[],
        ));
        return out;
    };
    let kind = match o.get("type") {
        Some(Value::String(s)) if !s.is_empty() => s.as_str(),
        _ => {
            out.push(item_err(
                codes::DL_ITEM_INVALID,
                "a content item needs a string `type`",
                &["type"],
            ));
            return out;
        }
    };
    let need = |out: &mut Vec<Problem>, member: &str| {
        if o.get(member)
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            out.push(item_err(
                codes::DL_ITEM_INVALID,
                format!("a `{kind}` item needs a non-empty string `{member}`"),
                &[member],
            ));
        }
    };
    match kind {
        "link" | "file" | "image" => need(&mut out, "url"),
        "html" => need(&mut out, "html"),
        _ => {}
    }
    if let Some(custom) = o.get("custom") {
        match custom {
            Value::Object(m) => {
                for (k, v) in m {
                    if !v.is_string() {
                        out.push(item_err(
                            codes::DL_CUSTOM_NOT_STRING,
                            format!(
                                "custom {k:?} is {}; custom values must be strings",
                                type_name(v)
                            ),
                            &["custom", k],
                        ));
                    }
                }
            }
            other => out.push(item_err(
                codes::DL_ITEM_INVALID,
                format!("custom must be an object, found {}", type_name(other)),
                &["custom"],
            )),
        }
    }
    if let Some(li) = o.get("lineItem") {
        let ok = li
            .get("scoreMaximum")
            .and_then(Value::as_f64)
            .is_some_and(|m| m > 0.0);
        if !ok {
            out.push(item_err(
                codes::DL_LINEITEM_INVALID,
                "lineItem.scoreMaximum must be a positive number",
                &["lineItem", "scoreMaximum"],
            ));
        }
    }
    out
}

/// Checks items against the request's settings (the platform-side rules of Deep Linking 2.0
/// §4.5, also useful to a tool before it answers).
pub fn check_items(items: &[ContentItem], settings: &DeepLinkingSettings) -> Report {
    let mut r = Report::new();
    let base = super::claims::uri::DL_CONTENT_ITEMS;
    if items.len() > 1 {
        match settings.accept_multiple {
            Some(false) => r.push(
                Problem::error(
                    codes::DL_MULTIPLE_NOT_ACCEPTED,
                    format!("{} items, but accept_multiple is false", items.len()),
                )
                .at(Location::json_pointer(crate::location::json_pointer([
                    base,
                ])))
                .spec(DL),
            ),
            None => r.push(
                Problem::warning(
                    codes::DL_MULTIPLE_NOT_ACCEPTED,
                    format!(
                        "{} items, and the request did not say accept_multiple",
                        items.len()
                    ),
                )
                .at(Location::json_pointer(crate::location::json_pointer([
                    base,
                ])))
                .spec(DL),
            ),
            Some(true) => {}
        }
    }
    let media = settings.media_types();
    for (i, item) in items.iter().enumerate() {
        let idx = i.to_string();
        let at = |m: &[&str]| {
            let mut p = vec![base, idx.as_str()];
            p.extend_from_slice(m);
            Location::json_pointer(crate::location::json_pointer(p))
        };
        if !settings.accept_types.iter().any(|t| t == &item.kind) {
            r.push(
                Problem::error(
                    codes::DL_TYPE_NOT_ACCEPTED,
                    format!(
                        "item type {:?} is not in accept_types {:?}",
                        item.kind, settings.accept_types
                    ),
                )
                .at(at(&["type"]))
                .spec(DL),
            );
        }
        if item.line_item.is_some() && settings.accept_lineitem == Some(false) {
            r.push(
                Problem::error(
                    codes::DL_LINEITEM_NOT_ACCEPTED,
                    "the item has a lineItem but accept_lineitem is false",
                )
                .at(at(&["lineItem"]))
                .spec(DL),
            );
        }
        for (target, present) in [
            ("iframe", item.iframe.is_some()),
            ("window", item.window.is_some()),
            ("embed", item.embed.is_some()),
        ] {
            if present
                && !settings
                    .accept_presentation_document_targets
                    .iter()
                    .any(|t| t == target)
            {
                r.push(
                    Problem::warning(
                        codes::DL_TARGET_NOT_ACCEPTED,
                        format!(
                            "the item asks for {target} presentation, not accepted by the platform"
                        ),
                    )
                    .at(at(&[target]))
                    .spec(DL),
                );
            }
        }
        if item.kind == "file"
            && let Some(mt) = &item.media_type
            && !media.is_empty()
            && !media.iter().any(|m| media_type_matches(m, mt))
        {
            r.push(
                Problem::warning(
                    codes::DL_MEDIA_TYPE_NOT_ACCEPTED,
                    format!("media type {mt:?} is not in accept_media_types"),
                )
                .at(at(&["mediaType"]))
                .spec(DL),
            );
        }
        if let Ok(v) = serde_json::to_value(item) {
            for p in check_item_value(&v) {
                let rel = p.location.as_json_pointer().unwrap_or("").to_owned();
                let mut p = p;
                p.location = Location::json_pointer(format!(
                    "{}{rel}",
                    crate::location::json_pointer([base, idx.as_str()])
                ));
                r.push(p);
            }
        }
    }
    r
}

/// Whether a media range (`image/*`, `*/*`, `text/html`) matches a media type.
pub fn media_type_matches(range: &str, media_type: &str) -> bool {
    let range = range.trim();
    let mt = media_type.split(';').next().unwrap_or("").trim();
    if range == "*/*" || range.eq_ignore_ascii_case(mt) {
        return true;
    }
    match (range.split_once('/'), mt.split_once('/')) {
        (Some((rt, "*")), Some((t, _))) => rt.eq_ignore_ascii_case(t),
        _ => false,
    }
}

/// Builds a Deep Linking response message (`LtiDeepLinkingResponse`) for a request.
#[derive(Debug, Clone)]
pub struct DeepLinkingResponseBuilder {
    settings: DeepLinkingSettings,
    client_id: String,
    platform_issuer: String,
    deployment_id: DeploymentId,
    items: Vec<ContentItem>,
    msg: Option<String>,
    log: Option<String>,
    errormsg: Option<String>,
    errorlog: Option<String>,
}

impl DeepLinkingResponseBuilder {
    /// Starts a response to a verified deep-linking request: `client_id` becomes `iss`, the
    /// platform issuer becomes `aud`, the deployment is echoed and so is `data`.
    pub fn new(
        settings: DeepLinkingSettings,
        client_id: impl Into<String>,
        platform_issuer: impl Into<String>,
        deployment_id: DeploymentId,
    ) -> Self {
        Self {
            settings,
            client_id: client_id.into(),
            platform_issuer: platform_issuer.into(),
            deployment_id,
            items: Vec::new(),
            msg: None,
            log: None,
            errormsg: None,
            errorlog: None,
        }
    }

    /// Starts a response from the request's claims (settings, `aud`/`azp` → client id, `iss`,
    /// deployment). `None` when the claims are not a deep-linking request.
    pub fn from_request(claims: &Claims, client_id: &str) -> Option<Self> {
        Some(Self::new(
            claims.deep_linking_settings.clone()?,
            client_id,
            claims.iss.clone()?,
            claims.deployment_id.clone()?,
        ))
    }

    /// Adds an item.
    #[must_use]
    pub fn item(mut self, item: ContentItem) -> Self {
        self.items.push(item);
        self
    }
    /// The `msg` shown to the user.
    #[must_use]
    pub fn msg(mut self, v: impl Into<String>) -> Self {
        self.msg = Some(v.into());
        self
    }
    /// The `log` message.
    #[must_use]
    pub fn log(mut self, v: impl Into<String>) -> Self {
        self.log = Some(v.into());
        self
    }
    /// The `errormsg` shown to the user.
    #[must_use]
    pub fn errormsg(mut self, v: impl Into<String>) -> Self {
        self.errormsg = Some(v.into());
        self
    }
    /// The `errorlog` message.
    #[must_use]
    pub fn errorlog(mut self, v: impl Into<String>) -> Self {
        self.errorlog = Some(v.into());
        self
    }

    /// Where the response goes.
    pub fn return_url(&self) -> &str {
        &self.settings.deep_link_return_url
    }

    /// Builds the claim set after checking the items against the settings. `nonce` comes from
    /// the caller's randomness; the token lives from `now` to `now + ttl_seconds`.
    pub fn build_claims(&self, now: i64, ttl_seconds: i64, nonce: &str) -> Result<Claims, Report> {
        let report = check_items(&self.items, &self.settings);
        if report.has_errors() {
            return Err(report);
        }
        let mut c = Claims {
            iss: Some(self.client_id.clone()),
            aud: Some(Audience::One(self.platform_issuer.clone())),
            iat: Some(now),
            exp: Some(now.saturating_add(ttl_seconds)),
            nonce: Some(nonce.to_owned()),
            message_type: Some(MessageType::DeepLinkingResponse),
            version: Some(super::LTI_VERSION.to_owned()),
            deployment_id: Some(self.deployment_id.clone()),
            content_items: Some(self.items.clone()),
            dl_data: self.settings.data.clone(),
            dl_msg: self.msg.clone(),
            dl_log: self.log.clone(),
            dl_errormsg: self.errormsg.clone(),
            dl_errorlog: self.errorlog.clone(),
            ..Claims::default()
        };
        c.extensions.clear();
        Ok(c)
    }

    /// Builds, signs with the tool key (its `kid` goes in the header) and returns the compact
    /// JWT, ready for [`auto_submit_form`] with the field name `JWT`.
    #[cfg(feature = "jwt")]
    pub fn sign(
        &self,
        key: &super::keys::SigningKey,
        now: i64,
        ttl_seconds: i64,
        nonce: &str,
    ) -> Result<String, DeepLinkingError> {
        let claims = self
            .build_claims(now, ttl_seconds, nonce)
            .map_err(DeepLinkingError::Items)?;
        key.sign(&claims).map_err(DeepLinkingError::Sign)
    }

    /// The auto-submitting form posting `jwt` to the return URL.
    pub fn form(&self, jwt: &str) -> String {
        auto_submit_form(self.return_url(), &[("JWT", jwt)])
    }
}

/// Why a deep-linking response could not be produced.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeepLinkingError {
    /// The items break the request's settings.
    #[error("the content items do not fit the deep-linking request ({} problems)", .0.len())]
    Items(Report),
    /// Signing failed.
    #[cfg(feature = "jwt")]
    #[error(transparent)]
    Sign(super::keys::KeyError),
}

impl DeepLinkingError {
    /// Stable code.
    pub fn code(&self) -> &str {
        match self {
            Self::Items(r) => r
                .iter()
                .find(|p| p.is_error())
                .map_or(codes::DL_ITEM_INVALID, |p| p.code.as_str()),
            #[cfg(feature = "jwt")]
            Self::Sign(e) => e.code(),
        }
    }
}

/// Escapes text for an HTML attribute or element body.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML page with a form that posts `fields` to `action` as soon as it loads (with a
/// submit button for browsers without JavaScript). Every value is HTML-escaped.
pub fn auto_submit_form(action: &str, fields: &[(&str, &str)]) -> String {
    let mut html = String::with_capacity(512 + fields.iter().map(|(_, v)| v.len()).sum::<usize>());
    html.push_str("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Redirecting…</title></head>\n<body>\n");
    let _ = writeln!(
        html,
        "<form id=\"lti-auto-submit\" method=\"post\" action=\"{}\" enctype=\"application/x-www-form-urlencoded\">",
        html_escape(action)
    );
    for (name, value) in fields {
        let _ = writeln!(
            html,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            html_escape(name),
            html_escape(value)
        );
    }
    html.push_str("<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n<script>document.getElementById(\"lti-auto-submit\").submit();</script>\n</body></html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn settings() -> DeepLinkingSettings {
        let mut s = DeepLinkingSettings::new(
            "https://p/dl",
            &["link", "ltiResourceLink", "file"],
            &["iframe"],
        );
        s.accept_multiple = Some(false);
        s.accept_lineitem = Some(false);
        s.accept_media_types = Some(json!("image/*,application/pdf"));
        s.data = Some("opaque".into());
        s
    }

    #[test]
    fn lenient_bools_and_media() {
        let s: DeepLinkingSettings = serde_json::from_value(json!({
            "deep_link_return_url": "u", "accept_types": ["link"],
            "accept_presentation_document_targets": ["iframe"],
            "accept_multiple": "true", "auto_create": false, "accept_media_types": ["a/b"]
        }))
        .unwrap();
        assert_eq!(s.accept_multiple, Some(true));
        assert_eq!(s.auto_create, Some(false));
        assert_eq!(s.media_types(), vec!["a/b"]);
        assert!(
            serde_json::from_value::<DeepLinkingSettings>(json!({"accept_multiple": 3})).is_err()
        );
        assert!(media_type_matches("image/*", "image/png"));
        assert!(media_type_matches("*/*", "x/y"));
        assert!(!media_type_matches("image/*", "text/html"));
        assert!(media_type_matches(
            "application/pdf",
            "application/pdf; q=1"
        ));
    }

    #[test]
    fn items_against_settings() {
        let s = settings();
        let ok = check_items(&[ContentItem::link("https://x")], &s);
        assert!(ok.is_empty(), "{ok:?}");
        let r = check_items(&[ContentItem::html("<p>")], &s);
        assert!(r.has_code(codes::DL_TYPE_NOT_ACCEPTED));
        let r = check_items(&[ContentItem::link("a"), ContentItem::link("b")], &s);
        assert!(r.has_code(codes::DL_MULTIPLE_NOT_ACCEPTED) && r.has_errors());
        let r = check_items(
            &[ContentItem::lti_resource_link().with_line_item(LineItemRequest::new(10.0))],
            &s,
        );
        assert!(r.has_code(codes::DL_LINEITEM_NOT_ACCEPTED));
        let r = check_items(&[ContentItem::link("a").with_window(Window::default())], &s);
        assert!(r.has_code(codes::DL_TARGET_NOT_ACCEPTED) && !r.has_errors());
        let r = check_items(&[ContentItem::file("https://f", "text/html")], &s);
        assert!(r.has_code(codes::DL_MEDIA_TYPE_NOT_ACCEPTED) && !r.has_errors());
        let r = check_items(&[ContentItem::of("link")], &s);
        assert!(r.has_code(codes::DL_ITEM_INVALID));
        let mut unset = s;
        unset.accept_multiple = None;
        let r = check_items(&[ContentItem::link("a"), ContentItem::link("b")], &unset);
        assert!(r.has_code(codes::DL_MULTIPLE_NOT_ACCEPTED) && !r.has_errors());
    }

    #[test]
    fn item_values() {
        assert!(
            check_item_value(&json!(1))
                .iter()
                .any(|p| p.code.as_str() == codes::DL_ITEM_INVALID)
        );
        assert!(
            check_item_value(&json!({}))
                .iter()
                .any(|p| p.code.as_str() == codes::DL_ITEM_INVALID)
        );
        let p = check_item_value(&json!({"type": "ltiResourceLink", "custom": {"a": null}}));
        assert_eq!(p[0].code.as_str(), codes::DL_CUSTOM_NOT_STRING);
        assert_eq!(p[0].location.as_json_pointer(), Some("/custom/a"));
        let p =
            check_item_value(&json!({"type": "ltiResourceLink", "lineItem": {"scoreMaximum": 0}}));
        assert_eq!(p[0].code.as_str(), codes::DL_LINEITEM_INVALID);
        assert!(check_item_value(&json!({"type": "html", "html": "<b>x</b>"})).is_empty());
        assert!(check_item_value(&json!({"type": "https://x/custom", "data": 1})).is_empty());
        let p = check_item_value(&json!({"type": "ltiResourceLink", "custom": "x"}));
        assert_eq!(p[0].code.as_str(), codes::DL_ITEM_INVALID);
    }

    #[test]
    fn builder_echoes_data_and_checks() {
        let b = DeepLinkingResponseBuilder::new(
            settings(),
            "client",
            "https://p",
            DeploymentId::new("d"),
        )
        .item(ContentItem::link("https://x").with_title("X"))
        .msg("done")
        .log("l")
        .errormsg("e")
        .errorlog("el");
        let c = b.build_claims(100, 300, "n").unwrap();
        assert_eq!(c.dl_data.as_deref(), Some("opaque"));
        assert_eq!(c.iss.as_deref(), Some("client"));
        assert_eq!(c.aud, Some(Audience::One("https://p".into())));
        assert_eq!(c.exp, Some(400));
        assert_eq!(c.dl_msg.as_deref(), Some("done"));
        let bad = b.clone().item(ContentItem::link("https://y"));
        assert!(bad.build_claims(1, 1, "n").is_err());
        let form = b.form("a.b.c");
        assert!(form.contains("action=\"https://p/dl\""));
        assert!(form.contains("name=\"JWT\" value=\"a.b.c\""));
    }

    #[test]
    fn form_escapes() {
        let f = auto_submit_form("https://x/?a=1&b=\"2\"", &[("n<", "v'\"><script>")]);
        assert!(f.contains("https://x/?a=1&amp;b=&quot;2&quot;"));
        assert!(f.contains("value=\"v&#39;&quot;&gt;&lt;script&gt;\""));
        assert!(!f.contains("<script>alert"));
        assert_eq!(html_escape("<&>"), "&lt;&amp;&gt;");
    }
}
