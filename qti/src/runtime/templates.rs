//! The standard response processing templates, built in (never fetched): `match_correct`,
//! `map_response`, `map_response_point` (QTI 2.0/2.1/2.2/3.0 locations, recognised by the last
//! URI segment) and the Common Cartridge `CC2_match`, `CC2_match_basic`, `CC2_map_response`.
//! Each is expressed as the rules its published XML contains.

use crate::processing::{
    Branch, Condition, Expression, ExpressionKind, Literal, ResponseRule, SetValue,
    StandardTemplate, ToleranceMode,
};
use crate::value::{BaseType, SingleValue};

fn var(id: &str) -> Expression {
    Expression::new(ExpressionKind::Variable {
        identifier: id.into(),
        weight_identifier: None,
    })
}

fn float(v: f64) -> Expression {
    Expression::new(ExpressionKind::BaseValue {
        base_type: BaseType::Float,
        value: Literal::of(SingleValue::Float(v)),
    })
}

fn ident(v: &str) -> Expression {
    Expression::new(ExpressionKind::BaseValue {
        base_type: BaseType::Identifier,
        value: Literal::of(SingleValue::Identifier(v.into())),
    })
}

fn set(id: &str, e: Expression) -> ResponseRule {
    ResponseRule::SetOutcomeValue(SetValue {
        identifier: id.into(),
        expression: Some(e),
        other_attributes: Vec::new(),
        span: lti_core::xml::Span::default(),
    })
}

fn cond(c: Expression, then: Vec<ResponseRule>, otherwise: Vec<ResponseRule>) -> ResponseRule {
    ResponseRule::Condition(Box::new(Condition {
        if_branch: Branch::new(Some(c), then),
        else_if: Vec::new(),
        else_branch: Some(Branch::new(None, otherwise)),
        after_else: Vec::new(),
        other_attributes: Vec::new(),
        span: lti_core::xml::Span::default(),
    }))
}

fn match_correct() -> Expression {
    Expression::new(ExpressionKind::Match(vec![
        var("RESPONSE"),
        Expression::new(ExpressionKind::Correct {
            identifier: "RESPONSE".into(),
        }),
    ]))
}

fn null_or_map(point: bool) -> ResponseRule {
    let map = if point {
        ExpressionKind::MapResponsePoint {
            identifier: "RESPONSE".into(),
        }
    } else {
        ExpressionKind::MapResponse {
            identifier: "RESPONSE".into(),
        }
    };
    cond(
        Expression::new(ExpressionKind::IsNull(vec![var("RESPONSE")])),
        vec![set("SCORE", float(0.0))],
        vec![set("SCORE", Expression::new(map))],
    )
}

/// The rules of a standard template.
pub fn rules(t: StandardTemplate) -> Vec<ResponseRule> {
    match t {
        StandardTemplate::MatchCorrect | StandardTemplate::Cc2Match => vec![cond(
            match_correct(),
            vec![set("SCORE", float(1.0))],
            vec![set("SCORE", float(0.0))],
        )],
        StandardTemplate::MapResponse => vec![null_or_map(false)],
        StandardTemplate::MapResponsePoint => vec![null_or_map(true)],
        StandardTemplate::Cc2MatchBasic => vec![cond(
            match_correct(),
            vec![
                set("SCORE", var("MAXSCORE")),
                set("FEEDBACKBASIC", ident("correct")),
            ],
            vec![set("FEEDBACKBASIC", ident("incorrect"))],
        )],
        StandardTemplate::Cc2MapResponse => vec![
            null_or_map(false),
            cond(
                Expression::new(ExpressionKind::Equal {
                    tolerance_mode: Some(ToleranceMode::Exact),
                    tolerance: None,
                    include_lower_bound: None,
                    include_upper_bound: None,
                    operands: vec![var("MAXSCORE"), var("SCORE")],
                }),
                vec![set("FEEDBACK", ident("correct"))],
                vec![set("FEEDBACK", ident("incorrect"))],
            ),
        ],
    }
}

/// The template named by a URI (any version's location; matched by last path segment with an
/// optional `.xml`).
pub fn recognise(uri: &str) -> Option<StandardTemplate> {
    crate::processing::ResponseProcessing {
        template: Some(uri.to_owned()),
        ..Default::default()
    }
    .standard_template()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_location() {
        for (u, t) in [
            (
                "http://www.imsglobal.org/question/qti_v2p0/rptemplates/match_correct",
                StandardTemplate::MatchCorrect,
            ),
            (
                "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response",
                StandardTemplate::MapResponse,
            ),
            (
                "http://www.imsglobal.org/question/qti_v2p2/rptemplates/map_response_point",
                StandardTemplate::MapResponsePoint,
            ),
            (
                "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml",
                StandardTemplate::MatchCorrect,
            ),
            (
                "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/CC2_match.xml",
                StandardTemplate::Cc2Match,
            ),
            (
                "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/CC2_match_basic.xml",
                StandardTemplate::Cc2MatchBasic,
            ),
            (
                "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/CC2_map_response.xml",
                StandardTemplate::Cc2MapResponse,
            ),
            (
                "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct.xml",
                StandardTemplate::MatchCorrect,
            ),
        ] {
            assert_eq!(recognise(u), Some(t), "{u}");
            assert!(!rules(t).is_empty());
        }
        assert_eq!(recognise("http://example.com/rp/custom.xml"), None);
    }
}
