"""What the commands share: their options, the one way to load data and fail, choosing a
format, writing output, and the terminal. Every problem here ends as an exit status:
1 for bad data (with the file and line of each problem), 2 for a wrong command line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .chinese import EXIT_USAGE, click_exceptions, quiet_stdout

EXIT_DATA = 1
EXIT_FAIL_ON = 3


# ---- completion (loads the plan only when a shell asks) ---------------------------------

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


# ---- options ----------------------------------------------------------------------------

def reports_default(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """A reports folder option (--reports, import's -o) not given on the command line: the
    office's (``settings.reports_folder``), so that every command reads and writes one folder."""
    if ctx.get_parameter_source(param.name).name != "DEFAULT" or ctx.resilient_parsing:
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
    _typed_script(given)
    return given


ScriptOpt = Annotated[Optional[str], typer.Option("--script", metavar="簡繁", callback=_script_word, help="輸出和提示用 simplified（簡體）或 traditional（繁體）；默認：環境變量 JXPLAN_SCRIPT，其次 jxplan.toml 的 script，都沒有時與計劃文件相同")]
NoPagerOpt = Annotated[bool, typer.Option("--no-pager", help="不用分頁程序（less），表格直接輸出到終端")]
AllOpt = Annotated[bool, typer.Option("--all", "-a", help="在終端顯示全部目標的完整表格（默認只顯示概況和需要關注的事項）")]
TemplateDirOpt = Annotated[Optional[str], typer.Option("--template-dir", metavar="文件夾", help="自定義模板所在的文件夾（其中缺的模板用內置的）")]


# ---- usage errors -------------------------------------------------------------------------

def _context():
    """The running command's Click context (None outside a command)."""
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - older Typer
        from click import get_current_context  # type: ignore[no-redef]
    return get_current_context(silent=True)


def usage(message: str, option: str | None = None):
    """Leave with a usage error (exit 2), worded in Chinese with the usage line."""
    raise click_exceptions.BadParameter(message, ctx=_context(), param_hint=option)


def ask(fn, *args, option: str):
    """A query.* look-up; a name that names nothing is a usage error that lists what exists."""
    from .query import Unknown

    try:
        return fn(*args)
    except Unknown as exc:
        usage(str(exc), option)


# ---- formats --------------------------------------------------------------------------

SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf",
                  ".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".yaml": "yaml", ".yml": "yaml", ".txt": "table"}
OLD_SUFFIXES = {".doc": "docx", ".wps": "docx", ".xls": "xlsx", ".et": "xlsx", ".rtf": "docx"}  # what offices type
FORMAT_WORDS = {"markdown": "md", "htm": "html", "word": "docx", "excel": "xlsx", "yml": "yaml", "txt": "table"}


def choose_format(given: str | None, output: str | None, allowed: tuple[str, ...], default: str) -> str:
    """--format, else the format the -o suffix names, else the default (for a name without
    a suffix); a clash, a suffix the command does not write, or an unknown one (.doc, .xls)
    is a usage error, never a file of another format under that name."""
    listing = " | ".join(allowed)
    from_suffix = SUFFIX_FORMATS.get(Path(output).suffix.lower()) if output else None
    if given is not None:
        fmt = given.strip().lower().lstrip(".")
        fmt = FORMAT_WORDS.get(fmt, fmt)
        if fmt not in allowed:
            usage(f"沒有「{given}」這種格式；可用：{listing}", "--format")
        if from_suffix is not None and from_suffix != fmt:
            usage(f"-o 的擴展名 {Path(output).suffix} 與 --format {fmt} 不符；請讓兩者一致", "--format")
        return fmt
    if output is not None and Path(output).suffix:
        suffix = Path(output).suffix.lower()
        if from_suffix in allowed:
            return from_suffix
        hint = f"（{suffix} 是舊格式，請用 .{OLD_SUFFIXES[suffix]}）" if suffix in OLD_SUFFIXES else ""
        usage(f"這個命令不寫 {suffix} 文件{hint}；可用的格式：{listing}", "--output")
    return default


# ---- data -------------------------------------------------------------------------------

def plan_path(plan: str | None, reports: str | None = None) -> Path:
    """The plan a command reads (``settings.choose_plan``: --plan, the settings file, the one
    plan in plans/, the shipped copy), without a word; see ``load_plan`` for one that says it."""
    from .settings import choose_plan

    return choose_plan(plan, reports).path


def load_plan(plan: str | None, reports: str | None = None):
    """The checked plan (``check.plans.PlanLoad``) a command reads, or exit 1 with its
    problems. Which plan it is is said when it was not obvious (the shipped copy, one of
    several chosen by year), after the plan's script has become that of every message."""
    from ..check.plans import load_plan as load
    from .settings import choose_plan

    chosen = choose_plan(plan, reports)
    loaded = load(chosen.path)
    heard(loaded.plan)
    if chosen.note:
        say(chosen.note)
    if not loaded.ok:
        fail(list(loaded.problems))
    return loaded


def say(line: str) -> None:
    """One line on stderr, every character that could act on a terminal shown escaped as in
    problem text: a file name (an ESC, a name in GBK bytes) or a template's words quoted in it."""
    from ..render.problems import visible

    sys.stderr.write(visible(line) + "\n")


def fail(problems) -> None:
    """Print problems to stderr and leave with exit status 1."""
    from ..render.problems import choose_format as problem_format, render

    chosen = problem_format(None)
    sys.stderr.write(render(problems, chosen, sys.stderr) + (explained(problems) if chosen == "text" else ""))
    n = sum(p.is_error for p in problems)
    sys.stderr.write(f"有 {n} 個錯誤；請修正後再執行（jxplan validate 可列出全部問題）。\n")
    raise typer.Exit(EXIT_DATA)


def warn(problems) -> None:
    from ..render.problems import render

    warnings = [p for p in problems if not p.is_error]
    if warnings:
        sys.stderr.write(render(warnings, "text", sys.stderr) + explained(warnings))


def explained(problems) -> str:
    """The line that says how to read a code (``jxplan explain``), once in a command's run
    however many listings of problems it prints; empty after that, or with nothing listed."""
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - older Typer
        from click import get_current_context  # type: ignore[no-redef]
    from ..render.problems import explain_hint

    ctx = get_current_context(silent=True)
    said = ctx.find_root().meta if ctx is not None else {}
    if not problems or said.get("jxplan.explained"):
        return ""
    said["jxplan.explained"] = True
    return explain_hint(list(problems)) + "\n"


UNREAD = "not-read"  # a file in a reports folder that was not read


def _defaulted(name: str) -> bool:
    """Whether the option ``name`` took its default (the user did not type it)."""
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - older Typer
        from click import get_current_context  # type: ignore[no-redef]
    ctx = get_current_context(silent=True)
    source = ctx.get_parameter_source(name) if ctx is not None else None
    return source is not None and source.name == "DEFAULT"


def existing(paths, option: str, folder: bool = False) -> None:
    """Every path named on the command line is there (and a folder, with ``folder``): one that
    is not is a usage error (exit 2), said with the usage line, before any work. A link whose
    target is gone is there: reading it says what is wrong with it."""
    from ..render.problems import visible

    for given in paths:
        if not os.path.lexists(given):
            usage(f"{visible(str(given))} 不存在；請核對路徑（路徑中有空格時要加引號）", option)
        if folder and not os.path.isdir(given):
            usage(f"{visible(str(given))} 不是文件夾；請指明報告所在的文件夾", option)


def workspace(plan: str | None, reports: str | None, public: bool = False):
    """The checked plan (and reports); any error ends the command with exit 1. ``public``
    (a bulletin): a file in the reports folder that was not read is an error too, since a
    unit whose report it is would be named as not having reported."""
    from dataclasses import replace

    from ..check.pipeline import open_workspace
    from .settings import choose_plan

    chosen = choose_plan(plan, reports)  # two plans the reports cannot tell apart: said first
    if reports is not None and _defaulted("reports") and not os.path.lexists(reports):
        if chosen.note:  # the shipped plan: said, so that the user sees why nothing of theirs was found
            say(chosen.note)
        usage(f"沒有默認的報告文件夾 {reports}；請用 --reports 指明報告所在的文件夾（或寫進 jxplan.toml 的 reports）", "--reports")
    if reports is not None:
        existing([reports], "--reports", folder=True)
    ws = open_workspace(chosen.path, Path(reports) if reports is not None else None)
    heard(ws.plan)
    if chosen.note:
        say(chosen.note)
    unread = [p for p in ws.problems if p.code == UNREAD]
    if public and unread:
        fail([replace(p, severity="error") for p in unread] + [p for p in ws.problems if p.is_error])
    if not ws.ok:
        fail(ws.problems)
    warn(ws.problems)
    return ws


def quarter(ws, given: str | None, reports: str, public: bool = False) -> str:
    """The quarter asked for (q2, 二季度…) or the latest with reports; ``public`` (a bulletin)
    refuses a quarter nobody reported for, a status view warns."""
    from .policy import choose_quarter
    from .query import quarter as parse

    asked = ask(parse, given, option="--quarter") if given is not None else None
    q, problem = choose_quarter(ws, asked, reports, public)
    if problem is not None:
        (fail if problem.is_error else warn)([problem])
    return q


def template_dir(given: str | None) -> Path | None:
    if given is None:
        return None
    if not os.path.isdir(given):  # never raises: a folder that cannot be looked at is not there for us
        usage(f"模板文件夾 {given} 不存在（或不允許讀取）", "--template-dir")
    return Path(given)


# ---- script -------------------------------------------------------------------------------

def _typed_script(given: str | None) -> str | None:
    """The script typed: --script, else $JXPLAN_SCRIPT; None when neither (a word that names
    no script is a usage error)."""
    from ..core.script import ENV, named

    if given is not None:
        chosen = named(given)
        if chosen is None:
            usage(f"「{given}」不是可用的簡繁選項；可用：simplified（簡體）、traditional（繁體）", "--script")
        return chosen
    if os.environ.get(ENV, "").strip():
        chosen = named(os.environ[ENV])
        if chosen is None:
            usage(f"環境變量 {ENV}=「{os.environ[ENV]}」不是可用的簡繁選項；可用：simplified（簡體）、traditional（繁體）",
                  "--script")
        return chosen
    return None


def asked_script(given: str | None) -> str | None:
    """The script the office asked for: --script, else $JXPLAN_SCRIPT, else the settings
    file's ``script``; None when none says."""
    from .settings import office

    chosen = _typed_script(given)
    return chosen if chosen is not None else office().script


def plan_script(plan) -> str | None:
    """The script a plan is written in (by the characters of its title, units and sections),
    so that a character of the other script left in it is converted too; None when nothing
    tells (or no plan)."""
    from ..core.script import detect

    if plan is None:
        return None
    return detect([plan.title, *(u.name for u in plan.units), *(s.title for s in plan.sections)])


def script(plan, given: str | None) -> str | None:
    """The one script of everything a command writes and says: the one asked for
    (``asked_script``), else the plan's own; None when nothing tells (no conversion)."""
    chosen = asked_script(given)
    return chosen if chosen is not None else plan_script(plan)


def heard(plan) -> None:
    """From now on what jxplan says on stderr is in the plan's script, unless a script was
    asked for (the stream ``cli._InScript`` converts). Before a plan is read, messages are in
    the script asked for, else as written (traditional)."""
    from . import follow

    follow(plan_script(plan))


def converted(text: str, to: str | None) -> str:
    from ..core.script import convert

    return convert(text, to)


# ---- output -------------------------------------------------------------------------------

def check_output(output: str | None, force: bool, plan: str | None = None) -> None:
    """Before any work: a file that is there is not replaced without --force (exit 2), the
    plan being read is never replaced at all (exit 2), and a destination that can never be
    written (a device, no such folder) is said at once (exit 1)."""
    if output is None:
        return
    from ..core.output import OutputError, check

    ctx = _context()
    source = plan_path(plan, ctx.params.get("reports") if ctx is not None else None)  # the plan the command will read
    try:
        same = Path(output).resolve() == source.resolve()
    except (OSError, RuntimeError):
        same = False
    if same:
        usage(f"-o 指向正在讀取的計劃文件 {source}；jxplan 不會覆蓋它（--force 也不會）", "--output")

    try:
        check(Path(output), force)
    except OutputError as exc:
        _output_failed(output, exc)


def _output_failed(output: str, exc) -> None:
    from ..render.problems import visible

    sys.stderr.write(f"{visible(str(output))}: {visible(str(exc))}\n")
    raise typer.Exit(EXIT_USAGE if exc.usage else EXIT_DATA)


def workbook(make, output: str) -> bytes:
    """The bytes of a workbook ``make`` builds; a failure to build it (a full disk under the
    temporary folder openpyxl writes through) said as a failed write of ``output``."""
    from ..core.output import OutputError

    try:
        return make()
    except OutputError as exc:
        _output_failed(output, exc)


def write(data: str | bytes, output: str | None, force: bool) -> None:
    """Standard output, or an atomic write that never clobbers a file without --force."""
    if output is None:
        if isinstance(data, str):
            encodable(data)
        try:
            if isinstance(data, bytes):
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
            else:
                sys.stdout.write(data)
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_stdout()
        except OSError as exc:  # a full disk, a closed stdout (>&-), a file too big (ulimit -f)
            from ..core.output import reason

            sys.stderr.write(f"標準輸出{reason(exc)}；輸出不完整。請用 -o 文件 寫入，或檢查磁盤空間\n")
            quiet_stdout()
            raise typer.Exit(EXIT_DATA) from None
        return
    from ..core.output import OutputError, write_atomic

    try:
        write_atomic(Path(output), data, force)
    except OutputError as exc:
        _output_failed(output, exc)
    from ..render.problems import visible

    sys.stderr.write(f"已寫入 {visible(str(output))}\n")


def encodable(text: str) -> None:
    """Before a character is written: standard output can take all of ``text``. An output
    encoding that cannot (Big5 or CP950 on a Windows console, ASCII under LC_ALL=C) would
    stop half-way or turn characters into question marks: refused whole, with the way out."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding, getattr(sys.stdout, "errors", None) or "strict")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        sys.stderr.write(f"輸出的編碼 {encoding} 無法表示「{bad}」（U+{ord(bad):04X}），沒有輸出任何內容；"
                         "請用 -o 文件 寫入（總是 UTF-8），或設環境變量 PYTHONIOENCODING=utf-8\n")
        raise typer.Exit(EXIT_DATA) from None
    except LookupError:
        pass


MAX_WIDTH = 400  # columns: wider than any screen; a COLUMNS of millions would only eat memory


def screen_width() -> int:
    """The terminal's width (COLUMNS when set), 80 when there is no terminal; at most MAX_WIDTH."""
    import shutil

    given = os.environ.get("COLUMNS", "").strip()
    if given.isdigit() and 0 < len(given) < 10 and int(given) > 0:
        return min(int(given), MAX_WIDTH)
    return min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH)


def screen_height() -> int:
    """The terminal's height in lines (LINES when set), 24 when it cannot be told."""
    import shutil

    return max(shutil.get_terminal_size((80, 24)).lines, 1)


def interactive() -> bool:
    """Standard output is a terminal a person reads (not a pipe, not a file)."""
    return sys.stdout.isatty()


def show(lines, to: str | None = None, output: str | None = None, force: bool = False, pager: bool = True) -> None:
    """Lines of styled spans (render.terminal) on stdout: coloured on a terminal, plain
    text everywhere else (a file, a pipe, NO_COLOR, TERM=dumb); in the script asked for.
    With ``output``, the plain text is written to that file. On an interactive terminal, text
    taller than the screen goes through a pager (``pager``: unless --no-pager)."""
    from ..render.terminal import plain

    text = converted("".join(plain(line).rstrip() + "\n" for line in lines), to)
    if output is not None:
        write(text, output, force)
        return
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    encodable(text)
    from . import pager as paging

    if paging.wanted(len(lines), screen_height(), pager):
        if paging.page(_ansi(lines, to) if color else text):
            return
    if not color:
        write(text, None, False)
        return
    from rich.console import Console

    class Quiet(Console):
        def on_broken_pipe(self) -> None:  # `jxplan status | head` on a terminal: a normal end
            quiet_stdout()
            raise typer.Exit(0)

    Quiet(highlight=False, soft_wrap=False).print(_styled(lines, to), end="", no_wrap=True, crop=True)


def _styled(lines, to: str | None):
    from rich.text import Text

    text = Text()
    for line in lines:
        for span, style in line:
            text.append(converted(span, to), style)
        text.append("\n")
    return text


def _ansi(lines, to: str | None) -> str:
    """The lines with the terminal's colour codes, for a pager that shows them (less -R)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, width=screen_width(), highlight=False, soft_wrap=False).print(
        _styled(lines, to), end="", no_wrap=True, crop=True)
    return buffer.getvalue()


__all__ = ["EXIT_DATA", "EXIT_FAIL_ON", "EXIT_USAGE"]
