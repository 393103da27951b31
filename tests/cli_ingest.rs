//! `sitmap ingest` as a user runs it: the real binary on files written here, the real store on
//! disk read back through the library.

use std::path::Path;
use std::process::{Command, Output};

use sitmap::store::Store;

fn ingest(data: &Path, file: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitmap"))
        .arg("ingest")
        .arg("--data")
        .arg(data)
        .args(extra)
        .arg(file)
        .output()
        .expect("sitmap runs")
}

fn feature(id: &str, lon: f64, date: &str) -> String {
    format!(
        r#"{{"type":"Feature","id":"{id}","geometry":{{"type":"Point","coordinates":[{lon},35.3]}},"properties":{{"event_date":"{date}","event_type":"Battles","country_code":"SY","fatalities":1,"source":"own test"}}}}"#
    )
}

/// One valid feature on line 2, a longitude out of range on line 3, a month 13 on line 4.
fn one_good_two_bad(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("mixed.geojson");
    let text = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{},\n{},\n{}\n]}}\n",
        feature("good-1", 40.1, "2024-01-02"),
        feature("bad-lon", 400.1, "2024-01-02"),
        feature("bad-date", 40.1, "2024-13-02"),
    );
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn a_geojson_file_with_invalid_features_is_refused_whole_and_every_problem_is_listed() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let file = one_good_two_bad(dir.path());
    let out = ingest(&data, &file, &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 invalid row(s)"), "{err}");
    assert!(
        err.contains("features[1].geometry") && err.contains("(line 3)"),
        "{err}"
    );
    assert!(
        err.contains("features[2].properties.event_date") && err.contains("(line 4)"),
        "{err}"
    );
    assert_eq!(
        Store::open(&data).expect("store").count().expect("count"),
        0
    );
}

#[test]
fn skip_invalid_writes_the_valid_features_of_a_geojson_file_and_names_the_skipped_ones() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let file = one_good_two_bad(dir.path());
    let out = ingest(&data, &file, &["--skip-invalid"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("1 new") && err.contains("2 invalid row(s) skipped"),
        "{err}"
    );
    assert!(
        err.contains("(line 3)") && err.contains("(line 4)"),
        "{err}"
    );
    let store = Store::open(&data).expect("store");
    assert_eq!(store.count().expect("count"), 1);
    let kept = store
        .get("good-1")
        .expect("read")
        .expect("the valid feature is stored");
    assert_eq!(kept.properties.fatalities, 1);
}

#[test]
fn a_file_that_is_no_feature_collection_is_refused_even_with_skip_invalid() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let file = dir.path().join("point.geojson");
    std::fs::write(&file, r#"{"type":"Point","coordinates":[1,2]}"#).expect("write");
    let out = ingest(&data, &file, &["--skip-invalid"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("expected \"Feature\" or \"FeatureCollection\""),
        "{err}"
    );
}
