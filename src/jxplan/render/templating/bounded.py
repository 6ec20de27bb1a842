"""The sandbox with its bounds: Jinja's sandboxed environment whose operators, methods, filters,
loops and outputs are counted and weighed against ``limits``, on a clock (``MAX_SECONDS``)
read at every step and an alarm for the one long operation between them.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import signal
import sys
import threading
import time
import types
from collections.abc import Callable
from typing import Any

import jinja2
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from markupsafe import Markup

from .jinja_adapter import _Generator
from .limits import (MAX_EMITTED, MAX_INT_BITS, MAX_ITEMS, MAX_MADE, MAX_OUTPUT, MAX_STEPS, _FILTER_CHECKS, _LISTING,
                     _STR_CHECKS, _Limit, _length, _percent_size, _spec_size, _too_long, _too_many, _weight)

MAX_SECONDS = 10.0  # the shipped plan's documents take 0.02-0.06 s; a plan of 27,729 targets 0.5-1.8 s
ALARM_REPEAT = 0.2  # seconds: the alarm fires again until the rendering has stopped


class _Counted:
    """An iterable whose every step is counted against the rendering's budget."""

    __slots__ = ("_env", "_src", "_it")

    def __init__(self, env: _Sandbox, iterable):
        self._env, self._src, self._it = env, iterable, iter(iterable)

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self._it)
        self._env.tick()
        return item

    def __len__(self):
        return len(self._src)  # TypeError for a generator, as Jinja's LoopContext expects


class _BoundedFormat:
    """str.format within the limits: the widths asked for and the values, as they are formatted."""

    def vformat(self, format_string, args, kwargs):
        self._size = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value, format_spec):
        self._size += _weight(value) + _spec_size(format_spec)
        _too_long(self._size, "format() 的結果")
        return super().format_field(value, format_spec)


class _Formatter(_BoundedFormat, SandboxedFormatter):
    pass


class _EscapeFormatter(_BoundedFormat, SandboxedEscapeFormatter):
    pass


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _Generator

    def __init__(self, *args, max_output: int = MAX_OUTPUT, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_output = max_output  # characters of the whole document
        self.deadline: float | None = None  # set when the first template of the document starts
        self.rendering = False
        self.steps = 0
        self.emitted = 0
        self.made = 0  # bytes of the strings and lists made
        self.globals["range"] = self._range
        self.globals["lipsum"] = self._lipsum
        self.filters = {name: self._bounded_filter(name, f) for name, f in self.filters.items()}

    # ---- steps and time

    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise _Limit(f"循環和調用合計超過 {MAX_STEPS:,} 步")
        self.in_time()

    def in_time(self) -> None:
        """The clock, read at every step, call, filter and output: one slow step in sixteen
        (a filter over 20 million characters takes a second or more) let a loop run 17 s."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise _Limit(_TOO_LONG())

    def account(self, result, pieces: bool = False):
        """``result`` counted against what one rendering may make: the memory of the strings
        and lists made (a string of CJK characters takes twice what one of ASCII does, and
        four times with one character beyond the BMP), kept or not; with ``pieces``, also
        of its items, new strings cut from another (a split, a string's characters)."""
        if isinstance(result, (str, bytes, list, tuple)):
            self.made += sys.getsizeof(result)
            if pieces and isinstance(result, (list, tuple)):
                self.made += sum(map(sys.getsizeof, result))
            if self.made > MAX_MADE:
                raise _Limit(f"生成的字符串和列表合計超過 {MAX_MADE // (1024 * 1024):,} MB")
        return result

    def listed(self, iterable) -> list | tuple:
        """The items of a list or tuple as they are; of anything else, counted as they come."""
        return iterable if isinstance(iterable, (list, tuple)) else list(_Counted(self, iterable))

    def jx_iter(self, iterable):
        return _Counted(self, iterable)

    def _range(self, *args):
        return _Counted(self, range(*args))

    def _lipsum(self, n=5, html=True, min=20, max=100):
        from jinja2.utils import generate_lorem_ipsum

        if not all(isinstance(x, int) for x in (n, min, max)) or n * max > 100_000:
            raise _Limit("lipsum() 要的文字太多")
        return generate_lorem_ipsum(n, html, min, max)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        __self.tick()
        if isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (_Counted(__self, args[0]), *args[1:])
        return __self.account(super().call(__context, __obj, *args, **kwargs))

    # ---- sizes

    def jx_pieces(self, pieces: tuple) -> tuple:
        _too_long(sum(_weight(p) for p in pieces), "「~」連接的字符串")
        return pieces

    def jx_weigh(self, value):
        if not isinstance(value, str):
            _too_long(_weight(value), "要輸出的值")
        return value

    def jx_out(self, text):
        self.emitted += len(text)
        if self.emitted > MAX_EMITTED:
            raise _Limit(f"輸出合計超過 {MAX_EMITTED:,} 個字符")
        self.in_time()
        return text

    @contextlib.contextmanager
    def timed(self):
        """A rendering: the clock of the document starts with its first template (every
        part docxtpl renders shares it), and an alarm stops an operation that runs past it
        between two readings of the clock. Within a rendering, nothing more."""
        if self.rendering:
            yield
            return
        if self.deadline is None:
            self.deadline = time.monotonic() + MAX_SECONDS
        self.rendering = True
        alarm = _Alarm(self)
        try:
            alarm.start()
            yield
        finally:
            alarm.stop()

    def concat(self, pieces) -> str:
        """The buffers of blocks, macros and the whole template joined, within the size limit;
        a template rendered whole (``Template.render``, as docxtpl does once for each part of a
        document) comes here as a generator, and its time is counted from then."""
        if not isinstance(pieces, list):
            with self.timed():
                pieces = list(pieces)
        size = sum(map(len, pieces))
        if size > self.max_output:
            raise _Limit(f"輸出會有 {size:,} 個字符，超過上限 {self.max_output:,}")
        return "".join(pieces)

    def call_binop(self, context, operator_, left, right):
        self.in_time()
        return self.account(self._binop(operator_, left, right))

    def _binop(self, operator_, left, right):
        if operator_ == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(n, int) and not isinstance(n, bool):
                    if isinstance(seq, (str, bytes)):
                        _too_long(len(seq) * max(n, 0))
                    elif isinstance(seq, (list, tuple)):
                        _too_many(len(seq) * max(n, 0))
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise _Limit(f"乘積超過 {MAX_INT_BITS:,} 位")
            return operator.mul(left, right)
        if operator_ == "+":
            if isinstance(left, (str, bytes)) and isinstance(right, (str, bytes)):
                _too_long(len(left) + len(right))
            elif isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
                _too_many(len(left) + len(right))
            return operator.add(left, right)
        if operator_ == "%":
            if isinstance(left, (str, bytes)):
                fmt = left.decode("latin-1") if isinstance(left, bytes) else left
                _too_long(_percent_size(fmt, right), "「%」格式化的結果")
            return operator.mod(left, right)
        if isinstance(right, (int, float)) and not isinstance(right, bool):
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0 and (
                    right > MAX_INT_BITS or left.bit_length() * right > MAX_INT_BITS):
                raise _Limit(f"乘方的結果超過 {MAX_INT_BITS:,} 位")
            if abs(right) > MAX_INT_BITS:
                raise _Limit("乘方的指數太大")
        return operator.pow(left, right)

    def wrap_str_format(self, value):
        """Methods that make big strings or lists, bounded where the template reaches them
        (Jinja's own hook for str.format, which it calls on every attribute a template reads)."""
        if not isinstance(value, (types.MethodType, types.BuiltinMethodType)):
            return None
        owner, name = getattr(value, "__self__", None), value.__name__
        if isinstance(owner, str) and name in ("format", "format_map"):
            return self._format(owner, value)
        if isinstance(owner, (str, bytes)) and name == "join":
            def join(iterable):
                items = self.listed(iterable)
                _too_long(sum(_weight(x) for x in items) + len(owner) * max(len(items) - 1, 0))
                return value(items)
            return functools.update_wrapper(join, value)
        if isinstance(owner, list) and name == "extend":
            def extend(iterable):
                items = self.listed(iterable)
                _too_many(len(owner) + len(items))
                return value(items)
            return functools.update_wrapper(extend, value)
        if isinstance(owner, (str, bytes)) and name in ("split", "rsplit"):
            def split(sep=None, maxsplit=-1):
                # at most MAX_ITEMS splits are made: one more part than that means too many
                parts = value(sep, MAX_ITEMS if not isinstance(maxsplit, int) or maxsplit < 0 else min(maxsplit, MAX_ITEMS))
                if len(parts) > MAX_ITEMS and (not isinstance(maxsplit, int) or maxsplit < 0 or maxsplit > MAX_ITEMS):
                    _too_many(len(parts))
                return self.account(parts, pieces=True)
            return functools.update_wrapper(split, value)
        check = _STR_CHECKS.get(name) if isinstance(owner, (str, bytes)) else None
        if check is None:
            return None

        def bounded(*args, **kwargs):
            check(owner, *args, **kwargs)
            return value(*args, **kwargs)

        return functools.update_wrapper(bounded, value)

    def _format(self, owner: str, value):
        formatter = _EscapeFormatter(self, escape=owner.escape) if isinstance(owner, Markup) \
            else _Formatter(self)
        is_format_map = value.__name__ == "format_map"

        def wrapper(*args, **kwargs):
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                args, kwargs = (), args[0]
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(wrapper, value)

    # ---- filters

    def _bounded_filter(self, name: str, f):
        """The filter, with its arguments checked first where it can make something big, its
        text checked after, and any iterator it returns counted step by step."""
        skip = 1 if getattr(f, "jinja_pass_arg", None) is not None else 0
        check = _join_check(self) if name == "join" else _FILTER_CHECKS.get(name)
        env = self

        listing = name in _LISTING

        def done(result, cut: bool = False):
            if isinstance(result, str):
                _too_long(len(result))
            elif isinstance(result, (types.GeneratorType, map, filter)):
                result = _Counted(env, result)
            return env.account(result, pieces=cut)

        @functools.wraps(f)
        def checked(*args, **kwargs):
            env.in_time()
            cut = False
            if len(args) > skip:
                if listing and not (name == "reverse" and isinstance(args[skip], str)):
                    _too_many(_length(args[skip]))  # a list of every character of a string: 20 million objects
                    cut = isinstance(args[skip], str)
                if check is not None:
                    args, kwargs = check(args[:skip], args[skip], args[skip + 1:], kwargs)
            return done(f(*args, **kwargs), cut)

        return checked


class _Alarm:
    """SIGALRM at the document's deadline, and again every ``ALARM_REPEAT`` seconds until the
    rendering stops: it raises the time limit in whatever Python code runs then (a filter's
    own loop), which no reading of the clock between steps can reach. Only in the main thread
    of a system with ``setitimer``, and only when no other alarm is set; otherwise the clock
    readings alone bound the time."""

    def __init__(self, env: _Sandbox):
        self.env = env
        self.old: Callable[[int, types.FrameType | None], Any] | int | None = None  # the handler it replaced

    def start(self) -> None:
        deadline = self.env.deadline  # set by timed() before it starts the alarm
        if deadline is None or not hasattr(signal, "setitimer"):
            return
        if threading.current_thread() is not threading.main_thread():
            return
        if signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0):
            return
        self.old = signal.signal(signal.SIGALRM, self._ring) or signal.SIG_DFL
        signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 0.001), ALARM_REPEAT)

    def _ring(self, signum, frame):
        if self.env.rendering:
            raise _Limit(_TOO_LONG())

    def stop(self) -> None:
        """The rendering is over: no alarm after this returns, even one that rings while it runs."""
        while True:
            try:
                self.env.rendering = False  # first: from here on the alarm raises nothing
                if self.old is not None:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    signal.signal(signal.SIGALRM, self.old)
                    self.old = None
                return
            except _Limit:
                continue


def _TOO_LONG() -> str:  # noqa: N802 - read when said, so that a test may lower MAX_SECONDS
    return f"執行超過 {MAX_SECONDS:.0f} 秒"


def _join_check(env: _Sandbox):
    """|join: the items (counted when they come from an iterator) and the separators weighed."""
    def check(head, value, rest, kwargs):
        value = env.listed(value)
        d = rest[0] if rest else kwargs.get("d", "")
        attribute = rest[1] if len(rest) > 1 else kwargs.get("attribute")
        if attribute is not None:
            from jinja2.filters import make_attrgetter

            value = list(map(make_attrgetter(env, attribute), value))
            rest, kwargs = (d,), {}
        _too_long(sum(_weight(x) for x in value) + _weight(d) * max(len(value) - 1, 0))
        return (*head, value, *rest), kwargs

    return check


def sandbox(max_output: int = MAX_OUTPUT, **options: Any) -> _Sandbox:
    """A bare sandbox with jxplan's limits, for a renderer that brings its own template (docxtpl);
    ``max_output``: characters of a whole rendered part (Word's XML says in 30 characters what
    Markdown says in one)."""
    return _Sandbox(undefined=jinja2.StrictUndefined, max_output=max_output, **options)
