"""Bulletins and the responsibility decomposition through Jinja2 templates (Markdown and HTML).

The context is built here from the status results; the templates only lay it out. The
printed tables' column widths (``layout``) and the document language (``lang``) are added
when rendering, and the rendered text is put into the requested script.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .. import script as scripts
from ..index import PlanIndex
from ..quantity import format_number
from ..status import StatusResult, TargetStatus, last_report
from ..terms import DUE_ZH, GOOD, LABELS, LAGGING, QUARTERS, REASON_LABELS as REASON_ZH, YEAR_END
from . import templating, words
from .layout import Column, text_em, widths
from .templating import TemplateProblem

__all__ = ["TemplateProblem", "bulletin_context", "decomposition_context", "render"]

# Source text keeps the scrape's ASCII punctuation (formats.md allows either); documents show fullwidth.
_ZH_PUNCT = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})


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


def render(name: str, context: dict, template_dir: Path | None, fmt: str, to: str | None = None) -> str:
    """The document as text; ``to`` is the script of the output (None: as written)."""
    context = {**context, "layout": layout(name, context),
               "lang": scripts.LANG[to or scripts.detect(context.get("title", "")) or scripts.TEMPLATES_SCRIPT]}
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
        if end is None:  # no sheet left that is closed: the rest is text
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
UNIT = Column(sep="、")  # one unit: as wide as the widest name
UNITS = Column(fit=False, min_em=4, sep="、")  # several: they wrap between names, never inside one
HEADLINE_HEADERS = ["編號", "指標", "年度目標", "序時進度", "實際", "狀態"]
ANNEX_HEADERS = ["編號", "指標", "牽頭單位", "年度目標", "序時進度", "實際", "進度", "狀態"]
DECOMPOSITION_HEADERS = ["編號", "主要工作任務", "年度目標", "完成時限", "第一責任單位", "主要責任單位", "分解"]
HTML_COLUMNS = {
    "headline": [FIT, NAME, FIT, FIT, FIT, FIT],
    "annex": [FIT, Column(fit=False, min_em=8), UNIT, FIT, FIT, FIT, FIT, FIT],
    "decomposition": [FIT, NAME, FIT, Column(fit=False, min_em=4), UNIT, UNITS, Column(fit=False, min_em=3)],
}


def progress_cell(r: dict) -> str:
    """The annex's 進度: actual against the quarter's expectation, in whole percent."""
    return f"{r['progress']}%" if r["progress"] is not None else "—"


def headline_cells(r: dict) -> list[str]:
    return [str(r[k]) for k in ("id", "name", "goal", "expected", "actual", "label")]


def annex_cells(r: dict) -> list[str]:
    return [str(r[k]) for k in ("id", "name", "lead", "goal", "expected", "actual")] + [progress_cell(r), r["label"]]


def layout(name: str, context: dict) -> dict:
    """Column widths in mm of the printed tables, sized to the text of their cells."""
    def size(key, rows, headers, total=TEXT_WIDTH_MM):
        return widths(HTML_COLUMNS[key], rows, total_mm=total, font_pt=TABLE_PT, pad_mm=CELL_PAD_MM,
                      headers=headers)

    if name == "bulletin":
        return {
            "headline": size("headline", [headline_cells(r) for r in context["headline"]], HEADLINE_HEADERS),
            "annex": size("annex", [annex_cells(r) for s in context["annex_sections"]
                                    for r in s["rows"] + s["ongoing_rows"]], ANNEX_HEADERS, ANNEX_WIDTH_MM),
        }
    if name == "decomposition":
        n = 7 if context.get("has_breakdown") else 6  # the 分解 column only when some task is broken down
        rows = []
        for s in context["sections"]:
            for p in s["points"]:
                for t in p["targets"]:
                    rows.append([max(t["ids"], key=len), t["task"], max(t["goals"] or ["—"], key=len), t["due_label"],
                                 t["lead"], "、".join(t["co"]) or "—",
                                 max([f"{b['unit']} {b['share']}" for b in t["breakdown"]] or [""], key=len)][:n])
        return {"table": widths(HTML_COLUMNS["decomposition"][:n], rows, total_mm=ANNEX_WIDTH_MM, font_pt=TABLE_PT,
                                pad_mm=CELL_PAD_MM, headers=DECOMPOSITION_HEADERS[:n])}
    return {}


def date_zh(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _sentences(paragraphs: list[str]) -> list[str]:
    out = []
    for p in paragraphs:
        out += [x + "。" for x in p.split("。") if x.strip()]
    return out


def inner(text: str) -> str:
    """Words quoted inside “…”: their own double quotation marks become single (“受‘雙反’影響”)."""
    return text.replace("“", "‘").replace("”", "’")


def notice_context(plan) -> dict:
    """The notice as the plan holds it, and the sentences documents quote from it.

    ``reporting`` (每季度末…書面匯報, 督辦通報), ``consequences`` (表彰…取消…資格) and ``duties``
    (第一責任單位要…, 各主要責任單位要…) are whole sentences of the notice, empty when it has none.
    ``cite`` names the notice without inventing a title: its own title when the source gives one.
    """
    n = plan.notice
    paragraphs = list(n.paragraphs) if n else []
    sentences = _sentences(paragraphs)

    def about(*keys: str) -> str:
        return zh_punct("".join(x for x in sentences if any(k in x for k in keys)))

    title = n.title if n else None
    return {
        "title": title, "addressees": zh_punct(n.addressees) if n else None,
        "paragraphs": [zh_punct(p) for p in paragraphs], "annexes": list(n.annexes) if n else [],
        "signature": n.signature if n else None, "date": n.date if n else None,
        "cite": f"《{title}》" if title else f"{plan.issuer}{date_zh(plan.issued)}印發《{plan.title}》的通知",
        "reporting": inner(about("季度", "督辦通報")), "consequences": inner(about("表彰", "評優")),
        "duties": inner(about("責任單位要")),  # each quoted whole in “…” by the bulletin
    }


def due_label(t, office: str) -> str:
    """完成時限 as a document shows it: 持續推進, 年內, or a quarter — marked when the office set it."""
    if t.kind == "milestone" and t.open_ended:
        return "持續推進"
    label = DUE_ZH[t.due or YEAR_END]
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


def row(t: TargetStatus, names: dict, office: str = "督查室") -> dict:
    return {
        "id": t.id, "name": t.name, "kind": t.kind, "open_ended": t.open_ended, "due": t.due or YEAR_END,
        "due_label": due_label(t, office), "due_by_office": t.due_set_by == "office",
        "lead": names.get(t.lead, t.lead or "—"),
        "co": [names.get(c, c) for c in t.co],
        "goal": words.goal(t), "expected": words.expected(t), "actual": words.actual(t),
        "milestone_words": words.milestone_sentence(t, due_label(t, office) if t.due_set_by == "office" else None)
        if t.kind == "milestone" else None,
        "progress": words.progress(t), "status": t.status, "label": t.label,
        # the lead's own reason: a breakdown unit's is quoted under that unit's name (shares_behind),
        # never as the lead's (formats.md: the lead must explain; the unit answers for its share)
        "reason": inner(t.lead_reason.text) if t.lead_reason else None,
        "reason_kind": REASON_ZH[t.lead_reason.kind] if t.lead_reason else None,
        "note": t.note, "missing": [names.get(u, u) for u in t.missing],
        "shares_behind": [{"unit": s.name, "label": LABELS[s.status],
                           "reason": inner(s.reason.text) if s.reason else None,
                           "reason_kind": REASON_ZH[s.reason.kind] if s.reason else None}
                          for s in t.shares if s.status in LAGGING],
        "shares_missing": [s.name for s in t.shares if s.actual is None],
        "section": t.section, "point": t.point,
    }


def reason_of(t: TargetStatus, uid: str):
    """The reason ``uid`` gave for target ``t``: its share's, or the lead's own."""
    if t.shares:
        share = next((s for s in t.shares if s.unit == uid), None)
        if share is not None and share.reason is not None:
            return share.reason
    return t.lead_reason if uid == t.lead else None


def _sections(rows: list[dict], index: PlanIndex) -> list[dict]:
    out = []
    for key in [None] + [s.id for s in index.plan.sections]:
        mine = [r for r in rows if r["section"] == key]
        if mine:
            title = "主要預期目標" if key is None else next(s.title for s in index.plan.sections if s.id == key)
            out.append({"id": key, "label": "" if key is None else words.section_label(key), "title": title, "rows": mine})
    return out


def _annex(rows: list[dict], index: PlanIndex) -> list[dict]:
    """The annex as supervision bulletins print it, section by section: every task with an end-state
    (a figure or a milestone) row by row; the open-ended tasks counted, and those not under way
    (未啟動, 未報送) row by row, so that nothing lagging is left out and nothing on pace is listed."""
    out = []
    for s in _sections(rows, index):
        ongoing = [r for r in s["rows"] if r["open_ended"]]
        out.append({**s, "rows": [r for r in s["rows"] if not r["open_ended"]],
                    "ongoing": {"total": len(ongoing), "ok": sum(r["status"] in GOOD for r in ongoing),
                                "lagging": sum(r["status"] in LAGGING for r in ongoing),
                                "not_reported": sum(r["status"] == "not_reported" for r in ongoing)},
                    "ongoing_rows": [r for r in ongoing if r["status"] not in GOOD]})
    return out


def bulletin_context(index: PlanIndex, results: list[StatusResult], *, number: str | None, issue_no: int | None,
                     date: dt.date | None) -> dict:
    """Everything a bulletin template receives; ``results`` run Q1 … the bulletin's quarter."""
    result = results[-1]
    plan = index.plan
    names = {u.id: u.name for u in plan.units}
    q = result.quarter
    n = issue_no if issue_no is not None else QUARTERS.index(q) + 1
    office = _office_short(plan.office)
    rows = [row(t, names, office) for t in result.targets]
    by_id = {r["id"]: r for r in rows}
    history = {t.id: [] for t in result.targets}
    for r in results:
        for t in r.targets:
            history[t.id].append({"quarter": r.quarter, "ratio": None if t.ratio is None else float(t.ratio),
                                  "progress": words.progress(t), "status": t.status, "label": t.label})
    for r in rows:
        r["history"] = history[r["id"]]
    lagging = [r for r in rows if r["status"] in LAGGING]
    units = result.units

    def ahead(r: dict) -> bool:
        """Achieved now, and already in a quarter before the one it is due."""
        due = QUARTERS.index(r["due"])
        return r["status"] == "achieved" and any(
            h["status"] == "achieved" and QUARTERS.index(h["quarter"]) < due for h in r["history"])

    commended = [{"name": u.name, "count": len(u.targets),
                  "achieved": [by_id[t]["name"] for t in u.targets if by_id[t]["status"] == "achieved"],
                  "ahead": [by_id[t]["name"] for t in u.targets if ahead(by_id[t])],
                  "ongoing": sum(by_id[t]["open_ended"] for t in u.targets)}
                 for u in units if u.commended]
    groups = [("ahead", [u for u in commended if u["ahead"]]),
              ("done" if q == YEAR_END else "on_pace", [u for u in commended if not u["ahead"] and u["count"] > u["ongoing"]]),
              ("ongoing", [u for u in commended if not u["ahead"] and u["count"] == u["ongoing"]])]
    commended_groups = [{"kind": k, "units": [u["name"] for u in us]} for k, us in groups if us]
    unexplained = [{"name": u.name, "targets": [f"{t} {by_id[t]['name']}" for t in u.unexplained]}
                   for u in units if u.unexplained]
    statuses = {t.id: t for t in result.targets}

    def said_by(uid: str, tid: str) -> str | None:
        r = reason_of(statuses[tid], uid)
        return inner(r.text) if r else None

    cancelled = [{"name": u.name, "targets": [{"id": t, "name": by_id[t]["name"], "reason": said_by(u.id, t)}
                                              for t in u.subjective]} for u in units if u.eligibility_cancelled]
    latest = last_report(result)  # a bulletin is never dated before a report it quotes (one sent late)
    when = date or (max(result.reporting_date, latest) if latest else result.reporting_date)
    head, tail = f"關於{plan.title}", f"{words.QUARTER_PERIOD[q]}落實情況的通報"  # 上半年, as the body says
    return {
        "plan": {"title": plan.title, "year": plan.year, "issuer": plan.issuer, "office": plan.office,
                 "issued": date_zh(plan.issued)},
        "office_short": office,
        "notice": notice_context(plan),
        "quarter": q, "quarter_zh": words.QUARTER_ZH[q], "period": words.QUARTER_PERIOD[q], "year_end": q == YEAR_END,
        "issue_no": n, "number": number if number is not None else (f"{plan.office_code}〔{when.year}〕{n}號" if plan.office_code else ""),
        "date": date_zh(when),
        "date_iso": when.isoformat(),
        "title": head + tail, "title_lines": title_lines(head, tail),
        "addressees": "各縣（市、區）人民政府，市政府各部門、直屬各單位：",
        "overview": words.overview(result), "summary_sentence": words.summary_sentence(result),
        "headline": [r for r in rows if r["section"] is None],
        "sections": _sections(rows, index),
        "lagging_sections": _sections(lagging, index),
        "annex_sections": _annex(rows, index),
        "lagging_count": len(lagging),
        "commended": commended, "commended_groups": commended_groups,
        "commended_sentence": words.commended_sentence(commended_groups, q == YEAR_END),
        "unexplained": unexplained,
        "late": [u.name for u in units if u.late], "missing": [u.name for u in units if u.missing],
        "incomplete": [{"name": u.name, "targets": list(u.unreported)} for u in units if u.incomplete],
        "not_achieved": [r for r in rows if r["status"] == "not_achieved"],
        "cancelled": cancelled,
        "serious_pct": int(result.serious * 100),
        # 附件說明 and the annex's own title (one annex, so no number)
        "annex_title": f"{plan.title}{words.QUARTER_PERIOD[q]}進度表",
        # 版記: the office fills in whom it copies to, who prints and when (placeholders until then)
        "imprint": {"cc": IMPRINT_BLANK, "by": plan.office, "date": IMPRINT_DATE_BLANK},
    }


IMPRINT_BLANK = "……"
IMPRINT_DATE_BLANK = "……年……月……日"


def _task_position(t, text: str) -> int:
    """Where a target's source begins in its paragraph, so that rows follow the text."""
    if t.source:
        at = text.find(t.source.split("…")[0])
        if at >= 0:
            return at
    return len(text)


def _units(ids, names: dict, counties: list[str]) -> list[str]:
    """Unit names; all the county governments together read 各縣（市、區）政府, as an Annex 2 writes it."""
    ids = list(ids)
    if len(counties) > 1 and set(counties) <= set(ids):
        first = ids.index(next(u for u in ids if u in counties))
        ids = [u for u in ids if u not in counties]
        ids.insert(first, None)
    return [names.get(u, u) if u is not None else "各縣（市、區）政府" for u in ids]


def decomposition_context(index: PlanIndex) -> dict:
    """Annex 2: one row per task in the plan's own words, with its figure, deadline and units.

    Targets that quote the same clause (嘉興港 throughput 超6000萬噸、集裝箱超70萬標箱) and share
    their units make one row; rows follow the order of the text.
    """
    plan = index.plan
    names = {u.id: u.name for u in plan.units}
    counties = [u.id for u in plan.units if u.kind == "county"]
    office = _office_short(plan.office)

    def rows_of(refs, text: str) -> list[dict]:
        refs = sorted(refs, key=lambda r: _task_position(r.target, text))
        out: list[dict] = []
        for ref in refs:
            t = ref.target
            key = (t.source, ref.lead, ref.co, t.due, t.due_set_by, t.open_ended, t.kind == "milestone")
            if t.source and out and out[-1]["key"] == key and not t.breakdown and not out[-1]["breakdown"]:
                r = out[-1]
                r["ids"].append(t.id)
                r["names"].append(t.name)
                if t.kind != "milestone":
                    r["goals"].append(words.goal(t))
                continue
            out.append({
                "key": key, "ids": [t.id], "names": [t.name], "task": zh_punct(t.source) or t.name,
                "goals": [] if t.kind == "milestone" else [words.goal(t)], "kind": t.kind,
                "open_ended": t.open_ended, "due": t.due or YEAR_END, "due_label": due_label(t, office),
                "due_by_office": t.due_set_by == "office",
                "lead": names.get(ref.lead, ref.lead or "—"), "co": _units(ref.co, names, counties),
                "breakdown": [{"unit": names.get(u, u), "share": f"{format_number(v)}{t.unit or ''}"}
                              for u, v in (t.breakdown or {}).items()],
            })
        for r in out:
            del r["key"]
            r["id"] = "、".join(r["ids"])
            r["name"] = "、".join(r["names"])
            r["goal"] = "、".join(r["goals"]) or "—"
        return out

    opening = plan.preamble[0] if plan.preamble else ""
    sections = [{"label": "", "title": "主要預期目標", "points": [
        {"id": None, "title": None, "lead": None, "co": [],
         "targets": rows_of([r for r in index.refs if r.section is None], opening)}]}]
    for s in plan.sections:
        pts = []
        for p in s.points:
            pts.append({"id": p.id, "title": p.title, "lead": names.get(p.lead, p.lead),
                        "co": _units(p.co, names, counties),
                        "targets": rows_of([r for r in index.refs if r.point is p], p.text)})
        sections.append({"label": words.section_label(s.id), "title": s.title, "points": pts})
    rows = [r for s in sections for p in s["points"] for r in p["targets"]]
    return {"plan": {"title": plan.title, "year": plan.year, "issuer": plan.issuer, "issued": date_zh(plan.issued),
                     "office": plan.office},
            "office_short": office,
            "notice": notice_context(plan),
            "title": f"{plan.title}責任分解方案", "sections": sections,
            "assignment_note": plan.assignment_note,
            "counts": {"rows": len(rows), "targets": len(index.refs),
                       "quantified": sum(r.target.kind != "milestone" for r in index.refs),
                       "milestones": sum(r.target.kind == "milestone" and not r.target.open_ended for r in index.refs),
                       "ongoing": sum(r.target.open_ended for r in index.refs)},
            "has_breakdown": any(r["breakdown"] for r in rows),
            "units": [{"id": u.id, "name": u.name, "full_name": u.full_name or u.name} for u in plan.units]}
