//! Geodesy on a spherical earth, in one place: distance, bearing, destination and
//! longitude arithmetic across the antimeridian.
//!
//! Distances and bearings are `geo`'s [`Haversine`] metric space (a sphere of the GRS80
//! mean radius, [`EARTH_RADIUS_M`]); this module only fixes the argument order
//! (latitude first, degrees) and the units, so that callers never build `geo::Point`s
//! with x and y swapped. A sphere is within 0.5 % of the ellipsoid, which is far below
//! what AIS positions and the detection thresholds resolve.

use ::geo::{Bearing, Destination, Distance, Haversine, Point};

/// Radius of the spherical earth every distance in [`crate::geo`] uses: the GRS80 mean
/// radius, the one `geo`'s [`Haversine`] uses.
///
/// # Units
/// Metres.
pub const EARTH_RADIUS_M: f64 = Haversine.radius();

/// Metres along a meridian per degree of latitude on the mean sphere.
pub const METRES_PER_DEGREE: f64 = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;

/// Great-circle distance between two points.
///
/// # Units
/// Arguments in degrees (any longitude, wrapped); the result in metres, in
/// `[0, π·EARTH_RADIUS_M]`.
///
/// # Examples
/// ```
/// use plimsoll::geo::geodesy::haversine_distance_m;
/// // Nampo to Najin, North Korea: about 570 km.
/// let distance_m = haversine_distance_m(38.7167, 125.4, 42.2333, 130.3);
/// assert!((distance_m - 567_000.0).abs() < 5_000.0);
/// ```
pub fn haversine_distance_m(lat_a_deg: f64, lon_a_deg: f64, lat_b_deg: f64, lon_b_deg: f64) -> f64 {
    let distance_m = Haversine.distance(Point::new(lon_a_deg, lat_a_deg), Point::new(lon_b_deg, lat_b_deg));
    // For (nearly) antipodal points the haversine term can round to just above 1, and
    // its arcsine to NaN; the true answer there is half the circumference.
    if distance_m.is_nan() && [lat_a_deg, lon_a_deg, lat_b_deg, lon_b_deg].iter().all(|v| v.is_finite()) {
        return std::f64::consts::PI * EARTH_RADIUS_M;
    }
    distance_m
}

/// Initial bearing (forward azimuth) of the great circle from the first point to the second.
///
/// # Units
/// Arguments in degrees; the result in degrees clockwise from true north, in `[0, 360)`.
///
/// # Examples
/// ```
/// use plimsoll::geo::geodesy::initial_bearing_deg;
/// // Due east along the equator, and across the antimeridian.
/// assert!((initial_bearing_deg(0.0, 179.0, 0.0, -179.0) - 90.0).abs() < 1e-9);
/// ```
pub fn initial_bearing_deg(lat_a_deg: f64, lon_a_deg: f64, lat_b_deg: f64, lon_b_deg: f64) -> f64 {
    let bearing_deg = Haversine.bearing(Point::new(lon_a_deg, lat_a_deg), Point::new(lon_b_deg, lat_b_deg));
    // `geo` computes (x + 360) % 360, which is 360 itself for x just below zero.
    if bearing_deg >= 360.0 {
        0.0
    } else {
        bearing_deg
    }
}

/// The point reached by travelling `distance_m` along a great circle from a start point on
/// an initial bearing.
///
/// # Units
/// Latitude, longitude and bearing in degrees (bearing clockwise from true north),
/// distance in metres; returns `(lat_deg, lon_deg)` with the longitude in `[-180, 180)`.
///
/// # Examples
/// ```
/// use plimsoll::geo::geodesy::destination;
/// // 10 km due east of 179.95° E crosses the antimeridian.
/// let (lat_deg, lon_deg) = destination(0.0, 179.95, 90.0, 10_000.0);
/// assert!(lat_deg.abs() < 1e-9 && lon_deg < -179.9);
/// ```
pub fn destination(lat_deg: f64, lon_deg: f64, bearing_deg: f64, distance_m: f64) -> (f64, f64) {
    let point = Haversine.destination(Point::new(lon_deg, lat_deg), bearing_deg, distance_m);
    (point.y(), wrap_lon_deg(point.x()))
}

/// The longitude brought into `[-180, 180)`.
///
/// # Units
/// Degrees.
///
/// # Examples
/// ```
/// use plimsoll::geo::geodesy::wrap_lon_deg;
/// assert_eq!(wrap_lon_deg(190.0), -170.0);
/// assert_eq!(wrap_lon_deg(180.0), -180.0);
/// ```
pub fn wrap_lon_deg(lon_deg: f64) -> f64 {
    // In range already: returned untouched (the arithmetic below would round 125.4 to
    // 125.39999999999998).
    if (-180.0..180.0).contains(&lon_deg) {
        return lon_deg;
    }
    let wrapped_deg = (lon_deg + 180.0).rem_euclid(360.0) - 180.0;
    // rem_euclid of a tiny negative number rounds to 360 itself.
    if wrapped_deg >= 180.0 {
        wrapped_deg - 360.0
    } else {
        wrapped_deg
    }
}

/// The signed east-positive longitude change from `from_lon_deg` to `to_lon_deg` the short
/// way round, so that 179.9° E to 179.9° W is +0.2°, not −359.8°.
///
/// # Units
/// Degrees, result in `[-180, 180)`.
///
/// # Examples
/// ```
/// use plimsoll::geo::geodesy::lon_delta_deg;
/// assert!((lon_delta_deg(179.9, -179.9) - 0.2).abs() < 1e-9);
/// assert!((lon_delta_deg(-179.9, 179.9) + 0.2).abs() < 1e-9);
/// ```
pub fn lon_delta_deg(from_lon_deg: f64, to_lon_deg: f64) -> f64 {
    wrap_lon_deg(to_lon_deg - from_lon_deg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_of_known_pairs() {
        // One degree of a great circle is R·π/180.
        let degree_m = EARTH_RADIUS_M.to_radians();
        assert!((haversine_distance_m(0.0, 0.0, 1.0, 0.0) - degree_m).abs() < 1e-6);
        assert!((haversine_distance_m(0.0, 179.5, 0.0, -179.5) - degree_m).abs() < 1e-6);
        // Over the pole: 89° N on opposite meridians is two degrees apart.
        assert!((haversine_distance_m(89.0, 0.0, 89.0, 180.0) - 2.0 * degree_m).abs() < 1e-6);
        assert_eq!(haversine_distance_m(38.7167, 125.4, 38.7167, 125.4), 0.0);
    }

    #[test]
    fn distance_between_antipodes_is_half_the_circumference() {
        let half_m = std::f64::consts::PI * EARTH_RADIUS_M;
        for (lat_deg, lon_deg) in [(0.0, 0.0), (45.0, 10.0), (-33.3, 151.2), (89.999, -45.0)] {
            let distance_m = haversine_distance_m(lat_deg, lon_deg, -lat_deg, lon_deg + 180.0);
            assert!((distance_m - half_m).abs() < 1.0, "{lat_deg} {lon_deg}: {distance_m}");
        }
        assert!(haversine_distance_m(f64::NAN, 0.0, 0.0, 0.0).is_nan());
    }

    #[test]
    fn bearings() {
        assert!((initial_bearing_deg(0.0, 0.0, 1.0, 0.0) - 0.0).abs() < 1e-9);
        assert!((initial_bearing_deg(0.0, 0.0, 0.0, 1.0) - 90.0).abs() < 1e-9);
        assert!((initial_bearing_deg(0.0, 0.0, -1.0, 0.0) - 180.0).abs() < 1e-9);
        assert!((initial_bearing_deg(0.0, 0.0, 0.0, -1.0) - 270.0).abs() < 1e-9);
        // Slightly west of north stays below 360.
        let bearing_deg = initial_bearing_deg(0.0, 0.0, 1.0, -1e-15);
        assert!((0.0..360.0).contains(&bearing_deg));
    }

    #[test]
    fn destination_round_trips_distance_and_bearing() {
        for (lat_deg, lon_deg, bearing_deg, distance_m) in
            [(38.7167, 125.4, 250.0, 5_000.0), (-16.8, 179.95, 90.0, 20_000.0), (89.5, 0.0, 0.0, 100_000.0)]
        {
            let (to_lat_deg, to_lon_deg) = destination(lat_deg, lon_deg, bearing_deg, distance_m);
            assert!((-180.0..180.0).contains(&to_lon_deg));
            let back_m = haversine_distance_m(lat_deg, lon_deg, to_lat_deg, to_lon_deg);
            assert!((back_m - distance_m).abs() < 1e-6 * distance_m);
        }
        // Over the north pole, the longitude flips by 180°.
        let (lat_deg, lon_deg) = destination(89.5, 0.0, 0.0, EARTH_RADIUS_M.to_radians());
        assert!((lat_deg - 89.5).abs() < 1e-9 && (lon_deg.abs() - 180.0).abs() < 1e-9);
    }

    #[test]
    fn longitude_arithmetic() {
        assert_eq!(wrap_lon_deg(-180.0), -180.0);
        assert_eq!(wrap_lon_deg(180.0), -180.0);
        assert_eq!(wrap_lon_deg(360.0), 0.0);
        assert!((wrap_lon_deg(-1e-9) + 1e-9).abs() < 1e-12);
        // Just below −180°: rem_euclid rounds up to a whole turn.
        assert_eq!(wrap_lon_deg(-180.0 - 1e-14), -180.0);
        assert!((wrap_lon_deg(539.5) - 179.5).abs() < 1e-12);
        assert_eq!(wrap_lon_deg(125.4), 125.4);
        assert!((lon_delta_deg(170.0, -170.0) - 20.0).abs() < 1e-12);
        assert!((lon_delta_deg(-170.0, 170.0) + 20.0).abs() < 1e-12);
        assert_eq!(lon_delta_deg(10.0, 10.0), 0.0);
    }
}
