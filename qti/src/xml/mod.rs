//! The XML binding: reading ([`read`]) and writing ([`write`]) every version with one model and
//! a name table per version.

pub mod read;
pub mod write;

#[cfg(test)]
mod proptests;
