//! The style documents: the MapLibre style (checked by MapLibre's own validator, from the npm
//! package `@maplibre/maplibre-gl-style-spec` that `npm ci` installs with maplibre-gl) and the
//! QGIS style (parsed as XML by Python; its categories are the six event types).

use std::path::Path;
use std::process::Command;

use crate::support::{spawn_app, Options};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_styles_are_valid_and_colour_every_event_type() {
    let app = spawn_app(Options::default()).await;
    let (status, style) = app.get_json("/styles/events.json").await;
    assert_eq!(status, 200);
    let tiles = style["sources"]["events"]["tiles"][0]
        .as_str()
        .expect("tiles");
    assert!(tiles.starts_with(&app.base), "{tiles}");
    let colours = style["metadata"]["sitmap:colours"]
        .as_object()
        .expect("colours");
    assert_eq!(colours.len(), 6);

    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("style.json");
    std::fs::write(&file, style.to_string()).expect("write");
    let validator = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("node_modules/@maplibre/maplibre-gl-style-spec/dist/gl-style-validate.mjs");
    assert!(
        validator.exists(),
        "run `npm ci` (it installs MapLibre's style validator)"
    );
    let out = Command::new("node")
        .arg(&validator)
        .arg(&file)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "MapLibre's validator: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // and a broken one is caught by the same validator: the check can fail
    let mut broken = style.clone();
    broken["layers"][4]["paint"]["circle-radius"] = "large".into();
    std::fs::write(&file, broken.to_string()).expect("write");
    let out = Command::new("node")
        .arg(&validator)
        .arg(&file)
        .output()
        .expect("node runs");
    assert!(!out.status.success(), "the validator accepted a bad style");

    let resp = app.get("/styles/events.qml").await;
    assert_eq!(resp.status(), 200);
    let qml = resp.text().await.expect("qml");
    let qml_file = dir.path().join("events.qml");
    std::fs::write(&qml_file, &qml).expect("write");
    let script = r#"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
r = root.find("renderer-v2")
assert r.get("type") == "categorizedSymbol" and r.get("attr") == "event_type", r.attrib
cats = [(c.get("value"), c.get("symbol")) for c in r.find("categories")]
symbols = {s.get("name"): s for s in r.find("symbols")}
for value, symbol in cats:
    colour = symbols[symbol].find("layer").find("prop[@k='color']").get("v")
    print(value + "=" + colour)
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&qml_file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = String::from_utf8_lossy(&out.stdout);
    let categories: Vec<&str> = lines.lines().collect();
    assert_eq!(categories.len(), 6, "{lines}");
    // the same colours as the MapLibre style, in QGIS's r,g,b,a
    for (name, hex) in colours {
        let hex = hex.as_str().expect("colour");
        let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex");
        let want = format!("{name}={},{},{},255", c(1), c(3), c(5));
        assert!(categories.contains(&want.as_str()), "{want} in {lines}");
    }
}
