//! The candidates of every mention of a document, and what is known about each: the numbers
//! the resolver's learned weights ([`super::model`]) turn into a choice.
//!
//! Features of a candidate place for one mention fall in two groups:
//! * **the place and the name alone** — how the name matched (main name, alternate,
//!   demonym, consonant skeleton), its population and its rank by population among the
//!   candidates, its feature type (country, province, district, capital, town, river …);
//! * **the document** — computed from every *other* name of the text, as a first pass with the
//!   name-only weights resolved it: the share of those names that lie in the candidate's
//!   country and in its province, the distance to the nearest of them, whether the candidate's
//!   province or country is itself named, or named right after it ("Paris, Texas"), and the
//!   country the caller gave.

use rustc_hash::FxHashMap;

use crate::gazetteer::rank::{distance_km, score as prior_score};
use crate::gazetteer::{Context, CountryCode, Gazetteer, MatchKind, Place};
use rstar::primitives::GeomWithData;
use rstar::RTree;

use super::span::{Indexed, Span};

/// Names of the features, in the order of a row. The weights file names them.
pub const FEATURES: &[&str] = &[
    "match_exact",
    "match_alias",
    "match_skeleton",
    "demonym",
    "log_population",
    "population_gap",
    "most_populous",
    "country",
    "admin1",
    "admin2",
    "continent",
    "capital",
    "admin_seat",
    "populated",
    "other_feature",
    "prior",
    "country_share",
    "admin1_share",
    "near",
    "distance",
    "named_admin1",
    "named_country",
    "adjacent_parent",
    "hint_country",
    "top_country",
    "small_place_top_country",
    "capital_of_namesake",
    "province_named_like_country",
    "city_of_namesake_province",
    "capital_of_namesake_country",
    "area_word",
    "listed_with_same_kind",
];

/// Number of features.
pub const N: usize = FEATURES.len();
/// Index of the first document feature: the name-only (first pass) model ignores the rest.
pub const FIRST_CONTEXT: usize = 16;

/// Candidates kept per mention, the most likely by name alone first.
pub const MAX_CANDIDATES: usize = 40;

/// One candidate place of a mention and its feature row.
#[derive(Debug, Clone)]
pub struct CandidateRow {
    pub index: u32,
    pub matched: MatchKind,
    pub demonym: bool,
    pub x: [f32; N],
}

/// A mention and its candidates.
#[derive(Debug, Clone)]
pub struct MentionRows {
    pub span: Span,
    pub candidates: Vec<CandidateRow>,
    /// Name key grouping mentions of one name (they vote once).
    key: String,
}

/// The name a mention asks the gazetteer for: possessive and a leading article dropped.
pub fn query_name(raw: &str) -> &str {
    let mut s = raw.trim();
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest;
            break;
        }
    }
    for prefix in ["the ", "The ", "THE "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest;
        }
    }
    s.trim()
}

/// The country a demonym, its plural or a short form names ("Syrian", "Syrians", "UK").
pub fn demonym(gazetteer: &Gazetteer, name: &str) -> Option<u32> {
    gazetteer.demonym(name).or_else(|| {
        name.strip_suffix('s')
            .filter(|s| s.len() > 3)
            .and_then(|s| gazetteer.demonym(s))
    })
}

/// Areas an adjective in "-n" names when the table of demonyms does not have it ("South
/// Ossetian" → South Ossetia, "Bavarian" → Bavaria): countries, provinces and districts whose
/// name is the word without its final "n", as demonym matches.
fn adjective_of_area(gazetteer: &Gazetteer, name: &str) -> Vec<(u32, MatchKind, bool)> {
    let Some(stem) = name.strip_suffix('n').filter(|s| s.ends_with(['a', 'i'])) else {
        return Vec::new();
    };
    gazetteer
        .matches(stem, false)
        .into_iter()
        .filter(|&(i, _)| {
            let p = gazetteer.place(i);
            p.is_country() || p.is_admin1() || &*p.feature_code == "ADM2"
        })
        .map(|(i, m)| (i, m, true))
        .collect()
}

/// A candidate place of a name: place index, how the name matched, whether as a demonym, and
/// the gazetteer's name-only score ([`crate::gazetteer::rank`]).
#[derive(Debug, Clone, Copy)]
pub struct Found {
    pub index: u32,
    pub matched: MatchKind,
    pub demonym: bool,
    pub prior: f64,
}

/// Candidate places for a name: its gazetteer matches, the country a demonym or short
/// spelling stands for ("Syrian", "Syrians", "UK"), and only when nothing matches, the
/// consonant skeleton. The most likely by name alone first, at most [`MAX_CANDIDATES`].
pub fn candidates(gazetteer: &Gazetteer, raw: &str) -> Vec<Found> {
    let name = query_name(raw);
    let mut found: Vec<(u32, MatchKind, bool)> = gazetteer
        .matches(name, false)
        .into_iter()
        .map(|(i, m)| (i, m, false))
        .collect();
    if let Some(country) = demonym(gazetteer, name) {
        match found.iter_mut().find(|(i, _, _)| *i == country) {
            Some(f) => f.2 = true,
            None => found.push((country, MatchKind::Alias, true)),
        }
    }
    if found.is_empty() {
        found = adjective_of_area(gazetteer, name);
    }
    // (a natural feature's name the gazetteer lacks is no misspelt town: "Fire Island" is not
    // Friesland by its consonants)
    if found.is_empty() && !super::fallback::names_natural_feature(name) {
        found = gazetteer
            .matches(name, true)
            .into_iter()
            .map(|(i, m)| (i, m, false))
            .collect();
    }
    // a town that bears a country's name as an alternate (a capital, "Mexico" for Mexico
    // City; or an old or foreign name, "Iraq" for Arak in Iran): where the name is a
    // country's own, it means the country
    let country_named: Vec<CountryCode> = found
        .iter()
        .map(|&(i, m, _)| (gazetteer.place(i), m))
        .filter(|(p, m)| p.is_country() && *m == MatchKind::Exact)
        .map(|(p, _)| p.country)
        .collect();
    found.retain(|&(i, m, _)| {
        !(m == MatchKind::Alias
            && gazetteer.place(i).feature_class == b'P'
            && !country_named.is_empty())
    });
    let any = Context::default();
    let mut scored: Vec<Found> = found
        .into_iter()
        .map(|(index, matched, demonym)| Found {
            index,
            matched,
            demonym,
            prior: prior_score(gazetteer.place(index), matched, &any),
        })
        .collect();
    scored.sort_by(|a, b| {
        b.prior
            .total_cmp(&a.prior)
            .then(
                gazetteer
                    .place(b.index)
                    .population
                    .cmp(&gazetteer.place(a.index).population),
            )
            .then(a.index.cmp(&b.index))
    });
    scored.truncate(MAX_CANDIDATES);
    scored
}

fn type_features(place: &Place, x: &mut [f32; N]) {
    let code = &*place.feature_code;
    let slot = match code {
        _ if place.is_country() || code == "TERR" => 7,
        "ADM1" => 8,
        "ADM2" => 9,
        "CONT" => 10,
        "PPLC" => 11,
        c if c.starts_with("PPLA") => 12,
        _ if place.feature_class == b'P' => 13,
        _ => 14,
    };
    x[slot] = 1.0;
}

fn log_pop(place: &Place) -> f32 {
    ((place.population as f64 + 1.0).log10() / 7.0) as f32
}

/// The rows of one mention from the name alone (document features zero).
fn name_rows(gazetteer: &Gazetteer, raw: &str) -> Vec<CandidateRow> {
    let found = candidates(gazetteer, raw);
    let max_pop = found
        .iter()
        .map(|c| gazetteer.place(c.index).population)
        .max()
        .unwrap_or(0);
    // capitals of a same-named province among the candidates ("Cairo" the city and the
    // governorate): a bare name usually means the city
    let namesake_capitals: Vec<u32> = found
        .iter()
        .filter_map(|c| gazetteer.place(c.index).capital)
        .collect();
    // a province named like a country among the candidates ("Mexico" the state): a bare name
    // is more often the country, unless the text is about the other country's provinces
    // ("Georgia" among US states)
    let named_countries: Vec<CountryCode> = found
        .iter()
        .map(|c| gazetteer.place(c.index))
        .filter(|p| p.is_country())
        .map(|p| p.country)
        .collect();
    let names_a_country = !named_countries.is_empty();
    // the largest town of a same-named province, other than its capital, among the
    // candidates ("New York" the city and the state): a bare name often means the city
    let namesake_cities: Vec<u32> = found
        .iter()
        .map(|a| gazetteer.place(a.index))
        .filter(|a| a.is_admin1())
        .filter_map(|province| {
            found
                .iter()
                .filter(|c| {
                    let p = gazetteer.place(c.index);
                    p.feature_class == b'P'
                        && p.country == province.country
                        && p.admin1_code == province.admin1_code
                })
                .max_by_key(|c| gazetteer.place(c.index).population)
                .map(|c| c.index)
                .filter(|&i| province.capital != Some(i))
        })
        .collect();
    found
        .into_iter()
        .map(|f| {
            let Found {
                index,
                matched,
                demonym,
                prior,
            } = f;
            let place = gazetteer.place(index);
            let mut x = [0f32; N];
            match matched {
                // the user's own name for a place reads as its main name
                MatchKind::User | MatchKind::Exact => x[0] = 1.0,
                MatchKind::Alias => x[1] = 1.0,
                MatchKind::Skeleton => x[2] = 1.0,
            }
            x[3] = demonym as u8 as f32;
            x[4] = log_pop(place);
            x[5] = log_pop(place) - ((max_pop as f64 + 1.0).log10() / 7.0) as f32;
            x[6] = (place.population == max_pop) as u8 as f32;
            type_features(place, &mut x);
            x[15] = prior as f32;
            x[26] = namesake_capitals.contains(&index) as u8 as f32;
            x[27] = (names_a_country && place.is_admin1()) as u8 as f32;
            x[28] = namesake_cities.contains(&index) as u8 as f32;
            // the capital of a same-named country ("Kuwait", "Panama"): a bare name usually
            // means the country, which frees the capital feature to speak for capitals
            // named otherwise ("Washington")
            x[29] = (&*place.feature_code == "PPLC" && named_countries.contains(&place.country))
                as u8 as f32;
            CandidateRow {
                index,
                matched,
                demonym,
                x,
            }
        })
        .collect()
}

/// The first pass: a mention's name-only rows → their probabilities.
pub type FirstPass<'a> = dyn Fn(&[CandidateRow]) -> Vec<f32> + 'a;

/// A first-pass belief about one distinct name: its candidates' probabilities.
struct Belief<'a> {
    key: &'a str,
    rows: &'a [CandidateRow],
    probs: Vec<f32>,
}

/// Builds the feature rows of every mention of a document. `first_pass` turns a mention's
/// name-only rows into probabilities; the document features come from those beliefs. With
/// `first_pass = None` the document features stay zero (used to learn the first pass itself).
pub fn document(
    gazetteer: &Gazetteer,
    text: &Indexed<'_>,
    spans: &[Span],
    country: Option<CountryCode>,
    first_pass: Option<&FirstPass<'_>>,
) -> Vec<MentionRows> {
    // rows by distinct name: a name repeated ten times is looked up and votes once
    let mut by_key: FxHashMap<String, Vec<CandidateRow>> = FxHashMap::default();
    let mut mentions: Vec<MentionRows> = spans
        .iter()
        .map(|&span| {
            let raw = text.slice(span);
            let key = crate::gazetteer::normalize::name_key(query_name(raw));
            let mut rows = by_key
                .entry(key.clone())
                .or_insert_with(|| name_rows(gazetteer, raw))
                .clone();
            // "the Red Sea" is the sea; Sudan's Red Sea state, named after it, is called by
            // its area word ("Red Sea state") and goes without the article
            let water = |r: &CandidateRow| gazetteer.place(r.index).is_sea();
            if rows.iter().any(water) && after_the(text, span) && area_word(text, span).is_none() {
                rows.retain(water);
            }
            MentionRows {
                span,
                candidates: rows,
                key,
            }
        })
        .collect();
    let Some(first_pass) = first_pass else {
        return mentions;
    };
    let mut keys: Vec<&String> = by_key.keys().collect();
    keys.sort();
    let beliefs: Vec<Belief<'_>> = keys
        .into_iter()
        .map(|k| {
            let rows = &by_key[k][..];
            Belief {
                key: k,
                rows,
                probs: if rows.is_empty() {
                    Vec::new()
                } else {
                    first_pass(rows)
                },
            }
        })
        .collect();
    let doc = DocumentVotes::new(gazetteer, &beliefs);
    // each name's most likely place by the first pass, for the kind of a list's other items
    let best_of: FxHashMap<&str, &Place> = beliefs
        .iter()
        .filter_map(|b| {
            let best = b
                .probs
                .iter()
                .enumerate()
                .max_by(|x, y| x.1.total_cmp(y.1))?;
            Some((b.key, gazetteer.place(b.rows[best.0].index)))
        })
        .collect();
    let listed: Vec<Vec<&Place>> = (0..mentions.len())
        .map(|m| {
            list_neighbours(text, &mentions, m)
                .filter_map(|n| best_of.get(mentions[n].key.as_str()).copied())
                .collect()
        })
        .collect();
    for m in 0..mentions.len() {
        let area = area_word(text, mentions[m].span);
        // spans may come in any order: only a mention that starts after this one ends follows it
        let next = mentions.get(m + 1).filter(|n| {
            if n.span.start < mentions[m].span.end {
                return false;
            }
            let gap = &text.text[text.byte(mentions[m].span.end)..text.byte(n.span.start)];
            gap.len() <= 3 && gap.chars().all(|c| c == ',' || c == ' ' || c == '(')
        });
        let next_parents: Vec<(CountryCode, &str, bool)> = next
            .map(|n| {
                n.candidates
                    .iter()
                    .take(5)
                    .map(|c| {
                        let p = gazetteer.place(c.index);
                        (p.country, &*p.admin1_code, p.is_country())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let own_key = mentions[m].key.clone();
        let mut rows = std::mem::take(&mut mentions[m].candidates);
        for row in &mut rows {
            let place = gazetteer.place(row.index);
            doc.fill(place, &own_key, &mut row.x);
            let adjacent = next_parents.iter().any(|&(cc, a1, is_country)| {
                cc == place.country
                    && (is_country || !a1.is_empty() && a1 == &*place.admin1_code)
                    && !place.is_country()
            });
            row.x[22] = adjacent as u8 as f32;
            row.x[23] = country.is_some_and(|c| c == place.country) as u8 as f32;
            row.x[30] = area.is_some_and(|a| a.fits(place)) as u8 as f32;
            row.x[31] = listed[m].iter().any(|other| same_kind(place, other)) as u8 as f32;
        }
        mentions[m].candidates = rows;
    }
    mentions
}

/// The level of area a word next to a name calls it ("Washington state", "the province of
/// Idlib", "Kent County").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AreaWord {
    Province,
    District,
}

impl AreaWord {
    fn of(word: &str) -> Option<Self> {
        match word.to_lowercase().as_str() {
            "state" | "province" | "region" | "governorate" | "prefecture" | "oblast"
            | "department" => Some(AreaWord::Province),
            "county" | "district" | "parish" | "municipality" => Some(AreaWord::District),
            _ => None,
        }
    }

    fn fits(self, place: &Place) -> bool {
        match self {
            AreaWord::Province => place.is_admin1(),
            AreaWord::District => &*place.feature_code == "ADM2",
        }
    }
}

/// The area word right after a name ("Washington state") or right before it with "of" ("the
/// state of Washington").
fn area_word(text: &Indexed<'_>, span: Span) -> Option<AreaWord> {
    let after = text.text[text.byte(span.end)..].trim_start_matches(' ');
    let next: &str = after
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let before = text.text[..text.byte(span.start)].trim_end();
    let previous = before
        .strip_suffix(" of")
        .map(|b| b.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or(""));
    AreaWord::of(next).or_else(|| previous.and_then(AreaWord::of))
}

/// Whether the article "the" opens a name ("in the Red Sea", "across the Atlantic").
fn after_the(text: &Indexed<'_>, span: Span) -> bool {
    let own = text.slice(span);
    if own.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("the ")) {
        return true;
    }
    // "the Atlantic", and past up to two lower-case words: "the western tropical Atlantic",
    // "the eastern Mediterranean" (words and spaces only between)
    let before = &text.text[..text.byte(span.start)];
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    before.ends_with(char::is_whitespace)
        && words
            .iter()
            .position(|w| w.eq_ignore_ascii_case("the"))
            .is_some_and(|k| {
                words[..k]
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_lowercase() || c == '-'))
            })
}

/// The mentions next to mention `m` in a list of names ("Oregon, Utah and Washington"): the
/// one before and the one after, when only a comma, "and" or "or" stands between.
fn list_neighbours<'m>(
    text: &'m Indexed<'_>,
    mentions: &'m [MentionRows],
    m: usize,
) -> impl Iterator<Item = usize> + 'm {
    let joined = move |a: usize, b: usize| {
        let (first, second) = (mentions[a].span, mentions[b].span);
        if second.start < first.end {
            return false;
        }
        let gap = text.text[text.byte(first.end)..text.byte(second.start)].trim();
        matches!(gap, "," | "and" | "or" | ", and" | ", or" | "&")
    };
    let before = m.checked_sub(1).filter(move |&p| joined(p, m));
    let after = Some(m + 1).filter(move |&n| n < mentions.len() && joined(m, n));
    before.into_iter().chain(after)
}

/// Whether two places are of one kind for a list: countries with countries, and provinces,
/// districts or towns with those of the same country.
fn same_kind(a: &Place, b: &Place) -> bool {
    let level = |p: &Place| match &*p.feature_code {
        _ if p.is_country() => 0,
        "ADM1" => 1,
        "ADM2" => 2,
        _ if p.feature_class == b'P' => 3,
        _ => 4,
    };
    let (la, lb) = (level(a), level(b));
    la == lb && la < 4 && (la == 0 || a.country == b.country)
}

/// One other name as the first pass sees it, summarised once per document so that describing
/// a candidate costs a few look-ups per name instead of a pass over that name's candidates.
struct NameSummary<'a> {
    key: &'a str,
    /// Probability that the name lies in each country, and in each (country, admin-1).
    country: FxHashMap<CountryCode, f32>,
    admin1: FxHashMap<(CountryCode, &'a str), f32>,
    /// Point of its most likely place, and that place's probability.
    best: Option<((f64, f64), f32)>,
}

/// Most distinct names a document may have for its candidates' nearest names to be found by a
/// pass over all of them; above it, through an R-tree.
const LINEAR_NAMES: usize = 64;

/// How many names, and their probabilities summed by country and by admin-1 area.
#[derive(Default)]
struct KeySums<'a> {
    count: f32,
    country: FxHashMap<CountryCode, f32>,
    admin1: FxHashMap<(CountryCode, &'a str), f32>,
}

impl<'a> KeySums<'a> {
    fn add(&mut self, name: &NameSummary<'a>) {
        self.count += 1.0;
        for (c, p) in &name.country {
            *self.country.entry(*c).or_default() += p;
        }
        for (a, p) in &name.admin1 {
            *self.admin1.entry(*a).or_default() += p;
        }
    }
}

/// A point on the unit sphere: straight-line distances between such points order pairs of
/// places as great-circle distances do, so an R-tree over them finds the nearest place.
fn on_sphere((lon, lat): (f64, f64)) -> [f64; 3] {
    let (lon, lat) = (lon.to_radians(), lat.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The two names (key, probability) that most likely are one area, from different names.
#[derive(Default, Clone, Copy)]
struct TopTwo<'a> {
    first: Option<(&'a str, f32)>,
    second: Option<(&'a str, f32)>,
}

impl<'a> TopTwo<'a> {
    fn add(&mut self, key: &'a str, p: f32) {
        let mut all: Vec<(&'a str, f32)> =
            [self.first, self.second].into_iter().flatten().collect();
        match all.iter_mut().find(|(k, _)| *k == key) {
            Some(e) => e.1 = e.1.max(p),
            None => all.push((key, p)),
        }
        all.sort_by(|a, b| b.1.total_cmp(&a.1));
        self.first = all.first().copied();
        self.second = all.get(1).copied();
    }

    /// The probability from the most likely name other than `own_key`.
    fn other_than(&self, own_key: &str) -> f32 {
        [self.first, self.second]
            .into_iter()
            .flatten()
            .find(|(k, _)| *k != own_key)
            .map_or(0.0, |(_, p)| p)
    }
}

/// What the first pass says about the whole document.
struct DocumentVotes<'a> {
    names: Vec<NameSummary<'a>>,
    /// Sums of `names` over the whole document, and per name key, so that a candidate's
    /// evidence from the *other* names is a difference, not a pass over every name.
    totals: KeySums<'a>,
    by_key: FxHashMap<&'a str, KeySums<'a>>,
    /// The names' most likely points, for the nearest other name (a pass over every name
    /// per candidate made long texts quadratic).
    points: RTree<GeomWithData<[f64; 3], (usize, f32)>>,
    /// Countries and admin-1 areas that some name most likely *is*: the two most likely
    /// names of each, so that a name is never its own evidence ("Mexico" the state is not
    /// supported by "Mexico" the country).
    named_country: FxHashMap<CountryCode, TopTwo<'a>>,
    named_admin1: FxHashMap<(CountryCode, &'a str), TopTwo<'a>>,
    /// The country with the most probability over all names.
    top_country: Option<CountryCode>,
}

impl<'a> DocumentVotes<'a> {
    fn new(gazetteer: &'a Gazetteer, beliefs: &'a [Belief<'a>]) -> Self {
        let mut v = DocumentVotes {
            names: Vec::with_capacity(beliefs.len()),
            totals: KeySums::default(),
            by_key: FxHashMap::default(),
            points: RTree::new(),
            named_country: FxHashMap::default(),
            named_admin1: FxHashMap::default(),
            top_country: None,
        };
        let mut votes: FxHashMap<CountryCode, f32> = FxHashMap::default();
        for b in beliefs.iter().filter(|b| !b.rows.is_empty()) {
            let mut name = NameSummary {
                key: b.key,
                country: FxHashMap::default(),
                admin1: FxHashMap::default(),
                best: None,
            };
            let mut best_p = f32::NEG_INFINITY;
            for (row, &p) in b.rows.iter().zip(&b.probs) {
                let place = gazetteer.place(row.index);
                if p > best_p {
                    best_p = p;
                    name.best = place.coord.map(|c| (c, p));
                }
                if place.country.is_empty() {
                    continue;
                }
                *name.country.entry(place.country).or_default() += p;
                if !place.admin1_code.is_empty() {
                    *name
                        .admin1
                        .entry((place.country, &place.admin1_code))
                        .or_default() += p;
                }
                if place.is_country() {
                    v.named_country
                        .entry(place.country)
                        .or_default()
                        .add(b.key, p);
                } else if place.is_admin1() {
                    v.named_admin1
                        .entry((place.country, &place.admin1_code))
                        .or_default()
                        .add(b.key, p);
                }
            }
            for (c, p) in &name.country {
                *votes.entry(*c).or_default() += p;
            }
            v.totals.add(&name);
            v.by_key.entry(name.key).or_default().add(&name);
            v.names.push(name);
        }
        if v.names.len() > LINEAR_NAMES {
            v.index_points();
        }
        v.top_country = votes
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.as_str().cmp(a.0.as_str())))
            .map(|(c, _)| *c);
        v
    }

    /// Puts the names' most likely points in the R-tree the nearest-name features then use.
    fn index_points(&mut self) {
        let points = self
            .names
            .iter()
            .enumerate()
            .filter_map(|(k, n)| n.best.map(|(c, p)| GeomWithData::new(on_sphere(c), (k, p))))
            .collect();
        self.points = RTree::bulk_load(points);
    }

    /// Fills the document features of one candidate of the name `own_key`.
    fn fill(&self, place: &Place, own_key: &str, x: &mut [f32; N]) {
        // the other names: the document's sums less this name's own mentions
        let own = self.by_key.get(own_key);
        let n_others = self.totals.count - own.map_or(0.0, |o| o.count);
        let less_own = |total: f32, mine: Option<f32>| (total - mine.unwrap_or(0.0)).max(0.0);
        let (mut own_country, mut own_admin1) = (0f32, 0f32);
        if !place.country.is_empty() {
            own_country = less_own(
                self.totals
                    .country
                    .get(&place.country)
                    .copied()
                    .unwrap_or(0.0),
                own.and_then(|o| o.country.get(&place.country).copied()),
            );
            if !place.admin1_code.is_empty() {
                let area = (place.country, &*place.admin1_code);
                own_admin1 = less_own(
                    self.totals.admin1.get(&area).copied().unwrap_or(0.0),
                    own.and_then(|o| o.admin1.get(&area).copied()),
                );
            }
        }
        // the nearest other name, and the strongest nearby one (p·e^(−d/100 km)): names come
        // nearest first, so the search stops once no farther one can be stronger (p ≤ 1)
        let mut nearest = f64::INFINITY;
        let mut near = 0f32;
        if let (Some(a), 0) = (place.coord, self.points.size()) {
            // few names: a pass over them is quicker than building a tree
            for other in self.names.iter().filter(|n| n.key != own_key) {
                if let Some((o, p)) = other.best {
                    let d = distance_km(a, o);
                    nearest = nearest.min(d);
                    near = near.max(p * (-d / 100.0).exp() as f32);
                }
            }
        } else if let Some(a) = place.coord {
            for hit in self.points.nearest_neighbor_iter(&on_sphere(a)) {
                let (k, p) = hit.data;
                let other = &self.names[k];
                if other.key == own_key {
                    continue;
                }
                let Some((o, _)) = other.best else { continue };
                let d = distance_km(a, o);
                nearest = nearest.min(d);
                let reach = (-d / 100.0).exp() as f32;
                if reach <= near {
                    break;
                }
                near = near.max(p * reach);
            }
        }
        if n_others > 0.0 {
            x[16] = own_country / n_others;
            x[17] = own_admin1 / n_others;
            x[18] = near;
        }
        x[19] = if nearest.is_finite() {
            ((1.0 + nearest).log10() / 4.0) as f32
        } else {
            1.0
        };
        if !place.is_country() && !place.country.is_empty() {
            x[21] = self
                .named_country
                .get(&place.country)
                .map_or(0.0, |t| t.other_than(own_key));
            if !place.is_admin1() && !place.admin1_code.is_empty() {
                x[20] = self
                    .named_admin1
                    .get(&(place.country, &*place.admin1_code))
                    .map_or(0.0, |t| t.other_than(own_key));
            }
        }
        let top = self.top_country.is_some_and(|c| c == place.country) as u8 as f32;
        x[24] = top;
        x[25] = top * (1.0 - x[4]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The nearest-name features as a pass over every other name computes them.
    fn nearest_by_pass(doc: &DocumentVotes<'_>, place: &Place, own_key: &str) -> (f64, f32) {
        let (mut nearest, mut near) = (f64::INFINITY, 0f32);
        for other in doc.names.iter().filter(|n| n.key != own_key) {
            if let (Some((o, p)), Some(a)) = (other.best, place.coord) {
                let d = distance_km(a, o);
                nearest = nearest.min(d);
                near = near.max(p * (-d / 100.0).exp() as f32);
            }
        }
        (nearest, near)
    }

    #[test]
    fn document_features_from_the_index_equal_a_pass_over_every_name() {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        let names = [
            "Kunduz",
            "Kabul",
            "Herat",
            "Paris",
            "Georgia",
            "Jordan",
            "Mosul",
            "Aleppo",
            "Springfield",
            "Victoria",
            "Hamilton",
            "Richmond",
            "Tripoli",
            "Santa Cruz",
        ];
        let rows: Vec<(String, Vec<CandidateRow>)> = names
            .iter()
            .map(|n| (crate::gazetteer::normalize::name_key(n), name_rows(&g, n)))
            .collect();
        // a first pass that believes each name's candidates in falling order
        let beliefs: Vec<Belief<'_>> = rows
            .iter()
            .map(|(key, rows)| {
                let weights: Vec<f32> = (0..rows.len()).map(|k| 1.0 / (k + 1) as f32).collect();
                let sum: f32 = weights.iter().sum();
                Belief {
                    key,
                    rows,
                    probs: weights.iter().map(|w| w / sum).collect(),
                }
            })
            .collect();
        // few names: the pass; then the same through the R-tree long texts use
        let mut doc = DocumentVotes::new(&g, &beliefs);
        assert_eq!(doc.points.size(), 0);
        doc.index_points();
        assert!(doc.points.size() > 0);
        let mut checked = 0;
        for b in &beliefs {
            for row in b.rows {
                let place = g.place(row.index);
                let mut x = [0f32; N];
                doc.fill(place, b.key, &mut x);
                let (nearest, near) = nearest_by_pass(&doc, place, b.key);
                let nearest = if nearest.is_finite() {
                    ((1.0 + nearest).log10() / 4.0) as f32
                } else {
                    1.0
                };
                assert!(
                    (x[19] - nearest).abs() < 1e-6,
                    "{}: {} vs {nearest}",
                    place.name,
                    x[19]
                );
                assert!(
                    (x[18] - near).abs() < 1e-6,
                    "{}: {} vs {near}",
                    place.name,
                    x[18]
                );
                checked += 1;
            }
        }
        assert!(checked > 50, "only {checked} candidates");
    }
}
