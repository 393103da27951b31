//! OGC API – Tiles for the events collection, followed as a client does: from the landing
//! page and the collection by link relations to the tile matrix set, the tileset and its tile
//! template; the tile matrix set parsed by GDAL's own TileMatrixSet code (the COG driver's
//! TILING_SCHEME takes a TMS document), and a tile with the TileJSON beside it read by GDAL's
//! MVT driver, which types the fields from the TileJSON's `fields`.
//!
//! (Debian 12's GDAL 3.6 has an OGCAPI driver, but built without its vector-tiles path: it
//! fetches the tileset and the tile matrix set, then gives up without a message, on any
//! server. `ogrinfo OGCAPI:` is therefore not the client here; see the README.)

use serde_json::Value;

use crate::support::{collection, feature, run_tool, spawn_app, Options, TestApp};

fn link<'a>(doc: &'a Value, rel: &str) -> &'a str {
    doc["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == rel)
        .and_then(|l| l["href"].as_str())
        .unwrap_or_else(|| panic!("no {rel} link in {doc}"))
}

async fn get_abs(app: &TestApp, href: &str) -> Value {
    let path = href.strip_prefix(&app.base).expect("a link to this server");
    let (status, doc) = app.get_json(path).await;
    assert_eq!(status, 200, "{href}: {doc}");
    doc
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tilesets_lead_by_links_to_tiles_that_gdal_reads() {
    let app = spawn_app(Options::default()).await;
    let events: Vec<Value> = (0..40)
        .map(|i| {
            let mut f = feature(
                &format!("t{i}"),
                38.0 + f64::from(i) * 0.05,
                35.0,
                "2024-03-01",
            );
            f["properties"]["fatalities"] = (i % 4).into();
            f
        })
        .collect();
    let (status, body) = app.post_json(&collection(events)).await;
    assert_eq!(status, 201, "{body}");

    // conformance declares OGC API – Tiles
    let (_, conformance) = app.get_json("/conformance").await;
    let classes = conformance["conformsTo"].to_string();
    for class in [
        "ogcapi-tiles-1/1.0/conf/core",
        "ogcapi-tiles-1/1.0/conf/mvt",
    ] {
        assert!(classes.contains(class), "{class} in {classes}");
    }

    // landing page → tiling schemes → WebMercatorQuad
    let (_, landing) = app.get_json("/").await;
    let schemes = get_abs(
        &app,
        link(
            &landing,
            "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes",
        ),
    )
    .await;
    let tms_href = schemes["tileMatrixSets"][0]["links"][0]["href"]
        .as_str()
        .expect("tms link");
    let tms = get_abs(&app, tms_href).await;
    assert_eq!(tms["id"], "WebMercatorQuad");
    let matrices = tms["tileMatrices"].as_array().expect("tileMatrices");
    assert_eq!(matrices[6]["matrixWidth"], 64);

    // collection → its vector tilesets → the tileset → a tile of the template
    let (_, coll) = app.get_json("/collections/events").await;
    let tilesets = get_abs(
        &app,
        link(
            &coll,
            "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
        ),
    )
    .await;
    let entry = &tilesets["tilesets"][0];
    assert_eq!(entry["dataType"], "vector");
    assert!(entry["tileMatrixSetURI"]
        .as_str()
        .is_some_and(|u| u.ends_with("/WebMercatorQuad")));
    let tileset = get_abs(&app, link(entry, "self")).await;
    assert_eq!(
        link(
            &tileset,
            "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
        ),
        tms_href
    );
    assert_eq!(tileset["layers"][0]["id"], "events");
    let template = link(&tileset, "item");
    // zoom 6 over the events (38–40 E, 35 N): column 38, row 25
    let (z, row, col) = (6, 25, 38u32);
    let url = template
        .replace("{tileMatrix}", &z.to_string())
        .replace("{tileRow}", &row.to_string())
        .replace("{tileCol}", &col.to_string());
    let resp = app.get(url.strip_prefix(&app.base).expect("local")).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()["content-type"],
        "application/vnd.mapbox-vector-tile"
    );
    let tile = resp.bytes().await.expect("tile");
    let same = app
        .get(&format!("/tiles/events/{z}/{col}/{row}.mvt"))
        .await
        .bytes()
        .await
        .expect("tile");
    assert_eq!(
        tile, same,
        "the OGC tile is the XYZ tile at column x, row y"
    );

    let dir = tempfile::tempdir().expect("dir");
    // GDAL's TileMatrixSet parser reads the document: a COG tiled by it lands on Web Mercator
    // at one of its resolutions
    let tms_file = dir.path().join("tms.json");
    std::fs::write(&tms_file, tms.to_string()).expect("write");
    let src = dir.path().join("src.tif");
    let cog = dir.path().join("cog.tif");
    let path = |p: &std::path::Path| p.to_str().expect("path").to_string();
    run_tool(
        "gdal_create",
        &[
            "-of",
            "GTiff",
            "-outsize",
            "16",
            "16",
            "-bands",
            "1",
            "-a_srs",
            "EPSG:4326",
            "-a_ullr",
            "38",
            "36",
            "39",
            "35",
            &path(&src),
        ],
    );
    let scheme = format!("TILING_SCHEME={}", path(&tms_file));
    run_tool(
        "gdal_translate",
        &["-q", "-of", "COG", "-co", &scheme, &path(&src), &path(&cog)],
    );
    let info: Value =
        serde_json::from_str(&run_tool("gdalinfo", &["-json", &path(&cog)])).expect("json");
    let wkt = info["coordinateSystem"]["wkt"].as_str().expect("wkt");
    assert!(wkt.contains("Pseudo-Mercator"), "{wkt}");
    let pixel = info["geoTransform"][1].as_f64().expect("pixel size");
    assert!(
        matrices
            .iter()
            .any(|m| (m["cellSize"].as_f64().expect("cell") - pixel).abs() < 1e-6),
        "pixel size {pixel} is a cell size of the tile matrix set"
    );

    // GDAL's MVT driver reads the tile, typing fields from the TileJSON beside it
    let tiles = dir.path().join("events");
    let tile_dir = tiles.join(z.to_string()).join(col.to_string());
    std::fs::create_dir_all(&tile_dir).expect("dirs");
    let (_, tilejson) = app.get_json("/tiles/events.json").await;
    std::fs::write(tiles.join("metadata.json"), tilejson.to_string()).expect("write");
    let tile_file = tile_dir.join(format!("{row}.pbf"));
    std::fs::write(&tile_file, &tile).expect("write");
    let info = run_tool("ogrinfo", &["-ro", "-al", "-so", &path(&tile_file)]);
    assert!(info.contains("Layer name: events"), "{info}");
    assert!(info.contains("fatalities: Real"), "{info}");
    assert!(info.contains("point_count: Real"), "{info}");
    assert!(info.contains("cluster: Integer(Boolean)"), "{info}");
    assert!(info.contains("event_date: String"), "{info}");
    // at zoom 6 the events are clustered: the clusters GDAL reads hold every event west of
    // the tile's east edge
    let east = -180.0 + f64::from(col + 1) * 360.0 / 64.0;
    let inside = (0..40)
        .filter(|&i| 38.0 + f64::from(i) * 0.05 < east)
        .count();
    let features = run_tool("ogrinfo", &["-ro", "-al", "-q", &path(&tile_file)]);
    let held: f64 = features
        .lines()
        .filter_map(|l| l.trim().strip_prefix("point_count (Real) = "))
        .map(|n| n.trim().parse::<f64>().expect("a count"))
        .sum();
    assert_eq!(held, inside as f64, "{features}");

    // what is not there is a 404, a bad address a 400, both JSON
    for (path, status) in [
        ("/collections/events/tiles/WorldCRS84Quad", 404),
        ("/tileMatrixSets/WorldCRS84Quad", 404),
        ("/collections/events/tiles/WebMercatorQuad/6/64/0", 400),
        ("/collections/events/tiles/WebMercatorQuad/x/0/0", 400),
        ("/collections/events/tiles?f=html", 400),
    ] {
        let (got, body) = app.get_json(path).await;
        assert_eq!(got, status, "{path}: {body}");
    }
}
