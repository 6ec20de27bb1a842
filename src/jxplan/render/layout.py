"""Table column widths sized to what the cells hold, for the printed documents (HTML/PDF and DOCX).

Figures (``1.2個百分點``, ``超6000萬噸``), unit names and status labels get the width of
their widest cell, so they print on one line; the task name takes what is left. When the
figures cannot all fit, every column keeps a floor and the cells wrap inside themselves
(the documents allow a break anywhere in a cell), so nothing ever spills into a neighbour.
Only the context's strings are measured: nothing is computed about the plan here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Advance of a character in em, taken on the wide side for the fonts the documents name or fall
# back to (仿宋_GB2312, Noto CJK): CJK and full-width forms 1 em, and so are %, ‰, ≤ and ≥ in
# the CJK fonts; digits and Latin letters a little over half.
_NARROW = {"%": 1.0, "‰": 1.0, "—": 1.0, "…": 1.0, "≤": 1.0, "≥": 1.0, " ": 0.3, ".": 0.3}


def text_em(text: str, autospace: bool = False) -> float:
    """The width of one line of ``text`` in em; ``autospace``: a quarter em more wherever Chinese
    meets a digit or letter (what Word and LibreOffice add unless told not to)."""
    w = 0.0
    last_wide = None
    for ch in str(text):
        wide = unicodedata.east_asian_width(ch) in "WF"
        if ch in _NARROW:
            w += _NARROW[ch]
        else:
            w += 1.0 if wide else 0.56
        if autospace and ch.isalnum() and last_wide is not None and wide != last_wide:
            w += 0.25
        if ch.isalnum():
            last_wide = wide
    return w


@dataclass(frozen=True)
class Column:
    """``fit``: as wide as its widest cell; ``rest``: shares what the fit columns leave."""

    fit: bool = True
    fixed_mm: float | None = None  # a column of set width (a drawn bar)
    min_em: float = 2.0  # the floor when space runs out (a header word of two characters)
    sep: str | None = None  # names joined by this (、): the column is never narrower than the widest name
    cap_em: float | None = None  # a fit column no wider than this: longer words (完成省下達的目標) wrap in their cell


def widths(columns: list[Column], rows: list[list[str]], *, total_mm: float, font_pt: float,
           pad_mm: float, autospace: bool = False, headers: list[str] | None = None) -> list[float]:
    """Column widths in mm that add up to ``total_mm``; ``pad_mm`` is a cell's both side paddings and rule.

    A column is never narrower than its header word (``序時進度`` does not break as 序時進/度) nor,
    with ``sep``, than the widest name in it (``市國土資源局`` and ``各縣（市、區）政府`` stay whole)."""
    em_mm = font_pt * 25.4 / 72

    def mm(em: float) -> float:
        # 2% and a tenth of an em of slack: the fonts' real advances differ a little from the estimate
        return em * 1.02 * em_mm + 0.1 * em_mm + pad_mm

    least = []  # in em: what the column must hold on one line
    for i, col in enumerate(columns):
        em = col.min_em
        if headers and i < len(headers):
            em = max(em, text_em(headers[i], autospace))
        if col.sep:
            em = max([em] + [text_em(name, autospace) for r in rows if i < len(r) for name in r[i].split(col.sep)])
        least.append(em)
    need = []
    for i, col in enumerate(columns):
        if col.fixed_mm is not None:
            need.append(col.fixed_mm)
            continue
        widest = max([text_em(r[i], autospace) for r in rows if i < len(r)] + [least[i]])
        need.append(mm(min(widest, max(col.cap_em, least[i])) if col.cap_em is not None else widest))
    floor = [c.fixed_mm if c.fixed_mm is not None else (mm(least[i]) if least[i] > c.min_em else c.min_em * em_mm + pad_mm)
             for i, c in enumerate(columns)]
    rest = [i for i, c in enumerate(columns) if not c.fit and c.fixed_mm is None]
    fitted = [i for i, c in enumerate(columns) if c.fit or c.fixed_mm is not None]
    out = list(need)
    room = total_mm - sum(need[i] for i in fitted)
    rest_floor = sum(floor[i] for i in rest)
    if room >= rest_floor:
        # the rest columns share what is left, in proportion to what they hold (at least their floor)
        weights = [max(need[i], floor[i]) for i in rest]
        spare = room - rest_floor
        for i, wgt in zip(rest, weights, strict=True):
            out[i] = floor[i] + spare * wgt / sum(weights) if weights else floor[i]
        if not rest and fitted:  # nothing flexible: the last fitted column takes the slack
            out[fitted[-1]] += room
    else:
        # too wide: rest columns at their floor, the fit columns shrink toward theirs, in proportion
        for i in rest:
            out[i] = floor[i]
        budget = total_mm - rest_floor - sum(floor[i] for i in fitted)
        excess = sum(need[i] - floor[i] for i in fitted)
        for i in fitted:
            out[i] = floor[i] + (max(budget, 0) * (need[i] - floor[i]) / excess if excess else 0)
    return [round(w, 2) for w in out]
