//! `POST /reports` and `sitmap ingest reports.jsonl`: reports through the extractor into the
//! real store; a second report of one incident merges into the stored event.

use serde_json::{json, Value};

use crate::support::{spawn_app, Options, TestApp};

const CAR_BOMB: &str =
    "A car bomb exploded near a checkpoint in Kirkuk on Monday, killing four policemen.";
const SAME_INCIDENT: &str = "Officials in Kirkuk said a car bomb had killed four policemen at a checkpoint on Monday; seven people were wounded.";

async fn post_report(app: &TestApp, body: &Value) -> (u16, Value) {
    app.post_json_to("/reports", body).await
}

#[tokio::test]
async fn a_report_becomes_stored_events_and_a_second_source_merges() {
    let app = spawn_app(Options::default()).await;
    let (status, body) = post_report(
        &app,
        &json!({"text": CAR_BOMB, "published": "2019-03-06", "source": "Wire A", "url": "https://a.example/1"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let features = body["features"].as_array().expect("features");
    assert_eq!(features.len(), 1, "{body}");
    let p = &features[0]["properties"];
    assert_eq!(p["event_date"], "2019-03-04");
    assert_eq!(p["event_type"], "Explosions/Remote violence");
    assert_eq!(p["fatalities"], 4);
    assert_eq!(p["country_code"], "IQ");
    let id = features[0]["id"].as_str().expect("id").to_string();

    let (status, body) = post_report(
        &app,
        &json!({"text": SAME_INCIDENT, "published": "2019-03-05", "source": "Wire B"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["features"][0]["id"], id.as_str(), "{body}");
    assert_eq!(
        (body["inserted"].as_u64(), body["updated"].as_u64()),
        (Some(0), Some(1))
    );

    let (_, stored) = app
        .get_json(&format!("/collections/events/items/{id}"))
        .await;
    let p = &stored["properties"];
    assert_eq!(p["source"], "Wire A; Wire B");
    assert_eq!(p["fatalities"], 4);
    assert!(p["notes"]
        .as_str()
        .expect("notes")
        .contains("seven people were wounded"));
    let (_, all) = app.get_json("/collections/events/items").await;
    assert_eq!(all["numberMatched"], 1);
}

#[tokio::test]
async fn a_report_without_events_stores_nothing() {
    let app = spawn_app(Options::default()).await;
    let (status, body) = post_report(
        &app,
        &json!({"text": "The health minister opened a clinic in Mosul on Sunday.", "published": "2019-03-05"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["features"].as_array().map(Vec::len), Some(0));
    let (_, all) = app.get_json("/collections/events/items").await;
    assert_eq!(all["numberMatched"], 0);
}

#[tokio::test]
async fn bad_reports_are_refused_naming_the_field() {
    let app = spawn_app(Options::default()).await;
    for (body, field) in [
        (json!({"text": "", "published": "2019-03-05"}), "text"),
        (
            json!({"text": "Clashes in Aden.", "published": "2019-02-30"}),
            "published",
        ),
        (
            json!({"text": "Clashes in Aden.", "published": "2019-03-05", "colour": "red"}),
            "colour",
        ),
        (json!({"published": "2019-03-05"}), "text"),
        (
            json!({"text": "Clashes in Aden.", "published": "1500-01-01"}),
            "published",
        ),
    ] {
        let (status, err) = post_report(&app, &body).await;
        assert_eq!(status, 400, "{body} -> {err}");
        let said = format!("{} {}", err["parameter"], err["description"]);
        assert!(said.contains(field), "{body}: {said}");
    }
    let (_, all) = app.get_json("/collections/events/items").await;
    assert_eq!(all["numberMatched"], 0);
}

#[test]
fn ingest_reads_report_lines_and_merges_incidents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("reports.jsonl");
    let lines = [
        json!({"text": CAR_BOMB, "published": "2019-03-06", "source": "Wire A"}),
        json!({"text": SAME_INCIDENT, "published": "2019-03-05", "source": "Wire B"}),
        json!({"text": "Houthi shelling killed three civilians in Taiz on Saturday.", "published": "2019-03-05", "source": "Wire C"}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&file, text).expect("write");
    let data = dir.path().join("data");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sitmap"))
        .args(["ingest", "--data"])
        .arg(&data)
        .arg(&file)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = sitmap::store::Store::open(&data).expect("store");
    let events = store.load_all().expect("load").events;
    assert_eq!(events.len(), 2, "{events:#?}");
    let kirkuk = events
        .iter()
        .find(|e| e.properties.fatalities == 4)
        .expect("Kirkuk event");
    assert_eq!(kirkuk.properties.source, "Wire A; Wire B");

    // a bad line refuses the whole file and writes nothing
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, format!("{}\n{{\"text\": 5}}\n", lines[2])).expect("write");
    let data2 = dir.path().join("data2");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sitmap"))
        .args(["ingest", "--data"])
        .arg(&data2)
        .arg(&bad)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
    let store = sitmap::store::Store::open(&data2).expect("store");
    assert_eq!(store.count().expect("count"), 0);
}

#[tokio::test]
async fn reports_that_disagree_keep_the_lower_toll_and_the_highest_beside_it() {
    let app = spawn_app(Options::default()).await;
    let (status, body) = post_report(
        &app,
        &json!({"text": CAR_BOMB, "published": "2019-03-06", "source": "Wire A"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id = body["features"][0]["id"].as_str().expect("id").to_string();
    let (status, body) = post_report(
        &app,
        &json!({"text": "A car bomb near a checkpoint in Kirkuk killed six policemen on Monday, a hospital source said.", "published": "2019-03-06", "source": "Wire C"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["features"][0]["id"], id.as_str(), "{body}");
    let (_, stored) = app
        .get_json(&format!("/collections/events/items/{id}"))
        .await;
    let p = &stored["properties"];
    assert_eq!(
        (p["fatalities"].as_u64(), p["fatalities_max"].as_u64()),
        (Some(4), Some(6)),
        "{p}"
    );
}

/// Issue 14 item 8: 25 reports of one incident (five outlets, each its own address; some
/// carry the same wire text) keep every source, address and report id, entry by entry.
#[tokio::test]
async fn twenty_five_reports_of_one_incident_keep_their_provenance_whole_and_aligned() {
    let app = spawn_app(Options::default()).await;
    let mut id = String::new();
    for i in 0..25 {
        let text = if i % 2 == 0 {
            CAR_BOMB.to_string()
        } else {
            format!("{SAME_INCIDENT} Update {i}.")
        };
        let (status, body) = post_report(
            &app,
            &json!({
                "text": text,
                "published": "2019-03-05",
                "source": format!("Outlet {}", i % 5),
                "url": format!("https://news-{}.example/2019/03/05/kirkuk-checkpoint-car-bomb-report-{i}", i % 5),
            }),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let got = body["features"][0]["id"].as_str().expect("id");
        if i == 0 {
            id = got.to_string();
        }
        assert_eq!(got, id, "one incident: {body}");
    }
    // the first report again changes nothing
    let (status, _) = post_report(
        &app,
        &json!({"text": CAR_BOMB, "published": "2019-03-05", "source": "Outlet 0",
                "url": "https://news-0.example/2019/03/05/kirkuk-checkpoint-car-bomb-report-0"}),
    )
    .await;
    assert_eq!(status, 201);
    let (_, stored) = app
        .get_json(&format!("/collections/events/items/{id}"))
        .await;
    let entries = stored["properties"]["provenance"]
        .as_array()
        .expect("provenance");
    assert_eq!(entries.len(), 25, "{stored}");
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e["source"], format!("Outlet {}", i % 5), "{e}");
        let url = e["url"].as_str().expect("url");
        assert!(url.ends_with(&format!("-report-{i}")), "{e}");
        assert!(url.starts_with(&format!("https://news-{}.", i % 5)), "{e}");
        assert!(
            e["report_id"].as_str().expect("id").starts_with("r-"),
            "{e}"
        );
    }
    assert_eq!(
        entries[0]["report_id"], entries[2]["report_id"],
        "one wire text"
    );
}

#[tokio::test]
async fn a_report_whose_client_hangs_up_is_not_read_to_the_end() {
    use tokio::io::AsyncWriteExt;
    let app = spawn_app(Options::default()).await;
    // 190 KB of capitalised place-like words with an incident every few words: reading it
    // takes a quarter of a second even in a release build
    let towns = [
        "Aleppo",
        "Homs",
        "Hama",
        "Idlib",
        "Raqqa",
        "Kobani",
        "Tadmur",
        "Daraa",
        "Latakia",
        "Tartus",
        "Manbij",
        "Jarabulus",
    ];
    let nouns = ["Town", "Village", "River", "Hills"];
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 190_000 {
        text.push_str(towns[i * 7 % towns.len()]);
        text.push(' ');
        text.push_str(nouns[i % nouns.len()]);
        if i % 5 == 0 {
            text.push_str(". Shelling killed two in the town.");
        }
        text.push(' ');
        i += 1;
    }
    let body = json!({"text": text, "published": "2024-05-01"}).to_string();
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut socket = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let request = format!(
        "POST /reports HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    socket.write_all(request.as_bytes()).await.expect("send");
    // hang up while the report is being read
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    drop(socket);
    let cancelled = |metrics: &str| {
        metrics
            .lines()
            .find_map(|l| l.strip_prefix("sitmap_extractions_cancelled_total "))
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let metrics = app
            .get("/metrics")
            .await
            .text()
            .await
            .expect("metrics text");
        let count = cancelled(&metrics).expect("the metric is listed");
        if count >= 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the reading was not cancelled: {count}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // and nothing of the report was stored
    let (status, items) = app.get_json("/collections/events/items").await;
    assert_eq!(status, 200);
    assert_eq!(items["numberMatched"], 0, "{items}");
}
