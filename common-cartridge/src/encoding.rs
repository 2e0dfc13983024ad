//! Lenient decoding of XML that declares a single-byte Latin encoding.
//!
//! The shared XML reader accepts UTF-8 only. Real cartridges contain descriptors that declare
//! `encoding="ISO-8859-1"` (the bracken test cartridge's assessments do); when such a document
//! is not valid UTF-8 it is transcoded here, with a warning (an error in strict mode). Anything
//! else is passed through untouched, so the reader reports it.

use std::borrow::Cow;

use lti_core::Problem;

use crate::codes;
use crate::manifest::ReadOptions;

/// Windows-1252 code points for bytes 0x80–0x9F (the rest of the range equals ISO-8859-1).
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

/// The encoding named in the XML declaration, lower-cased (`None` when there is no declaration
/// or no encoding pseudo-attribute). Looks at the first 200 bytes only.
pub(crate) fn declared_encoding(bytes: &[u8]) -> Option<(String, usize, usize)> {
    let window = &bytes[..bytes.len().min(200)];
    let head = window.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(window);
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = &head[..end];
    let i = decl.windows(8).position(|w| w == b"encoding")?;
    let rest = &decl[i + 8..];
    let eq = rest.iter().position(|b| *b == b'=')?;
    let after = &rest[eq + 1..];
    let q_off = after.iter().position(|b| *b == b'"' || *b == b'\'')?;
    let quote = after[q_off];
    let value = &after[q_off + 1..];
    let close = value.iter().position(|b| *b == quote)?;
    // The byte order mark's length (0 or 3): `head` starts there in `bytes`.
    let offset = window.len() - head.len();
    let start = offset + i + 8 + eq + 1 + q_off + 1;
    let name = String::from_utf8_lossy(&value[..close]).to_ascii_lowercase();
    Some((name, start, start + close))
}

fn is_latin(enc: &str) -> Option<bool> {
    match enc {
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" | "iso_8859-1" => Some(false),
        "windows-1252" | "cp1252" | "x-cp1252" => Some(true),
        _ => None,
    }
}

/// Returns the bytes to parse: the input itself when it is UTF-8 (or not a Latin encoding), or
/// its UTF-8 transcoding when it declares ISO-8859-1/Windows-1252 and is not valid UTF-8 (the
/// declaration is rewritten to `UTF-8`). The problem reports a transcoding.
pub(crate) fn decode_lenient<'a>(
    bytes: &'a [u8],
    opts: &ReadOptions,
) -> (Cow<'a, [u8]>, Option<Problem>) {
    if std::str::from_utf8(bytes).is_ok() {
        return (Cow::Borrowed(bytes), None);
    }
    let Some((enc, start, end)) = declared_encoding(bytes) else {
        return (Cow::Borrowed(bytes), None);
    };
    let Some(cp1252) = is_latin(&enc) else {
        return (Cow::Borrowed(bytes), None);
    };
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    // A UTF-8 byte order mark before a Latin declaration is dropped (transcoded byte by byte it
    // would become the text "ï»¿" before the declaration).
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    for (i, &b) in bytes.iter().enumerate().skip(bom) {
        if i == start {
            out.push_str("UTF-8");
        }
        if (start..end).contains(&i) {
            continue;
        }
        let c = if cp1252 && (0x80..0xA0).contains(&b) {
            CP1252_HIGH[usize::from(b - 0x80)]
        } else {
            char::from(b)
        };
        out.push(c);
    }
    let problem = Problem::new(
        codes::XML_TRANSCODED,
        opts.lenient_severity(),
        format!(
            "the document declares encoding {enc:?} and is not UTF-8; it was transcoded from {enc} to UTF-8"
        ),
    );
    (Cow::Owned(out.into_bytes()), Some(problem))
}

/// Parses a document; when it is not UTF-8 but declares a Latin encoding, transcodes it (with
/// the problem pushed to `report`) and parses again.
pub(crate) fn parse_document_lenient(
    bytes: &[u8],
    opts: &ReadOptions,
    report: &mut lti_core::Report,
) -> Result<lti_core::xml::Document, lti_core::xml::XmlError> {
    match lti_core::xml::parse_document(bytes, &opts.limits.xml) {
        Err(e) if matches!(e.kind(), lti_core::xml::XmlErrorKind::InvalidUtf8) => {
            let (fixed, problem) = decode_lenient(bytes, opts);
            match problem {
                Some(p) => {
                    report.push(p);
                    lti_core::xml::parse_document(&fixed, &opts.limits.xml)
                }
                None => Err(e),
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lti_core::Severity;

    #[test]
    fn latin1_is_transcoded_with_a_warning() {
        let input = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xE9</a>";
        let (out, p) = decode_lenient(input, &ReadOptions::default());
        assert_eq!(
            std::str::from_utf8(&out).expect("utf8"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>caf\u{e9}</a>"
        );
        let p = p.expect("problem");
        assert_eq!(p.code, codes::XML_TRANSCODED);
        assert_eq!(p.severity, Severity::Warning);
        let (_, p) = decode_lenient(input, &ReadOptions::strict());
        assert_eq!(p.map(|p| p.severity), Some(Severity::Error));
    }

    #[test]
    fn cp1252_high_range_and_pass_through() {
        let input = b"<?xml version='1.0' encoding='windows-1252'?><a>\x93q\x94</a>";
        let (out, _) = decode_lenient(input, &ReadOptions::default());
        assert!(
            std::str::from_utf8(&out)
                .expect("utf8")
                .contains("\u{201C}q\u{201D}")
        );
        let ok = b"<?xml version='1.0' encoding='ISO-8859-1'?><a>ascii</a>";
        let (out, p) = decode_lenient(ok, &ReadOptions::default());
        assert!(matches!(out, Cow::Borrowed(_)) && p.is_none());
        let bad = b"<?xml version='1.0' encoding='UTF-8'?><a>\xFF</a>";
        let (out, p) = decode_lenient(bad, &ReadOptions::default());
        assert!(
            matches!(out, Cow::Borrowed(_)) && p.is_none(),
            "left for the reader"
        );
        let none = b"<a>\xFF</a>";
        assert!(decode_lenient(none, &ReadOptions::default()).1.is_none());
        assert_eq!(
            declared_encoding(b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"Latin1\"?>")
                .map(|(e, _, _)| e),
            Some("latin1".to_owned())
        );
    }

    /// Found by the hostile-input suite: the declaration's position was computed from the end
    /// of the input, so any Latin-1 document longer than 200 bytes was mangled (the encoding
    /// name replaced at a random offset) and failed to parse after transcoding.
    #[test]
    fn hostile_regression_latin1_longer_than_200_bytes() {
        let pad = "x".repeat(300);
        for bom in [&b""[..], b"\xEF\xBB\xBF"] {
            let input = [
                bom,
                b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xE9",
                pad.as_bytes(),
                b"</a>",
            ]
            .concat();
            let (out, p) = decode_lenient(&input, &ReadOptions::default());
            assert!(p.is_some());
            let text = std::str::from_utf8(&out).expect("utf8");
            assert_eq!(
                text.trim_start_matches('\u{FEFF}'),
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>caf\u{e9}{pad}</a>")
            );
        }
    }
}
