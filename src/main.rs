//! The `sitmap` command line: parses flags and calls the library.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use sitmap::config::{Config, Secret};
use sitmap::gazetteer::{Context, CountryCode, Gazetteer};
use sitmap::store::Store;

/// Turns news reports about armed conflict into geocoded events and serves them to maps.
#[derive(Parser)]
#[command(name = "sitmap", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the events over HTTP: OGC API – Features (GeoJSON and HTML), writes, gazetteer.
    ///
    /// The store lives in --data (created if missing; one server per folder at a time). With
    /// --demo, an empty store is first filled with a demo data set (the seed report's events
    /// and 3,000 synthetic ones in Syria and Iraq, marked "sitmap demo (synthetic)").
    ///
    /// Writes need `Authorization: Bearer $SITMAP_TOKEN` when SITMAP_TOKEN is set. Without a
    /// token the server only starts on a loopback address (127.0.0.1, ::1), and refuses writes
    /// that a web page of another origin sends, unless --allow-open-writes is given.
    /// Stops on Ctrl-C or SIGTERM after finishing in-flight requests.
    Serve {
        /// Address to listen on (port 0 picks a free port; the bound address is printed).
        #[arg(long, default_value = "127.0.0.1:8080", env = "SITMAP_ADDR")]
        addr: SocketAddr,
        /// Folder of the embedded store.
        #[arg(long, default_value = "data", env = "SITMAP_DATA")]
        data: PathBuf,
        /// Load the demo data set into an empty store.
        #[arg(long, conflicts_with = "no_demo")]
        demo: bool,
        /// Do not load the demo data (the default; kept for scripts written for older versions).
        #[arg(long)]
        no_demo: bool,
        /// Accept writes without SITMAP_TOKEN on a non-loopback address: anyone who can reach
        /// the port can then write. Meant for a private network only.
        #[arg(long)]
        allow_open_writes: bool,
        /// Bearer token that writes must carry (read from the environment only, so it never
        /// shows in a process list).
        #[arg(skip)]
        token: Option<String>,
        /// Comma-separated origins allowed by CORS (default: any origin).
        #[arg(long, env = "SITMAP_CORS_ORIGINS", value_delimiter = ',')]
        cors_origin: Option<Vec<String>>,
        /// Base URL used in links (when behind a proxy), e.g. https://maps.example.org
        #[arg(long, env = "SITMAP_PUBLIC_URL")]
        public_url: Option<String>,
        /// Largest `limit` served on /collections/events/items; larger ones are clamped.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        max_limit: u32,
        /// Memory for rendered vector tiles, in MiB (0 turns the tile cache off).
        #[arg(long, default_value_t = 256, env = "SITMAP_TILE_CACHE_MB", value_parser = clap::value_parser!(u32).range(0..=65_536))]
        tile_cache_mb: u32,
        /// How far below normal CPU priority the threads doing data work (pages, tiles,
        /// writes) run, as a nice value added to the process's (0: same priority, 19: the
        /// lowest). Above 0 the async workers, which answer /health and metadata, keep
        /// their cores while heavy work runs; other processes on the machine also win over
        /// data work, so give 0 when sitmap shares its machine with busy neighbours.
        #[arg(long, default_value_t = 10, env = "SITMAP_DATA_NICE", value_parser = clap::value_parser!(u8).range(0..=19))]
        data_nice: u8,
    },
    /// Load into the store: events (GeoJSON .geojson/.json, ACLED-style CSV .csv) or news
    /// reports (JSON Lines .jsonl: text, published, source, url), read by the extractor.
    ///
    /// Each file is checked whole first: a file with an invalid row is not written at all
    /// and every problem is listed by line (use --skip-invalid to write the valid rows).
    /// Events are keyed by id (event_id_cnty in CSV), so ingesting a file again updates
    /// instead of duplicating.
    ///
    /// A data directory belongs to one process: while `sitmap serve` runs on it, ingest
    /// into that server with --server http://HOST:PORT instead (events in batches of 2,000
    /// through POST /collections/events/items, reports one by one through POST /reports,
    /// with the bearer token from SITMAP_TOKEN); the map shows them at once.
    Ingest {
        /// Files to load.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder of the embedded store (without --server), and of the user gazetteer.
        #[arg(long, default_value = "data", env = "SITMAP_DATA")]
        data: PathBuf,
        /// Write into the running server at this address (http://host:port) instead of
        /// the store; its token, if it has one, is read from SITMAP_TOKEN.
        #[arg(long, env = "SITMAP_SERVER")]
        server: Option<String>,
        /// Write the valid rows of a file that has invalid ones (and list the invalid ones).
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Read the events of one news report; prints them as a GeoJSON FeatureCollection.
    ///
    /// Nothing is stored. Dates such as "on Monday", "yesterday" or "last week" are read
    /// relative to --published; places are resolved with the gazetteer using the report's
    /// other places as context. Each event's `notes` holds the sentences it came from.
    Extract {
        /// The day the report was published (YYYY-MM-DD).
        #[arg(long)]
        published: chrono::NaiveDate,
        /// Name of the source (e.g. the outlet), copied into every event.
        #[arg(long, default_value = "")]
        source: String,
        /// Address of the report, copied into every event's source_url.
        #[arg(long, default_value = "")]
        url: String,
        /// Data folder whose user gazetteer (gazetteer-user.json: the analyst's own places
        /// and pinned names) is used when it exists.
        #[arg(long, default_value = "data", env = "SITMAP_DATA")]
        data: PathBuf,
        /// The report as a UTF-8 text file, or - for standard input.
        file: PathBuf,
    },
    /// Find and resolve every place named in a text; prints one GeoJSON Feature per mention.
    ///
    /// Each Feature has the mention's code-point offsets (start, end), its text, and the
    /// place chosen for it (name, geonameid, feature_code, country_code, admin1, score: the
    /// model's probability). Places are resolved together: the other places of the text, the
    /// country most of them lie in and "Town, State" patterns decide between homonyms.
    /// Exits non-zero on empty or oversized input.
    Geoparse {
        /// ISO 3166-1 alpha-2 code of the country the text is about, if known (e.g. SY).
        #[arg(long)]
        country: Option<String>,
        /// Also list this many ranked candidates per mention, with the evidence that scored them.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=20))]
        candidates: u8,
        /// Data folder whose user gazetteer (gazetteer-user.json: the analyst's own places
        /// and pinned names) is used when it exists.
        #[arg(long, default_value = "data", env = "SITMAP_DATA")]
        data: PathBuf,
        /// The text as a UTF-8 file, or - for standard input.
        file: PathBuf,
    },
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
        /// Data folder whose user gazetteer (gazetteer-user.json: the analyst's own places
        /// and pinned names) is used when it exists.
        #[arg(long, default_value = "data", env = "SITMAP_DATA")]
        data: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SITMAP_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,topojson=error")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
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
        Command::Serve {
            addr,
            data,
            demo,
            no_demo: _,
            allow_open_writes,
            token: _,
            cors_origin,
            public_url,
            max_limit,
            tile_cache_mb,
            data_nice,
        } => {
            // a token pasted with its trailing newline is the same token
            let token = std::env::var("SITMAP_TOKEN")
                .ok()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .map(Secret::new);
            let config = Config {
                addr,
                data_dir: data,
                token,
                cors_origins: cors_origin,
                public_url,
                max_limit: max_limit as usize,
                demo,
                allow_open_writes,
                tile_cache_bytes: u64::from(tile_cache_mb) * 1024 * 1024,
                data_nice,
                ..Config::default()
            };
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            runtime.block_on(sitmap::server::run(
                config,
                sitmap::server::shutdown_signal(),
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ingest {
            files,
            data,
            server,
            skip_invalid,
        } => {
            let (store, remote) = match &server {
                Some(url) => {
                    let token = std::env::var("SITMAP_TOKEN").ok();
                    let remote = sitmap::remote::Remote::connect(url, token)?;
                    (None, Some(remote))
                }
                None => (
                    Some(Store::open_exclusive(&data).context("opening the store")?),
                    None,
                ),
            };
            let target = match (&store, &remote) {
                (Some(store), _) => sitmap::ingest::Target::Store(store),
                (None, Some(remote)) => sitmap::ingest::Target::Server(remote),
                (None, None) => anyhow::bail!("no store and no server to write into"),
            };
            let gazetteer = load_gazetteer(&data)?;
            let mut failed = 0;
            for path in &files {
                match sitmap::ingest::ingest_file(&target, &gazetteer, path, skip_invalid) {
                    Ok(r) if r.skipped.is_empty() => eprintln!(
                        "{}: {} new, {} updated",
                        path.display(),
                        r.written.inserted,
                        r.written.updated,
                    ),
                    Ok(r) => eprintln!(
                        "{}: {} new, {} updated, {} invalid row(s) skipped:\n{}",
                        path.display(),
                        r.written.inserted,
                        r.written.updated,
                        r.skipped.len(),
                        sitmap::ingest::listing(&r.skipped)
                    ),
                    Err(e) => {
                        eprintln!("sitmap: {e}");
                        failed += 1;
                    }
                }
            }
            match (&store, &remote) {
                (Some(store), _) => eprintln!("store now holds {} events", store.count()?),
                (None, Some(remote)) => eprintln!(
                    "the server at {} now holds {} events",
                    remote.url(),
                    remote.health()?
                ),
                (None, None) => {}
            }
            Ok(if failed > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Extract {
            published,
            source,
            url,
            data,
            file,
        } => {
            let text = read_text(&file)?;
            let report = sitmap::extract::Report {
                text,
                published,
                source,
                url,
                id: None,
            };
            report.validate()?;
            let gazetteer = load_gazetteer(&data)?;
            let events = sitmap::extract::extract(&gazetteer, &report);
            let fc = serde_json::json!({"type": "FeatureCollection", "features": events});
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &fc)?;
            writeln!(out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Geoparse {
            country,
            candidates,
            data,
            file,
        } => {
            let text = read_text(&file)?;
            let country = country
                .map(|c| sitmap::geoparse::parse_country(&c))
                .transpose()
                .context("--country")?;
            let request = sitmap::geoparse::Request::new(text, None, country, candidates as usize)?;
            let gazetteer = load_gazetteer(&data)?;
            let results = sitmap::geoparse::geoparse(&gazetteer, &request);
            let fc = sitmap::geoparse::to_geojson(&gazetteer, &results);
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &fc)?;
            writeln!(out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Geocode {
            name,
            country,
            limit,
            data,
        } => {
            let mut context = Context::default();
            if let Some(cc) = country {
                context.country = Some(CountryCode::parse(&cc).context("--country")?);
            }
            let gazetteer = load_gazetteer(&data)?;
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

/// The embedded gazetteer with the data folder's user layer over it, when it has one.
fn load_gazetteer(data: &std::path::Path) -> anyhow::Result<Gazetteer> {
    use sitmap::gazetteer::user;
    let gazetteer = Gazetteer::embedded().context("loading the gazetteer")?;
    let layer = user::layer_from_dir(&gazetteer, data).with_context(|| {
        format!(
            "reading the user gazetteer {}",
            user::file_path(data).display()
        )
    })?;
    Ok(gazetteer.with_user(layer))
}

/// A UTF-8 text file, or standard input for `-`.
fn read_text(file: &std::path::Path) -> anyhow::Result<String> {
    let bytes = if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
            .context("reading standard input")?;
        buf
    } else {
        std::fs::read(file).with_context(|| format!("reading {}", file.display()))?
    };
    String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("{}: not UTF-8 text ({e})", file.display()))
}
