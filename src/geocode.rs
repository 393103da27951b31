//! Gazetteer answers as GeoJSON: what `sitmap geocode` prints and `/gazetteer` serves.

use serde::Serialize;

use crate::gazetteer::{Candidate, Gazetteer};
use crate::geojson::{Feature, FeatureCollection, Point};

/// The properties of one candidate place.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateProperties {
    pub name: String,
    pub country_code: String,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub feature_code: String,
    pub population: u64,
    /// See `gazetteer::rank` for what it means.
    pub score: f64,
    /// `exact`, `alias` or `skeleton`.
    #[serde(rename = "match")]
    pub matched: &'static str,
    /// Null for a hand-kept place (no GeoNames id).
    pub geonameid: Option<i64>,
    /// False for a known place that no source locates; its geometry is then null.
    pub located: bool,
    /// The cited source of a hand-kept place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The properties of one place as an answer: `score` rounded to three decimals, `matched`
/// saying how the name matched. Shared by the gazetteer's and the geoparser's answers.
pub fn place_properties(
    gazetteer: &Gazetteer,
    index: u32,
    score: f64,
    matched: &'static str,
) -> CandidateProperties {
    let place = gazetteer.place(index);
    let admin1 = if place.is_admin1() {
        Some(place.name.to_string())
    } else {
        gazetteer.admin1_of(place).map(|a| a.name.to_string())
    };
    CandidateProperties {
        name: place.name.to_string(),
        country_code: place.country.to_string(),
        country: gazetteer.country(place.country).map(|p| p.name.to_string()),
        admin1,
        feature_code: place.feature_code.to_string(),
        population: place.population,
        score: (score * 1000.0).round() / 1000.0,
        matched,
        geonameid: (place.id > 0).then_some(place.id),
        located: place.coord.is_some(),
        source: place.source.as_deref().map(str::to_string),
    }
}

/// Turns ranked candidates into a FeatureCollection, best first.
pub fn to_features(
    gazetteer: &Gazetteer,
    candidates: &[Candidate],
) -> FeatureCollection<CandidateProperties> {
    let features = candidates
        .iter()
        .map(|c| {
            let place = gazetteer.place(c.index);
            Feature {
                id: Some(place.id.to_string()),
                geometry: place.coord.map(|(lon, lat)| Point::new(lon, lat)),
                properties: place_properties(gazetteer, c.index, c.score, c.matched.as_str()),
            }
        })
        .collect();
    FeatureCollection { features }
}
