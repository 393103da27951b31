//! `sitmap geocode` as a user runs it: the real binary, its stdout, stderr and exit code.

use std::process::{Command, Output};

fn geocode(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitmap"))
        .arg("geocode")
        .args(args)
        .output()
        .expect("sitmap runs")
}

fn features(out: &Output) -> Vec<serde_json::Value> {
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(doc["type"], "FeatureCollection");
    doc["features"].as_array().expect("features").clone()
}

#[test]
fn prints_ranked_candidates_with_the_documented_properties() {
    let out = geocode(&["Palmyra", "--country", "SY", "--limit", "3"]);
    assert!(out.status.success());
    let fs = features(&out);
    assert_eq!(fs.len(), 3);
    let best = &fs[0];
    assert_eq!(best["type"], "Feature");
    assert_eq!(best["geometry"]["type"], "Point");
    let p = &best["properties"];
    assert_eq!(p["name"], "Tadmur");
    assert_eq!(p["country_code"], "SY");
    assert_eq!(p["admin1"], "Homs");
    assert_eq!(p["feature_code"], "PPLA2");
    assert!(p["population"].as_u64().expect("population") > 10_000);
    let scores: Vec<f64> = fs
        .iter()
        .map(|f| f["properties"]["score"].as_f64().expect("score"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
    let [lon, lat] = [
        best["geometry"]["coordinates"][0].as_f64().expect("lon"),
        best["geometry"]["coordinates"][1].as_f64().expect("lat"),
    ];
    assert!((lon - 38.28).abs() < 0.1 && (lat - 34.56).abs() < 0.1);
}

#[test]
fn unlocated_places_say_so() {
    let out = geocode(&["al-Ja'abi"]);
    assert!(out.status.success());
    let fs = features(&out);
    assert_eq!(fs[0]["geometry"], serde_json::Value::Null);
    assert_eq!(fs[0]["properties"]["located"], false);
}

#[test]
fn no_match_is_an_empty_collection_and_a_message() {
    let out = geocode(&["Qxzzvwq"]);
    assert!(out.status.success());
    assert!(features(&out).is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no place"));
}

#[test]
fn a_bad_country_code_is_a_clear_error() {
    let out = geocode(&["Tripoli", "--country", "Libya"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--country") && err.contains("two ASCII letters"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn limit_out_of_range_is_refused() {
    let out = geocode(&["Tripoli", "--limit", "0"]);
    assert!(!out.status.success());
}
