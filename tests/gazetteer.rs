//! Place names as news reports spell them, resolved through the real embedded gazetteer and
//! compared with reference coordinates (Wikipedia infoboxes, rounded to 0.01°).

use std::sync::OnceLock;

use sitmap::gazetteer::rank::distance_km;
use sitmap::gazetteer::{Context, CountryCode, Gazetteer, MatchKind, PlaceKind};

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer loads"))
}

/// (spelling, country hint or "", reference lat, reference lon, tolerance km)
const SPELLINGS: &[(&str, &str, f64, f64, f64)] = &[
    // Syria
    ("Deir ez-Zor", "", 35.34, 40.14, 10.0),
    ("Deir Ezzor", "", 35.34, 40.14, 10.0),
    ("Dayr az Zawr", "", 35.34, 40.14, 10.0),
    ("Deir al-Zour", "", 35.34, 40.14, 10.0),
    ("Raqqa", "", 35.95, 39.01, 10.0),
    ("ar-Raqqah", "", 35.95, 39.01, 10.0),
    ("Al Raqqa", "SY", 35.95, 39.01, 10.0),
    ("Aleppo", "", 36.20, 37.16, 10.0),
    ("Halab", "SY", 36.20, 37.16, 10.0),
    ("Palmyra", "SY", 34.56, 38.28, 10.0),
    ("Tadmur", "", 34.56, 38.28, 10.0),
    ("Qamishli", "", 37.05, 41.23, 10.0),
    ("Qamishlo", "", 37.05, 41.23, 10.0),
    ("Kamishli", "", 37.05, 41.23, 10.0),
    ("Mayadeen", "", 35.02, 40.45, 10.0),
    ("al-Mayadin", "", 35.02, 40.45, 10.0),
    ("Albu Kamal", "", 34.45, 40.92, 10.0),
    ("Abu Kamal", "", 34.45, 40.92, 10.0),
    ("Al-Bukamal", "", 34.45, 40.92, 10.0),
    ("Hajin", "SY", 34.70, 40.83, 10.0),
    ("Granij", "", 34.78, 40.73, 10.0),
    ("Gharanij", "", 34.78, 40.73, 10.0),
    ("Bagouz", "", 34.46, 40.95, 10.0),
    ("Baghuz", "", 34.46, 40.95, 10.0),
    ("al-Shaafah", "", 34.57, 40.93, 10.0),
    ("Idlib", "", 35.93, 36.63, 10.0),
    ("Manbij", "", 36.53, 37.95, 10.0),
    ("Kobani", "SY", 36.89, 38.35, 10.0),
    ("Ayn al-Arab", "", 36.89, 38.35, 10.0),
    ("al-Hasakah", "", 36.50, 40.75, 10.0),
    ("Homs", "SY", 34.73, 36.71, 10.0),
    ("Saraqib", "", 35.86, 36.80, 10.0),
    // Iraq
    ("Mosul", "", 36.34, 43.13, 10.0),
    ("Sinjar", "IQ", 36.32, 41.87, 10.0),
    ("Tikrit", "", 34.60, 43.68, 10.0),
    ("Ramadi", "", 33.42, 43.30, 10.0),
    ("Ar Ramadi", "", 33.42, 43.30, 10.0),
    ("Fallujah", "", 33.35, 43.78, 10.0),
    ("Falluja", "", 33.35, 43.78, 10.0),
    ("Kirkuk", "", 35.47, 44.39, 10.0),
    ("Tal Afar", "", 36.38, 42.45, 10.0),
    ("Baghdad", "", 33.34, 44.40, 10.0),
    // Yemen
    ("Hodeidah", "", 14.80, 42.95, 10.0),
    ("Hudaydah", "", 14.80, 42.95, 10.0),
    ("Al Hudaydah", "YE", 14.80, 42.95, 10.0),
    ("Sanaa", "", 15.35, 44.21, 10.0),
    ("Sana'a", "", 15.35, 44.21, 10.0),
    ("Aden", "YE", 12.78, 45.04, 10.0),
    ("Taiz", "", 13.58, 44.02, 10.0),
    ("Ta'izz", "", 13.58, 44.02, 10.0),
    ("Marib", "YE", 15.46, 45.33, 10.0),
    // Ukraine
    ("Kharkiv", "", 49.99, 36.23, 10.0),
    ("Kharkov", "", 49.99, 36.23, 10.0),
    ("Mariupol", "", 47.10, 37.55, 10.0),
    ("Kherson", "", 46.64, 32.61, 10.0),
    ("Dnipro", "UA", 48.46, 35.04, 10.0),
    ("Dnipropetrovsk", "", 48.46, 35.04, 10.0),
    ("Bakhmut", "", 48.59, 38.00, 10.0),
    ("Kyiv", "", 50.45, 30.52, 10.0),
    ("Kiev", "", 50.45, 30.52, 10.0),
    ("Avdiivka", "", 48.14, 37.74, 10.0),
    // Somalia
    ("Mogadishu", "", 2.04, 45.34, 10.0),
    ("Muqdisho", "", 2.04, 45.34, 10.0),
    ("Kismayo", "", -0.36, 42.55, 10.0),
    ("Kismaayo", "", -0.36, 42.55, 10.0),
    ("Baidoa", "", 3.11, 43.65, 10.0),
    ("Baydhabo", "", 3.11, 43.65, 10.0),
    ("Beledweyne", "", 4.74, 45.20, 10.0),
    // Mali
    ("Timbuktu", "", 16.77, -3.01, 10.0),
    ("Tombouctou", "", 16.77, -3.01, 10.0),
    ("Gao", "ML", 16.27, -0.04, 10.0),
    ("Kidal", "", 18.44, 1.41, 10.0),
    ("Mopti", "", 14.49, -4.20, 10.0),
    ("Menaka", "", 15.92, 2.40, 10.0),
    // Nigeria
    ("Maiduguri", "", 11.85, 13.16, 10.0),
    ("Damboa", "", 11.15, 12.76, 10.0),
    ("Gwoza", "", 11.08, 13.69, 10.0),
    ("Monguno", "", 12.67, 13.61, 10.0),
    // Libya
    ("Tripoli", "LY", 32.89, 13.19, 10.0),
    ("Benghazi", "", 32.12, 20.07, 10.0),
    ("Banghazi", "", 32.12, 20.07, 10.0),
    ("Sirte", "", 31.21, 16.59, 10.0),
    ("Surt", "LY", 31.21, 16.59, 10.0),
    ("Misrata", "", 32.38, 15.09, 10.0),
    ("Derna", "LY", 32.77, 22.64, 10.0),
    // Afghanistan
    ("Kandahar", "", 31.61, 65.71, 10.0),
    ("Kunduz", "", 36.73, 68.86, 10.0),
    ("Lashkar Gah", "", 31.59, 64.37, 10.0),
    ("Jalalabad", "AF", 34.43, 70.45, 10.0),
    ("Herat", "", 34.35, 62.20, 10.0),
    // Lebanon
    ("Tripoli", "LB", 34.44, 35.85, 10.0),
];

fn context(cc: &str) -> Context {
    if cc.is_empty() {
        Context::default()
    } else {
        Context::in_country(CountryCode::parse(cc).expect("valid code"))
    }
}

#[test]
fn news_spellings_resolve_near_reference_coordinates() {
    let g = gazetteer();
    let mut failures = Vec::new();
    let mut countries = std::collections::BTreeSet::new();
    for &(name, cc, lat, lon, tol) in SPELLINGS {
        match g.resolve(name, &context(cc)) {
            Some(c) => {
                let place = g.place(c.index);
                countries.insert(place.country.to_string());
                let Some(coord) = place.coord else {
                    failures.push(format!("{name}: {} has no coordinates", place.name));
                    continue;
                };
                let d = distance_km(coord, (lon, lat));
                if d > tol {
                    failures.push(format!(
                        "{name} [{cc}]: got {} ({}) {d:.0} km away",
                        place.name, place.country
                    ));
                }
                assert!((0.0..=1.0).contains(&c.score), "{name}: score {}", c.score);
            }
            None => failures.push(format!("{name}: no candidate")),
        }
    }
    assert!(SPELLINGS.len() >= 60);
    assert!(countries.len() >= 8, "{countries:?}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn country_hint_decides_ambiguous_names() {
    let g = gazetteer();
    for (name, cc) in [
        ("Palmyra", "SY"),
        ("Palmyra", "US"),
        ("Tripoli", "LY"),
        ("Tripoli", "LB"),
        ("Sinjar", "IQ"),
        ("Sinjar", "SY"),
    ] {
        let best = g.resolve(name, &context(cc)).expect("a candidate");
        assert_eq!(g.place(best.index).country.as_str(), cc, "{name} with {cc}");
    }
}

#[test]
fn nearby_places_decide_between_namesakes() {
    let g = gazetteer();
    // Two towns called Avdiivka in Ukraine; a report that also names Donetsk means the one there.
    let donetsk = (37.80, 48.00);
    let ctx = Context {
        near: vec![donetsk],
        ..Context::default()
    };
    let best = g.resolve("Avdiivka", &ctx).expect("a candidate");
    let coord = g.place(best.index).coord.expect("located");
    assert!(distance_km(coord, (37.74, 48.14)) < 10.0);
    // Artemivsk is also a small town in Luhansk; next to Soledar it is Bakhmut's former name.
    let soledar = (38.09, 48.68);
    let ctx = Context {
        near: vec![soledar],
        ..Context::default()
    };
    let best = g.resolve("Artemivsk", &ctx).expect("a candidate");
    assert_eq!(&*g.place(best.index).name, "Bakhmut");
    assert_eq!(best.matched, MatchKind::Alias);
}

#[test]
fn exact_names_rank_before_aliases_before_skeletons() {
    let g = gazetteer();
    let exact = g
        .resolve("Deir ez-Zor", &Context::default())
        .expect("found");
    let alias = g
        .resolve("Dayr az Zawr", &Context::default())
        .expect("found");
    let skeleton = g.resolve("Deir Ezzor", &Context::default()).expect("found");
    assert_eq!(exact.matched, MatchKind::Exact);
    assert_eq!(alias.matched, MatchKind::Alias);
    assert_eq!(skeleton.matched, MatchKind::Skeleton);
    assert!(exact.score > alias.score && alias.score > skeleton.score);
    assert_eq!(exact.index, skeleton.index);
}

#[test]
fn provinces_have_variants_label_points_and_capitals() {
    let g = gazetteer();
    let ctx = Context {
        kind: PlaceKind::Admin1,
        ..Context::default()
    };
    for (name, cc, capital) in [
        ("Deir ez-Zor", "SY", "Deir ez-Zor"),
        ("Dayr az Zawr", "SY", "Deir ez-Zor"),
        ("Nineveh", "IQ", "Mosul"),
        ("Ninawa", "IQ", "Mosul"),
        ("Borno", "NG", "Maiduguri"),
        ("Helmand", "AF", "Lashkar Gāh"),
    ] {
        let best = g.resolve(name, &ctx).unwrap_or_else(|| panic!("{name}"));
        let province = g.place(best.index);
        assert!(province.is_admin1(), "{name}");
        assert_eq!(province.country.as_str(), cc, "{name}");
        assert!(province.coord.is_some(), "{name} has a label point");
        let cap = province.capital.map(|i| &*g.place(i).name);
        assert_eq!(cap, Some(capital), "{name}");
    }
}

#[test]
fn towns_belong_to_geonames_admin1_areas_where_natural_earths_provinces_are_finer() {
    // Natural Earth's French "provinces" are départements and Burkina Faso's are provinces,
    // GeoNames' second level; a town's admin-1 area is GeoNames' own (its region), never a
    // département that shares the region's number (Aude is département 11, Île-de-France
    // region 11)
    let g = gazetteer();
    for (town, cc, region) in [
        ("Paris", "FR", "Île-de-France"),
        ("Bordeaux", "FR", "Nouvelle-Aquitaine"),
        ("Djibo", "BF", "Sahel"),
        ("Naples", "IT", "Campania"),
    ] {
        let best = g
            .resolve(town, &context(cc))
            .unwrap_or_else(|| panic!("{town}"));
        let place = g.place(best.index);
        let admin1 = g.admin1_of(place).map(|a| &*a.name);
        assert_eq!(admin1, Some(region), "{town}");
    }
    // and the finer areas are still provinces a report can name, with a population
    let ctx = Context {
        kind: PlaceKind::Admin1,
        ..Context::default()
    };
    for (name, cc) in [("Gironde", "FR"), ("Soum", "BF")] {
        let best = g.resolve(name, &ctx).unwrap_or_else(|| panic!("{name}"));
        let area = g.place(best.index);
        assert!(area.is_admin1(), "{name}");
        assert_eq!(area.country.as_str(), cc, "{name}");
        assert!(area.population > 0, "{name}");
    }
}

#[test]
fn regions_that_provinces_share_a_name_with_are_places_between_them() {
    // North, South, West and East Kivu/Darfur/Kordofan…: the bare word is the region they make
    let g = gazetteer();
    for (name, cc, provinces) in [
        ("Darfur", "SD", &["North Darfur", "South Darfur"][..]),
        ("Kivu", "CD", &["North Kivu", "South Kivu"][..]),
        ("Sulawesi", "ID", &["South Sulawesi", "North Sulawesi"][..]),
    ] {
        let best = g.resolve(name, &Context::default()).expect(name);
        let region = g.place(best.index);
        assert_eq!(&*region.feature_code, "RGN", "{name}");
        assert_eq!(region.country.as_str(), cc, "{name}");
        assert!(region.id < 0, "{name}: a derived region has no GeoNames id");
        let at = region.coord.expect("a point");
        // nearer to each of its provinces than they are to each other
        let points: Vec<(f64, f64)> = provinces
            .iter()
            .map(|p| {
                let i = g.resolve(p, &Context::default()).expect(p).index;
                g.place(i).coord.expect("province point")
            })
            .collect();
        let apart = distance_km(points[0], points[1]);
        for p in &points {
            assert!(distance_km(at, *p) < apart, "{name}");
        }
    }
    // a word of provinces' names that only says what they are makes no region
    assert!(g
        .resolve("Cape", &Context::default())
        .is_none_or(|c| &*g.place(c.index).feature_code != "RGN"));
}

#[test]
fn countries_resolve() {
    let g = gazetteer();
    let ctx = Context {
        kind: PlaceKind::Country,
        ..Context::default()
    };
    for (name, cc) in [
        ("Syria", "SY"),
        ("Iraq", "IQ"),
        ("Yemen", "YE"),
        ("Mali", "ML"),
    ] {
        let best = g.resolve(name, &ctx).expect(name);
        assert_eq!(g.place(best.index).country.as_str(), cc);
    }
}

#[test]
fn places_without_reference_coordinates_are_not_guessed() {
    let g = gazetteer();
    let c = g
        .resolve("al-Ja'abi", &Context::default())
        .expect("known by name");
    let place = g.place(c.index);
    assert!(place.coord.is_none(), "al-Ja'abi must stay unlocated");
    assert!(place.source.is_some(), "hand rows cite a source");
    assert_eq!(g.admin1_of(place).map(|a| &*a.name), Some("Deir ez-Zor"));
}

#[test]
fn hand_kept_rows_cite_sources() {
    let g = gazetteer();
    for name in ["Al-Baghuz Fawqani", "Gharanij", "Al-Shaafah", "Euphrates"] {
        let c = g.resolve(name, &Context::default()).expect(name);
        let place = g.place(c.index);
        assert!(place.id < 0, "{name} comes from hand.tsv");
        assert!(place.source.as_deref().is_some_and(|s| s.contains("http")));
    }
}

#[test]
fn unknown_and_empty_names_give_nothing() {
    let g = gazetteer();
    assert!(g.lookup("", &Context::default(), 5).is_empty());
    assert!(g.lookup("'- ", &Context::default(), 5).is_empty());
    assert!(g.lookup("Xqzzvvtt", &Context::default(), 5).is_empty());
}

#[test]
fn the_gazetteer_is_worldwide() {
    let g = gazetteer();
    assert!(g.places().len() > 230_000, "{}", g.places().len());
    assert!(g.places().iter().filter(|p| p.is_admin1()).count() > 4_000);
    assert!(g.places().iter().filter(|p| p.is_country()).count() > 200);
}

#[test]
fn provinces_stand_at_the_centre_of_their_outline() {
    // reference points: the centre of each state's area as commonly given (rounded); a label
    // point placed for drawing a name can lie far off for an archipelago or a long coast
    let g = gazetteer();
    for (name, lat, lon, tol) in [
        ("Hawaii", 20.8, -156.3, 100.0),
        ("Alaska", 64.0, -150.0, 160.0),
    ] {
        let ctx = Context {
            kind: PlaceKind::Admin1,
            ..Context::in_country(CountryCode::parse("US").expect("US"))
        };
        let place = g
            .resolve(name, &ctx)
            .map(|c| g.place(c.index))
            .expect("the state");
        assert_eq!(&*place.feature_code, "ADM1");
        let coord = place.coord.expect("located");
        let d = distance_km(coord, (lon, lat));
        assert!(d <= tol, "{name}: {d:.0} km from the centre");
    }
}

#[test]
fn seas_gulfs_and_straits_stand_inside_their_water() {
    // Natural Earth's marine polygons: each at a point in its own water, no country's
    // (reference points: the coordinates encyclopaedias give each, rounded)
    let g = gazetteer();
    for (name, lat, lon, km) in [
        ("Black Sea", 44.0, 35.0, 250.0),
        ("Persian Gulf", 26.0, 52.0, 250.0),
        ("Gulf of Aden", 12.0, 48.0, 250.0),
        ("Sea of Azov", 46.0, 37.0, 150.0),
        ("Caspian Sea", 42.0, 50.7, 400.0),
    ] {
        let top = g.lookup(name, &Context::default(), 1);
        let p = g.place(top.first().unwrap_or_else(|| panic!("{name} found")).index);
        assert_eq!(&*p.name, name);
        assert_eq!(p.feature_class, b'H', "{name}");
        assert_eq!(p.country.as_str(), "", "{name}");
        let d = distance_km(p.coord.expect("a point"), (lon, lat));
        assert!(d < km, "{name} {d} km from its centre");
    }
}
