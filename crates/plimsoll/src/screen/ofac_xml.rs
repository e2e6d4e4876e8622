//! OFAC's SDN list as XML (`sdn.xml`, schema `sdn.xsd`): `publshInformation`
//! with the `Publish_Date` (`MM/DD/YYYY`), then one `sdnEntry` per designation
//! with `uid`, `firstName`/`lastName`, `sdnType`, `programList`, `akaList`,
//! `idList` (`idType` "Vessel Registration Identification", "MMSI", "Former
//! Vessel Flag"...), `vesselInfo` (`callSign`, `vesselType`, `vesselFlag`,
//! `vesselOwner`, `grossRegisteredTonnage`) and `remarks`.

use std::io::BufRead;

use super::error::{Error, ErrorKind};
use super::normalize::Countries;
use super::ofac_csv::apply_remarks;
use super::xml::{Step, XmlWalk};
use super::{parse_imo, parse_mmsi, Entry, EntryKind, Parsed};

/// The parts of an `sdnEntry` (or of one of its `aka` and `id` children) read so far.
#[derive(Default)]
struct Building {
    entry: Entry,
    first_name: String,
    last_name: String,
    /// Inside an `aka`: its type, first and last name.
    aka: Option<(String, String, String)>,
    /// Inside an `id`: its type, number and country.
    id: Option<(String, String, String)>,
}

/// `MM/DD/YYYY` into `YYYY-MM-DD`.
fn us_date(text: &str) -> Result<String, ErrorKind> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%m/%d/%Y")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| ErrorKind::Date { field: "Publish_Date", value: text.to_owned() })
}

fn joined(first: &str, last: &str) -> String {
    match (first.is_empty(), last.is_empty()) {
        (true, _) => last.to_owned(),
        (false, true) => first.to_owned(),
        (false, false) => format!("{last}, {first}"),
    }
}

/// Reads `sdn.xml`.
pub fn parse<R: BufRead>(input: R, countries: &Countries) -> Result<Parsed, Error> {
    let mut walk = XmlWalk::new(input);
    let mut parsed = Parsed::default();
    let mut current: Option<Building> = None;
    loop {
        match walk.next()? {
            Step::End => break,
            Step::Open { name, .. } => match (name.as_str(), current.as_mut()) {
                ("sdnEntry", _) => {
                    parsed.check_count(|kind| walk.error(kind))?;
                    let entry = Entry { sanctioned: true, ..Entry::default() };
                    current = Some(Building { entry, ..Building::default() });
                }
                ("aka", Some(b)) => b.aka = Some(Default::default()),
                ("id", Some(b)) => b.id = Some(Default::default()),
                _ => {}
            },
            Step::Close { name, text } => {
                if name == "Publish_Date" {
                    parsed.published = Some(us_date(&text).map_err(|kind| walk.error(kind))?);
                    continue;
                }
                let Some(b) = current.as_mut() else { continue };
                if let Some((kind, first, last)) = b.aka.as_mut() {
                    match name.as_str() {
                        "type" => *kind = text,
                        "firstName" => *first = text,
                        "lastName" => *last = text,
                        "aka" => {
                            let name = joined(first, last);
                            if !name.is_empty() {
                                if kind.eq_ignore_ascii_case("f.k.a.") {
                                    b.entry.former_names.push(name);
                                } else {
                                    b.entry.aliases.push(name);
                                }
                            }
                            b.aka = None;
                        }
                        _ => {}
                    }
                    continue;
                }
                if let Some((kind, number, country)) = b.id.as_mut() {
                    match name.as_str() {
                        "idType" => *kind = text,
                        "idNumber" => *number = text,
                        "idCountry" => *country = text,
                        "id" => {
                            let problem = apply_id(&mut b.entry, kind, number, country, countries);
                            if let Some(kind) = problem {
                                parsed.problems.push(walk.error(kind));
                            }
                            b.id = None;
                        }
                        _ => {}
                    }
                    continue;
                }
                match name.as_str() {
                    "uid" if b.entry.id.is_empty() => b.entry.id = text,
                    "firstName" => b.first_name = text,
                    "lastName" => b.last_name = text,
                    "sdnType" => {
                        b.entry.kind = Some(match text.to_ascii_lowercase().as_str() {
                            "vessel" => EntryKind::Vessel,
                            "individual" => EntryKind::Person,
                            "entity" => EntryKind::Organization,
                            _ => EntryKind::Other,
                        })
                    }
                    "program" if !text.is_empty() => b.entry.programs.push(text),
                    "callSign" if !text.is_empty() => b.entry.call_sign = Some(text),
                    "vesselType" if !text.is_empty() => b.entry.vessel_type = Some(text),
                    "vesselFlag" => b.entry.flag = countries.flag(&text),
                    "vesselOwner" if !text.is_empty() => b.entry.owners.push(text),
                    "grossRegisteredTonnage" => b.entry.tonnage_gt = text.replace(',', "").parse().ok(),
                    "remarks" if !text.is_empty() => {
                        for kind in apply_remarks(&mut b.entry, &text, countries) {
                            parsed.problems.push(walk.error(kind));
                        }
                        b.entry.remarks = Some(text);
                    }
                    "sdnEntry" => {
                        let Some(mut b) = current.take() else { continue };
                        b.entry.name = joined(&b.first_name, &b.last_name);
                        if b.entry.name.is_empty() {
                            return Err(walk.error(ErrorKind::Missing { field: "lastName" }));
                        }
                        if b.entry.id.is_empty() {
                            return Err(walk.error(ErrorKind::Missing { field: "uid" }));
                        }
                        parsed.entries.push(b.entry);
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(parsed)
}

/// One `id` of an entry; returns what could not be read.
fn apply_id(
    entry: &mut Entry,
    kind: &str,
    number: &str,
    country: &str,
    countries: &Countries,
) -> Option<ErrorKind> {
    match kind {
        "Vessel Registration Identification" | "IMO Number" => match parse_imo(number) {
            Ok(imo) => {
                entry.imo.get_or_insert(imo);
                None
            }
            Err(kind) => Some(kind),
        },
        "MMSI" => match parse_mmsi(number) {
            Ok(mmsi) => {
                entry.mmsi.get_or_insert(mmsi);
                None
            }
            Err(kind) => Some(kind),
        },
        "Former Vessel Flag" | "Other Vessel Flag" => {
            let name = if number.is_empty() { country } else { number };
            entry.former_flags.extend(countries.flag(name));
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" standalone="yes"?>
<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation><Publish_Date>03/14/2025</Publish_Date><Record_Count>1</Record_Count></publshInformation>
  <sdnEntry>
    <uid>15036</uid>
    <lastName>ARTAVIL</lastName>
    <sdnType>Vessel</sdnType>
    <programList><program>IRAN</program><program>SDGT</program></programList>
    <akaList><aka><uid>1</uid><type>f.k.a.</type><category>strong</category><lastName>ALPHA</lastName></aka></akaList>
    <idList>
      <id><uid>2</uid><idType>Vessel Registration Identification</idType><idNumber>IMO 9187629</idNumber></id>
      <id><uid>3</uid><idType>MMSI</idType><idNumber>572469210</idNumber></id>
      <id><uid>4</uid><idType>Former Vessel Flag</idType><idNumber>Malta</idNumber></id>
    </idList>
    <vesselInfo><callSign>T2EU4</callSign><vesselType>Crude/Oil Products Tanker</vesselType><vesselFlag>Iran</vesselFlag><grossRegisteredTonnage>56,068</grossRegisteredTonnage></vesselInfo>
  </sdnEntry>
</sdnList>"#;

    #[test]
    fn a_vessel_entry() {
        let parsed = parse(SAMPLE.as_bytes(), &Countries::embedded().unwrap()).unwrap();
        assert_eq!(parsed.published.as_deref(), Some("2025-03-14"));
        let [e] = &parsed.entries[..] else { panic!() };
        assert_eq!((e.id.as_str(), e.name.as_str(), e.kind()), ("15036", "ARTAVIL", EntryKind::Vessel));
        assert_eq!((e.imo, e.mmsi), (Some(9_187_629), Some(572_469_210)));
        assert_eq!(e.former_names, ["ALPHA"]);
        assert_eq!(e.former_flags, ["MT"]);
        assert_eq!((e.flag.as_deref(), e.tonnage_gt), (Some("IR"), Some(56_068)));
        assert_eq!(e.programs, ["IRAN", "SDGT"]);
    }

    #[test]
    fn bad_check_digit_is_a_problem_with_an_offset() {
        let xml = SAMPLE.replace("IMO 9187629", "IMO 9187620");
        let parsed = parse(xml.as_bytes(), &Countries::embedded().unwrap()).unwrap();
        assert_eq!(parsed.entries[0].imo, None);
        assert!(matches!(parsed.problems[0].kind, ErrorKind::ImoCheckDigit { imo: 9_187_620 }));
        assert!(parsed.problems[0].location.byte_offset.is_some());
    }

    #[test]
    fn truncated_is_an_error() {
        let e = parse(&SAMPLE.as_bytes()[..600], &Countries::embedded().unwrap()).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::TruncatedXml { .. }), "{e}");
    }
}
