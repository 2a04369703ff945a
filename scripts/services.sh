#!/usr/bin/env bash
# Local backing services for HR Connector Hub: FerretDB (MongoDB wire protocol) on PostgreSQL or SQLite, and Redis.
#
#   bash scripts/services.sh start  [--profile demo|test|bench|NAME] [--backend postgresql|sqlite] [--fresh]
#   bash scripts/services.sh stop   [--profile ...]
#   bash scripts/services.sh status [--profile ...] [--backend ...]
#
#   eval "$(bash scripts/services.sh start)"     # start the demo profile and export MONGO_URL / REDIS_URL
#
# Profiles (ports overridable with FERRETDB_PORT / REDIS_PORT / POSTGRES_PORT, all distinct; other profile
# names need all of them, POSTGRES_PORT only with the postgresql backend):
#   demo (default)  FerretDB 127.0.0.1:27027  Redis 127.0.0.1:6389  PostgreSQL 127.0.0.1:54327  database hrhub
#   test            FerretDB 127.0.0.1:27028  Redis 127.0.0.1:6390  PostgreSQL 127.0.0.1:54328  database hrhub_test
#   bench           FerretDB 127.0.0.1:27029  Redis 127.0.0.1:6391  PostgreSQL 127.0.0.1:54329  database hrhub_bench
#
# Backend of FerretDB (--backend, or HUB_DB_BACKEND; default postgresql):
#   postgresql  a private PostgreSQL cluster per profile (database ferretdb, superuser hrhub, random password
#               in .run/<profile>/postgres-password, loopback TCP only); run as the `postgres` system user
#               when this script runs as root. synchronous_commit=off for the test and bench* profiles
#               (POSTGRES_SYNCHRONOUS_COMMIT=on|off overrides). Start order PostgreSQL, FerretDB, Redis.
#   sqlite      FerretDB's SQLite backend, one file per database.
# A profile runs one backend at a time: `start` refuses while its FerretDB runs on the other one (stop the
# profile first). The backend is recorded in .run/<profile>/backend, the default of stop and status.
#
# Data lives in .data/<profile>/{postgres,ferretdb,redis}; pid files, logs and the env file in .run/<profile>/.
# `start` is idempotent: a live server recorded in our pid file is reused. `--fresh` deletes the data
# directory of every server this call actually starts (never of one that is already running).
# If MONGO_URL (or REDIS_URL) is already set to something other than this profile's own server, that
# service is treated as external (production, docker-compose, CI services) and nothing is started for it.
# `stop` only ever signals the pids recorded in our pid files, and only if they still are our servers.
#
# stdout carries nothing but `export VAR=value` lines (start); all messages go to stderr.
# Missing software is installed: FerretDB with `go install` (Go must be present), redis-server and
# postgresql with apt-get (as root). Environment knobs: FERRETDB_BIN (use this ferretdb binary),
# SERVICES_START_TIMEOUT (seconds, default 60).
set -euo pipefail

HUB_LOG_TAG=services # read by lib/common.sh
LIB_DIR="$(dirname "${BASH_SOURCE[0]}")/lib"
# shellcheck source=scripts/lib/common.sh
source "$LIB_DIR/common.sh"

readonly START_TIMEOUT="${SERVICES_START_TIMEOUT:-60}" # read by wait_for

usage() { # the header above, without its comment marks
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}" >&2
}

# ---------------------------------------------------------------------------------------------- args
COMMAND="${1:-}"
[[ -n "$COMMAND" ]] || { usage; exit 2; }
shift
PROFILE=demo
FRESH=0
BACKEND="${HUB_DB_BACKEND:-}"
while (($#)); do
  case "$1" in
    --profile) [[ $# -ge 2 ]] || die "--profile needs a value"; PROFILE="$2"; shift 2 ;;
    --profile=*) PROFILE="${1#--profile=}"; shift ;;
    --backend) [[ $# -ge 2 ]] || die "--backend needs a value"; BACKEND="$2"; shift 2 ;;
    --backend=*) BACKEND="${1#--backend=}"; shift ;;
    --fresh) FRESH=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage; die "unknown argument: $1" ;;
  esac
done
case "$COMMAND" in
  start | stop | status) ;;
  -h | --help | help) usage; exit 0 ;;
  *) usage; die "unknown command: $COMMAND (expected start, stop or status)" ;;
esac
[[ "$PROFILE" =~ ^[a-z0-9][a-z0-9_-]{0,30}$ ]] || die "invalid profile name: '$PROFILE' (use lowercase letters, digits, '-' and '_')"

DATA_DIR="$HUB_ROOT/.data/$PROFILE"
RUN_DIR="$HUB_ROOT/.run/$PROFILE"
ENV_FILE="$RUN_DIR/env"
BACKEND_FILE="$RUN_DIR/backend"

# start: --backend / HUB_DB_BACKEND / postgresql; stop and status fall back to the profile's recorded backend.
if [[ -z "$BACKEND" && "$COMMAND" != start && -s "$BACKEND_FILE" ]]; then BACKEND="$(head -n1 "$BACKEND_FILE")"; fi
BACKEND="${BACKEND:-postgresql}"
case "$BACKEND" in
  postgresql | sqlite) ;;
  postgres | pg) BACKEND=postgresql ;;
  *) die "unknown backend: '$BACKEND' (expected postgresql or sqlite; from --backend or HUB_DB_BACKEND)" ;;
esac

# ------------------------------------------------------------------------------------------- ports
case "$PROFILE" in
  demo) default_ports=(27027 6389 54327) DB_NAME=hrhub ;;
  test) default_ports=(27028 6390 54328) DB_NAME=hrhub_test ;;
  bench) default_ports=(27029 6391 54329) DB_NAME=hrhub_bench ;;
  *) default_ports=('' '' '') DB_NAME="hrhub_${PROFILE//-/_}" ;;
esac
FERRETDB_PORT="${FERRETDB_PORT:-${default_ports[0]}}"
REDIS_PORT="${REDIS_PORT:-${default_ports[1]}}"
POSTGRES_PORT="${POSTGRES_PORT:-${default_ports[2]}}"
ports=("$FERRETDB_PORT" "$REDIS_PORT")
if [[ "$BACKEND" == postgresql ]]; then ports+=("$POSTGRES_PORT"); fi
for p in "${ports[@]}"; do
  if [[ -z "$p" ]]; then
    die "profile '$PROFILE' has no default ports; set FERRETDB_PORT$([[ "$BACKEND" == postgresql ]] && echo ', REDIS_PORT and POSTGRES_PORT (or use --backend sqlite)' || echo ' and REDIS_PORT') (profiles with defaults: demo, test, bench)"
  fi
  if ! [[ "$p" =~ ^[0-9]+$ ]] || ((p < 1 || p > 65535)); then die "invalid port: '$p'"; fi
done
if [[ "$(printf '%s\n' "${ports[@]}" | sort -u | wc -l)" -ne "${#ports[@]}" ]]; then
  die "the ports must be distinct: FERRETDB_PORT=$FERRETDB_PORT REDIS_PORT=$REDIS_PORT$([[ "$BACKEND" == postgresql ]] && echo " POSTGRES_PORT=$POSTGRES_PORT")"
fi

OWN_MONGO_URL="mongodb://127.0.0.1:$FERRETDB_PORT/$DB_NAME"
OWN_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

# A preset URL that points at this profile's own port on loopback is ours (typically left over from an
# earlier `eval "$(... start)"`), not an external server.
is_own_url() { # URL SCHEME PORT
  local url="$1" scheme="$2" port="$3"
  [[ "$url" =~ ^$scheme://(127\.0\.0\.1|localhost):$port(/|$|\?) ]]
}
MONGO_EXTERNAL=0
REDIS_EXTERNAL=0
if [[ -n "${MONGO_URL:-}" ]] && ! is_own_url "$MONGO_URL" mongodb "$FERRETDB_PORT"; then MONGO_EXTERNAL=1; fi
if [[ -n "${REDIS_URL:-}" ]] && ! is_own_url "$REDIS_URL" redis "$REDIS_PORT"; then REDIS_EXTERNAL=1; fi

SPAWNED_HERE=() # pids spawned by this call; stopped again if the call fails half-way
# shellcheck source=scripts/lib/service-postgres.sh
source "$LIB_DIR/service-postgres.sh"
# shellcheck source=scripts/lib/service-ferretdb.sh
source "$LIB_DIR/service-ferretdb.sh"
# shellcheck source=scripts/lib/service-redis.sh
source "$LIB_DIR/service-redis.sh"

lock_profile() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/.services.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 300 9 || die "timed out waiting for another services.sh run on profile '$PROFILE' ($RUN_DIR/.services.lock)"
  fi
}

# ------------------------------------------------------------------------------------------ start
# On a failed start, stop the servers this call spawned (never ones it merely reused), last started first.
# shellcheck disable=SC2317  # invoked through trap
rollback_start() {
  local rc=$? pid
  ((rc != 0)) || return 0
  trap - EXIT
  warn "start failed; stopping the servers this call started"
  if [[ "$REDIS_ACTION" == start ]]; then stop_redis || true; fi
  if [[ "$FDB_ACTION" == start ]]; then stop_ferretdb || true; fi
  if [[ "$PG_ACTION" == start ]]; then stop_postgres || true; fi
  for pid in "${SPAWNED_HERE[@]}"; do # whatever is left (e.g. a server that died before its pid file)
    if is_alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in "${SPAWNED_HERE[@]}"; do
    for _ in {1..20}; do is_alive "$pid" || break; sleep 0.25; done
    if is_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  exit "$rc"
}

write_env() {
  local tmp="$ENV_FILE.tmp"
  {
    echo "# written by scripts/services.sh start --profile $PROFILE; load with: set -a; . $ENV_FILE; set +a"
    if [[ "$MONGO_EXTERNAL" == 0 ]]; then echo "MONGO_URL=$OWN_MONGO_URL"; else echo "# MONGO_URL: external, taken from the environment"; fi
    if [[ "$REDIS_EXTERNAL" == 0 ]]; then echo "REDIS_URL=$OWN_REDIS_URL"; else echo "# REDIS_URL: external, taken from the environment"; fi
  } >"$tmp"
  mv -f "$tmp" "$ENV_FILE"
  if [[ "$MONGO_EXTERNAL" == 0 ]]; then echo "export MONGO_URL=$OWN_MONGO_URL"; fi
  if [[ "$REDIS_EXTERNAL" == 0 ]]; then echo "export REDIS_URL=$OWN_REDIS_URL"; fi
}

cmd_start() {
  local pid
  lock_profile
  # Decide everything before starting anything, so a refusal or a failed install leaves nothing running.
  plan_ferretdb
  if [[ "$FDB_ACTION" != external && "$BACKEND" == postgresql ]]; then
    plan_postgres
    if [[ "$FDB_ACTION" == reuse && "$PG_ACTION" == start ]]; then
      die "FerretDB of profile '$PROFILE' is running but its PostgreSQL is not; stop the profile first (bash scripts/services.sh stop --profile $PROFILE), then start it again"
    fi
  elif [[ "$FDB_ACTION" != external ]] && pid="$(postgres_pid)"; then
    die "the PostgreSQL of profile '$PROFILE' (pid $pid) is still running from a start with the postgresql backend; stop the profile first (bash scripts/services.sh stop --profile $PROFILE)"
  fi
  plan_redis
  if [[ -n "$PG_ACTION" ]]; then ensure_postgres; fi
  if [[ "$FDB_ACTION" == start ]]; then ensure_ferretdb; fi
  if [[ "$REDIS_ACTION" == start ]]; then ensure_redis; fi
  if [[ "$FDB_ACTION" != external ]]; then choose_ferretdb_check; fi

  trap rollback_start EXIT
  if [[ -n "$PG_ACTION" ]]; then start_postgres; fi
  start_ferretdb
  start_redis
  trap - EXIT
  if [[ "$FDB_ACTION" != external ]]; then echo "$BACKEND" >"$BACKEND_FILE"; fi
  write_env
}

# ------------------------------------------------------------------------------------------- stop
cmd_stop() {
  lock_profile
  stop_redis
  stop_ferretdb
  if [[ -n "${POSTGRES_PORT:-}" || -f "$PG_PIDFILE" || -f "$PG_DATA/postmaster.pid" ]]; then stop_postgres; fi
  rm -f "$ENV_FILE"
}

# ----------------------------------------------------------------------------------------- status
# Exit status 0 when every service the profile needs is running (or external), 3 otherwise.
cmd_status() {
  local rc=0 pid backend="$BACKEND"
  if pid="$(ferretdb_pid)"; then backend="$(ferretdb_backend "$pid")"; fi
  if [[ "$MONGO_EXTERNAL" == 0 && "$backend" == postgresql ]]; then
    status_postgres || rc=3
  elif pid="$(postgres_pid)"; then
    echo "postgres ($PROFILE): running, pid $pid, but not needed by the $backend backend (stop the profile to end it)"
  fi
  status_ferretdb || rc=3
  status_redis || rc=3
  return "$rc"
}

"cmd_$COMMAND"
