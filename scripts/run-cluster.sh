#!/usr/bin/env bash
# Several nodes on this machine, without containers: PostgreSQL (DATABASE_URL if set, else a
# throwaway cluster in a temp folder, as the tests start one), NODES app processes (default 2) on
# ports PORT+1…, and a load balancer with sticky sessions on PORT (default 3000): a small proxy
# (scripts/sticky-proxy.ts), or with LB=nginx the nginx installed here running deploy/nginx.conf
# itself, its upstreams pointed at these nodes. Ctrl-C stops everything (a throwaway cluster is deleted).
#   NODES=3 PORT=8080 bash scripts/run-cluster.sh
#   LB=nginx bash scripts/run-cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
NODES="${NODES:-2}"
PORT="${PORT:-3000}"
pids=()
cleanup() {
  trap - EXIT # once: a Ctrl-C exits, and that exit must not stop everything again
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${NGINXDIR:-}" ] && rm -rf "$NGINXDIR"
  if [ -n "${PGFOLDER:-}" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$PGFOLDER/data" -m fast -w stop >/dev/null || true
    rm -rf "$PGFOLDER"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -z "${DATABASE_URL:-}" ]; then
  bash scripts/ensure-postgres.sh
  PGBIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
  PGFOLDER="$(mktemp -d /tmp/onm-cluster-pg-XXXXXX)"
  [ "$(id -u)" = 0 ] && chown postgres: "$PGFOLDER"
  PGPORT=$((PORT + 432))
  as_postgres "$PGBIN/initdb" -D "$PGFOLDER/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  as_postgres "$PGBIN/pg_ctl" -D "$PGFOLDER/data" -o "-p $PGPORT -k $PGFOLDER -c listen_addresses=127.0.0.1" -l "$PGFOLDER/log" -w start >/dev/null
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
  echo "PostgreSQL: a throwaway cluster on port $PGPORT (deleted on exit)"
fi

[ -f build/server/index.js ] && [ -f build/node/index.js ] || npm run build
NODE_FLAGS=$(node -p 'require("./package.json").config.nodeFlags') # what npm start runs the server with
upstreams=()
for i in $(seq 1 "$NODES"); do
  # shellcheck disable=SC2086 # the flags are words
  NODE_ENV=production PORT=$((PORT + i)) HOST=127.0.0.1 TRUST_PROXY=1 node $NODE_FLAGS build/node/index.js &
  pids+=($!)
  upstreams+=("http://127.0.0.1:$((PORT + i))")
done
for i in $(seq 1 "$NODES"); do
  until curl -fs "http://127.0.0.1:$((PORT + i))/readyz" >/dev/null 2>&1; do sleep 0.5; done
done
if [ "${LB:-proxy}" = nginx ]; then
  NGINXDIR="$(bash scripts/nginx-here.sh "$PORT" "${upstreams[@]#http://}")"
  nginx -p "$NGINXDIR/" -c "$NGINXDIR/nginx.conf" &
  pids+=($!)
else
  PORT="$PORT" NODES="$(IFS=,; echo "${upstreams[*]}")" node --import tsx scripts/sticky-proxy.ts &
  pids+=($!)
fi
echo "Open http://localhost:$PORT ($NODES nodes behind it). Ctrl-C stops everything."
wait
