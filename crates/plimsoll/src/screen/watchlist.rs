//! A user's own watchlist as CSV, with this exact header (the simulator
//! writes it as `sanctions.csv`):
//!
//! `name,imo,mmsi,call_sign,flag,vessel_type,aliases,program,listed_on,delisted_on,remarks`
//!
//! Aliases are `;`-separated; dates `YYYY-MM-DD`; empty cells mean "not
//! known". Every row is a vessel. An IMO number failing its check digit, an
//! MMSI that is not nine digits or a bad date is an error at its line: a
//! user's own list is small, and should be right.

use std::io::BufRead;

use super::error::{csv_error, Error, ErrorKind};
use super::normalize::{self, Countries};
use super::ofac_csv::check_record;
use super::{parse_date, parse_imo, parse_mmsi, Entry, EntryKind, Parsed};

/// The header line.
pub const HEADER: &str =
    "name,imo,mmsi,call_sign,flag,vessel_type,aliases,program,listed_on,delisted_on,remarks";
const FIELDS: usize = 11;

/// Reads a watchlist.
pub fn parse<R: BufRead>(input: R, countries: &Countries) -> Result<Parsed, Error> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
    let mut record = csv::ByteRecord::new();
    let mut parsed = Parsed::default();
    let mut header_seen = false;
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        let text = |i: usize| {
            let t = normalize::decode_text(record.get(i).unwrap_or_default()).trim().to_owned();
            (!t.is_empty()).then_some(t)
        };
        if !header_seen {
            let header: Vec<String> = (0..record.len()).map(|i| text(i).unwrap_or_default()).collect();
            let header = header.join(",");
            if header.trim_start_matches('\u{feff}') != HEADER {
                return Err(Error::at_record(ErrorKind::Header { expected: HEADER }, &record));
            }
            header_seen = true;
            continue;
        }
        if record.len() == 1 && record[0].is_empty() {
            continue;
        }
        check_record(&record, "watchlist", FIELDS)?;
        parsed.check_count(|kind| Error::at_record(kind, &record))?;
        let at = |kind| Error::at_record(kind, &record);
        let name = text(0).ok_or_else(|| at(ErrorKind::Missing { field: "name" }))?;
        let imo = text(1).map(|t| parse_imo(&t)).transpose().map_err(at)?;
        let mmsi = text(2).map(|t| parse_mmsi(&t)).transpose().map_err(at)?;
        let date = |i: usize, field| text(i).map(|t| parse_date(field, &t)).transpose().map_err(at);
        let entry = Entry {
            id: match (imo, mmsi) {
                (Some(imo), _) => format!("IMO{imo}"),
                (None, Some(mmsi)) => format!("MMSI{mmsi}"),
                (None, None) => normalize::name_key(&name),
            },
            kind: Some(EntryKind::Vessel),
            imo,
            mmsi,
            call_sign: text(3),
            flag: text(4).and_then(|f| countries.flag(&f)),
            vessel_type: text(5),
            aliases: text(6)
                .map(|a| a.split(';').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default(),
            programs: text(7).into_iter().collect(),
            listed_on: date(8, "listed_on")?,
            delisted_on: date(9, "delisted_on")?,
            remarks: text(10),
            sanctioned: true,
            name,
            ..Entry::default()
        };
        parsed.entries.push(entry);
    }
    if !header_seen {
        return Err(Error::at_line(ErrorKind::Header { expected: HEADER }, 1));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Parsed, Error> {
        parse(text.as_bytes(), &Countries::embedded().unwrap())
    }

    #[test]
    fn rows_become_vessels() {
        let parsed = read(&format!(
            "{HEADER}\nYU JONG 2,8604917,,HMYU2,KP,Oil Products Tanker,YU JONG NO.2; YUJONG 2,UN 1718,2018-03-30,,\n\
             \"SHADOW, THE\",,445000123,,,,,,,,own list\n"
        ))
        .unwrap();
        let [a, b] = &parsed.entries[..] else { panic!() };
        assert_eq!(
            (a.imo, a.flag.as_deref(), &a.aliases[..]),
            (Some(8_604_917), Some("KP"), &["YU JONG NO.2".to_owned(), "YUJONG 2".to_owned()][..])
        );
        assert_eq!(a.listed_on.as_deref(), Some("2018-03-30"));
        assert_eq!(
            (b.name.as_str(), b.mmsi, b.id.as_str()),
            ("SHADOW, THE", Some(445_000_123), "MMSI445000123")
        );
    }

    #[test]
    fn errors_name_their_line() {
        let text = format!("{HEADER}\nA,8604917,,,,,,,,,\nB,8604918,,,,,,,,,\n");
        let e = read(&text).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::ImoCheckDigit { imo: 8_604_918 }), "{e}");
        assert_eq!(e.location.byte_offset, text.find("B,").map(|i| i as u64));
        let e = read(&format!("{HEADER}\nA,,,,,,,,2018-13-01,,\n")).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Date { .. }), "{e}");
        let e = read(&format!("{HEADER}\n\"A,,,,,,,,,,\nB,,,,,,,,,,\n")).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::BrokenQuote | ErrorKind::FieldCount { .. }), "{e}");
        assert_eq!(e.location.byte_offset, Some(HEADER.len() as u64 + 1));
        let e = read("name,imo\n").unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Header { .. }), "{e}");
    }
}
