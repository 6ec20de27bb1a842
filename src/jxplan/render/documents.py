"""Bulletins and the responsibility decomposition through Jinja2 templates (Markdown and HTML).

The context is built here from the status results; the templates only lay it out. The
printed tables' column widths (``layout``) and the document language (``lang``) are added
when rendering, and the rendered text is put into the requested script.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from .. import script as scripts
from ..index import PlanIndex
from ..quantity import format_number
from ..status import StatusResult, TargetStatus
from ..terms import DUE_ZH, LABELS, LAGGING, QUARTERS, REASON_LABELS as REASON_ZH, YEAR_END
from . import templating, words
from .layout import Column, widths
from .templating import TemplateProblem

__all__ = ["TemplateProblem", "bulletin_context", "decomposition_context", "render"]


def md_cell(text) -> str:
    """Text safe inside a Markdown table cell: no pipes, no line breaks, no raw HTML."""
    s = str(text)
    for a, b in (("\\", "\\\\"), ("|", "\\|"), ("\r", " "), ("\n", " "), ("<", "&lt;"), (">", "&gt;"),
                 ("*", "\\*"), ("_", "\\_"), ("`", "\\`"), ("[", "\\["), ("]", "\\]")):
        s = s.replace(a, b)
    return s


def render(name: str, context: dict, template_dir: Path | None, fmt: str, to: str | None = None) -> str:
    """The document as text; ``to`` is the script of the output (None: as written)."""
    context = {**context, "layout": layout(name, context),
               "lang": scripts.LANG[to or scripts.detect(context.get("title", "")) or scripts.TEMPLATES_SCRIPT]}
    env = templating.environment(template_dir, fmt, {"md": md_cell})
    text = templating.render(env, f"{name}.{fmt}.j2", context)
    return convert_markup(text, to) if fmt == "html" else scripts.convert(text, to)


_STYLE = re.compile(r"(<style[^>]*>.*?</style>)", re.DOTALL | re.IGNORECASE)


def convert_markup(html: str, to: str | None) -> str:
    """HTML put into a script, its style sheet left alone (font names are names, not words)."""
    if to is None:
        return html
    parts = _STYLE.split(html)
    return "".join(p if i % 2 else scripts.convert(p, to) for i, p in enumerate(parts))


# The printed tables of the shipped HTML templates: 10.5 pt text, cells padded 0.8 mm a side
# with a 0.3 mm rule, in the 156 mm text block.
TABLE_PT, CELL_PAD_MM, TEXT_WIDTH_MM = 10.5, 2 * 0.8 + 0.3, 156.0
FIT, NAME, UNITS = Column(), Column(fit=False, min_em=6), Column(fit=False, min_em=4)
HTML_COLUMNS = {
    "headline": [FIT, NAME, FIT, FIT, FIT, Column(fixed_mm=19), FIT],
    "annex": [FIT, Column(fit=False, min_em=5), UNITS, FIT, FIT, FIT, Column(fixed_mm=14), FIT],
    "decomposition": [FIT, NAME, FIT, FIT, UNITS, UNITS, Column(fit=False, min_em=3)],
}


def layout(name: str, context: dict) -> dict:
    """Column widths in mm of the printed tables, sized to the text of their cells."""
    def size(key, rows):
        return widths(HTML_COLUMNS[key], rows, total_mm=TEXT_WIDTH_MM, font_pt=TABLE_PT, pad_mm=CELL_PAD_MM)

    if name == "bulletin":
        cells = ("id", "name", "goal", "expected", "actual")
        return {
            "headline": size("headline", [[str(r[k]) for k in cells] + ["", r["label"]] for r in context["headline"]]),
            "annex": size("annex", [[str(r[k]) for k in ("id", "name", "lead", "goal", "expected", "actual")]
                                    + ["", r["label"]] for s in context["sections"] for r in s["rows"]]),
        }
    if name == "decomposition":
        rows = []
        for s in context["sections"]:
            for p in s["points"]:
                if p["id"] is not None:
                    rows.append([str(p["id"]), p["title"], "", "", p["lead"] or "", "、".join(p["co"]), ""])
                for t in p["targets"]:
                    rows.append([t["id"], t["name"], t["goal"], t["due_label"], t["lead"], "、".join(t["co"]),
                                 max([f"{b['unit']} {b['share']}" for b in t["breakdown"]] or [""], key=len)])
        return {"table": size("decomposition", rows)}
    return {}


def date_zh(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _bar(t: TargetStatus) -> dict:
    """Where the bar ends and where the 序時 mark stands, as shares of the annual target."""
    if t.kind == "milestone":
        done = {"not_started": 0, "in_progress": 50, "done": 100}.get(t.stage or "", 0)
        mark = 100 if t.expected_stage == "done" else 50
        return {"bar": done, "mark": mark}
    if not t.target or t.target <= 0 or t.actual is None:
        return {"bar": 0, "mark": 0 if t.expected is None or not t.target else _pct(t.expected / t.target)}
    return {"bar": _pct(t.actual / t.target), "mark": _pct(t.expected / t.target) if t.expected is not None else 100}


def _pct(x: Decimal) -> int:
    return max(0, min(100, int((x * 100).to_integral_value())))


def row(t: TargetStatus, names: dict) -> dict:
    return {
        "id": t.id, "name": t.name, "kind": t.kind, "lead": names.get(t.lead, t.lead or "—"),
        "co": [names.get(c, c) for c in t.co],
        "goal": words.goal(t), "expected": words.expected(t), "actual": words.actual(t),
        "progress": words.progress(t), "status": t.status, "label": LABELS[t.status],
        "reason": t.reason.text if t.reason else None,
        "reason_kind": REASON_ZH[t.reason.kind] if t.reason else None,
        "note": t.note, "missing": [names.get(u, u) for u in t.missing],
        "section": t.section, "point": t.point,
        **_bar(t),
    }


def _sections(rows: list[dict], index: PlanIndex) -> list[dict]:
    out = []
    for key in [None] + [s.id for s in index.plan.sections]:
        mine = [r for r in rows if r["section"] == key]
        if mine:
            title = "主要預期目標" if key is None else next(s.title for s in index.plan.sections if s.id == key)
            out.append({"id": key, "label": "" if key is None else words.section_label(key), "title": title, "rows": mine})
    return out


def bulletin_context(index: PlanIndex, results: list[StatusResult], *, number: str | None, issue_no: int | None,
                     date: dt.date | None) -> dict:
    """Everything a bulletin template receives; ``results`` run Q1 … the bulletin's quarter."""
    result = results[-1]
    plan = index.plan
    names = {u.id: u.name for u in plan.units}
    q = result.quarter
    n = issue_no if issue_no is not None else QUARTERS.index(q) + 1
    rows = [row(t, names) for t in result.targets]
    by_id = {r["id"]: r for r in rows}
    history = {t.id: [] for t in result.targets}
    for r in results:
        for t in r.targets:
            history[t.id].append({"quarter": r.quarter, "ratio": None if t.ratio is None else float(t.ratio),
                                  "progress": words.progress(t), "status": t.status, "label": LABELS[t.status]})
    for r in rows:
        r["history"] = history[r["id"]]
    lagging = [r for r in rows if r["status"] in LAGGING]
    units = result.units
    commended = [{"name": u.name, "count": len(u.targets),
                  "achieved": [by_id[t]["name"] for t in u.targets if by_id[t]["status"] == "achieved"]}
                 for u in units if u.commended]
    unexplained = [{"name": u.name, "targets": [f"{t} {by_id[t]['name']}" for t in u.unexplained]}
                   for u in units if u.unexplained]
    cancelled = [{"name": u.name, "targets": [{"id": t, "name": by_id[t]["name"], "reason": by_id[t]["reason"]}
                                              for t in u.subjective]} for u in units if u.eligibility_cancelled]
    when = date or result.reporting_date
    return {
        "plan": {"title": plan.title, "year": plan.year, "issuer": plan.issuer, "office": plan.office,
                 "notice": plan.notice or f"{plan.issuer}關於印發{plan.title}的通知", "issued": date_zh(plan.issued)},
        "quarter": q, "quarter_zh": words.QUARTER_ZH[q], "period": words.QUARTER_PERIOD[q], "year_end": q == YEAR_END,
        "issue_no": n, "number": number or f"嘉政督〔{plan.year}〕{n}號", "date": date_zh(when),
        "date_iso": when.isoformat(),
        "title": f"關於{plan.title}{words.QUARTER_ZH[q]}落實情況的通報",
        "addressees": "各縣（市、區）人民政府，市政府各部門、直屬各單位：",
        "overview": words.overview(result), "summary_sentence": words.summary_sentence(result),
        "headline": [r for r in rows if r["section"] is None],
        "sections": _sections(rows, index),
        "lagging_sections": _sections(lagging, index),
        "lagging_count": len(lagging),
        "commended": commended, "unexplained": unexplained,
        "late": [u.name for u in units if u.late], "missing": [u.name for u in units if u.missing],
        "not_achieved": [r for r in rows if r["status"] == "not_achieved"],
        "cancelled": cancelled,
        "serious_pct": int(result.serious * 100),
    }


def decomposition_context(index: PlanIndex) -> dict:
    plan = index.plan
    names = {u.id: u.name for u in plan.units}

    def target_row(ref):
        t = ref.target
        goal = "—" if t.kind == "milestone" else words.goal(t)
        due = t.due or YEAR_END
        return {"id": t.id, "name": t.name, "goal": goal, "kind": t.kind, "due": due, "due_label": DUE_ZH[due],
                "lead": names.get(ref.lead, ref.lead or "—"), "co": [names.get(c, c) for c in ref.co],
                "breakdown": [{"unit": names.get(u, u), "share": f"{format_number(v)}{t.unit or ''}"}
                              for u, v in (t.breakdown or {}).items()]}

    sections = [{"label": "", "title": "主要預期目標", "points": [
        {"id": None, "title": None, "lead": None, "co": [], "targets": [target_row(r) for r in index.refs if r.section is None]}]}]
    for s in plan.sections:
        pts = []
        for p in s.points:
            pts.append({"id": p.id, "title": p.title, "lead": names.get(p.lead, p.lead), "co": [names.get(c, c) for c in p.co],
                        "targets": [target_row(r) for r in index.refs if r.point is p]})
        sections.append({"label": words.section_label(s.id), "title": s.title, "points": pts})
    return {"plan": {"title": plan.title, "year": plan.year, "issuer": plan.issuer, "issued": date_zh(plan.issued),
                     "office": plan.office},
            "title": f"{plan.title}責任分解方案", "sections": sections,
            "units": [{"id": u.id, "name": u.name, "full_name": u.full_name or u.name} for u in plan.units]}
