//! The geoparser: every place named in a text, found and resolved with the whole text as
//! context. Behind `sitmap geoparse` and `POST /geoparse`.
//!
//! 1. [`recognize`] finds the mentions (unless the caller gives their spans): capitalised
//!    names the gazetteer knows, demonyms and short forms ("Syrian", "UK"), kept or dropped by
//!    the words around them (persons, organisations, sentence-initial words).
//! 2. [`features`] lists each mention's candidate places and describes them, first by name
//!    alone, then against the other names of the text as a first pass resolved them.
//! 3. [`model`] scores the candidates with weights learned on the dev split of public toponym
//!    corpora (`examples/train_resolver.rs`); the best candidate wins, with its probability as
//!    score and, on request, the ranked alternatives and the features that decided.
//!
//! Offsets are Unicode code points, end exclusive, as the API contract says.

pub mod fallback;
pub mod features;
pub mod model;
pub mod recognize;
pub mod span;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::gazetteer::{CountryCode, Gazetteer, MatchKind};
use crate::geocode::{place_properties, CandidateProperties};
use crate::geojson::{Feature, FeatureCollection, Point};

pub use span::Span;

/// Longest text accepted, in bytes (as for a report).
pub const MAX_TEXT_LEN: usize = crate::extract::MAX_REPORT_LEN;
/// Most spans one request may give.
pub const MAX_SPANS: usize = 5_000;

/// Bad geoparse input; `field` names the part of the request at fault.
#[derive(Debug, thiserror::Error)]
pub enum GeoparseError {
    #[error("{field}: {reason}")]
    Span { field: String, reason: String },
    #[error("text: must not be empty")]
    EmptyText,
    #[error("text: longer than {MAX_TEXT_LEN} bytes")]
    TextTooLong,
    #[error("toponyms: more than {MAX_SPANS} spans")]
    TooManySpans,
    #[error("country: must be two letters (ISO 3166-1 alpha-2), got {0:?}")]
    Country(String),
    #[error("candidates: must be a whole number from 0 to 20")]
    Candidates,
    #[error("{field}: {reason}")]
    Json { field: String, reason: String },
}

impl GeoparseError {
    /// The request field at fault.
    pub fn field(&self) -> &str {
        match self {
            GeoparseError::Span { field, .. } | GeoparseError::Json { field, .. } => field,
            GeoparseError::EmptyText | GeoparseError::TextTooLong => "text",
            GeoparseError::TooManySpans => "toponyms",
            GeoparseError::Country(_) => "country",
            GeoparseError::Candidates => "candidates",
        }
    }
}

/// A checked geoparse request.
#[derive(Debug, Clone)]
pub struct Request {
    pub text: String,
    pub toponyms: Option<Vec<Span>>,
    pub country: Option<CountryCode>,
    /// How many ranked candidates to return per mention (0: none).
    pub candidates: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequest {
    text: String,
    #[serde(default)]
    toponyms: Option<Vec<Span>>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    candidates: Option<serde_json::Value>,
}

impl Request {
    /// Parses and checks a JSON body `{text, toponyms?, country?, candidates?}`.
    pub fn from_json(bytes: &[u8]) -> Result<Self, GeoparseError> {
        // serde would also read a struct from an array, by position: only an object is a request
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(GeoparseError::Json {
                field: "body".into(),
                reason: "must be a JSON object {\"text\": …}".into(),
            });
        }
        let de = &mut serde_json::Deserializer::from_slice(bytes);
        let raw: RawRequest = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let reason = e.inner().to_string();
            // serde names a missing or unknown top-level field only in its message
            let named = ["missing field `", "unknown field `"]
                .iter()
                .find_map(|p| reason.split(p).nth(1))
                .and_then(|rest| rest.split('`').next())
                .map(str::to_string);
            let field = match (path.as_str(), named) {
                (".", Some(name)) => name,
                (".", None) => "body".into(),
                _ => path,
            };
            GeoparseError::Json { field, reason }
        })?;
        let candidates = match raw.candidates {
            None | Some(serde_json::Value::Null) => 0,
            Some(serde_json::Value::Bool(b)) => 5 * b as usize,
            Some(v) => v
                .as_u64()
                .filter(|n| *n <= 20)
                .ok_or(GeoparseError::Candidates)? as usize,
        };
        let country = raw.country.as_deref().map(parse_country).transpose()?;
        Request::new(raw.text, raw.toponyms, country, candidates)
    }

    /// Checks a request built in code (the CLI).
    pub fn new(
        text: String,
        toponyms: Option<Vec<Span>>,
        country: Option<CountryCode>,
        candidates: usize,
    ) -> Result<Self, GeoparseError> {
        if text.trim().is_empty() {
            return Err(GeoparseError::EmptyText);
        }
        if text.len() > MAX_TEXT_LEN {
            return Err(GeoparseError::TextTooLong);
        }
        if let Some(spans) = &toponyms {
            if spans.len() > MAX_SPANS {
                return Err(GeoparseError::TooManySpans);
            }
            span::Indexed::new(&text).check(spans)?;
        }
        if candidates > 20 {
            return Err(GeoparseError::Candidates);
        }
        Ok(Request {
            text,
            toponyms,
            country,
            candidates,
        })
    }
}

/// A country code given by a caller.
pub fn parse_country(s: &str) -> Result<CountryCode, GeoparseError> {
    CountryCode::parse(s)
        .ok()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| GeoparseError::Country(s.to_string()))
}

/// One candidate place of a mention, with its probability and what decided it.
#[derive(Debug, Clone)]
pub struct Choice {
    pub index: u32,
    pub score: f32,
    pub matched: MatchKind,
    pub demonym: bool,
    /// The features that moved the score: `(feature, weight × value)`, largest first.
    pub evidence: Vec<(&'static str, f32)>,
    /// Set when the span's own name matched nothing and a [`fallback`] chose.
    pub fallback: Option<fallback::Fallback>,
}

/// One mention and its resolution.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub span: Span,
    pub text: String,
    /// The chosen place, `None` when the gazetteer has no candidate.
    pub best: Option<Choice>,
    /// The ranked candidates (best first), as many as asked for.
    pub candidates: Vec<Choice>,
}

/// Geoparses a checked request with the embedded model. Spans the caller gives that the
/// gazetteer does not know as a whole are filled by the [`fallback`]s.
pub fn geoparse(gazetteer: &Gazetteer, request: &Request) -> Vec<Resolution> {
    let text = span::Indexed::new(&request.text);
    let model = model::Model::embedded();
    let run = |spans: &[Span]| {
        resolve(
            gazetteer,
            &text,
            spans,
            request.country,
            request.candidates,
            model,
        )
    };
    match &request.toponyms {
        Some(spans) => {
            let mut results = run(spans);
            fallback::fill(gazetteer, &text, spans, &mut results, run);
            results
        }
        None => run(&recognize::find(gazetteer, &text)),
    }
}

/// Resolves given spans (checked) of a text with a model.
pub fn resolve(
    gazetteer: &Gazetteer,
    text: &span::Indexed<'_>,
    spans: &[Span],
    country: Option<CountryCode>,
    n_candidates: usize,
    model: &model::Model,
) -> Vec<Resolution> {
    let first = |rows: &[features::CandidateRow]| model.first.probabilities(rows);
    let rows = features::document(gazetteer, text, spans, country, Some(&first));
    rows.into_iter()
        .map(|m| {
            let probs = model.full.probabilities(&m.candidates);
            let mut order: Vec<usize> = (0..m.candidates.len()).collect();
            order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
            if let Some(best) = heaviest_place(gazetteer, &m.candidates, &probs) {
                order.retain(|&i| i != best);
                order.insert(0, best);
            }
            let choice = |i: usize| {
                let row = &m.candidates[i];
                let mut evidence: Vec<(&'static str, f32)> = features::FEATURES
                    .iter()
                    .zip(row.x.iter().zip(model.full.0.iter()))
                    .map(|(f, (x, w))| (*f, x * w))
                    .filter(|(_, c)| c.abs() > 0.05)
                    .collect();
                // every feature that moved the score, not only the largest: a small one
                // (the country named elsewhere) is often what tells two candidates apart
                evidence.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
                Choice {
                    index: row.index,
                    score: probs[i],
                    matched: row.matched,
                    demonym: row.demonym,
                    evidence,
                    fallback: None,
                }
            };
            Resolution {
                span: m.span,
                text: text.slice(m.span).to_string(),
                best: order.first().map(|&i| choice(i)),
                candidates: order
                    .iter()
                    .take(n_candidates)
                    .map(|&i| choice(i))
                    .collect(),
            }
        })
        .collect()
}

/// Candidates closer than this are one place for the choice: a city and the district or
/// province around it that bears its name, a town and its namesake county.
pub const SAME_PLACE_KM: f64 = 50.0;

/// The candidate with the most probability within [`SAME_PLACE_KM`] of it (its own
/// included), the more probable first among equals: where the pin most likely belongs.
/// "Washington": the state alone against the capital and the district around it together.
fn heaviest_place(
    gazetteer: &Gazetteer,
    candidates: &[features::CandidateRow],
    probs: &[f32],
) -> Option<usize> {
    // candidates below this probability cannot change the choice enough to be worth a look
    const CONSIDERED: f32 = 0.02;
    let likely: Vec<(usize, (f64, f64))> = (0..candidates.len())
        .filter(|&i| probs[i] >= CONSIDERED)
        .filter_map(|i| gazetteer.place(candidates[i].index).coord.map(|c| (i, c)))
        .collect();
    likely
        .iter()
        .map(|&(i, a)| {
            let mass: f32 = likely
                .iter()
                .filter(|&&(_, b)| crate::gazetteer::rank::distance_km(a, b) <= SAME_PLACE_KM)
                .map(|&(j, _)| probs[j])
                .sum();
            (i, mass)
        })
        .max_by(|a, b| {
            a.1.total_cmp(&b.1)
                .then(probs[a.0].total_cmp(&probs[b.0]))
                .then(b.0.cmp(&a.0))
        })
        .map(|(i, _)| i)
}

/// The place chosen for a mention, or nulls when none was.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Chosen {
    Place(CandidateProperties),
    Unresolved {
        name: Option<String>,
        geonameid: Option<i64>,
        feature_code: Option<String>,
        country_code: Option<String>,
        admin1: Option<String>,
        score: f64,
    },
}

/// A ranked alternative, with its point and the evidence that scored it.
#[derive(Debug, Serialize)]
pub struct Alternative {
    #[serde(flatten)]
    pub place: CandidateProperties,
    pub coordinates: Option<[f64; 2]>,
    pub evidence: BTreeMap<&'static str, f64>,
}

/// The properties of one mention's Feature.
#[derive(Debug, Serialize)]
pub struct MentionProperties {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(flatten)]
    pub chosen: Chosen,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Alternative>,
}

fn round3(v: f32) -> f64 {
    (v as f64 * 1000.0).round() / 1000.0
}

fn properties(gazetteer: &Gazetteer, c: &Choice) -> CandidateProperties {
    let matched = match c.fallback {
        Some(f) => f.as_str(),
        None if c.demonym => "demonym",
        None => c.matched.as_str(),
    };
    place_properties(gazetteer, c.index, c.score as f64, matched)
}

/// The GeoJSON FeatureCollection of the API contract: one Feature per mention, in order.
pub fn to_geojson(
    gazetteer: &Gazetteer,
    results: &[Resolution],
) -> FeatureCollection<MentionProperties> {
    let features = results
        .iter()
        .map(|r| {
            let chosen = match &r.best {
                Some(c) => Chosen::Place(properties(gazetteer, c)),
                None => Chosen::Unresolved {
                    name: None,
                    geonameid: None,
                    feature_code: None,
                    country_code: None,
                    admin1: None,
                    score: 0.0,
                },
            };
            let candidates = r
                .candidates
                .iter()
                .map(|c| Alternative {
                    place: properties(gazetteer, c),
                    coordinates: gazetteer.place(c.index).coord.map(|(lon, lat)| [lon, lat]),
                    evidence: c.evidence.iter().map(|(f, v)| (*f, round3(*v))).collect(),
                })
                .collect();
            Feature {
                id: None,
                geometry: r
                    .best
                    .as_ref()
                    .and_then(|c| gazetteer.place(c.index).coord)
                    .map(|(lon, lat)| Point::new(lon, lat)),
                properties: MentionProperties {
                    start: r.span.start,
                    end: r.span.end,
                    text: r.text.clone(),
                    chosen,
                    candidates,
                },
            }
        })
        .collect();
    FeatureCollection { features }
}
