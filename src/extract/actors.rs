//! The curated list of conflict actors and their aliases, and the demonyms that name a
//! country's forces ("Russian troops", "Iraqi government forces").

use std::collections::HashMap;
use std::sync::LazyLock;

use super::text::Token;

/// A known actor: the name events carry, its aliases (lower-case word sequences; an alias
/// written in capitals must match in capitals, so "IS" is not the verb "is"), and whether it
/// is a state force (which decides "Government regains territory").
pub struct Actor {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub state: bool,
}

const fn actor(name: &'static str, aliases: &'static [&'static str], state: bool) -> Actor {
    Actor {
        name,
        aliases,
        state,
    }
}

/// Longer aliases are tried first, so "Islamic State West Africa Province" is ISWAP and not
/// the Islamic State.
pub const ACTORS: &[Actor] = &[
    actor(
        "ISWAP",
        &[
            "iswap",
            "islamic state west africa province",
            "islamic state west africa",
        ],
        false,
    ),
    actor(
        "Islamic State",
        &[
            "islamic state",
            "isis",
            "isil",
            "IS",
            "daesh",
            "daish",
            "is militants",
        ],
        false,
    ),
    actor(
        "Syrian Democratic Forces",
        &[
            "syrian democratic forces",
            "SDF",
            "sdf-led",
            "kurdish-led forces",
            "kurdish-led fighters",
        ],
        false,
    ),
    actor(
        "YPG",
        &[
            "YPG",
            "ypg-led",
            "people's protection units",
            "kurdish people's protection units",
        ],
        false,
    ),
    actor(
        "International Coalition",
        &[
            "international coalition",
            "us-led coalition",
            "coalition forces",
            "coalition",
            "coalition warplanes",
        ],
        true,
    ),
    actor(
        "US forces",
        &[
            "US",
            "u s",
            "usa",
            "american forces",
            "american troops",
            "american soldiers",
            "americans",
            "pentagon",
        ],
        true,
    ),
    actor(
        "Islamic Revolutionary Guard Corps",
        &[
            "revolutionary guards",
            "revolutionary guard",
            "irgc",
            "islamic revolutionary guard corps",
        ],
        true,
    ),
    actor(
        "Houthis",
        &["houthi", "houthis", "ansar allah", "ansarullah"],
        false,
    ),
    actor(
        "al-Shabaab",
        &[
            "al-shabaab",
            "al-shabab",
            "al shabaab",
            "al shabab",
            "shabaab",
            "shabab",
        ],
        false,
    ),
    actor("Boko Haram", &["boko haram"], false),
    actor(
        "JNIM",
        &[
            "jnim",
            "jama'at nusrat al-islam wal-muslimin",
            "group for the support of islam and muslims",
        ],
        false,
    ),
    actor("Taliban", &["taliban"], false),
    actor(
        "Hezbollah",
        &["hezbollah", "hizbollah", "hizbullah", "hizballah"],
        false,
    ),
    actor("Hamas", &["hamas"], false),
    actor(
        "Hayat Tahrir al-Sham",
        &["hayat tahrir al-sham", "tahrir al-sham", "HTS"],
        false,
    ),
    actor("Peshmerga", &["peshmerga"], true),
    actor(
        "Popular Mobilization Forces",
        &[
            "popular mobilization forces",
            "popular mobilisation forces",
            "PMF",
            "hashd al-shaabi",
            "hashed al-shaabi",
        ],
        true,
    ),
    actor(
        "Wagner Group",
        &["wagner group", "wagner", "africa corps"],
        false,
    ),
    actor(
        "Rapid Support Forces",
        &["rapid support forces", "RSF"],
        false,
    ),
    actor(
        "Sudanese Armed Forces",
        &["sudanese armed forces", "SAF"],
        true,
    ),
    actor(
        "Southern Transitional Council",
        &[
            "southern transitional council",
            "STC",
            "southern separatist",
            "southern separatists",
            "separatist fighters",
        ],
        false,
    ),
    actor(
        "PKK",
        &["pkk", "kurdistan workers' party", "kurdistan workers party"],
        false,
    ),
    actor(
        "al-Qaeda",
        &["al-qaeda", "al qaeda", "al-qaida", "aqap", "aqim"],
        false,
    ),
    actor(
        "Libyan National Army",
        &["libyan national army", "LNA", "haftar's forces", "haftar"],
        false,
    ),
    actor(
        "Government of National Accord",
        &[
            "government of national accord",
            "GNA",
            "unity government",
            "government of national unity",
        ],
        true,
    ),
    actor("M23", &["m23"], false),
    actor(
        "Allied Democratic Forces",
        &["allied democratic forces", "ADF"],
        false,
    ),
    actor(
        "Tigray forces",
        &["tigray forces", "tigrayan forces", "tplf"],
        false,
    ),
    actor("Fano", &["fano"], false),
    actor("Ansaru", &["ansaru"], false),
    actor(
        "Israeli forces",
        &["idf", "israel defense forces", "israeli military"],
        true,
    ),
    actor(
        "Unidentified armed group",
        &["gunmen", "unidentified assailants", "unknown assailants"],
        false,
    ),
    actor(
        "Protesters",
        &["protesters", "protestors", "demonstrators"],
        false,
    ),
];

/// The country an actor fights in, where it is tied to one: naming the actor is evidence of
/// the country a report is about.
pub const ACTOR_COUNTRIES: &[(&str, &str)] = &[
    ("ISWAP", "NG"),
    ("Syrian Democratic Forces", "SY"),
    ("YPG", "SY"),
    ("Houthis", "YE"),
    ("al-Shabaab", "SO"),
    ("Boko Haram", "NG"),
    ("JNIM", "ML"),
    ("Taliban", "AF"),
    ("Hezbollah", "LB"),
    ("Hamas", "PS"),
    ("Hayat Tahrir al-Sham", "SY"),
    ("Peshmerga", "IQ"),
    ("Popular Mobilization Forces", "IQ"),
    ("Rapid Support Forces", "SD"),
    ("Sudanese Armed Forces", "SD"),
    ("Southern Transitional Council", "YE"),
    ("Libyan National Army", "LY"),
    ("Government of National Accord", "LY"),
    ("M23", "CD"),
    ("Allied Democratic Forces", "CD"),
    ("Tigray forces", "ET"),
    ("Fano", "ET"),
    ("Ansaru", "NG"),
];

/// Adjectives of nationality and the ISO code of the country, for report context and for
/// "Russian troops" style actors.
pub const DEMONYMS: &[(&str, &str, &str)] = &[
    // (demonym, country code, country name)
    ("syrian", "SY", "Syria"),
    ("iraqi", "IQ", "Iraq"),
    ("yemeni", "YE", "Yemen"),
    ("ukrainian", "UA", "Ukraine"),
    ("russian", "RU", "Russia"),
    ("somali", "SO", "Somalia"),
    ("malian", "ML", "Mali"),
    ("nigerian", "NG", "Nigeria"),
    ("libyan", "LY", "Libya"),
    ("afghan", "AF", "Afghanistan"),
    ("iranian", "IR", "Iran"),
    ("lebanese", "LB", "Lebanon"),
    ("israeli", "IL", "Israel"),
    ("palestinian", "PS", "Palestine"),
    ("turkish", "TR", "Turkey"),
    ("sudanese", "SD", "Sudan"),
    ("ethiopian", "ET", "Ethiopia"),
    ("congolese", "CD", "DR Congo"),
    ("burkinabe", "BF", "Burkina Faso"),
    ("nigerien", "NE", "Niger"),
    ("pakistani", "PK", "Pakistan"),
    ("egyptian", "EG", "Egypt"),
    ("saudi", "SA", "Saudi Arabia"),
    ("emirati", "AE", "United Arab Emirates"),
    ("kenyan", "KE", "Kenya"),
    ("cameroonian", "CM", "Cameroon"),
    ("chadian", "TD", "Chad"),
    ("mozambican", "MZ", "Mozambique"),
    ("burmese", "MM", "Myanmar"),
    ("colombian", "CO", "Colombia"),
    ("mexican", "MX", "Mexico"),
    ("indian", "IN", "India"),
    ("armenian", "AM", "Armenia"),
    ("azerbaijani", "AZ", "Azerbaijan"),
    ("georgian", "GE", "Georgia"),
    ("jordanian", "JO", "Jordan"),
    ("algerian", "DZ", "Algeria"),
    ("tunisian", "TN", "Tunisia"),
    ("american", "US", "United States"),
    ("french", "FR", "France"),
    ("british", "GB", "United Kingdom"),
];

/// The country code a demonym stands for.
pub fn demonym(word: &str) -> Option<(&'static str, &'static str)> {
    DEMONYMS
        .iter()
        .find(|(d, _, _)| *d == word)
        .map(|(_, code, name)| (*code, *name))
}

/// Nouns that make "<demonym> X" or "government X" a state force.
const FORCE_NOUNS: &[&str] = &[
    "forces",
    "troops",
    "army",
    "soldiers",
    "military",
    "jets",
    "warplanes",
    "aircraft",
    "drone",
    "drones",
    "air",
    "airstrike",
    "airstrikes",
    "artillery",
    "shelling",
    "missile",
    "missiles",
    "police",
    "navy",
    "units",
    "fighters",
    "security",
    "government",
    "regime",
    "strike",
    "strikes",
    "helicopter",
    "helicopters",
    "paratroopers",
    "marines",
];

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
        // "Russian troops", "Iraqi government forces"
        if let Some((_, country)) = demonym(word) {
            if next.is_some_and(|n| FORCE_NOUNS.contains(&n)) {
                i = push_state_force(&mut out, tokens, i, country);
                continue;
            }
        }
        // "government forces", "the army", "soldiers": the home country's forces
        let bare_force = matches!(
            word,
            "government" | "pro-government" | "regime" | "security"
        ) && next.is_some_and(|n| FORCE_NOUNS.contains(&n))
            || matches!(word, "army" | "soldiers" | "troops")
                && (i == 0 || !is_group_noun(&tokens[i - 1].lower));
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

/// Adds "Military Forces of COUNTRY" for the force words from `start`; the token after them.
fn push_state_force(
    out: &mut Vec<ActorMention>,
    tokens: &[Token<'_>],
    start: usize,
    country: &str,
) -> usize {
    let end = extend_force(tokens, start + 1);
    out.push(ActorMention {
        start,
        end,
        name: format!("Military Forces of {country}"),
        state: true,
    });
    end
}

fn extend_force(tokens: &[Token<'_>], mut end: usize) -> usize {
    while end < tokens.len() && FORCE_NOUNS.contains(&tokens[end].lower.as_str()) {
        end += 1;
    }
    end
}

fn is_group_noun(word: &str) -> bool {
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
            ["Islamic State", "Islamic State", "US forces", "Syrian Democratic Forces", "Syrian Democratic Forces"]
        );
        assert_eq!(
            names("Russian troops retreated", None),
            ["Military Forces of Russia"]
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
