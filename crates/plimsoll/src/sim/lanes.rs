//! Shipping lanes: the MARNET maritime route network (as shipped by `searoute`), a
//! graph of lines between ports, straits and ocean waypoints, and shortest paths on it.
//!
//! Every vertex of every line is a node (lines cross and join at shared vertices, not
//! only at their ends); consecutive vertices are joined by an edge as long as the great
//! circle between them. Longitudes past 180° (the network draws the Bering Strait and
//! the Pacific crossing east of the antimeridian) are wrapped into `[-180, 180)`, which
//! makes the network one connected graph. The Arctic passages are left out
//! ([`EXCLUDED_PASSAGES`]).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use serde::Deserialize;

use super::motion::LatLon;
use crate::geo::geodesy::{destination, haversine_distance_m, initial_bearing_deg, wrap_lon_deg};
use crate::geo::{Dataset, Error, ErrorKind, Land};

/// MARNET from `searoute` 1.6.0, the GeoJSON as published, compressed with zstd.
static MARNET_ZST: &[u8] = include_bytes!("../../data/searoute_marnet.geojson.zst");

/// A node index.
pub type NodeId = u32;

/// The lane network.
#[derive(Debug, Clone)]
pub struct Lanes {
    nodes: Vec<LatLon>,
    /// Compressed adjacency: node `n`'s edges are `edges[offsets[n]..offsets[n + 1]]`.
    offsets: Vec<usize>,
    /// (neighbour, length in metres).
    edges: Vec<(NodeId, f64)>,
    /// Nodes by 1° cell (floor of lat, floor of lon), for nearest-node queries.
    grid: HashMap<(i32, i32), Vec<NodeId>>,
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    geometry: Geometry,
    #[serde(default)]
    properties: Properties,
}

#[derive(Deserialize, Default)]
struct Properties {
    /// The strait or passage a line belongs to, if any ("suez", "bering", ...).
    passage: Option<String>,
}

/// Passages left out: the Arctic routes (the Northwest Passage, and the Bering Strait
/// that leads to the Northern Sea Route), closed by ice most of the year and sailed by
/// few ships; without them, no shortest path between Asia and Europe goes over Siberia.
/// (`searoute` itself leaves out the Northwest Passage by default.)
pub const EXCLUDED_PASSAGES: &[&str] = &["northwest", "bering"];

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    LineString(Vec<[f64; 2]>),
    MultiLineString(Vec<Vec<[f64; 2]>>),
}

/// Shortest distances from one node to all, and the way back.
#[derive(Debug, Clone)]
pub struct PathTree {
    distance_m: Vec<f64>,
    previous: Vec<NodeId>,
}

impl PathTree {
    /// The nodes from the tree's root to `to`, both included; `None` if unreachable.
    pub fn path_to(&self, to: NodeId) -> Option<Vec<NodeId>> {
        let index = usize::try_from(to).ok()?;
        if !self.distance_m.get(index)?.is_finite() {
            return None;
        }
        let mut path = vec![to];
        let mut at = to;
        // The root is its own predecessor.
        while let Some(&previous) = usize::try_from(at).ok().and_then(|i| self.previous.get(i)) {
            if previous == at {
                break;
            }
            path.push(previous);
            at = previous;
        }
        path.reverse();
        Some(path)
    }
}

fn cell(at: LatLon) -> (i32, i32) {
    // Float to integer: floors of coordinates in ±180 always fit.
    (at.lat_deg.floor() as i32, at.lon_deg.floor() as i32)
}

impl Lanes {
    /// The embedded MARNET network.
    ///
    /// # Errors
    /// Only if the embedded data is corrupt, which the tests rule out.
    pub fn embedded() -> Result<Lanes, Error> {
        let json = zstd::decode_all(MARNET_ZST)
            .map_err(|e| Error::new(Dataset::Marnet, ErrorKind::Decompress(e)))?;
        Lanes::from_geojson(&json)
    }

    /// A network from GeoJSON LineStrings and MultiLineStrings.
    ///
    /// # Errors
    /// [`ErrorKind::Json`] for anything else, [`ErrorKind::BadPosition`] for a
    /// coordinate that is not finite or out of range (longitudes up to 360° are taken).
    pub fn from_geojson(json: &[u8]) -> Result<Lanes, Error> {
        let collection: Collection =
            serde_json::from_slice(json).map_err(|e| Error::new(Dataset::Marnet, ErrorKind::Json(e)))?;
        let mut ids: HashMap<(i64, i64), NodeId> = HashMap::new();
        let mut nodes = Vec::new();
        let mut pairs: Vec<(NodeId, NodeId)> = Vec::new();
        for (feature_index, feature) in collection.features.iter().enumerate() {
            if feature.properties.passage.as_deref().is_some_and(|p| EXCLUDED_PASSAGES.contains(&p)) {
                continue;
            }
            let lines = match &feature.geometry {
                Geometry::LineString(line) => std::slice::from_ref(line),
                Geometry::MultiLineString(lines) => lines.as_slice(),
            };
            for line in lines {
                let mut previous: Option<NodeId> = None;
                for &[lon, lat] in line {
                    if !(lat.is_finite()
                        && lon.is_finite()
                        && lat.abs() <= 90.0
                        && (-180.0..=360.0).contains(&lon))
                    {
                        return Err(Error::new(Dataset::Marnet, ErrorKind::BadPosition { feature_index }));
                    }
                    let at = LatLon { lat_deg: lat, lon_deg: wrap_lon_deg(lon) };
                    // Microdegrees: the file's vertices agree to six decimals where lines meet.
                    let key = ((at.lat_deg * 1e6).round() as i64, (at.lon_deg * 1e6).round() as i64);
                    let id = *ids.entry(key).or_insert_with(|| {
                        nodes.push(at);
                        NodeId::try_from(nodes.len() - 1).unwrap_or(NodeId::MAX)
                    });
                    if let Some(p) = previous.filter(|&p| p != id) {
                        pairs.push((p, id));
                        pairs.push((id, p));
                    }
                    previous = Some(id);
                }
            }
        }
        Ok(Lanes::from_parts(nodes, pairs))
    }

    /// The network from its nodes and directed edges (both directions given).
    fn from_parts(nodes: Vec<LatLon>, mut pairs: Vec<(NodeId, NodeId)>) -> Lanes {
        pairs.sort_unstable();
        pairs.dedup();
        let mut offsets = vec![0; nodes.len() + 1];
        for &(a, _) in &pairs {
            offsets[a as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let edges = pairs
            .iter()
            .map(|&(a, b)| {
                let (p, q) = (nodes[a as usize], nodes[b as usize]);
                (b, haversine_distance_m(p.lat_deg, p.lon_deg, q.lat_deg, q.lon_deg))
            })
            .collect();
        let mut grid: HashMap<(i32, i32), Vec<NodeId>> = HashMap::new();
        for (id, &at) in nodes.iter().enumerate() {
            grid.entry(cell(at)).or_default().push(NodeId::try_from(id).unwrap_or(NodeId::MAX));
        }
        Lanes { nodes, offsets, edges, grid }
    }

    /// The network without what lies on `land`: nodes on it, and edges whose points
    /// every 2 km touch it. Natural Earth's land has the lakes in it (the Great Lakes'
    /// lanes go) and closes the canals (Suez, Panama, Kiel: voyages go round), so that
    /// no simulated ship sails where the detectors' geography says is land.
    pub fn at_sea(&self, land: &Land) -> Lanes {
        let mut ids: Vec<Option<NodeId>> = Vec::with_capacity(self.nodes.len());
        let mut nodes = Vec::new();
        for at in &self.nodes {
            if land.is_on_land(at.lat_deg, at.lon_deg) {
                ids.push(None);
            } else {
                nodes.push(*at);
                ids.push(Some(NodeId::try_from(nodes.len() - 1).unwrap_or(NodeId::MAX)));
            }
        }
        let mut pairs = Vec::new();
        for (a, &new_a) in ids.iter().enumerate() {
            let Some(new_a) = new_a else { continue };
            for &(b, length_m) in &self.edges[self.offsets[a]..self.offsets[a + 1]] {
                let Some(new_b) = ids[b as usize] else { continue };
                if new_a > new_b {
                    continue;
                }
                let (p, q) = (self.nodes[a], self.nodes[b as usize]);
                let bearing_deg = initial_bearing_deg(p.lat_deg, p.lon_deg, q.lat_deg, q.lon_deg);
                let steps = (length_m / 2_000.0).ceil().max(1.0);
                // Float to integer: a step count of at most a few thousand.
                let wet = (1..steps as u32).all(|k| {
                    let (lat_deg, lon_deg) =
                        destination(p.lat_deg, p.lon_deg, bearing_deg, length_m * f64::from(k) / steps);
                    !land.is_on_land(lat_deg, lon_deg)
                });
                if wet {
                    pairs.push((new_a, new_b));
                    pairs.push((new_b, new_a));
                }
            }
        }
        Lanes::from_parts(nodes, pairs)
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Where node `id` is.
    ///
    /// # Panics
    /// If `id` is not a node of this network (ids come from its own methods).
    pub fn node(&self, id: NodeId) -> LatLon {
        self.nodes[id as usize]
    }

    /// The nodes within `radius_m` of `at` (the radius at most about 100 km), nearest first.
    pub fn within(&self, at: LatLon, radius_m: f64) -> Vec<(NodeId, f64)> {
        let (row, col) = cell(at);
        let mut found = Vec::new();
        for d_row in -1..=1 {
            for d_col in -1..=1 {
                // Columns wrap at the antimeridian.
                let col = (col + d_col + 180).rem_euclid(360) - 180;
                for &id in self.grid.get(&(row + d_row, col)).into_iter().flatten() {
                    let n = self.node(id);
                    let d_m = haversine_distance_m(at.lat_deg, at.lon_deg, n.lat_deg, n.lon_deg);
                    if d_m <= radius_m {
                        found.push((id, d_m));
                    }
                }
            }
        }
        found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        found
    }

    /// The nearest node within `radius_m` of `at`.
    pub fn nearest(&self, at: LatLon, radius_m: f64) -> Option<(NodeId, f64)> {
        self.within(at, radius_m).into_iter().next()
    }

    /// Dijkstra from `from` over the whole network.
    pub fn shortest_paths(&self, from: NodeId) -> PathTree {
        let n = self.nodes.len();
        let mut distance_m = vec![f64::INFINITY; n];
        let mut previous: Vec<NodeId> = (0..n).map(|i| NodeId::try_from(i).unwrap_or(NodeId::MAX)).collect();
        let mut heap = BinaryHeap::new();
        if let Some(d) = distance_m.get_mut(from as usize) {
            *d = 0.0;
            // Whole millimetres as the key: f64 is not Ord, and ties break by node.
            heap.push(Reverse((0_u64, from)));
        }
        while let Some(Reverse((key_mm, node))) = heap.pop() {
            let here_m = distance_m[node as usize];
            if key_mm > (here_m * 1000.0) as u64 {
                continue;
            }
            for &(next, length_m) in &self.edges[self.offsets[node as usize]..self.offsets[node as usize + 1]]
            {
                let via_m = here_m + length_m;
                if via_m < distance_m[next as usize] {
                    distance_m[next as usize] = via_m;
                    previous[next as usize] = node;
                    heap.push(Reverse(((via_m * 1000.0) as u64, next)));
                }
            }
        }
        PathTree { distance_m, previous }
    }
}

/// How far ship `index` keeps from a lane's line ([`keep_to_starboard`]): 0.3 to
/// 1.5 km, spread evenly over the indices by the golden ratio, so that ships on one
/// side of a lane are rarely on one line either (a real lane's side is a kilometre or
/// more wide).
pub fn lane_offset_m(index: usize) -> f64 {
    const GOLDEN_FRACTION: f64 = 0.618_033_988_749_894_8;
    let k = f64::from(u32::try_from(index % (1 << 20)).unwrap_or(0));
    300.0 + 1_200.0 * (k * GOLDEN_FRACTION).fract()
}

/// The least offset [`keep_to_starboard`] moves a vertex by: ships meeting in a
/// channel so narrow on the coastline data are still 100 m apart, not a few metres.
pub const MIN_LANE_OFFSET_M: f64 = 50.0;

/// The way along `points` keeping `offset_m` to starboard: each vertex moved that far
/// square to the mean of the headings into and out of it (into it at a turn back).
/// The network's lines have no width, but real lanes are kilometres wide and ships
/// keep to their side of them (COLREGS rule 10 in separation schemes, rule 9 in
/// narrow channels): on the bare lines, two ships meeting pass through one spot,
/// which AIS would show as one position shared by two MMSIs. Where `land` has the
/// moved vertex ashore, or the middle of the way to it from the one before, the
/// offset is halved until both are at sea, down to [`MIN_LANE_OFFSET_M`] (below,
/// the vertex itself).
pub fn keep_to_starboard(points: &[LatLon], offset_m: f64, land: Option<&Land>) -> Vec<LatLon> {
    let bearing = |a: LatLon, b: LatLon| initial_bearing_deg(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
    let ashore = |at: LatLon| land.is_some_and(|land| land.is_on_land(at.lat_deg, at.lon_deg));
    let mut way: Vec<LatLon> = Vec::with_capacity(points.len());
    for (i, &at) in points.iter().enumerate() {
        let inbound = i.checked_sub(1).map(|p| bearing(points[p], at));
        let outbound = points.get(i + 1).map(|&next| bearing(at, next));
        let heading_deg = match (inbound, outbound) {
            (Some(a), Some(b)) => {
                let (a, b) = (a.to_radians(), b.to_radians());
                let (sin, cos) = (a.sin() + b.sin(), a.cos() + b.cos());
                // A turn back: no mean heading, the inbound one.
                if sin.hypot(cos) < 1e-6 {
                    a.to_degrees()
                } else {
                    sin.atan2(cos).to_degrees()
                }
            }
            (Some(h), None) | (None, Some(h)) => h,
            (None, None) => {
                way.push(at);
                continue;
            }
        };
        let mut moved = at;
        let mut distance_m = offset_m;
        while distance_m >= MIN_LANE_OFFSET_M {
            let (lat_deg, lon_deg) = destination(at.lat_deg, at.lon_deg, heading_deg + 90.0, distance_m);
            let candidate = LatLon { lat_deg, lon_deg };
            // The vertex, and the middle of the way to it (where a headland the
            // line cleared may lie), at sea.
            let middle = way.last().map(|&p| {
                let length_m = haversine_distance_m(p.lat_deg, p.lon_deg, lat_deg, lon_deg);
                let (lat_deg, lon_deg) =
                    destination(p.lat_deg, p.lon_deg, bearing(p, candidate), length_m / 2.0);
                LatLon { lat_deg, lon_deg }
            });
            if !ashore(candidate) && !middle.is_some_and(ashore) {
                moved = candidate;
                break;
            }
            distance_m /= 2.0;
        }
        way.push(moved);
    }
    way
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marnet_is_one_network_from_shanghai_to_rotterdam_through_malacca_and_suez() {
        let lanes = Lanes::embedded().unwrap();
        assert!(lanes.node_count() > 9_000, "{}", lanes.node_count());
        let shanghai = lanes.nearest(LatLon { lat_deg: 31.0, lon_deg: 122.5 }, 100_000.0).unwrap().0;
        let rotterdam = lanes.nearest(LatLon { lat_deg: 52.0, lon_deg: 3.8 }, 100_000.0).unwrap().0;
        let tree = lanes.shortest_paths(shanghai);
        let path = tree.path_to(rotterdam).unwrap();
        assert_eq!((path[0], *path.last().unwrap()), (shanghai, rotterdam));
        let near = |lat: f64, lon: f64| {
            path.iter().any(|&n| {
                let p = lanes.node(n);
                haversine_distance_m(p.lat_deg, p.lon_deg, lat, lon) < 150_000.0
            })
        };
        assert!(near(1.3, 103.8), "through Singapore");
        assert!(near(30.5, 32.35), "through Suez");
        let length_km = tree.distance_m[rotterdam as usize] / 1000.0;
        // The usual figure for the voyage is about 10,500 nautical miles (19,400 km).
        assert!((18_000.0..21_500.0).contains(&length_km), "{length_km} km");
    }

    #[test]
    fn lanes_at_sea_leave_the_lakes_and_keep_the_oceans_joined() {
        let land = Land::embedded().unwrap();
        let lanes = Lanes::embedded().unwrap().at_sea(&land);
        let superior = LatLon { lat_deg: 47.5, lon_deg: -87.0 };
        assert!(lanes.nearest(superior, 100_000.0).is_none(), "the Great Lakes are land here");
        let shanghai = lanes.nearest(LatLon { lat_deg: 31.0, lon_deg: 122.5 }, 100_000.0).unwrap().0;
        let rotterdam = lanes.nearest(LatLon { lat_deg: 52.0, lon_deg: 3.8 }, 100_000.0).unwrap().0;
        let path = lanes.shortest_paths(shanghai).path_to(rotterdam).unwrap();
        for pair in path.windows(2) {
            let (a, b) = (lanes.node(pair[0]), lanes.node(pair[1]));
            assert!(!land.is_on_land(a.lat_deg, a.lon_deg) && !land.is_on_land(b.lat_deg, b.lon_deg));
        }
    }

    #[test]
    fn ships_keep_to_starboard_so_that_opposite_ways_are_apart() {
        // A lane north then east; the way back is the other side of the line.
        let lane = [(30.0, 122.0), (31.0, 122.0), (31.0, 123.0)]
            .map(|(lat_deg, lon_deg)| LatLon { lat_deg, lon_deg });
        let out = keep_to_starboard(&lane, 1_000.0, None);
        let mut back_lane = lane;
        back_lane.reverse();
        let back = keep_to_starboard(&back_lane, 1_000.0, None);
        let d = |a: LatLon, b: LatLon| haversine_distance_m(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
        // Heading north, starboard is east; at the corner, south-east of it.
        assert!((d(out[0], lane[0]) - 1_000.0).abs() < 1.0 && out[0].lon_deg > lane[0].lon_deg);
        assert!(out[1].lat_deg < lane[1].lat_deg && out[1].lon_deg > lane[1].lon_deg);
        // The two ways are twice the offset apart at every vertex.
        for (a, b) in out.iter().zip(back.iter().rev()) {
            assert!((d(*a, *b) - 2_000.0).abs() < 2.0, "{}", d(*a, *b));
        }
        // Ashore, the offset is halved until at sea: here none is, so no move.
        let land = Land::embedded().unwrap();
        let inland = [(48.0, 2.0), (48.5, 2.0)].map(|(lat_deg, lon_deg)| LatLon { lat_deg, lon_deg });
        assert_eq!(keep_to_starboard(&inland, 1_000.0, Some(&land)), inland.to_vec());
    }

    #[test]
    fn bad_geojson_is_an_error() {
        let error =
            Lanes::from_geojson(br#"{"features":[{"geometry":{"type":"Point","coordinates":[1,2]}}]}"#)
                .unwrap_err();
        assert!(matches!(error.kind, ErrorKind::Json(_)), "{error}");
        let error = Lanes::from_geojson(
            br#"{"features":[{"geometry":{"type":"LineString","coordinates":[[1,2],[1,95]]}}]}"#,
        )
        .unwrap_err();
        assert!(matches!(error.kind, ErrorKind::BadPosition { feature_index: 0 }), "{error}");
    }
}
