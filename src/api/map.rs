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

const MAP_PAGE: &str = include_str!("map.html");

/// `GET /map`, with a Content-Security-Policy that runs only sitmap's own scripts and the
/// page's one inline script (by its hash), lets MapLibre start its workers from blobs, and
/// fetches from this server only.
pub async fn page() -> Response {
    static POLICY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let policy = POLICY.get_or_init(|| {
        let script = inline_script_hashes(MAP_PAGE)
            .map(|h| format!(" 'sha256-{h}'"))
            .collect::<String>();
        format!(
            "default-src 'self'; script-src 'self'{script}; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: blob:; worker-src blob:; child-src blob:; connect-src 'self'; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        )
    });
    (
        [(header::CONTENT_SECURITY_POLICY, policy.clone())],
        Html(MAP_PAGE),
    )
        .into_response()
}

/// The base64 SHA-256 of each inline `<script>` body of a page, as CSP names them.
fn inline_script_hashes(page: &str) -> impl Iterator<Item = String> + '_ {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    page.split("<script>").skip(1).filter_map(|rest| {
        let body = rest.split_once("</script>")?.0;
        Some(base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes())))
    })
}
