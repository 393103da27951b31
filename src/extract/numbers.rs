//! Fatality counts: numerals and number words tied to the words that report deaths.
//!
//! Each number in a clause is given to the verb that governs it: the death or injury word
//! right before it ("killing at least 12", "wounding 5") or else the next one after it
//! ("two soldiers and three fighters were killed"). The numbers given to death words are
//! summed; injuries, arrests and people displaced are not counted. Vague amounts follow
//! ACLED's coding rules: "dozens" counts 12, "hundreds" 100, "several" 3 (ACLED codebook).

use super::text::Token;

pub use crate::lexicon::number_word as small_number;

/// The value of a number token, and how many tokens it spans ("two hundred", "1,200").
fn number_at(tokens: &[Token<'_>], i: usize) -> Option<(u64, usize)> {
    let w = tokens[i].lower.as_str();
    let value = if tokens[i].is_number() {
        w.replace(',', "").parse::<f64>().ok().map(|v| v as u64)?
    } else if let Some(v) = small_number(w) {
        v
    } else {
        return match w {
            "dozen" if i > 0 && tokens[i - 1].lower == "a" => Some((12, 1)),
            "dozens" => Some((12, 1)),
            "hundreds" => Some((100, 1)),
            "several" | "scores" => Some((3, 1)),
            _ => None,
        };
    };
    match tokens.get(i + 1).map(|t| t.lower.as_str()) {
        Some("hundred") => Some((value * 100, 2)),
        Some("thousand") => Some((value * 1000, 2)),
        _ => Some((value, 1)),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verb {
    Death,
    Other,
}

fn verb(word: &str) -> Option<Verb> {
    const DEATH: &[&str] = &[
        "losing",
        "lost",
        "beheading",
        "executing",
        "massacring",
        "killed",
        "killing",
        "kill",
        "kills",
        "dead",
        "died",
        "die",
        "dies",
        "deaths",
        "death",
        "lives",
        "slain",
        "executed",
        "massacred",
        "beheaded",
        "fatalities",
        "bodies",
        "perished",
        "toll",
        // South Asian usage: "three policemen were martyred", "embraced martyrdom"
        "martyred",
        "martyrdom",
        // army communiqués in the Sahel: "neutralising about 20 terrorists"
        "neutralised",
        "neutralized",
        "neutralising",
        "neutralizing",
    ];
    const OTHER: &[&str] = &[
        "wounded",
        "wounding",
        "injured",
        "injuring",
        "injuries",
        "hurt",
        "missing",
        "arrested",
        "detained",
        "abducted",
        "kidnapped",
        "captured",
        "displaced",
        "fled",
        "sheltering",
        "rescued",
        "freed",
        "released",
        "evacuated",
        "hospitalised",
        "hospitalized",
        "treated",
    ];
    if DEATH.contains(&word) {
        Some(Verb::Death)
    } else if OTHER.contains(&word) {
        Some(Verb::Other)
    } else {
        None
    }
}

/// Words that may stand between a verb and the number it governs ("killing at least 12",
/// "the toll rose to 20").
const FILLERS: &[&str] = &[
    "between",
    "at",
    "least",
    "more",
    "than",
    "about",
    "some",
    "nearly",
    "almost",
    "around",
    "over",
    "up",
    "to",
    "rose",
    "climbed",
    "reached",
    "of",
    "was",
    "is",
    "has",
    "had",
    "stood",
    "an",
    "estimated",
    "another",
    "a",
    "further",
    "approximately",
    "roughly",
    "as",
    "many",
];

/// Words after a number that make it something other than a head count.
const NOT_PEOPLE: &[&str] = &[
    "checkpoints",
    "positions",
    "posts",
    "bases",
    "outposts",
    "schools",
    "shops",
    "trucks",
    "cars",
    "boats",
    "mosques",
    "churches",
    "districts",
    "provinces",
    "border",
    "homes",
    "hospitals",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "hour",
    "hours",
    "minute",
    "minutes",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "mile",
    "metres",
    "meters",
    "percent",
    "%",
    "times",
    "am",
    "pm",
    "gmt",
    "o'clock",
    "rockets",
    "missiles",
    "shells",
    "drones",
    "vehicles",
    "houses",
    "buildings",
    "villages",
    "towns",
    "tanks",
    "bombs",
    "attacks",
    "strikes",
    "airstrikes",
    "raids",
    "devices",
    "ieds",
    "mines",
    "grenades",
    "rounds",
    "explosions",
    "blasts",
    "bombings",
    "planes",
    "helicopters",
    "aircraft",
    "jets",
    "weapons",
    "motorcycles",
    "targets",
    "sites",
    "locations",
    "facilities",
    "depots",
    "warehouses",
    "ships",
    "vessels",
    "tunnels",
    "launchers",
    "bridges",
    // the sides of a fight ("clashes between two militias killed 14"), never its dead
    "militias",
    "factions",
    "clans",
    "tribes",
    "gangs",
    "sides",
    "armies",
];

/// Deaths reported in a clause, if it reports any number of them.
/// Most words between a counted number and one joined to it by "and" ("two soldiers of the
/// elite brigade and three fighters").
const MAX_JOIN_GAP: usize = 7;

pub fn fatalities(tokens: &[Token<'_>]) -> Option<u32> {
    fatalities_with_source(tokens).map(|t| t.count)
}

/// Which side a count of the dead belongs to, where the noun after it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Soldiers, police: the state's forces.
    State,
    /// Militants, rebels, attackers: armed men not of the state.
    Armed,
    /// Civilians, villagers, passengers.
    Civilian,
}

/// The side the noun after a count names ("20 militants", "two Nigerien soldiers"), looking
/// past up to two words; `None` for "people" or a noun that names no side. Civilians are
/// the nouns the event types already read as civilians
/// ([`crate::lexicon::events::CIVILIANS`]).
fn side_after(tokens: &[Token<'_>], from: usize) -> Option<Side> {
    use crate::lexicon::events::CIVILIANS;
    tokens[from.min(tokens.len())..]
        .iter()
        .take(3)
        .find_map(|t| match t.lower.as_str() {
            "soldiers" | "soldier" | "troops" | "policemen" | "policeman" | "officers"
            | "gendarmes" | "servicemen" | "personnel" => Some(Side::State),
            "militants" | "militant" | "insurgents" | "fighters" | "attackers" | "assailants"
            | "gunmen" | "rebels" | "jihadists" | "terrorists" | "bandits" | "extremists" => {
                Some(Side::Armed)
            }
            w if CIVILIANS.contains(&w) => Some(Side::Civilian),
            _ => None,
        })
}

/// A clause's toll: the dead it counts, the token range of the first number counted (the
/// evidence), and the side all its dead belong to when one noun names it for every count.
#[derive(Debug, Clone)]
pub struct Toll {
    pub count: u32,
    pub first: std::ops::Range<usize>,
    pub side: Option<Side>,
}

/// [`fatalities`], and the token range of the first number counted in it (the evidence) and
/// the side its dead belong to.
pub fn fatalities_with_source(tokens: &[Token<'_>]) -> Option<Toll> {
    // the side of every count so far: `Some(None)` once two counts disagree or one names none
    let mut side: Option<Option<Side>> = None;
    let mut first: Option<std::ops::Range<usize>> = None;
    let mut total: Option<u64> = None;
    let mut last_role: Option<Verb> = None;
    let mut last_at: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        let Some((mut value, mut span)) = number_at(tokens, i).or_else(|| one_person(tokens, i))
        else {
            i += 1;
            continue;
        };
        // "killed between seven and 10 people": one count, the lower (the firm figure)
        // (not an age: "aged between 14 and 17")
        let range_end =
            (i > 0 && tokens[i - 1].lower == "between" && (i < 2 || tokens[i - 2].lower != "aged"))
                .then(|| tokens.get(i + span).filter(|t| t.lower == "and"))
                .flatten()
                .and_then(|_| number_at(tokens, i + span + 1));
        if let Some((high, high_span)) = range_end {
            value = value.min(high);
            span += 1 + high_span;
        }
        let after = tokens.get(i + span).map_or("", |t| t.lower.as_str());
        let is_year = tokens[i].is_number() && (1900..=2100).contains(&value) && span == 1;
        // "including four children" restates part of a count already made
        let including = introduces_part(&tokens[i.saturating_sub(3)..i]);
        let after2 = tokens.get(i + span + 1).map_or("", |t| t.lower.as_str());
        // "five of them": a part of a count already made; "7 March": a date
        // (before any count, "one of them reporting he saw seven bodies" counts one of the
        // people told before, unless a death word goes with it at once: "two of them died",
        // "killing seven of them")
        let of_them = after == "of" && matches!(after2, "them" | "whom" | "those");
        // ("killing at least four of them": past fillers before the number)
        let mut back = i;
        while back > 0 && FILLERS.contains(&tokens[back - 1].lower.as_str()) {
            back -= 1;
        }
        let dies_at_once = tokens[(i + span + 2).min(tokens.len())..]
            .iter()
            .take(3)
            .chain(tokens[back.saturating_sub(2)..i].iter())
            .any(|t| verb(&t.lower) == Some(Verb::Death));
        let part = of_them && (total.is_some() || !dies_at_once);
        let date = tokens
            .get(i + span)
            .is_some_and(|t| crate::lexicon::month_number(&t.lower, t.is_capitalised()).is_some())
            || i > 0
                && crate::lexicon::month_number(
                    &tokens[i - 1].lower,
                    tokens[i - 1].is_capitalised(),
                )
                .is_some();
        // ("two anti-ship missiles", "three ballistic missiles": a modifier between)
        let thing = NOT_PEOPLE.contains(&after)
            || (is_adjective(after)
                || is_weapon_modifier(after)
                || matches!(after, "police" | "army" | "military"))
                && NOT_PEOPLE.contains(&after2);
        // "Naeem Saleh, 58, left his home": an age set off after a name; "aged 23"
        let age = tokens[i].is_number()
            && span == 1
            && value <= 120
            && i > 0
            && (tokens[i - 1].lower == "aged"
                || i >= 2 && tokens[i - 1].lower == "between" && tokens[i - 2].lower == "aged"
                // "aged 23 to 28", "aged between 23 and 28"
                || i >= 3
                    && matches!(tokens[i - 1].lower.as_str(), "to" | "and")
                    && tokens[i - 2].is_number()
                    && matches!(tokens[i - 3].lower.as_str(), "aged" | "between")
                || tokens[i - 1].is_capitalised()
                    && tokens[i - 1].punct_after
                    && tokens[i].punct_after
                    && tokens[i].text.len() <= 3);
        // "where militants have massacred hundreds": a tally over years, not this incident's
        let tally = matches!(
            tokens[i].lower.as_str(),
            "hundreds" | "thousands" | "dozens"
        ) && tokens[i.saturating_sub(3)..i]
            .iter()
            .any(|t| matches!(t.lower.as_str(), "have" | "has"));
        // ", bringing to 23 the number killed since …", "bringing the toll to 40": the
        // running total, not this incident's dead
        let running = tokens[i.saturating_sub(5)..i]
            .iter()
            .any(|t| crate::lexicon::events::RUNNING_TOTAL_VERBS.contains(&t.lower.as_str()));
        if is_year || thing || including || part || date || age || tally || running {
            // what is joined to a part ("including a journalist and two nurses") is a part too
            if including || part {
                last_role = None;
                last_at = Some(i);
            }
            i += span;
            continue;
        }
        // "killed two soldiers and three fighters": a number joined by "and" to a counted
        // one shares its verb
        let verb = governing_verb(tokens, i, span).or_else(|| {
            // joined to the counted phrase itself, not to some later noun ("37 civilians …,
            // according to memos and a local official")
            // ("a woman and her two children")
            let owner = i > 1
                && matches!(tokens[i - 1].lower.as_str(), "her" | "his" | "their")
                && tokens[i - 2].lower == "and";
            let and_at = if owner { i - 1 } else { i };
            let joined = and_at > 0
                && matches!(tokens[and_at - 1].lower.as_str(), "and" | "plus")
                && last_at.is_some_and(|at| i - at <= MAX_JOIN_GAP + usize::from(owner));
            if joined {
                last_role
            } else {
                None
            }
        });
        if verb == Some(Verb::Death) {
            *total.get_or_insert(0) += value;
            first.get_or_insert(i..i + span);
            let this = side_after(tokens, i + span);
            side = Some(match side {
                None => this,
                Some(s) if s == this => s,
                Some(_) => None,
            });
        }
        last_role = verb;
        last_at = Some(i);
        i += span;
    }
    let total = total?;
    Some(Toll {
        count: total.min(1_000_000) as u32,
        first: first.unwrap_or(0..0),
        side: side.flatten(),
    })
}

/// Whether the count at tokens `at` is told as more dead beside a toll given before: "five
/// attackers were also killed", "the blast also killed two children". ("Police also said
/// five died" is not: the word must go with the verb of death.)
pub fn adds_to_earlier_toll(tokens: &[Token<'_>], at: std::ops::Range<usize>) -> bool {
    let word = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let death = |k: usize| verb(word(k)) == Some(Verb::Death);
    (at.start.saturating_sub(3)..(at.end + 4).min(tokens.len()))
        .any(|k| word(k) == "also" && (death(k + 1) || word(k + 1) == "been" && death(k + 2)))
}

/// Whether the words before a count name it as a part of a count already made: "including
/// (at least) four children", "among them four children".
fn introduces_part(before: &[Token<'_>]) -> bool {
    before.iter().any(|t| t.lower == "including")
        || before.windows(2).any(|p| {
            p[0].lower == "among" && matches!(p[1].lower.as_str(), "them" | "whom" | "those")
        })
}

fn is_adjective(w: &str) -> bool {
    w.ends_with("-year-old")
        || matches!(
            w,
            "more" | "other" | "local" | "young" | "explosive" | "improvised" | "suicide" | "car"
        )
}

/// Words that make a kind of weapon or vehicle of the noun after them: a hyphenated compound
/// ("anti-ship", "Iranian-made", "explosive-laden") or a weapon's kind ("ballistic missiles").
fn is_weapon_modifier(w: &str) -> bool {
    (w.contains('-') && !w.ends_with("-old"))
        || matches!(
            w,
            "ballistic"
                | "cruise"
                | "guided"
                | "unmanned"
                | "kamikaze"
                | "armed"
                | "armoured"
                | "armored"
                | "naval"
                | "mortar"
                | "artillery"
                | "air"
        )
}

/// Nouns for one person, counted 1 after "a", "an", "his", "her", "its" or "their" when a
/// death word governs them ("killing a passer-by", "shot dead a ten-year-old boy").
const PERSON: &[&str] = &[
    "soldier",
    "civilian",
    "policeman",
    "policewoman",
    "officer",
    "child",
    "boy",
    "girl",
    "man",
    "woman",
    "passer-by",
    "passerby",
    "worker",
    "farmer",
    "journalist",
    "fighter",
    "militant",
    "guard",
    "teacher",
    "student",
    "resident",
    "shepherd",
    "driver",
    "rider",
    "commander",
    "pilgrim",
    "son",
    "daughter",
    "wife",
    "husband",
    "father",
    "mother",
    "brother",
    "sister",
    "chief",
    "leader",
    "official",
    "mayor",
    "governor",
    "councillor",
    "councilor",
    "lawmaker",
    "judge",
    "prosecutor",
    "doctor",
    "nurse",
    "medic",
    "volunteer",
    "peacekeeper",
    "trader",
    "herder",
    "fisherman",
    "cleric",
    "imam",
    "priest",
    "insurgent",
    "gunman",
    "member",
    "protester",
    "protestor",
    "demonstrator",
    "villager",
    "bystander",
    "pedestrian",
    "infant",
    "baby",
    "toddler",
    "teenager",
    "youth",
    "person",
    "commissioner",
    "administrator",
    "minister",
    "aide",
    "deputy",
    "bodyguard",
    "spokesman",
    "spokeswoman",
    "employee",
    "pilot",
    "engineer",
    "lawyer",
    "activist",
    "politician",
    "elder",
    "tourist",
    "businessman",
    "candidate",
    "pastor",
    "monk",
    "reporter",
    "photographer",
    "cameraman",
    "contractor",
    "labourer",
    "laborer",
    "miner",
];

fn one_person(tokens: &[Token<'_>], i: usize) -> Option<(u64, usize)> {
    // "killing himself and four others": the attacker's death is one of the incident's
    // (ACLED counts every death, perpetrators' too); only where the words count it with
    // the victims ("blew himself up, killing four" may or may not count him)
    if matches!(tokens[i].lower.as_str(), "himself" | "herself")
        && i > 0
        && matches!(tokens[i - 1].lower.as_str(), "killing" | "killed")
    {
        return Some((1, 1));
    }
    // "a married couple were killed": two people ("a couple of days" is no count)
    if tokens[i].lower == "couple"
        && i > 0
        && matches!(
            tokens[i - 1].lower.as_str(),
            "a" | "married" | "elderly" | "young"
        )
        && tokens.get(i + 1).is_none_or(|t| t.lower != "of")
    {
        return Some((2, 1));
    }
    // "killed the mayor": one person, named by the office, after a death word
    let killed_the = tokens[i].lower == "the"
        && i > 0
        && matches!(
            tokens[i - 1].lower.as_str(),
            "killed" | "killing" | "kills" | "kill" | "murdered" | "assassinated"
        );
    if !killed_the
        && !matches!(
            tokens[i].lower.as_str(),
            "a" | "an" | "his" | "her" | "its" | "their"
        )
    {
        return None;
    }
    // "shot dead a 17-year-old Palestinian": an age is a person whatever noun follows
    if !killed_the
        && matches!(tokens[i].lower.as_str(), "a" | "an")
        && tokens
            .get(i + 1)
            .is_some_and(|t| t.lower.ends_with("-year-old"))
    {
        let noun = tokens
            .get(i + 2)
            .is_some_and(|t| PERSON.contains(&t.lower.as_str()));
        return Some((1, if noun { 3 } else { 2 }));
    }
    // up to two words between: "a ten-year-old boy", "a local Hezbollah commander"
    let span = (1..=3).find(|&k| {
        tokens
            .get(i + k)
            .is_some_and(|t| PERSON.contains(&t.lower.as_str()))
    })?;
    // "a member of parliament said" (but "killed a local commander of the group" is one)
    let after_death_word = i > 0 && verb(&tokens[i - 1].lower) == Some(Verb::Death);
    if !killed_the && !after_death_word && tokens.get(i + span + 1).is_some_and(|t| t.lower == "of")
    {
        return None;
    }
    Some((1, span + 1))
}

/// The death or injury word that governs the number at `i`.
fn governing_verb(tokens: &[Token<'_>], i: usize, span: usize) -> Option<Verb> {
    // right before it, past fillers only: "killing at least 12"; a number right after a
    // comma starts a new phrase ("three dead, five wounded")
    let mut j = if i > 0 && tokens[i - 1].punct_after {
        0
    } else {
        i
    };
    while j > 0 {
        j -= 1;
        let w = tokens[j].lower.as_str();
        if let Some(v) = verb(w) {
            return Some(v);
        }
        if !FILLERS.contains(&w) || tokens[j].punct_after {
            break;
        }
    }
    // "the death toll from Monday's bombing has risen to 14": a toll told to have grown, however
    // far back its subject
    let grown = |k: usize| {
        matches!(
            tokens[k].lower.as_str(),
            "rose" | "risen" | "climbed" | "reached" | "jumped" | "increased" | "grew" | "grown"
        )
    };
    let before = i.checked_sub(1).map(|k| (k, tokens[k].lower.as_str()));
    let grown_at = match before {
        Some((k, "to")) => k.checked_sub(1).filter(|&g| grown(g)),
        Some((k, _)) => Some(k).filter(|&g| grown(g)),
        None => None,
    };
    if let Some(g) = grown_at {
        if tokens[..g].iter().any(|t| t.lower == "toll") {
            return Some(Verb::Death);
        }
    }
    // else the next one after it in the clause: "two soldiers ... were killed"; a verb of
    // saying first makes the number the speakers ("two witnesses said 12 were killed")
    // ("12 were reported killed" is no saying: the verb is passive)
    let rest = &tokens[i + span..];
    // "two women were among the dead": a part of a toll told elsewhere
    let says = |k: usize| {
        rest[k].lower == "among"
            && !rest
                .get(k + 1)
                .is_some_and(|n| matches!(n.lower.as_str(), "them" | "whom"))
            || SPEECH.contains(&rest[k].lower.as_str())
                && !(k > 0 && matches!(rest[k - 1].lower.as_str(), "was" | "were" | "been" | "be"))
    };
    // "clashes between two clans … left 11 people dead": a number nearer the death word is
    // the one it counts (but "two soldiers and three fighters were killed" lists both)
    let another_count = |k: usize| {
        // (listed, an age, or a count of its own phrase: "and at least 15 others", "aged 19
        // to 25", "Omar Haddad, 61,")
        // ("nine people, including four children, were killed": the part named inside the
        // count, "among them four children" likewise)
        // ("a father and his three sons were killed": joined to the count by "and his")
        let part = introduces_part(&rest[k.saturating_sub(3)..k])
            || k > 1
                && rest[k - 2].lower == "and"
                && matches!(rest[k - 1].lower.as_str(), "his" | "her" | "their");
        // ("hundreds of people protesting … on Monday and one man was shot dead": an "and"
        // after a verb or a day of the first count's own joins a clause, not a list)
        let joins_clause = |k: usize| {
            rest[..k.saturating_sub(1)].iter().any(|t| {
                let w = t.lower.as_str();
                crate::lexicon::WEEKDAYS.contains(&w)
                    || !t.is_capitalised()
                        && verb(w).is_none()
                        && w.len() > 4
                        && (w.ends_with("ing") || w.ends_with("ed"))
            })
        };
        let listed = k > 0
            && (matches!(rest[k - 1].lower.as_str(), "and" | "or" | "plus") && !joins_clause(k)
                || matches!(rest[k - 1].lower.as_str(), "aged" | "between")
                || FILLERS.contains(&rest[k - 1].lower.as_str())
                || rest[k - 1].punct_after)
            || part;
        (rest[k].is_number() || small_number(&rest[k].lower).is_some()) && !listed
    };
    let stop = (0..rest.len())
        .find(|&k| says(k) || another_count(k))
        .unwrap_or(rest.len());
    let counted_next = stop < rest.len() && another_count(stop);
    let rest = &rest[..stop];
    // ("sentenced to death" is a verdict, not a death)
    let verdict = |k: usize| {
        k >= 2
            && rest[k].lower == "death"
            && rest[k - 1].lower == "to"
            && matches!(rest[k - 2].lower.as_str(), "sentenced" | "condemned")
    };
    let found = rest
        .iter()
        .enumerate()
        .filter(|&(k, _)| !verdict(k))
        .find_map(|(k, t)| verb(t.lower.as_str()).map(|v| (k, v)));
    // "attacked the convoy of a regional governor …, killing three": a verb right before
    // another count is that count's
    if let Some((at, _)) = found {
        if counted_next
            && rest[at + 1..]
                .iter()
                .all(|t| FILLERS.contains(&t.lower.as_str()))
        {
            return None;
        }
    }
    // "hundreds of students marched … for a classmate killed": the group's own verb comes
    // first, so the death word belongs to someone else ("five miners trapped underground
    // were killed": a participle before "were" is no verb of the group's own; "embraced
    // martyrdom", "met their death": the death word is that verb's object)
    if let Some((at, Verb::Death)) = found {
        let own = (0..at.saturating_sub(2)).find(|&k| own_verb(rest, k));
        let passive_after = |k: usize| {
            rest[k + 1..at]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "was" | "were" | "is" | "are"))
        };
        if own.is_some_and(|k| !passive_after(k)) {
            return Some(Verb::Other);
        }
    }
    found.map(|(_, v)| v)
}

/// Whether word `k` of `rest` (the words after a count) is a past-tense verb of the counted
/// group's own ("marched", "gathered", "took"): not a death or injury word, not after an
/// auxiliary ("were killed", "had been wounded").
fn own_verb(rest: &[Token<'_>], k: usize) -> bool {
    const IRREGULAR: &[&str] = &[
        "took", "held", "met", "went", "came", "ran", "sang", "stood",
    ];
    let w = rest[k].lower.as_str();
    let past = IRREGULAR.contains(&w) || w.len() > 4 && w.ends_with("ed");
    let after_auxiliary = k > 0
        && matches!(
            rest[k - 1].lower.as_str(),
            "was" | "were" | "been" | "be" | "being" | "is" | "are" | "had" | "has" | "have"
        );
    past && verb(w).is_none() && !after_auxiliary && !rest[k].is_capitalised()
}

/// Verbs of saying: a number before one counts those who speak, not the dead.
const SPEECH: &[&str] = &[
    "said",
    "say",
    "says",
    "told",
    "reported",
    "report",
    "reports",
    "stated",
    "added",
    "confirmed",
    "claimed",
    "announced",
    "according",
];

#[cfg(test)]
mod tests {
    use super::super::text::tokens;
    use super::*;

    fn count(text: &str) -> Option<u32> {
        fatalities(&tokens(text, 0))
    }

    #[test]
    fn neutralised_counts_and_of_them_after_fillers_is_the_toll() {
        assert_eq!(
            count("carried out air strikes, neutralising about 20 terrorists"),
            Some(20)
        );
        assert_eq!(
            count("troops clashed with insurgents, killing at least four of them"),
            Some(4)
        );
    }

    #[test]
    fn a_count_joined_through_a_possessive_shares_the_verb() {
        assert_eq!(count("killing a woman and her two children"), Some(3));
        assert_eq!(count("killing a farmer and his three sons"), Some(4));
    }

    #[test]
    fn an_attacker_killed_with_the_victims_is_counted_once() {
        assert_eq!(
            count("the bomber blew himself up, killing himself and four policemen"),
            Some(5)
        );
        assert_eq!(
            count("the bomber blew himself up, killing five people including the bomber"),
            Some(5)
        );
        assert_eq!(
            count("the bomber blew himself up, killing four policemen"),
            Some(4)
        );
        assert_eq!(
            count("the gunman shot three men before killing himself"),
            Some(4)
        );
    }

    #[test]
    fn a_vague_tally_in_the_perfect_is_not_this_incidents_toll() {
        assert_eq!(
            count("in the region, where jihadists have killed hundreds of civilians"),
            None
        );
        assert_eq!(count("hundreds were killed in the raid"), Some(100));
    }

    #[test]
    fn a_person_named_far_after_the_count_is_not_added_to_it() {
        assert_eq!(
            count(
                "Gunmen have killed 12 villagers, including five women, in a raid on a \
                   hamlet, according to police reports and a local official"
            ),
            Some(12)
        );
        assert_eq!(
            count("two soldiers and three fighters were killed"),
            Some(5)
        );
    }

    #[test]
    fn martyrdom_is_death() {
        assert_eq!(count("four soldiers were martyred in the attack"), Some(4));
        assert_eq!(
            count("At least three policemen embraced martyrdom when gunmen opened fire"),
            Some(3)
        );
    }

    #[test]
    fn ages_are_not_counted() {
        assert_eq!(
            count("the strike killed 15 people, among them Omar Haddad, 61, a shopkeeper"),
            Some(15)
        );
        assert_eq!(count("three men aged 19 to 25 were shot dead"), Some(3));
        assert_eq!(
            count("two brothers aged between 14 and 17 were killed"),
            Some(2)
        );
        assert_eq!(count("Raids in Jenin killed 4, officials said"), Some(4));
    }

    #[test]
    fn sums_and_ignores_the_wounded() {
        assert_eq!(
            count("Two US Army soldiers and three members of the Kurdish-led forces were killed"),
            Some(5)
        );
        assert_eq!(
            count("four Americans and at least 15 others were killed"),
            Some(19)
        );
        assert_eq!(count("killing three and wounding 12"), Some(3));
        assert_eq!(
            count("Three civilians were killed and five wounded"),
            Some(3)
        );
        assert_eq!(count("left at least 40 people dead"), Some(40));
        assert_eq!(count("killing at least 512 people"), Some(512));
        assert_eq!(
            count("killing 10 people, including four children"),
            Some(10)
        );
        assert_eq!(count("the death toll rose to 23"), Some(23));
        assert_eq!(
            count("where hundreds of civilians had been sheltering"),
            None
        );
        assert_eq!(count("after two days of clashes"), None);
        assert_eq!(count("twenty-two people died"), Some(22));
        assert_eq!(count("dozens were killed"), Some(12));
        assert_eq!(count("fired 20 rockets, killing one"), Some(1));
        assert_eq!(
            count("fired two anti-ship missiles at a carrier, killing three crew members"),
            Some(3)
        );
        assert_eq!(
            count("launched four ballistic missiles, killing five"),
            Some(5)
        );
        assert_eq!(
            count("hundreds of lawyers protested after a colleague was sentenced to death"),
            None
        );
        assert_eq!(count("two men were beaten to death"), Some(2));
        assert_eq!(
            count("killed two American soldiers and three fighters"),
            Some(5)
        );
        assert_eq!(
            count("killing six of his bodyguards and a passer-by"),
            Some(7)
        );
        assert_eq!(
            count("At least 50 people, five of them children, were killed"),
            Some(50)
        );
        assert_eq!(
            count("bombed a settlement on 7 March, killing at least 11 people"),
            Some(11)
        );
        assert_eq!(
            count("attacked three police checkpoints, killing 14 policemen"),
            Some(14)
        );
        assert_eq!(
            count("killing 17 insurgents and losing three of their own"),
            Some(20)
        );
        assert_eq!(count("a sniper shot dead a ten-year-old boy"), Some(1));
        assert_eq!(count("troops shot dead a 17-year-old Palestinian"), Some(1));
    }

    #[test]
    fn a_number_after_a_comma_belongs_to_the_words_after_it() {
        assert_eq!(count("a first count of four dead, six hurt"), Some(4));
        assert_eq!(count("two killed, nine injured"), Some(2));
    }

    #[test]
    fn speakers_are_not_counted() {
        assert_eq!(
            count("One villager reported that 40 people had been killed"),
            Some(40)
        );
        assert_eq!(count("two witnesses said nine died"), Some(9));
        assert_eq!(count("11 people were reported killed"), Some(11));
        assert_eq!(
            count("militants set off two explosive devices, which killed one soldier"),
            Some(1)
        );
    }

    #[test]
    fn a_death_told_after_the_groups_own_verb_is_someone_elses() {
        assert_eq!(
            count("hundreds of students marched on Sunday for a classmate killed last week"),
            None
        );
        assert_eq!(
            count("dozens of gunmen stormed the village, killing 20"),
            Some(20)
        );
        // a participle before the passive is no verb of the group's own
        assert_eq!(
            count("five miners trapped underground were killed"),
            Some(5)
        );
        assert_eq!(count("three soldiers were killed"), Some(3));
    }

    #[test]
    fn a_number_nearer_the_death_word_is_the_one_it_counts() {
        assert_eq!(
            count("Clashes between two clans over grazing land left 11 people dead"),
            Some(11)
        );
        assert_eq!(
            count("two soldiers and three fighters were killed"),
            Some(5)
        );
    }

    #[test]
    fn a_verb_right_before_another_count_is_that_counts() {
        assert_eq!(
            count(
                "gunmen attacked the convoy of a regional governor in Ituri, killing three of \
                 his bodyguards"
            ),
            Some(3)
        );
        assert_eq!(
            count("a man was killed and at least three were wounded"),
            Some(1)
        );
    }

    #[test]
    fn a_part_named_inside_a_count_does_not_take_its_verb() {
        assert_eq!(
            count("nine people, including four children, were killed in the strike"),
            Some(9)
        );
        assert_eq!(
            count("nine people, among them four children, were killed in the strike"),
            Some(9)
        );
        assert_eq!(count("two women were among the dead"), None);
        assert_eq!(
            count("a strike killed 15 people, among them a journalist and two nurses"),
            Some(15)
        );
        assert_eq!(
            count("a strike killed 15 people, including four children and two women"),
            Some(15)
        );
        assert_eq!(
            count("a father and his three sons were killed in the strike"),
            Some(4)
        );
    }

    #[test]
    fn a_running_total_brought_to_is_not_the_toll() {
        assert_eq!(
            count("police shot dead a man, bringing to 23 the number of people killed"),
            Some(1)
        );
        assert_eq!(
            count("a drone killed four people, bringing the death toll to 40"),
            Some(4)
        );
        assert_eq!(
            count("a strike killed 15 people, raising the overall toll to 40,000"),
            Some(15)
        );
    }

    #[test]
    fn a_toll_that_has_risen_is_the_toll() {
        assert_eq!(
            count("The death toll from Monday's bombing of a bus in Quetta has risen to 14"),
            Some(14)
        );
        assert_eq!(count("the toll climbed to 9 overnight"), Some(9));
        // growth of something else is no toll
        assert_eq!(count("prices have risen to 14 dollars"), None);
    }

    #[test]
    fn a_part_among_the_dead_is_no_toll() {
        assert_eq!(count("Three children were among those killed"), None);
    }

    #[test]
    fn one_protester_is_one() {
        assert_eq!(
            count("a young demonstrator was killed by a tear gas canister"),
            Some(1)
        );
        assert_eq!(count("an elderly protester died of his wounds"), Some(1));
        assert_eq!(count("an elderly couple died when the shell hit"), Some(2));
        assert_eq!(count("killed a couple of hours later"), None);
    }

    #[test]
    fn a_range_of_the_dead_counts_its_lower_figure() {
        assert_eq!(count("gunmen killed between seven and 10 people"), Some(7));
        assert_eq!(count("between 12 and 15 people were killed"), Some(12));
    }

    #[test]
    fn one_person_named_by_office_and_those_with_him() {
        assert_eq!(
            count("a drone strike killed a local commander of the group and his driver"),
            Some(2)
        );
        assert_eq!(
            count("a bomb killed a district commissioner and two of his guards"),
            Some(3)
        );
        assert_eq!(
            count("a member of parliament said five people were killed"),
            Some(5)
        );
        assert_eq!(
            count(
                "two residents said, with one of them reporting he had seen at least seven bodies"
            ),
            Some(7)
        );
    }

    #[test]
    fn and_after_a_verb_or_a_day_joins_a_clause_not_a_list() {
        assert_eq!(
            count("hundreds of people protesting in the city on Monday and one man was shot dead"),
            Some(1)
        );
        assert_eq!(
            count("two soldiers and three fighters were killed"),
            Some(5)
        );
        assert_eq!(
            count("five soldiers of the third brigade and two civilians were killed"),
            Some(7)
        );
    }
}
