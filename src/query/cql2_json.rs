//! CQL2 JSON filters (`filter-lang=cql2-json`, OGC 21-065 §8) into the same typed plan as the
//! text encoding ([`super::cql2`]): `{"op": …, "args": […]}` trees of `and`, `or`, `not`, the
//! comparisons, `like`, `between`, `in`, `isNull`, `s_intersects` with a `{"bbox": […]}` or a
//! GeoJSON Point or Polygon, and the temporal operators on `event_date` with `{"date": …}`,
//! `{"timestamp": …}` or `{"interval": [a, b]}`. Properties are `{"property": name}`; a
//! comparison may name it on either side.
//!
//! serde_json reads the JSON; the walk from its values to the plan is by hand for the same
//! reason as the text parser: no maintained crate turns CQL2 into a plan one can check.

use chrono::NaiveDate;
use serde_json::Value;

use super::cql2::{
    bbox_plan, date_of, err, point_plan, polygon_plan, temporal_plan, Cmp, Expr, Filter, Literal,
    MAX_FILTER_LEN,
};
use super::queryables::Queryable;
use super::QueryError;

/// Deepest nesting of operators accepted.
const MAX_DEPTH: usize = 64;

/// Parses a CQL2 JSON filter.
pub fn parse(s: &str) -> Result<Filter, QueryError> {
    if s.len() > MAX_FILTER_LEN {
        return Err(err(format!("longer than {MAX_FILTER_LEN} bytes")));
    }
    // serde_json refuses nesting beyond 128 on its own, so a deep document cannot overflow
    // the stack while it is read
    let doc: Value = serde_json::from_str(s).map_err(|e| err(format!("not CQL2 JSON: {e}")))?;
    Ok(Filter::of_plan(expr(&doc, 0)?))
}

/// One operator node: its name (lower case) and its arguments.
fn node(v: &Value) -> Result<(String, &[Value]), QueryError> {
    let op = v.get("op").and_then(Value::as_str).ok_or_else(|| {
        err(format!(
            "expected an {{\"op\", \"args\"}} object, not {}",
            short(v)
        ))
    })?;
    let args = v
        .get("args")
        .and_then(Value::as_array)
        .ok_or_else(|| err(format!("{op}: \"args\" must be an array")))?;
    Ok((op.to_ascii_lowercase(), args))
}

/// A value for an error message, cut short.
fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn arity(op: &str, args: &[Value], n: usize) -> Result<(), QueryError> {
    if args.len() == n {
        Ok(())
    } else {
        Err(err(format!("{op} takes {n} arguments, not {}", args.len())))
    }
}

fn expr(v: &Value, depth: usize) -> Result<Expr, QueryError> {
    if depth > MAX_DEPTH {
        return Err(err(format!("nested more than {MAX_DEPTH} deep")));
    }
    let (op, args) = node(v)?;
    let cmp = |c: Cmp| -> Result<Expr, QueryError> {
        arity(&op, args, 2)?;
        // a property on the right reverses the comparison: 5 < fatalities is fatalities > 5
        match (property(&args[0]), property(&args[1])) {
            (Some(q), _) => {
                let q = q?;
                Ok(Expr::Compare(q, c, literal(q, &args[1])?))
            }
            (None, Some(q)) => {
                let q = q?;
                let flipped = match c {
                    Cmp::Lt => Cmp::Gt,
                    Cmp::Le => Cmp::Ge,
                    Cmp::Gt => Cmp::Lt,
                    Cmp::Ge => Cmp::Le,
                    same => same,
                };
                Ok(Expr::Compare(q, flipped, literal(q, &args[0])?))
            }
            (None, None) => Err(err(format!("{op} compares a property with a value"))),
        }
    };
    match op.as_str() {
        "and" | "or" => {
            if args.len() < 2 {
                return Err(err(format!("{op} takes at least 2 arguments")));
            }
            let parts = args
                .iter()
                .map(|a| expr(a, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if op == "and" {
                Expr::And(parts)
            } else {
                Expr::Or(parts)
            })
        }
        "not" => {
            arity(&op, args, 1)?;
            Ok(Expr::Not(Box::new(expr(&args[0], depth + 1)?)))
        }
        "=" => cmp(Cmp::Eq),
        "<>" => cmp(Cmp::Ne),
        "<" => cmp(Cmp::Lt),
        "<=" => cmp(Cmp::Le),
        ">" => cmp(Cmp::Gt),
        ">=" => cmp(Cmp::Ge),
        "like" => {
            arity(&op, args, 2)?;
            let q = required_property(&op, &args[0])?;
            match literal(q, &args[1])? {
                Literal::Str(p) => Ok(Expr::Like(q, p)),
                _ => Err(err("like takes a string pattern")),
            }
        }
        "between" => {
            arity(&op, args, 3)?;
            let q = required_property(&op, &args[0])?;
            Ok(Expr::Between(q, literal(q, &args[1])?, literal(q, &args[2])?))
        }
        "in" => {
            arity(&op, args, 2)?;
            let q = required_property(&op, &args[0])?;
            let list = args[1]
                .as_array()
                .filter(|l| !l.is_empty())
                .ok_or_else(|| err("in takes a property and a non-empty array of values"))?;
            Ok(Expr::In(
                q,
                list.iter()
                    .map(|l| literal(q, l))
                    .collect::<Result<_, _>>()?,
            ))
        }
        "isnull" => {
            arity(&op, args, 1)?;
            Ok(Expr::IsNull(required_property(&op, &args[0])?))
        }
        "s_intersects" | "s_within" => {
            arity(&op, args, 2)?;
            let named = args[0].get("property").and_then(Value::as_str);
            if !matches!(named, Some("geometry" | "geom")) {
                return Err(err(format!("{op}: the spatial property is geometry")));
            }
            spatial(&args[1])
        }
        "t_intersects" | "t_during" | "t_within" | "t_equals" | "t_after" | "t_before" => {
            arity(&op, args, 2)?;
            if required_property(&op, &args[0])? != Queryable::EventDate {
                return Err(err(format!("{op} applies to event_date")));
            }
            let (start, end) = instant_or_interval(&args[1])?;
            temporal_plan(&op.to_ascii_uppercase(), start, end)
        }
        other => Err(err(format!(
            "{other:?} is not an operator of this server's CQL2 (and, or, not, =, <>, <, <=, >, >=, like, between, in, isNull, s_intersects, t_intersects, t_during, t_after, t_before)"
        ))),
    }
}

/// `{"property": name}` as a queryable; `None` when the value is no property reference.
fn property(v: &Value) -> Option<Result<Queryable, QueryError>> {
    let name = v.get("property")?.as_str()?;
    Some(Queryable::named(name).ok_or_else(|| {
        err(format!(
            "{name:?} is not a queryable (see /collections/events/queryables): {}",
            Queryable::names().join(", ")
        ))
    }))
}

fn required_property(op: &str, v: &Value) -> Result<Queryable, QueryError> {
    property(v).unwrap_or_else(|| {
        Err(err(format!(
            "{op}: its first argument is {{\"property\": name}}"
        )))
    })
}

/// A literal, typed as the queryable wants it.
fn literal(q: Queryable, v: &Value) -> Result<Literal, QueryError> {
    let lit = match v {
        Value::String(s) => Literal::Str(s.clone()),
        Value::Number(n) => Literal::Num(
            n.as_f64()
                .ok_or_else(|| err(format!("{n} is not a number this server reads")))?,
        ),
        Value::Object(o) => match (o.get("date"), o.get("timestamp")) {
            (Some(Value::String(d)), _) | (_, Some(Value::String(d))) => Literal::Date(date_of(d)?),
            _ => return Err(err(format!("expected a value, not {}", short(v)))),
        },
        _ => return Err(err(format!("expected a value, not {}", short(v)))),
    };
    q.check_literal(lit).map_err(err)
}

/// A temporal argument: `{"date"}`, `{"timestamp"}` (one day) or `{"interval": [a, b]}`
/// (`".."` open).
fn instant_or_interval(v: &Value) -> Result<(Option<NaiveDate>, Option<NaiveDate>), QueryError> {
    if let Some(bounds) = v.get("interval") {
        let pair = bounds
            .as_array()
            .filter(|b| b.len() == 2)
            .ok_or_else(|| err("an interval is an array of 2 dates"))?;
        let bound = |b: &Value| -> Result<Option<NaiveDate>, QueryError> {
            match b {
                Value::String(s) if s == ".." || s.is_empty() => Ok(None),
                Value::String(s) => date_of(s).map(Some),
                other => match literal(Queryable::EventDate, other)? {
                    Literal::Date(d) => Ok(Some(d)),
                    _ => Err(err("an interval's bounds are dates")),
                },
            }
        };
        return Ok((bound(&pair[0])?, bound(&pair[1])?));
    }
    match literal(Queryable::EventDate, v)? {
        Literal::Date(d) => Ok((Some(d), Some(d))),
        _ => Err(err(
            "expected {\"date\"}, {\"timestamp\"} or {\"interval\"}",
        )),
    }
}

/// The geometry of `s_intersects`: `{"bbox": [4 or 6 numbers]}`, or a GeoJSON Point or
/// Polygon (one ring).
fn spatial(v: &Value) -> Result<Expr, QueryError> {
    let numbers =
        |v: &Value| -> Option<Vec<f64>> { v.as_array()?.iter().map(Value::as_f64).collect() };
    if let Some(b) = v.get("bbox") {
        let n = numbers(b).ok_or_else(|| err("bbox: takes 4 or 6 numbers"))?;
        return bbox_plan(&n);
    }
    let coords = v.get("coordinates");
    match v.get("type").and_then(Value::as_str) {
        Some("Point") => match coords.and_then(numbers).as_deref() {
            Some([lon, lat]) => point_plan(*lon, *lat),
            _ => Err(err("Point: coordinates are [lon, lat]")),
        },
        Some("Polygon") => {
            let rings = coords
                .and_then(Value::as_array)
                .ok_or_else(|| err("Polygon: coordinates are an array of rings"))?;
            if rings.len() != 1 {
                return Err(err("POLYGON: only one ring (no holes) is supported"));
            }
            let ring = rings[0]
                .as_array()
                .and_then(|r| {
                    r.iter()
                        .map(|p| match numbers(p).as_deref() {
                            Some([lon, lat]) => Some((*lon, *lat)),
                            _ => None,
                        })
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| err("Polygon: a ring is an array of [lon, lat]"))?;
            polygon_plan(ring)
        }
        _ => Err(err(
            "s_intersects takes {\"bbox\": […]} or a GeoJSON Point or Polygon",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any soup of CQL2 JSON's pieces parses or is refused; never a panic.
        #[test]
        fn never_panics_on_json_soup(parts in prop::collection::vec(prop::sample::select(vec![
            "{", "}", "[", "]", ",", ":", "\"op\"", "\"args\"", "\"and\"", "\"not\"", "\"=\"",
            "\"in\"", "\"between\"", "\"like\"", "\"isNull\"", "\"s_intersects\"",
            "\"t_after\"", "\"property\"", "\"fatalities\"", "\"event_date\"",
            "\"geometry\"", "\"bbox\"", "\"interval\"", "\"date\"", "\"..\"", "\"type\"",
            "\"Polygon\"", "\"Point\"", "\"coordinates\"", "1", "-200", "1e308", "\"2024-01-01\"",
            "null", "true",
        ]), 0..60)) {
            let _ = parse(&parts.concat());
        }
    }

    /// Each JSON filter gives the plan of its text twin.
    #[test]
    fn json_filters_plan_as_their_text_twins() {
        let pairs = [
            (
                r#"{"op":"and","args":[{"op":">=","args":[{"property":"fatalities"},3]},{"op":"=","args":[{"property":"event_type"},"Battles"]}]}"#,
                "fatalities >= 3 AND event_type = 'Battles'",
            ),
            (
                r#"{"op":"<","args":[5,{"property":"fatalities"}]}"#,
                "fatalities > 5",
            ),
            (
                r#"{"op":"not","args":[{"op":"in","args":[{"property":"country_code"},["SY","IQ"]]}]}"#,
                "NOT country_code IN ('SY', 'IQ')",
            ),
            (
                r#"{"op":"like","args":[{"property":"location"},"Deir%"]}"#,
                "location LIKE 'Deir%'",
            ),
            (
                r#"{"op":"between","args":[{"property":"fatalities"},1,4]}"#,
                "fatalities BETWEEN 1 AND 4",
            ),
            (
                r#"{"op":"isNull","args":[{"property":"geonameid"}]}"#,
                "geonameid IS NULL",
            ),
            (
                r#"{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[35,32,42,37]}]}"#,
                "S_INTERSECTS(geometry, BBOX(35, 32, 42, 37))",
            ),
            (
                r#"{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[35,32],[42,32],[42,37],[35,32]]]}]}"#,
                "S_INTERSECTS(geometry, POLYGON((35 32, 42 32, 42 37, 35 32)))",
            ),
            (
                r#"{"op":"t_during","args":[{"property":"event_date"},{"interval":["2024-01-01",".."]}]}"#,
                "T_DURING(event_date, INTERVAL('2024-01-01', '..'))",
            ),
            (
                r#"{"op":"t_after","args":[{"property":"event_date"},{"date":"2024-03-01"}]}"#,
                "T_AFTER(event_date, DATE('2024-03-01'))",
            ),
        ];
        for (json, text) in pairs {
            let from_json = parse(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            let from_text = super::super::cql2::parse(text).expect(text);
            assert_eq!(from_json, from_text, "{json}");
        }
    }

    #[test]
    fn bad_json_filters_say_what_is_wrong() {
        for (json, says) in [
            ("{", "not CQL2 JSON"),
            (r#"{"op":"="}"#, "args"),
            (r#"{"op":"~","args":[]}"#, "not an operator"),
            (
                r#"{"op":"=","args":[{"property":"colour"},"red"]}"#,
                "not a queryable",
            ),
            (r#"{"op":"=","args":[1,2]}"#, "compares a property"),
            (
                r#"{"op":">","args":[{"property":"fatalities"},"many"]}"#,
                "numbers",
            ),
            (
                r#"{"op":"and","args":[{"op":"isNull","args":[{"property":"actor1"}]}]}"#,
                "at least 2",
            ),
        ] {
            let e = parse(json).expect_err(json);
            assert_eq!(e.parameter, "filter");
            assert!(e.message.contains(says), "{json}: {e}");
        }
        let deep = format!(
            "{}{}{}",
            r#"{"op":"not","args":["#.repeat(70),
            r#"{"op":"isNull","args":[{"property":"actor1"}]}"#,
            "]}".repeat(70)
        );
        assert!(parse(&deep).is_err());
    }
}
