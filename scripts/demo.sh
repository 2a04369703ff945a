#!/usr/bin/env bash
# `npm run demo`: the hub on its embedded default, with the vendor sandbox (DingTalk, Yonyou, Kingdee, Beisen) and the demo tenant.
#
#  1. `npm ci` when node_modules is missing or older than package-lock.json, then `npm run build`;
#  2. starts the `demo` profile services (FerretDB 127.0.0.1:27027 on its private PostgreSQL 127.0.0.1:54327,
#     or on SQLite with HUB_DB_BACKEND=sqlite; Redis 127.0.0.1:6389; installed when missing);
#  3. starts the vendor sandbox on SANDBOX_PORT (default 4010) seeded with apps/vendor-sandbox/seed/demo.seed.json,
#     and points its DingTalk callback at this hub;
#  4. runs the hub (HUB_ROLE=all: HTTP and worker in one process) on PORT (default 3000) in the foreground
#     and prints what to try. Ctrl-C stops the hub, the sandbox and the services this run started.
#
# HUB_ENCRYPTION_KEY, if unset, is generated once and kept in .run/demo/encryption-key, so the sealed
# webhook secrets of earlier demo runs stay readable. HUB_CONFIG_DIR, if unset, is .run/demo/config: config/
# (which holds no tenant) with demo/config (the demo tenant) laid over it.
set -euo pipefail

HUB_LOG_TAG="demo" # read by lib/common.sh
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$HUB_ROOT"

export PORT="${PORT:-3000}"
export SANDBOX_PORT="${SANDBOX_PORT:-4010}"
export SANDBOX_URL="http://127.0.0.1:${SANDBOX_PORT}"
# The demo's subscribers listen on this machine; real hubs deliver to public addresses only (hub.yaml outbound).
export HUB_OUTBOUND_ALLOW="${HUB_OUTBOUND_ALLOW:-127.0.0.1}"
RUN_DIR=.run/demo
mkdir -p "$RUN_DIR"

ensure_node_modules
log "building (npm run build)"
npm run build --silent

for port in "$PORT" "$SANDBOX_PORT"; do
  if tcp_open 127.0.0.1 "$port"; then die "port $port is already in use: stop what runs there, or set PORT / SANDBOX_PORT"; fi
done

services_started=0
sandbox_pid=""
hub_pid=""
cleanup() {
  trap - EXIT INT TERM
  # The hub first (it drains its jobs on SIGTERM), while MongoDB and Redis are still there.
  if [[ -n "$hub_pid" ]] && is_alive "$hub_pid"; then
    kill -TERM "$hub_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do is_alive "$hub_pid" || break; sleep 0.1; done
    if is_alive "$hub_pid"; then warn "the hub (pid $hub_pid) did not stop within 10 s of SIGTERM; sending SIGKILL"; kill -KILL "$hub_pid" 2>/dev/null || true; fi
  fi
  if [[ -n "$sandbox_pid" ]] && is_alive "$sandbox_pid"; then kill "$sandbox_pid" 2>/dev/null || true; fi
  rm -f "$RUN_DIR/sandbox.pid"
  if ((services_started)); then bash scripts/services.sh stop --profile demo || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z "${MONGO_URL:-}" || -z "${REDIS_URL:-}" ]]; then
  eval "$(bash scripts/services.sh start --profile demo)"
  services_started=1
fi
export MONGO_URL REDIS_URL

if [[ -z "${HUB_ENCRYPTION_KEY:-}" ]]; then
  key_file="$RUN_DIR/encryption-key"
  [[ -s "$key_file" ]] || (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))" >"$key_file")
  HUB_ENCRYPTION_KEY="$(cat "$key_file")"
  export HUB_ENCRYPTION_KEY
fi

if [[ -z "${HUB_CONFIG_DIR:-}" ]]; then
  rm -rf "$RUN_DIR/config" && cp -R config "$RUN_DIR/config" && cp -R demo/config/. "$RUN_DIR/config/"
  export HUB_CONFIG_DIR="$RUN_DIR/config"
fi

log "starting the vendor sandbox on $SANDBOX_URL"
SANDBOX_SEED=apps/vendor-sandbox/seed/demo.seed.json node -r ./scripts/register-paths.js dist/apps/vendor-sandbox/src/main.js >"$RUN_DIR/sandbox.log" 2>&1 &
sandbox_pid=$!
echo "$sandbox_pid" >"$RUN_DIR/sandbox.pid"
for _ in $(seq 1 100); do tcp_open 127.0.0.1 "$SANDBOX_PORT" && break; sleep 0.1; done
tcp_open 127.0.0.1 "$SANDBOX_PORT" || { tail_log "$RUN_DIR/sandbox.log"; die "the sandbox did not start"; }

# The seed's DingTalk app calls back to port 3000; point it at this hub's port. DEMO_DINGTALK_INBOUND=stream puts the
# app in Stream push mode instead, and the demo tenant's connection opens the stream (its `inbound` setting reads
# the same variable).
# shellcheck disable=SC2016  # ${...} below are JavaScript template literals
node -e '
  const seed = require("./apps/vendor-sandbox/seed/demo.seed.json");
  const app = seed.dingtalk.apps[0];
  app.callback.url = `http://127.0.0.1:${process.env.PORT}/webhooks/demo/dingtalk-main`;
  if (process.env.DEMO_DINGTALK_INBOUND === "stream") app.stream = { enabled: true };
  fetch(`${process.env.SANDBOX_URL}/_sandbox/dingtalk/apps`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(app) })
    .then((r) => { if (!r.ok) throw new Error(`sandbox answered ${r.status}`); })
    .catch((e) => { console.error(e.message); process.exit(1); });
'

HUB="http://127.0.0.1:${PORT}"
cat >&2 <<EOT

  HR Connector Hub demo — hub $HUB (OpenAPI: $HUB/docs), vendor sandbox (DingTalk, Yonyou, Kingdee, Beisen) $SANDBOX_URL
  API key of the demo tenant: demo-api-key-0000000001

  Try, in another terminal:
    # 1. register a webhook (a request bin of your own, or any URL that answers 2xx)
    curl -s -XPOST $HUB/v1/subscriptions -H 'Authorization: Bearer demo-api-key-0000000001' \\
         -H 'content-type: application/json' -d '{"url":"http://127.0.0.1:9999/hook"}'
    # 2. cancel an AI interview in DingTalk (the sandbox pushes the encrypted change callback)
    curl -s -XPOST $SANDBOX_URL/_sandbox/dingtalk/interviews/iv-demo-1001/cancel -H 'content-type: application/json' -d '{"reason":"时间冲突"}'
    # 3. watch it arrive, with per-target receipts and the archive entry
    curl -s $HUB/v1/cancellations -H 'Authorization: Bearer demo-api-key-0000000001'
    # 4. or cancel from the hub itself (one-click cancel), which DingTalk then receives
    curl -s -XPOST $HUB/v1/cancellations -H 'Authorization: Bearer demo-api-key-0000000001' -H 'content-type: application/json' \\
         -d '{"interview":{"connectionId":"dingtalk-main","externalId":"iv-demo-1002","interviewers":[{"externalId":"tech-zhaolei"}]},
              "candidate":{"externalId":"cand-lina","name":"李娜"},"reason":{"code":"position_changed","detail":"hiring_paused"},
              "initiatedBy":{"type":"recruiter","id":"hr-chenjing","name":"陈静"}}'
    curl -s "$SANDBOX_URL/_sandbox/dingtalk/records?api=corpconversation.asyncsend_v2"
    # 5. cancel in Yonyou YonBIP the Yonyou way: a 面试取消申请 approved at two levels; DingTalk gets it under its own ids
    curl -s -XPOST $SANDBOX_URL/_sandbox/yonyou/bip/cancel-requests -H 'content-type: application/json' \\
         -d '{"candidateId":"bip-cand-wangfang","reason":"时间冲突","requestedBy":{"id":"hr-chenjing","name":"陈静"}}'   # → {"id": "<request id>", …}
    curl -s -XPOST $SANDBOX_URL/_sandbox/yonyou/bip/cancel-requests/<request id>/decide -H 'content-type: application/json' -d '{"level":1,"action":"agree"}'
    curl -s -XPOST $SANDBOX_URL/_sandbox/yonyou/bip/cancel-requests/<request id>/decide -H 'content-type: application/json' -d '{"level":2,"action":"agree"}'
    # 6. what Yonyou received of the DingTalk cancellation (YonBIP writes, NC SOAP writes, U8 records)
    curl -s $SANDBOX_URL/_sandbox/yonyou/bip/state; curl -s $SANDBOX_URL/_sandbox/yonyou/nc/state; curl -s $SANDBOX_URL/_sandbox/yonyou/u8/state
    # 7. cancel a batch in Kingdee K/3 Cloud the Kingdee way: several interview rows set to CANCELLED with one batch id
    #    and one reason by the recruiter 陈静 (times in the K/3 server's local time, Beijing: the hub polls the form for
    #    changed rows; each interview is at the time of the same person's DingTalk interview, so DingTalk finds its own)
    now="\$(TZ=Asia/Shanghai date '+%F %T')"; day() { TZ=Asia/Shanghai date -d "+\$1 day" +%F; }
    curl -s -XPOST $SANDBOX_URL/_sandbox/kingdee/k3/rows -H 'content-type: application/json' -d '{"formId":"PAEZ_Interview","rows":[
      {"FNumber":"K3IV-0001","FCandidateNumber":"K3C-0001","FCandidateName":"张伟","FPhone":"13800138001","FPosition":"销售经理","FScheduledStart":"'"\$(day 1) 10:00:00"'","FStatus":"CANCELLED","FBatchId":"KB-DEMO-01","FReason":"岗位暂停","FRecruiterId":"K3U-chenjing","FRecruiterName":"陈静","FModifyDate":"'"\$now"'"},
      {"FNumber":"K3IV-0002","FCandidateNumber":"K3C-0002","FCandidateName":"李娜","FPhone":"13900139002","FPosition":"前端工程师","FScheduledStart":"'"\$(day 2) 14:30:00"'","FStatus":"CANCELLED","FBatchId":"KB-DEMO-01","FReason":"岗位暂停","FRecruiterId":"K3U-chenjing","FRecruiterName":"陈静","FModifyDate":"'"\$now"'"},
      {"FNumber":"K3IV-0003","FCandidateNumber":"K3C-0003","FCandidateName":"王芳","FPhone":"13700137003","FPosition":"销售经理","FScheduledStart":"'"\$(day 3) 09:30:00"'","FStatus":"CANCELLED","FBatchId":"KB-DEMO-01","FReason":"岗位暂停","FRecruiterId":"K3U-chenjing","FRecruiterName":"陈静","FModifyDate":"'"\$now"'"}]}'
    # 8. what Kingdee received back (after the next poll of kingdee-main, within 15 s): each candidate in PAEZ_TalentPool
    #    as 潜在候选人 and one 请跟进后续意向 reminder each in PAEZ_FollowUp (the connection's originEffects)
    curl -s $SANDBOX_URL/_sandbox/kingdee/k3/state
    curl -s "$HUB/v1/cancellations?limit=5" -H 'Authorization: Bearer demo-api-key-0000000001'
    # 9. cancel in Beisen iTalent the Beisen way: a recruiter cancels 李娜's second interview in Beisen's UI (made first,
    #    at the time of her DingTalk interview iv-demo-1004, Beijing time; ids from the demo seed's beisen block). Beisen
    #    pushes nothing: the hub finds it on its next poll of beisen-main's changed applies (within 15 s)
    day() { TZ=Asia/Shanghai date -d "+\$1 day" +%F; }
    curl -s -XPOST $SANDBOX_URL/_sandbox/beisen/interviews -H 'content-type: application/json' -d '{"interviewId":"00100001-0007-4000-8000-000000000004",
      "applyId":"00100001-0006-4000-8000-000000000002","startTime":"'"\$(day 5) 16:00:00"'","endTime":"'"\$(day 5) 16:45:00"'","round":2,"interviewers":[{"userId":"bs-zhaolei","name":"赵磊"}]}'
    curl -s -XPOST $SANDBOX_URL/_sandbox/beisen/interviews/cancel -H 'content-type: application/json' \\
         -d '{"interviewIds":["00100001-0007-4000-8000-000000000004"],"reason":"候选人已接受其他offer","cancelledBy":{"userId":"bs-chenjing","name":"陈静"}}'
    # 10. the result: the cancellation from beisen-main with its receipts per system, and DingTalk's interview
    #     iv-demo-1004 (found by phone and start time) synced as cancelled under DingTalk's own ids
    curl -s -G "$HUB/v1/cancellations" --data-urlencode 'candidateName=李娜' -H 'Authorization: Bearer demo-api-key-0000000001'
    curl -s "$SANDBOX_URL/_sandbox/dingtalk/records?api=SyncInterviewInfoToAIInterviewAssistant"

EOT

log "starting the hub on $HUB (Ctrl-C to stop everything)"
node -r ./scripts/register-paths.js dist/apps/hub/src/main.js &
hub_pid=$!
wait "$hub_pid"
