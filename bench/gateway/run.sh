#!/usr/bin/env bash
# The gateway's overhead alone, without the platform: an upstream (bench/gateway/Upstream: a service's /alive, and
# the identity the gateway fetches its JWKS and revocations from), the gateway in Release in front of it, and
# nginx in front of it too. The same authenticated GET /alive goes to each with wrk; one line per path: req/s,
# p50, p99, ratio to direct, and the CPU the proxy itself spent per request (the steadier figure when other work
# shares the cores). Ports 6080-6099 only (the platform's 5080/510x/15888 stay free).
#
#   bench/gateway/run.sh                 # defaults: 3 rounds of 10 s per path, 32 connections
#   DURATION=5s CONNECTIONS=64 ROUNDS=1 bench/gateway/run.sh
#   UPSTREAM=minimal bench/gateway/run.sh  # a bare Kestrel upstream instead of a service's own /alive
#   bench/gateway/run.sh Telemetry__SamplingRatio=0 ...   # extra settings for the gateway process, as env
#   VARIANTS="a:K=V;b:K=V,K2=V2" bench/gateway/run.sh     # also a gateway per variant, in the same rounds
#   VARIANTS="no-token-cache:Auth__ValidatedTokenCacheSize=0" bench/gateway/run.sh   # the token cache's worth
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

DURATION=${DURATION:-10s}
# The paths take turns, ROUNDS times; each line shows the round with the median req/s (this machine is shared
# and noisy: one lucky or unlucky run says little).
ROUNDS=${ROUNDS:-3}
UPSTREAM=${UPSTREAM:-service}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-3s}
UPSTREAM_PORT=6091 GATEWAY_PORT=6080 NGINX_PORT=6082 # variants' gateways: 6083 and up
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
if ((${#need[@]})); then
  echo "bench/gateway: installing ${need[*]}" >&2
  as_root=(); [[ $(id -u) -ne 0 ]] && as_root=(sudo)
  "${as_root[@]}" apt-get install -y "${need[@]}" >/dev/null || { "${as_root[@]}" apt-get update >/dev/null && "${as_root[@]}" apt-get install -y "${need[@]}" >/dev/null; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [[ ${NO_BUILD:-} != 1 ]]; then
  dotnet build gateway/Gateway -c Release -v q -nologo >/dev/null
  dotnet build bench/gateway/Upstream -c Release -v q -nologo >/dev/null
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() { for _ in $(seq 1 300); do curl -fsS -o /dev/null "$@" 2>/dev/null && return 0; sleep 0.2; done; echo "bench/gateway: $* never answered" >&2; return 1; }

ASPNETCORE_URLS=http://127.0.0.1:$UPSTREAM_PORT ASPNETCORE_ENVIRONMENT=Production Upstream__Kind=$UPSTREAM \
  dotnet bench/gateway/Upstream/bin/Release/net10.0/GatewayBenchUpstream.dll >"$work/upstream.log" 2>&1 &
upstream_pid=$!
pids+=("$upstream_pid")
wait_for "http://127.0.0.1:$UPSTREAM_PORT/alive"
token=$(curl -fsS "http://127.0.0.1:$UPSTREAM_PORT/bench/token")

# A gateway on port $1 (settings as env in the rest): intake and identity both at the upstream; limits far above
# what the bench sends (the limiter still runs on every request, it just never says no). Started from its project
# directory, as the AppHost starts it (so its appsettings.json applies). Sets gateway_pid.
start_gateway() {
  local port=$1; shift
  (cd gateway/Gateway && exec env ASPNETCORE_URLS=http://127.0.0.1:$port ASPNETCORE_ENVIRONMENT=${GATEWAY_ENVIRONMENT:-Production} \
    services__intake__http__0=http://127.0.0.1:$UPSTREAM_PORT services__identity__http__0=http://127.0.0.1:$UPSTREAM_PORT \
    Auth__Authority=http://127.0.0.1:$UPSTREAM_PORT Auth__RequireHttpsMetadata=false \
    Gateway__RateLimits__PerClientPermitsPerMinute=1000000000 Gateway__RateLimits__PerTenantPermitsPerMinute=1000000000 \
    "$@" dotnet bin/Release/net10.0/Gateway.dll >"$work/gateway-$port.log" 2>&1) &
  gateway_pid=$!
  pids+=("$gateway_pid")
  wait_for -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/intake/alive"
}

cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  upstream service { server 127.0.0.1:$UPSTREAM_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /api/intake/ {
      proxy_pass http://service/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
NGINX
"$NGINX" -c "$work/nginx.conf" -p "$work"
wait_for -H "Authorization: Bearer $token" "http://127.0.0.1:$NGINX_PORT/api/intake/alive"

# CPU seconds (user + system) used so far by these processes, from /proc.
cpu_seconds() { cat "${@/#//proc/}" 2>/dev/null | sed 's/^.*) //' | awk -v hz="$(getconf CLK_TCK)" '{ t += $12 + $13 } END { printf "%.2f", t / hz }'; }
cpu_files() { local f=(); for pid in "$@"; do f+=("$pid/stat"); done; echo "${f[@]}"; }

# One wrk run against $1, the proxy's processes in the rest: prints "req/s p50_ms p99_ms non2xx cpu_us_per_request".
# The CPU per request (of the processes named, not wrk's or the upstream's) holds up better than req/s when
# other work shares the cores.
measure() {
  local url=$1; shift
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: Bearer $token" "$url" >/dev/null
  local before; before=$(cpu_seconds $(cpu_files "$@"))
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" "$url" >"$work/wrk.txt"
  local after; after=$(cpu_seconds $(cpu_files "$@"))
  awk -v cpu="$(awk -v a="$after" -v b="$before" 'BEGIN { print a - b }')" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 } / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) } /Non-2xx/ { bad = $5 } /requests in/ { n = $1 }
    END { printf "%.0f %.2f %.2f %d %.0f\n", rps, p50, p99, bad, (n > 0 ? cpu * 1e6 / n : 0) }' "$work/wrk.txt"
}

line() { # name rps p50 p99 bad cpu_us direct_rps
  printf '%-28s %9s req/s  p50 %7s ms  p99 %7s ms  ratio %5s  cpu %5s us/req%s\n' "$1" "$2" "$3" "$4" \
    "$(awk -v a="$2" -v b="$7" 'BEGIN { printf "%.2f", a / b }')" "$6" "$([[ $5 -gt 0 ]] && echo "  NON-2XX $5" || true)"
}

echo "bench/gateway: wrk -t1 -c$CONNECTIONS -d$DURATION x $ROUNDS rounds, GET /alive with a bearer token, upstream $UPSTREAM, $(nproc) cores, $(date -u +%FT%TZ)"
# The paths: name, URL, the processes whose CPU counts. Every gateway (variants too) runs from the start, idle
# while the others are measured, so that the rounds can take turns.
names=("direct (upstream)") urls=("http://127.0.0.1:$UPSTREAM_PORT/alive") procs=("$upstream_pid")
start_gateway "$GATEWAY_PORT" "$@"
names+=("gateway") urls+=("http://127.0.0.1:$GATEWAY_PORT/api/intake/alive") procs+=("$gateway_pid")
IFS=';' read -ra variants <<<"${VARIANTS:-}"
port=$((NGINX_PORT + 1))
for variant in "${variants[@]}"; do
  [[ -z $variant ]] && continue
  IFS=',' read -ra settings <<<"${variant#*:}"
  start_gateway "$port" "$@" "${settings[@]}"
  names+=("gateway (${variant%%:*})") urls+=("http://127.0.0.1:$port/api/intake/alive") procs+=("$gateway_pid")
  port=$((port + 1))
done
names+=("nginx") urls+=("http://127.0.0.1:$NGINX_PORT/api/intake/alive") procs+=("$(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')")

for round in $(seq 1 "$ROUNDS"); do
  for i in "${!names[@]}"; do
    # shellcheck disable=SC2086
    measure "${urls[$i]}" ${procs[$i]} >>"$work/path-$i.txt"
  done
  WARMUP=1s
done

# The median round of each path, by req/s.
median() { sort -n -k1,1 "$work/path-$1.txt" | awk -v n="$ROUNDS" 'NR == int((n + 1) / 2)'; }
read -r d_rps _ <<<"$(median 0)"
for i in "${!names[@]}"; do
  read -r rps p50 p99 bad cpu <<<"$(median "$i")"
  line "${names[$i]}" "$rps" "$p50" "$p99" "$bad" "$cpu" "$d_rps"
  [[ ${names[$i]} == gateway ]] && g_rps=$rps
  [[ ${names[$i]} == nginx ]] && n_rps=$rps
done
awk -v g="$g_rps" -v n="$n_rps" 'BEGIN { printf "gateway/nginx %.2f (target: gateway/direct >= nginx/direct, i.e. >= 1.00)\n", g / n }'
