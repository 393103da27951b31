//! Clustering of the events in a tile at low zoom.
//!
//! Supercluster groups points greedily within a pixel radius over a precomputed hierarchy.
//! Here the grouping is by a fixed grid of cells aligned with the tile grid, computed per
//! tile for the filters in use: a cell of one zoom is exactly four cells of the next, so
//! clusters nest across zooms like supercluster's, every event of the tile lands in exactly
//! one feature (the counts of a tile add up to its matching events), and no precomputed
//! hierarchy has to be rebuilt when a write or a filter changes the set.

use rustc_hash::FxHashMap;

use crate::event::Event;

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

/// Groups projected events by grid cell: a cell holding one event gives that event, a cell
/// holding more gives a cluster.
pub fn grid(items: Vec<Placed<'_>>) -> Vec<TileFeature<'_>> {
    let cell_size = f64::from(super::EXTENT / CELLS);
    let mut cells: FxHashMap<(u32, u32), Vec<Placed<'_>>> = FxHashMap::default();
    for (x, y, e) in items {
        let cx = (x / cell_size).floor().clamp(0.0, f64::from(CELLS - 1)) as u32;
        let cy = (y / cell_size).floor().clamp(0.0, f64::from(CELLS - 1)) as u32;
        cells.entry((cx, cy)).or_default().push((x, y, e));
    }
    let mut keys: Vec<(u32, u32)> = cells.keys().copied().collect();
    keys.sort_unstable();
    keys.into_iter()
        .filter_map(|k| cells.remove(&k))
        .map(|members| {
            if let [(x, y, event)] = members[..] {
                return TileFeature::Event { x, y, event };
            }
            let n = members.len() as f64;
            let mut by_type = [0u32; 6];
            for (_, _, e) in &members {
                let i = crate::event::EventType::ALL
                    .iter()
                    .position(|t| *t == e.properties.event_type)
                    .unwrap_or(0);
                by_type[i] += 1;
            }
            let top = (0..6).max_by_key(|&i| (by_type[i], 6 - i)).unwrap_or(0);
            TileFeature::Cluster {
                x: members.iter().map(|m| m.0).sum::<f64>() / n,
                y: members.iter().map(|m| m.1).sum::<f64>() / n,
                count: members.len() as u32,
                fatalities: members
                    .iter()
                    .map(|m| u64::from(m.2.properties.fatalities))
                    .sum(),
                event_type: crate::event::EventType::ALL[top].as_str(),
            }
        })
        .collect()
}
