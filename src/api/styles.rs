//! Styles, so that a GIS user gets the map's look instead of grey points:
//! `/styles/events.json`, the MapLibre style document the map page itself draws with (basemap,
//! clusters sized by count, events coloured by type and sized by fatalities), and
//! `/styles/events.qml`, a QGIS layer style for the events as points (an OGC API – Features
//! layer, or a GeoJSON, CSV or FlatGeobuf export): categorised by event type in the same
//! colours, sized by fatalities. The colours are kept once, here.

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::params::pairs;
use super::{ApiError, AppState};
use crate::event::EventType;

/// The colour of each event type (ColorBrewer-like, told apart in print and on screen).
pub const COLOURS: [(EventType, &str); 6] = [
    (EventType::Battles, "#d7301f"),
    (EventType::ExplosionsRemoteViolence, "#fc8d59"),
    (EventType::ViolenceAgainstCivilians, "#7a0177"),
    (EventType::Protests, "#2c7fb8"),
    (EventType::Riots, "#41ab5d"),
    (EventType::StrategicDevelopments, "#737373"),
];
/// The colour of anything else (never drawn with valid data).
const OTHER: &str = "#555555";

/// `["match", ["get", "event_type"], type, colour, …, other]`
fn colour_by_type() -> Value {
    let mut m = vec![json!("match"), json!(["get", "event_type"])];
    for (t, c) in COLOURS {
        m.push(json!(t.as_str()));
        m.push(json!(c));
    }
    m.push(json!(OTHER));
    Value::Array(m)
}

/// The MapLibre style (version 8) over this server's tiles, with absolute URLs.
pub fn maplibre_style(base: &str) -> Value {
    let types: serde_json::Map<String, Value> = COLOURS
        .iter()
        .map(|(t, c)| (t.as_str().to_string(), json!(c)))
        .collect();
    json!({
        "version": 8,
        "name": "sitmap events",
        "metadata": { "sitmap:colours": types },
        "sources": {
            "basemap": { "type": "vector", "tiles": [format!("{base}/tiles/basemap/{{z}}/{{x}}/{{y}}.mvt")], "maxzoom": 8,
                         "attribution": "Natural Earth" },
            "events": { "type": "vector", "tiles": [format!("{base}/tiles/events/{{z}}/{{x}}/{{y}}.mvt")], "maxzoom": 14,
                        "attribution": "sitmap · GeoNames (CC BY 4.0)" }
        },
        "layers": [
            { "id": "background", "type": "background", "paint": { "background-color": "#dfe8ef" } },
            { "id": "land", "type": "fill", "source": "basemap", "source-layer": "countries",
              "paint": { "fill-color": "#f6f4ee" } },
            { "id": "borders", "type": "line", "source": "basemap", "source-layer": "countries",
              "paint": { "line-color": "#9a9a9a", "line-width": 0.8 } },
            { "id": "admin1", "type": "line", "source": "basemap", "source-layer": "admin1", "minzoom": 4,
              "paint": { "line-color": "#c3c3c3", "line-width": 0.6, "line-dasharray": [2, 2] } },
            { "id": "clusters", "type": "circle", "source": "events", "source-layer": "events",
              "filter": ["==", ["get", "cluster"], true],
              "paint": {
                  "circle-color": colour_by_type(),
                  "circle-opacity": 0.75,
                  "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "point_count"]], 1, 6, 100, 40],
                  "circle-stroke-color": "#fff", "circle-stroke-width": 1
              } },
            { "id": "events", "type": "circle", "source": "events", "source-layer": "events",
              "filter": ["!=", ["get", "cluster"], true],
              "paint": {
                  "circle-color": colour_by_type(),
                  "circle-radius": ["interpolate", ["linear"], ["get", "fatalities"], 0, 4, 50, 12],
                  "circle-stroke-color": "#fff", "circle-stroke-width": 1
              } }
        ]
    })
}

/// `GET /styles/events.json`
pub async fn maplibre(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    pairs(raw.as_deref(), "")?;
    let doc = maplibre_style(&state.base_url(&headers));
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        doc.to_string(),
    )
        .into_response())
}

/// `#rrggbb` as QGIS writes colours: `r,g,b,a`.
fn qgis_colour(hex: &str) -> String {
    let c = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("55"), 16).unwrap_or(85);
    format!("{},{},{},255", c(1), c(3), c(5))
}

/// One QGIS marker symbol: a filled circle with a white outline.
fn qgis_symbol(name: &str, colour: &str) -> String {
    format!(
        r#"      <symbol type="marker" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <prop k="name" v="circle"/>
          <prop k="color" v="{}"/>
          <prop k="outline_color" v="255,255,255,255"/>
          <prop k="outline_width" v="0.3"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="2.6"/>
          <prop k="size_unit" v="MM"/>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString"/>
              <Option name="properties" type="Map">
                <Option name="size" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(coalesce(&quot;fatalities&quot;, 0), 0, 50, 2, 6)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
              </Option>
              <Option name="type" value="collection" type="QString"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
"#,
        qgis_colour(colour)
    )
}

/// The QGIS style document (QML): categories by `event_type`, markers sized by fatalities
/// (each symbol's size data-defined: 2 to 6 mm for 0 to 50 deaths).
pub fn qgis_style() -> String {
    let categories: String = COLOURS
        .iter()
        .enumerate()
        .map(|(i, (t, _))| {
            let name = html_escape::encode_double_quoted_attribute(t.as_str());
            format!(
                r#"      <category render="true" symbol="{i}" value="{name}" label="{name}"/>
"#
            )
        })
        .collect();
    let symbols: String = COLOURS
        .iter()
        .enumerate()
        .map(|(i, (_, c))| qgis_symbol(&i.to_string(), c))
        .collect();
    format!(
        r#"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology">
  <renderer-v2 type="categorizedSymbol" attr="event_type" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
{categories}    </categories>
    <symbols>
{symbols}    </symbols>
    <source-symbol>
{source}    </source-symbol>
    <sizescale/>
  </renderer-v2>
  <layerGeometryType>0</layerGeometryType>
</qgis>
"#,
        source = qgis_symbol("0", OTHER),
    )
}

/// `GET /styles/events.qml`
pub async fn qgis(RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    pairs(raw.as_deref(), "")?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"events.qml\"",
            ),
        ],
        qgis_style(),
    )
        .into_response())
}
