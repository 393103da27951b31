//! Events as files: a page of items as CSV (`f=csv`, ACLED's column names, so that ACLED
//! users' tools, GDAL's CSV driver and `sitmap ingest` read them) or FlatGeobuf (`f=fgb`), and
//! `/collections/events/export`, every match of the items' filters in one streamed file (CSV,
//! FlatGeobuf or GeoJSON) without the page cap.
//!
//! An export is a snapshot: the matching events are listed under the index lock (a pointer
//! each), then written outside it while writes go on, in batches sent through a small channel,
//! so memory stays bounded by the channel and the pace is the client's.

use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use flatgeobuf::{ColumnType, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};
use geozero::{ColumnValue, GeomProcessor, GeozeroGeometry, PropertyProcessor};

use super::params::{self, ItemsParams};
use super::{ApiError, AppState};
use crate::event::Event;
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

/// One event as a CSV row of [`CSV_COLUMNS`].
fn csv_row(e: &Event) -> [String; 19] {
    let p = &e.properties;
    [
        e.id.clone(),
        p.event_date.to_string(),
        p.time_precision.to_string(),
        p.event_type.as_str().to_string(),
        p.sub_event_type.clone(),
        p.actor1.clone(),
        p.actor2.clone(),
        p.admin1.clone(),
        p.location.clone(),
        e.lat.to_string(),
        e.lon.to_string(),
        p.geo_precision.to_string(),
        p.source.clone(),
        p.source_url.clone(),
        p.notes.clone(),
        p.fatalities.to_string(),
        p.country.clone(),
        p.country_code.clone(),
        p.geonameid.map(|g| g.to_string()).unwrap_or_default(),
    ]
}

/// Events as CSV rows, with the header first when asked.
fn csv_bytes<'a>(
    events: impl IntoIterator<Item = &'a Arc<Indexed>>,
    header: bool,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(64 * 1024));
    if header {
        w.write_record(CSV_COLUMNS)?;
    }
    for e in events {
        w.write_record(csv_row(e))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

fn matched_header(matched: usize) -> (HeaderName, String) {
    (
        HeaderName::from_static("ogc-numbermatched"),
        matched.to_string(),
    )
}

/// A file's answer: its type, its name (`disposition`: inline or attachment), the total
/// count in `OGC-NumberMatched`, and its body.
fn file_response(kind: Kind, disposition: &str, matched: usize, body: impl Into<Body>) -> Response {
    let (name, value) = matched_header(matched);
    let disposition = format!("{disposition}; filename=\"{}\"", kind.file_name());
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(kind.content_type()),
            ),
            (header::CONTENT_DISPOSITION, header_value(&disposition)),
            (name, header_value(&value)),
        ],
        body.into(),
    )
        .into_response()
}

/// A page of events as CSV with ACLED's columns (what `sitmap ingest` reads back), with the
/// total count in `OGC-NumberMatched`.
pub fn csv_page(events: &[Arc<Indexed>], matched: usize) -> Result<Response, ApiError> {
    let bytes = csv_bytes(events, true).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(file_response(Kind::Csv, "inline", matched, bytes))
}

/// A page of events as FlatGeobuf, with the total count in `OGC-NumberMatched`.
pub fn fgb_page(events: &[Arc<Indexed>], matched: usize) -> Result<Response, ApiError> {
    let mut out = Vec::new();
    write_fgb(events, &mut out).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(file_response(Kind::Fgb, "inline", matched, out))
}

const CSV_TYPE: &str = "text/csv; charset=utf-8";
const FGB_TYPE: &str = "application/flatgeobuf";

fn header_value(v: &str) -> HeaderValue {
    HeaderValue::from_str(v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A point as geozero hands geometries to writers (the FlatGeobuf crate takes any
/// `GeozeroGeometry`; this is the whole of a point's).
struct Xy(f64, f64);

impl GeozeroGeometry for Xy {
    fn process_geom<P: GeomProcessor>(&self, p: &mut P) -> geozero::error::Result<()> {
        p.point_begin(0)?;
        p.xy(self.0, self.1, 0)?;
        p.point_end(0)
    }
}

/// The FlatGeobuf columns: the event's properties, typed, in the order of [`fgb_values`].
const FGB_COLUMNS: [(&str, ColumnType); 23] = [
    ("id", ColumnType::String),
    ("event_date", ColumnType::String),
    ("time_precision", ColumnType::Int),
    ("event_type", ColumnType::String),
    ("sub_event_type", ColumnType::String),
    ("actor1", ColumnType::String),
    ("actor2", ColumnType::String),
    ("fatalities", ColumnType::Int),
    ("fatalities_max", ColumnType::Int),
    ("location", ColumnType::String),
    ("admin1", ColumnType::String),
    ("country", ColumnType::String),
    ("country_code", ColumnType::String),
    ("geo_precision", ColumnType::Int),
    ("geo_radius_km", ColumnType::Double),
    ("geonameid", ColumnType::Long),
    ("source", ColumnType::String),
    ("source_url", ColumnType::String),
    ("report_id", ColumnType::String),
    ("notes", ColumnType::String),
    ("seq", ColumnType::Long),
    ("updated", ColumnType::String),
    ("provenance", ColumnType::Json),
];

/// Owned values of one event's columns (`None`: null, left out of the feature).
enum Cell {
    Text(String),
    Int(i32),
    Long(i64),
    Double(f64),
    Json(String),
}

fn fgb_values(e: &Event) -> [Option<Cell>; 23] {
    let p = &e.properties;
    let text = |s: &str| Some(Cell::Text(s.to_string()));
    [
        text(&e.id),
        Some(Cell::Text(p.event_date.to_string())),
        Some(Cell::Int(p.time_precision.into())),
        text(p.event_type.as_str()),
        text(&p.sub_event_type),
        text(&p.actor1),
        text(&p.actor2),
        Some(Cell::Int(i32::try_from(p.fatalities).unwrap_or(i32::MAX))),
        p.fatalities_max
            .map(|m| Cell::Int(i32::try_from(m).unwrap_or(i32::MAX))),
        text(&p.location),
        text(&p.admin1),
        text(&p.country),
        text(&p.country_code),
        Some(Cell::Int(p.geo_precision.into())),
        p.geo_radius_km.map(Cell::Double),
        p.geonameid.map(Cell::Long),
        text(&p.source),
        text(&p.source_url),
        text(&p.report_id),
        text(&p.notes),
        p.seq
            .map(|s| Cell::Long(i64::try_from(s).unwrap_or(i64::MAX))),
        p.updated
            .map(|u| Cell::Text(u.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))),
        (!p.provenance.is_empty())
            .then(|| serde_json::to_string(&p.provenance).ok())
            .flatten()
            .map(Cell::Json),
    ]
}

/// Errors of writing a FlatGeobuf file.
#[derive(Debug, thiserror::Error)]
pub enum FgbError {
    #[error("FlatGeobuf: {0}")]
    Fgb(#[from] flatgeobuf::Error),
    #[error("FlatGeobuf feature: {0}")]
    Feature(#[from] geozero::error::GeozeroError),
}

/// Writes events as one FlatGeobuf layer `events` (points, EPSG:4326, with the packed
/// R-tree that lets GDAL and QGIS read a box without reading the file).
fn write_fgb<'a>(
    events: impl IntoIterator<Item = &'a Arc<Indexed>>,
    out: impl Write,
) -> Result<(), FgbError> {
    let mut fgb = FgbWriter::create_with_options(
        "events",
        GeometryType::Point,
        FgbWriterOptions {
            write_index: true,
            crs: FgbCrs {
                code: 4326,
                ..Default::default()
            },
            title: Some("sitmap events"),
            ..Default::default()
        },
    )?;
    for (name, kind) in FGB_COLUMNS {
        fgb.add_column(name, kind, |_, col| col.nullable = name != "id");
    }
    for e in events {
        let values = fgb_values(e);
        let mut failed = None;
        fgb.add_feature_geom(Xy(e.lon, e.lat), |feature| {
            for (i, (value, (name, _))) in values.iter().zip(FGB_COLUMNS).enumerate() {
                let Some(value) = value else { continue };
                let v = match value {
                    Cell::Text(s) => ColumnValue::String(s),
                    Cell::Int(n) => ColumnValue::Int(*n),
                    Cell::Long(n) => ColumnValue::Long(*n),
                    Cell::Double(x) => ColumnValue::Double(*x),
                    Cell::Json(s) => ColumnValue::Json(s),
                };
                if let Err(err) = feature.property(i, name, &v) {
                    failed.get_or_insert(err);
                }
            }
        })?;
        if let Some(err) = failed {
            return Err(err.into());
        }
    }
    fgb.write(out)?;
    Ok(())
}

/// At most this many exports at once; one more is a 503 (each holds a thread while it
/// writes, paced by its client).
pub const MAX_EXPORTS: usize = 4;

/// Events per batch sent to the client.
const BATCH: usize = 2_000;

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
    Fgb,
    GeoJson,
}

impl Kind {
    fn of(p: &ItemsParams) -> Self {
        if p.csv {
            Kind::Csv
        } else if p.fgb {
            Kind::Fgb
        } else {
            Kind::GeoJson
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Kind::Csv => CSV_TYPE,
            Kind::Fgb => FGB_TYPE,
            Kind::GeoJson => "application/geo+json",
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Kind::Csv => "events.csv",
            Kind::Fgb => "events.fgb",
            Kind::GeoJson => "events.geojson",
        }
    }
}

/// A response body fed through a channel by the thread that writes the file. An error sent
/// down it aborts the response, so a client never takes a cut file for a whole one.
struct ChannelBody(tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl http_body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|r| r.map(http_body::Frame::data)))
    }
}

/// Writes into the channel in chunks (for the FlatGeobuf writer, which wants an `io::Write`).
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= 256 * 1024 {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))
    }
}

/// Writes the whole export into the channel; stops when the client has gone.
fn produce(
    events: Vec<Arc<Indexed>>,
    kind: Kind,
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
) {
    let send = |bytes: Vec<u8>| tx.blocking_send(Ok(Bytes::from(bytes))).is_ok();
    let failed = |e: String| {
        tracing::error!("export failed: {e}");
        let _ = tx.blocking_send(Err(std::io::Error::other(e)));
    };
    match kind {
        Kind::Csv => {
            for (i, batch) in events.chunks(BATCH).enumerate() {
                match csv_bytes(batch, i == 0) {
                    Ok(bytes) => {
                        if !send(bytes) {
                            return;
                        }
                    }
                    Err(e) => return failed(e.to_string()),
                }
            }
            if events.is_empty() {
                let _ = csv_bytes([], true).map(send);
            }
        }
        Kind::GeoJson => {
            let head = format!(
                "{{\"type\":\"FeatureCollection\",\"numberMatched\":{n},\"numberReturned\":{n},\"timeStamp\":\"{}\",\"features\":[",
                chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                n = events.len()
            );
            if !send(head.into_bytes()) {
                return;
            }
            for (i, batch) in events.chunks(BATCH).enumerate() {
                let mut bytes = Vec::with_capacity(batch.len() * 600);
                for (j, e) in batch.iter().enumerate() {
                    if i + j > 0 {
                        bytes.push(b',');
                    }
                    bytes.extend_from_slice(e.feature_json().get().as_bytes());
                }
                if !send(bytes) {
                    return;
                }
            }
            send(b"]}".to_vec());
        }
        Kind::Fgb => {
            let mut out = ChannelWriter {
                tx: tx.clone(),
                buf: Vec::with_capacity(256 * 1024),
            };
            let written = write_fgb(&events, &mut out).map_err(|e| e.to_string());
            match written.and_then(|()| out.flush().map_err(|e| e.to_string())) {
                Ok(()) => {}
                Err(e) if tx.is_closed() => tracing::debug!("export abandoned: {e}"),
                Err(e) => failed(e),
            }
        }
    }
}

/// `GET /collections/events/export?f=csv|fgb|json&…`: every event matching the items'
/// filters (no page cap), newest first or in `sortby` order, as one file.
pub async fn export(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = params::export(raw.as_deref())?;
    let kind = Kind::of(&p);
    let slot = state
        .exports
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::Unavailable("another export (at most 4 run at once)"))?;
    // the snapshot: every match, ordered, under a permit for work that grows with the store
    let events = {
        let _permit = state
            .heavy
            .acquire()
            .await
            .map_err(|_| ApiError::Unavailable("the server (shutting down)"))?;
        let shared = state.clone();
        let (query, sortby) = (p.query.clone(), p.sortby.clone());
        super::work::run("export", move || {
            let all = shared.index().matching(&query);
            super::items::in_order(all, &sortby)
        })
        .await?
    };
    let matched = events.len();
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    super::work::spawn(move || {
        produce(events, kind, tx);
        drop(slot);
    });
    Ok(file_response(
        kind,
        "attachment",
        matched,
        Body::new(ChannelBody(rx)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_flatgeobuf_has_the_magic_bytes_and_every_feature() {
        let json = br#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[36.5,35.25]},
             "properties":{"event_date":"2024-01-01","event_type":"Battles","fatalities":3}},
            {"type":"Feature","id":"b","geometry":{"type":"Point","coordinates":[-1,2]},
             "properties":{"event_date":"2024-01-02","event_type":"Riots"}}]}"#;
        let events: Vec<Arc<Indexed>> = crate::event::parse_features(json)
            .expect("events")
            .into_iter()
            .map(|e| {
                crate::index::EventIndex::new(vec![e.clone()])
                    .get(&e.id)
                    .expect("indexed")
            })
            .collect();
        let mut out = Vec::new();
        write_fgb(&events, &mut out).expect("written");
        assert_eq!(&out[..3], b"fgb");
        use flatgeobuf::{FallibleStreamingIterator, FeatureProperties};
        let mut reader = flatgeobuf::FgbReader::open(std::io::Cursor::new(&out))
            .expect("readable")
            .select_all()
            .expect("all");
        let mut ids = Vec::new();
        while let Some(feature) = reader.next().expect("feature") {
            ids.push(feature.property::<String>("id").expect("id"));
        }
        ids.sort();
        assert_eq!(ids, ["a", "b"]);
    }
}
