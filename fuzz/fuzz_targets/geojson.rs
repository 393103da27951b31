//! GeoJSON bodies of `POST /collections/events/items` and `sitmap ingest`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(events) = sitmap::event::parse_features(data) {
        for e in events {
            assert!(e.validate().is_ok(), "parse_features returned an invalid event");
        }
    }
});
