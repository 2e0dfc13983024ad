//! # common-cartridge
//!
//! Common Cartridge 1.0–1.3 and Thin Common Cartridge 1.2/1.3: read, write and validate
//! cartridges, with safe zip handling and the CC profile of QTI 1.2.1.
//!
//! ```
//! use std::io::Cursor;
//! use common_cartridge::descriptor::{Descriptor, WebLink};
//! use common_cartridge::manifest::{CartridgeManifest, CartridgeResource, ReadOptions};
//! use common_cartridge::resource_type::ResourceKind;
//! use common_cartridge::version::{CartridgeVersion, CcVersion};
//! use common_cartridge::write::{NoFiles, WriteOptions, write_cartridge};
//!
//! // Build a Thin CC 1.3 cartridge with one web link…
//! let mut m = CartridgeManifest::new(CartridgeVersion::THIN_1_3, "M1");
//! m.set_title("Links", Some("en"));
//! let mut r = CartridgeResource::new("R1", ResourceKind::WebLink, CcVersion::V1_3);
//! r.add_file("R1/link.xml");
//! m.resources.push(r);
//! let mut item = lti_core::content_packaging::Item::default();
//! item.identifier = "I1".into();
//! item.identifierref = Some("R1".into());
//! item.title = Some("1EdTech".into());
//! m.set_organization("O1", "ROOT", vec![item]);
//! let mut descriptors = std::collections::BTreeMap::new();
//! descriptors.insert(
//!     "R1".to_owned(),
//!     Descriptor::WebLink(WebLink::new("1EdTech", "https://www.1edtech.org/")),
//! );
//! // …write it (deterministic zip), then read and validate it back.
//! let zip = write_cartridge(Cursor::new(Vec::new()), &m, &descriptors, &mut NoFiles, &WriteOptions::default())
//!     .unwrap()
//!     .into_inner();
//! let v = common_cartridge::validate::validate_zip(Cursor::new(zip), &ReadOptions::strict());
//! assert!(v.report.is_empty(), "{:?}", v.report);
//! assert_eq!(v.version, Some(CartridgeVersion::THIN_1_3));
//! ```
//!
//! ## Modules
//!
//! - [`version`]: versions 1.0–1.3 and Thin 1.2/1.3, with every namespace and schema location.
//! - [`manifest`]: the manifest with the CC profile on top of
//!   [`lti_core::content_packaging`] — version detection (metadata first, root namespace second,
//!   never `xsi:schemaLocation`), typed LOM metadata ([`lom`]), resources with their type
//!   ([`resource_type`]), intended use, protection, `cpx:variant`s and inline descriptors,
//!   authorization; lossless round trips.
//! - [`descriptor`]: web links, discussion topics, basic LTI links (1.0 and 1.3 forms),
//!   assignments; [`qti`]: CC-QTI 1.2.1 assessments and question banks with the six question
//!   profiles and their rules.
//! - [`package`]: zips read safely from any `Read + Seek` (limits, zip slip, symlinks, bombs;
//!   entries streamed on demand), and the [`package::PackageSource`] trait for directories.
//! - [`validate`](mod@validate): every profile rule with a stable code ([`codes`]) and a zip entry + XML
//!   location; lenient by default, strict on request.
//! - [`write`](mod@write): deterministic cartridge writing; [`inspect`]: summaries;
//!   `convert` (feature `qti`): CC-QTI to QTI 2.2/3.0 through the `qti` crate's model; [`filebase`]: the three file-base token spellings.
//!
//! No I/O: callers pass readers, bytes and file sources in, and get models and reports out.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod codes;
#[cfg(feature = "qti")]
pub mod convert;
pub mod descriptor;
mod encoding;
pub mod filebase;
pub mod inspect;
pub mod lom;
pub mod manifest;
pub mod package;
pub mod qti;
pub mod resource_type;
pub mod validate;
pub mod version;
pub mod write;
mod xmlutil;

pub use manifest::{CartridgeManifest, ReadOptions};
pub use qti::validate_questestinterop;
pub use validate::{
    Cartridge, Validation, validate_manifest_bytes, validate_package, validate_zip,
};
pub use version::CartridgeVersion;
