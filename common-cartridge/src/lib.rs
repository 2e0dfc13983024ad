//! # common-cartridge
//!
//! Common Cartridge 1.0–1.3 and Thin Common Cartridge 1.2/1.3: read, write and validate
//! cartridges, with safe zip handling and the CC profile of QTI 1.2.1.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod codes;
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
