//! Harvesting against the real server (issue 15, item 4): keyset paging that neither repeats
//! nor skips events while writes go on, the change feed a mirror keeps in step with, the
//! `seq` and `updated` every event carries, and conditional GETs of pages and events.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::support::{collection, feature, feature_ids, spawn_app, Options, TestApp};

fn date(day: u32) -> String {
    let d =
        chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("date") + chrono::Days::new(day.into());
    d.to_string()
}

async fn post(app: &TestApp, features: Vec<Value>) {
    let (status, body) = app.post_json(&collection(features)).await;
    assert_eq!(status, 201, "{body}");
}

/// The path and query of a link of a page, as the server wrote it.
fn link(doc: &Value, rel: &str) -> Option<String> {
    doc["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == rel)
        .map(|l| {
            let href = l["href"].as_str().expect("href");
            href.split_once("/collections/")
                .map(|(_, rest)| format!("/collections/{rest}"))
                .expect("a collections link")
        })
}

/// Between two pages: 40 new events dated after every stored one (each moves every stored
/// event one place down the page order) and 20 stored events written again, same date.
async fn writes_between_pages(app: &TestApp, round: usize) {
    let mut batch: Vec<Value> = (0..40)
        .map(|i| feature(&format!("new-{round}-{i}"), 40.0, 34.0, &date(5_000 + i)))
        .collect();
    for i in 0..20 {
        let n = (round * 997 + i * 131) % 20_000;
        let mut again = feature(&format!("ev-{n:05}"), 38.0, 35.0, &date((n % 1000) as u32));
        again["properties"]["fatalities"] = (round + 3).into();
        batch.push(again);
    }
    post(app, batch).await;
}

/// Follows `next` links from `first` with writes between pages; the ids of each page.
async fn harvest(app: &TestApp, first: &str, round0: usize) -> Vec<String> {
    let mut seen = Vec::new();
    let mut next = Some(first.to_string());
    let mut round = round0;
    while let Some(path) = next {
        let (status, doc) = app.get_json(&path).await;
        assert_eq!(status, 200, "{path}: {doc}");
        seen.extend(feature_ids(&doc));
        next = link(&doc, "next");
        writes_between_pages(app, round).await;
        round += 1;
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_20000_events_while_writes_go_on_finds_each_id_exactly_once() {
    let app = spawn_app(Options::default()).await;
    for chunk in 0..10 {
        let batch: Vec<Value> = (chunk * 2_000..(chunk + 1) * 2_000)
            .map(|n| feature(&format!("ev-{n:05}"), 38.0, 35.0, &date((n % 1000) as u32)))
            .collect();
        post(&app, batch).await;
    }
    let seen = harvest(&app, "/collections/events/items?limit=1000", 0).await;
    let mut count: HashMap<&str, usize> = HashMap::new();
    for id in &seen {
        *count.entry(id).or_default() += 1;
    }
    let repeated: Vec<_> = count.iter().filter(|(_, &n)| n > 1).collect();
    assert!(repeated.is_empty(), "ids seen twice: {repeated:?}");
    let missing: Vec<String> = (0..20_000)
        .map(|n| format!("ev-{n:05}"))
        .filter(|id| !count.contains_key(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{} ids never seen: {:?}",
        missing.len(),
        &missing[..5.min(missing.len())]
    );

    // the same writes do move the events under paging by offset alone: it repeats ids,
    // which is what the cursor prevents
    let mut offset_seen: HashSet<String> = HashSet::new();
    let mut repeats = 0;
    for (round, offset) in (0..20_000).step_by(1_000).enumerate() {
        let (_, doc) = app
            .get_json(&format!(
                "/collections/events/items?limit=1000&offset={offset}"
            ))
            .await;
        for id in feature_ids(&doc) {
            repeats += usize::from(!offset_seen.insert(id));
        }
        writes_between_pages(&app, 100 + round).await;
    }
    assert!(
        repeats > 0,
        "offset paging saw no repeat: the writes did not move events"
    );

    // with a box (answered from the R-tree, not the page order) the cursor holds as well
    let seen = harvest(
        &app,
        "/collections/events/items?limit=700&bbox=37,34,39,36",
        200,
    )
    .await;
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "a boxed harvest repeated ids");
    assert_eq!(
        seen.iter().filter(|id| id.starts_with("ev-")).count(),
        20_000
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_cursor_is_a_400_that_names_it() {
    let app = spawn_app(Options::default()).await;
    for bad in ["yesterday", "2024-13-01:x", "2024-01-01:", "2024-1-1:x"] {
        let (status, doc) = app
            .get_json(&format!("/collections/events/items?cursor={bad}"))
            .await;
        assert_eq!(status, 400, "{bad}");
        assert_eq!(doc["parameter"], "cursor", "{doc}");
    }
    let (status, doc) = app
        .get_json("/collections/events/items?cursor=2024-01-01:x&sortby=fatalities")
        .await;
    assert_eq!(status, 400);
    assert_eq!(doc["parameter"], "cursor", "{doc}");
}

/// Reads the whole change feed after `since`, `limit` at a time, following `until`.
async fn feed(app: &TestApp, since: u64, limit: usize) -> (Vec<Value>, u64) {
    let mut out = Vec::new();
    let mut since = since;
    loop {
        let (status, doc) = app
            .get_json(&format!(
                "/collections/events/changes?since={since}&limit={limit}"
            ))
            .await;
        assert_eq!(status, 200, "{doc}");
        let changes = doc["changes"].as_array().expect("changes").clone();
        assert!(changes.len() <= limit);
        out.extend(changes);
        since = doc["until"].as_u64().expect("until");
        if doc["complete"] == true {
            assert_eq!(since, doc["latest"].as_u64().expect("latest"));
            assert!(link(&doc, "next").is_none());
            return (out, since);
        }
        assert!(link(&doc, "next").is_some());
    }
}

/// Applies a change list to a mirror (id → feature).
fn apply(mirror: &mut HashMap<String, Value>, changes: &[Value]) {
    for c in changes {
        let id = c["id"].as_str().expect("id").to_string();
        match c["op"].as_str().expect("op") {
            "create" | "update" => {
                mirror.insert(id, c["feature"].clone());
            }
            "delete" => {
                assert!(c.get("feature").is_none());
                mirror.remove(&id);
            }
            other => panic!("unknown op {other}"),
        }
    }
}

async fn everything(app: &TestApp) -> HashMap<String, Value> {
    let (_, doc) = app.get_json("/collections/events/items?limit=10000").await;
    doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| (f["id"].as_str().expect("id").to_string(), f.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mirror_kept_by_the_change_feed_equals_the_store() {
    let app = spawn_app(Options::default()).await;
    let (status, doc) = app.get_json("/collections/events/changes").await;
    assert_eq!(status, 200);
    assert_eq!(doc["latest"], 0);
    assert_eq!(doc["complete"], true);

    let mut written = feature("a", 36.0, 35.0, "2024-01-01");
    // a client's seq and updated are not the store's: they are replaced
    written["properties"]["seq"] = 999_999.into();
    written["properties"]["updated"] = "2001-01-01T00:00:00Z".into();
    post(
        &app,
        vec![
            written,
            feature("b", 36.1, 35.1, "2024-01-02"),
            feature("c", 36.2, 35.2, "2024-01-03"),
        ],
    )
    .await;
    let (_, a) = app.get_json("/collections/events/items/a").await;
    assert_eq!(a["properties"]["seq"], 1, "{a}");
    let updated = a["properties"]["updated"].as_str().expect("updated");
    let updated = chrono::DateTime::parse_from_rfc3339(updated).expect("RFC 3339");
    let age = chrono::Utc::now().signed_duration_since(updated);
    assert!(
        age.num_seconds().abs() < 60,
        "updated is server time: {updated}"
    );

    let mut mirror = HashMap::new();
    let (changes, mark) = feed(&app, 0, 2).await;
    assert_eq!(
        changes
            .iter()
            .map(|c| c["seq"].as_u64().expect("seq"))
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(changes.iter().all(|c| c["op"] == "create"));
    apply(&mut mirror, &changes);
    assert_eq!(mirror, everything(&app).await);

    // an update, a deletion, a creation and an id written again after its deletion
    let mut b = feature("b", 36.1, 35.1, "2024-01-02");
    b["properties"]["fatalities"] = 9.into();
    post(&app, vec![b, feature("d", 36.3, 35.3, "2024-01-04")]).await;
    for id in ["c", "a"] {
        let resp = app
            .client
            .delete(format!("{}/collections/events/items/{id}", app.base))
            .send()
            .await
            .expect("delete");
        assert_eq!(resp.status(), 204);
    }
    post(&app, vec![feature("a", 37.0, 36.0, "2024-02-01")]).await;
    let (changes, _) = feed(&app, mark, 2).await;
    let ops: Vec<(String, String)> = changes
        .iter()
        .map(|c| {
            (
                c["id"].as_str().expect("id").into(),
                c["op"].as_str().expect("op").into(),
            )
        })
        .collect();
    let want = [
        ("b", "update"),
        ("d", "create"),
        ("c", "delete"),
        ("a", "create"),
    ];
    assert_eq!(
        ops,
        want.map(|(i, o)| (i.to_string(), o.to_string())).to_vec(),
        "each id once, at its latest change, in order"
    );
    let seqs: Vec<u64> = changes
        .iter()
        .map(|c| c["seq"].as_u64().expect("seq"))
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    apply(&mut mirror, &changes);
    assert_eq!(mirror, everything(&app).await);
    assert_eq!(mirror["b"]["properties"]["fatalities"], 9);

    // from the start, a fresh mirror gets the same store
    let (changes, _) = feed(&app, 0, 3).await;
    let mut fresh = HashMap::new();
    apply(&mut fresh, &changes);
    assert_eq!(fresh, everything(&app).await);

    for bad in ["since=-1", "since=x", "limit=0", "f=html", "colour=red"] {
        let (status, doc) = app
            .get_json(&format!("/collections/events/changes?{bad}"))
            .await;
        assert_eq!(status, 400, "{bad}: {doc}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_events_answer_conditional_gets() {
    let app = spawn_app(Options::default()).await;
    post(&app, vec![feature("x", 36.0, 35.0, "2024-01-01")]).await;
    let page = "/collections/events/items?limit=5&bbox=30,30,40,40";
    let resp = app.get(page).await;
    assert_eq!(resp.status(), 200);
    let tag = resp.headers()["etag"].to_str().expect("etag").to_string();
    let again = |tag: String| {
        let req = app
            .client
            .get(format!("{}{page}", app.base))
            .header("if-none-match", tag);
        async move { req.send().await.expect("get") }
    };
    let resp = again(tag.clone()).await;
    assert_eq!(resp.status(), 304);
    assert_eq!(resp.headers()["etag"].to_str().expect("etag"), tag);
    // any write makes it a new version
    post(&app, vec![feature("y", 50.0, 50.0, "2024-01-02")]).await;
    let resp = again(tag.clone()).await;
    assert_eq!(resp.status(), 200);
    assert_ne!(resp.headers()["etag"].to_str().expect("etag"), tag);

    let one = format!("{}/collections/events/items/x", app.base);
    let resp = app.client.get(&one).send().await.expect("get");
    let modified = resp.headers()["last-modified"]
        .to_str()
        .expect("last-modified")
        .to_string();
    assert!(modified.ends_with(" GMT"), "{modified}");
    let resp = app
        .client
        .get(&one)
        .header("if-modified-since", &modified)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), 304);
    let resp = app
        .client
        .get(&one)
        .header("if-modified-since", "Sat, 01 Jan 2000 00:00:00 GMT")
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), 200);
}
