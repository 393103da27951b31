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
    // ", bringing to 23 the number killed since the protests began": a running tally added to
    // an incident told first, which the tally does not make a summary
    let told_first = tokens
        .windows(2)
        .position(|p| {
            crate::lexicon::events::RUNNING_TOTAL_VERBS.contains(&p[0].lower.as_str())
                && matches!(p[1].lower.as_str(), "to" | "the")
        })
        .filter(|&i| i > 0 && tokens[i - 1].punct_after)
        .unwrap_or(tokens.len());
    let w: Vec<&str> = tokens[..told_first]
        .iter()
        .map(|t| t.lower.as_str())
        .collect();
    // plural periods only: "last week" is a date, "the past two weeks" a summary
    let period = |s: &str| matches!(s, "days" | "weeks" | "months" | "years" | "decades");
    w.windows(2).any(|p| {
        matches!(
            p,
            ["course", "of"] | ["so", "far"] | ["in", "total"] | ["a", "total"]
        ) || matches!(p[0], "past" | "last" | "previous" | "recent") && period(p[1])
            || p[0] == "since" && matches!(p[1], "the" | "its" | "their" | "an" | "a")
    }) || since_a_date(&w)
        || several_incidents(&w)
        || running_toll(&w)
        || campaign_toll(&w)
        // what happens again and again: "forces regularly shell the city", "frequent raids"
        || w.iter().any(|x| {
            matches!(
                *x,
                "regularly"
                    | "frequently"
                    | "frequent"
                    | "routinely"
                    | "repeatedly"
                    | "often"
                    | "hotbed"
            )
        })
        || w.windows(3).any(|p| {
            // ("clashes killed 27 over two days": one battle that lasted two days; "over the
            // past two days" stays a summary, by "past")
            let short_span = p[0] == "over"
                && p[2] == "days"
                && super::numbers::small_number(p[1])
                    .or_else(|| p[1].parse().ok())
                    .is_some_and(|n| n <= 3);
            matches!(p[0], "past" | "last" | "over" | "previous") && period(p[2]) && !short_span
                || p[0] == "this" && p[1] == "year"
                // "were killed during the war": the toll of a war, not of one incident
                || p[0] == "during"
                    && p[1] == "the"
                    && matches!(p[2], "war" | "conflict" | "insurgency" | "uprising")
        })
}

/// "killed at least 30 people in two separate attacks", "in a series of raids": a toll summed
/// over incidents the report tells one by one.
fn several_incidents(w: &[&str]) -> bool {
    const INCIDENTS: &[&str] = &[
        "attacks",
        "strikes",
        "airstrikes",
        "incidents",
        "raids",
        "assaults",
        "ambushes",
        "bombings",
        "clashes",
    ];
    // (after the toll it sums: "In separate attacks, gunmen killed three in X and a bomb
    // killed two in Y" tells both incidents itself)
    (0..w.len()).any(|i| {
        let many = |x: &str| {
            matches!(x, "several" | "multiple" | "series")
                || crate::lexicon::number_word(x).is_some_and(|n| n >= 2)
        };
        w[..i].iter().any(|x| crate::lexicon::is_count_word(x))
            && w[i] == "in"
            && w.get(i + 1).is_some_and(|x| many(x) || *x == "a")
            && w[i + 1..(i + 5).min(w.len())]
                .iter()
                .any(|x| many(x) && *x != "a")
            && w[i + 2..(i + 5).min(w.len())]
                .iter()
                .any(|x| INCIDENTS.contains(x))
    })
}

/// "Since 10 May, … 180 of whom died", "since mid-April": a tally over the time since a date
/// (but "the deadliest attack since 2019" is one incident, measured against the past).
fn since_a_date(w: &[&str]) -> bool {
    let superlative = |before: &[&str]| {
        before.iter().any(|x| {
            matches!(*x, "worst" | "first" | "biggest" | "largest" | "last")
                || x.ends_with("iest")
                || x.ends_with("est") && x.len() > 5 && !x.ends_with("rest") && !x.ends_with("test")
        })
    };
    (0..w.len()).any(|i| {
        let next = w.get(i + 1).copied().unwrap_or("");
        let dated = crate::lexicon::MONTHS.contains(&next)
            || next.starts_with("mid-")
            || matches!(next, "early" | "late" | "mid")
            || next.chars().next().is_some_and(|c| c.is_ascii_digit());
        w[i] == "since" && dated && !superlative(&w[i.saturating_sub(6)..i])
    })
}

/// The toll of a whole war or campaign: "the offensive has killed more than 37,000", "the
/// conflict has claimed thousands of lives".
fn campaign_toll(w: &[&str]) -> bool {
    (0..w.len()).any(|i| {
        matches!(
            w[i],
            "war"
                | "offensive"
                | "invasion"
                | "conflict"
                | "campaign"
                | "insurgency"
                | "violence"
                | "siege"
        ) && !(i > 0 && matches!(w[i - 1], "in" | "of"))
            && w[i + 1..]
                .iter()
                .take(2)
                .any(|x| matches!(*x, "has" | "have"))
            && w[i + 1..]
                .iter()
                .take(8)
                .any(|x| matches!(*x, "killed" | "claimed" | "left"))
    })
}

/// A running toll: "120 have been killed since October 7", "the toll since 2017". "Since
/// Tuesday" starts one incident, and "the biggest gain since 2001" counts nothing.
fn running_toll(w: &[&str]) -> bool {
    let since_date = w.windows(2).any(|p| {
        p[0] == "since"
            && (crate::lexicon::MONTHS.contains(&p[1])
                || p[1].len() == 4 && p[1].parse::<u16>().is_ok_and(|y| y >= 1900))
    });
    since_date
        && w.iter()
            .any(|x| matches!(*x, "have" | "has" | "toll" | "total" | "tally"))
}

/// Events dated more than this before publication are background, not news.
pub const MAX_AGE_DAYS: i64 = 60;

/// Event words that outrank this (bombs, air strikes, shelling, taking ground) happen at a
/// memorial rather than recall what it remembers.
const VENUE_TRIGGER_RANK: u8 = 40;

/// Words that make a clause about a trial or a commemoration, not an incident, given the rank
/// of the clause's event word.
///
/// A protest is no background for what it is about: "rallied to mourn a commander", "marched
/// to the court that sentenced X" are today's protests (history told as such still is).
pub fn is_background(tokens: &[Token<'_>], trigger_rank: Option<u8>, protest: bool) -> bool {
    // "Ten years after X abducted …", "a decade ago", "years since": history told as such
    let w = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let history = (0..tokens.len()).any(|i| {
        matches!(w(i), "years" | "decade" | "decades")
            && matches!(w(i + 1), "after" | "ago" | "since")
    });
    // "a suicide bomber struck at a memorial ceremony": where today's bombing happened (a
    // weapon's word only: "mourners gathered at a memorial for the 40 killed" is history);
    // and whatever the event word, "opened fire on a funeral procession", "gunmen attacked a
    // funeral"
    let venue = |i: usize| {
        let before = &tokens[i.saturating_sub(4)..i];
        trigger_rank.is_some_and(|r| r < VENUE_TRIGGER_RANK)
            && before.iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "at" | "during" | "attending" | "struck" | "hit" | "targeted" | "bombed" | "on"
                )
            })
            || before.windows(2).any(|p| {
                matches!(p[0].lower.as_str(), "fire" | "fired")
                    && matches!(p[1].lower.as_str(), "on" | "at")
            })
            || before
                .iter()
                .any(|t| crate::lexicon::events::ATTACK_VERBS.contains(&t.lower.as_str()))
    };
    let funeral = |i: usize| {
        // "mourners gathered for the funeral of those killed last week", even when the
        // gathering reads as a protest
        matches!(tokens[i].lower.as_str(), "funeral" | "funerals" | "burial") && !venue(i)
    };
    history
        || accident(tokens)
        || (0..tokens.len()).any(funeral)
        || !protest
            && tokens.iter().enumerate().any(|(i, t)| {
                matches!(
                    t.lower.as_str(),
                    "sentenced"
                        | "convicted"
                        | "acquitted"
                        | "verdict"
                        | "trial"
                        | "court"
                        | "tribunal"
                ) || matches!(
                    t.lower.as_str(),
                    "anniversary"
                        // "declared three days of mourning for the soldiers killed"
                        | "mourning"
                        | "mourn"
                        | "mourned"
                        | "condolences"
                        | "commemorate"
                        | "commemorated"
                        | "commemoration"
                        | "memorial"
                        | "wreaths"
                        | "remembrance"
                ) && !venue(i)
            })
}

/// An accident, not an attack: "a fuel tanker exploded", "a gas cylinder explosion" (unless a
/// bomb is named: "a tanker packed with explosives", "a suicide bomber blew up a gas tanker").
fn accident(tokens: &[Token<'_>]) -> bool {
    let w: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    let blast_of_a_thing = (0..w.len()).any(|i| {
        matches!(
            w[i],
            "exploded" | "explosion" | "explosions" | "blast" | "blasts" | "fire"
        ) && w[i.saturating_sub(4)..i].iter().any(|x| {
            matches!(
                *x,
                "tanker"
                    | "gas"
                    | "cylinder"
                    | "boiler"
                    | "pipeline"
                    | "transformer"
                    | "fireworks"
                    | "factory"
                    | "refinery"
            )
        })
    });
    blast_of_a_thing
        && !w.iter().any(|x| {
            matches!(
                *x,
                "bomb"
                    | "bomber"
                    | "bombs"
                    | "explosives"
                    | "ied"
                    | "suicide"
                    | "attack"
                    | "rigged"
                    | "drone"
                    | "missile"
                    | "rocket"
                    | "shell"
                    | "strike"
            )
        })
}

/// Where a clause starts telling the earlier incident that caused its own ("in retaliation
/// for", "in response to", "in revenge for", "in reprisal for", "to avenge"): the token index.
pub fn cause_starts(tokens: &[Token<'_>]) -> Option<usize> {
    let w = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    (0..tokens.len()).find(|&i| {
        matches!(
            (w(i), w(i + 1), w(i + 2)),
            ("in", "retaliation" | "revenge" | "reprisal", "for")
                | ("in", "response", "to")
                | ("to", "avenge", _)
        ) || matches!(w(i + 1), "day" | "days" | "hours" | "week" | "weeks")
            // "…, killing six, a day after rebels shelled X": the earlier incident, told
            // after this one ("Two days after the raid, three were killed" opens with it)
            && i > 0
            && w(i + 2) == "after"
            && (matches!(w(i), "a" | "one" | "two" | "three" | "four" | "five" | "several" | "few")
                || w(i).parse::<u16>().is_ok())
            // "marched in X to protest against the killing of a teacher": what the protest
            // was about, an earlier incident (not "protesting against fuel prices in X")
            || i > 0
                && (matches!(
                    (w(i), w(i + 1)),
                    ("to", "protest" | "denounce" | "condemn" | "decry")
                        | ("in", "protest")
                ) || matches!(w(i), "protesting" | "denouncing" | "condemning" | "decrying")
                    && matches!(w(i + 1), "against" | "over" | "the" | "a" | "an"))
                && (i + 1..(i + 7).min(tokens.len())).any(|k| is_incident_noun(w(k)))
                // ("youths protesting the killings blocked roads and burned a police car":
                // what the crowd did is told after it, and is this clause's incident)
                && !tokens[i + 1..].iter().any(|t| is_crowd_act(&t.lower))
            || matches!(w(i), "came" | "comes" | "come")
            // "The deaths came a day after five were killed in X": an earlier incident
            && (i + 1..(i + 5).min(tokens.len())).any(|k| w(k) == "after")
    })
}

/// Verbs of what a crowd does that make it a riot.
fn is_crowd_act(word: &str) -> bool {
    matches!(
        word,
        "blocked"
            | "burned"
            | "burnt"
            | "torched"
            | "looted"
            | "stormed"
            | "ransacked"
            | "vandalised"
            | "vandalized"
            | "pelted"
            | "clashed"
            | "attacked"
    )
}

/// Words that name an incident a protest can be about ("the killing of a teacher", "the
/// arrest of 20 activists").
fn is_incident_noun(word: &str) -> bool {
    matches!(
        word,
        "killing"
            | "killings"
            | "killed"
            | "death"
            | "deaths"
            | "murder"
            | "murders"
            | "arrest"
            | "arrests"
            | "arrested"
            | "detention"
            | "detained"
            | "shooting"
            | "attack"
            | "attacks"
            | "abduction"
            | "abductions"
            | "kidnapping"
            | "massacre"
            | "assassination"
            | "bombing"
            | "raid"
            | "raids"
            | "rape"
            | "disappearance"
            | "torture"
            | "execution"
            | "executions"
            | "lynching"
    )
}

/// An appeal before the event word: "urged the talks to prioritise the release of detained
/// civilians" names arrests as a demand, not as news.
pub fn is_appeal(tokens: &[Token<'_>], trigger: usize) -> bool {
    tokens[..trigger].iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "urged" | "urges" | "urging" | "appealed" | "demanded" | "demanding" | "called"
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

/// Whether the clause's event word (at `trigger`) names what people fled: "most of them
/// fleeing the attack on Zamzam camp, which killed hundreds" tells why they fled, not an
/// incident of the report's own.
pub fn is_flight_cause(tokens: &[Token<'_>], trigger: usize) -> bool {
    const FLED: &[&str] = &["fleeing", "fled", "escaping", "escaped"];
    const INCIDENTS: &[&str] = &[
        "attack",
        "attacks",
        "fighting",
        "violence",
        "clashes",
        "assault",
        "offensive",
        "bombing",
        "bombardment",
        "raid",
        "raids",
        "war",
        "massacre",
        "siege",
    ];
    tokens[..trigger.min(tokens.len())]
        .iter()
        .enumerate()
        .any(|(i, t)| {
            FLED.contains(&t.lower.as_str())
                && tokens[i + 1..(i + 4).min(tokens.len())]
                    .iter()
                    .any(|n| INCIDENTS.contains(&n.lower.as_str()))
        })
}

#[cfg(test)]
mod tests {
    use super::super::text::tokens;
    use super::*;

    #[test]
    fn a_tally_since_a_date_is_an_aggregate() {
        let agg = |s: &str| is_aggregate(&tokens(s, 0));
        assert!(agg(
            "Since 10 May, clinics have received 1,300 wounded patients, 180 of whom died"
        ));
        assert!(agg("more than 40 people have been killed since mid-April"));
        assert!(!agg(
            "the deadliest attack on the town since 2019 killed 30 people"
        ));
        assert!(!agg("a bomb killed 12 people in the market on 10 May"));
        assert!(agg(
            "drone strikes killed 30 people in two separate attacks last week"
        ));
        assert!(agg("troops killed 40 militants in a series of raids"));
        assert!(!agg(
            "a drone killed 13 passengers in an attack on a minibus"
        ));
    }

    #[test]
    fn what_people_fled_is_no_incident_of_the_report() {
        let toks = tokens(
            "thousands crossed the border, fleeing the attack on the camp, which killed dozens",
            0,
        );
        let at = toks.iter().position(|t| t.lower == "killed").expect("word");
        assert!(is_flight_cause(&toks, at));
        // the incident comes first; the flight after it is its consequence
        let toks = tokens(
            "gunmen killed five as residents were fleeing the fighting",
            0,
        );
        let at = toks.iter().position(|t| t.lower == "killed").expect("word");
        assert!(!is_flight_cause(&toks, at));
    }

    #[test]
    fn the_cause_of_an_incident_is_cut_off() {
        let cut = |s: &str| cause_starts(&tokens(s, 0));
        assert_eq!(
            cut("jets struck the camp in retaliation for a raid that killed nine"),
            Some(4)
        );
        assert_eq!(cut("police fired in response to stone throwing"), Some(2));
        assert_eq!(cut("the response to the attack was swift"), None);
        assert_eq!(
            cut("killing six people a day after rebels shelled the city"),
            Some(3)
        );
        assert_eq!(cut("two days after the raid, 3 were killed"), None);
        assert_eq!(cut("fighting went on for days after the raid"), None);
        assert_eq!(
            cut("hundreds marched in the city to protest against the killing of a teacher"),
            Some(5)
        );
        assert_eq!(
            cut("students rallied, denouncing the arrest of 20 activists"),
            Some(2)
        );
        assert_eq!(cut("Protesting against the raid, hundreds marched"), None);
        // what a protest demands or opposes that is no incident is not cut
        assert_eq!(
            cut("people protesting against fuel prices in the capital"),
            None
        );
        assert_eq!(
            cut("hundreds marched in the city to protest over the price of bread"),
            None
        );
        // what the crowd did after the words of its cause is this clause's incident
        assert_eq!(
            cut("youths protesting the killings blocked roads and burned a police car"),
            None
        );
    }

    #[test]
    fn running_tolls_are_summaries_but_since_a_weekday_is_not() {
        let agg = |s: &str| is_aggregate(&tokens(s, 0));
        assert!(agg(
            "Some 300 people have been killed in the province since March"
        ));
        assert!(agg("The toll since 2019 stands at 2,000"));
        assert!(!agg("Fighting has raged around the town since Tuesday"));
        assert!(!agg("the group's biggest gain since 2001"));
    }
}
