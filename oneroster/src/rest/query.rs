//! Query parameters of collection requests: `limit`, `offset`, `sort`, `orderBy`, `filter`,
//! `fields`.

use lti_core::{Location, Problem};
use percent_encoding::utf8_percent_encode;

use crate::codes;
use crate::rest::PATH_SEGMENT;
use crate::rest::filter::Filter;

/// Sort direction (`orderBy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum SortOrder {
    /// `asc`
    Asc,
    /// `desc`
    Desc,
}

/// The query of a request.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(default)]
pub struct Query {
    /// Page size (the binding's default is 100; minimum 1).
    pub limit: Option<u64>,
    /// Index of the first record (default 0).
    pub offset: Option<u64>,
    /// The field to sort by.
    pub sort: Option<String>,
    /// The sort direction.
    pub order_by: Option<SortOrder>,
    /// The filter.
    pub filter: Option<Filter>,
    /// The fields to return.
    pub fields: Vec<String>,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `limit`.
    #[must_use]
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }

    /// Sets `offset`.
    #[must_use]
    pub fn offset(mut self, n: u64) -> Self {
        self.offset = Some(n);
        self
    }

    /// Sets `sort` and `orderBy`.
    #[must_use]
    pub fn sort(mut self, field: impl Into<String>, order: SortOrder) -> Self {
        self.sort = Some(field.into());
        self.order_by = Some(order);
        self
    }

    /// Sets `filter`.
    #[must_use]
    pub fn filter(mut self, f: Filter) -> Self {
        self.filter = Some(f);
        self
    }

    /// Sets `fields`.
    #[must_use]
    pub fn fields<I: IntoIterator<Item = S>, S: Into<String>>(mut self, fields: I) -> Self {
        self.fields = fields.into_iter().map(Into::into).collect();
        self
    }

    /// Whether only `fields` is set (what single-object GETs accept).
    pub fn is_fields_only(&self) -> bool {
        self.limit.is_none()
            && self.offset.is_none()
            && self.sort.is_none()
            && self.order_by.is_none()
            && self.filter.is_none()
    }

    /// The query string, percent-encoded (RFC 3986 unreserved characters kept), parameters
    /// in a fixed order; empty when nothing is set.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let enc = |s: &str| utf8_percent_encode(s, PATH_SEGMENT).to_string();
        if let Some(l) = self.limit {
            parts.push(format!("limit={l}"));
        }
        if let Some(o) = self.offset {
            parts.push(format!("offset={o}"));
        }
        if let Some(s) = &self.sort {
            parts.push(format!("sort={}", enc(s)));
        }
        if let Some(o) = self.order_by {
            parts.push(format!(
                "orderBy={}",
                match o {
                    SortOrder::Asc => "asc",
                    SortOrder::Desc => "desc",
                }
            ));
        }
        if let Some(f) = &self.filter {
            parts.push(format!("filter={}", enc(&f.to_string())));
        }
        if !self.fields.is_empty() {
            parts.push(format!("fields={}", enc(&self.fields.join(","))));
        }
        parts.join("&")
    }

    /// Parses a query string (server side), collecting every problem; unknown parameters are
    /// ignored. The filter is parsed leniently; a filter beyond the strict grammar is reported
    /// as a warning.
    pub fn parse(query: &str) -> (Self, Vec<Problem>) {
        let mut q = Self::new();
        let mut problems = Vec::new();
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let v = decode(v);
            let bad = |name: &str, msg: String| {
                Problem::error(codes::QUERY_PARAMETER, msg).at(Location::field(name))
            };
            match k {
                "limit" => match v.parse::<u64>() {
                    Ok(n) if n >= 1 => q.limit = Some(n),
                    _ => problems.push(bad(
                        "limit",
                        format!("limit `{v}` is not a whole number ≥ 1"),
                    )),
                },
                "offset" => match v.parse::<u64>() {
                    Ok(n) => q.offset = Some(n),
                    _ => problems.push(bad(
                        "offset",
                        format!("offset `{v}` is not a whole number ≥ 0"),
                    )),
                },
                "sort" => q.sort = Some(v),
                "orderBy" => match v.as_str() {
                    "asc" => q.order_by = Some(SortOrder::Asc),
                    "desc" => q.order_by = Some(SortOrder::Desc),
                    _ => problems.push(bad("orderBy", format!("orderBy `{v}` is not asc or desc"))),
                },
                "filter" => match Filter::parse_lenient(&v) {
                    Ok(f) => {
                        if !f.is_strict() {
                            problems.push(
                                Problem::warning(
                                    codes::FILTER_SYNTAX,
                                    "the filter has more than one logical operator; many servers allow only one",
                                )
                                .at(Location::field("filter")),
                            );
                        }
                        q.filter = Some(f);
                    }
                    Err(e) => problems.push(e.to_problem()),
                },
                "fields" => {
                    q.fields = v
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect();
                }
                _ => {}
            }
        }
        (q, problems)
    }

    /// Checks `fields`, `sort` and the filter's fields against the properties a collection's
    /// objects have; returns `invalid_selection_field` / `invalid_filter_field` /
    /// `invalid_sort_field` problems.
    pub fn check_fields(&self, allowed: &[&str]) -> Vec<Problem> {
        let mut out = Vec::new();
        let top = |f: &str| f.split('.').next().unwrap_or(f).to_owned();
        for f in &self.fields {
            if !allowed.contains(&top(f).as_str()) {
                out.push(
                    Problem::error(
                        codes::QUERY_PARAMETER,
                        format!(
                            "`{f}` is not a field of this collection (invalid_selection_field)"
                        ),
                    )
                    .at(Location::field("fields")),
                );
            }
        }
        if let Some(s) = &self.sort
            && !allowed.contains(&top(s).as_str())
        {
            out.push(
                Problem::error(
                    codes::QUERY_PARAMETER,
                    format!("`{s}` is not a field of this collection (invalid_sort_field)"),
                )
                .at(Location::field("sort")),
            );
        }
        if let Some(f) = &self.filter {
            for name in f.fields() {
                if !allowed.contains(&top(name).as_str()) {
                    out.push(
                        Problem::error(
                            codes::FILTER_FIELD,
                            format!(
                                "`{name}` is not a field of this collection (invalid_filter_field)"
                            ),
                        )
                        .at(Location::field("filter")),
                    );
                }
            }
        }
        out
    }
}

fn decode(s: &str) -> String {
    let plus = s.replace('+', " ");
    percent_encoding::percent_decode_str(&plus)
        .decode_utf8_lossy()
        .into_owned()
}

/// Applies `sort`/`orderBy`, `filter`, `offset`/`limit` and `fields` to JSON objects (a
/// server-side helper, and the reference behaviour for tests). Returns the page and the total
/// count before paging (the `X-Total-Count` value).
pub fn apply(query: &Query, mut items: Vec<serde_json::Value>) -> (Vec<serde_json::Value>, usize) {
    if let Some(f) = &query.filter {
        items.retain(|v| f.matches(v));
    }
    if let Some(s) = &query.sort {
        let key = |v: &serde_json::Value| -> String {
            s.split('.')
                .try_fold(v, |acc, k| acc.get(k))
                .map(|x| match x {
                    serde_json::Value::String(t) => t.clone(),
                    other => other.to_string(),
                })
                .unwrap_or_default()
        };
        items.sort_by_key(key);
        if query.order_by == Some(SortOrder::Desc) {
            items.reverse();
        }
    }
    let total = items.len();
    let offset = usize::try_from(query.offset.unwrap_or(0)).unwrap_or(usize::MAX);
    let limit = usize::try_from(query.limit.unwrap_or(100)).unwrap_or(usize::MAX);
    let mut page: Vec<serde_json::Value> = items.into_iter().skip(offset).take(limit).collect();
    if !query.fields.is_empty() {
        for v in &mut page {
            if let serde_json::Value::Object(m) = v {
                m.retain(|k, _| query.fields.iter().any(|f| f == k));
            }
        }
    }
    (page, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builds_and_parses() {
        let q = Query::new()
            .limit(50)
            .offset(100)
            .sort("familyName", SortOrder::Desc)
            .filter(Filter::gt("dateLastModified", "2024-01-01T00:00:00Z"))
            .fields(["sourcedId", "givenName"]);
        let s = q.to_query_string();
        assert_eq!(
            s,
            "limit=50&offset=100&sort=familyName&orderBy=desc&filter=dateLastModified%3E%272024-01-01T00%3A00%3A00Z%27&fields=sourcedId%2CgivenName"
        );
        let (back, problems) = Query::parse(&s);
        assert!(problems.is_empty());
        assert_eq!(back, q);
        assert!(Query::new().to_query_string().is_empty());
        assert!(Query::new().fields(["a"]).is_fields_only());
        assert!(!q.is_fields_only());
    }

    #[test]
    fn parse_problems() {
        let (_, p) = Query::parse("limit=0&offset=-1&orderBy=up&filter=a%3Db&x=1");
        assert_eq!(p.len(), 4);
        assert!(p.iter().all(|p| p.is_error()));
        let (q, p) = Query::parse("filter=a%3D%271%27+and+b%3D%272%27+or+c%3D%273%27");
        assert!(q.filter.is_some());
        assert_eq!(p.len(), 1);
        assert!(!p[0].is_error());
    }

    #[test]
    fn field_checks_and_apply() {
        let q = Query::new()
            .fields(["sourcedId", "bogus"])
            .sort("nope", SortOrder::Asc)
            .filter(Filter::eq("alsoBogus", "x"));
        let p = q.check_fields(&["sourcedId", "status"]);
        assert_eq!(p.len(), 3);
        assert!(p.iter().any(|p| p.code == codes::FILTER_FIELD));
        let items = (0..10)
            .map(|i| json!({"sourcedId": format!("u{i}"), "n": i, "status": if i % 2 == 0 {"active"} else {"tobedeleted"}}))
            .collect();
        let q = Query::new()
            .filter(Filter::eq("status", "active"))
            .sort("sourcedId", SortOrder::Desc)
            .offset(1)
            .limit(2)
            .fields(["sourcedId"]);
        let (page, total) = apply(&q, items);
        assert_eq!(total, 5);
        assert_eq!(
            page,
            vec![json!({"sourcedId": "u6"}), json!({"sourcedId": "u4"})]
        );
    }
}
