//! GDAL as a real client: its OGC API – Features driver (OAPIF) and its GeoJSON driver read
//! what sitmap serves. `.ci/run` installs gdal-bin; without `ogrinfo` these tests fail.

use std::process::Command;

use crate::support::{collection, feature, spawn_app, Options, TestApp};

async fn app() -> TestApp {
    let app = spawn_app(Options::default()).await;
    let mut features = Vec::new();
    for i in 0..60 {
        let lon = 30.0 + f64::from(i) * 0.25; // 30.0 .. 44.75
        let mut f = feature(&format!("g{i}"), lon, 35.0, "2019-03-01");
        f["properties"]["fatalities"] = (i % 5).into();
        features.push(f);
    }
    let (status, _) = app.post_json(&collection(features)).await;
    assert_eq!(status, 201);
    app
}

async fn ogrinfo(args: Vec<String>) -> String {
    let out = tokio::task::spawn_blocking(move || {
        Command::new("ogrinfo")
            .args(&args)
            .env("GDAL_HTTP_TIMEOUT", "20")
            .output()
            .expect("ogrinfo runs (install gdal-bin)")
    })
    .await
    .expect("join");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "ogrinfo failed: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

fn feature_count(ogrinfo_output: &str) -> usize {
    ogrinfo_output
        .lines()
        .find_map(|l| l.trim().strip_prefix("Feature Count: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no feature count in:\n{ogrinfo_output}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ogrinfo_oapif_counts_with_spat_and_where() {
    let app = app().await;
    let src = format!("OAPIF:{}/", app.base);
    let all = ogrinfo(vec![
        "-ro".into(),
        "-so".into(),
        src.clone(),
        "events".into(),
    ])
    .await;
    assert_eq!(feature_count(&all), 60);
    // -spat becomes bbox=; lon 35..40 holds g20..g40 (21 events)
    let spat = ogrinfo(vec![
        "-ro".into(),
        "-so".into(),
        "-spat".into(),
        "35".into(),
        "34".into(),
        "40".into(),
        "36".into(),
        src.clone(),
        "events".into(),
    ])
    .await;
    assert_eq!(feature_count(&spat), 21);
    // -where goes to the server as a CQL2 filter: fatalities = 0 is every fifth event, 5 of g20..g40
    let both = ogrinfo(vec![
        "-ro".into(),
        "-al".into(),
        "-q".into(),
        "-spat".into(),
        "35".into(),
        "34".into(),
        "40".into(),
        "36".into(),
        "-where".into(),
        "fatalities = 0".into(),
        src,
        "events".into(),
    ])
    .await;
    let listed = both
        .lines()
        .filter(|l| l.trim_start().starts_with("OGRFeature("))
        .count();
    assert_eq!(listed, 5, "{both}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gdal_geojson_driver_reads_an_items_page() {
    let app = app().await;
    let body = app
        .get("/collections/events/items?bbox=29,34,33,36&limit=1000")
        .await
        .text()
        .await
        .expect("body");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("page.geojson");
    std::fs::write(&path, body).expect("write");
    let out = ogrinfo(vec![
        "-ro".into(),
        "-al".into(),
        "-so".into(),
        path.display().to_string(),
    ])
    .await;
    assert_eq!(feature_count(&out), 13); // lon 30.0 .. 33.0
    assert!(out.contains("event_date"), "{out}");
    assert!(out.contains("Point"), "{out}");
}
