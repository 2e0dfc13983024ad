//! Every problem code this crate emits. Codes are stable: match on them, not on messages.

macro_rules! codes {
    ($($(#[$m:meta])* $name:ident = $code:literal;)*) => {
        $($(#[$m])* pub const $name: &str = $code;)*
        /// Every code, for documentation and tests.
        pub const ALL: &[&str] = &[$($code),*];
    };
}

codes! {
    /// The input is not well-formed JSON.
    JSON_SYNTAX = "caliper.json.syntax";
    /// The input starts with a byte order mark.
    JSON_BOM = "caliper.json.byte-order-mark";
    /// An object names the same member twice.
    JSON_DUPLICATE_MEMBER = "caliper.json.duplicate-member";
    /// The top-level JSON value is not an object.
    JSON_NOT_AN_OBJECT = "caliper.json.not-an-object";
    /// The document exceeds the size limit.
    LIMIT_SIZE = "caliper.limit.size";
    /// The document nests deeper than the depth limit.
    LIMIT_DEPTH = "caliper.limit.depth";
    /// The envelope has more data items than the limit.
    LIMIT_ITEMS = "caliper.limit.items";

    /// A top-level event or entity has no `@context`.
    CONTEXT_MISSING = "caliper.context.missing";
    /// A `@context` names no Caliper context (or a string context is not the Caliper IRI).
    CONTEXT_UNKNOWN = "caliper.context.unknown";
    /// In a `@context` array, the Caliper context is not the last element.
    CONTEXT_NOT_LAST = "caliper.context.caliper-not-last";
    /// An inline context redefines a Caliper term.
    CONTEXT_REDEFINES_TERM = "caliper.context.redefines-term";
    /// A nested `@context` repeats the context in force (SHOULD be left out).
    CONTEXT_REDUNDANT = "caliper.context.redundant";
    /// A nested context or data item names a different Caliper version than its container.
    CONTEXT_VERSION_MISMATCH = "caliper.context.version-mismatch";
    /// A 1.1 term from a profile extension is used without that extension's context.
    CONTEXT_MISSING_EXTENSION = "caliper.context.missing-extension";
    /// The document is Caliper 1.0, which this crate reads but does not validate.
    VERSION_UNSUPPORTED = "caliper.version.unsupported";

    /// A required `id` is missing.
    ID_MISSING = "caliper.id.missing";
    /// An entity `id` is not an IRI (nor a blank node identifier).
    ID_NOT_IRI = "caliper.id.not-iri";
    /// An event `id` is not a `urn:uuid:` URN.
    EVENT_ID_NOT_URN_UUID = "caliper.event.id-not-urn-uuid";
    /// An event `id` is a UUID but not a version 4 UUID (SHOULD).
    EVENT_ID_NOT_V4 = "caliper.event.id-not-v4";
    /// A value that must be an IRI (an entity reference, the sensor id) is not one.
    IRI_INVALID = "caliper.iri.invalid";

    /// A required `type` is missing.
    TYPE_MISSING = "caliper.type.missing";
    /// A `type` is not a Caliper term.
    TYPE_UNKNOWN = "caliper.type.unknown";
    /// A `type` from another vocabulary, declared by an extra context; not checked.
    TYPE_FOREIGN = "caliper.type.foreign";
    /// A type not defined in the document's Caliper version (or deprecated).
    TYPE_NOT_IN_VERSION = "caliper.type.not-in-version";

    /// A required property is missing.
    PROPERTY_REQUIRED = "caliper.property.required";
    /// A property is `null` (SHOULD be left out; an error for required properties).
    PROPERTY_NULL = "caliper.property.null";
    /// A property value has the wrong JSON type or syntax.
    PROPERTY_WRONG_TYPE = "caliper.property.wrong-type";
    /// A property the type does not define (custom attributes belong in `extensions`).
    PROPERTY_UNKNOWN = "caliper.property.unknown";
    /// An embedded entity has a type the property does not allow.
    PROPERTY_WRONG_ENTITY_TYPE = "caliper.property.wrong-entity-type";
    /// A property that must be an embedded object is an IRI string.
    PROPERTY_NOT_OBJECT = "caliper.property.not-an-object";
    /// A decimal property is written as an integer literal (valid JSON and xsd:decimal, but
    /// rejected by the reference test suite).
    NUMBER_INTEGER_FOR_DECIMAL = "caliper.number.integer-for-decimal";
    /// A date-time cannot be parsed.
    DATETIME_INVALID = "caliper.datetime.invalid";
    /// A date-time was read leniently: not exactly `YYYY-MM-DDTHH:MM:SS.sssZ`.
    DATETIME_NOT_CALIPER_FORM = "caliper.datetime.not-caliper-form";
    /// A duration cannot be parsed.
    DURATION_INVALID = "caliper.duration.invalid";
    /// A duration was read leniently (outside `xsd:duration`).
    DURATION_LENIENT = "caliper.duration.lenient";

    /// An `action` is not in the vocabulary.
    ACTION_UNKNOWN = "caliper.action.unknown";
    /// A `profile` is not in the vocabulary.
    PROFILE_UNKNOWN = "caliper.profile.unknown";
    /// A membership role is not in the LIS vocabulary.
    ROLE_UNKNOWN = "caliper.role.unknown";
    /// A membership status is not `Active` or `Inactive`.
    STATUS_UNKNOWN = "caliper.status.unknown";
    /// An aggregate measure metric is not in the vocabulary.
    METRIC_UNKNOWN = "caliper.metric.unknown";
    /// A system identifier type is not in the vocabulary.
    IDENTIFIER_TYPE_UNKNOWN = "caliper.identifier-type.unknown";
    /// An LTI message type is not in the vocabulary.
    MESSAGE_TYPE_UNKNOWN = "caliper.message-type.unknown";

    /// The event type does not allow the action.
    EVENT_ACTION_NOT_ALLOWED = "caliper.event.action-not-allowed";
    /// The `actor` type is not allowed by the event type.
    EVENT_WRONG_ACTOR_TYPE = "caliper.event.wrong-actor-type";
    /// The `object` type is not allowed by the event type.
    EVENT_WRONG_OBJECT_TYPE = "caliper.event.wrong-object-type";
    /// The `generated` type is not allowed by the event type.
    EVENT_WRONG_GENERATED_TYPE = "caliper.event.wrong-generated-type";
    /// The `target` type is not allowed by the event type.
    EVENT_WRONG_TARGET_TYPE = "caliper.event.wrong-target-type";
    /// The `referrer` type is not allowed by the event type.
    EVENT_WRONG_REFERRER_TYPE = "caliper.event.wrong-referrer-type";
    /// A `ToolLaunchEvent` with action `Launched` has no `federatedSession`.
    EVENT_FEDERATED_SESSION_REQUIRED = "caliper.event.federated-session-required";
    /// A 1.2 event has no `profile` (SHOULD be given).
    EVENT_PROFILE_MISSING = "caliper.event.profile-missing";
    /// A 1.1 event has a `profile` (a 1.2 property).
    EVENT_PROFILE_IN_V1P1 = "caliper.event.profile-not-in-v1p1";
    /// The event type is deprecated (`OutcomeEvent`, `ReadingEvent`).
    EVENT_DEPRECATED = "caliper.event.deprecated";

    /// The profile does not include the event type.
    PROFILE_EVENT_NOT_ALLOWED = "caliper.profile.event-not-allowed";
    /// The profile does not allow the action for the event type.
    PROFILE_ACTION_NOT_ALLOWED = "caliper.profile.action-not-allowed";
    /// The profile does not allow the `actor` type.
    PROFILE_WRONG_ACTOR_TYPE = "caliper.profile.wrong-actor-type";
    /// The profile does not allow the `object` type.
    PROFILE_WRONG_OBJECT_TYPE = "caliper.profile.wrong-object-type";
    /// The profile does not allow the `generated` type.
    PROFILE_WRONG_GENERATED_TYPE = "caliper.profile.wrong-generated-type";
    /// The profile does not allow the `target` type.
    PROFILE_WRONG_TARGET_TYPE = "caliper.profile.wrong-target-type";
    /// The profile requires `generated` (Resource Management `Copied`).
    PROFILE_GENERATED_REQUIRED = "caliper.profile.generated-required";
    /// An `Attempt` count is below 1 (the count starts at 1).
    PROFILE_ATTEMPT_COUNT = "caliper.profile.attempt-count";

    /// A known spelling variant of an action (`EnabledCloseCaptioning`, `MarkedAsUnRead`).
    SPEC_ACTION_SPELLING = "caliper.spec.action-spelling";
    /// `SurveyProfile` is used; the v1p2 context does not define it.
    SPEC_SURVEY_PROFILE = "caliper.spec.survey-profile-not-in-context";
    /// A role used by the 1.2 fixtures that the context does not define (`Manager#Manager`).
    SPEC_UNDEFINED_ROLE = "caliper.spec.role-not-in-context";
    /// An endpoint configuration with snake_case keys (the 1.2 fixture form).
    SPEC_SNAKE_CASE_CONFIG = "caliper.spec.snake-case-config";
    /// `Reset` on an `AssessmentEvent` in the Assessment profile (allowed by the event, missing
    /// from the profile table).
    SPEC_RESET_NOT_IN_PROFILE = "caliper.spec.reset-not-in-assessment-profile";

    /// An envelope `dataVersion` is not a Caliper context IRI.
    ENVELOPE_UNKNOWN_DATA_VERSION = "caliper.envelope.unknown-data-version";
    /// An envelope has no data items.
    ENVELOPE_EMPTY = "caliper.envelope.empty-data";
    /// An envelope data item is not a JSON object.
    ENVELOPE_ITEM_NOT_OBJECT = "caliper.envelope.item-not-an-object";
    /// An endpoint configuration lists a version this crate does not know.
    CONFIG_UNKNOWN_VERSION = "caliper.config.unknown-version";
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in super::ALL {
            assert!(seen.insert(*c), "duplicate {c}");
            assert!(c.starts_with("caliper."), "{c}");
            assert!(
                c.chars().all(|ch| ch.is_ascii_lowercase()
                    || ch.is_ascii_digit()
                    || ch == '.'
                    || ch == '-'),
                "{c}"
            );
        }
    }
}
