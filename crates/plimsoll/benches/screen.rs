//! Screening throughput: `cargo bench -p plimsoll --bench screen`.
//!
//! 100,000 generated vessel identities (two names, a call sign, an IMO
//! number, a type and a size each; one in a hundred carries a listed name
//! or IMO number, with a letter changed in one of three) screened against
//! every list in tests/data/sanctions (OFAC SDN and the UN consolidated
//! list: 434 vessel entries), on all cores, as `plimsoll screen` does.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use plimsoll::geo::{imo_check_digit, MidTable};
use plimsoll::screen::matcher::{ListIndex, Listed, ScreenConfig};
use plimsoll::screen::run::screen_all;
use plimsoll::screen::{read_files, Countries, EntryKind, ReadOptions};
use plimsoll::track::identity::{IdentityHistory, Interval, Size};

const IDENTITY_COUNT: usize = 100_000;

/// A small xorshift generator: the same identities on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SYLLABLES: [&str; 24] = [
    "SEA", "STAR", "OCEAN", "GLORY", "PACIFIC", "JIN", "HAI", "YU", "SONG", "KANG", "NORD", "WIND", "BLUE",
    "PEARL", "MING", "HUA", "DONG", "FENG", "ATLANTIC", "SPIRIT", "TRADER", "RIVER", "GOLDEN", "LUCKY",
];

fn run<T>(value: T) -> Interval<T> {
    Interval { value, first_ms: 0, last_ms: 3_600_000, report_count: 10, one_off: false }
}

fn identities(listed: &[Listed], mids: &MidTable) -> Vec<IdentityHistory> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vessels: Vec<&Listed> = listed.iter().filter(|l| l.entry.kind() == EntryKind::Vessel).collect();
    let flags: Vec<u32> = vec![445, 351, 636, 412, 477, 273, 422, 667, 671, 538];
    (0..IDENTITY_COUNT)
        .map(|k| {
            let name = |rng: &mut Rng| {
                let words = 1 + rng.below(3);
                let mut name: Vec<String> =
                    (0..words).map(|_| SYLLABLES[rng.below(SYLLABLES.len())].to_owned()).collect();
                if rng.below(2) == 0 {
                    name.push((1 + rng.below(20)).to_string());
                }
                name.join(" ")
            };
            let mut names = vec![name(&mut rng), name(&mut rng)];
            let serial = 700_000 + u32::try_from(rng.below(300_000)).unwrap_or(0);
            let mut imo = serial * 10 + imo_check_digit(serial);
            if k % 100 == 0 {
                let v = vessels[rng.below(vessels.len())];
                names[0] = v.entry.name.clone();
                if rng.below(3) == 0 {
                    // A letter off: only fuzzy matching finds it.
                    names[0] = names[0].replacen('A', "E", 1);
                }
                imo = v.entry.imo.unwrap_or(imo);
            }
            let mid = flags[rng.below(flags.len())];
            let mmsi = mid * 1_000_000 + u32::try_from(k).unwrap_or(0);
            IdentityHistory {
                mmsi,
                flag: mids.mid_flag(mmsi).cloned(),
                names: names.into_iter().map(run).collect(),
                callsigns: vec![run(format!("X{k:05}"))],
                imos: vec![run(imo)],
                ship_types: vec![run(70 + u8::try_from(rng.below(20)).unwrap_or(0))],
                sizes: vec![run(Size {
                    length_m: 80 + u16::try_from(rng.below(250)).unwrap_or(0),
                    beam_m: 20,
                })],
                draughts: vec![],
                report_count: 20,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/sanctions");
    let files: Vec<_> =
        ["UN_consolidated.xml", "ofac_sdn_bench.csv", "ofac_alt_bench.csv", "ofac_add_bench.csv"]
            .iter()
            .map(|f| data.join(f))
            .collect();
    let countries = Countries::embedded().expect("embedded countries");
    let options = ReadOptions { published: Some("2026-02-20".to_owned()), watchlist_name: None };
    // The UN list carries its own date: read it apart from the OFAC trio.
    let mut versions = read_files(&files[..1], &ReadOptions::default(), &countries).expect("UN list");
    versions.extend(read_files(&files[1..], &options, &countries).expect("OFAC list"));
    let listed: Vec<Listed> = versions
        .into_iter()
        .flat_map(|v| {
            let list = v.list.clone();
            v.entries.into_iter().map(move |entry| Listed { list: list.clone(), version_id: 0, entry })
        })
        .collect();
    let mids = MidTable::embedded().expect("embedded MIDs");
    let histories = identities(&listed, &mids);
    let index = ListIndex::new(listed, ScreenConfig::default()).expect("default config");
    let matches = screen_all(&index, &histories);
    eprintln!("{} identities, {} listed vessels, {} matches", histories.len(), index.len(), matches.len());

    let mut group = c.benchmark_group("screen");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(IDENTITY_COUNT as u64));
    group.bench_function("identities_100k_all_lists", |b| b.iter(|| screen_all(&index, &histories)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
