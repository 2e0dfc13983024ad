//! The `imsx_StatusInfo` error and status model of the REST binding (1.2 `imsx_StatusInfoDType`).

use serde::{Deserialize, Serialize};

crate::vocab::vocabulary! {
    /// `imsx_codeMajor`.
    CodeMajor, "CodeMajor", ext = false, deprecated = [] {
        /// `success`
        Success = "success",
        /// `processing`
        Processing = "processing",
        /// `failure`
        Failure = "failure",
        /// `unsupported`
        Unsupported = "unsupported",
    }
}

crate::vocab::vocabulary! {
    /// `imsx_severity`.
    StatusSeverity, "StatusSeverity", ext = false, deprecated = [] {
        /// `status`
        Status = "status",
        /// `warning`
        Warning = "warning",
        /// `error`
        Error = "error",
    }
}

crate::vocab::vocabulary! {
    /// `imsx_codeMinorFieldValue` (the union of the rostering, gradebook and resources lists).
    CodeMinor, "CodeMinor", ext = false, deprecated = [] {
        /// `fullsuccess`
        FullSuccess = "fullsuccess",
        /// `invalid_filter_field`
        InvalidFilterField = "invalid_filter_field",
        /// `invalid_selection_field`
        InvalidSelectionField = "invalid_selection_field",
        /// `invalid_sort_field` (resources)
        InvalidSortField = "invalid_sort_field",
        /// `invaliddata`
        InvalidData = "invaliddata",
        /// `unauthorisedrequest`
        UnauthorisedRequest = "unauthorisedrequest",
        /// `forbidden`
        Forbidden = "forbidden",
        /// `server_busy`
        ServerBusy = "server_busy",
        /// `unknownobject`
        UnknownObject = "unknownobject",
        /// `internal_server_error`
        InternalServerError = "internal_server_error",
        /// `deletefailure` (gradebook)
        DeleteFailure = "deletefailure",
        /// `unsupported` (resources)
        Unsupported = "unsupported",
    }
}

/// One code-minor field (`imsx_CodeMinorFieldDType`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CodeMinorField {
    /// `imsx_codeMinorFieldName` (usually `TargetEndSystem` or a field name).
    #[serde(rename = "imsx_codeMinorFieldName")]
    pub name: String,
    /// `imsx_codeMinorFieldValue`.
    #[serde(rename = "imsx_codeMinorFieldValue")]
    pub value: CodeMinor,
}

/// `imsx_CodeMinorDType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CodeMinorSet {
    /// The fields.
    #[serde(rename = "imsx_codeMinorField")]
    pub fields: Vec<CodeMinorField>,
}

/// The status of a request (`imsx_StatusInfoDType`): the body of every 4xx/5xx response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatusInfo {
    /// `imsx_codeMajor`.
    #[serde(rename = "imsx_codeMajor")]
    pub code_major: CodeMajor,
    /// `imsx_severity`.
    #[serde(rename = "imsx_severity")]
    pub severity: StatusSeverity,
    /// `imsx_description`.
    #[serde(
        rename = "imsx_description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// `imsx_CodeMinor`.
    #[serde(
        rename = "imsx_CodeMinor",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub code_minor: Option<CodeMinorSet>,
}

impl StatusInfo {
    /// A failure with one code-minor value.
    pub fn failure(minor: CodeMinor, description: impl Into<String>) -> Self {
        Self {
            code_major: CodeMajor::Failure,
            severity: StatusSeverity::Error,
            description: Some(description.into()),
            code_minor: Some(CodeMinorSet {
                fields: vec![CodeMinorField {
                    name: "TargetEndSystem".to_owned(),
                    value: minor,
                }],
            }),
        }
    }

    /// The HTTP status the REST binding pairs with a code-minor value.
    pub fn http_status(&self) -> u16 {
        let minor = self
            .code_minor
            .as_ref()
            .and_then(|m| m.fields.first())
            .map(|f| &f.value);
        match (&self.code_major, minor) {
            (CodeMajor::Success, _) => 200,
            (_, Some(CodeMinor::InvalidFilterField | CodeMinor::InvalidSelectionField))
            | (_, Some(CodeMinor::InvalidSortField)) => 400,
            (_, Some(CodeMinor::UnauthorisedRequest)) => 401,
            (_, Some(CodeMinor::Forbidden)) => 403,
            (_, Some(CodeMinor::UnknownObject)) => 404,
            (_, Some(CodeMinor::InvalidData)) => 422,
            (_, Some(CodeMinor::ServerBusy)) => 429,
            (CodeMajor::Unsupported, _) | (_, Some(CodeMinor::Unsupported)) => 501,
            _ => 500,
        }
    }

    /// Parses a status document, with the problems found (JSON pointer locations).
    #[allow(
        clippy::result_large_err,
        reason = "errors are full problems (code, location, message), built only on bad input"
    )]
    pub fn parse(bytes: &[u8]) -> Result<Self, lti_core::Problem> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let pointer = lti_core::location::json_pointer(
                e.path()
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str),
            );
            lti_core::Problem::error(crate::codes::STATUS_INFO, e.inner().to_string())
                .at(lti_core::Location::json_pointer(pointer))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_status() {
        let s = StatusInfo::failure(CodeMinor::InvalidFilterField, "bad field");
        let j = serde_json::to_value(&s).unwrap();
        assert_eq!(j["imsx_codeMajor"], "failure");
        assert_eq!(
            j["imsx_CodeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"],
            "invalid_filter_field"
        );
        assert_eq!(s.http_status(), 400);
        let back = StatusInfo::parse(j.to_string().as_bytes()).unwrap();
        assert_eq!(back, s);
        for (m, code) in [
            (CodeMinor::UnknownObject, 404),
            (CodeMinor::ServerBusy, 429),
            (CodeMinor::Forbidden, 403),
            (CodeMinor::UnauthorisedRequest, 401),
            (CodeMinor::InvalidData, 422),
            (CodeMinor::InternalServerError, 500),
        ] {
            assert_eq!(StatusInfo::failure(m, "x").http_status(), code);
        }
        let err = StatusInfo::parse(br#"{"imsx_codeMajor":1,"imsx_severity":"error"}"#)
            .err()
            .unwrap();
        assert_eq!(err.code, crate::codes::STATUS_INFO);
        assert_eq!(err.location.as_json_pointer(), Some("/imsx_codeMajor"));
    }
}
