//! Items answers compared with a brute-force scan of the same events, and paging.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::support::{collection, spawn_app, Options, TestApp};

const TYPES: [&str; 3] = ["Battles", "Riots", "Protests"];
const COUNTRIES: [&str; 3] = ["SY", "IQ", "UA"];
const ACTORS: [&str; 3] = ["SDF", "Islamic State", "Houthis"];

/// A test-side copy of an event: what the brute-force scan compares against.
#[derive(Clone)]
struct Truth {
    id: String,
    lon: f64,
    lat: f64,
    day: u32, // days after 2015-01-01
    kind: &'static str,
    country: &'static str,
    actor: &'static str,
}

fn date(day: u32) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).expect("date");
    (base + chrono::Duration::days(i64::from(day))).to_string()
}

fn random_events(rng: &mut fastrand::Rng, n: usize) -> Vec<Truth> {
    (0..n)
        .map(|i| Truth {
            id: format!("ev-{i:05}"),
            // coordinates rounded to 0.01° so that box edges often coincide with points
            lon: f64::from(rng.i32(-18_000..=18_000)) / 100.0,
            lat: f64::from(rng.i32(-9_000..=9_000)) / 100.0,
            day: rng.u32(0..1500),
            kind: TYPES[rng.usize(..3)],
            country: COUNTRIES[rng.usize(..3)],
            actor: ACTORS[rng.usize(..3)],
        })
        .collect()
}

fn to_feature(t: &Truth) -> Value {
    json!({
        "type": "Feature", "id": t.id,
        "geometry": { "type": "Point", "coordinates": [t.lon, t.lat] },
        "properties": {
            "event_date": date(t.day), "event_type": t.kind, "country_code": t.country,
            "actor1": t.actor, "actor2": "Civilians"
        }
    })
}

/// A random query and its brute-force answer.
struct Case {
    query: String,
    expected: BTreeSet<String>,
}

fn random_case(rng: &mut fastrand::Rng, events: &[Truth]) -> Case {
    let mut parts = Vec::new();
    let mut bbox: Option<(f64, f64, f64, f64)> = None;
    if rng.u8(..4) > 0 {
        let x0 = f64::from(rng.i32(-18_000..=18_000)) / 100.0;
        let x1 = f64::from(rng.i32(-18_000..=18_000)) / 100.0;
        let y0 = f64::from(rng.i32(-9_000..=9_000)) / 100.0;
        let y1 = f64::from(rng.i32(-9_000..=9_000)) / 100.0;
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        bbox = Some((x0, y0, x1, y1)); // x0 > x1 crosses the antimeridian
        parts.push(format!("bbox={x0},{y0},{x1},{y1}"));
    }
    let mut days: (u32, u32) = (0, u32::MAX);
    match rng.u8(..4) {
        0 => {}
        1 => {
            let d = rng.u32(0..1500);
            days = (d, d);
            parts.push(format!("datetime={}", date(d)));
        }
        2 => {
            let a = rng.u32(0..1500);
            let b = a + rng.u32(0..400);
            days = (a, b);
            parts.push(format!("datetime={}/{}", date(a), date(b)));
        }
        _ => {
            let a = rng.u32(0..1500);
            if rng.bool() {
                days = (a, u32::MAX);
                parts.push(format!("datetime={}/..", date(a)));
            } else {
                days = (0, a);
                parts.push(format!("datetime=../{}", date(a)));
            }
        }
    }
    let kind = rng.bool().then(|| TYPES[rng.usize(..3)]);
    let country = (rng.u8(..3) == 0).then(|| COUNTRIES[rng.usize(..3)]);
    let actor = (rng.u8(..3) == 0).then(|| ACTORS[rng.usize(..3)]);
    if let Some(k) = kind {
        parts.push(format!("event_type={}", k.replace(' ', "%20")));
    }
    if let Some(c) = country {
        parts.push(format!("country_code={}", c.to_lowercase()));
    }
    if let Some(a) = actor {
        parts.push(format!("actor={}", a.to_uppercase().replace(' ', "%20")));
    }
    let expected = events
        .iter()
        .filter(|e| {
            let in_box = bbox.is_none_or(|(x0, y0, x1, y1)| {
                let lon_ok = if x0 <= x1 {
                    e.lon >= x0 && e.lon <= x1
                } else {
                    e.lon >= x0 || e.lon <= x1
                };
                lon_ok && e.lat >= y0 && e.lat <= y1
            });
            in_box
                && e.day >= days.0
                && e.day <= days.1
                && kind.is_none_or(|k| e.kind == k)
                && country.is_none_or(|c| e.country == c)
                && actor.is_none_or(|a| e.actor == a)
        })
        .map(|e| e.id.clone())
        .collect();
    Case {
        query: parts.join("&"),
        expected,
    }
}

async fn loaded_app(n: usize, seed: u64) -> (TestApp, Vec<Truth>) {
    let app = spawn_app(Options::default()).await;
    let mut rng = fastrand::Rng::with_seed(seed);
    let events = random_events(&mut rng, n);
    for chunk in events.chunks(500) {
        let (status, body) = app
            .post_json(&collection(chunk.iter().map(to_feature).collect()))
            .await;
        assert_eq!(status, 201, "{body}");
    }
    (app, events)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_agree_with_a_brute_force_scan() {
    let (app, events) = loaded_app(3_000, 7).await;
    let mut rng = fastrand::Rng::with_seed(11);
    for _ in 0..250 {
        let case = random_case(&mut rng, &events);
        let (status, doc) = app
            .get_json(&format!(
                "/collections/events/items?{}&limit=10000",
                case.query
            ))
            .await;
        assert_eq!(status, 200, "{}: {doc}", case.query);
        let got: BTreeSet<String> = doc["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| f["id"].as_str().expect("id").to_string())
            .collect();
        assert_eq!(doc["numberMatched"], case.expected.len(), "{}", case.query);
        assert_eq!(got, case.expected, "{}", case.query);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn following_next_links_returns_every_match_exactly_once() {
    let (app, events) = loaded_app(1_200, 3).await;
    let query = "bbox=-180,-60,180,60&datetime=2015-06-01/..";
    let expected: BTreeSet<String> = events
        .iter()
        .filter(|e| e.lat >= -60.0 && e.lat <= 60.0 && e.day >= 151)
        .map(|e| e.id.clone())
        .collect();
    let mut url = format!("{}/collections/events/items?{query}&limit=37", app.base);
    let mut seen = Vec::new();
    let mut pages = 0;
    let mut last_date = String::from("9999-12-31");
    loop {
        let doc: Value = app
            .client
            .get(&url)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        pages += 1;
        assert_eq!(doc["numberMatched"], expected.len());
        for f in doc["features"].as_array().expect("features") {
            seen.push(f["id"].as_str().expect("id").to_string());
            let d = f["properties"]["event_date"]
                .as_str()
                .expect("date")
                .to_string();
            assert!(d <= last_date, "newest first");
            last_date = d;
        }
        let next = doc["links"]
            .as_array()
            .expect("links")
            .iter()
            .find(|l| l["rel"] == "next")
            .map(|l| l["href"].as_str().expect("href").to_string());
        match next {
            Some(n) => url = n,
            None => break,
        }
        assert!(pages < 1_000, "paging does not end");
    }
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "an event came twice");
    assert_eq!(unique, expected);
    assert_eq!(pages, expected.len().div_ceil(37));
}

#[tokio::test]
async fn limit_is_clamped_to_the_maximum() {
    let app = spawn_app(Options {
        max_limit: Some(5),
        ..Options::default()
    })
    .await;
    let mut rng = fastrand::Rng::with_seed(1);
    let events = random_events(&mut rng, 12);
    let (status, _) = app
        .post_json(&collection(events.iter().map(to_feature).collect()))
        .await;
    assert_eq!(status, 201);
    let (status, doc) = app.get_json("/collections/events/items?limit=1000").await;
    assert_eq!(status, 200);
    assert_eq!(doc["numberReturned"], 5);
    assert_eq!(doc["numberMatched"], 12);
    let prev_absent = doc["links"]
        .as_array()
        .expect("links")
        .iter()
        .all(|l| l["rel"] != "prev");
    assert!(prev_absent);
    let (_, second) = app
        .get_json("/collections/events/items?limit=5&offset=5")
        .await;
    assert!(second["links"]
        .as_array()
        .expect("links")
        .iter()
        .any(|l| l["rel"] == "prev"));
}
