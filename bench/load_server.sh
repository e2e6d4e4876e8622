#!/usr/bin/env bash
# Load test of `plimsoll serve` with wrk on loopback: the event list and the track
# endpoint, authenticated with an API token, on a store of a simulated global day.
# Usage:
#
#   bench/load_server.sh [WORKDIR]
#
# WORKDIR (default /work/bigdata/web-load) holds sim/ and store/; a store already
# there is reused (delete it to rebuild). PLIMSOLL may name a release binary; by
# default one is built. VESSELS (8000), HOURS (24), DURATION (30s), CONNECTIONS (16;
# TRACK_CONNECTIONS, 4, for the track), THREADS (2) tune the run. wrk's timeout is 10 s,
# so slow answers count in the latencies, not as timeouts. Needs wrk and curl.
set -euo pipefail

work="${1:-/work/bigdata/web-load}"
vessels="${VESSELS:-8000}"
hours="${HOURS:-24}"
duration="${DURATION:-30s}"
connections="${CONNECTIONS:-16}"
track_connections="${TRACK_CONNECTIONS:-4}"
threads="${THREADS:-2}"
port="${PORT:-18181}"
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "${PLIMSOLL:-}" ]]; then
    (cd "$root" && cargo build --release -q -p plimsoll-cli)
    PLIMSOLL="${CARGO_TARGET_DIR:-$root/target}/release/plimsoll"
fi
base="http://127.0.0.1:$port"
mkdir -p "$work"
echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $PLIMSOLL"

if [[ ! -f "$work/store/catalog.sqlite" ]]; then
    rm -rf "$work/sim" "$work/store"
    /usr/bin/time -f "simulate: %e s" "$PLIMSOLL" simulate --scenario global-day --vessels "$vessels" \
        --hours "$hours" --seed 1 --zstd --out "$work/sim" >/dev/null
    /usr/bin/time -f "ingest: %e s" "$PLIMSOLL" ingest --store "$work/store" "$work/sim/ais.nmea.zst" >/dev/null
    /usr/bin/time -f "detect: %e s" "$PLIMSOLL" detect --store "$work/store" >/dev/null
fi
"$PLIMSOLL" stats --store "$work/store" --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
span = s["time_span"]
print("# store: {:,} positions, {:,} vessels, {} .. {}".format(s["positions"], s["vessels"], span["start"], span["end"]))'

# A user and a token for the run (the password is random and thrown away).
head -c 24 /dev/urandom | base64 | "$PLIMSOLL" user add --store "$work/store" --name "bench-$$" --role viewer >/dev/null
token="$("$PLIMSOLL" user token --store "$work/store" --name "bench-$$" --label load-test --days 1 2>/dev/null)"

"$PLIMSOLL" serve --store "$work/store" --addr "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -sf -o /dev/null "$base/api/v1/openapi.json" && break
    sleep 0.1
done
auth=(-H "Authorization: Bearer $token")

# The track requests rotate over the vessels of the first 500 events, over the whole store's span.
span="$(curl -sf "${auth[@]}" "$base/api/v1/summary")"
from="$(echo "$span" | python3 -c 'import json,sys; print(json.load(sys.stdin)["first"])')"
to="$(echo "$span" | python3 -c 'import json,sys,datetime as d; t=json.load(sys.stdin)["last"]; print((d.datetime.fromisoformat(t.replace("Z","+00:00"))+d.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ"))')"
curl -sf "${auth[@]}" "$base/api/v1/events?limit=500" | python3 -c '
import json, sys
mmsis = sorted({m for e in json.load(sys.stdin)["events"] for m in e["vessels"]})
print("mmsis = {" + ", ".join(str(m) for m in mmsis) + "}")' >"$work/tracks.lua"
cat >>"$work/tracks.lua" <<LUA
counter = 0
request = function()
    counter = counter + 1
    local mmsi = mmsis[(counter % #mmsis) + 1]
    return wrk.format("GET", "/api/v1/vessels/" .. mmsi .. "/track?from=$from&to=$to")
end
LUA
echo "# track requests over $(grep -o '[0-9]\{9\}' "$work/tracks.lua" | wc -l) vessels, $from .. $to"
one="$(grep -o '[0-9]\{9\}' "$work/tracks.lua" | head -1)"
curl -sf -o /dev/null -w "# one track (MMSI $one), cold: %{time_total} s, %{size_download} bytes\n" "${auth[@]}" \
    "$base/api/v1/vessels/$one/track?from=$from&to=$to"

run() {
    echo
    echo "## $1"
    local c="$2"
    shift 2
    echo "wrk -t$threads -c$c -d$duration --timeout 10s --latency $*"
    wrk -t"$threads" -c"$c" -d"$duration" --timeout 10s --latency "${auth[@]}" "$@"
}
run "event list, first page of 100" "$connections" "$base/api/v1/events?limit=100"
run "event list, STS transfers in a box, page 2 of 50" "$connections" \
    "$base/api/v1/events?kinds=sts_transfer,encounter&bbox=100,0,150,45&limit=50&offset=50"
run "track of one vessel over the day, rotating vessels" "$track_connections" -s "$work/tracks.lua" "$base"
