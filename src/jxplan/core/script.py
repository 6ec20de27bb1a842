"""Simplified and traditional Chinese: which one a text is in, conversion, and look-ups in either.

Conversion is OpenCC's (phrase-level tables, ``t2s`` and ``s2tw``), imported only when a
text really holds characters of the other script, so commands that need none stay fast.
Plans and reports are never converted: only what jxplan prints, and names when looking
them up (``市国土资源局`` finds ``市國土資源局``). Conversion is complete: no character only
the other script uses is left in what is printed, however the input mixes the two.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Mapping, TypeVar

from ._scriptchars import SIMPLIFIED_ONLY, TRADITIONAL_ONLY

SCRIPTS = ("simplified", "traditional")
# What a user may write for a script (``--script``, ``$JXPLAN_SCRIPT``).
WORDS = {"simplified": "simplified", "traditional": "traditional", "簡體": "simplified", "简体": "simplified",
         "繁體": "traditional", "繁体": "traditional", "簡": "simplified", "简": "simplified",
         "繁": "traditional", "s": "simplified", "t": "traditional"}
ENV = "JXPLAN_SCRIPT"  # a standing choice: the script of everything jxplan prints
LANG = {"simplified": "zh-Hans", "traditional": "zh-Hant"}
# The script the shipped templates' fixed wording is written in.
TEMPLATES_SCRIPT = "traditional"

_TRAD = frozenset(TRADITIONAL_ONLY)
_SIMP = frozenset(SIMPLIFIED_ONLY)
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

T = TypeVar("T")


class ScriptUnavailable(Exception):
    """OpenCC is not installed (it is a dependency of jxplan; a broken install lacks it)."""


def counts(text: str) -> tuple[int, int]:
    """How many characters of ``text`` are traditional-only and simplified-only."""
    trad = simp = 0
    for ch in text:
        if ch in _TRAD:
            trad += 1
        elif ch in _SIMP:
            simp += 1
    return trad, simp


def detect(texts: Iterable[str] | str) -> str | None:
    """'traditional', 'simplified', or None when nothing tells them apart (or it is a tie)."""
    if isinstance(texts, str):
        texts = [texts]
    trad = simp = 0
    for text in texts:
        t, s = counts(text or "")
        trad += t
        simp += s
    if trad == simp:
        return None
    return "traditional" if trad > simp else "simplified"


@lru_cache(maxsize=None)
def _converter(config: str):
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        raise ScriptUnavailable("找不到 OpenCC；請重新安裝 jxplan（pip install -e .）") from None
    return opencc.OpenCC(config)


_MAINLAND_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def convert(text: str, to: str | None) -> str:
    """``text`` in the script ``to`` (None: unchanged), with no character of the other script left.

    To simplified: OpenCC ``t2s`` over the whole text (it leaves simplified text as it is).
    To traditional: each run of Han characters by what it is written in (``_traditional``),
    so text already in traditional script keeps its wording (``s2tw`` would otherwise
    "correct" characters both scripts share: 萬里 to 萬裡, 更加注重 to 更加註重) while a simplified
    sentence quoted inside it, or a simplified character left in it, is converted.
    """
    if to is None:
        return text
    if to not in SCRIPTS:
        raise ValueError(f"unknown script {to!r}")
    if to == "simplified":
        text = text.translate(_MAINLAND_QUOTES)  # 「年內」 as “年內”: the quotation marks of the mainland's writing
        if _TRAD.isdisjoint(text):  # a set's own scan: a long output is read at C speed
            return text
        t2s = _converter("t2s")
        return _leftovers(t2s.convert(text), _TRAD, t2s)
    if _SIMP.isdisjoint(text):
        return text
    t2s, s2t = _converter("t2s"), _converter("s2tw")
    return _leftovers(_HAN_RUN.sub(lambda m: _traditional(m.group(0), t2s, s2t), text), _SIMP, s2t)


def _leftovers(text: str, other: frozenset, towards) -> str:
    """``text`` with each character of the other script that OpenCC's phrase tables left in
    it converted alone, until none is left: a table may answer with a character of the script
    it converts from (薴 gives 苧, itself traditional, which gives 苎)."""
    for _ in range(4):
        if other.isdisjoint(text):
            break
        text = "".join(towards.convert(ch) if ch in other else ch for ch in text)
    return text


def _traditional(run: str, t2s, s2t) -> str:
    """One run of Han characters in traditional script.

    A run with no simplified-only character is kept as written when it is traditional (the
    plan's own wording), and converted when OpenCC reads it as simplified. A run that holds
    simplified-only characters is read through simplified (``t2s`` then ``s2tw``), so each
    character is converted in its phrase (并購 to 併購, not 並購): the whole run when it is
    mostly simplified, only those characters when it is mostly traditional (污染物排放 in a
    traditional sentence becomes 汙染物排放 and nothing else of the sentence changes).
    """
    trad, simp = counts(run)
    if not simp:
        return run if trad or t2s.convert(run) != run else s2t.convert(run)
    whole = s2t.convert(t2s.convert(run))
    if simp >= trad or len(whole) != len(run):
        return whole
    return "".join(new if old in _SIMP else old for old, new in zip(run, whole, strict=True))  # lengths checked above


_STOP = r"\s:：，；。、「」『』（）()\[\]"
# What a message keeps as it is: a file's path or name (``progress/2012/Q2/市發改委.yaml``),
# characters quoted in 『…』 as a file writes them (a check naming the other script's characters),
# and a workbook's sheet as the workbook names it: in a cell's name (``进度报告!F7``,
# ``'進度報告 (2)'!F7``) and after 工作表 (``工作表「补充说明」``).
_VERBATIM = re.compile(rf"『[^『』\n]*』|'(?:[^'\n]|'')+'![A-Z]{{1,3}}[0-9]+(?![0-9])|[^{_STOP}!']+![A-Z]{{1,3}}[0-9]+(?![0-9])"
                       rf"|(?<=工作表「)[^「」\n]+(?=」)"
                       rf"|[^{_STOP}]*[/\\][^{_STOP}]*|[^{_STOP}/\\]+\.[A-Za-z][A-Za-z0-9]{{0,4}}\b")


def convert_prose(text: str, to: str | None) -> str:
    """``text`` in the script ``to``, except what a message names as it is on disk: a file's
    path or name, characters quoted in 『…』 as the file writes them, and a workbook's sheet."""
    if to is None:
        return text
    out, at = [], 0
    for m in _VERBATIM.finditer(text):
        out += [convert(text[at:m.start()], to), m.group()]
        at = m.end()
    out.append(convert(text[at:], to))
    return "".join(out)


def named(word: str | None) -> str | None:
    """The script ``word`` names (``簡體``, ``s``, ``simplified`` …), or None."""
    return WORDS.get(word.strip().lower()) if isinstance(word, str) else None


def normalize(name: str) -> str:
    """Width and compatibility forms folded (NFKC), spaces trimmed."""
    return unicodedata.normalize("NFKC", name).strip()


def fold(name: str) -> str:
    """A key under which one name written in either script compares equal: NFKC, then simplified."""
    n = normalize(name)
    return convert(n, "simplified")


def lookup(given: str, names: Mapping[str, T]) -> T | None:
    """The value whose name is ``given`` exactly, after NFKC, or written in the other script."""
    if given in names:
        return names[given]
    n = normalize(given)
    for name, value in names.items():
        if normalize(name) == n:
            return value
    f = fold(n)
    for name, value in names.items():
        if fold(name) == f:
            return value
    return None


def _generate() -> str:  # pragma: no cover - run by hand when OpenCC's tables change
    """The text of ``_scriptchars.py``: characters that only one script uses, per OpenCC."""
    t2s, s2t = _converter("t2s"), _converter("s2tw")
    chars = [chr(c) for c in [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)]]
    trad = [c for c in chars if t2s.convert(c) != c]
    image = {s2t.convert(c) for c in chars}
    # characters both scripts write (干 in 若干, 后 in 皇后, 里 in 公里 …): not evidence of either
    shared = set("干后里占范台只系制面于余云丑仆松准冲凶胡须划谷卷蒙困朴斗才几了么尸吁借致征症钟表党")
    simp = [c for c in chars if s2t.convert(c) != c and c not in set(trad) and c not in image and c not in shared]
    return ('"""Characters only one script uses (generated by ``python -m jxplan.core.script``; do not edit)."""\n\n'
            f"TRADITIONAL_ONLY = {''.join(trad)!r}\nSIMPLIFIED_ONLY = {''.join(simp)!r}\n")


if __name__ == "__main__":  # pragma: no cover
    import pathlib

    pathlib.Path(__file__).with_name("_scriptchars.py").write_text(_generate(), encoding="utf-8")
