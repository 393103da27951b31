//! From a news report to events: the one pipeline behind `sitmap extract`, `POST /reports`
//! and `sitmap ingest reports.jsonl`. Stages, each a module with its own tests, hand typed
//! values to the next:
//!
//! 1. [`scan`]: the report split into sentences, clauses and tokens ([`text`]); each clause's
//!    place names ([`toponyms`]), dateline and headline marked; the report's country voted by
//!    its place names, provinces and demonyms ([`scan::ReportScan`]).
//! 2. [`resolve`]: every place name of the report resolved at once by the geoparser, then read
//!    by the words around it: attribution, "near", origin, distance
//!    ([`resolve::ResolvedReport`]).
//! 3. Per clause: [`clause_places`] sorts its places and finds where its incident happened,
//!    falling back from a village the gazetteer lacks to the town it is near or its province;
//!    [`reading`] reads its type ([`kinds`]), fatalities ([`numbers`]) and actors ([`actors`]);
//!    [`incident`] dates it ([`dates`]), drops background, and decides whether it continues
//!    the incident told before, starts one, or waits for its place ([`incident::Draft`]).
//! 4. [`merge`]: drafts of one incident (headline, lede, detail, province-wide mention) merge;
//!    [`emit`] makes each an event with its evidence.
//!
//! All rules read words, never whole sentences: what they know is the vocabulary of
//! conflict reporting, not the reports they were tested on.

pub mod actors;
mod background;
mod clause_places;
mod dateline;
pub mod dates;
mod emit;
mod incident;
pub mod kinds;
pub mod merge;
pub mod numbers;
mod offset;
mod places;
mod reading;
mod report;
mod resolve;
mod scan;
pub mod text;
pub mod toponyms;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

#[cfg(test)]
use chrono::NaiveDate;

use crate::event::Event;
use crate::gazetteer::Gazetteer;

use clause_places::{relative_antecedent, sort_places};
pub use emit::incident_id;
use incident::Incidents;
use places::Setting;
pub use report::{parse_report, Report, ReportError, MAX_REPORT_LEN};
use resolve::ResolvedReport;
use scan::ReportScan;

/// Extracts the events of one report. Events come in the order the report tells them.
pub fn extract(gazetteer: &Gazetteer, report: &Report) -> Vec<Event> {
    extract_unless(gazetteer, report, &AtomicBool::new(false)).unwrap_or_default()
}

/// [`extract`], given up soon after `cancelled` is set (`None`): it is checked between the
/// stages and before each clause, so a request whose client has gone stops costing CPU.
pub fn extract_unless(
    gazetteer: &Gazetteer,
    report: &Report,
    cancelled: &AtomicBool,
) -> Option<Vec<Event>> {
    // stage 4: one event per incident
    let mut drafts = drafts(gazetteer, report, cancelled)?;
    merge::within_report(gazetteer, &mut drafts);
    Some(
        drafts
            .into_iter()
            .map(|d| emit::to_event(gazetteer, report, d))
            .collect(),
    )
}

/// Stages 1 to 3: a draft per incident each clause tells, before drafts of one incident
/// merge.
fn drafts(
    gazetteer: &Gazetteer,
    report: &Report,
    cancelled: &AtomicBool,
) -> Option<Vec<incident::Draft>> {
    let stop = || cancelled.load(Ordering::Relaxed);
    let sentences = text::sentences(&report.text);
    let lower_words: HashSet<String> = sentences
        .iter()
        .flat_map(|s| s.clauses.iter().flatten())
        // ("al-Bayda" is a name, lower-case article and all)
        .filter(|t| !t.is_capitalised() && !toponyms::is_particle_prefixed(t.text))
        .map(|t| t.lower.clone())
        .collect();

    if stop() {
        return None;
    }
    // stage 1: mentions and the report's country
    let scanned = scan::scan_report(gazetteer, report, &sentences, &lower_words);
    let country = scanned.country();
    let ReportScan {
        scans,
        named,
        named_land,
        provinces,
        dateline_city,
        ..
    } = scanned;
    let home = country.and_then(|cc| {
        actors::DEMONYMS
            .iter()
            .find(|(_, code, _)| *code == cc.as_str())
            .map(|(d, _, _)| *d)
    });
    let setting = Setting {
        country,
        named: &named,
        named_land: &named_land,
        provinces: &provinces,
    };
    if stop() {
        return None;
    }
    // stage 2: every mention resolved; the geoparser reads the names of the report together
    let ResolvedReport {
        named: resolved,
        places: report_places,
    } = resolve::resolve_report(gazetteer, report, &scans, &setting, dateline_city);

    // stage 3: clause by clause, its places sorted, then read into incidents
    let mut incidents = Incidents::new(gazetteer, report.published, home);
    let mut last_admin: Option<u32> = None;
    // an unknown name's look-alike in its province: (place, whether only a place it is
    // derived from and lies near, "Novo-X" beside X)
    let mut spelt_alike: HashMap<(String, u32), Option<(u32, bool)>> = HashMap::new();
    for (scan, mut resolved) in scans.iter().zip(resolved) {
        if stop() {
            return None;
        }
        let found = kinds::find(&scan.tokens);
        // "… southwest of Indaw town, which the militia captured on Monday": when every event
        // word is in the relative clause, the incident is the place it hangs on
        if let Some(k) = relative_antecedent(&scan.tokens, &found, &resolved) {
            let mut n = resolved.swap_remove(k);
            (n.offset, n.near, n.secondary) = (None, false, false);
            resolved = vec![n];
        }
        let places = sort_places(
            gazetteer,
            scan,
            country,
            resolved,
            &mut last_admin,
            &mut spelt_alike,
        );
        if scan.headline {
            continue;
        }
        incidents.read(scan, &found, &places, &report_places);
    }
    Some(incidents.into_drafts())
}

/// A report for the stages' own tests.
#[cfg(test)]
fn test_report(text: &str, published: (i32, u32, u32)) -> Report {
    Report {
        text: text.into(),
        published: NaiveDate::from_ymd_opt(published.0, published.1, published.2).expect("date"),
        source: "test".into(),
        url: String::new(),
        id: None,
    }
}

#[cfg(test)]
mod cancel_tests {
    use super::*;

    #[test]
    fn a_cancelled_reading_gives_up_and_an_uncancelled_one_reads() {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        let r = test_report(
            "Shelling hit Idlib on Monday, killing four people. Two died in Aleppo on Sunday.",
            (2024, 3, 4),
        );
        let go_on = AtomicBool::new(false);
        let read = extract_unless(&g, &r, &go_on).expect("not cancelled");
        assert_eq!(read.len(), 2);
        assert_eq!(extract(&g, &r).len(), 2);
        assert!(extract_unless(&g, &r, &AtomicBool::new(true)).is_none());
    }
}
