#!/usr/bin/env bash
# The one bench command: installs the load tools it lacks, builds in Release, uses the running platform (the
# gateway answers on :5080) or starts the built AppHost itself (measuring its cold start), runs the driver and
# prints one table, also written to bench/results/latest.md. Stops what it started.
#   bench/run.sh               the table (~15 min on 2 cores; the first run also seeds 1.1M ledger rows)
#   bench/run.sh --switches    then one line per AppHost setting (dashboard off, no wake-up, proxied stores, 2 replicas),
#                              each on a restarted platform (needs the port range free: not with a running platform)
#   bench/run.sh --switches-only  the switches without the table first
#   bench/run.sh --adoptions N fewer adoptions for row 5 (default 200)
#   bench/run.sh --only 1,4    only the rows named (while working on one path; the table is then partial)
# Telemetry: the table runs with production's sampling ratio (0.1, BENCH_SAMPLING_RATIO to change it), and rows 1 and
# 2 run once more after a restart with every trace kept (Development's default), printed as a section of their own
# (--no-every-trace leaves that out, e.g. for A/B series of one setting).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD

switches=false
table=true
driver_args=()
only=""
every_trace=true
sampling_ratio=${BENCH_SAMPLING_RATIO:-0.1}
while (($#)); do
  case $1 in
    --switches) switches=true ;;
    --switches-only) switches=true; table=false ;;
    --adoptions) driver_args+=(--adoptions "$2"); shift ;;
    --only) driver_args+=(--only "$2"); only=$2; shift ;;
    --no-every-trace) every_trace=false ;;
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

as_root=()
[[ $(id -u) -ne 0 ]] && as_root=(sudo)
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v pgbench >/dev/null 2>&1 || missing+=(postgresql-client)
command -v redis-benchmark >/dev/null 2>&1 || missing+=(redis-tools)
if ((${#missing[@]})); then
  echo "bench: installing ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
# Debian's nginx package starts a system nginx on :80; ours runs as its own process on a free port.
bash scripts/setup.sh

export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "bench: building (Release)"
dotnet build AppHost/AppHost.csproj -c Release -v q -nologo
dotnet build bench/Bench/Bench.csproj -c Release -v q -nologo

results=bench/results
mkdir -p "$results"
log_dir=$(mktemp -d /tmp/sqmy-bench-XXXXXX)
apphost_pid=""

health_urls=(http://localhost:5080/health)
for port in 5101 5102 5103 5104 5105 5106; do health_urls+=("http://localhost:$port/health"); done

all_healthy() {
  local url
  for url in "${health_urls[@]}"; do
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null || return 1
  done
}

# Starts the built AppHost in the background with the given extra environment; sets cold_start (seconds).
start_platform() {
  local label=$1; shift
  local log="$log_dir/apphost-${label}.log"
  echo "bench: starting the AppHost ($label), log $log"
  local started; started=$(date +%s%N)
  # The http launch profile's environment, the bench's own data folder (seeded volume survives between runs), and
  # gateway rate limits high enough for load (per subject 600/min otherwise): given to the AppHost, which passes
  # ServiceSettings:* on to every service.
  (cd AppHost && exec env \
    ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
    ASPNETCORE_URLS=http://localhost:15888 \
    ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:16031 \
    ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:17031 \
    ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
    ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
    Infrastructure__DataDirectory="$repo/.data/bench" \
    ServiceSettings__Gateway__RateLimits__PerClientPermitsPerMinute=100000000 \
    ServiceSettings__Gateway__RateLimits__PerTenantPermitsPerMinute=100000000 \
    Gateway__RateLimits__PerClientPermitsPerMinute=100000000 \
    Gateway__RateLimits__PerTenantPermitsPerMinute=100000000 \
    ServiceSettings__Telemetry__SamplingRatio="$sampling_ratio" \
    "$@" \
    dotnet bin/Release/net10.0/SheqingMinyi.AppHost.dll) >"$log" 2>&1 &
  apphost_pid=$!
  local deadline=$((SECONDS + 600))
  until all_healthy; do
    if ! kill -0 "$apphost_pid" 2>/dev/null; then
      echo "bench: the AppHost exited; last lines of $log:" >&2; tail -20 "$log" >&2; apphost_pid=""; return 1
    fi
    if ((SECONDS > deadline)); then echo "bench: not healthy in 600 s (see $log)" >&2; return 1; fi
    sleep 0.2
  done
  cold_start=$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  echo "bench: every resource healthy after ${cold_start} s"
}

stop_platform() {
  [[ -n $apphost_pid ]] || return 0
  echo "bench: stopping the AppHost (pid $apphost_pid)"
  kill -TERM "$apphost_pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$apphost_pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$apphost_pid" 2>/dev/null || true
  apphost_pid=""
  # The services and stores stop with the AppHost; wait until their ports are free and PostgreSQL has let go of its
  # data folder (its lock file), or the next start finds the folder taken.
  for _ in $(seq 1 150); do
    ss -ltn | grep -qE ':(5080|510[1-6]|15888|15432|16379) ' || [[ -e $repo/.data/bench/postgres/postmaster.pid ]] || break
    sleep 0.2
  done
}
trap stop_platform EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

driver() { dotnet bench/Bench/bin/Release/net10.0/Bench.dll "$@"; }

began=$SECONDS
cold_args=()
if all_healthy; then
  echo "bench: using the platform already running (the gateway answers on :5080); cold start not measured"
  echo "bench: gateway rate limits are whatever that platform runs with (600/min per subject unless raised)"
else
  start_platform default
  cold_args=(--cold-start "$cold_start")
fi

if $table; then
  driver table "${cold_args[@]}" "${driver_args[@]}" --out "$results/latest.md"
fi

# The cost of keeping every trace (Development's default) on the rows the dashboard weighs most: the same rows 1
# and 2 on a platform restarted with sampling ratio 1, as a section of its own under the table.
if $table && $every_trace && [[ -n $apphost_pid && $sampling_ratio != 1 ]] && { [[ -z $only ]] || [[ ,$only, =~ ,[12], ]]; }; then
  stop_platform
  if start_platform every-trace ServiceSettings__Telemetry__SamplingRatio=1; then
    every_only=$( [[ -z $only ]] && echo 1,2 || tr ',' '\n' <<<"$only" | grep -E '^[12]$' | paste -sd, )
    driver table --cold-start "$cold_start" --only "$every_only" --out "$log_dir/every-trace.md"
    { echo; echo "The same rows with every trace kept (Telemetry:SamplingRatio=1, Development's default), after a restart:"; echo
      cat "$log_dir/every-trace.md"; } >>"$results/latest.md"
  fi
fi

if $switches; then
  if [[ -z $apphost_pid ]]; then
    echo "bench: --switches restarts the platform: stop the running one first" >&2
  else
    switch_file="$log_dir/switches.md"
    run_switch() {
      local label=$1; shift
      stop_platform
      if start_platform "$label" "$@"; then
        driver switch "$label (cold start ${cold_start} s)" --out "$switch_file" || true
      else
        printf '| %s | did not start (see the AppHost log) | | |\n' "$label" >>"$switch_file"
      fi
    }
    # The defaults first, in the same series, so every line has its anchor in this run.
    run_switch "defaults"
    run_switch "Dashboard__Enabled=false" Dashboard__Enabled=false
    run_switch "Telemetry__SamplingRatio=1 (Development's default, every trace)" ServiceSettings__Telemetry__SamplingRatio=1
    run_switch "Messaging__WakeOnPublish=false" ServiceSettings__Messaging__WakeOnPublish=false
    run_switch "Local__DirectEndpoints=false" Local__DirectEndpoints=false
    run_switch "Scale__Replicas=2" Scale__Replicas=2
    run_switch "Launch__BuiltExecutables=false (dotnet run)" Launch__BuiltExecutables=false
    { echo; cat "$switch_file"; } >>"$results/$($table && echo latest || echo switches).md"
    cat "$switch_file"
  fi
fi

echo "bench: done in $((SECONDS - began)) s; table in $results/latest.md"
