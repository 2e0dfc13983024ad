//! Assignment descriptors (`assignment_xmlv1p0`, root `assignment`), the CC 1.3 extension
//! resource (`http://www.imsglobal.org/xsd/imscc_extensions/assignment`).

use lti_core::Report;
use lti_core::xml::{Element, Namespace};
use serde::{Deserialize, Serialize};

use super::{DescriptorKind, Text, expect_root, schema_location, unexpected};
use crate::codes;
use crate::version::{ASSIGNMENT_NS, ASSIGNMENT_SCHEMA};
use crate::xmlutil::{el, keep, loc, push, push_all, same_ns, sub, text_el};

/// An attachment of an assignment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssignmentAttachment {
    /// `href`, relative to the descriptor.
    pub href: String,
    /// `role` (`All`, `Learner`, `Manager`, `Instructor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// `<gradable points_possible>true</gradable>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Gradable {
    /// Whether the assignment is graded.
    pub gradable: bool,
    /// `points_possible`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_possible: Option<f64>,
}

/// An assignment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Assignment {
    /// `identifier`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// `<title>`.
    pub title: String,
    /// `<text>`: the instructions for learners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// `<instructor_text>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructor_text: Option<Text>,
    /// `<attachments>`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AssignmentAttachment>,
    /// `<gradable>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gradable: Option<Gradable>,
    /// `<submission_formats><format type>`: `text`, `html`, `url`, `file`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub submission_formats: Vec<String>,
    /// The children of `<extensions>` (Canvas assignment settings…), kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Other foreign elements, kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<Element>,
}

const FORMATS: [&str; 4] = ["text", "html", "url", "file"];
const ROLES: [&str; 4] = ["All", "Learner", "Manager", "Instructor"];

impl Assignment {
    /// An assignment with a title and HTML instructions.
    pub fn new(title: impl Into<String>, html: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            text: Some(Text::html(html)),
            ..Self::default()
        }
    }

    /// Reads an `assignment` element.
    pub fn read(e: &Element) -> (Self, Report) {
        let mut report = Report::new();
        let path = "/assignment";
        expect_root(e, DescriptorKind::Assignment, &mut report);
        let mut a = Self {
            identifier: e.attr("identifier").map(str::to_owned),
            ..Self::default()
        };
        let mut title = None;
        for c in e.elements() {
            if !same_ns(e, c) {
                a.other.push(keep(c));
                continue;
            }
            let cpath = sub(path, &c.name.local);
            match c.name.local.as_str() {
                "title" if title.is_none() => title = Some(c.text().trim().to_owned()),
                "text" if a.text.is_none() => a.text = Some(Text::read(c, &cpath, &mut report)),
                "instructor_text" if a.instructor_text.is_none() => {
                    a.instructor_text = Some(Text::read(c, &cpath, &mut report));
                }
                "attachments" => {
                    for x in c.elements().filter(|x| x.name.local == "attachment") {
                        let role = x.attr("role").map(str::to_owned);
                        if let Some(r) = &role
                            && !ROLES.contains(&r.as_str())
                        {
                            report.error(
                                codes::ASSIGNMENT_VALUE_INVALID,
                                loc(&sub(&cpath, "attachment"), x.span),
                                format!("attachment role {r:?} is not one of All, Learner, Manager, Instructor"),
                            );
                        }
                        a.attachments.push(AssignmentAttachment {
                            href: x.attr("href").unwrap_or_default().to_owned(),
                            role,
                        });
                    }
                }
                "gradable" => {
                    let text = c.text();
                    let gradable = match lti_core::xml::attr::parse_bool(text.trim()) {
                        Some(b) => b,
                        None => {
                            report.error(
                                codes::ASSIGNMENT_VALUE_INVALID,
                                loc(&cpath, c.span),
                                format!(
                                    "<gradable> must be true or false, found {:?}",
                                    text.trim()
                                ),
                            );
                            false
                        }
                    };
                    let points_possible = match c.attr("points_possible") {
                        None => None,
                        Some(p) => match lti_core::xml::attr::parse_double(p) {
                            Some(v) => Some(v),
                            None => {
                                report.error(
                                    codes::ASSIGNMENT_VALUE_INVALID,
                                    loc(&cpath, c.span),
                                    format!("points_possible {p:?} is not a number"),
                                );
                                None
                            }
                        },
                    };
                    a.gradable = Some(Gradable {
                        gradable,
                        points_possible,
                    });
                }
                "submission_formats" => {
                    for f in c.elements().filter(|x| x.name.local == "format") {
                        let t = f.attr("type").unwrap_or_default();
                        if !FORMATS.contains(&t) {
                            report.error(
                                codes::ASSIGNMENT_VALUE_INVALID,
                                loc(&sub(&cpath, "format"), f.span),
                                format!(
                                    "submission format {t:?} is not one of text, html, url, file"
                                ),
                            );
                        }
                        a.submission_formats.push(t.to_owned());
                    }
                }
                "extensions" => a.extensions.extend(c.elements().map(keep)),
                _ => {
                    unexpected(&mut report, path, c);
                    a.other.push(keep(c));
                }
            }
        }
        match title {
            Some(t) if !t.is_empty() => a.title = t,
            _ => report.error(
                codes::ASSIGNMENT_TITLE_MISSING,
                loc(path, e.span),
                "an assignment requires a non-empty <title>",
            ),
        }
        if a.instructor_text.is_none() {
            report.warning(
                codes::ASSIGNMENT_INSTRUCTOR_TEXT_MISSING,
                loc(path, e.span),
                "the assignment extension schema requires <instructor_text>",
            );
        }
        (a, report)
    }

    /// The descriptor element.
    pub fn to_element(&self) -> Element {
        let ns = Namespace::new(ASSIGNMENT_NS);
        let mut root = el(&ns, "", "assignment");
        if let Some(i) = &self.identifier {
            root.set_attr("identifier", i);
        }
        schema_location(&mut root, &ns, ASSIGNMENT_SCHEMA);
        push(&mut root, text_el(&ns, "", "title", &self.title));
        if let Some(t) = &self.text {
            push(&mut root, t.to_element(&ns, "text"));
        }
        let it = self
            .instructor_text
            .clone()
            .unwrap_or_else(|| Text::plain(""));
        push(&mut root, it.to_element(&ns, "instructor_text"));
        if !self.attachments.is_empty() {
            let mut at = el(&ns, "", "attachments");
            for x in &self.attachments {
                let mut xe = el(&ns, "", "attachment").with_attr("href", &x.href);
                xe.set_attr("role", x.role.as_deref().unwrap_or("All"));
                push(&mut at, xe);
            }
            push(&mut root, at);
        }
        if let Some(g) = &self.gradable {
            let mut ge =
                el(&ns, "", "gradable").with_text(if g.gradable { "true" } else { "false" });
            if let Some(p) = g.points_possible {
                ge.set_attr("points_possible", p.to_string());
            }
            push(&mut root, ge);
        }
        if !self.submission_formats.is_empty() {
            let mut sf = el(&ns, "", "submission_formats");
            for f in &self.submission_formats {
                push(&mut sf, el(&ns, "", "format").with_attr("type", f));
            }
            push(&mut root, sf);
        }
        if !self.extensions.is_empty() {
            let mut x = el(&ns, "", "extensions");
            push_all(&mut x, &self.extensions);
            push(&mut root, x);
        }
        push_all(&mut root, &self.other);
        root
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lti_core::xml::{Limits, parse_element};

    #[test]
    fn reads_and_writes() {
        let x = r#"<asmnt:assignment xmlns:asmnt="http://www.imsglobal.org/xsd/imscc_extensions/assignment" identifier="a1">
  <asmnt:title>Assignment 1</asmnt:title>
  <asmnt:text texttype="text/plain">Turn this in.</asmnt:text>
  <asmnt:instructor_text texttype="text/plain">Secret</asmnt:instructor_text>
  <asmnt:attachments><asmnt:attachment href="../m/a.jpg" role="Learner"/></asmnt:attachments>
  <asmnt:gradable points_possible="10">true</asmnt:gradable>
  <asmnt:submission_formats><asmnt:format type="html"/><asmnt:format type="file"/></asmnt:submission_formats>
  <asmnt:extensions><assignment xmlns="http://canvas.instructure.com/xsd/cccv1p0"><title>x</title></assignment></asmnt:extensions>
</asmnt:assignment>"#;
        let (a, r) = Assignment::read(&parse_element(x.as_bytes(), &Limits::default()).expect("x"));
        assert!(r.is_empty(), "{r:?}");
        assert_eq!(a.identifier.as_deref(), Some("a1"));
        assert_eq!(a.title, "Assignment 1");
        assert_eq!(a.attachments[0].role.as_deref(), Some("Learner"));
        let g = a.gradable.as_ref().expect("g");
        assert!(g.gradable);
        assert_eq!(g.points_possible, Some(10.0));
        assert_eq!(a.submission_formats, ["html", "file"]);
        assert_eq!(a.extensions.len(), 1);
        let (back, r) = Assignment::read(&a.to_element());
        assert!(r.is_empty(), "{r:?}");
        assert_eq!(back, a);
    }

    #[test]
    fn problems() {
        let x = r#"<assignment xmlns="http://www.imsglobal.org/xsd/imscc_extensions/assignment"><text texttype="x/y">t</text><gradable points_possible="lots">maybe</gradable><submission_formats><format type="paper"/></submission_formats><attachments><attachment href="a" role="Boss"/></attachments><extra/></assignment>"#;
        let (_, r) = Assignment::read(&parse_element(x.as_bytes(), &Limits::default()).expect("x"));
        for c in [
            codes::ASSIGNMENT_TITLE_MISSING,
            codes::ASSIGNMENT_INSTRUCTOR_TEXT_MISSING,
            codes::ASSIGNMENT_VALUE_INVALID,
            codes::TEXTTYPE_INVALID,
            codes::DESCRIPTOR_UNEXPECTED_ELEMENT,
        ] {
            assert!(r.has_code(c), "{c}: {r:?}");
        }
        assert_eq!(r.with_code(codes::ASSIGNMENT_VALUE_INVALID).count(), 4);
        let built = Assignment::new("T", "<p>do</p>");
        let (b, r) = Assignment::read(&built.to_element());
        assert!(r.is_empty(), "{r:?}");
        assert_eq!(b.title, "T");
    }
}
