//! OGC API – Tiles for the events collection: the tiling scheme (`/tileMatrixSets`, the
//! WebMercatorQuad tile matrix set of OGC's Two Dimensional Tile Matrix Set standard, 2.0),
//! the collection's tilesets (`/collections/events/tiles`, one: vector tiles in
//! WebMercatorQuad), its metadata, and its tiles at
//! `/collections/events/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}`: the same
//! MVT tiles as `/tiles/events/{z}/{x}/{y}.mvt`, with the same filters, so that GDAL's OGCAPI
//! driver and QGIS find and open them.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::params::{self, Format};
use super::tiles::{serve_events_tile, MVT, TILEJSON_MAX_ZOOM};
use super::{ApiError, AppState};
use crate::tiles::{encode, TileId};

/// The one tile matrix set: Web Mercator, 256-pixel tiles, one tile at zoom 0.
pub const TMS_ID: &str = "WebMercatorQuad";
const TMS_URI: &str = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
const EPSG_3857: &str = "http://www.opengis.net/def/crs/EPSG/0/3857";
/// Half the width of the Web Mercator square, in metres.
const HALF_WORLD: f64 = 20_037_508.342_789_244;
/// Metres per pixel at zoom 0 (the square's width over 256 pixels).
const CELL_SIZE_0: f64 = 2.0 * HALF_WORLD / 256.0;
/// The deepest tile matrix listed (tiles exist deeper; clients over-zoom).
const DEEPEST: u8 = crate::tiles::MAX_ZOOM;

pub const REL_TILESETS_VECTOR: &str = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
pub const REL_TILING_SCHEMES: &str = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes";
const REL_TILING_SCHEME: &str = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";

fn link(href: String, rel: &str, media_type: &str, title: &str) -> Value {
    json!({ "href": href, "rel": rel, "type": media_type, "title": title })
}

/// Endpoints here answer JSON only: `f=json` (or nothing) is taken, anything else refused.
fn json_only(raw: Option<&str>) -> Result<(), ApiError> {
    match params::format_only(raw)? {
        None | Some(Format::Json) => Ok(()),
        Some(Format::Html) => {
            Err(crate::query::QueryError::new("f", "tiling metadata is JSON only (f=json)").into())
        }
    }
}

fn json_response(doc: Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        doc.to_string(),
    )
        .into_response()
}

/// The WebMercatorQuad tile matrix set, as the TMS 2.0 JSON encoding writes it.
fn tile_matrix_set() -> Value {
    let matrices: Vec<Value> = (0..=DEEPEST)
        .map(|z| {
            let cell = CELL_SIZE_0 / f64::from(1u32 << z);
            let n = 1u64 << z;
            json!({
                "id": z.to_string(),
                // OGC's standardised rendering pixel: 0.28 mm
                "scaleDenominator": cell / 0.000_28,
                "cellSize": cell,
                "cornerOfOrigin": "topLeft",
                "pointOfOrigin": [-HALF_WORLD, HALF_WORLD],
                "tileWidth": 256,
                "tileHeight": 256,
                "matrixWidth": n,
                "matrixHeight": n,
                // the same in the 1.0 encoding, which GDAL 3.6 reads
                "type": "TileMatrixType",
                "identifier": z.to_string(),
                "topLeftCorner": [-HALF_WORLD, HALF_WORLD],
            })
        })
        .collect();
    json!({
        "id": TMS_ID,
        "title": "Google Maps Compatible for the World",
        "uri": TMS_URI,
        "crs": EPSG_3857,
        "orderedAxes": ["E", "N"],
        "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        "tileMatrices": matrices,
        // the TMS 1.0 JSON encoding's names of the same (GDAL 3.6, as Debian 12 ships it,
        // reads only these): a client of either version finds its members
        "type": "TileMatrixSetType",
        "identifier": TMS_ID,
        "supportedCRS": EPSG_3857,
        "tileMatrix": matrices,
    })
}

/// `GET /tileMatrixSets`
pub async fn tile_matrix_sets(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    json_only(raw.as_deref())?;
    let base = state.base_url(&headers);
    Ok(json_response(json!({
        "tileMatrixSets": [{
            "id": TMS_ID,
            "title": "Google Maps Compatible for the World",
            "uri": TMS_URI,
            "links": [link(format!("{base}/tileMatrixSets/{TMS_ID}"), "self", "application/json", "The WebMercatorQuad tile matrix set")],
        }],
        "links": [link(format!("{base}/tileMatrixSets"), "self", "application/json", "Tile matrix sets")],
    })))
}

/// `GET /tileMatrixSets/{id}`
pub async fn tile_matrix_set_doc(
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    json_only(raw.as_deref())?;
    if id != TMS_ID {
        return Err(not_a_tms(&id));
    }
    Ok(json_response(tile_matrix_set()))
}

fn not_a_tms(id: &str) -> ApiError {
    ApiError::NotFound {
        what: "tile matrix set (there is one: WebMercatorQuad)",
        id: id.chars().take(64).collect(),
    }
}

/// The links of the events tileset: itself, its tiling scheme, the tile template, TileJSON.
fn tileset_links(base: &str) -> Vec<Value> {
    vec![
        link(
            format!("{base}/collections/events/tiles/{TMS_ID}"),
            "self",
            "application/json",
            "Events as vector tiles in WebMercatorQuad",
        ),
        link(
            format!("{base}/tileMatrixSets/{TMS_ID}"),
            REL_TILING_SCHEME,
            "application/json",
            "The tile matrix set",
        ),
        json!({
            "href": format!("{base}/collections/events/tiles/{TMS_ID}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"),
            "rel": "item",
            "type": MVT,
            "templated": true,
            "title": "Events tiles (MVT); the items' filters apply",
        }),
        link(
            format!("{base}/tiles/events.json"),
            "describedby",
            "application/json",
            "The same tiles as TileJSON",
        ),
        link(
            format!("{base}/collections/events"),
            "collection",
            "application/json",
            "The collection",
        ),
    ]
}

/// The events layer's properties as JSON Schema (types and meanings of the tile fields).
fn properties_schema() -> Value {
    let props: serde_json::Map<String, Value> = encode::FIELDS
        .iter()
        .map(|(name, kind, description)| {
            let t = match *kind {
                "Number" => "number",
                "Boolean" => "boolean",
                _ => "string",
            };
            (
                name.to_string(),
                json!({ "type": t, "description": description }),
            )
        })
        .collect();
    json!({ "type": "object", "properties": props })
}

/// The tileset's description (short in the list, whole in its own document).
fn tileset(base: &str, whole: bool) -> Value {
    let mut doc = json!({
        "title": "Conflict events",
        "dataType": "vector",
        "crs": EPSG_3857,
        "tileMatrixSetURI": TMS_URI,
        "links": tileset_links(base),
    });
    if whole {
        doc["description"] = json!(format!(
            "One point per event; below zoom {} nearby events are clustered (cluster=true, point_count, summed fatalities).",
            crate::tiles::CLUSTER_MAX_ZOOM
        ));
        doc["minTileMatrix"] = json!("0");
        doc["maxTileMatrix"] = json!(TILEJSON_MAX_ZOOM.to_string());
        doc["layers"] = json!([{
            "id": encode::LAYER,
            "title": "events",
            "dataType": "vector",
            "geometryType": "points",
            "minTileMatrix": "0",
            "maxTileMatrix": TILEJSON_MAX_ZOOM.to_string(),
            "propertiesSchema": properties_schema(),
        }]);
    }
    doc
}

/// `GET /collections/events/tiles`: the collection's tilesets (one).
pub async fn tilesets(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    json_only(raw.as_deref())?;
    let base = state.base_url(&headers);
    Ok(json_response(json!({
        "tilesets": [tileset(&base, false)],
        "links": [
            link(format!("{base}/collections/events/tiles"), "self", "application/json", "The events tilesets"),
            link(format!("{base}/collections/events"), "collection", "application/json", "The collection"),
        ],
    })))
}

/// `GET /collections/events/tiles/{tileMatrixSetId}`: the tileset's metadata.
pub async fn tileset_doc(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(tms): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    json_only(raw.as_deref())?;
    if tms != TMS_ID {
        return Err(not_a_tms(&tms));
    }
    Ok(json_response(tileset(&state.base_url(&headers), true)))
}

/// `GET /collections/events/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}`: the
/// MVT tile at zoom `tileMatrix`, row `y`, column `x`.
pub async fn tile(
    State(state): State<AppState>,
    Path((tms, z, row, col)): Path<(String, String, String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if tms != TMS_ID {
        return Err(not_a_tms(&tms));
    }
    let tile = TileId::parse(&z, &col, &row)
        .map_err(|e| crate::query::QueryError::new(e.parameter(), e.to_string()))?;
    serve_events_tile(state, tile, raw.as_deref(), &headers).await
}
