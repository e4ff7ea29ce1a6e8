#!/usr/bin/env bash
# The ledger benchmark of issue 3: import a synthetic data set of N vouchers (2 lines each)
# for 17 villages over 10 years into the embedded SQLite default, durable and fully validated,
# and compare with ledger-cli's balance report on the same vouchers; then time a village's
# one-month trial balance and a year's classification. Prints the figures and the ratios.
#
#   bash bench/ledger.sh [VOUCHERS]        (default 500000)
#
# Needs: Debian packages `ledger` (ledger-cli 3.3) and `time` (/usr/bin/time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VOUCHERS="${1:-500000}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

command -v ledger >/dev/null || { echo "ledger-cli missing: apt-get install ledger"; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time"; exit 1; }
cargo build --release --bin zhenxing >/dev/null
BIN=target/release/zhenxing

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
measure "zhenxing import dataset (SQLite)" $BIN import dataset "$WORK/ds" --data-dir "$WORK/db"
IMPORT_SECS=$SECS; IMPORT_RSS=$RSS
$BIN bench ledger-queries --data-dir "$WORK/db" | sed 's/^/query: /'

python3 - "$IMPORT_SECS" "$LEDGER_SECS" "$IMPORT_RSS" "$LEDGER_RSS" <<'PY'
import sys
i, l, im, lm = map(float, sys.argv[1:])
print(f"ratio import/ledger-cli time: {i / l:.2f} (target <= 0.50)")
print(f"ratio import/ledger-cli peak memory: {im / lm:.2f} (target: import under 300 MB)")
PY
