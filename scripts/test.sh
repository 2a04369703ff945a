#!/usr/bin/env bash
# The project's test command: `npm test [-- <jest args>]` (CI runs it through .ci/run).
#
#  1. `npm ci` when node_modules is missing or older than package-lock.json; Debian's docker-compose (for the
#     compose file's check) with apt-get when it is missing; schemathesis (pinned, pip from PyPI into
#     .run/tools/schemathesis) for the OpenAPI fuzz test;
#  2. starts the `test` profile services (FerretDB 127.0.0.1:27028 on its private PostgreSQL 127.0.0.1:54328,
#     or on SQLite with HUB_DB_BACKEND=sqlite; Redis 127.0.0.1:6390; installed when missing), wiping their
#     data when it starts them, and in any case drops every `hrhub_test*` database and flushes the test
#     Redis, so each run starts empty;
#  3. exports MONGO_URL (database hrhub_test) and REDIS_URL;
#  4. runs `npx tsc -p tsconfig.json --noEmit`, `npm run build`, then `npx jest --runInBand <args>` (unit + e2e projects);
#  5. stops the services if this run started them, and exits with jest's exit code.
#
# The MONGO_URL / REDIS_URL of your shell are ignored on purpose (they usually point at the demo
# servers, whose worker would consume the tests' Bull jobs). To test against servers of your own, set
# TEST_MONGO_URL (its database name is replaced by hrhub_test) and/or TEST_REDIS_URL; those are never
# started, stopped or flushed, only the hrhub_test* databases are dropped.
# Behaves the same with or without CI=... set. Concurrent runs in the same tree wait for each other.
set -euo pipefail

HUB_LOG_TAG="test" # read by lib/common.sh
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$HUB_ROOT"

readonly PROFILE=test
TEST_DB=hrhub_test

# --------------------------------------------------------------- one run at a time in this tree
# fd 8 holds the lock; every child gets `8>&-` so a server left running can never keep it.
mkdir -p ".run/$PROFILE"
take_tree_lock ".run/$PROFILE/.npm-test.lock" 'npm test'

# ---------------------------------------------------------------------------------- dependencies
ensure_node_modules
ensure_schemathesis
# The compose guard (test/docker-compose.e2e-spec.ts) checks docker-compose.yml with Debian's docker-compose.
if ! command -v docker-compose >/dev/null 2>&1; then
  apt_install docker-compose "Debian's docker-compose (the compose file's check needs it)" "or install docker-compose so that it is on PATH"
fi

# -------------------------------------------------------------------------------------- services
# with_db URL DB: the MongoDB URL with its database path replaced (query string kept).
with_db() {
  if [[ "$1" =~ ^(mongodb(\+srv)?://[^/?]+)(/[^?]*)?(\?.*)?$ ]]; then
    printf '%s/%s%s\n' "${BASH_REMATCH[1]}" "$2" "${BASH_REMATCH[4]}"
  else
    die "TEST_MONGO_URL is not a mongodb:// or mongodb+srv:// URL"
  fi
}

FLUSH_REDIS=1
if [[ -n "${TEST_MONGO_URL:-}" ]]; then
  MONGO_URL="$(with_db "$TEST_MONGO_URL" "$TEST_DB")"
  export MONGO_URL
  log "MongoDB: TEST_MONGO_URL (external, database $TEST_DB)"
else
  unset MONGO_URL
fi
if [[ -n "${TEST_REDIS_URL:-}" ]]; then
  export REDIS_URL="$TEST_REDIS_URL"
  FLUSH_REDIS=0
  log "Redis: TEST_REDIS_URL (external; not flushed)"
else
  unset REDIS_URL
fi

stop_services_on_exit "$PROFILE"

if bash scripts/services.sh status --profile "$PROFILE" >/dev/null 2>&1 8>&-; then
  log "the $PROFILE services are already running (started outside this run); reusing them and leaving them running"
else
  SERVICES_STARTED=1
fi
# --fresh only wipes the data of a server this call actually starts, never of a running one.
services_env="$(bash scripts/services.sh start --profile "$PROFILE" --fresh 8>&-)"
eval "$services_env"
[[ -n "${MONGO_URL:-}" && -n "${REDIS_URL:-}" ]] || die "scripts/services.sh start did not provide MONGO_URL and REDIS_URL"
export MONGO_URL REDIS_URL

# Drop hrhub_test and every per-test-file hrhub_test_* database; flush our own test Redis.
WIPE_DB_PREFIX="$TEST_DB" FLUSH_REDIS="$FLUSH_REDIS" node -e '
  const mongoose = require("mongoose");
  (async () => {
    const base = process.env.WIPE_DB_PREFIX;
    const conn = await mongoose.createConnection(process.env.MONGO_URL, { serverSelectionTimeoutMS: 10000 }).asPromise();
    const { databases } = await conn.db.admin().listDatabases({ nameOnly: true });
    const dropped = [];
    for (const { name } of databases) {
      if (name === base || name.startsWith(base + "_")) {
        await conn.useDb(name, { useCache: false }).dropDatabase();
        dropped.push(name);
      }
    }
    await conn.close();
    if (process.env.FLUSH_REDIS === "1") {
      const Redis = require("ioredis");
      const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
      await redis.connect();
      await redis.flushall();
      redis.disconnect();
    }
    console.error("[test] wiped test data" + (dropped.length ? " (dropped " + dropped.join(", ") + ")" : ""));
  })().catch((e) => { console.error("[test] could not wipe the test databases: " + (e && e.message || e)); process.exit(1); });
' 8>&-

if [[ -z "${TEST_MONGO_URL:-}" ]]; then log "MONGO_URL=$MONGO_URL"; fi
if [[ -z "${TEST_REDIS_URL:-}" ]]; then log "REDIS_URL=$REDIS_URL"; fi

# -------------------------------------------------------------------------------- typecheck + jest
log "typecheck: npx tsc -p tsconfig.json --noEmit"
set +e
npx tsc -p tsconfig.json --noEmit 8>&-
rc=$?
set -e
if ((rc != 0)); then
  log "typecheck failed or was interrupted (exit $rc); jest was not run"
  exit "$rc"
fi

# Tests that start hub processes of their own (worker crash, boot refusal) run the compiled build.
log "build: npm run build"
set +e
npm run build --silent 8>&-
rc=$?
set -e
if ((rc != 0)); then
  log "build failed (exit $rc); jest was not run"
  exit "$rc"
fi

log "jest: npx jest --runInBand $*"
set +e
npx jest --runInBand "$@" 8>&-
rc=$?
set -e
log "jest exited with code $rc"
exit "$rc"
