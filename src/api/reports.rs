//! `POST /reports`: a news report in, its events stored and returned.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::items::write_body;
use super::AppState;
use crate::extract::{self, parse_report};

const GEOJSON: &str = "application/geo+json";

/// Sets its flag when dropped: with the handler that owns it, however that ends.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

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
    // when this handler is dropped (the client hung up, or the request timed out) before the
    // reading ends, the guard tells the reading to stop
    let cancelled = Arc::new(AtomicBool::new(false));
    let _guard = CancelOnDrop(cancelled.clone());
    let shared = state.clone();
    let events = super::work::run("extraction", move || {
        let events = extract::extract_unless(&gazetteer, &report, &cancelled);
        if events.is_none() {
            shared
                .metrics
                .extractions_cancelled
                .fetch_add(1, Ordering::Relaxed);
        }
        events
    })
    .await?
    .ok_or(ApiError::Unavailable("the report's reading (cancelled)"))?;
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
