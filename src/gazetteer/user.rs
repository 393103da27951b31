//! The analyst's own places, layered over the built-in gazetteer.
//!
//! Two kinds of entry, kept in `DIR/gazetteer-user.json` beside the store (one JSON object,
//! `{"entries": [...]}`, that the server writes and a person may edit):
//!
//! * a **place** the gazetteer lacks: a name, optional aliases, a point and a country;
//! * a **pin**: a name (and aliases) that in this feed always means one gazetteer place, given
//!   by its GeoNames id ("Granij is Gharanij, SY"). Pins name GeoNames ids, which stay the same
//!   across upgrades of the built-in data, so the file outlives them.
//!
//! A name the user has entered resolves to the user's places only: the user's word overrides
//! the ranking. Answers that used an entry say so (`"match": "user"`, and for a user's place
//! `"source": "user: …"`). The layer is rebuilt whole on every change; it is small.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{normalize, CountryCode, Gazetteer, Place};

/// The file's name inside a data directory.
pub const FILE_NAME: &str = "gazetteer-user.json";
/// Most entries a file may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// Most aliases of one entry.
pub const MAX_ALIASES: usize = 50;
/// Longest name, alias or note, in bytes.
pub const MAX_TEXT: usize = 200;
/// Ids of user places start here (negated), clear of the hand-kept places' small negative ids.
const USER_ID_BASE: i64 = 1_000_000_000;

/// Why an entry or the file was refused.
#[derive(Debug, thiserror::Error)]
pub enum UserPlacesError {
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid user gazetteer: {reason}")]
    Parse { path: PathBuf, reason: String },
    #[error("no user entry with id {0:?}")]
    NotFound(String),
}

impl UserPlacesError {
    fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        UserPlacesError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// One entry: a pin when `geonameid` is set, else a new place (then `lat`, `lon` and
/// `country_code` are required).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserEntry {
    /// Given by the server (`u1`, `u2` …); ignored when posted.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Pin: the gazetteer place the names mean (a GeoNames id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// GeoNames admin-1 code within the country (e.g. `07`), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// GeoNames feature code; `PPL` (a populated place) when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// Why the entry exists, for the people who read it later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The file's content.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserFile {
    #[serde(default)]
    pub entries: Vec<UserEntry>,
}

/// The built layer: the entries, the new places they add and the names they claim.
#[derive(Debug, Default)]
pub struct UserLayer {
    pub(super) entries: Vec<UserEntry>,
    /// New places; place index `base_len + i`.
    pub(super) places: Vec<Place>,
    /// Name key → the place indexes it means.
    pub(super) by_key: HashMap<String, Vec<u32>>,
}

fn check_text(field: &str, s: &str) -> Result<(), UserPlacesError> {
    if s.trim().is_empty() || normalize::name_key(s).is_empty() {
        return Err(UserPlacesError::invalid(
            field,
            "must hold letters or digits",
        ));
    }
    if s.len() > MAX_TEXT || s.chars().any(char::is_control) {
        return Err(UserPlacesError::invalid(
            field,
            format!("must be at most {MAX_TEXT} bytes, without control characters"),
        ));
    }
    Ok(())
}

impl UserEntry {
    /// Checks the entry alone (the pin's target is checked when the layer is built).
    pub fn validate(&self, field: &str) -> Result<(), UserPlacesError> {
        let f = |name: &str| format!("{field}{name}");
        check_text(&f("name"), &self.name)?;
        if self.aliases.len() > MAX_ALIASES {
            return Err(UserPlacesError::invalid(
                f("aliases"),
                format!("at most {MAX_ALIASES}"),
            ));
        }
        for (i, a) in self.aliases.iter().enumerate() {
            check_text(&f(&format!("aliases[{i}]")), a)?;
        }
        if let Some(note) = &self.note {
            if note.len() > 1000 || note.chars().any(|c| c.is_control() && c != '\n') {
                return Err(UserPlacesError::invalid(
                    f("note"),
                    "must be at most 1000 bytes of text",
                ));
            }
        }
        let place_fields = [
            ("lat", self.lat.is_some()),
            ("lon", self.lon.is_some()),
            ("country_code", self.country_code.is_some()),
            ("admin1", self.admin1.is_some()),
            ("feature_code", self.feature_code.is_some()),
            ("population", self.population.is_some()),
        ];
        if self.geonameid.is_some() {
            if let Some((name, _)) = place_fields.iter().find(|(_, set)| *set) {
                return Err(UserPlacesError::invalid(
                    f(name),
                    "a pin (geonameid) takes the place's own data: give either geonameid or \
                     lat, lon and country_code",
                ));
            }
            return Ok(());
        }
        let lat = self.lat.ok_or_else(|| {
            UserPlacesError::invalid(f("lat"), "is required for a new place (or give geonameid)")
        })?;
        let lon = self
            .lon
            .ok_or_else(|| UserPlacesError::invalid(f("lon"), "is required for a new place"))?;
        if !(-90.0..=90.0).contains(&lat) {
            return Err(UserPlacesError::invalid(f("lat"), "must be within -90..90"));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(UserPlacesError::invalid(
                f("lon"),
                "must be within -180..180",
            ));
        }
        let cc = self.country_code.as_deref().ok_or_else(|| {
            UserPlacesError::invalid(f("country_code"), "is required for a new place")
        })?;
        if CountryCode::parse(cc).map_or(true, |c| c.is_empty()) {
            return Err(UserPlacesError::invalid(
                f("country_code"),
                "must be two letters (ISO 3166-1 alpha-2)",
            ));
        }
        let short_code = |s: &str| {
            !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_alphanumeric())
        };
        if let Some(code) = &self.feature_code {
            if !short_code(code) {
                return Err(UserPlacesError::invalid(
                    f("feature_code"),
                    "must be a GeoNames feature code such as PPL",
                ));
            }
        }
        if let Some(code) = &self.admin1 {
            if !short_code(code) {
                return Err(UserPlacesError::invalid(
                    f("admin1"),
                    "must be a GeoNames admin-1 code such as 07",
                ));
            }
        }
        Ok(())
    }

    fn names(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.name).chain(self.aliases.iter())
    }
}

impl UserLayer {
    /// Builds the layer over a gazetteer: every entry checked, each pin's target found.
    pub fn build(base: &Gazetteer, entries: Vec<UserEntry>) -> Result<Self, UserPlacesError> {
        if entries.len() > MAX_ENTRIES {
            return Err(UserPlacesError::invalid(
                "entries",
                format!("at most {MAX_ENTRIES}"),
            ));
        }
        let base_len = base.places().len();
        let by_id: HashMap<i64, u32> = if entries.iter().any(|e| e.geonameid.is_some()) {
            base.places()
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id, i as u32))
                .collect()
        } else {
            HashMap::new()
        };
        let mut layer = UserLayer::default();
        for (n, entry) in entries.iter().enumerate() {
            let field = format!("entries[{n}].");
            entry.validate(&field)?;
            let target = match entry.geonameid {
                Some(id) => *by_id.get(&id).ok_or_else(|| {
                    UserPlacesError::invalid(
                        format!("{field}geonameid"),
                        format!("no gazetteer place has id {id}"),
                    )
                })?,
                None => {
                    let index = (base_len + layer.places.len()) as u32;
                    layer.places.push(Place {
                        id: -(USER_ID_BASE + layer.places.len() as i64),
                        name: entry.name.trim().into(),
                        coord: entry.lon.zip(entry.lat),
                        feature_class: match entry.feature_code.as_deref() {
                            Some(c) if c.starts_with("ADM") || c.starts_with("PCL") => b'A',
                            Some(c) if c.starts_with("STM") || c.starts_with("LK") => b'H',
                            _ => b'P',
                        },
                        feature_code: entry.feature_code.as_deref().unwrap_or("PPL").into(),
                        country: entry
                            .country_code
                            .as_deref()
                            .and_then(|c| CountryCode::parse(c).ok())
                            .unwrap_or_default(),
                        admin1_code: entry.admin1.as_deref().unwrap_or("").into(),
                        population: entry.population.unwrap_or(0),
                        capital: None,
                        source: Some(
                            format!(
                                "user: {}",
                                entry.note.as_deref().unwrap_or(entry.id.as_str())
                            )
                            .into(),
                        ),
                    });
                    index
                }
            };
            for name in entry.names() {
                let list = layer.by_key.entry(normalize::name_key(name)).or_default();
                if !list.contains(&target) {
                    list.push(target);
                }
            }
        }
        layer.entries = entries;
        Ok(layer)
    }

    pub fn entries(&self) -> &[UserEntry] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Where a data directory keeps its user gazetteer.
pub fn file_path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// Reads a data directory's user entries, every one with an id (entries written by hand may
/// have none); none when the file does not exist.
pub fn read_file(data_dir: &Path) -> Result<Vec<UserEntry>, UserPlacesError> {
    let path = file_path(data_dir);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(UserPlacesError::Read { path, source }),
    };
    let mut file: UserFile =
        serde_json::from_slice(&bytes).map_err(|e| UserPlacesError::Parse {
            path: path.clone(),
            reason: e.to_string(),
        })?;
    fill_ids(&mut file.entries);
    Ok(file.entries)
}

/// The user layer a data directory's file gives over `base` (empty without a file).
pub fn layer_from_dir(base: &Gazetteer, data_dir: &Path) -> Result<UserLayer, UserPlacesError> {
    UserLayer::build(base, read_file(data_dir)?)
}

/// Writes a data directory's user entries whole: to a temporary file, flushed, then renamed
/// over the old one, so a crash leaves the old file or the new one, never half of one.
pub fn write_file(data_dir: &Path, entries: &[UserEntry]) -> Result<(), UserPlacesError> {
    let path = file_path(data_dir);
    let tmp = data_dir.join(format!("{FILE_NAME}.tmp"));
    let write_err = |source| UserPlacesError::Write {
        path: path.clone(),
        source,
    };
    let file = UserFile {
        entries: entries.to_vec(),
    };
    let body = serde_json::to_vec_pretty(&file)
        .map_err(|e| write_err(std::io::Error::other(e.to_string())))?;
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp).map_err(write_err)?;
        f.write_all(&body).map_err(write_err)?;
        f.write_all(b"\n").map_err(write_err)?;
        f.sync_all().map_err(write_err)?;
    }
    std::fs::rename(&tmp, &path).map_err(write_err)?;
    // the rename itself is durable once the directory is synced
    if let Ok(dir) = std::fs::File::open(data_dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The next free id (`u` and one more than the largest number in use).
pub fn next_id(entries: &[UserEntry]) -> String {
    let max = entries
        .iter()
        .filter_map(|e| e.id.strip_prefix('u')?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    format!("u{}", max + 1)
}

/// Gives every entry without an id one.
pub fn fill_ids(entries: &mut [UserEntry]) {
    for i in 0..entries.len() {
        if entries[i].id.is_empty() {
            let id = next_id(entries);
            entries[i].id = id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str) -> UserEntry {
        UserEntry {
            id: String::new(),
            name: name.into(),
            aliases: Vec::new(),
            geonameid: None,
            lat: Some(35.0),
            lon: Some(39.0),
            country_code: Some("SY".into()),
            admin1: None,
            feature_code: None,
            population: None,
            note: None,
        }
    }

    #[test]
    fn entries_are_checked_field_by_field() {
        let field = |e: &UserEntry| match e.validate("") {
            Err(UserPlacesError::Invalid { field, .. }) => field,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert!(place("Camp Nine").validate("").is_ok());
        assert_eq!(
            field(&UserEntry {
                lat: Some(95.0),
                ..place("x")
            }),
            "lat"
        );
        assert_eq!(
            field(&UserEntry {
                lon: None,
                ..place("x")
            }),
            "lon"
        );
        assert_eq!(
            field(&UserEntry {
                country_code: Some("SYR".into()),
                ..place("x")
            }),
            "country_code"
        );
        assert_eq!(field(&place("  ")), "name");
        assert_eq!(
            field(&UserEntry {
                geonameid: Some(163_915),
                ..place("x")
            }),
            "lat"
        );
        assert_eq!(
            field(&UserEntry {
                aliases: vec!["ok".into(), "\u{7}".into()],
                ..place("x")
            }),
            "aliases[1]"
        );
    }

    #[test]
    fn ids_are_given_once_and_never_reused_while_in_use() {
        let mut entries = vec![place("a"), place("b")];
        entries[1].id = "u7".into();
        fill_ids(&mut entries);
        assert_eq!(entries[0].id, "u8");
        assert_eq!(next_id(&entries), "u9");
    }
}
