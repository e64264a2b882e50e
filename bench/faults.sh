#!/usr/bin/env bash
# Faults under load, printed as counts: starts a platform of its own (random ports, its own data folder, so it
# never meets scripts/run.sh's or bench/run.sh's), then `Bench faults`: kill -9 intake, restart PostgreSQL and
# kill -9 Redis, each while 1,000 submissions are created and submitted through the gateway, and prints
# "acknowledged writes lost = N, events lost = N, effects applied twice = N" per fault and a table.
# Exit code: the bench's (0 only when every count is 0). Everything it started is stopped at the end.
# Options go to the bench: --count N, --concurrency N, --only intake|postgres|redis. --no-build skips the build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=1
args=()
for a in "$@"; do [[ $a == --no-build ]] && build=0 || args+=("$a"); done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ((build)); then
  bash scripts/setup.sh >/dev/null
  dotnet build AppHost/AppHost.csproj -c Release -v q -nologo >/dev/null
  dotnet build bench/Bench/Bench.csproj -c Release -v q -nologo >/dev/null
fi

scratch=$(mktemp -d /tmp/sqmy-faults.XXXXXX)
chmod 755 "$scratch" # PostgreSQL runs as postgres and keeps its cluster in here
marker=$(basename "$scratch")
apphost_pid=""

# Every process of this run carries the marker in its environment (the AppHost's, inherited), or is a child of
# one that does (redis-server rewrites its own). Only those are stopped, by pid.
run_pids() {
  for dir in /proc/[0-9]*; do
    local pid=${dir#/proc/}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    if tr '\0' '\n' 2>/dev/null <"$dir/environ" | grep -qx "SQMY_FAULTS_RUN=$marker" \
      || [[ $(readlink "$dir/cwd" 2>/dev/null) == "$scratch"* ]]; then
      echo "$pid"
    fi
  done
}

cleanup() {
  if [[ -n $apphost_pid ]] && kill -0 "$apphost_pid" 2>/dev/null; then
    kill -TERM "$apphost_pid" 2>/dev/null || true # the AppHost stops its resources
    for _ in $(seq 60); do kill -0 "$apphost_pid" 2>/dev/null || break; sleep 1; done
  fi
  # Its resources stop a little after it; whatever is still there after a minute is killed.
  local left
  for _ in $(seq 60); do
    left=$(run_pids)
    [[ -z $left ]] && break
    sleep 1
  done
  if [[ -n $left ]]; then
    echo "faults.sh: stopping what is left of run $marker: $(echo $left)"
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Direct endpoints (the default local mode: services and stores on their own fixed ports, no AppHost proxy) when
# those ports are free; a killed service then comes back on the same port the gateway already uses. Otherwise (a
# platform is running) random ports behind the proxy, which may not forward to a restarted service (docs/performance.md).
direct=true
for port in 5080 5101 5102 5103 5104 5105 5106 15432 16379; do
  [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]] && direct=false
done
direct=${FAULTS_DIRECT_ENDPOINTS:-$direct}
echo "faults.sh: starting a platform of its own (run $marker, data in $scratch, direct endpoints: $direct)"
(
  cd AppHost
  # The dashboard on ports of its own; the gateway takes any rate: these faults are not about limits.
  exec env SQMY_FAULTS_RUN="$marker" \
    DcpPublisher__RandomizePorts="$([[ $direct == true ]] && echo false || echo true)" \
    ASPNETCORE_URLS=http://localhost:25888 \
    ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:26031 \
    ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:27031 \
    ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
    ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
    ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
    Infrastructure__DataDirectory="$scratch/data" \
    Local__DirectEndpoints="$direct" \
    Gateway__RateLimits__PerClientPermitsPerMinute=1000000 \
    Gateway__RateLimits__PerTenantPermitsPerMinute=1000000 \
    dotnet bin/Release/net10.0/SheqingMinyi.AppHost.dll
) >"$scratch/apphost.log" 2>&1 &
apphost_pid=$!

status=0
SQMY_FAULTS_RUN="$marker" dotnet bench/Bench/bin/Release/net10.0/Bench.dll faults --wait 300 "${args[@]}" || status=$?
if ((status != 0 && status != 1)); then
  echo "faults.sh: the bench failed (exit $status); the AppHost's last lines:"
  tail -n 30 "$scratch/apphost.log"
fi
exit "$status"
