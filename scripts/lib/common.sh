# shellcheck shell=bash
# shellcheck disable=SC2034  # HUB_ROOT is used by the scripts that source this file
# Shared helpers for scripts/services.sh and scripts/test.sh. Source it; do not run it.
# Everything here writes to stderr so that stdout stays free for machine-readable output
# (services.sh prints `export VAR=...` lines on stdout).

# Absolute project root (the directory that holds package.json).
HUB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

log() { printf '[%s] %s\n' "${HUB_LOG_TAG:-hub}" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "${HUB_LOG_TAG:-hub}" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "${HUB_LOG_TAG:-hub}" "$*" >&2; exit 1; }

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
