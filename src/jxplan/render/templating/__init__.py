"""Jinja2 in a sandbox: an office's own templates may lay the documents out, never run code.

Templates run in Jinja2's sandboxed environment (no access to Python internals), with
bounds on what they can make, checked before the work is done wherever the size of the
result can be known beforehand:

* every ``for`` loop, ``range``, recursive ``loop()``, macro call and iterator a filter
  returns counts as a step: at most ``MAX_STEPS`` in one rendering; the clock is read at
  every step, call, filter and output, and an alarm stops the one long operation between
  them (``MAX_SECONDS`` for all the templates of one document);
* a string made by ``*``, ``+``, ``~``, ``%``, ``str.format``, a method (``center``,
  ``ljust``, ``rjust``, ``zfill``, ``replace``, ``join``, ``expandtabs``, ``translate``)
  or a filter (``center``, ``indent``, ``replace``, ``join``, ``format``, ``wordwrap``…)
  may not pass ``MAX_OUTPUT`` characters, nor a list ``MAX_ITEMS`` items;
* whole numbers stay under ``MAX_INT_BITS`` bits (``**`` and ``*``);
* what the template outputs, captured blocks and macro results included, stops at
  ``MAX_EMITTED`` characters, and the document at ``MAX_OUTPUT``;
* what it makes on the way, kept or not, is counted too: the strings and lists its
  operations, calls and filters return may take ``MAX_MADE`` bytes in all, so that the
  sandbox bounds memory long before the child's limit;
* a template of over ``MAX_TAGS`` tags is refused before it is compiled (compiling cannot
  be stopped half-way), and one nested too deep for the compiler (``RecursionError``,
  Python's twenty nested blocks) is a ``TemplateProblem`` like any other.

This is the first line of defence, and it runs wherever jxplan runs; the second is the
child process that renders documents with limits on CPU, memory and time (``isolate``).
Every failure is a ``TemplateProblem`` worded in Chinese as ``template:line: message``
(Jinja's own messages put into Chinese by ``errors``).

The package in the order a template meets it: ``limits`` (the bounds and the sizes of results
worked out before they are made), ``jinja_adapter`` (Jinja's compiler hooked, its one use of
Jinja's private API), ``bounded`` (the sandboxed environment that counts, weighs and times),
and here the office's template folder loaded, compiled and rendered, every failure said.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from ...core.resources import packaged
from .bounded import MAX_SECONDS, _Sandbox, sandbox
from .limits import MAX_MADE, MAX_OUTPUT, TemplateProblem, _Limit

__all__ = ["MAX_MADE", "MAX_SECONDS", "TemplateProblem", "environment", "explain", "render", "sandbox"]

MAX_TEMPLATE_BYTES = 1024 * 1024  # an office's template: the shipped ones are a few KB


class _Unfit(OSError):
    """A template jxplan will not read: something other than a file under a template's name in
    an office's folder, a link out of it, a file too large or with too many tags."""


MAX_TAGS = 2_000  # {{ }} and {% %} in one template: the shipped ones have under 200


class _Loader(jinja2.FileSystemLoader):
    """Jinja's loader, except that a name in the office's folder that is there but is not a
    regular file (a FIFO, a device, a folder, a broken symbolic link) is refused: Jinja
    would pass it over and quietly print the bulletin with the shipped template instead of
    the office's. Only a name that is not there at all falls back to the shipped one."""

    def __init__(self, office: str | None, shipped: str):
        super().__init__([office, shipped] if office else [shipped])
        self.office = office

    def get_source(self, environment, template):
        if self.office:
            from jinja2.loaders import split_template_path

            path = os.path.join(self.office, *split_template_path(template))
            if os.path.lexists(path) and not os.path.isfile(path):
                what = ("文件夾" if os.path.isdir(path) else "指向不存在的文件的符號鏈接" if not os.path.exists(path)
                        else "命名管道、設備或其他特殊文件")
                raise _Unfit(f"模板文件夾中的 {template} 是{what}，不是普通文件；"
                             "請放入模板文件，或刪去它以使用隨附的模板")
            if os.path.lexists(path):
                inside = os.path.realpath(self.office)
                if os.path.commonpath([inside, os.path.realpath(path)]) != inside:
                    raise _Unfit(f"模板文件夾中的 {template} 是指向文件夾以外的符號鏈接；"
                                 "模板只從模板文件夾中讀取，請把模板文件本身放進來")
                if os.path.getsize(path) > MAX_TEMPLATE_BYTES:
                    raise _Unfit(f"模板文件夾中的 {template} 有 {os.path.getsize(path):,} 字節，"
                                 f"超過上限 {MAX_TEMPLATE_BYTES:,}；這不像一個通報模板")
        source, filename, uptodate = super().get_source(environment, template)
        tags = source.count("{{") + source.count("{%")
        if tags > MAX_TAGS:  # compiling is not interruptible: 25,000 macros took Jinja and Python 36 s
            raise _Unfit(f"模板 {template} 有 {tags:,} 個標籤（{{{{ }}}}、{{% %}}），超過上限 {MAX_TAGS:,}；"
                         "這不像一個通報模板（隨附的模板不到 200 個）")
        return source, filename, uptodate


def environment(template_dir: Path | None, fmt: str, filters: dict | None = None) -> _Sandbox:
    """Templates from ``template_dir`` first, then the shipped ones; strict about unknown fields."""
    env = _Sandbox(
        loader=_Loader(str(template_dir) if template_dir else None, str(packaged("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=(fmt == "html"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(filters or {})  # jxplan's own (md): bounded by what they are given
    return env


_NOT_UTF8 = "模板不是 UTF-8 編碼；請另存為 UTF-8（記事本：另存為 → 編碼選 UTF-8）"
_TOO_DEEP = "模板嵌套太深（if、for、括號、過濾器或運算層層相套），無法編譯；請減少嵌套的層數"


def explain(exc: BaseException) -> str:
    """What went wrong in a template, in Chinese (without where)."""
    if isinstance(exc, _Limit):
        return f"模板超出限制：{exc}"
    if isinstance(exc, SyntaxError):  # an included template compiled as it runs (Python's own limits)
        return _TOO_DEEP
    if isinstance(exc, _Unfit):  # an included template that is not to be read
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return _NOT_UTF8
    from . import errors  # its patterns compiled only when a template has failed

    return errors.explain(exc)


def _where(exc: BaseException, name: str) -> str:
    """template:line of the innermost template frame of a rendering error."""
    where = name
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{Path(filename).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _syntax_where(exc: jinja2.TemplateSyntaxError, name: str) -> str:
    return f"{Path(exc.filename or exc.name or name).name}:{exc.lineno}"


def render(env: _Sandbox, name: str, context: dict) -> str:
    """Render ``name`` with ``context``; a TemplateProblem for anything that goes wrong. The
    clock runs from the compilation on: Jinja calls filters on constants as it compiles."""
    with env.timed():
        return _generated(env, _compiled(env, name), name, context)


def _compiled(env: _Sandbox, name: str):
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(explain(exc)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"{_syntax_where(exc, name)}: {explain(exc)}") from None
    except _Unfit as exc:
        raise TemplateProblem(str(exc)) from None
    except UnicodeDecodeError:
        raise TemplateProblem(f"{name}: {_NOT_UTF8}") from None
    except OSError as exc:
        raise TemplateProblem(f"{name}: 無法讀取模板：{exc}") from None
    except (RecursionError, SyntaxError):  # Jinja's parser, or Python's compiler, on deep nesting
        raise TemplateProblem(f"{name}: {_TOO_DEEP}") from None
    except _Limit as exc:  # the clock, while it compiled
        raise TemplateProblem(f"{name}: {explain(exc)}") from None


def _generated(env: _Sandbox, template, name: str, context: dict) -> str:
    parts, size = [], 0
    try:
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise _Limit(f"輸出超過 {MAX_OUTPUT:,} 個字符")
            parts.append(chunk)
    except jinja2.TemplateSyntaxError as exc:  # an included template
        raise TemplateProblem(f"{_syntax_where(exc, name)}: {explain(exc)}") from None
    except MemoryError:  # past the memory limit of the process: said by the caller (isolate)
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a running template raises (an undefined name, a filter's TypeError) is the template's: said at its line
        raise TemplateProblem(f"{_where(exc, name)}: {explain(exc)}") from None
    return "".join(parts)
