#!/usr/bin/env bash
# Local backing services for HR Connector Hub: FerretDB (MongoDB wire protocol, SQLite backend) and Redis.
#
#   bash scripts/services.sh start  [--profile demo|test|NAME] [--fresh]
#   bash scripts/services.sh stop   [--profile ...]
#   bash scripts/services.sh status [--profile ...]
#
#   eval "$(bash scripts/services.sh start)"     # start the demo profile and export MONGO_URL / REDIS_URL
#
# Profiles (ports overridable with FERRETDB_PORT / REDIS_PORT; other profile names need both):
#   demo (default)  FerretDB 127.0.0.1:27027  Redis 127.0.0.1:6389  database hrhub
#   test            FerretDB 127.0.0.1:27028  Redis 127.0.0.1:6390  database hrhub_test
#
# Data lives in .data/<profile>/{ferretdb,redis}; pid files, logs and the env file in .run/<profile>/.
# `start` is idempotent: a live server recorded in our pid file is reused. `--fresh` deletes the data
# directory of every server this call actually starts (never of one that is already running).
# If MONGO_URL (or REDIS_URL) is already set to something other than this profile's own server, that
# service is treated as external (production, docker-compose, CI services) and nothing is started for it.
# `stop` only ever signals the pids recorded in our pid files, and only if they still are our servers.
#
# stdout carries nothing but `export VAR=value` lines (start); all messages go to stderr.
# Missing software is installed: FerretDB with `go install` (Go must be present), redis-server with apt-get.
# Environment knobs: FERRETDB_BIN (use this ferretdb binary), SERVICES_START_TIMEOUT (seconds, default 60).
set -euo pipefail

HUB_LOG_TAG=services # read by lib/common.sh
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

readonly FERRETDB_MODULE=github.com/FerretDB/FerretDB
readonly FERRETDB_VERSION=v1.24.2
readonly START_TIMEOUT="${SERVICES_START_TIMEOUT:-60}"

usage() {
  sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}

# ---------------------------------------------------------------------------------------------- args
COMMAND="${1:-}"
[[ -n "$COMMAND" ]] || { usage; exit 2; }
shift
PROFILE=demo
FRESH=0
while (($#)); do
  case "$1" in
    --profile) [[ $# -ge 2 ]] || die "--profile needs a value"; PROFILE="$2"; shift 2 ;;
    --profile=*) PROFILE="${1#--profile=}"; shift ;;
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

case "$PROFILE" in
  demo) default_fdb_port=27027 default_redis_port=6389 DB_NAME=hrhub ;;
  test) default_fdb_port=27028 default_redis_port=6390 DB_NAME=hrhub_test ;;
  *) default_fdb_port='' default_redis_port='' DB_NAME="hrhub_${PROFILE//-/_}" ;;
esac
FERRETDB_PORT="${FERRETDB_PORT:-$default_fdb_port}"
REDIS_PORT="${REDIS_PORT:-$default_redis_port}"
if [[ -z "$FERRETDB_PORT" || -z "$REDIS_PORT" ]]; then
  die "profile '$PROFILE' has no default ports; set FERRETDB_PORT and REDIS_PORT (profiles with defaults: demo, test)"
fi
for p in "$FERRETDB_PORT" "$REDIS_PORT"; do
  if ! [[ "$p" =~ ^[0-9]+$ ]] || ((p < 1 || p > 65535)); then die "invalid port: '$p'"; fi
done
[[ "$FERRETDB_PORT" != "$REDIS_PORT" ]] || die "FERRETDB_PORT and REDIS_PORT are both $REDIS_PORT"

DATA_DIR="$HUB_ROOT/.data/$PROFILE"
RUN_DIR="$HUB_ROOT/.run/$PROFILE"
FDB_DATA="$DATA_DIR/ferretdb"
FDB_STATE="$RUN_DIR/ferretdb-state"
FDB_PIDFILE="$RUN_DIR/ferretdb.pid"
FDB_LOG="$RUN_DIR/ferretdb.log"
REDIS_DATA="$DATA_DIR/redis"
REDIS_PIDFILE="$RUN_DIR/redis.pid"
REDIS_LOG="$RUN_DIR/redis.log"
ENV_FILE="$RUN_DIR/env"

# maxPoolSize=1: FerretDB 1.24 on SQLite applies an update as read-modify-write without isolation, so two
# concurrent updates of one document from separate connections can lose one (measured: 200 concurrent $inc
# from 4 connections left n=7). One connection per process serializes them; MongoDB itself needs no such limit.
OWN_MONGO_URL="mongodb://127.0.0.1:$FERRETDB_PORT/$DB_NAME?maxPoolSize=1"
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

# ----------------------------------------------------------------------------------------- helpers
read_pidfile() { # FILE -> pid on stdout, false if missing/garbage
  local pid
  [[ -f "$1" ]] || return 1
  pid="$(head -n1 "$1" 2>/dev/null | tr -dc '0-9')"
  [[ -n "$pid" ]] || return 1
  printf '%s\n' "$pid"
}

# Is PID our FerretDB for this profile? (the command line names our listen address and data dir)
is_our_ferretdb() {
  local cmd
  is_alive "$1" || return 1
  cmd="$(proc_cmdline "$1")"
  [[ "$cmd" == *ferretdb* && "$cmd" == *"--listen-addr=127.0.0.1:$FERRETDB_PORT "* && "$cmd" == *"--sqlite-url=file:$FDB_DATA/"* ]]
}

# Is PID our redis-server for this profile? (redis rewrites its title to "redis-server 127.0.0.1:PORT")
is_our_redis() {
  local cmd
  is_alive "$1" || return 1
  cmd="$(proc_cmdline "$1")"
  [[ "$cmd" == *redis-server* && "$cmd" == *":$REDIS_PORT"* ]]
}

# --------------------------------------------------------------------------------- FerretDB install
FERRETDB=''

go_bin_dir() {
  local d
  d="$(go env GOBIN)"
  if [[ -z "$d" ]]; then
    d="$(go env GOPATH)"
    d="${d%%:*}/bin"
  fi
  printf '%s\n' "$d"
}

ferretdb_works() { # BIN: runs and reports exactly the pinned version
  local out
  [[ -x "$1" ]] || return 1
  out="$("$1" --version 2>/dev/null)" || return 1
  grep -qx "version: $FERRETDB_VERSION" <<<"$out"
}

find_ferretdb() {
  local c candidates=()
  if [[ -n "${FERRETDB_BIN:-}" ]]; then
    ferretdb_works "$FERRETDB_BIN" || die "FERRETDB_BIN=$FERRETDB_BIN is not a working FerretDB $FERRETDB_VERSION binary"
    FERRETDB="$FERRETDB_BIN"
    return 0
  fi
  if command -v go >/dev/null 2>&1; then candidates+=("$(go_bin_dir)/ferretdb"); fi
  candidates+=("${HOME:-/root}/go/bin/ferretdb")
  if c="$(command -v ferretdb 2>/dev/null)"; then candidates+=("$c"); fi
  for c in "${candidates[@]}"; do
    if ferretdb_works "$c"; then
      FERRETDB="$c"
      return 0
    fi
  done
  return 1
}

install_ferretdb() {
  local bin moddir tmp out
  if ! command -v go >/dev/null 2>&1; then
    die "go is not installed (no \`go\` on PATH), and it is needed to install FerretDB $FERRETDB_VERSION with \`go install $FERRETDB_MODULE/cmd/ferretdb@$FERRETDB_VERSION\`. Install Go >= 1.21 (https://go.dev/dl/), or point FERRETDB_BIN at a ferretdb $FERRETDB_VERSION binary."
  fi
  bin="$(go_bin_dir)/ferretdb"
  log "installing FerretDB $FERRETDB_VERSION: go install $FERRETDB_MODULE/cmd/ferretdb@$FERRETDB_VERSION (a few minutes the first time)"
  go install "$FERRETDB_MODULE/cmd/ferretdb@$FERRETDB_VERSION" >&2 ||
    die "\`go install $FERRETDB_MODULE/cmd/ferretdb@$FERRETDB_VERSION\` failed (see go's output above)"
  if ferretdb_works "$bin"; then
    FERRETDB="$bin"
    return 0
  fi

  # Known problem: FerretDB's module zip does not contain build/version/version.txt (its release builds
  # generate it with `git describe`), so a plain `go install` binary panics at startup with
  # "Invalid build/version/version.txt file content". Rebuild from the same module source with that
  # one file written, and install the result where `go install` put the broken one.
  out="$("$bin" --version 2>&1 | head -n1 || true)"
  log "the go-installed $bin does not start (\"$out\"); rebuilding it from the module source with build/version/version.txt = $FERRETDB_VERSION"
  moddir="$(go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}[[:space:]]*$/\1/p')"
  [[ -n "$moddir" && -d "$moddir" ]] || die "cannot locate the $FERRETDB_MODULE@$FERRETDB_VERSION module source (go mod download -json gave no Dir)"
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-build.XXXXXX")"
  cp -R "$moddir/." "$tmp/"
  chmod -R u+w "$tmp"
  printf '%s\n' "$FERRETDB_VERSION" >"$tmp/build/version/version.txt"
  if ! (cd "$tmp" && GOWORK=off GOFLAGS=-mod=mod go build -buildvcs=false -trimpath -o "$bin.new" ./cmd/ferretdb) >&2; then
    rm -rf "$tmp" "$bin.new"
    die "building FerretDB $FERRETDB_VERSION from $moddir failed (see go's output above)"
  fi
  rm -rf "$tmp"
  mv -f "$bin.new" "$bin"
  ferretdb_works "$bin" || die "the rebuilt $bin still does not run: $("$bin" --version 2>&1 | head -n3)"
  log "installed $bin ($FERRETDB_VERSION)"
  FERRETDB="$bin"
}

ensure_ferretdb() {
  find_ferretdb || install_ferretdb
}

# ------------------------------------------------------------------------------------ Redis install
ensure_redis() {
  local rc
  command -v redis-server >/dev/null 2>&1 && return 0
  if [[ "$(id -u)" -ne 0 ]]; then
    die "redis-server is not installed, and this script is not running as root, so it cannot run \`apt-get update && apt-get install -y redis-server\`. Run that as root (e.g. with sudo), then retry."
  fi
  command -v apt-get >/dev/null 2>&1 ||
    die "redis-server is not installed and apt-get is not available on this machine; install Redis (>= 6) so that redis-server is on PATH, then retry."
  log "installing Redis: apt-get update && apt-get install -y redis-server"
  set +e
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server; } >&2
  rc=$?
  set -e
  ((rc == 0)) || die "\`apt-get update && apt-get install -y redis-server\` failed with exit code $rc (apt's error is printed above)"
  command -v redis-server >/dev/null 2>&1 || die "apt-get installed redis-server but redis-server is still not on PATH (PATH=$PATH)"
}

# ----------------------------------------------------------------------------------- health checks
# A real round trip through the MongoDB driver that mongoose bundles: connect (hello handshake) + ping.
mongo_ping() { # URL
  (cd "$HUB_ROOT" && timeout 20 node -e '
    const mongoose = require("mongoose");
    const conn = mongoose.createConnection(process.argv[1], { serverSelectionTimeoutMS: 3000, connectTimeoutMS: 3000 });
    conn.asPromise()
      .then(() => conn.db.admin().ping())
      .then((r) => { if (!r || r.ok !== 1) throw new Error("unexpected ping reply " + JSON.stringify(r)); })
      .then(() => conn.close().then(() => process.exit(0)))
      .catch((e) => { console.error(String(e && e.message || e)); process.exit(1); });
  ' "$1")
}

have_mongoose() {
  (cd "$HUB_ROOT" && node -e 'require.resolve("mongoose")') >/dev/null 2>&1
}

# RESP PING over bash's /dev/tcp (no redis-cli needed).
redis_ping() { # PORT
  # shellcheck disable=SC2016  # the script is expanded by the inner bash
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "PING\r\n" >&3
    IFS= read -r -t 2 line <&3 || exit 1
    [[ "$line" == "+PONG"* ]]
  ' _ "$1" 2>/dev/null
}

wait_for() { # NAME PID LOGFILE CHECK-FUNCTION ARGS...
  local name="$1" pid="$2" logfile="$3" deadline err=''
  shift 3
  deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    if ! is_alive "$pid"; then
      tail_log "$logfile"
      die "$name (pid $pid) exited during startup"
    fi
    if err="$("$@" 2>&1 >/dev/null)"; then return 0; fi
    if ((SECONDS >= deadline)); then
      tail_log "$logfile"
      die "$name (pid $pid) did not answer within ${START_TIMEOUT}s (SERVICES_START_TIMEOUT)${err:+; last check said: $err}"
    fi
    sleep 0.3
  done
}

ferretdb_answers() {
  tcp_open 127.0.0.1 "$FERRETDB_PORT" || return 1
  if [[ "$FDB_CHECK" == driver ]]; then mongo_ping "mongodb://127.0.0.1:$FERRETDB_PORT/admin"; fi
}

rotate_log() {
  [[ -f "$1" ]] && mv -f "$1" "$1.1"
  : >"$1"
}

# Start a server in the background, detached: its own session (setsid), so a Ctrl-C aimed at whatever
# ran `start` (npm run demo, npm test) does not hit it; only `stop` ends it. setsid execs in place here
# (a background job of a non-interactive shell is not a process-group leader), so $! is the server's pid.
# The lock file descriptor (9) must not leak into the server.
spawn() { # LOGFILE CMD... -> pid in SPAWNED_PID
  local logfile="$1" detach=()
  shift
  if command -v setsid >/dev/null 2>&1; then detach=(setsid); fi
  "${detach[@]}" nohup "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  SPAWNED_PID=$!
}

# ------------------------------------------------------------------------------------------ start
FDB_CHECK=driver

# plan_*: decide what `start` does with a service (external / reuse / start) before anything is started,
# so that a busy port or a failed install never leaves half a profile running.
FDB_ACTION=''
REDIS_ACTION=''

plan_ferretdb() {
  local pid
  if [[ "$MONGO_EXTERNAL" == 1 ]]; then FDB_ACTION=external; return 0; fi
  if pid="$(read_pidfile "$FDB_PIDFILE")" && is_our_ferretdb "$pid"; then FDB_ACTION=reuse; return 0; fi
  rm -f "$FDB_PIDFILE"
  if tcp_open 127.0.0.1 "$FERRETDB_PORT"; then
    die "port 127.0.0.1:$FERRETDB_PORT is already in use by a process this script did not start (no live pid in $FDB_PIDFILE). Stop it, or pick another port with FERRETDB_PORT=..."
  fi
  FDB_ACTION=start
}

plan_redis() {
  local pid
  if [[ "$REDIS_EXTERNAL" == 1 ]]; then REDIS_ACTION=external; return 0; fi
  if pid="$(read_pidfile "$REDIS_PIDFILE")" && is_our_redis "$pid"; then REDIS_ACTION=reuse; return 0; fi
  rm -f "$REDIS_PIDFILE"
  if tcp_open 127.0.0.1 "$REDIS_PORT"; then
    die "port 127.0.0.1:$REDIS_PORT is already in use by a process this script did not start (no live pid in $REDIS_PIDFILE). Stop it, or pick another port with REDIS_PORT=..."
  fi
  REDIS_ACTION=start
}

# Pids spawned by this call; killed again if the call fails half-way.
SPAWNED_HERE=()

start_ferretdb() {
  local pid
  case "$FDB_ACTION" in
    external)
      log "ferretdb: MONGO_URL is set to an external server; not starting FerretDB"
      return 0 ;;
    reuse)
      pid="$(read_pidfile "$FDB_PIDFILE")"
      log "ferretdb: already running (pid $pid) on 127.0.0.1:$FERRETDB_PORT; reusing it"
      wait_for ferretdb "$pid" "$FDB_LOG" ferretdb_answers
      return 0 ;;
  esac
  if [[ "$FRESH" == 1 ]]; then rm -rf "$FDB_DATA"; fi
  mkdir -p "$FDB_DATA" "$FDB_STATE"
  rotate_log "$FDB_LOG"
  # --debug-addr=- : no HTTP debug/metrics listener. --telemetry=disable (+ DO_NOT_TRACK=1): no beacon
  # reports. Nothing else in FerretDB 1.24.2 dials out.
  spawn "$FDB_LOG" env DO_NOT_TRACK=1 "$FERRETDB" \
    --handler=sqlite \
    "--sqlite-url=file:$FDB_DATA/" \
    "--listen-addr=127.0.0.1:$FERRETDB_PORT" \
    "--state-dir=$FDB_STATE" \
    --debug-addr=- \
    --telemetry=disable \
    --log-level=warn
  SPAWNED_HERE+=("$SPAWNED_PID")
  echo "$SPAWNED_PID" >"$FDB_PIDFILE"
  wait_for ferretdb "$SPAWNED_PID" "$FDB_LOG" ferretdb_answers
  log "ferretdb: started (pid $SPAWNED_PID) on 127.0.0.1:$FERRETDB_PORT, data $FDB_DATA, log $FDB_LOG"
}

start_redis() {
  local pid
  case "$REDIS_ACTION" in
    external)
      log "redis: REDIS_URL is set to an external server; not starting Redis"
      return 0 ;;
    reuse)
      pid="$(read_pidfile "$REDIS_PIDFILE")"
      log "redis: already running (pid $pid) on 127.0.0.1:$REDIS_PORT; reusing it"
      wait_for redis "$pid" "$REDIS_LOG" redis_ping "$REDIS_PORT"
      return 0 ;;
  esac
  if [[ "$FRESH" == 1 ]]; then rm -rf "$REDIS_DATA"; fi
  mkdir -p "$REDIS_DATA"
  rotate_log "$REDIS_LOG"
  spawn "$REDIS_LOG" redis-server \
    --bind 127.0.0.1 \
    --port "$REDIS_PORT" \
    --protected-mode yes \
    --dir "$REDIS_DATA" \
    --daemonize no \
    --save '' \
    --appendonly yes
  SPAWNED_HERE+=("$SPAWNED_PID")
  echo "$SPAWNED_PID" >"$REDIS_PIDFILE"
  wait_for redis "$SPAWNED_PID" "$REDIS_LOG" redis_ping "$REDIS_PORT"
  log "redis: started (pid $SPAWNED_PID) on 127.0.0.1:$REDIS_PORT, data $REDIS_DATA, log $REDIS_LOG"
}

# On a failed start, stop the servers this call spawned (never ones it merely reused).
rollback_start() {
  local rc=$? pid
  ((rc != 0)) || return 0
  for pid in "${SPAWNED_HERE[@]}"; do
    if is_alive "$pid"; then
      warn "start failed; stopping pid $pid that this call started"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${SPAWNED_HERE[@]}"; do
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do is_alive "$pid" || break; sleep 0.25; done
    if is_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    grep -qx "$pid" "$FDB_PIDFILE" 2>/dev/null && rm -f "$FDB_PIDFILE"
    grep -qx "$pid" "$REDIS_PIDFILE" 2>/dev/null && rm -f "$REDIS_PIDFILE"
  done
  return "$rc"
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

lock_profile() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/.services.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 300 9 || die "timed out waiting for another services.sh run on profile '$PROFILE' ($RUN_DIR/.services.lock)"
  fi
}

cmd_start() {
  lock_profile
  plan_ferretdb
  plan_redis
  # Install whatever is missing before starting anything, so a failed install leaves nothing running.
  if [[ "$FDB_ACTION" == start ]]; then ensure_ferretdb; fi
  if [[ "$REDIS_ACTION" == start ]]; then ensure_redis; fi
  if [[ "$FDB_ACTION" != external ]]; then
    if have_mongoose; then FDB_CHECK=driver; else
      FDB_CHECK=tcp
      warn "mongoose is not installed yet (run npm ci); checking FerretDB with a TCP connect only"
    fi
  fi
  trap rollback_start EXIT
  start_ferretdb
  start_redis
  trap - EXIT
  write_env
}

# ------------------------------------------------------------------------------------------- stop
stop_one() { # NAME PIDFILE MATCHER
  local name="$1" pidfile="$2" matcher="$3" pid i
  if ! pid="$(read_pidfile "$pidfile")"; then
    rm -f "$pidfile"
    log "$name: not running (no pid file)"
    return 0
  fi
  if ! is_alive "$pid"; then
    log "$name: not running (stale pid file, pid $pid); removing it"
    rm -f "$pidfile"
    return 0
  fi
  if ! "$matcher" "$pid"; then
    warn "$name: pid file $pidfile names pid $pid, which is not our $name ($(proc_cmdline "$pid")); not signalling it, removing the pid file"
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    is_alive "$pid" || break
    sleep 0.1
  done
  if is_alive "$pid"; then
    warn "$name: pid $pid did not exit 10s after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      is_alive "$pid" || break
      sleep 0.1
    done
  fi
  if is_alive "$pid"; then
    die "$name: pid $pid is still alive after SIGKILL"
  fi
  rm -f "$pidfile"
  log "$name: stopped (pid $pid)"
}

cmd_stop() {
  lock_profile
  stop_one redis "$REDIS_PIDFILE" is_our_redis
  stop_one ferretdb "$FDB_PIDFILE" is_our_ferretdb
  rm -f "$ENV_FILE"
}

# ----------------------------------------------------------------------------------------- status
cmd_status() {
  local pid all=0 answers
  if pid="$(read_pidfile "$FDB_PIDFILE")" && is_our_ferretdb "$pid"; then
    answers=no; tcp_open 127.0.0.1 "$FERRETDB_PORT" && answers=yes
    echo "ferretdb ($PROFILE): running, pid $pid, 127.0.0.1:$FERRETDB_PORT (accepting connections: $answers), data $FDB_DATA, log $FDB_LOG, url $OWN_MONGO_URL"
  elif [[ "$MONGO_EXTERNAL" == 1 ]]; then
    echo "ferretdb ($PROFILE): not started by us; MONGO_URL points at an external server"
  else
    echo "ferretdb ($PROFILE): stopped (port $FERRETDB_PORT)"
    all=3
  fi
  if pid="$(read_pidfile "$REDIS_PIDFILE")" && is_our_redis "$pid"; then
    answers=no; redis_ping "$REDIS_PORT" && answers=yes
    echo "redis    ($PROFILE): running, pid $pid, 127.0.0.1:$REDIS_PORT (answers PING: $answers), data $REDIS_DATA, log $REDIS_LOG, url $OWN_REDIS_URL"
  elif [[ "$REDIS_EXTERNAL" == 1 ]]; then
    echo "redis    ($PROFILE): not started by us; REDIS_URL points at an external server"
  else
    echo "redis    ($PROFILE): stopped (port $REDIS_PORT)"
    all=3
  fi
  return "$all"
}

"cmd_$COMMAND"
