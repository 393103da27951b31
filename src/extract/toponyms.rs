//! Place names in a clause: capitalised word runs looked up in the gazetteer by name (the
//! longest run that is a name wins), kept when the words around them say "place" (in, near,
//! the town of, X province) or when the name is big enough to need no cue (a country, a
//! province, a city of 100,000), and dropped when they are people, rivers or ordinary words.
//!
//! Scanning runs of capitalised words and asking the gazetteer's hash index for each is
//! cheaper than an automaton over all 600,000 name keys (which would take seconds to build
//! and hundreds of megabytes) and finds the same names, since news text capitalises places.

use crate::gazetteer::{Context, CountryCode, Gazetteer, MatchKind, PlaceKind};

use super::text::Token;

/// A place named in a clause.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Token range in the clause.
    pub start: usize,
    pub end: usize,
    /// The name as written (possessive dropped).
    pub raw: String,
    /// What the words around the name say it is.
    pub hint: PlaceKind,
    /// "near X", "outside X", "east of X".
    pub near: bool,
    /// Preceded or followed by a word that marks a place.
    pub cued: bool,
    /// Named as where something came from or went to ("from X", "towards X", "across X"):
    /// not where the event happened, unless nothing else is named.
    pub secondary: bool,
    /// "the town of X", "X village": a settlement even when the gazetteer lacks it.
    pub settlement_cue: bool,
    /// "the X neighbourhood", "X suburb": a part of a town.
    pub quarter: bool,
    /// A regional adjective before it: "eastern Deir ez-Zor".
    pub regional: bool,
    /// Where a source spoke ("the ministry in X said", "told local media in X"): never the
    /// event's place.
    pub attribution: bool,
    /// Where a speaker talked from ("told AFP from X"): the event's place only when the
    /// report has placed nothing else.
    pub spoken_from: bool,
}

/// Words after which a capitalised name is a place.
const LOCATIVE: &[&str] = &[
    "raiding",
    "shelling",
    "bombing",
    "attacking",
    "storming",
    "entering",
    "hitting",
    "striking",
    "capture",
    "recapturing",
    "besieging",
    "pounding",
    "in",
    "at",
    "near",
    "outside",
    "around",
    "into",
    "from",
    "to",
    "toward",
    "towards",
    "across",
    "on",
    "of",
    "hit",
    "struck",
    "entered",
    "captured",
    "seized",
    "recaptured",
    "retook",
    "took",
    "overran",
    "stormed",
    "shelled",
    "bombed",
    "attacked",
    "besieged",
    "targeted",
    "targeting",
    "visited",
    "via",
    "through",
    "within",
    "inside",
    "between",
    "reached",
    "liberated",
    "encircled",
    "surrounded",
    "bombarded",
    "pounded",
    "raided",
    "rocked",
    "control",
    "outskirts",
    "fall",
    "retaking",
    "capturing",
    "seizing",
    "along",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north",
    "south",
    "east",
    "west",
    "beyond",
    "by",
    "past",
];

/// Cues of origin and direction.
const SECONDARY: &[&str] = &[
    "from", "to", "toward", "towards", "across", "beyond", "past", "via", "through", "along",
];

const NEAR: &[&str] = &[
    "near",
    "outside",
    "around",
    "outskirts",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "close",
    "beyond",
    "nearby",
];

/// Capitalised nouns that head an organisation's name ending "of X": the Liberation of X,
/// the Army of X, the Central Bank of X. (Republic, Kingdom, State, Province, City … of X
/// name places and are not here.)
const ORGANISATION_HEADS: &[&str] = &[
    "liberation",
    "army",
    "front",
    "movement",
    "forces",
    "party",
    "council",
    "union",
    "bank",
    "university",
    "ministry",
    "church",
    "federation",
    "association",
    "alliance",
    "brigade",
    "brigades",
    "battalion",
    "congress",
    "assembly",
    "authority",
    "agency",
    "organisation",
    "organization",
    "committee",
    "coalition",
    "commission",
];

/// The word after a name at token `end`, with the names of districts that take several
/// words or another word read as "district": Nigeria's "X local government area" ("X LGA")
/// and Congo's "X territory".
fn noun_after<'t>(tokens: &'t [Token<'_>], end: usize) -> &'t str {
    let w = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    match w(end) {
        "local" if w(end + 1) == "government" && w(end + 2) == "area" => "district",
        "lga" | "territory" => "district",
        other => other,
    }
}

/// Nouns for parts of a town: "the X neighbourhood".
const QUARTER_NOUNS: &[&str] = &["neighbourhood", "neighborhood", "suburb"];

/// Nouns for settlements: "the town of X", "X village".
const SETTLEMENT_NOUNS: &[&str] = &[
    "town",
    "city",
    "village",
    "hamlet",
    "settlement",
    "suburb",
    "neighbourhood",
    "neighborhood",
    "camp",
    "district",
    "districts",
    "township",
    "port",
    "streets",
    "centre",
    "center",
    "outskirts",
    "countryside",
    "area",
];

/// Whether a word is a noun for a settlement ("village", "town").
pub fn is_settlement_noun(word: &str) -> bool {
    SETTLEMENT_NOUNS.contains(&word)
}

/// Nouns after a name that call it a first-level province whatever its spelling.
const PROVINCE_NOUNS: &[&str] = &["governorate", "province", "oblast", "prefecture"];

/// Whether a name itself ends in an area noun ("Kaduna State", "Idlib Governorate"): it names
/// the area, not the town the area is named after.
pub(super) fn ends_in_area_noun(name: &str) -> bool {
    name.rsplit(' ')
        .next()
        .is_some_and(|w| ADMIN_NOUNS.contains(&w.to_lowercase().as_str()))
}

const ADMIN_NOUNS: &[&str] = &[
    "department",
    "municipality",
    "emirate",
    "canton",
    "province",
    "governorate",
    "region",
    "oblast",
    "state",
    "prefecture",
    "county",
];

/// Adjectives of faiths and their communities, capitalised in English but never places
/// ("a Shiite neighbourhood", "the Christian village of X").
const FAITHS: &[&str] = &[
    "shiite",
    "shia",
    "shi'ite",
    "sunni",
    "alawite",
    "druze",
    "christian",
    "christians",
    "muslim",
    "muslims",
    "catholic",
    "protestant",
    "orthodox",
    "hindu",
    "jewish",
    "buddhist",
    "coptic",
    "yazidi",
    "ismaili",
    "evangelical",
    "anglican",
    "sufi",
];

/// Words after a name that make it a river, a relief or a site ("the Euphrates river", "Sinjar
/// mountains"), never an event's place (seas are places: the gazetteer knows them by name).
const TERRAIN_NOUNS: &[&str] = &[
    "forest",
    "plant",
    "dam",
    "river",
    "mountain",
    "mountains",
    "lake",
    "sea",
    "valley",
    "gulf",
    "strait",
    "desert",
    "ocean",
    "canal",
    "hills",
    "range",
];

/// Words that may stand between a cue and the name ("in the strategic town of", "near the
/// SDF-held").
/// (Regional adjectives, [`REGIONAL`], may stand there too.)
const MODIFIERS: &[&str] = &[
    "the",
    "a",
    "an",
    "strategic",
    "key",
    "desert",
    "border",
    "frontline",
    "front-line",
    "besieged",
    "nearby",
    "neighbouring",
    "neighboring",
    "rebel",
    "coastal",
    "small",
    "remote",
    "contested",
    "embattled",
    "occupied",
    "main",
    "old",
    "provincial",
    "capital",
    "restive",
    "volatile",
    "disputed",
    "major",
    "port",
    "southern-held",
];

pub(super) const REGIONAL: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "rural",
    "upper",
    "lower",
];

/// Nouns of a report's sources: "officials in X said" names where the source is, not where
/// the event was.
const ATTRIBUTION: &[&str] = &[
    "ministry",
    "officials",
    "authorities",
    "sources",
    "spokesman",
    "spokeswoman",
    "administration",
    "governor",
    "office",
    "council",
    "media",
    "agency",
    "monitor",
    "observatory",
    "doctors",
    "medics",
    "police",
    "hospitals",
    "correspondent",
    "reporters",
    "diplomats",
    // "in support of the new government in Damascus": where a government sits
    "government",
    "regime",
];

/// The sources among them that are never where anything happened: people who speak from a
/// place ("told local media in X"). A ministry or a council is a building events happen at
/// (a protest outside the council in X), so those stay secondary places.
const SPEAKERS: &[&str] = &[
    "media",
    "reporters",
    "journalists",
    "correspondent",
    "diplomats",
    "agency",
    "spokesman",
    "spokeswoman",
    "sources",
];

/// Reporting words before a name that make it a source, not a place ("told Reuters").
const SPEECH: &[&str] = &["told", "according"];

/// Words after a name that make it a speaker (a place or a side that speaks is the source).
pub(super) const SPEECH_AFTER: &[&str] = &["told", "said", "says", "added", "stated", "tweeted"];

/// Lower-case name particles that may start or continue a name ("al Bab", "Deir ez-Zor").
const PARTICLES: &[&str] = &[
    "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ez", "es", "ed", "bin", "ibn", "abu",
    "bani", "beni", "de", "del", "di", "la", "le", "du", "des", "da", "dos",
];

/// Capitalised words too common to be taken as places without a cue ("Government"; number
/// words such as "Two" and weekdays come from [`crate::lexicon`]).
const COMMON: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "and",
    "but",
    "or",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "they",
    "we",
    "his",
    "her",
    "their",
    "our",
    "since",
    "over",
    "after",
    "before",
    "during",
    "despite",
    "while",
    "when",
    "where",
    "as",
    "by",
    "for",
    "from",
    "with",
    "government",
    "forces",
    "army",
    "police",
    "soldiers",
    "troops",
    "state",
    "islamic",
    "source",
    "sources",
    "officials",
    "residents",
    "activists",
    "witnesses",
    "monitor",
    "observatory",
    "ministry",
    "defence",
    "defense",
    "interior",
    "health",
    "news",
    "agency",
    "reuters",
    "press",
    "media",
    "council",
    "coalition",
    "united",
    "nations",
    "un",
    "red",
    "cross",
    "crescent",
    "human",
    "rights",
    "watch",
    "amnesty",
    "international",
    "hundreds",
    "thousands",
    "dozens",
    "several",
    "many",
    "some",
    "most",
    "all",
    "no",
    "more",
    "less",
    "also",
    "meanwhile",
    "however",
    "earlier",
    "later",
    "elsewhere",
    "separately",
    "overnight",
    "yesterday",
    "today",
    "tonight",
    "local",
    "regional",
    "national",
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "north",
    "south",
    "east",
    "west",
    "airport",
    "base",
    "camp",
    "university",
    "hospital",
    "mosque",
    "church",
    "school",
    "market",
    "bridge",
    "road",
    "highway",
    "border",
    "republic",
    "democratic",
    "kingdom",
    "people",
    "popular",
    "revolutionary",
    "guard",
    "guards",
    "unity",
    "national",
    "liberation",
    "front",
    "movement",
    "party",
    "brigade",
    "battalion",
    "division",
    "corps",
    "command",
    "security",
    "president",
    "minister",
    "prime",
    "general",
    "spokesman",
    "commander",
    "leader",
    "mr",
    "sheikh",
    "shelling",
    "fighting",
    "clashes",
    "protesters",
    "gunmen",
    "militants",
    "rebels",
    "fighters",
    "civilians",
    "women",
    "children",
    "victims",
    "there",
    "here",
    "what",
    "who",
    "which",
    "then",
    "now",
    "once",
    "again",
    "both",
    "each",
    "other",
    "another",
    "such",
    "much",
    "first",
    "last",
    "next",
    "new",
    "old",
    "late",
    "young",
    "even",
    "just",
    "only",
    "still",
    "yet",
    "up",
    "down",
    "out",
    "off",
    "about",
    "into",
    "around",
    "near",
    "across",
    "against",
    "between",
    "under",
    "above",
    "among",
    "through",
    "without",
    "within",
    "toward",
    "towards",
    "upon",
    "if",
    "so",
    "than",
    "too",
    "very",
    "can",
    "will",
    "may",
    "says",
    "said",
    "say",
    "according",
    "reported",
    "report",
    "reports",
    "video",
    "photos",
    "images",
    "god",
    "allah",
    "shia",
    "sunni",
    "muslim",
    "muslims",
    "christian",
    "christians",
    "arab",
    "arabs",
    "kurd",
    "kurds",
    "kurdish",
    "jihadist",
    "isis",
    "sham",
    "levant",
    "iraq's",
    "martyrs",
    "victory",
    "peace",
    "hope",
    "justice",
    "freedom",
];

pub(super) fn is_particle_prefixed(text: &str) -> bool {
    // "al-Ja'abi", "el-Fasher", "ez-Zor": an article, a hyphen, a capital
    let Some((head, tail)) = text.split_once('-') else {
        return false;
    };
    PARTICLES.contains(&head.to_lowercase().as_str())
        && tail.chars().next().is_some_and(char::is_uppercase)
}

/// "SDF-held", "Russian-backed": a modifier, not a name.
fn is_affiliation(t: &Token<'_>) -> bool {
    [
        "-held",
        "-controlled",
        "-led",
        "-backed",
        "-allied",
        "-linked",
        "-aligned",
        "-run",
        "-based",
    ]
    .iter()
    .any(|s| t.lower.ends_with(s))
}

fn starts_name(t: &Token<'_>) -> bool {
    !is_affiliation(t) && (t.is_capitalised() || is_particle_prefixed(t.text))
}

/// Particles that are also English words ("at", "as", "an") never start or join a name on
/// their own; the hyphenated forms ("as-Sukhnah") still do.
const ENGLISH_PARTICLES: &[&str] = &["at", "as", "an", "ad", "la", "le", "da", "des"];

fn is_name_particle(t: &Token<'_>) -> bool {
    !t.is_capitalised()
        && PARTICLES.contains(&t.lower.as_str())
        && !ENGLISH_PARTICLES.contains(&t.lower.as_str())
}

fn continues_name(t: &Token<'_>) -> bool {
    starts_name(t) || is_name_particle(t) || is_particle_prefixed(t.text)
}

/// A word without its possessive ("Kashmir's" → "Kashmir").
pub(super) fn bare(text: &str) -> &str {
    text.strip_suffix("'s")
        .or_else(|| text.strip_suffix("’s"))
        .unwrap_or(text)
}

/// The end of a name that runs from `i` across "and" or "of" past `run_end` ("Trinidad and
/// Tobago", "Gulf of Aden"), when the gazetteer knows the whole name.
fn joined_name(
    gazetteer: &Gazetteer,
    tokens: &[Token<'_>],
    masked: &[bool],
    i: usize,
    run_end_at: usize,
) -> Option<usize> {
    let and = tokens.get(run_end_at)?;
    if !matches!(and.lower.as_str(), "and" | "of")
        || tokens[run_end_at - 1].punct_after
        || and.punct_after
    {
        return None;
    }
    let next = run_end_at + 1;
    if next >= tokens.len() || masked[next] || !starts_name(&tokens[next]) {
        return None;
    }
    let far = run_end(tokens, masked, next);
    (next + 1..=far)
        .rev()
        .find(|&end| gazetteer.has_name(&name_of(&tokens[i..end])))
}

/// The country whose own name the words `tokens` are (possessive dropped): "Iraq's",
/// "Burkina Faso".
pub(super) fn country_of_name(gazetteer: &Gazetteer, tokens: &[Token<'_>]) -> Option<CountryCode> {
    if tokens.is_empty() {
        return None;
    }
    gazetteer
        .matches(&name_of(tokens), false)
        .into_iter()
        .map(|(i, m)| (gazetteer.place(i), m))
        .find(|(p, m)| p.is_country() && *m == MatchKind::Exact)
        .map(|(p, _)| p.country)
}

/// Whether a country's name starts at token `at`, after "the" and a regional adjective ("of
/// central Mali", "of the Democratic Republic of Congo").
fn country_follows(gazetteer: &Gazetteer, tokens: &[Token<'_>], mut at: usize) -> bool {
    while tokens
        .get(at)
        .is_some_and(|t| t.lower == "the" || REGIONAL.contains(&t.lower.as_str()))
    {
        at += 1;
    }
    (at + 1..=(at + 5).min(tokens.len()))
        .any(|end| country_of_name(gazetteer, &tokens[at..end]).is_some())
}

/// Words that call a name a part of a place rather than a settlement of its own: the nouns
/// of a town's parts, and "district", "quarter", "area".
fn is_part_noun(word: &str) -> bool {
    QUARTER_NOUNS.contains(&word) || matches!(word, "district" | "quarter" | "area")
}

/// Whether the words around tokens `start..end` call the name a part of a place: "the X
/// district", "the district of X".
pub(super) fn names_a_part(tokens: &[Token<'_>], start: usize, end: usize) -> bool {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    is_part_noun(word(end))
        || start >= 2 && word(start - 1) == "of" && is_part_noun(word(start - 2))
}

/// Longest run of tokens that may form one name, starting at `i`.
fn run_end(tokens: &[Token<'_>], masked: &[bool], i: usize) -> usize {
    let mut end = i + 1;
    while end < tokens.len()
        && end - i < 5
        && !masked[end]
        && !tokens[end - 1].punct_after
        && continues_name(&tokens[end])
    {
        end += 1;
    }
    // a run does not end on a bare particle
    while end > i + 1 && is_name_particle(&tokens[end - 1]) {
        end -= 1;
    }
    end
}

/// The name the words `tokens` spell, each without its possessive ("Kashmir's" → "Kashmir").
pub(super) fn name_of(tokens: &[Token<'_>]) -> String {
    tokens
        .iter()
        .map(|t| bare(t.text))
        .collect::<Vec<_>>()
        .join(" ")
}

struct Cue {
    cued: bool,
    secondary: bool,
    near: bool,
    settlement: bool,
    regional: bool,
    /// "the region of X", "the province of X".
    admin: bool,
}

/// A distance this far or farther ("about 370 km southwest of X") puts a place too far from X
/// to be near it: X only measures where it lies.
const FAR_KM: f64 = 50.0;

/// Whether a distance of [`FAR_KM`] or more is told right before token `head` (a direction
/// word or the unit itself): "370 km southwest", "200 kilometres".
fn far_distance_before(tokens: &[Token<'_>], head: usize) -> bool {
    super::offset::distance_before(tokens, head + 1).is_some_and(|km| km >= FAR_KM)
}

/// What the words before token `i` say.
fn cue_before(tokens: &[Token<'_>], i: usize) -> Cue {
    let mut cue = Cue {
        cued: false,
        secondary: false,
        near: false,
        settlement: false,
        regional: false,
        admin: false,
    };
    let mut j = i;
    let mut skipped = 0;
    while j > 0 {
        j -= 1;
        let w = tokens[j].lower.as_str();
        if tokens[j].punct_after && j + 1 < i {
            break;
        }
        // "eastern Deir ez-Zor" is a part of the province; "central Tbilisi" is the city's
        // centre, where a city shares its name with its province
        if REGIONAL.contains(&w) && w != "central" && j + 1 == i {
            cue.regional = true;
        }
        if w == "of" {
            cue.cued = true;
            if j > 0 {
                let head = tokens[j - 1].lower.as_str();
                cue.settlement |= SETTLEMENT_NOUNS.contains(&head);
                cue.admin |= ADMIN_NOUNS.contains(&head);
                // "members of Los Lobos", "a faction of X": a group's name, not a place
                cue.secondary |= matches!(
                    head,
                    "members" | "member" | "faction" | "factions" | "affiliates" | "cell"
                );
                let measured = NEAR.contains(&head) || head == "kilometres" || head == "km";
                let far = measured && far_distance_before(tokens, j - 1);
                cue.near |= measured && !far;
                // (a place measured from, far off, is where nothing happened)
                cue.secondary |= far;
            }
            return cue;
        }
        if LOCATIVE.contains(&w) {
            cue.cued = true;
            // "crowds flocked to X": where a gathering went is where it was
            // "marched through X": where a march went is where it was
            let gathered_at = matches!(w, "to" | "through")
                && j > 0
                && matches!(
                    tokens[j - 1].lower.as_str(),
                    "flocked"
                        | "converged"
                        | "thronged"
                        | "poured"
                        | "streamed"
                        | "marched"
                        | "paraded"
                        | "rallied"
                        | "processed"
                );
            cue.secondary = SECONDARY.contains(&w) && !gathered_at
                // "Israel's war on X", "the offensive on X": the wider war, not this incident
                || matches!(w, "on" | "against")
                    && j > 0
                    && matches!(tokens[j - 1].lower.as_str(), "war" | "offensive" | "campaign");
            cue.near |= NEAR.contains(&w);
            // "close to X"
            cue.near |= w == "to" && j > 0 && tokens[j - 1].lower == "close";
            return cue;
        }
        if SETTLEMENT_NOUNS.contains(&w) && j + 1 == i {
            // "the town Granij" (rare), or "the village al-Shajlah"
            cue.cued = true;
            cue.settlement = true;
            return cue;
        }
        let modifier = MODIFIERS.contains(&w)
            || REGIONAL.contains(&w)
            || w.ends_with("-held")
            || w.ends_with("-controlled")
            // "in Somalia's X region": the country or province that holds the name (and
            // "in South Kordofan's capital X", past the modifier)
            || tokens[j].is_capitalised() && bare(tokens[j].text) != tokens[j].text
            // "the state capital X", "the provincial capital X"
            || matches!(w, "state" | "regional" | "district")
                && tokens.get(j + 1).is_some_and(|t| t.lower == "capital");
        if !modifier || skipped >= 3 {
            break;
        }
        skipped += 1;
    }
    cue
}

/// Names a report called settlements, indexed by their first word, for [`named_settlements`]
/// (a look-up per token, so that a report of thousands of such names stays linear).
pub type SettlementNames = std::collections::HashMap<String, Vec<Vec<String>>>;

/// Indexes settlement names by their first word.
pub fn settlement_names(names: &[String]) -> SettlementNames {
    let mut out = SettlementNames::new();
    for name in names {
        let words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
        if let Some(first) = words.first() {
            out.entry(first.clone()).or_default().push(words);
        }
    }
    out
}

/// Mentions of names the report called settlements elsewhere (`names`), where no mention of
/// `known` covers them: each a settlement, with the cues of its own words.
pub fn named_settlements(
    tokens: &[Token<'_>],
    known: &[Mention],
    names: &SettlementNames,
) -> Vec<Mention> {
    let mut covered = vec![false; tokens.len()];
    for m in known {
        covered[m.start.min(tokens.len())..m.end.min(tokens.len())]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let candidates = (!covered[i] && tokens[i].is_capitalised())
            .then(|| names.get(bare(tokens[i].text)))
            .flatten();
        let matched = candidates.and_then(|list| {
            list.iter().find_map(|words| {
                let end = i + words.len();
                let same = end <= tokens.len()
                    && words
                        .iter()
                        .zip(&tokens[i..end])
                        .all(|(w, t)| bare(t.text) == w.as_str())
                    && !covered[i..end].iter().any(|&c| c);
                same.then(|| (end, words.join(" ")))
            })
        });
        let Some((end, name)) = matched else {
            i += 1;
            continue;
        };
        let cue = cue_before(tokens, i);
        out.push(Mention {
            start: i,
            end,
            raw: name,
            hint: PlaceKind::Settlement,
            near: cue.near,
            cued: true,
            secondary: cue.secondary,
            settlement_cue: true,
            quarter: false,
            regional: cue.regional,
            attribution: false,
            spoken_from: false,
        });
        i = end;
    }
    out
}

/// The gazetteer-backed place finder. `report_words` holds every lower-case word of the
/// report, so that a capitalised word also used in lower case ("Shelling ... shelling") is
/// known to be an ordinary word.
pub fn find(
    gazetteer: &Gazetteer,
    tokens: &[Token<'_>],
    masked: &[bool],
    lower_words: &std::collections::HashSet<String>,
) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    let any = Context::default();
    while i < tokens.len() {
        if masked[i] || !starts_name(&tokens[i]) && !is_name_particle(&tokens[i]) {
            i += 1;
            continue;
        }
        let mut max_end = run_end(tokens, masked, i);
        // "Jammu and Kashmir", "Bosnia and Herzegovina", "the Sea of Azov": one name across
        // "and" or "of", when the gazetteer knows the whole
        if let Some(end) = joined_name(gazetteer, tokens, masked, i, max_end) {
            max_end = end;
        }
        if max_end == i + 1 && is_name_particle(&tokens[i]) {
            i += 1;
            continue;
        }
        // "Captain Nur Aden": a run opened by a title names a person, all of it
        if crate::lexicon::is_person_title(&tokens[i].lower) {
            i = max_end;
            continue;
        }
        let person = i > 0 && {
            let prev = tokens[i - 1].lower.as_str();
            crate::lexicon::is_person_title(prev) || SPEECH.contains(&prev)
        };
        let mut cue = cue_before(tokens, i);
        // "a highway connecting the city of X to Y": the ends of a road, not the place
        cue.secondary |= tokens[i.saturating_sub(5)..i].iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "connecting" | "linking" | "connects" | "links" | "joining"
            )
        });
        // "in A and B", "A, B and C": a name joined to the one before shares its cue
        if let Some(prev) = out.last() {
            let joined = i == prev.end + 1
                && matches!(tokens[prev.end].lower.as_str(), "and" | "or")
                || i == prev.end && tokens[i - 1].punct_after;
            if joined && !cue.cued {
                cue.cued = prev.cued;
                cue.secondary = prev.secondary;
                cue.near = prev.near;
            }
        }
        // the longest run that is a name
        let mut found = None;
        for end in (i + 1..=max_end).rev() {
            let name = name_of(&tokens[i..end]);
            if gazetteer.has_name(&name) {
                found = Some((end, name));
                break;
            }
        }
        // "In Idlib city, …": a preposition capitalised to open a sentence or a headline is no
        // part of the name after it (a town named so, "In Salah", is known whole)
        let opening_preposition = matches!(
            tokens[i].lower.as_str(),
            "in" | "on" | "near" | "from" | "outside" | "inside" | "across" | "around" | "into"
        );
        if opening_preposition && found.as_ref().is_none_or(|(end, _)| *end == i + 1) {
            i += 1;
            continue;
        }
        if found.is_none() && cue.cued && max_end > i {
            // a spelling only the consonant skeleton finds ("Deir Ezzor"); the resolver
            // keeps it only in the report's country
            let name = name_of(&tokens[i..max_end]);
            if !gazetteer.lookup(&name, &any, 1).is_empty() {
                found = Some((max_end, name));
            }
        }
        // "Nan Khan village": the whole run names the village, not a known word inside it
        // ("Kashmir's Anantnag district" is two names, "a Belgorod Region village" a province)
        // "the village of Wad al-Noura": a known "Wad" inside a run that goes on is part of a
        // longer name the gazetteer lacks
        let settlement_named = cue.settlement
            || tokens
                .get(max_end)
                .is_some_and(|t| SETTLEMENT_NOUNS.contains(&t.lower.as_str()));
        // "in Mir Ali, North Waziristan": a whole run placed inside another place names one
        // village, even where a shorter name inside it is known
        let run_inside = |end: usize| {
            let after = tokens.get(end).map_or("", |t| t.lower.as_str());
            i > 0
                && tokens[i - 1].lower == "in"
                && (after == "in" || tokens[end - 1].punct_after && !after.is_empty())
                && tokens
                    .get(end + usize::from(after == "in"))
                    .is_some_and(|t| t.is_capitalised() || t.lower == "the")
        };
        let found = found.filter(|(end, _)| {
            *end == max_end
                || !run_inside(max_end)
                || tokens[i..*end].iter().any(|t| bare(t.text) != t.text)
        });
        // "Lake Chad", "Mount Sinjar": a natural feature the gazetteer lacks, not a place
        // called "Lake"
        let found = found.filter(|(end, _)| {
            !(*end == i + 1 && max_end > i + 1 && TERRAIN_NOUNS.contains(&tokens[i].lower.as_str()))
        });
        // (and "the town of Ti Bwa", where "Ti" alone is a name abroad)
        let found = found.filter(|(end, _)| {
            let goes_on = *end < max_end
                && tokens[i..*end].iter().all(|t| bare(t.text) == t.text)
                && !tokens[*end..max_end]
                    .iter()
                    .any(|t| ADMIN_NOUNS.contains(&t.lower.as_str()));
            !(settlement_named && goes_on)
        });
        let found = found.filter(|(end, _)| {
            *end == max_end
                || tokens[i..*end].iter().any(|t| bare(t.text) != t.text)
                || tokens[*end..max_end]
                    .iter()
                    .any(|t| ADMIN_NOUNS.contains(&t.lower.as_str()))
                || !tokens
                    .get(max_end)
                    .is_some_and(|t| SETTLEMENT_NOUNS.contains(&t.lower.as_str()))
        });
        let (end, name, known) = match found {
            Some((end, name)) => (end, name, true),
            // "Al-Dhalea Governorate" written as one capitalised run: the name before the noun
            None if max_end > i + 1
                && PROVINCE_NOUNS.contains(&tokens[max_end - 1].lower.as_str()) =>
            {
                (max_end - 1, name_of(&tokens[i..max_end - 1]), false)
            }
            None => (max_end, name_of(&tokens[i..max_end]), false),
        };
        let after_run = noun_after(tokens, end);
        // "in V in the X region", "in V, X province": an unknown name placed inside another
        // place is a village the gazetteer lacks
        let placed_inside = run_inside(end);
        let named_settlement =
            cue.settlement || SETTLEMENT_NOUNS.contains(&after_run) || placed_inside;
        // "Al-Dhalea Governorate": a province named in a spelling the gazetteer lacks, which
        // the resolver matches among the country's provinces
        let named_province = !known && PROVINCE_NOUNS.contains(&after_run);
        if !known && !named_settlement && !named_province {
            // not a name we know: go on from the next word ("Near Izium")
            i += 1;
            continue;
        }
        let after = after_run;
        // "the Mexico state of X", "the Ethiopian region of X": the name qualifies the noun
        // that opens the next name's phrase; it is not itself a province
        let of_next = tokens.get(end + 1).is_some_and(|t| t.lower == "of");
        // "the central Mexico state of X": the name only qualifies the noun (unlike
        // "Hodeidah's district of X", which says what holds X and stays a place)
        // ("the Kurram district of X" names the district, which X holds)
        // ("the Mopti region of central Mali" names the region, which the country holds)
        let qualifier = of_next
            && ADMIN_NOUNS.contains(&after)
            && !cue.settlement
            && !cue.admin
            && bare(tokens[end - 1].text) == tokens[end - 1].text
            && !country_follows(gazetteer, tokens, end + 2);
        // ("the Kurram district of X" is still a district; "Hodeidah's district of X" holds X)
        let possessive = bare(tokens[end - 1].text) != tokens[end - 1].text;
        let after = if of_next
            && (qualifier
                || possessive
                || !(ADMIN_NOUNS.contains(&after) || SETTLEMENT_NOUNS.contains(&after)))
        {
            ""
        } else {
            after
        };
        let hint = if ADMIN_NOUNS.contains(&after) || cue.admin {
            PlaceKind::Admin1
        } else if SETTLEMENT_NOUNS.contains(&after) || cue.settlement {
            PlaceKind::Settlement
        } else {
            PlaceKind::Any
        };
        let followed = hint != PlaceKind::Any;
        let settlement_cue =
            cue.settlement || SETTLEMENT_NOUNS.contains(&after) && after != "area" || placed_inside;
        let key = tokens[i].lower.as_str();
        let single = end == i + 1;
        let common = single
            && (COMMON.contains(&bare(key))
                || crate::lexicon::number_word(bare(key)).is_some()
                || crate::lexicon::WEEKDAYS.contains(&bare(key))
                || lower_words.contains(key));
        let terrain = TERRAIN_NOUNS.contains(&after);
        // "between Druze gunmen and Bedouin tribes": a word before a noun for people is whose
        // people, not a place the words put the incident at
        let people_after = (super::actors::is_group_noun(after)
            || matches!(
                after,
                "tribes"
                    | "tribesmen"
                    | "clans"
                    | "herders"
                    | "youths"
                    | "elders"
                    | "community"
                    | "communities"
            ))
            && !tokens[end - 1].punct_after;
        let cued = (cue.cued || followed) && !people_after;
        // "the health ministry in Gaza", "told local media in the capital X"
        let source = {
            let mut j = i;
            while j > 0 && matches!(tokens[j - 1].lower.as_str(), "the" | "capital" | "city") {
                j -= 1;
            }
            (j >= 2 && tokens[j - 1].lower == "in").then(|| tokens[j - 2].lower.as_str())
        };
        // "Kyiv's military intelligence said", "Moscow's defence ministry said": the
        // possessor of the body that speaks, a source's place like "the ministry in Gaza"
        let possessive_source = possessive
            && (end..(end + 4).min(tokens.len()))
                .find(|&k| SPEECH_AFTER.contains(&tokens[k].lower.as_str()))
                .is_some_and(|k| {
                    k > end
                        && tokens[end..k]
                            .iter()
                            .all(|t| !t.is_capitalised() && !t.punct_after && !t.is_number())
                });
        let attribution = possessive_source
            || source.is_some_and(|w| ATTRIBUTION.contains(&w) || SPEAKERS.contains(&w));
        // "an official told AFP from Timbuktu", "speaking by phone from X": where the
        // speaker was
        let spoken_from = i >= 2
            && tokens[i - 1].lower == "from"
            && tokens[i.saturating_sub(5)..i - 1].iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "told" | "said" | "speaking" | "spoke" | "phone" | "telephone" | "reported"
                )
            });
        // "the mayor of X told reporters": the town of the official who spoke
        let office_of = i >= 2
            && tokens[i - 1].lower == "of"
            && crate::lexicon::is_person_title(&tokens[i - 2].lower);
        let spoken_from = spoken_from || office_of;
        let speakers_place = source.is_some_and(|w| SPEAKERS.contains(&w));
        // "Aden told reporters", "Moscow said": a speaker, not where anything happened
        let speaker = !cue.cued && SPEECH_AFTER.contains(&after);
        // "told The Irrawaddy", "told Al Arabiya": the outlet spoken to
        let addressee = {
            let mut j = i;
            if j > 0 && tokens[j - 1].lower == "the" {
                j -= 1;
            }
            j > 0 && matches!(tokens[j - 1].lower.as_str(), "told" | "telling" | "tells")
        };
        // "Kurdistan 24 reported", "told France 24": a broadcaster named after a place, its
        // channel number after the name
        let channel = tokens
            .get(end)
            .is_some_and(|t| t.is_number() && t.text.len() <= 3 && !tokens[end - 1].punct_after)
            && (addressee
                || tokens.get(end + 1).is_some_and(|t| {
                    SPEECH_AFTER.contains(&t.lower.as_str()) || t.lower == "reported"
                })
                || i >= 2 && tokens[i - 2].lower == "according" && tokens[i - 1].lower == "to");
        let speaker = speaker || addressee || channel;
        // "the Democratic Forces for the Liberation of Rwanda", "the Central Bank of Libya":
        // the end of an organisation's name, not a place (nor a vote for its country)
        let organisation = i >= 2
            && tokens[i - 1].lower == "of"
            && tokens[i - 2].is_capitalised()
            && ORGANISATION_HEADS.contains(&tokens[i - 2].lower.as_str());
        // "a Shiite neighbourhood", "a Christian village": a faith names whose, never where
        let faith = single && FAITHS.contains(&bare(key));
        let keep = !person
            && !organisation
            && !faith
            && !speaker
            && !terrain
            && (!common || settlement_cue)
            && (known || settlement_cue || named_province);
        if keep {
            out.push(Mention {
                start: i,
                end,
                raw: name,
                hint,
                near: cue.near,
                cued,
                // a qualifier ("the Mexico state of") is a last resort, like a direction
                secondary: cue.secondary || attribution || qualifier,
                settlement_cue,
                quarter: QUARTER_NOUNS.contains(&after),
                regional: cue.regional,
                attribution: speakers_place,
                spoken_from,
            });
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::text::tokens;
    use super::*;

    #[test]
    fn cues_read_the_words_before() {
        let t = tokens(
            "clashes in the village of al-Safafneh near the strategic Bagouz area",
            0,
        );
        let at = |w: &str| t.iter().position(|x| x.text == w).expect("word in text");
        let c = cue_before(&t, at("al-Safafneh"));
        assert!(c.cued && c.settlement && !c.near);
        let c = cue_before(&t, at("Bagouz"));
        assert!(c.cued && c.near);
        let t = tokens("in eastern Deir ez-Zor province", 0);
        let c = cue_before(&t, 2);
        assert!(c.cued && c.regional);
        assert_eq!(run_end(&t, &[false; 5], 2), 4);
    }
}
