#!/usr/bin/env bash
# Search benchmark: query latency over a generated corpus against a LIKE scan (what
# WordPress does) on the same table in the same run, full-reindex throughput, index size.
#
#   bench/search.sh [--articles N] [--runs R] [--postgresql URL]
#
# With --postgresql postgresql://USER@HOST:PORT/DB (an empty database the user owns), the
# corpus is generated into that database instead (`dossier demo` with database.url set) and
# the same queries run through the PostgreSQL index; its data directory (media, config) is
# kept apart from the SQLite corpus's.
#
# Generates (once, then reuses; shared with bench/http.sh) a corpus of N articles, times
# `dossier reindex` over it, then runs build/bench/dossier_search_bench with the query set
# of bench/search_queries.txt. Starts no server and listens on nothing; every step is
# bounded by the corpus and the query set. The bench prints wall-clock and CPU-time
# percentiles per class: on a shared machine, compare builds by the CPU table (and their
# rankings with `dossier_search_bench ... --hits 1`, diffed).
set -euo pipefail

articles=100000
runs=10
pg_url=
while [ $# -gt 0 ]; do
  case "$1" in
    --articles) articles=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --postgresql) pg_url=$2; shift 2 ;;
    *) echo "usage: $0 [--articles N] [--runs R] [--postgresql URL]" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
build="${DOSSIER_BUILD_DIR:-$root/build}"
bin="$build/dossier"
bench="$build/bench/dossier_search_bench"
[ -x "$bin" ] && [ -x "$bench" ] || { echo "bench: build first (make build)" >&2; exit 1; }

corpus="${DOSSIER_BENCH_DIR:-/tmp/dossier-bench}/corpus-$articles"
# The binary refuses DOSSIER_* variables it does not know (docs/CONFIGURATION.md), and these
# two are the script's own.
unset DOSSIER_BUILD_DIR DOSSIER_BENCH_DIR
if [ -n "$pg_url" ]; then
  corpus="$corpus-postgresql"
  export DOSSIER_DATABASE_URL="$pg_url"
fi
if [ ! -f "$corpus/.complete" ]; then
  rm -rf "$corpus"
  mkdir -p "$(dirname "$corpus")"
  echo "== generating $articles articles in $corpus"
  "$bin" --data "$corpus" init >/dev/null
  "$bin" --data "$corpus" demo --articles "$articles" 2>/dev/null | tail -2
  touch "$corpus/.complete"
fi

echo "== full reindex of $articles articles"
"$bin" --data "$corpus" reindex 2>/dev/null
if [ -n "$pg_url" ]; then
  echo "== database $pg_url"
  db="$pg_url"
else
  echo "== database $(du -h "$corpus/dossier.db" | cut -f1)"
  db="$corpus/dossier.db"
fi
echo "== queries (bench/search_queries.txt), $runs runs each"
"$bench" --db "$db" --queries "$root/bench/search_queries.txt" --runs "$runs"
