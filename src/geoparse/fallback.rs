//! What the geoparser answers for a span the caller marked as a place but the gazetteer does
//! not know as a whole: streets, buildings, schools, teams and districts ("Colorado State
//! University", "Royal Street", "Manchester City").
//!
//! Two fallbacks, tried in order, each marked in the answer (`matched`) so that a reader can
//! tell them from a real match:
//! 1. **inner name** — the longest run of capitalised words inside the span that is a place
//!    name or a country's demonym ("Colorado" in "Colorado State University"), resolved with
//!    the whole document as context like any mention. It is kept when the place is a country,
//!    province, district or large town, or lies near the other places the text names; a small
//!    same-named town elsewhere ("Royal" for "Royal Street") is not. A country or province
//!    gives way to a town of the text inside it, unless the longer name is named after it
//!    ("Bank of Japan", "US Treasury").
//! 2. **context** — the text's focus: of the mentions that did resolve, towns before
//!    provinces before countries, the one the text supports most (its own mentions, and the
//!    places named in its province and country): a street or a school named in a report about
//!    a town lies in that town. Its score is low on purpose.
//!
//! Only spans the caller gives are filled this way; mentions the recognizer found have
//! candidates by construction, and the extractor asks for neither.

use crate::gazetteer::rank::distance_km;
use crate::gazetteer::{Gazetteer, MatchKind, Place};

use super::span::{Indexed, Span};
use super::{features, Choice, Resolution};

/// How a choice was reached when the span's own name gave none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// A place name inside the span.
    InnerName,
    /// The nearest place the text names.
    Context,
}

impl Fallback {
    pub fn as_str(self) -> &'static str {
        match self {
            Fallback::InnerName => "inner_name",
            Fallback::Context => "context",
        }
    }
}

/// Score given to a context fallback: a guess, below any real match.
const CONTEXT_SCORE: f32 = 0.05;
/// An inner name's place at most this far from another place of the text is kept whatever
/// its size.
const NEAR_KM: f64 = 161.0;
/// Population from which an inner name's town is kept wherever it lies.
const LARGE_TOWN: u64 = 100_000;

/// Words that start a capitalised run yet never stand for a place inside a longer name.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "Of",
    "St",
    "St.",
    "Saint",
    "North",
    "South",
    "East",
    "West",
    // a province named by its direction or rank alone ("Western", "Capital") is never the
    // place of an organisation, street or building whose name carries the word
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Federal",
    "Capital",
    "New",
    "Old",
    "Upper",
    "Lower",
    "Great",
    "Greater",
    "Central",
    "Royal",
    "National",
    "International",
    "University",
    "College",
    "School",
    "High",
    "Street",
    "Road",
    "Avenue",
    "City",
    "State",
    "County",
    "District",
    "Court",
    "Church",
    "Cathedral",
    "Club",
    "Park",
    "Airport",
    "Station",
    // the head nouns of organisations' names
    "Bank",
    "Council",
    "Commission",
    "Embassy",
    "Ministry",
    "Reserve",
    "Office",
    "Agency",
    "Institute",
    "Hospital",
    "Academy",
    "Museum",
    "Centre",
    "Center",
    "Company",
    "Union",
];

/// The words of a span with their code-point offsets in the text.
fn words<'a>(text: &Indexed<'a>, span: Span) -> Vec<(Span, &'a str)> {
    let s = text.slice(span);
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, ch) in s
        .chars()
        .enumerate()
        .chain(std::iter::once((s.chars().count(), ' ')))
    {
        let sep = ch.is_whitespace() || ch == '/' || ch == '(' || ch == ')' || ch == ',';
        match (sep, start) {
            (true, Some(b)) => {
                let w = Span {
                    start: span.start + b,
                    end: span.start + i,
                };
                out.push((w, text.slice(w)));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Words naming a nation's mission abroad, which stands in its host country.
const MISSIONS: &[&str] = &["Embassy", "Consulate", "Mission", "Legation"];

/// Words that make a span a natural feature: a town named inside it ("Lake Manassas",
/// "Niger Delta") is not where the feature is.
const NATURAL: &[&str] = &[
    "Ocean",
    "Sea",
    "Gulf",
    "Bay",
    "River",
    "Lake",
    "Lagoon",
    "Delta",
    "Strait",
    "Straits",
    "Channel",
    "Peninsula",
    "Island",
    "Islands",
    "Mountain",
    "Mountains",
    "Mount",
    "Valley",
    "Desert",
    "Creek",
    "Canal",
    "Basin",
    "Coast",
];

/// Whether a name calls itself a natural feature ("Fire Island", "Salinas Valley").
pub fn names_natural_feature(name: &str) -> bool {
    name.split_whitespace().any(|w| NATURAL.contains(&w))
}

/// The longest run of words inside `span` (shorter than the span) that starts and ends with a
/// capitalised word and is a place name; leftmost first among equals, a name after "of"
/// before the others. Failing that, a country's demonym or short form ("British Council"),
/// except in a nation's mission abroad ("Russian Embassy" is in its host city, not in
/// Russia). None for natural features.
pub fn inner_name(gazetteer: &Gazetteer, text: &Indexed<'_>, span: Span) -> Option<Inner> {
    let words = words(text, span);
    if words.iter().any(|(_, w)| NATURAL.contains(w)) {
        return None;
    }
    // a place's own name first; a demonym or short form of a country ("British Embassy",
    // "US Federal Reserve") only when the span holds none ("British Embassy Tokyo")
    // and a name after "of" before any other ("Bank of Japan"). A nation's mission abroad is
    // in its host country: "Russian Embassy" names no place of its own.
    let mission = words.iter().any(|(_, w)| MISSIONS.contains(w));
    for (by_demonym, only_after_of) in [(false, true), (false, false), (true, false)] {
        if by_demonym && mission {
            break;
        }
        if let Some(found) = inner_run(gazetteer, text, &words, by_demonym, only_after_of) {
            return Some(found);
        }
    }
    None
}

fn inner_run(
    gazetteer: &Gazetteer,
    text: &Indexed<'_>,
    words: &[(Span, &str)],
    by_demonym: bool,
    only_after_of: bool,
) -> Option<Inner> {
    for n in (1..words.len()).rev() {
        for run in words.windows(n) {
            let (first, last) = (run[0], run[n - 1]);
            if !capitalised(first.1) || !capitalised(last.1) {
                continue;
            }
            if n == 1 && (NOT_NAMES.contains(&first.1) || first.1.chars().count() < 2) {
                continue;
            }
            let inner = Span {
                start: first.0.start,
                end: last.0.end,
            };
            let name = features::query_name(text.slice(inner));
            // a province's short form ("NS", "BC") is too often something else's initials
            let of_nation = features::demonym(gazetteer, name).is_some_and(|i| {
                let p = gazetteer.place(i);
                p.is_country() || &*p.feature_code == "CONT"
            });
            let found = if by_demonym {
                of_nation
            } else {
                gazetteer.has_name(name)
            };
            let after_of =
                run_start(words, first.0.start).is_some_and(|k| k > 0 && words[k - 1].1 == "of");
            if found && (after_of || !only_after_of) {
                return Some(Inner {
                    span: inner,
                    named_for: of_nation || after_of,
                });
            }
        }
    }
    None
}

/// A place name found inside a longer span.
#[derive(Debug, Clone, Copy)]
pub struct Inner {
    pub span: Span,
    /// The longer name is named after the place ("Bank of Japan", "British Embassy"): a
    /// country or province stands for itself, whatever towns the text names in it.
    pub named_for: bool,
}

fn run_start(words: &[(Span, &str)], start: usize) -> Option<usize> {
    words.iter().position(|(w, _)| w.start == start)
}

/// Whether an inner name's place is kept. A country or province gives way to a town of the
/// text inside it ("Colorado State University" in a report about Fort Collins is there); a
/// town must lie in one of the text's countries, and a small one near the text's places.
fn inner_place_holds(place: &Place, named_for: bool, others: &[&Place]) -> bool {
    if named_for && &*place.feature_code == "CONT" {
        return true;
    }
    if place.is_country() || place.is_admin1() {
        return named_for
            || !others.iter().any(|o| {
                o.feature_class == b'P'
                    && o.country == place.country
                    && (place.is_country() || o.admin1_code == place.admin1_code)
            });
    }
    // a town in none of the text's countries is a namesake ("Serena" in a hotel's name)
    if !others.is_empty() && !others.iter().any(|o| o.country == place.country) {
        return false;
    }
    let code = &*place.feature_code;
    if code == "ADM2" || code == "PPLC" || code == "PPLA" || place.population >= LARGE_TOWN {
        return true;
    }
    place.coord.is_some_and(|c| {
        others
            .iter()
            .filter_map(|o| o.coord)
            .any(|o| distance_km(c, o) <= NEAR_KM)
    })
}

/// How specific a resolved place is, for the context fallback: towns first.
fn tier(place: &Place) -> u8 {
    match &*place.feature_code {
        _ if place.is_country() => 3,
        "ADM1" => 2,
        "CONT" => 4,
        _ => u8::from(place.feature_class != b'P' && &*place.feature_code != "ADM2"),
    }
}

/// Fills the unresolved entries of `results` (one per span of `spans`): first by inner names,
/// resolved by `resolve_spans` over the spans with those inner names in place of their
/// mentions, then by the text's focus.
pub fn fill(
    gazetteer: &Gazetteer,
    text: &Indexed<'_>,
    spans: &[Span],
    results: &mut [Resolution],
    resolve_spans: impl Fn(&[Span]) -> Vec<Resolution>,
) {
    let inner: Vec<Option<Inner>> = results
        .iter()
        .zip(spans)
        .map(|(r, &s)| match &r.best {
            // a longer name matched only by its consonant skeleton is a guess: a name inside it
            // ("Serena" in "Serena Hotel") is a better one
            Some(c) if c.matched == MatchKind::Skeleton => inner_name(gazetteer, text, s),
            Some(_) => None,
            None => inner_name(gazetteer, text, s),
        })
        .collect();
    if inner.iter().any(Option::is_some) {
        let swapped: Vec<Span> = spans
            .iter()
            .zip(&inner)
            .map(|(&s, i)| i.map_or(s, |i| i.span))
            .collect();
        let again = resolve_spans(&swapped);
        let others: Vec<&Place> = results
            .iter()
            .filter_map(|r| r.best.as_ref())
            .map(|c| gazetteer.place(c.index))
            .collect();
        for ((r, i), a) in results.iter_mut().zip(&inner).zip(again) {
            let Some(i) = i else {
                continue;
            };
            let Some(best) = a
                .best
                .filter(|b| inner_place_holds(gazetteer.place(b.index), i.named_for, &others))
            else {
                // the skeleton's guess gives way too: the text's place is the better one
                r.best = None;
                r.candidates.clear();
                continue;
            };
            let mark = |mut c: Choice| {
                c.fallback = Some(Fallback::InnerName);
                c
            };
            r.best = Some(mark(best));
            r.candidates = a.candidates.into_iter().map(mark).collect();
        }
    }
    let Some(focus) = focus(gazetteer, results) else {
        return;
    };
    for r in results.iter_mut().filter(|r| r.best.is_none()) {
        r.best = Some(Choice {
            index: focus.index,
            score: CONTEXT_SCORE,
            matched: focus.matched,
            demonym: false,
            evidence: vec![("context", 1.0)],
            fallback: Some(Fallback::Context),
        });
    }
}

/// Weight of another mention's belief in a focus candidate's support when it lies in the
/// candidate's province, and when it lies only in its country.
const SAME_ADMIN1: f32 = 1.0;
const SAME_COUNTRY: f32 = 0.2;

/// The text's focus: of the most specific kind of place the text resolved (towns before
/// provinces before countries), the one with the most support: the belief summed over its
/// own mentions and, less, over the mentions of other places in its province and country. A
/// town the text names once in a province it names several times ("New Orleans … Louisiana
/// … Lafayette") beats a namesake elsewhere named twice.
fn focus(gazetteer: &Gazetteer, results: &[Resolution]) -> Option<Choice> {
    let mut mass: Vec<(u32, f32, &Choice)> = Vec::new();
    for c in results
        .iter()
        .filter_map(|r| r.best.as_ref())
        // a name found inside a longer one ("New Orleans" in a company's name) counts
        .filter(|c| c.fallback != Some(Fallback::Context) && c.matched != MatchKind::Skeleton)
    {
        match mass.iter_mut().find(|(i, _, _)| *i == c.index) {
            Some(m) => m.1 += c.score,
            None => mass.push((c.index, c.score, c)),
        }
    }
    let support = |index: u32, own: f32| -> f32 {
        let place = gazetteer.place(index);
        own + mass
            .iter()
            .filter(|(i, _, _)| *i != index)
            .map(|&(i, m, _)| {
                let other = gazetteer.place(i);
                if other.country != place.country || place.country.is_empty() {
                    0.0
                } else if !place.admin1_code.is_empty() && other.admin1_code == place.admin1_code {
                    m * SAME_ADMIN1
                } else {
                    m * SAME_COUNTRY
                }
            })
            .sum::<f32>()
    };
    // of towns the text supports alike (two in one province), the larger is its subject
    let size = |i: u32| 1.0 + (gazetteer.place(i).population as f32 + 1.0).log10() / 7.0;
    let ranked: Vec<(u8, f32, u32, &Choice)> = mass
        .iter()
        .map(|&(i, m, c)| (tier(gazetteer.place(i)), support(i, m) * size(i), i, c))
        .collect();
    ranked
        .into_iter()
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)))
        .map(|(_, _, _, c)| c.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_carry_their_offsets() {
        let t = "at Colorado State University/Denver today";
        let text = Indexed::new(t);
        let w = words(&text, Span { start: 3, end: 35 });
        let got: Vec<&str> = w.iter().map(|(_, s)| *s).collect();
        assert_eq!(got, ["Colorado", "State", "University", "Denver"]);
        assert_eq!(text.slice(w[3].0), "Denver");
    }
}
