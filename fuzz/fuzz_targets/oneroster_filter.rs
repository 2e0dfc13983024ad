//! The OneRoster REST filter parser (strict and lenient), query strings and paging `Link`
//! headers. A parsed filter prints to a string that parses to the same filter.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oneroster::rest::filter::Filter;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let record = serde_json::json!({"sourcedId": "u1", "status": "active", "role": "student",
        "dateLastModified": "2024-01-01T00:00:00Z", "grades": ["09", "10"], "enabledUser": true});
    for f in [Filter::parse(s), Filter::parse_lenient(s)].into_iter().flatten() {
        let _ = f.matches(&record);
        let _ = f.fields();
        let printed = f.to_string();
        let again = Filter::parse_lenient(&printed)
            .unwrap_or_else(|e| panic!("{printed:?} (from {s:?}) does not parse: {e}"));
        assert_eq!(again, f, "{printed:?}");
    }
    let _ = oneroster::rest::query::Query::parse(s);
    let _ = oneroster::rest::paging::parse_link(s);
});
