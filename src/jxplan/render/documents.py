"""Documents through Jinja2 templates (Markdown and HTML): rendering, and the
responsibility decomposition's context; the bulletin's context is ``render/bulletin.py``.

The templates only lay a context out. The printed tables' column widths (``layout``), the
document language (``lang``) and the font stacks (``fonts``) are added when rendering, and the
rendered text is put into the requested script.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import overload
from pathlib import Path

from ..core import script as scripts
from ..check.index import PlanIndex
from ..core.quantity import format_number
from ..core.terms import YEAR_END, due_quarter, due_words
from . import fonts, templating, words
from .layout import Column, text_em, widths
from .templating import TemplateProblem

__all__ = ["TemplateProblem", "decomposition_context", "render"]

# Source text keeps the scrape's ASCII punctuation (formats.md allows either); documents show fullwidth.
_ZH_PUNCT = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})


@overload
def zh_punct(text: str) -> str: ...
@overload
def zh_punct(text: None) -> None: ...
@overload
def zh_punct(text: str | None) -> str | None: ...


def zh_punct(text: str | None) -> str | None:
    """Text with fullwidth Chinese punctuation, for display; the words are unchanged."""
    return None if text is None else text.translate(_ZH_PUNCT)


def md_cell(text) -> str:
    """Text safe inside a Markdown table cell: no pipes, no line breaks, no raw HTML."""
    s = str(text)
    for a, b in (("\\", "\\\\"), ("|", "\\|"), ("\r", " "), ("\n", " "), ("<", "&lt;"), (">", "&gt;"),
                 ("*", "\\*"), ("_", "\\_"), ("`", "\\`"), ("[", "\\["), ("]", "\\]")):
        s = s.replace(a, b)
    return s


def language(context: dict, to: str | None) -> str:
    """The document's language tag (zh-Hans, zh-Hant): the script asked for, else the plan's own."""
    return scripts.LANG[to or scripts.detect(context.get("title", "")) or scripts.TEMPLATES_SCRIPT]


def render(name: str, context: dict, template_dir: Path | None, fmt: str, to: str | None = None) -> str:
    """The document as text; ``to`` is the script of the output (None: as written)."""
    lang = language(context, to)
    context = {**context, "layout": layout(name, context), "lang": lang, "fonts": fonts.stacks(lang)}
    env = templating.environment(template_dir, fmt, {"md": md_cell})
    text = templating.render(env, f"{name}.{fmt}.j2", context)
    return convert_markup(text, to) if fmt == "html" else scripts.convert(text, to)


def convert_markup(html: str, to: str | None) -> str:
    """HTML put into a script, its style sheets left alone (font names are names, not words).
    Each tag found once, never by one pattern for the whole sheet: ``<style[^>]*>.*?</style>``
    rescanned the rest of the document from each ``<style`` never closed (100,000: 33 s)."""
    if to is None:
        return html
    out, at = [], 0
    while True:
        start = _STYLE_OPEN.search(html, at)
        end = _STYLE_CLOSE.search(html, start.end()) if start else None
        if start is None or end is None:  # no sheet left that is closed: the rest is text
            break
        out += [scripts.convert(html[at:start.start()], to), html[start.start():end.end()]]
        at = end.end()
    out.append(scripts.convert(html[at:], to))
    return "".join(out)


_STYLE_OPEN, _STYLE_CLOSE = re.compile("<style", re.I), re.compile("</style>", re.I)


# The printed tables of the shipped HTML templates: 10.5 pt text, cells padded 0.8 mm a side
# with a 0.3 mm rule, in the 156 mm text block; the bulletin's annex and the decomposition's
# table are printed across the page (橫排, GB/T 9704 §10.1), in a text block 225 mm wide.
TABLE_PT, CELL_PAD_MM, TEXT_WIDTH_MM, ANNEX_WIDTH_MM = 10.5, 2 * 0.8 + 0.3, 156.0, 225.0
FIT, NAME = Column(), Column(fit=False, min_em=6)
GOAL, PACE = Column(cap_em=7), Column(cap_em=5)
UNIT = Column(sep="、")  # one unit: as wide as the widest name
UNITS = Column(fit=False, min_em=4, sep="、")  # several: they wrap between names, never inside one
HEADLINE_HEADERS = ["編號", "指標", "年度目標", "序時進度", "實際", "狀態"]
ANNEX_HEADERS = ["編號", "指標", "牽頭單位", "年度目標", "序時進度", "實際", "進度", "狀態"]
# The decomposition's columns, in order; the leaders', the co-units' and the breakdown's only when
# some row has them, the units' under the plan's own words (``roles``).
DECOMPOSITION_KEYS = ("no", "id", "task", "goal", "due", "leaders", "lead", "co", "breakdown")
DECOMPOSITION_HEADERS = {"no": "序號", "id": "編號", "task": "主要工作任務", "goal": "年度目標", "due": "完成時限",
                         "breakdown": "分解"}


def decomposition_columns(context: dict) -> list[str]:
    """The decomposition's columns for this plan."""
    shown = {"leaders": context["has_leaders"], "co": context["has_co"], "breakdown": context["has_breakdown"]}
    return [k for k in DECOMPOSITION_KEYS if shown.get(k, True)]


def decomposition_header(key: str, context: dict) -> str:
    return DECOMPOSITION_HEADERS.get(key) or context["roles"][key.rstrip("s") if key == "leaders" else key]
TABLE_COLUMNS = {
    "headline": [FIT, NAME, GOAL, FIT, FIT, FIT],
    # 年度目標 and 進度 as wide as their figures (突破2000億元, 105%); a goal or a ceiling's state in
    # words (完成省下達的目標, 控制在目標範圍內) wraps in its cell rather than take the task's room
    "annex": [FIT, Column(fit=False, min_em=8), UNIT, GOAL, FIT, FIT, PACE, FIT],
    "decomposition": [FIT, FIT, NAME, FIT, Column(fit=False, min_em=4), UNITS, UNIT, UNITS, Column(fit=False, min_em=3)],
}


def headline_cells(r: dict) -> list[str]:
    return [str(r[k]) for k in ("id", "name", "goal", "expected", "actual", "label")]


def annex_cells(r: dict) -> list[str]:
    return [str(r[k]) for k in ("id", "name", "lead", "goal", "expected", "actual", "pace", "label")]


def layout(name: str, context: dict) -> dict:
    """Column widths in mm of the printed tables, sized to the text of their cells."""
    def size(key, rows, headers, total=TEXT_WIDTH_MM):
        return widths(TABLE_COLUMNS[key], rows, total_mm=total, font_pt=TABLE_PT, pad_mm=CELL_PAD_MM,
                      headers=headers)

    if name == "bulletin":
        return {
            "headline": size("headline", [headline_cells(r) for r in context["headline"]], HEADLINE_HEADERS),
            "annex": size("annex", [annex_cells(r) for s in context["annex_sections"]
                                    for r in s["rows"] + s["ongoing_rows"]],
                           [context["roles"]["lead"] if h == "牽頭單位" else h for h in ANNEX_HEADERS], ANNEX_WIDTH_MM),
        }
    if name == "decomposition":
        keys = decomposition_columns(context)
        spec = dict(zip(DECOMPOSITION_KEYS, TABLE_COLUMNS["decomposition"], strict=True))
        if any(len(t["leads"]) > 1 for s in context["sections"] for p in s["points"] for t in p["targets"]):
            spec["lead"] = UNITS  # several leads wrap between names, as co-units do
        rows = []
        for s in context["sections"]:
            for p in s["points"]:
                for t in p["targets"]:
                    cells = {"no": str(t["no"]), "id": max(t["ids"], key=len), "task": t["task"],
                             "goal": max(t["goals"] or ["—"], key=len), "due": t["due_label"],
                             "leaders": "、".join(t["leaders"]) or "—", "lead": t["lead"], "co": "、".join(t["co"]) or "—",
                             "breakdown": max([f"{b['unit']} {b['share']}" for b in t["breakdown"]] or [""], key=len)}
                    rows.append([cells[k] for k in keys])
        headers = [decomposition_header(k, context) for k in keys]
        return {"table": widths([spec[k] for k in keys], rows, total_mm=ANNEX_WIDTH_MM, font_pt=TABLE_PT,
                                pad_mm=CELL_PAD_MM, headers=headers)}
    return {}


def date_zh(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def inner(text: str) -> str:
    """Words quoted inside “…”: their own double quotation marks become single (“受‘雙反’影響”)."""
    return text.replace("“", "‘").replace("”", "’")


def notice_context(plan) -> dict:
    """The notice as the plan holds it, and the sentences documents quote from it.

    ``reporting`` (the reporting duty), ``duties`` (what the lead and co units must do) and
    ``consequences`` are the sentences the plan's ``bulletins`` quote from the notice (a check
    holds them to it word for word), empty when it quotes none: never found by guessing.
    ``cite`` names the notice without inventing a title: its own title when the source gives one.
    """
    n = plan.notice
    paragraphs = list(n.paragraphs) if n else []
    b = plan.bulletins

    def quoted(field: str) -> str:
        text = getattr(b, field) if b is not None else None
        return inner(zh_punct(text.strip())) if text else ""

    title = n.title if n else None
    when = date_zh(plan.issued) if plan.issued else ""
    return {
        "title": title, "addressees": zh_punct(n.addressees) if n else None,
        "paragraphs": [zh_punct(p) for p in paragraphs], "annexes": list(n.annexes) if n else [],
        "signature": n.signature if n else None, "date": n.date if n else None,
        "cite": f"《{title}》" if title else f"{plan.issuer}{when}印發《{plan.title}》的通知",
        "reporting": quoted("duty"), "consequences": quoted("consequences"),
        "duties": quoted("division"),  # each quoted whole in “…” by the bulletin
    }


def due_label(t, office: str, due: str | None = None) -> str:
    """完成時限 as a document shows it: 持續推進, 年內, a quarter or the text's words (6月底前) —
    marked when the office set it; ``due``: the deadline inherited from its point, for a plan's target."""
    if t.kind == "milestone" and t.open_ended:
        return "持續推進"
    label = due_words(due or t.due)
    if t.due_set_by == "office":
        return f"{label}（{office}確定）"
    return label


def _office_short(office: str) -> str:
    """How the office names itself in a document's body: 嘉興市人民政府督查室 → 市政府督查室."""
    m = re.fullmatch(r".+?([市縣县區区])人民政府(.+)", office)
    if m:
        return f"{m.group(1)}政府{m.group(2)}"
    return office


TITLE_EM = 20.0  # characters of 2號 (22 pt) in the 156 mm text block


def title_lines(head: str, tail: str) -> list[str]:
    """The title in lines broken where the sense allows (GB/T 9704 7.3.1): 關於＋the plan's title,
    then the quarter and 落實情況的通報, rather than wherever the line is full."""
    if text_em(head + tail) <= TITLE_EM or text_em(head) > TITLE_EM or text_em(tail) > TITLE_EM:
        return [head + tail]
    return [head, tail]


def _task_position(t, text: str) -> int:
    """Where a target's source begins in its paragraph, so that rows follow the text."""
    if t.source:
        at = text.find(t.source.split("…")[0])
        if at >= 0:
            return at
    return len(text)


def _counts_sentence(rows: int, refs) -> str:
    """共260項工作任務（266個督辦事項：量化指標49項，…）: the kinds there are, none counted at 0; the
    督辦事項 said only when the rows and the items differ (a clause quoted by several items)."""
    kinds = [("量化指標", sum(r.target.kind != "milestone" for r in refs)),
             ("有完成要求的工作", sum(r.target.kind == "milestone" and not r.target.open_ended for r in refs)),
             ("持續推進的工作", sum(bool(r.target.open_ended) for r in refs))]
    said = "，".join(f"{what}{n}項" for what, n in kinds if n)
    items = f"{len(refs)}個督辦事項：" if len(refs) != rows else ""
    return f"共{rows}項工作任務（{items}{said}）。"


def _due_legend(ongoing: bool, office: str, by_office: bool) -> str:
    """How to read the 完成時限 column: only what the table holds."""
    said = "完成時限：“年內”即全年完成"
    if ongoing:
        said += "；“持續推進”的工作不設完成時限，按季度報告推進情況"
    if by_office:
        said += f"；註明“{office}確定”的時限不是原文所定"
    return said + "。"


def _goal_cell(t) -> list[str]:
    """A task's 年度目標 in the decomposition: its figure as the text says it, or a task's own
    goal in the plan's words (完成省下達的目標), as the bulletin states it; a task whose goal is
    its deadline has none here (the 完成時限 column says it)."""
    if t.kind != "milestone":
        return [words.goal(t)]
    return [t.goal] if t.goal else []


def _task_rows(index: PlanIndex, office: str, refs: list, text: str) -> list[dict]:
    """The rows of a point's tasks in the order of its text; targets quoting the same clause
    with the same units, deadline and kind make one row."""
    refs = sorted(refs, key=lambda r: _task_position(r.target, text))
    out: list[dict] = []
    for ref in refs:
        t = ref.target
        key = (t.source, ref.lead_named, ref.co_named, ref.leaders, ref.due, t.due_set_by, t.open_ended,
               t.kind == "milestone")
        if t.source and out and out[-1]["key"] == key and not t.breakdown and not out[-1]["breakdown"]:
            r = out[-1]
            r["ids"].append(t.id)
            r["names"].append(t.name)
            r["goals"] += _goal_cell(t)
            continue
        out.append({
            "key": key, "ids": [t.id], "names": [t.name], "task": zh_punct(t.source) or t.name,
            "goals": _goal_cell(t), "kind": t.kind,
            "open_ended": t.open_ended, "due": due_quarter(ref.due) if ref.due else YEAR_END,
            "due_label": due_label(t, office, ref.due),
            "due_by_office": t.due_set_by == "office",
            "lead": "、".join(index.names(ref.lead_named)) or "—", "leads": index.names(ref.lead_named),
            "co": index.names(ref.co_named), "leaders": index.leader_names(ref.leaders),
            "breakdown": [{"unit": index.unit_name(u), "share": f"{format_number(v)}{t.unit or ''}"}
                          for u, v in (t.breakdown or {}).items()],
        })
    for r in out:
        del r["key"]
        r["id"] = "、".join(r["ids"])
        r["name"] = "、".join(r["names"])
        r["goal"] = "、".join(r["goals"]) or "—"
    return out


def _decomposition_sections(index: PlanIndex, office: str) -> list[dict]:
    """The headline targets, then each top part with its points, the parts between a part and
    its point headed once, as rows."""
    plan = index.plan
    opening = plan.preamble[0] if plan.preamble else ""
    sections: list[dict] = []
    if index.plan.headline:
        sections.append({"label": index.headline_label, "title": index.headline_title, "points": [
            {"id": None, "title": None, "headings": [], "lead": None, "co": [],
             "targets": _task_rows(index, office, [r for r in index.refs if r.section is None], opening)}]})
    shown: tuple = ()
    for pr in index.points:
        top = pr.chain[0]
        if not sections or sections[-1].get("part") is not top:
            sections.append({"part": top, "label": words.section_label(top.id), "title": top.title, "points": []})
            shown = (top,)
        # the parts between the top and the point that have not been headed yet: a row each
        fresh = [s for s in pr.chain[1:] if s not in shown]
        headings = [index.heading(s, depth) for depth, s in enumerate(pr.chain, 1) if s in fresh]
        shown = pr.chain
        p = pr.point
        sections[-1]["points"].append({"id": p.id, "title": p.title, "headings": headings,
                                       "targets": _task_rows(index, office, [r for r in index.refs if r.point is p], p.text)})
    for s in sections:
        s.pop("part", None)
    return sections


PROVISIONAL = "（暫定）"  # after the title of a decomposition whose assignments are not the government's


def decomposition_context(index: PlanIndex) -> dict:
    """Annex 2: one row per task in the plan's own words, with its figure, deadline, leaders and
    units, under the plan's parts at every depth (一、 heads a table, （一） and deeper head rows).

    Targets that quote the same clause (嘉興港 throughput 超6000萬噸、集裝箱超70萬標箱) and share
    their units make one row; rows follow the order of the text, numbered 1…N across the
    table (``no``, the 序號) beside the ids units report by. Units are printed as the plan
    names them (a group by its name: 各縣（市、區）政府), under the document's own column
    words (``roles``); the leaders' column and the co-units' are there only when some row
    has them. Assignments the plan marks as provisional are said so in the title
    (…責任分解方案（暫定）), and such a document carries no issuer or date under it: the
    government has not issued it.
    """
    plan = index.plan
    assert plan.office is not None  # a plan names its issuer, whose 督查室 it is when it names no office (model)
    office = _office_short(plan.office)
    sections = _decomposition_sections(index, office)
    rows = [r for s in sections for p in s["points"] for r in p["targets"]]
    for no, r in enumerate(rows, 1):
        r["no"] = no
    provisional = plan.assignment_status == "provisional"
    title = plan.decomposition_title or plan.title + "責任分解方案"
    tail = title[len(plan.title):] if title.startswith(plan.title) else ""
    title += PROVISIONAL if provisional else ""
    tail += PROVISIONAL if provisional else ""
    roles = index.roles
    return {"plan": {"title": plan.title, "year": plan.year, "issuer": plan.issuer,
                     "issued": date_zh(plan.issued) if plan.issued else "", "office": plan.office},
            "office_short": office,
            "notice": notice_context(plan),
            "title": title, "title_lines": title_lines(plan.title, tail) if tail else [title],
            "provisional": provisional,
            "roles": {"lead": roles.lead, "co": roles.co, "leader": roles.leader},
            "has_leaders": any(r["leaders"] for r in rows), "has_co": any(r["co"] for r in rows),
            "sections": sections,
            "assignment_note": plan.assignment_note,
            "counts_sentence": _counts_sentence(len(rows), index.refs),
            "due_legend": _due_legend(any(r.target.open_ended for r in index.refs), office,
                                      any(r["due_by_office"] for r in rows)),
            "has_breakdown": any(r["breakdown"] for r in rows),
            "has_office_due": any(r["due_by_office"] for r in rows),
            "units": [{"id": u.id, "name": u.name, "full_name": u.full_name or u.name} for u in plan.units]}
