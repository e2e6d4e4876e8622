#!/usr/bin/env python3
"""Detection quality on the simulator's labelled scenarios, over several seeds.

For each scenario and seed: `plimsoll simulate`, `ingest`, `detect`, and
`eval --json` against the simulation's truth; then the true/false positives and
false negatives are summed per kind over the seeds, and precision, recall and F1
printed as Markdown tables (pooled over seeds, plus STS per seed).

Usage: bench/quality.py [--scenarios east-china-sea,korea-bay] [--seeds 5]
                        [--vessels N] [--plimsoll PATH] [--json FILE]
Needs: a release build of plimsoll (cargo build --release -p plimsoll-cli); the
binary is looked for in $CARGO_TARGET_DIR/release when that is set, else in
target/release; --plimsoll names another.
Work files go to bench/out/quality/.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out", "quality")
KINDS = [
    "sts_transfer",
    "encounter",
    "loitering",
    "ais_gap",
    "spoofing",
    "identity_change",
    "draught_change",
    "port_visit",
]


def run(cmd):
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return done.stdout


def one(plimsoll, scenario, seed, vessels):
    work = os.path.join(OUT, f"{scenario}-{seed}")
    shutil.rmtree(work, ignore_errors=True)
    sim, store = os.path.join(work, "sim"), os.path.join(work, "store")
    cmd = [plimsoll, "simulate", "--scenario", scenario, "--seed", str(seed), "--out", sim]
    if vessels is not None:
        cmd += ["--vessels", str(vessels)]
    run(cmd)
    run([plimsoll, "ingest", "--store", store, os.path.join(sim, "ais.nmea")])
    events = os.path.join(work, "events.jsonl")
    run([plimsoll, "detect", "--store", store, "--out", events])
    truth = os.path.join(sim, "truth.jsonl")
    return json.loads(run([plimsoll, "eval", "--truth", truth, "--events", events, "--json"]))


def ratio(num, den):
    return None if den == 0 else num / den


def fmt(x):
    return "—" if x is None else f"{x:.3f}"


def pooled(evals):
    rows = {}
    for kind in KINDS:
        tp = sum(e["kinds"].get(kind, {}).get("true_positives", 0) for e in evals)
        fp = sum(e["kinds"].get(kind, {}).get("false_positives", 0) for e in evals)
        fn = sum(e["kinds"].get(kind, {}).get("false_negatives", 0) for e in evals)
        truth = sum(e["kinds"].get(kind, {}).get("truth", 0) for e in evals)
        p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
        f1 = None if p is None or r is None or p + r == 0 else 2 * p * r / (p + r)
        rows[kind] = {"truth": truth, "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1}
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", default="east-china-sea,korea-bay")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--vessels", type=int, default=None, help="background vessels (scenario default if absent)")
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    ap.add_argument("--plimsoll", default=os.path.join(target, "release", "plimsoll"))
    ap.add_argument("--json", help="also write the pooled figures here")
    args = ap.parse_args()
    results = {}
    for scenario in args.scenarios.split(","):
        evals = [one(args.plimsoll, scenario, seed, args.vessels) for seed in range(1, args.seeds + 1)]
        rows = pooled(evals)
        results[scenario] = {"pooled": rows, "per_seed": evals}
        print(f"\n### {scenario}, seeds 1–{args.seeds}" + (f", {args.vessels} background vessels" if args.vessels else ""))
        print("\n| kind | truth | TP | FP | FN | precision | recall | F1 |\n|---|---|---|---|---|---|---|---|")
        for kind, r in rows.items():
            print(
                f"| {kind} | {r['truth']} | {r['tp']} | {r['fp']} | {r['fn']} | "
                f"{fmt(r['precision'])} | {fmt(r['recall'])} | {fmt(r['f1'])} |"
            )
        per_seed = []
        for seed, e in enumerate(evals, start=1):
            s = e["kinds"].get("sts_transfer", {})
            per_seed.append(f"seed {seed}: TP {s.get('true_positives', 0)} FP {s.get('false_positives', 0)} "
                            f"FN {s.get('false_negatives', 0)}")
        print("\nSTS per seed: " + "; ".join(per_seed))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
