//! OpenSanctions' FollowTheMoney entities as JSON lines: one object per line,
//! `{"id", "schema", "properties": {"name": [...], ...}}`, every property a
//! list of strings.
//!
//! Read: `Vessel` (`name`, `alias`, `previousName`/`pastNames`, `imoNumber`,
//! `mmsi`, `callSign`, `flag`, `pastFlags`, `type`, `grossRegisteredTonnage`,
//! `owner`, `operator`), `Organization`/`Company`/`LegalEntity`/`PublicBody`,
//! `Person`; the relations `Ownership` (`owner` → `asset`), `Directorship`
//! (`director` → `organization`), `UnknownLink` (`subject` ↔ `object`) and
//! `Sanction` (`entity`, `program`, `listingDate`/`startDate`, `endDate`).
//! An entity is designated if a `Sanction` names it or its `topics` hold
//! `sanction`; the others are kept as owners and links. Other schemas are
//! skipped. The lines carry no publication date.

use std::collections::HashMap;
use std::io::BufRead;

use serde_json::Value;

use super::error::{Error, ErrorKind};
use super::normalize::Countries;
use super::{bounded_lines, parse_imo, parse_mmsi, Entry, EntryKind, Parsed};

/// The first value of a property.
fn first<'a>(properties: &'a Value, name: &str) -> Option<&'a str> {
    values(properties, name).next()
}

fn values<'a>(properties: &'a Value, name: &str) -> impl Iterator<Item = &'a str> {
    properties.get(name).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
}

/// A relation between two entities, by id.
enum Link {
    /// `owner` owns, operates or directs `asset`.
    Owns {
        owner: String,
        asset: String,
    },
    Sanction {
        entity: String,
        program: Option<String>,
        listed_on: Option<String>,
        ended_on: Option<String>,
    },
}

/// Reads FollowTheMoney JSON lines.
pub fn parse<R: BufRead>(input: R, countries: &Countries) -> Result<Parsed, Error> {
    let mut parsed = Parsed::default();
    let mut links = Vec::new();
    let mut owner_refs: Vec<(usize, String)> = Vec::new();
    for line in bounded_lines(input) {
        let (line, offset, text) = line?;
        if text.trim().is_empty() {
            continue;
        }
        let at = |kind| Error {
            kind,
            location: super::Location { path: None, line: Some(line), byte_offset: Some(offset) },
        };
        parsed.check_count(at)?;
        let object: Value = serde_json::from_str(&text).map_err(|e| at(ErrorKind::Json(e)))?;
        let id =
            object.get("id").and_then(Value::as_str).ok_or_else(|| at(ErrorKind::Missing { field: "id" }))?;
        let schema = object
            .get("schema")
            .and_then(Value::as_str)
            .ok_or_else(|| at(ErrorKind::Missing { field: "schema" }))?;
        let empty = Value::Object(serde_json::Map::new());
        let p = object.get("properties").unwrap_or(&empty);
        let kind = match schema {
            "Vessel" => EntryKind::Vessel,
            "Organization" | "Company" | "LegalEntity" | "PublicBody" => EntryKind::Organization,
            "Person" => EntryKind::Person,
            "Ownership" | "Directorship" | "UnknownLink" => {
                let pair = match schema {
                    "Ownership" => (first(p, "owner"), first(p, "asset")),
                    "Directorship" => (first(p, "director"), first(p, "organization")),
                    _ => (first(p, "subject"), first(p, "object")),
                };
                if let (Some(owner), Some(asset)) = pair {
                    links.push(Link::Owns { owner: owner.to_owned(), asset: asset.to_owned() });
                }
                continue;
            }
            "Sanction" => {
                let date = |name| first(p, name).map(|d| d.get(..10).unwrap_or(d).to_owned());
                if let Some(entity) = first(p, "entity") {
                    links.push(Link::Sanction {
                        entity: entity.to_owned(),
                        program: first(p, "program").map(str::to_owned),
                        listed_on: date("listingDate").or_else(|| date("startDate")),
                        ended_on: date("endDate"),
                    });
                }
                continue;
            }
            _ => continue,
        };
        let names: Vec<String> = values(p, "name").map(str::to_owned).collect();
        let Some((name, more_names)) = names.split_first() else {
            return Err(at(ErrorKind::Missing { field: "properties.name" }));
        };
        let topics = values(p, "topics").chain(
            object.get("topics").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str),
        );
        let mut entry = Entry {
            id: id.to_owned(),
            kind: Some(kind),
            name: name.clone(),
            aliases: more_names.iter().cloned().chain(values(p, "alias").map(str::to_owned)).collect(),
            former_names: values(p, "previousName")
                .chain(values(p, "pastNames"))
                .map(str::to_owned)
                .collect(),
            call_sign: first(p, "callSign").map(str::to_owned),
            flag: first(p, "flag").and_then(|f| countries.flag(f)),
            former_flags: values(p, "pastFlags").filter_map(|f| countries.flag(f)).collect(),
            vessel_type: first(p, "type").map(str::to_owned),
            tonnage_gt: first(p, "grossRegisteredTonnage")
                .and_then(|t| t.replace(',', "").parse::<f64>().ok())
                .and_then(|t| {
                    // Tonnages are whole numbers well below u32::MAX; anything else is not one.
                    (t.is_finite() && (0.0..4e9).contains(&t)).then(|| t.round() as u32)
                }),
            programs: values(p, "program").map(str::to_owned).collect(),
            sanctioned: topics.into_iter().any(|t| t.starts_with("sanction")),
            remarks: first(p, "notes").map(str::to_owned),
            ..Entry::default()
        };
        if let Some(imo) = first(p, "imoNumber") {
            match parse_imo(imo) {
                Ok(imo) => entry.imo = Some(imo),
                Err(kind) => parsed.problems.push(at(kind)),
            }
        }
        if let Some(mmsi) = first(p, "mmsi") {
            match parse_mmsi(mmsi) {
                Ok(mmsi) => entry.mmsi = Some(mmsi),
                Err(kind) => parsed.problems.push(at(kind)),
            }
        }
        let index = parsed.entries.len();
        owner_refs.extend(values(p, "owner").chain(values(p, "operator")).map(|o| (index, o.to_owned())));
        parsed.entries.push(entry);
    }
    resolve(&mut parsed.entries, links, owner_refs);
    Ok(parsed)
}

/// Turns relations by id into owners by name and designations.
fn resolve(entries: &mut [Entry], links: Vec<Link>, owner_refs: Vec<(usize, String)>) {
    let index: HashMap<String, usize> = entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
    let mut owns: Vec<(usize, usize)> = Vec::new();
    for (asset, owner) in owner_refs {
        if let Some(&owner) = index.get(&owner) {
            owns.push((owner, asset));
        }
    }
    for link in links {
        match link {
            Link::Owns { owner, asset } => {
                if let (Some(&owner), Some(&asset)) = (index.get(&owner), index.get(&asset)) {
                    owns.push((owner, asset));
                }
            }
            Link::Sanction { entity, program, listed_on, ended_on } => {
                let Some(&i) = index.get(&entity) else { continue };
                let e = &mut entries[i];
                e.sanctioned = true;
                e.programs.extend(program);
                if e.listed_on.is_none() {
                    e.listed_on = listed_on;
                }
                if ended_on.is_some() {
                    e.delisted_on = ended_on;
                }
            }
        }
    }
    for (owner, asset) in owns {
        let owner_name = entries[owner].name.clone();
        let asset_name = entries[asset].name.clone();
        if !entries[asset].owners.contains(&owner_name) {
            entries[asset].owners.push(owner_name);
        }
        if entries[asset].kind() == EntryKind::Vessel && !entries[owner].vessels.contains(&asset_name) {
            entries[owner].vessels.push(asset_name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = concat!(
        r#"{"id":"ves-1","schema":"Vessel","properties":{"name":["SEA BREEZE"],"previousName":["YU JONG 2"],"imoNumber":["IMO 8604917"],"mmsi":["445112000"],"callSign":["HMYJ2"],"flag":["kp"],"pastFlags":["pa"],"type":["Oil Products Tanker"]},"topics":[]}"#,
        "\n",
        r#"{"id":"org-1","schema":"Company","properties":{"name":["KOREA YUJONG SHIPPING CO LTD"],"topics":["sanction"]}}"#,
        "\n",
        r#"{"id":"own-1","schema":"Ownership","properties":{"owner":["org-1"],"asset":["ves-1"]}}"#,
        "\n",
        r#"{"id":"san-1","schema":"Sanction","properties":{"entity":["ves-1"],"program":["UN 1718"],"listingDate":["2018-03-30"]}}"#,
        "\n",
    );

    #[test]
    fn vessels_owners_and_sanctions() {
        let parsed = parse(SAMPLE.as_bytes(), &Countries::embedded().unwrap()).unwrap();
        assert!(parsed.problems.is_empty());
        let [vessel, org] = &parsed.entries[..] else { panic!("{:?}", parsed.entries) };
        assert_eq!((vessel.imo, vessel.mmsi), (Some(8_604_917), Some(445_112_000)));
        assert_eq!(vessel.former_names, ["YU JONG 2"]);
        assert_eq!((vessel.flag.as_deref(), &vessel.former_flags[..]), (Some("KP"), &["PA".to_owned()][..]));
        assert_eq!(vessel.owners, ["KOREA YUJONG SHIPPING CO LTD"]);
        assert!(vessel.sanctioned && org.sanctioned);
        assert_eq!(vessel.listed_on.as_deref(), Some("2018-03-30"));
        assert_eq!(org.vessels, ["SEA BREEZE"]);
    }

    #[test]
    fn bad_lines_are_located() {
        let text = format!("{SAMPLE}{{\"id\": \"x\", \"schema\": \"Vessel\"\n");
        let e = parse(text.as_bytes(), &Countries::embedded().unwrap()).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Json(_)), "{e}");
        assert_eq!(e.location.line, Some(5));
        let bad_imo = SAMPLE.replace("8604917", "8604918");
        let parsed = parse(bad_imo.as_bytes(), &Countries::embedded().unwrap()).unwrap();
        assert!(matches!(parsed.problems[0].kind, ErrorKind::ImoCheckDigit { imo: 8_604_918 }));
        assert_eq!(parsed.problems[0].location.line, Some(1));
    }
}
