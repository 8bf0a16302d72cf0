#!/usr/bin/env python3
"""Walks a Dossier site's whole archive through the Content API and prints what it saw.

    tests/api/walk_archive.py http://127.0.0.1:8080 [--key dsk_c_...] [--limit 100]

It asks for /api/content/v1/articles page by page, following meta.pagination.next until it is
null, with the key (if any) in the Authorization header (RFC 6750), and prints the counts: pages,
articles, by kind and by access. Python's standard library only, so any machine can run it;
tests/api/walk_archive_test.py runs it against the real binary.
"""
import argparse
import collections
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

ARTICLES = "/api/content/v1/articles"
MAX_LIMIT = 100        # the API's largest page (CONTRACT.md: limit 1-100)
MAX_PAGES = 100_000    # a walk stops here whatever the server says: a loop must end
TIMEOUT_SECONDS = 30   # one request


class WalkError(Exception):
    pass


def fetch(base, path, key=None):
    request = urllib.request.Request(base.rstrip("/") + path, headers={"Accept": "application/json"})
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:
        # The API's refusals are RFC 9457 problems: show their code and detail.
        try:
            problem = json.load(e)
            detail = f"{problem.get('code')}: {problem.get('detail')}"
        except (ValueError, OSError):
            detail = e.reason
        raise WalkError(f"GET {path}: {e.code} {detail}") from None


def walk(base, key=None, limit=MAX_LIMIT):
    """Every article the caller may see, in the order the API gives them, and the pages read."""
    articles, page, pages_read, seen_pages = [], 1, 0, set()
    while page is not None:
        if page in seen_pages or pages_read >= MAX_PAGES:
            raise WalkError(f"pagination does not end: page {page} again after {pages_read} pages")
        seen_pages.add(page)
        query = urllib.parse.urlencode({"page": page, "limit": limit})
        body = fetch(base, f"{ARTICLES}?{query}", key)
        articles.extend(body["articles"])
        pages_read += 1
        page = body["meta"]["pagination"]["next"]
    return articles, pages_read


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the site's address, e.g. http://127.0.0.1:8080")
    parser.add_argument("--key", help="a content key (dsk_c_...); without it, as an anonymous reader")
    parser.add_argument("--limit", type=int, default=MAX_LIMIT, help="articles a page (1-100)")
    args = parser.parse_args()
    try:
        articles, pages = walk(args.base, args.key, args.limit)
    except (WalkError, OSError) as e:
        print(f"walk_archive: {e}", file=sys.stderr)
        return 1
    slugs = collections.Counter(a["slug"] for a in articles)
    print(f"pages: {pages}")
    print(f"articles: {len(articles)} ({len(slugs)} distinct)")
    for name, counter in (("kind", collections.Counter(a["kind"] for a in articles)),
                          ("access", collections.Counter(a["access"] for a in articles))):
        print(f"by {name}: " + ", ".join(f"{k} {n}" for k, n in sorted(counter.items())))
    repeated = [s for s, n in slugs.items() if n > 1]
    if repeated:
        print(f"seen more than once: {', '.join(sorted(repeated))}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
