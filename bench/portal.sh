#!/usr/bin/env bash
# The public portal benchmark of issue 15: the release build serves the demo data set
# (SQLite default) and, beside it, a bare axum handler answering a fixed string through the
# same server loop (`zhenxing bench bare-http`). `wrk -t2 -c64 -d10s --latency` loads the bare
# handler, then 保婴村's public village page, in the same run on the same machine. Prints each
# rate, p50 and p99, the ratio portal/bare (target: at least 30 %) and the village page's p99
# (target: under 25 ms).
#
#   bash bench/portal.sh [SECONDS]        (default 10)
#
# Needs: Debian package `wrk`, curl, python3. Not run by CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECS="${1:-10}"
PORT="${ZHENXING_BENCH_PORT:-18080}"
BARE_PORT="${ZHENXING_BENCH_BARE_PORT:-18081}"
BASE="http://127.0.0.1:$PORT"
BARE="http://127.0.0.1:$BARE_PORT"
VILLAGE=340803100201
WORK="$(mktemp -d)"
SERVER=""
BARE_SERVER=""
cleanup() {
  for pid in "$SERVER" "$BARE_SERVER"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk"; exit 1; }
cargo build --release --bin zhenxing >/dev/null
BIN="${CARGO_TARGET_DIR:-target}/release/zhenxing"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -srm)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
ZHENXING_LOG=warn "$BIN" demo --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
SERVER=$!
ZHENXING_LOG=warn "$BIN" bench bare-http --listen "127.0.0.1:$BARE_PORT" >"$WORK/bare.log" 2>&1 &
BARE_SERVER=$!
for _ in $(seq 1 240); do
  curl -fs -o /dev/null "$BASE/readyz" && curl -fs -o /dev/null "$BARE/" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  kill -0 "$BARE_SERVER" 2>/dev/null || { cat "$WORK/bare.log"; exit 1; }
  sleep 0.5
done

PAGE="/public/r/$VILLAGE"
curl -fs -D "$WORK/headers" -o "$WORK/page.html" "$BASE$PAGE" || { echo "$PAGE failed"; exit 1; }
grep -qi '^etag:' "$WORK/headers" || { echo "$PAGE has no ETag"; exit 1; }
if grep -qi '^set-cookie:' "$WORK/headers"; then echo "$PAGE sets a cookie"; exit 1; fi
echo "village page: $(wc -c <"$WORK/page.html") bytes of HTML"

run() { # label, wrk arguments… → prints rate, p50, p99; sets RATE and P99
  local out
  out="$(wrk -t2 -c64 -d"${SECS}s" --latency "${@:2}")"
  if echo "$out" | grep -q "Non-2xx"; then echo "$out"; echo "$1: non-2xx answers"; exit 1; fi
  RATE="$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')"
  P99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
  printf '%-44s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$RATE" \
    "$(echo "$out" | awk '$1 == "50%" {print $2}')" "$P99"
}

run "bare axum handler (fixed string)" "$BARE/"
BARE_RATE=$RATE
run "public village page (GET $PAGE)" "$BASE$PAGE"
python3 - "$RATE" "$BARE_RATE" "$P99" <<'PY'
import re, sys
portal, bare, p99 = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
m = re.fullmatch(r"([0-9.]+)(us|ms|s)", p99)
ms = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)] if m else float("nan")
ratio = 100 * portal / bare
print(f"ratio portal/bare: {ratio:.1f} % (target >= 30 %) {'ok' if ratio >= 30 else 'MISSED'}")
print(f"village page p99: {ms:.2f} ms (target < 25 ms) {'ok' if ms < 25 else 'MISSED'}")
PY
