//! The API's errors: one JSON shape, `{"error": {"status", "code", "message"}}`,
//! whose message never carries internals (paths, SQL, library errors); those go to
//! the server's log only.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A refused or failed request.
#[derive(Debug)]
pub enum AppError {
    /// The request is malformed or out of bounds; the message says which part.
    BadRequest(String),
    /// No valid session.
    Unauthorized,
    /// Logged in, but the role or the CSRF token does not allow it.
    Forbidden(&'static str),
    /// No such resource.
    NotFound,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// Too many failed logins for this name; try later.
    TooManyRequests,
    /// Something failed inside; logged, not shown.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound => "not_found",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::TooManyRequests => "too_many_requests",
            AppError::Internal(_) => "internal",
        }
    }

    fn message(&self) -> String {
        match self {
            AppError::BadRequest(m) => m.clone(),
            AppError::Unauthorized => "not logged in, or wrong name or password".to_owned(),
            AppError::Forbidden(why) => (*why).to_owned(),
            AppError::NotFound => "no such resource".to_owned(),
            AppError::PayloadTooLarge => format!("the body is larger than {} bytes", crate::BODY_MAX_BYTES),
            AppError::UnsupportedMediaType => "the body must be application/json".to_owned(),
            AppError::TooManyRequests => "too many failed logins; try again later".to_owned(),
            AppError::Internal(_) => "internal error".to_owned(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            // The only place internals go: the operator's log.
            eprintln!("plimsoll-server: internal error: {e}");
        }
        let status = self.status();
        let body =
            json!({"error": {"status": status.as_u16(), "code": self.code(), "message": self.message()}});
        (status, Json(body)).into_response()
    }
}

impl From<crate::Error> for AppError {
    fn from(e: crate::Error) -> Self {
        AppError::Internal(Box::new(e))
    }
}

impl From<plimsoll::store::Error> for AppError {
    fn from(e: plimsoll::store::Error) -> Self {
        AppError::Internal(Box::new(e))
    }
}

impl From<plimsoll::evidence::Error> for AppError {
    fn from(e: plimsoll::evidence::Error) -> Self {
        match e.kind {
            plimsoll::evidence::ErrorKind::NoSuchEvent { .. } => AppError::NotFound,
            _ => AppError::Internal(Box::new(e)),
        }
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::Internal(Box::new(e))
    }
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType,
            _ => AppError::BadRequest("the body is not the JSON this endpoint takes".to_owned()),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(_: QueryRejection) -> Self {
        AppError::BadRequest("unknown or repeated query parameter".to_owned())
    }
}
