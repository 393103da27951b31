//! Vector tiles decoded by a decoder written by others (Python `mapbox-vector-tile`) and
//! compared with the truth: the events posted, assigned to tiles by the slippy-map formula
//! computed here independently of the server.

use std::collections::HashMap;
use std::f64::consts::PI;

use serde_json::{json, Value};

use crate::support::{collection, feature, spawn_app, Options, TestApp};

/// The tile (x, y) holding a point at zoom z.
fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let lat = lat.clamp(-85.0511, 85.0511).to_radians();
    let x = ((lon + 180.0) / 360.0 * n).floor().clamp(0.0, n - 1.0);
    let y = ((1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * n)
        .floor()
        .clamp(0.0, n - 1.0);
    (x as u32, y as u32)
}

/// 600 events around Deir ez-Zor and Mosul over three years, with known fatalities and types.
fn events() -> Vec<Value> {
    let mut rng = fastrand::Rng::with_seed(7);
    let types = ["Battles", "Explosions/Remote violence", "Protests"];
    (0..600)
        .map(|i| {
            let (lon0, lat0) = if i % 2 == 0 {
                (40.14, 35.33)
            } else {
                (43.13, 36.34)
            };
            let lon = lon0 + (rng.f64() - 0.5) * 3.0;
            let lat = lat0 + (rng.f64() - 0.5) * 2.0;
            let date = chrono::NaiveDate::from_ymd_opt(2016, 1, 1)
                .expect("date")
                .checked_add_days(chrono::Days::new(rng.u64(0..1095)))
                .expect("date");
            let mut f = feature(&format!("t-{i}"), lon, lat, &date.to_string());
            f["properties"]["fatalities"] = json!(rng.u32(0..20));
            f["properties"]["event_type"] = json!(types[i % 3]);
            f["properties"]["sub_event_type"] = json!("");
            f
        })
        .collect()
}

struct Truth {
    id: String,
    lon: f64,
    lat: f64,
    date: String,
    fatalities: u64,
    event_type: String,
}

fn truth(events: &[Value]) -> Vec<Truth> {
    events
        .iter()
        .map(|f| Truth {
            id: f["id"].as_str().expect("id").to_string(),
            lon: f["geometry"]["coordinates"][0].as_f64().expect("lon"),
            lat: f["geometry"]["coordinates"][1].as_f64().expect("lat"),
            date: f["properties"]["event_date"]
                .as_str()
                .expect("date")
                .to_string(),
            fatalities: f["properties"]["fatalities"].as_u64().expect("fatalities"),
            event_type: f["properties"]["event_type"]
                .as_str()
                .expect("type")
                .to_string(),
        })
        .collect()
}

async fn fetch_tile(app: &TestApp, path: &str) -> Vec<u8> {
    let r = app.get(path).await;
    assert_eq!(r.status(), 200, "{path}");
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.mapbox-vector-tile"
    );
    r.bytes().await.expect("body").to_vec()
}

/// Decodes tiles with the Python library; returns each tile's `events` layer features.
fn decode(tiles: &[Vec<u8>]) -> Vec<Vec<Value>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths: Vec<std::path::PathBuf> = tiles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = dir.path().join(format!("{i}.mvt"));
            std::fs::write(&p, t).expect("write tile");
            p
        })
        .collect();
    let out = std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/tiles/decode_mvt.py"
        ))
        .args(&paths)
        .output()
        .expect("python3 runs (pip install mapbox-vector-tile; .ci/run does)");
    assert!(
        out.status.success(),
        "decoder failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoded: Vec<Value> = serde_json::from_slice(&out.stdout).expect("decoder JSON");
    decoded
        .into_iter()
        .map(|t| {
            t.get("events")
                .and_then(|l| l["features"].as_array().cloned())
                .unwrap_or_default()
        })
        .collect()
}

fn inside(f: &Value) -> bool {
    let c = &f["geometry"]["coordinates"];
    let (x, y) = (c[0].as_f64().unwrap_or(-1.0), c[1].as_f64().unwrap_or(-1.0));
    (0.0..4096.0).contains(&x) && (0.0..4096.0).contains(&y)
}

#[tokio::test]
async fn tile_counts_and_properties_match_the_events() {
    let app = spawn_app(Options::default()).await;
    let events = events();
    let (status, _) = app.post_json(&collection(events.clone())).await;
    assert_eq!(status, 201);
    let truth = truth(&events);

    for (z, datetime) in [
        (3u8, None),
        (6, None),
        (6, Some(("2017-01-01", "2017-12-31"))),
        (9, None),
        (13, None),
    ] {
        // every tile holding an event at this zoom
        let mut expected: HashMap<(u32, u32), Vec<&Truth>> = HashMap::new();
        for t in &truth {
            if datetime.is_some_and(|(a, b)| t.date.as_str() < a || t.date.as_str() > b) {
                continue;
            }
            expected
                .entry(tile_of(t.lon, t.lat, z))
                .or_default()
                .push(t);
        }
        let mut keys: Vec<(u32, u32)> = expected.keys().copied().collect();
        keys.sort_unstable();
        keys.truncate(40);
        let query = datetime.map_or(String::new(), |(a, b)| format!("?datetime={a}/{b}"));
        let mut tiles = Vec::new();
        for (x, y) in &keys {
            tiles.push(fetch_tile(&app, &format!("/tiles/events/{z}/{x}/{y}.mvt{query}")).await);
        }
        for ((key, features), bytes) in keys.iter().zip(decode(&tiles)).zip(&tiles) {
            let want = &expected[key];
            let own: Vec<&Value> = features.iter().filter(|f| inside(f)).collect();
            let count: u64 = own
                .iter()
                .map(|f| {
                    f["properties"]["point_count"]
                        .as_u64()
                        .expect("point_count")
                })
                .sum();
            assert_eq!(
                count as usize,
                want.len(),
                "z{z} {key:?} ({} bytes)",
                bytes.len()
            );
            let fatalities: u64 = own
                .iter()
                .map(|f| f["properties"]["fatalities"].as_u64().expect("fatalities"))
                .sum();
            assert_eq!(
                fatalities,
                want.iter().map(|t| t.fatalities).sum::<u64>(),
                "z{z} {key:?}"
            );
            for f in &own {
                let p = &f["properties"];
                if p["cluster"] == json!(true) {
                    assert!(z < 12, "clusters only below the clustering zoom");
                    assert!(p["point_count"].as_u64() > Some(1));
                    continue;
                }
                let id = p["id"].as_str().expect("id");
                let t = want
                    .iter()
                    .find(|t| t.id == id)
                    .expect("a single event of this tile");
                assert_eq!(p["event_type"].as_str(), Some(t.event_type.as_str()));
                assert_eq!(p["event_date"].as_str(), Some(t.date.as_str()));
                assert_eq!(p["fatalities"].as_u64(), Some(t.fatalities));
            }
            if z >= 12 {
                assert!(own
                    .iter()
                    .all(|f| f["properties"]["cluster"] == json!(false)));
            }
        }
    }
}

#[tokio::test]
async fn writes_invalidate_cached_tiles_and_etags_revalidate() {
    let app = spawn_app(Options::default()).await;
    let (status, _) = app
        .post_json(&collection(vec![feature("a", 40.14, 35.33, "2018-10-03")]))
        .await;
    assert_eq!(status, 201);
    let (x, y) = tile_of(40.14, 35.33, 10);
    let path = format!("/tiles/events/10/{x}/{y}.mvt");
    let first = app.get(&path).await;
    assert_eq!(first.status(), 200);
    assert!(first.headers()["cache-control"]
        .to_str()
        .expect("ascii")
        .contains("max-age"));
    let etag = first.headers()["etag"].clone();
    let again = app
        .client
        .get(format!("{}{path}", app.base))
        .header("if-none-match", etag.clone())
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), 304);

    // a write into the same tile: the cached tile is gone, the new one holds both events
    let (status, _) = app
        .post_json(&collection(vec![feature(
            "b",
            40.1401,
            35.3301,
            "2018-10-04",
        )]))
        .await;
    assert_eq!(status, 201);
    let after = app
        .client
        .get(format!("{}{path}", app.base))
        .header("if-none-match", etag)
        .send()
        .await
        .expect("request");
    assert_eq!(after.status(), 200, "a changed tile is not 304");
    let bytes = after.bytes().await.expect("body").to_vec();
    let features = decode(&[bytes]).remove(0);
    let count: u64 = features
        .iter()
        .map(|f| f["properties"]["point_count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(count, 2);
}

#[tokio::test]
async fn bad_tile_addresses_and_filters_are_refused() {
    let app = spawn_app(Options::default()).await;
    for (path, status, parameter) in [
        ("/tiles/events/3/8/0.mvt", 400, Some("x")),
        ("/tiles/events/3/0/8.mvt", 400, Some("y")),
        ("/tiles/events/23/0/0.mvt", 400, Some("z")),
        ("/tiles/events/a/0/0.mvt", 400, Some("z")),
        (
            "/tiles/events/1/0/0.mvt?datetime=2019-13-01",
            400,
            Some("datetime"),
        ),
        ("/tiles/events/1/0/0.mvt?colour=red", 400, Some("colour")),
        ("/tiles/events/1/0/0.png", 404, None),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status().as_u16(), status, "{path}");
        let body: Value = r.json().await.expect("JSON error body");
        if let Some(p) = parameter {
            assert_eq!(body["parameter"], p, "{path}: {body}");
        }
    }
    // an empty tile is a valid, empty tile
    let bytes = fetch_tile(&app, "/tiles/events/5/0/0.mvt").await;
    assert!(decode(&[bytes])[0].is_empty());
}

#[tokio::test]
async fn tilejson_describes_the_layer_and_carries_filters() {
    let app = spawn_app(Options {
        demo: true,
        ..Options::default()
    })
    .await;
    let (status, doc) = app
        .get_json("/tiles/events.json?datetime=2018-01-01/2018-12-31&event_type=Battles")
        .await;
    assert_eq!(status, 200);
    assert_eq!(doc["tilejson"], "3.0.0");
    let template = doc["tiles"][0].as_str().expect("template");
    assert!(template.starts_with(&app.base), "{template}");
    assert!(
        template.contains("/tiles/events/{z}/{x}/{y}.mvt?"),
        "{template}"
    );
    assert!(
        template.contains("datetime=2018-01-01%2F2018-12-31"),
        "{template}"
    );
    assert!(template.contains("event_type=Battles"), "{template}");
    let layer = &doc["vector_layers"][0];
    assert_eq!(layer["id"], "events");
    for field in [
        "point_count",
        "fatalities",
        "event_type",
        "event_date",
        "notes",
    ] {
        assert!(layer["fields"].get(field).is_some(), "field {field}");
    }
    let bounds = doc["bounds"].as_array().expect("bounds");
    assert_eq!(bounds.len(), 4);
    assert!(doc["minzoom"].as_u64() == Some(0) && doc["maxzoom"].as_u64() >= Some(12));
}

#[tokio::test]
async fn the_basemap_serves_country_outlines() {
    let app = spawn_app(Options::default()).await;
    // zoom 4 tile holding Damascus (36.3 E, 33.5 N)
    let (x, y) = tile_of(36.3, 33.5, 4);
    let r = app.get(&format!("/tiles/basemap/4/{x}/{y}.mvt")).await;
    assert_eq!(r.status(), 200, "needs `npm ci` (world-atlas)");
    let bytes = r.bytes().await.expect("body").to_vec();
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("b.mvt");
    std::fs::write(&p, &bytes).expect("write");
    let out = std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/tiles/decode_mvt.py"
        ))
        .arg(&p)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoded: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let features = decoded[0]["countries"]["features"]
        .as_array()
        .expect("countries layer");
    let names: Vec<&str> = features
        .iter()
        .filter_map(|f| f["properties"]["name"].as_str())
        .collect();
    for country in ["Syria", "Iraq", "Lebanon", "Jordan"] {
        assert!(names.contains(&country), "{country} in {names:?}");
    }
    assert!(features
        .iter()
        .all(|f| f["geometry"]["type"] == "Polygon" || f["geometry"]["type"] == "MultiPolygon"));
    // provinces from zoom 4
    let provinces: Vec<&str> = decoded[0]["admin1"]["features"]
        .as_array()
        .expect("admin1 layer")
        .iter()
        .filter_map(|f| f["properties"]["name"].as_str())
        .collect();
    assert!(provinces.len() > 20, "{provinces:?}");
    assert!(
        provinces
            .iter()
            .any(|p| p.contains("Zor") || p.contains("Zawr")),
        "{provinces:?}"
    );
    let r = app.get("/tiles/basemap/4/0/99.mvt").await;
    assert_eq!(r.status(), 400);
}

/// Issue 18: a cached tile keeps its gzip form, so it is not compressed again for every
/// browser; the gzip form is its own representation, with its own strong ETag.
#[tokio::test]
async fn the_gzip_form_of_a_tile_has_its_own_etag_and_decodes_to_the_tile() {
    use std::io::Read;
    let app = spawn_app(Options {
        demo: true,
        ..Options::default()
    })
    .await;
    let raw = reqwest::Client::builder()
        .no_gzip()
        .build()
        .expect("client");
    let url = format!("{}/tiles/events/3/4/3.mvt", app.base);
    let get = |encoding: &'static str, if_none_match: Option<String>| {
        let mut req = raw.get(&url).header("accept-encoding", encoding);
        if let Some(tag) = if_none_match {
            req = req.header("if-none-match", tag);
        }
        req.send()
    };
    let plain = get("identity", None).await.expect("request");
    assert_eq!(plain.status(), 200);
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_etag = plain.headers()["etag"].to_str().expect("ascii").to_string();
    let plain_body = plain.bytes().await.expect("body").to_vec();
    assert!(
        !plain_body.is_empty(),
        "the demo data puts events in this tile"
    );

    for round in 0..2 {
        // the second round is served from the cache, with the kept gzip form
        let gz = get("gzip, deflate, br", None).await.expect("request");
        assert_eq!(gz.status(), 200);
        assert_eq!(gz.headers()["content-encoding"], "gzip", "round {round}");
        assert!(gz.headers()["vary"]
            .to_str()
            .expect("ascii")
            .to_ascii_lowercase()
            .contains("accept-encoding"));
        let gz_etag = gz.headers()["etag"].to_str().expect("ascii").to_string();
        assert_ne!(gz_etag, plain_etag, "two encodings, one strong ETag");
        let packed = gz.bytes().await.expect("body").to_vec();
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(packed.as_slice())
            .read_to_end(&mut unpacked)
            .expect("a gzip stream");
        assert_eq!(unpacked, plain_body, "round {round}");

        let again = get("gzip", Some(gz_etag.clone())).await.expect("request");
        assert_eq!(again.status(), 304);
        // the gzip tag does not validate the identity form
        let other = get("identity", Some(gz_etag)).await.expect("request");
        assert_eq!(other.status(), 200);
    }
    // gzip refused by name, though `*` is allowed: identity
    let refused = get("gzip;q=0, *", None).await.expect("request");
    assert!(refused.headers().get("content-encoding").is_none());
    assert_eq!(
        refused.headers()["etag"].to_str().expect("ascii"),
        plain_etag
    );
}
