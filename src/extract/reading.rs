//! What one clause tells of an incident: its type and sub-type, its fatalities, the actors
//! and which of them acted, and the words that gave each (the evidence). This stage reads a
//! clause on its own; [`super::incident`] decides which incident the reading belongs to.

use std::ops::Range;

use crate::event::EventType;

use super::kinds::{self, SubType};
use super::text::Token;
use super::{actors, numbers, toponyms};

/// The rank an attack takes once the clause says its victims were civilians (that of the
/// firm killing words, "shot dead").
const ATTACK_ON_CIVILIANS_RANK: u8 = 45;

/// Byte ranges of the report's words that gave a draft's fields (its evidence).
#[derive(Debug, Clone, Default)]
pub(super) struct Clues {
    pub place: Option<Range<usize>>,
    pub date: Option<Range<usize>>,
    pub event_type: Option<Range<usize>>,
    pub fatalities: Option<Range<usize>>,
}

impl Clues {
    /// Fills what `self` lacks from `other`.
    pub(super) fn fill(&mut self, other: &Clues) {
        for (mine, theirs) in [
            (&mut self.place, &other.place),
            (&mut self.date, &other.date),
            (&mut self.event_type, &other.event_type),
            (&mut self.fatalities, &other.fatalities),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
    }
}

/// The byte range of tokens `range` of a clause.
pub(super) fn byte_range(tokens: &[Token<'_>], range: Range<usize>) -> Option<Range<usize>> {
    let first = tokens.get(range.start)?;
    let last = tokens.get(range.end.checked_sub(1)?)?;
    Some(first.start..last.start + toponyms::bare(last.text).len())
}

/// What one clause tells of an incident, before it is known which draft it belongs to.
pub(super) struct Told<'a> {
    pub text: &'a str,
    pub clues: Clues,
    pub fatalities: Option<u32>,
    /// The toll is one person named without a number ("killed a senior commander"): the
    /// strike's target, which a count told later ("11 were killed in the strike") outgrows.
    pub implicit_count: bool,
    /// The toll is told as more dead beside one given before ("five attackers were also
    /// killed"): the two add up.
    pub adds_to_toll: bool,
    /// The side all the toll's dead belong to ("20 militants"), where the words say.
    pub side: Option<numbers::Side>,
    pub actors: Vec<(String, bool)>,
    pub actor1: Option<String>,
    pub event_type: EventType,
    pub sub_type: SubType,
    pub rank: u8,
    /// How the authorities met a protest, when the clause says ("used tear gas").
    pub protest_response: Option<SubType>,
}

fn type_of(
    tokens: &[Token<'_>],
    decider: kinds::Found,
    actors: &[actors::ActorMention],
    protest_response: Option<SubType>,
    deaths: bool,
) -> (EventType, SubType) {
    let t = decider.trigger;
    // "ambushed a bus and abducted 20 passengers": with no one killed, the abduction is what
    // was done to the civilians (ACLED's sub-type)
    let abducted = tokens
        .iter()
        .any(|w| w.lower.starts_with("abduct") || w.lower.starts_with("kidnap"));
    match t.sub_type {
        SubType::Attack if kinds::mentions_civilians(tokens) && abducted && !deaths => (
            EventType::ViolenceAgainstCivilians,
            SubType::Fixed("Abduction/forced disappearance"),
        ),
        SubType::Attack if kinds::mentions_civilians(tokens) => (
            EventType::ViolenceAgainstCivilians,
            SubType::Fixed("Attack"),
        ),
        SubType::Attack => (EventType::Battles, SubType::Fixed("Armed clash")),
        // "gunmen looted the market": armed men taking property, not a riot
        _ if t.event_type == EventType::Riots
            && matches!(
                t.words,
                "looted" | "set fire" | "torched" | "burned" | "burnt"
            )
            && !kinds::names_protesters(tokens)
            && (!actors.is_empty() || kinds::names_armed_men(tokens)) =>
        {
            // "gunmen killed two men and set fire to houses": the killing is the event
            if deaths && kinds::mentions_civilians(tokens) {
                (
                    EventType::ViolenceAgainstCivilians,
                    SubType::Fixed("Attack"),
                )
            } else {
                (
                    EventType::StrategicDevelopments,
                    SubType::Fixed("Looting/property destruction"),
                )
            }
        }
        // "police clashed with demonstrators": a violent demonstration, not a battle
        _ if t.event_type == EventType::Battles && kinds::names_protesters(tokens) => {
            (EventType::Riots, SubType::Fixed("Violent demonstration"))
        }
        // "police fired tear gas at the marchers": a protest with intervention
        _ if t.event_type == EventType::Protests => {
            (t.event_type, protest_response.unwrap_or(t.sub_type))
        }
        _ => (t.event_type, t.sub_type),
    }
}

/// The side that acts: the actor after "by", else the one right before the event word
/// ("ISIS car bomb"), else the first named before it unless the clause is passive.
fn pick_actor1(
    tokens: &[Token<'_>],
    actors: &[actors::ActorMention],
    trigger: usize,
) -> Option<String> {
    if let Some(a) = actors
        .iter()
        .find(|a| a.start > 0 && tokens[a.start - 1].lower == "by")
    {
        return Some(a.name.clone());
    }
    // victims: "killing two soldiers", "an attack on SDF positions"; and the other side of a
    // fight ("seized the town after clashes with the army"); but a side after a conjunction
    // starts a clause of its own ("were killed when gunmen opened fire")
    let victim = |a: &&actors::ActorMention| {
        let opens_clause = a.start > 0
            && matches!(
                tokens[a.start - 1].lower.as_str(),
                "when" | "as" | "after" | "while" | "because"
            );
        // ("Members of the ELN attacked …": a group noun opening the clause is its subject)
        // ("Two members of the SDF were killed" still counts them)
        let subject_of = (1..=3).any(|k| {
            a.start >= k
                && tokens[a.start - k].lower == "of"
                && a.start - k <= 2
                && !tokens[..a.start - k]
                    .iter()
                    .any(|t| t.is_number() || numbers::small_number(&t.lower).is_some())
        });
        !opens_clause
            && !subject_of
            && tokens[a.start.saturating_sub(2)..a.start].iter().any(|t| {
                t.is_number()
                    || numbers::small_number(&t.lower).is_some()
                    || matches!(
                        t.lower.as_str(),
                        "killing"
                            | "killed"
                            | "targeting"
                            | "targeted"
                            | "on"
                            | "against"
                            | "wounding"
                            | "of"
                            | "attacked"
                            | "attacking"
                            | "ambushed"
                            | "stormed"
                            | "raided"
                            | "with"
                            // "hurled a grenade at a police vehicle"
                            | "at"
                    )
            })
    };
    // "ISIS car bomb", and "Russian missiles" where the force names the weapon itself; not
    // a victim told before the event words ("killing 23 soldiers in a suicide bombing"), nor
    // the subject of a passive ("two SDF fighters were killed")
    let joined_to_event = |a: &&actors::ActorMention| {
        a.end <= trigger
            && trigger - a.end <= 2
            && !tokens[a.end..trigger].iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "in" | "at" | "on" | "of" | "was" | "were" | "been" | "is" | "are" | "near"
                )
            })
            && !victim(a)
            || a.start <= trigger && trigger < a.end
    };
    if let Some(a) = actors.iter().find(joined_to_event) {
        return Some(a.name.clone());
    }
    // "militants attacked a school and a military airport", "a roadside bomb hit an army
    // patrol": what an attack verb at or after the event words takes is its target
    let attack_verb =
        |t: &Token<'_>| crate::lexicon::events::ATTACK_VERBS.contains(&t.lower.as_str());
    let target = |a: &&actors::ActorMention| {
        a.start > trigger
            && tokens[trigger..a.start]
                .iter()
                .rev()
                .take(6)
                .any(&attack_verb)
    };
    let actors: Vec<&actors::ActorMention> = {
        let agents: Vec<_> = actors
            .iter()
            .filter(|a| !victim(a) && !is_speaker(tokens, a, trigger) && !target(a))
            .collect();
        if agents.is_empty() {
            return None;
        }
        agents
    };
    let passive = tokens
        .iter()
        .any(|t| matches!(t.lower.as_str(), "were" | "was" | "been"))
        && tokens.iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "killed" | "wounded" | "hit" | "targeted" | "attacked"
            )
        });
    if passive {
        actors
            .iter()
            .find(|a| a.start > trigger)
            .map(|a| a.name.clone())
    } else {
        actors.first().map(|a| a.name.clone())
    }
}

/// Whether an actor mention is the source that tells of the event, not a side of it: "…, the
/// army said" after the event words (or after a comma: "…, the army said, in a rare assault"),
/// "a Taliban spokesman said", or "security forces in X said militants killed four" before
/// them, unless it speaks of itself ("the Houthis said they had fired a missile").
fn is_speaker(tokens: &[Token<'_>], a: &actors::ActorMention, trigger: usize) -> bool {
    let after_comma = |start: usize| {
        let mut j = start;
        if j > 0 && tokens[j - 1].lower == "the" {
            j -= 1;
        }
        j > 0 && tokens[j - 1].punct_after
    };
    let says_at = |i: usize| {
        tokens
            .get(i)
            .is_some_and(|t| toponyms::SPEECH_AFTER.contains(&t.lower.as_str()))
    };
    let role_at = |i: usize| {
        tokens
            .get(i)
            .is_some_and(|t| SPEAKING_ROLES.contains(&t.lower.as_str()))
    };
    let speaks_first = a.end <= trigger
        && (a.end..trigger)
            .take(6)
            .find(|&i| says_at(i))
            .is_some_and(|s| {
                !tokens[s + 1..trigger].iter().any(|t| {
                    matches!(
                        t.lower.as_str(),
                        "they" | "it" | "we" | "he" | "she" | "its" | "their" | "our"
                    )
                })
            });
    (a.start > trigger || after_comma(a.start))
        && (says_at(a.end)
            || role_at(a.end) && (says_at(a.end + 1) || role_at(a.end + 1) && says_at(a.end + 2)))
        || speaks_first
}

/// Nouns of one who speaks for a side ("a Taliban spokesman said", "the US military said",
/// "Israeli military officials told").
const SPEAKING_ROLES: &[&str] = &[
    "military",
    "army",
    "navy",
    "ministry",
    "command",
    "government",
    "authorities",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "commander",
    "commanders",
    "source",
    "sources",
    "statement",
    "leader",
    "leaders",
];

/// Words that say where an incident told before took place.
pub(super) fn locates_incident(tokens: &[Token<'_>]) -> bool {
    tokens
        .windows(2)
        .any(|w| w[0].lower == "took" && w[1].lower == "place")
        || tokens
            .iter()
            .any(|t| matches!(t.lower.as_str(), "happened" | "occurred" | "occured"))
}

/// Reads a clause whose event words are `decider`: `text` is the clause, `date_words` the
/// words that dated it, `home` the demonym of the report's country (its forces are state
/// actors).
pub(super) fn read_clause<'a>(
    tokens: &[Token<'_>],
    text: &'a str,
    decider: kinds::Found,
    date_words: Option<Range<usize>>,
    home: Option<&str>,
) -> Told<'a> {
    let actor_mentions = actors::find(tokens, home);
    let protest_response = kinds::protest_response(tokens);
    let toll = numbers::fatalities_with_source(tokens);
    let side = toll.as_ref().and_then(|t| t.side);
    let counted = toll.map(|t| (t.count, t.first));
    let deaths = counted.as_ref().is_some_and(|(n, _)| *n > 0);
    let (event_type, sub_type) =
        type_of(tokens, decider, &actor_mentions, protest_response, deaths);
    // a protest met by no force that names deaths after its purpose tells what it is about,
    // not its own toll ("marched to mourn a commander killed last week", "protested over
    // the killing of two students"); "four died as thousands marched" is its toll
    // ("the killing of", "the deaths of": what the protest is over; "…, killing four" is its
    // own toll)
    let about = |r: &Range<usize>| {
        tokens[..r.start].iter().enumerate().any(|(k, t)| {
            matches!(
                t.lower.as_str(),
                "mourn" | "mourned" | "mourning" | "commemorate" | "honour" | "honor" | "remember"
            ) || matches!(
                t.lower.as_str(),
                "killing" | "killings" | "murder" | "death" | "deaths"
            ) && tokens.get(k + 1).is_some_and(|n| n.lower == "of")
        })
    };
    let counted = counted.filter(|(_, r)| {
        !(event_type == EventType::Protests && protest_response.is_none() && about(r))
    });
    let trigger_len = decider.trigger.words.split(' ').count();
    Told {
        text,
        clues: Clues {
            place: None,
            date: date_words,
            event_type: byte_range(tokens, decider.at..decider.at + trigger_len),
            fatalities: counted
                .as_ref()
                .and_then(|(_, r)| byte_range(tokens, r.clone())),
        },
        implicit_count: counted.as_ref().is_some_and(|(n, r)| {
            *n == 1
                && tokens
                    .get(r.start)
                    .is_some_and(|t| matches!(t.lower.as_str(), "a" | "an"))
        }),
        adds_to_toll: counted
            .as_ref()
            .is_some_and(|(_, r)| numbers::adds_to_earlier_toll(tokens, r.clone())),
        side: side.filter(|_| counted.is_some()),
        fatalities: counted.map(|(n, _)| n),
        // a side named only as the source ("…, the US military said") is no side of it
        actors: actor_mentions
            .iter()
            .filter(|a| {
                actor_mentions
                    .iter()
                    .any(|b| b.name == a.name && !is_speaker(tokens, b, decider.at))
            })
            .map(|a| (a.name.clone(), a.state))
            .collect(),
        actor1: pick_actor1(tokens, &actor_mentions, decider.at),
        event_type,
        sub_type,
        // an attack on civilians is as firm as "shot dead": no later word retypes it
        rank: if event_type == EventType::ViolenceAgainstCivilians {
            decider.trigger.rank.min(ATTACK_ON_CIVILIANS_RANK)
        } else {
            decider.trigger.rank
        },
        protest_response,
    }
}

impl Told<'_> {
    /// This reading placing an incident told before without a place ("the attack occurred
    /// in X"): the earlier toll holds unless this clause gives its own, and so do the earlier
    /// sides when this clause names none ("Israeli jets struck targets …, killing three. One
    /// of the strikes hit a car near X").
    pub(super) fn placing(self, earlier: &Told<'_>) -> Self {
        let mut clues = self.clues.clone();
        if self.fatalities.is_none() {
            clues.fatalities = earlier.clues.fatalities.clone();
        }
        Told {
            fatalities: self.fatalities.or(earlier.fatalities),
            implicit_count: if self.fatalities.is_some() {
                self.implicit_count
            } else {
                earlier.implicit_count
            },
            adds_to_toll: self.fatalities.is_some() && self.adds_to_toll,
            side: if self.fatalities.is_some() {
                self.side
            } else {
                earlier.side
            },
            clues,
            ..self.with_sides_of(earlier)
        }
    }

    /// This reading with the sides of an earlier one when it names none.
    pub(super) fn with_sides_of(self, earlier: &Told<'_>) -> Self {
        if self.actors.is_empty() && self.actor1.is_none() {
            Told {
                actors: earlier.actors.clone(),
                actor1: earlier.actor1.clone(),
                ..self
            }
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::tokens;
    use super::*;

    fn read(clause: &str) -> Told<'_> {
        let tokens = tokens(clause, 0);
        let found = kinds::find(&tokens);
        let decider = kinds::decide(&found).expect("an event word");
        read_clause(&tokens, clause, decider, None, None)
    }

    #[test]
    fn a_side_named_only_as_the_source_is_no_side() {
        let told =
            read("Houthi rebels fired two missiles at a cargo ship, killing three sailors, the US military said");
        let names: Vec<&str> = told.actors.iter().map(|a| a.0.as_str()).collect();
        assert_eq!(names, ["Houthis"]);
        assert_eq!(told.fatalities, Some(3));
        // a side that fights and then speaks stays a side
        let told = read("Soldiers clashed with Houthi fighters near the port, the Houthis said");
        assert!(
            told.actors.iter().any(|a| a.0 == "Houthis"),
            "{:?}",
            told.actors
        );
    }

    #[test]
    fn a_clause_gives_type_toll_actors_and_the_words_of_each() {
        let clause = "Militants shot dead four farmers near the well";
        let told = read(clause);
        assert_eq!(told.event_type, EventType::ViolenceAgainstCivilians);
        assert_eq!(told.fatalities, Some(4));
        let words = |r: &Option<Range<usize>>| r.clone().map(|r| &clause[r]);
        assert_eq!(words(&told.clues.event_type), Some("shot dead"));
        assert_eq!(words(&told.clues.fatalities), Some("four"));
    }

    #[test]
    fn the_actor_after_by_acts_and_a_victim_does_not() {
        let told = read("Two soldiers were killed by al-Shabaab fighters in an ambush");
        assert_eq!(told.actor1.as_deref(), Some("al-Shabaab"));
        assert!(told.actors.iter().any(|(n, _)| n == "al-Shabaab"));
    }

    #[test]
    fn an_attack_on_civilians_is_typed_so_and_kept_firm() {
        let told = read("Gunmen attacked a convoy of civilians on the road");
        assert_eq!(told.event_type, EventType::ViolenceAgainstCivilians);
        assert!(told.rank <= ATTACK_ON_CIVILIANS_RANK);
        let clash = read("Gunmen attacked an army post on the road");
        assert_eq!(clash.event_type, EventType::Battles);
    }

    #[test]
    fn a_clause_that_places_an_earlier_incident_keeps_its_toll() {
        let earlier = read("Three people were killed in a blast");
        let later = read("The explosion happened at a market").placing(&earlier);
        assert_eq!(later.fatalities, Some(3));
        assert!(later.clues.fatalities.is_some());
    }
}
