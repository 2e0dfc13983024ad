use super::*;
use serde_json::json;

fn read(v: Value, version: Version) -> (Option<Payload>, Report) {
    let bytes = serde_json::to_vec(&v).unwrap();
    read_payload(&bytes, version, &Limits::default())
}

fn user_1_2() -> Value {
    json!({"user": {
        "sourcedId": "u1", "status": "active", "dateLastModified": "2024-01-02T03:04:05Z",
        "metadata": {"ext.house": "red"},
        "username": "ann", "enabledUser": "true", "givenName": "Ann", "familyName": "Lee",
        "preferredFirstName": "Annie",
        "userIds": [{"type": "LDAP", "identifier": "12"}],
        "roles": [{"roleType": "primary", "role": "student",
                   "org": {"href": "https://h/orgs/s1", "sourcedId": "s1", "type": "org"}}],
        "agents": [{"href": "https://h/users/p1", "sourcedId": "p1", "type": "user"}],
        "grades": ["09"],
        "x-vendor": 7
    }})
}

#[test]
fn reads_a_single_user() {
    let (p, r) = read(user_1_2(), Version::V1_2);
    let Some(Payload::Single {
        key,
        record: Record::User(u),
    }) = p
    else {
        panic!("{p:?}")
    };
    assert_eq!(key, "user");
    assert!(u.enabled_user);
    assert_eq!(u.preferred_first_name.as_deref(), Some("Annie"));
    assert_eq!(u.roles[0].org.id(), "s1");
    assert_eq!(u.base.metadata.get("ext.house"), Some(&json!("red")));
    assert_eq!(u.base.extra.get("x-vendor"), Some(&json!(7)));
    assert!(r.has_code(codes::JSON_UNKNOWN_PROPERTY));
    assert_eq!(r.errors(), 0, "{r:?}");
}

#[test]
fn lenient_booleans_and_round_trip_per_version() {
    let mut v = user_1_2();
    v["user"]["enabledUser"] = json!(false);
    let (p, r) = read(v, Version::V1_2);
    assert!(r.has_code(codes::JSON_BOOLEAN_FORM));
    let Some(Payload::Single { record, .. }) = p else {
        panic!()
    };
    let out = write_record(&record, &JsonWriteOptions::new(Version::V1_2));
    assert_eq!(out["enabledUser"], json!("false"));
    assert_eq!(out["x-vendor"], json!(7));
    let out11 = write_record(&record, &JsonWriteOptions::new(Version::V1_1));
    assert_eq!(out11["enabledUser"], json!(false));
    assert_eq!(out11["role"], json!("student"));
    assert_eq!(out11["orgs"][0]["sourcedId"], json!("s1"));
    assert!(out11.get("roles").is_none());
    // Reading what we wrote gives the same record back.
    let (p2, r2) = read(json!({"user": out}), Version::V1_2);
    let Some(Payload::Single { record: back, .. }) = p2 else {
        panic!()
    };
    assert_eq!(back, record);
    assert!(!r2.has_code(codes::JSON_BOOLEAN_FORM));
    let mut v = user_1_2();
    v["user"]["enabledUser"] = json!("TRUE");
    let (_, r) = read(v, Version::V1_2);
    assert!(r.has_code(codes::VALUE_CASE));
}

#[test]
fn reports_problems_with_pointers() {
    let v = json!({"users": [
        {"sourcedId": "u1", "status": "gone", "dateLastModified": "yesterday",
         "enabledUser": "maybe", "givenName": "A", "familyName": "B", "roles": [
            {"roleType": "primary", "role": "wizard", "org": {"sourcedId": "s1", "type": "class"}}
         ]},
        {"sourcedId": "u2"},
        7
    ]});
    let (p, r) = read(v, Version::V1_2);
    assert!(matches!(p, Some(Payload::Collection { .. })));
    let at = |code: &str| {
        r.with_code(code)
            .map(|p| p.location.as_json_pointer().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    assert!(at(codes::VALUE_ENUM).contains(&"/users/0/status".to_owned()));
    assert!(at(codes::VALUE_ENUM).contains(&"/users/0/roles/0/role".to_owned()));
    assert_eq!(at(codes::VALUE_DATETIME), ["/users/0/dateLastModified"]);
    let (_, r2) = read(
        json!({"user": {"sourcedId": "u", "dateLastModified": "1/05/2023"}}),
        Version::V1_2,
    );
    assert!(r2.has_code(codes::VALUE_DATE_AMBIGUOUS));
    assert_eq!(at(codes::VALUE_BOOLEAN), ["/users/0/enabledUser"]);
    assert_eq!(at(codes::JSON_REF_TYPE), ["/users/0/roles/0/org/type"]);
    assert!(at(codes::JSON_REQUIRED).contains(&"/users/1".to_owned()));
    assert_eq!(at(codes::JSON_TYPE), ["/users/2"]);
}

#[test]
fn envelopes() {
    let (p, r) = read(json!([1]), Version::V1_2);
    assert!(p.is_none() && r.has_code(codes::JSON_ENVELOPE));
    let (p, r) = read(json!({"nothing": 1}), Version::V1_2);
    assert!(p.is_none() && r.has_code(codes::JSON_ENVELOPE));
    let (p, _) = read(
        json!({"imsx_codeMajor": "failure", "imsx_severity": "error", "imsx_description": "x"}),
        Version::V1_2,
    );
    assert!(matches!(p, Some(Payload::StatusInfo(_))));
    let (p, r) = read(json!({"imsx_codeMajor": 3}), Version::V1_2);
    assert!(p.is_none() && r.has_code(codes::STATUS_INFO));
    let (p, _) = read(
        json!({"sourcedIdPairs": [{"suppliedSourcedId": "a", "allocatedSourcedId": "b"}]}),
        Version::V1_2,
    );
    assert!(matches!(p, Some(Payload::GuidPairs(v)) if v.len() == 1));
    let (p, r) = read_payload(b"{not json", Version::V1_2, &Limits::default());
    assert!(p.is_none() && r.has_code(codes::JSON_SYNTAX));
    let limits = Limits {
        max_json_bytes: 4,
        ..Limits::default()
    };
    let (_, r) = read_payload(b"{\"orgs\":[]}", Version::V1_2, &limits);
    assert!(r.has_code(codes::JSON_TOO_LARGE));
    let deep = "[".repeat(100) + &"]".repeat(100);
    let (_, r) = read_payload(deep.as_bytes(), Version::V1_2, &Limits::default());
    assert!(r.has_code(codes::JSON_TOO_LARGE));
    let (p, r) = read(json!({"orgs": [], "bogus": [], "users": 3}), Version::V1_2);
    assert!(matches!(p, Some(Payload::Dataset(_))));
    assert!(r.has_code(codes::JSON_UNKNOWN_PROPERTY) && r.has_code(codes::JSON_TYPE));
}

#[test]
fn every_kind_round_trips() {
    let r = |t: &str, id: &str| json!({"href": format!("https://h/{t}/{id}"), "sourcedId": id, "type": t});
    let base = |id: &str| json!({"sourcedId": id, "status": "active", "dateLastModified": "2024-01-01T00:00:00Z"});
    let merge = |mut a: Value, b: Value| {
        for (k, v) in b.as_object().unwrap() {
            a[k] = v.clone();
        }
        a
    };
    let docs = vec![
        (
            "orgs",
            merge(
                base("o1"),
                json!({"name": "D", "type": "district", "identifier": "x", "children": [r("org", "o2")]}),
            ),
        ),
        (
            "academicSessions",
            merge(
                base("a1"),
                json!({"title": "T", "startDate": "2024-01-01", "endDate": "2024-06-01", "type": "term", "schoolYear": "2024", "parent": r("academicSession", "y")}),
            ),
        ),
        (
            "courses",
            merge(
                base("c1"),
                json!({"title": "C", "courseCode": "C1", "org": r("org", "o1"), "grades": ["09"]}),
            ),
        ),
        (
            "classes",
            merge(
                base("k1"),
                json!({"title": "K", "classType": "scheduled", "course": r("course", "c1"), "school": r("org", "o1"), "terms": [r("academicSession", "a1")], "periods": ["1"]}),
            ),
        ),
        (
            "enrollments",
            merge(
                base("e1"),
                json!({"user": r("user", "u1"), "class": r("class", "k1"), "school": r("org", "o1"), "role": "student", "primary": "false", "beginDate": "2024-01-01"}),
            ),
        ),
        (
            "demographics",
            merge(
                base("u1"),
                json!({"birthDate": "2010-01-01", "sex": "other", "asian": "true"}),
            ),
        ),
        (
            "categories",
            merge(base("cat"), json!({"title": "HW", "weight": 0.5})),
        ),
        (
            "lineItems",
            merge(
                base("li"),
                json!({"title": "L", "assignDate": "2024-01-01T00:00:00Z", "dueDate": "2024-01-08T00:00:00Z", "class": r("class", "k1"), "school": r("org", "o1"), "category": r("category", "cat"), "resultValueMin": 0.0, "resultValueMax": 10.0, "learningObjectiveSet": [{"source": "case", "learningObjectiveIds": ["x"]}]}),
            ),
        ),
        (
            "results",
            merge(
                base("r1"),
                json!({"lineItem": r("lineItem", "li"), "student": r("user", "u1"), "scoreStatus": "fully graded", "score": 9.0, "scoreDate": "2024-01-09", "late": "true"}),
            ),
        ),
        (
            "scoreScales",
            merge(
                base("ss"),
                json!({"title": "S", "type": "letter", "class": r("class", "k1"), "scoreScaleValue": [{"itemValueLHS": "A", "itemValueRHS": "90"}]}),
            ),
        ),
        (
            "resources",
            merge(
                base("res"),
                json!({"vendorResourceId": "v1", "roles": ["student"], "importance": "primary"}),
            ),
        ),
        (
            "assessmentLineItems",
            merge(base("ali"), json!({"title": "A"})),
        ),
        (
            "assessmentResults",
            merge(
                base("ar"),
                json!({"assessmentLineItem": r("assessmentLineItem", "ali"), "student": r("user", "u1"), "scoreDate": "2024-01-01", "scoreStatus": "submitted", "scorePercentile": 50.0}),
            ),
        ),
    ];
    for (key, doc) in docs {
        let (p, rep) = read(json!({ key: [doc.clone()] }), Version::V1_2);
        assert_eq!(rep.errors(), 0, "{key}: {rep:?}");
        let Some(Payload::Collection { records, .. }) = p else {
            panic!("{key}")
        };
        let out = write_collection(key, &records, &JsonWriteOptions::new(Version::V1_2));
        assert_eq!(out[key][0], doc, "{key}");
    }
}

#[test]
fn writes_datasets() {
    let mut d = Dataset::new();
    d.orgs.push(Org {
        base: Base::new("o1"),
        name: "S".into(),
        org_type: OrgType::School,
        identifier: None,
        parent: None,
        children: vec![],
    });
    let v = write_dataset(
        &d,
        &JsonWriteOptions::new(Version::V1_2).with_href_root("https://x/"),
    );
    assert_eq!(v["orgs"][0]["status"], "active");
    let o = Record::Org(d.orgs[0].clone());
    assert_eq!(
        write_single(&o, &JsonWriteOptions::new(Version::V1_2))["org"]["name"],
        "S"
    );
    assert_eq!(o.kind().collection(), "orgs");
    assert_eq!(
        RecordKind::from_collection("students"),
        Some(RecordKind::User)
    );
    assert_eq!(
        RecordKind::from_single("term"),
        Some(RecordKind::AcademicSession)
    );
    let g = guid_ref_json(
        &GuidRef::new(RefType::LineItem, "a b"),
        &JsonWriteOptions::new(Version::V1_2).with_href_root("https://x/"),
    );
    assert_eq!(
        g["href"],
        "https://x/ims/oneroster/gradebook/v1p2/lineItems/a%20b"
    );
}
