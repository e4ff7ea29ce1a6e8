#!/usr/bin/env bash
# Province scale on PostgreSQL (issue 16): generate a province with `zhenxing gen province`
# (towns of 15 villages, districts of 20 towns), load it with `zhenxing import dataset` into a
# fresh PostgreSQL database through COPY (timed), then time the year's classification —
# every village's operating income and class — for the first district (300 villages) and for
# the whole province (medians).
#
#   ZHENXING_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres \
#     bash bench/province.sh [VILLAGES] [YEARS] [VOUCHERS_PER_VILLAGE_YEAR]
#
# Defaults: 16000 villages, 5 years, 63 vouchers a village and year (two lines each: 10.08
# million lines). The database is made on the server and dropped at the end. Needs `psql` and
# `time` (/usr/bin/time); honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VILLAGES="${1:-16000}"
YEARS="${2:-5}"
PER="${3:-63}"
PG_ADMIN="${ZHENXING_BENCH_POSTGRES:?set ZHENXING_BENCH_POSTGRES to a PostgreSQL admin URL}"
PG_NAME="zx_bench_province_$$"
PG_URL="${PG_ADMIN%/*}/$PG_NAME"
WORK="$(mktemp -d)"
cleanup() {
  rm -rf "$WORK"
  psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time"; exit 1; }
cargo build --release --bin zhenxing >/dev/null
BIN="${CARGO_TARGET_DIR:-target}/release/zhenxing"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -srm)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "postgres: $(psql -At "$PG_ADMIN" -c 'SHOW server_version'), shared_buffers $(psql -At "$PG_ADMIN" -c 'SHOW shared_buffers')"
/usr/bin/time -f 'generated in %e s' \
  $BIN gen province --villages "$VILLAGES" --years "$YEARS" \
    --vouchers-per-village-year "$PER" --out "$WORK/ds"
echo "data set: $(du -sh "$WORK/ds" | cut -f1), $(($(wc -l < "$WORK/ds/vouchers.csv") - 1)) voucher lines"

psql -q "$PG_ADMIN" -c "CREATE DATABASE $PG_NAME" >/dev/null
$BIN migrate --database-url "$PG_URL" >/dev/null 2>&1
psql -q "$PG_URL" -c CHECKPOINT >/dev/null
sync
/usr/bin/time -f 'import: %e s, peak RSS %M KB' \
  $BIN import dataset "$WORK/ds" --database-url "$PG_URL"
psql -q "$PG_URL" -c ANALYZE >/dev/null
psql -At "$PG_URL" -c "SELECT 'database: ' || pg_size_pretty(pg_database_size(current_database()))"

# The year's classification: the first district, then the province (5 runs each, median).
YEAR=2025
$BIN bench province --database-url "$PG_URL" --year "$YEAR" --runs 5 \
  --region 340102000000 --region province 2>/dev/null
