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

    def __reduce__(self):  # keep the written text across processes and caches
        return (YNum, (self.text, str(Decimal(self))))


@dataclass
class Document:
    """A parsed file: plain data, and where each value and key stands in the file.

    A file read by the fast parser has no position table: it is built on the first
    question, by reading the file again with the careful parser. Clean files, the
    common case, so never pay for positions.
    """

    path: str
    data: object
    marks: dict | None = None  # path tuple -> (line, col) of the value
    key_marks: dict | None = None  # path tuple -> (line, col) of the key that leads to it

    def _ensure_marks(self) -> None:
        if self.marks is not None:
            return
        self.marks, self.key_marks = {}, {}
        try:
            text, _ = decode(open(self.path, "rb").read(), self.path)
        except OSError:
            text = None
        if text is not None:
            doc, _ = parse(text, self.path)
            if doc is not None:
                self.marks, self.key_marks = doc.marks, doc.key_marks

    def pos(self, loc: Path_) -> tuple[int, int]:
        """The position of ``loc``, or of its nearest ancestor that has one."""
        self._ensure_marks()
        loc = tuple(loc)
        while loc:
            if loc in self.marks:
                return self.marks[loc]
            loc = loc[:-1]
        return self.marks.get((), (1, 1))

    def key_pos(self, loc: Path_) -> tuple[int, int]:
        self._ensure_marks()
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


_MAYBE_SPECIAL = frozenset("0123456789+-.~nNtTfF")


def resolve_plain(text: str):
    """YAML 1.2 core schema for plain scalars; dates stay text for the models to check."""
    if text and text[0] not in _MAYBE_SPECIAL:
        return text  # most scalars are words: no pattern can match them
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


def _as_key(value) -> str:
    """A mapping key as the tree stores it: numbers as written, null as "", booleans in lower case."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return value.text if isinstance(value, YNum) else str(value)


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


_PROBLEMS = [  # libyaml's words, and what they mean to someone editing a report
    ("mapping values are not allowed", "這裡不能出現「鍵: 值」（冒號後少了空格、縮排不對，或文字中的「: 」需要加引號）"),
    ("could not find expected ':'", "找不到應有的冒號「:」"),
    ("did not find expected key", "縮排不一致，找不到應有的鍵"),
    ("did not find expected '-' indicator", "清單的縮排不一致"),
    ("found character that cannot start any token", "有不能出現在這裡的字元（常見：Tab 縮排，或以 @、` 開頭的文字要加引號）"),
    ("did not find expected ',' or ']'", "方括號清單少了「,」或「]」"),
    ("did not find expected ',' or '}'", "大括號對應表少了「,」或「}」"),
    ("found unexpected end of stream", "檔案意外結束（引號或括號沒有閉合）"),
    ("found unknown escape character", "雙引號文字中有無效的「\\」跳脫字元（改用單引號或寫成「\\\\」）"),
    ("expected <block end>", "縮排不一致"),
    ("found undefined tag handle", "不接受 YAML 標籤"),
]


def _explain(problem: str | None, context: str | None) -> str:
    original = "；".join(x for x in (context, problem) if x)
    for words, meaning in _PROBLEMS:
        if problem and words in problem:
            return f"{meaning}（{original}）"
    return original or "無法解析"


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
    # stack of [container, its path, the pending key, the keys seen (with positions), start mark]
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
            key = _as_key(value)
            if key in top[3]:
                line, col = pos(mark)
                problems.append(Problem(path, line, col, "yaml-duplicate-key",
                                        f"鍵 '{key}' 重複（第一次在第{top[3][key][0]}行）；每個鍵只能寫一次"))
                top[2] = _DUP
            else:
                top[3][key] = pos(mark)
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
                stack.append([container, here, _NOKEY, {}, event.start_mark])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                top = stack.pop()
                if not place(top[0], top[4]):
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
        problems.append(Problem(path, line, col, "yaml-syntax",
                                f"YAML 語法錯誤：{_explain(exc.problem, exc.context)}{_hints(text, line)}"))
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


# ---- the fast path: libyaml composes, Python only converts -----------------------------

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _CParser = None

# an anchor, alias or tag; six compact nestings ("- - - - - -"); or a very deep indent
_SUSPECT = re.compile(r"(?:^|[ \t\[{,])[&*!][^ \t\r\n]|(?:[-?][ \t]+){6}|^[ ]{100,}", re.M)
_BRACKETS = re.compile(r"[^\[\]{}]+")


def _safe_for_fast_path(text: str) -> bool:
    """No anchor, alias or tag, and nesting plainly shallow: libyaml may compose it.

    Anything else goes to the event parser, which refuses it with its position; the
    composer recurses in C, so unbounded nesting must never reach it.
    """
    if _SUSPECT.search(text):
        return False
    depth = 0
    for ch in _BRACKETS.sub("", text):
        depth = depth + 1 if ch in "[{" else max(0, depth - 1)
        if depth > MAX_DEPTH:
            return False
    return True


if _CParser is not None:
    class _Composer(_CParser):
        """libyaml's composer with tag resolution left to us (YAML 1.2 core, see resolve_plain)."""

        yaml_implicit_resolvers: dict = {}

        def resolve(self, kind, value, implicit):
            return ""

        def descend_resolver(self, current_node, current_index):
            pass

        def ascend_resolver(self):
            pass


class _Refused(Exception):
    def __init__(self, node, code: str, message: str):
        self.node, self.code, self.message = node, code, message


def _key_text(node) -> str:
    """A scalar key node as the tree stores it."""
    return _as_key(resolve_plain(node.value)) if node.tag == "" and not node.style else node.value


_STD_TAGS = {"!", STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


def _convert(node, depth: int, problems: list, path: str):
    tag = node.tag
    if tag and tag not in _STD_TAGS:
        raise _Refused(node, "yaml-tag", f"不接受 YAML 標籤 {tag}；請刪去它")
    cls = type(node)
    if cls is _ScalarNode:
        if not tag and not node.style:
            text = node.value
            if text and text[0] not in _MAYBE_SPECIAL:
                return text
            return resolve_plain(text)
        return node.value
    if depth >= MAX_DEPTH:
        raise _Refused(node, "yaml-depth", f"巢狀層次超過 {MAX_DEPTH} 層；這不是 jxplan 的檔案格式")
    depth += 1
    if cls is _SequenceNode:
        return [_convert(v, depth, problems, path) for v in node.value]
    out = {}
    for k, v in node.value:
        if type(k) is not _ScalarNode:
            raise _Refused(k, "yaml-complex-key", "鍵必須是簡單的文字，不能是清單或對應表")
        key = k.value
        if k.style or not key or key[0] in _MAYBE_SPECIAL or k.tag:
            key = _key_text(k)
        if key in out:
            first = next(kk for kk, _ in node.value if _key_text(kk) == key)
            problems.append(Problem(path, k.start_mark.line + 1, k.start_mark.column + 1, "yaml-duplicate-key",
                                    f"鍵 '{key}' 重複（第一次在第{first.start_mark.line + 1}行）；每個鍵只能寫一次"))
            continue
        out[key] = _convert(v, depth, problems, path)
    return out


_ScalarNode, _SequenceNode = yaml.ScalarNode, yaml.SequenceNode


def parse_fast(text: str, path: str) -> tuple[Document | None, list[Problem]] | None:
    """The fast parser, or None when the text must go to the careful one."""
    if _CParser is None or not _safe_for_fast_path(text):
        return None
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            return None  # several documents: the careful parser says where
        raise
    except yaml.YAMLError:
        return None  # a syntax error: the careful parser words it, with hints
    finally:
        composer.dispose()
    if root is None:
        return None, [Problem(path, 1, 1, "empty", "檔案是空的")]
    problems: list[Problem] = []
    try:
        data = _convert(root, 0, problems, path)
    except _Refused as exc:
        m = exc.node.start_mark
        return None, [Problem(path, m.line + 1, m.column + 1, exc.code, exc.message)]
    return Document(path, data), problems


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

    shown = str(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(max_bytes + 1)  # never more than the cap, whatever the file's size
        if len(raw) > max_bytes:
            size = Path(path).stat().st_size
            return None, [Problem(shown, 1, 1, "file-too-large",
                                  f"檔案有 {size:,} 位元組，超過上限 {max_bytes:,}；這不像 jxplan 的檔案")]
    except OSError as exc:
        return None, [Problem(shown, 1, 1, "file-unreadable", f"無法讀取檔案：{exc.strerror or exc}")]
    text, problems = decode(raw, shown)
    if text is None:
        return None, problems
    if "\x00" in text:
        return None, [Problem(shown, 1, 1, "binary", "檔案含有 NUL 字元，不是文字檔")]
    fast = parse_fast(text, shown)
    return fast if fast is not None else parse(text, shown)
