#!/usr/bin/env bash
# The near-duplicate scan (疑似重复, intake's consumer of its own SubmissionSubmitted/Edited) at growing volume
# (1k/10k/100k submitted items in the tenant), in the database alone: through the search index (similar_submissions,
# now: only the items matching a probe of the item's rarest pairs are scored) against every earlier item scored
# (similar_submissions_exhaustive, before issue 8's index filter), on the same probes, alternating, in the same run,
# checking both gave the same answer. Throwaway PostgreSQL (scripts/test-stores.sh), an intake database migrated by
# EF, two tenants seeded from bench/similar/corpus.txt (bench/similar/seed.sql says how): 'reports' (items as
# different as real reports) and 'shared' (every item shares whole clauses with many others: the worst case).
# One line per corpus and volume.
#   bench/similar/run.sh                 # 1000 10000 100000, 20 probes each, both corpora
#   VOLUMES="1000 10000" PROBES=10 CORPORA=reports bench/similar/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
VOLUMES=${VOLUMES:-1000 10000 100000}
PROBES=${PROBES:-20}
CORPORA=${CORPORA:-reports shared}
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
echo "- start: $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| corpus | submitted items in the tenant | probes | scan before (every earlier item), p50 / p95 | after (through the index), p50 / p95 | before/after (p50) | items scored after (share of the tenant's) | same answer |"
echo "|---|---|---|---|---|---|---|---|"
for n in $VOLUMES; do
  for kind in $CORPORA; do
    echo "bench/similar: seeding '$kind' to $n items" >&2
    psql -q -v n="$n" -v kind="$kind" -v tenant="bench-$kind" -v corpus="$corpus" -f bench/similar/seed.sql >/dev/null
    echo "bench/similar: measuring '$kind' at $n items (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
    echo "| $kind $(psql -qAt -v probes="$PROBES" -v tenant="bench-$kind" -f bench/similar/measure.sql | tail -1)"
  done
done
echo
echo "- end: $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
