#!/usr/bin/env bash
# Newsletter delivery throughput: `dossier newsletter send` of one demo article to N
# subscribers through a local SMTP server (Debian's python3-aiosmtpd, the tests' server),
# against Python's smtplib sending the same number of copies of the same message over one
# connection to the same server, in the same run. Listens on 127.0.0.1 only, stops by itself.
#
#   bench/newsletter.sh [--subscribers N]
set -euo pipefail

subscribers=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --subscribers) subscribers=$2; shift 2 ;;
    *) echo "usage: $0 [--subscribers N]" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
bin="${DOSSIER_BUILD_DIR:-$root/build}/dossier"
unset DOSSIER_BUILD_DIR
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }
python=/usr/bin/python3
article=geneva-ceasefire-talks-end-without-deal
work=$(mktemp -d)
smtp_pid=""
cleanup() {
  if [ -n "$smtp_pid" ]; then kill "$smtp_pid" 2>/dev/null || true; wait "$smtp_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" --data "$work/data" init >/dev/null 2>&1 || { mkdir -p "$work/data"; "$bin" --data "$work/data" init >/dev/null; }
"$bin" --data "$work/data" demo >/dev/null
sqlite3 "$work/data/dossier.db" \
  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $subscribers)
   INSERT INTO subscribers (email, status, created_at, confirmed_at)
     SELECT 'reader' || i || '@example.org', 'active', 0, 0 FROM n;
   INSERT INTO subscriptions (subscriber_id, list_id) SELECT id, 1 FROM subscribers;"

start_smtp() {
  rm -rf "$work/mail" && mkdir -p "$work/mail"
  coproc SMTP { exec "$python" "$root/tests/support/smtp_server.py" --port 0 --outdir "$work/mail"; }
  smtp_pid=$SMTP_PID
  read -r -t 10 line <&"${SMTP[0]}"
  port=${line##*:}
}
stop_smtp() { kill "$smtp_pid"; wait "$smtp_pid" 2>/dev/null || true; smtp_pid=""; }
now() { date +%s.%N; }

echo "== $subscribers subscribers, article '$article', $(nproc) cores, $(date -u +%F)"
start_smtp
t0=$(now)
DOSSIER_MAIL_SMTP_URL="smtp://127.0.0.1:$port" DOSSIER_MAIL_RATE_PER_SECOND=10000 \
  DOSSIER_MAIL_FROM="Bench <bench@example.org>" DOSSIER_SITE_URL="https://news.example.org" \
  timeout 600 "$bin" --data "$work/data" newsletter send --article "$article" 2>/dev/null | sed -n "\$p"
t1=$(now)
received=$(find "$work/mail" -name '*.eml' | wc -l)
sample=$(find "$work/mail" -name '*.eml' | sort | sed -n 1p)
size=$(stat -c %s "$sample")
cp "$sample" "$work/sample.eml"
stop_smtp
dossier_s=$(awk -v a="$t1" -v b="$t0" 'BEGIN {printf "%.2f", a-b}')

start_smtp
t0=$(now)
timeout 600 "$python" - "$port" "$work/sample.eml" "$subscribers" <<'PY'
import smtplib, sys
port, path, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
data = open(path, "rb").read()
with smtplib.SMTP("127.0.0.1", port) as s:
    for i in range(1, n + 1):
        s.sendmail("bench@example.org", [f"reader{i}@example.org"], data)
PY
t1=$(now)
reference=$(find "$work/mail" -name '*.eml' | wc -l)
stop_smtp
python_s=$(awk -v a="$t1" -v b="$t0" 'BEGIN {printf "%.2f", a-b}')

awk -v n="$subscribers" -v got="$received" -v ref="$reference" -v d="$dossier_s" -v p="$python_s" -v size="$size" 'BEGIN {
  printf "message size %d bytes\n", size
  printf "dossier newsletter send (queue + deliver): %d delivered in %s s = %.0f mails/s\n", got, d, got / d
  printf "python smtplib, one connection, same bytes: %d delivered in %s s = %.0f mails/s\n", ref, p, ref / p
  printf "ratio dossier / smtplib: %.2f\n", (got / d) / (ref / p)
}'
