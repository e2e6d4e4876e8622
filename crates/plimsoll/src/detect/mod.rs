//! Detectors: behaviour found in tracks, as [`crate::event::Event`]s.
//!
//! One module per detector, each with its thresholds in one config struct whose
//! defaults cite their source (DESIGN.md lists the public baselines), and scenario
//! tests. Detectors record the evidence they see; what depends on the sanctions
//! lists is added later by the screening stage, so `detect` never reaches forward.

pub mod ais_gap;
pub mod dark_rendezvous;
pub mod draught_change;
pub mod encounter;
pub mod identity_change;
pub mod index;
pub mod loitering;
pub mod port_visit;
pub mod run;
pub mod spoofing;
pub mod sts_transfer;

pub use crate::track::ConfigValue;

/// A detector configuration that cannot work.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{detector} config: {kind}")]
pub struct ConfigError {
    /// The detector whose configuration was rejected (its event kind's name).
    pub detector: &'static str,
    /// What was wrong; match on it.
    pub kind: ConfigErrorKind,
}

impl ConfigError {
    /// The configuration field the error is about.
    pub fn field(&self) -> &'static str {
        match self.kind {
            ConfigErrorKind::NotPositive { field, .. }
            | ConfigErrorKind::Order { field, .. }
            | ConfigErrorKind::OutOfRange { field, .. } => field,
        }
    }
}

/// What was wrong with a detector configuration.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// A threshold is zero, negative or not finite.
    #[error("{field} = {value} must be positive and finite")]
    NotPositive { field: &'static str, value: ConfigValue },
    /// Two thresholds are in the wrong order.
    #[error("{field} must be at least {other}")]
    Order { field: &'static str, other: &'static str },
    /// A value outside its range (a weight above 1, a cell of more than 90°).
    #[error("{field} = {value} is out of range ({expected})")]
    OutOfRange { field: &'static str, value: ConfigValue, expected: &'static str },
}

impl ConfigError {
    /// `field = value` is not in `expected` for `detector`.
    fn out_of_range(
        detector: &'static str,
        field: &'static str,
        value: ConfigValue,
        expected: &'static str,
    ) -> ConfigError {
        ConfigError { detector, kind: ConfigErrorKind::OutOfRange { field, value, expected } }
    }
}

/// Checks that every float threshold is positive and finite and every
/// millisecond threshold positive; the error names the first field that is not.
fn check_positive(
    detector: &'static str,
    floats: &[(&'static str, f64)],
    durations_ms: &[(&'static str, i64)],
) -> Result<(), ConfigError> {
    let bad =
        |field, value| Err(ConfigError { detector, kind: ConfigErrorKind::NotPositive { field, value } });
    for &(field, value) in floats {
        if !(value.is_finite() && value > 0.0) {
            return bad(field, ConfigValue::Float(value));
        }
    }
    for &(field, value) in durations_ms {
        if value <= 0 {
            return bad(field, ConfigValue::Integer(value));
        }
    }
    Ok(())
}

/// Metres per nautical mile (the international definition).
pub const NAUTICAL_MILE_M: f64 = 1852.0;

/// The speed in knots that covers `distance_m` in `dt_ms`; infinite for no time.
fn implied_speed_knots(distance_m: f64, dt_ms: i64) -> f64 {
    // i64 → f64 is exact below 2^53 ms (285,000 years).
    distance_m / NAUTICAL_MILE_M / (dt_ms as f64 / 3_600_000.0)
}
