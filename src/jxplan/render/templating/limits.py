"""What a template may make, and how big a result will be before it is made: the bounds of the
sandbox (characters, items, steps, bits, bytes made), the sizes of a string operation's
result worked out from its arguments, and the checks run before a method or a filter.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from jinja2.utils import Namespace



MAX_OUTPUT = 20_000_000  # characters of one string, and of the document: a bulletin is a few hundred thousand
MAX_EMITTED = 5 * MAX_OUTPUT  # characters output in all, blocks captured with {% set %} and macros included
MAX_ITEMS = 1_000_000  # items of one list made in a template
MAX_STEPS = 1_000_000  # loop iterations and calls in one rendering (a 27,729-target plan needs 190,000)
MAX_INT_BITS = 16_384  # a whole number of at most 4,932 digits (Python prints at most 4,300)
MAX_MADE = 256 * 1024 * 1024  # bytes of the strings and lists made in one rendering, kept or not


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
        elif isinstance(x, (list, tuple, set, frozenset)) or isinstance(x, _VIEWS):
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


_VIEWS: tuple[type[Collection[object]], ...] = (type({}.keys()), type({}.values()), type({}.items()))


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
# filters that make a list of every item of their value at once (the rest return iterators,
# whose every item is a step)
_LISTING = frozenset({"list", "sort", "groupby", "reverse", "dictsort"})


def _length(value) -> int:
    try:
        return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) else 0
    except TypeError:
        return 0


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
