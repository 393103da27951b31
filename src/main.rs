//! The `sitmap` command line: parses flags and calls the library.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use sitmap::gazetteer::{Context, CountryCode, Gazetteer};

/// Turns news reports about armed conflict into geocoded events and serves them to maps.
#[derive(Parser)]
#[command(name = "sitmap", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Look a place name up in the gazetteer; prints ranked candidates as GeoJSON, best first.
    ///
    /// Spellings are matched after folding case, diacritics, Arabic articles and apostrophes
    /// (Deir Ezzor, Dayr az Zawr and Deir ez-Zor are one name); when no name matches, the
    /// consonant skeleton is tried (Hodeidah finds Al Hudaydah). Each candidate carries a score
    /// in 0..1. A place the gazetteer knows but no source locates comes back with a null
    /// geometry and "located": false; no candidate at all is said on stderr.
    Geocode {
        /// The place name, in any common spelling.
        name: String,
        /// ISO 3166-1 alpha-2 code of the country the name is expected in (e.g. SY); ranks
        /// places there first.
        #[arg(long)]
        country: Option<String>,
        /// How many candidates to print at most.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=1000))]
        limit: u16,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("sitmap: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Geocode {
            name,
            country,
            limit,
        } => {
            let mut context = Context::default();
            if let Some(cc) = country {
                context.country = Some(CountryCode::parse(&cc).context("--country")?);
            }
            let gazetteer = Gazetteer::embedded().context("loading the gazetteer")?;
            let candidates = gazetteer.lookup(&name, &context, limit as usize);
            if candidates.is_empty() {
                eprintln!("sitmap: no place in the gazetteer matches {name:?}");
            }
            let fc = sitmap::geocode::to_features(&gazetteer, &candidates);
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &fc)?;
            writeln!(out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
