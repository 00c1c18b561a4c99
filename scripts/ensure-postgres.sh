#!/usr/bin/env bash
# What the PostgreSQL tests need from the system: Debian's PostgreSQL server binaries
# (/usr/lib/postgresql/<version>/bin: initdb, pg_ctl), installed when missing and we can (root
# with apt-get). The tests start a throwaway cluster in a temp folder (test/support/postgres.ts);
# the service Debian's package starts, if any, is not used. Otherwise stop with the one line to run.
set -euo pipefail
has_server() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${PG_BIN:-}" ]; }
if has_server; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "PostgreSQL is missing: installing Debian's postgresql with apt-get…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  has_server && exit 0
fi
echo "PostgreSQL is needed for the store tests. Install it with: sudo apt-get install -y postgresql" >&2
exit 1
