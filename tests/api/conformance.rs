//! The checks of OGC's Part 1 conformance suite (ets-ogcapi-features10), ported: the suite
//! itself is Java from Maven Central and cannot run here.

use serde_json::Value;

use crate::support::{collection, feature, spawn_app, Options, TestApp};

fn links_with_rel<'a>(doc: &'a Value, rel: &str) -> Vec<&'a Value> {
    doc["links"]
        .as_array()
        .expect("links")
        .iter()
        .filter(|l| l["rel"] == rel)
        .collect()
}

async fn app_with_events() -> TestApp {
    let app = spawn_app(Options::default()).await;
    let features = vec![
        feature("am-east", 179.5, 66.0, "2017-03-04"),
        feature("am-west", -178.5, 68.0, "2017-03-20"),
        feature("am-mid", 0.0, 66.0, "2017-04-05"),
        feature("pole-1", 10.0, 88.0, "2017-04-06"),
        feature("pole-2", -170.0, 85.0, "2017-04-07"),
        feature("south", 10.0, -50.0, "2018-01-01"),
    ];
    let (status, _) = app.post_json(&collection(features)).await;
    assert_eq!(status, 201);
    app
}

#[tokio::test]
async fn landing_page_links_to_api_conformance_and_data() {
    let app = spawn_app(Options::default()).await;
    let (status, doc) = app.get_json("/").await;
    assert_eq!(status, 200);
    assert!(doc["title"].is_string());
    for rel in ["self", "service-desc", "conformance", "data"] {
        let links = links_with_rel(&doc, rel);
        assert!(!links.is_empty(), "landing page lacks rel={rel}");
        for l in links {
            assert!(l["href"].as_str().expect("href").starts_with(&app.base));
            assert!(l["type"].is_string());
        }
    }
    // every link resolves
    for l in doc["links"].as_array().expect("links") {
        let href = l["href"].as_str().expect("href");
        if href.contains("/tiles/") {
            continue; // served by the tiles stage
        }
        let r = app.client.get(href).send().await.expect("request");
        assert_eq!(r.status(), 200, "{href}");
    }
}

#[tokio::test]
async fn conformance_declares_core_geojson_html_oas30() {
    let app = spawn_app(Options::default()).await;
    let (status, doc) = app.get_json("/conformance").await;
    assert_eq!(status, 200);
    let classes: Vec<&str> = doc["conformsTo"]
        .as_array()
        .expect("conformsTo")
        .iter()
        .map(|c| c.as_str().expect("uri"))
        .collect();
    for c in ["core", "geojson", "html", "oas30"] {
        let uri = format!("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{c}");
        assert!(classes.contains(&uri.as_str()), "missing {uri}");
    }
}

#[tokio::test]
async fn collections_have_extents_and_items_links() {
    let app = app_with_events().await;
    let (status, doc) = app.get_json("/collections").await;
    assert_eq!(status, 200);
    assert!(!links_with_rel(&doc, "self").is_empty());
    let cols = doc["collections"].as_array().expect("collections");
    assert_eq!(cols.len(), 1);
    let c = &cols[0];
    assert_eq!(c["id"], "events");
    let items = links_with_rel(c, "items");
    assert!(items.iter().any(|l| l["type"] == "application/geo+json"));
    let bbox = &c["extent"]["spatial"]["bbox"][0];
    assert_eq!(bbox.as_array().expect("bbox").len(), 4);
    assert_eq!(bbox[0], -178.5);
    assert_eq!(bbox[3], 88.0);
    let interval = &c["extent"]["temporal"]["interval"][0];
    assert_eq!(interval[0], "2017-03-04T00:00:00Z");
    assert_eq!(interval[1], "2018-01-01T23:59:59Z");
    let (status, one) = app.get_json("/collections/events").await;
    assert_eq!(status, 200);
    assert_eq!(one["id"], "events");
}

#[tokio::test]
async fn openapi_declares_bbox_datetime_and_limit() {
    let app = spawn_app(Options::default()).await;
    let r = app.get("/api").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .expect("ct")
        .starts_with("application/vnd.oai.openapi+json"));
    let doc: Value = r.json().await.expect("json");
    assert!(doc["openapi"].as_str().expect("version").starts_with("3.0"));
    let bbox = &doc["components"]["parameters"]["bbox"];
    assert_eq!(bbox["in"], "query");
    assert_eq!(bbox["style"], "form");
    assert_eq!(bbox["explode"], false);
    assert_eq!(bbox["schema"]["type"], "array");
    assert_eq!(bbox["schema"]["minItems"], 4);
    assert_eq!(bbox["schema"]["maxItems"], 6);
    assert_eq!(bbox["schema"]["items"]["type"], "number");
    let dt = &doc["components"]["parameters"]["datetime"];
    assert_eq!(dt["style"], "form");
    assert_eq!(dt["explode"], false);
    let limit = &doc["components"]["parameters"]["limit"];
    assert_eq!(limit["schema"]["type"], "integer");
    assert_eq!(limit["schema"]["minimum"], 1);
    assert_eq!(limit["schema"]["maximum"], 10_000);
    assert_eq!(limit["schema"]["default"], 100);
    let params = doc["paths"]["/collections/events/items"]["get"]["parameters"]
        .as_array()
        .expect("parameters");
    let refs: Vec<String> = params.iter().map(|p| p.to_string()).collect();
    for name in [
        "bbox",
        "datetime",
        "limit",
        "offset",
        "event_type",
        "country_code",
        "actor",
    ] {
        assert!(refs.iter().any(|r| r.contains(name)), "items lacks {name}");
    }
}

async fn ids(app: &TestApp, query: &str) -> Vec<String> {
    let (status, doc) = app
        .get_json(&format!("/collections/events/items?{query}"))
        .await;
    assert_eq!(status, 200, "{query}: {doc}");
    let mut ids: Vec<String> = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect();
    ids.sort();
    assert_eq!(doc["numberReturned"], ids.len());
    ids
}

#[tokio::test]
async fn antimeridian_and_polar_boxes_answer_exactly_the_intersecting_features() {
    let app = app_with_events().await;
    assert_eq!(
        ids(&app, "bbox=177,65,-177,70").await,
        ["am-east", "am-west"]
    );
    assert_eq!(ids(&app, "bbox=-180,85,180,90").await, ["pole-1", "pole-2"]);
    assert_eq!(ids(&app, "bbox=-1,65,1,67").await, ["am-mid"]);
}

#[tokio::test]
async fn datetime_instants_intervals_and_durations() {
    let app = app_with_events().await;
    assert_eq!(ids(&app, "datetime=2017-03-04").await, ["am-east"]);
    assert_eq!(
        ids(&app, "datetime=2017-03-04T12:00:00Z").await,
        ["am-east"]
    );
    assert_eq!(
        ids(&app, "datetime=2017-03-01/2017-03-31").await,
        ["am-east", "am-west"]
    );
    assert_eq!(ids(&app, "datetime=../2017-03-04").await, ["am-east"]);
    assert_eq!(
        ids(&app, "datetime=2017-04-07/..").await,
        ["pole-2", "south"]
    );
    // 2017-03-04 plus one month and two days ends 2017-04-06
    assert_eq!(
        ids(&app, "datetime=2017-03-04/P1M2D").await,
        ["am-east", "am-mid", "am-west", "pole-1"]
    );
}

#[tokio::test]
async fn bad_parameters_are_400_naming_the_parameter() {
    let app = app_with_events().await;
    let cases = [
        ("limit=unlimited", "limit"),
        ("limit=0", "limit"),
        ("limit=-5", "limit"),
        ("offset=-1", "offset"),
        ("unknown=1", "unknown"),
        ("bbox=1,2,3", "bbox"),
        ("bbox=1,2,3,4,5", "bbox"),
        ("bbox=0,0,NaN,1", "bbox"),
        ("bbox=0,-95,1,1", "bbox"),
        ("bbox=0,10,1,5", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("bbox-crs=EPSG:3857", "bbox-crs"),
        ("datetime=2018-02-30", "datetime"),
        ("datetime=2019-01-01/2018-01-01", "datetime"),
        ("datetime=tomorrow", "datetime"),
        ("event_type=War", "event_type"),
        ("country_code=Syria", "country_code"),
        ("f=xml", "f"),
        ("limit=5&limit=6", "limit"),
    ];
    for (query, parameter) in cases {
        let (status, body) = app
            .get_json(&format!("/collections/events/items?{query}"))
            .await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(body["parameter"], parameter, "{query}: {body}");
        assert!(body["description"].as_str().expect("description").len() > 5);
    }
    let (status, body) = app.get_json("/conformance?colour=red").await;
    assert_eq!((status, body["parameter"].as_str()), (400, Some("colour")));
    // the server is still healthy
    let (status, health) = app.get_json("/health").await;
    assert_eq!((status, health["events"].as_u64()), (200, Some(6)));
}

#[tokio::test]
async fn a_single_feature_has_its_links_and_absent_ones_are_404() {
    let app = app_with_events().await;
    let (status, f) = app.get_json("/collections/events/items/am-east").await;
    assert_eq!(status, 200);
    assert_eq!(f["type"], "Feature");
    assert_eq!(f["id"], "am-east");
    assert_eq!(f["geometry"]["coordinates"][0], 179.5);
    assert_eq!(f["properties"]["event_date"], "2017-03-04");
    assert!(!links_with_rel(&f, "self").is_empty());
    let coll = links_with_rel(&f, "collection");
    assert!(coll[0]["href"]
        .as_str()
        .expect("href")
        .ends_with("/collections/events"));
    let (status, body) = app.get_json("/collections/events/items/nope").await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "NotFound");
}

#[tokio::test]
async fn html_is_negotiated_and_escapes_data() {
    let app = spawn_app(Options::default()).await;
    let mut f = feature("x<script>", 10.0, 10.0, "2020-01-01");
    f["properties"]["notes"] = "<script>alert(1)</script>".into();
    let (status, _) = app.post_json(&f).await;
    assert_eq!(status, 201);
    let r = app
        .client
        .get(format!("{}/collections/events/items", app.base))
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .expect("ct")
        .starts_with("text/html"));
    let page = r.text().await.expect("text");
    assert!(page.contains("x&lt;script&gt;"));
    assert!(!page.contains("<script>"));
    let one = app
        .get("/collections/events/items/x%3Cscript%3E?f=html")
        .await
        .text()
        .await
        .expect("text");
    assert!(one.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !one.contains("<script>"));
    let landing = app.get("/?f=html").await.text().await.expect("text");
    assert!(landing.starts_with("<!doctype html>"));
}

/// Issue 18: the synthetic demo events say what they are wherever they show (the map says it in
/// its own note, tests/map); real events get no such note.
#[tokio::test]
async fn html_pages_say_when_events_are_synthetic_demo_events() {
    let app = spawn_app(Options {
        demo: true,
        ..Options::default()
    })
    .await;
    let list = app
        .get("/collections/events/items?f=html&source=sitmap%20demo%20(synthetic)&limit=5")
        .await
        .text()
        .await
        .expect("text");
    assert!(list.contains("Synthetic demo events"), "{list}");
    assert!(list.contains("Not real reports"));
    let doc: Value = app
        .get("/collections/events/items?source=sitmap%20demo%20(synthetic)&limit=1")
        .await
        .json()
        .await
        .expect("json");
    let id = doc["features"][0]["id"]
        .as_str()
        .expect("a demo event")
        .to_string();
    let one = app
        .get(&format!("/collections/events/items/{id}?f=html"))
        .await
        .text()
        .await
        .expect("text");
    assert!(one.contains("Synthetic demo events"), "{one}");

    let (status, _) = app
        .post_json(&feature("real-1", 10.0, 10.0, "2020-01-01"))
        .await;
    assert_eq!(status, 201);
    let real = app
        .get("/collections/events/items/real-1?f=html")
        .await
        .text()
        .await
        .expect("text");
    assert!(!real.contains("Synthetic demo events"));
}

#[tokio::test]
async fn responses_are_gzipped_on_request_and_allow_cors() {
    let app = app_with_events().await;
    let raw = reqwest::Client::builder()
        .no_gzip()
        .build()
        .expect("client");
    let r = raw
        .get(format!("{}/collections/events/items?limit=100", app.base))
        .header("accept-encoding", "gzip")
        .header("origin", "https://maps.example.org")
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn openapi_31_bounds_latitudes_and_leaves_limit_to_the_clamp() {
    let app = spawn_app(Options::default()).await;
    let r = app.get("/api?version=3.1").await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"].to_str().expect("ct"),
        "application/vnd.oai.openapi+json;version=3.1"
    );
    let doc: Value = r.json().await.expect("json");
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(!doc.to_string().contains("nullable"));
    let forms = doc["components"]["parameters"]["bbox"]["schema"]["oneOf"]
        .as_array()
        .expect("two bbox forms");
    assert_eq!(forms.len(), 2);
    // four numbers: latitudes at positions 1 and 3; six numbers: at 1 and 4
    for (form, lats) in forms.iter().zip([[1, 3], [1, 4]]) {
        for i in lats {
            assert_eq!(form["prefixItems"][i]["maximum"], 90, "{form}");
        }
        assert_eq!(form["prefixItems"][0]["maximum"], 180, "{form}");
    }
    let limit = &doc["components"]["parameters"]["limit"]["schema"];
    assert!(limit.get("maximum").is_none(), "{limit}");
    let point = &doc["components"]["schemas"]["Feature"]["properties"]["geometry"]["properties"]
        ["coordinates"];
    assert_eq!(point["prefixItems"][1]["minimum"], -90);
    let (status, _) = app.get_json("/api?version=2").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn negotiated_answers_say_they_vary_by_accept_and_are_never_sniffed() {
    let app = spawn_app(Options::default()).await;
    for (path, accept) in [
        ("/collections/events/items", "text/html"),
        ("/collections/events/items", "application/geo+json"),
        ("/", "text/html"),
        ("/nowhere", "application/json"),
    ] {
        let resp = app
            .client
            .get(format!("{}{path}", app.base))
            .header("accept", accept)
            .send()
            .await
            .expect("request");
        let h = resp.headers();
        let vary: Vec<&str> = h
            .get_all("vary")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        // "accept" itself, not only compression's "accept-encoding"
        assert!(
            vary.iter()
                .flat_map(|v| v.split(','))
                .any(|t| t.trim().eq_ignore_ascii_case("accept")),
            "{path} {accept}: {vary:?}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
    }
}

#[tokio::test]
async fn openapi_describes_every_endpoint_and_each_documented_path_is_served() {
    let app = app_with_events().await;
    let (status, doc) = app.get_json("/api").await;
    assert_eq!(status, 200);
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/",
        "/conformance",
        "/api",
        "/collections",
        "/collections/events",
        "/collections/events/items",
        "/collections/events/items/{featureId}",
        "/collections/events/queryables",
        "/collections/events/schema",
        "/collections/events/changes",
        "/collections/events/export",
        "/collections/events/tiles",
        "/collections/events/tiles/{tileMatrixSetId}",
        "/collections/events/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
        "/tileMatrixSets",
        "/tileMatrixSets/{tileMatrixSetId}",
        "/gazetteer",
        "/gazetteer/user",
        "/gazetteer/user/{id}",
        "/geoparse",
        "/reports",
        "/tiles/events.json",
        "/tiles/events/metadata.json",
        "/tiles/events/{z}/{x}/{y}",
        "/tiles/basemap/{z}/{x}/{y}",
        "/map",
        "/styles/events.json",
        "/styles/events.qml",
        "/health",
        "/metrics",
    ] {
        assert!(paths.contains_key(path), "/api does not describe {path}");
    }
    // every documented GET path, its placeholders filled with a valid value, is served
    let fill = |p: &str| {
        p.replace("{featureId}", "south")
            .replace("{tileMatrixSetId}", "WebMercatorQuad")
            .replace("{tileMatrix}", "3")
            .replace("{tileRow}", "3")
            .replace("{tileCol}", "4")
            .replace("{z}/{x}/{y}", "3/4/3.mvt")
    };
    for (path, ops) in paths {
        if ops.get("get").is_none() {
            continue;
        }
        let url = match path.as_str() {
            "/gazetteer" => "/gazetteer?q=Damascus".to_string(),
            "/collections/events/export" => "/collections/events/export?f=csv".to_string(),
            p => fill(p),
        };
        let r = app.get(&url).await;
        assert!(
            r.status().is_success(),
            "documented GET {url} answered {}",
            r.status()
        );
    }
}
