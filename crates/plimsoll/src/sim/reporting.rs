//! How often a transponder reports, per ITU-R M.1371-5 Annex 1, Table 1 (Class A) and
//! the Class B "SO" rates.

use serde::Deserialize;

/// The transponder class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum AisClass {
    /// SOLAS ships: types 1–3 positions, type 5 static and voyage data.
    #[default]
    A,
    /// Small craft: type 18 positions, type 24 static data.
    B,
}

/// Type 5 (Class A) and type 24 (Class B) static data go out every 6 minutes.
pub const STATIC_INTERVAL_MS: i64 = 6 * 60_000;

/// Class B (SOTDMA or CSTDMA) at normal speeds: every 30 seconds.
pub const CLASS_B_INTERVAL_MS: i64 = 30_000;

/// The interval to the next position report.
///
/// Class A: 3 minutes at anchor or moored (navigational status 1 or 5) when not moving
/// faster than 3 knots; otherwise 10 s at 0–14 knots, 6 s at 14–23, 2 s above. (The
/// standard's shorter intervals while changing course are left out: the simulated ships
/// turn only at waypoints.) Class B: 30 s.
///
/// # Units
/// Speed over ground in knots; the result in milliseconds.
pub fn position_interval_ms(class: AisClass, sog_knots: f64, nav_status: u8) -> i64 {
    match class {
        AisClass::B => CLASS_B_INTERVAL_MS,
        AisClass::A if matches!(nav_status, 1 | 5) && sog_knots <= 3.0 => 180_000,
        AisClass::A if sog_knots <= 14.0 => 10_000,
        AisClass::A if sog_knots <= 23.0 => 6_000,
        AisClass::A => 2_000,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_by_speed_and_status() {
        let cases = [
            (AisClass::A, 0.0, 1, 180_000),
            (AisClass::A, 0.1, 5, 180_000),
            (AisClass::A, 0.3, 0, 10_000),
            (AisClass::A, 5.0, 1, 10_000),
            (AisClass::A, 12.0, 0, 10_000),
            (AisClass::A, 14.0, 0, 10_000),
            (AisClass::A, 14.1, 0, 6_000),
            (AisClass::A, 23.0, 0, 6_000),
            (AisClass::A, 23.5, 0, 2_000),
            (AisClass::B, 8.0, 0, 30_000),
            (AisClass::B, 0.0, 5, 30_000),
        ];
        for (class, sog_knots, nav_status, interval_ms) in cases {
            assert_eq!(
                position_interval_ms(class, sog_knots, nav_status),
                interval_ms,
                "{class:?} {sog_knots}"
            );
        }
    }
}
