//! Where a problem is: one [`Location`] type for every kind of input the crates read.
//!
//! - a JSON pointer (RFC 6901) into a JSON document (Caliper, OneRoster JSON, LTI claims);
//! - an XML element path with line, column and byte offset (QTI, Common Cartridge);
//! - a CSV file, row and column (OneRoster CSV);
//! - an entry inside a zip (cartridges, QTI packages, zipped CSV sets), wrapping the location
//!   inside that entry;
//! - a named field (an HTTP form or query parameter, a JWT header field).

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A place in some input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Location {
    /// Not known (or the whole document).
    #[default]
    Unknown,
    /// A JSON pointer (RFC 6901); the empty pointer is the document root.
    Json {
        /// The pointer, for example `/data/0/actor/id`.
        pointer: String,
    },
    /// A position in an XML document.
    Xml(XmlPosition),
    /// A cell or row of a CSV file.
    Csv {
        /// The file name, for example `users.csv`.
        file: String,
        /// The 1-based row number, counting the header as row 1 (as a spreadsheet shows it).
        /// 0 means the file as a whole.
        row: u64,
        /// The column's header name, when the problem is about one column.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<String>,
    },
    /// An entry of a zip archive, and the place inside that entry.
    Zip {
        /// The entry name as stored in the archive.
        entry: String,
        /// The place inside the entry ([`Location::Unknown`] for the entry as a whole).
        inner: Box<Self>,
    },
    /// A line and column in a text document, where no structural path exists yet (a JSON
    /// syntax error, for example).
    Text {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
    /// A named field: an HTTP form or query parameter, a header, a JWT header field.
    Field {
        /// The field's name.
        name: String,
    },
}

/// A position in an XML document: the element path plus line, column and byte offset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct XmlPosition {
    /// The element path from the root, using local names: `/assessmentItem/itemBody/p`.
    /// Empty when the problem is before the root element.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// 0-based byte offset into the document (after any byte order mark).
    pub byte: u64,
}

impl XmlPosition {
    /// A position.
    pub fn new(path: impl Into<String>, line: u32, column: u32, byte: u64) -> Self {
        Self {
            path: path.into(),
            line,
            column,
            byte,
        }
    }
}

impl Location {
    /// A JSON pointer location.
    pub fn json_pointer(pointer: impl Into<String>) -> Self {
        Self::Json {
            pointer: pointer.into(),
        }
    }

    /// A CSV location (row counts the header as row 1).
    pub fn csv(file: impl Into<String>, row: u64, column: Option<&str>) -> Self {
        Self::Csv {
            file: file.into(),
            row,
            column: column.map(str::to_owned),
        }
    }

    /// A line/column location in a text document.
    pub fn text(line: usize, column: usize) -> Self {
        Self::Text {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// A named-field location.
    pub fn field(name: impl Into<String>) -> Self {
        Self::Field { name: name.into() }
    }

    /// A zip entry as a whole.
    pub fn zip_entry(entry: impl Into<String>) -> Self {
        Self::Zip {
            entry: entry.into(),
            inner: Box::new(Self::Unknown),
        }
    }

    /// This location, placed inside the zip entry `entry`. A location that is already inside a
    /// zip entry is nested (a zip inside a zip).
    #[must_use]
    pub fn in_zip_entry(self, entry: &str) -> Self {
        Self::Zip {
            entry: entry.to_owned(),
            inner: Box::new(self),
        }
    }

    /// Whether the location is [`Location::Unknown`].
    pub fn is_unknown(&self) -> bool {
        matches!(self, Self::Unknown)
    }

    /// The JSON pointer, if this is a JSON location.
    pub fn as_json_pointer(&self) -> Option<&str> {
        match self {
            Self::Json { pointer } => Some(pointer),
            _ => None,
        }
    }
}

impl From<XmlPosition> for Location {
    fn from(p: XmlPosition) -> Self {
        Self::Xml(p)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown => f.write_str("(unknown location)"),
            Self::Json { pointer } if pointer.is_empty() => f.write_str("(document root)"),
            Self::Json { pointer } => f.write_str(pointer),
            Self::Xml(p) => {
                write!(f, "line {}, column {}", p.line, p.column)?;
                if !p.path.is_empty() {
                    write!(f, " ({})", p.path)?;
                }
                Ok(())
            }
            Self::Csv { file, row, column } => {
                f.write_str(file)?;
                if *row > 0 {
                    write!(f, " row {row}")?;
                }
                if let Some(c) = column {
                    write!(f, ", column {c}")?;
                }
                Ok(())
            }
            Self::Zip { entry, inner } => {
                f.write_str(entry)?;
                if !inner.is_unknown() {
                    write!(f, ": {inner}")?;
                }
                Ok(())
            }
            Self::Text { line, column } => write!(f, "line {line}, column {column}"),
            Self::Field { name } => write!(f, "field `{name}`"),
        }
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901 §3: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Appends a reference token to a JSON pointer, escaping it.
pub fn push_pointer_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    pointer.push_str(&escape_pointer_token(token));
}

/// Builds a JSON pointer from tokens: `json_pointer(["data", "0", "a/b"])` is `/data/0/a~1b`.
pub fn json_pointer<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for t in tokens {
        push_pointer_token(&mut out, t);
    }
    out
}

/// Computes the 1-based line and column (in characters) of a byte offset in `text`.
///
/// Offsets past the end are clamped to the end; an offset inside a multi-byte character counts
/// that character.
pub fn line_column(text: &str, byte: usize) -> (u32, u32) {
    let byte = byte.min(text.len());
    let before = &text.as_bytes()[..byte];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Count characters: every byte that is not a UTF-8 continuation byte starts one.
    let column = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_forms() {
        assert_eq!(Location::Unknown.to_string(), "(unknown location)");
        assert_eq!(Location::json_pointer("/a/0").to_string(), "/a/0");
        assert_eq!(
            Location::Xml(XmlPosition::new("/a/b", 3, 7, 40)).to_string(),
            "line 3, column 7 (/a/b)"
        );
        assert_eq!(
            Location::csv("users.csv", 4, Some("givenName")).to_string(),
            "users.csv row 4, column givenName"
        );
        assert_eq!(Location::csv("users.csv", 0, None).to_string(), "users.csv");
        let nested = Location::json_pointer("/x")
            .in_zip_entry("inner.zip")
            .in_zip_entry("outer.zip");
        assert_eq!(nested.to_string(), "outer.zip: inner.zip: /x");
        assert_eq!(Location::zip_entry("a.xml").to_string(), "a.xml");
        assert_eq!(Location::field("iss").to_string(), "field `iss`");
        assert_eq!(Location::text(3, 9).to_string(), "line 3, column 9");
    }

    #[test]
    fn serde_shape() {
        let l = Location::csv("orgs.csv", 2, Some("name"));
        let v = serde_json::to_value(&l).expect("serialises");
        assert_eq!(
            v,
            serde_json::json!({"kind": "csv", "file": "orgs.csv", "row": 2, "column": "name"})
        );
        let back: Location = serde_json::from_value(v).expect("deserialises");
        assert_eq!(back, l);
        let x = Location::Xml(XmlPosition::new("/a", 1, 2, 3));
        let v = serde_json::to_value(&x).expect("serialises");
        assert_eq!(v["kind"], "xml");
        assert_eq!(v["line"], 1);
    }

    #[test]
    fn pointers() {
        assert_eq!(
            json_pointer(["data", "0", "a/b", "m~n"]),
            "/data/0/a~1b/m~0n"
        );
        assert_eq!(escape_pointer_token("plain"), "plain");
    }

    #[test]
    fn line_columns() {
        let t = "ab\ncé\nx";
        assert_eq!(line_column(t, 0), (1, 1));
        assert_eq!(line_column(t, 2), (1, 3));
        assert_eq!(line_column(t, 3), (2, 1));
        // after "cé" (c = 1 byte, é = 2 bytes)
        assert_eq!(line_column(t, 6), (2, 3));
        assert_eq!(line_column(t, 1000), (3, 2));
    }
}
