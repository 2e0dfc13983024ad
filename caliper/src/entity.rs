//! Entities (Caliper 1.2 §4 and Appendix "Entities"; Caliper 1.1 §4): one struct per entity
//! type with every property the specification defines, the [`Entity`] enum over them, and
//! [`EntityRef`] for properties that take an entity or its IRI.
//!
//! Inheritance is modelled by composition: properties every entity has live in [`EntityBase`],
//! and the property sets that several types inherit are groups ([`ResourceProps`] for
//! `DigitalResource` subtypes, [`AssignableProps`], [`OrganizationProps`], [`CourseProps`],
//! [`SessionProps`], [`ResponseProps`], [`AnnotationProps`], [`QuestionProps`],
//! [`MediaProps`]). Subtype checks use [`EntityType::is_a`].
//!
//! Properties the type does not define, and values of the wrong JSON shape, are kept in
//! [`EntityBase::other`] and written back unchanged.

use serde::Deserializer;
use serde_json::{Map, Number, Value};

use crate::json::{self, Context, DateTime, Duration, Field, Prop, Read};

/// `Result` is an entity type here, so the standard result type goes by another name.
type Res<T, E> = core::result::Result<T, E>;
use crate::vocab::{EntityType, IdentifierType, LtiMessageType, Metric, Role, Status};

/// The target list of a reference property (`None` for properties that are not references).
macro_rules! ref_targets {
    () => {
        None
    };
    ($($t:ident),+) => {
        Some(&[$(EntityType::$t),+])
    };
}

/// Defines a property group: a struct of optional properties shared by several entity types.
macro_rules! prop_group {
    (
        $(#[$doc:meta])*
        $name:ident {
            $( $(#[$fdoc:meta])* $field:ident : $fty:ty = $json:literal $(=> [$($target:ident),+])? ; )+
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fdoc])*
                #[doc = concat!("\n\nJSON property `", $json, "`.")]
                pub $field: Option<$fty>,
            )+
        }

        impl $name {
            /// The JSON property names of this group.
            pub const PROPERTIES: &'static [&'static str] = &[$($json),+];

            pub(crate) fn accepts(key: &str) -> bool {
                matches!(key, $($json)|+)
            }

            pub(crate) fn set_prop<'de, D: Deserializer<'de>>(
                &mut self,
                key: &str,
                d: D,
                other: &mut Map<String, Value>,
            ) -> Res<(), D::Error> {
                match key {
                    $($json => json::store(&mut self.$field, other, key, d),)+
                    _ => json::store_raw(other, key, d),
                }
            }

            pub(crate) fn for_each_prop<'s, E>(
        &'s self,
                f: &mut dyn FnMut(&'s str, Prop<'s>) -> Res<(), E>,
            ) -> Res<(), E> {
                $(
                    if let Some(v) = &self.$field {
                        f($json, v.prop())?;
                    }
                )+
                Ok(())
            }

            pub(crate) fn ref_types(key: &str) -> Option<&'static [EntityType]> {
                match key {
                    $($json => ref_targets!($($($target),+)?),)+
                    _ => None,
                }
            }

            pub(crate) fn expected(key: &str) -> Option<&'static str> {
                match key {
                    $($json => Some(<$fty as Field>::EXPECTED),)+
                    _ => None,
                }
            }
        }
    };
}

prop_group! {
    /// Properties of `DigitalResource` that its subtypes inherit.
    ResourceProps {
        /// The agents (typically persons) who brought the resource into being.
        creators: Vec<EntityRef> = "creators" => [Agent];
        /// The IANA media type of the resource.
        media_type: String = "mediaType";
        /// Tags or labels.
        keywords: Vec<String> = "keywords";
        /// What a learner is expected to learn.
        learning_objectives: Vec<EntityRef> = "learningObjectives" => [LearningObjective];
        /// The entity this resource is part of.
        is_part_of: EntityRef = "isPartOf" => [Entity];
        /// Publication date.
        date_published: DateTime = "datePublished";
        /// Version or edition.
        version: String = "version";
        /// The file name when stored in a file system.
        storage_name: String = "storageName";
    }
}

prop_group! {
    /// Properties of `AssignableDigitalResource` that `Assessment` and `AssessmentItem` inherit.
    AssignableProps {
        /// When the resource was activated.
        date_to_activate: DateTime = "dateToActivate";
        /// When the resource should be shown to learners.
        date_to_show: DateTime = "dateToShow";
        /// When the resource can be started.
        date_to_start_on: DateTime = "dateToStartOn";
        /// When the resource is due.
        date_to_submit: DateTime = "dateToSubmit";
        /// Number of attempts permitted.
        max_attempts: u64 = "maxAttempts";
        /// Number of submissions permitted.
        max_submits: u64 = "maxSubmits";
        /// Maximum score.
        max_score: Number = "maxScore";
    }
}

prop_group! {
    /// Properties of `Organization` that `CourseOffering`, `CourseSection` and `Group` inherit.
    OrganizationProps {
        /// Member agents.
        members: Vec<EntityRef> = "members" => [Agent];
        /// The parent organization.
        sub_organization_of: EntityRef = "subOrganizationOf" => [Organization];
    }
}

prop_group! {
    /// Properties of `CourseOffering` that `CourseSection` inherits.
    CourseProps {
        /// The course number, e.g. `CPS 435`.
        course_number: String = "courseNumber";
        /// The academic session, e.g. `Fall 2018`.
        academic_session: String = "academicSession";
    }
}

prop_group! {
    /// Properties of `Session` that `LtiSession` inherits.
    SessionProps {
        /// The person whose session this is.
        user: EntityRef = "user" => [Person];
        /// The client application.
        client: EntityRef = "client" => [SoftwareApplication];
        /// Start time.
        started_at_time: DateTime = "startedAtTime";
        /// End time.
        ended_at_time: DateTime = "endedAtTime";
        /// Length of the session.
        duration: Duration = "duration";
    }
}

prop_group! {
    /// Properties of `Response` that its subtypes inherit.
    ResponseProps {
        /// The attempt this response belongs to.
        attempt: EntityRef = "attempt" => [Attempt];
        /// Start time.
        started_at_time: DateTime = "startedAtTime";
        /// End time.
        ended_at_time: DateTime = "endedAtTime";
        /// Time taken.
        duration: Duration = "duration";
    }
}

prop_group! {
    /// Properties of `Annotation` that its subtypes inherit.
    AnnotationProps {
        /// The person who created the annotation.
        annotator: EntityRef = "annotator" => [Person];
        /// The annotated resource.
        annotated: EntityRef = "annotated" => [DigitalResource];
    }
}

prop_group! {
    /// Properties of `Question` that its subtypes inherit.
    QuestionProps {
        /// The question posed.
        question_posed: String = "questionPosed";
    }
}

prop_group! {
    /// Properties of `MediaObject` that its subtypes inherit.
    MediaProps {
        /// Length of the media.
        duration: Duration = "duration";
    }
}

/// The properties every entity has (Caliper 1.2 "Entity"), plus what reading found that the type
/// does not define.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct EntityBase {
    /// `@context` (required on top-level entities, usually absent on nested ones).
    pub context: Option<Context>,
    /// `id`: an IRI (required except on `SystemIdentifier` and selectors).
    pub id: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `dateCreated`.
    pub date_created: Option<DateTime>,
    /// `dateModified`.
    pub date_modified: Option<DateTime>,
    /// `otherIdentifiers` (1.2): `SystemIdentifier` objects.
    pub other_identifiers: Option<Vec<Entity>>,
    /// `extensions`: custom attributes.
    pub extensions: Option<Map<String, Value>>,
    /// Properties the type does not define, and defined properties whose value has the wrong
    /// shape (or is `null`), exactly as read.
    pub other: Map<String, Value>,
}

impl EntityBase {
    /// The JSON property names of the base.
    pub const PROPERTIES: &'static [&'static str] = &[
        "@context",
        "id",
        "type",
        "name",
        "description",
        "dateCreated",
        "dateModified",
        "otherIdentifiers",
        "extensions",
    ];

    pub(crate) fn set_prop<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        d: D,
    ) -> Res<(), D::Error> {
        match key {
            "@context" => json::store(&mut self.context, &mut self.other, key, d),
            "id" => json::store(&mut self.id, &mut self.other, key, d),
            "name" => json::store(&mut self.name, &mut self.other, key, d),
            "description" => json::store(&mut self.description, &mut self.other, key, d),
            "dateCreated" => json::store(&mut self.date_created, &mut self.other, key, d),
            "dateModified" => json::store(&mut self.date_modified, &mut self.other, key, d),
            "otherIdentifiers" => json::store(&mut self.other_identifiers, &mut self.other, key, d),
            "extensions" => json::store(&mut self.extensions, &mut self.other, key, d),
            _ => json::store_raw(&mut self.other, key, d),
        }
    }

    /// Writes `@context` and `id`.
    pub(crate) fn head<'s, E>(
        &'s self,
        f: &mut dyn FnMut(&'s str, Prop<'s>) -> Res<(), E>,
    ) -> Res<(), E> {
        if let Some(c) = &self.context {
            f("@context", Prop::Context(c))?;
        }
        if let Some(id) = &self.id {
            f("id", Prop::Str(id))?;
        }
        Ok(())
    }

    /// Writes the descriptive base properties.
    pub(crate) fn body<'s, E>(
        &'s self,
        f: &mut dyn FnMut(&'s str, Prop<'s>) -> Res<(), E>,
    ) -> Res<(), E> {
        if let Some(v) = &self.name {
            f("name", Prop::Str(v))?;
        }
        if let Some(v) = &self.description {
            f("description", Prop::Str(v))?;
        }
        if let Some(v) = &self.date_created {
            f("dateCreated", Prop::DateTime(v))?;
        }
        if let Some(v) = &self.date_modified {
            f("dateModified", Prop::DateTime(v))?;
        }
        if let Some(v) = &self.other_identifiers {
            f("otherIdentifiers", Prop::Objects(v))?;
        }
        Ok(())
    }

    /// Writes `extensions` and the other properties.
    pub(crate) fn tail<'s, E>(
        &'s self,
        f: &mut dyn FnMut(&'s str, Prop<'s>) -> Res<(), E>,
    ) -> Res<(), E> {
        if let Some(v) = &self.extensions {
            f("extensions", Prop::Map(v))?;
        }
        for (k, v) in &self.other {
            f(k, Prop::Value(v))?;
        }
        Ok(())
    }

    pub(crate) fn ref_types(key: &str) -> Option<&'static [EntityType]> {
        match key {
            "otherIdentifiers" => Some(&[EntityType::SystemIdentifier]),
            _ => None,
        }
    }

    pub(crate) fn expected(key: &str) -> Option<&'static str> {
        Some(match key {
            "@context" => Context::EXPECTED,
            "id" => "an IRI string",
            "type" => "a type term string",
            "name" | "description" => <String as Field>::EXPECTED,
            "dateCreated" | "dateModified" => <DateTime as Field>::EXPECTED,
            "otherIdentifiers" => <Vec<Entity> as Field>::EXPECTED,
            "extensions" => <Map<String, Value> as Field>::EXPECTED,
            _ => return None,
        })
    }
}

/// Defines the entity structs and the [`Entity`] enum over them.
macro_rules! entity_types {
    (
        $(
            $(#[$doc:meta])*
            $name:ident [$($group:ident : $gty:ident),*] {
                $( $(#[$fdoc:meta])* $field:ident : $fty:ty = $json:literal $(=> [$($target:ident),+])? ; )*
            }
        )+
    ) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Default, PartialEq)]
            #[non_exhaustive]
            pub struct $name {
                /// Properties every entity has.
                pub base: EntityBase,
                $(
                    #[doc = concat!("Properties inherited through `", stringify!($gty), "`.")]
                    pub $group: $gty,
                )*
                $(
                    $(#[$fdoc])*
                    #[doc = concat!("\n\nJSON property `", $json, "`.")]
                    pub $field: Option<$fty>,
                )*
            }

            impl $name {
                /// The type term.
                pub const TYPE: EntityType = EntityType::$name;

                /// The JSON property names this type adds to its base and groups.
                pub const PROPERTIES: &'static [&'static str] = &[$($json),*];

                /// An entity of this type with the given `id` and nothing else.
                pub fn new(id: impl Into<String>) -> Self {
                    let mut e = Self::default();
                    e.base.id = Some(id.into());
                    e
                }

                /// Whether `key` is a property of this type.
                pub fn is_property(key: &str) -> bool {
                    Self::PROPERTIES.contains(&key) || EntityBase::PROPERTIES.contains(&key)
                        $(|| $gty::accepts(key))*
                }

                pub(crate) fn set_prop<'de, D: Deserializer<'de>>(
                    &mut self,
                    key: &str,
                    d: D,
                ) -> Res<(), D::Error> {
                    match key {
                        $($json => json::store(&mut self.$field, &mut self.base.other, key, d),)*
                        _ => {
                            $(
                                if $gty::accepts(key) {
                                    return self.$group.set_prop(key, d, &mut self.base.other);
                                }
                            )*
                            self.base.set_prop(key, d)
                        }
                    }
                }

                pub(crate) fn for_each_prop<'s, E>(
        &'s self,
                    f: &mut dyn FnMut(&'s str, Prop<'s>) -> Res<(), E>,
                ) -> Res<(), E> {
                    self.base.head(f)?;
                    f("type", Prop::Term(stringify!($name)))?;
                    self.base.body(f)?;
                    $(self.$group.for_each_prop(f)?;)*
                    $(
                        if let Some(v) = &self.$field {
                            f($json, v.prop())?;
                        }
                    )*
                    self.base.tail(f)
                }

                pub(crate) fn ref_types(key: &str) -> Option<&'static [EntityType]> {
                    match key {
                        $($json => ref_targets!($($($target),+)?),)*
                        _ => {
                            $(
                                if $gty::accepts(key) {
                                    return $gty::ref_types(key);
                                }
                            )*
                            EntityBase::ref_types(key)
                        }
                    }
                }

                pub(crate) fn expected(key: &str) -> Option<&'static str> {
                    match key {
                        $($json => Some(<$fty as Field>::EXPECTED),)*
                        _ => {
                            $(
                                if $gty::accepts(key) {
                                    return $gty::expected(key);
                                }
                            )*
                            EntityBase::expected(key)
                        }
                    }
                }
            }

            impl From<$name> for Entity {
                fn from(e: $name) -> Self {
                    Entity::$name(Box::new(e))
                }
            }

            impl From<$name> for EntityRef {
                fn from(e: $name) -> Self {
                    EntityRef::Entity(Entity::$name(Box::new(e)))
                }
            }
        )+

        /// Every JSON property name any entity type defines.
        pub fn all_properties() -> &'static [&'static str] {
            static ALL: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
                let mut v: Vec<&'static str> = EntityBase::PROPERTIES.to_vec();
                for group in [
                    ResourceProps::PROPERTIES,
                    AssignableProps::PROPERTIES,
                    OrganizationProps::PROPERTIES,
                    CourseProps::PROPERTIES,
                    SessionProps::PROPERTIES,
                    ResponseProps::PROPERTIES,
                    AnnotationProps::PROPERTIES,
                    QuestionProps::PROPERTIES,
                    MediaProps::PROPERTIES,
                    $($name::PROPERTIES,)+
                ] {
                    v.extend_from_slice(group);
                }
                v.sort_unstable();
                v.dedup();
                v
            });
            &ALL
        }

        /// Any entity: one variant per entity type, plus [`Entity::Other`] for the generic
        /// `Entity` type, an unknown type, or a missing `type`.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Entity {
            $(
                #[doc = concat!("`", stringify!($name), "`.")]
                $name(Box<$name>),
            )+
            /// An entity whose `type` is not a Caliper entity term (or is missing).
            Other(Box<GenericEntity>),
        }

        impl Entity {
            /// An empty entity of the given type (no `id`).
            pub fn empty(ty: &EntityType) -> Self {
                match ty {
                    $(EntityType::$name => Entity::$name(Box::default()),)+
                    EntityType::Entity => Entity::Other(Box::new(GenericEntity {
                        type_term: Some("Entity".to_owned()),
                        ..GenericEntity::default()
                    })),
                    EntityType::Other(t) => Entity::Other(Box::new(GenericEntity {
                        type_term: Some(t.clone()),
                        ..GenericEntity::default()
                    })),
                }
            }

            /// The entity's type (`None` when the `type` property is missing or not a string).
            pub fn entity_type(&self) -> Option<EntityType> {
                match self {
                    $(Entity::$name(_) => Some(EntityType::$name),)+
                    Entity::Other(g) => g.type_term.as_deref().map(EntityType::from_term),
                }
            }

            /// The `type` term as written (`None` when missing).
            pub fn type_term(&self) -> Option<&str> {
                match self {
                    $(Entity::$name(_) => Some(stringify!($name)),)+
                    Entity::Other(g) => g.type_term.as_deref(),
                }
            }

            /// The properties every entity has.
            pub fn base(&self) -> &EntityBase {
                match self {
                    $(Entity::$name(e) => &e.base,)+
                    Entity::Other(g) => &g.base,
                }
            }

            /// The properties every entity has, mutably.
            pub fn base_mut(&mut self) -> &mut EntityBase {
                match self {
                    $(Entity::$name(e) => &mut e.base,)+
                    Entity::Other(g) => &mut g.base,
                }
            }

            /// Whether `key` is a property the entity's type defines.
            pub fn is_property(&self, key: &str) -> bool {
                match self {
                    $(Entity::$name(_) => $name::is_property(key),)+
                    Entity::Other(_) => EntityBase::PROPERTIES.contains(&key),
                }
            }

            pub(crate) fn set_prop<'de, D: Deserializer<'de>>(
                &mut self,
                key: &str,
                d: D,
            ) -> Res<(), D::Error> {
                if key == "type" && !matches!(self, Entity::Other(_)) {
                    // A typed entity's `type` was read when its type was decided.
                    return Err(json::duplicate(key));
                }
                match self {
                    $(Entity::$name(e) => e.set_prop(key, d),)+
                    Entity::Other(g) => g.set_prop(key, d),
                }
            }

            /// Calls `f` with every property (name and value) in writing order: `@context`,
            /// `id`, `type`, the base properties, the type's properties, `extensions`, then the
            /// other properties.
            pub fn for_each_prop<'s, E>(
        &'s self,
                f: &mut dyn FnMut(&'s str, Prop<'s>) -> Res<(), E>,
            ) -> Res<(), E> {
                match self {
                    $(Entity::$name(e) => e.for_each_prop(f),)+
                    Entity::Other(g) => g.for_each_prop(f),
                }
            }

            /// For a reference property of this entity's type, the types its value may have.
            pub fn ref_types(&self, key: &str) -> Option<&'static [EntityType]> {
                match self {
                    $(Entity::$name(_) => $name::ref_types(key),)+
                    Entity::Other(_) => EntityBase::ref_types(key),
                }
            }

            /// For a property of this entity's type, a description of the expected value.
            pub fn expected(&self, key: &str) -> Option<&'static str> {
                match self {
                    $(Entity::$name(_) => $name::expected(key),)+
                    Entity::Other(_) => EntityBase::expected(key),
                }
            }
        }
    };
}

entity_types! {
    /// An `Agent` (generic).
    Agent [] {}
    /// A `Person`.
    Person [] {}
    /// An `Organization`.
    Organization [org: OrganizationProps] {}
    /// A `CourseOffering`.
    CourseOffering [org: OrganizationProps, course: CourseProps] {}
    /// A `CourseSection`.
    CourseSection [org: OrganizationProps, course: CourseProps] {
        /// The section category (lecture, lab…).
        category: String = "category";
    }
    /// A `Group`.
    Group [org: OrganizationProps] {}
    /// A `SoftwareApplication`.
    SoftwareApplication [] {
        /// Host name.
        host: String = "host";
        /// IP address.
        ip_address: String = "ipAddress";
        /// User agent string.
        user_agent: String = "userAgent";
        /// Version.
        version: String = "version";
    }
    /// A `Membership` of a member in an organization.
    Membership [] {
        /// The organization.
        organization: EntityRef = "organization" => [Organization];
        /// The member.
        member: EntityRef = "member" => [Person];
        /// LIS roles.
        roles: Vec<Role> = "roles";
        /// LIS status.
        status: Status = "status";
    }
    /// A user `Session`.
    Session [session: SessionProps] {}
    /// An `LtiSession`: the tool's session of an LTI launch.
    LtiSession [session: SessionProps] {
        /// The LTI launch claims.
        message_parameters: Map<String, Value> = "messageParameters";
    }
    /// A generic `DigitalResource`.
    DigitalResource [resource: ResourceProps] {}
    /// An `AssignableDigitalResource`.
    AssignableDigitalResource [resource: ResourceProps, assignable: AssignableProps] {}
    /// An `Assessment` (test, quiz…).
    Assessment [resource: ResourceProps, assignable: AssignableProps] {
        /// The assessment items.
        items: Vec<EntityRef> = "items" => [AssessmentItem];
    }
    /// An `AssessmentItem`.
    AssessmentItem [resource: ResourceProps, assignable: AssignableProps] {
        /// Whether the item is timed.
        is_time_dependent: bool = "isTimeDependent";
    }
    /// A `Chapter`.
    Chapter [resource: ResourceProps] {}
    /// A `Document`.
    Document [resource: ResourceProps] {}
    /// A `Page`.
    Page [resource: ResourceProps] {}
    /// A `WebPage`.
    WebPage [resource: ResourceProps] {}
    /// A `Frame`: a part of a resource.
    Frame [resource: ResourceProps] {
        /// Position within the resource.
        index: i64 = "index";
    }
    /// A forum `Message`.
    Message [resource: ResourceProps] {
        /// The message replied to.
        reply_to: EntityRef = "replyTo" => [Message];
        /// Message text.
        body: String = "body";
        /// Attached resources.
        attachments: Vec<EntityRef> = "attachments" => [DigitalResource];
    }
    /// A `MediaObject`.
    MediaObject [resource: ResourceProps, media: MediaProps] {}
    /// An `AudioObject`.
    AudioObject [resource: ResourceProps, media: MediaProps] {
        /// Current volume.
        volume_level: String = "volumeLevel";
        /// Minimum volume.
        volume_min: String = "volumeMin";
        /// Maximum volume.
        volume_max: String = "volumeMax";
        /// Whether muted.
        muted: bool = "muted";
    }
    /// An `ImageObject`.
    ImageObject [resource: ResourceProps, media: MediaProps] {}
    /// A `VideoObject`.
    VideoObject [resource: ResourceProps, media: MediaProps] {}
    /// A `MediaLocation`: a position in a media object.
    MediaLocation [resource: ResourceProps] {
        /// The position.
        current_time: Duration = "currentTime";
    }
    /// A `Link`.
    Link [] {}
    /// An `LtiLink`.
    LtiLink [resource: ResourceProps] {
        /// The LTI message type used to launch it.
        message_type: LtiMessageType = "messageType";
    }
    /// A `Collection`.
    Collection [] {
        /// The members of the collection.
        items: Vec<EntityRef> = "items" => [Entity];
    }
    /// A `DigitalResourceCollection`.
    DigitalResourceCollection [resource: ResourceProps] {
        /// The resources.
        items: Vec<EntityRef> = "items" => [DigitalResource];
    }
    /// A `Forum`.
    Forum [resource: ResourceProps] {
        /// The threads.
        items: Vec<EntityRef> = "items" => [Thread];
    }
    /// A `Thread`.
    Thread [resource: ResourceProps] {
        /// The messages.
        items: Vec<EntityRef> = "items" => [Message];
    }
    /// A `Questionnaire`.
    Questionnaire [resource: ResourceProps] {
        /// The questionnaire items.
        items: Vec<EntityRef> = "items" => [QuestionnaireItem];
    }
    /// A `QuestionnaireItem`.
    QuestionnaireItem [resource: ResourceProps] {
        /// The question.
        question: EntityRef = "question" => [Question];
        /// Categories.
        categories: Vec<String> = "categories";
        /// Weight.
        weight: Number = "weight";
    }
    /// A generic `Question`.
    Question [resource: ResourceProps, q: QuestionProps] {}
    /// A `DateTimeQuestion`.
    DateTimeQuestion [resource: ResourceProps, q: QuestionProps] {
        /// Earliest selectable date-time.
        min_date_time: DateTime = "minDateTime";
        /// Label of the minimum.
        min_label: String = "minLabel";
        /// Latest selectable date-time.
        max_date_time: DateTime = "maxDateTime";
        /// Label of the maximum.
        max_label: String = "maxLabel";
    }
    /// A `MultiselectQuestion`.
    MultiselectQuestion [resource: ResourceProps, q: QuestionProps] {
        /// Number of points.
        points: u64 = "points";
        /// Labels of the items.
        item_labels: Vec<String> = "itemLabels";
        /// Values of the items.
        item_values: Vec<String> = "itemValues";
    }
    /// An `OpenEndedQuestion`.
    OpenEndedQuestion [resource: ResourceProps, q: QuestionProps] {}
    /// A `RatingScaleQuestion`.
    RatingScaleQuestion [resource: ResourceProps, q: QuestionProps] {
        /// The scale.
        scale: EntityRef = "scale" => [Scale];
    }
    /// A generic `Scale`.
    Scale [] {}
    /// A `LikertScale`.
    LikertScale [] {
        /// Number of points.
        scale_points: i64 = "scalePoints";
        /// Point labels.
        item_labels: Vec<String> = "itemLabels";
        /// Point values.
        item_values: Vec<String> = "itemValues";
    }
    /// A `MultiselectScale`.
    MultiselectScale [] {
        /// Number of points.
        scale_points: i64 = "scalePoints";
        /// Point labels.
        item_labels: Vec<String> = "itemLabels";
        /// Point values.
        item_values: Vec<String> = "itemValues";
        /// Whether the order of the selection matters.
        is_ordered_selection: bool = "isOrderedSelection";
        /// Minimum number of selections.
        min_selections: i64 = "minSelections";
        /// Maximum number of selections.
        max_selections: i64 = "maxSelections";
    }
    /// A `NumericScale`.
    NumericScale [] {
        /// Minimum value.
        min_value: Number = "minValue";
        /// Label of the minimum.
        min_label: String = "minLabel";
        /// Maximum value.
        max_value: Number = "maxValue";
        /// Label of the maximum.
        max_label: String = "maxLabel";
        /// Step.
        step: Number = "step";
    }
    /// A `Survey`.
    Survey [] {
        /// The questionnaires.
        items: Vec<EntityRef> = "items" => [Questionnaire];
    }
    /// A `SurveyInvitation`.
    SurveyInvitation [resource: ResourceProps] {
        /// The invited person.
        rater: EntityRef = "rater" => [Person];
        /// The survey.
        survey: EntityRef = "survey" => [Survey];
        /// How many times the invitation was sent.
        sent_count: i64 = "sentCount";
        /// When it was sent.
        date_sent: DateTime = "dateSent";
    }
    /// A generic `Response`.
    Response [response: ResponseProps] {}
    /// A `FillinBlankResponse`.
    FillinBlankResponse [response: ResponseProps] {
        /// The answers.
        values: Vec<String> = "values";
    }
    /// A `MultipleChoiceResponse`.
    MultipleChoiceResponse [response: ResponseProps] {
        /// The answer.
        value: String = "value";
    }
    /// A `MultipleResponseResponse`.
    MultipleResponseResponse [response: ResponseProps] {
        /// The answers.
        values: Vec<String> = "values";
    }
    /// A `SelectTextResponse`.
    SelectTextResponse [response: ResponseProps] {
        /// The selected texts.
        values: Vec<String> = "values";
    }
    /// A `TrueFalseResponse`.
    TrueFalseResponse [response: ResponseProps] {
        /// The answer.
        value: String = "value";
    }
    /// A `DateTimeResponse`.
    DateTimeResponse [response: ResponseProps] {
        /// The selected date-time.
        date_time_selected: DateTime = "dateTimeSelected";
    }
    /// A `MultiselectResponse`.
    MultiselectResponse [response: ResponseProps] {
        /// The selections.
        selections: Vec<String> = "selections";
    }
    /// An `OpenEndedResponse`.
    OpenEndedResponse [response: ResponseProps] {
        /// The answer.
        value: String = "value";
    }
    /// A `RatingScaleResponse`.
    RatingScaleResponse [response: ResponseProps] {
        /// The selections.
        selections: Vec<String> = "selections";
    }
    /// A generic `Annotation`.
    Annotation [annotation: AnnotationProps] {}
    /// A `BookmarkAnnotation`.
    BookmarkAnnotation [annotation: AnnotationProps] {
        /// Notes.
        bookmark_notes: String = "bookmarkNotes";
    }
    /// A `HighlightAnnotation`.
    HighlightAnnotation [annotation: AnnotationProps] {
        /// The highlighted range.
        selection: EntityRef = "selection" => [Selector];
        /// The highlighted text.
        selection_text: String = "selectionText";
    }
    /// A `SharedAnnotation`.
    SharedAnnotation [annotation: AnnotationProps] {
        /// The agents the resource was shared with.
        with_agents: Vec<EntityRef> = "withAgents" => [Agent];
    }
    /// A `TagAnnotation`.
    TagAnnotation [annotation: AnnotationProps] {
        /// The tags.
        tags: Vec<String> = "tags";
    }
    /// An `Attempt`.
    Attempt [] {
        /// The person making the attempt.
        assignee: EntityRef = "assignee" => [Person];
        /// The assigned resource.
        assignable: EntityRef = "assignable" => [DigitalResource];
        /// Attempt number, starting at 1.
        count: i64 = "count";
        /// Start time.
        started_at_time: DateTime = "startedAtTime";
        /// End time.
        ended_at_time: DateTime = "endedAtTime";
        /// Time taken.
        duration: Duration = "duration";
        /// The parent attempt.
        is_part_of: EntityRef = "isPartOf" => [Attempt];
    }
    /// A `Result`.
    Result [] {
        /// The attempt scored.
        attempt: EntityRef = "attempt" => [Attempt];
        /// Maximum result score.
        max_result_score: Number = "maxResultScore";
        /// Result score.
        result_score: Number = "resultScore";
        /// The scorer.
        scored_by: EntityRef = "scoredBy" => [Agent];
        /// Feedback.
        comment: String = "comment";
    }
    /// A `Score`.
    Score [] {
        /// The attempt scored.
        attempt: EntityRef = "attempt" => [Attempt];
        /// Maximum score.
        max_score: Number = "maxScore";
        /// Score given.
        score_given: Number = "scoreGiven";
        /// The scorer.
        scored_by: EntityRef = "scoredBy" => [Agent];
        /// Feedback.
        comment: String = "comment";
    }
    /// A `Comment`.
    Comment [] {
        /// Who commented.
        commenter: EntityRef = "commenter" => [Person];
        /// What was commented on.
        commented_on: EntityRef = "commentedOn" => [Entity];
        /// The comment text.
        value: String = "value";
    }
    /// A `Rating`.
    Rating [] {
        /// Who rated.
        rater: EntityRef = "rater" => [Person];
        /// What was rated.
        rated: EntityRef = "rated" => [Entity];
        /// The rating question.
        question: EntityRef = "question" => [Question];
        /// The selections.
        selections: Vec<String> = "selections";
        /// A comment on the rating.
        rating_comment: EntityRef = "ratingComment" => [Comment];
    }
    /// A `LearningObjective`.
    LearningObjective [] {}
    /// An `AggregateMeasure` (tool use progress).
    AggregateMeasure [] {
        /// The measured value (required).
        metric_value: Number = "metricValue";
        /// The maximum possible value.
        max_metric_value: Number = "maxMetricValue";
        /// The metric (required).
        metric: Metric = "metric";
        /// Start of the aggregation.
        started_at_time: DateTime = "startedAtTime";
        /// End of the aggregation.
        ended_at_time: DateTime = "endedAtTime";
    }
    /// An `AggregateMeasureCollection`.
    AggregateMeasureCollection [] {
        /// The measures.
        items: Vec<EntityRef> = "items" => [AggregateMeasure];
    }
    /// A search `Query`.
    Query [] {
        /// Who searched.
        creator: EntityRef = "creator" => [Person];
        /// What was searched.
        search_target: EntityRef = "searchTarget" => [Entity];
        /// The search terms.
        search_terms: String = "searchTerms";
    }
    /// A `SearchResponse`.
    SearchResponse [] {
        /// The search provider.
        search_provider: EntityRef = "searchProvider" => [SoftwareApplication];
        /// What was searched.
        search_target: EntityRef = "searchTarget" => [Entity];
        /// The query.
        query: EntityRef = "query" => [Query];
        /// Number of results.
        search_results_item_count: u64 = "searchResultsItemCount";
        /// The results (named in the 1.2 fragment prose, absent from its table and context).
        search_results: Vec<EntityRef> = "searchResults" => [Entity];
    }
    /// A `SystemIdentifier` (1.2): another identifier of an entity.
    SystemIdentifier [] {
        /// The identifier type (required).
        identifier_type: IdentifierType = "identifierType";
        /// The identifier (required).
        identifier: String = "identifier";
        /// The system that issued it.
        source: EntityRef = "source" => [SoftwareApplication];
    }
    /// A generic `Selector`.
    Selector [] {}
    /// A `TextPositionSelector`.
    TextPositionSelector [] {
        /// Start offset (required).
        start: u64 = "start";
        /// End offset (required).
        end: u64 = "end";
    }
    /// An `EpubChapter` (deprecated in 1.1).
    EpubChapter [resource: ResourceProps] {}
    /// An `EpubPart` (deprecated in 1.1).
    EpubPart [resource: ResourceProps] {}
    /// An `EpubSubChapter` (deprecated in 1.1).
    EpubSubChapter [resource: ResourceProps] {}
    /// An `EpubVolume` (deprecated in 1.1).
    EpubVolume [resource: ResourceProps] {}
    /// A `Reading` (deprecated in 1.1).
    Reading [resource: ResourceProps] {}
}

/// An entity whose type is not a Caliper term (a foreign vocabulary type such as schema.org's
/// `Thesis`), or whose `type` is missing: every property except the base ones is kept in
/// [`EntityBase::other`].
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct GenericEntity {
    /// The `type` term as written, if it is a string.
    pub type_term: Option<String>,
    /// The base properties and everything else.
    pub base: EntityBase,
}

impl GenericEntity {
    pub(crate) fn set_prop<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        d: D,
    ) -> Res<(), D::Error> {
        if key == "type" {
            return json::store(&mut self.type_term, &mut self.base.other, key, d);
        }
        self.base.set_prop(key, d)
    }

    pub(crate) fn for_each_prop<'s, E>(
        &'s self,
        f: &mut dyn FnMut(&'s str, Prop<'s>) -> Res<(), E>,
    ) -> Res<(), E> {
        self.base.head(f)?;
        if let Some(t) = &self.type_term {
            f("type", Prop::Term(t))?;
        }
        self.base.body(f)?;
        self.base.tail(f)
    }
}

impl Entity {
    /// An entity of the given type with the given id.
    pub fn new(ty: &EntityType, id: impl Into<String>) -> Self {
        let mut e = Self::empty(ty);
        e.base_mut().id = Some(id.into());
        e
    }

    /// The `id`, if present.
    pub fn id(&self) -> Option<&str> {
        self.base().id.as_deref()
    }

    /// Whether the entity is anonymous (1.2: its `id` is its type IRI).
    pub fn is_anonymous(&self) -> bool {
        match (self.entity_type(), self.id()) {
            (Some(t), Some(id)) => t.is_anonymous_id(id),
            _ => false,
        }
    }

    /// Whether the entity carries only `id`, `type` and possibly `@context` (nothing that a
    /// thin reference would lose).
    pub fn is_bare(&self) -> bool {
        let mut more = false;
        let _ = self.for_each_prop::<()>(&mut |k, _| {
            if !matches!(k, "@context" | "id" | "type") {
                more = true;
            }
            Ok(())
        });
        !more
    }

    /// Reads one property value (used by the reader for buffered properties).
    pub(crate) fn set_value(&mut self, key: &str, value: Value) -> Res<(), serde_json::Error> {
        self.set_prop(key, value)
    }
}

/// A property value that may be an embedded entity or the entity's IRI (Caliper 1.2 "Entity |
/// IRI" properties).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EntityRef {
    /// The IRI of an entity described elsewhere.
    Iri(String),
    /// The entity itself.
    Entity(Entity),
}

impl EntityRef {
    /// A reference by IRI.
    pub fn iri(iri: impl Into<String>) -> Self {
        Self::Iri(iri.into())
    }

    /// The IRI: the string itself, or the embedded entity's `id`.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Iri(s) => Some(s),
            Self::Entity(e) => e.id(),
        }
    }

    /// The embedded entity, if this is one.
    pub fn as_entity(&self) -> Option<&Entity> {
        match self {
            Self::Entity(e) => Some(e),
            Self::Iri(_) => None,
        }
    }

    /// The embedded entity's type (`None` for an IRI).
    pub fn entity_type(&self) -> Option<EntityType> {
        self.as_entity().and_then(Entity::entity_type)
    }
}

impl From<Entity> for EntityRef {
    fn from(e: Entity) -> Self {
        Self::Entity(e)
    }
}

impl From<&str> for EntityRef {
    fn from(s: &str) -> Self {
        Self::Iri(s.to_owned())
    }
}

impl From<String> for EntityRef {
    fn from(s: String) -> Self {
        Self::Iri(s)
    }
}

pub(crate) struct AcceptRef;
impl<'de> json::Accept<'de> for AcceptRef {
    type Out = EntityRef;
    fn str(s: std::borrow::Cow<'de, str>) -> Read<EntityRef> {
        Read::Ok(EntityRef::Iri(s.into_owned()))
    }
    fn map<A: serde::de::MapAccess<'de>>(map: A) -> Res<Read<EntityRef>, A::Error> {
        crate::read::entity_from_map(map).map(|e| Read::Ok(EntityRef::Entity(e)))
    }
}

impl Field for EntityRef {
    const EXPECTED: &'static str = "an entity object or an IRI string";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Res<Read<Self>, D::Error> {
        json::read_any::<AcceptRef, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Ref(self)
    }
}

struct AcceptRefs;
impl<'de> json::Accept<'de> for AcceptRefs {
    type Out = Vec<EntityRef>;
    fn seq<A: serde::de::SeqAccess<'de>>(seq: A) -> Res<Read<Vec<EntityRef>>, A::Error> {
        json::read_list::<AcceptRef, A>(seq, |r| {
            serde_json::to_value(Prop::Ref(r)).unwrap_or(Value::Null)
        })
    }
}

impl Field for Vec<EntityRef> {
    const EXPECTED: &'static str = "an array of entity objects or IRI strings";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Res<Read<Self>, D::Error> {
        json::read_any::<AcceptRefs, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Refs(self)
    }
}

struct AcceptObject;
impl<'de> json::Accept<'de> for AcceptObject {
    type Out = Entity;
    fn map<A: serde::de::MapAccess<'de>>(map: A) -> Res<Read<Entity>, A::Error> {
        crate::read::entity_from_map(map).map(Read::Ok)
    }
}

struct AcceptObjects;
impl<'de> json::Accept<'de> for AcceptObjects {
    type Out = Vec<Entity>;
    fn seq<A: serde::de::SeqAccess<'de>>(seq: A) -> Res<Read<Vec<Entity>>, A::Error> {
        json::read_list::<AcceptObject, A>(seq, |e| {
            serde_json::to_value(crate::write::EntitySer::plain(e)).unwrap_or(Value::Null)
        })
    }
}

impl Field for Vec<Entity> {
    const EXPECTED: &'static str = "an array of objects";
    fn read<'de, D: Deserializer<'de>>(d: D) -> Res<Read<Self>, D::Error> {
        json::read_any::<AcceptObjects, D>(d)
    }
    fn prop(&self) -> Prop<'_> {
        Prop::Objects(self)
    }
}
