//! Benchmarks of the QTI model and XML binding (`qti` crate).
//!
//! Run with `cargo bench --bench qti`. Each group reads the same bytes with: a bare quick-xml
//! event scan (the floor), a roxmltree DOM, `qti::parse` without schema checks, `qti::parse`
//! with the XSD-equivalent checks, and writes the model back. Targets: parse ≤ 2.0× the floor
//! and faster than roxmltree.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qti::{ReadOptions, Version};

/// A large generated test: parts, nested sections, item references with control elements,
/// weights and branch rules, and outcome processing.
fn large_test(items: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="big" title="A large generated test">
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"><defaultValue><value>0</value></defaultValue></outcomeDeclaration>
  <timeLimits maxTime="3600"/>
  <testPart identifier="P1" navigationMode="nonlinear" submissionMode="simultaneous">
    <itemSessionControl maxAttempts="2" allowSkipping="true"/>
"#,
    );
    for sec in 0..items / 50 {
        let _ = writeln!(
            s,
            r#"    <assessmentSection identifier="S{sec}" title="Section {sec}" visible="true">
      <selection select="40"/><ordering shuffle="true"/>
      <rubricBlock view="candidate"><p>Read the <b>instructions</b> for section {sec} carefully.</p></rubricBlock>"#
        );
        for i in 0..50 {
            let n = sec * 50 + i;
            let _ = writeln!(
                s,
                r#"      <assessmentItemRef identifier="I{n}" href="items/i{n}.xml" category="c{} all">
        <branchRule target="EXIT_SECTION"><and><gte><variable identifier="I{n}.SCORE"/><baseValue baseType="float">0.5</baseValue></gte><not><isNull><variable identifier="I{n}.RESPONSE"/></isNull></not></and></branchRule>
        <timeLimits maxTime="120.5"/>
        <weight identifier="W" value="1.5"/>
      </assessmentItemRef>"#,
                n % 7
            );
        }
        s.push_str("    </assessmentSection>\n");
    }
    s.push_str(
        r#"  </testPart>
  <outcomeProcessing>
    <setOutcomeValue identifier="SCORE"><sum><testVariables variableIdentifier="SCORE" weightIdentifier="W"/></sum></setOutcomeValue>
    <outcomeCondition><outcomeIf><gt><variable identifier="SCORE"/><baseValue baseType="float">10</baseValue></gt><setOutcomeValue identifier="SCORE"><baseValue baseType="float">10</baseValue></setOutcomeValue></outcomeIf></outcomeCondition>
  </outcomeProcessing>
</assessmentTest>
"#,
    );
    s
}

/// Real items: the repository's own samples, and the shared corpus when present.
fn real_items() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for p in [
        "examples/data/qti/item-2.1-choice.xml",
        "examples/data/qti/item-3.0-graphic.xml",
        "qti/tests/fixtures/item21_choice.xml",
    ] {
        if let Ok(t) = std::fs::read_to_string(root.join(p)) {
            out.push((p.to_owned(), t));
        }
    }
    let corpus = std::env::var_os("IMS_SHARED_DIR")
        .map_or_else(|| root.join("../shared"), std::path::PathBuf::from)
        .join("corpus/qti");
    for p in [
        "qti-sdk-samples/test/samples/ims/items/2_1/adaptive_template.xml",
        "qti-sdk-samples/test/samples/ims/items/2_2/graphic_gap_match.xml",
        "citolab-qti-components-assets/public/assets/qti-conformance/Advanced/Q8/graphic-gap-match-sv-3.xml",
    ] {
        if let Ok(t) = std::fs::read_to_string(corpus.join(p)) {
            out.push((p.rsplit('/').next().unwrap_or(p).to_owned(), t));
        }
    }
    out
}

fn floor(doc: &str) -> usize {
    let mut r = quick_xml::Reader::from_str(doc);
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
}

fn bench_doc(c: &mut Criterion, name: &str, doc: &str) {
    let bytes = doc.as_bytes();
    let Ok((model, _)) = qti::parse(bytes, &ReadOptions::default()) else {
        return;
    };
    let mut g = c.benchmark_group(format!("qti/{name}"));
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("floor_quick_xml_scan", |b| b.iter(|| floor(black_box(doc))));
    g.bench_function("roxmltree_dom", |b| {
        b.iter(|| {
            roxmltree::Document::parse(black_box(doc))
                .map(|d| d.descendants().count())
                .unwrap_or(0)
        });
    });
    g.bench_function("qti_parse", |b| {
        b.iter(|| {
            qti::parse(black_box(bytes), &ReadOptions::unchecked()).map(|d| d.1.problems.len())
        })
    });
    g.bench_function("qti_parse_with_schema_checks", |b| {
        b.iter(|| qti::parse(black_box(bytes), &ReadOptions::default()).map(|d| d.1.problems.len()))
    });
    g.bench_function("qti_write_same_version", |b| {
        b.iter(|| qti::write(black_box(&model), model.version()).xml.len())
    });
    g.bench_function("qti_write_to_3_0", |b| {
        b.iter(|| qti::write(black_box(&model), Version::V3p0).xml.len())
    });
    g.finish();
}

/// The parse / floor and parse / roxmltree ratios as medians of alternating runs of the same
/// document (`QTI_BENCH_PAIRS` rounds, default 40; 0 skips them): on a loaded machine the load
/// drifts between criterion's separately sampled benchmarks, while a round measures all three
/// within a few milliseconds of each other, in a rotating order.
fn paired_ratios(doc: &str) {
    let rounds: usize = std::env::var("QTI_BENCH_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    if rounds == 0 {
        return;
    }
    let bytes = doc.as_bytes();
    let run = |which: usize| {
        let t = std::time::Instant::now();
        for _ in 0..5 {
            match which {
                0 => {
                    black_box(floor(black_box(doc)));
                }
                // The whole result goes to `black_box`, so that neither parse can be
                // optimised for a caller that only asks whether it succeeded.
                1 => {
                    let _ = black_box(qti::parse(black_box(bytes), &ReadOptions::unchecked()));
                }
                _ => {
                    let _ = black_box(roxmltree::Document::parse(black_box(doc)));
                }
            }
        }
        t.elapsed().as_secs_f64()
    };
    let (mut vs_floor, mut vs_rox, mut rox_floor) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..rounds {
        let mut t = [0.0; 3];
        for k in 0..3 {
            let which = (i + k) % 3;
            t[which] = run(which);
        }
        vs_floor.push(t[1] / t[0]);
        vs_rox.push(t[1] / t[2]);
        rox_floor.push(t[2] / t[0]);
    }
    let q = |v: &mut Vec<f64>, p: f64| {
        v.sort_by(f64::total_cmp);
        v[((v.len() - 1) as f64 * p).round() as usize]
    };
    println!(
        "qti bench (large generated test), {rounds} rounds of floor / qti_parse / roxmltree_dom in rotating order (wall clock): \
         qti_parse / floor median {:.2}x (quartiles {:.2}-{:.2}), qti_parse / roxmltree median {:.2}x (quartiles {:.2}-{:.2}), roxmltree / floor median {:.2}x",
        q(&mut vs_floor, 0.5),
        q(&mut vs_floor, 0.25),
        q(&mut vs_floor, 0.75),
        q(&mut vs_rox, 0.5),
        q(&mut vs_rox, 0.25),
        q(&mut vs_rox, 0.75),
        q(&mut rox_floor, 0.5),
    );
}

fn benches(c: &mut Criterion) {
    let big = large_test(2000);
    paired_ratios(&big);
    bench_doc(c, "large_generated_test", &big);
    for (name, doc) in real_items() {
        bench_doc(c, &name, &doc);
    }
}

criterion_group!(qti_benches, benches);
criterion_main!(qti_benches);
