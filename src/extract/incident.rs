//! The incident stage: clause by clause, each reading ([`Told`]) continues the incident told
//! before, starts a new one at its place, or waits for a later clause to place it. Dates carry
//! from clause to clause; background, threats and aggregate tolls start no incident. The
//! result is one [`Draft`] per incident told, before the report's drafts merge.

use chrono::NaiveDate;

use crate::event::EventType;
use crate::gazetteer::Gazetteer;

use super::background::{is_aggregate, is_appeal, is_background, is_threat, MAX_AGE_DAYS};
use super::clause_places::{ClausePlaces, Placement};
use super::dates::{self, DateCue, EventDate};
use super::kinds::{self, SubType};
use super::merge;
use super::places::{located, province_point, Located};
use super::reading::{self, byte_range, locates_incident, Clues, Told};
use super::resolve::ReportPlaces;
use super::scan::ClauseScan;
use super::text::Token;

/// Protest words that name a march, a rally or a protest outright: every one of
/// `lexicon::events`' protest triggers but "gathered" (62).
const PROTEST_WORD_RANK: u8 = 61;

/// An event while the report is read: built up from one or more clauses.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub at: Located,
    pub date: EventDate,
    pub event_type: EventType,
    pub sub_type: SubType,
    pub rank: u8,
    pub fatalities: Option<u32>,
    /// The highest firm count any statement of the incident gave.
    pub fatalities_max: Option<u32>,
    /// `fatalities` is one person named without a number ([`Told::implicit_count`]).
    pub implicit_count: bool,
    /// `fatalities` was told as more dead beside a toll not yet in this draft
    /// ([`Told::adds_to_toll`]): a telling of the incident with a toll adds to it.
    pub adds_to_toll: bool,
    /// The side all of `fatalities` belong to, while one noun names it for every count.
    pub side: Option<super::numbers::Side>,
    pub clues: Clues,
    /// Places the report says hold this one ("Hodeidah's district of X"): an event told at
    /// one of them on the same day is this incident told with the wider place.
    pub held_by: Vec<u32>,
    pub actors: Vec<(String, bool)>,
    pub actor1: Option<String>,
    pub notes: Vec<String>,
    /// The province-only placement of an event whose report names the province alone.
    pub province_only: bool,
    /// No clause of the report gave a date before or in this one: the date is the
    /// publication day by default.
    pub undated: bool,
    /// The clause that made this draft gave no date of its own (it took the date of the
    /// clause before, or the publication day).
    pub borrowed_date: bool,
    /// The clause's only date is the day a source spoke ("…, police said on Wednesday").
    pub spoken_date: bool,
    /// The clause calls its incident a separate one ("in a separate clash"): it is never
    /// taken for a wider telling of another.
    pub separate: bool,
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

/// Adds a clause to the draft of the incident it continues.
fn absorb(d: &mut Draft, told: &Told<'_>) {
    if d.notes.last().is_none_or(|n| n != told.text) {
        d.notes.push(told.text.to_string());
    }
    merge::keep_first_count(
        d,
        merge::Count {
            count: told.fatalities,
            highest: told.fatalities,
            implicit: told.implicit_count,
            adds: told.adds_to_toll,
            side: told.side,
            words: &told.clues.fatalities,
        },
    );
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
    // "… Police used tear gas": how the protest told before was met
    if let (EventType::Protests, Some(response)) = (d.event_type, told.protest_response) {
        if kinds::protest_severity(response) > kinds::protest_severity(d.sub_type) {
            d.sub_type = response;
        }
    }
}

/// The date a clause gives its incident, and how.
struct ClauseDate {
    date: EventDate,
    /// The clause named a day of its own.
    own: bool,
    /// The words that dated it.
    words: Option<std::ops::Range<usize>>,
    /// No clause gave the incident's day yet (a lede dated only by when sources spoke).
    undated: bool,
    /// The date is only when sources spoke ("said on Tuesday").
    spoken: bool,
}

/// The incidents of one report as its clauses are read in order.
pub(super) struct Incidents<'a> {
    gazetteer: &'a Gazetteer,
    published: NaiveDate,
    /// The demonym of the report's country (its forces are state actors).
    home: Option<&'static str>,
    drafts: Vec<Draft>,
    /// The date a clause without one of its own takes: the last one given.
    carry: EventDate,
    /// The sentence whose clause gave `carry` a date of its own.
    carry_sentence: usize,
    /// The date of the last clause that was background for its age ("On August 3, 2014, …"),
    /// until a later date of its own: what "that month" or "the same day" right after means.
    old_carry: Option<EventDate>,
    /// A clause has dated an incident (not only when sources spoke).
    dated_before: bool,
    /// An incident told without a place yet ("three were killed in the attack"), waiting
    /// for "it took place in X".
    placeless: Option<Told<'a>>,
    /// The sentence that told the incident without a place.
    placeless_sentence: usize,
    /// The draft the last event clause went to.
    previous: Option<usize>,
    /// The last event clause was skipped (background, threat, aggregate).
    previous_skipped: bool,
    previous_sentence: usize,
}

impl<'a> Incidents<'a> {
    pub(super) fn new(
        gazetteer: &'a Gazetteer,
        published: NaiveDate,
        home: Option<&'static str>,
    ) -> Self {
        Incidents {
            gazetteer,
            published,
            home,
            drafts: Vec::new(),
            carry_sentence: usize::MAX,
            old_carry: None,
            carry: EventDate {
                date: published,
                precision: 1,
            },
            dated_before: false,
            placeless: None,
            placeless_sentence: usize::MAX,
            previous: None,
            previous_skipped: false,
            previous_sentence: usize::MAX,
        }
    }

    /// Reads one clause (`found`: its event words; `places`: its sorted places; `report`:
    /// what the whole report says of places).
    pub(super) fn read(
        &mut self,
        scan: &ClauseScan<'a>,
        found: &[kinds::Found],
        places: &ClausePlaces,
        report: &ReportPlaces,
    ) {
        let decided = kinds::decide_in(found, &scan.tokens);
        if decided.is_none() && self.place_found_victims(scan, places) {
            return;
        }
        if decided.is_none() && self.meets_previous_protest(scan, places) {
            return;
        }
        if self.dates_previous(scan, places) {
            return;
        }
        // "It took place on the outskirts of X": where the incident told before without a
        // place happened
        let locating =
            decided.is_none() && self.placeless.is_some() && locates_incident(&scan.tokens);
        if decided.is_none() && !locating {
            return;
        }
        let same_sentence = scan.sentence == self.previous_sentence;
        self.previous_sentence = scan.sentence;
        let Some(date) = self.date_of(scan, decided) else {
            self.previous_skipped = true;
            self.previous = None;
            return;
        };
        let told = match (decided, self.placeless.take()) {
            (Some(decider), earlier) => {
                let own = reading::read_clause(
                    &scan.tokens,
                    scan.text,
                    decider,
                    date.words.clone(),
                    self.home,
                );
                // "the attack occurred on Monday in X": this clause places the incident
                // told before without a place
                if locates_incident(&scan.tokens) {
                    match earlier {
                        Some(earlier) => own.placing(&earlier),
                        None => own,
                    }
                } else {
                    self.placeless = earlier;
                    own
                }
            }
            (None, Some(earlier)) => earlier,
            (None, None) => return,
        };
        let points: Vec<(Located, bool)> =
            match places.placement(self.gazetteer, report, self.drafts.is_empty()) {
                Placement::At(points) => points.into_iter().map(|l| (l, false)).collect(),
                Placement::Province(a) => {
                    // "officials in Helmand said ...": a province holding the event just told
                    if let Some(p) = self.previous.filter(|&p| self.holds(a, p, date.date)) {
                        absorb(&mut self.drafts[p], &told);
                        return;
                    }
                    province_point(self.gazetteer, a, None)
                        .map(|l| (l, true))
                        .into_iter()
                        .collect()
                }
                Placement::Nowhere => Vec::new(),
            };
        if points.is_empty() {
            self.continue_previous(scan, told, &date, same_sentence);
        } else {
            self.start(scan, told, &date, points, places);
        }
    }

    /// The drafts, one per incident told, in the order told.
    pub(super) fn into_drafts(self) -> Vec<Draft> {
        self.drafts
    }

    /// "The raid happened late on Tuesday": a clause that says when the incident just told
    /// took place (a definite "the …"/"it" and "happened", "took place" or "occurred", a day
    /// of its own, no place of its own) dates that incident where it had only the day the
    /// sources spoke, the publication day or a vaguer date ("last week"). Whether it did.
    fn dates_previous(&mut self, scan: &ClauseScan<'_>, places: &ClausePlaces) -> bool {
        let tokens = &scan.tokens;
        let definite = tokens
            .first()
            .is_some_and(|t| matches!(t.lower.as_str(), "the" | "it" | "this"));
        if !definite || !locates_incident(tokens) {
            return false;
        }
        if !places.settlements.is_empty() || !places.unlocated.is_empty() {
            return false;
        }
        let Some(p) = self.previous else {
            return false;
        };
        let Some((DateCue::Own(day), false, at)) = dates::find_with_source(tokens, self.published)
        else {
            return false;
        };
        let d = &mut self.drafts[p];
        let vague = d.undated
            || d.borrowed_date
            || d.date.precision > day.precision && d.date.covers(day.date);
        if !vague || day.date > self.published {
            return false;
        }
        d.date = day;
        d.undated = false;
        d.borrowed_date = false;
        d.spoken_date = false;
        d.clues.date = byte_range(tokens, at..at + 1);
        if d.notes.last().is_none_or(|n| n != scan.text) {
            d.notes.push(scan.text.to_string());
        }
        self.carry = day;
        self.carry_sentence = scan.sentence;
        self.old_carry = None;
        self.dated_before = true;
        true
    }

    /// "Hundreds marched in X. Police fired tear gas to disperse them": a clause with no event
    /// word and no place of its own that tells how the protest told just before was met.
    /// Whether it did.
    fn meets_previous_protest(&mut self, scan: &ClauseScan<'_>, places: &ClausePlaces) -> bool {
        let Some(p) = self
            .previous
            .filter(|&p| self.drafts[p].event_type == EventType::Protests)
        else {
            return false;
        };
        let Some(response) = kinds::protest_response(&scan.tokens) else {
            return false;
        };
        if !places.settlements.is_empty() || !places.nears.is_empty() {
            return false;
        }
        let d = &mut self.drafts[p];
        if kinds::protest_severity(response) > kinds::protest_severity(d.sub_type) {
            d.sub_type = response;
        }
        // the force that met it is the protest's other side
        for a in super::actors::find(&scan.tokens, self.home) {
            let side = (a.name, a.state);
            if !d.actors.contains(&side) {
                d.actors.push(side);
            }
        }
        if d.notes.last().is_none_or(|n| n != scan.text) {
            d.notes.push(scan.text.to_string());
        }
        true
    }

    /// "The bodies were found at a bar near the town of X": a clause with no event word
    /// places the province-wide incident told just before. Whether it did.
    fn place_found_victims(&mut self, scan: &ClauseScan<'_>, places: &ClausePlaces) -> bool {
        let Some(p) = self.previous.filter(|&p| self.drafts[p].province_only) else {
            return false;
        };
        let Some(at) = finding_place(
            self.gazetteer,
            &scan.tokens,
            &self.drafts[p],
            &places.settlements,
            &places.nears,
        ) else {
            return false;
        };
        let d = &mut self.drafts[p];
        if let Some(words) = places.place_words.get(&at.place) {
            d.clues.place = Some(words.clone());
        }
        d.at = at;
        d.province_only = false;
        if d.notes.last().is_none_or(|n| n != scan.text) {
            d.notes.push(scan.text.to_string());
        }
        true
    }

    /// The date of a clause's incident, or none when the clause is background (long before
    /// publication, a trial, a commemoration, a threat, an appeal) or an aggregate toll.
    fn date_of(
        &mut self,
        scan: &ClauseScan<'_>,
        decided: Option<kinds::Found>,
    ) -> Option<ClauseDate> {
        let (cue, spoken, words) = match dates::find_with_source(&scan.tokens, self.published) {
            Some((cue, spoken, at)) => (Some(cue), spoken, byte_range(&scan.tokens, at..at + 1)),
            None => (None, false, None),
        };
        // a lede dated only by when sources spoke has no date of the incident yet
        let undated = (cue.is_none() || spoken) && !self.dated_before;
        self.dated_before |= cue.is_some() && !spoken;
        let carry = match cue {
            Some(DateCue::Same | DateCue::Shift(_)) => self.old_carry.unwrap_or(self.carry),
            _ => self.carry,
        };
        // "…killed nine on Saturday, and separately abducted 15, officials said on Monday":
        // when the sources spoke is no date of the second incident the sentence tells
        let spoken_after_own = spoken && self.carry_sentence == scan.sentence;
        let date = match cue {
            Some(DateCue::Own(_)) if spoken_after_own => carry,
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
        let old = (self.published - date.date).num_days() > MAX_AGE_DAYS;
        match cue {
            Some(DateCue::Own(_)) if old && !spoken => self.old_carry = Some(date),
            Some(DateCue::Own(_)) if !spoken => self.old_carry = None,
            _ => {}
        }
        let threat = decided.is_some_and(|d| {
            is_threat(&scan.tokens, d.at)
                || super::background::is_flight_cause(&scan.tokens, d.at)
                || d.trigger.event_type == EventType::StrategicDevelopments
                    && is_appeal(&scan.tokens, d.at)
        });
        let rank = decided.map(|d| d.trigger.rank);
        // (a march or a rally, not people who "gathered")
        let protest = decided.is_some_and(|d| {
            d.trigger.event_type == EventType::Protests && d.trigger.rank <= PROTEST_WORD_RANK
        });
        if old || is_background(&scan.tokens, rank, protest) || threat {
            return None;
        }
        if matches!(cue, Some(DateCue::Own(_))) && !spoken {
            self.carry_sentence = scan.sentence;
        }
        self.carry = date;
        if is_aggregate(&scan.tokens) {
            return None;
        }
        Some(ClauseDate {
            date,
            own: matches!(cue, Some(DateCue::Own(_))),
            words,
            undated,
            spoken,
        })
    }

    /// Whether province `a` holds draft `p`'s place and `p` is of day `date`.
    fn holds(&self, a: u32, p: usize, date: EventDate) -> bool {
        let at = self.gazetteer.place(self.drafts[p].at.place);
        self.drafts[p].date == date && self.gazetteer.admin1_index_of(at) == Some(a)
    }

    /// A reading with no place of its own: the incident told before, told in more words; or
    /// (when there is none of that day) an incident waiting for its place.
    fn continue_previous(
        &mut self,
        scan: &ClauseScan<'_>,
        told: Told<'a>,
        date: &ClauseDate,
        same_sentence: bool,
    ) {
        // ("X condemned the shelling of a hospital in El Fasher. On Saturday, shells hit the
        // compound, killing two": the day the lede did not give)
        let dates_lede = |d: &Draft| d.undated && date.own && !date.spoken;
        match self.previous {
            Some(p)
                if !date.own || self.drafts[p].date == date.date || dates_lede(&self.drafts[p]) =>
            {
                let d = &mut self.drafts[p];
                if dates_lede(d) {
                    d.date = date.date;
                    d.undated = false;
                    d.borrowed_date = false;
                    d.spoken_date = false;
                    d.clues.date.clone_from(&date.words);
                }
                absorb(&mut self.drafts[p], &told);
                split_second_day(&mut self.drafts, p, &scan.tokens, self.published);
            }
            _ => {
                if !self.previous_skipped || same_sentence {
                    self.previous = None;
                }
                if self.placeless.is_none() {
                    self.placeless = Some(told);
                    self.placeless_sentence = scan.sentence;
                }
            }
        }
    }

    /// A new incident (one draft per point) at `points`.
    fn start(
        &mut self,
        scan: &ClauseScan<'_>,
        told: Told<'a>,
        date: &ClauseDate,
        points: Vec<(Located, bool)>,
        places: &ClausePlaces,
    ) {
        self.previous_skipped = false;
        // "25 were killed in clashes on Saturday. The fighting broke out near X": the toll
        // told before without a place is this incident's, when this clause gives none
        // (the same kind of event, told in the sentence right before)
        // ("Russian forces launched a wave of drones overnight. In X, two people were killed
        // when one hit a house": the side told before is this incident's, when this clause
        // names none, though it has its own toll)
        // (not when the two name different sides acting: "An Israeli strike on a village the
        // gazetteer lacks killed three. Hezbollah fired rockets at X in response" is two
        // incidents, and the strike's toll is not the rockets')
        let (told, told_before) = match self.placeless.take() {
            Some(earlier)
                if earlier.event_type == told.event_type
                    && self.placeless_sentence + 1 == scan.sentence
                    && (earlier.actor1.is_none()
                        || told.actor1.is_none()
                        || earlier.actor1 == told.actor1) =>
            {
                if told.fatalities.is_none() && earlier.fatalities.is_some() {
                    (told.placing(&earlier), Some(earlier.text))
                } else {
                    (told.with_sides_of(&earlier), None)
                }
            }
            _ => (told, None),
        };
        // "Another strike near X killed …": one more of the kind told before, by the same side
        // when this clause names none
        let mut told = told;
        let another = scan.tokens.windows(2).any(|p| {
            p[0].lower == "another"
                && matches!(
                    p[1].lower.as_str(),
                    "strike" | "airstrike" | "air" | "drone" | "attack" | "raid" | "bombing"
                )
        });
        if let Some(last) = self
            .drafts
            .last()
            .filter(|_| another && told.actor1.is_none())
        {
            if last.event_type == told.event_type {
                told.actor1.clone_from(&last.actor1);
                for a in &last.actors {
                    if Some(&a.0) == last.actor1.as_ref() && !told.actors.contains(a) {
                        told.actors.push(a.clone());
                    }
                }
            }
        }
        let separate = scan.tokens.iter().any(|t| {
            t.text.eq_ignore_ascii_case("separate") || t.text.eq_ignore_ascii_case("separately")
        });
        let mut first = None;
        for (at, province_only) in points {
            let mut clues = told.clues.clone();
            clues.place = places
                .place_words
                .get(&at.place)
                .or_else(|| places.raw_words.get(&at.location))
                .cloned();
            if clues.date.is_none() {
                clues.date.clone_from(&date.words);
            }
            self.drafts.push(Draft {
                clues,
                held_by: places.holder_places.clone(),
                at,
                date: date.date,
                event_type: told.event_type,
                sub_type: told.sub_type,
                rank: told.rank,
                fatalities: told.fatalities,
                fatalities_max: told.fatalities,
                implicit_count: told.implicit_count,
                adds_to_toll: told.adds_to_toll,
                side: told.side,
                actors: told.actors.clone(),
                actor1: told.actor1.clone(),
                notes: told_before
                    .into_iter()
                    .chain([told.text])
                    .map(str::to_string)
                    .collect(),
                province_only,
                undated: date.undated,
                borrowed_date: !date.own || date.spoken,
                spoken_date: date.spoken,
                separate,
            });
            first.get_or_insert(self.drafts.len() - 1);
        }
        if let Some(p) = first {
            split_second_day(&mut self.drafts, p, &scan.tokens, self.published);
        }
        self.previous = first;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{drafts, test_report};
    use super::*;

    fn incidents(text: &str) -> Vec<Draft> {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        drafts(&g, &test_report(text, (2024, 3, 6)), &Default::default()).expect("not cancelled")
    }

    #[test]
    fn a_clause_without_a_place_continues_the_incident_before() {
        let d = incidents(
            "Militants stormed a police post in Kunduz on Monday. Two policemen were killed \
             in the fighting.",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].fatalities, Some(2));
        assert_eq!(d[0].notes.len(), 2);
        assert_eq!(d[0].date.date.to_string(), "2024-03-04");
    }

    #[test]
    fn an_incident_told_without_a_place_waits_for_where_it_took_place() {
        let d = incidents(
            "Three people were killed in a bombing on Tuesday. The attack happened at a \
             market in Kandahar.",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].at.location.starts_with("Kandah"), "{:?}", d[0].at);
        assert_eq!(d[0].fatalities, Some(3));
        assert_eq!(d[0].date.date.to_string(), "2024-03-05");
    }

    #[test]
    fn background_and_threats_start_no_incident() {
        assert!(incidents("In 2009, militants killed forty people in Kunduz.").is_empty());
        assert!(incidents("The militia threatened to attack Kunduz on Monday.").is_empty());
    }

    #[test]
    fn a_later_province_mention_of_the_same_day_is_the_incident_told_before() {
        let d = incidents(
            "Gunmen shot dead two farmers in Lashkar Gah on Monday. The fighting in Helmand \
             province also killed a guard.",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(!d[0].province_only);
    }
}
