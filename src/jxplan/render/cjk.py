"""Chinese text in fixed-width cells: its width on a terminal, line breaking by the rules
of Chinese typesetting (避頭尾: no line starts with a closing mark such as 、，。；：）, none
ends with an opening one such as （「), no last line of a single character, and
truncation with an ellipsis rather than an orphan."""

from __future__ import annotations

import re
from functools import lru_cache
from unicodedata import east_asian_width

NO_START = set("、，。；：！？）」』】〉》”’…‥%‰・·,.;:!?)]}ー～")
NO_END = set("（「『【〈《“‘([{")
ELLIPSIS = "…"
_TOKEN = re.compile(r"[A-Za-z0-9.,%‰+\-—~]+|.", re.S)  # a run of Latin letters and digits stays whole


@lru_cache(maxsize=4096)
def width(text: str) -> int:
    """Columns on a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cols: int, right: bool = False) -> str:
    gap = " " * max(0, cols - width(text))
    return gap + text if right else text + gap


def _tokens(text: str) -> list[str]:
    out = []
    for tok in _TOKEN.findall(text):
        if len(tok) > 1 and width(tok) > 12:  # a very long Latin run may break anywhere
            out += list(tok)
        else:
            out.append(tok)
    return out


def wrap(text: str, cols: int) -> list[str]:
    """Lines of at most ``cols`` columns, broken by the rules above."""
    if cols < 2:
        return [text]
    lines: list[list[str]] = []
    cur: list[str] = []
    used = 0
    for tok in _tokens(text.replace("\n", " ")):
        w = width(tok)
        if used + w > cols and cur:
            carry: list[str] = []
            if tok[0] in NO_START and len(cur) > 1:  # a closing mark never starts a line: take a character along
                carry.insert(0, cur.pop())
            while len(cur) > 1 and cur[-1][-1] in NO_END:  # an opening mark never ends one
                carry.insert(0, cur.pop())
            lines.append(cur)
            cur, used = carry, sum(width(t) for t in carry)
        cur.append(tok)
        used += w
    if cur:
        lines.append(cur)
    out = ["".join(line) for line in lines]
    if len(out) > 1 and len(out[-1]) == 1 and len(out[-2]) > 2 and out[-2][-1] not in NO_START \
            and out[-2][-2] not in NO_END and out[-1] not in NO_START:
        out[-2], out[-1] = out[-2][:-1], out[-2][-1] + out[-1]  # no orphan
    return out or [""]


def wrap_names(names: list[str], cols: int, sep: str = "、") -> list[str]:
    """Names joined by ``sep`` in lines of at most ``cols`` columns, each name kept whole
    on one line (市規劃局, never 市規劃 / 局); a name wider than a line is wrapped alone."""
    lines: list[str] = []
    cur = ""
    for i, name in enumerate(names):
        piece = name + (sep if i < len(names) - 1 else "")
        if cur and width(cur) + width(piece) > cols:
            lines.append(cur)
            cur = ""
        if width(piece) > cols:
            *whole, cur = wrap(piece, cols)
            lines += whole
        else:
            cur += piece
    if cur:
        lines.append(cur)
    return lines or [""]


def _fit(line: str, cols: int) -> int:
    used = 0
    for i, ch in enumerate(line):
        used += width(ch)
        if used > cols:
            return max(1, i)
    return len(line)


def truncate(text: str, cols: int) -> str:
    """``text`` cut to ``cols`` columns with an ellipsis, never leaving a lone character."""
    if width(text) <= cols:
        return text
    cut = _fit(text, cols - width(ELLIPSIS))
    return text[:cut] + ELLIPSIS


def wrap_lines(text: str, cols: int, max_lines: int) -> list[str]:
    """At most ``max_lines`` lines; the last one ends in an ellipsis when text is left over."""
    lines = wrap(text, cols)
    if len(lines) <= max_lines:
        return lines
    kept = lines[: max_lines - 1]
    rest = "".join(lines[max_lines - 1:])
    return kept + [truncate(rest, cols)]
