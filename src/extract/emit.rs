//! The last stage: a report's merged drafts become the events sitmap stores, with their
//! place's province and country, the acting side, the notes and the evidence as quotes of the
//! report, and an id made of the incident's place, day and type.

use std::ops::Range;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::event::{Event, EventProperties, EventType};
use crate::gazetteer::Gazetteer;
use crate::lexicon::actors::{PROTESTERS, RIOTERS, UNIDENTIFIED};

use super::incident::Draft;
use super::kinds::SubType;
use super::reading::Clues;
use super::Report;

fn sub_type_name(d: &Draft, actor1_state: bool) -> &'static str {
    match d.sub_type {
        SubType::Fixed(s) => s,
        SubType::Territory if actor1_state => "Government regains territory",
        SubType::Territory => "Non-state actor overtakes territory",
        SubType::Attack => "Armed clash",
    }
}

/// `name` with the event's country where ACLED gives one: a crowd or an unnamed group
/// belongs to no organisation, so the country tells it apart ("Protesters (Kenya)").
fn by_country(name: String, country: &str) -> String {
    let title = match name.as_str() {
        PROTESTERS => PROTESTERS,
        RIOTERS => RIOTERS,
        UNIDENTIFIED => "Unidentified Armed Group",
        _ => return name,
    };
    if country.is_empty() {
        title.to_string()
    } else {
        format!("{title} ({country})")
    }
}

pub(super) fn to_event(gazetteer: &Gazetteer, report: &Report, d: Draft) -> Event {
    let place = gazetteer.place(d.at.place);
    let admin1 = if place.is_admin1() {
        place.name.to_string()
    } else {
        gazetteer
            .admin1_of(place)
            .map(|a| a.name.to_string())
            .unwrap_or_default()
    };
    let country = gazetteer
        .country(place.country)
        .map(|c| c.name.to_string())
        .unwrap_or_default();
    // no side named as acting: actor1 stays empty rather than naming a victim; the crowd of
    // a protest or a riot is its first side whoever else is named (ACLED's convention)
    let crowd = match d.event_type {
        EventType::Protests => Some(PROTESTERS),
        EventType::Riots => Some(RIOTERS),
        _ => None,
    };
    let actor1 = match crowd {
        Some(c) => c.to_string(),
        None => d.actor1.clone().unwrap_or_default(),
    };
    // a foreign state's forces taking ground overtake it, as a non-state actor would (ACLED's
    // codebook): only the forces of the event's own country regain territory
    let own_forces = crate::lexicon::actors::forces_country(&actor1)
        .is_none_or(|code| code == place.country.as_str());
    let actor1_state = d.actors.iter().any(|(n, s)| *n == actor1 && *s) && own_forces;
    // violence against civilians has civilians as its other side, named by country as ACLED
    // names them ("Civilians (Mali)"), whoever else the report mentions
    // (and so has a strike or a shelling whose dead are all civilians: "shelled the town,
    // killing two civilians")
    let civilian_dead = d.event_type == EventType::ExplosionsRemoteViolence
        && d.side == Some(super::numbers::Side::Civilian)
        && d.fatalities.is_some_and(|n| n > 0);
    let actor2 = if (d.event_type == EventType::ViolenceAgainstCivilians || civilian_dead)
        && !country.is_empty()
    {
        format!("Civilians ({country})")
    } else {
        d.actors
            .iter()
            .map(|a| &a.0)
            .find(|n| **n != actor1 && !matches!(n.as_str(), PROTESTERS | RIOTERS))
            .cloned()
            .unwrap_or_default()
    };
    let actor1 = by_country(actor1, &country);
    let actor2 = by_country(actor2, &country);
    let mut notes = d.notes.join(" ");
    truncate_at_char(&mut notes, crate::event::MAX_NOTES_LEN);
    let properties = EventProperties {
        event_date: d.date.date,
        time_precision: d.date.precision,
        event_type: d.event_type,
        sub_event_type: sub_type_name(&d, actor1_state).to_string(),
        actor1,
        actor2,
        fatalities: d.fatalities.unwrap_or(0),
        location: d.at.location.clone(),
        admin1,
        country,
        country_code: place.country.as_str().to_string(),
        geo_precision: d.at.geo_precision,
        geonameid: d.at.geonameid,
        geo_radius_km: d.at.radius_km,
        evidence: evidence(report, &d.clues),
        // reported only where statements disagree
        fatalities_max: d.fatalities_max.filter(|&m| m > d.fatalities.unwrap_or(0)),
        source: report.source.clone(),
        source_url: report.url.clone(),
        report_id: report.report_id(),
        provenance: vec![crate::event::Provenance {
            source: report.source.clone(),
            url: report.url.clone(),
            report_id: report.report_id(),
        }],
        notes,
        seq: None,
        updated: None,
    };
    Event {
        id: incident_id(&d.at.key, d.date.date, d.event_type),
        lon: d.at.lon,
        lat: d.at.lat,
        properties,
    }
}

/// The clues of a draft as quotes of the report, with code-point offsets.
fn evidence(report: &Report, clues: &Clues) -> Option<crate::event::Evidence> {
    let text = &report.text;
    let quote = |r: &Option<Range<usize>>| {
        let r = r.as_ref()?;
        let words = text.get(r.clone())?;
        let start = text.get(..r.start)?.chars().count();
        let mut quoted = words.to_string();
        truncate_at_char(&mut quoted, crate::event::MAX_QUOTE_LEN);
        Some(crate::event::Quote {
            start: u32::try_from(start).ok()?,
            end: u32::try_from(start + words.chars().count()).ok()?,
            text: quoted,
        })
    };
    let e = crate::event::Evidence {
        place: quote(&clues.place),
        date: quote(&clues.date),
        event_type: quote(&clues.event_type),
        fatalities: quote(&clues.fatalities),
    };
    (e != crate::event::Evidence::default()).then_some(e)
}

fn truncate_at_char(s: &mut String, max: usize) {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}

/// The id of an incident: its place, day and type. Reports of the same incident get the same
/// id, which is how the store merges them.
pub fn incident_id(place_key: &str, date: NaiveDate, event_type: EventType) -> String {
    let mut h = Sha256::new();
    h.update(place_key);
    h.update("|");
    h.update(date.to_string());
    h.update("|");
    h.update(event_type.as_str());
    let digest = h.finalize();
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("ex-{hex}")
}
