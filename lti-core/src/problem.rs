//! Problems found while parsing or validating a document, and the [`Report`] that collects them.
//!
//! A [`Problem`] has a stable machine [`Code`] (for example
//! `qti.response-declaration.unknown-base-type`), a [`Severity`], a [`Location`], a message for
//! people and an optional reference to the specification section that states the rule.
//!
//! Codes are part of the public API: they are documented per crate (each crate has a `codes`
//! module listing them) and are never reworded casually. Messages may change.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::location::Location;

/// How bad a problem is.
///
/// Ordered: `Info < Warning < Error`. An `Error` is a violation of a MUST in the specification
/// (or input that cannot be read); a `Warning` is a SHOULD, a leniency applied to messy real-world
/// input, or a known specification inconsistency; `Info` is a remark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A remark; never makes a document invalid.
    Info,
    /// A SHOULD-level rule, or a leniency applied to the input.
    Warning,
    /// A MUST-level rule is broken, or the input cannot be read.
    Error,
}

impl Severity {
    /// The lowercase name used in JSON output (`"error"`, `"warning"`, `"info"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stable machine-readable problem code such as `xml.syntax` or
/// `oneroster.csv.duplicate-sourced-id`.
///
/// Codes are dot-separated, lowercase, kebab-case segments; the first segment names the crate area
/// (`xml`, `json`, `lti`, `qti`, `cc`, `caliper`, `oneroster`, `id`, `time`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Code(Cow<'static, str>);

impl Code {
    /// A code from a static string (the usual way: codes are constants).
    pub const fn new(code: &'static str) -> Self {
        Self(Cow::Borrowed(code))
    }

    /// A code built at run time (for example read back from JSON).
    pub fn owned(code: String) -> Self {
        Self(Cow::Owned(code))
    }

    /// The code as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&'static str> for Code {
    fn from(code: &'static str) -> Self {
        Self::new(code)
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Problem {
    /// Stable machine code.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// Where it is.
    #[serde(default, skip_serializing_if = "Location::is_unknown")]
    pub location: Location,
    /// A message for people. May be reworded between releases; match on [`Problem::code`].
    pub message: String,
    /// The specification section (or other source) that states the rule, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_ref: Option<Cow<'static, str>>,
}

impl Problem {
    /// A problem with the given code, severity and message, at an unknown location.
    pub fn new(code: impl Into<Code>, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            severity,
            location: Location::Unknown,
            message: message.into(),
            spec_ref: None,
        }
    }

    /// An [`Severity::Error`] problem.
    pub fn error(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    /// A [`Severity::Warning`] problem.
    pub fn warning(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message)
    }

    /// An [`Severity::Info`] problem.
    pub fn info(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Info, message)
    }

    /// Sets the location.
    #[must_use]
    pub fn at(mut self, location: impl Into<Location>) -> Self {
        self.location = location.into();
        self
    }

    /// Sets the specification reference.
    #[must_use]
    pub fn spec(mut self, spec_ref: impl Into<Cow<'static, str>>) -> Self {
        self.spec_ref = Some(spec_ref.into());
        self
    }

    /// Changes the severity (for example to turn a warning into an error in strict mode).
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Whether this problem is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.severity, self.code)?;
        if !self.location.is_unknown() {
            write!(f, " at {}", self.location)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The problems found in one document (or one package), in the order they were found.
///
/// Validation collects every problem instead of stopping at the first one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// All problems, in the order found.
    pub problems: Vec<Problem>,
}

impl Report {
    /// An empty report.
    pub const fn new() -> Self {
        Self {
            problems: Vec::new(),
        }
    }

    /// Adds a problem.
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Adds an error.
    pub fn error(
        &mut self,
        code: impl Into<Code>,
        location: impl Into<Location>,
        message: impl Into<String>,
    ) {
        self.push(Problem::error(code, message).at(location));
    }

    /// Adds a warning.
    pub fn warning(
        &mut self,
        code: impl Into<Code>,
        location: impl Into<Location>,
        message: impl Into<String>,
    ) {
        self.push(Problem::warning(code, message).at(location));
    }

    /// Adds an info remark.
    pub fn info(
        &mut self,
        code: impl Into<Code>,
        location: impl Into<Location>,
        message: impl Into<String>,
    ) {
        self.push(Problem::info(code, message).at(location));
    }

    /// Adds every problem of another report.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Problem>) {
        self.problems.extend(other);
    }

    /// Adds every problem of another report, with each location placed inside the zip entry
    /// `entry` (see [`Location::in_zip_entry`]).
    pub fn extend_in_entry(&mut self, entry: &str, other: impl IntoIterator<Item = Problem>) {
        self.problems.extend(other.into_iter().map(|mut p| {
            p.location = std::mem::take(&mut p.location).in_zip_entry(entry);
            p
        }));
    }

    /// The problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.problems.iter()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.problems.len()
    }

    /// Whether there are no problems at all.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// Number of problems of the given severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// Valid means no error; in strict mode, no warning either.
    pub fn is_valid(&self, strict: bool) -> bool {
        !self
            .problems
            .iter()
            .any(|p| p.severity == Severity::Error || (strict && p.severity == Severity::Warning))
    }

    /// Whether any problem has the given code.
    pub fn has_code(&self, code: &str) -> bool {
        self.problems.iter().any(|p| p.code == code)
    }

    /// The problems with the given code.
    pub fn with_code<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.problems.iter().filter(move |p| p.code == code)
    }

    /// Turns every warning into an error (strict mode).
    pub fn escalate_warnings(&mut self) {
        for p in &mut self.problems {
            if p.severity == Severity::Warning {
                p.severity = Severity::Error;
            }
        }
    }
}

impl IntoIterator for Report {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.problems.into_iter()
    }
}

impl<'a> IntoIterator for &'a Report {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.problems.iter()
    }
}

impl Extend<Problem> for Report {
    fn extend<T: IntoIterator<Item = Problem>>(&mut self, iter: T) {
        self.problems.extend(iter);
    }
}

impl FromIterator<Problem> for Report {
    fn from_iter<T: IntoIterator<Item = Problem>>(iter: T) -> Self {
        Self {
            problems: iter.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_validity() {
        let mut r = Report::new();
        assert!(r.is_valid(true));
        r.warning("x.w", Location::json_pointer("/a"), "w");
        assert!(r.is_valid(false));
        assert!(!r.is_valid(true));
        r.error("x.e", Location::Unknown, "e");
        assert_eq!(r.errors(), 1);
        assert_eq!(r.warnings(), 1);
        assert!(r.has_code("x.e"));
        assert!(!r.is_valid(false));
        assert_eq!(r.with_code("x.w").count(), 1);
    }

    #[test]
    fn serialises_with_stable_shape() {
        let p = Problem::error("qti.test.code", "bad")
            .at(Location::json_pointer("/a/0"))
            .spec("QTI 2.2 §5");
        let v = serde_json::to_value(&p).expect("serialises");
        assert_eq!(v["code"], "qti.test.code");
        assert_eq!(v["severity"], "error");
        assert_eq!(v["message"], "bad");
        assert_eq!(v["spec_ref"], "QTI 2.2 §5");
        let back: Problem = serde_json::from_value(v).expect("deserialises");
        assert_eq!(back, p);
        let unknown = Problem::info("a.b", "m");
        let v = serde_json::to_value(&unknown).expect("serialises");
        assert!(v.get("location").is_none());
    }

    #[test]
    fn escalate_and_entries() {
        let mut r = Report::new();
        r.warning("a", Location::json_pointer("/x"), "m");
        r.escalate_warnings();
        assert_eq!(r.errors(), 1);
        let mut outer = Report::new();
        outer.extend_in_entry("dir/file.json", r);
        assert_eq!(outer.problems[0].location.to_string(), "dir/file.json: /x");
        assert_eq!(Severity::Warning.to_string(), "warning");
        assert!(Severity::Info < Severity::Error);
    }

    #[test]
    fn display() {
        let p = Problem::warning("c.d", "msg").at(Location::json_pointer(""));
        assert_eq!(p.to_string(), "warning [c.d] at (document root): msg");
        assert_eq!(Problem::error("c", "m").to_string(), "error [c]: m");
    }
}
