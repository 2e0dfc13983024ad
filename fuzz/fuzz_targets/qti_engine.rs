//! The processing engine on any item: compile, start a session (template processing, with
//! templateConstraint), submit the correct responses (response processing), report.
//! Never a panic; evaluation errors are values.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qti::runtime::{CompiledItem, OperatorRegistry, VariableKind};
use qti::{QtiDocument, ReadOptions, Value};

fuzz_target!(|data: &[u8]| {
    let Ok((QtiDocument::Item(item), _)) = qti::parse(data, &ReadOptions::unchecked()) else {
        return;
    };
    let Ok(compiled) = CompiledItem::compile(&item, &OperatorRegistry::with_builtins()) else {
        return;
    };
    let Ok(mut session) = compiled.new_session(7) else { return };
    let responses: Vec<(String, Value)> = compiled
        .variables()
        .iter()
        .filter(|v| v.kind == VariableKind::Response && !v.builtin)
        .map(|v| (v.identifier.as_str().to_owned(), v.correct.clone()))
        .collect();
    let _ = session.submit(&compiled, responses.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let _ = qti::runtime::json::session_report(&compiled, &session, false);
    let _ = qti::runtime::json::session_report(&compiled, &session, true);
    let _ = session.end_attempt(&compiled);
});
