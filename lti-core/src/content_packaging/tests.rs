//! Tests of the content-packaging model.

use super::*;
use crate::Location;
use crate::xml::Limits;

const CC_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m1" xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1" xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest" xmlns:cpx="http://www.imsglobal.org/xsd/imsccv1p3/imscp_extensionv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1 http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd">
  <metadata>
    <schema>IMS Common Cartridge</schema>
    <schemaversion>1.3.0</schemaversion>
    <lomimscc:lom><lomimscc:general><lomimscc:title><lomimscc:string>Course</lomimscc:string></lomimscc:title></lomimscc:general></lomimscc:lom>
  </metadata>
  <organizations>
    <organization identifier="org" structure="rooted-hierarchy">
      <item identifier="root">
        <item identifier="i1" identifierref="r1"><title>Week 1 &amp; intro</title></item>
        <item identifier="i2" identifierref="r2" isvisible="false"><title>Link</title></item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" href="web/page.html">
      <file href="web/page.html"/>
      <dependency identifierref="r2"/>
    </resource>
    <resource identifier="r2" type="imswl_xmlv1p3">
      <file href="wl.xml"/>
      <cpx:variant identifier="v1" identifierref="r1"><cpx:metadata/></cpx:variant>
    </resource>
  </resources>
</manifest>"#;

fn parse(s: &str) -> (Manifest, Report) {
    parse_manifest(s.as_bytes(), &Limits::default()).expect("parses")
}

#[test]
fn reads_every_part() {
    let (m, r) = parse(CC_MANIFEST);
    assert!(r.is_empty(), "{r:?}");
    assert_eq!(m.identifier, "m1");
    assert_eq!(
        m.namespace.as_deref(),
        Some("http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1")
    );
    let md = m.metadata.as_ref().expect("metadata");
    assert_eq!(md.schemaversion.as_deref(), Some("1.3.0"));
    assert_eq!(md.extensions.len(), 1, "LOM kept as a foreign tree");
    assert_eq!(
        m.organizations.organizations[0].structure.as_deref(),
        Some("rooted-hierarchy")
    );
    let items = m.items();
    assert_eq!(items.len(), 3);
    assert_eq!(items[1].title.as_deref(), Some("Week 1 & intro"));
    assert_eq!(items[2].isvisible, Some(false));
    let r2 = m.resource("r2").expect("r2");
    assert_eq!(r2.resource_type, "imswl_xmlv1p3");
    assert_eq!(r2.extensions[0].name.local, "variant");
    assert_eq!(
        m.resource("r1").expect("r1").dependencies[0].identifierref,
        "r2"
    );
    assert_eq!(m.other_attributes[0].name.local, "schemaLocation");
    assert!(m.check().is_empty());
}

#[test]
fn roundtrip_is_lossless() {
    let (m, _) = parse(CC_MANIFEST);
    let out = write_manifest(&m);
    let (again, r) = parse(&out);
    assert!(r.is_empty(), "{r:?}");
    assert_eq!(again, m);
    // Canonically equal to the input tree.
    let mut a =
        crate::xml::parse_element(CC_MANIFEST.as_bytes(), &Limits::default()).expect("input");
    let mut b = crate::xml::parse_element(out.as_bytes(), &Limits::default()).expect("output");
    a.strip_insignificant_whitespace();
    b.strip_insignificant_whitespace();
    assert_eq!(a, b);
    let json = serde_json::to_string(&m).expect("serde");
    let back: Manifest = serde_json::from_str(&json).expect("serde back");
    assert_eq!(back, m);
}

#[test]
fn generic_rules() {
    let src = r#"<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
  <organizations default="nope">
    <organization identifier="o"><item identifier="dup" identifierref="missing"/></organization>
  </organizations>
  <resources>
    <resource identifier="dup" type="webcontent"><dependency identifierref="gone"/><dependency identifierref="dup"/></resource>
  </resources>
</manifest>"#;
    let (m, r) = parse(src);
    assert!(r.is_empty());
    let report = m.check();
    for code in [
        codes::DUPLICATE_IDENTIFIER,
        codes::UNRESOLVED_DEFAULT_ORG,
        codes::UNRESOLVED_ITEM_REF,
        codes::UNRESOLVED_DEPENDENCY,
        codes::SELF_DEPENDENCY,
    ] {
        assert!(report.has_code(code), "{code}: {report:?}");
    }
    let dup = report
        .with_code(codes::DUPLICATE_IDENTIFIER)
        .next()
        .expect("dup");
    assert!(
        matches!(&dup.location, Location::Xml(p) if p.line == 6),
        "{:?}",
        dup.location
    );
}

#[test]
fn reading_problems() {
    let src = r#"<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><organizations><organization><item identifier="i" isvisible="maybe"/><bogus/></organization></organizations><resources><resource identifier="r"><file/></resource></resources><weird/></manifest>"#;
    let (m, r) = parse(src);
    assert_eq!(r.with_code(codes::MISSING_ATTRIBUTE).count(), 4, "{r:?}");
    assert!(r.has_code("cp.attribute.invalid"));
    assert_eq!(r.with_code(codes::UNEXPECTED_ELEMENT).count(), 2);
    assert_eq!(m.extensions.len(), 1);
    let item = &m.organizations.organizations[0].items[0];
    assert_eq!(item.other_attributes[0].value, "maybe", "bad value kept");
    let (_, r) = parse(r#"<manifest identifier="x"/>"#);
    assert_eq!(r.with_code(codes::MISSING_ATTRIBUTE).count(), 2);
    let e = parse_manifest(b"<other/>", &Limits::default()).expect_err("not a manifest");
    assert_eq!(e.code(), codes::NOT_A_MANIFEST);
    let e = parse_manifest(b"<manifest>", &Limits::default()).expect_err("bad xml");
    assert!(e.code().starts_with("xml."));
    assert_eq!(e.to_problem().code, e.code());
}

#[test]
fn built_in_code_writes_valid_namespaces() {
    let ns = Namespace::new(IMSCP_V1P1);
    let mut m = Manifest::new(Some(ns), "pkg");
    m.resources.resources.push(Resource {
        identifier: "item1".into(),
        resource_type: "imsqti_item_xmlv2p2".into(),
        href: Some("item1.xml".into()),
        files: vec![File {
            href: "item1.xml".into(),
            ..File::default()
        }],
        ..Resource::default()
    });
    let out = write_manifest(&m);
    assert!(
        out.contains(
            "<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" identifier=\"pkg\">"
        ),
        "{out}"
    );
    let (back, r) = parse(&out);
    assert!(r.is_empty());
    assert_eq!(back, m);
}

#[test]
fn corpus_manifests_roundtrip() {
    let dir = std::env::var_os("IMS_SHARED_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
        .join("corpus");
    if !dir.is_dir() {
        println!("skipping: {} not found", dir.display());
        return;
    }
    let mut stack = vec![dir];
    let mut count = 0;
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "imsmanifest.xml") {
                let bytes = std::fs::read(&p).expect("readable");
                let (m, _) = match parse_manifest(&bytes, &Limits::default()) {
                    Ok(x) => x,
                    Err(e) => panic!("{}: {e}", p.display()),
                };
                let out = write_manifest(&m);
                let (again, _) =
                    parse_manifest(out.as_bytes(), &Limits::default()).expect("reparses");
                assert_eq!(again, m, "{}", p.display());
                count += 1;
            }
        }
    }
    println!("content packaging: {count} corpus manifests read and round-tripped");
    assert!(count > 0);
}

/// Found by fuzzing (`cp_manifest`, `crash-abd25e9a…`): a sub-manifest whose start tag
/// declares the default namespace as something else than the manifest's own (prefixed)
/// namespace was written unprefixed with that declaration kept, so it moved into the other
/// namespace and was read back as an unknown extension instead of a sub-manifest.
#[test]
fn fuzz_regression_submanifest_redeclaring_the_default_namespace() {
    let src = r#"<m:manifest xmlns:m="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns="urn:other" identifier="A">
  <m:organizations/>
  <m:resources/>
  <m:manifest xmlns="urn:other" identifier="B"><m:organizations/><m:resources/><other/></m:manifest>
  <other/>
</m:manifest>"#;
    let (m, _) = parse(src);
    assert_eq!(m.submanifests.len(), 1);
    assert_eq!(m.submanifests[0].identifier, "B");
    let out = write_manifest(&m);
    let (again, _) = parse(&out);
    assert_eq!(again, m, "{out}");
    // The extensions stay in their own namespace.
    assert_eq!(
        again.submanifests[0].extensions[0].name.ns.as_deref(),
        Some("urn:other")
    );
}
