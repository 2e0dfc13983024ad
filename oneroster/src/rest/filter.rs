//! The `filter` query parameter: a parser to an AST, a builder that quotes and escapes, and an
//! evaluator that applies a filter to OneRoster objects.
//!
//! Grammar (REST binding; the form servers agree on):
//!
//! ```text
//! filter    = predicate [ SP logical SP predicate ]     ; strict: at most one logical operator
//! predicate = field op "'" value "'"                    ; a ' inside a value is written ''
//! field     = name *( "." name )                        ; class.sourcedId
//! op        = "=" / "!=" / ">" / ">=" / "<" / "<=" / "~"
//! logical   = "AND" / "OR"
//! ```
//!
//! [`Filter::parse`] is strict; [`Filter::parse_lenient`] also accepts lower-case `and`/`or`,
//! any number of predicates (AND binds tighter than OR) and spaces around operators.

use std::cmp::Ordering;
use std::fmt;

use serde_json::Value;

use crate::codes;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Op {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `~` (contains, case-insensitive)
    Contains,
}

impl Op {
    /// The operator as written.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ne => "!=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Contains => "~",
        }
    }
}

/// `AND` or `OR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Logical {
    /// Both.
    And,
    /// Either.
    Or,
}

/// A filter expression.
///
/// In serde it is the tree below (not the text, which cannot express every tree: the grammar has
/// no parentheses). Reading one back applies the parser's size bound: a tree whose text (as
/// `Display` writes it) would be longer than the default [`crate::Limits::max_filter_bytes`]
/// is refused — also one parsed under a larger custom limit. Field names are not checked (a
/// predicate may then take 3 bytes instead of the parser's 4), and the nesting is read by the
/// deserialiser before the bound applies, so its own depth limit is what bounds the recursion
/// of reading (serde_json: 128 levels, two for each `Logical`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "FilterRepr")]
#[non_exhaustive]
pub enum Filter {
    /// `field op 'value'`.
    Predicate {
        /// The field path (`class.sourcedId`).
        field: String,
        /// The operator.
        op: Op,
        /// The value (unescaped).
        value: String,
    },
    /// `left AND/OR right`.
    Logical {
        /// The operator.
        op: Logical,
        /// Left operand.
        left: Box<Self>,
        /// Right operand.
        right: Box<Self>,
    },
}

/// The serde shape of [`Filter`], read before its size is checked.
#[derive(serde::Deserialize)]
enum FilterRepr {
    Predicate {
        field: String,
        op: Op,
        value: String,
    },
    Logical {
        op: Logical,
        left: Box<Self>,
        right: Box<Self>,
    },
}

impl TryFrom<FilterRepr> for Filter {
    type Error = String;

    fn try_from(r: FilterRepr) -> Result<Self, String> {
        let max = crate::Limits::default().max_filter_bytes;
        let mut budget = max;
        r.build(&mut budget).ok_or_else(|| {
            format!("the filter's text would be over Limits::max_filter_bytes ({max} bytes)")
        })
    }
}

impl FilterRepr {
    /// The filter, or `None` once the bytes its text (as [`Filter`]'s `Display` writes it)
    /// would take exceed `budget`. Each node takes at least 3 bytes, so the recursion is
    /// bounded by the budget too.
    fn build(self, budget: &mut usize) -> Option<Filter> {
        match self {
            Self::Predicate { field, op, value } => {
                // `field op 'value'` with each `'` in the value doubled.
                let quotes = value.bytes().filter(|&b| b == b'\'').count();
                let len = field.len() + op.as_str().len() + value.len() + quotes + 2;
                *budget = budget.checked_sub(len)?;
                Some(Filter::Predicate { field, op, value })
            }
            Self::Logical { op, left, right } => {
                // ` AND ` or ` OR `.
                *budget = budget.checked_sub(match op {
                    Logical::And => 5,
                    Logical::Or => 4,
                })?;
                let left = Box::new(left.build(budget)?);
                let right = Box::new(right.build(budget)?);
                Some(Filter::Logical { op, left, right })
            }
        }
    }
}

/// Why a filter could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("filter: {message} at character {position}")]
#[non_exhaustive]
pub struct FilterError {
    /// 0-based character offset.
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

impl FilterError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        codes::FILTER_SYNTAX
    }

    /// As a problem located at the `filter` parameter.
    pub fn to_problem(&self) -> lti_core::Problem {
        lti_core::Problem::error(self.code(), self.to_string())
            .at(lti_core::Location::field("filter"))
    }
}

impl Filter {
    /// A predicate.
    pub fn predicate(field: impl Into<String>, op: Op, value: impl Into<String>) -> Self {
        Self::Predicate {
            field: field.into(),
            op,
            value: value.into(),
        }
    }

    /// `field='value'`.
    pub fn eq(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::predicate(field, Op::Eq, value)
    }

    /// `field!='value'`.
    pub fn ne(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::predicate(field, Op::Ne, value)
    }

    /// `field>'value'`.
    pub fn gt(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::predicate(field, Op::Gt, value)
    }

    /// `field>='value'`.
    pub fn ge(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::predicate(field, Op::Ge, value)
    }

    /// `field<'value'`.
    pub fn lt(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::predicate(field, Op::Lt, value)
    }

    /// `field<='value'`.
    pub fn le(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::predicate(field, Op::Le, value)
    }

    /// `field~'value'`.
    pub fn contains(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::predicate(field, Op::Contains, value)
    }

    /// `self AND other`.
    #[must_use]
    pub fn and(self, other: Self) -> Self {
        Self::Logical {
            op: Logical::And,
            left: Box::new(self),
            right: Box::new(other),
        }
    }

    /// `self OR other`.
    #[must_use]
    pub fn or(self, other: Self) -> Self {
        Self::Logical {
            op: Logical::Or,
            left: Box::new(self),
            right: Box::new(other),
        }
    }

    /// The number of logical operators.
    pub fn logical_count(&self) -> usize {
        match self {
            Self::Predicate { .. } => 0,
            Self::Logical { left, right, .. } => 1 + left.logical_count() + right.logical_count(),
        }
    }

    /// Every field the filter names.
    pub fn fields(&self) -> Vec<&str> {
        match self {
            Self::Predicate { field, .. } => vec![field.as_str()],
            Self::Logical { left, right, .. } => {
                let mut v = left.fields();
                v.extend(right.fields());
                v
            }
        }
    }

    /// Whether the expression fits the strict grammar (at most one logical operator).
    pub fn is_strict(&self) -> bool {
        self.logical_count() <= 1
    }

    /// Parses strictly. Expressions longer than the default [`crate::Limits::max_filter_bytes`]
    /// are refused.
    pub fn parse(s: &str) -> Result<Self, FilterError> {
        Self::parse_with(s, false, &crate::Limits::default())
    }

    /// Parses leniently (see the module documentation). Expressions longer than the default
    /// [`crate::Limits::max_filter_bytes`] are refused.
    pub fn parse_lenient(s: &str) -> Result<Self, FilterError> {
        Self::parse_with(s, true, &crate::Limits::default())
    }

    /// Parses strictly or leniently under `limits`: an expression longer than
    /// [`crate::Limits::max_filter_bytes`] is refused before parsing. The limit also bounds the
    /// depth of the parsed tree (a predicate takes at least 4 bytes), which evaluation, printing
    /// and dropping walk recursively.
    pub fn parse_with(s: &str, lenient: bool, limits: &crate::Limits) -> Result<Self, FilterError> {
        if s.len() > limits.max_filter_bytes {
            let mut end = limits.max_filter_bytes;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            return Err(FilterError {
                position: s[..end].chars().count(),
                message: format!(
                    "the filter is {} bytes long, over Limits::max_filter_bytes ({})",
                    s.len(),
                    limits.max_filter_bytes
                ),
            });
        }
        Parser::new(s, lenient).parse()
    }

    /// Whether a JSON object (a record as the binding writes it) matches.
    pub fn matches(&self, object: &Value) -> bool {
        match self {
            Self::Logical { op, left, right } => match op {
                Logical::And => left.matches(object) && right.matches(object),
                Logical::Or => left.matches(object) || right.matches(object),
            },
            Self::Predicate { field, op, value } => {
                let mut found = Vec::new();
                collect(object, &field.split('.').collect::<Vec<_>>(), &mut found);
                if found.is_empty() {
                    // A missing field compares as the empty string: only `!=` a non-empty
                    // value matches.
                    return *op == Op::Ne && !value.is_empty();
                }
                if *op == Op::Ne {
                    return found.iter().all(|v| compare(v, Op::Ne, value));
                }
                found.iter().any(|v| compare(v, *op, value))
            }
        }
    }

    /// Whether a record matches (evaluated on its JSON form in `version`).
    pub fn matches_record(&self, record: &crate::json::Record, version: crate::Version) -> bool {
        let opts = crate::json::JsonWriteOptions::new(version);
        self.matches(&crate::json::write_record(record, &opts))
    }
}

fn collect<'v>(v: &'v Value, path: &[&str], out: &mut Vec<&'v Value>) {
    match v {
        Value::Array(items) => {
            for i in items {
                collect(i, path, out);
            }
        }
        Value::Object(m) => match path.split_first() {
            Some((first, rest)) => {
                if let Some(x) = m.get(*first) {
                    collect(x, rest, out);
                }
            }
            None => out.push(v),
        },
        other => {
            if path.is_empty() {
                out.push(other);
            }
        }
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn order(a: &str, b: &str) -> Ordering {
    if let (Ok(x), Ok(y)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
    }
    let dt = |s: &str| crate::csv::records::datetime(s);
    if let (Some(x), Some(y)) = (dt(a), dt(b)) {
        return x.cmp(&y);
    }
    a.cmp(b)
}

fn compare(v: &Value, op: Op, want: &str) -> bool {
    let Some(have) = text(v) else { return false };
    match op {
        Op::Eq => have == want || order(&have, want) == Ordering::Equal && !have.is_empty(),
        Op::Ne => !(have == want || order(&have, want) == Ordering::Equal && !have.is_empty()),
        Op::Gt => order(&have, want) == Ordering::Greater,
        Op::Ge => order(&have, want) != Ordering::Less,
        Op::Lt => order(&have, want) == Ordering::Less,
        Op::Le => order(&have, want) != Ordering::Greater,
        Op::Contains => have.to_lowercase().contains(&want.to_lowercase()),
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Predicate { field, op, value } => {
                write!(f, "{field}{}'{}'", op.as_str(), value.replace('\'', "''"))
            }
            Self::Logical { op, left, right } => {
                let word = match op {
                    Logical::And => "AND",
                    Logical::Or => "OR",
                };
                write!(f, "{left} {word} {right}")
            }
        }
    }
}

struct Parser<'a> {
    s: &'a [char],
    chars: Vec<char>,
    i: usize,
    lenient: bool,
}

impl<'a> Parser<'a> {
    fn new(s: &str, lenient: bool) -> Self {
        Parser {
            s: &[],
            chars: s.chars().collect(),
            i: 0,
            lenient,
        }
    }

    fn err(&self, msg: impl Into<String>) -> FilterError {
        FilterError {
            position: self.i,
            message: msg.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn skip_ws(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
        self.i - start
    }

    fn parse(mut self) -> Result<Filter, FilterError> {
        let _ = self.s;
        if self.lenient {
            self.skip_ws();
        }
        if self.chars.is_empty() {
            return Err(self.err("the filter is empty"));
        }
        // Lenient: OR of ANDs. Strict: predicate [logical predicate].
        let mut or_terms: Vec<Filter> = Vec::new();
        let mut and_terms: Vec<Filter> = vec![self.predicate()?];
        let mut logicals = 0;
        loop {
            let ws = self.skip_ws();
            if self.peek().is_none() {
                break;
            }
            if ws == 0 {
                return Err(self.err("expected a space and AND/OR after the value"));
            }
            let op = self.logical()?;
            logicals += 1;
            if !self.lenient && logicals > 1 {
                return Err(self.err(
                    "only one logical operator is allowed (two predicates); use parse_lenient for more",
                ));
            }
            if self.skip_ws() == 0 {
                return Err(self.err("expected a space after AND/OR"));
            }
            let p = self.predicate()?;
            match op {
                Logical::And => and_terms.push(p),
                Logical::Or => {
                    or_terms.push(fold(std::mem::take(&mut and_terms), Logical::And));
                    and_terms.push(p);
                }
            }
        }
        or_terms.push(fold(and_terms, Logical::And));
        Ok(fold(or_terms, Logical::Or))
    }

    fn logical(&mut self) -> Result<Logical, FilterError> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        let word: String = self.chars[start..self.i].iter().collect();
        match word.as_str() {
            "AND" => Ok(Logical::And),
            "OR" => Ok(Logical::Or),
            w if self.lenient && w.eq_ignore_ascii_case("and") => Ok(Logical::And),
            w if self.lenient && w.eq_ignore_ascii_case("or") => Ok(Logical::Or),
            w => {
                self.i = start;
                Err(self.err(format!("expected AND or OR, found `{w}`")))
            }
        }
    }

    fn predicate(&mut self) -> Result<Filter, FilterError> {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        {
            self.i += 1;
        }
        let field: String = self.chars[start..self.i].iter().collect();
        if field.is_empty() {
            return Err(self.err("expected a field name"));
        }
        if field.starts_with('.') || field.ends_with('.') || field.contains("..") {
            return Err(self.err(format!("`{field}` is not a field path")));
        }
        if self.lenient {
            self.skip_ws();
        }
        let op = match (self.peek(), self.chars.get(self.i + 1).copied()) {
            (Some('!'), Some('=')) => {
                self.i += 2;
                Op::Ne
            }
            (Some('>'), Some('=')) => {
                self.i += 2;
                Op::Ge
            }
            (Some('<'), Some('=')) => {
                self.i += 2;
                Op::Le
            }
            (Some('='), _) => {
                self.i += 1;
                Op::Eq
            }
            (Some('>'), _) => {
                self.i += 1;
                Op::Gt
            }
            (Some('<'), _) => {
                self.i += 1;
                Op::Lt
            }
            (Some('~'), _) => {
                self.i += 1;
                Op::Contains
            }
            _ => return Err(self.err("expected an operator: = != > >= < <= ~")),
        };
        if self.lenient {
            self.skip_ws();
        }
        if self.peek() != Some('\'') {
            return Err(self.err("expected a value in single quotes"));
        }
        self.i += 1;
        let mut value = String::new();
        loop {
            match self.peek() {
                None => return Err(self.err("the value's closing quote is missing")),
                Some('\'') if self.chars.get(self.i + 1) == Some(&'\'') => {
                    value.push('\'');
                    self.i += 2;
                }
                Some('\'') => {
                    self.i += 1;
                    break;
                }
                Some(c) => {
                    value.push(c);
                    self.i += 1;
                }
            }
        }
        Ok(Filter::Predicate { field, op, value })
    }
}

fn fold(mut items: Vec<Filter>, op: Logical) -> Filter {
    let first = items.remove(0);
    items.into_iter().fold(first, |acc, x| Filter::Logical {
        op,
        left: Box::new(acc),
        right: Box::new(x),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_serde_bound_counts_the_bytes_display_writes() {
        let trees = [
            Filter::eq("a", ""),
            Filter::eq("", ""),
            Filter::contains("class.title", "it's 'quoted'"),
            Filter::eq("a", "1").and(Filter::ne("b", "x''y").or(Filter::le("c", "3"))),
            Filter::gt("a", "1")
                .or(Filter::lt("b", "2"))
                .and(Filter::ge("c", "é'")),
        ];
        for f in trees {
            let repr: FilterRepr =
                serde_json::from_value(serde_json::to_value(&f).unwrap()).unwrap();
            let mut budget = usize::MAX;
            assert_eq!(repr.build(&mut budget).as_ref(), Some(&f));
            assert_eq!(usize::MAX - budget, f.to_string().len(), "{f}");
        }
    }
    use serde_json::json;

    #[test]
    fn hostile_regression_filter_with_a_hundred_thousand_predicates() {
        // Found by the hostile-input suite: a 100,000-predicate filter parsed into a
        // 100,000-deep tree whose drop overflowed the stack.
        let huge = vec!["a='1'"; 100_000].join(" AND ");
        let e = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || Filter::parse_lenient(&huge).expect_err("too long"))
            .expect("thread")
            .join()
            .expect("no stack overflow");
        assert!(e.message.contains("max_filter_bytes"), "{e}");
        assert_eq!(e.position, crate::Limits::default().max_filter_bytes);
        let limits = crate::Limits {
            max_filter_bytes: 15,
            ..crate::Limits::default()
        };
        assert!(Filter::parse_with("a='1' AND b='2'", true, &limits).is_ok());
        assert!(Filter::parse_with("a='1' AND b='22'", true, &limits).is_err());
    }

    #[test]
    fn parses_and_renders() {
        let f = Filter::parse("status='active'").unwrap();
        assert_eq!(f, Filter::eq("status", "active"));
        let f =
            Filter::parse("dateLastModified>'2024-01-01T00:00:00Z' AND role='teacher'").unwrap();
        assert_eq!(f.logical_count(), 1);
        assert_eq!(f.fields(), ["dateLastModified", "role"]);
        assert_eq!(
            f.to_string(),
            "dateLastModified>'2024-01-01T00:00:00Z' AND role='teacher'"
        );
        let f = Filter::parse("familyName='O''Brien'").unwrap();
        assert_eq!(f, Filter::eq("familyName", "O'Brien"));
        assert_eq!(f.to_string(), "familyName='O''Brien'");
        let f = Filter::parse("title~'Intro to Physics'").unwrap();
        assert_eq!(f, Filter::contains("title", "Intro to Physics"));
        let f = Filter::parse("class.sourcedId!='c1' OR score<='5'").unwrap();
        assert!(matches!(
            f,
            Filter::Logical {
                op: Logical::Or,
                ..
            }
        ));
        for op in ["=", "!=", ">", ">=", "<", "<=", "~"] {
            let s = format!("a{op}'1'");
            assert_eq!(Filter::parse(&s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn strict_vs_lenient() {
        let three = "a='1' AND b='2' OR c='3'";
        let e = Filter::parse(three).unwrap_err();
        assert_eq!(e.code(), codes::FILTER_SYNTAX);
        let f = Filter::parse_lenient(three).unwrap();
        assert!(!f.is_strict());
        assert!(f.matches(&json!({"c": "3"})));
        assert!(f.matches(&json!({"a": "1", "b": "2"})));
        assert!(!f.matches(&json!({"a": "1"})));
        assert!(Filter::parse("a='1' and b='2'").is_err());
        assert!(Filter::parse_lenient("a = '1' and b='2'").is_ok());
        assert_eq!(e.to_problem().location, lti_core::Location::field("filter"));
    }

    #[test]
    fn errors() {
        for bad in [
            "",
            "='x'",
            "a'x'",
            "a=x",
            "a='x",
            "a='x'AND b='y'",
            "a='x' XOR b='y'",
            "a='x' AND",
            ".a='x'",
            "a..b='x'",
            "a='x' ANDb='y'",
        ] {
            assert!(Filter::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn evaluates() {
        let user = json!({
            "sourcedId": "u1", "status": "active", "dateLastModified": "2024-03-01T10:00:00Z",
            "givenName": "Ann", "grades": ["09", "10"], "score": 7.5,
            "roles": [{"role": "teacher", "org": {"sourcedId": "s1"}}, {"role": "aide", "org": {"sourcedId": "s2"}}]
        });
        let t = |s: &str| Filter::parse(s).unwrap().matches(&user);
        assert!(t("status='active'"));
        assert!(!t("status='tobedeleted'"));
        assert!(t("dateLastModified>'2024-01-01T00:00:00Z'"));
        assert!(t("dateLastModified<'2024-03-01T11:00:00+00:00'"));
        assert!(t("dateLastModified>='2024-03-01'"));
        assert!(t("givenName~'an'"));
        assert!(t("grades='10'"));
        assert!(t("roles.role='aide'"));
        assert!(t("roles.org.sourcedId='s2'"));
        assert!(t("score>'7'"));
        assert!(t("score<'10'"));
        assert!(t("score<='7.5'"));
        assert!(t("score='7.50'"));
        assert!(t("score!='8'"));
        assert!(!t("grades!='10'"));
        assert!(t("missing!='x'"));
        assert!(!t("missing='x'"));
        assert!(t("givenName='Ann' AND status='active'"));
        assert!(t("givenName='Bob' OR status='active'"));
    }
}
