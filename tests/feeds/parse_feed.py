#!/usr/bin/python3
"""Parses a feed file with feedparser and prints what the end-to-end tests check, as JSON.

Usage: parse_feed.py FILE. Run with Debian's /usr/bin/python3 (python3-feedparser).
Dates are printed as parsed by feedparser (RFC 822 for RSS, RFC 3339 for Atom) and
re-formatted as UTC "YYYY-MM-DDTHH:MM:SSZ", or null when feedparser could not read them.
"""
import json
import sys
import time

import feedparser


def iso(parsed):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed) if parsed else None


def enclosure(entry):
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure":
            return {"href": link.get("href"), "length": link.get("length"),
                    "type": link.get("type")}
    return None


def main(path):
    feed = feedparser.parse(path)
    entries = feed.entries
    first = entries[0] if entries else {}
    out = {
        "bozo": bool(feed.bozo),
        "bozo_exception": str(feed.get("bozo_exception", "")),
        "version": feed.get("version", ""),
        "title": feed.feed.get("title", ""),
        "entries": len(entries),
        "all_dates_parse": all(e.get("published_parsed") for e in entries),
        "first": {
            "title": first.get("title"),
            "link": first.get("link"),
            "id": first.get("id"),
            "published": iso(first.get("published_parsed")),
            "author": first.get("author"),
            "enclosure": enclosure(first) if first else None,
            "has_content": bool(first.get("content")),
        },
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
