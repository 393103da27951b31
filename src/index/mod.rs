//! The in-memory index of events: an R-tree over (longitude, latitude, day), bulk-loaded at
//! start and kept in step with every write, plus a map by id.
//!
//! A bbox + date-interval query is one envelope search in three dimensions, so it touches
//! only the entries inside both; the attribute filters are applied to those. A query with
//! no box and no attribute filter (the whole world, maybe a date interval) is answered from
//! a second structure instead: every event in the order pages use (newest first, then id) in
//! an order-statistic B-tree, where counting the events of a date interval and finding the
//! page at any offset each take a few tree lookups, however many events there are. The
//! extent is the R-tree root's envelope, kept by the tree itself.
//!
//! Each indexed event also keeps its GeoJSON Feature text once it has been served
//! ([`Indexed::feature_json`]): a page of a thousand features is then a copy of cached bytes
//! instead of a thousand serialisations. The cache lives and dies with the entry, so an update
//! (a new entry) can never serve stale text; it costs about 0.5 KB per event served.

pub mod pyramid;

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

/// A place in the page order: an event, or the start of a day (before every event of that
/// day), which [`EventIndex::by_recency`] is probed with to count.
#[derive(Debug, Clone)]
enum Recency {
    DayStart(Reverse<i32>),
    Event {
        day: Reverse<i32>,
        /// The id's first bytes, zero-padded: most comparisons end here, without reading the
        /// event behind the pointer (a cache miss each, which made building the order for
        /// a million events take seconds).
        prefix: [u8; 16],
        event: Arc<Indexed>,
    },
    /// A probe just after the place an event of this day and id has (whether it is there
    /// or not): where a cursor's page starts.
    JustAfter {
        day: Reverse<i32>,
        prefix: [u8; 16],
        id: Box<str>,
    },
}

fn id_prefix(id: &str) -> [u8; 16] {
    let mut prefix = [0u8; 16];
    let id = id.as_bytes();
    let n = id.len().min(prefix.len());
    prefix[..n].copy_from_slice(&id[..n]);
    prefix
}

impl Recency {
    fn of(event: &Arc<Indexed>) -> Self {
        Recency::Event {
            day: Reverse(event.day()),
            prefix: id_prefix(&event.id),
            event: event.clone(),
        }
    }

    fn just_after(key: &PageKey) -> Self {
        Recency::JustAfter {
            day: Reverse(key.day),
            prefix: id_prefix(&key.id),
            id: key.id.as_str().into(),
        }
    }

    fn day(&self) -> Reverse<i32> {
        match self {
            Recency::DayStart(day)
            | Recency::Event { day, .. }
            | Recency::JustAfter { day, .. } => *day,
        }
    }

    /// The id's prefix and the id, for events and probes.
    fn id(&self) -> Option<(&[u8; 16], &str)> {
        match self {
            Recency::DayStart(_) => None,
            Recency::Event { prefix, event, .. } => Some((prefix, &event.id)),
            Recency::JustAfter { prefix, id, .. } => Some((prefix, id)),
        }
    }
}

/// Where a page starts: at an offset among the matches, or just after a cursor's key.
#[derive(Debug, Clone, Copy)]
pub enum PageStart<'a> {
    Offset(usize),
    After(&'a PageKey),
}

/// A place in the page order (newest day first, then id) that a keyset cursor names: the
/// last event of the page before. The next page starts just after it, wherever the events
/// written or deleted meanwhile have moved the others, so that paging while writes go on
/// neither repeats nor skips an event whose date stays as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageKey {
    /// Days since 0001-01-01, as [`Event::day`].
    pub day: i32,
    pub id: String,
}

impl PageKey {
    pub fn of(event: &Event) -> Self {
        PageKey {
            day: event.day(),
            id: event.id.clone(),
        }
    }

    /// Whether an event comes after this key in page order.
    fn precedes(&self, event: &Event) -> bool {
        (Reverse(self.day), self.id.as_str()) < (Reverse(event.day()), event.id.as_str())
    }
}

impl PartialEq for Recency {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Recency {}

impl PartialOrd for Recency {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Newest day first, then by id (the zero-padded prefix orders as the id does wherever the
/// prefixes differ); a day's start before its events.
impl Ord for Recency {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        self.day()
            .cmp(&other.day())
            .then_with(|| match (self.id(), other.id()) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (Some((pa, a)), Some((pb, b))) => {
                    pa.cmp(pb).then_with(|| a.cmp(b)).then_with(|| {
                        // a probe sits just after the event it names
                        let probe = |r: &Recency| matches!(r, Recency::JustAfter { .. });
                        probe(self).cmp(&probe(other))
                    })
                }
            })
    }
}

/// The index. Not synchronised: the server wraps it in a lock.
#[derive(Default)]
pub struct EventIndex {
    tree: RTree<Entry, WideNodes>,
    by_id: HashMap<String, Arc<Indexed>>,
    /// Every event in page order, with positions (an order-statistic B-tree from `indexset`:
    /// rank and select in O(log n), which std's BTreeSet does not offer). `None` while it is
    /// being built after start-up; whole-world pages scan until then.
    by_recency: Option<indexset::BTreeSet<Recency>>,
    /// Per-cell sums for low-zoom tiles; built and kept in step with the page order (both
    /// are `None` until it is built).
    pyramid: Option<pyramid::Pyramid>,
    /// While the page order is built from a snapshot: the changes made since, in order
    /// (what left it, what entered it), applied when it is installed.
    order_journal: Option<Vec<(Option<Recency>, Option<Recency>)>>,
}

/// A page order and tile pyramid built apart from the index ([`EventIndex::build_order`]),
/// to be installed with [`EventIndex::install_order`].
pub struct PageOrder {
    set: indexset::BTreeSet<Recency>,
    pyramid: pyramid::Pyramid,
}

impl std::fmt::Debug for EventIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventIndex")
            .field("events", &self.by_id.len())
            .field("page_order", &self.by_recency.is_some())
            .field("pyramid", &self.pyramid.is_some())
            .finish()
    }
}

impl EventIndex {
    /// Bulk-loads the whole index, page order included. Later events replace earlier ones
    /// with the same id.
    pub fn new(events: Vec<Event>) -> Self {
        let mut index = Self::without_order(events);
        let order = Self::build_order(index.begin_order());
        index.install_order(order);
        index
    }

    /// Bulk-loads the R-tree and the id map (much faster than inserting one by one), with
    /// no page order yet: the server starts answering at once and builds the order after
    /// ([`EventIndex::begin_order`]). Later events replace earlier ones with the same id.
    pub fn without_order(events: Vec<Event>) -> Self {
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
        EventIndex {
            tree,
            by_id,
            by_recency: None,
            pyramid: None,
            order_journal: None,
        }
    }

    /// Starts building the page order: every event now indexed (to hand to
    /// [`EventIndex::build_order`] outside the lock); changes from here on are kept for
    /// [`EventIndex::install_order`].
    pub fn begin_order(&mut self) -> Vec<Arc<Indexed>> {
        self.order_journal = Some(Vec::new());
        self.by_id.values().cloned().collect()
    }

    /// The page order and the tile pyramid of these events (the order on this thread, the
    /// pyramid on another; a fraction of a second for a million events).
    pub fn build_order(events: Vec<Arc<Indexed>>) -> PageOrder {
        let (set, pyramid) = std::thread::scope(|s| {
            let pyramid = s.spawn(|| pyramid::Pyramid::build(&events));
            let mut order: Vec<Recency> = events.iter().map(Recency::of).collect();
            order.sort_unstable();
            // inserted in order, each lands at the end of the last node
            let set: indexset::BTreeSet<Recency> = order.into_iter().collect();
            (set, pyramid.join())
        });
        let pyramid = match pyramid {
            Ok(p) => p,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        PageOrder { set, pyramid }
    }

    /// Puts a built page order and pyramid in service, with the changes made since their
    /// snapshot.
    pub fn install_order(&mut self, order: PageOrder) {
        let PageOrder {
            mut set,
            mut pyramid,
        } = order;
        for (left, entered) in self.order_journal.take().unwrap_or_default() {
            Self::apply(&mut set, &mut pyramid, left, entered);
        }
        self.by_recency = Some(set);
        self.pyramid = Some(pyramid);
    }

    fn apply(
        set: &mut indexset::BTreeSet<Recency>,
        pyramid: &mut pyramid::Pyramid,
        left: Option<Recency>,
        entered: Option<Recency>,
    ) {
        if let Some(old) = left {
            if let Recency::Event { event, .. } = &old {
                pyramid.remove(event);
            }
            set.remove(&old);
        }
        if let Some(new) = entered {
            if let Recency::Event { event, .. } = &new {
                pyramid.add(event);
            }
            set.insert(new);
        }
    }

    /// Keeps the page order and the pyramid (or their journal, while they are built) in step
    /// with one change.
    fn order_changed(&mut self, left: Option<Recency>, entered: Option<Recency>) {
        if let (Some(set), Some(pyramid)) = (&mut self.by_recency, &mut self.pyramid) {
            Self::apply(set, pyramid, left, entered);
        } else if let Some(journal) = &mut self.order_journal {
            journal.push((left, entered));
        }
    }

    /// The tile pyramid, once built.
    pub fn pyramid(&self) -> Option<&pyramid::Pyramid> {
        self.pyramid.as_ref()
    }

    /// The one event of a base cell of the pyramid (asked when the pyramid no longer knows
    /// which of its events is left), from the R-tree.
    pub fn sole_event(&self, key: (u32, u32)) -> Option<&Arc<Indexed>> {
        // the base cell is the tile of that address at the base zoom; its lon/lat box may be
        // off by a rounding error at its edges: a hair wider, then exact
        let (x, y) = key;
        let cell = crate::tiles::TileId {
            z: pyramid::BASE_ZOOM,
            x,
            y,
        };
        let [w, s, e, n] = cell.bbox(0).as_array();
        let hair = 1e-9;
        let envelope = AABB::from_corners(
            [w - hair, s - hair, f64::from(i32::MIN)],
            [e + hair, n + hair, f64::from(i32::MAX)],
        );
        self.tree
            .locate_in_envelope(&envelope)
            .map(|entry| &entry.event)
            .find(|ev| pyramid::Pyramid::cell_of(ev) == Some(key))
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

    /// Inserts an event, replacing the one with the same id (and its old position); returns
    /// it as indexed.
    pub fn upsert(&mut self, event: Event) -> Arc<Indexed> {
        let event = Arc::new(Indexed::new(event));
        let old = self.by_id.insert(event.id.clone(), event.clone());
        self.order_changed(old.as_ref().map(Recency::of), Some(Recency::of(&event)));
        if let Some(old) = old {
            self.tree.remove(&Entry::new(old));
        }
        self.tree.insert(Entry::new(event.clone()));
        event
    }

    /// Removes an event; returns it when it was there.
    pub fn remove(&mut self, id: &str) -> Option<Arc<Indexed>> {
        let old = self.by_id.remove(id)?;
        self.order_changed(Some(Recency::of(&old)), None);
        self.tree.remove(&Entry::new(old.clone()));
        Some(old)
    }

    /// The extent of all events, or `None` when there are none: the R-tree root's envelope
    /// (constant time; the tree keeps it exact through inserts and removals).
    pub fn extent(&self) -> Option<Extent> {
        if self.by_id.is_empty() {
            return None;
        }
        let envelope = self.tree.root().envelope();
        let ([x0, y0, d0], [x1, y1, d1]) = (envelope.lower(), envelope.upper());
        let date = |d: f64| chrono::NaiveDate::from_num_days_from_ce_opt(d as i32);
        Some(Extent {
            bbox: [x0, y0, x1, y1],
            dates: (date(d0)?, date(d1)?),
        })
    }

    /// Whether [`EventIndex::page`] answers this query from the page order alone (no box,
    /// no attribute filter, and the order built), in time independent of the number of
    /// events.
    pub fn answers_in_order(&self, query: &EventQuery) -> bool {
        self.by_recency.is_some() && Self::whole_world(query)
    }

    /// No box and no attribute filter: the matches are a span of the page order.
    fn whole_world(query: &EventQuery) -> bool {
        query.bbox.is_none() && !query.has_attribute_filters()
    }

    /// The positions in page order of the events of a date interval (the days `d0..=d1`).
    fn recency_span(
        order: &indexset::BTreeSet<Recency>,
        (d0, d1): (i32, i32),
    ) -> std::ops::Range<usize> {
        if d0 > d1 {
            return 0..0;
        }
        // events after d1 come first; the span ends where the days before d0 begin
        let start = order.rank(&Recency::DayStart(Reverse(d1)));
        let end = match d0.checked_sub(1) {
            Some(before) => order.rank(&Recency::DayStart(Reverse(before))),
            None => order.len(),
        };
        start..end.max(start)
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

    /// The page of `limit` matching events that follows `after` in page order (a keyset
    /// cursor); `matched` counts every match, before the key as well.
    pub fn page_after(&self, query: &EventQuery, after: &PageKey, limit: usize) -> Page {
        self.page_from(query, PageStart::After(after), limit)
    }

    /// One page of the matching events in the stable order (newest first, then id).
    pub fn page(&self, query: &EventQuery, offset: usize, limit: usize) -> Page {
        self.page_from(query, PageStart::Offset(offset), limit)
    }

    /// The page of `limit` matching events from `start` in page order: from the page order's
    /// positions when the query is the whole world, else from the R-tree's matches.
    pub fn page_from(&self, query: &EventQuery, start: PageStart<'_>, limit: usize) -> Page {
        if let Some(order) = self
            .by_recency
            .as_ref()
            .filter(|_| Self::whole_world(query))
        {
            let span = Self::recency_span(order, query.dates.day_range());
            let from = match start {
                PageStart::Offset(offset) => span.start.saturating_add(offset),
                PageStart::After(key) => order.rank(&Recency::just_after(key)),
            }
            .clamp(span.start, span.end);
            let to = from.saturating_add(limit).min(span.end);
            return Page {
                matched: span.len(),
                events: Self::events_at(order, from..to),
            };
        }
        let all = self.matching(query);
        let matched = all.len();
        let events = match start {
            PageStart::Offset(offset) => Self::first_in_order(all, offset, limit),
            PageStart::After(key) => {
                let rest = all.into_iter().filter(|e| key.precedes(e)).collect();
                Self::first_in_order(rest, 0, limit)
            }
        };
        Page { matched, events }
    }

    /// The events at these positions of the page order.
    fn events_at(
        order: &indexset::BTreeSet<Recency>,
        positions: std::ops::Range<usize>,
    ) -> Vec<Arc<Indexed>> {
        order
            .range_idx(positions)
            .filter_map(|r| match r {
                Recency::Event { event, .. } => Some(event.clone()),
                Recency::DayStart(_) | Recency::JustAfter { .. } => None,
            })
            .collect()
    }

    /// Events `offset..offset + limit` of these in page order, sorting only what they need.
    fn first_in_order(
        mut all: Vec<Arc<Indexed>>,
        offset: usize,
        limit: usize,
    ) -> Vec<Arc<Indexed>> {
        let order = |a: &Arc<Indexed>, b: &Arc<Indexed>| {
            (Reverse(a.day()), &a.id).cmp(&(Reverse(b.day()), &b.id))
        };
        let matched = all.len();
        let end = offset.saturating_add(limit).min(matched);
        if offset >= matched {
            return Vec::new();
        }
        // partition at `end`, then sort the front
        if end < matched {
            all.select_nth_unstable_by(end, order);
            all.truncate(end);
        }
        all.sort_unstable_by(order);
        all.split_off(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::DateInterval;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn events(n: usize) -> Vec<Event> {
        crate::demo::synthetic(n)
    }

    /// The definition: every match, sorted newest first then by id, then cut.
    fn brute_page(events: &[Event], q: &EventQuery, offset: usize, limit: usize) -> Vec<String> {
        let mut m: Vec<&Event> = events.iter().filter(|e| q.matches(e)).collect();
        m.sort_by(|a, b| (Reverse(a.day()), &a.id).cmp(&(Reverse(b.day()), &b.id)));
        m.into_iter()
            .skip(offset)
            .take(limit)
            .map(|e| e.id.clone())
            .collect()
    }

    fn ids(page: &Page) -> Vec<String> {
        page.events.iter().map(|e| e.id.clone()).collect()
    }

    fn day(n: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2015, 1, 1).expect("date") + chrono::Days::new(n as u64)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The page order answers whole-world queries exactly as the definition does, also
        /// after updates (moved days) and removals, made while it was built or after.
        #[test]
        fn whole_world_pages_match_the_definition(
            a in 0i32..4000, len in -5i32..1500, offset in 0usize..400, limit in 1usize..60,
            open_start: bool, moved in 0usize..50,
        ) {
            let mut all = events(600);
            // the order built beside a running index: changes during the build are
            // journaled and applied on install, later ones kept in step directly
            let mut index = EventIndex::without_order(all.clone());
            let snapshot = index.begin_order();
            for e in all.iter_mut().take(moved) {
                e.properties.event_date = day(a);
                index.upsert(e.clone());
            }
            if let Some(e) = all.get(moved) {
                index.remove(&e.id);
                index.upsert(e.clone());
            }
            prop_assert!(!index.answers_in_order(&EventQuery::default()));
            index.install_order(EventIndex::build_order(snapshot));
            let gone: Vec<Event> = all.drain(..moved / 2).collect();
            for e in &gone {
                index.remove(&e.id);
            }
            let q = EventQuery {
                dates: DateInterval {
                    start: (!open_start).then(|| day(a)),
                    end: Some(day(a + len)),
                },
                ..EventQuery::default()
            };
            prop_assert!(index.answers_in_order(&q));
            let page = index.page(&q, offset, limit);
            prop_assert_eq!(ids(&page), brute_page(&all, &q, offset, limit));
            prop_assert_eq!(page.matched, all.iter().filter(|e| q.matches(e)).count());
        }

        /// A keyset page (after a key, whether or not an event still has it) is the
        /// definition's matches after the key, from the page order and from the R-tree alike.
        #[test]
        fn cursor_pages_match_the_definition(
            pick in 0usize..600, shift in -2i32..3, limit in 1usize..60, deleted: bool,
            boxed: bool,
        ) {
            let mut all = events(600);
            let index = {
                let mut index = EventIndex::new(all.clone());
                if deleted {
                    index.remove(&all[pick].id);
                }
                index
            };
            let key = PageKey {
                day: all[pick].day() + shift,
                id: all[pick].id.clone(),
            };
            if deleted {
                all.remove(pick);
            }
            let q = EventQuery {
                bbox: boxed.then(|| crate::query::BBox::new(-180.0, -90.0, 180.0, 90.0).expect("box")),
                ..EventQuery::default()
            };
            prop_assert_eq!(index.answers_in_order(&q), !boxed);
            let page = index.page_after(&q, &key, limit);
            let mut after: Vec<&Event> = all.iter().filter(|e| key.precedes(e)).collect();
            after.sort_by(|a, b| (Reverse(a.day()), &a.id).cmp(&(Reverse(b.day()), &b.id)));
            let want: Vec<String> = after.iter().take(limit).map(|e| e.id.clone()).collect();
            prop_assert_eq!(ids(&page), want);
            prop_assert_eq!(page.matched, all.len());
        }
    }

    #[test]
    fn the_extent_is_exact_after_writes_and_removals() {
        let all = events(300);
        let mut index = EventIndex::new(all.clone());
        let brute = |events: &[&Event]| {
            let lon = events.iter().map(|e| e.lon);
            let lat = events.iter().map(|e| e.lat);
            let dates = events.iter().map(|e| e.properties.event_date);
            (
                [
                    lon.clone().fold(f64::MAX, f64::min),
                    lat.clone().fold(f64::MAX, f64::min),
                    lon.fold(f64::MIN, f64::max),
                    lat.fold(f64::MIN, f64::max),
                ],
                (dates.clone().min(), dates.max()),
            )
        };
        let got = index.extent().expect("extent");
        let (bbox, (first, last)) = brute(&all.iter().collect::<Vec<_>>());
        assert_eq!(got.bbox, bbox);
        assert_eq!(Some(got.dates.0), first);
        assert_eq!(Some(got.dates.1), last);
        // the westernmost and the newest leave: the extent shrinks to what is left
        let west = all
            .iter()
            .min_by(|a, b| a.lon.total_cmp(&b.lon))
            .expect("one");
        let newest = all
            .iter()
            .max_by_key(|e| e.properties.event_date)
            .expect("one");
        index.remove(&west.id);
        index.remove(&newest.id);
        let left: Vec<&Event> = all
            .iter()
            .filter(|e| e.id != west.id && e.id != newest.id)
            .collect();
        let got = index.extent().expect("extent");
        let (bbox, (first, last)) = brute(&left);
        assert_eq!(got.bbox, bbox);
        assert_eq!((Some(got.dates.0), Some(got.dates.1)), (first, last));
        assert!(EventIndex::default().extent().is_none());
    }
}
