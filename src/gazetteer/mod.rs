//! The gazetteer: place names in all their spellings, resolved to coordinates.
//!
//! It holds every GeoNames place of 500+ people with its Latin-script alternate names, Natural
//! Earth admin-1 provinces with their name variants and label points, countries, and the
//! hand-kept places of `gazetteer/hand.tsv`. Names are indexed by [`normalize::name_key`]
//! (exact and alternate names) and by [`normalize::skeleton`] (the fallback for transliterations
//! that differ in vowels and digraphs). [`Gazetteer::lookup`] returns ranked [`Candidate`]s; the
//! ranking and the meaning of the score are documented in [`rank`].

pub mod compile;
mod decode;
pub mod normalize;
pub mod rank;
pub mod user;

use std::fmt;
use std::io::Read;
use std::path::Path;

use rustc_hash::FxHashMap;

pub use rank::{Candidate, Context, MatchKind, PlaceKind};

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
    #[error("gazetteer table {0}")]
    Compile(#[from] compile::CompileError),
    #[error("gazetteer name index is corrupt: {0}")]
    Index(fst::Error),
    #[error("gazetteer place records are corrupt: {0}")]
    Records(&'static str),
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

    /// Seas, oceans, gulfs, bays, straits and the other marine waters (lagoons, fjords,
    /// reefs): water (GeoNames feature class H) that is not a stream; a river's point (its
    /// mouth) says nothing of where along it something happened.
    pub fn is_sea(&self) -> bool {
        self.feature_class == b'H' && &*self.feature_code != "STM"
    }
}

/// Bytes of a compiled blob: borrowed from the binary for the embedded gazetteer, owned for
/// one compiled at run time.
type Blob = std::borrow::Cow<'static, [u8]>;

/// The `u32` at position `i` of a little-endian posting blob (0 past its end, which a blob
/// built by [`compile`] never reaches).
fn posting(blob: &[u8], i: usize) -> u32 {
    blob.get(i * 4..i * 4 + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .unwrap_or(0)
}

/// The postings an fst value points at: offset × 2³² + length.
fn posting_range(value: u64) -> std::ops::Range<usize> {
    let start = (value >> 32) as usize;
    start..start + (value & 0xffff_ffff) as usize
}

/// The embedded gazetteer's blobs, compiled by `build.rs` from the files in `gazetteer/`.
mod embedded_blobs {
    pub static PLACES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer-places.bin"));
    pub static NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer-names.fst"));
    pub static NAME_POSTINGS: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer-name-postings.bin"));
    pub static SKELETONS: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer-skeletons.fst"));
    pub static SKELETON_POSTINGS: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer-skeleton-postings.bin"));
}

/// The loaded gazetteer. Cheap to query from many threads (`&self` only), and cheap to clone
/// (the built-in data is shared), which is how a new [`user::UserLayer`] is put over it.
#[derive(Clone)]
pub struct Gazetteer {
    places: std::sync::Arc<[Place]>,
    /// The analyst's own places and pins, over the rest.
    user: std::sync::Arc<user::UserLayer>,
    /// Name key → posting list in `name_postings` (see [`compile`]).
    names: fst::Map<Blob>,
    name_postings: Blob,
    /// Consonant skeleton → place list in `skeleton_postings`.
    skeletons: fst::Map<Blob>,
    skeleton_postings: Blob,
    admin1: FxHashMap<(CountryCode, Box<str>), u32>,
    countries: FxHashMap<CountryCode, u32>,
    /// Country → its capital (the GeoNames PPLC of that country, the most populous if several).
    capitals: FxHashMap<CountryCode, u32>,
    /// GeoNames continent code (`EU`, `AF` …, kept in a continent row's admin-1 column) → index.
    continents: FxHashMap<Box<str>, u32>,
    /// Name key of a demonym → the country's place index.
    demonyms: FxHashMap<Box<str>, u32>,
    /// Short form of a country, case-sensitive and without stops ("US", "UAE") → its index.
    short_forms: FxHashMap<Box<str>, u32>,
    /// Abbreviation matched exactly, stops included ("Kan.", "N.C.") → its index.
    abbreviations: FxHashMap<Box<str>, u32>,
    /// Names never lead to the hand-kept places of `hand.tsv` (see [`WITHOUT_HAND_ENV`]).
    without_hand: bool,
}

/// Set (to anything) in the environment, the embedded gazetteer leaves out the hand-kept places
/// of `gazetteer/hand.tsv`: `bench/report.sh` scores the extractor with and without them, to
/// show what those few rows are worth.
pub const WITHOUT_HAND_ENV: &str = "SITMAP_GAZETTEER_WITHOUT_HAND";

impl Gazetteer {
    /// The gazetteer compiled into the binary by `build.rs`: the name indexes are used in
    /// place, only the place records are decoded.
    pub fn embedded() -> Result<Self, GazetteerError> {
        let mut g = Self::from_blobs(
            Blob::Borrowed(embedded_blobs::PLACES),
            Blob::Borrowed(embedded_blobs::NAMES),
            Blob::Borrowed(embedded_blobs::NAME_POSTINGS),
            Blob::Borrowed(embedded_blobs::SKELETONS),
            Blob::Borrowed(embedded_blobs::SKELETON_POSTINGS),
        )?;
        g.load_demonyms(EMBEDDED_DEMONYMS)?;
        g.without_hand = std::env::var_os(WITHOUT_HAND_ENV).is_some();
        if g.without_hand {
            tracing::warn!(
                "{WITHOUT_HAND_ENV} is set: the hand-kept places of hand.tsv are left out"
            );
        }
        Ok(g)
    }

    /// Loads `places.tsv.gz` and `hand.tsv` from a folder laid out like `gazetteer/`,
    /// compiling them as `build.rs` does for the embedded gazetteer.
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

    /// Compiles a gazetteer from the compressed table's bytes and the hand file's text.
    pub fn from_data(places_gz: &[u8], hand: &str) -> Result<Self, GazetteerError> {
        let mut table = String::with_capacity(places_gz.len() * 6);
        flate2::read::GzDecoder::new(places_gz)
            .read_to_string(&mut table)
            .map_err(GazetteerError::Decompress)?;
        let c = compile::compile(&table, hand)?;
        Self::from_blobs(
            Blob::Owned(c.places),
            Blob::Owned(c.names),
            Blob::Owned(c.name_postings),
            Blob::Owned(c.skeletons),
            Blob::Owned(c.skeleton_postings),
        )
    }

    /// Opens compiled blobs: checks the fst maps and decodes the place records.
    fn from_blobs(
        places: Blob,
        names: Blob,
        name_postings: Blob,
        skeletons: Blob,
        skeleton_postings: Blob,
    ) -> Result<Self, GazetteerError> {
        let mut g = Gazetteer {
            places: decode::places(&places)?.into(),
            user: Default::default(),
            names: fst::Map::new(names).map_err(GazetteerError::Index)?,
            name_postings,
            skeletons: fst::Map::new(skeletons).map_err(GazetteerError::Index)?,
            skeleton_postings,
            admin1: FxHashMap::default(),
            countries: FxHashMap::default(),
            capitals: FxHashMap::default(),
            continents: FxHashMap::default(),
            demonyms: FxHashMap::default(),
            short_forms: FxHashMap::default(),
            abbreviations: FxHashMap::default(),
            without_hand: false,
        };
        for (index, place) in g.places.iter().enumerate() {
            let index = index as u32;
            if place.is_admin1() {
                g.admin1
                    .insert((place.country, place.admin1_code.clone()), index);
            } else if place.is_country() {
                g.countries.insert(place.country, index);
            } else if &*place.feature_code == "CONT" && !place.admin1_code.is_empty() {
                g.continents.insert(place.admin1_code.clone(), index);
            } else if &*place.feature_code == "PPLC" && place.coord.is_some() {
                let places = &g.places;
                g.capitals
                    .entry(place.country)
                    .and_modify(|c| {
                        if places[*c as usize].population < place.population {
                            *c = index;
                        }
                    })
                    .or_insert(index);
            }
        }
        Ok(g)
    }

    /// Reads `demonyms.tsv` (word; country code, `CONT:` continent code or `ADM1:CC.code`
    /// province; kind): words that name a place without being its name ("Syrian", "UK",
    /// "European", "Kan.", "BC"). Kind `abbrev` is matched exactly, `short` case-sensitively
    /// without stops, demonyms by name key. Words for places the gazetteer lacks are skipped.
    pub fn load_demonyms(&mut self, text: &str) -> Result<(), GazetteerError> {
        for (line, l) in compile::data_lines(text) {
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

    /// Every built-in place, in load order; [`Candidate::index`] and [`Place::capital`] index
    /// into it. The user's places follow them ([`Gazetteer::place`] reaches both).
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn place(&self, index: u32) -> &Place {
        let i = index as usize;
        match self.places.get(i) {
            Some(p) => p,
            // indexes past the built-in places come only from the user layer
            None => &self.user.places[i - self.places.len()],
        }
    }

    /// This gazetteer with another user layer (entries checked by [`user::UserLayer::build`]).
    pub fn with_user(&self, layer: user::UserLayer) -> Gazetteer {
        Gazetteer {
            user: std::sync::Arc::new(layer),
            ..self.clone()
        }
    }

    /// The user's entries in force.
    pub fn user_entries(&self) -> &[user::UserEntry] {
        self.user.entries()
    }

    /// Number of distinct name keys indexed (main and alternate names).
    pub fn key_count(&self) -> usize {
        self.names.len()
    }

    /// Every place a name matches (main name, alternate name, else consonant skeleton when
    /// `skeleton` is set), unranked, one entry per place with its best match.
    pub fn matches(&self, name: &str, skeleton: bool) -> Vec<(u32, MatchKind)> {
        let key = normalize::name_key(name);
        if key.is_empty() {
            return Vec::new();
        }
        // a name the user entered means the user's places only
        if let Some(targets) = self.user.by_key.get(key.as_str()) {
            return targets.iter().map(|&i| (i, MatchKind::User)).collect();
        }
        let mut found: Vec<(u32, MatchKind)> = match self.names.get(key.as_str()) {
            Some(value) => posting_range(value)
                .map(|i| {
                    let p = posting(&self.name_postings, i);
                    let kind = if p & 1 == 1 {
                        MatchKind::Exact
                    } else {
                        MatchKind::Alias
                    };
                    (p >> 1, kind)
                })
                .collect(),
            None if !skeleton => return Vec::new(),
            None => {
                let skel = normalize::skeleton(&key);
                if skel.len() < normalize::MIN_SKELETON_LEN {
                    return Vec::new();
                }
                self.skeletons
                    .get(skel.as_str())
                    .map(|v| {
                        posting_range(v)
                            .map(|i| (posting(&self.skeleton_postings, i), MatchKind::Skeleton))
                            .collect()
                    })
                    .unwrap_or_default()
            }
        };
        if self.without_hand {
            found.retain(|&(i, _)| self.places.get(i as usize).is_none_or(|p| p.id >= 0));
        }
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

    /// Indices (into [`Gazetteer::places`]) of every admin-1 area, in no order.
    pub fn admin1_areas(&self) -> impl Iterator<Item = u32> + '_ {
        self.admin1.values().copied()
    }

    /// Index of a country's capital city, if the gazetteer has it.
    pub fn capital_of(&self, code: CountryCode) -> Option<u32> {
        self.capitals.get(&code).copied()
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
        !key.is_empty()
            && (self.names.contains_key(key.as_str()) || self.user.by_key.contains_key(&key))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-row table (a province with its capital) and one hand row without coordinates.
    const TABLE: &str = "# comment\n\
        10\tNorth Province\tNorthern Province|Shamal\t35.5\t40.25\tA\tADM1\tsy\t07\t500000\t20\n\
        20\tTown A\tTaun A|Town-A\t35.0\t40.0\tP\tPPLA\tSY\t07\t120000\t\n";
    const HAND: &str = "-1\tVillage B\tVillaj B\t\t\tP\tPPL\tSY\t07\t0\thttps://example.org/b\n";

    fn gz(text: &str) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(text.as_bytes()).expect("writes to memory");
        e.finish().expect("finishes")
    }

    #[test]
    fn compiled_table_round_trips_every_field() {
        let g = Gazetteer::from_data(&gz(TABLE), HAND).expect("compiles");
        assert_eq!(g.places().len(), 3);
        let province = g.place(0);
        assert_eq!(province.id, 10);
        assert_eq!(&*province.name, "North Province");
        assert_eq!(province.coord, Some((40.25, 35.5)));
        assert_eq!(province.country.as_str(), "SY");
        assert_eq!(province.capital, Some(1), "capital id 20 is the second row");
        assert_eq!(province.population, 500_000);
        let village = g.place(2);
        assert_eq!(village.coord, None);
        assert_eq!(village.source.as_deref(), Some("https://example.org/b"));
        assert_eq!(g.admin1_index_of(g.place(1)), Some(0));

        // main name, alternate and skeleton matches, with their kinds
        assert_eq!(g.matches("town a", false), vec![(1, MatchKind::Exact)]);
        assert_eq!(g.matches("Taun-A", false), vec![(1, MatchKind::Alias)]);
        assert_eq!(g.matches("Shamal", false), vec![(0, MatchKind::Alias)]);
        assert_eq!(g.matches("Villij B", true), vec![(2, MatchKind::Skeleton)]);
        assert!(g.matches("Villij B", false).is_empty());
        assert!(g.has_name("northern province"));
        assert_eq!(g.key_count(), 7);
    }

    #[test]
    fn a_bad_row_names_its_file_and_line() {
        let bad = "10\tX\t\tnot-a-number\t40\tP\tPPL\tSY\t07\t0\t\n";
        let err = Gazetteer::from_data(&gz(bad), "")
            .err()
            .expect("a bad latitude is refused");
        assert_eq!(
            err.to_string(),
            "gazetteer table places.tsv.gz line 1: latitude is not a number"
        );
        let err = Gazetteer::from_data(&gz(TABLE), "-2\tY\t\t\t\tP\tPPL\tSYR\t\t0\tsrc\n")
            .err()
            .expect("a three-letter country code is refused");
        assert!(err
            .to_string()
            .contains("hand.tsv line 1: bad country code"));
    }

    #[test]
    fn truncated_or_foreign_records_are_errors_not_panics() {
        let c = compile::compile(TABLE, HAND).expect("compiles");
        for cut in [0, 4, 12, 40, c.places.len() - 1] {
            assert!(decode::places(&c.places[..cut]).is_err(), "cut at {cut}");
        }
        let mut foreign = c.places.clone();
        foreign[0] = b'X';
        assert!(matches!(
            decode::places(&foreign),
            Err(GazetteerError::Records(_))
        ));
        let mut longer = c.places.clone();
        longer.push(0);
        assert!(decode::places(&longer).is_err());
        assert!(decode::places(&c.places).is_ok());
    }

    #[test]
    fn embedded_gazetteer_opens_with_its_countries_and_provinces() {
        let g = Gazetteer::embedded().expect("opens");
        assert!(g.places().len() > 200_000);
        let sy = g
            .country(CountryCode::parse("SY").expect("code"))
            .expect("Syria");
        assert_eq!(&*sy.feature_code, "PCLI");
        let raqqa = g.resolve("Raqqa", &Context::default()).expect("Raqqa");
        assert_eq!(g.place(raqqa.index).country.as_str(), "SY");
    }
}
