//! The queryables: the event properties a client may filter and sort on, with their types.
//! Served as JSON Schema at `/collections/events/queryables` (OGC API – Features Part 3) and
//! used by the plain `name=value` filters and by CQL2 filters.

use chrono::NaiveDate;
use serde_json::{json, Value as Json};

use super::cql2::Literal;
use crate::event::{Event, EventType};

/// A filterable property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queryable {
    EventDate,
    TimePrecision,
    EventType,
    SubEventType,
    Actor1,
    Actor2,
    Fatalities,
    Location,
    Admin1,
    Country,
    CountryCode,
    GeoPrecision,
    Geonameid,
    Source,
    Notes,
}

/// A property's value in one event.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Str(&'a str),
    Int(i64),
    Date(NaiveDate),
    Null,
}

/// Text compared without regard to case, without allocating (filters and sorts compare every
/// matching event).
pub fn cmp_caseless(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

impl Value<'_> {
    /// The order `sortby` uses: numbers, dates and text (any case) among their kind, nulls
    /// after everything.
    pub fn sort_order(&self, other: &Value<'_>) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (Value::Int(x), Value::Int(y)) => x.cmp(y),
            (Value::Date(x), Value::Date(y)) => x.cmp(y),
            (Value::Str(x), Value::Str(y)) => cmp_caseless(x, y),
            (Value::Null, Value::Null) => Ordering::Equal,
            (Value::Null, _) => Ordering::Greater,
            (_, Value::Null) => Ordering::Less,
            _ => Ordering::Equal,
        }
    }
}

/// How a queryable's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Integer,
    Date,
}

const ALL: &[(&str, Queryable, Kind, &str)] = &[
    (
        "event_date",
        Queryable::EventDate,
        Kind::Date,
        "Day of the event (YYYY-MM-DD)",
    ),
    (
        "time_precision",
        Queryable::TimePrecision,
        Kind::Integer,
        "1 day, 2 week, 3 month or vaguer",
    ),
    (
        "event_type",
        Queryable::EventType,
        Kind::Text,
        "ACLED event type",
    ),
    (
        "sub_event_type",
        Queryable::SubEventType,
        Kind::Text,
        "ACLED sub-event type",
    ),
    (
        "actor1",
        Queryable::Actor1,
        Kind::Text,
        "The side that acts",
    ),
    ("actor2", Queryable::Actor2, Kind::Text, "The other side"),
    (
        "fatalities",
        Queryable::Fatalities,
        Kind::Integer,
        "Reported deaths (0 when none)",
    ),
    (
        "location",
        Queryable::Location,
        Kind::Text,
        "Resolved place name",
    ),
    ("admin1", Queryable::Admin1, Kind::Text, "Province"),
    ("country", Queryable::Country, Kind::Text, "Country name"),
    (
        "country_code",
        Queryable::CountryCode,
        Kind::Text,
        "ISO 3166-1 alpha-2",
    ),
    (
        "geo_precision",
        Queryable::GeoPrecision,
        Kind::Integer,
        "1 the place, 2 near it, 3 province or vaguer",
    ),
    (
        "geonameid",
        Queryable::Geonameid,
        Kind::Integer,
        "Gazetteer id of the place (null when none)",
    ),
    ("source", Queryable::Source, Kind::Text, "Who reported it"),
    (
        "notes",
        Queryable::Notes,
        Kind::Text,
        "The sentences the event was read from",
    ),
];

impl Queryable {
    /// The queryable of a property name (case-insensitive).
    pub fn named(name: &str) -> Option<Queryable> {
        ALL.iter()
            .find(|(n, ..)| n.eq_ignore_ascii_case(name))
            .map(|&(_, q, ..)| q)
    }

    pub fn names() -> Vec<&'static str> {
        ALL.iter().map(|&(n, ..)| n).collect()
    }

    fn entry(self) -> &'static (&'static str, Queryable, Kind, &'static str) {
        ALL.iter().find(|(_, q, ..)| *q == self).unwrap_or(&ALL[0])
    }

    pub fn name(self) -> &'static str {
        self.entry().0
    }

    /// The property's value in an event; empty text and a missing id are null.
    pub fn value(self, e: &Event) -> Value<'_> {
        let p = &e.properties;
        fn text(s: &str) -> Value<'_> {
            if s.is_empty() {
                Value::Null
            } else {
                Value::Str(s)
            }
        }
        match self {
            Queryable::EventDate => Value::Date(p.event_date),
            Queryable::TimePrecision => Value::Int(p.time_precision.into()),
            Queryable::EventType => Value::Str(p.event_type.as_str()),
            Queryable::SubEventType => text(&p.sub_event_type),
            Queryable::Actor1 => text(&p.actor1),
            Queryable::Actor2 => text(&p.actor2),
            Queryable::Fatalities => Value::Int(p.fatalities.into()),
            Queryable::Location => text(&p.location),
            Queryable::Admin1 => text(&p.admin1),
            Queryable::Country => text(&p.country),
            Queryable::CountryCode => text(&p.country_code),
            Queryable::GeoPrecision => Value::Int(p.geo_precision.into()),
            Queryable::Geonameid => p.geonameid.map_or(Value::Null, Value::Int),
            Queryable::Source => text(&p.source),
            Queryable::Notes => text(&p.notes),
        }
    }

    /// A literal made to fit the property's type: dates may be written as strings, numbers
    /// must be numbers; an event type must be one of ACLED's.
    pub fn check_literal(self, lit: Literal) -> Result<Literal, String> {
        let (name, _, kind, _) = *self.entry();
        match (kind, lit) {
            (Kind::Date, Literal::Str(s)) => {
                let day = s.get(..10).unwrap_or(&s);
                NaiveDate::parse_from_str(day, "%Y-%m-%d")
                    .map(Literal::Date)
                    .map_err(|_| format!("{name} takes dates (YYYY-MM-DD), not {s:?}"))
            }
            (Kind::Date, d @ Literal::Date(_)) => Ok(d),
            (Kind::Integer, n @ Literal::Num(_)) => Ok(n),
            (Kind::Integer, Literal::Str(s)) => s
                .trim()
                .parse::<f64>()
                .map(Literal::Num)
                .map_err(|_| format!("{name} takes numbers, not {s:?}")),
            (Kind::Text, Literal::Str(s)) if self == Queryable::EventType => {
                match EventType::parse(&s) {
                    Some(t) => Ok(Literal::Str(t.as_str().to_string())),
                    None => Err(format!(
                        "event_type must be one of: {}",
                        EventType::ALL
                            .iter()
                            .map(|t| t.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                }
            }
            (Kind::Text, s @ Literal::Str(_)) => Ok(s),
            (Kind::Text, Literal::Num(n)) => Ok(Literal::Str(n.to_string())),
            (_, other) => Err(format!("{name} cannot be compared with {other:?}")),
        }
    }

    /// The JSON Schema of the property.
    fn schema(self) -> Json {
        let (name, _, kind, title) = *self.entry();
        let mut s = match kind {
            Kind::Text => json!({"type": "string"}),
            Kind::Integer => json!({"type": "integer"}),
            Kind::Date => json!({"type": "string", "format": "date"}),
        };
        s["title"] = json!(title);
        if self == Queryable::EventType {
            s["enum"] = json!(EventType::ALL
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>());
        }
        if name == "geonameid" {
            s["type"] = json!(["integer", "null"]);
        }
        s
    }
}

/// The queryables document for a collection at `collection_url`.
/// The JSON Schema of an event's properties (`/collections/events/schema`, OGC API –
/// Features Part 5): the queryables and the properties that are not, the ones the server
/// sets marked read-only.
pub fn schema_document(collection_url: &str) -> Json {
    let mut doc = document(collection_url);
    doc["$id"] = json!(format!("{collection_url}/schema"));
    let text = json!({"type": "string"});
    let extra = [
        ("source_url", text.clone()),
        ("report_id", text),
        (
            "geo_radius_km",
            json!({"type": "number", "description": "How far the true place may lie from the point, km"}),
        ),
        (
            "fatalities_max",
            json!({"type": "integer", "description": "The highest toll reported when reports disagree"}),
        ),
        (
            "evidence",
            json!({"type": "object", "description": "The words of the report that gave place, date, type and fatalities"}),
        ),
        (
            "provenance",
            json!({"type": "array", "items": {"type": "object"}, "description": "Every report the event was read from"}),
        ),
        (
            "seq",
            json!({"type": "integer", "readOnly": true, "description": "The store's change number of the last write"}),
        ),
        (
            "updated",
            json!({"type": "string", "format": "date-time", "readOnly": true, "description": "Server time of the last write"}),
        ),
    ];
    if let Some(props) = doc["properties"].as_object_mut() {
        for (name, schema) in extra {
            props.insert(name.into(), schema);
        }
    }
    doc
}

pub fn document(collection_url: &str) -> Json {
    let mut properties = serde_json::Map::new();
    properties.insert(
        "geometry".into(),
        json!({"format": "geometry-point", "title": "Where the event happened (WGS84)"}),
    );
    for &(name, q, ..) in ALL {
        properties.insert(name.into(), q.schema());
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{collection_url}/queryables"),
        "type": "object",
        "title": "events",
        "properties": properties,
        "additionalProperties": false,
    })
}
