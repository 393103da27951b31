//! Event type and sub-type (ACLED's taxonomy) from the words that carry them (the triggers,
//! data in [`crate::lexicon::events`]).
//!
//! Each trigger is a short word sequence (a trailing `*` matches any ending) with a type, a
//! sub-type and a rank. In a clause the best-ranked trigger decides: taking ground and armed
//! clashes outrank the weapons used in them ("captured Ramadi after suicide car bombs" is a
//! battle), weapons outrank plain killing, and a weak word ("attack", "killed") only decides
//! when nothing stronger is there. Triggers under negation or intent ("threatened to attack",
//! "without a fight") do not count.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::event::EventType::{Protests as P, Riots as R};
pub use crate::lexicon::events::{SubType, Trigger, TRIGGERS};
use crate::lexicon::events::{
    ABDUCTION, ANYONE, CANCELLERS, CIVILIANS, CIVILIAN_TARGETS, MILITARY_TARGETS, PEOPLE, PROPERTY,
    PROTEST_EXCESSIVE_FORCE, PROTEST_INTERVENTION, SEIZURE, WEAPONS, WEAPONS_SEIZURE,
};

use super::text::Token;
use SubType::Territory;

/// Words that make a trigger part of a name or a description, not an event ("the fight
/// against ISIS", "armed groups").
fn is_false_friend(words: &[&str], at: usize) -> bool {
    let w = words[at];
    let prev = if at > 0 { words[at - 1] } else { "" };
    let next = words.get(at + 1).copied().unwrap_or("");
    match w {
        "march" => prev.is_empty() || next.chars().next().is_some_and(|c| c.is_ascii_digit()),
        "battle" => next == "against" || next == "for",
        "offensive" => matches!(next, "weapons" | "capability" | "capabilities"),
        "rally" => prev == "to",
        "jets" => prev == "fighter" && next.is_empty(),
        "riot" => next == "police",
        // "explosives and a rifle were found at the scene", "recovered two bombs": weapons
        // found or taken, not set off
        "explosives" | "bombs" | "bomb" | "grenades" | "grenade" | "mines" => {
            const TAKEN: &[&str] = &[
                "found",
                "finding",
                "seized",
                "seizing",
                "recovered",
                "recovering",
                "confiscated",
                "discovered",
                "cache",
            ];
            words[at.saturating_sub(5)..(at + 6).min(words.len())]
                .iter()
                .any(|w| TAKEN.contains(w))
        }
        "gathered" => !words[..at].iter().any(|w| {
            matches!(
                *w,
                "thousands"
                    | "hundreds"
                    | "crowds"
                    | "crowd"
                    | "supporters"
                    | "protesters"
                    | "demonstrators"
                    | "residents"
            )
        }),
        _ => false,
    }
}

/// The triggers a word may start, found without trying every trigger at every word: by the
/// exact first word, and the few whose first word is a prefix ("clash*").
struct TriggerIndex {
    by_first_word: HashMap<&'static str, Vec<Indexed>>,
    by_prefix: Vec<(&'static str, Indexed)>,
}

/// A trigger, its place in [`TRIGGERS`] (the first of equals wins) and its words.
struct Indexed {
    order: usize,
    trigger: &'static Trigger,
    words: Vec<&'static str>,
}

static TRIGGER_INDEX: LazyLock<TriggerIndex> = LazyLock::new(|| {
    let mut by_first_word: HashMap<&'static str, Vec<_>> = HashMap::new();
    let mut by_prefix = Vec::new();
    for (order, trigger) in TRIGGERS.iter().enumerate() {
        let words: Vec<&'static str> = trigger.words.split(' ').collect();
        let first = words[0];
        let entry = Indexed {
            order,
            trigger,
            words,
        };
        match first.strip_suffix('*') {
            Some(prefix) => by_prefix.push((prefix, entry)),
            None => by_first_word.entry(first).or_default().push(entry),
        }
    }
    TriggerIndex {
        by_first_word,
        by_prefix,
    }
});

/// How many words of `words` from `at` the pattern's words match, if all do.
fn matches_at(pattern: &[&str], words: &[&str], at: usize) -> Option<usize> {
    let mut n = 0;
    for (k, p) in pattern.iter().enumerate() {
        let w = *words.get(at + k)?;
        let ok = match p.strip_suffix('*') {
            Some(prefix) => w.starts_with(prefix),
            None => w == *p,
        };
        if !ok {
            return None;
        }
        n = k + 1;
    }
    Some(n)
}

/// A trigger found in a clause, with its token position.
#[derive(Debug, Clone, Copy)]
pub struct Found {
    pub trigger: &'static Trigger,
    pub at: usize,
}

/// Every trigger in a clause that is not cancelled, in text order.
pub fn find(tokens: &[Token<'_>]) -> Vec<Found> {
    let words: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let index = &*TRIGGER_INDEX;
        let exact = index.by_first_word.get(words[i]).into_iter().flatten();
        let prefixed = index
            .by_prefix
            .iter()
            .filter(|(prefix, _)| words[i].starts_with(prefix))
            .map(|(_, e)| e);
        // the longest match, then the best rank, then the first listed
        let best = exact
            .chain(prefixed)
            .filter_map(|e| Some((e, matches_at(&e.words, &words, i)?)))
            .min_by_key(|(e, n)| (std::cmp::Reverse(*n), e.trigger.rank, e.order))
            .map(|(e, n)| (e.trigger, n));
        let Some((trig, n)) = best else {
            i += 1;
            continue;
        };
        let cancelled = words[i.saturating_sub(3)..i]
            .iter()
            .any(|w| CANCELLERS.contains(w))
            || is_false_friend(&words, i);
        if !cancelled {
            // ("seized two tankers" is property, though a number follows)
            let trig = if trig.sub_type == Territory && takes_weapons(&words, i + n) {
                &WEAPONS_SEIZURE
            } else if trig.sub_type == Territory && takes_property(&words, i + n) {
                &SEIZURE
            } else if trig.sub_type == Territory && takes_people(&words, i + n) {
                &ABDUCTION
            } else {
                trig
            };
            out.push(Found {
                trigger: trig,
                at: i,
            });
        }
        i += n;
    }
    out
}

/// The deciding trigger of a clause: the best rank, the first of equals.
///
/// What a protest is about is not a second event: after a protest word, the violence it
/// names ("rallied in protest at a wave of kidnappings") does not decide.
pub fn decide(found: &[Found]) -> Option<Found> {
    let protest_at = found
        .iter()
        .filter(|f| f.trigger.event_type == P)
        .map(|f| f.at)
        .min();
    found
        .iter()
        .copied()
        .filter(|f| protest_at.is_none_or(|p| f.at <= p || matches!(f.trigger.event_type, P | R)))
        .min_by_key(|f| (f.trigger.rank / 10, f.at))
}

/// The deciding trigger of a clause, as [`decide`], except in a protest the police or the
/// army meet with force: "police shot dead a man during protests against new taxes" is the
/// protest (ACLED's excessive force against protesters), not a battle.
pub fn decide_in(found: &[Found], tokens: &[Token<'_>]) -> Option<Found> {
    let decided = decide(found)?;
    if decided.trigger.event_type == P || !framed_by_protest(tokens) || !state_forces_act(tokens) {
        return Some(decided);
    }
    found
        .iter()
        .copied()
        .find(|f| f.trigger.event_type == P)
        .or(Some(decided))
}

/// "during protests", "amid anti-government demonstrations", "during a rally": a clause whose
/// violence happened at a protest.
fn framed_by_protest(tokens: &[Token<'_>]) -> bool {
    tokens.iter().enumerate().any(|(i, t)| {
        matches!(
            t.lower.as_str(),
            "protest" | "protests" | "demonstration" | "demonstrations" | "rally" | "rallies"
        ) && tokens[i.saturating_sub(3)..i]
            .iter()
            .any(|b| matches!(b.lower.as_str(), "during" | "amid"))
    })
}

/// The police or the army named in the clause (who, at a protest, act as the authorities).
fn state_forces_act(tokens: &[Token<'_>]) -> bool {
    tokens.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "police" | "policemen" | "troops" | "soldiers" | "army" | "gendarmes" | "riot"
        )
    })
}

/// "seized an oil tanker", "captured a weapons cache": property within the next words.
fn takes_property(words: &[&str], after: usize) -> bool {
    words[after..].iter().take(3).any(|w| PROPERTY.contains(w))
}

/// "seized a pistol and grenades", "seized weapons": weapons within the next words.
fn takes_weapons(words: &[&str], after: usize) -> bool {
    words[after..].iter().take(4).any(|w| WEAPONS.contains(w))
}

fn takes_people(words: &[&str], after: usize) -> bool {
    words[after..].iter().take(3).any(|w| {
        w.chars().next().is_some_and(|c| c.is_ascii_digit())
            || super::numbers::small_number(w).is_some()
            || PEOPLE.contains(w)
    })
}

/// Words for victims who are not combatants, and how sure they make it.
///
/// "civilians", "villagers", "children" name non-combatants outright; "people" or "men"
/// only when the clause names no military target ("a raid on a military base left 18
/// people dead" is a battle); a village, homes or a market as the target make an attack
/// one on civilians as well.
pub fn mentions_civilians(tokens: &[Token<'_>]) -> bool {
    let has = |list: &[&str]| tokens.iter().any(|t| list.contains(&t.lower.as_str()));
    has(CIVILIANS)
        || tokens.iter().any(|t| is_minor(&t.lower))
        || !has(MILITARY_TARGETS) && (has(ANYONE) || has(CIVILIAN_TARGETS))
}

/// An age under 18 ("a 17-year-old", "a ten-year-old"): a child, whatever noun follows.
fn is_minor(word: &str) -> bool {
    word.strip_suffix("-year-old").is_some_and(|age| {
        age.parse::<u64>()
            .ok()
            .or_else(|| super::numbers::small_number(age))
            .is_some_and(|n| n < 18)
    })
}

/// How a clause says the authorities met a protest, as ACLED's protest sub-type: deadly
/// force against protesters outranks an intervention (tear gas, arrests); `None` when it
/// says neither.
pub fn protest_response(tokens: &[Token<'_>]) -> Option<SubType> {
    let said = |list: &[&str]| {
        tokens.iter().enumerate().any(|(i, t)| {
            list.iter().any(|w| match w.split_once(' ') {
                Some((a, b)) => t.lower == a && tokens.get(i + 1).is_some_and(|n| n.lower == b),
                None => t.lower == *w,
            })
        })
    };
    if said(PROTEST_EXCESSIVE_FORCE) && (names_protesters(tokens) || framed_by_protest(tokens)) {
        Some(SubType::Fixed("Excessive force against protesters"))
    } else if said(PROTEST_INTERVENTION) {
        Some(SubType::Fixed("Protest with intervention"))
    } else {
        None
    }
}

/// How severe a protest's sub-type is: deadly force, then intervention, then none.
pub fn protest_severity(sub_type: SubType) -> u8 {
    match sub_type {
        SubType::Fixed("Excessive force against protesters") => 2,
        SubType::Fixed("Protest with intervention") => 1,
        _ => 0,
    }
}

/// Protesters named as one side ("police clashed with demonstrators"), or by what they do
/// ("fired on people protesting against the tax").
pub fn names_protesters(tokens: &[Token<'_>]) -> bool {
    tokens.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "protesters"
                | "protestors"
                | "demonstrators"
                | "rioters"
                | "protester"
                | "protestor"
                | "protesting"
                | "demonstrating"
        )
    })
}

/// Armed men named without a group's name ("gunmen", "militiamen", "gang members").
pub fn names_armed_men(tokens: &[Token<'_>]) -> bool {
    // "armed men", "armed assailants"
    let armed = tokens.windows(2).any(|w| {
        w[0].lower == "armed" && matches!(w[1].lower.as_str(), "men" | "assailants" | "attackers")
    });
    armed
        || tokens.iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "gunmen"
                    | "militants"
                    | "militiamen"
                    | "fighters"
                    | "soldiers"
                    | "troops"
                    | "rebels"
                    | "insurgents"
                    | "bandits"
                    | "gang"
                    | "gangs"
                    | "gangsters"
                    | "jihadists"
                    | "assailants"
                    | "attackers"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::super::text::tokens;
    use super::*;
    use crate::event::EventType::{
        self, Battles as B, ExplosionsRemoteViolence as E, StrategicDevelopments as S,
    };
    use crate::lexicon::events::{AIR, IED};

    fn kind(text: &str) -> Option<(EventType, SubType)> {
        let toks = tokens(text, 0);
        decide(&find(&toks)).map(|f| (f.trigger.event_type, f.trigger.sub_type))
    }

    #[test]
    fn stronger_words_decide() {
        assert_eq!(
            kind("militants captured Ramadi after a string of suicide car bombs").map(|k| k.0),
            Some(B)
        );
        assert_eq!(kind("killed in a car bomb attack"), Some((E, IED)));
        assert_eq!(kind("an air strike killed nine"), Some((E, AIR)));
        assert_eq!(kind("Israeli strikes killed a commander"), Some((E, AIR)));
        assert_ne!(
            kind("dockers went on strike on Monday").map(|k| k.0),
            Some(E)
        );
        assert_eq!(
            kind("troops attacked the village with an unmanned aerial vehicle"),
            Some((E, AIR))
        );
        assert_eq!(kind("a UAV hit the depot"), Some((E, AIR)));
        assert_eq!(
            kind("a soldier was killed when his truck struck a mine"),
            Some((E, IED))
        );
        assert_eq!(
            kind("Hundreds of people marched peacefully").map(|k| k.0),
            Some(P)
        );
        assert_eq!(
            kind("withdrew from the city without a fight").map(|k| k.0),
            Some(S)
        );
        assert_eq!(kind("the water minister visited the town"), None);
        assert_eq!(kind("ISIS threatened to attack the town"), None);
        assert_eq!(kind("the fight against ISIS"), None);
    }

    fn civilians(text: &str) -> bool {
        mentions_civilians(&tokens(text, 0))
    }

    #[test]
    fn victims_decide_who_was_attacked() {
        assert!(civilians("gunmen raided a hamlet and killed nine people"));
        assert!(!civilians(
            "an assault on an army outpost left 11 people dead"
        ));
        assert!(civilians("soldiers opened fire on civilians near the base"));
        assert!(civilians("rebels set houses alight in an arson attack"));
        assert!(civilians("a sniper shot dead a woman and her daughter"));
        assert!(civilians(
            "troops shot dead a 16-year-old near the checkpoint"
        ));
        assert!(civilians("a twelve-year-old was hit by shrapnel"));
        assert!(!civilians(
            "a 34-year-old fighter was killed at the army post"
        ));
    }
}
