//! The project's own annotated reports, shared by the text benchmarks.

use chrono::NaiveDate;
use serde::Deserialize;
use sitmap::extract::Report;

#[derive(Deserialize)]
struct Line {
    text: String,
    published: NaiveDate,
}

/// Every report of `tests/fixtures/reports.jsonl` and `tests/fixtures/heldout.jsonl`.
pub fn fixture_reports() -> Vec<Report> {
    [
        include_str!("../../tests/fixtures/reports.jsonl"),
        include_str!("../../tests/fixtures/heldout.jsonl"),
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
