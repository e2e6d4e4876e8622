#!/usr/bin/env bash
# Simulates a day, ingests it and runs every detector over it, printing the wall
# time, user CPU and peak memory of each step (GNU time). Usage:
#
#   bench/detect_scale.sh [VESSELS] [WORKDIR] [SCENARIO] [SEED]
#
# VESSELS defaults to 2000, WORKDIR to a fresh temporary directory (kept, to rerun
# a step by hand), SCENARIO to `global-day`, SEED to 1. The simulator writes
# zstd (ingest reads it), so a 50,000-vessel day takes 2.3 GB of disk, not 10.
# PLIMSOLL may name a release binary; by default one is built
# (`cargo build --release -p plimsoll-cli`, CARGO_TARGET_DIR respected).
set -euo pipefail

vessels="${1:-2000}"
work="${2:-$(mktemp -d)}"
scenario="${3:-global-day}"
seed="${4:-1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "${PLIMSOLL:-}" ]]; then
    (cd "$root" && cargo build --release -q -p plimsoll-cli)
    PLIMSOLL="${CARGO_TARGET_DIR:-$root/target}/release/plimsoll"
fi

step() {
    local name="$1"
    shift
    /usr/bin/time -f "$name: %e s wall, %U s user, %M KB peak RSS" "$@" >"$work/$name.out" 2>"$work/$name.log" || {
        cat "$work/$name.log" >&2
        exit 1
    }
    tail -n 1 "$work/$name.log"
}

mkdir -p "$work"
rm -rf "$work/sim" "$work/store"
echo "scenario $scenario, seed $seed, $vessels vessels, 24 h, in $work ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
step simulate "$PLIMSOLL" simulate --scenario "$scenario" --seed "$seed" --vessels "$vessels" --hours 24 \
    --zstd --out "$work/sim"
echo "$(zstd -dc "$work/sim/ais.nmea.zst" | wc -l) lines"
step ingest "$PLIMSOLL" ingest --store "$work/store" "$work/sim/ais.nmea.zst"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
step detect "$PLIMSOLL" detect --store "$work/store" --out "$work/events.jsonl"
grep -m1 -i "positions" "$work/detect.out" "$work/detect.log" || true
echo "$(wc -l <"$work/events.jsonl") events; load $(cut -d' ' -f1-3 /proc/loadavg)"
