//! Screening on the real lists in tests/data/sanctions: every parser on its
//! real file, screening real and simulated AIS through a store, list diffs,
//! and bad input reported with its location.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use plimsoll::detect::run::run_all;
use plimsoll::event::EventKind;
use plimsoll::geo::is_valid_imo;
use plimsoll::ingest::{IngestOptions, InputSource};
use plimsoll::screen::matcher::ReasonKind;
use plimsoll::screen::run::{screen_store, RunConfig};
use plimsoll::screen::{read_files, Countries, EntryKind, ErrorKind, ListVersion, ReadOptions};
use plimsoll::sim::{builtin, BuiltinOptions, Geography, Simulation};
use plimsoll::store::lists::{self, Imported};
use plimsoll::store::{Store, TimeRange, WriteOptions};

fn data(path: &str) -> PathBuf {
    std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(path)
}

fn ofac_files() -> Vec<PathBuf> {
    ["sdn", "alt", "add"].iter().map(|p| data(&format!("sanctions/ofac_{p}_bench.csv"))).collect()
}

fn read(paths: &[PathBuf], published: Option<&str>) -> Result<Vec<ListVersion>, plimsoll::screen::Error> {
    let options = ReadOptions { published: published.map(str::to_owned), watchlist_name: None };
    read_files(paths, &options, &Countries::embedded().unwrap())
}

/// Ingests a file; lines without a receive time get 2021-03-23T00:00:00Z.
fn ingest(store_dir: &Path, input: PathBuf) {
    let mut store = Store::open(store_dir).unwrap();
    let options = IngestOptions { assume_time_ms: Some(1_616_457_600_000), ..IngestOptions::default() };
    store.ingest(&InputSource::Path(input), &options, &WriteOptions::default(), &mut |_| {}).unwrap();
}

#[test]
fn all_106_dprk_vessels_of_the_ofac_list_come_out_with_their_imo_numbers() {
    let versions = read(&ofac_files(), Some("2026-02-20")).unwrap();
    let [ofac] = &versions[..] else { panic!("{versions:?}") };
    assert_eq!((ofac.list.as_str(), ofac.published.as_str()), ("ofac_sdn", "2026-02-20"));
    assert_eq!(ofac.format, "ofac_sdn_csv+ofac_alt_csv+ofac_add_csv");
    let vessels: Vec<_> = ofac.entries.iter().filter(|e| e.kind() == EntryKind::Vessel).collect();
    assert_eq!(vessels.len(), 406);
    let dprk: Vec<_> = vessels.iter().filter(|e| e.programs.iter().any(|p| p.starts_with("DPRK"))).collect();
    assert_eq!(dprk.len(), 106);
    for v in &dprk {
        let imo = v.imo.unwrap_or_else(|| panic!("{} has no IMO", v.name));
        assert!(is_valid_imo(imo), "{}", v.name);
    }
    let imos: BTreeSet<u32> = dprk.iter().filter_map(|v| v.imo).collect();
    assert_eq!(imos.len(), 106, "IMO numbers are unique");
    // RYONG GUN BONG's remark has no "IMO" before the number.
    assert!(dprk.iter().any(|v| v.name == "RYONG GUN BONG" && v.imo == Some(8_606_173)));
    // Former names come from alt.csv and the remarks; flags resolve to ISO codes.
    let artavil = vessels.iter().find(|v| v.name == "ARTAVIL").unwrap();
    assert!(artavil.former_names.contains(&"ALPHA".to_owned()));
    assert_eq!((artavil.flag.as_deref(), artavil.mmsi), (Some("IR"), Some(572_469_210)));
    // The one malformed vessel IMO is a located problem, not a silent zero.
    let [problem] = &ofac.problems[..] else { panic!("{:?}", ofac.problems) };
    assert!(matches!(problem.kind, ErrorKind::Imo { .. }), "{problem}");
    assert_eq!(problem.location.line, Some(6028), "{problem}");
    // Company IMO numbers in the same remark are never vessel IMO numbers.
    let company = ofac.entries.iter().find(|e| e.name == "CHONGBONG SHIPPING CO LTD").unwrap();
    assert_eq!((company.imo, company.company_imo), (None, Some(5_878_589)));
}

#[test]
fn un_list_entities_and_the_ships_they_name() {
    let versions = read(&[data("sanctions/UN_consolidated.xml")], None).unwrap();
    let [un] = &versions[..] else { panic!() };
    assert_eq!((un.list.as_str(), un.published.as_str()), ("un", "2026-02-27"));
    let count = |kind| un.entries.iter().filter(|e| e.kind() == kind).count();
    assert_eq!((count(EntryKind::Person), count(EntryKind::Organization)), (730, 273));
    assert!(un.problems.is_empty(), "{:?}", un.problems);
    let ships: Vec<&str> =
        un.entries.iter().filter(|e| e.kind() == EntryKind::Vessel).map(|e| e.name.as_str()).collect();
    for ship in
        ["YU JONG 2", "CHON MYONG 1", "NAM SAN 8", "KOTI", "KUM UN SAN 3", "XIN GUANG HAI", "WOORY STAR"]
    {
        assert!(ships.contains(&ship), "{ship} not in {ships:?}");
    }
    assert!(un
        .entries
        .iter()
        .filter(|e| e.kind() == EntryKind::Vessel)
        .all(|e| e.imo.is_none() && !e.sanctioned));
    let yujong = un.entries.iter().find(|e| e.name == "KOREA YUJONG SHIPPING CO LTD").unwrap();
    assert_eq!(yujong.company_imo, Some(5_434_358));
}

#[test]
fn bad_files_are_errors_with_their_location() {
    let work = tempfile::tempdir().unwrap();
    // A truncated XML list.
    let un = fs::read(data("sanctions/UN_consolidated.xml")).unwrap();
    let cut = work.path().join("un_cut.xml");
    fs::write(&cut, &un[..un.len() / 2]).unwrap();
    let e = read(&[cut.clone()], None).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::TruncatedXml { .. }), "{e}");
    assert_eq!(e.location.path.as_deref(), Some(cut.as_path()));
    assert!(e.location.line.is_some_and(|l| l > 20_000), "{e}");
    // A CSV with a broken quote.
    let sdn = fs::read_to_string(data("sanctions/ofac_sdn_bench.csv")).unwrap();
    let broken = sdn.replacen("\"CHONG CHON GANG\"", "\"CHONG CHON GANG", 1);
    let line = sdn.lines().position(|l| l.contains("CHONG CHON GANG")).unwrap() as u64 + 1;
    let path = work.path().join("sdn.csv");
    fs::write(&path, broken).unwrap();
    let e = read(&[path], Some("2026-02-20")).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::BrokenQuote | ErrorKind::FieldCount { .. }), "{e}");
    assert_eq!(e.location.line, Some(line), "{e}");
    // The CSV trio needs a date; an XML list refuses another.
    let e = read(&ofac_files(), None).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::NoPublicationDate), "{e}");
    let e = read(&[data("sanctions/UN_consolidated.xml")], Some("2026-01-01")).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::PublicationDateGiven { .. }), "{e}");
}

/// Imports the real lists into a store holding real AIS (the static reports
/// of every NMEA sample and the MarineCadastre export, 3,500+ vessels). Two
/// of those ships really are on the OFAC list: HOMA (Cyprus, 2012; listed
/// as HILDA I, f.k.a. HOMA, National Iranian Tanker Company) and TABAN 1
/// (Iran; IRISL). Exactly those two match, and each IMO match is borne out
/// by the name, the flag and the type: no false IMO matches.
#[test]
fn real_ais_identities_give_no_false_imo_matches() {
    let work = tempfile::tempdir().unwrap();
    let store = work.path().join("store");
    let mut samples: Vec<PathBuf> = fs::read_dir(data("nmea")).unwrap().map(|e| e.unwrap().path()).collect();
    samples.retain(|p| !p.to_string_lossy().ends_with(".chk"));
    samples.sort();
    samples.push(data("csv/aisdb_marinecadastre_noaa_20230101.csv"));
    for sample in samples {
        ingest(&store, sample);
    }
    for version in read(&ofac_files(), Some("2026-02-20")).unwrap() {
        lists::import(&store, &version).unwrap();
    }
    for version in read(&[data("sanctions/UN_consolidated.xml")], None).unwrap() {
        lists::import(&store, &version).unwrap();
    }
    let s = screen_store(&store, &[], &RunConfig::default()).unwrap();
    assert!(s.identities > 3000, "{}", s.identities);
    // Every vessel of both lists is indexed (the UN's through their designated owners).
    let vessels: u64 = s.versions.iter().map(|v| v.vessels).sum();
    assert_eq!(u64::try_from(s.listed_vessels).unwrap(), vessels);
    let found: Vec<(u32, &str, Option<u32>)> =
        s.matches.iter().map(|m| (m.mmsi, m.entry_name.as_str(), m.entry_imo)).collect();
    assert_eq!(found, [(210_310_000, "HILDA I", Some(9_357_389)), (422_814_000, "TABAN 1", Some(9_420_368))]);
    for m in &s.matches {
        let has = |kind| m.reasons.iter().any(|r| r.kind == kind);
        assert!(has(ReasonKind::Imo), "{m:#?}");
        assert!(has(ReasonKind::Name) || has(ReasonKind::FormerName), "{m:#?}");
        assert!(has(ReasonKind::Flag) && has(ReasonKind::Type), "{m:#?}");
        assert!(!has(ReasonKind::ConflictingImo));
    }
}

/// The simulator's east-china-sea tanker renames itself (PAEK YANG 2 → SONG
/// HAE): a watchlist naming only its old name still finds it, through the
/// former AIS name, corroborated by flag and type; a second watchlist
/// entry with its IMO number finds it under both names.
#[test]
fn a_renamed_simulated_vessel_matches_through_its_former_identity() {
    let geo = Geography::embedded().unwrap();
    let options = BuiltinOptions { background_vessels: 5, ..BuiltinOptions::default() };
    let simulation =
        Simulation::new(&builtin("east-china-sea", &options, 7).unwrap(), None, 7, &geo).unwrap();
    let work = tempfile::tempdir().unwrap();
    let (nmea_path, store) = (work.path().join("sim.nmea"), work.path().join("store"));
    let mut nmea = Vec::new();
    simulation.write_nmea(&mut nmea).unwrap();
    fs::write(&nmea_path, nmea).unwrap();
    ingest(&store, nmea_path);
    let mut truth = Vec::new();
    simulation.write_truth(&mut truth).unwrap();
    let rename = String::from_utf8(truth)
        .unwrap()
        .lines()
        .zip(1..)
        .map(|(l, n)| plimsoll::event::Event::from_json_line(l, n).unwrap())
        .find(|e| e.kind == plimsoll::event::EventKind::IdentityChange)
        .unwrap();
    let old_name = rename.details["old_name"].as_str().unwrap().to_owned();
    let imo = rename.details["imo"].as_u64().unwrap();
    let watchlist = work.path().join("mine.csv");
    fs::write(
        &watchlist,
        format!(
            "{}\n{old_name},,,,KP,Oil Products Tanker,,OWN,2018-01-01,,old name only\n\
             DECOY,{imo},,,,,,OWN,2018-01-01,,IMO only\n",
            plimsoll::screen::watchlist::HEADER
        ),
    )
    .unwrap();
    for version in read(&[watchlist], Some("2018-02-01")).unwrap() {
        assert_eq!(version.list, "watchlist:mine");
        lists::import(&store, &version).unwrap();
    }
    let s = screen_store(&store, &[rename.clone()], &RunConfig::default()).unwrap();
    let renamed = rename.vessels[0];
    let by_name = s.matches.iter().find(|m| m.mmsi == renamed && m.entry_name == old_name).unwrap();
    assert!(
        by_name.reasons.iter().any(|r| r.kind == ReasonKind::Name && r.detail.starts_with("former AIS name")),
        "{by_name:#?}"
    );
    assert!(by_name.reasons.iter().any(|r| r.kind == ReasonKind::Flag));
    let by_imo = s.matches.iter().find(|m| m.mmsi == renamed && m.entry_name == "DECOY").unwrap();
    assert!(by_imo.score >= 0.95 && by_imo.reasons[0].kind == ReasonKind::Imo, "{by_imo:#?}");
    assert!(s.matches.iter().all(|m| m.mmsi == renamed), "{:#?}", s.matches);
    // The results are in the store for other commands.
    assert_eq!(lists::matches_for(&store, renamed).unwrap().len(), 2);
    let risk = lists::vessel_risk(&store, renamed).unwrap().unwrap();
    assert!(risk.score > 0.8, "{risk:?}");
    assert!(risk.reasons.iter().any(|r| r.event_id.as_deref() == Some(rename.id.as_str())));
}

/// Two versions of the OFAC list: the second drops two DPRK tankers and
/// gains a vessel; the diff says exactly that, and the same files again are
/// no new version.
#[test]
fn a_lists_diff_between_two_versions() {
    let work = tempfile::tempdir().unwrap();
    let store = work.path().join("store");
    let first = read(&ofac_files(), Some("2026-02-20")).unwrap();
    assert!(matches!(lists::import(&store, &first[0]).unwrap(), Imported::Added(_)));
    assert!(matches!(lists::import(&store, &first[0]).unwrap(), Imported::AlreadyPresent(_)));

    let sdn = fs::read_to_string(data("sanctions/ofac_sdn_bench.csv")).unwrap();
    let kept: Vec<&str> =
        sdn.lines().filter(|l| !l.contains("\"YU JONG 2\"") && !l.contains("\"KOTI\"")).collect();
    assert_eq!(kept.len() + 2, sdn.lines().count());
    let mut second = kept.join("\r\n");
    second.push_str("\r\n99999,\"NEW TANKER\",\"vessel\",\"DPRK4\",-0- ,-0- ,\"Oil Tanker\",-0- ,-0- ,\"Panama\",-0- ,\"Vessel Registration Identification IMO 9074729.\"\r\n");
    let path = work.path().join("sdn.csv");
    fs::write(&path, second).unwrap();
    let mut files = ofac_files();
    files[0] = path;
    let second = read(&files, Some("2026-03-01")).unwrap();
    // The alt file still names the two dropped tankers' ids: problems, imported anyway.
    lists::import(&store, &second[0]).unwrap();
    let d = lists::diff(&store, "ofac_sdn", None, None).unwrap();
    assert_eq!((d.from.published.as_str(), d.to.published.as_str()), ("2026-02-20", "2026-03-01"));
    let removed: BTreeSet<&str> = d.removed.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(removed, BTreeSet::from(["KOTI", "YU JONG 2"]));
    let added: Vec<(&str, Option<u32>)> = d.added.iter().map(|e| (e.name.as_str(), e.imo)).collect();
    assert_eq!(added, [("NEW TANKER", Some(9_074_729))]);
    assert!(d.changed.is_empty(), "{:?}", d.changed);
    // A date already there with other content is refused.
    let again = read(&files, Some("2026-02-20")).unwrap();
    assert!(lists::import(&store, &again[0]).is_err());
}

/// The fixture of every other format imports: OFAC XML with its own date, the
/// OpenSanctions lines and a watchlist with a given one; owners resolve.
#[test]
fn fixtures_of_every_format_import() {
    let versions = read(&[data("sanctions/ofac_sdn_sample.xml")], None).unwrap();
    let [ofac] = &versions[..] else { panic!() };
    assert_eq!(
        (ofac.list.as_str(), ofac.published.as_str(), ofac.entries.len()),
        ("ofac_sdn", "2025-03-14", 3)
    );
    let files = [data("sanctions/opensanctions_sample.jsonl"), data("sanctions/watchlist_sample.csv")];
    let versions = read(&files, Some("2025-04-01")).unwrap();
    let names: Vec<(&str, &str, usize)> =
        versions.iter().map(|v| (v.list.as_str(), v.format.as_str(), v.entries.len())).collect();
    assert_eq!(
        names,
        [("opensanctions", "opensanctions_ftm", 3), ("watchlist:watchlist_sample", "watchlist_csv", 2)]
    );
    let sea_breeze = &versions[0].entries[0];
    assert_eq!((sea_breeze.imo, sea_breeze.sanctioned), (Some(8_712_362), false));
    assert_eq!(sea_breeze.owners, ["CHONMYONG SHIPPING CO"]);
    let work = tempfile::tempdir().unwrap();
    let store = work.path().join("store");
    for v in &versions {
        lists::import(&store, v).unwrap();
    }
    let (_, listed) = lists::latest_entries(&store).unwrap();
    let index = plimsoll::screen::matcher::ListIndex::new(listed, Default::default()).unwrap();
    // SEA BREEZE through its designated owner; PAEK YANG 2; not the delisted
    // SHADOW TRADER nor the unsanctioned UNRELATED TRADER.
    assert_eq!(index.len(), 2);
}

/// The simulator's tankers that go dark while a second transponder on their
/// hull speaks as another ship (`identity_theft`): screening with the detected
/// gaps matches the stolen MMSI to the listed tanker through the handover, in
/// both DPRK scenarios, and no other vessel is matched that way.
#[test]
fn a_stolen_identity_is_matched_to_the_listed_tanker_through_the_handover() {
    for (scenario, seed) in [("east-china-sea", 7), ("korea-bay", 3)] {
        let geo = Geography::embedded().unwrap();
        let options = BuiltinOptions { background_vessels: 5, ..BuiltinOptions::default() };
        let simulation =
            Simulation::new(&builtin(scenario, &options, seed).unwrap(), None, seed, &geo).unwrap();
        let work = tempfile::tempdir().unwrap();
        let (nmea_path, store) = (work.path().join("sim.nmea"), work.path().join("store"));
        let mut nmea = Vec::new();
        simulation.write_nmea(&mut nmea).unwrap();
        fs::write(&nmea_path, nmea).unwrap();
        ingest(&store, nmea_path);
        let sanctions = work.path().join("sanctions.csv");
        let mut csv = Vec::new();
        simulation.write_sanctions(&mut csv).unwrap();
        fs::write(&sanctions, csv).unwrap();
        for version in read(&[sanctions], Some("2019-01-01")).unwrap() {
            lists::import(&store, &version).unwrap();
        }
        let detected =
            run_all(&store, TimeRange::ALL, &plimsoll::detect::run::DetectConfig::default(), |_| {}).unwrap();
        let theft = simulation
            .plan()
            .confounders
            .iter()
            .find(|c| c.details["confounder"] == "identity_theft")
            .unwrap_or_else(|| panic!("{scenario}: no identity theft staged"));
        let s = screen_store(&store, &detected.events, &RunConfig::default()).unwrap();
        let handovers: Vec<_> =
            s.matches.iter().filter(|m| m.reasons.iter().any(|r| r.kind == ReasonKind::Handover)).collect();
        let [stolen] = &handovers[..] else { panic!("{scenario}: {handovers:#?}") };
        assert!(theft.vessels.contains(&stolen.mmsi), "{scenario}: {stolen:#?} vs {theft:?}");
        let tanker = theft.vessels.iter().find(|&&m| m != stolen.mmsi).unwrap();
        let listed = s.matches.iter().find(|m| m.mmsi == *tanker).unwrap();
        assert_eq!(stolen.entry_id, listed.entry_id, "{scenario}");
        assert!(stolen.score >= 0.8, "{scenario}: both ends seen: {stolen:#?}");
        // The stolen identity's events now carry the sanctioned tanker's risk.
        let risk = lists::vessel_risk(&store, stolen.mmsi).unwrap().unwrap();
        assert!(risk.score >= 0.8, "{scenario}: {risk:?}");
        assert_eq!(s.gaps_without_ends, 0, "{scenario}");
        // The same gaps stripped of their ends (an events file from elsewhere):
        // nothing to check, and said so, not passed over.
        let mut stripped = detected.events.clone();
        let mut listed_gaps = 0;
        for e in stripped.iter_mut().filter(|e| e.kind == EventKind::AisGap) {
            e.details.remove("disappeared");
            let by_list = |m: &&plimsoll::screen::matcher::Match| {
                m.mmsi == e.vessels[0]
                    && m.score >= 0.8
                    && !m.reasons.iter().any(|r| r.kind == ReasonKind::Handover)
            };
            listed_gaps += usize::from(s.matches.iter().any(|m| by_list(&m)));
        }
        let s = screen_store(&store, &stripped, &RunConfig::default()).unwrap();
        assert!(listed_gaps > 0, "{scenario}");
        assert_eq!(s.gaps_without_ends, listed_gaps, "{scenario}");
        assert!(!s.matches.iter().any(|m| m.reasons.iter().any(|r| r.kind == ReasonKind::Handover)));
    }
}
