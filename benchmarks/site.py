"""Benchmark of `jxplan site` (issue 22): a year of the shipped data in under 2 seconds, and a
rebuild after one new report that rewrites only what changed. Prints figures, asserts nothing.

    python benchmarks/site.py [--repeat 5] [--libraries]

Each variant is a whole process (wall time, median of the runs with min–max): a first build
into an empty folder with the parse cache off and with it warm, a rebuild with nothing
changed, and a rebuild after one report changed (with the number of files rewritten).
``--libraries`` also times the chart libraries that were candidates, each drawing the shipped
plan's 49 figure charts as SVG in a process of its own (import included): pygal, which the
site uses, and matplotlib and vl-convert when they are installed (they are not among jxplan's
dependencies: `pip install matplotlib vl-convert-python` to compare).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JX = [sys.executable, "-m", "jxplan"]


def timed(cmd: list[str], env: dict, cwd: Path) -> tuple[tuple[float, float], str]:
    """(wall, CPU of the process and every child it waited for) and what it said on stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return (wall, cpu), done.stderr.strip()


def row(name: str, times: list[tuple[float, float]], said: str = "") -> str:
    walls, cpus = [w for w, _ in times], [c for _, c in times]
    return (f"| {name} | {statistics.median(walls):.2f} ({min(walls):.2f}–{max(walls):.2f}) | "
            f"{statistics.median(cpus):.2f} | {said.split('。')[0]} |")


def builds(repeat: int) -> list[str]:
    out = ["| variant | wall s (median, min–max) | CPU s (median) | what it said |", "| --- | ---: | ---: | --- |"]
    scratch = Path(tempfile.mkdtemp(prefix="jxplan-site-bench-"))
    try:
        reports = scratch / "progress"
        shutil.copytree(ROOT / "progress", reports)
        cache = scratch / "cache"
        base = {**os.environ, "JXPLAN_CACHE_DIR": str(cache)}
        cmd = [*JX, "site", "--plan", str(ROOT / "plans/2012.yaml"), "--reports", str(reports)]
        runs: dict[str, list[tuple[float, float]]] = {}
        said: dict[str, str] = {}
        subprocess.run([*JX, "status", "--plan", str(ROOT / "plans/2012.yaml"), "--reports", str(reports)],
                       env=base, capture_output=True, timeout=300)  # fills the parse cache
        one = next(p for p in sorted(reports.glob("2012/Q4/*.yaml")) if "value:" in p.read_text(encoding="utf-8"))
        original = one.read_text(encoding="utf-8")
        for i in range(repeat):
            for name, env in (("first build, cache off", {**base, "JXPLAN_CACHE": "off"}), ("first build, cache warm", base)):
                folder = scratch / f"site-{i}-{len(runs.get(name, []))}-{name[-4:]}"
                t, s = timed([*cmd, "-o", str(folder)], env, scratch)
                runs.setdefault(name, []).append(t)
                said[name] = s.split("：", 1)[-1]
            timed([*cmd, "-o", str(scratch / "site-rebuilt")], base, scratch)
            folder = scratch / "site-rebuilt"
            t, s = timed([*cmd, "-o", str(folder)], base, scratch)
            runs.setdefault("rebuild, nothing changed (cache warm)", []).append(t)
            said["rebuild, nothing changed (cache warm)"] = s.split("：", 1)[-1]
            one.write_text(re.sub(r"value: ([0-9.]+)", lambda m, i=i: f"value: {float(m.group(1)) + 1 + i}", original, count=1),
                           encoding="utf-8")  # one figure of one report changes, as a corrected report would
            t, s = timed([*cmd, "-o", str(folder)], base, scratch)
            runs.setdefault("rebuild after one report changed", []).append(t)
            said["rebuild after one report changed"] = s.split("：", 1)[-1]
        one.write_text(original, encoding="utf-8")
        out += [row(name, times, said[name]) for name, times in runs.items()]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return out


# ---- the candidate chart libraries, each drawing the same 49 figure charts -----------------------

FIGURES = """
import sys, time
start = time.perf_counter()
from pathlib import Path
sys.path.insert(0, {src!r})
from jxplan.check.pipeline import open_workspace
from jxplan.judge.status import compute
from jxplan.render.site.pages import Year, points
ws = open_workspace(Path({plan!r}), Path({reports!r}))
year = Year(ws.index, tuple(compute(ws.index, ws.reports, q) for q in ("Q1", "Q2", "Q3", "Q4")), ws.reports)
charts = [points(year, t.id) for t in year.latest.targets if t.quantified]
loaded = time.perf_counter()
{draw}
print(len(charts), round(loaded - start, 3), round(time.perf_counter() - loaded, 3))
"""

DRAW = {
    "pygal (the site's)": """
from jxplan.render.site import charts as c
for i, pts in enumerate(charts):
    c.figures("figures", "t", pts)
""",
    "matplotlib, SVG, text as paths": """
import io, matplotlib
matplotlib.use("svg")
matplotlib.rcParams.update({"svg.fonttype": "path", "font.family": ["Noto Sans CJK SC"], "svg.hashsalt": "jx"})
from matplotlib.figure import Figure
for pts in charts:
    fig = Figure(figsize=(5.2, 2.5)); ax = fig.add_subplot()
    xs = range(len(pts))
    ax.bar([x - 0.2 for x in xs], [float(p.expected or 0) for p in pts], 0.4, color="#A6A6A6")
    ax.bar([x + 0.2 for x in xs], [float(p.actual or 0) for p in pts], 0.4, color="#70AD47")
    ax.set_xticks(list(xs), [p.quarter for p in pts])
    fig.savefig(io.StringIO(), format="svg", metadata={"Date": None})
""",
    "vl-convert (Vega-Lite)": """
import vl_convert as vlc
for pts in charts:
    values = [{"q": p.quarter, "k": k, "v": float(v or 0)} for p in pts for k, v in (("序時進度", p.expected), ("實際", p.actual))]
    vlc.vegalite_to_svg({"width": 400, "height": 200, "data": {"values": values}, "mark": "bar",
                         "encoding": {"x": {"field": "q", "type": "ordinal"}, "xOffset": {"field": "k"},
                                      "y": {"field": "v", "type": "quantitative"}, "color": {"field": "k"}}})
""",
}
NEEDS = {"matplotlib, SVG, text as paths": "matplotlib", "vl-convert (Vega-Lite)": "vl_convert"}


def libraries(repeat: int) -> list[str]:
    out = ["| library | charts | wall s, whole process (median, min–max) | of which drawing s (median) |",
           "| --- | ---: | ---: | ---: |"]
    import importlib.util

    for name, draw in DRAW.items():
        if name in NEEDS and importlib.util.find_spec(NEEDS[name]) is None:
            out.append(f"| {name} | — | not installed | — |")
            continue
        code = FIGURES.format(src=str(ROOT / "src"), plan=str(ROOT / "plans/2012.yaml"), reports=str(ROOT / "progress"),
                              draw=draw)
        walls, drawing, n = [], [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                                  env={**os.environ, "JXPLAN_CACHE": "off"})
            walls.append(time.perf_counter() - start)
            if done.returncode:
                raise SystemExit(f"{name}: {done.stderr}")
            n, _, d = done.stdout.split()
            drawing.append(float(d))
        out.append(f"| {name} | {n} | {statistics.median(walls):.2f} ({min(walls):.2f}–{max(walls):.2f}) | "
                   f"{statistics.median(drawing):.2f} |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--libraries", action="store_true")
    args = parser.parse_args()
    print(f"#### jxplan site on the shipped data ({os.cpu_count()} cores, Python {sys.version.split()[0]})\n")
    print("\n".join(builds(args.repeat)))
    if args.libraries:
        print("\n#### the chart libraries, 49 figure charts as SVG\n")
        print("\n".join(libraries(args.repeat)))


if __name__ == "__main__":
    main()
