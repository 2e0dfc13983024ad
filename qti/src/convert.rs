//! Conversion between QTI versions (see [`crate::write`]).
