"""The status result for the terminal: tables laid out once, with column widths computed
from their cells (Chinese characters take two columns), names wrapped by the rules of
Chinese line breaking (``cjk``), and every line within the given width.

Renderers return lines of styled spans ``[(text, style or None), …]``; the command line
prints them plain, or coloured on a terminal (``screen``), so nothing here needs a
terminal library.
"""

from __future__ import annotations

from ..judge.status import StatusResult, TargetStatus
from ..core.terms import GOOD, LAGGING, OPEN_ENDED_LABELS, PALETTE, RANK, REASON_LABELS, SHORT_LABELS as SHORT, YEAR_END
from . import words
from .cjk import pad, truncate, width, wrap, wrap_lines, wrap_names

Span = tuple  # (text, style or None)
Line = list  # of spans

STYLE = {status: colour.terminal for status, colour in PALETTE.items()}  # the one palette (terms)
BAR = 4
PROGRESS_COLS = 5 + 1 + BAR  # "100% ████"
GOAL_COLS = 12  # "突破2000億元"
NAME_MIN = 10


def plain(line: Line) -> str:
    return "".join(text for text, _ in line)


def progress_cell(p: int | None, said: str | None = None) -> Line:
    """Always PROGRESS_COLS wide: the percent in five columns, then the bar; or words
    (a ceiling held or exceeded) where there is no percent."""
    if said is not None:
        return [(pad(truncate(said, PROGRESS_COLS), PROGRESS_COLS), "green" if said == "以內" else "yellow")]
    if p is None:
        return [(pad("—", PROGRESS_COLS), "dim")]
    label = f"{p}%" if -99 <= p <= 999 else (">999%" if p > 999 else "<-99%")
    filled = max(0, min(BAR * 8, round(min(max(p, 0), 100) * BAR * 8 / 100)))
    full, part = divmod(filled, 8)
    bar = "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")
    style = "green" if p >= 100 else "yellow" if p >= 80 else "red"
    return [(pad(label, 5, right=True) + " ", None), (bar.ljust(BAR, "·"), style)]


def _spans(cell) -> Line:
    if isinstance(cell, list):
        return cell
    if isinstance(cell, tuple):
        return [cell]
    return [(cell, None)]


class Grid:
    """Rows of cells laid out in columns whose widths come from their cells; one column
    (``fill``) takes what is left of the width and wraps. A cell is text, a span, or a line."""

    def __init__(self, headers: list[str], right: set[int], fill: int, total: int, fixed: dict[int, int] | None = None):
        self.headers, self.right, self.fill, self.total = headers, right, fill, total
        self.fixed = fixed or {}
        self.rows: list = []  # ("row", [cells], extra lines) | ("head", span)

    def add(self, cells: list, extra_lines: list | None = None) -> None:
        self.rows.append(("row", cells, extra_lines or []))

    def heading(self, span: Span) -> None:
        self.rows.append(("head", span))

    def widths(self) -> list[int]:
        cols = [self.fixed.get(i, width(h)) for i, h in enumerate(self.headers)]
        for kind, *rest in self.rows:
            if kind == "row":
                for i, cell in enumerate(rest[0]):
                    if i != self.fill and i not in self.fixed:
                        cols[i] = max(cols[i], width(plain(_spans(cell))))
        others = sum(c for i, c in enumerate(cols) if i != self.fill) + len(cols) - 1
        cols[self.fill] = max(NAME_MIN, self.total - others)
        return cols

    def lines(self, title: str) -> list[Line]:
        cols = self.widths()
        full = sum(cols) + len(cols) - 1
        out: list[Line] = [[(pad(" " * max(0, (full - width(title)) // 2) + title, full), "bold")]]
        out.append(self._line(self.headers, cols))
        out.append([("─" * full, None)])
        indent = " " * (sum(cols[: self.fill]) + self.fill)
        for kind, *rest in self.rows:
            if kind == "head":
                out.append([(indent, None), rest[0]])
                continue
            cells, extra = rest
            name = cells[self.fill]
            first, *more = name if isinstance(name, list) and name and isinstance(name[0], str) else [name]
            out.append(self._line([first if i == self.fill else c for i, c in enumerate(cells)], cols))
            for line in [*more, *extra]:
                out.append([(indent, None), *_spans(line)])
        return out

    def _line(self, cells: list, cols: list[int]) -> Line:
        line: Line = []
        last = len(cols) - 1
        for i, (cell, w) in enumerate(zip(cells, cols, strict=True)):
            spans = _spans(cell)
            gap = " " * max(0, w - width(plain(spans)))
            if i in self.right:
                line += [(gap, None), *spans]
            else:
                line += [*spans, (gap if i < last else "", None)]
            if i < last:
                line.append((" ", None))
        return line


def status_lines(result: StatusResult, names: dict, total: int, title: str | None = None) -> list[Line]:
    grid = Grid(["編號", f"指標／{result.roles[0]}", "年度目標", "序時進度", "實際", "進度", "狀態"], right={2, 3, 4}, fill=1,
                total=total, fixed={5: PROGRESS_COLS})
    # a task's goal in words (完成省下達的目標) is cut to the width of the widest figure, so the names keep theirs
    rows = [(t, truncate(words.goal(t), GOAL_COLS), words.expected(t, unit=False), words.actual(t, unit=False))
            for t in result.targets]
    for t, goal, expected, actual in rows:  # measure the fixed columns first, so the names know their width
        grid.add([t.id, "", goal, expected, actual, "", t.label])
    cols = grid.widths()
    name_cols, heading_cols = cols[1], total - cols[0] - 1
    grid.rows.clear()
    last_section = last_point = object()
    for t, goal, expected, actual in rows:
        if t.section != last_section:
            section = t.part
            grid.heading((truncate(section, heading_cols), "bold cyan"))
            last_section = t.section
        if t.point is not None and t.point != last_point:
            grid.heading((truncate(f"{t.point}.{t.point_title}", heading_cols), "bold"))
            last_point = t.point
        name = wrap_lines(t.name, name_cols, 2)
        # its leads as the plan names them (a group by its name), then its leaders
        lead = (truncate(t.lead_name + ("｜" + "、".join(t.leaders) if t.leaders else ""), name_cols), "dim")
        grid.add([t.id, name, goal, expected, actual, progress_cell(words.progress(t), _ceiling(t)), (t.label, STYLE[t.status])],
                 [lead])
    return grid.lines(f"{title or f'{result.year}年政府工作要點'} {words.QUARTER_ZH[result.quarter]}落實情況")


def _ceiling(t) -> str | None:
    """A ceiling's state in the 進度 column's ten columns: 以內, or 超0.3個百分點."""
    if t.compare != "at_most" or t.kind == "milestone" or t.excess is None:
        return None
    return "以內" if t.status in GOOD else words.excess(t).replace("超出", "超")


FLAGS = [("missing", "未報送", "magenta"), ("incomplete", "報告缺項", "magenta"), ("late", "逾期報送", "yellow"),
         ("must_explain", "有任務滯後", "yellow"), ("unexplained", "滯後未說明原因", "bold yellow"),
         ("commended", "擬通報表揚", "green")]
# at the year's end: what was not done, not what lags; the praise never for a unit named earlier
# in the year, and the loss of eligibility a proposal, as the bulletin says them
YEAR_END_FLAGS = [("missing", "未報送", "magenta"), ("incomplete", "報告缺項", "magenta"), ("late", "逾期報送", "yellow"),
                  ("must_explain", "有任務未完成", "yellow"), ("unexplained", "未完成未說明原因", "bold yellow"),
                  ("commended", "擬通報表揚", "green"), ("improved", "整改後按計劃推進", "green"),
                  ("eligibility_cancelled", "建議取消評優評先資格", "bold red")]


def units_lines(result: StatusResult, total: int) -> list[Line]:
    """The units' flags in a box: each list of names wrapped by the line-breaking rules."""
    flags = YEAR_END_FLAGS if result.quarter == YEAR_END else FLAGS
    entries = []
    for attr, label, style in flags:
        listed = [u.name for u in result.units if getattr(u, attr)]
        entries.append(((f"{label}（{len(listed)}）", style), listed or ["—"]))
    label_cols = max(width(label[0]) for label, _ in entries)
    text_cols = max(NAME_MIN, total - 4 - label_cols - 1)
    title = " 單位（就本表所列目標） " if result.narrowed else " 單位 "
    out: list[Line] = [[("╭─" + title + "─" * max(0, total - 3 - width(title)) + "╮", None)]]
    for (label, style), listed in entries:
        for i, line in enumerate(wrap_names(listed, text_cols)):
            head = [(label, style), (" " * (label_cols - width(label)), None)] if i == 0 else [(" " * label_cols, None)]
            out.append([("│ ", None), *head, (" " + pad(line, text_cols) + " │", None)])
    out.append([("╰" + "─" * (total - 2) + "╯", None)])
    return out


def status_view(result: StatusResult, names: dict, total: int, title: str | None = None) -> list[Line]:
    """The whole table: its title, the counts of the rows it lists (``summary_lines``), the
    rows, and the units' flags."""
    table = status_lines(result, names, total, title)
    return table[:1] + summary_lines(result, total) + table[1:] + units_lines(result, total)


# ---- the first screen: the counts, then what needs attention ------------------------------

# every target in one of three groups, each counted once, as the bulletin divides them
GROUPS = (("量化指標", lambda t: t.quantified),
          ("有完成要求的工作任務", lambda t: not t.quantified and not t.open_ended),
          ("持續推進的工作任務", lambda t: not t.quantified and t.open_ended))


def label_counts(targets) -> list[tuple[str, int, str]]:
    """(label, how many, status) of ``targets``, best status first, each label as the rows
    print it (持續推進 and 已達年度目標 are on track, but the rows say so): the counts agree
    with the rows they count."""
    counted: dict[tuple[str, str], int] = {}
    for t in sorted(targets, key=lambda t: RANK[t.status]):
        counted[(t.status, t.label)] = counted.get((t.status, t.label), 0) + 1
    return [(label, n, status) for (status, label), n in counted.items()]


def unit_counts(result: StatusResult) -> list[tuple[str, int, str | None]]:
    """The units of the result that must report, and how many reported, did not, were late or
    left targets out."""
    bound = [u for u in result.units if u.responsible]
    out = [("已報送", sum(u.reported for u in bound), "green"), ("未報送", sum(u.missing for u in bound), "magenta"),
           ("逾期報送", sum(u.late for u in result.units), "yellow"),
           ("報告缺項", sum(u.incomplete for u in result.units), "magenta")]
    return [(label, n, style) for label, n, style in out if n or label == "已報送"]


def _flow(pieces: list[Line], cols: int, sep: str = "、") -> list[Line]:
    """Pieces (each a line of spans, kept whole) joined by ``sep`` in lines of at most ``cols``."""
    lines: list[Line] = [[]]
    used = 0
    for i, piece in enumerate(pieces):
        piece = piece + ([(sep, None)] if i < len(pieces) - 1 else [])
        w = width(plain(piece))
        if used and used + w > cols:
            lines.append([])
            used = 0
        lines[-1] += piece
        used += w
    return lines


def _box(title: str, rows: list[tuple[Line, list[Line]]], total: int) -> list[Line]:
    """A box as wide as ``total``: each row a label and its pieces, flowed to the width left."""
    label_cols = max((width(plain(label)) for label, _ in rows), default=0)
    text_cols = max(NAME_MIN, total - 4 - label_cols - 1)
    out: list[Line] = [[("╭─ " + title + " " + "─" * max(0, total - 5 - width(title)) + "╮", None)]]
    for label, pieces in rows:
        for i, line in enumerate(_flow(pieces, text_cols)):
            head = [*label, (" " * (label_cols - width(plain(label))), None)] if i == 0 else [(" " * label_cols, None)]
            out.append([("│ ", None), *head, (" ", None), *line,
                        (" " * max(0, text_cols - width(plain(line))) + " │", None)])
    out.append([("╰" + "─" * (total - 2) + "╯", None)])
    return out


def summary_lines(result: StatusResult, total: int) -> list[Line]:
    """The counts of what the result lists: each group of targets (a group with none is left
    out) by the labels its rows show, then the units that must report."""
    rows: list[tuple[Line, list[Line]]] = []
    for name, member in GROUPS:
        group = [t for t in result.targets if member(t)]
        if group:
            rows.append(([(f"{name} {len(group)} 項", "bold")],
                         [[(f"{label} {n}", STYLE[status])] for label, n, status in label_counts(group)]))
    bound = sum(u.responsible for u in result.units)
    if bound:
        rows.append(([(f"應報送的單位 {bound} 個", "bold")],
                     [[(f"{label} {n}", style)] for label, n, style in unit_counts(result)]))
    if not rows:
        rows.append(([("沒有符合條件的目標", None)], []))
    title = "概況（就本表所列目標）" if result.narrowed else "概況"
    return _box(title, rows, total)


# what needs attention comes in this order: the worst first, then what nobody reported
ATTENTION_ORDER = {"not_achieved": 0, "seriously_behind": 1, "behind": 2, "not_reported": 4}


def attention_targets(result: StatusResult) -> list[TargetStatus]:
    """The targets a leader must hear of: behind, seriously behind or not achieved, not
    reported, or on pace in total while a unit's share of it lags; worst first, then in the
    plan's order."""
    def shares_lag(t) -> bool:
        return any(s.status in LAGGING for s in t.shares)

    chosen = [t for t in result.targets if t.status in ATTENTION_ORDER or shares_lag(t)]
    return sorted(chosen, key=lambda t: ATTENTION_ORDER.get(t.status, 3))


def _said(t: TargetStatus, result: StatusResult) -> tuple[str, str | None]:
    """What the 說明 column says of a target that needs attention: who has not explained it,
    the kind of reason given, or which units' shares lag or are missing."""
    silent = [u for u in result.units if t.id in u.unexplained]
    if silent:
        who = "" if [u.id for u in silent] == [t.lead] else "、".join(u.name for u in silent)
        return f"{who}未說明原因", "bold yellow"
    lagging = [s.name for s in t.shares if s.status in LAGGING]
    if t.status not in LAGGING and lagging:
        return f"{'、'.join(lagging)}滯後", "yellow"
    if t.status == "not_reported" or not t.reason:
        return "", None
    return REASON_LABELS[t.reason.kind], "bold red" if t.reason.kind == "subjective" else None


def _late_days(u, result: StatusResult) -> str:
    days = (u.submitted - result.reporting_date).days
    return f"{u.name}（{u.submitted.month}月{u.submitted.day}日報送，逾期{days}天）"


def attention_units(result: StatusResult) -> list[tuple[str, str, list[str]]]:
    """(flag, style, the units so flagged, as said) of the units a leader must hear of: not
    reported, late, a report that left targets out."""
    out = [("未報送", "magenta", [u.name for u in result.units if u.missing]),
           ("逾期報送", "yellow", [_late_days(u, result) for u in result.units if u.late]),
           ("報告缺項", "magenta", [f"{u.name}（缺{'、'.join(u.unreported[:5])}{'等' if len(u.unreported) > 5 else ''}）"
                                  for u in result.units if u.incomplete])]
    if result.quarter == YEAR_END:  # a proposal the year-end bulletin makes, as the units box says it
        out.append(("建議取消評優評先資格", "bold red", [u.name for u in result.units if u.eligibility_cancelled]))
    return [(flag, style, listed) for flag, style, listed in out if listed]


def _attention_grid(result: StatusResult, names: dict, targets, total: int, name_lines: int) -> list[Line]:
    grid = Grid(["編號", "指標", "牽頭單位", "狀態", "說明"], right=set(), fill=1, total=total)
    said = [_said(t, result) for t in targets]
    for t, (text, _) in zip(targets, said, strict=True):
        grid.add([t.id, "", names.get(t.lead, t.lead or "—"), t.label, text])
    name_cols = grid.widths()[1]
    grid.rows.clear()
    for t, (text, style) in zip(targets, said, strict=True):
        grid.add([t.id, wrap_lines(t.name, name_cols, name_lines), (names.get(t.lead, t.lead or "—"), "dim"),
                  (t.label, STYLE[t.status]), (text, style)])
    return grid.lines("")[1:]  # no title: the heading above says what it is


def overview_view(result: StatusResult, names: dict, total: int, height: int, title: str | None = None,
                  more: str = "", hints: tuple[str, ...] = ()) -> list[Line]:
    """The first screen of ``jxplan status``: the counts, then every unit and target that needs
    attention, within ``height`` lines. Names wrap to two lines while that fits, else one; a
    list that still does not fit ends with how many more there are and ``more``, the command
    that lists them all. ``hints`` close it (how to see the whole table)."""
    head = f"{title or f'{result.year}年政府工作要點'} {words.QUARTER_ZH[result.quarter]}落實情況"
    lines: list[Line] = [[(pad(" " * max(0, (total - width(head)) // 2) + head, total), "bold")]]
    lines += summary_lines(result, total)
    targets = attention_targets(result)
    units = attention_units(result)
    if not targets and not units:
        lines.append([("沒有需要關注的事項：沒有滯後、未完成或未報送的目標，各單位都按時報送。", "green")])
        return lines + [[(h, "dim")] for hint in hints for h in wrap(hint, total)]
    lines.append([(f"需要關注：{len(targets)}項目標" if targets else "需要關注", "bold")])
    for flag, style, listed in units:
        label = f"{flag}（{len(listed)}）："
        for i, line in enumerate(wrap_names(listed, max(NAME_MIN, total - width(label)))):
            lines.append([(label, style) if i == 0 else (" " * width(label), None), (line, None)])
    tail = [[(h, "dim")] for hint in hints for h in wrap(hint, total)]
    room = height - 1 - len(lines) - len(tail)  # a line for the prompt that follows
    grid: list[Line] = []
    if targets:
        for name_lines in (2, 1):
            grid = _attention_grid(result, names, targets, total, name_lines)
            if len(grid) <= room:
                break
        if len(grid) > room:  # one line a row is still too tall: the rows that fit, and the command for the rest
            rest = [f"另有 {len(targets)} 項目標需要關注，未列出；全部列出：{more}"]
            for _ in range(2):  # the line that says so may take two lines itself
                shown = max(1, room - 2 - len(rest))  # the grid's header and its rule
                rest = wrap(f"另有 {len(targets) - shown} 項目標需要關注，未列出；全部列出：{more}", total)
            grid = _attention_grid(result, names, targets[:shown], total, 1) + [[(line, "bold")] for line in rest]
    return lines + grid + tail


def trend_view(results: list[StatusResult], names: dict, total: int) -> list[Line]:
    """Each target's status quarter by quarter, and how the last quarter moved."""
    quarters = [r.quarter for r in results]
    grid = Grid(["編號", "指標", *quarters, "變化"], right=set(), fill=1, total=total)
    by_q = [{t.id: t for t in r.targets} for r in results]
    rows = []
    for t in results[-1].targets:
        said = OPEN_ENDED_LABELS if t.kind == "milestone" and t.open_ended else {}  # 持續推進, not 達進度

        def short(status: str, said: dict[str, str] = said) -> str:  # this target's words, bound now
            return said.get(status, SHORT[status])

        cells = [(short(q[t.id].status), STYLE[q[t.id].status]) if t.id in q else "—" for q in by_q]
        change = ("—", "dim")
        if len(by_q) > 1 and t.id in by_q[-2]:
            a, b = by_q[-2][t.id].status, by_q[-1][t.id].status
            if a == b:
                change = ("持平", "dim")
            else:
                better = RANK[b] < RANK[a]
                change = (f"{'↑' if better else '↓'}{short(a)}→{short(b)}", "green" if better else "red")
        rows.append((t, cells, change))
        grid.add([t.id, "", *cells, change])
    name_cols = grid.widths()[1]
    grid.rows.clear()
    for t, cells, change in rows:
        grid.add([t.id, wrap_lines(t.name, name_cols, 2), *cells, change])
    return grid.lines(f"{results[0].year}年各季度狀態（達進度＝達到序時進度）")


def units_view(units, duties: dict, total: int, roles=("牽頭單位", "責任單位"), title: str = "各單位職責",
               leaders: dict | None = None) -> list[Line]:
    """What each unit leads, supports as a co-unit, and carries as a breakdown share, under the
    plan's words for the roles; each task it leads with its leaders."""
    grid = Grid(["單位", roles[0], roles[1], "分解任務"], right=set(), fill=1, total=total)
    entries = []
    for u in units:
        d = duties[u.id]
        lead = [f"{r.id} {r.target.name}" + (f"（{'、'.join((leaders or {}).get(x, x) for x in r.leaders)}）"
                                              if r.leaders else "") for r in d["lead"]] or ["—"]
        co = " ".join(r.id for r in d["co"]) or "—"
        parts = " ".join(f"{r.id}（{r.target.breakdown[u.id]}{r.target.unit or ''}）" for r in d["breakdown"]) or "—"
        entries.append((u, lead, co, parts))
    co_cols = min(24, max(width(roles[1]), *(width(e[2]) for e in entries)))
    part_cols = min(16, max(width("分解任務"), *(width(e[3]) for e in entries)))
    grid.fixed = {2: co_cols, 3: part_cols}
    for u, *_ in entries:
        grid.add([u.name, "", "", ""])
    name_cols = grid.widths()[1]
    grid.rows.clear()
    for u, lead, co, parts in entries:
        lead_lines = [x for item in lead for x in wrap(item, name_cols)]
        co_lines, part_lines = wrap(co, co_cols), wrap(parts, part_cols)
        height = max(len(lead_lines), len(co_lines), len(part_lines), 2)

        def col(lines, i):
            return lines[i] if i < len(lines) else ""

        grid.add([u.name, lead_lines[0], co_lines[0], part_lines[0]])
        for i in range(1, height):
            grid.rows.append(("row", [f"[{u.id}]" if i == 1 else "", col(lead_lines, i), col(co_lines, i),
                                      col(part_lines, i)], []))
    return grid.lines(title)


# ---- jxplan explain -----------------------------------------------------------------------------

def explanation_lines(code: str, e, total: int) -> list[Line]:
    """One code: what it means, why it matters, how to fix it, each wrapped under its heading."""
    out: list[Line] = [[(code, "bold"), (f"（{e.group}）", "dim")]]
    for head, text in (("含義", e.meaning), ("為什麼要緊", e.why), ("怎樣改", e.fix)):
        label = f"{head}："
        for i, line in enumerate(wrap(text, max(NAME_MIN, total - 2 - width(label)))):
            out.append([("  ", None), (label, "bold") if i == 0 else (" " * width(label), None), (line, None)])
    return out


def explanations_lines(table: dict, groups: tuple[str, ...], total: int) -> list[Line]:
    """Every code with its meaning, group by group, and how to read one in full."""
    code_cols = max(width(c) for c in table) + 2
    out: list[Line] = []
    for group in groups:
        out.append([(group, "bold cyan")])
        for code, e in table.items():
            if e.group != group:
                continue
            for i, line in enumerate(wrap(e.meaning, max(NAME_MIN, total - 2 - code_cols))):
                out.append([("  ", None), (pad(code if i == 0 else "", code_cols), "bold" if i == 0 else None), (line, None)])
    out.append([("每個代碼的含義、為什麼要緊和怎樣改：jxplan explain 代碼（如 jxplan explain unexplained-lag）", "dim")])
    return out
