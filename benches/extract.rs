//! Reports through the whole extraction pipeline (sentences, toponyms, dates, types, actors,
//! fatalities, merging), measured in bytes of report text per second on one core.
//! Run: `cargo bench --bench extract`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sitmap::extract::extract;
use sitmap::gazetteer::Gazetteer;

fn bench(c: &mut Criterion) {
    let gazetteer = Gazetteer::embedded().expect("gazetteer");
    let reports = common::fixture_reports();
    let bytes: usize = reports.iter().map(|r| r.text.len()).sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(format!("{}_reports_{}_bytes", reports.len(), bytes), |b| {
        b.iter(|| {
            let mut events = 0;
            for r in &reports {
                events += extract(&gazetteer, r).len();
            }
            events
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
