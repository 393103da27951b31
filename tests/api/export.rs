//! Files of events: `f=csv` on items (ACLED's columns, read back by `sitmap ingest` and by
//! GDAL's CSV driver), `f=fgb` on items, and `/collections/events/export` (every match, past
//! the page cap, as CSV, FlatGeobuf or GeoJSON), each read back by GDAL.

use std::process::Command;

use serde_json::Value;

use crate::support::{collection, feature, feature_ids, run_tool, spawn_app, Options};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_pages_round_trip_through_ingest_and_gdal() {
    let app = spawn_app(Options::default()).await;
    let mut features: Vec<Value> = (0..25)
        .map(|i| {
            let mut f = feature(
                &format!("c{i}"),
                36.0 + f64::from(i) * 0.1,
                35.5,
                "2023-07-04",
            );
            f["properties"]["fatalities"] = i.into();
            f
        })
        .collect();
    // text that needs quoting in CSV: commas, quotes, a line break
    features[3]["properties"]["notes"] =
        "Shelling hit \"the market\", witnesses said.\nMore later.".into();
    let (status, body) = app.post_json(&collection(features)).await;
    assert_eq!(status, 201, "{body}");

    let resp = app
        .get("/collections/events/items?f=csv&limit=1000&filter=fatalities%20%3E%3D%205")
        .await;
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    assert_eq!(resp.headers()["ogc-numbermatched"], "20");
    let text = resp.text().await.expect("body");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header[0], "event_id_cnty");
    assert!(header.contains(&"latitude".to_string()));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 20);

    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, &text).expect("write");

    // sitmap reads its own export back: same ids, tolls, points and notes
    let data = dir.path().join("data");
    let out = Command::new(env!("CARGO_BIN_EXE_sitmap"))
        .args(["ingest", "--data"])
        .arg(&data)
        .arg(&file)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = sitmap::store::Store::open(&data).expect("store");
    let mut back = store.load_all().expect("load").events;
    back.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(back.len(), 20);
    for e in &back {
        let (_, original) = app
            .get_json(&format!("/collections/events/items/{}", e.id))
            .await;
        let p = &original["properties"];
        assert_eq!(
            i64::from(e.properties.fatalities),
            p["fatalities"].as_i64().expect("n")
        );
        assert_eq!(e.properties.notes, p["notes"].as_str().expect("notes"));
        assert!(
            (e.lon
                - original["geometry"]["coordinates"][0]
                    .as_f64()
                    .expect("lon"))
            .abs()
                < 1e-9
        );
    }
    drop(store);

    // GDAL's CSV driver sees 20 points with the columns typed
    let out = Command::new("ogrinfo")
        .args([
            "-ro",
            "-al",
            "-so",
            "-oo",
            "X_POSSIBLE_NAMES=longitude",
            "-oo",
            "Y_POSSIBLE_NAMES=latitude",
            "-oo",
            "AUTODETECT_TYPE=YES",
        ])
        .arg(&file)
        .output()
        .expect("ogrinfo runs (install gdal-bin)");
    let info = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(info.contains("Feature Count: 20"), "{info}");
    assert!(info.contains("Geometry: Point"), "{info}");
    assert!(info.contains("fatalities: Integer"), "{info}");

    // a bad format names the choices
    let (status, body) = app.get_json("/collections/events/items?f=xml").await;
    assert_eq!(status, 400);
    assert!(
        body.to_string().contains("json, html, csv or fgb"),
        "{body}"
    );
}

/// (id, date, fatalities, lon, lat) of every feature of a GeoJSON FeatureCollection, sorted.
fn rows(doc: &Value) -> Vec<(String, String, i64, i64, i64)> {
    let mut out: Vec<_> = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let p = &f["properties"];
            let c = &f["geometry"]["coordinates"];
            let micro = |v: &Value| (v.as_f64().expect("coordinate") * 1e6).round() as i64;
            (
                // GDAL keeps our id as a property of FlatGeobuf and CSV, as the feature id of
                // GeoJSON
                p["id"]
                    .as_str()
                    .or(p["event_id_cnty"].as_str())
                    .or(f["id"].as_str())
                    .expect("id")
                    .to_string(),
                p["event_date"].as_str().expect("date").to_string(),
                p["fatalities"].as_i64().expect("fatalities"),
                micro(&c[0]),
                micro(&c[1]),
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_hold_every_match_past_the_page_cap_and_gdal_reads_them_back_equal() {
    let app = spawn_app(Options::default()).await;
    let n = 12_500; // more than the 10,000 a page holds
    for chunk in 0..5 {
        let batch: Vec<Value> = (chunk * 2_500..(chunk + 1) * 2_500)
            .map(|i| {
                let lon = 30.0 + f64::from(i % 100) * 0.1;
                let lat = 30.0 + f64::from(i / 100) * 0.05;
                let day = format!("2023-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
                let mut f = feature(&format!("x{i:05}"), lon, lat, &day);
                f["properties"]["fatalities"] = (i % 7).into();
                f
            })
            .collect();
        let (status, body) = app.post_json(&collection(batch)).await;
        assert_eq!(status, 201, "{body}");
    }
    let dir = tempfile::tempdir().expect("dir");
    let fetch = |query: &'static str, file: &'static str| {
        let (app, path) = (&app, dir.path().join(file));
        async move {
            let resp = app
                .get(&format!("/collections/events/export?{query}"))
                .await;
            assert_eq!(resp.status().as_u16(), 200, "{query}");
            let matched: usize = resp.headers()["ogc-numbermatched"]
                .to_str()
                .expect("header")
                .parse()
                .expect("count");
            let bytes = resp.bytes().await.expect("body");
            std::fs::write(&path, &bytes).expect("write");
            (matched, path)
        }
    };

    // GeoJSON: every event, one file
    let (matched, geojson) = fetch("f=json", "all.geojson").await;
    assert_eq!(matched, n);
    let all: Value = serde_json::from_slice(&std::fs::read(&geojson).expect("read")).expect("JSON");
    assert_eq!(all["features"].as_array().map(Vec::len), Some(n));
    let want = rows(&all);

    // FlatGeobuf, read by GDAL's own driver: the same events, with typed fields
    let (_, fgb) = fetch("f=fgb", "all.fgb").await;
    let fgb = fgb.to_str().expect("path").to_string();
    let info = run_tool("ogrinfo", &["-ro", "-so", "-al", &fgb]);
    assert!(info.contains(&format!("Feature Count: {n}")), "{info}");
    assert!(info.contains("Geometry: Point"), "{info}");
    assert!(info.contains("fatalities: Integer"), "{info}");
    assert!(info.contains("seq: Integer64"), "{info}");
    let back = dir.path().join("from-fgb.geojson");
    run_tool(
        "ogr2ogr",
        &["-f", "GeoJSON", back.to_str().expect("path"), &fgb],
    );
    let from_fgb: Value =
        serde_json::from_slice(&std::fs::read(&back).expect("read")).expect("JSON");
    assert_eq!(rows(&from_fgb), want, "FlatGeobuf read back by GDAL");

    // CSV with ACLED's columns, read by GDAL's CSV driver: the same again
    let (_, csv) = fetch("f=csv", "all.csv").await;
    let back = dir.path().join("from-csv.geojson");
    run_tool(
        "ogr2ogr",
        &[
            "-f",
            "GeoJSON",
            back.to_str().expect("path"),
            csv.to_str().expect("path"),
            "-oo",
            "X_POSSIBLE_NAMES=longitude",
            "-oo",
            "Y_POSSIBLE_NAMES=latitude",
            "-oo",
            "AUTODETECT_TYPE=YES",
            "-oo",
            "KEEP_GEOM_COLUMNS=NO",
        ],
    );
    let from_csv: Value =
        serde_json::from_slice(&std::fs::read(&back).expect("read")).expect("JSON");
    let mut csv_rows = rows(&from_csv);
    // GDAL types the date column as a date and writes it back as YYYY/MM/DD
    for r in &mut csv_rows {
        r.1 = r.1.replace('/', "-");
    }
    assert_eq!(csv_rows, want, "CSV read back by GDAL");

    // filters and order as on items: the export of a filter is the items' answer
    let (matched, filtered) = fetch(
        "f=json&filter=fatalities%20%3E%3D%205&sortby=-fatalities",
        "some.geojson",
    )
    .await;
    let (_, page) = app
        .get_json("/collections/events/items?filter=fatalities%20%3E%3D%205&sortby=-fatalities&limit=10000")
        .await;
    assert_eq!(Some(matched as u64), page["numberMatched"].as_u64());
    let filtered: Value =
        serde_json::from_slice(&std::fs::read(&filtered).expect("read")).expect("JSON");
    assert_eq!(
        feature_ids(&filtered),
        feature_ids(&page),
        "same events in the same order"
    );

    // a page as FlatGeobuf
    let resp = app.get("/collections/events/items?f=fgb&limit=25").await;
    assert_eq!(resp.headers()["content-type"], "application/flatgeobuf");
    let page_fgb = dir.path().join("page.fgb");
    std::fs::write(&page_fgb, resp.bytes().await.expect("body")).expect("write");
    let info = run_tool(
        "ogrinfo",
        &["-ro", "-so", "-al", page_fgb.to_str().expect("path")],
    );
    assert!(info.contains("Feature Count: 25"), "{info}");

    // an export names its format, and takes no page parameters
    for (query, parameter) in [("", "f"), ("f=html", "f"), ("f=json&limit=5", "limit")] {
        let (status, body) = app
            .get_json(&format!("/collections/events/export?{query}"))
            .await;
        assert_eq!(status, 400, "{query}: {body}");
        let named = body["parameter"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| body["description"].to_string());
        assert!(named.contains(parameter), "{query}: {body}");
    }
}
