"""Mutation testing: would the tests notice a wrong status rule or a wrong check?

    python benchmarks/mutation.py [--max-children 2] [--goal 0.98] [--rev HEAD | --uncommitted] [--only NAME ...]

Run by hand, like the benchmark (not in CI: it takes minutes). It clones the repository at
HEAD (or ``--rev``) into a scratch folder, so the working tree is never touched, configures
mutmut there, runs it quietly (its output goes to ``mutation.log`` in the scratch folder),
then prints one table (per file: mutants, killed, survived, no tests, timeout, score =
killed / all) and the name of every mutant not killed, with the command that shows it.
Exit status 1 when the score is below the goal (default 98%, issue 19).

What is mutated: the status rules (``src/jxplan/judge/status.py``), the warnings that read
their result (``src/jxplan/judge/advice.py``) and the checks (``src/jxplan/check/rules/``),
against the fast tests that pin them (``TESTS`` below). The checks are plain functions in an
explicit table (``check/rules/__init__.py``: ``RULES``), which mutmut mutates as they are; it
leaves decorated functions alone, so in the scratch copy only, each ``@property`` in those
files is moved below its function (``label = property(label)``: the same property), which
lets mutmut mutate the bulletin's label, the summary counts and the like.

``--only`` runs some mutants alone, by name or glob (``'jxplan.judge.advice.*'``), as the
list of a run names them: to see a survivor killed by a new test without the whole run.

``--uncommitted`` measures the working tree's tracked files as they are now (through
``git stash create``, which touches neither the tree nor the stash); a new file must be
``git add``-ed to be included.
"""

from __future__ import annotations

import argparse
import ast
import importlib.metadata
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["src/jxplan/judge/status.py", "src/jxplan/judge/advice.py", "src/jxplan/check/rules/"]
ALSO_COPY = ["src/jxplan", "plans", "templates", "schema", "progress", "tests"]
# the fast tests that pin the rules. test_trust and test_offices pin them too, but through the whole
# pipeline and each office's folder (a minute more for every mutant they cover, 2,995 mutants): with
# them the run took over an hour on 2 shared cores, against the 15 minutes issue 19 allows
TESTS = ["tests/test_status.py", "tests/test_cases.py", "tests/test_checks.py", "tests/test_validate.py", "tests/test_judge.py",
         "tests/test_rules_report.py"]
PYTEST_ARGS = ["-m", "not slow", "-p", "no:cacheprovider", "-n", "0"]  # in one process: mutmut counts what runs in it
COLUMNS = ("killed", "survived", "no tests", "timeout")


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def scratch_copy(rev: str, into: Path) -> str:
    """A clone of ``rev`` in ``into``; the repository and its working tree are only read."""
    sha = git("rev-parse", "--verify", rev + "^{commit}")
    git("clone", "--quiet", "--no-checkout", str(ROOT), str(into))
    git("checkout", "--quiet", "--detach", sha, cwd=into)
    return sha


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{x}"' for x in items) + "]"


def configure(scratch: Path) -> None:
    """mutmut's settings, in the scratch copy's pyproject.toml (the repository's has none)."""
    with open(scratch / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write("\n[tool.mutmut]\n"
                f"source_paths = {toml_list(SOURCES)}\n"
                f"also_copy = {toml_list(ALSO_COPY)}\n"
                f"pytest_add_cli_args_test_selection = {toml_list(TESTS)}\n"
                f"pytest_add_cli_args = {toml_list(PYTEST_ARGS)}\n")


# appended to the scratch copy's tests/conftest.py (never the repository's): mutmut stops a mutant's
# tests at the first failure (-x) but hands them over in no set order, so a mutant the quick
# in-process tests kill could first wait for a slow one; its own timings put the quickest first
QUICKEST_FIRST = '''

def pytest_collection_modifyitems(config, items):  # benchmarks/mutation.py: the quickest tests first
    import os
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        return
    from mutmut.state import state
    took = state().duration_by_test
    items.sort(key=lambda item: took.get(item.nodeid, 0.0))
'''


def quickest_first(scratch: Path) -> None:
    with open(scratch / "tests" / "conftest.py", "a", encoding="utf-8") as f:
        f.write(QUICKEST_FIRST)


def undecorate(path: Path) -> int:
    """Move each ``@property`` below its function, so that mutmut mutates it (it skips decorated ones).

    ``@property\n    def f(self): ...`` becomes ``def f(self): ...\n    f = property(f)``: the
    same property, at the same place in its class. Any other decorator is left, and named,
    so that nobody believes its function measured.
    """
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    moves, left = [], []
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or not node.decorator_list:
            continue
        dec = node.decorator_list[0]
        if len(node.decorator_list) == 1 and isinstance(dec, ast.Name) and dec.id == "property":
            moves.append((dec.lineno, node.lineno, node.end_lineno, node.col_offset, node.name))
        else:
            left.append(f"{path.name}:{node.lineno} {node.name}")
    for dec_line, def_line, end_line, indent, name in sorted(moves, reverse=True):
        lines.insert(end_line, f"{' ' * indent}{name} = property({name})\n")
        del lines[dec_line - 1:def_line - 1]
    path.write_text("".join(lines), encoding="utf-8")
    if left:
        print("decorated, so not mutated: " + ", ".join(left), file=sys.stderr)
    return len(moves)


def mutated_files(scratch: Path) -> list[Path]:
    """The Python files of ``SOURCES`` in the scratch copy."""
    out = []
    for source in SOURCES:
        p = scratch / source
        out += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    return out


def results(scratch: Path) -> dict[str, str]:
    """mutant name -> status, as ``mutmut results --all true`` gives them (empty when it fails)."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=scratch,
                         capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s+(\S+): (.+)$", line)
        if m:
            found[m[1]] = m[2].strip()
    return found


def file_of(name: str, scratch: Path) -> str:
    """``jxplan.check.rules.plan.x_f__mutmut_3`` -> ``src/jxplan/check/rules/plan.py`` (a package: its
    ``__init__.py``); a method's mutant (``jxplan.judge.status.xǁTargetStatusǁlabel__mutmut_1``) the same."""
    module = "src/" + name.rsplit(".", 1)[0].replace(".", "/")
    return module + ".py" if (scratch / (module + ".py")).is_file() else module + "/__init__.py"


def table(statuses: dict[str, str], scratch: Path) -> tuple[str, float]:
    per_file: dict[str, Counter] = defaultdict(Counter)
    for name, status in statuses.items():
        per_file[file_of(name, scratch)][status] += 1
    rows = [("file", "mutants", *COLUMNS, "other", "score")]
    total = Counter()
    for path in sorted(per_file):
        c = per_file[path]
        total += c
        rows.append(_row(path, c))
    rows.append(_row("all", total))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    text = "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths, strict=True)))
                     for r in rows)
    n = sum(total.values())
    return text, (total["killed"] / n if n else 0.0)


def _row(path: str, c: Counter) -> tuple[str, ...]:
    n = sum(c.values())
    other = n - sum(c[k] for k in COLUMNS)
    return (path, str(n), *(str(c[k]) for k in COLUMNS), str(other), f"{100 * c['killed'] / n:.1f}%" if n else "-")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--rev", default="HEAD", help="the commit to measure (default HEAD)")
    which.add_argument("--uncommitted", action="store_true",
                       help="measure the tracked files as they are in the working tree (new files: git add them)")
    ap.add_argument("--max-children", type=int, default=2, help="mutmut's parallel workers (default 2)")
    ap.add_argument("--goal", type=float, default=0.98, help="the score below which the exit status is 1 (default 0.98)")
    ap.add_argument("--only", nargs="+", metavar="NAME",
                    help="run only these mutants (names or globs, as the list of survivors gives them)")
    ap.add_argument("--workdir", type=Path, help="an empty or new folder for the scratch copy (default: a new temporary one)")
    args = ap.parse_args(argv)

    try:
        version = importlib.metadata.version("mutmut")
    except importlib.metadata.PackageNotFoundError:
        print("mutmut is not installed: pip install mutmut (3.x)", file=sys.stderr)
        return 2
    rev = args.rev
    if args.uncommitted:
        rev = git("stash", "create") or "HEAD"  # a commit of the working tree; nothing is stashed or changed
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        if any(args.workdir.iterdir()):
            ap.error(f"{args.workdir} is not empty")
        scratch = args.workdir.resolve()
    else:
        scratch = Path(tempfile.mkdtemp(prefix="jxplan-mutation-"))
    sha = scratch_copy(rev, scratch)
    configure(scratch)
    quickest_first(scratch)
    moved = sum(undecorate(p) for p in mutated_files(scratch))
    print(f"mutmut {version} on {sha[:12]}{' (uncommitted changes)' if args.uncommitted else ''}, "
          f"{len(SOURCES)} sources ({moved} properties made mutable), {len(TESTS)} test files; scratch copy: {scratch}",
          flush=True)

    log = scratch / "mutation.log"
    start = time.monotonic()
    with open(log, "wb") as f:
        run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children),
                              *(args.only or ())],
                             cwd=scratch, stdout=f, stderr=subprocess.STDOUT)
    minutes = (time.monotonic() - start) / 60
    statuses = results(scratch) if run.returncode == 0 else {}
    if args.only:  # the mutants asked for; the others were never run
        statuses = {n: s for n, s in statuses.items() if s != "not checked"}
    if not statuses:
        print(f"mutmut failed (exit {run.returncode}); see the end of {log}", file=sys.stderr)
        return 2
    text, score = table(statuses, scratch)
    print(f"\n{text}\n\nscore {100 * score:.1f}% (goal {100 * args.goal:.0f}%), {minutes:.1f} min")
    left = sorted((n, s) for n, s in statuses.items() if s != "killed")
    if left:
        print(f"\nnot killed ({len(left)}); to see one: cd {scratch} && {sys.executable} -m mutmut show NAME")
        for name, status in left:
            print(f"  {status:10} {name}")
    print(f"\nthe scratch copy stays for mutmut show (and mutmut browse); remove it with: rm -rf {scratch}")
    return 0 if score >= args.goal else 1


if __name__ == "__main__":
    sys.exit(main())
