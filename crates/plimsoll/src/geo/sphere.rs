//! Points on the unit sphere as 3-D vectors: the embedding the spatial indexes use.
//!
//! [`super::geodesy`] answers single questions (a distance, a bearing) with `geo`'s
//! haversine formulas. The indexes need something else: a Euclidean space in which an
//! R-tree's boxes bound great-circle distances. On the unit sphere the straight-line
//! (chord) distance `c` between two points and their great-circle angle `θ` are tied by
//! `c = 2 sin(θ/2)`, which is monotonic, so the nearest point by chord is the nearest by
//! great circle, and comparisons can stay in squared chords with no trigonometry.

use super::geodesy::EARTH_RADIUS_M;

/// A unit vector: x towards (0° N, 0° E), y towards (0° N, 90° E), z towards the north pole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct UnitVec(pub(crate) [f64; 3]);

impl UnitVec {
    /// The point at `lat_deg`, `lon_deg` (any longitude; the caller checks the latitude).
    pub(crate) fn from_lat_lon(lat_deg: f64, lon_deg: f64) -> Self {
        let (sin_lat, cos_lat) = lat_deg.to_radians().sin_cos();
        let (sin_lon, cos_lon) = lon_deg.to_radians().sin_cos();
        Self::from_sin_cos(sin_lat, cos_lat, sin_lon, cos_lon)
    }

    /// The same from precomputed sines and cosines (grid rows and columns reuse them).
    pub(crate) fn from_sin_cos(sin_lat: f64, cos_lat: f64, sin_lon: f64, cos_lon: f64) -> Self {
        UnitVec([cos_lat * cos_lon, cos_lat * sin_lon, sin_lat])
    }

    fn dot(self, o: Self) -> f64 {
        self.0[0] * o.0[0] + self.0[1] * o.0[1] + self.0[2] * o.0[2]
    }

    fn cross(self, o: Self) -> Self {
        let [a0, a1, a2] = self.0;
        let [b0, b1, b2] = o.0;
        UnitVec([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0])
    }

    /// Squared chord distance to `o`.
    pub(crate) fn chord2(self, o: Self) -> f64 {
        let d = [self.0[0] - o.0[0], self.0[1] - o.0[1], self.0[2] - o.0[2]];
        d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
    }

    /// Squared chord distance to the nearest point of the minor great-circle arc `a`–`b`.
    ///
    /// When the foot of the perpendicular from `self` onto the arc's great circle falls
    /// between `a` and `b`, that foot is the nearest point; otherwise the nearer end is.
    pub(crate) fn chord2_to_arc(self, a: Self, b: Self) -> f64 {
        let normal = a.cross(b);
        let normal2 = normal.dot(normal);
        // The foot lies between a and b exactly when `self` is on the inner side of both
        // planes through the arc's pole and one end; a zero-length arc has no pole.
        if normal2 > 0.0 && a.cross(self).dot(normal) >= 0.0 && self.cross(b).dot(normal) >= 0.0 {
            // sin² of the cross-track angle; chord² = 2 - 2 cos θ, written in a form
            // that keeps its precision when θ is small.
            let sin2 = (self.dot(normal) * self.dot(normal) / normal2).min(1.0);
            return 2.0 * sin2 / (1.0 + (1.0 - sin2).sqrt());
        }
        self.chord2(a).min(self.chord2(b))
    }
}

/// How far an arc of squared chord `chord2` bulges outside the straight chord between its
/// ends (the sagitta `1 - cos(θ/2)` on the unit sphere); boxes around arcs grow by it.
pub(crate) fn arc_bulge(chord2: f64) -> f64 {
    let half_chord = chord2.sqrt() / 2.0;
    1.0 - (1.0 - half_chord * half_chord).max(0.0).sqrt()
}

/// Great-circle metres on the earth for a squared chord on the unit sphere.
pub(crate) fn chord2_to_m(chord2: f64) -> f64 {
    2.0 * (chord2.sqrt() / 2.0).min(1.0).asin() * EARTH_RADIUS_M
}

/// Squared unit-sphere chord for a great-circle distance in metres (capped at the antipode).
pub(crate) fn m_to_chord2(distance_m: f64) -> f64 {
    let half_angle_rad = (distance_m / EARTH_RADIUS_M / 2.0).min(std::f64::consts::FRAC_PI_2);
    let chord = 2.0 * half_angle_rad.sin();
    chord * chord
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::geodesy::haversine_distance_m;

    #[test]
    fn chord_distances_agree_with_haversine() {
        let pairs = [
            ((48.8566, 2.3522), (51.5074, -0.1278)),
            ((-16.8, 179.9), (-16.8, -179.9)),
            ((89.9, 0.0), (89.9, 180.0)),
            ((38.7167, 125.4), (38.7167, 125.4001)),
            ((0.0, 0.0), (0.0, 179.0)),
        ];
        for ((lat_a, lon_a), (lat_b, lon_b)) in pairs {
            let chord2 = UnitVec::from_lat_lon(lat_a, lon_a).chord2(UnitVec::from_lat_lon(lat_b, lon_b));
            let expected_m = haversine_distance_m(lat_a, lon_a, lat_b, lon_b);
            assert!((chord2_to_m(chord2) - expected_m).abs() < 1e-6 * expected_m.max(1.0));
            assert!((m_to_chord2(expected_m) - chord2).abs() < 1e-12);
        }
    }

    #[test]
    fn arc_distance_is_cross_track_inside_and_end_distance_outside() {
        // An arc along the equator from 10° E to 20° E.
        let a = UnitVec::from_lat_lon(0.0, 10.0);
        let b = UnitVec::from_lat_lon(0.0, 20.0);
        // Above its middle: the distance is the meridian arc down to the equator.
        let above = UnitVec::from_lat_lon(1.0, 15.0);
        let expected_m = haversine_distance_m(1.0, 15.0, 0.0, 15.0);
        assert!((chord2_to_m(above.chord2_to_arc(a, b)) - expected_m).abs() < 1e-6);
        // Beyond its west end: the distance to that end.
        let beyond = UnitVec::from_lat_lon(0.5, 5.0);
        let expected_m = haversine_distance_m(0.5, 5.0, 0.0, 10.0);
        assert!((chord2_to_m(beyond.chord2_to_arc(a, b)) - expected_m).abs() < 1e-6);
        // On the far side of the globe the arc's pole test must not pick the foot.
        let antipode = UnitVec::from_lat_lon(0.0, -165.0);
        let expected_m = haversine_distance_m(0.0, -165.0, 0.0, 10.0);
        assert!((chord2_to_m(antipode.chord2_to_arc(a, b)) - expected_m).abs() < 1e-6);
        // A zero-length arc is a point.
        assert_eq!(above.chord2_to_arc(a, a), above.chord2(a));
    }

    #[test]
    fn bulge_of_short_and_long_arcs() {
        assert_eq!(arc_bulge(0.0), 0.0);
        // A quarter circle: half-angle 45°, sagitta 1 - cos 45°.
        let quarter = UnitVec::from_lat_lon(0.0, 0.0).chord2(UnitVec::from_lat_lon(0.0, 90.0));
        assert!((arc_bulge(quarter) - (1.0 - std::f64::consts::FRAC_1_SQRT_2)).abs() < 1e-12);
    }
}
