"""Safe YAML loading that keeps every node's position.

The tree is built from libyaml's event stream, so no tag can construct an object,
anchors and aliases are refused before they can expand, nesting is bounded without
recursion, and repeated keys are caught. Scalars follow the YAML 1.2 core schema
(``no``/``on`` stay text, ``010`` is ten) and numbers are exact decimals that remember
how they were written, so ``5.10`` is never ``5.1``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import yaml

from .problems import Problem

try:  # libyaml when present: the same events, several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 24
STR_TAG = "tag:yaml.org,2002:str"

Path_ = tuple  # a path into the tree: mapping keys and list indexes


class YNum(Decimal):
    """A number read from YAML: an exact decimal that keeps its written text."""

    text: str

    def __new__(cls, text: str, value: str | None = None):
        self = super().__new__(cls, value if value is not None else text)
        self.text = text
        return self


@dataclass
class Document:
    """A parsed file: plain data plus the position of every value and key."""

    path: str
    data: object
    marks: dict  # path tuple -> (line, col) of the value
    key_marks: dict  # path tuple -> (line, col) of the key that leads to it

    def pos(self, loc: Path_) -> tuple[int, int]:
        """The position of ``loc``, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.marks:
                return self.marks[loc]
            loc = loc[:-1]
        return self.marks.get((), (1, 1))

    def key_pos(self, loc: Path_) -> tuple[int, int]:
        return self.key_marks.get(tuple(loc)) or self.pos(loc)

    def problem(self, loc: Path_, code: str, message: str, severity: str = "error", key: bool = False) -> Problem:
        line, col = self.key_pos(loc) if key else self.pos(loc)
        return Problem(self.path, line, col, code, message, severity)


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


def resolve_plain(text: str):
    """YAML 1.2 core schema for plain scalars; dates stay text for the models to check."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        digits = text.lstrip("+-")
        if digits.startswith("0") and len(digits) > 1:  # 010 is ten, and remembers its zero
            return YNum(text)
        return int(text)
    if _FLOAT.match(text):
        return YNum(text)
    if text in _SPECIAL:
        return YNum(text, _SPECIAL[text])
    return text


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM) only; name any other encoding instead of guessing."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, 1, "encoding",
                              "檔案是 UTF-16 編碼；請另存為 UTF-8（記事本：另存新檔 → 編碼選 UTF-8）。")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            raw.decode("gb18030")
            what = "看來是 GBK/GB18030 編碼（中文 Windows 的預設）"
        except UnicodeDecodeError:
            what = "不是 UTF-8 編碼"
        return None, [Problem(path, line, col, "encoding",
                              f"檔案{what}；jxplan 只讀 UTF-8。請另存為 UTF-8"
                              "（記事本：另存新檔 → 編碼選 UTF-8；或 iconv -f GB18030 -t UTF-8）。")]


def _hints(text: str, line: int) -> str:
    """Hints for slips a Chinese keyboard makes, on the line of a syntax error or near it."""
    lines = text.splitlines()
    found = []
    for n in range(max(0, line - 3), min(len(lines), line + 1)):
        s = lines[n]
        if "\u3000" in s[: len(s) - len(s.lstrip())] or s.startswith("\u3000"):
            found.append(f"第{n + 1}行用全形空格（U+3000）縮排；請改用半形空格")
        if re.match(r"\s*-?\s*[A-Za-z_][\w.]*\s*：", s):
            found.append(f"第{n + 1}行的鍵後是全形冒號「：」；請改用半形冒號加空格「: 」")
        if "\t" in s[: len(s) - len(s.lstrip())]:
            found.append(f"第{n + 1}行用 Tab 縮排；YAML 只接受空格")
    return ("（提示：" + "；".join(dict.fromkeys(found)) + "）") if found else ""


def parse(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Build the tree from events; refuse tags, anchors, aliases, deep nesting, repeated keys."""
    marks: dict = {}
    key_marks: dict = {}
    problems: list[Problem] = []
    # stack of [container, path, pending_key, key_mark, seen_keys]
    stack: list[list] = []
    root = None
    docs = 0

    def pos(mark) -> tuple[int, int]:
        return mark.line + 1, mark.column + 1

    def refuse(mark, code: str, message: str):
        line, col = pos(mark)
        problems.append(Problem(path, line, col, code, message))

    def place(value, mark) -> bool:
        """Put a finished value into its parent; False when the document must stop."""
        nonlocal root
        if not stack:
            root = value
            marks[()] = pos(mark)
            return True
        top = stack[-1]
        container, here = top[0], top[1]
        if isinstance(container, list):
            loc = here + (len(container),)
            container.append(value)
            marks[loc] = pos(mark)
            return True
        if top[2] is _NOKEY:  # this value is a key
            if isinstance(value, (dict, list)):
                refuse(mark, "yaml-complex-key", "鍵必須是簡單的文字，不能是清單或對應表")
                return False
            key = value.text if isinstance(value, YNum) else value
            if key is None or isinstance(key, bool):
                key = "" if key is None else str(key).lower()
            if not isinstance(key, str):
                key = str(key)
            if key in top[4]:
                line, col = pos(mark)
                problems.append(Problem(path, line, col, "yaml-duplicate-key",
                                        f"鍵 '{key}' 重複（第一次在第{top[4][key][0]}行）；每個鍵只能寫一次"))
                top[2] = _DUP
            else:
                top[4][key] = pos(mark)
                top[2] = key
                key_marks[here + (key,)] = pos(mark)
            return True
        key = top[2]
        top[2] = _NOKEY
        if key is _DUP:
            return True
        container[key] = value
        marks[here + (key,)] = pos(mark)
        return True

    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None:
                    refuse(event.start_mark, "yaml-anchor",
                           f"不接受錨點與別名（&{event.anchor}、*…）；請把內容直接寫出來")
                    break
                tag = event.tag
                if tag is not None and tag != "!" and tag != STR_TAG:
                    refuse(event.start_mark, "yaml-tag", f"不接受 YAML 標籤 {tag}；請刪去它")
                    break
                if kind is yaml.ScalarEvent:
                    if event.implicit[0] and tag is None:
                        value = resolve_plain(event.value)
                    else:
                        value = event.value
                    if not place(value, event.start_mark):
                        break
                    continue
                if len(stack) >= MAX_DEPTH:
                    refuse(event.start_mark, "yaml-depth", f"巢狀層次超過 {MAX_DEPTH} 層；這不是 jxplan 的檔案格式")
                    break
                parent_path = stack[-1][1] if stack else ()
                if stack and isinstance(stack[-1][0], list):
                    here = parent_path + (len(stack[-1][0]),)
                elif stack:
                    here = parent_path + (stack[-1][2],)
                else:
                    here = ()
                if stack and not isinstance(stack[-1][0], list) and stack[-1][2] is _NOKEY:
                    refuse(event.start_mark, "yaml-complex-key", "鍵必須是簡單的文字，不能是清單或對應表")
                    break
                container = {} if kind is yaml.MappingStartEvent else []
                stack.append([container, here, _NOKEY, None, {}, event.start_mark])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                top = stack.pop()
                if not place(top[0], top[5]):
                    break
            elif kind is yaml.AliasEvent:
                refuse(event.start_mark, "yaml-alias", f"不接受別名（*{event.anchor}）；請把內容直接寫出來")
                break
            elif kind is yaml.DocumentStartEvent:
                docs += 1
                if docs > 1:
                    refuse(event.start_mark, "yaml-multi-doc", "一個檔案只能有一份文件（多了一個 ---）")
                    break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "語法錯誤"
        ctx = f"（{exc.context}）" if exc.context else ""
        problems.append(Problem(path, line, col, "yaml-syntax",
                                f"YAML 語法錯誤：{what}{ctx}{_hints(text, line)}"))
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        at = getattr(exc, "position", 0) or 0
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        problems.append(Problem(path, line, col, "yaml-syntax", f"YAML 無法讀取：{exc}"))
    if problems and any(p.code != "yaml-duplicate-key" for p in problems):
        return None, problems
    if root is None:
        problems.append(Problem(path, 1, 1, "empty", "檔案是空的"))
        return None, problems
    return Document(path, root, marks, key_marks), problems


class _Sentinel:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NOKEY = _Sentinel("NOKEY")
_DUP = _Sentinel("DUP")


def load_file(path, max_bytes: int) -> tuple[Document | None, list[Problem]]:
    """Read, size-check, decode and parse one file."""
    from pathlib import Path

    p = Path(path)
    shown = str(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            return None, [Problem(shown, 1, 1, "file-too-large",
                                  f"檔案有 {size:,} 位元組，超過上限 {max_bytes:,}；這不像 jxplan 的檔案")]
        raw = p.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 1, 1, "file-unreadable", f"無法讀取檔案：{exc.strerror or exc}")]
    text, problems = decode(raw, shown)
    if text is None:
        return None, problems
    if "\x00" in text:
        return None, [Problem(shown, 1, 1, "binary", "檔案含有 NUL 字元，不是文字檔")]
    return parse(text, shown)
