//! The polygon rings and the coastline: parsing the GeoJSON, telling real coast from the
//! antimeridian cut, and the exact nearest-coastline search (an R-tree of coastline runs).

use std::ops::Range;

use rstar::{ParentNode, RTree, RTreeNode, RTreeObject, AABB};
use serde::Deserialize;

use crate::geo::error::{Dataset, Error, ErrorKind, RingFault};
use crate::geo::sphere::{arc_bulge, UnitVec};

/// Most vertices the grid can address: its cells keep a vertex index in 30 bits.
pub(super) const VERTEX_COUNT_MAX: usize = 1 << 30;

/// Coastline edges per R-tree leaf. Leaves of single edges would make the tree most of the
/// memory (rstar spends ~80 bytes a node); runs of 8 cut that eightfold while a leaf test
/// stays a handful of nanoseconds per edge.
const RUN_EDGES_MAX: u32 = 8;

/// Polygon rings as parsed: every ring's positions one after another.
pub(super) struct Rings {
    /// `[lon, lat]` in degrees, as GeoJSON orders them; each ring closed (last == first).
    pub(super) lon_lat_deg: Vec<[f64; 2]>,
    /// Each ring's range in `lon_lat_deg`.
    pub(super) ranges: Vec<Range<usize>>,
}

#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    geometry: Option<Geometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl Rings {
    /// Parses a GeoJSON FeatureCollection of Polygons and MultiPolygons.
    pub(super) fn from_geojson(json: &[u8]) -> Result<Rings, Error> {
        let land_error = |kind| Error::new(Dataset::Land, kind);
        let collection: FeatureCollection =
            serde_json::from_slice(json).map_err(|e| land_error(ErrorKind::Json(e)))?;
        let mut rings = Rings { lon_lat_deg: Vec::new(), ranges: Vec::new() };
        for (feature_index, feature) in collection.features.into_iter().enumerate() {
            let polygons = match feature.geometry {
                None => continue,
                Some(Geometry::Polygon(polygon)) => vec![polygon],
                Some(Geometry::MultiPolygon(polygons)) => polygons,
            };
            for (polygon_index, polygon) in polygons.into_iter().enumerate() {
                for (ring_index, ring) in polygon.into_iter().enumerate() {
                    rings.push(&ring).map_err(|fault| {
                        land_error(ErrorKind::BadRing { feature_index, polygon_index, ring_index, fault })
                    })?;
                }
            }
        }
        if rings.lon_lat_deg.len() > VERTEX_COUNT_MAX {
            return Err(land_error(ErrorKind::TooManyVertices {
                vertex_count: rings.lon_lat_deg.len(),
                limit: VERTEX_COUNT_MAX,
            }));
        }
        Ok(rings)
    }

    fn push(&mut self, ring: &[[f64; 2]]) -> Result<(), RingFault> {
        // GeoJSON asks for at least four positions, but simplification collapses some
        // rocks and reefs to two points there and back (13 rings in Natural Earth 10m):
        // kept, they are coastline without area.
        if ring.len() < 3 {
            return Err(RingFault::TooShort);
        }
        if ring.first() != ring.last() {
            return Err(RingFault::NotClosed);
        }
        if let Some(position_index) = ring.iter().position(|&[lon_deg, lat_deg]| {
            !((-180.0..=180.0).contains(&lon_deg) && (-90.0..=90.0).contains(&lat_deg))
        }) {
            return Err(RingFault::OutOfRange { position_index });
        }
        let start = self.lon_lat_deg.len();
        self.lon_lat_deg.extend_from_slice(ring);
        self.ranges.push(start..self.lon_lat_deg.len());
        Ok(())
    }

    /// The coastline: every ring edge, named by the index of its first vertex, except the
    /// ones that are not shore. Natural Earth cuts polygons at the antimeridian, so rings
    /// that reach it run along the ±180° meridian; those edges, and edges of zero length
    /// (180° and −180° at the same latitude), are no coast.
    pub(super) fn coast_edges(&self, unit: &[UnitVec]) -> Vec<u32> {
        let mut edges = Vec::new();
        for range in &self.ranges {
            for (vertex, pair) in self.lon_lat_deg[range.clone()].windows(2).enumerate() {
                let first = range.start + vertex;
                let on_antimeridian = pair[0][0].abs() == 180.0 && pair[1][0].abs() == 180.0;
                if !on_antimeridian && unit[first] != unit[first + 1] {
                    // In range: from_geojson caps the vertex count at VERTEX_COUNT_MAX.
                    edges.extend(u32::try_from(first).ok());
                }
            }
        }
        edges
    }
}

/// A run of consecutive coastline edges of one ring: an R-tree leaf.
struct Run {
    /// Contains every point of the run's arcs (the chords' box grown by the arcs' bulge).
    envelope: AABB<[f64; 3]>,
    first_edge: u32,
    edge_count: u32,
}

impl RTreeObject for Run {
    type Envelope = AABB<[f64; 3]>;

    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

/// The coastline on the unit sphere, indexed for exact nearest-edge queries.
pub(super) struct Coast {
    /// Every ring vertex on the unit sphere (same indices as [`Rings::lon_lat_deg`]); the
    /// edge named `e` runs from vertex `e` to vertex `e + 1`.
    pub(super) unit: Vec<UnitVec>,
    /// Bit `e` set when edge `e` is coastline (see [`Rings::coast_edges`]).
    is_coast_edge: Vec<u64>,
    tree: RTree<Run>,
}

impl Coast {
    /// Indexes the given coastline edges (sorted, as [`Rings::coast_edges`] returns them).
    pub(super) fn new(unit: Vec<UnitVec>, edges: &[u32]) -> Coast {
        let mut runs = Vec::new();
        let mut rest = edges;
        while let Some(&first_edge) = rest.first() {
            // A run continues while the next edge starts where the last one ended.
            let mut edge_count = 1;
            while edge_count < RUN_EDGES_MAX
                && rest.get(edge_count as usize).is_some_and(|&e| e == first_edge + edge_count)
            {
                edge_count += 1;
            }
            rest = &rest[edge_count as usize..];
            runs.push(Run { envelope: run_envelope(&unit, first_edge, edge_count), first_edge, edge_count });
        }
        let mut is_coast_edge = vec![0_u64; unit.len().div_ceil(64)];
        for &edge in edges {
            is_coast_edge[edge as usize / 64] |= 1 << (edge % 64);
        }
        let mut unit = unit;
        unit.shrink_to_fit();
        Coast { unit, is_coast_edge, tree: RTree::bulk_load(runs) }
    }

    /// Squared chord from `p` to the edge starting at vertex `edge`.
    pub(super) fn chord2_to_edge(&self, p: UnitVec, edge: u32) -> f64 {
        let first = edge as usize;
        p.chord2_to_arc(self.unit[first], self.unit[first + 1])
    }

    pub(super) fn is_coast_edge(&self, edge: u32) -> bool {
        self.is_coast_edge.get(edge as usize / 64).is_some_and(|bits| bits & (1 << (edge % 64)) != 0)
    }

    /// From a coastline edge and its squared chord to `p`, walks along the coastline to
    /// the neighbouring edge while that is nearer, and returns where it stops.
    ///
    /// A coastline of short edges seen from afar is nearest at one edge, and the edges
    /// around a good guess get steadily nearer towards it, so a short walk turns an edge
    /// a few kilometres off into the nearest one. (A walk stops at a local minimum; it
    /// only ever improves the guess.)
    pub(super) fn walk_to_nearer(&self, p: UnitVec, mut edge: u32, mut chord2: f64) -> (u32, f64) {
        for step in [u32::wrapping_sub, u32::wrapping_add] {
            loop {
                let next = step(edge, 1);
                if !self.is_coast_edge(next) {
                    break;
                }
                let next_chord2 = self.chord2_to_edge(p, next);
                if next_chord2 >= chord2 {
                    break;
                }
                (edge, chord2) = (next, next_chord2);
            }
        }
        (edge, chord2)
    }

    /// Squared chord from `p` to a nearest coastline edge, or `bound_chord2` if no edge is
    /// nearer. Any distance already known to be reached (an upper bound) prunes the
    /// search; `f64::INFINITY` searches everything.
    pub(super) fn nearest_chord2(&self, p: UnitVec, bound_chord2: f64) -> f64 {
        let mut search = Search { coast: self, p, best_chord2: bound_chord2 };
        search.visit(self.tree.root());
        search.best_chord2
    }

    /// Heap bytes held (vertices and tree nodes).
    pub(super) fn heap_bytes(&self) -> usize {
        fn node_bytes(node: &ParentNode<Run>) -> usize {
            size_of_val(node.children())
                + node
                    .children()
                    .iter()
                    .map(|child| match child {
                        RTreeNode::Leaf(_) => 0,
                        RTreeNode::Parent(parent) => node_bytes(parent),
                    })
                    .sum::<usize>()
        }
        self.unit.capacity() * size_of::<UnitVec>()
            + self.is_coast_edge.capacity() * size_of::<u64>()
            + node_bytes(self.tree.root())
    }
}

struct Search<'a> {
    coast: &'a Coast,
    p: UnitVec,
    best_chord2: f64,
}

impl Search<'_> {
    fn may_hold_nearer(&self, envelope: &AABB<[f64; 3]>) -> bool {
        envelope.distance_2(&self.p.0) < self.best_chord2
    }

    /// Visits the nearest child first (it most likely holds the answer, and shrinks the
    /// bound for the others), then the others that may still hold a nearer edge.
    fn visit(&mut self, node: &ParentNode<Run>) {
        let children = node.children();
        let nearest = children
            .iter()
            .enumerate()
            .map(|(k, child)| (child.envelope().distance_2(&self.p.0), k))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, k)| k);
        if let Some(first) = nearest {
            self.visit_child(&children[first]);
        }
        for (k, child) in children.iter().enumerate() {
            if Some(k) != nearest {
                self.visit_child(child);
            }
        }
    }

    fn visit_child(&mut self, child: &RTreeNode<Run>) {
        match child {
            RTreeNode::Leaf(run) => {
                if self.may_hold_nearer(&run.envelope) {
                    for edge in run.first_edge..run.first_edge + run.edge_count {
                        self.best_chord2 = self.best_chord2.min(self.coast.chord2_to_edge(self.p, edge));
                    }
                }
            }
            RTreeNode::Parent(parent) => {
                if self.may_hold_nearer(&parent.envelope()) {
                    self.visit(parent);
                }
            }
        }
    }
}

/// The box of a run's vertices, grown by its longest arc's bulge so that it holds the arcs
/// and not only their chords: a box distance is then a true lower bound.
fn run_envelope(unit: &[UnitVec], first_edge: u32, edge_count: u32) -> AABB<[f64; 3]> {
    let vertices = &unit[first_edge as usize..=(first_edge + edge_count) as usize];
    let bulge = vertices.windows(2).map(|pair| arc_bulge(pair[0].chord2(pair[1]))).fold(0.0, f64::max);
    let mut lower = [f64::INFINITY; 3];
    let mut upper = [f64::NEG_INFINITY; 3];
    for vertex in vertices {
        for axis in 0..3 {
            lower[axis] = lower[axis].min(vertex.0[axis] - bulge);
            upper[axis] = upper[axis].max(vertex.0[axis] + bulge);
        }
    }
    AABB::from_corners(lower, upper)
}
