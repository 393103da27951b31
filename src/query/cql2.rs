//! CQL2 text filters (OGC API – Features Part 3) parsed into a typed plan: the queryables
//! compared, listed, matched and tested as the filter says, and a bounding box and a date
//! interval lifted out of its top-level `AND` so the index answers those parts.
//!
//! The subset: `=`, `<>`, `<`, `<=`, `>`, `>=`, `[NOT] IN (…)`, `[NOT] LIKE` (`%` and `_`),
//! `[NOT] BETWEEN … AND …`, `IS [NOT] NULL`, `AND`, `OR`, `NOT`, parentheses;
//! `S_INTERSECTS(geometry, BBOX(…) | POLYGON((…)) | POINT(…))`;
//! `T_INTERSECTS` / `T_DURING` / `T_AFTER` / `T_BEFORE` on `event_date` with `DATE('…')`,
//! `TIMESTAMP('…')` or `INTERVAL('…', '…')` (`'..'` open). Dates compare as `event_date`
//! strings do (`event_date >= '2024-01-01'`, as GDAL writes them).
//!
//! Written by hand because no maintained Rust crate parses CQL2 text into a plan one can
//! check and run without evaluating code; the grammar is small.

use chrono::NaiveDate;

use super::queryables::{Queryable, Value};
use super::{BBox, DateInterval, QueryError};
use crate::event::Event;

/// Longest filter accepted, in bytes.
pub const MAX_FILTER_LEN: usize = 8 * 1024;
/// Deepest nesting of parentheses and NOTs accepted.
const MAX_DEPTH: usize = 64;

/// A literal of the filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Num(f64),
    Date(NaiveDate),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The typed plan of a filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Compare(Queryable, Cmp, Literal),
    In(Queryable, Vec<Literal>),
    Like(Queryable, String),
    Between(Queryable, Literal, Literal),
    IsNull(Queryable),
    /// The event's point lies in the polygon (a ring of `(lon, lat)`, closed or not).
    InPolygon(Vec<(f64, f64)>),
    InBox(BBox),
    During(DateInterval),
}

/// A parsed filter: the plan, with the parts the index can answer lifted out.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub plan: Expr,
    /// A box every match lies in (from a top-level `S_INTERSECTS` with a box).
    pub bbox: Option<BBox>,
    /// An interval every match's date lies in (from top-level temporal predicates).
    pub dates: DateInterval,
}

pub(super) fn err(message: impl Into<String>) -> QueryError {
    QueryError::new("filter", message)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    Sym(&'static str),
}

fn tokenize(s: &str) -> Result<Vec<Tok>, QueryError> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            let mut v = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(err("a string literal is not closed with '")),
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        v.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(&ch) => {
                        v.push(ch);
                        i += 1;
                    }
                }
            }
            out.push(Tok::Str(v));
        } else if c == '"' {
            let end = chars[i + 1..]
                .iter()
                .position(|&ch| ch == '"')
                .ok_or_else(|| err("a quoted property name is not closed with \""))?;
            out.push(Tok::Ident(chars[i + 1..i + 1 + end].iter().collect()));
            i += end + 2;
        } else if c.is_ascii_digit()
            || (c == '-' || c == '+' || c == '.')
                && chars
                    .get(i + 1)
                    .is_some_and(|d| d.is_ascii_digit() || *d == '.')
        {
            let start = i;
            i += 1;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || chars[i] == '.'
                    || chars[i] == 'e'
                    || chars[i] == 'E'
                    || (chars[i] == '-' || chars[i] == '+') && matches!(chars[i - 1], 'e' | 'E'))
            {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let n: f64 = text
                .parse()
                .map_err(|_| err(format!("{text:?} is not a number")))?;
            out.push(Tok::Num(n));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == ':')
            {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let sym = match two.as_str() {
                "<>" | "!=" => Some("<>"),
                "<=" => Some("<="),
                ">=" => Some(">="),
                _ => None,
            };
            if let Some(sym) = sym {
                out.push(Tok::Sym(sym));
                i += 2;
                continue;
            }
            let sym = match c {
                '=' => "=",
                '<' => "<",
                '>' => ">",
                '(' => "(",
                ')' => ")",
                ',' => ",",
                _ => return Err(err(format!("unexpected character {c:?}"))),
            };
            out.push(Tok::Sym(sym));
            i += 1;
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(w)) if w.eq_ignore_ascii_case(word))
    }

    fn eat_keyword(&mut self, word: &str) -> bool {
        let yes = self.keyword(word);
        if yes {
            self.at += 1;
        }
        yes
    }

    fn eat_sym(&mut self, sym: &str) -> bool {
        let yes = matches!(self.peek(), Some(Tok::Sym(s)) if *s == sym);
        if yes {
            self.at += 1;
        }
        yes
    }

    fn expect_sym(&mut self, sym: &str) -> Result<(), QueryError> {
        if self.eat_sym(sym) {
            Ok(())
        } else {
            Err(err(format!("expected {sym:?} {}", self.here())))
        }
    }

    fn here(&self) -> String {
        match self.peek() {
            None => "at the end of the filter".into(),
            Some(Tok::Ident(w)) => format!("before {w:?}"),
            Some(Tok::Str(s)) => format!("before '{s}'"),
            Some(Tok::Num(n)) => format!("before {n}"),
            Some(Tok::Sym(s)) => format!("before {s:?}"),
        }
    }

    fn nest(&mut self) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(format!("nested more than {MAX_DEPTH} deep")));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut parts = vec![self.and()?];
        while self.eat_keyword("OR") {
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut parts = vec![self.not()?];
        while self.eat_keyword("AND") {
            parts.push(self.not()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    fn not(&mut self) -> Result<Expr, QueryError> {
        if self.eat_keyword("NOT") {
            self.nest()?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, QueryError> {
        if self.eat_sym("(") {
            self.nest()?;
            let e = self.or()?;
            self.depth -= 1;
            self.expect_sym(")")?;
            return Ok(e);
        }
        let name = match self.peek() {
            Some(Tok::Ident(w)) => w.clone(),
            _ => {
                return Err(err(format!(
                    "expected a property or a predicate {}",
                    self.here()
                )))
            }
        };
        self.at += 1;
        let upper = name.to_ascii_uppercase();
        if matches!(upper.as_str(), "S_INTERSECTS" | "S_WITHIN") {
            return self.spatial();
        }
        if matches!(
            upper.as_str(),
            "T_INTERSECTS" | "T_DURING" | "T_WITHIN" | "T_AFTER" | "T_BEFORE" | "T_EQUALS"
        ) {
            return self.temporal(&upper);
        }
        let q = Queryable::named(&name).ok_or_else(|| {
            err(format!(
                "{name:?} is not a queryable (see /collections/events/queryables): {}",
                Queryable::names().join(", ")
            ))
        })?;
        self.predicate(q)
    }

    fn predicate(&mut self, q: Queryable) -> Result<Expr, QueryError> {
        if self.eat_keyword("IS") {
            let negated = self.eat_keyword("NOT");
            if !self.eat_keyword("NULL") {
                return Err(err(format!("expected NULL {}", self.here())));
            }
            let e = Expr::IsNull(q);
            return Ok(if negated { Expr::Not(Box::new(e)) } else { e });
        }
        let negated = self.eat_keyword("NOT");
        let e = if self.eat_keyword("IN") {
            self.expect_sym("(")?;
            let mut list = vec![self.literal(q)?];
            while self.eat_sym(",") {
                list.push(self.literal(q)?);
            }
            self.expect_sym(")")?;
            Expr::In(q, list)
        } else if self.eat_keyword("LIKE") {
            match self.literal(q)? {
                Literal::Str(p) => Expr::Like(q, p),
                _ => return Err(err("LIKE takes a string pattern")),
            }
        } else if self.eat_keyword("BETWEEN") {
            let lo = self.literal(q)?;
            if !self.eat_keyword("AND") {
                return Err(err(format!("expected AND in BETWEEN {}", self.here())));
            }
            let hi = self.literal(q)?;
            Expr::Between(q, lo, hi)
        } else if negated {
            return Err(err(format!(
                "expected IN, LIKE or BETWEEN after NOT {}",
                self.here()
            )));
        } else {
            let op = match self.peek() {
                Some(Tok::Sym("=")) => Cmp::Eq,
                Some(Tok::Sym("<>")) => Cmp::Ne,
                Some(Tok::Sym("<")) => Cmp::Lt,
                Some(Tok::Sym("<=")) => Cmp::Le,
                Some(Tok::Sym(">")) => Cmp::Gt,
                Some(Tok::Sym(">=")) => Cmp::Ge,
                _ => {
                    return Err(err(format!(
                        "expected a comparison (=, <>, <, <=, >, >=), IN, LIKE, BETWEEN or IS {}",
                        self.here()
                    )))
                }
            };
            self.at += 1;
            Expr::Compare(q, op, self.literal(q)?)
        };
        Ok(if negated { Expr::Not(Box::new(e)) } else { e })
    }

    /// A literal, typed as the queryable wants it.
    fn literal(&mut self, q: Queryable) -> Result<Literal, QueryError> {
        let lit = match self.peek().cloned() {
            Some(Tok::Str(s)) => {
                self.at += 1;
                Literal::Str(s)
            }
            Some(Tok::Num(n)) => {
                self.at += 1;
                Literal::Num(n)
            }
            Some(Tok::Ident(w))
                if w.eq_ignore_ascii_case("DATE") || w.eq_ignore_ascii_case("TIMESTAMP") =>
            {
                self.at += 1;
                self.expect_sym("(")?;
                let s = self.string()?;
                self.expect_sym(")")?;
                Literal::Date(date_of(&s)?)
            }
            _ => return Err(err(format!("expected a value {}", self.here()))),
        };
        q.check_literal(lit).map_err(err)
    }

    fn string(&mut self) -> Result<String, QueryError> {
        match self.peek().cloned() {
            Some(Tok::Str(s)) => {
                self.at += 1;
                Ok(s)
            }
            _ => Err(err(format!("expected a quoted string {}", self.here()))),
        }
    }

    fn number(&mut self) -> Result<f64, QueryError> {
        match self.peek().cloned() {
            Some(Tok::Num(n)) => {
                self.at += 1;
                Ok(n)
            }
            _ => Err(err(format!("expected a number {}", self.here()))),
        }
    }

    fn spatial(&mut self) -> Result<Expr, QueryError> {
        self.expect_sym("(")?;
        if !(self.eat_keyword("geometry") || self.eat_keyword("geom")) {
            return Err(err(format!(
                "the spatial property is geometry {}",
                self.here()
            )));
        }
        self.expect_sym(",")?;
        let e = if self.eat_keyword("BBOX") || self.eat_keyword("ENVELOPE") {
            self.expect_sym("(")?;
            let mut n = vec![self.number()?];
            while self.eat_sym(",") {
                n.push(self.number()?);
            }
            self.expect_sym(")")?;
            bbox_plan(&n)?
        } else if self.eat_keyword("POLYGON") {
            self.expect_sym("(")?;
            self.expect_sym("(")?;
            let mut ring = Vec::new();
            loop {
                let lon = self.number()?;
                let lat = self.number()?;
                ring.push((lon, lat));
                if !self.eat_sym(",") {
                    break;
                }
            }
            self.expect_sym(")")?;
            // holes are not supported: a second ring is refused rather than ignored
            if !self.eat_sym(")") {
                return Err(err("POLYGON: only one ring (no holes) is supported"));
            }
            polygon_plan(ring)?
        } else if self.eat_keyword("POINT") {
            self.expect_sym("(")?;
            let lon = self.number()?;
            let lat = self.number()?;
            self.expect_sym(")")?;
            point_plan(lon, lat)?
        } else {
            return Err(err(format!(
                "expected BBOX, POLYGON or POINT {}",
                self.here()
            )));
        };
        self.expect_sym(")")?;
        Ok(e)
    }

    fn temporal(&mut self, op: &str) -> Result<Expr, QueryError> {
        self.expect_sym("(")?;
        let named = match self.peek() {
            Some(Tok::Ident(w)) => w.clone(),
            _ => return Err(err(format!("expected event_date {}", self.here()))),
        };
        if Queryable::named(&named) != Some(Queryable::EventDate) {
            return Err(err(format!(
                "temporal predicates apply to event_date, not {named:?}"
            )));
        }
        self.at += 1;
        self.expect_sym(",")?;
        let (start, end) = if self.eat_keyword("INTERVAL") {
            self.expect_sym("(")?;
            let a = self.string()?;
            self.expect_sym(",")?;
            let b = self.string()?;
            self.expect_sym(")")?;
            let open = |s: &str| -> Result<Option<NaiveDate>, QueryError> {
                if s == ".." || s.is_empty() {
                    Ok(None)
                } else {
                    date_of(s).map(Some)
                }
            };
            (open(&a)?, open(&b)?)
        } else {
            match self.literal(Queryable::EventDate)? {
                Literal::Date(d) => (Some(d), Some(d)),
                _ => return Err(err("expected DATE(…), TIMESTAMP(…) or INTERVAL(…)")),
            }
        };
        self.expect_sym(")")?;
        temporal_plan(op, start, end)
    }
}

/// The plan of `S_INTERSECTS` with a box of 4 (or 6) numbers.
pub(super) fn bbox_plan(numbers: &[f64]) -> Result<Expr, QueryError> {
    let text: Vec<String> = numbers.iter().map(|v| v.to_string()).collect();
    let b = BBox::parse(&text.join(",")).map_err(|e| err(format!("BBOX: {}", e.message)))?;
    Ok(Expr::InBox(b))
}

/// The plan of `S_INTERSECTS` with a point: the events at it.
pub(super) fn point_plan(lon: f64, lat: f64) -> Result<Expr, QueryError> {
    let b = BBox::parse(&format!("{lon},{lat},{lon},{lat}"))
        .map_err(|e| err(format!("POINT: {}", e.message)))?;
    Ok(Expr::InBox(b))
}

/// The plan of `S_INTERSECTS` with a polygon of one ring (no holes) of `(lon, lat)`.
pub(super) fn polygon_plan(ring: Vec<(f64, f64)>) -> Result<Expr, QueryError> {
    if ring
        .iter()
        .any(|&(lon, lat)| !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat))
    {
        return Err(err("POLYGON: coordinates out of range"));
    }
    if ring.len() < 3 {
        return Err(err("POLYGON: a ring needs at least 3 points"));
    }
    Ok(Expr::InPolygon(ring))
}

/// The plan of a temporal predicate (`T_AFTER`, `T_BEFORE`, or one of those that hold when
/// the day lies in the interval) over `event_date` and the interval `start..=end`.
pub(super) fn temporal_plan(
    op: &str,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<Expr, QueryError> {
    let day = |d: Option<NaiveDate>, by: i64| {
        d.and_then(|d| d.checked_add_signed(chrono::Duration::days(by)))
    };
    let (start, end) = match op {
        "T_AFTER" => (day(end, 1), None),
        "T_BEFORE" => (None, day(start, -1)),
        _ => (start, end),
    };
    if matches!((start, end), (Some(a), Some(b)) if a > b) {
        return Err(err("the interval ends before it starts"));
    }
    Ok(Expr::During(DateInterval { start, end }))
}

/// A date from `YYYY-MM-DD` or an RFC 3339 date-time (its UTC day).
pub(super) fn date_of(s: &str) -> Result<NaiveDate, QueryError> {
    let s = s.trim();
    let d = if s.len() >= 10 && s.is_char_boundary(10) {
        NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").ok()
    } else {
        None
    };
    d.ok_or_else(|| err(format!("{s:?} is not a date (YYYY-MM-DD)")))
}

/// Parses a CQL2 text filter.
pub fn parse(s: &str) -> Result<Filter, QueryError> {
    if s.len() > MAX_FILTER_LEN {
        return Err(err(format!("longer than {MAX_FILTER_LEN} bytes")));
    }
    if s.trim().is_empty() {
        return Err(err("is empty"));
    }
    let mut p = Parser {
        toks: tokenize(s)?,
        at: 0,
        depth: 0,
    };
    let plan = p.or()?;
    if p.at < p.toks.len() {
        return Err(err(format!("unexpected words {}", p.here())));
    }
    Ok(Filter::of_plan(plan))
}

impl Filter {
    /// A filter of this plan, with its box and date bounds lifted out for the index.
    pub fn of_plan(plan: Expr) -> Self {
        let mut filter = Filter {
            plan,
            bbox: None,
            dates: DateInterval::default(),
        };
        filter.lift();
        filter
    }

    /// Lifts a box and date bounds out of the top-level conjunction, for the index.
    fn lift(&mut self) {
        let parts: Vec<&Expr> = match &self.plan {
            Expr::And(parts) => parts.iter().collect(),
            e => vec![e],
        };
        for part in parts {
            match part {
                Expr::InBox(b) if self.bbox.is_none() => self.bbox = Some(*b),
                Expr::During(i) => self.dates = self.dates.intersect(i),
                Expr::Compare(Queryable::EventDate, op, Literal::Date(d)) => {
                    let next = |d: NaiveDate, by| d.checked_add_signed(chrono::Duration::days(by));
                    let i = match op {
                        Cmp::Eq => DateInterval {
                            start: Some(*d),
                            end: Some(*d),
                        },
                        Cmp::Ge => DateInterval {
                            start: Some(*d),
                            end: None,
                        },
                        Cmp::Gt => DateInterval {
                            start: next(*d, 1),
                            end: None,
                        },
                        Cmp::Le => DateInterval {
                            start: None,
                            end: Some(*d),
                        },
                        Cmp::Lt => DateInterval {
                            start: None,
                            end: next(*d, -1),
                        },
                        Cmp::Ne => continue,
                    };
                    self.dates = self.dates.intersect(&i);
                }
                _ => {}
            }
        }
    }

    /// Whether an event satisfies the whole filter.
    pub fn matches(&self, e: &Event) -> bool {
        eval(&self.plan, e)
    }
}

fn compare_values(v: &Value<'_>, lit: &Literal) -> Option<std::cmp::Ordering> {
    match (v, lit) {
        (Value::Int(a), Literal::Num(b)) => (*a as f64).partial_cmp(b),
        (Value::Str(a), Literal::Str(b)) => Some(super::queryables::cmp_caseless(a, b)),
        (Value::Date(a), Literal::Date(b)) => Some(a.cmp(b)),
        (Value::Null, _) => None,
        _ => None,
    }
}

fn like(text: &str, pattern: &str) -> bool {
    // `%` any run, `_` one character; case-insensitive, as CQL2's CASEI users expect
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let (mut ti, mut pi) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '_' || p[pi] == t[ti]) {
            ti += 1;
            pi += 1;
        } else if pi < p.len() && p[pi] == '%' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '%')
}

fn in_polygon(ring: &[(f64, f64)], x: f64, y: f64) -> bool {
    // a point on the boundary intersects it; inside, by the even-odd rule over the edges
    let mut inside = false;
    let n = ring.len();
    for i in 0..n {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[(i + n - 1) % n];
        let cross = (xj - xi) * (y - yi) - (yj - yi) * (x - xi);
        let within = x >= xi.min(xj) && x <= xi.max(xj) && y >= yi.min(yj) && y <= yi.max(yj);
        if cross.abs() < 1e-12 && within {
            return true;
        }
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
    }
    inside
}

fn eval(expr: &Expr, e: &Event) -> bool {
    use std::cmp::Ordering::*;
    match expr {
        Expr::And(parts) => parts.iter().all(|p| eval(p, e)),
        Expr::Or(parts) => parts.iter().any(|p| eval(p, e)),
        Expr::Not(inner) => !eval(inner, e),
        Expr::Compare(q, op, lit) => {
            let ord = compare_values(&q.value(e), lit);
            match (op, ord) {
                (_, None) => false,
                (Cmp::Eq, Some(o)) => o == Equal,
                (Cmp::Ne, Some(o)) => o != Equal,
                (Cmp::Lt, Some(o)) => o == Less,
                (Cmp::Le, Some(o)) => o != Greater,
                (Cmp::Gt, Some(o)) => o == Greater,
                (Cmp::Ge, Some(o)) => o != Less,
            }
        }
        Expr::In(q, list) => {
            let v = q.value(e);
            list.iter().any(|l| compare_values(&v, l) == Some(Equal))
        }
        Expr::Like(q, pattern) => match q.value(e) {
            Value::Str(s) => like(s, pattern),
            Value::Int(n) => like(&n.to_string(), pattern),
            Value::Date(d) => like(&d.to_string(), pattern),
            Value::Null => false,
        },
        Expr::Between(q, lo, hi) => {
            let v = q.value(e);
            compare_values(&v, lo).is_some_and(|o| o != Less)
                && compare_values(&v, hi).is_some_and(|o| o != Greater)
        }
        Expr::IsNull(q) => matches!(q.value(e), Value::Null),
        Expr::InPolygon(ring) => in_polygon(ring, e.lon, e.lat),
        Expr::InBox(b) => b.contains(e.lon, e.lat),
        Expr::During(i) => i.contains_day(e.day()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(s: &str) -> String {
        parse(s).expect_err(s).message
    }

    #[test]
    fn comparisons_lists_patterns_and_logic_parse_into_a_plan() {
        let f = parse("fatalities > 0 AND event_type IN ('Battles', 'Riots')").expect("parses");
        assert!(matches!(f.plan, Expr::And(ref p) if p.len() == 2));
        let f = parse("NOT (actor1 LIKE 'Islamic%' OR location IS NULL)").expect("parses");
        assert!(matches!(f.plan, Expr::Not(_)));
        let f = parse("\"fatalities\" BETWEEN 1 AND 10").expect("parses");
        assert!(matches!(f.plan, Expr::Between(..)));
    }

    #[test]
    fn boxes_and_dates_are_lifted_for_the_index() {
        let f = parse(
            "S_INTERSECTS(geometry, BBOX(35, 32, 42, 37)) AND event_date >= '2024-01-01' \
             AND T_INTERSECTS(event_date, INTERVAL('..', '2024-06-30'))",
        )
        .expect("parses");
        assert!(f.bbox.is_some());
        assert_eq!(f.dates.start, NaiveDate::from_ymd_opt(2024, 1, 1));
        assert_eq!(f.dates.end, NaiveDate::from_ymd_opt(2024, 6, 30));
        // under an OR nothing can be lifted
        let f = parse("S_INTERSECTS(geometry, BBOX(35,32,42,37)) OR fatalities > 5").expect("ok");
        assert!(f.bbox.is_none());
    }

    #[test]
    fn bad_filters_say_what_is_wrong() {
        assert!(bad("colour = 'red'").contains("not a queryable"));
        assert!(bad("fatalities > 'many'").contains("fatalities"));
        assert!(bad("fatalities >").contains("expected a value"));
        assert!(bad("fatalities > 1 AND").contains("expected a property"));
        assert!(bad("location = 'x").contains("not closed"));
        assert!(bad("(fatalities > 1").contains("expected \")\""));
        assert!(bad("fatalities > 1 fatalities").contains("unexpected"));
        assert!(bad(&"(".repeat(100)).contains("nested"));
        assert!(bad("S_INTERSECTS(geometry, BBOX(1,2,3))").contains("BBOX"));
        assert!(
            bad("T_INTERSECTS(event_date, INTERVAL('2024-02-01','2024-01-01'))")
                .contains("ends before")
        );
        assert!(bad("event_date > DATE('yesterday')").contains("not a date"));
    }

    proptest::proptest! {
        /// Any text, and any sequence of the grammar's own words, parses or is refused: never
        /// a panic, never a stack overflow.
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_grammar_soup(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "fatalities", "event_date", "event_type", "(", ")", ",", "AND", "OR", "NOT",
                "IN", "LIKE", "BETWEEN", "IS", "NULL", "=", "<>", "<=", ">", "'x'", "'2024-01-01'",
                "3", "-1.5e3", "S_INTERSECTS", "BBOX", "POLYGON", "geometry", "T_INTERSECTS",
                "INTERVAL", "DATE", "'..'", "\"", "'",
            ]),
            0..60,
        )) {
            let _ = parse(&words.join(" "));
        }
    }

    #[test]
    fn like_patterns() {
        assert!(like("Islamic State", "islamic%"));
        assert!(like("SDF", "S_F"));
        assert!(!like("SDF", "S_"));
        assert!(like("anything", "%"));
        assert!(!like("abc", "%d%"));
    }

    #[test]
    fn polygons_contain_by_even_odd() {
        let square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
        assert!(in_polygon(&square, 5.0, 5.0));
        assert!(!in_polygon(&square, 15.0, 5.0));
        assert!(in_polygon(&square, 10.0, 5.0), "the boundary intersects");
    }
}
