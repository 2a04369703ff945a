# shellcheck shell=bash
# shellcheck disable=SC2034  # HUB_ROOT is used by the scripts that source this file
# Shared helpers for the scripts in scripts/ (services.sh and its lib/service-*.sh, test.sh, demo.sh, bench.sh).
# Source it; do not run it.
# Everything here writes to stderr so that stdout stays free for machine-readable output
# (services.sh prints `export VAR=...` lines on stdout).

# Absolute project root (the directory that holds package.json).
HUB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

log() { printf '[%s] %s\n' "${HUB_LOG_TAG:-hub}" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "${HUB_LOG_TAG:-hub}" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "${HUB_LOG_TAG:-hub}" "$*" >&2; exit 1; }

# apt_install PACKAGE WHAT FALLBACK: installs Debian's PACKAGE with apt-get (root only), or dies saying why not
# and what to do instead (FALLBACK, a sentence). The caller checks afterwards that what it needs is there.
apt_install() {
  local package="$1" what="$2" fallback="$3" rc
  if [[ "$(id -u)" -ne 0 ]]; then
    die "$what is not installed, and this script is not running as root, so it cannot run \`apt-get update && apt-get install -y $package\`. Run that as root (e.g. with sudo), then retry${fallback:+; $fallback}."
  fi
  command -v apt-get >/dev/null 2>&1 || die "$what is not installed and apt-get is not available on this machine${fallback:+; $fallback}."
  log "installing $what: apt-get update && apt-get install -y $package"
  set +e
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "$package"; } >&2
  rc=$?
  set -e
  ((rc == 0)) || die "\`apt-get update && apt-get install -y $package\` failed with exit code $rc (apt's error is printed above)"
}

# is_alive PID: true if PID exists and is not a zombie.
is_alive() {
  local pid="$1" state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  if [[ -r "/proc/$pid/stat" ]]; then
    # field 3 of /proc/PID/stat is the state; the command name (field 2) may contain spaces.
    state="$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
    [[ -n "$state" && "$state" != "Z" && "$state" != "X" ]]
  else
    kill -0 "$pid" 2>/dev/null
  fi
}

# proc_cmdline PID: the process' command line with NULs turned into spaces (empty if unreadable).
proc_cmdline() {
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
}

# tcp_open HOST PORT: true if something accepts TCP connections there (bash /dev/tcp, 1s cap).
tcp_open() {
  timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# read_pidfile FILE: the pid recorded in FILE on stdout; false if the file is missing or holds no number.
read_pidfile() {
  local pid
  [[ -f "$1" ]] || return 1
  pid="$(head -n1 "$1" 2>/dev/null | tr -dc '0-9')"
  [[ -n "$pid" ]] || return 1
  printf '%s\n' "$pid"
}

# rotate_log FILE: keep the previous log as FILE.1 and start an empty one.
rotate_log() {
  if [[ -f "$1" ]]; then mv -f "$1" "$1.1"; fi
  : >"$1"
}

# spawn LOGFILE CMD...: start a server in the background, detached, and put its pid in SPAWNED_PID.
# Its own session (setsid), so a Ctrl-C aimed at whatever ran us (npm run demo, npm test) does not hit it.
# setsid execs in place here (a background job of a non-interactive shell is not a process-group leader),
# so $! is the server's pid (or that of a wrapper such as runuser, which stays its parent).
# The lock file descriptor (9) must not leak into the server.
SPAWNED_PID=''
spawn() {
  local logfile="$1" detach=()
  shift
  if command -v setsid >/dev/null 2>&1; then detach=(setsid); fi
  "${detach[@]}" nohup "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  SPAWNED_PID=$!
}

# wait_for NAME PID LOGFILE CHECK ARGS...: poll `CHECK ARGS...` until it succeeds; die (with the log) if
# PID exits first or START_TIMEOUT seconds (default 60) pass.
wait_for() {
  local name="$1" pid="$2" logfile="$3" timeout="${START_TIMEOUT:-60}" deadline err=''
  shift 3
  deadline=$((SECONDS + timeout))
  while :; do
    if ! is_alive "$pid"; then
      tail_log "$logfile"
      die "$name (pid $pid) exited during startup"
    fi
    if err="$("$@" 2>&1 >/dev/null)"; then return 0; fi
    if ((SECONDS >= deadline)); then
      tail_log "$logfile"
      die "$name (pid $pid) did not answer within ${timeout}s (SERVICES_START_TIMEOUT)${err:+; last check said: $err}"
    fi
    sleep 0.3
  done
}

# stop_pid NAME PIDFILE MATCHER [SIGNAL:SECONDS ...]: stop the server recorded in PIDFILE, but only if
# `MATCHER PID` confirms it still is ours; send each SIGNAL in turn, waiting up to SECONDS for the exit
# (default TERM:10 KILL:5). Removes the pid file; dies if the process survives the last signal.
stop_pid() {
  local name="$1" pidfile="$2" matcher="$3" pid step sig='' secs prev='' i
  shift 3
  (($#)) || set -- TERM:10 KILL:5
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
  for step in "$@"; do
    is_alive "$pid" || break
    sig="${step%%:*}" secs="${step#*:}"
    if [[ -n "$prev" ]]; then warn "$name: pid $pid did not exit ${prev#*:}s after SIG${prev%%:*}; sending SIG$sig"; fi
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < secs * 10; i++)); do
      is_alive "$pid" || break
      sleep 0.1
    done
    prev="$step"
  done
  if is_alive "$pid"; then die "$name: pid $pid is still alive after SIG$sig"; fi
  rm -f "$pidfile"
  log "$name: stopped (pid $pid)"
}

# tail_log FILE [LINES]: print the last lines of a log file to stderr, indented.
tail_log() {
  local file="$1" lines="${2:-40}"
  if [[ -s "$file" ]]; then
    printf '  ---- last %s lines of %s ----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" | sed 's/^/  | /' >&2
    printf '  ----\n' >&2
  else
    printf '  (log %s is empty or missing)\n' "$file" >&2
  fi
}

# ensure_node_modules: `npm ci` when node_modules is missing or older than package-lock.json.
# Children get `8>&-` so a caller's lock on fd 8 is never inherited by npm.
ensure_node_modules() {
  local lock_marker=node_modules/.package-lock.json # rewritten by every npm install / npm ci
  if [[ ! -d node_modules ]]; then
    log "node_modules is missing: npm ci"
    npm ci --no-audit --no-fund 8>&-
  elif [[ ! -e "$lock_marker" && package-lock.json -nt node_modules ]] || [[ -e "$lock_marker" && package-lock.json -nt "$lock_marker" ]]; then
    log "node_modules is older than package-lock.json: npm ci"
    npm ci --no-audit --no-fund 8>&-
  fi
}

# ensure_schemathesis: the pinned schemathesis (the OpenAPI fuzzer of test/openapi-fuzz.e2e-spec.ts) in its own
# virtualenv under .run/tools/schemathesis, installed from PyPI with pip when missing or of another version.
SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_VENV=.run/tools/schemathesis
ensure_schemathesis() {
  local bin="$SCHEMATHESIS_VENV/bin/schemathesis"
  if [[ -x "$bin" ]] && "$bin" --version 2>/dev/null | grep -q "version $SCHEMATHESIS_VERSION\$"; then return 0; fi
  command -v python3 >/dev/null 2>&1 || apt_install python3 "Python 3 (for schemathesis)" "or install python3"
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    apt_install python3-venv "Python's venv module (for schemathesis)" "or install python3-venv"
  fi
  log "installing schemathesis $SCHEMATHESIS_VERSION into $SCHEMATHESIS_VENV (pip, PyPI)"
  rm -rf "$SCHEMATHESIS_VENV"
  mkdir -p "$(dirname "$SCHEMATHESIS_VENV")"
  python3 -m venv "$SCHEMATHESIS_VENV" 8>&- || die "python3 -m venv failed"
  "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" 8>&- >&2 ||
    die "pip could not install schemathesis $SCHEMATHESIS_VERSION (PyPI reachable? see above)"
}

# take_tree_lock FILE WHAT: one WHAT at a time in this tree; fd 8 holds the lock until the script exits.
take_tree_lock() {
  local file="$1" what="$2"
  exec 8>"$file"
  if command -v flock >/dev/null 2>&1 && ! flock -n 8; then
    log "another \`$what\` is running in this tree; waiting for it to finish"
    flock -w 3600 8 || die "gave up waiting for the other $what run (lock $file)"
  fi
}

# stop_services_on_exit PROFILE: from now on, exiting (normally, on error, Ctrl-C or TERM) stops the PROFILE
# services if SERVICES_STARTED=1 — set it once this script has started them, so reused servers stay up.
SERVICES_STARTED=0
stop_services_on_exit() {
  SERVICES_PROFILE="$1"
  trap _stop_started_services EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# shellcheck disable=SC2317  # invoked through trap
_stop_started_services() {
  local rc=$?
  trap - EXIT INT TERM
  if ((SERVICES_STARTED)); then
    log "stopping the $SERVICES_PROFILE services"
    bash "$HUB_ROOT/scripts/services.sh" stop --profile "$SERVICES_PROFILE" 8>&- || warn "scripts/services.sh stop --profile $SERVICES_PROFILE failed"
  fi
  exit "$rc"
}
