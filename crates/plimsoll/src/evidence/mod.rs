//! Evidence: what leaves Plimsoll for people and other tools.
//!
//! - [`export`]: events, positions and tracks as GeoJSON (RFC 7946), KML (time-stamped
//!   `gx:Track`s for Google Earth), CSV or Parquet, filtered by area, time and kind.
//! - [`dossier`]: one self-contained HTML file about an event or a vessel — a map
//!   ([`svg`]), a timeline, identities, sanctions matches, the volume estimate, and the
//!   raw sentences behind the finding ([`raw`]) with the SHA-256 of every input, the
//!   version and the parameters, so that anyone can reproduce it.
//! - [`ledger_html`]: the yearly cap ledger as the same kind of file — per regime the
//!   determination, the running total against the cap, the deliveries with their
//!   volumes and evidence, the reported deliveries, the inputs and parameters.
//!
//! Everything here reads the store and the stages before it; nothing writes back.

pub mod dossier;
mod error;
pub mod export;
mod filter;
mod geojson;
mod html;
mod kml;
pub mod ledger_html;
pub mod raw;
pub mod svg;
mod table;
mod text;

pub use error::{Error, ErrorKind};
pub use filter::{BBox, Filter};
