//! Index, query, serialisation and start-up benchmarks over synthetic events: 1,000,000 of
//! them, or `SITMAP_BENCH_EVENTS` (what `bench/report.sh --quick` sets to keep CI short).
//! Run: `cargo bench --bench index`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use sitmap::event::Event;
use sitmap::index::EventIndex;
use sitmap::query::{BBox, DateInterval, EventQuery};
use sitmap::store::Store;
use sitmap::tiles::{render_events, TileId};

/// How many events: `SITMAP_BENCH_EVENTS`, else 1,000,000.
fn event_count() -> usize {
    match std::env::var("SITMAP_BENCH_EVENTS") {
        Ok(v) => v
            .parse()
            .expect("SITMAP_BENCH_EVENTS must be a whole number of events"),
        Err(_) => 1_000_000,
    }
}

/// Deterministic events: see [`sitmap::demo::synthetic`].
fn synthetic(n: usize) -> Vec<Event> {
    sitmap::demo::synthetic(n)
}

fn bench(c: &mut Criterion) {
    let n = event_count();
    let events = synthetic(n);

    let mut g = c.benchmark_group("index");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("bulk_load", |b| {
        b.iter_batched(|| events.clone(), EventIndex::new, BatchSize::PerIteration)
    });
    g.finish();

    let index = EventIndex::new(events.clone());
    // a 2°×2° box over two years around an event: about a thousand matches
    let mut rng = fastrand::Rng::with_seed(5);
    let queries: Vec<EventQuery> = (0..64)
        .map(|_| {
            let e = &events[rng.usize(..n)];
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
    // issue 14 item 3: answers whose cost must not grow with the store
    let world = EventQuery::default();
    g.bench_function("whole_world_limit_1", |b| {
        b.iter(|| index.page(&world, 0, 1))
    });
    g.bench_function("whole_world_last_offset", |b| {
        b.iter(|| index.page(&world, n - 1, 1))
    });
    let year = EventQuery {
        dates: DateInterval::parse("2018-01-01/2018-12-31").expect("dates"),
        ..EventQuery::default()
    };
    g.bench_function("whole_world_one_year_offset_5000", |b| {
        b.iter(|| index.page(&year, 5_000, 10))
    });
    g.bench_function("extent", |b| b.iter(|| index.extent()));
    g.finish();

    // low-zoom tiles (issue 14 item 3): unfiltered ones from the tile pyramid's cell sums, and
    // the same tile with a date filter, which visits its events
    let mut g = c.benchmark_group("tiles");
    let z0 = TileId { z: 0, x: 0, y: 0 };
    let z4 = TileId { z: 4, x: 9, y: 6 };
    let one_year = EventQuery {
        dates: DateInterval::parse("2018-01-01/2018-12-31").expect("dates"),
        ..EventQuery::default()
    };
    g.bench_function("z0_unfiltered_pyramid", |b| {
        b.iter(|| render_events(&index, &EventQuery::default(), z0))
    });
    g.bench_function("z4_unfiltered_pyramid", |b| {
        b.iter(|| render_events(&index, &EventQuery::default(), z4))
    });
    g.bench_function("z0_one_year_visit", |b| {
        b.iter(|| render_events(&index, &one_year, z0))
    });
    g.finish();

    // A page of 10,000 features, first time (each Feature serialised, as for a page nobody
    // asked for before: a fresh index of those events in each untimed set-up) and cached (the
    // Feature JSON the index keeps after the first time)
    let page: Vec<_> = index.page(&EventQuery::default(), 0, 10_000).events;
    let page_events: Vec<Event> = page.iter().map(|e| Event::clone(e)).collect();
    let bytes = serde_json::to_vec(&page).expect("json").len();
    let mut g = c.benchmark_group("serialise");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("geojson_10000_features_first_time", |b| {
        b.iter_batched(
            || {
                let fresh = EventIndex::new(page_events.clone());
                let page = fresh.page(&EventQuery::default(), 0, 10_000).events;
                (fresh, page)
            },
            |(_fresh, page)| serde_json::to_vec(&page).expect("json"),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("geojson_10000_features_cached", |b| {
        b.iter(|| serde_json::to_vec(&page).expect("json"))
    });
    g.finish();

    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path()).expect("store");
    for chunk in events.clone().chunks_mut(50_000) {
        store.upsert(chunk).expect("upsert");
    }
    drop(store);
    let mut g = c.benchmark_group("startup");
    g.sample_size(10).measurement_time(Duration::from_secs(40));
    // what the server does before it listens (the page order is built after)
    g.bench_function("load_store_and_index", |b| {
        b.iter(|| {
            let store = Store::open(dir.path()).expect("store");
            EventIndex::without_order(store.load_all().expect("load").events)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
