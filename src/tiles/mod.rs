//! Mapbox Vector Tiles (MVT 2.1) of the events, straight from the R-tree: the tile grid and
//! Web Mercator projection, clustering at low zoom ([`cluster`]), the encoder ([`encode`])
//! and a cache of rendered tiles ([`cache`]).

pub mod basemap;
pub mod cache;
pub mod cluster;
pub mod encode;

use std::f64::consts::PI;

use crate::index::EventIndex;
use crate::query::{BBox, EventQuery};

/// Tile coordinate units per tile side.
pub const EXTENT: u32 = 4096;
/// Units beyond the tile edge whose points are still written (so symbols at the edge are
/// not cut); only at zooms without clustering, where every point stands alone.
pub const BUFFER: u32 = 64;
/// Highest zoom served; clients over-zoom beyond it.
pub const MAX_ZOOM: u8 = 22;
/// From this zoom up every event is its own point; below it nearby events are clustered.
pub const CLUSTER_MAX_ZOOM: u8 = 12;
/// Web Mercator's latitude limit.
pub const MAX_LAT: f64 = 85.051_128_779_806_59;

/// A tile address in the XYZ scheme (y = 0 at the north).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileId {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

/// Why a tile address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    #[error("{0}: must be a whole number")]
    NotANumber(&'static str),
    #[error("z: must be 0 to {MAX_ZOOM}")]
    Zoom,
    #[error("{axis}: must be below 2^z = {size} at zoom {z}")]
    OutOfGrid {
        axis: &'static str,
        size: u64,
        z: u8,
    },
}

impl TileError {
    /// The path parameter at fault.
    pub fn parameter(&self) -> &'static str {
        match self {
            TileError::NotANumber(p) => p,
            TileError::Zoom => "z",
            TileError::OutOfGrid { axis, .. } => axis,
        }
    }
}

impl TileId {
    /// Parses and checks `z`, `x` and `y` as given in a tile path.
    pub fn parse(z: &str, x: &str, y: &str) -> Result<TileId, TileError> {
        let z: u8 = z.parse().map_err(|_| TileError::NotANumber("z"))?;
        if z > MAX_ZOOM {
            return Err(TileError::Zoom);
        }
        let size = 1u64 << z;
        let coord = |s: &str, axis: &'static str| -> Result<u32, TileError> {
            let v: u64 = s.parse().map_err(|_| TileError::NotANumber(axis))?;
            if v >= size {
                return Err(TileError::OutOfGrid { axis, size, z });
            }
            Ok(v as u32)
        };
        Ok(TileId {
            z,
            x: coord(x, "x")?,
            y: coord(y, "y")?,
        })
    }

    fn size(self) -> f64 {
        f64::from(1u32 << self.z)
    }

    /// Longitude of a world x (in tiles at this zoom).
    fn lon(self, wx: f64) -> f64 {
        wx / self.size() * 360.0 - 180.0
    }

    /// Latitude of a world y (in tiles at this zoom).
    fn lat(self, wy: f64) -> f64 {
        (PI * (1.0 - 2.0 * wy / self.size()))
            .sinh()
            .atan()
            .to_degrees()
    }

    /// The area the tile shows, grown by `margin` tile units on each side, as a query box.
    pub fn bbox(self, margin: u32) -> BBox {
        let m = f64::from(margin) / f64::from(EXTENT);
        let (x0, x1) = (f64::from(self.x) - m, f64::from(self.x) + 1.0 + m);
        let (y0, y1) = (f64::from(self.y) - m, f64::from(self.y) + 1.0 + m);
        let west = self.lon(x0).max(-180.0);
        let east = self.lon(x1).min(180.0);
        // the top and bottom rows reach the poles: events beyond Mercator's limit are drawn
        // at the edge instead of lost
        let north = if self.y == 0 {
            90.0
        } else {
            self.lat(y0).min(90.0)
        };
        let south = if u64::from(self.y) + 1 == 1u64 << self.z {
            -90.0
        } else {
            self.lat(y1).max(-90.0)
        };
        // the edges computed above are always within range; the fallback is never taken
        BBox::new(west, south, east, north).unwrap_or(BBox::WORLD)
    }

    /// Position of a point in tile units (may fall outside 0..EXTENT for buffered points).
    pub fn project(self, lon: f64, lat: f64) -> (f64, f64) {
        self.project_mercator(lon, crate::index::mercator_y(lat))
    }

    /// As [`TileId::project`], from a precomputed [`crate::index::mercator_y`].
    pub fn project_mercator(self, lon: f64, mercator_y: f64) -> (f64, f64) {
        let wx = (lon + 180.0) / 360.0 * self.size();
        let wy = mercator_y * self.size();
        (
            (wx - f64::from(self.x)) * f64::from(EXTENT),
            (wy - f64::from(self.y)) * f64::from(EXTENT),
        )
    }
}

/// Renders the events tile for a query's filters (its bbox is ignored: the tile is the box).
pub fn render_events(index: &EventIndex, filters: &EventQuery, tile: TileId) -> Vec<u8> {
    let clustered = tile.z < CLUSTER_MAX_ZOOM;
    let margin = if clustered { 0 } else { BUFFER };
    let mut query = filters.clone();
    query.bbox = Some(tile.bbox(margin));
    let mut grid = cluster::Grid::default();
    let mut points = Vec::new();
    let limit = f64::from(EXTENT + margin);
    let lower = -f64::from(margin);
    let last_row = u64::from(tile.y) + 1 == 1u64 << tile.z;
    index.visit(&query, |hit| {
        let (px, py) = tile.project_mercator(hit.lon, hit.mercator_y);
        let inside = |v: f64| v >= lower && v < limit;
        // beyond Mercator's limit: drawn on the edge of the top or bottom row
        let py = if tile.y == 0 && py < lower || last_row && py >= limit {
            py.clamp(lower, limit - 1.0)
        } else {
            py
        };
        // the query box is a lon/lat box; the tile is exact in projected units
        if !(inside(px) && inside(py)) {
            return;
        }
        if clustered {
            grid.add(px, py, &hit);
        } else {
            points.push(cluster::TileFeature::Event {
                x: px,
                y: py,
                event: hit.event,
            });
        }
    });
    let features = if clustered { grid.features() } else { points };
    encode::events_tile(&features)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_outside_the_grid_are_refused() {
        assert!(TileId::parse("0", "0", "0").is_ok());
        assert_eq!(
            TileId::parse("1", "2", "0"),
            Err(TileError::OutOfGrid {
                axis: "x",
                size: 2,
                z: 1
            })
        );
        assert_eq!(TileId::parse("23", "0", "0"), Err(TileError::Zoom));
        assert_eq!(
            TileId::parse("a", "0", "0"),
            Err(TileError::NotANumber("z"))
        );
        assert_eq!(
            TileId::parse("3", "-1", "0"),
            Err(TileError::NotANumber("x"))
        );
    }

    #[test]
    fn projection_matches_the_tile_bounds() {
        let t = TileId { z: 5, x: 19, y: 12 };
        let b = t.bbox(0).as_array();
        let (x0, y0) = t.project(b[0], b[3]);
        let (x1, y1) = t.project(b[2], b[1]);
        assert!(x0.abs() < 1e-6 && y0.abs() < 1e-6, "{x0} {y0}");
        assert!(
            (x1 - 4096.0).abs() < 1e-6 && (y1 - 4096.0).abs() < 1e-6,
            "{x1} {y1}"
        );
    }
}
