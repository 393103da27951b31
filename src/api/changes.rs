//! `GET /collections/events/changes?since=SEQ`: the store's changes after a change number,
//! oldest first, for mirrors and harvesters. Each id appears once, at its latest change
//! (a compacted feed, as CouchDB's `_changes` is): applying the list in order to a copy that
//! was in step at `since` brings it in step with `until`; asking again with `since=until`
//! goes on from there, and a mirror repeats that until `complete` is true.

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::value::RawValue;

use super::html::Link;
use super::params;
use super::{ApiError, AppState};
use crate::store::Change;

/// What one change says.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum Op {
    /// The id was not in the store at `since` (new, or written again after its deletion).
    Create,
    /// The id was in the store at `since` and has been written since.
    Update,
    Delete,
}

#[derive(Serialize)]
struct Entry {
    seq: u64,
    op: Op,
    id: String,
    /// Server time of the change (RFC 3339).
    updated: String,
    /// The event as it now is (creations and updates).
    #[serde(skip_serializing_if = "Option::is_none")]
    feature: Option<Box<RawValue>>,
}

#[derive(Serialize)]
struct ChangesBody {
    since: u64,
    /// The number of the last change listed (`since` when none is): ask again from here.
    until: u64,
    /// The store's latest change number when this answer was made.
    latest: u64,
    /// Whether the list reaches `latest`: nothing more to fetch for now.
    complete: bool,
    #[serde(rename = "numberReturned")]
    number_returned: usize,
    changes: Vec<Entry>,
    links: Vec<Link>,
}

fn entry(change: Change, since: u64) -> Result<Entry, ApiError> {
    Ok(match change {
        Change::Upsert { event, created_seq } => {
            let seq = event.properties.seq.unwrap_or(0);
            let updated = event
                .properties
                .updated
                .map(|u| u.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                .unwrap_or_default();
            let feature = serde_json::value::to_raw_value(&event)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            Entry {
                seq,
                op: if created_seq > since {
                    Op::Create
                } else {
                    Op::Update
                },
                id: event.id,
                updated,
                feature: Some(feature),
            }
        }
        Change::Delete { id, seq, deleted } => Entry {
            seq,
            op: Op::Delete,
            id,
            updated: deleted,
            feature: None,
        },
    })
}

/// `GET /collections/events/changes`
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = params::changes(
        raw.as_deref(),
        state.config.default_limit,
        state.config.max_limit,
    )?;
    // two index range scans of at most `limit` rows each, on a blocking thread
    let store = state.store.clone();
    let (found, latest) = super::work::run("changes", move || {
        let latest = store.last_seq()?;
        let found = store.changes(p.since, p.limit)?;
        Ok::<_, crate::store::StoreError>((found, latest))
    })
    .await??;
    let changes = found
        .into_iter()
        .map(|c| entry(c, p.since))
        .collect::<Result<Vec<_>, _>>()?;
    let until = changes.last().map_or(p.since, |c| c.seq).max(p.since);
    let complete = until >= latest;
    let base = state.base_url(&headers);
    let url = |since: u64| {
        format!(
            "{base}/collections/events/changes?since={since}&limit={}",
            p.limit
        )
    };
    let mut links = vec![Link::new(
        url(p.since),
        "self",
        "application/json",
        "These changes",
    )];
    if !complete {
        links.push(Link::new(
            url(until),
            "next",
            "application/json",
            "The changes after these",
        ));
    }
    let body = ChangesBody {
        since: p.since,
        until,
        latest,
        complete,
        number_returned: changes.len(),
        changes,
        links,
    };
    let bytes = serde_json::to_vec(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], bytes).into_response())
}
