//! Character spans of a text: code-point offsets as clients send them, checked, and mapped to
//! the byte offsets Rust strings use.

use super::GeoparseError;

/// A half-open span `[start, end)` in code points (Unicode scalar values), as in the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A text with its code-point → byte offset table.
pub struct Indexed<'a> {
    pub text: &'a str,
    /// `bytes[i]` is the byte offset of code point `i`; one extra entry for the end.
    bytes: Vec<usize>,
}

impl<'a> Indexed<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        Indexed { text, bytes }
    }

    /// Number of code points.
    pub fn len(&self) -> usize {
        self.bytes.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Byte offset of code point `i` (`i <= len()`).
    pub fn byte(&self, i: usize) -> usize {
        self.bytes[i.min(self.len())]
    }

    /// Code-point offset of a byte offset that lies on a character boundary.
    pub fn char_at_byte(&self, b: usize) -> usize {
        self.bytes.partition_point(|&x| x < b)
    }

    /// The text of a span (checked spans only).
    pub fn slice(&self, span: Span) -> &'a str {
        &self.text[self.byte(span.start)..self.byte(span.end)]
    }

    /// Checks client spans: inside the text, non-empty, not overlapping one another. The
    /// error names the offending entry (`toponyms[3].end`).
    pub fn check(&self, spans: &[Span]) -> Result<(), GeoparseError> {
        let n = self.len();
        let mut sorted: Vec<(usize, Span)> = spans.iter().copied().enumerate().collect();
        for &(i, s) in &sorted {
            if s.end > n {
                return Err(GeoparseError::Span {
                    field: format!("toponyms[{i}].end"),
                    reason: format!("{} is past the end of the text ({n} characters)", s.end),
                });
            }
            if s.start >= s.end {
                return Err(GeoparseError::Span {
                    field: format!("toponyms[{i}].start"),
                    reason: format!("must be less than end ({} >= {})", s.start, s.end),
                });
            }
            if self.slice(s).trim().is_empty() {
                return Err(GeoparseError::Span {
                    field: format!("toponyms[{i}]"),
                    reason: "covers only white space".into(),
                });
            }
        }
        sorted.sort_by_key(|&(_, s)| (s.start, s.end));
        for w in sorted.windows(2) {
            let ((_, a), (j, b)) = (w[0], w[1]);
            if b.start < a.end {
                return Err(GeoparseError::Span {
                    field: format!("toponyms[{j}]"),
                    reason: format!(
                        "[{}, {}) overlaps another span [{}, {})",
                        b.start, b.end, a.start, a.end
                    ),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_code_points() {
        let t = Indexed::new("Şanlıurfa and Aleppo");
        assert_eq!(t.len(), 20);
        assert_eq!(t.slice(Span { start: 14, end: 20 }), "Aleppo");
        assert_eq!(t.char_at_byte(t.byte(14)), 14);
    }

    #[test]
    fn bad_spans_name_the_entry() {
        let t = Indexed::new("in Homs and Hama");
        let err = |spans: &[Span]| match t.check(spans) {
            Err(GeoparseError::Span { field, .. }) => field,
            other => panic!("expected a span error, got {other:?}"),
        };
        assert_eq!(err(&[Span { start: 3, end: 99 }]), "toponyms[0].end");
        assert_eq!(err(&[Span { start: 7, end: 3 }]), "toponyms[0].start");
        assert_eq!(
            err(&[Span { start: 3, end: 7 }, Span { start: 5, end: 9 }]),
            "toponyms[1]"
        );
        assert!(t
            .check(&[Span { start: 12, end: 16 }, Span { start: 3, end: 7 }])
            .is_ok());
    }
}
