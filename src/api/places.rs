//! `/gazetteer?q=NAME[&country=CC][&limit=N]`: the gazetteer's ranked candidates, as
//! `sitmap geocode` prints them.

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::params;
use super::{ApiError, AppState};
use crate::gazetteer::{Context, CountryCode};
use crate::query::QueryError;

pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut name = None;
    let mut context = Context::default();
    let mut limit = 10usize;
    for (k, v) in params::pairs(raw.as_deref(), "q, country, limit")? {
        match k.as_str() {
            "q" => {
                if v.trim().is_empty() || v.len() > 200 {
                    return Err(
                        QueryError::new("q", "must be a place name of 1 to 200 bytes").into(),
                    );
                }
                name = Some(v);
            }
            "country" => {
                let cc = CountryCode::parse(&v)
                    .ok()
                    .filter(|c| !c.is_empty())
                    .ok_or_else(|| {
                        QueryError::new("country", "must be two letters (ISO 3166-1 alpha-2)")
                    })?;
                context.country = Some(cc);
            }
            "limit" => {
                limit = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or_else(|| {
                        QueryError::new("limit", "must be a whole number from 1 to 100")
                    })?;
            }
            _ => unreachable!("pairs() admits only the listed names"),
        }
    }
    let name =
        name.ok_or_else(|| QueryError::new("q", "is required: the place name to look up"))?;
    let gazetteer = state.gazetteer().await?;
    let candidates = gazetteer.lookup(&name, &context, limit);
    let fc = crate::geocode::to_features(&gazetteer, &candidates);
    let body = serde_json::to_vec(&fc).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body).into_response())
}
