//! Land, sea and distance to shore: see [`Land`].

mod coast;
mod grid;
mod mask;
mod nearest;

use crate::geo::error::{Dataset, Error, ErrorKind};
use crate::geo::geodesy::wrap_lon_deg;
use crate::geo::sphere::{chord2_to_m, m_to_chord2, UnitVec};

use std::ops::Range;

use coast::{Coast, Rings};
use mask::LandMask;
use nearest::NearestEdges;

/// Within this distance of the coast, [`Land::distance_to_shore_m`] is exact.
///
/// It covers the detection thresholds that depend on distance to shore (20 and 50
/// nautical miles, 37 and 93 km). Close in, where the coast's detail is on the scale of
/// the cells, the raster's guess is often a few kilometres long; it is exact (and the
/// R-tree search unneeded) for most points far out.
///
/// # Units
/// Metres.
pub const NEAR_SHORE_M: f64 = 100_000.0;

/// Beyond [`NEAR_SHORE_M`] the distance comes from the raster: never shorter than the
/// exact distance, and longer by at most this fraction of it.
///
/// Measured, not proven: over 300,000 random points the worst was 4.4 % (5.4 km at
/// 122 km from shore); beyond 150 km it is under 2 %, and for 99 % of points it is 0.
pub const FAR_TOLERANCE_FRACTION: f64 = 0.05;

/// Natural Earth 1:10m land, GeoJSON compressed with zstd.
static NATURAL_EARTH_LAND_10M_ZST: &[u8] = include_bytes!("../../../data/ne_land_10m.geojson.zst");

/// Land polygons with an index for land/sea and distance-to-shore queries.
///
/// Build it once and share it: queries take `&self` and the type is `Send + Sync`.
///
/// # Design
/// The land is Natural Earth's 1:10m land polygons (see `crates/plimsoll/data/README.md`),
/// embedded in the binary. Loading (0.3 s optimised, on two cores) builds three structures,
/// 34 MB in all:
///
/// - **A land mask**: a 0.1° raster (3600 × 1800 cells, two bits each) saying whether each
///   cell's centre is on land and whether coastline passes through the cell ("mixed");
///   mixed cells also list the coastline edges that touch them (4.4 on average).
/// - **A nearest-edge raster**: a 0.25° grid holding, for each cell, a coastline edge
///   nearest its centre (a feature transform by vector propagation, on the sphere).
/// - **An R-tree of the coastline** (`rstar`, over unit-sphere vectors, leaves of 8
///   consecutive edges) for exact nearest-edge searches.
///
/// A query then costs:
/// - *Land or sea*: one bit; in a mixed cell, a crossing count against the cell's few
///   edges along the way from the cell's centre to the point. Exact (to the polygons).
/// - *Distance*: from the point itself to the nearest edges of the four cells whose
///   centres surround it, then a walk along the coastline while the edges get nearer: an
///   upper bound, which is the answer beyond [`NEAR_SHORE_M`]. Nearer than that, or in a
///   mixed cell, the R-tree search (pruned by the bound) gives the exact distance.
///
/// Distances are great-circle metres on the sphere of [`EARTH_RADIUS_M`] to the polygon
/// edges taken as great-circle arcs. The polygons are cut at the antimeridian; those cut
/// edges are not coastline, and rings are joined across it, so answers are continuous
/// there. Cells shrink towards the poles, but every distance is measured on the sphere
/// from the point itself, so only the search effort depends on a cell's shape.
///
/// [`EARTH_RADIUS_M`]: crate::geo::geodesy::EARTH_RADIUS_M
pub struct Land {
    /// Ring vertices in degrees (`[lon, lat]`), for the in-cell land test.
    lon_lat_deg: Vec<[f64; 2]>,
    /// Each ring's range in `lon_lat_deg` with its bounding box `[west, south, east, north]`,
    /// for drawing maps ([`Land::rings_within`]).
    rings: Vec<(Range<usize>, [f64; 4])>,
    coast: Coast,
    mask: LandMask,
    nearest: NearestEdges,
    near_shore_chord2: f64,
}

/// Where a point lies relative to the coast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shore {
    /// Whether the point is on land.
    pub on_land: bool,
    /// Distance to the nearest coastline, whichever side of it the point is on: how far
    /// out at sea, or how far inland.
    ///
    /// # Units
    /// Metres (great circle).
    pub coastline_distance_m: f64,
}

impl Land {
    /// The Natural Earth 1:10m land shipped inside the binary (2.0 MB compressed).
    ///
    /// # Errors
    /// Only if the embedded data is corrupt, which the tests rule out.
    ///
    /// # Examples
    /// ```
    /// let land = plimsoll::geo::Land::embedded()?;
    /// assert!(land.is_on_land(48.8566, 2.3522)); // Paris
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn embedded() -> Result<Land, Error> {
        let json = zstd::decode_all(NATURAL_EARTH_LAND_10M_ZST)
            .map_err(|e| Error::new(Dataset::Land, ErrorKind::Decompress(e)))?;
        Land::from_geojson(&json)
    }

    /// Land from a GeoJSON FeatureCollection of Polygons and MultiPolygons in WGS 84
    /// degrees (2-D positions), read with the even-odd rule: overlapping polygons cancel.
    /// Polygons may be cut at the antimeridian, and a ring may go round a pole.
    ///
    /// # Errors
    /// Malformed JSON or rings ([`ErrorKind::Json`], [`ErrorKind::BadRing`]), or no
    /// coastline at all ([`ErrorKind::NoCoastline`]).
    ///
    /// # Examples
    /// ```
    /// let square = br#"{"type": "FeatureCollection", "features": [{"type": "Feature",
    ///     "properties": {}, "geometry": {"type": "Polygon",
    ///     "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}}]}"#;
    /// let land = plimsoll::geo::Land::from_geojson(square)?;
    /// assert!(land.is_on_land(0.5, 0.5));
    /// // 0.1° south of the south side: 0.1° of a great circle.
    /// assert!((land.distance_to_shore_m(-0.1, 0.5) - 11_119.5).abs() < 1.0);
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn from_geojson(json: &[u8]) -> Result<Land, Error> {
        let rings = Rings::from_geojson(json)?;
        let unit: Vec<UnitVec> = rings
            .lon_lat_deg
            .iter()
            .map(|&[lon_deg, lat_deg]| UnitVec::from_lat_lon(lat_deg, lon_deg))
            .collect();
        let coast_edges = rings.coast_edges(&unit);
        if coast_edges.is_empty() {
            return Err(Error::new(Dataset::Land, ErrorKind::NoCoastline));
        }
        // The mask and the coastline index are independent: build them side by side.
        let (mask, (coast, nearest)) = rayon::join(
            || LandMask::new(&rings, &coast_edges),
            || {
                let coast = Coast::new(unit, &coast_edges);
                let nearest = NearestEdges::new(&rings.lon_lat_deg, &coast, &coast_edges);
                (coast, nearest)
            },
        );
        let ring_boxes =
            rings.ranges.iter().map(|r| (r.clone(), ring_box(&rings.lon_lat_deg[r.clone()]))).collect();
        let mut lon_lat_deg = rings.lon_lat_deg;
        lon_lat_deg.shrink_to_fit();
        // Exact below NEAR_SHORE_M: the raster's guess overshoots by at most the tolerance.
        let near_shore_chord2 = m_to_chord2(NEAR_SHORE_M * (1.0 + FAR_TOLERANCE_FRACTION));
        Ok(Land { lon_lat_deg, rings: ring_boxes, coast, mask, nearest, near_shore_chord2 })
    }

    /// Whether the point is on land (inside the land polygons).
    ///
    /// # Units
    /// Degrees; any longitude (wrapped). A latitude outside ±90° or a non-finite
    /// coordinate is not on land.
    ///
    /// # Examples
    /// ```
    /// let land = plimsoll::geo::Land::embedded()?;
    /// assert!(land.is_on_land(48.8566, 2.3522)); // Paris
    /// assert!(!land.is_on_land(0.0, -140.0)); // the Pacific
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn is_on_land(&self, lat_deg: f64, lon_deg: f64) -> bool {
        checked_lon_deg(lat_deg, lon_deg).is_some_and(|lon_deg| self.on_land_at(lat_deg, lon_deg))
    }

    /// Distance from a point at sea to the nearest coastline; 0 on land.
    ///
    /// Exact within [`NEAR_SHORE_M`] of the coast; farther out never shorter and at most
    /// [`FAR_TOLERANCE_FRACTION`] longer. Use [`Land::locate`] for the distance inland.
    ///
    /// # Units
    /// Degrees in; great-circle metres out. NaN for a latitude outside ±90° or a
    /// non-finite coordinate.
    ///
    /// # Examples
    /// ```
    /// let land = plimsoll::geo::Land::embedded()?;
    /// // Point Nemo, the oceanic pole of inaccessibility: about 2,700 km from land.
    /// let distance_m = land.distance_to_shore_m(-48.8767, -123.3933);
    /// assert!((2_500_000.0..2_800_000.0).contains(&distance_m));
    /// assert_eq!(land.distance_to_shore_m(48.8566, 2.3522), 0.0); // Paris
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn distance_to_shore_m(&self, lat_deg: f64, lon_deg: f64) -> f64 {
        match checked_lon_deg(lat_deg, lon_deg) {
            None => f64::NAN,
            Some(lon_deg) if self.on_land_at(lat_deg, lon_deg) => 0.0,
            Some(lon_deg) => self.coastline_distance_m(lat_deg, lon_deg),
        }
    }

    /// Which side of the coast a point is on and how far from it, on land as at sea (a
    /// position far inland is a sign of a spoofed or corrupt fix).
    ///
    /// # Units
    /// Degrees in; metres in [`Shore::coastline_distance_m`]. `None` for a latitude
    /// outside ±90° or a non-finite coordinate.
    ///
    /// # Examples
    /// ```
    /// let land = plimsoll::geo::Land::embedded()?;
    /// let paris = land.locate(48.8566, 2.3522).unwrap();
    /// assert!(paris.on_land && paris.coastline_distance_m > 100_000.0);
    /// assert_eq!(land.locate(91.0, 0.0), None);
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn locate(&self, lat_deg: f64, lon_deg: f64) -> Option<Shore> {
        let lon_deg = checked_lon_deg(lat_deg, lon_deg)?;
        Some(Shore {
            on_land: self.on_land_at(lat_deg, lon_deg),
            coastline_distance_m: self.coastline_distance_m(lat_deg, lon_deg),
        })
    }

    /// The polygon rings (`[lon, lat]` degrees, closed, cut at the antimeridian) whose
    /// bounding boxes meet the box `[west, east] × [south, north]`, for drawing maps.
    /// Rings are whole: clip them to the box when drawing. The box must not cross the
    /// antimeridian (query each side of it separately).
    ///
    /// # Units
    /// Degrees.
    ///
    /// # Examples
    /// ```
    /// let land = plimsoll::geo::Land::embedded()?;
    /// // Around Shanghai: at least the mainland's ring.
    /// assert!(land.rings_within([121.0, 30.5, 122.5, 32.0]).count() >= 1);
    /// // The South Pacific between New Zealand and South America, outside every ring's
    /// // bounding box (Africa and Eurasia are one ring, whose box spans the Indian Ocean).
    /// assert_eq!(land.rings_within([-170.1, -40.1, -170.0, -40.0]).count(), 0);
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn rings_within(&self, [west, south, east, north]: [f64; 4]) -> impl Iterator<Item = &[[f64; 2]]> {
        self.rings.iter().filter_map(move |(range, [w, s, e, n])| {
            let meets = *w <= east && *e >= west && *s <= north && *n >= south;
            if meets {
                self.lon_lat_deg.get(range.clone())
            } else {
                None
            }
        })
    }

    /// Heap memory held by the index.
    ///
    /// # Units
    /// Bytes.
    pub fn heap_bytes(&self) -> usize {
        self.lon_lat_deg.capacity() * size_of::<[f64; 2]>()
            + self.rings.capacity() * size_of::<(Range<usize>, [f64; 4])>()
            + self.coast.heap_bytes()
            + self.mask.heap_bytes()
            + self.nearest.heap_bytes()
    }

    /// `lon_deg` must be wrapped to `[-180, 180)`.
    fn on_land_at(&self, lat_deg: f64, lon_deg: f64) -> bool {
        self.mask.on_land(&self.lon_lat_deg, lat_deg, lon_deg)
    }

    /// `lon_deg` must be wrapped to `[-180, 180)`.
    fn coastline_distance_m(&self, lat_deg: f64, lon_deg: f64) -> f64 {
        let p = UnitVec::from_lat_lon(lat_deg, lon_deg);
        let bound_chord2 = self.raster_chord2(p, lat_deg, lon_deg);
        let chord2 = if bound_chord2 < self.near_shore_chord2 || self.mask.is_mixed(lat_deg, lon_deg) {
            self.coast.nearest_chord2(p, bound_chord2)
        } else {
            bound_chord2
        };
        chord2_to_m(chord2)
    }

    /// The raster's answer, an upper bound: the squared chord from `p` to the nearest of
    /// the edges nearest the four surrounding cell centres, improved by a walk along the
    /// coastline from there.
    fn raster_chord2(&self, p: UnitVec, lat_deg: f64, lon_deg: f64) -> f64 {
        let (edge, chord2) = self
            .nearest
            .around(lat_deg, lon_deg)
            .into_iter()
            .map(|edge| (edge, self.coast.chord2_to_edge(p, edge)))
            .fold((0, f64::INFINITY), |best, candidate| if candidate.1 < best.1 { candidate } else { best });
        self.coast.walk_to_nearer(p, edge, chord2).1
    }
}

/// The longitude wrapped to `[-180, 180)` if the point is a valid position.
fn checked_lon_deg(lat_deg: f64, lon_deg: f64) -> Option<f64> {
    ((-90.0..=90.0).contains(&lat_deg) && lon_deg.is_finite()).then(|| wrap_lon_deg(lon_deg))
}

#[cfg(test)]
mod tests;

/// `[west, south, east, north]` of a ring's vertices.
fn ring_box(ring: &[[f64; 2]]) -> [f64; 4] {
    ring.iter()
        .fold([f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY], |b, &[lon, lat]| {
            [b[0].min(lon), b[1].min(lat), b[2].max(lon), b[3].max(lat)]
        })
}
