//! The vocabulary sitmap reads text with, as data in one place: month and weekday names,
//! number words, the titles that mark the next capitalised word as a person's name (lower
//! case) and English given names (shared by the geoparser, [`crate::geoparse`], and the events
//! extractor, [`crate::extract`]); the conflict actors and demonyms ([`actors`]); and the event
//! words with their ACLED types ([`events`]).

pub mod actors;
pub mod events;

use std::collections::HashSet;
use std::sync::LazyLock;

/// English given names, one a line (`gazetteer/given_names.txt`, written by
/// `gazetteer/build.py` from two public-domain npm packages; see `gazetteer/ATTRIBUTION.md`).
static GIVEN_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../gazetteer/given_names.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

/// Whether a capitalised word is an English given name ("Georgia", "Jordan", "Tim").
pub fn is_given_name(word: &str) -> bool {
    GIVEN_NAMES.contains(word)
}

/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Months as news abbreviates them ("Nov. 3", "Sept. 9").
pub const MONTH_ABBREVIATIONS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The number (1 to 12) of a month named in full, or abbreviated when capitalised; "may" is
/// a month only when capitalised.
pub fn month_number(lower: &str, capitalised: bool) -> Option<u32> {
    let w = lower.trim_end_matches('.');
    if let Some(i) = MONTHS.iter().position(|m| *m == w) {
        if w == "may" && !capitalised {
            return None;
        }
        return Some(i as u32 + 1);
    }
    if !capitalised {
        return None;
    }
    let w = if w == "sept" { "sep" } else { w };
    MONTH_ABBREVIATIONS
        .iter()
        .position(|m| *m == w)
        .map(|i| i as u32 + 1)
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A word that counts: digits ("12", "1,300") or a number word ("seven").
pub fn is_count_word(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit()) || number_word(word).is_some()
}

/// A number written as one word ("seven", "forty", "forty-two", "a dozen" is handled by the
/// caller).
pub fn number_word(word: &str) -> Option<u64> {
    if let Some(i) = UNITS.iter().position(|u| *u == word) {
        return Some(i as u64);
    }
    if let Some(i) = TENS.iter().position(|t| *t == word) {
        return Some(20 + 10 * i as u64);
    }
    let (tens, unit) = word.split_once('-')?;
    let t = TENS.iter().position(|t| *t == tens)?;
    let u = UNITS
        .iter()
        .position(|u| *u == unit)
        .filter(|&u| (1..10).contains(&u))?;
    Some(20 + 10 * t as u64 + u as u64)
}

/// Feasts and holy months that date news ("during Ramadan", "on Eid"), never places.
pub const FEASTS: &[&str] = &[
    "ramadan",
    "eid",
    "muharram",
    "ashura",
    "nowruz",
    "christmas",
    "easter",
    "diwali",
    "hanukkah",
    "passover",
];

/// Weekday names, Monday first (chrono's `num_days_from_monday` order).
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words before a name that make it a person's: "Governor Fulton", "Sen. Jordan",
/// "activist Taj".
pub const PERSON_TITLES: &[&str] = &[
    "activist",
    "administrator",
    "agent",
    "ambassador",
    "analyst",
    "archbishop",
    "attorney",
    "aunt",
    "bishop",
    "brother",
    "capt",
    "captain",
    "cardinal",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "clerk",
    "coach",
    "col",
    "colonel",
    "commander",
    "commissioner",
    "coroner",
    "corporal",
    "correspondent",
    "councillor",
    "councilman",
    "councilor",
    "councilwoman",
    "dean",
    "deputy",
    "det",
    "detective",
    "director",
    "dr",
    "emir",
    "envoy",
    "father",
    "founder",
    "gen",
    "general",
    "gov",
    "governor",
    "imam",
    "inspector",
    "judge",
    "king",
    "leader",
    "lieutenant",
    "lord",
    "lt",
    "maj",
    "major",
    "manager",
    "mayor",
    "minister",
    "miss",
    "mother",
    "mp",
    "mr",
    "mrs",
    "ms",
    "named",
    "officer",
    "official",
    "owner",
    "pastor",
    "pope",
    "president",
    "prime",
    "prince",
    "princess",
    "principal",
    "prof",
    "professor",
    "queen",
    "rabbi",
    "rep",
    "reporter",
    "rev",
    "reverend",
    "secretary",
    "sen",
    "senator",
    "senior",
    "sergeant",
    "sgt",
    "sheikh",
    "sheriff",
    "sir",
    "sister",
    "speaker",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "superintendent",
    "supervisor",
    "treasurer",
    "trooper",
    "uncle",
];

/// Whether a lower-case word is a person's title.
pub fn is_person_title(word: &str) -> bool {
    PERSON_TITLES.contains(&word)
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_are_sorted_lower_case_and_unique() {
        let t = super::PERSON_TITLES;
        assert!(
            t.windows(2).all(|w| w[0] < w[1]),
            "keep PERSON_TITLES sorted"
        );
        assert!(t.iter().all(|w| w.chars().all(|c| c.is_ascii_lowercase())));
    }

    #[test]
    fn months_by_name_and_by_capitalised_abbreviation() {
        assert_eq!(super::month_number("march", false), Some(3));
        assert_eq!(super::month_number("sept.", true), Some(9));
        assert_eq!(super::month_number("nov", false), None);
        assert_eq!(super::month_number("may", false), None, "the verb");
        assert_eq!(super::month_number("may", true), Some(5));
    }

    #[test]
    fn number_words_up_to_ninety_nine() {
        assert_eq!(super::number_word("seven"), Some(7));
        assert_eq!(super::number_word("forty-two"), Some(42));
        assert_eq!(super::number_word("ninety"), Some(90));
        assert_eq!(super::number_word("forty-zero"), None);
        assert_eq!(super::number_word("several"), None);
    }

    #[test]
    fn every_actor_tied_to_a_country_and_every_demonym_is_lower_case_and_known() {
        let actors: Vec<&str> = super::actors::ACTORS.iter().map(|a| a.name).collect();
        for (name, _) in super::actors::ACTOR_COUNTRIES {
            assert!(actors.contains(name), "{name} is not in ACTORS");
        }
        for (d, cc, _) in super::actors::DEMONYMS {
            assert_eq!(*d, d.to_lowercase());
            assert_eq!(cc.len(), 2);
        }
    }
}
