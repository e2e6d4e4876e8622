//! API tokens over HTTP (admins): `GET /api/v1/tokens` lists them (no secrets),
//! `POST /api/v1/tokens` creates one for a user and shows its secret once,
//! `DELETE /api/v1/tokens/{id}` revokes one. Each change is audited.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::accounts::{valid_user_name, Role, TOKEN_DAYS_MAX};
use crate::api::{bad, blocking, parse_number};
use crate::app_error::AppError;
use crate::auth::Caller;
use crate::error::ErrorKind;
use crate::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTokenBody {
    user: String,
    #[serde(default)]
    label: String,
    /// Days the token lives; until revoked when absent.
    days: Option<u32>,
}

/// `GET /api/v1/tokens` (admin).
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, AppError> {
    caller.require(Role::Admin)?;
    let accounts = state.accounts.clone();
    blocking(move || Ok(Json(json!({"tokens": accounts.tokens()?})))).await
}

/// `POST /api/v1/tokens` (admin): `{"user", "label", "days"}`.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: Result<Json<NewTokenBody>, JsonRejection>,
) -> Result<Response, AppError> {
    caller.require(Role::Admin)?;
    let Json(body) = body?;
    if !valid_user_name(&body.user) {
        return Err(bad("`user` is not a user name"));
    }
    let accounts = state.accounts.clone();
    let by = caller.user.name;
    let token = blocking(move || {
        accounts.create_token(&body.user, &body.label, body.days, &by).map_err(|e| match e.kind {
            ErrorKind::NoSuchUser { .. } => bad("no such user"),
            ErrorKind::BadTokenLabel { max } => {
                bad(format!("`label` must be at most {max} bytes without control characters"))
            }
            ErrorKind::BadTokenDays { .. } => bad(format!("`days` must be 1 to {TOKEN_DAYS_MAX}")),
            _ => e.into(),
        })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(token)).into_response())
}

/// `DELETE /api/v1/tokens/{id}` (admin).
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    caller.require(Role::Admin)?;
    let id: i64 = parse_number("id", &id, 1, i64::MAX)?;
    let accounts = state.accounts.clone();
    let by = caller.user.name;
    let revoked = blocking(move || Ok(accounts.revoke_token(id, &by)?)).await?;
    if revoked {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}
