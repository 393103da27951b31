//! The resolver's learned weights: two linear models over [`super::features`], each read as
//! a softmax over a mention's candidates. `first` sees the name alone and gives the beliefs the
//! document features are computed from; `full` sees everything and decides.
//!
//! The weights are learned by `examples/train_resolver.rs` on the dev split of the public
//! toponym corpora (read at training time from `../shared/geoparse/`, never copied here) and
//! stored as numbers in `src/geoparse/weights.tsv`: `model<TAB>feature<TAB>weight` lines.

use std::sync::OnceLock;

use super::features::{CandidateRow, FEATURES, FIRST_CONTEXT, N};

static EMBEDDED: &str = include_str!("weights.tsv");

/// One linear model.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights(pub [f32; N]);

/// Both models.
#[derive(Debug, Clone)]
pub struct Model {
    pub first: Weights,
    pub full: Weights,
}

/// A weights file that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("weights line {line}: {reason}")]
pub struct WeightsError {
    pub line: usize,
    pub reason: String,
}

impl Weights {
    pub fn zero() -> Self {
        Weights([0.0; N])
    }

    pub fn dot(&self, x: &[f32; N]) -> f32 {
        self.0.iter().zip(x).map(|(w, v)| w * v).sum()
    }

    /// Softmax probabilities of a mention's candidates.
    pub fn probabilities(&self, rows: &[CandidateRow]) -> Vec<f32> {
        softmax(rows.iter().map(|r| self.dot(&r.x)).collect())
    }

    /// The name-only model must not read document features.
    pub fn first_pass_only(mut self) -> Self {
        for w in &mut self.0[FIRST_CONTEXT..] {
            *w = 0.0;
        }
        self
    }
}

/// Softmax in place, stable for large scores.
pub fn softmax(mut s: Vec<f32>) -> Vec<f32> {
    let max = s.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in &mut s {
        *v = (*v - max).exp();
        sum += *v;
    }
    if sum > 0.0 {
        for v in &mut s {
            *v /= sum;
        }
    }
    s
}

impl Model {
    /// Parses a weights file. Every feature of both models must be given exactly once.
    pub fn parse(text: &str) -> Result<Self, WeightsError> {
        let mut first = [None; N];
        let mut full = [None; N];
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let bad = |reason: String| WeightsError {
                line: line_no,
                reason,
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [model, feature, weight] = cols[..] else {
                return Err(bad("expected model, feature and weight".into()));
            };
            let slot = FEATURES
                .iter()
                .position(|f| *f == feature)
                .ok_or_else(|| bad(format!("unknown feature {feature:?}")))?;
            let w: f32 = weight
                .parse()
                .map_err(|_| bad(format!("weight {weight:?} is not a number")))?;
            let table = match model {
                "first" => &mut first,
                "full" => &mut full,
                other => return Err(bad(format!("unknown model {other:?}"))),
            };
            if table[slot].replace(w).is_some() {
                return Err(bad(format!("{feature} given twice")));
            }
        }
        let collect = |t: [Option<f32>; N], model: &str| -> Result<Weights, WeightsError> {
            let mut w = [0f32; N];
            for (i, v) in t.iter().enumerate() {
                w[i] = v.ok_or_else(|| WeightsError {
                    line: 0,
                    reason: format!("{model} model has no weight for {}", FEATURES[i]),
                })?;
            }
            Ok(Weights(w))
        };
        Ok(Model {
            first: collect(first, "first")?.first_pass_only(),
            full: collect(full, "full")?,
        })
    }

    /// Writes the file [`Model::parse`] reads.
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        for (name, w) in [("first", &self.first), ("full", &self.full)] {
            for (f, v) in FEATURES.iter().zip(w.0.iter()) {
                out.push_str(&format!("{name}\t{f}\t{v:.6}\n"));
            }
        }
        out
    }

    /// The weights compiled into the binary.
    pub fn embedded() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            // the file is part of the source tree and checked by a unit test, so a parse
            // failure here is a build defect, not bad input
            Model::parse(EMBEDDED).expect("src/geoparse/weights.tsv is valid")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_weights_parse_and_cover_every_feature() {
        let m = Model::parse(EMBEDDED).expect("weights parse");
        assert_eq!(m.first.0.len(), FEATURES.len());
        assert!(m.first.0[FIRST_CONTEXT..].iter().all(|w| *w == 0.0));
        assert!(m.full.0.iter().any(|w| *w != 0.0));
    }

    #[test]
    fn weights_round_trip_and_errors_name_the_line() {
        let m = Model::parse(EMBEDDED).expect("weights parse");
        let again = Model::parse(&m.to_tsv("test")).expect("round trip");
        for (a, b) in m.full.0.iter().zip(again.full.0.iter()) {
            assert!((a - b).abs() < 1e-5);
        }
        match Model::parse("full\tno_such\t1\n") {
            Err(err) => assert_eq!(err.line, 1),
            Ok(_) => panic!("an unknown feature must be refused"),
        }
        assert!(Model::parse("full\tprior\tx\n").is_err());
    }

    #[test]
    fn softmax_sums_to_one() {
        let p = softmax(vec![1000.0, 999.0, -5.0]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(p[0] > p[1] && p[1] > p[2]);
    }
}
