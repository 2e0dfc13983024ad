//! The rule tables: which actions and which entity types each event type allows (Caliper 1.2
//! event fragments, also applied to 1.1), and what each 1.2 profile allows (the tables of the
//! profile fragments, `caliper-profile-*.html`).
//!
//! Semantics: an empty action list means "any action"; an entity-type list means "the value, if
//! it is an embedded entity, must be one of these types or a subtype"; `None` means "any
//! entity". Values given as IRIs cannot be checked and are accepted, as the specification
//! allows an IRI wherever it allows an entity.

use crate::vocab::{Action, EntityType as T, EventType as E, Profile};

/// What an event type allows, whatever the profile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct EventRule {
    /// The event type.
    pub event: E,
    /// The allowed actions (empty: any action of the vocabulary).
    pub actions: &'static [Action],
    /// Allowed `actor` types.
    pub actor: &'static [T],
    /// Allowed `object` types.
    pub object: &'static [T],
    /// Allowed `generated` types (`None`: any entity).
    pub generated: Option<&'static [T]>,
    /// Allowed `target` types (`None`: any entity).
    pub target: Option<&'static [T]>,
    /// Allowed `referrer` types (`None`: any entity).
    pub referrer: Option<&'static [T]>,
}

/// One row (or group of rows with the same columns) of a 1.2 profile table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ProfileRule {
    /// The profile.
    pub profile: Profile,
    /// The event type.
    pub event: E,
    /// The actions this row covers.
    pub actions: &'static [Action],
    /// Allowed `actor` types.
    pub actor: &'static [T],
    /// Allowed `object` types.
    pub object: &'static [T],
    /// Allowed `generated` types (`None`: the profile does not restrict it).
    pub generated: Option<&'static [T]>,
    /// Allowed `target` types (`None`: the profile does not restrict it).
    pub target: Option<&'static [T]>,
}

use Action as A;

/// The 19 `MediaEvent` actions.
pub const MEDIA_ACTIONS: &[Action] = &[
    A::Started,
    A::Ended,
    A::Paused,
    A::Resumed,
    A::Restarted,
    A::ForwardedTo,
    A::JumpedTo,
    A::ChangedResolution,
    A::ChangedSize,
    A::ChangedSpeed,
    A::ChangedVolume,
    A::EnabledClosedCaptioning,
    A::DisabledClosedCaptioning,
    A::EnteredFullScreen,
    A::ExitedFullScreen,
    A::Muted,
    A::Unmuted,
    A::OpenedPopout,
    A::ClosedPopout,
];

/// The 14 `ResourceManagementEvent` actions.
pub const RESOURCE_MANAGEMENT_ACTIONS: &[Action] = &[
    A::Archived,
    A::Copied,
    A::Created,
    A::Deleted,
    A::Described,
    A::Downloaded,
    A::Modified,
    A::Printed,
    A::Published,
    A::Restored,
    A::Retrieved,
    A::Saved,
    A::Unpublished,
    A::Uploaded,
];

const PERSON: &[T] = &[T::Person];

const fn ev(
    event: E,
    actions: &'static [Action],
    actor: &'static [T],
    object: &'static [T],
    generated: Option<&'static [T]>,
    target: Option<&'static [T]>,
    referrer: Option<&'static [T]>,
) -> EventRule {
    EventRule {
        event,
        actions,
        actor,
        object,
        generated,
        target,
        referrer,
    }
}

/// The event-type rules (Caliper 1.2 event fragments).
pub static EVENT_RULES: &[EventRule] = &[
    ev(E::Event, &[], &[T::Agent], &[T::Entity], None, None, None),
    ev(
        E::AnnotationEvent,
        &[A::Bookmarked, A::Highlighted, A::Shared, A::Tagged],
        PERSON,
        &[T::DigitalResource],
        Some(&[T::Annotation]),
        Some(&[T::Frame]),
        None,
    ),
    ev(
        E::AssessmentEvent,
        &[
            A::Started,
            A::Paused,
            A::Resumed,
            A::Restarted,
            A::Reset,
            A::Submitted,
        ],
        PERSON,
        &[T::Assessment],
        Some(&[T::Attempt]),
        None,
        None,
    ),
    ev(
        E::AssessmentItemEvent,
        &[A::Started, A::Skipped, A::Completed],
        PERSON,
        &[T::AssessmentItem],
        Some(&[T::Attempt, T::Response]),
        None,
        Some(&[T::AssessmentItem]),
    ),
    ev(
        E::AssignableEvent,
        &[
            A::Activated,
            A::Deactivated,
            A::Started,
            A::Completed,
            A::Submitted,
            A::Reviewed,
        ],
        PERSON,
        &[T::AssignableDigitalResource],
        Some(&[T::Attempt]),
        Some(&[T::Frame]),
        None,
    ),
    ev(
        E::FeedbackEvent,
        &[A::Commented, A::Ranked],
        PERSON,
        &[T::Entity],
        Some(&[T::Rating, T::Comment]),
        Some(&[T::Frame]),
        None,
    ),
    ev(
        E::ForumEvent,
        &[A::Subscribed, A::Unsubscribed],
        PERSON,
        &[T::Forum],
        None,
        None,
        None,
    ),
    ev(
        E::GradeEvent,
        &[A::Graded],
        &[T::Agent],
        &[T::Attempt],
        Some(&[T::Score]),
        None,
        None,
    ),
    ev(
        E::MediaEvent,
        MEDIA_ACTIONS,
        PERSON,
        &[T::MediaObject],
        None,
        Some(&[T::MediaLocation]),
        None,
    ),
    ev(
        E::MessageEvent,
        &[A::MarkedAsRead, A::MarkedAsUnread, A::Posted],
        PERSON,
        &[T::Message],
        None,
        None,
        None,
    ),
    ev(
        E::NavigationEvent,
        &[A::NavigatedTo],
        PERSON,
        &[T::DigitalResource, T::SoftwareApplication],
        None,
        Some(&[T::DigitalResource]),
        Some(&[T::DigitalResource, T::SoftwareApplication]),
    ),
    ev(
        E::QuestionnaireEvent,
        &[A::Started, A::Submitted],
        PERSON,
        &[T::Questionnaire],
        Some(&[T::Attempt]),
        None,
        None,
    ),
    ev(
        E::QuestionnaireItemEvent,
        &[A::Started, A::Skipped, A::Completed],
        PERSON,
        &[T::QuestionnaireItem],
        Some(&[T::Attempt, T::Response]),
        None,
        None,
    ),
    ev(
        E::ResourceManagementEvent,
        RESOURCE_MANAGEMENT_ACTIONS,
        PERSON,
        &[T::DigitalResource],
        Some(&[T::DigitalResource]),
        None,
        None,
    ),
    ev(
        E::SearchEvent,
        &[A::Searched],
        PERSON,
        &[T::Entity],
        Some(&[T::SearchResponse]),
        None,
        None,
    ),
    ev(
        E::SessionEvent,
        &[A::LoggedIn, A::LoggedOut, A::TimedOut],
        &[T::Person, T::SoftwareApplication],
        &[T::SoftwareApplication, T::Session],
        None,
        Some(&[T::DigitalResource]),
        None,
    ),
    ev(
        E::SurveyEvent,
        &[A::OptedIn, A::OptedOut],
        PERSON,
        &[T::Survey],
        None,
        None,
        None,
    ),
    ev(
        E::SurveyInvitationEvent,
        &[A::Accepted, A::Declined, A::Sent],
        PERSON,
        &[T::SurveyInvitation],
        None,
        None,
        None,
    ),
    ev(
        E::ThreadEvent,
        &[A::MarkedAsRead, A::MarkedAsUnread],
        PERSON,
        &[T::Thread],
        None,
        None,
        None,
    ),
    ev(
        E::ToolLaunchEvent,
        &[A::Launched, A::Returned],
        PERSON,
        &[T::SoftwareApplication],
        Some(&[T::DigitalResource]),
        Some(&[T::Link, T::LtiLink]),
        None,
    ),
    ev(
        E::ToolUseEvent,
        &[A::Used],
        PERSON,
        &[T::SoftwareApplication],
        Some(&[T::AggregateMeasureCollection]),
        Some(&[T::SoftwareApplication]),
        None,
    ),
    // The Grading profile views a `Result` (1.2 PR #564), which is not a DigitalResource.
    ev(
        E::ViewEvent,
        &[A::Viewed],
        PERSON,
        &[T::DigitalResource, T::Result],
        None,
        None,
        None,
    ),
];

/// The rule of an event type.
pub fn event_rule(event: &E) -> Option<&'static EventRule> {
    EVENT_RULES.iter().find(|r| &r.event == event)
}

const fn pr(
    profile: Profile,
    event: E,
    actions: &'static [Action],
    actor: &'static [T],
    object: &'static [T],
    generated: Option<&'static [T]>,
    target: Option<&'static [T]>,
) -> ProfileRule {
    ProfileRule {
        profile,
        event,
        actions,
        actor,
        object,
        generated,
        target,
    }
}

use Profile as P;

const NAV: &[Action] = &[A::NavigatedTo];
const VIEW: &[Action] = &[A::Viewed];

/// The 1.2 profile tables. `GeneralProfile` has no rows: it allows any event type, actor,
/// action and object (the event-type rules still apply).
pub static PROFILE_RULES: &[ProfileRule] = &[
    // Annotation
    pr(
        P::AnnotationProfile,
        E::AnnotationEvent,
        &[A::Bookmarked],
        PERSON,
        &[T::DigitalResource],
        Some(&[T::BookmarkAnnotation]),
        None,
    ),
    pr(
        P::AnnotationProfile,
        E::AnnotationEvent,
        &[A::Highlighted],
        PERSON,
        &[T::DigitalResource],
        Some(&[T::HighlightAnnotation]),
        None,
    ),
    pr(
        P::AnnotationProfile,
        E::AnnotationEvent,
        &[A::Shared],
        PERSON,
        &[T::DigitalResource],
        Some(&[T::SharedAnnotation]),
        None,
    ),
    pr(
        P::AnnotationProfile,
        E::AnnotationEvent,
        &[A::Tagged],
        PERSON,
        &[T::DigitalResource],
        Some(&[T::TagAnnotation]),
        None,
    ),
    // Assessment
    pr(
        P::AssessmentProfile,
        E::AssessmentEvent,
        &[
            A::Started,
            A::Paused,
            A::Resumed,
            A::Restarted,
            A::Submitted,
        ],
        PERSON,
        &[T::Assessment],
        Some(&[T::Attempt]),
        None,
    ),
    pr(
        P::AssessmentProfile,
        E::AssessmentItemEvent,
        &[A::Started, A::Skipped],
        PERSON,
        &[T::AssessmentItem],
        Some(&[T::Attempt]),
        None,
    ),
    pr(
        P::AssessmentProfile,
        E::AssessmentItemEvent,
        &[A::Completed],
        PERSON,
        &[T::AssessmentItem],
        Some(&[T::Response]),
        None,
    ),
    pr(
        P::AssessmentProfile,
        E::NavigationEvent,
        NAV,
        PERSON,
        &[T::Assessment, T::AssessmentItem],
        None,
        None,
    ),
    pr(
        P::AssessmentProfile,
        E::ViewEvent,
        VIEW,
        PERSON,
        &[T::Assessment, T::AssessmentItem],
        None,
        None,
    ),
    // Assignable
    pr(
        P::AssignableProfile,
        E::AssignableEvent,
        &[A::Activated, A::Deactivated],
        PERSON,
        &[T::AssignableDigitalResource],
        None,
        None,
    ),
    pr(
        P::AssignableProfile,
        E::AssignableEvent,
        &[A::Started, A::Completed, A::Submitted, A::Reviewed],
        PERSON,
        &[T::AssignableDigitalResource],
        Some(&[T::Attempt]),
        None,
    ),
    pr(
        P::AssignableProfile,
        E::NavigationEvent,
        NAV,
        PERSON,
        &[T::AssignableDigitalResource],
        None,
        None,
    ),
    pr(
        P::AssignableProfile,
        E::ViewEvent,
        VIEW,
        PERSON,
        &[T::AssignableDigitalResource],
        None,
        None,
    ),
    // Feedback
    pr(
        P::FeedbackProfile,
        E::FeedbackEvent,
        &[A::Commented],
        PERSON,
        &[T::Entity],
        Some(&[T::Comment]),
        None,
    ),
    pr(
        P::FeedbackProfile,
        E::FeedbackEvent,
        &[A::Ranked],
        PERSON,
        &[T::Entity],
        Some(&[T::Rating]),
        None,
    ),
    // Forum
    pr(
        P::ForumProfile,
        E::ForumEvent,
        &[A::Subscribed, A::Unsubscribed],
        PERSON,
        &[T::Forum],
        None,
        None,
    ),
    pr(
        P::ForumProfile,
        E::ThreadEvent,
        &[A::MarkedAsRead, A::MarkedAsUnread],
        PERSON,
        &[T::Thread],
        None,
        None,
    ),
    pr(
        P::ForumProfile,
        E::MessageEvent,
        &[A::MarkedAsRead, A::MarkedAsUnread, A::Posted],
        PERSON,
        &[T::Message],
        None,
        None,
    ),
    pr(
        P::ForumProfile,
        E::NavigationEvent,
        NAV,
        PERSON,
        &[T::Forum, T::Message, T::Thread],
        None,
        None,
    ),
    pr(
        P::ForumProfile,
        E::ViewEvent,
        VIEW,
        PERSON,
        &[T::Forum, T::Message, T::Thread],
        None,
        None,
    ),
    // Grading
    pr(
        P::GradingProfile,
        E::GradeEvent,
        &[A::Graded],
        &[T::Agent],
        &[T::Attempt],
        Some(&[T::Score]),
        None,
    ),
    pr(
        P::GradingProfile,
        E::ViewEvent,
        VIEW,
        PERSON,
        &[T::Result],
        None,
        None,
    ),
    // Media
    pr(
        P::MediaProfile,
        E::MediaEvent,
        MEDIA_ACTIONS,
        PERSON,
        &[T::MediaObject],
        None,
        Some(&[T::MediaLocation]),
    ),
    pr(
        P::MediaProfile,
        E::NavigationEvent,
        NAV,
        PERSON,
        &[T::MediaObject],
        None,
        Some(&[T::MediaLocation]),
    ),
    pr(
        P::MediaProfile,
        E::ViewEvent,
        VIEW,
        PERSON,
        &[T::MediaObject],
        None,
        Some(&[T::MediaLocation]),
    ),
    // Reading
    pr(
        P::ReadingProfile,
        E::NavigationEvent,
        NAV,
        PERSON,
        &[T::DigitalResource],
        None,
        Some(&[T::DigitalResource]),
    ),
    pr(
        P::ReadingProfile,
        E::ViewEvent,
        VIEW,
        PERSON,
        &[T::DigitalResource],
        None,
        Some(&[T::DigitalResource]),
    ),
    // Resource management
    pr(
        P::ResourceManagementProfile,
        E::ResourceManagementEvent,
        &[
            A::Archived,
            A::Created,
            A::Deleted,
            A::Described,
            A::Downloaded,
            A::Modified,
            A::Printed,
            A::Published,
            A::Restored,
            A::Retrieved,
            A::Saved,
            A::Unpublished,
            A::Uploaded,
        ],
        PERSON,
        &[T::DigitalResource],
        None,
        None,
    ),
    pr(
        P::ResourceManagementProfile,
        E::ResourceManagementEvent,
        &[A::Copied],
        PERSON,
        &[T::DigitalResource],
        Some(&[T::DigitalResource]),
        None,
    ),
    // Search
    pr(
        P::SearchProfile,
        E::SearchEvent,
        &[A::Searched],
        PERSON,
        &[T::DigitalResource, T::SoftwareApplication],
        Some(&[T::SearchResponse]),
        None,
    ),
    // Session
    pr(
        P::SessionProfile,
        E::SessionEvent,
        &[A::LoggedIn],
        PERSON,
        &[T::SoftwareApplication],
        None,
        Some(&[T::DigitalResource]),
    ),
    pr(
        P::SessionProfile,
        E::SessionEvent,
        &[A::LoggedOut],
        PERSON,
        &[T::SoftwareApplication],
        None,
        None,
    ),
    pr(
        P::SessionProfile,
        E::SessionEvent,
        &[A::TimedOut],
        &[T::SoftwareApplication],
        &[T::Session],
        None,
        None,
    ),
    // Survey
    pr(
        P::SurveyProfile,
        E::SurveyInvitationEvent,
        &[A::Sent, A::Accepted, A::Declined],
        PERSON,
        &[T::SurveyInvitation],
        None,
        None,
    ),
    pr(
        P::SurveyProfile,
        E::SurveyEvent,
        &[A::OptedIn, A::OptedOut],
        PERSON,
        &[T::Survey],
        None,
        None,
    ),
    pr(
        P::SurveyProfile,
        E::QuestionnaireEvent,
        &[A::Started, A::Submitted],
        PERSON,
        &[T::Questionnaire],
        Some(&[T::Attempt]),
        None,
    ),
    pr(
        P::SurveyProfile,
        E::QuestionnaireItemEvent,
        &[A::Started, A::Skipped],
        PERSON,
        &[T::QuestionnaireItem],
        Some(&[T::Attempt]),
        None,
    ),
    pr(
        P::SurveyProfile,
        E::QuestionnaireItemEvent,
        &[A::Completed],
        PERSON,
        &[T::QuestionnaireItem],
        Some(&[T::Response]),
        None,
    ),
    pr(
        P::SurveyProfile,
        E::NavigationEvent,
        NAV,
        PERSON,
        &[T::Questionnaire, T::QuestionnaireItem],
        None,
        None,
    ),
    pr(
        P::SurveyProfile,
        E::ViewEvent,
        VIEW,
        PERSON,
        &[T::Questionnaire, T::QuestionnaireItem],
        None,
        None,
    ),
    // Tool launch
    pr(
        P::ToolLaunchProfile,
        E::ToolLaunchEvent,
        &[A::Launched, A::Returned],
        PERSON,
        &[T::SoftwareApplication],
        Some(&[T::DigitalResource]),
        Some(&[T::Link, T::LtiLink]),
    ),
    // Tool use
    pr(
        P::ToolUseProfile,
        E::ToolUseEvent,
        &[A::Used],
        PERSON,
        &[T::SoftwareApplication],
        Some(&[T::AggregateMeasureCollection]),
        None,
    ),
];

/// The rows of a profile for an event type.
pub fn profile_rules<'a>(
    profile: &'a Profile,
    event: &'a E,
) -> impl Iterator<Item = &'static ProfileRule> + 'a {
    PROFILE_RULES
        .iter()
        .filter(move |r| &r.profile == profile && &r.event == event)
}

/// The event types a profile allows (empty for `GeneralProfile`, which allows any).
pub fn profile_events(profile: &Profile) -> Vec<E> {
    let mut out: Vec<E> = Vec::new();
    for r in PROFILE_RULES.iter().filter(|r| &r.profile == profile) {
        if !out.contains(&r.event) {
            out.push(r.event.clone());
        }
    }
    out
}

/// Whether any type in `allowed` accepts `ty` (by subtyping).
pub fn type_allowed(ty: &T, allowed: &[T]) -> bool {
    allowed.iter().any(|a| ty.is_a(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_type_has_a_rule_except_deprecated_ones() {
        for e in E::ALL {
            let deprecated = matches!(e, E::OutcomeEvent | E::ReadingEvent);
            assert_eq!(event_rule(e).is_some(), !deprecated, "{e}");
        }
    }

    #[test]
    fn profile_rows_are_consistent_with_event_rules() {
        for r in PROFILE_RULES {
            let er = event_rule(&r.event).expect("event rule");
            for a in r.actions {
                assert!(
                    er.actions.is_empty() || er.actions.contains(a),
                    "{:?} {a}",
                    r.event
                );
            }
            for o in r.object {
                assert!(type_allowed(o, er.object), "{:?} object {o}", r.event);
            }
        }
        // Every profile but General has rows.
        for p in Profile::ALL {
            assert_eq!(
                profile_events(p).is_empty(),
                *p == Profile::GeneralProfile,
                "{p}"
            );
        }
        assert_eq!(MEDIA_ACTIONS.len(), 19);
        assert_eq!(RESOURCE_MANAGEMENT_ACTIONS.len(), 14);
    }
}
