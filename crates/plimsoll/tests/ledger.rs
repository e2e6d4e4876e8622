//! The cap ledger on inputs built by hand: the reasoning of the US report of July
//! 2018, two regimes on the same evidence, years without data, and a golden table.

use std::collections::HashMap;
use std::path::PathBuf;

use plimsoll::detect::sts_transfer::VesselFacts;
use plimsoll::event::{Event, EventKind};
use plimsoll::ledger::book::Entry;
use plimsoll::ledger::regime::ms_of_date;
use plimsoll::ledger::volume::VolumeConfig;
use plimsoll::ledger::{
    build_ledger, events_in_year, find_deliveries, output, read_reported, Ledger, LedgerConfig, Regime,
    ReportedDelivery, Verdict, VesselInfo, VolumeModel,
};
use serde_json::{json, Map};

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

fn data(path: &str) -> PathBuf {
    std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("data")
        .join(path)
}

fn builtin(name: &str) -> Regime {
    Regime::builtin(name).unwrap().unwrap()
}

fn day_ms(y: i32, m: u32, d: u32) -> i64 {
    ms_of_date(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

/// A tanker (AIS type 80) with a published deadweight.
fn tanker(mmsi: u32, name: &str, imo: Option<u32>, deadweight_t: Option<f64>) -> VesselInfo {
    VesselInfo {
        mmsi,
        name: Some(name.to_owned()),
        imo,
        length_m: Some(90.0),
        beam_m: Some(14.0),
        facts: VesselFacts { ship_type: Some(80), ..VesselFacts::default() },
        listed_deadweight_t: deadweight_t,
    }
}

/// A stop at Nampo, as the port-visit detector writes it.
fn nampo_call(mmsi: u32, start_ms: i64) -> Event {
    let mut details = Map::new();
    details.insert("port_name".into(), json!("Nampo"));
    details.insert("port_country".into(), json!("North Korea"));
    details.insert("port_unlocode".into(), json!("KPNAM"));
    details.insert("stops".into(), json!(1));
    Event::new(
        EventKind::PortVisit,
        vec![mmsi],
        start_ms,
        start_ms + 10 * HOUR_MS,
        (38.7, 125.4),
        1.0,
        details,
    )
}

/// A transfer to `receiver` whose draught went from `before_m` to `after_m`.
fn sts(giver: u32, receiver: u32, start_ms: i64, draught_m: Option<(f64, f64)>) -> Event {
    let mut details = Map::new();
    if let Some((before, after)) = draught_m {
        details.insert(format!("draught_m_{receiver}"), json!([before, after]));
        details.insert("receiver".into(), json!(receiver));
    }
    let mut vessels = vec![giver, receiver];
    vessels.sort_unstable();
    Event::new(EventKind::StsTransfer, vessels, start_ms, start_ms + 6 * HOUR_MS, (31.0, 124.2), 0.9, details)
}

fn ledger_of(
    regime: &Regime,
    year: i32,
    events: &[Event],
    vessels: &[VesselInfo],
    reported: &[ReportedDelivery],
    config: VolumeConfig,
) -> Ledger {
    let model = VolumeModel::new(config).unwrap();
    let vessels: HashMap<u32, VesselInfo> = vessels.iter().map(|v| (v.mmsi, v.clone())).collect();
    let deliveries = find_deliveries(events, &vessels, regime, &model, &LedgerConfig::default());
    build_ledger(regime, "refined_petroleum", year, &deliveries, reported, events_in_year(events, year))
        .unwrap()
}

fn diesel() -> VolumeConfig {
    VolumeConfig { assumed_product: "gas_oil_diesel".into(), ..VolumeConfig::default() }
}

fn shipped_reported() -> Vec<ReportedDelivery> {
    let file = std::fs::File::open(data("reported/dprk_refined_petroleum.csv")).unwrap();
    read_reported(file, &VolumeConfig::default()).unwrap()
}

/// The US report of 12 July 2018: 89 deliveries by DPRK tankers, 1 January to 30 May
/// 2018; even at one third of each tanker's listed capacity the total exceeds the
/// 500,000-barrel cap. Here 89 port calls at Nampo by three tankers of 3,000, 1,500
/// and 4,500 t listed deadweight in turn, diesel at 7.46 bbl/t (BP):
///
/// - low (one third laden): 7,460, 3,730 and 11,190 bbl a call, 22,380 per round of
///   three; 29 rounds and two calls: 29 × 22,380 + 7,460 + 3,730 = 660,210 bbl.
///   After 22 rounds (66 calls) 492,360; call 67 brings 499,820 (not over); call 68
///   brings 503,550: passed on the 68th delivery.
/// - high (90 % laden): 20,142, 10,071 and 30,213 bbl, 60,426 a round; total
///   29 × 60,426 + 20,142 + 10,071 = 1,782,567 bbl. After 8 rounds 483,408; call 25
///   brings 503,550: passed on the 25th delivery.
#[test]
fn us_july_2018_reasoning() {
    let vessels = [
        tanker(445_000_001, "TANKER A", None, Some(3_000.0)),
        tanker(445_000_002, "TANKER B", None, Some(1_500.0)),
        tanker(445_000_003, "TANKER C", None, Some(4_500.0)),
    ];
    let start = day_ms(2018, 1, 1);
    let events: Vec<Event> = (0..89)
        .map(|i: i64| {
            let mmsi = vessels[usize::try_from(i % 3).unwrap()].mmsi;
            // Every 40 hours: the 89th call is on 28 May.
            nampo_call(mmsi, start + i * 40 * HOUR_MS)
        })
        .collect();
    let ledger = ledger_of(&builtin("unscr-2397"), 2018, &events, &vessels, &[], diesel());
    assert_eq!(ledger.deliveries.len(), 89);
    let account = &ledger.periods[0];
    assert_eq!(account.period.limit_bbl, 500_000.0);
    let total = account.total_bbl();
    assert!((total.low - 660_210.0).abs() < 1e-6, "{total:?}");
    assert!((total.high - 1_782_567.0).abs() < 1e-6, "{total:?}");
    let low = account.crossings.iter().find(|c| c.bound.as_str() == "low").unwrap();
    let high = account.crossings.iter().find(|c| c.bound.as_str() == "high").unwrap();
    assert!(matches!(low.entry, Entry::Detected { ordinal: 68, .. }), "{low:?}");
    assert!((low.total_bbl - 503_550.0).abs() < 1e-6);
    assert!(matches!(high.entry, Entry::Detected { ordinal: 25, .. }), "{high:?}");
    assert!((high.total_bbl - 503_550.0).abs() < 1e-6);
    assert_eq!(ledger.verdict, Verdict::Exceeded { low: true, central: true, high: true });
    // The determination names the deliveries and their evidence.
    let text = &ledger.determination;
    assert!(text.starts_with("The cap on refined_petroleum under UNSCR 2397"), "{text}");
    assert!(text.contains("exceeded even under the low bound"), "{text}");
    assert!(text.contains(&format!("low bound it was passed on 2018-04-22 by detected delivery 68 (TANKER B, 445000002; evidence {})", events[67].id)), "{text}");
    assert!(text.contains(&format!("high bound it was passed on 2018-02-10 by detected delivery 25 (TANKER A, 445000001; evidence {})", events[24].id)), "{text}");
    // The monthly running totals end where the period total does.
    let may = &ledger.months[4];
    assert!((may.running_bbl.unwrap().low - 660_210.0).abs() < 1e-6);
    assert_eq!(ledger.months.iter().map(|m| m.detected_count).sum::<usize>(), 89);
}

/// The same evidence under UNSCR 2397 and the shipped partial relief (a cap of
/// 1,000,000 bbl from 2019, YU JONG 2 delisted): different deliveries, different
/// determinations.
#[test]
fn two_regimes_on_the_same_evidence() {
    let yu_jong = VesselInfo {
        facts: VesselFacts { ship_type: Some(80), draughts: vec![], known_tanker: false },
        ..tanker(445_100_000, "YU JONG 2", Some(8_604_917), None)
    };
    let feeder = tanker(351_000_000, "FEEDER", None, None);
    let shuttle = tanker(445_200_000, "SHUTTLE", None, Some(3_000.0));
    let mut events: Vec<Event> =
        (0..30).map(|i| nampo_call(shuttle.mmsi, day_ms(2019, 1, 5) + i * 10 * DAY_MS)).collect();
    // A transfer to YU JONG 2 with no port call after it: a delivery only while it is designated.
    let transfer = sts(feeder.mmsi, yu_jong.mmsi, day_ms(2019, 6, 1), Some((3.0, 5.5)));
    events.push(transfer.clone());
    let reported = shipped_reported();
    let vessels = [yu_jong, feeder, shuttle];
    let strict =
        ledger_of(&builtin("unscr-2397"), 2019, &events, &vessels, &reported, VolumeConfig::default());
    let relief = ledger_of(
        &builtin("partial-relief-example"),
        2019,
        &events,
        &vessels,
        &reported,
        VolumeConfig::default(),
    );

    assert_eq!((strict.deliveries.len(), relief.deliveries.len()), (31, 30));
    assert!(strict.deliveries.iter().any(|d| d.evidence == [transfer.id.clone()]));
    let by_draught = strict.deliveries.iter().find(|d| d.mmsi == 445_100_000).unwrap();
    assert!(
        by_draught.volume.as_ref().unwrap().method.starts_with("draught 3.0 m to 5.5 m"),
        "{by_draught:?}"
    );
    assert_eq!(strict.verdict, Verdict::Exceeded { low: true, central: true, high: true });
    assert_eq!(relief.verdict, Verdict::Exceeded { low: false, central: false, high: true });
    assert!(strict.determination.contains("Cap of 500,000 bbl"), "{}", strict.determination);
    assert!(relief.determination.contains("Cap of 1,000,000 bbl"), "{}", relief.determination);
    assert!(relief.determination.contains("exceeded only under the high bound"), "{}", relief.determination);
    // Reported figures: China 22,730 t (6.35–8.35 bbl/t) and Russia 277,365 bbl.
    let r = strict.periods[0].reported_bbl;
    assert!((r.low - (22_730.0 * 6.35 + 277_365.0)).abs() < 1e-6, "{r:?}");
    assert_eq!(strict.periods[0].reported_count, 2);
}

#[test]
fn years_without_data_say_so() {
    let reported = shipped_reported();
    let events = vec![nampo_call(445_200_000, day_ms(2018, 3, 1))];
    let vessels = [tanker(445_200_000, "SHUTTLE", None, Some(3_000.0))];
    let regime = builtin("unscr-2397");

    // 2022: nothing reported, no events at all.
    let none = ledger_of(&regime, 2022, &events, &vessels, &reported, VolumeConfig::default());
    assert_eq!(none.verdict, Verdict::NoEvidence);
    assert!(none.determination.starts_with("No evidence on refined_petroleum"), "{}", none.determination);
    assert!(none.determination.contains("not a finding that nothing was delivered"));

    // 2021: reported (including Russia's explicit zero), events observed but no delivery.
    let other = vec![Event::new(
        EventKind::AisGap,
        vec![1],
        day_ms(2021, 5, 1),
        day_ms(2021, 5, 2),
        (30.0, 124.0),
        0.5,
        Map::new(),
    )];
    let quiet = ledger_of(&regime, 2021, &other, &vessels, &reported, VolumeConfig::default());
    assert_eq!(quiet.verdict, Verdict::NotExceeded);
    assert_eq!(quiet.periods[0].reported_count, 2);
    assert!(
        quiet.determination.contains("No illicit delivery was detected among the 1 events of 2021"),
        "{}",
        quiet.determination
    );

    // 2016: before any cap.
    let before = ledger_of(&regime, 2016, &events, &vessels, &reported, VolumeConfig::default());
    assert_eq!(before.verdict, Verdict::NoCap);
    assert!(before.determination.starts_with("No cap on"));

    // A delivery whose volume cannot be estimated is named, not counted as zero.
    let unknown = [VesselInfo { length_m: None, beam_m: None, ..tanker(445_200_000, "SHUTTLE", None, None) }];
    let ledger = ledger_of(&regime, 2018, &events, &unknown, &[], VolumeConfig::default());
    assert_eq!(ledger.periods[0].unknown_volume, vec![0]);
    assert!(
        ledger.determination.contains(&format!(
            "unknown volume (no dimensions or listed deadweight) are not in the totals: {}",
            events[0].id
        )),
        "{}",
        ledger.determination
    );
}

/// The table of a fixed input; `PLIMSOLL_UPDATE_GOLDEN=1` rewrites the file.
#[test]
fn golden_table() {
    let vessels = [
        tanker(445_000_001, "SAM HAE 7", None, None),
        tanker(445_000_002, "RYE SONG GANG 1", Some(7_389_704), None),
        tanker(667_000_001, "FEEDER", None, None),
    ];
    let events = vec![
        sts(667_000_001, 445_000_001, day_ms(2018, 2, 14), Some((3.6, 5.8))),
        nampo_call(445_000_001, day_ms(2018, 2, 16)),
        nampo_call(445_000_002, day_ms(2018, 4, 3)),
        sts(667_000_001, 445_000_002, day_ms(2018, 6, 20), None),
    ];
    let ledger = ledger_of(
        &builtin("unscr-2397"),
        2018,
        &events,
        &vessels,
        &shipped_reported(),
        VolumeConfig::default(),
    );
    let mut table = Vec::new();
    output::write_table(&ledger, &mut table).unwrap();
    let table = String::from_utf8(table).unwrap();
    let path = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("tests/golden/ledger_2018.txt");
    if std::env::var_os("PLIMSOLL_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &table).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(table, expected, "golden table differs; PLIMSOLL_UPDATE_GOLDEN=1 rewrites it");

    let mut csv = Vec::new();
    output::write_csv(&ledger, true, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 13);
    assert!(csv.lines().nth(2).unwrap().contains("sts_transfer-445000001-667000001"), "{csv}");
    let json = output::to_json(&ledger);
    assert_eq!(json["months"].as_array().unwrap().len(), 12);
    assert_eq!(
        json["deliveries"][0]["volume"]["method"].as_str().unwrap().split(' ').next(),
        Some("draught")
    );
}
