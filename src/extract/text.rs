//! Splitting a report into sentences, clauses and word tokens.
//!
//! Written by hand: the rules are few (sentence ends, abbreviations, semicolons) and the
//! tokens must keep byte offsets into the report and the apostrophes and hyphens inside
//! transliterated names (al-Ja'abi, Iran's), which general tokenisers split apart.

/// One word of a clause. `text` borrows the report; `lower` is its lower-cased form without
/// a possessive `'s`.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub text: &'a str,
    pub lower: String,
    /// Byte offset of the token in the report.
    pub start: usize,
    /// Punctuation (`,` `(` `)` `:` ...) that follows the token before the next one.
    pub punct_after: bool,
}

impl Token<'_> {
    /// Starts with an upper-case letter.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn is_number(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

/// A sentence of the report: its text and its clauses (split at semicolons).
#[derive(Debug, Clone)]
pub struct Sentence<'a> {
    pub text: &'a str,
    /// A line without closing punctuation before a line break, such as a headline.
    pub headline: bool,
    pub clauses: Vec<Vec<Token<'a>>>,
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "st", "sen", "rep", "gov",
    "prof", "no", "vs", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʿ' | 'ʾ' | '‘' | '`')
}

/// Splits a report into sentences. Line breaks always end a sentence; `.`, `!` and `?`
/// end one when followed by white space, except after an abbreviation or an initial (U.S.).
pub fn sentences(report: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in report.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim_end();
        if trimmed.trim().is_empty() {
            continue;
        }
        let ends_with_stop = trimmed.ends_with(['.', '!', '?', '"', '”', ':']);
        let mut start = 0;
        let bytes = trimmed.as_bytes();
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        for (i, c) in trimmed.char_indices() {
            if !matches!(c, '.' | '!' | '?') {
                continue;
            }
            let next = trimmed[i + 1..].chars().next();
            let next_is_space = next.is_none_or(char::is_whitespace);
            let closes_quote = matches!(next, Some('"' | '”' | '’'));
            if !(next_is_space || closes_quote) {
                continue;
            }
            if c == '.' && is_abbreviation(&trimmed[..i]) {
                continue;
            }
            let end = if closes_quote {
                i + 1 + next.map_or(0, char::len_utf8)
            } else {
                i + 1
            };
            if end > start {
                pieces.push((start, end));
            }
            start = end;
            while start < bytes.len() && bytes[start].is_ascii_whitespace() {
                start += 1;
            }
        }
        if start < trimmed.len() {
            pieces.push((start, trimmed.len()));
        }
        let single = pieces.len() == 1;
        for (s, e) in pieces {
            let text = trimmed[s..e].trim();
            if text.is_empty() {
                continue;
            }
            let abs = line_start + s + (trimmed[s..e].len() - trimmed[s..e].trim_start().len());
            out.push(Sentence {
                text,
                headline: single && !ends_with_stop && out.is_empty(),
                clauses: clauses(text, abs),
            });
        }
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let bare = word.trim_start_matches('.');
    if bare.chars().count() == 1 && bare.chars().all(char::is_uppercase) {
        return true; // an initial, or the last letter of U.S.
    }
    if bare.contains('.') {
        return true; // U.S or a.m
    }
    ABBREVIATIONS.contains(&bare.to_lowercase().as_str())
}

/// Words after a comma that join a second incident to the first: "…, killing two, while in
/// a separate attack …", "…, and separately abducted …".
const SECOND_INCIDENT: &[&str] = &[
    ", while ",
    ", and separately ",
    ", and in a separate ",
    ", and in another ",
];

/// Verbs that tell an incident happened, for [`separate_incidents_joined_by_and`].
const INCIDENT_VERBS: &[&str] = &[
    "killed", "killing", "died", "struck", "attacked", "exploded", "wounded", "abducted",
];

/// "In separate incidents, gunmen killed four people in X and a roadside bomb killed two
/// soldiers near Y": in a sentence that says its incidents are separate, an "and" with an
/// incident's verb on both sides (before it since the sentence began, after it before the
/// next comma) starts the second incident.
fn separate_incidents_joined_by_and(sentence: &str) -> Vec<(usize, usize)> {
    // (ASCII folding keeps every byte where it was: the cuts index `sentence`)
    let lower = sentence.to_ascii_lowercase();
    if !lower.contains("separate") {
        return Vec::new();
    }
    let has_verb = |part: &str| {
        part.split(|c: char| !c.is_alphanumeric())
            .any(|w| INCIDENT_VERBS.contains(&w))
    };
    lower
        .match_indices(" and ")
        .filter(|&(i, _)| {
            // (", and three were wounded" adds to the incident before it)
            let after = &lower[i + 5..];
            !lower[..i].ends_with(',')
                && !joins_counts(&lower[..i], after)
                && has_verb(&lower[..i])
                && has_verb(after.split(',').next().unwrap_or(after))
        })
        .map(|(i, _)| (i, 0))
        .collect()
}

/// Whether an "and" joins two counts of one toll: "two officers and three attackers were
/// killed" (a number among the two words before it and right after it).
fn joins_counts(before: &str, after: &str) -> bool {
    use crate::lexicon::is_count_word;
    let first_after = after.split_whitespace().next().unwrap_or("");
    is_count_word(first_after) && before.split_whitespace().rev().take(2).any(is_count_word)
}

/// Splits a sentence into clauses at semicolons and before the words that join a second
/// incident ([`SECOND_INCIDENT`]), and tokenises each.
fn clauses(sentence: &str, offset: usize) -> Vec<Vec<Token<'_>>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut cuts: Vec<(usize, usize)> = sentence.match_indices(';').map(|(i, _)| (i, 1)).collect();
    for joint in SECOND_INCIDENT {
        cuts.extend(sentence.match_indices(joint).map(|(i, _)| (i, 1)));
    }
    cuts.extend(separate_incidents_joined_by_and(sentence));
    cuts.sort_unstable();
    cuts.push((sentence.len(), 0));
    for (at, skip) in cuts {
        if at < start {
            continue;
        }
        let toks = tokens(&sentence[start..at], offset + start);
        if !toks.is_empty() {
            out.push(toks);
        }
        start = at + skip;
    }
    out
}

/// Word tokens of a piece of text: letters and digits with inner apostrophes, hyphens,
/// dots and commas between digits (1,200 and 1.5 are one token).
pub fn tokens(text: &str, offset: usize) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (s, c) = chars[i];
        if !c.is_alphanumeric() {
            if !c.is_whitespace() && !is_apostrophe(c) && c != '-' {
                if let Some(last) = out.last_mut() {
                    last.punct_after = true;
                }
            }
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            if c.is_alphanumeric() {
                j += 1;
                continue;
            }
            let joins_letters = (c == '-' || is_apostrophe(c))
                && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric());
            let joins_digits = matches!(c, ',' | '.')
                && chars[j - 1].1.is_ascii_digit()
                && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit());
            if joins_letters || joins_digits {
                j += 1;
            } else {
                break;
            }
        }
        let e = chars.get(j).map_or(text.len(), |x| x.0);
        let word = &text[s..e];
        let mut lower = word.to_lowercase();
        for suffix in ["'s", "’s"] {
            if lower.len() > suffix.len() + 1 && lower.ends_with(suffix) {
                lower.truncate(lower.len() - suffix.len());
            }
        }
        out.push(Token {
            text: word,
            lower,
            start: offset + s,
            punct_after: false,
        });
        i = j;
    }
    split_road_ends(&mut out);
    out
}

/// Nouns of a road named by the towns at its ends ("the Kabul-Jalalabad highway").
pub const ROAD_NOUNS: &[&str] = &[
    "highway",
    "road",
    "motorway",
    "expressway",
    "freeway",
    "route",
    "railway",
];

/// "the Kabul-Jalalabad highway": a hyphen between two names before a road noun joins two
/// towns, not one name; the two become tokens of their own, told apart as a dash tells them
/// ("Kabul–Jalalabad"). Names whose first part is short ("al-Bab", "Ad-Dawr") stay whole.
fn split_road_ends(tokens: &mut Vec<Token<'_>>) {
    let mut k = 0;
    while k + 1 < tokens.len() {
        let t = &tokens[k];
        let road = ROAD_NOUNS.contains(&tokens[k + 1].lower.as_str());
        let halves = t.text.split_once('-').filter(|(a, b)| {
            let name = |w: &str| {
                w.chars().count() >= 3
                    && w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(char::is_alphabetic)
            };
            name(a) && name(b)
        });
        let (Some((a, b)), true) = (halves, road) else {
            k += 1;
            continue;
        };
        let (start, punct_after) = (t.start, t.punct_after);
        let first = Token {
            text: a,
            lower: a.to_lowercase(),
            start,
            punct_after: true,
        };
        let second = Token {
            text: b,
            lower: b.to_lowercase(),
            start: start + a.len() + 1,
            punct_after,
        };
        tokens[k] = first;
        tokens.insert(k + 1, second);
        k += 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separate_incidents_joined_by_and_are_two_clauses() {
        let s = "In separate attacks, gunmen killed two men in one village and a mine killed a \
                 boy near another, and three were wounded.";
        let parts: Vec<usize> = clauses(s, 0).iter().map(Vec::len).collect();
        assert_eq!(parts.len(), 2, "{parts:?}");
        // no "separate": one clause; a list with one verb: one clause
        assert_eq!(
            clauses("Gunmen killed two men and a mine killed a boy.", 0).len(),
            1
        );
        assert_eq!(
            clauses("In separate raids, two soldiers and a boy were killed.", 0).len(),
            1
        );
        // letters whose lower case is longer do not move the cut
        let s =
            "In separate attacks, gunmen killed two in İdlib and a drone killed one near Ariha.";
        assert_eq!(clauses(s, 0).len(), 2);
    }

    #[test]
    fn splits_sentences_but_not_initials() {
        let s = sentences(
            "Headline here\nU.S. troops left Gen. Smith's base. Then rockets hit; two died.",
        );
        let texts: Vec<&str> = s.iter().map(|s| s.text).collect();
        assert_eq!(
            texts,
            [
                "Headline here",
                "U.S. troops left Gen. Smith's base.",
                "Then rockets hit; two died."
            ]
        );
        assert!(s[0].headline);
        assert!(!s[1].headline);
        assert_eq!(s[2].clauses.len(), 2);
    }

    #[test]
    fn a_road_named_by_its_two_towns_splits_them() {
        let t = tokens("on the Kabul-Jalalabad highway near al-Bab-Manbij", 0);
        let words: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(
            words,
            [
                "on",
                "the",
                "Kabul",
                "Jalalabad",
                "highway",
                "near",
                "al-Bab-Manbij"
            ]
        );
        assert!(t[2].punct_after);
        assert_eq!(t[3].start, 13);
        // not before a road noun: one name
        assert_eq!(tokens("Guinea-Bissau troops", 0)[0].text, "Guinea-Bissau");
    }

    #[test]
    fn tokens_keep_names_and_numbers_whole() {
        let t = tokens("al-Ja’abi, Iran’s 1,200 men (SDF)", 0);
        let words: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(words, ["al-Ja’abi", "Iran’s", "1,200", "men", "SDF"]);
        assert_eq!(t[1].lower, "iran");
        assert!(t[0].punct_after);
        assert!(t[3].punct_after);
    }
}
