//! The map page in a real browser: headless Chromium (Debian's) driven by playwright-core
//! (npm) opens /map on a server with the demo data, and the rendered features are checked
//! against the store. The screenshot is kept in target/map-test.png.

use serde_json::Value;

use crate::support::{spawn_app, Options};

#[tokio::test]
async fn the_map_renders_events_and_the_date_slider_refilters_them() {
    let app = spawn_app(Options {
        demo: true,
        ..Options::default()
    })
    .await;
    // MapLibre is served by sitmap itself, from the npm package
    let js = app.get("/map/assets/maplibre-gl.js").await;
    assert_eq!(js.status(), 200, "run `npm ci` (maplibre-gl)");
    assert_eq!(app.get("/map/assets/../Cargo.toml").await.status(), 404);

    let screenshot = concat!(env!("CARGO_MANIFEST_DIR"), "/target/map-test.png");
    let base = app.base.clone();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/map/map_test.mjs"
            ))
            .args([base.as_str(), screenshot])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("node runs (npm ci installs playwright-core; .ci/run installs chromium)")
    })
    .await
    .expect("join");
    assert!(
        out.status.success(),
        "browser test failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    let before = report["before"]["events"].as_u64().expect("before");
    let after = report["after"]["events"].as_u64().expect("after");
    let (_, all) = app.get_json("/collections/events/items?limit=1").await;
    let total = all["numberMatched"].as_u64().expect("numberMatched");
    assert!(before > 0, "events rendered: {report}");
    assert!(before <= total, "{before} rendered of {total} stored");
    let datetime = report["datetime"]
        .as_str()
        .expect("slider set a date range");
    let (_, narrowed) = app
        .get_json(&format!(
            "/collections/events/items?limit=1&datetime={datetime}"
        ))
        .await;
    let in_range = narrowed["numberMatched"].as_u64().expect("numberMatched");
    assert!(after < before, "the slider must drop events: {report}");
    assert!(
        after <= in_range,
        "{after} rendered of {in_range} in {datetime}"
    );
    assert!(
        report["basemap"].as_u64() > Some(0),
        "basemap rendered: {report}"
    );
    // the download link is an export of what the map shows: every event in view and range
    let download = report["download"].as_str().expect("download link");
    assert!(
        download.contains("/collections/events/export?")
            && download.contains("bbox=")
            && download.contains("datetime="),
        "{download}"
    );
    let query = download.split_once('?').map_or("", |(_, q)| q).to_string();
    let (status, file) = app
        .get_json(&format!("/collections/events/export?{query}"))
        .await;
    assert_eq!(status, 200, "{download}");
    let (_, listed) = app
        .get_json(&format!("/collections/events/items?limit=1&{query}"))
        .await;
    assert_eq!(
        file["features"].as_array().map(Vec::len) as Option<usize>,
        listed["numberMatched"].as_u64().map(|n| n as usize),
        "{download}"
    );
    // the demo set is said to be synthetic, with its count from the store
    let (_, synthetic) = app
        .get_json("/collections/events/items?limit=1&source=sitmap%20demo%20(synthetic)")
        .await;
    let n = synthetic["numberMatched"].as_u64().expect("numberMatched");
    assert!(n >= 3000, "{synthetic}");
    assert_eq!(report["demo"]["shown"], true, "{report}");
    let text = report["demo"]["text"].as_str().expect("demo text");
    assert!(
        text.contains("synthetic") && text.contains(&format_thousands(n)),
        "{text}"
    );
    assert_eq!(
        report["errors"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    let png = std::fs::read(screenshot).expect("screenshot saved");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
}

/// 3005 → "3,005", as the page writes counts.
fn format_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
