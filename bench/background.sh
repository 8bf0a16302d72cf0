#!/usr/bin/env bash
# Page latency while the jobs thread re-analyses a whole archive (issue 14: background work
# must not take the request threads' CPU).
#
#   bench/background.sh [--articles N] [--duration SECONDS] [--connections C]
#
# Generates (once, then reuses) N articles, none analysed yet, then serves three copies of
# that data dir, each with the page cache off (every request is a full render of an article
# page):
#   idle      the same archive already analysed (reindex --insight, once, then reused):
#             nothing waits in the queue, nothing runs in the background (the reference; the
#             jobs thread drains a queue without waiting its interval, so a queued archive
#             would not stay idle);
#   nice=0    the whole archive waits for analysis, the jobs thread at the requests' priority;
#   nice=10   the same queue with the default jobs.nice.
# Prints req/s, p50/p95/p99 and how many articles were analysed during the run. Everything
# listens on 127.0.0.1, is bounded by --duration, and is stopped by PID.
set -euo pipefail

articles=1000
duration=10
connections=8
while [ $# -gt 0 ]; do
  case "$1" in
    --articles) articles=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "usage: $0 [--articles N] [--duration S] [--connections C]" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/dossier"
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/install-deps)" >&2; exit 1; }
corpus="${DOSSIER_BENCH_DIR:-/tmp/dossier-bench}/unanalysed-$articles"
# dossier refuses DOSSIER_* variables it does not know: this one is the script's alone.
unset DOSSIER_BENCH_DIR
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -f "$corpus/.complete" ]; then
  rm -rf "$corpus"
  mkdir -p "$(dirname "$corpus")"
  echo "== generating $articles articles (not yet analysed) in $corpus"
  "$bin" --data "$corpus" init >/dev/null
  "$bin" --data "$corpus" demo --articles "$articles" >/dev/null 2>&1
  sqlite3 "$corpus/dossier.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  touch "$corpus/.complete"
fi

analysed="${corpus%/*}/analysed-copy-$articles"
if [ ! -f "$analysed/.complete" ]; then
  rm -rf "$analysed"
  cp -r "$corpus" "$analysed"
  rm -f "$analysed/.complete"
  echo "== analysing a copy of it for the idle reference"
  "$bin" --data "$analysed" reindex --insight >/dev/null 2>&1
  sqlite3 "$analysed/dossier.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  touch "$analysed/.complete"
fi

analysed_count() { sqlite3 "$1/dossier.db" "SELECT COUNT(*) FROM insight_state"; }

# run NAME NICE INTERVAL_MS SOURCE -> prints "req/s p50 p95 p99 analysed-during-the-measurement"
run() {
  local data="$work/data-$1" nice=$2 interval=$3 source=$4
  rm -rf "$data"
  cp -r "$source" "$data"
  DOSSIER_CACHE_ENABLED=false DOSSIER_SERVER_ACCESS_LOG=false DOSSIER_JOBS_NICE=$nice \
    DOSSIER_JOBS_INTERVAL_MS=$interval "$bin" --data "$data" serve --listen 127.0.0.1:0 >"$work/log" 2>&1 &
  server_pid=$!
  local port=""
  for _ in $(seq 1 400); do
    port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/log" | head -1 | cut -d: -f3 || true)
    [ -n "$port" ] && break
    sleep 0.02
  done
  [ -n "$port" ] || { echo "bench: the server did not start" >&2; cat "$work/log" >&2; exit 1; }
  # The measurement begins once the server has settled (the analysis has started by then).
  sleep 2
  local before
  before=$(analysed_count "$data")
  local path
  path=$(curl -s "http://127.0.0.1:$port/latest" | grep -o 'href="/articles/[^"]*"' | head -1 | cut -d'"' -f2)
  cat >"$work/p95.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("P %.1f %.2f %.2f %.2f\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
LUA
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" -s "$work/p95.lua" "http://127.0.0.1:$port$path")
  if grep -q "Non-2xx" <<<"$out"; then echo "bench: errors during the run" >&2; echo "$out" >&2; exit 1; fi
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  local after
  after=$(analysed_count "$data")
  echo "$(grep '^P ' <<<"$out" | cut -d' ' -f2-) $(( after - before ))"
}

echo "== uncached article page, wrk -t2 -c$connections -d${duration}s, $(nproc) cores"
printf '%-36s %9s %8s %8s %8s %10s\n' "background work" "req/s" "p50 ms" "p95 ms" "p99 ms" "analysed"
read -r a b c d e < <(run idle 10 3600000 "$analysed")
printf '%-36s %9s %8s %8s %8s %10s\n' "none (jobs asleep)" "$a" "$b" "$c" "$d" "$e"
read -r a b c d e < <(run nice0 0 50 "$corpus")
printf '%-36s %9s %8s %8s %8s %10s\n' "full re-analysis, jobs.nice = 0" "$a" "$b" "$c" "$d" "$e"
read -r a b c d e < <(run nice10 10 50 "$corpus")
printf '%-36s %9s %8s %8s %8s %10s\n' "full re-analysis, jobs.nice = 10" "$a" "$b" "$c" "$d" "$e"
