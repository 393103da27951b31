//! Event dates from the words of a clause, relative to the report's published date.
//!
//! "on Monday" is the latest Monday on or before the published date; "yesterday" and
//! "overnight" the day before; "last week" seven days before (week precision); "last month"
//! a month before (month precision); "14 April" and "April 14, 2018" the latest such day on
//! or before publication when the year is not given; "the same day" keeps the date of the
//! clause before, "the day before" moves it back one day.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::text::Token;

/// A date read from a clause and how precise it is (1 day, 2 week, 3 month).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDate {
    pub date: NaiveDate,
    pub precision: u8,
}

impl EventDate {
    /// Whether a day may be this date: the same day, or one in the week or month a less
    /// precise date stands for ("last week" covers last Thursday).
    pub fn covers(&self, day: NaiveDate) -> bool {
        let apart = (day - self.date).num_days().abs();
        match self.precision {
            1 => apart == 0,
            2 => apart <= 6,
            _ => apart <= 31,
        }
    }
}

/// What a clause says about its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCue {
    /// A date of its own.
    Own(EventDate),
    /// "the same day": the date of the clause before.
    Same,
    /// "the day before" / "a day later": the date of the clause before, moved by days.
    Shift(i64),
}

use crate::lexicon::{MONTHS, WEEKDAYS};

fn weekday(word: &str) -> Option<Weekday> {
    let i = WEEKDAYS.iter().position(|d| *d == word)?;
    Weekday::try_from(i as u8).ok()
}

/// A month name (full, or the usual abbreviation when capitalised).
pub fn month(token: &Token<'_>) -> Option<u32> {
    crate::lexicon::month_number(&token.lower, token.is_capitalised())
}

/// Is this word a weekday, month or feast name (never a place or an actor)?
pub fn is_calendar_word(token: &Token<'_>) -> bool {
    weekday(&token.lower).is_some()
        || MONTHS.contains(&token.lower.as_str())
        || crate::lexicon::FEASTS.contains(&token.lower.as_str())
}

fn day_number(token: &Token<'_>) -> Option<u32> {
    let digits = token
        .lower
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(token: Option<&Token<'_>>) -> Option<i32> {
    token
        .and_then(|t| t.lower.parse::<i32>().ok())
        .filter(|y| (1900..=2100).contains(y))
}

/// The latest date with this month and day on or before `published`.
fn latest(published: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(published.year(), month, day);
    match this_year {
        Some(d) if d <= published => Some(d),
        _ => NaiveDate::from_ymd_opt(published.year() - 1, month, day),
    }
}

fn days_before(published: NaiveDate, n: u64) -> NaiveDate {
    published
        .checked_sub_days(Days::new(n))
        .unwrap_or(published)
}

fn weekday_on_or_before(published: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (7 + published.weekday().num_days_from_monday() as i64
        - wd.num_days_from_monday() as i64)
        % 7;
    days_before(published, back as u64)
}

fn day(date: NaiveDate) -> Option<DateCue> {
    Some(DateCue::Own(EventDate { date, precision: 1 }))
}

use crate::lexicon::number_word;

/// The date a clause gives: of all its date expressions, a day ("on Monday", "the same
/// day") before a week before a month or year ("who captured the town in June ... shelled
/// it the same day" is dated by "the same day").
pub fn find(tokens: &[Token<'_>], published: NaiveDate) -> Option<DateCue> {
    find_with_speech(tokens, published).map(|(cue, _)| cue)
}

/// Words that report a statement: a date right after them ("sources said on Monday", "told
/// reporters Tuesday") is when it was said, which need not be when the incident happened.
const SPEECH_WORDS: &[&str] = &[
    "said",
    "says",
    "told",
    "announced",
    "reported",
    "confirmed",
    "added",
    "stated",
];

/// [`find`], and whether the date it gives is that of a statement (every date expression of
/// the clause follows a speech word, within two words).
pub fn find_with_speech(tokens: &[Token<'_>], published: NaiveDate) -> Option<(DateCue, bool)> {
    find_with_source(tokens, published).map(|(cue, spoken, _)| (cue, spoken))
}

/// [`find_with_speech`], and the index of the first word of the date expression chosen (the
/// evidence).
pub fn find_with_source(
    tokens: &[Token<'_>],
    published: NaiveDate,
) -> Option<(DateCue, bool, usize)> {
    let mut cues = Vec::new();
    let mut from = 0;
    let mut all_spoken = true;
    while let Some((cue, next)) = find_from(tokens, published, from) {
        // the cue's first word is the token before `next`, or a few before for "April 14"
        let at = next.saturating_sub(1);
        let spoken = (at.saturating_sub(3)..at).any(|j| {
            tokens
                .get(j)
                .is_some_and(|t| SPEECH_WORDS.contains(&t.lower.as_str()))
        });
        all_spoken &= spoken;
        cues.push((cue, at, spoken));
        from = next;
    }
    // the incident's own date before the day sources spoke ("killed … last week, sources
    // said on Tuesday"), then the most precise
    let (best, at, _) = cues.into_iter().min_by_key(|(c, _, spoken)| {
        let precision = match c {
            DateCue::Own(d) => d.precision,
            DateCue::Same | DateCue::Shift(_) => 1,
        };
        (*spoken, precision)
    })?;
    Some((best, all_spoken, at))
}

/// A second day a clause gives its own toll for, after the clause's first date: "two were
/// killed on Wednesday and one on Tuesday" gives (1, that Tuesday, the index of "one").
/// Only "and <count> on <weekday>" after another day: the count and the day must be adjacent.
pub fn second_day_count(
    tokens: &[Token<'_>],
    published: NaiveDate,
) -> Option<(u32, EventDate, usize)> {
    let (_, first_at) = find_from(tokens, published, 0)?;
    (first_at..tokens.len().saturating_sub(3)).find_map(|i| {
        if tokens[i].lower != "and" || tokens[i + 2].lower != "on" {
            return None;
        }
        let count = match tokens[i + 1].lower.as_str() {
            w if tokens[i + 1].is_number() => w.parse::<u32>().ok(),
            w => number_word(w).and_then(|n| u32::try_from(n).ok()),
        }?;
        let wd = weekday(&tokens[i + 3].lower)?;
        let date = weekday_on_or_before(published, wd);
        Some((count, EventDate { date, precision: 1 }, i + 1))
    })
}

/// The first date expression at or after token `from`, and the token after it.
fn find_from(tokens: &[Token<'_>], published: NaiveDate, from: usize) -> Option<(DateCue, usize)> {
    let w = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    for i in from..tokens.len() {
        let word = w(i);
        // explicit dates: "14 April [2018]" and "April 14[, 2018]"
        if let Some(d) = day_number(&tokens[i]) {
            if let Some(m) = tokens.get(i + 1).and_then(month) {
                let date = match year_number(tokens.get(i + 2)) {
                    Some(y) => NaiveDate::from_ymd_opt(y, m, d),
                    None => latest(published, m, d),
                };
                if let Some(date) = date {
                    return day(date).map(|c| (c, i + 1));
                }
            }
        }
        if let Some(m) = month(&tokens[i]) {
            if let Some(d) = tokens.get(i + 1).and_then(day_number) {
                let date = match year_number(tokens.get(i + 2)) {
                    Some(y) => NaiveDate::from_ymd_opt(y, m, d),
                    None => latest(published, m, d),
                };
                if let Some(date) = date {
                    return day(date).map(|c| (c, i + 1));
                }
            }
            // "in March [2019]": the first of that month, month precision; "last December"
            // the latest one before this month; "in August last year", "in August of that
            // year" (a year the report named before: an earlier one) a year further back
            let before = w(i.wrapping_sub(1));
            if matches!(
                before,
                "in" | "since" | "early" | "late" | "mid" | "last" | "previous"
            ) {
                let after: Vec<&str> = (i + 1..i + 4).map(w).collect();
                let earlier_year = matches!(after.as_slice(), ["last" | "that", "year", ..])
                    || matches!(after.as_slice(), ["of", "last" | "that", "year"]);
                let date = match year_number(tokens.get(i + 1)) {
                    Some(y) => NaiveDate::from_ymd_opt(y, m, 1),
                    None if earlier_year => NaiveDate::from_ymd_opt(published.year() - 1, m, 1),
                    None if matches!(before, "last" | "previous") && m >= published.month() => {
                        NaiveDate::from_ymd_opt(published.year() - 1, m, 1)
                    }
                    None => latest(published, m, 1),
                };
                if let Some(date) = date {
                    return Some((DateCue::Own(EventDate { date, precision: 3 }), i + 1));
                }
            }
        }
        // a bare year before the published one: "the 2015 attack", "in 2014"
        if let Some(y) = year_number(Some(&tokens[i])).filter(|&y| y < published.year()) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, 1, 1) {
                return Some((DateCue::Own(EventDate { date, precision: 3 }), i + 1));
            }
        }
        if let Some(wd) = weekday(word) {
            return day(weekday_on_or_before(published, wd)).map(|c| (c, i + 1));
        }
        match word {
            // "overnight on Saturday", "overnight into Sunday": the named day decides
            "overnight" if (i + 1..i + 4).any(|j| weekday(w(j)).is_some()) => {}
            "yesterday" | "overnight" => return day(days_before(published, 1)).map(|c| (c, i + 1)),
            "today" | "tonight" => return day(published).map(|c| (c, i + 1)),
            "last" | "past" | "previous" if matches!(w(i + 1), "night" | "evening") => {
                return day(days_before(published, 1)).map(|c| (c, i + 1));
            }
            "this" if matches!(w(i + 1), "morning" | "afternoon" | "evening") => {
                return day(published).map(|c| (c, i + 1));
            }
            // "last weekend", "over the weekend": the Saturday before publication
            "last" | "previous" | "the" if w(i + 1) == "weekend" => {
                let date = weekday_on_or_before(days_before(published, 1), Weekday::Sat);
                return Some((DateCue::Own(EventDate { date, precision: 2 }), i + 1));
            }
            "last" | "previous" if w(i + 1) == "week" => {
                let date = days_before(published, 7);
                return Some((DateCue::Own(EventDate { date, precision: 2 }), i + 1));
            }
            "earlier" if w(i + 1) == "this" && w(i + 2) == "week" => {
                let date = days_before(published, 3);
                return Some((DateCue::Own(EventDate { date, precision: 2 }), i + 1));
            }
            "this" if w(i + 1) == "week" => {
                let cue = DateCue::Own(EventDate {
                    date: published,
                    precision: 2,
                });
                return Some((cue, i + 1));
            }
            // "last year": a year before, year precision (older than any news)
            "last" | "previous" if w(i + 1) == "year" => {
                let date = published
                    .checked_sub_months(Months::new(12))
                    .unwrap_or(published);
                return Some((DateCue::Own(EventDate { date, precision: 3 }), i + 1));
            }
            "last" | "previous" if w(i + 1) == "month" => {
                let date = published
                    .checked_sub_months(Months::new(1))
                    .unwrap_or(published);
                return Some((DateCue::Own(EventDate { date, precision: 3 }), i + 1));
            }
            "same" if matches!(w(i + 1), "day" | "night" | "week" | "month") => {
                return Some((DateCue::Same, i + 1))
            }
            // "in a single day that month", "that night": the time told just before
            "that" if matches!(w(i + 1), "day" | "night" | "week" | "month") && i > 0 => {
                return Some((DateCue::Same, i + 1))
            }
            "day" | "night" if matches!(w(i + 1), "before" | "earlier") && i > 0 => {
                return Some((DateCue::Shift(-1), i + 1));
            }
            "day" | "night" if matches!(w(i + 1), "later" | "after") && i > 0 => {
                return Some((DateCue::Shift(1), i + 1));
            }
            "next" | "following" if w(i + 1) == "day" => return Some((DateCue::Shift(1), i + 1)),
            // "the previous day": the day before the incident told before
            "previous" | "preceding" if w(i + 1) == "day" => {
                return Some((DateCue::Shift(-1), i + 1));
            }
            // "two days earlier", "three days later": counted from the incident told before
            "days" if i > 0 && matches!(w(i + 1), "earlier" | "later") => {
                let n: Option<i64> = number_word(w(i - 1))
                    .map(|n| n as i64)
                    .or_else(|| w(i - 1).parse().ok());
                if let Some(n) = n.filter(|&n| (1..=30).contains(&n)) {
                    let shift = if w(i + 1) == "earlier" { -n } else { n };
                    return Some((DateCue::Shift(shift), i + 1));
                }
            }
            // "Two weeks after armed men killed 22 …" opening the clause: what it tells
            // happened that long before publication
            "after" if i == 2 => {
                let n = match w(0) {
                    "a" | "an" | "one" => Some(1),
                    other => number_word(other).or_else(|| other.parse().ok()),
                };
                let (days, precision) = match (n, w(1)) {
                    (Some(n), "day" | "days") => (n, 1),
                    (Some(n), "week" | "weeks") => (7 * n, 2),
                    (Some(n), "month" | "months") => (30 * n, 3),
                    _ => continue,
                };
                let date = days_before(published, days);
                return Some((DateCue::Own(EventDate { date, precision }), i + 1));
            }
            "ago" if i >= 2 => {
                let n = number_word(w(i - 2)).or_else(|| w(i - 2).parse().ok());
                let unit = w(i - 1);
                if let Some(n) = n {
                    let (days, precision) = match unit {
                        "day" | "days" => (n, 1),
                        "week" | "weeks" => (7 * n, 2),
                        _ => continue,
                    };
                    let date = days_before(published, days);
                    return Some((DateCue::Own(EventDate { date, precision }), i + 1));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::text::tokens;
    use super::*;

    #[test]
    fn a_clause_opened_by_a_span_after_dates_back_that_long() {
        let back = |text: &str| match on(text, "2024-01-22") {
            Some(DateCue::Own(d)) => Some((d.date.to_string(), d.precision)),
            _ => None,
        };
        assert_eq!(
            back("Two weeks after armed men killed 22 people"),
            Some(("2024-01-08".into(), 2))
        );
        assert_eq!(
            back("Three months after the siege began"),
            Some(("2023-10-24".into(), 3))
        );
        // (not inside a clause: "fled two weeks after the attack" dates the flight)
        assert_eq!(back("they fled two weeks after the attack"), None);
    }

    fn on(text: &str, published: &str) -> Option<DateCue> {
        let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").expect("test date");
        find(&tokens(text, 0), published)
    }

    fn own(date: &str, precision: u8) -> Option<DateCue> {
        Some(DateCue::Own(EventDate {
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("test date"),
            precision,
        }))
    }

    #[test]
    fn weekdays_are_the_latest_on_or_before_publication() {
        // 2018-10-03 was a Wednesday
        assert_eq!(on("on Monday", "2018-10-03"), own("2018-10-01", 1));
        assert_eq!(
            on("activists said Wednesday", "2018-10-03"),
            own("2018-10-03", 1)
        );
        assert_eq!(
            on("Since Tuesday, clashes", "2018-10-03"),
            own("2018-10-02", 1)
        );
        assert_eq!(on("on Thursday", "2018-10-03"), own("2018-09-27", 1));
        // "overnight" alone is the night before publication; with a day named, that day
        assert_eq!(on("struck overnight", "2018-10-03"), own("2018-10-02", 1));
        assert_eq!(
            on("struck overnight on Saturday", "2018-10-03"),
            own("2018-09-29", 1)
        );
        assert_eq!(
            on("overnight into Sunday", "2018-10-03"),
            own("2018-09-30", 1)
        );
    }

    #[test]
    fn a_date_after_a_speech_word_is_the_statements() {
        let p = NaiveDate::from_ymd_opt(2018, 10, 3).expect("date");
        let spoken = |t: &str| find_with_speech(&tokens(t, 0), p).map(|(_, s)| s);
        assert_eq!(spoken("killed nine, officials said on Tuesday"), Some(true));
        assert_eq!(spoken("the army told reporters Monday"), Some(true));
        assert_eq!(spoken("gunmen killed nine on Tuesday"), Some(false));
        assert_eq!(
            spoken("gunmen killed nine on Monday, officials said on Tuesday"),
            Some(false)
        );
        assert_eq!(spoken("gunmen killed nine"), None);
    }

    #[test]
    fn relative_and_explicit_dates() {
        assert_eq!(on("yesterday", "2020-03-01"), own("2020-02-29", 1));
        assert_eq!(
            on("seized it last week", "2018-10-03"),
            own("2018-09-26", 2)
        );
        assert_eq!(
            on("an audiotape last month", "2018-10-03"),
            own("2018-09-03", 3)
        );
        // a month named as last, or in an earlier year, is that month of the year before
        assert_eq!(
            on("Last December, a car bomb", "2025-06-09"),
            own("2024-12-01", 3)
        );
        assert_eq!(on("last June", "2025-06-09"), own("2024-06-01", 3));
        assert_eq!(
            on("in August of that year", "2025-08-14"),
            own("2024-08-01", 3)
        );
        assert_eq!(on("in March last year", "2025-08-14"), own("2024-03-01", 3));
        assert_eq!(on("the war last year", "2025-08-14"), own("2024-08-14", 3));
        assert_eq!(
            on("On 14 April 2018 jets", "2019-01-01"),
            own("2018-04-14", 1)
        );
        assert_eq!(on("on 14 April", "2019-01-01"), own("2018-04-14", 1));
        assert_eq!(on("on April 14, 2017", "2019-01-01"), own("2017-04-14", 1));
        assert_eq!(on("two days ago", "2019-01-10"), own("2019-01-08", 1));
        assert_eq!(on("the same day", "2019-01-10"), Some(DateCue::Same));
        assert_eq!(on("a day earlier", "2019-01-10"), Some(DateCue::Shift(-1)));
        assert_eq!(
            on("the previous day", "2019-01-10"),
            Some(DateCue::Shift(-1))
        );
        assert_eq!(
            on("two days earlier", "2019-01-10"),
            Some(DateCue::Shift(-2))
        );
        assert_eq!(
            on("three days later", "2019-01-10"),
            Some(DateCue::Shift(3))
        );
        assert_eq!(on("may fall", "2019-01-10"), None);
        assert_eq!(on("after two days of clashes", "2019-01-10"), None);
        assert_eq!(
            on(
                "rebels, who captured it in June, shelled it the same day",
                "2022-07-27"
            ),
            Some(DateCue::Same)
        );
        assert_eq!(on("the 2015 attack", "2020-10-29"), own("2015-01-01", 3));
    }
}
