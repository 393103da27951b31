//! A bound on the bytes of large response bodies in flight. A body is in flight from the
//! moment its handler returns it until the connection has taken all of it or is gone, so a
//! client that reads slowly, or an HTTP/2 client that keeps its flow-control window shut,
//! holds its body in the server's memory; page permits (which bound pages being *built*) do
//! not see that. Every body over [`LARGE_BODY`] bytes takes a share of one budget, in KiB,
//! for as long as it lives; when the budget is spent, a new large answer waits up to
//! [`BUDGET_WAIT`] and is then refused with 503, while small answers (health, metadata,
//! tiles, small pages) never wait.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Body as HttpBody, Frame, SizeHint};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::{ApiError, AppState};

/// Bodies larger than this (bytes) count against the budget.
pub const LARGE_BODY: u64 = 1024 * 1024;
/// How long a large answer waits for budget before it is refused.
pub const BUDGET_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The budget: one permit per KiB.
pub struct ResponseBudget {
    kib: Arc<Semaphore>,
    total_kib: u32,
}

impl ResponseBudget {
    pub fn new(bytes: u64) -> Self {
        let total_kib = u32::try_from(bytes / 1024).unwrap_or(u32::MAX).max(1);
        ResponseBudget {
            kib: Arc::new(Semaphore::new(total_kib as usize)),
            total_kib,
        }
    }
}

/// Middleware: large bodies hold their share of the budget until they are dropped.
pub async fn hold_large_bodies(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let response = next.run(req).await;
    let Some(size) = response.body().size_hint().exact() else {
        return response;
    };
    if size <= LARGE_BODY {
        return response;
    }
    let budget = &state.response_budget;
    // a body larger than the whole budget takes all of it
    let kib = u32::try_from(size.div_ceil(1024))
        .unwrap_or(u32::MAX)
        .min(budget.total_kib);
    let permit =
        tokio::time::timeout(BUDGET_WAIT, budget.kib.clone().acquire_many_owned(kib)).await;
    match permit {
        Ok(Ok(permit)) => {
            let (parts, body) = response.into_parts();
            Response::from_parts(
                parts,
                Body::new(Held {
                    inner: body,
                    _permit: permit,
                }),
            )
        }
        _ => {
            state
                .metrics
                .budget_refusals
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            ApiError::Unavailable("memory for large answers (too many are being sent)")
                .into_response()
        }
    }
}

/// A body with its share of the budget, returned when the body is dropped.
struct Held {
    inner: Body,
    _permit: OwnedSemaphorePermit,
}

impl HttpBody for Held {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
