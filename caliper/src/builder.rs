//! Builders for the common events. Each function starts an [`EventBuilder`] with the event
//! type, the profile and an action of a type that only admits the actions the event type
//! allows; [`EventBuilder::build`] then checks the whole event (required properties, the
//! event-type and profile rules) and returns every problem if it is not valid.
//!
//! ```
//! use caliper::builder::{self, SessionAction};
//! use caliper::entity::{Person, SoftwareApplication};
//! # use chrono::TimeZone;
//! let event = builder::session(SessionAction::LoggedIn)
//!     .id("urn:uuid:fcd495d0-3740-4298-9bec-1154571dc211")
//!     .actor(Person::new("https://example.edu/users/554433"))
//!     .object(SoftwareApplication::new("https://example.edu"))
//!     .event_time(chrono::Utc.with_ymd_and_hms(2024, 5, 1, 10, 0, 0).unwrap())
//!     .build()
//!     .unwrap();
//! assert_eq!(event.profile, Some(caliper::Profile::SessionProfile));
//! ```
//!
//! Ids and times are inputs: the crate draws no random numbers and reads no clock.

use serde_json::Value;

use crate::entity::EntityRef;
use crate::event::Event;
use crate::json::{Context, DateTime};
use crate::vocab::{Action, EventType, Profile, Version};
use lti_core::Report;

/// Why [`EventBuilder::build`] refused the event.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the event is not valid: {}", summary(.report))]
#[non_exhaustive]
pub struct BuildError {
    /// Every problem found.
    pub report: Report,
    /// The event as built (to inspect or fix).
    pub event: Box<Event>,
}

impl BuildError {
    /// The stable code of this error.
    pub fn code(&self) -> &'static str {
        "caliper.builder.invalid-event"
    }
}

fn summary(r: &Report) -> String {
    r.iter()
        .filter(|p| p.is_error())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Builds an [`Event`].
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct EventBuilder {
    event: Event,
}

impl EventBuilder {
    /// A builder for an event of any type, with the Caliper 1.2 context.
    pub fn new(event_type: EventType, action: impl Into<Action>) -> Self {
        let mut event = Event::new(event_type, action.into());
        event.context = Some(Context::caliper(Version::V1p2));
        Self { event }
    }

    /// A generic `Event` in the General profile.
    pub fn general(action: Action) -> Self {
        Self::new(EventType::Event, action).profile(Profile::GeneralProfile)
    }

    /// The `id`; a bare UUID gets the `urn:uuid:` prefix.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        let id = id.into();
        self.event.id = Some(if lti_core::id::is_uuid(&id) {
            format!("urn:uuid:{id}")
        } else {
            id
        });
        self
    }

    /// The profile.
    pub fn profile(mut self, profile: Profile) -> Self {
        self.event.profile = Some(profile);
        self
    }

    /// No `profile` (Caliper 1.1 events have none).
    pub fn no_profile(mut self) -> Self {
        self.event.profile = None;
        self
    }

    /// The `@context` (default: the Caliper 1.2 context).
    pub fn context(mut self, context: Context) -> Self {
        self.event.context = Some(context);
        self
    }

    /// Produces a Caliper 1.1 event: the 1.1 context and no profile.
    pub fn v1p1(self) -> Self {
        self.context(Context::caliper(Version::V1p1)).no_profile()
    }

    /// The `actor`.
    pub fn actor(mut self, actor: impl Into<EntityRef>) -> Self {
        self.event.actor = Some(actor.into());
        self
    }

    /// The `object`.
    pub fn object(mut self, object: impl Into<EntityRef>) -> Self {
        self.event.object = Some(object.into());
        self
    }

    /// The `eventTime`.
    pub fn event_time(mut self, time: impl Into<DateTime>) -> Self {
        self.event.event_time = Some(time.into());
        self
    }

    /// The `edApp`.
    pub fn ed_app(mut self, app: impl Into<EntityRef>) -> Self {
        self.event.ed_app = Some(app.into());
        self
    }

    /// The `generated` entity.
    pub fn generated(mut self, generated: impl Into<EntityRef>) -> Self {
        self.event.generated = Some(generated.into());
        self
    }

    /// The `target`.
    pub fn target(mut self, target: impl Into<EntityRef>) -> Self {
        self.event.target = Some(target.into());
        self
    }

    /// The `referrer`.
    pub fn referrer(mut self, referrer: impl Into<EntityRef>) -> Self {
        self.event.referrer = Some(referrer.into());
        self
    }

    /// The `group`.
    pub fn group(mut self, group: impl Into<EntityRef>) -> Self {
        self.event.group = Some(group.into());
        self
    }

    /// The `membership`.
    pub fn membership(mut self, membership: impl Into<EntityRef>) -> Self {
        self.event.membership = Some(membership.into());
        self
    }

    /// The `session`.
    pub fn session(mut self, session: impl Into<EntityRef>) -> Self {
        self.event.session = Some(session.into());
        self
    }

    /// The `federatedSession`.
    pub fn federated_session(mut self, session: impl Into<EntityRef>) -> Self {
        self.event.federated_session = Some(session.into());
        self
    }

    /// Adds one `extensions` entry.
    pub fn extension(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.event
            .extensions
            .get_or_insert_with(Default::default)
            .insert(key.into(), value.into());
        self
    }

    /// The event so far, without checks.
    pub fn build_unchecked(self) -> Event {
        self.event
    }

    /// Checks the event and returns it, or every problem found. Warnings do not make the build
    /// fail (use [`EventBuilder::build_strict`] for that).
    pub fn build(self) -> Result<Event, BuildError> {
        self.finish(false)
    }

    /// Like [`EventBuilder::build`], but warnings also fail.
    pub fn build_strict(self) -> Result<Event, BuildError> {
        self.finish(true)
    }

    fn finish(self, strict: bool) -> Result<Event, BuildError> {
        let report = crate::validate::validate_event(&self.event);
        if report.is_valid(strict) {
            Ok(self.event)
        } else {
            Err(BuildError {
                report,
                event: Box::new(self.event),
            })
        }
    }
}

/// Defines an action enum restricted to the actions of one event type.
macro_rules! actions {
    ($(#[$m:meta])* $name:ident { $($var:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", stringify!($var), "`")] $var,)+
        }

        impl $name {
            /// Every action of this event type.
            pub const ALL: &'static [$name] = &[$($name::$var),+];
        }

        impl From<$name> for Action {
            fn from(a: $name) -> Self {
                match a {
                    $($name::$var => Action::$var,)+
                }
            }
        }
    };
}

actions! {
    /// `SessionEvent` actions.
    SessionAction { LoggedIn, LoggedOut, TimedOut }
}
actions! {
    /// `AssessmentEvent` actions.
    AssessmentAction { Started, Paused, Resumed, Restarted, Reset, Submitted }
}
actions! {
    /// `AssessmentItemEvent` and `QuestionnaireItemEvent` actions.
    ItemAction { Started, Skipped, Completed }
}
actions! {
    /// `AssignableEvent` actions.
    AssignableAction { Activated, Deactivated, Started, Completed, Submitted, Reviewed }
}
actions! {
    /// `MediaEvent` actions.
    MediaAction {
        Started, Ended, Paused, Resumed, Restarted, ForwardedTo, JumpedTo, ChangedResolution,
        ChangedSize, ChangedSpeed, ChangedVolume, EnabledClosedCaptioning,
        DisabledClosedCaptioning, EnteredFullScreen, ExitedFullScreen, Muted, Unmuted,
        OpenedPopout, ClosedPopout,
    }
}
actions! {
    /// `ToolLaunchEvent` actions.
    ToolLaunchAction { Launched, Returned }
}
actions! {
    /// `AnnotationEvent` actions.
    AnnotationAction { Bookmarked, Highlighted, Shared, Tagged }
}
actions! {
    /// `ForumEvent` actions.
    ForumAction { Subscribed, Unsubscribed }
}
actions! {
    /// `ThreadEvent` actions.
    ThreadAction { MarkedAsRead, MarkedAsUnread }
}
actions! {
    /// `MessageEvent` actions.
    MessageAction { MarkedAsRead, MarkedAsUnread, Posted }
}
actions! {
    /// `ResourceManagementEvent` actions.
    ResourceAction {
        Archived, Copied, Created, Deleted, Described, Downloaded, Modified, Printed, Published,
        Restored, Retrieved, Saved, Unpublished, Uploaded,
    }
}
actions! {
    /// `SurveyEvent` actions.
    SurveyAction { OptedIn, OptedOut }
}
actions! {
    /// `SurveyInvitationEvent` actions.
    SurveyInvitationAction { Accepted, Declined, Sent }
}
actions! {
    /// `QuestionnaireEvent` actions.
    QuestionnaireAction { Started, Submitted }
}
actions! {
    /// `FeedbackEvent` actions.
    FeedbackAction { Commented, Ranked }
}

/// A `SessionEvent` (Session profile).
pub fn session(action: SessionAction) -> EventBuilder {
    EventBuilder::new(EventType::SessionEvent, action).profile(Profile::SessionProfile)
}

/// A `NavigationEvent` (`NavigatedTo`), in the Reading profile unless another is set.
pub fn navigation() -> EventBuilder {
    EventBuilder::new(EventType::NavigationEvent, Action::NavigatedTo)
        .profile(Profile::ReadingProfile)
}

/// A `ViewEvent` (`Viewed`), in the Reading profile unless another is set.
pub fn view() -> EventBuilder {
    EventBuilder::new(EventType::ViewEvent, Action::Viewed).profile(Profile::ReadingProfile)
}

/// An `AssessmentEvent` (Assessment profile).
pub fn assessment(action: AssessmentAction) -> EventBuilder {
    EventBuilder::new(EventType::AssessmentEvent, action).profile(Profile::AssessmentProfile)
}

/// An `AssessmentItemEvent` (Assessment profile).
pub fn assessment_item(action: ItemAction) -> EventBuilder {
    EventBuilder::new(EventType::AssessmentItemEvent, action).profile(Profile::AssessmentProfile)
}

/// An `AssignableEvent` (Assignable profile).
pub fn assignable(action: AssignableAction) -> EventBuilder {
    EventBuilder::new(EventType::AssignableEvent, action).profile(Profile::AssignableProfile)
}

/// A `GradeEvent` (`Graded`, Grading profile).
pub fn grade() -> EventBuilder {
    EventBuilder::new(EventType::GradeEvent, Action::Graded).profile(Profile::GradingProfile)
}

/// A `MediaEvent` (Media profile).
pub fn media(action: MediaAction) -> EventBuilder {
    EventBuilder::new(EventType::MediaEvent, action).profile(Profile::MediaProfile)
}

/// A `ToolUseEvent` (`Used`, Tool Use profile).
pub fn tool_use() -> EventBuilder {
    EventBuilder::new(EventType::ToolUseEvent, Action::Used).profile(Profile::ToolUseProfile)
}

/// A `ToolLaunchEvent` (Tool Launch profile). `Launched` needs a federated session.
pub fn tool_launch(action: ToolLaunchAction) -> EventBuilder {
    EventBuilder::new(EventType::ToolLaunchEvent, action).profile(Profile::ToolLaunchProfile)
}

/// An `AnnotationEvent` (Annotation profile).
pub fn annotation(action: AnnotationAction) -> EventBuilder {
    EventBuilder::new(EventType::AnnotationEvent, action).profile(Profile::AnnotationProfile)
}

/// A `ForumEvent` (Forum profile).
pub fn forum(action: ForumAction) -> EventBuilder {
    EventBuilder::new(EventType::ForumEvent, action).profile(Profile::ForumProfile)
}

/// A `ThreadEvent` (Forum profile).
pub fn thread(action: ThreadAction) -> EventBuilder {
    EventBuilder::new(EventType::ThreadEvent, action).profile(Profile::ForumProfile)
}

/// A `MessageEvent` (Forum profile).
pub fn message(action: MessageAction) -> EventBuilder {
    EventBuilder::new(EventType::MessageEvent, action).profile(Profile::ForumProfile)
}

/// A `ResourceManagementEvent` (Resource Management profile). `Copied` needs `generated`.
pub fn resource_management(action: ResourceAction) -> EventBuilder {
    EventBuilder::new(EventType::ResourceManagementEvent, action)
        .profile(Profile::ResourceManagementProfile)
}

/// A `SearchEvent` (`Searched`, Search profile).
pub fn search() -> EventBuilder {
    EventBuilder::new(EventType::SearchEvent, Action::Searched).profile(Profile::SearchProfile)
}

/// A `SurveyEvent` (Survey profile).
pub fn survey(action: SurveyAction) -> EventBuilder {
    EventBuilder::new(EventType::SurveyEvent, action).profile(Profile::SurveyProfile)
}

/// A `SurveyInvitationEvent` (Survey profile).
pub fn survey_invitation(action: SurveyInvitationAction) -> EventBuilder {
    EventBuilder::new(EventType::SurveyInvitationEvent, action).profile(Profile::SurveyProfile)
}

/// A `QuestionnaireEvent` (Survey profile).
pub fn questionnaire(action: QuestionnaireAction) -> EventBuilder {
    EventBuilder::new(EventType::QuestionnaireEvent, action).profile(Profile::SurveyProfile)
}

/// A `QuestionnaireItemEvent` (Survey profile).
pub fn questionnaire_item(action: ItemAction) -> EventBuilder {
    EventBuilder::new(EventType::QuestionnaireItemEvent, action).profile(Profile::SurveyProfile)
}

/// A `FeedbackEvent` (Feedback profile).
pub fn feedback(action: FeedbackAction) -> EventBuilder {
    EventBuilder::new(EventType::FeedbackEvent, action).profile(Profile::FeedbackProfile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::*;
    use crate::rules::event_rule;
    use chrono::TimeZone;

    fn t() -> chrono::DateTime<chrono::Utc> {
        chrono::Utc
            .with_ymd_and_hms(2024, 5, 1, 10, 0, 0)
            .single()
            .expect("valid")
    }

    const ID: &str = "fcd495d0-3740-4298-9bec-1154571dc211";

    fn me() -> Person {
        Person::new("https://example.edu/users/1")
    }

    fn check<A: Copy + Into<Action>>(event: EventType, all: &[A]) {
        let rule = event_rule(&event).expect("rule");
        let mine: Vec<Action> = all.iter().map(|a| (*a).into()).collect();
        assert_eq!(mine.len(), rule.actions.len(), "{event}");
        for a in &mine {
            assert!(rule.actions.contains(a), "{event} {a}");
        }
    }

    #[test]
    fn action_enums_match_the_rule_tables() {
        check(EventType::SessionEvent, SessionAction::ALL);
        check(EventType::AssessmentEvent, AssessmentAction::ALL);
        check(EventType::AssessmentItemEvent, ItemAction::ALL);
        check(EventType::QuestionnaireItemEvent, ItemAction::ALL);
        check(EventType::AssignableEvent, AssignableAction::ALL);
        check(EventType::MediaEvent, MediaAction::ALL);
        check(EventType::ToolLaunchEvent, ToolLaunchAction::ALL);
        check(EventType::AnnotationEvent, AnnotationAction::ALL);
        check(EventType::ForumEvent, ForumAction::ALL);
        check(EventType::ThreadEvent, ThreadAction::ALL);
        check(EventType::MessageEvent, MessageAction::ALL);
        check(EventType::ResourceManagementEvent, ResourceAction::ALL);
        check(EventType::SurveyEvent, SurveyAction::ALL);
        check(
            EventType::SurveyInvitationEvent,
            SurveyInvitationAction::ALL,
        );
        check(EventType::QuestionnaireEvent, QuestionnaireAction::ALL);
        check(EventType::FeedbackEvent, FeedbackAction::ALL);
    }

    #[test]
    fn every_builder_makes_a_valid_event() {
        let attempt = || {
            let mut a = Attempt::new("https://example.edu/attempts/1");
            a.count = Some(1);
            a
        };
        let builders = vec![
            session(SessionAction::LoggedIn)
                .object(SoftwareApplication::new("https://example.edu")),
            navigation().object(WebPage::new("https://example.edu/p/1")),
            view().object(Document::new("https://example.edu/d/1")),
            assessment(AssessmentAction::Started)
                .object(Assessment::new("https://example.edu/a/1"))
                .generated(attempt()),
            assessment_item(ItemAction::Completed)
                .object(AssessmentItem::new("https://example.edu/a/1/i/1"))
                .generated(FillinBlankResponse::new("https://example.edu/r/1")),
            assignable(AssignableAction::Activated)
                .object(Assessment::new("https://example.edu/a/1")),
            grade()
                .actor(SoftwareApplication::new("https://example.edu/grader"))
                .object(attempt())
                .generated(Score::new("https://example.edu/s/1")),
            media(MediaAction::Paused)
                .object(VideoObject::new("https://example.edu/v/1"))
                .target(MediaLocation::new("https://example.edu/v/1#t=10")),
            tool_use().object(SoftwareApplication::new("https://example.com/tool")),
            tool_launch(ToolLaunchAction::Launched)
                .object(SoftwareApplication::new("https://example.com/tool"))
                .target(LtiLink::new("https://example.com/tool/link"))
                .federated_session(LtiSession::new("https://example.edu/lti/s/1")),
            annotation(AnnotationAction::Tagged)
                .object(Page::new("https://example.edu/p/1"))
                .generated(TagAnnotation::new("https://example.edu/tags/1")),
            forum(ForumAction::Subscribed).object(Forum::new("https://example.edu/f/1")),
            thread(ThreadAction::MarkedAsRead).object(Thread::new("https://example.edu/t/1")),
            message(MessageAction::Posted).object(Message::new("https://example.edu/m/1")),
            resource_management(ResourceAction::Copied)
                .object(DigitalResource::new("https://example.edu/r/1"))
                .generated(DigitalResource::new("https://example.edu/r/2")),
            search()
                .object(SoftwareApplication::new("https://example.edu/catalog"))
                .generated(SearchResponse::new("https://example.edu/search/1")),
            survey(SurveyAction::OptedIn).object(Survey::new("https://example.edu/surveys/1")),
            survey_invitation(SurveyInvitationAction::Accepted)
                .object(SurveyInvitation::new("https://example.edu/inv/1")),
            questionnaire(QuestionnaireAction::Started)
                .object(Questionnaire::new("https://example.edu/q/1"))
                .generated(attempt()),
            questionnaire_item(ItemAction::Started)
                .object(QuestionnaireItem::new("https://example.edu/q/1/i/1")),
            feedback(FeedbackAction::Ranked)
                .object(DigitalResource::new("https://example.edu/r/1"))
                .generated(Rating::new("https://example.edu/ratings/1")),
            EventBuilder::general(Action::Modified)
                .object(Document::new("https://example.edu/d/1")),
        ];
        for b in builders {
            let b = if b.clone().build_unchecked().actor.is_none() {
                b.actor(me())
            } else {
                b
            };
            let ev = b.id(ID).event_time(t()).build();
            match ev {
                Ok(e) => {
                    let r = crate::validate::validate_event(&e);
                    assert!(r.is_valid(false), "{r:?}");
                    // SurveyProfile carries the spec-inconsistency warning; others are clean.
                    if e.profile != Some(Profile::SurveyProfile) {
                        assert!(r.is_valid(true), "{:?}: {r:?}", e.event_type);
                    }
                }
                Err(err) => panic!("{err}"),
            }
        }
    }

    #[test]
    fn build_reports_every_problem() {
        let err = tool_launch(ToolLaunchAction::Launched)
            .id("not-a-uuid")
            .object(Person::new("https://example.edu/users/2"))
            .build()
            .expect_err("invalid");
        let codes: Vec<&str> = err.report.iter().map(|p| p.code.as_str()).collect();
        assert!(
            codes.contains(&crate::codes::EVENT_ID_NOT_URN_UUID),
            "{codes:?}"
        );
        assert!(
            codes.contains(&crate::codes::PROPERTY_REQUIRED),
            "{codes:?}"
        );
        assert!(
            codes.contains(&crate::codes::EVENT_WRONG_OBJECT_TYPE),
            "{codes:?}"
        );
        assert!(
            codes.contains(&crate::codes::EVENT_FEDERATED_SESSION_REQUIRED),
            "{codes:?}"
        );
        assert_eq!(err.code(), "caliper.builder.invalid-event");
        assert!(err.to_string().contains("caliper.event.id-not-urn-uuid"));
    }

    #[test]
    fn id_prefix_extensions_and_v1p1() {
        let e = view()
            .id(ID)
            .actor(me())
            .object(Document::new("https://example.edu/d"))
            .event_time(t())
            .extension("com.example.x", 1)
            .v1p1()
            .build_strict()
            .expect("valid 1.1 event");
        assert_eq!(
            e.id.as_deref(),
            Some("urn:uuid:fcd495d0-3740-4298-9bec-1154571dc211")
        );
        assert!(e.profile.is_none());
        assert_eq!(e.extensions.as_ref().map(|m| m.len()), Some(1));
        let err = survey(SurveyAction::OptedOut)
            .id(ID)
            .actor(me())
            .object(Survey::new("https://example.edu/s"))
            .event_time(t())
            .build_strict()
            .expect_err("SurveyProfile warning fails strict");
        assert!(err.report.has_code(crate::codes::SPEC_SURVEY_PROFILE));
    }
}
