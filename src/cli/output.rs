//! Printing validation results as text (for people) or JSON lines (for programs).

use std::io::{IsTerminal, Write};

use lti_core::Severity;
use serde::Serialize;

use super::validate::DocResult;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Json,
}

pub(crate) struct Printer {
    format: Format,
    strict: bool,
    colour: bool,
    out: std::io::StdoutLock<'static>,
    documents: usize,
    invalid: usize,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    severity: Severity,
    code: &'a str,
    location: String,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    spec_ref: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    path: &'a str,
    kind: &'a str,
    version: Option<&'a str>,
    valid: bool,
    errors: usize,
    warnings: usize,
    problems: Vec<JsonProblem<'a>>,
}

impl Printer {
    pub(crate) fn new(format: Format, strict: bool) -> Self {
        let stdout = std::io::stdout();
        let colour = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Self {
            format,
            strict,
            colour,
            out: stdout.lock(),
            documents: 0,
            invalid: 0,
        }
    }

    pub(crate) fn print(&mut self, r: &DocResult) {
        let valid = r.report.is_valid(self.strict);
        self.documents += 1;
        if !valid {
            self.invalid += 1;
        }
        let _ = match self.format {
            Format::Json => self.print_json(r, valid),
            Format::Text => self.print_text(r, valid),
        };
    }

    fn print_json(&mut self, r: &DocResult, valid: bool) -> std::io::Result<()> {
        let line = JsonLine {
            path: &r.path,
            kind: r.kind.as_str(),
            version: r.version.as_deref(),
            valid,
            errors: r.report.errors(),
            warnings: r.report.warnings(),
            problems: r
                .report
                .iter()
                .map(|p| JsonProblem {
                    severity: p.severity,
                    code: p.code.as_str(),
                    location: if p.location.is_unknown() {
                        String::new()
                    } else {
                        p.location.to_string()
                    },
                    message: &p.message,
                    spec_ref: p.spec_ref.as_deref(),
                })
                .collect(),
        };
        let text = serde_json::to_string(&line).map_err(std::io::Error::other)?;
        writeln!(self.out, "{text}")
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn print_text(&mut self, r: &DocResult, valid: bool) -> std::io::Result<()> {
        let status = if valid {
            self.paint("32", "ok  ")
        } else {
            self.paint("31;1", "FAIL")
        };
        let what = match &r.version {
            Some(v) => format!("{} {v}", r.kind.as_str()),
            None => r.kind.as_str().to_owned(),
        };
        let (e, w) = (r.report.errors(), r.report.warnings());
        let mut counts = Vec::new();
        if e > 0 {
            counts.push(format!("{e} error{}", if e == 1 { "" } else { "s" }));
        }
        if w > 0 {
            counts.push(format!("{w} warning{}", if w == 1 { "" } else { "s" }));
        }
        let counts = if counts.is_empty() {
            String::new()
        } else {
            format!(": {}", counts.join(", "))
        };
        let line = format!("{status} {} ({what}){counts}", r.path);
        writeln!(self.out, "{line}")?;
        for p in r.report.iter() {
            let sev = match p.severity {
                Severity::Error => self.paint("31", "error"),
                Severity::Warning => self.paint("33", "warning"),
                Severity::Info => self.paint("36", "info"),
            };
            let at = if p.location.is_unknown() {
                String::new()
            } else {
                format!(" at {}", p.location)
            };
            let line = format!("    {sev} [{}]{at}: {}", p.code, p.message);
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }

    pub(crate) fn finish(mut self) {
        if self.format == Format::Text && self.documents > 0 {
            let _ = writeln!(
                self.out,
                "{} document{} checked, {} invalid",
                self.documents,
                if self.documents == 1 { "" } else { "s" },
                self.invalid
            );
        }
        let _ = self.out.flush();
    }
}
