#!/usr/bin/env bash
# The work-mechanism benchmark of issue 4: generate a synthetic district (500 villages under
# towns of 20, 200 assignments, five years of meetings as the rules ask, visits and problems)
# into an empty SQLite database, then time the compliance board of one year for the whole
# district (median of 21 runs). Target: under 100 ms.
#
#   bash bench/mechanism.sh [VILLAGES] [ASSIGNMENTS] [YEARS]      (default 500 200 5)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VILLAGES="${1:-500}"
ASSIGNMENTS="${2:-200}"
YEARS="${3:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cargo build --release --bin zhenxing >/dev/null
BIN="${CARGO_TARGET_DIR:-target}/release/zhenxing"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -srm)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
ZHENXING_LOG=warn "$BIN" bench compliance --villages "$VILLAGES" --assignments "$ASSIGNMENTS" \
    --years "$YEARS" --runs 21 --data-dir "$WORK/db"
echo "database: $(du -sh "$WORK/db" | cut -f1)"
