//! The one place errors become HTTP responses: a JSON body `{code, description, parameter?}`
//! with the matching status. Internal details are logged, never sent.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::event::EventError;
use crate::query::QueryError;
use crate::store::StoreError;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadParameter(#[from] QueryError),
    #[error("unknown query parameter {name:?}; this endpoint takes: {allowed}")]
    UnknownParameter { name: String, allowed: &'static str },
    #[error("query parameter {0:?} is given more than once")]
    RepeatedParameter(String),
    #[error("invalid body: {0}")]
    BadBody(#[from] EventError),
    #[error("{0}")]
    BadRequest(String),
    #[error("invalid body: {0}")]
    Geoparse(#[from] crate::geoparse::GeoparseError),
    #[error("no {what} with id {id:?}")]
    NotFound { what: &'static str, id: String },
    #[error("no such endpoint")]
    NoRoute,
    #[error("this write needs the header 'Authorization: Bearer <token>' with the server's token")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error(
        "the event changed since the version named in If-Match; read it again (its ETag) and retry"
    )]
    PreconditionFailed,
    #[error(
        "the request body must be JSON (Content-Type: application/json or application/geo+json)"
    )]
    UnsupportedMediaType,
    #[error("the request body is larger than the limit of {0} bytes")]
    PayloadTooLarge(usize),
    #[error("the store's disk is full; writes are refused until space is freed (reads go on)")]
    DiskFull,
    #[error("{0} is not available yet; try again shortly")]
    Unavailable(&'static str),
    #[error("internal error")]
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::DiskFull => ApiError::DiskFull,
            other => ApiError::Internal(other.to_string()),
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadParameter(_)
            | ApiError::UnknownParameter { .. }
            | ApiError::RepeatedParameter(_) => (StatusCode::BAD_REQUEST, "InvalidParameterValue"),
            ApiError::BadBody(_) | ApiError::BadRequest(_) | ApiError::Geoparse(_) => {
                (StatusCode::BAD_REQUEST, "InvalidRequestBody")
            }
            ApiError::NotFound { .. } | ApiError::NoRoute => (StatusCode::NOT_FOUND, "NotFound"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "Unauthorized"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "Forbidden"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "Conflict"),
            ApiError::PreconditionFailed => (StatusCode::PRECONDITION_FAILED, "PreconditionFailed"),
            ApiError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType")
            }
            ApiError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "PayloadTooLarge"),
            ApiError::DiskFull => (StatusCode::INSUFFICIENT_STORAGE, "InsufficientStorage"),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "InternalError"),
        }
    }

    fn parameter(&self) -> Option<&str> {
        match self {
            ApiError::BadParameter(e) => Some(e.parameter),
            ApiError::UnknownParameter { name, .. } | ApiError::RepeatedParameter(name) => {
                Some(name)
            }
            ApiError::BadBody(e) => Some(&e.field),
            ApiError::Geoparse(e) => Some(e.field()),
            _ => None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let body = ErrorBody {
            code,
            description: self.to_string(),
            parameter: self.parameter(),
        };
        let mut resp = (status, axum::Json(body)).into_response();
        if matches!(self, ApiError::Unauthorized) {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        resp
    }
}
