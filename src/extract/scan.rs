//! The first stage of reading a report: its clauses and the place names in them, with what
//! the words around each name say (a cue, a province noun, a speaker), and what the report as
//! a whole says about where it is: votes for its country, the countries and provinces it
//! names. The second stage (`super::extract`) turns these mentions into incidents.

use std::collections::{HashMap, HashSet};

use crate::gazetteer::{Context, CountryCode, Gazetteer, MatchKind};
use crate::geoparse;

use super::background::{self, is_boilerplate};
use super::text::{Sentence, Token};
use super::{actors, dateline, dates, toponyms, Report};

/// Bearers of a name looked at when it votes for the report's country.
const VOTE_CANDIDATES: usize = 5;

/// Fewest people of a dateline's city for it to vote for the report's country.
const DATELINE_MIN_POPULATION: u64 = 100_000;

/// One clause of a report and the place names found in it.
pub(super) struct ClauseScan<'a> {
    pub sentence: usize,
    pub headline: bool,
    pub text: &'a str,
    pub tokens: Vec<Token<'a>>,
    pub mentions: Vec<toponyms::Mention>,
}

/// What the first stage hands the second: the clauses with their mentions, and what the
/// report says about its country and provinces.
pub(super) struct ReportScan<'a> {
    pub scans: Vec<ClauseScan<'a>>,
    /// Votes of place names, demonyms and actors for the report's country.
    pub votes: HashMap<CountryCode, u32>,
    /// The part of `votes` that place names gave (not demonyms, actors or datelines): what
    /// decides between countries with as many votes.
    pub place_votes: HashMap<CountryCode, u32>,
    /// Countries the report names, by name or demonym.
    pub named: HashSet<CountryCode>,
    /// Countries named as places (by name, or "the Syrian town of"), not only as whose actors.
    pub named_land: HashSet<CountryCode>,
    /// Provinces the report names (by their first-ranked reading).
    pub provinces: HashSet<u32>,
    /// The city of the first dateline the gazetteer knows (its most populous reading).
    pub dateline_city: Option<u32>,
}

/// Reads the clauses of a report's sentences for place names, skipping boilerplate,
/// datelines and the causes told after an incident ("in retaliation for …").
pub(super) fn scan_report<'a>(
    gazetteer: &Gazetteer,
    report: &'a Report,
    sentences: &[Sentence<'a>],
    lower_words: &HashSet<String>,
) -> ReportScan<'a> {
    let multi_line = report.text.trim().contains('\n');
    let datelines = dateline::ranges(&report.text);
    // words of persons' names ("Austin Agbonlahor")
    let persons = geoparse::recognize::persons(gazetteer, &report.text);
    let mut scans: Vec<ClauseScan<'_>> = Vec::new();
    let mut votes: HashMap<CountryCode, u32> = HashMap::new();
    let mut place_votes: HashMap<CountryCode, u32> = HashMap::new();
    // countries the report names, by name or demonym
    let mut named: HashSet<CountryCode> = HashSet::new();
    // countries named as places (by name, or "the Syrian town of"), not only as whose actors
    let mut named_land: HashSet<CountryCode> = HashSet::new();
    // provinces the report names (by their first-ranked reading)
    let mut provinces: HashSet<u32> = HashSet::new();
    let any = Context::default();
    let mut dateline_city: Option<u32> = None;
    // "KABUL, March 3 -": where the story was filed is weak evidence of its country
    for r in &datelines {
        let line = report.text.get(r.clone()).unwrap_or("");
        let city = line
            .split([',', '(', '\u{2013}', '\u{2014}'])
            .next()
            .unwrap_or("")
            .trim_end_matches(['-', ' ']);
        let readings: Vec<(u32, &crate::gazetteer::Place)> = gazetteer
            .lookup_names(city.trim(), &any, VOTE_CANDIDATES)
            .into_iter()
            .map(|c| (c.index, gazetteer.place(c.index)))
            .filter(|(_, p)| p.population >= DATELINE_MIN_POPULATION)
            .collect();
        if let Some((_, p)) = readings.iter().max_by_key(|(_, p)| p.population) {
            *votes.entry(p.country).or_default() += 1;
        }
        // (the city itself, not the district around it that bears its name)
        if let Some((i, _)) = readings
            .iter()
            .filter(|(_, p)| p.feature_class == b'P')
            .max_by_key(|(_, p)| p.population)
        {
            dateline_city.get_or_insert(*i);
        }
    }
    for (si, s) in sentences.iter().enumerate() {
        if is_boilerplate(s.text) {
            continue;
        }
        for clause in &s.clauses {
            // the dateline is no part of what the clause tells: no place, no date
            let mut clause: Vec<Token<'_>> = clause
                .iter()
                .filter(|t| !datelines.iter().any(|r| r.contains(&t.start)))
                .cloned()
                .collect();
            // "… in retaliation for an attack that killed 24 in X": the cause told after it
            // is an earlier incident, not where or how this one happened
            clause.truncate(background::cause_starts(&clause).unwrap_or(clause.len()));
            if clause.is_empty() {
                continue;
            }
            let clause = &clause;
            let actor_mentions = actors::find(clause, None);
            let mut masked = vec![false; clause.len()];
            for a in &actor_mentions {
                masked[a.start..a.end].iter_mut().for_each(|m| *m = true);
                let tied = actors::ACTOR_COUNTRIES.iter().find(|(n, _)| *n == a.name);
                if let Some(cc) = tied.and_then(|(_, c)| CountryCode::parse(c).ok()) {
                    *votes.entry(cc).or_default() += 2;
                }
            }
            for (k, t) in clause.iter().enumerate() {
                if dates::is_calendar_word(t) {
                    masked[k] = true;
                }
                // the actors' demonyms, else any the gazetteer knows ("Haitian")
                let code = actors::demonym(&t.lower).map(|(code, _)| code).or_else(|| {
                    // (a word, not a short form: "US" and "DRC" stay names)
                    let word = t.is_capitalised() && t.text.chars().skip(1).all(char::is_lowercase);
                    let c = gazetteer.demonym(t.text).filter(|_| word)?;
                    let c = gazetteer.place(c);
                    c.is_country().then(|| c.country.as_str())
                });
                if let Some(code) = code {
                    masked[k] = true;
                    if let Ok(cc) = CountryCode::parse(code) {
                        // "Mozambican police said", "Ukrainian officials": a country's own
                        // authorities speak of what happened in it (its army may fight abroad)
                        let at_home = clause.get(k + 1).is_some_and(|n| {
                            matches!(
                                n.lower.as_str(),
                                "police"
                                    | "officials"
                                    | "authorities"
                                    | "prosecutors"
                                    | "residents"
                                    | "villagers"
                                    | "emergency"
                                    | "rescuers"
                            )
                        });
                        *votes.entry(cc).or_default() += if at_home { 2 } else { 1 };
                        named.insert(cc);
                        // "the Ukrainian village of X" names the country as a place;
                        // "Ukrainian troops" only says whose troops
                        if names_land(&clause[k + 1..]) {
                            named_land.insert(cc);
                        }
                    }
                }
            }
            let mut mentions = toponyms::find(gazetteer, clause, &masked, lower_words);
            // a one-word name the report also uses in a person's name, with no place word
            // before it ("police commissioner Austin Agbonlahor"), is that person
            mentions.retain(|m| {
                m.cued || m.end > m.start + 1 || !persons.contains(clause[m.start].text)
            });
            for m in &mentions {
                let cands = gazetteer.lookup_names(&m.raw, &any, VOTE_CANDIDATES);
                // the most populous bearer of the name votes ("Borno" is the Nigerian state
                // before a German town spelt alike), but a town that bears it only as another
                // name does not where one bears it as its own ("Pokrovsk" in Ukraine before
                // Engels, once called Pokrovsk), unless that one is a hamlet beside it ("Jenin",
                // a Polish village of 1,100, does not outvote Janin in the West Bank)
                let own_pop = cands
                    .iter()
                    .filter(|c| c.matched <= MatchKind::Exact)
                    .map(|c| gazetteer.place(c.index).population)
                    .max();
                let Some(c) = cands
                    .iter()
                    .filter(|c| {
                        let p = gazetteer.place(c.index);
                        own_pop.is_none_or(|own| own.saturating_mul(10) < p.population)
                            || c.matched <= MatchKind::Exact
                            || p.feature_class != b'P'
                    })
                    .max_by_key(|c| gazetteer.place(c.index).population)
                else {
                    continue;
                };
                let p = gazetteer.place(c.index);
                // a sea lies in no one country
                if p.is_sea() {
                    continue;
                }
                // a name found in several countries is weak evidence for any of them
                let ambiguous = cands.iter().any(|o| {
                    let o = gazetteer.place(o.index);
                    o.country != p.country && o.population >= p.population / 10
                });
                let weight = if ambiguous {
                    1
                } else if p.is_admin1() {
                    3
                } else if p.is_country()
                    || p.population >= 100_000
                    // a district's name ("North Waziristan") is as telling as a city's
                    || &*p.feature_code == "ADM2"
                {
                    2
                } else if m.cued {
                    // a village's name, even in a place phrase, may be a homonym of one the
                    // gazetteer lacks: it counts less than a city
                    1
                } else {
                    0
                };
                *votes.entry(p.country).or_default() += weight;
                *place_votes.entry(p.country).or_default() += weight;
                // "X province" names the province even where a town X ranks first
                let province = if m.hint == crate::gazetteer::PlaceKind::Admin1 {
                    cands.iter().find(|c| gazetteer.place(c.index).is_admin1())
                } else {
                    Some(c).filter(|_| p.is_admin1())
                };
                if let Some(a) = province {
                    provinces.insert(a.index);
                } else if m.hint == crate::gazetteer::PlaceKind::Admin1
                    || clause
                        .get(m.end)
                        .is_some_and(|t| matches!(t.lower.as_str(), "district" | "districts"))
                {
                    // "X district": the province that holds the district is named too (a
                    // look-alike spelling elsewhere in the country is no place of this report)
                    let district = cands
                        .iter()
                        .map(|c| gazetteer.place(c.index))
                        .find(|p| &*p.feature_code == "ADM2");
                    if let Some(a) = district.and_then(|d| gazetteer.admin1_index_of(d)) {
                        provinces.insert(a);
                    }
                }
                if p.is_country() {
                    named.insert(p.country);
                    named_land.insert(p.country);
                }
            }
            scans.push(ClauseScan {
                sentence: si,
                headline: s.headline && multi_line,
                text: s.text,
                tokens: clause.clone(),
                mentions,
            });
        }
    }
    named_again(gazetteer, &mut scans);
    ReportScan {
        scans,
        votes,
        place_votes,
        named,
        named_land,
        provinces,
        dateline_city,
    }
}

/// "M23 seized the town of Rubaya … nine were killed in Rubaya": a name the gazetteer lacks
/// that the report once called a town or village is that settlement wherever the report names
/// it again, cue or not.
fn named_again(gazetteer: &Gazetteer, scans: &mut [ClauseScan<'_>]) {
    let mut settlements: Vec<String> = scans
        .iter()
        .flat_map(|s| &s.mentions)
        .filter(|m| m.settlement_cue && !gazetteer.has_name(&m.raw))
        .map(|m| m.raw.clone())
        .collect();
    settlements.sort();
    settlements.dedup();
    if settlements.is_empty() {
        return;
    }
    let by_first = toponyms::settlement_names(&settlements);
    for scan in scans.iter_mut() {
        // (a name matched only by a look-alike elsewhere is that settlement too)
        for m in &mut scan.mentions {
            if !m.settlement_cue && settlements.binary_search(&m.raw).is_ok() {
                m.settlement_cue = true;
                m.cued = true;
            }
        }
        let found = toponyms::named_settlements(&scan.tokens, &scan.mentions, &by_first);
        if !found.is_empty() {
            scan.mentions.extend(found);
            scan.mentions.sort_by_key(|m| m.start);
        }
    }
}

impl ReportScan<'_> {
    /// The country the report is about, from votes of its place names and demonyms; between
    /// countries with as many votes, the one its place names voted for more.
    pub(super) fn country(&self) -> Option<CountryCode> {
        let places = |c: &CountryCode| self.place_votes.get(c).copied().unwrap_or(0);
        self.votes
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then(places(a.0).cmp(&places(b.0)))
                    .then(b.0.as_str().cmp(a.0.as_str()))
            })
            .map(|(c, _)| *c)
    }
}

/// Whether the words after a demonym make it name the country as a place ("the Syrian city
/// of", "the Iranian border", "on Turkish soil").
fn names_land(after: &[Token<'_>]) -> bool {
    after.iter().take(2).any(|t| {
        matches!(
            t.lower.as_str(),
            "city"
                | "town"
                | "village"
                | "region"
                | "province"
                | "state"
                | "border"
                | "capital"
                | "territory"
                | "side"
                | "district"
                | "port"
                | "soil"
                | "airspace"
                | "coast"
                | "island"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_keep_their_places_without_datelines_or_causes() {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        let report = super::super::test_report(
            "KABUL, March 4 (Wire) - Gunmen killed four guards in Kunduz on Monday in \
                   retaliation for a raid in Herat.",
            (2024, 3, 5),
        );
        let sentences = super::super::text::sentences(&report.text);
        let r = scan_report(&g, &report, &sentences, &HashSet::new());
        let names: Vec<&str> = r
            .scans
            .iter()
            .flat_map(|s| s.mentions.iter().map(|m| m.raw.as_str()))
            .collect();
        // the dateline's city and the place of the cause told after are no mentions
        assert_eq!(names, ["Kunduz"]);
        assert_eq!(
            r.country().map(|c| c.as_str().to_string()),
            Some("AF".into())
        );
    }
}
