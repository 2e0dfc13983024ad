//! LIMITS.md and the README state every limit's default: this test holds them to the code.
//!
//! For each crate's limits value (`lti_core::xml::Limits`, `caliper::Limits`,
//! `oneroster::Limits`, `common_cartridge::package::Limits`), every field of its `Default`
//! (read through serde, so a new field cannot be forgotten) must have a row in the crate's table
//! in LIMITS.md, and the row's default must be the value; rows naming no field are errors too.
//! The fixed bounds LIMITS.md names by their constant (`runtime::TEMPLATE_CONSTRAINT_LIMIT`…)
//! must have the constant's value, and the README's summary figures must match the defaults.

use serde_json::Value;

const LIMITS_MD: &str = include_str!("../LIMITS.md");
const README: &str = include_str!("../README.md");

/// The table rows (`| \`name\` | default | …`) of the LIMITS.md section whose heading contains
/// `heading`, as (name, default) pairs.
fn table(heading: &str) -> Vec<(String, String)> {
    let start = LIMITS_MD
        .lines()
        .position(|l| l.starts_with("## ") && l.contains(heading))
        .unwrap_or_else(|| panic!("LIMITS.md has no section for {heading}"));
    let mut rows = Vec::new();
    for line in LIMITS_MD.lines().skip(start + 1) {
        if line.starts_with("## ") {
            break;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| `name` | default | … |" splits into "", "`name`", "default", …
        if cells.len() >= 4
            && let Some(name) = cells[1].strip_prefix('`').and_then(|c| c.strip_suffix('`'))
        {
            rows.push((name.to_owned(), cells[2].to_owned()));
        }
    }
    rows
}

/// A documented default as a JSON value: `true`/`false` in backticks, or a number with
/// optional thousands separators and an optional binary unit, followed by any words
/// ("256 per element", "100,000 envelope `data` items").
fn documented(text: &str) -> Option<Value> {
    match text {
        "`true`" => return Some(Value::Bool(true)),
        "`false`" => return Some(Value::Bool(false)),
        _ => {}
    }
    let mut words = text.split_whitespace();
    let number: u64 = words.next()?.replace(',', "").parse().ok()?;
    let scale: u64 = match words.next() {
        Some("KiB") => 1 << 10,
        Some("MiB") => 1 << 20,
        Some("GiB") => 1 << 30,
        _ => 1,
    };
    Some(Value::from(number * scale))
}

/// Compares one crate's table with its `Default`, collecting every mismatch.
fn check(heading: &str, defaults: &Value, errors: &mut Vec<String>) {
    let Value::Object(fields) = defaults else {
        panic!("{heading}: the limits do not serialise to an object");
    };
    let rows = table(heading);
    for (field, value) in fields {
        match rows.iter().find(|(name, _)| name == field) {
            None => errors.push(format!("{heading}: `{field}` has no row in LIMITS.md")),
            // A nested limits value (`xml` in common-cartridge) is documented by reference.
            Some((_, text)) if value.is_object() => {
                if *value != serde_json::to_value(lti_core::xml::Limits::default()).unwrap()
                    || text != "`lti_core::xml::Limits::default()`"
                {
                    errors.push(format!("{heading}: `{field}` is documented as {text}"));
                }
            }
            Some((_, text)) => {
                if documented(text).as_ref() != Some(value) {
                    errors.push(format!(
                        "{heading}: `{field}` is {value} in the code, {text:?} in LIMITS.md"
                    ));
                }
            }
        }
    }
    for (name, _) in &rows {
        if !fields.contains_key(name) {
            errors.push(format!(
                "{heading}: LIMITS.md documents `{name}`, which is not a field"
            ));
        }
    }
}

#[test]
fn limits_md_states_every_default() {
    let mut errors = Vec::new();
    let json = |v: Result<Value, serde_json::Error>| v.expect("limits serialise");
    check(
        "`lti_core::xml::Limits`",
        &json(serde_json::to_value(lti_core::xml::Limits::default())),
        &mut errors,
    );
    check(
        "`caliper::Limits`",
        &json(serde_json::to_value(caliper::Limits::default())),
        &mut errors,
    );
    check(
        "`oneroster::Limits`",
        &json(serde_json::to_value(oneroster::Limits::default())),
        &mut errors,
    );
    check(
        "`common_cartridge::package::Limits`",
        &json(serde_json::to_value(
            common_cartridge::package::Limits::default(),
        )),
        &mut errors,
    );
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn limits_md_states_the_fixed_bounds() {
    // "<value> (`<constant>`" as LIMITS.md writes a fixed bound next to the constant's name;
    // the value may carry a unit ("64 KiB").
    let bounds: [(&str, usize); 5] = [
        (
            "jose::DEFAULT_MAX_TOKEN_BYTES",
            lti_core::lti::jose::DEFAULT_MAX_TOKEN_BYTES,
        ),
        (
            "runtime::TEMPLATE_CONSTRAINT_LIMIT",
            qti::runtime::TEMPLATE_CONSTRAINT_LIMIT,
        ),
        (
            "runtime::MAX_REPEAT_VALUES",
            qti::runtime::MAX_REPEAT_VALUES,
        ),
        (
            "section_ref::MAX_SECTION_REF_DEPTH",
            qti::section_ref::MAX_SECTION_REF_DEPTH,
        ),
        (
            "section_ref::MAX_SECTION_REFS",
            qti::section_ref::MAX_SECTION_REFS,
        ),
    ];
    let mut errors = Vec::new();
    for (name, value) in bounds {
        let marker = format!(" (`{name}`");
        let Some(at) = LIMITS_MD.find(&marker) else {
            errors.push(format!("LIMITS.md does not name `{name}`"));
            continue;
        };
        // The value is the text before the marker, from the cell's `|` or the previous bound's
        // ", " on, after any leading word such as "depth".
        let before = &LIMITS_MD[..at];
        let from = before
            .rfind(['|', '\n'])
            .max(before.rfind(", ").map(|i| i + 1));
        let written = before[from.map_or(0, |i| i + 1)..]
            .split_whitespace()
            .skip_while(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" ");
        let documented = documented(&written);
        if documented != Some(Value::from(value)) {
            errors.push(format!(
                "`{name}` is {value} in the code, {written:?} in LIMITS.md"
            ));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn readme_summary_matches_the_defaults() {
    let xml = lti_core::xml::Limits::default();
    let depth = format!("XML nested at most {} levels", xml.max_depth);
    assert!(README.contains(&depth), "README does not say {depth:?}");
    let jwt = format!(
        "JWTs of\nat most {} KiB",
        lti_core::lti::jose::DEFAULT_MAX_TOKEN_BYTES / 1024
    );
    let readme_one_line = README.replace('\n', " ");
    assert!(
        readme_one_line.contains(&jwt.replace('\n', " ")),
        "README does not say {jwt:?}"
    );
}
