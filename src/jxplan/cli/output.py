"""What a command writes: the format chosen (--format, else the -o suffix), and the output
itself, to standard output or atomically to a file that is never replaced without --force.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from .chinese import EXIT_USAGE, quiet_stdout
from .inputs import plan_path
from .speak import EXIT_DATA, context, usage

if TYPE_CHECKING:
    from ..core.output import OutputError

SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf",
                  ".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".yaml": "yaml", ".yml": "yaml", ".txt": "table"}
OLD_SUFFIXES = {".doc": "docx", ".wps": "docx", ".xls": "xlsx", ".et": "xlsx", ".rtf": "docx"}  # what offices type
FORMAT_WORDS = {"markdown": "md", "htm": "html", "word": "docx", "excel": "xlsx", "yml": "yaml", "txt": "table"}


def choose_format(given: str | None, output: str | None, allowed: tuple[str, ...], default: str) -> str:
    """--format, else the format the -o suffix names, else the default (for a name without
    a suffix); a clash, a suffix the command does not write, or an unknown one (.doc, .xls)
    is a usage error, never a file of another format under that name."""
    listing = " | ".join(allowed)
    suffix = Path(output).suffix if output else ""
    from_suffix = SUFFIX_FORMATS.get(suffix.lower()) if suffix else None
    if given is not None:
        fmt = given.strip().lower().lstrip(".")
        fmt = FORMAT_WORDS.get(fmt, fmt)
        if fmt not in allowed:
            usage(f"沒有「{given}」這種格式；可用：{listing}", "--format")
        if from_suffix is not None and from_suffix != fmt:
            usage(f"-o 的擴展名 {suffix} 與 --format {fmt} 不符；請讓兩者一致", "--format")
        return fmt
    if suffix:
        suffix = suffix.lower()
        if from_suffix in allowed:
            return from_suffix
        hint = f"（{suffix} 是舊格式，請用 .{OLD_SUFFIXES[suffix]}）" if suffix in OLD_SUFFIXES else ""
        usage(f"這個命令不寫 {suffix} 文件{hint}；可用的格式：{listing}", "--output")
    return default


def check_output(output: str | None, force: bool, plan: str | None = None) -> None:
    """Before any work: a file that is there is not replaced without --force (exit 2), the
    plan being read is never replaced at all (exit 2), and a destination that can never be
    written (a device, no such folder) is said at once (exit 1)."""
    if output is None:
        return
    from ..core.output import OutputError, check

    ctx = context()
    source = plan_path(plan, ctx.params.get("reports") if ctx is not None else None)  # the plan the command will read
    not_an_input(output, [source], "計劃文件")
    try:
        check(Path(output), force)
    except OutputError as exc:
        output_failed(output, exc)


def not_an_input(output: str, inputs, what: str = "文件", then: str = "") -> None:
    """-o never names a file the command reads (a usage error, even with --force): ``what`` it is
    called in the message, ``then`` what to do instead."""
    for given in inputs:
        try:
            same = given is not None and Path(output).resolve() == Path(given).resolve()
        except (OSError, RuntimeError):
            same = False
        if same:
            usage(f"-o 指向正在讀取的{what} {given}；jxplan 不會覆蓋它（--force 也不會）{then}", "--output")


def output_failed(output: str | None, exc: OutputError) -> NoReturn:
    """Exit 1 (2 for what the command line can mend): ``output`` could not be written."""
    from ..render.problems import visible

    sys.stderr.write(f"{visible(str(output))}: {visible(str(exc))}\n")
    raise typer.Exit(EXIT_USAGE if exc.usage else EXIT_DATA)


def workbook(make: Callable[[], bytes], output: str | None) -> bytes:
    """The bytes of a workbook ``make`` builds; a failure to build it (a full disk under the
    temporary folder openpyxl writes through) said as a failed write of ``output``."""
    from ..core.output import OutputError

    try:
        return make()
    except OutputError as exc:
        output_failed(output, exc)


def write(data: str | bytes, output: str | None, force: bool) -> None:
    """Standard output, or an atomic write that never clobbers a file without --force."""
    if output is None:
        if isinstance(data, str):
            encodable(data)
        try:
            if isinstance(data, bytes):
                sys.stdout.flush()
                _all_of(data, sys.stdout.buffer)
            else:
                for piece in _pieces(data):
                    _text(piece)
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
        output_failed(output, exc)
    from ..render.problems import visible

    sys.stderr.write(f"已寫入 {visible(str(output))}\n")


PIECE = 1 << 20  # characters encoded at a time: a long output is never held twice more, encoded


def _pieces(text: str):
    return (text[i:i + PIECE] for i in range(0, len(text), PIECE)) if len(text) > PIECE else (text,)


def _text(text: str) -> None:
    """``text`` on standard output, every character of it. Unbuffered (``python -u``,
    ``PYTHONUNBUFFERED``), standard output's text layer hands its bytes straight to the file
    and ignores a short write (the file-size limit reached half-way): the output would stop
    short with exit 0. Then the bytes are written here, until all are taken or the system
    refuses (an error, said by the caller)."""
    raw = getattr(sys.stdout, "buffer", None)
    if not (isinstance(raw, io.RawIOBase) and getattr(sys.stdout, "write_through", False)):
        sys.stdout.write(text)  # a buffered stream writes all or raises
        return
    if os.linesep != "\n":  # what the text layer does on Windows: \n as \r\n
        text = text.replace("\n", os.linesep)
    sys.stdout.flush()
    _all_of(text.encode(sys.stdout.encoding, sys.stdout.errors or "strict"), raw)


def _all_of(data: bytes, stream) -> None:
    """Every byte of ``data`` to ``stream``, however few each write takes; a write that takes
    none is an error (never a loop without end)."""
    view = memoryview(data)
    while view:
        n = stream.write(view)
        if not n:
            raise OSError(errno.EIO, "short write")
        view = view[n:]


def encodable(text: str) -> None:
    """Before a character is written: standard output can take all of ``text``. An output
    encoding that cannot (Big5 or CP950 on a Windows console, ASCII under LC_ALL=C) would
    stop half-way or turn characters into question marks: refused whole, with the way out."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        for piece in _pieces(text):
            piece.encode(encoding, getattr(sys.stdout, "errors", None) or "strict")
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start]
        sys.stderr.write(f"輸出的編碼 {encoding} 無法表示「{bad}」（U+{ord(bad):04X}），沒有輸出任何內容；"
                         "請用 -o 文件 寫入（總是 UTF-8），或設環境變量 PYTHONIOENCODING=utf-8\n")
        raise typer.Exit(EXIT_DATA) from None
    except LookupError:
        pass
