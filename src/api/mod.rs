//! The HTTP layer: routing, parameters and responses only. Domain work is done by the index,
//! the store and the gazetteer; this module adapts them to OGC API – Features and friends.

mod budget;
mod changes;
mod connections;
mod error;
mod export;
mod geoparse;
mod html;
mod items;
mod map;
mod ogc;
mod ogc_tiles;
mod openapi;
pub mod params;
mod places;
mod reports;
mod styles;
mod tiles;
mod user_places;
pub mod work;

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::ApiError;

use crate::config::Config;
use crate::event::Event;
use crate::gazetteer::user::{self, UserEntry};
use crate::gazetteer::Gazetteer;
use crate::index::{EventIndex, Indexed};
use crate::store::Store;

/// Request and write counters for `/metrics`.
#[derive(Debug, Default)]
pub struct Metrics {
    pub requests: AtomicU64,
    pub events_written: AtomicU64,
    pub write_requests: AtomicU64,
    /// Large answers refused because the response budget stayed spent.
    pub budget_refusals: AtomicU64,
    /// Report readings given up because their request went away (client gone, timeout).
    pub extractions_cancelled: AtomicU64,
}

/// What every handler shares.
pub struct Shared {
    pub config: Config,
    pub store: Arc<Store>,
    /// The index. A std lock: it is held only for in-memory work (a query or an insert),
    /// never across an `.await`, so readers wait at most one short write.
    index: RwLock<EventIndex>,
    /// How many events the index holds, kept beside it so that `/health` and `/metrics`
    /// never wait for the index lock (a large write holds it while it inserts).
    indexed_events: std::sync::atomic::AtomicUsize,
    /// The index's extent, kept beside it for the same reason: metadata answers never wait
    /// behind a write (the lock is held only to copy it in or out).
    extent: std::sync::Mutex<Option<crate::index::Extent>>,
    /// The store's latest change number, as this server has written it: what a page's
    /// entity tag is made of (any write changes it).
    last_seq: AtomicU64,
    /// Serialises writes from store commit to index update, so the index applies writes in the
    /// order the store committed them. A tokio mutex: it is held across the store's await.
    write_gate: tokio::sync::Mutex<()>,
    /// The gazetteer, loaded in the background while the server already answers reads;
    /// `None` until it is ready.
    gazetteer: tokio::sync::watch::Receiver<Option<Arc<Gazetteer>>>,
    /// Publishes a new gazetteer: the built-in one when loaded, then each user-layer change.
    gazetteer_tx: tokio::sync::watch::Sender<Option<Arc<Gazetteer>>>,
    /// Serialises changes of the user gazetteer (read file, change, write file, publish).
    user_gate: tokio::sync::Mutex<()>,
    pub metrics: Metrics,
    pub tiles: crate::tiles::cache::TileCache,
    /// Permits for expensive reads (pages of more than [`HEAVY_PAGE`] features): they queue
    /// instead of all running at once, which bounds the memory abusive reads can take. (Tiles
    /// need none: a low-zoom tile costs CPU but holds at most a few hundred features.)
    pub heavy: tokio::sync::Semaphore,
    /// Exports running (`/collections/events/export`), at most [`export::MAX_EXPORTS`].
    pub exports: Arc<tokio::sync::Semaphore>,
    /// Bytes of large response bodies in flight (see [`budget`]).
    response_budget: budget::ResponseBudget,
    /// Country outlines, read from the npm package on first use (`None`: not installed).
    pub basemap: std::sync::OnceLock<Option<Arc<crate::tiles::basemap::Basemap>>>,
}

/// Pages larger than this many features count as expensive reads.
pub const HEAVY_PAGE: usize = 1_000;
/// Expensive reads served at once.
pub const HEAVY_PERMITS: usize = 4;

/// Shared state, cheap to clone into handlers.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(
        config: Config,
        store: Arc<Store>,
        index: EventIndex,
        gazetteer: tokio::sync::watch::Sender<Option<Arc<Gazetteer>>>,
    ) -> Self {
        let last_seq = store.last_seq().unwrap_or_else(|e| {
            tracing::warn!("reading the store's change number: {e}");
            0
        });
        AppState(Arc::new(Shared {
            store,
            indexed_events: std::sync::atomic::AtomicUsize::new(index.len()),
            extent: std::sync::Mutex::new(index.extent()),
            last_seq: AtomicU64::new(last_seq),
            index: RwLock::new(index),
            write_gate: tokio::sync::Mutex::new(()),
            tiles: crate::tiles::cache::TileCache::new(config.tile_cache_bytes),
            heavy: tokio::sync::Semaphore::new(HEAVY_PERMITS),
            exports: Arc::new(tokio::sync::Semaphore::new(export::MAX_EXPORTS)),
            response_budget: budget::ResponseBudget::new(config.response_budget_bytes),
            basemap: std::sync::OnceLock::new(),
            config,
            gazetteer: gazetteer.subscribe(),
            gazetteer_tx: gazetteer,
            user_gate: tokio::sync::Mutex::new(()),
            metrics: Metrics::default(),
        }))
    }

    /// The store's latest change number, as far as this server has written.
    pub fn last_seq(&self) -> u64 {
        self.last_seq.load(Ordering::Relaxed)
    }

    /// A handle that does not keep the server's state alive (for background tasks).
    pub fn downgrade(&self) -> std::sync::Weak<Shared> {
        Arc::downgrade(&self.0)
    }

    /// The state again, while the server still holds it.
    pub fn upgrade(weak: &std::sync::Weak<Shared>) -> Option<AppState> {
        weak.upgrade().map(AppState)
    }

    /// The gazetteer, waiting (at most 30 s) while it is still loading at start-up.
    pub async fn gazetteer(&self) -> Result<Arc<Gazetteer>, ApiError> {
        if let Some(g) = self.gazetteer.borrow().clone() {
            return Ok(g);
        }
        let mut rx = self.gazetteer.clone();
        let ready = tokio::time::timeout(std::time::Duration::from_secs(30), async move {
            rx.wait_for(|g| g.is_some())
                .await
                .ok()
                .and_then(|g| g.clone())
        })
        .await;
        ready
            .ok()
            .flatten()
            .ok_or(ApiError::Unavailable("the gazetteer"))
    }

    /// Puts the built-in gazetteer in service, with the data directory's user layer over it
    /// (a user file that cannot be read is reported and left alone: the server goes on
    /// without it, and refuses user-gazetteer changes until it is fixed).
    pub fn publish_gazetteer(&self, base: Arc<Gazetteer>) {
        let g = match user::layer_from_dir(&base, &self.config.data_dir) {
            Ok(layer) => Arc::new(base.with_user(layer)),
            Err(e) => {
                tracing::error!("user gazetteer not loaded: {e}");
                base
            }
        };
        self.gazetteer_tx.send_replace(Some(g));
    }

    /// Changes the user gazetteer: the file is read afresh (it is the source of truth, and a
    /// person may have edited it), `change` applied, the result checked, written whole and
    /// put in service. Returns what `change` returned.
    pub async fn change_user_places<T: Send + 'static>(
        &self,
        change: impl FnOnce(&mut Vec<UserEntry>) -> Result<T, user::UserPlacesError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _gate = self.user_gate.lock().await;
        let current = self.gazetteer().await?;
        let dir = self.config.data_dir.clone();
        let (out, entries) = work::spawn(move || {
            let mut entries = user::read_file(&dir).map_err(|e| match e {
                user::UserPlacesError::Parse { .. } => {
                    ApiError::Conflict(format!("{e}; fix or remove the file, then try again"))
                }
                other => ApiError::from(other),
            })?;
            let out = change(&mut entries)?;
            // checked against the built-in places before anything is written
            let layer = user::UserLayer::build(&current, entries.clone())?;
            user::write_file(&dir, &entries)?;
            Ok::<_, ApiError>((out, current.with_user(layer)))
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
        self.gazetteer_tx.send_replace(Some(Arc::new(entries)));
        Ok(out)
    }

    /// Re-reads the user gazetteer file when it changed on disk (edited by hand) and puts it
    /// in service; a file that does not parse is reported and the entries in force stay.
    pub async fn reload_user_places(&self) {
        let _gate = self.user_gate.lock().await;
        let Some(current) = self.gazetteer.borrow().clone() else {
            return;
        };
        let dir = self.config.data_dir.clone();
        let loaded = work::spawn(move || {
            let entries = user::read_file(&dir)?;
            if entries == current.user_entries() {
                return Ok(None);
            }
            let layer = user::UserLayer::build(&current, entries)?;
            Ok::<_, user::UserPlacesError>(Some(current.with_user(layer)))
        })
        .await;
        match loaded {
            Ok(Ok(Some(g))) => {
                tracing::info!(entries = g.user_entries().len(), "user gazetteer reloaded");
                self.gazetteer_tx.send_replace(Some(Arc::new(g)));
            }
            Ok(Ok(None)) => {}
            Ok(Err(e)) => tracing::warn!("user gazetteer file not reloaded: {e}"),
            Err(e) => tracing::warn!("user gazetteer reload failed: {e}"),
        }
    }

    /// Keeps the index's size and extent beside it; called under the index's write lock
    /// after every change.
    fn note_index(&self, index: &EventIndex) {
        self.indexed_events.store(index.len(), Ordering::Relaxed);
        *self.extent.lock().unwrap_or_else(|p| p.into_inner()) = index.extent();
    }

    /// How many events the index holds, without its lock.
    pub fn event_count(&self) -> usize {
        self.indexed_events.load(Ordering::Relaxed)
    }

    /// The index's extent as of its last change, without its lock.
    pub fn extent(&self) -> Option<crate::index::Extent> {
        *self.extent.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Read access to the index when no write holds it, for work cheap enough to do on an
    /// async worker (a worker must not wait for the lock: `/health` would wait with it).
    pub fn try_index(&self) -> Option<RwLockReadGuard<'_, EventIndex>> {
        match self.index.try_read() {
            Ok(guard) => Some(guard),
            Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// Runs `read` on the index: right here when it is `cheap` and no write holds the index,
    /// else as data work ([`work::spawn`]), so an async worker never waits for the lock.
    pub async fn read_index<T: Send + 'static>(
        &self,
        cheap: bool,
        read: impl FnOnce(&EventIndex) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        if cheap {
            if let Some(index) = self.try_index() {
                return Ok(read(&index));
            }
        }
        let state = self.clone();
        work::run("index", move || read(&state.index())).await
    }

    /// Read access to the index. A poisoned lock (a panic while writing) still holds a
    /// consistent tree, since inserts happen after the store commit and are all-or-nothing
    /// per event, so it is used as it is.
    pub fn index(&self) -> RwLockReadGuard<'_, EventIndex> {
        self.index.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Builds the index's page order (whole-world pages in a few lookups) beside the running
    /// server: a snapshot under the lock, the build outside it, then the order installed
    /// with the writes made meanwhile.
    pub async fn build_page_order(&self) {
        let state = self.clone();
        let started = std::time::Instant::now();
        let built = work::spawn(move || {
            let snapshot = state.index_mut().begin_order();
            let order = EventIndex::build_order(snapshot);
            state.index_mut().install_order(order);
        })
        .await;
        match built {
            Ok(()) => tracing::info!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "page order ready"
            ),
            Err(e) => tracing::error!("building the page order failed: {e}"),
        }
    }

    fn index_mut(&self) -> RwLockWriteGuard<'_, EventIndex> {
        self.index.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Stores events durably, then makes them visible in the index. Returns them as stored
    /// (with their `seq` and `updated`) and the counts.
    pub async fn write_events(
        &self,
        events: Vec<Event>,
    ) -> Result<(Vec<Arc<Indexed>>, crate::store::UpsertCount), ApiError> {
        self.detached(|state| async move {
            let _gate = state.write_gate.lock().await;
            state.write_locked(events).await
        })
        .await
    }

    /// Stores events read from a report: an event whose incident is stored already is merged
    /// into it (every source kept), under the write gate so that concurrent reports of one
    /// incident cannot lose each other's sources. Returns the events as stored.
    pub async fn write_reported(
        &self,
        events: Vec<Event>,
    ) -> Result<(Vec<Arc<Indexed>>, crate::store::UpsertCount), ApiError> {
        self.detached(|state| async move {
            let _gate = state.write_gate.lock().await;
            let merged: Vec<Event> = {
                let index = state.index();
                events
                    .into_iter()
                    .map(|e| match index.get(&e.id) {
                        Some(stored) => crate::extract::merge::into_stored(&stored, &e),
                        None => e,
                    })
                    .collect()
            };
            state.write_locked(merged).await
        })
        .await
    }

    /// Replaces one event when `if_match` (an ETag, if given) still names its current
    /// version; else 412. Returns the new version as stored and whether the event is new.
    pub async fn replace_event(
        &self,
        event: Event,
        if_match: Option<String>,
    ) -> Result<(Arc<Indexed>, bool), ApiError> {
        self.detached(|state| async move {
            let _gate = state.write_gate.lock().await;
            let current = state.index().get(&event.id);
            check_if_match(if_match.as_deref(), current.as_deref())?;
            let id = event.id.clone();
            let (stored, _) = state.write_locked(vec![event]).await?;
            let stored = stored.into_iter().next().ok_or_else(|| not_found(&id))?;
            Ok((stored, current.is_none()))
        })
        .await
    }

    /// Changes one stored event with `change` (given its current version) when `if_match`
    /// still names that version. Returns the changed event and its ETag.
    pub async fn patch_event(
        &self,
        id: String,
        if_match: Option<String>,
        change: impl FnOnce(&Event) -> Result<Event, ApiError> + Send + 'static,
    ) -> Result<(Arc<crate::index::Indexed>, String), ApiError> {
        self.detached(|state| async move {
            let _gate = state.write_gate.lock().await;
            let current = state.index().get(&id).ok_or_else(|| not_found(&id))?;
            check_if_match(if_match.as_deref(), Some(&current))?;
            let changed = change(&current)?;
            let (stored, _) = state.write_locked(vec![changed]).await?;
            let stored = stored.into_iter().next().ok_or_else(|| not_found(&id))?;
            let etag = stored.etag();
            Ok((stored, etag))
        })
        .await
    }

    /// Deletes one event (store first, with a tombstone; then the index).
    pub async fn delete_event(&self, id: String, if_match: Option<String>) -> Result<(), ApiError> {
        self.detached(|state| async move {
            let _gate = state.write_gate.lock().await;
            let current = state.index().get(&id).ok_or_else(|| not_found(&id))?;
            check_if_match(if_match.as_deref(), Some(&current))?;
            let store = state.store.clone();
            let key = id.clone();
            let seq = work::run("store", move || store.delete(&key)).await??;
            if let Some(seq) = seq {
                state.last_seq.fetch_max(seq, Ordering::Relaxed);
            }
            let mut index = state.index_mut();
            index.remove(&id);
            state.note_index(&index);
            drop(index);
            state.tiles.invalidate();
            Ok(())
        })
        .await
    }

    /// Runs one write on a task of its own and waits for it. A client that hangs up drops
    /// its handler, and with it this wait, but not the task: the write still finishes, so an
    /// event is indexed if and only if it was stored (and the write gate is held until then).
    async fn detached<T, F>(&self, write: impl FnOnce(AppState) -> F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: std::future::Future<Output = Result<T, ApiError>> + Send + 'static,
    {
        tokio::spawn(write(self.clone()))
            .await
            .map_err(|e| ApiError::Internal(format!("write task failed: {e}")))?
    }

    /// Stores events (stamping each with its change number), then indexes them; returns
    /// them as indexed.
    async fn write_locked(
        &self,
        mut events: Vec<Event>,
    ) -> Result<(Vec<Arc<Indexed>>, crate::store::UpsertCount), ApiError> {
        // storing and indexing both grow with the write: data work, in one task so that
        // what is stored is indexed whatever happens to the request
        let state = self.clone();
        let (stored, count, last) = work::run("store", move || {
            let count = state.store.upsert(&mut events)?;
            let last = events.iter().filter_map(|e| e.properties.seq).max();
            let mut index = state.index_mut();
            let stored: Vec<Arc<Indexed>> = events.into_iter().map(|e| index.upsert(e)).collect();
            state.note_index(&index);
            Ok::<_, ApiError>((stored, count, last))
        })
        .await??;
        let n = stored.len() as u64;
        if let Some(seq) = last {
            self.last_seq.fetch_max(seq, Ordering::Relaxed);
        }
        self.tiles.invalidate();
        self.metrics.events_written.fetch_add(n, Ordering::Relaxed);
        Ok((stored, count))
    }

    /// The base URL for links: the configured public URL, or `http://` + the Host header when
    /// that is a plain host[:port], or the listening address.
    pub fn base_url(&self, headers: &HeaderMap) -> String {
        if let Some(url) = &self.config.public_url {
            return url.trim_end_matches('/').to_string();
        }
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.len() <= 255
                    && h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
            });
        match host {
            Some(h) => format!("http://{h}"),
            None => format!("http://{}", self.config.addr),
        }
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound {
        what: "event",
        id: id.chars().take(128).collect(),
    }
}

/// `If-Match`: `*` or a list of ETags, one of which must be the current version's.
fn check_if_match(
    if_match: Option<&str>,
    current: Option<&crate::index::Indexed>,
) -> Result<(), ApiError> {
    let Some(wanted) = if_match else {
        return Ok(());
    };
    let ok = match current {
        None => false,
        Some(_) if wanted.trim() == "*" => true,
        Some(e) => {
            let tag = e.etag();
            wanted
                .split(',')
                .any(|w| w.trim().trim_start_matches("W/") == tag)
        }
    };
    if ok {
        Ok(())
    } else {
        Err(ApiError::PreconditionFailed)
    }
}

/// Counts requests, and gives HTTP/2 requests (which carry their host as the `:authority`
/// of the URI, not as a Host header) the Host header that links are built from, so that
/// HTTP/1.1 and HTTP/2 clients get the same links.
async fn count_requests(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    state.metrics.requests.fetch_add(1, Ordering::Relaxed);
    if !req.headers().contains_key(header::HOST) {
        if let Some(host) = req
            .uri()
            .authority()
            .and_then(|a| HeaderValue::from_str(a.as_str()).ok())
        {
            req.headers_mut().insert(header::HOST, host);
        }
    }
    next.run(req).await
}

fn cors(config: &Config) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            header::ACCEPT,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
        ])
        .expose_headers([header::ETAG, header::LOCATION]);
    match &config.cors_origins {
        None => layer.allow_origin(Any),
        Some(origins) => layer.allow_origin(AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok())
                .collect::<Vec<_>>(),
        )),
    }
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let body_limit = state.config.body_limit;
    Router::new()
        .route("/", get(ogc::landing))
        .route("/conformance", get(ogc::conformance))
        .route("/api", get(openapi::document))
        .route("/collections", get(ogc::collections))
        .route("/collections/events", get(ogc::collection))
        .route(
            "/collections/events/items",
            get(items::list).post(items::create),
        )
        .route(
            "/collections/events/items/{id}",
            get(items::one)
                .put(items::replace)
                .patch(items::patch)
                .delete(items::remove),
        )
        .route("/collections/events/queryables", get(ogc::queryables))
        .route("/collections/events/schema", get(ogc::schema))
        .route("/collections/events/changes", get(changes::list))
        .route("/collections/events/export", get(export::export))
        .route("/collections/events/tiles", get(ogc_tiles::tilesets))
        .route(
            "/collections/events/tiles/{tms}",
            get(ogc_tiles::tileset_doc),
        )
        .route(
            "/collections/events/tiles/{tms}/{z}/{row}/{col}",
            get(ogc_tiles::tile),
        )
        .route("/tileMatrixSets", get(ogc_tiles::tile_matrix_sets))
        .route("/tileMatrixSets/{id}", get(ogc_tiles::tile_matrix_set_doc))
        .route("/gazetteer", get(places::search))
        .route(
            "/gazetteer/user",
            get(user_places::list).post(user_places::create),
        )
        .route("/gazetteer/user/{id}", delete(user_places::remove))
        .route("/geoparse", post(geoparse::parse))
        .route("/reports", post(reports::create))
        .route("/tiles/events.json", get(tiles::tilejson))
        // the same TileJSON where GDAL's MVT driver looks for a tileset's metadata
        .route("/tiles/events/metadata.json", get(tiles::tilejson))
        .route("/tiles/events/{z}/{x}/{y}", get(tiles::events_tile))
        .route("/tiles/basemap/{z}/{x}/{y}", get(tiles::basemap_tile))
        .route("/map", get(map::page))
        .route("/styles/events.json", get(styles::maplibre))
        .route("/styles/events.qml", get(styles::qgis))
        .route("/map/assets/{file}", get(map::asset))
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .fallback(|| async { ApiError::NoRoute })
        // innermost: sees each body before compression, with its exact size
        .layer(middleware::from_fn_with_state(
            state.clone(),
            budget::hold_large_bodies,
        ))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            connections::REQUEST_TIMEOUT,
        ))
        // gzip at its fastest level: a page of 1,000 features is half a megabyte, and at the
        // default level compressing it cost three quarters of the server's time (bench/load.sh,
        // identity against gzip); the output is a little larger
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        // answers differ by Accept (JSON or HTML) and must never be sniffed as another type
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("Accept"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // HTML pages (items, collections) have no script at all; the map sets its own policy
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            |res: &Response| {
                let html = res
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
                html.then(|| {
                    HeaderValue::from_static(
                        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; \
                         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                    )
                })
            },
        ))
        .layer(cors(&state.config))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            count_requests,
        ))
        .with_state(state)
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let events = state.indexed_events.load(Ordering::Relaxed);
    axum::Json(serde_json::json!({ "status": "ok", "events": events }))
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let m = &state.metrics;
    let body = format!(
        "# HELP sitmap_events Events in the index.\n# TYPE sitmap_events gauge\nsitmap_events {}\n\
         # HELP sitmap_http_requests_total HTTP requests received.\n# TYPE sitmap_http_requests_total counter\nsitmap_http_requests_total {}\n\
         # HELP sitmap_write_requests_total Successful write requests.\n# TYPE sitmap_write_requests_total counter\nsitmap_write_requests_total {}\n\
         # HELP sitmap_events_written_total Events written (inserted or updated).\n# TYPE sitmap_events_written_total counter\nsitmap_events_written_total {}\n\
         # HELP sitmap_large_answers_refused_total Large answers refused with 503 while the response budget was spent.\n# TYPE sitmap_large_answers_refused_total counter\nsitmap_large_answers_refused_total {}\n\
         # HELP sitmap_extractions_cancelled_total Report readings given up because their request went away.\n# TYPE sitmap_extractions_cancelled_total counter\nsitmap_extractions_cancelled_total {}\n",
        state.indexed_events.load(Ordering::Relaxed),
        m.requests.load(Ordering::Relaxed),
        m.write_requests.load(Ordering::Relaxed),
        m.events_written.load(Ordering::Relaxed),
        m.budget_refusals.load(Ordering::Relaxed),
        m.extractions_cancelled.load(Ordering::Relaxed),
    );
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}

/// Serves the application on a bound listener until `shutdown` completes; in-flight requests
/// finish first.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let header_timeout = state.config.header_timeout;
    connections::serve(listener, app(state), header_timeout, shutdown).await
}
