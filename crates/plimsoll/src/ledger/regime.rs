//! Sanctions regimes: caps per product and period, designated vessels and entities
//! with their dates, and the sanctioned country's ports, read from TOML.
//!
//! ```toml
//! name = "UNSCR 2397 (22 December 2017)"
//! country = "North Korea"
//! source = "un.org, 1718 Committee resolutions"
//!
//! [ports]
//! country = "North Korea"   # every World Port Index port of the country
//! names = ["KPNAM"]         # and these, by WPI name or UN/LOCODE
//!
//! [[cap]]
//! product = "refined_petroleum"
//! from = "2018-01-01"       # inclusive
//! # to = "2019-12-31"       # inclusive; none: in force until replaced
//! per = "year"              # "year": each 12 months from `from`; "period": from–to as one
//! limit_bbl = 500000
//!
//! [[vessel]]
//! name = "RYE SONG GANG 1"
//! imo = 7389704             # and/or mmsi
//! tanker = true
//! deadweight_t = 3003       # listed deadweight, for the volume model
//! designated = "2018-03-30"
//! # delisted = "2019-01-01"
//!
//! [[entity]]
//! name = "KOREA YUJONG SHIPPING CO LTD"
//! designated = "2018-03-30"
//! ```
//!
//! A cap of 0 is a ban. The shipped regimes ([`BUILTIN`], in `data/regimes/`) are
//! UNSCR 2375, UNSCR 2397 with the designations of 30 March 2018, and a hypothetical
//! partial relief. A partial relief is another file: a higher cap from a date, some vessels delisted.
//! The caps on one product must follow each other without overlap or gap (a cap ends
//! the day before the next starts); only the last may be open-ended. Every error
//! names the line of the entry at fault.

use chrono::{Datelike, Months, NaiveDate};
use toml::Spanned;

use super::error::{Error, ErrorKind};
use crate::sim::error::line_of;

/// The shipped regimes: (name, TOML text).
pub const BUILTIN: [(&str, &str); 3] = [
    ("unscr-2375", include_str!("../../data/regimes/unscr_2375.toml")),
    ("unscr-2397", include_str!("../../data/regimes/unscr_2397.toml")),
    ("partial-relief-example", include_str!("../../data/regimes/partial_relief_example.toml")),
];

/// How a cap's limit applies over its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Once over the whole `from`–`to`.
    Period,
    /// For each 12 months from `from` (calendar years when `from` is 1 January).
    Year,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RegimeFile {
    name: String,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    source: String,
    #[serde(default)]
    ports: Ports,
    #[serde(default, rename = "cap")]
    caps: Vec<Spanned<CapSpec>>,
    #[serde(default, rename = "vessel")]
    vessels: Vec<Spanned<DesignationSpec>>,
    #[serde(default, rename = "entity")]
    entities: Vec<Spanned<DesignationSpec>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CapSpec {
    product: String,
    from: String,
    #[serde(default)]
    to: Option<String>,
    per: Per,
    limit_bbl: f64,
    #[serde(default)]
    source: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DesignationSpec {
    name: String,
    #[serde(default)]
    imo: Option<u32>,
    #[serde(default)]
    mmsi: Option<u32>,
    #[serde(default)]
    tanker: bool,
    #[serde(default)]
    deadweight_t: Option<f64>,
    designated: String,
    #[serde(default)]
    delisted: Option<String>,
    #[serde(default)]
    source: String,
}

/// The sanctioned country's ports.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ports {
    /// Every port of this country (as the World Port Index names it).
    #[serde(default)]
    pub country: Option<String>,
    /// Further ports by World Port Index name or UN/LOCODE.
    #[serde(default)]
    pub names: Vec<String>,
}

impl Ports {
    /// Whether a port visit's port (its WPI name, country and UN/LOCODE) is one.
    pub fn contains(&self, name: Option<&str>, country: Option<&str>, unlocode: Option<&str>) -> bool {
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        if let (Some(c), Some(ours)) = (country, &self.country) {
            if same(c, ours) {
                return true;
            }
        }
        self.names.iter().any(|n| name.is_some_and(|x| same(x, n)) || unlocode.is_some_and(|x| same(x, n)))
    }
}

/// A cap on one product.
#[derive(Debug, Clone, PartialEq)]
pub struct Cap {
    pub product: String,
    pub start: NaiveDate,
    /// Inclusive; `None`: until replaced.
    pub end: Option<NaiveDate>,
    pub per: Per,
    pub limit_bbl: f64,
    pub source: String,
    /// The entry's line in the regime file.
    pub line: u64,
}

/// One accounting period of a cap: the running total starts at zero on `start`.
#[derive(Debug, Clone, PartialEq)]
pub struct CapPeriod {
    pub product: String,
    pub start: NaiveDate,
    /// Inclusive.
    pub end: NaiveDate,
    pub limit_bbl: f64,
    pub source: String,
    pub line: u64,
}

/// A designated vessel or entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Designation {
    pub name: String,
    pub imo: Option<u32>,
    pub mmsi: Option<u32>,
    pub tanker: bool,
    pub deadweight_t: Option<f64>,
    pub designated: NaiveDate,
    /// Delisted on this day (no longer designated from it).
    pub delisted: Option<NaiveDate>,
    pub source: String,
    pub line: u64,
}

impl Designation {
    /// Whether designated on the UTC day of `time_ms`.
    pub fn in_force(&self, time_ms: i64) -> bool {
        let Some(day) = date_of_ms(time_ms) else { return false };
        self.designated <= day && self.delisted.is_none_or(|d| day < d)
    }

    /// Whether this entry is the vessel with these identifiers (IMO, MMSI, or the
    /// name when the entry has neither number).
    pub fn matches(&self, mmsi: u32, imo: Option<u32>, name: Option<&str>) -> bool {
        if self.mmsi == Some(mmsi) || (imo.is_some() && self.imo == imo) {
            return true;
        }
        self.imo.is_none()
            && self.mmsi.is_none()
            && name.is_some_and(|n| n.trim().eq_ignore_ascii_case(self.name.trim()))
    }
}

/// A validated sanctions regime.
#[derive(Debug, Clone, PartialEq)]
pub struct Regime {
    pub name: String,
    pub country: Option<String>,
    pub source: String,
    pub ports: Ports,
    /// Sorted by product, then start.
    pub caps: Vec<Cap>,
    pub vessels: Vec<Designation>,
    pub entities: Vec<Designation>,
}

/// The UTC calendar day of a time.
pub fn date_of_ms(time_ms: i64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp_millis(time_ms).map(|t| t.date_naive())
}

/// Midnight UTC at the start of `date`, in ms.
pub fn ms_of_date(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp_millis())
}

fn parse_date(field: &'static str, value: &str, line: u64) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| Error::at(ErrorKind::BadDate { field, value: value.to_owned() }, line))
}

impl Regime {
    /// Parses and validates a regime file.
    pub fn from_toml(text: &str) -> Result<Regime, Error> {
        let file: RegimeFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| u64::try_from(line_of(text, s.start)).unwrap_or(u64::MAX));
            Error { kind: ErrorKind::Toml(Box::new(e)), line }
        })?;
        let line =
            |span: std::ops::Range<usize>| u64::try_from(line_of(text, span.start)).unwrap_or(u64::MAX);
        let mut caps = Vec::with_capacity(file.caps.len());
        for spanned in file.caps {
            let l = line(spanned.span());
            let spec = spanned.into_inner();
            let start = parse_date("from", &spec.from, l)?;
            let end = spec.to.as_deref().map(|t| parse_date("to", t, l)).transpose()?;
            if let Some(end) = end.filter(|e| *e < start) {
                return Err(Error::at(ErrorKind::EndBeforeStart { field: "to", start, end }, l));
            }
            if !(spec.limit_bbl.is_finite() && spec.limit_bbl >= 0.0) {
                return Err(Error::at(ErrorKind::BadLimit { value: spec.limit_bbl }, l));
            }
            caps.push(Cap {
                product: spec.product,
                start,
                end,
                per: spec.per,
                limit_bbl: spec.limit_bbl,
                source: spec.source,
                line: l,
            });
        }
        caps.sort_by(|a, b| (&a.product, a.start).cmp(&(&b.product, b.start)));
        for pair in caps.windows(2) {
            let [a, b] = pair else { continue };
            if a.product != b.product {
                continue;
            }
            let Some(a_end) = a.end else {
                return Err(Error::at(ErrorKind::OpenCapNotLast { product: a.product.clone() }, a.line));
            };
            if b.start <= a_end {
                return Err(Error::at(
                    ErrorKind::Overlap {
                        product: b.product.clone(),
                        start: b.start,
                        other_line: a.line,
                        other_end: a_end,
                    },
                    b.line,
                ));
            }
            let day_after = a_end.succ_opt().unwrap_or(a_end);
            if b.start > day_after {
                return Err(Error::at(
                    ErrorKind::Gap {
                        product: b.product.clone(),
                        gap_start: day_after,
                        gap_end: b.start.pred_opt().unwrap_or(b.start),
                        other_line: a.line,
                    },
                    b.line,
                ));
            }
        }
        let designations = |list: Vec<Spanned<DesignationSpec>>| -> Result<Vec<Designation>, Error> {
            list.into_iter()
                .map(|spanned| {
                    let l = line(spanned.span());
                    let spec = spanned.into_inner();
                    let designated = parse_date("designated", &spec.designated, l)?;
                    let delisted =
                        spec.delisted.as_deref().map(|d| parse_date("delisted", d, l)).transpose()?;
                    if let Some(end) = delisted.filter(|d| *d < designated) {
                        return Err(Error::at(
                            ErrorKind::EndBeforeStart { field: "delisted", start: designated, end },
                            l,
                        ));
                    }
                    Ok(Designation {
                        name: spec.name,
                        imo: spec.imo,
                        mmsi: spec.mmsi,
                        tanker: spec.tanker,
                        deadweight_t: spec.deadweight_t,
                        designated,
                        delisted,
                        source: spec.source,
                        line: l,
                    })
                })
                .collect()
        };
        Ok(Regime {
            name: file.name,
            country: file.country,
            source: file.source,
            ports: file.ports,
            caps,
            vessels: designations(file.vessels)?,
            entities: designations(file.entities)?,
        })
    }

    /// A shipped regime by name ([`BUILTIN`]).
    pub fn builtin(name: &str) -> Option<Result<Regime, Error>> {
        BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, text)| Regime::from_toml(text))
    }

    /// The accounting periods of `product`'s caps that overlap calendar `year`, in
    /// time order. A yearly cap's last period is cut short where the cap ends.
    pub fn cap_periods(&self, product: &str, year: i32) -> Vec<CapPeriod> {
        let (Some(year_start), Some(year_end)) =
            (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
        else {
            return Vec::new();
        };
        let mut periods = Vec::new();
        for cap in self.caps.iter().filter(|c| c.product == product) {
            let period = |start: NaiveDate, end: NaiveDate| CapPeriod {
                product: cap.product.clone(),
                start,
                end,
                limit_bbl: cap.limit_bbl,
                source: cap.source.clone(),
                line: cap.line,
            };
            let cap_end = cap.end.unwrap_or(NaiveDate::MAX);
            match cap.per {
                Per::Period => {
                    if cap.start <= year_end && cap_end >= year_start {
                        periods.push(period(cap.start, cap_end));
                    }
                }
                Per::Year => {
                    // Periods k = 0, 1, ...; only the two around `year` can overlap it.
                    let first_k = (year - cap.start.year() - 1).max(0);
                    for k in first_k..first_k + 3 {
                        let months =
                            |k: i32| u32::try_from(k).ok().map(|k| Months::new(k.saturating_mul(12)));
                        let Some(start) = months(k).and_then(|m| cap.start.checked_add_months(m)) else {
                            break;
                        };
                        let next = months(k + 1).and_then(|m| cap.start.checked_add_months(m));
                        let end = next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX).min(cap_end);
                        if start > cap_end || start > year_end {
                            break;
                        }
                        if end >= year_start {
                            periods.push(period(start, end));
                        }
                    }
                }
            }
        }
        periods.sort_by_key(|p| p.start);
        periods
    }

    /// The designation in force for a vessel at `time_ms`, if any.
    pub fn designated_vessel(
        &self,
        mmsi: u32,
        imo: Option<u32>,
        name: Option<&str>,
        time_ms: i64,
    ) -> Option<&Designation> {
        self.vessels.iter().find(|d| d.matches(mmsi, imo, name) && d.in_force(time_ms))
    }

    /// Any designation entry for a vessel, in force or not (for its listed facts).
    pub fn vessel_entry(&self, mmsi: u32, imo: Option<u32>, name: Option<&str>) -> Option<&Designation> {
        self.vessels.iter().find(|d| d.matches(mmsi, imo, name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_CAPS: &str = r#"name = "test"
[ports]
country = "North Korea"

[[cap]]
product = "refined_petroleum"
from = "2017-10-01"
to = "2017-12-31"
per = "period"
limit_bbl = 500000

[[cap]]
product = "refined_petroleum"
from = "2018-01-01"
per = "year"
limit_bbl = 2000000
"#;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_of_a_year() {
        let r = Regime::from_toml(TWO_CAPS).unwrap();
        let p2017 = r.cap_periods("refined_petroleum", 2017);
        assert_eq!(p2017.len(), 1);
        assert_eq!((p2017[0].start, p2017[0].end, p2017[0].line), (date(2017, 10, 1), date(2017, 12, 31), 5));
        let p2019 = r.cap_periods("refined_petroleum", 2019);
        assert_eq!((p2019.len(), p2019[0].start, p2019[0].end), (1, date(2019, 1, 1), date(2019, 12, 31)));
        assert_eq!(p2019[0].limit_bbl, 2_000_000.0);
        assert!(r.cap_periods("refined_petroleum", 2016).is_empty());
        assert!(r.cap_periods("crude_oil", 2019).is_empty());
    }

    #[test]
    fn twelve_months_from_an_odd_date() {
        let text = r#"name = "crude"
[[cap]]
product = "crude_oil"
from = "2017-12-22"
per = "year"
limit_bbl = 4000000
"#;
        let r = Regime::from_toml(text).unwrap();
        let p = r.cap_periods("crude_oil", 2018);
        let spans: Vec<_> = p.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(
            spans,
            [(date(2017, 12, 22), date(2018, 12, 21)), (date(2018, 12, 22), date(2019, 12, 21))]
        );
    }

    fn error_of(text: &str) -> Error {
        Regime::from_toml(text).unwrap_err()
    }

    #[test]
    fn overlaps_gaps_and_bad_dates_name_their_line() {
        let overlap = TWO_CAPS.replace("from = \"2018-01-01\"", "from = \"2017-12-15\"");
        let e = error_of(&overlap);
        assert_eq!(e.line, Some(12), "{e}");
        assert!(matches!(e.kind, ErrorKind::Overlap { other_line: 5, .. }), "{e}");

        let gap = TWO_CAPS.replace("from = \"2018-01-01\"", "from = \"2018-02-01\"");
        let e = error_of(&gap);
        assert_eq!(e.line, Some(12), "{e}");
        assert!(
            matches!(e.kind, ErrorKind::Gap { gap_start, gap_end, .. } if gap_start == date(2018, 1, 1) && gap_end == date(2018, 1, 31)),
            "{e}"
        );
        assert!(e.to_string().starts_with("line 12: no refined_petroleum cap from 2018-01-01 to 2018-01-31"));

        let open_first = TWO_CAPS.replace("to = \"2017-12-31\"\n", "");
        assert!(matches!(error_of(&open_first).kind, ErrorKind::OpenCapNotLast { .. }));

        let bad_date = TWO_CAPS.replace("2017-12-31", "2017-12-32");
        let e = error_of(&bad_date);
        assert_eq!(e.line, Some(5));
        assert!(matches!(e.kind, ErrorKind::BadDate { field: "to", .. }), "{e}");

        let backwards = TWO_CAPS.replace("to = \"2017-12-31\"", "to = \"2017-09-30\"");
        assert!(matches!(error_of(&backwards).kind, ErrorKind::EndBeforeStart { .. }));

        let unknown_field = TWO_CAPS.replace("per = \"period\"", "per = \"period\"\ncolour = 1");
        let e = error_of(&unknown_field);
        assert!(matches!(e.kind, ErrorKind::Toml(_)) && e.line == Some(10), "{e}");

        let negative = TWO_CAPS.replace("limit_bbl = 500000", "limit_bbl = -1");
        assert!(matches!(error_of(&negative).kind, ErrorKind::BadLimit { .. }));

        let vessel = format!(
            "{TWO_CAPS}\n[[vessel]]\nname = \"X\"\ndesignated = \"2018-03-30\"\ndelisted = \"2018-01-01\"\n"
        );
        let e = error_of(&vessel);
        assert!(
            matches!(e.kind, ErrorKind::EndBeforeStart { field: "delisted", .. }) && e.line == Some(18),
            "{e}"
        );
    }

    #[test]
    fn shipped_regimes_are_valid() {
        for (name, _) in BUILTIN {
            let regime = Regime::builtin(name).unwrap().unwrap();
            assert!(!regime.cap_periods("refined_petroleum", 2018).is_empty(), "{name}");
        }
        let r2397 = Regime::builtin("unscr-2397").unwrap().unwrap();
        assert_eq!(r2397.cap_periods("refined_petroleum", 2019)[0].limit_bbl, 500_000.0);
        let relief = Regime::builtin("partial-relief-example").unwrap().unwrap();
        assert_eq!(relief.cap_periods("refined_petroleum", 2019)[0].limit_bbl, 1_000_000.0);
        assert!(relief.designated_vessel(1, Some(7389704), None, ms_of_date(date(2019, 2, 1))).is_none());
        assert!(r2397.designated_vessel(1, Some(7389704), None, ms_of_date(date(2019, 2, 1))).is_some());
        assert!(Regime::builtin("unscr-9999").is_none());
    }

    #[test]
    fn designations_by_number_or_name_and_dates() {
        let text = format!(
            "{TWO_CAPS}\n[[vessel]]\nname = \"YU JONG 2\"\nimo = 8604917\ndesignated = \"2018-03-30\"\ndelisted = \"2019-01-01\"\n\n[[vessel]]\nname = \"NO NUMBER\"\ndesignated = \"2018-03-30\"\n"
        );
        let r = Regime::from_toml(&text).unwrap();
        let t = |y, m, d| ms_of_date(date(y, m, d));
        assert!(r.designated_vessel(1, Some(8604917), None, t(2018, 3, 30)).is_some());
        assert!(r.designated_vessel(1, Some(8604917), None, t(2018, 3, 29)).is_none());
        assert!(r.designated_vessel(1, Some(8604917), None, t(2019, 1, 1)).is_none());
        assert!(r.designated_vessel(2, None, Some("no number "), t(2020, 1, 1)).is_some());
        // A name alone does not match an entry that has a number.
        assert!(r.designated_vessel(3, None, Some("YU JONG 2"), t(2018, 6, 1)).is_none());
        assert!(r.ports.contains(Some("Nampo"), Some("North Korea"), Some("KPNAM")));
        assert!(!r.ports.contains(Some("Shanghai"), Some("China"), Some("CNSHA")));
    }
}
