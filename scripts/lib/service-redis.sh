# shellcheck shell=bash
# Redis for scripts/services.sh: install, plan, start, stop, status of the profile's redis-server.
# Sourced by services.sh once the profile is known; uses DATA_DIR, RUN_DIR, REDIS_PORT, REDIS_EXTERNAL,
# OWN_REDIS_URL, FRESH, SPAWNED_HERE and the helpers of common.sh.

REDIS_DATA="$DATA_DIR/redis"
REDIS_PIDFILE="$RUN_DIR/redis.pid"
REDIS_LOG="$RUN_DIR/redis.log"
REDIS_ACTION='' # external | reuse | start (set by plan_redis)

# Is PID our redis-server for this profile? (redis rewrites its title to "redis-server 127.0.0.1:PORT")
is_our_redis() {
  local cmd
  is_alive "$1" || return 1
  cmd="$(proc_cmdline "$1")"
  [[ "$cmd" == *redis-server* && "$cmd" == *":$REDIS_PORT"* ]]
}

ensure_redis() {
  command -v redis-server >/dev/null 2>&1 && return 0
  apt_install redis-server 'Redis (redis-server)' 'or install Redis (>= 6) so that redis-server is on PATH'
  command -v redis-server >/dev/null 2>&1 || die "apt-get installed redis-server but redis-server is still not on PATH (PATH=$PATH)"
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

# Decide what `start` does with Redis before anything is started (a busy port leaves nothing running).
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

stop_redis() {
  stop_pid redis "$REDIS_PIDFILE" is_our_redis TERM:10 KILL:5
}

# status_redis: one line on stdout; false when our Redis is not running (and REDIS_URL is not external).
status_redis() {
  local pid answers=no
  if pid="$(read_pidfile "$REDIS_PIDFILE")" && is_our_redis "$pid"; then
    if redis_ping "$REDIS_PORT"; then answers=yes; fi
    echo "redis    ($PROFILE): running, pid $pid, 127.0.0.1:$REDIS_PORT (answers PING: $answers), data $REDIS_DATA, log $REDIS_LOG, url $OWN_REDIS_URL"
  elif [[ "$REDIS_EXTERNAL" == 1 ]]; then
    echo "redis    ($PROFILE): not started by us; REDIS_URL points at an external server"
  else
    echo "redis    ($PROFILE): stopped (port $REDIS_PORT)"
    return 1
  fi
}
