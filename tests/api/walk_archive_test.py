#!/usr/bin/env python3
"""CTest api.walk_archive: walk_archive.py against the real binary.

Starts build/dossier on a free 127.0.0.1 port with demo content in a temporary data directory
(enough generated articles for several pages), walks the archive with a small page size and
checks it saw every public article exactly once, read from the database file itself, and that
anything else it saw was a restricted article shown as a teaser. Stops the server by its PID.

    tests/api/walk_archive_test.py --binary build/dossier
"""
import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import walk_archive  # noqa: E402

GENERATED_ARTICLES = 60   # with the demo's own, several pages at PAGE_SIZE
PAGE_SIZE = 7             # not a divisor of the total, so the last page is a short one
START_SECONDS = 30
STOP_SECONDS = 10


def run(binary, data, *args):
    subprocess.run([binary, "--data", data, *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def public_articles(data):
    """The published, public articles (never pages), straight from the database."""
    with sqlite3.connect(f"file:{os.path.join(data, 'dossier.db')}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT slug FROM articles WHERE status = 'published' "
                          "AND visibility = 'public' AND kind <> 'page'").fetchall()
    return {slug for (slug,) in rows}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    failures = []
    with tempfile.TemporaryDirectory(prefix="dossier-walk-") as data:
        run(args.binary, data, "init")
        run(args.binary, data, "demo", "--articles", str(GENERATED_ARTICLES))
        server = subprocess.Popen([args.binary, "--data", data, "serve", "--listen", "127.0.0.1:0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            # The first line is "Dossier is serving DIR on http://127.0.0.1:PORT/".
            deadline = time.monotonic() + START_SECONDS
            line = ""
            while time.monotonic() < deadline and "http://" not in line:
                line = server.stdout.readline()
                if not line and server.poll() is not None:
                    break
            if "http://" not in line:
                print("not ok - the server did not start")
                print("0 passed, 1 failed")
                return 1
            base = line[line.index("http://"):].strip()
            articles, pages = walk_archive.walk(base, limit=PAGE_SIZE)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        expected = public_articles(data)

    slugs = [a["slug"] for a in articles]
    checks = {
        "the archive spans several pages": pages > 1 and len(expected) > PAGE_SIZE,
        "no article twice": len(slugs) == len(set(slugs)),
        "every public article seen": expected <= set(slugs),
        "anything else is a restricted article's teaser":
            all(a["access"] == "teaser" for a in articles if a["slug"] not in expected),
        "no static page among the articles": all(a["kind"] != "page" for a in articles),
        "as many pages as the pagination promised": pages == -(-len(slugs) // PAGE_SIZE),
    }
    for name, ok in checks.items():
        print(f"{'ok' if ok else 'not ok'} - {name}")
        if not ok:
            failures.append(name)
    missing = expected - set(slugs)
    if missing:
        print(f"    missing: {', '.join(sorted(missing)[:20])}")
    print(f"    {len(articles)} articles in {pages} pages; {len(expected)} public in the database")
    print(f"{len(checks) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
