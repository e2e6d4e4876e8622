//! The cap ledger: refined petroleum delivered to a sanctioned country, reported and
//! detected, against the cap of a sanctions regime, month by month, with a
//! determination that names its evidence.
//!
//! - [`volume`]: how much a delivery carried (draught change × tonnes per
//!   centimetre, or laden-fraction bounds of a capacity from dimensions or a listed
//!   deadweight), tonnes to barrels by product; always low, central and high.
//! - [`regime`]: the TOML format of a regime (caps per product and period, designated
//!   vessels and entities, the country's ports), validated.
//! - [`reported`]: the CSV of deliveries reported to the sanctions committee.
//! - [`book`]: deliveries found in events, the monthly ledger, the day the cap is
//!   passed under each bound, and the determination; [`output`] writes it as a
//!   table, CSV or JSON.
//!
//! Everything here is a pure function of events, vessel facts, a regime and reported
//! deliveries, so tests build the inputs by hand.

pub mod book;
pub mod error;
pub mod output;
pub mod regime;
pub mod reported;
pub mod volume;

pub use book::{
    build_ledger, events_in_year, find_deliveries, vessels_from_store, Delivery, Ledger, LedgerConfig,
    Observed, Verdict, VesselInfo,
};
pub use error::{Error, ErrorKind};
pub use regime::Regime;
pub use reported::{read_reported, ReportedDelivery};
pub use volume::{VolumeConfig, VolumeModel};

/// Every threshold of the ledger stage. In TOML, `[volume]` and `[ledger]` tables
/// with the fields of [`VolumeConfig`] and [`LedgerConfig`]; missing fields keep
/// their defaults, unknown ones are errors.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub volume: VolumeConfig,
    pub ledger: LedgerConfig,
}

impl Config {
    /// Parses and validates a configuration.
    pub fn from_toml(text: &str) -> Result<Config, Error> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| u64::try_from(crate::sim::error::line_of(text, s.start)).unwrap_or(u64::MAX));
            Error { kind: ErrorKind::Toml(Box::new(e)), line }
        })?;
        config.volume.validate()?;
        config.ledger.validate()?;
        Ok(config)
    }
}

/// A quantity as low, central and high bounds.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Estimate {
    pub low: f64,
    pub central: f64,
    pub high: f64,
}

impl From<[f64; 3]> for Estimate {
    fn from([low, central, high]: [f64; 3]) -> Self {
        Estimate { low, central, high }
    }
}

impl Estimate {
    /// A known quantity: every bound the same.
    pub fn exact(value: f64) -> Estimate {
        Estimate { low: value, central: value, high: value }
    }

    /// Every bound times `factor`.
    pub fn scale(self, factor: f64) -> Estimate {
        Estimate { low: self.low * factor, central: self.central * factor, high: self.high * factor }
    }

    /// Bound by bound product (low × low, ...).
    pub fn times(self, other: Estimate) -> Estimate {
        Estimate {
            low: self.low * other.low,
            central: self.central * other.central,
            high: self.high * other.high,
        }
    }

    /// Every bound at most `max`.
    pub fn min(self, max: f64) -> Estimate {
        Estimate { low: self.low.min(max), central: self.central.min(max), high: self.high.min(max) }
    }

    /// The bounds in order low, central, high.
    pub fn bounds(self) -> [f64; 3] {
        [self.low, self.central, self.high]
    }
}

impl std::ops::Add for Estimate {
    type Output = Estimate;
    fn add(self, o: Estimate) -> Estimate {
        Estimate { low: self.low + o.low, central: self.central + o.central, high: self.high + o.high }
    }
}

impl std::ops::AddAssign for Estimate {
    fn add_assign(&mut self, o: Estimate) {
        *self = *self + o;
    }
}
