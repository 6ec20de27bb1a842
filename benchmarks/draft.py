"""Benchmark of `jxplan draft` (issue 21): prints figures, asserts nothing.

    python benchmarks/draft.py [--repeat 5] [--misses]

* The seed notice (as an office holds it: the scrape's four mojibake runs restored) drafted
  and compared with plans/2012.yaml item by item: tasks found with the same source words,
  figures with the same value, unit, kind and direction, deadlines, anything invented.
* The real documents of tests/data/plans drafted from their text as obtained (and table.xlsx
  where there is one) and compared with their hand encodings the same way.
* The time to draft a synthetic notice of 300 items with its decomposition table (Excel), in
  the process (imports done), median of the runs with min–max; and a whole `jxplan draft`
  process for it.

``--misses`` lists every item not found, by id, and every figure that differs.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jxplan import read as sources  # noqa: E402
from jxplan.draft import draft  # noqa: E402
from jxplan.draft.compare import compare, measure  # noqa: E402

_spec = importlib.util.spec_from_file_location("draft_make", ROOT / "tests/data/draft/make.py")
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)


def data(text: str) -> dict:
    return sources.parse(text.encode("utf-8"), "draft.yaml")[0].data


def show(name: str, c, made, misses: bool) -> None:
    print(f"{name}: {made.counts['targets']} tasks drafted, {made.marks} lines marked # 待核")
    for line in c.lines():
        print(f"  {line}")
    if misses:
        for what in ("missed", "figure_misses", "deadline_misses", "invented", "unit_misses", "other_misses"):
            for x in getattr(c, what):
                print(f"    {what}: {x}")


def seed(work: Path, misses: bool) -> None:
    import re

    text = make.seed()
    notice = work / "seed.txt"
    notice.write_text(text, encoding="utf-8")
    made = draft(str(notice))
    words = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", text)
    c = compare(data(made.text), data((ROOT / "plans/2012.yaml").read_text(encoding="utf-8")), words)
    show("seed (plans/2012.yaml)", c, made, misses)


def real(work: Path, misses: bool) -> None:
    for folder in sorted((ROOT / "tests/data/plans").iterdir()):
        if folder.is_dir():
            c, made = measure(folder, work)
            show(f"tests/data/plans/{folder.name}", c, made, misses)


def timing(work: Path, repeat: int) -> None:
    text, table = make.synthetic(300)
    notice, sheet = work / "notice.txt", work / "table.xlsx"
    notice.write_text(text, encoding="utf-8")
    make.xlsx(table, sheet)
    draft(str(ROOT / "tests/data/draft/county/notice.txt"))  # imports done once, as in any process
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        made = draft(str(notice), str(sheet))
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    print(f"300 items ({made.counts['targets']} tasks, {made.counts['units']} units, table in Excel), in the process: "
          f"wall {statistics.median(walls):.3f} s ({min(walls):.3f}–{max(walls):.3f}), CPU {statistics.median(cpus):.3f} s")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    runs = []
    for _ in range(repeat):
        out = work / "plan.yaml"
        out.unlink(missing_ok=True)
        w = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jxplan", "draft", str(notice), "-d", str(sheet), "-o", str(out)],
                       env=env, check=True, capture_output=True)
        runs.append(time.perf_counter() - w)
    print(f"300 items, a whole `jxplan draft` process: wall {statistics.median(runs):.3f} s ({min(runs):.3f}–{max(runs):.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seed(work, args.misses)
        real(work, args.misses)
        timing(work, args.repeat)


if __name__ == "__main__":
    main()
