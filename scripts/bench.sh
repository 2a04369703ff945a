#!/usr/bin/env bash
# The project's pipeline benchmark: `npm run bench` (results in docs/PERFORMANCE.md).
#
#  1. `npm ci` when node_modules is missing or older than package-lock.json, then the build of `npm run build`
#     (`tsc -p tsconfig.build.json`) into .run/bench/dist instead of dist/: the bench and the hub processes
#     run from there, so a build elsewhere in the tree neither swaps code under a running bench nor is
#     disturbed by it;
#  2. for each backend of BENCH_BACKENDS (default "postgresql sqlite"), one after the other:
#     - starts that backend's own services, after stopping leftovers of an interrupted run:
#         postgresql  `scripts/services.sh start --profile bench --backend postgresql --fresh`: FerretDB
#                     127.0.0.1:27029 on a private PostgreSQL 127.0.0.1:54329 (synchronous_commit=off),
#                     Redis 127.0.0.1:6391
#         sqlite      `scripts/services.sh start --profile bench-sqlite --backend sqlite --fresh`: FerretDB
#                     127.0.0.1:27030 on SQLite, Redis 127.0.0.1:6392
#       (database hrhub_bench in both);
#     - runs dist/bench/pipeline.bench.js: sandbox, subscriber and load generator in that process, the hub
#       as separate processes (HUB_ROLE=hub + a worker; logs in .run/bench/<backend>-{hub,worker}.log),
#       progress on stderr (also in .run/bench/<backend>-bench.log), measurements in
#       .run/bench/results-<backend>.json;
#     - stops exactly the services it started, and any hub process the bench left behind;
#  3. dist/bench/render.bench.js puts the backends side by side: summary table on stdout, generated block
#     of docs/PERFORMANCE.md.
# Exits non-zero only when a run broke (a missed target is reported in the table, not an error).
# A trap stops whatever this script started on any exit (Ctrl-C included).
#
# The MONGO_URL / REDIS_URL of your shell are ignored on purpose: the bench drops its database first.
# Knobs (environment):
#   BENCH_BACKENDS ("postgresql sqlite"; comma or space separated), BENCH_TOPOLOGY (split | all),
#   BENCH_N (1000), BENCH_SQLITE_N (burst size on SQLite; default BENCH_N, at most 300), BENCH_CANCEL_RATE (35/s;
#   0 = as fast as BENCH_CANCEL_CONCURRENCY allows), BENCH_CANCEL_CONCURRENCY (16), BENCH_YONYOU_N (300 YonBIP-origin
#   cancellations after the DingTalk burst, at most 100 on SQLite; 0 skips them), BENCH_YONYOU_RATE (BENCH_CANCEL_RATE),
#   BENCH_KINGDEE_N (10000 interviews cancelled in the K/3 simulator after the Yonyou burst, at most 1000 on SQLite;
#   0 skips them), BENCH_KINGDEE_BATCH (100 interviews per batch: one reason, one batch id), BENCH_KINGDEE_RATE (0 =
#   all batches at once; else batches/s), BENCH_KINGDEE_POLL_S (5: pollIntervalSeconds of kingdee-main),
#   BENCH_KINGDEE_TIMEOUT_S (1800), BENCH_BEISEN_N (500 cancellations posted all at once to POST /v1/cancellations after
#   the Kingdee batches, for interviews in the Beisen simulator, Beisen as their target under the simulator's default
#   limits, in tenant bench-beisen, at most 100 on SQLite; 0 skips them; the run fails when a delivery failed by 429 or a Beisen write is
#   duplicated), BENCH_BEISEN_TIMEOUT_S (900), BENCH_ONLY=kingdee|beisen (that scenario alone: no DingTalk, Yonyou,
#   isolated, ingest or seeded-inbox phase, nor the other scenario; e.g. BENCH_ONLY=kingdee BENCH_KINGDEE_N=300
#   BENCH_BACKENDS=postgresql BENCH_WRITE_DOC=0, or BENCH_ONLY=beisen BENCH_BEISEN_N=100 …), BENCH_ISOLATED_N (5),
#   BENCH_CONCURRENCY (32 load lanes), BENCH_DURATION_S (10), BENCH_WARMUP_S (2), BENCH_MAX_REQUESTS
#   (2000000 per ingest run), BENCH_INBOX_SEED (100000; 0 skips the grown-inbox run), BENCH_INBOX_SEED_DAYS (7),
#   BENCH_PHASE_TIMEOUT_S (300),
#   BENCH_DRAIN_TIMEOUT_S (300), BENCH_SETTLE_TIMEOUT_S (300), BENCH_TIMEOUT_S (3600, per backend),
#   BENCH_WRITE_DOC=0 (leave the doc alone), BENCH_DOC_PATH (write the results block into another file),
#   BENCH_PROFILE=1 (V8 CPU profiles of the bench and hub processes into .run/bench/profile/),
#   BENCH_FERRETDB_PORT / BENCH_REDIS_PORT / BENCH_POSTGRES_PORT (27029 / 6391 / 54329),
#   BENCH_SQLITE_FERRETDB_PORT / BENCH_SQLITE_REDIS_PORT (27030 / 6392).
set -euo pipefail

HUB_LOG_TAG="bench" # read by lib/common.sh
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$HUB_ROOT"

RUN_DIR=".run/bench"
SNAPSHOT="$RUN_DIR/dist"
CHILD_PIDS="$RUN_DIR/children.pids"
mkdir -p "$RUN_DIR"

read -ra BACKENDS <<<"${BENCH_BACKENDS:-postgresql sqlite}"
if [[ "${BENCH_BACKENDS:-}" == *,* ]]; then IFS=',' read -ra BACKENDS <<<"$BENCH_BACKENDS"; fi
((${#BACKENDS[@]})) || die "BENCH_BACKENDS names no backend"
for b in "${BACKENDS[@]}"; do [[ "$b" == postgresql || "$b" == sqlite ]] || die "BENCH_BACKENDS: unknown backend '$b' (postgresql, sqlite)"; done

# ------------------------------------------------------------------- one bench at a time in this tree
# fd 8 holds the lock; every child gets `8>&-` so a server left running can never keep it.
take_tree_lock "$RUN_DIR/.bench.lock" 'npm run bench'

# ---------------------------------------------------------------------------- cleanup on any exit
STARTED_PROFILES=()

profile_of() { if [[ "$1" == postgresql ]]; then echo bench; else echo bench-sqlite; fi; }

# services PROFILE ARGS...: scripts/services.sh with that profile's ports.
services() {
  local profile="$1"
  shift
  if [[ "$profile" == bench ]]; then
    FERRETDB_PORT="${BENCH_FERRETDB_PORT:-27029}" REDIS_PORT="${BENCH_REDIS_PORT:-6391}" POSTGRES_PORT="${BENCH_POSTGRES_PORT:-54329}" \
      bash scripts/services.sh "$@" --profile "$profile" 8>&-
  else
    FERRETDB_PORT="${BENCH_SQLITE_FERRETDB_PORT:-27030}" REDIS_PORT="${BENCH_SQLITE_REDIS_PORT:-6392}" \
      bash scripts/services.sh "$@" --profile "$profile" 8>&-
  fi
}

# Hub processes the bench started and did not stop (it normally does; its children also stop when it dies).
stop_leftover_children() {
  local pid
  [[ -s "$CHILD_PIDS" ]] || return 0
  while read -r pid; do
    if is_alive "$pid" && [[ "$(proc_cmdline "$pid")" == *"$SNAPSHOT/apps/"* ]]; then
      warn "hub process $pid outlived the bench; stopping it"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in {1..100}; do is_alive "$pid" || break; sleep 0.1; done
      if is_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
  done <"$CHILD_PIDS"
  : >"$CHILD_PIDS"
}

# The bench process of the backend being run, while it runs.
BENCH_PID=''
stop_bench_process() {
  [[ -n "$BENCH_PID" ]] && is_alive "$BENCH_PID" || return 0
  warn "stopping the bench (pid $BENCH_PID)"
  kill -TERM "$BENCH_PID" 2>/dev/null || true
  for _ in {1..100}; do is_alive "$BENCH_PID" || break; sleep 0.1; done
  if is_alive "$BENCH_PID"; then kill -KILL "$BENCH_PID" 2>/dev/null || true; fi
}

# shellcheck disable=SC2317  # invoked through trap
cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  stop_bench_process
  stop_leftover_children
  for p in "${STARTED_PROFILES[@]}"; do
    log "stopping the $p services"
    services "$p" stop || warn "scripts/services.sh stop --profile $p failed"
  done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ----------------------------------------------------------------------------- dependencies, build
ensure_node_modules
log "build (tsc -p tsconfig.build.json, as npm run build) into $SNAPSHOT"
rm -rf "$SNAPSHOT"
npx --no-install tsc -p tsconfig.build.json --outDir "$SNAPSHOT" 8>&- >&2 || die "the build failed (see above)"
unset MONGO_URL REDIS_URL

commit="$(git rev-parse --short HEAD 2>/dev/null || true)"
if [[ -n "$commit" ]] && ! git diff --quiet HEAD -- apps libs connectors config demo bench 2>/dev/null; then commit="$commit (with uncommitted changes)"; fi
node_args=(-r "./$SNAPSHOT/bench/snapshot-paths.js")
if [[ "${BENCH_PROFILE:-0}" == 1 ]]; then
  rm -rf "$RUN_DIR/profile"
  log "V8 CPU profiles go to $RUN_DIR/profile/"
fi

pid_of() { head -n1 "$1" 2>/dev/null | tr -dc '0-9' || true; }
version_of() { # PID: the --version line of that process's executable
  if [[ -n "$1" && -e "/proc/$1/exe" ]]; then timeout 5 "$(readlink "/proc/$1/exe")" --version 2>/dev/null | head -n1 || true; fi
}

# run_backend BACKEND: services up, one bench run, services down; returns the bench's exit code.
run_backend() {
  local backend="$1" profile rc env_lines fdb_pid redis_pid pg_pid='' fdb_version pg_version='' profile_args=()
  profile="$(profile_of "$backend")"
  if services "$profile" status >/dev/null 2>&1; then
    # Only this script uses the bench profiles and the lock above is ours: these are leftovers.
    warn "$profile services from an earlier, interrupted run are still running; stopping them first"
    services "$profile" stop
  fi
  STARTED_PROFILES+=("$profile")
  env_lines="$(services "$profile" start --backend "$backend" --fresh)"
  eval "$env_lines"
  [[ -n "${MONGO_URL:-}" && -n "${REDIS_URL:-}" ]] || die "scripts/services.sh start did not provide MONGO_URL and REDIS_URL"
  MONGO_URL="${MONGO_URL%/*}/hrhub_bench"
  fdb_pid="$(pid_of ".run/$profile/ferretdb.pid")"
  redis_pid="$(pid_of ".run/$profile/redis.pid")"
  if [[ "$backend" == postgresql ]]; then
    pg_pid="$(pid_of ".run/$profile/postgres.pid")"
    pg_version="$(version_of "$pg_pid" | sed 's/^postgres (PostgreSQL) //')"
  fi
  fdb_version="$(version_of "$fdb_pid" | sed 's/^version: //')"
  [[ "$fdb_version" == v* ]] || fdb_version="$(timeout 5 "$(readlink "/proc/$fdb_pid/exe")" --version 2>/dev/null | sed -n 's/^version: //p' | head -n1 || true)"
  log "$backend: MONGO_URL=$MONGO_URL REDIS_URL=$REDIS_URL (FerretDB pid $fdb_pid${pg_pid:+, PostgreSQL pid $pg_pid}, Redis pid $redis_pid)"

  rm -f "$RUN_DIR/results-$backend.json"
  if [[ "${BENCH_PROFILE:-0}" == 1 ]]; then profile_args=(--cpu-prof "--cpu-prof-dir=$RUN_DIR/profile" "--cpu-prof-name=$backend-bench.cpuprofile"); fi
  # In the background and waited for, so that a TERM or INT reaches the trap at once (which stops the bench).
  MONGO_URL="$MONGO_URL" REDIS_URL="$REDIS_URL" BENCH_BACKEND="$backend" BENCH_ROOT="$HUB_ROOT" \
    BENCH_FERRETDB_PID="$fdb_pid" BENCH_REDIS_PID="$redis_pid" BENCH_POSTGRES_PID="$pg_pid" \
    BENCH_FERRETDB_VERSION="$fdb_version" BENCH_POSTGRES_VERSION="$pg_version" \
    BENCH_CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)" BENCH_GIT_COMMIT="$commit" \
    BENCH_RESULTS_JSON="$RUN_DIR/results-$backend.json" \
    node "${profile_args[@]}" "${node_args[@]}" "$SNAPSHOT/bench/pipeline.bench.js" 8>&- >&2 \
    2> >(tee "$RUN_DIR/$backend-bench.log" >&2) &
  BENCH_PID=$!
  set +e
  wait "$BENCH_PID"
  rc=$?
  set -e
  BENCH_PID=''
  stop_leftover_children
  log "stopping the $profile services"
  services "$profile" stop
  STARTED_PROFILES=() # one backend's services run at a time
  unset MONGO_URL REDIS_URL
  return "$rc"
}

# -------------------------------------------------------------------------------------- benchmark
failed=()
results=()
for backend in "${BACKENDS[@]}"; do
  log "==== backend $backend"
  if ! run_backend "$backend"; then
    failed+=("$backend")
    warn "the $backend run broke (see $RUN_DIR/$backend-bench.log and $RUN_DIR/$backend-{hub,worker}.log)"
  fi
  if [[ -s "$RUN_DIR/results-$backend.json" ]]; then results+=("$RUN_DIR/results-$backend.json"); fi
done
((${#results[@]})) || die "no backend produced results"
node "${node_args[@]}" "$SNAPSHOT/bench/render.bench.js" "${results[@]}" 8>&-
if ((${#failed[@]})); then die "broken run(s): ${failed[*]}"; fi
