//! Names and Role Provisioning Services 2.0 ([spec](https://www.imsglobal.org/spec/lti-nrps/v2p0/)):
//! the membership container, the tool's request, paging with `rel="next"` and
//! `rel="differences"` (RFC 8288), and the platform's response builder.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::claims::Claims;
use super::roles::Role;

/// Media type of a membership container.
pub const MEDIA_MEMBERSHIP_CONTAINER: &str =
    "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
/// Scope: read memberships.
pub const SCOPE_MEMBERSHIP_READONLY: &str =
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

/// Membership status.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MemberStatus {
    /// Active.
    Active,
    /// Inactive.
    Inactive,
    /// Deleted (in a differences page).
    Deleted,
    /// Any other value, kept.
    #[serde(untagged)]
    Other(String),
}

/// One member (NRPS 2.0 §2.2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Member {
    /// The LTI user id (`sub` in launches).
    #[serde(default)]
    pub user_id: String,
    /// Roles in the context.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Status (absent = Active).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MemberStatus>,
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// LIS person sourcedId.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lis_person_sourcedid: Option<String>,
    /// LTI 1.1 user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lti11_legacy_user_id: Option<String>,
    /// Per-member message claims (when requested with `rlid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Vec<Claims>>,
    /// Members not modelled.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

/// The context of a membership container.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MembershipContext {
    /// Context id.
    #[serde(default)]
    pub id: String,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A membership container (NRPS 2.0 §2.2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MembershipContainer {
    /// URL of this container.
    #[serde(default)]
    pub id: String,
    /// The context.
    #[serde(default)]
    pub context: MembershipContext,
    /// The members of this page.
    #[serde(default)]
    pub members: Vec<Member>,
    /// Members not modelled.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

impl MembershipContainer {
    /// A container for a context.
    pub fn new(id: impl Into<String>, context_id: impl Into<String>, members: Vec<Member>) -> Self {
        Self {
            id: id.into(),
            context: MembershipContext {
                id: context_id.into(),
                ..MembershipContext::default()
            },
            members,
            extensions: BTreeMap::new(),
        }
    }
}

impl Member {
    /// A member with roles.
    pub fn new(user_id: impl Into<String>, roles: Vec<Role>) -> Self {
        Self {
            user_id: user_id.into(),
            roles,
            ..Self::default()
        }
    }
}

/// Filters of the membership request (NRPS 2.0 §2.3).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(default)]
pub struct MembershipQuery {
    /// Resource link id: members with access to it, plus per-member `message` claims.
    pub rlid: Option<String>,
    /// Only members with this role (full URI or short name).
    pub role: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
}

#[cfg(feature = "http")]
pub use self::http_api::*;

#[cfg(feature = "http")]
mod http_api {
    use http::{Method, Request, Response};

    use super::*;
    use crate::lti::service::{self, Page, ServiceError};

    /// `GET` the memberships (first page). Follow [`Page::next`] with [`memberships_page`].
    pub fn memberships(
        context_memberships_url: &str,
        query: &MembershipQuery,
        token: &str,
    ) -> Result<Request<Vec<u8>>, ServiceError> {
        let limit = query.limit.map(|l| l.to_string());
        let url = service::with_query(
            context_memberships_url,
            &[
                ("rlid", query.rlid.as_deref()),
                ("role", query.role.as_deref()),
                ("limit", limit.as_deref()),
            ],
        );
        memberships_page(&url, token)
    }

    /// `GET` a page URL given by a `next` or `differences` link, unchanged.
    pub fn memberships_page(url: &str, token: &str) -> Result<Request<Vec<u8>>, ServiceError> {
        service::request(Method::GET, url, token, MEDIA_MEMBERSHIP_CONTAINER, None)
    }

    /// Parses a memberships page with its `next` and `differences` links.
    pub fn parse_memberships(
        response: &Response<Vec<u8>>,
    ) -> Result<Page<MembershipContainer>, ServiceError> {
        service::parse_page(response)
    }

    /// Platform side: a membership container response with paging links.
    pub fn membership_response(
        container: &MembershipContainer,
        next: Option<&str>,
        differences: Option<&str>,
    ) -> Result<Response<Vec<u8>>, ServiceError> {
        let mut links = Vec::new();
        if let Some(n) = next {
            links.push((n, "next"));
        }
        if let Some(d) = differences {
            links.push((d, "differences"));
        }
        service::json_response(200, MEDIA_MEMBERSHIP_CONTAINER, container, &links)
    }
}

#[cfg(all(test, feature = "http"))]
mod tests {
    use super::*;

    #[test]
    fn request_and_paging_round_trip() {
        let q = MembershipQuery {
            rlid: Some("rl 1".into()),
            role: Some("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner".into()),
            limit: Some(50),
        };
        let req = memberships("https://p/nrps?c=1", &q, "tok").unwrap();
        assert_eq!(
            req.uri().to_string(),
            "https://p/nrps?c=1&rlid=rl+1&role=http%3A%2F%2Fpurl.imsglobal.org%2Fvocab%2Flis%2Fv2%2Fmembership%23Learner&limit=50"
        );
        assert_eq!(req.headers()["accept"], MEDIA_MEMBERSHIP_CONTAINER);
        assert_eq!(req.headers()["authorization"], "Bearer tok");

        let mut m = Member::new("u1", vec![Role::new("Learner")]);
        m.status = Some(MemberStatus::Deleted);
        let c =
            MembershipContainer::new("https://p/nrps", "ctx", vec![m, Member::new("u2", vec![])]);
        let resp = membership_response(
            &c,
            Some("https://p/nrps?page=2,x"),
            Some("https://p/nrps?since=9"),
        )
        .unwrap();
        let page = parse_memberships(&resp).unwrap();
        assert_eq!(page.items, c);
        assert_eq!(page.next.as_deref(), Some("https://p/nrps?page=2,x"));
        assert_eq!(page.differences.as_deref(), Some("https://p/nrps?since=9"));
        assert_eq!(page.items.members[0].status, Some(MemberStatus::Deleted));
        let last = membership_response(&c, None, None).unwrap();
        assert_eq!(parse_memberships(&last).unwrap().next, None);
    }

    #[test]
    fn member_status_other_kept() {
        let m: Member =
            serde_json::from_str(r#"{"user_id":"u","roles":[],"status":"Suspended","x":1}"#)
                .unwrap();
        assert_eq!(m.status, Some(MemberStatus::Other("Suspended".into())));
        assert_eq!(m.extensions["x"], 1);
    }
}
