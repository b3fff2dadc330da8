#!/usr/bin/env bash
# Runs a command (default: npm test) with two CPU-bound busy loops beside it, the way a shared
# CI or build machine looks to the tests, and says how long it took. The suite must pass so:
# no test may depend on how fast this machine is.
#
#   bash scripts/ci-under-load.sh                         # npm test under load
#   bash scripts/ci-under-load.sh npm test -- --project unit
#   bash scripts/ci-under-load.sh bash .ci/run            # the whole CI under load
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 0 ] && set -- npm test

busy=()
stop_busy() {
  for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_busy EXIT
for _ in 1 2; do
  node -e 'for (;;) {}' &
  busy+=($!)
done

echo "== under load: 2 busy loops (pids ${busy[*]}) beside: $*"
start=$(date +%s)
status=0
"$@" || status=$?
echo "== under load: $* exited $status after $(($(date +%s) - start)) s"
exit "$status"
