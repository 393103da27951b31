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

/// `SITMAP_GAZETTEER_WITHOUT_HAND` (what `bench/report.sh` scores with, to show what the
/// hand-kept rows are worth) leaves the places of `gazetteer/hand.tsv` out, and only them.
#[test]
fn the_hand_rows_can_be_left_out_for_measuring() {
    let hand = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/gazetteer/hand.tsv"))
        .expect("hand.tsv");
    // a located hand row: its name and its point
    let row: Vec<&str> = hand
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|cols| cols.len() > 4 && !cols[3].is_empty() && cols[6] == "PPL")
        .expect("a located populated place in hand.tsv");
    let (name, lat) = (row[1], row[3].parse::<f64>().expect("lat"));
    let run = |without: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitmap"));
        cmd.args(["geocode", name, "--limit", "20"]);
        if without {
            cmd.env("SITMAP_GAZETTEER_WITHOUT_HAND", "1");
        } else {
            cmd.env_remove("SITMAP_GAZETTEER_WITHOUT_HAND");
        }
        cmd.output().expect("sitmap runs")
    };
    let at_row = |out: &Output| {
        features(out).iter().any(|f| {
            f["properties"]["name"] == name
                && (f["geometry"]["coordinates"][1].as_f64().unwrap_or(0.0) - lat).abs() < 1e-3
        })
    };
    let with = run(false);
    assert!(with.status.success());
    assert!(at_row(&with), "{name} is found with the hand rows");
    let without = run(true);
    assert!(without.status.success());
    assert!(!at_row(&without), "{name} is left out without them");
    // the rest of the gazetteer is untouched
    let other = Command::new(env!("CARGO_BIN_EXE_sitmap"))
        .args(["geocode", "Palmyra", "--country", "SY", "--limit", "1"])
        .env("SITMAP_GAZETTEER_WITHOUT_HAND", "1")
        .output()
        .expect("sitmap runs");
    assert_eq!(features(&other)[0]["properties"]["name"], "Tadmur");
}
