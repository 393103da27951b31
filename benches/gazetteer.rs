//! Gazetteer start-up (opening the compiled embedded index; compiling a folder from disk) and
//! lookup throughput (exact and skeleton).
//! Run: `cargo bench --bench gazetteer`.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use sitmap::gazetteer::{Context, Gazetteer};

/// Spellings that hit the main or alternate name index.
const EXACT: &[&str] = &[
    "Mosul",
    "Aleppo",
    "Kharkiv",
    "Kyiv",
    "Mogadishu",
    "Timbuktu",
    "Raqqa",
    "Kandahar",
    "Benghazi",
    "Maiduguri",
    "Tripoli",
    "Palmyra",
    "Abu Kamal",
    "Deir ez-Zor",
    "Sanaa",
    "Gao",
];
/// Spellings that only the consonant-skeleton fallback finds.
const SKELETON: &[&str] = &[
    "Deir Ezzor",
    "Qamishlo",
    "Mosoul",
    "Halepp",
    "Kandaharr",
    "Benghazy",
    "Maydugori",
    "Raqqah City",
    "Mogadischo",
    "Kherssonn",
];

fn load(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteer");
    let mut group = c.benchmark_group("gazetteer_load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("embedded_open", |b| {
        b.iter_batched(
            || (),
            |()| Gazetteer::embedded().expect("opens"),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("compile_from_disk", |b| {
        b.iter_batched(
            || (),
            |()| Gazetteer::from_dir(&dir).expect("loads"),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn lookups(c: &mut Criterion) {
    let g = Gazetteer::embedded().expect("loads");
    let ctx = Context::default();
    for q in SKELETON {
        let found = g.lookup(q, &ctx, 5);
        assert!(
            found.is_empty() || found[0].matched == sitmap::gazetteer::MatchKind::Skeleton,
            "{q} is meant to need the skeleton fallback"
        );
    }
    let mut group = c.benchmark_group("gazetteer_lookup");
    group.throughput(Throughput::Elements(EXACT.len() as u64));
    group.bench_function("exact", |b| {
        b.iter(|| {
            for q in EXACT {
                std::hint::black_box(g.lookup(q, &ctx, 5));
            }
        })
    });
    group.throughput(Throughput::Elements(SKELETON.len() as u64));
    group.bench_function("skeleton", |b| {
        b.iter(|| {
            for q in SKELETON {
                std::hint::black_box(g.lookup(q, &ctx, 5));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, load, lookups);
criterion_main!(benches);
