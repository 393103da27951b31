//! Times the phases of start-up on a store of N synthetic events (default 1,000,000):
//! `cargo run --release --example startup_phases -- [N]`. Creates the store on first run in
//! target/startup-store-N.

use std::time::Instant;

use sitmap::event::{Event, EventProperties, EventType};
use sitmap::index::EventIndex;
use sitmap::store::Store;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::path::PathBuf::from(format!("target/startup-store-{n}"));
    let fresh = !dir.exists();
    let store = Store::open(&dir).expect("store");
    if fresh {
        let mut rng = fastrand::Rng::with_seed(42);
        let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).expect("date");
        let events: Vec<Event> = (0..n)
            .map(|i| Event {
                id: format!("ev-{i:07}"),
                lon: rng.f64() * 60.0 - 10.0,
                lat: rng.f64() * 45.0 - 5.0,
                properties: EventProperties {
                    event_date: start + chrono::Duration::days(rng.i64(0..3650)),
                    time_precision: 1,
                    event_type: EventType::Battles,
                    sub_event_type: "Armed clash".into(),
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
                    notes: "A synthetic event written for the benchmark, about as long as a sentence from a report.".into(),
                },
            })
            .collect();
        for c in events.chunks(50_000) {
            store.upsert(c).expect("upsert");
        }
    }
    let t = Instant::now();
    let events = store.load_all().expect("load");
    let loaded = t.elapsed();
    let index = EventIndex::new(events);
    println!(
        "{} events: store load {:?}, index build {:?}, total {:?}",
        index.len(),
        loaded,
        t.elapsed() - loaded,
        t.elapsed()
    );
}
