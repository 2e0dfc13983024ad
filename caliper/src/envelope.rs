//! The envelope that carries events and entity describes to an endpoint, and the endpoint's
//! configuration payload (Caliper 1.2 §6 "Sensor API" and §7 "Endpoint").

use serde::Deserializer;
use serde_json::{Map, Value};

use crate::entity::Entity;
use crate::event::Event;
use crate::json::{self, DateTime, Field, Prop, Read};
use crate::vocab::{Version, context_version};

/// A Caliper envelope: `sensor`, `sendTime`, `dataVersion` and `data` (all required).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Envelope {
    /// `sensor`: the sensor's IRI.
    pub sensor: Option<String>,
    /// `sendTime`.
    pub send_time: Option<DateTime>,
    /// `dataVersion`: the Caliper context IRI of the data.
    pub data_version: Option<String>,
    /// `data`: events and entity describes, in order.
    pub data: Option<Vec<Item>>,
    /// Other properties (the envelope allows none) and values of the wrong shape.
    pub other: Map<String, Value>,
}

impl Envelope {
    /// The JSON property names of an envelope.
    pub const PROPERTIES: &'static [&'static str] = &["sensor", "sendTime", "dataVersion", "data"];

    /// An envelope with every required property set.
    pub fn new(
        sensor: impl Into<String>,
        send_time: impl Into<DateTime>,
        version: Version,
        data: Vec<Item>,
    ) -> Self {
        Self {
            sensor: Some(sensor.into()),
            send_time: Some(send_time.into()),
            data_version: Some(version.context_iri().to_owned()),
            data: Some(data),
            other: Map::new(),
        }
    }

    /// The version named by `dataVersion`.
    pub fn version(&self) -> Option<Version> {
        self.data_version
            .as_deref()
            .and_then(context_version)
            .map(|(v, _)| v)
    }

    pub(crate) fn set_prop<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        d: D,
        max_items: usize,
    ) -> Result<(), D::Error> {
        let o = &mut self.other;
        match key {
            "sensor" => json::store(&mut self.sensor, o, key, d),
            "sendTime" => json::store(&mut self.send_time, o, key, d),
            "dataVersion" => json::store(&mut self.data_version, o, key, d),
            "data" if self.data.is_some() || o.contains_key(key) => Err(json::duplicate(key)),
            "data" => match crate::read::read_data(d, max_items)? {
                Read::Ok(items) => {
                    o.remove(key);
                    self.data = Some(items);
                    Ok(())
                }
                Read::Raw(v) => {
                    self.data = None;
                    o.insert(key.to_owned(), v);
                    Ok(())
                }
            },
            _ => json::store_raw(o, key, d),
        }
    }
}

/// One element of an envelope's `data`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Item {
    /// An event.
    Event(Box<Event>),
    /// An entity describe.
    Entity(Entity),
    /// A value that is not a JSON object, kept as read.
    Invalid(Value),
}

impl Item {
    /// The event, if this item is one.
    pub fn as_event(&self) -> Option<&Event> {
        match self {
            Self::Event(e) => Some(e),
            _ => None,
        }
    }

    /// The entity, if this item is one.
    pub fn as_entity(&self) -> Option<&Entity> {
        match self {
            Self::Entity(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Event> for Item {
    fn from(e: Event) -> Self {
        Self::Event(Box::new(e))
    }
}

impl From<Entity> for Item {
    fn from(e: Entity) -> Self {
        Self::Entity(e)
    }
}

/// How the keys of an [`EndpointConfig`] were (or will be) written.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum KeyStyle {
    /// `caliperSupportedVersions` (the specification).
    #[default]
    CamelCase,
    /// `caliper_supported_versions` (the 1.2 fixture; accepted with a warning).
    SnakeCase,
}

/// The endpoint configuration returned by a GET on a Caliper endpoint (1.2 §7.3).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct EndpointConfig {
    /// `caliperMaximumPayloadSize`: the largest envelope accepted, in kilobytes.
    pub maximum_payload_size: Option<u64>,
    /// `caliperSupportedVersions` (required): context IRIs the endpoint accepts.
    pub supported_versions: Option<Vec<String>>,
    /// `caliperSupportedExtensions`: endpoint-specific information.
    pub supported_extensions: Option<Value>,
    /// The key style found on reading (and used on writing).
    pub key_style: KeyStyle,
    /// Other properties, and values of the wrong shape.
    pub other: Map<String, Value>,
    /// The key style each field was read with (so that mixed input is written back as read).
    field_styles: [Option<KeyStyle>; 3],
}

impl EndpointConfig {
    /// A configuration listing the supported versions, in camelCase.
    pub fn new(versions: &[Version]) -> Self {
        Self {
            supported_versions: Some(
                versions
                    .iter()
                    .map(|v| v.context_iri().to_owned())
                    .collect(),
            ),
            ..Self::default()
        }
    }

    /// Whether `key` is one of the configuration keys, in either style.
    pub(crate) fn is_config_key(key: &str) -> bool {
        Self::field_of(key).is_some()
    }

    fn field_of(key: &str) -> Option<(u8, KeyStyle)> {
        Some(match key {
            "caliperMaximumPayloadSize" => (0, KeyStyle::CamelCase),
            "caliperSupportedVersions" => (1, KeyStyle::CamelCase),
            "caliperSupportedExtensions" => (2, KeyStyle::CamelCase),
            "caliper_maximum_payload_size" => (0, KeyStyle::SnakeCase),
            "caliper_supported_versions" => (1, KeyStyle::SnakeCase),
            "caliper_supported_extensions" => (2, KeyStyle::SnakeCase),
            _ => return None,
        })
    }

    /// The key of a field in the style it was read with, else [`EndpointConfig::key_style`].
    pub(crate) fn key(&self, field: u8) -> &'static str {
        let style = self
            .field_styles
            .get(usize::from(field))
            .copied()
            .flatten()
            .unwrap_or(self.key_style);
        match (field, style) {
            (0, KeyStyle::CamelCase) => "caliperMaximumPayloadSize",
            (1, KeyStyle::CamelCase) => "caliperSupportedVersions",
            (2, KeyStyle::CamelCase) => "caliperSupportedExtensions",
            (0, _) => "caliper_maximum_payload_size",
            (1, _) => "caliper_supported_versions",
            _ => "caliper_supported_extensions",
        }
    }

    /// The maximum payload size in bytes (the configuration gives kilobytes; 1 KB = 1024 bytes).
    pub fn maximum_payload_bytes(&self) -> Option<usize> {
        self.maximum_payload_size
            .map(|kb| usize::try_from(kb.saturating_mul(1024)).unwrap_or(usize::MAX))
    }

    /// The Caliper versions the endpoint accepts (unknown IRIs are skipped).
    pub fn versions(&self) -> Vec<Version> {
        let mut v: Vec<Version> = self
            .supported_versions
            .iter()
            .flatten()
            .filter_map(|s| context_version(s).map(|(v, _)| v))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Whether the endpoint accepts the given version.
    pub fn supports(&self, version: Version) -> bool {
        self.versions().contains(&version)
    }

    pub(crate) fn set_prop<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        d: D,
    ) -> Result<(), D::Error> {
        let o = &mut self.other;
        match Self::field_of(key) {
            Some((field, style)) => {
                let slot = usize::from(field);
                if let Some(prev) = self.field_styles.get(slot).copied().flatten() {
                    if prev == style {
                        return Err(json::duplicate(key));
                    }
                    // The same field under its other spelling: keep it as an extra property.
                    return json::store_raw(o, key, d);
                }
                if let Some(s) = self.field_styles.get_mut(slot) {
                    *s = Some(style);
                }
                if style == KeyStyle::SnakeCase {
                    self.key_style = KeyStyle::SnakeCase;
                }
                match field {
                    0 => json::store(&mut self.maximum_payload_size, o, key, d),
                    1 => json::store(&mut self.supported_versions, o, key, d),
                    _ => {
                        self.supported_extensions = Some(json::raw_value(d)?);
                        Ok(())
                    }
                }
            }
            None => json::store_raw(o, key, d),
        }
    }

    /// Calls `f` with every property in writing order.
    pub fn for_each_prop<'s, E>(
        &'s self,
        f: &mut dyn FnMut(&'s str, Prop<'s>) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Some(v) = &self.maximum_payload_size {
            f(self.key(0), v.prop())?;
        }
        if let Some(v) = &self.supported_versions {
            f(self.key(1), v.prop())?;
        }
        if let Some(v) = &self.supported_extensions {
            f(self.key(2), Prop::Value(v))?;
        }
        // Configuration members kept raw come first, so that the output reads back as a
        // configuration (see `Event::for_each_prop`).
        for (k, v) in self.other.iter().filter(|(k, _)| Self::is_config_key(k)) {
            f(k, Prop::Value(v))?;
        }
        for (k, v) in self.other.iter().filter(|(k, _)| !Self::is_config_key(k)) {
            f(k, Prop::Value(v))?;
        }
        Ok(())
    }
}
