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
(Jinja's own messages put into Chinese by ``template_errors``).
"""

from __future__ import annotations

import contextlib
import functools
import operator
import os
import re
import signal
import sys
import threading
import time
import types
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.runtime import LoopContext
from jinja2.utils import Namespace
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from markupsafe import Markup

from ..core.resources import packaged

MAX_OUTPUT = 20_000_000  # characters of one string, and of the document: a bulletin is a few hundred thousand
MAX_EMITTED = 5 * MAX_OUTPUT  # characters output in all, blocks captured with {% set %} and macros included
MAX_ITEMS = 1_000_000  # items of one list made in a template
MAX_STEPS = 1_000_000  # loop iterations and calls in one rendering (a 27,729-target plan needs 190,000)
MAX_INT_BITS = 16_384  # a whole number of at most 4,932 digits (Python prints at most 4,300)
MAX_SECONDS = 10.0  # the shipped plan's documents take 0.02-0.06 s; a plan of 27,729 targets 0.5-1.8 s
MAX_MADE = 256 * 1024 * 1024  # bytes of the strings and lists made in one rendering, kept or not
ALARM_REPEAT = 0.2  # seconds: the alarm fires again until the rendering has stopped


class TemplateProblem(Exception):
    """A template that is missing, broken, or asks for more than a document needs."""


class _Limit(Exception):
    pass


LimitError = _Limit


def _weight(obj, budget: int = MAX_OUTPUT) -> int:
    """About how many characters ``str(obj)`` has, counted without making it; stops past ``budget``."""
    if isinstance(obj, str):
        return len(obj)
    total, stack = 0, [obj]
    while stack and total <= budget:
        x = stack.pop()
        if isinstance(x, (str, bytes)):
            total += len(x) + 3
        elif isinstance(x, (list, tuple, set, frozenset, *_VIEWS)):
            total += 12 + 2 * len(x)
            stack.extend(x)
        elif isinstance(x, (dict, Namespace)):
            d = x if isinstance(x, dict) else x._Namespace__attrs  # a namespace() prints what it holds
            total += 12 + 4 * len(d)
            stack.extend(d.keys())
            stack.extend(d.values())
        elif isinstance(x, int):
            total += x.bit_length() // 3 + 2
        else:
            total += 24  # anything else a template can reach (a float, None, a date, a loop) prints short
    return total


_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))


def _too_long(size: int, what: str = "字符串") -> None:
    if size > MAX_OUTPUT:
        raise _Limit(f"{what}會有 {size:,} 個字符，超過上限 {MAX_OUTPUT:,}")


def _too_many(size: int) -> None:
    if size > MAX_ITEMS:
        raise _Limit(f"列表會有 {size:,} 項，超過上限 {MAX_ITEMS:,}")


_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?.", re.S)


def _number(digits: str) -> int:
    return int(digits) if len(digits) < 12 else MAX_OUTPUT + 1  # a width with 12 digits is too wide anyway


def _percent_size(fmt, args) -> int:
    """A bound on the length of ``fmt % args``: the widths and precisions asked for, and the values."""
    values = args if isinstance(args, tuple) else (args,)
    stars = sum(abs(v) for v in values if isinstance(v, int) and not isinstance(v, bool))
    size = len(fmt) + _weight(args)
    for m in _PERCENT.finditer(fmt):
        for part in m.groups():
            if part == "*":
                size += stars
            elif part:
                size += _number(part)
    return size


def _replace_size(s, old, new, count=-1) -> int:
    n = len(s) + 1 if not old else s.count(old)
    if count is not None and count >= 0:
        n = min(n, count)
    return len(s) + n * (len(new) - len(old))


def _spec_size(spec: str) -> int:
    """A bound on the width a format spec asks for (every number in it, to be safe)."""
    return sum(_number(d) for d in re.findall(r"\d+", spec))


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


_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines cuts


def _str_checks():
    def width(s, width, *_):
        if isinstance(width, int):
            _too_long(max(len(s), width))

    def replace(s, old, new, count=-1):
        if isinstance(old, (str, bytes)) and isinstance(new, (str, bytes)) and isinstance(count, int):
            _too_long(_replace_size(s, old, new, count))

    def expandtabs(s, tabsize=8):
        if isinstance(tabsize, int):
            _too_long(len(s) + s.count("\t" if isinstance(s, str) else b"\t") * max(tabsize, 0))

    def translate(s, table):
        if isinstance(table, dict):
            longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1)
            _too_long(len(s) * max(longest, 1))

    def splitlines(s, keepends=False):
        if len(s) > MAX_ITEMS:  # a line for each line break, at most
            _too_many(sum(s.count(b) for b in (_LINE_BREAKS if isinstance(s, str) else (b"\n", b"\r"))) + 1)

    return {"center": width, "ljust": width, "rjust": width, "zfill": width, "replace": replace,
            "expandtabs": expandtabs, "translate": translate, "splitlines": splitlines}


_STR_CHECKS = _str_checks()


class _Generator(CodeGenerator):
    """Jinja's compiler with three hooks: loops count their steps, ``~`` weighs its pieces
    before joining them (and counts what it made), and every value output is weighed before
    ``str()`` and counted after."""

    def visit_Template(self, node, frame=None):
        for loop in node.find_all(nodes.For):
            call = nodes.Call(nodes.EnvironmentAttribute("jx_iter"), [loop.iter], [], None, None,
                              lineno=loop.iter.lineno)
            loop.iter = call.set_environment(self.environment)
        super().visit_Template(node, frame)

    def visit_Concat(self, node, frame):
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.account({func_name}(environment.jx_pieces((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))))")

    def _output_child_pre(self, node, frame, finalize):
        self.write("environment.jx_out(")
        super()._output_child_pre(node, frame, finalize)
        self.write("environment.jx_weigh(")

    def _output_child_post(self, node, frame, finalize):
        self.write(")")
        super()._output_child_post(node, frame, finalize)
        self.write(")")


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _Generator

    def __init__(self, *args, max_output: int = MAX_OUTPUT, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_output = max_output  # characters of the whole document
        self.deadline = None  # set when the first template of the document starts
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


# filters that make a list of every item of their value at once (the rest return iterators,
# whose every item is a step)
_LISTING = frozenset({"list", "sort", "groupby", "reverse", "dictsort"})


def _length(value) -> int:
    try:
        return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) else 0
    except TypeError:
        return 0


class _Alarm:
    """SIGALRM at the document's deadline, and again every ``ALARM_REPEAT`` seconds until the
    rendering stops: it raises the time limit in whatever Python code runs then (a filter's
    own loop), which no reading of the clock between steps can reach. Only in the main thread
    of a system with ``setitimer``, and only when no other alarm is set; otherwise the clock
    readings alone bound the time."""

    def __init__(self, env: _Sandbox):
        self.env, self.old = env, None

    def start(self) -> None:
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return
        if signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0):
            return
        self.old = signal.signal(signal.SIGALRM, self._ring) or signal.SIG_DFL
        signal.setitimer(signal.ITIMER_REAL, max(self.env.deadline - time.monotonic(), 0.001), ALARM_REPEAT)

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


def _filter_checks():
    def center(value, width=80):
        if isinstance(width, int):
            _too_long(_weight(value) + width)

    def indent(s, width=4, first=False, blank=False):
        w = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        text = str(s) if isinstance(s, str) else ""
        _too_long(_weight(s) + (text.count("\n") + 1) * w)
        if len(text) > MAX_ITEMS:  # it works on a list of the lines
            _too_many(sum(text.count(b) for b in _LINE_BREAKS) + 1)

    def replace(s, old, new, count=None):
        if isinstance(s, str):
            _too_long(_replace_size(s, str(old), str(new), -1 if count is None else count))

    def fmt(value, *args, **kwargs):
        if isinstance(value, str):
            _too_long(_percent_size(value, kwargs or args), "format 的結果")

    def wordwrap(s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
        words(s)
        if isinstance(s, str) and isinstance(width, int):
            breaks = len(s) // max(width, 1) + s.count("\n") + 1
            _too_long(len(s) + breaks * len(wrapstring or "\n"))

    def batch(value, linecount, fill_with=None):
        if fill_with is not None and isinstance(linecount, int):
            _too_many(linecount)

    def weigh(value, *args, **kwargs):
        _too_long(_weight(value))

    def sum_(value, attribute=None, start=0):
        if not isinstance(start, (int, float)):  # lists added one to the next: quadratic, in C, past any clock
            raise _Limit("sum 過濾器只用於數字相加；連接列表或文字請用 join 或循環")

    def words(value, *args, **kwargs):
        """A filter that works on a list of the words or characters of its text (title,
        wordwrap, urlize, striptags, wordcount, urlencode): 20 million characters would be
        a list of millions, a gigabyte and seconds of work for one filter."""
        _too_long(_weight(value))
        if isinstance(value, str) and len(value) > MAX_ITEMS:
            raise _Limit(f"過濾器一次要處理 {len(value):,} 個字符，超過上限 {MAX_ITEMS:,}")

    def adapted(check):
        def run(head, value, rest, kwargs):
            check(value, *rest, **kwargs)
            return (*head, value, *rest), kwargs
        return run

    checks = {"center": center, "indent": indent, "replace": replace, "format": fmt, "wordwrap": wordwrap,
              "batch": batch, "string": weigh, "pprint": weigh, "tojson": weigh, "urlize": words, "e": weigh,
              "escape": weigh, "forceescape": weigh, "title": words, "striptags": words, "wordcount": words,
              "urlencode": words, "sum": sum_}
    return {name: adapted(check) for name, check in checks.items()}


_FILTER_CHECKS = _filter_checks()


def sandbox(max_output: int = MAX_OUTPUT, **options) -> SandboxedEnvironment:
    """A bare sandbox with jxplan's limits, for a renderer that brings its own template (docxtpl);
    ``max_output``: characters of a whole rendered part (Word's XML says in 30 characters what
    Markdown says in one)."""
    return _Sandbox(undefined=jinja2.StrictUndefined, max_output=max_output, **options)


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


def environment(template_dir: Path | None, fmt: str, filters: dict | None = None) -> SandboxedEnvironment:
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
    from . import template_errors  # its patterns compiled only when a template has failed

    return template_errors.explain(exc)


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


def render(env: SandboxedEnvironment, name: str, context: dict) -> str:
    """Render ``name`` with ``context``; a TemplateProblem for anything that goes wrong. The
    clock runs from the compilation on: Jinja calls filters on constants as it compiles."""
    with env.timed():
        return _generated(env, _compiled(env, name), name, context)


def _compiled(env: SandboxedEnvironment, name: str):
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


def _generated(env: SandboxedEnvironment, template, name: str, context: dict) -> str:
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
    except Exception as exc:  # any other error raised while a template runs is the template's
        raise TemplateProblem(f"{_where(exc, name)}: {explain(exc)}") from None
    return "".join(parts)
