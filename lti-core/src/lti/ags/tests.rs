use super::*;
use serde_json::json;

#[test]
fn score_rules() {
    let ok = json!({"userId": "u", "timestamp": "2017-04-16T18:54:36.736+00:00", "activityProgress": "Completed", "gradingProgress": "FullyGraded", "scoreGiven": 83, "scoreMaximum": 100});
    assert!(check_score(&ok).is_empty());
    let s = parse_score(ok.to_string().as_bytes()).unwrap();
    assert_eq!(s.score_given, Some(83.0));
    let cases = [
        ("userId", json!(null), codes::SCORE_USER_ID_MISSING),
        ("timestamp", json!("yesterday"), codes::SCORE_TIMESTAMP),
        ("timestamp", json!(null), codes::SCORE_TIMESTAMP),
        (
            "activityProgress",
            json!("Done"),
            codes::SCORE_ACTIVITY_PROGRESS,
        ),
        (
            "gradingProgress",
            json!("Graded"),
            codes::SCORE_GRADING_PROGRESS,
        ),
        ("scoreMaximum", json!(0), codes::SCORE_MAXIMUM),
        ("scoreGiven", json!(-1), codes::SCORE_GIVEN_NEGATIVE),
        ("scoreGiven", json!("5"), codes::CLAIM_TYPE),
    ];
    for (k, v, code) in cases {
        let mut bad = ok.clone();
        if v.is_null() {
            bad.as_object_mut().unwrap().remove(k);
        } else {
            bad[k] = v;
        }
        let r = check_score(&bad);
        assert!(r.has_code(code), "{k}: {r:?}");
        assert!(parse_score(bad.to_string().as_bytes()).is_err());
    }
    let mut no_max = ok;
    no_max.as_object_mut().unwrap().remove("scoreMaximum");
    assert!(check_score(&no_max).has_code(codes::SCORE_MAXIMUM));
    assert!(check_score(&json!([])).has_code(codes::SERVICE_JSON));
    assert!(parse_score(b"{").is_err());
    let li = LineItem::new("", 10.0);
    assert!(li.check().has_code(codes::LINEITEM_INVALID));
    assert!(
        LineItem::new("Quiz", 0.0)
            .check()
            .has_code(codes::LINEITEM_INVALID)
    );
    assert!(LineItem::new("Quiz", 1.0).check().is_empty());
}

#[cfg(feature = "http")]
mod http_side {
    use super::*;
    use http::Response;

    #[test]
    fn line_item_requests() {
        let q = LineItemsQuery {
            resource_link_id: Some("rl 1".into()),
            resource_id: Some("r".into()),
            tag: Some("grade".into()),
            limit: Some(10),
        };
        let r = list_line_items("https://p/c/1/lineitems?x=y", &q, "tok").unwrap();
        assert_eq!(
            r.uri(),
            "https://p/c/1/lineitems?x=y&resource_link_id=rl+1&resource_id=r&tag=grade&limit=10"
        );
        assert_eq!(r.headers()["accept"], MEDIA_LINEITEM_CONTAINER);
        assert_eq!(r.method(), "GET");
        let li = LineItem::new("Quiz", 10.0);
        let r = create_line_item("https://p/c/1/lineitems", &li, "tok").unwrap();
        assert_eq!(
            (
                r.method().as_str(),
                r.headers()["content-type"].to_str().unwrap()
            ),
            ("POST", MEDIA_LINEITEM)
        );
        assert!(update_line_item(&li, "tok").is_err(), "no id to PUT to");
        let mut with_id = li;
        with_id.id = Some("https://p/c/1/lineitems/7".into());
        let r = update_line_item(&with_id, "tok").unwrap();
        assert_eq!(
            (r.method().as_str(), r.uri().to_string()),
            ("PUT", "https://p/c/1/lineitems/7".into())
        );
        assert_eq!(
            get_line_item("https://p/li/7", "t").unwrap().headers()["accept"],
            MEDIA_LINEITEM
        );
        assert_eq!(
            delete_line_item("https://p/li/7", "t").unwrap().method(),
            "DELETE"
        );
        let r = get_results("https://p/li/7?a=1", Some("u 1"), Some(5), "t").unwrap();
        assert_eq!(r.uri(), "https://p/li/7/results?a=1&user_id=u+1&limit=5");
        assert_eq!(r.headers()["accept"], MEDIA_RESULT_CONTAINER);
    }

    #[test]
    fn score_post_round_trip() {
        let s = Score::new(
            "u1",
            "2026-01-01T00:00:00.123Z",
            ActivityProgress::Completed,
            GradingProgress::FullyGraded,
        )
        .with_score(7.5, 10.0)
        .with_comment("good");
        let req = post_score("https://p/li/7?type=x", &s, "tok").unwrap();
        assert_eq!(req.uri(), "https://p/li/7/scores?type=x");
        assert_eq!(req.headers()["content-type"], MEDIA_SCORE);
        assert_eq!(parse_score_request(&req).unwrap(), s);
        let mut wrong_ct = req;
        wrong_ct
            .headers_mut()
            .insert("content-type", "application/json".parse().unwrap());
        *wrong_ct.body_mut() = b"{}".to_vec();
        let r = parse_score_request(&wrong_ct).unwrap_err();
        assert!(r.has_code(codes::SERVICE_MEDIA_TYPE) && r.has_code(codes::SCORE_USER_ID_MISSING));
        assert!(
            check_score_response(&Response::builder().status(204).body(vec![]).unwrap()).is_ok()
        );
        assert!(
            check_score_response(&Response::builder().status(409).body(vec![]).unwrap()).is_err()
        );
    }

    #[test]
    fn container_paging() {
        let items = vec![LineItem::new("A", 1.0), LineItem::new("B", 2.0)];
        let resp = line_items_response(&items, Some("https://p/li?page=2")).unwrap();
        let page = parse_line_items(&resp).unwrap();
        assert_eq!(page.items, items);
        assert_eq!(page.next.as_deref(), Some("https://p/li?page=2"));
        let one = Response::builder()
            .body(br#"{"id":"https://p/li/1","label":"A","scoreMaximum":5,"x":1}"#.to_vec())
            .unwrap();
        assert_eq!(parse_line_item(&one).unwrap().extensions["x"], 1);
        let res = Response::builder()
            .body(br#"[{"id":"r","userId":"u","resultScore":0.5}]"#.to_vec())
            .unwrap();
        assert_eq!(
            parse_results(&res).unwrap().items[0].result_score,
            Some(0.5)
        );
    }
}
