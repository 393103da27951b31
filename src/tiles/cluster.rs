//! Clustering of the events in a tile at low zoom.
//!
//! Supercluster groups points greedily within a pixel radius over a precomputed hierarchy.
//! Here the grouping is by a fixed grid of cells aligned with the tile grid, computed per
//! tile for the filters in use: a cell of one zoom is exactly four cells of the next, so
//! clusters nest across zooms like supercluster's, every event of the tile lands in exactly
//! one feature (the counts of a tile add up to its matching events), and no precomputed
//! hierarchy has to be rebuilt when a write or a filter changes the set.

use crate::event::{Event, EventType};
use crate::index::pyramid::type_index;

/// Cells per tile side: 16 cells of 256 units (32 pixels of a 512-pixel tile).
pub const CELLS: u32 = 16;

/// A feature of an events tile.
pub enum TileFeature<'a> {
    /// One event, drawn with its properties.
    Event { x: f64, y: f64, event: &'a Event },
    /// Several events of one grid cell, drawn at their mean position.
    Cluster {
        x: f64,
        y: f64,
        count: u32,
        fatalities: u64,
        /// The event type most of its events have.
        event_type: &'static str,
    },
}

/// An event with its position in tile units.
pub type Placed<'a> = (f64, f64, &'a Event);

/// What one grid cell has gathered so far.
#[derive(Clone, Copy, Default)]
struct Cell<'a> {
    count: u32,
    sum_x: f64,
    sum_y: f64,
    fatalities: u64,
    by_type: [u32; 6],
    first: Option<Placed<'a>>,
}

/// Gathers events into the grid cells of one tile, one event at a time (no allocation per
/// event: the render path of low-zoom tiles visits hundreds of thousands).
pub struct Grid<'a> {
    cells: Vec<Cell<'a>>,
}

impl Default for Grid<'_> {
    fn default() -> Self {
        Grid {
            cells: vec![Cell::default(); (CELLS * CELLS) as usize],
        }
    }
}

impl<'a> Grid<'a> {
    /// Adds an event at `(x, y)` in tile units (inside the tile). Reads the event itself
    /// only for the first of a cell.
    pub fn add(&mut self, x: f64, y: f64, hit: &crate::index::Hit<'a>) {
        let cell_size = f64::from(super::EXTENT / CELLS);
        let cx = (x / cell_size).floor().clamp(0.0, f64::from(CELLS - 1)) as usize;
        let cy = (y / cell_size).floor().clamp(0.0, f64::from(CELLS - 1)) as usize;
        let c = &mut self.cells[cy * CELLS as usize + cx];
        c.count += 1;
        c.sum_x += x;
        c.sum_y += y;
        c.fatalities += u64::from(hit.fatalities);
        c.by_type[type_index(hit.event_type)] += 1;
        if c.first.is_none() {
            c.first = Some((x, y, hit.event));
        }
    }

    /// The tile's features: one per non-empty cell.
    pub fn features(self) -> Vec<TileFeature<'a>> {
        self.cells
            .into_iter()
            .filter(|c| c.count > 0)
            .filter_map(|c| {
                if c.count == 1 {
                    let (x, y, event) = c.first?;
                    return Some(TileFeature::Event { x, y, event });
                }
                Some(cluster(
                    c.count,
                    (c.sum_x, c.sum_y),
                    c.fatalities,
                    &c.by_type,
                ))
            })
            .collect()
    }
}

/// The feature of a cell of `count` (≥ 2) events: at their mean position (from the sums of
/// their positions in tile units), with their summed fatalities and the type most of them
/// have (the first in [`EventType::ALL`] order on a tie).
pub fn cluster<'a>(
    count: u32,
    (sum_x, sum_y): (f64, f64),
    fatalities: u64,
    by_type: &[u32; 6],
) -> TileFeature<'a> {
    let n = f64::from(count);
    let top = (0..6).max_by_key(|&i| (by_type[i], 6 - i)).unwrap_or(0);
    TileFeature::Cluster {
        x: sum_x / n,
        y: sum_y / n,
        count,
        fatalities,
        event_type: EventType::ALL[top].as_str(),
    }
}
