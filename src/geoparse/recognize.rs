//! Finding place mentions in running text: capitalised names the gazetteer knows (the longest
//! that matches), demonyms and short forms of countries, minus what the words around them say
//! is not a place — a person after a title, a name inside a longer proper name ("Georgia Tech",
//! "John Jordan"), a sentence-initial word the text also uses in lower case, an acronym that is
//! not a country's short form ("ELN", "AP").
//!
//! Tokenising is written here rather than taken from a library because the rules need exactly
//! three facts per word — its span, whether it is capitalised, whether it opens a sentence —
//! and the abbreviations news writes with stops ("U.S.").

use std::collections::HashSet;

use crate::gazetteer::Gazetteer;

use super::span::{Indexed, Span};

#[derive(Debug, Clone)]
struct Word<'a> {
    /// Byte range in the text.
    start: usize,
    end: usize,
    text: &'a str,
    capital: bool,
    all_caps: bool,
    sentence_start: bool,
}

/// Words a capitalised run may hold between names: "Bay of Bengal", "Rio de Janeiro".
const CONNECTORS: &[&str] = &[
    "of", "and", "de", "del", "da", "do", "la", "le", "al", "el", "upon",
];

/// Words after a name that make it part of a longer proper name that is not a place,
/// unless the gazetteer knows the longer name.
const NAME_TAILS: &[&str] = &[
    // diseases named after places ("West Nile virus", "Rift Valley fever")
    "virus",
    "fever",
    "university",
    "college",
    "school",
    "times",
    "post",
    "herald",
    "journal",
    "news",
    "tribune",
    "inc",
    "corp",
    "company",
    "co",
    "ltd",
    "group",
    "bank",
    "hospital",
    "airlines",
    "airport",
    "fc",
    "united",
    "club",
    "party",
    "church",
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "drive",
    "hall",
    "center",
    "centre",
    "institute",
    "museum",
    "police",
    "department",
    "dept",
    "council",
    "court",
    "high",
    "elementary",
    "middle",
    "tech",
    "state",
    "press",
    "gazette",
    "daily",
    "magazine",
    "radio",
    "tv",
    "television",
    "network",
    "foundation",
    "association",
    "society",
    "hotel",
    "stadium",
    "park",
    "mall",
    "square",
    "bridge",
    "station",
    "jr",
    "sr",
    "ii",
    "iii",
    "dam",
];

/// Capitalised words that open sentences and headlines and are also place names somewhere.
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "another",
    "day",
    "any",
    "none",
    "much",
    "several",
    "few",
    "yet",
    "still",
    "just",
    "in",
    "on",
    "at",
    "it",
    "he",
    "she",
    "we",
    "they",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "or",
    "if",
    "as",
    "by",
    "for",
    "with",
    "from",
    "to",
    "after",
    "before",
    "when",
    "while",
    "there",
    "here",
    "his",
    "her",
    "their",
    "our",
    "its",
    "so",
    "no",
    "not",
    "all",
    "some",
    "many",
    "most",
    "one",
    "two",
    "three",
    "police",
    "officials",
    "however",
    "also",
    "then",
    "now",
    "today",
    "meanwhile",
    "according",
    "said",
    "says",
    "last",
    "next",
    "more",
    "many",
    "both",
    "each",
    "every",
    "other",
    "such",
    "what",
    "who",
    "which",
    "why",
    "how",
    "where",
    "about",
    "under",
    "over",
    "during",
    "since",
    "until",
    "because",
    "mount",
    "lake",
    "new",
    "i",
    "north",
    "south",
    "east",
    "west",
    "northwest",
    "northeast",
    "southwest",
    "southeast",
    "central",
    "interior",
    "christmas",
    "god",
    "jesus",
    "university",
    "congress",
    "commissioner",
    "royal",
    "rev",
    "senate",
    "house",
    "state",
    "city",
    "county",
    "federal",
    "national",
    "republican",
    "democrat",
    "democrats",
    "republicans",
    "church",
    "mr",
    "mrs",
    "ms",
    "dr",
];

/// Function words, months, weekdays and number words ("Four were hurt"): capitalised only at a
/// sentence's start or as names.
fn is_function_word(w: &str) -> bool {
    FUNCTION_WORDS.contains(&w)
        || crate::lexicon::number_word(w).is_some()
        || w == "sept"
        || crate::lexicon::MONTH_ABBREVIATIONS.contains(&w) && w != "may"
        || crate::lexicon::MONTHS.contains(&w)
        || crate::lexicon::WEEKDAYS.contains(&w)
}

/// Words of organisations' names: a capitalised run holding one is no person ("Sudan
/// Liberation Army", "Georgia Modular Systems", "Hawaii Pacific Health").
const ORGANISATION_WORDS: &[&str] = &[
    "army",
    "liberation",
    "movement",
    "front",
    "forces",
    "force",
    "ministry",
    "government",
    "committee",
    "union",
    "league",
    "authority",
    "agency",
    "commission",
    "corps",
    "guard",
    "brigade",
    "brigades",
    "battalion",
    "federation",
    "alliance",
    "coalition",
    "organization",
    "organisation",
    "service",
    "services",
    "office",
    "board",
    "systems",
    "health",
    "area",
    "art",
    "arts",
    "council",
    "chamber",
    "industries",
    "partners",
    "holdings",
    "bureau",
    "fund",
    "trust",
    "centre",
    "center",
    "academy",
    "club",
    "team",
    "games",
    "festival",
    "airport",
    "port",
    "railway",
    "railways",
    "energy",
    "power",
    "oil",
    "gas",
    "water",
    "assembly",
    "parliament",
    "congress",
    "senate",
    "court",
    "exchange",
    "highways",
    "llc",
    "plc",
    "gmbh",
    "motors",
    "patrol",
    "highway",
    "electric",
    "airways",
    "insurance",
    "telecom",
];

/// Nouns that make a capitalised pair a place name rather than a person ("Jones County").
const PLACE_NOUNS: &[&str] = &[
    "county",
    "parish",
    "city",
    "town",
    "river",
    "lake",
    "island",
    "islands",
    "mountains",
    "valley",
    "province",
    "state",
    "district",
    "region",
    "township",
    "village",
    "bay",
    "sea",
    "ocean",
    "coast",
    "beach",
    "creek",
    "falls",
    "springs",
    "heights",
    "park",
    "harbor",
    "harbour",
    "peninsula",
    "desert",
    "gulf",
    "strait",
];

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    let mut iter = text.char_indices().peekable();
    while let Some((b, c)) = iter.next() {
        if !c.is_alphanumeric() {
            // the stop of "St.", "Gov." or an initial ends no sentence
            let abbreviation = c == '.'
                && out.last().is_some_and(|w: &Word| {
                    w.end == b && (is_initial(w.text) || is_stopped_abbreviation(w.text))
                });
            if matches!(
                c,
                '.' | '!' | '?' | '\n' | ':' | '"' | '“' | '”' | '(' | '|'
            ) && !abbreviation
            {
                sentence_start = true;
            }
            continue;
        }
        let start = b;
        let mut end = b + c.len_utf8();
        while let Some(&(nb, nc)) = iter.peek() {
            let inner = nc.is_alphanumeric()
                || matches!(nc, '-' | '\'' | '’' | '.') && {
                    // a mark inside a word: followed by a letter
                    let rest = &text[nb + nc.len_utf8()..];
                    rest.chars().next().is_some_and(|x| x.is_alphanumeric())
                };
            if !inner {
                break;
            }
            end = nb + nc.len_utf8();
            iter.next();
        }
        let mut w = &text[start..end];
        // "U.S." keeps its final stop; other words end before it
        if text[end..].starts_with('.') && is_dotted_abbreviation(&text[start..end + 1]) {
            end += 1;
            iter.next();
            w = &text[start..end];
        }
        // a possessive is not part of the name
        for suffix in ["'s", "’s"] {
            if let Some(rest) = w.strip_suffix(suffix) {
                w = rest;
                end = start + w.len();
            }
        }
        // "ez-Zor", "al-Bab": an article joined to a capitalised name counts as capitalised
        let after_article = w.split_once('-').is_some_and(|(a, rest)| {
            a.len() <= 3 && rest.chars().next().is_some_and(char::is_uppercase)
        });
        let first = if after_article {
            'A'
        } else {
            w.chars().next().unwrap_or(' ')
        };
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        out.push(Word {
            start,
            end,
            text: w,
            capital: first.is_uppercase(),
            all_caps: letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()),
            sentence_start,
        });
        sentence_start = false;
        if w.ends_with('.') && !is_dotted_abbreviation(w) {
            sentence_start = true;
        }
    }
    out
}

/// "I've", "We're", "They'll": a pronoun and a verb, never a place.
fn is_contraction(w: &str) -> bool {
    [
        "'ve", "'re", "'ll", "'d", "’ve", "’re", "’ll", "’d", "n't", "n’t", "'m", "’m",
    ]
    .iter()
    .any(|s| w.ends_with(s))
}

/// "U.S.", "U.K.": single letters each followed by a stop.
fn is_dotted_abbreviation(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 4
        && b.len().is_multiple_of(2)
        && b.chunks(2)
            .all(|p| p[0].is_ascii_uppercase() && p[1] == b'.')
}

/// Words news writes with a stop inside a name: "St. Louis", "Mt. Kenya", "Gov. Smith".
const STOPPED_ABBREVIATIONS: &[&str] = &[
    "St", "Mt", "Ft", "Pt", "Ste", "Gov", "Sen", "Rep", "Rev", "Dr", "Mr", "Mrs", "Ms", "Prof",
    "Gen", "Col", "Capt", "Lt", "Sgt", "Maj", "Cpl", "Det", "Insp", "Supt",
];

fn is_stopped_abbreviation(w: &str) -> bool {
    STOPPED_ABBREVIATIONS.contains(&w)
}

/// Saint, Mount, Fort: abbreviations that open place names ("St. Louis").
fn opens_place_name(w: &str) -> bool {
    matches!(w, "St" | "Mt" | "Ft" | "Pt" | "Ste")
}

/// A middle initial: one capital letter ("M" of "Tyrise M. Bell").
fn is_initial(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.next().is_none()
}

/// A person's title, also abbreviated with its stop ("Rev.", "Sen.").
fn is_title_word(w: &str) -> bool {
    crate::lexicon::is_person_title(lower(w.trim_end_matches('.')).as_str())
}

/// Whether word `b` goes on the name `a` belongs to: a space between them, or the stop of an
/// initial or an abbreviated title ("Tyrise M. Bell", "Rev. Al Meredith").
fn joins_name(text: &str, a: &Word<'_>, b: &Word<'_>) -> bool {
    match &text[a.end..b.start] {
        " " => !b.sentence_start || is_initial(a.text) || is_title_word(a.text),
        ". " => is_initial(a.text) || is_title_word(a.text) || is_stopped_abbreviation(a.text),
        _ => false,
    }
}

fn lower(w: &str) -> String {
    w.to_lowercase()
}

/// The words a text writes in lower case somewhere: ordinary words when they open a sentence.
fn lower_case_words<'a>(ws: &[Word<'a>]) -> HashSet<&'a str> {
    ws.iter()
        .filter(|w| w.text.chars().next().is_some_and(|c| c.is_lowercase()))
        .map(|w| w.text)
        .collect()
}

/// Finds the place mentions of a text, as code-point spans in text order.
pub fn find(gazetteer: &Gazetteer, text: &Indexed<'_>) -> Vec<Span> {
    let ws = words(text.text);
    // words the text also writes in lower case are ordinary words when they open a sentence
    let lower_words = lower_case_words(&ws);
    let persons = person_words(gazetteer, text.text, &ws, &lower_words);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !ws[i].capital {
            i += 1;
            continue;
        }
        // the capitalised run from i, with connectors between capitalised words
        let mut run_end = i + 1;
        while run_end < ws.len() {
            let w = &ws[run_end];
            let gap = &text.text[ws[run_end - 1].end..w.start];
            let stopped = gap == ". " && opens_place_name(ws[run_end - 1].text);
            if gap != " " && gap != "-" && !stopped {
                break;
            }
            let joins = w.capital && !w.sentence_start
                || CONNECTORS.contains(&w.text) && ws.get(run_end + 1).is_some_and(|n| n.capital);
            if !joins {
                break;
            }
            run_end += 1;
        }
        let mut j = i;
        while j < run_end {
            match longest_name(gazetteer, text.text, &ws, j, run_end) {
                Some(end) => {
                    // a surname, or a name all of whose words a person's name has
                    // ("Raynola St. Clair", then "St. Clair said")
                    let name = &text.text[ws[j].start..ws[end - 1].end];
                    let person = ws[j..end].iter().all(|w| persons.contains(w.text))
                        && gazetteer.demonym(name).is_none()
                        || crate::extract::actors::is_actor_name(
                            &text.text[ws[j].start..ws[end - 1].end],
                        );
                    if !person && keep(gazetteer, text.text, &ws, j, end, i, run_end, &lower_words)
                    {
                        out.push(Span {
                            start: text.char_at_byte(ws[j].start),
                            end: text.char_at_byte(ws[end - 1].end),
                        });
                    }
                    j = end;
                }
                None => {
                    hyphenated_parts(gazetteer, text, &ws[j], &persons, &lower_words, &mut out);
                    j += 1;
                }
            }
        }
        i = run_end;
    }
    out
}

/// A word of common use: a function word, a title, a word of institutions' names, or one the
/// text writes in lower case too.
fn ordinary_word(low: &str, lower_words: &HashSet<&str>) -> bool {
    is_function_word(low)
        || crate::lexicon::is_person_title(low)
        || NAME_TAILS.contains(&low)
        || ORGANISATION_WORDS.contains(&low)
        || lower_words.contains(low)
}

/// The places inside a hyphenated word that is no name as a whole: "Watertown-ML" (a school
/// team), "Egypt-Israel relations". Parts that are persons' names ("Jean-Pierre", a
/// double-barrelled surname the text uses) or short codes are left alone.
fn hyphenated_parts(
    gazetteer: &Gazetteer,
    text: &Indexed<'_>,
    w: &Word<'_>,
    persons: &HashSet<&str>,
    lower_words: &HashSet<&str>,
    out: &mut Vec<Span>,
) {
    if !w.text.contains('-') {
        return;
    }
    let mut offset = w.start;
    for part in w.text.split('-') {
        let start = offset;
        offset += part.len() + 1;
        let capital = part.chars().next().is_some_and(char::is_uppercase);
        let place = part.chars().count() >= 4
            && (gazetteer.has_name(part) || gazetteer.demonym(part).is_some())
            && (!crate::lexicon::is_given_name(part) || well_known_place(gazetteer, part))
            && !persons.contains(part)
            && !ordinary_word(&lower(part), lower_words);
        if capital && place {
            out.push(Span {
                start: text.char_at_byte(start),
                end: text.char_at_byte(start + part.len()),
            });
        }
    }
}

/// The words a text uses as parts of persons' names ([`person_words`]), for a caller with
/// its own tokens (the event extractor).
pub fn persons(gazetteer: &Gazetteer, text: &str) -> HashSet<String> {
    let ws = words(text);
    let lower_words = lower_case_words(&ws);
    person_words(gazetteer, text, &ws, &lower_words)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Words the text uses as parts of a person's name: the words of a capitalised pair or triple
/// that is not itself a place name ("Tim Jones", "Barack Obama", "Tyrise M. Bell"), so that
/// "Jones" alone later is not the town of Jones; and the one to three words after a title
/// ("President Obama", "Anderson County Sheriff Greg Taylor"). Runs with a place noun ("Jones
/// County"), an organisation's word ("Sudan Liberation Army") or a known name are not persons.
fn person_words<'a>(
    gazetteer: &Gazetteer,
    text: &str,
    ws: &[Word<'a>],
    lower_words: &HashSet<&str>,
) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    let mut i = 0;
    while i < ws.len() {
        // an initial is inside a name, never its start ("W. Columbia" is a place)
        if is_initial(ws[i].text) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < ws.len()
            && ws[end].capital
            && !ws[end].all_caps
            && (end == i || joins_name(text, &ws[end - 1], &ws[end]))
        {
            end += 1;
        }
        // a title opens the person: "Coach Tim Jones", "Anderson County Sheriff Greg Taylor"
        let titled = (i..end).rev().find(|&k| is_title_word(ws[k].text));
        let person = match titled {
            Some(t) => (1..=3)
                .contains(&name_words(&ws[t + 1..end]))
                .then_some(t + 1),
            // a sentence's first word is capitalised whatever it is: a run opened by an
            // ordinary word ("Another Gainesville business", "Rethinking Egypt") is no name
            None => ((2..=3).contains(&name_words(&ws[i..end]))
                && !(ws[i].sentence_start
                    && (lower_words.contains(lower(ws[i].text).as_str())
                        || is_function_word(lower(ws[i].text).as_str())
                        || ws[i].text.ends_with("ing"))))
            .then_some(i),
        };
        if let Some(from) = person {
            // the name starts at its given name: "ambassador to Egypt Dan Kurtzer"
            let from = (from + 1..end.saturating_sub(1))
                .find(|&k| crate::lexicon::is_given_name(ws[k].text))
                .filter(|_| !crate::lexicon::is_given_name(ws[from].text))
                .unwrap_or(from);
            let run = &ws[from..end];
            // a run holding a well-known place is a person's name only with a given name
            // before its last word ("Georgia Stevens", "Paul Hammersmith"), not "Distinctly
            // Dublin", "DeSmog Canada", "Metropolitan Atlanta"
            let not_named = titled.is_none()
                && !run[..run.len() - 1]
                    .iter()
                    .any(|w| crate::lexicon::is_given_name(w.text))
                && run.iter().any(|w| well_known_place(gazetteer, w.text));
            if !not_named && !names_no_person(gazetteer, text, run, titled.is_some()) {
                out.extend(run.iter().filter(|w| !is_initial(w.text)).map(|w| w.text));
            }
        }
        // one name that speaks ("Robertson said", "said Robertson") is a person unless it is
        // a well-known place speaking for its government ("Moscow said")
        if end == i + 1 && speaks(text, &ws[i]) && !well_known_place(gazetteer, ws[i].text) {
            let l = lower(ws[i].text);
            if !is_function_word(l.as_str()) && gazetteer.demonym(ws[i].text).is_none() {
                out.insert(ws[i].text);
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// How many words of a run count towards a person's name: not initials nor "Jr.".
fn name_words(run: &[Word<'_>]) -> usize {
    run.iter()
        .filter(|w| !is_initial(w.text) && !GENERATIONS.contains(&lower(w.text).as_str()))
        .count()
}

/// Words after a person's surname: "Milton J. Little Jr."
const GENERATIONS: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Whether a word is the name of a country, a province or a city of 100,000 people or more.
fn well_known_place(gazetteer: &Gazetteer, word: &str) -> bool {
    use crate::gazetteer::MatchKind;
    gazetteer.matches(word, false).iter().any(|&(i, kind)| {
        let p = gazetteer.place(i);
        // countries and provinces by any of their names ("Britain"); cities by their own
        kind <= MatchKind::Alias && (p.is_country() || p.is_admin1())
            || kind <= MatchKind::Exact && p.population >= 100_000
    })
}

/// Verbs of saying that follow or precede a speaker's name.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "noted",
    "explained",
    "recalled",
    "asked",
    "wrote",
];

/// Whether a word is a speaker: followed by a verb of saying ("Robertson said") or, after a
/// quotation, preceded by one (", said Robertson.").
fn speaks(text: &str, w: &Word<'_>) -> bool {
    let after = text[w.end..].strip_prefix(' ').unwrap_or("");
    let next = after.split([' ', ',', '.']).next().unwrap_or("");
    let before = text[..w.start].strip_suffix(' ').unwrap_or("");
    let prev = before.rsplit(' ').next().unwrap_or("");
    SPEECH_VERBS.contains(&next) || SPEECH_VERBS.contains(&prev) && w.capital
}

/// Whether a capitalised run holds a word no person's name has (a place noun, an
/// organisation's word, a function word, a title, a demonym) or, unless a title comes before
/// it ("Rev. Al Meredith"), is itself a known place name.
fn names_no_person(gazetteer: &Gazetteer, text: &str, run: &[Word<'_>], titled: bool) -> bool {
    run.iter().any(|w| {
        let l = lower(w.text);
        if GENERATIONS.contains(&l.as_str()) || is_initial(w.text) || opens_place_name(w.text) {
            return false;
        }
        PLACE_NOUNS.contains(&l.as_str())
            || NAME_TAILS.contains(&l.as_str())
            || ORGANISATION_WORDS.contains(&l.as_str())
            || is_function_word(l.as_str())
            || crate::lexicon::is_person_title(l.as_str())
            || CONNECTORS.contains(&w.text)
            || gazetteer.demonym(w.text).is_some()
    }) || !titled && gazetteer.has_name(&text[run[0].start..run[run.len() - 1].end])
}

/// The end (exclusive word index) of the longest gazetteer name starting at word `i`.
fn longest_name(
    gazetteer: &Gazetteer,
    text: &str,
    ws: &[Word<'_>],
    i: usize,
    run_end: usize,
) -> Option<usize> {
    if !ws[i].capital {
        return None;
    }
    (i + 1..=run_end.min(i + 6)).rev().find(|&end| {
        if !ws[end - 1].capital {
            return false;
        }
        let name = &text[ws[i].start..ws[end - 1].end];
        gazetteer.has_name(name) || super::features::demonym(gazetteer, name).is_some()
    })
}

#[allow(clippy::too_many_arguments)]
fn keep(
    gazetteer: &Gazetteer,
    text: &str,
    ws: &[Word<'_>],
    start: usize,
    end: usize,
    run_start: usize,
    run_end: usize,
    lower_words: &HashSet<&str>,
) -> bool {
    let first = &ws[start];
    let name = &text[first.start..ws[end - 1].end];
    let single = end == start + 1;
    let demonym = gazetteer.demonym(name).is_some();
    let low = lower(first.text);
    if single && is_function_word(low.as_str()) && !demonym {
        return false;
    }
    if single && crate::lexicon::is_person_title(low.as_str()) {
        return false;
    }
    // partners of a firm: "Stevens & Wilkinson" (a headline's "TIJUANA & SAN DIEGO" aside)
    let joined_by_ampersand = |a: &Word<'_>, b: &Word<'_>| {
        text[a.end..b.start].trim() == "&" && !(a.all_caps && b.all_caps)
    };
    if start > 0 && joined_by_ampersand(&ws[start - 1], first)
        || ws
            .get(end)
            .is_some_and(|n| joined_by_ampersand(&ws[end - 1], n))
    {
        return false;
    }
    // a word of institutions' names alone ("the Council", "Commerce", "Hall") is no place
    if single && (NAME_TAILS.contains(&low.as_str()) || ORGANISATION_WORDS.contains(&low.as_str()))
    {
        return false;
    }
    // one letter, or a contraction ("I've", "We're")
    if single && (first.text.chars().count() < 2 || is_contraction(first.text)) {
        return false;
    }
    if single && first.sentence_start && lower_words.contains(low.as_str()) {
        return false;
    }
    if single && !first.sentence_start && lower_words.contains(low.as_str()) && !demonym {
        // a word the text writes in lower case too ("Police", "Bay")
        return false;
    }
    // acronyms: only the short forms of countries ("UK", "USA", "U.S.")
    if first.all_caps && single && first.text.len() <= 5 && !demonym {
        return false;
    }
    if start > 0 {
        let prev = lower(ws[start - 1].text.trim_end_matches('.'));
        let gap = &text[ws[start - 1].end..first.start];
        if (gap == " " || gap == ". ") && crate::lexicon::is_person_title(prev.as_str()) {
            return false;
        }
    }
    // inside a longer proper name: "John Jordan", "Georgia Tech"
    if start > run_start {
        let before = lower(ws[start - 1].text);
        if !CONNECTORS.contains(&before.as_str()) && !is_function_word(before.as_str()) {
            return false;
        }
    }
    if end < run_end {
        let after = lower(ws[end].text.trim_end_matches('.'));
        if NAME_TAILS.contains(&after.as_str()) {
            return false;
        }
    } else if let Some(next) = ws.get(end) {
        let after = lower(next.text.trim_end_matches('.'));
        let gap = &text[ws[end - 1].end..next.start];
        // "Kirkuk police said": a place's police, unlike "Kirkuk Police" the force's name;
        // "Washington state" the area, unlike "Ohio State" the university
        let area = after == "police" || after == "state" && !next.capital;
        if gap == " " && NAME_TAILS.contains(&after.as_str()) && !area {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_dotted_abbreviations_and_drop_possessives() {
        let ws = words("The U.S. said Syria's army moved. Then it stopped");
        let texts: Vec<&str> = ws.iter().map(|w| w.text).collect();
        assert_eq!(
            texts,
            ["The", "U.S.", "said", "Syria", "army", "moved", "Then", "it", "stopped"]
        );
        assert!(ws[0].sentence_start && !ws[1].sentence_start && ws[6].sentence_start);
    }
}
