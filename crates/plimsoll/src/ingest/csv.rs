//! CSV exports of decoded AIS: the DMA aisdk and MarineCadastre layouts,
//! recognised from their header, and any other CSV through a column map.
//!
//! Lines come from the bounded line splitter, so a row is one line: quoted
//! fields may contain commas and `""`, not line breaks. [`parse_row`] is pure
//! (fields and a layout in, rows or a typed error out) so a fuzz target can
//! drive it directly.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Timelike};

use super::error::ErrorKind;
use super::report::Outcome;
use super::rows::{PositionRow, StaticRow};
use super::time::{is_plausible, TimeFormat};

/// Most fields in one row; a longer row is malformed.
pub const MAX_FIELDS: usize = 256;
/// Longest text kept from an offending value in an error.
const MAX_ERROR_TEXT: usize = 64;

/// The columns Plimsoll reads from a CSV row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Mmsi,
    Time,
    Lat,
    Lon,
    Sog,
    Cog,
    Heading,
    NavStatus,
    Imo,
    Callsign,
    Name,
    ShipType,
    Length,
    Beam,
    Draught,
    Destination,
    Eta,
}

impl Field {
    /// Every field, in the order of their names in `--columns` help.
    pub const ALL: [Field; 17] = [
        Field::Mmsi,
        Field::Time,
        Field::Lat,
        Field::Lon,
        Field::Sog,
        Field::Cog,
        Field::Heading,
        Field::NavStatus,
        Field::Imo,
        Field::Callsign,
        Field::Name,
        Field::ShipType,
        Field::Length,
        Field::Beam,
        Field::Draught,
        Field::Destination,
        Field::Eta,
    ];

    /// The name used in `--columns` (`mmsi`, `time`, `lat`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Field::Mmsi => "mmsi",
            Field::Time => "time",
            Field::Lat => "lat",
            Field::Lon => "lon",
            Field::Sog => "sog",
            Field::Cog => "cog",
            Field::Heading => "heading",
            Field::NavStatus => "nav_status",
            Field::Imo => "imo",
            Field::Callsign => "callsign",
            Field::Name => "name",
            Field::ShipType => "ship_type",
            Field::Length => "length",
            Field::Beam => "beam",
            Field::Draught => "draught",
            Field::Destination => "destination",
            Field::Eta => "eta",
        }
    }

    /// Parses [`Field::name`] and a few common aliases (`status`, `width`,
    /// `draft`, `call_sign`, `shipname`, `latitude`, `longitude`, `timestamp`).
    pub fn from_name(name: &str) -> Option<Field> {
        let name = name.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "status" => Some(Field::NavStatus),
            "width" => Some(Field::Beam),
            "draft" => Some(Field::Draught),
            "call_sign" => Some(Field::Callsign),
            "shipname" | "vessel_name" => Some(Field::Name),
            "latitude" => Some(Field::Lat),
            "longitude" => Some(Field::Lon),
            "timestamp" => Some(Field::Time),
            _ => None,
        };
        alias.or_else(|| Field::ALL.into_iter().find(|f| f.name() == name))
    }

    /// Position in [`Field::ALL`].
    fn slot(self) -> usize {
        // The discriminant of a field-less enum, declared in `ALL`'s order.
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What is wrong with a `--columns` map.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ColumnSpecError {
    #[error("{item:?} is not field=column")]
    NotAPair { item: String },
    #[error("unknown field {name:?} (known: mmsi, time, lat, lon, sog, cog, heading, nav_status, imo, callsign, name, ship_type, length, beam, draught, destination, eta)")]
    UnknownField { name: String },
    #[error("{field} is given twice")]
    Repeated { field: Field },
    #[error("{field} is required")]
    Missing { field: Field },
}

/// Which header column each field is read from, e.g.
/// `mmsi=ID,time=ais_pos_timestamp,lon=longitude,lat=latitude`.
///
/// `mmsi` and `time` are required; `lat` and `lon` go together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    columns: Vec<(Field, String)>,
}

impl FromStr for ColumnSpec {
    type Err = ColumnSpecError;

    fn from_str(text: &str) -> Result<Self, ColumnSpecError> {
        let mut columns: Vec<(Field, String)> = Vec::new();
        for item in text.split(',').filter(|i| !i.trim().is_empty()) {
            let Some((field, column)) = item.split_once('=') else {
                return Err(ColumnSpecError::NotAPair { item: item.to_owned() });
            };
            let field = Field::from_name(field)
                .ok_or_else(|| ColumnSpecError::UnknownField { name: field.trim().to_owned() })?;
            if columns.iter().any(|(f, _)| *f == field) {
                return Err(ColumnSpecError::Repeated { field });
            }
            columns.push((field, column.trim().to_owned()));
        }
        let has = |field| columns.iter().any(|(f, _)| *f == field);
        for (field, needed) in [
            (Field::Mmsi, true),
            (Field::Time, true),
            (Field::Lat, has(Field::Lon)),
            (Field::Lon, has(Field::Lat)),
        ] {
            if needed && !has(field) {
                return Err(ColumnSpecError::Missing { field });
            }
        }
        Ok(ColumnSpec { columns })
    }
}

/// The CSV layouts Plimsoll knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CsvKind {
    /// Danish Maritime Authority (aisdk) exports: `# Timestamp,Type of mobile,MMSI,...`.
    DmaAisdk,
    /// NOAA/BOEM MarineCadastre: `MMSI,BaseDateTime,LAT,LON,...`.
    MarineCadastre,
    /// Any CSV read through a `--columns` map.
    Generic,
}

impl CsvKind {
    /// The name recorded as the input's format.
    pub fn name(self) -> &'static str {
        match self {
            CsvKind::DmaAisdk => "csv-dma-aisdk",
            CsvKind::MarineCadastre => "csv-marinecadastre",
            CsvKind::Generic => "csv-generic",
        }
    }
}

const DMA_COLUMNS: &[(Field, &str)] = &[
    (Field::Time, "timestamp"),
    (Field::Mmsi, "mmsi"),
    (Field::Lat, "latitude"),
    (Field::Lon, "longitude"),
    (Field::NavStatus, "navigational status"),
    (Field::Sog, "sog"),
    (Field::Cog, "cog"),
    (Field::Heading, "heading"),
    (Field::Imo, "imo"),
    (Field::Callsign, "callsign"),
    (Field::Name, "name"),
    (Field::ShipType, "ship type"),
    (Field::Beam, "width"),
    (Field::Length, "length"),
    (Field::Draught, "draught"),
    (Field::Destination, "destination"),
    (Field::Eta, "eta"),
];
/// A column only DMA exports have, to tell them apart from a generic CSV.
const DMA_SIGNATURE: &str = "type of mobile";
const DMA_TIME_FORMAT: &str = "%d/%m/%Y %H:%M:%S";

const MARINECADASTRE_COLUMNS: &[(Field, &str)] = &[
    (Field::Mmsi, "mmsi"),
    (Field::Time, "basedatetime"),
    (Field::Lat, "lat"),
    (Field::Lon, "lon"),
    (Field::Sog, "sog"),
    (Field::Cog, "cog"),
    (Field::Heading, "heading"),
    (Field::Name, "vesselname"),
    (Field::Imo, "imo"),
    (Field::Callsign, "callsign"),
    (Field::ShipType, "vesseltype"),
    (Field::NavStatus, "status"),
    (Field::Length, "length"),
    (Field::Beam, "width"),
    (Field::Draught, "draft"),
];

/// A CSV layout resolved against a header: where each field is and how its
/// values are written. Build it with [`CsvLayout::recognise`].
#[derive(Debug, Clone)]
pub struct CsvLayout {
    kind: CsvKind,
    columns: [Option<usize>; Field::ALL.len()],
    header_len: usize,
    time_format: TimeFormat,
    assume_time_ms: Option<i64>,
}

/// A header name as compared: trimmed, without a byte-order mark or DMA's
/// leading `#`, lower case.
fn normalise_header(name: &[u8]) -> String {
    let text = String::from_utf8_lossy(name);
    let text = text.trim().trim_start_matches('\u{feff}').trim_start_matches('#').trim();
    text.to_lowercase()
}

impl CsvLayout {
    /// Recognises a header: with `user` columns, a CSV whose header has them all;
    /// otherwise the DMA or MarineCadastre layouts. `Ok(None)`: not a CSV this
    /// knows (read it as NMEA). `time_format` applies to `user` layouts;
    /// `assume_time_ms` is the time of rows whose time is empty.
    pub fn recognise(
        header: &[&[u8]],
        user: Option<&ColumnSpec>,
        time_format: &TimeFormat,
        assume_time_ms: Option<i64>,
    ) -> Result<Option<CsvLayout>, ErrorKind> {
        let names: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
        let find = |column: &str| names.iter().position(|n| *n == column.to_lowercase());
        let resolve = |columns: &mut dyn Iterator<Item = (Field, &str)>| {
            let mut slots = [None; Field::ALL.len()];
            for (field, column) in columns {
                slots[field.slot()] = Some(find(column).ok_or((field, column.to_owned()))?);
            }
            Ok::<_, (Field, String)>(slots)
        };
        let layout = |kind, columns, time_format: TimeFormat| CsvLayout {
            kind,
            columns,
            header_len: header.len(),
            time_format,
            assume_time_ms,
        };
        let user_result = user.map(|spec| resolve(&mut spec.columns.iter().map(|(f, c)| (*f, c.as_str()))));
        if let Some(Ok(columns)) = user_result {
            return Ok(Some(layout(CsvKind::Generic, columns, time_format.clone())));
        }
        if find(DMA_SIGNATURE).is_some() {
            if let Ok(columns) = resolve(&mut DMA_COLUMNS.iter().copied()) {
                let format = TimeFormat::Strftime(DMA_TIME_FORMAT.to_owned());
                return Ok(Some(layout(CsvKind::DmaAisdk, columns, format)));
            }
        }
        if let Ok(columns) = resolve(&mut MARINECADASTRE_COLUMNS.iter().copied()) {
            return Ok(Some(layout(CsvKind::MarineCadastre, columns, TimeFormat::Iso)));
        }
        match user_result {
            Some(Err((field, column))) => Err(ErrorKind::MissingColumn { column, field }),
            _ => Ok(None),
        }
    }

    /// Which layout this is.
    pub fn kind(&self) -> CsvKind {
        self.kind
    }

    /// The field's value in `fields`, trimmed, with its field index; `None` when
    /// the field is not mapped, or empty, or says "not available".
    fn get<'a>(&self, fields: &[&'a [u8]], field: Field) -> Option<(&'a [u8], usize)> {
        let index = self.columns[field.slot()]?;
        let value = fields.get(index)?.trim_ascii();
        (!is_not_available(value)).then_some((value, index))
    }
}

/// Words exports use for a missing value.
fn is_not_available(value: &[u8]) -> bool {
    const WORDS: [&[u8]; 8] =
        [b"unknown", b"undefined", b"na", b"n/a", b"null", b"none", b"nan", b"unknown value"];
    value.is_empty() || WORDS.iter().any(|w| value.eq_ignore_ascii_case(w))
}

/// Why a CSV line is not a row.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{kind}")]
pub struct RowError {
    pub kind: RowErrorKind,
    /// The field at fault (index in the row), when one is.
    pub field_index: Option<usize>,
}

/// What is wrong with a CSV row. Values are quoted, cut to 64 characters.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RowErrorKind {
    #[error("unterminated quoted field")]
    UnterminatedQuote,
    #[error("text after a closing quote")]
    TextAfterQuote,
    #[error("more than {limit} fields")]
    TooManyFields { limit: usize },
    #[error("{found} fields, the header has {expected}")]
    FieldCount { found: usize, expected: usize },
    #[error("no {field}")]
    Missing { field: Field },
    #[error("{field} {text:?} is not a number")]
    NotANumber { field: Field, text: String },
    #[error("{field} {value} is out of range")]
    OutOfRange { field: Field, value: f64 },
    #[error("{field} {text:?} does not match the time format")]
    BadTime { field: Field, text: String },
    #[error("time {text:?} is outside 1990..2100")]
    TimeOutOfRange { text: String },
    #[error("no time (state one with --assume-time)")]
    NoTime,
    #[error("no position and no static data")]
    Empty,
}

impl RowError {
    fn at(kind: RowErrorKind, field_index: usize) -> Self {
        RowError { kind, field_index: Some(field_index) }
    }

    /// How a line with this error counts in the report.
    pub fn outcome(&self) -> Outcome {
        match self.kind {
            RowErrorKind::NoTime => Outcome::NoTime,
            _ => Outcome::Malformed,
        }
    }

    /// The reason without values, for counting reasons.
    pub fn class(&self) -> &'static str {
        match self.kind {
            RowErrorKind::UnterminatedQuote => "csv: unterminated quote",
            RowErrorKind::TextAfterQuote => "csv: text after closing quote",
            RowErrorKind::TooManyFields { .. } => "csv: too many fields",
            RowErrorKind::FieldCount { .. } => "csv: wrong number of fields",
            RowErrorKind::Missing { .. } => "csv: missing field",
            RowErrorKind::NotANumber { .. } => "csv: not a number",
            RowErrorKind::OutOfRange { .. } => "csv: value out of range",
            RowErrorKind::BadTime { .. } => "csv: bad time",
            RowErrorKind::TimeOutOfRange { .. } => "csv: time out of range",
            RowErrorKind::NoTime => "no receive time",
            RowErrorKind::Empty => "csv: empty row",
        }
    }
}

fn cut(value: &[u8]) -> String {
    String::from_utf8_lossy(value).chars().take(MAX_ERROR_TEXT).collect()
}

/// Splits CSV lines into fields, reusing its buffers between lines.
#[derive(Debug, Default)]
pub struct FieldSplitter {
    /// The fields' bytes, unquoted, back to back.
    bytes: Vec<u8>,
    /// Per field: start and end in `bytes`, and offset of the field in the line.
    spans: Vec<(usize, usize, usize)>,
}

impl FieldSplitter {
    /// Splits one line (a trailing `\r` is dropped). Quoted fields may hold
    /// commas and `""`; a quote must close before the line ends.
    pub fn split(&mut self, line: &[u8]) -> Result<(), RowError> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        self.bytes.clear();
        self.spans.clear();
        let mut i = 0;
        loop {
            let index = self.spans.len();
            let (raw_start, start) = (i, self.bytes.len());
            if index >= MAX_FIELDS {
                // A span for the field at fault, so that `offset_of` finds it.
                self.spans.push((start, start, raw_start));
                return Err(RowError::at(RowErrorKind::TooManyFields { limit: MAX_FIELDS }, index));
            }
            if line.get(i) == Some(&b'"') {
                i += 1;
                loop {
                    let Some(q) = memchr::memchr(b'"', &line[i..]) else {
                        self.spans.push((start, self.bytes.len(), raw_start));
                        return Err(RowError::at(RowErrorKind::UnterminatedQuote, index));
                    };
                    self.bytes.extend_from_slice(&line[i..i + q]);
                    i += q + 1;
                    if line.get(i) == Some(&b'"') {
                        self.bytes.push(b'"');
                        i += 1;
                    } else {
                        break;
                    }
                }
                self.spans.push((start, self.bytes.len(), raw_start));
                match line.get(i) {
                    None => return Ok(()),
                    Some(b',') => i += 1,
                    Some(_) => return Err(RowError::at(RowErrorKind::TextAfterQuote, index)),
                }
            } else {
                let end = memchr::memchr(b',', &line[i..]).map_or(line.len(), |p| i + p);
                self.bytes.extend_from_slice(&line[i..end]);
                self.spans.push((start, self.bytes.len(), raw_start));
                if end == line.len() {
                    return Ok(());
                }
                i = end + 1;
            }
        }
    }

    /// The fields of the last line split.
    pub fn fields(&self) -> Vec<&[u8]> {
        self.spans.iter().map(|&(s, e, _)| &self.bytes[s..e]).collect()
    }

    /// Offset in the line of field `index` (of the last field past the end;
    /// after an error, the field at fault is the last).
    pub fn offset_of(&self, index: usize) -> usize {
        self.spans.get(index).or(self.spans.last()).map_or(0, |s| s.2)
    }
}

/// What one CSV row holds.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRow {
    pub position: Option<PositionRow>,
    pub static_report: Option<StaticRow>,
}

/// Reads one row: its fields (as split by [`FieldSplitter`]) against `layout`.
/// `line` is recorded in the rows. A row with a position and static columns
/// gives both; "not available" values are `None`; anything unreadable or out
/// of range is an error naming the field.
pub fn parse_row(fields: &[&[u8]], layout: &CsvLayout, line: u64) -> Result<CsvRow, RowError> {
    if fields.len() != layout.header_len {
        let kind = RowErrorKind::FieldCount { found: fields.len(), expected: layout.header_len };
        return Err(RowError { kind, field_index: None });
    }
    let get = |field| layout.get(fields, field);
    let (mmsi_text, at) = get(Field::Mmsi)
        .ok_or(RowError { kind: RowErrorKind::Missing { field: Field::Mmsi }, field_index: None })?;
    let mmsi = parse_mmsi(mmsi_text).map_err(|kind| RowError::at(kind, at))?;
    let time_ms = match get(Field::Time) {
        Some((text, at)) => {
            let time = std::str::from_utf8(text).ok().and_then(|t| layout.time_format.parse_ms(t));
            let time = time.ok_or_else(|| {
                RowError::at(RowErrorKind::BadTime { field: Field::Time, text: cut(text) }, at)
            })?;
            if !is_plausible(time) {
                return Err(RowError::at(RowErrorKind::TimeOutOfRange { text: cut(text) }, at));
            }
            time
        }
        None => layout.assume_time_ms.ok_or(RowError { kind: RowErrorKind::NoTime, field_index: None })?,
    };
    let position = parse_position(fields, layout, mmsi, time_ms, line)?;
    let static_report = parse_static(fields, layout, mmsi, time_ms, line)?;
    match position {
        Position::Absent if static_report.is_none() => {
            Err(RowError { kind: RowErrorKind::Empty, field_index: None })
        }
        Position::Given(p) => Ok(CsvRow { position: Some(p), static_report }),
        // A row may say its position is not available, as AIS does: read, nothing to store.
        Position::Absent | Position::NotAvailable => Ok(CsvRow { position: None, static_report }),
    }
}

/// What a row says about its position.
enum Position {
    Given(PositionRow),
    /// Latitude 91 or longitude 181: AIS's "not available".
    NotAvailable,
    /// No latitude or longitude at all.
    Absent,
}

fn parse_mmsi(text: &[u8]) -> Result<u32, RowErrorKind> {
    let not_a_number = || RowErrorKind::NotANumber { field: Field::Mmsi, text: cut(text) };
    if text.is_empty() || text.len() > 10 || !text.iter().all(u8::is_ascii_digit) {
        return Err(not_a_number());
    }
    let value: u64 = std::str::from_utf8(text).ok().and_then(|t| t.parse().ok()).ok_or_else(not_a_number)?;
    match u32::try_from(value) {
        Ok(mmsi) if mmsi <= 999_999_999 => Ok(mmsi),
        // Exact: at most ten digits.
        _ => Err(RowErrorKind::OutOfRange { field: Field::Mmsi, value: value as f64 }),
    }
}

/// A field as a finite number.
fn number(layout: &CsvLayout, fields: &[&[u8]], field: Field) -> Result<Option<(f64, usize)>, RowError> {
    let Some((text, at)) = layout.get(fields, field) else {
        return Ok(None);
    };
    match std::str::from_utf8(text).ok().and_then(|t| t.parse::<f64>().ok()) {
        Some(v) if v.is_finite() => Ok(Some((v, at))),
        _ => Err(RowError::at(RowErrorKind::NotANumber { field, text: cut(text) }, at)),
    }
}

fn out_of_range(field: Field, value: f64, at: usize) -> RowError {
    RowError::at(RowErrorKind::OutOfRange { field, value }, at)
}

/// A whole number in `0..=max` (`x.0` accepted: some exports write floats).
fn whole(value: f64, max: u16) -> Option<u16> {
    // The range and fraction checks make the cast exact.
    (value >= 0.0 && value <= f64::from(max) && value.fract() == 0.0).then_some(value as u16)
}

fn parse_position(
    fields: &[&[u8]],
    layout: &CsvLayout,
    mmsi: u32,
    time_ms: i64,
    line: u64,
) -> Result<Position, RowError> {
    let lat = number(layout, fields, Field::Lat)?;
    let lon = number(layout, fields, Field::Lon)?;
    let (lat_deg, lon_deg) = match (lat, lon) {
        (None, None) => return Ok(Position::Absent),
        (Some(_), None) => {
            return Err(RowError { kind: RowErrorKind::Missing { field: Field::Lon }, field_index: None })
        }
        (None, Some(_)) => {
            return Err(RowError { kind: RowErrorKind::Missing { field: Field::Lat }, field_index: None })
        }
        // AIS's "not available" values, as some exports keep them.
        (Some((lat, _)), Some((lon, _))) if lat == 91.0 || lon == 181.0 => return Ok(Position::NotAvailable),
        (Some((lat, lat_at)), Some((lon, lon_at))) => {
            if !(-90.0..=90.0).contains(&lat) {
                return Err(out_of_range(Field::Lat, lat, lat_at));
            }
            if !(-180.0..=180.0).contains(&lon) {
                return Err(out_of_range(Field::Lon, lon, lon_at));
            }
            (lat, lon)
        }
    };
    let sog_knots = match number(layout, fields, Field::Sog)? {
        Some((102.3, _)) => None,
        Some((v, at)) if !(0.0..102.3).contains(&v) => return Err(out_of_range(Field::Sog, v, at)),
        other => other.map(|(v, _)| v),
    };
    let cog_deg = match number(layout, fields, Field::Cog)? {
        // 360 is "not available"; up to 409.5 are raw values without meaning
        Some((v, _)) if (360.0..=409.6).contains(&v) => None,
        Some((v, at)) if !(0.0..360.0).contains(&v) => return Err(out_of_range(Field::Cog, v, at)),
        other => other.map(|(v, _)| v),
    };
    let heading_deg = match number(layout, fields, Field::Heading)? {
        Some((511.0, _)) => None,
        Some((v, at)) => Some(whole(v.round(), 359).ok_or_else(|| out_of_range(Field::Heading, v, at))?),
        None => None,
    };
    let nav_status = match layout.get(fields, Field::NavStatus) {
        None => None,
        Some((text, at)) => match std::str::from_utf8(text).ok().and_then(|t| t.parse::<f64>().ok()) {
            Some(v) => Some(
                whole(v, 15)
                    .and_then(|s| u8::try_from(s).ok())
                    .ok_or_else(|| out_of_range(Field::NavStatus, v, at))?,
            ),
            // DMA writes the status as gpsd's text; an unknown text is not available.
            None => (0u8..16).find(|&s| ais::msg::nav_status_text(s).as_bytes().eq_ignore_ascii_case(text)),
        },
    };
    Ok(Position::Given(PositionRow {
        mmsi,
        time_ms,
        lat_deg,
        lon_deg,
        sog_knots,
        cog_deg,
        heading_deg,
        nav_status,
        msg_type: None,
        accuracy: None,
        source: None,
        line,
    }))
}

/// DMA's ship type categories and the ITU code of each category's first type.
const SHIP_TYPE_WORDS: [(&str, u8); 22] = [
    ("wig", 20),
    ("fishing", 30),
    ("towing", 31),
    ("towing long/wide", 32),
    ("dredging", 33),
    ("diving", 34),
    ("military", 35),
    ("sailing", 36),
    ("pleasure", 37),
    ("hsc", 40),
    ("pilot", 50),
    ("sar", 51),
    ("tug", 52),
    ("port tender", 53),
    ("anti-pollution", 54),
    ("law enforcement", 55),
    ("medical", 58),
    ("not party to conflict", 59),
    ("passenger", 60),
    ("cargo", 70),
    ("tanker", 80),
    ("other", 90),
];

fn text(layout: &CsvLayout, fields: &[&[u8]], field: Field) -> Option<String> {
    layout.get(fields, field).map(|(t, _)| String::from_utf8_lossy(t).into_owned())
}

fn parse_static(
    fields: &[&[u8]],
    layout: &CsvLayout,
    mmsi: u32,
    time_ms: i64,
    line: u64,
) -> Result<Option<StaticRow>, RowError> {
    let imo = match layout.get(fields, Field::Imo) {
        None => None,
        Some((t, at)) => {
            let digits = t.strip_prefix(b"IMO").or_else(|| t.strip_prefix(b"imo")).unwrap_or(t).trim_ascii();
            let value = std::str::from_utf8(digits)
                .ok()
                .filter(|d| d.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|d| d.parse::<u32>().ok());
            match value {
                Some(0) => None,
                Some(v) => Some(v),
                None => {
                    return Err(RowError::at(
                        RowErrorKind::NotANumber { field: Field::Imo, text: cut(t) },
                        at,
                    ))
                }
            }
        }
    };
    let ship_type = match layout.get(fields, Field::ShipType) {
        None => None,
        Some((t, at)) => match std::str::from_utf8(t).ok().and_then(|s| s.parse::<f64>().ok()) {
            Some(v) => match whole(v, 255).and_then(|s| u8::try_from(s).ok()) {
                Some(0) => None,
                Some(code) => Some(code),
                None => return Err(out_of_range(Field::ShipType, v, at)),
            },
            None => SHIP_TYPE_WORDS
                .iter()
                .find(|(w, _)| w.as_bytes().eq_ignore_ascii_case(t))
                .map(|(_, code)| *code),
        },
    };
    let metres = |field| -> Result<Option<u16>, RowError> {
        match number(layout, fields, field)? {
            Some((0.0, _)) => Ok(None),
            Some((v, at)) => whole(v.round(), u16::MAX).map(Some).ok_or_else(|| out_of_range(field, v, at)),
            None => Ok(None),
        }
    };
    let length_m = metres(Field::Length)?;
    let beam_m = metres(Field::Beam)?;
    let draught_m = match number(layout, fields, Field::Draught)? {
        Some((0.0, _)) => None,
        Some((v, at)) if !(0.0..=100.0).contains(&v) => return Err(out_of_range(Field::Draught, v, at)),
        other => other.map(|(v, _)| v),
    };
    let eta = match layout.get(fields, Field::Eta) {
        None => None,
        Some((t, at)) => {
            let time = std::str::from_utf8(t)
                .ok()
                .and_then(|s| layout.time_format.parse_ms(s))
                .and_then(DateTime::from_timestamp_millis);
            let time = time
                .ok_or_else(|| RowError::at(RowErrorKind::BadTime { field: Field::Eta, text: cut(t) }, at))?;
            let part = |v: u32| u8::try_from(v).unwrap_or(0);
            Some(ais::msg::Eta {
                month: part(time.month()),
                day: part(time.day()),
                hour: part(time.hour()),
                minute: part(time.minute()),
            })
        }
    };
    let row = StaticRow {
        mmsi,
        time_ms,
        msg_type: None,
        imo,
        callsign: text(layout, fields, Field::Callsign),
        shipname: text(layout, fields, Field::Name),
        ship_type,
        dimensions: None,
        length_m,
        beam_m,
        draught_m,
        destination: text(layout, fields, Field::Destination),
        eta,
        source: None,
        line,
    };
    let empty = row.imo.is_none()
        && row.callsign.is_none()
        && row.shipname.is_none()
        && row.ship_type.is_none()
        && row.length_m.is_none()
        && row.beam_m.is_none()
        && row.draught_m.is_none()
        && row.destination.is_none()
        && row.eta.is_none();
    Ok((!empty).then_some(row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<Vec<u8>> {
        let mut s = FieldSplitter::default();
        s.split(line.as_bytes()).unwrap();
        s.fields().into_iter().map(<[u8]>::to_vec).collect()
    }

    fn layout(header: &str, spec: Option<&str>, format: &str) -> CsvLayout {
        let fields = split(header);
        let refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
        let spec = spec.map(|s| s.parse::<ColumnSpec>().unwrap());
        CsvLayout::recognise(&refs, spec.as_ref(), &format.parse().unwrap(), None).unwrap().unwrap()
    }

    fn row(layout: &CsvLayout, line: &str) -> Result<CsvRow, RowError> {
        let fields = split(line);
        let refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
        parse_row(&refs, layout, 7)
    }

    const MC_HEADER: &str = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass";
    const DMA_HEADER: &str = "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data source type";

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(
            split(r#"a,"b,c","d""e",,"""#),
            vec![b"a".to_vec(), b"b,c".to_vec(), b"d\"e".to_vec(), vec![], vec![]]
        );
        assert_eq!(split("x\r"), vec![b"x".to_vec()]);
        let mut s = FieldSplitter::default();
        assert_eq!(s.split(b"a,\"b").unwrap_err().kind, RowErrorKind::UnterminatedQuote);
        assert_eq!(s.split(b"a,\"b\"c").unwrap_err().kind, RowErrorKind::TextAfterQuote);
        let wide = vec![b','; MAX_FIELDS + 1];
        assert!(matches!(s.split(&wide).unwrap_err().kind, RowErrorKind::TooManyFields { .. }));
        s.split(b"ab,cd,ef").unwrap();
        assert_eq!(s.offset_of(2), 6);
    }

    #[test]
    fn column_specs() {
        assert!("mmsi=ID,time=ts,lon=x,lat=y".parse::<ColumnSpec>().is_ok());
        assert_eq!("mmsi=ID".parse::<ColumnSpec>(), Err(ColumnSpecError::Missing { field: Field::Time }));
        assert_eq!(
            "mmsi=ID,time=t,lat=y".parse::<ColumnSpec>(),
            Err(ColumnSpecError::Missing { field: Field::Lon })
        );
        assert!(matches!(
            "mmsi=ID,time=t,speed=s".parse::<ColumnSpec>(),
            Err(ColumnSpecError::UnknownField { .. })
        ));
        assert!(matches!("mmsi=ID,time".parse::<ColumnSpec>(), Err(ColumnSpecError::NotAPair { .. })));
        assert_eq!(
            "mmsi=a,time=t,mmsi=b".parse::<ColumnSpec>(),
            Err(ColumnSpecError::Repeated { field: Field::Mmsi })
        );
    }

    #[test]
    fn recognises_known_headers_and_reports_missing_columns() {
        assert_eq!(layout(MC_HEADER, None, "iso").kind(), CsvKind::MarineCadastre);
        assert_eq!(layout(DMA_HEADER, None, "iso").kind(), CsvKind::DmaAisdk);
        let header = split("\u{feff}ID,ais_pos_timestamp,longitude,latitude");
        let refs: Vec<&[u8]> = header.iter().map(Vec::as_slice).collect();
        assert!(CsvLayout::recognise(&refs, None, &TimeFormat::Iso, None).unwrap().is_none());
        let spec: ColumnSpec = "mmsi=ID,time=when,lon=longitude,lat=latitude".parse().unwrap();
        let err = CsvLayout::recognise(&refs, Some(&spec), &TimeFormat::Iso, None).unwrap_err();
        assert!(matches!(err, ErrorKind::MissingColumn { field: Field::Time, .. }));
    }

    #[test]
    fn marinecadastre_row() {
        let l = layout(MC_HEADER, None, "iso");
        let r = row(&l, "636021061,2023-01-11T00:00:00,26.09241,-80.04806,8.8,272.7,270.0,MSC NAISHA III,IMO9307839,5LCB4,70,8.0,208.0,30.0,8.0,70.0,A").unwrap();
        let p = r.position.unwrap();
        assert_eq!((p.mmsi, p.time_ms, p.line), (636021061, 1_673_395_200_000, 7));
        assert_eq!(
            (p.lat_deg, p.lon_deg, p.sog_knots, p.cog_deg, p.heading_deg, p.nav_status),
            (26.09241, -80.04806, Some(8.8), Some(272.7), Some(270), Some(8))
        );
        let s = r.static_report.unwrap();
        assert_eq!(
            (s.imo, s.callsign.as_deref(), s.shipname.as_deref(), s.ship_type),
            (Some(9307839), Some("5LCB4"), Some("MSC NAISHA III"), Some(70))
        );
        assert_eq!((s.length_m, s.beam_m, s.draught_m), (Some(208), Some(30), Some(8.0)));
        // heading 511 and cog 360 are "not available"
        let r =
            row(&l, "367752440,2023-01-11T00:00:00,43.07917,-70.75733,0.0,360.0,511.0,,,,,,,,,,A").unwrap();
        let p = r.position.unwrap();
        assert_eq!((p.cog_deg, p.heading_deg, p.nav_status), (None, None, None));
        assert!(r.static_report.is_none());
    }

    #[test]
    fn dma_row_with_texts() {
        let l = layout(DMA_HEADER, None, "iso");
        let r = row(&l, "01/06/2018 00:00:00,Class A,219014851,55.075200,8.341003,Under way using engine,0.0,3.2,190.1,196,9320063,SHZA,ASTINA,Tanker,Category X,20,130,GPS,5.9,FREDERICIA,31/05/2019 04:00:00,AIS").unwrap();
        let p = r.position.unwrap();
        assert_eq!((p.nav_status, p.time_ms), (Some(0), 1_527_811_200_000));
        let s = r.static_report.unwrap();
        assert_eq!(
            (s.ship_type, s.beam_m, s.length_m, s.imo),
            (Some(80), Some(20), Some(130), Some(9320063))
        );
        assert_eq!(s.eta, Some(ais::msg::Eta { month: 5, day: 31, hour: 4, minute: 0 }));
        let r = row(&l, "01/06/2018 00:00:00,Class A,215810000,55.921028,17.320418,Unknown value,0.0,12.5,255.5,256,Unknown,,,Undefined,,,,Undefined, , , ,AIS").unwrap();
        assert_eq!(r.position.unwrap().nav_status, None);
        assert!(r.static_report.is_none());
    }

    #[test]
    fn bad_rows_are_typed_errors_with_the_field() {
        let l = layout("id,t,lon,lat,sog", Some("mmsi=id,time=t,lon=lon,lat=lat,sog=sog"), "epoch_s");
        let kind = |line: &str| row(&l, line).unwrap_err().kind;
        assert_eq!(kind("1,1600000000,10"), RowErrorKind::FieldCount { found: 3, expected: 5 });
        assert_eq!(kind(",1600000000,10,20,"), RowErrorKind::Missing { field: Field::Mmsi });
        assert!(matches!(kind("x1,1600000000,10,20,"), RowErrorKind::NotANumber { field: Field::Mmsi, .. }));
        assert!(matches!(kind("1,yesterday,10,20,"), RowErrorKind::BadTime { field: Field::Time, .. }));
        assert!(matches!(kind("1,0,10,20,"), RowErrorKind::TimeOutOfRange { .. }));
        assert_eq!(kind("1,,10,20,"), RowErrorKind::NoTime);
        assert_eq!(row(&l, "1,,10,20,").unwrap_err().outcome(), Outcome::NoTime);
        assert!(matches!(kind("1,1600000000,ten,20,"), RowErrorKind::NotANumber { field: Field::Lon, .. }));
        assert_eq!(kind("1,1600000000,10,95,"), RowErrorKind::OutOfRange { field: Field::Lat, value: 95.0 });
        assert_eq!(
            kind("1,1600000000,-181,20,"),
            RowErrorKind::OutOfRange { field: Field::Lon, value: -181.0 }
        );
        assert_eq!(
            kind("1,1600000000,10,20,-1"),
            RowErrorKind::OutOfRange { field: Field::Sog, value: -1.0 }
        );
        assert_eq!(kind("1,1600000000,10,,"), RowErrorKind::Missing { field: Field::Lat });
        assert_eq!(kind("1,1600000000,,,"), RowErrorKind::Empty);
        // "not available" is a position report without a position, not an error
        assert_eq!(row(&l, "1,1600000000,181,91,").unwrap(), CsvRow { position: None, static_report: None });
        let e = row(&l, "1,1600000000,10,95,").unwrap_err();
        assert_eq!(e.field_index, Some(3));
    }

    #[test]
    fn assumed_time_fills_empty_times() {
        let fields = split("id,t,lon,lat");
        let refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
        let spec: ColumnSpec = "mmsi=id,time=t,lon=lon,lat=lat".parse().unwrap();
        let l = CsvLayout::recognise(&refs, Some(&spec), &TimeFormat::Iso, Some(1_600_000_000_000))
            .unwrap()
            .unwrap();
        assert_eq!(row(&l, "5,,1,2").unwrap().position.unwrap().time_ms, 1_600_000_000_000);
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_a_row_or_an_error(line in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let l = layout(MC_HEADER, None, "iso");
            let mut s = FieldSplitter::default();
            if s.split(&line).is_ok() {
                let _ = parse_row(&s.fields(), &l, 1);
            }
        }
    }
}
