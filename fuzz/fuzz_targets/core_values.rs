//! Identifier, language-tag, date, date-time and duration parsers.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lti_core::{id, lang, time};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = id::XmlIdentifier::parse_lenient(s);
    let _ = id::Iri::parse(s);
    let _ = id::SourcedId::parse_lenient(s);
    let _ = lang::LanguageTag::parse_lenient(s);
    let _ = time::parse_datetime_lenient(s);
    let _ = time::parse_date_lenient(s);
    if let Ok((d, _)) = time::IsoDuration::parse_lenient(s) {
        let text = d.to_string();
        let back = time::IsoDuration::parse_lenient(&text).expect("our own output parses").0;
        assert_eq!(back.to_string(), text);
    }
});
