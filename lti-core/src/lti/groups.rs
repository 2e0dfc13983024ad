//! Course Groups 1.0 ([spec](https://www.imsglobal.org/spec/lti-gs/v1p0/)): groups and group
//! sets of a context, the tool's requests and paging.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Media type of a group container.
pub const MEDIA_GROUP_CONTAINER: &str = "application/vnd.ims.lti-gs.v1.contextgroupcontainer+json";
/// Media type of a group set container.
pub const MEDIA_GROUP_SET_CONTAINER: &str =
    "application/vnd.ims.lti-gs.v1.contextgroupsetcontainer+json";
/// Scope: read groups.
pub const SCOPE_GROUPS_READONLY: &str =
    "https://purl.imsglobal.org/spec/lti-gs/scope/contextgroup.readonly";

/// A group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Group {
    /// Id.
    #[serde(default)]
    pub id: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Ids of the sets the group belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_ids: Vec<String>,
    /// Members not modelled.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

/// A group set.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupSet {
    /// Id.
    #[serde(default)]
    pub id: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Members not modelled.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

/// A group container.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupContainer {
    /// URL.
    #[serde(default)]
    pub id: String,
    /// Groups of this page.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Members not modelled.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

/// A group set container.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupSetContainer {
    /// URL.
    #[serde(default)]
    pub id: String,
    /// Sets of this page.
    #[serde(default)]
    pub sets: Vec<GroupSet>,
    /// Members not modelled.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

#[cfg(feature = "http")]
pub use self::http_api::*;

#[cfg(feature = "http")]
mod http_api {
    use http::{Method, Request, Response};

    use super::*;
    use crate::lti::service::{self, Page, ServiceError};

    /// `GET` the groups, optionally only a user's groups or a set's groups.
    pub fn groups(
        context_groups_url: &str,
        user_id: Option<&str>,
        group_set_id: Option<&str>,
        limit: Option<u32>,
        token: &str,
    ) -> Result<Request<Vec<u8>>, ServiceError> {
        let limit = limit.map(|l| l.to_string());
        let url = service::with_query(
            context_groups_url,
            &[
                ("user_id", user_id),
                ("group_set_id", group_set_id),
                ("limit", limit.as_deref()),
            ],
        );
        service::request(Method::GET, &url, token, MEDIA_GROUP_CONTAINER, None)
    }

    /// `GET` the group sets.
    pub fn group_sets(
        context_group_sets_url: &str,
        limit: Option<u32>,
        token: &str,
    ) -> Result<Request<Vec<u8>>, ServiceError> {
        let limit = limit.map(|l| l.to_string());
        let url = service::with_query(context_group_sets_url, &[("limit", limit.as_deref())]);
        service::request(Method::GET, &url, token, MEDIA_GROUP_SET_CONTAINER, None)
    }

    /// Parses a groups page.
    pub fn parse_groups(
        response: &Response<Vec<u8>>,
    ) -> Result<Page<GroupContainer>, ServiceError> {
        service::parse_page(response)
    }

    /// Parses a group sets page.
    pub fn parse_group_sets(
        response: &Response<Vec<u8>>,
    ) -> Result<Page<GroupSetContainer>, ServiceError> {
        service::parse_page(response)
    }
}

#[cfg(all(test, feature = "http"))]
mod tests {
    use super::*;

    #[test]
    fn groups_round_trip() {
        let req = groups("https://p/g", Some("u1"), None, Some(10), "t").unwrap();
        assert_eq!(req.uri().to_string(), "https://p/g?user_id=u1&limit=10");
        assert_eq!(req.headers()["accept"], MEDIA_GROUP_CONTAINER);
        let req = group_sets("https://p/gs", None, "t").unwrap();
        assert_eq!(req.uri().to_string(), "https://p/gs");
        let body =
            br#"{"id":"https://p/g","groups":[{"id":"g1","name":"A","set_ids":["s1"],"x":true}]}"#;
        let resp = http::Response::builder()
            .header("link", "<https://p/g?p=2>; rel=\"next\"")
            .body(body.to_vec())
            .unwrap();
        let page = parse_groups(&resp).unwrap();
        assert_eq!(page.items.groups[0].set_ids, vec!["s1"]);
        assert_eq!(page.items.groups[0].extensions["x"], true);
        assert_eq!(page.next.as_deref(), Some("https://p/g?p=2"));
        let resp = http::Response::builder()
            .body(br#"{"id":"x","sets":[{"id":"s1"}]}"#.to_vec())
            .unwrap();
        assert_eq!(parse_group_sets(&resp).unwrap().items.sets[0].id, "s1");
        let bad = http::Response::builder()
            .body(br#"{"groups":[{"id":3}]}"#.to_vec())
            .unwrap();
        match parse_groups(&bad).unwrap_err() {
            crate::lti::service::ServiceError::Json { pointer, .. } => {
                assert_eq!(pointer, "/groups/0/id")
            }
            e => panic!("{e:?}"),
        }
    }
}
