#!/usr/bin/env bash
# Simulates a day, ingests it and runs every detector over it, printing the wall
# time and peak memory of each step (GNU time). Usage:
#
#   bench/detect_scale.sh [VESSELS] [WORKDIR]
#
# VESSELS defaults to 2000, WORKDIR to a fresh temporary directory (kept, to rerun
# a step by hand). Uses the `global-day` scenario when the simulator has it, else
# `east-china-sea`. PLIMSOLL may name a release binary; by default one is built
# (`cargo build --release -p plimsoll-cli`, CARGO_TARGET_DIR respected).
set -euo pipefail

vessels="${1:-2000}"
work="${2:-$(mktemp -d)}"
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "${PLIMSOLL:-}" ]]; then
    (cd "$root" && cargo build --release -q -p plimsoll-cli)
    PLIMSOLL="${CARGO_TARGET_DIR:-$root/target}/release/plimsoll"
fi
scenario=east-china-sea
if "$PLIMSOLL" simulate --help 2>/dev/null | grep -q global-day; then
    scenario=global-day
fi

step() {
    local name="$1"
    shift
    /usr/bin/time -f "$name: %e s wall, %U s user, %M KB peak RSS" "$@" >/dev/null 2>"$work/$name.log" || {
        cat "$work/$name.log" >&2
        exit 1
    }
    tail -n 1 "$work/$name.log"
}

mkdir -p "$work"
rm -rf "$work/sim" "$work/store"
echo "scenario $scenario, $vessels vessels, 24 h, in $work ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
step simulate "$PLIMSOLL" simulate --scenario "$scenario" --seed 3 --vessels "$vessels" --hours 24 --out "$work/sim"
echo "$(wc -l <"$work/sim/ais.nmea") lines"
step ingest "$PLIMSOLL" ingest --store "$work/store" "$work/sim/ais.nmea"
step detect "$PLIMSOLL" detect --store "$work/store" --out "$work/events.jsonl"
echo "$(wc -l <"$work/events.jsonl") events"
