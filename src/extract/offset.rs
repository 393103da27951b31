//! Distance phrases: "about 100 kilometres (60 miles) south of the city of X", "30 km
//! southwest of X town". A village the gazetteer lacks is often placed this way; the offset
//! from X's point is a far better guess than X itself (a 100 km error).

use geo::{Destination, Haversine, Point};

use super::numbers::small_number;
use super::text::Token;

/// A distance and a compass bearing from a named place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Offset {
    pub km: f64,
    /// Degrees clockwise from north.
    pub bearing: f64,
    /// The direction as written ("southwest"), for the event's location.
    pub direction: &'static str,
}

/// Compass words and their bearings.
const DIRECTIONS: &[(&str, f64)] = &[
    ("north", 0.0),
    ("northeast", 45.0),
    ("north-east", 45.0),
    ("east", 90.0),
    ("southeast", 135.0),
    ("south-east", 135.0),
    ("south", 180.0),
    ("southwest", 225.0),
    ("south-west", 225.0),
    ("west", 270.0),
    ("northwest", 315.0),
    ("north-west", 315.0),
];

/// Units of distance and their length in km.
const UNITS: &[(&str, f64)] = &[
    ("km", 1.0),
    ("kms", 1.0),
    ("kilometres", 1.0),
    ("kilometers", 1.0),
    ("kilometre", 1.0),
    ("kilometer", 1.0),
    ("miles", MILE_KM),
    ("mile", MILE_KM),
];

/// A statute mile, and a nautical mile (after "nautical"), in km.
const MILE_KM: f64 = 1.609_344;
const NAUTICAL_MILE_KM: f64 = 1.852;

/// Words that may stand between "of" and the name: "south of the city of X".
const BETWEEN: &[&str] = &["the", "city", "town", "village", "of", "district", "centre"];

/// How far before the direction word the distance may be ("100 kilometres (60 miles) south").
const MAX_BACK: usize = 5;

/// The uncertainty of a point placed by an offset: a compass word names a 45° sector
/// (±22.5°, a sideways error of sin 22.5° ≈ 0.38 of the distance) and a distance "about" so
/// many km is good to some 10 %; at least the size of the town measured from.
pub fn radius_km(o: Offset) -> f64 {
    let sideways = o.km * 22.5_f64.to_radians().sin();
    let along = o.km * 0.1;
    sideways.hypot(along).max(MIN_RADIUS_KM)
}

/// The least uncertainty of a relative location: the extent of the town it is measured from.
pub const MIN_RADIUS_KM: f64 = 5.0;

/// Offsets farther than this are not taken: the phrase then says where a region lies.
const MAX_KM: f64 = 300.0;

/// The offset phrase that ends right before the name starting at token `at`, if any.
pub fn before(tokens: &[Token<'_>], at: usize) -> Option<Offset> {
    // back over "the city of" to the "of" after the direction word
    let mut j = at;
    let mut skipped = 0;
    let of = loop {
        if j == 0 || skipped > 3 {
            return None;
        }
        j -= 1;
        let w = tokens[j].lower.as_str();
        if w == "of" && j > 0 && direction(&tokens[j - 1].lower).is_some() {
            break j;
        }
        if !BETWEEN.contains(&w) {
            return None;
        }
        skipped += 1;
    };
    let (written, bearing) = direction(&tokens[of - 1].lower)?;
    let km = distance_before(tokens, of - 1)?;
    (km > 0.0 && km <= MAX_KM).then_some(Offset {
        km,
        bearing,
        direction: written,
    })
}

/// The distance in km told by the nearest "N unit" before token `at` ("370 km southwest":
/// `at` the direction word), if any.
pub fn distance_before(tokens: &[Token<'_>], at: usize) -> Option<f64> {
    (at.saturating_sub(MAX_BACK)..at.min(tokens.len()))
        .rev()
        .find_map(|u| {
            let mut unit = UNITS.iter().find(|(w, _)| *w == tokens[u].lower)?.1;
            let mut n_at = u.checked_sub(1)?;
            // "60 nautical miles southeast of Aden", as maritime agencies measure at sea
            if unit == MILE_KM && tokens[n_at].lower == "nautical" {
                unit = NAUTICAL_MILE_KM;
                n_at = n_at.checked_sub(1)?;
            }
            let n = number(tokens.get(n_at)?)?;
            Some(n * unit)
        })
}

fn direction(word: &str) -> Option<(&'static str, f64)> {
    DIRECTIONS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|&(w, b)| (w, b))
}

fn number(token: &Token<'_>) -> Option<f64> {
    if token.is_number() {
        token.lower.replace(',', "").parse::<f64>().ok()
    } else {
        small_number(&token.lower).map(|n| n as f64)
    }
}

/// The point `offset` away from `(lon, lat)`.
pub fn shift(from: (f64, f64), offset: Offset) -> (f64, f64) {
    let p = Haversine.destination(
        Point::new(from.0, from.1),
        offset.bearing,
        offset.km * 1000.0,
    );
    (p.x(), p.y())
}

#[cfg(test)]
mod radius_tests {
    use super::*;

    #[test]
    fn the_radius_grows_with_the_distance() {
        let o = |km| Offset {
            km,
            bearing: 180.0,
            direction: "south",
        };
        assert!((radius_km(o(100.0)) - 39.6).abs() < 0.5);
        assert_eq!(radius_km(o(2.0)), MIN_RADIUS_KM);
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::tokens;
    use super::*;

    fn offset_before(text: &str, name: &str) -> Option<Offset> {
        let t = tokens(text, 0);
        let at = t.iter().position(|x| x.text == name).expect("name in text");
        before(&t, at)
    }

    #[test]
    fn reads_distance_and_direction() {
        let o = offset_before(
            "the outpost, about 80 kilometres (50 miles) north of the town of Gao",
            "Gao",
        )
        .expect("offset");
        assert_eq!(o.bearing, 0.0);
        assert!((o.km - 80.467).abs() < 0.01, "{o:?}"); // the nearer figure: 50 miles
        let o = offset_before("a village 12 km south-west of Kidal", "Kidal").expect("offset");
        assert_eq!((o.km, o.bearing), (12.0, 225.0));
        let o = offset_before("some forty miles east of Mopti", "Mopti").expect("offset");
        let sea =
            offset_before("about 60 nautical miles southeast of Aden", "Aden").expect("offset");
        assert!((sea.km - 111.12).abs() < 0.01, "{sea:?}");
        assert!((o.km - 64.37).abs() < 0.01);
    }

    #[test]
    fn no_distance_no_offset() {
        assert!(offset_before("the villages south of Gao", "Gao").is_none());
        assert!(offset_before("fighting in Gao", "Gao").is_none());
        assert!(offset_before("2,000 km north of Gao", "Gao").is_none());
    }

    #[test]
    fn shifting_moves_the_point() {
        let o = Offset {
            km: 111.2,
            bearing: 180.0,
            direction: "south",
        };
        let (lon, lat) = shift((10.0, 20.0), o);
        assert!(
            (lat - 19.0).abs() < 0.01 && (lon - 10.0).abs() < 1e-6,
            "{lat} {lon}"
        );
    }
}
