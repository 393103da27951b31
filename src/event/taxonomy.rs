//! ACLED's event taxonomy: the six event types and their sub-event types.

use serde::{Deserialize, Serialize};

/// ACLED event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventType {
    #[serde(rename = "Battles")]
    Battles,
    #[serde(rename = "Explosions/Remote violence")]
    ExplosionsRemoteViolence,
    #[serde(rename = "Violence against civilians")]
    ViolenceAgainstCivilians,
    #[serde(rename = "Protests")]
    Protests,
    #[serde(rename = "Riots")]
    Riots,
    #[serde(rename = "Strategic developments")]
    StrategicDevelopments,
}

impl EventType {
    pub const ALL: [EventType; 6] = [
        EventType::Battles,
        EventType::ExplosionsRemoteViolence,
        EventType::ViolenceAgainstCivilians,
        EventType::Protests,
        EventType::Riots,
        EventType::StrategicDevelopments,
    ];

    /// The name ACLED uses.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Battles => "Battles",
            EventType::ExplosionsRemoteViolence => "Explosions/Remote violence",
            EventType::ViolenceAgainstCivilians => "Violence against civilians",
            EventType::Protests => "Protests",
            EventType::Riots => "Riots",
            EventType::StrategicDevelopments => "Strategic developments",
        }
    }

    /// Parses ACLED's name, case-insensitively.
    pub fn parse(s: &str) -> Option<EventType> {
        let s = s.trim();
        EventType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    /// The sub-event types ACLED defines for this type.
    pub fn sub_types(self) -> &'static [&'static str] {
        match self {
            EventType::Battles => &[
                "Armed clash",
                "Government regains territory",
                "Non-state actor overtakes territory",
            ],
            EventType::ExplosionsRemoteViolence => &[
                "Chemical weapon",
                "Air/drone strike",
                "Suicide bomb",
                "Shelling/artillery/missile attack",
                "Remote explosive/landmine/IED",
                "Grenade",
            ],
            EventType::ViolenceAgainstCivilians => &[
                "Sexual violence",
                "Attack",
                "Abduction/forced disappearance",
            ],
            EventType::Protests => &[
                "Peaceful protest",
                "Protest with intervention",
                "Excessive force against protesters",
            ],
            EventType::Riots => &["Violent demonstration", "Mob violence"],
            EventType::StrategicDevelopments => &[
                "Agreement",
                "Arrests",
                "Change to group/activity",
                "Disrupted weapons use",
                "Headquarters or base established",
                "Looting/property destruction",
                "Non-violent transfer of territory",
                "Other",
            ],
        }
    }

    /// The canonical spelling of `sub` if it is one of this type's sub-types.
    pub fn canonical_sub_type(self, sub: &str) -> Option<&'static str> {
        let sub = sub.trim();
        self.sub_types()
            .iter()
            .copied()
            .find(|s| s.eq_ignore_ascii_case(sub))
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
            let json = serde_json::to_string(&t).expect("serialises");
            assert_eq!(json, format!("\"{}\"", t.as_str()));
            assert!(!t.sub_types().is_empty());
        }
        assert_eq!(EventType::parse("battles"), Some(EventType::Battles));
        assert_eq!(EventType::parse("War"), None);
    }

    #[test]
    fn sub_types_belong_to_their_type() {
        let t = EventType::ExplosionsRemoteViolence;
        assert_eq!(
            t.canonical_sub_type("air/drone strike"),
            Some("Air/drone strike")
        );
        assert_eq!(t.canonical_sub_type("Armed clash"), None);
    }
}
