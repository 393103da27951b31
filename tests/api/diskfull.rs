//! The data directory on a full disk (a 3 MiB tmpfs): writes answer 507 with a clear message,
//! reads go on, and once space is freed writes resume with nothing lost or corrupted.
//! Mounting needs root, so the test is ignored by a plain `cargo test`; `.ci/run` runs it
//! (`--ignored`) as root, and run so without root it fails, saying why.

use std::process::Command;

use serde_json::Value;

use crate::support::{collection, feature, start_binary};

struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
#[ignore = "mounts a tmpfs, which needs root: .ci/run runs it with --ignored as root"]
fn a_full_disk_refuses_writes_keeps_reads_and_recovers() {
    let dir = tempfile::tempdir().expect("dir");
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
        .arg(dir.path())
        .status()
        .expect("mount runs");
    assert!(ok.success(), "mount a tmpfs (needs root)");
    let _mount = Mount(dir.path().to_path_buf());
    let server = start_binary(dir.path(), &["--no-demo"], &[]);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let client = reqwest::Client::new();
    let items = format!("{}/collections/events/items", server.base);
    let post = |body: Value| {
        let r = rt.block_on(
            client
                .post(&items)
                .header("content-type", "application/geo+json")
                .body(body.to_string())
                .send(),
        );
        let r = r.expect("request");
        let status = r.status().as_u16();
        (status, rt.block_on(r.text()).expect("body"))
    };
    // fill the disk: a filler file, then events until the store refuses
    let filler = dir.path().join("filler");
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=64k", "count=40"])
        .arg(format!("of={}", filler.display()))
        .status();
    let mut acked = Vec::new();
    let mut refused = None;
    for i in 0..2000 {
        let batch: Vec<Value> = (0..20)
            .map(|k| feature(&format!("e{i}-{k}"), 40.0, 35.0, "2020-01-01"))
            .collect();
        let ids: Vec<String> = (0..20).map(|k| format!("e{i}-{k}")).collect();
        let (status, body) = post(collection(batch));
        match status {
            201 => acked.extend(ids),
            _ => {
                refused = Some((status, body));
                break;
            }
        }
    }
    let (status, body) = refused.expect("the disk filled up");
    eprintln!("disk full after {} events: {status} {body}", acked.len());
    assert!(status == 507 || status == 503, "{status} {body}");
    assert!(body.contains("disk"), "{body}");
    // reads go on
    let doc: Value = rt
        .block_on(async {
            client
                .get(format!("{items}?limit=1"))
                .send()
                .await?
                .json()
                .await
        })
        .expect("read");
    assert_eq!(doc["numberMatched"].as_u64(), Some(acked.len() as u64));
    // space freed: writes resume
    std::fs::remove_file(&filler).expect("free space");
    let (status, body) = post(collection(vec![feature("after", 40.0, 35.0, "2020-01-02")]));
    assert_eq!(status, 201, "{body}");
    acked.push("after".into());
    drop(server);
    // nothing lost, nothing corrupted: a restart loads every acknowledged event
    let server = start_binary(dir.path(), &["--no-demo"], &[]);
    let doc: Value = rt
        .block_on(async {
            client
                .get(format!(
                    "{}/collections/events/items?limit=100000",
                    server.base
                ))
                .send()
                .await?
                .json()
                .await
        })
        .expect("read");
    let ids: std::collections::HashSet<&str> = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    for id in &acked {
        assert!(ids.contains(id.as_str()), "lost {id}");
    }
}
