//! `/tiles/events/{z}/{x}/{y}.mvt` and its TileJSON 3.0 document `/tiles/events.json`.

use std::hash::Hasher;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::params::pairs;
use super::AppState;
use crate::query::{self, DateInterval, EventQuery};
use crate::tiles::cache::TileBody;
use crate::tiles::{self, encode, TileId};

pub const TILE_PARAMS: &str = "datetime, event_type, country_code, actor, filter, filter-lang, filter-crs, event_date, fatalities, sub_event_type, actor1, actor2, admin1, location, country, geo_precision, time_precision, geonameid, source";
pub const MVT: &str = "application/vnd.mapbox-vector-tile";
/// The zoom TileJSON announces as the deepest: clients over-zoom beyond it (every event is
/// a point from the clustering limit up, so deeper tiles add nothing).
pub const TILEJSON_MAX_ZOOM: u8 = 14;
/// Zooms below this render on the blocking pool: they may visit every event.
const BLOCKING_BELOW_ZOOM: u8 = 7;

/// The filters of a tile request, and their canonical query string (the cache key part).
fn filters(raw: Option<&str>) -> Result<(EventQuery, String), ApiError> {
    let mut q = EventQuery::default();
    let mut filters = super::params::FilterParams::default();
    for (k, v) in pairs(raw, TILE_PARAMS)? {
        if filters.take(&k, &v)? {
            continue;
        }
        match k.as_str() {
            "datetime" => q.dates = DateInterval::parse(&v)?,
            "event_type" => q.event_type = Some(query::parse_event_type(&v)?),
            "country_code" => q.country_code = Some(query::parse_country_code(&v)?),
            "actor" => q.actor = Some(query::parse_actor(&v)?),
            _ => unreachable!("pairs() admits only TILE_PARAMS"),
        }
    }
    let filter_pairs = filters.pairs.clone();
    filters.finish(&mut q)?;
    let mut s = form_urlencoded::Serializer::new(String::new());
    if !q.dates.is_unbounded() {
        let fmt = |d: Option<chrono::NaiveDate>| d.map_or("..".to_string(), |d| d.to_string());
        s.append_pair(
            "datetime",
            &format!("{}/{}", fmt(q.dates.start), fmt(q.dates.end)),
        );
    }
    if let Some(t) = q.event_type {
        s.append_pair("event_type", t.as_str());
    }
    if let Some(cc) = &q.country_code {
        s.append_pair("country_code", cc);
    }
    if let Some(a) = &q.actor {
        s.append_pair("actor", a);
    }
    for (k, v) in &filter_pairs {
        s.append_pair(k, v);
    }
    Ok((q, s.finish()))
}

fn etag_of(bytes: &[u8]) -> String {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    format!("\"{:016x}-{}\"", h.finish(), bytes.len())
}

/// `GET /tiles/events/{z}/{x}/{y}.mvt`
pub async fn events_tile(
    State(state): State<AppState>,
    Path((z, x, y)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let tile = tile_address(&z, &x, &y)?;
    serve_events_tile(state, tile, raw.as_deref(), &headers).await
}

/// The events tile at `tile` with the request's filters, from the cache or rendered.
pub async fn serve_events_tile(
    state: AppState,
    tile: TileId,
    raw: Option<&str>,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let (filters, canonical) = filters(raw)?;
    let key = format!("{}/{}/{}?{canonical}", tile.z, tile.x, tile.y);
    let body = match state.tiles.get(&key) {
        Some(body) => body,
        None => {
            let generation = state.tiles.generation();
            // low zooms gather many events: always data work; others only when a write
            // holds the index
            let cheap = tile.z >= BLOCKING_BELOW_ZOOM;
            let body = state
                .read_index(cheap, move |index| {
                    let bytes = tiles::render_events(index, &filters, tile);
                    let etag = etag_of(&bytes);
                    Arc::new(TileBody::new(bytes.into(), etag))
                })
                .await?;
            state.tiles.insert(key, body.clone(), generation);
            body
        }
    };
    Ok(tile_response(&body, headers))
}

/// The tile with its ETag and caching headers, or 304 when the client holds it already.
/// A client that accepts gzip gets the tile's kept gzip form (with its own ETag); the
/// compression layer leaves an answer that already has a `Content-Encoding` alone.
fn tile_response(body: &TileBody, headers: &HeaderMap) -> Response {
    let gzip = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(accepts_gzip);
    let (etag, bytes) = if gzip {
        (&body.gzip_etag, body.gzipped().clone())
    } else {
        (&body.etag, body.bytes.clone())
    };
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == *etag || t.trim() == "*"));
    let mut resp = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut resp = (
            [(header::CONTENT_TYPE, HeaderValue::from_static(MVT))],
            bytes,
        )
            .into_response();
        if gzip {
            resp.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        resp
    };
    let h = resp.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, etag);
    }
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    resp
}

/// Whether an `Accept-Encoding` value allows gzip: named with a q above 0, or not named and
/// `*` allowed.
fn accepts_gzip(value: &str) -> bool {
    const GZIP: [&str; 2] = ["gzip", "x-gzip"];
    let named = value.split(',').any(|item| {
        let coding = item.split(';').next().unwrap_or("").trim();
        GZIP.iter().any(|g| coding.eq_ignore_ascii_case(g))
    });
    let ranges: &[&str] = if named { &GZIP } else { &["*"] };
    super::html::accept_quality(value, ranges) > 0.0
}

fn tile_address(z: &str, x: &str, y: &str) -> Result<TileId, ApiError> {
    let Some(y) = y.strip_suffix(".mvt").or_else(|| y.strip_suffix(".pbf")) else {
        return Err(ApiError::NoRoute);
    };
    Ok(TileId::parse(z, x, y).map_err(|e| query::QueryError::new(e.parameter(), e.to_string()))?)
}

/// `GET /tiles/basemap/{z}/{x}/{y}.mvt`: country outlines (layer `countries`).
pub async fn basemap_tile(
    State(state): State<AppState>,
    Path((z, x, y)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    pairs(raw.as_deref(), "")?;
    let tile = tile_address(&z, &x, &y)?;
    let key = format!("basemap/{}/{}/{}", tile.z, tile.x, tile.y);
    if let Some(body) = state.tiles.get(&key) {
        return Ok(tile_response(&body, &headers));
    }
    let generation = state.tiles.generation();
    let loader = state.clone();
    let body = super::work::run("tile", move || {
        let basemap = loader.basemap.get_or_init(|| {
            match crate::tiles::basemap::Basemap::load(&super::map::asset_dirs(&loader)) {
                Ok(b) => Some(Arc::new(b)),
                Err(e) => {
                    tracing::warn!("basemap unavailable: {e}");
                    None
                }
            }
        });
        basemap.as_ref().map(|b| {
            let bytes = b.render(tile);
            let etag = etag_of(&bytes);
            Arc::new(TileBody::new(bytes.into(), etag))
        })
    })
    .await?;
    let Some(body) = body else {
        return Err(ApiError::NotFound {
            what: "basemap (run `npm ci` in the sitmap folder to install world-atlas)",
            id: key,
        });
    };
    state.tiles.insert(key, body.clone(), generation);
    Ok(tile_response(&body, &headers))
}

/// `GET /tiles/events.json`: TileJSON 3.0. Filters given here are carried into the tiles URL.
pub async fn tilejson(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (_, canonical) = filters(raw.as_deref())?;
    let base = state.base_url(&headers);
    let query = if canonical.is_empty() {
        String::new()
    } else {
        format!("?{canonical}")
    };
    let extent = state.extent();
    let bounds = extent
        .as_ref()
        .map_or([-180.0, -85.0511, 180.0, 85.0511], |e| e.bbox);
    let fields: serde_json::Map<String, serde_json::Value> = encode::FIELDS
        .iter()
        .map(|(k, kind, _)| (k.to_string(), serde_json::Value::from(*kind)))
        .collect();
    let doc = serde_json::json!({
        "tilejson": "3.0.0",
        "name": "sitmap events",
        "description": format!(
            "Conflict events; below zoom {} nearby events are clustered (cluster=true, point_count, summed fatalities).",
            tiles::CLUSTER_MAX_ZOOM
        ),
        "version": "1.0.0",
        "scheme": "xyz",
        "tiles": [format!("{base}/tiles/events/{{z}}/{{x}}/{{y}}.mvt{query}")],
        "minzoom": 0,
        "maxzoom": TILEJSON_MAX_ZOOM,
        "bounds": bounds,
        "center": [(bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0, 4],
        "attribution": "sitmap; places © GeoNames (CC BY 4.0), Natural Earth",
        "vector_layers": [{
            "id": encode::LAYER,
            "description": "One point per event, or per cluster of events at low zoom",
            "minzoom": 0,
            "maxzoom": TILEJSON_MAX_ZOOM,
            "fields": fields,
        }],
    });
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        doc.to_string(),
    )
        .into_response())
}
