#!/usr/bin/env python3
"""Compares the HTTP bench's figures with the recorded ones (bench/http.sh --check).

A figures file holds one figure a line, each a page's requests per second divided by the
requests per second of nginx serving the article page's bytes in the same run: ratios, not
absolute figures, because absolute figures follow the machine and how busy it is, while a
ratio to nginx measured in the same minute mostly follows Dossier.

    # comments and blank lines are ignored
    set articles 1000        the settings the figures were measured with
    article cached 0.4191    PAGE MODE RATIO, MODE being cached or uncached
    article uncached 0.02833

Usage:
  check_figures.py check REFERENCE CURRENT [--max-fall 0.25] [--pages article,home]
      Exit 0 when no figure of CURRENT fell more than --max-fall below REFERENCE's; 1 when
      one did, or when a page is in one file and not in the other; 2 when a file is
      malformed or the two were measured with different settings.
  check_figures.py validate FILE [--settings articles=1000,connections=50,threads=2]
      Exit 0 when FILE is a well-formed figures file recorded with these settings (those
      FILE has), 2 (with the line or the setting at fault) otherwise: bench/http.sh asks this
      before measuring, so that a reference it cannot compare with is refused at once.
"""

import argparse
import math
import sys

# The rule (issue 16): a figure more than 25% below its reference fails the check.
# The bench's figures swing by 5-10% between runs on a quiet machine (docs/PERFORMANCE.md),
# so a tighter bound would fail on noise.
DEFAULT_MAX_FALL = 0.25
MODES = ("cached", "uncached")
# Settings that change the ratios themselves: a larger corpus makes the uncached pages
# slower, and connections and threads change how the two servers share the cores. The
# duration and the number of runs only change the noise, so they are not compared.
COMPARED_SETTINGS = ("articles", "connections", "threads")

EXIT_OK = 0
EXIT_FALL = 1
EXIT_ERROR = 2


class FiguresError(Exception):
    """A figures file that cannot be read, with the file and line at fault."""


class Figures:
    def __init__(self):
        self.ratios = {}  # (page, mode) -> ratio
        self.settings = {}  # name -> value, as text


def parse(path):
    """Reads a figures file; raises FiguresError naming the file and line at fault."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise FiguresError(f"{path}: cannot read: {e.strerror}") from e
    figures = Figures()
    for number, line in enumerate(lines, start=1):
        where = f"{path}:{number}"
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        fields = text.split()
        if fields[0] == "set":
            if len(fields) != 3:
                raise FiguresError(f"{where}: expected 'set NAME VALUE', got '{text}'")
            if fields[1] in figures.settings:
                raise FiguresError(f"{where}: setting '{fields[1]}' given twice")
            figures.settings[fields[1]] = fields[2]
            continue
        if len(fields) != 3:
            raise FiguresError(f"{where}: expected 'PAGE MODE RATIO', got '{text}'")
        page, mode, value = fields
        if mode not in MODES:
            raise FiguresError(f"{where}: mode must be cached or uncached, got '{mode}'")
        try:
            ratio = float(value)
        except ValueError:
            raise FiguresError(f"{where}: ratio is not a number: '{value}'") from None
        if not math.isfinite(ratio) or ratio <= 0:
            raise FiguresError(f"{where}: ratio must be a positive number, got '{value}'")
        if (page, mode) in figures.ratios:
            raise FiguresError(f"{where}: '{page} {mode}' given twice")
        figures.ratios[(page, mode)] = ratio
    if not figures.ratios:
        raise FiguresError(f"{path}: no figures (expected lines 'PAGE MODE RATIO')")
    return figures


def settings_differ(reference, current):
    """The first compared setting both have with different values, as a message, or None."""
    for name in COMPARED_SETTINGS:
        ref, cur = reference.get(name), current.get(name)
        if ref is not None and cur is not None and ref != cur:
            return (f"settings differ: the reference has {name}={ref}, this run {name}={cur};"
                    " compare like with like (or record a new reference with --record)")
    return None


def parse_settings(text):
    """'articles=1000,threads=2' as a dict; raises FiguresError on a pair without '='."""
    settings = {}
    for pair in filter(None, text.split(",")):
        name, equals, value = pair.partition("=")
        if not equals or not name or not value:
            raise FiguresError(f"--settings: expected NAME=VALUE, got '{pair}'")
        settings[name] = value
    return settings


def check(reference, current, max_fall, pages=None):
    """Returns (exit status, report lines). pages limits the comparison to those pages."""
    report = []
    differ = settings_differ(reference.settings, current.settings)
    if differ:
        return EXIT_ERROR, [differ]

    def wanted(key):
        return pages is None or key[0] in pages

    status = EXIT_OK
    keys = sorted(set(reference.ratios) | set(current.ratios),
                  key=lambda k: (k[1], k[0]))
    for key in keys:
        if not wanted(key):
            continue
        label = f"{key[0]} {key[1]}"
        ref, cur = reference.ratios.get(key), current.ratios.get(key)
        if cur is None:
            report.append(f"MISSING {label}: in the reference ({ref:.4g}) but not measured")
            status = EXIT_FALL
            continue
        if ref is None:
            report.append(f"MISSING {label}: measured ({cur:.4g}) but no reference figure;"
                          " record one with --record")
            status = EXIT_FALL
            continue
        change = cur / ref - 1
        # A fall of exactly max_fall passes: the rule is "more than 25%".
        fell = change < -max_fall - 1e-12
        verdict = "FALL" if fell else "ok"
        report.append(f"{verdict:7} {label}: {ref:.4g} -> {cur:.4g} ({change:+.1%})")
        if fell:
            status = EXIT_FALL
    if pages is not None:
        unknown = sorted(pages - {page for page, _ in keys})
        for page in unknown:
            report.append(f"MISSING {page}: asked for but in neither file")
            status = EXIT_FALL
    if status == EXIT_OK:
        report.append(f"all figures within {max_fall:.0%} of the reference")
    else:
        report.append(f"check failed: a figure fell more than {max_fall:.0%} or is missing")
    return status, report


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    compare = commands.add_parser("check", help="compare CURRENT with REFERENCE")
    compare.add_argument("reference")
    compare.add_argument("current")
    compare.add_argument("--max-fall", type=float, default=DEFAULT_MAX_FALL,
                         help="largest allowed fall, as a fraction (default 0.25)")
    compare.add_argument("--pages", help="compare only these pages (comma-separated)")
    validate = commands.add_parser("validate", help="check that FILE is well formed")
    validate.add_argument("file")
    validate.add_argument("--settings", default="",
                          help="the run's settings, NAME=VALUE,... (refused if they differ)")
    args = parser.parse_args(argv)

    try:
        if args.command == "validate":
            figures = parse(args.file)
            differ = settings_differ(figures.settings, parse_settings(args.settings))
            if differ:
                print(f"figures: {args.file}: {differ}", file=sys.stderr)
                return EXIT_ERROR
            print(f"{args.file}: {len(figures.ratios)} figures")
            return EXIT_OK
        if not 0 <= args.max_fall < 1:
            print(f"--max-fall must be in [0, 1), got {args.max_fall}", file=sys.stderr)
            return EXIT_ERROR
        pages = None
        if args.pages:
            pages = {p for p in args.pages.split(",") if p}
        status, report = check(parse(args.reference), parse(args.current), args.max_fall, pages)
    except FiguresError as e:
        print(f"figures: {e}", file=sys.stderr)
        return EXIT_ERROR
    print("\n".join(report))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
