"""The jxplan commands: each parses its options, makes one core call, renders, and exits
0 (done), 1 (bad data), 2 (wrong command line) or 3 (``--fail-on`` matched).

Options are read as text and understood by ``query`` (q2, 二季度, 滯後, 市国土资源局…), so
every message is Chinese and a near miss gets a suggestion. Heavy modules are imported
inside the commands that need them, so ``--help`` stays fast.
"""


import os
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .. import __version__
from .chinese import Command, Group
from .inputs import quarter as pick_quarter, template_dir as pick_template_dir, workspace
from .options import AllOpt, complete_points, complete_targets, complete_units, ForceOpt, NoPagerOpt, OutputOpt, PlanOpt, QuarterOpt, reports_default, ReportsOpt, ScriptOpt, TemplateDirOpt
from .output import check_output, choose_format, workbook, write
from .screen import interactive, screen_height, screen_width, show
from .scripts import asked_script, converted, script as pick_script
from .speak import EXIT_DATA, EXIT_FAIL_ON, ask, existing, explained, fail, say, usage

if TYPE_CHECKING:
    from ..check.model import Plan

app = typer.Typer(
    name="jxplan",
    cls=Group,
    help="政府工作要點的督辦工具：計劃、季度進度報告、狀態與督辦通報。",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
)


def _version(value: bool):
    if value:
        typer.echo(f"jxplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="顯示版本")] = False,
):
    """政府工作要點的督辦工具：計劃、季度進度報告、狀態與督辦通報。"""


Many = Optional[list[str]]


@app.command(cls=Command)
def validate(
    paths: Annotated[Many, typer.Argument(metavar="路徑", help="計劃文件、報告文件或文件夾（默認：計劃與報告文件夾）")] = None,
    plan: PlanOpt = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="格式", help="text | github | json（在 GitHub 的自動檢查中默認 github）")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="警告也算失敗")] = False,
    script: ScriptOpt = None,
):
    """檢查計劃文件與進度報告：每個問題一行，先寫「文件:行:列:」，再寫說明（工作簿的說明以工作表和單元格開頭，如 進度報告!F7）；有錯誤時退出碼為 1。"""
    from pathlib import Path

    from ..judge.advice import validate as validate_paths
    from ..render.problems import choose_format as problem_format, render, summary
    from ..core.script import convert_prose

    from .scripts import heard
    from .settings import choose_plan, reports_folder

    chosen = problem_format(choose_format(fmt, None, ("text", "github", "json"), "text") if fmt else None)
    asked_script(script)  # a script word that names none, or a broken settings file: said before any work
    existing(paths or (), "路徑")
    plan_at = choose_plan(plan)
    folder = None
    if paths:
        given = [Path(p) for p in paths]
    else:
        folder = reports_folder(None)
        given = [plan_at.path] + ([Path(folder)] if os.path.isdir(folder) else [])
    checked = validate_paths(given, plan_at.path, explicit_plan=plan_at.named)  # with what the bulletin will say
    problems = list(checked.problems)
    plan_read: Plan | None
    if checked.index is not None:
        plan_read = checked.index.plan
    else:  # the plan checked alone: read again (from the cache when it is on) for its script
        from ..check.plans import load_plan

        plan_read = load_plan(plan_at.path).plan if checked.used_plan else None
    heard(plan_read)
    if plan_at.note and checked.used_plan:  # said only when that plan was really read
        sys.stderr.write(plan_at.note + "\n")
    if not paths and len(given) == 1:
        sys.stderr.write(f"注意：沒有報告文件夾 {folder}，只檢查了計劃文件；要檢查報告，請寫出報告所在的文件夾\n")
    write(convert_prose(render(problems, chosen), pick_script(plan_read, script)), None, False)
    # the closing line in every format (annotations and JSON go to stdout): a failure always says why;
    # then, under lines of text, how to read their codes (on stderr: stdout stays one problem a line)
    sys.stderr.write(summary(problems, checked.files, strict) + "\n" + (explained(problems) if chosen == "text" else ""))
    failed = any(p.is_error for p in problems) or (strict and problems)
    raise typer.Exit(EXIT_DATA if failed else 0)


@app.command(cls=Command)
def status(
    plan: PlanOpt = None,
    reports: ReportsOpt = "progress",
    quarter: QuarterOpt = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="格式", help="table | json | csv | xlsx（默認 table；有 -o 時由擴展名決定，.txt 為表格）")] = None,
    unit: Annotated[Many, typer.Option("--unit", "-u", metavar="單位", autocompletion=complete_units, help="只看這個單位（編號、簡稱或全稱）負責、協辦的目標；可重複")] = None,
    section: Annotated[Many, typer.Option("--section", metavar="部分", help="只看第幾部分（1–8，或一…八；0 為主要預期目標）；可重複")] = None,
    point: Annotated[Many, typer.Option("--point", metavar="要點", autocompletion=complete_points, help="只看這個工作要點（1–25、S8）；可重複")] = None,
    target: Annotated[Many, typer.Option("--target", "-t", metavar="目標", autocompletion=complete_targets, help="只看這個目標（編號或名稱）；可重複")] = None,
    only: Annotated[Many, typer.Option("--status", metavar="狀態", help="只看這個狀態（滯後、嚴重滯後…，或 behind、seriously_behind…）；可重複")] = None,
    trend: Annotated[bool, typer.Option("--trend", help="每個目標從 Q1 到本季的狀態並列（與篩選並用時，列出任一季符合的目標）")] = False,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", metavar="狀態", help="有目標處於此狀態或更差時退出碼為 3（滯後 < 嚴重滯後 < 未完成；或 未報送）")] = None,
    every: AllOpt = False,
    output: OutputOpt = None,
    force: ForceOpt = False,
    no_pager: NoPagerOpt = False,
    script: ScriptOpt = None,
):
    """季度狀態：在終端先顯示概況和需要關注的事項（--all 或任一篩選顯示完整表格）；每個目標對照年度目標與序時進度，以及各單位的報送與表彰情況。"""
    from . import query
    from ..judge.status import compute, select
    from ..core.terms import FAIL_ON, LABELS, quarters_upto

    chosen = choose_format(fmt, output, ("table", "json", "csv", "xlsx"), "table")
    if chosen == "xlsx" and (output is None or trend):
        usage("工作簿要寫入文件（-o 狀態.xlsx），且不與 --trend 並用", "--output")
    worst = None
    if fail_on is not None:
        worst = ask(query.status, fail_on, option="--fail-on")
        if worst not in FAIL_ON:
            usage(f"--fail-on 可用：{'、'.join(f'{LABELS[s]}（{s}）' for s in FAIL_ON)}", "--fail-on")
    check_output(output, force, plan)
    ws = workspace(plan, reports)
    q = pick_quarter(ws, quarter, reports)
    wanted = dict(units=ask(query.units, ws.index, unit, option="--unit"),
                  sections=ask(query.sections, ws.plan, section, option="--section"),
                  points=ask(query.points, ws.index, point, option="--point"),
                  targets=ask(query.targets, ws.index, target, option="--target"),
                  statuses=ask(query.statuses, only, option="--status"))
    to = pick_script(ws.plan, script)
    names = {u.id: u.name for u in ws.plan.units}
    full = [compute(ws.index, ws.reports, x) for x in (quarters_upto(q) if trend else (q,))]
    result = select(full[-1], **wanted)
    results = _trend_rows(full, wanted) if trend else [result]
    if chosen == "table":
        from ..render.terminal import overview_view, status_view, trend_view

        filtered = any(wanted.values())
        if trend:
            view = trend_view(results, names, screen_width())
        elif every or filtered or output is not None or not interactive():
            view = status_view(result, names, screen_width(), ws.plan.title)
        else:  # a person at a terminal: the answer first, on one screen
            asked = f" -q {q}" if quarter is not None else ""
            view = overview_view(result, names, screen_width(), screen_height(), ws.plan.title,
                                 more=f"jxplan status{asked} " + " ".join(f"--status {LABELS[s]}" for s in ATTENTION),
                                 hints=(f"全部 {len(result.targets)} 項：jxplan status{asked} --all；"
                                        f"一個單位的：jxplan status{asked} --unit 單位名稱",))
        show(view, to, output, force, pager=not no_pager)
    elif chosen == "xlsx":
        from ..render.workbook import status_workbook

        write(workbook(lambda: status_workbook(result, names, to), output), output, force)
    else:
        from ..render import tables

        text = {("json", False): lambda: tables.to_json(result), ("csv", False): lambda: tables.to_csv(result, names),
                ("json", True): lambda: tables.trend_json(results), ("csv", True): lambda: tables.trend_csv(results)}
        write(converted(text[(chosen, trend)](), to), output, force)
    matched = [t.id for t in result.targets if worst is not None and t.status in FAIL_ON[worst]]
    if matched and worst is not None and fail_on is not None:  # matched only under --fail-on
        from ..render.problems import fail_on as fail_on_line

        sys.stderr.write(fail_on_line(fail_on, FAIL_ON[worst], matched) + "\n")
        raise typer.Exit(EXIT_FAIL_ON)


# the statuses of what the first screen lists as needing attention, in the order of the command it prints
ATTENTION = ("behind", "seriously_behind", "not_achieved", "not_reported")


def _trend_rows(results, wanted: dict) -> list:
    """Each quarter's result with the rows of a filtered trend: a target is kept when it matches
    in any quarter shown, and then shown in every quarter, so no cell is left blank (a blank
    would read as "no data")."""
    from dataclasses import replace

    from ..judge.status import select

    if not any(wanted.values()):
        return results
    kept = {t.id for r in results for t in select(r, **wanted).targets}
    return [replace(r, targets=tuple(t for t in r.targets if t.id in kept), narrowed=True) for r in results]


def _document(name: str, context: dict, template_dir, fmt: str, to: str | None) -> str | bytes:
    """The document, made in a child process with limits (render.isolate); a template's
    problem or a limit passed is one line on stderr and exit 1, with nothing written."""
    from ..render.documents import TemplateProblem, render
    from ..render.isolate import RenderLimit, run

    def make() -> str | bytes:
        if fmt == "docx":
            from ..render.docx import DocxProblem, render_docx

            try:
                return render_docx(context, template_dir, to, name)
            except DocxProblem as exc:
                raise TemplateProblem(str(exc)) from None
        if fmt == "pdf":
            from ..render.pdf import html_to_pdf

            return html_to_pdf(render(name, context, template_dir, "html", to), title=converted(context["title"], to))
        return render(name, context, template_dir, fmt, to)

    from .progress import working

    try:
        with working(f"正在生成{DOCUMENT_WORDS[name]}（{FORMAT_WORDS_ZH[fmt]}）…"):
            document = run(make)
    except TemplateProblem as exc:
        say(f"模板錯誤：{exc}")
        raise typer.Exit(EXIT_DATA) from None
    except RenderLimit as exc:
        say(str(exc))
        raise typer.Exit(EXIT_DATA) from None
    if fmt == "pdf":  # never set in another font without a word
        from ..render.documents import language
        from ..render.fonts import warning

        said = warning(language(context, to))
        if said:
            sys.stderr.write(f"{said}\n")
    return document


DOCUMENT_WORDS = {"bulletin": "督辦通報", "decomposition": "責任分解方案"}
FORMAT_WORDS_ZH = {"md": "Markdown", "html": "HTML", "docx": "Word", "pdf": "PDF"}


def _check_binary(fmt: str, output: str | None) -> None:
    """Before any work: a binary format needs a file (or a pipe), and PDF needs its engine."""
    if fmt in ("docx", "pdf") and output is None and sys.stdout.isatty():
        usage(f"{fmt} 是二進制文件，請用 -o 指定輸出文件", "--output")
    if fmt == "pdf":
        from ..render.pdf import PdfUnavailable, engine

        try:
            engine()
        except PdfUnavailable as exc:
            sys.stderr.write(f"{exc}\n")
            raise typer.Exit(2) from None


def _date(given: str | None):
    """A date as reports take it: 2012-07-10, 2012/7/10, 2012.7.10 or 2012年7月10日."""
    from ..core.terms import parse_date

    if given is None:
        return None
    when = parse_date(given.strip())
    if when is None:
        usage(f"「{given}」不是日期；請寫成 2012-07-10 或 2012年7月10日", "--date")
    return when


LATEST_BULLETIN = 366  # days past a quarter's due date: a later date is a mistyped year


def _bulletin_date(when, plan, q: str, latest):
    """The date asked for, when a bulletin on ``q`` can bear it: not before the quarter has
    ended (it would report on a quarter not yet over), nor before ``latest``, the last report
    it quotes (a unit that reported late), nor a year past its due date (a year mistyped,
    printed in the masthead)."""
    import datetime as dt

    from ..core.terms import QUARTER_END

    if when is None:
        return None
    end = dt.date(plan.year, *QUARTER_END[q])
    due = getattr(plan.reporting, q)
    said = f"{when.year}年{when.month}月{when.day}日"
    if when < end:
        usage(f"成文日期{said}早於 {plan.year} 年 {q} 結束（{end}）；通報不會在季度結束前印發，請核對年份和日期", "--date")
    if latest is not None and when < latest:
        usage(f"成文日期{said}早於通報所依據的報告（最晚一份報送於 {latest}）；通報的日期不能早於它引用的報告", "--date")
    if when - max(due, end) > dt.timedelta(days=LATEST_BULLETIN):  # a difference: a deadline of 9999-12-31 cannot overflow
        usage(f"成文日期{said}比 {q} 的報送期限 {due} 晚了一年以上；請核對年份", "--date")
    return when


def _latest_trusted(ws, q: str, given: bool):
    """The latest report date a bulletin on ``q`` may stand on. A report dated more than a quarter
    after the deadline is most likely a mistyped year (far-late): without ``--date`` the
    bulletin refuses rather than take that date as its own; with it, that date is set aside."""
    from dataclasses import replace

    from ..core.terms import far_late

    due = getattr(ws.plan.reporting, q)
    sent = [s for (_, quarter), s in ws.reports.submissions.items() if quarter == q]
    doubtful = {s.path for s in sent if far_late(s.submitted, due)}
    if doubtful and not given:
        sys.stderr.write("通報的成文日期默認取最晚一份報告的報送日期，但以下報告的日期比報送期限晚了一個季度以上，"
                         "可能是年份寫錯；請核對報告，或用 --date 指定成文日期：\n")
        fail([replace(p, severity="error") for p in ws.problems if p.code == "far-late" and p.path in doubtful])
    return max((s.submitted for s in sent if s.path not in doubtful), default=None)


# characters of a 發文字號 (嘉政督〔2012〕2號 has 11, 浙政辦發明電〔2012〕123號 16): what one line of the
# masthead holds at 16 pt and more than any office's register needs
MAX_NUMBER = 24


def _number(given: str | None) -> str | None:
    """A document number as the masthead prints it, on a line: a longer one is a paste gone wrong."""
    if given is not None and len(given) > MAX_NUMBER:
        usage(f"發文字號有 {len(given):,} 個字符，最多 {MAX_NUMBER} 個（如 嘉政督〔2012〕2號）", "--number")
    return given


def _positive(given: str | None, option: str) -> int | None:
    if given is None:
        return None
    text = given.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9 or int(text) < 1:  # 5,000 digits: no int() at all
        usage(f"「{given[:40]}」不是正整數（至多九位）", option)
    return int(text)


@app.command(cls=Command)
def bulletin(
    quarter: QuarterOpt = None,
    plan: PlanOpt = None,
    reports: ReportsOpt = "progress",
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="格式", help="md | html | docx（Word）| pdf（默認 md；有 -o 時由擴展名決定）")] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    templates: TemplateDirOpt = None,
    number: Annotated[Optional[str], typer.Option("--number", metavar="字號", help="發文字號，如 嘉政督〔2012〕2號（默認：計劃文件中的機關代字〔年〕期號號；計劃沒有機關代字則不印）")] = None,
    issue_no: Annotated[Optional[str], typer.Option("--issue-no", metavar="期號", help="第幾期（默認：季度序號）")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="日期", help="成文日期，如 2012-07-10 或 2012年7月10日（默認：該季度的報送期限，有報告晚於它時取最晚一份報告的日期）")] = None,
    script: ScriptOpt = None,
):
    """督辦通報：某季度的落實情況，Markdown、可打印的 HTML、Word（GB/T 9704）或 PDF。"""
    from ..render.bulletin import bulletin_context
    from ..judge.status import compute
    from ..core.terms import quarters_upto

    chosen = choose_format(fmt, output, ("md", "html", "docx", "pdf"), "md")
    when, issue, number = _date(date), _positive(issue_no, "--issue-no"), _number(number)
    folder = pick_template_dir(templates)
    check_output(output, force, plan)
    _check_binary(chosen, output)
    ws = workspace(plan, reports, public=True)
    q = pick_quarter(ws, quarter, reports, public=True)
    results = [compute(ws.index, ws.reports, x) for x in quarters_upto(q)]
    when = _bulletin_date(when, ws.plan, q, _latest_trusted(ws, q, given=when is not None))
    context = bulletin_context(ws.index, results, number=number, issue_no=issue, date=when)
    write(_document("bulletin", context, folder, chosen, pick_script(ws.plan, script)), output, force)


@app.command(cls=Command)
def decomposition(
    plan: PlanOpt = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="格式", help="md | html | pdf（默認 md；有 -o 時由擴展名決定）")] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    templates: TemplateDirOpt = None,
    script: ScriptOpt = None,
):
    """責任分解方案：通知原文，以及每項工作任務的年度目標、完成時限、責任領導和責任單位（用計劃原文的叫法）。"""
    from ..render.documents import decomposition_context

    chosen = choose_format(fmt, output, ("md", "html", "pdf"), "md")
    folder = pick_template_dir(templates)
    check_output(output, force, plan)
    _check_binary(chosen, output)
    ws = workspace(plan, None)
    context = decomposition_context(ws.index)
    write(_document("decomposition", context, folder, chosen, pick_script(ws.plan, script)), output, force)


@app.command(cls=Command)
def units(
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", metavar="單位", autocompletion=complete_units, help="只看這個單位（編號、簡稱或全稱）")] = None,
    leader: Annotated[Optional[str], typer.Option("--leader", "-l", metavar="領導", help="只看這位責任領導（編號或姓名）分管的任務及其單位")] = None,
    plan: PlanOpt = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="格式", help="table | json | csv（默認 table；有 -o 時由擴展名決定，.txt 為表格）")] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    no_pager: NoPagerOpt = False,
    script: ScriptOpt = None,
):
    """各單位的職責：牽頭的、配合的目標，以及分解到它的任務；--leader 只看一位責任領導分管的。"""
    from . import query

    chosen = choose_format(fmt, output, ("table", "json", "csv"), "table")
    check_output(output, force, plan)
    ws = workspace(plan, None)
    chosen_units = ws.plan.units
    if unit is not None:
        chosen_units = [ws.index.units[ask(query.unit, ws.index, unit, option="--unit")]]
    duties = {u.id: ws.index.duties(u.id) for u in chosen_units}
    title = "各單位職責"
    if leader is not None:
        lid = ask(query.leader, ws.index, leader, option="--leader")
        duties = {uid: {role: [r for r in refs if lid in r.leaders] for role, refs in d.items()} for uid, d in duties.items()}
        chosen_units = [u for u in chosen_units if any(duties[u.id].values())]
        title = f"{ws.index.leader_names([lid])[0]}分管的任務"
    to = pick_script(ws.plan, script)
    roles = (ws.index.roles.lead, ws.index.roles.co)
    if chosen == "table":
        from ..render.terminal import units_view

        show(units_view(chosen_units, duties, screen_width(), roles, title,
                        {x.id: ws.index.leader_names([x.id])[0] for x in ws.plan.leaders}), to, output, force, pager=not no_pager)
        return
    from ..render import tables

    text = tables.units_json(chosen_units, duties) if chosen == "json" else tables.units_csv(chosen_units, duties, roles)
    write(converted(text, to), output, force)


@app.command(cls=Command)
def template(
    unit: Annotated[str, typer.Option("--unit", "-u", metavar="單位", autocompletion=complete_units, help="單位（編號、簡稱或全稱）")],
    quarter: Annotated[str, typer.Option("--quarter", "-q", metavar="季度", help="季度：Q1–Q4，也可寫 q2、2、二季度")],
    plan: PlanOpt = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="格式", help="yaml | xlsx（給 Excel、WPS 填寫的工作簿；默認 yaml，有 -o 時由擴展名決定）")] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    script: ScriptOpt = None,
):
    """空白的季度進度報告：列出該單位要填報的每個目標，填寫空白處即可（YAML，或 Excel 工作簿）。"""
    from . import query

    q = ask(query.quarter, quarter, option="--quarter")
    chosen = choose_format(fmt, output, ("yaml", "xlsx"), "yaml")
    if chosen == "xlsx" and output is None:
        usage("工作簿要寫入文件；請加 -o 文件名.xlsx", "--output")
    check_output(output, force, plan)
    ws = workspace(plan, None)
    uid = ask(query.unit, ws.index, unit, option="--unit")
    if chosen == "xlsx":
        from ..render.workbook import form_workbook

        write(workbook(lambda: form_workbook(ws.index, uid, q, pick_script(ws.plan, script)), output), output, force)
        return
    from ..render.forms import blank_report

    write(converted(blank_report(ws.index, uid, q), pick_script(ws.plan, script)), output, force)


@app.command("import", cls=Command)
def import_(
    files: Annotated[list[str], typer.Argument(metavar="工作簿", help="填好的 .xlsx 進度報告（可多個）")],
    folder: Annotated[str, typer.Option("--output", "-o", metavar="文件夾", callback=reports_default, help="報告文件夾：寫入 文件夾/年/季度/單位.yaml（默認：jxplan.toml 寫明的，沒有時 progress）")] = "progress",
    plan: PlanOpt = None,
    force: ForceOpt = False,
    script: ScriptOpt = None,  # what it says follows the script (the stderr stream converts); the reports stay as written
):
    """把填好的工作簿轉成進度報告文件（YAML），存進報告文件夾；有問題的工作簿不轉換，最後一行說明寫入、沒有變化和未導入的數目。"""
    from pathlib import Path

    from .inputs import load_plan
    from .importing import plan_imports, tally
    from ..render.problems import render

    if not os.path.isdir(folder):  # never raises: a folder that cannot be looked at is not there for us
        usage(f"文件夾 {folder} 不存在（或不允許讀取）；請先創建，或用 -o 指明報告文件夾", "--output")
    existing(files, "工作簿")
    pl = load_plan(plan, folder)
    from .progress import working

    with working(f"正在讀取 {len(files)} 個工作簿…") as progress:
        planned, problems = plan_imports([Path(f) for f in files], Path(folder), pl, force, pick_script(pl.plan, script),
                                         progress.step)
    failed = 0  # writes that failed: the other workbooks are still imported, every problem still said
    for item in planned:
        if item.refusal:
            say(f"{item.path}: {item.refusal}")
            continue
        if item.unchanged:
            say(f"{item.path}: {item.dest} 已是這份報告，沒有改寫")
            continue
        dest, text = item.dest, item.text
        if dest is None or text is None:  # never: what is not refused has both
            say(f"{item.path}: 未導入")
            failed += 1
            continue
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from ..core.output import reason

            where = next((p for p in (dest.parent, *dest.parent.parents) if p.exists()), dest.parent)
            why = f"{where} 不是文件夾" if where.exists() and not where.is_dir() else reason(exc)
            say(f"{item.path}: 無法創建文件夾 {dest.parent}（{why}），未導入")
            failed += 1
            continue
        try:
            write(text, str(dest), force)
        except typer.Exit:  # said by write
            failed += 1
    if problems:
        sys.stderr.write(render(sorted(set(problems)), "text", sys.stderr) + explained(problems))
    sys.stderr.write(tally(planned, failed) + "\n")
    if failed or any(i.refusal and not i.exists and not i.skipped for i in planned):
        raise typer.Exit(EXIT_DATA)
    if any(i.exists for i in planned):
        raise typer.Exit(2)


@app.command(cls=Command)
def schema(
    which: Annotated[str, typer.Argument(metavar="種類", help="plan（計劃文件，默認）或 report（進度報告）")] = "plan",
):
    """計劃文件或進度報告的 JSON Schema（供編輯器與其他驗證工具使用）。"""
    from ..check.schema import schema_text

    if which not in ("plan", "report"):
        usage(f"「{which}」不是 plan 或 report", "種類")
    write(schema_text(which), None, False)


@app.command(cls=Command)
def explain(
    code: Annotated[Optional[str], typer.Argument(metavar="代碼", help="問題行末方括號中的代碼，如 unexplained-lag；不寫則列出全部代碼")] = None,
    script: ScriptOpt = None,
):
    """問題代碼的說明：它的含義、為什麼要緊、怎樣改（不寫代碼則列出全部代碼）。"""
    from ..check.explain import EXPLANATIONS, GROUPS, explain as look_up
    from ..core.names import did_you_mean
    from ..render.terminal import explanation_lines, explanations_lines

    to = asked_script(script)
    if code is None:
        show(explanations_lines(EXPLANATIONS, GROUPS, screen_width()), to)
        return
    found = look_up(code)
    if found is None:
        hint = did_you_mean(code, {c: c for c in EXPLANATIONS})
        usage(f"沒有「{code}」這個代碼{hint or '；jxplan explain 列出全部代碼'}", "代碼")
    show(explanation_lines(code.strip().strip("[]").lower(), found, screen_width()), to)


def run(args: list[str]) -> int:
    """The command line on ``args``: the exit status, every output written."""
    try:
        code = app(args=args, prog_name="jxplan", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)


@app.command(cls=Command)
def site(
    output: Annotated[str, typer.Option("--output", "-o", metavar="文件夾", help="網站寫入的文件夾（默認 site；只改寫內容有變化的文件）")] = "site",
    plan: PlanOpt = None,
    reports: ReportsOpt = "progress",
    quarter: QuarterOpt = None,
    force: Annotated[bool, typer.Option("--force", help="寫入已有其他文件、又不是 jxplan 網站的文件夾（其中的其他文件不刪除）")] = False,
    script: ScriptOpt = None,
):
    """全年一覽的靜態網站：總覽、每個目標和每個單位一頁、全年圖表；不聯網，用瀏覽器打開 site/index.html 即可。"""
    from pathlib import Path

    from . import query
    from ..core.output import OutputError
    from .policy import choose_quarter
    from ..render.site import folder as site_folder
    from ..judge.status import compute
    from ..core.terms import quarters_upto
    from .output import output_failed

    root = Path(output)
    try:
        inside = root.resolve().is_relative_to(Path(reports).resolve())
    except (OSError, RuntimeError):
        inside = False
    if inside:
        usage(f"網站文件夾 {output} 在報告文件夾 {reports} 之內；網頁會被當作不認識的報告文件。請寫到別處", "--output")
    try:
        site_folder.check(root, force)
    except OutputError as exc:
        output_failed(output, exc)
    ws = workspace(plan, reports, public=True)
    asked = ask(query.quarter, quarter, option="--quarter") if quarter is not None else None
    q, problem = choose_quarter(ws, asked, reports, True)
    if problem is not None:  # the site names units as a bulletin does: the bulletin's refusals
        sys.stderr.write("網站與督辦通報一樣公開列出各單位的報送和落實情況，因此：\n")
        fail([problem])
    from .progress import working

    with working("正在生成網站的頁面…") as progress:
        results = [compute(ws.index, ws.reports, x) for x in quarters_upto(q)]
        files = _site_files(ws, results, pick_script(ws.plan, script))
        progress.step(f"正在寫入 {len(files)} 個文件…")
        try:
            done = site_folder.publish(root, files, force)
        except OutputError as exc:
            output_failed(output, exc)
    from ..render.problems import visible

    said = f"改寫 {len(done.written)} 個文件，{len(done.unchanged)} 個沒有變化" if done.written else "沒有文件需要改寫"
    said += f"，刪除 {len(done.removed)} 個已不存在的目標或單位的頁面" if done.removed else ""
    sys.stderr.write(f"網站 {visible(output)}（{len(files)} 個文件）：{said}。用瀏覽器打開 "
                     f"{visible(str(root / 'index.html'))} 即可查看。\n")


def _site_files(ws, results, to: str | None) -> dict:
    """The site's files, made in a child process with limits (render.isolate), as documents are."""
    from ..render.isolate import RenderLimit, run
    from ..render.site import build, pack, unpack
    from ..render.templating import TemplateProblem

    try:
        return unpack(run(lambda: pack(build(ws.index, results, ws.reports, to))))
    except TemplateProblem as exc:
        sys.stderr.write(f"模板錯誤：{exc}\n")
        raise typer.Exit(EXIT_DATA) from None
    except RenderLimit as exc:
        sys.stderr.write(f"{exc}\n")
        raise typer.Exit(EXIT_DATA) from None


@app.command(cls=Command)
def draft(
    notice: Annotated[str, typer.Argument(metavar="通知", help="通知和工作要點：文本（UTF-8 或 GB18030）或 Word（.docx）；也可以只給責任分解表（.xlsx）")],
    decomposition: Annotated[Optional[str], typer.Option("--decomposition", "-d", metavar="表格", help="責任分解方案：Word（.docx）或 Excel（.xlsx）的表格，按欄目名讀出牽頭單位、責任單位和責任領導")] = None,
    units: Annotated[Optional[str], typer.Option("--units", metavar="文件", help="單位名單：YAML 列表（{id, name, full_name, kind} 或只寫名稱），或一份計劃文件（取其 units）；不給時按原文的單位名稱起草")] = None,
    update: Annotated[Optional[str], typer.Option("--update", metavar="計劃", help="督查室核對過的計劃：原文未變的項目保留其中核對過（已刪去「# 待核」）的內容")] = None,
    year: Annotated[Optional[str], typer.Option("--year", metavar="年度", help="計劃的年度（默認：從標題或印發日期讀出）")] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    script: ScriptOpt = None,
):
    """從通知、工作要點和責任分解表起草計劃文件：每項任務、數字、單位和時限；不能確定的都標「# 待核」，核對後即可用。"""
    from pathlib import Path

    from ..draft import draft as make, report
    from ..core.output import OutputError, check
    from ..core.script import convert_prose
    from .output import not_an_input, output_failed
    from .speak import warn

    plan_year = None
    if year is not None:
        plan_year = int(year) if year.strip().isdigit() and 1900 <= int(year) <= 2100 else None
        if plan_year is None:
            usage(f"年度「{year}」應是四位數字，如 2013", "--year")
    if output is not None:
        not_an_input(output, (notice, decomposition, units, update), then="。請寫到另一個文件，核對後再替換")
        try:
            check(Path(output), force)
        except OutputError as exc:
            output_failed(output, exc)
    from .progress import working

    with working("正在起草計劃…"):
        made = make(notice, decomposition, units, update, asked_script(script), plan_year)
    to = asked_script(script) or (made.plan.script if made.plan else None)
    from . import follow

    follow(to)  # what is said from here on, in the draft's script
    if made.text is None:  # each input's problems, positioned; nothing written
        from ..render.problems import choose_format as problem_format, render

        chosen = problem_format(None)
        sys.stderr.write(convert_prose(render(made.problems, chosen, sys.stderr)
                                       + (explained(made.problems) if chosen == "text" else ""), asked_script(script)))
        raise typer.Exit(EXIT_DATA)
    warn(made.problems)
    sys.stderr.write(convert_prose("".join(line + "\n" for line in report(made)), to))
    write(made.text, output, force)
