#!/usr/bin/env python3
"""Validate the insight lexicons in this folder.

Usage: python3 check_data.py [--iso PATH] [--quiet]

Checks every file's format (column counts, allowed values, no duplicate keys, no empty
items, NFC text, no stray whitespace), that countries.tsv has exactly one row per alpha_2
code in the iso-codes ISO 3166-1 JSON and no other code, and reports any name that appears
under two different countries/organizations. A shared name is an error unless every row
holding it flags it `ambiguous:<name>`. Warnings (printed, not fatal) cover names that
differ only in case across rows and aliases written without any capital letter.
Exit status: 0 when there are no errors, 1 otherwise.
"""

import argparse
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ISO = "/usr/share/iso-codes/json/iso_3166-1.json"

ORG_TYPES = {"intergovernmental", "ministry", "agency", "military", "party", "company",
             "news_agency", "ngo", "court", "other"}
ORG_WORD_CATEGORIES = {"head", "prefix", "company"}
VERB_USAGES = {"quote", "report"}
NUMBER_KINDS = {"scale", "number", "approx", "fraction", "percent", "currency", "unit", "counted",
                "duration"}
PERCENT_VALUES = {"percent", "point", "basis_point"}
COUNTRY_FLAG_WORDS = {"disputed", "capital-disputed"}
COUNTRY_FLAG_KEYS = {"ambiguous", "sovereign", "associated"}


class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")


def read_records(path, rep, min_cols, max_cols):
    """Yield (lineno, fields) for each non-comment, non-blank line. Trailing empty columns
    may be omitted, so fields are padded to max_cols."""
    name = os.path.basename(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        rep.error(name, f"cannot read: {e}")
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        rep.error(name, f"not valid UTF-8: {e}")
        return
    if text.startswith("\ufeff"):
        rep.error(name, "starts with a byte-order mark")
    if "\r" in text:
        rep.error(name, "contains carriage returns (use LF line endings)")
    if not text.endswith("\n"):
        rep.error(name, "does not end with a newline")
    lines = text.split("\n")
    if not lines or not lines[0].startswith("#"):
        rep.error(name, "must start with a header comment")
    for i, line in enumerate(lines, 1):
        if line.startswith("#") or line.strip() == "":
            if line.strip() == "" and line != "":
                rep.error(f"{name}:{i}", "whitespace-only line")
            continue
        where = f"{name}:{i}"
        if not unicodedata.is_normalized("NFC", line):
            rep.error(where, "text is not in Unicode NFC form")
        fields = line.split("\t")
        if not (min_cols <= len(fields) <= max_cols):
            rep.error(where, f"expected {min_cols}..{max_cols} tab-separated columns, got {len(fields)}")
            continue
        bad = False
        for c, fv in enumerate(fields, 1):
            if fv != fv.strip():
                rep.error(where, f"column {c} has leading/trailing whitespace: {fv!r}")
                bad = True
            if "  " in fv:
                rep.error(where, f"column {c} has a double space: {fv!r}")
                bad = True
        if bad:
            continue
        fields += [""] * (max_cols - len(fields))
        yield i, where, fields


def split_items(where, rep, col_name, value, allow_empty_field=True):
    """Split a '|' list; the field may be empty but no item may be."""
    if value == "":
        if not allow_empty_field:
            rep.error(where, f"{col_name} is empty")
        return []
    items = value.split("|")
    out = []
    seen = set()
    for it in items:
        if it == "":
            rep.error(where, f"empty item in {col_name}: {value!r}")
            continue
        if it != it.strip():
            rep.error(where, f"item with surrounding whitespace in {col_name}: {it!r}")
            continue
        if it in seen:
            rep.error(where, f"duplicate item in {col_name}: {it!r}")
            continue
        seen.add(it)
        out.append(it)
    return out


def parse_flags(where, rep, value):
    """Return list of (key, arg or None)."""
    if value == "":
        return []
    out = []
    seen = set()
    for tok in value.split(","):
        if tok == "" or tok != tok.strip():
            rep.error(where, f"bad flag token {tok!r} in {value!r}")
            continue
        if tok in seen:
            rep.error(where, f"duplicate flag {tok!r}")
            continue
        seen.add(tok)
        if ":" in tok:
            k, a = tok.split(":", 1)
            if a == "":
                rep.error(where, f"flag {tok!r} has an empty value")
                continue
            out.append((k, a))
        else:
            out.append((tok, None))
    return out


def load_iso(path, rep):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)["3166-1"]
    except (OSError, ValueError, KeyError) as e:
        rep.error(path, f"cannot load iso-codes: {e}")
        return {}
    iso = {}
    for entry in data:
        names = [entry[k] for k in ("name", "official_name", "common_name") if entry.get(k)]
        iso[entry["alpha_2"]] = names
    return iso


# ---------------------------------------------------------------------------------------

def check_countries(path, iso, rep):
    """Returns (rows, name_index) where name_index maps a string to {code: flagged?}."""
    rows = {}
    index = defaultdict(dict)   # form -> {code: ambiguous_flagged}
    for lineno, where, (code, aliases, demonyms, capitals, flags) in read_records(path, rep, 1, 5):
        if not re.fullmatch(r"[A-Z]{2}", code):
            rep.error(where, f"bad iso2 code {code!r}")
            continue
        if code in rows:
            rep.error(where, f"duplicate code {code} (first at line {rows[code]['line']})")
            continue
        if iso and code not in iso:
            rep.error(where, f"code {code} is not in iso-codes ISO 3166-1")
        a = split_items(where, rep, "aliases", aliases)
        d = split_items(where, rep, "demonyms", demonyms)
        c = split_items(where, rep, "capitals", capitals)
        fl = parse_flags(where, rep, flags)
        own = set(a) | set(d) | set(c) | set(iso.get(code, []))
        ambiguous = set()
        for k, arg in fl:
            if k in COUNTRY_FLAG_WORDS:
                if arg is not None:
                    rep.error(where, f"flag {k!r} takes no value")
            elif k in COUNTRY_FLAG_KEYS:
                if arg is None:
                    rep.error(where, f"flag {k!r} needs a value ({k}:...)")
                elif k == "ambiguous":
                    if arg not in own:
                        rep.error(where, f"ambiguous:{arg} names a form not in this row or its iso-codes names")
                    ambiguous.add(arg)
                else:
                    if not re.fullmatch(r"[A-Z]{2}", arg) or (iso and arg not in iso) or arg == code:
                        rep.error(where, f"flag {k}:{arg} must name another valid iso2 code")
            else:
                rep.error(where, f"unknown flag {k!r}")
        if sum(1 for k, _ in fl if k in ("sovereign", "associated")) > 1:
            rep.error(where, "at most one sovereign:/associated: flag")
        for it in a + d + c:
            if not any(ch.isupper() for ch in it):
                rep.error(where, f"{it!r} has no capital letter (names must be written as in running text)")
        rows[code] = {"line": lineno, "aliases": a, "demonyms": d, "capitals": c,
                      "flags": fl, "ambiguous": ambiguous}
        for form in own:
            index[form][code] = form in ambiguous
    if iso:
        missing = sorted(set(iso) - set(rows))
        if missing:
            rep.error(os.path.basename(path), f"missing rows for iso codes: {' '.join(missing)}")
    return rows, index


def check_organizations(path, countries_known, rep):
    rows = {}
    index = defaultdict(dict)   # form -> {canonical: ambiguous_flagged}
    for lineno, where, (name, aliases, typ, country, flags) in read_records(path, rep, 3, 5):
        if name == "":
            rep.error(where, "empty canonical name")
            continue
        if name in rows:
            rep.error(where, f"duplicate canonical name {name!r} (first at line {rows[name]['line']})")
            continue
        a = split_items(where, rep, "aliases", aliases)
        if name in a:
            rep.error(where, f"alias repeats the canonical name {name!r}")
        if typ not in ORG_TYPES:
            rep.error(where, f"unknown type {typ!r}")
        if country and country not in countries_known:
            rep.error(where, f"unknown country code {country!r}")
        own = {name} | set(a)
        ambiguous = set()
        for k, arg in parse_flags(where, rep, flags):
            if k != "ambiguous" or arg is None:
                rep.error(where, f"unknown flag {k!r} (only ambiguous:<form>)")
            elif arg not in own:
                rep.error(where, f"ambiguous:{arg} names a form not in this row")
            else:
                ambiguous.add(arg)
        for it in [name] + a:
            if not any(ch.isupper() for ch in it):
                rep.warn(where, f"{it!r} has no capital letter (make sure it cannot be an ordinary word)")
        rows[name] = {"line": lineno, "aliases": a, "type": typ, "country": country,
                      "ambiguous": ambiguous}
        for form in own:
            index[form][name] = form in ambiguous
    return rows, index


def report_shared(index, label, rep, fname):
    """A form under several keys must be flagged ambiguous in every one of them."""
    shared = 0
    for form, owners in sorted(index.items()):
        if len(owners) < 2:
            continue
        shared += 1
        unflagged = [k for k, flagged in owners.items() if not flagged]
        keys = ", ".join(sorted(owners))
        if unflagged:
            rep.error(fname, f"{form!r} appears under several {label} ({keys}); "
                             f"not flagged ambiguous in: {', '.join(sorted(unflagged))}")
        else:
            rep.warn(fname, f"shared (flagged ambiguous) {form!r}: {keys}")
    return shared


def report_case_collisions(index, label, rep, fname):
    folded = defaultdict(set)
    for form, owners in index.items():
        folded[form.casefold()].update((form, o) for o in owners)
    for key, pairs in sorted(folded.items()):
        forms = {f for f, _ in pairs}
        owners = {o for _, o in pairs}
        if len(forms) > 1 and len(owners) > 1:
            rep.warn(fname, f"forms differing only in case under different {label}: "
                            + "; ".join(f"{f!r}->{o}" for f, o in sorted(pairs)))


def check_cross(country_index, org_index, rep):
    for form in sorted(set(country_index) & set(org_index)):
        c, o = country_index[form], org_index[form]
        unflagged = [k for k, v in list(c.items()) + list(o.items()) if not v]
        owners = ", ".join(sorted(c)) + " / " + ", ".join(sorted(o))
        if unflagged:
            rep.error("countries.tsv+organizations.tsv",
                      f"{form!r} names both a country and an organization ({owners}); "
                      f"not flagged ambiguous in: {', '.join(sorted(unflagged))}")
        else:
            rep.warn("countries.tsv+organizations.tsv", f"shared (flagged ambiguous) {form!r}: {owners}")


def check_org_words(path, rep):
    seen = {}
    for lineno, where, (word, cat) in read_records(path, rep, 2, 2):
        if word == "":
            rep.error(where, "empty word")
            continue
        if cat not in ORG_WORD_CATEGORIES:
            rep.error(where, f"unknown category {cat!r}")
        if word in seen:
            rep.error(where, f"duplicate {word!r} (first at line {seen[word]})")
            continue
        seen[word] = lineno
        if cat == "prefix" and word.split()[-1] not in ("of", "for", "on", "to"):
            rep.error(where, f"prefix {word!r} should end with of/for/on/to")
    return len(seen)


def check_word_list(path, rep, lower):
    seen = {}
    for lineno, where, (word,) in read_records(path, rep, 1, 1):
        if word == "":
            continue
        if lower and word != word.lower():
            rep.error(where, f"{word!r} must be lower case")
        if not lower and not word[0].isupper():
            rep.error(where, f"{word!r} must start with a capital letter")
        if word in seen:
            rep.error(where, f"duplicate {word!r} (first at line {seen[word]})")
            continue
        seen[word] = lineno
    return len(seen)


def check_speech_verbs(path, rep):
    bases = {}
    forms_seen = {}
    for lineno, where, (forms, usage) in read_records(path, rep, 1, 2):
        items = forms.split("|") if forms else []
        if any(f == "" or f != f.strip() for f in items):
            rep.error(where, f"empty or padded form in {forms!r}")
            continue
        if len(items) < 4:
            rep.error(where, f"need at least 4 forms base|3rd|past|-ing, got {len(items)}: {forms!r}")
            continue
        if usage not in VERB_USAGES:
            rep.error(where, f"usage must be one of {sorted(VERB_USAGES)}, got {usage!r}")
        base = items[0]
        if base in bases:
            rep.error(where, f"duplicate verb {base!r} (first at line {bases[base]})")
            continue
        bases[base] = lineno
        for f in dict.fromkeys(items):   # a past may equal the base ("forecast")
            if f != f.lower():
                rep.error(where, f"form {f!r} must be lower case")
            if f in forms_seen and forms_seen[f] != base:
                rep.error(where, f"form {f!r} also belongs to {forms_seen[f]!r}")
            forms_seen[f] = base
        if not items[3].split()[0].endswith("ing"):
            rep.error(where, f"4th form should be the -ing form: {items[3]!r}")
    return len(bases)


def check_number_words(path, rep):
    seen = {}
    kinds = defaultdict(int)
    for lineno, where, (term, value, kind) in read_records(path, rep, 3, 3):
        if term == "" or value == "":
            rep.error(where, "empty term or value")
            continue
        if term in seen:
            rep.error(where, f"duplicate term {term!r} (first at line {seen[term]})")
            continue
        seen[term] = lineno
        if kind not in NUMBER_KINDS:
            rep.error(where, f"unknown kind {kind!r}")
            continue
        kinds[kind] += 1
        if kind in ("scale", "number", "approx", "fraction"):
            try:
                v = float(value)
            except ValueError:
                rep.error(where, f"value {value!r} is not a number")
                continue
            if kind == "fraction" and not (0 < v < 1):
                rep.error(where, f"fraction {v} must be between 0 and 1")
            if kind == "scale" and v < 100:
                rep.error(where, f"scale {v} looks too small")
        elif kind == "currency":
            if not re.fullmatch(r"[A-Z]{3}", value):
                rep.error(where, f"currency value must be an ISO 4217 code, got {value!r}")
        elif kind == "percent":
            if value not in PERCENT_VALUES:
                rep.error(where, f"percent value must be one of {sorted(PERCENT_VALUES)}")
        elif kind == "counted":
            if value != value.lower():
                rep.error(where, f"counted lemma must be lower case: {value!r}")
    # lower-case terms match case-insensitively: make sure no two collide that way
    folded = {}
    for term in seen:
        if term == term.lower():
            key = term.casefold()
            if key in folded:
                rep.error(os.path.basename(path), f"terms {folded[key]!r} and {term!r} collide case-insensitively")
            folded[key] = term
    return len(seen), dict(kinds)


# ---------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iso", default=DEFAULT_ISO, help="iso-codes ISO 3166-1 JSON")
    ap.add_argument("--dir", default=HERE, help="folder holding the data files")
    ap.add_argument("--quiet", action="store_true", help="do not print warnings")
    args = ap.parse_args()
    rep = Report()
    p = lambda name: os.path.join(args.dir, name)

    iso = load_iso(args.iso, rep)
    crows, cindex = check_countries(p("countries.tsv"), iso, rep)
    known = set(iso) or set(crows)
    orows, oindex = check_organizations(p("organizations.tsv"), known, rep)
    c_shared = report_shared(cindex, "countries", rep, "countries.tsv")
    o_shared = report_shared(oindex, "organizations", rep, "organizations.tsv")
    check_cross(cindex, oindex, rep)
    report_case_collisions(cindex, "countries", rep, "countries.tsv")
    report_case_collisions(oindex, "organizations", rep, "organizations.tsv")
    n_words = check_org_words(p("org_words.txt"), rep)
    n_roles = check_word_list(p("roles.txt"), rep, lower=True)
    n_hon = check_word_list(p("honorifics.txt"), rep, lower=False)
    n_verbs = check_speech_verbs(p("speech_verbs.txt"), rep)
    n_num, kinds = check_number_words(p("number_words.tsv"), rep)

    if not args.quiet:
        for w in rep.warnings:
            print("warning:", w)
    for e in rep.errors:
        print("error:", e)
    otypes = defaultdict(int)
    for r in orows.values():
        otypes[r["type"]] += 1
    print(f"countries.tsv     {len(crows)} rows ({len(iso)} iso codes), "
          f"{sum(len(r['aliases']) for r in crows.values())} aliases, "
          f"{sum(len(r['demonyms']) for r in crows.values())} demonyms, "
          f"{sum(len(r['capitals']) for r in crows.values())} capitals, {c_shared} shared forms")
    print(f"organizations.tsv {len(orows)} rows, {sum(len(r['aliases']) for r in orows.values())} aliases, "
          f"{o_shared} shared forms; " + ", ".join(f"{k} {v}" for k, v in sorted(otypes.items())))
    print(f"org_words.txt     {n_words} entries")
    print(f"roles.txt         {n_roles} entries")
    print(f"honorifics.txt    {n_hon} entries")
    print(f"speech_verbs.txt  {n_verbs} verbs")
    print(f"number_words.tsv  {n_num} terms; " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"{len(rep.errors)} error(s), {len(rep.warnings)} warning(s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
