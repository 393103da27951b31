//! Report texts through the whole extraction pipeline.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitmap::extract::{extract, Report};
use sitmap::gazetteer::Gazetteer;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"))
}

fuzz_target!(|data: &[u8]| {
    let report = Report {
        text: String::from_utf8_lossy(data).into_owned(),
        published: chrono::NaiveDate::from_ymd_opt(2020, 2, 29).expect("date"),
        source: "fuzz".into(),
        url: String::new(),
        id: None,
    };
    for e in extract(gazetteer(), &report) {
        assert!(e.validate().is_ok(), "extract returned an invalid event: {e:?}");
    }
});
