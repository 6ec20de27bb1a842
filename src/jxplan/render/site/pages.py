"""What every page of the site shows, worked out once from the status results of the year.

``Year`` holds the results of Q1 … the latest quarter and the words of the reports; each
``*_page`` function turns them into the plain context a template lays out. Figures and words
come from where every other output takes them (``status``, ``render.words``, the bulletin's
``row``): nothing here judges a target or a unit again. What only the site needs is derived
here from those results: the worst status of what a unit leads in a quarter, its reporting
record, and the figures of a chart.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

from ...check.facts import ReportSet
from ...check.index import PlanIndex
from ...core.quantity import as_printed
from ...judge.status import StatusResult, TargetStatus, UnitStatus, band
from ...core.terms import KIND_LABEL_OPEN, share_by, KIND_LABELS, LABELS, LAGGING, OPEN_ENDED_LABELS, PALETTE, QUARTER_PERIOD, QUARTER_ZH, RANK, BREAKDOWN_LABEL, REASON_LABELS, STAGE_LABELS, UNIT_KINDS, YEAR_END
from .. import words
from ..bulletin import row
from ..documents import _office_short as office_short, date_zh, due_label, zh_punct
from . import charts

GROUPS = (("numeric", "量化指標"), ("milestones", "有完成要求的工作任務"), ("ongoing", KIND_LABEL_OPEN))
NO_REPORTS = "無報告"  # a quarter nobody reported for: no bulletin, nothing judged
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.I)  # names Windows will not make


def file_names(ids) -> dict[str, str]:
    """A file name for each id: the id itself where it is safe in a URL and on every file system,
    else a digest of it; never two names that differ only in case (Windows, macOS)."""
    out, taken = {}, set()
    for i in ids:
        name = i if _SAFE.fullmatch(i) and not i.endswith(".") and not _RESERVED.fullmatch(i) else None
        n = 0
        while name is None or name.casefold() in taken:
            name = "t-" + hashlib.sha256(f"{i}\0{n}".encode()).hexdigest()[:12]
            n += 1
        taken.add(name.casefold())
        out[i] = name
    return out


@dataclass(frozen=True)
class Year:
    """The site's input: the plan, the results of Q1 … the latest quarter, and the reports."""

    index: PlanIndex
    results: tuple[StatusResult, ...]
    reports: ReportSet

    @cached_property
    def plan(self):
        return self.index.plan

    @cached_property
    def quarters(self) -> list[str]:
        return [r.quarter for r in self.results]

    @cached_property
    def latest(self) -> StatusResult:
        return self.results[-1]

    @cached_property
    def names(self) -> dict[str, str]:
        return {u.id: u.name for u in self.plan.units}

    @cached_property
    def office(self) -> str:
        return office_short(self.plan.office)

    @cached_property
    def empty(self) -> set[str]:
        """Quarters with no report at all: nothing was judged (formats.md: no bulletin)."""
        return {r.quarter for r in self.results if not any(u.reported for u in r.units)}

    @cached_property
    def targets(self) -> dict[str, dict[str, TargetStatus]]:
        """quarter -> id -> status."""
        return {r.quarter: {t.id: t for t in r.targets} for r in self.results}

    @cached_property
    def units(self) -> dict[str, dict[str, UnitStatus]]:
        """quarter -> id -> UnitStatus."""
        return {r.quarter: {u.id: u for u in r.units} for r in self.results}

    @cached_property
    def rows(self) -> dict[str, dict[str, dict]]:
        """quarter -> id -> the target as the documents show it (the bulletin's ``row``)."""
        return {r.quarter: {t.id: row(t, self.names, self.office) for t in r.targets} for r in self.results}

    @cached_property
    def target_files(self) -> dict[str, str]:
        return {i: f"targets/{n}.html" for i, n in file_names([t.id for t in self.latest.targets]).items()}

    @cached_property
    def unit_files(self) -> dict[str, str]:
        return {i: f"units/{n}.html" for i, n in file_names([u.id for u in self.plan.units]).items()}

    @cached_property
    def said(self) -> dict[str, list]:
        """target -> every observation of the year on it, in quarter order."""
        out: dict[str, list] = {}
        wanted = set(self.quarters)
        for (q, tid, _), o in sorted(self.reports.observations.items(), key=lambda kv: self.quarters.index(kv[0][0])
                                     if kv[0][0] in wanted else 9):
            if q in wanted:
                out.setdefault(tid, []).append(o)
        return out

    @cached_property
    def reasons(self) -> dict[str, list]:
        """unit -> the observations of the year in which it gave a reason, in quarter order."""
        out: dict[str, list] = {}
        for tid in self.said:
            for o in self.said[tid]:
                if o.reason:
                    out.setdefault(o.unit, []).append(o)
        order = {q: i for i, q in enumerate(self.quarters)}
        return {u: sorted(os, key=lambda o: order[o.quarter]) for u, os in out.items()}

    @cached_property
    def leads(self) -> dict[str, dict[str, list[tuple[str, str]]]]:
        """quarter -> unit -> (status, words) of each target it leads and each breakdown share it carries."""
        out: dict[str, dict[str, list[tuple[str, str]]]] = {}
        for r in self.results:
            mine = out.setdefault(r.quarter, {})
            for t in r.targets:
                for lead in t.leads:
                    mine.setdefault(lead, []).append((t.status, t.label))
                for s in t.shares:
                    mine.setdefault(s.unit, []).append((s.status, LABELS[s.status]))
        return out

    @cached_property
    def led(self) -> dict[str, list[str]]:
        """unit -> the targets it leads, in plan order."""
        out: dict[str, list[str]] = {}
        for t in self.latest.targets:
            for lead in t.leads:
                out.setdefault(lead, []).append(t.id)
        return out


# ---- cells: one target or one unit in one quarter ---------------------------------------------

def target_cell(year: Year, q: str, tid: str) -> dict:
    if q in year.empty:
        return {"quarter": q, "period": QUARTER_PERIOD[q], "status": None, "label": NO_REPORTS}
    t = year.targets[q][tid]
    return {"quarter": q, "period": QUARTER_PERIOD[q], "status": t.status, "label": t.label}


def worst(year: Year, q: str, uid: str) -> tuple[str | None, str, int]:
    """(status, words, how many) of the worst of what ``uid`` leads in ``q``, its breakdown
    shares included; (None, …) when it leads nothing or nobody reported in ``q``."""
    if q in year.empty:
        return None, NO_REPORTS, 0
    seen = year.leads[q].get(uid)
    if not seen:
        return None, "—", 0
    status = max((s for s, _ in seen), key=RANK.__getitem__)
    return status, next(label for s, label in seen if s == status), len(seen)


def unit_cell(year: Year, q: str, uid: str) -> dict:
    status, label, n = worst(year, q, uid)
    u = year.units[q][uid]
    flags = [] if q in year.empty else [w for flag, w in (("late", "逾期報送"), ("incomplete", "報告缺項")) if getattr(u, flag)]
    said = label + (f"（{'、'.join(flags)}）" if flags and status is not None else "")
    return {"quarter": q, "period": QUARTER_PERIOD[q], "status": status, "label": said, "count": n}


def record(year: Year, q: str, uid: str) -> dict:
    """A unit's report in ``q``: when it came, against the deadline."""
    r = year.results[year.quarters.index(q)]
    u = year.units[q][uid]
    due = r.reporting_date
    if u.submitted is None:
        said, kind = ("未報送" if u.responsible else "未報送（無須報送數據）"), "missing" if u.responsible else "none"
    elif u.late:
        said, kind = f"逾期{(u.submitted - due).days}天", "late"
    else:
        said, kind = "按時", "on_time"
    if u.incomplete:
        said += f"；報告缺{len(u.unreported)}項"
    return {"quarter": q, "period": QUARTER_PERIOD[q], "due": date_zh(due),
            "submitted": date_zh(u.submitted) if u.submitted else "—", "said": said, "kind": kind,
            "unreported": [{"id": t, "name": year.targets[q][t].name} for t in u.unreported]}


# ---- figures of a chart ------------------------------------------------------------------------

def points(year: Year, tid: str) -> list[charts.Point]:
    """A figure's 序時進度 (with the 左右 band) and actual, quarter by quarter, as printed."""
    plan_target = year.index.targets[tid].target
    out = []
    for q in year.quarters:
        t = year.targets[q][tid]
        e = t.expected
        reach = band(t.kind, t.tolerance, share_by(plan_target.schedule, q)) if t.tolerance else None
        out.append(charts.Point(QUARTER_PERIOD[q], e, e - reach if reach and e is not None else None,
                                e + reach if reach and e is not None else None, as_printed(t.actual),
                                "not_reported" if q in year.empty else t.status))
    return out


def figure_table(year: Year, tid: str) -> list[dict]:
    """The rows of a figure's table: exactly the chart's figures, in the tables' writing."""
    rows = []
    for p, q in zip(points(year, tid), year.quarters, strict=True):
        r = year.rows[q][tid]
        rows.append({"quarter": q, "period": p.quarter, "expected": charts.shown(p.expected) or "—",
                     "band": f"{charts.shown(p.low)}–{charts.shown(p.high)}" if p.low is not None else "",
                     "actual": charts.shown(p.actual) or "—", "pace": r["pace"],
                     "status": None if q in year.empty else r["status"],
                     "label": NO_REPORTS if q in year.empty else r["label"]})
    return rows


def stage_table(year: Year, tid: str) -> list[dict]:
    """A task's stages, quarter by quarter: what was expected, what was reported."""
    rows = []
    for q in year.quarters:
        r = year.rows[q][tid]
        rows.append({"quarter": q, "period": QUARTER_PERIOD[q], "expected": r["expected"], "actual": r["actual"],
                     "status": None if q in year.empty else r["status"],
                     "label": NO_REPORTS if q in year.empty else r["label"]})
    return rows


def kind_label(t) -> str:
    return KIND_LABEL_OPEN if t.open_ended else KIND_LABELS[t.kind]


def group_of(t) -> str:
    """Which of the bulletin's three groups a target is counted in (words.overview)."""
    return "numeric" if t.quantified else "ongoing" if t.open_ended else "milestones"


def section_name(t) -> str:
    return t.part


def unit_link(year: Year, uid: str | None) -> dict:
    if uid is None:
        return {"name": "—", "href": None}
    return {"name": year.names.get(uid, uid), "href": year.unit_files.get(uid)}


def lead_links(year: Year, t) -> list[dict]:
    """A target's leads, each a link to its page (a document may name several)."""
    return [unit_link(year, u) for u in t.leads] or [unit_link(year, None)]


# ---- pages ---------------------------------------------------------------------------------------

def common(year: Year) -> dict:
    """What every page says about the year: the plan, the quarters shown, where the data end."""
    latest = year.latest
    sent = [u.submitted for r in year.results for u in r.units if u.submitted is not None]
    return {
        "plan": {"title": year.plan.title, "year": year.plan.year, "office": year.plan.office},
        "quarters": [{"id": q, "period": QUARTER_PERIOD[q], "zh": QUARTER_ZH[q], "empty": q in year.empty}
                     for q in year.quarters],
        "latest": {"id": latest.quarter, "zh": QUARTER_ZH[latest.quarter], "period": QUARTER_PERIOD[latest.quarter]},
        "reports": len([k for k in year.reports.submissions if k[1] in year.quarters]),
        "last_report": date_zh(max(sent)) if sent else "—",
        "roles": {"lead": year.index.roles.lead, "co": year.index.roles.co, "breakdown": BREAKDOWN_LABEL},
        "palette": {s: {"fill": c.fill, "mark": c.mark} for s, c in PALETTE.items()},
        "labels": LABELS, "rank": RANK,
    }


def status_words(o: dict) -> dict[str, str]:
    """Each status as the counts say it: with the open-ended tasks' own word beside it when
    they are among those counted (達到序時進度（持續推進）), as the bulletin's sentence says them."""
    return {s: label + (f"（{OPEN_ENDED_LABELS[s]}）" if s in OPEN_ENDED_LABELS and o["ongoing"]["by"][s] else "")
            for s, label in LABELS.items()}


def overview_page(year: Year) -> dict:
    latest = year.latest
    o = words.overview(latest)
    groups = [(label, o[key]["by"]) for key, label in GROUPS if o[key]["total"]]
    counts = [{"label": label, "total": o[key]["total"], "by": o[key]["by"]} for key, label in GROUPS if o[key]["total"]]
    shown_statuses = [s for s in LABELS if any(c["by"][s] for c in counts)]
    said = status_words(o)
    headline: list[dict] = []
    for t in latest.targets:
        if not t.headline:
            continue
        cells = []
        for q in year.quarters:
            r = year.rows[q][t.id]
            cells.append({**target_cell(year, q, t.id), "actual": r["actual"], "expected": r["expected"]})
        spark = None
        if t.quantified:
            pts = points(year, t.id)
            spark = charts.sparkline(f"spark-{len(headline)}", f"{t.name}：序時進度與實際", pts)  # an id CSS can name
            for c, p in zip(cells, pts, strict=True):
                c["actual_figure"], c["expected_figure"] = charts.shown(p.actual) or "—", charts.shown(p.expected) or "—"
        headline.append({"id": t.id, "name": t.name, "href": year.target_files[t.id], "goal": words.goal(t),
                         "unit": t.unit or "", "cells": cells, "chart": spark, "quantified": t.quantified})
    us = latest.units
    year_end = latest.quarter == YEAR_END
    attention = [
        ("未報送", [u for u in us if u.missing]),
        ("報告缺項", [u for u in us if u.incomplete]),
        ("逾期報送", [u for u in us if u.late]),
        ("有任務未完成" if year_end else "有任務滯後", [u for u in us if u.must_explain]),
        ("未說明原因", [u for u in us if u.unexplained]),
        ("因主觀原因未完成任務", [u for u in us if u.subjective]),
    ]
    return {
        **common(year), "page": "index", "root": "", "title": f"{year.plan.title}落實情況總覽",
        "summary": words.summary_sentence(latest), "headline_sentence": words.headline_sentence(latest),
        "counts": counts, "statuses": [{"id": s, "label": said[s]} for s in shown_statuses],
        "counts_chart": charts.status_counts("counts", f"{QUARTER_PERIOD[latest.quarter]}各類目標的狀態", groups, said),
        "headline": headline,
        "attention": [{"label": label, "units": [{**unit_link(year, u.id), "lagging": len(u.lagging)} for u in found]}
                      for label, found in attention if found or label in ("未報送", "逾期報送")],
    }


def year_page(year: Year) -> dict:
    leading = [u for u in year.plan.units if any(worst(year, q, u.id)[0] for q in year.quarters)
               or u.id in year.led]
    rows = []
    for u in leading:
        cells = [unit_cell(year, q, u.id) for q in year.quarters]
        rows.append({**unit_link(year, u.id), "id": u.id, "cells": cells, "leads": len(year.led.get(u.id, []))})
    chart = charts.year("year", f"{year.plan.year}年各單位各季度狀態（按其牽頭任務中最差的狀態）",
                        [QUARTER_PERIOD[q] for q in year.quarters],
                        [(r["name"], [(c["status"], c["label"]) for c in r["cells"]]) for r in rows])
    others = [unit_link(year, u.id) for u in year.plan.units if u not in leading]
    return {**common(year), "page": "year", "root": "", "title": f"{year.plan.year}年全年一覽", "rows": rows,
            "chart": chart, "others": others}


def target_sorts(year: Year) -> tuple:
    return (("targets.html", "order", "按編號"), ("targets-status.html", "status", "按狀態"),
            ("targets-lead.html", "lead", f"按{year.index.roles.lead}"))
UNIT_SORTS = (("units.html", "order", "按計劃順序"), ("units-status.html", "status", "按狀態"),
              ("units-record.html", "record", "按報送情況"))


def target_rows(year: Year) -> list[dict]:
    unit_order = {u.id: i for i, u in enumerate(year.plan.units)}
    out = []
    for i, t in enumerate(year.latest.targets):
        r = year.rows[year.latest.quarter][t.id]
        out.append({
            "id": t.id, "name": t.name, "href": year.target_files[t.id], "lead": lead_links(year, t),
            "goal": words.goal(t), "kind": kind_label(t), "group": group_of(t),
            "section": "0" if t.section is None else str(t.section), "section_name": section_name(t),
            "cells": [target_cell(year, q, t.id) for q in year.quarters], "pace": r["pace"],
            "status": t.status, "lagging": t.status in LAGGING,
            "sort_keys": {"order": i, "status": -RANK[t.status] * 10000 + i, "lead": unit_order.get(t.lead, 999) * 10000 + i},
        })
    return out


def targets_page(year: Year, sort: str) -> dict:
    rows = sorted(target_rows(year), key=lambda r: r["sort_keys"][sort] if sort != "status" else r["sort_keys"]["status"])
    sections = [("0", year.index.headline_title)] * bool(year.plan.headline) + [
        (str(s.id if s.id is not None else i), (words.section_label(s.id).rstrip("、") if s.id is not None else s.title))
        for i, s in enumerate(year.plan.sections, 1)]  # the same key as TargetStatus.section
    return {**common(year), "page": "targets", "root": "", "title": "全部目標", "rows": rows, "sort": sort,
            "sorts": target_sorts(year), "kind_options": list(GROUPS), "section_options": sections}


def unit_rows(year: Year) -> list[dict]:
    out = []
    for i, u in enumerate(year.plan.units):
        cells = [unit_cell(year, q, u.id) for q in year.quarters]
        records = [record(year, q, u.id) for q in year.quarters if q not in year.empty]
        late = sum(r["kind"] == "late" for r in records)
        missing = sum(r["kind"] == "missing" for r in records)
        now = cells[-1]["status"]
        out.append({
            "id": u.id, **unit_link(year, u.id), "kind": UNIT_KINDS[u.kind],
            "leads": len(year.led.get(u.id, [])), "cells": cells, "late": late, "missing": missing,
            "status": now, "lagging": now in LAGGING,
            "sort_keys": {"order": i, "status": (-RANK[now] if now else 1) * 1000 + i, "record": -(missing * 100 + late) * 1000 + i},
        })
    return out


def units_page(year: Year, sort: str) -> dict:
    rows = sorted(unit_rows(year), key=lambda r: r["sort_keys"][sort])
    return {**common(year), "page": "units", "root": "", "title": "全部單位", "rows": rows, "sort": sort,
            "sorts": UNIT_SORTS}


def _words(year: Year, tid: str, t: TargetStatus) -> list[dict]:
    """Every report's words on a target, quarter by quarter: the figure or stage, note and reason."""
    words = year.index.roles
    roles = {**{lead: words.lead for lead in t.leads}, **{c: words.co for c in t.co},
             **{s.unit: BREAKDOWN_LABEL for s in t.shares}}
    by_q: dict[str, list] = {}
    for o in year.said.get(tid, []):
        if not (o.note or o.reason or o.value is not None or o.stage):
            continue
        by_q.setdefault(o.quarter, []).append({
            **unit_link(year, o.unit), "role": roles.get(o.unit, ""),
            "figure": f"{charts.shown(as_printed(o.value))}{t.unit or ''}" if o.value is not None else
            STAGE_LABELS[o.stage] if o.stage else "",
            "note": o.note, "reason": o.reason.text if o.reason else None,
            "reason_kind": REASON_LABELS[o.reason.kind] if o.reason else None})
    return [{"quarter": q, "period": QUARTER_PERIOD[q], "zh": QUARTER_ZH[q], "entries": by_q[q]}
            for q in year.quarters if q in by_q]


def target_page(year: Year, tid: str) -> dict:
    t = year.targets[year.latest.quarter][tid]
    ref = year.index.targets[tid]
    r = year.rows[year.latest.quarter][tid]
    chart = table = None
    if t.quantified:
        chart = charts.figures("figures", f"{t.name}：各季度序時進度與實際", points(year, tid))
        table = figure_table(year, tid)
    shares = []
    for s in t.shares:
        cells = []
        for q in year.quarters:
            share = next(x for x in year.targets[q][tid].shares if x.unit == s.unit)
            cells.append({"period": QUARTER_PERIOD[q], "status": share.status, "label": LABELS[share.status],
                          "actual": charts.shown(as_printed(share.actual)) or "—",
                          "expected": charts.shown(share.expected) or "—"})
        shares.append({**unit_link(year, s.unit), "target": charts.shown(s.target), "cells": cells})
    return {
        **common(year), "page": "target", "root": "../", "title": t.name, "id": tid, "name": t.name,
        "section": section_name(t), "point": None if t.point is None else f"{t.point}．{t.point_title}",
        "source": zh_punct(ref.target.source), "kind": kind_label(t), "goal": words.goal(t),
        "due": due_label(t, year.office), "lead": lead_links(year, t), "co": [unit_link(year, c) for c in t.co],
        "unit": t.unit or "", "quantified": t.quantified, "chart": chart, "figures": table,
        "stages": None if t.quantified else stage_table(year, tid),
        "has_band": bool(t.tolerance), "status": t.status, "label": t.label, "row": r, "shares": shares,
        "words": _words(year, tid, t),
    }


def unit_page(year: Year, uid: str) -> dict:
    u = next(x for x in year.plan.units if x.id == uid)
    latest = year.latest.targets
    led = [{"id": t.id, "name": t.name, "href": year.target_files[t.id], "goal": words.goal(t),
            "cells": [target_cell(year, q, t.id) for q in year.quarters]} for t in latest if uid in t.leads]
    co = [{"id": t.id, "name": t.name, "href": year.target_files[t.id], "lead": lead_links(year, t),
           **target_cell(year, year.latest.quarter, t.id)} for t in latest if uid in t.co]
    shares = [{"id": t.id, "name": t.name, "href": year.target_files[t.id],
               "share": f"{charts.shown(s.target)}{t.unit or ''}"} for t in latest for s in t.shares if s.unit == uid]
    reasons = []
    for q in year.quarters:
        mine = [o for o in year.reasons.get(uid, []) if o.quarter == q]
        if mine:
            reasons.append({"period": QUARTER_PERIOD[q], "zh": QUARTER_ZH[q], "entries": [
                {"id": o.target, "name": year.targets[q][o.target].name, "href": year.target_files[o.target],
                 "kind": REASON_LABELS[o.reason.kind], "text": o.reason.text} for o in mine]})
    return {
        **common(year), "page": "unit", "root": "../", "title": u.name, "id": uid, "name": u.name,
        "full_name": u.full_name, "kind": UNIT_KINDS[u.kind],
        "cells": [unit_cell(year, q, uid) for q in year.quarters],
        "records": [record(year, q, uid) for q in year.quarters if q not in year.empty],
        "led": led, "co": co, "shares": shares, "reasons": reasons,
        "lagging_now": [{"name": year.targets[year.latest.quarter][t].name, "href": year.target_files[t]}
                        for t in year.units[year.latest.quarter][uid].lagging],
    }

