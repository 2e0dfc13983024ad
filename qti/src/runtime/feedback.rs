//! Feedback and template content visibility (QTI 2.1 info model §9 "Feedback", §10 "Template
//! content") and `printedVariable` formatting (§6 "printedVariable", "Number formatting
//! rules").

use serde::{Deserialize, Serialize};

use crate::content::{BodyNode, PrintedVariable, walk_body};
use crate::item::AssessmentItem;
use crate::value::{Identifier, IntOrRef, ShowHide, SingleValue, Value};

use super::item::{CompiledItem, ItemSession};
use super::values::contains_identifier;
#[cfg(test)]
use super::values::items;

/// The kind of a piece of conditional content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum FeedbackKind {
    /// `modalFeedback`.
    Modal,
    /// `feedbackBlock`.
    Block,
    /// `feedbackInline`.
    Inline,
    /// `templateBlock`.
    TemplateBlock,
    /// `templateInline`.
    TemplateInline,
    /// `testFeedback`.
    Test,
}

impl FeedbackKind {
    /// The element name.
    pub const fn element_name(self) -> &'static str {
        match self {
            Self::Modal => "modalFeedback",
            Self::Block => "feedbackBlock",
            Self::Inline => "feedbackInline",
            Self::TemplateBlock => "templateBlock",
            Self::TemplateInline => "templateInline",
            Self::Test => "testFeedback",
        }
    }
}

/// A conditional element of an item: which variable and identifier decide it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeedbackSpec {
    pub(crate) kind: FeedbackKind,
    pub(crate) variable: Identifier,
    pub(crate) identifier: Identifier,
    pub(crate) show: bool,
}

/// A feedback or template element that is shown for the current values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ShownFeedback {
    /// The element kind.
    pub kind: FeedbackKind,
    /// Its `identifier`.
    pub identifier: Identifier,
    /// The variable that decides it (`outcomeIdentifier` / `templateIdentifier`).
    pub variable: Identifier,
}

pub(crate) fn collect(item: &AssessmentItem) -> Vec<FeedbackSpec> {
    let mut out = Vec::new();
    if let Some(b) = &item.item_body {
        walk_body(&b.content, &mut |n| {
            let (kind, c) = match n {
                BodyNode::FeedbackBlock(c) => (FeedbackKind::Block, c),
                BodyNode::FeedbackInline(c) => (FeedbackKind::Inline, c),
                BodyNode::TemplateBlock(c) => (FeedbackKind::TemplateBlock, c),
                BodyNode::TemplateInline(c) => (FeedbackKind::TemplateInline, c),
                _ => return,
            };
            out.push(FeedbackSpec {
                kind,
                variable: c.variable.clone(),
                identifier: c.identifier.clone(),
                show: c.show_hide.unwrap_or(ShowHide::Show) == ShowHide::Show,
            });
        });
    }
    for m in &item.modal_feedbacks {
        out.push(FeedbackSpec {
            kind: FeedbackKind::Modal,
            variable: m.outcome_identifier.clone(),
            identifier: m.identifier.clone(),
            show: m.show_hide == ShowHide::Show,
        });
    }
    out
}

/// The visibility rule shared by feedback, template content and test feedback: with `show`,
/// visible when the variable's value is (or contains) the identifier; with `hide`, visible
/// when it is not. A NULL variable contains nothing.
pub fn is_visible(value: Option<&Value>, identifier: &Identifier, show: bool) -> bool {
    let hit = value.is_some_and(|v| contains_identifier(v, identifier));
    hit == show
}

impl CompiledItem {
    /// The feedback (modal, block, inline) and template content (block, inline) elements shown
    /// for the session's current values, in document order (modal feedback last).
    pub fn shown_feedback(&self, session: &ItemSession) -> Vec<ShownFeedback> {
        self.feedback
            .iter()
            .filter(|f| is_visible(session.value(self, &f.variable), &f.identifier, f.show))
            .map(|f| ShownFeedback {
                kind: f.kind,
                identifier: f.identifier.clone(),
                variable: f.variable.clone(),
            })
            .collect()
    }
}

/// Formats a `printedVariable` for a value. `lookup` gives the values of variables named by
/// `base` or `index` references.
pub fn format_printed_variable(
    p: &PrintedVariable,
    value: &Value,
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> String {
    let int_of = |r: &IntOrRef| -> Option<i64> {
        match r {
            IntOrRef::Int(i) => Some(*i),
            IntOrRef::Ref(id) => match lookup(id) {
                Some(Value::Single(SingleValue::Integer(i))) => Some(i),
                _ => None,
            },
        }
    };
    let base = p.base.as_ref().and_then(int_of).unwrap_or(10);
    let fmt_single = |s: &SingleValue| -> String {
        match (s, p.format.as_deref()) {
            (SingleValue::Integer(i), None) => to_base(*i, base),
            (SingleValue::Float(f), None) => {
                if p.power_form == Some(true) {
                    power_form(&format!("{f:e}"))
                } else {
                    crate::value::format_double(*f)
                }
            }
            (SingleValue::Integer(_) | SingleValue::Float(_), Some(fmt)) => {
                let out = printf(fmt, s);
                if p.power_form == Some(true) {
                    power_form(&out)
                } else {
                    out
                }
            }
            (s, Some(fmt)) if fmt.contains("%s") => printf(fmt, s),
            (s, _) => s.to_text(),
        }
    };
    let delimiter = p.delimiter.as_deref().unwrap_or(";");
    match value {
        Value::Null => String::new(),
        Value::Single(s) => fmt_single(s),
        Value::Multiple(xs) | Value::Ordered(xs) => {
            if let Some(i) = p.index.as_ref().and_then(int_of) {
                return usize::try_from(i - 1)
                    .ok()
                    .and_then(|i| xs.get(i))
                    .map(&fmt_single)
                    .unwrap_or_default();
            }
            xs.iter()
                .map(&fmt_single)
                .collect::<Vec<_>>()
                .join(delimiter)
        }
        Value::Record(fields) => {
            if let Some(f) = &p.field {
                return fields
                    .iter()
                    .find(|(k, _)| k.as_str() == f)
                    .and_then(|(_, v)| v.as_ref())
                    .map(&fmt_single)
                    .unwrap_or_default();
            }
            let ind = p.mapping_indicator.as_deref().unwrap_or("=");
            fields
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{k}{ind}{}",
                        v.as_ref().map(&fmt_single).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join(delimiter)
        }
    }
}

fn to_base(i: i64, base: i64) -> String {
    if !(2..=36).contains(&base) || base == 10 {
        return i.to_string();
    }
    let neg = i < 0;
    let mut n = i.unsigned_abs();
    let b = base.unsigned_abs();
    let mut digits = Vec::new();
    loop {
        let d = u32::try_from(n % b).unwrap_or(0);
        digits.push(char::from_digit(d, 36).unwrap_or('?'));
        n /= b;
        if n == 0 {
            break;
        }
    }
    if neg {
        digits.push('-');
    }
    digits.iter().rev().collect()
}

fn power_form(s: &str) -> String {
    match s.split_once(['e', 'E']) {
        Some((m, e)) => {
            let e = e.trim_start_matches('+');
            let e = e.strip_prefix('-').map_or_else(
                || e.trim_start_matches('0').to_owned(),
                |r| format!("-{}", r.trim_start_matches('0')),
            );
            let e = if e.is_empty() { "0".to_owned() } else { e };
            format!("{m} x 10^{e}")
        }
        None => s.to_owned(),
    }
}

/// A printf-style formatter for one value (the ISO C conversions `d i u o x X e E f F g G s`,
/// flags `- + space 0 #`, width and precision; `%%` is a literal percent sign).
pub fn printf(fmt: &str, v: &SingleValue) -> String {
    let mut out = String::new();
    let mut it = fmt.chars().peekable();
    let mut used = false;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if it.peek() == Some(&'%') {
            it.next();
            out.push('%');
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = it.peek() {
            if "-+ 0#".contains(f) {
                flags.push(f);
                it.next();
            } else {
                break;
            }
        }
        let mut width = String::new();
        while let Some(&d) = it.peek() {
            if d.is_ascii_digit() {
                width.push(d);
                it.next();
            } else {
                break;
            }
        }
        let mut precision: Option<usize> = None;
        if it.peek() == Some(&'.') {
            it.next();
            let mut p = String::new();
            while let Some(&d) = it.peek() {
                if d.is_ascii_digit() {
                    p.push(d);
                    it.next();
                } else {
                    break;
                }
            }
            precision = Some(p.parse().unwrap_or(0));
        }
        let Some(conv) = it.next() else {
            break;
        };
        if used {
            out.push('%');
            out.push(conv);
            continue;
        }
        used = true;
        let num = super::values::as_number(v);
        let left = flags.contains('-');
        let zero = flags.contains('0') && !left;
        let plus = flags.contains('+');
        let space = flags.contains(' ');
        let alt = flags.contains('#');
        let sign = |neg: bool| {
            if neg {
                "-"
            } else if plus {
                "+"
            } else if space {
                " "
            } else {
                ""
            }
        };
        let (neg, body): (bool, String) = match conv {
            'd' | 'i' | 'u' => match num {
                #[allow(
                    clippy::cast_possible_truncation,
                    reason = "printf %d of a float truncates"
                )]
                Some(n) => (n < 0.0, format!("{}", (n.abs().trunc() as i128))),
                None => (false, v.to_text()),
            },
            'o' | 'x' | 'X' => match num {
                #[allow(
                    clippy::cast_possible_truncation,
                    reason = "printf of a float truncates"
                )]
                Some(n) => {
                    let i = n.trunc() as i64;
                    let mut s = match conv {
                        'o' => format!("{:o}", i.unsigned_abs()),
                        'x' => format!("{:x}", i.unsigned_abs()),
                        _ => format!("{:X}", i.unsigned_abs()),
                    };
                    if alt && i != 0 {
                        s = match conv {
                            'o' => format!("0{s}"),
                            'x' => format!("0x{s}"),
                            _ => format!("0X{s}"),
                        };
                    }
                    (i < 0, s)
                }
                None => (false, v.to_text()),
            },
            'f' | 'F' => match num {
                Some(n) => (
                    n.is_sign_negative() && n != 0.0,
                    format!("{:.*}", precision.unwrap_or(6), n.abs()),
                ),
                None => (false, v.to_text()),
            },
            'e' | 'E' => match num {
                Some(n) => {
                    let s = c_exp(n.abs(), precision.unwrap_or(6));
                    (n < 0.0, if conv == 'E' { s.to_uppercase() } else { s })
                }
                None => (false, v.to_text()),
            },
            'g' | 'G' => match num {
                Some(n) => {
                    let p = precision.unwrap_or(6).max(1);
                    let a = n.abs();
                    #[allow(clippy::cast_possible_truncation, reason = "decimal exponent")]
                    let x = if a == 0.0 {
                        0
                    } else {
                        a.log10().floor() as i64
                    };
                    let p_i = i64::try_from(p).unwrap_or(6);
                    let mut s = if x < p_i && x >= -4 {
                        format!("{:.*}", usize::try_from(p_i - 1 - x).unwrap_or(0), a)
                    } else {
                        c_exp(a, p - 1)
                    };
                    if !alt {
                        s = strip_zeros(&s);
                    }
                    (n < 0.0, if conv == 'G' { s.to_uppercase() } else { s })
                }
                None => (false, v.to_text()),
            },
            's' => {
                let mut s = v.to_text();
                if let Some(p) = precision {
                    s = s.chars().take(p).collect();
                }
                (false, s)
            }
            other => {
                out.push('%');
                out.push(other);
                continue;
            }
        };
        let sgn = if conv == 's' { "" } else { sign(neg) };
        let w: usize = width.parse().unwrap_or(0);
        let len = sgn.chars().count() + body.chars().count();
        let pad = w.saturating_sub(len);
        if left {
            out.push_str(sgn);
            out.push_str(&body);
            out.extend(std::iter::repeat_n(' ', pad));
        } else if zero && conv != 's' {
            out.push_str(sgn);
            out.extend(std::iter::repeat_n('0', pad));
            out.push_str(&body);
        } else {
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(sgn);
            out.push_str(&body);
        }
    }
    out
}

fn c_exp(a: f64, p: usize) -> String {
    let s = format!("{a:.p$e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let (neg, digits) = e.strip_prefix('-').map_or((false, e), |d| (true, d));
            format!("{m}e{}{digits:0>2}", if neg { '-' } else { '+' })
        }
        None => s,
    }
}

fn strip_zeros(s: &str) -> String {
    let (m, e) = match s.find('e') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    let m = if m.contains('.') {
        m.trim_end_matches('0').trim_end_matches('.')
    } else {
        m
    };
    format!("{m}{e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_conversions() {
        let f = |x: f64| SingleValue::Float(x);
        let i = |x: i64| SingleValue::Integer(x);
        assert_eq!(printf("%.2f", &f(1.23456)), "1.23");
        assert_eq!(printf("%5d", &i(42)), "   42");
        assert_eq!(printf("%-5d|", &i(42)), "42   |");
        assert_eq!(printf("%05d", &i(-42)), "-0042");
        assert_eq!(printf("%+d", &i(42)), "+42");
        assert_eq!(printf("%x", &i(255)), "ff");
        assert_eq!(printf("%#X", &i(255)), "0XFF");
        assert_eq!(printf("%o", &i(8)), "10");
        assert_eq!(printf("%e", &f(12345.678)), "1.234568e+04");
        assert_eq!(printf("%.2E", &f(0.000123)), "1.23E-04");
        assert_eq!(printf("%g", &f(0.0001)), "0.0001");
        assert_eq!(printf("%g", &f(1_234_567.0)), "1.23457e+06");
        assert_eq!(printf("%g", &f(100.0)), "100");
        assert_eq!(printf("%d%%", &i(50)), "50%");
        assert_eq!(printf("x=%.1f cm", &f(2.25)), "x=2.2 cm");
        assert_eq!(printf("%s", &SingleValue::String("abc".into())), "abc");
        assert_eq!(to_base(255, 16), "ff");
        assert_eq!(to_base(-5, 2), "-101");
        assert_eq!(power_form("6.02e23"), "6.02 x 10^23");
        assert_eq!(power_form("1.5E-04"), "1.5 x 10^-4");
    }

    #[test]
    fn visibility() {
        let a: Identifier = "A".into();
        let v = Value::Multiple(vec![SingleValue::Identifier("A".into())]);
        assert!(is_visible(Some(&v), &a, true));
        assert!(!is_visible(Some(&v), &a, false));
        assert!(!is_visible(Some(&Value::Null), &a, true));
        assert!(is_visible(None, &a, false));
        assert_eq!(items(&Value::Null).len(), 0);
    }
}
