//! `ims qti score` and `ims qti run-test`: thin wrappers over `qti::runtime`.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use qti::runtime::results::{ResultContext, test_assessment_result};
use qti::runtime::{CompiledItem, CompiledTest, OperatorRegistry, VariableKind, json, plan};
use qti::{QtiDocument, ReadOptions, Value};

use crate::cli::validate::MAX_DOCUMENT_BYTES;
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable lines.
    Text,
    /// JSON.
    Json,
    /// XML (run-test only: the assessmentResult).
    Xml,
}

/// Arguments of `ims qti score`.
#[derive(Debug, Args)]
pub(crate) struct ScoreArgs {
    /// The item.
    #[arg(value_name = "ITEM.xml")]
    item: PathBuf,
    /// Responses: a JSON object keyed by response identifier (PCI JSON or plain values);
    /// `-` reads standard input. Responses left out are NULL.
    #[arg(long, value_name = "FILE")]
    responses: Option<String>,
    /// Use the item's own correct responses.
    #[arg(long, conflicts_with = "responses")]
    correct: bool,
    /// Seed of the session's random generator (template processing).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write values in the PCI JSON representation instead of plain JSON.
    #[arg(long)]
    pci: bool,
}

/// Arguments of `ims qti run-test`.
#[derive(Debug, Args)]
pub(crate) struct RunTestArgs {
    /// The test; item hrefs are resolved relative to it.
    #[arg(value_name = "TEST.xml")]
    test: PathBuf,
    /// The plan: JSON with `seed`, `datestamp`, `candidate` and `actions` (see the
    /// `qti::runtime::plan` docs); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    plan: String,
    /// Output: the assessmentResult as XML (default) or JSON.
    #[arg(long, value_enum, default_value_t = Format::Xml)]
    format: Format,
    /// Results version: 2.1, 2.2 or 3.0 (default: the test's own, 2.0 written as 2.1).
    #[arg(long, value_name = "VERSION")]
    results_version: Option<String>,
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(std::io::Error::other(
            "larger than the single-document limit",
        ));
    }
    Ok(bytes)
}

fn read_input(name: &str) -> std::io::Result<Vec<u8>> {
    if name == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut b)?;
        Ok(b)
    } else {
        read_limited(Path::new(name))
    }
}

fn read_doc(path: &Path) -> Result<QtiDocument, String> {
    let bytes = read_limited(path).map_err(|e| format!("{}: {e}", path.display()))?;
    qti::parse(&bytes, &ReadOptions::lenient())
        .map(|(d, _)| d)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// `ims qti score`.
pub(crate) fn score(args: &ScoreArgs) -> u8 {
    let item = match read_doc(&args.item) {
        Ok(QtiDocument::Item(i)) => i,
        Ok(other) => {
            eprintln!(
                "ims: {}: a {} document, not an item",
                args.item.display(),
                other.kind_name()
            );
            return EXIT_USAGE;
        }
        Err(e) => {
            eprintln!("ims: {e}");
            return EXIT_USAGE;
        }
    };
    let compiled = match CompiledItem::compile(&item, &OperatorRegistry::with_builtins()) {
        Ok(c) => c,
        Err(e) => {
            for p in &e.problems {
                eprintln!(
                    "ims: {}: {} [{}]",
                    args.item.display(),
                    p.message,
                    p.code.as_str()
                );
            }
            return EXIT_INVALID;
        }
    };
    let mut session = match compiled.new_session(args.seed) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "ims: {}: template processing: {e} [{}]",
                args.item.display(),
                e.code()
            );
            return EXIT_INVALID;
        }
    };
    let responses: Vec<(String, Value)> = if args.correct {
        compiled
            .variables()
            .iter()
            .filter(|v| v.kind == VariableKind::Response && !v.builtin)
            .map(|v| {
                let c = session
                    .correct_response(&compiled, &v.identifier)
                    .cloned()
                    .unwrap_or(Value::Null);
                (v.identifier.to_string(), c)
            })
            .collect()
    } else if let Some(src) = &args.responses {
        let bytes = match read_input(src) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("ims: {src}: {e}");
                return EXIT_USAGE;
            }
        };
        let j: serde_json::Value = match serde_json::from_slice(&bytes) {
            Ok(j) => j,
            Err(e) => {
                eprintln!("ims: {src}: line {}, column {}: {e}", e.line(), e.column());
                return EXIT_USAGE;
            }
        };
        match json::read_responses(&compiled, &j) {
            Ok(r) => r.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            Err(e) => {
                eprintln!("ims: {src}: {e} [{}]", e.code());
                return EXIT_USAGE;
            }
        }
    } else {
        Vec::new()
    };
    // Responses left out are NULL (not their defaults).
    let given: Vec<&str> = responses.iter().map(|(k, _)| k.as_str()).collect();
    let mut all: Vec<(String, Value)> = compiled
        .variables()
        .iter()
        .filter(|v| {
            v.kind == VariableKind::Response
                && !v.builtin
                && !given.contains(&v.identifier.as_str())
        })
        .map(|v| (v.identifier.to_string(), Value::Null))
        .collect();
    all.extend(responses);
    if let Err(e) = session.submit(&compiled, all.iter().map(|(k, v)| (k.as_str(), v.clone()))) {
        eprintln!("ims: {}: {e} [{}]", args.item.display(), e.code());
        return EXIT_INVALID;
    }
    let report = json::session_report(&compiled, &session, args.pci);
    for w in session.warnings() {
        eprintln!(
            "ims: {}: warning: {} [{}]",
            args.item.display(),
            w.message,
            w.code.as_str()
        );
    }
    match args.format {
        Format::Json | Format::Xml => println!("{report}"),
        Format::Text => {
            for (section, key) in [("outcome", "outcomes"), ("template", "template")] {
                if let Some(serde_json::Value::Object(m)) = report.get(key) {
                    for (k, v) in m {
                        println!("{section} {k} = {v}");
                    }
                }
            }
            if let Some(serde_json::Value::Array(f)) = report.get("feedback") {
                for x in f {
                    println!(
                        "feedback {} {} (from {})",
                        x["kind"].as_str().unwrap_or(""),
                        x["identifier"].as_str().unwrap_or(""),
                        x["variable"].as_str().unwrap_or("")
                    );
                }
            }
        }
    }
    EXIT_OK
}

/// `ims qti run-test`.
pub(crate) fn run_test(args: &RunTestArgs) -> u8 {
    let test = match read_doc(&args.test) {
        Ok(QtiDocument::Test(t)) => t,
        Ok(other) => {
            eprintln!(
                "ims: {}: a {} document, not a test",
                args.test.display(),
                other.kind_name()
            );
            return EXIT_USAGE;
        }
        Err(e) => {
            eprintln!("ims: {e}");
            return EXIT_USAGE;
        }
    };
    let base = args
        .test
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut items = HashMap::new();
    for r in test.item_refs() {
        if items.contains_key(&r.href) {
            continue;
        }
        match read_doc(&base.join(&r.href)) {
            Ok(QtiDocument::Item(i)) => {
                items.insert(r.href.clone(), i);
            }
            Ok(_) => {
                eprintln!("ims: {}: not an item", r.href);
                return EXIT_USAGE;
            }
            Err(e) => {
                eprintln!("ims: {e}");
                return EXIT_USAGE;
            }
        }
    }
    let resolve = |href: &str| items.get(href);
    let compiled = match CompiledTest::compile(&test, &resolve, &OperatorRegistry::with_builtins())
    {
        Ok(c) => c,
        Err(e) => {
            for p in &e.problems {
                eprintln!(
                    "ims: {}: {} [{}]",
                    args.test.display(),
                    p.message,
                    p.code.as_str()
                );
            }
            return EXIT_INVALID;
        }
    };
    let bytes = match read_input(&args.plan) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("ims: {}: {e}", args.plan);
            return EXIT_USAGE;
        }
    };
    let p: plan::Plan = match serde_json::from_slice(&bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "ims: {}: line {}, column {}: {e}",
                args.plan,
                e.line(),
                e.column()
            );
            return EXIT_USAGE;
        }
    };
    let (session, log) = match plan::run(&compiled, &p) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("ims: {}: {e} [{}]", args.plan, e.code());
            return EXIT_INVALID;
        }
    };
    for a in &log {
        if let Some(err) = &a.error {
            eprintln!(
                "ims: action {}: refused: {err} [{}]",
                a.index,
                a.code.as_deref().unwrap_or("")
            );
        }
    }
    let version = match args.results_version.as_deref().map(qti::Version::parse) {
        Some(Some(v)) => v,
        Some(None) => {
            eprintln!("ims: --results-version: use 2.1, 2.2 or 3.0");
            return EXIT_USAGE;
        }
        None => match test.version {
            qti::Version::V2p0 => qti::Version::V2p1,
            v => v,
        },
    };
    let ctx = p
        .candidate
        .clone()
        .map(ResultContext::candidate)
        .unwrap_or_default();
    let datestamp = p
        .datestamp
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned());
    let result = test_assessment_result(&compiled, &session, &datestamp, version, &ctx);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&result) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("ims: {e}");
                return EXIT_INVALID;
            }
        },
        Format::Xml | Format::Text => {
            let w = qti::write(&QtiDocument::Result(result), version);
            print!("{}", w.xml);
        }
    }
    EXIT_OK
}
