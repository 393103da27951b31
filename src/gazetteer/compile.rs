//! Compiling the gazetteer's text tables into the binary index it is queried from.
//!
//! The tables (`places.tsv.gz`, built by `gazetteer/build.py`, and the hand-kept `hand.tsv`)
//! are parsed, every name is normalised to its [`name_key`](super::normalize::name_key) and
//! [`skeleton`](super::normalize::skeleton), and the result is written as byte blobs:
//!
//! * `places`: every place as a little-endian record (see [`encode_place`]), in load order;
//! * `names`: an [`fst`] map from name key to a posting list in `name_postings` (`u32`s: place
//!   index × 2, plus 1 when the key came from the place's main name);
//! * `skeletons`: an [`fst`] map from consonant skeleton to a list in `skeleton_postings`
//!   (`u32` place indexes).
//!
//! The build script (`build.rs`) includes this file to compile the embedded gazetteer once, at
//! build time, so a process only maps the blobs and decodes the place records (no name is
//! normalised at start-up); [`super::Gazetteer::from_dir`] runs the same code on a user's folder.
//! The module therefore depends on nothing of the crate but `normalize`, which `build.rs`
//! includes beside it.

use std::collections::BTreeMap;
use std::fmt;

use super::normalize;

/// First bytes of the `places` blob; bumped with any change of the record layout.
pub const PLACES_MAGIC: &[u8; 8] = b"SMGZPL02";

/// A row of a table that cannot be read.
#[derive(Debug)]
pub struct CompileError {
    pub file: &'static str,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {}: {}", self.file, self.line, self.reason)
    }
}

impl std::error::Error for CompileError {}

/// The compiled gazetteer: the blobs described in the module documentation.
pub struct Compiled {
    pub places: Vec<u8>,
    pub names: Vec<u8>,
    pub name_postings: Vec<u8>,
    pub skeletons: Vec<u8>,
    pub skeleton_postings: Vec<u8>,
}

/// One parsed row, before the admin-1 capitals are linked.
struct Row<'a> {
    id: i64,
    name: &'a str,
    alternates: Vec<&'a str>,
    coord: Option<(f64, f64)>,
    feature_class: u8,
    feature_code: &'a str,
    country: [u8; 2],
    admin1_code: &'a str,
    population: u64,
    capital_id: Option<i64>,
    source: Option<&'a str>,
}

/// The data lines of a file: blank lines and `#` comments skipped, numbered from 1.
pub fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// Parses a country code column: two ASCII letters in either case, or empty.
fn country_code(s: &str) -> Option<[u8; 2]> {
    match s.trim().as_bytes() {
        [] => Some([0, 0]),
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            Some([a.to_ascii_uppercase(), b.to_ascii_uppercase()])
        }
        _ => None,
    }
}

/// Parses one data line (columns as `gazetteer/build.py` writes them; the hand file may leave
/// the coordinates blank and ends each row with its source instead of a capital id).
fn parse_row<'a>(
    line: &'a str,
    file: &'static str,
    line_no: usize,
) -> Result<Row<'a>, CompileError> {
    let bad = |reason: &str| CompileError {
        file,
        line: line_no,
        reason: reason.to_string(),
    };
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() < 11 {
        return Err(bad("fewer than 11 columns"));
    }
    let hand = file != "places.tsv.gz";
    let id: i64 = cols[0].parse().map_err(|_| bad("id is not an integer"))?;
    let coord = match (cols[3].trim(), cols[4].trim()) {
        ("", "") => None,
        (lat, lon) => {
            let lat: f64 = lat.parse().map_err(|_| bad("latitude is not a number"))?;
            let lon: f64 = lon.parse().map_err(|_| bad("longitude is not a number"))?;
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(bad("coordinates out of range"));
            }
            Some((lon, lat))
        }
    };
    let name = cols[1];
    if name.trim().is_empty() {
        return Err(bad("empty name"));
    }
    let too_long = |s: &str| s.len() > usize::from(u16::MAX);
    if cols.iter().any(|c| too_long(c)) {
        return Err(bad("a column is longer than 65,535 bytes"));
    }
    Ok(Row {
        id,
        name,
        alternates: cols[2].split('|').filter(|a| !a.is_empty()).collect(),
        coord,
        feature_class: cols[5].bytes().next().unwrap_or(b'P'),
        feature_code: cols[6],
        country: country_code(cols[7]).ok_or_else(|| bad("bad country code"))?,
        admin1_code: cols[8],
        population: match cols[9] {
            "" => 0,
            p => p.parse().map_err(|_| bad("population is not an integer"))?,
        },
        capital_id: match cols[10].trim() {
            "" => None,
            _ if hand => None,
            c => Some(c.parse().map_err(|_| bad("bad capital id"))?),
        },
        source: hand.then(|| cols[10].trim()),
    })
}

/// Appends a string as a `u16` length and its bytes (lengths are checked by [`parse_row`]).
fn put_str(out: &mut Vec<u8>, s: &str) {
    let len = u16::try_from(s.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&s.as_bytes()[..usize::from(len)]);
}

/// Appends one place record: id `i64`, lon and lat `f64` (NaN when unknown), feature class
/// `u8`, country 2 bytes (zero when none), population `u64`, capital index `u32` (`u32::MAX`
/// when none), source flag `u8`, then name, feature code, admin-1 code and (if flagged) source
/// as length-prefixed strings.
fn encode_place(out: &mut Vec<u8>, row: &Row<'_>, capital: Option<u32>) {
    out.extend_from_slice(&row.id.to_le_bytes());
    let (lon, lat) = row.coord.unwrap_or((f64::NAN, f64::NAN));
    out.extend_from_slice(&lon.to_le_bytes());
    out.extend_from_slice(&lat.to_le_bytes());
    out.push(row.feature_class);
    out.extend_from_slice(&row.country);
    out.extend_from_slice(&row.population.to_le_bytes());
    out.extend_from_slice(&capital.unwrap_or(u32::MAX).to_le_bytes());
    out.push(u8::from(row.source.is_some()));
    put_str(out, row.name);
    put_str(out, row.feature_code);
    put_str(out, row.admin1_code);
    if let Some(source) = row.source {
        put_str(out, source);
    }
}

/// Writes an ordered map of posting lists as an fst map (key → offset × 2³² + length) and the
/// concatenated lists.
fn write_index(lists: BTreeMap<String, Vec<u32>>) -> Result<(Vec<u8>, Vec<u8>), CompileError> {
    let mut builder = fst::MapBuilder::memory();
    let mut postings: Vec<u8> = Vec::new();
    let mut offset: u64 = 0;
    for (key, list) in lists {
        let value = (offset << 32) | list.len() as u64;
        builder
            .insert(key.as_bytes(), value)
            .map_err(|e| CompileError {
                file: "index",
                line: 0,
                reason: e.to_string(),
            })?;
        for p in &list {
            postings.extend_from_slice(&p.to_le_bytes());
        }
        offset += list.len() as u64;
    }
    let fst = builder.into_inner().map_err(|e| CompileError {
        file: "index",
        line: 0,
        reason: e.to_string(),
    })?;
    Ok((fst, postings))
}

/// Compiles the main table's text and the hand file's text into the binary index.
pub fn compile(table: &str, hand: &str) -> Result<Compiled, CompileError> {
    let rows = data_lines(table)
        .map(|(n, l)| parse_row(l, "places.tsv.gz", n))
        .chain(data_lines(hand).map(|(n, l)| parse_row(l, "hand.tsv", n)))
        .collect::<Result<Vec<Row<'_>>, CompileError>>()?;
    if rows.len() >= (u32::MAX / 2) as usize {
        return Err(CompileError {
            file: "places.tsv.gz",
            line: 0,
            reason: "too many places".into(),
        });
    }

    let mut names: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut skeletons: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let (mut folded, mut key) = (String::new(), String::new());
    let mut seen: Vec<String> = Vec::new();
    let mut id_to_index: std::collections::HashMap<i64, u32> = Default::default();
    for (index, row) in rows.iter().enumerate() {
        let index = index as u32;
        id_to_index.insert(row.id, index);
        seen.clear();
        for (i, n) in std::iter::once(&row.name)
            .chain(row.alternates.iter())
            .enumerate()
        {
            normalize::name_key_into(n, &mut folded, &mut key);
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            let posting = index * 2 + u32::from(i == 0);
            names.entry(key.clone()).or_default().push(posting);
            seen.push(key.clone());
        }
        for k in &seen {
            let skel = normalize::skeleton(k);
            if skel.len() < normalize::MIN_SKELETON_LEN {
                continue;
            }
            let list = skeletons.entry(skel).or_default();
            // a place's names often share a skeleton
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }

    let mut places = Vec::with_capacity(rows.len() * 64);
    places.extend_from_slice(PLACES_MAGIC);
    places.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    for row in &rows {
        let capital = row.capital_id.and_then(|c| id_to_index.get(&c).copied());
        encode_place(&mut places, row, capital);
    }
    let (names, name_postings) = write_index(names)?;
    let (skeletons, skeleton_postings) = write_index(skeletons)?;
    Ok(Compiled {
        places,
        names,
        name_postings,
        skeletons,
        skeleton_postings,
    })
}
