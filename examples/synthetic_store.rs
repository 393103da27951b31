//! Fills a data directory with N synthetic events (default 1,000,000) for load tests, then
//! times start-up on it (store read + index build).
//!
//! `cargo run --release --example synthetic_store -- DIR [N]`
//!
//! Events are clustered around 200 centres over the Middle East and Africa, dated over ten
//! years (2015–2024), with every property filled; the generator is seeded, so every run writes
//! the same set. A directory that already holds a store is only timed.

use std::time::Instant;

use sitmap::event::{Event, EventProperties, EventType};
use sitmap::index::EventIndex;
use sitmap::store::Store;

fn synthetic(n: usize) -> Vec<Event> {
    let mut rng = fastrand::Rng::with_seed(42);
    let centres: Vec<(f64, f64)> = (0..200)
        .map(|_| (rng.f64() * 60.0 - 10.0, rng.f64() * 45.0 - 5.0))
        .collect();
    let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).expect("date");
    (0..n)
        .map(|i| {
            let (cx, cy) = centres[rng.usize(..centres.len())];
            let t = EventType::ALL[rng.usize(..6)];
            Event {
                id: format!("ev-{i:07}"),
                lon: ((cx + (rng.f64() - 0.5) * 2.0) * 1e5).round() / 1e5,
                lat: ((cy + (rng.f64() - 0.5) * 2.0) * 1e5).round() / 1e5,
                properties: EventProperties {
                    event_date: start + chrono::Duration::days(rng.i64(0..3650)),
                    time_precision: 1,
                    event_type: t,
                    sub_event_type: t.sub_types()[0].into(),
                    actor1: "Islamic State".into(),
                    actor2: "Civilians".into(),
                    fatalities: rng.u32(0..20),
                    location: "Somewhere".into(),
                    admin1: "Some Province".into(),
                    country: "Syria".into(),
                    country_code: "SY".into(),
                    geo_precision: 1,
                    geonameid: Some(170794),
                    source: "Synthetic".into(),
                    source_url: "https://example.org/report".into(),
                    report_id: format!("r{}", i / 5),
                    notes: "A synthetic event for load tests, about as long as a sentence from a report.".into(),
                },
            }
        })
        .collect()
}

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
        for chunk in synthetic(n).chunks(50_000) {
            store.upsert(chunk).expect("upsert");
        }
        eprintln!("wrote {n} events in {:?}", t.elapsed());
    }
    drop(store);
    let t = Instant::now();
    let store = Store::open(std::path::Path::new(&dir)).expect("store");
    let events = store.load_all().expect("load");
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
