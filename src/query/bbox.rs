//! Bounding boxes in WGS84 longitude/latitude, as OGC API – Features' `bbox` parameter.

use super::QueryError;

/// A validated bounding box. `min_lon > max_lon` means the box crosses the antimeridian.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    min_lon: f64,
    min_lat: f64,
    max_lon: f64,
    max_lat: f64,
}

impl BBox {
    /// The whole world.
    pub const WORLD: BBox = BBox {
        min_lon: -180.0,
        min_lat: -90.0,
        max_lon: 180.0,
        max_lat: 90.0,
    };

    /// Checks and builds a box from its four edges.
    pub fn new(min_lon: f64, min_lat: f64, max_lon: f64, max_lat: f64) -> Result<Self, QueryError> {
        let all = [min_lon, min_lat, max_lon, max_lat];
        if all.iter().any(|v| !v.is_finite()) {
            return Err(QueryError::new(
                "bbox",
                "coordinates must be finite numbers",
            ));
        }
        if !(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon) {
            return Err(QueryError::new(
                "bbox",
                "longitudes must be within -180..180",
            ));
        }
        if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
            return Err(QueryError::new("bbox", "latitudes must be within -90..90"));
        }
        if min_lat > max_lat {
            return Err(QueryError::new(
                "bbox",
                "the southern edge (2nd number) is north of the northern edge",
            ));
        }
        Ok(BBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        })
    }

    /// Parses `minlon,minlat,maxlon,maxlat` or the 6-number form with heights (ignored).
    ///
    /// ```
    /// use sitmap::query::BBox;
    /// let b = BBox::parse("177,65,-177,70").unwrap();
    /// assert!(b.crosses_antimeridian());
    /// assert!(b.contains(179.5, 66.0) && b.contains(-178.0, 66.0) && !b.contains(0.0, 66.0));
    /// assert!(BBox::parse("1,2,3").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Self, QueryError> {
        let numbers: Vec<f64> = s
            .split(',')
            .map(|p| {
                p.trim()
                    .parse::<f64>()
                    .map_err(|_| QueryError::new("bbox", format!("{:?} is not a number", p.trim())))
            })
            .collect::<Result<_, _>>()?;
        match numbers.as_slice() {
            [a, b, c, d] => BBox::new(*a, *b, *c, *d),
            [a, b, _, d, e, _] => BBox::new(*a, *b, *d, *e),
            _ => Err(QueryError::new(
                "bbox",
                format!(
                    "takes 4 numbers (minlon,minlat,maxlon,maxlat) or 6 with heights, got {}",
                    numbers.len()
                ),
            )),
        }
    }

    pub fn crosses_antimeridian(&self) -> bool {
        self.min_lon > self.max_lon
    }

    /// The box as one or two boxes that do not cross the antimeridian, `[minlon, minlat,
    /// maxlon, maxlat]` each.
    pub fn parts(&self) -> Vec<[f64; 4]> {
        if self.crosses_antimeridian() {
            vec![
                [self.min_lon, self.min_lat, 180.0, self.max_lat],
                [-180.0, self.min_lat, self.max_lon, self.max_lat],
            ]
        } else {
            vec![[self.min_lon, self.min_lat, self.max_lon, self.max_lat]]
        }
    }

    /// Whether a point lies in the box (edges included).
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let lat_ok = (self.min_lat..=self.max_lat).contains(&lat);
        let lon_ok = if self.crosses_antimeridian() {
            lon >= self.min_lon || lon <= self.max_lon
        } else {
            (self.min_lon..=self.max_lon).contains(&lon)
        };
        lat_ok && lon_ok
    }

    pub fn as_array(&self) -> [f64; 4] {
        [self.min_lon, self.min_lat, self.max_lon, self.max_lat]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_bad_boxes_by_name() {
        for bad in [
            "",
            "1,2,3",
            "1,2,3,4,5",
            "a,b,c,d",
            "NaN,0,1,1",
            "0,0,inf,1",
            "0,-91,1,1",
            "0,0,181,1",
            "0,10,1,5",
        ] {
            let err = BBox::parse(bad).expect_err(bad);
            assert_eq!(err.parameter, "bbox");
        }
    }

    #[test]
    fn six_numbers_ignore_heights() {
        let b = BBox::parse("1,2,-100,3,4,100").expect("valid");
        assert_eq!(b.as_array(), [1.0, 2.0, 3.0, 4.0]);
    }

    proptest! {
        #[test]
        fn parts_cover_exactly_the_box(
            a in -180.0f64..180.0, b in -180.0f64..180.0,
            lat0 in -90.0f64..90.0, dlat in 0.0f64..30.0,
            lon in -180.0f64..180.0, lat in -90.0f64..90.0,
        ) {
            let lat1 = (lat0 + dlat).min(90.0);
            let bbox = BBox::new(a, lat0, b, lat1).expect("valid");
            let in_parts = bbox.parts().iter().any(|p| {
                (p[0]..=p[2]).contains(&lon) && (p[1]..=p[3]).contains(&lat)
            });
            prop_assert_eq!(in_parts, bbox.contains(lon, lat));
        }

        #[test]
        fn display_parse_round_trip(
            a in -180.0f64..180.0, b in -180.0f64..180.0, lat0 in -90.0f64..0.0, lat1 in 0.0f64..90.0,
        ) {
            let text = format!("{a},{lat0},{b},{lat1}");
            let parsed = BBox::parse(&text).expect("valid");
            prop_assert_eq!(parsed.as_array(), [a, lat0, b, lat1]);
        }
    }
}
