"""The site's charts as static SVG, drawn by pygal (README, Dependencies: why pygal).

Each function takes figures already worked out (the status results, as the tables beside the
charts print them) and returns the SVG text to put inline in a page: no script, no external
reference, no date; the same figures give the same bytes. Text stays text (the page's CJK
fonts, selectable, put into the other script with the page), each mark carries its figure
(``<desc class="value">``, or its words in ``<desc class="label">``) and a ``<title>`` a
browser shows on hover. pygal is imported here only, when a chart is drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ...core.quantity import format_number
from ..cjk import width
from ...core.terms import PALETTE

EXPECTED_COLOUR = "#A6A6A6"  # 序時進度: grey, so that the actual's status colour is what stands out
ACTUAL_COLOUR = "#2E75B6"  # a line of actual figures (its dots take their status colour)
NO_DATA = "#FFFFFF"  # a quarter with no report at all: left white


@dataclass(frozen=True)
class Point:
    """One quarter of a figure: its 序時進度 (and the 左右 band around it) and the actual."""

    quarter: str  # as the axis says it: 一季度
    expected: Decimal | None
    low: Decimal | None  # the band's edges; None: no band
    high: Decimal | None
    actual: Decimal | None
    status: str


def shown(v: Decimal | float | None) -> str:
    """A figure as the tables print it (two decimals at most, no trailing zeros)."""
    return "" if v is None else format_number(Decimal(str(v)))


def _pygal():
    import pygal
    from pygal.style import Style

    return pygal, Style


def _style(Style, colours, **sizes):
    """Black text in the page's own fonts (``inherit``), no background, solid colours."""
    return Style(font_family="inherit", background="transparent", plot_background="transparent",
                 foreground="#000", foreground_strong="#000", foreground_subtle="#D0D0D0",
                 guide_stroke_color="#D0D0D0", major_guide_stroke_color="#A0A0A0", guide_stroke_dasharray="none",
                 major_guide_stroke_dasharray="none", opacity="1", opacity_hover="1", transition="0ms",
                 stroke_opacity="1", stroke_opacity_hover="1", stroke_width_hover="1", colors=tuple(colours),
                 **{"label_font_size": 12, "major_label_font_size": 12, "legend_font_size": 12,
                    "value_font_size": 11, "title_font_size": 13, **sizes})


def _config(pygal, style, key: str, title: str, **options):
    return pygal.Config(style=style, js=[], disable_xml_declaration=True, title=None, truncate_label=-1,
                        truncate_legend=-1, value_formatter=shown, **options), key, title


def _room(labels, size: int = 12) -> int:
    """The room CJK labels need beyond pygal's estimate (0.6 of the font size a character, which
    is right for Latin text; a Chinese character takes the whole size), so none is cut off."""
    need = max((width(x) * size / 2 - len(x) * 0.6 * size for x in labels), default=0)
    return int(max(need, 0)) + 4


def _finish(chart, key: str, title: str) -> str:
    """The SVG with a fixed id (pygal draws a random one), the page's words as its accessible
    name, a <title> on every mark, and no comment (pygal's carries today's date)."""
    chart.uuid = key
    chart.add_xml_filter(lambda root: _marks(root, title))
    svg = chart.render(is_unicode=True)
    return _COMMENT.sub("", svg)


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_NS = "{http://www.w3.org/2000/svg}"


def _local(tag) -> str:
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def _marks(root, title: str):
    """role=img with the chart's name; each mark's figure or words as a hover title."""
    root.set("role", "img")
    root.set("aria-label", title)
    for node in root.iter():
        if _local(node.tag) == "title" and node.getparent() is root:
            node.text = title
    for group in list(root.iter()):
        if _local(group.tag) != "g" or not set((group.get("class") or "").split()) & {"bar", "dots"}:
            continue
        said = {(d.get("class") or ""): (d.text or "") for d in group if _local(d.tag) == "desc"}
        words = said.get("label") or " ".join(x for x in (said.get("x_label"), said.get("value")) if x)
        if words:
            tip = group.makeelement(f"{_NS}title" if root.tag.startswith("{") else "title", {})
            tip.text = words
            group.insert(0, tip)
    return root


def status_counts(key: str, title: str, groups: list[tuple[str, dict[str, int]]], said: dict[str, str]) -> str:
    """The latest quarter's targets by status, a bar per group (量化指標, 有完成要求的工作任務,
    持續推進的工作任務), each status in its colour; ``said``: each status's words."""
    pygal, Style = _pygal()
    present = [s for s in PALETTE if any(counts.get(s) for _, counts in groups)]
    style = _style(Style, ["#" + PALETTE[s].mark for s in present])
    config, key, title = _config(pygal, style, key, title, width=420, height=40 + 44 * len(groups),
                                 show_legend=False, print_values=False, show_y_guides=True, show_x_guides=False,
                                 spacing=6, margin=6, print_zeroes=False, margin_left=6 + _room(label for label, _ in groups))
    chart = pygal.HorizontalStackedBar(config)
    chart.x_labels = [label for label, _ in reversed(groups)]  # pygal draws the first at the bottom
    for s in present:
        chart.add(said[s], [{"value": counts.get(s) or None, "label": f"{label}：{said[s]}{counts.get(s) or 0}項"}
                            for label, counts in reversed(groups)])
    return _finish(chart, key, title)


def figures(key: str, title: str, points: list[Point]) -> str:
    """序時進度 and the actual, quarter by quarter, as bars side by side: the 序時進度 grey, with
    the 左右 band as a whisker where there is one; the actual in its status's colour."""
    pygal, Style = _pygal()
    style = _style(Style, [EXPECTED_COLOUR, ACTUAL_COLOUR], ci_colors=("#000",))
    config, key, title = _config(pygal, style, key, title, width=520, height=250, show_legend=False,
                                 print_values=False, include_x_axis=True, show_x_guides=False, margin=6,
                                 spacing=8)
    chart = pygal.Bar(config)
    chart.x_labels = [p.quarter for p in points]
    expected: list[dict[str, object] | None] = []
    for p in points:
        if p.expected is None:
            expected.append(None)
            continue
        v: dict[str, object] = {"value": float(p.expected)}
        if p.low is not None and p.high is not None and p.low != p.high:
            v["ci"] = {"low": float(p.low), "high": float(p.high)}
        expected.append(v)
    chart.add("序時進度", expected)
    chart.add("實際", [None if p.actual is None else
                       {"value": float(p.actual), "color": "#" + PALETTE[p.status].mark} for p in points])
    return _finish(chart, key, title)


def sparkline(key: str, title: str, points: list[Point]) -> str:
    """A small line of 序時進度 (grey) and the actual (its dots in their status's colour)."""
    pygal, Style = _pygal()
    style = _style(Style, [EXPECTED_COLOUR, ACTUAL_COLOUR], stroke_width="2")
    config, key, title = _config(pygal, style, key, title, show_dots=True, dots_size=3)
    chart = pygal.Line(config)
    chart.x_labels = [p.quarter for p in points]
    chart.add("序時進度", [None if p.expected is None else float(p.expected) for p in points],
              stroke_style={"dasharray": "3,3"})
    chart.add("實際", [None if p.actual is None else
                       {"value": float(p.actual), "color": "#" + PALETTE[p.status].mark} for p in points])
    chart.uuid = key
    chart.add_xml_filter(lambda root: _marks(root, title))
    svg = chart.render_sparkline(width=132, height=40, show_dots=True, dots_size=3, margin=4, include_x_axis=False)
    return _COMMENT.sub("", svg if isinstance(svg, str) else svg.decode("utf-8"))


def year(key: str, title: str, quarters: list[str], rows: list[tuple[str, list[tuple[str | None, str]]]]) -> str:
    """Units × quarters: a row per unit, a cell per quarter in the colour of its status
    (``rows``: the unit's name, then per quarter (status or None for a quarter with no
    report at all, the cell's words))."""
    pygal, Style = _pygal()
    style = _style(Style, ["#FFFFFF"] * len(quarters), label_font_size=12, major_label_font_size=12)
    height = 40 + 19 * len(rows)
    config, key, title = _config(pygal, style, key, title, width=560, height=height, show_legend=False,
                                 show_y_guides=False, show_x_guides=False, spacing=1, margin=2,
                                 print_values=False, margin_left=2 + _room(name for name, _ in rows))
    chart = pygal.HorizontalStackedBar(config)
    chart.x_labels = [name for name, _ in reversed(rows)]
    chart.y_labels = [{"label": q, "value": i + 0.5} for i, q in enumerate(quarters)]
    for i, q in enumerate(quarters):
        cells = []
        for name, row in reversed(rows):
            status, words = row[i]
            colour = NO_DATA if status is None else "#" + PALETTE[status].fill
            cells.append({"value": 1, "color": colour, "label": f"{name} {q}：{words}"})
        chart.add(q, cells)
    return _finish(chart, key, title)
