//! From a news report to events: the one pipeline behind `sitmap extract`, `POST /reports`
//! and `sitmap ingest reports.jsonl`.
//!
//! 1. [`text`] splits the report into sentences, clauses and tokens.
//! 2. [`actors`] marks the actors named, [`toponyms`] the place names; a first pass over the
//!    whole report votes for the country it is about (place names, provinces, demonyms).
//! 3. Per clause: [`kinds`] finds the words that make it an event and decide its type,
//!    [`dates`] its date (relative to the published date, else the date of the clause
//!    before), [`numbers`] its fatalities, and the resolved places where it happened.
//! 4. A clause with an event word but no place continues the event before it (same
//!    incident told in more words); a place the gazetteer cannot locate falls back to the
//!    place it is said to be near, else to its province (geo_precision 3).
//! 5. Events of one incident (same place, date and type) merge; a province-wide mention
//!    merges into a precise event of the same day and type in that province.
//!
//! All rules read words, never whole sentences: what they know is the vocabulary of
//! conflict reporting, not the reports they were tested on.

pub mod actors;
mod background;
mod dateline;
pub mod dates;
pub mod kinds;
pub mod merge;
pub mod numbers;
mod offset;
mod places;
mod report;
mod resolve;
mod scan;
pub mod text;
pub mod toponyms;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::event::{Event, EventProperties, EventType};
use crate::gazetteer::Gazetteer;

use background::{is_aggregate, is_appeal, is_background, is_threat, MAX_AGE_DAYS};
use dates::{DateCue, EventDate};
use kinds::SubType;
use places::{admin_index, located, province_point, Located, Resolved, Setting};
pub use report::{parse_report, Report, ReportError, MAX_REPORT_LEN};
use resolve::{Named, ResolvedReport};
use scan::ReportScan;
use text::Token;

/// An event while the report is read: built up from one or more clauses.
#[derive(Debug, Clone)]
struct Draft {
    at: Located,
    date: EventDate,
    event_type: EventType,
    sub_type: SubType,
    rank: u8,
    fatalities: Option<u32>,
    /// The highest firm count any statement of the incident gave.
    fatalities_max: Option<u32>,
    clues: Clues,
    /// Places the report says hold this one ("Hodeidah's district of X"): an event told at
    /// one of them on the same day is this incident told with the wider place.
    held_by: Vec<u32>,
    actors: Vec<(String, bool)>,
    actor1: Option<String>,
    notes: Vec<String>,
    /// The province-only placement of an event whose report names the province alone.
    province_only: bool,
    /// No clause of the report gave a date before or in this one: the date is the
    /// publication day by default.
    undated: bool,
    /// The clause that made this draft gave no date of its own (it took the date of the
    /// clause before, or the publication day).
    borrowed_date: bool,
}

/// The rank an attack takes once the clause says its victims were civilians (that of the
/// firm killing words, "shot dead").
const ATTACK_ON_CIVILIANS_RANK: u8 = 45;

/// Farthest a place may lie from the town a clause says it is near ("V near X") before its
/// resolution is taken for a homonym elsewhere.
const NEAR_REACH_KM: f64 = 75.0;

/// The uncertainty of "near X": how far from X an incident so placed may lie (ACLED's
/// precision 2 covers a town's surroundings).
const NEAR_RADIUS_KM: f64 = 25.0;

/// Most distinct names a report may look up by one-edit spelling in a province.
const MAX_SPELT_ALIKE_LOOKUPS: usize = 32;

/// Extracts the events of one report. Events come in the order the report tells them.
pub fn extract(gazetteer: &Gazetteer, report: &Report) -> Vec<Event> {
    let sentences = text::sentences(&report.text);
    let lower_words: HashSet<String> = sentences
        .iter()
        .flat_map(|s| s.clauses.iter().flatten())
        .filter(|t| !t.is_capitalised())
        .map(|t| t.lower.clone())
        .collect();

    // pass 1: mentions and the report's country
    let ReportScan {
        scans,
        votes,
        named,
        named_land,
        provinces,
    } = scan::scan_report(gazetteer, report, &sentences, &lower_words);
    let country = scan::report_country(&votes);
    let home = country.and_then(|cc| {
        actors::DEMONYMS
            .iter()
            .find(|(_, code, _)| *code == cc.as_str())
            .map(|(d, _, _)| *d)
    });

    // pass 2: events
    let mut drafts: Vec<Draft> = Vec::new();
    let mut carry = EventDate {
        date: report.published,
        precision: 1,
    };
    let mut dated_before = false;
    let setting = Setting {
        country,
        named: &named,
        named_land: &named_land,
        provinces: &provinces,
    };
    // resolve every mention: the geoparser reads the names of the whole report together
    let ResolvedReport {
        named: resolved,
        in_province,
        placed_by_offset,
    } = resolve::resolve_report(gazetteer, report, &scans, &setting);

    let mut last_admin: Option<u32> = None;
    // an unknown name's look-alike in its province: (place, whether only a place it is
    // derived from and lies near, "Novo-X" beside X)
    let mut spelt_alike: HashMap<(String, u32), Option<(u32, bool)>> = HashMap::new();
    let mut placeless: Option<Told<'_>> = None;
    // the draft the previous event clause went to, and whether that clause was skipped
    let mut previous: Option<usize> = None;
    let mut previous_skipped = false;
    let mut previous_sentence = usize::MAX;
    for (scan, mut resolved) in scans.iter().zip(resolved) {
        let found = kinds::find(&scan.tokens);
        // "… southwest of Indaw town, which the militia captured on Monday": when every event
        // word is in the relative clause, the incident is the place it hangs on
        if let Some(k) = relative_antecedent(&scan.tokens, &found, &resolved) {
            let mut n = resolved.swap_remove(k);
            (n.offset, n.near, n.secondary) = (None, false, false);
            resolved = vec![n];
        }
        // the places of the clause, sorted by what the words say of each
        let ClausePlaces {
            place_words,
            raw_words,
            holder_places,
            settlements,
            nears,
            admins,
            unlocated,
            secondaries,
            spoken_from_places,
            offsets,
        } = sort_places(gazetteer, scan, resolved, &mut last_admin, &mut spelt_alike);
        if scan.headline {
            continue;
        }
        let decided = kinds::decide(&found);
        // "the bodies were found at a bar near the town of X": where the victims were found
        // places the province-wide incident told just before
        if decided.is_none() {
            if let Some(p) = previous.filter(|&p| drafts[p].province_only) {
                if let Some(at) =
                    finding_place(gazetteer, &scan.tokens, &drafts[p], &settlements, &nears)
                {
                    let d = &mut drafts[p];
                    if let Some(words) = place_words.get(&at.place) {
                        d.clues.place = Some(words.clone());
                    }
                    d.at = at;
                    d.province_only = false;
                    if d.notes.last().is_none_or(|n| n != scan.text) {
                        d.notes.push(scan.text.to_string());
                    }
                    continue;
                }
            }
        }
        // "It took place on the outskirts of X": where the incident told before without a
        // place happened
        let locating = decided.is_none() && placeless.is_some() && locates_incident(&scan.tokens);
        if decided.is_none() && !locating {
            continue;
        }
        let same_sentence = scan.sentence == previous_sentence;
        previous_sentence = scan.sentence;
        let (cue, spoken, date_words) =
            match dates::find_with_source(&scan.tokens, report.published) {
                Some((cue, spoken, at)) => {
                    (Some(cue), spoken, byte_range(&scan.tokens, at..at + 1))
                }
                None => (None, false, None),
            };
        // a lede dated only by when sources spoke has no date of the incident yet
        let undated = (cue.is_none() || spoken) && !dated_before;
        dated_before |= cue.is_some() && !spoken;
        let date = match cue {
            Some(DateCue::Own(d)) => d,
            Some(DateCue::Same) | None => carry,
            Some(DateCue::Shift(n)) => EventDate {
                date: carry
                    .date
                    .checked_add_signed(chrono::Duration::days(n))
                    .unwrap_or(carry.date),
                precision: carry.precision,
            },
        };
        // background: long before publication, a trial, a commemoration
        let old = (report.published - date.date).num_days() > MAX_AGE_DAYS;
        let threat = decided.is_some_and(|d| {
            is_threat(&scan.tokens, d.at)
                || d.trigger.event_type == EventType::StrategicDevelopments
                    && is_appeal(&scan.tokens, d.at)
        });
        if old || is_background(&scan.tokens) || threat {
            previous_skipped = true;
            previous = None;
            continue;
        }
        carry = date;
        if is_aggregate(&scan.tokens) {
            previous_skipped = true;
            previous = None;
            continue;
        }
        let told = match (decided, placeless.take()) {
            (Some(decider), earlier) => {
                // "the attack occurred on Monday in X": this clause places the incident told
                // before without a place, and its toll is that one's unless it gives its own
                let (placed_earlier, still_placeless) = if locates_incident(&scan.tokens) {
                    (earlier, None)
                } else {
                    (None, earlier)
                };
                placeless = still_placeless;
                let actor_mentions = actors::find(&scan.tokens, home);
                let (event_type, sub_type) = type_of(&scan.tokens, decider, &actor_mentions);
                let counted = numbers::fatalities_with_source(&scan.tokens);
                let trigger_len = decider.trigger.words.split(' ').count();
                let own = Told {
                    text: scan.text,
                    clues: Clues {
                        place: None,
                        date: date_words.clone(),
                        event_type: byte_range(&scan.tokens, decider.at..decider.at + trigger_len),
                        fatalities: counted
                            .as_ref()
                            .and_then(|(_, r)| byte_range(&scan.tokens, r.clone())),
                    },
                    fatalities: counted.map(|(n, _)| n),
                    actors: actor_mentions
                        .iter()
                        .map(|a| (a.name.clone(), a.state))
                        .collect(),
                    actor1: pick_actor1(&scan.tokens, &actor_mentions, decider.at),
                    event_type,
                    sub_type,
                    // an attack on civilians is as firm as "shot dead": no later word retypes it
                    rank: if event_type == EventType::ViolenceAgainstCivilians {
                        decider.trigger.rank.min(ATTACK_ON_CIVILIANS_RANK)
                    } else {
                        decider.trigger.rank
                    },
                };
                match placed_earlier {
                    Some(earlier) => {
                        let mut clues = own.clues.clone();
                        if own.fatalities.is_none() {
                            clues.fatalities = earlier.clues.fatalities.clone();
                        }
                        Told {
                            fatalities: own.fatalities.or(earlier.fatalities),
                            clues,
                            ..own
                        }
                    }
                    None => own,
                }
            }
            (None, Some(earlier)) => earlier,
            (None, None) => continue,
        };

        let mut places: Vec<(Located, bool)> = Vec::new();
        if !settlements.is_empty() {
            places.extend(
                settlements
                    .iter()
                    .filter_map(|&i| located(gazetteer, i, 1, None))
                    .map(|l| (l, false)),
            );
        } else if let Some(raw) = unlocated.first() {
            let by_offset = placed_by_offset
                .get(&crate::gazetteer::normalize::name_key(raw))
                .copied()
                .or(offsets.first().copied());
            let fallback = by_offset
                .and_then(|(i, o)| offset_from(gazetteer, i, o, raw))
                .or_else(|| {
                    let &i = nears.first()?;
                    let mut l = located(gazetteer, i, 2, Some(raw))?;
                    l.geonameid = None;
                    l.radius_km = Some(NEAR_RADIUS_KM);
                    Some(l)
                })
                .or_else(|| {
                    let admin = admins.first().copied().or(last_admin)?;
                    let mut l = province_point(gazetteer, admin, Some(raw))?;
                    // the centre of the places the report names in that province is a
                    // better guess than its capital, when there are any
                    if let Some(points) = in_province.get(&admin) {
                        let n = points.len() as f64;
                        l.lon = points.iter().map(|p| p.0).sum::<f64>() / n;
                        l.lat = points.iter().map(|p| p.1).sum::<f64>() / n;
                    }
                    Some(l)
                });
            places.extend(fallback.map(|l| (l, false)));
        } else if let Some(&(i, o)) = offsets.first() {
            // "an outpost 40 km north of X": the point that far from X
            let name = format!(
                "{:.0} km {} of {}",
                o.km,
                o.direction,
                gazetteer.place(i).name
            );
            places.extend(offset_from(gazetteer, i, o, &name).map(|l| (l, false)));
        } else if let Some(&i) = nears.first() {
            places.extend(located(gazetteer, i, 2, None).map(|mut l| {
                l.radius_km = Some(NEAR_RADIUS_KM);
                (l, false)
            }));
        } else if let (Some(&i), true) = (secondaries.first(), admins.is_empty()) {
            // only a place of origin or direction: better than none
            places.extend(located(gazetteer, i, 2, None).map(|l| (l, false)));
        } else if let (Some(&i), true) = (
            spoken_from_places.first(),
            drafts.is_empty() && admins.is_empty(),
        ) {
            // "told Reuters by telephone from X", and the report has placed nothing yet
            places.extend(located(gazetteer, i, 2, None).map(|l| (l, false)));
        } else if let Some(&a) = admins.first() {
            // "officials in Helmand said ...": a province holding the event just told
            let holds_previous = previous.is_some_and(|p| {
                let at = gazetteer.place(drafts[p].at.place);
                drafts[p].date == date && gazetteer.admin1_index_of(at) == Some(a)
            });
            if let (true, Some(p)) = (holds_previous, previous) {
                let d = &mut drafts[p];
                absorb(d, &told);
                continue;
            }
            places.extend(province_point(gazetteer, a, None).map(|l| (l, true)));
        }

        if places.is_empty() {
            // no place of its own: the same incident told in more words
            let own_date = matches!(cue, Some(DateCue::Own(_)));
            match previous {
                Some(p) if !own_date || drafts[p].date == date => {
                    let d = &mut drafts[p];
                    absorb(d, &told);
                    split_second_day(&mut drafts, p, &scan.tokens, report.published);
                }
                _ => {
                    if !previous_skipped || same_sentence {
                        previous = None;
                    }
                    // an incident with no place yet (the first told): a later "it took place in X" gives
                    // it one
                    placeless.get_or_insert(told);
                }
            }
            continue;
        }
        previous_skipped = false;
        placeless = None;
        let mut first = None;
        for (at, province_only) in places {
            let mut clues = told.clues.clone();
            clues.place = place_words
                .get(&at.place)
                .or_else(|| raw_words.get(&at.location))
                .cloned();
            if clues.date.is_none() {
                clues.date.clone_from(&date_words);
            }
            let draft = Draft {
                clues,
                held_by: holder_places.clone(),
                at,
                date,
                event_type: told.event_type,
                sub_type: told.sub_type,
                rank: told.rank,
                fatalities: told.fatalities,
                fatalities_max: told.fatalities,
                actors: told.actors.clone(),
                actor1: told.actor1.clone(),
                notes: vec![told.text.to_string()],
                province_only,
                undated,
                borrowed_date: !matches!(cue, Some(DateCue::Own(_))) || spoken,
            };
            drafts.push(draft);
            first.get_or_insert(drafts.len() - 1);
        }
        if let Some(p) = first {
            split_second_day(&mut drafts, p, &scan.tokens, report.published);
        }
        previous = first;
    }
    merge::within_report(gazetteer, &mut drafts);
    drafts
        .into_iter()
        .map(|d| to_event(gazetteer, report, d))
        .collect()
}

/// The places one clause names, sorted by what the words say of each: where it happened
/// (`settlements`), near where, which province, unknown names waiting for a fallback, places
/// only of origin or direction, where a speaker spoke from, places given by distance and
/// direction, and the places said to hold another ("Hodeidah's district of X").
struct ClausePlaces {
    place_words: HashMap<u32, Range<usize>>,
    raw_words: HashMap<String, Range<usize>>,
    holder_places: Vec<u32>,
    settlements: Vec<u32>,
    nears: Vec<u32>,
    admins: Vec<u32>,
    unlocated: Vec<String>,
    secondaries: Vec<u32>,
    spoken_from_places: Vec<u32>,
    offsets: Vec<(u32, offset::Offset)>,
}

/// Sorts a clause's resolved names ([`ClausePlaces`]). `last_admin` carries the province
/// the report spoke of last across clauses; `spelt_alike` memoises look-ups of unknown names.
fn sort_places(
    gazetteer: &Gazetteer,
    scan: &scan::ClauseScan<'_>,
    resolved: Vec<Named>,
    last_admin: &mut Option<u32>,
    spelt_alike: &mut HashMap<(String, u32), Option<(u32, bool)>>,
) -> ClausePlaces {
    // which words named each place of the clause (the evidence of a place)
    let mut place_words: HashMap<u32, Range<usize>> = HashMap::new();
    let mut raw_words: HashMap<String, Range<usize>> = HashMap::new();
    for n in &resolved {
        let Some(r) = byte_range(&scan.tokens, n.start..n.end) else {
            continue;
        };
        match &n.place {
            Resolved::Place(i) => {
                place_words.entry(*i).or_insert(r);
            }
            Resolved::Unlocated(raw) => {
                raw_words.entry(raw.clone()).or_insert(r);
            }
        }
    }
    // "Hodeidah's district of X": the possessor holds the place named after it
    let holders: Vec<usize> = resolved
        .iter()
        .filter(|n| {
            let possessive = n.end > n.start
                && scan
                    .tokens
                    .get(n.end - 1)
                    .is_some_and(|t| toponyms::bare(t.text) != t.text);
            possessive
                && resolved.iter().any(|m| {
                    m.start > n.end
                        && m.start <= n.end + 3
                        && scan.tokens[m.start - 1].lower == "of"
                })
        })
        .map(|n| n.start)
        .collect();
    // the province the clause names, wherever in it ("the village of V in the X region")
    let clause_province = resolved.iter().find_map(|n| match n.place {
        Resolved::Place(i) if !n.secondary && gazetteer.place(i).is_admin1() => Some(i),
        _ => None,
    });
    let mut holder_places: Vec<u32> = Vec::new();
    let mut settlements: Vec<u32> = Vec::new();
    let mut uncued: Vec<u32> = Vec::new();
    let mut nears: Vec<u32> = Vec::new();
    let mut admins: Vec<u32> = Vec::new();
    let mut unlocated: Vec<String> = Vec::new();
    let mut secondaries: Vec<u32> = Vec::new();
    let mut spoken_from_places: Vec<u32> = Vec::new();
    let mut offsets: Vec<(u32, offset::Offset)> = Vec::new();
    for Named {
        start,
        end: _,
        attribution,
        near,
        secondary,
        spoken_from,
        cued,
        offset,
        place,
    } in resolved
    {
        match place {
            Resolved::Place(_) if attribution => {}
            Resolved::Place(i) if offset.is_some() && !gazetteer.place(i).is_country() => {
                offsets.extend(offset.map(|o| (i, o)));
            }
            Resolved::Place(i) => {
                let p = gazetteer.place(i);
                if p.is_country() {
                    continue;
                }
                if holders.contains(&start) {
                    *last_admin = admin_index(gazetteer, p).or(*last_admin);
                    holder_places.push(i);
                    continue;
                }
                if p.is_admin1() {
                    *last_admin = Some(i);
                    // "fled toward the Kurdistan region": not where it happened
                    if !secondary {
                        admins.push(i);
                    }
                    continue;
                }
                if let Some(a) = admin_index(gazetteer, p) {
                    *last_admin = Some(a);
                }
                let close_to_named = |list: &[u32]| {
                    list.iter()
                        .any(|&o| match (gazetteer.place(o).coord, p.coord) {
                            (Some(a), Some(b)) => crate::gazetteer::rank::distance_km(a, b) < 20.0,
                            _ => o == i,
                        })
                };
                if near {
                    nears.push(i);
                } else if spoken_from {
                    spoken_from_places.push(i);
                } else if secondary {
                    secondaries.push(i);
                } else if !close_to_named(&settlements) {
                    // a district of a city named with it is the same place
                    settlements.push(i);
                    if !cued {
                        uncued.push(i);
                    }
                }
            }
            Resolved::Unlocated(raw) => {
                // "Hodeidah's district of Tuhyata": a spelling one edit from a place of
                // the province the clause is in
                let province = admins.last().copied().or(clause_province).or(*last_admin);
                let alike = province.and_then(|a| {
                    // each lookup scans the gazetteer: once per name and province, and for
                    // a bounded number of names a report (a flood of unknown names must not
                    // make extraction slow)
                    if let Some(&found) = spelt_alike.get(&(raw.clone(), a)) {
                        return found;
                    }
                    if spelt_alike.len() >= MAX_SPELT_ALIKE_LOOKUPS {
                        return None;
                    }
                    let found = places::spelt_alike_in(gazetteer, &raw, a)
                        .map(|i| (i, false))
                        .or_else(|| places::derived_from_in(gazetteer, &raw, a).map(|i| (i, true)));
                    spelt_alike.insert((raw.clone(), a), found);
                    found
                });
                match alike {
                    Some((i, false)) => {
                        if let Some(words) = raw_words.get(&raw).cloned() {
                            place_words.entry(i).or_insert(words);
                        }
                        settlements.push(i);
                    }
                    // "Novo-X": near X, under its own name
                    Some((i, true)) => {
                        nears.push(i);
                        unlocated.push(raw);
                    }
                    None => unlocated.push(raw),
                }
            }
        }
    }
    // "rallied in X against the offensive on Y": where the words say it happened
    if uncued.len() < settlements.len() {
        settlements.retain(|i| !uncued.contains(i));
    }
    // "the village of V near X" with V resolved far from X: a homonym of a village the
    // gazetteer lacks; the text's own "near X" places it better
    if !nears.is_empty() {
        settlements.retain(|&i| {
            let near_one =
                nears.iter().any(
                    |&n| match (gazetteer.place(i).coord, gazetteer.place(n).coord) {
                        (Some(a), Some(b)) => {
                            crate::gazetteer::rank::distance_km(a, b) <= NEAR_REACH_KM
                        }
                        _ => true,
                    },
                );
            if !near_one {
                unlocated.push(gazetteer.place(i).name.to_string());
            }
            near_one
        });
    }
    ClausePlaces {
        place_words,
        raw_words,
        holder_places,
        settlements,
        nears,
        admins,
        unlocated,
        secondaries,
        spoken_from_places,
        offsets,
    }
}

/// "Two were killed in the city on Wednesday and one on Tuesday": the second day's toll is
/// an incident of its own, at the place of draft `p` (the clause's first day and toll).
fn split_second_day(drafts: &mut Vec<Draft>, p: usize, tokens: &[Token<'_>], published: NaiveDate) {
    let Some((count, day, at)) = dates::second_day_count(tokens, published) else {
        return;
    };
    if day.date == drafts[p].date.date || drafts[p].fatalities.is_none() {
        return;
    }
    let mut second = drafts[p].clone();
    second.date = day;
    second.fatalities = Some(count);
    second.fatalities_max = Some(count);
    second.borrowed_date = false;
    second.clues.date = byte_range(tokens, at + 2..at + 3);
    second.clues.fatalities = byte_range(tokens, at..at + 1);
    // its notes are the clause that told it
    second.notes = drafts[p].notes.last().cloned().into_iter().collect();
    drafts.push(second);
}

/// The name a clause's ", which …" relative clause hangs on, when all of the clause's event
/// words are in that relative clause: its index in `named`.
fn relative_antecedent(
    tokens: &[Token<'_>],
    found: &[kinds::Found],
    named: &[Named],
) -> Option<usize> {
    let r = (1..tokens.len()).find(|&r| tokens[r].lower == "which" && tokens[r - 1].punct_after)?;
    if found.is_empty() || found.iter().any(|f| f.at < r) {
        return None;
    }
    // the name right before the comma ("Indaw town, which")
    named
        .iter()
        .enumerate()
        .filter(|(_, n)| n.end <= r && n.end + 2 >= r && !n.attribution)
        .max_by_key(|(_, n)| n.start)
        .map(|(k, _)| k)
}

/// Where a clause with no event word says the victims of a province-wide incident were found
/// ("the bodies were found at a bar near the town of X"): a town in that province.
fn finding_place(
    gazetteer: &Gazetteer,
    tokens: &[Token<'_>],
    province_wide: &Draft,
    settlements: &[u32],
    nears: &[u32],
) -> Option<Located> {
    let found = tokens
        .iter()
        .any(|t| matches!(t.lower.as_str(), "found" | "discovered" | "recovered"))
        && tokens
            .iter()
            .any(|t| matches!(t.lower.as_str(), "bodies" | "body" | "victims" | "remains"));
    if !found {
        return None;
    }
    let in_province =
        |&&i: &&u32| gazetteer.admin1_index_of(gazetteer.place(i)) == Some(province_wide.at.place);
    if let Some(&i) = settlements.iter().find(in_province) {
        return located(gazetteer, i, 1, None);
    }
    let &i = nears.iter().find(in_province)?;
    located(gazetteer, i, 2, None)
}

/// Words that say where an incident told before took place.
fn locates_incident(tokens: &[Token<'_>]) -> bool {
    tokens
        .windows(2)
        .any(|w| w[0].lower == "took" && w[1].lower == "place")
        || tokens
            .iter()
            .any(|t| matches!(t.lower.as_str(), "happened" | "occurred" | "occured"))
}

/// The point `o` away from place `i` ("80 km north of X"), named `location`, with the
/// uncertainty of such a phrase.
fn offset_from(
    gazetteer: &Gazetteer,
    i: u32,
    o: offset::Offset,
    location: &str,
) -> Option<Located> {
    let mut l = located(gazetteer, i, 2, Some(location))?;
    (l.lon, l.lat) = offset::shift((l.lon, l.lat), o);
    l.geonameid = None;
    l.radius_km = Some(offset::radius_km(o));
    Some(l)
}

/// Byte ranges of the report's words that gave a draft's fields (its evidence).
#[derive(Debug, Clone, Default)]
struct Clues {
    place: Option<Range<usize>>,
    date: Option<Range<usize>>,
    event_type: Option<Range<usize>>,
    fatalities: Option<Range<usize>>,
}

impl Clues {
    /// Fills what `self` lacks from `other`.
    fn fill(&mut self, other: &Clues) {
        for (mine, theirs) in [
            (&mut self.place, &other.place),
            (&mut self.date, &other.date),
            (&mut self.event_type, &other.event_type),
            (&mut self.fatalities, &other.fatalities),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
    }
}

/// The byte range of tokens `range` of a clause.
fn byte_range(tokens: &[Token<'_>], range: Range<usize>) -> Option<Range<usize>> {
    let first = tokens.get(range.start)?;
    let last = tokens.get(range.end.checked_sub(1)?)?;
    Some(first.start..last.start + toponyms::bare(last.text).len())
}

/// What one clause tells of an incident, before it is known which draft it belongs to.
struct Told<'a> {
    text: &'a str,
    clues: Clues,
    fatalities: Option<u32>,
    actors: Vec<(String, bool)>,
    actor1: Option<String>,
    event_type: EventType,
    sub_type: SubType,
    rank: u8,
}

/// Adds a clause to the draft of the incident it continues.
fn absorb(d: &mut Draft, told: &Told<'_>) {
    if d.notes.last().is_none_or(|n| n != told.text) {
        d.notes.push(told.text.to_string());
    }
    merge::keep_first_count(d, told.fatalities, told.fatalities, &told.clues.fatalities);
    for a in &told.actors {
        if !d.actors.contains(a) {
            d.actors.push(a.clone());
        }
    }
    if d.actor1.is_none() {
        d.actor1 = told.actor1.clone();
    }
    if merge::replaces_type(told.rank, d.rank) {
        d.clues.event_type.clone_from(&told.clues.event_type);
        d.event_type = told.event_type;
        d.sub_type = told.sub_type;
        d.rank = told.rank;
    }
}

fn type_of(
    tokens: &[Token<'_>],
    decider: kinds::Found,
    actors: &[actors::ActorMention],
) -> (EventType, SubType) {
    let t = decider.trigger;
    match t.sub_type {
        SubType::Attack if kinds::mentions_civilians(tokens) => (
            EventType::ViolenceAgainstCivilians,
            SubType::Fixed("Attack"),
        ),
        SubType::Attack => (EventType::Battles, SubType::Fixed("Armed clash")),
        // "gunmen looted the market": armed men taking property, not a riot
        _ if t.event_type == EventType::Riots
            && matches!(t.words, "looted" | "set fire" | "torched")
            && !kinds::names_protesters(tokens)
            && (!actors.is_empty() || kinds::names_armed_men(tokens)) =>
        {
            (
                EventType::StrategicDevelopments,
                SubType::Fixed("Looting/property destruction"),
            )
        }
        // "police clashed with demonstrators": a violent demonstration, not a battle
        _ if t.event_type == EventType::Battles && kinds::names_protesters(tokens) => {
            (EventType::Riots, SubType::Fixed("Violent demonstration"))
        }
        _ => (t.event_type, t.sub_type),
    }
}

/// The side that acts: the actor after "by", else the one right before the event word
/// ("ISIS car bomb"), else the first named before it unless the clause is passive.
fn pick_actor1(
    tokens: &[Token<'_>],
    actors: &[actors::ActorMention],
    trigger: usize,
) -> Option<String> {
    if let Some(a) = actors
        .iter()
        .find(|a| a.start > 0 && tokens[a.start - 1].lower == "by")
    {
        return Some(a.name.clone());
    }
    if let Some(a) = actors
        .iter()
        .find(|a| a.end <= trigger && trigger - a.end <= 2)
    {
        return Some(a.name.clone());
    }
    // victims: "killing two soldiers", "an attack on SDF positions"
    let victim = |a: &&actors::ActorMention| {
        tokens[a.start.saturating_sub(2)..a.start].iter().any(|t| {
            t.is_number()
                || numbers::small_number(&t.lower).is_some()
                || matches!(
                    t.lower.as_str(),
                    "killing" | "killed" | "targeting" | "on" | "against" | "wounding" | "of"
                )
        })
    };
    let actors: Vec<&actors::ActorMention> = {
        let agents: Vec<_> = actors.iter().filter(|a| !victim(a)).collect();
        if agents.is_empty() {
            return None;
        }
        agents
    };
    let passive = tokens
        .iter()
        .any(|t| matches!(t.lower.as_str(), "were" | "was" | "been"))
        && tokens.iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "killed" | "wounded" | "hit" | "targeted" | "attacked"
            )
        });
    if passive {
        actors
            .iter()
            .find(|a| a.start > trigger)
            .map(|a| a.name.clone())
    } else {
        actors.first().map(|a| a.name.clone())
    }
}

fn sub_type_name(d: &Draft, actor1_state: bool) -> &'static str {
    match d.sub_type {
        SubType::Fixed(s) => s,
        SubType::Territory if actor1_state => "Government regains territory",
        SubType::Territory => "Non-state actor overtakes territory",
        SubType::Attack => "Armed clash",
    }
}

fn to_event(gazetteer: &Gazetteer, report: &Report, d: Draft) -> Event {
    let place = gazetteer.place(d.at.place);
    let admin1 = if place.is_admin1() {
        place.name.to_string()
    } else {
        gazetteer
            .admin1_of(place)
            .map(|a| a.name.to_string())
            .unwrap_or_default()
    };
    let country = gazetteer
        .country(place.country)
        .map(|c| c.name.to_string())
        .unwrap_or_default();
    // no side named as acting: actor1 stays empty rather than naming a victim
    let actor1 = d.actor1.clone().unwrap_or_default();
    let actor1_state = d.actors.iter().any(|(n, s)| *n == actor1 && *s);
    let actor2 = d
        .actors
        .iter()
        .map(|a| &a.0)
        .find(|n| **n != actor1)
        .cloned()
        .unwrap_or_default();
    let mut notes = d.notes.join(" ");
    truncate_at_char(&mut notes, crate::event::MAX_NOTES_LEN);
    let properties = EventProperties {
        event_date: d.date.date,
        time_precision: d.date.precision,
        event_type: d.event_type,
        sub_event_type: sub_type_name(&d, actor1_state).to_string(),
        actor1,
        actor2,
        fatalities: d.fatalities.unwrap_or(0),
        location: d.at.location.clone(),
        admin1,
        country,
        country_code: place.country.as_str().to_string(),
        geo_precision: d.at.geo_precision,
        geonameid: d.at.geonameid,
        geo_radius_km: d.at.radius_km,
        evidence: evidence(report, &d.clues),
        // reported only where statements disagree
        fatalities_max: d.fatalities_max.filter(|&m| m > d.fatalities.unwrap_or(0)),
        source: report.source.clone(),
        source_url: report.url.clone(),
        report_id: report.report_id(),
        notes,
    };
    Event {
        id: incident_id(&d.at.key, d.date.date, d.event_type),
        lon: d.at.lon,
        lat: d.at.lat,
        properties,
    }
}

/// The clues of a draft as quotes of the report, with code-point offsets.
fn evidence(report: &Report, clues: &Clues) -> Option<crate::event::Evidence> {
    let text = &report.text;
    let quote = |r: &Option<Range<usize>>| {
        let r = r.as_ref()?;
        let words = text.get(r.clone())?;
        let start = text.get(..r.start)?.chars().count();
        let mut quoted = words.to_string();
        truncate_at_char(&mut quoted, crate::event::MAX_QUOTE_LEN);
        Some(crate::event::Quote {
            start: u32::try_from(start).ok()?,
            end: u32::try_from(start + words.chars().count()).ok()?,
            text: quoted,
        })
    };
    let e = crate::event::Evidence {
        place: quote(&clues.place),
        date: quote(&clues.date),
        event_type: quote(&clues.event_type),
        fatalities: quote(&clues.fatalities),
    };
    (e != crate::event::Evidence::default()).then_some(e)
}

fn truncate_at_char(s: &mut String, max: usize) {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}

/// The id of an incident: its place, day and type. Reports of the same incident get the same
/// id, which is how the store merges them.
pub fn incident_id(place_key: &str, date: NaiveDate, event_type: EventType) -> String {
    let mut h = Sha256::new();
    h.update(place_key);
    h.update("|");
    h.update(date.to_string());
    h.update("|");
    h.update(event_type.as_str());
    let digest = h.finalize();
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("ex-{hex}")
}

/// A report for the stages' own tests.
#[cfg(test)]
fn test_report(text: &str, published: (i32, u32, u32)) -> Report {
    Report {
        text: text.into(),
        published: NaiveDate::from_ymd_opt(published.0, published.1, published.2).expect("date"),
        source: "test".into(),
        url: String::new(),
        id: None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn a_clauses_places_are_sorted_by_what_the_words_say() {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        let report = test_report(
            "Gunmen attacked the village of Larkhabi near Kunduz in Kunduz province on Monday, \
             officials in Kabul said.",
            (2024, 3, 5),
        );
        let sentences = text::sentences(&report.text);
        let scan = scan::scan_report(&g, &report, &sentences, &HashSet::new());
        let setting = Setting {
            country: scan::report_country(&scan.votes),
            named: &scan.named,
            named_land: &scan.named_land,
            provinces: &scan.provinces,
        };
        let mut resolved = resolve::resolve_report(&g, &report, &scan.scans, &setting).named;
        let (mut last_admin, mut memo) = (None, HashMap::new());
        let places = sort_places(
            &g,
            &scan.scans[0],
            resolved.remove(0),
            &mut last_admin,
            &mut memo,
        );
        let name = |i: &u32| g.place(*i).name.to_string();
        assert_eq!(places.unlocated, ["Larkhabi"]);
        assert_eq!(
            places.nears.iter().map(name).collect::<Vec<_>>(),
            ["Kunduz"]
        );
        assert!(places.admins.iter().all(|a| g.place(*a).is_admin1()));
        assert_eq!(places.admins.len(), 1);
        // where the officials spoke is no place of the incident
        assert!(places.settlements.is_empty(), "{:?}", places.settlements);
        assert_eq!(
            places.secondaries.iter().map(name).collect::<Vec<_>>(),
            ["Kabul"]
        );
        // the province spoken of last, for the clauses after: Kabul's
        assert_eq!(
            last_admin.map(|a| g.place(a).name.to_string()).as_deref(),
            Some("Kabul")
        );
    }
}
