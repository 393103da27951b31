//! Query strings of the items and tiles endpoints, and tile addresses: any input gives a
//! value or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let _ = sitmap::api::params::items(Some(&s), 100, 10_000);
    let _ = sitmap::query::BBox::parse(&s);
    let _ = sitmap::query::cql2::parse(&s);
    let _ = sitmap::query::cql2_json::parse(&s);
    let _ = sitmap::api::params::export(Some(&s));
    if let Ok(d) = sitmap::query::DateInterval::parse(&s) {
        let _ = d.day_range();
    }
    let mut parts = s.splitn(3, '/');
    let (z, x, y) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    if let Ok(tile) = sitmap::tiles::TileId::parse(z, x, y) {
        let b = tile.bbox(64).as_array();
        let _ = tile.project(b[0], b[1]);
    }
});
