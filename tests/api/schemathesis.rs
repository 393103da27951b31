//! schemathesis (PyPI), a property-based API tester written by others, against the server's
//! own OpenAPI 3.1 document: it generates requests from the document, valid and invalid, and
//! runs all its default checks on the answers (no 5xx, status codes and bodies as documented,
//! invalid data refused, valid data accepted). `.ci/run` installs it; without it this fails.
//!
//! `tests/schemathesis/schemathesis.toml` holds the one exception and why: a bbox whose south
//! lies north of its north is refused, a rule across two positions that JSON Schema can't
//! state.

use std::path::Path;
use std::process::Command;

use crate::support::{spawn_app, Options};

#[tokio::test(flavor = "multi_thread")]
async fn schemathesis_default_checks_pass_on_the_openapi_31_document() {
    let app = spawn_app(Options {
        demo: true,
        ..Options::default()
    })
    .await;
    let url = format!("{}/api?version=3.1", app.base);
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemathesis/schemathesis.toml");
    // its example database goes to a fresh directory: every run starts from the fixed seed
    let work = tempfile::tempdir().expect("temp dir");
    let out = tokio::task::spawn_blocking(move || {
        Command::new("schemathesis")
            .arg("--config-file")
            .arg(&config)
            .args([
                "run",
                &url,
                "--max-examples",
                "50",
                "--seed",
                "20261125",
                "--no-color",
            ])
            .current_dir(work.path())
            .output()
            .expect("schemathesis runs (pip install schemathesis)")
    })
    .await
    .expect("join");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found failures:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // it really ran: the summary counts the generated cases ("N generated, N passed")
    let generated: usize = text
        .lines()
        .find(|l| l.contains(" generated,"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(generated >= 500, "too few cases generated:\n{text}");
}
