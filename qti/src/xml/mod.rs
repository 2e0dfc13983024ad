//! The XML binding: reading ([`mod@read`]) and writing ([`mod@write`]) every version with one model and
//! a name table per version.

pub mod read;
pub mod write;

#[cfg(test)]
mod proptests;
