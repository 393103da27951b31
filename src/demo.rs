//! The demo data set `sitmap serve --demo` puts into an empty store, so a newcomer sees events at once:
//! the events of the seed report (a Syrian Observer article of 2018-10-03 on eastern Deir
//! ez-Zor), placed by the gazetteer, and a few thousand generated events around real towns of
//! Syria and Iraq over 2017–2019. Generated events are marked `source: "sitmap demo
//! (synthetic)"`; the random generator is seeded, so every start makes the same set.

/// The `source` of every synthetic demo event: invented incidents at real places, with real
/// actor names. The map and the HTML pages say so wherever such events show.
pub const SYNTHETIC_SOURCE: &str = "sitmap demo (synthetic)";
/// What the HTML pages say over synthetic demo events.
const SYNTHETIC_NOTE: &str = "Synthetic demo events (sitmap serve --demo): invented incidents at real places, with real actor names. Not real reports.";

/// The HTML paragraph that says so, when any of these events is a synthetic demo event.
pub fn synthetic_note_html<'a>(mut sources: impl Iterator<Item = &'a str>) -> String {
    if sources.any(|s| s == SYNTHETIC_SOURCE) {
        format!("<p><strong>{SYNTHETIC_NOTE}</strong></p>")
    } else {
        String::new()
    }
}

use chrono::{Days, NaiveDate};

use crate::event::{Event, EventProperties, EventType};
use crate::gazetteer::{Context, CountryCode, Gazetteer, Place};

/// Number of generated events.
pub const GENERATED: usize = 3_000;

/// One incident of the seed report: (place, date, type, sub-type, actor1, actor2, fatalities,
/// geo_precision, notes).
type SeedRow = (
    &'static str,
    &'static str,
    EventType,
    &'static str,
    &'static str,
    &'static str,
    u32,
    u8,
    &'static str,
);

const SEED: &[SeedRow] = &[
    ("Gharanij", "2018-10-03", EventType::ExplosionsRemoteViolence, "Remote explosive/landmine/IED",
     "Islamic State", "SDF", 5, 1,
     "An Islamic State car bomb hit a joint US and SDF convoy in Granij, killing two US soldiers and three SDF members."),
    ("Deir ez-Zor", "2018-10-03", EventType::ExplosionsRemoteViolence, "Shelling/artillery/missile attack",
     "Islamic State", "Civilians", 3, 3,
     "Three civilians were killed by an Islamic State rocket attack on the SDF-held town of al-Ja'abi (not in the gazetteer; placed at the province capital)."),
    ("Al-Baghuz Fawqani", "2018-10-02", EventType::Battles, "Armed clash",
     "SDF", "Islamic State", 0, 2,
     "Clashes between the SDF and the Islamic State in al-Safafneh near Bagouz since Tuesday."),
    ("Al-Baghuz Fawqani", "2018-09-26", EventType::Battles, "Non-state actor overtakes territory",
     "SDF", "Islamic State", 0, 2,
     "The SDF took al-Shajlah and half of Bagouz last week."),
    ("Albu Kamal", "2018-10-01", EventType::ExplosionsRemoteViolence, "Shelling/artillery/missile attack",
     "Iranian Revolutionary Guard Corps", "Islamic State", 0, 1,
     "Iranian Revolutionary Guard missiles struck Islamic State positions at Albu Kamal on Monday."),
];

const ACTORS: &[&str] = &[
    "Islamic State",
    "SDF",
    "Syrian government forces",
    "Iraqi security forces",
    "International coalition",
    "Russian forces",
    "Turkish forces",
    "Popular Mobilization Forces",
    "Civilians",
];

/// The whole demo set: seed events first, then the generated ones.
pub fn events(gazetteer: &Gazetteer) -> Vec<Event> {
    let mut out = seed_events(gazetteer);
    out.extend(generated_events(gazetteer, GENERATED));
    out
}

fn seed_events(gazetteer: &Gazetteer) -> Vec<Event> {
    let sy = Context::in_country(CountryCode::parse("SY").unwrap_or_default());
    SEED.iter()
        .enumerate()
        .filter_map(|(i, &(place, date, t, sub, a1, a2, dead, geo, notes))| {
            let c = gazetteer.resolve(place, &sy)?;
            let p = gazetteer.place(c.index);
            let (lon, lat) = p.coord?;
            Some(Event {
                id: format!("seed-{}", i + 1),
                lon,
                lat,
                properties: props(gazetteer, p, date, t, sub, a1, a2, dead, geo, notes),
            })
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn props(
    gazetteer: &Gazetteer,
    place: &Place,
    date: &str,
    t: EventType,
    sub: &str,
    a1: &str,
    a2: &str,
    dead: u32,
    geo: u8,
    notes: &str,
) -> EventProperties {
    EventProperties {
        event_date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap_or_default(),
        time_precision: 1,
        event_type: t,
        sub_event_type: sub.to_string(),
        actor1: a1.to_string(),
        actor2: a2.to_string(),
        fatalities: dead,
        location: place.name.to_string(),
        admin1: gazetteer
            .admin1_of(place)
            .map(|a| a.name.to_string())
            .unwrap_or_default(),
        country: gazetteer
            .country(place.country)
            .map(|c| c.name.to_string())
            .unwrap_or_default(),
        country_code: place.country.to_string(),
        geo_precision: geo,
        geonameid: (place.id > 0).then_some(place.id),
        geo_radius_km: None,
        fatalities_max: None,
        evidence: None,
        source: "Syrian Observer".to_string(),
        source_url: String::new(),
        report_id: "seed".to_string(),
        provenance: Vec::new(),
        notes: notes.to_string(),
        seq: None,
        updated: None,
    }
}

/// `n` synthetic events around towns of Syria and Iraq with 5,000+ people.
pub fn generated_events(gazetteer: &Gazetteer, n: usize) -> Vec<Event> {
    let towns: Vec<&Place> = gazetteer
        .places()
        .iter()
        .filter(|p| {
            matches!(p.country.as_str(), "SY" | "IQ")
                && p.feature_class == b'P'
                && p.population >= 5_000
                && p.coord.is_some()
        })
        .collect();
    if towns.is_empty() {
        return Vec::new();
    }
    let mut rng = fastrand::Rng::with_seed(20181003);
    let start = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap_or_default();
    (0..n)
        .filter_map(|i| {
            let town = towns[rng.usize(..towns.len())];
            let (lon, lat) = town.coord?;
            let t = EventType::ALL[rng.usize(..EventType::ALL.len())];
            let sub = t.sub_types()[rng.usize(..t.sub_types().len())];
            let a1 = ACTORS[rng.usize(..ACTORS.len())];
            let a2 = ACTORS[rng.usize(..ACTORS.len())];
            let date = start.checked_add_days(Days::new(rng.u64(0..1095)))?;
            let dead = if rng.bool() { 0 } else { rng.u32(1..30) };
            let date_s = date.to_string();
            let mut p = props(
                gazetteer,
                town,
                &date_s,
                t,
                sub,
                a1,
                a2,
                dead,
                1,
                "Synthetic demo event.",
            );
            p.source = SYNTHETIC_SOURCE.to_string();
            p.report_id = String::new();
            Some(Event {
                id: format!("demo-{:05}", i + 1),
                // spread around the town by up to ~5 km
                lon: round5(lon + (rng.f64() - 0.5) * 0.1),
                lat: round5(lat + (rng.f64() - 0.5) * 0.1),
                properties: p,
            })
        })
        .collect()
}

fn round5(v: f64) -> f64 {
    (v * 1e5).round() / 1e5
}

/// A large synthetic data set for benchmarks and load tests: `n` events clustered around 200
/// centres over the Middle East and Africa, dated over ten years (2015–2024), every property
/// filled; seeded, so every call gives the same set. Unlike [`events`], the places are made
/// up: this is for measuring, not for showing.
pub fn synthetic(n: usize) -> Vec<Event> {
    let mut rng = fastrand::Rng::with_seed(42);
    let centres: Vec<(f64, f64)> = (0..200)
        .map(|_| (rng.f64() * 60.0 - 10.0, rng.f64() * 45.0 - 5.0))
        .collect();
    let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default();
    (0..n)
        .map(|i| {
            let (cx, cy) = centres[rng.usize(..centres.len())];
            let t = crate::event::EventType::ALL[rng.usize(..6)];
            Event {
                id: format!("ev-{i:07}"),
                lon: ((cx + (rng.f64() - 0.5) * 2.0) * 1e5).round() / 1e5,
                lat: ((cy + (rng.f64() - 0.5) * 2.0) * 1e5).round() / 1e5,
                properties: crate::event::EventProperties {
                    event_date: start + chrono::Duration::days(rng.i64(0..3650)),
                    time_precision: 1,
                    event_type: t,
                    sub_event_type: t.sub_types()[0].into(),
                    actor1: "Islamic State".into(),
                    actor2: "Civilians".into(),
                    fatalities: rng.u32(0..20),
                    location: "Somewhere".into(),
                    admin1: "Some Province".into(),
                    country: "Syria".into(),
                    country_code: "SY".into(),
                    geo_precision: 1,
                    geonameid: Some(170794),
                    geo_radius_km: None,
                    fatalities_max: None,
                    evidence: None,
                    source: "Synthetic".into(),
                    source_url: "https://example.org/report".into(),
                    report_id: format!("r{}", i / 5),
                    provenance: Vec::new(),
                    notes: "A synthetic event for load tests, about as long as a sentence from a report.".into(),
                    seq: None,
                    updated: None,
                },
            }
        })
        .collect()
}
