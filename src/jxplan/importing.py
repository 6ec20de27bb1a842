"""`jxplan import`: filled workbooks to the YAML reports the office keeps in git.

Each workbook is checked as any report is (``pipeline``); one with an error, a blank one,
or a second one of the same unit and quarter is refused and nothing is written for it.
The YAML (``render.forms.report_yaml``) is read back and compared with the workbook
before it is written: what is kept says exactly what the workbook said.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import discover, sources
from .pipeline import PlanLoad, assemble, lags_unexplained, outcomes, read_all, read_report_bytes
from .problems import Problem
from .render.forms import report_yaml


@dataclass(frozen=True)
class Imported:
    """One workbook: the YAML to write and where, or why nothing is written."""

    path: str
    dest: Path | None = None
    text: str | None = None
    refusal: str | None = None  # said to the user; None when ``text`` is to be written
    exists: bool = False  # refused only because dest is there and --force was not given


def plan_imports(files, folder: Path, pl: PlanLoad, force: bool) -> tuple[list[Imported], list[Problem]]:
    """What to write for each workbook, and every problem found in them."""
    items, problems, out = [], [], []
    for f in files:
        raw, problem = read_report_bytes(f)
        if raw is None:
            problems.append(problem)
            out.append(Imported(str(f), refusal="無法讀取，未導入"))
        else:
            items.append((str(f), raw))
    seen: dict[Path, str] = {}
    kept = _kept(folder, pl)
    results = outcomes(items, pl)
    facts, _ = assemble(results, pl.index)
    problems += lags_unexplained(results, facts, pl.index)  # said now, before the bulletin says it
    for (path, raw), outcome in zip(items, results):
        problems += outcome.problems
        if outcome.kind != "report" or any(p.is_error for p in outcome.problems):
            out.append(Imported(path, refusal="有錯誤，未導入"))
            continue
        if not outcome.accepted:
            out.append(Imported(path, refusal="表格沒有填任何內容，未導入"))
            continue
        dest = folder / str(pl.plan.year) / outcome.quarter / f"{outcome.unit}.yaml"
        if dest in seen:
            name = pl.index.unit_name(outcome.unit)
            out.append(Imported(path, dest, refusal=f"與 {seen[dest]} 同為 {name} {outcome.quarter} 的報告，未導入"))
            continue
        seen[dest] = path
        others = [k for k in kept.get((outcome.unit, outcome.quarter), []) if not _same(k, dest)]
        if others:  # a second report of the unit in the folder: every status and bulletin would refuse it
            name = pl.index.unit_name(outcome.unit)
            said = ("這個工作簿本身就在報告文件夾中，導入後同一份報告會有兩個文件；請先把工作簿移出報告文件夾再導入"
                    if any(_same(k, Path(path)) for k in others) else
                    f"{name} {outcome.quarter} 的報告已在 {others[0]}，同一單位每季只能有一份；"
                    "要換成這份工作簿，請先移走或刪除那個文件")
            out.append(Imported(path, dest, refusal=f"{said}，未導入", exists=True))
            continue
        if dest.exists() and not force:
            out.append(Imported(path, dest, refusal=f"{dest} 已存在；要覆蓋請加 --force", exists=True))
            continue
        doc, _ = sources.parse(raw, path)
        header = f"由 jxplan import 自 {Path(path).name} 轉換（sha256 {hashlib.sha256(raw).hexdigest()[:16]}）"
        text = report_yaml(outcome, doc.data.get("entries", []), pl.plan.year, header)
        again = outcomes([(str(dest), text.encode("utf-8"))], pl)[0]
        if not again.accepted or [e[:5] for e in again.entries] != [e[:5] for e in outcome.entries]:
            out.append(Imported(path, dest, refusal="轉換後的 YAML 與工作簿不一致，未寫入（這是 jxplan 的錯誤，請反饋）"))
            continue
        out.append(Imported(path, dest, text))
    return out, problems


def _kept(folder: Path, pl: PlanLoad) -> dict[tuple[str, str], list[str]]:
    """Where the reports already in ``folder`` are, by unit and quarter (whatever their file
    names: a report is known by its content), so that an import never adds a second one."""
    if not folder.is_dir():
        return {}
    files, _ = discover.find([str(folder)])
    kept: dict[tuple[str, str], list[str]] = {}
    for o in outcomes(read_all(files, []), pl):
        if o.kind == "report" and o.unit and o.quarter and not any(p.code == "wrong-year" for p in o.problems):
            kept.setdefault((o.unit, o.quarter), []).append(o.path)
    return kept


def _same(a, b) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):
        return str(a) == str(b)
