//! File-base tokens: the placeholder that HTML inside descriptors (discussion topics, CC-QTI
//! `mattext`, assignments) uses for "the folder of this resource's descriptor".
//!
//! Three spellings exist: `$IMS-CC-FILEBASE$` (the specification), `$IMS_CC_FILEBASE$` (the
//! legacy spelling Canvas wrote) and `$1EdTech-CC-FILEBASE$` (renamed in the CC 1.3
//! implementation guide §3.4.3.3). All three are recognised; [`resolve`] replaces each with a
//! base path, and [`normalize`] rewrites them to one spelling.

use std::borrow::Cow;

/// The specification's spelling.
pub const IMS_CC_FILEBASE: &str = "$IMS-CC-FILEBASE$";
/// The legacy spelling (underscores).
pub const IMS_CC_FILEBASE_LEGACY: &str = "$IMS_CC_FILEBASE$";
/// The 1EdTech spelling.
pub const ONEEDTECH_CC_FILEBASE: &str = "$1EdTech-CC-FILEBASE$";

/// All recognised spellings.
pub const TOKENS: [&str; 3] = [
    IMS_CC_FILEBASE,
    IMS_CC_FILEBASE_LEGACY,
    ONEEDTECH_CC_FILEBASE,
];

/// One occurrence of a file-base token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenUse<'a> {
    /// Byte offset of the token in the text.
    pub offset: usize,
    /// The spelling used.
    pub token: &'static str,
    /// The path that follows the token, up to the next quote, whitespace, `)` or `<`
    /// (`images/a.png` in `src="$IMS-CC-FILEBASE$images/a.png"`).
    pub path: &'a str,
}

fn token_at(text: &str, i: usize) -> Option<&'static str> {
    let rest = text.get(i..)?;
    TOKENS.into_iter().find(|t| {
        rest.len() >= t.len()
            && rest
                .get(..t.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(t))
    })
}

/// Finds every file-base token (any spelling, ASCII case-insensitive) and the path after it.
pub fn find(text: &str) -> Vec<TokenUse<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text.get(from..).and_then(|s| s.find('$')) {
        let i = from + pos;
        if let Some(token) = token_at(text, i) {
            let start = i + token.len();
            let tail = text.get(start..).unwrap_or("");
            let end = tail
                .find(|c: char| {
                    matches!(c, '"' | '\'' | ')' | '<' | '>' | '&') || c.is_whitespace()
                })
                .unwrap_or(tail.len());
            out.push(TokenUse {
                offset: i,
                token,
                path: tail.get(..end).unwrap_or(""),
            });
            from = start;
        } else {
            from = i + 1;
        }
    }
    out
}

/// Whether the text contains a file-base token in any spelling.
pub fn contains(text: &str) -> bool {
    !find(text).is_empty()
}

/// Replaces every file-base token (any spelling) with `base`. `base` is usually the folder of
/// the descriptor, with a trailing `/` (or empty for the cartridge root). Borrows when there is
/// nothing to replace.
pub fn resolve<'a>(text: &'a str, base: &str) -> Cow<'a, str> {
    replace_all(text, base)
}

/// Rewrites every file-base token to the spelling `token` (one of [`TOKENS`]).
pub fn normalize<'a>(text: &'a str, token: &str) -> Cow<'a, str> {
    replace_all(text, token)
}

fn replace_all<'a>(text: &'a str, with: &str) -> Cow<'a, str> {
    let uses = find(text);
    if uses.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for u in uses {
        out.push_str(text.get(last..u.offset).unwrap_or(""));
        out.push_str(with);
        last = u.offset + u.token.len();
    }
    out.push_str(text.get(last..).unwrap_or(""));
    Cow::Owned(out)
}

/// Joins a descriptor's folder with a path found after a file-base token, resolving `.` and
/// `..` segments (references may legally climb out of an LAO folder with `../`). Returns `None`
/// when the path climbs above the package root, or is absolute or a URL. The shared
/// [`lti_core::content_packaging::join_package_path`].
pub use lti_core::content_packaging::join_package_path;

/// Decodes `%XX` escapes in a path taken from HTML (`my%20file.png` → `my file.png`). Invalid
/// escapes are kept as written.
pub fn percent_decode(path: &str) -> Cow<'_, str> {
    if !path.contains('%') {
        return Cow::Borrowed(path);
    }
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|c| (*c as char).to_digit(16)),
                b.get(i + 2).and_then(|c| (*c as char).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(_) => Cow::Borrowed(path),
    }
}

/// The folder part of a package path (`a/b/c.xml` → `a/b/`; `c.xml` → ``).
pub fn folder_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_three_spellings_are_found_and_resolved() {
        let html = r#"<img src="$IMS-CC-FILEBASE$img1.png"/> <a href='$IMS_CC_FILEBASE$/docs/a%20b.pdf'>x</a> <img src="$1EdTech-CC-FILEBASE$../media/d.jpg">"#;
        let uses = find(html);
        assert_eq!(uses.len(), 3);
        assert_eq!(uses[0].token, IMS_CC_FILEBASE);
        assert_eq!(uses[0].path, "img1.png");
        assert_eq!(uses[1].token, IMS_CC_FILEBASE_LEGACY);
        assert_eq!(uses[1].path, "/docs/a%20b.pdf");
        assert_eq!(uses[2].token, ONEEDTECH_CC_FILEBASE);
        assert_eq!(uses[2].path, "../media/d.jpg");
        let r = resolve(html, "res1/");
        assert!(r.contains(r#"src="res1/img1.png""#));
        assert!(r.contains("res1/../media/d.jpg"));
        assert!(!contains(&r));
        let n = normalize(html, IMS_CC_FILEBASE);
        assert_eq!(n.matches(IMS_CC_FILEBASE).count(), 3);
        assert!(matches!(resolve("plain $ text", "x/"), Cow::Borrowed(_)));
        assert!(contains("$ims-cc-filebase$a.png"), "case-insensitive");
    }

    #[test]
    fn joining_paths() {
        assert_eq!(
            join_package_path("I_00006_R/", "../I_media_R/dog.jpg").as_deref(),
            Some("I_media_R/dog.jpg")
        );
        assert_eq!(
            join_package_path("a/", "./b/c.png").as_deref(),
            Some("a/b/c.png")
        );
        assert_eq!(join_package_path("", "../x"), None);
        assert_eq!(join_package_path("a/", "/abs"), None);
        assert_eq!(join_package_path("a/", "https://x.org/y"), None);
        assert_eq!(
            join_package_path("a/", "p.png?x=1#f").as_deref(),
            Some("a/p.png")
        );
        assert_eq!(percent_decode("a%20b%2Fc"), "a b/c");
        assert_eq!(percent_decode("bad%zz"), "bad%zz");
        assert_eq!(percent_decode("%FF"), "%FF", "invalid UTF-8 is kept");
        assert_eq!(folder_of("a/b/c.xml"), "a/b/");
        assert_eq!(folder_of("c.xml"), "");
    }
}
