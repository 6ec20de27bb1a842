"""Jinja2 in a sandbox: an office's own templates may lay the documents out, never run code.

Templates run in Jinja2's sandboxed environment (no access to Python internals), with
bounds on what they can make: ``range`` counts at most ``MAX_STEPS`` steps in all, a
string or list may not be multiplied past ``MAX_OUTPUT``, and rendering stops once the
output passes ``MAX_OUTPUT`` characters or ``MAX_SECONDS`` seconds. Every failure is a
``TemplateProblem`` worded as ``template:line: message``.
"""

from __future__ import annotations

import operator
import time
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..resources import packaged

MAX_OUTPUT = 20_000_000  # characters: a bulletin is a few hundred thousand
MAX_STEPS = 1_000_000  # iterations of range() in one rendering
MAX_SECONDS = 30.0


class TemplateProblem(Exception):
    """A template that is missing, broken, or asks for more than a document needs."""


class _Limit(Exception):
    pass


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = time.monotonic() + MAX_SECONDS
        self.steps = 0
        self.globals["range"] = self._range

    def _tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise _Limit(f"range() 合計超過 {MAX_STEPS:,} 步")
        if time.monotonic() > self.deadline:
            raise _Limit(f"執行超過 {MAX_SECONDS:.0f} 秒")

    def _range(self, *args):
        r = range(*args)
        for i, v in enumerate(r):
            if i % 1000 == 0:
                self._tick(min(1000, len(r) - i))
            yield v

    def call_binop(self, context, operator_, left, right):
        if operator_ == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * max(n, 0) > MAX_OUTPUT:
                    raise _Limit("字符串或列表乘得太長")
            return operator.mul(left, right)
        if isinstance(right, (int, float)) and abs(right) > 100:
            raise _Limit("乘方的指數太大")
        return operator.pow(left, right)


def sandbox(**options) -> SandboxedEnvironment:
    """A bare sandbox with jxplan's limits, for a renderer that brings its own template (docxtpl)."""
    return _Sandbox(undefined=jinja2.StrictUndefined, **options)


LimitError = _Limit


def environment(template_dir: Path | None, fmt: str, filters: dict | None = None) -> SandboxedEnvironment:
    """Templates from ``template_dir`` first, then the shipped ones; strict about unknown fields."""
    folders = [str(template_dir)] if template_dir else []
    folders.append(str(packaged("templates")))
    env = _Sandbox(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=(fmt == "html"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(filters or {})
    return env


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


def render(env: SandboxedEnvironment, name: str, context: dict) -> str:
    """Render ``name`` with ``context``; a TemplateProblem for anything that goes wrong."""
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(f"找不到模板 {exc.name}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"{Path(exc.filename or exc.name or name).name}:{exc.lineno}: 模板語法錯誤：{exc.message}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateProblem(f"{name}: 無法讀取模板：{exc}") from None
    parts, size = [], 0
    try:
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise _Limit(f"輸出超過 {MAX_OUTPUT:,} 個字符")
            parts.append(chunk)
    except jinja2.TemplateSyntaxError as exc:  # an included template
        raise TemplateProblem(f"{Path(exc.filename or exc.name or name).name}:{exc.lineno}: 模板語法錯誤：{exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(f"{_where(exc, name)}: 找不到模板 {exc.name}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"{_where(exc, name)}: 模板用到了不存在的字段：{exc.message}") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateProblem(f"{_where(exc, name)}: 模板試圖做不允許的事（{exc}）；模板只能排版，不能執行程序") from None
    except _Limit as exc:
        raise TemplateProblem(f"{_where(exc, name)}: 模板超出限制：{exc}") from None
    except RecursionError as exc:
        raise TemplateProblem(f"{_where(exc, name)}: 模板遞歸太深") from None
    except (MemoryError, OverflowError) as exc:
        raise TemplateProblem(f"{_where(exc, name)}: 模板生成的內容太大") from None
    except Exception as exc:  # any other error raised while a template runs is the template's
        raise TemplateProblem(f"{_where(exc, name)}: 模板執行出錯：{type(exc).__name__}: {exc}") from None
    return "".join(parts)
