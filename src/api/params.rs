//! Query strings into typed requests. Every endpoint names the parameters it takes; any other
//! name, or a name given twice, is a 400 that names it. Values are parsed by `crate::query`.

use super::error::ApiError;
use crate::index::PageKey;
use crate::query::cql2::{self, Expr, Literal};
use crate::query::queryables::Queryable;
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
    /// The filter parameters as given, for the paging links.
    pub filter_pairs: Vec<(String, String)>,
    /// `f=csv`: the page as CSV with ACLED's column names.
    pub csv: bool,
    /// `f=fgb`: the page as FlatGeobuf.
    pub fgb: bool,
    /// `sortby`: properties to order by, each ascending unless marked descending.
    pub sortby: Vec<(Queryable, bool)>,
    /// `properties`: the only properties to return (`None`: all).
    pub properties: Option<Vec<&'static str>>,
    /// `skipGeometry=true`: features without their geometry.
    pub skip_geometry: bool,
    /// The raw `sortby`, `properties`, `skipGeometry` pairs, for the paging links.
    pub shape_pairs: Vec<(String, String)>,
    /// `cursor`: the page starts just after this event's place in page order (a keyset
    /// cursor, as the `next` link carries it); `offset` then only numbers the page.
    pub cursor: Option<PageKey>,
}

pub const ITEMS_PARAMS: &str = "bbox, bbox-crs, datetime, limit, offset, cursor, event_type, country_code, actor, f, sortby, properties, skipGeometry, filter, filter-lang, filter-crs, event_date, fatalities, sub_event_type, actor1, actor2, admin1, location, country, geo_precision, time_precision, geonameid, source";

/// The CQL2 filter (`filter`, `filter-lang`, `filter-crs`) and the plain per-queryable
/// filters (`fatalities=3`, `event_type=Battles,Riots`: the property equals one of the
/// comma-separated values, text case-insensitively), gathered from a request's parameters.
#[derive(Default)]
pub struct FilterParams {
    exprs: Vec<Expr>,
    text: Option<String>,
    lang: Option<String>,
    /// The pairs taken, for links and cache keys.
    pub pairs: Vec<(String, String)>,
}

impl FilterParams {
    /// Takes a parameter if it is a filter one; `false` when it is not (a single
    /// `event_type` or `country_code` is left to the query's own fields).
    pub fn take(&mut self, k: &str, v: &str) -> Result<bool, ApiError> {
        match k {
            "filter" => {
                if v.len() > cql2::MAX_FILTER_LEN {
                    return Err(QueryError::new("filter", "too long").into());
                }
                self.text = Some(v.to_string());
            }
            "filter-lang" => {
                if !matches!(v, "cql2-text" | "cql-text" | "cql2-json") {
                    return Err(QueryError::new(
                        "filter-lang",
                        "must be cql2-text (cql-text is read as it) or cql2-json",
                    )
                    .into());
                }
                self.lang = Some(v.to_string());
            }
            "filter-crs" => {
                if v != "http://www.opengis.net/def/crs/OGC/1.3/CRS84" {
                    return Err(QueryError::new(
                        "filter-crs",
                        "only http://www.opengis.net/def/crs/OGC/1.3/CRS84 is supported",
                    )
                    .into());
                }
            }
            // one value of these is the query's own filter; a list is one of several
            "event_type" | "country_code" if !v.contains(',') => return Ok(false),
            _ => {
                let Some(q) = Queryable::named(k) else {
                    return Ok(false);
                };
                let field = q.name();
                if v.is_empty() || v.len() > 1000 {
                    return Err(QueryError::new(field, "must be 1 to 1000 bytes").into());
                }
                let mut list = Vec::new();
                for part in v.split(',') {
                    let lit = q
                        .check_literal(Literal::Str(part.trim().to_string()))
                        .map_err(|m| QueryError::new(field, m))?;
                    list.push(lit);
                }
                if list.len() > 100 {
                    return Err(QueryError::new(field, "at most 100 values").into());
                }
                self.exprs.push(Expr::In(q, list));
            }
        }
        self.pairs.push((k.to_string(), v.to_string()));
        Ok(true)
    }

    /// Puts the gathered filters into the query.
    pub fn finish(mut self, q: &mut EventQuery) -> Result<(), ApiError> {
        if self.lang.is_some() && self.text.is_none() {
            return Err(QueryError::new("filter-lang", "given without a filter").into());
        }
        let mut filter = match &self.text {
            Some(text) if self.lang.as_deref() == Some("cql2-json") => {
                crate::query::cql2_json::parse(text)?
            }
            Some(text) => cql2::parse(text)?,
            None if self.exprs.is_empty() => return Ok(()),
            None => cql2::Filter {
                plan: Expr::And(Vec::new()),
                bbox: None,
                dates: DateInterval::default(),
            },
        };
        if !self.exprs.is_empty() {
            self.exprs.push(filter.plan);
            filter.plan = Expr::And(self.exprs);
        }
        q.add_filter(filter);
        Ok(())
    }
}
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

/// The largest `since` taken: 2^53 − 1, the largest whole number every JSON client reads
/// exactly (a store would take millennia to number that many changes).
const MAX_SAFE_SEQ: u64 = 9_007_199_254_740_991;

/// Parameters of `/collections/events/changes`.
pub const CHANGES_PARAMS: &str = "since, limit, f";

/// The parameters of `/collections/events/changes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangesParams {
    /// List the changes numbered after this one (0: from the start).
    pub since: u64,
    pub limit: usize,
}

/// Parses the changes parameters: `since` (default 0), `limit` (as for items), `f=json`.
pub fn changes(
    raw: Option<&str>,
    default_limit: usize,
    max_limit: usize,
) -> Result<ChangesParams, ApiError> {
    let mut p = ChangesParams {
        since: 0,
        limit: default_limit,
    };
    for (k, v) in pairs(raw, CHANGES_PARAMS)? {
        match k.as_str() {
            "since" => {
                p.since = v
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|&n| n <= MAX_SAFE_SEQ)
                    .ok_or_else(|| {
                        QueryError::new(
                            "since",
                            "must be a change number (a whole number of 0 or more)",
                        )
                    })?
            }
            "limit" => {
                let n = parse_count("limit", &v)?;
                if n == 0 {
                    return Err(QueryError::new("limit", "must be at least 1").into());
                }
                p.limit = n.min(max_limit);
            }
            "f" => {
                if parse_format(&v) != Ok(Format::Json) {
                    return Err(QueryError::new("f", "the change list is JSON only").into());
                }
            }
            _ => unreachable!("pairs() admits only CHANGES_PARAMS"),
        }
    }
    Ok(p)
}

/// Parameters of `/collections/events/export`: the items' filters and order, and the format.
pub const EXPORT_PARAMS: &str = "bbox, bbox-crs, datetime, event_type, country_code, actor, f, sortby, filter, filter-lang, filter-crs, event_date, fatalities, sub_event_type, actor1, actor2, admin1, location, country, geo_precision, time_precision, geonameid, source";

/// Parses the export parameters: the items' filters and `sortby`, every match (no `limit`),
/// and `f` one of `csv`, `fgb` or `json` (GeoJSON), which is required.
pub fn export(raw: Option<&str>) -> Result<ItemsParams, ApiError> {
    let p = items_from(raw, EXPORT_PARAMS, usize::MAX, usize::MAX)?;
    if !p.csv && !p.fgb && p.format != Some(Format::Json) {
        return Err(QueryError::new(
            "f",
            "an export is f=csv (ACLED's columns), f=fgb (FlatGeobuf) or f=json (GeoJSON)",
        )
        .into());
    }
    Ok(p)
}

/// Parses the items parameters. `limit` defaults to `default_limit`, is at least 1, and is
/// clamped to `max_limit`.
pub fn items(
    raw: Option<&str>,
    default_limit: usize,
    max_limit: usize,
) -> Result<ItemsParams, ApiError> {
    items_from(raw, ITEMS_PARAMS, default_limit, max_limit)
}

/// The items parameters among `allowed` (others are refused).
fn items_from(
    raw: Option<&str>,
    allowed: &'static str,
    default_limit: usize,
    max_limit: usize,
) -> Result<ItemsParams, ApiError> {
    let mut p = ItemsParams {
        query: EventQuery::default(),
        limit: default_limit,
        offset: 0,
        format: None,
        filter_pairs: Vec::new(),
        csv: false,
        fgb: false,
        sortby: Vec::new(),
        properties: None,
        skip_geometry: false,
        shape_pairs: Vec::new(),
        cursor: None,
    };
    let mut filters = FilterParams::default();
    for (k, v) in pairs(raw, allowed)? {
        if filters.take(&k, &v)? {
            continue;
        }
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
            "cursor" => p.cursor = Some(parse_cursor(&v)?),
            "event_type" => p.query.event_type = Some(query::parse_event_type(&v)?),
            "country_code" => p.query.country_code = Some(query::parse_country_code(&v)?),
            "actor" => p.query.actor = Some(query::parse_actor(&v)?),
            "sortby" => {
                p.sortby = parse_sortby(&v)?;
                p.shape_pairs.push((k.clone(), v.clone()));
            }
            "properties" => {
                p.properties = Some(parse_properties(&v)?);
                p.shape_pairs.push((k.clone(), v.clone()));
            }
            "skipGeometry" => {
                p.skip_geometry = match v.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(QueryError::new("skipGeometry", "must be true or false").into())
                    }
                };
                p.shape_pairs.push((k.clone(), v.clone()));
            }
            "f" if matches!(v.as_str(), "csv" | "text/csv") => p.csv = true,
            "f" if matches!(v.as_str(), "fgb" | "flatgeobuf" | "application/flatgeobuf") => {
                p.fgb = true
            }
            "f" => {
                p.format = Some(
                    parse_format(&v)
                        .map_err(|_| QueryError::new("f", "must be json, html, csv or fgb"))?,
                )
            }
            _ => unreachable!("pairs() admits only the names it is given"),
        }
    }
    p.filter_pairs = filters.pairs.clone();
    filters.finish(&mut p.query)?;
    if p.cursor.is_some() && !p.sortby.is_empty() {
        return Err(QueryError::new(
            "cursor",
            "pages in sortby order are reached by offset; a cursor follows the default order",
        )
        .into());
    }
    Ok(p)
}

/// `cursor=2024-03-01:ev-17`: the date and id of the event a page follows, as the `next`
/// links write it.
fn parse_cursor(v: &str) -> Result<PageKey, QueryError> {
    let bad = || {
        QueryError::new(
            "cursor",
            "must be DATE:ID (YYYY-MM-DD:event id), as a next link gives it",
        )
    };
    let (date, id) = v.split_once(':').ok_or_else(bad)?;
    let digits_at = |r: std::ops::Range<usize>| date.as_bytes()[r].iter().all(u8::is_ascii_digit);
    if date.len() != 10 || !digits_at(0..4) || !digits_at(5..7) || !digits_at(8..10) {
        return Err(bad());
    }
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| bad())?;
    let n = id.chars().count();
    if n == 0 || n > crate::event::MAX_ID_LEN || id.chars().any(|c| c <= '\u{1f}' || c == '\u{7f}')
    {
        return Err(bad());
    }
    Ok(PageKey {
        day: chrono::Datelike::num_days_from_ce(&date),
        id: id.to_string(),
    })
}

/// How a cursor is written: the event's date and id.
pub fn cursor_text(key: &PageKey) -> String {
    let date = chrono::NaiveDate::from_num_days_from_ce_opt(key.day).unwrap_or_default();
    format!("{date}:{}", key.id)
}

/// `sortby=-fatalities,event_date`: queryables, `-` for descending (`+` or nothing ascending).
fn parse_sortby(v: &str) -> Result<Vec<(Queryable, bool)>, QueryError> {
    let mut out = Vec::new();
    for part in v.split(',') {
        let part = part.trim();
        let (name, descending) = match part.strip_prefix('-') {
            Some(rest) => (rest, true),
            None => (part.strip_prefix('+').unwrap_or(part), false),
        };
        let q = Queryable::named(name).ok_or_else(|| {
            QueryError::new(
                "sortby",
                format!(
                    "{name:?} is not a queryable: {}",
                    Queryable::names().join(", ")
                ),
            )
        })?;
        out.push((q, descending));
    }
    if out.len() > 5 {
        return Err(QueryError::new("sortby", "at most 5 properties"));
    }
    Ok(out)
}

/// `properties=event_date,fatalities`: the properties to return, by queryable name.
fn parse_properties(v: &str) -> Result<Vec<&'static str>, QueryError> {
    if v.trim().is_empty() {
        return Ok(Vec::new());
    }
    v.split(',')
        .map(|name| {
            let name = name.trim();
            Queryable::named(name)
                .map(|q| q.name())
                .or(match name {
                    "source_url" => Some("source_url"),
                    "report_id" => Some("report_id"),
                    _ => None,
                })
                .ok_or_else(|| {
                    QueryError::new(
                        "properties",
                        format!("{name:?} is not a property of events"),
                    )
                })
        })
        .collect()
}

/// The canonical query string for a page of the same request (for self/next/prev links),
/// starting at `offset` or, with a cursor, after it.
pub fn items_query_string(
    p: &ItemsParams,
    offset: usize,
    cursor: Option<&PageKey>,
    format: &str,
) -> String {
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
    for (k, v) in p.filter_pairs.iter().chain(&p.shape_pairs) {
        s.append_pair(k, v);
    }
    s.append_pair("limit", &p.limit.to_string());
    s.append_pair("offset", &offset.to_string());
    if let Some(key) = cursor {
        s.append_pair("cursor", &cursor_text(key));
    }
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
        let again = items(Some(&items_query_string(&p, 0, None, "json")), 100, 10_000).expect("ok");
        assert_eq!(again.query, p.query);
        assert_eq!(again.limit, 7);
    }
}
