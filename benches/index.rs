//! Index, query, serialisation and start-up benchmarks over 1,000,000 synthetic events.
//! Run: `cargo bench --bench index`.

use std::time::Duration;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use sitmap::event::{Event, EventProperties, EventType};
use sitmap::index::EventIndex;
use sitmap::query::{BBox, DateInterval, EventQuery};
use sitmap::store::Store;

const N: usize = 1_000_000;

/// Deterministic events: clustered around 200 centres in the Middle East and Africa, dated
/// over ten years, with every property filled.
fn synthetic(n: usize) -> Vec<Event> {
    let mut rng = fastrand::Rng::with_seed(42);
    let centres: Vec<(f64, f64)> = (0..200)
        .map(|_| (rng.f64() * 60.0 - 10.0, rng.f64() * 45.0 - 5.0))
        .collect();
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).expect("date");
    (0..n)
        .map(|i| {
            let (cx, cy) = centres[rng.usize(..centres.len())];
            let t = EventType::ALL[rng.usize(..6)];
            Event {
                id: format!("ev-{i:07}"),
                lon: cx + (rng.f64() - 0.5) * 2.0,
                lat: cy + (rng.f64() - 0.5) * 2.0,
                properties: EventProperties {
                    event_date: start + chrono::Duration::days(rng.i64(0..3650)),
                    time_precision: 1,
                    event_type: t,
                    sub_event_type: t.sub_types()[0].to_string(),
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
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let events = synthetic(N);

    let mut g = c.benchmark_group("index");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("bulk_load_1M", |b| {
        b.iter_batched(|| events.clone(), EventIndex::new, BatchSize::PerIteration)
    });
    g.finish();

    let index = EventIndex::new(events.clone());
    // a 2°×2° box over two years around an event: about a thousand matches
    let mut rng = fastrand::Rng::with_seed(5);
    let queries: Vec<EventQuery> = (0..64)
        .map(|_| {
            let e = &events[rng.usize(..N)];
            EventQuery {
                bbox: Some(
                    BBox::new(e.lon - 1.0, e.lat - 1.0, e.lon + 1.0, e.lat + 1.0).expect("bbox"),
                ),
                dates: DateInterval::parse("2018-01-01/2019-12-31").expect("dates"),
                ..EventQuery::default()
            }
        })
        .collect();
    let mean: usize = queries
        .iter()
        .map(|q| index.page(q, 0, 1000).events.len())
        .sum::<usize>()
        / queries.len();
    eprintln!("bbox+date queries return {mean} features on average (limit 1000)");
    let mut g = c.benchmark_group("query");
    g.throughput(Throughput::Elements(1));
    let mut i = 0;
    g.bench_function("bbox_date_page_1000", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            index.page(&queries[i], 0, 1000)
        })
    });
    g.finish();

    let page: Vec<_> = index.page(&EventQuery::default(), 0, 10_000).events;
    let bytes = serde_json::to_vec(&page).expect("json").len();
    let mut g = c.benchmark_group("serialise");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("geojson_10000_features", |b| {
        b.iter(|| serde_json::to_vec(&page).expect("json"))
    });
    g.finish();

    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path()).expect("store");
    for chunk in events.chunks(50_000) {
        store.upsert(chunk).expect("upsert");
    }
    drop(store);
    let mut g = c.benchmark_group("startup");
    g.sample_size(10).measurement_time(Duration::from_secs(40));
    g.bench_function("load_store_and_index_1M", |b| {
        b.iter(|| {
            let store = Store::open(dir.path()).expect("store");
            EventIndex::new(store.load_all().expect("load"))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
