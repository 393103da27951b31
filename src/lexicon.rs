//! Word lists that both readers of text share — the geoparser ([`crate::geoparse`]) and the
//! events extractor ([`crate::extract`]): month and weekday names, the titles that mark the
//! next capitalised word as a person's name (lower case), and English given names.

use std::collections::HashSet;
use std::sync::LazyLock;

/// English given names, one a line (`gazetteer/given_names.txt`, written by
/// `gazetteer/build.py` from two public-domain npm packages; see `gazetteer/ATTRIBUTION.md`).
static GIVEN_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../gazetteer/given_names.txt")
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
}
