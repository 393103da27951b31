//! The whole-text geoparser (recognition, then resolution with the document), measured in
//! bytes of text per second on one core over the project's own annotated reports.
//! Run: `cargo bench --bench geoparse`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sitmap::gazetteer::Gazetteer;
use sitmap::geoparse::{geoparse, Request};

fn texts() -> Vec<String> {
    common::fixture_reports()
        .into_iter()
        .map(|line| line.text)
        .collect()
}

fn bench(c: &mut Criterion) {
    let gazetteer = Gazetteer::embedded().expect("gazetteer");
    let requests: Vec<Request> = texts()
        .into_iter()
        .map(|t| Request::new(t, None, None, 0).expect("request"))
        .collect();
    let bytes: usize = requests.iter().map(|r| r.text.len()).sum();
    let mut g = c.benchmark_group("geoparse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(format!("{}_texts_{}_bytes", requests.len(), bytes), |b| {
        b.iter(|| {
            requests
                .iter()
                .map(|r| geoparse(&gazetteer, r).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
