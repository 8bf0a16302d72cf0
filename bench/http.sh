#!/usr/bin/env bash
# HTTP benchmark: Dossier against nginx serving the same bytes, in the same run.
#
#   bench/http.sh [--articles N] [--duration SECONDS] [--connections C] [--threads T]
#                 [--pages article,home,category,rss,api] [--runs N]
#                 [--check FILE [--max-fall F]] [--record FILE] [--summary FILE]
#
# Generates (once, then reuses) a corpus of N articles, starts `dossier serve` on
# 127.0.0.1, runs wrk against an article page, the home page, a category page and the RSS
# feed with the page cache on, then nginx serving the article page's exact bytes as a static
# file, then the pages again with the cache off. Prints req/s, p50/p99 latency, the ratio
# Dossier/nginx, the server's start-up time and resident memory. Everything it starts
# listens on 127.0.0.1, is bounded by --duration, and is stopped by PID at the end.
#
#   --pages LIST   measure only these pages (comma-separated); nginx is always measured.
#   --runs N       repeat the cached measurement and nginx's N times (each run starts the
#                  server anew), print each run's ratio, the lowest, and the worst p99:
#                  issue 16's target is "five consecutive 10 s runs all above 1.1x, p99 <
#                  5 ms". The table shows, per page, the run with the median ratio.
#   --check FILE   compare this run's ratios with FILE's (bench/check_figures.py): exit 1
#                  when one fell more than --max-fall (default 0.25), or a page is missing.
#   --record FILE  write this run's ratios to FILE as the new reference.
#   --summary FILE write every figure as "KEY VALUE" lines (for bench/scale.sh).
#   --postgresql URL  serve from PostgreSQL: URL names an empty database the user owns (or
#                  one an earlier run filled); the corpus is copied there with `dossier db
#                  copy --to` once, and the server runs with DOSSIER_DATABASE_URL=URL.
set -euo pipefail

articles=1000
duration=10
connections=50
threads=2
runs=1
pages_arg=""
check_file=""
record_file=""
summary_file=""
max_fall=""
pg_url=""
all_pages=(article home category rss)
# Pages measured only when --pages names them: the recorded figures (bench/http-figures.txt)
# have none of them yet, and --check refuses a page one file has and the other lacks.
#   api: the Content API's first page of articles (JSON, its own in-memory views, never in the
#        page cache: "cached" and "uncached" differ only by the page cache being off).
extra_pages=(api)
# Issue 16's target for the cached path, printed next to each --runs result.
target_ratio=1.1
target_p99_ms=5

usage() {
  echo "usage: $0 [--articles N] [--duration S] [--connections C] [--threads T]" \
    "[--pages $(IFS=,; echo "${all_pages[*]}")] [--runs N] [--check FILE [--max-fall F]]" \
    "[--record FILE] [--summary FILE] [--postgresql URL]" >&2
  exit 2
}
positive() {
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "bench: $1 needs a positive whole number, got '$2'" >&2; usage; }
}
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case "$1" in
    --articles) positive "$1" "$2"; articles=$2 ;;
    --duration) positive "$1" "$2"; duration=$2 ;;
    --connections) positive "$1" "$2"; connections=$2 ;;
    --threads) positive "$1" "$2"; threads=$2 ;;
    --runs) positive "$1" "$2"; runs=$2 ;;
    --pages) pages_arg=$2 ;;
    --check) check_file=$2 ;;
    --max-fall) max_fall=$2 ;;
    --record) record_file=$2 ;;
    --summary) summary_file=$2 ;;
    --postgresql) pg_url=$2 ;;
    *) usage ;;
  esac
  shift 2
done

order=("${all_pages[@]}")
if [ -n "$pages_arg" ]; then
  IFS=, read -r -a order <<<"$pages_arg"
  [ ${#order[@]} -gt 0 ] || usage
  declare -A seen=()
  for name in "${order[@]}"; do
    [[ " ${all_pages[*]} ${extra_pages[*]} " == *" $name "* ]] ||
      { echo "bench: unknown page '$name' (pages: ${all_pages[*]} ${extra_pages[*]})" >&2; exit 2; }
    [ -z "${seen[$name]:-}" ] || { echo "bench: page '$name' given twice" >&2; exit 2; }
    seen[$name]=1
  done
fi

if [ -n "$max_fall" ] && [ -z "$check_file" ]; then
  echo "bench: --max-fall goes with --check" >&2
  exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/dossier"
checker="$root/bench/check_figures.py"
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/install-deps)" >&2; exit 1; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
# A reference that cannot be read is found now, not after minutes of measuring.
if [ -n "$check_file" ]; then
  python3 "$checker" validate "$check_file" \
    --settings "articles=$articles,connections=$connections,threads=$threads" >/dev/null || exit 2
fi

corpus="${DOSSIER_BENCH_DIR:-/tmp/dossier-bench}/corpus-$articles"
# The binary refuses DOSSIER_* variables it does not know (docs/CONFIGURATION.md), and this
# one is the script's own.
unset DOSSIER_BENCH_DIR
work=$(mktemp -d)
# nginx's workers run as an unprivileged user: they must be able to read the copied page.
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# Stopped by a signal (bench/scale.sh's time limit, Ctrl-C), exit through the cleanup too.
trap 'exit 130' INT
trap 'exit 143' TERM

if [ ! -f "$corpus/.complete" ]; then
  rm -rf "$corpus"
  mkdir -p "$(dirname "$corpus")"
  echo "== generating $articles articles in $corpus"
  "$bin" --data "$corpus" init >/dev/null
  start=$(date +%s.%N)
  "$bin" --data "$corpus" demo --articles "$articles" 2>/dev/null | tail -1
  generated_s=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN {printf "%.1f", a-b}')
  echo "   corpus generated in $generated_s s"
  # The generation time is kept with the corpus, for the runs that reuse it (bench/scale.sh).
  echo "$generated_s" >"$corpus/.complete"
fi
generated_s=$(head -1 "$corpus/.complete")
database_mb=$(du -m "$corpus/dossier.db" | cut -f1)
echo "== corpus: $articles generated articles, database $(du -sh "$corpus/dossier.db" | cut -f1)"
# On PostgreSQL the corpus is copied once; a database an earlier run filled is refused by
# the copy as not empty, and used as it is.
database_env=()
if [ -n "$pg_url" ]; then
  copied=$("$bin" --data "$corpus" db copy --to "$pg_url" 2>&1) ||
    grep -q "not empty" <<<"$copied" || { echo "$copied" >&2; exit 1; }
  echo "== serving from PostgreSQL (${pg_url%%@*}@...)"
  database_env=(DOSSIER_DATABASE_URL="$pg_url")
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts dossier with extra environment; sets $port, $server_pid, $startup_ms.
# Each start logs to a file of its own: with one file, a start could read the port the
# previous server wrote there before the new one truncated it.
starts=0
start_dossier() {
  starts=$((starts + 1))
  local log="$work/serve-$starts.log"
  local t0
  t0=$(date +%s%N)
  # The API's per-address limit (api.rate_per_minute) would answer wrk with 429s: it is what a
  # reader meets, not what the bench measures, so it is raised to its maximum here.
  env "${database_env[@]}" "$@" DOSSIER_SERVER_ACCESS_LOG=false DOSSIER_API_RATE_PER_MINUTE=1000000 \
    "$bin" --data "$corpus" serve --listen 127.0.0.1:0 >"$log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 1 400); do
    if grep -q "http://127.0.0.1:" "$log"; then break; fi
    sleep 0.01
  done
  startup_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f3)
  [ -n "$port" ] || { echo "bench: server did not start"; cat "$log"; exit 1; }
}
# Stops a process this script started and forgets it, so that the cleanup never signals a
# PID the system may have given to another process since.
stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local kept=() pid
  for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
  pids=("${kept[@]}")
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# The kernel's high-water mark of the resident set: the most the server held at any moment,
# so it covers the moments wrk was loading it, not only the moment after.
peak_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# wrk, then "req/s p50 p99" (latencies in ms).
measure() {
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$1" 2>&1)
  # A benchmark of error pages measures nothing: any non-2xx answer stops the run.
  if grep -q "Non-2xx" <<<"$out"; then
    echo "bench: $1 answered errors during the run:" >&2
    echo "$out" >&2
    exit 1
  fi
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}
to_ms() {
  local v=$1
  case "$v" in
    *us) echo "$v" | sed 's/us//' | awk '{printf "%.3f", $1/1000}' ;;
    *ms) echo "$v" | sed 's/ms//' | awk '{printf "%.2f", $1}' ;;
    *s) echo "$v" | sed 's/s//' | awk '{printf "%.0f", $1*1000}' ;;
    *) echo "$v" ;;
  esac
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.4g", a/b}'; }
times_x() { awk -v r="$1" 'BEGIN {printf "%.2fx", r}'; }

# nginx serving the identical bytes of the article page from a file; sets $nginx_port.
setup_nginx() {
  mkdir -p "$work/nginx/html" "$work/nginx/logs"
  chmod 755 "$work/nginx" "$work/nginx/html"
  curl -s "http://127.0.0.1:$port$article_path" >"$work/nginx/html/article.html"
  nginx_port=$(free_port)
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  default_type text/html;
  etag on;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/html;
    location / { try_files \$uri /article.html; }
  }
}
CONF
}
# Starts nginx (in this shell, not a subshell, so that its PID is ours to stop); sets
# $nginx_pid.
start_nginx() {
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
  nginx_pid=$!
  pids+=("$nginx_pid")
  sleep 0.3
  curl -s "http://127.0.0.1:$nginx_port/article.html" >"$work/nginx-copy.html"
  cmp -s "$work/nginx-copy.html" "$work/nginx/html/article.html" ||
    { echo "bench: nginx does not serve the article's bytes" >&2; exit 1; }
}

# The cached pages and nginx, --runs times. Each run's figures: cached_runs[PAGE:RUN] and
# nginx_runs[RUN], "req/s p50 p99".
declare -A paths cached_runs nginx_runs
cached_rss=0
cached_peak=0
for run in $(seq 1 "$runs"); do
  start_dossier
  if [ "$run" = 1 ]; then
    article_path=$(curl -s "http://127.0.0.1:$port/latest" | grep -o 'href="/articles/[^"]*"' | head -1 | cut -d'"' -f2)
    paths=([article]="$article_path" [home]="/" [category]="/category/news" [rss]="/feed.xml"
      [api]="/api/content/v1/articles?limit=15")
    cached_startup=$startup_ms
    echo "== dossier on 127.0.0.1:$port (start-up ${startup_ms} ms), article page $article_path"
  fi
  for name in "${order[@]}"; do
    curl -s -o /dev/null "http://127.0.0.1:$port${paths[$name]}"  # fill the cache
    cached_runs[$name:$run]=$(measure "http://127.0.0.1:$port${paths[$name]}")
  done
  cached_rss=$(rss_mb "$server_pid")
  peak=$(peak_mb "$server_pid")
  [ "$peak" -le "$cached_peak" ] || cached_peak=$peak
  [ "$run" != 1 ] || setup_nginx
  stop_pid "$server_pid"
  start_nginx
  nginx_runs[$run]=$(measure "http://127.0.0.1:$nginx_port/article.html")
  stop_pid "$nginx_pid"
  if [ "$runs" -gt 1 ]; then
    line="run $run/$runs: nginx $(cut -d' ' -f1 <<<"${nginx_runs[$run]}") req/s"
    for name in "${order[@]}"; do
      read -r c_rps _ c_p99 <<<"${cached_runs[$name:$run]}"
      line+="; $name $c_rps req/s, p99 $c_p99 ms, $(times_x "$(ratio "$c_rps" "${nginx_runs[$run]%% *}")")"
    done
    echo "$line"
  fi
done

declare -A uncached
start_dossier DOSSIER_CACHE_ENABLED=false
for name in "${order[@]}"; do
  uncached[$name]=$(measure "http://127.0.0.1:$port${paths[$name]}")
done
uncached_rss=$(rss_mb "$server_pid")
uncached_peak=$(peak_mb "$server_pid")
stop_pid "$server_pid"

# The median of the runs (the lower one of an even count), by sorting "key run" lines.
median_run() { sort -g -k1,1 | awk '{runs[NR] = $2} END {print runs[int((NR + 1) / 2)]}'; }
nginx_median=$(for run in "${!nginx_runs[@]}"; do echo "${nginx_runs[$run]%% *} $run"; done | median_run)
nginx_result=${nginx_runs[$nginx_median]}
nginx_rps=${nginx_result%% *}

# Per page: the run with the median ratio, the lowest ratio and the worst p99 of the runs.
declare -A cached cached_ratio min_ratio worst_p99
for name in "${order[@]}"; do
  lines=$(for run in $(seq 1 "$runs"); do
    c_rps=${cached_runs[$name:$run]%% *}
    echo "$(ratio "$c_rps" "${nginx_runs[$run]%% *}") $run"
  done)
  median=$(median_run <<<"$lines")
  cached[$name]=${cached_runs[$name:$median]}
  cached_ratio[$name]=$(ratio "${cached[$name]%% *}" "${nginx_runs[$median]%% *}")
  min_ratio[$name]=$(sort -g -k1,1 <<<"$lines" | head -1 | cut -d' ' -f1)
  worst_p99[$name]=$(for run in $(seq 1 "$runs"); do echo "${cached_runs[$name:$run]##* }"; done |
    sort -g | tail -1)
done

echo
echo "wrk -t$threads -c$connections -d${duration}s, $articles articles, $(nproc) cores, $(date -u +%F)"
echo
echo "| page | cached req/s | p50 ms | p99 ms | vs nginx | uncached req/s | p50 ms | p99 ms | vs nginx |"
echo "|---|---|---|---|---|---|---|---|---|"
for name in "${order[@]}"; do
  read -r c_rps c_p50 c_p99 <<<"${cached[$name]}"
  read -r u_rps u_p50 u_p99 <<<"${uncached[$name]}"
  echo "| $name | $c_rps | $c_p50 | $c_p99 | $(times_x "${cached_ratio[$name]}") | $u_rps | $u_p50 | $u_p99 |" \
    "$(awk -v a="$u_rps" -v b="$nginx_rps" 'BEGIN {printf "%.3fx", a/b}') |"
done
read -r n_rps n_p50 n_p99 <<<"$nginx_result"
echo "| nginx, same article bytes | $n_rps | $n_p50 | $n_p99 | 1.00x | | | | |"
echo
if [ "$runs" -gt 1 ]; then
  echo "$runs runs: the cached columns are each page's median run, nginx its median run."
  echo "target (issue 16): every run above ${target_ratio}x nginx, p99 < ${target_p99_ms} ms"
  for name in "${order[@]}"; do
    met=$(awk -v r="${min_ratio[$name]}" -v p="${worst_p99[$name]}" -v tr="$target_ratio" \
      -v tp="$target_p99_ms" 'BEGIN {print (r > tr && p < tp) ? "met" : "not met"}')
    echo "  $name: lowest $(times_x "${min_ratio[$name]}"), worst p99 ${worst_p99[$name]} ms: $met"
  done
  echo
fi
echo "start-up: ${cached_startup} ms; resident memory after the cached run: ${cached_rss} MB" \
  "(peak under load ${cached_peak} MB), after the uncached run: ${uncached_rss} MB" \
  "(peak under load ${uncached_peak} MB)"

# The figures in bench/check_figures.py's format.
figures="$work/figures.txt"
{
  echo "# bench/http.sh, $(date -u '+%F %H:%M') UTC, $(nproc) cores, commit" \
    "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), nginx $nginx_rps req/s"
  echo "set articles $articles"
  echo "set duration $duration"
  echo "set connections $connections"
  echo "set threads $threads"
  echo "set runs $runs"
  echo
  for name in "${order[@]}"; do echo "$name cached ${cached_ratio[$name]}"; done
  for name in "${order[@]}"; do echo "$name uncached $(ratio "${uncached[$name]%% *}" "$nginx_rps")"; done
} >"$figures"

if [ -n "$summary_file" ]; then
  {
    echo "articles $articles"
    echo "database_mb $database_mb"
    echo "generated_s ${generated_s:-unknown}"
    echo "startup_ms $cached_startup"
    echo "nginx_rps $nginx_rps"
    echo "cached_rss_mb $cached_rss"
    echo "cached_peak_mb $cached_peak"
    echo "uncached_rss_mb $uncached_rss"
    echo "uncached_peak_mb $uncached_peak"
    echo "pages ${order[*]}"
    for name in "${order[@]}"; do
      read -r c_rps _ c_p99 <<<"${cached[$name]}"
      read -r u_rps _ u_p99 <<<"${uncached[$name]}"
      echo "$name.cached_rps $c_rps"
      echo "$name.cached_p99_ms $c_p99"
      echo "$name.cached_ratio ${cached_ratio[$name]}"
      echo "$name.cached_min_ratio ${min_ratio[$name]}"
      echo "$name.uncached_rps $u_rps"
      echo "$name.uncached_p99_ms $u_p99"
      echo "$name.uncached_ratio $(ratio "$u_rps" "$nginx_rps")"
    done
  } >"$summary_file"
fi
if [ -n "$record_file" ]; then
  cp "$figures" "$record_file"
  echo "figures recorded in $record_file"
fi
if [ -n "$check_file" ]; then
  echo
  echo "== figures against $check_file"
  pages_filter=()
  [ -z "$pages_arg" ] || pages_filter=(--pages "$pages_arg")
  python3 "$checker" check "$check_file" "$figures" ${max_fall:+--max-fall "$max_fall"} \
    "${pages_filter[@]}" || exit $?
fi
