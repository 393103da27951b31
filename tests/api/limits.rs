//! Input limits and hostile clients: every bad input answers with a status and a JSON body
//! that names the problem, the server stays healthy and the store is unchanged; slow and idle
//! clients are cut off without slowing the others; oversized headers get 431.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{collection, feature, spawn_app, Options, TestApp};

/// What a bad request is: method, path, content type, body.
struct Bad {
    what: &'static str,
    method: &'static str,
    path: String,
    content_type: &'static str,
    body: Vec<u8>,
    status: u16,
    /// A word the error body must contain (the parameter or field at fault).
    names: &'static str,
}

fn get(what: &'static str, path: &str, names: &'static str) -> Bad {
    Bad {
        what,
        method: "GET",
        path: path.to_string(),
        content_type: "",
        body: Vec::new(),
        status: 400,
        names,
    }
}

fn post(
    what: &'static str,
    path: &str,
    body: impl Into<Vec<u8>>,
    status: u16,
    names: &'static str,
) -> Bad {
    Bad {
        what,
        method: "POST",
        path: path.to_string(),
        content_type: "application/json",
        body: body.into(),
        status,
        names,
    }
}

fn cases() -> Vec<Bad> {
    let items = "/collections/events/items";
    let f = |g: Value| {
        collection(vec![json!({"type": "Feature", "id": "bad", "geometry": g, "properties": feature("x", 1.0, 1.0, "2019-01-01")["properties"].clone()})]).to_string()
    };
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let mut invalid_utf8 = br#"{"type":"Feature","id":"u","geometry":{"type":"Point","coordinates":[1,1]},"properties":{"event_date":"2019-01-01","event_type":"Battles","notes":""#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, 0xfd]);
    invalid_utf8.extend_from_slice(br#""}}"#);
    let dup = collection(vec![
        feature("same", 1.0, 1.0, "2019-01-01"),
        feature("same", 2.0, 2.0, "2019-01-02"),
    ])
    .to_string();
    let unnamed = |fatalities: u32| {
        let mut x = feature("x", 1.0, 1.0, "2019-01-01");
        x.as_object_mut().map(|o| o.remove("id"));
        x["properties"]["fatalities"] = fatalities.into();
        x
    };
    let dup_derived = collection(vec![unnamed(1), unnamed(2)]).to_string();
    vec![
        get("bbox NaN", &format!("{items}?bbox=NaN,0,1,1"), "bbox"),
        get("bbox Infinity", &format!("{items}?bbox=0,0,inf,1"), "bbox"),
        get("bbox latitude beyond 90", &format!("{items}?bbox=0,0,1,91"), "bbox"),
        get("bbox inverted latitudes", &format!("{items}?bbox=0,10,1,5"), "bbox"),
        get("bbox 3 numbers", &format!("{items}?bbox=0,0,1"), "bbox"),
        get("bbox 5 numbers", &format!("{items}?bbox=0,0,1,1,2"), "bbox"),
        get("bbox words", &format!("{items}?bbox=a,b,c,d"), "bbox"),
        get("datetime impossible day", &format!("{items}?datetime=2019-02-30"), "datetime"),
        get("datetime garbage", &format!("{items}?datetime=yesterday"), "datetime"),
        get("datetime inverted interval", &format!("{items}?datetime=2019-02-01/2019-01-01"), "datetime"),
        get("datetime impossible end", &format!("{items}?datetime=2019-01-01/2019-04-31"), "datetime"),
        get("limit unlimited", &format!("{items}?limit=unlimited"), "limit"),
        get("limit negative", &format!("{items}?limit=-5"), "limit"),
        get("unknown parameter", &format!("{items}?colour=red"), "colour"),
        get("repeated parameter", &format!("{items}?limit=1&limit=2"), "limit"),
        get("property name as filter, never evaluated", &format!("{items}?exec(java.lang.Runtime)=1"), "exec"),
        get("unknown event type", &format!("{items}?event_type=Picnic"), "event_type"),
        get("tile beyond the grid", "/tiles/events/2/4/0.mvt", "x"),
        get("tile filter datetime", "/tiles/events/2/0/0.mvt?datetime=2019-13-01", "datetime"),
        post("feature without geometry", items, collection(vec![json!({"type": "Feature", "id": "g", "properties": {"event_date": "2019-01-01", "event_type": "Battles"}})]).to_string(), 400, "geometry"),
        post("LineString geometry", items, f(json!({"type": "LineString", "coordinates": [[0, 0], [1, 1]]})), 400, "LineString"),
        post("longitude out of range", items, f(json!({"type": "Point", "coordinates": [200, 0]})), 400, "longitude"),
        post("one coordinate", items, f(json!({"type": "Point", "coordinates": [1]})), 400, "coordinates"),
        post("nesting depth", items, deep, 400, "body"),
        post("invalid UTF-8", items, invalid_utf8, 400, "unicode"),
        post("duplicate ids in one body", items, dup, 400, "duplicate"),
        post("two different features without ids for one incident", items, dup_derived, 400, "give each an id"),
        post("fatalities with a fraction", items, collection(vec![{ let mut x = feature("q", 1.0, 1.0, "2019-01-01"); x["properties"]["fatalities"] = json!(2.5); x }]).to_string(), 400, "whole number"),
        post("unknown property", items, collection(vec![{ let mut x = feature("p", 1.0, 1.0, "2019-01-01"); x["properties"]["colour"] = json!("red"); x }]).to_string(), 400, "colour"),
        post("not JSON", items, "{\"type\": ", 400, "body"),
        Bad { what: "XML body", method: "POST", path: items.to_string(), content_type: "application/xml", body: b"<event/>".to_vec(), status: 415, names: "JSON" },
        Bad { what: "form body", method: "POST", path: items.to_string(), content_type: "application/x-www-form-urlencoded", body: b"a=b".to_vec(), status: 415, names: "JSON" },
        post("report with empty text", "/reports", json!({"text": " ", "published": "2019-01-01"}).to_string(), 400, "text"),
        post("report with unknown field", "/reports", json!({"text": "Clashes in Aden.", "published": "2019-01-01", "lang": "en"}).to_string(), 400, "lang"),
        post("report with a bad date", "/reports", json!({"text": "Clashes in Aden.", "published": "01/02/2019"}).to_string(), 400, "published"),
        post("report with huge text", "/reports", json!({"text": "a".repeat(300_000), "published": "2019-01-01"}).to_string(), 400, "text"),
        post("body over the limit", items, vec![b' '; 2 * 1024 * 1024], 413, "limit"),
    ]
}

async fn send(app: &TestApp, bad: &Bad) -> (u16, String) {
    let url = format!("{}{}", app.base, bad.path);
    let req = match bad.method {
        "POST" => app.client.post(url).body(bad.body.clone()),
        _ => app.client.get(url),
    };
    let req = if bad.content_type.is_empty() {
        req
    } else {
        req.header("content-type", bad.content_type)
    };
    let r = req.send().await.expect("request");
    let status = r.status().as_u16();
    (status, r.text().await.expect("body"))
}

#[tokio::test]
async fn every_bad_input_is_refused_by_name_and_changes_nothing() {
    let app = spawn_app(Options {
        body_limit: Some(1024 * 1024),
        ..Options::default()
    })
    .await;
    let (status, _) = app
        .post_json(&collection(vec![feature("keep", 40.0, 35.0, "2019-01-01")]))
        .await;
    assert_eq!(status, 201);
    let before = app
        .get_json("/collections/events/items?limit=10000")
        .await
        .1;
    let cases = cases();
    assert!(cases.len() >= 25);
    for bad in &cases {
        let (status, body) = send(&app, bad).await;
        assert_eq!(status, bad.status, "{}: {body}", bad.what);
        let doc: Value = serde_json::from_str(&body)
            .unwrap_or_else(|_| panic!("{}: error body is JSON: {body}", bad.what));
        let said = format!("{} {}", doc["parameter"], doc["description"]);
        assert!(said.contains(bad.names), "{}: {said}", bad.what);
        assert!(
            !body.contains('<'),
            "{}: raw input echoed: {body}",
            bad.what
        );
        let health = app.get("/health").await;
        assert_eq!(health.status(), 200, "{}: server unhealthy", bad.what);
    }
    let after = app
        .get_json("/collections/events/items?limit=10000")
        .await
        .1;
    assert_eq!(before["features"], after["features"], "the store changed");
}

#[tokio::test]
async fn oversized_headers_get_431() {
    let app = spawn_app(Options::default()).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut s = TcpStream::connect(&addr).await.expect("connect");
    let big = "x".repeat(100 * 1024);
    let req = format!("GET /health HTTP/1.1\r\nHost: a\r\nX-Big: {big}\r\n\r\n");
    let _ = s.write_all(req.as_bytes()).await;
    let mut buf = vec![0u8; 256];
    let n = s.read(&mut buf).await.unwrap_or(0);
    let head = String::from_utf8_lossy(&buf[..n]);
    assert!(head.starts_with("HTTP/1.1 431"), "{head}");
    assert_eq!(app.get("/health").await.status(), 200);
}

#[tokio::test]
async fn slow_and_idle_clients_are_cut_off_without_slowing_others() {
    let app = spawn_app(Options {
        header_timeout: Some(Duration::from_secs(1)),
        ..Options::default()
    })
    .await;
    let addr = app.base.trim_start_matches("http://").to_string();
    // 500 connections: half idle, half sending a header line and then stalling (slowloris)
    let mut held = Vec::new();
    for i in 0..500 {
        let mut s = TcpStream::connect(&addr).await.expect("connect");
        if i % 2 == 0 {
            let _ = s
                .write_all(b"GET /health HTTP/1.1\r\nHost: a\r\nX-Slow: ")
                .await;
        }
        held.push(s);
    }
    // others are served at once
    let t = Instant::now();
    for _ in 0..20 {
        assert_eq!(
            app.get("/collections/events/items?limit=5").await.status(),
            200
        );
    }
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "served in {:?}",
        t.elapsed()
    );
    // after the header timeout every held connection has been closed by the server
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let mut open = [0, 0];
    for (i, mut s) in held.into_iter().enumerate() {
        let mut buf = [0u8; 512];
        // closed (0 bytes), or answered with an error status and then closed
        if tokio::time::timeout(Duration::from_millis(100), s.read(&mut buf))
            .await
            .is_err()
        {
            open[i % 2] += 1;
        }
    }
    assert_eq!(open, [0, 0], "connections still held open: [slow, idle]");
    assert_eq!(app.get("/health").await.status(), 200);
}

#[tokio::test]
async fn idle_http2_connections_are_closed_like_idle_http1_ones() {
    let app = spawn_app(Options {
        header_timeout: Some(Duration::from_secs(1)),
        ..Options::default()
    })
    .await;
    let addr = app.base.trim_start_matches("http://").to_string();
    // the HTTP/2 client preface and an empty SETTINGS frame, then nothing: before this fix
    // such a connection held its slot forever (issue 14, item 1)
    let preface: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00";
    let mut held = Vec::new();
    for _ in 0..200 {
        let mut s = TcpStream::connect(&addr).await.expect("connect");
        s.write_all(preface).await.expect("preface");
        held.push(s);
    }
    assert_eq!(app.get("/health").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let mut open = 0;
    for mut s in held {
        // the server's SETTINGS, its ack and GOAWAY may come first: read until closed
        let closed = tokio::time::timeout(Duration::from_millis(500), async {
            let mut buf = [0u8; 1024];
            loop {
                match s.read(&mut buf).await {
                    Ok(0) | Err(_) => return true,
                    Ok(_) => {}
                }
            }
        })
        .await
        .unwrap_or(false);
        if !closed {
            open += 1;
        }
    }
    assert_eq!(open, 0, "idle HTTP/2 connections still open");
    assert_eq!(app.get("/health").await.status(), 200);
}
