#!/usr/bin/env bash
# What the load-balancer test needs from the system: Debian's nginx, to run deploy/nginx.conf as
# shipped (scripts/nginx-here.sh), installed when missing and we can (root with apt-get). The
# service Debian's package starts, if any, is stopped: the test runs its own on a free port.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "nginx is missing: installing Debian's nginx-light with apt-get…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nginx-light >/dev/null
  (command -v systemctl >/dev/null 2>&1 && systemctl stop nginx >/dev/null 2>&1) || pkill -x nginx || true
  exit 0
fi
echo "nginx is needed for the load-balancer test. Install it with: sudo apt-get install -y nginx-light" >&2
exit 1
