//! Writes: POST of features, idempotency by id, validation, media types, bearer token.

use serde_json::json;

use crate::support::{collection, feature, spawn_app, Options, TestApp};

async fn count(app: &TestApp) -> u64 {
    let (_, doc) = app.get_json("/collections/events/items?limit=1").await;
    doc["numberMatched"].as_u64().expect("numberMatched")
}

#[tokio::test]
async fn a_posted_feature_is_stored_and_the_same_id_updates() {
    let app = spawn_app(Options::default()).await;
    let r = app
        .client
        .post(format!("{}/collections/events/items", app.base))
        .header("content-type", "application/json")
        .body(feature("e-1", 40.72, 34.78, "2018-10-03").to_string())
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert!(location.ends_with("/collections/events/items/e-1"));
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(
        (body["inserted"].as_u64(), body["updated"].as_u64()),
        (Some(1), Some(0))
    );
    let got: serde_json::Value = app
        .client
        .get(&location)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(got["properties"]["fatalities"], 2);

    let mut changed = feature("e-1", 40.72, 34.78, "2018-10-03");
    changed["properties"]["fatalities"] = json!(7);
    let (status, body) = app.post_json(&changed).await;
    assert_eq!(status, 201);
    assert_eq!(
        (body["inserted"].as_u64(), body["updated"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(count(&app).await, 1);
    let (_, got) = app.get_json("/collections/events/items/e-1").await;
    assert_eq!(got["properties"]["fatalities"], 7);

    // the optional fields of extracted events round-trip
    let mut extracted = feature("e-2", 40.72, 34.78, "2018-10-03");
    let p = &mut extracted["properties"];
    p["geo_radius_km"] = json!(12.5);
    p["fatalities_max"] = json!(9);
    p["evidence"] = json!({"place": {"text": "Hajin", "start": 3, "end": 8}});
    let (status, _) = app.post_json(&extracted).await;
    assert_eq!(status, 201);
    let (_, got) = app.get_json("/collections/events/items/e-2").await;
    let p = &got["properties"];
    assert_eq!(
        (p["geo_radius_km"].as_f64(), p["fatalities_max"].as_u64()),
        (Some(12.5), Some(9))
    );
    assert_eq!(p["evidence"]["place"]["text"], "Hajin");
}

#[tokio::test]
async fn a_feature_without_id_gets_a_stable_one() {
    let app = spawn_app(Options::default()).await;
    let mut f = feature("x", 36.2, 33.5, "2019-01-01");
    f.as_object_mut().expect("object").remove("id");
    let (s1, b1) = app.post_json(&f).await;
    let (s2, b2) = app.post_json(&f).await;
    assert_eq!((s1, s2), (201, 201));
    assert_eq!(b1["features"][0]["id"], b2["features"][0]["id"]);
    assert_eq!(count(&app).await, 1);
}

#[tokio::test]
async fn invalid_bodies_are_400_naming_the_problem_and_change_nothing() {
    let app = spawn_app(Options::default()).await;
    let (status, _) = app
        .post_json(&feature("keep", 1.0, 1.0, "2018-01-01"))
        .await;
    assert_eq!(status, 201);
    let mut no_geometry = feature("a", 1.0, 1.0, "2018-01-01");
    no_geometry["geometry"] = serde_json::Value::Null;
    let mut polygon = feature("a", 1.0, 1.0, "2018-01-01");
    polygon["geometry"] = json!({"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]});
    let mut bad_date = feature("a", 1.0, 1.0, "2018-01-01");
    bad_date["properties"]["event_date"] = json!("2018-02-30");
    let mut bad_type = feature("a", 1.0, 1.0, "2018-01-01");
    bad_type["properties"]["event_type"] = json!("War");
    let mut unknown_prop = feature("a", 1.0, 1.0, "2018-01-01");
    unknown_prop["properties"]["colour"] = json!("red");
    let mut bad_sub = feature("a", 1.0, 1.0, "2018-01-01");
    bad_sub["properties"]["sub_event_type"] = json!("Grenade");
    let mut long_quote = feature("a", 1.0, 1.0, "2018-01-01");
    long_quote["properties"]["evidence"] =
        json!({"place": {"text": "x".repeat(1001), "start": 0, "end": 1001}});
    let mut zero_radius = feature("a", 1.0, 1.0, "2018-01-01");
    zero_radius["properties"]["geo_radius_km"] = json!(0);
    let cases = vec![
        (feature("a", 200.0, 1.0, "2018-01-01"), "geometry"),
        (feature("a", 1.0, -95.0, "2018-01-01"), "geometry"),
        (no_geometry, "geometry"),
        (polygon, "geometry"),
        (bad_date, "event_date"),
        (bad_type, "event_type"),
        (unknown_prop, "colour"),
        (bad_sub, "sub_event_type"),
        (long_quote, "evidence.place"),
        (zero_radius, "geo_radius_km"),
        (
            collection(vec![
                feature("dup", 1.0, 1.0, "2018-01-01"),
                feature("dup", 2.0, 2.0, "2018-01-01"),
            ]),
            "features[1].id",
        ),
        (
            collection(vec![
                feature("fine", 1.0, 1.0, "2018-01-01"),
                feature("bad", 1.0, 100.0, "2018-01-01"),
            ]),
            "features[1]",
        ),
        (json!({"type": "FeatureCollection", "features": []}), ""),
        (json!([1, 2, 3]), ""),
    ];
    for (body, names) in cases {
        let (status, err) = app.post_json(&body).await;
        assert_eq!(status, 400, "{body}");
        let text = format!("{} {}", err["parameter"], err["description"]);
        assert!(text.contains(names), "{names} not named in {err}");
    }
    // all or nothing: "fine" of the mixed collection was not stored
    assert_eq!(count(&app).await, 1);
    let (status, _) = app.get_json("/collections/events/items/fine").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn non_json_bodies_are_415_and_oversized_ones_413() {
    let app = spawn_app(Options {
        body_limit: Some(2_000),
        ..Options::default()
    })
    .await;
    for ct in [
        "application/xml",
        "application/x-www-form-urlencoded",
        "text/plain",
    ] {
        let r = app
            .client
            .post(format!("{}/collections/events/items", app.base))
            .header("content-type", ct)
            .body("<a/>")
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), 415, "{ct}");
    }
    let big: Vec<_> = (0..40)
        .map(|i| feature(&format!("b{i}"), 1.0, 1.0, "2018-01-01"))
        .collect();
    let (status, err) = app.post_json(&collection(big)).await;
    assert_eq!(status, 413);
    assert_eq!(err["code"], "PayloadTooLarge");
    assert_eq!(count(&app).await, 0);
}

#[tokio::test]
async fn with_a_token_writes_need_it_and_reads_stay_public() {
    let app = spawn_app(Options {
        token: Some("s3cret-token"),
        ..Options::default()
    })
    .await;
    let url = format!("{}/collections/events/items", app.base);
    let body = feature("t-1", 1.0, 1.0, "2018-01-01").to_string();
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("s3cret-token"),
        Some("Basic czNjcmV0LXRva2Vu"),
    ] {
        let mut req = app
            .client
            .post(&url)
            .header("content-type", "application/json")
            .body(body.clone());
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let r = req.send().await.expect("request");
        assert_eq!(r.status(), 401, "{auth:?}");
        assert_eq!(r.headers()["www-authenticate"], "Bearer");
    }
    assert_eq!(count(&app).await, 0);
    let r = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .header("authorization", "Bearer s3cret-token")
        .body(body)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 201);
    assert_eq!(app.get("/collections/events/items").await.status(), 200);
    assert_eq!(count(&app).await, 1);
}

#[tokio::test]
async fn the_gazetteer_endpoint_answers_like_the_cli() {
    let app = spawn_app(Options::default()).await;
    let (status, doc) = app
        .get_json("/gazetteer?q=Palmyra&country=SY&limit=2")
        .await;
    assert_eq!(status, 200);
    assert_eq!(doc["features"][0]["properties"]["name"], "Tadmur");
    assert_eq!(doc["features"].as_array().expect("features").len(), 2);
    for (q, param) in [
        ("", "q"),
        ("q=", "q"),
        ("q=X&country=Syria", "country"),
        ("q=X&limit=0", "limit"),
        ("q=X&z=1", "z"),
    ] {
        let (status, err) = app.get_json(&format!("/gazetteer?{q}")).await;
        assert_eq!(
            (status, err["parameter"].as_str()),
            (400, Some(param)),
            "{q}"
        );
    }
}

#[tokio::test]
async fn a_feature_without_id_sent_twice_in_one_body_is_kept_once() {
    let app = spawn_app(Options::default()).await;
    let mut f = feature("x", 10.0, 20.0, "2019-05-01");
    f.as_object_mut().map(|o| o.remove("id"));
    // whole numbers written as floats, as JavaScript may write them
    f["properties"]["fatalities"] = json!(3.0);
    f["properties"]["geo_precision"] = json!(2.0);
    let (status, body) = app.post_json(&collection(vec![f.clone(), f])).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(count(&app).await, 1);
    let (_, doc) = app.get_json("/collections/events/items").await;
    assert_eq!(doc["features"][0]["properties"]["fatalities"], 3);
    assert_eq!(doc["features"][0]["properties"]["geo_precision"], 2);
}
