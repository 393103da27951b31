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

/// A malformed chunked body is a bad request (400), not a body too large (413); a body over
/// the limit stays 413.
#[tokio::test]
async fn a_malformed_chunked_body_is_400_and_an_oversized_one_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app(Options {
        body_limit: Some(1024),
        ..Options::default()
    })
    .await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let status_of = |request: String| {
        let addr = addr.clone();
        async move {
            let mut s = tokio::net::TcpStream::connect(&addr)
                .await
                .expect("connect");
            s.write_all(request.as_bytes()).await.expect("write");
            let mut answer = Vec::new();
            let _ = tokio::time::timeout(
                std::time::Duration::from_secs(10),
                s.read_to_end(&mut answer),
            )
            .await;
            let text = String::from_utf8_lossy(&answer).to_string();
            let status = text.split_whitespace().nth(1).unwrap_or("").to_string();
            (status, text)
        }
    };
    let head = |extra: &str| {
        format!(
            "POST /collections/events/items HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nConnection: close\r\n{extra}\r\n"
        )
    };
    // "zz" is no hexadecimal chunk size
    let (status, text) =
        status_of(head("Transfer-Encoding: chunked\r\n") + "zz\r\n{}\r\n0\r\n\r\n").await;
    assert_eq!(status, "400", "{text}");
    assert!(text.contains("body"), "{text}");
    // a well-formed chunked body over the limit
    let big = "x".repeat(2000);
    let (status, text) = status_of(
        head("Transfer-Encoding: chunked\r\n") + &format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len()),
    )
    .await;
    assert_eq!(status, "413", "{text}");
}

/// Links in answers to HTTP/2 requests use the host the client asked for (the request's
/// `:authority`, HTTP/2's Host), as for HTTP/1.1, not the address the server listens on.
#[tokio::test]
async fn http2_answers_link_to_the_host_the_client_named() {
    let app = spawn_app(Options::default()).await;
    let (status, _) = app
        .post_json(&collection(vec![
            feature("h2-a", 36.0, 35.0, "2024-01-01"),
            feature("h2-b", 36.0, 35.0, "2024-01-02"),
        ]))
        .await;
    assert_eq!(status, 201);
    let addr = app.base.trim_start_matches("http://").to_string();
    let port = addr.rsplit(':').next().expect("port").to_string();
    let tcp = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let (mut client, connection) = h2::client::handshake(tcp).await.expect("h2 handshake");
    tokio::spawn(connection);
    let request = axum::http::Request::get(format!(
        "http://localhost:{port}/collections/events/items?limit=1"
    ))
    .body(())
    .expect("request");
    let (response, _) = client.send_request(request, true).expect("send");
    let response = response.await.expect("response");
    assert_eq!(response.status(), 200);
    let mut body = response.into_body();
    let mut bytes = Vec::new();
    while let Some(chunk) = body.data().await {
        let chunk = chunk.expect("chunk");
        let _ = body.flow_control().release_capacity(chunk.len());
        bytes.extend_from_slice(&chunk);
    }
    let doc: Value = serde_json::from_slice(&bytes).expect("JSON");
    let next = doc["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .expect("a next link");
    let href = next["href"].as_str().expect("href");
    assert!(
        href.starts_with(&format!("http://localhost:{port}/")),
        "{href}"
    );
}

/// Issue 14 item 2: HTTP/2 clients that keep their flow-control window shut hold their
/// answers in the server's memory. Large answers take a share of a byte budget for as long
/// as they are in flight: once it is spent, the next large answer is refused with 503 (small
/// ones are served), and the share returns when the stalled client goes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_answers_held_by_stalled_http2_clients_are_bounded_by_the_budget() {
    let app = spawn_app(Options {
        response_budget_bytes: Some(2 * 1024 * 1024),
        ..Options::default()
    })
    .await;
    let events: Vec<Value> = (0..3000)
        .map(|i| {
            feature(
                &format!("budget-{i}"),
                36.0 + i as f64 * 1e-4,
                35.0,
                "2024-01-01",
            )
        })
        .collect();
    let (status, _) = app.post_json(&collection(events)).await;
    assert_eq!(status, 201);
    let addr = app.base.trim_start_matches("http://").to_string();
    let page = format!("http://{addr}/collections/events/items?limit=3000"); // ~1.5 MB

    // a client with a shut window: it gets the head of the answer, never its body
    let stalled = |addr: String, page: String| async move {
        let tcp = tokio::net::TcpStream::connect(&addr)
            .await
            .expect("connect");
        let (mut client, connection) = h2::client::Builder::new()
            .initial_window_size(0)
            .handshake::<_, bytes::Bytes>(tcp)
            .await
            .expect("h2 handshake");
        let task = tokio::spawn(connection);
        let request = axum::http::Request::get(page).body(()).expect("request");
        let (response, _) = client.send_request(request, true).expect("send");
        let response = response.await.expect("response head");
        (response.status().as_u16(), task, client, response)
    };
    let (first, first_task, first_client, first_response) =
        stalled(addr.clone(), page.clone()).await;
    assert_eq!(first, 200);
    let started = std::time::Instant::now();
    let (second, second_task, _second_client, _second_response) =
        stalled(addr.clone(), page.clone()).await;
    assert_eq!(second, 503, "the budget is held by the first answer");
    assert!(started.elapsed() >= std::time::Duration::from_secs(4));
    second_task.abort();
    // small answers do not wait
    let (status, _) = app.get_json("/collections/events/items?limit=10").await;
    assert_eq!(status, 200);
    // the stalled client goes: its share returns
    first_task.abort();
    drop((first_client, first_response));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (status, body) = app.get_json("/collections/events/items?limit=3000").await;
    assert_eq!(status, 200);
    assert_eq!(body["numberReturned"], 3000);
}
