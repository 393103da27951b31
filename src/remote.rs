//! A running sitmap server as a write target: `sitmap ingest --server URL` sends events to
//! `POST /collections/events/items` and reports to `POST /reports`, so a served map sees them
//! at once and the server's own write service validates, merges, stores and indexes them
//! (the data directory stays owned by that server). reqwest is the HTTP client (the tests
//! use it already); the CLI drives it on a small runtime of its own.

use serde_json::Value;

use crate::event::Event;
use crate::store::UpsertCount;

/// Why a remote write failed.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("--server {0}: give the server's http:// address (e.g. http://127.0.0.1:8080)")]
    BadUrl(String),
    #[error("cannot reach the server at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("the server refused the write ({status}): {description}")]
    Refused { status: u16, description: String },
    #[error("the server's answer is not what sitmap sends: {0}")]
    Answer(String),
    #[error("cannot start the HTTP client: {0}")]
    Client(String),
}

/// A sitmap server to write into.
pub struct Remote {
    base: String,
    token: Option<String>,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

impl Remote {
    /// The server at `url` (`http://host:port`), writing with `token` when given. Asks its
    /// `/health` first, so that a wrong address fails before any file is read.
    pub fn connect(url: &str, token: Option<String>) -> Result<Self, RemoteError> {
        let base = url.trim().trim_end_matches('/').to_string();
        if !base.starts_with("http://") || base.len() <= "http://".len() {
            return Err(RemoteError::BadUrl(url.to_string()));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| RemoteError::Client(e.to_string()))?;
        let client = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            // a batch of events is one transaction on the server: minutes at most
            .timeout(std::time::Duration::from_secs(600))
            .build()
            .map_err(|e| RemoteError::Client(e.to_string()))?;
        let remote = Remote {
            base,
            token: token.filter(|t| !t.trim().is_empty()),
            client,
            runtime,
        };
        remote.health()?;
        Ok(remote)
    }

    pub fn url(&self) -> &str {
        &self.base
    }

    /// The number of events the server holds.
    pub fn health(&self) -> Result<u64, RemoteError> {
        let url = format!("{}/health", self.base);
        let doc = self.runtime.block_on(async {
            let resp = self
                .client
                .get(&url)
                .send()
                .await
                .map_err(|e| self.unreachable(e))?;
            answer(resp).await
        })?;
        doc["events"]
            .as_u64()
            .ok_or_else(|| RemoteError::Answer(format!("{url} has no event count: is it sitmap?")))
    }

    fn unreachable(&self, e: reqwest::Error) -> RemoteError {
        RemoteError::Unreachable {
            url: self.base.clone(),
            reason: e.to_string(),
        }
    }

    /// POSTs a JSON body to a path of the server; the JSON answer.
    fn post(&self, path: &str, body: Vec<u8>) -> Result<Value, RemoteError> {
        let url = format!("{}{path}", self.base);
        self.runtime.block_on(async {
            let mut req = self
                .client
                .post(&url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
            if let Some(token) = &self.token {
                req = req.bearer_auth(token.trim());
            }
            let resp = req.send().await.map_err(|e| self.unreachable(e))?;
            answer(resp).await
        })
    }

    /// Writes events (one transaction on the server: all or none); the counts it reports.
    pub fn write_events(&self, events: &[Event]) -> Result<UpsertCount, RemoteError> {
        let body = serde_json::json!({ "type": "FeatureCollection", "features": events });
        let bytes = serde_json::to_vec(&body).map_err(|e| RemoteError::Answer(e.to_string()))?;
        counts(&self.post("/collections/events/items", bytes)?)
    }

    /// Sends one report (a JSON object: `text`, `published`, `source`, `url`) for the server
    /// to read and store; the counts of the events it stored.
    pub fn write_report(&self, report: &[u8]) -> Result<UpsertCount, RemoteError> {
        counts(&self.post("/reports", report.to_vec())?)
    }
}

/// The JSON of a 2xx answer, or the server's error description.
async fn answer(resp: reqwest::Response) -> Result<Value, RemoteError> {
    let status = resp.status();
    let text = resp
        .text()
        .await
        .map_err(|e| RemoteError::Answer(e.to_string()))?;
    let doc: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if status.is_success() {
        return Ok(doc);
    }
    let description = doc["description"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| text.chars().take(300).collect());
    Err(RemoteError::Refused {
        status: status.as_u16(),
        description,
    })
}

fn counts(doc: &Value) -> Result<UpsertCount, RemoteError> {
    let n = |k: &str| {
        doc[k]
            .as_u64()
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
            .ok_or_else(|| RemoteError::Answer(format!("no {k:?} count in the answer")))
    };
    Ok(UpsertCount {
        inserted: n("inserted")?,
        updated: n("updated")?,
    })
}
