//! Writing an events tile as MVT 2.1 with the `mvt` crate: one layer, `events`, of points.

use mvt::{GeomEncoder, GeomType, Tile};

use super::cluster::TileFeature;
use super::EXTENT;

/// Layer name of the events tiles.
pub const LAYER: &str = "events";
/// Longest `notes` written into a tile, in bytes (the full text is one items request away).
pub const NOTES_IN_TILE: usize = 400;

/// The fields of the `events` layer and their types, as TileJSON declares them.
pub const FIELDS: &[(&str, &str)] = &[
    ("id", "String: event id (single events)"),
    ("cluster", "Boolean: true for a cluster of events"),
    (
        "point_count",
        "Number: events in the feature (1 for a single event)",
    ),
    ("fatalities", "Number: fatalities (sum over a cluster)"),
    (
        "event_type",
        "String: ACLED event type (the most common one in a cluster)",
    ),
    ("sub_event_type", "String"),
    ("event_date", "String: YYYY-MM-DD"),
    ("actor1", "String"),
    ("actor2", "String"),
    ("location", "String"),
    ("country_code", "String"),
    ("geo_precision", "Number"),
    ("source", "String"),
    ("notes", "String: the first 400 bytes of the notes"),
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

/// Encodes the features; a tile with none is a valid empty tile.
pub fn events_tile(features: &[TileFeature<'_>]) -> Vec<u8> {
    let mut tile = Tile::new(EXTENT);
    let mut layer = tile.create_layer(LAYER);
    for f in features {
        let (x, y) = match f {
            TileFeature::Event { x, y, .. } | TileFeature::Cluster { x, y, .. } => (*x, *y),
        };
        let Ok(geom) = GeomEncoder::new(GeomType::Point)
            .point(x.round(), y.round())
            .and_then(|g| g.encode())
        else {
            continue; // only a non-finite position fails, and projection yields none
        };
        let mut feature = layer.into_feature(geom);
        match f {
            TileFeature::Event { event, .. } => {
                let p = &event.properties;
                feature.add_tag_string("id", &event.id);
                feature.add_tag_bool("cluster", false);
                feature.add_tag_uint("point_count", 1);
                feature.add_tag_uint("fatalities", u64::from(p.fatalities));
                feature.add_tag_string("event_type", p.event_type.as_str());
                feature.add_tag_string("sub_event_type", &p.sub_event_type);
                feature.add_tag_string("event_date", &p.event_date.to_string());
                feature.add_tag_string("actor1", &p.actor1);
                feature.add_tag_string("actor2", &p.actor2);
                feature.add_tag_string("location", &p.location);
                feature.add_tag_string("country_code", &p.country_code);
                feature.add_tag_uint("geo_precision", u64::from(p.geo_precision));
                feature.add_tag_string("source", &p.source);
                feature.add_tag_string("notes", cut(&p.notes, NOTES_IN_TILE));
            }
            TileFeature::Cluster {
                count,
                fatalities,
                event_type,
                ..
            } => {
                feature.add_tag_bool("cluster", true);
                feature.add_tag_uint("point_count", u64::from(*count));
                feature.add_tag_uint("fatalities", *fatalities);
                feature.add_tag_string("event_type", event_type);
            }
        }
        layer = feature.into_layer();
    }
    if tile.add_layer(layer).is_err() {
        return Vec::new();
    }
    tile.to_bytes().unwrap_or_default()
}
