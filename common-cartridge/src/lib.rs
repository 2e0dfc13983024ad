//! common-cartridge
