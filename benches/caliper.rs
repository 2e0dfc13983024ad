//! Benchmarks of the caliper crate: reading + validating a Caliper 1.2 envelope of 100 mixed
//! events against the floor of parsing the same bytes into a `serde_json::Value`, and writing
//! (lossless and thin) against writing that `Value`.
//!
//! Run with `cargo bench --bench caliper`.
//!
//! Every benchmark runs twice: measured in wall-clock time (criterion's default) and in CPU
//! time of the benchmarking thread (Linux `/proc/thread-self/schedstat`), which stays
//! comparable on a loaded machine where wall-clock ratios between benchmarks run seconds apart
//! are not.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::measurement::Measurement;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

#[path = "support/cpu_time.rs"]
mod cpu_time;
use cpu_time::CpuTime;

/// The shared context properties of the events (group, membership, session).
fn context(i: usize) -> String {
    format!(
        r#""edApp": {{"id": "https://example.edu", "type": "SoftwareApplication", "version": "v2"}},
  "group": {{"id": "https://example.edu/terms/201801/courses/7/sections/{s}", "type": "CourseSection", "courseNumber": "CPS 435-0{s}", "academicSession": "Fall 2018", "subOrganizationOf": {{"id": "https://example.edu/terms/201801/courses/7", "type": "CourseOffering", "courseNumber": "CPS 435"}}}},
  "membership": {{"id": "https://example.edu/terms/201801/courses/7/sections/{s}/rosters/1", "type": "Membership", "member": "https://example.edu/users/{u}", "organization": "https://example.edu/terms/201801/courses/7/sections/{s}", "roles": ["Learner"], "status": "Active", "dateCreated": "2018-08-01T06:00:00.000Z"}},
  "session": {{"id": "https://example.edu/sessions/{i:040x}", "type": "Session", "startedAtTime": "2018-11-15T10:00:00.000Z"}}"#,
        s = i % 3 + 1,
        u = 554_400 + i % 17,
    )
}

/// One event of a type chosen by `i`.
fn event(i: usize) -> String {
    let actor = format!(
        r#"{{"id": "https://example.edu/users/{}", "type": "Person", "name": "User {i}"}}"#,
        554_400 + i % 17
    );
    let head = |ty: &str, profile: &str, action: &str| {
        format!(
            r#"{{"@context": "http://purl.imsglobal.org/ctx/caliper/v1p2", "id": "urn:uuid:{i:08x}-4d4a-4456-bb4c-099945749117", "type": "{ty}", "profile": "{profile}", "actor": {actor}, "action": "{action}", "eventTime": "2018-11-15T10:{:02}:{:02}.{:03}Z","#,
            i % 60,
            (i * 7) % 60,
            i % 1000
        )
    };
    let body = match i % 8 {
        0 => format!(
            r#"{} "object": {{"id": "https://example.edu/etexts/{i}.epub", "type": "Document", "name": "Caliper Implementation Guide", "mediaType": "application/epub+zip", "dateCreated": "2018-08-01T06:00:00.000Z", "datePublished": "2018-10-01T06:00:00.000Z", "version": "1.2", "keywords": ["analytics", "caliper"]}},"#,
            head("ViewEvent", "ReadingProfile", "Viewed")
        ),
        1 => format!(
            r#"{} "object": {{"id": "https://example.edu/terms/201801/courses/7/sections/1/pages/{i}", "type": "WebPage", "name": "Learning Analytics Specifications", "isPartOf": {{"id": "https://example.edu/terms/201801/courses/7/sections/1", "type": "CourseSection"}}}}, "referrer": "https://example.edu/terms/201801/courses/7/sections/1/pages/1","#,
            head("NavigationEvent", "ReadingProfile", "NavigatedTo")
        ),
        2 => format!(
            r#"{} "object": {{"id": "https://example.edu/assess/{i}", "type": "Assessment", "name": "Quiz One", "dateToStartOn": "2018-11-14T05:00:00.000Z", "dateToSubmit": "2018-11-18T11:59:59.000Z", "maxAttempts": 2, "maxSubmits": 2, "maxScore": 15.0, "items": [{{"id": "https://example.edu/assess/{i}/items/1", "type": "AssessmentItem"}}, {{"id": "https://example.edu/assess/{i}/items/2", "type": "AssessmentItem"}}]}}, "generated": {{"id": "https://example.edu/assess/{i}/attempts/1", "type": "Attempt", "assignee": "https://example.edu/users/554433", "assignable": "https://example.edu/assess/{i}", "count": 1, "startedAtTime": "2018-11-15T10:15:00.000Z"}},"#,
            head("AssessmentEvent", "AssessmentProfile", "Started")
        ),
        3 => format!(
            r#"{} "object": {{"id": "https://example.edu/videos/{i}", "type": "VideoObject", "name": "Introduction", "mediaType": "video/ogg", "duration": "PT1H12M27S"}}, "target": {{"id": "https://example.edu/videos/{i}?t=550", "type": "MediaLocation", "currentTime": "PT9M10S"}},"#,
            head("MediaEvent", "MediaProfile", "Paused")
        ),
        4 => format!(
            r#"{} "object": {{"id": "https://example.edu/attempts/{i}", "type": "Attempt", "assignee": "https://example.edu/users/554433", "assignable": {{"id": "https://example.edu/assess/1", "type": "Assessment"}}, "count": 1, "startedAtTime": "2018-11-15T10:05:00.000Z", "endedAtTime": "2018-11-15T10:55:12.000Z", "duration": "PT50M12S"}}, "generated": {{"id": "https://example.edu/attempts/{i}/score/1", "type": "Score", "attempt": "https://example.edu/attempts/{i}", "maxScore": 15.0, "scoreGiven": 10.0, "scoredBy": "https://example.edu/autograder", "comment": "auto-graded exam", "dateCreated": "2018-11-15T10:56:00.000Z"}},"#,
            head("GradeEvent", "GradingProfile", "Graded").replace(
                &actor,
                r#"{"id": "https://example.edu/autograder", "type": "SoftwareApplication", "version": "v2"}"#
            )
        ),
        5 => format!(
            r#"{} "object": {{"id": "https://example.edu/forums/1/topics/1/messages/{i}", "type": "Message", "body": "A message body with some text in it about learning analytics.", "isPartOf": {{"id": "https://example.edu/forums/1/topics/1", "type": "Thread", "isPartOf": {{"id": "https://example.edu/forums/1", "type": "Forum"}}}}, "dateCreated": "2018-11-15T10:15:30.000Z"}},"#,
            head("MessageEvent", "ForumProfile", "Posted")
        ),
        6 => format!(
            r#"{} "object": {{"id": "https://example.com/lti/tool", "type": "SoftwareApplication"}}, "target": {{"id": "https://example.com/lti/tool/links/{i}", "type": "LtiLink", "messageType": "LtiResourceLinkRequest"}}, "federatedSession": {{"id": "https://example.edu/lti/sessions/{i}", "type": "LtiSession", "user": "https://example.edu/users/554433", "startedAtTime": "2018-11-15T10:15:00.000Z", "messageParameters": {{"iss": "https://example.edu", "sub": "https://example.edu/users/554433", "aud": ["https://example.com/lti/tool"], "exp": 1510185728, "iat": 1510185228, "nonce": "fc5fdc6d-5dd6-47f4-b2c9-5d1216e9b771", "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiResourceLinkRequest", "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0"}}}},"#,
            head("ToolLaunchEvent", "ToolLaunchProfile", "Launched")
        ),
        _ => format!(
            r#"{} "object": {{"id": "https://example.edu", "type": "SoftwareApplication", "version": "v2"}}, "extensions": {{"com.example.tracking": {{"page": {i}, "flags": [true, false]}}}},"#,
            head("SessionEvent", "SessionProfile", "LoggedIn")
        ),
    };
    let mut e = body;
    let _ = write!(e, "\n  {}}}", context(i));
    e
}

/// A Caliper 1.2 envelope with `n` mixed events.
fn envelope(n: usize) -> String {
    let mut s = String::from(
        r#"{"sensor": "https://example.edu/sensors/1", "sendTime": "2018-11-15T11:05:01.000Z", "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2", "data": ["#,
    );
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&event(i));
    }
    s.push_str("]}");
    s
}

fn bench<M: Measurement>(c: &mut Criterion<M>, suffix: &str) {
    let json = envelope(100);
    let bytes = json.as_bytes();
    // The sample must be valid, so that the bench measures the full validation path.
    let doc = caliper::read(bytes).expect("sample reads");
    let report = caliper::validate(&doc);
    assert!(report.is_valid(true), "sample is invalid: {report:?}");

    // CPU time is counted in scheduler ticks: flat sampling gives every sample the same, large
    // number of iterations.
    let mode = if suffix.is_empty() {
        SamplingMode::Auto
    } else {
        SamplingMode::Flat
    };
    let mut g = c.benchmark_group(format!("caliper_read{suffix}"));
    g.sampling_mode(mode);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("floor_serde_json_value", |b| {
        b.iter(|| {
            serde_json::from_slice::<serde_json::Value>(black_box(bytes)).map(|v| v.is_object())
        })
    });
    g.bench_function("read", |b| {
        b.iter(|| caliper::read(black_box(bytes)).is_ok())
    });
    g.bench_function("read_validate", |b| {
        b.iter(|| {
            let doc = caliper::read(black_box(bytes)).expect("reads");
            caliper::validate(&doc).len()
        })
    });
    g.finish();

    let value: serde_json::Value = serde_json::from_slice(bytes).expect("json");
    let out_len = caliper::to_string(&doc).len();
    let mut g = c.benchmark_group(format!("caliper_write{suffix}"));
    g.sampling_mode(mode);
    g.throughput(Throughput::Bytes(out_len as u64));
    g.bench_function("floor_serde_json_value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&value)).map(|v| v.len()))
    });
    g.bench_function("write", |b| {
        let mut buf = Vec::with_capacity(out_len);
        b.iter(|| {
            buf.clear();
            caliper::write::write_to(&mut buf, black_box(&doc), caliper::WriteOptions::compact());
            buf.len()
        })
    });
    g.bench_function("write_thin", |b| {
        let mut buf = Vec::with_capacity(out_len);
        b.iter(|| {
            buf.clear();
            caliper::write::write_to(
                &mut buf,
                black_box(&doc),
                caliper::WriteOptions::compact().thin(true),
            );
            buf.len()
        })
    });
    g.finish();
}

fn wall(c: &mut Criterion) {
    bench(c, "");
}

fn cpu(c: &mut Criterion<CpuTime>) {
    bench(c, "_cpu");
}

criterion_group!(wall_clock, wall);
criterion_group! {
    name = cpu_time;
    config = Criterion::default().with_measurement(CpuTime);
    targets = cpu
}
criterion_main!(wall_clock, cpu_time);
