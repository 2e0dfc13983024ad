//! Resolving `assessmentSectionRef` (QTI 2.1/2.2 `assessmentSectionRef`, 3.0
//! `qti-assessment-section-ref`): each reference is replaced by the `assessmentSection` stored
//! in the referenced file, so that a test can be compiled and delivered as one tree.
//!
//! Sans-IO: the caller supplies the lookup (a package, a directory, a cache). Decisions where
//! the specification is silent:
//!
//! - The inserted section takes the *reference's* identifier (the test's branch rules, item
//!   paths and outcome processing name the parts of the test by the identifiers the test
//!   itself uses); the referenced file's own identifier is discarded.
//! - `href`s inside the referenced section (item references and nested section references)
//!   are relative to the section's file; they are rebased onto the test's folder (`..` and `.`
//!   segments resolved, never above the package root — such an href is an error).
//! - Nested references are resolved too; a cycle, a depth beyond [`MAX_SECTION_REF_DEPTH`] or
//!   more than [`MAX_SECTION_REFS`] resolutions is an error, so a hostile package cannot loop.
//!
//! Every unresolvable reference is reported (all of them, not the first); references that
//! could not be resolved stay in place.

use serde::{Deserialize, Serialize};

use crate::codes;
use crate::test::{AssessmentSection, AssessmentTest, SectionPart};
use crate::value::Identifier;

/// How deep section references may nest.
pub const MAX_SECTION_REF_DEPTH: usize = 32;
/// How many section references one test may resolve in total.
pub const MAX_SECTION_REFS: usize = 10_000;

/// Why a section reference was not resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[non_exhaustive]
pub enum SectionRefError {
    /// The lookup has no section for this href.
    #[error("assessmentSectionRef {identifier:?}: no section found at {href:?}")]
    NotFound {
        /// The reference identifier.
        identifier: Identifier,
        /// The href, rebased onto the test's folder.
        href: String,
    },
    /// The href leaves the package root or is absolute.
    #[error("assessmentSectionRef {identifier:?}: href {href:?} leaves the package")]
    OutsidePackage {
        /// The reference identifier.
        identifier: Identifier,
        /// The href as written.
        href: String,
    },
    /// The reference is (indirectly) inside the section it references.
    #[error("assessmentSectionRef {identifier:?}: {href:?} includes itself")]
    Cycle {
        /// The reference identifier.
        identifier: Identifier,
        /// The href, rebased onto the test's folder.
        href: String,
    },
    /// Nesting or count limits were reached.
    #[error("assessmentSectionRef {identifier:?}: limit reached ({what})")]
    Limit {
        /// The reference identifier.
        identifier: Identifier,
        /// Which limit.
        what: String,
    },
}

impl SectionRefError {
    /// A stable code.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => codes::SECTION_REF_NOT_FOUND,
            Self::OutsidePackage { .. } => codes::SECTION_REF_OUTSIDE_PACKAGE,
            Self::Cycle { .. } => codes::SECTION_REF_CYCLE,
            Self::Limit { .. } => codes::SECTION_REF_LIMIT,
        }
    }
}

/// Joins `href` (relative to the file at `base_file`) and normalises it; `None` when it is
/// absolute, a URL or leaves the root (see
/// [`lti_core::content_packaging::join_package_path`]).
pub fn join_href(base_file: &str, href: &str) -> Option<String> {
    let folder = base_file.rsplit_once('/').map_or("", |(dir, _)| dir);
    lti_core::content_packaging::join_package_path(folder, href)
}

struct Resolver<'a> {
    lookup: &'a dyn Fn(&str) -> Option<AssessmentSection>,
    errors: Vec<SectionRefError>,
    count: usize,
}

impl Resolver<'_> {
    /// Resolves the references among `parts`, whose hrefs are relative to `base` (a file path
    /// relative to the test's folder; "" for the test itself). `stack` holds the hrefs being
    /// resolved (cycle detection).
    fn parts(&mut self, parts: &mut [SectionPart], base: &str, stack: &mut Vec<String>) {
        for p in parts.iter_mut() {
            match p {
                SectionPart::Section(s) => self.parts(&mut s.children, base, stack),
                SectionPart::ItemRef(r) => {
                    if !base.is_empty()
                        && let Some(h) = join_href(base, &r.href)
                    {
                        r.href = h;
                    }
                }
                SectionPart::SectionRef(r) => {
                    let identifier = r.identifier.clone();
                    let Some(href) = join_href(base, &r.href) else {
                        self.errors.push(SectionRefError::OutsidePackage {
                            identifier,
                            href: r.href.clone(),
                        });
                        continue;
                    };
                    if stack.contains(&href) {
                        self.errors
                            .push(SectionRefError::Cycle { identifier, href });
                        continue;
                    }
                    if stack.len() >= MAX_SECTION_REF_DEPTH || self.count >= MAX_SECTION_REFS {
                        self.errors.push(SectionRefError::Limit {
                            identifier,
                            what: format!(
                                "at most {MAX_SECTION_REF_DEPTH} levels and {MAX_SECTION_REFS} references"
                            ),
                        });
                        continue;
                    }
                    self.count += 1;
                    let Some(mut section) = (self.lookup)(&href) else {
                        self.errors
                            .push(SectionRefError::NotFound { identifier, href });
                        continue;
                    };
                    section.identifier = identifier;
                    stack.push(href.clone());
                    self.parts(&mut section.children, &href, stack);
                    stack.pop();
                    *p = SectionPart::Section(Box::new(section));
                }
                SectionPart::Include(_) => {}
            }
        }
    }
}

impl AssessmentTest {
    /// Replaces every `assessmentSectionRef` (at any depth, including inside referenced
    /// sections) by the section `lookup` returns for its href, rebased onto the test's folder
    /// (see the [module documentation](crate::section_ref) for the rules). Returns every
    /// reference that could not be resolved; those stay in place.
    pub fn resolve_section_refs(
        &mut self,
        lookup: &dyn Fn(&str) -> Option<AssessmentSection>,
    ) -> Vec<SectionRefError> {
        let mut r = Resolver {
            lookup,
            errors: Vec::new(),
            count: 0,
        };
        let mut stack = Vec::new();
        for part in &mut self.test_parts {
            r.parts(&mut part.sections, "", &mut stack);
        }
        r.errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_join_and_normalise() {
        assert_eq!(
            join_href("", "items/q1.xml").as_deref(),
            Some("items/q1.xml")
        );
        assert_eq!(
            join_href("sections/s1.xml", "../items/q1.xml").as_deref(),
            Some("items/q1.xml")
        );
        assert_eq!(
            join_href("a/b/s.xml", "./c/../q.xml").as_deref(),
            Some("a/b/q.xml")
        );
        assert_eq!(join_href("s.xml", "../q.xml"), None, "above the root");
        assert_eq!(join_href("", "/etc/passwd"), None);
        assert_eq!(join_href("", "http://x/y.xml"), None);
    }
}
