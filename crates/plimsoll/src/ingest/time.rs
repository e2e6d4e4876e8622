//! Times: parsing CSV time columns, refining a receive time with the fix's UTC
//! second, and the range of times accepted at all.

use std::str::FromStr;

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, NaiveDate, NaiveDateTime};

use super::error::ErrorKind;

/// The earliest time accepted, 1990-01-01T00:00:00Z (AIS began around 2000;
/// anything earlier is a clock that was never set).
pub const TIME_MIN_MS: i64 = 631_152_000_000;
/// The first time no longer accepted, 2100-01-01T00:00:00Z.
pub const TIME_MAX_MS: i64 = 4_102_444_800_000;

/// Whether `time_ms` is in the accepted range ([`TIME_MIN_MS`], [`TIME_MAX_MS`]).
pub fn is_plausible(time_ms: i64) -> bool {
    (TIME_MIN_MS..TIME_MAX_MS).contains(&time_ms)
}

/// The time of a fix, UTC ms since the epoch.
///
/// A position report carries only the UTC second of its fix (0–59). The fix
/// time is the latest whole second at or before the receive time whose second
/// of the minute is `utc_second`: between 0 and 59 s before the receive time.
/// Without a valid second (`None`, or 60–63) the receive time is the fix time.
///
/// # Examples
/// ```
/// use plimsoll::ingest::fix_time_ms;
/// // received at 12:00:05.300, fix at second 3 -> 12:00:03.000
/// let received = 1_600_000_805_300; // ...:05.300
/// assert_eq!(fix_time_ms(received, Some(3)), 1_600_000_803_000);
/// // second 58 of the previous minute
/// assert_eq!(fix_time_ms(received, Some(58)), 1_600_000_798_000);
/// assert_eq!(fix_time_ms(received, None), received);
/// ```
pub fn fix_time_ms(received_ms: i64, utc_second: Option<u8>) -> i64 {
    let Some(second) = utc_second.filter(|s| *s < 60) else {
        return received_ms;
    };
    let received_s = received_ms.div_euclid(1000);
    let back_s = (received_s.rem_euclid(60) - i64::from(second)).rem_euclid(60);
    (received_s - back_s) * 1000
}

/// How a CSV time column is written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TimeFormat {
    /// RFC 3339 / ISO 8601: `2021-03-23T10:00:00Z`, `2021-03-23 10:00:00.5`,
    /// `2021-03-23T10:00:00+01:00`; no offset means UTC.
    #[default]
    Iso,
    /// Seconds since the epoch, with an optional fraction.
    EpochS,
    /// Milliseconds since the epoch.
    EpochMs,
    /// A strftime format (chrono's), e.g. `%d/%m/%Y %H:%M`; UTC unless it has `%z`.
    Strftime(String),
}

impl FromStr for TimeFormat {
    type Err = ErrorKind;

    /// `iso` (or `rfc3339`), `epoch_s`, `epoch_ms`, or a strftime format.
    fn from_str(text: &str) -> Result<Self, ErrorKind> {
        match text {
            "iso" | "rfc3339" => Ok(TimeFormat::Iso),
            "epoch_s" => Ok(TimeFormat::EpochS),
            "epoch_ms" => Ok(TimeFormat::EpochMs),
            _ => {
                let valid =
                    text.contains('%') && StrftimeItems::new(text).all(|item| !matches!(item, Item::Error));
                if valid {
                    Ok(TimeFormat::Strftime(text.to_owned()))
                } else {
                    Err(ErrorKind::TimeFormat { format: text.to_owned() })
                }
            }
        }
    }
}

impl TimeFormat {
    /// Parses `text` (already trimmed) into UTC ms since the epoch; `None` when it
    /// does not match the format.
    pub fn parse_ms(&self, text: &str) -> Option<i64> {
        match self {
            TimeFormat::Iso => parse_iso_ms(text),
            TimeFormat::EpochS => {
                let seconds: f64 = text.parse().ok()?;
                float_ms(seconds * 1000.0)
            }
            TimeFormat::EpochMs => match text.parse::<i64>() {
                Ok(ms) => Some(ms),
                Err(_) => float_ms(text.parse().ok()?),
            },
            TimeFormat::Strftime(format) => parse_strftime_ms(text, format),
        }
    }
}

/// Rounds a float count of ms to an integer, rejecting NaN, infinities and
/// values that do not fit.
fn float_ms(ms: f64) -> Option<i64> {
    // i64 holds ±9.2e18; anything in the accepted time range is far inside it.
    (ms.is_finite() && ms.abs() < 9.0e18).then(|| ms.round() as i64)
}

fn parse_iso_ms(text: &str) -> Option<i64> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp_millis());
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t.and_utc().timestamp_millis());
        }
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"] {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(t.timestamp_millis());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
}

fn parse_strftime_ms(text: &str, format: &str) -> Option<i64> {
    if format.contains('z') || format.contains("%Z") {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(t.timestamp_millis());
        }
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
        return Some(t.and_utc().timestamp_millis());
    }
    NaiveDate::parse_from_str(text, format)
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
}

/// Parses a `--assume-time` value (RFC 3339 / ISO 8601, UTC when no offset).
pub fn parse_assumed_time(text: &str) -> Result<i64, ErrorKind> {
    parse_iso_ms(text.trim())
        .filter(|t| is_plausible(*t))
        .ok_or_else(|| ErrorKind::AssumedTime { text: text.to_owned() })
}

/// RFC 3339 text (UTC, ms precision) for a time, for reports.
pub fn format_time_ms(time_ms: i64) -> String {
    match DateTime::from_timestamp_millis(time_ms) {
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        None => format!("{time_ms} ms"),
    }
}

/// The UTC day of a time as `YYYY-MM-DD` (the partition name).
pub fn day_name(day: i64) -> String {
    match day.checked_mul(86_400_000).and_then(DateTime::from_timestamp_millis) {
        Some(t) => t.format("%Y-%m-%d").to_string(),
        None => format!("day{day}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T_2021_03_23: i64 = 1_616_457_600_000; // 2021-03-23T00:00:00Z

    #[test]
    fn refine_by_utc_second() {
        let received = T_2021_03_23 + 10_000 + 400; // 00:00:10.400
        for (second, expected_s) in [(10, 10), (9, 9), (0, 0), (11, -49), (59, -1)] {
            assert_eq!(fix_time_ms(received, Some(second)), T_2021_03_23 + expected_s * 1000, "{second}");
        }
        for not_available in [None, Some(60), Some(61), Some(63)] {
            assert_eq!(fix_time_ms(received, not_available), received);
        }
        // never after the receive time, never a minute or more before it
        for second in 0..60u8 {
            let fix = fix_time_ms(received, Some(second));
            assert!(fix <= received && received - fix < 60_000);
            assert_eq!(fix.rem_euclid(60_000) / 1000, i64::from(second));
        }
    }

    #[test]
    fn time_formats() {
        let cases: [(&str, &str, i64); 10] = [
            ("iso", "2021-03-23T00:00:00Z", T_2021_03_23),
            ("iso", "2021-03-23T01:00:00+01:00", T_2021_03_23),
            ("iso", "2021-03-23T00:00:00", T_2021_03_23),
            ("iso", "2021-03-23 00:00:00.250", T_2021_03_23 + 250),
            ("iso", "2021-03-23", T_2021_03_23),
            ("epoch_s", "1616457600", T_2021_03_23),
            ("epoch_s", "1616457600.5", T_2021_03_23 + 500),
            ("epoch_ms", "1616457600123", T_2021_03_23 + 123),
            ("%d/%m/%Y %H:%M", "23/03/2021 00:01", T_2021_03_23 + 60_000),
            ("%d/%m/%Y %H:%M:%S", "23/03/2021 00:00:01", T_2021_03_23 + 1000),
        ];
        for (format, text, expected) in cases {
            let f: TimeFormat = format.parse().unwrap();
            assert_eq!(f.parse_ms(text), Some(expected), "{format} {text}");
        }
        for (format, text) in
            [("iso", "yesterday"), ("epoch_s", "nan"), ("epoch_ms", ""), ("%d/%m/%Y", "2021-03-23")]
        {
            let f: TimeFormat = format.parse().unwrap();
            assert_eq!(f.parse_ms(text), None, "{format} {text}");
        }
    }

    #[test]
    fn bad_formats_are_errors() {
        assert!("%Q".parse::<TimeFormat>().is_err());
        assert!("dd/mm/yyyy".parse::<TimeFormat>().is_err());
        assert!(parse_assumed_time("1969-01-01T00:00:00Z").is_err());
        assert_eq!(parse_assumed_time("2021-03-23T00:00:00Z").unwrap(), T_2021_03_23);
    }

    #[test]
    fn names() {
        assert_eq!(day_name(T_2021_03_23 / 86_400_000), "2021-03-23");
        assert_eq!(format_time_ms(T_2021_03_23 + 5), "2021-03-23T00:00:00.005Z");
    }
}
