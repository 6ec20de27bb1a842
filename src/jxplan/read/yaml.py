"""YAML files: decode, parse safely, and place any location back at its line and column.

Two ways to one tree. The careful way builds the tree from libyaml's event stream:
no tag can construct an object, anchors and aliases are refused before they can expand,
nesting is bounded without recursion, and repeated keys are caught with the position of
both. The fast way lets libyaml compose the file in C and only converts the nodes, and
it is taken only for files that cannot hold what the careful way refuses: no ``&``,
``*`` or ``!`` anywhere, no directive, no deep nesting. Anything else, and every
syntax error, goes the careful way; a test proves both give the same data and problems.

Scalars follow the YAML 1.2 core schema (``no``/``on`` stay text, ``010`` is ten) and
numbers are exact decimals that remember how they were written, so ``5.10`` is never
``5.1``. Dates stay text for the models to check.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..core.problems import Problem
from ..core.quantity import Num
from . import Data, Document, Loc, Place, blank

LIBYAML: bool = getattr(yaml, "__with_libyaml__", False)  # libyaml when present: the same events, several times faster
_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = yaml.CSafeLoader if LIBYAML else yaml.SafeLoader

SUFFIXES = (".yaml", ".yml")
MAX_DEPTH = 24
MAX_DUPLICATES = 50  # repeated keys reported per file; one is enough to fix the file
STR_TAG = "tag:yaml.org,2002:str"
_STD_TAGS = {"!", STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

# each refusal's words, for both ways of parsing
REFUSALS = {
    "yaml-anchor": "不接受錨點與別名（&{name}、*…）；請把內容直接寫出來",
    "yaml-alias": "不接受別名（*{name}）；請把內容直接寫出來",
    "yaml-tag": "不接受 YAML 標籤 {name}；請刪去它",
    "yaml-depth": "嵌套層次超過 " + str(MAX_DEPTH) + " 層；這不是 jxplan 的文件格式",
    "yaml-complex-key": "鍵必須是簡單的文字，不能是列表或映射",
    "yaml-multi-doc": "一個文件只能有一個 YAML 文檔（多了一個 ---）",
    "yaml-duplicate-key": "鍵 '{name}' 重複（第一次在第{first}行）；每個鍵只能寫一次",
    "yaml-too-many": "還有 {name} 個重複的鍵未列出",
    "empty": "文件是空的",
    "binary": "文件含有 NUL 字符，不是文本文件",
}


def _refusal(path: str, line: int, col: int, code: str, **kw: object) -> Problem:
    return Problem(path, line, col, code, REFUSALS[code].format(**kw))


# ---- decoding ---------------------------------------------------------------------------

def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM) only; name any other encoding instead of guessing."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, 1, "encoding",
                              "文件是 UTF-16 編碼；請另存為 UTF-8（記事本：另存為 → 編碼選 UTF-8）。")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            raw.decode("gb18030")
            what = "看來是 GBK/GB18030 編碼（中文 Windows 的默認）"
        except UnicodeDecodeError:
            what = "不是 UTF-8 編碼"
        return None, [Problem(path, line, col, "encoding",
                              f"文件{what}；jxplan 只讀 UTF-8。請另存為 UTF-8"
                              "（記事本：另存為 → 編碼選 UTF-8；或 iconv -f GB18030 -t UTF-8）。")]
    if "\x00" in text:
        at = text.index("\x00")
        return None, [_refusal(path, text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1, "binary")]
    return text, []


# ---- scalars ----------------------------------------------------------------------------

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_SPECIAL = {
    ".inf": "Infinity", ".Inf": "Infinity", ".INF": "Infinity",
    "+.inf": "Infinity", "+.Inf": "Infinity", "+.INF": "Infinity",
    "-.inf": "-Infinity", "-.Inf": "-Infinity", "-.INF": "-Infinity",
    ".nan": "NaN", ".NaN": "NaN", ".NAN": "NaN",
}
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_MAYBE_SPECIAL = frozenset("0123456789+-.~nNtTfF")
_SMALL_INT = 18  # digits that int() reads in no time; longer ones stay decimals for the bounds check


def resolve_plain(text: str) -> str | int | bool | Num | None:
    """YAML 1.2 core schema for plain scalars."""
    if text and text[0] not in _MAYBE_SPECIAL:
        return text  # most scalars are words: no pattern can match them
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        digits = text.lstrip("+-")
        if (digits.startswith("0") and len(digits) > 1) or len(digits) > _SMALL_INT:
            return Num(text)  # 010 is ten and remembers its zero; huge ones wait for the bounds check
        return int(text)
    if _FLOAT.match(text):
        return Num(text)
    if text in _SPECIAL:
        return Num(text, _SPECIAL[text])
    return text


def _shown(text: str) -> str:
    """A text as a reader sees it: one of only invisible characters (U+2060, U+3164, U+FEFF…:
    ``sources.blank``) is the empty text, so that a note of nothing is no note."""
    return "" if not text.isascii() and blank(text) else text


def _as_key(value: Data) -> str:
    """A mapping key as the tree stores it: numbers as written, null as "", booleans in lower case."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return value.text if isinstance(value, Num) else str(value)


# ---- syntax errors in plain words -------------------------------------------------------

_PROBLEMS = [  # libyaml's words, and what they mean to someone editing a report
    ("mapping values are not allowed", "這裡不能出現「鍵: 值」（冒號後少了空格、縮進不對，或文字中的「: 」需要加引號）"),
    ("could not find expected ':'", "找不到應有的冒號「:」"),
    ("did not find expected key", "找不到應有的鍵（常見：縮進不一致，或引號之後還有文字）"),
    ("did not find expected '-' indicator", "列表的縮進不一致"),
    ("found character that cannot start any token", "有不能出現在這裡的字符（常見：Tab 縮進，或以 @、` 開頭的文字要加引號）"),
    ("did not find expected ',' or ']'", "方括號列表少了「,」或「]」"),
    ("did not find expected ',' or '}'", "大括號映射少了「,」或「}」"),
    ("found unexpected end of stream", "文件意外結束（引號或括號沒有閉合）"),
    ("found unknown escape character", "雙引號文字中有無效的「\\」轉義字符（改用單引號或寫成「\\\\」）"),
    ("expected <block end>", "縮進不一致"),
    ("found undefined tag handle", "不接受 YAML 標籤"),
    ("found a tab character", "縮進中有 Tab"),
    ("block sequence entries are not allowed", "這裡不能出現列表項目「- 」（縮進不對，或上一行冒號後少了空格）"),
    ("expected a comment or a line break", "這一行結尾有多餘的內容（例如引號之後還有文字；整段文字請都放在引號內）"),
    ("expected alphabetic or numeric character", "「&」或「*」之後應是名稱；以 & 或 * 開頭的文字請加引號"),
    ("found undefined alias", "用了沒有定義的「*」引用；以 * 開頭的文字請加引號"),
    ("found unexpected ':'", "冒號「:」的位置不對；文字中的冒號請連同文字加引號"),
    ("expected ' ', but found", "這裡應有空格"),
    ("found unexpected document separator", "文件中間出現了「---」或「...」"),
    ("found incompatible YAML document", "不支持這個 YAML 版本聲明（%YAML）；請刪去以 % 開頭的那一行"),
    ("did not find expected <document start>", "文件開頭有多餘的內容（例如 % 開頭的聲明或 --- 前的文字）"),
    ("found invalid Unicode character escape code", "雙引號文字中有無效的「\\u」轉義（不是有效的字符）；請直接寫出字符"),
    ("found unknown directive name", "不支持以 % 開頭的聲明；請刪去那一行"),
    ("expected a single document", "一個文件只能有一個 YAML 文檔（多了一個 ---）"),
]


def _explain(problem: str | None, context: str | None) -> str:
    """What libyaml's complaint means, in Chinese; its own English words only for a complaint
    not in the table (rare), so that nothing is hidden."""
    for words, meaning in _PROBLEMS:
        if problem and words in problem:
            return meaning
    original = "；".join(x for x in (context, problem) if x)
    return f"格式不對（{original}）" if original else "無法解析"


_ITEM = re.compile(r"\s+-\s")
_EMPTY_LIST = re.compile(r"[A-Za-z_]\w*\s*:\s*\[\s*\]\s*(#.*)?$")


def _hints(text: str, line: int) -> str:
    """Hints for slips a Chinese keyboard makes, and for a list opened as [] then filled."""
    lines = text.splitlines()
    found = []
    for n in range(max(0, line - 3), min(len(lines), line + 1)):
        s = lines[n]
        if "\u3000" in s[: len(s) - len(s.lstrip())] or s.startswith("\u3000"):
            found.append(f"第{n + 1}行用全角空格（U+3000）縮進；請改用半角空格")
        if re.match(r"\s*-?\s*[A-Za-z_][\w.]*\s*：", s):
            found.append(f"第{n + 1}行的鍵後是全角冒號「：」；請改用半角冒號加空格「: 」")
        if "\t" in s[: len(s) - len(s.lstrip())]:
            found.append(f"第{n + 1}行用 Tab 縮進；YAML 只接受空格")
        quoted = re.match(r"""\s*(?:-\s+)?[^\s:#'"][^:#]*:\s+("[^"]*"|'[^']*')[ \t]*([^\s#].*)$""", s)
        if quoted:
            found.append(f"第{n + 1}行引號之後還有文字「{quoted.group(2).strip()}」；整段文字請都放在引號內")
        tight = re.match(r"\s*(?:-\s+)?([A-Za-z_]\w*):(?![\s/])(\S.*)$", s)
        if tight:
            key, rest = tight.group(1), tight.group(2).split(" #")[0].strip()
            found.append(f"第{n + 1}行「{key}:{rest}」的冒號後少了空格；請寫成「{key}: {rest}」")
    last_item = max((n for n in range(min(len(lines), line + 1)) if _ITEM.match(lines[n])), default=-1)
    for n in range(min(len(lines), line, last_item) - 1, -1, -1):  # the nearest above the items; linear
        if _EMPTY_LIST.match(lines[n]):
            key = lines[n].split(":")[0].strip()
            found.append(f"第{n + 1}行寫著「{key}: []」（空列表），下面卻有列表項目；請把「[]」刪去，只留「{key}:」")
            break
    return ("（提示：" + "；".join(dict.fromkeys(found)) + "）") if found else ""


def _syntax_problem(exc: yaml.YAMLError, text: str, path: str) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if exc.problem and "maximum nesting depth" in exc.problem:
            return _refusal(path, line, col, "yaml-depth")
        return Problem(path, line, col, "yaml-syntax",
                       f"YAML 語法錯誤：{_explain(exc.problem, exc.context)}{_hints(text, line)}")
    at = getattr(exc, "position", 0) or 0  # reader errors: control characters and the like
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    char = getattr(exc, "character", None)
    if isinstance(char, str) and len(char) == 1:
        char = ord(char)
    if isinstance(char, int):
        return Problem(path, line, col, "yaml-syntax",
                       f"含有不允許的看不見的字符（U+{char:04X}）；它可能是從別處複製時帶進來的，請刪去它")
    return Problem(path, line, col, "yaml-syntax", "YAML 無法讀取：" + " ".join(str(exc).split()))


# ---- the careful way: events -----------------------------------------------------------

class _Sentinel:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NOKEY = _Sentinel("NOKEY")
_DUP = _Sentinel("DUP")
_BRACKET = re.compile(r"[\[\]{}]")


def _flow_cut(text: str) -> int | None:
    """Where flow brackets first nest deeper than allowed (counted without regard to
    quotes), or None. libyaml looks far ahead inside brackets and may stop at a nesting
    limit of its own before jxplan sees the 25th level; parsing only up to this point
    lets the careful way refuse at the same place with every libyaml version."""
    if "[" not in text and "{" not in text:
        return None
    depth = 0
    for m in _BRACKET.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return m.end()
        elif depth:
            depth -= 1
    return None


def parse_careful(text: str, path: str) -> tuple[Data, dict, dict, list[Problem]]:
    """(data or None, value marks, key marks, problems), from the event stream."""
    cut = _flow_cut(text)
    if cut is not None:
        data, marks, key_marks, problems = _events(text[:cut], path)
        if any(p.code == "yaml-depth" for p in problems):
            return None, marks, key_marks, problems
    return _events(text, path)


def _events(text: str, path: str) -> tuple[Any, dict, dict, list[Problem]]:
    """The tree of ``text`` built event by event (``_Tree``), stopping at the first refusal."""
    tree = _Tree(path)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if not tree.take(event):
                break
    except yaml.YAMLError as exc:
        tree.problems.append(_syntax_problem(exc, text, path))
    return tree.result()


def _pos(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _Tree:
    """A document's tree as libyaml's events build it, with the line and column of each value
    (``marks``) and of each key (``key_marks``), and what was refused on the way.

    ``stack`` holds the collections still open, each as [container, its path, the pending key
    (``_NOKEY`` while a mapping waits for one, ``_DUP`` for the value of a repeated key), the
    keys seen with their positions, its start mark]."""

    def __init__(self, path: str):
        self.path = path
        self.marks: dict = {}
        self.key_marks: dict = {}
        self.problems: list[Problem] = []
        self.stack: list[list] = []
        self.root: Any = None
        self.docs = 0
        self.dups = 0

    def refuse(self, mark: Any, code: str, **kw: object) -> bool:
        """Say a refusal at ``mark``; False, since the document stops there."""
        line, col = _pos(mark)
        self.problems.append(_refusal(self.path, line, col, code, **kw))
        return False

    def take(self, event: Any) -> bool:
        """One event into the tree; False when the document must stop."""
        kind = type(event)
        if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None:
                return self.refuse(event.start_mark, "yaml-anchor", name=event.anchor)
            if event.tag is not None and event.tag not in _STD_TAGS:
                return self.refuse(event.start_mark, "yaml-tag", name=event.tag)
            return self.scalar(event) if kind is yaml.ScalarEvent else self.open(event)
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            top = self.stack.pop()
            return self.place(top[0], top[4])
        if kind is yaml.AliasEvent:
            return self.refuse(event.start_mark, "yaml-alias", name=event.anchor)
        if kind is yaml.DocumentStartEvent:
            self.docs += 1
            if self.docs > 1:
                return self.refuse(event.start_mark, "yaml-multi-doc")
        return True

    def awaits_key(self) -> bool:
        """Whether the next node is a mapping's key."""
        return bool(self.stack) and not isinstance(self.stack[-1][0], list) and self.stack[-1][2] is _NOKEY

    def scalar(self, event: Any) -> bool:
        value = resolve_plain(event.value) if event.implicit[0] and event.tag is None else event.value
        if type(value) is str:
            stack = self.stack
            if not (stack and not isinstance(stack[-1][0], list) and stack[-1][2] is _NOKEY):  # a value, not a key
                value = _shown(value)
        return self.place(value, event.start_mark)

    def open(self, event: Any) -> bool:
        """A mapping or a list begins: within the depth allowed, never as a key."""
        if len(self.stack) >= MAX_DEPTH:
            return self.refuse(event.start_mark, "yaml-depth")
        if self.awaits_key():
            return self.refuse(event.start_mark, "yaml-complex-key")
        if not self.stack:
            here: tuple = ()
        elif isinstance(self.stack[-1][0], list):
            here = self.stack[-1][1] + (len(self.stack[-1][0]),)
        else:
            here = self.stack[-1][1] + (self.stack[-1][2],)
        container: dict | list = {} if type(event) is yaml.MappingStartEvent else []
        self.stack.append([container, here, _NOKEY, {}, event.start_mark])
        return True

    def place(self, value: Any, mark: Any) -> bool:
        """Put a finished value into its parent (or make it the root); False when the document must stop."""
        if not self.stack:
            self.root = value
            self.marks[()] = _pos(mark)
            return True
        top = self.stack[-1]
        container, here = top[0], top[1]
        if isinstance(container, list):
            self.marks[here + (len(container),)] = _pos(mark)
            container.append(value)
            return True
        if top[2] is _NOKEY:
            return self.key(top, value, mark)
        key, top[2] = top[2], _NOKEY
        if key is not _DUP:
            container[key] = value
            self.marks[here + (key,)] = _pos(mark)
        return True

    def key(self, top: list, value: Any, mark: Any) -> bool:
        """A mapping's key: a scalar, said when it repeats one (its value is then dropped)."""
        if isinstance(value, (dict, list)):
            return self.refuse(mark, "yaml-complex-key")
        key = _as_key(value)
        if key in top[3]:
            self.dups += 1
            if self.dups <= MAX_DUPLICATES:
                self.refuse(mark, "yaml-duplicate-key", name=key, first=top[3][key][0])
            top[2] = _DUP
        else:
            top[3][key] = _pos(mark)
            top[2] = key
            self.key_marks[top[1] + (key,)] = _pos(mark)
        return True

    def result(self) -> tuple[Any, dict, dict, list[Problem]]:
        """(data or None, value marks, key marks, problems): no data after any refusal but
        repeated keys, nor for a document of nothing."""
        problems = self.problems
        if self.dups > MAX_DUPLICATES:
            problems.append(_refusal(self.path, problems[-1].line, problems[-1].col, "yaml-too-many",
                                     name=self.dups - MAX_DUPLICATES))
        if any(p.code not in ("yaml-duplicate-key", "yaml-too-many") for p in problems):
            return None, self.marks, self.key_marks, problems
        if self.root is None:
            return None, self.marks, self.key_marks, problems + [_refusal(self.path, 1, 1, "empty")]
        return self.root, self.marks, self.key_marks, problems


# ---- the fast way: libyaml composes, Python only converts --------------------------------

_COMPACT = re.compile(r"(?:[-?][ \t]+){6}")  # "- - - - - -": six levels on one line
_DEEP_INDENT = " " * 100


def fast_way_allowed(text: str) -> bool:
    """True when the text cannot hold anything the careful way would refuse before the
    tree is built: no anchor, alias, tag or directive character, and no nesting deep
    enough for libyaml's own recursion or limits. Substring tests first: they cost
    next to nothing."""
    if "&" in text or "*" in text or "!" in text or text.startswith("%") or "\n%" in text:
        return False
    if _DEEP_INDENT in text or _COMPACT.search(text):
        return False
    return _flow_cut(text) is None


if LIBYAML:
    class _Composer(yaml.CBaseLoader):
        """libyaml's composer with tag resolution left to us (YAML 1.2 core, see resolve_plain)."""

        yaml_implicit_resolvers: dict = {}

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            return ""

        def descend_resolver(self, current_node: yaml.Node | None, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass


class _Refused(Exception):
    def __init__(self, node: yaml.Node, code: str, **kw: object):
        self.node, self.code, self.kw = node, code, kw


_ScalarNode, _SequenceNode = yaml.ScalarNode, yaml.SequenceNode


def _key_text(node: yaml.ScalarNode) -> str:
    """A scalar key node as the tree stores it."""
    return _as_key(resolve_plain(node.value)) if node.tag == "" and not node.style else node.value


class _Converter:
    """Nodes to plain data, refusing what the careful way refuses, in the same words."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.dups = 0

    def convert(self, node: yaml.Node, depth: int) -> Data:
        tag = node.tag
        if tag and tag not in _STD_TAGS:
            raise _Refused(node, "yaml-tag", name=tag)
        if type(node) is _ScalarNode:
            text = node.value
            if not tag and not node.style and (not text or text[0] in _MAYBE_SPECIAL):
                return resolve_plain(text)
            return text if text.isascii() else _shown(text)
        if id(node) in self.seen:  # an alias: one node reached twice
            raise _Refused(node, "yaml-alias", name="")
        self.seen.add(id(node))
        if depth >= MAX_DEPTH:
            raise _Refused(node, "yaml-depth")
        depth += 1
        if type(node) is _SequenceNode:
            return [self.convert(v, depth) for v in node.value]
        out = {}
        firsts: dict[str | None, yaml.Node] | None = None
        for k, v in node.value:
            if type(k) is not _ScalarNode:
                raise _Refused(k, "yaml-complex-key")
            key = k.value
            if k.style or not key or key[0] in _MAYBE_SPECIAL or k.tag:
                key = _key_text(k)
            if key in out:
                if firsts is None:  # built once per mapping, only when a key repeats
                    firsts = {}
                    for kk, _ in node.value:
                        firsts.setdefault(_key_text(kk) if type(kk) is _ScalarNode else None, kk)
                self.dups += 1
                if self.dups <= MAX_DUPLICATES:
                    m = k.start_mark
                    self.problems.append(_refusal(self.path, m.line + 1, m.column + 1, "yaml-duplicate-key",
                                                  name=key, first=firsts[key].start_mark.line + 1))
                self.convert(v, depth)  # refused inside as the careful way refuses it, then dropped
                continue
            out[key] = self.convert(v, depth)
        return out


def parse_fast(text: str, path: str) -> tuple[Data, list[Problem]] | None:
    """(data or None, problems) by the fast way, or None when the text must go the careful way."""
    if not LIBYAML or not fast_way_allowed(text):
        return None
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
    except yaml.YAMLError:
        return None  # several documents, or a syntax error: the careful way words it, with hints
    finally:
        composer.dispose()
    if root is None:
        return None, [_refusal(path, 1, 1, "empty")]
    conv = _Converter(path)
    try:
        data = conv.convert(root, 0)
    except _Refused as exc:
        m = exc.node.start_mark
        return None, [_refusal(path, m.line + 1, m.column + 1, exc.code, **exc.kw)]
    if conv.dups > MAX_DUPLICATES:
        last = conv.problems[-1]
        conv.problems.append(_refusal(path, last.line, last.col, "yaml-too-many", name=conv.dups - MAX_DUPLICATES))
    return data, conv.problems


# ---- the source interface ----------------------------------------------------------------

class _Marks:
    """Places of a YAML document, built from the careful way on the first question.

    Clean files, the common case, so never pay for positions."""

    __slots__ = ("raw", "path", "marks", "key_marks")

    def __init__(self, raw: bytes, path: str, marks: dict | None = None, key_marks: dict | None = None):
        self.raw, self.path, self.marks, self.key_marks = raw, path, marks, key_marks

    def __call__(self, loc: Loc, key: bool) -> Place:
        if self.marks is None or self.key_marks is None:
            text, _ = decode(self.raw, self.path)
            _, self.marks, self.key_marks, _ = parse_careful(text or "", self.path)
            self.raw = b""
        return self.at(loc, key, self.marks, self.key_marks)

    @staticmethod
    def at(loc: Loc, key: bool, marks: dict, key_marks: dict) -> Place:
        """The place of ``loc`` (of its key with ``key``), or of its nearest ancestor."""
        if key and loc in key_marks:
            return Place(*key_marks[loc])
        while loc:
            if loc in marks:
                return Place(*marks[loc])
            loc = loc[:-1]
        return Place(*marks.get((), (1, 1)))


def parse(raw: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """Decode and parse one file; the fast way when it may, else the careful one."""
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    fast = parse_fast(text, path)
    if fast is not None:
        data, problems = fast
        return (None if data is None else Document(path, data, _Marks(raw, path))), _said(data, problems, path)
    data, marks, key_marks, problems = parse_careful(text, path)
    doc = None if data is None else Document(path, data, _Marks(b"", path, marks, key_marks))
    return doc, _said(data, problems, path)


def _said(data: Data, problems: list[Problem], path: str) -> list[Problem]:
    """A file that holds nothing (``---``, ``~``, ``null``) is refused as empty, never
    dropped without a word: it would count its unit as not having reported."""
    if data is None and not problems:
        return [_refusal(path, 1, 1, "empty")]
    return problems


def reopen(raw: bytes, path: str, data: Data) -> Document:
    return Document(path, data, _Marks(raw, path))
