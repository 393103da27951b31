//! Datelines: the "KABUL, March 3 (Reuters) —" that opens a wire story. The city in it is
//! where the story was filed, not where anything happened, so the extractor takes no event
//! place from it (the country votes ignore it too: a Nairobi bureau files on Ethiopia).
//!
//! A dateline opens a line (after an optional parenthesised syndication tag such as
//! "(Agency- Outlet)"), is written in capitals ("MEXICO CITY", "GOMA"), and is followed by a
//! comma, an opening parenthesis or a dash. It runs to the dash that ends it ("KYIV, June 16
//! (Reuters) - ") when one follows within a short distance, else to the end of the capitals.
//! A dateline in title case ("Lagos, March 3 —") needs that closing dash, and nothing before
//! it but capitalised words, day numbers and an agency in parentheses.

use std::ops::Range;

/// How far after the capitals the closing dash may be (a date and an agency fit).
const MAX_TAIL: usize = 60;

/// Byte ranges of the report's datelines.
pub fn ranges(report: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in report.split_inclusive('\n') {
        if let Some(r) = in_line(line) {
            out.push(offset + r.start..offset + r.end);
        }
        offset += line.len();
    }
    out
}

/// The dateline a line opens with, as a byte range of the line.
fn in_line(line: &str) -> Option<Range<usize>> {
    let mut start = line.len() - line.trim_start().len();
    // "(Agency- Outlet) CITY, …": skip a leading parenthesised tag
    if line[start..].starts_with('(') {
        let close = line[start..].find(')')?;
        start += close + 1;
        start += line[start..].len() - line[start..].trim_start().len();
    }
    let rest = &line[start..];
    // the capitals: whole words of upper-case letters, each of two letters or more
    let mut caps_end = 0;
    let mut letters = 0;
    let mut pos = 0;
    while pos < rest.len() {
        let word_len = rest[pos..]
            .find(|c: char| !(c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.')))
            .unwrap_or(rest.len() - pos);
        let word = rest[pos..pos + word_len].trim_end_matches(['-', '.', '\'', '’']);
        let upper = word.chars().filter(|c| c.is_alphabetic()).count();
        if upper < 2 || word.chars().any(char::is_lowercase) {
            break;
        }
        letters += upper;
        caps_end = pos + word.len();
        pos += word_len;
        if !rest[pos..].starts_with(' ') {
            break;
        }
        pos += 1;
    }
    let after = rest[caps_end..].trim_start_matches(' ');
    let opens = after.starts_with([',', '(', '-', '—', '–']);
    if letters < 3 || !opens {
        return title_case(rest).map(|end| start..start + end);
    }
    let end = closing_dash(rest, caps_end).unwrap_or(caps_end);
    Some(start..start + end)
}

/// A dateline in title case ("Lagos, March 3 —", "Reuters, Bamako —", "Kabul, Afghanistan
/// (AP) —"): up to a closing dash, only capitalised words, day numbers and a parenthesised
/// agency, with a comma or a parenthesis among them. Returns the end of the dash.
fn title_case(rest: &str) -> Option<usize> {
    let end = closing_dash(rest, 0)?;
    let head = rest[..end].trim_end_matches(['-', '—', '–', ' ']);
    if !head.contains([',', '(']) || head.contains(['.', ':', ';', '"', '“']) {
        return None;
    }
    let mut in_tag = false;
    for word in head.split([' ', ',']).filter(|w| !w.is_empty()) {
        if word.starts_with('(') {
            in_tag = true;
        }
        let plain = word.trim_matches(['(', ')']);
        let fits = in_tag
            || plain.chars().all(|c| c.is_ascii_digit())
            || plain.chars().next().is_some_and(char::is_uppercase);
        if !fits {
            return None;
        }
        if word.ends_with(')') {
            in_tag = false;
        }
    }
    Some(end)
}

/// The end of the dash that closes a dateline, when one follows the capitals closely.
fn closing_dash(rest: &str, from: usize) -> Option<usize> {
    let tail: String = rest[from..].chars().take(MAX_TAIL).collect();
    let mut best: Option<usize> = None;
    for dash in [" - ", " — ", " – ", "—", " -", "–", "/."] {
        if let Some(i) = tail.find(dash) {
            let end = from + i + dash.len();
            best = Some(best.map_or(end, |b: usize| b.min(end)));
        }
    }
    // a dash inside a word ("rebel-held") is no closing dash: require it after the agency
    // or the date, which contain no sentence of their own
    // ("Jan. 27" is a date, not the end of a sentence)
    best.filter(|&e| !ends_a_sentence(&rest[from..e]) || rest[from..e].contains('/'))
}

/// Whether a stretch of text holds a full stop that ends a sentence: one after a word that is
/// not an abbreviated month.
fn ends_a_sentence(text: &str) -> bool {
    text.match_indices(". ").any(|(i, _)| {
        let word = text[..i]
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        !matches!(
            word,
            "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Jun"
                | "Jul"
                | "Aug"
                | "Sep"
                | "Sept"
                | "Oct"
                | "Nov"
                | "Dec"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dateline(text: &str) -> Vec<&str> {
        ranges(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn wire_datelines_run_to_their_dash() {
        assert_eq!(
            dateline("LAGOS, May 4 (Wire) - Gunmen killed three."),
            ["LAGOS, May 4 (Wire) -"]
        );
        assert_eq!(
            dateline("Headline\nPORT LOUIS (Agency) — Police said."),
            ["PORT LOUIS (Agency) —"]
        );
        assert_eq!(
            dateline("(Feed- Some Paper) TUNIS, Tunisia — Rockets fell."),
            ["TUNIS, Tunisia —"]
        );
        assert_eq!(
            dateline("JOS, Feb. 3 (Wire) — Gunmen struck. Police came - late."),
            ["JOS, Feb. 3 (Wire) —"]
        );
        assert_eq!(
            dateline("SANAA, March 2. /Agency/. Clashes went on."),
            ["SANAA, March 2. /Agency/."]
        );
    }

    #[test]
    fn title_case_datelines_need_their_dash_and_a_comma() {
        assert_eq!(
            dateline("Lagos, March 3 — Gunmen killed three."),
            ["Lagos, March 3 —"]
        );
        assert_eq!(
            dateline("Wire Service, Bamako - Soldiers were ambushed."),
            ["Wire Service, Bamako -"]
        );
        assert_eq!(
            dateline("Kabul, Afghanistan (Wire) — A blast hit a market."),
            ["Kabul, Afghanistan (Wire) —"]
        );
        // a sentence that names places and then a dash is no dateline
        assert!(dateline("Gunmen raided Kano, Nigeria - again.").is_empty());
        assert!(dateline("Goma fell — the rebels said.").is_empty());
    }

    #[test]
    fn a_dateline_without_a_dash_is_its_capitals() {
        assert_eq!(dateline("ZINDER, Niger\nText."), ["ZINDER"]);
    }

    #[test]
    fn ordinary_openings_are_no_datelines() {
        assert!(dateline("BREAKING: a blast in the capital.").is_empty());
        assert!(dateline("Gaza, the strip, was hit - again.").is_empty());
        assert!(dateline("UN, aid groups warn - again.").is_empty());
        assert!(dateline("A bomb went off in KANO, police said.").is_empty());
    }
}
