//! The in-memory index of events: an R-tree over (longitude, latitude, day), bulk-loaded at
//! start and kept in step with every write, plus a map by id.
//!
//! A bbox + date-interval query is one envelope search in three dimensions, so it touches
//! only the entries inside both; the attribute filters are applied to those.
//!
//! Each indexed event also keeps its GeoJSON Feature text once it has been served
//! ([`Indexed::feature_json`]): a page of a thousand features is then a copy of cached bytes
//! instead of a thousand serialisations. The cache lives and dies with the entry, so an update
//! (a new entry) can never serve stale text; it costs about 0.5 KB per event served.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rstar::{RStarInsertionStrategy, RTree, RTreeObject, RTreeParams, AABB};

/// Wider nodes than rstar's default (6): scans over many points, as low-zoom tiles and big
/// pages do, walk fewer nodes.
struct WideNodes;

impl RTreeParams for WideNodes {
    const MIN_SIZE: usize = 8;
    const MAX_SIZE: usize = 24;
    const REINSERTION_COUNT: usize = 6;
    type DefaultInsertionStrategy = RStarInsertionStrategy;
}
use serde::Serialize;
use serde_json::value::RawValue;

use crate::event::Event;
use crate::query::EventQuery;

/// An event as the index holds it: the event and, once served, its Feature JSON.
#[derive(Debug)]
pub struct Indexed {
    event: Event,
    json: OnceLock<Box<RawValue>>,
}

impl Indexed {
    fn new(event: Event) -> Self {
        Indexed {
            event,
            json: OnceLock::new(),
        }
    }

    /// The event as a GeoJSON Feature, serialised on first use and kept.
    /// The event's entity tag: a hash of its Feature JSON, quoted as HTTP wants it.
    pub fn etag(&self) -> String {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        h.write(self.feature_json().get().as_bytes());
        format!("\"{:016x}\"", h.finish())
    }

    pub fn feature_json(&self) -> &RawValue {
        self.json.get_or_init(|| {
            let text = serde_json::to_string(&self.event).unwrap_or_else(|_| "null".into());
            RawValue::from_string(text).unwrap_or_else(|_| {
                // to_string always yields valid JSON; this branch is unreachable in practice
                RawValue::from_string("null".into()).expect("literal null is JSON")
            })
        })
    }
}

impl std::ops::Deref for Indexed {
    type Target = Event;
    fn deref(&self) -> &Event {
        &self.event
    }
}

/// Serialises as the event's Feature, from the cache.
impl Serialize for Indexed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.feature_json().serialize(s)
    }
}

/// One event in the tree: its position in (lon, lat, day) space and the shared event.
#[derive(Debug, Clone)]
struct Entry {
    pos: [f64; 3],
    /// Copied from the event so that clustering a tile of many events reads only the tree's
    /// own memory, not every event's.
    fatalities: u32,
    event_type: crate::event::EventType,
    /// Web Mercator y in 0..1 (0 at the north edge), computed once for tile rendering.
    mercator_y: f64,
    event: Arc<Indexed>,
}

/// Web Mercator y of a latitude, in 0..1 from north to south (clamped at ±85.0511°).
pub fn mercator_y(lat: f64) -> f64 {
    let lat = lat
        .clamp(-85.051_128_779_806_59, 85.051_128_779_806_59)
        .to_radians();
    (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0
}

impl Entry {
    fn new(event: Arc<Indexed>) -> Self {
        Entry {
            pos: [event.lon, event.lat, f64::from(event.day())],
            fatalities: event.properties.fatalities,
            event_type: event.properties.event_type,
            mercator_y: mercator_y(event.lat),
            event,
        }
    }
}

/// An event as [`EventIndex::visit`] hands it over: the fields tiles need without touching
/// the event itself, and the event.
pub struct Hit<'a> {
    pub lon: f64,
    pub lat: f64,
    /// See [`mercator_y`].
    pub mercator_y: f64,
    pub fatalities: u32,
    pub event_type: crate::event::EventType,
    pub event: &'a Event,
}

impl RTreeObject for Entry {
    type Envelope = AABB<[f64; 3]>;

    fn envelope(&self) -> Self::Envelope {
        AABB::from_point(self.pos)
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.pos == other.pos && self.event.id == other.event.id
    }
}

/// The spatial and temporal extent of the indexed events.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// `[minlon, minlat, maxlon, maxlat]`
    pub bbox: [f64; 4],
    /// First and last event date.
    pub dates: (chrono::NaiveDate, chrono::NaiveDate),
}

/// One page of a query's answer.
#[derive(Debug, Clone)]
pub struct Page {
    /// How many events match in all.
    pub matched: usize,
    /// The events of this page, newest first, ties by id.
    pub events: Vec<Arc<Indexed>>,
}

/// The index. Not synchronised: the server wraps it in a lock.
#[derive(Debug, Default)]
pub struct EventIndex {
    tree: RTree<Entry, WideNodes>,
    by_id: HashMap<String, Arc<Indexed>>,
}

impl EventIndex {
    /// Bulk-loads the index (much faster than inserting one by one). Later events replace
    /// earlier ones with the same id.
    pub fn new(events: Vec<Event>) -> Self {
        let arcs: Vec<Arc<Indexed>> = events
            .into_iter()
            .map(|e| Arc::new(Indexed::new(e)))
            .collect();
        // the tree and the id map are independent: build them on two threads
        let (tree, by_id) = std::thread::scope(|s| {
            let tree = s.spawn(|| {
                RTree::bulk_load_with_params(arcs.iter().cloned().map(Entry::new).collect())
            });
            let by_id: HashMap<String, Arc<Indexed>> =
                arcs.iter().map(|e| (e.id.clone(), e.clone())).collect();
            (tree.join(), by_id)
        });
        let mut tree = match tree {
            Ok(t) => t,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        if by_id.len() < arcs.len() {
            // repeated ids (the store never has them): the map kept the last; so must the tree
            tree = RTree::bulk_load_with_params(by_id.values().cloned().map(Entry::new).collect());
        }
        EventIndex { tree, by_id }
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<Arc<Indexed>> {
        self.by_id.get(id).cloned()
    }

    /// Inserts an event, replacing the one with the same id (and its old position).
    pub fn upsert(&mut self, event: Event) {
        let event = Arc::new(Indexed::new(event));
        if let Some(old) = self.by_id.insert(event.id.clone(), event.clone()) {
            self.tree.remove(&Entry::new(old));
        }
        self.tree.insert(Entry::new(event));
    }

    /// Removes an event; returns it when it was there.
    pub fn remove(&mut self, id: &str) -> Option<Arc<Indexed>> {
        let old = self.by_id.remove(id)?;
        self.tree.remove(&Entry::new(old.clone()));
        Some(old)
    }

    /// The extent of all events, or `None` when there are none.
    pub fn extent(&self) -> Option<Extent> {
        let mut it = self.by_id.values();
        let first = it.next()?;
        let mut bbox = [first.lon, first.lat, first.lon, first.lat];
        let mut dates = (first.properties.event_date, first.properties.event_date);
        for e in it {
            bbox = [
                bbox[0].min(e.lon),
                bbox[1].min(e.lat),
                bbox[2].max(e.lon),
                bbox[3].max(e.lat),
            ];
            dates = (
                dates.0.min(e.properties.event_date),
                dates.1.max(e.properties.event_date),
            );
        }
        Some(Extent { bbox, dates })
    }

    /// Every event matching the query, unordered.
    pub fn matching(&self, query: &EventQuery) -> Vec<Arc<Indexed>> {
        let (d0, d1) = query.dates.day_range();
        let boxes = match &query.bbox {
            Some(b) => b.parts(),
            None => vec![[-180.0, -90.0, 180.0, 90.0]],
        };
        let mut out = Vec::new();
        for [x0, y0, x1, y1] in boxes {
            let envelope = AABB::from_corners([x0, y0, f64::from(d0)], [x1, y1, f64::from(d1)]);
            out.extend(
                self.tree
                    .locate_in_envelope(&envelope)
                    .filter(|e| query.matches_attributes(&e.event))
                    .map(|e| e.event.clone()),
            );
        }
        if out.len() > 1 && query.bbox.is_some_and(|b| b.crosses_antimeridian()) {
            // a point on ±180 lies in both halves
            out.sort_unstable_by(|a, b| a.id.cmp(&b.id));
            out.dedup_by(|a, b| a.id == b.id);
        }
        out
    }

    /// Calls `f` with every event matching the query, without collecting them.
    pub fn visit<'a>(&'a self, query: &EventQuery, mut f: impl FnMut(Hit<'a>)) {
        let (d0, d1) = query.dates.day_range();
        let boxes = match &query.bbox {
            Some(b) => b.parts(),
            None => vec![[-180.0, -90.0, 180.0, 90.0]],
        };
        let crosses = query.bbox.is_some_and(|b| b.crosses_antimeridian());
        let filtered = query.has_attribute_filters();
        for (part, [x0, y0, x1, y1]) in boxes.into_iter().enumerate() {
            let envelope = AABB::from_corners([x0, y0, f64::from(d0)], [x1, y1, f64::from(d1)]);
            for e in self.tree.locate_in_envelope(&envelope) {
                // a point on ±180 lies in both halves of a split box: the second skips it
                if crosses && part > 0 && e.pos[0].abs() == 180.0 {
                    continue;
                }
                if filtered && !query.matches_attributes(&e.event) {
                    continue;
                }
                f(Hit {
                    lon: e.pos[0],
                    lat: e.pos[1],
                    mercator_y: e.mercator_y,
                    fatalities: e.fatalities,
                    event_type: e.event_type,
                    event: &e.event.event,
                });
            }
        }
    }

    /// One page of the matching events in the stable order (newest first, then id).
    pub fn page(&self, query: &EventQuery, offset: usize, limit: usize) -> Page {
        let mut all = self.matching(query);
        let matched = all.len();
        let order = |a: &Arc<Indexed>, b: &Arc<Indexed>| {
            (Reverse(a.day()), &a.id).cmp(&(Reverse(b.day()), &b.id))
        };
        let end = offset.saturating_add(limit).min(matched);
        if offset >= matched {
            return Page {
                matched,
                events: Vec::new(),
            };
        }
        // order only what the page needs: partition at `end`, then sort the front
        if end < matched {
            all.select_nth_unstable_by(end, order);
            all.truncate(end);
        }
        all.sort_unstable_by(order);
        let events = all.split_off(offset);
        Page { matched, events }
    }
}
