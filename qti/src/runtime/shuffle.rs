//! Shuffling of interaction choices: `shuffle="true"` on choice, order, associate, match (each
//! `simpleMatchSet` on its own), gapMatch and inlineChoice interactions (QTI 2.1/2.2 `shuffle`,
//! 3.0 `shuffle`). Choices with `fixed="true"` keep their position; the others are permuted
//! among the remaining positions. The order is drawn once per item session, from a generator
//! derived from the session seed but separate from the template-processing generator (so the
//! template values of a seed do not depend on whether an item shuffles), and kept in the
//! session so that a resumed session presents the same order.

use serde::{Deserialize, Serialize};

use crate::interactions::{Choice, InteractionKind};
use crate::item::AssessmentItem;
use crate::value::Identifier;

use super::rng::Prng;

/// One shuffled list of choices, compiled: the choices in document order and which are fixed.
#[derive(Debug, Clone)]
pub(crate) struct ShuffleSpec {
    response: Identifier,
    set: usize,
    choices: Vec<Identifier>,
    fixed: Vec<bool>,
}

/// The presentation order of one interaction's choices (or of one match set) in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChoiceOrder {
    /// The interaction's `responseIdentifier`.
    pub response_identifier: Identifier,
    /// Which list of the interaction: 0, or 1 for the second `simpleMatchSet` of a
    /// `matchInteraction`.
    pub set: usize,
    /// The choice identifiers in presentation order.
    pub choices: Vec<Identifier>,
}

fn spec(response: &Identifier, set: usize, choices: &[Choice]) -> ShuffleSpec {
    ShuffleSpec {
        response: response.clone(),
        set,
        choices: choices.iter().map(|c| c.identifier.clone()).collect(),
        fixed: choices.iter().map(|c| c.fixed == Some(true)).collect(),
    }
}

/// The shuffled lists of an item, in document order.
pub(crate) fn collect(item: &AssessmentItem) -> Vec<ShuffleSpec> {
    let mut out = Vec::new();
    for i in item.interactions() {
        let r = &i.response_identifier;
        match &i.kind {
            InteractionKind::Choice(c) | InteractionKind::Order(c) if c.shuffle == Some(true) => {
                out.push(spec(r, 0, &c.choices));
            }
            InteractionKind::Associate(c) if c.shuffle == Some(true) => {
                out.push(spec(r, 0, &c.choices));
            }
            InteractionKind::Match(m) if m.shuffle == Some(true) => {
                for (k, set) in m.match_sets.iter().enumerate() {
                    out.push(spec(r, k, &set.choices));
                }
            }
            InteractionKind::GapMatch(g) if g.shuffle == Some(true) => {
                out.push(spec(r, 0, &g.choices));
            }
            InteractionKind::InlineChoice(c) if c.shuffle == Some(true) => {
                out.push(spec(r, 0, &c.choices));
            }
            _ => {}
        }
    }
    out
}

/// The seed of the shuffling generator for a session seed.
pub(crate) const fn shuffle_seed(seed: u64) -> u64 {
    seed.rotate_left(29) ^ 0x5348_5546_464C_4531
}

/// Draws the order of every list.
pub(crate) fn draw(specs: &[ShuffleSpec], rng: &mut Prng) -> Vec<ChoiceOrder> {
    specs
        .iter()
        .map(|s| {
            let mut movable: Vec<&Identifier> = s
                .choices
                .iter()
                .zip(&s.fixed)
                .filter(|(_, f)| !**f)
                .map(|(c, _)| c)
                .collect();
            rng.shuffle(&mut movable);
            let mut movable = movable.into_iter();
            let choices = s
                .choices
                .iter()
                .zip(&s.fixed)
                .map(|(c, fixed)| {
                    if *fixed {
                        c.clone()
                    } else {
                        // As many movable choices as non-fixed positions.
                        movable.next().unwrap_or(c).clone()
                    }
                })
                .collect();
            ChoiceOrder {
                response_identifier: s.response.clone(),
                set: s.set,
                choices,
            }
        })
        .collect()
}
