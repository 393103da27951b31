//! Learns the geoparser's resolver weights (`src/geoparse/weights.tsv`) from the dev split of
//! the public toponym corpora in `../shared/geoparse/` (read here, never copied into the
//! project), and reports Acc@161 on both splits with the gold spans.
//!
//! ```sh
//! cargo run --release --example train_resolver -- [--corpora DIR] [--write]
//! ```
//!
//! Each model is a softmax over a mention's candidates, fitted by AdaGrad on the
//! log-probability of the candidates within 161 km of the gold point (any of them counts as
//! right, as in Acc@161), with a small L2 penalty. Mentions with no such candidate teach
//! nothing and are skipped. The name-only model is fitted first; its beliefs give the
//! document features of the full model. Only `--write` changes the weights file.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};

use sitmap::gazetteer::rank::distance_km;
use sitmap::gazetteer::Gazetteer;
use sitmap::geoparse::features::{self, CandidateRow, FIRST_CONTEXT, N};
use sitmap::geoparse::model::{Model, Weights};
use sitmap::geoparse::span::{Indexed, Span};

const CORPORA: &[&str] = &["lgl", "trnews", "gwn", "geovirus"];

/// Gold toponyms of one document: span and `(lon, lat)`.
type Gold = Vec<(Span, (f64, f64))>;

struct Doc {
    corpus: String,
    split: String,
    text: String,
    gold: Gold,
}

fn load(dir: &str) -> anyhow::Result<Vec<Doc>> {
    let mut texts: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    let f = std::fs::File::open(format!("{dir}/docs.jsonl.gz"))?;
    for line in BufReader::new(flate2::read::GzDecoder::new(f)).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let key = (
            v["corpus"].as_str().unwrap_or("").to_string(),
            v["doc"].to_string(),
        );
        texts.insert(
            key,
            (
                v["text"].as_str().unwrap_or("").to_string(),
                v["split"].as_str().unwrap_or("").to_string(),
            ),
        );
    }
    let mut gold: BTreeMap<(String, String), Gold> = BTreeMap::new();
    for corpus in CORPORA {
        let f = std::fs::File::open(format!("{dir}/{corpus}.jsonl"))?;
        for line in BufReader::new(f).lines() {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            let (Some(s), Some(e), Some(lat), Some(lon)) = (
                v["start"].as_u64(),
                v["end"].as_u64(),
                v["lat"].as_f64(),
                v["lon"].as_f64(),
            ) else {
                continue;
            };
            gold.entry((corpus.to_string(), v["doc"].to_string()))
                .or_default()
                .push((
                    Span {
                        start: s as usize,
                        end: e as usize,
                    },
                    (lon, lat),
                ));
        }
    }
    Ok(gold
        .into_iter()
        .filter_map(|(key, mut g)| {
            let (text, split) = texts.get(&key)?.clone();
            g.sort_by_key(|(s, _)| (s.start, s.end));
            g.dedup_by_key(|(s, _)| *s);
            Some(Doc {
                corpus: key.0,
                split,
                text,
                gold: g,
            })
        })
        .collect())
}

/// One training example: the candidates' rows and which of them are right.
struct Example {
    rows: Vec<[f32; N]>,
    right: Vec<bool>,
}

fn examples(
    gazetteer: &Gazetteer,
    docs: &[&Doc],
    first: Option<&Weights>,
) -> Vec<(Vec<CandidateRow>, (f64, f64), String)> {
    let mut out = Vec::new();
    for d in docs {
        let text = Indexed::new(&d.text);
        let spans: Vec<Span> = d.gold.iter().map(|g| g.0).collect();
        let probs = first.map(|w| move |rows: &[CandidateRow]| w.probabilities(rows));
        let rows = features::document(
            gazetteer,
            &text,
            &spans,
            None,
            probs
                .as_ref()
                .map(|p| p as &dyn Fn(&[CandidateRow]) -> Vec<f32>),
        );
        for (m, g) in rows.into_iter().zip(&d.gold) {
            out.push((m.candidates, g.1, d.corpus.clone()));
        }
    }
    out
}

fn to_examples(
    gazetteer: &Gazetteer,
    rows: &[(Vec<CandidateRow>, (f64, f64), String)],
) -> Vec<Example> {
    rows.iter()
        .filter_map(|(cands, gold, _)| {
            let right: Vec<bool> = cands
                .iter()
                .map(|c| {
                    gazetteer
                        .place(c.index)
                        .coord
                        .is_some_and(|p| distance_km(p, *gold) <= 161.0)
                })
                .collect();
            (right.iter().any(|r| *r) && cands.len() > 1).then(|| Example {
                rows: cands.iter().map(|c| c.x).collect(),
                right,
            })
        })
        .collect()
}

/// AdaGrad on the softmax log-likelihood of the right candidates, features `0..dims` only.
fn fit(examples: &[Example], dims: usize, epochs: usize) -> Weights {
    let mut w = [0f32; N];
    let mut g2 = [1e-6f32; N];
    let (rate, l2) = (0.5f32, 1e-4f32);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = &examples[i];
            let scores: Vec<f32> = ex
                .rows
                .iter()
                .map(|x| x[..dims].iter().zip(&w[..dims]).map(|(a, b)| a * b).sum())
                .collect();
            let p = sitmap::geoparse::model::softmax(scores);
            let mass: f32 = p
                .iter()
                .zip(&ex.right)
                .filter(|(_, r)| **r)
                .map(|(p, _)| p)
                .sum();
            let mut grad = [0f32; N];
            for ((x, &pi), &r) in ex.rows.iter().zip(&p).zip(&ex.right) {
                // d(-log Σ_right p)/ds_c = p_c − [c right]·p_c / mass
                let coef = pi - if r { pi / mass.max(1e-9) } else { 0.0 };
                for k in 0..dims {
                    grad[k] += coef * x[k];
                }
            }
            for k in 0..dims {
                let g = grad[k] + l2 * w[k];
                g2[k] += g * g;
                w[k] -= rate * g / g2[k].sqrt();
            }
        }
    }
    Weights(w)
}

/// Acc@161 per corpus; with `dump`, one line per wrong answer (for studying the dev split).
fn accuracy(
    gazetteer: &Gazetteer,
    model: &Model,
    docs: &[&Doc],
    mut dump: Option<&mut dyn std::io::Write>,
) -> BTreeMap<String, (usize, usize)> {
    let mut acc: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for d in docs {
        let text = Indexed::new(&d.text);
        let spans: Vec<Span> = d.gold.iter().map(|g| g.0).collect();
        let res = sitmap::geoparse::resolve(gazetteer, &text, &spans, None, 0, model);
        for (r, g) in res.iter().zip(&d.gold) {
            let ok = r
                .best
                .as_ref()
                .and_then(|c| gazetteer.place(c.index).coord)
                .is_some_and(|p| distance_km(p, g.1) <= 161.0);
            if let (false, Some(out)) = (ok, dump.as_mut()) {
                let name = |i: u32| {
                    let p = gazetteer.place(i);
                    format!("{} ({} {})", p.name, p.country, p.feature_code)
                };
                let chosen = r.best.as_ref().map(|c| name(c.index)).unwrap_or_default();
                let cands = sitmap::geoparse::features::candidates(gazetteer, &r.text);
                let right = cands.iter().find(|c| {
                    gazetteer
                        .place(c.index)
                        .coord
                        .is_some_and(|p| distance_km(p, g.1) <= 161.0)
                });
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    d.corpus,
                    r.text,
                    chosen,
                    cands.len(),
                    right.map(|c| name(c.index)).unwrap_or_else(|| "-".into())
                );
            }
            let e = acc.entry(d.corpus.clone()).or_default();
            e.0 += ok as usize;
            e.1 += 1;
        }
    }
    acc
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .windows(2)
        .find(|w| w[0] == "--corpora")
        .map(|w| w[1].clone())
        .unwrap_or_else(|| "../shared/geoparse".into());
    let write = args.iter().any(|a| a == "--write");
    let gazetteer = Gazetteer::embedded()?;
    let docs = load(&dir)?;
    let dev: Vec<&Doc> = docs.iter().filter(|d| d.split == "dev").collect();
    let test: Vec<&Doc> = docs.iter().filter(|d| d.split == "test").collect();
    eprintln!("{} dev and {} test documents", dev.len(), test.len());

    let first_rows = examples(&gazetteer, &dev, None);
    let first = fit(&to_examples(&gazetteer, &first_rows), FIRST_CONTEXT, 15).first_pass_only();
    let full_rows = examples(&gazetteer, &dev, Some(&first));
    let full = fit(&to_examples(&gazetteer, &full_rows), N, 15);
    let model = Model { first, full };
    let mut dump = args
        .windows(2)
        .find(|w| w[0] == "--dump")
        .map(|w| std::fs::File::create(&w[1]))
        .transpose()?;
    for (name, set) in [("dev", &dev), ("test", &test)] {
        let out = if name == "dev" { dump.as_mut() } else { None };
        let acc = accuracy(
            &gazetteer,
            &model,
            set,
            out.map(|f| f as &mut dyn std::io::Write),
        );
        let line: Vec<String> = acc
            .iter()
            .map(|(c, (ok, n))| format!("{c} {:.1}", 100.0 * *ok as f64 / *n as f64))
            .collect();
        println!("Acc@161 with gold spans, {name}: {}", line.join(" | "));
    }
    for (f, w) in features::FEATURES.iter().zip(model.full.0.iter()) {
        println!("{f:>24} {w:8.3}");
    }
    if write {
        let header =
            "Learned by examples/train_resolver.rs on the dev split of ../shared/geoparse/ \
                      (LGL, TR-News, GeoWebNews, GeoVirus).\nmodel\tfeature\tweight";
        std::fs::write("src/geoparse/weights.tsv", model.to_tsv(header))?;
        eprintln!("wrote src/geoparse/weights.tsv");
    }
    Ok(())
}
