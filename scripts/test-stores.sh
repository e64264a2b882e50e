#!/usr/bin/env bash
# Throwaway PostgreSQL + Redis for the integration tests: no Docker, no system
# services, nothing outside one temp dir, everything on 127.0.0.1.
#
# Executed:  scripts/test-stores.sh start        -> prints the env file path
#            scripts/test-stores.sh stop <dir>   -> stops both, removes <dir>
# Sourced:   defines test_stores_start / test_stores_stop (same as above) and
#            test_stores_up / test_stores_down (also export/unset the env in
#            the current shell). They run this file as a child bash, so set -e
#            holds inside even when called as `x=$(test_stores_start) || ...`
#            (bash ignores errexit in functions called from such contexts),
#            and sourcing changes no options of the calling shell.

_TS_SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"

TEST_STORES_PG_PASSWORD=sqmy-test
# Redis wants a password, as in local mode (redis-cli reads it from REDISCLI_AUTH).
TEST_STORES_REDIS_PASSWORD=sqmy-test-redis
TEST_STORES_TIMEOUT=60
# Extra postgres options (e.g. bench/recompute.sh: "-c shared_buffers=1GB"); none for the tests.
TEST_STORES_PG_OPTIONS=${TEST_STORES_PG_OPTIONS:-}

# _ts_pg_bin: newest PostgreSQL server bin dir (Debian layout), or $PG_BIN.
_ts_pg_bin() {
  if [[ -n ${PG_BIN:-} ]]; then echo "$PG_BIN"; return; fi
  local bin
  bin=$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -n1 || true)
  if [[ -z $bin ]]; then
    echo "test-stores: no PostgreSQL server under /usr/lib/postgresql (run scripts/setup.sh)" >&2
    return 1
  fi
  dirname "$bin"
}

# _ts_as_owner CMD...: PostgreSQL refuses to run as root, so as root run as the
# postgres OS user (from the store dir, readable by it); else as ourselves.
_ts_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd "$_ts_dir" && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# _ts_port_busy PORT: true when something listens on 127.0.0.1/any on PORT.
_ts_port_busy() {
  if command -v ss >/dev/null 2>&1; then
    [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# _ts_free_port FROM: first port >= FROM nobody listens on.
_ts_free_port() {
  local p=$1
  while _ts_port_busy "$p"; do
    p=$((p + 1))
    if ((p > $1 + 500)); then
      echo "test-stores: no free port in $1..$p" >&2
      return 1
    fi
  done
  echo "$p"
}

_ts_start() {
  local pg_bin pg_port redis_port attempt deadline pid
  pg_bin=$(_ts_pg_bin)
  command -v redis-server >/dev/null || { echo "test-stores: redis-server missing (run scripts/setup.sh)" >&2; exit 1; }
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    echo "test-stores: running as root needs the 'postgres' OS user (postgresql package)" >&2
    exit 1
  fi

  _ts_dir=$(mktemp -d /tmp/sqmy-test-stores.XXXXXX)
  : >"$_ts_dir/.sqmy-test-stores" # marker: stop only ever deletes our dirs
  # Anything failing below must not leave a cluster or redis running.
  trap 'echo "test-stores: start failed, cleaning up $_ts_dir" >&2; (_ts_stop "$_ts_dir") >&2 || true' EXIT

  # --- PostgreSQL -----------------------------------------------------------
  printf '%s\n' "$TEST_STORES_PG_PASSWORD" >"$_ts_dir/pwfile"
  [[ $(id -u) -ne 0 ]] || chown -R postgres: "$_ts_dir"
  # scram + password: tests authenticate like production; C.UTF-8 is always present.
  _ts_as_owner "$pg_bin/initdb" -D "$_ts_dir/pgdata" -U postgres \
    --auth=scram-sha-256 --pwfile="$_ts_dir/pwfile" \
    --locale=C.UTF-8 --encoding=UTF8 --no-sync >"$_ts_dir/initdb.log" 2>&1 ||
    { cat "$_ts_dir/initdb.log" >&2; exit 1; }
  rm -f "$_ts_dir/pwfile"

  # A free port can be taken between the check and the bind (parallel runs):
  # retry on the next ones. Durability is off: the data is thrown away.
  pg_port=55432
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    pg_port=$(_ts_free_port "$pg_port")
    if _ts_as_owner "$pg_bin/pg_ctl" -D "$_ts_dir/pgdata" -l "$_ts_dir/postgres.log" \
      -w -t "$TEST_STORES_TIMEOUT" \
      -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=500 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${TEST_STORES_PG_OPTIONS:-}" \
      start >&2; then
      break
    fi
    if ((attempt == 10)) || ! grep -q 'could not bind' "$_ts_dir/postgres.log" 2>/dev/null; then
      echo "test-stores: PostgreSQL failed to start; log:" >&2
      tail -n 30 "$_ts_dir/postgres.log" >&2 || true
      exit 1
    fi
    : >"$_ts_dir/postgres.log"
    pg_port=$((pg_port + 1))
  done
  echo "$pg_port" >"$_ts_dir/pg.port"

  deadline=$((SECONDS + TEST_STORES_TIMEOUT))
  until "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; do
    if ((SECONDS >= deadline)); then
      echo "test-stores: PostgreSQL on 127.0.0.1:$pg_port not ready after ${TEST_STORES_TIMEOUT}s; log:" >&2
      tail -n 30 "$_ts_dir/postgres.log" >&2 || true
      exit 1
    fi
    sleep 0.2
  done

  # --- Redis ----------------------------------------------------------------
  # In-memory only (no RDB/AOF). --daemonize returns before the bind, so
  # success = our pidfile's process answers PING and reports our pidfile.
  redis_port=56379
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    redis_port=$(_ts_free_port "$redis_port")
    rm -f "$_ts_dir/redis.pid"
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
      --requirepass "$TEST_STORES_REDIS_PASSWORD" --daemonize yes --pidfile "$_ts_dir/redis.pid" --logfile "$_ts_dir/redis.log" \
      --dir "$_ts_dir" </dev/null >&2
    deadline=$((SECONDS + TEST_STORES_TIMEOUT))
    while :; do
      if [[ $(REDISCLI_AUTH=$TEST_STORES_REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null) == PONG ]] &&
        [[ $(REDISCLI_AUTH=$TEST_STORES_REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$redis_port" config get pidfile 2>/dev/null) == *"$_ts_dir/redis.pid"* ]]; then
        break 2
      fi
      # Our server died (port taken by a racing run?): try the next port.
      pid=$(cat "$_ts_dir/redis.pid" 2>/dev/null || true)
      if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then break; fi
      if grep -q 'Could not create server TCP' "$_ts_dir/redis.log" 2>/dev/null; then break; fi
      if ((SECONDS >= deadline)); then
        echo "test-stores: Redis on 127.0.0.1:$redis_port not answering after ${TEST_STORES_TIMEOUT}s; log:" >&2
        tail -n 30 "$_ts_dir/redis.log" >&2 || true
        exit 1
      fi
      sleep 0.2
    done
    if ((attempt == 10)); then
      echo "test-stores: Redis failed to start; log:" >&2
      tail -n 30 "$_ts_dir/redis.log" >&2 || true
      exit 1
    fi
    : >"$_ts_dir/redis.log"
    redis_port=$((redis_port + 1))
  done
  echo "$redis_port" >"$_ts_dir/redis.port"

  # Npgsql / StackExchange.Redis connection strings for the tests.
  cat >"$_ts_dir/env" <<ENV
export SQMY_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$TEST_STORES_PG_PASSWORD"
export SQMY_TEST_REDIS="127.0.0.1:$redis_port,password=$TEST_STORES_REDIS_PASSWORD"
export SQMY_TEST_STORES_DIR="$_ts_dir"
ENV
  chmod 644 "$_ts_dir/env"
  trap - EXIT
  echo "test-stores: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port" >&2
  echo "$_ts_dir/env"
}

# _ts_wait_gone PID NAME: wait up to 15 s for PID to exit, then SIGKILL it
# (only if it still is a NAME process, in case the pid was reused).
_ts_wait_gone() {
  local pid=$1 name=$2 i
  for ((i = 0; i < 75; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  if grep -q "$name" "/proc/$pid/comm" 2>/dev/null; then
    echo "test-stores: $name (pid $pid) did not stop, killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

_ts_stop() {
  _ts_dir=${1:-${SQMY_TEST_STORES_DIR:-}}
  if [[ -z $_ts_dir ]]; then
    echo "usage: test-stores.sh stop <dir>" >&2
    return 2
  fi
  [[ -d $_ts_dir ]] || return 0
  if [[ ! -e $_ts_dir/.sqmy-test-stores ]]; then
    echo "test-stores: $_ts_dir is not a test-stores dir, not touching it" >&2
    return 1
  fi
  local pg_bin pid port
  if [[ -f $_ts_dir/pgdata/postmaster.pid ]]; then
    pid=$(head -n1 "$_ts_dir/pgdata/postmaster.pid")
    # Fast stop (aborts sessions); plain SIGINT is the same if pg_ctl is gone.
    if pg_bin=$(_ts_pg_bin); then
      _ts_as_owner "$pg_bin/pg_ctl" -D "$_ts_dir/pgdata" -m fast -w -t 30 stop >&2 || true
    else
      kill -INT "$pid" 2>/dev/null || true
    fi
    _ts_wait_gone "$pid" postgres
  fi
  if [[ -f $_ts_dir/redis.pid ]]; then
    pid=$(cat "$_ts_dir/redis.pid")
    port=$(cat "$_ts_dir/redis.port" 2>/dev/null || true)
    if [[ -n $port ]]; then
      REDISCLI_AUTH=$TEST_STORES_REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
    else
      kill -TERM "$pid" 2>/dev/null || true
    fi
    _ts_wait_gone "$pid" redis
  fi
  rm -rf -- "$_ts_dir"
  echo "test-stores: stopped and removed $_ts_dir" >&2
}

# Sourced API (see top): child bash per call.
test_stores_start() { bash "$_TS_SELF" start; }
test_stores_stop() { bash "$_TS_SELF" stop "${1:-${SQMY_TEST_STORES_DIR:-}}"; }

# Start/stop and export/unset the env in the calling shell.
test_stores_up() {
  local env_file
  env_file=$(test_stores_start) || return 1
  # shellcheck disable=SC1090
  . "$env_file"
}

test_stores_down() {
  [[ -n ${SQMY_TEST_STORES_DIR:-} ]] || return 0
  test_stores_stop "$SQMY_TEST_STORES_DIR" || return 1
  unset SQMY_TEST_POSTGRES SQMY_TEST_REDIS SQMY_TEST_STORES_DIR
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  case ${1:-} in
    start) _ts_start ;;
    stop) _ts_stop "${2:-}" ;;
    *)
      echo "usage: $0 start | stop <dir>" >&2
      exit 2
      ;;
  esac
fi
