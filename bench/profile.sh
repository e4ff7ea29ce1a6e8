#!/usr/bin/env bash
# The village profile benchmark of issue 13: serve the demo data set (release build, SQLite
# default), sign in as the district administrator, and load the login page and 保婴村's profile
# with `wrk -t2 -c64 -d10s --latency` on the same server in the same run. Prints each rate,
# p50 and p99, and the profile's share of the login page's rate (target: at least 2 %, p99 under
# 100 ms). A third run asks for a random year on each request, so the profile's sections are
# computed afresh nearly every time (what every request cost before they were cached).
#
#   bash bench/profile.sh [SECONDS]        (default 10)
#
# Needs: Debian package `wrk`, curl. Not run by CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECS="${1:-10}"
PORT="${ZHENXING_BENCH_PORT:-18080}"
BASE="http://127.0.0.1:$PORT"
VILLAGE=340803100201
WORK="$(mktemp -d)"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
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
for _ in $(seq 1 240); do
  curl -fs -o /dev/null "$BASE/readyz" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.5
done

# Sign in as the district administrator of the demo: the login form's token, then the cookie.
curl -fs -c "$WORK/jar" -o "$WORK/login.html" "$BASE/login"
CSRF="$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$WORK/login.html" | head -n 1 | sed 's/.*value="//; s/"//')"
curl -fs -b "$WORK/jar" -c "$WORK/jar" -o /dev/null \
  --data-urlencode "_csrf=$CSRF" --data-urlencode "username=admin" \
  --data-urlencode "password=Zhenxing2026!" "$BASE/login"
COOKIE="$(awk '$6 == "zx_session" {print $6 "=" $7}' "$WORK/jar")"
[ -n "$COOKIE" ] || { echo "sign-in failed"; exit 1; }
STATUS="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/regions/$VILLAGE")"
[ "$STATUS" = 200 ] || { echo "profile answered $STATUS"; exit 1; }

cat >"$WORK/random-year.lua" <<LUA
math.randomseed(os.time())
request = function()
  return wrk.format(nil, "/regions/$VILLAGE?year=" .. math.random(1900, 9999))
end
LUA

run() { # label, wrk arguments… → prints rate, p50, p99; sets RATE
  local out
  out="$(wrk -t2 -c64 -d"${SECS}s" --latency "${@:2}")"
  if echo "$out" | grep -q "Non-2xx"; then echo "$out"; echo "$1: non-2xx answers"; exit 1; fi
  RATE="$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')"
  printf '%-48s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$RATE" \
    "$(echo "$out" | awk '$1 == "50%" {print $2}')" "$(echo "$out" | awk '$1 == "99%" {print $2}')"
}

run "login page (GET /login)" "$BASE/login"
LOGIN=$RATE
run "village profile (GET /regions/$VILLAGE)" -H "Cookie: $COOKIE" "$BASE/regions/$VILLAGE"
PROFILE=$RATE
run "village profile, a random year each request" -H "Cookie: $COOKIE" -s "$WORK/random-year.lua" "$BASE"
python3 - "$PROFILE" "$LOGIN" <<'PY'
import sys
p, l = map(float, sys.argv[1:])
print(f"ratio profile/login: {100 * p / l:.2f} % (target >= 2 %)")
PY
