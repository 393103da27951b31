//! Starting `sitmap serve`: open the store, load the gazetteer and the events (in parallel),
//! seed the demo set into a fresh store, bulk-load the index, then serve until shut down.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::api::{self, AppState};
use crate::config::Config;
use crate::gazetteer::Gazetteer;
use crate::index::EventIndex;
use crate::store::Store;

const DEMO_KEY: &str = "demo_loaded";

/// Opens the store and builds the application state (without binding a port).
pub async fn prepare(config: Config) -> anyhow::Result<AppState> {
    prepare_with(config, async move {
        let loaded = tokio::task::spawn_blocking(Gazetteer::embedded).await?;
        Ok(Arc::new(loaded.context("loading the gazetteer")?))
    })
    .await
}

/// [`prepare`] with the gazetteer supplied by the caller (tests share one loaded gazetteer).
///
/// The store is read and the index built while the gazetteer loads; the server answers reads
/// as soon as the index is ready, and requests that need the gazetteer (`/reports`,
/// `/gazetteer`) wait for it. Only a fresh store waits for it up front, to place the demo data.
pub async fn prepare_with(
    config: Config,
    gazetteer: impl Future<Output = anyhow::Result<Arc<Gazetteer>>> + Send + 'static,
) -> anyhow::Result<AppState> {
    let started = Instant::now();
    let store = Arc::new(
        Store::open_exclusive(&config.data_dir)
            .with_context(|| format!("opening the store in {}", config.data_dir.display()))?,
    );
    let (tx, _) = tokio::sync::watch::channel(None);
    let loader = {
        let store = store.clone();
        tokio::task::spawn_blocking(move || store.load_all())
    };
    let stored = loader.await?.context("loading stored events")?;
    tracing::info!(
        events = stored.events.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "store read"
    );
    warn_unreadable(&stored.unreadable);
    let store_is_empty = stored.events.is_empty() && stored.unreadable.is_empty();
    let mut events = stored.events;
    let mut gazetteer = Some(gazetteer);
    let mut loaded = None;
    if config.demo && store_is_empty && store.meta(DEMO_KEY)?.is_none() {
        if let Some(pending) = gazetteer.take() {
            let g = pending.await?;
            let mut demo = crate::demo::events(&g);
            store.upsert(&mut demo).context("storing the demo data")?;
            store.set_meta(DEMO_KEY, "1")?;
            tracing::info!(events = demo.len(), "empty store: loaded the demo data set");
            events = demo;
            loaded = Some(g);
        }
    }
    let n = events.len();
    // the page order is built once the server answers (whole-world pages scan until then)
    let index = tokio::task::spawn_blocking(move || EventIndex::without_order(events)).await?;
    tracing::info!(
        events = n,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "index ready"
    );
    crate::api::work::set_nice(config.data_nice);
    let state = AppState::new(config, store, index, tx);
    {
        let state = state.clone();
        tokio::spawn(async move { state.build_page_order().await });
    }
    if let Some(g) = loaded {
        state.publish_gazetteer(g);
    }
    if let Some(pending) = gazetteer {
        // loaded after the index, so that it does not compete with it for the cores;
        // requests that need it wait for it
        let state = state.clone();
        tokio::spawn(async move {
            match pending.await {
                Ok(g) => state.publish_gazetteer(g),
                // requests that need it answer 503 and say so
                Err(e) => tracing::error!("loading the gazetteer failed: {e:#}"),
            }
        });
    }
    watch_user_places(state.clone());
    Ok(state)
}

/// How often the user gazetteer file is checked for edits made by hand.
const USER_FILE_POLL: std::time::Duration = std::time::Duration::from_secs(1);

/// Puts hand edits of `DATA/gazetteer-user.json` in service without a restart: the file's
/// size and modification time are checked every [`USER_FILE_POLL`]; the task ends with the
/// server (when the last handle on its state is gone).
fn watch_user_places(state: AppState) {
    let weak = state.downgrade();
    let path = crate::gazetteer::user::file_path(&state.config.data_dir);
    drop(state);
    tokio::spawn(async move {
        let stamp = |p: &std::path::Path| {
            std::fs::metadata(p)
                .ok()
                .map(|m| (m.len(), m.modified().ok()))
        };
        let mut last = stamp(&path);
        loop {
            tokio::time::sleep(USER_FILE_POLL).await;
            let Some(state) = AppState::upgrade(&weak) else {
                return;
            };
            let now = stamp(&path);
            if now != last {
                last = now;
                state.reload_user_places().await;
            }
        }
    });
}

/// Runs the server until `shutdown` completes. Prints `listening on http://ADDR` on stderr
/// once the port is bound (tests and scripts read the port from it).
pub async fn run(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let addr = config.addr;
    check_write_safety(&config)?;
    // bound before the store is touched: a taken port must not leave a new store behind
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    let state = prepare(config).await?;
    let bound = listener.local_addr()?;
    eprintln!(
        "listening on http://{bound} ({} events)",
        state.index().len()
    );
    api::serve(listener, state, shutdown).await?;
    eprintln!("sitmap stopped");
    Ok(())
}

/// Refuses to start an open-to-all write endpoint by accident: with no token, only a loopback
/// address (reachable from this machine only) is allowed unless the operator says otherwise.
pub fn check_write_safety(config: &Config) -> anyhow::Result<()> {
    if config.token.is_some() {
        return Ok(());
    }
    if !config.addr.ip().is_loopback() && !config.allow_open_writes {
        anyhow::bail!(
            "refusing to serve on {} without a write token: anyone who can reach it could write \
             events. Set SITMAP_TOKEN (writes then need 'Authorization: Bearer <token>'), listen \
             on 127.0.0.1, or pass --allow-open-writes on a private network",
            config.addr
        );
    }
    if config.allow_open_writes && !config.addr.ip().is_loopback() {
        tracing::warn!(
            addr = %config.addr,
            "no SITMAP_TOKEN and --allow-open-writes: anyone who can reach this address can write"
        );
    } else {
        tracing::warn!(
            "no SITMAP_TOKEN: writes are accepted from this machine without a token; \
             web pages of other origins cannot write"
        );
    }
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

/// Says at start-up which stored rows are not served because they are no valid events: how
/// many, the first ids and why (the server goes on with the others).
fn warn_unreadable(unreadable: &[crate::store::Unreadable]) {
    let Some(first) = unreadable.first() else {
        return;
    };
    let ids: Vec<&str> = unreadable.iter().take(10).map(|u| u.id.as_str()).collect();
    tracing::warn!(
        count = unreadable.len(),
        first_ids = %ids.join(", "),
        first_reason = %format!("{}: {}", first.id, first.reason),
        "stored rows that are not valid events are not served (a write with the same id replaces them)"
    );
}
