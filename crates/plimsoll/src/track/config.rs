//! The tracking thresholds, in one place, with their sources.

use super::error::{ConfigValue, Error, ErrorKind};

/// Most open segments a [`TrackConfig`] may ask for: each point is compared
/// with every open segment of its vessel, so this bounds the work per point.
pub const MAX_OPEN_SEGMENTS_LIMIT: usize = 1024;

/// Thresholds of per-vessel segmentation. [`TrackConfig::default`] gives the
/// published baselines; [`TrackConfig::validate`] checks a changed one.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrackConfig {
    /// A point the previous point of a segment could only reach faster than this
    /// does not continue that segment. Default 25 knots (Global Fishing Watch
    /// segmenter).
    pub max_implied_speed_knots: f64,
    /// ... unless it is at most this far from it: a jump this short always
    /// continues a segment, however little time it took. Default 500 m (Global
    /// Fishing Watch segmenter's noise distance): fixes scatter by metres to tens
    /// of metres, so over the 2-10 s between a fast ship's reports the implied speed
    /// of a ship at 20 knots can exceed 25, which cut one ship into two segments.
    pub noise_distance_m: f64,
    /// A point later than this after a segment's last point does not continue
    /// it. Default 8 h (Global Fishing Watch segmenter).
    pub max_gap_ms: i64,
    /// Two fixes at most this far apart in time ...
    /// Default 1 s: copies of one transmission from several receivers carry
    /// receive times that differ by the receivers' clock errors.
    pub duplicate_window_ms: i64,
    /// ... and at most this far apart in space are one fix received twice.
    /// Default 10 m, the accuracy of a good AIS position (ITU-R M.1371 accuracy flag).
    pub duplicate_distance_m: f64,
    /// Segments of one vessel that can still be continued; when a new one would
    /// exceed it, the one with the oldest last point is closed. Default 8: room
    /// for a shared MMSI and a few spoofed positions, and a bound on the work per point.
    pub max_open_segments: usize,
}

impl Default for TrackConfig {
    fn default() -> Self {
        TrackConfig {
            max_implied_speed_knots: 25.0,
            noise_distance_m: 500.0,
            max_gap_ms: 8 * 3_600_000,
            duplicate_window_ms: 1_000,
            duplicate_distance_m: 10.0,
            max_open_segments: 8,
        }
    }
}

impl TrackConfig {
    /// Checks every threshold is positive (and finite; the noise distance may be
    /// zero), and the open segments
    /// at most [`MAX_OPEN_SEGMENTS_LIMIT`]; the error names the first field that is not.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |field, value, expected| Err(Error::from(ErrorKind::Config { field, value, expected }));
        let positive_float = [
            ("max_implied_speed_knots", self.max_implied_speed_knots),
            ("duplicate_distance_m", self.duplicate_distance_m),
        ];
        for (field, value) in positive_float {
            if !(value.is_finite() && value > 0.0) {
                return bad(field, ConfigValue::Float(value), "positive and finite");
            }
        }
        for (field, value) in
            [("max_gap_ms", self.max_gap_ms), ("duplicate_window_ms", self.duplicate_window_ms)]
        {
            if value <= 0 {
                return bad(field, ConfigValue::Integer(value), "positive");
            }
        }
        if !(self.noise_distance_m.is_finite() && self.noise_distance_m >= 0.0) {
            return bad(
                "noise_distance_m",
                ConfigValue::Float(self.noise_distance_m),
                "zero or positive, finite",
            );
        }
        if !(1..=MAX_OPEN_SEGMENTS_LIMIT).contains(&self.max_open_segments) {
            return bad("max_open_segments", ConfigValue::Count(self.max_open_segments), "1 to 1024");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        TrackConfig::default().validate().unwrap();
    }

    #[test]
    fn bad_thresholds_are_named() {
        type Change = fn(&mut TrackConfig);
        let cases: [(Change, &str); 11] = [
            (|c| c.max_implied_speed_knots = 0.0, "max_implied_speed_knots"),
            (|c| c.max_implied_speed_knots = -25.0, "max_implied_speed_knots"),
            (|c| c.max_implied_speed_knots = f64::NAN, "max_implied_speed_knots"),
            (|c| c.duplicate_distance_m = f64::INFINITY, "duplicate_distance_m"),
            (|c| c.noise_distance_m = -1.0, "noise_distance_m"),
            (|c| c.noise_distance_m = f64::NAN, "noise_distance_m"),
            (|c| c.max_gap_ms = 0, "max_gap_ms"),
            (|c| c.max_gap_ms = -1, "max_gap_ms"),
            (|c| c.duplicate_window_ms = 0, "duplicate_window_ms"),
            (|c| c.max_open_segments = 0, "max_open_segments"),
            (|c| c.max_open_segments = MAX_OPEN_SEGMENTS_LIMIT + 1, "max_open_segments"),
        ];
        for (change, expected) in cases {
            let mut config = TrackConfig::default();
            change(&mut config);
            match config.validate() {
                Err(Error { kind: ErrorKind::Config { field, .. } }) => assert_eq!(field, expected),
                other => panic!("{expected}: {other:?}"),
            }
        }
    }
}
