//! The UN Security Council consolidated list (XML): `INDIVIDUAL` and `ENTITY`
//! records with their aliases, the list's generation date on the root
//! (`dateGenerated`).
//!
//! The list designates owners and managers of ships, not the ships: the ships
//! appear in an entity's `COMMENTS1` ("Registered owner of the DPRK tanker YU
//! JONG 2 ... IMO number: 5434358"). The 7-digit number there is the
//! company's IMO number (they start with 5), kept as [`Entry::company_imo`]
//! and never matched against a vessel's IMO. Ship names written in capitals
//! in those comments become vessel entries of their own, `sanctioned: false`,
//! with the designated entity as owner, so that screening can say "named in
//! the designation of its owner".

use std::io::BufRead;

use super::error::{Error, ErrorKind};
use super::normalize::{self, Countries};
use super::xml::{Step, XmlWalk};
use super::{parse_date, Entry, EntryKind, Parsed};

/// Words in capitals that are not ship names.
const NOT_SHIP_WORDS: [&str; 16] = [
    "DPRK", "IMO", "SHIPPING", "CO", "LTD", "COMPANY", "CORP", "JV", "USA", "LLC", "INC", "PTE", "OMM", "MT",
    "HK", "ETA",
];

/// Reads the consolidated list.
pub fn parse<R: BufRead>(input: R, countries: &Countries) -> Result<Parsed, Error> {
    let mut walk = XmlWalk::new(input);
    let mut parsed = Parsed::default();
    let mut record: Option<(Entry, Vec<String>, String)> = None;
    let mut alias_quality_low = false;
    loop {
        match walk.next()? {
            Step::End => break,
            Step::Open { name, attributes } => match name.as_str() {
                "CONSOLIDATED_LIST" => {
                    if let Some((_, generated)) = attributes.iter().find(|(k, _)| k == "dateGenerated") {
                        let date = generated.get(..10).unwrap_or(generated);
                        parsed.published =
                            Some(parse_date("dateGenerated", date).map_err(|kind| walk.error(kind))?);
                    }
                }
                "INDIVIDUAL" | "ENTITY" => {
                    parsed.check_count(|kind| walk.error(kind))?;
                    let kind = if name == "INDIVIDUAL" { EntryKind::Person } else { EntryKind::Organization };
                    let entry = Entry { kind: Some(kind), sanctioned: true, ..Entry::default() };
                    record = Some((entry, Vec::new(), String::new()));
                }
                _ => {}
            },
            Step::Close { name, text } => {
                let Some((entry, name_parts, comments)) = record.as_mut() else { continue };
                match name.as_str() {
                    "DATAID" => entry.id = text,
                    "FIRST_NAME" | "SECOND_NAME" | "THIRD_NAME" | "FOURTH_NAME" if !text.is_empty() => {
                        name_parts.push(text)
                    }
                    "UN_LIST_TYPE" if !text.is_empty() => entry.programs.push(text),
                    "REFERENCE_NUMBER" if !text.is_empty() => entry.programs.push(text),
                    "LISTED_ON" if !text.is_empty() => match parse_date("LISTED_ON", &text) {
                        Ok(date) => entry.listed_on = Some(date),
                        Err(kind) => parsed.problems.push(walk.error(kind)),
                    },
                    "COMMENTS1" => *comments = text,
                    "QUALITY" => alias_quality_low = text.eq_ignore_ascii_case("low"),
                    // Low-quality aliases are too vague to match on (the UN's own advice).
                    "ALIAS_NAME" if !text.is_empty() && !alias_quality_low => entry.aliases.push(text),
                    "INDIVIDUAL" | "ENTITY" => {
                        let Some((mut entry, name_parts, comments)) = record.take() else { continue };
                        entry.name = name_parts.join(" ");
                        if entry.name.is_empty() {
                            return Err(walk.error(ErrorKind::Missing { field: "FIRST_NAME" }));
                        }
                        if entry.id.is_empty() {
                            return Err(walk.error(ErrorKind::Missing { field: "DATAID" }));
                        }
                        if !comments.is_empty() {
                            entry.company_imo = company_imo(&comments);
                            let lower = comments.to_lowercase();
                            let about_ships = ["vessel", "tanker", "ship-to-ship", " ship "]
                                .iter()
                                .any(|w| lower.contains(w));
                            if entry.kind() == EntryKind::Organization && about_ships {
                                entry.vessels = ship_names(&comments, &entry.name);
                            }
                            entry.remarks = Some(comments);
                        }
                        let vessels = vessel_entries(&entry, countries);
                        parsed.entries.push(entry);
                        parsed.entries.extend(vessels);
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(parsed)
}

/// The vessels an organisation's comments name, as entries of their own.
fn vessel_entries(owner: &Entry, _countries: &Countries) -> Vec<Entry> {
    owner
        .vessels
        .iter()
        .map(|ship| Entry {
            id: format!("{}/vessel/{}", owner.id, normalize::name_key(ship)),
            kind: Some(EntryKind::Vessel),
            name: ship.clone(),
            owners: vec![owner.name.clone()],
            programs: owner.programs.clone(),
            listed_on: owner.listed_on.clone(),
            sanctioned: false,
            remarks: Some(format!("named in the UN designation of {}", owner.name)),
            ..Entry::default()
        })
        .collect()
}

/// The 7-digit number after "IMO" in a comment ("IMO number: 5571322",
/// "Company Number IMO 5434358", "(IMO) Number: 1790183").
fn company_imo(comments: &str) -> Option<u32> {
    let at = comments.find("IMO")?;
    let rest = &comments[at + 3..];
    let start = rest.find(|c: char| c.is_ascii_digit())?;
    if start > 12 {
        return None;
    }
    let digits: String = rest[start..].chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 7).then(|| digits.parse().ok()).flatten()
}

/// Ship names in a comment: runs of words in capitals (numbers may follow),
/// at least two words, or one word right after "vessel", "tanker" or "ship";
/// runs with company words are not ships, nor is the owner's own name.
fn ship_names(comments: &str, owner: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut before_run: Option<&str> = None;
    let mut previous: Option<&str> = None;
    let mut flush = |run: &mut Vec<&str>, before: Option<&str>| {
        let words = std::mem::take(run);
        let letters = words.iter().filter(|w| w.chars().any(char::is_alphabetic)).count();
        let after_ship_word = before.is_some_and(|w| {
            let w = w.to_ascii_lowercase();
            w.starts_with("vessel") || w.starts_with("tanker") || w == "ship"
        });
        if letters == 0 || words.iter().any(|w| NOT_SHIP_WORDS.contains(w)) {
            return;
        }
        if words.len() < 2 && !after_ship_word {
            return;
        }
        let name = words.join(" ");
        if normalize::name_key(&name) != normalize::name_key(owner) && !names.contains(&name) {
            names.push(name);
        }
    };
    for raw in comments.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        // Document symbols (`S/2015/19`) and the like are not names.
        let plain = word.chars().all(|c| c.is_alphanumeric() || c == '-');
        let capital = plain && word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase);
        let number = !word.is_empty() && word.chars().all(|c| c.is_ascii_digit()) && !run.is_empty();
        if !word.is_empty() && (capital || number) {
            if run.is_empty() {
                before_run = previous;
            }
            run.push(word);
            // Punctuation after a word ends the name ("YU JONG 2, which").
            if raw.ends_with([',', '.', ';', ':', ')', '”', '"']) {
                flush(&mut run, before_run);
            }
        } else {
            flush(&mut run, before_run);
        }
        previous = Some(word);
    }
    flush(&mut run, before_run);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS/>
  <ENTITIES>
    <ENTITY>
      <DATAID>6908500</DATAID>
      <FIRST_NAME>KOREA YUJONG SHIPPING CO LTD</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.060</REFERENCE_NUMBER>
      <LISTED_ON>2018-03-30</LISTED_ON>
      <COMMENTS1>Registered owner of the DPRK tanker YU JONG 2, which loaded fuel. Company Number IMO 5434358.</COMMENTS1>
      <ENTITY_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>YUJONG</ALIAS_NAME></ENTITY_ALIAS>
    </ENTITY>
    <ENTITY>
      <DATAID>2</DATAID>
      <FIRST_NAME>KOTI CORP</FIRST_NAME>
      <COMMENTS1>Ship manager of the Panama-flagged vessel KOTI, which conducted transfers to the DPRK-flagged KUM UN SAN 3 on 9 December 2017. IMO number: 5982254.</COMMENTS1>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>"#;

    #[test]
    fn entities_ships_and_dates() {
        let parsed = parse(SAMPLE.as_bytes(), &Countries::embedded().unwrap()).unwrap();
        assert_eq!(parsed.published.as_deref(), Some("2026-02-27"));
        let names: Vec<(&str, EntryKind)> =
            parsed.entries.iter().map(|e| (e.name.as_str(), e.kind())).collect();
        assert_eq!(
            names,
            [
                ("KOREA YUJONG SHIPPING CO LTD", EntryKind::Organization),
                ("YU JONG 2", EntryKind::Vessel),
                ("KOTI CORP", EntryKind::Organization),
                ("KOTI", EntryKind::Vessel),
                ("KUM UN SAN 3", EntryKind::Vessel),
            ]
        );
        let owner = &parsed.entries[0];
        assert_eq!(owner.company_imo, Some(5_434_358));
        assert_eq!(owner.aliases, ["YUJONG"]);
        assert_eq!(owner.listed_on.as_deref(), Some("2018-03-30"));
        let ship = &parsed.entries[1];
        assert_eq!((ship.imo, ship.sanctioned), (None, false));
        assert_eq!(ship.owners, ["KOREA YUJONG SHIPPING CO LTD"]);
    }

    #[test]
    fn truncated_list_is_an_error() {
        let cut = &SAMPLE[..SAMPLE.len() / 2];
        let e = parse(cut.as_bytes(), &Countries::embedded().unwrap()).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::TruncatedXml { .. }), "{e}");
        assert!(e.location.byte_offset.is_some());
    }
}
