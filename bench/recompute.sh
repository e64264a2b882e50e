#!/usr/bin/env bash
# A rule change's recompute over 1M ledger rows of one tenant (issue 12's target: ≤ 10 s), on throwaway stores:
# builds bench/Recompute (Release), seeds the facts, prices them, then times three rule changes (every fact, half,
# none re-priced: the commit and its board switch, wall and CPU); appends the table to bench/results/recompute.md. Not a test: a measurement.
#   bench/recompute.sh [rows] [persons]     default 1000000 100000
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build bench/Recompute/Recompute.csproj -c Release -v q -nologo
# PostgreSQL sized like a server that holds a million-entry tenant: 128 MB of shared buffers (the default) cannot
# hold the ledger's indexes, and a recompute then spends most of its time writing evicted pages back.
env_file=$(TEST_STORES_PG_OPTIONS="-c shared_buffers=1GB -c max_wal_size=4GB" bash scripts/test-stores.sh start)
stores_dir=$(dirname "$env_file")
trap 'bash scripts/test-stores.sh stop "$stores_dir" >/dev/null || true' EXIT
set -a; . "$env_file"; set +a

out=$(mktemp)
status=0
(cd bench/Recompute && dotnet bin/Release/net10.0/Recompute.dll "$@") | tee "$out" || status=$?
{
  echo
  echo "### bench/recompute.sh $*, $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  grep -E '^\||^seeded|^first entries|^ledger rows|^$' "$out" | cat -s
} >> bench/results/recompute.md
rm -f "$out"
exit $status
