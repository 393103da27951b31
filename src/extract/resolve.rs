//! The second stage of reading a report: every place name of its clauses resolved at once by
//! the geoparser (the names of the whole report are each other's context), then read by the
//! words around it — a place, or an unknown name kept for a fallback — with the centre of the
//! places named in each province and the places located by a distance from another.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::gazetteer::{CountryCode, Gazetteer};
use crate::geoparse::{
    self,
    span::{Indexed, Span},
    Choice,
};

use super::places::{admin_index, resolve_mention, Resolved, Setting};
use super::scan::ClauseScan;
use super::text::Token;
use super::{offset, toponyms, Report};

/// Candidates ranked for a mention, most likely first.
const RANKED: usize = 8;

/// The geoparser's ranked candidates for every mention of every clause (parallel to
/// `scans` and their mentions). The other names the geoparser finds in the report (those
/// the extractor does not take as event places: demonyms, datelines, names in headlines)
/// are resolved with them, as context.
fn geoparse_mentions(
    gazetteer: &Gazetteer,
    text: &str,
    scans: &[ClauseScan<'_>],
    country: Option<CountryCode>,
) -> Vec<Vec<Vec<Choice>>> {
    let indexed = Indexed::new(text);
    let mut spans: Vec<(Span, Option<(usize, usize)>)> = Vec::new();
    for (si, scan) in scans.iter().enumerate() {
        for (mi, m) in scan.mentions.iter().enumerate() {
            let first = &scan.tokens[m.start];
            let last = &scan.tokens[m.end - 1];
            let end = last.start + toponyms::bare(last.text).len();
            let span = Span {
                start: indexed.char_at_byte(first.start),
                end: indexed.char_at_byte(end),
            };
            spans.push((span, Some((si, mi))));
        }
    }
    let own = spans.len();
    for s in geoparse::recognize::find(gazetteer, &indexed) {
        let overlaps = spans[..own]
            .iter()
            .any(|(o, _)| o.start < s.end && s.start < o.end);
        if !overlaps {
            spans.push((s, None));
        }
    }
    spans.sort_by_key(|(s, _)| (s.start, s.end));
    let only: Vec<Span> = spans.iter().map(|(s, _)| *s).collect();
    let resolutions = geoparse::resolve(
        gazetteer,
        &indexed,
        &only,
        country,
        RANKED,
        geoparse::model::Model::embedded(),
    );
    let mut out: Vec<Vec<Vec<Choice>>> = scans
        .iter()
        .map(|s| vec![Vec::new(); s.mentions.len()])
        .collect();
    for ((_, owner), r) in spans.iter().zip(resolutions) {
        if let Some((si, mi)) = owner {
            out[*si][*mi] = r.candidates;
        }
    }
    out
}

/// A resolved place name of a clause and what the words around it said.
pub(super) struct Named {
    /// Token range of the name in its clause.
    pub start: usize,
    pub end: usize,
    pub attribution: bool,
    pub near: bool,
    pub secondary: bool,
    pub spoken_from: bool,
    pub cued: bool,
    /// "the X neighbourhood": a part of a town.
    pub quarter: bool,
    /// "the town of X", "X village": named as a settlement of its own.
    pub settlement: bool,
    /// The country the words put the name in ("X in southern Lebanon", "Iraq's X").
    pub within: Option<CountryCode>,
    /// "30 km southwest of X": the event lies that far from X.
    pub offset: Option<offset::Offset>,
    pub place: Resolved,
}

/// What the second stage hands the third: each clause's resolved names, and what they say
/// together.
pub(super) struct ResolvedReport {
    /// Parallel to the clauses: their names, resolved.
    pub named: Vec<Vec<Named>>,
    /// What the names say together.
    pub places: ReportPlaces,
}

/// What the names of a whole report say of places, for placing one clause's incident.
pub(super) struct ReportPlaces {
    /// Points of the places named in each province (by its index), for a province-wide
    /// fallback to stand at their centre.
    pub in_province: HashMap<u32, Vec<(f64, f64)>>,
    /// "X village is about 30 km southwest of Y": wherever X is named, it is placed there.
    pub placed_by_offset: HashMap<String, (u32, offset::Offset)>,
    /// The city of the report's dateline ("PORT-AU-PRINCE, Haiti (AP) —"), when the
    /// gazetteer knows it: the town an unknown neighbourhood most likely belongs to.
    pub dateline_city: Option<u32>,
    /// The first city (100,000 people or more) the report names as where something happened:
    /// the town an unknown neighbourhood belongs to when the report has no dateline.
    pub first_city: Option<u32>,
}

/// The least population of a place for it to be taken as the city a report's unknown
/// neighbourhoods lie in.
const CITY_MIN_POPULATION: u64 = 100_000;

/// The country the words around tokens `start..end` put a name in: "Iraq's Kurdistan
/// region", "the town of Houla in southern Lebanon", "Sidakan, Iraq".
fn qualifying_country(
    gazetteer: &Gazetteer,
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
) -> Option<CountryCode> {
    // the country named by the words `from..to`, if they name one
    let country_in =
        |from: usize, to: usize| toponyms::country_of_name(gazetteer, tokens.get(from..to)?);
    let possessive = |t: &Token<'_>| toponyms::bare(t.text) != t.text;
    // "Iraq's X", "Burkina Faso's X"
    if start >= 1 && possessive(&tokens[start - 1]) {
        let found = country_in(start - 1, start)
            .or_else(|| start.checked_sub(2).and_then(|s| country_in(s, start)));
        if found.is_some() {
            return found;
        }
    }
    // "the Syrian border town of X", "the southern Lebanese village of X": a demonym right
    // before the settlement's noun
    if let Some(cc) = demonym_before_settlement(gazetteer, tokens, start) {
        return Some(cc);
    }
    // "X in [the] [southern] C", "the X region of [western] C", "X, C": the country must end
    // the phrase
    let mut j = end;
    let noun_of = tokens.get(j).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "region" | "province" | "state" | "district" | "governorate" | "department"
        )
    }) && tokens.get(j + 1).is_some_and(|t| t.lower == "of");
    if noun_of {
        j += 1;
    }
    if tokens
        .get(j)
        .is_some_and(|t| t.lower == "in" || noun_of && t.lower == "of")
    {
        j += 1;
        if tokens.get(j).is_some_and(|t| t.lower == "the") {
            j += 1;
        }
        if tokens
            .get(j)
            .is_some_and(|t| toponyms::REGIONAL.contains(&t.lower.as_str()))
        {
            j += 1;
        }
    } else if !(end > start && tokens[end - 1].punct_after) {
        return None;
    }
    let ends_phrase =
        |k: usize| k == tokens.len() || k < tokens.len() && k > 0 && tokens[k - 1].punct_after;
    (1..=3)
        .filter(|&n| ends_phrase(j + n) || tokens.get(j + n).is_some_and(|t| t.lower == "on"))
        .find_map(|n| country_in(j, j + n))
}

/// The country of a demonym at most two words before the settlement noun of "… town of X"
/// or "… village called X" (X starting at `start`): "the Syrian border town of", "a southern
/// Lebanese village called". Only lower-case words may stand between ("border", "southern").
fn demonym_before_settlement(
    gazetteer: &Gazetteer,
    tokens: &[Token<'_>],
    start: usize,
) -> Option<CountryCode> {
    let link = start.checked_sub(1)?;
    if !matches!(tokens[link].lower.as_str(), "of" | "called" | "named") {
        return None;
    }
    let noun = link.checked_sub(1)?;
    if !matches!(
        tokens[noun].lower.as_str(),
        "town" | "city" | "village" | "hamlet" | "port" | "camp"
    ) {
        return None;
    }
    for k in (noun.saturating_sub(2)..noun).rev() {
        let t = &tokens[k];
        if t.text.starts_with(char::is_uppercase) {
            return gazetteer
                .demonym(t.text)
                .map(|i| gazetteer.place(i))
                .filter(|p| p.is_country())
                .map(|p| p.country);
        }
        if t.punct_after {
            return None;
        }
    }
    None
}

/// "Celaya, Guanajuato": a name right after a place and a comma that names that place's
/// province is the province (it says where the place is), not the province's namesake
/// capital as a second place of the event.
fn province_after_comma(gazetteer: &Gazetteer, tokens: &[Token<'_>], named: &mut [Named]) {
    for k in 1..named.len() {
        let (prev, cur) = (&named[k - 1], &named[k]);
        let comma = cur.start == prev.end && prev.end > 0 && tokens[prev.end - 1].punct_after;
        // ("Bakhmut, Donetsk and Kramatorsk": a list of towns, not a town and its province)
        let listed = tokens
            .get(cur.end)
            .is_some_and(|t| matches!(t.lower.as_str(), "and" | "or"))
            || cur.end > 0
                && tokens[cur.end - 1].punct_after
                && named.get(k + 1).is_some_and(|n| n.start == cur.end);
        let (Resolved::Place(x), Resolved::Place(y)) = (&prev.place, &cur.place) else {
            continue;
        };
        if !comma || listed || gazetteer.place(*x).feature_class != b'P' {
            continue;
        }
        let Some(a) = gazetteer.admin1_index_of(gazetteer.place(*x)) else {
            continue;
        };
        let area = gazetteer.place(a);
        let written = toponyms::name_of(&tokens[cur.start..cur.end]);
        let names_area = area.capital == Some(*y)
            || crate::gazetteer::normalize::name_key(&area.name)
                == crate::gazetteer::normalize::name_key(&written);
        if *y != a && names_area {
            named[k].place = Resolved::Place(a);
        }
    }
}

/// Resolves the names of every clause of a report.
pub(super) fn resolve_report(
    gazetteer: &Gazetteer,
    report: &Report,
    scans: &[ClauseScan<'_>],
    setting: &Setting<'_>,
    dateline_city: Option<u32>,
) -> ResolvedReport {
    let ranked = geoparse_mentions(gazetteer, &report.text, scans, setting.country);

    let mut in_province: HashMap<u32, Vec<(f64, f64)>> = HashMap::new();
    let resolved: Vec<Vec<Named>> = scans
        .iter()
        .zip(&ranked)
        .map(|(scan, ranked)| {
            scan.mentions
                .iter()
                .zip(ranked)
                .filter_map(|(m, ranked)| {
                    // a name the words put in a country ("X in southern Lebanon") is a place
                    // of that country, or a village the gazetteer lacks
                    let within = qualifying_country(gazetteer, &scan.tokens, m.start, m.end);
                    let ranked: Cow<'_, [Choice]> = match within {
                        Some(cc) => ranked
                            .iter()
                            .filter(|c| gazetteer.place(c.index).country == cc)
                            .cloned()
                            .collect(),
                        None => Cow::Borrowed(ranked),
                    };
                    let r = if within.is_some() && ranked.is_empty() {
                        m.settlement_cue
                            .then(|| Resolved::Unlocated(m.raw.clone()))?
                    } else {
                        // (a spelling only the skeleton finds is kept in the country the
                        // words name, as in the report's own)
                        let setting = Setting {
                            country: within.or(setting.country),
                            ..*setting
                        };
                        resolve_mention(gazetteer, m, &ranked, &setting)?
                    };
                    if let Resolved::Place(i) = r {
                        let p = gazetteer.place(i);
                        if let Some(c) = p.coord {
                            if let Some(a) = admin_index(gazetteer, p).filter(|_| !p.is_admin1()) {
                                in_province.entry(a).or_default().push(c);
                            }
                        }
                    }
                    Some(Named {
                        start: m.start,
                        end: m.end,
                        attribution: m.attribution,
                        near: m.near,
                        secondary: m.secondary,
                        spoken_from: m.spoken_from,
                        cued: m.cued,
                        quarter: m.quarter,
                        settlement: m.settlement_cue
                            && !m.quarter
                            && !toponyms::names_a_part(&scan.tokens, m.start, m.end),
                        within,
                        offset: offset::before(&scan.tokens, m.start),
                        place: r,
                    })
                })
                .collect::<Vec<Named>>()
        })
        .zip(scans)
        .map(|(mut named, scan)| {
            province_after_comma(gazetteer, &scan.tokens, &mut named);
            named
        })
        .collect();

    // "X village is about 30 km southwest of Y": wherever X is named, it is placed there
    let mut placed_by_offset: HashMap<String, (u32, offset::Offset)> = HashMap::new();
    for named in &resolved {
        let anchor = named.iter().find_map(|n| match (&n.place, n.offset) {
            (Resolved::Place(i), Some(o)) => Some((*i, o)),
            _ => None,
        });
        for n in named {
            if let (Resolved::Unlocated(raw), Some(a)) = (&n.place, anchor) {
                placed_by_offset
                    .entry(crate::gazetteer::normalize::name_key(raw))
                    .or_insert(a);
            }
        }
    }
    let first_city = resolved.iter().flatten().find_map(|n| match n.place {
        Resolved::Place(i)
            if !n.attribution
                && !n.secondary
                && !n.spoken_from
                && gazetteer.place(i).feature_class == b'P'
                && gazetteer.place(i).population >= CITY_MIN_POPULATION =>
        {
            Some(i)
        }
        _ => None,
    });
    ResolvedReport {
        named: resolved,
        places: ReportPlaces {
            in_province,
            placed_by_offset,
            dateline_city,
            first_city,
        },
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn names_resolve_together_and_unknown_villages_wait_for_a_fallback() {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        let report = super::super::test_report(
            "Gunmen raided the village of Larkhabi, 20 km north of Kunduz, on \
                   Monday, police in Kunduz said.",
            (2024, 3, 5),
        );
        let sentences = super::super::text::sentences(&report.text);
        let scan = super::super::scan::scan_report(&g, &report, &sentences, &HashSet::new());
        let country = scan.country();
        let setting = Setting {
            country,
            named: &scan.named,
            named_land: &scan.named_land,
            provinces: &scan.provinces,
        };
        let r = resolve_report(&g, &report, &scan.scans, &setting, scan.dateline_city);
        let all: Vec<&Named> = r.named.iter().flatten().collect();
        assert!(all
            .iter()
            .any(|n| matches!(&n.place, Resolved::Unlocated(raw) if raw == "Larkhabi")));
        let kunduz = all
            .iter()
            .find_map(|n| match n.place {
                Resolved::Place(i) if &*g.place(i).name == "Kunduz" => Some(i),
                _ => None,
            })
            .expect("Kunduz resolved");
        assert_eq!(g.place(kunduz).country.as_str(), "AF");
        // the village lies 20 km north of Kunduz wherever it is named
        assert!(r
            .places
            .placed_by_offset
            .values()
            .any(|(anchor, o)| *anchor == kunduz && (o.km - 20.0).abs() < 1e-9));
    }
}
