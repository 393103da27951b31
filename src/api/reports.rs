//! `POST /reports`: a news report in, its events stored and returned.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::items::write_body;
use super::AppState;
use crate::extract::{self, parse_report};

const GEOJSON: &str = "application/geo+json";

/// `POST /reports`: JSON `{text, published, source?, url?, id?}`. Answers 201 with the events
/// as stored (an incident already stored gains this report as a further source), or 200 with
/// no features when the report describes no event.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = write_body(&state, &headers, body).await?;
    let report = parse_report(&bytes)?;
    let gazetteer = state.gazetteer().await?;
    let report_id = report.report_id();
    let events = super::work::spawn(move || extract::extract(&gazetteer, &report))
        .await
        .map_err(|e| ApiError::Internal(format!("extraction task failed: {e}")))?;
    let status = if events.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let (stored, count) = if events.is_empty() {
        (Vec::new(), Default::default())
    } else {
        state.write_reported(events).await?
    };
    let body = serde_json::json!({
        "type": "FeatureCollection",
        "report_id": report_id,
        "features": stored,
        "inserted": count.inserted,
        "updated": count.updated,
    });
    Ok((status, [(header::CONTENT_TYPE, GEOJSON)], body.to_string()).into_response())
}
