use std::sync::LazyLock;

use ::geo::{Closest, Distance, Haversine, HaversineClosestPoint, LineString, Point};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use super::*;
use crate::geo::geodesy::{destination, haversine_distance_m};

static LAND: LazyLock<Land> = LazyLock::new(|| Land::embedded().expect("the embedded land loads"));

/// The exact distance by searching the whole R-tree, with no help from the rasters.
fn exact_m(lat_deg: f64, lon_deg: f64) -> f64 {
    chord2_to_m(LAND.coast.nearest_chord2(UnitVec::from_lat_lon(lat_deg, lon_deg), f64::INFINITY))
}

/// An independent exact distance: `geo`'s haversine closest point on every Natural Earth
/// ring (read again from the GeoJSON with serde_json) whose box lies within `window_deg`,
/// skipping only the edges along the antimeridian cut.
fn independent_m(lat_deg: f64, lon_deg: f64, window_deg: f64) -> f64 {
    static RINGS: LazyLock<Vec<Vec<[f64; 2]>>> = LazyLock::new(|| {
        let json = zstd::decode_all(NATURAL_EARTH_LAND_10M_ZST).expect("decompresses");
        let value: serde_json::Value = serde_json::from_slice(&json).expect("parses");
        let polygons = &value["features"][0]["geometry"]["coordinates"];
        let rings =
            polygons.as_array().expect("a MultiPolygon").iter().flat_map(|p| p.as_array().expect("rings"));
        rings.map(|ring| serde_json::from_value(ring.clone()).expect("positions")).collect()
    });
    let point = Point::new(lon_deg, lat_deg);
    let mut best_m = f64::INFINITY;
    for ring in RINGS.iter() {
        let near = ring.iter().any(|&[lon, lat]| {
            (lat - lat_deg).abs() < window_deg
                && crate::geo::geodesy::lon_delta_deg(lon_deg, lon).abs() < window_deg
        });
        if !near {
            continue;
        }
        for pair in ring.windows(2) {
            if pair[0][0].abs() == 180.0 && pair[1][0].abs() == 180.0 {
                continue;
            }
            let line = LineString::from(vec![(pair[0][0], pair[0][1]), (pair[1][0], pair[1][1])]);
            if let Closest::SinglePoint(q) | Closest::Intersection(q) = line.haversine_closest_point(&point) {
                best_m = best_m.min(Haversine.distance(point, q));
            }
        }
    }
    best_m
}

#[test]
fn shareable_across_threads() {
    fn check<T: Send + Sync>() {}
    check::<Land>();
    check::<crate::geo::Ports>();
    check::<crate::geo::MidTable>();
}

#[test]
fn loads_within_its_memory_budget() {
    // Load time is measured by the benchmark (about 0.2 s optimised); debug builds are slower.
    let heap_mb = LAND.heap_bytes() as f64 / 1e6;
    assert!((20.0..40.0).contains(&heap_mb), "{heap_mb} MB");
}

#[test]
fn open_pacific_is_far_from_shore() {
    // Point Nemo: 2,688 km from Ducie Island, Motu Nui and Maher Island (all three in
    // Natural Earth 10m).
    let distance_m = LAND.distance_to_shore_m(-48.8767, -123.3933);
    assert!((2_650_000.0..2_720_000.0).contains(&distance_m), "{distance_m}");
    assert!(!LAND.is_on_land(-48.8767, -123.3933));
    // The equatorial Pacific between Hawaii and the Marquesas.
    assert!(LAND.distance_to_shore_m(0.0, -140.0) > 500_000.0);
}

#[test]
fn paris_is_inland() {
    assert!(LAND.is_on_land(48.8566, 2.3522));
    assert_eq!(LAND.distance_to_shore_m(48.8566, 2.3522), 0.0);
    let paris = LAND.locate(48.8566, 2.3522).expect("a valid position");
    // The nearest sea is the Channel, about 150 km away (Seine bay, Somme bay).
    assert!(paris.on_land);
    assert!((120_000.0..200_000.0).contains(&paris.coastline_distance_m), "{}", paris.coastline_distance_m);
    assert!((paris.coastline_distance_m - exact_m(48.8566, 2.3522)).abs() < 1e-6);
}

#[test]
fn off_nampo_matches_an_independent_computation() {
    // Nampo (World Port Index: 38.7167 N, 125.4 E) lies on the Taedong estuary, which
    // runs west to Korea Bay.
    for (bearing_deg, distance_m) in [(270.0, 5_000.0), (265.0, 20_000.0), (250.0, 60_000.0)] {
        let (lat_deg, lon_deg) = destination(38.7167, 125.4, bearing_deg, distance_m);
        let expected_m = independent_m(lat_deg, lon_deg, 1.5);
        let shore = LAND.locate(lat_deg, lon_deg).expect("a valid position");
        assert!(!shore.on_land, "{lat_deg} {lon_deg}");
        assert!(
            (shore.coastline_distance_m - expected_m).abs() < 0.01,
            "{} vs {expected_m}",
            shore.coastline_distance_m
        );
        assert!(shore.coastline_distance_m < distance_m);
    }
}

#[test]
fn korea_bay_and_the_yellow_sea() {
    // The middle of Korea Bay, between Liaodong and the North Korean coast.
    let distance_m = LAND.distance_to_shore_m(39.0, 123.8);
    assert!((5_000.0..60_000.0).contains(&distance_m), "{distance_m}");
    assert!((distance_m - independent_m(39.0, 123.8, 1.5)).abs() < 0.01);
    // The middle of the Yellow Sea.
    let distance_m = LAND.distance_to_shore_m(35.5, 123.5);
    assert!((distance_m - exact_m(35.5, 123.5)).abs() < 1e-6);
    assert!(distance_m > 100_000.0, "{distance_m}");
}

#[test]
fn east_china_sea_transfer_area_off_shanghai() {
    // Documented ship-to-ship transfers 250, 350 and 450 km off Shanghai
    // (shared/data/facts/dprk_cases.md), towards the open East China Sea.
    let shanghai = (31.2304, 121.4737);
    for (bearing_deg, off_m) in
        [(100.0, 250_000.0), (110.0, 350_000.0), (120.0, 450_000.0), (150.0, 410_000.0)]
    {
        let (lat_deg, lon_deg) = destination(shanghai.0, shanghai.1, bearing_deg, off_m);
        let from_shanghai_m = haversine_distance_m(shanghai.0, shanghai.1, lat_deg, lon_deg);
        assert!((250_000.0..=450_000.0).contains(&from_shanghai_m.round()));
        let shore = LAND.locate(lat_deg, lon_deg).expect("a valid position");
        assert!(!shore.on_land);
        // Open water, but nearer some shore (Zhoushan, Jeju, the Ryukyus) than Shanghai.
        assert!((40_000.0..from_shanghai_m).contains(&shore.coastline_distance_m), "{shore:?}");
        let exact = exact_m(lat_deg, lon_deg);
        assert!(shore.coastline_distance_m >= exact - 1e-6);
        assert!(shore.coastline_distance_m <= exact * (1.0 + FAR_TOLERANCE_FRACTION));
    }
}

#[test]
fn fiji_across_the_antimeridian() {
    // Taveuni and Vanua Levu straddle 180°; Natural Earth cuts them there.
    for lat_deg in [-16.2, -16.5, -16.8, -17.0] {
        let east = LAND.locate(lat_deg, 179.999_9).expect("valid");
        let west = LAND.locate(lat_deg, -179.999_9).expect("valid");
        let at_180 = LAND.locate(lat_deg, 180.0).expect("valid");
        assert_eq!(at_180, LAND.locate(lat_deg, -180.0).expect("valid"));
        // 0.0002° of longitude apart: about 21 m.
        assert!((east.coastline_distance_m - west.coastline_distance_m).abs() < 25.0, "{east:?} {west:?}");
        // The cut along the meridian is no coast: on land on both sides means far from it.
        if east.on_land && west.on_land {
            assert!(east.coastline_distance_m > 25.0);
        }
    }
    // At sea just west of the antimeridian, the nearest coast can be across it.
    for (lat_deg, lon_deg) in [(-16.9, 179.9), (-16.9, -179.9), (-16.3, 179.95)] {
        let distance_m = LAND.distance_to_shore_m(lat_deg, lon_deg);
        if distance_m > 0.0 {
            assert!((distance_m - independent_m(lat_deg, lon_deg, 1.0)).abs() < 0.01, "{lat_deg} {lon_deg}");
        }
    }
    // Taveuni (−16.85, −179.97) is land, the sea east of it is not.
    assert!(LAND.is_on_land(-16.85, -179.97));
    assert!(!LAND.is_on_land(-16.85, -179.7));
}

#[test]
fn near_the_poles() {
    // The North Pole is in the Arctic Ocean, about 700 km from Greenland and Ellesmere.
    let pole = LAND.locate(90.0, 0.0).expect("valid");
    assert!(!pole.on_land);
    assert!((650_000.0..800_000.0).contains(&pole.coastline_distance_m), "{pole:?}");
    // Every longitude is the same point there.
    for lon_deg in [-180.0, -90.0, 45.0, 179.0] {
        assert!((LAND.distance_to_shore_m(90.0, lon_deg) - pole.coastline_distance_m).abs() < 1e-6);
    }
    assert!(
        (pole.coastline_distance_m - exact_m(90.0, 0.0)).abs()
            < pole.coastline_distance_m * FAR_TOLERANCE_FRACTION
    );
    // The South Pole is inland Antarctica; Natural Earth's land ends at the grounding
    // line of the Ross Ice Shelf, about 500 km away.
    let south = LAND.locate(-90.0, 0.0).expect("valid");
    assert!(south.on_land);
    assert_eq!(LAND.distance_to_shore_m(-90.0, 123.0), 0.0);
    assert!(south.coastline_distance_m > 300_000.0, "{south:?}");
    // Close to the pole the cells are metres wide; answers stay continuous.
    let a = LAND.distance_to_shore_m(89.999, 10.0);
    let b = LAND.distance_to_shore_m(89.999, -170.0);
    assert!((a - b).abs() < 300.0, "{a} {b}");
}

#[test]
fn suez_canal_is_land_at_this_scale() {
    // Natural Earth 10m land does not cut the Suez Canal (200–300 m wide): a ship in
    // the canal reads as on land, while the Great Bitter Lake and both ends are sea.
    assert!(LAND.is_on_land(30.60, 32.32)); // the canal at Ismailia
    assert!(LAND.is_on_land(30.00, 32.58)); // the canal north of Suez
    assert!(!LAND.is_on_land(29.90, 32.55)); // Gulf of Suez
    assert!(!LAND.is_on_land(31.35, 32.30)); // off Port Said
                                             // So the canal's traffic is near shore by any measure: exactly 0 on land.
    assert_eq!(LAND.distance_to_shore_m(30.60, 32.32), 0.0);
}

#[test]
fn invalid_positions() {
    // 91° / 181° are AIS's "not available".
    assert!(!LAND.is_on_land(91.0, 181.0));
    assert!(LAND.distance_to_shore_m(91.0, 0.0).is_nan());
    assert!(LAND.distance_to_shore_m(f64::NAN, 0.0).is_nan());
    assert_eq!(LAND.locate(0.0, f64::INFINITY), None);
    // Longitudes wrap (to within the rounding of adding 360°).
    let wrapped = LAND.locate(48.8566, 2.3522 + 360.0).expect("valid");
    let plain = LAND.locate(48.8566, 2.3522).expect("valid");
    assert_eq!(wrapped.on_land, plain.on_land);
    assert!((wrapped.coastline_distance_m - plain.coastline_distance_m).abs() < 1e-3);
}

#[test]
fn r_tree_search_matches_brute_force() {
    let edges: Vec<u32> =
        (0..LAND.coast.unit.len() as u32 - 1).filter(|&edge| LAND.coast.is_coast_edge(edge)).collect();
    for (lat_deg, lon_deg) in
        [(38.6, 125.2), (-16.9, 179.9), (0.0, -140.0), (89.0, 40.0), (-70.0, 0.0), (51.0, 1.5)]
    {
        let p = UnitVec::from_lat_lon(lat_deg, lon_deg);
        let brute =
            edges.iter().map(|&edge| LAND.coast.chord2_to_edge(p, edge)).fold(f64::INFINITY, f64::min);
        assert_eq!(LAND.coast.nearest_chord2(p, f64::INFINITY), brute, "{lat_deg} {lon_deg}");
    }
}

#[test]
fn rings_are_read_on_the_sphere() {
    // A square across the antimeridian, written as Natural Earth does: cut at 180° into
    // two polygons.
    let cut = br#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
        "geometry": {"type": "MultiPolygon", "coordinates": [
            [[[179, 0], [180, 0], [180, 1], [179, 1], [179, 0]]],
            [[[-180, 0], [-179, 0], [-179, 1], [-180, 1], [-180, 0]]]]}}]}"#;
    let land = Land::from_geojson(cut).expect("valid");
    assert!(land.is_on_land(0.5, 179.99) && land.is_on_land(0.5, -179.99));
    // The cut is no coast: the nearest coast from the middle is the north or south side.
    let degree_m = crate::geo::geodesy::EARTH_RADIUS_M.to_radians();
    let middle = land.locate(0.5, 180.0).expect("valid");
    assert!((middle.coastline_distance_m - degree_m / 2.0).abs() < 1.0, "{middle:?}");
    // A cap round the south pole: the ring winds once round the globe.
    let cap = br#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [
            [[-180, -80], [-90, -80], [0, -80], [90, -80], [180, -80], [-180, -80]]]}}]}"#;
    let land = Land::from_geojson(cap).expect("valid");
    assert!(land.is_on_land(-90.0, 0.0) && land.is_on_land(-85.0, 33.0));
    assert!(!land.is_on_land(-75.0, 33.0) && !land.is_on_land(0.0, 0.0));
}

#[test]
fn malformed_geojson_is_an_error() {
    let errors = [
        (&br#"{"features": 3}"#[..], "Json"),
        (br#"{"type": "FeatureCollection", "features": []}"#, "NoCoastline"),
        (br#"{"features": [{"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}}]}"#, "BadRing"),
        (br#"{"features": [{"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 2]]]}}]}"#, "BadRing"),
        (br#"{"features": [{"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 95], [0, 0]]]}}]}"#, "BadRing"),
    ];
    for (json, kind) in errors {
        let error = Land::from_geojson(json).err().expect("rejected");
        assert_eq!(error.dataset, Dataset::Land);
        assert!(format!("{:?}", error.kind).starts_with(kind), "{error:?}");
    }
}

/// A uniformly random point on the sphere.
fn any_point() -> impl Strategy<Value = (f64, f64)> {
    (-1.0..=1.0_f64, -180.0..180.0_f64).prop_map(|(z, lon_deg)| (z.asin().to_degrees(), lon_deg))
}

proptest! {
    // A fixed seed: the tolerance is measured, and CI must not flake on a random tail.
    #![proptest_config(Config { cases: 512, rng_seed: RngSeed::Fixed(0x0067_656f), ..Config::default() })]

    #[test]
    fn raster_agrees_with_exact_search((lat_deg, lon_deg) in any_point()) {
        let shore = LAND.locate(lat_deg, lon_deg).expect("valid");
        let distance_m = LAND.distance_to_shore_m(lat_deg, lon_deg);
        prop_assert!(distance_m.is_finite() && distance_m >= 0.0);
        prop_assert_eq!(LAND.is_on_land(lat_deg, lon_deg), shore.on_land);
        if shore.on_land {
            prop_assert_eq!(distance_m, 0.0);
        } else {
            prop_assert_eq!(distance_m, shore.coastline_distance_m);
        }
        let exact = exact_m(lat_deg, lon_deg);
        if exact < NEAR_SHORE_M {
            prop_assert!((shore.coastline_distance_m - exact).abs() < 1e-6, "{} vs {}", shore.coastline_distance_m, exact);
        } else {
            prop_assert!(shore.coastline_distance_m >= exact - 1e-6);
            prop_assert!(shore.coastline_distance_m <= exact * (1.0 + FAR_TOLERANCE_FRACTION));
        }
    }

    #[test]
    fn land_test_agrees_with_geo_near_the_coast(vertex_fraction in 0.0..1.0_f64, km in 0.0..3.0_f64, bearing_deg in 0.0..360.0_f64) {
        // Points within 3 km of a coastline vertex, where the mask has to look at edges.
        let vertex = (vertex_fraction * (LAND.lon_lat_deg.len() - 1) as f64) as usize;
        let [v_lon, v_lat] = LAND.lon_lat_deg[vertex];
        let (lat_deg, lon_deg) = destination(v_lat, v_lon, bearing_deg, km * 1000.0);
        if let Some(expected) = on_land_by_geo(lat_deg, lon_deg) {
            prop_assert_eq!(LAND.is_on_land(lat_deg, lon_deg), expected, "{} {}", lat_deg, lon_deg);
        }
    }
}

/// Whether `geo`'s point-in-polygon puts the point inside an odd number of the Natural
/// Earth rings (even-odd, as the mask reads them); `None` near a ring that goes round a
/// pole (Antarctica), which a planar polygon cannot express.
fn on_land_by_geo(lat_deg: f64, lon_deg: f64) -> Option<bool> {
    use ::geo::{BoundingRect, Contains, Polygon, Rect};
    /// Each ring unwrapped along its length, as a planar polygon with its box.
    static POLYGONS: LazyLock<Vec<(Polygon, Rect)>> = LazyLock::new(|| {
        let json = zstd::decode_all(NATURAL_EARTH_LAND_10M_ZST).expect("decompresses");
        let rings = Rings::from_geojson(&json).expect("parses");
        let mut polygons = Vec::new();
        for range in &rings.ranges {
            let ring = &rings.lon_lat_deg[range.clone()];
            let mut lon = ring[0][0];
            let mut coords = vec![(lon, ring[0][1])];
            for pair in ring.windows(2) {
                lon += crate::geo::geodesy::lon_delta_deg(pair[0][0], pair[1][0]);
                coords.push((lon, pair[1][1]));
            }
            let polygon = Polygon::new(LineString::from(coords), vec![]);
            let rect = polygon.bounding_rect().expect("not empty");
            polygons.push((polygon, rect));
        }
        polygons
    });
    let mut inside = false;
    for (polygon, rect) in POLYGONS.iter() {
        if rect.width() > 300.0 && lat_deg < rect.max().y + 1.0 {
            return None;
        }
        // The ring's copy nearest the point, a whole number of turns away.
        let turns = ((lon_deg - rect.center().x) / 360.0).round();
        let point = Point::new(lon_deg - 360.0 * turns, lat_deg);
        if rect.contains(&point) && polygon.contains(&point) {
            inside = !inside;
        }
    }
    Some(inside)
}

#[test]
fn far_answers_within_tolerance_on_a_large_sample() {
    // 20,000 random sea points against the exact search (the raster bound prunes it,
    // which cannot change its result: the bound is a real edge's distance).
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut uniform = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1_u64 << 53) as f64
    };
    let mut worst_fraction = 0.0_f64;
    for _ in 0..20_000 {
        let lat_deg = (2.0 * uniform() - 1.0).asin().to_degrees();
        let lon_deg = 360.0 * uniform() - 180.0;
        let p = UnitVec::from_lat_lon(lat_deg, lon_deg);
        let raster_chord2 = LAND.raster_chord2(p, lat_deg, lon_deg);
        let exact = chord2_to_m(LAND.coast.nearest_chord2(p, raster_chord2));
        let answer = LAND.locate(lat_deg, lon_deg).expect("valid").coastline_distance_m;
        assert!(answer >= exact - 1e-6);
        if exact < NEAR_SHORE_M {
            assert!((answer - exact).abs() < 1e-6, "{lat_deg} {lon_deg}: {answer} vs {exact}");
        }
        worst_fraction = worst_fraction.max((answer - exact) / exact);
    }
    assert!(worst_fraction <= FAR_TOLERANCE_FRACTION, "{worst_fraction}");
}
