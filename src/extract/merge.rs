//! One incident, one event: merging the drafts of a report, and merging an incident reported
//! again (by another source) into the stored event.
//!
//! Counts of the dead are not summed when two mentions describe one incident (a headline and
//! the body tell the same deaths). Within a report the first firm count is kept: the lede
//! states the incident's toll, later clauses give parts of it ("including two children") or
//! running totals ("120 since October"), so neither the smallest nor the largest is safer.

use crate::event::{Event, EventType, Provenance, MAX_PROVENANCE};
use crate::gazetteer::Gazetteer;

use super::incident::Draft;

/// Merges drafts of one report that describe one incident: same place and day; and a
/// province-wide draft into a precise one of the same day in that province (of any day when
/// the province-wide one has no date of its own: a lede that names only the province, told
/// in detail later). A province contains a place when the gazetteer says so or, where its
/// admin-1 codes and the province's come from different sources, when the place lies within
/// [`PROVINCE_REACH_KM`] of it in the same country; the nearest such place takes it. Two clauses
/// about one place and day that read as different kinds of event ("gunmen stormed the
/// village … the shelling of the village") are one incident told twice more often than two
/// incidents; the type stays the first clause's unless that was a weak word ([`replaces_type`]).
pub(super) fn within_report(gazetteer: &Gazetteer, drafts: &mut Vec<Draft>) {
    let mut i = 0;
    while i < drafts.len() {
        // one place told twice, on one day, or once with no date of its own yet (a lede), or
        // told again later with only the day a source spoke ("nine were killed in X, an
        // official said on Wednesday" after "X fell on Tuesday")
        let same_place = (0..i).find(|&j| {
            let (a, b) = (&drafts[i], &drafts[j]);
            let retold = a.spoken_date && a.date.date > b.date.date && !b.undated;
            // two villages the gazetteer lacks, placed in one province, on one day, by one kind
            // of event: the report's names for one area ("in Wadi X … in the Y area")
            let unknown_in = |d: &Draft| d.at.geo_precision == 3 && d.at.geonameid.is_none();
            let one_area = unknown_in(a)
                && unknown_in(b)
                && a.at.place == b.at.place
                && a.date.date == b.date.date
                && a.event_type == b.event_type;
            (a.date.date == b.date.date || b.undated || retold) && a.at.key == b.at.key
                || one_area
                || named_again(a, b)
        });
        let target = same_place.or_else(|| {
            let a = &drafts[i];
            // "two soldiers were wounded in a separate clash in X province": its own incident
            if !a.province_only || a.separate {
                return None;
            }
            (0..drafts.len())
                .filter(|&j| j != i)
                .filter(|&j| {
                    let b = &drafts[j];
                    // "claimed the two attacks in Abyan and Shabwa": a province named again
                    // with no date of its own retells what was told there
                    // ("last week in X province" and "on Thursday in a town of X")
                    // (and never a killing into an arrest or a protest told elsewhere)
                    !b.province_only
                        && (a.undated || a.borrowed_date || a.date.covers(b.date.date))
                        && same_kind(a, b)
                })
                .filter_map(|j| Some((j, province_holds(gazetteer, &drafts[i], &drafts[j])?)))
                .min_by(|x, y| x.1.total_cmp(&y.1))
                .map(|(j, _)| j)
        });
        // "clashes in Tripoli killed 12 … fighting centred on the X district": a name the
        // gazetteer lacks, placed only by its province, not called a village or town, with no
        // toll of its own, the same day and kind as a place of that province, is a part of
        // that incident
        let target = target.or_else(|| {
            let a = &drafts[i];
            let unknown_without_toll = a.at.geo_precision == 3
                && a.at.geonameid.is_none()
                && !a.province_only
                && a.fatalities.is_none()
                && !a.at.named_settlement
                && !a.separate;
            if !unknown_without_toll {
                return None;
            }
            (0..drafts.len())
                .filter(|&j| j != i)
                .filter(|&j| {
                    let b = &drafts[j];
                    b.at.geo_precision < 3
                        && b.date.date == a.date.date
                        && b.event_type == a.event_type
                })
                .filter_map(|j| Some((j, province_holds(gazetteer, &drafts[i], &drafts[j])?)))
                .min_by(|x, y| x.1.total_cmp(&y.1))
                .map(|(j, _)| j)
        });
        // "the Houthis fired drones at a ship in the Gulf of Aden … the ship reported an
        // explosion 60 nautical miles southeast of Aden": one attack at sea, told by the side
        // that claims it and again by the ship or a maritime agency
        let at_sea = target
            .is_none()
            .then(|| at_sea_with(gazetteer, drafts, i))
            .flatten();
        if let Some(j) = at_sea {
            let from = drafts.remove(i);
            fold_keeping_the_nearer_place(&mut drafts[j], from);
            continue;
        }
        // "Hodeidah's district of X": Hodeidah on the same day is X told more widely
        let target = target.or_else(|| {
            let a = &drafts[i];
            (0..drafts.len()).find(|&j| {
                j != i
                    && drafts[j].held_by.contains(&a.at.place)
                    && drafts[j].date.date == a.date.date
            })
        });
        match target {
            Some(j) => {
                let mut from = drafts.remove(i);
                let j = if j > i { j - 1 } else { j };
                // (who denies the incident named again did not take part in it)
                let denial = from.notes.last().is_some_and(|n| {
                    ["denied", "denies", "deny", "denying"]
                        .iter()
                        .any(|w| n.split(|c: char| !c.is_alphabetic()).any(|x| x == *w))
                });
                if named_again(&from, &drafts[j]) && denial {
                    from.actors.clear();
                    from.actor1 = None;
                }
                fold(&mut drafts[j], from);
            }
            None => i += 1,
        }
    }
}

/// Whether draft `a` names again the incident of the earlier draft `b`: "denied any role in
/// the Bajaur bombing", the same place's name with neither a day nor a toll of its own.
fn named_again(a: &Draft, b: &Draft) -> bool {
    a.borrowed_date
        && a.fatalities.is_none()
        && !a.separate
        && a.at.location == b.at.location
        && same_kind(b, a)
}

/// Farthest apart two drafts of one attack at sea may be placed: a sea's own point and a
/// point measured from one of its ports can lie as far apart as the sea is long (the Red Sea
/// runs some 2,000 km).
const SEA_REACH_KM: f64 = 1_200.0;

/// An earlier draft that is the same attack at sea as draft `i`: one of the two placed in a
/// sea (a clause that named no town), the other within [`SEA_REACH_KM`] of it, of the same
/// kind, on the same day (or with no date of its own), neither told as separate, and no
/// second side or second toll in either (an Israeli strike on the port of Hodeidah told after
/// a Houthi missile fired at a ship is another incident).
fn at_sea_with(gazetteer: &Gazetteer, drafts: &[Draft], i: usize) -> Option<usize> {
    let a = &drafts[i];
    let sea = |d: &Draft| gazetteer.place(d.at.place).is_sea();
    (0..i).find(|&j| {
        let b = &drafts[j];
        let one_sea = sea(a) != sea(b) || (sea(a) && a.at.place == b.at.place);
        let km = crate::gazetteer::rank::distance_km((a.at.lon, a.at.lat), (b.at.lon, b.at.lat));
        let sides_agree = a.actor1.is_none() || b.actor1.is_none() || a.actor1 == b.actor1;
        let tolls_agree =
            a.fatalities.is_none() || b.fatalities.is_none() || a.fatalities == b.fatalities;
        (sea(a) || sea(b))
            && one_sea
            && sides_agree
            && tolls_agree
            && !a.separate
            && !b.separate
            && (a.date.date == b.date.date || a.undated || b.undated || a.borrowed_date)
            && same_kind(b, a)
            && km <= SEA_REACH_KM
    })
}

/// [`fold`], then the place of the two that says more: a point measured from a port ("60
/// nautical miles southeast of Aden") rather than the sea's own point.
fn fold_keeping_the_nearer_place(into: &mut Draft, from: Draft) {
    let nearer = (from.at.geo_precision < into.at.geo_precision).then(|| {
        (
            from.at.clone(),
            from.held_by.clone(),
            from.clues.place.clone(),
        )
    });
    fold(into, from);
    if let Some((at, held_by, words)) = nearer {
        into.at = at;
        into.held_by = held_by;
        into.clues.place = words;
    }
}

/// Folds the draft `from` into `into`: one incident told twice. `into` keeps its place, its
/// date unless it had none, its type unless a weak word gave it, and its first firm count.
pub(super) fn fold(into: &mut Draft, from: Draft) {
    if into.undated && !from.undated {
        into.clues.date.clone_from(&from.clues.date);
        into.date = from.date;
        into.undated = false;
    }
    if replaces_type(from.rank, into.rank) {
        into.clues.event_type.clone_from(&from.clues.event_type);
        into.event_type = from.event_type;
        into.sub_type = from.sub_type;
        into.rank = from.rank;
    }
    keep_first_count(
        into,
        Count {
            count: from.fatalities,
            highest: from.fatalities_max,
            implicit: from.implicit_count,
            adds: from.adds_to_toll,
            side: from.side,
            words: &from.clues.fatalities,
        },
    );
    into.clues.fill(&from.clues);
    for a in from.actors {
        if !into.actors.contains(&a) {
            into.actors.push(a);
        }
    }
    if into.actor1.is_none() {
        into.actor1 = from.actor1;
    }
    for n in from.notes {
        if !into.notes.contains(&n) {
            into.notes.push(n);
        }
    }
}

/// A toll of one incident as another telling gives it.
pub(super) struct Count<'w> {
    pub count: Option<u32>,
    /// The highest count that telling gave.
    pub highest: Option<u32>,
    /// One person named without a number.
    pub implicit: bool,
    /// Told as more dead beside another toll ("were also killed").
    pub adds: bool,
    /// The side all its dead belong to.
    pub side: Option<super::numbers::Side>,
    pub words: &'w Option<std::ops::Range<usize>>,
}

/// A toll told again for one incident: the first firm count stays (with the words that gave
/// it), and the highest count any statement gave is kept beside it. One person named without
/// a number ("killed a senior commander": the target) gives way to a larger count told with
/// one ("11 people were killed in the strike"). A count told as more dead ("five attackers
/// were also killed"), on either side, adds to the other once; so does a count of the other
/// side's dead ("killed more than 20 militants … Two soldiers were killed"): ACLED counts
/// every death of the incident.
pub(super) fn keep_first_count(into: &mut Draft, told: Count<'_>) {
    if let (Some(a), Some(b)) = (into.fatalities, told.count) {
        let other_side = matches!((into.side, told.side), (Some(x), Some(y)) if x != y);
        if into.adds_to_toll || told.adds || other_side {
            into.side = None;
            let sum = a.saturating_add(b);
            into.fatalities = Some(sum);
            into.fatalities_max = into.fatalities_max.max(told.highest).max(Some(sum));
            into.adds_to_toll = false;
            into.implicit_count = false;
            return;
        }
    }
    let outgrown = into.implicit_count && !told.implicit && told.count > into.fatalities;
    if (into.fatalities.is_none() || outgrown) && told.count.is_some() {
        into.fatalities = told.count;
        into.implicit_count = told.implicit;
        into.adds_to_toll = told.adds;
        into.side = told.side;
        into.clues.fatalities.clone_from(told.words);
    }
    into.fatalities_max = into.fatalities_max.max(told.highest).max(told.count);
}

/// Whether a province-wide draft may be the same incident as a precise one: not a violent
/// incident and an arrest or a peaceful protest told elsewhere in the province ("Two were
/// killed in X district … Separately, three were arrested in Y").
fn same_kind(wide: &Draft, precise: &Draft) -> bool {
    let violent = |t: EventType| {
        matches!(
            t,
            EventType::Battles
                | EventType::ExplosionsRemoteViolence
                | EventType::ViolenceAgainstCivilians
        )
    };
    let calm = precise.event_type == EventType::Protests
        || precise.sub_type == super::kinds::SubType::Fixed("Arrests");
    wide.event_type == precise.event_type || !(violent(wide.event_type) && calm)
}

/// Farthest a place may lie from a province's point to count as inside it when the gazetteer
/// cannot tell (admin-1 codes from different sources).
const PROVINCE_REACH_KM: f64 = 100.0;

/// The distance from a province-wide draft's point to a precise draft's place when the province
/// holds that place, else `None`.
fn province_holds(gazetteer: &Gazetteer, province: &Draft, precise: &Draft) -> Option<f64> {
    let (p, q) = (
        gazetteer.place(province.at.place),
        gazetteer.place(precise.at.place),
    );
    let km = crate::gazetteer::rank::distance_km(
        (province.at.lon, province.at.lat),
        (precise.at.lon, precise.at.lat),
    );
    let by_code = gazetteer.admin1_index_of(q) == Some(province.at.place);
    let by_distance = p.country == q.country && km <= PROVINCE_REACH_KM;
    (by_code || by_distance).then_some(km)
}

/// Whether the event word of rank `new` gives the type of an incident so far typed by one of
/// rank `old` (lower ranks are stronger words): only a weak word (rank 90 and up: "clashes",
/// "unrest") gives way, and only to a word of a stronger class.
pub(super) fn replaces_type(new: u8, old: u8) -> bool {
    new / 10 < old / 10 && old >= 90
}

/// Separator between the sources (and between the notes) of an event reported more than once.
const SEPARATOR: &str = "; ";

/// Merges a newly extracted event into the stored event with the same incident id: every
/// source, report and note is kept once; of two death counts the lower stays in `fatalities`
/// (ACLED's conservative figure) and the highest reported goes to `fatalities_max`; the first
/// actors named stay.
pub fn into_stored(stored: &Event, new: &Event) -> Event {
    let mut out = stored.clone();
    let (p, n) = (&mut out.properties, &new.properties);
    use crate::event::{MAX_NOTES_LEN, MAX_TEXT_LEN};
    append_once(&mut p.source, &n.source, MAX_TEXT_LEN);
    append_once(&mut p.source_url, &n.source_url, MAX_TEXT_LEN);
    append_once(&mut p.report_id, &n.report_id, MAX_TEXT_LEN);
    p.provenance = merged_provenance(stored, new);
    append_once(&mut p.notes, &n.notes, MAX_NOTES_LEN);
    // reports that disagree: the conservative figure, and the highest one beside it (a
    // report with no count, 0, does not lower a count)
    let highest = [p.fatalities, n.fatalities]
        .into_iter()
        .chain(p.fatalities_max)
        .chain(n.fatalities_max)
        .max()
        .unwrap_or(0);
    p.fatalities = match (p.fatalities, n.fatalities) {
        (0, b) => b,
        (a, 0) => a,
        (a, b) => a.min(b),
    };
    p.fatalities_max = (highest > p.fatalities).then_some(highest);
    if p.actor1.is_empty() {
        p.actor1 = n.actor1.clone();
    }
    if p.actor2.is_empty() && n.actor2 != p.actor1 {
        p.actor2 = n.actor2.clone();
    }
    out
}

/// Every report of both events, the stored one's first, each once. One text carried by two
/// outlets (a wire copy) has one report id but two entries. An event stored before
/// provenance lists existed counts its strings as one entry.
fn merged_provenance(stored: &Event, new: &Event) -> Vec<Provenance> {
    fn entries(e: &Event) -> Vec<Provenance> {
        let p = &e.properties;
        if !p.provenance.is_empty() {
            return p.provenance.clone();
        }
        let one = Provenance {
            source: p.source.clone(),
            url: p.source_url.clone(),
            report_id: p.report_id.clone(),
        };
        if one == Provenance::default() {
            Vec::new()
        } else {
            vec![one]
        }
    }
    let mut out = entries(stored);
    for entry in entries(new) {
        if out.len() < MAX_PROVENANCE && !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}

/// Appends a value unless it is there already or the field would pass its limit.
fn append_once(field: &mut String, value: &str, cap: usize) {
    if value.is_empty() || field.split(SEPARATOR).any(|v| v == value) {
        return;
    }
    if field.len() + SEPARATOR.len() + value.len() > cap {
        return;
    }
    if !field.is_empty() {
        field.push_str(SEPARATOR);
    }
    field.push_str(value);
}
