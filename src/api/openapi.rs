//! `/api`: the OpenAPI document describing every endpoint and parameter sitmap serves, as
//! OpenAPI 3.0 (the default, which OGC API – Features' oas30 class and GDAL read) and, at
//! `/api?version=3.1`, as OpenAPI 3.1.

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::params;
use super::{ApiError, AppState};
use crate::event::EventType;
use crate::query::QueryError;

/// A plain per-queryable filter parameter (`name=a,b`).
fn plain_param(name: &str, description: &str) -> serde_json::Value {
    json!({ "name": name, "in": "query", "required": false, "description": description,
            "schema": { "type": "string", "minLength": 1, "maxLength": 1000 }, "style": "form", "explode": false })
}

fn f_param() -> Value {
    json!({ "name": "f", "in": "query", "required": false, "description": "Output format.",
            "schema": { "type": "string", "enum": ["json", "html"] }, "style": "form", "explode": false })
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

/// The document, with the server URL the client reached.
pub fn spec(base: &str, max_limit: usize, default_limit: usize) -> Value {
    let types: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
    let json_ok = |d: &str| json!({ "description": d, "content": { "application/json": { "schema": { "type": "object" } }, "text/html": { "schema": { "type": "string" } } } });
    // (built apart: one json! of the whole document passes the macro's recursion limit)
    let quote = json!({ "type": "object", "nullable": true, "additionalProperties": false,
        "required": ["text", "start", "end"], "properties": {
            "text": { "type": "string", "maxLength": 1000 },
            "start": { "type": "integer", "minimum": 0, "maximum": 4_294_967_295_u64 },
            "end": { "type": "integer", "minimum": 0, "maximum": 4_294_967_295_u64 } } });
    let evidence = json!({ "type": "object", "nullable": true, "additionalProperties": false,
        "description": "For extracted events: the words of the report that gave the place, date, type and fatalities, with their code-point offsets in the report.",
        "properties": {
            "place": { "$ref": "#/components/schemas/Quote" },
            "date": { "$ref": "#/components/schemas/Quote" },
            "event_type": { "$ref": "#/components/schemas/Quote" },
            "fatalities": { "$ref": "#/components/schemas/Quote" } } });
    let provenance = json!({ "type": "array", "maxItems": 10000,
        "description": "Every report or feed the event was read from, one entry each, kept whole when reports of one incident merge.",
        "items": { "type": "object", "additionalProperties": false, "properties": {
            "source": { "type": "string", "maxLength": 1000, "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" },
            "url": { "type": "string", "maxLength": 1000, "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" },
            "report_id": { "type": "string", "maxLength": 1000, "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" } } } });
    let mut doc = json!({
        "openapi": "3.0.3",
        "info": {
            "title": "sitmap",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Geocoded events of armed conflict read from news reports, served as OGC API – Features.",
            "license": { "name": "MIT OR Apache-2.0" }
        },
        "servers": [{ "url": base }],
        "paths": {
            "/": { "get": { "summary": "Landing page", "operationId": "getLandingPage", "parameters": [f_param()],
                "responses": { "200": json_ok("Links to the API definition, conformance and collections"), "400": error_response("Bad parameter") } } },
            "/conformance": { "get": { "summary": "Conformance classes", "operationId": "getConformance", "parameters": [f_param()],
                "responses": { "200": json_ok("The conformance classes"), "400": error_response("Bad parameter") } } },
            "/api": { "get": { "summary": "This document", "operationId": "getApi",
                "parameters": [ { "name": "version", "in": "query", "required": false, "description": "3.1 for the OpenAPI 3.1 form of this document", "schema": { "type": "string", "enum": ["3.0", "3.1"] } } ],
                "responses": { "200": { "description": "OpenAPI 3.0", "content": { "application/vnd.oai.openapi+json;version=3.0": { "schema": { "type": "object" } } } } } } },
            "/collections": { "get": { "summary": "Collections", "operationId": "getCollections", "parameters": [f_param()],
                "responses": { "200": json_ok("The collections"), "400": error_response("Bad parameter") } } },
            "/collections/events": { "get": { "summary": "The events collection", "operationId": "describeCollection", "parameters": [f_param()],
                "responses": { "200": json_ok("Collection metadata with extents"), "400": error_response("Bad parameter") } } },
            "/collections/events/items": {
                "get": {
                    "summary": "Events by bounding box, date and filters",
                    "operationId": "getFeatures",
                    "parameters": [
                        { "$ref": "#/components/parameters/bbox" },
                        { "name": "bbox-crs", "in": "query", "required": false, "schema": { "type": "string", "format": "uri", "enum": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"] }, "style": "form", "explode": false },
                        { "$ref": "#/components/parameters/datetime" },
                        { "$ref": "#/components/parameters/limit" },
                        { "name": "offset", "in": "query", "required": false, "description": "Number of matching events to skip (paging; see the next/prev links).",
                          "schema": { "type": "integer", "minimum": 0, "default": 0 }, "style": "form", "explode": false },
                        { "name": "cursor", "in": "query", "required": false, "description": "Start just after this event (DATE:ID) in the default order, as the next link gives it: paging that neither repeats nor skips events while writes go on. Not with sortby.",
                          "schema": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}:[^\\x00-\\x1f\\x7f]{1,128}$" }, "style": "form", "explode": false },
                        { "name": "event_type", "in": "query", "required": false, "schema": { "type": "string", "enum": types }, "style": "form", "explode": false },
                        { "name": "country_code", "in": "query", "required": false, "description": "ISO 3166-1 alpha-2.",
                          "schema": { "type": "string", "pattern": "^[A-Za-z]{2}$" }, "style": "form", "explode": false },
                        { "name": "actor", "in": "query", "required": false, "description": "Events with this actor as actor1 or actor2 (whole name, any case).",
                          "schema": { "type": "string", "minLength": 1, "maxLength": 200 }, "style": "form", "explode": false },
                        { "name": "sortby", "in": "query", "required": false, "description": "Queryables to order by, comma-separated, each prefixed - for descending (default: newest first).",
                          "schema": { "type": "string", "maxLength": 200 }, "style": "form", "explode": false },
                        { "name": "properties", "in": "query", "required": false, "description": "The only properties to return, comma-separated.",
                          "schema": { "type": "string", "maxLength": 1000 }, "style": "form", "explode": false },
                        { "name": "skipGeometry", "in": "query", "required": false, "description": "Leave the geometry out.",
                          "schema": { "type": "boolean", "default": false }, "style": "form", "explode": false },
                        { "name": "filter", "in": "query", "required": false, "description": "A CQL2 filter (text, or JSON with filter-lang=cql2-json) over the queryables (/collections/events/queryables): comparisons, IN, LIKE, BETWEEN, IS NULL, AND/OR/NOT, S_INTERSECTS with BBOX/POLYGON/POINT, T_INTERSECTS/T_DURING/T_AFTER/T_BEFORE on event_date.",
                          "schema": { "type": "string", "maxLength": 8192 }, "style": "form", "explode": false },
                        { "name": "filter-lang", "in": "query", "required": false, "schema": { "type": "string", "enum": ["cql2-text", "cql-text", "cql2-json"], "default": "cql2-text" }, "style": "form", "explode": false },
                        { "name": "filter-crs", "in": "query", "required": false, "schema": { "type": "string", "format": "uri", "enum": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"] }, "style": "form", "explode": false },
                        plain_param("event_date", "The day (YYYY-MM-DD), one of these (comma-separated); ranges go in datetime or filter."),
                        plain_param("fatalities", "Reported deaths equal to one of these numbers (comma-separated)."),
                        plain_param("sub_event_type", "ACLED sub-event type, one of these (comma-separated, any case)."),
                        plain_param("actor1", "actor1 is one of these (comma-separated, any case)."),
                        plain_param("actor2", "actor2 is one of these (comma-separated, any case)."),
                        plain_param("admin1", "Province is one of these (comma-separated, any case)."),
                        plain_param("location", "Place name is one of these (comma-separated, any case)."),
                        plain_param("country", "Country name is one of these (comma-separated, any case)."),
                        plain_param("geo_precision", "1, 2 or 3 (comma-separated)."),
                        plain_param("time_precision", "1, 2 or 3 (comma-separated)."),
                        plain_param("geonameid", "Gazetteer id of the place (comma-separated)."),
                        plain_param("source", "Source is one of these (comma-separated, any case); `sitmap demo (synthetic)` marks the demo set."),
                        { "name": "f", "in": "query", "required": false, "description": "Output format: GeoJSON, HTML, CSV with ACLED's column names, or FlatGeobuf.",
                          "schema": { "type": "string", "enum": ["json", "html", "csv", "fgb"] }, "style": "form", "explode": false }
                    ],
                    "responses": {
                        "200": { "description": "A page of events, newest first",
                                 "content": { "application/geo+json": { "schema": { "$ref": "#/components/schemas/FeatureCollection" } }, "text/html": { "schema": { "type": "string" } }, "text/csv": { "schema": { "type": "string" } }, "application/flatgeobuf": { "schema": { "type": "string", "format": "binary" } } } },
                        "400": error_response("A parameter is unknown, repeated or malformed; `parameter` names it"),
                        "414": { "description": "The request line is longer than the server reads" }
                    }
                },
                "post": {
                    "summary": "Add or update events (a Feature or a FeatureCollection of Point features)",
                    "operationId": "createFeatures",
                    "security": [{ "bearer": [] }],
                    "requestBody": { "required": true, "content": {
                        "application/geo+json": { "schema": { "oneOf": [ { "$ref": "#/components/schemas/Feature" }, { "$ref": "#/components/schemas/FeatureCollectionIn" } ] } },
                        "application/json": { "schema": { "oneOf": [ { "$ref": "#/components/schemas/Feature" }, { "$ref": "#/components/schemas/FeatureCollectionIn" } ] } } } },
                    "responses": {
                        "201": { "description": "Stored durably", "content": { "application/geo+json": { "schema": { "type": "object" } } } },
                        "400": error_response("Invalid body; `parameter` names the field"),
                        "401": error_response("Missing or wrong bearer token"),
                        "413": error_response("Body too large"),
                        "415": error_response("Body not JSON"),
                        "507": error_response("Disk full")
                    }
                }
            },
            "/collections/events/items/{featureId}": {
              "get": {
                "summary": "One event", "operationId": "getFeature",
                "parameters": [ { "name": "featureId", "in": "path", "required": true, "schema": { "type": "string" } }, f_param() ],
                "responses": {
                    "200": { "description": "The event (with its ETag)", "content": { "application/geo+json": { "schema": { "$ref": "#/components/schemas/Feature" } }, "text/html": { "schema": { "type": "string" } } } },
                    "304": { "description": "Not modified since the ETag given in If-None-Match" },
                    "400": error_response("Bad parameter"),
                    "404": error_response("No event with this id")
                } },
              "put": {
                "summary": "Replace the event (or create it with this id)", "operationId": "replaceFeature",
                "security": [{ "bearer": [] }],
                "parameters": [ { "name": "featureId", "in": "path", "required": true, "schema": { "type": "string" } },
                                { "name": "If-Match", "in": "header", "required": false, "schema": { "type": "string" } } ],
                "requestBody": { "required": true, "content": {
                    "application/geo+json": { "schema": { "$ref": "#/components/schemas/Feature" } },
                    "application/json": { "schema": { "$ref": "#/components/schemas/Feature" } } } },
                "responses": {
                    "200": { "description": "Replaced", "content": { "application/geo+json": { "schema": { "type": "object" } } } },
                    "201": { "description": "Created", "content": { "application/geo+json": { "schema": { "type": "object" } } } },
                    "400": error_response("Invalid body, or its id is not the path's"),
                    "401": error_response("Missing or wrong bearer token"),
                    "403": error_response("A write from another origin without a token"),
                    "412": error_response("The event changed since the ETag given in If-Match"),
                    "413": error_response("Body too large"),
                    "415": error_response("Body not JSON"),
                    "507": error_response("Disk full")
                } },
              "patch": {
                "summary": "Change the event with a JSON merge patch (RFC 7396)", "operationId": "updateFeature",
                "security": [{ "bearer": [] }],
                "parameters": [ { "name": "featureId", "in": "path", "required": true, "schema": { "type": "string" } },
                                { "name": "If-Match", "in": "header", "required": false, "schema": { "type": "string" } } ],
                "requestBody": { "required": true, "content": {
                    "application/merge-patch+json": { "schema": { "type": "object" } },
                    "application/json": { "schema": { "type": "object" } } } },
                "responses": {
                    "200": { "description": "Changed", "content": { "application/geo+json": { "schema": { "type": "object" } } } },
                    "400": error_response("The patched event is not valid; `parameter` names the field"),
                    "401": error_response("Missing or wrong bearer token"),
                    "403": error_response("A write from another origin without a token"),
                    "404": error_response("No event with this id"),
                    "412": error_response("The event changed since the ETag given in If-Match"),
                    "413": error_response("Body too large"),
                    "415": error_response("Body not JSON"),
                    "507": error_response("Disk full")
                } },
              "delete": {
                "summary": "Delete the event (the store keeps a tombstone)", "operationId": "deleteFeature",
                "security": [{ "bearer": [] }],
                "parameters": [ { "name": "featureId", "in": "path", "required": true, "schema": { "type": "string" } },
                                { "name": "If-Match", "in": "header", "required": false, "schema": { "type": "string" } } ],
                "responses": {
                    "204": { "description": "Deleted" },
                    "401": error_response("Missing or wrong bearer token"),
                    "403": error_response("A write from another origin without a token"),
                    "404": error_response("No event with this id"),
                    "412": error_response("The event changed since the ETag given in If-Match"),
                    "507": error_response("Disk full")
                } }
            },
            "/collections/events/changes": { "get": {
                "summary": "The store's changes after a change number, oldest first (each id once, at its latest change), for mirrors", "operationId": "getChanges",
                "parameters": [
                    { "name": "since", "in": "query", "required": false, "description": "List changes numbered after this one (0: from the start); then ask again with the answer's `until`.",
                      "schema": { "type": "integer", "minimum": 0, "maximum": 9_007_199_254_740_991_i64, "default": 0 }, "style": "form", "explode": false },
                    { "$ref": "#/components/parameters/limit" },
                    { "name": "f", "in": "query", "required": false, "schema": { "type": "string", "enum": ["json"] }, "style": "form", "explode": false }
                ],
                "responses": {
                    "200": { "description": "Changes: each with `seq`, `op` (create, update, delete), `id`, `updated` and, unless deleted, the `feature`", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["since", "until", "latest", "complete", "changes"],
                        "properties": {
                            "since": { "type": "integer" }, "until": { "type": "integer" }, "latest": { "type": "integer" },
                            "complete": { "type": "boolean" }, "numberReturned": { "type": "integer" },
                            "changes": { "type": "array", "items": { "type": "object", "required": ["seq", "op", "id", "updated"], "properties": {
                                "seq": { "type": "integer" }, "op": { "type": "string", "enum": ["create", "update", "delete"] },
                                "id": { "type": "string" }, "updated": { "type": "string" }, "feature": { "type": "object" } } } },
                            "links": { "type": "array", "items": { "type": "object" } } } } } } },
                    "400": error_response("A parameter is unknown, repeated or malformed; `parameter` names it")
                } } },
            "/reports": { "post": {
                "summary": "Read a news report into events and store them", "operationId": "createReport",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "additionalProperties": false, "required": ["text", "published"],
                    "properties": {
                        "text": { "type": "string", "minLength": 1, "maxLength": 200000, "allOf": [ { "pattern": "\\S" }, { "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" } ] },
                        "published": { "type": "string", "format": "date", "pattern": "^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$" },
                        "source": { "type": "string", "maxLength": 1000, "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" },
                        "url": { "type": "string", "maxLength": 1000, "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" },
                        "id": { "type": "string", "nullable": true, "maxLength": 1000, "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" }
                    } } } } },
                "responses": {
                    "201": { "description": "The report's events, as stored", "content": { "application/geo+json": { "schema": { "type": "object" } } } },
                    "200": { "description": "The report describes no event", "content": { "application/geo+json": { "schema": { "type": "object" } } } },
                    "400": error_response("Invalid report; `parameter` names the field"),
                    "401": error_response("Missing or wrong bearer token"),
                    "413": error_response("Body too large"),
                    "415": error_response("Body not JSON"),
                    "507": error_response("Disk full")
                } } },
            "/gazetteer": { "get": {
                "summary": "Place-name candidates, best first", "operationId": "searchGazetteer",
                "parameters": [
                    { "name": "q", "in": "query", "required": true, "schema": { "type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S" } },
                    { "name": "country", "in": "query", "required": false, "schema": { "type": "string", "pattern": "^[A-Za-z]{2}$" } },
                    { "name": "limit", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 10 } }
                ],
                "responses": { "200": { "description": "Candidates", "content": { "application/geo+json": { "schema": { "type": "object" } } } },
                               "400": error_response("Bad parameter") } } },
            "/health": { "get": { "summary": "Liveness", "operationId": "health",
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "object" } } } } } } },
            "/metrics": { "get": { "summary": "Prometheus metrics", "operationId": "metrics",
                "responses": { "200": { "description": "Metrics", "content": { "text/plain": { "schema": { "type": "string" } } } } } } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "parameters": {
                "bbox": { "name": "bbox", "in": "query", "required": false,
                    "description": "minlon,minlat,maxlon,maxlat in WGS84 (CRS84); minlon > maxlon crosses the antimeridian. Six numbers (with heights) are accepted.",
                    "schema": { "type": "array", "minItems": 4, "maxItems": 6, "items": { "type": "number", "minimum": -180, "maximum": 180 } },
                    "style": "form", "explode": false },
                "datetime": { "name": "datetime", "in": "query", "required": false,
                    "description": "An instant, an interval a/b, a half-open interval ../b or a/.., or a start plus an ISO 8601 duration (a/P1M2D). Events are dated to the day.",
                    "schema": { "type": "string", "minLength": 1,
                        "pattern": "^([1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(/(\\.\\.|[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])|P([0-9]+[YMWD])+))?|\\.\\./[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$" }, "style": "form", "explode": false },
                "limit": { "name": "limit", "in": "query", "required": false,
                    "description": format!("Events per page; larger values are clamped to {max_limit}."),
                    "schema": { "type": "integer", "minimum": 1, "maximum": max_limit, "default": default_limit },
                    "style": "form", "explode": false }
            },
            "schemas": {
                "Error": { "type": "object", "required": ["code", "description"], "properties": {
                    "code": { "type": "string" }, "description": { "type": "string" }, "parameter": { "type": "string" } } },
                "Feature": { "type": "object", "required": ["type", "geometry", "properties"], "properties": {
                    "type": { "type": "string", "enum": ["Feature"] },
                    "id": { "nullable": true, "oneOf": [ { "type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]+$" }, { "type": "number" } ] },
                    "geometry": { "type": "object", "required": ["type", "coordinates"], "properties": {
                        "type": { "type": "string", "enum": ["Point"] },
                        "coordinates": { "type": "array", "minItems": 2, "maxItems": 3,
                            "description": "[longitude -180..180, latitude -90..90(, height)]",
                            "items": { "type": "number", "minimum": -180, "maximum": 180 } } } },
                    "properties": { "$ref": "#/components/schemas/EventProperties" } } },
                "FeatureOut": { "description": "An event as a page lists it: every property, or those asked for with `properties`; no geometry with `skipGeometry=true`.",
                    "type": "object", "required": ["type", "geometry", "properties"], "properties": {
                    "type": { "type": "string", "enum": ["Feature"] },
                    "id": { "type": "string" },
                    "geometry": { "nullable": true, "type": "object", "required": ["type", "coordinates"], "properties": {
                        "type": { "type": "string", "enum": ["Point"] },
                        "coordinates": { "type": "array", "minItems": 2, "maxItems": 3, "items": { "type": "number" } } } },
                    "properties": { "type": "object" } } },
                "FeatureCollectionIn": { "type": "object", "required": ["type", "features"], "properties": {
                    "type": { "type": "string", "enum": ["FeatureCollection"] },
                    "features": { "type": "array", "minItems": 1, "items": { "$ref": "#/components/schemas/Feature" } } } },
                "FeatureCollection": { "type": "object", "required": ["type", "features"], "properties": {
                    "type": { "type": "string", "enum": ["FeatureCollection"] },
                    "features": { "type": "array", "items": { "$ref": "#/components/schemas/FeatureOut" } },
                    "numberMatched": { "type": "integer", "minimum": 0 },
                    "numberReturned": { "type": "integer", "minimum": 0 },
                    "timeStamp": { "type": "string", "format": "date-time" },
                    "links": { "type": "array", "items": { "type": "object" } } } },
                "Quote": quote,
                "EventProperties": { "type": "object", "required": ["event_date", "event_type"], "additionalProperties": false, "properties": {
                    "event_date": { "type": "string", "format": "date", "pattern": "^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$" },
                    "time_precision": { "type": "integer", "minimum": 1, "maximum": 3 },
                    "event_type": { "type": "string", "enum": types },
                    "sub_event_type": { "type": "string", "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" },
                    "actor1": { "type": "string", "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" }, "actor2": { "type": "string", "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" },
                    "fatalities": { "type": "integer", "minimum": 0, "maximum": 1000000 },
                    "location": { "type": "string", "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" }, "admin1": { "type": "string", "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" },
                    "country": { "type": "string", "maxLength": 1000, "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" }, "country_code": { "type": "string", "pattern": "^([A-Z]{2})?$" },
                    "geo_precision": { "type": "integer", "minimum": 1, "maximum": 3 },
                    "geonameid": { "type": "integer", "nullable": true, "minimum": -9_007_199_254_740_991_i64, "maximum": 9_007_199_254_740_991_i64 },
                    "geo_radius_km": { "type": "number", "nullable": true, "minimum": 0.01, "maximum": 20000 },
                    "fatalities_max": { "type": "integer", "nullable": true, "minimum": 0, "maximum": 1000000 },
                    "evidence": evidence,
                    "source": { "type": "string", "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" }, "source_url": { "type": "string", "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" },
                    "report_id": { "type": "string", "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" },
                    "provenance": provenance,
                    "notes": { "type": "string", "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" },
                    "seq": { "type": "integer", "minimum": 0, "maximum": 9_007_199_254_740_991_i64, "readOnly": true, "description": "The store's change number of the event's last write (set by the server)" },
                    "updated": { "type": "string", "format": "date-time", "readOnly": true, "description": "Server time of the event's last write (set by the server)" } } }
            }
        }
    });
    add_export(&mut doc);
    add_metadata_tiles_and_tools(&mut doc);
    doc
}

/// `/collections/events/export`: the items' filters and `sortby` (the same parameter
/// objects, so the two cannot drift apart), and a required `f`.
fn add_export(doc: &mut Value) {
    let mut params = items_params_except(
        doc,
        &[
            "limit",
            "offset",
            "cursor",
            "properties",
            "skipGeometry",
            "f",
        ],
    );
    params.push(json!({ "name": "f", "in": "query", "required": true,
        "description": "csv (ACLED's column names), fgb (FlatGeobuf) or json (GeoJSON).",
        "schema": { "type": "string", "enum": ["csv", "fgb", "json"] }, "style": "form", "explode": false }));
    doc["paths"]["/collections/events/export"] = json!({ "get": {
        "summary": "Every event matching the items' filters (no page cap) as one streamed file, newest first or in sortby order",
        "operationId": "exportFeatures",
        "parameters": params,
        "responses": {
            "200": { "description": "The events as a file; their count in OGC-NumberMatched",
                     "content": { "application/geo+json": { "schema": { "type": "object" } },
                                  "text/csv": { "schema": { "type": "string" } },
                                  "application/flatgeobuf": { "schema": { "type": "string", "format": "binary" } } } },
            "400": { "description": "A parameter is unknown, repeated or malformed; `parameter` names it",
                     "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
            "503": { "description": "Too many exports at once; try again shortly",
                     "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        } } });
}

/// The items' filter parameters that also narrow tiles and TileJSON (the same parameter
/// objects, so the two cannot drift apart): all but paging, order, shape and box.
fn tile_filter_params(doc: &Value) -> Vec<Value> {
    items_params_except(
        doc,
        &[
            "bbox",
            "bbox-crs",
            "limit",
            "offset",
            "cursor",
            "sortby",
            "properties",
            "skipGeometry",
            "f",
        ],
    )
}

/// The items' query parameters but those named in `left_out` (a `$ref`'d parameter is named
/// by the last part of its reference: `bbox`, `datetime`, `limit`).
fn items_params_except(doc: &Value, left_out: &[&str]) -> Vec<Value> {
    doc["paths"]["/collections/events/items"]["get"]["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            let name = p["name"]
                .as_str()
                .or_else(|| p["$ref"].as_str().and_then(|r| r.rsplit('/').next()))
                .unwrap_or("");
            !left_out.contains(&name)
        })
        .collect()
}

/// The metadata, tiles, styles, map and geoparser paths, beside the features paths above.
fn add_metadata_tiles_and_tools(doc: &mut Value) {
    let filters = tile_filter_params(doc);
    let json_doc_as = |summary: &str, id: &str, media: &str| {
        json!({ "get": { "summary": summary, "operationId": id,
            "parameters": [{ "name": "f", "in": "query", "required": false, "schema": { "type": "string", "enum": ["json"] }, "style": "form", "explode": false }],
            "responses": {
                "200": { "description": summary, "content": { media: { "schema": { "type": "object" } } } },
                "400": error_response("An unknown or malformed parameter")
            } } })
    };
    let json_doc = |summary: &str, id: &str| json_doc_as(summary, id, "application/json");
    let no_params_doc = |summary: &str, id: &str, media: &str, body: Value| {
        json!({ "get": { "summary": summary, "operationId": id,
            "responses": {
                "200": { "description": summary, "content": { media: { "schema": body } } },
                "400": error_response("A query parameter (this path takes none)")
            } } })
    };
    let tms_param = json!({ "name": "tileMatrixSetId", "in": "path", "required": true,
        "schema": { "type": "string", "enum": ["WebMercatorQuad"] } });
    let zoom = |name: &str| {
        json!({ "name": name, "in": "path", "required": true,
            "schema": { "type": "integer", "minimum": 0, "maximum": crate::tiles::MAX_ZOOM } })
    };
    let cell = |name: &str, description: &str| {
        json!({ "name": name, "in": "path", "required": true, "description": description,
            "schema": { "type": "integer", "minimum": 0, "maximum": 4_194_303 } })
    };
    let tile_responses = |what: &str| {
        json!({
            "200": { "description": what, "content": { "application/vnd.mapbox-vector-tile": { "schema": { "type": "string", "format": "binary" } } } },
            "304": { "description": "Not modified (If-None-Match)" },
            "400": error_response("A tile address outside its zoom's matrix, or a bad filter"),
            "414": { "description": "The request line is longer than the server reads" },
            "404": error_response("No such tile matrix set")
        })
    };
    let mut tile_params = vec![
        tms_param.clone(),
        zoom("tileMatrix"),
        cell("tileRow", "Row, from the north; below 2^tileMatrix"),
        cell("tileCol", "Column, from the west; below 2^tileMatrix"),
    ];
    tile_params.extend(filters.iter().cloned());
    let mut xyz_params = vec![
        zoom("z"),
        cell("x", "Column, from the west; below 2^z"),
        json!({ "name": "y", "in": "path", "required": true, "description": "Row from the north (below 2^z), then .mvt or .pbf",
            "schema": { "type": "string", "pattern": "^[0-9]{1,7}\\.(mvt|pbf)$" } }),
    ];
    let basemap_params = xyz_params.clone();
    xyz_params.extend(filters.iter().cloned());
    let paths = doc["paths"].as_object_mut().expect("paths is an object");
    paths.insert(
        "/collections/events/queryables".into(),
        json_doc_as(
            "The queryables: a JSON Schema of every property a filter may name",
            "getQueryables",
            "application/schema+json",
        ),
    );
    paths.insert(
        "/collections/events/schema".into(),
        json_doc_as(
            "The JSON Schema of an event's properties",
            "getSchema",
            "application/schema+json",
        ),
    );
    paths.insert(
        "/tileMatrixSets".into(),
        json_doc(
            "The tile matrix sets (WebMercatorQuad)",
            "getTileMatrixSets",
        ),
    );
    paths.insert("/tileMatrixSets/{tileMatrixSetId}".into(), {
        let mut d = json_doc("A tile matrix set", "getTileMatrixSet");
        d["get"]["parameters"]
            .as_array_mut()
            .expect("list")
            .push(tms_param.clone());
        d["get"]["responses"]["404"] = error_response("No such tile matrix set");
        d
    });
    paths.insert(
        "/collections/events/tiles".into(),
        json_doc("The events' vector tilesets", "getTilesets"),
    );
    paths.insert("/collections/events/tiles/{tileMatrixSetId}".into(), {
        let mut d = json_doc(
            "The events' vector tileset in one tile matrix set",
            "getTileset",
        );
        d["get"]["parameters"]
            .as_array_mut()
            .expect("list")
            .push(tms_param);
        d["get"]["responses"]["404"] = error_response("No such tile matrix set");
        d
    });
    paths.insert("/collections/events/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}".into(), json!({ "get": {
        "summary": "A vector tile of the events (OGC API – Tiles); the filters narrow it", "operationId": "getTile",
        "parameters": tile_params, "responses": tile_responses("The tile (layer events; clusters below zoom 12)") } }));
    paths.insert("/tiles/events.json".into(), json!({ "get": {
        "summary": "TileJSON 3.0 of the events tiles; filters given here are carried into the tiles URL", "operationId": "getTileJson",
        "parameters": filters, "responses": {
            "200": { "description": "TileJSON", "content": { "application/json": { "schema": { "type": "object" } } } },
            "400": error_response("A bad filter") } } }));
    paths.insert("/tiles/events/metadata.json".into(), json!({ "get": {
        "summary": "The same TileJSON, where GDAL's MVT driver looks for it", "operationId": "getTileJsonMetadata",
        "parameters": filters, "responses": {
            "200": { "description": "TileJSON", "content": { "application/json": { "schema": { "type": "object" } } } },
            "400": error_response("A bad filter") } } }));
    paths.insert("/tiles/events/{z}/{x}/{y}".into(), json!({ "get": {
        "summary": "A vector tile of the events (XYZ); the filters narrow it", "operationId": "getEventsTile",
        "parameters": xyz_params, "responses": tile_responses("The tile (layer events; clusters below zoom 12)") } }));
    paths.insert("/tiles/basemap/{z}/{x}/{y}".into(), json!({ "get": {
        "summary": "A vector tile of the basemap (country and province outlines)", "operationId": "getBasemapTile",
        "parameters": basemap_params, "responses": tile_responses("The tile") } }));
    paths.insert(
        "/styles/events.json".into(),
        no_params_doc(
            "The map's MapLibre style",
            "getMapLibreStyle",
            "application/json",
            json!({ "type": "object" }),
        ),
    );
    paths.insert(
        "/styles/events.qml".into(),
        no_params_doc(
            "A QGIS style (QML) for the events layer: categories by event type",
            "getQgisStyle",
            "application/xml",
            json!({ "type": "string" }),
        ),
    );
    paths.insert("/map".into(), json!({ "get": { "summary": "The map page", "operationId": "getMap",
        "responses": { "200": { "description": "HTML", "content": { "text/html": { "schema": { "type": "string" } } } } } } }));
    paths.insert("/geoparse".into(), json!({ "post": {
        "summary": "Every place a text names, resolved: one Feature per mention, or per given span", "operationId": "geoparse",
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
            "type": "object", "required": ["text"], "additionalProperties": false, "properties": {
                "text": { "type": "string", "minLength": 1, "maxLength": crate::geoparse::MAX_TEXT_LEN, "pattern": "\\S" },
                "toponyms": { "type": "array", "maxItems": crate::geoparse::MAX_SPANS, "description": "Spans to resolve (code-point offsets, end exclusive, within the text, not overlapping)",
                    "items": { "type": "object", "required": ["start", "end"], "properties": {
                        "start": { "type": "integer", "minimum": 0 }, "end": { "type": "integer", "minimum": 0 } } } },
                "country": { "type": "string", "nullable": true, "pattern": "^[A-Za-z]{2}$", "description": "ISO 3166-1 alpha-2 code of the country the text is about" },
                "candidates": { "nullable": true, "oneOf": [ { "type": "boolean" }, { "type": "integer", "minimum": 0, "maximum": 20 } ],
                    "description": "Also list this many ranked candidates per mention (true: 5), with their evidence" } } } } } },
        "responses": {
            "200": { "description": "A FeatureCollection, one Feature per mention", "content": { "application/geo+json": { "schema": { "type": "object" } } } },
            "400": error_response("Invalid request; `parameter` names the field"),
            "413": error_response("Body too large"),
            "415": error_response("Body not JSON") } } }));
    let text = json!({ "type": "string", "minLength": 1, "maxLength": crate::gazetteer::user::MAX_TEXT, "pattern": "\\S" });
    let common = json!({
        "id": { "type": "string", "description": "Given by the server; ignored when posted" },
        "name": text,
        "aliases": { "type": "array", "maxItems": crate::gazetteer::user::MAX_ALIASES, "items": text },
        "note": { "type": "string", "nullable": true, "maxLength": 1000 } });
    let with = |extra: Value, required: &[&str]| {
        let mut properties = common.clone();
        if let (Some(p), Some(e)) = (properties.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        json!({ "type": "object", "additionalProperties": false, "required": required, "properties": properties })
    };
    let entry_schema = json!({ "oneOf": [
        with(json!({ "geonameid": { "type": "integer", "description": "Pin: the gazetteer place these names mean" } }), &["name", "geonameid"]),
        with(json!({
            "lat": { "type": "number", "minimum": -90, "maximum": 90 },
            "lon": { "type": "number", "minimum": -180, "maximum": 180 },
            "country_code": { "type": "string", "pattern": "^[A-Za-z]{2}$" },
            "admin1": { "type": "string", "nullable": true, "pattern": "^[A-Za-z0-9]{1,10}$" },
            "feature_code": { "type": "string", "nullable": true, "pattern": "^[A-Za-z0-9]{1,10}$" },
            "population": { "type": "integer", "nullable": true, "minimum": 0 } }), &["name", "lat", "lon", "country_code"])
    ] });
    paths.insert("/gazetteer/user".into(), json!({
        "get": { "summary": "The analyst's own places, aliases and pinned names", "operationId": "listUserPlaces",
            "responses": { "200": { "description": "Entries", "content": { "application/json": { "schema": { "type": "object" } } } } } },
        "post": { "summary": "Add a place, an alias or a pinned name to the user gazetteer (effective at once)", "operationId": "createUserPlace",
            "security": [{ "bearer": [] }],
            "requestBody": { "required": true, "content": { "application/json": { "schema": entry_schema } } },
            "responses": {
                "201": { "description": "The entry as stored, with its id", "content": { "application/json": { "schema": { "type": "object" } } } },
                "400": error_response("Invalid entry; the message names the field"),
                "401": error_response("Missing or wrong bearer token"),
                "413": error_response("Body too large"),
                "415": error_response("Body not JSON") } } }));
    paths.insert("/gazetteer/user/{id}".into(), json!({ "delete": {
        "summary": "Remove an entry of the user gazetteer", "operationId": "deleteUserPlace",
        "security": [{ "bearer": [] }],
        "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string", "minLength": 1 } }],
        "responses": {
            "204": { "description": "Removed" },
            "401": error_response("Missing or wrong bearer token"),
            "404": error_response("No entry with this id") } } }));
}

/// The document as OpenAPI 3.1. Its JSON Schema 2020-12 states what 3.0 cannot:
/// - the latitudes of a bbox and of a Point bounded to ±90 (`prefixItems` per position);
/// - `limit` without a maximum, since larger values are clamped, not refused (OGC API –
///   Features asks for the clamp; a 3.0 `maximum` would say such values are invalid);
/// - the sub-event types each event type admits (`if`/`then`);
/// - `null` as a type instead of `nullable`.
pub fn spec_31(mut doc: Value) -> Value {
    fn nullable_to_type(v: &mut Value) {
        match v {
            Value::Object(map) => {
                if map.remove("nullable") == Some(Value::Bool(true)) {
                    if let Some(t) = map.get_mut("type") {
                        *t = json!([t.clone(), "null"]);
                    } else if let Some(Value::Array(one_of)) = map.get_mut("oneOf") {
                        one_of.push(json!({ "type": "null" }));
                    }
                }
                map.values_mut().for_each(nullable_to_type);
            }
            Value::Array(items) => items.iter_mut().for_each(nullable_to_type),
            _ => {}
        }
    }
    nullable_to_type(&mut doc);
    let lon = json!({ "type": "number", "minimum": -180, "maximum": 180 });
    let lat = json!({ "type": "number", "minimum": -90, "maximum": 90 });
    let height = json!({ "type": "number" });
    doc["openapi"] = json!("3.1.0");
    doc["components"]["parameters"]["bbox"]["schema"] = json!({
        "type": "array", "minItems": 4, "maxItems": 6,
        "oneOf": [
            { "prefixItems": [lon, lat, lon, lat], "maxItems": 4 },
            { "prefixItems": [lon, lat, height, lon, lat, height], "minItems": 6 }
        ]
    });
    // each event type admits its own ACLED sub-event types (or none)
    let sub_types: Vec<Value> = EventType::ALL
        .iter()
        .map(|t| {
            let mut names = vec![""];
            names.extend(t.sub_types());
            json!({
                "if": { "properties": { "event_type": { "const": t.as_str() } }, "required": ["event_type"] },
                "then": { "properties": { "sub_event_type": { "enum": names } } }
            })
        })
        .collect();
    doc["components"]["schemas"]["EventProperties"]["allOf"] = Value::Array(sub_types);
    if let Some(limit) = doc["components"]["parameters"]["limit"]["schema"].as_object_mut() {
        limit.remove("maximum");
    }
    let coordinates = &mut doc["components"]["schemas"]["Feature"]["properties"]["geometry"]
        ["properties"]["coordinates"];
    *coordinates = json!({
        "type": "array", "minItems": 2, "maxItems": 3,
        "description": "[longitude, latitude(, height)]",
        "prefixItems": [lon, lat, height]
    });
    doc
}

/// A server without `SITMAP_TOKEN` takes writes from anyone: its document says so.
fn without_auth(doc: &mut Value) {
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for operation in paths.values_mut().filter_map(Value::as_object_mut) {
            for op in operation.values_mut().filter_map(Value::as_object_mut) {
                op.remove("security");
                if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                    responses.remove("401");
                }
            }
        }
    }
}

pub async fn document(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut version_31 = false;
    for (k, v) in params::pairs(raw.as_deref(), params::API_PARAMS)? {
        match (k.as_str(), v.as_str()) {
            ("version", "3.1") => version_31 = true,
            ("version", "3.0") => version_31 = false,
            ("version", _) => {
                return Err(QueryError::new("version", "must be 3.0 or 3.1").into());
            }
            _ => {
                params::parse_format(&v)?;
            }
        }
    }
    let mut doc = spec(
        &state.base_url(&headers),
        state.config.max_limit,
        state.config.default_limit,
    );
    if state.config.token.is_none() {
        without_auth(&mut doc);
    }
    let (doc, media_type) = if version_31 {
        (spec_31(doc), "application/vnd.oai.openapi+json;version=3.1")
    } else {
        (doc, "application/vnd.oai.openapi+json;version=3.0")
    };
    Ok(([(header::CONTENT_TYPE, media_type)], doc.to_string()).into_response())
}
