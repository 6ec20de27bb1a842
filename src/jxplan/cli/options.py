"""The options the commands share, with their Chinese help, and Tab completion (which loads
the plan only when a shell asks).
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .chinese import click_exceptions
from .inputs import plan_path
from .scripts import typed_script

def _completion_plan(ctx):
    """The plan's index for Tab completion, None when there is no plan to read (completion
    never prints a problem: the command itself will)."""
    from ..check.plans import load_plan

    try:
        return load_plan(plan_path((ctx.params or {}).get("plan"))).index
    except (typer.Exit, click_exceptions.ClickException):
        return None


def complete_units(ctx, incomplete: str):
    index = _completion_plan(ctx)
    if index is None:
        return []
    out = []
    for u in index.plan.units:
        for name in (u.id, u.name):
            if name.startswith(incomplete):
                out.append((name, u.full_name or u.name))
    return out


def complete_points(ctx, incomplete: str):
    index = _completion_plan(ctx)
    if index is None:
        return []
    return [(str(p.id), p.title) for p in (pr.point for pr in index.points) if str(p.id).startswith(incomplete)]


def complete_targets(ctx, incomplete: str):
    index = _completion_plan(ctx)
    if index is None:
        return []
    return [(r.id, r.target.name) for r in index.refs if r.id.startswith(incomplete)]


def complete_quarters(ctx, incomplete: str):
    return [(q, z) for q, z in (("Q1", "第一季度"), ("Q2", "第二季度"), ("Q3", "第三季度"), ("Q4", "第四季度"))
            if q.lower().startswith(incomplete.lower())]


def reports_default(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """A reports folder option (--reports, import's -o) not given on the command line: the
    office's (``settings.reports_folder``), so that every command reads and writes one folder."""
    source = ctx.get_parameter_source(param.name) if param.name is not None else None
    if source is None or source.name != "DEFAULT" or ctx.resilient_parsing:  # None: not parsed yet, never so here
        return value
    from .settings import reports_folder

    return reports_folder(None)


PlanOpt = Annotated[Optional[str], typer.Option("--plan", metavar="文件", help="計劃文件（默認：jxplan.toml 寫明的；沒有時用 plans/ 中唯一的計劃，或年度與報告相同的那個；沒有 plans/ 文件夾時用 jxplan 隨附的一份，並另起一行說明）")]
ReportsOpt = Annotated[str, typer.Option("--reports", metavar="文件夾", callback=reports_default, help="進度報告文件夾（遞歸讀取其中的 *.yaml、*.yml 和 *.xlsx；默認：jxplan.toml 寫明的，沒有時 progress）")]
QuarterOpt = Annotated[Optional[str], typer.Option("--quarter", "-q", metavar="季度", autocompletion=complete_quarters, help="季度：Q1–Q4，也可寫 q2、2、二季度（默認：有報告的最近一季）")]
OutputOpt = Annotated[Optional[str], typer.Option("--output", "-o", metavar="文件", help="寫入文件（格式可由擴展名決定；原子寫入，不覆蓋已有文件，除非 --force）")]
ForceOpt = Annotated[bool, typer.Option("--force", help="覆蓋已有的文件")]


def _script_word(given: str | None) -> str | None:
    """--script (and $JXPLAN_SCRIPT) checked as it is read, before any work; the choice
    itself is made with the settings and the plan at hand (``script``)."""
    typed_script(given)
    return given


ScriptOpt = Annotated[Optional[str], typer.Option("--script", metavar="簡繁", callback=_script_word, help="輸出和提示用 simplified（簡體）或 traditional（繁體）；默認：環境變量 JXPLAN_SCRIPT，其次 jxplan.toml 的 script，都沒有時與計劃文件相同")]
NoPagerOpt = Annotated[bool, typer.Option("--no-pager", help="不用分頁程序（less），表格直接輸出到終端")]
AllOpt = Annotated[bool, typer.Option("--all", "-a", help="在終端顯示全部目標的完整表格（默認只顯示概況和需要關注的事項）")]
TemplateDirOpt = Annotated[Optional[str], typer.Option("--template-dir", metavar="文件夾", help="自定義模板所在的文件夾（其中缺的模板用內置的）")]
