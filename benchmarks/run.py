"""Benchmark: jxplan against the parse floor and the peers, at the shipped and synthetic scales.

    python benchmarks/run.py [--repeat 3] [--scales shipped,1000,10000]

Prints medians, min–max and ratios; asserts nothing. Variants are interleaved and repeated.
Synthetic data are written under benchmarks/_data/ (ignored by git). Every variant runs
with the parse cache off (JXPLAN_CACHE=off) except those marked "cache warm", which run
after one filling run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks/_data"
JX = [sys.executable, "-m", "jxplan"]


def make_data(reports: int) -> tuple[Path, Path]:
    """A plan of 25 points with two targets per unit, and one report per unit per quarter.

    Each unit leads two targets (value or stage) and is co-responsible for four others,
    on which it sends a note, as real reports do.
    """
    folder = DATA / str(reports)
    plan, progress = folder / "plan.yaml", folder / "progress"
    if plan.exists():
        return plan, progress
    rnd = random.Random(reports)
    n_units = max(1, reports // 4)
    units = [f"u{i:05d}" for i in range(n_units)]
    targets = []  # (id, kind, lead, co)
    for i in range(2 * n_units):
        point = i % 25 + 1
        kind = ["cumulative", "rate", "cumulative", "milestone"][i % 4]
        lead = units[i // 2]
        co = [units[(i // 2 + 1) % n_units], units[(i // 2 + 2) % n_units]]
        targets.append((f"{point}.{i // 25 + 1}", kind, lead, co, point, rnd.randint(10, 1000)))
    out = ["version: 1", "year: 2012", "title: 合成計畫", "issuer: 嘉興市人民政府", "issued: 2012-02-03",
           "reporting: {Q1: 2012-04-05, Q2: 2012-07-05, Q3: 2012-10-08, Q4: 2013-01-05}",
           "thresholds: {serious: 0.8}", "units:"]
    out += [f"  - {{id: {u}, name: 單位{u[1:]}號, kind: department}}" for u in units]
    out += ["headline:", "  - {id: H1, name: 地區生產總值增長, kind: rate, target: 10, unit: '%', lead: u00000}", "sections:",
            "  - id: 1", "    title: 努力保持經濟平穩較快增長", "    points:"]
    for p in range(1, 26):
        out += [f"      - id: {p}", f"        title: 第{p}項工作", "        text: 把擴大有效投入作為調整經濟結構、穩定經濟的重大舉措來抓。",
                "        lead: u00000", "        targets:"]
        for tid, kind, lead, co, point, goal in targets:
            if point == p:
                extra = "" if kind == "milestone" else f", target: {goal}, unit: 個"
                out.append(f'          - {{id: "{tid}", name: 指標{tid}, kind: {kind}{extra}, lead: {lead}, co: [{", ".join(co)}]}}')
    folder.mkdir(parents=True, exist_ok=True)
    plan.write_text("\n".join(out) + "\n", encoding="utf-8")
    leads, cos = {}, {}
    for t in targets:
        leads.setdefault(t[2], []).append(t)
        for c in t[3]:
            cos.setdefault(c, []).append(t)
    for qi, q in enumerate(["Q1", "Q2", "Q3", "Q4"]):
        (progress / q).mkdir(parents=True, exist_ok=True)
        for u in units:
            lines = ["version: 1", f"unit: {u}", "year: 2012", f"quarter: {q}",
                     f"submitted: {['2012-04-01', '2012-07-01', '2012-10-01', '2013-01-01'][qi]}", "entries:"]
            for tid, kind, *_, goal in leads.get(u, []):
                share = [0.26, 0.52, 0.78, 1.02][qi] if kind == "cumulative" else rnd.uniform(0.9, 1.1)
                lines.append(f'  - target: "{tid}"')
                lines.append("    stage: in_progress" if kind == "milestone" else f"    value: {round(goal * share, 1)}")
                lines.append("    note: 按計畫推進，各項工作有序開展。")
            for tid, *_ in cos.get(u, []):
                lines.append(f'  - target: "{tid}"')
                lines.append("    note: 配合牽頭單位推進相關工作，已完成本季度任務。")
            (progress / q / f"{u}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return plan, progress


def floor_script(folder: Path) -> list[str]:
    code = ("import sys, os, yaml\n"
            "for r, _, fs in os.walk(sys.argv[1]):\n"
            "    for f in fs:\n"
            "        yaml.load(open(os.path.join(r, f), 'rb').read(), Loader=yaml.CSafeLoader)\n")
    return [sys.executable, "-c", code, str(folder)]


COLD = dict(os.environ, JXPLAN_CACHE="off")
WARM = dict(os.environ, JXPLAN_CACHE="on", JXPLAN_CACHE_DIR=str(DATA / "cache"))


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process; a ("warm", cmd) pair uses the cache."""
    env = COLD
    if cmd and cmd[0] == "warm":
        env, cmd = WARM, cmd[1:]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def measure(variants: dict[str, list[str]], repeat: int) -> dict[str, list[tuple[float, float]]]:
    results = {k: [] for k in variants}
    for _ in range(repeat):
        for name, cmd in variants.items():  # interleaved
            results[name].append(timed(cmd))
    return results


def report(title: str, results: dict, base: str | None) -> None:
    print(f"\n## {title}\n")
    print(f"| variant | median s | min–max s | peak RSS MB | × {base or '—'} |")
    print("| --- | ---: | ---: | ---: | ---: |")
    ref = statistics.median(t for t, _ in results[base]) if base else None
    for name, runs in results.items():
        ts = [t for t, _ in runs]
        med = statistics.median(ts)
        ratio = f"{med / ref:.2f}" if ref else ""
        print(f"| {name} | {med:.3f} | {min(ts):.3f}–{max(ts):.3f} | {max(m for _, m in runs):.0f} | {ratio} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scales", default="shipped,1000,10000")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}")
    subprocess.run(JX + ["status"], env=WARM, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    report("start-up", measure({
        "python -c pass": [sys.executable, "-c", "pass"],
        "import typer, pydantic, yaml, rich": [sys.executable, "-c", "import typer, pydantic, yaml, rich"],
        "the same, with pydantic.BaseModel and rich.table": [
            sys.executable, "-c", "import typer, yaml; from pydantic import BaseModel; from rich.table import Table"],
        "jxplan --help": JX + ["--help"],
        "jxplan status (shipped)": JX + ["status"],
        "jxplan status --format json (shipped)": JX + ["status", "--format", "json"],
        "jxplan status (shipped, cache warm)": ["warm"] + JX + ["status"],
    }, args.repeat), "python -c pass")
    for scale in args.scales.split(","):
        if scale == "shipped":
            plan, progress = ROOT / "plans/2012.yaml", ROOT / "progress"
        else:
            plan, progress = make_data(int(scale))
        n = sum(1 for _ in progress.rglob("*.yaml"))
        variants = {
            "floor: read + libyaml parse": floor_script(progress),
            "jxplan validate": JX + ["validate", "--plan", str(plan), str(progress)],
            "jxplan status --format json": JX + ["status", "--plan", str(plan), "--reports", str(progress), "-f", "json"],
            "jxplan bulletin --format html": JX + ["bulletin", "--plan", str(plan), "--reports", str(progress), "-f", "html"],
            "jxplan status --format json, cache warm": ["warm"] + JX + ["status", "--plan", str(plan), "--reports", str(progress), "-f", "json"],
        }
        subprocess.run(JX + ["status", "--plan", str(plan), "--reports", str(progress), "-f", "json"],
                       env=WARM, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)  # fill the cache
        schema = ROOT / "schema/report.schema.json"
        if shutil.which("check-jsonschema"):
            files = [str(p) for p in sorted(progress.rglob("*.yaml"))]
            variants["check-jsonschema"] = ["check-jsonschema", "--schemafile", str(schema), *files]
        if shutil.which("yamllint"):
            variants["yamllint"] = ["yamllint", "-d", "{extends: default, rules: {line-length: disable, document-start: disable}}", str(progress)]
        report(f"{scale}: {n} reports", measure(variants, args.repeat), "floor: read + libyaml parse")
    if not shutil.which("check-jsonschema") or not shutil.which("yamllint"):
        print("\n(peers missing: pip install check-jsonschema yamllint to include them)")


if __name__ == "__main__":
    main()
