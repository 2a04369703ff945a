# shellcheck shell=bash
# FerretDB for scripts/services.sh: plan, start, stop, status of the profile's FerretDB, on the postgresql
# backend (the profile's private cluster, lib/service-postgres.sh) or the sqlite backend.
# Sourced by services.sh once the profile is known; uses DATA_DIR, RUN_DIR, FERRETDB_PORT, BACKEND,
# MONGO_EXTERNAL, OWN_MONGO_URL, FRESH, SPAWNED_HERE and the helpers of common.sh.
# shellcheck source=scripts/lib/ferretdb-install.sh
source "$(dirname "${BASH_SOURCE[0]}")/ferretdb-install.sh"

FDB_DATA="$DATA_DIR/ferretdb" # sqlite backend only
FDB_STATE="$RUN_DIR/ferretdb-state"
FDB_PIDFILE="$RUN_DIR/ferretdb.pid"
FDB_LOG="$RUN_DIR/ferretdb.log"
FDB_ACTION='' # external | reuse | start (set by plan_ferretdb)
FDB_CHECK=driver

# Is PID our FerretDB for this profile? (its command line names our listen address and state dir; both
# backends use them)
is_our_ferretdb() {
  local cmd
  is_alive "$1" || return 1
  cmd="$(proc_cmdline "$1")"
  [[ "$cmd" == *ferretdb* && "$cmd" == *"--listen-addr=127.0.0.1:$FERRETDB_PORT "* && "$cmd" == *"--state-dir=$FDB_STATE "* ]]
}

# ferretdb_pid: the pid of our running FerretDB on stdout; false if it is not running.
ferretdb_pid() {
  local pid
  pid="$(read_pidfile "$FDB_PIDFILE")" && is_our_ferretdb "$pid" && printf '%s\n' "$pid"
}

# ferretdb_backend PID: the backend (postgresql or sqlite) a running FerretDB was started with.
ferretdb_backend() {
  local cmd
  cmd="$(proc_cmdline "$1")"
  case "$cmd" in
    *" --handler=sqlite "*) echo sqlite ;;
    *) echo postgresql ;; # --handler=postgresql (also FerretDB's default)
  esac
}

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

ferretdb_answers() {
  tcp_open 127.0.0.1 "$FERRETDB_PORT" || return 1
  if [[ "$FDB_CHECK" == driver ]]; then mongo_ping "mongodb://127.0.0.1:$FERRETDB_PORT/admin"; fi
}

# Decide what `start` does with FerretDB before anything is started (a busy port, or a FerretDB of this
# profile running on the other backend, leaves nothing running).
plan_ferretdb() {
  local pid running
  if [[ "$MONGO_EXTERNAL" == 1 ]]; then FDB_ACTION=external; return 0; fi
  if pid="$(ferretdb_pid)"; then
    running="$(ferretdb_backend "$pid")"
    if [[ "$running" != "$BACKEND" ]]; then
      die "FerretDB of profile '$PROFILE' is running (pid $pid) on the $running backend, and this call asked for the $BACKEND backend. A profile runs one backend at a time: stop the profile first (bash scripts/services.sh stop --profile $PROFILE), or start it with --backend $running."
    fi
    FDB_ACTION=reuse
    return 0
  fi
  rm -f "$FDB_PIDFILE"
  if tcp_open 127.0.0.1 "$FERRETDB_PORT"; then
    die "port 127.0.0.1:$FERRETDB_PORT is already in use by a process this script did not start (no live pid in $FDB_PIDFILE). Stop it, or pick another port with FERRETDB_PORT=..."
  fi
  FDB_ACTION=start
}

# Which check tells that FerretDB answers: the driver ping, or a TCP connect before `npm ci` has run.
choose_ferretdb_check() {
  if have_mongoose; then FDB_CHECK=driver; else
    FDB_CHECK=tcp
    warn "mongoose is not installed yet (run npm ci); checking FerretDB with a TCP connect only"
  fi
}

start_ferretdb() {
  local pid backend_args=()
  case "$FDB_ACTION" in
    external)
      log "ferretdb: MONGO_URL is set to an external server; not starting FerretDB"
      return 0 ;;
    reuse)
      pid="$(read_pidfile "$FDB_PIDFILE")"
      log "ferretdb: already running (pid $pid, $BACKEND backend) on 127.0.0.1:$FERRETDB_PORT; reusing it"
      wait_for ferretdb "$pid" "$FDB_LOG" ferretdb_answers
      return 0 ;;
  esac
  if [[ "$BACKEND" == sqlite ]]; then
    if [[ "$FRESH" == 1 ]]; then rm -rf "$FDB_DATA"; fi
    mkdir -p "$FDB_DATA"
    backend_args=(--handler=sqlite "--sqlite-url=file:$FDB_DATA/")
  else
    # The URL carries the cluster's password: it goes through the environment, not the command line.
    FERRETDB_POSTGRESQL_URL="$(postgres_ferretdb_url)"
    export FERRETDB_POSTGRESQL_URL
    backend_args=(--handler=postgresql)
  fi
  mkdir -p "$FDB_STATE"
  rotate_log "$FDB_LOG"
  # --debug-addr=- : no HTTP debug/metrics listener. --telemetry=disable (+ DO_NOT_TRACK=1): no beacon
  # reports. Nothing else in FerretDB 1.24.2 dials out (the postgresql backend dials only our loopback cluster).
  spawn "$FDB_LOG" env DO_NOT_TRACK=1 "$FERRETDB" \
    "${backend_args[@]}" \
    "--listen-addr=127.0.0.1:$FERRETDB_PORT" \
    "--state-dir=$FDB_STATE" \
    --debug-addr=- \
    --telemetry=disable \
    --log-level=warn
  unset FERRETDB_POSTGRESQL_URL
  SPAWNED_HERE+=("$SPAWNED_PID")
  echo "$SPAWNED_PID" >"$FDB_PIDFILE"
  wait_for ferretdb "$SPAWNED_PID" "$FDB_LOG" ferretdb_answers
  log "ferretdb: started (pid $SPAWNED_PID, $BACKEND backend) on 127.0.0.1:$FERRETDB_PORT, log $FDB_LOG${backend_args[1]:+, data $FDB_DATA}"
}

stop_ferretdb() {
  stop_pid ferretdb "$FDB_PIDFILE" is_our_ferretdb TERM:10 KILL:5
}

# status_ferretdb: one line on stdout; false when our FerretDB is not running (and MONGO_URL is not external).
status_ferretdb() {
  local pid answers=no where
  if pid="$(ferretdb_pid)"; then
    if tcp_open 127.0.0.1 "$FERRETDB_PORT"; then answers=yes; fi
    where="data in PostgreSQL database ferretdb"
    if [[ "$(ferretdb_backend "$pid")" == sqlite ]]; then where="data $FDB_DATA"; fi
    echo "ferretdb ($PROFILE): running, pid $pid, $(ferretdb_backend "$pid") backend, 127.0.0.1:$FERRETDB_PORT (accepting connections: $answers), $where, log $FDB_LOG, url $OWN_MONGO_URL"
  elif [[ "$MONGO_EXTERNAL" == 1 ]]; then
    echo "ferretdb ($PROFILE): not started by us; MONGO_URL points at an external server"
  else
    echo "ferretdb ($PROFILE): stopped (port $FERRETDB_PORT)"
    return 1
  fi
}
