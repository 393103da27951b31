//! Ranking of gazetteer candidates, and what their score means.
//!
//! Every candidate gets a score in `0..=1`:
//!
//! ```text
//! score = match × (0.35 + 0.30·population + 0.10·feature + 0.25·context)
//! ```
//!
//! * `match` — how the name matched: 1.0 the place's main name, 0.95 one of its alternate
//!   names (exonyms, former names, other transliterations), 0.6 only its consonant skeleton.
//! * `population` — `log10(population + 1) / 6`, capped at 1 (a city of a million scores 1).
//!   Admin-1 and admin-2 areas count 0.5 (a bare name means their seat), and so do seas and
//!   other waters (they have no people, but are as large); countries 1.
//! * `feature` — 1 for populated places, administrative areas and seas, 0.5 for other
//!   features (hills, rivers).
//! * `context` — agreement with what the caller knows: 1 when the place is in the hinted
//!   country, 0 when it is not; with places named nearby (e.g. elsewhere in the same report),
//!   `exp(-d / 50 km)` for the nearest of them; the mean when both are given; 0.5 when
//!   neither is.
//!
//! When an admin-1 area and its own capital both match (`Tombouctou` the region and the city
//! of Timbuktu), the capital takes the area's score plus 0.001 if that is higher: a bare name
//! in a report means the town; the province is asked for with [`PlaceKind::Admin1`].
//!
//! So a score near 1 is a main-name match of a large place that agrees with the context; a
//! score under 0.5 is a weak guess (a skeleton match, a small place, or one against the hints).
//! Candidates are ordered by score, then population, then id, so equal inputs give equal output.

use super::{CountryCode, Gazetteer, Place};

/// How a query name matched a place. Ordered best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// A name the user entered for this place (`gazetteer::user`): it overrides the rest.
    User,
    /// The place's main name.
    Exact,
    /// One of its alternate names.
    Alias,
    /// Only the consonant skeleton.
    Skeleton,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::User => "user",
            MatchKind::Exact => "exact",
            MatchKind::Alias => "alias",
            MatchKind::Skeleton => "skeleton",
        }
    }

    fn weight(self) -> f64 {
        match self {
            MatchKind::User | MatchKind::Exact => 1.0,
            MatchKind::Alias => 0.95,
            MatchKind::Skeleton => 0.6,
        }
    }
}

/// Which kinds of place a caller wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlaceKind {
    #[default]
    Any,
    /// Populated places only (a town, not the province of the same name).
    Settlement,
    /// Admin-1 areas only ("X province").
    Admin1,
    /// Countries only.
    Country,
}

impl PlaceKind {
    /// Whether a place is of this kind.
    pub fn admits(self, place: &Place) -> bool {
        match self {
            PlaceKind::Any => true,
            PlaceKind::Settlement => place.feature_class == b'P',
            PlaceKind::Admin1 => place.is_admin1(),
            PlaceKind::Country => place.is_country(),
        }
    }
}

/// What the caller knows about where the name should be.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The country the report is about (`--country SY`).
    pub country: Option<CountryCode>,
    /// `(lon, lat)` of other places in the same report.
    pub near: Vec<(f64, f64)>,
    pub kind: PlaceKind,
}

impl Context {
    pub fn in_country(country: CountryCode) -> Self {
        Context {
            country: Some(country),
            ..Context::default()
        }
    }
}

/// A ranked answer: an index into [`Gazetteer::places`], its score and how it matched.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    pub index: u32,
    pub score: f64,
    pub matched: MatchKind,
}

/// Great-circle distance in km between two `(lon, lat)` points (haversine, mean Earth radius).
/// Written out because this one formula is all the ranking needs from a geodesy library.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lon1, lat1) = (a.0.to_radians(), a.1.to_radians());
    let (lon2, lat2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

fn population_term(place: &Place) -> f64 {
    if place.is_country() {
        1.0
    } else if place.is_admin1() || &*place.feature_code == "ADM2" || place.is_sea() {
        // an area's population (summed from its towns) would outrank its own seat of the
        // same name; a bare name in a report means the town
        0.5
    } else {
        ((place.population as f64 + 1.0).log10() / 6.0).min(1.0)
    }
}

fn context_term(place: &Place, context: &Context) -> f64 {
    let mut terms = Vec::with_capacity(2);
    if let Some(country) = context.country {
        terms.push(if place.country == country { 1.0 } else { 0.0 });
    }
    if let (Some(coord), false) = (place.coord, context.near.is_empty()) {
        let nearest = context
            .near
            .iter()
            .map(|&p| distance_km(coord, p))
            .fold(f64::INFINITY, f64::min);
        terms.push((-nearest / 50.0).exp());
    }
    if terms.is_empty() {
        0.5
    } else {
        terms.iter().sum::<f64>() / terms.len() as f64
    }
}

/// The score of one place for one match; see the module documentation.
pub fn score(place: &Place, matched: MatchKind, context: &Context) -> f64 {
    let feature = if place.is_settlement_or_area() || place.is_sea() {
        1.0
    } else {
        0.5
    };
    let raw = matched.weight()
        * (0.35
            + 0.30 * population_term(place)
            + 0.10 * feature
            + 0.25 * context_term(place, context));
    raw.clamp(0.0, 1.0)
}

/// Scores, filters by kind, orders and truncates the matches of one lookup.
pub(super) fn rank(
    gazetteer: &Gazetteer,
    found: Vec<(u32, MatchKind)>,
    context: &Context,
    limit: usize,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = found
        .into_iter()
        .filter(|&(i, _)| context.kind.admits(gazetteer.place(i)))
        .map(|(index, matched)| Candidate {
            index,
            score: score(gazetteer.place(index), matched, context),
            matched,
        })
        .collect();
    promote_capitals(gazetteer, &mut out);
    out.sort_by(|a, b| {
        let (pa, pb) = (gazetteer.place(a.index), gazetteer.place(b.index));
        b.score
            .total_cmp(&a.score)
            .then(pb.population.cmp(&pa.population))
            .then(pa.id.cmp(&pb.id))
    });
    out.truncate(limit);
    out
}

/// Lifts a matching capital just above its matching admin-1 area (see the module docs).
fn promote_capitals(gazetteer: &Gazetteer, candidates: &mut [Candidate]) {
    let lifts: Vec<(u32, f64)> = candidates
        .iter()
        .filter_map(|c| {
            let capital = gazetteer.place(c.index).capital?;
            Some((capital, c.score + 0.001))
        })
        .collect();
    for (capital, floor) in lifts {
        if let Some(c) = candidates.iter_mut().find(|c| c.index == capital) {
            c.score = c.score.max(floor.min(1.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_between_known_cities() {
        // Damascus to Aleppo is about 310 km
        let d = distance_km((36.2913, 33.5102), (37.1612, 36.2021));
        assert!((d - 310.0).abs() < 15.0, "{d}");
        assert_eq!(distance_km((10.0, 10.0), (10.0, 10.0)), 0.0);
    }
}
