#!/usr/bin/env bash
# The project's baseline benchmark: `npm run bench` (results in docs/PERFORMANCE.md).
#
#  1. `npm ci` when node_modules is missing or older than package-lock.json, then `npm run build`;
#  2. starts the bench's own services: `scripts/services.sh start --profile bench --fresh` with
#     FerretDB on 127.0.0.1:27029 (on its private PostgreSQL 127.0.0.1:54329, synchronous_commit=off; or on
#     SQLite with HUB_DB_BACKEND=sqlite) and Redis on 127.0.0.1:6391 (database hrhub_bench), after stopping
#     bench-profile servers an interrupted earlier run may have left behind;
#  3. runs `node -r ./scripts/register-paths.js dist/bench/pipeline.bench.js` (sandbox + hub + subscriber
#     in that process, loopback only); the hub's JSON log goes to .run/bench/hub.log, progress to
#     stderr, the summary table to stdout; docs/PERFORMANCE.md gets the generated results block;
#  4. stops exactly the services it started (trap), and exits with the benchmark's exit code.
#
# The MONGO_URL / REDIS_URL of your shell are ignored on purpose: the bench drops its database first.
# Knobs (environment): BENCH_N (200), BENCH_CANCEL_CONCURRENCY (16), BENCH_CANCEL_RATE (0 = all at once),
# BENCH_ISOLATED_N (5), BENCH_CONCURRENCY (32), BENCH_DURATION_S (10), BENCH_SETTLE_TIMEOUT_S (600),
# BENCH_WARMUP_S (2), BENCH_TIMEOUT_S (1800), BENCH_WRITE_DOC=0 (leave the doc alone), BENCH_DOC_PATH (write
# the results block into another file), BENCH_RESULTS_JSON (also dump every measurement as JSON there),
# BENCH_PROFILE=1 (V8 CPU profiles of every thread into .run/bench/profile/),
# BENCH_FERRETDB_PORT / BENCH_REDIS_PORT / BENCH_POSTGRES_PORT (27029 / 6391 / 54329).
set -euo pipefail

HUB_LOG_TAG="bench" # read by lib/common.sh
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$HUB_ROOT"

readonly PROFILE=bench
export FERRETDB_PORT="${BENCH_FERRETDB_PORT:-27029}"
export REDIS_PORT="${BENCH_REDIS_PORT:-6391}"
export POSTGRES_PORT="${BENCH_POSTGRES_PORT:-54329}"
RUN_DIR=".run/$PROFILE"
mkdir -p "$RUN_DIR"

# ------------------------------------------------------------------- one bench at a time in this tree
# fd 8 holds the lock; every child gets `8>&-` so a server left running can never keep it.
take_tree_lock "$RUN_DIR/.bench.lock" 'npm run bench'

# ----------------------------------------------------------------------------- dependencies, build
ensure_node_modules
log "npm run build"
npm run --silent build 8>&- >&2

# -------------------------------------------------------------------------------------- services
unset MONGO_URL REDIS_URL

stop_services_on_exit "$PROFILE"

if bash scripts/services.sh status --profile "$PROFILE" >/dev/null 2>&1 8>&-; then
  # Only this script uses the bench profile and the lock above is ours: these are leftovers.
  warn "bench services from an earlier, interrupted run are still running; stopping them first"
  bash scripts/services.sh stop --profile "$PROFILE" 8>&-
fi
SERVICES_STARTED=1
services_env="$(bash scripts/services.sh start --profile "$PROFILE" --fresh 8>&-)"
eval "$services_env"
[[ -n "${MONGO_URL:-}" && -n "${REDIS_URL:-}" ]] || die "scripts/services.sh start did not provide MONGO_URL and REDIS_URL"
export MONGO_URL REDIS_URL
log "MONGO_URL=$MONGO_URL REDIS_URL=$REDIS_URL"

# -------------------------------------------------------------------------------------- benchmark
fdb_pid="$(head -n1 "$RUN_DIR/ferretdb.pid" 2>/dev/null | tr -dc '0-9' || true)"
redis_pid="$(head -n1 "$RUN_DIR/redis.pid" 2>/dev/null | tr -dc '0-9' || true)"
fdb_version=''
if [[ -n "$fdb_pid" && -e "/proc/$fdb_pid/exe" ]]; then
  fdb_version="$(timeout 5 "$(readlink "/proc/$fdb_pid/exe")" --version 2>/dev/null | sed -n 's/^version: //p' | head -n1 || true)"
fi
commit="$(git rev-parse --short HEAD 2>/dev/null || true)"
if [[ -n "$commit" ]] && ! git diff --quiet HEAD -- apps libs connectors config bench 2>/dev/null; then commit="$commit (with uncommitted changes)"; fi

summary_file="$RUN_DIR/summary.txt"
hub_log="$RUN_DIR/hub.log"
rm -f "$summary_file"
node_args=(-r ./scripts/register-paths.js)
if [[ "${BENCH_PROFILE:-0}" == 1 ]]; then
  rm -rf "$RUN_DIR/profile"
  node_args+=(--cpu-prof "--cpu-prof-dir=$RUN_DIR/profile")
  log "V8 CPU profiles go to $RUN_DIR/profile/"
fi
log "running dist/bench/pipeline.bench.js (hub log: $hub_log)"
set +e
BENCH_FERRETDB_PID="$fdb_pid" BENCH_REDIS_PID="$redis_pid" BENCH_FERRETDB_VERSION="$fdb_version" \
  BENCH_CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)" BENCH_GIT_COMMIT="$commit" \
  BENCH_SUMMARY_FILE="$summary_file" \
  node "${node_args[@]}" dist/bench/pipeline.bench.js >"$hub_log" 8>&-
rc=$?
set -e
if ((rc == 0)) && [[ -s "$summary_file" ]]; then
  cat "$summary_file"
else
  log "the benchmark failed (exit $rc); last lines of $hub_log:"
  tail_log "$hub_log" 30
  ((rc != 0)) || rc=1
fi
exit "$rc"
