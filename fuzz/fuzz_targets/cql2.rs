//! CQL2 filters, text and JSON (`filter` of the items and export endpoints): any input gives a
//! plan or an error, never a panic; and the parts lifted out of a plan for the index (its box
//! and its dates) never exclude an event the whole plan matches, or the index would drop it.
//!
//! The first byte picks the encoding (even: text, odd: JSON); the last 12 bytes place and date
//! the probe events.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitmap::event::parse_features;
use sitmap::query::{cql2, cql2_json};

/// Probe events: fixed ones on edges that filters like to cut (the antimeridian, the poles,
/// a day boundary), and one placed by the input.
fn probes(tail: &[u8]) -> Vec<sitmap::event::Event> {
    let n = |i: usize| tail.get(i).copied().unwrap_or(0) as f64;
    let lon = (n(0) * 256.0 + n(1)) / 65535.0 * 360.0 - 180.0;
    let lat = (n(2) * 256.0 + n(3)) / 65535.0 * 180.0 - 90.0;
    let day = (n(4) as i64 * 256 + n(5) as i64) % 36_000;
    let date = chrono::NaiveDate::from_ymd_opt(1920, 1, 1)
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(day)))
        .map(|d| d.to_string())
        .unwrap_or_else(|| "2024-01-01".to_string());
    let fatalities = n(6) as u32 % 50;
    let places = [
        (lon, lat, date.as_str(), fatalities),
        (180.0, 0.0, "2024-01-01", 0),
        (-180.0, 89.9, "2023-12-31", 1),
        (36.29, 33.51, "2024-01-02", 12),
    ];
    let features: Vec<String> = places
        .iter()
        .enumerate()
        .map(|(i, (lon, lat, date, fatalities))| {
            format!(
                r#"{{"type":"Feature","id":"p{i}","geometry":{{"type":"Point","coordinates":[{lon},{lat}]}},
                "properties":{{"event_date":"{date}","event_type":"Battles","country_code":"SY",
                "fatalities":{fatalities},"actor1":"Group A","notes":"probe"}}}}"#
            )
        })
        .collect();
    let body = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    parse_features(body.as_bytes()).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let cut = rest.len().saturating_sub(12);
    let (filter, tail) = rest.split_at(cut);
    let s = String::from_utf8_lossy(filter);
    let parsed = if mode % 2 == 0 {
        cql2::parse(&s)
    } else {
        cql2_json::parse(&s)
    };
    let Ok(f) = parsed else {
        return;
    };
    for e in probes(tail) {
        if !f.matches(&e) {
            continue;
        }
        if let Some(b) = f.bbox {
            assert!(
                b.contains(e.lon, e.lat),
                "lifted bbox excludes a match: {s}"
            );
        }
        assert!(
            f.dates.contains_day(e.day()),
            "lifted dates exclude a match: {s}"
        );
    }
});
