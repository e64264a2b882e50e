#!/usr/bin/env bash
# Create + submit's database work at growing volume (1k/10k/100k submitted items in the tenant), in the database
# alone: the submit's transaction as it was (status update, outbox row and the near-duplicate scan of every earlier
# item of the tenant) against the transaction now (update and outbox row; the scan runs after the commit, in
# intake's consumer of its own SubmissionSubmitted), on the same items in the same run, and the scan alone (what
# the consumer now spends per submit). Throwaway PostgreSQL (scripts/test-stores.sh), an intake database migrated
# by EF, tenant 'bench-similar' seeded from clauses of Chinese reports (bench/similar/corpus.txt) with a
# near-duplicate every 20 items. One line per volume.
#   bench/similar/run.sh                 # 1000 10000 100000, 40 probes each
#   VOLUMES="1000 10000" PROBES=20 bench/similar/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
VOLUMES=${VOLUMES:-1000 10000 100000}
PROBES=${PROBES:-40}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

env_file=$(bash scripts/test-stores.sh start | tail -1)
stores_dir=$(dirname "$env_file")
trap 'bash scripts/test-stores.sh stop "$stores_dir" >/dev/null 2>&1 || true' EXIT
set -a; . "$env_file"; set +a
pg=$(sed -E 's/.*Host=([^;]+);Port=([0-9]+);Username=([^;]+);Password=([^;]+).*/\1 \2 \3 \4/' <<<"$SQMY_TEST_POSTGRES")
read -r host port user password <<<"$pg"
export PGHOST=$host PGPORT=$port PGUSER=$user PGPASSWORD=$password PGDATABASE=bench_similar
psql -q -d postgres -c 'DROP DATABASE IF EXISTS bench_similar' -c 'CREATE DATABASE bench_similar'
echo "bench/similar: migrating an intake database (EF)" >&2
dotnet tool restore >/dev/null
dotnet build services/Intake/Intake.Api -v q -nologo >/dev/null
dotnet ef database update --no-build --project services/Intake/Intake.Api \
  --connection "Host=$host;Port=$port;Username=$user;Password=$password;Database=bench_similar" >/dev/null

corpus=$(tr -d '\n' < bench/similar/corpus.txt)
echo "| submitted items in the tenant | probes | submit transaction before (with the scan), p50 / p95 | after (without), p50 / p95 | before/after (p50) | the scan alone, now in the consumer, p50 / p95 |"
echo "|---|---|---|---|---|---|"
for n in $VOLUMES; do
  echo "bench/similar: seeding to $n items" >&2
  psql -q -v n="$n" -v corpus="$corpus" -f bench/similar/seed.sql >/dev/null
  psql -qAt -v probes="$PROBES" -f bench/similar/measure.sql | tail -1
done
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
