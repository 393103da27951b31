//! OGC API – Features Part 4 against the real server: replace (PUT), JSON merge patch (PATCH)
//! and DELETE on one event, with ETag / If-Match, under the token, kept across a restart.

use serde_json::{json, Value};

use crate::support::{collection, feature, spawn_app, Options, TestApp};

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: Option<(&str, Value)>,
    headers: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut req = app.client.request(method, format!("{}{path}", app.base));
    if let Some((ct, b)) = body {
        req = req.header("content-type", ct).body(b.to_string());
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let h = resp.headers().clone();
    let text = resp.text().await.expect("body");
    (
        status,
        h,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

fn etag(h: &reqwest::header::HeaderMap) -> String {
    h.get("etag")
        .expect("an ETag")
        .to_str()
        .expect("ascii")
        .to_string()
}

async fn count(app: &TestApp) -> u64 {
    let (_, doc) = app.get_json("/collections/events/items?limit=1").await;
    doc["numberMatched"].as_u64().expect("numberMatched")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replace_patch_and_delete_one_event_with_optimistic_concurrency() {
    let app = spawn_app(Options {
        token: Some("tok"),
        ..Options::default()
    })
    .await;
    let auth = ("authorization", "Bearer tok");
    let (status, _, _) = send(
        &app,
        reqwest::Method::POST,
        "/collections/events/items",
        Some((
            "application/geo+json",
            collection(vec![feature("t1", 36.0, 35.0, "2024-05-01")]),
        )),
        &[auth],
    )
    .await;
    assert_eq!(status, 201);
    let item = "/collections/events/items/t1";
    let (status, h, _) = send(&app, reqwest::Method::GET, item, None, &[]).await;
    assert_eq!(status, 200);
    let first = etag(&h);
    // a conditional GET with the current ETag is 304
    let (status, _, _) = send(
        &app,
        reqwest::Method::GET,
        item,
        None,
        &[("if-none-match", &first)],
    )
    .await;
    assert_eq!(status, 304);

    // PUT replaces the whole event
    let mut replacement = feature("t1", 37.5, 36.0, "2024-05-02");
    replacement["properties"]["fatalities"] = 9.into();
    let (status, _, _) = send(
        &app,
        reqwest::Method::PUT,
        item,
        Some(("application/geo+json", replacement.clone())),
        &[],
    )
    .await;
    assert_eq!(status, 401, "writes need the token");
    let (status, h, body) = send(
        &app,
        reqwest::Method::PUT,
        item,
        Some(("application/geo+json", replacement.clone())),
        &[auth, ("if-match", &first)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let second = etag(&h);
    assert_ne!(first, second);
    let (_, _, now) = send(&app, reqwest::Method::GET, item, None, &[]).await;
    assert_eq!(now["properties"]["fatalities"], 9);
    assert_eq!(now["geometry"]["coordinates"][0], 37.5);

    // a write based on an old version is refused and changes nothing
    let (status, _, body) = send(
        &app,
        reqwest::Method::PATCH,
        item,
        Some((
            "application/merge-patch+json",
            json!({"properties": {"fatalities": 1}}),
        )),
        &[auth, ("if-match", &first)],
    )
    .await;
    assert_eq!(status, 412, "{body}");

    // PATCH merges: a field changed, a field removed (null), the rest kept
    let (status, _, body) = send(
        &app,
        reqwest::Method::PATCH,
        item,
        Some((
            "application/merge-patch+json",
            json!({"properties": {"fatalities": 4, "actor2": null}}),
        )),
        &[auth, ("if-match", &second)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, _, now) = send(&app, reqwest::Method::GET, item, None, &[]).await;
    assert_eq!(now["properties"]["fatalities"], 4);
    assert_eq!(now["properties"]["actor2"], "");
    assert_eq!(now["properties"]["actor1"], "SDF");
    assert_eq!(now["properties"]["event_date"], "2024-05-02");

    // a patch that breaks the event is refused, naming the field
    let (status, _, body) = send(
        &app,
        reqwest::Method::PATCH,
        item,
        Some((
            "application/merge-patch+json",
            json!({"properties": {"event_date": "yesterday"}}),
        )),
        &[auth],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.to_string().contains("event_date"), "{body}");
    // and a PUT whose id is another event's
    let (status, _, body) = send(
        &app,
        reqwest::Method::PUT,
        item,
        Some((
            "application/geo+json",
            feature("other", 1.0, 1.0, "2024-01-01"),
        )),
        &[auth],
    )
    .await;
    assert_eq!(status, 400, "{body}");

    // DELETE: gone from items, tiles' source and the store
    let (status, _, _) = send(&app, reqwest::Method::DELETE, item, None, &[auth]).await;
    assert_eq!(status, 204);
    let (status, _, _) = send(&app, reqwest::Method::GET, item, None, &[]).await;
    assert_eq!(status, 404);
    assert_eq!(count(&app).await, 0);
    let (status, _, _) = send(&app, reqwest::Method::DELETE, item, None, &[auth]).await;
    assert_eq!(status, 404);
}

#[test]
fn a_deletion_survives_a_restart_and_leaves_a_tombstone() {
    let dir = tempfile::tempdir().expect("dir");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = crate::support::start_binary(dir.path(), &[], &[]);
    let client = reqwest::Client::new();
    rt.block_on(async {
        let r = client
            .post(format!("{}/collections/events/items", server.base))
            .header("content-type", "application/geo+json")
            .body(
                collection(vec![
                    feature("gone", 1.0, 2.0, "2024-01-01"),
                    feature("kept", 1.0, 2.0, "2024-01-01"),
                ])
                .to_string(),
            )
            .send()
            .await
            .expect("post");
        assert_eq!(r.status().as_u16(), 201);
        let r = client
            .delete(format!("{}/collections/events/items/gone", server.base))
            .send()
            .await
            .expect("delete");
        assert_eq!(r.status().as_u16(), 204);
    });
    drop(server);
    let store = sitmap::store::Store::open(dir.path()).expect("store");
    assert!(store.is_deleted("gone").expect("tombstones"));
    assert!(!store.is_deleted("kept").expect("tombstones"));
    drop(store);
    let server = crate::support::start_binary(dir.path(), &[], &[]);
    rt.block_on(async {
        let status = |id: &'static str| {
            let url = format!("{}/collections/events/items/{id}", server.base);
            async move { reqwest::get(url).await.expect("get").status().as_u16() }
        };
        assert_eq!(status("gone").await, 404);
        assert_eq!(status("kept").await, 200);
        // written again, the id is alive again and its tombstone goes
        let r = client
            .post(format!("{}/collections/events/items", server.base))
            .header("content-type", "application/geo+json")
            .body(collection(vec![feature("gone", 1.0, 2.0, "2024-01-02")]).to_string())
            .send()
            .await
            .expect("post");
        assert_eq!(r.status().as_u16(), 201);
    });
    drop(server);
    let store = sitmap::store::Store::open(dir.path()).expect("store");
    assert!(!store.is_deleted("gone").expect("tombstones"));
}

/// Issue 14 item 5: a client that sends a large write and hangs up before the answer comes
/// must not leave the events stored but missing from the index (and so from every answer).
/// In a release build the hang-up lands while the 30,000 events are being committed (the code
/// before the fix stored them all and indexed none); a debug build reads the body so slowly
/// that the hang-up abandons the write whole, and the test then checks only that store and
/// index agree.
#[test]
fn a_write_whose_client_hangs_up_is_indexed_as_well_as_stored() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("dir");
    let server = crate::support::start_binary(dir.path(), &[], &[]);
    let addr = server.base.trim_start_matches("http://").to_string();
    let n = 30_000;
    let body = collection(
        (0..n)
            .map(|i| {
                let (lon, lat) = (
                    36.0 + (i % 100) as f64 * 0.01,
                    35.0 + (i / 100) as f64 * 0.01,
                );
                feature(&format!("hangup-{i}"), lon, lat, "2024-03-01")
            })
            .collect(),
    )
    .to_string();
    let mut socket = std::net::TcpStream::connect(&addr).expect("connect");
    write!(
        socket,
        "POST /collections/events/items HTTP/1.1\r\nHost: {addr}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .expect("head");
    socket.write_all(body.as_bytes()).expect("body");
    drop(socket); // gone before the server answers

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = reqwest::Client::new();
    let url = format!("{}/collections/events/items?limit=1", server.base);
    let (mut stored, mut indexed, mut steady) = (usize::MAX, u64::MAX, 0);
    // wait (up to 2 min: debug builds on a busy machine are slow) until store and index
    // have agreed for 2 s running
    for _ in 0..1200 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let now_stored = sitmap::store::Store::open(dir.path())
            .expect("store")
            .count()
            .expect("count");
        let page: Value = rt
            .block_on(async { client.get(&url).send().await?.json().await })
            .expect("page");
        let now_indexed = page["numberMatched"].as_u64().expect("numberMatched");
        let agree = now_stored as u64 == now_indexed;
        steady = if agree && (now_stored, now_indexed) == (stored, indexed) {
            steady + 1
        } else {
            0
        };
        (stored, indexed) = (now_stored, now_indexed);
        if steady >= 20 {
            break;
        }
    }
    assert_eq!(indexed, stored as u64, "every stored event is served");
    assert!(
        stored == 0 || stored == n,
        "the body is stored whole or not at all"
    );
}
