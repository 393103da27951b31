//! The third stage for one clause: its resolved names sorted by what the words say of each
//! ([`ClausePlaces`]: where it happened, near where, which province, unknown names, places of
//! origin, where a speaker spoke from, places given by distance), and from them the place of
//! the incident it tells ([`ClausePlaces::placement`]), falling back from a village the
//! gazetteer lacks to the town it is near, then to its province.

use std::collections::HashMap;
use std::ops::Range;

use crate::gazetteer::{CountryCode, Gazetteer};

use super::places::{self, admin_index, located, province_point, Located, Resolved};
use super::reading::byte_range;
use super::resolve::{Named, ReportPlaces};
use super::text::Token;
use super::{kinds, offset, scan, toponyms};

/// Farthest a place may lie from the town a clause says it is near ("V near X") before its
/// resolution is taken for a homonym elsewhere.
const NEAR_REACH_KM: f64 = 75.0;

/// The uncertainty of "near X": how far from X an incident so placed may lie (ACLED's
/// precision 2 covers a town's surroundings).
const NEAR_RADIUS_KM: f64 = 25.0;

/// Farthest apart two places may lie for "between X and Y" to place an incident between them.
const MAX_BETWEEN_KM: f64 = 150.0;

/// Most distinct names a report may look up by one-edit spelling in a province.
const MAX_SPELT_ALIKE_LOOKUPS: usize = 32;

/// The places one clause names, sorted by what the words say of each: where it happened
/// (`settlements`), near where, which province, unknown names waiting for a fallback, places
/// only of origin or direction, where a speaker spoke from, places given by distance and
/// direction, and the places said to hold another ("Hodeidah's district of X").
pub(super) struct ClausePlaces {
    /// The words that named each place (the evidence of a place).
    pub place_words: HashMap<u32, Range<usize>>,
    /// The words of each unknown name.
    pub raw_words: HashMap<String, Range<usize>>,
    /// Places said to hold another ("Hodeidah's district of X").
    pub holder_places: Vec<u32>,
    /// Where the clause says it happened.
    pub settlements: Vec<u32>,
    /// Places it happened near ("near X", "outside X").
    pub nears: Vec<u32>,
    /// Seas, gulfs and straits it happened in ("a ship in the Red Sea").
    pub waters: Vec<u32>,
    /// The towns or districts unknown villages are said to be in ("the village of V in X").
    pub hosts: Vec<u32>,
    /// Provinces named as where it happened.
    pub admins: Vec<u32>,
    /// Names the gazetteer could not locate, waiting for a fallback.
    pub unlocated: Vec<String>,
    /// Those of them named as parts of a town ("the X neighbourhood").
    pub quarters: Vec<String>,
    /// Those of them named as settlements of their own ("the village of X").
    pub villages: Vec<String>,
    /// Places only of origin or direction ("fled toward X").
    pub secondaries: Vec<u32>,
    /// Where a speaker spoke from ("told Reuters from X").
    pub spoken_from_places: Vec<u32>,
    /// Places given by a distance and direction from another ("40 km north of X").
    pub offsets: Vec<(u32, offset::Offset)>,
    /// The province the report spoke of last, as of this clause's end.
    pub last_admin: Option<u32>,
    /// "on the road between X and Y": the two places an incident lies between.
    pub between: Option<(u32, u32)>,
}

/// Sorts a clause's resolved names ([`ClausePlaces`]). `country` is the report's; `last_admin`
/// carries the province the report spoke of last across clauses; `spelt_alike` memoises
/// look-ups of unknown names.
pub(super) fn sort_places(
    gazetteer: &Gazetteer,
    scan: &scan::ClauseScan<'_>,
    country: Option<CountryCode>,
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
    let mut holders: Vec<usize> = resolved
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
    // "the village of V in the X district": a district named to say where a known village
    // lies holds it, and is no second place of the incident
    let w = |k: usize| scan.tokens.get(k).map_or("", |t| t.lower.as_str());
    for pair in resolved.windows(2) {
        let (v, x) = (&pair[0], &pair[1]);
        let village =
            matches!(v.place, Resolved::Place(i) if gazetteer.place(i).feature_class == b'P');
        let gap = x.start.checked_sub(v.end);
        let said_in = match gap {
            Some(1) => w(v.end) == "in",
            Some(2) => w(v.end) == "in" && w(v.end + 1) == "the",
            _ => false,
        };
        let area = matches!(
            w(x.end),
            "district" | "region" | "province" | "county" | "governorate" | "raion" | "oblast"
        );
        // (a province is read as one already)
        let not_province = matches!(x.place, Resolved::Place(j) if !gazetteer.place(j).is_admin1());
        if village && said_in && area && not_province {
            holders.push(x.start);
        }
    }
    // "In X, …": a name set before the comma that opens the clause
    let fronted_scene = w(0) == "in"
        && resolved
            .first()
            .is_some_and(|n| n.start == 1 && n.end > 1 && scan.tokens[n.end - 1].punct_after);
    // "the village of V in X", "V, X district": an unknown village's host town, which the
    // village lies near
    let hosted: Vec<usize> = resolved
        .iter()
        .filter(|v| matches!(v.place, Resolved::Unlocated(_)))
        .filter_map(|v| host_after(&scan.tokens, v.end))
        .collect();
    // "between X and Y", and "the X–Y highway": the starts of the two names, and what each
    // resolved to
    let resolved_between = resolved.windows(2).find_map(|w| {
        let (x, y) = (&w[0], &w[1]);
        let joined = x.start > 0
            && scan.tokens[x.start - 1].lower == "between"
            && y.start == x.end + 1
            && scan.tokens[x.end].lower == "and";
        let road_ends = y.start == x.end
            && x.end > 0
            && scan.tokens[x.end - 1].punct_after
            && scan
                .tokens
                .get(y.end)
                .is_some_and(|t| super::text::ROAD_NOUNS.contains(&t.lower.as_str()));
        (joined || road_ends).then_some((x.start, y.start))
    });
    let starts: Vec<(usize, Option<u32>)> = resolved
        .iter()
        .map(|n| match n.place {
            Resolved::Place(i) => (n.start, Some(i)),
            Resolved::Unlocated(_) => (n.start, None),
        })
        .collect();
    let place_at = |start: usize| starts.iter().find(|(s, _)| *s == start)?.1;
    // the province the clause names, wherever in it ("the village of V in the X region")
    let clause_province = resolved.iter().find_map(|n| match n.place {
        Resolved::Place(i) if !n.secondary && gazetteer.place(i).is_admin1() => Some(i),
        _ => None,
    });
    let mut holder_places: Vec<u32> = Vec::new();
    let mut settlements: Vec<u32> = Vec::new();
    let mut uncued: Vec<u32> = Vec::new();
    let mut nears: Vec<u32> = Vec::new();
    let mut waters: Vec<u32> = Vec::new();
    let mut hosts: Vec<u32> = Vec::new();
    let mut admins: Vec<u32> = Vec::new();
    let mut unlocated: Vec<String> = Vec::new();
    let mut quarters: Vec<String> = Vec::new();
    let mut villages: Vec<String> = Vec::new();
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
        quarter,
        settlement,
        within,
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
                if p.is_sea() {
                    // "intercepted over the Red Sea": where a missile was stopped on its way,
                    // not where an incident happened
                    let over = scan.tokens[..start]
                        .iter()
                        .rev()
                        .find(|t| t.lower != "the")
                        .is_some_and(|t| t.lower == "over");
                    if !secondary && !spoken_from && !over {
                        waters.push(i);
                    }
                    continue;
                }
                if holders.contains(&start) {
                    *last_admin = admin_index(gazetteer, p).or(*last_admin);
                    holder_places.push(i);
                    continue;
                }
                if hosted.contains(&start) && !p.is_admin1() {
                    *last_admin = admin_index(gazetteer, p).or(*last_admin);
                    hosts.push(i);
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
                if quarter {
                    quarters.push(raw.clone());
                }
                if settlement {
                    villages.push(raw.clone());
                }
                // "Hodeidah's district of Tuhyata": a spelling one edit from a place of
                // the province the clause is in
                let province = admins.last().copied().or(clause_province).or(*last_admin);
                // "the town of X in southern Lebanon" after a province of Syria: no province
                // of its country to stand in
                if within
                    .is_some_and(|cc| province.is_none_or(|a| gazetteer.place(a).country != cc))
                {
                    continue;
                }
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
    // "on the road between X and Y": one incident between two places, not one at each
    let between = resolved_between.and_then(|(x, y)| {
        let (i, j) = (place_at(x)?, place_at(y)?);
        (settlements.contains(&i) && settlements.contains(&j) && i != j).then(|| {
            settlements.retain(|&k| k != i && k != j);
            (i, j)
        })
    });
    // "in the Somali capital", "outside the capital": a capital named by what it is
    if settlements.is_empty() && nears.is_empty() && unlocated.is_empty() {
        if let Some((capital, near, words)) = capital_named(gazetteer, &scan.tokens, country) {
            if let Some(r) = byte_range(&scan.tokens, words) {
                place_words.entry(capital).or_insert(r);
            }
            if near {
                nears.push(capital);
            } else {
                settlements.push(capital);
            }
        }
    }
    // "rallied in X against the offensive on Y": where the words say it happened
    if uncued.len() < settlements.len() {
        settlements.retain(|i| !uncued.contains(i));
    }
    // "In Gaza, health officials said a strike on a house in Khan Younis …": a place set
    // before the comma opening the clause is the scene, and a place the clause goes on to
    // name is where it happened
    let scene = place_at(1).filter(|_| fronted_scene);
    if let Some(s) = scene {
        if settlements.len() > 1 && settlements.contains(&s) {
            settlements.retain(|&k| k != s);
        }
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
        waters,
        hosts,
        admins,
        unlocated,
        quarters,
        villages,
        secondaries,
        spoken_from_places,
        offsets,
        last_admin: *last_admin,
        between,
    }
}

/// The point halfway between places `x` and `y` ("the road between X and Y"), with half the
/// distance between them as its uncertainty; `None` when they lie too far apart for the
/// phrase to place anything.
fn midway(gazetteer: &Gazetteer, x: u32, y: u32) -> Option<Located> {
    let (a, b) = (gazetteer.place(x), gazetteer.place(y));
    let (pa, pb) = (a.coord?, b.coord?);
    let km = crate::gazetteer::rank::distance_km(pa, pb);
    if km > MAX_BETWEEN_KM {
        return None;
    }
    let location = format!("between {} and {}", a.name, b.name);
    let mut l = located(gazetteer, x, 2, Some(&location))?;
    (l.lon, l.lat) = ((pa.0 + pb.0) / 2.0, (pa.1 + pb.1) / 2.0);
    l.geonameid = None;
    l.radius_km = Some((km / 2.0).max(offset::MIN_RADIUS_KM));
    Some(l)
}

/// A capital city a clause names by what it is: "in the Somali capital" (that country's),
/// "outside the capital" (the report's country's), not "the capital of X" or "the capital,
/// X", which name it. The capital, whether the clause puts the incident only near it, and
/// the words.
fn capital_named(
    gazetteer: &Gazetteer,
    tokens: &[Token<'_>],
    country: Option<CountryCode>,
) -> Option<(u32, bool, Range<usize>)> {
    let at = (2..tokens.len()).find(|&i| {
        tokens[i].lower == "capital"
            && (tokens[i].punct_after && tokens.get(i + 1).is_none_or(|t| !t.is_capitalised())
                || tokens.get(i + 1).is_none_or(|t| {
                    !t.is_capitalised() && !matches!(t.lower.as_str(), "of" | "city" | "punishment")
                }))
    })?;
    let (cc, the) = match tokens[at - 1].lower.as_str() {
        "the" => (country?, at - 1),
        _ if tokens[at - 2].lower == "the" => {
            let c = gazetteer.demonym(tokens[at - 1].text)?;
            (gazetteer.place(c).country, at - 2)
        }
        _ => return None,
    };
    let before = tokens.get(the.checked_sub(1)?)?.lower.as_str();
    let near = matches!(before, "near" | "outside" | "outskirts");
    if !near
        && !matches!(
            before,
            "in" | "at" | "across" | "inside" | "on" | "hit" | "struck"
        )
    {
        return None;
    }
    Some((gazetteer.capital_of(cc)?, near, the..at + 1))
}

/// The token where a place naming the host of the unknown name ending at token `end` starts:
/// "V in X", "V village in X", "V, X".
fn host_after(tokens: &[Token<'_>], end: usize) -> Option<usize> {
    if end == 0 || end >= tokens.len() {
        return None;
    }
    if tokens[end - 1].punct_after {
        return Some(end);
    }
    let noun = toponyms::is_settlement_noun(&tokens[end].lower);
    let at = end + usize::from(noun);
    if tokens.get(at)?.lower != "in" {
        return None;
    }
    // "V in Zamfara's Tsafe area", "V in Benue State's Guma local government area": the
    // place the province holds
    let host = at + 1;
    for k in host..(host + 3).min(tokens.len()) {
        if !tokens[k].is_capitalised() {
            break;
        }
        if toponyms::bare(tokens[k].text) != tokens[k].text {
            let held = tokens.get(k + 1).is_some_and(|t| t.is_capitalised());
            return Some(if held { k + 1 } else { host });
        }
    }
    Some(host)
}

/// The name a clause's ", which …" relative clause hangs on, when all of the clause's event
/// words are in that relative clause: its index in `named`.
pub(super) fn relative_antecedent(
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

/// The point `o` away from place `i` ("80 km north of X"), named `location`, with the
/// uncertainty of such a phrase.
pub(super) fn offset_from(
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

/// Where a clause's incident happened, as its places give it.
#[derive(Debug)]
pub(super) enum Placement {
    /// At these points (one per place the clause says it happened at).
    At(Vec<Located>),
    /// Only a province is named: the incident told just before when that lies in it, else
    /// the province as a whole.
    Province(u32),
    /// No place of its own: the incident told before, told in more words.
    Nowhere,
}

impl Placement {
    fn at(points: impl IntoIterator<Item = Located>) -> Self {
        let points: Vec<Located> = points.into_iter().collect();
        if points.is_empty() {
            Placement::Nowhere
        } else {
            Placement::At(points)
        }
    }
}

impl ClausePlaces {
    /// The place of the clause's incident, first of: the places it happened at; an unknown
    /// village placed by a distance from a town, near a town, or in its province; a point
    /// given by distance and direction; near a town; a sea; a place of origin or direction
    /// only; where a speaker spoke from (when the report has placed nothing yet); a province.
    pub(super) fn placement(
        &self,
        gazetteer: &Gazetteer,
        report: &ReportPlaces,
        nothing_placed_yet: bool,
    ) -> Placement {
        if !self.settlements.is_empty() {
            // a district named as where it happened is a part of a region: precision 2
            let precision = |i: u32| {
                if &*gazetteer.place(i).feature_code == "ADM2" {
                    2
                } else {
                    1
                }
            };
            return Placement::at(
                self.settlements
                    .iter()
                    .filter_map(|&i| located(gazetteer, i, precision(i), None)),
            );
        }
        if let Some(raw) = self.unlocated.first() {
            return Placement::at(self.unknown_village(gazetteer, raw, report));
        }
        if let Some((x, y)) = self.between {
            // (too far apart for "between" to place it: at the first)
            return Placement::at(
                midway(gazetteer, x, y).or_else(|| located(gazetteer, x, 1, None)),
            );
        }
        if let Some(&(i, o)) = self.offsets.first() {
            // "an outpost 40 km north of X": the point that far from X
            let name = format!(
                "{:.0} km {} of {}",
                o.km,
                o.direction,
                gazetteer.place(i).name
            );
            return Placement::at(offset_from(gazetteer, i, o, &name));
        }
        if let Some(&i) = self.nears.first() {
            return Placement::at(located(gazetteer, i, 2, None).map(|mut l| {
                l.radius_km = Some(NEAR_RADIUS_KM);
                l
            }));
        }
        if let Some(&i) = self.waters.first() {
            // "a tanker struck in the Red Sea": no town nearer; at precision 3, as a province
            // (a sea the clause names says more of where than a province named elsewhere)
            return Placement::at(located(gazetteer, i, 3, None));
        }
        if let (Some(&i), true) = (self.secondaries.first(), self.admins.is_empty()) {
            // only a place of origin or direction: better than none
            return Placement::at(located(gazetteer, i, 2, None));
        }
        if let (Some(&i), true) = (
            self.spoken_from_places.first(),
            nothing_placed_yet && self.admins.is_empty(),
        ) {
            // "told Reuters by telephone from X", and the report has placed nothing yet
            return Placement::at(located(gazetteer, i, 2, None));
        }
        match self.admins.first() {
            Some(&a) => Placement::Province(a),
            None => Placement::Nowhere,
        }
    }

    /// A village the gazetteer lacks, `raw`: where the report puts it by a distance from a
    /// town, else near the town the clause names, else near the town or district it is said
    /// to be in, else in its province (at the centre of the
    /// places the report names there, a better guess than the capital).
    fn unknown_village(
        &self,
        gazetteer: &Gazetteer,
        raw: &str,
        report: &ReportPlaces,
    ) -> Option<Located> {
        let by_offset = report
            .placed_by_offset
            .get(&crate::gazetteer::normalize::name_key(raw))
            .copied()
            .or(self.offsets.first().copied());
        by_offset
            .and_then(|(i, o)| offset_from(gazetteer, i, o, raw))
            .or_else(|| {
                let &i = self.nears.first()?;
                let mut l = located(gazetteer, i, 2, Some(raw))?;
                l.geonameid = None;
                l.radius_km = Some(NEAR_RADIUS_KM);
                Some(l)
            })
            .or_else(|| {
                let &i = self.hosts.first()?;
                let mut l = located(gazetteer, i, 2, Some(raw))?;
                l.geonameid = None;
                l.radius_km = Some(NEAR_RADIUS_KM);
                // one incident with what the report tells at its host the same day
                l.key = located(gazetteer, i, 1, None)?.key;
                Some(l)
            })
            .or_else(|| {
                // "the X neighbourhood" of a report filed from a city, or of one that placed
                // its story in a city before: a part of that city
                if !self.quarters.iter().any(|q| q == raw) || !self.admins.is_empty() {
                    return None;
                }
                let city = report.dateline_city.or(report.first_city)?;
                let mut l = located(gazetteer, city, 2, Some(raw))?;
                l.geonameid = None;
                l.radius_km = Some(NEAR_RADIUS_KM);
                Some(l)
            })
            .or_else(|| {
                let admin = self.admins.first().copied().or(self.last_admin)?;
                let mut l = province_point(gazetteer, admin, Some(raw))?;
                l.named_settlement = self.villages.iter().any(|v| v == raw);
                if let Some(points) = report.in_province.get(&admin) {
                    let n = points.len() as f64;
                    l.lon = points.iter().map(|p| p.0).sum::<f64>() / n;
                    l.lat = points.iter().map(|p| p.1).sum::<f64>() / n;
                }
                Some(l)
            })
    }
}
#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::places::Setting;
    use super::super::{resolve, test_report, text};
    use super::*;

    /// The sorted places of a report's first clause, with what the whole report says of
    /// places, and the province spoken of last.
    fn first_clause(g: &Gazetteer, text: &str) -> (ClausePlaces, ReportPlaces) {
        let report = test_report(text, (2024, 3, 5));
        let sentences = text::sentences(&report.text);
        let scan = scan::scan_report(g, &report, &sentences, &HashSet::new());
        let setting = Setting {
            country: scan.country(),
            named: &scan.named,
            named_land: &scan.named_land,
            provinces: &scan.provinces,
        };
        let mut resolved =
            resolve::resolve_report(g, &report, &scan.scans, &setting, scan.dateline_city);
        let (mut last_admin, mut memo) = (None, HashMap::new());
        let places = sort_places(
            g,
            &scan.scans[0],
            setting.country,
            resolved.named.remove(0),
            &mut last_admin,
            &mut memo,
        );
        (places, resolved.places)
    }

    #[test]
    fn a_clauses_places_are_sorted_by_what_the_words_say() {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        let (places, _) = first_clause(
            &g,
            "Gunmen attacked the village of Larkhabi near Kunduz in Kunduz province on Monday, \
             officials in Kabul said.",
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
            places
                .last_admin
                .map(|a| g.place(a).name.to_string())
                .as_deref(),
            Some("Kabul")
        );
    }

    #[test]
    fn an_unknown_village_near_a_town_stands_near_that_town_under_its_own_name() {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        let (places, report) = first_clause(
            &g,
            "Gunmen attacked the village of Larkhabi near Kunduz on Monday.",
        );
        let Placement::At(at) = places.placement(&g, &report, true) else {
            panic!("no place");
        };
        assert_eq!(at.len(), 1);
        assert_eq!(at[0].location, "Larkhabi");
        assert_eq!(at[0].geo_precision, 2);
        assert_eq!(at[0].radius_km, Some(NEAR_RADIUS_KM));
        assert_eq!(at[0].geonameid, None, "a fallback is no resolved place");
        assert_eq!(&*g.place(at[0].place).name, "Kunduz");
    }

    #[test]
    fn a_distance_from_a_town_moves_the_point_by_it() {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        let (places, report) = first_clause(
            &g,
            "Militants attacked a checkpoint 40 km north of Kandahar on Monday.",
        );
        let Placement::At(at) = places.placement(&g, &report, true) else {
            panic!("no place");
        };
        let town = g.place(at[0].place).coord.expect("Kandahar has a point");
        assert_eq!(
            at[0].location,
            format!("40 km north of {}", g.place(at[0].place).name)
        );
        let moved_km = (at[0].lat - town.1) * 111.0;
        assert!((30.0..50.0).contains(&moved_km), "moved {moved_km} km");
        assert!(at[0].radius_km.is_some());
    }

    #[test]
    fn a_province_alone_or_no_place_is_left_to_the_incident_stage() {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        let (places, report) =
            first_clause(&g, "Fighting was reported in Helmand province on Monday.");
        assert!(
            matches!(places.placement(&g, &report, true), Placement::Province(a) if &*g.place(a).name == "Helmand"),
            "{:?}",
            places.placement(&g, &report, true)
        );
        let (places, report) = first_clause(&g, "Fighting went on all day on Monday.");
        assert!(matches!(
            places.placement(&g, &report, true),
            Placement::Nowhere
        ));
    }
}
