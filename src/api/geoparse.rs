//! `POST /geoparse`: every place mention of a text, resolved (public: reads nothing stored and
//! writes nothing, so it needs no token).

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::items::{read_body, require_json};
use super::AppState;
use crate::geoparse::{self, Request};

/// `POST /geoparse`: JSON `{text, toponyms?: [{start, end}], country?, candidates?}` → a GeoJSON
/// FeatureCollection, one Feature per mention (per given span, in order, when spans are given).
pub async fn parse(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_json(&headers)?;
    let bytes = read_body(&state, body).await?;
    let request = Request::from_json(&bytes)?;
    let gazetteer = state.gazetteer().await?;
    let body = super::work::run("geoparse", move || {
        let results = geoparse::geoparse(&gazetteer, &request);
        serde_json::to_vec(&geoparse::to_geojson(&gazetteer, &results))
    })
    .await?
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body).into_response())
}
