//! The report a caller hands in: its fields, limits and JSON form.

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Longest report text accepted, in bytes.
pub const MAX_REPORT_LEN: usize = 200_000;

/// A news report: its text, the day it was published and where it came from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub text: String,
    pub published: NaiveDate,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub url: String,
    /// Optional caller-chosen id; by default a hash of the text.
    #[serde(default)]
    pub id: Option<String>,
}

/// Why a report was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("text: must not be empty")]
    EmptyText,
    #[error("text: longer than {MAX_REPORT_LEN} bytes")]
    TooLong,
    #[error("published: year {0} is outside 1900..2100")]
    BadYear(i32),
    #[error("{field}: longer than 1000 bytes")]
    FieldTooLong { field: &'static str },
    #[error("{field}: must not contain control characters (NUL and the like) other than tab and line breaks")]
    ControlCharacter { field: &'static str },
}

impl Report {
    /// Checks the limits a report must keep.
    pub fn validate(&self) -> Result<(), ReportError> {
        use chrono::Datelike;
        if self.text.trim().is_empty() {
            return Err(ReportError::EmptyText);
        }
        if self.text.len() > MAX_REPORT_LEN {
            return Err(ReportError::TooLong);
        }
        let year = self.published.year();
        if !(1900..=2100).contains(&year) {
            return Err(ReportError::BadYear(year));
        }
        for (field, value) in [("source", &self.source), ("url", &self.url)] {
            if value.len() > crate::event::MAX_TEXT_LEN {
                return Err(ReportError::FieldTooLong { field });
            }
        }
        if self
            .id
            .as_ref()
            .is_some_and(|id| id.len() > crate::event::MAX_TEXT_LEN)
        {
            return Err(ReportError::FieldTooLong { field: "id" });
        }
        let id = self.id.as_deref().unwrap_or("");
        for (field, value) in [
            ("text", self.text.as_str()),
            ("source", &self.source),
            ("url", &self.url),
            ("id", id),
        ] {
            if crate::event::has_control_characters(value) {
                return Err(ReportError::ControlCharacter { field });
            }
        }
        Ok(())
    }

    /// The report's id: the caller's, else the first 16 hex digits of the text's SHA-256.
    pub fn report_id(&self) -> String {
        if let Some(id) = &self.id {
            return id.clone();
        }
        let digest = Sha256::digest(self.text.as_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("r-{hex}")
    }
}

/// Parses a report from JSON (`{text, published, source?, url?, id?}`) and checks its
/// limits; the error names the field that is wrong.
pub fn parse_report(bytes: &[u8]) -> Result<Report, crate::event::EventError> {
    use crate::event::EventError;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let report: Report = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "body".to_string()
        } else {
            path
        };
        EventError::new(field, e.inner().to_string())
    })?;
    de.end()
        .map_err(|e| EventError::new("body", format!("trailing data after the report: {e}")))?;
    report.validate().map_err(|e| {
        let text = e.to_string();
        let (field, reason) = text.split_once(": ").unwrap_or(("body", text.as_str()));
        EventError::new(field, reason)
    })?;
    Ok(report)
}
