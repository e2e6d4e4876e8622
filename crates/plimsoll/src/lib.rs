//! # plimsoll
//!
//! The Plimsoll engine. Data flows one way through its stages; each module knows
//! only the stages before it:
//!
//! - [`ingest`]: readers for NMEA logs and CSV exports (plain, gzip, zstd), the
//!   decoder driven line by line, receive times refined by the fix's UTC second,
//!   duplicate suppression, and the ingest report that accounts for every line;
//!   it hands position and static-report rows to a [`ingest::Sink`].
//! - [`store`]: the embedded store that is such a sink: positions and static
//!   reports as Parquet partitioned by UTC day, inputs, reports and rejects in
//!   SQLite, with crash-safe commits.
//! - [`event`]: the data model's Event (JSON-lines schema, stable ids), shared by
//!   the detectors, the simulator's ground truth and the evaluation.
//! - [`eval`]: detected events scored against ground truth (precision, recall,
//!   F1 and timing error per kind).
//! - [`geo`]: reference geography shipped with the engine, for the tracking and
//!   detection stages: land and distance to shore, ports, MMSI country prefixes,
//!   and the geodesy helpers.
//! - [`track`]: per-vessel segmentation of the positions the store reads back
//!   ([`store::PositionReader`]): duplicates merged, implausible points dropped,
//!   gaps and impossible speeds cut, shared or spoofed MMSIs separated.
//! - [`detect`]: the detectors, one module each, turning tracks into events.
//! - [`evidence`]: exports (GeoJSON, KML, CSV, Parquet) and dossiers (one HTML file
//!   with a map, a timeline and the raw sentences behind a finding, verified by SHA-256).
//! - [`ledger`]: volume estimates, sanctions regimes, reported deliveries and the
//!   cap ledger with its determination.
//! - [`sim`]: a traffic simulator with ground truth (NMEA as receivers log it, and
//!   the injected events), the yardstick for the detectors.

pub mod detect;
pub mod eval;
pub mod event;
pub mod evidence;
pub mod geo;
pub mod ingest;
pub mod ledger;
pub mod screen;
pub mod sim;
pub mod store;
pub mod track;
