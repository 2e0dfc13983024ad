//! Writes structured seed inputs for the `caliper_json` fuzz target (see `fuzz/README.md`).
//!
//! The target's state space is a vocabulary: about a hundred entity types, each with its own
//! properties, and event types with their own actors, actions and objects. Random mutation finds
//! one (type, property) pair after another over hours. These seeds give it every pair at once,
//! taken from the crate's own tables (so they stay in step with the code):
//!
//! - for every entity type, one entity with every property the type defines, each holding a
//!   value of the kind the property expects (references: an embedded entity of an allowed type,
//!   or an IRI in arrays), and one whose references are all IRIs, with a member the type does
//!   not define;
//! - for every event rule and each of its actions, one event with an allowed actor and object
//!   and every event property, wrapped in an envelope for every tenth.
//!
//! ```text
//! cargo run --example caliper_fuzz_seeds -- fuzz/corpus/caliper_json
//! ```
//!
//! Prints how many files it wrote and how many of them validate without an error.
use std::path::PathBuf;

use caliper::entity::Entity;
use caliper::rules::{EVENT_RULES, PROFILE_RULES};
use caliper::vocab::{Availability, IdentifierType, LtiMessageType, Metric, Profile, Role, Status};
use caliper::{Action, EntityType, Event, Version};
use serde_json::{Map, Value, json};

const TIME: &str = "2026-01-02T03:04:05.678Z";

/// A value for a property that expects `expected` (the crate's own description) and, for a
/// reference, one of `targets`; `full` embeds entities, otherwise references are IRIs.
fn value_for(expected: &str, targets: Option<&[EntityType]>, full: bool, n: usize) -> Value {
    // An embedded entity has every property of its type too, with IRIs for its own references.
    let embedded = |n: usize| -> Value {
        match targets.and_then(|t| t.get(n % t.len().max(1))) {
            Some(t) if full => Value::Object(entity(t, false, n)),
            _ => json!(format!("https://example.edu/ref/{n}")),
        }
    };
    let term = |all: &[&str]| json!(all.get(n % all.len().max(1)).copied().unwrap_or("x"));
    match expected {
        "a string" => json!(format!("text {n}")),
        "a boolean" => json!(n.is_multiple_of(2)),
        "an integer" => json!(-3 + n as i64),
        "a non-negative integer" => json!(n),
        "a decimal number" => json!(0.5 + n as f64),
        "an array of strings" => json!(["a", "b"]),
        "a JSON object" => json!({"k": "v", "n": n}),
        // Embedded entities only (otherIdentifiers: system identifiers).
        "an array of objects" => {
            // Only reached with `full` (see `entity`).
            let t = targets
                .and_then(|t| t.first())
                .cloned()
                .unwrap_or_else(|| EntityType::from_term("SystemIdentifier"));
            json!([Value::Object(entity(&t, false, n))])
        }
        "an ISO 8601 duration string" => json!("PT1M30.5S"),
        "an entity object or an IRI string" => embedded(n),
        "an array of entity objects or IRI strings" => {
            json!([embedded(n), json!(format!("https://example.edu/ref/{n}b"))])
        }
        "an array of LIS role terms" => {
            let roles = names(Role::ALL, Role::as_str);
            json!([roles[n % roles.len()], roles[(n + 1) % roles.len()]])
        }
        e if e.starts_with("a date-time string") => json!(TIME),
        e if e.starts_with("a context IRI") => json!(Version::V1p2.context_iri()),
        "a Role term (string)" => term(&names(Role::ALL, Role::as_str)),
        "a Profile term (string)" => term(&names(Profile::ALL, Profile::as_str)),
        "a Status term (string)" => term(&names(Status::ALL, Status::as_str)),
        "a Metric term (string)" => term(&names(Metric::ALL, Metric::as_str)),
        "a IdentifierType term (string)" => {
            term(&names(IdentifierType::ALL, IdentifierType::as_str))
        }
        "a LtiMessageType term (string)" => {
            term(&names(LtiMessageType::ALL, LtiMessageType::as_str))
        }
        _ => json!(format!("value {n}")),
    }
}

/// The terms of a vocabulary.
fn names<T>(all: &[T], as_str: fn(&T) -> &str) -> Vec<&str> {
    all.iter().map(as_str).collect()
}

/// An entity of type `ty` with every property of its type.
fn entity(ty: &EntityType, full: bool, n: usize) -> Map<String, Value> {
    let e = Entity::empty(ty);
    let mut m = Map::new();
    m.insert(
        "id".into(),
        json!(format!("https://example.edu/{}/{n}", ty.as_str())),
    );
    m.insert("type".into(), json!(ty.as_str()));
    for (i, key) in caliper::entity::all_properties().iter().enumerate() {
        if matches!(*key, "id" | "type" | "@context") || !e.is_property(key) {
            continue;
        }
        let expected = e.expected(key).unwrap_or("a string");
        if !full && expected == "an array of objects" {
            // Embedded-only lists are left out where references are IRIs (this is also where
            // an embedded entity's own lists would recurse).
            continue;
        }
        m.insert(
            (*key).to_owned(),
            value_for(expected, e.ref_types(key), full, n + i),
        );
    }
    m
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: caliper_fuzz_seeds DIR")?,
    );
    std::fs::create_dir_all(&dir)?;
    let ctx = Version::V1p2.context_iri();
    let mut docs: Vec<(String, Value)> = Vec::new();
    for (n, ty) in EntityType::ALL.iter().enumerate() {
        for full in [true, false] {
            let mut m = entity(ty, full, n);
            // 1.2 for the embedding variant; 1.1 (with the profile extension's context) for the
            // other, where the type exists there.
            let context = match (full, ty.availability()) {
                (_, Availability::DeprecatedV1p1) | (false, Availability::Core) => {
                    json!(Version::V1p1.context_iri())
                }
                (false, Availability::Extension(ext)) => {
                    json!([Version::V1p1.context_iri(), ext.context_iri()])
                }
                _ => json!(ctx),
            };
            m.insert("@context".into(), context);
            if !full {
                // A member the type does not define: its property list is searched to the end.
                m.insert("xSeedUnknown".into(), json!([1, {"a": null}]));
            }
            let name = format!(
                "seed-entity-{}-{}",
                ty.as_str(),
                if full { "full" } else { "iri" }
            );
            docs.push((name, Value::Object(m)));
        }
    }
    let mut count = 0usize;
    for rule in EVENT_RULES {
        let actions: Vec<Action> = if rule.actions.is_empty() {
            vec![Action::Viewed]
        } else {
            rule.actions.to_vec()
        };
        for (k, action) in actions.iter().enumerate() {
            let mut m = Map::new();
            let context = match rule.event.availability() {
                Availability::DeprecatedV1p1 => Version::V1p1.context_iri(),
                _ => ctx,
            };
            m.insert("@context".into(), json!(context));
            m.insert(
                "id".into(),
                json!(format!("urn:uuid:00000000-0000-4000-8000-{count:012}")),
            );
            m.insert("type".into(), json!(rule.event.as_str()));
            m.insert("action".into(), json!(action.as_str()));
            m.insert("eventTime".into(), json!(TIME));
            let pick = |allowed: &[EntityType]| allowed.get(k % allowed.len().max(1)).cloned();
            for (key, allowed) in [
                ("actor", Some(rule.actor)),
                ("object", Some(rule.object)),
                ("generated", rule.generated),
                ("target", rule.target),
                ("referrer", rule.referrer),
            ] {
                let ty = allowed
                    .and_then(pick)
                    .unwrap_or_else(|| EntityType::from_term("Entity"));
                m.insert(key.into(), Value::Object(entity(&ty, k % 2 == 0, count)));
            }
            for key in Event::PROPERTIES {
                if m.contains_key(*key) || *key == "@context" {
                    continue;
                }
                let expected = Event::expected(key).unwrap_or("a string");
                m.insert(
                    (*key).to_owned(),
                    value_for(expected, Event::ref_types(key), true, count),
                );
            }
            // A profile whose table has this event and action, or none.
            match PROFILE_RULES
                .iter()
                .find(|p| p.event == rule.event && p.actions.contains(action))
            {
                Some(p) => m.insert("profile".into(), json!(p.profile.as_str())),
                None => m.remove("profile"),
            };
            let name = format!("seed-event-{}-{}", rule.event.as_str(), action.as_str());
            let doc = if count.is_multiple_of(10) {
                json!({
                    "sensor": "https://example.edu/sensor",
                    "sendTime": TIME,
                    "dataVersion": ctx,
                    "data": [Value::Object(m)],
                })
            } else {
                Value::Object(m)
            };
            docs.push((name, doc));
            count += 1;
        }
    }
    // Every seed is written: one the reader refuses still exercises the target (and is named).
    let (mut valid, mut refused) = (0usize, Vec::new());
    for (name, doc) in &docs {
        let bytes = serde_json::to_vec_pretty(doc)?;
        match caliper::read(&bytes) {
            Ok(read) if !caliper::validate(&read).has_errors() => valid += 1,
            Ok(_) => {}
            Err(e) => refused.push(format!("{name}: {e}")),
        }
        std::fs::write(dir.join(format!("{name}.json")), bytes)?;
    }
    println!(
        "wrote {} seeds to {} ({valid} validate without an error, {} not read)",
        docs.len(),
        dir.display(),
        refused.len()
    );
    for r in refused {
        println!("  not read: {r}");
    }
    Ok(())
}
