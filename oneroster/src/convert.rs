//! CSV ↔ JSON conversion (1.2 naming differences handled: `preferredGivenName` ↔
//! `preferredFirstName`, `xSourcedId` columns ↔ GUIDRefs, roles.csv/userProfiles.csv ↔
//! `User.roles`/`User.userProfiles`, link files ↔ `resources`/`learningObjectiveSet`/
//! `scoreScale` properties).
//!
//! What the other binding cannot hold is documented per direction: CSV link records
//! (classResources.csv, lineItemLearningObjectiveIds.csv…) become properties of their owners and
//! lose their own sourcedIds and titles; JSON roles get sourcedIds `<user>-role-<n>` in CSV;
//! bulk CSV records get `status: active` and the caller's `dateLastModified` in JSON (the
//! library reads no clock).

use chrono::{DateTime, FixedOffset};
use lti_core::Report;
use serde_json::Value;

use crate::csv::reader::SetReport;
use crate::csv::source::CsvSource;
use crate::csv::writer::{WriteOptions, write_set};
use crate::json::{JsonWriteOptions, Payload, push_record, read_payload, write_dataset};
use crate::limits::Limits;
use crate::model::{
    Base, Dataset, GuidRef, LearningObjectiveResult, LearningObjectiveScoreSet,
    LearningObjectiveSet, RefType, ResourceLink, ResourceLinkKind, Version,
};
use crate::vocab::Status;

/// Options for CSV → JSON.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ToJsonOptions {
    /// How to write JSON (version, booleans, href root).
    pub json: JsonWriteOptions,
    /// `dateLastModified` for records that have none (bulk files). JSON requires one.
    pub date_last_modified: Option<DateTime<FixedOffset>>,
}

impl ToJsonOptions {
    /// Options for `version` with a default `dateLastModified`.
    pub fn new(version: Version, date_last_modified: Option<DateTime<FixedOffset>>) -> Self {
        Self {
            json: JsonWriteOptions::new(version),
            date_last_modified,
        }
    }
}

/// Calls `f` on the common fields of every record.
pub fn for_each_base_mut(data: &mut Dataset, mut f: impl FnMut(&mut Base)) {
    data.orgs.iter_mut().for_each(|x| f(&mut x.base));
    data.academic_sessions
        .iter_mut()
        .for_each(|x| f(&mut x.base));
    data.courses.iter_mut().for_each(|x| f(&mut x.base));
    data.classes.iter_mut().for_each(|x| f(&mut x.base));
    data.users.iter_mut().for_each(|x| f(&mut x.base));
    data.enrollments.iter_mut().for_each(|x| f(&mut x.base));
    data.demographics.iter_mut().for_each(|x| f(&mut x.base));
    data.resources.iter_mut().for_each(|x| f(&mut x.base));
    data.resource_links.iter_mut().for_each(|x| f(&mut x.base));
    data.categories.iter_mut().for_each(|x| f(&mut x.base));
    data.score_scales.iter_mut().for_each(|x| f(&mut x.base));
    data.line_items.iter_mut().for_each(|x| f(&mut x.base));
    data.results.iter_mut().for_each(|x| f(&mut x.base));
    data.line_item_learning_objectives
        .iter_mut()
        .for_each(|x| f(&mut x.base));
    data.result_learning_objectives
        .iter_mut()
        .for_each(|x| f(&mut x.base));
    data.line_item_score_scales
        .iter_mut()
        .for_each(|x| f(&mut x.base));
    data.result_score_scales
        .iter_mut()
        .for_each(|x| f(&mut x.base));
    data.assessment_line_items
        .iter_mut()
        .for_each(|x| f(&mut x.base));
    data.assessment_results
        .iter_mut()
        .for_each(|x| f(&mut x.base));
}

/// Moves CSV link records into their owners' JSON properties (1.2; for 1.1, which has no such
/// properties, link records are dropped).
pub fn fold_links(data: &mut Dataset, version: Version) {
    let links = std::mem::take(&mut data.resource_links);
    let lilo = std::mem::take(&mut data.line_item_learning_objectives);
    let rlo = std::mem::take(&mut data.result_learning_objectives);
    let liss = std::mem::take(&mut data.line_item_score_scales);
    let rss = std::mem::take(&mut data.result_score_scales);
    if version == Version::V1_1 {
        return;
    }
    for l in links {
        let target = match l.kind {
            ResourceLinkKind::Class => data
                .classes
                .iter_mut()
                .find(|c| c.base.sourced_id.as_str() == l.owner.id())
                .map(|c| &mut c.resources),
            ResourceLinkKind::Course => data
                .courses
                .iter_mut()
                .find(|c| c.base.sourced_id.as_str() == l.owner.id())
                .map(|c| &mut c.resources),
            ResourceLinkKind::User => data
                .users
                .iter_mut()
                .find(|c| c.base.sourced_id.as_str() == l.owner.id())
                .map(|c| &mut c.resources),
        };
        if let Some(t) = target
            && !t.iter().any(|r| r.id() == l.resource.id())
        {
            t.push(l.resource);
        }
    }
    for l in lilo {
        if let Some(li) = data
            .line_items
            .iter_mut()
            .find(|x| x.base.sourced_id.as_str() == l.owner.id())
        {
            match li
                .learning_objective_set
                .iter_mut()
                .find(|s| s.source == l.source)
            {
                Some(s) => s.learning_objective_ids.push(l.learning_objective_id),
                None => li.learning_objective_set.push(LearningObjectiveSet {
                    source: l.source,
                    learning_objective_ids: vec![l.learning_objective_id],
                }),
            }
        }
    }
    for l in rlo {
        if let Some(r) = data
            .results
            .iter_mut()
            .find(|x| x.base.sourced_id.as_str() == l.owner.id())
        {
            let item = LearningObjectiveResult {
                learning_objective_id: l.learning_objective_id,
                score: l.score,
                text_score: l.text_score,
            };
            match r
                .learning_objective_set
                .iter_mut()
                .find(|s| s.source == l.source)
            {
                Some(s) => s.learning_objective_results.push(item),
                None => r.learning_objective_set.push(LearningObjectiveScoreSet {
                    source: l.source,
                    learning_objective_results: vec![item],
                }),
            }
        }
    }
    for l in liss {
        if let Some(li) = data
            .line_items
            .iter_mut()
            .find(|x| x.base.sourced_id.as_str() == l.owner.id())
        {
            li.score_scale.get_or_insert(l.score_scale);
        }
    }
    for l in rss {
        if let Some(r) = data
            .results
            .iter_mut()
            .find(|x| x.base.sourced_id.as_str() == l.owner.id())
        {
            r.score_scale.get_or_insert(l.score_scale);
        }
    }
}

/// Moves JSON `resources` properties of classes, courses and users into CSV link records
/// (`<owner>-<resource>` sourcedIds), for writing 1.2 CSV.
pub fn unfold_links(data: &mut Dataset) {
    let mut links = Vec::new();
    let mut add = |kind, owner: GuidRef, resources: Vec<GuidRef>| {
        for r in resources {
            links.push(ResourceLink {
                base: Base::new(format!("{}-{}", owner.id(), r.id())),
                kind,
                title: None,
                owner: owner.clone(),
                org: None,
                class: None,
                resource: r,
            });
        }
    };
    for c in &mut data.classes {
        let owner = GuidRef::new(RefType::Class, c.base.sourced_id.as_str());
        add(
            ResourceLinkKind::Class,
            owner,
            std::mem::take(&mut c.resources),
        );
    }
    for c in &mut data.courses {
        let owner = GuidRef::new(RefType::Course, c.base.sourced_id.as_str());
        add(
            ResourceLinkKind::Course,
            owner,
            std::mem::take(&mut c.resources),
        );
    }
    for u in &mut data.users {
        let owner = GuidRef::new(RefType::User, u.base.sourced_id.as_str());
        add(
            ResourceLinkKind::User,
            owner,
            std::mem::take(&mut u.resources),
        );
    }
    data.resource_links.extend(links);
}

/// Reads a CSV set and writes it as one JSON object of collections.
pub fn csv_to_json<S: CsvSource + ?Sized>(
    source: &mut S,
    limits: &Limits,
    opts: &ToJsonOptions,
) -> (Value, SetReport) {
    let (mut data, report) = crate::csv::read_dataset(source, limits);
    for_each_base_mut(&mut data, |b| {
        if b.status.is_none() {
            b.status = Some(Status::Active);
        }
        if b.date_last_modified.is_none() {
            b.date_last_modified = opts.date_last_modified;
        }
    });
    let mut json = opts.json.clone();
    if let Some(v) = report.version
        && v != json.version
    {
        json = JsonWriteOptions {
            version: v,
            ..JsonWriteOptions::new(v).with_href_root(json.href_root.clone())
        };
    }
    (write_dataset(&data, &json), report)
}

/// Reads a JSON payload (a data set, a collection or a single object) into a [`Dataset`].
pub fn json_to_dataset(bytes: &[u8], version: Version, limits: &Limits) -> (Dataset, Report) {
    let (payload, report) = read_payload(bytes, version, limits);
    let mut data = Dataset::new();
    match payload {
        Some(Payload::Dataset(d)) => data = d,
        Some(Payload::Collection { records, .. }) => {
            for r in records {
                push_record(&mut data, r);
            }
        }
        Some(Payload::Single { record, .. }) => push_record(&mut data, record),
        _ => {}
    }
    (data, report)
}

/// Reads a JSON payload and writes it as a CSV set.
pub fn json_to_csv(
    bytes: &[u8],
    limits: &Limits,
    opts: &WriteOptions,
) -> (Vec<(String, Vec<u8>)>, Report) {
    let (mut data, report) = json_to_dataset(bytes, opts.version, limits);
    if opts.version == Version::V1_2 {
        unfold_links(&mut data);
    }
    (write_set(&data, opts), report)
}
