//! Where a clause's event happened: resolving its place names with the report's context, and
//! the fallbacks for a place the gazetteer cannot locate (the place it is near, its province).

use crate::gazetteer::{Context, CountryCode, Gazetteer, Place, PlaceKind};

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
}

/// A resolved mention.
pub enum Resolved {
    Place(u32),
    /// Named and recognised as a settlement, but not locatable.
    Unlocated(String),
}

pub fn resolve_mention(
    gazetteer: &Gazetteer,
    m: &toponyms::Mention,
    country: Option<CountryCode>,
    near: &[(f64, f64)],
) -> Option<Resolved> {
    let mut ctx = Context {
        country,
        near: near.to_vec(),
        kind: m.hint,
    };
    let mut cands = Vec::new();
    if m.regional && m.hint == PlaceKind::Any {
        ctx.kind = PlaceKind::Admin1;
        cands = gazetteer.lookup_names(&m.raw, &ctx, 3);
        ctx.kind = PlaceKind::Any;
    }
    if cands.is_empty() {
        cands = gazetteer.lookup_names(&m.raw, &ctx, 3);
    }
    if cands.is_empty() && m.hint != PlaceKind::Any {
        ctx.kind = PlaceKind::Any;
        cands = gazetteer.lookup_names(&m.raw, &ctx, 3);
    }
    if cands.is_empty() && (m.cued || m.settlement_cue) {
        // a spelling the data lacks: the consonant skeleton, in the report's country only,
        // of the kind the words around it ask for ("Salahuddin province")
        ctx.kind = m.hint;
        cands = gazetteer
            .lookup(&m.raw, &ctx, 3)
            .into_iter()
            .filter(|c| country.is_some_and(|cc| gazetteer.place(c.index).country == cc))
            .collect();
    }
    let Some(best) = cands.first() else {
        return m.settlement_cue.then(|| Resolved::Unlocated(m.raw.clone()));
    };
    let place = gazetteer.place(best.index);
    if !place.is_settlement_or_area() {
        return None;
    }
    let big = place.is_admin1() || place.is_country() || place.population >= 100_000;
    if !m.cued && !big {
        return None;
    }
    // an uncued small place abroad is more likely a word than a place
    if !m.cued
        && country.is_some_and(|c| c != place.country)
        && !place.is_country()
        && !place.is_admin1()
        && place.population < 500_000
    {
        return None;
    }
    if place.coord.is_none() {
        return Some(Resolved::Unlocated(m.raw.clone()));
    }
    Some(Resolved::Place(best.index))
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
    })
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

pub fn admin_index(gazetteer: &Gazetteer, place: &Place) -> Option<u32> {
    gazetteer.admin1_index_of(place)
}
