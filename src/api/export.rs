//! Items as CSV (`f=csv`) with ACLED's column names, so that ACLED users' tools, GDAL's CSV
//! driver and `sitmap ingest` read them.

use std::sync::Arc;

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::ApiError;
use crate::index::Indexed;

/// ACLED's column names, in the order of its exports, then the two sitmap adds.
pub const CSV_COLUMNS: [&str; 19] = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_url",
    "notes",
    "fatalities",
    "country",
    "country_code",
    "geonameid",
];

/// A page of events as CSV with ACLED's columns (what `sitmap ingest` reads back), with the
/// total count in `OGC-NumberMatched`.
pub fn csv_page(events: &[Arc<Indexed>], matched: usize) -> Result<Response, ApiError> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(events.len() * 300 + 256));
    let fail = |e: csv::Error| ApiError::Internal(e.to_string());
    w.write_record(CSV_COLUMNS).map_err(fail)?;
    for e in events {
        let p = &e.properties;
        w.write_record([
            e.id.as_str(),
            &p.event_date.to_string(),
            &p.time_precision.to_string(),
            p.event_type.as_str(),
            &p.sub_event_type,
            &p.actor1,
            &p.actor2,
            &p.admin1,
            &p.location,
            &e.lat.to_string(),
            &e.lon.to_string(),
            &p.geo_precision.to_string(),
            &p.source,
            &p.source_url,
            &p.notes,
            &p.fatalities.to_string(),
            &p.country,
            &p.country_code,
            &p.geonameid.map(|g| g.to_string()).unwrap_or_default(),
        ])
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"events.csv\"".to_string(),
            ),
            (
                header::HeaderName::from_static("ogc-numbermatched"),
                matched.to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}
