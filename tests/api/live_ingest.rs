//! `sitmap ingest --server`: files written into a running `sitmap serve` (the real binary on
//! a loopback port), which shows them at once; the data directory stays the server's.

use std::process::Command;

use serde_json::Value;

use crate::support::{block_on, collection, feature, start_binary};

fn ingest(args: &[&str], files: &[&std::path::Path], token: Option<&str>) -> (bool, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitmap"));
    cmd.arg("ingest").args(args).args(files);
    cmd.env_remove("SITMAP_TOKEN");
    if let Some(t) = token {
        cmd.env("SITMAP_TOKEN", t);
    }
    let out = cmd.output().expect("sitmap runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn get(url: &str) -> Value {
    block_on(async {
        reqwest::get(url)
            .await
            .expect("get")
            .json::<Value>()
            .await
            .expect("json")
    })
}

#[test]
fn ingest_into_a_running_server_shows_at_once_under_its_token() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let server = start_binary(&data, &["--no-demo"], &[("SITMAP_TOKEN", "s3cret")]);
    let count = || get(&format!("{}/health", server.base))["events"].as_u64();

    let events = dir.path().join("events.geojson");
    let features: Vec<Value> = (0..2_500)
        .map(|i| {
            feature(
                &format!("live-{i}"),
                36.0 + f64::from(i % 50) * 0.01,
                35.0,
                "2024-06-01",
            )
        })
        .collect();
    std::fs::write(&events, collection(features).to_string()).expect("write");
    let reports = dir.path().join("reports.jsonl");
    std::fs::write(
        &reports,
        concat!(
            r#"{"text": "Syrian government shelling killed two civilians in Maarat al-Numan, Idlib province, on Tuesday, activists said.", "published": "2019-05-08", "source": "test desk"}"#,
            "\n"
        ),
    )
    .expect("write");

    // the data directory is the server's: a direct ingest is refused, naming the owner
    let (ok, err) = ingest(&["--data", data.to_str().expect("path")], &[&events], None);
    assert!(!ok, "{err}");
    assert!(err.contains("in use"), "{err}");

    // a wrong token: refused with the server's reason, nothing written
    let (ok, err) = ingest(&["--server", &server.base], &[&events], Some("wrong"));
    assert!(!ok, "{err}");
    assert!(err.contains("401") && err.contains("token"), "{err}");
    assert_eq!(count(), Some(0));

    // the right one: 2,500 events in two batches and a report, visible without a restart
    let (ok, err) = ingest(
        &["--server", &server.base],
        &[&events, &reports],
        Some("s3cret"),
    );
    assert!(ok, "{err}");
    assert!(err.contains("2500 new"), "{err}");
    let page = get(&format!(
        "{}/collections/events/items?limit=1&source=test%20desk",
        server.base
    ));
    assert!(page["numberMatched"].as_u64() >= Some(1), "{page}");
    let held = count().expect("count");
    assert!(held > 2_500, "{held}");
    assert!(err.contains(&format!("now holds {held} events")), "{err}");

    // again: the same ids are updates, not duplicates
    let (ok, err) = ingest(&["--server", &server.base], &[&events], Some("s3cret"));
    assert!(ok && err.contains("0 new, 2500 updated"), "{err}");
    assert_eq!(count(), Some(held));

    // a server that is not there, or not an http address: a clear error before any file
    drop(server);
    let (ok, err) = ingest(&["--server", "http://127.0.0.1:9"], &[&events], None);
    assert!(!ok && err.contains("cannot reach"), "{err}");
    let (ok, err) = ingest(&["--server", "localhost:8080"], &[&events], None);
    assert!(!ok && err.contains("http://"), "{err}");
}
