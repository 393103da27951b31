//! HTML renderings of the OGC API resources. Every value from data or from a request goes
//! through `esc` before it reaches a page.

use axum::response::Html;
use serde::Serialize;

use super::params::Format;
use axum::http::{header, HeaderMap};

/// Escapes text for HTML element content and double-quoted attributes.
pub fn esc(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

/// Picks the output format: `f=` wins; otherwise HTML when the client's Accept header asks
/// for `text/html` (browsers do), JSON for everyone else.
pub fn negotiate(f: Option<Format>, headers: &HeaderMap) -> Format {
    if let Some(f) = f {
        return f;
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // HTML when the client rates it above zero and no lower than any JSON it takes
    // (browsers: `text/html,…,*/*;q=0.8`); `text/html;q=0` refuses it
    let html = accept_quality(accept, &["text/html"]);
    let json = accept_quality(
        accept,
        &[
            "application/geo+json",
            "application/json",
            "application/*",
            "*/*",
        ],
    );
    if html > 0.0 && html >= json {
        Format::Html
    } else {
        Format::Json
    }
}

/// The highest quality (`q`, 1 when absent) the Accept header gives any of these media
/// ranges; 0 when it names none of them.
pub(super) fn accept_quality(accept: &str, ranges: &[&str]) -> f32 {
    accept
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let range = parts.next()?.to_ascii_lowercase();
            if !ranges.contains(&range.as_str()) {
                return None;
            }
            let q = parts
                .filter_map(|p| p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            Some(q.clamp(0.0, 1.0))
        })
        .fold(0.0, f32::max)
}

/// A link as OGC API responses carry them.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub rel: &'static str,
    #[serde(rename = "type")]
    pub media_type: &'static str,
    pub title: String,
}

impl Link {
    pub fn new(href: String, rel: &'static str, media_type: &'static str, title: &str) -> Self {
        Link {
            href,
            rel,
            media_type,
            title: title.to_string(),
        }
    }
}

/// A whole page with sitmap's frame around `body` (already escaped HTML).
pub fn page(title: &str, links: &[Link], body: &str) -> Html<String> {
    let nav: String = links
        .iter()
        .map(|l| {
            format!(
                "<li><a href=\"{}\">{}</a> <small>({}, {})</small></li>",
                esc(&l.href),
                esc(&l.title),
                esc(l.rel),
                esc(l.media_type)
            )
        })
        .collect();
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} – sitmap</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}}</style>\
         </head><body><h1>{t}</h1><ul>{nav}</ul>{body}</body></html>",
        t = esc(title),
    ))
}

/// A two-column table of name/value rows.
pub fn table(rows: &[(&str, String)]) -> String {
    let body: String = rows
        .iter()
        .map(|(k, v)| format!("<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v)))
        .collect();
    format!("<table>{body}</table>")
}
