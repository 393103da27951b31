//! Reading the gazetteer data files: the compressed GeoNames/Natural Earth table built by
//! `gazetteer/build.py` and the hand-kept `gazetteer/hand.tsv`.
//!
//! Both are tab-separated with the same leading columns (see `gazetteer/build.py`); the hand file
//! may leave latitude and longitude blank for a place no source locates, and ends each row with
//! its source.

use std::io::Read;

use super::{CountryCode, GazetteerError, Place};

/// One parsed row: the place and its alternate names (borrowed from the file text).
pub(super) struct Row<'a> {
    pub place: Place,
    pub alternates: Vec<&'a str>,
    /// GeoNames id of the admin-1 capital, for admin-1 rows.
    pub capital_id: Option<i64>,
}

/// Decompresses a gzip file's bytes to text.
pub(super) fn gunzip(bytes: &[u8]) -> Result<String, GazetteerError> {
    let mut text = String::with_capacity(bytes.len() * 6);
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(GazetteerError::Decompress)?;
    Ok(text)
}

/// Parses one data line. `file` and `line_no` only serve the error message.
pub(super) fn parse_row<'a>(
    line: &'a str,
    file: &'static str,
    line_no: usize,
) -> Result<Row<'a>, GazetteerError> {
    let bad = |reason: &str| GazetteerError::Row {
        file,
        line: line_no,
        reason: reason.to_string(),
    };
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() < 11 {
        return Err(bad("fewer than 11 columns"));
    }
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
    let country = CountryCode::parse(cols[7]).map_err(|_| bad("bad country code"))?;
    let population: u64 = match cols[9] {
        "" => 0,
        p => p.parse().map_err(|_| bad("population is not an integer"))?,
    };
    let capital_id = match cols[10].trim() {
        "" => None,
        c if file == "places.tsv.gz" => Some(c.parse().map_err(|_| bad("bad capital id"))?),
        _ => None,
    };
    let source = (file != "places.tsv.gz").then(|| cols[10].trim().into());
    Ok(Row {
        place: Place {
            id,
            name: cols[1].into(),
            coord,
            feature_class: cols[5].bytes().next().unwrap_or(b'P'),
            feature_code: cols[6].into(),
            country,
            admin1_code: cols[8].into(),
            population,
            capital: None,
            source,
        },
        alternates: cols[2].split('|').filter(|a| !a.is_empty()).collect(),
        capital_id,
    })
}

/// The data lines of a file: blank lines and `#` comments skipped, numbered from 1.
pub(super) fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}
