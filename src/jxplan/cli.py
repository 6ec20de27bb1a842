"""The jxplan command line: one short function per command; each loads, computes, renders.

Exit status: 0 success, 1 bad data, 2 wrong usage, 3 ``--fail-on`` matched.
Heavy modules are imported inside the commands that need them, so ``--help`` stays fast.
"""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

app = typer.Typer(
    name="jxplan",
    help="政府工作要點的督辦工具：計畫、季度進度報告、狀態與督辦通報。",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
)

EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_FAIL_ON = 3
FAIL_ON = {  # --fail-on X: the statuses that count as X or worse
    "behind": {"behind", "seriously_behind", "not_achieved"},
    "seriously_behind": {"seriously_behind", "not_achieved"},
    "not_achieved": {"not_achieved"},
    "not_reported": {"not_reported"},
}


class Quarter(str, enum.Enum):
    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"


class StatusFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class FormFormat(str, enum.Enum):
    yaml = "yaml"
    xlsx = "xlsx"


class ProblemFormat(str, enum.Enum):
    text = "text"
    github = "github"
    json = "json"


class DocFormat(str, enum.Enum):
    md = "md"
    html = "html"


class FailOn(str, enum.Enum):
    behind = "behind"
    seriously_behind = "seriously_behind"
    not_achieved = "not_achieved"
    not_reported = "not_reported"


PlanOpt = Annotated[Optional[Path], typer.Option("--plan", help="計畫檔（預設 plans/2012.yaml，沒有時用隨附的一份）")]
ReportsOpt = Annotated[Path, typer.Option("--reports", help="進度報告資料夾（遞迴讀取 *.yaml / *.yml）")]
QuarterOpt = Annotated[Optional[Quarter], typer.Option("--quarter", "-q", help="季度（預設：有報告的最近一季）")]


def _version(value: bool):
    if value:
        typer.echo(f"jxplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="顯示版本")] = False,
):
    """政府工作要點的督辦工具。"""


def _plan_path(plan: Path | None) -> Path:
    """--plan, else ./plans/2012.yaml, else the shipped copy (said on stderr: never silently)."""
    from .resources import DEFAULT_PLAN, default_plan

    if plan is not None:
        return plan
    path, shipped = default_plan()
    if shipped:
        sys.stderr.write(f"注意：目前資料夾沒有 {DEFAULT_PLAN}，使用 jxplan 隨附的計畫檔 {path}\n")
    return path


def _fail(problems, fmt: str | None = None) -> None:
    """Print problems to stderr and leave with exit status 1."""
    from .render.problems import choose_format, render

    sys.stderr.write(render(problems, choose_format(fmt), sys.stderr))
    n = sum(p.is_error for p in problems)
    sys.stderr.write(f"有 {n} 個錯誤；請修正後再執行（jxplan validate 可列出全部問題）。\n")
    raise typer.Exit(EXIT_DATA)


def _warn(problems) -> None:
    from .render.problems import render

    warnings = [p for p in problems if not p.is_error]
    if warnings:
        sys.stderr.write(render(warnings, "text", sys.stderr))


def _workspace(plan: Path | None, reports: Path | None):
    from .pipeline import open_workspace

    ws = open_workspace(_plan_path(plan), reports)
    if not ws.ok:
        _fail(ws.problems)
    _warn(ws.problems)
    return ws


def _quarter(ws, quarter, reports) -> str:
    from .pipeline import choose_quarter

    q, problem = choose_quarter(ws, quarter.value if quarter else None, reports)
    if problem is not None:
        _fail([problem])
    return q


def _refuse_existing(output: Path | None, force: bool) -> None:
    """-o onto a file that is there, without --force: wrong usage, said before any work."""
    if output is not None and output.is_dir():
        sys.stderr.write(f"{output}: 這是資料夾；-o 要寫檔案名稱\n")
        raise typer.Exit(EXIT_USAGE)
    if output is not None and not force and output.exists():
        sys.stderr.write(f"{output}: 檔案已存在；要覆蓋請加 --force\n")
        raise typer.Exit(EXIT_USAGE)


def _format_of(output: Path | None, given, choices: tuple[str, ...], default: str) -> str:
    """The format asked for, else the one the -o file's suffix names, else the default."""
    if given is not None:
        return given.value
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    suffix = {"yml": "yaml"}.get(suffix, suffix)
    return suffix if suffix in choices else default


def _write(text: str | bytes, output: Path | None, force: bool) -> None:
    """Standard output, or an atomic write that never clobbers a file without --force."""
    if output is None:
        if isinstance(text, bytes):
            raise typer.BadParameter("活頁簿要寫入檔案；請加 -o 檔名.xlsx", param_hint="--output")
        sys.stdout.write(text)
        return
    from .output import OutputError, write_atomic

    _refuse_existing(output, force)
    try:
        write_atomic(output, text, force)
    except OutputError as exc:
        sys.stderr.write(f"{output}: {exc}\n")
        raise typer.Exit(EXIT_DATA) from None
    sys.stderr.write(f"已寫入 {output}\n")


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="計畫檔、報告檔或資料夾（預設：計畫與 progress/）")] = None,
    plan: PlanOpt = None,
    fmt: Annotated[Optional[ProblemFormat], typer.Option("--format", "-f", help="text | github | json（GITHUB_ACTIONS 下預設 github）")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="警告也算失敗")] = False,
):
    """檢查計畫檔與進度報告：每個問題一行 path:line:col: message；有錯誤時退出碼為 1。"""
    from .render.problems import choose_format, render, summary
    from .pipeline import check_paths

    plan_path = _plan_path(plan)
    given = list(paths) if paths else [plan_path] + ([Path("progress")] if Path("progress").is_dir() else [])
    checked = check_paths(given, plan_path, explicit_plan=plan is not None)
    problems, files = list(checked.problems), checked.files
    chosen = choose_format(fmt.value if fmt else None)
    sys.stdout.write(render(problems, chosen))
    if chosen == "text":
        sys.stderr.write(summary(problems, files) + "\n")
    failed = any(p.is_error for p in problems) or (strict and problems)
    raise typer.Exit(EXIT_DATA if failed else 0)


@app.command()
def status(
    plan: PlanOpt = None,
    reports: ReportsOpt = Path("progress"),
    quarter: QuarterOpt = None,
    fmt: Annotated[Optional[StatusFormat], typer.Option("--format", "-f", help="table | json | csv | xlsx（預設 table，或 -o 檔名的副檔名）")] = None,
    unit: Annotated[Optional[list[str]], typer.Option("--unit", "-u", help="只看這個單位（編號或名稱）負責、協辦的目標；可重複")] = None,
    section: Annotated[Optional[list[str]], typer.Option("--section", help="只看第幾部分（1–8；0 為主要預期目標）；可重複")] = None,
    point: Annotated[Optional[list[str]], typer.Option("--point", help="只看這個工作要點（1–25、S8）；可重複")] = None,
    only: Annotated[Optional[list[str]], typer.Option("--status", help="只看這個狀態（on_track、behind…）；可重複")] = None,
    trend: Annotated[bool, typer.Option("--trend", help="每個目標在 Q1–Q4 的狀態並列")] = False,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="有目標處於此狀態或更差時退出碼為 3（供 CI 用）")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="寫入檔案（json、csv、xlsx）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆蓋已有的檔案")] = False,
):
    """季度狀態表：每個目標對照年度目標與序時進度。"""
    from .status import STATUSES, compute, select
    from .terms import quarters_upto

    fmt = StatusFormat(_format_of(output, fmt, ("json", "csv", "xlsx"), "table"))
    if output is not None and (trend or fmt is StatusFormat.table):
        raise typer.BadParameter("-o 只用於 --format json、csv 或 xlsx；表格請直接顯示", param_hint="--output")
    if fmt is StatusFormat.xlsx and output is None:
        raise typer.BadParameter("活頁簿要寫入檔案；請加 -o 檔名.xlsx", param_hint="--output")
    _refuse_existing(output, force)
    ws = _workspace(plan, reports)
    q = _quarter(ws, quarter, reports)
    unit_ids = []
    for u in unit or []:
        uid = ws.index.unit_id(u)
        if uid is None:
            raise typer.BadParameter(f"未知單位「{u}」", param_hint="--unit")
        unit_ids.append(uid)
    for s in only or []:
        if s not in STATUSES:
            raise typer.BadParameter(f"「{s}」不是狀態；可用：{', '.join(STATUSES)}", param_hint="--status")
    names = {u.id: u.name for u in ws.plan.units}

    def narrowed(quarter_: str):
        return select(compute(ws.index, ws.reports, quarter_), unit_ids, section or (), point or (), only or ())

    result = narrowed(q)
    if trend:
        from .render.terminal import render_trend

        render_trend([narrowed(x) for x in quarters_upto(q)], names, _console())
    elif fmt is StatusFormat.json:
        from .render.tables import to_json

        _write(to_json(result), output, force)
    elif fmt is StatusFormat.csv:
        from .render.tables import to_csv

        _write(to_csv(result, names), output, force)
    elif fmt is StatusFormat.xlsx:
        from .render.workbook import status_workbook

        _write(status_workbook(result, names), output, force)
    else:
        from .render.terminal import render_status

        render_status(result, names, _console())
    if fail_on is not None:
        worse = FAIL_ON[fail_on.value]
        if any(t.status in worse for t in result.targets):
            raise typer.Exit(EXIT_FAIL_ON)


def _render_document(name: str, context: dict, template_dir: Path | None, fmt: DocFormat) -> str:
    from .render.documents import TemplateProblem, render

    try:
        return render(name, context, template_dir, fmt.value)
    except TemplateProblem as exc:
        sys.stderr.write(f"模板錯誤：{exc}\n")
        raise typer.Exit(EXIT_DATA) from None


@app.command()
def bulletin(
    quarter: QuarterOpt = None,
    plan: PlanOpt = None,
    reports: ReportsOpt = Path("progress"),
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="md | html")] = DocFormat.md,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="寫入檔案（原子寫入；不覆蓋，除非 --force）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆蓋已有的檔案")] = False,
    template_dir: Annotated[Optional[Path], typer.Option("--template-dir", help="自訂模板資料夾（缺的模板用內建的）")] = None,
    number: Annotated[Optional[str], typer.Option("--number", help="發文字號，預設 嘉政督〔年〕期號號")] = None,
    issue_no: Annotated[Optional[int], typer.Option("--issue-no", min=1, help="第幾期（預設：季度序號）")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="成文日期 YYYY-MM-DD（預設：該季度的報送期限）")] = None,
):
    """督辦通報：某季度的落實情況，Markdown 或可列印的 HTML。"""
    import datetime as dt

    from .render.documents import bulletin_context
    from .status import compute
    from .terms import quarters_upto

    when = None
    if date is not None:
        try:
            when = dt.date.fromisoformat(date)
        except ValueError:
            raise typer.BadParameter(f"「{date}」不是日期；請寫成 2012-07-10", param_hint="--date") from None
    ws = _workspace(plan, reports)
    q = _quarter(ws, quarter, reports)
    results = [compute(ws.index, ws.reports, x) for x in quarters_upto(q)]
    context = bulletin_context(ws.index, results, number=number, issue_no=issue_no, date=when)
    _write(_render_document("bulletin", context, template_dir, fmt), output, force)


@app.command()
def decomposition(
    plan: PlanOpt = None,
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="md | html")] = DocFormat.md,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="寫入檔案")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆蓋已有的檔案")] = False,
    template_dir: Annotated[Optional[Path], typer.Option("--template-dir", help="自訂模板資料夾")] = None,
):
    """責任分解方案（附件2）：每個要點與目標的第一責任單位、主要責任單位和分解數。"""
    from .render.documents import decomposition_context

    ws = _workspace(plan, None)
    _write(_render_document("decomposition", decomposition_context(ws.index), template_dir, fmt), output, force)


@app.command()
def units(
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="只看這個單位（編號或名稱）")] = None,
    plan: PlanOpt = None,
    fmt: Annotated[StatusFormat, typer.Option("--format", "-f", help="table | json")] = StatusFormat.table,
):
    """各單位的職責：牽頭的、協辦的目標，以及分解到它的任務。"""
    import json

    from .render.tables import json_number

    if fmt not in (StatusFormat.table, StatusFormat.json):
        raise typer.BadParameter("只能是 table 或 json", param_hint="--format")
    ws = _workspace(plan, None)
    chosen = ws.plan.units
    if unit is not None:
        uid = ws.index.unit_id(unit)
        if uid is None:
            raise typer.BadParameter(f"未知單位「{unit}」", param_hint="--unit")
        chosen = [ws.index.units[uid]]
    duties = {u.id: ws.index.duties(u.id) for u in chosen}
    if fmt is StatusFormat.json:
        data = [{"id": u.id, "name": u.name, "full_name": u.full_name, "kind": u.kind,
                 "lead": [r.id for r in duties[u.id]["lead"]], "co": [r.id for r in duties[u.id]["co"]],
                 "breakdown": {r.id: json_number(r.target.breakdown[u.id]) for r in duties[u.id]["breakdown"]}}
                for u in chosen]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from .render.terminal import render_units

    render_units(chosen, duties, _console())


@app.command()
def template(
    unit: Annotated[str, typer.Option("--unit", "-u", help="單位編號或名稱")],
    quarter: Annotated[Quarter, typer.Option("--quarter", "-q", help="季度")],
    plan: PlanOpt = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="寫入檔案（.xlsx 寫成活頁簿；不覆蓋，除非 --force）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆蓋已有的檔案")] = False,
    fmt: Annotated[Optional[FormFormat], typer.Option("--format", "-f", help="yaml | xlsx（預設 yaml，或 -o 檔名的副檔名）")] = None,
):
    """空白的季度進度報告：列出該單位要填報的每個目標（YAML，或給 Excel/WPS 填的 .xlsx 活頁簿）。"""
    chosen = _format_of(output, fmt, ("yaml", "xlsx"), "yaml")
    if chosen == "xlsx" and output is None:
        raise typer.BadParameter("活頁簿要寫入檔案；請加 -o 檔名.xlsx", param_hint="--output")
    _refuse_existing(output, force)
    ws = _workspace(plan, None)
    uid = ws.index.unit_id(unit)
    if uid is None:
        raise typer.BadParameter(f"未知單位「{unit}」；可用 jxplan units 查看", param_hint="--unit")
    if chosen == "xlsx":
        from .render.workbook import form_workbook

        _write(form_workbook(ws.index, uid, quarter.value), output, force)
        return
    from .render.forms import blank_report

    _write(blank_report(ws.index, uid, quarter.value), output, force)


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="填好的 .xlsx 進度報告（可多個）")],
    output: Annotated[Path, typer.Option("--output", "-o", help="報告資料夾：寫入 DIR/年/季度/單位.yaml（預設 progress/）")] = Path("progress"),
    plan: PlanOpt = None,
    force: Annotated[bool, typer.Option("--force", help="覆蓋已有的報告")] = False,
):
    """把填好的活頁簿轉成 YAML 進度報告（存進報告資料夾，可納入 git）；有問題的活頁簿不轉換。"""
    from .importing import plan_imports
    from .pipeline import load_plan
    from .render.problems import render

    if not output.is_dir():
        raise typer.BadParameter(f"資料夾 {output} 不存在；請先建立，或用 -o 指明報告資料夾", param_hint="--output")
    pl = load_plan(_plan_path(plan))
    if not pl.ok:
        _fail(list(pl.problems))
    planned, problems = plan_imports(files, output, pl, force)
    for item in planned:
        if item.refusal:
            sys.stderr.write(f"{item.path}: {item.refusal}\n")
        else:
            item.dest.parent.mkdir(parents=True, exist_ok=True)
            _write(item.text, item.dest, force)
    if problems:
        sys.stderr.write(render(sorted(problems), "text", sys.stderr))
    if any(i.refusal and not i.exists for i in planned):
        raise typer.Exit(EXIT_DATA)
    if any(i.exists for i in planned):
        raise typer.Exit(EXIT_USAGE)


@app.command()
def schema(
    which: Annotated[str, typer.Argument(help="plan | report")] = "plan",
):
    """計畫檔或進度報告的 JSON Schema（供編輯器與其他驗證工具使用）。"""
    from .schema import schema_text

    if which not in ("plan", "report"):
        raise typer.BadParameter("只能是 plan 或 report", param_hint="WHICH")
    sys.stdout.write(schema_text(which))


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def main() -> None:
    # A short-lived process whose data hold no reference cycles: the cyclic collector
    # would only walk the growing heap again and again (a third of the time at 10,000 reports).
    import gc

    gc.disable()
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.stderr.write("已中止。\n")
        sys.exit(130)
    except BrokenPipeError:  # pragma: no cover - `jxplan status | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
