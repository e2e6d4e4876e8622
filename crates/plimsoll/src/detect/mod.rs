//! Detectors: behaviour found in tracks, as [`crate::event::Event`]s.
//!
//! One module per detector, each with its thresholds in one config struct whose
//! defaults cite their source (DESIGN.md lists the public baselines), and scenario
//! tests. Detectors record the evidence they see; what depends on the sanctions
//! lists is added later by the screening stage, so `detect` never reaches forward.

pub mod encounter;
pub mod index;
pub mod sts_transfer;
