//! The conflict actors sitmap knows, as data: the curated list with aliases, the country each
//! is tied to, the demonyms that name a country's forces ("Russian troops"), and the nouns
//! that make a force. [`crate::extract::actors`] finds them in clauses.

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

/// The side of an attack no group is named for; events name it with their country,
/// "Unidentified Armed Group (Mali)", as ACLED does.
pub const UNIDENTIFIED: &str = "Unidentified armed group";
/// The crowd of a protest; events name it with their country, "Protesters (Kenya)".
pub const PROTESTERS: &str = "Protesters";
/// The crowd of a riot, "Rioters (Nigeria)".
pub const RIOTERS: &str = "Rioters";

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
        "Military Forces of United States",
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
        "Tehrik-i-Taliban Pakistan",
        &[
            "tehrik-i-taliban pakistan",
            "tehreek-e-taliban pakistan",
            "tehrik-e-taliban pakistan",
            "pakistani taliban",
            "TTP",
        ],
        false,
    ),
    actor(
        "Islamic State Khorasan Province",
        &[
            "islamic state khorasan province",
            "islamic state khorasan",
            "islamic state-khorasan",
            "ISKP",
            "IS-K",
            "ISIS-K",
        ],
        false,
    ),
    actor(
        "Islamic State Sahel Province",
        &[
            "islamic state sahel province",
            "islamic state sahel",
            "ISSP",
        ],
        false,
    ),
    actor(
        "al-Qaeda in the Arabian Peninsula",
        &["al-qaeda in the arabian peninsula", "AQAP"],
        false,
    ),
    actor(
        "Balochistan Liberation Army",
        &[
            "balochistan liberation army",
            "baloch liberation army",
            "BLA",
        ],
        false,
    ),
    actor(
        "National Liberation Army (ELN)",
        &["ELN", "national liberation army"],
        false,
    ),
    actor(
        "FARC dissidents",
        &[
            "farc dissidents",
            "farc dissident",
            "estado mayor central",
            "FARC",
        ],
        false,
    ),
    actor(
        "Gulf Clan",
        &[
            "gulf clan",
            "clan del golfo",
            "gaitanista self-defense forces",
        ],
        false,
    ),
    actor(
        "Jalisco New Generation Cartel",
        &["jalisco new generation cartel", "jalisco cartel", "CJNG"],
        false,
    ),
    actor("Sinaloa Cartel", &["sinaloa cartel"], false),
    actor("Arakan Army", &["arakan army"], false),
    actor(
        "Ta'ang National Liberation Army",
        &["ta'ang national liberation army", "TNLA"],
        false,
    ),
    actor(
        "Myanmar National Democratic Alliance Army",
        &["myanmar national democratic alliance army", "MNDAA"],
        false,
    ),
    actor(
        "Kachin Independence Army",
        &["kachin independence army"],
        false,
    ),
    actor(
        "People's Defence Force",
        &[
            "people's defence force",
            "people's defense force",
            "people's defence forces",
            "people's defense forces",
            "PDF",
        ],
        false,
    ),
    actor("CODECO", &["CODECO"], false),
    actor(
        "Ambazonian separatists",
        &["ambazonian separatists", "amba boys"],
        false,
    ),
    actor("Viv Ansanm", &["viv ansanm"], false),
    actor(
        "Military Forces of Israel",
        &["idf", "israel defense forces", "israeli military"],
        true,
    ),
    actor(
        UNIDENTIFIED,
        &["gunmen", "unidentified assailants", "unknown assailants"],
        false,
    ),
    actor(
        PROTESTERS,
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
    ("Tehrik-i-Taliban Pakistan", "PK"),
    ("Islamic State Khorasan Province", "AF"),
    ("Balochistan Liberation Army", "PK"),
    ("al-Qaeda in the Arabian Peninsula", "YE"),
    ("National Liberation Army (ELN)", "CO"),
    ("FARC dissidents", "CO"),
    ("Gulf Clan", "CO"),
    ("Jalisco New Generation Cartel", "MX"),
    ("Sinaloa Cartel", "MX"),
    ("Arakan Army", "MM"),
    ("Ta'ang National Liberation Army", "MM"),
    ("Myanmar National Democratic Alliance Army", "MM"),
    ("Kachin Independence Army", "MM"),
    ("People's Defence Force", "MM"),
    ("CODECO", "CD"),
    ("Ambazonian separatists", "CM"),
    ("Viv Ansanm", "HT"),
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

/// The country a country's own name stands for as the owner of forces ("Myanmar military",
/// "Sudan's army"): the word (possessive dropped, lower case) is one of the countries above.
pub fn country_named(word: &str) -> Option<(&'static str, &'static str)> {
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word);
    DEMONYMS
        .iter()
        .find(|(_, _, name)| name.eq_ignore_ascii_case(word))
        .map(|(_, code, name)| (*code, *name))
}

/// The country code of a "Military Forces of COUNTRY" or "Police Forces of COUNTRY" actor
/// name; `None` for other names.
pub fn forces_country(actor: &str) -> Option<&'static str> {
    let country = actor
        .strip_prefix("Military Forces of ")
        .or_else(|| actor.strip_prefix("Police Forces of "))?;
    DEMONYMS
        .iter()
        .find(|(_, _, name)| *name == country)
        .map(|(_, code, _)| *code)
}

/// Nouns that make "<demonym> X" or "government X" a state force.
pub const FORCE_NOUNS: &[&str] = &[
    "forces",
    "junta",
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
