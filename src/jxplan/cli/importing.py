"""`jxplan import`: filled workbooks to the YAML reports the office keeps in git.

Each workbook is checked as any report is (``pipeline``); one with an error, a blank one,
or two of the same unit and quarter (both: which is newer is said, not guessed) are refused
and nothing is written for them; one whose report is there already, word for word, is
counted as unchanged and not written again.
The YAML (``render.forms.report_yaml``) is read back and compared with the workbook
before it is written: what is kept says exactly what the workbook said.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..read import discover
from .. import read as sources
from ..check.pipeline import outcomes
from ..check.plans import PlanLoad
from ..check.reports import assemble, newer, read_all, read_report_bytes
from ..judge.advice import advice
from ..core.problems import Problem
from ..core.script import convert
from ..render.forms import report_yaml
from ..render.problems import visible


@dataclass(frozen=True)
class Imported:
    """One workbook: the YAML to write and where, or why nothing is written."""

    path: str
    dest: Path | None = None
    text: str | None = None
    refusal: str | None = None  # said to the user; None when ``text`` is to be written
    exists: bool = False  # refused only because dest is there and --force was not given
    skipped: bool = False  # not a workbook at all (an Office lock file): said, and no failure
    unchanged: bool = False  # dest holds this very text already: nothing to write (a re-import)


def plan_imports(files, folder: Path, pl: PlanLoad, force: bool, to: str | None = None,
                 step=lambda what: None) -> tuple[list[Imported], list[Problem]]:
    """What to write for each workbook, and every problem found in them; the comment a report
    begins with in the script ``to`` (the office's), its entries as the workbook wrote them;
    ``step`` is told each stage of the work, in words (the command line shows it while it runs)."""
    items, problems, out = [], [], []
    plan, index = pl.plan, pl.index
    assert plan is not None and index is not None  # a plan with errors has ended the command (inputs.load_plan)
    named: set = set()
    for f in files:
        if _same_as_named(f, named):  # inbox/*.xlsx inbox/市*.xlsx: one file, imported once
            continue
        if discover.lock_file(str(f)):  # import inbox/*.xlsx with a workbook open in Excel
            out.append(Imported(str(f), refusal=_lock_note(str(f)), skipped=True))
            continue
        raw, problem = read_report_bytes(f)
        if raw is None:
            if problem is not None:  # always, with no bytes
                problems.append(problem)
            out.append(Imported(str(f), refusal="無法讀取，未導入"))
        else:
            items.append((str(f), raw))
    step(f"正在讀取報告文件夾 {visible(str(folder))} 中已有的報告…")
    kept = _kept(folder, pl)
    step(f"正在讀取並核對 {len(items)} 個工作簿…")
    results = outcomes(items, pl)
    facts, _ = assemble(results, index)
    problems += advice(index, facts, results)  # said now, before the bulletin says it
    step("正在轉換為報告…")
    together = _together(results)
    for (path, raw), outcome in zip(items, results, strict=True):
        problems += outcome.problems
        if outcome.kind == "plan":
            out.append(Imported(path, refusal="這是計劃文件，不是進度報告，未導入"))
            continue
        if outcome.kind != "report" or any(p.is_error for p in outcome.problems):
            out.append(Imported(path, refusal="有錯誤，未導入"))
            continue
        unit, quarter = outcome.unit, outcome.quarter
        if not outcome.accepted or unit is None or quarter is None:  # an accepted report names both
            out.append(Imported(path, refusal="表格沒有填任何內容，未導入"))
            continue
        dest = folder / str(plan.year) / quarter / f"{unit}.yaml"
        linked = _linked(folder, dest)
        if linked is not None:
            out.append(Imported(path, dest, refusal=f"{linked}，未導入"))
            continue
        name = index.unit_name(unit)
        twins = together[(unit, quarter)]
        if len(twins) > 1:  # two workbooks of one unit and quarter: which to keep is the clerk's to say
            listed = "、".join(visible(t.path) for t in twins)
            out.append(Imported(path, dest, refusal=f"{listed} 同為 {name} {outcome.quarter} 的報告；{newer(*twins[:2])}；"
                                                     "請只導入其中一個，未導入"))
            continue
        others = [k for k in kept.get((unit, quarter), []) if not _same(k.path, dest)]
        if others:  # a second report of the unit in the folder: every status and bulletin would refuse it
            said = ("這個工作簿本身就在報告文件夾中，導入後同一份報告會有兩個文件；請先把工作簿移出報告文件夾再導入"
                    if any(_same(k.path, Path(path)) for k in others) else
                    f"{name} {outcome.quarter} 的報告已在 {others[0].path}，同一單位每季只能有一份"
                    f"（{newer(others[0], outcome)}）；要換成這份工作簿，請先移走或刪除那個文件")
            out.append(Imported(path, dest, refusal=f"{said}，未導入", exists=True))
            continue
        doc, _ = sources.parse(raw, path)
        if doc is None:  # never: an accepted report was parsed
            out.append(Imported(path, refusal="有錯誤，未導入"))
            continue
        # the name as every line shows it: a name in GBK bytes (a zip from Chinese Windows) or
        # with a control character would make a YAML jxplan cannot read back
        header = convert("由 jxplan import 自 {name} 轉換（sha256 {digest}）", to).format(
            name=visible(Path(path).name), digest=hashlib.sha256(raw).hexdigest()[:16])
        text = report_yaml(outcome, doc.data.get("entries", []), plan.year, header)
        too_large = _too_large(text, doc)
        if too_large is not None:  # a limit of the YAML format: said at the cell that passes it, as data
            problems.append(too_large)
            out.append(Imported(path, refusal="有錯誤，未導入"))
            continue
        again = outcomes([(str(dest), text.encode("utf-8"))], pl)[0]
        if not again.accepted or [e[:5] for e in again.entries] != [e[:5] for e in outcome.entries]:
            out.append(Imported(path, dest, refusal="轉換後的報告文件與工作簿不一致，未寫入（這是 jxplan 的錯誤，請反饋）"))
            continue
        if _holds(dest, text):  # the same workbook imported again: nothing to write, nothing refused
            out.append(Imported(path, dest, text, unchanged=True))
            continue
        if os.path.lexists(dest) and not force:
            out.append(Imported(path, dest, refusal=f"{dest} 已存在，內容與這個工作簿不同；要覆蓋請加 --force", exists=True))
            continue
        out.append(Imported(path, dest, text))
    return out, problems


def _together(results) -> dict:
    """The accepted workbooks of each unit and quarter, among those imported together."""
    out: dict = {}
    for r in results:
        if r.kind == "report" and r.accepted:
            out.setdefault((r.unit, r.quarter), []).append(r)
    return out


def _holds(dest: Path, text: str) -> bool:
    """Whether ``dest`` is a regular file holding exactly ``text`` (read within a report's cap)."""
    if os.path.islink(dest) or not os.path.isfile(dest):
        return False
    raw, problem = sources.read_capped(dest, discover.REPORT_MAX_BYTES)
    return problem is None and raw == text.encode("utf-8")


def tally(planned: list[Imported], failed: int) -> str:
    """The line that closes an import: how many reports were written, how many were there
    already as they are, and how many workbooks were not imported (a lock file skipped is said
    apart: it was never a workbook)."""
    written = sum(1 for i in planned if not i.refusal and not i.unchanged) - failed
    unchanged = sum(i.unchanged for i in planned)
    refused = sum(1 for i in planned if i.refusal and not i.skipped) + failed
    skipped = sum(i.skipped for i in planned)
    said = [f"寫入 {written} 份報告"]
    said += [f"{unchanged} 份與已有的報告相同，沒有改寫"] if unchanged else []
    said += [f"{refused} 個工作簿未導入"] if refused else []
    said += [f"跳過 {skipped} 個鎖定文件"] if skipped else []
    return f"導入結束：{'，'.join(said)}。"


def _too_large(text: str, doc) -> Problem | None:
    """The YAML of a workbook that would pass a report's size (a form with several notes of
    Excel's 32,767 characters): a problem at the cell of its longest text, which is what to
    shorten; None when it fits."""
    size = len(text.encode("utf-8"))
    if size <= discover.REPORT_MAX_BYTES:
        return None
    texts: list[tuple[object, tuple[str | int, ...]]] = []
    for i, e in enumerate(doc.data.get("entries") or []):
        if isinstance(e, dict):
            texts.append((e.get("note"), ("entries", i, "note")))
            if isinstance(e.get("reason"), dict):
                texts.append((e["reason"].get("text"), ("entries", i, "reason", "text")))
    longest, loc = max(((t, loc) for t, loc in texts if isinstance(t, str)), key=lambda x: len(x[0]), default=("", ()))
    return doc.problem(loc, "report-too-large",
                       f"轉換成報告文件會有 {size:,} 字節，超過一份進度報告的上限 {discover.REPORT_MAX_BYTES:,} 字節；"
                       f"這一格有 {len(longest):,} 個字符，是表格中最長的文字。請把備注和原因說明寫得簡短些"
                       "（詳細材料另行報送）後保存再導入")


def _linked(folder: Path, dest: Path) -> str | None:
    """Why ``dest`` may not be written: a symbolic link on the way below the reports folder
    (its year or quarter folder, or the report itself), through which the report would be
    written somewhere else while the line said the folder; None when there is none. The
    reports folder itself may be a link: the user named it."""
    here = folder
    for part in dest.relative_to(folder).parts:
        here = here / part
        if os.path.islink(here):
            try:
                to = os.path.realpath(here)
            except (OSError, ValueError):
                to = "?"
            return (f"{here} 是符號鏈接（指向 {to}）；導入只寫進報告文件夾 {folder} 之內，"
                    "不經由鏈接寫到別處；請把它換成普通的文件夾或文件")
    return None


def _lock_note(path: str) -> str:
    book = Path(path).with_name(Path(path).name[2:])
    said = "這是 Excel 或 WPS 打開工作簿時留下的鎖定文件（~$…），不是報告，已跳過"
    if os.path.isfile(book):
        said += f"；{book.name} 可能仍在 Excel 或 WPS 中打開，請先保存並關閉它，再導入"
    return said


def _kept(folder: Path, pl: PlanLoad) -> dict[tuple[str, str], list]:
    """Where the reports already in ``folder`` are, by unit and quarter (whatever their file
    names: a report is known by its content), so that an import never adds a second one."""
    if not os.path.isdir(folder):
        return {}
    files, _ = discover.find([str(folder)])
    kept: dict[tuple[str, str], list] = {}
    for o in outcomes(read_all(files, []), pl):
        if o.kind == "report" and o.unit and o.quarter and not any(p.code == "wrong-year" for p in o.problems):
            kept.setdefault((o.unit, o.quarter), []).append(o)
    return kept


def _same_as_named(f, named: set) -> bool:
    """Whether ``f`` is a file named before (by the same or another path); remembers it."""
    try:
        where = os.path.realpath(f)
    except (OSError, ValueError):
        where = str(f)
    if where in named:
        return True
    named.add(where)
    return False


def _same(a, b) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):
        return str(a) == str(b)
