//! Scripted test runs: a JSON plan of candidate actions driven through a [`TestSession`]
//! (used by `ims qti run-test`, and handy for tests of delivery rules).
//!
//! ```json
//! { "seed": 7, "datestamp": "2024-05-01T10:00:00Z", "candidate": "s-1",
//!   "actions": [
//!     { "submit": { "RESPONSE": "A" }, "elapsed": 12.5 },
//!     { "next": true },
//!     { "select": "item3", "elapsed": 2 },
//!     { "endTestPart": true },
//!     { "exitTest": true } ] }
//! ```
//! Responses take the PCI or plain form ([`super::json`]).

use serde::{Deserialize, Serialize};

use super::EngineError;
use super::test_session::{CompiledTest, TestSession};

/// A plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Plan {
    /// The session seed (selection, ordering, template processing).
    #[serde(default)]
    pub seed: u64,
    /// The datestamp written in the results.
    #[serde(default)]
    pub datestamp: Option<String>,
    /// The candidate's sourcedId for the results context.
    #[serde(default)]
    pub candidate: Option<String>,
    /// The actions, in order.
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// One candidate action; `elapsed` is the seconds since the previous action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[non_exhaustive]
pub struct Action {
    /// Submit responses for the current item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submit: Option<serde_json::Value>,
    /// Move to the next item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<bool>,
    /// Jump to an item (nonlinear parts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<String>,
    /// End the current test part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_test_part: Option<bool>,
    /// Exit the test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_test: Option<bool>,
    /// Seconds elapsed since the previous action.
    #[serde(default)]
    pub elapsed: f64,
}

/// What happened to one action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ActionOutcome {
    /// The action's index in the plan.
    pub index: usize,
    /// The refusal or error, when the session did not accept it (the run goes on).
    pub error: Option<String>,
    /// The stable code of the error.
    pub code: Option<String>,
}

/// Runs a plan: the session, and per action whether it was accepted. Refused actions (a
/// time limit, a skipping rule, no attempts left) are recorded and the run continues, as a
/// delivery system would; a malformed action is an error.
pub fn run(
    test: &CompiledTest,
    plan: &Plan,
) -> Result<(TestSession, Vec<ActionOutcome>), EngineError> {
    let mut s = test.start(plan.seed)?;
    let mut log = Vec::with_capacity(plan.actions.len());
    for (index, a) in plan.actions.iter().enumerate() {
        let r = if let Some(resp) = &a.submit {
            let item = s
                .current()
                .and_then(|o| test.item_of(o))
                .ok_or_else(|| EngineError::NotAllowed("no current item to submit to".into()));
            match item {
                Ok(item) => match super::json::read_responses(item, resp) {
                    Ok(rs) => test.submit(
                        &mut s,
                        rs.iter().map(|(k, v)| (k.as_str(), v.clone())),
                        a.elapsed,
                    ),
                    Err(e) => Err(EngineError::InvalidResponse {
                        identifier: e.pointer.clone(),
                        detail: e.detail,
                    }),
                },
                Err(e) => Err(e),
            }
        } else if a.next == Some(true) {
            test.next(&mut s, a.elapsed)
        } else if let Some(t) = &a.select {
            test.select(&mut s, t, a.elapsed)
        } else if a.end_test_part == Some(true) {
            test.end_test_part(&mut s, a.elapsed)
        } else if a.exit_test == Some(true) {
            test.exit_test(&mut s, a.elapsed)
        } else {
            return Err(EngineError::NotAllowed(format!(
                "action {index} names no action"
            )));
        };
        log.push(ActionOutcome {
            index,
            code: r.as_ref().err().map(|e| e.code().to_owned()),
            error: r.err().map(|e| e.to_string()),
        });
    }
    Ok((s, log))
}
