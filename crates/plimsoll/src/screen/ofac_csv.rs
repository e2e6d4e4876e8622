//! OFAC's SDN list in its CSV trio: `sdn.csv` (one row per designation, vessel
//! fields in their own columns, IMO number, MMSI, former flags and links in
//! the remarks), `alt.csv` (aliases: `aka`, `fka`, `nka`) and `add.csv`
//! (addresses). No header row; `-0-` marks an empty field; the files end with
//! a Ctrl-Z byte. They carry no publication date.
//!
//! Columns (OFAC's data specification): sdn `ent_num, SDN_Name, SDN_Type,
//! Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner,
//! Remarks`; alt `ent_num, alt_num, alt_type, alt_name, alt_remarks`; add
//! `ent_num, add_num, address, city, country, add_remarks`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use super::error::{csv_error, Error, ErrorKind};
use super::normalize::{self, Countries};
use super::{parse_imo, parse_mmsi, Entry, EntryKind, FileFormat, ListVersion, Parsed, FIELD_BYTES_MAX};

const SDN_FIELDS: usize = 12;
const ALT_FIELDS: usize = 5;
const ADD_FIELDS: usize = 6;

/// Which OFAC CSV a first line is from, by its field count and numeric id.
pub(crate) fn sniff(first_line: &[u8]) -> Option<FileFormat> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(first_line);
    let record = reader.byte_records().next()?.ok()?;
    let id = record.get(0)?;
    if id.is_empty() || !id.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match record.len() {
        SDN_FIELDS => Some(FileFormat::OfacSdnCsv),
        ALT_FIELDS => Some(FileFormat::OfacAltCsv),
        ADD_FIELDS => Some(FileFormat::OfacAddCsv),
        _ => None,
    }
}

/// A field's text, `None` for OFAC's `-0-` and for empty fields.
fn field(record: &csv::ByteRecord, index: usize) -> Option<String> {
    let text = normalize::decode_text(record.get(index)?);
    let text = text.trim();
    (!text.is_empty() && text != "-0-").then(|| text.to_owned())
}

/// The records of one OFAC CSV with `fields` fields each; the closing Ctrl-Z
/// and blank lines are skipped.
fn records<R: BufRead>(
    input: R,
    format: &'static str,
    fields: usize,
) -> impl Iterator<Item = Result<csv::ByteRecord, Error>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
    let mut record = csv::ByteRecord::new();
    std::iter::from_fn(move || loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return None,
            Err(e) => return Some(Err(csv_error(e))),
            Ok(true) => {
                if record.len() == 1 && record[0].iter().all(|b| *b == 0x1a || b.is_ascii_whitespace()) {
                    continue;
                }
                return Some(check_record(&record, format, fields).map(|()| record.clone()));
            }
        }
    })
}

/// A record of the wrong width, a field over the bound, or a field spanning
/// lines (a broken quote) is an error at the record's start.
pub(crate) fn check_record(
    record: &csv::ByteRecord,
    format: &'static str,
    fields: usize,
) -> Result<(), Error> {
    if record.iter().any(|f| f.contains(&b'\n')) {
        return Err(Error::at_record(ErrorKind::BrokenQuote, record));
    }
    if record.len() != fields {
        let kind = ErrorKind::FieldCount { format, expected: fields, found: record.len() };
        return Err(Error::at_record(kind, record));
    }
    if record.iter().any(|f| f.len() > FIELD_BYTES_MAX) {
        let kind = ErrorKind::TooLong { field: "field", limit_bytes: FIELD_BYTES_MAX };
        return Err(Error::at_record(kind, record));
    }
    Ok(())
}

/// Reads `sdn.csv`.
pub fn parse_sdn<R: BufRead>(input: R, countries: &Countries) -> Result<Parsed, Error> {
    let mut parsed = Parsed::default();
    for record in records(input, "OFAC sdn.csv", SDN_FIELDS) {
        let record = record?;
        parsed.check_count(|kind| Error::at_record(kind, &record))?;
        let id = field(&record, 0).unwrap_or_default();
        let kind = match field(&record, 2).as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("vessel") => EntryKind::Vessel,
            Some("individual") => EntryKind::Person,
            Some("aircraft") => EntryKind::Other,
            _ => EntryKind::Organization,
        };
        let mut entry = Entry {
            id,
            kind: Some(kind),
            name: field(&record, 1)
                .ok_or_else(|| Error::at_record(ErrorKind::Missing { field: "SDN_Name" }, &record))?,
            call_sign: field(&record, 5),
            vessel_type: field(&record, 6),
            tonnage_gt: field(&record, 8).and_then(|t| t.replace(',', "").parse().ok()),
            flag: field(&record, 9).and_then(|f| countries.flag(&f)),
            programs: field(&record, 3).map(|p| programs(&p)).unwrap_or_default(),
            sanctioned: true,
            ..Entry::default()
        };
        if let Some(owner) = field(&record, 10) {
            entry.owners.push(owner);
        }
        if let Some(remarks) = field(&record, 11) {
            for kind in apply_remarks(&mut entry, &remarks, countries) {
                parsed.problems.push(Error::at_record(kind, &record));
            }
            entry.remarks = Some(remarks);
        }
        parsed.entries.push(entry);
    }
    Ok(parsed)
}

/// `IRAN] [NPWMD] [IFSR` (the CSV's way of listing several).
fn programs(text: &str) -> Vec<String> {
    text.split("] [")
        .map(|p| p.trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace()).to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Takes the vessel facts OFAC writes into the remarks (`Vessel Registration
/// Identification IMO 9187629; MMSI 572469210; Former Vessel Flag Malta;
/// f.k.a. 'ALPHA'; Linked To: NATIONAL IRANIAN TANKER COMPANY.`) into the
/// entry; returns what could not be read.
pub(crate) fn apply_remarks(entry: &mut Entry, remarks: &str, countries: &Countries) -> Vec<ErrorKind> {
    let mut problems = Vec::new();
    for item in remarks.split(';') {
        let item = item.trim().trim_end_matches('.').trim();
        let item = item.strip_prefix("alt.").map(str::trim_start).unwrap_or(item);
        if let Some(rest) = item.strip_prefix("Vessel Registration Identification") {
            if entry.kind() != EntryKind::Vessel {
                // On a company, the number is its IMO company number: another
                // numbering with no vessel check digit, never a ship's IMO.
                entry.company_imo = company_imo(rest);
                continue;
            }
            match parse_imo(rest) {
                Ok(imo) if entry.imo.is_none() => entry.imo = Some(imo),
                Ok(_) => {}
                Err(kind) => problems.push(kind),
            }
        } else if let Some(rest) = item.strip_prefix("MMSI") {
            match parse_mmsi(rest) {
                Ok(mmsi) if entry.mmsi.is_none() => entry.mmsi = Some(mmsi),
                Ok(_) => {}
                Err(kind) => problems.push(kind),
            }
        } else if let Some(rest) =
            item.strip_prefix("Former Vessel Flag").or_else(|| item.strip_prefix("Other Vessel Flag"))
        {
            if let Some(flag) = countries.flag(rest) {
                entry.former_flags.push(flag);
            }
        } else if let Some(rest) = item.strip_prefix("Linked To:") {
            entry.owners.push(rest.trim().to_owned());
        } else if let Some((prefix, name)) = quoted_alias(item) {
            match prefix {
                "f.k.a." => entry.former_names.push(name),
                _ => entry.aliases.push(name),
            }
        }
    }
    problems
}

/// Seven digits after an optional `IMO`.
fn company_imo(text: &str) -> Option<u32> {
    let digits = text.trim();
    let digits = digits.strip_prefix("IMO").map_or(digits, str::trim_start);
    (digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
}

/// `f.k.a. 'ALPHA'` into (`f.k.a.`, `ALPHA`).
fn quoted_alias(item: &str) -> Option<(&'static str, String)> {
    for prefix in ["a.k.a.", "f.k.a.", "n.k.a."] {
        if let Some(rest) = item.strip_prefix(prefix) {
            let name = rest.trim().trim_matches(|c| c == '\'' || c == '"').trim();
            return (!name.is_empty()).then(|| (prefix, name.to_owned()));
        }
    }
    None
}

/// Adds `alt.csv` aliases to the entries they name.
pub fn apply_alt<R: BufRead>(
    input: R,
    entries: &mut [Entry],
    problems: &mut Vec<Error>,
) -> Result<(), Error> {
    let index: HashMap<String, usize> = entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
    for record in records(input, "OFAC alt.csv", ALT_FIELDS) {
        let record = record?;
        let (Some(id), Some(name)) = (field(&record, 0), field(&record, 3)) else {
            problems.push(Error::at_record(ErrorKind::Missing { field: "alt_name" }, &record));
            continue;
        };
        let Some(&i) = index.get(&id) else {
            problems.push(Error::at_record(ErrorKind::Missing { field: "ent_num in sdn.csv" }, &record));
            continue;
        };
        match field(&record, 2).as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("fka") => entries[i].former_names.push(name),
            _ => entries[i].aliases.push(name),
        }
    }
    for entry in entries {
        entry.former_names.dedup();
        entry.aliases.dedup();
    }
    Ok(())
}

/// Checks `add.csv` (addresses say nothing matching uses, but a broken file
/// is still an error) and counts addresses of unknown entries as problems.
pub fn check_add<R: BufRead>(input: R, entries: &[Entry], problems: &mut Vec<Error>) -> Result<(), Error> {
    let ids: std::collections::HashSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    for record in records(input, "OFAC add.csv", ADD_FIELDS) {
        let record = record?;
        if !field(&record, 0).is_some_and(|id| ids.contains(id.as_str())) {
            problems.push(Error::at_record(ErrorKind::Missing { field: "ent_num in sdn.csv" }, &record));
        }
    }
    Ok(())
}

/// The OFAC CSV files of one import.
#[derive(Debug, Default)]
pub(crate) struct Trio {
    sdn: Option<PathBuf>,
    alt: Option<PathBuf>,
    add: Option<PathBuf>,
}

impl Trio {
    pub(crate) fn add(&mut self, format: FileFormat, path: PathBuf) -> Result<(), Error> {
        let slot = match format {
            FileFormat::OfacSdnCsv => &mut self.sdn,
            FileFormat::OfacAltCsv => &mut self.alt,
            _ => &mut self.add,
        };
        if slot.is_some() {
            return Err(Error::new(ErrorKind::DuplicatePart { format: format.as_str() }));
        }
        *slot = Some(path);
        Ok(())
    }

    /// Reads the trio into one version of `ofac_sdn`.
    pub(crate) fn read(
        self,
        published: Option<&str>,
        countries: &Countries,
    ) -> Result<Option<ListVersion>, Error> {
        let Some(sdn) = self.sdn else {
            return match self.alt.or(self.add) {
                Some(path) => Err(Error::new(ErrorKind::OfacWithoutSdn).in_file(&path)),
                None => Ok(None),
            };
        };
        let open = |path: &PathBuf| {
            std::fs::File::open(path).map(BufReader::new).map_err(|e| Error::from(e).in_file(path))
        };
        let mut parsed = parse_sdn(open(&sdn)?, countries).map_err(|e| e.in_file(&sdn))?;
        let mut problems: Vec<Error> =
            std::mem::take(&mut parsed.problems).into_iter().map(|e| e.in_file(&sdn)).collect();
        let mut files = vec![sdn.clone()];
        let mut formats = vec![FileFormat::OfacSdnCsv.as_str()];
        if let Some(alt) = self.alt {
            let mut found = Vec::new();
            apply_alt(open(&alt)?, &mut parsed.entries, &mut found).map_err(|e| e.in_file(&alt))?;
            problems.extend(found.into_iter().map(|e| e.in_file(&alt)));
            formats.push(FileFormat::OfacAltCsv.as_str());
            files.push(alt);
        }
        if let Some(add) = self.add {
            let mut found = Vec::new();
            check_add(open(&add)?, &parsed.entries, &mut found).map_err(|e| e.in_file(&add))?;
            problems.extend(found.into_iter().map(|e| e.in_file(&add)));
            formats.push(FileFormat::OfacAddCsv.as_str());
            files.push(add);
        }
        let published = super::publication_date(None, published).map_err(|e| e.in_file(&sdn))?;
        Ok(Some(ListVersion {
            list: "ofac_sdn".to_owned(),
            format: formats.join("+"),
            published,
            files,
            entries: parsed.entries,
            problems,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn countries() -> Countries {
        Countries::embedded().unwrap()
    }

    const SDN: &str = "15036,\"ARTAVIL\",\"vessel\",\"IRAN] [SDGT\",-0- ,\"T2EU4\",\"Crude/Oil Products Tanker\",\"99,144\",\"56,068\",\"Iran\",-0- ,\"Former Vessel Flag Malta; alt. Former Vessel Flag Tuvalu; Vessel Registration Identification IMO 9187629; MMSI 572469210; f.k.a. 'ALPHA'; Linked To: NATIONAL IRANIAN TANKER COMPANY.\"\r\n17104,\"RYONG GUN BONG\",\"vessel\",\"DPRK\",-0- ,-0- ,\"General Cargo\",-0- ,-0- ,\"Democratic People's Republic of Korea\",-0- ,\"Vessel Registration Identification 8606173.\"\r\n\x1a";

    #[test]
    fn vessels_from_columns_and_remarks() {
        let parsed = parse_sdn(SDN.as_bytes(), &countries()).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let [a, r] = &parsed.entries[..] else { panic!("{:?}", parsed.entries) };
        assert_eq!(a.kind(), EntryKind::Vessel);
        assert_eq!((a.imo, a.mmsi), (Some(9_187_629), Some(572_469_210)));
        assert_eq!(a.call_sign.as_deref(), Some("T2EU4"));
        assert_eq!(a.flag.as_deref(), Some("IR"));
        assert_eq!(a.former_flags, ["MT", "TV"]);
        assert_eq!(a.former_names, ["ALPHA"]);
        assert_eq!(a.owners, ["NATIONAL IRANIAN TANKER COMPANY"]);
        assert_eq!(a.programs, ["IRAN", "SDGT"]);
        assert_eq!(a.tonnage_gt, Some(56_068));
        assert_eq!((r.imo, r.flag.as_deref()), (Some(8_606_173), Some("KP")));
    }

    #[test]
    fn a_company_number_is_not_a_vessel_imo() {
        let sdn = "19569,\"CHONGBONG SHIPPING CO LTD\",-0- ,\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Vessel Registration Identification IMO 5878589.\"\n";
        let parsed = parse_sdn(sdn.as_bytes(), &countries()).unwrap();
        assert!(parsed.problems.is_empty());
        assert_eq!((parsed.entries[0].imo, parsed.entries[0].company_imo), (None, Some(5_878_589)));
    }

    #[test]
    fn wrong_check_digit_is_a_located_problem() {
        let sdn = SDN.replace("9187629", "9187628");
        let parsed = parse_sdn(sdn.as_bytes(), &countries()).unwrap();
        assert_eq!(parsed.entries[0].imo, None);
        let [problem] = &parsed.problems[..] else { panic!("{:?}", parsed.problems) };
        assert!(matches!(problem.kind, ErrorKind::ImoCheckDigit { imo: 9_187_628 }));
        assert_eq!(problem.location.byte_offset, Some(0));
    }

    #[test]
    fn broken_quote_is_an_error_at_its_line() {
        let sdn = SDN.replacen("\"General Cargo\"", "\"General Cargo", 1);
        let e = parse_sdn(sdn.as_bytes(), &countries()).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::BrokenQuote | ErrorKind::FieldCount { .. }), "{e}");
        // The record's start: the `\n` of the CRLF before it.
        assert_eq!(e.location.byte_offset, sdn.find("\n17104").map(|i| i as u64), "{e}");
        let short = "1,\"A\",\"vessel\"\n";
        let e = parse_sdn(short.as_bytes(), &countries()).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::FieldCount { found: 3, .. }), "{e}");
    }

    #[test]
    fn aliases_join_their_entries() {
        let mut parsed = parse_sdn(SDN.as_bytes(), &countries()).unwrap();
        let alt = "15036,1,\"fka\",\"BETA\",-0- \n15036,2,\"aka\",\"GAMMA\",-0- \n99,3,\"aka\",\"X\",-0- \n";
        let mut problems = Vec::new();
        apply_alt(alt.as_bytes(), &mut parsed.entries, &mut problems).unwrap();
        assert_eq!(parsed.entries[0].former_names, ["ALPHA", "BETA"]);
        assert_eq!(parsed.entries[0].aliases, ["GAMMA"]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location.byte_offset, alt.find("99,").map(|i| i as u64));
    }

    #[test]
    fn sniffs_the_parts() {
        assert_eq!(sniff(SDN.lines().next().unwrap().as_bytes()), Some(FileFormat::OfacSdnCsv));
        assert_eq!(sniff(b"36,12,\"aka\",\"AERO-CARIBBEAN\",-0- "), Some(FileFormat::OfacAltCsv));
        assert_eq!(sniff(b"36,25,-0- ,\"Havana\",\"Cuba\",-0- "), Some(FileFormat::OfacAddCsv));
        assert_eq!(sniff(b"name,imo"), None);
    }
}
