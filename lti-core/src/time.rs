//! Dates, date-times and durations: ISO 8601 / RFC 3339 on chrono, strict and lenient.
//!
//! - [`parse_datetime`]: strict RFC 3339 (`2024-05-01T10:15:00Z`, `2024-05-01T12:15:00.5+02:00`).
//! - [`parse_datetime_lenient`]: also accepts what real exports write (a space or lowercase `t`
//!   as separator, missing seconds, a missing offset taken as UTC, `+0200` / `+02` offsets, a
//!   comma before the fraction), returning each [`Deviation`] so callers can warn.
//! - [`format_caliper`] / [`is_caliper_form`]: the exact Caliper form, UTC with milliseconds and
//!   `Z` (`2016-11-15T10:15:00.000Z`).
//! - [`parse_date`] / [`parse_date_lenient`]: calendar dates (`YYYY-MM-DD`).
//! - [`IsoDuration`]: ISO 8601 durations (`P1Y2M3DT4H5M6.5S`, `P2W`, `-PT1M`) that keep their
//!   components for lossless output.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::problem::Problem;

/// Why a date, date-time or duration was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The text does not have the expected syntax.
    #[error("{value:?} is not a valid {expected}")]
    Syntax {
        /// The rejected text.
        value: String,
        /// What was expected, for example `RFC 3339 date-time`.
        expected: &'static str,
    },
    /// The syntax is right but a field is out of range (month 13, 30 February, hour 25…).
    #[error("{value:?} is out of range for a {expected}")]
    OutOfRange {
        /// The rejected text.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
}

impl TimeError {
    /// The stable problem code (`time.syntax`, `time.out-of-range`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Syntax { .. } => "time.syntax",
            Self::OutOfRange { .. } => "time.out-of-range",
        }
    }

    /// This error as an error-severity [`Problem`] (without location).
    pub fn to_problem(&self) -> Problem {
        Problem::error(self.code(), self.to_string())
    }
}

/// A deviation from the strict form that lenient parsing accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Deviation {
    /// A space (not `T`) separates date and time.
    SpaceSeparator,
    /// Lowercase `t` or `z`.
    Lowercase,
    /// The time has no seconds (`10:15`).
    MissingSeconds,
    /// No UTC offset; the value was taken as UTC.
    MissingOffset,
    /// An offset without colon (`+0200`) or without minutes (`+02`).
    OffsetForm,
    /// A comma before the fractional seconds.
    CommaFraction,
    /// A date with month or day not padded to two digits (`2023-1-5`).
    UnpaddedDate,
    /// A date in basic form without hyphens (`20230105`).
    BasicDate,
    /// A date-time given where a date was expected; the time part was ignored.
    DateTimeForDate,
    /// A duration using a week component together with others, or lowercase designators.
    DurationForm,
}

impl Deviation {
    /// Short description for messages.
    pub const fn describe(self) -> &'static str {
        match self {
            Self::SpaceSeparator => "a space instead of 'T' between date and time",
            Self::Lowercase => "lowercase 't' or 'z'",
            Self::MissingSeconds => "no seconds",
            Self::MissingOffset => "no UTC offset (taken as UTC)",
            Self::OffsetForm => "an offset not in ±hh:mm form",
            Self::CommaFraction => "a comma before the fraction",
            Self::UnpaddedDate => "month or day not padded to two digits",
            Self::BasicDate => "a date without hyphens",
            Self::DateTimeForDate => "a date-time where a date was expected (time ignored)",
            Self::DurationForm => "a duration form outside xs:duration",
        }
    }

    /// A warning problem (`time.lenient`) describing this deviation for `value`.
    pub fn to_problem(self, value: &str) -> Problem {
        Problem::warning(
            "time.lenient",
            format!("{value:?} was accepted leniently: {}", self.describe()),
        )
    }
}

const RFC3339: &str = "RFC 3339 date-time";
const DATE: &str = "date (YYYY-MM-DD)";
const DURATION: &str = "ISO 8601 duration";

/// Parses a strict RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
pub fn parse_datetime(value: &str) -> Result<DateTime<FixedOffset>, TimeError> {
    let (dt, dev) = parse_datetime_lenient(value)?;
    if dev.is_empty() {
        Ok(dt)
    } else {
        Err(TimeError::Syntax {
            value: value.to_owned(),
            expected: RFC3339,
        })
    }
}

/// Parses a strict RFC 3339 date-time and converts it to UTC.
pub fn parse_datetime_utc(value: &str) -> Result<DateTime<Utc>, TimeError> {
    parse_datetime(value).map(|d| d.with_timezone(&Utc))
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        let start = self.i;
        let mut v: u32 = 0;
        while self.i < self.s.len() && self.i - start < max && self.s[self.i].is_ascii_digit() {
            v = v * 10 + u32::from(self.s[self.i] - b'0');
            self.i += 1;
        }
        let n = self.i - start;
        (n >= min).then_some((v, n))
    }
    fn eat(&mut self, b: u8) -> bool {
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn done(&self) -> bool {
        self.i == self.s.len()
    }
}

/// Parses an ISO 8601 date-time leniently; returns the value and the deviations from RFC 3339
/// that were accepted (empty when the input is strict RFC 3339).
pub fn parse_datetime_lenient(
    value: &str,
) -> Result<(DateTime<FixedOffset>, Vec<Deviation>), TimeError> {
    let syntax = || TimeError::Syntax {
        value: value.to_owned(),
        expected: RFC3339,
    };
    let range = || TimeError::OutOfRange {
        value: value.to_owned(),
        expected: RFC3339,
    };
    let mut dev = Vec::new();
    let mut c = Cursor {
        s: value.as_bytes(),
        i: 0,
    };
    let (y, _) = c.digits(4, 4).ok_or_else(syntax)?;
    if !c.eat(b'-') {
        return Err(syntax());
    }
    let (mo, _) = c.digits(2, 2).ok_or_else(syntax)?;
    if !c.eat(b'-') {
        return Err(syntax());
    }
    let (d, _) = c.digits(2, 2).ok_or_else(syntax)?;
    match c.peek() {
        Some(b'T') => c.i += 1,
        Some(b't') => {
            c.i += 1;
            dev.push(Deviation::Lowercase);
        }
        Some(b' ') => {
            c.i += 1;
            dev.push(Deviation::SpaceSeparator);
        }
        _ => return Err(syntax()),
    }
    let (h, _) = c.digits(2, 2).ok_or_else(syntax)?;
    if !c.eat(b':') {
        return Err(syntax());
    }
    let (mi, _) = c.digits(2, 2).ok_or_else(syntax)?;
    let mut sec = 0;
    let mut nanos = 0u32;
    if c.eat(b':') {
        sec = c.digits(2, 2).ok_or_else(syntax)?.0;
        let frac = match c.peek() {
            Some(b'.') => true,
            Some(b',') => {
                dev.push(Deviation::CommaFraction);
                true
            }
            _ => false,
        };
        if frac {
            c.i += 1;
            let start = c.i;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.i += 1;
            }
            let digits = &value[start..c.i];
            if digits.is_empty() {
                return Err(syntax());
            }
            let mut n: u32 = 0;
            for (k, b) in digits.bytes().take(9).enumerate() {
                n += u32::from(b - b'0') * 10u32.pow(8 - u32::try_from(k).unwrap_or(8));
            }
            nanos = n;
        }
    } else {
        dev.push(Deviation::MissingSeconds);
    }
    let offset_secs: i32 = match c.peek() {
        None => {
            dev.push(Deviation::MissingOffset);
            0
        }
        Some(b'Z') => {
            c.i += 1;
            0
        }
        Some(b'z') => {
            c.i += 1;
            dev.push(Deviation::Lowercase);
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let (oh, _) = c.digits(2, 2).ok_or_else(syntax)?;
            let om = if c.eat(b':') {
                c.digits(2, 2).ok_or_else(syntax)?.0
            } else if let Some((m, _)) = c.digits(2, 2) {
                dev.push(Deviation::OffsetForm);
                m
            } else {
                dev.push(Deviation::OffsetForm);
                0
            };
            if oh > 23 || om > 59 {
                return Err(range());
            }
            let s = i32::try_from(oh * 3600 + om * 60).map_err(|_| range())?;
            if sign == b'-' { -s } else { s }
        }
        Some(_) => return Err(syntax()),
    };
    if !c.done() {
        return Err(syntax());
    }
    let date =
        NaiveDate::from_ymd_opt(i32::try_from(y).map_err(|_| range())?, mo, d).ok_or_else(range)?;
    // RFC 3339 allows a leap second (60); chrono represents it as 59 + 1e9 nanos.
    let time = if sec == 60 {
        NaiveTime::from_hms_nano_opt(h, mi, 59, 1_000_000_000 + nanos.min(999_999_999))
    } else {
        NaiveTime::from_hms_nano_opt(h, mi, sec, nanos)
    }
    .ok_or_else(range)?;
    let offset = FixedOffset::east_opt(offset_secs).ok_or_else(range)?;
    let naive = NaiveDateTime::new(date, time);
    let dt = naive
        .and_local_timezone(offset)
        .single()
        .ok_or_else(range)?;
    Ok((dt, dev))
}

/// Formats a date-time in the exact Caliper form: UTC, milliseconds, `Z`
/// (`2016-11-15T10:15:00.000Z`). Sub-millisecond digits are truncated.
pub fn format_caliper<Tz: chrono::TimeZone>(dt: &DateTime<Tz>) -> String {
    dt.with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Formats a date-time as RFC 3339 in UTC with `Z`, using as many fractional digits as needed
/// (none, milliseconds, microseconds or nanoseconds).
pub fn format_rfc3339_utc<Tz: chrono::TimeZone>(dt: &DateTime<Tz>) -> String {
    dt.with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Whether `value` is exactly in the Caliper form `YYYY-MM-DDTHH:MM:SS.sssZ` and a valid
/// date-time.
pub fn is_caliper_form(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 24
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'.',
            23 => c == b'Z',
            _ => c.is_ascii_digit(),
        })
        && parse_datetime(value).is_ok()
}

/// Parses a strict calendar date `YYYY-MM-DD`.
pub fn parse_date(value: &str) -> Result<NaiveDate, TimeError> {
    let (d, dev) = parse_date_lenient(value)?;
    if dev.is_empty() {
        Ok(d)
    } else {
        Err(TimeError::Syntax {
            value: value.to_owned(),
            expected: DATE,
        })
    }
}

/// Parses a calendar date leniently: also `YYYY-M-D`, `YYYYMMDD`, and a date-time (its date
/// part). Dates with `/` are rejected: `1/05/2023` is ambiguous between day-first and
/// month-first.
pub fn parse_date_lenient(value: &str) -> Result<(NaiveDate, Vec<Deviation>), TimeError> {
    let syntax = || TimeError::Syntax {
        value: value.to_owned(),
        expected: DATE,
    };
    let range = || TimeError::OutOfRange {
        value: value.to_owned(),
        expected: DATE,
    };
    let mut dev = Vec::new();
    if value.len() > 10
        && value.is_char_boundary(10)
        && matches!(value.as_bytes()[10], b'T' | b't' | b' ')
    {
        let (dt, _) = parse_datetime_lenient(value)?;
        return Ok((dt.date_naive(), vec![Deviation::DateTimeForDate]));
    }
    let mut c = Cursor {
        s: value.as_bytes(),
        i: 0,
    };
    let (y, m, d) = if value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()) {
        dev.push(Deviation::BasicDate);
        let y = c.digits(4, 4).ok_or_else(syntax)?.0;
        let m = c.digits(2, 2).ok_or_else(syntax)?.0;
        let d = c.digits(2, 2).ok_or_else(syntax)?.0;
        (y, m, d)
    } else {
        let (y, _) = c.digits(4, 4).ok_or_else(syntax)?;
        if !c.eat(b'-') {
            return Err(syntax());
        }
        let (m, mn) = c.digits(1, 2).ok_or_else(syntax)?;
        if !c.eat(b'-') {
            return Err(syntax());
        }
        let (d, dn) = c.digits(1, 2).ok_or_else(syntax)?;
        if !c.done() {
            return Err(syntax());
        }
        if mn == 1 || dn == 1 {
            dev.push(Deviation::UnpaddedDate);
        }
        (y, m, d)
    };
    let date =
        NaiveDate::from_ymd_opt(i32::try_from(y).map_err(|_| range())?, m, d).ok_or_else(range)?;
    Ok((date, dev))
}

/// The seconds component of a duration, kept with its exact fractional digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DurationSeconds {
    /// Whole seconds.
    pub whole: u64,
    /// The fractional digits exactly as written (empty when there is no fraction).
    pub fraction: String,
}

impl DurationSeconds {
    /// Whole seconds without fraction.
    pub fn whole(whole: u64) -> Self {
        Self {
            whole,
            fraction: String::new(),
        }
    }

    /// The value as `f64`.
    pub fn as_f64(&self) -> f64 {
        let frac = if self.fraction.is_empty() {
            0.0
        } else {
            format!("0.{}", self.fraction).parse::<f64>().unwrap_or(0.0)
        };
        self.whole as f64 + frac
    }
}

/// An ISO 8601 duration that keeps its components as written, so that output equals input.
///
/// `P1Y2M3DT4H5M6.5S`, `P2W`, `PT0S`, `-P1D`. Years and months have no fixed length: use
/// [`IsoDuration::total_seconds`] (exact, `None` when years or months are present) or
/// [`IsoDuration::approx_seconds`] (a year = 365.2425 days, a month = 1/12 of that).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct IsoDuration {
    /// A leading `-` (allowed by XML Schema `xs:duration`).
    pub negative: bool,
    /// `nY`.
    pub years: Option<u64>,
    /// `nM` before `T`.
    pub months: Option<u64>,
    /// `nW`.
    pub weeks: Option<u64>,
    /// `nD`.
    pub days: Option<u64>,
    /// `nH`.
    pub hours: Option<u64>,
    /// `nM` after `T`.
    pub minutes: Option<u64>,
    /// `nS`, with its fraction.
    pub seconds: Option<DurationSeconds>,
}

impl IsoDuration {
    /// Parses a strict duration: `[-]P[nY][nM][nD][T[nH][nM][n[.n]S]]` with at least one
    /// component, or `PnW` alone.
    pub fn parse(value: &str) -> Result<Self, TimeError> {
        let (d, dev) = Self::parse_lenient(value)?;
        if dev.is_empty() {
            Ok(d)
        } else {
            Err(TimeError::Syntax {
                value: value.to_owned(),
                expected: DURATION,
            })
        }
    }

    /// Parses leniently: also weeks mixed with other components, lowercase designators and a
    /// comma before the fraction.
    pub fn parse_lenient(value: &str) -> Result<(Self, Vec<Deviation>), TimeError> {
        let syntax = || TimeError::Syntax {
            value: value.to_owned(),
            expected: DURATION,
        };
        let mut dev = Vec::new();
        let mut out = Self::default();
        let mut s = value;
        if let Some(rest) = s.strip_prefix('-') {
            out.negative = true;
            s = rest;
        }
        let upper;
        if s.bytes().any(|b| b.is_ascii_lowercase()) {
            dev.push(Deviation::DurationForm);
            upper = s.to_ascii_uppercase();
            s = &upper;
        }
        let Some(mut rest) = s.strip_prefix('P') else {
            return Err(syntax());
        };
        let mut in_time = false;
        let mut any = false;
        let mut any_time = false;
        // Order ranks enforce designator order.
        let mut rank = 0u8;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('T') {
                if in_time {
                    return Err(syntax());
                }
                in_time = true;
                rest = r;
                continue;
            }
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .ok_or_else(syntax)?;
            let (num, tail) = rest.split_at(end);
            let Some(designator_char) = tail.chars().next() else {
                return Err(syntax());
            };
            rest = &tail[designator_char.len_utf8()..];
            let designator = u8::try_from(designator_char).unwrap_or(0);
            if num.is_empty() {
                return Err(syntax());
            }
            let (whole, fraction) = match num.find(['.', ',']) {
                Some(p) => {
                    if num.as_bytes()[p] == b',' {
                        dev.push(Deviation::CommaFraction);
                    }
                    (&num[..p], &num[p + 1..])
                }
                None => (num, ""),
            };
            if whole.is_empty() || (num.len() != whole.len() && fraction.is_empty()) {
                return Err(syntax());
            }
            if fraction.contains(['.', ',']) {
                return Err(syntax());
            }
            let n: u64 = whole.parse().map_err(|_| TimeError::OutOfRange {
                value: value.to_owned(),
                expected: DURATION,
            })?;
            let has_fraction = !fraction.is_empty();
            let new_rank = match (in_time, designator) {
                (false, b'Y') => 1,
                (false, b'M') => 2,
                (false, b'W') => 3,
                (false, b'D') => 4,
                (true, b'H') => 5,
                (true, b'M') => 6,
                (true, b'S') => 7,
                _ => return Err(syntax()),
            };
            if new_rank <= rank || (has_fraction && new_rank != 7) {
                return Err(syntax());
            }
            rank = new_rank;
            any = true;
            any_time |= in_time;
            match new_rank {
                1 => out.years = Some(n),
                2 => out.months = Some(n),
                3 => out.weeks = Some(n),
                4 => out.days = Some(n),
                5 => out.hours = Some(n),
                6 => out.minutes = Some(n),
                _ => {
                    out.seconds = Some(DurationSeconds {
                        whole: n,
                        fraction: fraction.to_owned(),
                    });
                }
            }
        }
        if !any || (in_time && !any_time) {
            return Err(syntax());
        }
        if out.weeks.is_some()
            && (out.years.is_some()
                || out.months.is_some()
                || out.days.is_some()
                || out.hours.is_some()
                || out.minutes.is_some()
                || out.seconds.is_some()
                || out.negative)
        {
            dev.push(Deviation::DurationForm);
        }
        Ok((out, dev))
    }

    /// A duration of whole and fractional seconds, written as `PT…S` (`PT0S` for zero; negative
    /// values get a leading `-`). Non-finite input gives `None`.
    pub fn from_seconds(seconds: f64) -> Option<Self> {
        if !seconds.is_finite() {
            return None;
        }
        let negative = seconds < 0.0;
        let abs = seconds.abs();
        let text = format!("{abs:.9}");
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let fraction = frac.trim_end_matches('0').to_owned();
        Some(Self {
            negative,
            seconds: Some(DurationSeconds {
                whole: whole.parse().ok()?,
                fraction,
            }),
            ..Self::default()
        })
    }

    /// Exact length in seconds, or `None` when years or months are present (they have no fixed
    /// length).
    pub fn total_seconds(&self) -> Option<f64> {
        if self.years.is_some() || self.months.is_some() {
            return None;
        }
        Some(self.approx_seconds())
    }

    /// Length in seconds, counting a year as 365.2425 days and a month as a twelfth of that.
    pub fn approx_seconds(&self) -> f64 {
        const DAY: f64 = 86_400.0;
        let f = |v: Option<u64>| v.unwrap_or(0) as f64;
        let total = f(self.years) * 365.2425 * DAY
            + f(self.months) * 365.2425 / 12.0 * DAY
            + f(self.weeks) * 7.0 * DAY
            + f(self.days) * DAY
            + f(self.hours) * 3600.0
            + f(self.minutes) * 60.0
            + self.seconds.as_ref().map_or(0.0, DurationSeconds::as_f64);
        if self.negative { -total } else { total }
    }

    /// Whether no component is non-zero.
    pub fn is_zero(&self) -> bool {
        self.approx_seconds() == 0.0
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str("P")?;
        let mut any = false;
        for (v, d) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if let Some(v) = v {
                write!(f, "{v}{d}")?;
                any = true;
            }
        }
        if self.hours.is_some() || self.minutes.is_some() || self.seconds.is_some() {
            f.write_str("T")?;
            for (v, d) in [(self.hours, 'H'), (self.minutes, 'M')] {
                if let Some(v) = v {
                    write!(f, "{v}{d}")?;
                }
            }
            if let Some(s) = &self.seconds {
                write!(f, "{}", s.whole)?;
                if !s.fraction.is_empty() {
                    write!(f, ".{}", s.fraction)?;
                }
                f.write_str("S")?;
            }
        } else if !any {
            f.write_str("T0S")?;
        }
        Ok(())
    }
}

impl FromStr for IsoDuration {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for IsoDuration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse_lenient(&s)
            .map(|(v, _)| v)
            .map_err(serde::de::Error::custom)
    }
}

/// Serde helpers for `DateTime<Utc>` fields in the exact Caliper form (written with
/// [`format_caliper`], read leniently).
pub mod caliper_datetime {
    use super::{format_caliper, parse_datetime_lenient};
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serialises in the Caliper form.
    pub fn serialize<S: Serializer>(dt: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_caliper(dt))
    }

    /// Deserialises any date-time [`parse_datetime_lenient`] accepts.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        parse_datetime_lenient(&s)
            .map(|(dt, _)| dt.with_timezone(&Utc))
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, TimeZone, Timelike};
    use proptest::prelude::*;

    #[test]
    fn strict_datetimes() {
        let d = parse_datetime("2024-05-01T10:15:00Z").expect("valid");
        assert_eq!(d.hour(), 10);
        let d = parse_datetime("2024-05-01T12:15:00.5+02:00").expect("valid");
        assert_eq!(d.with_timezone(&Utc).hour(), 10);
        assert_eq!(d.nanosecond(), 500_000_000);
        assert!(
            parse_datetime("1990-12-31T23:59:60Z").is_ok(),
            "leap second"
        );
        for bad in [
            "2024-05-01",
            "2024-05-01T10:15Z",
            "2024-05-01 10:15:00Z",
            "2024-05-01T10:15:00",
            "2024-05-01T10:15:00+0200",
            "2024-5-01T10:15:00Z",
            "2024-05-01T10:15:00.Z",
            "x",
            "",
            "2024-05-01T10:15:00Zjunk",
            "2024-05-01t10:15:00z",
        ] {
            assert!(parse_datetime(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_datetime("2024-02-30T00:00:00Z").unwrap_err().code(),
            "time.out-of-range"
        );
        assert_eq!(
            parse_datetime("2024-01-01T25:00:00Z").unwrap_err().code(),
            "time.out-of-range"
        );
        assert_eq!(
            parse_datetime("2024-01-01T00:00:00+24:00")
                .unwrap_err()
                .code(),
            "time.out-of-range"
        );
        assert_eq!(parse_datetime("nope").unwrap_err().code(), "time.syntax");
    }

    #[test]
    fn lenient_datetimes() {
        let (d, dev) = parse_datetime_lenient("2024-05-01 10:15").expect("lenient");
        assert_eq!(
            dev,
            vec![
                Deviation::SpaceSeparator,
                Deviation::MissingSeconds,
                Deviation::MissingOffset
            ]
        );
        assert_eq!(
            d,
            Utc.with_ymd_and_hms(2024, 5, 1, 10, 15, 0)
                .unwrap()
                .fixed_offset()
        );
        let (d, dev) = parse_datetime_lenient("2024-05-01t10:15:00,25+0200").expect("lenient");
        assert!(dev.contains(&Deviation::Lowercase));
        assert!(dev.contains(&Deviation::CommaFraction));
        assert!(dev.contains(&Deviation::OffsetForm));
        assert_eq!(d.offset().local_minus_utc(), 7200);
        let (_, dev) = parse_datetime_lenient("2024-05-01T10:15:00-05").expect("lenient");
        assert_eq!(dev, vec![Deviation::OffsetForm]);
        assert!(
            Deviation::MissingOffset
                .to_problem("x")
                .message
                .contains("UTC")
        );
    }

    #[test]
    fn caliper_form() {
        let d = Utc.with_ymd_and_hms(2016, 11, 15, 10, 15, 0).unwrap();
        assert_eq!(format_caliper(&d), "2016-11-15T10:15:00.000Z");
        let p = parse_datetime("2016-11-15T11:15:00.123456+01:00").expect("valid");
        assert_eq!(format_caliper(&p), "2016-11-15T10:15:00.123Z");
        assert!(is_caliper_form("2016-11-15T10:15:00.000Z"));
        assert!(!is_caliper_form("2016-11-15T10:15:00Z"));
        assert!(!is_caliper_form("2016-11-15T10:15:00.000+00:00"));
        assert!(!is_caliper_form("2016-13-15T10:15:00.000Z"));
        assert_eq!(format_rfc3339_utc(&d), "2016-11-15T10:15:00Z");
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2023-01-05").expect("valid").day(), 5);
        assert!(parse_date("2023-1-5").is_err());
        let (d, dev) = parse_date_lenient("2023-1-5").expect("lenient");
        assert_eq!((d.month(), d.day()), (1, 5));
        assert_eq!(dev, vec![Deviation::UnpaddedDate]);
        assert_eq!(
            parse_date_lenient("20230105").expect("lenient").1,
            vec![Deviation::BasicDate]
        );
        assert_eq!(
            parse_date_lenient("2023-01-05T00:00:00Z")
                .expect("lenient")
                .1,
            vec![Deviation::DateTimeForDate]
        );
        assert_eq!(
            parse_date_lenient("1/05/2023").unwrap_err().code(),
            "time.syntax"
        );
        assert_eq!(
            parse_date("2023-02-29").unwrap_err().code(),
            "time.out-of-range"
        );
        assert!(parse_date("2023-01-05x").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn durations() {
        let d = IsoDuration::parse("P1Y2M3DT4H5M6.50S").expect("valid");
        assert_eq!(d.years, Some(1));
        assert_eq!(d.to_string(), "P1Y2M3DT4H5M6.50S");
        assert_eq!(d.total_seconds(), None);
        let d = IsoDuration::parse("PT1M30S").expect("valid");
        assert_eq!(d.total_seconds(), Some(90.0));
        assert_eq!(
            IsoDuration::parse("P2W").expect("valid").total_seconds(),
            Some(1_209_600.0)
        );
        assert_eq!(
            IsoDuration::parse("-PT1S").expect("valid").total_seconds(),
            Some(-1.0)
        );
        assert_eq!(
            IsoDuration::parse("PT0S").expect("valid").to_string(),
            "PT0S"
        );
        assert!(IsoDuration::parse("PT0S").expect("valid").is_zero());
        for bad in [
            "", "P", "PT", "1D", "P1H", "PT1D", "P1M1Y", "P1.5D", "PT1.S", "PT.5S", "P1W2D",
            "pt1s", "P1DT", "PT1,5S", "P-1D", "PT1H1H",
        ] {
            assert!(IsoDuration::parse(bad).is_err(), "{bad}");
        }
        let (d, dev) = IsoDuration::parse_lenient("P1W2D").expect("lenient");
        assert_eq!(d.days, Some(2));
        assert_eq!(dev, vec![Deviation::DurationForm]);
        let (d, dev) = IsoDuration::parse_lenient("pt1,5s").expect("lenient");
        assert_eq!(d.total_seconds(), Some(1.5));
        assert!(dev.contains(&Deviation::CommaFraction));
        assert_eq!(
            IsoDuration::parse("P99999999999999999999D")
                .unwrap_err()
                .code(),
            "time.out-of-range"
        );
        assert_eq!(
            IsoDuration::from_seconds(1.25).expect("finite").to_string(),
            "PT1.25S"
        );
        assert_eq!(
            IsoDuration::from_seconds(-3.0).expect("finite").to_string(),
            "-PT3S"
        );
        assert!(IsoDuration::from_seconds(f64::NAN).is_none());
        assert_eq!(IsoDuration::default().to_string(), "PT0S");
        let json = serde_json::to_string(&IsoDuration::parse("PT5M").expect("v")).expect("ser");
        assert_eq!(json, "\"PT5M\"");
    }

    proptest! {
        #[test]
        fn datetime_roundtrip(secs in 0i64..4_102_444_800, millis in 0u32..1000) {
            let dt = Utc.timestamp_opt(secs, millis * 1_000_000).single().expect("in range");
            let s = format_caliper(&dt);
            prop_assert!(is_caliper_form(&s));
            prop_assert_eq!(parse_datetime_utc(&s).expect("reparse"), dt);
        }

        #[test]
        fn duration_roundtrip(
            y in proptest::option::of(0u64..100), mo in proptest::option::of(0u64..100),
            d in proptest::option::of(0u64..1000), h in proptest::option::of(0u64..100),
            mi in proptest::option::of(0u64..100), s in proptest::option::of((0u64..100, "[0-9]{0,4}")),
            neg in any::<bool>(),
        ) {
            let dur = IsoDuration {
                negative: neg, years: y, months: mo, weeks: None, days: d, hours: h, minutes: mi,
                seconds: s.map(|(whole, fraction)| DurationSeconds { whole, fraction }),
            };
            let text = dur.to_string();
            let back = IsoDuration::parse(&text);
            if y.is_none() && mo.is_none() && d.is_none() && h.is_none() && mi.is_none() && dur.seconds.is_none() {
                prop_assert_eq!(back.expect("PT0S").to_string(), text);
            } else {
                prop_assert_eq!(back.expect("reparse"), dur);
            }
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,30}") {
            let _ = parse_datetime_lenient(&s);
            let _ = parse_date_lenient(&s);
            let _ = IsoDuration::parse_lenient(&s);
        }
    }
}
