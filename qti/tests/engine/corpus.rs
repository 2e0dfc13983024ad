//! Every corpus item that declares a correct response is scored with it.

use std::path::{Path, PathBuf};

use qti::processing::StandardTemplate;
use qti::runtime::{CompiledItem, OperatorRegistry, VariableKind};
use qti::{QtiDocument, ReadOptions, SingleValue, Value};

pub(crate) fn corpus_dir() -> Option<PathBuf> {
    let base = std::env::var_os("IMS_SHARED_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        PathBuf::from,
    );
    let d = base.join("corpus/qti");
    d.is_dir().then_some(d)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "xml") {
            out.push(p);
        }
    }
}

pub(crate) fn corpus_items() -> Option<Vec<(PathBuf, qti::AssessmentItem)>> {
    let dir = corpus_dir()?;
    let mut files = Vec::new();
    walk(&dir, &mut files);
    let mut out = Vec::new();
    for f in files {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        if let Ok((QtiDocument::Item(item), _)) = qti::parse(&bytes, &ReadOptions::default()) {
            out.push((f, item));
        }
    }
    Some(out)
}

fn f(v: Option<&Value>) -> Option<f64> {
    match v {
        Some(Value::Single(SingleValue::Float(x))) => Some(*x),
        #[allow(clippy::cast_precision_loss)]
        Some(Value::Single(SingleValue::Integer(x))) => Some(*x as f64),
        _ => None,
    }
}

#[test]
fn corpus_items_score_their_correct_response() {
    let Some(items) = corpus_items() else {
        println!("skipping: shared/corpus/qti not found");
        return;
    };
    let registry = OperatorRegistry::with_builtins();
    let mut unscorable = Vec::new();
    let mut scored = 0;
    let mut max_checked = 0;
    let mut without_correct = 0;
    let mut failures = Vec::new();
    let mut runtime_errors = Vec::new();
    let mut notes = Vec::new();
    for (path, item) in &items {
        let name = path.display().to_string();
        let compiled = match CompiledItem::compile(item, &registry) {
            Ok(c) => c,
            Err(e) => {
                unscorable.push(format!("{name}: {e}"));
                continue;
            }
        };
        let mut session = match compiled.new_session(1) {
            Ok(s) => s,
            Err(e) => {
                unscorable.push(format!("{name}: template processing: {e}"));
                continue;
            }
        };
        let responses: Vec<(String, Value)> = compiled
            .variables()
            .iter()
            .filter(|v| v.kind == VariableKind::Response && !v.builtin)
            .filter_map(|v| {
                let c = session.correct_response(&compiled, &v.identifier)?;
                (!c.is_null()).then(|| (v.identifier.to_string(), c.clone()))
            })
            .collect();
        if responses.is_empty() {
            without_correct += 1;
            continue;
        }
        let r = session.submit(
            &compiled,
            responses.iter().map(|(k, v)| (k.as_str(), v.clone())),
        );
        if let Err(e) = r {
            // Run-time errors come from the items' own processing (operands in the wrong
            // order, a container assigned to a single outcome): listed with the reason. An
            // unsupported construct would be an engine gap and fails the test.
            if e.code() == qti::runtime::codes::UNSUPPORTED {
                failures.push(format!("{name}: {e}"));
            } else {
                runtime_errors.push(format!("{name}: {e}"));
            }
            continue;
        }
        scored += 1;
        let score = f(session.value(&compiled, "SCORE"));
        let template = item
            .response_processing
            .as_ref()
            .filter(|rp| rp.rules.is_empty())
            .and_then(|rp| rp.standard_template());
        let single_response = responses.len() == 1
            && compiled
                .variables()
                .iter()
                .filter(|v| v.kind == VariableKind::Response && !v.builtin)
                .count()
                == 1;
        match template {
            Some(StandardTemplate::MatchCorrect | StandardTemplate::Cc2Match)
                if single_response =>
            {
                max_checked += 1;
                if score != Some(1.0) {
                    failures.push(format!(
                        "{name}: match_correct with the correct response gave SCORE {score:?}"
                    ));
                }
            }
            Some(StandardTemplate::Cc2MatchBasic) if single_response => {
                max_checked += 1;
                let max = f(session.value(&compiled, "MAXSCORE"));
                if score != max {
                    failures.push(format!(
                        "{name}: CC2_match_basic gave SCORE {score:?}, MAXSCORE {max:?}"
                    ));
                }
            }
            _ => {}
        }
        if let (Some(s), Some(m)) = (
            score,
            compiled.variable("SCORE").and_then(|v| v.normal_maximum),
        ) && s > m + 1e-9
        {
            notes.push(format!("{name}: SCORE {s} above normalMaximum {m}"));
        }
    }
    println!(
        "corpus: {} items; {scored} scored with their correct response ({max_checked} with the maximum checked); {without_correct} without a correct response; {} unscorable; {} with run-time errors",
        items.len(),
        unscorable.len(),
        runtime_errors.len()
    );
    for u in &unscorable {
        println!("unscorable: {u}");
    }
    for u in &runtime_errors {
        println!("runtime error (item processing is inconsistent): {u}");
    }
    for n in &notes {
        println!("note (declared normalMaximum is below the score of the correct response): {n}");
    }
    for fl in &failures {
        println!("FAILURE: {fl}");
    }
    assert!(failures.is_empty(), "{} failures", failures.len());
    assert!(scored > 100, "only {scored} items scored");
}
