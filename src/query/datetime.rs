//! The `datetime` parameter of OGC API – Features: an instant, a closed or half-open interval,
//! or a start plus an ISO 8601 duration. Events are dated to the day, so every bound is
//! reduced to its (UTC) date and intervals include both end days.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate};

use super::QueryError;

/// A date interval, inclusive at both ends; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateInterval {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl DateInterval {
    /// Parses `2018-10-03`, `2018-10-03T10:00:00Z`, `a/b`, `../b`, `a/..`, `a/` , `/b`, and
    /// `a/P1M2D` (a start plus a duration).
    ///
    /// ```
    /// use sitmap::query::DateInterval;
    /// let d = DateInterval::parse("2017-03-04/P1M2D").unwrap();
    /// assert_eq!(d.end.unwrap().to_string(), "2017-04-06");
    /// assert!(DateInterval::parse("2018-02-30").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Self, QueryError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(QueryError::new("datetime", "is empty"));
        }
        let Some((a, b)) = s.split_once('/') else {
            let day = parse_instant(s)?;
            return Ok(DateInterval {
                start: Some(day),
                end: Some(day),
            });
        };
        let start = match a {
            "" | ".." => None,
            a => Some(parse_instant(a)?),
        };
        let end = match b {
            "" | ".." => None,
            b if b.starts_with('P') || b.starts_with('p') => {
                let Some(start) = start else {
                    return Err(QueryError::new(
                        "datetime",
                        "a duration needs a start: use START/P…",
                    ));
                };
                Some(add_duration(start, b)?)
            }
            b => Some(parse_instant(b)?),
        };
        if let (Some(a), Some(b)) = (start, end) {
            if a > b {
                return Err(QueryError::new(
                    "datetime",
                    "the interval's start is after its end",
                ));
            }
        }
        Ok(DateInterval { start, end })
    }

    /// The interval as days since 0001-01-01 (the index's time axis), open ends at the extremes.
    pub fn day_range(&self) -> (i32, i32) {
        (
            self.start.map_or(i32::MIN, |d| d.num_days_from_ce()),
            self.end.map_or(i32::MAX, |d| d.num_days_from_ce()),
        )
    }

    pub fn contains_day(&self, day: i32) -> bool {
        let (a, b) = self.day_range();
        (a..=b).contains(&day)
    }

    /// The days in both intervals (an empty intersection keeps start after end, which
    /// contains no day).
    pub fn intersect(&self, other: &DateInterval) -> DateInterval {
        let start = match (self.start, other.start) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let end = match (self.end, other.end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        DateInterval { start, end }
    }

    pub fn is_unbounded(&self) -> bool {
        self.start.is_none() && self.end.is_none()
    }
}

fn parse_instant(s: &str) -> Result<NaiveDate, QueryError> {
    let bad = || {
        QueryError::new(
            "datetime",
            format!(
                "{:?} is not a date (YYYY-MM-DD) or an RFC 3339 date-time",
                truncate(s)
            ),
        )
    };
    // GDAL 3.6 writes a date filter as "2024-01-01T" and some clients send a date-time
    // without its zone: both are read as the day they name
    let lenient =
        s.len() == 11 && s.ends_with('T') || s.len() == 19 && s.as_bytes().get(10) == Some(&b'T');
    let date = if s.len() == 10 || lenient {
        NaiveDate::parse_from_str(s.get(..10).ok_or_else(bad)?, "%Y-%m-%d").map_err(|_| bad())?
    } else {
        DateTime::parse_from_rfc3339(s)
            .map_err(|_| bad())?
            .naive_utc()
            .date()
    };
    if !(1..=9999).contains(&date.year()) {
        return Err(bad());
    }
    Ok(date)
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Adds an ISO 8601 duration (`P1Y2M3W4DT5H6M7S`, each part optional) to a date. The time
/// part moves the end by whole days, rounded up. Written here because the date libraries in
/// use parse dates and times but not durations.
fn add_duration(start: NaiveDate, s: &str) -> Result<NaiveDate, QueryError> {
    let bad = |why: &str| QueryError::new("datetime", format!("bad ISO 8601 duration: {why}"));
    let body = &s[1..];
    let (date_part, time_part) = match body.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    if date_part.is_empty() && time_part.is_none_or(str::is_empty) {
        return Err(bad("no amounts"));
    }
    let (mut months, mut days, mut seconds) = (0u32, 0u64, 0u64);
    for (n, unit) in
        duration_fields(date_part).map_err(|_| bad("expected numbers and Y, M, W, D"))?
    {
        match unit {
            'Y' => months = months.saturating_add(n.saturating_mul(12) as u32),
            'M' => months = months.saturating_add(n as u32),
            'W' => days = days.saturating_add(n.saturating_mul(7)),
            'D' => days = days.saturating_add(n),
            _ => return Err(bad("date units are Y, M, W, D")),
        }
    }
    if let Some(t) = time_part {
        for (n, unit) in duration_fields(t).map_err(|_| bad("expected numbers and H, M, S"))? {
            match unit {
                'H' => seconds = seconds.saturating_add(n.saturating_mul(3600)),
                'M' => seconds = seconds.saturating_add(n.saturating_mul(60)),
                'S' => seconds = seconds.saturating_add(n),
                _ => return Err(bad("time units are H, M, S")),
            }
        }
    }
    days = days.saturating_add(seconds.div_ceil(86_400));
    start
        .checked_add_months(Months::new(months))
        .and_then(|d| d.checked_add_days(Days::new(days)))
        .filter(|d| d.year() <= 9999)
        .ok_or_else(|| bad("the end falls beyond year 9999"))
}

/// Splits `1Y2M` into `[(1,'Y'), (2,'M')]`.
fn duration_fields(s: &str) -> Result<Vec<(u64, char)>, ()> {
    let mut out = Vec::new();
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            let n: u64 = digits.parse().map_err(|_| ())?;
            out.push((n, c.to_ascii_uppercase()));
            digits.clear();
        }
    }
    if digits.is_empty() {
        Ok(out)
    } else {
        Err(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Option<NaiveDate> {
        Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"))
    }

    #[test]
    fn instants_and_intervals() {
        let i = DateInterval::parse("2018-10-03").expect("ok");
        assert_eq!((i.start, i.end), (d("2018-10-03"), d("2018-10-03")));
        let i = DateInterval::parse("2018-10-03T23:30:00-02:00").expect("ok");
        assert_eq!(i.start, d("2018-10-04"));
        let i = DateInterval::parse("../2018-10-03").expect("ok");
        assert_eq!((i.start, i.end), (None, d("2018-10-03")));
        let i = DateInterval::parse("2018-10-03/..").expect("ok");
        assert_eq!((i.start, i.end), (d("2018-10-03"), None));
        let i = DateInterval::parse("2018-01-01/2018-12-31").expect("ok");
        assert_eq!((i.start, i.end), (d("2018-01-01"), d("2018-12-31")));
        assert!(DateInterval::parse("../..").expect("ok").is_unbounded());
        let i = DateInterval::parse("2018-01-01/P1Y").expect("ok");
        assert_eq!(i.end, d("2019-01-01"));
        let i = DateInterval::parse("2018-01-01/PT25H").expect("ok");
        assert_eq!(i.end, d("2018-01-03"));
        let i = DateInterval::parse("2018-01-31/P1M").expect("ok");
        assert_eq!(i.end, d("2018-02-28"));
    }

    #[test]
    fn malformed_values_name_the_parameter() {
        for bad in [
            "",
            "yesterday",
            "2018-13-01",
            "2018-02-30",
            "2019-01-01/2018-01-01",
            "../P1D",
            "2018-01-01/P",
            "2018-01-01/P1X",
            "2018-01-01/P99999999999Y",
            "2018-01-01/2018-01-02/2018-01-03",
        ] {
            let err = DateInterval::parse(bad).expect_err(bad);
            assert_eq!(err.parameter, "datetime");
        }
    }

    proptest! {
        #[test]
        fn any_valid_pair_parses_to_itself(a in 0i64..40_000, len in 0i64..5_000) {
            let base = NaiveDate::from_ymd_opt(1950, 1, 1).expect("date");
            let s = base + chrono::Duration::days(a);
            let e = s + chrono::Duration::days(len);
            let i = DateInterval::parse(&format!("{s}/{e}")).expect("valid");
            prop_assert_eq!((i.start, i.end), (Some(s), Some(e)));
            prop_assert!(i.contains_day(s.num_days_from_ce()) && i.contains_day(e.num_days_from_ce()));
            prop_assert!(!i.contains_day(e.num_days_from_ce() + 1));
        }

        #[test]
        fn arbitrary_text_never_panics(s in ".{0,40}") {
            let _ = DateInterval::parse(&s);
        }
    }

    #[test]
    fn gdal_style_dates_are_read_as_their_day() {
        let d = DateInterval::parse("2024-01-01T/..").expect("GDAL 3.6 form");
        assert_eq!(d.start, NaiveDate::from_ymd_opt(2024, 1, 1));
        let d = DateInterval::parse("2024-01-01T10:00:00/2024-02-01").expect("zoneless");
        assert_eq!(d.start, NaiveDate::from_ymd_opt(2024, 1, 1));
        assert!(DateInterval::parse("2024-01-0\u{e9}/..").is_err());
    }
}
