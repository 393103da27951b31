//! `f=csv` on items: ACLED's columns, read back by `sitmap ingest` and by GDAL's CSV driver.

use std::process::Command;

use serde_json::Value;

use crate::support::{collection, feature, spawn_app, Options};

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
    assert!(body.to_string().contains("json, html or csv"), "{body}");
}
