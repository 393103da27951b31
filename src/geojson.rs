//! Typed GeoJSON (RFC 7946) for what sitmap writes and reads: point features with typed
//! properties. The `geojson` crate keeps properties as a `serde_json::Map`, a value tree we do
//! not want on the serving path, so these few serde structs stand in for it.

use serde::{Deserialize, Serialize};

/// A GeoJSON Point, `[lon, lat]` in WGS84.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "Point")]
pub struct Point {
    pub coordinates: [f64; 2],
}

impl Point {
    pub fn new(lon: f64, lat: f64) -> Self {
        Point {
            coordinates: [lon, lat],
        }
    }
}

/// A Feature with an optional point geometry (`null` when the position is unknown).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename = "Feature")]
pub struct Feature<P> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub geometry: Option<Point>,
    pub properties: P,
}

/// A FeatureCollection.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename = "FeatureCollection")]
pub struct FeatureCollection<P> {
    pub features: Vec<Feature<P>>,
}
