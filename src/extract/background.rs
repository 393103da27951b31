//! Clauses that tell no new incident: boilerplate lines, summaries over a period, trials and
//! commemorations, threats.

use super::text::Token;

/// Lines that are not part of the story.
pub fn is_boilerplate(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    [
        "source:",
        "sources:",
        "photo:",
        "image:",
        "read more",
        "related:",
        "editing by",
        "reporting by",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// Words that make a clause a summary over a period, not one incident.
pub fn is_aggregate(tokens: &[Token<'_>]) -> bool {
    let w: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    // plural periods only: "last week" is a date, "the past two weeks" a summary
    let period = |s: &str| matches!(s, "days" | "weeks" | "months" | "years" | "decades");
    w.windows(2).any(|p| {
        matches!(
            p,
            ["course", "of"] | ["so", "far"] | ["in", "total"] | ["a", "total"]
        ) || matches!(p[0], "past" | "last" | "previous" | "recent") && period(p[1])
            || p[0] == "since" && matches!(p[1], "the" | "its" | "their")
    }) || w.windows(3).any(|p| {
        matches!(p[0], "past" | "last" | "over" | "previous") && period(p[2])
            || p[0] == "this" && p[1] == "year"
    })
}

/// Events dated more than this before publication are background, not news.
pub const MAX_AGE_DAYS: i64 = 60;

/// Words that make a clause about a trial or a commemoration, not an incident.
pub fn is_background(tokens: &[Token<'_>]) -> bool {
    tokens.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "sentenced"
                | "convicted"
                | "acquitted"
                | "verdict"
                | "trial"
                | "court"
                | "tribunal"
                | "anniversary"
                | "commemorate"
                | "commemorated"
                | "commemoration"
                | "memorial"
                | "wreaths"
                | "remembrance"
        )
    })
}

/// A warning or threat before the event word: "warned that they would step up attacks".
pub fn is_threat(tokens: &[Token<'_>], trigger: usize) -> bool {
    tokens[..trigger].iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "warned"
                | "warns"
                | "warning"
                | "threatened"
                | "threatens"
                | "vowed"
                | "vows"
                | "pledged"
                | "promised"
        )
    })
}
