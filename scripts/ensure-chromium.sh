#!/usr/bin/env bash
# What the tests need from the system, installed when missing and we can (root with apt-get):
#   - iproute2 (`ip netns`), for the venue Wi-Fi test's network namespaces; without it that test
#     is skipped with one line saying why, so its absence is not fatal here;
#   - Debian's Chromium, which the browser tests drive (never a downloaded browser); otherwise
#     stop with the one line to run.
set -euo pipefail
can_apt() { command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; }
apt_updated=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  apt-get install -y -qq "$@" >/dev/null
}

if ! command -v ip >/dev/null 2>&1 && can_apt; then
  echo "iproute2 is missing: installing it with apt-get (the venue Wi-Fi test uses ip netns)…"
  apt_install iproute2 || echo "Could not install iproute2: the venue Wi-Fi test will be skipped." >&2
fi

if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if can_apt; then
  echo "Chromium is missing: installing Debian's chromium with apt-get…"
  apt_install chromium
  command -v chromium >/dev/null 2>&1 && exit 0
fi
echo "Chromium is needed for the browser tests. Install it with: sudo apt-get install -y chromium" >&2
exit 1
