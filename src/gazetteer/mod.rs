//! The gazetteer: place names in all their spellings, resolved to coordinates.
//!
//! It holds every GeoNames place of 500+ people with its Latin-script alternate names, Natural
//! Earth admin-1 provinces with their name variants and label points, countries, and the
//! hand-kept places of `gazetteer/hand.tsv`. Names are indexed by [`normalize::name_key`]
//! (exact and alternate names) and by [`normalize::skeleton`] (the fallback for transliterations
//! that differ in vowels and digraphs). [`Gazetteer::lookup`] returns ranked [`Candidate`]s; the
//! ranking and the meaning of the score are documented in [`rank`].

pub mod load;
pub mod normalize;
pub mod rank;

use std::fmt;
use std::path::Path;

use rustc_hash::FxHashMap;

pub use rank::{Candidate, Context, MatchKind, PlaceKind};

/// The compressed GeoNames/Natural Earth table, built by `gazetteer/build.py`.
static EMBEDDED_PLACES: &[u8] = include_bytes!("../../gazetteer/places.tsv.gz");
/// The hand-kept places, with a cited source per row.
static EMBEDDED_HAND: &str = include_str!("../../gazetteer/hand.tsv");
/// Demonyms and short spellings of countries ("Syrian", "UK"), built by `gazetteer/build.py`.
static EMBEDDED_DEMONYMS: &str = include_str!("../../gazetteer/demonyms.tsv");

/// Errors from loading the gazetteer or from a malformed query.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("cannot read gazetteer file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("gazetteer data is not valid gzip-compressed UTF-8: {0}")]
    Decompress(std::io::Error),
    #[error("{file} line {line}: {reason}")]
    Row {
        file: &'static str,
        line: usize,
        reason: String,
    },
    #[error("country code must be two ASCII letters (ISO 3166-1 alpha-2), got {0:?}")]
    BadCountryCode(String),
}

/// An ISO 3166-1 alpha-2 country code, upper case. Empty for the few places without one.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parses two ASCII letters in either case; the empty string gives the empty code.
    pub fn parse(s: &str) -> Result<Self, GazetteerError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Self::default());
        }
        match s.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Ok(Self([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => Err(GazetteerError::BadCountryCode(s.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0)
            .unwrap_or("")
            .trim_end_matches('\0')
    }

    pub fn is_empty(&self) -> bool {
        self.0 == [0, 0]
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One place of the gazetteer.
#[derive(Debug, Clone)]
pub struct Place {
    /// GeoNames id; negative for hand-kept places.
    pub id: i64,
    pub name: Box<str>,
    /// `(lon, lat)` in WGS84; `None` for a place no source locates.
    pub coord: Option<(f64, f64)>,
    /// GeoNames feature class: `P` populated place, `A` administrative area, `H` water, …
    pub feature_class: u8,
    /// GeoNames feature code: `PPL`, `PPLA`, `ADM1`, `PCLI`, `STM`, …
    pub feature_code: Box<str>,
    pub country: CountryCode,
    /// GeoNames admin-1 code within the country (e.g. `07` for Deir ez-Zor in Syria).
    pub admin1_code: Box<str>,
    pub population: u64,
    /// For an admin-1 area: the index of its capital in [`Gazetteer::places`].
    pub capital: Option<u32>,
    /// For a hand-kept place: the public source of its row.
    pub source: Option<Box<str>>,
}

impl Place {
    pub fn is_admin1(&self) -> bool {
        &*self.feature_code == "ADM1"
    }

    pub fn is_country(&self) -> bool {
        self.feature_code.starts_with("PCL")
    }

    /// Populated places and administrative areas, the features reports locate events at.
    pub fn is_settlement_or_area(&self) -> bool {
        matches!(self.feature_class, b'P' | b'A')
    }
}

/// An entry of the name index: which place, and whether the key came from its main name.
#[derive(Debug, Clone, Copy)]
struct Posting {
    place: u32,
    main_name: bool,
}

/// Keys sent to the skeleton thread per message.
const SKELETON_BATCH: usize = 4096;

/// Builds the skeleton index from `(place, key)` batches until the sender is dropped.
fn build_skeletons(
    rx: std::sync::mpsc::Receiver<Vec<(u32, String)>>,
) -> FxHashMap<Box<str>, Vec<u32>> {
    let mut by_skeleton: FxHashMap<Box<str>, Vec<u32>> = FxHashMap::default();
    by_skeleton.reserve(500_000);
    for batch in rx {
        for (place, key) in batch {
            let skel = normalize::skeleton(&key);
            if skel.len() < normalize::MIN_SKELETON_LEN {
                continue;
            }
            match by_skeleton.get_mut(skel.as_str()) {
                // a place's names often share a skeleton; rows arrive in place order
                Some(list) if list.last() == Some(&place) => {}
                Some(list) => list.push(place),
                None => {
                    by_skeleton.insert(skel.into_boxed_str(), vec![place]);
                }
            }
        }
    }
    by_skeleton
}

/// Scratch buffers reused across rows while loading.
#[derive(Default)]
struct KeyBuffers {
    folded: String,
    key: String,
    seen: Vec<String>,
}

/// The loaded gazetteer. Cheap to query from many threads (`&self` only).
pub struct Gazetteer {
    places: Vec<Place>,
    by_key: FxHashMap<Box<str>, Vec<Posting>>,
    by_skeleton: FxHashMap<Box<str>, Vec<u32>>,
    admin1: FxHashMap<(CountryCode, Box<str>), u32>,
    countries: FxHashMap<CountryCode, u32>,
    /// GeoNames continent code (`EU`, `AF` …, kept in a continent row's admin-1 column) → index.
    continents: FxHashMap<Box<str>, u32>,
    /// Name key of a demonym → the country's place index.
    demonyms: FxHashMap<Box<str>, u32>,
    /// Short form of a country, case-sensitive and without stops ("US", "UAE") → its index.
    short_forms: FxHashMap<Box<str>, u32>,
    /// Abbreviation matched exactly, stops included ("Kan.", "N.C.") → its index.
    abbreviations: FxHashMap<Box<str>, u32>,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    pub fn embedded() -> Result<Self, GazetteerError> {
        let mut g = Self::from_data(EMBEDDED_PLACES, EMBEDDED_HAND)?;
        g.load_demonyms(EMBEDDED_DEMONYMS)?;
        Ok(g)
    }

    /// Loads `places.tsv.gz` and `hand.tsv` from a folder laid out like `gazetteer/`.
    pub fn from_dir(dir: &Path) -> Result<Self, GazetteerError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| GazetteerError::Io {
                path: path.display().to_string(),
                source,
            })
        };
        let places = read("places.tsv.gz")?;
        let hand = read("hand.tsv")?;
        let hand = String::from_utf8(hand).map_err(|e| {
            GazetteerError::Decompress(std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        })?;
        let mut g = Self::from_data(&places, &hand)?;
        // the demonym table is optional in a custom folder
        if let Ok(text) = std::fs::read_to_string(dir.join("demonyms.tsv")) {
            g.load_demonyms(&text)?;
        }
        Ok(g)
    }

    /// Reads `demonyms.tsv` (word; country code, `CONT:` continent code or `ADM1:CC.code`
    /// province; kind): words that name a place without being its name ("Syrian", "UK",
    /// "European", "Kan.", "BC"). Kind `abbrev` is matched exactly, `short` case-sensitively
    /// without stops, demonyms by name key. Words for places the gazetteer lacks are skipped.
    pub fn load_demonyms(&mut self, text: &str) -> Result<(), GazetteerError> {
        for (line, l) in load::data_lines(text) {
            let mut cols = l.split('\t');
            let (Some(word), Some(cc), kind) = (cols.next(), cols.next(), cols.next()) else {
                return Err(GazetteerError::Row {
                    file: "demonyms.tsv",
                    line,
                    reason: "fewer than 2 columns".into(),
                });
            };
            let place = if let Some(continent) = cc.strip_prefix("CONT:") {
                self.continents.get(continent).copied()
            } else if let Some(province) = cc.strip_prefix("ADM1:") {
                let (country, code) = province.split_once('.').unwrap_or((province, ""));
                let country = CountryCode::parse(country).unwrap_or_default();
                self.admin1.get(&(country, code.into())).copied()
            } else {
                let cc = CountryCode::parse(cc).map_err(|_| GazetteerError::Row {
                    file: "demonyms.tsv",
                    line,
                    reason: "bad country code".into(),
                })?;
                self.countries.get(&cc).copied()
            };
            let Some(place) = place else {
                continue;
            };
            if kind == Some("abbrev") {
                self.abbreviations.entry(word.into()).or_insert(place);
            } else if kind == Some("short") {
                let form: String = word.chars().filter(|&c| c != '.').collect();
                self.short_forms.entry(form.into()).or_insert(place);
            } else {
                let key = normalize::name_key(word);
                if !key.is_empty() {
                    self.demonyms.entry(key.into()).or_insert(place);
                }
            }
        }
        Ok(())
    }

    /// The country a demonym stands for ("Syrian", any case), or a short form written as the
    /// table has it ("UK", "U.S.", not "us"): the country's place index.
    pub fn demonym(&self, word: &str) -> Option<u32> {
        if let Some(&p) = self.abbreviations.get(word) {
            return Some(p);
        }
        let form: String = word.chars().filter(|&c| c != '.').collect();
        if let Some(&c) = self.short_forms.get(form.as_str()) {
            return Some(c);
        }
        let key = normalize::name_key(word);
        self.demonyms.get(key.as_str()).copied()
    }

    /// Builds the gazetteer from the compressed table's bytes and the hand file's text.
    ///
    /// Rows are parsed and the name index filled on this thread while a second thread builds
    /// the skeleton index from the keys it is sent in batches, so loading uses both cores.
    pub fn from_data(places_gz: &[u8], hand: &str) -> Result<Self, GazetteerError> {
        let table = load::gunzip(places_gz)?;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(u32, String)>>(64);
        std::thread::scope(|scope| {
            let skeletons = scope.spawn(move || build_skeletons(rx));
            let loaded = Self::load_rows(&table, hand, tx);
            let by_skeleton = skeletons.join().unwrap_or_default();
            loaded.map(|mut g| {
                g.by_skeleton = by_skeleton;
                g
            })
        })
    }

    fn load_rows(
        table: &str,
        hand: &str,
        skeleton_tx: std::sync::mpsc::SyncSender<Vec<(u32, String)>>,
    ) -> Result<Self, GazetteerError> {
        let mut g = Gazetteer {
            places: Vec::with_capacity(250_000),
            by_key: FxHashMap::default(),
            by_skeleton: FxHashMap::default(),
            admin1: FxHashMap::default(),
            countries: FxHashMap::default(),
            continents: FxHashMap::default(),
            demonyms: FxHashMap::default(),
            short_forms: FxHashMap::default(),
            abbreviations: FxHashMap::default(),
        };
        g.by_key.reserve(600_000);
        let mut capitals: Vec<(u32, i64)> = Vec::new();
        let mut id_to_index: FxHashMap<i64, u32> = FxHashMap::default();
        id_to_index.reserve(250_000);
        let rows = load::data_lines(table)
            .map(|(n, l)| load::parse_row(l, "places.tsv.gz", n))
            .chain(load::data_lines(hand).map(|(n, l)| load::parse_row(l, "hand.tsv", n)));
        let mut buf = KeyBuffers::default();
        let mut batch: Vec<(u32, String)> = Vec::with_capacity(SKELETON_BATCH);
        for row in rows {
            let row = row?;
            let index = g.places.len() as u32;
            g.add_names(index, &row.place.name, &row.alternates, &mut buf);
            batch.extend(buf.seen.drain(..).map(|k| (index, k)));
            if batch.len() >= SKELETON_BATCH {
                // a closed channel means the skeleton thread died; join() reports that
                let _ = skeleton_tx.send(std::mem::replace(
                    &mut batch,
                    Vec::with_capacity(SKELETON_BATCH),
                ));
            }
            if let Some(capital) = row.capital_id {
                capitals.push((index, capital));
            }
            if row.place.is_admin1() {
                g.admin1
                    .insert((row.place.country, row.place.admin1_code.clone()), index);
            } else if row.place.is_country() {
                g.countries.insert(row.place.country, index);
            } else if &*row.place.feature_code == "CONT" && !row.place.admin1_code.is_empty() {
                g.continents.insert(row.place.admin1_code.clone(), index);
            }
            id_to_index.insert(row.place.id, index);
            g.places.push(row.place);
        }
        let _ = skeleton_tx.send(batch);
        for (admin, capital_id) in capitals {
            g.places[admin as usize].capital = id_to_index.get(&capital_id).copied();
        }
        Ok(g)
    }

    fn add_names(&mut self, index: u32, name: &str, alternates: &[&str], buf: &mut KeyBuffers) {
        buf.seen.clear();
        for (i, n) in std::iter::once(&name).chain(alternates.iter()).enumerate() {
            normalize::name_key_into(n, &mut buf.folded, &mut buf.key);
            let key = buf.key.as_str();
            if key.is_empty() || buf.seen.iter().any(|k| k == key) {
                continue;
            }
            let posting = Posting {
                place: index,
                main_name: i == 0,
            };
            match self.by_key.get_mut(key) {
                Some(list) => list.push(posting),
                None => {
                    self.by_key.insert(key.into(), vec![posting]);
                }
            }
            buf.seen.push(buf.key.clone());
        }
    }

    /// Every place, in load order; [`Candidate::index`] and [`Place::capital`] index into it.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn place(&self, index: u32) -> &Place {
        &self.places[index as usize]
    }

    /// Number of distinct name keys indexed (main and alternate names).
    pub fn key_count(&self) -> usize {
        self.by_key.len()
    }

    /// Iterates over every indexed name key, for building text matchers over the gazetteer.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.by_key.keys().map(|k| &**k)
    }

    /// Every place a name matches (main name, alternate name, else consonant skeleton when
    /// `skeleton` is set), unranked, one entry per place with its best match.
    pub fn matches(&self, name: &str, skeleton: bool) -> Vec<(u32, MatchKind)> {
        let key = normalize::name_key(name);
        if key.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<(u32, MatchKind)> = match self.by_key.get(key.as_str()) {
            Some(postings) => postings
                .iter()
                .map(|p| {
                    let kind = if p.main_name {
                        MatchKind::Exact
                    } else {
                        MatchKind::Alias
                    };
                    (p.place, kind)
                })
                .collect(),
            None if !skeleton => return Vec::new(),
            None => {
                let skel = normalize::skeleton(&key);
                if skel.len() < normalize::MIN_SKELETON_LEN {
                    return Vec::new();
                }
                self.by_skeleton
                    .get(skel.as_str())
                    .map(|l| l.iter().map(|&i| (i, MatchKind::Skeleton)).collect())
                    .unwrap_or_default()
            }
        };
        // one place may be reached through its main name and an alternate: keep the best
        found.sort_unstable_by_key(|&(i, kind)| (i, kind));
        found.dedup_by_key(|&mut (i, _)| i);
        found
    }

    /// The admin-1 area a place lies in, if the gazetteer has it.
    pub fn admin1_of(&self, place: &Place) -> Option<&Place> {
        if place.admin1_code.is_empty() || place.is_country() || place.country.is_empty() {
            return None;
        }
        self.admin1
            .get(&(place.country, place.admin1_code.clone()))
            .map(|&i| self.place(i))
    }

    /// Index (into [`Gazetteer::places`]) of the admin-1 area a place lies in.
    pub fn admin1_index_of(&self, place: &Place) -> Option<u32> {
        if place.admin1_code.is_empty() || place.is_country() || place.country.is_empty() {
            return None;
        }
        self.admin1
            .get(&(place.country, place.admin1_code.clone()))
            .copied()
    }

    /// The country row for a code, if the gazetteer has it.
    pub fn country(&self, code: CountryCode) -> Option<&Place> {
        self.countries.get(&code).map(|&i| self.place(i))
    }

    /// Ranked candidates for a name, best first, at most `limit`. Exact and alternate names
    /// are looked up first; only when neither matches is the consonant skeleton tried.
    pub fn lookup(&self, name: &str, context: &Context, limit: usize) -> Vec<Candidate> {
        self.lookup_with(name, context, limit, true)
    }

    /// Whether a name is the main or an alternate name of any place (no ranking).
    pub fn has_name(&self, name: &str) -> bool {
        let key = normalize::name_key(name);
        !key.is_empty() && self.by_key.contains_key(key.as_str())
    }

    /// Like [`Gazetteer::lookup`], but by main and alternate names only: no skeleton
    /// fallback. Text scanners use this so that ordinary words do not match by skeleton.
    pub fn lookup_names(&self, name: &str, context: &Context, limit: usize) -> Vec<Candidate> {
        self.lookup_with(name, context, limit, false)
    }

    fn lookup_with(
        &self,
        name: &str,
        context: &Context,
        limit: usize,
        skeleton: bool,
    ) -> Vec<Candidate> {
        if limit == 0 {
            return Vec::new();
        }
        let found = self.matches(name, skeleton);
        rank::rank(self, found, context, limit)
    }

    /// The best candidate for a name, if any.
    pub fn resolve(&self, name: &str, context: &Context) -> Option<Candidate> {
        self.lookup(name, context, 1).into_iter().next()
    }
}
