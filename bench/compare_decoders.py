#!/usr/bin/env python3
"""Compare AIS decoding speed: plimsoll, pyais and gpsd's gpsdecode on one file.

Builds (or reuses) a corpus of at least 1,000,000 NMEA sentences made of the real
logs in tests/data/nmea (tag blocks and trailing metadata stripped, because
gpsdecode does not read them), repeated; then decodes it with each tool RUNS
times and prints the median wall time, messages per second and the ratios.

Usage: bench/compare_decoders.py [--sentences N] [--runs R] [--plimsoll PATH]
Needs: a release build of plimsoll (cargo build --release -p plimsoll-cli),
`pip install pyais`, `apt-get install gpsd-clients`.
"""

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data", "nmea")
OUT = os.path.join(ROOT, "bench", "out")
SENTENCE = re.compile(r"(![A-Z=]{2}VD[MO],[^*]*\*[0-9A-Fa-f]{2})")


def real_sentences():
    """Every AIVDM/AIVDO sentence of the shipped logs, bare, in file order."""
    lines = []
    for name in sorted(os.listdir(DATA)):
        path = os.path.join(DATA, name)
        if name.endswith(".chk"):
            continue
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", errors="replace") as f:
            for line in f:
                m = SENTENCE.search(line)
                if m:
                    lines.append(m.group(1))
    return lines


def build_corpus(n):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"corpus_{n}.nmea")
    if os.path.exists(path):
        return path
    base = real_sentences()
    with open(path, "w") as f:
        written = 0
        while written < n:
            f.write("\n".join(base))
            f.write("\n")
            written += len(base)
    return path


def default_binary():
    """The release binary in cargo's target directory (wherever it is configured)."""
    meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"],
                          cwd=ROOT, check=True, stdout=subprocess.PIPE).stdout
    import json
    return os.path.join(json.loads(meta)["target_directory"], "release", "plimsoll")


def run_timed(cmd, stdin_path):
    with open(stdin_path, "rb") as stdin:
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed with {proc.returncode}")
    return elapsed, proc.stdout.count(b"\n")


PYAIS = r"""
import sys
from pyais.stream import ByteStream
n = 0
for msg in ByteStream(sys.stdin.buffer):
    try:
        msg.decode().asdict()
        n += 1
    except Exception:
        pass
sys.stdout.write("x\n" * n)
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--plimsoll", default=os.environ.get("PLIMSOLL") or default_binary())
    args = ap.parse_args()
    corpus = build_corpus(args.sentences)
    with open(corpus, "rb") as f:
        lines = sum(1 for _ in f)
    print(f"corpus: {corpus} ({lines} sentences)")

    tools = [("plimsoll", [args.plimsoll, "decode", "--quiet"])]
    if shutil.which("gpsdecode"):
        tools.append(("gpsdecode", ["gpsdecode"]))
    else:
        print("gpsdecode not found (apt-get install gpsd-clients): skipped", file=sys.stderr)
    try:
        import pyais  # noqa: F401
        tools.append(("pyais", [sys.executable, "-c", PYAIS]))
    except ImportError:
        print("pyais not found (pip install pyais): skipped", file=sys.stderr)

    results = {}
    for name, cmd in tools:
        times, messages = [], 0
        for _ in range(args.runs):
            elapsed, messages = run_timed(cmd, corpus)
            times.append(elapsed)
        med = statistics.median(times)
        results[name] = (med, messages)
        print(f"{name:10s} median {med:8.3f} s  {messages:9d} messages  {messages / med / 1e6:8.3f} M msg/s"
              f"  (runs: {', '.join(f'{t:.3f}' for t in times)})")
    base = results["plimsoll"]
    for name, (med, messages) in results.items():
        if name != "plimsoll":
            ratio = (base[1] / base[0]) / (messages / med)
            print(f"plimsoll / {name}: {ratio:.1f}x messages per second")


if __name__ == "__main__":
    main()
