#!/usr/bin/env bash
# Two Dossier servers on one PostgreSQL database behind a local nginx load balancer, against
# one server behind the same nginx (issue 18).
#
#   bench/two_servers.sh --postgresql URL [--articles N] [--duration S]
#
# URL names a database that `bench/http.sh --articles N --postgresql URL` filled (it copies
# the corpus there). Starts server A on the corpus's data directory and server B on a second
# data directory whose media directory is a link to A's (the shared media root every server
# must see), then nginx on 127.0.0.1 proxying to A alone, then to A and B (round robin, kept
# connections), and runs wrk -t2 -c50 against an article page through nginx, with the page
# cache on and off. Everything listens on 127.0.0.1, is bounded by --duration, and is stopped
# by PID at the end. On one machine both servers share its cores with nginx and wrk: the
# figures show the cost of the balancer and of a second process, not the gain of a second
# machine.
set -euo pipefail

articles=1000
duration=10
pg_url=""
usage() {
  echo "usage: $0 --postgresql URL [--articles N] [--duration S]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case "$1" in
    --postgresql) pg_url=$2 ;;
    --articles) articles=$2 ;;
    --duration) duration=$2 ;;
    *) usage ;;
  esac
  shift 2
done
[ -n "$pg_url" ] || usage
[[ "$articles" =~ ^[1-9][0-9]*$ && "$duration" =~ ^[1-9][0-9]*$ ]] || usage

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/dossier"
corpus="${DOSSIER_BENCH_DIR:-/tmp/dossier-bench}/corpus-$articles"
[ -f "$corpus/.complete" ] || { echo "bench: run bench/http.sh --articles $articles --postgresql URL first" >&2; exit 1; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d /tmp/dossier-two.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts a server on data directory $1 with extra environment; sets $port. Run in this shell
# (not in a command substitution), so that its PID is ours to stop.
start_server() {
  local dir=$1 log=$work/serve-$RANDOM.log
  shift
  env DOSSIER_DATABASE_URL="$pg_url" DOSSIER_SERVER_ACCESS_LOG=false "$@" \
    "$bin" --data "$dir" serve --listen 127.0.0.1:0 >"$log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 400); do
    grep -q "http://127.0.0.1:" "$log" && break
    sleep 0.01
  done
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f3)
  [ -n "$port" ] || { echo "bench: a server did not start" >&2; cat "$log" >&2; exit 1; }
}

# nginx proxying to the given ports; sets $lb_port and $lb_pid.
start_balancer() {
  lb_port=$(free_port)
  local servers="" p
  for p in "$@"; do servers+="    server 127.0.0.1:$p;"$'\n'; done
  mkdir -p "$work/nginx/logs"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx-$lb_port.pid;
error_log $work/nginx/logs/error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  upstream dossier {
$servers    keepalive 64;
  }
  server {
    listen 127.0.0.1:$lb_port;
    location / {
      proxy_pass http://dossier;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
  }
}
CONF
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
  lb_pid=$!
  pids+=("$lb_pid")
  sleep 0.3
}

# req/s of wrk through the balancer.
measure() {
  wrk -t2 -c50 -d"${duration}s" "http://127.0.0.1:$lb_port$article_path" |
    awk '/Requests\/sec/ {printf "%.0f", $2}'
}

# Server B: its own data directory, the same database, the same media directory.
second="$work/second"
DOSSIER_DATABASE_URL="$pg_url" "$bin" --data "$second" init >/dev/null
rm -rf "$second/media"
ln -s "$corpus/media" "$second/media"

echo "| servers behind nginx | page cache | req/s (article page) |"
echo "|---|---|---|"
for cache in true false; do
  start_server "$corpus" DOSSIER_CACHE_ENABLED=$cache
  a=$port
  start_server "$second" DOSSIER_CACHE_ENABLED=$cache
  b=$port
  article_path=$(curl -s "http://127.0.0.1:$a/" | grep -o 'href="/articles/[^"]*"' | head -1 |
    cut -d'"' -f2)
  [ -n "$article_path" ] || { echo "bench: no article on the home page" >&2; exit 1; }
  start_balancer "$a"
  one=$(measure)
  kill "$lb_pid"; wait "$lb_pid" 2>/dev/null || true
  start_balancer "$a" "$b"
  two=$(measure)
  kill "$lb_pid"; wait "$lb_pid" 2>/dev/null || true
  echo "| one | $cache | $one |"
  echo "| two | $cache | $two |"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
done
