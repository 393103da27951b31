//! Reports through the whole extraction pipeline (sentences, toponyms, dates, types, actors,
//! fatalities, merging), measured in bytes of report text per second on one core.
//! Run: `cargo bench --bench extract`.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use sitmap::extract::{extract, Report};
use sitmap::gazetteer::Gazetteer;

#[derive(Deserialize)]
struct Line {
    text: String,
    published: NaiveDate,
}

fn reports() -> Vec<Report> {
    [
        include_str!("../tests/fixtures/reports.jsonl"),
        include_str!("../tests/fixtures/heldout.jsonl"),
    ]
    .iter()
    .flat_map(|f| f.lines())
    .filter(|l| !l.trim().is_empty())
    .map(|l| {
        let line: Line = serde_json::from_str(l).expect("fixture line");
        Report {
            text: line.text,
            published: line.published,
            source: "bench".into(),
            url: String::new(),
            id: None,
        }
    })
    .collect()
}

fn bench(c: &mut Criterion) {
    let gazetteer = Gazetteer::embedded().expect("gazetteer");
    let reports = reports();
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
