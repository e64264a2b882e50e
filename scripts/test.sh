#!/usr/bin/env bash
# The one test command: set up, build, run every test project against
# throwaway PostgreSQL + Redis, and end with exactly one line
# "N passed, N failed". Exit 0 only when all ran green.
# Extra arguments go to `dotnet test`, e.g. scripts/test.sh --filter Intake
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# shellcheck source=scripts/lib/trx-totals.sh
. scripts/lib/trx-totals.sh

stores_dir=""
stop_stores() {
  if [[ -n $stores_dir ]]; then
    bash scripts/test-stores.sh stop "$stores_dir" || true
    stores_dir=""
  fi
}
# Never leave the stores running, whatever way we leave (Ctrl-C included).
trap stop_stores EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A step before the tests failed: nothing ran, so the count is 0/0 (exit 1).
die() {
  echo "test.sh: $*" >&2
  stop_stores
  echo "0 passed, 0 failed"
  exit 1
}

bash scripts/setup.sh || die "scripts/setup.sh failed"
dotnet restore SheqingMinyi.sln || die "dotnet restore failed"
dotnet build SheqingMinyi.sln -c Release --no-restore || die "dotnet build failed"

# Fresh results dir so only this run's TRX files are counted.
results="$PWD/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# Child bash: its set -e holds even inside this `|| die` context.
env_file=$(bash scripts/test-stores.sh start) || die "could not start the test stores"
stores_dir=$(dirname "$env_file")
# shellcheck disable=SC1090
. "$env_file"

status=0
dotnet test SheqingMinyi.sln -c Release --no-build --logger trx \
  --results-directory "$results" "$@" || status=$?

stop_stores

read -r passed _ failed _ <<<"$(trx_totals "$results")"
# dotnet test failed but no TRX shows a failure: a project crashed or wrote no
# TRX at all; that is a failure too.
if ((status != 0 && failed == 0)); then
  echo "test.sh: dotnet test exited $status without a failed test in the TRX files (crash?)" >&2
  failed=1
fi

echo "$passed passed, $failed failed"
if ((status == 0 && failed == 0 && passed > 0)); then
  exit 0
fi
exit 1
