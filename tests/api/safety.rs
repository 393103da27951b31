//! Safe defaults of the real binary: demo data only on request, one server per data
//! directory, no token-less writes from other origins or on non-loopback addresses.

use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::{block_on, collection, feature, start_binary};

fn count(base: &str) -> u64 {
    block_on(async {
        let doc: Value = reqwest::get(format!("{base}/collections/events/items?limit=1"))
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        doc["numberMatched"].as_u64().expect("numberMatched")
    })
}

/// POSTs one event, with the given extra headers; returns the status and the JSON body.
fn post_event(base: &str, id: &str, headers: &[(&str, &str)]) -> (u16, Value) {
    block_on(async {
        let mut req = reqwest::Client::new()
            .post(format!("{base}/collections/events/items"))
            .header("content-type", "application/geo+json")
            .body(collection(vec![feature(id, 36.0, 35.0, "2024-05-01")]).to_string());
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        let body = resp.json().await.unwrap_or(Value::Null);
        (status, body)
    })
}

#[test]
fn a_fresh_store_stays_empty_without_demo() {
    let dir = tempfile::tempdir().expect("dir");
    let server = start_binary(dir.path(), &[], &[]);
    assert_eq!(count(&server.base), 0, "no demo data unless asked for");
    // the old flag is still accepted and means the same
    drop(server);
    let server = start_binary(dir.path(), &["--no-demo"], &[]);
    assert_eq!(count(&server.base), 0);
}

#[test]
fn a_second_server_on_one_data_directory_is_refused_with_the_holders_pid() {
    let dir = tempfile::tempdir().expect("dir");
    let first = start_binary(dir.path(), &[], &[]);
    let out = Command::new(env!("CARGO_BIN_EXE_sitmap"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert!(!out.status.success(), "a second server must not start");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let pid = first.child.id().to_string();
    assert!(
        stderr.contains("in use by another sitmap") && stderr.contains(&pid),
        "{stderr}"
    );
    // ingest into a served directory is refused the same way, and writes nothing
    let file = dir.path().join("one.geojson");
    std::fs::write(
        &file,
        collection(vec![feature("x1", 1.0, 2.0, "2024-01-01")]).to_string(),
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_sitmap"))
        .args(["ingest", "--data"])
        .arg(dir.path())
        .arg(&file)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(&pid));
    assert_eq!(count(&first.base), 0);

    // once the first server is gone (even killed), the directory is free again
    let mut first = first;
    first.child.kill().expect("kill");
    first.child.wait().expect("wait");
    let second = start_binary(dir.path(), &[], &[]);
    assert_eq!(count(&second.base), 0);
}

#[test]
fn without_a_token_a_non_loopback_address_is_refused_before_anything_is_created() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    // refused before binding: nothing listens on 0.0.0.0
    let out = Command::new(env!("CARGO_BIN_EXE_sitmap"))
        .args(["serve", "--addr", "0.0.0.0:0", "--data"])
        .arg(&data)
        .env_remove("SITMAP_TOKEN")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("without a write token") && stderr.contains("SITMAP_TOKEN"),
        "{stderr}"
    );
    assert!(!data.exists(), "no store is created by a refused start");
}

#[test]
fn without_a_token_other_origins_cannot_write_but_local_clients_can() {
    let dir = tempfile::tempdir().expect("dir");
    let server = start_binary(dir.path(), &[], &[]);
    let host = server.base.trim_start_matches("http://").to_string();

    let (status, body) = post_event(&server.base, "o1", &[("origin", "https://evil.example")]);
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["code"], "Forbidden");
    assert!(body["description"]
        .as_str()
        .expect("text")
        .contains("token"));
    let (status, _) = post_event(&server.base, "o2", &[("origin", "null")]);
    assert_eq!(status, 403);
    assert_eq!(count(&server.base), 0, "refused writes store nothing");

    // the server's own pages (same origin) and non-browser clients (no Origin) write
    let own = format!("http://{host}");
    assert_eq!(post_event(&server.base, "o3", &[("origin", &own)]).0, 201);
    assert_eq!(post_event(&server.base, "o4", &[]).0, 201);
    assert_eq!(count(&server.base), 2);
}

#[test]
fn with_a_token_any_origin_writes_with_it_and_the_scheme_is_case_insensitive() {
    let dir = tempfile::tempdir().expect("dir");
    // a token pasted with a trailing newline is the same token
    let server = start_binary(dir.path(), &[], &[("SITMAP_TOKEN", "s3cret\n")]);
    let evil = ("origin", "https://other.example");
    assert_eq!(post_event(&server.base, "t1", &[evil]).0, 401);
    assert_eq!(
        post_event(
            &server.base,
            "t2",
            &[evil, ("authorization", "Bearer s3cret")]
        )
        .0,
        201
    );
    assert_eq!(
        post_event(&server.base, "t3", &[("authorization", "bearer s3cret")]).0,
        201
    );
    assert_eq!(count(&server.base), 2);
}
