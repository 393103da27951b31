//! The event: one incident at one place on one day, as design.md's schema defines it, with
//! GeoJSON (RFC 7946) in and out through typed serde structs.

pub mod taxonomy;

use chrono::{Datelike, NaiveDate};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::geojson::Point;
pub use taxonomy::EventType;

/// Longest event id accepted, in characters (as JSON Schema's `maxLength` counts).
pub const MAX_ID_LEN: usize = 128;
/// Longest `notes` accepted, in bytes.
pub const MAX_NOTES_LEN: usize = 20_000;
/// Longest value of any other text property, in bytes.
pub const MAX_TEXT_LEN: usize = 1_000;

/// Why an event was refused. `field` names the property, as a client would spell it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct EventError {
    pub field: String,
    pub reason: String,
}

impl EventError {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        EventError {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

fn one() -> u8 {
    1
}

/// Whole numbers as JSON Schema counts them: `2` and `2.0` alike, since JavaScript clients
/// write either. A fraction or a value out of the field's range is refused.
mod whole {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Number {
        Signed(i64),
        Unsigned(u64),
        Float(f64),
    }

    fn read<'de, D: Deserializer<'de>, T: TryFrom<i128>>(n: Number) -> Result<T, D::Error> {
        let v = match n {
            Number::Signed(i) => Some(i128::from(i)),
            Number::Unsigned(u) => Some(i128::from(u)),
            // 2^63 bounds every field here; beyond it a float has no fraction to check
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(f as i128),
            Number::Float(_) => None,
        };
        v.and_then(|v| T::try_from(v).ok())
            .ok_or_else(|| D::Error::custom("expected a whole number within the field's range"))
    }

    pub fn required<'de, D: Deserializer<'de>, T: TryFrom<i128>>(d: D) -> Result<T, D::Error> {
        read::<D, T>(Number::deserialize(d)?)
    }

    pub fn optional<'de, D: Deserializer<'de>, T: TryFrom<i128>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        match Option::<Number>::deserialize(d)? {
            Some(n) => read::<D, T>(n).map(Some),
            None => Ok(None),
        }
    }
}

/// The properties of an event, named as ACLED names them. Unknown properties are refused so
/// that a misspelt name is an error instead of silently lost data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventProperties {
    pub event_date: NaiveDate,
    /// 1 day, 2 week, 3 month or vaguer.
    #[serde(default = "one", deserialize_with = "whole::required")]
    pub time_precision: u8,
    pub event_type: EventType,
    #[serde(default)]
    pub sub_event_type: String,
    #[serde(default)]
    pub actor1: String,
    #[serde(default)]
    pub actor2: String,
    #[serde(default, deserialize_with = "whole::required")]
    pub fatalities: u32,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub admin1: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub country_code: String,
    /// 1 the place itself, 2 near it, 3 province or vaguer.
    #[serde(default = "one", deserialize_with = "whole::required")]
    pub geo_precision: u8,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole::optional"
    )]
    pub geonameid: Option<i64>,
    /// How far the true place may lie from the point, in km, when the text gives only a
    /// relative location ("about 30 km southwest of X", "near X").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_radius_km: Option<f64>,
    /// The highest death toll reported for the incident, when reports (or one report's
    /// statements) disagree; `fatalities` keeps the conservative figure.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole::optional"
    )]
    pub fatalities_max: Option<u32>,
    /// For extracted events: the words of the report that gave the place, date, type and
    /// fatalities.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "evidence_object"
    )]
    pub evidence: Option<Evidence>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub source_url: String,
    #[serde(default)]
    pub report_id: String,
    /// Every report or feed the event was read from, one entry each, kept whole when reports
    /// of one incident merge (`source`, `source_url` and `report_id` list the first of them
    /// within their length limits).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<Provenance>,
    #[serde(default)]
    pub notes: String,
    /// The store's change sequence number of the event's last write: every write and every
    /// deletion takes the next number, so `seq` orders all changes (see
    /// `/collections/events/changes`). Set by the store; a client's value is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// Server time of the event's last write. Set by the store; a client's value is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<chrono::DateTime<chrono::Utc>>,
}

/// One report or feed an event was read from: its outlet, address and report id together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub report_id: String,
}

/// At most this many provenance entries per event (reports of one incident).
pub const MAX_PROVENANCE: usize = 10_000;

/// Which words of a report gave an extracted event's fields: each a quote with its code-point
/// offsets in the report text (as `/geoparse` counts them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities: Option<Quote>,
}

/// Words of a report and where they stand in it (code points, end exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub text: String,
    #[serde(deserialize_with = "whole::required")]
    pub start: u32,
    #[serde(deserialize_with = "whole::required")]
    pub end: u32,
}

/// Reads `evidence` as JSON objects only: serde would take a struct written as an array
/// (`[null, null]`) as well, which the schema does not allow.
fn evidence_object<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Evidence>, D::Error> {
    use serde::de::Error;
    let Some(value) = Option::<serde_json::Value>::deserialize(d)? else {
        return Ok(None);
    };
    let objects = value
        .as_object()
        .is_some_and(|fields| fields.values().all(|q| q.is_null() || q.is_object()));
    if !objects {
        return Err(D::Error::custom(
            "must be an object of quotes, each {\"text\", \"start\", \"end\"} or null",
        ));
    }
    serde_json::from_value(value)
        .map(Some)
        .map_err(D::Error::custom)
}

impl Evidence {
    fn quotes(&self) -> impl Iterator<Item = (&'static str, &Quote)> {
        [
            ("evidence.place", &self.place),
            ("evidence.date", &self.date),
            ("evidence.event_type", &self.event_type),
            ("evidence.fatalities", &self.fatalities),
        ]
        .into_iter()
        .filter_map(|(name, q)| Some((name, q.as_ref()?)))
    }
}

/// Longest quote an evidence field may hold, in characters.
pub const MAX_QUOTE_LEN: usize = 1_000;

/// An event: a stable id, a WGS84 position and its properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub lon: f64,
    pub lat: f64,
    pub properties: EventProperties,
}

impl Event {
    /// Days since 0001-01-01 of the event date: the time axis of the index.
    pub fn day(&self) -> i32 {
        self.properties.event_date.num_days_from_ce()
    }

    /// Checks every constraint of the schema; the first violation is returned.
    pub fn validate(&self) -> Result<(), EventError> {
        self.check(Rules::Input)
    }

    /// Checks a stored row as start-up does: every constraint but those on how ids and texts
    /// are written (Unicode form, bidirectional and control characters), which came after
    /// events were first stored: an upgrade must not hide rows its predecessor accepted.
    pub fn validate_stored(&self) -> Result<(), EventError> {
        self.check(Rules::Stored)
    }

    fn check(&self, rules: Rules) -> Result<(), EventError> {
        let input = rules == Rules::Input;
        validate_id(&self.id)?;
        if input {
            validate_id_spelling(&self.id)?;
        }
        validate_position(self.lon, self.lat)?;
        let p = &self.properties;
        let year = p.event_date.year();
        if !(1900..=2100).contains(&year) {
            return Err(EventError::new(
                "event_date",
                format!("year {year} is outside 1900..2100"),
            ));
        }
        // ids a JSON client reads exactly: within ±(2^53 − 1)
        if p.geonameid
            .is_some_and(|g| g.unsigned_abs() > MAX_SAFE_INTEGER)
        {
            return Err(EventError::new(
                "geonameid",
                "must be within ±9007199254740991",
            ));
        }
        if !(1..=3).contains(&p.time_precision) {
            return Err(EventError::new("time_precision", "must be 1, 2 or 3"));
        }
        if !(1..=3).contains(&p.geo_precision) {
            return Err(EventError::new("geo_precision", "must be 1, 2 or 3"));
        }
        if !p.sub_event_type.is_empty()
            && p.event_type.canonical_sub_type(&p.sub_event_type).is_none()
        {
            return Err(EventError::new(
                "sub_event_type",
                format!(
                    "{:?} is not a sub-event type of {:?}",
                    p.sub_event_type,
                    p.event_type.as_str()
                ),
            ));
        }
        let code_ok = p.country_code.is_empty()
            || (p.country_code.len() == 2
                && p.country_code.bytes().all(|b| b.is_ascii_uppercase()));
        if !code_ok {
            return Err(EventError::new(
                "country_code",
                "must be two upper-case letters (ISO 3166-1 alpha-2)",
            ));
        }
        if p.fatalities > 1_000_000 {
            return Err(EventError::new("fatalities", "more than 1,000,000"));
        }
        for (field, q) in p.evidence.iter().flat_map(Evidence::quotes) {
            if q.text.chars().count() > MAX_QUOTE_LEN {
                return Err(EventError::new(field, "longer than 1,000 characters"));
            }
        }
        if p.provenance.len() > MAX_PROVENANCE {
            return Err(EventError::new(
                "provenance",
                format!("more than {MAX_PROVENANCE} entries"),
            ));
        }
        for (i, entry) in p.provenance.iter().enumerate() {
            for (field, value) in [
                ("source", &entry.source),
                ("url", &entry.url),
                ("report_id", &entry.report_id),
            ] {
                if value.len() > MAX_TEXT_LEN {
                    return Err(EventError::new(
                        format!("provenance[{i}].{field}"),
                        format!("longer than {MAX_TEXT_LEN} bytes"),
                    ));
                }
                if input && has_control_characters(value) {
                    return Err(EventError::new(
                        format!("provenance[{i}].{field}"),
                        "must not contain control characters other than tab and line breaks",
                    ));
                }
            }
        }
        if p.fatalities_max.is_some_and(|m| m > 1_000_000) {
            return Err(EventError::new("fatalities_max", "more than 1,000,000"));
        }
        if p.geo_radius_km
            .is_some_and(|r| !(MIN_RADIUS_KM..=MAX_RADIUS_KM).contains(&r))
        {
            return Err(EventError::new(
                "geo_radius_km",
                "must be a number of km from 0.01 to 20,000",
            ));
        }
        for (field, value) in [
            ("sub_event_type", &p.sub_event_type),
            ("actor1", &p.actor1),
            ("actor2", &p.actor2),
            ("location", &p.location),
            ("admin1", &p.admin1),
            ("country", &p.country),
            ("source", &p.source),
            ("source_url", &p.source_url),
            ("report_id", &p.report_id),
        ] {
            if value.len() > MAX_TEXT_LEN {
                return Err(EventError::new(
                    field,
                    format!("longer than {MAX_TEXT_LEN} bytes"),
                ));
            }
            if input {
                validate_text(field, value)?;
            }
        }
        if p.notes.len() > MAX_NOTES_LEN {
            return Err(EventError::new(
                "notes",
                format!("longer than {MAX_NOTES_LEN} bytes"),
            ));
        }
        if input {
            validate_text("notes", &p.notes)?;
        }
        Ok(())
    }

    /// A stable id derived from what identifies an incident: date, position, type and notes.
    /// Used when a feature arrives without an id, so that sending it twice updates, not
    /// duplicates.
    pub fn derived_id(lon: f64, lat: f64, p: &EventProperties) -> String {
        let mut h = Sha256::new();
        h.update(p.event_date.to_string());
        h.update(format!("|{lon:.5}|{lat:.5}|"));
        h.update(p.event_type.as_str());
        h.update("|");
        h.update(&p.notes);
        h.update("|");
        h.update(&p.source);
        let digest = h.finalize();
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("sm-{hex}")
    }
}

fn validate_id(id: &str) -> Result<(), EventError> {
    if id.is_empty() || id.chars().count() > MAX_ID_LEN {
        return Err(EventError::new(
            "id",
            format!("must be 1 to {MAX_ID_LEN} characters long"),
        ));
    }
    if id.chars().any(|c| c.is_control() || c == '/') {
        return Err(EventError::new(
            "id",
            "must not contain control characters or '/'",
        ));
    }
    Ok(())
}

/// Which constraints [`Event::check`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rules {
    /// Everything, for events coming in.
    Input,
    /// Everything but how ids and texts are spelt, for rows already stored.
    Stored,
}

/// How an incoming id must be spelt so that two ids cannot look alike.
fn validate_id_spelling(id: &str) -> Result<(), EventError> {
    if id.chars().any(is_bidi_control) {
        return Err(EventError::new(
            "id",
            "must not contain bidirectional formatting characters (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): they make two ids look alike",
        ));
    }
    // one id, one spelling: "é" composed and "e" + combining accent look the same
    if !unicode_normalization::is_nfc(id) {
        return Err(EventError::new(
            "id",
            "must be in Unicode normalisation form C (composed characters)",
        ));
    }
    Ok(())
}

/// Characters that reorder how text is shown without being shown themselves.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a text holds NUL or other control characters but tab and line breaks.
pub fn has_control_characters(value: &str) -> bool {
    value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Checks a text property: no NUL or other control characters but tab and line breaks.
fn validate_text(field: &'static str, value: &str) -> Result<(), EventError> {
    if has_control_characters(value) {
        return Err(EventError::new(
            field,
            "must not contain control characters (NUL and the like) other than tab and line breaks",
        ));
    }
    Ok(())
}

/// Checks a WGS84 position: finite, longitude in -180..180, latitude in -90..90.
/// The largest integer every JSON reader holds exactly (2^53 − 1).
pub const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// Largest uncertainty radius an event may carry: half the Earth's circumference.
pub const MAX_RADIUS_KM: f64 = 20_000.0;

/// Smallest uncertainty radius an event may carry (10 m).
pub const MIN_RADIUS_KM: f64 = 0.01;

pub fn validate_position(lon: f64, lat: f64) -> Result<(), EventError> {
    if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
        return Err(EventError::new(
            "geometry",
            format!("longitude {lon} is outside -180..180"),
        ));
    }
    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        return Err(EventError::new(
            "geometry",
            format!("latitude {lat} is outside -90..90"),
        ));
    }
    Ok(())
}

/// Writes the event as a GeoJSON Feature: `id`, Point geometry, properties.
impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut f = s.serialize_struct("Feature", 4)?;
        f.serialize_field("type", "Feature")?;
        f.serialize_field("id", &self.id)?;
        f.serialize_field("geometry", &Point::new(self.lon, self.lat))?;
        f.serialize_field("properties", &self.properties)?;
        f.end()
    }
}

/// A feature id as GeoJSON allows it: a string or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FeatureId {
    Text(String),
    Number(serde_json::Number),
}

/// The only geometry events have. Any other GeoJSON type is refused by name.
#[derive(Debug, Deserialize)]
#[serde(tag = "type")]
enum GeometryIn {
    Point { coordinates: Vec<f64> },
}

#[derive(Debug, Deserialize)]
enum FeatureTag {
    Feature,
}

#[derive(Debug, Deserialize)]
enum CollectionTag {
    FeatureCollection,
}

/// A GeoJSON Feature as a client sends it.
#[derive(Debug, Deserialize)]
pub struct FeatureIn {
    #[serde(rename = "type")]
    _kind: FeatureTag,
    #[serde(default)]
    id: Option<FeatureId>,
    geometry: Option<GeometryIn>,
    properties: Option<EventProperties>,
    #[serde(default)]
    bbox: Option<Vec<f64>>,
}

/// A FeatureCollection whose features are kept as text, to be read one by one.
#[derive(Debug, Deserialize)]
struct RawCollectionIn<'a> {
    #[serde(rename = "type")]
    _kind: CollectionTag,
    #[serde(borrow)]
    features: Vec<&'a serde_json::value::RawValue>,
    #[serde(default)]
    #[allow(dead_code)]
    bbox: Option<Vec<f64>>,
}

/// Just the `type` member, to choose how to parse the rest.
#[derive(Debug, Deserialize)]
struct TypeOnly {
    #[serde(rename = "type")]
    kind: Option<String>,
}

impl FeatureIn {
    /// Turns the feature into a validated event.
    pub fn into_event(self) -> Result<Event, EventError> {
        let _ = self.bbox;
        let Some(GeometryIn::Point { coordinates }) = self.geometry else {
            return Err(EventError::new(
                "geometry",
                "missing: events need a Point geometry",
            ));
        };
        let [lon, lat] = match coordinates.as_slice() {
            [lon, lat] | [lon, lat, _] => [*lon, *lat],
            _ => {
                return Err(EventError::new(
                    "geometry",
                    "a Point has 2 (or 3) coordinates: [lon, lat]",
                ))
            }
        };
        let properties = self
            .properties
            .ok_or_else(|| EventError::new("properties", "missing"))?;
        let id = match self.id {
            Some(FeatureId::Text(s)) => s,
            Some(FeatureId::Number(n)) => n.to_string(),
            None => Event::derived_id(lon, lat, &properties),
        };
        let mut event = Event {
            id,
            lon,
            lat,
            properties,
        };
        if let Some(sub) = event
            .properties
            .event_type
            .canonical_sub_type(&event.properties.sub_event_type)
        {
            event.properties.sub_event_type = sub.to_string();
        }
        event.validate()?;
        Ok(event)
    }
}

/// Parses a GeoJSON Feature or FeatureCollection of events. Every feature is validated; the
/// first failure is returned with its position (`features[3].properties.event_date: …`).
/// Duplicate ids within one body are refused, since only one of them could be kept; a
/// feature without an id repeated identically is kept once.
pub fn parse_features(json: &[u8]) -> Result<Vec<Event>, EventError> {
    let parsed = parse_features_each(json)?;
    match parsed.problems.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(parsed.events),
    }
}

/// The features of one body that are valid events, and a problem for each that is not.
#[derive(Debug, Default)]
pub struct ParsedFeatures {
    pub events: Vec<Event>,
    /// In body order, each naming its feature (`features[2].geometry`) and its line.
    pub problems: Vec<EventError>,
}

/// Parses a GeoJSON Feature or FeatureCollection feature by feature: a feature that is not a
/// valid event is a problem of its own and the others are still read (what `sitmap ingest
/// --skip-invalid` needs). Only a body that is no Feature or FeatureCollection at all is an
/// error. Duplicate ids are handled as in [`parse_features`].
pub fn parse_features_each(json: &[u8]) -> Result<ParsedFeatures, EventError> {
    let kind = serde_json::from_slice::<TypeOnly>(json)
        .map_err(|e| EventError::new("body", format!("not a GeoJSON object: {e}")))?
        .kind;
    let raw: Vec<&serde_json::value::RawValue> = match kind.as_deref() {
        Some("Feature") => {
            let feature = parse_path::<FeatureIn>(json, "")?;
            return Ok(match feature.into_event() {
                Ok(event) => ParsedFeatures {
                    events: vec![event],
                    problems: Vec::new(),
                },
                Err(e) => ParsedFeatures {
                    events: Vec::new(),
                    problems: vec![e],
                },
            });
        }
        Some("FeatureCollection") => parse_path::<RawCollectionIn>(json, "")?.features,
        Some(other) => {
            return Err(EventError::new(
                "type",
                format!("{other:?}: expected \"Feature\" or \"FeatureCollection\""),
            ))
        }
        None => {
            return Err(EventError::new(
                "type",
                "missing: expected \"Feature\" or \"FeatureCollection\"",
            ))
        }
    };
    let many = raw.len() > 1;
    let mut parsed = ParsedFeatures::default();
    // id -> position in `parsed.events`
    let mut seen = std::collections::HashMap::with_capacity(raw.len());
    let mut lines = LineCounter::new(json);
    for (i, text) in raw.iter().enumerate() {
        let at_line = lines.line_of(text.get());
        let name = |field: &str| -> String {
            match (many, field.is_empty()) {
                (true, true) => format!("features[{i}]"),
                (true, false) => format!("features[{i}].{field}"),
                (false, true) => "features[0]".to_string(),
                (false, false) => field.to_string(),
            }
        };
        let feature = match parse_path::<FeatureIn>(text.get().as_bytes(), "") {
            Ok(f) => f,
            Err(e) => {
                let field = if e.field == "body" { "" } else { &e.field };
                parsed.problems.push(EventError::new(
                    name(field.trim_start_matches('.')),
                    format!("{} (line {at_line})", strip_position(&e.reason)),
                ));
                continue;
            }
        };
        let derived = feature.id.is_none();
        let event = match feature.into_event() {
            Ok(event) => event,
            Err(e) => {
                parsed.problems.push(EventError::new(
                    name(&e.field),
                    format!("{} (line {at_line})", e.reason),
                ));
                continue;
            }
        };
        if let Some(&at) = seen.get(&event.id) {
            // the same feature twice without an id is one event sent twice: kept once, like
            // a second POST of it; two different features with one id can't both be kept
            if derived && parsed.events.get(at) == Some(&event) {
                continue;
            }
            let problem = if derived {
                EventError::new(
                    format!("features[{i}]"),
                    format!(
                        "duplicate: same date, place, type, notes and source as an earlier \
                         feature but other properties; give each an id (line {at_line})"
                    ),
                )
            } else {
                EventError::new(
                    format!("features[{i}].id"),
                    format!("duplicate id {:?} in one body (line {at_line})", event.id),
                )
            };
            parsed.problems.push(problem);
            continue;
        }
        seen.insert(event.id.clone(), parsed.events.len());
        parsed.events.push(event);
    }
    Ok(parsed)
}

/// Line numbers of slices of one text, asked in increasing order (features in body order), so
/// the text is counted through once.
struct LineCounter<'a> {
    whole: &'a [u8],
    /// Bytes counted so far, and the line they end on (1-based).
    counted: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(whole: &'a [u8]) -> Self {
        Self {
            whole,
            counted: 0,
            line: 1,
        }
    }

    /// The line `part`, a slice borrowed from the text, starts on.
    fn line_of(&mut self, part: &str) -> usize {
        let offset = (part.as_ptr() as usize)
            .checked_sub(self.whole.as_ptr() as usize)
            .filter(|&o| o <= self.whole.len() && o >= self.counted);
        if let Some(offset) = offset {
            let newlines = self.whole[self.counted..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += newlines;
            self.counted = offset;
        }
        self.line
    }
}

/// serde_json's message without its " at line L column C", which is relative to one feature.
fn strip_position(message: &str) -> &str {
    match message.rsplit_once(" at line ") {
        Some((head, tail)) if tail.contains(" column ") => head,
        _ => message,
    }
}

/// Deserialises with the path of the first error (`features[2].geometry.type`) as the field.
fn parse_path<'de, T: Deserialize<'de>>(json: &'de [u8], prefix: &str) -> Result<T, EventError> {
    let mut de = serde_json::Deserializer::from_slice(json);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "body".to_string()
        } else {
            format!("{prefix}{path}")
        };
        EventError::new(field, e.inner().to_string())
    })
}
