"""Stage 1, read: files in, plain data and the places of that data out.

In: a path or a folder (``discover``: which files are plans, reports or neither) and a file's
bytes, read with a bound (``untrusted``: no read past a cap, no zip or XML that could bomb).
Out: a ``Document`` per file, its plain data (mappings, lists, text, whole numbers, ``Num`` for
numbers as written, booleans, None) and the means to place any location of it back in the file:
``line:col`` in a YAML file, ``sheet!cell`` in a workbook. Each format is a module (``yaml``,
``xlsx``) behind one small interface: ``SUFFIXES``, ``parse(raw, path)``, ``reopen(raw, path,
data)``. Everything after this stage works on the data and the places only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Protocol

from ..core.problems import Problem
from .untrusted import read_capped, unreadable  # noqa: F401 - the stage's interface: a file read with a bound

Loc = tuple[Any, ...]  # a path into the data: mapping keys and list indexes
Data = Any  # plain data: mappings, lists, text, whole numbers, Num, booleans, dates, None


@dataclass(frozen=True)
class Place:
    """Where a location stands: line and column (a workbook: row and column) and, for a
    workbook, the sheet and cell as a person names them (``進度報告!F7``)."""

    line: int
    col: int
    where: str = ""


class Document:
    """A parsed file: its data, and the means to place a location in it."""

    __slots__ = ("path", "data", "_placer", "_labeler", "_words")

    def __init__(self, path: str, data: Data, placer: Callable[[Loc, bool], Place],
                 labeler: Callable[[Loc], str | None] | None = None, words: dict[str, str] | None = None):
        self.path = path
        self.data = data
        self._placer = placer
        self._labeler = labeler
        self._words = words

    def place(self, loc: Loc, key: bool = False) -> Place:
        """The place of ``loc`` (of its key with ``key``), or of its nearest ancestor."""
        return self._placer(tuple(loc), key)

    def label(self, loc: Loc) -> str | None:
        """What a person calls ``loc`` in this kind of file (a workbook: the column's
        heading, ``2.1 累計完成``), or None to name it by its path in the data."""
        return self._labeler(tuple(loc)) if self._labeler else None

    def word(self, field: str) -> str | None:
        """What this kind of file calls a field of a report (a workbook: ``季度``, the
        column ``原因類別和原因說明``), or None to name it as the YAML file writes it."""
        return self._words.get(field) if self._words else None

    def problem(self, loc: Loc, code: str, message: str, severity: str = "error", key: bool = False) -> Problem:
        p = self.place(loc, key)
        if p.where:
            message = f"{p.where}：{message}"
        return Problem(self.path, p.line, p.col, code, message, severity)


# What shows nothing where it is written: white space, control characters, Unicode's
# default-ignorable code points (soft hyphen U+00AD, the Hangul fillers U+115F, U+1160, U+3164
# and U+FFA0, zero-width and joining characters, U+2060-U+206F, variation selectors, the BOM
# U+FEFF, tags) and the blank Braille pattern U+2800. A text of these alone is blank: a form
# whose only content is one of them is a blank form, never a report.
_SHOWS_NOTHING = ("\\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                  "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
                  "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff")
_VISIBLE = re.compile(f"[^{_SHOWS_NOTHING}]")


def blank(text: str) -> bool:
    """Whether a text shows nothing at all (``_SHOWS_NOTHING``): "", spaces, or ``"\u2060"``."""
    return _VISIBLE.search(text) is None


SUFFIXES = (".yaml", ".yml", ".xlsx")  # the formats read
# workbook formats that are not read, but found in a reports folder so that each is refused
# with a line saying how to re-save it, never dropped in silence (words in read/xlsx)
REFUSED_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".et", ".ods")
FOUND = SUFFIXES + REFUSED_SUFFIXES
# A form of sixty targets is 10-20 KB and a clerk's long notes add little; 2 MB leaves room
# for a pasted picture or two, and still refuses a statistical yearbook sent by mistake
# before a byte of it is parsed. (A YAML report may have 256 KB.)
WORKBOOK_MAX_BYTES = 2 * 1024 * 1024


def suffix(path: str) -> str:
    name = str(path).lower()
    return name[name.rfind("."):] if "." in name else ""


def is_workbook(path: str) -> bool:
    return suffix(path) in (".xlsx",) + REFUSED_SUFFIXES


class Format(Protocol):
    """What a module that reads a format offers (``yaml``, ``xlsx``)."""

    def parse(self, raw: bytes, path: str, /) -> tuple[Document | None, list[Problem]]: ...

    def reopen(self, raw: bytes, path: str, data: Data, /) -> Document: ...


def _module(path: str) -> Format:
    """The source of a file by its suffix; a file named on purpose with any other suffix is YAML."""
    s = suffix(path)
    if s == ".xlsx":
        from . import xlsx

        return xlsx
    if s in REFUSED_SUFFIXES:
        return _NotRead
    from . import yaml as yaml_source

    return yaml_source


class _NotRead:
    """A workbook format jxplan does not read: one line that says how to re-save it."""

    @staticmethod
    def parse(raw: bytes, path: str) -> tuple[None, list[Problem]]:
        from .xlsx import refuse_suffix

        return refuse_suffix(raw, path)

    @staticmethod
    def reopen(raw: bytes, path: str, data: Data) -> Document:
        return Document(path, data, lambda loc, key: Place(1, 1))


def parse(raw: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """The bytes of one file as a document (None when it cannot be read), and its problems."""
    return _module(path).parse(raw, path)


def reopen(raw: bytes, path: str, data: Data) -> Document:
    return _module(path).reopen(raw, path, data)


class Deferred(Document):
    """A document of data that came from the cache, its source module loaded (and the file read
    again to place a location) only when something is placed, labelled or named in it: a run over
    unchanged files whose reports hold no problem never imports a parser."""

    __slots__ = ("_raw", "_doc")

    def __init__(self, raw: bytes, path: str, data: Data):
        super().__init__(path, data, self._place)
        self._raw = raw
        self._doc: Document | None = None

    def _real(self) -> Document:
        if self._doc is None:
            self._doc = reopen(self._raw, self.path, self.data)
        return self._doc

    def _place(self, loc: Loc, key: bool) -> Place:
        return self._real().place(loc, key)

    def label(self, loc: Loc) -> str | None:
        return self._real().label(loc)

    def word(self, field: str) -> str | None:
        return self._real().word(field)
