#!/usr/bin/env bash
# HTTP benchmark: Dossier against nginx serving the same bytes, in the same run.
#
#   bench/http.sh [--articles N] [--duration SECONDS] [--connections C] [--threads T]
#
# Generates (once, then reuses) a corpus of N articles, starts `dossier serve` on
# 127.0.0.1, runs wrk against an article page, the home page, a category page and the RSS
# feed with the page cache on, then the same with the cache off, and nginx serving the
# article page's exact bytes as a static file. Prints req/s, p50/p99 latency, the ratio
# Dossier/nginx, the server's start-up time and resident memory. Everything it starts
# listens on 127.0.0.1, is bounded by --duration, and is stopped by PID at the end.
set -euo pipefail

articles=1000
duration=10
connections=50
threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --articles) articles=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "usage: $0 [--articles N] [--duration S] [--connections C] [--threads T]" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/dossier"
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/install-deps)" >&2; exit 1; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

corpus="${DOSSIER_BENCH_DIR:-/tmp/dossier-bench}/corpus-$articles"
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

if [ ! -f "$corpus/.complete" ]; then
  rm -rf "$corpus"
  mkdir -p "$(dirname "$corpus")"
  echo "== generating $articles articles in $corpus"
  "$bin" --data "$corpus" init >/dev/null
  start=$(date +%s.%N)
  "$bin" --data "$corpus" demo --articles "$articles" 2>/dev/null | tail -1
  echo "   corpus generated in $(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN {printf "%.1f", a-b}') s"
  touch "$corpus/.complete"
fi
echo "== corpus: $articles generated articles, database $(du -sh "$corpus/dossier.db" | cut -f1)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts dossier with extra environment; sets $port, $server_pid, $startup_ms.
start_dossier() {
  local log="$work/serve.log"
  local t0
  t0=$(date +%s%N)
  env "$@" DOSSIER_SERVER_ACCESS_LOG=false "$bin" --data "$corpus" serve --listen 127.0.0.1:0 \
    >"$log" 2>&1 &
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
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

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

start_dossier
article_path=$(curl -s "http://127.0.0.1:$port/latest" | grep -o 'href="/articles/[^"]*"' | head -1 | cut -d'"' -f2)
category_path=/category/news
declare -A paths=([article]="$article_path" [home]="/" [category]="$category_path" [rss]="/feed.xml")
order=(article home category rss)
echo "== dossier on 127.0.0.1:$port (start-up ${startup_ms} ms), article page $article_path"

declare -A cached uncached
for name in "${order[@]}"; do
  curl -s -o /dev/null "http://127.0.0.1:$port${paths[$name]}"  # fill the cache
  cached[$name]=$(measure "http://127.0.0.1:$port${paths[$name]}")
done
cached_rss=$(rss_mb "$server_pid")
cached_startup=$startup_ms

# nginx serving the identical bytes of the article page from a file.
mkdir -p "$work/nginx/html" "$work/nginx/logs"
chmod 755 "$work/nginx" "$work/nginx/html"
curl -s "http://127.0.0.1:$port$article_path" >"$work/nginx/html/article.html"
stop_pid "$server_pid"
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
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
pids+=("$nginx_pid")
sleep 0.3
curl -s "http://127.0.0.1:$nginx_port/article.html" >"$work/nginx-copy.html"
cmp -s "$work/nginx-copy.html" "$work/nginx/html/article.html" ||
  { echo "bench: nginx does not serve the article's bytes" >&2; exit 1; }
nginx_result=$(measure "http://127.0.0.1:$nginx_port/article.html")
stop_pid "$nginx_pid"

start_dossier DOSSIER_CACHE_ENABLED=false
for name in "${order[@]}"; do
  uncached[$name]=$(measure "http://127.0.0.1:$port${paths[$name]}")
done
uncached_rss=$(rss_mb "$server_pid")
stop_pid "$server_pid"

nginx_rps=$(cut -d' ' -f1 <<<"$nginx_result")
echo
echo "wrk -t$threads -c$connections -d${duration}s, $articles articles, $(nproc) cores, $(date -u +%F)"
echo
echo "| page | cached req/s | p50 ms | p99 ms | vs nginx | uncached req/s | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|---|---|"
for name in "${order[@]}"; do
  read -r c_rps c_p50 c_p99 <<<"${cached[$name]}"
  read -r u_rps u_p50 u_p99 <<<"${uncached[$name]}"
  ratio=$(awk -v a="$c_rps" -v b="$nginx_rps" 'BEGIN {printf "%.2fx", a/b}')
  echo "| $name | $c_rps | $c_p50 | $c_p99 | $ratio | $u_rps | $u_p50 | $u_p99 |"
done
read -r n_rps n_p50 n_p99 <<<"$nginx_result"
echo "| nginx, same article bytes | $n_rps | $n_p50 | $n_p99 | 1.00x | | | |"
echo
echo "start-up: ${cached_startup} ms; resident memory after the cached run: ${cached_rss} MB," \
  "after the uncached run: ${uncached_rss} MB"
