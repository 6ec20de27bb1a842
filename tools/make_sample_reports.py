"""Write the illustrative progress reports of progress/2012/ from the plan and a scenario.

    python tools/make_sample_reports.py            # rewrite progress/2012/Q1..Q4/
    python tools/make_sample_reports.py --check    # exit 1 if the files differ from what it would write

Every target is reported by its lead (plans/2012.yaml). tools/sample_scenario.yaml holds what
was designed by hand: every figure, the milestones that are ahead or behind, the units that
report late or not at all, and the notes of co-responsible units. Every other milestone
follows a rule: an open-ended duty is in progress in every quarter; a milestone with an
end-state is in progress until the quarter its id picks (Q2, Q3 or Q4, by CRC-32), then done,
and never done before a quarter the scenario designed as not yet done.
The output depends on nothing else (no clock, no randomness), so running it twice writes the
same bytes. The reports are made up: every file says so.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jxplan.check.pipeline import open_plan  # noqa: E402

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
DONE_IN = ("Q2", "Q3", "Q4", "Q4")  # a milestone with an end-state is done in DONE_IN[crc32(id) % 4]
HEADER = "# yaml-language-server: $schema=../../../schema/report.schema.json\n"


def generated(target, quarter: str, designed: dict) -> dict:
    """The stage of a milestone the scenario does not give: never done before a quarter the
    scenario designed as not yet done (a milestone does not go back)."""
    if target.kind != "milestone":
        raise SystemExit(f"tools/sample_scenario.yaml 沒有寫 {target.id} 在 {quarter} 的數值")
    if target.open_ended:
        return {"stage": "in_progress"}
    done = QUARTERS.index(DONE_IN[zlib.crc32(target.id.encode()) % len(DONE_IN)])
    for q, e in designed.items():
        if e.get("stage") != "done":
            done = max(done, QUARTERS.index(q) + 1)
    return {"stage": "done" if QUARTERS.index(quarter) >= done else "in_progress"}


def scalar(v) -> str:
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def entry_lines(tid: str, e: dict) -> list[str]:
    lines = [f'  - target: "{tid}"']
    for key in ("value", "stage", "note"):
        if key in e:
            lines.append(f"    {key}: {e[key] if key == 'stage' else scalar(e[key])}")
    if "reason" in e:
        lines += ["    reason:", f"      kind: {e['reason']['kind']}", f"      text: {e['reason']['text']}"]
    return lines


def reports(plan_path: Path, scenario_path: Path) -> dict[Path, str]:
    """Every report file to write, by path relative to the repository, with its text."""
    ws = open_plan(plan_path)
    if ws.plan is None:
        raise SystemExit("plans/2012.yaml 有錯誤；請先執行 jxplan validate plans/")
    index = ws.index
    scenario = yaml.safe_load(scenario_path.read_text(encoding="utf-8"))
    designed = scenario["entries"]
    unknown = sorted(set(designed) - set(index.targets))
    if unknown:
        raise SystemExit(f"tools/sample_scenario.yaml 寫了計劃中沒有的目標：{', '.join(unknown)}")
    out: dict[Path, str] = {}
    for q in QUARTERS:
        missing = set(scenario["missing"].get(q, ()))
        entries: dict[str, list[tuple[str, dict]]] = {}
        for ref in index.refs:
            if ref.lead in missing:
                continue
            mine = designed.get(ref.id, {})
            e = mine.get(q) or generated(ref.target, q, mine)
            entries.setdefault(ref.lead, []).append((ref.id, e))
        for n in scenario["notes"]:
            if n["quarter"] == q:
                entries.setdefault(n["unit"], []).append((n["target"], {"note": n["note"]}))
        for uid in [u.id for u in index.plan.units if u.id in entries]:
            submitted = scenario["submitted"]["late"].get(q, {}).get(uid, scenario["submitted"]["on_time"][q])
            lines = [HEADER.rstrip("\n"),
                     f"# {index.unit_name(uid)} {q} 進度報告（示例數據，非真實統計；由 tools/make_sample_reports.py 生成）",
                     "version: 1", f"unit: {uid}", f"year: {index.plan.year}", f"quarter: {q}",
                     f"submitted: {submitted}", "entries:"]
            for tid, e in entries[uid]:
                lines += entry_lines(tid, e)
            out[Path("progress") / str(index.plan.year) / q / f"{uid}.yaml"] = "\n".join(lines) + "\n"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when a file would change")
    args = parser.parse_args()
    wanted = reports(ROOT / "plans/2012.yaml", ROOT / "tools/sample_scenario.yaml")
    year_dir = ROOT / "progress/2012"
    present = {p.relative_to(ROOT) for p in year_dir.rglob("*.yaml")}
    stale = sorted(present - set(wanted))
    changed = sorted(p for p, text in wanted.items()
                     if not (ROOT / p).exists() or (ROOT / p).read_text(encoding="utf-8") != text)
    if args.check:
        for p in stale + changed:
            print(p)
        return 1 if stale or changed else 0
    for p in stale:
        (ROOT / p).unlink()
    for p in changed:
        (ROOT / p).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / p).write_text(wanted[p], encoding="utf-8")
    print(f"{len(wanted)} 份報告；改寫 {len(changed)} 份，刪除 {len(stale)} 份。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
