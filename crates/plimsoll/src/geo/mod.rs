//! Geographic reference data: land and distance to shore, ports, the MMSI country
//! prefixes (MIDs), and the geodesy helpers they share.
//!
//! Everything is embedded in the binary (see `crates/plimsoll/data/README.md` for the
//! sources and licences), so nothing is read from disk at run time. Each dataset is a
//! value built once by its loader ([`Land::embedded`], ...) and then shared read-only.
//!
//! Coordinates are WGS 84 `f64` degrees, latitude first in every signature; distances
//! are great-circle metres on a sphere of [`geodesy::EARTH_RADIUS_M`].

mod error;
pub mod geodesy;
mod land;
mod sphere;

pub use error::{Dataset, Error, ErrorKind, RingFault};
pub use land::{Land, Shore, FAR_TOLERANCE_FRACTION, NEAR_SHORE_M};
