//! Geographic reference data: land and distance to shore, ports, the MMSI country
//! prefixes (MIDs), and the geodesy helpers they share.
//!
//! Everything is embedded in the binary (see `crates/plimsoll/data/README.md` for the
//! sources and licences), so nothing is read from disk at run time. Each dataset is a
//! value built once by its loader ([`Land::embedded`], [`Ports::embedded`],
//! [`MidTable::embedded`]) and then shared read-only; there is no global state.
//!
//! | what | type | built in | heap |
//! |---|---|---|---|
//! | land/sea and distance to shore | [`Land`] | 0.3 s | 34 MB |
//! | ports (World Port Index) | [`Ports`] | 9 ms | 1 MB |
//! | MMSI flags and validity | [`MidTable`] | 0.1 ms | 20 kB |
//! | distance, bearing, destination, longitude arithmetic | [`geodesy`] | — | — |
//!
//! Coordinates are WGS 84 `f64` degrees, latitude first in every signature; distances
//! are great-circle metres on a sphere of [`geodesy::EARTH_RADIUS_M`].

mod csv_fields;
mod error;
pub mod geodesy;
mod land;
mod mid;
mod ports;
mod sphere;

pub use error::{Dataset, Error, ErrorKind, RingFault};
pub use land::{Land, Shore, FAR_TOLERANCE_FRACTION, NEAR_SHORE_M};
pub use mid::{imo_check_digit, is_valid_imo, Flag, MidTable, MmsiKind, MmsiValidity};
pub use ports::{Port, Ports};
