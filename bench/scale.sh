#!/usr/bin/env bash
# Does the cost stay flat with size? bench/http.sh at several corpus sizes, one table.
#
#   bench/scale.sh [--sizes 1000,10000,100000] [--duration S] [--connections C]
#                  [--threads T] [--runs N] [--pages LIST] [--fresh] [--search]
#                  [--gen-limit S] [--logs DIR]
#
# Runs bench/http.sh once per size (the options above go to it unchanged) and prints, per
# size and page: cached and uncached req/s, p99 and ratio to nginx, with the size's database
# size, corpus generation time, start-up time and the server's peak resident memory under
# load; then, per page, the largest size's req/s divided by the smallest's (1.00 = flat).
#
#   --fresh        regenerate each corpus, so that its generation time is measured (a reused
#                  corpus shows the time recorded when bench/http.sh generated it, or "?").
#                  Deletes DOSSIER_BENCH_DIR/corpus-N (default /tmp/dossier-bench).
#   --search       also run bench/search.sh at each size (full reindex, query latency).
#   --gen-limit S  the time allowed to generate one corpus (default 3600 s).
#   --logs DIR     where each size's full output is kept (default: a new /tmp directory).
#
# Bounded: each size's bench/http.sh (and bench/search.sh) runs under `timeout`, with the
# time its measurements take plus --gen-limit; on the limit, or on Ctrl-C, the run and
# everything it started are stopped (http.sh stops its servers by PID on the way out).
set -euo pipefail

sizes=1000,10000,100000
duration=10
connections=50
threads=2
runs=1
pages=article,home,category,rss
fresh=false
search=false
gen_limit=3600
logs=""
# Start-up, cache filling and nginx's start around each wrk run, and the reports: generous,
# since a busy machine stretches them.
overhead_per_measure_s=5
overhead_per_size_s=60
# search.sh's queries after its reindex (52 queries, --runs 10, and the LIKE scans at 100k
# articles take about three minutes; docs/PERFORMANCE.md).
search_limit_s=1200

usage() {
  echo "usage: $0 [--sizes 1000,10000,100000] [--duration S] [--connections C] [--threads T]" \
    "[--runs N] [--pages LIST] [--fresh] [--search] [--gen-limit S] [--logs DIR]" >&2
  exit 2
}
positive() {
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "scale: $1 needs a positive whole number, got '$2'" >&2; usage; }
}
while [ $# -gt 0 ]; do
  case "$1" in
    --fresh) fresh=true; shift; continue ;;
    --search) search=true; shift; continue ;;
  esac
  [ $# -ge 2 ] || usage
  case "$1" in
    --sizes) sizes=$2 ;;
    --duration) positive "$1" "$2"; duration=$2 ;;
    --connections) positive "$1" "$2"; connections=$2 ;;
    --threads) positive "$1" "$2"; threads=$2 ;;
    --runs) positive "$1" "$2"; runs=$2 ;;
    --pages) pages=$2 ;;
    --gen-limit) positive "$1" "$2"; gen_limit=$2 ;;
    --logs) logs=$2 ;;
    *) usage ;;
  esac
  shift 2
done
IFS=, read -r -a size_list <<<"$sizes"
[ ${#size_list[@]} -gt 0 ] || usage
for size in "${size_list[@]}"; do positive --sizes "$size"; done
IFS=, read -r -a page_list <<<"$pages"

root=$(cd "$(dirname "$0")/.." && pwd)
bench_dir="${DOSSIER_BENCH_DIR:-/tmp/dossier-bench}"
if [ -z "$logs" ]; then logs=$(mktemp -d /tmp/dossier-scale.XXXXXX); fi
mkdir -p "$logs"

# The wrk runs of one size: --runs times each page and nginx, then each page uncached.
measures=$(( runs * (${#page_list[@]} + 1) + ${#page_list[@]} ))
http_limit=$(( measures * (duration + overhead_per_measure_s) + overhead_per_size_s + gen_limit ))

# The command running now, under `timeout`: stopped on Ctrl-C or TERM. timeout runs in a
# process group of its own (so the terminal's Ctrl-C does not reach it) and passes the
# signal it gets on to that whole group: wrk, dossier and nginx included.
running=""
stop_running() {
  if [ -n "$running" ]; then
    kill -TERM "$running" 2>/dev/null || true
    wait "$running" 2>/dev/null || true
    running=""
  fi
}
trap 'stop_running; exit 130' INT
trap 'stop_running; exit 143' TERM
trap stop_running EXIT

# Runs "$@" under `timeout LIMIT`, its output both shown and kept in LOG; returns its status.
bounded() {
  local limit=$1 log=$2
  shift 2
  timeout --kill-after=30 "$limit" "$@" > >(tee "$log") 2>&1 &
  running=$!
  local status=0
  wait "$running" || status=$?
  running=""
  [ "$status" != 124 ] || echo "scale: stopped after the limit of $limit s: $*" >&2
  return "$status"
}

echo "== scale: sizes ${size_list[*]}; wrk -t$threads -c$connections -d${duration}s, $runs run(s);" \
  "pages $pages; at most $http_limit s a size; logs in $logs"
failed=()
for size in "${size_list[@]}"; do
  if $fresh; then rm -rf "${bench_dir:?}/corpus-$size"; fi
  echo
  echo "== $size articles"
  if ! bounded "$http_limit" "$logs/http-$size.txt" "$root/bench/http.sh" --articles "$size" \
    --duration "$duration" --connections "$connections" --threads "$threads" --runs "$runs" \
    --pages "$pages" --summary "$logs/summary-$size.txt"; then
    failed+=("$size")
    rm -f "$logs/summary-$size.txt"
    continue
  fi
  if $search; then
    bounded "$(( search_limit_s + gen_limit ))" "$logs/search-$size.txt" \
      "$root/bench/search.sh" --articles "$size" || failed+=("$size (search)")
  fi
done

# One figure of a size's summary (bench/http.sh --summary), or "?" when there is none.
get() {
  [ -f "$1" ] || { echo "?"; return; }
  awk -v k="$2" '$1 == k {print $2; found = 1} END {if (!found) print "?"}' "$1"
}
int() { awk -v v="$1" 'BEGIN {if (v == "?") print "?"; else printf "%.0f", v}'; }
x() { awk -v v="$1" -v d="$2" 'BEGIN {if (v == "?") print "?"; else printf "%.*fx", d, v}'; }

echo
echo "wrk -t$threads -c$connections -d${duration}s, $runs run(s), $(nproc) cores, $(date -u +%F)," \
  "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo
echo "| articles | database | generated in | start-up | peak memory cached / uncached | nginx req/s" \
  "| page | cached req/s | p99 ms | vs nginx | uncached req/s | p99 ms | vs nginx |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for size in "${size_list[@]}"; do
  s="$logs/summary-$size.txt"
  if [ ! -f "$s" ]; then
    echo "| $size | failed: see $logs/http-$size.txt | | | | | | | | | | | |"
    continue
  fi
  generated=$(get "$s" generated_s)
  [[ "$generated" =~ ^[0-9.]+$ ]] && generated="$generated s" || generated="?"
  head="| $size | $(get "$s" database_mb) MB | $generated | $(get "$s" startup_ms) ms"
  head+=" | $(get "$s" cached_peak_mb) / $(get "$s" uncached_peak_mb) MB | $(int "$(get "$s" nginx_rps)")"
  for page in "${page_list[@]}"; do
    echo "$head | $page | $(int "$(get "$s" "$page.cached_rps")") | $(get "$s" "$page.cached_p99_ms")" \
      "| $(x "$(get "$s" "$page.cached_ratio")" 2) | $(int "$(get "$s" "$page.uncached_rps")")" \
      "| $(get "$s" "$page.uncached_p99_ms") | $(x "$(get "$s" "$page.uncached_ratio")" 3) |"
    head="| | | | | |"
  done
done

# Flat with size: per page, the ratio to nginx at the largest size over the ratio at the
# smallest (1.00 = flat). Ratios rather than req/s, since nginx measured in the same minute
# takes out most of what a busy machine does to the figures.
smallest="$logs/summary-${size_list[0]}.txt"
largest="$logs/summary-${size_list[${#size_list[@]} - 1]}.txt"
if [ ${#size_list[@]} -gt 1 ] && [ -f "$smallest" ] && [ -f "$largest" ]; then
  echo
  echo "ratio to nginx at ${size_list[${#size_list[@]} - 1]} articles over the ratio at ${size_list[0]} (1.00 = flat):"
  for page in "${page_list[@]}"; do
    for mode in cached uncached; do
      awk -v p="$page" -v m="$mode" -v a="$(get "$largest" "$page.${mode}_ratio")" \
        -v b="$(get "$smallest" "$page.${mode}_ratio")" 'BEGIN {
          if (a == "?" || b == "?") printf "  %s %s: ?\n", p, m
          else printf "  %s %s: %.4gx -> %.4gx nginx: %.2f\n", p, m, b, a, a / b }'
    done
  done
fi

if $search; then
  echo
  echo "bench/search.sh (ms; all queries):"
  echo
  echo "| articles | reindex articles/s | page p50 | page p95 | box p50 | box p95 |"
  echo "|---|---|---|---|---|---|"
  for size in "${size_list[@]}"; do
    log="$logs/search-$size.txt"
    reindex=$(awk '/^Indexed .* articles for search/ {gsub(/\(/, "", $(NF-1)); print $(NF-1)}' "$log" 2>/dev/null | tail -1)
    all=$(awk '$1 == "all" && NF == 7 {print $3 " | " $4 " | " $6 " | " $7}' "$log" 2>/dev/null | tail -1)
    echo "| $size | ${reindex:-?} | ${all:-? | ? | ? | ?} |"
  done
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo
  echo "scale: failed at ${failed[*]} (logs in $logs)" >&2
  exit 1
fi
