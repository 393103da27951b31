//! The data set and request lists of the side-by-side benchmark (`bench/peers.sh`).
//!
//! `cargo run --release --example bench_dataset -- DIR [N]` writes, for N events (default
//! 1,000,000):
//! - `DIR/store/`: a sitmap data directory holding the events;
//! - `DIR/events.csv`: the same events, one row each, for PostgreSQL's `COPY`;
//! - `DIR/requests/KIND.txt`: the requests of each kind, in a form neutral to the servers
//!   (`bench/peers.py` turns each line into a sitmap, Martin, pygeoapi or SQL request).
//!
//! Events are clustered around real towns of the gazetteer in twenty countries at war, the
//! larger towns drawing more (weight: square root of the population); each town has a year
//! in which half its events fall, and the rest spread over 2015–2024. Every property is
//! filled. The generator is seeded, so every run writes the same set. A directory that
//! already holds `events.csv` is left as it is.

use std::io::Write;
use std::path::Path;

use chrono::{Duration, NaiveDate};
use sitmap::event::{Event, EventProperties, EventType};
use sitmap::gazetteer::Gazetteer;
use sitmap::index::EventIndex;
use sitmap::query::{BBox, DateInterval, EventQuery};
use sitmap::store::Store;

/// Countries whose towns the events fall around.
const COUNTRIES: &[&str] = &[
    "SY", "IQ", "YE", "UA", "SD", "SO", "ML", "BF", "NG", "CD", "AF", "MM", "ET", "LY", "PS", "LB",
    "PK", "MZ", "CM", "NE",
];
/// Towns drawn from (the most populous of the countries above).
const TOWNS: usize = 3000;
/// Requests written per kind.
const PER_KIND: usize = 300;
/// Zooms of the tile requests.
const ZOOMS: [u8; 3] = [4, 8, 12];
/// Page sizes of the items requests.
const PAGES: [usize; 3] = [10, 100, 1000];

struct Town {
    name: String,
    admin1: String,
    country: String,
    code: String,
    geonameid: i64,
    lon: f64,
    lat: f64,
    busy_year: i32,
}

fn towns(gazetteer: &Gazetteer, rng: &mut fastrand::Rng) -> Vec<(Town, f64)> {
    let mut places: Vec<_> = gazetteer
        .places()
        .iter()
        .filter(|p| p.feature_class == b'P' && p.coord.is_some())
        .filter(|p| COUNTRIES.contains(&p.country.as_str()))
        .collect();
    places.sort_by_key(|p| std::cmp::Reverse(p.population));
    places.truncate(TOWNS);
    places
        .into_iter()
        .filter_map(|p| {
            let (lon, lat) = p.coord?;
            let country = gazetteer.country(p.country)?.name.to_string();
            let admin1 = gazetteer
                .admin1_of(p)
                .map(|a| a.name.to_string())
                .unwrap_or_default();
            let weight = (p.population.max(1000) as f64).sqrt();
            Some((
                Town {
                    name: p.name.to_string(),
                    admin1,
                    country,
                    code: p.country.as_str().to_string(),
                    geonameid: p.id,
                    lon,
                    lat,
                    busy_year: 2015 + rng.i32(0..10),
                },
                weight,
            ))
        })
        .collect()
}

fn events(n: usize, towns: &[(Town, f64)], rng: &mut fastrand::Rng) -> Vec<Event> {
    let total: f64 = towns.iter().map(|t| t.1).sum();
    let mut cumulative = Vec::with_capacity(towns.len());
    let mut sum = 0.0;
    for (_, w) in towns {
        sum += w / total;
        cumulative.push(sum);
    }
    let epoch = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default();
    let sources = ["Reuters", "AFP", "AP", "Local media", "SOHR", "OCHA"];
    (0..n)
        .map(|i| {
            let r = rng.f64();
            let at = cumulative.partition_point(|c| *c < r).min(towns.len() - 1);
            let town = &towns[at].0;
            let event_type = EventType::ALL[rng.usize(..6)];
            let subs = event_type.sub_types();
            let geo_precision = [1, 1, 1, 2, 3][rng.usize(..5)];
            let spread = [0.0, 0.01, 0.06, 0.3][usize::from(geo_precision)];
            let day = if rng.bool() {
                let start = NaiveDate::from_ymd_opt(town.busy_year, 1, 1).unwrap_or(epoch);
                start + Duration::days(rng.i64(0..365))
            } else {
                epoch + Duration::days(rng.i64(0..3652))
            };
            let fatalities = if rng.u8(..3) == 0 { 0 } else { rng.u32(0..12) };
            let actor1 = format!("Military Forces of {}", town.country);
            let actor2 = match event_type {
                EventType::Protests | EventType::Riots => format!("Protesters ({})", town.country),
                EventType::ViolenceAgainstCivilians => format!("Civilians ({})", town.country),
                _ => format!("Unidentified Armed Group ({})", town.country),
            };
            Event {
                id: format!("bm-{i:07}"),
                lon: ((town.lon + (rng.f64() - 0.5) * spread) * 1e5).round() / 1e5,
                lat: ((town.lat + (rng.f64() - 0.5) * spread) * 1e5).round() / 1e5,
                properties: EventProperties {
                    event_date: day,
                    time_precision: 1,
                    event_type,
                    sub_event_type: subs[rng.usize(..subs.len())].to_string(),
                    notes: format!(
                        "On {day}, {actor1} and {actor2} were reported in {}, {} ({}); {fatalities} killed.",
                        town.name, town.admin1, event_type.as_str()
                    ),
                    actor1,
                    actor2,
                    fatalities,
                    location: town.name.clone(),
                    admin1: town.admin1.clone(),
                    country: town.country.clone(),
                    country_code: town.code.clone(),
                    geo_precision,
                    geonameid: Some(town.geonameid),
                    geo_radius_km: None,
                    fatalities_max: None,
                    evidence: None,
                    source: sources[rng.usize(..sources.len())].to_string(),
                    source_url: format!("https://example.org/report/{}", i / 3),
                    report_id: format!("r{}", i / 3),
                    provenance: Vec::new(),
                    seq: None,
                    updated: None,
                },
            }
        })
        .collect()
}

fn write_csv(path: &Path, events: &[Event]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record([
        "id",
        "lon",
        "lat",
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "fatalities",
        "location",
        "admin1",
        "country",
        "country_code",
        "geo_precision",
        "geonameid",
        "source",
        "source_url",
        "report_id",
        "notes",
    ])?;
    for e in events {
        let p = &e.properties;
        w.write_record([
            e.id.as_str(),
            &e.lon.to_string(),
            &e.lat.to_string(),
            &p.event_date.to_string(),
            &p.time_precision.to_string(),
            p.event_type.as_str(),
            &p.sub_event_type,
            &p.actor1,
            &p.actor2,
            &p.fatalities.to_string(),
            &p.location,
            &p.admin1,
            &p.country,
            &p.country_code,
            &p.geo_precision.to_string(),
            &p.geonameid.map(|g| g.to_string()).unwrap_or_default(),
            &p.source,
            &p.source_url,
            &p.report_id,
            &p.notes,
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The tile at `zoom` holding a point, as `z/x/y`.
fn tile_of(lon: f64, lat: f64, zoom: u8) -> String {
    let n = f64::from(1u32 << zoom);
    let x = ((lon + 180.0) / 360.0 * n).floor() as u32;
    let y = (sitmap::index::mercator_y(lat) * n).floor() as u32;
    format!("{zoom}/{x}/{y}")
}

/// A half-year window that holds `day`, as an OGC `datetime` interval.
fn window_around(day: NaiveDate, rng: &mut fastrand::Rng) -> (NaiveDate, NaiveDate) {
    let start = day - Duration::days(rng.i64(0..182));
    (start, start + Duration::days(181))
}

fn write_requests(dir: &Path, events: Vec<Event>, rng: &mut fastrand::Rng) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let index = EventIndex::new(events);
    let ids: Vec<String> = (0..PER_KIND)
        .map(|_| format!("bm-{:07}", rng.usize(..index.len())))
        .collect();
    let pick = |rng: &mut fastrand::Rng| -> anyhow::Result<(f64, f64, NaiveDate)> {
        let id = format!("bm-{:07}", rng.usize(..index.len()));
        let e = index
            .get(&id)
            .ok_or_else(|| anyhow::anyhow!("no event {id}"))?;
        Ok((e.lon, e.lat, e.properties.event_date))
    };
    std::fs::write(dir.join("feature.txt"), ids.join("\n") + "\n")?;
    for zoom in ZOOMS {
        let mut all = Vec::new();
        let mut dated = Vec::new();
        for _ in 0..PER_KIND {
            let (lon, lat, day) = pick(rng)?;
            all.push(tile_of(lon, lat, zoom));
            let (start, end) = window_around(day, rng);
            dated.push(format!(
                "{}?datetime={start}/{end}",
                tile_of(lon, lat, zoom)
            ));
        }
        std::fs::write(dir.join(format!("tile-z{zoom}.txt")), all.join("\n") + "\n")?;
        std::fs::write(
            dir.join(format!("tile-z{zoom}-dated.txt")),
            dated.join("\n") + "\n",
        )?;
    }
    // boxes grown around an event until they hold 80–100 % of the page, so that every
    // server returns the whole matching set and the answers can be compared as sets
    for page in PAGES {
        let mut lines = Vec::new();
        while lines.len() < PER_KIND {
            let (lon, lat, day) = pick(rng)?;
            let (start, end) = window_around(day, rng);
            let dates = DateInterval::parse(&format!("{start}/{end}"))?;
            let mut half = 0.005;
            while half < 5.0 {
                let bbox = BBox::new(lon - half, lat - half, lon + half, lat + half)?;
                let query = EventQuery {
                    bbox: Some(bbox),
                    dates,
                    ..EventQuery::default()
                };
                let mut matched = 0;
                index.visit(&query, |_| matched += 1);
                if matched * 5 >= page * 4 {
                    if matched <= page {
                        let b = bbox.as_array();
                        lines.push(format!(
                            "bbox={:.5},{:.5},{:.5},{:.5}&datetime={start}/{end}&limit={page}",
                            b[0], b[1], b[2], b[3]
                        ));
                    }
                    break;
                }
                half *= 1.15;
            }
        }
        std::fs::write(
            dir.join(format!("items-{page}.txt")),
            lines.join("\n") + "\n",
        )?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        anyhow::bail!("usage: bench_dataset DIR [N]");
    };
    let n: usize = match args.next() {
        Some(a) => a.parse()?,
        None => 1_000_000,
    };
    let dir = Path::new(&dir);
    if dir.join("events.csv").exists() {
        eprintln!("{} already holds a data set", dir.display());
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    let gazetteer = Gazetteer::embedded()?;
    let mut rng = fastrand::Rng::with_seed(7);
    let towns = towns(&gazetteer, &mut rng);
    drop(gazetteer);
    eprintln!("{} towns in {} countries", towns.len(), COUNTRIES.len());
    let mut events = events(n, &towns, &mut rng);
    let store = Store::open(&dir.join("store"))?;
    for chunk in events.chunks_mut(50_000) {
        store.upsert(chunk)?;
    }
    drop(store);
    eprintln!("stored {n} events");
    write_csv(&dir.join("events.csv.part"), &events)?;
    write_requests(&dir.join("requests"), events, &mut rng)?;
    // written last, under its final name, so that an interrupted run starts again
    std::fs::rename(dir.join("events.csv.part"), dir.join("events.csv"))?;
    std::io::stderr().flush()?;
    Ok(())
}
