#!/usr/bin/env bash
# Cold start of the built AppHost (Release), measured per process: for the gateway and each service, the wall time
# from the AppHost's launch and the CPU seconds (user + sys, /proc/<pid>/stat) its process had used when its /health
# first answered 200; then the CPU of every process the AppHost started (dashboard, DCP, stores included). CPU
# seconds are what to compare on a shared machine: wall times follow the other load.
#   bench/cold-start.sh [--runs N] [LABEL[:VAR=VALUE,...]] ...
# Each label is one variant (environment given to the AppHost); variants alternate within each run, so pairs are
# measured in the same minutes. Example: bench/cold-start.sh --runs 3 built 'tiered:ServiceSettings__X=1'
# Expects `dotnet build AppHost -c Release` done, and the platform's ports free. One line per start, on stdout.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
runs=1
variants=()
while (($#)); do
  case $1 in
    --runs) runs=$2; shift ;;
    *) variants+=("$1") ;;
  esac
  shift
done
((${#variants[@]})) || variants=(default)

# The processes measured, by the name the kernel gives them (15 characters at most).
names=(Gateway Identity.Api People.Api Intake.Api Review.Api TrainingEvents. Scoring.Api)
hz=$(getconf CLK_TCK)
# With a platform already on the fixed ports (:5080), run beside it: ports DCP picks (so proxied endpoints) and a
# dashboard on other ports; said in each line.
dashboard_port=15888 beside=() mode=direct
if ss -ltnH | grep -qE ':(5080|15888|15432) '; then
  dashboard_port=25888 beside=(DcpPublisher__RandomizePorts=true) mode="proxied (beside a running platform)"
fi
log_dir=$(mktemp -d /tmp/sqmy-coldstart-XXXXXX)
apphost_pid=""

cpu_of() { # user + sys seconds of one process, or empty when it is gone
  local fields
  fields=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 0
  awk -v hz="$hz" '{ printf "%.2f", ($12 + $13) / hz }' <<<"$fields"
}

descendants() { # the process and every process under it
  local pid=$1 child
  echo "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do descendants "$child"; done
}

started_by_apphost() { # the AppHost, and DCP (detached, it names the AppHost it monitors) with all it started
  local pid
  descendants "$apphost_pid"
  for pid in $(pgrep -x dcp); do
    tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q -- "--monitor $apphost_pid " && descendants "$pid"
  done | sort -u
}

port_of() { ss -ltnpH 2>/dev/null | grep "pid=$1," | grep -o '127.0.0.1:[0-9]*' | head -1 | cut -d: -f2; }

stop_apphost() {
  [[ -n $apphost_pid ]] || return 0
  kill -TERM "$apphost_pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$apphost_pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$apphost_pid" 2>/dev/null || true
  apphost_pid=""
}
trap stop_apphost EXIT

measure() { # LABEL[:VAR=VALUE,...]
  local label=${1%%:*} extra=() settings=""
  [[ $1 == *:* ]] && settings=${1#*:}
  [[ -n $settings ]] && IFS=, read -r -a extra <<<"$settings"
  local log="$log_dir/$label-$RANDOM.log" started
  started=$(date +%s%N)
  (cd AppHost && exec env \
    ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
    ASPNETCORE_URLS=http://localhost:$((dashboard_port)) \
    ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:$((dashboard_port + 143)) \
    ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:$((dashboard_port + 1143)) \
    "${beside[@]}" \
    ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
    ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
    Infrastructure__DataDirectory="$repo/.data/cold-start" \
    "${extra[@]}" \
    dotnet bin/Release/net10.0/SheqingMinyi.AppHost.dll) >"$log" 2>&1 &
  apphost_pid=$!
  declare -A wall=() cpu=()
  local deadline=$((SECONDS + 300)) pid name port now
  while ((${#wall[@]} < ${#names[@]})); do
    kill -0 "$apphost_pid" 2>/dev/null || { echo "cold-start: the AppHost exited (see $log)" >&2; apphost_pid=""; return 1; }
    ((SECONDS < deadline)) || { echo "cold-start: not healthy in 300 s (see $log)" >&2; stop_apphost; return 1; }
    for pid in $(started_by_apphost); do
      name=$(cat "/proc/$pid/comm" 2>/dev/null) || continue
      [[ " ${names[*]} " == *" $name "* && -z ${wall[$name]:-} ]] || continue
      port=$(port_of "$pid"); [[ -n $port ]] || continue
      # The process's own port (proxied or not), so the time is its own and not the proxy's.
      curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/health" 2>/dev/null || continue
      now=$(date +%s%N)
      cpu[$name]=$(cpu_of "$pid")
      wall[$name]=$(awk -v a="$started" -v b="$now" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
    done
    sleep 0.1
  done
  local total=0 p c
  for p in $(started_by_apphost); do
    c=$(cpu_of "$p"); [[ -n $c ]] && total=$(awk -v a="$total" -v b="$c" 'BEGIN { printf "%.2f", a + b }')
  done
  local last=0
  for name in "${names[@]}"; do last=$(awk -v a="$last" -v b="${wall[$name]}" 'BEGIN { print (b > a ? b : a) }'); done
  local line="$label | $mode | load $(cut -d' ' -f1 /proc/loadavg) | all healthy ${last} s | CPU of every process ${total} s |"
  for name in "${names[@]}"; do line+=" ${name%.*} ${wall[$name]} s/${cpu[$name]} cpu-s"; done
  echo "$line"
  stop_apphost
}

for ((run = 1; run <= runs; run++)); do
  for variant in "${variants[@]}"; do measure "$variant" || true; done
done
