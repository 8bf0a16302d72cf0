#!/usr/bin/env bash
# Client pages against the public article page of the same server, in the same run (issue 17):
#
#   bench/portal.sh [--duration SECONDS] [--connections C]
#
# A fresh demo site; one of its articles is made client-only from the command line, an
# organisation with one member is granted everything, and the member signs in with a one-time
# link (dossier client link, then the link's POST), as a reader would. Then wrk measures, each
# for --duration:
#   public article, cached     the reference: what every anonymous reader gets
#   public article, uncached   the same page for a signed-in reader (a reader's cookie passes
#                              the page cache by design)
#   teaser (anonymous)         the client report for a reader without access
#   report (granted member)    the client report in full, with its access check and audit row
#   /portal                    the member's portal
# Prints req/s, p50 and p99, and each as a ratio to the cached public page. Everything listens
# on 127.0.0.1, is bounded by --duration, and is stopped by PID.
set -euo pipefail
[ -n "${BENCH_DEBUG:-}" ] && set -x

duration=5
connections=8
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "usage: $0 [--duration S] [--connections C]" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/dossier"
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/install-deps)" >&2; exit 1; }
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

data="$work/data"
"$bin" --data "$data" init >/dev/null
"$bin" --data "$data" demo >/dev/null 2>&1
slugs=$(sqlite3 "$data/dossier.db" \
  "SELECT slug FROM articles WHERE status = 'published' AND visibility = 'public' AND kind <> 'page' ORDER BY id LIMIT 2")
public=$(sed -n 1p <<<"$slugs")
report=$(sed -n 2p <<<"$slugs")
"$bin" --data "$data" article visibility --slug "$report" --set clients >/dev/null
"$bin" --data "$data" client add --name "Bench Unit" --seats 5 >/dev/null
"$bin" --data "$data" client member add --client "Bench Unit" --email reader@example.org --name Reader >/dev/null
"$bin" --data "$data" client grant --client "Bench Unit" --all >/dev/null
link=$("$bin" --data "$data" client link --email reader@example.org | grep -o 'http[^ ]*/portal/link/[^ ]*' | head -1)
token=${link##*/portal/link/}
token=${token%%\?*}

DOSSIER_SERVER_ACCESS_LOG=false "$bin" --data "$data" serve --listen 127.0.0.1:0 >"$work/log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 400); do
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/log" | head -1 | cut -d: -f3 || true)
  [ -n "$port" ] && break
  sleep 0.02
done
[ -n "$port" ] || { echo "bench: the server did not start" >&2; cat "$work/log" >&2; exit 1; }
base="http://127.0.0.1:$port"
cookie=$(curl -s -o /dev/null -D - -X POST -H "Origin: $base" "$base/portal/link/$token" |
  grep -io 'set-cookie: dossier_reader=[^;]*' | head -1 | cut -d' ' -f2)
[ -n "$cookie" ] || { echo "bench: the member could not sign in" >&2; exit 1; }
# Read whole before grep (grep -q stops early, and pipefail would count curl's broken pipe).
page=$(curl -sf -H "Cookie: $cookie" "$base/articles/$report")
grep -q 'article__body' <<<"$page" ||
  { echo "bench: the granted member does not get the report" >&2; exit 1; }

cat >"$work/p.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("P %.0f %.2f %.2f\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
# measure URL [COOKIE] -> "req/s p50 p99"
measure() {
  local args=(-t2 -c"$connections" -d"${duration}s" -s "$work/p.lua")
  [ -n "${2:-}" ] && args+=(-H "Cookie: $2")
  local out
  out=$(wrk "${args[@]}" "$1")
  if grep -q "Non-2xx" <<<"$out"; then echo "bench: errors during the run of $1" >&2; echo "$out" >&2; exit 1; fi
  grep '^P ' <<<"$out" | cut -d' ' -f2-
}

echo "== client pages, wrk -t2 -c$connections -d${duration}s, $(nproc) cores"
printf '%-28s %9s %8s %8s %10s\n' "page" "req/s" "p50 ms" "p99 ms" "vs cached"
read -r ref p50 p99 < <(measure "$base/articles/$public")
printf '%-28s %9s %8s %8s %10s\n' "public article, cached" "$ref" "$p50" "$p99" "1.00x"
row() {
  local name=$1 url=$2 c=${3:-}
  read -r rps p50 p99 < <(measure "$url" "$c")
  printf '%-28s %9s %8s %8s %9.3fx\n' "$name" "$rps" "$p50" "$p99" "$(echo "$rps / $ref" | bc -l)"
}
row "public article, uncached" "$base/articles/$public" "$cookie"
row "teaser (anonymous)" "$base/articles/$report"
row "report (granted member)" "$base/articles/$report" "$cookie"
row "/portal" "$base/portal" "$cookie"
