use super::*;
use crate::package::MemoryPackage;

const MANIFEST_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
  xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
  xmlns:lom="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource"
  xmlns:cpx="http://www.imsglobal.org/xsd/imsccv1p3/imscp_extensionv1p2">
  <metadata>
    <schema>IMS Common Cartridge</schema>
    <schemaversion>1.3.0</schemaversion>
    <lomimscc:lom><lomimscc:general><lomimscc:title><lomimscc:string>Course</lomimscc:string></lomimscc:title></lomimscc:general></lomimscc:lom>
  </metadata>
  <organizations>
    <organization identifier="O" structure="rooted-hierarchy">
      <item identifier="ROOT">
        <item identifier="F1"><title>Week 1</title>
          <item identifier="I_wc" identifierref="wc"><title>Page</title></item>
          <item identifier="I_wl" identifierref="wl"><title>Link</title></item>
          <item identifier="I_dt" identifierref="dt"><title>Topic</title></item>
          <item identifier="I_lti" identifierref="lti"><title>Tool</title></item>
          <item identifier="I_as" identifierref="asmt"><title>Quiz</title></item>
          <item identifier="I_asg" identifierref="asg"><title>Homework</title></item>
        </item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="wc" type="webcontent" href="wc/page.html"><file href="wc/page.html"/><dependency identifierref="img"/></resource>
    <resource identifier="img" type="webcontent"><file href="img/a.png"/></resource>
    <resource identifier="wl" type="imswl_xmlv1p3"><file href="wl/link.xml"/></resource>
    <resource identifier="dt" type="imsdt_xmlv1p3"><file href="dt/topic.xml"/><dependency identifierref="dt_media"/></resource>
    <resource identifier="dt_media" type="associatedcontent/imscc_xmlv1p3/learning-application-resource"><file href="dt/media/pic.png"/></resource>
    <resource identifier="lti" type="imsbasiclti_xmlv1p0"><file href="lti/link.xml"/></resource>
    <resource identifier="asmt" type="imsqti_xmlv1p2/imscc_xmlv1p3/assessment"><file href="asmt/assessment.xml"/></resource>
    <resource identifier="qb" type="imsqti_xmlv1p2/imscc_xmlv1p3/question-bank"><file href="qb/bank.xml"/></resource>
    <resource identifier="asg" type="assignment_xmlv1p0" intendeduse="assignment"><file href="asg/assignment.xml"/></resource>
    <resource identifier="asg_fb" type="webcontent" href="asg/fallback.html">
      <cpx:variant identifier="v1" identifierref="asg"><cpx:metadata/></cpx:variant>
      <file href="asg/fallback.html"/>
    </resource>
  </resources>
</manifest>"#;

const QTI_ITEM: &str = r#"<item ident="q1" title="Q1"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.true_false.v0p1</fieldentry></qtimetadatafield></qtimetadata></itemmetadata><presentation><material><mattext texttype="text/html">&lt;img src="$IMS-CC-FILEBASE$q.png"/&gt; True?</mattext></material><response_lid ident="R" rcardinality="Single"><render_choice><response_label ident="T"><material><mattext>True</mattext></material></response_label><response_label ident="F"><material><mattext>False</mattext></material></response_label></render_choice></response_lid></presentation><resprocessing><outcomes><decvar varname="SCORE" vartype="Decimal"/></outcomes><respcondition><conditionvar><varequal respident="R">T</varequal></conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition></resprocessing></item>"#;

fn package() -> MemoryPackage {
    let mut p = MemoryPackage::new();
    p.insert("imsmanifest.xml", MANIFEST_XML);
    p.insert("wc/page.html", "<html><img src='../img/a.png'/></html>");
    p.insert("img/a.png", vec![0x89, b'P', b'N', b'G']);
    p.insert(
        "wl/link.xml",
        r#"<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3"><title>Link</title><url href="https://example.org/"/></webLink>"#,
    );
    p.insert(
        "dt/topic.xml",
        r#"<topic xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3"><title>Topic</title><text texttype="text/html">&lt;img src="$IMS-CC-FILEBASE$media/pic.png"/&gt;</text><attachments><attachment href="media/pic.png"/></attachments></topic>"#,
    );
    p.insert("dt/media/pic.png", vec![1, 2, 3]);
    p.insert(
        "lti/link.xml",
        r#"<cartridge_basiclti_link xmlns="http://www.imsglobal.org/xsd/imslticc_v1p0" xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0" xmlns:lticp="http://www.imsglobal.org/xsd/imslticp_v1p0"><blti:title>Tool</blti:title><blti:secure_launch_url>https://tool.example/launch</blti:secure_launch_url><blti:vendor><lticp:code>ex</lticp:code><lticp:name>Example</lticp:name></blti:vendor></cartridge_basiclti_link>"#,
    );
    p.insert(
        "asmt/assessment.xml",
        format!(
            r#"<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"><assessment ident="A" title="Quiz"><section ident="S">{QTI_ITEM}</section></assessment></questestinterop>"#
        ),
    );
    p.insert("asmt/q.png", vec![0]);
    p.insert(
        "qb/bank.xml",
        format!(
            r#"<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"><objectbank ident="B">{}</objectbank></questestinterop>"#,
            QTI_ITEM.replace("$IMS-CC-FILEBASE$q.png", "https://x/q.png")
        ),
    );
    p.insert(
        "asg/assignment.xml",
        r#"<assignment xmlns="http://www.imsglobal.org/xsd/imscc_extensions/assignment"><title>Homework</title><text texttype="text/plain">Do it</text><instructor_text texttype="text/plain">Key</instructor_text><gradable points_possible="10">true</gradable></assignment>"#,
    );
    p.insert("asg/fallback.html", "<p>Homework</p>");
    p
}

fn with_manifest(f: impl Fn(&str) -> String) -> MemoryPackage {
    let mut p = package();
    p.insert("imsmanifest.xml", f(MANIFEST_XML));
    p
}

fn run(p: &mut MemoryPackage) -> Validation {
    validate_package(p, &ReadOptions::default())
}

#[track_caller]
fn expect(p: &mut MemoryPackage, code: &str) -> Validation {
    let v = run(p);
    assert!(v.report.has_code(code), "expected {code}: {:#?}", v.report);
    v
}

#[test]
fn the_base_cartridge_is_valid() {
    let v = run(&mut package());
    assert!(v.report.is_empty(), "{:#?}", v.report);
    assert_eq!(v.version, Some(CartridgeVersion::CC_1_3));
    let c = v.cartridge.expect("cartridge");
    assert_eq!(c.descriptors.len(), 6);
    assert!(matches!(
        c.descriptors.get("asmt"),
        Some(Descriptor::Qti(_))
    ));
    assert_eq!(c.manifest_entry, "imsmanifest.xml");
    let (c2, r) = read_cartridge(&mut package(), &ReadOptions::default()).expect("read");
    assert!(r.is_empty());
    assert_eq!(c2.descriptors.len(), 6);
}

#[test]
fn package_level_rules() {
    let mut p = package();
    p.files.remove("imsmanifest.xml");
    let v = expect(&mut p, codes::PACKAGE_MANIFEST_MISSING);
    assert!(v.cartridge.is_none());
    assert!(matches!(
        read_cartridge(&mut p, &ReadOptions::default()),
        Err(CartridgeError::ManifestMissing)
    ));
    let mut p = package();
    p.files.remove("img/a.png");
    let v = expect(&mut p, codes::PACKAGE_MISSING_FILE);
    let prob = v
        .report
        .with_code(codes::PACKAGE_MISSING_FILE)
        .next()
        .expect("p");
    assert!(
        matches!(&prob.location, Location::Zip { entry, .. } if entry == "imsmanifest.xml"),
        "{prob:?}"
    );
    let mut p = package();
    let png = p.files.remove("img/a.png").expect("png");
    p.insert("img/A.png", png);
    let v = run(&mut p);
    let prob = v
        .report
        .with_code(codes::PACKAGE_MISSING_FILE)
        .next()
        .expect("case");
    assert_eq!(prob.severity, Severity::Warning);
    let mut p = package();
    p.insert("imsmanifest.xml", "<manifest");
    let v = run(&mut p);
    assert!(v.report.problems[0].code.as_str().starts_with("xml."));
    assert!(read_cartridge(&mut p, &ReadOptions::default()).is_err());
}

#[test]
fn manifest_and_metadata_rules() {
    expect(
        &mut with_manifest(|m| m.replace(r#"identifier="M""#, r#"identifier="M" version="1.3""#)),
        codes::MANIFEST_VERSION_ATTRIBUTE,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                "</resources>",
                r#"</resources><manifest identifier="sub"><organizations/><resources/></manifest>"#,
            )
        }),
        codes::MANIFEST_SUBMANIFEST,
    );
    let no_lom = |m: &str| {
        let start = m.find("<lomimscc:lom>").expect("lom");
        let end = m.find("</lomimscc:lom>").expect("lom end") + "</lomimscc:lom>".len();
        format!("{}{}", &m[..start], &m[end..])
    };
    expect(&mut with_manifest(no_lom), codes::METADATA_LOM_MISSING);
    expect(
        &mut with_manifest(|m| {
            let s = m.find("<metadata>").expect("md");
            let e = m.find("</metadata>").expect("md") + "</metadata>".len();
            format!("{}{}", &m[..s], &m[e..])
        }),
        codes::METADATA_MISSING,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                "</lomimscc:general>",
                "<lomimscc:structure><lomimscc:value>atomic</lomimscc:value></lomimscc:structure></lomimscc:general>",
            )
        }),
        codes::LOM_NOT_IN_PROFILE,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest",
                "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest",
            )
        }),
        codes::LOM_NAMESPACE_MISMATCH,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(r#"identifier="img""#, r#"identifier="1img""#)
                .replace(r#"identifierref="img""#, r#"identifierref="1img""#)
        }),
        codes::IDENTIFIER_NOT_NCNAME,
    );
    expect(
        &mut with_manifest(|m| m.replace(r#"identifier="I_wl""#, r#"identifier="I_wc""#)),
        codes::IDENTIFIER_DUPLICATE,
    );
}

#[test]
fn organization_rules() {
    let two_orgs = |m: &str| {
        m.replace(
            "</organizations>",
            r#"<organization identifier="O2" structure="rooted-hierarchy"><item identifier="R2"/></organization></organizations>"#,
        )
    };
    expect(&mut with_manifest(two_orgs), codes::ORGANIZATIONS_TOO_MANY);
    expect(
        &mut with_manifest(|m| m.replace("<organizations>", r#"<organizations default="O">"#)),
        codes::ORGANIZATIONS_DEFAULT,
    );
    expect(
        &mut with_manifest(|m| m.replace("rooted-hierarchy", "hierarchical")),
        codes::ORGANIZATION_STRUCTURE,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<item identifier="ROOT">"#,
                r#"<item identifier="ROOT0"/><item identifier="ROOT">"#,
            )
        }),
        codes::ORGANIZATION_ROOT_ITEM,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<item identifier="ROOT">"#,
                r#"<item identifier="ROOT"><title>Root</title>"#,
            )
        }),
        codes::ORGANIZATION_ROOT_ITEM_CONTENT,
    );
    expect(
        &mut with_manifest(|m| m.replace("<title>Week 1</title>", "")),
        codes::ITEM_TITLE_MISSING,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<item identifier="F1">"#,
                r#"<item identifier="F1" isvisible="true">"#,
            )
        }),
        codes::ITEM_PROHIBITED_ATTRIBUTE,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<title>Page</title></item>"#,
                r#"<title>Page</title><item identifier="sub" identifierref="wl"><title>x</title></item></item>"#,
            )
        }),
        codes::ITEM_LINK_HAS_CHILDREN,
    );
    expect(
        &mut with_manifest(|m| m.replace(r#"identifierref="wl""#, r#"identifierref="nothing""#)),
        codes::ITEM_UNRESOLVED_REF,
    );
    expect(
        &mut with_manifest(|m| m.replace(r#"identifierref="asmt""#, r#"identifierref="qb""#)),
        codes::ITEM_REFERENCES_QUESTION_BANK,
    );
}

#[test]
fn resource_rules() {
    expect(
        &mut with_manifest(|m| m.replace(r#"type="imswl_xmlv1p3""#, r#"type="imswl_xmlv1p1""#)),
        codes::RESOURCE_TYPE_VERSION_MISMATCH,
    );
    let strict = validate_package(
        &mut with_manifest(|m| m.replace(r#"type="imswl_xmlv1p3""#, r#"type="imswl_xmlv1p1""#)),
        &ReadOptions::strict(),
    );
    assert_eq!(
        strict
            .report
            .with_code(codes::RESOURCE_TYPE_VERSION_MISMATCH)
            .next()
            .map(|p| p.severity),
        Some(Severity::Error)
    );
    expect(
        &mut with_manifest(|m| m.replace(r#"type="assignment_xmlv1p0""#, r#"type="assignment""#)),
        codes::RESOURCE_NONSTANDARD_TYPE,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"identifier="img" type="webcontent""#,
                r#"identifier="img" type="imsqti_item_xmlv2p1""#,
            )
        }),
        codes::RESOURCE_UNKNOWN_TYPE,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"identifier="img" type="webcontent""#,
                r#"identifier="img" type="idpfepub_epubv3p0""#,
            )
        }),
        codes::RESOURCE_UNSUPPORTED_TYPE,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<resource identifier="qb""#,
                r#"<resource identifier="qb2" type="imsqti_xmlv1p2/imscc_xmlv1p3/question-bank"><file href="qb/bank.xml"/></resource><resource identifier="qb""#,
            )
        }),
        codes::RESOURCE_QUESTION_BANK_COUNT,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"type="imswl_xmlv1p3">"#,
                r#"type="imswl_xmlv1p3" href="wl/link.xml">"#,
            )
        }),
        codes::RESOURCE_DESCRIPTOR_HREF,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<file href="wl/link.xml"/>"#,
                r#"<file href="wl/link.xml"/><file href="img/a.png"/>"#,
            )
        }),
        codes::RESOURCE_DESCRIPTOR_FILE_COUNT,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"type="webcontent" href="wc/page.html""#,
                r#"type="webcontent" href="wc/other.html""#,
            )
        }),
        codes::RESOURCE_HREF_WITHOUT_FILE,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"type="webcontent" href="wc/page.html""#,
                r#"type="webcontent""#,
            )
        }),
        codes::RESOURCE_LINKED_WITHOUT_HREF,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<file href="img/a.png"/>"#,
                r#"<file href="img/a.png"/><file href="img/a.png"/>"#,
            )
        }),
        codes::FILE_DUPLICATE,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<file href="img/a.png"/>"#,
                r#"<file href="/etc/passwd"/>"#,
            )
        }),
        codes::FILE_HREF_INVALID,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(r#"intendeduse="assignment""#, r#"intendeduse="homework""#)
        }),
        codes::RESOURCE_INTENDED_USE,
    );
    // Thin cartridges hold links only.
    expect(
        &mut with_manifest(|m| {
            m.replace(
                "<schema>IMS Common Cartridge</schema>",
                "<schema>IMS Thin Common Cartridge</schema>",
            )
        }),
        codes::THIN_RESOURCE_TYPE,
    );
}

#[test]
fn dependency_rules() {
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<dependency identifierref="img"/>"#,
                r#"<dependency identifierref="gone"/>"#,
            )
        }),
        codes::DEPENDENCY_UNRESOLVED,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<dependency identifierref="img"/>"#,
                r#"<dependency identifierref="wc"/>"#,
            )
        }),
        codes::DEPENDENCY_SELF,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<dependency identifierref="img"/>"#,
                r#"<dependency identifierref="img"/><dependency identifierref="img"/>"#,
            )
        }),
        codes::DEPENDENCY_DUPLICATE,
    );
    // Every repeat is reported, in short lists (scanned) and long ones (hashed).
    for n in [3usize, 40] {
        let deps = r#"<dependency identifierref="img"/>"#.repeat(n);
        let v = run(&mut with_manifest(|m| {
            m.replace(r#"<dependency identifierref="img"/>"#, &deps)
        }));
        assert_eq!(
            v.report.with_code(codes::DEPENDENCY_DUPLICATE).count(),
            n - 1
        );
        let files = r#"<file href="img/a.png"/>"#.repeat(n);
        let v = run(&mut with_manifest(|m| {
            m.replace(r#"<file href="img/a.png"/>"#, &files)
        }));
        assert_eq!(v.report.with_code(codes::FILE_DUPLICATE).count(), n - 1);
    }
    // Web content may depend only on web content; web links on nothing; LTI links only on
    // associated content.
    for (from, to) in [
        (r#"<file href="wc/page.html"/>"#, "wl"),
        (r#"<file href="wl/link.xml"/>"#, "img"),
        (r#"<file href="lti/link.xml"/>"#, "img"),
        (r#"<file href="dt/topic.xml"/>"#, "lti"),
        (r#"<file href="dt/media/pic.png"/>"#, "dt_media2"),
    ] {
        let v = run(&mut with_manifest(|m| {
            m.replace(from, &format!(r#"{from}<dependency identifierref="{to}"/>"#))
                .replace(
                    "</resources>",
                    r#"<resource identifier="dt_media2" type="associatedcontent/imscc_xmlv1p3/learning-application-resource"><file href="dt/media/pic.png"/></resource></resources>"#,
                )
        }));
        assert!(
            v.report.has_code(codes::DEPENDENCY_PROHIBITED),
            "{from} -> {to}: {:#?}",
            v.report
        );
    }
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"<file href="dt/media/pic.png"/>"#,
                r#"<file href="img/a.png"/>"#,
            )
        }),
        codes::LAO_FILE_OUTSIDE_FOLDER,
    );
}

#[test]
fn variant_and_authorization_rules() {
    expect(
        &mut with_manifest(|m| {
            m.replace(
                r#"identifierref="asg"><cpx:metadata/>"#,
                r#"identifierref="nope"><cpx:metadata/>"#,
            )
        }),
        codes::VARIANT_INVALID,
    );
    expect(
        &mut with_manifest(|m| {
            m.replace(r#"<resource identifier="img" type="webcontent">"#, r#"<resource identifier="img" type="webcontent" xmlns:auth="http://www.imsglobal.org/xsd/imsccv1p3/imsccauth_v1p3" auth:protected="true">"#)
        }),
        codes::AUTHORIZATION_PROTECTED_WITHOUT,
    );
    let v = expect(
        &mut with_manifest(|m| {
            m.replace(
                "</resources>",
                r#"</resources><auth:authorizations xmlns:auth="http://www.imsglobal.org/xsd/imsccv1p3/imsccauth_v1p3" access="everyone"><auth:authorization/></auth:authorizations>"#,
            )
        }),
        codes::AUTHORIZATION_INVALID,
    );
    assert_eq!(v.report.with_code(codes::AUTHORIZATION_INVALID).count(), 2);
    // Variants before 1.3.
    let m11 = MANIFEST_XML
        .replace("imsccv1p3", "imsccv1p1")
        .replace("1.3.0", "1.1.0")
        .replace("xmlv1p3", "xmlv1p1");
    let mut p = package();
    p.insert("imsmanifest.xml", m11);
    expect(&mut p, codes::VARIANT_INVALID);
}

#[test]
fn descriptor_rules() {
    let mut p = package();
    p.insert("wl/link.xml", "<webLink>");
    let v = expect(&mut p, codes::DESCRIPTOR_UNREADABLE);
    assert!(v.report.iter().any(|x| x.code.as_str().starts_with("xml.")));
    let mut p = package();
    p.insert(
        "wl/link.xml",
        r#"<topic xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3"/>"#,
    );
    expect(&mut p, codes::DESCRIPTOR_WRONG_ROOT);
    let mut p = package();
    p.insert(
        "wl/link.xml",
        r#"<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"><title>Link</title><url href="https://example.org/"/></webLink>"#,
    );
    expect(&mut p, codes::DESCRIPTOR_NAMESPACE_MISMATCH);
    let mut p = package();
    p.files.remove("dt/media/pic.png");
    let v = expect(&mut p, codes::ATTACHMENT_MISSING);
    assert!(v.report.has_code(codes::FILEBASE_UNRESOLVED));
    let mut p = package();
    p.insert(
        "lti/link.xml",
        r#"<cartridge_basiclti_link xmlns="http://www.imsglobal.org/xsd/imslticc_v1p0" xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0" xmlns:lticp="http://www.imsglobal.org/xsd/imslticp_v1p0"><blti:title>Tool</blti:title><blti:launch_url>http://t</blti:launch_url><blti:vendor><lticp:code>c</lticp:code><lticp:name>n</lticp:name></blti:vendor><cartridge_icon identifierref="icon"/></cartridge_basiclti_link>"#,
    );
    expect(&mut p, codes::LTI_REF_UNRESOLVED);
    // QTI problems come from the profile rules, inside the descriptor's entry.
    let mut p = package();
    p.files.remove("asmt/q.png");
    let v = expect(&mut p, codes::FILEBASE_UNRESOLVED);
    let prob = v
        .report
        .with_code(codes::FILEBASE_UNRESOLVED)
        .next()
        .expect("p");
    assert!(
        matches!(&prob.location, Location::Zip { entry, .. } if entry == "asmt/assessment.xml")
    );
    let mut p = package();
    let bank = p.files.get("qb/bank.xml").cloned().expect("bank");
    p.insert("asmt/assessment.xml", bank);
    expect(&mut p, codes::QTI_ASSESSMENT_KIND);
    // Inline descriptors in a flat manifest.
    let flat = with_manifest(|m| {
        m.replace(
            r#"<resource identifier="wl" type="imswl_xmlv1p3"><file href="wl/link.xml"/></resource>"#,
            r#"<resource identifier="wl" type="imswl_xmlv1p3"><webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3"><url href="https://x"/></webLink></resource>"#,
        )
    });
    let v = validate_package(&mut flat.clone(), &ReadOptions::default());
    assert!(
        v.report.has_code(codes::WEBLINK_TITLE_MISSING),
        "{:#?}",
        v.report
    );
    assert!(!v.report.has_code(codes::RESOURCE_DESCRIPTOR_FILE_COUNT));
    let m = flat.files.get("imsmanifest.xml").expect("m");
    let loose = validate_manifest_bytes(m, &ReadOptions::default());
    let p = loose
        .report
        .with_code(codes::WEBLINK_TITLE_MISSING)
        .next()
        .expect("inline problem");
    assert!(matches!(p.location, Location::Xml(_)), "{p:?}");
    assert_eq!(loose.cartridge.expect("c").descriptors.len(), 1);
}

#[test]
fn loose_manifests() {
    let v = validate_manifest_bytes(MANIFEST_XML.as_bytes(), &ReadOptions::default());
    assert!(v.report.is_empty(), "{:#?}", v.report);
    let v = validate_manifest_bytes(b"<nope/>", &ReadOptions::default());
    assert!(
        v.report
            .has_code(lti_core::content_packaging::codes::NOT_A_MANIFEST)
    );
    assert!(v.version.is_none());
    assert!(!v.is_valid(false));
    let e = CartridgeError::ManifestMissing;
    assert_eq!(e.code(), codes::PACKAGE_MANIFEST_MISSING);
}

/// The one-pass href scan agrees with the rules written out plainly, on every string of up to
/// six characters over an alphabet of the characters that matter.
#[test]
fn href_scan_matches_the_plain_rules() {
    fn plain_ok(href: &str) -> bool {
        let b = href.as_bytes();
        if b.is_empty() || b[0] == b'/' || b[0] == b'\\' || b.get(1) == Some(&b':') {
            return false;
        }
        let path = b
            .iter()
            .position(|c| *c == b'?' || *c == b'#')
            .map_or(b, |i| &b[..i]);
        if path.windows(3).any(|w| w == b"://") {
            return false;
        }
        let mut depth = 0i32;
        for seg in path.split(|c| *c == b'/') {
            match seg {
                b"" | b"." => {}
                b".." if depth == 0 => return false,
                b".." => depth -= 1,
                _ => depth += 1,
            }
        }
        true
    }
    fn plain_clean(p: &str) -> bool {
        let b = p.as_bytes();
        !b.is_empty()
            && !b.iter().any(|c| *c == b'?' || *c == b'#')
            && !b
                .split(|c| *c == b'/')
                .any(|s| s.is_empty() || s == b"." || s == b"..")
    }
    let alphabet = ['a', '/', '.', '?', ':', '\\', '#'];
    let mut frontier = vec![String::new()];
    for _ in 0..6 {
        let mut next = Vec::with_capacity(frontier.len() * alphabet.len());
        for s in &frontier {
            for c in alphabet {
                let t = format!("{s}{c}");
                assert_eq!(scan_href(&t), (plain_ok(&t), plain_clean(&t)), "{t:?}");
                next.push(t);
            }
        }
        frontier = next;
    }
    assert_eq!(scan_href(""), (false, false));
}

#[test]
fn helpers() {
    assert!(href_ok("a/b.html"));
    assert!(href_ok("a/../b.html?x=1"));
    assert!(
        ascii_ncname("R_1.a-b") && !ascii_ncname("1a") && !ascii_ncname("é") && !ascii_ncname("")
    );
    assert!(is_clean("a/b.html") && !is_clean("a//b") && !is_clean("./a"));
    for bad in ["", "/a", "http://x/y", "C:/x", "../x", "\\x", "a/../../b"] {
        assert!(!href_ok(bad), "{bad}");
    }
    assert_eq!(
        join_base(&[Some("base"), None, Some("sub/")], "a.html"),
        "base/sub/a.html"
    );
    assert!(allowed_dependency(
        ResourceKind::Other,
        ResourceKind::WebLink
    ));
    assert_eq!(dependency_rule(ResourceKind::Assignment), "S11 3.4.6");
}
