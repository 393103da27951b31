//! Data work off the async workers, at a lower CPU priority than the workers themselves.
//!
//! Everything whose cost grows with the store or with the request (pages, tiles, exports,
//! writes, text reading) runs on tokio's blocking threads through [`spawn`]. The first time a
//! blocking thread takes such work it lowers its own scheduling priority (adds `--data-nice`,
//! [`DEFAULT_NICE`] unless set, to its nice value), so when every core is busy with heavy
//! reads and writes the kernel still runs the async workers, which answer `/health`,
//! metadata and the network, as soon as they wake: cheap requests do not queue behind a
//! 10,000-feature page (issue 14, item 3). The price: any other busy process on the machine
//! (a load generator, a database) also wins over the data work, which then answers later.
//!
//! Linux keeps the nice value per thread, and a thread may always lower its own priority, so
//! this needs no privilege; elsewhere the work runs at normal priority.

use std::cell::Cell;
use std::sync::atomic::{AtomicI32, Ordering};

use tokio::task::JoinHandle;

/// What data threads add to the process's nice value unless configured (0 is normal, 19 the
/// lowest). At 10 the kernel's weights give a runnable async worker about nine times the
/// share of a data thread, while the data work still gets every cycle the workers leave idle.
pub const DEFAULT_NICE: u8 = 10;

/// The nice value data threads add, as configured ([`set_nice`]).
static NICE: AtomicI32 = AtomicI32::new(DEFAULT_NICE as i32);

/// Sets what data threads add to their nice value (0–19), for threads that take data work
/// from now on. Called once at start-up from the configuration.
pub fn set_nice(nice: u8) {
    NICE.store(i32::from(nice.min(19)), Ordering::Relaxed);
}

thread_local! {
    static LOWERED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work` on a blocking thread at the data-work priority.
pub fn spawn<F, R>(work: F) -> JoinHandle<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        lower_priority();
        work()
    })
}

/// [`spawn`], and waits for it: a task that panicked is an internal error naming `what`.
pub async fn run<F, R>(what: &'static str, work: F) -> Result<R, super::error::ApiError>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    spawn(work)
        .await
        .map_err(|e| super::error::ApiError::Internal(format!("{what} task failed: {e}")))
}

/// Lowers the calling thread's priority by the configured nice value, once per thread.
fn lower_priority() {
    LOWERED.with(|done| {
        if !done.replace(true) {
            let by = NICE.load(Ordering::Relaxed);
            if by > 0 {
                lower_own_nice(by);
            }
        }
    });
}

#[cfg(target_os = "linux")]
fn lower_own_nice(by: i32) {
    use rustix::process::setpriority_process;
    // Linux's setpriority takes a thread id for PRIO_PROCESS and changes that thread alone
    let target = (own_nice() + by).min(19);
    if let Err(e) = setpriority_process(Some(rustix::thread::gettid()), target) {
        tracing::debug!("could not lower a data thread's priority: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_own_nice(_by: i32) {}

/// The calling thread's nice value (0 when it cannot be read).
#[cfg(target_os = "linux")]
fn own_nice() -> i32 {
    rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap_or(0)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn data_work_runs_below_the_workers_priority() {
        let worker = own_nice();
        let data = spawn(own_nice).await.expect("data work");
        assert_eq!(data, (worker + i32::from(DEFAULT_NICE)).min(19));
        // the async worker itself keeps its priority
        assert_eq!(own_nice(), worker);
    }
}
