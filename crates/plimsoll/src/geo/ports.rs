//! Ports of the World Port Index, with nearest and radius searches.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use rstar::primitives::GeomWithData;
use rstar::RTree;

use super::csv_fields::Columns;
use super::error::{Dataset, Error, ErrorKind};
use super::geodesy::{haversine_distance_m, wrap_lon_deg};
use super::sphere::{m_to_chord2, UnitVec};

/// NGA World Port Index (Pub. 150), the CSV as published, compressed with zstd.
static WORLD_PORT_INDEX_ZST: &[u8] = include_bytes!("../../data/nga_world_port_index.csv.zst");

/// A port of the World Port Index.
#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    /// The World Port Index number, as written: an identifier, mostly an integer, but
    /// entries inserted later carry a decimal ("49454.5").
    pub wpi_number: String,
    /// The main port name, as the index spells it ("Nampo", "Ch'ongjin").
    pub name: String,
    /// The index's alternate name, if any ("Chinnampo").
    pub alternate_name: Option<String>,
    /// The country, by name as the index gives it ("North Korea"); four Norwegian entries
    /// have none.
    pub country: Option<String>,
    /// The UN/LOCODE without its space ("KPNAM"), when the index gives a well-formed one.
    pub unlocode: Option<String>,
    /// # Units
    /// Degrees north.
    pub lat_deg: f64,
    /// # Units
    /// Degrees east, in `[-180, 180)`.
    pub lon_deg: f64,
}

/// A port in the index: its position on the unit sphere and its slot in `Ports::ports`.
type Entry = GeomWithData<[f64; 3], usize>;

/// The ports of the World Port Index with a spatial index.
pub struct Ports {
    ports: Vec<Port>,
    tree: RTree<Entry>,
    /// Made at the first radius search.
    far: OnceLock<FarGrid>,
}

impl Ports {
    /// The World Port Index shipped inside the binary (3,768 ports, 221 kB compressed).
    ///
    /// # Errors
    /// Only if the embedded data is corrupt, which the tests rule out.
    ///
    /// # Examples
    /// ```
    /// let ports = plimsoll::geo::Ports::embedded()?;
    /// assert_eq!(ports.all().len(), 3768);
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn embedded() -> Result<Ports, Error> {
        let csv = zstd::decode_all(WORLD_PORT_INDEX_ZST)
            .map_err(|e| Error::new(Dataset::WorldPortIndex, ErrorKind::Decompress(e)))?;
        Ports::from_wpi_csv(&csv)
    }

    fn from_wpi_csv(csv: &[u8]) -> Result<Ports, Error> {
        let wpi_error = |kind| Error::new(Dataset::WorldPortIndex, kind);
        let mut reader = csv::Reader::from_reader(csv);
        let columns = Columns::new(
            reader.headers().map_err(|e| wpi_error(ErrorKind::Csv(e)))?,
            [
                "World Port Index Number",
                "Main Port Name",
                "Alternate Port Name",
                "UN/LOCODE",
                "Country Code",
                "Latitude",
                "Longitude",
            ],
        )
        .map_err(wpi_error)?;
        let mut ports = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| wpi_error(ErrorKind::Csv(e)))?;
            let fields = columns.fields(&record);
            let lat_deg: f64 = fields.parse(5, |v: &f64| (-90.0..=90.0).contains(v)).map_err(wpi_error)?;
            let lon_deg: f64 = fields.parse(6, |v: &f64| (-180.0..=180.0).contains(v)).map_err(wpi_error)?;
            ports.push(Port {
                wpi_number: fields.required(0).map_err(wpi_error)?.to_owned(),
                name: fields.required(1).map_err(wpi_error)?.to_owned(),
                // The index writes an empty field as a single space.
                alternate_name: fields.optional(2).map(str::to_owned),
                country: fields.optional(4).map(str::to_owned),
                unlocode: fields.optional(3).and_then(normalized_unlocode),
                lat_deg,
                lon_deg: wrap_lon_deg(lon_deg),
            });
        }
        let entries = ports
            .iter()
            .enumerate()
            .map(|(slot, port)| Entry::new(UnitVec::from_lat_lon(port.lat_deg, port.lon_deg).0, slot))
            .collect();
        Ok(Ports { ports, tree: RTree::bulk_load(entries), far: OnceLock::new() })
    }

    /// Every port, in the index's order.
    pub fn all(&self) -> &[Port] {
        &self.ports
    }

    /// The port nearest a point, and the great-circle distance to it.
    ///
    /// # Units
    /// Degrees in (any longitude); metres out. `None` for an invalid position (latitude
    /// outside ±90°, or not finite).
    ///
    /// # Examples
    /// ```
    /// let ports = plimsoll::geo::Ports::embedded()?;
    /// // In the Taedong estuary below Nampo.
    /// let (port, distance_m) = ports.nearest(38.70, 125.30).unwrap();
    /// assert_eq!(port.name, "Nampo");
    /// assert!(distance_m < 10_000.0);
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn nearest(&self, lat_deg: f64, lon_deg: f64) -> Option<(&Port, f64)> {
        let p = valid_point(lat_deg, lon_deg)?;
        // Nearest by chord is nearest by great circle.
        let entry = self.tree.nearest_neighbor(&p.0)?;
        let port = &self.ports[entry.data];
        Some((port, haversine_distance_m(lat_deg, lon_deg, port.lat_deg, port.lon_deg)))
    }

    /// The ports within `radius_m` of a point, nearest first, with their distances.
    ///
    /// # Units
    /// Degrees and metres in; metres out. Empty for an invalid position or radius.
    ///
    /// # Examples
    /// ```
    /// let ports = plimsoll::geo::Ports::embedded()?;
    /// // Najin and Senbong (Unggi), 14 km apart in the Rason zone.
    /// let near = ports.within(42.25, 130.3, 20_000.0);
    /// assert_eq!(near[0].0.name, "Najin");
    /// assert!(near.iter().any(|(port, _)| port.name == "Senbong"));
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn within(&self, lat_deg: f64, lon_deg: f64, radius_m: f64) -> Vec<(&Port, f64)> {
        let Some(p) = valid_point(lat_deg, lon_deg).filter(|_| radius_m >= 0.0) else {
            return Vec::new();
        };
        if radius_m < self.far.get_or_init(FarGrid::new).lower_bound_m(self, lat_deg, lon_deg) {
            return Vec::new();
        }
        let mut found: Vec<(&Port, f64)> = self
            .tree
            .locate_within_distance(p.0, m_to_chord2(radius_m))
            .map(|entry| {
                let port = &self.ports[entry.data];
                (port, haversine_distance_m(lat_deg, lon_deg, port.lat_deg, port.lon_deg))
            })
            // The chord test and the haversine formula round differently at the rim.
            .filter(|&(_, distance_m)| distance_m <= radius_m)
            .collect();
        found.sort_by(|a, b| a.1.total_cmp(&b.1));
        found
    }
}

/// Cells per degree of [`FarGrid`]: 0.1° cells are at most 7.9 km from their
/// centre to a corner, so a search of a few km is answered from the grid anywhere
/// more than about 10 km from every port.
const FAR_CELLS_PER_DEG: f64 = 10.0;
const FAR_COLUMNS: usize = 3600;
const FAR_ROWS: usize = 1800;

/// Lower bounds on the distance from any point of a grid cell to the nearest port,
/// in whole metres plus one (0: not computed yet), computed as cells are first
/// asked about. Most positions are at sea, far from every port, and a radius
/// search there needs no R-tree: the port detectors ask it at every position.
struct FarGrid {
    cells: Box<[AtomicU32]>,
}

impl FarGrid {
    fn new() -> FarGrid {
        FarGrid { cells: (0..FAR_COLUMNS * FAR_ROWS).map(|_| AtomicU32::new(0)).collect() }
    }

    /// No port is nearer than this to (`lat_deg`, `lon_deg`), a valid point.
    fn lower_bound_m(&self, ports: &Ports, lat_deg: f64, lon_deg: f64) -> f64 {
        // Float to index: the latitude is checked and the longitude wrapped, so both
        // are in range (clamped for 90° N and rounding at 180°).
        let row = (((lat_deg + 90.0) * FAR_CELLS_PER_DEG).floor() as usize).min(FAR_ROWS - 1);
        let column =
            (((wrap_lon_deg(lon_deg) + 180.0) * FAR_CELLS_PER_DEG).floor() as usize).min(FAR_COLUMNS - 1);
        let Some(cell) = self.cells.get(row * FAR_COLUMNS + column) else { return 0.0 };
        let stored = cell.load(Ordering::Relaxed);
        if stored != 0 {
            return f64::from(stored - 1);
        }
        let bound = Self::compute(ports, row, column);
        // Two threads computing one cell store the same value.
        cell.store(bound.saturating_add(1), Ordering::Relaxed);
        f64::from(bound)
    }

    /// The nearest port's distance from the cell's centre less the farthest any
    /// point of the cell is from the centre (the triangle inequality), less a
    /// metre for rounding; floored to whole metres.
    fn compute(ports: &Ports, row: usize, column: usize) -> u32 {
        // Grid indices below 3,600: exact in f64.
        let south = row as f64 / FAR_CELLS_PER_DEG - 90.0;
        let west = column as f64 / FAR_CELLS_PER_DEG - 180.0;
        let size = 1.0 / FAR_CELLS_PER_DEG;
        let (centre_lat, centre_lon) = (south + size / 2.0, west + size / 2.0);
        let Some((_, nearest_m)) = ports.nearest(centre_lat, centre_lon) else { return 0 };
        // The corners and edge midpoints; the widest edge is the one nearer the
        // equator, and 1 % covers the bulge of the edges between them.
        let reach_m = [0.0, 0.5, 1.0]
            .iter()
            .flat_map(|&f| {
                [
                    (south, west + f * size),
                    (south + size, west + f * size),
                    (south + f * size, west),
                    (south + f * size, west + size),
                ]
            })
            .map(|(lat, lon)| haversine_distance_m(centre_lat, centre_lon, lat, lon))
            .fold(0.0, f64::max)
            * 1.01;
        let bound_m = (nearest_m - reach_m - 1.0).floor();
        // Non-negative and below the earth's half circumference (20,000 km).
        if bound_m > 0.0 {
            bound_m as u32
        } else {
            0
        }
    }
}

fn valid_point(lat_deg: f64, lon_deg: f64) -> Option<UnitVec> {
    ((-90.0..=90.0).contains(&lat_deg) && lon_deg.is_finite())
        .then(|| UnitVec::from_lat_lon(lat_deg, lon_deg))
}

/// "KP NAM" becomes "KPNAM"; anything that is not then two letters and three letters or
/// digits (one entry in the index reads `GB ME""`) is dropped.
fn normalized_unlocode(field: &str) -> Option<String> {
    let code: String = field.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = code.as_bytes();
    let well_formed = bytes.len() == 5
        && bytes[..2].iter().all(u8::is_ascii_uppercase)
        && bytes[2..].iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    well_formed.then_some(code)
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;

    static PORTS: LazyLock<Ports> = LazyLock::new(|| Ports::embedded().expect("the embedded ports load"));

    #[test]
    fn all_ports_load() {
        assert_eq!(PORTS.all().len(), 3768);
        let with_code = PORTS.all().iter().filter(|port| port.unlocode.is_some()).count();
        assert_eq!(with_code, 3337);
        assert!(PORTS.all().iter().all(|port| (-180.0..180.0).contains(&port.lon_deg)));
    }

    #[test]
    fn the_ten_north_korean_ports() {
        let mut names: Vec<&str> = PORTS
            .all()
            .iter()
            .filter(|port| port.country.as_deref() == Some("North Korea"))
            .map(|port| port.name.as_str())
            .collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "Ch'aho",
                "Ch'ongjin",
                "Haeju Hang",
                "Hungnam",
                "Kimch'aek",
                "Kyomip'o",
                "Najin",
                "Nampo",
                "Senbong",
                "Wonsan"
            ]
        );
        let nampo = PORTS.all().iter().find(|port| port.unlocode.as_deref() == Some("KPNAM")).expect("Nampo");
        assert_eq!((nampo.name.as_str(), nampo.alternate_name.as_deref()), ("Nampo", Some("Chinnampo")));
        assert_eq!((nampo.lat_deg, nampo.lon_deg), (38.716667, 125.4));
        // Each is its own nearest port.
        for port in PORTS.all().iter().filter(|port| port.country.as_deref() == Some("North Korea")) {
            let (nearest, distance_m) = PORTS.nearest(port.lat_deg, port.lon_deg).expect("valid");
            assert_eq!((&nearest.wpi_number, distance_m), (&port.wpi_number, 0.0));
        }
    }

    #[test]
    fn nearest_matches_a_linear_scan() {
        for (lat_deg, lon_deg) in
            [(39.0, 124.0), (31.0, 124.5), (-16.8, 179.99), (-16.8, -179.99), (89.0, 0.0), (0.0, -140.0)]
        {
            let (port, distance_m) = PORTS.nearest(lat_deg, lon_deg).expect("valid");
            let scan_m = PORTS
                .all()
                .iter()
                .map(|p| haversine_distance_m(lat_deg, lon_deg, p.lat_deg, p.lon_deg))
                .fold(f64::INFINITY, f64::min);
            assert_eq!(distance_m, scan_m, "{lat_deg} {lon_deg}: {}", port.name);
        }
    }

    /// The far grid only ever answers "none": a search on a lattice over the globe
    /// (sea, coasts, poles, the antimeridian) at several radii finds what a scan of
    /// every port finds.
    #[test]
    fn within_matches_a_linear_scan_everywhere() {
        for lat_step in 0..=18 {
            for lon_step in 0..36 {
                // Off the grid's cell edges, and onto both poles.
                let lat_deg = (f64::from(lat_step) * 10.0 - 90.0 + 0.013).min(90.0);
                let lon_deg = f64::from(lon_step) * 10.0 - 180.0 + 0.37 * f64::from(lat_step % 3);
                for radius_m in [3_000.0, 50_000.0, 400_000.0] {
                    let found = PORTS.within(lat_deg, lon_deg, radius_m).len();
                    let scan = PORTS
                        .all()
                        .iter()
                        .filter(|p| haversine_distance_m(lat_deg, lon_deg, p.lat_deg, p.lon_deg) <= radius_m)
                        .count();
                    assert_eq!(found, scan, "{lat_deg} {lon_deg} {radius_m}");
                }
            }
        }
        // Beside a port, from every side of its cell.
        let nampo = PORTS.within(38.716667, 125.4, 1.0)[0].0.clone();
        for (d_lat, d_lon) in [(0.02, 0.0), (-0.02, 0.0), (0.0, 0.03), (0.0, -0.03), (0.05, 0.05)] {
            let (lat_deg, lon_deg) = (nampo.lat_deg + d_lat, nampo.lon_deg + d_lon);
            let distance_m = haversine_distance_m(lat_deg, lon_deg, nampo.lat_deg, nampo.lon_deg);
            let found = PORTS.within(lat_deg, lon_deg, distance_m + 1.0);
            assert!(found.iter().any(|(port, _)| port.name == nampo.name), "{d_lat} {d_lon}");
        }
    }

    #[test]
    fn within_a_radius() {
        // Ports of Korea Bay and the Taedong within 30 km of Nampo: Nampo itself first.
        let near = PORTS.within(38.716667, 125.4, 30_000.0);
        assert_eq!(near[0].0.name, "Nampo");
        assert_eq!(near[0].1, 0.0);
        assert!(near.windows(2).all(|pair| pair[0].1 <= pair[1].1));
        assert!(near.iter().all(|&(_, distance_m)| distance_m <= 30_000.0));
        let scan = PORTS
            .all()
            .iter()
            .filter(|p| haversine_distance_m(38.716667, 125.4, p.lat_deg, p.lon_deg) <= 30_000.0)
            .count();
        assert_eq!(near.len(), scan);
        // Across the antimeridian: Fiji's Taveuni ports from the other side.
        let taveuni = PORTS.within(-16.8, 180.0, 100_000.0);
        assert!(taveuni.iter().any(|(port, _)| port.country.as_deref() == Some("Fiji")));
        assert!(PORTS.within(0.0, -140.0, 100_000.0).is_empty());
        assert!(PORTS.within(91.0, 0.0, 100_000.0).is_empty());
        assert!(PORTS.within(0.0, 0.0, -1.0).is_empty());
    }

    #[test]
    fn unlocodes_are_normalised() {
        assert_eq!(normalized_unlocode("KP NAM"), Some("KPNAM".to_owned()));
        assert_eq!(normalized_unlocode("INKRI"), Some("INKRI".to_owned()));
        assert_eq!(normalized_unlocode(r#"GB ME"""#), None);
    }

    #[test]
    fn malformed_csv_is_an_error() {
        let header = "World Port Index Number,Main Port Name,Alternate Port Name,UN/LOCODE,Country Code,Latitude,Longitude\n";
        let cases = [
            ("World Port Index Number,Main Port Name\n1,X\n".to_owned(), "MissingColumn"),
            (format!("{header}1,Nampo, ,KP NAM,North Korea,95,125.4\n"), "BadField"),
            (format!("{header} ,Nampo, ,KP NAM,North Korea,38,125.4\n"), "BadField"),
            (format!("{header}1, , ,KP NAM,North Korea,38,125.4\n"), "BadField"),
            (format!("{header}1,Nampo, ,KP NAM,North Korea,38,\n"), "BadField"),
            (format!("{header}1,Nampo\n"), "Csv"),
        ];
        for (csv, kind) in cases {
            let error = Ports::from_wpi_csv(csv.as_bytes()).err().expect("rejected");
            assert_eq!(error.dataset, Dataset::WorldPortIndex);
            assert!(format!("{:?}", error.kind).starts_with(kind), "{error:?}");
        }
    }
}
