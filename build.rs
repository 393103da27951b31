//! Compiles the embedded gazetteer (`gazetteer/places.tsv.gz` and `gazetteer/hand.tsv`) into
//! the binary name index and place records that `Gazetteer::embedded` opens without parsing,
//! so a process starts in milliseconds instead of normalising a million names.
//! The compiler is `src/gazetteer/compile.rs`, shared with `Gazetteer::from_dir`.

use std::io::Read;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/gazetteer/normalize.rs"]
mod normalize;

#[allow(dead_code)]
#[path = "src/gazetteer/compile.rs"]
mod compile;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for input in [
        "gazetteer/places.tsv.gz",
        "gazetteer/hand.tsv",
        "src/gazetteer/compile.rs",
        "src/gazetteer/normalize.rs",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let gz = std::fs::read(root.join("gazetteer/places.tsv.gz"))?;
    let mut table = String::with_capacity(gz.len() * 6);
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut table)?;
    let hand = std::fs::read_to_string(root.join("gazetteer/hand.tsv"))?;
    let compiled = compile::compile(&table, &hand)?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let write = |name: &str, bytes: &[u8]| std::fs::write(Path::new(&out).join(name), bytes);
    write("gazetteer-places.bin", &compiled.places)?;
    write("gazetteer-names.fst", &compiled.names)?;
    write("gazetteer-name-postings.bin", &compiled.name_postings)?;
    write("gazetteer-skeletons.fst", &compiled.skeletons)?;
    write(
        "gazetteer-skeleton-postings.bin",
        &compiled.skeleton_postings,
    )?;
    Ok(())
}
