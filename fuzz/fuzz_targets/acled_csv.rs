//! ACLED-style CSV files of `sitmap ingest`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitmap::gazetteer::Gazetteer;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"))
}

fuzz_target!(|data: &[u8]| {
    let (events, _problems) = sitmap::ingest::parse_acled_csv(data, gazetteer());
    for e in events {
        assert!(e.validate().is_ok(), "the CSV importer returned an invalid event");
    }
});
