//! QGIS (PyQGIS 3.22, Debian's `python3-qgis` and `qgis-providers`, run offscreen) against the
//! real server, as a GIS user opens it: the events as an OGC API – Features layer (typed
//! fields, every event, a box sent to the server, an attribute filter), sitmap's QML style on
//! that layer, and the vector tiles drawn with sitmap's MapLibre style converted by QGIS.
//!
//! QGIS 3.22 filters attribute subsets on the client (it sends `filter` only from 3.28), so the
//! test checks its answer equals the server's own `filter`. Debian's QGIS binds Debian's
//! Python, so the script runs under `/usr/bin/python3`. `.ci/run` installs the packages;
//! without them this fails.

use serde_json::Value;

use crate::support::{collection, feature, feature_ids, run_python_client, spawn_app, Options};

/// The PyQGIS side. It reaches the server through a small recording proxy (requests QGIS
/// makes are listed in the answer), passing the Host header on so the server's links lead
/// back through it. Prints one JSON object.
const SCRIPT: &str = r#"
import json, os, sys, threading, urllib.error, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
os.environ["QT_QPA_PLATFORM"] = "offscreen"
upstream = sys.argv[1]
seen = []

class Proxy(BaseHTTPRequestHandler):
    def do_GET(self):
        seen.append(self.path)
        req = urllib.request.Request(upstream + self.path, headers={"Host": self.headers["Host"]})
        try:
            r = urllib.request.urlopen(req)
            code, body, ctype = r.status, r.read(), r.headers.get("Content-Type")
        except urllib.error.HTTPError as e:
            code, body, ctype = e.code, e.read(), e.headers.get("Content-Type")
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
threading.Thread(target=proxy.serve_forever, daemon=True).start()
base = "http://127.0.0.1:%d" % proxy.server_address[1]

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,
    QgsFeatureRequest, QgsMapBoxGlStyleConversionContext, QgsMapBoxGlStyleConverter,
    QgsMapRendererSequentialJob, QgsMapSettings, QgsProject, QgsRectangle, QgsVectorLayer,
    QgsVectorTileLayer, Qgis)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

app = QgsApplication([], False)
app.initQgis()
out = {"version": Qgis.QGIS_VERSION}

layer = QgsVectorLayer("url='%s' typename='events'" % base, "events", "OAPIF")
out["valid"] = layer.isValid()
out["fields"] = {f.name(): f.typeName() for f in layer.fields()}
out["ids"] = sorted(f["id"] for f in layer.getFeatures())

layer.setSubsetString("fatalities > 3 AND event_type = 'Riots'")
out["subset"] = sorted(f["id"] for f in layer.getFeatures())
layer.setSubsetString("")

boxed = QgsVectorLayer("url='%s' typename='events' restrictToRequestBBOX='1'" % base, "boxed", "OAPIF")
seen.clear()
request = QgsFeatureRequest().setFilterRect(QgsRectangle(35.0, 33.0, 37.0, 35.0))
out["in_box"] = sorted(f["id"] for f in boxed.getFeatures(request))
out["box_requests"] = [p for p in seen if "/items" in p]

qml = os.path.join(sys.argv[2], "events.qml")
with open(qml, "wb") as f:
    f.write(urllib.request.urlopen(base + "/styles/events.qml").read())
message, loaded = layer.loadNamedStyle(qml)
out["qml_loaded"] = loaded
out["renderer"] = layer.renderer().type()
out["categories"] = [c.value() for c in layer.renderer().categories()] if out["renderer"] == "categorizedSymbol" else []

tiles = QgsVectorTileLayer("type=xyz&url=%s/tiles/events/{z}/{x}/{y}.mvt&zmax=14" % base, "tiles")
out["tiles_valid"] = tiles.isValid()
style = json.loads(urllib.request.urlopen(base + "/styles/events.json").read())
converter = QgsMapBoxGlStyleConverter()
converter.convert(style, QgsMapBoxGlStyleConversionContext())
renderer = converter.renderer()
out["style_layers"] = sorted({s.layerName() for s in renderer.styles()})
# the events' own styles only: the basemap's layers come from another source
renderer.setStyles([s for s in renderer.styles() if s.layerName() == "events"])
tiles.setRenderer(renderer)
wgs84, mercator = QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateReferenceSystem("EPSG:3857")
to_mercator = QgsCoordinateTransform(wgs84, mercator, QgsProject.instance())

def painted(west, south, east, north):
    settings = QgsMapSettings()
    settings.setLayers([tiles])
    settings.setOutputSize(QSize(256, 256))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setDestinationCrs(mercator)
    settings.setExtent(to_mercator.transformBoundingBox(QgsRectangle(west, south, east, north)))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    white = QColor(255, 255, 255)
    return sum(1 for x in range(256) for y in range(256) if image.pixelColor(x, y) != white)

out["painted_events"] = painted(34.0, 32.0, 40.0, 37.0)
out["painted_empty"] = painted(-150.0, -40.0, -144.0, -35.0)
print(json.dumps(out))
sys.stdout.flush()
# QGIS 3.22 may crash in exitQgis offscreen; the answer is out, so leave at once
os._exit(0)
"#;

fn id_list(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list of ids")
        .iter()
        .map(|s| s.as_str().expect("id").to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qgis_opens_filters_styles_and_draws_the_events() {
    let app = spawn_app(Options::default()).await;
    // 24 events on a grid over Syria and Lebanon, types and tolls varying
    let features: Vec<Value> = (0..24)
        .map(|i| {
            let mut f = feature(
                &format!("q{i:02}"),
                35.2 + f64::from(i % 6) * 0.8,
                32.5 + f64::from(i / 6) * 0.9,
                &format!("2024-03-{:02}", 1 + i % 28),
            );
            f["properties"]["fatalities"] = (i % 7).into();
            if i % 3 == 0 {
                f["properties"]["event_type"] = "Riots".into();
                f["properties"]["sub_event_type"] = "Violent demonstration".into();
            }
            f
        })
        .collect();
    let (status, _) = app.post_json(&collection(features)).await;
    assert_eq!(status, 201);

    let dir = tempfile::tempdir().expect("temp dir");
    let got = run_python_client(
        "/usr/bin/python3",
        SCRIPT,
        vec![app.base.clone(), dir.path().display().to_string()],
        "apt-get install python3-qgis qgis-providers; .ci/run does",
    )
    .await;
    assert_eq!(got["valid"], true, "{got}");

    // typed fields, from the server's schema and GeoJSON
    assert_eq!(got["fields"]["fatalities"], "Integer", "{got}");
    assert_eq!(got["fields"]["event_date"], "Date", "{got}");
    assert_eq!(got["fields"]["event_type"], "String", "{got}");
    let all = id_list(&got["ids"]);
    let expected: Vec<String> = (0..24).map(|i| format!("q{i:02}")).collect();
    assert_eq!(all, expected, "every event, once");

    // QGIS's own filtering agrees with the server's CQL2 filter
    let (status, page) = app
        .get_json("/collections/events/items?limit=100&filter=fatalities%20%3E%203%20AND%20event_type%20%3D%20%27Riots%27")
        .await;
    assert_eq!(status, 200);
    let mut server_ids = feature_ids(&page);
    server_ids.sort();
    assert!(!server_ids.is_empty());
    assert_eq!(id_list(&got["subset"]), server_ids);

    // a map box is sent to the server as bbox, and answered with the events inside it only
    let requests = got["box_requests"].to_string();
    assert!(requests.contains("bbox="), "QGIS sent no bbox: {requests}");
    let (_, boxed) = app
        .get_json("/collections/events/items?limit=100&bbox=35,33,37,35")
        .await;
    let mut box_ids = feature_ids(&boxed);
    box_ids.sort();
    assert!(!box_ids.is_empty() && box_ids.len() < 24, "{box_ids:?}");
    assert_eq!(id_list(&got["in_box"]), box_ids);

    // the QML: QGIS reads it as categories by event type
    assert_eq!(got["qml_loaded"], true, "{got}");
    assert_eq!(got["renderer"], "categorizedSymbol", "{got}");
    let categories = got["categories"].to_string();
    for t in ["Battles", "Riots", "Protests", "Explosions/Remote violence"] {
        assert!(categories.contains(t), "{t} missing from {categories}");
    }

    // the tiles, drawn with the MapLibre style as QGIS converts it: ink where events are,
    // none over an empty ocean
    assert_eq!(got["tiles_valid"], true);
    assert!(
        got["style_layers"].to_string().contains("events"),
        "{}",
        got["style_layers"]
    );
    let ink = got["painted_events"].as_u64().expect("count");
    assert!(ink > 50, "QGIS drew {ink} pixels of events");
    assert_eq!(got["painted_empty"], 0, "{got}");
}
