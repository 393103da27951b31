//! Data work off the async workers, at a lower CPU priority than the workers themselves.
//!
//! Everything whose cost grows with the store or with the request (pages, tiles, exports,
//! writes, text reading) runs on tokio's blocking threads through [`spawn`]. The first time a
//! blocking thread takes such work it lowers its own scheduling priority (a nice value of
//! [`NICE`]), so when both cores are busy with heavy reads and writes the kernel still runs
//! the async workers, which answer `/health`, metadata and the network, as soon as they wake:
//! cheap requests never queue behind a 10,000-feature page (issue 14, item 3).
//!
//! Linux keeps the nice value per thread, and a thread may always lower its own priority, so
//! this needs no privilege; elsewhere the work runs at normal priority.

use std::cell::Cell;

use tokio::task::JoinHandle;

/// How much data threads add to the process's nice value (0 is normal, 19 the lowest). At 10
/// the kernel's weights give a runnable async worker about nine times the share of a data
/// thread, while the data work still gets every cycle the workers leave idle.
pub const NICE: i32 = 19;

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

/// Lowers the calling thread's priority by [`NICE`], once per thread.
fn lower_priority() {
    LOWERED.with(|done| {
        if !done.replace(true) {
            lower_own_nice(NICE);
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
        assert_eq!(data, (worker + NICE).min(19));
        // the async worker itself keeps its priority
        assert_eq!(own_nice(), worker);
    }
}
