//! qti
