#!/usr/bin/env python3
"""Tests of bench/check_figures.py: the real script, run as bench/http.sh runs it, on the
figures files in tests/bench/fixtures/ (no server: the comparison is all that is tested),
and of the bench scripts' refusal of bad options.

Usage: check_figures_test.py SOURCE_DIR
"""

import subprocess
import sys
import unittest
from pathlib import Path

SOURCE_DIR = Path(sys.argv.pop(1) if len(sys.argv) > 1 else Path(__file__).parents[2])
SCRIPT = SOURCE_DIR / "bench" / "check_figures.py"
FIXTURES = SOURCE_DIR / "tests" / "bench" / "fixtures"
REFERENCE = FIXTURES / "reference.txt"


def run(*args):
    result = subprocess.run([sys.executable, str(SCRIPT), *map(str, args)],
                            capture_output=True, text=True, timeout=30)
    return result.returncode, result.stdout + result.stderr


def check(current, *extra):
    return run("check", REFERENCE, FIXTURES / current, *extra)


class Falls(unittest.TestCase):
    def test_a_30_percent_fall_fails_and_names_the_figure(self):
        status, out = check("fall30.txt")
        self.assertEqual(status, 1, out)
        self.assertIn("FALL    article cached: 0.4 -> 0.28 (-30.0%)", out)
        # The figures that held are reported as such, not hidden by the failure.
        self.assertIn("ok      home cached", out)

    def test_20_percent_falls_pass(self):
        status, out = check("fall20.txt")
        self.assertEqual(status, 0, out)
        self.assertIn("article cached: 0.4 -> 0.32 (-20.0%)", out)
        self.assertIn("home uncached: 0.01 -> 0.008 (-20.0%)", out)
        self.assertIn("all figures within 25% of the reference", out)

    def test_exactly_25_percent_passes(self):
        status, out = check("fall25.txt")
        self.assertEqual(status, 0, out)

    def test_the_allowed_fall_can_be_tightened(self):
        status, out = check("fall20.txt", "--max-fall", "0.1")
        self.assertEqual(status, 1, out)
        self.assertIn("fell more than 10%", out)

    def test_a_file_against_itself_passes(self):
        status, out = check("reference.txt")
        self.assertEqual(status, 0, out)
        self.assertIn("(+0.0%)", out)

    def test_an_out_of_range_max_fall_is_refused(self):
        status, out = check("fall20.txt", "--max-fall", "1.5")
        self.assertEqual(status, 2, out)
        self.assertIn("--max-fall must be in [0, 1)", out)


class MissingPages(unittest.TestCase):
    def test_a_page_missing_from_the_run_fails_clearly(self):
        status, out = check("missing_page.txt")
        self.assertEqual(status, 1, out)
        self.assertIn("MISSING home uncached: in the reference (0.01) but not measured", out)

    def test_a_page_without_a_reference_fails_clearly(self):
        status, out = check("extra_page.txt")
        self.assertEqual(status, 1, out)
        self.assertIn("MISSING rss cached: measured (0.41) but no reference figure", out)

    def test_pages_limits_the_comparison(self):
        # bench/http.sh --pages article measures the article page only: the reference's
        # other pages are not missing, and a fall on them is not looked at.
        status, out = check("fall30.txt", "--pages", "home")
        self.assertEqual(status, 0, out)
        self.assertNotIn("article", out)
        status, out = check("missing_page.txt", "--pages", "article")
        self.assertEqual(status, 0, out)

    def test_a_page_asked_for_but_nowhere_fails(self):
        status, out = check("reference.txt", "--pages", "article,atom")
        self.assertEqual(status, 1, out)
        self.assertIn("MISSING atom: asked for but in neither file", out)


class Settings(unittest.TestCase):
    def test_figures_of_another_corpus_size_are_not_compared(self):
        status, out = check("other_corpus.txt")
        self.assertEqual(status, 2, out)
        self.assertIn("the reference has articles=1000, this run articles=200", out)

    def test_validate_refuses_a_reference_of_other_settings_before_measuring(self):
        # bench/http.sh asks this first, so a run that could not be compared never starts.
        status, out = run("validate", REFERENCE, "--settings", "articles=200,connections=50")
        self.assertEqual(status, 2, out)
        self.assertIn("the reference has articles=1000, this run articles=200", out)
        status, out = run("validate", REFERENCE, "--settings", "articles=1000,duration=2")
        self.assertEqual(status, 0, out)
        status, out = run("validate", REFERENCE, "--settings", "articles")
        self.assertEqual(status, 2, out)
        self.assertIn("--settings: expected NAME=VALUE, got 'articles'", out)

    def test_a_different_duration_is_compared(self):
        # fall30.txt was measured for 4 s against the reference's 10 s: the verdict is the
        # fall, not the settings.
        status, out = check("fall30.txt")
        self.assertEqual(status, 1, out)
        self.assertNotIn("settings differ", out)


class Malformed(unittest.TestCase):
    def assert_refused(self, name, message):
        for args in (("validate", FIXTURES / name), ("check", REFERENCE, FIXTURES / name),
                     ("check", FIXTURES / name, REFERENCE)):
            status, out = run(*args)
            self.assertEqual(status, 2, out)
            self.assertIn(f"figures: {FIXTURES / name}", out)
            self.assertIn(message, out)
            self.assertNotIn("Traceback", out)

    def test_a_ratio_that_is_not_a_number(self):
        self.assert_refused("malformed_ratio.txt", ":2: ratio is not a number: 'fast'")

    def test_an_unknown_mode(self):
        self.assert_refused("malformed_mode.txt", ":1: mode must be cached or uncached, got 'warm'")

    def test_a_line_with_too_few_fields(self):
        self.assert_refused("malformed_fields.txt", ":2: expected 'PAGE MODE RATIO', got 'home 0.40'")

    def test_a_figure_given_twice(self):
        self.assert_refused("malformed_duplicate.txt", ":2: 'article cached' given twice")

    def test_a_file_without_figures(self):
        self.assert_refused("malformed_empty.txt", "no figures")

    def test_a_missing_file(self):
        status, out = run("check", REFERENCE, FIXTURES / "no-such-file.txt")
        self.assertEqual(status, 2, out)
        self.assertIn("no-such-file.txt: cannot read", out)


class BenchArguments(unittest.TestCase):
    """bench/http.sh and bench/scale.sh refuse bad options before they build, generate or
    start anything (these runs need neither a build nor wrk)."""

    def bench(self, script, *args):
        result = subprocess.run(["bash", str(SOURCE_DIR / "bench" / script), *args],
                                capture_output=True, text=True, timeout=30)
        return result.returncode, result.stdout + result.stderr

    def test_an_unknown_page_is_refused(self):
        status, out = self.bench("http.sh", "--pages", "article,atom")
        self.assertEqual(status, 2, out)
        self.assertIn("unknown page 'atom' (pages: article home category rss api)", out)

    def test_a_page_given_twice_is_refused(self):
        status, out = self.bench("http.sh", "--pages", "home,home")
        self.assertEqual(status, 2, out)
        self.assertIn("page 'home' given twice", out)

    def test_runs_must_be_positive(self):
        for script in ("http.sh", "scale.sh"):
            status, out = self.bench(script, "--runs", "0")
            self.assertEqual(status, 2, out)
            self.assertIn("--runs needs a positive whole number, got '0'", out)

    def test_max_fall_needs_check(self):
        status, out = self.bench("http.sh", "--max-fall", "0.1")
        self.assertEqual(status, 2, out)
        self.assertIn("--max-fall goes with --check", out)

    def test_scale_refuses_a_size_that_is_not_a_number(self):
        status, out = self.bench("scale.sh", "--sizes", "1000,10k")
        self.assertEqual(status, 2, out)
        self.assertIn("--sizes needs a positive whole number, got '10k'", out)


class RecordedFigures(unittest.TestCase):
    def test_the_recorded_figures_file_is_well_formed(self):
        status, out = run("validate", SOURCE_DIR / "bench" / "http-figures.txt")
        self.assertEqual(status, 0, out)


if __name__ == "__main__":
    unittest.main()
