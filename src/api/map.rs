//! `/map`: a MapLibre GL JS page over the event tiles, with MapLibre served by sitmap itself
//! from the npm package (`npm ci` puts it in `node_modules/maplibre-gl/dist`), so the map
//! works with no internet.

use std::path::PathBuf;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::error::ApiError;
use super::AppState;

/// The files of the npm package the page loads, and their media types.
const ASSETS: &[(&str, &str)] = &[
    ("maplibre-gl.js", "text/javascript; charset=utf-8"),
    ("maplibre-gl.css", "text/css; charset=utf-8"),
];

/// Where `maplibre-gl/dist` is looked for: the configured folder, `node_modules` next to the
/// crate, then `node_modules` in the working directory.
pub(super) fn asset_dirs(state: &AppState) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = &state.config.assets_dir {
        dirs.push(d.clone());
    }
    dirs.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules"));
    dirs.push(PathBuf::from("node_modules"));
    dirs
}

/// `GET /map/assets/{file}`: MapLibre's script and style, from the npm package on disk.
pub async fn asset(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let Some((name, media)) = ASSETS.iter().find(|(n, _)| *n == file) else {
        return Err(ApiError::NotFound {
            what: "map asset",
            id: file.chars().take(64).collect(),
        });
    };
    for dir in asset_dirs(&state) {
        let path = dir.join("maplibre-gl").join("dist").join(name);
        if let Ok(bytes) = tokio::fs::read(&path).await {
            return Ok((
                [
                    (header::CONTENT_TYPE, *media),
                    (header::CACHE_CONTROL, "public, max-age=86400"),
                ],
                bytes,
            )
                .into_response());
        }
    }
    Err(ApiError::NotFound {
        what: "map asset (run `npm ci` in the sitmap folder to install maplibre-gl)",
        id: file,
    })
}

/// `GET /map`
pub async fn page() -> Html<&'static str> {
    Html(include_str!("map.html"))
}
