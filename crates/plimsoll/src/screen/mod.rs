//! Screening: sanctions lists read into one model, vessel identities matched
//! against them, and an explainable risk score per vessel and per event.
//!
//! - List parsers, one per format, each streaming and bounded: [`un_xml`] (the
//!   UN Security Council consolidated list), [`ofac_csv`] (OFAC's SDN list in its
//!   CSV trio `sdn`, `add`, `alt`), [`ofac_xml`] (the same list as `sdn.xml`),
//!   [`opensanctions`] (FollowTheMoney entities as JSON lines) and [`watchlist`]
//!   (a user's own CSV). Each turns its input into [`Entry`] values; [`read_files`]
//!   recognises the format of each file and groups them into [`ListVersion`]s,
//!   one per list and publication date.
//! - [`normalize`]: names, call signs and country names in the forms matching
//!   compares.
//! - [`matcher`]: a [`matcher::ListIndex`] over the entries of every list and the
//!   matching of an [`crate::track::identity::IdentityHistory`] against it: IMO
//!   (check digit validated), MMSI, call sign, normalised and fuzzy names
//!   corroborated by flag, type and size, former names on either side, and
//!   owners or managers designated themselves. Every match carries its reasons,
//!   each with a weight, and a score.
//! - [`handover`]: disguised identities — another MMSI that starts speaking where a
//!   listed vessel went dark and stops where it came back — matched to the listed
//!   vessel's entry from the positions and the detected AIS gaps.
//! - [`risk`]: reasons and weights per vessel and per event over the detected
//!   events and the matches; an event's confidence recomputed with the screening
//!   evidence (detect never reaches forward to screen).
//!
//! The store keeps list versions and matches (`crate::store::lists`).

mod error;
pub mod handover;
pub mod matcher;
pub mod normalize;
pub mod ofac_csv;
pub mod ofac_xml;
pub mod opensanctions;
pub mod risk;
pub mod run;
pub mod un_xml;
pub mod watchlist;
mod xml;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub use error::{Error, ErrorKind, Location};
pub use normalize::Countries;

/// The longest field text a parser keeps (OFAC's longest remarks are a few KiB).
pub const FIELD_BYTES_MAX: usize = 64 * 1024;
/// The most records one list file may hold (OpenSanctions' full data set has
/// about a million entities; the official lists a few tens of thousands).
pub const RECORDS_MAX: usize = 5_000_000;

/// What a list entry designates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Vessel,
    Organization,
    Person,
    /// Aircraft and whatever else a list names.
    Other,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Vessel => "vessel",
            EntryKind::Organization => "organization",
            EntryKind::Person => "person",
            EntryKind::Other => "other",
        }
    }
}

/// One designation (or, for OpenSanctions, one entity) of a list, in the one
/// model every format is read into. Empty lists and `None` mean the list does
/// not say.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Entry {
    /// The list's own id (OFAC `ent_num`, UN `DATAID`, FollowTheMoney `id`, the
    /// watchlist's IMO, MMSI or name).
    pub id: String,
    pub kind: Option<EntryKind>,
    pub name: String,
    /// Other names it goes by now (`a.k.a.`).
    pub aliases: Vec<String>,
    /// Names it went by before (`f.k.a.`, FollowTheMoney `pastNames`).
    pub former_names: Vec<String>,
    /// Vessel IMO number, check digit verified.
    pub imo: Option<u32>,
    pub mmsi: Option<u32>,
    pub call_sign: Option<String>,
    /// ISO 3166-1 alpha-2 where the list's country name is known, otherwise
    /// the list's text.
    pub flag: Option<String>,
    pub former_flags: Vec<String>,
    pub vessel_type: Option<String>,
    /// Gross tonnage (OFAC's `GRT`, FollowTheMoney `grossRegisteredTonnage`).
    pub tonnage_gt: Option<u32>,
    /// Owners, operators, managers and other linked parties, by name.
    pub owners: Vec<String>,
    /// Vessels an organisation owns or manages, by name, as the list says
    /// (the UN list names them only in its comments).
    pub vessels: Vec<String>,
    /// The IMO company number of an organisation (7 digits, often starting 5).
    pub company_imo: Option<u32>,
    /// Sanctions programmes (`DPRK3`, `KPi`, `IRAN`...).
    pub programs: Vec<String>,
    /// `YYYY-MM-DD`.
    pub listed_on: Option<String>,
    pub delisted_on: Option<String>,
    /// Designated by this list; false for OpenSanctions entities present only
    /// as owners or links of designated ones.
    pub sanctioned: bool,
    pub remarks: Option<String>,
}

impl Entry {
    pub fn kind(&self) -> EntryKind {
        self.kind.unwrap_or(EntryKind::Other)
    }
}

/// The file formats [`read_files`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileFormat {
    UnXml,
    OfacSdnXml,
    OfacSdnCsv,
    OfacAddCsv,
    OfacAltCsv,
    OpenSanctions,
    Watchlist,
}

impl FileFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            FileFormat::UnXml => "un_xml",
            FileFormat::OfacSdnXml => "ofac_sdn_xml",
            FileFormat::OfacSdnCsv => "ofac_sdn_csv",
            FileFormat::OfacAddCsv => "ofac_add_csv",
            FileFormat::OfacAltCsv => "ofac_alt_csv",
            FileFormat::OpenSanctions => "opensanctions_ftm",
            FileFormat::Watchlist => "watchlist_csv",
        }
    }

    /// Recognises a format from the first bytes of a file.
    pub fn sniff(head: &[u8]) -> Option<FileFormat> {
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
        let text = &text[start..];
        if text.starts_with(b"<") {
            let has = |needle: &[u8]| memchr::memmem::find(text, needle).is_some();
            return if has(b"<CONSOLIDATED_LIST") {
                Some(FileFormat::UnXml)
            } else if has(b"<sdnList") {
                Some(FileFormat::OfacSdnXml)
            } else {
                None
            };
        }
        if text.starts_with(b"{") {
            return Some(FileFormat::OpenSanctions);
        }
        let line_end = memchr::memchr(b'\n', text).unwrap_or(text.len());
        let first = text[..line_end].strip_suffix(b"\r").unwrap_or(&text[..line_end]);
        if first == watchlist::HEADER.as_bytes() {
            return Some(FileFormat::Watchlist);
        }
        ofac_csv::sniff(first)
    }
}

/// One version of one list: its entries as published on a date.
#[derive(Debug)]
pub struct ListVersion {
    /// `un`, `ofac_sdn`, `opensanctions`, or `watchlist:<name>`.
    pub list: String,
    /// The formats of the files read, `+`-joined.
    pub format: String,
    /// Publication date, `YYYY-MM-DD`: the list's own, or the one given.
    pub published: String,
    /// The files read, in the order given.
    pub files: Vec<PathBuf>,
    pub entries: Vec<Entry>,
    /// Values of single records that could not be read (an IMO number failing
    /// its check digit, a bad date), each with its location; the record is kept
    /// without the value. An import refuses a version with problems unless told
    /// to keep going.
    pub problems: Vec<Error>,
}

/// What one parser read from one file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The publication date the file states, `YYYY-MM-DD`.
    pub published: Option<String>,
    pub entries: Vec<Entry>,
    /// See [`ListVersion::problems`] (located by line or byte offset only).
    pub problems: Vec<Error>,
}

impl Parsed {
    /// Counts a record, failing past [`RECORDS_MAX`].
    pub(crate) fn check_count(&self, location: impl FnOnce(ErrorKind) -> Error) -> Result<(), Error> {
        if self.entries.len() >= RECORDS_MAX {
            return Err(location(ErrorKind::TooManyRecords { limit: RECORDS_MAX }));
        }
        Ok(())
    }
}

/// Checks `YYYY-MM-DD` and returns it. An XML Schema date's time zone
/// (`2015-04-07-04:00`, `2015-04-07Z`, as the UN list writes some) is dropped:
/// a listing date is a calendar day.
pub fn parse_date(field: &'static str, value: &str) -> Result<String, ErrorKind> {
    let value = value.trim();
    let zone = value.get(10..).unwrap_or_default();
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || (zone.len() == 6
            && zone.starts_with(['+', '-'])
            && zone.as_bytes()[3] == b':'
            && zone.bytes().enumerate().all(|(i, b)| i == 0 || i == 3 || b.is_ascii_digit()));
    let day = if zone_ok { value.get(..10).unwrap_or(value) } else { value };
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| ErrorKind::Date { field, value: value.to_owned() })
}

/// A seven-digit IMO number with a valid check digit.
pub fn parse_imo(value: &str) -> Result<u32, ErrorKind> {
    let digits = value.trim();
    let digits = digits.strip_prefix("IMO").map(str::trim_start).unwrap_or(digits);
    if digits.len() != 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorKind::Imo { value: value.to_owned() });
    }
    let imo: u32 = digits.parse().map_err(|_| ErrorKind::Imo { value: value.to_owned() })?;
    if crate::geo::is_valid_imo(imo) {
        Ok(imo)
    } else {
        Err(ErrorKind::ImoCheckDigit { imo })
    }
}

/// A nine-digit MMSI.
pub fn parse_mmsi(value: &str) -> Result<u32, ErrorKind> {
    let digits = value.trim();
    if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorKind::Mmsi { value: value.to_owned() });
    }
    digits.parse().map_err(|_| ErrorKind::Mmsi { value: value.to_owned() })
}

/// How [`read_files`] names and dates what it reads.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The publication date for files that carry none (OFAC CSV, watchlists).
    pub published: Option<String>,
    /// The list name for a watchlist (default: `watchlist:<file stem>`).
    pub watchlist_name: Option<String>,
}

/// Reads list files, recognising each one's format: OFAC CSV parts (sdn, alt,
/// add) given together become one version; every other file is a version of
/// its own. Each error names its file and line or byte offset.
pub fn read_files(
    paths: &[PathBuf],
    options: &ReadOptions,
    countries: &Countries,
) -> Result<Vec<ListVersion>, Error> {
    let mut versions = Vec::new();
    let mut ofac = ofac_csv::Trio::default();
    for path in paths {
        let format = sniff_file(path)?;
        let open = || -> Result<BufReader<std::fs::File>, Error> {
            std::fs::File::open(path).map(BufReader::new).map_err(|e| Error::from(e).in_file(path))
        };
        let at = |e: Error| e.in_file(path);
        let (list, parsed) = match format {
            FileFormat::OfacSdnCsv | FileFormat::OfacAltCsv | FileFormat::OfacAddCsv => {
                ofac.add(format, path.clone()).map_err(at)?;
                continue;
            }
            FileFormat::UnXml => ("un".to_owned(), un_xml::parse(open()?, countries).map_err(at)?),
            FileFormat::OfacSdnXml => {
                ("ofac_sdn".to_owned(), ofac_xml::parse(open()?, countries).map_err(at)?)
            }
            FileFormat::OpenSanctions => {
                ("opensanctions".to_owned(), opensanctions::parse(open()?, countries).map_err(at)?)
            }
            FileFormat::Watchlist => {
                let name = options.watchlist_name.clone().unwrap_or_else(|| {
                    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
                    format!("watchlist:{}", stem.unwrap_or_default())
                });
                (name, watchlist::parse(open()?, countries).map_err(at)?)
            }
        };
        let published = publication_date(parsed.published, options.published.as_deref()).map_err(at)?;
        versions.push(ListVersion {
            list,
            format: format.as_str().to_owned(),
            published,
            files: vec![path.clone()],
            entries: parsed.entries,
            problems: parsed.problems.into_iter().map(|e| e.in_file(path)).collect(),
        });
    }
    if let Some(version) = ofac.read(options.published.as_deref(), countries)? {
        versions.push(version);
    }
    Ok(versions)
}

/// The file's own date wins; giving another for it is an error, and so is
/// giving none for a file without one.
fn publication_date(own: Option<String>, given: Option<&str>) -> Result<String, Error> {
    match (own, given) {
        (Some(own), None) => Ok(own),
        (Some(own), Some(_)) => Err(Error::new(ErrorKind::PublicationDateGiven { own })),
        (None, Some(given)) => parse_date("--published", given).map_err(Error::new),
        (None, None) => Err(Error::new(ErrorKind::NoPublicationDate)),
    }
}

fn sniff_file(path: &Path) -> Result<FileFormat, Error> {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| Error::from(e).in_file(path))?;
    FileFormat::sniff(&head).ok_or_else(|| Error::new(ErrorKind::UnknownFormat).in_file(path))
}

/// Reads one record-oriented input line by line with a bound on the line.
pub(crate) fn bounded_lines<R: BufRead>(
    reader: R,
) -> impl Iterator<Item = Result<(u64, u64, String), Error>> {
    let mut reader = reader;
    let mut line_number = 0u64;
    let mut offset = 0u64;
    let mut buf = Vec::new();
    std::iter::from_fn(move || {
        buf.clear();
        let limit = u64::try_from(FIELD_BYTES_MAX * 16).unwrap_or(u64::MAX);
        let read = (&mut reader).take(limit + 1).read_until(b'\n', &mut buf);
        match read {
            Ok(0) => None,
            Ok(n) => {
                line_number += 1;
                let at = offset;
                offset += u64::try_from(n).unwrap_or(u64::MAX);
                if u64::try_from(n).unwrap_or(u64::MAX) > limit {
                    return Some(Err(Error::at_line(
                        ErrorKind::TooLong { field: "line", limit_bytes: FIELD_BYTES_MAX * 16 },
                        line_number,
                    )));
                }
                let text = normalize::decode_text(&buf);
                Some(Ok((line_number, at, text.trim_end_matches(['\r', '\n']).to_owned())))
            }
            Err(e) => Some(Err(Error::at_line(ErrorKind::Io(e), line_number + 1))),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_and_without_zones() {
        assert_eq!(parse_date("d", "2015-04-07-04:00").unwrap(), "2015-04-07");
        assert_eq!(parse_date("d", "2015-04-07Z").unwrap(), "2015-04-07");
        assert_eq!(parse_date("d", " 2015-04-07 ").unwrap(), "2015-04-07");
        assert!(parse_date("d", "2015-04-07-04").is_err());
        assert!(parse_date("d", "2015-02-30").is_err());
        assert!(parse_date("d", "07/04/2015").is_err());
    }

    #[test]
    fn imo_numbers() {
        assert_eq!(parse_imo("IMO 8604917").ok(), Some(8_604_917));
        assert_eq!(parse_imo("8606173").ok(), Some(8_606_173));
        assert!(matches!(parse_imo("8604918"), Err(ErrorKind::ImoCheckDigit { imo: 8_604_918 })));
        assert!(matches!(parse_imo("IMO 15411"), Err(ErrorKind::Imo { .. })));
        assert!(matches!(parse_mmsi("44500012"), Err(ErrorKind::Mmsi { .. })));
    }
}
