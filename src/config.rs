//! Server configuration: one struct, filled from command-line flags and `SITMAP_…` variables
//! (clap reads both), with the secret token wrapped so it never prints.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// A bearer token. Its `Debug` and `Display` never show the value; comparison takes the same
/// time wherever the first difference is.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Secret(value)
    }

    /// Compares in constant time (no early exit on the first differing byte).
    pub fn matches(&self, candidate: &str) -> bool {
        constant_time_eq::constant_time_eq(self.0.as_bytes(), candidate.as_bytes())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Everything `sitmap serve` can be told.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Folder of the embedded store.
    pub data_dir: PathBuf,
    /// When set, writes need `Authorization: Bearer <token>`.
    pub token: Option<Secret>,
    /// Origins allowed by CORS; `None` allows any origin (reads are public).
    pub cors_origins: Option<Vec<String>>,
    /// Base URL for links in responses (e.g. `https://maps.example.org`); when `None`, links
    /// use the request's Host header.
    pub public_url: Option<String>,
    /// `limit` when a request gives none.
    pub default_limit: usize,
    /// Largest `limit` served; larger requests are clamped to it.
    pub max_limit: usize,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Load the demo data set into an empty store at first start.
    pub demo: bool,
    /// Start without a token on a non-loopback address (writes then open to anyone who can
    /// reach the port).
    pub allow_open_writes: bool,
    /// Time a client has to send a request head before its connection is closed.
    pub header_timeout: std::time::Duration,
    /// Memory for rendered tiles, in bytes (0: no tile cache).
    pub tile_cache_bytes: u64,
    /// Bytes that large response bodies (over 1 MiB) may hold in memory at once while
    /// clients take them; beyond it new large answers wait, then get 503.
    pub response_budget_bytes: u64,
    /// Where the map page's script and style come from: a folder holding npm's
    /// `maplibre-gl/dist` (by default `node_modules` next to the crate, else in the working
    /// directory).
    pub assets_dir: Option<PathBuf>,
    /// Nice value added to the threads doing data work ([`crate::api::work`]); 0 keeps them
    /// at the process's priority.
    pub data_nice: u8,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("data"),
            token: None,
            cors_origins: None,
            public_url: None,
            default_limit: 100,
            max_limit: 10_000,
            body_limit: 16 * 1024 * 1024,
            demo: false,
            allow_open_writes: false,
            header_timeout: std::time::Duration::from_secs(10),
            tile_cache_bytes: 256 * 1024 * 1024,
            data_nice: crate::api::work::DEFAULT_NICE,
            response_budget_bytes: 512 * 1024 * 1024,
            assets_dir: None,
        }
    }
}
