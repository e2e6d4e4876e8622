//! # plimsoll-ais
//!
//! A fast, complete decoder (and encoder) for AIS as receivers log it: NMEA 0183
//! `!xxVDM`/`!xxVDO` sentences with IEC 61162-450 tag blocks, trailing receiver
//! timestamps and Gatehouse `$PGHP` lines; bounded multi-part assembly; all 27
//! message types of ITU-R M.1371-5; gpsd-compatible JSON.
//!
//! No I/O: callers feed lines and get [`Fed`] results, one outcome per line.
//!
//! # Examples
//! ```
//! use ais::{Decoder, Fed};
//! let mut d = Decoder::default();
//! match d.feed(b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A", 1) {
//!     Fed::Message(m) => {
//!         let p = m.message.position().unwrap();
//!         assert_eq!(p.mmsi, 371798000);
//!         assert!((p.lat_deg - 48.38163).abs() < 1e-5);
//!     }
//!     other => panic!("{other:?}"),
//! }
//! ```

pub mod bits;
pub mod decoder;
pub mod encode;
pub mod error;
pub mod json;
pub mod msg;
pub mod sentence;

pub use bits::{BitBuf, BitWriter, MAX_PAYLOAD_CHARS};
pub use decoder::{outcome_of, AssemblerConfig, Decoded, Decoder, DecoderConfig, Fed, LineList};
pub use error::{Error, ErrorKind, IncompleteReason, Malformed, Outcome};
pub use msg::{Gpsd, Message, PositionFix, StaticData};
pub use sentence::{parse_line, Formatter, Line, ParseOptions, Sentence, TagBlock, MAX_LINE_BYTES};
