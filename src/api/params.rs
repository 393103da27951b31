//! Query strings into typed requests. Every endpoint names the parameters it takes; any other
//! name, or a name given twice, is a 400 that names it. Values are parsed by `crate::query`.

use super::error::ApiError;
use crate::query::{self, BBox, DateInterval, EventQuery, QueryError};

/// Output format asked for with `f=` (or the Accept header when `f` is absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
}

/// The parameters of `/collections/events/items`.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemsParams {
    pub query: EventQuery,
    pub limit: usize,
    pub offset: usize,
    pub format: Option<Format>,
}

pub const ITEMS_PARAMS: &str =
    "bbox, bbox-crs, datetime, limit, offset, event_type, country_code, actor, f";
pub const FORMAT_ONLY: &str = "f";
/// Parameters of `/api`.
pub const API_PARAMS: &str = "f, version";

/// Splits a raw query string into pairs, refusing names outside `allowed` and repeated names.
pub fn pairs(raw: Option<&str>, allowed: &'static str) -> Result<Vec<(String, String)>, ApiError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if k.is_empty() && v.is_empty() {
            continue;
        }
        if !allowed.split(", ").any(|a| a == k) {
            return Err(ApiError::UnknownParameter {
                name: k.chars().take(64).collect(),
                allowed,
            });
        }
        if out.iter().any(|(n, _)| *n == k) {
            return Err(ApiError::RepeatedParameter(k.into_owned()));
        }
        out.push((k.into_owned(), v.into_owned()));
    }
    Ok(out)
}

pub fn parse_format(v: &str) -> Result<Format, QueryError> {
    match v {
        "json" | "geojson" | "application/json" | "application/geo+json" => Ok(Format::Json),
        "html" | "text/html" => Ok(Format::Html),
        _ => Err(QueryError::new("f", "must be json or html")),
    }
}

/// The `f` parameter of endpoints that take nothing else.
pub fn format_only(raw: Option<&str>) -> Result<Option<Format>, ApiError> {
    let mut format = None;
    for (_, v) in pairs(raw, FORMAT_ONLY)? {
        format = Some(parse_format(&v)?);
    }
    Ok(format)
}

fn parse_count(name: &'static str, v: &str) -> Result<usize, QueryError> {
    v.trim()
        .parse::<u64>()
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
        .map_err(|_| QueryError::new(name, "must be a whole number of 0 or more"))
}

/// Parses the items parameters. `limit` defaults to `default_limit`, is at least 1, and is
/// clamped to `max_limit`.
pub fn items(
    raw: Option<&str>,
    default_limit: usize,
    max_limit: usize,
) -> Result<ItemsParams, ApiError> {
    let mut p = ItemsParams {
        query: EventQuery::default(),
        limit: default_limit,
        offset: 0,
        format: None,
    };
    for (k, v) in pairs(raw, ITEMS_PARAMS)? {
        match k.as_str() {
            "bbox" => p.query.bbox = Some(BBox::parse(&v)?),
            "bbox-crs" => {
                if v != "http://www.opengis.net/def/crs/OGC/1.3/CRS84" {
                    return Err(QueryError::new(
                        "bbox-crs",
                        "only http://www.opengis.net/def/crs/OGC/1.3/CRS84 is supported",
                    )
                    .into());
                }
            }
            "datetime" => p.query.dates = DateInterval::parse(&v)?,
            "limit" => {
                let n = parse_count("limit", &v)?;
                if n == 0 {
                    return Err(QueryError::new("limit", "must be at least 1").into());
                }
                p.limit = n.min(max_limit);
            }
            "offset" => p.offset = parse_count("offset", &v)?,
            "event_type" => p.query.event_type = Some(query::parse_event_type(&v)?),
            "country_code" => p.query.country_code = Some(query::parse_country_code(&v)?),
            "actor" => p.query.actor = Some(query::parse_actor(&v)?),
            "f" => p.format = Some(parse_format(&v)?),
            _ => unreachable!("pairs() admits only ITEMS_PARAMS"),
        }
    }
    Ok(p)
}

/// The canonical query string for a page of the same request (for self/next/prev links).
pub fn items_query_string(p: &ItemsParams, offset: usize, format: &str) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    if let Some(b) = &p.query.bbox {
        let [a, b2, c, d] = b.as_array();
        s.append_pair("bbox", &format!("{a},{b2},{c},{d}"));
    }
    if !p.query.dates.is_unbounded() {
        let fmt = |d: Option<chrono::NaiveDate>| d.map_or("..".to_string(), |d| d.to_string());
        s.append_pair(
            "datetime",
            &format!("{}/{}", fmt(p.query.dates.start), fmt(p.query.dates.end)),
        );
    }
    if let Some(t) = p.query.event_type {
        s.append_pair("event_type", t.as_str());
    }
    if let Some(cc) = &p.query.country_code {
        s.append_pair("country_code", cc);
    }
    if let Some(a) = &p.query.actor {
        s.append_pair("actor", a);
    }
    s.append_pair("limit", &p.limit.to_string());
    s.append_pair("offset", &offset.to_string());
    s.append_pair("f", format);
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_repeated_parameters_are_named() {
        let err = items(Some("bbox=0,0,1,1&colour=red"), 100, 10_000).expect_err("unknown");
        assert!(matches!(err, ApiError::UnknownParameter { ref name, .. } if name == "colour"));
        let err = items(Some("limit=5&limit=6"), 100, 10_000).expect_err("repeated");
        assert!(matches!(err, ApiError::RepeatedParameter(ref n) if n == "limit"));
    }

    #[test]
    fn limit_is_clamped_and_validated() {
        assert_eq!(
            items(Some("limit=50000"), 100, 10_000).expect("ok").limit,
            10_000
        );
        assert_eq!(items(None, 100, 10_000).expect("ok").limit, 100);
        for bad in [
            "limit=unlimited",
            "limit=-1",
            "limit=0",
            "limit=1.5",
            "offset=x",
        ] {
            assert!(items(Some(bad), 100, 10_000).is_err(), "{bad}");
        }
    }

    #[test]
    fn links_round_trip_through_the_parser() {
        let p = items(
            Some("bbox=1,2,3,4&datetime=2018-01-01/..&event_type=Battles&country_code=sy&actor=SDF&limit=7"),
            100,
            10_000,
        )
        .expect("ok");
        let again = items(Some(&items_query_string(&p, 0, "json")), 100, 10_000).expect("ok");
        assert_eq!(again.query, p.query);
        assert_eq!(again.limit, 7);
    }
}
