"""Ablation: what each piece of speed-up machinery saves, switched off alone against everything on.

    python benchmarks/ablation.py [--repeat 5] [--scales 1000,10000] [--only PIECE,...]

Every variant is a whole process (``run.timed_in``: wall, CPU of the process and every worker
it waited for, peak RSS), interleaved and repeated, so a busy moment on a shared machine falls
on every variant alike; medians with min–max. Each piece is switched off from the outside,
never by a switch in the product: the environment variable that exists (``JXPLAN_CACHE=off``),
else a wrapper ``python -c`` that patches a constant or a function as its module is imported,
before ``jxplan.cli.main()`` runs (a patch waits for its module's import, so a run that never
imports it pays nothing for the patch). "Everything on" runs through the same wrapper with no
patch. Workloads: the shipped plan and reports (``status``, ``bulletin --format md``, cold and
warm; ``--help``, its page cached), and ``status --format json`` on run.py's 1,000 and 10,000
synthetic reports, cold and warm. "Cold" is a first run: the cache on, its folder emptied
before each run (so the cost of writing it is counted); "warm" a run after a filling one.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BASE, DATA, make_data, med, table, timed_in  # noqa: E402

# Run a patch when its module is first imported (a module imported early only for its patch
# would cost an import a warm run never pays).
PRELUDE = """
import importlib.abc, importlib.util, sys
class _After(importlib.abc.MetaPathFinder):
    def __init__(self, name, patch):
        self.name, self.patch = name, patch
    def find_spec(self, name, path, target=None):
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run, patch = spec.loader.exec_module, self.patch
        def exec_module(module):
            run(module)
            patch(module)
        spec.loader.exec_module = exec_module
        return spec
def after(name, patch):
    if name in sys.modules:
        patch(sys.modules[name])
    else:
        sys.meta_path.insert(0, _After(name, patch))
"""

# piece: (how it is switched off, patch code run before main, extra environment)
PIECES: dict[str, tuple[str, str, dict]] = {
    "content cache": ("`JXPLAN_CACHE=off`", "", {"JXPLAN_CACHE": "off"}),
    "help cache": ("`core.cache.Store` answers no entry for the store `help`", """
def _patch(m):
    Store = m.Store
    class NoHelp(Store):
        def __init__(self, name, keeps=False):
            if name != "help":
                return Store.__init__(self, name, keeps)
            self.path, self.old, self.new, self.keeps, self.replaced = None, {}, {}, keeps, False
    m.Store = NoHelp
after("jxplan.core.cache", _patch)
""", {}),
    "gc.disable()": ("`gc.disable` made a no-op", "import gc; gc.disable = lambda: None\n", {}),
    "os._exit": ("`jxplan.cli`'s `os._exit` made `sys.exit` (the interpreter's teardown runs)", """
import os as _os
class _Os:
    def __getattr__(self, name):
        return getattr(_os, name)
    @staticmethod
    def _exit(code):
        sys.exit(code)
after("jxplan.cli", lambda m: setattr(m, "os", _Os()))
""", {}),
    "read.Deferred": ("`read.Deferred` replaced by `read.reopen` (the source module loaded at once)", """
after("jxplan.read", lambda m: setattr(m, "Deferred", lambda raw, path, data: m.reopen(raw, path, data)))
""", {}),
    "Typer adapters skipped": ("`cli.chinese._plain_options` made a no-op", """
after("jxplan.cli.chinese", lambda m: setattr(m, "_plain_options", lambda cmd, ctx: None))
""", {}),
    "fast YAML path": ("`read.yaml.parse_fast` always answers None (the careful way)", """
after("jxplan.read.yaml", lambda m: setattr(m, "parse_fast", lambda text, path: None))
""", {}),
}

ALL_ON = "everything on"


def command(patch: str, args: list[str]) -> list[str]:
    return [sys.executable, "-c", PRELUDE + patch + "\nimport jxplan.cli\njxplan.cli.main()\n", *args]


def workloads(scales: list[int], workbooks: list[int]) -> list[tuple[str, list[str], str]]:
    """(name, jxplan's arguments, "cold", "warm" or "help"); the reports of ``workbooks`` also as
    the workbooks clerks send back (benchmarks/xlsx.py)."""
    out = [("shipped: status, cold", ["status"], "cold"),
           ("shipped: status, warm", ["status"], "warm"),
           ("shipped: bulletin --format md, cold", ["bulletin", "--format", "md"], "cold"),
           ("shipped: bulletin --format md, warm", ["bulletin", "--format", "md"], "warm"),
           ("--help (its page cached)", ["--help"], "help")]
    for n in scales:
        plan, progress = make_data(n)
        args = ["status", "--plan", str(plan), "--reports", str(progress), "-f", "json"]
        out += [(f"{n:,} reports: status -f json, cold", args, "cold"),
                (f"{n:,} reports: status -f json, warm", args, "warm")]
    for n in workbooks:
        from xlsx import make_workbooks

        plan, progress = make_data(n)
        args = ["status", "--plan", str(plan), "--reports", str(make_workbooks(plan, progress)), "-f", "json"]
        out += [(f"{n:,} workbooks: status -f json, cold", args, "cold")]
    return out


def applies(piece: str, kind: str) -> bool:
    """The help cache only answers help; nothing but start-up runs on a cached help page."""
    if kind == "help":
        return piece in ("help cache", "gc.disable()", "os._exit")
    return piece != "help cache"


def run_workload(name: str, args: list[str], kind: str, pieces: list[str], repeat: int) -> dict:
    folder = DATA / "ablation-cache"
    env = dict(BASE, JXPLAN_CACHE="on", JXPLAN_CACHE_DIR=str(folder))
    variants = {ALL_ON: (command("", args), env)}
    for piece in pieces:
        if applies(piece, kind):
            _, patch, extra = PIECES[piece]
            variants[f"{piece} off"] = (command(patch, args), dict(env, **extra))
    shutil.rmtree(folder, ignore_errors=True)
    if kind != "cold":
        timed_in(variants[ALL_ON][0], env)  # fill the cache (every variant keys it alike: same code)
    results: dict = {k: [] for k in variants}
    order = list(variants)
    shuffle = random.Random(name).shuffle
    for _ in range(repeat):
        shuffle(order)  # interleaved in a new order each round: no variant always follows the same one
        for variant in order:
            cmd, venv = variants[variant]
            if kind == "cold":
                shutil.rmtree(folder, ignore_errors=True)
            results[variant].append(timed_in(cmd, venv))
    return results


def summary(all_results: dict, pieces: list[str]) -> None:
    """Per piece and workload: the median wall time with the piece off over everything on, the
    same of the CPU time, and of the fastest runs (a busy machine only ever adds time, so the
    fastest run of each is the least disturbed)."""
    names = list(all_results)
    print("\n### Each piece off, × everything on: wall median / CPU median / fastest wall\n")
    print("| piece | " + " | ".join(names) + " |")
    print("| --- |" + " ---: |" * len(names))
    for piece in pieces:
        cells = []
        for name in names:
            r = all_results[name]
            off = r.get(f"{piece} off")
            if off is None:
                cells.append("—")
                continue
            fastest = min(x[0] for x in off) / min(x[0] for x in r[ALL_ON])
            cells.append(f"{med(off, 0) / med(r[ALL_ON], 0):.2f} / {med(off, 1) / med(r[ALL_ON], 1):.2f} / {fastest:.2f}")
        print(f"| {piece} | " + " | ".join(cells) + " |")


def main() -> None:
    ap = argparse.ArgumentParser(description="each speed-up piece switched off alone, against everything on")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scales", default="1000,10000")
    ap.add_argument("--workbooks", default="", help="also these numbers of reports as workbooks, cold (e.g. 1000)")
    ap.add_argument("--only", default="", help="pieces to switch off, by name, comma-separated (default: all)")
    ap.add_argument("--workloads", default="", help="only the workloads whose name holds one of these words, |-separated")
    args = ap.parse_args()
    pieces = [p for p in PIECES if not args.only or p in args.only.split(",")]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; load {os.getloadavg()[0]:.1f}; "
          f"{args.repeat} interleaved runs of each variant\n")
    print("| piece | how it is switched off |\n| --- | --- |")
    for p in pieces:
        print(f"| {p} | {PIECES[p][0]} |")
    chosen = [w for w in workloads([int(x) for x in args.scales.split(",") if x],
                                   [int(x) for x in args.workbooks.split(",") if x])
              if not args.workloads or any(word in w[0] for word in args.workloads.split("|"))]
    results = {}
    for name, wargs, kind in chosen:
        results[name] = run_workload(name, wargs, kind, pieces, args.repeat)
        table(name, results[name], ALL_ON, "####")
        sys.stdout.flush()
    summary(results, pieces)
    print(f"\nload at the end {os.getloadavg()[0]:.1f}")
    shutil.rmtree(DATA / "ablation-cache", ignore_errors=True)


if __name__ == "__main__":
    main()
