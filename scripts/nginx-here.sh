#!/usr/bin/env bash
# deploy/nginx.conf as shipped, made runnable on this machine: its upstreams replaced by the nodes
# given, its port by PORT, wrapped in the few lines a whole nginx.conf needs (no root, no system
# folders). Prints the folder it wrote; run it with: nginx -p DIR/ -c DIR/nginx.conf
#   bash scripts/nginx-here.sh 3000 127.0.0.1:3001 127.0.0.1:3002
# Used by scripts/run-cluster.sh (LB=nginx) and test/integration/load-balancer.test.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
port="$1"
shift
dir="$(mktemp -d /tmp/onm-nginx-XXXXXX)"
servers=""
for node in "$@"; do servers+="    server $node max_fails=1 fail_timeout=5s;\n"; done
sed -e "/^    server node[0-9]*:3000/d" -e "s|^    ip_hash;|    ip_hash;\n${servers%\\n}|" -e "s|listen 80;|listen 127.0.0.1:$port;|" deploy/nginx.conf >"$dir/market.conf"
cat >"$dir/nginx.conf" <<CONF
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  include $dir/market.conf;
}
CONF
mkdir -p "$dir/logs" # nginx opens its default error log there before it reads the config
nginx -t -q -p "$dir/" -c "$dir/nginx.conf" >&2
echo "$dir"
