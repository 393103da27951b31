//! OGC API – Features resources other than items: landing page, conformance, collections.

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::html::{self, esc, negotiate, Link};
use super::params::{self, Format};
use super::{ApiError, AppState};

pub const CONFORMANCE: &[&str] = &[
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
    // OGC API – Tiles (src/api/ogc_tiles.rs) and the tile matrix set it serves
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
    "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
];

const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

fn self_and_alternate(base: &str, path: &str, format: Format, title: &str) -> Vec<Link> {
    let json = Link::new(
        format!("{base}{path}?f=json"),
        "self",
        "application/json",
        &format!("{title} as JSON"),
    );
    let html = Link::new(
        format!("{base}{path}?f=html"),
        "self",
        "text/html",
        &format!("{title} as HTML"),
    );
    match format {
        Format::Json => vec![
            json,
            Link {
                rel: "alternate",
                ..html
            },
        ],
        Format::Html => vec![
            html,
            Link {
                rel: "alternate",
                ..json
            },
        ],
    }
}

pub async fn landing(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let format = negotiate(params::format_only(raw.as_deref())?, &headers);
    let base = state.base_url(&headers);
    let mut links = self_and_alternate(&base, "/", format, "This document");
    links.extend([
        Link::new(
            format!("{base}/api"),
            "service-desc",
            "application/vnd.oai.openapi+json;version=3.0",
            "The API definition (OpenAPI 3.0)",
        ),
        Link::new(
            format!("{base}/api"),
            "service-doc",
            "application/vnd.oai.openapi+json;version=3.0",
            "The API documentation",
        ),
        Link::new(
            format!("{base}/conformance"),
            "conformance",
            "application/json",
            "Conformance classes",
        ),
        Link::new(
            format!("{base}/conformance"),
            "http://www.opengis.net/def/rel/ogc/1.0/conformance",
            "application/json",
            "Conformance classes",
        ),
        Link::new(
            format!("{base}/collections"),
            "data",
            "application/json",
            "Collections",
        ),
        Link::new(
            format!("{base}/collections"),
            "http://www.opengis.net/def/rel/ogc/1.0/data",
            "application/json",
            "Collections",
        ),
        Link::new(
            format!("{base}/tiles/events.json"),
            "tiles",
            "application/json",
            "Event vector tiles (TileJSON)",
        ),
        Link::new(
            format!("{base}/tileMatrixSets"),
            super::ogc_tiles::REL_TILING_SCHEMES,
            "application/json",
            "Tiling schemes (OGC API – Tiles)",
        ),
        Link::new(
            format!("{base}/map"),
            "alternate",
            "text/html",
            "The events on a map",
        ),
    ]);
    let title = "sitmap";
    let description = "Geocoded events of armed conflict, read from news reports.";
    Ok(match format {
        Format::Json => Json(json!({ "title": title, "description": description, "links": links }))
            .into_response(),
        Format::Html => {
            html::page(title, &links, &format!("<p>{}</p>", esc(description))).into_response()
        }
    })
}

pub async fn conformance(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let format = negotiate(params::format_only(raw.as_deref())?, &headers);
    let base = state.base_url(&headers);
    let links = self_and_alternate(&base, "/conformance", format, "Conformance");
    Ok(match format {
        Format::Json => Json(json!({ "conformsTo": CONFORMANCE, "links": links })).into_response(),
        Format::Html => {
            let items: String = CONFORMANCE
                .iter()
                .map(|c| format!("<li>{}</li>", esc(c)))
                .collect();
            html::page("Conformance", &links, &format!("<ul>{items}</ul>")).into_response()
        }
    })
}

/// The description of the `events` collection.
fn events_collection(state: &AppState, base: &str) -> serde_json::Value {
    let extent = state.extent();
    let (bbox, interval) = match extent {
        Some(e) => (
            e.bbox.to_vec(),
            vec![
                format!("{}T00:00:00Z", e.dates.0),
                format!("{}T23:59:59Z", e.dates.1),
            ],
        ),
        None => (vec![-180.0, -90.0, 180.0, 90.0], vec![]),
    };
    let interval_json = if interval.is_empty() {
        json!([[null, null]])
    } else {
        json!([interval])
    };
    json!({
        "id": "events",
        "title": "Conflict events",
        "description": "Incidents of armed conflict (ACLED-style schema), one point each.",
        "itemType": "feature",
        "crs": [CRS84],
        "storageCrs": CRS84,
        "extent": {
            "spatial": { "bbox": [bbox], "crs": CRS84 },
            "temporal": { "interval": interval_json, "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian" }
        },
        "links": [
            Link::new(format!("{base}/collections/events?f=json"), "self", "application/json", "This collection"),
            Link::new(format!("{base}/collections/events?f=html"), "alternate", "text/html", "This collection as HTML"),
            Link::new(format!("{base}/collections/events/items?f=json"), "items", "application/geo+json", "The events"),
            Link::new(format!("{base}/collections/events/items?f=html"), "items", "text/html", "The events as HTML"),
            Link::new(format!("{base}/collections/events/queryables"), "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json", "The properties filters may use"),
            Link::new(format!("{base}/collections/events/schema"), "http://www.opengis.net/def/rel/ogc/1.0/schema", "application/schema+json", "The properties of an event"),
            Link::new(format!("{base}/collections/events/tiles"), super::ogc_tiles::REL_TILESETS_VECTOR, "application/json", "The events as vector tiles (OGC API – Tiles)"),
        ]
    })
}

pub async fn collections(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let format = negotiate(params::format_only(raw.as_deref())?, &headers);
    let base = state.base_url(&headers);
    let links = self_and_alternate(&base, "/collections", format, "Collections");
    let collection = events_collection(&state, &base);
    Ok(match format {
        Format::Json => {
            Json(json!({ "links": links, "collections": [collection] })).into_response()
        }
        Format::Html => html::page(
            "Collections",
            &links,
            &format!(
                "<h2><a href=\"{}\">Conflict events</a></h2><p>{} events</p>",
                esc(&format!("{base}/collections/events?f=html")),
                state.event_count()
            ),
        )
        .into_response(),
    })
}

pub async fn collection(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let format = negotiate(params::format_only(raw.as_deref())?, &headers);
    let base = state.base_url(&headers);
    let collection = events_collection(&state, &base);
    Ok(match format {
        Format::Json => Json(collection).into_response(),
        Format::Html => {
            let links = vec![
                Link::new(
                    format!("{base}/collections/events/items?f=html"),
                    "items",
                    "text/html",
                    "Browse the events",
                ),
                Link::new(
                    format!("{base}/collections/events?f=json"),
                    "alternate",
                    "application/json",
                    "This collection as JSON",
                ),
            ];
            let rows = [
                ("events", state.event_count().to_string()),
                (
                    "spatial extent",
                    collection["extent"]["spatial"]["bbox"].to_string(),
                ),
                (
                    "temporal extent",
                    collection["extent"]["temporal"]["interval"].to_string(),
                ),
            ];
            html::page("Conflict events", &links, &html::table(&rows)).into_response()
        }
    })
}

/// A JSON Schema document about the collection, made from its URL.
fn schema_response(
    state: &AppState,
    headers: &HeaderMap,
    raw: Option<&str>,
    make: fn(&str) -> serde_json::Value,
) -> Result<Response, ApiError> {
    params::format_only(raw)?;
    let base = state.base_url(headers);
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/schema+json")],
        Json(make(&format!("{base}/collections/events"))),
    )
        .into_response())
}

/// `/collections/events/schema`: the JSON Schema of every property of an event.
pub async fn schema(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    schema_response(
        &state,
        &headers,
        raw.as_deref(),
        crate::query::queryables::schema_document,
    )
}

/// `/collections/events/queryables`: the JSON Schema of the properties filters may use.
pub async fn queryables(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    schema_response(
        &state,
        &headers,
        raw.as_deref(),
        crate::query::queryables::document,
    )
}
