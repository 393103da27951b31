//! `sitmap ingest`: events from GeoJSON files and ACLED-style CSV, and reports from JSON
//! Lines, into the store, or into a running server (`--server`, see [`crate::remote`]).
//!
//! A file is checked whole before anything of it is written: one bad row refuses the file
//! (with every problem listed by line) unless the caller asks to skip invalid rows. Valid
//! files are written in transactions of [`BATCH`] events; ids make re-running a file safe
//! (rows are updated, never duplicated), so an interrupted ingest is finished by running it
//! again.

use std::path::Path;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};

use crate::event::{self, Event, EventError, EventProperties, EventType};
use crate::gazetteer::{Context, Gazetteer, PlaceKind};
use crate::remote::{Remote, RemoteError};
use crate::store::{Store, UpsertCount};

/// Events per transaction.
pub const BATCH: usize = 10_000;
/// Events per request to a server (a body of a few megabytes, well under its limit).
pub const REMOTE_BATCH: usize = 2_000;

/// Where an ingest writes: the embedded store (opened by `sitmap ingest` as its one owner),
/// or a running server, whose own write service stores and indexes what it is sent.
pub enum Target<'a> {
    Store(&'a Store),
    Server(&'a Remote),
}

impl Target<'_> {
    /// Events written per step (a transaction either way).
    fn batch(&self) -> usize {
        match self {
            Target::Store(_) => BATCH,
            Target::Server(_) => REMOTE_BATCH,
        }
    }

    fn write(&self, name: &str, events: &mut [Event]) -> Result<UpsertCount, IngestError> {
        match self {
            Target::Store(store) => store.upsert(events).map_err(|source| IngestError::Store {
                path: name.to_string(),
                source,
            }),
            Target::Server(remote) => {
                remote
                    .write_events(events)
                    .map_err(|source| IngestError::Remote {
                        path: name.to_string(),
                        source,
                    })
            }
        }
    }
}

/// A problem with one input file.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {problems} invalid row(s), nothing of this file was written:\n{listing}")]
    Invalid {
        path: String,
        problems: usize,
        listing: String,
    },
    #[error("{path}: {message}")]
    Unsupported { path: String, message: String },
    #[error("{path}: {source}")]
    Store {
        path: String,
        source: crate::store::StoreError,
    },
    #[error("{path}: {source} (the batches before this one were written; running the file again finishes it, since ids make writes idempotent)")]
    Remote { path: String, source: RemoteError },
}

/// What one file gave.
#[derive(Debug, Default, Clone)]
pub struct FileReport {
    pub written: UpsertCount,
    /// One message per invalid row left out (with `--skip-invalid`), naming its line.
    pub skipped: Vec<String>,
}

/// Reads, checks and stores one file.
pub fn ingest_file(
    target: &Target<'_>,
    gazetteer: &Gazetteer,
    path: &Path,
    skip_invalid: bool,
) -> Result<FileReport, IngestError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| IngestError::Read {
        path: name.clone(),
        source,
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(ext.as_str(), "jsonl" | "ndjson") {
        return match target {
            Target::Store(store) => ingest_reports(store, gazetteer, &name, &bytes, skip_invalid),
            Target::Server(remote) => send_reports(remote, &name, &bytes, skip_invalid),
        };
    }
    let (mut events, problems) = match ext.as_str() {
        "geojson" | "json" => match event::parse_features_each(&bytes) {
            Ok(parsed) => (
                parsed.events,
                parsed.problems.iter().map(ToString::to_string).collect(),
            ),
            // not a Feature or FeatureCollection at all: nothing in it can be skipped to
            Err(e) => return Err(invalid(&name, &[e.to_string()])),
        },
        "csv" => parse_acled_csv(&bytes, gazetteer),
        _ => {
            return Err(IngestError::Unsupported {
                path: name,
                message:
                    "unknown file type: use .geojson/.json (GeoJSON), .csv (ACLED-style CSV) or .jsonl (reports)"
                        .into(),
            })
        }
    };
    if !problems.is_empty() && !skip_invalid {
        return Err(invalid(&name, &problems));
    }
    let bar = progress(events.len() as u64, &name, "events");
    let mut report = FileReport {
        skipped: problems,
        ..FileReport::default()
    };
    for chunk in events.chunks_mut(target.batch()) {
        let c = target.write(&name, chunk)?;
        report.written.inserted += c.inserted;
        report.written.updated += c.updated;
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    Ok(report)
}

/// Reports (JSON Lines: `text`, `published`, `source`, `url`) through the extractor into the
/// store. Every line is checked before anything is written, as for event files. An incident
/// already stored, or told by two reports of the file, becomes one event with every source.
fn ingest_reports(
    store: &Store,
    gazetteer: &Gazetteer,
    name: &str,
    bytes: &[u8],
    skip_invalid: bool,
) -> Result<FileReport, IngestError> {
    let (reports, problems) = read_reports(bytes);
    let reports: Vec<_> = reports.into_iter().map(|(_, r)| r).collect();
    if !problems.is_empty() && !skip_invalid {
        return Err(invalid(name, &problems));
    }
    let bar = progress(reports.len() as u64, name, "reports");
    let mut merged: Vec<Event> = Vec::new();
    let mut position: std::collections::HashMap<String, usize> = Default::default();
    for report in &reports {
        for e in crate::extract::extract(gazetteer, report) {
            match position.get(&e.id) {
                Some(&i) => merged[i] = crate::extract::merge::into_stored(&merged[i], &e),
                None => {
                    let stored = store.get(&e.id).map_err(|source| IngestError::Store {
                        path: name.to_string(),
                        source,
                    })?;
                    let e = match stored {
                        Some(s) => crate::extract::merge::into_stored(&s, &e),
                        None => e,
                    };
                    position.insert(e.id.clone(), merged.len());
                    merged.push(e);
                }
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let mut report = FileReport {
        skipped: problems,
        ..FileReport::default()
    };
    for chunk in merged.chunks_mut(BATCH) {
        let c = store.upsert(chunk).map_err(|source| IngestError::Store {
            path: name.to_string(),
            source,
        })?;
        report.written.inserted += c.inserted;
        report.written.updated += c.updated;
    }
    Ok(report)
}

/// The reports of a JSON Lines file, each with its line, and one message per bad line.
fn read_reports(bytes: &[u8]) -> (Vec<(&[u8], crate::extract::Report)>, Vec<String>) {
    let mut reports = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match crate::extract::parse_report(line) {
            Ok(r) => reports.push((line, r)),
            Err(e) => problems.push(format!("line {}: {e}", n + 1)),
        }
    }
    (reports, problems)
}

/// Reports to a running server, one `POST /reports` each (checked here first, as for the
/// store): the server reads them and merges incidents into what it holds.
fn send_reports(
    remote: &Remote,
    name: &str,
    bytes: &[u8],
    skip_invalid: bool,
) -> Result<FileReport, IngestError> {
    let (reports, problems) = read_reports(bytes);
    if !problems.is_empty() && !skip_invalid {
        return Err(invalid(name, &problems));
    }
    let bar = progress(reports.len() as u64, name, "reports");
    let mut report = FileReport {
        skipped: problems,
        ..FileReport::default()
    };
    for (line, _) in reports {
        let c = remote
            .write_report(line)
            .map_err(|source| IngestError::Remote {
                path: name.to_string(),
                source,
            })?;
        report.written.inserted += c.inserted;
        report.written.updated += c.updated;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(report)
}

fn invalid(name: &str, problems: &[String]) -> IngestError {
    IngestError::Invalid {
        path: name.to_string(),
        problems: problems.len(),
        listing: listing(problems),
    }
}

/// The first 20 problems, one indented line each, and how many more there are.
pub fn listing(problems: &[String]) -> String {
    let text: String = problems
        .iter()
        .take(20)
        .map(|p| format!("  {p}\n"))
        .chain((problems.len() > 20).then(|| format!("  … and {} more\n", problems.len() - 20)))
        .collect();
    text.trim_end().to_string()
}

/// A progress bar, drawn only when stderr is a terminal (indicatif hides it otherwise).
fn progress(len: u64, name: &str, unit: &str) -> ProgressBar {
    let bar = ProgressBar::new(len).with_style(
        ProgressStyle::with_template(&format!(
            "{{msg}} [{{bar:40}}] {{pos}}/{{len}} {unit} ({{per_sec}}, eta {{eta}})"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(name.to_string());
    bar
}

/// Parses ACLED-style CSV: ACLED's column names, extra columns ignored. Returns the valid
/// events and one message per invalid row (with its line number).
pub fn parse_acled_csv(bytes: &[u8], gazetteer: &Gazetteer) -> (Vec<Event>, Vec<String>) {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return (Vec::new(), vec![format!("header: {e}")]),
    };
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let required = ["event_date", "event_type", "latitude", "longitude"];
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| col(c).is_none())
        .collect();
    if !missing.is_empty() {
        return (
            Vec::new(),
            vec![format!("header: missing column(s) {}", missing.join(", "))],
        );
    }
    let mut events = Vec::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let row = CsvRow {
            headers: &headers,
            record: &record,
        };
        match acled_row(&row, gazetteer) {
            Ok(e) if !seen.insert(e.id.clone()) => problems.push(format!(
                "line {line}: id: {:?} appears twice in the file",
                e.id
            )),
            Ok(e) => events.push(e),
            Err(e) => problems.push(format!("line {line}: {e}")),
        }
    }
    (events, problems)
}

/// One CSV record with access by column name.
struct CsvRow<'a> {
    headers: &'a csv::StringRecord,
    record: &'a csv::StringRecord,
}

impl<'a> CsvRow<'a> {
    /// The trimmed value of a column, empty when the column is absent.
    fn get(&self, name: &str) -> &'a str {
        self.headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .and_then(|c| self.record.get(c))
            .unwrap_or("")
            .trim()
    }
}

fn parse_acled_date(s: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

fn acled_row(row: &CsvRow<'_>, gazetteer: &Gazetteer) -> Result<Event, EventError> {
    let get = |name: &str| row.get(name);
    let number = |name: &'static str| -> Result<f64, EventError> {
        get(name)
            .parse::<f64>()
            .map_err(|_| EventError::new(name, format!("{:?} is not a number", get(name))))
    };
    let small = |name: &'static str, default: u8| -> Result<u8, EventError> {
        match get(name) {
            "" => Ok(default),
            v => v
                .parse::<u8>()
                .map_err(|_| EventError::new(name, format!("{v:?} is not 1, 2 or 3"))),
        }
    };
    let lat = number("latitude")?;
    let lon = number("longitude")?;
    let event_date = parse_acled_date(get("event_date")).ok_or_else(|| {
        EventError::new(
            "event_date",
            format!("{:?} is not a date", get("event_date")),
        )
    })?;
    let event_type = EventType::parse(get("event_type")).ok_or_else(|| {
        EventError::new(
            "event_type",
            format!("{:?} is not an ACLED event type", get("event_type")),
        )
    })?;
    let fatalities = match get("fatalities") {
        "" => 0,
        v => v
            .parse::<u32>()
            .map_err(|_| EventError::new("fatalities", format!("{v:?} is not a whole number")))?,
    };
    let country = get("country").to_string();
    let mut country_code = get("country_code").to_ascii_uppercase();
    if country_code.is_empty() && !country.is_empty() {
        let ctx = Context {
            kind: PlaceKind::Country,
            ..Context::default()
        };
        if let Some(c) = gazetteer.resolve(&country, &ctx) {
            country_code = gazetteer.place(c.index).country.to_string();
        }
    }
    let sub = get("sub_event_type");
    let properties = EventProperties {
        event_date,
        time_precision: small("time_precision", 1)?,
        event_type,
        sub_event_type: event_type
            .canonical_sub_type(sub)
            .unwrap_or(sub)
            .to_string(),
        actor1: get("actor1").to_string(),
        actor2: get("actor2").to_string(),
        fatalities,
        location: get("location").to_string(),
        admin1: get("admin1").to_string(),
        country,
        country_code,
        geo_precision: small("geo_precision", 1)?,
        geonameid: None,
        geo_radius_km: None,
        fatalities_max: None,
        evidence: None,
        source: get("source").to_string(),
        source_url: get("source_url").to_string(),
        report_id: String::new(),
        provenance: Vec::new(),
        notes: get("notes").to_string(),
        seq: None,
        updated: None,
    };
    let id = match get("event_id_cnty") {
        "" => Event::derived_id(lon, lat, &properties),
        id => id.to_string(),
    };
    let e = Event {
        id,
        lon,
        lat,
        properties,
    };
    e.validate()?;
    Ok(e)
}
