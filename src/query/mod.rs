//! What a client may ask of the events, parsed into types that cannot hold a bad value:
//! a bounding box (which may cross the antimeridian), a date interval, and the filters.
//! The HTTP layer turns query strings into these; the index answers them.

pub mod bbox;
pub mod cql2;
pub mod cql2_json;
pub mod datetime;
pub mod queryables;

pub use bbox::BBox;
pub use datetime::DateInterval;

use crate::event::{Event, EventType};

/// A malformed query value. `parameter` names the query parameter as the client wrote it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{parameter}: {message}")]
pub struct QueryError {
    pub parameter: &'static str,
    pub message: String,
}

impl QueryError {
    pub fn new(parameter: &'static str, message: impl Into<String>) -> Self {
        QueryError {
            parameter,
            message: message.into(),
        }
    }
}

/// A query over the events: every part is optional; all given parts must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    pub bbox: Option<BBox>,
    pub dates: DateInterval,
    pub event_type: Option<EventType>,
    /// Upper-case ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
    /// Matches `actor1` or `actor2`, case-insensitively, as a whole name.
    pub actor: Option<String>,
    /// A CQL2 filter (its box and dates are also in `bbox` and `dates`).
    pub filter: Option<Box<cql2::Filter>>,
}

impl EventQuery {
    /// Whether one event satisfies the query: the definition the index must agree with.
    pub fn matches(&self, e: &Event) -> bool {
        self.bbox.is_none_or(|b| b.contains(e.lon, e.lat))
            && self.dates.contains_day(e.day())
            && self.matches_attributes(e)
    }

    /// Whether any of `event_type`, `country_code` or `actor` is set.
    pub fn has_attribute_filters(&self) -> bool {
        self.event_type.is_some()
            || self.country_code.is_some()
            || self.actor.is_some()
            || self.filter.is_some()
    }

    /// The non-spatial, non-temporal filters alone.
    pub fn matches_attributes(&self, e: &Event) -> bool {
        let p = &e.properties;
        self.event_type.is_none_or(|t| p.event_type == t)
            && self
                .country_code
                .as_deref()
                .is_none_or(|cc| p.country_code == cc)
            && self.actor.as_deref().is_none_or(|a| {
                p.actor1.eq_ignore_ascii_case(a) || p.actor2.eq_ignore_ascii_case(a)
            })
            && self.filter.as_ref().is_none_or(|f| f.matches(e))
    }

    /// Adds a CQL2 filter: its plan, and its box and dates narrowing the index's search.
    /// With a `bbox` of its own, the request's box is the one the index searches; the
    /// filter still checks its box on what comes back.
    pub fn add_filter(&mut self, filter: cql2::Filter) {
        self.bbox = self.bbox.or(filter.bbox);
        self.dates = self.dates.intersect(&filter.dates);
        self.filter = Some(Box::new(filter));
    }
}

/// Parses the `event_type` filter: one of ACLED's six type names.
pub fn parse_event_type(s: &str) -> Result<EventType, QueryError> {
    EventType::parse(s).ok_or_else(|| {
        let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        QueryError::new(
            "event_type",
            format!("must be one of: {}", names.join(", ")),
        )
    })
}

/// Parses the `country_code` filter: two ASCII letters, returned upper case.
pub fn parse_country_code(s: &str) -> Result<String, QueryError> {
    let s = s.trim();
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(s.to_ascii_uppercase())
    } else {
        Err(QueryError::new(
            "country_code",
            "must be two letters (ISO 3166-1 alpha-2)",
        ))
    }
}

/// Parses the `actor` filter: a non-empty name of at most 200 bytes.
pub fn parse_actor(s: &str) -> Result<String, QueryError> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        Err(QueryError::new("actor", "must be a name of 1 to 200 bytes"))
    } else {
        Ok(s.to_string())
    }
}
