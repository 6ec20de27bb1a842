"""The status result as rich tables for the terminal (80 columns and up)."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..status import StatusResult
from ..terms import LABELS, RANK, SHORT_LABELS as SHORT, YEAR_END
from . import words

STYLE = {
    "achieved": "bold green", "on_track": "green", "behind": "yellow",
    "seriously_behind": "bold red", "not_achieved": "bold red", "not_reported": "magenta",
}


def _bar(p: int | None, width: int = 4) -> Text:
    if p is None:
        return Text("  —", style="dim")
    filled = max(0, min(width * 8, round(min(p, 100) * width * 8 / 100)))
    full, part = divmod(filled, 8)
    bar = "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")
    style = "green" if p >= 100 else "yellow" if p >= 80 else "red"
    return Text(f"{p:>3}% " if p < 1000 else ">999%", style="") + Text(bar.ljust(width, "·"), style=style)


def status_table(result: StatusResult, names: dict) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 0, 0, 1), expand=False,
                  title=f"{result.year}年政府工作要點 {words.QUARTER_ZH[result.quarter]}落實情況", title_style="bold")
    table.add_column("編號", no_wrap=True)
    table.add_column("指標／牽頭單位", min_width=10, ratio=1, overflow="fold")
    table.add_column("年度目標", no_wrap=True, justify="right")
    table.add_column("序時進度", no_wrap=True, justify="right")
    table.add_column("實際", no_wrap=True, justify="right")
    table.add_column("進度", no_wrap=True)
    table.add_column("狀態", no_wrap=True)
    last_section = last_point = object()
    for t in result.targets:
        if t.section != last_section:
            title = "主要預期目標" if t.section is None else f"{words.section_label(t.section)}{t.section_title}"
            if last_section is not object:
                table.add_section()
            table.add_row("", Text(title, style="bold cyan"))
            last_section = t.section
        if t.point is not None and t.point != last_point:
            table.add_row("", Text(f"{t.point}.{t.point_title}", style="bold"))
            last_point = t.point
        name = Text(t.name) + Text("\n" + names.get(t.lead, t.lead or "—"), style="dim")
        table.add_row(t.id, name, words.goal(t), words.expected(t, unit=False), words.actual(t, unit=False),
                      _bar(words.progress(t)), Text(t.label, style=STYLE[t.status]))
    return table


def units_panel(result: StatusResult) -> Panel:
    rows = []
    flags = [("missing", "未報送", "magenta"), ("late", "逾期報送", "yellow"),
             ("must_explain", "須說明原因", "yellow"), ("commended", "擬通報表彰", "green")]
    if result.quarter == YEAR_END:
        flags.append(("eligibility_cancelled", "取消評優評先資格", "bold red"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for attr, label, style in flags:
        names = [u.name for u in result.units if getattr(u, attr)]
        grid.add_row(Text(f"{label}（{len(names)}）", style=style), Text("、".join(names) or "—", overflow="fold"))
    rows.append(grid)
    return Panel(Group(*rows), title="單位", title_align="left", box=box.ROUNDED)


def render_status(result: StatusResult, names: dict, console: Console) -> None:
    console.print(status_table(result, names))
    console.print(Text(words.summary_sentence(result)))
    console.print(units_panel(result))




def render_trend(results: list[StatusResult], names: dict, console: Console) -> None:
    """Each target's status quarter by quarter, and how the last quarter moved."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 0, 0, 1),
                  title=f"{results[0].year}年各季度狀態（達進度＝達到序時進度）", title_style="bold")
    table.add_column("編號", no_wrap=True)
    table.add_column("指標", ratio=1, min_width=10, overflow="fold")
    for r in results:
        table.add_column(r.quarter, no_wrap=True)
    table.add_column("變化", no_wrap=True)
    by_q = [{t.id: t for t in r.targets} for r in results]
    for t in results[-1].targets:
        cells = [Text(SHORT[q[t.id].status], style=STYLE[q[t.id].status]) for q in by_q]
        change = Text("—", style="dim")
        if len(by_q) > 1:
            a, b = by_q[-2][t.id].status, by_q[-1][t.id].status
            if a == b:
                change = Text("持平", style="dim")
            else:
                better = RANK[b] < RANK[a]
                change = Text(f"{'↑' if better else '↓'}{SHORT[a]}→{SHORT[b]}", style="green" if better else "red")
        table.add_row(t.id, t.name, *cells, change)
    console.print(table)


def render_units(units, duties: dict, console: Console) -> None:
    """What each unit leads, co-leads, and carries as a breakdown share."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1), title="各單位職責", title_style="bold")
    table.add_column("單位", no_wrap=True)
    table.add_column("牽頭（第一責任單位）", ratio=2, overflow="fold")
    table.add_column("協辦（主要責任單位）", ratio=1, overflow="fold")
    table.add_column("分解任務", ratio=1, overflow="fold")
    for u in units:
        d = duties[u.id]
        lead = "\n".join(f"{r.id} {r.target.name}" for r in d["lead"]) or "—"
        co = " ".join(r.id for r in d["co"]) or "—"
        parts = " ".join(f"{r.id}（{r.target.breakdown[u.id]}{r.target.unit or ''}）" for r in d["breakdown"]) or "—"
        table.add_row(f"{u.name}\n[{u.id}]", lead, co, parts)
        table.add_section()
    console.print(table)
