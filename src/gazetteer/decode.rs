//! Decoding the place records of a compiled gazetteer (the layout is written, and documented,
//! by `compile::encode_place`).
//!
//! Hand-written because the layout is ours: a sequential little-endian reader that fails with
//! [`GazetteerError::Records`] on truncated or malformed data instead of panicking.

use super::compile::PLACES_MAGIC;
use super::{CountryCode, GazetteerError, Place};

/// A cursor over a record blob.
struct Reader<'a> {
    bytes: &'a [u8],
}

const TRUNCATED: GazetteerError = GazetteerError::Records("truncated record");

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], GazetteerError> {
        if self.bytes.len() < n {
            return Err(TRUNCATED);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], GazetteerError> {
        self.take(N)?.try_into().map_err(|_| TRUNCATED)
    }

    fn u8(&mut self) -> Result<u8, GazetteerError> {
        Ok(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Result<u32, GazetteerError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, GazetteerError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn f64(&mut self) -> Result<f64, GazetteerError> {
        Ok(f64::from_le_bytes(self.array()?))
    }

    fn str(&mut self) -> Result<Box<str>, GazetteerError> {
        let len = u16::from_le_bytes(self.array()?);
        let bytes = self.take(usize::from(len))?;
        std::str::from_utf8(bytes)
            .map(Box::from)
            .map_err(|_| GazetteerError::Records("a string is not UTF-8"))
    }
}

/// Decodes every place record of a `places` blob, in order.
pub(super) fn places(blob: &[u8]) -> Result<Vec<Place>, GazetteerError> {
    let mut r = Reader { bytes: blob };
    if r.take(PLACES_MAGIC.len())? != PLACES_MAGIC {
        return Err(GazetteerError::Records(
            "unknown format (rebuild with this version of sitmap)",
        ));
    }
    let count = r.u32()? as usize;
    let mut places = Vec::with_capacity(count);
    for _ in 0..count {
        let id = r.u64()? as i64;
        let (lon, lat) = (r.f64()?, r.f64()?);
        let feature_class = r.u8()?;
        let country = r.array::<2>()?;
        let population = r.u64()?;
        let capital = r.u32()?;
        let has_source = r.u8()? == 1;
        let name = r.str()?;
        let feature_code = r.str()?;
        let admin1_code = r.str()?;
        let source = if has_source { Some(r.str()?) } else { None };
        if country != [0, 0] && !country.iter().all(u8::is_ascii_uppercase) {
            return Err(GazetteerError::Records("bad country code"));
        }
        places.push(Place {
            id,
            name,
            coord: (!lon.is_nan() && !lat.is_nan()).then_some((lon, lat)),
            feature_class,
            feature_code,
            country: CountryCode(country),
            admin1_code,
            population,
            capital: (capital != u32::MAX && (capital as usize) < count).then_some(capital),
            source,
        });
    }
    if !r.bytes.is_empty() {
        return Err(GazetteerError::Records("bytes after the last record"));
    }
    Ok(places)
}
