use super::*;

#[test]
fn every_table_loads() {
    for id in [
        SchemaId::V2p0,
        SchemaId::V2p1,
        SchemaId::V2p2,
        SchemaId::V3p0,
        SchemaId::ResultV2p1,
        SchemaId::ResultV2p2,
        SchemaId::ResultV3p0,
    ] {
        assert!(id.schema().type_count() > 10, "{id:?}");
    }
}

/// The checker ignores whitespace everywhere but in simple content, where it collects the text
/// to check the value: the reader may step over indentation exactly where this says so.
#[test]
fn whitespace_is_ignored_outside_simple_content() {
    use lti_core::xml::{Event, Limits, Reader};
    let doc = r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="i" title="t" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="R" cardinality="single" baseType="identifier">
    <correctResponse><value>A</value></correctResponse>
    <mapping defaultValue="0"><mapEntry mapKey="A" mappedValue="1"/></mapping>
  </responseDeclaration>
  <itemBody><p>x</p></itemBody>
</assessmentItem>"#;
    let mut r = Reader::new(doc.as_bytes(), &Limits::default()).unwrap();
    let mut v = Validator::new(SchemaId::V2p1, false);
    let mut seen = Vec::new();
    loop {
        match r.next().unwrap() {
            Event::Start(t) => {
                v.start(&t, &|| String::new());
                seen.push((t.local().to_owned(), v.ignores_whitespace()));
            }
            Event::End(e) => v.end(e.local(), &|| String::new()),
            Event::Eof => break,
            _ => {}
        }
    }
    let ignored = |name: &str| {
        seen.iter()
            .find(|(n, _)| n == name)
            .map(|(_, i)| *i)
            .unwrap()
    };
    // Element-only, empty and mixed content.
    for name in [
        "assessmentItem",
        "responseDeclaration",
        "correctResponse",
        "mapping",
        "mapEntry",
        "itemBody",
        "p",
    ] {
        assert!(ignored(name), "{name}");
    }
    // Simple content: its text is the value.
    assert!(!ignored("value"));
    assert!(v.take_problems().is_empty());
}
