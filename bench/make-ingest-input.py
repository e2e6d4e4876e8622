#!/usr/bin/env python3
"""Makes a large NMEA log for measuring `plimsoll ingest`, from the real test logs.

Every line of every log in tests/data/nmea/ is repeated COPIES times. Each copy
gets its own hour: AIS sentences get a tag block `\\c:<time>*hh\\` (any tag block
they had is dropped), so copies are not duplicates of each other, while
repeats within a copy still are. Other lines ($PGHP, comments, junk) are kept
as they are.

usage: bench/make-ingest-input.py [LINES] > bench/out/ingest.nmea
"""
import gzip
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "nmea"
lines = []
for path in sorted(root.iterdir()):
    if path.name.endswith(".chk"):
        continue  # gpsd's expected JSON, not a log
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    lines.extend(data.splitlines())

tag_blocks = re.compile(rb"^(\\[^\\]*\\)+")
base_s = 1_600_000_000
wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
out = sys.stdout.buffer
written = 0
copy = 0
while written < wanted:
    for i, line in enumerate(lines):
        if written == wanted:
            break
        body = tag_blocks.sub(b"", line)
        if body.startswith(b"!"):
            tag = b"c:%d" % (base_s + copy * 3600 + i // 20)
            checksum = 0
            for c in tag:
                checksum ^= c
            line = b"\\" + tag + b"*%02X\\" % checksum + body
        out.write(line + b"\n")
        written += 1
    copy += 1
