//! Response validity (`itemSessionControl/@validateResponses`): the constraints interactions put
//! on their responses — minimum and maximum numbers of choices, associations or strings, a
//! required inline choice, and `patternMask`.

use std::sync::Arc;

use regex::Regex;

use crate::interactions::InteractionKind;
use crate::item::AssessmentItem;
use crate::value::{Identifier, SingleValue, Value};

/// The constraints of one interaction.
#[derive(Debug, Clone)]
pub(crate) struct Constraint {
    pub(crate) response: Identifier,
    pub(crate) interaction: &'static str,
    pub(crate) min: u32,
    /// 0 = unlimited.
    pub(crate) max: u32,
    pub(crate) pattern: Option<(String, Arc<Regex>)>,
}

pub(crate) fn collect(item: &AssessmentItem) -> Vec<Constraint> {
    let mut out = Vec::new();
    for i in item.interactions() {
        let (min, max, mask): (u32, u32, Option<&String>) = match &i.kind {
            InteractionKind::Choice(c) => {
                (c.min_choices.unwrap_or(0), c.max_choices.unwrap_or(1), None)
            }
            InteractionKind::Order(c) => {
                (c.min_choices.unwrap_or(0), c.max_choices.unwrap_or(0), None)
            }
            InteractionKind::Associate(a) => (
                a.min_associations.unwrap_or(0),
                a.max_associations.unwrap_or(1),
                None,
            ),
            InteractionKind::Match(a) => (
                a.min_associations.unwrap_or(0),
                a.max_associations.unwrap_or(1),
                None,
            ),
            InteractionKind::GapMatch(a) => (
                a.min_associations.unwrap_or(0),
                a.max_associations.unwrap_or(0),
                None,
            ),
            InteractionKind::InlineChoice(c) => (
                c.min_choices
                    .unwrap_or_else(|| u32::from(c.required.unwrap_or(false))),
                1,
                None,
            ),
            InteractionKind::TextEntry(t) => (0, 0, t.pattern_mask.as_ref()),
            InteractionKind::ExtendedText(t) => (
                t.min_strings.unwrap_or(0),
                t.max_strings.unwrap_or(0),
                t.pattern_mask.as_ref(),
            ),
            InteractionKind::Hottext(h) => {
                (h.min_choices.unwrap_or(0), h.max_choices.unwrap_or(1), None)
            }
            InteractionKind::Hotspot(h) | InteractionKind::GraphicOrder(h) => {
                (h.min_choices.unwrap_or(0), h.max_choices.unwrap_or(0), None)
            }
            InteractionKind::GraphicAssociate(a) => (
                a.min_associations.unwrap_or(0),
                a.max_associations.unwrap_or(1),
                None,
            ),
            InteractionKind::GraphicGapMatch(a) => (
                a.min_associations.unwrap_or(0),
                a.max_associations.unwrap_or(0),
                None,
            ),
            InteractionKind::SelectPoint(o) | InteractionKind::PositionObject(o) => {
                (o.min_choices.unwrap_or(0), o.max_choices.unwrap_or(0), None)
            }
            _ => continue,
        };
        let pattern = mask.and_then(|m| {
            super::xsd_regex::compile(m)
                .ok()
                .map(|r| (m.clone(), Arc::new(r)))
        });
        out.push(Constraint {
            response: i.response_identifier.clone(),
            interaction: i.kind.element_name(),
            min,
            max,
            pattern,
        });
    }
    out
}

/// The problems of a response value under a constraint.
pub(crate) fn check(c: &Constraint, v: &Value) -> Option<String> {
    let n = u32::try_from(match v {
        Value::Null => 0,
        Value::Single(SingleValue::String(s)) if s.is_empty() => 0,
        Value::Single(_) => 1,
        Value::Multiple(x) | Value::Ordered(x) => x.len(),
        Value::Record(_) => 1,
    })
    .unwrap_or(u32::MAX);
    if n < c.min {
        return Some(format!(
            "{}: {:?} needs at least {} value(s), has {n}",
            c.interaction, c.response, c.min
        ));
    }
    if c.max > 0 && n > c.max {
        return Some(format!(
            "{}: {:?} allows at most {} value(s), has {n}",
            c.interaction, c.response, c.max
        ));
    }
    if let Some((mask, re)) = &c.pattern {
        for s in super::values::items(v) {
            if let SingleValue::String(t) = s
                && !re.is_match(t)
            {
                return Some(format!(
                    "{}: {t:?} does not match the pattern mask {mask:?}",
                    c.interaction
                ));
            }
        }
    }
    None
}
