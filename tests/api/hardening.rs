//! Issue 14's low items against the real server: content negotiation that honours `q=0`,
//! a Content-Security-Policy on every HTML page, and ids or texts that only look alike or
//! carry control characters refused with 400 naming the field.

use serde_json::{json, Value};

use crate::support::{collection, feature, spawn_app, Options};

#[tokio::test]
async fn accept_with_q_zero_refuses_html_and_html_pages_carry_a_policy() {
    let app = spawn_app(Options::default()).await;
    let get = |accept: &'static str| {
        let (client, url) = (
            app.client.clone(),
            format!("{}/collections/events/items", app.base),
        );
        async move {
            client
                .get(url)
                .header("accept", accept)
                .send()
                .await
                .expect("request")
        }
    };
    let content_type = |r: &reqwest::Response| {
        r.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .to_string()
    };
    let refused = get("text/html;q=0, application/geo+json").await;
    assert!(content_type(&refused).contains("json"), "{refused:?}");
    let refused_alone = get("text/html;q=0").await;
    assert!(content_type(&refused_alone).contains("json"));
    let preferred_json = get("text/html;q=0.5, application/json").await;
    assert!(content_type(&preferred_json).contains("json"));

    let browser = get("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").await;
    assert!(content_type(&browser).starts_with("text/html"));
    let policy = browser.headers()["content-security-policy"]
        .to_str()
        .expect("ascii");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(browser
        .headers()
        .get_all("vary")
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.contains("Accept"))));

    let map = app.get("/map").await;
    let policy = map.headers()["content-security-policy"]
        .to_str()
        .expect("ascii");
    assert!(policy.contains("script-src 'self' 'sha256-"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    // JSON answers need no policy
    let json = get("application/json").await;
    assert!(json.headers().get("content-security-policy").is_none());
}

async fn refused_field(body: &Value, path: &str) -> String {
    let app = spawn_app(Options::default()).await;
    let (status, answer) = app.post_json_to(path, body).await;
    assert_eq!(status, 400, "{answer}");
    answer.to_string()
}

fn with_id(id: &str) -> Value {
    collection(vec![feature(id, 36.0, 35.0, "2024-01-01")])
}

#[tokio::test]
async fn look_alike_ids_and_control_characters_are_refused_naming_the_field() {
    let items = "/collections/events/items";
    // "é" as e + combining acute (NFD) looks like the composed one
    let answer = refused_field(&with_id("caf\u{65}\u{301}-1"), items).await;
    assert!(
        answer.contains("id") && answer.contains("normalisation"),
        "{answer}"
    );
    // a right-to-left override shows "abc-1" for another string
    let answer = refused_field(&with_id("\u{202E}1-cba"), items).await;
    assert!(
        answer.contains("id") && answer.contains("bidirectional"),
        "{answer}"
    );

    let mut nul_notes = feature("nul-notes", 36.0, 35.0, "2024-01-01");
    nul_notes["properties"]["notes"] = json!("a quiet\u{0} night");
    let answer = refused_field(&collection(vec![nul_notes]), items).await;
    assert!(
        answer.contains("notes") && answer.contains("control"),
        "{answer}"
    );

    let answer = refused_field(
        &json!({"text": "Shelling hit Kharkiv\u{0} on Monday.", "published": "2024-03-05"}),
        "/reports",
    )
    .await;
    assert!(
        answer.contains("text") && answer.contains("control"),
        "{answer}"
    );

    // tabs and line breaks stay allowed
    let app = spawn_app(Options::default()).await;
    let mut fine = feature("fine-1", 36.0, 35.0, "2024-01-01");
    fine["properties"]["notes"] = json!("first line\nsecond\tline");
    let (status, answer) = app.post_json(&collection(vec![fine])).await;
    assert_eq!(status, 201, "{answer}");
}
