#!/usr/bin/env bash
# The assessment benchmark of issue 14: build the compliance benchmark's synthetic district
# (500 villages under towns of 20, 200 assignments, five years of meetings, visits and
# problems) with the books of `gen ledger` for its villages (N vouchers over the same five
# years) into an empty SQLite database, then time `store::metrics::by_village` of every
# computed metric for all the villages in the last year (median of 11 runs), beside two
# references measured in the same run: a `SELECT COUNT(*)` of the vouchers and one
# classification of the district. Then the assessment: a scheme of 10 computed indicators
# for the 500 village teams, one run, `runs::step(.., Step::Compute)` timed (median of 11:
# figures read, 5,000 scores and 500 results written; target < 1 s), and the pages through
# the real router, signed in as the district administrator (median of 55 requests each):
# one village's result page (target < 50 ms), the ranking page and the API's results.
#
#   bash bench/assessment.sh [VILLAGES] [VOUCHERS]      (default 500 500000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VILLAGES="${1:-500}"
VOUCHERS="${2:-500000}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cargo build --release --bin zhenxing >/dev/null
BIN="${CARGO_TARGET_DIR:-target}/release/zhenxing"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -srm)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
ZHENXING_LOG=warn "$BIN" bench assessment --villages "$VILLAGES" --vouchers "$VOUCHERS" \
    --runs 11 --data-dir "$WORK/db"
echo "database: $(du -sh "$WORK/db" | cut -f1)"
