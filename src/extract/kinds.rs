//! Event type and sub-type (ACLED's taxonomy) from the words that carry them.
//!
//! Each trigger is a short word sequence (a trailing `*` matches any ending) with a type, a
//! sub-type and a rank. In a clause the best-ranked trigger decides: taking ground and armed
//! clashes outrank the weapons used in them ("captured Ramadi after suicide car bombs" is a
//! battle), weapons outrank plain killing, and a weak word ("attack", "killed") only decides
//! when nothing stronger is there. Triggers under negation or intent ("threatened to attack",
//! "without a fight") do not count.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::event::EventType;

use super::text::Token;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubType {
    Fixed(&'static str),
    /// Taking ground: "Government regains territory" for state forces, else
    /// "Non-state actor overtakes territory".
    Territory,
    /// A bare attack or killing: on civilians it is violence against civilians, otherwise an
    /// armed clash.
    Attack,
}

#[derive(Debug, Clone, Copy)]
pub struct Trigger {
    pub words: &'static str,
    pub event_type: EventType,
    pub sub_type: SubType,
    /// Lower wins.
    pub rank: u8,
}

use EventType::{
    Battles as B, ExplosionsRemoteViolence as E, Protests as P, Riots as R,
    StrategicDevelopments as S, ViolenceAgainstCivilians as V,
};
use SubType::{Attack, Fixed, Territory};

const fn t(words: &'static str, event_type: EventType, sub_type: SubType, rank: u8) -> Trigger {
    Trigger {
        words,
        event_type,
        sub_type,
        rank,
    }
}

const SHELL: SubType = Fixed("Shelling/artillery/missile attack");
const AIR: SubType = Fixed("Air/drone strike");
const IED: SubType = Fixed("Remote explosive/landmine/IED");
const SUICIDE: SubType = Fixed("Suicide bomb");
const CLASH: SubType = Fixed("Armed clash");
const PEACEFUL: SubType = Fixed("Peaceful protest");

pub const TRIGGERS: &[Trigger] = &[
    // taking ground
    t("captured", B, Territory, 10),
    t("capture of", B, Territory, 10),
    t("seized", B, Territory, 10),
    t("seizing", B, Territory, 10),
    t("recaptured", B, Territory, 10),
    t("recapture*", B, Territory, 10),
    t("retook", B, Territory, 10),
    t("retaken", B, Territory, 10),
    t("overran", B, Territory, 10),
    t("overrun", B, Territory, 10),
    t("stormed", B, Attack, 90),
    t("fell to", B, Territory, 10),
    t("took control", B, Territory, 10),
    t("taken control", B, Territory, 10),
    t("taken full control", B, Territory, 10),
    t("took full control", B, Territory, 10),
    t("gained control", B, Territory, 10),
    t("regained control", B, Territory, 10),
    t("took over", B, Territory, 10),
    t("liberated", B, Territory, 10),
    t("liberation of", B, Territory, 10),
    t("entered", B, Territory, 11),
    t("advanced into", B, Territory, 11),
    t("pushed into", B, Territory, 11),
    // fighting
    t("clash*", B, CLASH, 20),
    t("fighting", B, CLASH, 20),
    t("fought", B, CLASH, 20),
    t("battle*", B, CLASH, 20),
    t("gun battle*", B, CLASH, 20),
    t("gunbattle*", B, CLASH, 20),
    t("firefight*", B, CLASH, 20),
    t("exchange of fire", B, CLASH, 20),
    t("exchanged fire", B, CLASH, 20),
    t("repelled", B, CLASH, 20),
    t("repulsed", B, CLASH, 20),
    t("ambush*", B, Attack, 20),
    t("offensive", B, CLASH, 21),
    t("assault on", B, CLASH, 22),
    // explosions and remote violence
    t("suicide bomb*", E, SUICIDE, 30),
    t("suicide attack*", E, SUICIDE, 30),
    t("suicide car bomb*", E, SUICIDE, 30),
    t("suicide truck bomb*", E, SUICIDE, 30),
    t("suicide bomber*", E, SUICIDE, 30),
    t("self-detonated", E, SUICIDE, 30),
    t("blew himself up", E, SUICIDE, 30),
    t("blew herself up", E, SUICIDE, 30),
    t("chemical attack*", E, Fixed("Chemical weapon"), 30),
    t("chlorine", E, Fixed("Chemical weapon"), 30),
    t("sarin", E, Fixed("Chemical weapon"), 30),
    t("air strike*", E, AIR, 31),
    t("airstrike*", E, AIR, 31),
    t("air-strike*", E, AIR, 31),
    t("air raid*", E, AIR, 31),
    t("airraid*", E, AIR, 31),
    t("drone strike*", E, AIR, 31),
    t("drone attack*", E, AIR, 31),
    t("drones", E, AIR, 32),
    t("unmanned aerial vehicle*", E, AIR, 32),
    t("uav*", E, AIR, 32),
    t("quadcopter*", E, AIR, 32),
    t("drone", E, AIR, 32),
    t("warplanes", E, AIR, 31),
    t("jets", E, AIR, 32),
    t("bombed", E, AIR, 32),
    t("bombing raid*", E, AIR, 31),
    t("helicopter gunship*", E, AIR, 31),
    t("barrel bomb*", E, AIR, 31),
    t("car bomb*", E, IED, 31),
    t("truck bomb*", E, IED, 31),
    t("vehicle bomb*", E, IED, 31),
    t("blew up", E, IED, 32),
    t("packed with explosives", E, IED, 31),
    t("explosives", E, IED, 33),
    t("explosives-laden", E, IED, 31),
    t("explosive-laden", E, IED, 31),
    t("vbied*", E, IED, 31),
    t("ied*", E, IED, 31),
    t("roadside bomb*", E, IED, 31),
    t("landmine*", E, IED, 31),
    t("struck a mine", E, IED, 31),
    t("hit a mine", E, IED, 31),
    t("ran over a mine", E, IED, 31),
    t("mine blast*", E, IED, 31),
    t("mine explosion*", E, IED, 31),
    t("land mine*", E, IED, 31),
    t("explosive device*", E, IED, 31),
    t("booby trap*", E, IED, 31),
    t("booby-trapped", E, IED, 31),
    t("bomb blast*", E, IED, 31),
    t("bomb exploded", E, IED, 31),
    t("bombing", E, IED, 33),
    t("bomb", E, IED, 33),
    t("bombs", E, IED, 33),
    t("explosion*", E, IED, 33),
    t("exploded", E, IED, 33),
    t("blast", E, IED, 33),
    t("detonated", E, IED, 33),
    t("grenade*", E, Fixed("Grenade"), 31),
    t("shelling", E, SHELL, 31),
    t("shelled", E, SHELL, 31),
    t("shells", E, SHELL, 31),
    t("artillery", E, SHELL, 31),
    t("mortar*", E, SHELL, 31),
    t("rocket*", E, SHELL, 31),
    t("missile*", E, SHELL, 31),
    t("bombard*", E, SHELL, 31),
    t("pounded", E, SHELL, 32),
    t("shot down", E, SHELL, 32),
    // violence against civilians
    t("abduct*", V, Fixed("Abduction/forced disappearance"), 40),
    t("kidnap*", V, Fixed("Abduction/forced disappearance"), 40),
    t(
        "taken hostage",
        V,
        Fixed("Abduction/forced disappearance"),
        40,
    ),
    t("raped", V, Fixed("Sexual violence"), 40),
    t("rape", V, Fixed("Sexual violence"), 40),
    t("sexual violence", V, Fixed("Sexual violence"), 40),
    t("massacre*", V, Fixed("Attack"), 40),
    t("executed", V, Fixed("Attack"), 40),
    t("behead*", V, Fixed("Attack"), 40),
    t("shot dead", V, Attack, 45),
    t("hacked to death", V, Fixed("Attack"), 42),
    t("hacked", V, Fixed("Attack"), 44),
    t("arson", B, Attack, 41),
    t("stabbed to death", V, Fixed("Attack"), 42),
    t("beaten to death", V, Fixed("Attack"), 42),
    t("burned to death", V, Fixed("Attack"), 42),
    t("burnt to death", V, Fixed("Attack"), 42),
    t("gunned down", V, Attack, 45),
    t("stabbed", V, Attack, 45),
    t("lynched", R, Fixed("Mob violence"), 50),
    // riots and protests
    t("riot*", R, Fixed("Violent demonstration"), 50),
    t("petrol bomb*", R, Fixed("Violent demonstration"), 29),
    t("molotov*", R, Fixed("Violent demonstration"), 29),
    t("burned tyres", R, Fixed("Violent demonstration"), 29),
    t("burned tires", R, Fixed("Violent demonstration"), 29),
    t("threw stones", R, Fixed("Violent demonstration"), 29),
    t("rioter*", R, Fixed("Violent demonstration"), 50),
    t("mob", R, Fixed("Mob violence"), 50),
    t("looted", R, Fixed("Violent demonstration"), 52),
    t("set fire", R, Fixed("Violent demonstration"), 52),
    t("torched", R, Fixed("Violent demonstration"), 52),
    t("protest*", P, PEACEFUL, 60),
    t("demonstrat*", P, PEACEFUL, 60),
    t("rally", P, PEACEFUL, 60),
    t("rallied", P, PEACEFUL, 60),
    t("rallies", P, PEACEFUL, 60),
    t("marched", P, PEACEFUL, 60),
    t("march", P, PEACEFUL, 61),
    t("sit-in", P, PEACEFUL, 60),
    t("staged a protest", P, PEACEFUL, 60),
    t("gathered", P, PEACEFUL, 62),
    t("took to the streets", P, PEACEFUL, 60),
    // strategic developments (agreements are left out: where a ceasefire is signed is not
    // where the conflict is, and a map point there misleads)
    t("arrested", S, Fixed("Arrests"), 70),
    t("arrests", S, Fixed("Arrests"), 70),
    t("detained", S, Fixed("Arrests"), 70),
    t("defused", S, Fixed("Disrupted weapons use"), 72),
    t("dismantled", S, Fixed("Disrupted weapons use"), 72),
    t("weapons cache", S, Fixed("Disrupted weapons use"), 72),
    t(
        "withdrew from",
        S,
        Fixed("Non-violent transfer of territory"),
        73,
    ),
    t(
        "handed over",
        S,
        Fixed("Non-violent transfer of territory"),
        73,
    ),
    t(
        "set up a base",
        S,
        Fixed("Headquarters or base established"),
        73,
    ),
    // weak words
    t("attack*", B, Attack, 90),
    t("assault*", B, Attack, 91),
    t("opened fire", B, Attack, 90),
    t("fired on", B, Attack, 90),
    t("gunmen", B, Attack, 92),
    t("raid*", B, Attack, 91),
    t("sniper*", V, Attack, 45),
    t("killed", B, Attack, 95),
    t("killing", B, Attack, 95),
    t("dead", B, Attack, 96),
    t("died", B, Attack, 96),
];

/// Words before a trigger that cancel it ("threatened to attack", "without a fight").
const CANCELLERS: &[&str] = &[
    "threatened",
    "threatens",
    "threaten",
    "vowed",
    "vows",
    "warned",
    "warns",
    "plan",
    "plans",
    "planned",
    "planning",
    "could",
    "would",
    "might",
    "no",
    "not",
    "without",
    "denied",
    "deny",
    "denies",
    "feared",
    "fears",
    "prevent",
    "preventing",
    "foiled",
    "thwarted",
    "anniversary",
    "commemorate",
    "commemorated",
];

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
            let trig = if trig.sub_type == Territory && takes_people(&words, i + n) {
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

/// "seized 40 pupils", "captured two aid workers": taking people, not ground.
static ABDUCTION: Trigger = t("abducted", V, Fixed("Abduction/forced disappearance"), 40);

fn takes_people(words: &[&str], after: usize) -> bool {
    words[after..].iter().take(3).any(|w| {
        w.chars().next().is_some_and(|c| c.is_ascii_digit())
            || super::numbers::small_number(w).is_some()
            || PEOPLE.contains(w)
    })
}

/// Nouns for people (victims, hostages, the dead).
pub const PEOPLE: &[&str] = &[
    "people",
    "civilians",
    "pupils",
    "students",
    "schoolgirls",
    "schoolchildren",
    "children",
    "women",
    "men",
    "villagers",
    "worshippers",
    "passengers",
    "workers",
    "hostages",
    "farmers",
    "soldiers",
    "policemen",
    "officers",
    "fighters",
    "residents",
    "journalists",
    "traders",
];

/// Words for victims who are not combatants, and how sure they make it.
///
/// "civilians", "villagers", "children" name non-combatants outright; "people" or "men"
/// only when the clause names no military target ("a raid on a military base left 18
/// people dead" is a battle); a village, homes or a market as the target make an attack
/// one on civilians as well.
pub fn mentions_civilians(tokens: &[Token<'_>]) -> bool {
    let has = |list: &[&str]| tokens.iter().any(|t| list.contains(&t.lower.as_str()));
    has(CIVILIANS) || !has(MILITARY_TARGETS) && (has(ANYONE) || has(CIVILIAN_TARGETS))
}

/// Protesters named as one side ("police clashed with demonstrators").
pub fn names_protesters(tokens: &[Token<'_>]) -> bool {
    tokens.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "protesters" | "protestors" | "demonstrators" | "rioters" | "protester" | "protestor"
        )
    })
}

/// Armed men named without a group's name ("gunmen", "militiamen").
pub fn names_armed_men(tokens: &[Token<'_>]) -> bool {
    tokens.iter().any(|t| {
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
        )
    })
}

/// Non-combatants by name.
const CIVILIANS: &[&str] = &[
    "civilians",
    "civilian",
    "woman",
    "child",
    "daughter",
    "son",
    "mother",
    "father",
    "wife",
    "husband",
    "baby",
    "infant",
    "teenager",
    "villager",
    "farmer",
    "shepherd",
    "student",
    "boy",
    "girl",
    "villagers",
    "worshippers",
    "worshipers",
    "residents",
    "children",
    "women",
    "farmers",
    "passengers",
    "students",
    "pupils",
    "journalists",
    "aid",
    "shoppers",
    "mourners",
    "families",
    "herders",
    "displaced",
    "refugees",
    "patients",
    "teachers",
    "fishermen",
    "traders",
    "vendors",
    "merchants",
    "shopkeepers",
    "pilgrims",
    "miners",
];

/// People of any kind: civilians unless the target was military.
const ANYONE: &[&str] = &["people", "men", "persons"];

/// Targets that make an attack one on civilians.
const CIVILIAN_TARGETS: &[&str] = &[
    "village", "villages", "homes", "houses", "market", "farms", "hamlet", "camp",
];

/// Targets and victims that make an attack a battle.
const MILITARY_TARGETS: &[&str] = &[
    "base",
    "bases",
    "barracks",
    "outpost",
    "outposts",
    "checkpoint",
    "checkpoints",
    "soldiers",
    "troops",
    "military",
    "army",
    "policemen",
    "station",
    "convoy",
    "patrol",
    "positions",
];

#[cfg(test)]
mod tests {
    use super::super::text::tokens;
    use super::*;

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
    }
}
