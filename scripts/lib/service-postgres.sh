# shellcheck shell=bash
# PostgreSQL for scripts/services.sh: the profile's private cluster behind FerretDB's postgresql backend.
# Cluster in .data/<profile>/postgres, superuser hrhub with a random password (.run/<profile>/postgres-password),
# loopback TCP only, socket dir .run/<profile>/pg (both under /var/tmp/hr-connector-hub/ when, as root, the
# server's user cannot enter the project: see pg_home). PostgreSQL refuses to run as root: as root the cluster
# belongs to, and runs as, the `postgres` system user (or hrhub-pg, created when there is no postgres user).
# Never touches any other cluster (e.g. Debian's own on 5432).
# Sourced by services.sh once the profile is known; uses PROFILE, DATA_DIR, RUN_DIR, POSTGRES_PORT, FRESH,
# SPAWNED_HERE and the helpers of common.sh and lib/postgres-install.sh.
# shellcheck source=scripts/lib/postgres-install.sh
source "$(dirname "${BASH_SOURCE[0]}")/postgres-install.sh"

# pg_home: where the cluster and its socket live when not in the project. As root the server runs as an
# unprivileged user, which must pass through every directory above its cluster; when other users cannot enter
# the project (a clone under a mode-700 `mktemp -d`, say), they go under /var/tmp/hr-connector-hub/<hash of the
# project path>/<profile> instead: the same place on every call for this project and profile.
pg_home() {
  ((EUID == 0)) && command -v runuser >/dev/null 2>&1 || return 0
  runuser -u nobody -- test -x "$HUB_ROOT" 2>/dev/null && return 0
  printf '/var/tmp/hr-connector-hub/%s/%s\n' "$(printf '%s' "$HUB_ROOT" | sha1sum | cut -c1-12)" "$PROFILE"
}
PG_HOME="$(pg_home)"
PG_DATA="${PG_HOME:-$DATA_DIR}/postgres"
PG_SOCK="${PG_HOME:-$RUN_DIR}/pg"
PG_PIDFILE="$RUN_DIR/postgres.pid" # the postmaster's pid
PG_LOG="$RUN_DIR/postgres.log"
PG_PWFILE="$RUN_DIR/postgres-password"
readonly PG_SUPERUSER=hrhub PG_DATABASE=ferretdb
PG_ACTION='' # reuse | start (set by plan_postgres)
PG_SYNC=''   # synchronous_commit for a server we start: on | off | '' (PostgreSQL's default)

# Is PID our postmaster? (its command line: .../postgres -D <our data dir> ... -c port=<our port> ...)
is_our_postgres() {
  local cmd
  is_alive "$1" || return 1
  cmd="$(proc_cmdline "$1")"
  [[ "${cmd%% *}" == postgres || "${cmd%% *}" == */postgres ]] || return 1
  [[ "$cmd" == *" -D $PG_DATA "* ]] || return 1
  [[ -z "${POSTGRES_PORT:-}" || "$cmd" == *" -c port=$POSTGRES_PORT "* ]]
}

# postgres_pid: the pid of our running postmaster on stdout; false if it is not running. Falls back to
# the cluster's own postmaster.pid (and records it) when our pid file is missing.
postgres_pid() {
  local pid
  if pid="$(read_pidfile "$PG_PIDFILE")" && is_our_postgres "$pid"; then
    printf '%s\n' "$pid"
  elif pid="$(read_pidfile "$PG_DATA/postmaster.pid")" && is_our_postgres "$pid"; then
    { echo "$pid" >"$PG_PIDFILE"; } 2>/dev/null || true
    printf '%s\n' "$pid"
  else
    return 1
  fi
}

pg_password() { cat "$PG_PWFILE"; }

postgres_ferretdb_url() {
  [[ -s "$PG_PWFILE" ]] || die "the PostgreSQL password file $PG_PWFILE is missing"
  printf 'postgres://%s:%s@127.0.0.1:%s/%s\n' "$PG_SUPERUSER" "$(pg_password)" "$POSTGRES_PORT" "$PG_DATABASE"
}

# pg_psql ARGS...: psql as hrhub over loopback TCP (password from the environment, never the command line).
pg_psql() {
  PGPASSWORD="$(pg_password)" PGSSLMODE=disable PGCONNECT_TIMEOUT=5 \
    "$PG_PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$PG_SUPERUSER" -d postgres "$@"
}

pg_answers() {
  if [[ -n "$PG_ISREADY" ]]; then
    "$PG_ISREADY" -q -h 127.0.0.1 -p "$POSTGRES_PORT" -d postgres -t 2
  else
    [[ "$(pg_psql -c 'select 1')" == 1 ]]
  fi
}

# Durability: throwaway data (test, bench*) need no synchronous commit; POSTGRES_SYNCHRONOUS_COMMIT overrides.
pg_synchronous_commit() {
  local v="${POSTGRES_SYNCHRONOUS_COMMIT:-}"
  if [[ -z "$v" ]]; then
    case "$PROFILE" in test | bench*) v=off ;; esac
  fi
  [[ -z "$v" || "$v" == on || "$v" == off ]] || die "POSTGRES_SYNCHRONOUS_COMMIT must be on or off, not '$v'"
  printf '%s\n' "$v"
}

# Decide what `start` does with PostgreSQL before anything is started.
plan_postgres() {
  PG_SYNC="$(pg_synchronous_commit)"
  if postgres_pid >/dev/null; then
    [[ -s "$PG_PWFILE" ]] || die "our PostgreSQL of profile '$PROFILE' is running, but its password file $PG_PWFILE is missing, so FerretDB cannot log in. Stop the profile and start it again with --fresh (this deletes $PG_DATA)."
    PG_ACTION=reuse
    return 0
  fi
  rm -f "$PG_PIDFILE"
  if tcp_open 127.0.0.1 "$POSTGRES_PORT"; then
    die "port 127.0.0.1:$POSTGRES_PORT is already in use by a process this script did not start (no live pid in $PG_PIDFILE). Stop it, or pick another port with POSTGRES_PORT=..."
  fi
  if [[ "$FRESH" != 1 && -f "$PG_DATA/PG_VERSION" && ! -s "$PG_PWFILE" ]]; then
    die "the PostgreSQL cluster $PG_DATA exists but its password file $PG_PWFILE is missing; start with --fresh to recreate the cluster (this deletes its data)"
  fi
  PG_ACTION=start
}

# Make the cluster and socket directories, owned by the server's user, and prove that user can reach them.
pg_prepare_dirs() {
  local d
  mkdir -p "$PG_DATA" "$PG_SOCK"
  if ((EUID == 0)); then
    [[ "$(stat -c %U "$PG_DATA")" == "$PG_USER" ]] || chown -R "$PG_USER:" "$PG_DATA"
    chown "$PG_USER:" "$PG_SOCK"
  fi
  chmod 700 "$PG_DATA"
  for d in "$PG_DATA" "$PG_SOCK"; do
    pg_can_use_dir "$d"
  done
}

# pg_can_use_dir DIR: die, naming the obstacle, unless the server's user can enter and write DIR.
pg_can_use_dir() {
  local dir="$1" d='' part parts
  as_pg test -w "$dir" -a -x "$dir" && return 0
  IFS=/ read -ra parts <<<"${dir#/}"
  for part in '' "${parts[@]}"; do
    d="${d%/}/$part"
    if ! as_pg test -x "$d"; then
      die "PostgreSQL runs as the unprivileged user '$PG_USER' (it refuses to run as root), and that user cannot enter $d (mode $(stat -c %A "$d"), owner $(stat -c %U "$d")). Fix: chmod o+x $d (lets other users pass through it without listing it), or move the project to a directory every user can reach, or use --backend sqlite."
    fi
  done
  die "user '$PG_USER' (which runs PostgreSQL) cannot write to $dir (owner $(stat -c %U "$dir")). Fix: chown -R $PG_USER $dir, or start with --fresh to recreate it."
}

# pg_initdb: a new cluster with a new random password for hrhub (scram-sha-256 for every connection).
pg_initdb() {
  local pwtmp
  if [[ -n "$(ls -A "$PG_DATA")" ]]; then
    die "$PG_DATA is not empty but holds no PostgreSQL cluster (no PG_VERSION); remove it, or start with --fresh"
  fi
  (umask 077 && od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$PG_PWFILE.tmp")
  mv -f "$PG_PWFILE.tmp" "$PG_PWFILE"
  chmod 600 "$PG_PWFILE"
  # initdb runs as the server's user, who cannot read our 600 password file: give it a private copy, in the
  # socket directory (that user's own, and reachable by it also when the project is not).
  pwtmp="$(mktemp "$PG_SOCK/.initdb-pw.XXXXXX")"
  cat "$PG_PWFILE" >"$pwtmp"
  if ((EUID == 0)); then chown "$PG_USER:" "$pwtmp"; fi
  log "postgres: initdb $PG_DATA (PostgreSQL $PG_VERSION, as user $PG_USER)"
  if ! as_pg "$PG_BIN/initdb" -D "$PG_DATA" -E UTF8 --no-locale -U "$PG_SUPERUSER" \
    --auth=scram-sha-256 "--pwfile=$pwtmp" >>"$PG_LOG" 2>&1; then
    rm -f "$pwtmp"
    tail_log "$PG_LOG"
    die "initdb of $PG_DATA failed"
  fi
  rm -f "$pwtmp"
}

# pg_postmaster: the pid in the cluster's postmaster.pid once it is our running postmaster.
pg_postmaster() {
  local pid
  pid="$(read_pidfile "$PG_DATA/postmaster.pid")" && is_our_postgres "$pid" && printf '%s\n' "$pid"
}

pg_create_database() {
  local exists
  exists="$(pg_psql -c "select 1 from pg_database where datname = '$PG_DATABASE'")" ||
    die "postgres: cannot log in as $PG_SUPERUSER on 127.0.0.1:$POSTGRES_PORT with the password in $PG_PWFILE (see psql's error above)"
  if [[ "$exists" != 1 ]]; then
    pg_psql -c "create database $PG_DATABASE" || die "postgres: create database $PG_DATABASE failed"
    log "postgres: created database $PG_DATABASE"
  fi
}

start_postgres() {
  local pid args
  if [[ "$PG_ACTION" == reuse ]]; then
    pid="$(postgres_pid)"
    log "postgres: already running (pid $pid) on 127.0.0.1:$POSTGRES_PORT; reusing it"
    wait_for postgres "$pid" "$PG_LOG" pg_answers
    pg_create_database
    return 0
  fi
  pg_choose_user
  if [[ "$FRESH" == 1 ]]; then rm -rf "$PG_DATA" "$PG_PWFILE"; fi
  pg_prepare_dirs
  rotate_log "$PG_LOG"
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then pg_initdb; fi
  args=(-D "$PG_DATA" -c listen_addresses=127.0.0.1 -c "port=$POSTGRES_PORT")
  # A Unix socket path is limited to 107 bytes; we only use TCP, so without room there is no socket at all.
  if ((${#PG_SOCK} + 20 <= 107)); then args+=(-c "unix_socket_directories=$PG_SOCK"); else
    args+=(-c unix_socket_directories=)
  fi
  if [[ -n "$PG_SYNC" ]]; then args+=(-c "synchronous_commit=$PG_SYNC"); fi
  pg_command "$PG_BIN/postgres" "${args[@]}"
  spawn "$PG_LOG" "${PG_COMMAND[@]}"
  SPAWNED_HERE+=("$SPAWNED_PID")
  # As root, $SPAWNED_PID is runuser (it stays the parent); the postmaster's pid is in postmaster.pid.
  wait_for postgres "$SPAWNED_PID" "$PG_LOG" pg_postmaster
  pid="$(pg_postmaster)"
  echo "$pid" >"$PG_PIDFILE"
  if [[ "$pid" != "$SPAWNED_PID" ]]; then SPAWNED_HERE+=("$pid"); fi
  wait_for postgres "$pid" "$PG_LOG" pg_answers
  pg_create_database
  log "postgres: started (pid $pid, user $PG_USER, PostgreSQL $PG_VERSION) on 127.0.0.1:$POSTGRES_PORT, data $PG_DATA, log $PG_LOG${PG_SYNC:+, synchronous_commit=$PG_SYNC}"
}

# Smart shutdown (TERM), then fast (INT), then immediate (QUIT), then SIGKILL.
stop_postgres() {
  postgres_pid >/dev/null || true # adopts a postmaster recorded only in the cluster's postmaster.pid
  stop_pid postgres "$PG_PIDFILE" is_our_postgres TERM:5 INT:15 QUIT:5 KILL:5
}

# status_postgres: one line on stdout; false when our PostgreSQL is not running.
status_postgres() {
  local pid answers=no
  if pid="$(postgres_pid)"; then
    if tcp_open 127.0.0.1 "$POSTGRES_PORT"; then answers=yes; fi
    echo "postgres ($PROFILE): running, pid $pid, 127.0.0.1:$POSTGRES_PORT (accepting connections: $answers), data $PG_DATA, log $PG_LOG, database $PG_DATABASE, user $PG_SUPERUSER (password in $PG_PWFILE)"
  else
    echo "postgres ($PROFILE): stopped (port ${POSTGRES_PORT:-unset})"
    return 1
  fi
}
