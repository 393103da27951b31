//! Writing an events tile as MVT 2.1: one layer, `events`, of points.
//!
//! Written by hand instead of with the `mvt` crate the basemap uses: that crate finds the
//! index of a tag value by a linear search through every value of the layer, so a tile of n
//! distinct events costs O(n²), and a city tile at zoom 12 holds thousands of events (on 1M
//! events, z12 tiles went from about 200 to over 2,000 per second with this writer). Here
//! values are indexed through a hash map, and the few messages of `vector_tile.proto` that a
//! point layer needs are written directly as protobuf.

use std::fmt::Write;

use rustc_hash::FxHashMap;

use super::cluster::TileFeature;
use super::EXTENT;

/// Layer name of the events tiles.
pub const LAYER: &str = "events";
/// Longest `notes` written into a tile, in bytes (the full text is one items request away).
pub const NOTES_IN_TILE: usize = 400;

/// The fields of the `events` layer: name, type (as TileJSON's `fields` and GDAL's MVT
/// driver spell it: `String`, `Number`, `Boolean`) and what it holds.
pub const FIELDS: &[(&str, &str, &str)] = &[
    ("id", "String", "event id (single events)"),
    ("cluster", "Boolean", "true for a cluster of events"),
    (
        "point_count",
        "Number",
        "events in the feature (1 for a single event)",
    ),
    ("fatalities", "Number", "fatalities (sum over a cluster)"),
    (
        "event_type",
        "String",
        "ACLED event type (the most common one in a cluster)",
    ),
    ("sub_event_type", "String", "ACLED sub-event type"),
    ("event_date", "String", "YYYY-MM-DD"),
    ("actor1", "String", "the side that acts"),
    ("actor2", "String", "the other side"),
    ("location", "String", "place name"),
    ("country_code", "String", "ISO 3166-1 alpha-2"),
    (
        "geo_precision",
        "Number",
        "1 the place, 2 near it, 3 province",
    ),
    ("source", "String", "who reported it"),
    ("notes", "String", "the first 400 bytes of the notes"),
];

fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The layer's keys, numbered as in [`FIELDS`]: every tile lists all of them, so a key's
/// index is a constant and never looked up.
#[derive(Clone, Copy)]
enum Key {
    Id,
    Cluster,
    PointCount,
    Fatalities,
    EventType,
    SubEventType,
    EventDate,
    Actor1,
    Actor2,
    Location,
    CountryCode,
    GeoPrecision,
    Source,
    Notes,
}

/// A tag value, borrowed from the events; dates are written out only once per tile.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Value<'a> {
    Str(&'a str),
    Date(chrono::NaiveDate),
    Uint(u64),
    Bool(bool),
}

/// Protobuf wire types used here.
const VARINT: u32 = 0;
const LEN: u32 = 2;

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Bytes a varint takes.
fn varint_len(v: u64) -> usize {
    (64 - v.max(1).leading_zeros() as usize).div_ceil(7)
}

fn put_key(out: &mut Vec<u8>, field: u32, wire: u32) {
    put_varint(out, u64::from(field << 3 | wire));
}

fn put_bytes(out: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    put_key(out, field, LEN);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn put_uint(out: &mut Vec<u8>, field: u32, v: u64) {
    put_key(out, field, VARINT);
    put_varint(out, v);
}

fn zigzag(v: i32) -> u32 {
    ((v << 1) ^ (v >> 31)) as u32
}

/// The `events` layer being written: its features so far and its values, each with its
/// index.
struct LayerWriter<'a> {
    features: Vec<u8>,
    values: Vec<Value<'a>>,
    value_index: FxHashMap<Value<'a>, u32>,
    /// Per key, the last value written and its index: neighbouring events of a tile often
    /// share a place, a date or actors, and a comparison is cheaper than a hash.
    last: [Option<(Value<'a>, u32)>; FIELDS.len()],
    tags: Vec<u32>,
    packed: Vec<u8>,
    scratch: Vec<u8>,
}

impl<'a> LayerWriter<'a> {
    fn new() -> Self {
        LayerWriter {
            features: Vec::new(),
            values: Vec::new(),
            value_index: FxHashMap::default(),
            last: [None; FIELDS.len()],
            tags: Vec::with_capacity(2 * FIELDS.len()),
            packed: Vec::new(),
            scratch: Vec::new(),
        }
    }

    fn tag(&mut self, key: Key, value: Value<'a>) {
        let k = key as usize;
        let v = match self.last[k] {
            Some((last, v)) if last == value => v,
            _ => {
                let v = match self.value_index.get(&value) {
                    Some(v) => *v,
                    None => {
                        let v = self.values.len() as u32;
                        self.values.push(value);
                        self.value_index.insert(value, v);
                        v
                    }
                };
                self.last[k] = Some((value, v));
                v
            }
        };
        self.tags.extend([k as u32, v]);
    }

    /// Adds a value that no other feature shares (an id, a note) without looking it up:
    /// MVT allows repeated values, and hashing long unique strings was most of the cost.
    fn unique(&mut self, key: Key, s: &'a str) {
        self.values.push(Value::Str(s));
        self.tags
            .extend([key as u32, (self.values.len() - 1) as u32]);
    }

    /// Ends the feature whose tags were added since the last one: a point at (x, y).
    fn finish_point(&mut self, x: i32, y: i32) {
        let (f, packed) = (&mut self.scratch, &mut self.packed);
        f.clear();
        packed.clear();
        for t in &self.tags {
            put_varint(packed, u64::from(*t));
        }
        put_bytes(f, 2, packed); // tags
        put_uint(f, 3, 1); // type: POINT
        packed.clear();
        // MoveTo (command 1) once, then the point relative to the cursor at (0, 0)
        for v in [9, zigzag(x), zigzag(y)] {
            put_varint(packed, u64::from(v));
        }
        put_bytes(f, 4, packed); // geometry
        put_bytes(&mut self.features, 2, f);
        self.tags.clear();
    }

    /// The tile: its one layer, written once into a buffer of the exact size (tiles run to
    /// megabytes at zoom 12, and each extra copy showed in profiles).
    fn finish(self) -> Vec<u8> {
        let mut head = Vec::with_capacity(64);
        put_uint(&mut head, 15, 2); // version
        put_bytes(&mut head, 1, LAYER.as_bytes()); // name
        let mut tail = Vec::with_capacity(32 * self.values.len() + 256);
        for (k, _, _) in FIELDS {
            put_bytes(&mut tail, 3, k.as_bytes());
        }
        let mut date = String::new();
        for v in &self.values {
            // a Value message holding one field: written in place, its length known ahead
            let string = |tail: &mut Vec<u8>, s: &[u8]| {
                put_key(tail, 4, LEN);
                put_varint(tail, (1 + varint_len(s.len() as u64) + s.len()) as u64);
                put_bytes(tail, 1, s);
            };
            let number = |tail: &mut Vec<u8>, field: u32, n: u64| {
                put_key(tail, 4, LEN);
                put_varint(tail, (1 + varint_len(n)) as u64);
                put_uint(tail, field, n);
            };
            match v {
                Value::Str(s) => string(&mut tail, s.as_bytes()),
                Value::Date(d) => {
                    date.clear();
                    // writing to a String cannot fail
                    let _ = write!(date, "{d}");
                    string(&mut tail, date.as_bytes());
                }
                Value::Uint(n) => number(&mut tail, 5, *n),
                Value::Bool(b) => number(&mut tail, 7, u64::from(*b)),
            }
        }
        put_uint(&mut tail, 5, u64::from(EXTENT));
        let layer_len = head.len() + self.features.len() + tail.len();
        let mut tile = Vec::with_capacity(layer_len + 12);
        put_key(&mut tile, 3, LEN); // Tile.layers
        put_varint(&mut tile, layer_len as u64);
        tile.extend_from_slice(&head);
        tile.extend_from_slice(&self.features);
        tile.extend_from_slice(&tail);
        tile
    }
}

/// Encodes the features; a tile with none is a valid empty tile.
pub fn events_tile(features: &[TileFeature<'_>]) -> Vec<u8> {
    let mut layer = LayerWriter::new();
    for f in features {
        let (x, y) = match f {
            TileFeature::Event { x, y, .. } | TileFeature::Cluster { x, y, .. } => (*x, *y),
        };
        if !(x.is_finite() && y.is_finite()) {
            continue; // projection yields none; a NaN must not reach the tile
        }
        match f {
            TileFeature::Event { event, .. } => {
                let p = &event.properties;
                layer.unique(Key::Id, &event.id);
                layer.tag(Key::Cluster, Value::Bool(false));
                layer.tag(Key::PointCount, Value::Uint(1));
                layer.tag(Key::Fatalities, Value::Uint(u64::from(p.fatalities)));
                layer.tag(Key::EventType, Value::Str(p.event_type.as_str()));
                layer.tag(Key::SubEventType, Value::Str(&p.sub_event_type));
                layer.tag(Key::EventDate, Value::Date(p.event_date));
                layer.tag(Key::Actor1, Value::Str(&p.actor1));
                layer.tag(Key::Actor2, Value::Str(&p.actor2));
                layer.tag(Key::Location, Value::Str(&p.location));
                layer.tag(Key::CountryCode, Value::Str(&p.country_code));
                layer.tag(Key::GeoPrecision, Value::Uint(u64::from(p.geo_precision)));
                layer.tag(Key::Source, Value::Str(&p.source));
                layer.unique(Key::Notes, cut(&p.notes, NOTES_IN_TILE));
            }
            TileFeature::Cluster {
                count,
                fatalities,
                event_type,
                ..
            } => {
                layer.tag(Key::Cluster, Value::Bool(true));
                layer.tag(Key::PointCount, Value::Uint(u64::from(*count)));
                layer.tag(Key::Fatalities, Value::Uint(*fatalities));
                layer.tag(Key::EventType, Value::Str(event_type));
            }
        }
        // tile units fit an i32 many times over: positions lie within the tile and its buffer
        layer.finish_point(x.round() as i32, y.round() as i32);
    }
    layer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_numbers_follow_the_declared_fields() {
        let keys = [
            (Key::Id, "id"),
            (Key::Cluster, "cluster"),
            (Key::PointCount, "point_count"),
            (Key::Fatalities, "fatalities"),
            (Key::EventType, "event_type"),
            (Key::SubEventType, "sub_event_type"),
            (Key::EventDate, "event_date"),
            (Key::Actor1, "actor1"),
            (Key::Actor2, "actor2"),
            (Key::Location, "location"),
            (Key::CountryCode, "country_code"),
            (Key::GeoPrecision, "geo_precision"),
            (Key::Source, "source"),
            (Key::Notes, "notes"),
        ];
        assert_eq!(keys.len(), FIELDS.len());
        for (key, name) in keys {
            assert_eq!(FIELDS[key as usize].0, name);
        }
    }

    #[test]
    fn varints_and_zigzag_follow_the_protobuf_encoding() {
        let mut out = Vec::new();
        put_varint(&mut out, 300);
        assert_eq!(out, [0xac, 0x02]);
        for v in [0, 1, 127, 128, 300, 16_383, 16_384, u64::MAX] {
            out.clear();
            put_varint(&mut out, v);
            assert_eq!(varint_len(v), out.len(), "{v}");
        }
        assert_eq!(zigzag(0), 0);
        assert_eq!(zigzag(-1), 1);
        assert_eq!(zigzag(1), 2);
        assert_eq!(zigzag(-64), 127);
    }
}
