//! Starting real sitmap servers for tests: in-process on a loopback port over a temporary data
//! directory, or as the real binary (for restart and kill tests).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};

use serde_json::{json, Value};
use sitmap::config::{Config, Secret};
use sitmap::gazetteer::Gazetteer;
use tokio::sync::oneshot;

/// The gazetteer, loaded once for all in-process servers of this test binary.
pub fn gazetteer() -> Arc<Gazetteer> {
    static G: OnceLock<Arc<Gazetteer>> = OnceLock::new();
    G.get_or_init(|| Arc::new(Gazetteer::embedded().expect("gazetteer loads")))
        .clone()
}

/// A server running in this process. Stopped (gracefully) when dropped.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    /// Kept so the data directory lives as long as the server.
    _data: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Options for [`spawn_app`].
#[derive(Default)]
pub struct Options {
    pub demo: bool,
    pub token: Option<&'static str>,
    pub max_limit: Option<usize>,
    pub body_limit: Option<usize>,
    pub header_timeout: Option<std::time::Duration>,
    pub response_budget_bytes: Option<u64>,
}

pub async fn spawn_app(opts: Options) -> TestApp {
    let data = tempfile::tempdir().expect("temp dir");
    let mut config = Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        data_dir: data.path().to_path_buf(),
        demo: opts.demo,
        token: opts.token.map(|t| Secret::new(t.to_string())),
        ..Config::default()
    };
    if let Some(m) = opts.max_limit {
        config.max_limit = m;
    }
    if let Some(b) = opts.body_limit {
        config.body_limit = b;
    }
    if let Some(t) = opts.header_timeout {
        config.header_timeout = t;
    }
    if let Some(b) = opts.response_budget_bytes {
        config.response_budget_bytes = b;
    }
    let g = gazetteer();
    let state = sitmap::server::prepare_with(config, async move { Ok(g) })
        .await
        .expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = oneshot::channel();
    tokio::spawn(sitmap::api::serve(listener, state, async move {
        let _ = rx.await;
    }));
    TestApp {
        base,
        client: reqwest::Client::new(),
        _data: data,
        stop: Some(tx),
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.json().await.expect("JSON body"))
    }

    pub async fn post_json(&self, body: &Value) -> (u16, Value) {
        self.post_json_to("/collections/events/items", body).await
    }

    /// POSTs a JSON body to a path; the status and the JSON answer.
    pub async fn post_json_to(&self, path: &str, body: &Value) -> (u16, Value) {
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.expect("JSON body"))
    }
}

/// Runs a future to completion on a fresh single-thread runtime (for tests of the real binary,
/// which are not async themselves).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

/// A GeoJSON event feature with the given id, position and date.
pub fn feature(id: &str, lon: f64, lat: f64, date: &str) -> Value {
    json!({
        "type": "Feature",
        "id": id,
        "geometry": { "type": "Point", "coordinates": [lon, lat] },
        "properties": {
            "event_date": date,
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "actor1": "SDF",
            "actor2": "Islamic State",
            "fatalities": 2,
            "location": "Somewhere",
            "country": "Syria",
            "country_code": "SY",
            "notes": "A test event written for sitmap's integration tests."
        }
    })
}

pub fn collection(features: Vec<Value>) -> Value {
    json!({ "type": "FeatureCollection", "features": features })
}

/// The real `sitmap serve` binary, killed (SIGKILL) when dropped.
pub struct ServerProcess {
    pub child: Child,
    pub base: String,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `sitmap serve --addr 127.0.0.1:0 --data DIR` and waits for its "listening on" line.
pub fn start_binary(data: &Path, extra: &[&str], env: &[(&str, &str)]) -> ServerProcess {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitmap"));
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(data)
        .args(extra)
        .env("SITMAP_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("sitmap starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("server printed its address before exiting")
            .expect("stderr line");
        if let Some(rest) = line.strip_prefix("listening on ") {
            break rest.split_whitespace().next().expect("url").to_string();
        }
    };
    // keep draining stderr so the server never blocks on a full pipe
    std::thread::spawn(move || for _ in lines {});
    ServerProcess { child, base }
}

/// The ids of a FeatureCollection's features, in order.
pub fn feature_ids(doc: &Value) -> Vec<String> {
    doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect()
}

/// Runs a command line tool written by others (GDAL's, say) and returns its standard
/// output; fails loudly when it is missing or fails.
pub fn run_tool(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs (install gdal-bin; .ci/run does): {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs a Python script that drives a client written by others (`interpreter -c script
/// args…`) off the async workers, and returns the one JSON value it prints; fails loudly,
/// saying how to install the client, when the script fails.
pub async fn run_python_client(
    interpreter: &'static str,
    script: &'static str,
    args: Vec<String>,
    install: &'static str,
) -> Value {
    let out = tokio::task::spawn_blocking(move || {
        Command::new(interpreter)
            .arg("-c")
            .arg(script)
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{interpreter} runs: {e}"))
    })
    .await
    .expect("join");
    assert!(
        out.status.success(),
        "the client failed ({install}): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "one JSON value from the client ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}
