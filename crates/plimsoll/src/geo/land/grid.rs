//! Regular latitude-longitude grids: which cell holds a point, a cell's centre and
//! neighbours, with rows that wrap at the antimeridian.

use crate::geo::geodesy::lon_delta_deg;

/// A global grid of square cells in degrees: columns from 180° W eastwards, rows from
/// 90° S northwards.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    cells_per_deg: f64,
    pub(super) cols: usize,
    pub(super) rows: usize,
}

/// A cell's row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cell {
    pub(super) row: usize,
    pub(super) col: usize,
}

impl Shape {
    /// A grid of `cells_per_deg` cells per degree both ways.
    pub(super) const fn new(cells_per_deg: usize) -> Shape {
        // Small integers: exact in f64.
        Shape { cells_per_deg: cells_per_deg as f64, cols: 360 * cells_per_deg, rows: 180 * cells_per_deg }
    }

    pub(super) fn cell_count(self) -> usize {
        self.rows * self.cols
    }

    pub(super) fn index(self, cell: Cell) -> usize {
        cell.row * self.cols + cell.col
    }

    /// The cell containing a point; `lon_deg` must be in `[-180, 180)`.
    pub(super) fn containing(self, lat_deg: f64, lon_deg: f64) -> Cell {
        // Float-to-integer `as` saturates; the clamps keep 90° N and longitudes that
        // round up to 180° in the last row and column rather than wrapping them.
        let row = (((lat_deg + 90.0) * self.cells_per_deg).floor() as usize).min(self.rows - 1);
        let col = (((lon_deg + 180.0) * self.cells_per_deg).floor() as usize).min(self.cols - 1);
        Cell { row, col }
    }

    /// The 2×2 block of cells whose centres surround a point: the rows just south and
    /// north of it (the same row twice beyond the outermost centres) and the columns just
    /// west and east (wrapping across the antimeridian).
    pub(super) fn surrounding(self, lat_deg: f64, lon_deg: f64) -> [Cell; 4] {
        let row_f = ((lat_deg + 90.0) * self.cells_per_deg - 0.5).floor();
        let col_f = ((lon_deg + 180.0) * self.cells_per_deg - 0.5).floor();
        let last_row = (self.rows - 1) as f64;
        let south = row_f.clamp(0.0, last_row) as usize;
        let north = (row_f + 1.0).clamp(0.0, last_row) as usize;
        let west = self.wrap_col(col_f as i64);
        let east = (west + 1) % self.cols;
        [
            Cell { row: south, col: west },
            Cell { row: south, col: east },
            Cell { row: north, col: west },
            Cell { row: north, col: east },
        ]
    }

    /// Every cell that the bounding box of the edge `a`–`b` touches (`b` unwrapped to
    /// within 180° of `a`), so a superset of the cells the edge passes through.
    pub(super) fn cells_of_edge(self, [a, b]: [[f64; 2]; 2]) -> impl Iterator<Item = Cell> {
        let col_of = move |lon_deg: f64| ((lon_deg + 180.0) * self.cells_per_deg).floor() as i64;
        let row_of =
            move |lat_deg: f64| (((lat_deg + 90.0) * self.cells_per_deg).floor() as usize).min(self.rows - 1);
        let cols = col_of(a[0].min(b[0]))..=col_of(a[0].max(b[0]));
        (row_of(a[1].min(b[1]))..=row_of(a[1].max(b[1])))
            .flat_map(move |row| cols.clone().map(move |col| Cell { row, col: self.wrap_col(col) }))
    }

    /// The cell and its eight neighbours (rows clamped at the poles, columns wrapped).
    pub(super) fn block_3x3(self, cell: Cell) -> impl Iterator<Item = Cell> {
        let rows = cell.row.saturating_sub(1)..=(cell.row + 1).min(self.rows - 1);
        rows.flat_map(move |row| {
            [self.cols - 1, 0, 1]
                .into_iter()
                .map(move |step| Cell { row, col: (cell.col + step) % self.cols })
        })
    }

    pub(super) fn row_center_lat_deg(self, row: usize) -> f64 {
        -90.0 + (row as f64 + 0.5) / self.cells_per_deg
    }

    pub(super) fn col_center_lon_deg(self, col: usize) -> f64 {
        -180.0 + (col as f64 + 0.5) / self.cells_per_deg
    }

    /// The first row whose centre is at or north of `lat_deg` (may be `rows`).
    pub(super) fn first_row_from(self, lat_deg: f64) -> usize {
        ((lat_deg + 90.0) * self.cells_per_deg - 0.5).ceil().max(0.0) as usize
    }

    /// The first column, unwrapped, whose centre is at or east of `lon_deg` (any
    /// longitude; the result may be negative or past the last column).
    pub(super) fn first_col_from(self, lon_deg: f64) -> i64 {
        ((lon_deg + 180.0) * self.cells_per_deg - 0.5).ceil() as i64
    }

    pub(super) fn wrap_col(self, col: i64) -> usize {
        // rem_euclid of a positive modulus is in [0, cols).
        col.rem_euclid(self.cols as i64) as usize
    }

    pub(super) fn west(self, cell: Cell) -> Cell {
        Cell { row: cell.row, col: (cell.col + self.cols - 1) % self.cols }
    }

    pub(super) fn east(self, cell: Cell) -> Cell {
        Cell { row: cell.row, col: (cell.col + 1) % self.cols }
    }

    /// The cell at the same latitude on the opposite meridian: across the pole from a
    /// polar row.
    pub(super) fn opposite(self, cell: Cell) -> Cell {
        Cell { row: cell.row, col: (cell.col + self.cols / 2) % self.cols }
    }
}

/// An edge's ends in plate carrée, the second unwrapped to within 180° of the first and
/// both shifted by whole turns to lie within 180° of `near_lon_deg`.
pub(super) fn edge_near(lon_lat_deg: &[[f64; 2]], edge: u32, near_lon_deg: f64) -> [[f64; 2]; 2] {
    let [a_lon_deg, a_lat_deg] = lon_lat_deg[edge as usize];
    let [b_lon_deg, b_lat_deg] = lon_lat_deg[edge as usize + 1];
    let a_lon_deg = near_lon_deg + lon_delta_deg(near_lon_deg, a_lon_deg);
    let b_lon_deg = a_lon_deg + lon_delta_deg(a_lon_deg, b_lon_deg);
    [[a_lon_deg, a_lat_deg], [b_lon_deg, b_lat_deg]]
}

#[cfg(test)]
mod tests {
    use super::*;

    const TENTH: Shape = Shape::new(10);

    #[test]
    fn containing_cells_at_the_edges_of_the_world() {
        assert_eq!(TENTH.containing(-90.0, -180.0), Cell { row: 0, col: 0 });
        assert_eq!(TENTH.containing(90.0, 179.99999999999997), Cell { row: 1799, col: 3599 });
        assert_eq!(TENTH.containing(38.7167, 125.4), Cell { row: 1287, col: 3054 });
    }

    #[test]
    fn surrounding_cells_wrap_and_clamp() {
        // Just east of 180° W: the west column is the last one.
        let block = TENTH.surrounding(0.0, -179.99);
        assert_eq!(block[0].col, 3599);
        assert_eq!(block[1].col, 0);
        // Beyond the northmost centre both rows are the last.
        let block = TENTH.surrounding(89.99, 0.0);
        assert_eq!((block[0].row, block[2].row), (1799, 1799));
    }

    #[test]
    fn edge_cells_cover_an_edge_across_the_antimeridian() {
        let lon_lat_deg = [[179.97, -16.8], [-179.97, -16.75]];
        let edge = edge_near(&lon_lat_deg, 0, 179.97);
        assert!((edge[1][0] - 180.03).abs() < 1e-9);
        let mut cols: Vec<usize> = TENTH.cells_of_edge(edge).map(|cell| cell.col).collect();
        cols.sort_unstable();
        cols.dedup();
        assert_eq!(cols, [0, 3599]);
    }
}
