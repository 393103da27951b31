//! `/gazetteer/user`: the analyst's own places and pins (see `gazetteer::user`).
//!
//! `GET` lists the entries; `POST` adds one (a write: the token rules of every write apply);
//! `DELETE /gazetteer/user/{id}` removes one. Each change is written to
//! `DATA/gazetteer-user.json` before it is answered and takes effect for the next request.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::items::write_body;
use super::{ApiError, AppState};
use crate::gazetteer::user::{self, UserEntry, UserPlacesError};

impl From<UserPlacesError> for ApiError {
    fn from(e: UserPlacesError) -> Self {
        match e {
            UserPlacesError::Invalid { .. } => ApiError::BadRequest(e.to_string()),
            UserPlacesError::NotFound(id) => ApiError::NotFound {
                what: "user gazetteer entry",
                id,
            },
            other => ApiError::Internal(other.to_string()),
        }
    }
}

pub async fn list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let gazetteer = state.gazetteer().await?;
    let body = serde_json::json!({ "entries": gazetteer.user_entries() });
    Ok(axum::Json(body).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = write_body(&state, &headers, body).await?;
    let de = &mut serde_json::Deserializer::from_slice(&bytes);
    let mut entry: UserEntry = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        ApiError::BadRequest(format!("{}: {}", path.trim_start_matches('.'), e.inner()))
    })?;
    entry.validate("")?;
    let entry = state
        .change_user_places(move |entries| {
            entry.id = user::next_id(entries);
            entries.push(entry.clone());
            Ok(entry)
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(entry)).into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    super::items::authorize(&state, &headers)?;
    state
        .change_user_places(move |entries| {
            let before = entries.len();
            entries.retain(|e| e.id != id);
            if entries.len() == before {
                return Err(UserPlacesError::NotFound(id));
            }
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
