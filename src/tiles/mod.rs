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
    if filters.dates.is_unbounded() && !filters.has_attribute_filters() {
        if let Some(pyramid) = index.pyramid().filter(|p| p.answers(tile.z)) {
            return encode::events_tile(&from_pyramid(index, pyramid, tile));
        }
    }
    encode::events_tile(&visit_events(index, filters, tile))
}

/// The features of a tile from a visit of every matching event in it.
fn visit_events<'a>(
    index: &'a EventIndex,
    filters: &EventQuery,
    tile: TileId,
) -> Vec<cluster::TileFeature<'a>> {
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
    if clustered {
        grid.features()
    } else {
        points
    }
}

/// The features of an unfiltered low-zoom tile from the pyramid's cell sums: the same
/// clusters as the direct rendering (positions equal up to rounding in the last bits of the
/// sums), in the same order, without visiting the events.
fn from_pyramid<'a>(
    index: &'a EventIndex,
    pyramid: &'a crate::index::pyramid::Pyramid,
    tile: TileId,
) -> Vec<cluster::TileFeature<'a>> {
    use crate::index::Indexed;
    use std::sync::Arc;
    type BaseCell = (u32, u32);
    #[derive(Default, Clone, Copy)]
    struct Sums<'a> {
        count: u32,
        sum_u: f64,
        sum_v: f64,
        fatalities: u64,
        by_type: [u32; 6],
        /// A base cell of one event in this cell, and that event if the pyramid knows it
        /// (used when it is the cell's only event).
        single: Option<(BaseCell, Option<&'a Arc<Indexed>>)>,
    }
    let side = cluster::CELLS as usize;
    let mut cells = vec![Sums::default(); side * side];
    for (key, (cx, cy), sum) in pyramid.cells_of_tile(tile.z, tile.x, tile.y) {
        let c = &mut cells[cy as usize * side + cx as usize];
        c.count += sum.count;
        c.sum_u += sum.sum_u;
        c.sum_v += sum.sum_v;
        c.fatalities += sum.fatalities;
        for (total, n) in c.by_type.iter_mut().zip(sum.by_type) {
            *total += n;
        }
        if sum.count == 1 {
            c.single = Some((key, sum.sole.as_ref()));
        }
    }
    let size = tile.size();
    let extent = f64::from(EXTENT);
    cells
        .into_iter()
        .filter(|c| c.count > 0)
        .filter_map(|c| {
            if c.count == 1 {
                let (key, known) = c.single?;
                let indexed = match known {
                    Some(e) => e,
                    None => index.sole_event(key)?,
                };
                let event: &crate::event::Event = indexed;
                let (x, y) = tile.project(event.lon, event.lat);
                return Some(cluster::TileFeature::Event { x, y, event });
            }
            // sums of world positions → sums of positions in tile units
            let n = f64::from(c.count);
            let sum_x = (c.sum_u * size - n * f64::from(tile.x)) * extent;
            let sum_y = (c.sum_v * size - n * f64::from(tile.y)) * extent;
            Some(cluster::cluster(
                c.count,
                (sum_x, sum_y),
                c.fatalities,
                &c.by_type,
            ))
        })
        .collect()
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

    use crate::event::Event;
    use crate::tiles::cluster::TileFeature;

    /// What a feature shows, and where (in tile units).
    fn shown(features: &[TileFeature]) -> Vec<(String, f64, f64)> {
        features
            .iter()
            .map(|f| match f {
                TileFeature::Event { x, y, event } => (format!("event {}", event.id), *x, *y),
                TileFeature::Cluster {
                    x,
                    y,
                    count,
                    fatalities,
                    event_type,
                } => (format!("{count} × {event_type}, {fatalities} dead"), *x, *y),
            })
            .collect()
    }

    /// The same features in the same order, at the same places but for rounding in the last
    /// bits of the sums (a millionth of a tile unit; the encoder rounds to whole units).
    fn assert_same(summed: &[(String, f64, f64)], direct: &[(String, f64, f64)], tile: TileId) {
        let what = |v: &[(String, f64, f64)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(what(summed), what(direct), "tile {tile:?}");
        for (a, b) in summed.iter().zip(direct) {
            assert!(
                (a.1 - b.1).abs() < 1e-6 && (a.2 - b.2).abs() < 1e-6,
                "tile {tile:?}: {a:?} against {b:?}"
            );
        }
    }

    /// Every tile of zooms 0–6 that holds events, from the pyramid and from a visit of the
    /// events, after the same writes: the same features in the same order.
    fn assert_pyramid_matches_visits(index: &EventIndex, events: &[Event]) {
        let pyramid = index.pyramid().expect("built");
        let world = EventQuery::default();
        for z in 0..=crate::index::pyramid::MAX_ZOOM {
            assert!(pyramid.answers(z));
            let mut tiles: Vec<TileId> = events
                .iter()
                .filter(|e| e.lon < 180.0)
                .map(|e| {
                    let probe = TileId { z, x: 0, y: 0 };
                    let (px, py) = probe.project(e.lon, e.lat);
                    let n = 1u32 << z;
                    TileId {
                        z,
                        x: ((px / f64::from(EXTENT)) as u32).min(n - 1),
                        y: ((py / f64::from(EXTENT)) as u32).min(n - 1),
                    }
                })
                .collect();
            tiles.sort_by_key(|t| (t.x, t.y));
            tiles.dedup();
            for tile in tiles {
                let direct = shown(&visit_events(index, &world, tile));
                let summed = shown(&from_pyramid(index, pyramid, tile));
                assert!(!direct.is_empty());
                assert_same(&summed, &direct, tile);
            }
        }
    }

    fn events(n: usize, seed: u64) -> Vec<Event> {
        let mut rng = fastrand::Rng::with_seed(seed);
        crate::demo::synthetic(n)
            .into_iter()
            .enumerate()
            .map(|(i, mut e)| {
                // spread over the world, with some on the same spot (cells of one event and
                // of several) and some on the antimeridian and beyond Mercator's north limit
                match i % 10 {
                    0 => (e.lon, e.lat) = (180.0, rng.f64() * 60.0),
                    1 => (e.lon, e.lat) = (-180.0, 86.0 + rng.f64() * 4.0),
                    2 | 3 => (e.lon, e.lat) = (12.5, 41.9),
                    _ => (e.lon, e.lat) = (rng.f64() * 359.0 - 179.5, rng.f64() * 160.0 - 80.0),
                }
                e
            })
            .collect()
    }

    #[test]
    fn low_zoom_tiles_from_the_pyramid_equal_the_visited_ones() {
        let mut evs = events(3000, 1);
        let mut index = EventIndex::new(evs.clone());
        assert_pyramid_matches_visits(&index, &evs);
        // writes after it is built: moves, removals (leaving cells of one event the pyramid
        // must find again) and new events
        let mut rng = fastrand::Rng::with_seed(2);
        for i in 0..600 {
            let k = rng.usize(..evs.len());
            match i % 3 {
                0 => {
                    let gone = evs.swap_remove(k);
                    assert!(index.remove(&gone.id).is_some());
                }
                1 => {
                    evs[k].lon = rng.f64() * 40.0;
                    evs[k].properties.fatalities = rng.u32(0..50);
                    index.upsert(evs[k].clone());
                }
                _ => {
                    let mut e = evs[k].clone();
                    e.id = format!("new-{i}");
                    e.lat = -rng.f64() * 60.0;
                    index.upsert(e.clone());
                    evs.push(e);
                }
            }
        }
        assert_pyramid_matches_visits(&index, &evs);
    }

    #[test]
    fn writes_made_while_the_pyramid_is_built_are_in_it() {
        let mut evs = events(2000, 3);
        let mut index = EventIndex::without_order(evs.clone());
        let snapshot = index.begin_order();
        for i in 0..300 {
            if i % 2 == 0 {
                let gone = evs.swap_remove(i);
                index.remove(&gone.id);
            } else {
                evs[i].lon = (evs[i].lon + 1.0).min(179.0);
                index.upsert(evs[i].clone());
            }
        }
        index.install_order(EventIndex::build_order(snapshot));
        assert_pyramid_matches_visits(&index, &evs);
    }

    #[test]
    fn events_near_the_poles_are_drawn_where_visits_draw_them() {
        let mut evs = events(200, 4);
        evs[5].lat = -89.0;
        evs[6].lat = -85.06;
        evs[7].lat = 90.0;
        let index = EventIndex::new(evs.clone());
        assert_pyramid_matches_visits(&index, &evs);
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
