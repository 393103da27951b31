//! SIGKILL during a burst of concurrent writes, restart on the same data directory, every
//! acknowledged event found, no duplicate, no repair; the index after restart equals the
//! store. Cycles: `SITMAP_CRASH_CYCLES` (default 5; `bench/crash.sh` runs 20).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{collection, feature, start_binary};

async fn writer(url: String, prefix: String, acked: Arc<Mutex<Vec<String>>>) {
    let client = reqwest::Client::new();
    for i in 0.. {
        // batches of 1 to 3 events: a batch is stored all or none
        let ids: Vec<String> = (0..1 + i % 3)
            .map(|k| format!("{prefix}-{i}-{k}"))
            .collect();
        let body = collection(
            ids.iter()
                .map(|id| feature(id, 30.0 + f64::from(i % 50) * 0.1, 20.0, "2021-03-03"))
                .collect(),
        );
        let sent = client
            .post(&url)
            .header("content-type", "application/geo+json")
            .body(body.to_string())
            .send()
            .await;
        match sent {
            Ok(r) if r.status().as_u16() == 201 => acked.lock().expect("lock").extend(ids),
            _ => return, // the server is gone
        }
    }
}

#[test]
fn acknowledged_writes_survive_sigkill_during_a_write_burst() {
    let cycles: usize = std::env::var("SITMAP_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let dir = tempfile::tempdir().expect("dir");
    let acked = Arc::new(Mutex::new(Vec::new()));
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut rng = fastrand::Rng::with_seed(3);
    for cycle in 0..cycles {
        let mut server = start_binary(dir.path(), &["--no-demo"], &[]);
        let url = format!("{}/collections/events/items", server.base);
        let tasks: Vec<_> = (0..8)
            .map(|w| rt.spawn(writer(url.clone(), format!("c{cycle}w{w}"), acked.clone())))
            .collect();
        std::thread::sleep(Duration::from_millis(rng.u64(100..400)));
        server.child.kill().expect("SIGKILL");
        server.child.wait().expect("wait");
        for t in tasks {
            let _ = rt.block_on(t);
        }
    }
    let server = start_binary(dir.path(), &["--no-demo", "--max-limit", "1000000"], &[]);
    let doc: serde_json::Value = rt.block_on(async {
        reqwest::get(format!(
            "{}/collections/events/items?limit=1000000",
            server.base
        ))
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
    });
    let ids: Vec<&str> = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["id"].as_str().expect("id"))
        .collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicates after restart");
    let acked = acked.lock().expect("lock");
    assert!(
        acked.len() > 50 * cycles,
        "the bursts wrote too little: {}",
        acked.len()
    );
    let missing: Vec<&String> = acked
        .iter()
        .filter(|id| !unique.contains(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged events lost, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
    // every batch is whole: an event of a batch implies the batch's other events
    for id in &unique {
        let (head, k) = id.rsplit_once('-').expect("id shape");
        let i: usize = head
            .rsplit_once('-')
            .expect("id shape")
            .1
            .parse()
            .expect("i");
        for other in 0..1 + i % 3 {
            assert!(
                unique.contains(format!("{head}-{other}").as_str()),
                "half a batch: {id} (k {k})"
            );
        }
    }
    eprintln!(
        "{cycles} SIGKILL cycles: {} acknowledged events, all found; {} stored in all",
        acked.len(),
        ids.len()
    );
    // the index the server built equals the store
    let store = sitmap::store::Store::open(dir.path()).expect("store");
    assert_eq!(store.count().expect("count"), ids.len());
    assert_eq!(doc["numberMatched"].as_u64(), Some(ids.len() as u64));
}
