use crate::{QtiDocument, ReadOptions, Version, parse, write};

const ITEM21: &[u8] = include_bytes!("../../../tests/fixtures/item21_choice.xml");
const ITEM30: &[u8] = include_bytes!("../../../tests/fixtures/item30_text.xml");

fn canon(xml: &[u8]) -> lti_core::xml::Element {
    let mut e = lti_core::xml::parse_element(xml, &lti_core::xml::Limits::default()).unwrap();
    e.strip_insignificant_whitespace();
    e
}

#[test]
fn same_version_output_is_canonical_equal() {
    for src in [ITEM21, ITEM30] {
        let (doc, _) = parse(src, &ReadOptions::default()).unwrap();
        let out = write(&doc, doc.version());
        assert!(out.report.problems.is_empty());
        assert_eq!(canon(src), canon(out.xml.as_bytes()));
    }
}

#[test]
fn converts_2_1_to_3_0_and_back() {
    let (doc, _) = parse(ITEM21, &ReadOptions::default()).unwrap();
    let v3 = write(&doc, Version::V3p0);
    assert!(
        v3.xml
            .contains("<qti-choice-interaction response-identifier=\"RESPONSE\""),
        "{}",
        v3.xml
    );
    assert!(
        v3.xml.contains("<qti-content-body>"),
        "feedback block content is wrapped"
    );
    let (doc3, report) = parse(v3.xml.as_bytes(), &ReadOptions::strict()).unwrap();
    assert!(report.is_valid(true), "{report:?}");
    let QtiDocument::Item(i3) = &doc3 else {
        panic!()
    };
    assert_eq!(i3.version, Version::V3p0);
    let back = write(&doc3, Version::V2p1);
    let (doc21, report) = parse(back.xml.as_bytes(), &ReadOptions::strict()).unwrap();
    assert!(report.is_valid(true), "{report:?}");
    assert_eq!(
        canon(ITEM21),
        canon(write(&doc21, Version::V2p1).xml.as_bytes())
    );
}

#[test]
fn what_2_1_cannot_express_is_reported() {
    let (doc, _) = parse(ITEM30, &ReadOptions::default()).unwrap();
    let QtiDocument::Item(mut item) = doc else {
        panic!()
    };
    item.stimulus_refs.push(crate::stimulus::StimulusRef {
        identifier: "s".into(),
        href: "s.xml".into(),
        title: None,
        other_attributes: vec![],
        span: Default::default(),
    });
    let out = write(&QtiDocument::Item(item), Version::V2p1);
    assert!(
        out.report.has_code(crate::codes::CONVERT_UNSUPPORTED),
        "{:?}",
        out.report
    );
    let (_, report) = parse(out.xml.as_bytes(), &ReadOptions::strict()).unwrap();
    assert!(report.is_valid(true), "{report:?}");
}
