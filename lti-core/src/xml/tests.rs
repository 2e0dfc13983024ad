//! Tests of the XML toolkit: reading, errors with positions, limits, the tree and the writer.

use proptest::prelude::*;

use super::writer::{write_document, write_element};
use super::*;

fn parse(s: &str) -> Result<Document, XmlError> {
    parse_document(s.as_bytes(), &Limits::default())
}

fn err(s: &str) -> XmlError {
    parse(s).expect_err("must fail")
}

fn err_limits(s: &str, limits: &Limits) -> XmlError {
    parse_document(s.as_bytes(), limits).expect_err("must fail")
}

#[test]
fn namespaces_resolve() {
    let doc = parse(
        r#"<a xmlns="urn:d" xmlns:m="http://www.w3.org/1998/Math/MathML"><m:math><mi>x</mi></m:math><b xmlns=""><c/></b><m:x m:at="1" plain="2" xml:lang="en"/></a>"#,
    )
    .expect("parses");
    let root = &doc.root;
    assert!(root.is(Some("urn:d"), "a"));
    let math = root.child(Some(MATHML_NS), "math").expect("math");
    assert_eq!(math.name.prefix.as_deref(), Some("m"));
    // Unprefixed child of m:math is in the default namespace, not MathML.
    assert!(math.elements().next().expect("mi").is(Some("urn:d"), "mi"));
    let b = root
        .child(None, "b")
        .expect("b undeclares the default namespace");
    assert!(b.elements().next().expect("c").is(None, "c"));
    let x = root.child(Some(MATHML_NS), "x").expect("x");
    assert_eq!(x.attr_ns(MATHML_NS, "at"), Some("1"));
    assert_eq!(x.attr("plain"), Some("2"));
    assert_eq!(x.attr("at"), None, "prefixed attribute is namespaced");
    assert_eq!(x.attr_ns(XML_NS, "lang"), Some("en"));
}

#[test]
fn text_references_and_cdata() {
    let doc = parse("<a>x &lt;&amp;&gt;&apos;&quot; &#65;&#x42;<![CDATA[<raw>&amp;]]>\r\nend</a>")
        .expect("parses");
    let kids = &doc.root.children;
    assert_eq!(kids[0], Node::Text("x <&>'\" AB".to_owned()));
    assert_eq!(kids[1], Node::CData("<raw>&amp;".to_owned()));
    assert_eq!(kids[2], Node::Text("\nend".to_owned()), "CRLF normalised");
    let el = parse_element(b"<a v=\"a&#10;b\tc\nd &amp; &#x3C;\"/>", &Limits::default())
        .expect("parses");
    assert_eq!(el.attr("v"), Some("a\nb c d & <"));
}

#[test]
fn comments_pis_prolog_and_doctype() {
    let doc = parse(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE questestinterop SYSTEM \"ims_qtiasiv1p2.dtd\">\n<!-- c0 --><?pi data?>\n<a><!-- c1 --><?x y z?></a><!-- after -->",
    )
    .expect("parses");
    assert_eq!(
        doc.declaration.as_ref().map(|d| d.version.as_str()),
        Some("1.0")
    );
    assert_eq!(
        doc.doctype.as_deref(),
        Some("DOCTYPE questestinterop SYSTEM \"ims_qtiasiv1p2.dtd\"")
    );
    assert_eq!(doc.prolog.len(), 2);
    assert_eq!(doc.epilog, vec![Node::Comment(" after ".to_owned())]);
    assert_eq!(
        doc.root.children[1],
        Node::ProcessingInstruction {
            target: "x".to_owned(),
            data: "y z".to_owned()
        }
    );
    let out = write_document(&doc, &WriteOptions::default());
    assert_eq!(parse(&out).expect("reparses"), doc);
    assert!(out.contains("<!DOCTYPE questestinterop"));
}

#[test]
fn bom_is_accepted() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(b"<a/>");
    assert!(parse_document(&bytes, &Limits::default()).is_ok());
}

#[test]
fn encoding_errors() {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("<a/>".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let e = parse_document(&utf16, &Limits::default()).expect_err("UTF-16");
    assert_eq!(e.code(), "xml.encoding");
    assert!(e.to_string().contains("UTF-16 little-endian"));
    let utf16be: Vec<u8> = "<?xml".encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert_eq!(
        parse_document(&utf16be, &Limits::default())
            .expect_err("UTF-16")
            .code(),
        "xml.encoding"
    );
    let e = parse_document(b"<a>\n caf\xE9</a>", &Limits::default()).expect_err("latin-1 bytes");
    assert_eq!(e.code(), "xml.encoding.invalid-utf8");
    assert_eq!((e.position().line, e.position().column), (2, 5));
    assert_eq!(e.position().byte, 8);
    let e = parse_document(b"<a>\x01</a>", &Limits::default()).expect_err("control char");
    assert_eq!(e.code(), "xml.invalid-char");
    assert_eq!(e.position().byte, 3);
    let e = parse_document("<a>\u{FFFF}</a>".as_bytes(), &Limits::default()).expect_err("U+FFFF");
    assert_eq!(e.code(), "xml.invalid-char");
}

#[test]
fn declared_encoding_warnings() {
    let doc = parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>").expect("ASCII is fine");
    assert_eq!(doc.problems.len(), 1);
    assert_eq!(doc.problems[0].code, "xml.encoding.declared");
    let doc = parse("<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>é</a>")
        .expect("valid UTF-8 read as UTF-8");
    assert_eq!(doc.problems[0].code, "xml.encoding.declared");
    assert!(
        parse("<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>")
            .expect("ok")
            .problems
            .is_empty()
    );
}

#[test]
fn syntax_errors_have_positions() {
    let e = err("<a>\n  <b>\n  </c>\n</a>");
    assert_eq!(e.code(), "xml.syntax.mismatched-end");
    assert_eq!(e.position().line, 3);
    assert!(e.to_string().contains("</c>"), "{e}");
    let e = err("<a><b>");
    assert_eq!(e.code(), "xml.syntax.unexpected-eof");
    assert!(matches!(e.kind(), XmlErrorKind::UnexpectedEof { open } if open == "b"));
    let e = err("<a>\n<b attr=></b></a>");
    assert_eq!(e.code(), "xml.syntax");
    assert_eq!(e.position().line, 2);
    assert_eq!(err("").code(), "xml.no-root");
    assert_eq!(err("<!-- only a comment -->").code(), "xml.no-root");
    assert_eq!(err("<a/><b/>").code(), "xml.outside-root");
    assert_eq!(err("text<a/>").code(), "xml.outside-root");
    assert_eq!(err("<a/>tail").code(), "xml.outside-root");
    assert_eq!(err("</a>").code(), "xml.syntax");
    assert_eq!(err("<a><!-- bad -- comment --></a>").code(), "xml.syntax");
}

#[test]
fn fuzz_regression_xml_declaration_inside_content() {
    // Found by the xml_roundtrip fuzz target: a second `<?xml ...?>` inside content was taken as
    // a declaration and dropped.
    let e = err("<?xml version=\"1.0\"?><a>x<?xml version=\"1.0\"?></a>");
    assert_eq!(e.code(), "xml.syntax");
    assert!(e.to_string().contains("very start"));
    assert_eq!(err(" <?xml version=\"1.0\"?><a/>").code(), "xml.syntax");
}

#[test]
fn entity_errors() {
    let e = err("<a>\n &nbsp;</a>");
    assert_eq!(e.code(), "xml.entity.undefined");
    assert!(matches!(e.kind(), XmlErrorKind::UndefinedEntity { name } if name == "nbsp"));
    assert_eq!(e.position().line, 2);
    assert_eq!(err("<a x=\"&foo;\"/>").code(), "xml.entity.undefined");
    assert_eq!(err("<a>&#0;</a>").code(), "xml.entity.invalid-char-ref");
    assert_eq!(err("<a>&#x1;</a>").code(), "xml.entity.invalid-char-ref");
    assert_eq!(err("<a>&#xD800;</a>").code(), "xml.entity.invalid-char-ref");
    assert_eq!(err("<a>&#12a;</a>").code(), "xml.entity.invalid-char-ref");
    assert_eq!(err("<a x=\"&#0;\"/>").code(), "xml.entity.invalid-char-ref");
    assert_eq!(err("<a x=\"&amp\"/>").code(), "xml.syntax");
}

#[test]
fn dtd_policy() {
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><lolz>&lol2;</lolz>";
    assert_eq!(err(bomb).code(), "xml.dtd.entity-declaration");
    let ext = "<!DOCTYPE a SYSTEM \"http://example.com/a.dtd\"><a/>";
    assert!(parse(ext).is_ok(), "external DTD is ignored, never fetched");
    let limits = Limits {
        allow_doctype: false,
        ..Limits::default()
    };
    assert_eq!(err_limits(ext, &limits).code(), "xml.dtd.forbidden");
    let doc = parse("<!DOCTYPE a [<!ATTLIST a x CDATA \"1\">]><a/>").expect("attlist only");
    assert_eq!(doc.problems[0].code, "xml.dtd.ignored");
    assert_eq!(doc.root.attr("x"), None, "DTD defaults are not applied");
}

#[test]
fn namespace_errors() {
    assert_eq!(err("<p:a/>").code(), "xml.namespace.unbound-prefix");
    assert_eq!(err("<a p:x=\"1\"/>").code(), "xml.namespace.unbound-prefix");
    assert_eq!(err("<a xmlns:p=\"\"/>").code(), "xml.syntax");
    let e = err("<a xmlns:p=\"urn:x\" xmlns:q=\"urn:x\" p:v=\"1\" q:v=\"2\"/>");
    assert_eq!(e.code(), "xml.attribute.duplicate");
    let e = err("<a x=\"1\" x=\"2\"/>");
    assert_eq!(e.code(), "xml.attribute.duplicate");
    assert!(e.to_string().contains("`x`"), "{e}");
    // Bindings end with their element.
    assert_eq!(
        err("<a><b xmlns:p=\"urn:x\"/><p:c/></a>").code(),
        "xml.namespace.unbound-prefix"
    );
}

#[test]
fn reserved_namespace_bindings_are_refused() {
    // Namespaces in XML 1.0 §3: `xml` only to its own namespace, `xmlns` never, and neither
    // namespace to another prefix or as the default namespace.
    assert!(parse("<a xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"/>").is_ok());
    for bad in [
        "<a xmlns:xml=\"urn:x\"/>",
        "<a xmlns:xmlns=\"urn:x\"/>",
        "<a xmlns:p=\"http://www.w3.org/XML/1998/namespace\"/>",
        "<a xmlns:p=\"http://www.w3.org/2000/xmlns/\"/>",
        "<a xmlns=\"http://www.w3.org/XML/1998/namespace\"/>",
        "<a xmlns=\"http://www.w3.org/2000/xmlns/\"/>",
    ] {
        let e = err(bad);
        assert_eq!(e.code(), "xml.syntax", "{bad}");
        assert_eq!(e.position().column, 1, "{bad}");
    }
}

#[test]
fn names_must_be_qualified_names() {
    // Namespaces in XML 1.0 §4: one colon at most, both parts NCNames.
    for (bad, column) in [
        ("<a:b:c xmlns:a=\"urn:x\"/>", 2),
        ("<:a/>", 2),
        ("<a:/>", 2),
        ("<p:1a xmlns:p=\"urn:x\"/>", 2),
        ("<a xmlns:p=\"urn:x\" p:b:c=\"1\"/>", 20),
        ("<a xmlns:p=\"urn:x\" p:-c=\"1\"/>", 20),
        ("<a :b=\"1\"/>", 4),
    ] {
        let e = err(bad);
        assert_eq!(e.code(), "xml.syntax", "{bad}");
        assert_eq!(e.position().column, column, "{bad}: {e}");
    }
    assert!(parse("<p:a-1 xmlns:p=\"urn:x\" p:b.c=\"1\"/>").is_ok());
}

#[test]
fn xml_declaration_is_checked() {
    for ok in [
        "<?xml version=\"1.0\"?><a/>",
        "<?xml version='1.1' encoding='utf-8' standalone='no' ?><a/>",
        "<?xml version = \"1.0\"\n encoding = \"US-ASCII\"?><a/>",
    ] {
        assert!(parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "<?xml?><a/>",
        "<?xml encoding=\"UTF-8\"?><a/>",
        "<?xml version=\"2.0\"?><a/>",
        "<?xml version=\"1.\"?><a/>",
        "<?xml version=\"1.0\"encoding=\"UTF-8\"?><a/>",
        "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><a/>",
        "<?xml version=\"1.0\" encoding=\"8bit\"?><a/>",
        "<?xml version=\"1.0\" standalone=\"maybe\"?><a/>",
        "<?xml version=\"1.0\" other=\"x\"?><a/>",
        "<?xml version=\"1.0?><a/>",
        "<?xml version=1.0?><a/>",
    ] {
        let e = err(bad);
        assert_eq!(e.code(), "xml.syntax", "{bad}");
        assert!(e.to_string().contains("XML declaration"), "{bad}: {e}");
        assert_eq!(e.position().column, 1, "{bad}");
    }
}

#[test]
fn fuzz_regression_pi_target_needs_whitespace_before_data() {
    // Found by the `xml_differential` fuzz target: roxmltree accepts `<?xUTF-8"?>` (target
    // `xUTF-8`, data `"`); XML 1.0 §2.6 requires whitespace between target and data.
    let e = err("<?xUTF-8\"?>\n<a/>");
    assert_eq!(e.code(), "xml.syntax");
    assert_eq!((e.position().line, e.position().column), (1, 9));
    assert!(parse("<?t d?><?t?><a/>").is_ok());
}

#[test]
fn many_distinct_namespaces_stay_correct() {
    // The reader shares only the first few namespace names; later ones must still resolve.
    let mut s = String::from("<r>");
    for i in 0..100 {
        s.push_str(&format!("<e xmlns=\"urn:n{i}\"/>"));
    }
    s.push_str("</r>");
    let doc = parse(&s).unwrap();
    for (i, e) in doc.root.elements().enumerate() {
        assert_eq!(
            e.name.ns.as_ref().map(|n| n.as_str().to_owned()),
            Some(format!("urn:n{i}"))
        );
    }
}

#[test]
fn limits_are_enforced() {
    let deep = "<a>".repeat(300) + &"</a>".repeat(300);
    let e = err(&deep);
    assert_eq!(e.code(), "xml.limit.depth");
    assert!(matches!(
        e.kind(),
        XmlErrorKind::LimitExceeded {
            limit: LimitKind::Depth,
            max: 256
        }
    ));
    let l = Limits {
        max_depth: 1000,
        ..Limits::default()
    };
    assert!(parse_document(deep.as_bytes(), &l).is_ok());
    let l = Limits {
        max_nodes: 10,
        ..Limits::default()
    };
    let many = format!("<a>{}</a>", "<b/>".repeat(20));
    assert_eq!(err_limits(&many, &l).code(), "xml.limit.nodes");
    let l = Limits {
        max_attributes: 3,
        ..Limits::default()
    };
    assert_eq!(
        err_limits("<a a=\"1\" b=\"2\" c=\"3\" d=\"4\"/>", &l).code(),
        "xml.limit.attributes"
    );
    let l = Limits {
        max_attribute_bytes: 10,
        ..Limits::default()
    };
    assert_eq!(
        err_limits(&format!("<a v=\"{}\"/>", "x".repeat(11)), &l).code(),
        "xml.limit.attribute-size"
    );
    let l = Limits {
        max_text_bytes: 10,
        ..Limits::default()
    };
    assert_eq!(
        err_limits(&format!("<a>{}</a>", "x".repeat(11)), &l).code(),
        "xml.limit.text-size"
    );
    assert_eq!(
        err_limits(&format!("<a>{}</a>", "&amp;".repeat(11)), &l).code(),
        "xml.limit.text-size"
    );
    assert_eq!(
        err_limits(&format!("<a><![CDATA[{}]]></a>", "x".repeat(11)), &l).code(),
        "xml.limit.text-size"
    );
    let l = Limits {
        max_input_bytes: 5,
        ..Limits::default()
    };
    assert_eq!(err_limits("<abc/>", &l).code(), "xml.limit.input-size");
    let l = Limits {
        max_namespaces: 2,
        ..Limits::default()
    };
    assert_eq!(
        err_limits("<a xmlns:a=\"u:1\" xmlns:b=\"u:2\" xmlns:c=\"u:3\"/>", &l).code(),
        "xml.limit.namespaces"
    );
}

#[test]
fn million_levels_deep_is_refused_quickly() {
    let deep = "<a>".repeat(1_000_000);
    let e = err(&deep);
    assert_eq!(e.code(), "xml.limit.depth");
}

#[test]
fn reader_tracks_path_and_positions() {
    let src = "<root>\n  <item id=\"1\">\n    <é/>\n  </item>\n</root>";
    let mut r = Reader::new(src.as_bytes(), &Limits::default()).expect("utf-8");
    let mut seen = Vec::new();
    loop {
        match r.next().expect("well-formed") {
            Event::Start(t) => {
                let s = t.span();
                seen.push((t.local().to_owned(), s.line(), s.column(), r.path()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(
        seen,
        vec![
            ("root".to_owned(), 1, 1, "/root".to_owned()),
            ("item".to_owned(), 2, 3, "/root/item".to_owned()),
            ("é".to_owned(), 3, 5, "/root/item/é".to_owned()),
        ]
    );
    assert_eq!(r.next().expect("eof again"), Event::Eof);
}

#[test]
fn reader_helpers() {
    let src = "<a><t>hello <!-- c --> world</t><skip><x><y/></x></skip><c k=\"v\">mixed <b>bold</b></c><bad>x<e/></bad></a>";
    let mut r = Reader::new(src.as_bytes(), &Limits::default()).expect("utf-8");
    let Event::Start(_) = r.next().expect("a") else {
        panic!("start")
    };
    let Event::Start(t) = r.next().expect("t") else {
        panic!("start")
    };
    assert_eq!(t.local(), "t");
    assert_eq!(r.read_text().expect("text"), "hello  world");
    let Event::Start(_) = r.next().expect("skip") else {
        panic!("start")
    };
    r.skip_element().expect("skips");
    let Event::Start(c) = r.next().expect("c") else {
        panic!("start")
    };
    assert_eq!(c.attr("k"), Some("v"));
    let el = r.read_element(c).expect("subtree");
    assert_eq!(el.text(), "mixed bold");
    assert_eq!(r.path(), "/a");
    let Event::Start(_) = r.next().expect("bad") else {
        panic!("start")
    };
    let e = r.read_text().expect_err("child element in text-only");
    assert_eq!(e.code(), "xml.syntax");
    assert!(e.to_string().contains("<e>"));
}

#[test]
fn sniff_root_reads_only_the_root() {
    let el = sniff_root(
        b"<?xml version=\"1.0\"?><!-- x --><assessmentItem xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p2\" identifier=\"i1\"><unclosed>",
        &Limits::default(),
    )
    .expect("root");
    assert!(el.is(
        Some("http://www.imsglobal.org/xsd/imsqti_v2p2"),
        "assessmentItem"
    ));
    assert_eq!(el.attr("identifier"), Some("i1"));
    assert_eq!(
        sniff_root(b"   ", &Limits::default())
            .expect_err("none")
            .code(),
        "xml.no-root"
    );
}

#[test]
fn writer_declares_namespaces_for_built_trees() {
    let qti = Namespace::new("http://www.imsglobal.org/xsd/imsqtiasi_v3p0");
    let m = Namespace::new(MATHML_NS);
    let xsi = Namespace::new(XSI_NS);
    let root = Element::new(QName::ns(&qti, "qti-assessment-item"))
        .with_attr("identifier", "i1")
        .with_child(
            Element::new(QName::prefixed(&m, "m", "math"))
                .with_child(Element::new(QName::prefixed(&m, "m", "mi")).with_text("x")),
        )
        .with_child(Element::new(QName::local("nons")));
    let mut root = root;
    root.attributes.push(Attribute {
        name: QName::ns(&xsi, "schemaLocation"),
        value: "a b".into(),
    });
    root.attributes.push(Attribute {
        name: QName::prefixed(&Namespace::new(XML_NS), "xml", "lang"),
        value: "en".into(),
    });
    let out = write_element(&root, &WriteOptions::default());
    assert_eq!(
        out,
        "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\" xmlns:ns1=\"http://www.w3.org/2001/XMLSchema-instance\" identifier=\"i1\" ns1:schemaLocation=\"a b\" xml:lang=\"en\"><m:math xmlns:m=\"http://www.w3.org/1998/Math/MathML\"><m:mi>x</m:mi></m:math><nons xmlns=\"\"/></qti-assessment-item>"
    );
    let back = parse_element(out.as_bytes(), &Limits::default()).expect("reparses");
    assert_eq!(back, root);
}

#[test]
fn writer_knows_the_attributes_of_the_open_start_tag() {
    let mut w = Writer::new(WriteOptions::indented(2));
    assert!(!w.has_attr("a"), "no tag open");
    w.start(&QName::local("root"));
    w.attr("tool-name", "x tool-name=&quot;");
    w.attr("a", "v");
    assert!(w.has_attr("tool-name"));
    assert!(w.has_attr("a"));
    assert!(
        !w.has_attr("name"),
        "a suffix of a written name is not written"
    );
    assert!(!w.has_attr("root"), "the element name is not an attribute");
    w.start(&QName::local("child"));
    assert!(
        !w.has_attr("a"),
        "attributes of the parent are not the child's"
    );
    w.attr_qname(
        &QName::prefixed(&Namespace::new(XML_NS), "xml", "lang"),
        "en",
    );
    assert!(w.has_attr("xml:lang"));
    assert!(!w.has_attr("lang"));
    w.end();
    assert!(!w.has_attr("a"), "the parent's start tag is closed");
    // A tag with many attributes: looked up in a set, which follows later writes.
    w.start(&QName::local("many"));
    for i in 0..40 {
        w.attr(&format!("a{i}"), "v");
    }
    assert!((0..40).all(|i| w.has_attr(&format!("a{i}"))));
    assert!(!w.has_attr("a40") && !w.has_attr("a"));
    w.attr("late", "v");
    assert!(w.has_attr("late"));
    w.start(&QName::local("next"));
    assert!(
        !w.has_attr("a1") && !w.has_attr("late"),
        "a new tag starts empty"
    );
    w.end();
    w.end();
    w.end();
}

#[test]
fn writer_escapes_and_indents() {
    let root = Element::new(QName::local("a"))
        .with_attr("v", "q\"<&\n\t")
        .with_child(Element::new(QName::local("b")).with_text("x & y > z\r"))
        .with_child(
            Element::new(QName::local("p"))
                .with_text("mixed ")
                .with_child(Element::new(QName::local("i")).with_text("it")),
        );
    let out = write_element(&root, &WriteOptions::indented(2));
    assert_eq!(
        out,
        "<a v=\"q&quot;&lt;&amp;&#10;&#9;\">\n  <b>x &amp; y &gt; z&#13;</b>\n  <p>mixed <i>it</i></p>\n</a>\n"
    );
    let back = parse_element(out.as_bytes(), &Limits::default()).expect("reparses");
    let mut stripped = back;
    stripped.strip_insignificant_whitespace();
    assert_eq!(stripped, root);
    let mut w = Writer::new(WriteOptions::default());
    w.comment("a--b-");
    w.start(&QName::local("r"));
    w.cdata("x]]>y");
    w.processing_instruction("t", "d?>");
    let out = w.finish();
    assert!(
        out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--a- -b- -->"),
        "{out}"
    );
    let doc = parse(&out).expect("reparses");
    assert_eq!(doc.root.text(), "x]]>y");
}

#[test]
fn real_shaped_roundtrip_is_equal() {
    let src = r#"<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/imsqti_v2p1 imsqti_v2p1.xsd" identifier="choice" title="Unattended Luggage" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>ChoiceA</value></correctResponse>
  </responseDeclaration>
  <itemBody>
    <p>Look at the text in the picture. <img src="images/sign.png" alt="NEVER LEAVE LUGGAGE UNATTENDED"/></p>
    <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi><mo>&lt;</mo><mn>2</mn></math>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <prompt>What does it say?</prompt>
      <simpleChoice identifier="ChoiceA">You must stay with your luggage at all times.</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>"#;
    let doc = parse(src).expect("parses");
    let out = write_document(&doc, &WriteOptions::default());
    let again = parse(&out).expect("reparses");
    assert_eq!(again, doc);
    assert_eq!(
        write_document(&again, &WriteOptions::default()),
        out,
        "writing is stable"
    );
    let json = serde_json::to_string(&doc).expect("serde");
    let from_json: Document = serde_json::from_str(&json).expect("serde back");
    assert_eq!(from_json, doc);
}

fn arb_name() -> impl Strategy<Value = String> {
    "[a-zA-Z_][a-zA-Z0-9_.-]{0,8}"
}

fn arb_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 <>&\"'\\n\\té€]{1,12}"
}

fn arb_element() -> impl Strategy<Value = Element> {
    let ns_choice = prop_oneof![
        Just(None),
        Just(Some(Namespace::new("urn:a"))),
        Just(Some(Namespace::new(MATHML_NS)))
    ];
    let leaf = (
        arb_name(),
        ns_choice,
        proptest::collection::vec((arb_name(), arb_text()), 0..3),
    )
        .prop_map(|(name, ns, attrs)| {
            let mut e = Element::new(QName {
                prefix: ns
                    .as_ref()
                    .filter(|n| n.as_str() == MATHML_NS)
                    .map(|_| Name::new("m")),
                ns,
                local: name.into(),
            });
            for (k, v) in attrs {
                e.set_attr(&k, v);
            }
            e
        });
    leaf.prop_recursive(4, 32, 4, move |inner| {
        (
            inner,
            proptest::collection::vec(
                prop_oneof![
                    arb_element_leafish().prop_map(Node::Element),
                    arb_text().prop_map(Node::Text),
                    "[a-z ]{0,8}".prop_map(Node::Comment),
                    "[a-z<&]{0,8}".prop_map(Node::CData),
                ],
                0..4,
            ),
        )
            .prop_map(|(mut e, kids)| {
                // Adjacent text nodes merge when read back: keep them apart.
                for k in kids {
                    let adjacent_text = matches!(k, Node::Text(_))
                        && matches!(e.children.last(), Some(Node::Text(_)));
                    if !adjacent_text {
                        e.children.push(k);
                    }
                }
                e
            })
    })
}

fn arb_element_leafish() -> impl Strategy<Value = Element> {
    (arb_name(), arb_text()).prop_map(|(n, t)| Element::new(QName::local(n)).with_text(t))
}

proptest! {
    #[test]
    fn tree_roundtrip(el in arb_element()) {
        let out = write_element(&el, &WriteOptions::default());
        let back = parse_element(out.as_bytes(), &Limits::default()).map_err(|e| TestCaseError::fail(format!("{e}\n{out}")))?;
        prop_assert_eq!(back, el);
    }

    #[test]
    fn reader_never_panics(s in "[<>a-z/=\"' &;#x0-9!\\[\\]?:-]{0,60}") {
        let _ = parse_document(s.as_bytes(), &Limits::default());
    }

    #[test]
    fn truncations_never_panic(cut in 0usize..200) {
        let src = "<?xml version=\"1.0\"?><a xmlns:m=\"urn:m\" x=\"1&amp;2\"><m:b>t&lt;<![CDATA[c]]><!--k--></m:b><?p d?></a>";
        let cut = cut.min(src.len());
        let _ = parse_document(&src.as_bytes()[..cut], &Limits::default());
    }
}

#[test]
fn positions_count_characters_across_lines_and_long_lines() {
    // Multi-byte characters count as one column; positions stay right after many tags on one
    // line and after several newlines between two tags.
    let doc = "<a>\n  <b>é€😀<c/></b>\n\n\n   <d/><e/></a>";
    let mut r = Reader::new(doc.as_bytes(), &Limits::default()).unwrap();
    let mut seen = Vec::new();
    loop {
        match r.next().unwrap() {
            Event::Start(t) => {
                seen.push((t.local().to_owned(), t.span().line(), t.span().column()))
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let expect = [
        ("a", 1, 1),
        ("b", 2, 3),
        ("c", 2, 9),
        ("d", 5, 4),
        ("e", 5, 8),
    ];
    let got: Vec<(&str, u32, u32)> = seen.iter().map(|(n, l, c)| (n.as_str(), *l, *c)).collect();
    assert_eq!(got, expect);
}

#[test]
fn forbidden_characters_are_found_anywhere() {
    // The scan checks eight bytes at a time: put the bad character at every offset of a block.
    for pad in 0..10 {
        let ok = format!("<a>{}é€ text</a>", "x".repeat(pad));
        assert!(Reader::new(ok.as_bytes(), &Limits::default()).is_ok());
        let ctl = format!("<a>{}\u{1}</a>", "x".repeat(pad));
        let e = Reader::new(ctl.as_bytes(), &Limits::default()).unwrap_err();
        assert_eq!(e.code(), "xml.invalid-char", "{pad}");
        let nonchar = format!("<a>{}\u{FFFF}</a>", "x".repeat(pad));
        assert!(
            Reader::new(nonchar.as_bytes(), &Limits::default()).is_err(),
            "{pad}"
        );
    }
}

#[test]
fn fuzz_regression_doctype_with_a_stray_quote_in_its_literal() {
    // Found by the `xml_roundtrip` fuzz target: `SYSTEM "ims_"emptyitem">` was skipped as
    // "some DOCTYPE" (quotes paired across the rest of the document), so the tree changed on
    // a round trip. XML 1.0 §2.8 [28]/[75]: name, then an optional external id of quoted
    // literals, then the optional internal subset.
    let e = err("<!DOCTYPE q SYSTEM \"ims_\"emptyitem\">\n<q>\"</q>");
    assert_eq!(e.code(), "xml.syntax");
    assert_eq!((e.position().line, e.position().column), (1, 1));
    for bad in [
        "<!DOCTYPE >",
        "<!DOCTYPE q SYSTEM>",
        "<!DOCTYPE q SYSTEM x.dtd>",
        "<!DOCTYPE q PUBLIC \"p\">",
        "<!DOCTYPE q PUBLIC \"p\"\"s\">",
        "<!DOCTYPE q OTHER \"s\">",
    ] {
        assert_eq!(err(&format!("{bad}<q/>")).code(), "xml.syntax", "{bad}");
    }
    for good in [
        "<!DOCTYPE q>",
        "<!DOCTYPE q SYSTEM 'a.dtd'>",
        "<!DOCTYPE q PUBLIC \"-//X//DTD Y//EN\" \"http://x/y.dtd\" >",
        "<!DOCTYPE q SYSTEM \"a[1].dtd\" [ <!ELEMENT q ANY> ]>",
        "<!DOCTYPE q\n  SYSTEM\n  \"a.dtd\"\n>",
    ] {
        let d = parse(&format!("{good}<q/>")).unwrap_or_else(|e| panic!("{good}: {e}"));
        let out = write_document(&d, &WriteOptions::default());
        assert_eq!(parse(&out).unwrap().root, d.root, "{good}");
    }
}

#[test]
fn recycled_attribute_lists_serve_later_tags_without_leftovers() {
    let mut r = Reader::new(
        br#"<a x="1" y="2" z="3"><b p="q"/><c/><d k="v" w="u"/></a>"#,
        &Limits::default(),
    )
    .unwrap();
    let mut seen = Vec::new();
    loop {
        match r.next().unwrap() {
            Event::Start(mut t) => {
                let attrs: Vec<(String, String)> = t
                    .attributes()
                    .iter()
                    .map(|a| (a.local.to_owned(), a.value.to_string()))
                    .collect();
                seen.push((t.local().to_owned(), attrs));
                r.recycle_attrs(&mut t);
                // The tag keeps its name and position, without its attributes.
                assert!(t.attributes().is_empty());
                assert!(!t.local().is_empty());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    assert_eq!(
        seen,
        [
            (
                "a".to_owned(),
                vec![pair("x", "1"), pair("y", "2"), pair("z", "3")]
            ),
            ("b".to_owned(), vec![pair("p", "q")]),
            ("c".to_owned(), vec![]),
            ("d".to_owned(), vec![pair("k", "v"), pair("w", "u")]),
        ]
    );
}

#[test]
fn an_element_keeps_its_namespace_when_it_carries_a_declaration_of_its_own_prefix() {
    // The element's name is unprefixed in `urn:a` (bound by its parent); its own declaration
    // list rebinds the default namespace to `urn:b` (as read from a document where the
    // element itself was prefixed). Writing must not move the element into `urn:b`; its
    // child in `urn:b` gets the namespace it needs.
    let src = r#"<a:r xmlns:a="urn:a" xmlns="urn:b"><a:e xmlns="urn:b"><c/></a:e></a:r>"#;
    let doc = parse_document(src.as_bytes(), &Limits::default()).expect("parses");
    let mut root = doc.root.clone();
    let unprefix = |e: &mut Element| e.name.prefix = None;
    unprefix(&mut root);
    if let Some(Node::Element(e)) = root.children.first_mut() {
        unprefix(e);
    }
    for out in [
        write_element(&root, &WriteOptions::fragment()),
        write_element(&root, &WriteOptions::default()),
    ] {
        let back = parse_document(out.as_bytes(), &Limits::default()).expect("our output parses");
        let names = |e: &Element| {
            let mut v = vec![(e.name.ns.clone(), e.name.local.to_string())];
            for c in &e.children {
                if let Node::Element(c) = c {
                    v.push((c.name.ns.clone(), c.name.local.to_string()));
                    for g in &c.children {
                        if let Node::Element(g) = g {
                            v.push((g.name.ns.clone(), g.name.local.to_string()));
                        }
                    }
                }
            }
            v
        };
        assert_eq!(names(&back.root), names(&doc.root), "{out}");
    }
}

#[test]
fn attribute_values_are_trimmed_of_xml_whitespace_only() {
    use super::attr::{parse_bool, parse_double, parse_integer, trim_xml};
    assert_eq!(trim_xml(" \t\r\n a b \n"), "a b");
    assert_eq!(trim_xml("ab"), "ab");
    assert_eq!(trim_xml("  "), "");
    assert_eq!(trim_xml(""), "");
    // Other Unicode spaces are not XML whitespace: kept, so the value does not parse.
    assert_eq!(trim_xml("\u{a0}1\u{2003}"), "\u{a0}1\u{2003}");
    assert_eq!(parse_double("\u{a0}1.5"), None);
    assert_eq!(parse_double("\n 1.5\t"), Some(1.5));
    assert_eq!(parse_integer(" -12 "), Some(-12));
    assert_eq!(parse_integer("\u{85}12"), None);
    assert_eq!(parse_bool("\ttrue\r\n"), Some(true));
    assert_eq!(parse_bool("\u{a0}true"), None);
}

/// Fuzz finding `cc_qti12` crash-93c04180 (fuzz/README.md): an attribute whose prefix is bound,
/// where it is written, to another namespace gets a generated prefix; its declaration was written
/// between the attributes, and read back it moved ahead of them (declarations come first), so
/// writing again gave different text. Declarations now precede the attributes.
#[test]
fn fuzz_regression_generated_prefix_declared_before_the_attributes() {
    let src = r#"<r xmlns="urn:r" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><k xmlns:xsi="urn:other" a="1" xsi:schemaLocation="x" b="2"/></r>"#;
    let doc = parse(src).unwrap();
    let mut kept = match &doc.root.children[0] {
        Node::Element(e) => e.clone(),
        other => panic!("{other:?}"),
    };
    // Kept without its declarations (as a reader of a typed model keeps an unknown element),
    // under a parent that binds `xsi` to the standard namespace.
    kept.namespace_declarations.clear();
    let root = Element::new(QName::ns(&Namespace::new("urn:r"), "r")).with_child(kept);
    let mut root = root;
    root.namespace_declarations.push(NamespaceDeclaration::new(
        Some("xsi"),
        Some(&Namespace::new(XSI_NS)),
    ));
    let first = write_element(&root, &WriteOptions::fragment());
    assert!(
        first.contains(r#"<k xmlns:ns1="urn:other" a="1" ns1:schemaLocation="x" b="2"/>"#),
        "{first}"
    );
    let again = parse(&first).unwrap();
    assert_eq!(write_element(&again.root, &WriteOptions::fragment()), first);
}

/// The events of `src`, with `Reader::skip_whitespace` called before every `next` when `skip`
/// is set; the error's code when reading fails.
fn events_with(src: &str, limits: &Limits, skip: bool) -> Result<Vec<String>, &'static str> {
    let (out, err) = walk(src, limits, skip, |_, ev| {
        Some(match ev {
            Event::Start(t) => format!("<{}>", t.local()),
            Event::End(t) => format!("</{}>", t.local()),
            Event::Text(t) => format!("{t:?}"),
            other => format!("{other:?}"),
        })
    });
    err.map_or(Ok(out), |e| Err(e.code()))
}

/// Reads `src` to its end or first error (stepping over whitespace first when `skip`), with
/// `show` turning each event other than `Eof` into a line (or none).
fn walk(
    src: &str,
    limits: &Limits,
    skip: bool,
    mut show: impl FnMut(&Reader<'_>, &Event<'_>) -> Option<String>,
) -> (Vec<String>, Option<XmlError>) {
    let mut out = Vec::new();
    let mut r = match Reader::new(src.as_bytes(), limits) {
        Ok(r) => r,
        Err(e) => return (out, Some(e)),
    };
    loop {
        if skip && let Err(e) = r.skip_whitespace() {
            return (out, Some(e));
        }
        match r.next() {
            Err(e) => return (out, Some(e)),
            Ok(Event::Eof) => return (out, None),
            Ok(ev) => out.extend(show(&r, &ev)),
        }
    }
}

#[test]
fn skip_whitespace_steps_over_indentation_only() {
    let src = "<a>\n  <b/>\n  <c>\r\n  </c>\t<d> x </d>  &amp;  <e/>\n</a>";
    let skipped = events_with(src, &Limits::default(), true).unwrap();
    assert_eq!(
        skipped,
        [
            "<a>",
            "<b>",
            "</b>",
            "<c>",
            // A carriage return is left to `next`, which normalises the line end.
            "\"\\n  \"",
            "</c>",
            "<d>",
            // Text with other characters, and whitespace before a reference, stay text.
            "\" x \"",
            "</d>",
            "\"  &  \"",
            "<e>",
            "</e>",
            "</a>",
        ]
    );
    // Without skipping: the same events with the indentation between them.
    let all = events_with(src, &Limits::default(), false).unwrap();
    assert_eq!(
        all,
        [
            "<a>",
            "\"\\n  \"",
            "<b>",
            "</b>",
            "\"\\n  \"",
            "<c>",
            "\"\\n  \"",
            "</c>",
            "\"\\t\"",
            "<d>",
            "\" x \"",
            "</d>",
            "\"  &  \"",
            "<e>",
            "</e>",
            "\"\\n\"",
            "</a>",
        ]
    );
}

#[test]
fn skipped_whitespace_counts_against_the_node_limit() {
    let src = "<a>\n <b/>\n <b/>\n <b/>\n <b/>\n</a>";
    for max_nodes in 1..16 {
        let limits = Limits {
            max_nodes,
            ..Limits::default()
        };
        assert_eq!(
            events_with(src, &limits, true).map(|_| ()),
            events_with(src, &limits, false).map(|_| ()),
            "max_nodes {max_nodes}"
        );
    }
    let limits = Limits {
        max_text_bytes: 2,
        ..Limits::default()
    };
    // A run longer than the text limit is left to `next`, which reports it.
    assert_eq!(
        events_with("<a>    <b/></a>", &limits, true),
        Err("xml.limit.text-size")
    );
}

proptest! {
    /// Positions of every start tag, found by the reader as it goes, are the ones counted from
    /// the start of the document (lines of any length, multi-byte characters, CR LF).
    #[test]
    fn start_tag_positions_match_a_count_from_the_start(
        lines in proptest::collection::vec(("[ \t]{0,12}", "[a-zé€𝄞 ]{0,20}", prop_oneof![Just("\n"), Just("\r\n"), Just("")]), 0..12),
    ) {
        let mut doc = String::from("<r>");
        for (indent, text, end) in &lines {
            doc.push_str(indent);
            doc.push_str("<e>");
            doc.push_str(text);
            doc.push_str("</e>");
            doc.push_str(end);
        }
        doc.push_str("</r>");
        let mut r = Reader::new(doc.as_bytes(), &Limits::default()).unwrap();
        let mut from = 0;
        loop {
            match r.next().unwrap() {
                Event::Start(t) => {
                    let at = doc[from..].find('<').map(|k| from + k).unwrap();
                    let (line, column) = crate::location::line_column(&doc, at);
                    prop_assert_eq!((t.span().line(), t.span().column()), (line, column), "{:?} at {}", doc, at);
                    from = at + 1;
                    while !doc[from..].starts_with("<e>") && !doc[from..].is_empty() {
                        from += doc[from..].chars().next().map_or(1, char::len_utf8);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
}

/// Events of `src` (whitespace-only text dropped) and the *whole* error (kind, line, column,
/// byte offset, element path), with or without `skip_whitespace` before every `next`.
fn events_full(src: &str, limits: &Limits, skip: bool) -> (Vec<String>, Option<XmlError>) {
    walk(src, limits, skip, |r, ev| match ev {
        Event::Text(t) if t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n')) => None,
        Event::Start(t) => Some(format!("<{}> {:?}", t.local(), t.span())),
        Event::End(t) => Some(format!("</{}> {}", t.local(), r.depth())),
        other => Some(format!("{other:?}")),
    })
}

#[test]
fn skipped_whitespace_errors_like_next_after_an_empty_element_tag() {
    // The node limit is hit on the whitespace after `<b/>`: with the pending-end guard the
    // error's path is /a (as with `next`); without it, it would be /a/b: the whole error is
    // compared, not just its code.
    let limits = Limits {
        max_nodes: 2,
        ..Limits::default()
    };
    let src = "<a><b/>\n</a>";
    assert_eq!(
        events_full(src, &limits, true),
        events_full(src, &limits, false)
    );
}

#[test]
fn whitespace_outside_the_root_is_not_skipped() {
    let limits = Limits {
        max_nodes: 1,
        ..Limits::default()
    };
    for src in ["\n <a/>", "<a/>\n ", "\n<a></a>\n"] {
        let (_, e) = events_full(src, &limits, true);
        assert_eq!(e, None, "{src:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]
    /// Skipping whitespace before every `next` gives the same non-whitespace events and the
    /// same error, in full, for arbitrary (mostly malformed) documents and limits.
    #[test]
    fn skip_whitespace_is_next_without_the_event(
        parts in proptest::collection::vec(prop_oneof![
            Just("<a>"), Just("</a>"), Just("<b/>"), Just("<c x='1'>"), Just("</c>"),
            Just(" "), Just("\t"), Just("\n"), Just("\r\n"), Just("\r"), Just("  \n  "),
            Just("&amp;"), Just("&bad;"), Just("x"), Just("é"), Just("<!--c-->"), Just("<?p q?>"),
            Just("<![CDATA[ ]]>"), Just("]]>"), Just("<"), Just("<!DOCTYPE a>"),
        ], 0..24),
        max_nodes in 1usize..24,
        max_text_bytes in 1usize..8,
    ) {
        let src: String = parts.concat();
        let limits = Limits { max_nodes, max_text_bytes, ..Limits::default() };
        prop_assert_eq!(events_full(&src, &limits, true), events_full(&src, &limits, false), "{:?}", src);
    }
}

#[test]
fn a_huge_indent_is_capped_not_an_overflow() {
    let root = Element::new(QName::local("a"))
        .with_child(Element::new(QName::local("b")).with_child(Element::new(QName::local("c"))));
    let out = write_element(&root, &WriteOptions::indented(usize::MAX));
    let c_line = out
        .lines()
        .find(|l| l.trim_start().starts_with("<c"))
        .expect("a line");
    assert_eq!(
        c_line.len() - c_line.trim_start().len(),
        2 * MAX_INDENT,
        "{out}"
    );
}
