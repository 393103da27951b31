//! Sums of the events per cell of a fine grid, kept beside the index, so that a low-zoom tile
//! with no filter is drawn from a few thousand cell sums instead of a visit of every event it
//! covers (issue 14 item 3: a z0 tile visited all million events).
//!
//! The grid is the tile grid of zoom [`BASE_ZOOM`] in Web Mercator: a cell of a tile at zoom
//! `z ≤ MAX_ZOOM` (16 × 16 cells a tile, see [`crate::tiles::cluster`]) is exactly a square of
//! `2^(MAX_ZOOM - z)` base cells a side, so its count, fatalities, types and mean position are
//! sums over them, the same numbers the direct rendering finds. Sums are kept in step with
//! every write, so the pyramid never needs rebuilding; it is built once, after start-up, with
//! the page order.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{mercator_y, Indexed};
use crate::event::EventType;

/// The deepest zoom answered from the pyramid.
pub const MAX_ZOOM: u8 = 6;
/// The zoom whose tile grid is the base grid: one base cell per clustering cell of a
/// `MAX_ZOOM` tile (16 = 2^4 cells a side).
pub const BASE_ZOOM: u8 = MAX_ZOOM + 4;
const SIDE: f64 = (1u32 << BASE_ZOOM) as f64;

/// What the events of one base cell add up to.
#[derive(Debug, Clone, Default)]
pub struct CellSum {
    pub count: u32,
    /// Sums of the events' x and y in the world square (0..1, Web Mercator, y from the north).
    pub sum_u: f64,
    pub sum_v: f64,
    pub fatalities: u64,
    /// Events per type, in [`EventType::ALL`] order.
    pub by_type: [u32; 6],
    /// The cell's one event, when it has one and it is known (after a removal leaves one
    /// event, it is found again through the R-tree: see [`super::EventIndex::sole_event`]).
    pub sole: Option<Arc<Indexed>>,
}

/// The base cells that hold events.
#[derive(Debug, Default)]
pub struct Pyramid {
    cells: FxHashMap<(u32, u32), CellSum>,
    /// Events south of Mercator's limit. Direct rendering draws them on the bottom edge of
    /// the bottom row's tiles, a position the sums cannot give; while there are any, low-zoom
    /// tiles are rendered directly.
    beyond_south: usize,
}

/// Where an event falls, as the direct rendering places it.
enum Place {
    Cell((u32, u32), f64, f64),
    /// Exactly on the antimeridian's east side (longitude 180): in no tile, drawn nowhere.
    Nowhere,
    BeyondSouth,
}

fn place(event: &Indexed) -> Place {
    // the same expressions as `TileId::project_mercator`: scaling by powers of two is exact,
    // so a base cell's events are exactly those the direct rendering puts in its cell
    let u = (event.lon + 180.0) / 360.0;
    let v = mercator_y(event.lat);
    let (bx, by) = ((u * SIDE).floor(), (v * SIDE).floor());
    if by >= SIDE {
        return Place::BeyondSouth;
    }
    if !(0.0..SIDE).contains(&bx) || by < 0.0 {
        return Place::Nowhere;
    }
    Place::Cell((bx as u32, by as u32), u, v)
}

/// The position of a type in [`EventType::ALL`] (the order of the per-type counts).
pub fn type_index(t: EventType) -> usize {
    EventType::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

impl Pyramid {
    /// The pyramid of these events.
    pub fn build<'a>(events: impl IntoIterator<Item = &'a Arc<Indexed>>) -> Self {
        let mut p = Pyramid::default();
        for e in events {
            p.add(e);
        }
        p
    }

    pub fn add(&mut self, event: &Arc<Indexed>) {
        match place(event) {
            Place::Cell(key, u, v) => {
                let c = self.cells.entry(key).or_default();
                c.sole = (c.count == 0).then(|| event.clone());
                c.count += 1;
                c.sum_u += u;
                c.sum_v += v;
                c.fatalities += u64::from(event.properties.fatalities);
                c.by_type[type_index(event.properties.event_type)] += 1;
            }
            Place::BeyondSouth => self.beyond_south += 1,
            Place::Nowhere => {}
        }
    }

    pub fn remove(&mut self, event: &Arc<Indexed>) {
        match place(event) {
            Place::Cell(key, u, v) => {
                let Some(c) = self.cells.get_mut(&key) else {
                    return;
                };
                if c.count <= 1 {
                    self.cells.remove(&key);
                    return;
                }
                c.count -= 1;
                c.sum_u -= u;
                c.sum_v -= v;
                c.fatalities = c
                    .fatalities
                    .saturating_sub(u64::from(event.properties.fatalities));
                let t = &mut c.by_type[type_index(event.properties.event_type)];
                *t = t.saturating_sub(1);
                // one left: which one is looked up when a tile needs it
                c.sole = None;
            }
            Place::BeyondSouth => self.beyond_south = self.beyond_south.saturating_sub(1),
            Place::Nowhere => {}
        }
    }

    /// Whether tiles of this zoom can be drawn from the sums.
    pub fn answers(&self, z: u8) -> bool {
        z <= MAX_ZOOM && self.beyond_south == 0
    }

    /// The base cells of the tile `z/x/y` (`z ≤ MAX_ZOOM`), each with its cell of the tile's
    /// 16 × 16 clustering grid.
    pub fn cells_of_tile(
        &self,
        z: u8,
        x: u32,
        y: u32,
    ) -> impl Iterator<Item = ((u32, u32), (u32, u32), &CellSum)> + '_ {
        let shift = u32::from(MAX_ZOOM - z.min(MAX_ZOOM));
        let per_tile = 16u32 << shift;
        let (x0, y0) = (x * per_tile, y * per_tile);
        let inside = move |&(bx, by): &(u32, u32)| {
            bx >= x0 && bx < x0 + per_tile && by >= y0 && by < y0 + per_tile
        };
        let grid = move |(bx, by): (u32, u32)| ((bx - x0) >> shift, (by - y0) >> shift);
        // probe each base cell of a small tile; walk the occupied cells for a large one
        let probe = u64::from(per_tile) * u64::from(per_tile) <= self.cells.len() as u64;
        let probed = probe.then(move || {
            (y0..y0 + per_tile).flat_map(move |by| {
                (x0..x0 + per_tile).filter_map(move |bx| {
                    self.cells
                        .get_key_value(&(bx, by))
                        .map(|(k, c)| (*k, grid(*k), c))
                })
            })
        });
        let walked = (!probe).then(move || {
            self.cells
                .iter()
                .filter(move |(k, _)| inside(k))
                .map(move |(k, c)| (*k, grid(*k), c))
        });
        probed
            .into_iter()
            .flatten()
            .chain(walked.into_iter().flatten())
    }

    /// The base cell an event falls in, if any.
    pub fn cell_of(event: &Indexed) -> Option<(u32, u32)> {
        match place(event) {
            Place::Cell(key, ..) => Some(key),
            _ => None,
        }
    }
}
