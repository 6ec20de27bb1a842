"""Every line the command line shows, in Chinese: help pages, usage errors, interruptions.

Typer draws on a vendored Click whose own words are English. The command and group
classes here lay out the help page themselves and turn Click's usage errors into one
Chinese line each, so a clerk never meets ``Invalid value for '--quarter'``.
"""

from __future__ import annotations

import os
import re
import sys

from typer.core import TyperCommand, TyperGroup

try:  # the Click inside Typer (0.29 and later), else the Click Typer depends on
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older Typer
    # Typer before 0.29 depends on Click, which is not installed beside the pinned Typer
    from click import exceptions as click_exceptions  # type: ignore[import-not-found, no-redef, unused-ignore]

EXIT_USAGE = 2
EXIT_BUG = 70  # EX_SOFTWARE: jxplan itself failed, not the user's data or command line
_Abort = getattr(click_exceptions, "Abort", None)
if _Abort is None:
    from typer import Abort as _Abort

# Help strings that come from Typer or Click rather than from jxplan
HELP_WORDS = {
    "Show this message and exit.": "顯示說明並離開",
    "Install completion for the current shell.": "為當前的 shell 安裝命令補全（輸入時按 Tab 補全單位和目標）",
    "Show completion for the current shell, to copy it or customize the installation.":
        "顯示當前 shell 的命令補全腳本，可複製或自行安裝",
}


def _is_argument(param) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def _first_paragraph(text: str | None) -> str:
    return (text or "").strip().split("\n\n")[0].replace("\n", " ").strip()


def _width(text: str) -> int:
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _rows(rows: list[tuple[str, str]]) -> list[str]:
    if not rows:
        return []
    first = min(max(_width(a) for a, _ in rows), 30)
    out = []
    for a, b in rows:
        if _width(a) > first:
            out += [f"  {a}", f"  {' ' * first}  {b}"]
        else:
            out.append(f"  {_pad(a, first)}  {b}")
    return out


def _param_row(param, ctx) -> tuple[str, str] | None:
    if getattr(param, "hidden", False):
        return None
    if _is_argument(param):
        name = (param.metavar or param.name or "").upper()
        return name, getattr(param, "help", None) or ""
    names = ", ".join(sorted(param.opts, key=len))
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    if not getattr(param, "is_flag", False) and param.metavar:
        names += f" {param.metavar}"
    help_text = getattr(param, "help", None) or ""
    return names, HELP_WORDS.get(help_text, help_text)


def usage_line(cmd, ctx) -> str:
    path = ctx.command_path if ctx is not None else "jxplan"
    if isinstance(cmd, TyperGroup):
        return f"用法：{path} [選項] 命令 [參數]…"
    def shown(p) -> str:
        name = (p.metavar or p.name or "").upper()
        return f"[{name}]…" if p.nargs == -1 else name if p.required else f"[{name}]"

    arguments = " ".join(shown(p) for p in cmd.get_params(ctx) if _is_argument(p))
    return f"用法：{path} [選項]" + (f" {arguments}" if arguments else "")


def help_page(cmd, ctx) -> str:
    lines = [usage_line(cmd, ctx), ""]
    if cmd.help:
        lines += ["  " + line if line.strip() else "" for line in cmd.help.strip().splitlines()] + [""]
    shown = [(p, r) for p in cmd.get_params(ctx) if (r := _param_row(p, ctx))]  # hidden ones left out
    arguments = [r for p, r in shown if _is_argument(p)]
    options = [r for p, r in shown if not _is_argument(p)]
    if arguments:
        lines += ["參數："] + _rows(arguments) + [""]
    if options:
        lines += ["選項："] + _rows(options) + [""]
    if isinstance(cmd, TyperGroup):
        commands = [(name, _first_paragraph(sub.short_help or sub.help)) for name in cmd.list_commands(ctx)
                    if (sub := cmd.get_command(ctx, name)) is not None and not sub.hidden]
        lines += ["命令："] + _rows(commands) + [""]
    return "\n".join(lines)


def _opts(param) -> str:
    if param is None:
        return "參數"
    if _is_argument(param):
        return (param.metavar or param.name or "").upper()
    return "/".join(sorted(param.opts, key=len, reverse=True))


_EXTRA = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)")
_NO_COMMAND = re.compile(r"No such command '(.*?)'")


def usage_message(exc) -> str:
    """One Chinese line for a usage error raised by Click, Typer or jxplan."""
    if isinstance(exc, click_exceptions.NoSuchOption):
        near = [p for p in (exc.possibilities or ())]
        return f"沒有 {exc.option_name} 這個選項" + (f"；是否應為 {'、'.join(near)}？" if near else "；可用 -h 查看所有選項")
    if isinstance(exc, click_exceptions.MissingParameter):
        param = exc.param
        what = _first_paragraph(getattr(param, "help", "")) if param is not None else ""
        return f"缺少 {_opts(param)}" + (f"（{what}）" if what else "")
    if isinstance(exc, click_exceptions.BadOptionUsage):
        if "requires an argument" in exc.message or "requires" in exc.message:
            return f"{exc.option_name} 後面要寫一個值"
        return f"{exc.option_name} 的用法不對"
    if isinstance(exc, click_exceptions.BadParameter):
        hint = exc.param_hint if isinstance(exc.param_hint, str) else _opts(exc.param)
        return f"{hint}：{exc.message}" if hint else exc.message
    message = exc.message
    if m := _EXTRA.search(message):
        return f"多了參數：{m.group(1)}（路徑中有空格時請加引號）"
    if m := _NO_COMMAND.search(message):
        ctx = exc.ctx
        names = ctx.command.list_commands(ctx) if ctx is not None else []
        return f"沒有 {m.group(1)} 這個命令；可用：{'、'.join(names)}"
    if message.startswith("Missing command"):
        return "缺少命令；可用 jxplan -h 查看"
    return message


def show_usage_error(exc) -> None:
    ctx = exc.ctx
    lines = []
    if ctx is not None:
        lines.append(usage_line(ctx.command, ctx))
    from ..render.problems import visible

    lines.append(f"錯誤：{visible(usage_message(exc))}")  # what the user typed may hold escape sequences
    if ctx is not None:
        lines.append(f"（執行 {ctx.command_path} -h 查看說明）")
    sys.stderr.write("\n".join(lines) + "\n")


class _AsGiven:
    """The coercion of an option that is text, a list of texts or a flag: none.

    Typer 0.29 builds a pydantic TypeAdapter for every option of the command being run, at
    every start (tens of milliseconds, and the import of pydantic's schema machinery), only to
    turn text into text. jxplan reads its options as text and understands them itself
    (``query``), so it gives such options this instead. Older Typer has no such step, and
    the attribute is then left alone."""

    def coerce(self, value, param, ctx):
        many = param.multiple or param.nargs == -1
        if value is None:
            return () if many else None
        return list(value) if many else value


_AS_GIVEN = _AsGiven()
_PLAIN = (str, bool, list[str])


def _plain_options(cmd, ctx) -> None:
    for p in cmd.get_params(ctx):  # the help option is made here, not kept in cmd.params
        desc = getattr(p, "type_descriptor", None)
        if desc is not None and getattr(p, "_runtime_param", "absent") is None and desc.annotation in _PLAIN:
            p._runtime_param = _AS_GIVEN


class Command(TyperCommand):
    """A command whose help page is Chinese, and whose text options cost nothing to read."""

    def parse_args(self, ctx, args):
        _plain_options(self, ctx)
        return super().parse_args(ctx, args)

    def format_help(self, ctx, formatter) -> None:
        formatter.write(help_page(self, ctx))


class Group(TyperGroup):
    """The jxplan group: Chinese help, Chinese usage errors, exit statuses that mean one thing."""

    def parse_args(self, ctx, args):
        _plain_options(self, ctx)
        return super().parse_args(ctx, args)

    def format_help(self, ctx, formatter) -> None:
        formatter.write(help_page(self, ctx))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # Typer turns Ctrl-C into exit 130 without a word: say it, in one line
            interrupted()
            raise

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(args=args, prog_name=prog_name or "jxplan", complete_var=complete_var,
                                standalone_mode=False, **extra)
            code = code if isinstance(code, int) else 0
        except click_exceptions.NoArgsIsHelpError as exc:
            sys.stdout.write(help_page(exc.ctx.command, exc.ctx))
            code = 0
        except click_exceptions.UsageError as exc:
            show_usage_error(exc)
            code = EXIT_USAGE
        except click_exceptions.ClickException as exc:
            from ..render.problems import visible

            sys.stderr.write(f"錯誤：{visible(exc.message)}\n")
            code = exc.exit_code
        except (KeyboardInterrupt, _Abort):
            interrupted()
            code = 130
        except BrokenPipeError:  # `jxplan status | head`: the reader has what it wanted
            quiet_stdout()
            code = 0
        except MemoryError:
            sys.stderr.write("內存不足，jxplan 沒有完成；沒有輸出任何結果。請關閉其他程序後重試，或分批處理報告。\n")
            code = EXIT_BUG
        except Exception as exc:  # noqa: BLE001 - a fault of jxplan's own: one line, never a traceback
            if os.environ.get("JXPLAN_DEBUG"):
                raise
            said = " ".join(str(exc).split())[:300]
            sys.stderr.write(f"jxplan 內部錯誤（{type(exc).__name__}{'：' + said if said else ''}）。"
                             "這是 jxplan 的問題，不是您的文件或命令的問題；這次沒有生成結果。"
                             "請把這一行和所執行的命令告訴維護者（設 JXPLAN_DEBUG=1 再執行可看到詳細信息）。\n")
            code = EXIT_BUG
        if standalone_mode:
            sys.exit(code)
        return code


def interrupted() -> None:
    """Ctrl-C: one line on stderr (what was being written is left as it was: output.py)."""
    try:
        sys.stderr.write("已中止。\n")
    except (OSError, ValueError):  # nowhere to say it
        pass


def quiet_stdout() -> None:
    """After a closed pipe: send whatever is still buffered nowhere, without a complaint."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # a test's captured stream has no descriptor
        pass
