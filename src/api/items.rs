//! `/collections/events/items`: the events by bbox, date and filters, one by id, and writes.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::html::{self, esc, negotiate, Link};
use super::params::{self, Format, ItemsParams};
use super::{ApiError, AppState};
use crate::event::{self, Event};
use crate::index::{Indexed, PageKey, PageStart};

const GEOJSON: &str = "application/geo+json";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemsBody<'a, F: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: &'a [F],
    number_matched: usize,
    number_returned: usize,
    time_stamp: String,
    links: Vec<Link>,
}

#[derive(Serialize)]
struct ItemBody<'a> {
    #[serde(flatten)]
    event: &'a Event,
    links: Vec<Link>,
}

fn geojson_response(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, GEOJSON)], body).into_response()
}

/// The page's links. In the default order, `next` carries a keyset cursor (the last event
/// of this page) besides the offset, so that a client following it while writes go on gets
/// neither a repeat nor a gap; in `sortby` order, and for `prev`, the offset alone.
fn page_links(
    base: &str,
    p: &ItemsParams,
    matched: usize,
    events: &[Arc<Indexed>],
    format: Format,
) -> Vec<Link> {
    let returned = events.len();
    let url = |offset: usize, cursor: Option<&PageKey>, f: &str| {
        format!(
            "{base}/collections/events/items?{}",
            params::items_query_string(p, offset, cursor, f)
        )
    };
    let next_cursor = events
        .last()
        .filter(|_| p.sortby.is_empty())
        .map(|e| PageKey::of(e));
    let ahead = match &p.cursor {
        // the page after a cursor ends the answer when it is short
        Some(_) => returned == p.limit,
        None => p.offset.saturating_add(returned) < matched,
    };
    let (this, other, this_type, other_type) = match format {
        Format::Json => ("json", "html", GEOJSON, "text/html"),
        Format::Html => ("html", "json", "text/html", GEOJSON),
    };
    let mut links = vec![
        Link::new(
            url(p.offset, p.cursor.as_ref(), this),
            "self",
            this_type,
            "This page",
        ),
        Link::new(
            url(p.offset, p.cursor.as_ref(), other),
            "alternate",
            other_type,
            "This page in another format",
        ),
        Link::new(
            format!("{base}/collections/events"),
            "collection",
            "application/json",
            "The collection",
        ),
    ];
    if ahead && returned > 0 {
        links.push(Link::new(
            url(p.offset + returned, next_cursor.as_ref(), this),
            "next",
            this_type,
            "Next page",
        ));
    }
    if p.offset > 0 {
        links.push(Link::new(
            url(p.offset.saturating_sub(p.limit), None, this),
            "prev",
            this_type,
            "Previous page",
        ));
    }
    links
}

/// `GET /collections/events/items`
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = params::items(
        raw.as_deref(),
        state.config.default_limit,
        state.config.max_limit,
    )?;
    // whole world, maybe a date interval: a few lookups in the page order, under one lock
    let unchanged = (!p.csv && negotiate(p.format, &headers) == Format::Json)
        .then(|| page_etag(&state, raw.as_deref(), &headers));
    if let (Some(tag), true) = (&unchanged, if_none_match(&headers, unchanged.as_deref())) {
        return Ok(not_modified(tag));
    }
    // (unless a write holds the index: then the page waits for it off the async workers)
    let in_order = p.sortby.is_empty().then(|| {
        let index = state.try_index()?;
        index
            .answers_in_order(&p.query)
            .then(|| default_order_page(&index, &p.query, p.cursor.as_ref(), p.offset, p.limit))
    });
    let page = if let Some(page) = in_order.flatten() {
        page
    } else {
        // work that grows with the matches: off the async workers, so that /health and
        // metadata never wait behind it; scans of the whole world, large pages and sorted
        // pages (which sort every match) also queue for a permit
        let scans = p.query.bbox.is_none() || p.limit > super::HEAVY_PAGE || !p.sortby.is_empty();
        let _permit = if scans {
            Some(
                state
                    .heavy
                    .acquire()
                    .await
                    .map_err(|_| ApiError::Unavailable("the server (shutting down)"))?,
            )
        } else {
            None
        };
        let (shared, query, sortby) = (state.clone(), p.query.clone(), p.sortby.clone());
        let (offset, limit, cursor) = (p.offset, p.limit, p.cursor.clone());
        super::work::run("page", move || {
            if sortby.is_empty() {
                default_order_page(&shared.index(), &query, cursor.as_ref(), offset, limit)
            } else {
                let all = shared.index().matching(&query);
                sorted_page(all, &sortby, offset, limit)
            }
        })
        .await?
    };
    // writing a page out grows with its size: large pages are data work too
    if page.events.len() > ANSWER_INLINE {
        super::work::run("answer", move || {
            render_page(&state, &headers, &p, page, unchanged)
        })
        .await?
    } else {
        render_page(&state, &headers, &p, page, unchanged)
    }
}

/// Pages of at most this many features are written out on the async worker that asked.
const ANSWER_INLINE: usize = 100;

/// One page as the client asked for it: GeoJSON (with its ETag), CSV, FlatGeobuf or HTML.
fn render_page(
    state: &AppState,
    headers: &HeaderMap,
    p: &params::ItemsParams,
    page: crate::index::Page,
    unchanged: Option<String>,
) -> Result<Response, ApiError> {
    if p.csv {
        return super::export::csv_page(&page.events, page.matched);
    }
    if p.fgb {
        return super::export::fgb_page(&page.events, page.matched);
    }
    let format = negotiate(p.format, headers);
    let base = state.base_url(headers);
    let links = page_links(&base, p, page.matched, &page.events, format);
    match format {
        Format::Json => {
            let time_stamp = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            let bytes = if p.properties.is_none() && !p.skip_geometry {
                serde_json::to_vec(&ItemsBody {
                    kind: "FeatureCollection",
                    features: &page.events,
                    number_matched: page.matched,
                    number_returned: page.events.len(),
                    time_stamp,
                    links,
                })
            } else {
                let shaped: Vec<serde_json::Value> = page
                    .events
                    .iter()
                    .map(|e| shape(e, p.properties.as_deref(), p.skip_geometry))
                    .collect();
                serde_json::to_vec(&ItemsBody {
                    kind: "FeatureCollection",
                    features: &shaped,
                    number_matched: page.matched,
                    number_returned: shaped.len(),
                    time_stamp,
                    links,
                })
            }
            .map_err(|e| ApiError::Internal(e.to_string()))?;
            let mut resp = geojson_response(bytes);
            if let Some(tag) = unchanged.and_then(|t| HeaderValue::from_str(&t).ok()) {
                resp.headers_mut().insert(header::ETAG, tag);
            }
            Ok(resp)
        }
        Format::Html => {
            let rows: String = page
                .events
                .iter()
                .map(|e| {
                    let p = &e.properties;
                    format!(
                        "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(&format!("{base}/collections/events/items/{}?f=html", encode_path(&e.id))),
                        esc(&e.id),
                        p.event_date,
                        esc(p.event_type.as_str()),
                        esc(&p.location),
                        esc(&p.country),
                        esc(&format!("{} / {}", p.actor1, p.actor2)),
                        p.fatalities
                    )
                })
                .collect();
            let demo = crate::demo::synthetic_note_html(
                page.events.iter().map(|e| e.properties.source.as_str()),
            );
            let body = format!(
                "{demo}<p>{} of {} matching events (from {}).</p><table><tr><th>id</th><th>date</th><th>type</th><th>location</th><th>country</th><th>actors</th><th>fatalities</th></tr>{rows}</table>",
                page.events.len(),
                page.matched,
                p.offset + usize::from(!page.events.is_empty())
            );
            Ok(html::page("Conflict events", &links, &body).into_response())
        }
    }
}

/// A page in the default order: after the cursor when there is one, else at the offset.
fn default_order_page(
    index: &crate::index::EventIndex,
    query: &crate::query::EventQuery,
    cursor: Option<&PageKey>,
    offset: usize,
    limit: usize,
) -> crate::index::Page {
    let start = cursor.map_or(PageStart::Offset(offset), PageStart::After);
    index.page_from(query, start, limit)
}

/// A GeoJSON page's entity tag: the store's latest change number (any write changes it) and
/// a hash of the request (its query, and the headers its links and format come from). Weak,
/// since the page's `timeStamp` differs between two answers of one version.
fn page_etag(state: &AppState, raw: Option<&str>, headers: &HeaderMap) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    raw.unwrap_or("").hash(&mut h);
    state.base_url(headers).hash(&mut h);
    headers
        .get(header::ACCEPT)
        .map(|v| v.as_bytes())
        .hash(&mut h);
    let seq = state.last_seq();
    format!("W/\"{seq}-{:016x}\"", h.finish())
}

/// Whether `If-None-Match` names this tag (weak comparison, as RFC 9110 asks for GET).
fn if_none_match(headers: &HeaderMap, tag: Option<&str>) -> bool {
    let Some(tag) = tag else { return false };
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == "*" || v.split(',').any(|t| bare(t) == bare(tag)))
}

fn not_modified(tag: &str) -> Response {
    let mut resp = StatusCode::NOT_MODIFIED.into_response();
    if let Ok(v) = HeaderValue::from_str(tag) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    resp
}

fn encode_path(id: &str) -> String {
    form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// `GET /collections/events/items/{id}`
pub async fn one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let format = negotiate(params::format_only(raw.as_deref())?, &headers);
    let key = id.clone();
    let event = state.read_index(true, move |index| index.get(&key)).await?;
    let event = event.ok_or_else(|| ApiError::NotFound {
        what: "event",
        id: id.chars().take(128).collect(),
    })?;
    let base = state.base_url(&headers);
    let href = format!("{base}/collections/events/items/{}", encode_path(&id));
    let (this, other, this_type, other_type) = match format {
        Format::Json => ("json", "html", GEOJSON, "text/html"),
        Format::Html => ("html", "json", "text/html", GEOJSON),
    };
    let links = vec![
        Link::new(format!("{href}?f={this}"), "self", this_type, "This event"),
        Link::new(
            format!("{href}?f={other}"),
            "alternate",
            other_type,
            "This event in another format",
        ),
        Link::new(
            format!("{base}/collections/events"),
            "collection",
            "application/json",
            "The collection",
        ),
    ];
    match format {
        Format::Json => {
            let event_ref: &Event = &event;
            let body = ItemBody {
                event: event_ref,
                links,
            };
            let tag = event.etag();
            let unchanged = headers
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| {
                    v.split(',')
                        .any(|t| t.trim().trim_start_matches("W/") == tag)
                });
            // If-Modified-Since counts only without If-None-Match (RFC 9110 13.1.3)
            let updated = event.properties.updated;
            let not_since = !headers.contains_key(header::IF_NONE_MATCH)
                && updated.is_some_and(|u| {
                    headers
                        .get(header::IF_MODIFIED_SINCE)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
                        .is_some_and(|since| u.timestamp() <= since.timestamp())
                });
            let mut resp = if unchanged || not_since {
                StatusCode::NOT_MODIFIED.into_response()
            } else {
                let bytes =
                    serde_json::to_vec(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
                geojson_response(bytes)
            };
            if let Ok(v) = HeaderValue::from_str(&tag) {
                resp.headers_mut().insert(header::ETAG, v);
            }
            if let Some(u) = updated {
                // an HTTP date (IMF-fixdate), whole seconds
                let date = u.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
                if let Ok(v) = HeaderValue::from_str(&date) {
                    resp.headers_mut().insert(header::LAST_MODIFIED, v);
                }
            }
            Ok(resp)
        }
        Format::Html => {
            let p = &event.properties;
            let rows = [
                ("date", p.event_date.to_string()),
                ("type", format!("{} – {}", p.event_type, p.sub_event_type)),
                ("actors", format!("{} / {}", p.actor1, p.actor2)),
                ("fatalities", p.fatalities.to_string()),
                (
                    "location",
                    format!("{}, {}, {}", p.location, p.admin1, p.country),
                ),
                ("position", format!("{:.5}, {:.5}", event.lat, event.lon)),
                ("source", format!("{} {}", p.source, p.source_url)),
                ("notes", p.notes.clone()),
            ];
            let body = crate::demo::synthetic_note_html(std::iter::once(p.source.as_str()))
                + &html::table(&rows);
            Ok(html::page(&format!("Event {}", event.id), &links, &body).into_response())
        }
    }
}

/// Refuses a write without the right bearer token when one is configured. Without a token,
/// refuses writes a browser sends from a page of another origin (its `Origin` header names
/// neither this server's Host nor its public URL), so that no web page can write into a
/// server on the user's machine; clients that are not browsers send no `Origin`.
pub fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.config.token else {
        return match headers.get(header::ORIGIN) {
            Some(origin) if !same_origin(state, headers, origin.as_bytes()) => Err(
                ApiError::Forbidden("writes from a web page of another origin need the server's token (SITMAP_TOKEN)"),
            ),
            _ => Ok(()),
        };
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t)
        .unwrap_or("");
    if token.matches(given.trim()) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized)
    }
}

/// Whether an `Origin` header names this server: its scheme-less authority equals the
/// request's Host, or the origin equals the configured public URL's.
fn same_origin(state: &AppState, headers: &HeaderMap, origin: &[u8]) -> bool {
    let Ok(origin) = std::str::from_utf8(origin) else {
        return false;
    };
    let origin = origin.trim_end_matches('/');
    if let Some(public) = &state.config.public_url {
        if origin.eq_ignore_ascii_case(public.trim_end_matches('/')) {
            return true;
        }
    }
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
}

/// Refuses bodies that are not declared as JSON.
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim();
    if matches!(
        essence,
        "application/json" | "application/geo+json" | "application/merge-patch+json"
    ) {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType)
    }
}

/// Reads a whole body up to the configured limit.
pub async fn read_body(state: &AppState, body: Body) -> Result<axum::body::Bytes, ApiError> {
    let limit = state.config.body_limit;
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let cause = e.into_inner();
        if cause
            .downcast_ref::<http_body_util::LengthLimitError>()
            .is_some()
        {
            ApiError::PayloadTooLarge(limit)
        } else {
            // a malformed chunked encoding, or a body cut short
            ApiError::BadRequest(format!("body: could not be read: {cause}"))
        }
    })
}

/// The body of a write: the bearer token checked, JSON required, the size limit kept.
pub async fn write_body(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<axum::body::Bytes, ApiError> {
    authorize(state, headers)?;
    require_json(headers)?;
    read_body(state, body).await
}

/// `POST /collections/events/items`: a Feature or FeatureCollection. All or nothing: one bad
/// feature refuses the whole body.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = write_body(&state, &headers, body).await?;
    // a large FeatureCollection takes tens of milliseconds to read: data work
    let events = super::work::run("parse", move || event::parse_features(&bytes)).await??;
    if events.is_empty() {
        return Err(ApiError::BadRequest(
            "the FeatureCollection has no features".into(),
        ));
    }
    let base = state.base_url(&headers);
    let location = (events.len() == 1).then(|| {
        format!(
            "{base}/collections/events/items/{}",
            encode_path(&events[0].id)
        )
    });
    let (stored, count) = state.write_events(events).await?;
    state.metrics.write_requests.fetch_add(1, Ordering::Relaxed);
    let body = super::work::run("answer", move || {
        serde_json::json!({
            "type": "FeatureCollection",
            "features": stored,
            "inserted": count.inserted,
            "updated": count.updated,
        })
        .to_string()
    })
    .await?;
    let mut resp = (StatusCode::CREATED, [(header::CONTENT_TYPE, GEOJSON)], body).into_response();
    if let Some(loc) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        resp.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(resp)
}

/// One page of all the matches sorted by `sortby` (then newest first, then by id).
fn sorted_page(
    all: Vec<Arc<Indexed>>,
    sortby: &[(crate::query::queryables::Queryable, bool)],
    offset: usize,
    limit: usize,
) -> crate::index::Page {
    let matched = all.len();
    let events = in_order(all, sortby)
        .into_iter()
        .skip(offset)
        .take(limit)
        .collect();
    crate::index::Page { matched, events }
}

/// Events sorted by `sortby`, then newest first, then by id (the default order when
/// `sortby` is empty).
pub fn in_order(
    mut all: Vec<Arc<Indexed>>,
    sortby: &[(crate::query::queryables::Queryable, bool)],
) -> Vec<Arc<Indexed>> {
    use crate::query::queryables::Value;
    use std::cmp::Ordering;
    all.sort_unstable_by(|a, b| {
        for &(q, descending) in sortby {
            let (va, vb) = (q.value(a), q.value(b));
            // nulls stay last whichever the direction
            let o = match (&va, &vb, descending) {
                (Value::Null, _, _) | (_, Value::Null, _) => va.sort_order(&vb),
                (_, _, true) => vb.sort_order(&va),
                (_, _, false) => va.sort_order(&vb),
            };
            if o != Ordering::Equal {
                return o;
            }
        }
        b.properties
            .event_date
            .cmp(&a.properties.event_date)
            .then_with(|| a.id.cmp(&b.id))
    });
    all
}

/// A Feature with only the asked-for properties and, on request, no geometry.
fn shape(e: &Indexed, properties: Option<&[&str]>, skip_geometry: bool) -> serde_json::Value {
    let event: &Event = e;
    let mut v = serde_json::to_value(event).unwrap_or(serde_json::Value::Null);
    if skip_geometry {
        v["geometry"] = serde_json::Value::Null;
    }
    if let (Some(keep), Some(props)) = (properties, v.get_mut("properties")) {
        if let Some(map) = props.as_object_mut() {
            map.retain(|k, _| keep.contains(&k.as_str()));
        }
    }
    v
}

/// The `If-Match` header of a write, if any.
fn if_match(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty())
        .map(str::to_string)
}

/// A body that must be one Feature with the path's id (given or left out).
fn one_feature(bytes: &[u8], id: &str) -> Result<Event, ApiError> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest(format!("body: not JSON: {e}")))?;
    if value.get("type").and_then(|t| t.as_str()) != Some("Feature") {
        return Err(ApiError::BadRequest(
            "type: a replacement is one GeoJSON Feature".into(),
        ));
    }
    match value.get("id") {
        None | Some(serde_json::Value::Null) => value["id"] = id.into(),
        Some(given) if given.as_str() == Some(id) => {}
        Some(_) => {
            return Err(ApiError::BadRequest(format!(
                "id: must be the id in the path ({id:?}) or left out"
            )))
        }
    }
    let bytes = serde_json::to_vec(&value).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut events = event::parse_features(&bytes)?;
    events
        .pop()
        .ok_or_else(|| ApiError::BadRequest("body: no feature".into()))
}

/// JSON merge patch (RFC 7396): objects merge key by key, `null` removes, anything else
/// replaces. Written out because it is ten lines and no crate in use has it.
fn merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value) {
    match patch {
        serde_json::Value::Object(changes) => {
            if !target.is_object() {
                *target = serde_json::Value::Object(Default::default());
            }
            if let serde_json::Value::Object(t) = target {
                for (k, v) in changes {
                    if v.is_null() {
                        t.remove(k);
                    } else {
                        merge_patch(t.entry(k.clone()).or_insert(serde_json::Value::Null), v);
                    }
                }
            }
        }
        other => *target = other.clone(),
    }
}

fn with_etag(status: StatusCode, etag: &str, body: serde_json::Value) -> Response {
    let mut resp = (status, [(header::CONTENT_TYPE, GEOJSON)], body.to_string()).into_response();
    if let Ok(v) = HeaderValue::from_str(etag) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    resp
}

/// `PUT /collections/events/items/{id}`: replaces the event (creates it when new: 201).
pub async fn replace(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = write_body(&state, &headers, body).await?;
    let event = one_feature(&bytes, &id)?;
    let (stored, created) = state.replace_event(event, if_match(&headers)).await?;
    let etag = stored.etag();
    let stored = serde_json::to_value(&*stored).map_err(|e| ApiError::Internal(e.to_string()))?;
    state.metrics.write_requests.fetch_add(1, Ordering::Relaxed);
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(with_etag(status, &etag, stored))
}

/// `PATCH /collections/events/items/{id}`: a JSON merge patch of the event's Feature.
pub async fn patch(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = write_body(&state, &headers, body).await?;
    let patch: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::BadRequest(format!("body: not JSON: {e}")))?;
    if !patch.is_object() {
        return Err(ApiError::BadRequest(
            "body: a merge patch is a JSON object".into(),
        ));
    }
    let key = id.clone();
    let (stored, etag) = state
        .patch_event(id, if_match(&headers), move |current| {
            let mut doc =
                serde_json::to_value(current).map_err(|e| ApiError::Internal(e.to_string()))?;
            merge_patch(&mut doc, &patch);
            let bytes = serde_json::to_vec(&doc).map_err(|e| ApiError::Internal(e.to_string()))?;
            one_feature(&bytes, &key)
        })
        .await?;
    state.metrics.write_requests.fetch_add(1, Ordering::Relaxed);
    let result = serde_json::to_value(&*stored).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(with_etag(StatusCode::OK, &etag, result))
}

/// `DELETE /collections/events/items/{id}`: removes the event; the store keeps a tombstone.
pub async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    state.delete_event(id, if_match(&headers)).await?;
    state.metrics.write_requests.fetch_add(1, Ordering::Relaxed);
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[cfg(test)]
mod tests {
    use super::merge_patch;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut doc = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        merge_patch(&mut doc, &json!({"a": "z", "c": {"f": null}}));
        assert_eq!(doc, json!({"a": "z", "c": {"d": "e"}}));
        let mut doc = json!({"a": [1, 2]});
        merge_patch(&mut doc, &json!({"a": [3], "n": {"x": 1}}));
        assert_eq!(doc, json!({"a": [3], "n": {"x": 1}}));
    }
}
