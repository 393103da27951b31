//! Accepting connections with limits a public server needs, which `axum::serve` does not set:
//! a client must send its request head within the configured header timeout (10 s by
//! default; slowloris and idle connections are closed), the head may not exceed [`MAX_HEAD_BYTES`] (hyper answers 431),
//! and at most [`MAX_CONNECTIONS`] are open at once (others wait in the kernel's queue).
//! HTTP/2 connections get the same idle limit (no request in flight for the header timeout:
//! closed with GOAWAY), keep-alive pings, and at most [`MAX_H2_STREAMS`] streams each.
//! Handlers have [`REQUEST_TIMEOUT`] to answer, body reading included (408 after it). On
//! shutdown the listener closes and in-flight requests finish.

use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Largest request head (request line and headers) read.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 4096;
/// Time a request has from its head to its answer, body included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Time in-flight requests get to finish after shutdown is asked.
const DRAIN: Duration = Duration::from_secs(30);
/// Streams one HTTP/2 connection may have open at once.
const MAX_H2_STREAMS: u32 = 100;
/// HTTP/2 keep-alive: a ping after this long without frames, and the peer has as long to answer.
const H2_PING: Duration = Duration::from_secs(20);
/// Time an idle connection asked to close gets to do so before it is dropped.
const IDLE_GRACE: Duration = Duration::from_secs(1);
/// How often a connection checks whether it has been idle for the header timeout.
const IDLE_CHECK: Duration = Duration::from_millis(500);

/// Requests in flight on one connection, and when the last one ended: an HTTP/2 connection
/// that carries none for the header timeout is closed, as an idle HTTP/1 one is by hyper.
#[derive(Debug)]
struct Activity {
    in_flight: AtomicUsize,
    /// Milliseconds since `started` when the last request ended (or the connection opened).
    last_ms: AtomicU64,
    started: Instant,
}

impl Activity {
    fn new() -> Self {
        Activity {
            in_flight: AtomicUsize::new(0),
            last_ms: AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    fn idle_for(&self) -> Duration {
        if self.in_flight.load(Ordering::Acquire) > 0 {
            return Duration::ZERO;
        }
        let last = Duration::from_millis(self.last_ms.load(Ordering::Acquire));
        self.started.elapsed().saturating_sub(last)
    }
}

/// Counts one request in flight until dropped.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn new(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(activity)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let now = self.0.started.elapsed().as_millis() as u64;
        self.0.last_ms.fetch_max(now, Ordering::AcqRel);
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The router as hyper calls it, counting requests in flight per connection.
#[derive(Clone)]
struct Tracked {
    inner: TowerToHyperService<Router>,
    activity: Arc<Activity>,
}

type BoxedResponse = std::pin::Pin<
    Box<dyn Future<Output = Result<axum::response::Response, std::convert::Infallible>> + Send>,
>;

impl hyper::service::Service<hyper::Request<hyper::body::Incoming>> for Tracked {
    type Response = axum::response::Response;
    type Error = std::convert::Infallible;
    type Future = BoxedResponse;

    fn call(&self, req: hyper::Request<hyper::body::Incoming>) -> Self::Future {
        let guard = InFlight::new(self.activity.clone());
        let fut = self.inner.call(req);
        Box::pin(async move {
            let out = fut.await;
            drop(guard);
            out
        })
    }
}

pub async fn serve(
    listener: TcpListener,
    router: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(MAX_H2_STREAMS)
        .keep_alive_interval(Some(H2_PING))
        .keep_alive_timeout(H2_PING);
    let builder = Arc::new(builder);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = slots.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (stream, _peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // out of file descriptors and the like: wait a little and go on
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let activity = Arc::new(Activity::new());
        let service = Tracked {
            inner: TowerToHyperService::new(router.clone()),
            activity: activity.clone(),
        };
        let builder = builder.clone();
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            // hyper's header timeout starts with the first byte: a client that connects and
            // sends nothing is closed here
            let mut first = [0u8; 1];
            match tokio::time::timeout(header_timeout, stream.peek(&mut first)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            }
            let conn = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            tokio::pin!(conn);
            let mut closing = false;
            // when an idle connection was asked to close: it is dropped at this time unless a
            // request is in flight (an HTTP/2 peer that ignores GOAWAY would hold it open)
            let mut idle_deadline: Option<tokio::time::Instant> = None;
            let mut tick = tokio::time::interval(IDLE_CHECK);
            loop {
                tokio::select! {
                    // a client that goes away mid-request is not an error of the server
                    _ = conn.as_mut() => break,
                    changed = stop.changed(), if !closing => {
                        if changed.is_err() || *stop.borrow() {
                            closing = true;
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                    _ = tick.tick() => {
                        if !closing && activity.idle_for() >= header_timeout {
                            closing = true;
                            conn.as_mut().graceful_shutdown();
                            idle_deadline = Some(tokio::time::Instant::now() + IDLE_GRACE);
                        } else if idle_deadline.is_some_and(|d| tokio::time::Instant::now() >= d)
                            && activity.idle_for() > Duration::ZERO
                        {
                            break;
                        }
                    }
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    // every connection gives its slot back when it has finished
    let drained = tokio::time::timeout(DRAIN, slots.acquire_many(MAX_CONNECTIONS as u32)).await;
    if drained.is_err() {
        tracing::warn!("shutdown: some connections did not finish within {DRAIN:?}");
    }
    Ok(())
}
