//! RFC 8288 `Link` header parsing, for paging (`rel="next"`) and NRPS `rel="differences"`.
//!
//! Peer libraries split on `,` and `;` naively, which breaks on commas inside URIs or quoted
//! parameters and on `rel` lists (`rel="next last"`). This parser follows the RFC 8288 §3 grammar:
//! `<URI-Reference>` followed by `; param=value` pairs (token or quoted-string values), link values
//! separated by commas, relation types compared case-insensitively, several `Link` fields allowed.

use serde::{Deserialize, Serialize};

/// One link value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Link {
    /// The target URI, as written (not resolved).
    pub target: String,
    /// The relation types (lower-cased), from a space-separated `rel`.
    pub rels: Vec<String>,
    /// Other parameters, names lower-cased, values unquoted.
    pub params: Vec<(String, String)>,
}

impl Link {
    /// Whether the link has this relation type (case-insensitive).
    pub fn has_rel(&self, rel: &str) -> bool {
        self.rels.iter().any(|r| r.eq_ignore_ascii_case(rel))
    }
}

/// A malformed `Link` value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed Link header at byte {offset}: {reason}")]
#[non_exhaustive]
pub struct LinkHeaderError {
    /// Byte offset in the field value.
    pub offset: usize,
    /// What was wrong.
    pub reason: &'static str,
}

impl LinkHeaderError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        super::codes::LINK_HEADER
    }
}

/// Parses one `Link` field value into its link values.
pub fn parse(value: &str) -> Result<Vec<Link>, LinkHeaderError> {
    let b = value.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    let ws = |i: &mut usize| {
        while *i < b.len() && (b[*i] == b' ' || b[*i] == b'\t') {
            *i += 1;
        }
    };
    loop {
        ws(&mut i);
        while i < b.len() && b[i] == b',' {
            i += 1;
            ws(&mut i);
        }
        if i >= b.len() {
            break;
        }
        if b[i] != b'<' {
            return Err(LinkHeaderError {
                offset: i,
                reason: "expected '<' starting a URI reference",
            });
        }
        let start = i + 1;
        let Some(end_rel) = value[start..].find('>') else {
            return Err(LinkHeaderError {
                offset: i,
                reason: "unterminated '<' URI reference",
            });
        };
        let target = value[start..start + end_rel].trim().to_owned();
        i = start + end_rel + 1;
        let mut rels = Vec::new();
        let mut params = Vec::new();
        loop {
            ws(&mut i);
            if i >= b.len() || b[i] == b',' {
                break;
            }
            if b[i] != b';' {
                return Err(LinkHeaderError {
                    offset: i,
                    reason: "expected ';' or ',' after a link value",
                });
            }
            i += 1;
            ws(&mut i);
            let name_start = i;
            while i < b.len() && is_tchar(b[i]) {
                i += 1;
            }
            if i == name_start {
                if i >= b.len() || b[i] == b',' {
                    break; // tolerate a trailing ';'
                }
                return Err(LinkHeaderError {
                    offset: i,
                    reason: "expected a parameter name",
                });
            }
            let name = value[name_start..i].to_ascii_lowercase();
            ws(&mut i);
            let mut pvalue = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                ws(&mut i);
                if i < b.len() && b[i] == b'"' {
                    i += 1;
                    let mut closed = false;
                    while i < b.len() {
                        match b[i] {
                            b'\\' if i + 1 < b.len() => {
                                let ch = value[i + 1..].chars().next().unwrap_or('\\');
                                pvalue.push(ch);
                                i += 1 + ch.len_utf8();
                            }
                            b'"' => {
                                i += 1;
                                closed = true;
                                break;
                            }
                            _ => {
                                let ch = value[i..].chars().next().unwrap_or(' ');
                                pvalue.push(ch);
                                i += ch.len_utf8();
                            }
                        }
                    }
                    if !closed {
                        return Err(LinkHeaderError {
                            offset: i,
                            reason: "unterminated quoted string",
                        });
                    }
                } else {
                    let vs = i;
                    while i < b.len() && is_tchar(b[i]) {
                        i += 1;
                    }
                    pvalue = value[vs..i].to_owned();
                }
            }
            if name == "rel" {
                // RFC 8288 §3.3: only the first `rel` counts.
                if rels.is_empty() {
                    rels = pvalue
                        .split_ascii_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect();
                }
            } else {
                params.push((name, pvalue));
            }
        }
        out.push(Link {
            target,
            rels,
            params,
        });
    }
    Ok(out)
}

fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

/// Parses every `Link` field of a response and collects the link values; malformed fields are
/// returned as errors beside the links that did parse.
pub fn parse_all<'a>(
    values: impl IntoIterator<Item = &'a str>,
) -> (Vec<Link>, Vec<LinkHeaderError>) {
    let mut links = Vec::new();
    let mut errors = Vec::new();
    for v in values {
        match parse(v) {
            Ok(l) => links.extend(l),
            Err(e) => errors.push(e),
        }
    }
    (links, errors)
}

/// The target of the first link with relation `rel`.
pub fn find<'a>(links: &'a [Link], rel: &str) -> Option<&'a str> {
    links
        .iter()
        .find(|l| l.has_rel(rel))
        .map(|l| l.target.as_str())
}

/// Builds a `Link` field value from `(target, rel)` pairs (platform side paging).
pub fn format(links: &[(&str, &str)]) -> String {
    links
        .iter()
        // The relation is a quoted-string: `\` and `"` in it are written as quoted pairs
        // (RFC 9110 §5.6.4), so that what `parse` reads back is the same relation.
        .map(|(t, r)| {
            let r = r.replace('\\', "\\\\").replace('"', "\\\"");
            format!("<{t}>; rel=\"{r}\"")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_examples() {
        let l = parse(
            r#"<https://p/m?page=2&a=1,2>; rel="next", <https://p/m?since=5>; rel="differences""#,
        )
        .unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(find(&l, "next"), Some("https://p/m?page=2&a=1,2"));
        assert_eq!(find(&l, "differences"), Some("https://p/m?since=5"));
        let l = parse(r#"<x>; title="a, b; c"; REL="Next Last"; anchor=#foo"#).unwrap();
        assert_eq!(l.len(), 1);
        assert!(l[0].has_rel("next") && l[0].has_rel("last"));
        assert_eq!(l[0].params[0], ("title".into(), "a, b; c".into()));
        let l = parse(r#"<a>; rel=next; rel=prev, <b>;rel="prev""#).unwrap();
        assert_eq!(l[0].rels, vec!["next"]);
        assert_eq!(find(&l, "prev"), Some("b"));
        let l = parse(r#"<a>; title="q\"uote""#).unwrap();
        assert_eq!(l[0].params[0].1, "q\"uote");
        assert!(parse("").unwrap().is_empty());
        assert!(parse(" , ").unwrap().is_empty());
        assert!(parse("<a>;").is_ok());
    }

    #[test]
    fn malformed() {
        assert_eq!(parse("https://x; rel=next").unwrap_err().offset, 0);
        assert!(parse("<https://x").is_err());
        assert!(parse(r#"<x>; rel="next"#).is_err());
        assert!(parse("<x> rel=next").is_err());
        assert!(parse("<x>; =a").is_err());
        assert_eq!(parse("<x").unwrap_err().code(), "lti.service.link-header");
        let (links, errs) = parse_all(["<a>; rel=next", "bad"]);
        assert_eq!((links.len(), errs.len()), (1, 1));
        assert_eq!(
            format(&[("a", "next"), ("b", "differences")]),
            r#"<a>; rel="next", <b>; rel="differences""#
        );
    }

    /// Found by fuzzing (`lti_http`): a relation holding a backslash or a quote was written
    /// unescaped inside the quoted string, so the printed header did not parse back.
    #[test]
    fn fuzz_regression_link_relation_with_backslash_or_quote() {
        for rel in ["a\\", "a\"b", "\\\"", "x"] {
            let printed = format(&[("https://p/m?page=2", rel)]);
            let back = parse(&printed).unwrap_or_else(|e| panic!("{printed}: {e}"));
            assert_eq!(back.len(), 1, "{printed}");
            assert_eq!(back[0].rels, [rel.to_ascii_lowercase()], "{printed}");
        }
    }
}
