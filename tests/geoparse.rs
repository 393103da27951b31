//! The geoparser as a library and as `sitmap geoparse`: recognition and resolution cases in the
//! project's own words (persons, acronyms, demonyms, "X province", "Town, State", the
//! document's country), and the CLI's exit codes.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use sitmap::gazetteer::Gazetteer;
use sitmap::geoparse::{geoparse, Request, Resolution};

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer loads"))
}

fn parse(text: &str) -> Vec<Resolution> {
    let req = Request::new(text.to_string(), None, None, 0).expect("valid request");
    geoparse(gazetteer(), &req)
}

/// Every mention of a text with its five best candidates and their evidence.
fn parse_ranked(text: &str) -> Vec<Resolution> {
    let req = Request::new(text.to_string(), None, None, 5).expect("valid request");
    geoparse(gazetteer(), &req)
}

fn found(text: &str) -> Vec<(String, String)> {
    parse(text)
        .into_iter()
        .map(|r| {
            let cc = r
                .best
                .map(|c| gazetteer().place(c.index).country.to_string())
                .unwrap_or_default();
            (r.text, cc)
        })
        .collect()
}

fn texts(text: &str) -> Vec<String> {
    found(text).into_iter().map(|(t, _)| t).collect()
}

#[test]
fn persons_named_like_towns_are_not_places() {
    let t = "Coach Tim Jones praised the team. Jones said the season in Ohio was long.";
    assert_eq!(texts(t), ["Ohio"]);
    let t = "President Washington spoke, and Sen. Clinton answered him in Denver.";
    assert_eq!(texts(t), ["Denver"]);
}

#[test]
fn a_place_opening_an_organisations_name_is_still_a_place_elsewhere() {
    // "Chad Liberation Front" and "Ohio Modular Homes" are no persons: Chad and Ohio alone
    // later in the text remain places
    let t = "Envoys of the Chad Liberation Front met in Geneva. Chad then closed the border.";
    assert!(texts(t).iter().any(|x| x == "Chad"), "{:?}", texts(t));
    let t = "He manages Ohio Energy Partners. The firm sells across Ohio and Indiana.";
    let x = texts(t);
    assert!(x.iter().filter(|n| *n == "Ohio").count() >= 1, "{x:?}");
    // Florida is also a given name; "Florida Highway Patrol" is still no person
    let t = "A Florida Highway Patrol trooper stopped him. Florida roads were wet.";
    assert_eq!(texts(t), ["Florida", "Florida"]);
    // a sentence's first word is no given name: "Another Gainesville" is no person
    let t = "Another Gainesville bakery opened. Gainesville has three now.";
    assert_eq!(texts(t), ["Gainesville", "Gainesville"]);
}

#[test]
fn a_well_known_place_in_a_run_without_a_given_name_is_no_person() {
    // "Proudly Denver" is a fair's name, not a person's: Denver alone stays a place; with a
    // given name before it the run is a person ("Kenya" opens no name: "Tom Harlan" does)
    let t = "The Proudly Denver fair drew crowds. Denver officials were pleased.";
    assert_eq!(texts(t), ["Denver"]);
    let t = "The envoy to Kenya Tom Harlan spoke. Kenya then shut the border.";
    assert_eq!(texts(t), ["Kenya", "Kenya"]);
    // a generation suffix and an initial do not hide a given name
    let t = "The club, said Milton J. Little Jr., will move to Toledo.";
    assert_eq!(texts(t), ["Toledo"]);
}

#[test]
fn a_word_of_institutions_names_alone_is_no_place() {
    // Council (Idaho) and Hall are places somewhere; here they are the council and a hall
    let t = "The Council met in Plano on Monday, and the Hall stayed shut.";
    assert_eq!(texts(t), ["Plano"]);
}

#[test]
fn abbreviations_with_stops_inside_names() {
    // "St." opens a place's name and ends no sentence; "Nov." is a month; "St. Patrick's Day"
    // holds no place; a firm's partners ("Hale & Dorr") are no towns
    assert_eq!(texts("Floods reached St. Louis on Nov. 3."), ["St. Louis"]);
    assert_eq!(
        texts("Parades marked St. Patrick's Day in Boston."),
        ["Boston"]
    );
    assert_eq!(texts("The firm Hale & Dorr sued Toledo."), ["Toledo"]);
    // a saint's name as a surname: "Raynola St. Clair", then "St. Clair said"
    let t = "Raynola St. Clair runs the society in Newark. St. Clair said it grew.";
    assert_eq!(texts(t), ["Newark"]);
}

#[test]
fn a_single_name_that_speaks_is_a_person_unless_a_well_known_place() {
    // Robertson (a town in South Africa) is the speaker; Moscow speaking is its government
    assert_eq!(
        texts("The mill in Omaha will close, Robertson said."),
        ["Omaha"]
    );
    assert_eq!(
        texts("The mill will close, said Robertson, in Omaha."),
        ["Omaha"]
    );
    assert_eq!(
        texts("Moscow said the talks in Geneva failed."),
        ["Moscow", "Geneva"]
    );
}

#[test]
fn places_inside_hyphenated_words() {
    // a hyphenated word that is no name as a whole holds its places; given names do not count
    assert_eq!(
        texts("Egypt-Israel talks resumed in Cairo."),
        ["Egypt", "Israel", "Cairo"]
    );
    assert_eq!(texts("Jean-Pierre spoke in Lyon."), ["Lyon"]);
}

#[test]
fn names_joined_by_and_are_one_place_when_the_gazetteer_knows_the_whole() {
    assert_eq!(
        texts("Troops moved into Jammu and Kashmir and envoys flew to Bosnia and Herzegovina."),
        ["Jammu and Kashmir", "Bosnia and Herzegovina"]
    );
    // two places joined by "and" stay two
    assert_eq!(texts("Storms hit Texas and Ohio."), ["Texas", "Ohio"]);
}

#[test]
fn surnames_after_initials_and_titles_inside_a_name_are_persons() {
    // a middle initial does not split the name; the title may follow a county's name
    let t = "Deputies arrested Keith D. Johnson in Denver. Johnson was held overnight.";
    assert_eq!(texts(t), ["Denver"]);
    let t = "A van struck Terry A. Corbin in Denver. Corbin died.";
    assert_eq!(texts(t), ["Denver"]);
    let t = "Polk County Sheriff Greg Taylor spoke in Tampa. Taylor said little.";
    assert!(!texts(t).iter().any(|x| x == "Taylor"), "{:?}", texts(t));
    let t = "The Rev. Al Meredith preached in Austin. Meredith spoke of grace.";
    assert!(!texts(t).iter().any(|x| x == "Meredith"), "{:?}", texts(t));
}

#[test]
fn armed_groups_are_not_places() {
    // a village somewhere carries the group's name as an alternate; the group is no place
    let t = "Taliban fighters took the district centre of Kunduz on Friday.";
    assert_eq!(texts(t), ["Kunduz"]);
    let t = "Al-Shabaab claimed the attack near Kismayo.";
    assert_eq!(texts(t), ["Kismayo"]);
}

#[test]
fn number_words_opening_a_sentence_are_not_places() {
    let t = "Four were hurt in the blast in Kirkuk. Seven others fled to Erbil.";
    assert_eq!(texts(t), ["Kirkuk", "Erbil"]);
}

#[test]
fn diseases_named_after_places_are_not_places() {
    let t = "Health officials reported West Nile virus in Texas and Rift Valley fever in Kenya.";
    assert_eq!(texts(t), ["Texas", "Kenya"]);
}

#[test]
fn acronyms_contractions_and_sentence_openers_are_not_places() {
    // ELN and FARC are armed groups; "I've" and "March" are not towns
    let t = "I've seen it. March came and the ELN and FARC met envoys in Bogota.";
    assert_eq!(texts(t), ["Bogota"]);
}

#[test]
fn demonyms_and_short_forms_name_their_country() {
    let f = found("Syrian and U.S. officials met British diplomats in Geneva.");
    let cc: Vec<&str> = f.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(cc, ["SY", "US", "GB", "CH"], "{f:?}");
    // the Factbook's adjectives and nouns where world-countries has none
    let f = found("Philippine and Bosnian officials met a Spaniard in Nairobi.");
    let cc: Vec<&str> = f.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(cc, ["PH", "BA", "ES", "KE"], "{f:?}");
    // continents have adjectives too, and "EU" stands for Europe; "America" is the US
    let r = parse("European and African leaders met EU envoys, then flew to America.");
    let names: Vec<(String, String)> = r
        .iter()
        .map(|m| {
            let p = gazetteer().place(m.best.as_ref().expect("resolved").index);
            (m.text.clone(), p.name.to_string())
        })
        .collect();
    let want = [
        ("European", "Europe"),
        ("African", "Africa"),
        ("EU", "Europe"),
        ("America", "United States"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(names, want);
    // "us" as a word is not the United States
    assert!(texts("They told us nothing in Cairo.") == ["Cairo"]);
}

#[test]
fn the_rest_of_the_text_decides_homonyms() {
    // Paris with Texas beside it is the Texan town; with French places around it, the capital
    let f = found("Storms hit Paris, Texas, and flooded roads near Dallas.");
    assert_eq!(f[0], ("Paris".to_string(), "US".to_string()), "{f:?}");
    let f = found("Strikes in Paris and Lyon closed schools; Marseille followed.");
    assert_eq!(f[0], ("Paris".to_string(), "FR".to_string()), "{f:?}");
    // a small Syrian town is chosen over a same-named place elsewhere when the text is Syrian
    let f = found("Shelling hit Homs and Hama, and later the town of Tadmur.");
    assert!(f.iter().all(|(_, c)| c == "SY"), "{f:?}");
}

#[test]
fn a_province_named_as_such_is_the_province() {
    let r = parse("Fighting spread across Idlib province on Monday.");
    let best = r[0].best.as_ref().expect("resolved");
    let p = gazetteer().place(best.index);
    assert_eq!(&*r[0].text, "Idlib");
    assert_eq!(p.country.to_string(), "SY");
}

/// Resolves the given substrings of a text (in text order) as the caller's spans:
/// (text, how it matched, country).
fn parse_spans(text: &str, names: &[&str]) -> Vec<(String, String, String)> {
    use sitmap::geoparse::{to_geojson, Span};
    let mut from = 0;
    let spans: Vec<Span> = names
        .iter()
        .map(|n| {
            let b = from + text[from..].find(n).expect("name in text");
            from = b + n.len();
            let start = text[..b].chars().count();
            Span {
                start,
                end: start + n.chars().count(),
            }
        })
        .collect();
    let req = Request::new(text.to_string(), Some(spans), None, 0).expect("valid request");
    let results = geoparse(gazetteer(), &req);
    let fc = serde_json::to_value(to_geojson(gazetteer(), &results)).expect("json");
    fc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let p = &f["properties"];
            let s = |k: &str| p[k].as_str().unwrap_or("").to_string();
            (s("text"), s("match"), s("country_code"))
        })
        .collect()
}

#[test]
fn a_given_span_the_gazetteer_lacks_falls_back_to_a_name_inside_it_or_the_text() {
    let t = "Students at Kabul University marched to the Ministry Road in Kabul, \
             while police guarded the Serena Hotel.";
    let got = parse_spans(
        t,
        &["Kabul University", "Ministry Road", "Kabul", "Serena Hotel"],
    );
    // the university is named after its town; the road and the hotel are in the text's town
    assert_eq!(
        got[0],
        ("Kabul University".into(), "inner_name".into(), "AF".into())
    );
    assert_eq!(got[2].1, "exact");
    for r in [&got[1], &got[3]] {
        assert_eq!((r.1.as_str(), r.2.as_str()), ("context", "AF"), "{got:?}");
    }
    // a demonym inside a name is not where the building is: the text's town, never Russia
    let t = "Protesters gathered outside the Russian Embassy in Vilnius on Sunday.";
    let got = parse_spans(t, &["Russian Embassy", "Vilnius"]);
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str()),
        ("context", "LT"),
        "{got:?}"
    );
    // a town inside a river's or a lake's name is not where the water is
    use sitmap::geoparse::{fallback::inner_name, span::Indexed, Span};
    let inner = |t: &str, n: &str| {
        let start = t.find(n).expect("name in text");
        let span = Span {
            start,
            end: start + n.len(),
        };
        let text = Indexed::new(t);
        inner_name(gazetteer(), &text, span).map(|s| text.slice(s.span).to_string())
    };
    assert_eq!(inner("the Kabul River rose", "Kabul River"), None);
    assert_eq!(
        inner(
            "at Kabul Polytechnic University",
            "Kabul Polytechnic University"
        )
        .as_deref(),
        Some("Kabul")
    );
    // a province named only by its direction or rank is never the place inside a longer name
    let t = "Officials of the Federal Reserve Bank met bankers in Boston on Monday.";
    let got = parse_spans(t, &["Federal Reserve Bank", "Boston"]);
    assert_eq!(got[0].2, "US", "{got:?}");
    let t = "Customers queued at the Western Union branch in Kakamega on Friday.";
    let got = parse_spans(t, &["Western Union", "Kakamega"]);
    assert_eq!(got[0].1, "context", "{got:?}");
    // a natural feature the gazetteer lacks is not a town spelt alike: the text's place
    let t = "Ferries to Fire Island left from Bay Shore on Long Island on Saturday.";
    let got = parse_spans(t, &["Fire Island", "Bay Shore"]);
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str()),
        ("context", "US"),
        "{got:?}"
    );
    // an organisation named after a country or province stands there, whatever towns the
    // text names in it: "of X", or the country's demonym or short form
    let t = "The Bank of Kenya and the US Treasury wrote to lenders in Nairobi and Denver.";
    let got = parse_spans(t, &["Bank of Kenya", "US Treasury", "Nairobi", "Denver"]);
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str()),
        ("inner_name", "KE"),
        "{got:?}"
    );
    assert_eq!(
        (got[1].1.as_str(), got[1].2.as_str()),
        ("inner_name", "US"),
        "{got:?}"
    );
    // a place's own name inside the span comes before a demonym: the building is in the town
    assert_eq!(
        inner(
            "at the Ghanaian High Commission Accra office",
            "Ghanaian High Commission Accra"
        )
        .as_deref(),
        Some("Accra")
    );
    // nothing resolves: nothing is invented
    let got = parse_spans("The Blue Lagoon Cafe opened.", &["Blue Lagoon Cafe"]);
    assert_eq!(got[0].1, "", "{got:?}");
}

#[test]
fn the_context_fallback_takes_the_town_its_province_supports() {
    // a town named twice abroad loses to one named once among its province and a neighbour
    let t = "Two tour groups from Bordeaux, one of them back from Bordeaux by train, walked down \
             Qoxhatchery Mews in Tucson, the Arizona city south of Phoenix.";
    let got = parse_spans(
        t,
        &[
            "Bordeaux",
            "Bordeaux",
            "Qoxhatchery Mews",
            "Tucson",
            "Arizona",
            "Phoenix",
        ],
    );
    assert_eq!(
        (got[2].1.as_str(), got[2].2.as_str()),
        ("context", "US"),
        "{got:?}"
    );
}

#[test]
fn state_abbreviations_and_province_codes_name_their_province() {
    let g = gazetteer();
    let name = |w: &str| g.demonym(w).map(|i| g.place(i).name.to_string());
    // AP abbreviations are matched with their stops: "Kan." is Kansas, "Mass" (no stop) is not
    assert_eq!(name("Kan.").as_deref(), Some("Kansas"));
    assert_eq!(name("N.C.").as_deref(), Some("North Carolina"));
    assert_eq!(name("Mass"), None);
    // ISO 3166-2 codes of Canadian and Australian provinces, with or without stops
    assert_eq!(name("BC").as_deref(), Some("British Columbia"));
    assert_eq!(name("B.C.").as_deref(), Some("British Columbia"));
    assert_eq!(name("NSW").as_deref(), Some("New South Wales"));
    // a province code never takes a country's short form
    assert_eq!(name("SA").as_deref(), Some("Saudi Arabia"));
    let got = parse_spans(
        "Storms hit Wichita, Kan., and later Raleigh, N.C.",
        &["Wichita", "Kan.", "Raleigh", "N.C."],
    );
    let cc: Vec<&str> = got.iter().map(|r| r.2.as_str()).collect();
    assert_eq!(cc, ["US", "US", "US", "US"], "{got:?}");
}

#[test]
fn request_checks_spans_on_character_boundaries() {
    use sitmap::geoparse::Span;
    let text = "Şanlıurfa".to_string();
    // 9 characters, 12 bytes: a span to 12 is past the end
    assert!(Request::new(
        text.clone(),
        Some(vec![Span { start: 0, end: 12 }]),
        None,
        0
    )
    .is_err());
    assert!(Request::new(text, Some(vec![Span { start: 0, end: 9 }]), None, 0).is_ok());
    assert!(Request::new(String::new(), None, None, 0).is_err());
}

fn run_cli(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitmap"))
        .arg("geoparse")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sitmap runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("sitmap exits")
}

#[test]
fn cli_prints_geojson_and_fails_on_bad_input() {
    let out = run_cli(
        &["--country", "SY", "-"],
        "Clashes near Raqqa and Deir ez-Zor.",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let names: Vec<&str> = fc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["properties"]["text"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["Raqqa", "Deir ez-Zor"]);
    let out = run_cli(&["-"], "   ");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("text"));
    let out = run_cli(&["--country", "Syria", "-"], "in Homs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("country"));
}

#[test]
fn a_name_is_not_its_own_evidence_that_its_country_is_named() {
    // "Guatemala" is the country and a department; the department reading must not count the
    // country reading of the same word as the country being named in the text
    let r = parse_ranked("Health officials in Guatemala reported new flu cases on Monday.");
    let province = r[0]
        .candidates
        .iter()
        .find(|c| gazetteer().place(c.index).is_admin1())
        .expect("a province among the candidates");
    assert!(
        !province.evidence.iter().any(|(f, _)| *f == "named_country"),
        "{:?}",
        province.evidence
    );
    // with the country named by another word, the province is supported
    let r = parse_ranked(
        "Officials in Guatemala department met envoys from Mixco. Guatemalan troops came.",
    );
    assert!(r.iter().any(|m| m
        .candidates
        .iter()
        .any(|c| c.evidence.iter().any(|(f, _)| *f == "named_country"))));
}

#[test]
fn a_country_name_is_no_alias_of_its_provinces() {
    // "Mexico" is the country: the State of Mexico and the federal district keep their own
    // names ("State of Mexico", "Distrito Federal"), not the country's, so naming the capital
    // beside it no longer pulls the bare name to a province
    let r = parse_ranked(
        "Health officials in Mexico reported new flu cases; most were in Mexico City.",
    );
    let mexico = r.iter().find(|m| m.text == "Mexico").expect("Mexico found");
    let best = gazetteer().place(mexico.best.as_ref().expect("resolved").index);
    assert_eq!(&*best.feature_code, "PCLI", "{}", best.name);
    assert!(
        mexico
            .candidates
            .iter()
            .all(|c| !gazetteer().place(c.index).is_admin1()),
        "no province is called Mexico"
    );
    let state = parse("Floods hit the State of Mexico.");
    let p = gazetteer().place(state[0].best.as_ref().expect("resolved").index);
    assert_eq!((&*p.feature_code, p.country.as_str()), ("ADM1", "MX"));
}

#[test]
fn an_area_word_beside_a_name_asks_for_that_kind_of_area() {
    // bare, "Washington" is the capital; with "state" after it or "the state of" before it,
    // the state
    let level = |text: &str| {
        let r = parse_ranked(text);
        let m = r
            .iter()
            .find(|m| m.text == "Washington")
            .expect("Washington found");
        let p = gazetteer().place(m.best.as_ref().expect("resolved").index);
        (
            p.feature_code.to_string(),
            p.coord.is_some_and(|(_, lat)| lat > 45.0),
        )
    };
    assert_eq!(
        level("A dairy farm in Washington state reported the sick cow."),
        ("ADM1".into(), true)
    );
    assert_eq!(
        level("The sick cow came from a farm in the state of Washington."),
        ("ADM1".into(), true)
    );
    let r = parse_ranked("A dairy farm in Washington state reported the sick cow.");
    let m = r
        .iter()
        .find(|m| m.text == "Washington")
        .expect("Washington found");
    assert!(m
        .candidates
        .iter()
        .any(|c| c.evidence.iter().any(|(f, _)| *f == "area_word")));
}

#[test]
fn names_listed_together_are_read_as_one_kind() {
    // among states, "Georgia" is the US state, not the country
    let f = found("Officials confirmed cases in Alabama, Georgia, Tennessee and Florida.");
    assert!(f.iter().all(|(_, c)| c == "US"), "{f:?}");
    // and among countries, "Panama" is the country, not its capital (which bears the same
    // name and which a bare mention would rather mean)
    let r = parse("Delegates from Peru, Chile, Colombia and Panama met.");
    let codes: Vec<String> = r
        .iter()
        .map(|m| {
            let p = gazetteer().place(m.best.as_ref().expect("resolved").index);
            p.feature_code.to_string()
        })
        .collect();
    assert_eq!(codes, ["PCLI", "PCLI", "PCLI", "PCLI"]);
}

#[test]
fn a_city_and_the_district_around_it_outweigh_a_larger_namesake_elsewhere() {
    // the state of Washington is the likeliest single candidate by name, but the capital and
    // the federal district that share its name lie together: the pin goes where most of the
    // belief is (the choice weighs candidates within SAME_PLACE_KM of each other together)
    let text = "The senator flew back to Washington on Tuesday after two days of talks.";
    let r = parse_ranked(text);
    let best = r[0].best.as_ref().expect("Washington resolved");
    let place = gazetteer().place(best.index);
    assert_eq!(&*place.feature_code, "PPLC", "{}", place.name);
    assert_eq!(place.country.as_str(), "US");
    // the state is still a candidate, ranked after the choice
    assert!(r[0]
        .candidates
        .iter()
        .skip(1)
        .any(|c| &*gazetteer().place(c.index).feature_code == "ADM1"));
}

#[test]
fn seas_and_oceans_are_places_and_the_article_calls_the_sea() {
    let code = |text: &str, name: &str| {
        parse(text)
            .into_iter()
            .find(|r| r.text.contains(name))
            .and_then(|r| r.best)
            .map(|c| {
                let p = gazetteer().place(c.index);
                (
                    p.name.to_string(),
                    p.feature_code.to_string(),
                    p.country.to_string(),
                )
            })
    };
    let (name, fcode, cc) =
        code("A cargo ship was hit in the Red Sea off Yemen.", "Red Sea").expect("resolved");
    assert_eq!(
        (name.as_str(), fcode.as_str(), cc.as_str()),
        ("Red Sea", "SEA", "")
    );
    // the province named after it, called by its area word
    let (_, fcode, cc) =
        code("Floods hit Red Sea state in eastern Sudan.", "Red Sea").expect("resolved");
    assert_eq!((fcode.as_str(), cc.as_str()), ("ADM1", "SD"));
    // a sea's short name
    let (name, _, _) = code(
        "Migrants set out across the Mediterranean.",
        "Mediterranean",
    )
    .expect("resolved");
    assert_eq!(name, "Mediterranean Sea");
    // the article before lower-case words before the name: "the western tropical Atlantic"
    // is the ocean, not Atlantic in Iowa
    let (_, fcode, _) = code(
        "Hurricanes form as the western tropical Atlantic warms.",
        "Atlantic",
    )
    .expect("resolved");
    assert_eq!(fcode, "OCN");
    let (name, fcode, _) =
        code("The convoy sailed through the Gulf of Aden.", "Aden").expect("resolved");
    assert_eq!((name.as_str(), fcode.as_str()), ("Gulf of Aden", "GULF"));
}
