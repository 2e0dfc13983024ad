//! Benchmarks of the QTI processing engine: item sessions per second (session created, template
//! processing, responses set, response processing), parsing and compiling excluded.
//!
//! Run with `cargo bench --bench qti_engine`. Every benchmark runs in wall-clock time and in CPU
//! time of the benchmarking thread (`*_cpu`, comparable on a loaded machine). The floor is
//! creating the session state alone (allocating and filling the variable table), measured in
//! the same run.

use std::hint::black_box;

use criterion::measurement::Measurement;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

#[path = "support/cpu_time.rs"]
mod cpu_time;
use cpu_time::CpuTime;
use qti::runtime::{CompiledItem, OperatorRegistry};
use qti::{QtiDocument, ReadOptions, SingleValue, Value};

const HEAD: &str = r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="b" title="b" adaptive="false" timeDependent="false">"#;

fn compile(body: &str) -> CompiledItem {
    let xml = format!("{HEAD}{body}</assessmentItem>");
    let (QtiDocument::Item(item), _) =
        qti::parse(xml.as_bytes(), &ReadOptions::default()).expect("bench item parses")
    else {
        panic!("bench item is an item")
    };
    CompiledItem::compile(&item, &OperatorRegistry::with_builtins()).expect("bench item compiles")
}

const MATCH_CORRECT: &str = r#"
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>B</value></correctResponse></responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">
    <simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice></choiceInteraction></itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>"#;

const MAP_RESPONSE: &str = r#"
  <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair">
    <correctResponse><value>C R</value><value>D M</value><value>L M</value><value>P T</value></correctResponse>
    <mapping defaultValue="-0.5" lowerBound="0" upperBound="3">
      <mapEntry mapKey="C R" mappedValue="1"/><mapEntry mapKey="D M" mappedValue="0.5"/>
      <mapEntry mapKey="L M" mappedValue="0.5"/><mapEntry mapKey="P T" mappedValue="1"/></mapping></responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody><p>x</p></itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"/>"#;

/// Template processing (random values, a constraint, a condition, a correct response) and a
/// custom response processing with nested conditions, numeric tolerance, string matching,
/// container operators and a lookup table.
const HEAVY: &str = r#"
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="float"/>
  <responseDeclaration identifier="UNIT" cardinality="single" baseType="string"/>
  <responseDeclaration identifier="STEPS" cardinality="ordered" baseType="identifier">
    <correctResponse><value>S1</value><value>S2</value><value>S3</value></correctResponse></responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <outcomeDeclaration identifier="FEEDBACK" cardinality="multiple" baseType="identifier"/>
  <outcomeDeclaration identifier="GRADE" cardinality="single" baseType="identifier">
    <interpolationTable defaultValue="F"><interpolationTableEntry sourceValue="3" targetValue="A"/>
      <interpolationTableEntry sourceValue="2" targetValue="B"/><interpolationTableEntry sourceValue="1" targetValue="C"/></interpolationTable></outcomeDeclaration>
  <templateDeclaration identifier="A" cardinality="single" baseType="integer"/>
  <templateDeclaration identifier="B" cardinality="single" baseType="integer"/>
  <templateDeclaration identifier="ANSWER" cardinality="single" baseType="float"/>
  <templateProcessing>
    <setTemplateValue identifier="A"><randomInteger min="10" max="99"/></setTemplateValue>
    <setTemplateValue identifier="B"><randomInteger min="2" max="9"/></setTemplateValue>
    <templateConstraint><gt><variable identifier="A"/><variable identifier="B"/></gt></templateConstraint>
    <setTemplateValue identifier="ANSWER"><divide><variable identifier="A"/><variable identifier="B"/></divide></setTemplateValue>
    <setCorrectResponse identifier="RESPONSE"><roundTo figures="3"><variable identifier="ANSWER"/></roundTo></setCorrectResponse>
  </templateProcessing>
  <itemBody><p>x</p></itemBody>
  <responseProcessing>
    <responseCondition><responseIf><isNull><variable identifier="RESPONSE"/></isNull>
      <setOutcomeValue identifier="FEEDBACK"><multiple><baseValue baseType="identifier">empty</baseValue></multiple></setOutcomeValue><exitResponse/></responseIf></responseCondition>
    <responseCondition>
      <responseIf><equal toleranceMode="relative" tolerance="1"><variable identifier="ANSWER"/><variable identifier="RESPONSE"/></equal>
        <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">1</baseValue></sum></setOutcomeValue>
        <setOutcomeValue identifier="FEEDBACK"><multiple><variable identifier="FEEDBACK"/><baseValue baseType="identifier">value</baseValue></multiple></setOutcomeValue></responseIf>
      <responseElseIf><equalRounded figures="1"><variable identifier="ANSWER"/><variable identifier="RESPONSE"/></equalRounded>
        <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">0.5</baseValue></sum></setOutcomeValue></responseElseIf>
    </responseCondition>
    <responseCondition><responseIf><stringMatch caseSensitive="false"><variable identifier="UNIT"/><baseValue baseType="string">cm</baseValue></stringMatch>
      <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">1</baseValue></sum></setOutcomeValue></responseIf></responseCondition>
    <responseCondition><responseIf><and><match><variable identifier="STEPS"/><correct identifier="STEPS"/></match>
        <not><isNull><variable identifier="UNIT"/></isNull></not></and>
      <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">1</baseValue></sum></setOutcomeValue></responseIf>
      <responseElseIf><contains><variable identifier="STEPS"/><ordered><baseValue baseType="identifier">S1</baseValue><baseValue baseType="identifier">S2</baseValue></ordered></contains>
        <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">0.5</baseValue></sum></setOutcomeValue></responseElseIf></responseCondition>
    <lookupOutcomeValue identifier="GRADE"><variable identifier="SCORE"/></lookupOutcomeValue>
  </responseProcessing>"#;

fn id(s: &str) -> SingleValue {
    SingleValue::Identifier(s.into())
}

fn bench_sessions<M: Measurement>(c: &mut Criterion<M>, suffix: &str) {
    let mc = compile(MATCH_CORRECT);
    let mr = compile(MAP_RESPONSE);
    let heavy = compile(HEAVY);
    let mc_slot = mc.slot("RESPONSE").expect("slot");
    let mc_resp = Value::Single(id("B"));
    let mr_resp = Value::Multiple(vec![
        SingleValue::DirectedPair(qti::value::Pair::new("C", "R")),
        SingleValue::DirectedPair(qti::value::Pair::new("D", "M")),
        SingleValue::DirectedPair(qti::value::Pair::new("X", "Y")),
    ]);
    let heavy_resp = [
        ("RESPONSE", Value::Single(SingleValue::Float(5.0))),
        ("UNIT", Value::Single(SingleValue::String("CM".into()))),
        ("STEPS", Value::Ordered(vec![id("S1"), id("S2"), id("S3")])),
    ];
    let mut g = c.benchmark_group(format!("qti_engine{suffix}"));
    // CPU time is counted in scheduler ticks: flat sampling gives every sample the same, large
    // number of iterations.
    if !suffix.is_empty() {
        g.sampling_mode(SamplingMode::Flat);
    }
    g.bench_function("floor_variable_table", |b| {
        let defaults: Vec<Value> = mc.variables().iter().map(|v| v.default.clone()).collect();
        b.iter(|| black_box(defaults.clone()));
    });
    let mut seed = 0u64;
    g.bench_function("match_correct_session", |b| {
        b.iter(|| {
            seed = seed.wrapping_add(1);
            let mut s = mc.new_session(seed).expect("session");
            s.begin_attempt(&mc).expect("attempt");
            s.set_response_at(&mc, mc_slot, mc_resp.clone())
                .expect("response");
            s.end_attempt(&mc).expect("processing");
            black_box(s)
        });
    });
    g.bench_function("map_response_session", |b| {
        b.iter(|| {
            seed = seed.wrapping_add(1);
            let mut s = mr.new_session(seed).expect("session");
            s.submit(&mr, [("RESPONSE", mr_resp.clone())])
                .expect("processing");
            black_box(s)
        });
    });
    g.bench_function("heavy_template_custom_session", |b| {
        b.iter(|| {
            seed = seed.wrapping_add(1);
            let mut s = heavy.new_session(seed).expect("session");
            s.submit(&heavy, heavy_resp.iter().cloned())
                .expect("processing");
            black_box(s)
        });
    });
    g.finish();
}

fn wall(c: &mut Criterion) {
    bench_sessions(c, "");
}

fn cpu(c: &mut Criterion<CpuTime>) {
    bench_sessions(c, "_cpu");
}

criterion_group!(wall_clock, wall);
criterion_group! {
    name = cpu_time;
    config = Criterion::default().with_measurement(CpuTime);
    targets = cpu
}
criterion_main!(wall_clock, cpu_time);
