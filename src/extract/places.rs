//! Where a clause's event happened: resolving its place names with the report's context, and
//! the fallbacks for a place the gazetteer cannot locate (the place it is near, its province).

use std::collections::HashSet;

use crate::gazetteer::{CountryCode, Gazetteer, MatchKind, Place, PlaceKind};
use crate::geoparse::Choice;

use super::toponyms;

/// Where a clause's event happened.
#[derive(Debug, Clone)]
pub struct Located {
    pub lon: f64,
    pub lat: f64,
    /// The place name events carry (the raw name when the gazetteer could not locate it).
    pub location: String,
    pub geo_precision: u8,
    /// The gazetteer place the coordinates come from.
    pub place: u32,
    /// The place itself was resolved (not a fallback).
    pub geonameid: Option<i64>,
    /// Merge key: which place this is about.
    pub key: String,
    /// How far the true place may lie from the point (relative locations only).
    pub radius_km: Option<f64>,
    /// An unknown name placed only by its province that the report calls a settlement of its
    /// own ("the village of X"), not a part of a place ("the X district").
    pub named_settlement: bool,
}

/// What the whole report says about where it is.
pub struct Setting<'a> {
    /// The country the report is about.
    pub country: Option<CountryCode>,
    /// The countries it names, by name or demonym.
    pub named: &'a HashSet<CountryCode>,
    /// The countries it names as places: by name, or by a demonym before a place noun ("the
    /// Syrian town of"); "Ukrainian troops" names only whose troops.
    pub named_land: &'a HashSet<CountryCode>,
    /// The provinces it names (gazetteer indices).
    pub provinces: &'a HashSet<u32>,
}

/// A resolved mention.
pub enum Resolved {
    Place(u32),
    /// Named and recognised as a settlement, but not locatable.
    Unlocated(String),
}

/// The least probability the geoparser may give a candidate in the report's country for it
/// to win over candidates abroad.
const HOME_FLOOR: f32 = 0.02;

/// The least population of a town outside the report's country for it to be taken as an
/// event's place.
const ABROAD_MIN_POPULATION: u64 = 1_000_000;

/// Below this population a place abroad is a village: taken only when the report names its
/// country as a place.
const ABROAD_MIN_VILLAGE_POPULATION: u64 = 10_000;

/// Resolves a mention from the geoparser's ranked candidates (`ranked`, best first), keeping
/// the kind the words around it ask for ("X province", "the town of X") when one of the
/// candidates is of that kind.
pub fn resolve_mention(
    gazetteer: &Gazetteer,
    m: &toponyms::Mention,
    ranked: &[Choice],
    setting: &Setting<'_>,
) -> Option<Resolved> {
    let country = setting.country;
    // the report's country, when the geoparser gives it a fair chance ("a raid near Beni" in a
    // report about the ADF is the Congolese town, not the Bolivian department)
    let home: Vec<&Choice> = ranked
        .iter()
        .filter(|c| country.is_some_and(|cc| gazetteer.place(c.index).country == cc))
        .filter(|c| c.score >= HOME_FLOOR)
        .collect();
    let ranked: Vec<&Choice> = if home.is_empty() {
        ranked.iter().collect()
    } else {
        home
    };
    let first_of = |kind: PlaceKind, floor: f32| {
        ranked
            .iter()
            .copied()
            .find(|c| c.score >= floor && kind.admits(gazetteer.place(c.index)))
    };
    let top = ranked.first().map_or(0.0, |c| c.score);
    let chosen = match (m.hint, m.regional) {
        // "eastern Deir ez-Zor": the province, unless the geoparser is sure of the town
        // ("central Mexico" is part of the country, not one of its provinces)
        (PlaceKind::Any, true) => ranked
            .first()
            .filter(|c| !gazetteer.place(c.index).is_country())
            .and_then(|_| first_of(PlaceKind::Admin1, top * 0.25)),
        // a bare name that is a town and its province or district is the town (ACLED's
        // convention; the province is asked for with "X province")
        (PlaceKind::Any, false) => ranked.first().and_then(|best| {
            let area = gazetteer.place(best.index);
            if area.feature_class != b'A' || area.is_country() {
                return None;
            }
            // a bare name shared by a country and a province ("Mexico") is the country
            if let Some(c) = ranked
                .iter()
                .copied()
                .find(|c| gazetteer.place(c.index).is_country())
            {
                return Some(c);
            }
            ranked.iter().copied().find(|c| {
                let town = gazetteer.place(c.index);
                town.feature_class == b'P'
                    && town.country == area.country
                    && town.admin1_code == area.admin1_code
            })
        }),
        // "the region of Mali" after another region's name ("the Sahel region of western
        // Mali"): a country's own name is the country
        (PlaceKind::Admin1, _)
            if ranked
                .first()
                .is_some_and(|c| gazetteer.place(c.index).is_country()) =>
        {
            ranked.first().copied()
        }
        // "X district": an admin-2 area when no province has the name
        (PlaceKind::Admin1, _) => first_of(PlaceKind::Admin1, 0.0).or_else(|| {
            ranked.iter().copied().find(|c| {
                let p = gazetteer.place(c.index);
                p.feature_class == b'A' && !p.is_country()
            })
        }),
        (hint, _) => first_of(hint, 0.0),
    }
    .or(ranked.first().copied());
    // a spelling only the consonant skeleton finds: in the report's country, when the words
    // around it say it is a place
    // (and in a province the report names, when it names any of that country: "Chin State's
    // … outside of X Town" is not a look-alike in another region)
    let chosen = chosen.filter(|c| {
        let place = gazetteer.place(c.index);
        let named_here: Vec<u32> = setting
            .provinces
            .iter()
            .copied()
            .filter(|&a| gazetteer.place(a).country == place.country)
            .collect();
        c.matched != MatchKind::Skeleton
            || (m.cued || m.settlement_cue)
                && country.is_some_and(|cc| place.country == cc)
                && (named_here.is_empty()
                    || gazetteer
                        .admin1_index_of(place)
                        .is_some_and(|a| named_here.contains(&a)))
    });
    // "the Tillabery region": the province whose capital is the only place known by that
    // spelling
    let chosen = chosen.map(|c| {
        let place = gazetteer.place(c.index);
        match (m.hint, &*place.feature_code) {
            (PlaceKind::Admin1, "PPLA") => gazetteer.admin1_index_of(place).unwrap_or(c.index),
            // "the town of Nabatieh", and a bare "in Nabatieh": the capital a province is
            // named after, where the gazetteer spells the town otherwise ("Nabatiye et
            // Tahta"); "eastern Nabatieh" stays the province
            (PlaceKind::Settlement, "ADM1") | (PlaceKind::Any, "ADM1")
                if !m.regional && !toponyms::ends_in_area_noun(&m.raw) =>
            {
                place
                    .capital
                    .filter(|&k| named_after(&gazetteer.place(k).name, &m.raw))
                    .unwrap_or(c.index)
            }
            _ => c.index,
        }
    });
    // "Al-Dhalea Governorate": a province the gazetteer spells otherwise
    let chosen = chosen.or_else(|| {
        (m.hint == PlaceKind::Admin1 && ranked.is_empty())
            .then_some(country)
            .flatten()
            .and_then(|cc| province_spelt_alike(gazetteer, &m.raw, cc))
    });
    let Some(best) = chosen else {
        return m.settlement_cue.then(|| Resolved::Unlocated(m.raw.clone()));
    };
    let place = gazetteer.place(best);
    if place.is_sea() {
        return place.coord.map(|_| Resolved::Place(best));
    }
    if !place.is_settlement_or_area() {
        return None;
    }
    let big = place.is_admin1() || place.is_country() || place.population >= 100_000;
    if !m.cued && !big {
        return None;
    }
    let abroad =
        country.is_some_and(|c| c != place.country) && !place.is_country() && !place.is_admin1();
    // an uncued small place abroad is more likely a word than a place
    if abroad && !m.cued && place.population < 500_000 {
        return None;
    }
    // a small town abroad, even in a place phrase, is more often a homonym of a village the
    // gazetteer lacks than the place of the report's event, unless the report names its
    // country (a rocket fired across the border)
    // (a village abroad needs its country named as a place: "the Ukrainian village of X", not
    // just "Ukrainian troops")
    let country_named = if place.population < ABROAD_MIN_VILLAGE_POPULATION {
        setting.named_land.contains(&place.country)
    } else {
        setting.named.contains(&place.country)
    };
    if abroad && !country_named && place.population < ABROAD_MIN_POPULATION {
        return m.settlement_cue.then(|| Resolved::Unlocated(m.raw.clone()));
    }
    // a province of another country the report never names, not called a province, is a
    // homonym too ("Lac Vert camp" near Goma is not Chad's Lac region)
    let province_abroad = place.is_admin1()
        && m.hint == PlaceKind::Any
        && country.is_some_and(|c| c != place.country)
        && !setting.named.contains(&place.country);
    if province_abroad {
        return m.settlement_cue.then(|| Resolved::Unlocated(m.raw.clone()));
    }
    if place.coord.is_none() {
        return Some(Resolved::Unlocated(m.raw.clone()));
    }
    Some(Resolved::Place(best))
}

pub fn located(
    gazetteer: &Gazetteer,
    index: u32,
    precision: u8,
    location: Option<&str>,
) -> Option<Located> {
    let place = gazetteer.place(index);
    let (lon, lat) = place.coord?;
    Some(Located {
        lon,
        lat,
        location: location.map_or_else(|| place.name.to_string(), str::to_string),
        geo_precision: precision,
        place: index,
        geonameid: (location.is_none() && place.id > 0).then_some(place.id),
        key: match location {
            Some(raw) => format!("raw:{}", crate::gazetteer::normalize::name_key(raw)),
            None => format!("place:{}", place.id),
        },
        radius_km: None,
        named_settlement: false,
    })
}

/// Letters two spellings of one name share at their start, at least ("Nabatieh", "Nabatiye").
const NAMED_AFTER_PREFIX: usize = 5;

/// Whether a town's name and a name the text uses for it start alike.
fn named_after(town: &str, raw: &str) -> bool {
    use crate::gazetteer::normalize::name_key;
    let (a, b) = (name_key(town), name_key(raw));
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
        >= NAMED_AFTER_PREFIX.min(b.chars().count())
}

/// An admin-1 area's position: its capital when the data has one (ACLED's convention),
/// else its label point.
pub fn province_point(
    gazetteer: &Gazetteer,
    admin: u32,
    location: Option<&str>,
) -> Option<Located> {
    let place = gazetteer.place(admin);
    let at = place.capital.unwrap_or(admin);
    let mut l = located(gazetteer, at, 3, Some(location.unwrap_or(&place.name)))?;
    l.place = admin;
    l.geonameid = location.is_none().then_some(place.id).filter(|&id| id > 0);
    l.key = match location {
        Some(raw) => format!("raw:{}", crate::gazetteer::normalize::name_key(raw)),
        None => format!("place:{}", place.id),
    };
    Some(l)
}

/// Shortest name key [`spelt_alike_in`] tries: below it one edit too often names another place.
const MIN_ALIKE_KEY: usize = 6;

/// The one place of a province whose name is one edit (a letter added, dropped, changed, or
/// two swapped) from a name the gazetteer lacks: "Tuhyata" for At Tuhayta'. The consonant
/// skeleton misses such variants when a name has few consonants; searching only the province
/// the clause names keeps one edit from reaching an unrelated place. `None` when no place or
/// more than one is that close.
pub fn spelt_alike_in(gazetteer: &Gazetteer, raw: &str, admin: u32) -> Option<u32> {
    use crate::gazetteer::normalize::name_key;
    let key = name_key(raw);
    if key.chars().count() < MIN_ALIKE_KEY {
        return None;
    }
    only_place_in(gazetteer, admin, |p| {
        strsim::osa_distance(&name_key(&p.name), &key) <= 1
    })
}

/// The one located place (not the province itself) of province `admin` that `fits`; `None`
/// when none or several do.
fn only_place_in(gazetteer: &Gazetteer, admin: u32, fits: impl Fn(&Place) -> bool) -> Option<u32> {
    let province = gazetteer.place(admin);
    let found = gazetteer
        .places()
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.country == province.country
                && p.admin1_code == province.admin1_code
                && !p.is_admin1()
                && p.coord.is_some()
        })
        .filter(|(_, p)| fits(p))
        .map(|(i, _)| i);
    the_only(found)
}

/// The index an iterator yields, when it yields exactly one.
fn the_only(mut found: impl Iterator<Item = usize>) -> Option<u32> {
    let first = found.next()?;
    match found.next() {
        Some(_) => None,
        None => u32::try_from(first).ok(),
    }
}

/// Words that make a new settlement's name from an older one's: "New", "Old", "Great",
/// "Little", "Lower", "Upper" in Ukrainian and Russian, joined ("Novo-") or apart ("Velyka ").
const DERIVED_NAME_PREFIXES: &[&str] = &[
    "novo",
    "staro",
    "nizhne",
    "verkhne",
    "nova ",
    "novyi ",
    "nove ",
    "novaya ",
    "novyy ",
    "stara ",
    "staryi ",
    "staraya ",
    "velyka ",
    "velyki ",
    "velykyi ",
    "bolshaya ",
    "mala ",
    "mali ",
    "malyi ",
    "malaya ",
    "nyzhnia ",
    "verkhnia ",
];

/// The one place of a province whose name an unknown village's name is derived from:
/// "Novo-X", "Velyka X" next to X (such villages were founded beside the place they are
/// named after). Used as "near X", never as X itself.
pub fn derived_from_in(gazetteer: &Gazetteer, raw: &str, admin: u32) -> Option<u32> {
    use crate::gazetteer::normalize::name_key;
    let key = name_key(raw);
    let rest = DERIVED_NAME_PREFIXES
        .iter()
        .find_map(|p| key.strip_prefix(p))
        .map(|r| r.trim_start_matches([' ', '-']))
        .filter(|r| r.chars().count() >= 4)?;
    only_place_in(gazetteer, admin, |p| name_key(&p.name) == rest)
}

/// The one province of the report's `country` whose name has
/// the consonant skeleton of, or is one edit from, a name the gazetteer lacks, when the text
/// calls it a province: "Al-Dhalea Governorate" is Ad Dali'. A country has few provinces, so
/// even a two-consonant skeleton names one; `None` when none or several match.
pub fn province_spelt_alike(gazetteer: &Gazetteer, raw: &str, country: CountryCode) -> Option<u32> {
    use crate::gazetteer::normalize::{name_key, skeleton};
    let key = name_key(raw);
    let skel = skeleton(&key);
    if skel.len() < 2 {
        return None;
    }
    let alike = gazetteer.admin1_areas().filter(|&i| {
        let p = gazetteer.place(i);
        p.country == country && p.coord.is_some() && {
            let k = name_key(&p.name);
            skeleton(&k) == skel || strsim::osa_distance(&k, &key) <= 1
        }
    });
    the_only(alike.map(|i| i as usize))
}

pub fn admin_index(gazetteer: &Gazetteer, place: &Place) -> Option<u32> {
    gazetteer.admin1_index_of(place)
}
