#!/usr/bin/env bash
# The ledger benchmark of issue 3: import a synthetic data set of N vouchers (2 lines each)
# for 17 villages over 10 years into the embedded SQLite default, durable and fully validated,
# and compare with ledger-cli's balance report on the same vouchers; then time a village's
# one-month trial balance and a year's classification. Prints the figures and the ratios.
#
#   bash bench/ledger.sh [VOUCHERS]        (default 500000)
#
# PostgreSQL mode (issue 16): with ZHENXING_BENCH_POSTGRES naming a server's admin URL (e.g.
# postgres://postgres@127.0.0.1:5432/postgres) the import goes into a fresh database made
# there (and dropped at the end) instead, through COPY, and the queries run on it.
#
# Needs: Debian packages `ledger` (ledger-cli 3.3) and `time` (/usr/bin/time); `psql` for
# the PostgreSQL mode. Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VOUCHERS="${1:-500000}"
WORK="$(mktemp -d)"
PG_ADMIN="${ZHENXING_BENCH_POSTGRES:-}"
PG_NAME="zx_bench_ledger_$$"
cleanup() {
  rm -rf "$WORK"
  if [ -n "$PG_ADMIN" ]; then psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

command -v ledger >/dev/null || { echo "ledger-cli missing: apt-get install ledger"; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time"; exit 1; }
cargo build --release --bin zhenxing >/dev/null
BIN="${CARGO_TARGET_DIR:-target}/release/zhenxing"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -srm)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
$BIN gen ledger --villages 17 --vouchers "$VOUCHERS" --years 10 --out "$WORK/ds" >/dev/null
echo "data set: $VOUCHERS vouchers, $(($(wc -l < "$WORK/ds/vouchers.csv") - 1)) lines, $(du -sh "$WORK/ds/vouchers.csv" | cut -f1) CSV"

measure() { # label, command… → prints seconds and peak RSS (MB); sets SECS and RSS
  local out
  sync # start each from a quiet disk: no write-back left over from the step before
  out="$( { /usr/bin/time -f '%e %M' "${@:2}" >/dev/null; } 2>&1 | tail -n 1 )"
  SECS="${out% *}"; RSS=$(( ${out#* } / 1024 ))
  printf '%-40s %8s s %8s MB\n' "$1" "$SECS" "$RSS"
}

measure "ledger-cli: ledger -f journal bal" ledger -f "$WORK/ds/journal.ledger" bal
LEDGER_SECS=$SECS; LEDGER_RSS=$RSS
if [ -n "$PG_ADMIN" ]; then
  psql -q "$PG_ADMIN" -c "CREATE DATABASE $PG_NAME" >/dev/null
  DB_ARGS=(--database-url "${PG_ADMIN%/*}/$PG_NAME")
  $BIN migrate "${DB_ARGS[@]}" >/dev/null 2>&1 # the schema first: the import is timed alone
  psql -q "${PG_ADMIN%/*}/$PG_NAME" -c CHECKPOINT >/dev/null
  LABEL="zhenxing import dataset (PostgreSQL)"
else
  DB_ARGS=(--data-dir "$WORK/db")
  LABEL="zhenxing import dataset (SQLite)"
fi
measure "$LABEL" $BIN import dataset "$WORK/ds" "${DB_ARGS[@]}"
IMPORT_SECS=$SECS; IMPORT_RSS=$RSS
$BIN bench ledger-queries "${DB_ARGS[@]}" 2>/dev/null | sed 's/^/query: /'

python3 - "$IMPORT_SECS" "$LEDGER_SECS" "$IMPORT_RSS" "$LEDGER_RSS" <<'PY'
import sys
i, l, im, lm = map(float, sys.argv[1:])
print(f"ratio import/ledger-cli time: {i / l:.2f} (target <= 0.50 on SQLite, <= 1.00 on PostgreSQL)")
print(f"ratio import/ledger-cli peak memory: {im / lm:.2f} (target: import under 300 MB)")
PY
