//! xmllint
