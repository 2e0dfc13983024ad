//! Response JSON (plain and PCI forms) read through a fixed item's declarations, then scored.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use qti::runtime::{CompiledItem, OperatorRegistry};
use qti::{QtiDocument, ReadOptions};

const ITEM: &[u8] = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2"
    identifier="fuzz" title="Fuzz" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="CHOICE" cardinality="multiple" baseType="identifier">
    <correctResponse><value>A</value><value>C</value></correctResponse>
    <mapping defaultValue="-1" lowerBound="-2" upperBound="3">
      <mapEntry mapKey="A" mappedValue="1.5"/><mapEntry mapKey="B" mappedValue="-0.5"/>
      <mapEntry mapKey="C" mappedValue="1"/>
    </mapping>
  </responseDeclaration>
  <responseDeclaration identifier="ORDER" cardinality="ordered" baseType="identifier">
    <correctResponse><value>A</value><value>B</value><value>C</value></correctResponse>
  </responseDeclaration>
  <responseDeclaration identifier="PAIRS" cardinality="multiple" baseType="directedPair">
    <correctResponse><value>A X</value><value>B Y</value></correctResponse>
    <mapping defaultValue="0"><mapEntry mapKey="A X" mappedValue="1"/><mapEntry mapKey="B Y" mappedValue="1"/></mapping>
  </responseDeclaration>
  <responseDeclaration identifier="NUM" cardinality="single" baseType="float">
    <correctResponse><value>3.14</value></correctResponse>
  </responseDeclaration>
  <responseDeclaration identifier="INT" cardinality="single" baseType="integer"/>
  <responseDeclaration identifier="TEXT" cardinality="single" baseType="string">
    <correctResponse><value>Paris</value></correctResponse>
    <mapping defaultValue="0" caseSensitive="false"><mapEntry mapKey="paris" mappedValue="2"/></mapping>
  </responseDeclaration>
  <responseDeclaration identifier="POINT" cardinality="single" baseType="point">
    <areaMapping defaultValue="0"><areaMapEntry shape="circle" coords="10,10,5" mappedValue="1"/></areaMapping>
  </responseDeclaration>
  <responseDeclaration identifier="REC" cardinality="record"/>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <outcomeDeclaration identifier="RATIO" cardinality="single" baseType="float"/>
  <outcomeDeclaration identifier="BIG" cardinality="single" baseType="integer"/>
  <itemBody><p>fuzz</p></itemBody>
  <responseProcessing>
    <setOutcomeValue identifier="SCORE">
      <sum>
        <mapResponse identifier="CHOICE"/><mapResponse identifier="PAIRS"/>
        <mapResponse identifier="TEXT"/><mapResponsePoint identifier="POINT"/>
      </sum>
    </setOutcomeValue>
    <responseCondition>
      <responseIf><match><variable identifier="ORDER"/><correct identifier="ORDER"/></match>
        <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">1</baseValue></sum></setOutcomeValue>
      </responseIf>
    </responseCondition>
    <setOutcomeValue identifier="RATIO">
      <divide><variable identifier="NUM"/><variable identifier="INT"/></divide>
    </setOutcomeValue>
    <setOutcomeValue identifier="BIG">
      <product><variable identifier="INT"/><variable identifier="INT"/><variable identifier="INT"/></product>
    </setOutcomeValue>
    <responseCondition>
      <responseIf><equalRounded roundingMode="significantFigures" figures="3">
          <variable identifier="NUM"/><baseValue baseType="float">3.14</baseValue></equalRounded>
        <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">1</baseValue></sum></setOutcomeValue>
      </responseIf>
    </responseCondition>
  </responseProcessing>
</assessmentItem>"#;

static COMPILED: LazyLock<CompiledItem> = LazyLock::new(|| {
    let (QtiDocument::Item(item), _) = qti::parse(ITEM, &ReadOptions::default()).expect("reads")
    else {
        panic!("not an item")
    };
    CompiledItem::compile(&item, &OperatorRegistry::with_builtins()).expect("compiles")
});

fuzz_target!(|data: &[u8]| {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let item = &*COMPILED;
    if let Ok(responses) = qti::runtime::json::read_responses(item, &json) {
        let mut s = item.new_session(1).expect("session");
        let _ = s.submit(item, responses.iter().map(|(k, v)| (k.as_str(), v.clone())));
        for pci in [false, true] {
            let report = qti::runtime::json::session_report(item, &s, pci);
            serde_json::to_string(&report).expect("serialises");
        }
        // Values written in either JSON form read back to the same value.
        for (k, v) in &responses {
            let d = item.variable(k.as_str()).expect("declared");
            let plain = qti::runtime::json::to_plain(v);
            let pci = qti::runtime::json::to_pci(v, d.cardinality, d.base_type);
            let back = qti::runtime::json::read_value(&pci, d.cardinality, d.base_type, "")
                .unwrap_or_else(|e| panic!("PCI {pci} of {v:?} does not read back: {e}"));
            // Equal, or (NaN, which equals nothing) written the same way again.
            assert!(
                &back == v
                    || qti::runtime::json::to_pci(&back, d.cardinality, d.base_type) == pci,
                "PCI {pci}: {back:?} is not {v:?}"
            );
            let _ = qti::runtime::json::read_value(&plain, d.cardinality, d.base_type, "");
        }
    }
    // Any JSON value read as each declaration's type.
    for d in item.variables() {
        let _ = qti::runtime::json::read_value(&json, d.cardinality, d.base_type, "");
    }
});
