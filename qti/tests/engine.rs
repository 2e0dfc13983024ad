//! Processing engine tests: expressions and rules, item sessions, spec-derived expected
//! outcomes for corpus items, corpus-wide scoring with correct responses, test sessions.

#[path = "engine/corpus.rs"]
mod corpus;
#[path = "engine/expressions.rs"]
mod expressions;
#[path = "engine/rules.rs"]
mod rules;
#[path = "engine/spec_expectations.rs"]
mod spec_expectations;
#[path = "engine/tests_session.rs"]
mod tests_session;
