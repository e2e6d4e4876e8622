//! The land mask: a 0.1° raster saying whether each cell's centre is on land and whether
//! coastline passes through the cell ("mixed"), with the coastline edges of each mixed
//! cell for the exact test there.

use crate::geo::geodesy::lon_delta_deg;

use super::coast::Rings;
use super::grid::{edge_near, Cell, Shape};

/// 3600 × 1800 cells: 11 km at the equator, so that a mixed cell holds a handful of
/// Natural Earth 10m edges (4.4 on average) and the bits fit in 1.6 MB.
pub(super) const MASK_SHAPE: Shape = Shape::new(10);

// Cell indices are kept as u32 and columns as u16 (halving the build's sort and the
// column list); these make those narrowings lossless.
const _: () = assert!(MASK_SHAPE.rows * MASK_SHAPE.cols <= u32::MAX as usize);
const _: () = assert!(MASK_SHAPE.cols <= u16::MAX as usize);

/// One bit per cell.
struct Bits(Vec<u64>);

impl Bits {
    fn new(count: usize) -> Bits {
        Bits(vec![0; count.div_ceil(64)])
    }

    fn get(&self, index: usize) -> bool {
        self.0[index / 64] & (1 << (index % 64)) != 0
    }

    fn set(&mut self, index: usize) {
        self.0[index / 64] |= 1 << (index % 64);
    }

    fn toggle(&mut self, index: usize) {
        self.0[index / 64] ^= 1 << (index % 64);
    }
}

pub(super) struct LandMask {
    center_on_land: Bits,
    mixed: Bits,
    /// Row `r`'s mixed cells are `mixed_cols[row_starts[r]..row_starts[r + 1]]`.
    row_starts: Vec<u32>,
    /// Columns of the mixed cells, ascending within a row.
    mixed_cols: Vec<u16>,
    /// Mixed cell `k`'s edges are `edges[edge_starts[k]..edge_starts[k + 1]]`.
    edge_starts: Vec<usize>,
    edges: Vec<u32>,
}

impl LandMask {
    pub(super) fn new(rings: &Rings, coast_edges: &[u32]) -> LandMask {
        let shape = MASK_SHAPE;
        let mut center_on_land = Bits::new(shape.cell_count());
        for range in &rings.ranges {
            fill_ring(&mut center_on_land, &rings.lon_lat_deg[range.clone()]);
        }

        // (cell, edge) for every cell an edge's box touches, grouped by cell.
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(coast_edges.len() * 2);
        for &edge in coast_edges {
            let ends = edge_near(&rings.lon_lat_deg, edge, rings.lon_lat_deg[edge as usize][0]);
            // Lossless: see the assertions under MASK_SHAPE.
            pairs.extend(shape.cells_of_edge(ends).map(|cell| (shape.index(cell) as u32, edge)));
        }
        pairs.sort_unstable();
        pairs.dedup();

        let mut mask = LandMask {
            center_on_land,
            mixed: Bits::new(shape.cell_count()),
            row_starts: vec![0; shape.rows + 1],
            mixed_cols: Vec::new(),
            edge_starts: Vec::new(),
            edges: Vec::with_capacity(pairs.len()),
        };
        for (k, &(index, edge)) in pairs.iter().enumerate() {
            if k == 0 || pairs[k - 1].0 != index {
                let index = index as usize;
                mask.mixed.set(index);
                mask.row_starts[index / shape.cols + 1] += 1;
                // Lossless: see the assertions under MASK_SHAPE.
                mask.mixed_cols.push((index % shape.cols) as u16);
                mask.edge_starts.push(mask.edges.len());
            }
            mask.edges.push(edge);
        }
        mask.edge_starts.push(mask.edges.len());
        for row in 0..shape.rows {
            mask.row_starts[row + 1] += mask.row_starts[row];
        }
        mask
    }

    /// Whether a point is on land. `lon_deg` must be in `[-180, 180)`.
    ///
    /// Outside mixed cells, the centre's state holds for the whole cell. In a mixed cell
    /// the centre's state is flipped at every coastline edge crossed on the straight
    /// (plate carrée) way from the centre to the point; the way stays inside the cell, so
    /// the cell's edge list holds every edge it can cross.
    pub(super) fn on_land(&self, lon_lat_deg: &[[f64; 2]], lat_deg: f64, lon_deg: f64) -> bool {
        let shape = MASK_SHAPE;
        let cell = shape.containing(lat_deg, lon_deg);
        let index = shape.index(cell);
        let mut on_land = self.center_on_land.get(index);
        if self.mixed.get(index) {
            let point = [lon_deg, lat_deg];
            let center = [shape.col_center_lon_deg(cell.col), shape.row_center_lat_deg(cell.row)];
            for &edge in self.edges_of(cell) {
                let [a, b] = edge_near(lon_lat_deg, edge, center[0]);
                if segments_cross(point, center, a, b) {
                    on_land = !on_land;
                }
            }
        }
        on_land
    }

    /// Whether coastline passes through the cell containing the point (or near it: the
    /// cells are those the edges' bounding boxes touch).
    pub(super) fn is_mixed(&self, lat_deg: f64, lon_deg: f64) -> bool {
        self.mixed.get(MASK_SHAPE.index(MASK_SHAPE.containing(lat_deg, lon_deg)))
    }

    fn edges_of(&self, cell: Cell) -> &[u32] {
        let start = self.row_starts[cell.row] as usize;
        let end = self.row_starts[cell.row + 1] as usize;
        let found =
            u16::try_from(cell.col).ok().and_then(|col| self.mixed_cols[start..end].binary_search(&col).ok());
        match found {
            Some(k) => &self.edges[self.edge_starts[start + k]..self.edge_starts[start + k + 1]],
            None => &[],
        }
    }

    /// Heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        (self.center_on_land.0.capacity() + self.mixed.0.capacity()) * size_of::<u64>()
            + (self.row_starts.capacity() + self.edges.capacity()) * size_of::<u32>()
            + self.edge_starts.capacity() * size_of::<usize>()
            + self.mixed_cols.capacity() * size_of::<u16>()
    }
}

/// Twice the signed area of the triangle (p, q, r): positive when r is left of p→q.
fn orient(p: [f64; 2], q: [f64; 2], r: [f64; 2]) -> f64 {
    (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
}

/// Whether segment p–q crosses edge a–b. A vertex exactly on the line p–q counts as lying
/// on one fixed side, so a way through a vertex crosses exactly one of its two edges when
/// the boundary passes through, and none or both when it only touches.
fn segments_cross(p: [f64; 2], q: [f64; 2], a: [f64; 2], b: [f64; 2]) -> bool {
    (orient(p, q, a) > 0.0) != (orient(p, q, b) > 0.0) && (orient(a, b, p) > 0.0) != (orient(a, b, q) > 0.0)
}

/// Toggles the bit of every cell whose centre the ring encloses (even-odd), row by row.
///
/// Rings are taken on the sphere, as the data means them: longitudes are unwrapped along
/// the ring so that an edge from 179.9° E to 179.9° W is 0.2° long, not 359.8°. A ring
/// that then ends a whole turn east or west of its start goes round a pole (Antarctica),
/// and is closed over the pole on the side of its mean latitude.
fn fill_ring(center_on_land: &mut Bits, ring: &[[f64; 2]]) {
    let shape = MASK_SHAPE;
    let mut unwrapped = Vec::with_capacity(ring.len() + 3);
    let mut lon_deg = ring[0][0];
    for pair in ring.windows(2) {
        unwrapped.push([lon_deg, pair[0][1]]);
        lon_deg += lon_delta_deg(pair[0][0], pair[1][0]);
    }
    unwrapped.push([lon_deg, ring[0][1]]);
    if (lon_deg - ring[0][0]).abs() > 180.0 {
        // The ring is closed, so its positions' count is not zero.
        let mean_lat_deg = ring.iter().map(|p| p[1]).sum::<f64>() / ring.len() as f64;
        let pole_lat_deg = if mean_lat_deg < 0.0 { -90.0 } else { 90.0 };
        unwrapped.push([lon_deg, pole_lat_deg]);
        unwrapped.push([ring[0][0], pole_lat_deg]);
        unwrapped.push(ring[0]);
    }

    // Where the ring crosses each row's centre line, as (row, longitude).
    let mut crossings: Vec<(usize, f64)> = Vec::new();
    for pair in unwrapped.windows(2) {
        let ([a_lon, a_lat], [b_lon, b_lat]) = (pair[0], pair[1]);
        for row in shape.first_row_from(a_lat.min(b_lat))..shape.rows {
            let lat = shape.row_center_lat_deg(row);
            if lat >= a_lat.max(b_lat) {
                break;
            }
            // Half-open in latitude, so a vertex on the line counts once.
            if (a_lat > lat) != (b_lat > lat) {
                crossings.push((row, a_lon + (lat - a_lat) * (b_lon - a_lon) / (b_lat - a_lat)));
            }
        }
    }
    crossings.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));

    // Between the first and second crossing of a row is inside, and so on.
    for pair in crossings.chunks_exact(2) {
        let ((row, west_lon_deg), (east_row, east_lon_deg)) = (pair[0], pair[1]);
        debug_assert_eq!(row, east_row, "a closed ring crosses each line an even number of times");
        let (first, end) = (shape.first_col_from(west_lon_deg), shape.first_col_from(east_lon_deg));
        debug_assert!(end - first <= shape.cols as i64);
        for col in first..end {
            center_on_land.toggle(shape.index(Cell { row, col: shape.wrap_col(col) }));
        }
    }
}
