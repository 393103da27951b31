//! The real binary: demo data on a fresh store, and acknowledged writes surviving SIGKILL.

use serde_json::Value;

use crate::support::{collection, feature, start_binary};

fn get_json(url: &str) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        reqwest::get(url)
            .await
            .expect("request")
            .json()
            .await
            .expect("json")
    })
}

fn post(url: &str, body: &Value) -> u16 {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        reqwest::Client::new()
            .post(url)
            .header("content-type", "application/geo+json")
            .body(body.to_string())
            .send()
            .await
            .expect("request")
            .status()
            .as_u16()
    })
}

#[test]
fn a_fresh_store_serves_the_demo_data() {
    let dir = tempfile::tempdir().expect("dir");
    let server = start_binary(dir.path(), &["--demo"], &[]);
    let doc = get_json(&format!("{}/collections/events/items?limit=1", server.base));
    assert!(doc["numberMatched"].as_u64().expect("n") > 3_000);
    let granij = get_json(&format!("{}/collections/events/items/seed-1", server.base));
    assert_eq!(granij["properties"]["location"], "Gharanij");
    assert_eq!(granij["properties"]["fatalities"], 5);
    let c = &granij["geometry"]["coordinates"];
    assert!((c[0].as_f64().expect("lon") - 40.728).abs() < 0.01);
    assert!((c[1].as_f64().expect("lat") - 34.784).abs() < 0.01);
}

#[test]
fn acknowledged_writes_survive_sigkill_and_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let mut acknowledged = Vec::new();
    for round in 0..3 {
        let mut server = start_binary(dir.path(), &["--no-demo"], &[]);
        let url = format!("{}/collections/events/items", server.base);
        for i in 0..10 {
            let id = format!("r{round}-{i}");
            let status = post(
                &url,
                &collection(vec![feature(&id, 10.0 + f64::from(i), 20.0, "2020-05-05")]),
            );
            assert_eq!(status, 201);
            acknowledged.push(id);
        }
        server.child.kill().expect("SIGKILL"); // no graceful shutdown
        server.child.wait().expect("wait");
    }
    let server = start_binary(dir.path(), &["--no-demo"], &[]);
    let doc = get_json(&format!(
        "{}/collections/events/items?limit=1000",
        server.base
    ));
    let mut ids: Vec<String> = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect();
    ids.sort();
    acknowledged.sort();
    assert_eq!(ids, acknowledged);
}
