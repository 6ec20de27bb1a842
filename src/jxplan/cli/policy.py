"""Which quarter a command speaks of, when the clerk does not say: the command line's policy,
beside the commands, not inside the pipeline."""

from __future__ import annotations

from ..check.pipeline import Workspace
from ..core.problems import Problem


def _thin_quarter(ws: Workspace, have: list[str], folder, public: bool) -> Problem | None:
    """The latest quarter, taken by default, with far fewer reports than the one before it:
    reports not all in yet, or a report with a mistyped ``quarter``. A bulletin on it would
    name most units as not having reported, so the office must ask for it by name."""
    if len(have) < 2:
        return None
    q, before = have[-1], have[-2]
    count = {x: sum(1 for _, quarter in ws.reports.submissions if quarter == x) for x in (q, before)}
    if count[q] * 2 >= count[before]:
        return None
    return Problem(str(folder), 1, 1, "thin-quarter",
                   f"最近有報告的季度 {q} 只有 {count[q]} 個單位報送（{before} 有 {count[before]} 個）；"
                   "可能報告還沒收齊，或有報告的季度（quarter）填錯了。"
                   + (f"確要發 {q} 的通報，請用 --quarter {q} 指明" if public else f"下表按 {q} 計算；請用 --quarter 指明季度"),
                   "error" if public else "warning")


def choose_quarter(ws: Workspace, asked: str | None, folder, public: bool) -> tuple[str, Problem | None]:
    """The quarter to report on: the one asked for, else the latest with reports.

    A quarter without any report would call every unit missing. For a bulletin, which names
    units in public, that is refused (an error); a status view shows it with a warning."""
    have = ws.reports.quarters()
    q = asked or have[-1]
    if q in have:
        return q, (None if asked else _thin_quarter(ws, have, folder, public))
    listed = "、".join(have)
    assert ws.plan is not None  # a plan with errors has ended the command (inputs.workspace)
    return q, Problem(str(folder), 1, 1, "no-reports",
                      f"{folder} 中沒有 {ws.plan.year} 年 {q} 的任何報告（有報告的季度：{listed}）；"
                      + ("通報不會把所有單位都列為未報送。請確認 --quarter 和 --reports" if public
                         else "下表所有目標都是未報送。請確認 --quarter 和 --reports"),
                      "error" if public else "warning")
