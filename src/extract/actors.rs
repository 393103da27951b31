//! Finding actors in a clause: the curated actors by their aliases, and a country's forces
//! named by demonym ("Russian troops", "Iraqi government forces"). The lists themselves are
//! data in [`crate::lexicon::actors`].

use std::collections::HashMap;
use std::sync::LazyLock;

use super::text::Token;
use crate::lexicon::actors::{country_named, FORCE_NOUNS};
pub use crate::lexicon::actors::{demonym, Actor, ACTORS, ACTOR_COUNTRIES, DEMONYMS};

/// An actor mention in a clause: which tokens it covers and the name events carry.
#[derive(Debug, Clone)]
pub struct ActorMention {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub state: bool,
}

fn alias_matches(alias: &str, tokens: &[Token<'_>], at: usize) -> Option<usize> {
    let exact_case = alias.chars().any(|c| c.is_ascii_uppercase());
    let mut n = 0;
    for (k, w) in alias.split(' ').enumerate() {
        let t = tokens.get(at + k)?;
        let ok = if exact_case {
            t.text == w || t.text.strip_suffix("'s").or(t.text.strip_suffix("’s")) == Some(w)
        } else {
            t.lower == w
        };
        if !ok {
            return None;
        }
        n = k + 1;
    }
    Some(n)
}

/// Whether a name, whole, is an alias of a known armed group ("Taliban", "al-Shabaab"): an
/// organisation, never a place, whatever village shares the word. State forces are left
/// out: their aliases include their countries' names ("US").
pub fn is_actor_name(name: &str) -> bool {
    let tokens = super::text::tokens(name, 0);
    !tokens.is_empty()
        && ACTORS.iter().filter(|a| !a.state).any(|a| {
            a.aliases
                .iter()
                .any(|alias| alias_matches(alias, &tokens, 0) == Some(tokens.len()))
        })
}

/// The actors whose aliases a word (lower case) may open, by their place in [`ACTORS`], so
/// that each token is tried against a handful of aliases rather than all of them.
static BY_FIRST_WORD: LazyLock<HashMap<String, Vec<usize>>> = LazyLock::new(|| {
    let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, a) in ACTORS.iter().enumerate() {
        for alias in a.aliases {
            let first = alias.split(' ').next().unwrap_or_default().to_lowercase();
            let actors = by_word.entry(first).or_default();
            if actors.last() != Some(&k) {
                actors.push(k);
            }
        }
    }
    by_word
});

/// Actors named in a clause, in order. `home` is the demonym of the report's country, used
/// for "government forces" and "the army".
pub fn find(tokens: &[Token<'_>], home: Option<&str>) -> Vec<ActorMention> {
    let mut out = Vec::new();
    let mut i = 0;
    'tokens: while i < tokens.len() {
        let opened = BY_FIRST_WORD.get(tokens[i].lower.as_str());
        for a in opened.into_iter().flatten().map(|&k| &ACTORS[k]) {
            let mut best = 0;
            for alias in a.aliases {
                if let Some(n) = alias_matches(alias, tokens, i) {
                    best = best.max(n);
                }
            }
            if best > 0 {
                let mut end = i + best;
                // "Houthi forces", "ISIS militants": the noun belongs to the mention
                while end < tokens.len() && is_group_noun(&tokens[end].lower) {
                    end += 1;
                }
                out.push(ActorMention {
                    start: i,
                    end,
                    name: a.name.to_string(),
                    state: a.state,
                });
                i = end;
                continue 'tokens;
            }
        }
        let word = tokens[i].lower.as_str();
        let next = tokens.get(i + 1).map(|t| t.lower.as_str());
        // "Russian troops", "Iraqi government forces", "Ethiopian federal forces"
        // ... and "Myanmar military", "Sudan's army"
        if let Some((_, country)) = demonym(word).or_else(|| country_named(word)) {
            let next = match next {
                Some("federal" | "national" | "regular" | "special") => {
                    tokens.get(i + 2).map(|t| t.lower.as_str())
                }
                n => n,
            };
            if next.is_some_and(|n| FORCE_NOUNS.contains(&n)) {
                i = push_state_force(&mut out, tokens, i, country);
                continue;
            }
        }
        // "Israel struck …", "the United States launched strikes": a country that strikes is
        // its forces (not "Ukraine hit by missiles", nor "South Sudan struck", whose first word
        // is another name's; a verb that is also a noun, "Yemen strikes", only opening the
        // clause)
        let (country_words, country) = if word == "united" && next == Some("states") {
            (2, country_named("United States"))
        } else {
            let own = super::toponyms::bare(tokens[i].text) == tokens[i].text;
            (1, country_named(word).filter(|_| own))
        };
        let longer_name = i > 0 && tokens[i - 1].is_capitalised() && country_words == 1;
        if let Some((_, country)) = country.filter(|_| tokens[i].is_capitalised() && !longer_name) {
            let verb = tokens.get(i + country_words).map(|t| t.lower.as_str());
            let passive = tokens
                .get(i + country_words + 1)
                .is_some_and(|t| t.lower == "by");
            let striking = verb.is_some_and(|v| {
                striking_verb(v) || i == 0 && STRIKING_VERBS_OR_NOUNS.contains(&v)
            });
            if striking && !passive {
                out.push(ActorMention {
                    start: i,
                    end: i + country_words,
                    name: format!("Military Forces of {country}"),
                    state: true,
                });
                i += country_words;
                continue;
            }
        }
        // "government forces", "the army", "soldiers": the home country's forces
        let bare_force = matches!(
            word,
            "government" | "pro-government" | "regime" | "security"
        ) && next.is_some_and(|n| FORCE_NOUNS.contains(&n))
            || matches!(
                word,
                "army" | "soldiers" | "troops" | "police" | "policemen"
            ) && (i == 0 || !is_group_noun(&tokens[i - 1].lower));
        if bare_force {
            if let Some((_, country)) = home.and_then(demonym) {
                i = push_state_force(&mut out, tokens, i, country);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Verbs that make a country named before them its forces ("Israel struck", "Turkey
/// launched strikes"): the attack verbs, and those of launching or firing.
fn striking_verb(word: &str) -> bool {
    crate::lexicon::events::ATTACK_VERBS.contains(&word)
        || matches!(word, "launched" | "carried" | "fired")
}

/// Present-tense verbs of striking that are also nouns ("Yemen strikes"): a country's forces
/// only when the country opens the clause (a headline's "Israel strikes Gaza").
const STRIKING_VERBS_OR_NOUNS: &[&str] = &[
    "strikes", "hits", "launches", "fires", "bombs", "shells", "attacks", "targets",
];

/// Adds "Military Forces of COUNTRY" for the force words from `start`, or "Police Forces of
/// COUNTRY" when they name the police ("Kenyan police", "riot police", "policemen"), as ACLED
/// tells the two apart; the token after them.
fn push_state_force(
    out: &mut Vec<ActorMention>,
    tokens: &[Token<'_>],
    start: usize,
    country: &str,
) -> usize {
    let end = extend_force(tokens, start + 1);
    let police = tokens[start..end].iter().any(|t| is_police_word(&t.lower));
    let kind = if police { "Police" } else { "Military" };
    out.push(ActorMention {
        start,
        end,
        name: format!("{kind} Forces of {country}"),
        state: true,
    });
    end
}

/// Words that name the police.
fn is_police_word(word: &str) -> bool {
    matches!(word, "police" | "policemen" | "policeman" | "gendarmes")
}

fn extend_force(tokens: &[Token<'_>], mut end: usize) -> usize {
    while end < tokens.len() && FORCE_NOUNS.contains(&tokens[end].lower.as_str()) {
        end += 1;
    }
    end
}

/// Nouns for a body of armed or organised people after a side's or a place's name ("Houthi
/// forces", "Druze gunmen"): part of an actor's mention, and never a place cue.
pub(super) fn is_group_noun(word: &str) -> bool {
    matches!(
        word,
        "forces"
            | "fighters"
            | "militants"
            | "rebels"
            | "militia"
            | "militias"
            | "troops"
            | "members"
            | "jihadists"
            | "insurgents"
            | "group"
            | "army"
            | "soldiers"
            | "gunmen"
            | "militiamen"
    )
}

#[cfg(test)]
mod tests {
    use super::super::text::tokens;
    use super::*;

    fn names(text: &str, home: Option<&str>) -> Vec<String> {
        find(&tokens(text, 0), home)
            .into_iter()
            .map(|m| m.name)
            .collect()
    }

    #[test]
    fn aliases_and_demonyms() {
        assert_eq!(
            names("An Islamic State (ISIS) car bomb rocked a joint US and Syrian Democratic Forces (SDF) convoy", None),
            ["Islamic State", "Islamic State", "Military Forces of United States", "Syrian Democratic Forces", "Syrian Democratic Forces"]
        );
        assert_eq!(
            names("Russian troops retreated", None),
            ["Military Forces of Russia"]
        );
        // a country's own name owns forces too, possessive or not
        assert_eq!(
            names(
                "Ethiopian federal forces fought; Myanmar's junta struck",
                None
            ),
            ["Military Forces of Ethiopia", "Military Forces of Myanmar"]
        );
        assert_eq!(
            names(
                "The Myanmar military bombed it; Sudan's army and Mali’s troops",
                None
            ),
            [
                "Military Forces of Myanmar",
                "Military Forces of Sudan",
                "Military Forces of Mali"
            ]
        );
        assert_eq!(
            names("government forces entered Saraqeb", Some("syrian")),
            ["Military Forces of Syria"]
        );
        assert_eq!(
            names("ISWAP fighters attacked; this is not IS", None),
            ["ISWAP", "Islamic State"]
        );
    }
}
