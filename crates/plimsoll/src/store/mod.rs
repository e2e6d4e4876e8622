//! The embedded store (placeholder while ingest compiles).
