//! Controlled vocabularies (Caliper 1.2 §B–§E and the JSON-LD contexts): event and entity type
//! terms, actions, profiles, LIS roles and status, tool-use metrics, system identifier types,
//! LTI message types, plus the Caliper versions and 1.1 profile extensions.
//!
//! Every vocabulary is an enum with one variant per term and an `Other(String)` variant that
//! keeps an unknown value exactly as written (so that reading and writing loses nothing);
//! validation reports `Other` values.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines a vocabulary enum with `as_str`, `from_term`, `is_known`, `ALL`, `Display` and serde.
macro_rules! vocab {
    (
        $(#[$m:meta])*
        $name:ident {
            $( $(#[$vm:meta])* $var:ident = $term:literal ),* $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vm])* #[doc = concat!("`", $term, "`")] $var, )*
            /// A value outside the vocabulary, kept exactly as written.
            Other(String),
        }

        impl $name {
            /// Every term of the vocabulary (without [`Self::Other`]).
            pub const ALL: &'static [$name] = &[$($name::$var),*];

            /// The term as written in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$var => $term,)*
                    Self::Other(s) => s,
                }
            }

            /// The variant for a term; unknown terms become [`Self::Other`].
            pub fn from_term(term: &str) -> Self {
                Self::lookup(term).unwrap_or_else(|| Self::Other(term.to_owned()))
            }

            /// The variant for a known term, `None` for any other string (no allocation).
            pub fn lookup(term: &str) -> Option<Self> {
                Some(match term {
                    $($term => Self::$var,)*
                    _ => return None,
                })
            }

            /// Whether this is a term of the vocabulary (not [`Self::Other`]).
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_term(s))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::from_term(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = crate::json::Str::deserialize(d)?;
                Ok(Self::from_term(&s.0))
            }
        }

        impl crate::json::Field for $name {
            const EXPECTED: &'static str = concat!("a ", stringify!($name), " term (string)");
            fn read<'de, D: Deserializer<'de>>(d: D) -> Result<crate::json::Read<Self>, D::Error> {
                Ok(crate::json::read_str(d)?.map(|s| Self::from_term(&s)))
            }
            fn prop(&self) -> crate::json::Prop<'_> {
                crate::json::Prop::Term(self.as_str())
            }
        }
    };
}

vocab! {
    /// The `action` of an event (Caliper 1.2 Appendix A, 80 terms).
    ///
    /// The contexts spell two actions `EnabledCloseCaptioning` / `DisabledCloseCaptioning`, the
    /// specification text and every fixture `…ClosedCaptioning`; the event fragments write
    /// `MarkedAsUnRead` where the context has `MarkedAsUnread`. The fixture spellings are the
    /// variants here; the other spellings read as [`Action::Other`] (so they are written back as
    /// given) and [`Action::canonical`] maps them, which validation reports as a warning.
    Action {
        Abandoned = "Abandoned",
        Accepted = "Accepted",
        Activated = "Activated",
        Added = "Added",
        Archived = "Archived",
        Attached = "Attached",
        Bookmarked = "Bookmarked",
        ChangedResolution = "ChangedResolution",
        ChangedSize = "ChangedSize",
        ChangedSpeed = "ChangedSpeed",
        ChangedVolume = "ChangedVolume",
        Classified = "Classified",
        ClosedPopout = "ClosedPopout",
        Commented = "Commented",
        Completed = "Completed",
        Copied = "Copied",
        Created = "Created",
        Deactivated = "Deactivated",
        Declined = "Declined",
        Deleted = "Deleted",
        Described = "Described",
        DisabledClosedCaptioning = "DisabledClosedCaptioning",
        Disliked = "Disliked",
        Downloaded = "Downloaded",
        EnabledClosedCaptioning = "EnabledClosedCaptioning",
        Ended = "Ended",
        EnteredFullScreen = "EnteredFullScreen",
        ExitedFullScreen = "ExitedFullScreen",
        ForwardedTo = "ForwardedTo",
        Graded = "Graded",
        Hid = "Hid",
        Highlighted = "Highlighted",
        Identified = "Identified",
        JumpedTo = "JumpedTo",
        Launched = "Launched",
        Liked = "Liked",
        Linked = "Linked",
        LoggedIn = "LoggedIn",
        LoggedOut = "LoggedOut",
        MarkedAsRead = "MarkedAsRead",
        MarkedAsUnread = "MarkedAsUnread",
        Modified = "Modified",
        Muted = "Muted",
        NavigatedTo = "NavigatedTo",
        OpenedPopout = "OpenedPopout",
        OptedIn = "OptedIn",
        OptedOut = "OptedOut",
        Paused = "Paused",
        Posted = "Posted",
        Printed = "Printed",
        Published = "Published",
        Questioned = "Questioned",
        Ranked = "Ranked",
        Recommended = "Recommended",
        Removed = "Removed",
        Reset = "Reset",
        Restarted = "Restarted",
        Restored = "Restored",
        Resumed = "Resumed",
        Retrieved = "Retrieved",
        Returned = "Returned",
        Reviewed = "Reviewed",
        Rewound = "Rewound",
        Saved = "Saved",
        Searched = "Searched",
        Sent = "Sent",
        Shared = "Shared",
        Showed = "Showed",
        Skipped = "Skipped",
        Started = "Started",
        Submitted = "Submitted",
        Subscribed = "Subscribed",
        Tagged = "Tagged",
        TimedOut = "TimedOut",
        Unmuted = "Unmuted",
        Unpublished = "Unpublished",
        Unsubscribed = "Unsubscribed",
        Uploaded = "Uploaded",
        Used = "Used",
        Viewed = "Viewed",
    }
}

/// The spelling variants found in the Caliper contexts and spec fragments, with the term used by
/// the specification text and the fixtures.
pub const ACTION_ALIASES: &[(&str, Action)] = &[
    ("EnabledCloseCaptioning", Action::EnabledClosedCaptioning),
    ("DisabledCloseCaptioning", Action::DisabledClosedCaptioning),
    ("MarkedAsUnRead", Action::MarkedAsUnread),
    ("EnteredFullscreen", Action::EnteredFullScreen),
];

/// The actions that Caliper 1.1 core does not define (they came in through the 1.1 profile
/// extensions and became core in 1.2).
pub const ACTIONS_NOT_IN_V1P1_CORE: &[Action] = &[
    Action::Accepted,
    Action::Archived,
    Action::Copied,
    Action::Declined,
    Action::Downloaded,
    Action::Launched,
    Action::OptedIn,
    Action::OptedOut,
    Action::Printed,
    Action::Published,
    Action::Restored,
    Action::Returned,
    Action::Saved,
    Action::Sent,
    Action::Unpublished,
    Action::Uploaded,
];

impl Action {
    /// The vocabulary term this value stands for: itself when known, the fixture spelling for a
    /// known alias (`EnabledCloseCaptioning` → `EnabledClosedCaptioning`), `None` otherwise.
    pub fn canonical(&self) -> Option<Self> {
        match self {
            Self::Other(s) => ACTION_ALIASES
                .iter()
                .find(|(alias, _)| alias == s)
                .map(|(_, a)| a.clone()),
            known => Some(known.clone()),
        }
    }
}

vocab! {
    /// The 1.2 `profile` of an event (15 profiles; `SurveyProfile` is missing from the v1p2
    /// context although the Survey profile exists).
    Profile {
        GeneralProfile = "GeneralProfile",
        AnnotationProfile = "AnnotationProfile",
        AssessmentProfile = "AssessmentProfile",
        AssignableProfile = "AssignableProfile",
        FeedbackProfile = "FeedbackProfile",
        ForumProfile = "ForumProfile",
        GradingProfile = "GradingProfile",
        MediaProfile = "MediaProfile",
        ReadingProfile = "ReadingProfile",
        ResourceManagementProfile = "ResourceManagementProfile",
        SearchProfile = "SearchProfile",
        SessionProfile = "SessionProfile",
        SurveyProfile = "SurveyProfile",
        ToolLaunchProfile = "ToolLaunchProfile",
        ToolUseProfile = "ToolUseProfile",
    }
}

vocab! {
    /// Event type terms: the 22 of Caliper 1.2, plus `OutcomeEvent` and `ReadingEvent`
    /// (deprecated in 1.1).
    EventType {
        Event = "Event",
        AnnotationEvent = "AnnotationEvent",
        AssessmentEvent = "AssessmentEvent",
        AssessmentItemEvent = "AssessmentItemEvent",
        AssignableEvent = "AssignableEvent",
        FeedbackEvent = "FeedbackEvent",
        ForumEvent = "ForumEvent",
        GradeEvent = "GradeEvent",
        MediaEvent = "MediaEvent",
        MessageEvent = "MessageEvent",
        NavigationEvent = "NavigationEvent",
        QuestionnaireEvent = "QuestionnaireEvent",
        QuestionnaireItemEvent = "QuestionnaireItemEvent",
        ResourceManagementEvent = "ResourceManagementEvent",
        SearchEvent = "SearchEvent",
        SessionEvent = "SessionEvent",
        SurveyEvent = "SurveyEvent",
        SurveyInvitationEvent = "SurveyInvitationEvent",
        ThreadEvent = "ThreadEvent",
        ToolLaunchEvent = "ToolLaunchEvent",
        ToolUseEvent = "ToolUseEvent",
        ViewEvent = "ViewEvent",
        OutcomeEvent = "OutcomeEvent",
        ReadingEvent = "ReadingEvent",
    }
}

impl EventType {
    /// Where this event type is defined in each version.
    pub fn availability(&self) -> Availability {
        match self {
            Self::FeedbackEvent => Availability::Extension(Extension::Feedback),
            Self::ResourceManagementEvent => Availability::Extension(Extension::ResourceManagement),
            Self::SearchEvent => Availability::Extension(Extension::Search),
            Self::ToolLaunchEvent => Availability::Extension(Extension::ToolLaunch),
            Self::QuestionnaireEvent
            | Self::QuestionnaireItemEvent
            | Self::SurveyEvent
            | Self::SurveyInvitationEvent => Availability::Extension(Extension::Survey),
            Self::OutcomeEvent | Self::ReadingEvent => Availability::DeprecatedV1p1,
            Self::Other(_) => Availability::Unknown,
            _ => Availability::Core,
        }
    }
}

vocab! {
    /// Entity type terms: the 73 of Caliper 1.2 (including `SystemIdentifier`, `Selector` and
    /// `TextPositionSelector`), plus the Epub types and `Reading` deprecated in 1.1.
    EntityType {
        Entity = "Entity",
        Agent = "Agent",
        Person = "Person",
        Organization = "Organization",
        CourseOffering = "CourseOffering",
        CourseSection = "CourseSection",
        Group = "Group",
        SoftwareApplication = "SoftwareApplication",
        Membership = "Membership",
        Session = "Session",
        LtiSession = "LtiSession",
        DigitalResource = "DigitalResource",
        AssignableDigitalResource = "AssignableDigitalResource",
        Assessment = "Assessment",
        AssessmentItem = "AssessmentItem",
        Chapter = "Chapter",
        Document = "Document",
        Page = "Page",
        WebPage = "WebPage",
        Frame = "Frame",
        Message = "Message",
        MediaObject = "MediaObject",
        AudioObject = "AudioObject",
        ImageObject = "ImageObject",
        VideoObject = "VideoObject",
        MediaLocation = "MediaLocation",
        Link = "Link",
        LtiLink = "LtiLink",
        Collection = "Collection",
        DigitalResourceCollection = "DigitalResourceCollection",
        Forum = "Forum",
        Thread = "Thread",
        Questionnaire = "Questionnaire",
        QuestionnaireItem = "QuestionnaireItem",
        Question = "Question",
        DateTimeQuestion = "DateTimeQuestion",
        MultiselectQuestion = "MultiselectQuestion",
        OpenEndedQuestion = "OpenEndedQuestion",
        RatingScaleQuestion = "RatingScaleQuestion",
        Scale = "Scale",
        LikertScale = "LikertScale",
        MultiselectScale = "MultiselectScale",
        NumericScale = "NumericScale",
        Survey = "Survey",
        SurveyInvitation = "SurveyInvitation",
        Response = "Response",
        FillinBlankResponse = "FillinBlankResponse",
        MultipleChoiceResponse = "MultipleChoiceResponse",
        MultipleResponseResponse = "MultipleResponseResponse",
        SelectTextResponse = "SelectTextResponse",
        TrueFalseResponse = "TrueFalseResponse",
        DateTimeResponse = "DateTimeResponse",
        MultiselectResponse = "MultiselectResponse",
        OpenEndedResponse = "OpenEndedResponse",
        RatingScaleResponse = "RatingScaleResponse",
        Annotation = "Annotation",
        BookmarkAnnotation = "BookmarkAnnotation",
        HighlightAnnotation = "HighlightAnnotation",
        SharedAnnotation = "SharedAnnotation",
        TagAnnotation = "TagAnnotation",
        Attempt = "Attempt",
        Result = "Result",
        Score = "Score",
        Comment = "Comment",
        Rating = "Rating",
        LearningObjective = "LearningObjective",
        AggregateMeasure = "AggregateMeasure",
        AggregateMeasureCollection = "AggregateMeasureCollection",
        Query = "Query",
        SearchResponse = "SearchResponse",
        SystemIdentifier = "SystemIdentifier",
        Selector = "Selector",
        TextPositionSelector = "TextPositionSelector",
        EpubChapter = "EpubChapter",
        EpubPart = "EpubPart",
        EpubSubChapter = "EpubSubChapter",
        EpubVolume = "EpubVolume",
        Reading = "Reading",
    }
}

impl EntityType {
    /// The direct supertypes (Caliper 1.2 entity fragments, "Supertype(s)"). Note the multiple
    /// inheritance: an `Assessment` is an `AssignableDigitalResource` and a
    /// `DigitalResourceCollection`, which is a `Collection` and a `DigitalResource`.
    pub fn supertypes(&self) -> &'static [Self] {
        match self {
            Self::Entity | Self::Other(_) => &[],
            Self::Person | Self::Organization | Self::SoftwareApplication => &[Self::Agent],
            Self::CourseOffering | Self::Group => &[Self::Organization],
            Self::CourseSection => &[Self::CourseOffering],
            Self::LtiSession => &[Self::Session],
            Self::AssignableDigitalResource => &[Self::DigitalResource],
            Self::Assessment => &[
                Self::AssignableDigitalResource,
                Self::DigitalResourceCollection,
            ],
            Self::AssessmentItem => &[Self::AssignableDigitalResource],
            Self::DigitalResourceCollection => &[Self::Collection, Self::DigitalResource],
            Self::Forum | Self::Thread | Self::Questionnaire => &[Self::DigitalResourceCollection],
            Self::Survey | Self::AggregateMeasureCollection => &[Self::Collection],
            Self::Chapter
            | Self::Document
            | Self::Page
            | Self::WebPage
            | Self::Frame
            | Self::Message
            | Self::MediaObject
            | Self::MediaLocation
            | Self::LtiLink
            | Self::Question
            | Self::QuestionnaireItem
            | Self::SurveyInvitation
            | Self::EpubChapter
            | Self::EpubPart
            | Self::EpubSubChapter
            | Self::EpubVolume
            | Self::Reading => &[Self::DigitalResource],
            Self::AudioObject | Self::ImageObject | Self::VideoObject => &[Self::MediaObject],
            Self::DateTimeQuestion
            | Self::MultiselectQuestion
            | Self::OpenEndedQuestion
            | Self::RatingScaleQuestion => &[Self::Question],
            Self::LikertScale | Self::MultiselectScale | Self::NumericScale => &[Self::Scale],
            Self::FillinBlankResponse
            | Self::MultipleChoiceResponse
            | Self::MultipleResponseResponse
            | Self::SelectTextResponse
            | Self::TrueFalseResponse
            | Self::DateTimeResponse
            | Self::MultiselectResponse
            | Self::OpenEndedResponse
            | Self::RatingScaleResponse => &[Self::Response],
            Self::BookmarkAnnotation
            | Self::HighlightAnnotation
            | Self::SharedAnnotation
            | Self::TagAnnotation => &[Self::Annotation],
            Self::TextPositionSelector => &[Self::Selector],
            Self::Agent
            | Self::Membership
            | Self::Session
            | Self::DigitalResource
            | Self::Link
            | Self::Collection
            | Self::Scale
            | Self::Response
            | Self::Annotation
            | Self::Attempt
            | Self::Result
            | Self::Score
            | Self::Comment
            | Self::Rating
            | Self::LearningObjective
            | Self::AggregateMeasure
            | Self::Query
            | Self::SearchResponse
            | Self::SystemIdentifier
            | Self::Selector => &[Self::Entity],
        }
    }

    /// Whether a value of this type is a `other` (the same type, or a subtype at any depth).
    /// Every known type is an `Entity`; an unknown type is only an `Entity`.
    pub fn is_a(&self, other: &Self) -> bool {
        if self == other || *other == Self::Entity {
            return true;
        }
        self.supertypes().iter().any(|s| s.is_a(other))
    }

    /// Whether this type is an abstract supertype that the specification does not expect as a
    /// concrete `type` value (`Selector`).
    pub fn is_abstract(&self) -> bool {
        matches!(self, Self::Selector)
    }

    /// Where this entity type is defined in each version.
    pub fn availability(&self) -> Availability {
        match self {
            Self::Comment | Self::Rating | Self::Scale | Self::LikertScale | Self::NumericScale => {
                Availability::Extension(Extension::Feedback)
            }
            Self::MultiselectScale
            | Self::Question
            | Self::RatingScaleQuestion
            | Self::Collection
            | Self::DateTimeQuestion
            | Self::DateTimeResponse
            | Self::MultiselectQuestion
            | Self::MultiselectResponse
            | Self::OpenEndedQuestion
            | Self::OpenEndedResponse
            | Self::Questionnaire
            | Self::QuestionnaireItem
            | Self::RatingScaleResponse
            | Self::Survey
            | Self::SurveyInvitation => Availability::Extension(Extension::Survey),
            Self::Query | Self::SearchResponse => Availability::Extension(Extension::Search),
            Self::Link | Self::LtiLink => Availability::Extension(Extension::ToolLaunch),
            Self::AggregateMeasure | Self::AggregateMeasureCollection => {
                Availability::Extension(Extension::ToolUse)
            }
            Self::SystemIdentifier => Availability::V1p2Only,
            Self::EpubChapter
            | Self::EpubPart
            | Self::EpubSubChapter
            | Self::EpubVolume
            | Self::Reading => Availability::DeprecatedV1p1,
            Self::Other(_) => Availability::Unknown,
            _ => Availability::Core,
        }
    }

    /// The IRI of an anonymous entity of this type (Caliper 1.2: an entity whose `id` is its
    /// type IRI), e.g. `http://purl.imsglobal.org/caliper/Person`.
    pub fn anonymous_iri(&self) -> String {
        format!("http://purl.imsglobal.org/caliper/{}", self.as_str())
    }

    /// Whether `id` is this type's anonymous IRI (`http` or `https`).
    pub fn is_anonymous_id(&self, id: &str) -> bool {
        let rest = id
            .strip_prefix("http://purl.imsglobal.org/caliper/")
            .or_else(|| id.strip_prefix("https://purl.imsglobal.org/caliper/"));
        rest == Some(self.as_str())
    }
}

/// Where a type term is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Availability {
    /// In the 1.1 core context and in 1.2.
    Core,
    /// In a 1.1 profile extension context, and core in 1.2.
    Extension(Extension),
    /// Only in 1.2.
    V1p2Only,
    /// Deprecated in 1.1, removed in 1.2.
    DeprecatedV1p1,
    /// Not a Caliper term.
    Unknown,
}

vocab! {
    /// LIS membership roles (`roles` of a `Membership`): the 8 base roles and their
    /// `Role#SubRole` terms from the v1p2 context.
    Role {
        Administrator = "Administrator",
        ContentDeveloper = "ContentDeveloper",
        Instructor = "Instructor",
        Learner = "Learner",
        Manager = "Manager",
        Member = "Member",
        Mentor = "Mentor",
        Officer = "Officer",
        AdministratorAdministrator = "Administrator#Administrator",
        AdministratorDeveloper = "Administrator#Developer",
        AdministratorExternalDeveloper = "Administrator#ExternalDeveloper",
        AdministratorExternalSupport = "Administrator#ExternalSupport",
        AdministratorExternalSystemAdministrator = "Administrator#ExternalSystemAdministrator",
        AdministratorSupport = "Administrator#Support",
        AdministratorSystemAdministrator = "Administrator#SystemAdministrator",
        ContentDeveloperContentDeveloper = "ContentDeveloper#ContentDeveloper",
        ContentDeveloperContentExpert = "ContentDeveloper#ContentExpert",
        ContentDeveloperExternalContentExpert = "ContentDeveloper#ExternalContentExpert",
        ContentDeveloperLibrarian = "ContentDeveloper#Librarian",
        InstructorExternalInstructor = "Instructor#ExternalInstructor",
        InstructorGrader = "Instructor#Grader",
        InstructorGuestInstructor = "Instructor#GuestInstructor",
        InstructorInstructor = "Instructor#Instructor",
        InstructorLecturer = "Instructor#Lecturer",
        InstructorPrimaryInstructor = "Instructor#PrimaryInstructor",
        InstructorSecondaryInstructor = "Instructor#SecondaryInstructor",
        InstructorTeachingAssistant = "Instructor#TeachingAssistant",
        InstructorTeachingAssistantGroup = "Instructor#TeachingAssistantGroup",
        InstructorTeachingAssistantOffering = "Instructor#TeachingAssistantOffering",
        InstructorTeachingAssistantSection = "Instructor#TeachingAssistantSection",
        InstructorTeachingAssistantTemplate = "Instructor#TeachingAssistantTemplate",
        LearnerExternalLearner = "Learner#ExternalLearner",
        LearnerGuestLearner = "Learner#GuestLearner",
        LearnerLearner = "Learner#Learner",
        LearnerNonCreditLearner = "Learner#NonCreditLearner",
        ManagerAreaManager = "Manager#AreaManager",
        ManagerCourseCoordinator = "Manager#CourseCoordinator",
        ManagerObserver = "Manager#Observer",
        ManagerExternalObserver = "Manager#ExternalObserver",
        MemberMember = "Member#Member",
        MentorAdvisor = "Mentor#Advisor",
        MentorAuditor = "Mentor#Auditor",
        MentorExternalAdvisor = "Mentor#ExternalAdvisor",
        MentorExternalAuditor = "Mentor#ExternalAuditor",
        MentorExternalLearningFacilitator = "Mentor#ExternalLearningFacilitator",
        MentorExternalMentor = "Mentor#ExternalMentor",
        MentorExternalReviewer = "Mentor#ExternalReviewer",
        MentorExternalTutor = "Mentor#ExternalTutor",
        MentorLearningFacilitator = "Mentor#LearningFacilitator",
        MentorMentor = "Mentor#Mentor",
        MentorReviewer = "Mentor#Reviewer",
        MentorTutor = "Mentor#Tutor",
        OfficerChair = "Officer#Chair",
        OfficerSecretary = "Officer#Secretary",
        OfficerTreasurer = "Officer#Treasurer",
        OfficerViceChair = "Officer#Vice-Chair",
    }
}

/// Role terms used by the 1.2 fixtures but not defined by the v1p2 context (a known
/// inconsistency: `caliperEnvelopeTermLISRole.json` uses `Manager#Manager`).
pub const UNDEFINED_FIXTURE_ROLES: &[&str] = &["Manager#Manager"];

vocab! {
    /// LIS membership status.
    Status {
        Active = "Active",
        Inactive = "Inactive",
    }
}

vocab! {
    /// `AggregateMeasure` metrics (Caliper 1.2 Appendix, tool use).
    Metric {
        AssessmentsPassed = "AssessmentsPassed",
        AssessmentsSubmitted = "AssessmentsSubmitted",
        MinutesOnTask = "MinutesOnTask",
        SkillsMastered = "SkillsMastered",
        StandardsMastered = "StandardsMastered",
        UnitsCompleted = "UnitsCompleted",
        UnitsPassed = "UnitsPassed",
        WordsRead = "WordsRead",
    }
}

vocab! {
    /// `SystemIdentifier` identifier types (Caliper 1.2).
    IdentifierType {
        AccountUserName = "AccountUserName",
        CaseItemUri = "CaseItemUri",
        EmailAddress = "EmailAddress",
        LisSourcedId = "LisSourcedId",
        LtiContextId = "LtiContextId",
        LtiDeploymentId = "LtiDeploymentId",
        LtiPlatformId = "LtiPlatformId",
        LtiToolId = "LtiToolId",
        LtiUserId = "LtiUserId",
        OneRosterSourcedId = "OneRosterSourcedId",
        OtherType = "Other",
        SisSourcedId = "SisSourcedId",
        SystemId = "SystemId",
    }
}

vocab! {
    /// LTI message types (`messageType` of an `LtiLink`).
    LtiMessageType {
        LtiDeepLinkingRequest = "LtiDeepLinkingRequest",
        LtiResourceLinkRequest = "LtiResourceLinkRequest",
    }
}

/// A Caliper version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Version {
    /// Caliper 1.0 (recognised, not validated).
    #[serde(rename = "1.0")]
    V1p0,
    /// Caliper 1.1.
    #[serde(rename = "1.1")]
    V1p1,
    /// Caliper 1.2.
    #[serde(rename = "1.2")]
    V1p2,
}

impl Version {
    /// `"1.0"`, `"1.1"` or `"1.2"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V1p0 => "1.0",
            Self::V1p1 => "1.1",
            Self::V1p2 => "1.2",
        }
    }

    /// The context IRI of the version (`http://purl.imsglobal.org/ctx/caliper/v1p2`).
    pub const fn context_iri(self) -> &'static str {
        match self {
            Self::V1p0 => "http://purl.imsglobal.org/ctx/caliper/v1p0",
            Self::V1p1 => CONTEXT_V1P1,
            Self::V1p2 => CONTEXT_V1P2,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The Caliper 1.1 context IRI.
pub const CONTEXT_V1P1: &str = "http://purl.imsglobal.org/ctx/caliper/v1p1";
/// The Caliper 1.2 context IRI.
pub const CONTEXT_V1P2: &str = "http://purl.imsglobal.org/ctx/caliper/v1p2";

/// A Caliper 1.1 profile extension (a separate JSON-LD context that adds terms; all became core
/// in 1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Extension {
    /// `…/v1p1/FeedbackProfile-extension`.
    Feedback,
    /// `…/v1p1/ResourceManagementProfile-extension`.
    ResourceManagement,
    /// `…/v1p1/SearchProfile-extension`.
    Search,
    /// `…/v1p1/SurveyProfile-extension`.
    Survey,
    /// `…/v1p1/ToolLaunchProfile-extension`.
    ToolLaunch,
    /// `…/v1p1/ToolUseProfile-extension`.
    ToolUse,
}

impl Extension {
    /// Every extension.
    pub const ALL: &'static [Self] = &[
        Self::Feedback,
        Self::ResourceManagement,
        Self::Search,
        Self::Survey,
        Self::ToolLaunch,
        Self::ToolUse,
    ];

    /// The extension context IRI.
    pub const fn context_iri(self) -> &'static str {
        match self {
            Self::Feedback => {
                "http://purl.imsglobal.org/ctx/caliper/v1p1/FeedbackProfile-extension"
            }
            Self::ResourceManagement => {
                "http://purl.imsglobal.org/ctx/caliper/v1p1/ResourceManagementProfile-extension"
            }
            Self::Search => "http://purl.imsglobal.org/ctx/caliper/v1p1/SearchProfile-extension",
            Self::Survey => "http://purl.imsglobal.org/ctx/caliper/v1p1/SurveyProfile-extension",
            Self::ToolLaunch => {
                "http://purl.imsglobal.org/ctx/caliper/v1p1/ToolLaunchProfile-extension"
            }
            Self::ToolUse => "http://purl.imsglobal.org/ctx/caliper/v1p1/ToolUseProfile-extension",
        }
    }
}

/// What a context IRI says about the version: `Some((version, extension))` for a Caliper
/// context IRI (`http` or `https`, with or without a trailing slash), `None` otherwise.
pub fn context_version(iri: &str) -> Option<(Version, Option<Extension>)> {
    let rest = iri
        .strip_prefix("http://purl.imsglobal.org/ctx/caliper/")
        .or_else(|| iri.strip_prefix("https://purl.imsglobal.org/ctx/caliper/"))?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    match rest {
        "v1p2" => Some((Version::V1p2, None)),
        "v1p1" => Some((Version::V1p1, None)),
        "v1p0" => Some((Version::V1p0, None)),
        other => {
            let ext = other.strip_prefix("v1p1/")?;
            Extension::ALL
                .iter()
                .find(|e| {
                    e.context_iri()
                        .rsplit('/')
                        .next()
                        .is_some_and(|last| last == ext)
                })
                .map(|e| (Version::V1p1, Some(*e)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_specification() {
        assert_eq!(Action::ALL.len(), 80);
        assert_eq!(Profile::ALL.len(), 15);
        assert_eq!(EventType::ALL.len(), 24);
        assert_eq!(EntityType::ALL.len(), 73 + 5);
        assert_eq!(Role::ALL.len(), 56);
        assert_eq!(Metric::ALL.len(), 8);
        assert_eq!(IdentifierType::ALL.len(), 13);
        assert_eq!(
            Action::ALL
                .iter()
                .filter(|a| !ACTIONS_NOT_IN_V1P1_CORE.contains(a))
                .count(),
            64
        );
    }

    #[test]
    fn terms_round_trip() {
        for a in Action::ALL {
            assert_eq!(&Action::from_term(a.as_str()), a);
        }
        for t in EntityType::ALL {
            assert_eq!(&EntityType::from_term(t.as_str()), t);
        }
        assert_eq!(
            Role::from_term("Officer#Vice-Chair"),
            Role::OfficerViceChair
        );
        assert_eq!(
            IdentifierType::from_term("Other"),
            IdentifierType::OtherType
        );
        assert_eq!(Action::from_term("Flew"), Action::Other("Flew".to_owned()));
        assert!(!Action::from_term("Flew").is_known());
    }

    #[test]
    fn aliases_map_to_canonical_actions() {
        let a = Action::from_term("EnabledCloseCaptioning");
        assert!(!a.is_known());
        assert_eq!(a.canonical(), Some(Action::EnabledClosedCaptioning));
        assert_eq!(
            Action::from_term("MarkedAsUnRead").canonical(),
            Some(Action::MarkedAsUnread)
        );
        assert_eq!(Action::Viewed.canonical(), Some(Action::Viewed));
        assert_eq!(Action::from_term("Nope").canonical(), None);
    }

    #[test]
    fn subtyping_is_transitive_with_multiple_inheritance() {
        use EntityType as T;
        assert!(T::Assessment.is_a(&T::DigitalResource));
        assert!(T::Assessment.is_a(&T::Collection));
        assert!(T::Assessment.is_a(&T::AssignableDigitalResource));
        assert!(T::CourseSection.is_a(&T::Agent));
        assert!(T::VideoObject.is_a(&T::MediaObject));
        assert!(!T::Person.is_a(&T::DigitalResource));
        assert!(T::Other("Thesis".into()).is_a(&T::Entity));
        assert!(!T::Other("Thesis".into()).is_a(&T::DigitalResource));
        for t in T::ALL {
            assert!(t.is_a(&T::Entity), "{t}");
        }
    }

    #[test]
    fn context_iris() {
        assert_eq!(
            context_version("http://purl.imsglobal.org/ctx/caliper/v1p2"),
            Some((Version::V1p2, None))
        );
        assert_eq!(
            context_version("http://purl.imsglobal.org/ctx/caliper/v1p1/ToolUseProfile-extension"),
            Some((Version::V1p1, Some(Extension::ToolUse)))
        );
        assert_eq!(context_version("http://example.com/ctx"), None);
        assert_eq!(
            context_version("http://purl.imsglobal.org/ctx/caliper/v1p1/Nope-extension"),
            None
        );
        for e in Extension::ALL {
            assert_eq!(
                context_version(e.context_iri()),
                Some((Version::V1p1, Some(*e)))
            );
        }
        assert!(EntityType::Person.is_anonymous_id("http://purl.imsglobal.org/caliper/Person"));
        assert!(!EntityType::Person.is_anonymous_id("http://purl.imsglobal.org/caliper/Agent"));
    }
}
