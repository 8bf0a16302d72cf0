#!/usr/bin/env bash
# The WordPress import's rate (issue 20: posts per second on a generated export of 10,000
# posts with 50,000 comments).
#
#   bench/import.sh [--posts N] [--comments M]
#
# Writes the export once under /tmp (bench/wxr_generate.py; reused while its size matches),
# imports it into a fresh data directory, and prints the import's own figures (posts/s,
# comments/s) and the wall time of the whole command. Nothing listens; the data directory is
# removed at the end.
set -euo pipefail

posts=10000
comments=50000
while [ $# -gt 0 ]; do
  case "$1" in
    --posts) posts=$2; shift 2 ;;
    --comments) comments=$2; shift 2 ;;
    *) echo "usage: $0 [--posts N] [--comments M]" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/dossier"
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }
export_file="/tmp/dossier-bench-wxr-$posts-$comments.xml"
if [ ! -s "$export_file" ]; then
  echo "writing $export_file" >&2
  python3 "$root/bench/wxr_generate.py" "$export_file" --posts "$posts" --comments "$comments"
fi
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
"$bin" --data "$data" init >/dev/null
started=$(date +%s.%N)
"$bin" --data "$data" import wordpress "$export_file" | tee "$data/summary.txt"
ended=$(date +%s.%N)
size=$(du -m "$export_file" | cut -f1)
echo "export: $posts posts, $comments comments, ${size} MB"
awk -v s="$started" -v e="$ended" -v p="$posts" -v c="$comments" \
  'BEGIN { t = e - s; printf "wall: %.1f s, %.0f posts/s, %.0f comments/s\n", t, p / t, c / t }'
