//! The event words of conflict reporting, as data: each trigger a short word sequence (a
//! trailing `*` matches any ending) with ACLED's event type and sub-type and a rank (lower
//! wins), the words that cancel a trigger before it, and the nouns that tell civilian victims
//! and targets from military ones. [`crate::extract::kinds`] reads clauses with them.

use crate::event::EventType;

/// ACLED's sub-event type a trigger gives, fixed or decided by who acted on whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubType {
    Fixed(&'static str),
    /// Taking ground: "Government regains territory" for state forces, else
    /// "Non-state actor overtakes territory".
    Territory,
    /// A bare attack or killing: on civilians it is violence against civilians, otherwise an
    /// armed clash.
    Attack,
}

/// Words that make a clause an event of a type.
#[derive(Debug, Clone, Copy)]
pub struct Trigger {
    pub words: &'static str,
    pub event_type: EventType,
    pub sub_type: SubType,
    /// Lower wins.
    pub rank: u8,
}

use EventType::{
    Battles as B, ExplosionsRemoteViolence as E, Protests as P, Riots as R,
    StrategicDevelopments as S, ViolenceAgainstCivilians as V,
};
use SubType::{Attack, Fixed, Territory};

const fn t(words: &'static str, event_type: EventType, sub_type: SubType, rank: u8) -> Trigger {
    Trigger {
        words,
        event_type,
        sub_type,
        rank,
    }
}

pub const SHELL: SubType = Fixed("Shelling/artillery/missile attack");
pub const AIR: SubType = Fixed("Air/drone strike");
pub const IED: SubType = Fixed("Remote explosive/landmine/IED");
pub const SUICIDE: SubType = Fixed("Suicide bomb");
pub const CLASH: SubType = Fixed("Armed clash");
pub const PEACEFUL: SubType = Fixed("Peaceful protest");

pub const TRIGGERS: &[Trigger] = &[
    // taking ground
    t("captured", B, Territory, 10),
    t("capture of", B, Territory, 10),
    t("seized", B, Territory, 10),
    t("seizing", B, Territory, 10),
    t("recaptured", B, Territory, 10),
    t("recapture*", B, Territory, 10),
    t("retook", B, Territory, 10),
    t("retaken", B, Territory, 10),
    t("overran", B, Territory, 10),
    t("overrun", B, Territory, 10),
    t("stormed", B, Attack, 90),
    t("fell to", B, Territory, 10),
    t("took control", B, Territory, 10),
    t("taken control", B, Territory, 10),
    t("taken full control", B, Territory, 10),
    t("took full control", B, Territory, 10),
    t("gained control", B, Territory, 10),
    t("regained control", B, Territory, 10),
    t("took over", B, Territory, 10),
    t("liberated", B, Territory, 10),
    t("liberation of", B, Territory, 10),
    t("entered", B, Territory, 11),
    t("advanced into", B, Territory, 11),
    t("pushed into", B, Territory, 11),
    // fighting
    t("clash*", B, CLASH, 20),
    t("fighting", B, CLASH, 20),
    t("fought", B, CLASH, 20),
    t("battle*", B, CLASH, 20),
    t("gun battle*", B, CLASH, 20),
    t("gunfight*", B, CLASH, 20),
    t("shootout*", B, CLASH, 20),
    t("shoot-out*", B, CLASH, 20),
    t("gunbattle*", B, CLASH, 20),
    t("firefight*", B, CLASH, 20),
    t("exchange of fire", B, CLASH, 20),
    // South Asian usage: "five Maoists were killed in an encounter with security forces"
    t("encounter with", B, CLASH, 20),
    t("exchanged fire", B, CLASH, 20),
    t("repelled", B, CLASH, 20),
    t("repulsed", B, CLASH, 20),
    t("ambush*", B, Attack, 20),
    t("offensive", B, CLASH, 21),
    t("assault on", B, CLASH, 22),
    // explosions and remote violence
    t("suicide bomb*", E, SUICIDE, 30),
    t("suicide attack*", E, SUICIDE, 30),
    t("suicide car bomb*", E, SUICIDE, 30),
    t("suicide truck bomb*", E, SUICIDE, 30),
    t("suicide bomber*", E, SUICIDE, 30),
    t("self-detonated", E, SUICIDE, 30),
    t("blew himself up", E, SUICIDE, 30),
    t("blew herself up", E, SUICIDE, 30),
    t("chemical attack*", E, Fixed("Chemical weapon"), 30),
    t("chlorine", E, Fixed("Chemical weapon"), 30),
    t("sarin", E, Fixed("Chemical weapon"), 30),
    t("air strike*", E, AIR, 31),
    t("airstrike*", E, AIR, 31),
    t("air-strike*", E, AIR, 31),
    t("air raid*", E, AIR, 31),
    t("airraid*", E, AIR, 31),
    t("drone strike*", E, AIR, 31),
    t("drone attack*", E, AIR, 31),
    // "Israeli strikes killed …": a strike that kills or hits is from the air (a labour
    // strike does neither)
    t("glide bomb*", E, AIR, 31),
    t("aerial bomb*", E, AIR, 31),
    t("aerial bombardment*", E, AIR, 31),
    t("guided bomb*", E, AIR, 31),
    t("barrel bomb*", E, AIR, 31),
    t("israeli strike*", E, AIR, 32),
    t("russian strike*", E, AIR, 32),
    t("us strike*", E, AIR, 32),
    t("american strike*", E, AIR, 32),
    t("turkish strike*", E, AIR, 32),
    t("ukrainian strike*", E, AIR, 32),
    t("coalition strike*", E, AIR, 32),
    t("saudi-led strike*", E, AIR, 32),
    t("army strike*", E, AIR, 32),
    t("strikes killed", E, AIR, 32),
    t("strike killed", E, AIR, 32),
    // "another strike near X killed …", told after an air strike: one more of them
    t("another strike", E, AIR, 32),
    t("second strike", E, AIR, 32),
    t("strikes hit", E, AIR, 32),
    t("strike hit", E, AIR, 32),
    t("strikes targeted", E, AIR, 32),
    t("strike targeted", E, AIR, 32),
    t("drones", E, AIR, 32),
    t("unmanned aerial vehicle*", E, AIR, 32),
    t("uav*", E, AIR, 32),
    t("quadcopter*", E, AIR, 32),
    t("drone", E, AIR, 32),
    t("warplanes", E, AIR, 31),
    t("jets", E, AIR, 32),
    t("bombed", E, AIR, 32),
    t("bombing raid*", E, AIR, 31),
    t("helicopter gunship*", E, AIR, 31),
    t("barrel bomb*", E, AIR, 31),
    t("car bomb*", E, IED, 31),
    t("truck bomb*", E, IED, 31),
    t("vehicle bomb*", E, IED, 31),
    t("blew up", E, IED, 32),
    t("packed with explosives", E, IED, 31),
    t("explosives", E, IED, 33),
    t("explosives-laden", E, IED, 31),
    // "explosive-laden drones struck": the drones are the weapon
    t("explosive-laden drone*", E, AIR, 30),
    t("explosives-laden drone*", E, AIR, 30),
    t("explosive-laden", E, IED, 31),
    t("vbied*", E, IED, 31),
    t("ied*", E, IED, 31),
    t("roadside bomb*", E, IED, 31),
    t("landmine*", E, IED, 31),
    t("struck a mine", E, IED, 31),
    t("hit a mine", E, IED, 31),
    t("ran over a mine", E, IED, 31),
    t("mine blast*", E, IED, 31),
    t("mine explosion*", E, IED, 31),
    t("land mine*", E, IED, 31),
    t("explosive device*", E, IED, 31),
    t("booby trap*", E, IED, 31),
    t("booby-trapped", E, IED, 31),
    t("bomb blast*", E, IED, 31),
    t("bomb exploded", E, IED, 31),
    t("bombing", E, IED, 33),
    t("bomb", E, IED, 33),
    t("bombs", E, IED, 33),
    t("explosion*", E, IED, 33),
    t("exploded", E, IED, 33),
    t("blast", E, IED, 33),
    t("detonated", E, IED, 33),
    t("grenade*", E, Fixed("Grenade"), 31),
    t("shelling", E, SHELL, 31),
    t("shelled", E, SHELL, 31),
    t("shells", E, SHELL, 31),
    t("artillery", E, SHELL, 31),
    t("mortar*", E, SHELL, 31),
    t("rocket*", E, SHELL, 31),
    t("missile*", E, SHELL, 31),
    t("bombard*", E, SHELL, 31),
    t("pounded", E, SHELL, 32),
    t("shot down", E, SHELL, 32),
    // violence against civilians
    t("abduct*", V, Fixed("Abduction/forced disappearance"), 40),
    t("kidnap*", V, Fixed("Abduction/forced disappearance"), 40),
    t(
        "taken hostage",
        V,
        Fixed("Abduction/forced disappearance"),
        40,
    ),
    t("raped", V, Fixed("Sexual violence"), 40),
    t("rape", V, Fixed("Sexual violence"), 40),
    t("sexual violence", V, Fixed("Sexual violence"), 40),
    t("massacre*", V, Fixed("Attack"), 40),
    t("executed", V, Fixed("Attack"), 40),
    t("behead*", V, Fixed("Attack"), 40),
    t("shot dead", V, Attack, 45),
    t("hacked to death", V, Fixed("Attack"), 42),
    t("hacked", V, Fixed("Attack"), 44),
    t("arson", B, Attack, 41),
    t("stabbed to death", V, Fixed("Attack"), 42),
    t("beaten to death", V, Fixed("Attack"), 42),
    t("burned to death", V, Fixed("Attack"), 42),
    t("burnt to death", V, Fixed("Attack"), 42),
    t("gunned down", V, Attack, 45),
    t("stabbed", V, Attack, 45),
    t("lynched", R, Fixed("Mob violence"), 50),
    // riots and protests
    t("riot*", R, Fixed("Violent demonstration"), 50),
    t("petrol bomb*", R, Fixed("Violent demonstration"), 29),
    t("molotov*", R, Fixed("Violent demonstration"), 29),
    t("burned tyres", R, Fixed("Violent demonstration"), 29),
    t("burned tires", R, Fixed("Violent demonstration"), 29),
    t("threw stones", R, Fixed("Violent demonstration"), 29),
    t("pelted", R, Fixed("Violent demonstration"), 29),
    t("stone-pelting", R, Fixed("Violent demonstration"), 29),
    t("rioter*", R, Fixed("Violent demonstration"), 50),
    t("mob", R, Fixed("Mob violence"), 50),
    t("looted", R, Fixed("Violent demonstration"), 52),
    t("set fire", R, Fixed("Violent demonstration"), 52),
    t("torched", R, Fixed("Violent demonstration"), 52),
    t("burned", R, Fixed("Violent demonstration"), 53),
    t("burnt", R, Fixed("Violent demonstration"), 53),
    t("protest*", P, PEACEFUL, 60),
    t("demonstrat*", P, PEACEFUL, 60),
    t("rally", P, PEACEFUL, 60),
    t("rallied", P, PEACEFUL, 60),
    t("rallies", P, PEACEFUL, 60),
    t("marched", P, PEACEFUL, 60),
    t("march", P, PEACEFUL, 61),
    t("sit-in", P, PEACEFUL, 60),
    t("staged a protest", P, PEACEFUL, 60),
    t("gathered", P, PEACEFUL, 62),
    t("took to the streets", P, PEACEFUL, 60),
    // strategic developments (agreements are left out: where a ceasefire is signed is not
    // where the conflict is, and a map point there misleads)
    t("arrested", S, Fixed("Arrests"), 70),
    t("arrests", S, Fixed("Arrests"), 70),
    t("detained", S, Fixed("Arrests"), 70),
    t("defused", S, Fixed("Disrupted weapons use"), 72),
    t("dismantled", S, Fixed("Disrupted weapons use"), 72),
    t("weapons cache", S, Fixed("Disrupted weapons use"), 72),
    t(
        "withdrew from",
        S,
        Fixed("Non-violent transfer of territory"),
        73,
    ),
    t(
        "handed over",
        S,
        Fixed("Non-violent transfer of territory"),
        73,
    ),
    t(
        "set up a base",
        S,
        Fixed("Headquarters or base established"),
        73,
    ),
    // weak words
    t("attack*", B, Attack, 90),
    t("assault*", B, Attack, 91),
    t("opened fire", B, Attack, 90),
    t("fired on", B, Attack, 90),
    t("gunmen", B, Attack, 92),
    t("raid*", B, Attack, 91),
    t("sniper*", V, Attack, 45),
    t("killed", B, Attack, 95),
    t("killing", B, Attack, 95),
    t("dead", B, Attack, 96),
    t("died", B, Attack, 96),
];

/// Words before a trigger that cancel it ("threatened to attack", "without a fight").
pub const CANCELLERS: &[&str] = &[
    "threatened",
    "threatens",
    "threaten",
    "vowed",
    "vows",
    "warned",
    "warns",
    "plan",
    "plans",
    "planned",
    "planning",
    "could",
    "would",
    "might",
    "no",
    "not",
    "without",
    "denied",
    "deny",
    "denies",
    "feared",
    "fears",
    "prevent",
    "preventing",
    "foiled",
    "thwarted",
    "anniversary",
    "commemorate",
    "commemorated",
];

/// "seized 40 pupils", "captured two aid workers": taking people, not ground.
pub static ABDUCTION: Trigger = t("abducted", V, Fixed("Abduction/forced disappearance"), 40);

/// Verbs of attacking that take what was attacked as their object ("stormed a base", "shelled
/// army positions", "opened fire and struck a car"): shared by the reading of targets, of
/// attacking countries and of an attack's venue.
pub const ATTACK_VERBS: &[&str] = &[
    "attacked",
    "stormed",
    "raided",
    "struck",
    "hit",
    "targeted",
    "targeting",
    "ambushed",
    "overran",
    "bombed",
    "shelled",
    "pounded",
];

/// "seized an oil tanker", "captured a cargo of weapons": taking property, not ground (ACLED's
/// looting/property destruction covers seizing goods or property).
pub static SEIZURE: Trigger = t("seized", S, Fixed("Looting/property destruction"), 40);

/// "seized a pistol and grenades", "captured a weapons cache": ACLED's disrupted weapons use
/// (weapons taken before they are used), ranked with an arrest it goes with.
pub static WEAPONS_SEIZURE: Trigger = t("seized", S, Fixed("Disrupted weapons use"), 72);

/// Nouns for weapons a side seizes or finds (a seizure of these is no looting, and no
/// explosion: "explosives were found at the scene").
pub const WEAPONS: &[&str] = &[
    "weapons",
    "weapon",
    "arms",
    "ammunition",
    "pistol",
    "pistols",
    "rifle",
    "rifles",
    "guns",
    "gun",
    "grenades",
    "explosives",
    "cache",
    "caches",
    "bombs",
    "mines",
];

/// Nouns for property an armed side seizes (ships, vehicles, goods), not ground.
pub const PROPERTY: &[&str] = &[
    "tanker",
    "tankers",
    "ship",
    "ships",
    "vessel",
    "vessels",
    "carrier",
    "freighter",
    "car",
    "cars",
    "boat",
    "boats",
    "cargo",
    "truck",
    "trucks",
    "vehicle",
    "vehicles",
    "weapons",
    "arms",
    "ammunition",
    "drugs",
    "aircraft",
    "plane",
];

/// Nouns for people (victims, hostages, the dead).
pub const PEOPLE: &[&str] = &[
    "people",
    "civilians",
    "pupils",
    "students",
    "schoolgirls",
    "schoolchildren",
    "children",
    "women",
    "men",
    "villagers",
    "worshippers",
    "passengers",
    "workers",
    "hostages",
    "farmers",
    "soldiers",
    "policemen",
    "officers",
    "fighters",
    "residents",
    "journalists",
    "traders",
];

/// Non-combatants by name.
pub const CIVILIANS: &[&str] = &[
    "civilians",
    "civilian",
    "woman",
    "child",
    "daughter",
    "son",
    "mother",
    "father",
    "wife",
    "husband",
    "baby",
    "infant",
    "teenager",
    "villager",
    "farmer",
    "shepherd",
    "student",
    "boy",
    "girl",
    "villagers",
    "worshippers",
    "worshipers",
    "residents",
    "children",
    "women",
    "farmers",
    "passengers",
    "students",
    "pupils",
    "journalists",
    "aid",
    "shoppers",
    "mourners",
    "families",
    "herders",
    "displaced",
    "refugees",
    "patients",
    "teachers",
    "fishermen",
    "traders",
    "vendors",
    "merchants",
    "shopkeepers",
    "pilgrims",
    "miners",
    "mayor",
    "driver",
    "drivers",
    "teacher",
    "trader",
    "imam",
    "priest",
    "fisherman",
    "journalist",
    "doctor",
    "nurse",
    "doctors",
    "nurses",
    "chief",
    "councillor",
    "councilor",
    "councillors",
    "councilors",
    "politician",
    "politicians",
    "candidate",
    "activist",
    "activists",
    "lawyer",
    "lawyers",
    "elder",
    "elders",
    "cleric",
    "pastor",
    "monk",
    "monks",
    "engineer",
    "engineers",
    "tourist",
    "tourists",
    "businessman",
    "businessmen",
];

/// People of any kind: civilians unless the target was military.
pub const ANYONE: &[&str] = &["people", "men", "persons"];

/// Targets that make an attack one on civilians.
pub const CIVILIAN_TARGETS: &[&str] = &[
    "village", "villages", "homes", "houses", "market", "farms", "hamlet", "camp",
];

/// Targets and victims that make an attack a battle.
pub const MILITARY_TARGETS: &[&str] = &[
    "base",
    "bases",
    "barracks",
    "outpost",
    "outposts",
    "checkpoint",
    "checkpoints",
    "soldiers",
    "troops",
    "military",
    "army",
    "policemen",
    "station",
    "convoy",
    "patrol",
    "positions",
];

/// Words of the authorities stopping a protest without deadly force (ACLED's "Protest with
/// intervention"), one or two words each.
pub const PROTEST_INTERVENTION: &[&str] = &[
    "tear gas",
    "teargas",
    "water cannon",
    "water cannons",
    "rubber bullets",
    "pepper spray",
    "dispersed",
    "broke up",
    "arrested",
    "detained",
    "batons",
    "baton",
];

/// Words of deadly force against protesters (ACLED's "Excessive force against protesters").
pub const PROTEST_EXCESSIVE_FORCE: &[&str] = &[
    "live ammunition",
    "live rounds",
    "live fire",
    "opened fire",
    "shot dead",
    "killed",
    "killing",
    "fired on",
];

/// Verbs that add an incident's dead to a running total ("…, bringing the toll to 40",
/// "raising to 23 the number killed since…"): the number after them is the total's.
pub const RUNNING_TOTAL_VERBS: &[&str] = &["bringing", "raising", "pushing"];
