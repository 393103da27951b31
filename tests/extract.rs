//! The extractor measured on our own annotated reports (tests/fixtures/reports.jsonl, written
//! for this project), scored the way ../shared/reports/score.py scores `sitmap extract`: each
//! expected event takes the nearest unmatched predicted event within its tolerance; a
//! predicted event near an optional one counts neither way. The figures must reach the goals
//! of the extraction issue.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;
use sitmap::event::Event;
use sitmap::extract::{extract, Report};
use sitmap::gazetteer::rank::distance_km;
use sitmap::gazetteer::Gazetteer;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer loads"))
}

#[derive(Deserialize)]
struct Annotated {
    id: String,
    published: NaiveDate,
    text: String,
    expected: Vec<Expected>,
    #[serde(default)]
    optional: Vec<Expected>,
}

#[derive(Deserialize)]
struct Expected {
    #[serde(default)]
    r#where: String,
    lat: f64,
    lon: f64,
    tol_km: f64,
    date: NaiveDate,
    date_tol_days: i64,
    types: Vec<String>,
    fatalities: Option<u32>,
}

#[derive(Default, Debug)]
struct Tally {
    expected: usize,
    predicted: usize,
    hits: usize,
    dates: usize,
    types: usize,
    fatalities_ok: usize,
    fatalities_n: usize,
    misses: Vec<String>,
}

fn km(e: &Expected, p: &Event) -> f64 {
    distance_km((e.lon, e.lat), (p.lon, p.lat))
}

fn score(reports: &[Annotated]) -> Tally {
    let mut t = Tally::default();
    for rep in reports {
        let report = Report {
            text: rep.text.clone(),
            published: rep.published,
            source: "fixture".into(),
            url: String::new(),
            id: Some(rep.id.clone()),
        };
        let pred = extract(gazetteer(), &report);
        t.expected += rep.expected.len();
        let mut matched: Vec<(usize, usize)> = Vec::new();
        for (j, e) in rep.expected.iter().enumerate() {
            let best = pred
                .iter()
                .enumerate()
                .filter(|(i, _)| !matched.iter().any(|m| m.1 == *i))
                .map(|(i, p)| (km(e, p), i))
                .filter(|(d, _)| *d <= e.tol_km)
                .min_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((_, i)) => matched.push((j, i)),
                None => t.misses.push(format!("{}: missed {}", rep.id, e.r#where)),
            }
        }
        for (i, p) in pred.iter().enumerate() {
            if matched.iter().any(|m| m.1 == i) {
                continue;
            }
            if rep.optional.iter().any(|o| km(o, p) <= o.tol_km) {
                continue;
            }
            t.predicted += 1;
            t.misses.push(format!(
                "{}: extra event at {} ({})",
                rep.id,
                p.properties.location,
                p.properties.event_type.as_str()
            ));
        }
        t.predicted += matched.len();
        for (j, i) in matched {
            let (e, p) = (&rep.expected[j], &pred[i].properties);
            t.hits += 1;
            let gap = (p.event_date - e.date).num_days().abs();
            if gap <= e.date_tol_days {
                t.dates += 1;
            } else {
                t.misses.push(format!(
                    "{}: {} dated {} not {}",
                    rep.id, e.r#where, p.event_date, e.date
                ));
            }
            if e.types.iter().any(|ty| ty == p.event_type.as_str()) {
                t.types += 1;
            } else {
                t.misses.push(format!(
                    "{}: {} typed {}",
                    rep.id,
                    e.r#where,
                    p.event_type.as_str()
                ));
            }
            if let Some(f) = e.fatalities {
                t.fatalities_n += 1;
                if p.fatalities == f {
                    t.fatalities_ok += 1;
                } else {
                    t.misses.push(format!(
                        "{}: {} fatalities {} not {f}",
                        rep.id, e.r#where, p.fatalities
                    ));
                }
            }
        }
    }
    t
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn assert_goals(text: &str, min_reports: usize, min_negatives: usize, name: &str) {
    let reports: Vec<Annotated> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("fixture line parses"))
        .collect();
    assert!(
        reports.len() >= min_reports,
        "at least {min_reports} annotated reports"
    );
    let negatives = reports.iter().filter(|r| r.expected.is_empty()).count();
    assert!(negatives >= min_negatives, "negative reports included");
    let t = score(&reports);
    for m in &t.misses {
        eprintln!("{m}");
    }
    let figures = [
        ("recall", ratio(t.hits, t.expected), 0.90),
        ("precision", ratio(t.hits, t.predicted), 0.90),
        ("date", ratio(t.dates, t.hits), 0.90),
        ("type", ratio(t.types, t.hits), 0.85),
        ("fatalities", ratio(t.fatalities_ok, t.fatalities_n), 0.85),
    ];
    let line: Vec<String> = figures
        .iter()
        .map(|(n, v, _)| format!("{n} {v:.2}"))
        .collect();
    eprintln!(
        "{name}: {} over {} expected events",
        line.join(" "),
        t.expected
    );
    for (figure, value, goal) in figures {
        assert!(
            value >= goal,
            "{name}: {figure} {value:.2} is under the goal {goal:.2}"
        );
    }
}

/// The 48 reports the rules were developed against (written for the project).
#[test]
fn fixtures_reach_the_extraction_goals() {
    assert_goals(include_str!("fixtures/reports.jsonl"), 40, 5, "fixtures");
}

/// 30 reports written apart from the rules (by a writer who did not see them), first scored
/// before any rule was changed for them; see the README for that first figure.
#[test]
fn heldout_reports_reach_the_extraction_goals() {
    assert_goals(include_str!("fixtures/heldout.jsonl"), 30, 5, "held-out");
}

#[test]
fn the_seed_report_gives_its_five_incidents() {
    let report = Report {
        text: include_str!("fixtures/seed-like.txt").to_string(),
        published: NaiveDate::from_ymd_opt(2018, 10, 3).expect("date"),
        source: "fixture".into(),
        url: String::new(),
        id: None,
    };
    let events = extract(gazetteer(), &report);
    let summary: Vec<(String, String, u32, u8)> = events
        .iter()
        .map(|e| {
            let p = &e.properties;
            (
                p.location.clone(),
                p.event_date.to_string(),
                p.fatalities,
                p.geo_precision,
            )
        })
        .collect();
    // a car bomb in Granij (5 dead), rockets on unlocated al-Ja'abi (3 dead, province-level),
    // clashes at al-Safafneh near Bagouz since Tuesday, Bagouz taken last week, missiles on
    // Albu Kamal on Monday; the Ahvaz background attack may come out as well
    let find = |loc: &str| {
        summary
            .iter()
            .find(|s| s.0 == loc)
            .unwrap_or_else(|| panic!("no event at {loc}: {summary:?}"))
    };
    assert_eq!(
        find("Gharanij"),
        &("Gharanij".into(), "2018-10-03".into(), 5, 1)
    );
    // Granij and Albu Kamal within 10 km of their reference positions (Wikipedia infoboxes)
    let at = |loc: &str| {
        let e = events
            .iter()
            .find(|e| e.properties.location == loc)
            .unwrap_or_else(|| panic!("no event at {loc}"));
        (e.lon, e.lat)
    };
    assert!(distance_km(at("Gharanij"), (40.72833, 34.78389)) < 10.0);
    assert!(distance_km(at("Ālbū Kamāl"), (40.91854, 34.45226)) < 10.0);
    // al-Ja'abi is in no source: placed in Deir ez-Zor province, within 100 km of the town
    assert!(distance_km(at("al-Ja'abi"), (40.83138, 34.69508)) < 100.0);
    assert_eq!(find("al-Ja'abi").3, 3);
    assert_eq!(find("al-Ja'abi").2, 3);
    assert_eq!(find("al-Safafneh").1, "2018-10-02");
    assert_eq!(find("al-Safafneh").3, 2);
    assert_eq!(find("Al-Baghuz Fawqani").1, "2018-09-26");
    assert_eq!(find("Ālbū Kamāl").1, "2018-10-01");
    let others: Vec<_> = summary
        .iter()
        .filter(|s| {
            ![
                "Gharanij",
                "al-Ja'abi",
                "al-Safafneh",
                "Al-Baghuz Fawqani",
                "Ālbū Kamāl",
                "Ahvaz",
            ]
            .contains(&s.0.as_str())
        })
        .collect();
    assert!(others.is_empty(), "unexpected events: {others:?}");
}

/// The events of one report written for a test, published on the given day.
fn events_of(text: &str, published: (i32, u32, u32)) -> Vec<sitmap::event::Event> {
    extract(gazetteer(), &report_of(text, published))
}

fn places_and_dates(text: &str, published: (i32, u32, u32)) -> Vec<(String, String)> {
    events_of(text, published)
        .into_iter()
        .map(|e| (e.properties.location, e.properties.event_date.to_string()))
        .collect()
}

fn places_of(text: &str, published: (i32, u32, u32)) -> Vec<String> {
    events_of(text, published)
        .into_iter()
        .map(|e| e.properties.location)
        .collect()
}

#[test]
fn the_dateline_city_is_not_where_it_happened() {
    let t = "KHARTOUM, May 2 (Wire) - Paramilitary fighters shelled a camp in El Fasher on \
             Thursday, killing eight displaced people, aid workers said.";
    assert_eq!(places_of(t, (2024, 5, 3)), ["El Fasher"]);
}

#[test]
fn a_title_case_dateline_gives_neither_place_nor_date() {
    // the dateline's date is when the story was filed; the weekday is when it happened
    let t = "Lagos, March 3 — Gunmen killed 12 villagers in Zurmi, Zamfara state, on Sunday, \
             police said.";
    let got = places_and_dates(t, (2025, 3, 4));
    assert_eq!(got, [("Zurmi".to_string(), "2025-03-02".to_string())]);
}

#[test]
fn counts_joined_by_and_are_one_toll_in_a_separate_incident() {
    // "separately" marks a second incident, but "and" between two counts is not where it starts
    let t = "Separately, militants attacked a police post in Tank district late on Wednesday, \
             starting a gunfight in which two officers and three attackers were killed.";
    let events = events_of(t, (2024, 1, 4));
    let got: Vec<(String, u32)> = events
        .iter()
        .map(|e| (e.properties.location.clone(), e.properties.fatalities))
        .collect();
    assert_eq!(got, [("Tank".to_string(), 5)]);
}

#[test]
fn an_incident_named_again_by_its_place_is_no_new_event() {
    // the last sentence names the Khar bombing again, with the Wednesday of the sentence
    // before; it is the Thursday bombing, and who denies it is not its actor
    let t = "A suicide bomber killed five policemen near Khar on Thursday, officials said. \
             Separately, militants attacked a police post in Tank late on Wednesday, killing \
             two officers. The Pakistani Taliban claimed the Tank attack but denied any role \
             in the Khar bombing.";
    let got = places_and_dates(t, (2024, 1, 4));
    assert_eq!(
        got,
        [
            ("Khar".to_string(), "2024-01-04".to_string()),
            ("Tank".to_string(), "2024-01-03".to_string())
        ]
    );
    let events = events_of(t, (2024, 1, 4));
    assert!(
        !events[0].properties.actor1.contains("Taliban")
            && !events[0].properties.actor2.contains("Taliban"),
        "{:?}",
        events[0].properties
    );
}

#[test]
fn that_month_after_an_old_date_is_background_too() {
    let t = "Mourners gathered in the town on Saturday to mark ten years since the raid. On \
             June 9, 2014, militants stormed Tal Afar, killing dozens of residents. In the \
             village of Kesik alone, eighty men were shot dead in a single day that month.";
    let events = events_of(t, (2024, 6, 10));
    assert!(events.is_empty(), "{events:?}");
}

#[test]
fn a_lede_without_a_day_takes_the_day_and_toll_told_next_not_a_tally_since_a_date() {
    let t = "Doctors condemned the shelling of a clinic in Kadugli. On Saturday afternoon, two \
             shells landed inside the clinic yard, killing three guards. Since 4 April, the \
             clinic has treated 900 wounded patients, 75 of whom died.";
    let events = events_of(t, (2024, 6, 3));
    let got: Vec<(String, String, u32)> = events
        .iter()
        .map(|e| {
            (
                e.properties.location.clone(),
                e.properties.event_date.to_string(),
                e.properties.fatalities,
            )
        })
        .collect();
    assert_eq!(got, [("Kadugli".to_string(), "2024-06-01".to_string(), 3)]);
}

#[test]
fn a_town_measured_from_a_far_city_is_at_its_own_point() {
    // Jilib (GeoNames 0.49 N, 42.79 E) lies some 330 km from Mogadishu: the city only measures
    // where it is, so it neither pulls the town to itself nor gives an event of its own
    let t = "An air strike on Sunday hit Jilib, about 370 km southwest of Mogadishu, killing \
             two militants, the command said.";
    let events = events_of(t, (2025, 1, 14));
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert_eq!(e.properties.location, "Jilib");
    let (lon, lat) = (e.lon, e.lat);
    assert!(
        (lat - 0.49).abs() < 0.1 && (lon - 42.79).abs() < 0.1,
        "{lon} {lat}"
    );
}

#[test]
fn weapons_found_or_seized_and_bombs_from_the_air_are_typed_as_such() {
    let sub = |t: &str| -> Vec<(String, String)> {
        events_of(t, (2024, 7, 15))
            .into_iter()
            .map(|e| (e.properties.location, e.properties.sub_event_type))
            .collect()
    };
    // bombs dropped from aircraft are an air strike, not a roadside bomb
    assert_eq!(
        sub("Russian forces dropped guided aerial bombs on Kharkiv overnight, wounding seven."),
        [("Kharkiv".to_string(), "Air/drone strike".to_string())]
    );
    // explosives found after a raid set nothing off: the raid's own type stands
    let got = sub(
        "Troops killed two gunmen who fired on them during a raid in Jenin on Sunday. The army \
         said explosives and a rifle were found at the scene.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_ne!(got[0].1, "Remote explosive/landmine/IED", "{got:?}");
    // an arrest with weapons seized is an arrest, and a gang named after "members of" is no
    // place
    assert_eq!(
        sub("Police arrested three men and seized a pistol and grenades in Sopore on Sunday."),
        [("Sopur".to_string(), "Arrests".to_string())]
    );
    assert_eq!(
        sub("Soldiers arrested 14 suspected members of Los Lobos in raids in Machala on Sunday."),
        [("Machala".to_string(), "Arrests".to_string())]
    );
}

#[test]
fn gunfights_encounters_and_stone_pelting_are_typed_as_such() {
    let kind = |t: &str| -> Vec<(String, String)> {
        events_of(t, (2024, 11, 26))
            .into_iter()
            .map(|e| {
                (
                    e.properties.event_type.to_string(),
                    e.properties.sub_event_type,
                )
            })
            .collect()
    };
    let clash = [("Battles".to_string(), "Armed clash".to_string())];
    assert_eq!(
        kind("Four rebels were killed in an encounter with troops near Sukma on Monday."),
        clash
    );
    assert_eq!(
        kind("Gunmen fired on a police post in Bannu on Monday, sparking a gunfight."),
        clash
    );
    assert_eq!(
        kind("In Kisumu, youths pelted police with stones on Monday and one man was shot dead."),
        [("Riots".to_string(), "Violent demonstration".to_string())]
    );
}

#[test]
fn a_shelling_that_kills_civilians_has_them_as_its_other_side() {
    let t = "Russian artillery shelled the town of Toretsk on Sunday, killing two civilians.";
    let events = events_of(t, (2024, 7, 15));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].properties.actor2, "Civilians (Ukraine)");
}

#[test]
fn persons_named_like_towns_give_no_event() {
    // Aden is a city in Yemen; here it is a police officer's name
    let t = "A suicide bomber killed nine people at a checkpoint in Beledweyne on Monday, \
             police officer Ahmed Aden said. Captain Nur Aden told reporters the attacker \
             came on foot.";
    let places = places_of(t, (2021, 6, 8));
    assert!(places.iter().all(|p| p != "Aden"), "{places:?}");
    assert!(places.iter().any(|p| p == "Beledweyne"), "{places:?}");
}

#[test]
fn a_village_placed_by_distance_and_direction_is_put_there() {
    // the village is in no gazetteer; the text says where it lies from a town that is
    let t = "Jihadists attacked an army outpost in the village of Kourfa Dialla, about 60 \
             kilometres south of the town of Mopti, on Sunday, killing four soldiers, the \
             army said.";
    let events = events_of(t, (2021, 3, 8));
    let e = events
        .iter()
        .find(|e| e.properties.location == "Kourfa Dialla")
        .unwrap_or_else(|| panic!("no event at the village: {events:?}"));
    // Mopti (GeoNames 14.4843 N, 4.18296 W) shifted 60 km south
    let expected = (-4.18296, 14.4843 - 60.0 / 111.2);
    assert!(
        distance_km((e.lon, e.lat), expected) < 3.0,
        "{:?}",
        (e.lon, e.lat)
    );
    assert_eq!(e.properties.geo_precision, 2);
}

#[test]
fn an_incident_told_first_without_a_place_takes_the_place_given_after() {
    let t = "Militants ambushed an army patrol before dawn on Friday, killing six soldiers, \
             the defence ministry said. The ambush took place on the outskirts of Beledweyne, \
             a town in central Somalia.";
    assert_eq!(places_of(t, (2021, 6, 12)), ["Beledweyne"]);
}

#[test]
fn where_a_source_spoke_is_not_where_it_happened() {
    let t = "Gunmen killed four police officers at a checkpoint in Bannu on Tuesday. Speaking \
             to reporters in the capital Islamabad, the interior minister condemned the attack.";
    assert_eq!(places_of(t, (2022, 11, 16)), ["Bannu"]);
}

#[test]
fn an_undated_lede_naming_the_province_merges_into_the_dated_village_attack() {
    // the headline and lede give the province and the toll, the body the town and the day
    let t = "Nine killed as gunmen raid farming community in Kaduna State\n\
             Gunmen killed nine people in an attack on a farming community in Kaduna State, \
             police said. The attackers stormed Kauru on Saturday night and set fire to \
             houses, a police spokesman said.";
    let events = events_of(t, (2022, 3, 7));
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0].properties;
    assert_eq!(e.location, "Kauru");
    assert_eq!(e.event_date.to_string(), "2022-03-05");
    assert_eq!(e.fatalities, 9);
}

#[test]
fn the_attack_an_incident_avenges_is_not_a_new_event() {
    let t = "Air force jets bombed militant hideouts near Bannu on Monday in retaliation for \
             an attack that killed 12 soldiers in the town of Kohat.";
    assert_eq!(places_of(t, (2023, 4, 5)), ["Bannu"]);
}

#[test]
fn an_undated_lede_and_its_dated_detail_at_one_place_are_one_event() {
    // the lede gives no day; the body says when, and names a victim with his age
    let t = "A drone strike on a market in Kismayo has killed seven people, local officials \
             said. Abdi Warsame, 44, was selling fruit when the drone struck on Monday \
             morning in Kismayo, his brother said.";
    let events = events_of(t, (2023, 8, 16));
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0].properties;
    assert_eq!(e.location, "Kismayo");
    assert_eq!(e.event_date.to_string(), "2023-08-14");
    assert_eq!(e.fatalities, 7);
}

#[test]
fn a_village_near_a_town_is_not_a_homonym_far_away() {
    // Alexandria is a city in Egypt (and towns in the US); "near Kandahar" says where this is
    let t = "Taliban fighters attacked the village of Alexandria near Kandahar on Tuesday, \
             killing three police officers, a provincial spokesman said.";
    let events = events_of(t, (2021, 5, 6));
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0];
    assert_eq!(e.properties.location, "Alexandria");
    assert_eq!(e.properties.country_code, "AF");
    assert_eq!(e.properties.geo_precision, 2);
    // Kandahar (GeoNames 31.61332 N, 65.71013 E)
    assert!(distance_km((e.lon, e.lat), (65.71013, 31.61332)) < 1.0);
}

#[test]
fn a_country_qualifying_a_state_is_not_the_place() {
    // "Mexico state" is also the name of a Mexican state; here it only says whose state
    let t = "MEXICO CITY (Wire) — Gunmen killed seven people and wounded another in a bar in \
             the central Mexico state of Zacatecas, officials said.";
    assert_eq!(places_of(t, (2022, 7, 11)), ["Zacatecas"]);
}

#[test]
fn a_province_of_a_country_the_report_never_names_is_a_homonym() {
    // Florida is a US state; this camp is in North Kivu and the report never names the US
    let t = "Gunmen stormed the Florida displacement camp in North Kivu province on Sunday, \
             killing nine people, camp leaders said.";
    assert_eq!(places_of(t, (2022, 7, 11)), ["North Kivu"]);
}

#[test]
fn the_clause_that_places_an_incident_keeps_its_toll() {
    // the lede gives the toll but no place; the next sentence places it
    let t = "Unidentified gunmen have killed 23 villagers, including nine children, in a raid \
             in northern Burkina Faso, officials and a local councillor said.\n\
             The raid occurred on Saturday in the town of Djibo, where the army keeps a base.";
    let events = events_of(t, (2022, 6, 14));
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0].properties;
    assert_eq!(e.location, "Djibo");
    assert_eq!(e.event_date.to_string(), "2022-06-11");
    assert_eq!(e.fatalities, 23);
}

#[test]
fn the_town_a_source_spoke_from_is_not_where_it_happened() {
    // the camp is placed by distance; the town the officer spoke from is no second event
    let t = "Jihadists attacked an army camp about 80 km north of Ansongo on Sunday. \"Two of \
             our men fell in the attack on the camp,\" an officer told AFP from Gao.";
    let places = places_of(t, (2021, 9, 6));
    assert_eq!(places, ["80 km north of Ansongo"]);
}

#[test]
fn a_toll_of_dead_and_wounded_counts_the_dead() {
    let t = "Jihadists attacked a gendarmerie post in Douentza on Friday. The army gave a first \
             toll of two dead, seven wounded.";
    let events = events_of(t, (2021, 9, 4));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.fatalities, 2);
}

#[test]
fn who_was_hit_decides_the_type() {
    let kind = |t: &str| {
        events_of(t, (2022, 5, 10))
            .into_iter()
            .map(|e| e.properties.event_type.as_str().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kind("Bandits killed six villagers in an ambush near Bokkos on Sunday."),
        ["Violence against civilians"]
    );
    assert_eq!(
        kind("Riot police clashed with stone-throwing demonstrators in Basra on Monday."),
        ["Riots"]
    );
    assert_eq!(
        kind("An overnight raid on an army base near Marka left 11 people dead on Monday."),
        ["Battles"]
    );
}

#[test]
fn what_happens_again_and_again_is_no_incident() {
    let t = "Rebels regularly shell the outskirts of Nikopol from across the river, and \
             drone strikes on Marhanets are frequent.";
    assert_eq!(places_of(t, (2023, 8, 2)), Vec::<String>::new());
}

#[test]
fn the_earlier_incident_a_new_one_came_after_is_not_retold() {
    let t = "Two soldiers were killed in an ambush near Djibo on Tuesday. The deaths came a \
             day after three civilians were killed in a raid on Arbinda.";
    assert_eq!(places_of(t, (2022, 3, 9)), ["Djibo"]);
}

#[test]
fn an_appeal_to_free_detainees_is_no_arrest() {
    let t = "The mediator urged the negotiators meeting in Geneva to free every detained \
             journalist before the holiday.";
    assert_eq!(places_of(t, (2022, 3, 9)), Vec::<String>::new());
}

#[test]
fn the_towns_a_road_links_are_not_where_a_village_fell() {
    let t = "Rebels captured the hamlet of Kanyabayonga-Bas, near a road linking the city of \
             Butembo to Goma, on Monday, a local official said.";
    let places = places_of(t, (2022, 10, 26));
    assert!(
        !places.iter().any(|p| p == "Butembo" || p == "Goma"),
        "{places:?}"
    );
}

#[test]
fn a_wire_lede_told_by_province_and_its_village_detail_are_one_event() {
    // the dateline's abbreviated month is no date of the incident; the detail's count of two
    // women is a part of the lede's toll
    let t = "JOS, Feb. 3 (Wire) — Gunmen killed 11 people in a raid on a farming village in \
             Plateau State, residents said on Monday.\n\
             Two women were among those killed in the raid on the village of Mangu-Halle in \
             Bokkos district late on Sunday, a vigilante leader said.";
    let events = events_of(t, (2020, 2, 3));
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0].properties;
    // the village the gazetteer lacks, near the town of its district
    assert_eq!(e.location, "Mangu-Halle");
    assert_eq!(e.geo_precision, 2);
    assert_eq!(e.event_date.to_string(), "2020-02-02");
    assert_eq!(e.fatalities, 11);
}

#[test]
fn a_relative_clause_tells_of_the_town_it_hangs_on() {
    // the strike is on the village; the capture told in the relative clause is the town's
    let t = "An air strike hit the village of Thit-Pin-Kone late on Wednesday, killing nine \
             people. Thit-Pin-Kone is about 20 km east of Indaw town, which rebels captured on \
             Monday.";
    let places = places_and_dates(t, (2025, 4, 11));
    assert!(
        !places
            .iter()
            .any(|(p, d)| p == "Thit-Pin-Kone" && d == "2025-04-07"),
        "{places:?}"
    );
    assert!(
        places.contains(&("Indaw".to_string(), "2025-04-07".to_string())),
        "{places:?}"
    );
}

#[test]
fn a_village_abroad_needs_its_country_named_as_a_place() {
    // only Ukraine's troops are named; the village in the Kursk Region is no Ukrainian
    // homonym (the gazetteer knows only the Ukrainian one)
    let t = "KURSK, May 4 (Wire) — Ukrainian troops attacked the village of Velykyi Burluk in \
             the Kursk Region with drones on Sunday, wounding a woman, the Russian governor said.";
    let events = events_of(t, (2024, 5, 6));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.country_code, "RU");
}

#[test]
fn where_crowds_flocked_to_is_where_they_protested() {
    let t = "Thousands of people flocked to Mosul's central square on Friday in solidarity with \
             protesters in the city of Nasiriyah.";
    let places = places_of(t, (2023, 7, 9));
    assert!(places.iter().any(|p| p == "Mosul"), "{places:?}");
}

#[test]
fn where_the_bodies_were_found_places_a_province_wide_lede() {
    let t = "Gunmen killed eight people at a party in the central Mexico state of Zacatecas on \
             Saturday, officials said. The bodies were found in a courtyard near the town of \
             Fresnillo.";
    let events = events_of(t, (2022, 6, 13));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.location, "Fresnillo");
    assert_eq!(events[0].properties.fatalities, 8);
}

#[test]
fn a_province_named_again_without_a_date_retells_its_incident() {
    let t = "A roadside bomb killed three soldiers in Mudiyah on Friday, officials said. \
             Another bomb killed a civilian in Ataq on Saturday. The militants later claimed \
             the attacks in Abyan and Shabwa.";
    let mut places = places_of(t, (2024, 1, 21));
    places.sort();
    assert_eq!(places, ["Ataq", "Mūdīyah"]);
}

#[test]
fn a_relative_location_carries_its_uncertainty() {
    let t = "Jihadists attacked an army camp about 80 km north of Ansongo on Sunday.";
    let events = events_of(t, (2021, 9, 6));
    assert_eq!(events.len(), 1, "{events:#?}");
    let r = events[0].properties.geo_radius_km.expect("a radius");
    // a compass sector of 45° at 80 km: some 30 km either side
    assert!((25.0..40.0).contains(&r), "{r}");
    let t = "Gunmen killed three farmers in Kauru on Saturday, police said.";
    assert_eq!(events_of(t, (2022, 3, 7))[0].properties.geo_radius_km, None);
}

#[test]
fn statements_that_disagree_keep_the_first_toll_and_the_highest() {
    let t = "Gunmen killed nine villagers in Kauru on Saturday, police said. Residents said \
             14 people were killed in the attack on Kauru.";
    let events = events_of(t, (2022, 3, 7));
    assert_eq!(events.len(), 1, "{events:#?}");
    let p = &events[0].properties;
    assert_eq!((p.fatalities, p.fatalities_max), (9, Some(14)));
}

#[test]
fn every_event_quotes_the_words_that_gave_its_fields() {
    // a non-ASCII name first: offsets count code points, as /geoparse does
    let t = "Séverine Dupré reports: a car bomb killed four policemen near a checkpoint in \
             Kirkuk on Monday.";
    let events = events_of(t, (2019, 3, 6));
    assert_eq!(events.len(), 1, "{events:#?}");
    let evidence = events[0].properties.evidence.clone().expect("evidence");
    let chars: Vec<char> = t.chars().collect();
    let quoted = |q: Option<sitmap::event::Quote>| {
        let q = q.expect("a quote");
        let at: String = chars[q.start as usize..q.end as usize].iter().collect();
        assert_eq!(at, q.text, "offsets point at the quoted words");
        q.text
    };
    assert_eq!(quoted(evidence.place), "Kirkuk");
    assert_eq!(quoted(evidence.date), "Monday");
    assert_eq!(quoted(evidence.event_type), "car bomb");
    assert_eq!(quoted(evidence.fatalities), "four");
}

#[test]
fn a_district_spelt_one_letter_off_is_found_in_its_province() {
    // "Busyarah" is one swap from Al Busayrah; the province named before it holds it, and the
    // possessor is not a second place
    let t = "Gunmen attacked an army post in Deir ez-Zor's district of Busyarah on Sunday, \
             killing four soldiers.";
    assert_eq!(places_of(t, (2021, 11, 8)), ["Al Buşayrah"]);
}

#[test]
fn the_wider_place_a_district_is_said_to_belong_to_is_the_same_incident() {
    let t = "Fighting broke out in the city of Deir ez-Zor on Sunday, killing six fighters, a \
             monitor said. The clashes began on Sunday at an army post in Deir ez-Zor's district \
             of Busyarah, the monitor added.";
    let events = events_of(t, (2021, 11, 8));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.location, "Al Buşayrah");
    assert_eq!(events[0].properties.fatalities, 6);
}

#[test]
fn a_look_alike_spelling_outside_the_named_province_is_not_the_village() {
    // "Qamishlo" reads like Al Qamishli by its consonants, but that city is in Hasakah and
    // the report places the village in Deir ez-Zor province
    let t = "Fighters attacked the village of Qamishlo in Deir ez-Zor province on Monday, \
             killing two guards, a monitor said.";
    let events = events_of(t, (2022, 5, 10));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.admin1, "Deir ez-Zor");
}

#[test]
fn the_outlet_a_source_told_is_not_a_place() {
    // The Irrawaddy is a newspaper and also a region's name
    let t = "Fighter jets bombed villages in Chin State on Thursday, officials said. The strike \
             on the hamlet of Lungpi-Khua killed four villagers, a local resident told The \
             Irrawaddy.";
    let events = events_of(t, (2023, 3, 31));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.admin1, "Chin State");
}

#[test]
fn armed_men_looting_a_market_is_no_riot() {
    let t = "Militiamen looted the cattle market of Kadugli on Friday, traders said.";
    let events = events_of(t, (2023, 6, 11));
    assert_eq!(events.len(), 1, "{events:#?}");
    let p = &events[0].properties;
    assert_eq!(p.event_type.as_str(), "Strategic developments");
    assert_eq!(p.sub_event_type, "Looting/property destruction");
}

#[test]
fn a_second_day_with_its_own_toll_is_an_incident_of_its_own() {
    // 2024-03-09 is a Saturday: Friday the 8th, Thursday the 7th
    let t = "Police fired on marchers in Kirkuk on Friday. Three marchers were killed in the \
             city on Friday and two on Thursday when officers broke up the rallies, medics said.";
    let events = events_of(t, (2024, 3, 9));
    let mut days: Vec<(String, u32)> = events
        .iter()
        .map(|e| (e.properties.event_date.to_string(), e.properties.fatalities))
        .collect();
    days.sort();
    assert_eq!(
        days,
        [("2024-03-07".to_string(), 2), ("2024-03-08".to_string(), 3)],
        "{events:?}"
    );
}

#[test]
fn a_province_spelt_otherwise_is_found_among_the_countrys_provinces() {
    // no gazetteer spells it "Daleh"; called a governorate, it is Yemen's Ad Dali'
    let t = "A drone struck army positions in Daleh Governorate on Tuesday, killing three \
             soldiers, officials in Aden said.";
    let events = events_of(t, (2024, 2, 8));
    assert_eq!(events.len(), 1, "{events:?}");
    let p = &events[0].properties;
    assert_eq!(p.country_code, "YE", "{p:?}");
    assert_eq!(p.geo_precision, 3);
    assert_eq!(p.fatalities, 3);
}

#[test]
fn a_village_named_new_x_lies_near_x() {
    // "Novokupiansk" is in no gazetteer; "Novo-" names it after Kupiansk of the same region,
    // so the event lies near Kupiansk (GeoNames 49.7106 N, 37.6156 E), under its own name
    let t = "Russian artillery shelled the village of Novokupiansk in the Kharkiv region on \
             Tuesday, killing two civilians, the regional governor said.";
    let events = events_of(t, (2024, 5, 8));
    let e = events
        .iter()
        .find(|e| e.properties.location == "Novokupiansk")
        .unwrap_or_else(|| panic!("no event at the village: {events:?}"));
    assert_eq!(e.properties.geo_precision, 2);
    assert!(
        distance_km((e.lon, e.lat), (37.6156, 49.7106)) < 5.0,
        "{:?}",
        (e.lon, e.lat)
    );
    assert!(e.properties.geo_radius_km.is_some());
}

#[test]
fn where_the_police_spoke_is_no_better_than_where_the_text_places_it() {
    // "police in Kunduz said" is where the source is; the raid was 20 km north of the city
    let t = "Gunmen raided the village of Larkhabi, 20 km north of Kunduz, on Monday, killing \
             a farmer, police in Kunduz said.";
    let events = events_of(t, (2024, 3, 5));
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert_eq!(e.properties.location, "Larkhabi");
    assert_eq!(e.properties.geo_precision, 2);
}

#[test]
fn a_small_namesake_abroad_does_not_outvote_the_city_named_beside_it() {
    // Shorab is also a hamlet in Tajikistan (2,900 people); beside Kunduz, a city, the report
    // is about Afghanistan and the village lies 20 km north of Kunduz
    let t = "Gunmen killed three people in the village of Shorab Kalay, 20 km north of Kunduz, \
             on Monday.";
    let events = events_of(t, (2024, 3, 5));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].properties.country_code, "AF");
    assert_eq!(events[0].properties.geo_precision, 2);
}

#[test]
fn an_unknown_village_in_a_district_lies_near_the_district_town() {
    // "Tarbakho" is in no gazetteer; the report puts it in Bokkos district (the town of
    // Bokkos: GeoNames 9.2992 N, 8.9947 E), so it stands near Bokkos under its own name, and
    // the lede that names only Bokkos the same day is the same incident
    let t = "Gunmen killed five people in Bokkos on Sunday night, the police said. The attackers \
             stormed the village of Tarbakho in Bokkos district late on Sunday and shot dead \
             five villagers.";
    let events = events_of(t, (2024, 3, 5));
    assert_eq!(events.len(), 1, "{events:?}");
    let t = "The attackers stormed the village of Tarbakho in Bokkos district late on Sunday \
             and shot dead five villagers.";
    let events = events_of(t, (2024, 3, 5));
    assert_eq!(events.len(), 1, "{events:?}");
    let p = &events[0].properties;
    assert_eq!(p.location, "Tarbakho");
    assert_eq!(p.geo_precision, 2);
    assert_eq!(p.geo_radius_km, Some(25.0));
    assert!(distance_km((events[0].lon, events[0].lat), (8.9947, 9.2992)) < 5.0);
}

#[test]
fn a_province_outvotes_a_small_town_abroad_spelt_like_it() {
    // "Galkoro" is in no gazetteer; "Borno" is a Nigerian state and, by an alternate name,
    // a German town: the report is about Nigeria, and the village falls back to the state
    let t = "Suspected insurgents killed 12 people in the village of Galkoro in Borno on \
             Saturday.";
    let events = events_of(t, (2024, 3, 5));
    assert_eq!(events.len(), 1, "{events:?}");
    let p = &events[0].properties;
    assert_eq!(p.country_code, "NG", "{p:?}");
    assert_eq!(p.location, "Galkoro");
    assert_eq!(p.geo_precision, 3);
}

#[test]
fn a_broadcaster_named_after_a_region_is_no_place() {
    // "Kurdistan 24" is a television channel, not the Iranian province of Kurdistan
    for t in [
        "Two fighters died in a drone strike near Sinjar on Monday, Kurdistan 24 reported.",
        "Two fighters died in a drone strike near Sinjar on Monday, according to Kurdistan 24.",
    ] {
        let events = events_of(t, (2024, 3, 5));
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].properties.country_code, "IQ", "{events:?}");
        assert!(events[0].properties.location.starts_with("Sinj"));
    }
}

#[test]
fn the_town_an_official_heads_is_no_precise_place_of_the_incident() {
    // the mayor of Bankass spoke; the herders were killed somewhere in the area, not in the
    // town itself: Bankass stands in only approximately
    let t = "Gunmen shot dead six herders near a pond in central Mali on Sunday, the mayor of \
             Bankass told reporters.";
    let events = events_of(t, (2024, 3, 5));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].properties.geo_precision, 2, "{events:?}");
}

#[test]
fn an_unknown_name_placed_inside_a_province_is_a_village_of_it() {
    // "Dhuusokor" and "Tarkoli" are in no gazetteer; the words put them inside a province
    for (t, cc, village) in [
        (
            "Militants overran an army base in Dhuusokor in Somalia's Galguduud region on \
             Monday, killing 30 soldiers, officials said.",
            "SO",
            "Dhuusokor",
        ),
        (
            "Gunmen killed four farmers in Tarkoli, Kaduna state, on Monday.",
            "NG",
            "Tarkoli",
        ),
    ] {
        let events = events_of(t, (2023, 9, 19));
        assert_eq!(events.len(), 1, "{events:?}");
        let p = &events[0].properties;
        assert_eq!(
            (p.location.as_str(), p.country_code.as_str()),
            (village, cc)
        );
        assert_eq!(p.geo_precision, 3);
    }
    // a holy month is no village
    let events = events_of(
        "Clashes in Ramadan in Anbar province killed three.",
        (2023, 9, 19),
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert_ne!(events[0].properties.location, "Ramadan");
}

#[test]
fn how_the_police_met_a_march_decides_its_sub_type() {
    // a march through the centre of a capital that shares its name with its province, then
    // broken up: ACLED's "Protest with intervention", in the city
    let t = "Several thousand students marched through central Yerevan on Friday against \
             the new tuition fees. Riot police used tear gas and detained 14 demonstrators.";
    let events = events_of(t, (2024, 5, 25));
    assert_eq!(events.len(), 1, "{events:?}");
    let p = &events[0].properties;
    assert_eq!(p.event_type, sitmap::event::EventType::Protests);
    assert_eq!(p.sub_event_type, "Protest with intervention");
    assert_eq!(p.geo_precision, 1, "the city, not its province: {p:?}");
    let t = "Soldiers opened fire on protesters in Bamako on Thursday, killing two \
             demonstrators, a hospital source said.";
    let events = events_of(t, (2024, 5, 25));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(
        events[0].properties.sub_event_type,
        "Excessive force against protesters"
    );
}

#[test]
fn the_incidents_own_week_outranks_the_day_sources_spoke() {
    let t = "Jihadists killed nine herders near Djibo last week, local sources said on Tuesday.";
    let events = events_of(t, (2024, 8, 14));
    assert_eq!(events.len(), 1, "{events:?}");
    let p = &events[0].properties;
    assert_eq!(p.time_precision, 2, "{p:?}");
    assert_eq!(p.event_date.to_string(), "2024-08-07");
}

#[test]
fn a_province_told_last_week_and_a_town_of_it_on_a_day_of_that_week_are_one_incident() {
    let t = "Rebels launched an offensive in Ituri province last week. The rebels attacked an \
             army post in Bunia on Thursday, a military spokesman said on Monday.";
    let events = events_of(t, (2024, 8, 19));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].properties.event_date.to_string(), "2024-08-15");
    assert_eq!(events[0].properties.geo_precision, 1);
}

#[test]
fn a_capital_named_by_what_it_is_is_that_countrys_capital() {
    // the dateline is where the story was filed, not a place of the incident; the words
    // "the Somali capital" and "the capital" are, and name the city all the same
    let t = "MOGADISHU (Wire) - A car bomb went off beside a busy tea shop in the Somali \
             capital late on Saturday, killing four people, police said.";
    let events = events_of(t, (2024, 7, 8));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].properties.location, "Mogadishu");
    let t = "KABUL, March 3 - A suicide bomber blew himself up at a ministry gate in the \
             capital on Monday, killing six people, officials said.";
    let events = events_of(t, (2024, 3, 5));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].properties.location, "Kabul");
    let quote = events[0]
        .properties
        .evidence
        .as_ref()
        .and_then(|e| e.place.as_ref());
    assert_eq!(quote.map(|q| q.text.as_str()), Some("the capital"));
}

#[test]
fn an_attack_on_the_road_between_two_towns_is_one_event_between_them() {
    // Bannu (32.99 N, 70.60 E) and Lakki Marwat (32.61 N, 70.91 E) lie about 50 km apart
    let t = "A roadside bomb hit a van of labourers on the road between Bannu and Lakki \
             Marwat on Sunday, killing seven people, police said.";
    let events = events_of(t, (2024, 1, 15));
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert_eq!(e.properties.geo_precision, 2);
    assert_eq!(e.properties.fatalities, 7);
    assert!(e.properties.location.starts_with("between Bannu and"));
    let from_bannu = distance_km((e.lon, e.lat), (70.60, 32.99));
    let from_lakki = distance_km((e.lon, e.lat), (70.91, 32.61));
    assert!(
        (from_bannu - from_lakki).abs() < 5.0,
        "{from_bannu} / {from_lakki}"
    );
    assert!(e.properties.geo_radius_km.is_some_and(|r| r > 20.0));
}

#[test]
fn a_named_armed_group_acts_and_the_police_it_attacked_do_not() {
    let t = "ELN guerrillas attacked a police station in Tame on Sunday, wounding three \
             officers, the army said.";
    let events = events_of(t, (2024, 5, 13));
    assert_eq!(events.len(), 1, "{events:?}");
    let p = &events[0].properties;
    assert_eq!(p.actor1, "National Liberation Army (ELN)");
    assert_eq!(p.country_code, "CO");
}

#[test]
fn a_village_name_going_on_with_a_particle_is_not_its_first_word() {
    // "Wad" alone is a place name; "Wad al-Karimab" is a village no gazetteer holds
    let t = "Paramilitary fighters stormed the village of Wad al-Karimab in Gezira state on \
             Wednesday, killing 23 villagers, activists said.";
    let events = events_of(t, (2024, 6, 7));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].properties.location, "Wad al-Karimab");
    assert_eq!(events[0].properties.country_code, "SD");
}

#[test]
fn a_toll_told_without_a_place_belongs_to_the_fighting_placed_next() {
    let t = "At least 11 people were killed in clashes between rival clan militias in central \
             Somalia on Friday, elders said. The fighting erupted near the town of Beledweyne \
             over a disputed well.";
    let events = events_of(t, (2024, 9, 30));
    assert_eq!(events.len(), 1, "{events:?}");
    let p = &events[0].properties;
    assert_eq!(p.fatalities, 11, "{p:?}");
    assert_eq!(p.event_date.to_string(), "2024-09-27");
    assert!(p.notes.starts_with("At least 11"), "{}", p.notes);
}

#[test]
fn weapons_named_by_their_force_offices_killed_and_lakes() {
    use sitmap::event::EventType;
    // the force that owns the weapon acts
    let t = "Three people died when Russian missiles struck an apartment block in Odesa on \
             Sunday, the governor said.";
    let e = events_of(t, (2024, 2, 26));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].properties.actor1, "Military Forces of Russia");
    // a strike named by whose it is, hitting a car: from the air
    let t = "An Israeli strike on a car in Rafah killed two people on Sunday night, medics said.";
    let e = events_of(t, (2024, 4, 15));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].properties.sub_event_type, "Air/drone strike");
    // an office holder and his driver killed: two civilians
    let t = "Gunmen killed the mayor of a rural commune and his driver near Djibo on Friday.";
    let e = events_of(t, (2024, 7, 15));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].properties.fatalities, 2);
    assert_eq!(
        e[0].properties.event_type,
        EventType::ViolenceAgainstCivilians
    );
    // a lake is no town called "Lake"
    let t = "Jihadists killed seven fishermen on the shores of Lake Chad on Saturday.";
    let e = events_of(t, (2024, 5, 6));
    assert!(e.iter().all(|e| e.properties.country_code != "US"), "{e:?}");
}

#[test]
fn place_names_decide_the_country_where_demonyms_tie_it() {
    // two "Russian" (attackers) against "Ukraine" and Kharkiv: Pokrovsk is the Ukrainian
    // town (Donetsk oblast), not its namesake in Siberia
    let t = "Ukraine said on Monday its troops had beaten back 11 Russian assaults near \
             Pokrovsk in the past day. Russian glide bombs killed two civilians in Kharkiv on \
             Sunday, the governor said.";
    let events = events_of(t, (2024, 7, 1));
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(
        events.iter().all(|e| e.properties.country_code == "UA"),
        "{events:?}"
    );
    assert!(events
        .iter()
        .any(|e| e.properties.sub_event_type == "Air/drone strike"));
    // a district names the country better than a namesake village abroad ("Mir", Belarus)
    let t = "A suicide bomber drove a car into an army post in Mir Ali, North Waziristan, early \
             on Saturday, killing seven soldiers, the military said.";
    let events = events_of(t, (2024, 3, 18));
    assert_eq!(events.len(), 1, "{events:?}");
    let p = &events[0].properties;
    assert_eq!(
        (p.location.as_str(), p.country_code.as_str()),
        ("Mir Ali", "PK")
    );
    assert_eq!(p.geo_precision, 2);
}

#[test]
fn a_town_named_after_its_country_adjective_is_looked_for_in_that_country() {
    // "Ti Bwa" is in no gazetteer, and "Ti" alone is a name in the United States: the
    // Haitian town is no American one
    let t = "Gang members opened fire on a crowd in the Haitian town of Ti Bwa on Saturday, \
             killing at least six people, a rights group said.";
    let events = events_of(t, (2024, 8, 12));
    assert!(
        events.iter().all(|e| e.properties.country_code == "HT"),
        "{events:?}"
    );
}

#[test]
fn a_district_the_gazetteer_lacks_keeps_its_own_incident_apart_from_an_arrest() {
    // "Zarmak" is an invented district: it falls back to its province under its own name,
    // and the arrests told "separately" in the provincial capital stay their own event
    let t = "Two policemen were killed when militants attacked a checkpoint in the Zarmak \
             district of Khyber Pakhtunkhwa on Sunday. Separately, police said three militants \
             were arrested in Peshawar.";
    let events = events_of(t, (2024, 5, 13));
    assert_eq!(events.len(), 2, "{events:#?}");
    let attack = events
        .iter()
        .find(|e| e.properties.location == "Zarmak")
        .unwrap_or_else(|| panic!("no event in the district: {events:#?}"));
    assert_eq!(attack.properties.fatalities, 2);
    assert_eq!(attack.properties.geo_precision, 3);
    let arrest = events
        .iter()
        .find(|e| e.properties.location == "Peshawar")
        .expect("the arrests");
    assert_eq!(arrest.properties.fatalities, 0);
}

#[test]
fn last_weekend_is_a_week_precise_date() {
    let t = "Clashes between herders and farmers in Ouham province killed nine people last \
             weekend, the UN mission said on Monday.";
    let events = events_of(t, (2024, 7, 8));
    assert_eq!(events.len(), 1, "{events:?}");
    let p = &events[0].properties;
    assert_eq!(p.event_date.to_string(), "2024-07-06");
    assert_eq!(p.time_precision, 2);
}

#[test]
fn history_told_as_history_and_a_village_in_a_provinces_district() {
    // "Ten years after …" recalls an old abduction: no event of today
    let t = "Ten years after gunmen abducted 200 pupils from Dapchiwa, dozens remain missing. On \
             Saturday, gunmen killed four farmers near Damboa in Borno state, an official said.";
    let events = events_of(t, (2024, 6, 10));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.fatalities, 4);
    // "the village of V in Zamfara's Tsafe area": V lies near Tsafe, not at it
    let t = "Armed men attacked the village of Kwarbai in Zamfara's Tsafe local government \
             area on Friday night, killing nine villagers.";
    let events = events_of(t, (2024, 11, 25));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.location, "Kwarbai");
    assert_eq!(events[0].properties.geo_precision, 2);
}

#[test]
fn the_town_a_province_is_named_after_is_the_town() {
    // GeoNames spells the town Nabatiye et Tahta; "Nabatieh" alone is the governorate
    let t = "An Israeli drone hit a motorbike in the southern Lebanese town of Nabatieh on \
             Sunday, killing two men, security sources said.";
    let events = events_of(t, (2024, 3, 11));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].properties.geo_precision, 1, "{events:?}");
    assert!(events[0].properties.location.starts_with("Nabat"));
}

#[test]
fn a_bombing_at_a_memorial_is_news_and_mourning_at_one_is_not() {
    let t = "A suicide bomber struck a memorial ceremony in Kerman on Wednesday, killing 30 \
             mourners, state media said.";
    assert_eq!(events_of(t, (2024, 1, 5)).len(), 1);
    let t = "Two bombs went off at a memorial ceremony in Kerman on Wednesday, killing 30 \
             mourners, state media said.";
    let events = events_of(t, (2024, 1, 5));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].properties.fatalities, 30);
    let t = "Mourners gathered at a memorial in Kerman on Sunday for the 40 people killed in \
             the massacre.";
    assert!(events_of(t, (2024, 1, 8)).is_empty());
}

#[test]
fn a_city_abroad_the_report_never_names_is_no_event_place() {
    // the township is in no registry package; a Japanese city of some 100,000 people shares
    // its name, but nothing in the report points to Japan, so the event stays in the province
    // the report names
    let events = events_of(
        "Army aircraft bombed a monastery in Sagaing Region's Kani township on Sunday, \
         killing at least 11 people sheltering there, residents of Myanmar's northwest said.",
        (2024, 6, 7),
    );
    assert!(!events.is_empty(), "no event");
    for e in &events {
        assert_eq!(
            e.properties.country, "Myanmar",
            "{:?}",
            e.properties.location
        );
    }
}

#[test]
fn an_unknown_neighbourhood_lies_in_the_city_the_report_was_filed_from() {
    // no registry package has the neighbourhood; the dateline's city holds it
    let e = one_event(
        "PORT-AU-PRINCE, Haiti (AP) — Armed men fired on people queueing for water in the \
         Bel Sable neighborhood on Saturday, killing at least five, a rights group said.",
        (2024, 6, 10),
    );
    assert_eq!(e.properties.location, "Bel Sable");
    assert_eq!(e.properties.geo_precision, 2);
    assert_eq!(e.properties.fatalities, 5);
    assert_eq!(e.properties.event_date.to_string(), "2024-06-08");
    // Port-au-Prince (GeoNames 3718426)
    assert!(distance_km((e.lon, e.lat), (-72.335, 18.5392)) < 10.0);
}

/// The one event a report in the project's words gives (it fails when there are more or none).
fn one_event(text: &str, published: (i32, u32, u32)) -> Event {
    let mut events = extract(gazetteer(), &report_of(text, published));
    assert_eq!(events.len(), 1, "{events:?}");
    events.remove(0)
}

fn report_of(text: &str, published: (i32, u32, u32)) -> Report {
    Report {
        text: text.to_string(),
        published: NaiveDate::from_ymd_opt(published.0, published.1, published.2).expect("date"),
        source: "fixture".into(),
        url: String::new(),
        id: None,
    }
}

#[test]
fn a_country_ending_an_organisations_name_is_not_the_reports_country() {
    // "…Liberation of Rwanda" names the group, not where it struck: the town the report
    // places the village in is in Congo, and the village lies near it
    let e = one_event(
            "Gunmen of the Democratic Forces for the Liberation of Rwanda raided the hamlet of \
             Kasiza in Rutshuru territory on Wednesday and killed three farmers, local leaders said.",
        (2024, 6, 15),
    );
    assert_eq!(e.properties.country, "Democratic Republic of the Congo");
    assert_eq!(e.properties.geo_precision, 2);
    // Rutshuru town (GeoNames 206047)
    assert!(distance_km((e.lon, e.lat), (29.4467, -1.1867)) < 25.0);
}

#[test]
fn a_village_in_a_nigerian_local_government_area_lies_near_it() {
    let e = one_event(
        "Attackers killed 12 people in the farming village of Ugondo in Benue State's Guma \
             local government area on Thursday night, police said.",
        (2024, 6, 15),
    );
    assert_eq!(e.properties.location, "Ugondo");
    assert_eq!(e.properties.geo_precision, 2);
    assert_eq!(e.properties.fatalities, 12);
    // Guma LGA, whose seat Gbajimba is at about 7.82 N, 8.86 E; Benue State's own point lies
    // some 90 km away
    assert!(distance_km((e.lon, e.lat), (8.86, 7.82)) < 40.0);
}

#[test]
fn a_town_spelt_with_single_letters_where_the_gazetteer_doubles_them_is_found() {
    // GeoNames writes Ma‘arrat an Nu‘mān; news writes it with one r and no marks
    let e = one_event(
        "Two civilians were killed when shelling struck a market in Maarat al-Numan on Tuesday.",
        (2024, 6, 15),
    );
    assert_eq!(e.properties.country, "Syria");
    assert_eq!(e.properties.fatalities, 2);
    // Ma'arrat al-Nu'man, about 35.64 N, 36.67 E
    assert!(distance_km((e.lon, e.lat), (36.67, 35.64)) < 10.0);
}

#[test]
fn a_province_written_with_a_lower_case_article_is_found() {
    let e = one_event(
        "ADEN, Yemen, March 3 — Six people died on March 1 when a drone struck a car in \
             al-Bayda province, a tribal source said.",
        (2024, 3, 3),
    );
    assert_eq!(e.properties.country, "Yemen");
    assert_eq!(e.properties.geo_precision, 3);
    assert_eq!(e.properties.fatalities, 6);
    assert_eq!(e.properties.event_date.to_string(), "2024-03-01");
}

#[test]
fn a_killing_a_protest_is_about_is_not_the_protests_toll() {
    let events = extract(
        gazetteer(),
        &report_of(
            "Hundreds of people marched through Bamenda on Friday to protest against the killing \
             of a shopkeeper by soldiers last week.",
            (2024, 3, 3),
        ),
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].properties.event_type.as_str(), "Protests");
    assert_eq!(events[0].properties.fatalities, 0);
}

#[test]
fn a_second_incident_joined_by_while_is_an_event_of_its_own() {
    let events = extract(
        gazetteer(),
        &report_of(
            "Gunmen stormed a police post near Bannu on Sunday, killing three officers, while in \
             another attack a landmine wounded two soldiers in Lakki Marwat, officials said.",
            (2024, 3, 3),
        ),
    );
    assert_eq!(events.len(), 2, "{events:?}");
    let toll = |near: (f64, f64)| {
        events
            .iter()
            .find(|e| distance_km((e.lon, e.lat), near) < 30.0)
            .map(|e| e.properties.fatalities)
    };
    // Bannu about 32.99 N, 70.60 E; Lakki Marwat about 32.61 N, 70.91 E
    assert_eq!(toll((70.60, 32.99)), Some(3));
    assert_eq!(toll((70.91, 32.61)), Some(0));
}

#[test]
fn a_second_incident_joined_by_and_separately_keeps_its_own_toll_and_the_sentences_day() {
    // the first incident has no place the gazetteer knows (a lake), so it gives no event,
    // and its toll must not go to the second; the day is the sentence's, not the day the
    // officials spoke
    let events = extract(
        gazetteer(),
        &report_of(
            "Insurgents shot dead seven herders by Lake Chad on Saturday, and separately kidnapped \
             12 girls outside Gwoza in Borno state, community leaders said on Monday.",
            (2024, 3, 4),
        ),
    );
    let gwoza: Vec<_> = events
        .iter()
        .filter(|e| distance_km((e.lon, e.lat), (13.69, 11.08)) < 30.0)
        .collect();
    assert_eq!(gwoza.len(), 1, "{events:?}");
    assert_eq!(gwoza[0].properties.fatalities, 0);
    assert_eq!(gwoza[0].properties.event_date.to_string(), "2024-03-02");
}

#[test]
fn a_clash_the_report_calls_separate_is_not_folded_into_another() {
    // the province-wide clash lies near the town of the first one, on the same day; the word
    // "separate" says it is an incident of its own
    let text = "DAMASCUS, May 6 - Government troops killed four militants in clashes in the \
                town of Maarrat Misrin in Idlib province on Sunday, a monitor said. Two soldiers \
                were wounded in a separate clash in Hama province on Sunday.";
    let events = events_of(text, (2024, 5, 6));
    assert_eq!(events.len(), 2, "{events:#?}");
    let with_dead = events
        .iter()
        .find(|e| e.properties.fatalities == 4)
        .expect("the first clash keeps its toll");
    assert_eq!(with_dead.properties.geo_precision, 1, "{with_dead:#?}");
    let other = events
        .iter()
        .find(|e| e.properties.fatalities == 0)
        .expect("the separate clash");
    assert_eq!(other.properties.geo_precision, 3, "{other:#?}");
}

#[test]
fn a_toll_told_later_with_only_the_day_a_source_spoke_joins_the_incident_at_that_place() {
    // the town fell on Tuesday; the deaths there are told with Wednesday, the day the
    // official spoke: one incident, dated Tuesday, with the deaths
    let text = "Rebels seized the town of Sake in North Kivu province on Tuesday after two days \
                of fighting with the army, residents said.\n\nAt least nine civilians were killed \
                by stray shells in Sake, a local official said on Wednesday.";
    let e = one_event(text, (2024, 5, 1));
    assert_eq!(e.properties.event_date.to_string(), "2024-04-30");
    assert_eq!(e.properties.fatalities, 9);
}

#[test]
fn a_village_the_report_once_called_a_village_is_a_place_when_named_again() {
    // the gazetteer lacks the village; named bare in the second paragraph, it is still the
    // village of the first, so its toll joins that incident
    let text = "Rebels seized the village of Kabuyenge in North Kivu province on Tuesday after \
                clashes with the army, residents said.\n\nAt least seven civilians were killed \
                by stray shells in Kabuyenge, a local official said on Wednesday.";
    let e = one_event(text, (2024, 5, 1));
    assert_eq!(e.properties.location, "Kabuyenge");
    assert_eq!(e.properties.fatalities, 7);
    // the army fought the rebels who took the village: it is the other side, not the actor
    assert_eq!(
        e.properties.sub_event_type,
        "Non-state actor overtakes territory"
    );
    assert_eq!(e.properties.actor2, "Military Forces of DR Congo");
}

#[test]
fn two_unknown_names_of_one_province_on_one_day_are_one_area() {
    // neither valley is in the gazetteer: both stand at the province's point, and a second
    // attack of the same kind the same day there is the same incident for the map
    let text = "ADEN, Jan 20 - Militants detonated a roadside bomb in Wadi Qarnaw in Shabwa \
                province on Friday, killing one civilian, officials said. Later on Friday, \
                mortar shells hit an army post in the village of Dhiyaban in Shabwa province.";
    let e = one_event(text, (2024, 1, 20));
    assert_eq!(e.properties.geo_precision, 3);
    assert_eq!(e.properties.fatalities, 1);
}

#[test]
fn a_later_sentence_saying_when_the_incident_happened_dates_it() {
    // published on a Friday: the lede has only the day the police spoke, the second
    // sentence the day of the raid
    let text = "Gunmen abducted 12 farmers in Funtua in Katsina state, police said on Friday. \
                The raid happened on Wednesday night.";
    let e = one_event(text, (2024, 3, 8));
    assert_eq!(e.properties.event_date.to_string(), "2024-03-06");
    // "last week" is made precise by "it took place on Thursday", and the place named with
    // the flight after it is no second incident
    let text = "Insurgents beheaded three villagers in Muidumbe in Cabo Delgado province last \
                week, a rights group said on Monday. It took place on Thursday, residents said, \
                and many families fled to Pemba.";
    let e = one_event(text, (2024, 3, 18));
    assert_eq!(e.properties.event_date.to_string(), "2024-03-14");
}

#[test]
fn a_killing_told_with_burning_is_an_attack_not_property_destruction() {
    let text = "Armed men killed three farmers and set fire to their huts in Riyom in Plateau \
                state on Sunday, police said on Monday.";
    let e = one_event(text, (2024, 4, 15));
    assert_eq!(
        e.properties.event_type.to_string(),
        "Violence against civilians"
    );
    assert_eq!(e.properties.sub_event_type, "Attack");
    assert_eq!(e.properties.fatalities, 3);
    // burning alone stays property destruction
    let text = "Armed men set fire to a market in Riyom in Plateau state on Sunday, police said.";
    let e = one_event(text, (2024, 4, 15));
    assert_eq!(e.properties.sub_event_type, "Looting/property destruction");
    // gangs burning homes are armed men too, not rioters
    let text = "Gang members torched dozens of homes in Carrefour on Wednesday, residents said.";
    let e = one_event(text, (2024, 4, 15));
    assert_eq!(e.properties.sub_event_type, "Looting/property destruction");
}

#[test]
fn a_foreign_army_taking_a_village_overtakes_it_and_the_home_army_regains() {
    let text = "Russian troops captured the village of Vovchansk in Ukraine's Kharkiv region on \
                Thursday, the defence ministry in Moscow said.";
    let e = one_event(text, (2024, 5, 17));
    assert_eq!(e.properties.actor1, "Military Forces of Russia");
    assert_eq!(
        e.properties.sub_event_type,
        "Non-state actor overtakes territory"
    );
    let text = "Ukrainian troops recaptured the village of Vovchansk in the Kharkiv region on \
                Thursday, the general staff said.";
    let e = one_event(text, (2024, 5, 17));
    assert_eq!(e.properties.actor1, "Military Forces of Ukraine");
    assert_eq!(e.properties.sub_event_type, "Government regains territory");
}

#[test]
fn the_army_that_reports_an_attack_or_is_its_target_does_not_act() {
    // the army is the source of the news and the airport its target; the attackers are
    // unnamed
    let text = "Militants stormed a police post and a military airport in Gao early on \
                Monday, the army said, in a brazen assault on the town.";
    let e = one_event(text, (2024, 9, 16));
    assert_ne!(e.properties.actor1, "Military Forces of Mali", "{e:#?}");
    // a bomb that hit a patrol: the army is its target, the other side
    let text = "A roadside bomb hit a Malian army patrol near Gao on Sunday night, killing three                 soldiers, security sources said.";
    let e = one_event(text, (2024, 9, 16));
    assert_eq!(e.properties.actor1, "", "{e:#?}");
    assert_eq!(e.properties.actor2, "Military Forces of Mali");
}

#[test]
fn a_countrys_own_name_before_its_army_names_the_state_force() {
    let text = "The Myanmar military bombed the town of Kalay on Sunday, killing six civilians, \
                a rescue group said.";
    let e = one_event(text, (2024, 6, 11));
    assert_eq!(e.properties.actor1, "Military Forces of Myanmar", "{e:#?}");
    let text = "Sudan's army shelled the town of Kutum on Sunday, killing four people.";
    let e = one_event(text, (2024, 6, 11));
    assert_eq!(e.properties.actor1, "Military Forces of Sudan", "{e:#?}");
}

#[test]
fn a_named_night_is_that_night_not_the_one_before_publication() {
    // 2024-06-14 was a Friday; "overnight on Tuesday" is that Tuesday night
    let text = "Drones struck the port of Odesa overnight on Tuesday, killing two workers, the \
                governor said.";
    let e = one_event(text, (2024, 6, 14));
    assert_eq!(e.properties.event_date.to_string(), "2024-06-11");
    let text = "Drones struck the port of Odesa overnight, killing two workers.";
    let e = one_event(text, (2024, 6, 14));
    assert_eq!(e.properties.event_date.to_string(), "2024-06-13");
}

#[test]
fn a_district_the_gazetteer_lacks_in_the_city_of_the_clashes_is_no_second_event() {
    // the district is unknown, so it could only stand for its province: it is part of the
    // city's clashes that day, not another incident
    let text = "Rival militias clashed in Tripoli on Monday night, leaving 12 people dead, the \
                health ministry said on Tuesday. The fighting was heaviest in the Bab Zenata \
                district and spread towards the coast road.";
    let e = one_event(text, (2024, 6, 11));
    assert_eq!(e.properties.location, "Tripoli", "{e:#?}");
    assert_eq!(e.properties.fatalities, 12);
    // a village of the province, named as a village, stays its own incident
    let text = "Gunmen attacked Maiduguri on Monday, killing five people. Gunmen also attacked \
                the village of Kaltumari in Borno state on Monday, residents said.";
    assert_eq!(events_of(text, (2024, 6, 11)).len(), 2);
}

#[test]
fn a_crowd_that_marched_for_someone_killed_is_not_the_toll() {
    // the marchers' own verb comes before the death word, which is someone else's
    let text = "Hundreds of students marched through central Dhaka on Sunday demanding justice \
                for a classmate killed in a hit-and-run.";
    let e = one_event(text, (2024, 7, 2));
    assert_eq!(e.properties.fatalities, 0, "{e:#?}");
    // a toll told in the passive after a participle still counts
    let text = "Five miners trapped underground were killed when the tunnel in Bukavu collapsed \
                after shelling on Sunday.";
    let e = one_event(text, (2024, 7, 2));
    assert_eq!(e.properties.fatalities, 5, "{e:#?}");
}

#[test]
fn a_place_the_words_put_in_a_country_is_never_a_namesake_elsewhere() {
    // the gazetteer knows a Houla only in Syria: "in southern Lebanon" rules it out
    let text = "Israeli drones struck the town of Houla in southern Lebanon on Tuesday, killing \
                three people, local officials said.";
    let events = events_of(text, (2024, 8, 16));
    assert!(
        events.iter().all(|e| e.properties.country_code != "SY"),
        "{events:#?}"
    );
    // "Iraq's Kurdistan region" is no province of Iran, and "Iraq" no old name of an
    // Iranian town
    let text = "A Turkish drone strike killed three PKK members near the town of Sidakan in \
                Iraq's Kurdistan region on Tuesday, local officials said.";
    let events = events_of(text, (2024, 8, 16));
    assert!(
        events.iter().all(|e| e.properties.country_code != "IR"),
        "{events:#?}"
    );
    // a province of the named country still places an unknown village
    let text = "A Turkish drone strike killed three PKK members near the town of Sidakan in \
                Iraq's Erbil province on Tuesday.";
    let e = one_event(text, (2024, 8, 16));
    assert_eq!(e.properties.country_code, "IQ");
    assert_eq!(e.properties.geo_precision, 3);
}

#[test]
fn the_side_after_killed_when_acts_and_civilians_are_the_other_side() {
    // "were killed when gunmen opened fire": the gunmen start a clause of their own
    let text = "At least nine people were killed when gunmen opened fire on worshippers at a \
                mosque in the town of Djibo on Friday, security sources said.";
    let e = one_event(text, (2024, 8, 17));
    assert_eq!(
        e.properties.actor1, "Unidentified Armed Group (Burkina Faso)",
        "{e:#?}"
    );
    // violence against civilians has civilians, by country, as its other side
    assert_eq!(e.properties.actor2, "Civilians (Burkina Faso)");
}

#[test]
fn a_province_named_with_and_is_one_province_not_a_town_in_it() {
    // "Jammu and Kashmir" is the territory, not the city of Jammu as a second place
    let text = "Two soldiers and three militants were killed in a gunfight in Kupwara district \
                of Jammu and Kashmir on Wednesday, the army said.";
    let events = events_of(text, (2024, 8, 16));
    assert_eq!(events.len(), 1, "{events:#?}");
}

#[test]
fn a_side_that_only_speaks_of_the_attack_is_not_its_actor() {
    // a spokesman of a side tells the news; the group that claimed it acted
    let text = "A suicide bomber struck a market in the city of Kunduz on Thursday, killing nine \
                people, a Taliban spokesman said. The Islamic State group claimed the attack.";
    let e = one_event(text, (2024, 8, 24));
    assert_eq!(e.properties.actor1, "Islamic State", "{e:#?}");
    // forces that said others killed are the source, not the killers
    let text = "Security forces in the Northwest region said gunmen killed four gendarmes in an \
                ambush near Bamenda on Monday.";
    let e = one_event(text, (2024, 8, 24));
    assert_eq!(
        e.properties.actor1, "Unidentified Armed Group (Cameroon)",
        "{e:#?}"
    );
    // a side that says it struck acts
    let text = "The Houthis said on Sunday they had fired a ballistic missile at the Israeli port \
                city of Eilat.";
    let e = one_event(text, (2024, 8, 24));
    assert_eq!(e.properties.actor1, "Houthis", "{e:#?}");
}

#[test]
fn a_states_forces_have_one_name_however_the_report_calls_them() {
    for text in [
        "Israeli drones struck the town of Khan Younis on Monday, killing four people.",
        "The Israeli military struck the town of Khan Younis on Monday, killing four people.",
        "The IDF struck the town of Khan Younis on Monday, killing four people.",
    ] {
        let e = one_event(text, (2024, 8, 27));
        assert_eq!(e.properties.actor1, "Military Forces of Israel", "{text}");
    }
}

#[test]
fn a_toll_told_as_risen_is_the_incidents_toll() {
    let text =
        "The death toll from Monday's bombing of a bus in Quetta has risen to 14, officials \
                said on Wednesday.";
    let e = one_event(text, (2024, 8, 28));
    assert_eq!(e.properties.fatalities, 14, "{e:#?}");
    assert_eq!(e.properties.event_date.to_string(), "2024-08-26");
}

#[test]
fn a_region_of_a_country_is_that_countrys_region() {
    // "the X region of [central] C": the region is named, and the country holds it
    for text in [
        "Jihadists attacked an army post in the Mopti region of central Mali on Saturday, \
         killing 40 soldiers.",
        "Jihadists attacked an army post in the Mopti region of Mali on Saturday, killing 40 \
         soldiers.",
    ] {
        let e = one_event(text, (2024, 9, 2));
        assert_eq!(e.properties.location, "Mopti", "{text}");
        assert_eq!(e.properties.country_code, "ML", "{text}");
    }
    // a country's name after "region of" is the country, never a namesake province abroad
    let text = "Jihadists attacked an army post in the Sahel region of western Mali on Saturday, \
                killing 40 soldiers.";
    let events = events_of(text, (2024, 9, 2));
    assert!(
        events.iter().all(|e| e.properties.country_code == "ML"),
        "{events:#?}"
    );
}

#[test]
fn a_number_of_the_sides_is_not_the_toll() {
    let text = "Clashes between two clans over grazing land near the town of Adado left 11 people \
                dead on Wednesday, elders said.";
    let e = one_event(text, (2024, 9, 5));
    assert_eq!(e.properties.fatalities, 11, "{e:#?}");
}

#[test]
fn an_attack_at_sea_is_placed_in_that_sea() {
    // the sea, not Sudan's Red Sea state; the weapons fired are not the dead; the side that
    // only tells of it is no side
    let text = "Houthi fighters fired two anti-ship missiles at a Greek-owned tanker in the Red \
                Sea on Thursday, killing two sailors, the US military said.";
    let e = one_event(text, (2024, 6, 14));
    let p = &e.properties;
    assert_eq!(p.location, "Red Sea", "{e:#?}");
    assert_eq!(p.geo_precision, 3);
    assert_eq!(p.country_code, "", "a sea lies in no one country");
    assert_eq!(p.fatalities, 2);
    assert_eq!(p.actor1, "Houthis");
    assert_eq!(p.actor2, "", "the US military only spoke");
    assert!(distance_km((e.lon, e.lat), (38.5, 20.0)) < 300.0, "{e:#?}");
    // the province named after the sea is still the province when called one
    let text = "Gunmen attacked a bus in Red Sea state on Thursday, killing four passengers.";
    let e = one_event(text, (2024, 6, 14));
    assert_eq!(e.properties.country_code, "SD", "{e:#?}");
}

#[test]
fn the_city_whose_office_speaks_is_not_where_it_happened() {
    let text = "Naval drones struck a patrol boat in the Black Sea on Sunday night, Kyiv's \
                military intelligence said.";
    let e = one_event(text, (2024, 6, 18));
    assert_eq!(e.properties.location, "Black Sea", "{e:#?}");
}

#[test]
fn a_bare_name_of_a_province_named_after_its_capital_is_the_capital() {
    // the gazetteer spells the town "Nabatîyé et Tahta"; the province is "Nabatieh"
    let e = one_event(
        "A drone strike hit a motorbike in Nabatieh on Tuesday, killing its rider.",
        (2024, 6, 14),
    );
    assert_eq!(e.properties.geo_precision, 1, "{e:#?}");
    assert_eq!(e.properties.country_code, "LB");
    assert!(e.properties.location.starts_with("Nabat"), "{e:#?}");
}

#[test]
fn a_clause_placing_an_earlier_strike_keeps_its_side_and_toll() {
    // the targets struck are not the dead; the side told first is the striker
    let text = "Israeli jets hit several targets in southern Lebanon on Monday, killing two \
                members of Hezbollah. One of the strikes hit a house on the edge of Tyre.";
    let e = one_event(text, (2024, 6, 18));
    let p = &e.properties;
    assert_eq!(p.fatalities, 2, "{e:#?}");
    assert_eq!(p.actor1, "Military Forces of Israel", "{e:#?}");
    assert_eq!(p.location, "Tyre");
}

#[test]
fn a_name_across_of_is_one_place_when_the_gazetteer_knows_it() {
    // "Gulf of Aden", not the port of Aden
    let text = "An explosive-laden boat rammed a cargo ship in the Gulf of Aden on Wednesday, \
                starting a fire on board, a maritime security firm said.";
    let e = one_event(text, (2024, 6, 14));
    assert_eq!(e.properties.location, "Gulf of Aden", "{e:#?}");
    assert_eq!(e.properties.geo_precision, 3);
}

#[test]
fn a_strike_told_after_a_placeless_wave_takes_the_waves_side() {
    let text = "Russian forces fired a wave of drones and missiles at Ukraine overnight. In Sumy, \
                three people died when a drone struck a block of flats, the regional governor \
                said.";
    let e = one_event(text, (2024, 6, 20));
    assert_eq!(e.properties.location, "Sumy", "{e:#?}");
    assert_eq!(e.properties.fatalities, 3);
    assert_eq!(e.properties.actor1, "Military Forces of Russia", "{e:#?}");
}

#[test]
fn a_province_after_a_town_and_a_comma_says_where_the_town_is() {
    // Guanajuato is a state and its capital: after "Celaya," it is the state, no second event
    let text = "Gunmen shot dead nine people at a bar in Celaya, Guanajuato, early on Sunday, \
                local prosecutors said.";
    let events = events_of(text, (2024, 6, 17));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.location, "Celaya");
}

#[test]
fn the_attackers_are_actor1_however_the_clause_names_them() {
    for (text, attacker) in [
        // a group noun opening the clause ("Members of the X") is its subject
        (
            "Members of the ELN rebel group attacked an army post in Saravena with a car bomb \
             on Monday, killing three soldiers.",
            "National Liberation Army (ELN)",
        ),
        // the victims told right before the event words are not its actor
        (
            "Fighters of the Pakistani Taliban stormed a police post in Bannu, killing 12 \
             soldiers in a suicide bombing, the army said.",
            "Tehrik-i-Taliban Pakistan",
        ),
        // nor is the subject of a passive
        (
            "Three SDF fighters were killed when Islamic State militants attacked their \
             checkpoint in Hajin on Monday.",
            "Islamic State",
        ),
    ] {
        let e = one_event(text, (2024, 6, 18));
        assert_eq!(e.properties.actor1, attacker, "{text}");
    }
}

#[test]
fn a_protest_is_todays_event_whatever_it_remembers() {
    let e = one_event(
        "Thousands of supporters marched through Sidon on Sunday to mourn a commander killed \
         the week before.",
        (2024, 6, 17),
    );
    assert_eq!(e.properties.event_type.to_string(), "Protests", "{e:#?}");
    assert_eq!(
        e.properties.fatalities, 0,
        "the commander died before, elsewhere"
    );
    // a verdict is no death
    let e = one_event(
        "Hundreds of lawyers protested outside the high court in Multan on Monday after a \
         colleague was sentenced to death.",
        (2024, 6, 17),
    );
    assert_eq!(e.properties.fatalities, 0, "{e:#?}");
}

#[test]
fn a_funeral_of_past_victims_is_no_new_incident_but_an_attack_on_one_is() {
    let text = "Hundreds of mourners gathered in Jos on Friday for the funeral of the 30 \
                villagers killed in last week's raid.";
    assert!(
        events_of(text, (2024, 6, 22)).is_empty(),
        "{:#?}",
        events_of(text, (2024, 6, 22))
    );
    let e = one_event(
        "Gunmen opened fire on a funeral procession in Baqubah on Monday, killing four people.",
        (2024, 6, 18),
    );
    assert_eq!(e.properties.fatalities, 4);
}

#[test]
fn seizing_a_ship_is_taking_property_not_ground() {
    let e = one_event(
        "Houthi fighters seized a car carrier in the Red Sea on Sunday and held its crew.",
        (2024, 6, 18),
    );
    assert_eq!(
        e.properties.event_type.to_string(),
        "Strategic developments",
        "{e:#?}"
    );
    assert_eq!(e.properties.sub_event_type, "Looting/property destruction");
    // ground is still ground
    let e = one_event(
        "M23 rebels seized the town of Rutshuru on Monday after heavy fighting.",
        (2024, 6, 18),
    );
    assert_eq!(
        e.properties.sub_event_type,
        "Non-state actor overtakes territory"
    );
}

#[test]
fn a_missile_stopped_over_a_sea_is_no_incident_there() {
    let text = "Yemen's Houthis said on Monday they had fired a ballistic missile and drones at \
                Eilat. The Israeli military said the missile was intercepted over the Red Sea and \
                nobody was hurt.";
    let events = events_of(text, (2024, 6, 18));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.location, "Eilat");
}

#[test]
fn days_counted_from_the_incident_told_before() {
    let text = "Jihadists attacked an army post in Djibo on Saturday, killing six soldiers. The \
                previous day, a bus hit a mine near Dori, killing four civilians. Two days \
                earlier, gunmen had shot dead a village chief in Gorom-Gorom.";
    let events = events_of(text, (2024, 6, 17));
    let date_at = |place: &str| {
        events
            .iter()
            .find(|e| e.properties.location.starts_with(place))
            .map(|e| e.properties.event_date.to_string())
            .unwrap_or_else(|| panic!("an event at {place}: {events:#?}"))
    };
    assert_eq!(date_at("Djibo"), "2024-06-15");
    assert_eq!(date_at("Dori"), "2024-06-14");
    assert_eq!(date_at("Gorom"), "2024-06-12");
}

#[test]
fn the_toll_of_a_whole_war_is_no_incident() {
    let text = "An air strike killed five people in Khan Younis on Thursday, medics said.\n\n\
                The offensive has killed more than 30,000 people in the territory, according to \
                the Gaza health ministry.";
    let events = events_of(text, (2024, 6, 21));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.fatalities, 5);
}

#[test]
fn a_town_the_gazetteer_names_so_outvotes_one_only_formerly_so_called() {
    // Engels in Russia was once called Pokrovsk; the Ukrainian town bears the name now, and
    // the country's own officials tell of it
    let text = "Russian forces shelled Pokrovsk on Monday, killing three civilians, Ukrainian \
                officials said.";
    let e = one_event(text, (2024, 6, 19));
    assert_eq!(e.properties.country_code, "UA", "{e:#?}");
}

#[test]
fn a_country_that_strikes_is_its_forces() {
    for (text, actor) in [
        (
            "Israel struck Hezbollah targets in Baalbek on Wednesday, killing two people.",
            "Military Forces of Israel",
        ),
        (
            "The United States launched air strikes on Houthi sites near Hodeidah on Wednesday.",
            "Military Forces of United States",
        ),
        (
            "Turkey bombed PKK positions near Duhok on Wednesday.",
            "Military Forces of Turkey",
        ),
    ] {
        let e = one_event(text, (2024, 6, 20));
        assert_eq!(e.properties.actor1, actor, "{text}");
    }
}

#[test]
fn review_cases_of_the_new_rules_hold() {
    // a number before the property seized does not make it people
    let e = one_event(
        "Iranian forces seized two tankers in the Gulf of Oman on Friday.",
        (2024, 6, 19),
    );
    assert_eq!(
        e.properties.sub_event_type, "Looting/property destruction",
        "{e:#?}"
    );
    // a country hit by missiles is no attacker
    let e = one_event(
        "Ukraine hit by Russian missiles overnight, two killed in Kharkiv.",
        (2024, 6, 19),
    );
    assert_eq!(e.properties.actor1, "Military Forces of Russia", "{e:#?}");
    // a list of towns is no town and its province
    let text = "Shelling killed three people in Bakhmut, Donetsk and Kramatorsk on Monday.";
    assert_eq!(events_of(text, (2024, 6, 19)).len(), 3);
    // an attack on a funeral is today's incident, whatever its event word
    let e = one_event(
        "Gunmen attacked a funeral procession in Kirkuk on Monday, killing five people.",
        (2024, 6, 19),
    );
    assert_eq!(e.properties.fatalities, 5);
}

#[test]
fn a_word_before_a_noun_for_people_is_no_place() {
    // "Druze" matches a Syrian village only by its consonants; before "gunmen" it names whose
    let text = "Clashes broke out on Friday between Druze gunmen and Bedouin tribes in Sweida \
                province in southern Syria, leaving at least 20 people dead, a monitor said.";
    let e = one_event(text, (2024, 6, 20));
    assert_eq!(e.properties.admin1, "As-Suwayda", "{e:#?}");
}

#[test]
fn a_district_named_as_the_place_is_precision_two() {
    let e = one_event(
        "Security forces killed six militants in North Waziristan on Thursday, the army said.",
        (2024, 6, 20),
    );
    assert_eq!(e.properties.geo_precision, 2, "{e:#?}");
}

#[test]
fn a_faith_names_whose_quarter_not_where() {
    let text = "Two blasts hit a Shiite neighbourhood in the west of Kabul on Thursday, killing \
                six people, police said.";
    let e = one_event(text, (2024, 6, 21));
    assert_eq!(e.properties.location, "Kabul", "{e:#?}");
}

#[test]
fn an_accidental_blast_is_no_event_but_a_bombed_tanker_is() {
    let text = "At least nine people died after a fuel tanker exploded on a highway in Kaduna on \
                Monday. Officials said the driver had lost control of the vehicle.";
    assert!(
        events_of(text, (2024, 6, 20)).is_empty(),
        "{:#?}",
        events_of(text, (2024, 6, 20))
    );
    let e = one_event(
        "A fuel tanker packed with explosives blew up at a checkpoint in Mogadishu on Monday, \
         killing nine people.",
        (2024, 6, 20),
    );
    assert_eq!(e.properties.fatalities, 9);
}

#[test]
fn an_attack_at_sea_told_by_its_side_and_again_by_the_ship_is_one_event() {
    // the claim places it in the sea; the maritime agency measures it from a port, in
    // nautical miles: one attack, at the agency's point, with the claiming side
    let text = "The Houthis said on Monday they had fired missiles at a bulk carrier in the Red \
                Sea. A maritime security agency said the crew of a vessel saw a blast close to \
                the ship about 50 nautical miles west of Hodeidah, and that all aboard were safe.";
    let e = one_event(text, (2024, 5, 7));
    let p = &e.properties;
    assert_eq!(p.actor1, "Houthis", "{e:#?}");
    assert_eq!(
        p.event_type.as_str(),
        "Explosions/Remote violence",
        "{e:#?}"
    );
    assert!(p.location.starts_with("93 km west of"), "{e:#?}");
    // 50 nautical miles is 92.6 km: the point lies that far west of the port, at sea
    assert!(e.lon < 42.2 && e.lon > 41.8, "{e:#?}");
    // another side striking the port the same day is another incident
    let text = "The Houthis said they fired a missile at a container ship in the Red Sea on \
                Monday. Israeli jets struck the port of Hodeidah on Monday, killing three dock \
                workers, the Houthi-run health ministry said.";
    let events = events_of(text, (2024, 5, 7));
    assert_eq!(events.len(), 2, "{events:#?}");
}

#[test]
fn a_demonym_before_the_town_noun_puts_the_town_in_that_country() {
    // "Jdeidet Yabous" is a spelling only the consonant skeleton finds (the gazetteer has
    // Judaydat Yabus); "the Syrian border town of" says the country it must be found in
    let text = "An Israeli drone hit a pickup truck outside the Syrian border town of Jdeidet \
                Yabous on Monday, killing two men, a monitoring group said.";
    let e = one_event(text, (2024, 8, 6));
    assert_eq!(e.properties.country_code, "SY", "{e:#?}");
    assert_eq!(e.properties.geo_precision, 1, "{e:#?}");
    assert_eq!(e.properties.fatalities, 2, "{e:#?}");
}

#[test]
fn a_toll_told_without_a_place_is_not_taken_by_another_sides_attack() {
    // the strike's village is unknown to the gazetteer, so its clause has no place; the
    // rockets fired in reply are another side's incident, with no dead of their own
    let text = "An Israeli strike on a house in the southern Lebanese village of Qarn Zaytuna \
                killed a man and his two sons on Monday, Lebanon's health ministry said. \
                Hezbollah said it fired rockets at an army post near Kiryat Shmona in response.";
    let events = events_of(text, (2024, 8, 6));
    assert!(
        events.iter().all(|e| e.properties.fatalities == 0),
        "{events:#?}"
    );
}

#[test]
fn killing_a_politician_or_an_activist_is_violence_against_civilians() {
    for (text, who) in [
        (
            "Gunmen shot dead a town councillor outside his house in Uruapan on Friday, \
             prosecutors said.",
            "councillor",
        ),
        (
            "Unknown attackers killed two land rights activists on a rural road near Tumaco on \
             Friday, a rights group said.",
            "activists",
        ),
    ] {
        let e = one_event(text, (2024, 8, 10));
        assert_eq!(
            e.properties.event_type.as_str(),
            "Violence against civilians",
            "{who}: {e:#?}"
        );
    }
}

#[test]
fn police_killing_a_man_during_protests_is_excessive_force_with_its_own_toll() {
    // the running total after "bringing to" is not this incident's toll, nor does it make the
    // clause a summary
    let text = "Riot police shot dead a student during protests against fuel prices in the town \
                of Kisumu on Tuesday, a rights group said, bringing to 17 the number of people \
                killed since the unrest began.";
    let e = one_event(text, (2024, 7, 3));
    let p = &e.properties;
    assert_eq!(p.event_type.as_str(), "Protests", "{e:#?}");
    assert_eq!(
        p.sub_event_type, "Excessive force against protesters",
        "{e:#?}"
    );
    assert_eq!(p.fatalities, 1, "{e:#?}");
}

#[test]
fn a_battle_that_lasted_two_days_is_one_incident_not_a_summary() {
    let text = "Fighting between two militias in the south of Misrata killed 14 people over two \
                days, the city's hospital said on Thursday.";
    let e = one_event(text, (2024, 7, 5));
    assert_eq!(e.properties.fatalities, 14, "{e:#?}");
    assert_eq!(e.properties.event_type.as_str(), "Battles", "{e:#?}");
}

#[test]
fn a_target_named_without_a_number_gives_way_to_the_strikes_toll_told_later() {
    let text = "The army said on Sunday that an air strike had killed a senior militant \
                commander in the Zeitoun neighbourhood of Gaza City. The civil defence said \
                nine people, among them four children, were killed in the strike.";
    let e = one_event(text, (2024, 8, 12));
    assert_eq!(e.properties.fatalities, 9, "{e:#?}");
}

#[test]
fn a_hamlet_abroad_spelt_exactly_does_not_outvote_the_town_spelt_otherwise() {
    // GeoNames spells the West Bank town Janin (Jenin an alternate); a Polish village of
    // 1,100 is spelt Jenin exactly
    let text = "Israeli troops killed two Palestinians during a raid on Jenin on Tuesday, the \
                health ministry said.";
    let e = one_event(text, (2024, 8, 7));
    assert_eq!(e.properties.country_code, "PS", "{e:#?}");
}

#[test]
fn police_firing_on_protesters_and_killing_them_is_excessive_force() {
    let text = "Police fired on protesters in the Mirpur area of Dhaka on Sunday, killing four, \
                witnesses said.";
    let e = one_event(text, (2024, 8, 5));
    assert_eq!(
        e.properties.sub_event_type, "Excessive force against protesters",
        "{e:#?}"
    );
    assert_eq!(e.properties.fatalities, 4);
}

#[test]
fn separate_incidents_told_in_one_sentence_are_two_events() {
    let text = "In separate attacks on Friday, gunmen killed three traders in the town of Djibo \
                and a roadside bomb killed two soldiers near Arbinda, security sources said.";
    let events = events_of(text, (2024, 8, 12));
    let mut got: Vec<(String, u32)> = events
        .iter()
        .map(|e| {
            (
                e.properties.event_type.as_str().to_string(),
                e.properties.fatalities,
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("Explosions/Remote violence".to_string(), 2),
            ("Violence against civilians".to_string(), 3)
        ],
        "{events:#?}"
    );
}

#[test]
fn dead_told_as_also_killed_add_to_the_toll() {
    // the second count is more dead of the same fight, not a retelling of the first
    let text = "Insurgents overran an army outpost in northern Burkina Faso's Soum province on \
                Thursday, killing 9 soldiers, the army said. Twelve assailants were also killed \
                in the fighting near the town of Djibo.";
    let e = one_event(text, (2024, 9, 6));
    assert_eq!(e.properties.fatalities, 21, "{e:#?}");
    // in one clause with no other toll, "also" adds nothing
    let text = "A drone strike also killed two fighters in Djibo on Friday, residents said.";
    let e = one_event(text, (2024, 9, 6));
    assert_eq!(e.properties.fatalities, 2, "{e:#?}");
    // "also said" is not more dead
    let text = "Gunmen killed four villagers in Djibo on Friday. The mayor also said five people \
                died in the attack.";
    let e = one_event(text, (2024, 9, 6));
    assert_eq!(e.properties.fatalities, 4, "{e:#?}");
}

#[test]
fn crowds_and_police_are_named_as_acled_names_them() {
    // a protest's first side is its crowd, by country, whoever else the report names; the
    // police are the police, not the army
    let text = "Police in Lagos fired tear gas at hundreds of people protesting against fuel \
                prices on Monday and one man was shot dead, witnesses said.";
    let e = one_event(text, (2024, 9, 3));
    assert_eq!(e.properties.event_type.as_str(), "Protests", "{e:#?}");
    assert_eq!(e.properties.actor1, "Protesters (Nigeria)", "{e:#?}");
    assert_eq!(e.properties.actor2, "Police Forces of Nigeria", "{e:#?}");
    // a riot's crowd are rioters
    let text = "A mob set fire to the district office in the town of Sylhet on Sunday after a \
                local leader was detained.";
    let e = one_event(text, (2024, 9, 3));
    assert_eq!(e.properties.event_type.as_str(), "Riots", "{e:#?}");
    assert_eq!(e.properties.actor1, "Rioters (Bangladesh)", "{e:#?}");
    // a demonym before the police names that country's police
    let text = "Pakistani police killed two suspected militants in a raid in Quetta on Tuesday.";
    let e = one_event(text, (2024, 9, 3));
    assert_eq!(e.properties.actor1, "Police Forces of Pakistan", "{e:#?}");
}

#[test]
fn a_road_named_by_its_two_towns_places_one_event_between_them() {
    for road in ["Kabul-Jalalabad highway", "Kabul–Jalalabad road"] {
        let text = format!(
            "Gunmen ambushed a convoy of trucks on the {road} on Tuesday, killing three drivers."
        );
        let events = events_of(&text, (2024, 9, 4));
        assert_eq!(events.len(), 1, "{road}: {events:#?}");
        let e = &events[0];
        assert_eq!(e.properties.geo_precision, 2, "{e:#?}");
        assert!(e.properties.location.starts_with("between Kabul"), "{e:#?}");
    }
}

#[test]
fn incidents_of_an_earlier_month_or_year_told_as_background_are_no_events() {
    // each report tells one fresh incident, then one from long before in words the date
    // reader must place in the past
    let tails = [
        "Last December, a car bomb at a market in Mogadishu killed 14 people.",
        "A truck bomb in Mogadishu in October last year killed 14 people.",
        "Shelling hit Mogadishu in 2022. A truck bomb there in March of that year killed 14.",
        "Tensions have run high since an attack on a market in Mogadishu in May killed 14.",
        "More than 4,000 people were killed in Somalia during the war last year, officials say.",
    ];
    for tail in tails {
        let text = format!(
            "Al Shabaab fighters attacked an army base near Jowhar on Sunday, killing three \
             soldiers, a commander said. {tail}"
        );
        let events = events_of(&text, (2025, 6, 10));
        assert_eq!(events.len(), 1, "{tail}: {events:#?}");
        assert_eq!(events[0].properties.fatalities, 3, "{tail}: {events:#?}");
    }
}

#[test]
fn a_lookalike_spelling_outside_the_named_districts_province_is_no_place() {
    // an unknown village in a named district is placed by the district, not at a town of
    // like consonants in another state
    let text = "Two militants were killed in a gunfight in Chatroo in Kishtwar district on \
                Monday, the Indian army said.";
    let events = events_of(text, (2025, 5, 27));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(
        events[0].properties.admin1, "Jammu and Kashmir",
        "{events:#?}"
    );
}

#[test]
fn the_dead_of_both_sides_told_apart_add_up() {
    // ACLED counts every death of the incident: the militants the troops killed and the
    // soldiers they lost, told in two sentences
    let text = "Nigerien troops killed more than 20 militants near Tillaberi on Monday, the \
                army said. Two soldiers were killed in the fighting.";
    let e = one_event(text, (2025, 6, 10));
    assert_eq!(e.properties.fatalities, 22, "{e:#?}");
    // the same side told twice is one count
    let text = "Gunmen killed four soldiers at a checkpoint near Tillaberi on Monday. The four \
                soldiers were buried on Tuesday.";
    let e = one_event(text, (2025, 6, 10));
    assert_eq!(e.properties.fatalities, 4, "{e:#?}");
    // one person named by office, with those killed beside them
    let text = "A roadside bomb in Galkayo killed a district commissioner and two of his guards \
                on Saturday, police said.";
    let e = one_event(text, (2025, 6, 10));
    assert_eq!(e.properties.fatalities, 3, "{e:#?}");
}

#[test]
fn a_crowd_that_burns_after_the_words_of_its_cause_riots() {
    // the cause named first ("protesting the killings") does not cut off what the crowd did
    let text = "In Jos, youths protesting the killings blocked roads and burned a police vehicle \
                on Monday, residents said.";
    let e = one_event(text, (2025, 6, 10));
    assert_eq!(e.properties.event_type.as_str(), "Riots", "{e:#?}");
    assert_eq!(e.properties.actor1, "Rioters (Nigeria)", "{e:#?}");
    // a range of the dead counts its lower figure
    let text = "Gunmen killed between seven and 10 people in the town of Bokkos on Friday.";
    let e = one_event(text, (2025, 6, 10));
    assert_eq!(e.properties.fatalities, 7, "{e:#?}");
}

#[test]
fn the_scene_set_before_a_comma_gives_way_to_the_place_the_clause_names() {
    // "In Gaza, …": the territory the story is in; the strike was in Khan Younis
    let text = "In Gaza, health officials said an Israeli air strike on a house in Khan Younis \
                killed seven people on Tuesday.";
    let events = events_of(text, (2025, 6, 10));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].properties.fatalities, 7);
    // a government's seat is not where its supporters marched; "In" opening the sentence is
    // no part of the town's name
    let text = "In Idlib city, several hundred people protested on Friday in support of the new \
                government in Damascus.";
    let e = one_event(text, (2025, 6, 10));
    assert_eq!(e.properties.location, "Idlib", "{e:#?}");
    assert_eq!(e.properties.geo_precision, 1, "{e:#?}");
    // a district named to say where a known village lies is no second event
    let text = "Russian forces captured the village of Andriivka in the Pokrovsk district on \
                Monday, the defence ministry said.";
    let events = events_of(text, (2025, 6, 10));
    assert_eq!(events.len(), 1, "{events:#?}");
}

#[test]
fn another_strike_is_one_more_of_the_kind_told_before_by_the_same_side() {
    let text = "An Israeli drone strike on a car in the town of Bint Jbeil on Sunday killed five \
                people, the health ministry said. Another strike on Monday near Nabatieh killed \
                a member of Hezbollah, a security source said.";
    let events = events_of(text, (2025, 9, 23));
    assert_eq!(events.len(), 2, "{events:#?}");
    let second = events
        .iter()
        .find(|e| e.properties.event_date.to_string() == "2025-09-22")
        .expect("Monday's strike");
    assert_eq!(
        second.properties.sub_event_type, "Air/drone strike",
        "{second:#?}"
    );
    assert_eq!(second.properties.actor1, "Military Forces of Israel");
    assert_eq!(second.properties.fatalities, 1);
}

#[test]
fn weapons_abductions_and_targets_are_read_as_acled_reads_them() {
    // drones carrying explosives are a drone strike, not a roadside bomb
    let text = "Explosive-laden drones struck a military base in Tibu on Sunday, killing two \
                soldiers.";
    let e = one_event(text, (2025, 6, 10));
    assert_eq!(e.properties.sub_event_type, "Air/drone strike", "{e:#?}");
    // with no one killed, the taking of passengers is an abduction
    let text = "Gunmen ambushed a passenger bus near Ambo on Friday and abducted 20 passengers, \
                police said.";
    let e = one_event(text, (2025, 6, 10));
    assert_eq!(
        e.properties.sub_event_type, "Abduction/forced disappearance",
        "{e:#?}"
    );
    // the police a grenade was thrown at are the target, not the thrower
    let text = "Suspected militants hurled a grenade at a police vehicle in the town of Sopore on \
                Sunday, injuring four policemen.";
    let e = one_event(text, (2025, 6, 10));
    assert_ne!(e.properties.actor1, "Police Forces of India", "{e:#?}");
    assert_eq!(e.properties.actor2, "Police Forces of India", "{e:#?}");
}

#[test]
fn a_provinces_capital_named_after_the_province_is_the_town() {
    for text in [
        "Shelling killed four civilians in South Kordofan's capital Kadugli on Sunday.",
        "Shelling killed four civilians in the state capital Kadugli on Sunday.",
    ] {
        let e = one_event(text, (2025, 6, 10));
        assert_eq!(e.properties.location, "Kadugli", "{e:#?}");
        assert!(e.properties.geo_precision < 3, "{e:#?}");
    }
}

#[test]
fn how_a_protest_was_met_told_in_the_next_sentence_is_its_sub_type() {
    let text = "Hundreds of traders marched in Butembo on Monday. Police fired tear gas to \
                disperse them.";
    let e = one_event(text, (2025, 6, 10));
    assert_eq!(
        e.properties.sub_event_type, "Protest with intervention",
        "{e:#?}"
    );
    assert!(
        e.properties.actor2.starts_with("Police Forces of"),
        "{e:#?}"
    );
    let text = "Hundreds of traders marched in Butembo on Monday. Police said the march was \
                peaceful.";
    let e = one_event(text, (2025, 6, 10));
    assert_eq!(e.properties.sub_event_type, "Peaceful protest", "{e:#?}");
}
