//! QTI content packages.
