//! Table-driven tests of every event-type rule and every row of the 1.2 profile tables: a
//! conforming event validates clean, and each column (action, actor, object, generated,
//! target) rejects a value outside the row.

use caliper::codes;
use caliper::rules::{EVENT_RULES, EventRule, PROFILE_RULES, ProfileRule, profile_rules};
use caliper::{Action, Context, Entity, EntityRef, EntityType, Event, EventType, Profile, Version};
use lti_core::Report;

const ID: &str = "urn:uuid:fcd495d0-3740-4298-9bec-1154571dc211";

fn entity(ty: &EntityType, n: &str) -> EntityRef {
    EntityRef::Entity(Entity::new(ty, format!("https://example.edu/{n}")))
}

/// An event that satisfies the event-type rule (and, with `profile`, the profile row).
fn event(
    et: &EventType,
    action: &Action,
    actor: &EntityType,
    object: &EntityType,
    generated: Option<&EntityType>,
    target: Option<&EntityType>,
    profile: Option<&Profile>,
) -> Event {
    let mut e = Event::new(et.clone(), action.clone());
    e.context = Some(Context::caliper(Version::V1p2));
    e.id = Some(ID.to_owned());
    e.profile = profile.cloned();
    e.actor = Some(entity(actor, "actor"));
    e.object = Some(entity(object, "object"));
    e.event_time = Some("2024-05-01T10:00:00.000Z".parse().expect("date-time"));
    e.generated = generated.map(|g| entity(g, "generated"));
    e.target = target.map(|t| entity(t, "target"));
    if *et == EventType::ToolLaunchEvent && *action == Action::Launched {
        e.federated_session = Some(entity(&EntityType::LtiSession, "lti-session"));
    }
    e
}

fn check(e: &Event) -> Report {
    caliper::validate::validate_event(e)
}

fn assert_clean(e: &Event, what: &str) {
    let r = check(e);
    assert!(!r.has_errors(), "{what}: {r:#?}");
    for p in r.iter() {
        assert!(
            p.code == codes::EVENT_PROFILE_MISSING || p.code == codes::SPEC_SURVEY_PROFILE,
            "{what}: unexpected {p}"
        );
    }
}

fn assert_one_of(e: &Event, expected: &[&str], what: &str) {
    let r = check(e);
    assert!(
        r.iter()
            .any(|p| p.is_error() && expected.contains(&p.code.as_str())),
        "{what}: expected one of {expected:?}, got {r:#?}"
    );
}

/// A type that does not satisfy any of `allowed` (Person, else Document).
fn outsider(allowed: &[EntityType]) -> EntityType {
    for t in [
        EntityType::Person,
        EntityType::Document,
        EntityType::Membership,
    ] {
        if !allowed.iter().any(|a| t.is_a(a)) {
            return t;
        }
    }
    EntityType::Membership
}

/// Checks every row of one profile.
fn check_profile(profile: Profile) {
    let rows: Vec<&ProfileRule> = PROFILE_RULES
        .iter()
        .filter(|r| r.profile == profile)
        .collect();
    assert!(!rows.is_empty(), "{profile} has rows");
    for row in rows {
        for action in row.actions {
            let what = format!("{profile} {} {action}", row.event);
            let good = || {
                event(
                    &row.event,
                    action,
                    &row.actor[0],
                    &row.object[0],
                    row.generated.map(|g| &g[0]),
                    row.target.map(|t| &t[0]),
                    Some(&profile),
                )
            };
            assert_clean(&good(), &what);
            // Every allowed object type passes too.
            for o in row.object {
                let mut e = good();
                e.object = Some(entity(o, "object"));
                assert_clean(&e, &format!("{what} object {o}"));
            }
            // Wrong object (unless any entity is allowed).
            if !row.object.contains(&EntityType::Entity) {
                let mut e = good();
                e.object = Some(entity(&outsider(row.object), "object"));
                assert_one_of(
                    &e,
                    &[
                        codes::PROFILE_WRONG_OBJECT_TYPE,
                        codes::EVENT_WRONG_OBJECT_TYPE,
                    ],
                    &format!("{what}: wrong object"),
                );
            }
            // Wrong actor.
            let mut e = good();
            e.actor = Some(entity(&outsider(row.actor), "actor"));
            assert_one_of(
                &e,
                &[
                    codes::PROFILE_WRONG_ACTOR_TYPE,
                    codes::EVENT_WRONG_ACTOR_TYPE,
                ],
                &format!("{what}: wrong actor"),
            );
            // Wrong generated / target.
            if let Some(g) = row.generated {
                let mut e = good();
                e.generated = Some(entity(&outsider(g), "generated"));
                assert_one_of(
                    &e,
                    &[
                        codes::PROFILE_WRONG_GENERATED_TYPE,
                        codes::EVENT_WRONG_GENERATED_TYPE,
                    ],
                    &format!("{what}: wrong generated"),
                );
            }
            if let Some(t) = row.target {
                let mut e = good();
                e.target = Some(entity(&outsider(t), "target"));
                assert_one_of(
                    &e,
                    &[
                        codes::PROFILE_WRONG_TARGET_TYPE,
                        codes::EVENT_WRONG_TARGET_TYPE,
                    ],
                    &format!("{what}: wrong target"),
                );
            }
            // An IRI is always accepted where an entity is.
            let mut e = good();
            e.object = Some(EntityRef::iri("https://example.edu/some-object"));
            e.actor = Some(EntityRef::iri("https://example.edu/some-actor"));
            assert_clean(&e, &format!("{what}: IRIs"));
        }
        // An action outside every row of this profile and event type.
        let used: Vec<&Action> = profile_rules(&profile, &row.event)
            .flat_map(|r| r.actions.iter())
            .collect();
        let foreign = [Action::Abandoned, Action::Liked, Action::Questioned]
            .into_iter()
            .find(|a| !used.contains(&a))
            .expect("an unused action");
        let e = event(
            &row.event,
            &foreign,
            &row.actor[0],
            &row.object[0],
            None,
            None,
            Some(&profile),
        );
        assert_one_of(
            &e,
            &[
                codes::PROFILE_ACTION_NOT_ALLOWED,
                codes::EVENT_ACTION_NOT_ALLOWED,
            ],
            &format!("{profile} {}: action {foreign}", row.event),
        );
    }
    // An event type the profile does not include.
    let events = caliper::rules::profile_events(&profile);
    let other = [EventType::GradeEvent, EventType::SearchEvent]
        .into_iter()
        .find(|t| !events.contains(t))
        .expect("an event type outside the profile");
    let rule = caliper::rules::event_rule(&other).expect("rule");
    let e = event(
        &other,
        &rule.actions[0],
        &rule.actor[0],
        &rule.object[0],
        None,
        None,
        Some(&profile),
    );
    assert_one_of(
        &e,
        &[codes::PROFILE_EVENT_NOT_ALLOWED],
        &format!("{profile}: event {other}"),
    );
}

macro_rules! profile_tests {
    ($($name:ident => $profile:ident,)*) => {
        $(
            #[test]
            fn $name() {
                check_profile(Profile::$profile);
            }
        )*
    };
}

profile_tests! {
    annotation_profile => AnnotationProfile,
    assessment_profile => AssessmentProfile,
    assignable_profile => AssignableProfile,
    feedback_profile => FeedbackProfile,
    forum_profile => ForumProfile,
    grading_profile => GradingProfile,
    media_profile => MediaProfile,
    reading_profile => ReadingProfile,
    resource_management_profile => ResourceManagementProfile,
    search_profile => SearchProfile,
    session_profile => SessionProfile,
    survey_profile => SurveyProfile,
    tool_launch_profile => ToolLaunchProfile,
    tool_use_profile => ToolUseProfile,
}

#[test]
fn general_profile_allows_any_event_type_within_its_own_rules() {
    for rule in EVENT_RULES {
        let action = rule.actions.first().cloned().unwrap_or(Action::Created);
        let e = event(
            &rule.event,
            &action,
            &rule.actor[0],
            &rule.object[0],
            None,
            None,
            Some(&Profile::GeneralProfile),
        );
        assert_clean(&e, &format!("GeneralProfile {}", rule.event));
    }
}

/// Checks one event-type rule without a profile.
fn check_event_rule(rule: &EventRule) {
    let what = rule.event.to_string();
    let action = rule.actions.first().cloned().unwrap_or(Action::Created);
    let good = || {
        event(
            &rule.event,
            &action,
            &rule.actor[0],
            &rule.object[0],
            rule.generated.map(|g| &g[0]),
            rule.target.map(|t| &t[0]),
            None,
        )
    };
    assert_clean(&good(), &what);
    for a in rule.actions {
        let mut e = good();
        e.action = Some(a.clone());
        if rule.event == EventType::ToolLaunchEvent {
            e.federated_session = Some(entity(&EntityType::LtiSession, "s"));
        }
        assert_clean(&e, &format!("{what} {a}"));
    }
    if !rule.actions.is_empty() {
        let mut e = good();
        e.action = Some(
            [Action::Abandoned, Action::Liked]
                .into_iter()
                .find(|a| !rule.actions.contains(a))
                .expect("unused action"),
        );
        assert_one_of(
            &e,
            &[codes::EVENT_ACTION_NOT_ALLOWED],
            &format!("{what}: action"),
        );
    }
    let mut e = good();
    e.object = Some(entity(&outsider(rule.object), "object"));
    if !rule.object.contains(&EntityType::Entity) {
        assert_one_of(
            &e,
            &[codes::EVENT_WRONG_OBJECT_TYPE],
            &format!("{what}: object"),
        );
    }
    let mut e = good();
    e.actor = Some(entity(&EntityType::Document, "actor"));
    assert_one_of(
        &e,
        &[codes::EVENT_WRONG_ACTOR_TYPE],
        &format!("{what}: actor"),
    );
    for (key, allowed, code) in [
        (
            "generated",
            rule.generated,
            codes::EVENT_WRONG_GENERATED_TYPE,
        ),
        ("target", rule.target, codes::EVENT_WRONG_TARGET_TYPE),
        ("referrer", rule.referrer, codes::EVENT_WRONG_REFERRER_TYPE),
    ] {
        let Some(allowed) = allowed else { continue };
        let mut e = good();
        let bad = Some(entity(&outsider(allowed), key));
        match key {
            "generated" => e.generated = bad,
            "target" => e.target = bad,
            _ => e.referrer = bad,
        }
        assert_one_of(&e, &[code], &format!("{what}: {key}"));
    }
}

#[test]
fn every_event_type_rule() {
    assert_eq!(EVENT_RULES.len(), 22);
    for rule in EVENT_RULES {
        check_event_rule(rule);
    }
}

#[test]
fn base_event_properties_have_their_types() {
    let rule = caliper::rules::event_rule(&EventType::Event).expect("rule");
    let good = || {
        event(
            &rule.event,
            &Action::Created,
            &EntityType::Person,
            &EntityType::Document,
            None,
            None,
            Some(&Profile::GeneralProfile),
        )
    };
    for key in [
        "edApp",
        "group",
        "membership",
        "session",
        "federatedSession",
    ] {
        let mut e = good();
        let bad = Some(entity(&EntityType::Document, key));
        match key {
            "edApp" => e.ed_app = bad,
            "group" => e.group = bad,
            "membership" => e.membership = bad,
            "session" => e.session = bad,
            _ => e.federated_session = bad,
        }
        assert_one_of(&e, &[codes::PROPERTY_WRONG_ENTITY_TYPE], key);
    }
    let mut e = good();
    e.ed_app = Some(entity(&EntityType::SoftwareApplication, "app"));
    e.group = Some(entity(&EntityType::CourseSection, "group"));
    e.membership = Some(entity(&EntityType::Membership, "m"));
    e.session = Some(entity(&EntityType::Session, "s"));
    e.federated_session = Some(entity(&EntityType::LtiSession, "l"));
    assert_clean(&e, "all context properties");
}

#[test]
fn profile_specific_rules() {
    // Tool Launch: Launched needs the federated session.
    let mut e = event(
        &EventType::ToolLaunchEvent,
        &Action::Launched,
        &EntityType::Person,
        &EntityType::SoftwareApplication,
        None,
        None,
        Some(&Profile::ToolLaunchProfile),
    );
    e.federated_session = None;
    assert_one_of(
        &e,
        &[codes::EVENT_FEDERATED_SESSION_REQUIRED],
        "federatedSession",
    );
    e.action = Some(Action::Returned);
    assert_clean(&e, "Returned needs no federated session");

    // Resource Management: Copied needs generated.
    let e = event(
        &EventType::ResourceManagementEvent,
        &Action::Copied,
        &EntityType::Person,
        &EntityType::DigitalResource,
        None,
        None,
        Some(&Profile::ResourceManagementProfile),
    );
    assert_one_of(&e, &[codes::PROFILE_GENERATED_REQUIRED], "Copied");

    // Session: TimedOut is done by a SoftwareApplication to a Session.
    let e = event(
        &EventType::SessionEvent,
        &Action::TimedOut,
        &EntityType::SoftwareApplication,
        &EntityType::Session,
        None,
        None,
        Some(&Profile::SessionProfile),
    );
    assert_clean(&e, "TimedOut");
    let mut bad = e;
    bad.actor = Some(entity(&EntityType::Person, "p"));
    assert_one_of(
        &bad,
        &[codes::PROFILE_WRONG_ACTOR_TYPE],
        "TimedOut by a person",
    );

    // Assessment: the attempt count starts at 1.
    let mut attempt = caliper::entity::Attempt::new("https://example.edu/attempts/1");
    attempt.count = Some(0);
    let mut e = event(
        &EventType::AssessmentEvent,
        &Action::Started,
        &EntityType::Person,
        &EntityType::Assessment,
        None,
        None,
        Some(&Profile::AssessmentProfile),
    );
    e.generated = Some(attempt.into());
    assert_one_of(&e, &[codes::PROFILE_ATTEMPT_COUNT], "count 0");

    // Assessment: Reset is allowed by the event but missing from the profile table.
    let e = event(
        &EventType::AssessmentEvent,
        &Action::Reset,
        &EntityType::Person,
        &EntityType::Assessment,
        None,
        None,
        Some(&Profile::AssessmentProfile),
    );
    let r = check(&e);
    assert!(!r.has_errors(), "{r:?}");
    assert!(r.has_code(codes::SPEC_RESET_NOT_IN_PROFILE));

    // Grading: a ViewEvent of a Result.
    let e = event(
        &EventType::ViewEvent,
        &Action::Viewed,
        &EntityType::Person,
        &EntityType::Result,
        None,
        None,
        Some(&Profile::GradingProfile),
    );
    assert_clean(&e, "Grading ViewEvent of a Result");
    let mut e2 = e;
    e2.profile = Some(Profile::ReadingProfile);
    assert_one_of(
        &e2,
        &[codes::PROFILE_WRONG_OBJECT_TYPE],
        "Reading ViewEvent of a Result",
    );
}

#[test]
fn spelling_variants_are_warnings() {
    let mut e = event(
        &EventType::MediaEvent,
        &Action::from_term("EnabledCloseCaptioning"),
        &EntityType::Person,
        &EntityType::VideoObject,
        None,
        None,
        Some(&Profile::MediaProfile),
    );
    let r = check(&e);
    assert!(!r.has_errors(), "{r:?}");
    assert!(r.has_code(codes::SPEC_ACTION_SPELLING));
    e.event_type = Some(EventType::MessageEvent);
    e.profile = Some(Profile::ForumProfile);
    e.action = Some(Action::from_term("MarkedAsUnRead"));
    e.object = Some(entity(&EntityType::Message, "m"));
    let r = check(&e);
    assert!(!r.has_errors(), "{r:?}");
    assert!(r.has_code(codes::SPEC_ACTION_SPELLING));
    e.action = Some(Action::from_term("Flew"));
    assert_one_of(&e, &[codes::ACTION_UNKNOWN], "unknown action");
    e.action = Some(Action::Posted);
    e.profile = Some(Profile::from_term("PartyProfile"));
    assert_one_of(&e, &[codes::PROFILE_UNKNOWN], "unknown profile");
}

#[test]
fn v1p1_events_follow_the_event_rules_without_profiles() {
    let mut e = event(
        &EventType::FeedbackEvent,
        &Action::Ranked,
        &EntityType::Person,
        &EntityType::DigitalResource,
        Some(&EntityType::Rating),
        None,
        None,
    );
    e.context = Some(Context::caliper(Version::V1p1));
    let r = check(&e);
    assert!(!r.has_errors(), "{r:?}");
    // FeedbackEvent comes from a 1.1 profile extension.
    assert!(r.has_code(codes::CONTEXT_MISSING_EXTENSION), "{r:?}");
    e.context = Some(Context::Iri(
        caliper::vocab::Extension::Feedback.context_iri().to_owned(),
    ));
    let r = check(&e);
    assert!(r.is_valid(true), "{r:?}");
    e.profile = Some(Profile::FeedbackProfile);
    assert!(check(&e).has_code(codes::EVENT_PROFILE_IN_V1P1));
    e.profile = None;
    e.action = Some(Action::Viewed);
    assert_one_of(&e, &[codes::EVENT_ACTION_NOT_ALLOWED], "1.1 action");
}
