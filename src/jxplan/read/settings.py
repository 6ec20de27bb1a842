"""The office's settings file, read: ``jxplan.toml``, or the ``[tool.jxplan]`` table of a
``pyproject.toml``.

It is found as git finds its repository: in the current folder, else in the nearest parent
folder, the search stopping at a folder that holds ``.git`` or at the root; ``jxplan.toml``
wins over a ``pyproject.toml`` in the same folder. It is read with a bound and parsed by
``tomllib`` (data, never code), and its keys and their types are checked here, each problem
placed at ``line:col``. Reading only: what a path or a script word means is the command
line's (``cli/settings.py``).
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import Problem
from . import read_capped, unreadable

NAME = "jxplan.toml"
PYPROJECT = "pyproject.toml"
KEYS = {"plan": "計劃文件的路徑", "reports": "進度報告文件夾的路徑", "script": "簡體或繁體"}
MAX_BYTES = 256 * 1024  # a settings file has three lines, a pyproject.toml a few hundred
MAX_DEPTH = 64  # folders looked in, upwards: deeper than any real path, an end to a loop


@dataclass(frozen=True)
class Setting:
    """One value of the file, and where it is written: the line, the column of its value and
    the column of its key."""

    value: object
    line: int = 1
    col: int = 1
    key_col: int = 1


@dataclass(frozen=True)
class SettingsFile:
    """The settings file read: its path as shown, its folder, and its values by key."""

    path: str
    folder: Path
    values: dict[str, Setting] = field(default_factory=dict)

    def problem(self, key: str, code: str, message: str, at_key: bool = False) -> Problem:
        """A problem of the value of ``key`` (with ``at_key``: of the key itself), at its place."""
        where = self.values.get(key, Setting(None))
        return Problem(self.path, where.line, where.key_col if at_key else where.col, code, message)


def nearest(start: Path | None = None) -> tuple[SettingsFile | None, list[Problem]]:
    """The settings file that governs ``start`` (the current folder), read; (None, []) when
    there is none. A file that is there but cannot be read, or is not valid, is problems:
    never passed over for another file, or for none."""
    try:
        here = Path(start) if start is not None else Path.cwd()
    except OSError:  # the current folder was removed: nothing to find
        return None, []
    for _ in range(MAX_DEPTH):
        for name in (NAME, PYPROJECT):
            found = _look(here / name, name == PYPROJECT)
            if found is not None:
                return found
        if _exists(here / ".git") or here.parent == here:
            break
        here = here.parent
    return None, []


def _exists(path: Path) -> bool:
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def _look(path: Path, pyproject: bool) -> tuple[SettingsFile | None, list[Problem]] | None:
    """The settings in ``path``; None when it is not there, or is a pyproject.toml without
    a ``[tool.jxplan]`` table."""
    shown = _shown(path)
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return None, [unreadable(shown, exc)]
    except ValueError:
        return None
    raw, problem = read_capped(path, MAX_BYTES)
    if raw is None:
        assert problem is not None  # read_capped gives the bytes or the problem
        return None, [problem]
    if pyproject and b"jxplan" not in raw:  # another project's file: not parsed at all
        return None
    found = _parse(raw, shown, path.parent, pyproject)
    return None if found is None else (found[0], list(found[1]))


def _shown(path: Path) -> str:
    """The path as a message shows it: relative to the current folder (``jxplan.toml``,
    ``../jxplan.toml``) when that is shorter."""
    try:
        rel = os.path.relpath(path)
    except (OSError, ValueError):
        return str(path)
    return rel if len(rel) <= len(str(path)) else str(path)


@functools.lru_cache(maxsize=8)
def _parse(raw: bytes, shown: str, folder: Path, pyproject: bool) -> tuple[SettingsFile | None, tuple[Problem, ...]] | None:
    """The settings in these bytes, parsed once per process however often a command asks
    (every option that defaults to the office's asks again)."""
    import tomllib

    text, problem = _decode(raw, shown)
    if text is None:
        assert problem is not None  # _decode gives the text or the problem
        return None, (problem,)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, (_syntax(exc, text, shown),)
    table_name = "tool.jxplan" if pyproject else ""
    if pyproject:
        tool = data.get("tool")
        if not isinstance(tool, dict) or "jxplan" not in tool:
            return None
        table = tool["jxplan"]
        if not isinstance(table, dict):
            line, col = _header(text, "tool") or (1, 1)
            return None, (Problem(shown, line, col, "settings-shape", "tool.jxplan 應是一個表（[tool.jxplan] 下面寫 plan = \"…\"）"),)
    else:
        table = data
    places = _places(text, table_name)
    at_table = (*(_header(text, table_name) or (1, 1)), 1)
    values = {key: Setting(value, *places.get(key, at_table)) for key, value in table.items()}
    settings = SettingsFile(shown, folder, values)
    return settings, tuple(_checked(settings, pyproject))


def _decode(raw: bytes, shown: str) -> tuple[str | None, Problem | None]:
    """The file's text: UTF-8, a byte-order mark (Notepad writes one) dropped."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as exc:
        before = raw[:exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        return None, Problem(shown, line, col, "encoding",
                             "不是 UTF-8 編碼（可能是 GBK）；請在編輯器中另存為 UTF-8")


# tomllib's reasons, said in Chinese; the position comes from its message
_REASONS = [
    ("Invalid value", "值寫得不對：路徑和文字要用英文雙引號括起，如 plan = \"plans/2023.yaml\""),
    ("Expected '=' after a key", "設置名後面應有 =，如 plan = \"plans/2023.yaml\""),
    ("Unterminated string", "引號沒有結束：文字要以同樣的英文引號開始和結束"),
    ("Illegal character '\\n'", "引號沒有在這一行結束：文字要以同樣的英文引號開始和結束"),
    ("Expected ']' at the end of a table", "表名缺少右方括號 ]"),
    ("Cannot overwrite a value", "同一個設置寫了兩次"),
    ("Cannot declare", "同一個表寫了兩次"),
    ("Expected newline or end of document", "一行只寫一個設置；值後面多了內容（注釋以 # 開頭）"),
    ("Invalid statement", "這一行不是「設置名 = 值」的形式"),
    ("Invalid initial character for a key part", "設置名只能用英文字母、數字、- 和 _"),
]
_AT = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")
_WIDE = "＝“”‘’：［］"  # what a Chinese input method types in place of = " ' [ ]


def _syntax(exc: ValueError, text: str, shown: str) -> Problem:
    message = str(exc)
    m = _AT.search(message)
    if m and m.group(1):
        line, col = int(m.group(1)), int(m.group(2))
    else:  # at the end: the last line
        lines = text.rstrip("\n").split("\n")
        line, col = len(lines), len(lines[-1]) + 1
    said = next((chinese for english, chinese in _REASONS if message.startswith(english)), "TOML 語法錯誤")
    wrong = [ch for ch in _WIDE if ch in (text.split("\n")[line - 1] if line <= text.count("\n") + 1 else "")]
    if wrong:
        said += f"（這一行有全角的「{''.join(wrong)}」：請用半角的 = \" [ ]）"
    return Problem(shown, line, col, "settings-syntax", f"{said}；jxplan 的設置文件是 TOML 格式")


_HEADER = re.compile(r"^\s*\[(?!\[)\s*([^\]\n]*?)\s*\]")


def _table_of(line: str) -> str | None:
    m = _HEADER.match(line)
    if m is None:
        return None
    return ".".join(part.strip().strip("\"'") for part in m.group(1).split("."))


def _header(text: str, table: str) -> tuple[int, int] | None:
    """Where the table ``table`` is declared (a dotted prefix of it will do)."""
    if not table:
        return None
    for n, line in enumerate(text.split("\n"), 1):
        name = _table_of(line)
        if name is not None and (name == table or table.startswith(name + ".")):
            return n, line.index("[") + 1
    return None


_KEY_LINE = re.compile(r"""(\s*)(["']?)([A-Za-z0-9_-]+)\2\s*=\s*""")


def _places(text: str, table: str) -> dict[str, tuple[int, int, int]]:
    """Line, column of the value and column of the key of each key in the table ``table``
    ("" for the top level), as the file writes it: ``key = value``. A key written otherwise
    (a dotted key, an inline table) is placed at its table."""
    out: dict[str, tuple[int, int, int]] = {}
    current = ""
    for n, line in enumerate(text.split("\n"), 1):
        name = _table_of(line)
        if name is not None:
            current = name
            continue
        m = _KEY_LINE.match(line)
        if m and current == table:
            out.setdefault(m.group(3), (n, m.end() + 1, len(m.group(1)) + 1))
    return out


def _checked(settings: SettingsFile, pyproject: bool) -> list[Problem]:
    """Unknown keys and values of the wrong type, each at its place."""
    problems = []
    known = "、".join(f"{k}（{what}）" for k, what in KEYS.items())
    for key, setting in settings.values.items():
        if key not in KEYS:
            hint = "；在 jxplan.toml 中直接寫 plan = \"…\"，不用 [tool.jxplan]" if key == "tool" and not pyproject else ""
            problems.append(settings.problem(key, "settings-unknown", f"不認識的設置「{key}」；可用的設置：{known}{hint}",
                                             at_key=True))
        elif not isinstance(setting.value, str) or not setting.value.strip() or _CONTROL.search(setting.value):
            problems.append(settings.problem(key, "settings-type",
                                             f"{key} 應是用英文雙引號括起的文字（{KEYS[key]}），如 {key} = \"{_EXAMPLE[key]}\""))
    return problems


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # a path or a word has none (a NUL cannot even be looked up)
_EXAMPLE = {"plan": "plans/2023.yaml", "reports": "progress", "script": "简体"}
