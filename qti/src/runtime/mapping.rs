//! `mapping`, `areaMapping`, shapes (`inside`, `areaMapEntry`), `matchTable` and
//! `interpolationTable`, compiled once per item.

use serde::{Deserialize, Serialize};

use crate::declarations::{AreaMapping, LookupTable, Mapping};
use crate::value::{BaseType, Coords, Point, Shape, SingleValue, Value};

use super::values::single_eq;

/// A compiled `mapping`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompiledMapping {
    lower_bound: Option<f64>,
    upper_bound: Option<f64>,
    default_value: f64,
    /// Key, mapped value, case sensitive.
    entries: Vec<(SingleValue, f64, bool)>,
}

fn clamp(v: f64, lower: Option<f64>, upper: Option<f64>) -> f64 {
    let mut r = v;
    if let Some(l) = lower {
        r = r.max(l);
    }
    if let Some(u) = upper {
        r = r.min(u);
    }
    r
}

impl CompiledMapping {
    /// Compiles a mapping for responses of `base_type`; the keys that do not parse are returned
    /// as text in the error list.
    pub fn new(m: &Mapping, base_type: BaseType) -> (Self, Vec<String>) {
        let mut bad = Vec::new();
        let entries = m
            .entries
            .iter()
            .filter_map(
                |e| match super::values::parse_lenient(base_type, &e.map_key) {
                    Some((k, _)) => {
                        Some((k, e.mapped_value.get(), e.case_sensitive.unwrap_or(true)))
                    }
                    None => {
                        bad.push(e.map_key.clone());
                        None
                    }
                },
            )
            .collect();
        (
            Self {
                lower_bound: m.lower_bound.as_ref().map(crate::value::Float::get),
                upper_bound: m.upper_bound.as_ref().map(crate::value::Float::get),
                default_value: m.effective_default(),
                entries,
            },
            bad,
        )
    }

    fn lookup(&self, v: &SingleValue) -> Option<(usize, f64)> {
        self.entries
            .iter()
            .enumerate()
            .find_map(|(i, (k, mv, cs))| {
                let hit = if *cs {
                    single_eq(k, v)
                } else {
                    match (k, v) {
                        (SingleValue::String(a), SingleValue::String(b)) => {
                            a.to_lowercase() == b.to_lowercase()
                        }
                        _ => single_eq(k, v),
                    }
                };
                hit.then_some((i, *mv))
            })
    }

    /// `mapResponse` of a value. NULL maps to the default value (then bounded); a single value
    /// to its entry's value or the default; a container to the sum over its *distinct* values
    /// (each distinct value counted once, each entry used once), values without an entry
    /// adding the default once per distinct value; the bounds apply to the result.
    pub fn map(&self, v: &Value) -> f64 {
        let raw = match v {
            Value::Single(s) => self.lookup(s).map_or(self.default_value, |(_, m)| m),
            Value::Multiple(xs) | Value::Ordered(xs) if !xs.is_empty() => {
                // Entries used so far: a bit set on the stack for up to 64 entries.
                let mut small: u64 = 0;
                let mut large: Vec<bool> = Vec::new();
                if self.entries.len() > 64 {
                    large = vec![false; self.entries.len()];
                }
                let mut sum = 0.0;
                for (i, x) in xs.iter().enumerate() {
                    if xs[..i].iter().any(|p| single_eq(p, x)) {
                        continue;
                    }
                    match self.lookup(x) {
                        Some((e, m)) => {
                            let fresh = if let Some(u) = large.get_mut(e) {
                                !std::mem::replace(u, true)
                            } else {
                                let bit = 1u64 << (e % 64);
                                let fresh = small & bit == 0;
                                small |= bit;
                                fresh
                            };
                            if fresh {
                                sum += m;
                            }
                        }
                        None => sum += self.default_value,
                    }
                }
                sum
            }
            _ => self.default_value,
        };
        clamp(raw, self.lower_bound, self.upper_bound)
    }

    /// The largest value `map` can produce for a container response (for the maximum score
    /// checks of tests): the sum of positive entries, bounded.
    pub fn max_container(&self) -> f64 {
        let s: f64 = self.entries.iter().map(|e| e.1.max(0.0)).sum();
        clamp(s, self.lower_bound, self.upper_bound)
    }
}

/// A compiled shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CompiledShape {
    /// The whole plane.
    Default,
    /// Centre and radius.
    Circle(f64, f64, f64),
    /// Left, top, right, bottom.
    Rect(f64, f64, f64, f64),
    /// Centre and radii.
    Ellipse(f64, f64, f64, f64),
    /// Vertices.
    Poly(Vec<(f64, f64)>),
}

impl CompiledShape {
    /// Compiles a shape; `None` when the coordinates do not fit it.
    pub fn new(shape: Shape, coords: &Coords) -> Option<Self> {
        if shape == Shape::Default {
            return Some(Self::Default);
        }
        let c = coords.values()?;
        Some(match (shape, c.as_slice()) {
            (Shape::Circle, [x, y, r]) => Self::Circle(*x, *y, *r),
            (Shape::Rect, [l, t, r, b]) => Self::Rect(l.min(*r), t.min(*b), l.max(*r), t.max(*b)),
            (Shape::Ellipse, [x, y, h, v]) => Self::Ellipse(*x, *y, *h, *v),
            (Shape::Poly, c) if c.len() >= 6 && c.len() % 2 == 0 => {
                Self::Poly(c.chunks_exact(2).map(|p| (p[0], p[1])).collect())
            }
            _ => return None,
        })
    }

    /// Whether a point is inside (boundaries included for circles, rectangles and ellipses;
    /// polygons use the even-odd rule with points on an edge counted inside).
    #[allow(clippy::cast_precision_loss, reason = "pixel coordinates")]
    pub fn contains(&self, p: Point) -> bool {
        let (x, y) = (p.x as f64, p.y as f64);
        match self {
            Self::Default => true,
            Self::Circle(cx, cy, r) => (x - cx).powi(2) + (y - cy).powi(2) <= r * r,
            // In either corner order (the variant is public and serialisable; `new` orders it).
            Self::Rect(l, t, r, b) => {
                x >= l.min(*r) && x <= l.max(*r) && y >= t.min(*b) && y <= t.max(*b)
            }
            Self::Ellipse(cx, cy, h, v) => {
                if *h == 0.0 || *v == 0.0 {
                    return false;
                }
                ((x - cx) / h).powi(2) + ((y - cy) / v).powi(2) <= 1.0
            }
            Self::Poly(pts) => {
                let n = pts.len();
                let mut inside = false;
                // A polygon without vertices (only constructible directly) contains nothing.
                let Some(mut j) = n.checked_sub(1) else {
                    return false;
                };
                for i in 0..n {
                    let (xi, yi) = pts[i];
                    let (xj, yj) = pts[j];
                    // On the edge?
                    let cross = (x - xi) * (yj - yi) - (y - yi) * (xj - xi);
                    if cross.abs() < 1e-9
                        && x >= xi.min(xj)
                        && x <= xi.max(xj)
                        && y >= yi.min(yj)
                        && y <= yi.max(yj)
                    {
                        return true;
                    }
                    if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                        inside = !inside;
                    }
                    j = i;
                }
                inside
            }
        }
    }
}

/// A compiled `areaMapping`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompiledAreaMapping {
    lower_bound: Option<f64>,
    upper_bound: Option<f64>,
    default_value: f64,
    entries: Vec<(CompiledShape, f64)>,
}

impl CompiledAreaMapping {
    /// Compiles an area mapping; returns the indices of entries whose coordinates are invalid.
    pub fn new(m: &AreaMapping) -> (Self, Vec<usize>) {
        let mut bad = Vec::new();
        let entries = m
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match CompiledShape::new(e.shape, &e.coords) {
                Some(s) => Some((s, e.mapped_value.get())),
                None => {
                    bad.push(i);
                    None
                }
            })
            .collect();
        (
            Self {
                lower_bound: m.lower_bound.as_ref().map(crate::value::Float::get),
                upper_bound: m.upper_bound.as_ref().map(crate::value::Float::get),
                default_value: m
                    .default_value
                    .as_ref()
                    .map_or(0.0, crate::value::Float::get),
                entries,
            },
            bad,
        )
    }

    fn area_of(&self, p: Point) -> Option<usize> {
        self.entries.iter().position(|(s, _)| s.contains(p))
    }

    /// `mapResponsePoint`: each point falls in the first area (in document order) containing
    /// it; each area counts once however many points fall in it; each point in no area adds
    /// the default value; NULL gives the default value; the bounds apply to the result.
    pub fn map(&self, v: &Value) -> f64 {
        let points: &[SingleValue] = match v {
            Value::Single(s) => std::slice::from_ref(s),
            Value::Multiple(x) | Value::Ordered(x) => x,
            _ => &[],
        };
        let raw = if points.is_empty() {
            self.default_value
        } else {
            let mut used = vec![false; self.entries.len()];
            let mut sum = 0.0;
            for p in points {
                let SingleValue::Point(p) = p else {
                    sum += self.default_value;
                    continue;
                };
                match self.area_of(*p) {
                    Some(a) => {
                        if !used[a] {
                            used[a] = true;
                            sum += self.entries[a].1;
                        }
                    }
                    None => sum += self.default_value,
                }
            }
            sum
        };
        clamp(raw, self.lower_bound, self.upper_bound)
    }
}

/// A compiled `matchTable` / `interpolationTable`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CompiledLookup {
    /// `matchTable`: integer source to value.
    Match {
        /// Source and target.
        entries: Vec<(i64, SingleValue)>,
        /// The default (NULL when absent).
        default: Value,
    },
    /// `interpolationTable`: the first entry whose source value is ≤ the input (< when
    /// `includeBoundary` is false), in document order.
    Interpolation {
        /// Source, include boundary, target.
        entries: Vec<(f64, bool, SingleValue)>,
        /// The default (NULL when absent).
        default: Value,
    },
}

impl CompiledLookup {
    /// Compiles a table for an outcome of `base_type`; target values that do not parse are
    /// returned as text.
    pub fn new(t: &LookupTable, base_type: BaseType) -> (Self, Vec<String>) {
        let mut bad = Vec::new();
        let mut parse = |s: &str| match SingleValue::parse(base_type, s) {
            Ok(v) => Some(v),
            Err(_) => {
                bad.push(s.to_owned());
                None
            }
        };
        let table = match t {
            LookupTable::MatchTable {
                default_value,
                entries,
                ..
            } => Self::Match {
                entries: entries
                    .iter()
                    .filter_map(|e| parse(&e.target_value).map(|v| (e.source_value, v)))
                    .collect(),
                default: default_value
                    .as_deref()
                    .and_then(&mut parse)
                    .map_or(Value::Null, Value::Single),
            },
            LookupTable::InterpolationTable {
                default_value,
                entries,
                ..
            } => Self::Interpolation {
                entries: entries
                    .iter()
                    .filter_map(|e| {
                        parse(&e.target_value)
                            .map(|v| (e.source_value.get(), e.include_boundary.unwrap_or(true), v))
                    })
                    .collect(),
                default: default_value
                    .as_deref()
                    .and_then(&mut parse)
                    .map_or(Value::Null, Value::Single),
            },
        };
        (table, bad)
    }

    /// Looks a source value up. NULL or a value of the wrong type gives the default; a
    /// `matchTable` takes an integer (or an integral float); an `interpolationTable` any
    /// number.
    pub fn lookup(&self, v: &Value) -> Value {
        let n = match v {
            Value::Single(s) => super::values::as_number(s),
            _ => None,
        };
        match self {
            Self::Match { entries, default } => {
                let Some(k) = n.and_then(super::values::float_to_int) else {
                    return default.clone();
                };
                entries
                    .iter()
                    .find(|(s, _)| *s == k)
                    .map_or_else(|| default.clone(), |(_, t)| Value::Single(t.clone()))
            }
            Self::Interpolation { entries, default } => {
                let Some(x) = n else {
                    return default.clone();
                };
                entries
                    .iter()
                    .find(|(s, incl, _)| if *incl { *s <= x } else { *s < x })
                    .map_or_else(|| default.clone(), |(_, _, t)| Value::Single(t.clone()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declarations::{AreaMapEntry, MapEntry};
    use lti_core::xml::Span;

    #[test]
    fn shapes_built_directly_or_read_through_serde_do_not_panic() {
        let p = Point { x: 5, y: 5 };
        // An empty polygon contains nothing (it used to subtract 1 from 0).
        assert!(!CompiledShape::Poly(Vec::new()).contains(p));
        let empty: CompiledShape = serde_json::from_str(r#"{"Poly":[]}"#).unwrap();
        assert!(!empty.contains(p));
        // A rectangle's corners in either order.
        assert!(CompiledShape::Rect(10.0, 10.0, 0.0, 0.0).contains(p));
        assert!(CompiledShape::Rect(0.0, 0.0, 10.0, 10.0).contains(p));
        assert!(!CompiledShape::Rect(10.0, 10.0, 6.0, 6.0).contains(p));
    }

    fn entry(k: &str, v: f64, cs: Option<bool>) -> MapEntry {
        MapEntry {
            map_key: k.into(),
            mapped_value: v.into(),
            case_sensitive: cs,
            other_attributes: Vec::new(),
            span: Span::default(),
        }
    }

    fn id(s: &str) -> SingleValue {
        SingleValue::Identifier(s.into())
    }

    #[test]
    fn mapping_spec_example() {
        // Spec example: {A,B,C,D} -> {0,1,0.5,0}; C -> 0.5; {C,B} -> 1.5; {B,B,C} -> 1.5.
        let m = Mapping {
            entries: vec![
                entry("A", 0.0, None),
                entry("B", 1.0, None),
                entry("C", 0.5, None),
                entry("D", 0.0, None),
            ],
            ..Mapping::default()
        };
        let (c, bad) = CompiledMapping::new(&m, BaseType::Identifier);
        assert!(bad.is_empty());
        assert_eq!(c.map(&Value::Single(id("C"))), 0.5);
        assert_eq!(c.map(&Value::Multiple(vec![id("C"), id("B")])), 1.5);
        assert_eq!(
            c.map(&Value::Multiple(vec![id("B"), id("B"), id("C")])),
            1.5
        );
        assert_eq!(c.map(&Value::Null), 0.0);
    }

    #[test]
    fn mapping_bounds_default_case() {
        let m = Mapping {
            lower_bound: Some(0.0.into()),
            upper_bound: Some(2.0.into()),
            default_value: Some((-1.0).into()),
            entries: vec![entry("paris", 2.0, Some(false)), entry("Lyon", 1.5, None)],
            ..Mapping::default()
        };
        let (c, _) = CompiledMapping::new(&m, BaseType::String);
        let s = |t: &str| SingleValue::String(t.into());
        assert_eq!(c.map(&Value::Single(s("PARIS"))), 2.0);
        assert_eq!(
            c.map(&Value::Single(s("lyon"))),
            0.0,
            "case sensitive: default -1, bounded to 0"
        );
        assert_eq!(
            c.map(&Value::Multiple(vec![s("Paris"), s("Lyon")])),
            2.0,
            "3.5 bounded to 2"
        );
        assert_eq!(c.map(&Value::Null), 0.0);
    }

    #[test]
    fn shapes_and_area_mapping() {
        let p = |x, y| Point::new(x, y);
        let rect = CompiledShape::new(Shape::Rect, &Coords("0,0,10,10".into())).unwrap();
        assert!(rect.contains(p(10, 10)) && !rect.contains(p(11, 5)));
        let circ = CompiledShape::new(Shape::Circle, &Coords("5,5,5".into())).unwrap();
        assert!(circ.contains(p(5, 10)) && !circ.contains(p(9, 9)));
        let poly = CompiledShape::new(Shape::Poly, &Coords("0,0,10,0,0,10".into())).unwrap();
        assert!(poly.contains(p(2, 2)) && !poly.contains(p(8, 8)) && poly.contains(p(5, 5)));
        let ell = CompiledShape::new(Shape::Ellipse, &Coords("0,0,4,2".into())).unwrap();
        assert!(ell.contains(p(4, 0)) && !ell.contains(p(0, 3)));
        assert!(CompiledShape::new(Shape::Circle, &Coords("1,2".into())).is_none());
        let am = AreaMapping {
            default_value: Some(0.5.into()),
            upper_bound: Some(3.0.into()),
            entries: vec![
                AreaMapEntry {
                    shape: Shape::Rect,
                    coords: Coords("0,0,10,10".into()),
                    mapped_value: 1.0.into(),
                    other_attributes: vec![],
                    span: Span::default(),
                },
                AreaMapEntry {
                    shape: Shape::Circle,
                    coords: Coords("5,5,20".into()),
                    mapped_value: 2.0.into(),
                    other_attributes: vec![],
                    span: Span::default(),
                },
            ],
            ..AreaMapping::default()
        };
        let (c, bad) = CompiledAreaMapping::new(&am);
        assert!(bad.is_empty());
        let pt = |x, y| SingleValue::Point(p(x, y));
        assert_eq!(
            c.map(&Value::Single(pt(1, 1))),
            1.0,
            "first area wins on overlap"
        );
        assert_eq!(
            c.map(&Value::Multiple(vec![pt(1, 1), pt(2, 2)])),
            1.0,
            "area counted once"
        );
        assert_eq!(
            c.map(&Value::Multiple(vec![pt(1, 1), pt(15, 15), pt(100, 100)])),
            3.0,
            "1+2+0.5 bounded to 3"
        );
        assert_eq!(c.map(&Value::Null), 0.5);
    }
}
