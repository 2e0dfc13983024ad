//! XML Schema regular expressions (XSD Part 2, Appendix F), as used by `patternMatch` and
//! `textEntryInteraction/@patternMask`, translated to the `regex` crate's syntax.
//!
//! Differences handled: the pattern matches the whole string (implicit anchors); `^` and `$`
//! are ordinary characters; `.` excludes `\n` and `\r`; `\s`, `\w`, `\i`, `\c` and their
//! negations have XSD meanings; character class subtraction `[a-z-[aeiou]]` becomes an
//! intersection with the complement. Unicode block escapes (`\p{IsBasicLatin}`) are not
//! supported by the target engine and are reported as errors.

use regex::Regex;

/// Why a pattern could not be translated or compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid XML Schema regular expression {pattern:?}: {detail}")]
#[non_exhaustive]
pub struct PatternError {
    /// The pattern.
    pub pattern: String,
    /// What is wrong.
    pub detail: String,
}

const NAME_START: &str = r"\p{L}\p{Nl}_:";
const NAME_CHAR: &str = r"\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}._:\-\u{B7}";

/// Whether `name` is one of XSD's category names (`IsCategory`: a general category letter, with
/// one of its subcategory letters or alone). Checked exactly: the target engine also accepts
/// script names and loose spellings (`Greek`, `lu`), which XSD does not.
fn is_xsd_category(name: &str) -> bool {
    let mut c = name.chars();
    let subs = match c.next() {
        Some('L') => "ultmo",
        Some('M') => "nce",
        Some('N') => "dlo",
        Some('P') => "cdseifo",
        Some('Z') => "slp",
        Some('S') => "mcko",
        Some('C') => "cfon",
        _ => return false,
    };
    match (c.next(), c.next()) {
        (None, _) => true,
        (Some(sub), None) => subs.contains(sub),
        _ => false,
    }
}

/// Compiles an XSD pattern into an anchored [`Regex`].
pub fn compile(pattern: &str) -> Result<Regex, PatternError> {
    let translated = translate(pattern)?;
    regex::RegexBuilder::new(&translated)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| PatternError {
            pattern: pattern.to_owned(),
            detail: e.to_string(),
        })
}

/// Translates an XSD pattern to `regex` syntax (anchored).
pub fn translate(pattern: &str) -> Result<String, PatternError> {
    let err = |d: &str| PatternError {
        pattern: pattern.to_owned(),
        detail: d.to_owned(),
    };
    let mut out = String::with_capacity(pattern.len() + 16);
    out.push_str(r"\A(?:");
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    // Depth of character classes; `subtraction` marks classes opened by `-[`.
    let mut class_depth = 0usize;
    let mut class_start = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let Some(&n) = chars.get(i + 1) else {
                return Err(err("trailing backslash"));
            };
            i += 2;
            class_start = false;
            match n {
                's' => out.push_str(r"[ \t\n\r]"),
                'S' => out.push_str(r"[^ \t\n\r]"),
                'w' => out.push_str(r"[^\p{P}\p{Z}\p{C}]"),
                'W' => out.push_str(r"[\p{P}\p{Z}\p{C}]"),
                'i' => {
                    out.push('[');
                    out.push_str(NAME_START);
                    out.push(']');
                }
                'I' => {
                    out.push_str("[^");
                    out.push_str(NAME_START);
                    out.push(']');
                }
                'c' => {
                    out.push('[');
                    out.push_str(NAME_CHAR);
                    out.push(']');
                }
                'C' => {
                    out.push_str("[^");
                    out.push_str(NAME_CHAR);
                    out.push(']');
                }
                'd' | 'D' => {
                    out.push('\\');
                    out.push(n);
                }
                'p' | 'P' => {
                    // Copy `\p{...}`; reject block escapes. Only up to the closing brace is
                    // looked at (not the rest of the pattern: linear in the pattern's length).
                    if chars.get(i) != Some(&'{') {
                        return Err(err(&format!("\\{n} must be followed by {{name}}")));
                    }
                    let Some(len) = chars[i..].iter().position(|&c| c == '}') else {
                        return Err(err("unterminated \\p{...}"));
                    };
                    let name: String = chars[i + 1..i + len].iter().collect();
                    if name.starts_with("Is") {
                        return Err(err("Unicode block escapes (\\p{Is...}) are not supported"));
                    }
                    if !is_xsd_category(&name) {
                        return Err(err(&format!(
                            "\\{n}{{{name}}}: not an XML Schema category (L, Lu, Nd, P, …)"
                        )));
                    }
                    out.push('\\');
                    out.push(n);
                    out.push('{');
                    out.push_str(&name);
                    out.push('}');
                    i += len + 1;
                }
                'n' | 'r' | 't' | '\\' | '|' | '.' | '-' | '^' | '?' | '*' | '+' | '{' | '}'
                | '(' | ')' | '[' | ']' => {
                    out.push('\\');
                    out.push(n);
                }
                _ => return Err(err(&format!("unknown escape \\{n}"))),
            }
            continue;
        }
        if class_depth > 0 {
            match c {
                '[' => return Err(err("'[' inside a character class must be escaped")),
                ']' => {
                    class_depth -= 1;
                    out.push(']');
                }
                '-' if chars.get(i + 1) == Some(&'[') => {
                    // Subtraction: [base-[sub]] == base && not sub.
                    i += 2;
                    if chars.get(i) == Some(&'^') {
                        out.push_str("&&[");
                        i += 1;
                    } else {
                        out.push_str("&&[^");
                    }
                    class_depth += 1;
                    class_start = true;
                    continue;
                }
                '^' if class_start => out.push('^'),
                '&' | '~' | '^' => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
            class_start = false;
            i += 1;
            continue;
        }
        match c {
            '[' => {
                class_depth += 1;
                out.push('[');
                class_start = true;
                i += 1;
                continue;
            }
            ']' => return Err(err("']' outside a character class must be escaped")),
            '^' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '.' => out.push_str(r"[^\n\r]"),
            '(' => {
                // XSD groups are capturing; non-capturing is fine for matching.
                out.push_str("(?:");
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if class_depth > 0 {
        return Err(err("unterminated character class"));
    }
    out.push_str(r")\z");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        compile(p).unwrap().is_match(s)
    }

    #[test]
    fn xsd_semantics() {
        assert!(m("[0-9]+", "123"));
        assert!(!m("[0-9]+", "a123"), "implicitly anchored");
        assert!(m("a^b$", "a^b$"), "^ and $ are literals");
        assert!(m("[a-z-[aeiou]]+", "bcd"));
        assert!(!m("[a-z-[aeiou]]+", "bad"));
        assert!(m(r"\i\c*", "_x-1"));
        assert!(!m(r"\i\c*", "1x"));
        assert!(!m(".", "\n"));
        assert!(m(r"\s\S", " a"));
        assert!(m(r"\w+", "abc"));
        assert!(!m(r"\w", "."));
        assert!(m(r"(ab)|c", "ab"));
        assert!(m(r"[\-+]?\d+", "-5"));
        assert!(m("[a&b]", "&"));
        assert!(m(r"\p{Lu}+", "ABC"));
        assert!(compile(r"\p{IsBasicLatin}").is_err());
        assert!(compile("[abc").is_err());
        assert!(compile(r"abc\").is_err());
        assert!(compile(r"\q").is_err());
        assert!(compile("(?:x)?").is_err(), "XSD has no (?: groups");
    }

    /// Fuzz finding `qti_engine` crash-4b8ac49f (fuzz/README.md): a `patternMatch` pattern
    /// with `\p` followed by `}` sliced `rest[1..0]` (a panic). `\p` and `\P` must be followed
    /// by `{name}`; anything else is a pattern error.
    #[test]
    fn fuzz_regression_p_escape_without_its_brace() {
        for p in [r"\p}", r"\P}}}", r"\p", r"\pL", r"a\P", r"\p{L", r"\p{"] {
            let e = translate(p).expect_err(p);
            assert_eq!(e.pattern, p);
        }
        assert!(m(r"\p{L}\P{L}", "a1"));
        assert!(compile(r"\p{}x").is_err(), "an empty property name");
        // XSD's category names only, spelt exactly (the engine would accept scripts and
        // loose spellings).
        for ok in ["L", "Lu", "Mn", "Nd", "Pi", "Zs", "Sc", "Cn", "Co"] {
            assert!(compile(&format!(r"\p{{{ok}}}")).is_ok(), "{ok}");
        }
        assert!(translate("a]").is_err(), "a lone ] is not an XSD character");
        assert!(m(r"a\]", "a]"));
        for bad in ["Greek", "lu", "isGreek", "Lx", "Lul", "Cs", "IsBasicLatin"] {
            assert!(translate(&format!(r"\P{{{bad}}}")).is_err(), "{bad}");
        }
        // Many escapes: each looks only as far as its own brace.
        let many = r"\p{Lu}".repeat(20_000);
        assert!(translate(&many).is_ok());
    }
}
