//! Benchmarks of the shared core: the XML toolkit against bare quick-xml and roxmltree.
//!
//! Run with `cargo bench --bench core`. Later issues add one bench file per standard.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lti_core::xml::{self, Limits, WriteOptions};

/// A generated QTI-shaped document of `n` items with mixed content.
fn sample(n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<assessmentTest xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p2\" identifier=\"t\">\n",
    );
    for i in 0..n {
        let _ = writeln!(
            s,
            "<assessmentItem identifier=\"i{i}\" title=\"Item {i}\"><responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"identifier\"><correctResponse><value>A</value></correctResponse></responseDeclaration><itemBody><p>Question <b>{i}</b> &amp; more text about <i>things</i>.</p><choiceInteraction responseIdentifier=\"RESPONSE\" maxChoices=\"1\"><simpleChoice identifier=\"A\">Alpha</simpleChoice><simpleChoice identifier=\"B\">Beta</simpleChoice></choiceInteraction></itemBody></assessmentItem>"
        );
    }
    s.push_str("</assessmentTest>\n");
    s
}

fn bench_xml(c: &mut Criterion) {
    let doc = sample(2000);
    let bytes = doc.as_bytes();
    let mut g = c.benchmark_group("xml");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    // The floor: what any reader of bytes must do at least — check UTF-8 — plus a bare quick-xml
    // event scan touching every name, attribute value and text.
    g.bench_function("floor_quick_xml_scan", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(bytes)).expect("utf-8");
            let mut r = quick_xml::Reader::from_str(text);
            let mut n = 0usize;
            loop {
                match r.read_event() {
                    Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                        n += e.name().as_ref().len();
                        for a in e.attributes().flatten() {
                            n += a.value.len();
                        }
                    }
                    Ok(quick_xml::events::Event::Text(t)) => n += t.len(),
                    Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                    Ok(_) => {}
                }
            }
            n
        });
    });
    g.bench_function("lti_core_reader_events", |b| {
        b.iter(|| {
            let mut r = xml::Reader::new(black_box(bytes), &Limits::default()).expect("valid");
            let mut n = 0usize;
            loop {
                match r.next().expect("valid") {
                    xml::Event::Start(t) => n += t.local().len() + t.attributes().len(),
                    xml::Event::Text(t) => n += t.len(),
                    xml::Event::Eof => break,
                    _ => {}
                }
            }
            n
        });
    });
    g.bench_function("lti_core_tree", |b| {
        b.iter(|| xml::parse_document(black_box(bytes), &Limits::default()).expect("valid"));
    });
    g.bench_function("roxmltree_dom", |b| {
        b.iter(|| {
            roxmltree::Document::parse(black_box(&doc))
                .expect("valid")
                .descendants()
                .count()
        });
    });
    let tree = xml::parse_document(bytes, &Limits::default()).expect("valid");
    g.bench_function("lti_core_write", |b| {
        b.iter(|| xml::writer::write_document(black_box(&tree), &WriteOptions::default()).len());
    });
    g.finish();
}

criterion_group!(benches, bench_xml);
criterion_main!(benches);
