//! Place-name normalisation: the keys the gazetteer is indexed by.
//!
//! Two keys are made from every name, for the data and for a query alike, so that both sides
//! of a lookup pass through the same function:
//!
//! * [`name_key`] — the name folded to ASCII lower case (diacritics, ʿayn and hamza marks and
//!   apostrophes dropped), Arabic articles removed (`al-`, `el-`, `ad-` … `Al Bu`), and
//!   spaces and hyphens removed. `Deir ez-Zor`, `Deir Ez Zor` and `deir-ez-zor` share one key.
//! * [`skeleton`] — the consonant skeleton of that key, for transliterations that differ in
//!   their vowels, doubled letters and digraphs: `Hodeidah` and `Al Ḩudaydah` both give `hdd`,
//!   `Kharkov` and `Kharkiv` both give `krkv`.
//!
//! Folding to ASCII uses the `deunicode` crate; the article and skeleton rules are ours because
//! no library models Arabic transliteration variants in Latin script.

/// Words dropped when another word follows them: the Arabic definite article in the forms
/// transliterations give it (assimilated to the next consonant or not), and the French and
/// English-style spellings of the same.
const ARTICLES: &[&str] = &[
    "al", "el", "il", "ul", "ad", "ed", "adh", "ar", "er", "as", "es", "ash", "esh", "at", "et",
    "ath", "az", "ez", "an", "en", "ech", "ej", "aj",
];

/// Word forms of "Abu"/"Albu" (father of / family of) that place names write in many ways:
/// `Abu Kamal`, `Albu Kamal`, `Al Bu Kamal`, `Abou Kemal` all become `bu kamal`.
const ABU_FORMS: &[&str] = &["abu", "abou", "albu", "abo"];

/// Shortest skeleton worth a fallback lookup; shorter ones match too many unrelated places.
pub const MIN_SKELETON_LEN: usize = 3;

/// Folds a name into ASCII lower-case words separated by single spaces: diacritics folded,
/// apostrophe-like marks removed inside words, every other non-alphanumeric character a
/// separator. Writes into `out` (cleared first) so callers can reuse one buffer.
fn fold_into(name: &str, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_lowercase());
        } else if !is_glottal_mark(c) {
            // deunicode renders ʿ and ʾ as quote marks: those are not separators either
            pending_space = true;
        }
    };
    for ch in name.chars() {
        if ch.is_ascii() {
            push(ch, out);
        } else if !is_glottal_mark(ch) {
            for c in deunicode::deunicode_char(ch).unwrap_or(" ").chars() {
                push(c, out);
            }
        }
    }
}

/// Apostrophes, ʿayn and hamza signs: dropped without separating words (`Ja'abi` = `Jaabi`).
fn is_glottal_mark(ch: char) -> bool {
    matches!(
        ch,
        '\'' | '`' | '´' | '‘' | '’' | 'ʼ' | 'ʻ' | 'ʽ' | 'ʾ' | 'ʿ' | 'ˈ' | '′' | '"'
    )
}

/// Appends the key words of folded text to `key`: articles dropped when another word follows,
/// `Abu` forms unified to `bu`, no spaces.
/// Returns how many words it appended.
fn push_key_words(folded: &str, key: &mut String) -> usize {
    let mut words = folded.split(' ').filter(|w| !w.is_empty()).peekable();
    let mut pushed = 0;
    while let Some(w) = words.next() {
        let followed = words.peek().is_some();
        if followed && ARTICLES.contains(&w) {
            continue;
        }
        pushed += 1;
        if ABU_FORMS.contains(&w) {
            key.push_str("bu");
        } else if let Some(rest) = w.strip_prefix("albu").filter(|r| r.len() > 2) {
            // "Albukamal" written as one word
            key.push_str("bu");
            key.push_str(rest);
        } else {
            key.push_str(w);
        }
    }
    pushed
}

/// The lookup key of a name: folded, articles removed, no spaces. Empty when the name has no
/// letters or digits.
///
/// ```
/// use sitmap::gazetteer::normalize::name_key;
/// assert_eq!(name_key("Deir ez-Zor"), name_key("deir EZ zor"));
/// assert_eq!(name_key("Ālbū Kamāl"), name_key("Abu Kamal"));
/// assert_eq!(name_key("al-Ja'abi"), "jaabi");
/// ```
pub fn name_key(name: &str) -> String {
    let mut folded = String::with_capacity(name.len() + 8);
    let mut key = String::with_capacity(name.len());
    name_key_into(name, &mut folded, &mut key);
    key
}

/// [`name_key`] into a caller's buffers (`folded` is scratch space), for bulk loading.
pub fn name_key_into(name: &str, folded: &mut String, key: &mut String) {
    fold_into(name, folded);
    key.clear();
    if push_key_words(folded, key) > 1 {
        collapse_doubles(key);
    }
}

/// Doubled letters written once, in names of several words: transliterations double
/// consonants and vowels at will (`Maarat al-Numan` and `Ma'arrat an-Nu'man`). (Single words
/// keep them: collapsed, too many common words met a place's name, `Bill` and `Bil`.)
fn collapse_doubles(key: &mut String) {
    let mut last = None;
    key.retain(|c| {
        let keep = last != Some(c) || c.is_ascii_digit();
        last = Some(c);
        keep
    });
}

/// The consonant skeleton of a key made by [`name_key`]: digraphs reduced to one letter
/// (`kh` `gh` `sh` `th` `dh` `ch` `ph`), `q` and `c` read as `k`, `h` dropped except as
/// the first letter, doubled letters collapsed, vowels and the semivowels `w` `y` dropped.
///
/// ```
/// use sitmap::gazetteer::normalize::{name_key, skeleton};
/// assert_eq!(skeleton(&name_key("Hodeidah")), skeleton(&name_key("Al Ḩudaydah")));
/// assert_eq!(skeleton(&name_key("Mayadeen")), skeleton(&name_key("Al Mayādīn")));
/// assert_eq!(skeleton(&name_key("Deir Ezzor")), skeleton(&name_key("Deir ez-Zor")));
/// ```
pub fn skeleton(key: &str) -> String {
    let bytes = key.as_bytes();
    let mut letters: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        let (letter, width) = match (b, next) {
            (b'k' | b'g' | b's' | b't' | b'd', Some(b'h')) => (b, 2),
            (b'c', Some(b'h')) => (b's', 2),
            (b'p', Some(b'h')) => (b'f', 2),
            (b'q' | b'c', _) => (b'k', 1),
            (b'h', _) if i > 0 => (0, 1),
            _ => (b, 1),
        };
        if letter != 0 && letters.last() != Some(&letter) {
            letters.push(letter);
        }
        i += width;
    }
    letters
        .into_iter()
        .filter(|b| !matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w'))
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubled_letters_of_names_of_several_words_are_one() {
        assert_eq!(name_key("Maarat al-Numan"), name_key("Ma‘arrat an Nu‘mān"));
        assert_eq!(name_key("Tell Abyad"), name_key("Tel Abyad"));
        // one word keeps them: a common word must not meet a place's name
        assert_ne!(name_key("Bill"), name_key("Bil"));
    }

    #[test]
    fn articles_in_every_form_are_dropped() {
        for name in [
            "al-Raqqa",
            "Ar Raqqah",
            "ar-Raqqa",
            "El Raqqa",
            "Raqqa",
            "AL RAQQA",
        ] {
            let key = name_key(name);
            assert!(key == "raqqa" || key == "raqqah", "{name} gave {key}");
        }
        assert_eq!(name_key("ash-Shaddadi"), "shaddadi");
        assert_eq!(name_key("Dar es Salaam"), "darsalam");
    }

    #[test]
    fn a_lone_article_is_kept() {
        assert_eq!(name_key("El"), "el");
    }

    #[test]
    fn abu_forms_unify() {
        let k = name_key("Abu Kamal");
        for name in [
            "Albu Kamal",
            "Al Bu Kamal",
            "Al-Bukamal",
            "Abou Kamal",
            "Ālbū Kamāl",
        ] {
            assert_eq!(name_key(name), k, "{name}");
        }
    }

    #[test]
    fn marks_do_not_split_words() {
        assert_eq!(name_key("Ja‘abi"), name_key("Jaabi"));
        assert_eq!(name_key("Sanʿāʾ"), "sana");
    }

    #[test]
    fn skeleton_examples() {
        assert_eq!(
            skeleton(&name_key("Kharkov")),
            skeleton(&name_key("Kharkiv"))
        );
        assert_eq!(
            skeleton(&name_key("Qamishlo")),
            skeleton(&name_key("Al Qāmishlī"))
        );
        assert_eq!(
            skeleton(&name_key("Granij")),
            skeleton(&name_key("Gharanij"))
        );
        assert_eq!(skeleton("hodeidah"), "hdd");
    }

    #[test]
    fn empty_and_symbol_only_names_have_empty_keys() {
        assert_eq!(name_key(""), "");
        assert_eq!(name_key(" -- '' "), "");
        assert_eq!(skeleton(""), "");
    }
}
