//! Geographic lookups per second: `cargo bench -p plimsoll --bench geo`.
//!
//! Points are random and independent, the worst case for caches; real tracks move a
//! little between positions and run faster.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use plimsoll::geo::geodesy::destination;
use plimsoll::geo::{Land, MidTable, MmsiValidity, Ports};

const POINT_COUNT: usize = 10_000;

/// A small xorshift generator: the same points on every run.
struct Points(u64);

impl Points {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// Uniform on the sphere.
    fn global(&mut self, count: usize) -> Vec<(f64, f64)> {
        (0..count)
            .map(|_| ((2.0 * self.uniform() - 1.0).asin().to_degrees(), 360.0 * self.uniform() - 180.0))
            .collect()
    }

    /// Within 20 km of a random World Port Index port: coastal water and shore.
    fn near_ports(&mut self, ports: &Ports, count: usize) -> Vec<(f64, f64)> {
        let all = ports.all();
        (0..count)
            .map(|_| {
                let port = &all[(self.uniform() * all.len() as f64) as usize % all.len()];
                destination(port.lat_deg, port.lon_deg, 360.0 * self.uniform(), 20_000.0 * self.uniform())
            })
            .collect()
    }
}

fn land(c: &mut Criterion) {
    let land = Land::embedded().expect("the embedded land loads");
    let ports = Ports::embedded().expect("the embedded ports load");
    let mut points = Points(0x5eed_1e55_c0a5_7a1e);
    let global = points.global(POINT_COUNT);
    let global_sea: Vec<(f64, f64)> =
        global.iter().copied().filter(|&(lat, lon)| !land.is_on_land(lat, lon)).collect();
    let coastal = points.near_ports(&ports, POINT_COUNT);

    let mut group = c.benchmark_group("land");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("load", |b| b.iter(|| Land::embedded().expect("loads")));
    group.finish();

    let mut group = c.benchmark_group("land lookups");
    group.sample_size(20).measurement_time(Duration::from_secs(5));
    for (name, set) in
        [("global", &global), ("global sea", &global_sea), ("within 20 km of a port", &coastal)]
    {
        group.throughput(Throughput::Elements(set.len() as u64));
        group.bench_function(format!("is_on_land, {name}"), |b| {
            b.iter(|| {
                set.iter().filter(|&&(lat, lon)| land.is_on_land(black_box(lat), black_box(lon))).count()
            })
        });
        group.bench_function(format!("distance_to_shore_m, {name}"), |b| {
            b.iter(|| {
                set.iter()
                    .map(|&(lat, lon)| land.distance_to_shore_m(black_box(lat), black_box(lon)))
                    .sum::<f64>()
            })
        });
    }
    group.finish();
}

fn ports_and_mids(c: &mut Criterion) {
    let ports = Ports::embedded().expect("the embedded ports load");
    let mids = MidTable::embedded().expect("the embedded MID table loads");
    let global = Points(0x0dd_ba11).global(POINT_COUNT);

    let mut group = c.benchmark_group("ports");
    group.sample_size(20).measurement_time(Duration::from_secs(5));
    group.bench_function("load", |b| b.iter(|| Ports::embedded().expect("loads")));
    group.throughput(Throughput::Elements(global.len() as u64));
    group.bench_function("nearest, global", |b| {
        b.iter(|| {
            global.iter().filter_map(|&(lat, lon)| ports.nearest(black_box(lat), black_box(lon))).count()
        })
    });
    group.bench_function("within 50 km, global", |b| {
        b.iter(|| {
            global
                .iter()
                .map(|&(lat, lon)| ports.within(black_box(lat), black_box(lon), 50_000.0).len())
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("mid");
    let mmsis: Vec<u32> =
        (0..POINT_COUNT as u32).map(|k| 200_000_000 + k.wrapping_mul(2_654_435_761) % 600_000_000).collect();
    group.throughput(Throughput::Elements(mmsis.len() as u64));
    group.bench_function("mmsi_validity", |b| {
        b.iter(|| {
            mmsis
                .iter()
                .filter(|&&mmsi| matches!(mids.mmsi_validity(black_box(mmsi)), MmsiValidity::Ship { .. }))
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, land, ports_and_mids);
criterion_main!(benches);
