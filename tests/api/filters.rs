//! OGC API – Features Part 3 against the real server: queryables, CQL2 text filters, plain
//! per-queryable filters, and GDAL sending its `-where` to the server.

use std::process::Command;

use serde_json::Value;

use crate::support::{collection, feature, spawn_app, Options, TestApp};

/// 60 events: lon 30.0 .. 44.75 in steps of 0.25, fatalities i % 5, event type Battles for
/// even i and Riots for odd, dated 2019-03-01 + i days, actor1 "Group <i % 3>".
async fn app() -> TestApp {
    let app = spawn_app(Options::default()).await;
    let start = chrono::NaiveDate::from_ymd_opt(2019, 3, 1).expect("date");
    let features: Vec<Value> = (0..60)
        .map(|i| {
            let date = start + chrono::Duration::days(i.into());
            let mut f = feature(
                &format!("q{i}"),
                30.0 + f64::from(i) * 0.25,
                35.0,
                &date.to_string(),
            );
            let p = &mut f["properties"];
            p["fatalities"] = (i % 5).into();
            p["event_type"] = if i % 2 == 0 { "Battles" } else { "Riots" }.into();
            p["sub_event_type"] = if i % 2 == 0 {
                "Armed clash"
            } else {
                "Mob violence"
            }
            .into();
            p["actor1"] = format!("Group {}", i % 3).into();
            f
        })
        .collect();
    let (status, body) = app.post_json(&collection(features)).await;
    assert_eq!(status, 201, "{body}");
    app
}

/// The ids a filtered items request returns (all of them: one page of up to 1000).
async fn ids(app: &TestApp, query: &str) -> Vec<u32> {
    let (status, doc) = app
        .get_json(&format!("/collections/events/items?limit=1000&{query}"))
        .await;
    assert_eq!(status, 200, "{query}: {doc}");
    let mut ids: Vec<u32> = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["id"].as_str().expect("id")[1..].parse().expect("number"))
        .collect();
    ids.sort_unstable();
    assert_eq!(doc["numberMatched"].as_u64(), Some(ids.len() as u64));
    ids
}

fn which(pred: impl Fn(u32) -> bool) -> Vec<u32> {
    (0..60).filter(|&i| pred(i)).collect()
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cql2_filters_select_exactly_the_matching_events() {
    let app = app().await;
    let cases: Vec<(&str, Vec<u32>)> = vec![
        ("fatalities > 2", which(|i| i % 5 > 2)),
        (
            "fatalities >= 2 AND event_type = 'Riots'",
            which(|i| i % 5 >= 2 && i % 2 == 1),
        ),
        (
            "event_type IN ('riots') OR fatalities = 0",
            which(|i| i % 2 == 1 || i % 5 == 0),
        ),
        ("NOT (actor1 LIKE '%1')", which(|i| i % 3 != 1)),
        (
            "fatalities BETWEEN 1 AND 2",
            which(|i| (1..=2).contains(&(i % 5))),
        ),
        ("actor2 IS NULL", vec![]),
        ("actor2 IS NOT NULL", which(|_| true)),
        ("event_date >= '2019-04-10'", which(|i| i >= 40)),
        (
            "T_INTERSECTS(event_date, INTERVAL('2019-03-05', '2019-03-07'))",
            which(|i| (4..=6).contains(&i)),
        ),
        (
            "S_INTERSECTS(geometry, BBOX(35, 34, 40, 36)) AND fatalities = 0",
            which(|i| (20..=40).contains(&i) && i % 5 == 0),
        ),
        (
            "S_INTERSECTS(geometry, POLYGON((35 34, 40 34, 40 36, 35 36, 35 34)))",
            which(|i| (20..=40).contains(&i)),
        ),
        ("\"sub_event_type\" = 'MOB VIOLENCE'", which(|i| i % 2 == 1)),
    ];
    for (filter, expected) in cases {
        let got = ids(
            &app,
            &format!("filter-lang=cql2-text&filter={}", enc(filter)),
        )
        .await;
        assert_eq!(got, expected, "{filter}");
    }
    // with the request's own bbox and datetime, all must hold
    let got = ids(
        &app,
        &format!(
            "bbox=30,34,35,36&datetime=2019-03-03/..&filter={}",
            enc("fatalities < 2")
        ),
    )
    .await;
    assert_eq!(got, which(|i| (2..=20).contains(&i) && i % 5 < 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_filters_list_values_and_survive_paging() {
    let app = app().await;
    assert_eq!(
        ids(&app, "fatalities=0,4").await,
        which(|i| i % 5 == 0 || i % 5 == 4)
    );
    assert_eq!(
        ids(&app, "event_type=Battles,Riots&actor1=group%202").await,
        which(|i| i % 3 == 2)
    );
    // the next link carries the filter
    let (_, doc) = app
        .get_json("/collections/events/items?limit=5&fatalities=3")
        .await;
    let next = doc["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .and_then(|l| l["href"].as_str())
        .expect("next link")
        .to_string();
    assert!(next.contains("fatalities=3"), "{next}");
    let path = &next[next.find("/collections").expect("path")..];
    let (_, page2) = app.get_json(path).await;
    for f in page2["features"].as_array().expect("features") {
        assert_eq!(f["properties"]["fatalities"], 3);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queryables_and_bad_filters() {
    let app = app().await;
    let resp = app.get("/collections/events/queryables").await;
    assert_eq!(
        resp.headers()["content-type"].to_str().expect("type"),
        "application/schema+json"
    );
    let doc: Value = resp.json().await.expect("json");
    assert_eq!(doc["type"], "object");
    assert_eq!(doc["properties"]["fatalities"]["type"], "integer");
    assert_eq!(doc["properties"]["event_date"]["format"], "date");
    assert!(doc["properties"]["event_type"]["enum"].is_array());
    let (_, conf) = app.get_json("/conformance").await;
    let classes = conf["conformsTo"].to_string();
    assert!(
        classes.contains("ogcapi-features-3/1.0/conf/filter"),
        "{classes}"
    );
    assert!(classes.contains("cql2/1.0/conf/cql2-text"), "{classes}");

    for (query, parameter, words) in [
        ("filter=colour%3D1", "filter", "not a queryable"),
        ("filter=fatalities%20%3E", "filter", "expected a value"),
        ("filter=fatalities%20%3E%20'x'", "filter", "numbers"),
        ("filter=x&filter-lang=cql3", "filter-lang", "cql2-json"),
        ("filter=x&filter-lang=cql2-json", "filter", "not CQL2 JSON"),
        ("filter-lang=cql2-text", "filter-lang", "without a filter"),
        ("fatalities=many", "fatalities", "numbers"),
        ("event_type=Battles,Picnics", "event_type", "must be one of"),
    ] {
        let (status, body) = app
            .get_json(&format!("/collections/events/items?{query}"))
            .await;
        assert_eq!(status, 400, "{query}: {body}");
        let text = body.to_string();
        assert!(
            text.contains(parameter) && text.contains(words),
            "{query}: {text}"
        );
    }
}

/// Runs a GDAL command with HTTP debugging; returns the URLs it fetched.
async fn gdal_fetches(program: &'static str, args: Vec<String>) -> (String, Vec<String>) {
    let out = tokio::task::spawn_blocking(move || {
        Command::new(program)
            .args(&args)
            .env("CPL_DEBUG", "ON")
            .env("GDAL_HTTP_TIMEOUT", "20")
            .output()
            .unwrap_or_else(|e| panic!("{program} runs (install gdal-bin): {e}"))
    })
    .await
    .expect("join");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{program} failed: {stderr}");
    let urls = stderr
        .lines()
        .filter_map(|l| l.split("Fetch(").nth(1))
        .map(|u| u.trim_end_matches(')').to_string())
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), urls)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gdal_sends_its_where_to_the_server_one_request_per_page() {
    let app = app().await;
    let dir = tempfile::tempdir().expect("dir");
    for (clause, expected) in [
        ("fatalities >= 3", which(|i| i % 5 >= 3).len()),
        (
            "event_type = 'Riots' AND fatalities > 0",
            which(|i| i % 2 == 1 && i % 5 > 0).len(),
        ),
        // GDAL 3.6 turns this into datetime=2019-04-10T/..
        ("event_date >= '2019-04-10'", which(|i| i >= 40).len()),
    ] {
        let out = dir.path().join("out.geojson");
        let _ = std::fs::remove_file(&out);
        let (_, urls) = gdal_fetches(
            "ogr2ogr",
            vec![
                "-f".into(),
                "GeoJSON".into(),
                out.display().to_string(),
                format!("OAPIF:{}/", app.base),
                "events".into(),
                "-oo".into(),
                "PAGE_SIZE=8".into(),
                "-where".into(),
                clause.into(),
            ],
        )
        .await;
        let written: Value =
            serde_json::from_slice(&std::fs::read(&out).expect("output")).expect("geojson");
        let n = written["features"].as_array().expect("features").len();
        assert_eq!(n, expected, "{clause}");
        // the filtered pages: ceil(n / 8), plus at most one empty last page; the probes GDAL
        // makes before (landing page, /api, /collections, a first unfiltered page) are few
        let pages = urls
            .iter()
            .filter(|u| u.contains("/items") && (u.contains("filter=") || u.contains("datetime=")))
            .count();
        assert!(
            pages <= n.div_ceil(8) + 1,
            "{clause}: {pages} filtered requests for {n} features: {urls:#?}"
        );
        assert!(urls.len() <= pages + 6, "{clause}: {urls:#?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sortby_properties_and_skip_geometry_shape_the_page() {
    let app = app().await;
    // most deaths first, then the oldest; paging keeps the order
    let (status, doc) = app
        .get_json("/collections/events/items?sortby=-fatalities,%2Bevent_date&limit=7&properties=fatalities,event_date&skipGeometry=true")
        .await;
    assert_eq!(status, 200, "{doc}");
    let features = doc["features"].as_array().expect("features");
    let ids: Vec<&str> = features
        .iter()
        .map(|f| f["id"].as_str().expect("id"))
        .collect();
    // fatalities 4 are q4, q9, q14 …: the first seven by date
    assert_eq!(ids, ["q4", "q9", "q14", "q19", "q24", "q29", "q34"]);
    for f in features {
        assert!(f["geometry"].is_null());
        let keys: Vec<&String> = f["properties"].as_object().expect("props").keys().collect();
        assert_eq!(keys.len(), 2, "{keys:?}");
    }
    let next = doc["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .and_then(|l| l["href"].as_str())
        .expect("next")
        .to_string();
    assert!(
        next.contains("sortby=") && next.contains("skipGeometry=true"),
        "{next}"
    );
    let (_, page2) = app
        .get_json(&next[next.find("/collections").expect("path")..])
        .await;
    assert_eq!(page2["features"][0]["id"], "q39");

    for (query, parameter) in [
        ("sortby=colour", "sortby"),
        ("properties=colour", "properties"),
        ("skipGeometry=yes", "skipGeometry"),
    ] {
        let (status, body) = app
            .get_json(&format!("/collections/events/items?{query}"))
            .await;
        assert_eq!(status, 400, "{query}");
        assert!(body.to_string().contains(parameter), "{body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cql2_json_filters_select_what_their_text_twins_do() {
    let app = app().await;
    let cases = [
        (
            r#"{"op":"and","args":[{"op":">=","args":[{"property":"fatalities"},2]},{"op":"=","args":[{"property":"event_type"},"Riots"]}]}"#,
            which(|i| i % 5 >= 2 && i % 2 == 1),
        ),
        (
            r#"{"op":"not","args":[{"op":"like","args":[{"property":"actor1"},"%1"]}]}"#,
            which(|i| i % 3 != 1),
        ),
        (
            r#"{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[35,34],[40,34],[40,36],[35,36],[35,34]]]}]}"#,
            which(|i| (20..=40).contains(&i)),
        ),
        (
            r#"{"op":"t_intersects","args":[{"property":"event_date"},{"interval":["2019-03-05","2019-03-07"]}]}"#,
            which(|i| (4..=6).contains(&i)),
        ),
        (
            r#"{"op":"in","args":[{"property":"fatalities"},[0,4]]}"#,
            which(|i| i % 5 == 0 || i % 5 == 4),
        ),
    ];
    for (json, want) in cases {
        let got = ids(&app, &format!("filter-lang=cql2-json&filter={}", enc(json))).await;
        assert_eq!(got, want, "{json}");
    }
    // a bad JSON filter is a 400 naming `filter`, and says why
    let (status, doc) = app
        .get_json(&format!(
            "/collections/events/items?filter-lang=cql2-json&filter={}",
            enc(r#"{"op":">","args":[{"property":"colour"},1]}"#)
        ))
        .await;
    assert_eq!(status, 400);
    assert_eq!(doc["parameter"], "filter");
    assert!(
        doc["description"].to_string().contains("not a queryable"),
        "{doc}"
    );
    // the conformance class is declared
    let (_, conformance) = app.get_json("/conformance").await;
    assert!(conformance["conformsTo"]
        .to_string()
        .contains("cql2/1.0/conf/cql2-json"));
}
