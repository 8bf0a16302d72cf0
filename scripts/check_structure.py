#!/usr/bin/env python3
"""Checks the rules of src/README.md that the compiler cannot see on its own.

  sql      SQL text only in store files (`*_store.cpp`, `*_store.hpp`), the store/ folder and
           the migrations; every statement's tables belong to the store's own folder, or are
           views a folder it may use publishes.
  tables   every table and view the migrations create has exactly one owner in src/README.md.
  folders  each folder's "Uses" line in src/README.md is the USES list of its dossier_folder()
           in CMakeLists.txt, and no source includes a folder outside that list (the build
           refuses such an include too: this check names the file and line).

Usage: check_structure.py SOURCE_DIR [sql|tables|folders|all]
Exit status 1 with one line per finding; 0 and a one-line summary when all hold.
"""

import re
import sys
from pathlib import Path

SQL_START = re.compile(
    r"\b(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER|VIRTUAL)"
    r"|DROP\s+(TABLE|INDEX|VIEW)|ALTER\s+TABLE|PRAGMA\s|WITH\s+\w+\s+AS\s*\("
    # Fragments joined into a statement elsewhere: " JOIN users u ON ...", "FROM articles a".
    r"|(JOIN|FROM)\s+[a-z_][a-z0-9_]*(\s+[a-z]{1,3})?(\s+(ON|WHERE|USING)\b|\s*$))")
TABLE_REF = re.compile(
    r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE(?:\s+IF\s+NOT\s+EXISTS)?|EXISTS\s*\(\s*SELECT\s+1\s+FROM)\s+([a-z_][a-z0-9_]*)")
STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
CTE = re.compile(r"\b(?:WITH(?:\s+RECURSIVE)?|,)\s*([a-z_][a-z0-9_]*)\s+AS\s*\(")
# Table-valued functions read after FROM like tables: SQLite's json_each and
# pragma_table_info, PostgreSQL's ts_stat (search's vocabulary on PostgreSQL).
SQL_KEYWORDS = {"select", "values", "set", "where", "json_each", "pragma_table_info", "ts_stat"}
# The engine's own catalog: no folder owns it.
ENGINE_TABLES = {"sqlite_master", "sqlite_schema", "sqlite_sequence"}


def literal_runs(text):
    """Adjacent C++ string literals joined, as the compiler joins them."""
    runs, current, last_end = [], [], None
    for m in STRING.finditer(text):
        between = text[last_end:m.start()] if last_end is not None else None
        if current and between is not None and between.strip() == "":
            current.append(m.group(1))
        else:
            if current:
                runs.append(" ".join(current))
            current = [m.group(1)]
        last_end = m.end()
    if current:
        runs.append(" ".join(current))
    return runs


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return "\n".join(re.sub(r'//[^"\n]*$', "", line) for line in text.split("\n"))


def readme_folders(src):
    """{folder: {"owns": set, "publishes": set, "uses": list}} from src/README.md."""
    folders, current = {}, None
    for line in (src / "README.md").read_text().split("\n"):
        m = re.match(r"^### ([a-z_/]+)/\s*$", line)
        if m:
            current = m.group(1)
            folders[current] = {"owns": set(), "publishes": set(), "uses": None}
            continue
        if current is None:
            continue
        m = re.match(r"^- (Owns|Publishes|Uses):\s*(.*)$", line)
        if m:
            key = m.group(1).lower()
            names = re.findall(r"`([a-z_/]+)`", m.group(2))
            if key == "uses":
                folders[current]["uses"] = [] if m.group(2).strip() in ("nothing", "—") else names
            else:
                folders[current][key] = set(names)
    return folders


ROOTS = set()  # folders declared COMPOSITION_ROOT: they see every header (app/)


def cmake_folders(root):
    text = (root / "CMakeLists.txt").read_text()
    out = {}
    for m in re.finditer(r"dossier_folder\(\s*([a-z_]+)(\s+COMPOSITION_ROOT)?((?:\s+USES(?:\s+[a-z_]+)+)?)", text):
        uses = m.group(3).split()[1:] if m.group(3).strip() else []
        out[m.group(1)] = uses
        if m.group(2):
            ROOTS.add(m.group(1))
    return out


def closure(graph, name):
    seen, stack = set(), list(graph.get(name, []))
    while stack:
        n = stack.pop()
        if n not in seen:
            seen.add(n)
            stack.extend(graph.get(n, []))
    return seen


def migration_objects(src):
    objects = {}
    for f in sorted((src / "store" / "migrations").rglob("*.sql")):
        text = re.sub(r"--[^\n]*", "", f.read_text())
        for m in re.finditer(r"CREATE\s+(?:VIRTUAL\s+)?(TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)", text):
            objects.setdefault(m.group(2), (m.group(1).lower(), f.name))
    return objects


def is_store_file(path, src):
    rel = path.relative_to(src)
    return rel.parts[0] == "store" or re.search(r"_store\.(cpp|hpp)$", path.name)


def check_sql(src, folders, graph):
    problems = []
    owner = {}
    for folder, info in folders.items():
        for t in info["owns"] | info["publishes"]:
            owner[t] = folder
    published = {t for info in folders.values() for t in info["publishes"]}
    statements = 0
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".cpp", ".hpp"):
            continue
        folder = path.relative_to(src).parts[0]
        text = strip_comments(path.read_text())
        for run in literal_runs(text):
            if not SQL_START.search(run):
                continue
            statements += 1
            rel = path.relative_to(src)
            if not is_store_file(path, src):
                problems.append(f"src/{rel}: SQL outside a store file: \"{run[:70]}\"")
                continue
            if folder == "store":
                continue
            ctes = set(CTE.findall(run))
            for table in TABLE_REF.findall(run):
                if table in ctes or table in SQL_KEYWORDS or table in ENGINE_TABLES:
                    continue
                who = owner.get(table)
                if who is None:
                    problems.append(f"src/{rel}: table {table} has no owner in src/README.md")
                elif who == folder:
                    continue
                elif table in published:
                    # A view is its owner's read contract: any store may read it (it joins
                    # data, it does not make one folder's code depend on another's).
                    continue
                else:
                    problems.append(f"src/{rel}: reads or writes {table}, which {who}/ owns "
                                    f"(ask {who}/ by a named function, or read a view it publishes)")
    return problems, statements


def check_tables(src, folders):
    problems = []
    objects = migration_objects(src)
    owners = {}
    for folder, info in folders.items():
        for t in info["owns"] | info["publishes"]:
            owners.setdefault(t, []).append(folder)
    for name, (kind, migration) in objects.items():
        who = owners.get(name, [])
        if len(who) != 1:
            problems.append(f"{kind} {name} ({migration}) has {len(who)} owners in src/README.md: {who}")
        elif kind == "view" and name not in folders[who[0]]["publishes"]:
            problems.append(f"view {name} is listed under Owns of {who[0]}/; views go under Publishes")
    for t, who in owners.items():
        # store/ creates its own bookkeeping table in code (migrations.cpp), before any migration.
        if t not in objects and who != ["store"]:
            problems.append(f"src/README.md gives {who} the table {t}, which no migration creates")
    return problems, len(objects)


def check_folders(root, src, folders, graph):
    problems = []
    on_disk = {p.name for p in src.iterdir() if p.is_dir()}
    for name in sorted(on_disk):
        if name not in graph and name != "app":
            problems.append(f"src/{name}/ is not a dossier_folder() in CMakeLists.txt")
        if name not in folders:
            problems.append(f"src/{name}/ has no section in src/README.md")
    for name, uses in graph.items():
        documented = folders.get(name, {}).get("uses")
        if documented is None:
            problems.append(f"src/README.md: the section of {name}/ has no Uses line")
        elif sorted(documented) != sorted(uses):
            problems.append(f"src/README.md says {name}/ uses {sorted(documented)}, CMakeLists.txt says {sorted(uses)}")
    include = re.compile(r'^\s*#include\s+"([a-z_]+)/([^"]+)"', re.M)
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".cpp", ".hpp"):
            continue
        folder = path.relative_to(src).parts[0]
        if folder not in graph or folder in ROOTS:
            continue  # app/ and main.cpp compose everything
        allowed = closure(graph, folder)
        text = path.read_text()
        for m in include.finditer(text):
            target, header = m.group(1), m.group(2)
            if target == folder or target not in on_disk:
                continue
            line = text.count("\n", 0, m.start()) + 1
            rel = path.relative_to(src)
            if target not in allowed:
                problems.append(f"src/{rel}:{line}: {folder}/ may not use {target}/ (src/README.md)")
            elif header.endswith("_store.hpp"):
                problems.append(f"src/{rel}:{line}: includes {target}/{header}, another folder's store")
    return problems


def main():
    root = Path(sys.argv[1]).resolve()
    which = sys.argv[2] if len(sys.argv) > 2 else "all"
    src = root / "src"
    folders = readme_folders(src)
    graph = cmake_folders(root)
    problems = []
    summary = []
    if which in ("sql", "all"):
        found, statements = check_sql(src, folders, graph)
        problems += found
        summary.append(f"{statements} SQL texts, all in stores")
    if which in ("tables", "all"):
        found, count = check_tables(src, folders)
        problems += found
        summary.append(f"{count} tables and views, one owner each")
    if which in ("folders", "all"):
        problems += check_folders(root, src, folders, graph)
        summary.append(f"{len(graph)} folders, includes within their arrows")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print("; ".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
