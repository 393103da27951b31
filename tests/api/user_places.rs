//! The analyst's own places and pins (`/gazetteer/user`, `DATA/gazetteer-user.json`), against
//! the real binary and its file on disk.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::{block_on, start_binary};

fn get(url: &str) -> Value {
    block_on(async {
        reqwest::get(url)
            .await
            .expect("request")
            .json()
            .await
            .expect("json")
    })
}

fn send(
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
    token: Option<&str>,
) -> (u16, Value) {
    block_on(async {
        let mut req = reqwest::Client::new().request(method, url);
        if let Some(b) = body {
            req = req
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    })
}

fn post(base: &str, body: Value) -> (u16, Value) {
    send(
        reqwest::Method::POST,
        &format!("{base}/gazetteer/user"),
        Some(body),
        None,
    )
}

/// The best candidate's properties for a name.
fn best(base: &str, name: &str) -> Value {
    let fc = get(&format!("{base}/gazetteer?q={}", name.replace(' ', "%20")));
    fc["features"][0]["properties"].clone()
}

/// Raqqa's GeoNames id, as the gazetteer has it.
fn raqqa_id(base: &str) -> i64 {
    let p = best(base, "Raqqa");
    assert_eq!(p["country_code"], "SY");
    p["geonameid"].as_i64().expect("id")
}

#[test]
fn pins_and_places_take_effect_at_once_persist_and_say_they_are_the_users() {
    let dir = tempfile::tempdir().expect("dir");
    let server = start_binary(dir.path(), &[], &[]);
    let base = server.base.clone();
    let raqqa = raqqa_id(&base);

    // before: the invented names resolve to nothing of ours
    assert_ne!(best(&base, "Qaryat Zeta")["match"], "user");

    let (status, pin) = post(
        &base,
        json!({"name": "Qaryat Zeta", "aliases": ["Zeta village"], "geonameid": raqqa,
               "note": "the stringer's name for it"}),
    );
    assert_eq!(status, 201, "{pin}");
    assert_eq!(pin["id"], "u1");
    let (status, place) = post(
        &base,
        json!({"name": "Camp Nine", "lat": 35.9, "lon": 39.1, "country_code": "sy",
               "note": "displacement camp"}),
    );
    assert_eq!(status, 201, "{place}");
    assert_eq!(place["id"], "u2");

    // the gazetteer answers with the user's entries, marked as such
    let p = best(&base, "zeta village");
    assert_eq!(p["geonameid"].as_i64(), Some(raqqa));
    assert_eq!(p["match"], "user");
    let p = best(&base, "Camp Nine");
    assert_eq!(p["match"], "user");
    assert_eq!(p["source"], "user: displacement camp");
    assert_eq!(p["country_code"], "SY");
    assert!(p["geonameid"].is_null());

    // so does the geoparser, which finds the names in running text
    let (status, fc) = send(
        reqwest::Method::POST,
        &format!("{base}/geoparse"),
        Some(json!({"text": "Shelling hit Camp Nine and Qaryat Zeta on Monday."})),
        None,
    );
    assert_eq!(status, 200);
    let found: Vec<(String, String)> = fc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            (
                f["properties"]["text"].as_str().unwrap_or("").to_string(),
                f["properties"]["match"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        found.contains(&("Camp Nine".into(), "user".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("Qaryat Zeta".into(), "user".into())),
        "{found:?}"
    );

    // written to the file beside the data, and there after a restart
    let file = dir.path().join("gazetteer-user.json");
    let saved: Value = serde_json::from_slice(&std::fs::read(&file).expect("file")).expect("json");
    assert_eq!(saved["entries"].as_array().map(Vec::len), Some(2));
    drop(server);
    let server = start_binary(dir.path(), &[], &[]);
    assert_eq!(best(&server.base, "Camp Nine")["match"], "user");
    let listed = get(&format!("{}/gazetteer/user", server.base));
    assert_eq!(listed["entries"][0]["name"], "Qaryat Zeta");

    // removed: the name means what the gazetteer says again
    let (status, _) = send(
        reqwest::Method::DELETE,
        &format!("{}/gazetteer/user/u1", server.base),
        None,
        None,
    );
    assert_eq!(status, 204);
    assert_ne!(best(&server.base, "Qaryat Zeta")["match"], "user");
    let (status, body) = send(
        reqwest::Method::DELETE,
        &format!("{}/gazetteer/user/u1", server.base),
        None,
        None,
    );
    assert_eq!(status, 404, "{body}");

    // the command line reads the same file
    let out = Command::new(env!("CARGO_BIN_EXE_sitmap"))
        .args(["geocode", "Camp Nine", "--limit", "1", "--data"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let fc: Value = serde_json::from_slice(&out.stdout).expect("geojson");
    assert_eq!(fc["features"][0]["properties"]["match"], "user");
}

#[test]
fn a_hand_edit_of_the_file_takes_effect_without_a_restart_and_a_broken_one_is_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let server = start_binary(dir.path(), &[], &[]);
    let file = dir.path().join("gazetteer-user.json");
    std::fs::write(
        &file,
        json!({"entries": [{"name": "Outpost Kilo", "lat": 2.5, "lon": 45.0,
                            "country_code": "SO"}]})
        .to_string(),
    )
    .expect("write");
    let deadline = Instant::now() + Duration::from_secs(15);
    while best(&server.base, "Outpost Kilo")["match"] != "user" {
        assert!(Instant::now() < deadline, "the edit was never seen");
        std::thread::sleep(Duration::from_millis(200));
    }

    // a file that no longer parses: the entries in force stay, and changes are refused
    // (409) rather than overwriting what the person was editing
    std::fs::write(&file, "{\"entries\": [").expect("write");
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(best(&server.base, "Outpost Kilo")["match"], "user");
    let (status, body) = post(
        &server.base,
        json!({"name": "Other", "lat": 1.0, "lon": 1.0, "country_code": "KE"}),
    );
    assert_eq!(status, 409, "{body}");
    assert!(body["description"]
        .as_str()
        .expect("text")
        .contains("gazetteer-user.json"));
    assert_eq!(
        std::fs::read_to_string(&file).expect("file"),
        "{\"entries\": [",
        "the broken file is left for its author"
    );
}

#[test]
fn bad_entries_are_400_naming_the_field_and_writes_need_the_token() {
    let dir = tempfile::tempdir().expect("dir");
    let server = start_binary(dir.path(), &[], &[("SITMAP_TOKEN", "tok")]);
    let url = format!("{}/gazetteer/user", server.base);
    let post =
        |body: Value, token: Option<&str>| send(reqwest::Method::POST, &url, Some(body), token);
    let ok = json!({"name": "Camp Nine", "lat": 35.9, "lon": 39.1, "country_code": "SY"});
    assert_eq!(post(ok.clone(), None).0, 401);
    for (body, field) in [
        (
            json!({"name": "A", "lat": 95.0, "lon": 1.0, "country_code": "SY"}),
            "lat",
        ),
        (
            json!({"name": "A", "lat": 1.0, "lon": 1.0, "country_code": "SYR"}),
            "country_code",
        ),
        (json!({"name": "A", "lat": 1.0, "lon": 1.0}), "country_code"),
        (json!({"name": "", "geonameid": 1}), "name"),
        (json!({"name": "A", "geonameid": 1, "lat": 1.0}), "lat"),
        (
            json!({"name": "A", "geonameid": 999_999_999_999i64}),
            "geonameid",
        ),
        (
            json!({"name": "A", "lat": 1.0, "lon": 1.0, "country_code": "SY", "colour": 1}),
            "colour",
        ),
    ] {
        let (status, body) = post(body, Some("tok"));
        assert_eq!(status, 400, "{body}");
        let text = body["description"].as_str().expect("description");
        assert!(text.contains(field), "{field}: {text}");
    }
    assert!(
        !dir.path().join("gazetteer-user.json").exists(),
        "nothing written"
    );
    assert_eq!(post(ok, Some("tok")).0, 201);
    assert_eq!(
        send(reqwest::Method::DELETE, &format!("{url}/u1"), None, None).0,
        401
    );
}
