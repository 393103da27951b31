//! OWSLib (PyPI), the Python OGC API client, against the real server: conformance,
//! queryables and schema, a CQL2 filter with sortby, and Part 4's create, replace and delete,
//! under the server's token. `.ci/run` installs it; without it this fails.

use serde_json::Value;

use crate::support::{collection, feature, run_python_client, spawn_app, Options};

const SCRIPT: &str = r#"
import json, sys
from owslib.ogcapi.features import Features
url, token = sys.argv[1], sys.argv[2]
api = Features(url, headers={"Authorization": "Bearer " + token})
out = {}
out["conformance"] = api.conformance()["conformsTo"]
out["queryables"] = sorted(api.collection_queryables("events")["properties"])
out["schema"] = sorted(api.collection_schema("events")["properties"])
page = api.collection_items("events", filter="fatalities >= 3", sortby=("fatalities", "desc"), limit=50)
out["filtered"] = [[f["id"], f["properties"]["fatalities"]] for f in page["features"]]
new = {"type": "Feature", "id": "ows-1", "geometry": {"type": "Point", "coordinates": [36.2, 33.5]},
       "properties": {"event_date": "2024-02-02", "event_type": "Protests", "fatalities": 0,
                      "notes": "Written by the OWSLib test."}}
api.collection_item_create("events", new)
out["created"] = api.collection_item("events", "ows-1")["properties"]["event_type"]
new["properties"]["event_type"] = "Riots"
api.collection_item_update("events", "ows-1", new)
out["replaced"] = api.collection_item("events", "ows-1")["properties"]["event_type"]
api.collection_item_delete("events", "ows-1")
try:
    api.collection_item("events", "ows-1")
    out["deleted"] = False
except RuntimeError:
    out["deleted"] = True
print(json.dumps(out))
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owslib_reads_filters_sorts_and_edits() {
    let app = spawn_app(Options {
        token: Some("ows-token"),
        ..Options::default()
    })
    .await;
    let features: Vec<Value> = (0..12)
        .map(|i| {
            let mut f = feature(
                &format!("o{i}"),
                36.0 + f64::from(i) * 0.1,
                34.0,
                "2024-01-10",
            );
            f["properties"]["fatalities"] = i.into();
            f
        })
        .collect();
    let resp = app
        .client
        .post(format!("{}/collections/events/items", app.base))
        .bearer_auth("ows-token")
        .header("content-type", "application/geo+json")
        .body(collection(features).to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 201);

    let got = run_python_client(
        "python3",
        SCRIPT,
        vec![app.base.clone(), "ows-token".into()],
        "pip install owslib; .ci/run does",
    )
    .await;
    let conformance = got["conformance"].to_string();
    for class in [
        "features-3/1.0/conf/filter",
        "features-4/1.0/conf/create-replace-delete",
    ] {
        assert!(conformance.contains(class), "{class}");
    }
    let names = |k: &str| {
        got[k]
            .as_array()
            .expect(k)
            .iter()
            .map(|v| v.as_str().expect("name").to_string())
            .collect::<Vec<_>>()
    };
    assert!(names("queryables").contains(&"fatalities".to_string()));
    assert!(names("schema").contains(&"seq".to_string()));
    let tolls: Vec<i64> = got["filtered"]
        .as_array()
        .expect("filtered")
        .iter()
        .map(|p| p[1].as_i64().expect("toll"))
        .collect();
    assert_eq!(
        tolls,
        (3..12).rev().collect::<Vec<i64>>(),
        "filter >= 3, most deaths first"
    );
    assert_eq!(got["created"], "Protests");
    assert_eq!(got["replaced"], "Riots");
    assert_eq!(got["deleted"], true);
}
