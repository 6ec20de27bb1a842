"""Word's automatic numbering, as the page shows it: a paragraph numbered by Word holds no
number in its text (一、 （一） 1. are drawn from the numbering part), so the number is
counted here the way Word counts it, per list and level, and written in the level's format."""

from __future__ import annotations

from typing import Any

from .text import _cn_word

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHINESE = {"chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting",
           "taiwaneseCountingThousand", "chineseLegalSimplified", "ideographLegalTraditional", "japaneseCounting"}
CIRCLED = {"decimalEnclosedCircle", "decimalEnclosedCircleChinese"}


class Numbering:
    """The numbering definitions of a document, and a counter per list and level."""

    def __init__(self, document: Any) -> None:  # a python-docx Document
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (format, text, start)
        self.abstract: dict[str, str] = {}  # numId -> abstractNumId
        self.counts: dict[str, list[int]] = {}
        self.used = False
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        for ab in root.iter(W + "abstractNum"):
            aid = ab.get(W + "abstractNumId")
            for lvl in ab.iter(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                fmt = lvl.find(W + "numFmt")
                txt = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                formats[(aid, ilvl)] = (fmt.get(W + "val") if fmt is not None else "decimal",
                                        txt.get(W + "val") if txt is not None else "",
                                        int(start.get(W + "val", "1")) if start is not None else 1)
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            ab = num.find(W + "abstractNumId")
            if ab is not None:
                self.abstract[nid] = ab.get(W + "val")
        for nid, aid in self.abstract.items():
            for (a, ilvl), spec in formats.items():
                if a == aid:
                    self.levels[(nid, ilvl)] = spec

    def label(self, paragraph) -> str:
        """The number Word draws before ``paragraph`` (``一、``, ``（一）``, ``1.``), or ''."""
        ppr = paragraph._p.pPr
        numpr = ppr.numPr if ppr is not None else None
        if numpr is None or numpr.numId is None:
            return ""
        nid = str(numpr.numId.val)
        ilvl = int(numpr.ilvl.val) if numpr.ilvl is not None else 0
        spec = self.levels.get((nid, ilvl))
        if spec is None or spec[0] in ("bullet", "none"):
            return ""
        key = self.abstract.get(nid, nid)
        counts = self.counts.setdefault(key, [0] * 9)
        counts[ilvl] = (counts[ilvl] or self.levels.get((nid, ilvl), spec)[2] - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        text = spec[1]
        for level in range(ilvl + 1):
            fmt = self.levels.get((nid, level), spec)[0]
            text = text.replace(f"%{level + 1}", _format(counts[level] or 1, fmt))
        self.used = True
        return text


def _format(n: int, fmt: str) -> str:
    if fmt in CHINESE:
        return _cn_word(n)
    if fmt in CIRCLED and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    return str(n)
