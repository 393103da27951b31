//! Fills a data directory with N synthetic events (default 1,000,000) for load tests, then
//! times start-up on it (store read + index build).
//!
//! `cargo run --release --example synthetic_store -- DIR [N]`
//!
//! Events are clustered around 200 centres over the Middle East and Africa, dated over ten
//! years (2015–2024), with every property filled; the generator is seeded, so every run writes
//! the same set. A directory that already holds a store is only timed.

use std::time::Instant;

use sitmap::index::EventIndex;
use sitmap::store::Store;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: synthetic_store DIR [N]");
        std::process::exit(2);
    };
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let store = Store::open(std::path::Path::new(&dir)).expect("store");
    if store.count().expect("count") == 0 {
        let t = Instant::now();
        for chunk in sitmap::demo::synthetic(n).chunks_mut(50_000) {
            store.upsert(chunk).expect("upsert");
        }
        eprintln!("wrote {n} events in {:?}", t.elapsed());
    }
    drop(store);
    let t = Instant::now();
    let store = Store::open(std::path::Path::new(&dir)).expect("store");
    let events = store.load_all().expect("load").events;
    let loaded = t.elapsed();
    let index = EventIndex::new(events);
    println!(
        "start-up with {} events: store read {:.2} s, index build {:.2} s, total {:.2} s",
        index.len(),
        loaded.as_secs_f64(),
        (t.elapsed() - loaded).as_secs_f64(),
        t.elapsed().as_secs_f64()
    );
}
