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

/// The table rows of the LIMITS.md section whose heading contains `heading`, as (name, default)
/// pairs: every table line after the header and its `|---|` line. A row whose first cell is
/// not one backticked name is returned with the whole cell as its name (and then reported as
/// naming no field).
fn table(heading: &str) -> Vec<(String, String)> {
    let start = LIMITS_MD
        .lines()
        .position(|l| l.starts_with("## ") && l.contains(heading))
        .unwrap_or_else(|| panic!("LIMITS.md has no section for {heading}"));
    let mut rows = Vec::new();
    let mut header_seen = false;
    for line in LIMITS_MD.lines().skip(start + 1) {
        if line.starts_with("## ") {
            break;
        }
        if !line.starts_with('|') || line.starts_with("|---") {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        // "| `name` | default | … |" splits into "", "`name`", "default", …
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let first = cells.get(1).copied().unwrap_or_default();
        let name = first
            .strip_prefix('`')
            .and_then(|c| c.strip_suffix('`'))
            .filter(|n| !n.contains('`'))
            .unwrap_or(first);
        rows.push((
            name.to_owned(),
            cells.get(2).copied().unwrap_or_default().to_owned(),
        ));
    }
    assert!(!rows.is_empty(), "LIMITS.md: no table rows for {heading}");
    rows
}

/// A documented default as a JSON value: `true`/`false` in backticks, or a number with
/// optional thousands separators (groups of three) and an optional binary unit, followed by any
/// words ("256 per element", "100,000 envelope `data` items").
fn documented(text: &str) -> Option<Value> {
    match text {
        "`true`" => return Some(Value::Bool(true)),
        "`false`" => return Some(Value::Bool(false)),
        _ => {}
    }
    let mut words = text.split_whitespace();
    let written = words.next()?;
    let mut groups = written.split(',');
    let head = groups.next()?;
    let mut digits = head.to_owned();
    for g in groups {
        if g.len() != 3 || head.is_empty() || head.len() > 3 {
            return None;
        }
        digits.push_str(g);
    }
    let number: u64 = digits.parse().ok()?;
    let scale: u64 = match words.next() {
        Some("KiB") => 1 << 10,
        Some("MiB") => 1 << 20,
        Some("GiB") => 1 << 30,
        _ => 1,
    };
    number.checked_mul(scale).map(Value::from)
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
    for (i, (name, _)) in rows.iter().enumerate() {
        if !fields.contains_key(name) {
            errors.push(format!(
                "{heading}: LIMITS.md documents `{name}`, which is not a field"
            ));
        }
        if rows[..i].iter().any(|(earlier, _)| earlier == name) {
            errors.push(format!("{heading}: LIMITS.md documents `{name}` twice"));
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
        let mentions: Vec<usize> = LIMITS_MD.match_indices(&marker).map(|(at, _)| at).collect();
        if mentions.is_empty() {
            errors.push(format!("LIMITS.md does not name `{name}`"));
        }
        for at in mentions {
            // The value is the text before the marker, from the cell's `|` or the previous
            // bound's ", " on, after any leading word such as "depth".
            let before = &LIMITS_MD[..at];
            let from = before
                .rfind(['|', '\n'])
                .max(before.rfind(", ").map(|i| i + 1));
            let written = before[from.map_or(0, |i| i + 1)..]
                .split_whitespace()
                .skip_while(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
                .collect::<Vec<_>>()
                .join(" ");
            if documented(&written) != Some(Value::from(value)) {
                errors.push(format!(
                    "`{name}` is {value} in the code, {written:?} in LIMITS.md"
                ));
            }
        }
    }
    // Every constant LIMITS.md names this way is one of the above.
    for (at, _) in LIMITS_MD.match_indices(" (`") {
        let rest = &LIMITS_MD[at + 3..];
        let Some(end) = rest.find('`') else { continue };
        let path = &rest[..end];
        let last = path.rsplit("::").next().unwrap_or_default();
        let is_constant = path.contains("::")
            && !last.is_empty()
            && last
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if is_constant && !bounds.iter().any(|(n, _)| *n == path) {
            errors.push(format!(
                "LIMITS.md names the constant `{path}`, which this test does not check"
            ));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn readme_summary_matches_the_defaults() {
    // Compared with whitespace collapsed, so re-wrapping the README does not matter.
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let readme = collapse(README);
    let xml = lti_core::xml::Limits::default();
    let depth = format!("XML nested at most {} levels", xml.max_depth);
    assert!(readme.contains(&depth), "README does not say {depth:?}");
    let jwt_bytes = lti_core::lti::jose::DEFAULT_MAX_TOKEN_BYTES;
    assert_eq!(
        jwt_bytes % 1024,
        0,
        "the README states the JWT limit in whole KiB"
    );
    let jwt = format!("JWTs of at most {} KiB", jwt_bytes / 1024);
    assert!(readme.contains(&jwt), "README does not say {jwt:?}");
}
