#!/usr/bin/env python3
"""Checks the layering rules of docs/architecture.md over the source tree.

    tests/check-layout.py [--root DIR]
    tests/check-layout.py --self-test     # the checker finds planted violations

Exits 1 and names each violation as FILE:LINE: RULE. The rules:
  * includes: a file may include project headers only from the folders its own folder may use
    (the ALLOWED table below, which docs/architecture.md draws as a picture);
  * names: only graphd/store and graphd/import name LMDB (lmdb::, MDB_, <lmdb.h>); only
    schema/, graphd/store (packed records), graphd/server and client/lib name kj or Cap'n
    Proto (kj::, capnp::, <kj/...>, <capnp/...>) -- the places where the wire and the
    records are;
  * size: a source file over MAX_LINES lines says why near its top, in a comment line that
    starts with "Over 800 lines:".
tests/ may include and name anything; its files only have the size rule.
"""
import argparse
import pathlib
import re
import sys

MAX_LINES = 800
SOURCE_DIRS = ("schema", "graphd", "query", "client", "tests")
SUFFIXES = (".h", ".cpp", ".in")

# The folder of the including file (longest prefix wins) -> folders it may include from.
ALLOWED = {
    "schema/": ["schema/"],
    "graphd/store/": ["schema/", "graphd/store/"],
    "graphd/import/": ["schema/", "graphd/store/", "graphd/import/"],
    "graphd/tools/": ["schema/", "graphd/store/", "graphd/import/", "graphd/tools/"],
    "graphd/server/": ["schema/", "graphd/store/", "graphd/import/", "graphd/server/",
                       "query/"],
    "graphd/": ["schema/", "graphd/"],  # graphd/main.cpp: subcommand dispatch
    "query/link/": ["schema/", "graphd/store/", "query/link/"],
    "query/cypher/parse/": ["schema/", "query/cypher/parse/"],
    "query/cypher/": ["schema/", "graphd/store/", "query/link/", "query/cypher/"],
    "client/lib/": ["schema/", "client/lib/"],
    "client/graphctl/": ["schema/", "client/lib/", "client/graphctl/"],
    "tests/": None,  # anything
}

# (name, pattern, folders that may use it)
NAME_RULES = [
    ("LMDB", re.compile(r"\blmdb::|\bMDB_[A-Z_]+|<lmdb\.h>"),
     ["graphd/store/", "graphd/import/", "tests/"]),
    ("kj / Cap'n Proto", re.compile(r"\bkj::|\bcapnp::|<kj/|<capnp/"),
     ["schema/", "graphd/store/", "graphd/server/", "client/lib/", "tests/"]),
]

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SIZE_REASON = re.compile(r"^\s*(//|#)\s*Over 800 lines:")


def folder_rule(rel):
    best = None
    for prefix in ALLOWED:
        if rel.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    return best


def strip_comment(line):
    """The line without a trailing // comment (string literals holding // are rare here)."""
    i = line.find("//")
    return line if i < 0 else line[:i]


def check_file(root, path):
    rel = path.relative_to(root).as_posix()
    problems = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as e:
        return [f"{rel}:1: not UTF-8 ({e})"]

    if len(lines) > MAX_LINES and not any(SIZE_REASON.match(l) for l in lines[:40]):
        problems.append(f"{rel}:1: {len(lines)} lines (over {MAX_LINES}) without an "
                        f"'Over 800 lines:' reason in its first 40 lines")

    rule = folder_rule(rel)
    allowed = ALLOWED.get(rule) if rule else []
    for number, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if m and allowed is not None:
            target = m.group(1)
            project = target.split("/")[0] in SOURCE_DIRS
            if project and not any(target.startswith(a) for a in allowed):
                problems.append(f"{rel}:{number}: includes {target}, but {rule or rel} may "
                                f"include only from {', '.join(allowed)}")
        code = strip_comment(line)
        for name, pattern, folders in NAME_RULES:
            if pattern.search(code) and not any(rel.startswith(f) for f in folders):
                problems.append(f"{rel}:{number}: names {name}, allowed only in "
                                f"{', '.join(f for f in folders if f != 'tests/')}")
    return problems


def self_test():
    """Plants one violation of each rule in a scratch tree and checks each is reported."""
    import tempfile
    planted = {
        "client/lib/a.cpp": '#include "graphd/store/store.h"\n',
        "query/link/b.h": "inline int f() { return lmdb::getU32(p); }\n",
        "client/graphctl/c.cpp": "void g() { kj::throwFatalException(e); }\n",
        "query/cypher/exec/d.cpp": '#include "graphd/server/log.h"\n',
        "schema/model/e.cpp": "int x;\n" * (MAX_LINES + 1),
    }
    allowed = {
        "graphd/store/ok.cpp": '#include <lmdb.h>\n#include "schema/model/value.h"\n'
                               "int h() { return MDB_SUCCESS; } // kj:: in a comment\n",
        "graphd/server/ok.cpp": '#include "query/cypher/exec/execute.h"\n',
        "tests/ok.cpp": '#include "graphd/server/log.h"\nint y = lmdb::x;\n',
        "schema/model/long.cpp": "// Over 800 lines: a test.\n" + "int x;\n" * (MAX_LINES + 1),
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for rel, text in {**planted, **allowed}.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        problems = [p for rel in {**planted, **allowed} for p in check_file(root, root / rel)]
    failed = False
    for rel in planted:
        if not any(p.startswith(rel + ":") for p in problems):
            print(f"self-test: the violation planted in {rel} was not reported")
            failed = True
    for p in problems:
        if p.split(":")[0] in allowed:
            print(f"self-test: an allowed use was reported: {p}")
            failed = True
    print(f"check-layout self-test: {'FAILED' if failed else 'passed'} "
          f"({len(planted)} planted violations, {len(allowed)} allowed files)")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent,
                        type=pathlib.Path, help="the source tree (default: this checkout)")
    parser.add_argument("--self-test", action="store_true",
                        help="check that planted violations are found")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    root = args.root.resolve()

    files = []
    for top in SOURCE_DIRS:
        base = root / top
        if base.is_dir():
            files += [p for p in sorted(base.rglob("*"))
                      if p.is_file() and p.name.endswith(SUFFIXES)]
    if not files:
        print(f"check-layout: no source files under {root}", file=sys.stderr)
        return 1

    problems = [p for f in files for p in check_file(root, f)]
    for p in problems:
        print(p)
    print(f"check-layout: {len(files)} files, {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
