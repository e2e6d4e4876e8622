//! The nearest-edge raster: for each cell of a coarse grid, a coastline edge nearest the
//! cell's centre (a feature transform), from which far-from-shore distances are measured.

use crate::geo::sphere::UnitVec;

use super::coast::Coast;
use super::grid::{edge_near, Cell, Shape};

/// Cells per degree of the nearest-edge grid (coarser than the land mask: the transform
/// is the slowest part of loading, and far from shore a coarse grid loses nothing).
pub(super) const NEAREST_CELLS_PER_DEG: usize = 4;
pub(super) const NEAREST_SHAPE: Shape = Shape::new(NEAREST_CELLS_PER_DEG);

/// Marks "no edge yet" while the transform runs.
const NO_EDGE: u32 = u32::MAX;

pub(super) struct NearestEdges {
    /// Per cell, the vertex index of the first end of a coastline edge nearest its centre.
    edges: Vec<u32>,
}

impl NearestEdges {
    /// Runs the transform. `coast_edges` must not be empty.
    pub(super) fn new(lon_lat_deg: &[[f64; 2]], coast: &Coast, coast_edges: &[u32]) -> NearestEdges {
        let mut transform = Transform::new(coast);
        for &edge in coast_edges {
            let ends = edge_near(lon_lat_deg, edge, lon_lat_deg[edge as usize][0]);
            for cell in NEAREST_SHAPE.cells_of_edge(ends).flat_map(|cell| NEAREST_SHAPE.block_3x3(cell)) {
                let center = transform.center(cell);
                transform.offer(cell, center, edge);
            }
        }
        transform.run();
        debug_assert!(transform.nearest.iter().all(|&edge| edge != NO_EDGE));
        NearestEdges { edges: transform.nearest }
    }

    /// The nearest edges of the four cells whose centres surround the point.
    pub(super) fn around(&self, lat_deg: f64, lon_deg: f64) -> [u32; 4] {
        NEAREST_SHAPE.surrounding(lat_deg, lon_deg).map(|cell| self.edges[NEAREST_SHAPE.index(cell)])
    }

    /// Heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.edges.capacity() * size_of::<u32>()
    }
}

/// Vector propagation (Danielsson's two-pass sweep, as in 8SSEDT): seeded with the edges
/// touching each cell and its eight neighbours, then each cell takes a neighbour's edge
/// when that edge is nearer its own centre. (Seeding only the touched cells keeps one edge
/// per coastal cell, and the headland edges that are nearest from afar are often not
/// among them; seeding the neighbours too makes the first ring offshore exact and cuts
/// far-field misses several-fold.) Distances are exact squared chords to great-circle arcs, so the sweep
/// works the same at every latitude; rows wrap at the antimeridian and the polar rows
/// also look across the pole. Like any two-pass propagation it can miss the true nearest
/// edge where several regions meet within a cell; queries measure from the point itself
/// to the edges of four cells and search exactly near the shore, so a miss only makes a
/// far-from-shore answer slightly long.
struct Transform<'a> {
    coast: &'a Coast,
    nearest: Vec<u32>,
    /// Squared chord from each centre to its `nearest` edge.
    chord2: Vec<f64>,
    /// Sine and cosine of each row's and column's centre.
    row_trig: Vec<(f64, f64)>,
    col_trig: Vec<(f64, f64)>,
}

impl<'a> Transform<'a> {
    fn new(coast: &'a Coast) -> Self {
        let shape = NEAREST_SHAPE;
        Transform {
            coast,
            nearest: vec![NO_EDGE; shape.cell_count()],
            chord2: vec![f64::INFINITY; shape.cell_count()],
            row_trig: (0..shape.rows)
                .map(|row| shape.row_center_lat_deg(row).to_radians().sin_cos())
                .collect(),
            col_trig: (0..shape.cols)
                .map(|col| shape.col_center_lon_deg(col).to_radians().sin_cos())
                .collect(),
        }
    }

    fn center(&self, cell: Cell) -> UnitVec {
        let (sin_lat, cos_lat) = self.row_trig[cell.row];
        let (sin_lon, cos_lon) = self.col_trig[cell.col];
        UnitVec::from_sin_cos(sin_lat, cos_lat, sin_lon, cos_lon)
    }

    /// Makes `edge` the cell's nearest if it is nearer than the current one.
    fn offer(&mut self, cell: Cell, center: UnitVec, edge: u32) -> bool {
        let index = NEAREST_SHAPE.index(cell);
        if edge == NO_EDGE || edge == self.nearest[index] {
            return false;
        }
        let chord2 = self.coast.chord2_to_edge(center, edge);
        if chord2 < self.chord2[index] {
            self.chord2[index] = chord2;
            self.nearest[index] = edge;
            return true;
        }
        false
    }

    /// Offers `cell` the nearest edge of `from`.
    fn pull(&mut self, cell: Cell, from: Cell) -> bool {
        let edge = self.nearest[NEAREST_SHAPE.index(from)];
        let center = self.center(cell);
        self.offer(cell, center, edge)
    }

    fn run(&mut self) {
        let rows = NEAREST_SHAPE.rows;
        // South to north, taking from the row below; then north to south from the row above.
        for row in 0..rows {
            self.sweep_row(row, row.checked_sub(1));
        }
        for row in (0..rows).rev() {
            self.sweep_row(row, Some(row + 1).filter(|&r| r < rows));
        }
    }

    /// One row of a pass: take from the three cells of the previous row (or from across
    /// the pole in a polar row) and the west neighbour, then sweep back from the east.
    /// A row is a ring, so each sweep goes on past its start until a cell stops improving.
    fn sweep_row(&mut self, row: usize, previous_row: Option<usize>) {
        let shape = NEAREST_SHAPE;
        for col in 0..shape.cols {
            let cell = Cell { row, col };
            match previous_row {
                Some(previous) => {
                    let below = Cell { row: previous, col };
                    for from in [shape.west(below), below, shape.east(below)] {
                        self.pull(cell, from);
                    }
                }
                None => {
                    self.pull(cell, shape.opposite(cell));
                }
            }
            self.pull(cell, shape.west(cell));
        }
        self.sweep_until_settled(row, 0..shape.cols, Shape::west);
        for col in (0..shape.cols).rev() {
            let cell = Cell { row, col };
            self.pull(cell, shape.east(cell));
        }
        self.sweep_until_settled(row, (0..shape.cols).rev(), Shape::east);
    }

    /// Goes on along a row, each cell taking from its `neighbour`, until a cell does not
    /// improve: the cells after it already saw its edge in the previous lap.
    fn sweep_until_settled(
        &mut self,
        row: usize,
        cols: impl Iterator<Item = usize>,
        neighbour: fn(Shape, Cell) -> Cell,
    ) {
        for col in cols {
            let cell = Cell { row, col };
            if !self.pull(cell, neighbour(NEAREST_SHAPE, cell)) {
                break;
            }
        }
    }
}
