"""The status result as JSON (the keys of formats.md), and the rows of its tables for
CSV here and for the workbook (``render/workbook.py``): one set of rows, two encodings."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation

from ..core.quantity import format_number
from ..judge.status import StatusResult, TargetStatus
from ..core.terms import KIND_LABEL_OPEN, KIND_LABELS, LABELS, REASON_SHORT, STAGE_LABELS, UNIT_KINDS
from . import words

RATIO_PLACES = Decimal("0.0001")


def json_number(v):
    if v is None:
        return None
    d = Decimal(v)
    if d == d.to_integral_value():
        return int(d)
    return float(format_number(d))


def _ratio(v):
    """Rounded down, as the 進度 of the documents: a ratio short of 1 never shows as 1."""
    return None if v is None else json_number(Decimal(v).quantize(RATIO_PLACES, rounding="ROUND_FLOOR"))


def _reason(r, unit):
    return None if r is None else {"kind": r.kind, "text": r.text, "unit": unit}


def target_dict(t: TargetStatus) -> dict:
    d = {
        "id": t.id, "name": t.name, "kind": t.kind, "lead": t.lead, "unit": t.unit,
        "target": json_number(t.target), "expected": json_number(t.expected), "actual": json_number(t.actual), "ratio": _ratio(t.ratio),
        "status": t.status, "missing": list(t.missing), "reason": _reason(t.reason, t.reason_unit),
        "compare": t.compare, "stretch": json_number(t.stretch), "tolerance": json_number(t.tolerance),
        "stage": t.stage, "expected_stage": t.expected_stage, "note": t.note,
        "section": t.section, "point": t.point, "co": list(t.co), "leads": list(t.leads), "leaders": list(t.leaders),
        "goal": words.goal(t), "open_ended": t.open_ended, "label": t.label,
        "base": json_number(t.base), "excess": json_number(t.excess),
    }
    if t.shares:
        d["breakdown"] = [{"unit": s.unit, "target": json_number(s.target), "expected": json_number(s.expected),
                           "actual": json_number(s.actual), "ratio": _ratio(s.ratio), "status": s.status,
                           "reason": _reason(s.reason, s.unit)} for s in t.shares]
    return d


def _head(result: StatusResult) -> dict:
    return {"year": result.year, "quarter": result.quarter, "narrowed": result.narrowed, "summary": result.summary}


def unit_dict(u) -> dict:
    return {"id": u.id, "name": u.name, "missing": u.missing, "late": u.late,
            "must_explain": u.must_explain, "commended": u.commended, "ongoing": u.ongoing,
            "improved": u.improved,
            "eligibility_cancelled": u.eligibility_cancelled,
            "responsible": u.responsible, "reported": u.reported,
            "submitted": u.submitted.isoformat() if u.submitted else None,
            "incomplete": u.incomplete, "unreported": list(u.unreported)}


def to_json(result: StatusResult) -> str:
    """One object: the head, then each target and unit on a line of its own (readable, diffable,
    fast), each turned into its line as it comes: thousands of targets are never all held as data."""
    def dump(v) -> str:
        return json.dumps(v, ensure_ascii=False, separators=(", ", ": "))

    parts = ["{\n", ",\n".join(f"  {dump(k)}: {dump(v)}" for k, v in _head(result).items())]
    for key, items in (("targets", map(target_dict, result.targets)), ("units", map(unit_dict, result.units))):
        parts.append(f",\n  {dump(key)}: [")
        start = len(parts)
        for item in items:
            parts += (",\n    ", dump(item))
        if len(parts) > start:
            parts[start] = "\n    "  # the first item: no comma before it
        else:
            parts.append("\n")  # an empty list keeps its blank line, as it always had
        parts.append("\n  ]")
    parts.append("\n}\n")
    return "".join(parts)  # one copy of the whole, not one for each join and concatenation


CSV_COLUMNS = [
    ("id", "編號"), ("name", "指標名稱"), ("section", "部分"), ("point", "要點"), ("kind", "類型"),
    ("lead", "牽頭單位"), ("leaders", "責任領導"), ("unit", "單位"), ("goal", "年度目標（原文）"), ("target", "年度目標"), ("stretch", "力爭"),
    ("expected", "序時進度"), ("actual", "實際"), ("ratio", "完成比例"), ("pace", "進度"), ("status", "狀態代碼"),
    ("status_label", "狀態"), ("stage", "進度階段"), ("missing", "未報送單位"),
    ("reason_kind", "原因類別"), ("reason", "原因"), ("note", "說明"),
]


def csv_columns(result: StatusResult) -> list[tuple[str, str]]:
    """The targets' columns for this plan: its leads under its own word, its leaders' column only
    when it names leaders."""
    lead, _, leader = result.roles
    has_leaders = any(t.leaders for t in result.targets)
    return [(k, lead if k == "lead" else leader if k == "leaders" else zh) for k, zh in CSV_COLUMNS
            if k != "leaders" or has_leaders]


def unit_columns(result: StatusResult) -> list[tuple[str, str]]:
    """The units' columns: the sanction's only when the plan provides one."""
    return [(k, zh) for k, zh in UNIT_COLUMNS if k != "eligibility_cancelled" or result.sanction]


def _csv(rows: list[list]) -> str:
    """UTF-8 with BOM and CRLF, so Excel opens the Chinese text correctly; formula-safe cells."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        w.writerow([_safe(_text(v)) for v in row])
    return "\ufeff" + buf.getvalue()


def target_rows(result: StatusResult, names: dict[str, str]) -> list[dict]:
    """One row per target, keyed as CSV_COLUMNS: figures as Decimal (None when there is
    none), everything else as text."""
    rows = []
    for t in result.targets:
        rows.append({
            "id": t.id, "name": t.name, "section": t.section if t.section is not None else "主要預期目標",
            "point": t.point if t.point is not None else "", "kind": KIND_LABEL_OPEN if t.open_ended else KIND_LABELS[t.kind],
            "lead": t.lead_name if t.lead_name != "—" else "", "leaders": "、".join(t.leaders),
            "unit": t.unit or "", "goal": words.goal(t), "target": t.target, "stretch": t.stretch,
            "expected": t.expected if t.expected is not None else words.EXPECTED_STAGE_WORDS.get(t.expected_stage, ""),
            "actual": t.actual,
            "ratio": Decimal(t.ratio).quantize(RATIO_PLACES, rounding="ROUND_FLOOR") if t.ratio is not None else None,
            "pace": words.pace(t),
            "status": t.status, "status_label": t.label,
            "stage": STAGE_LABELS.get(t.stage, "") if t.stage else "",
            "missing": "、".join(names.get(u, u) for u in t.missing),
            "reason_kind": REASON_SHORT.get(t.reason.kind) if t.reason else "",
            "reason": t.reason.text if t.reason else "", "note": t.note or "",
        })
    return rows


UNIT_COLUMNS = [
    ("id", "編號"), ("name", "單位"), ("responsible", "有責任目標"), ("reported", "已報送"),
    ("submitted", "報送日期"), ("missing", "未報送"), ("incomplete", "報告缺項"), ("late", "逾期"), ("must_explain", "須說明原因"),
    ("commended", "通報表揚"), ("ongoing", "持續推進均在推進"), ("improved", "整改後按計劃推進"),
    ("eligibility_cancelled", "擬取消評優資格"),
]


def unit_rows(result: StatusResult) -> list[dict]:
    """One row per unit, keyed as UNIT_COLUMNS: flags as booleans, the date as a date."""
    return [{k: getattr(u, k) for k, _ in unit_columns(result)} for u in result.units]


def to_csv(result: StatusResult, names: dict[str, str]) -> str:
    """One row per target, headed in Chinese."""
    columns = csv_columns(result)
    return _csv([[zh for _, zh in columns]] + [[row[k] for k, _ in columns] for row in target_rows(result, names)])


def trend_data(results: list[StatusResult]) -> dict:
    """Each target's status quarter by quarter (``results`` run Q1 … the last quarter)."""
    last = results[-1]
    by_q = [{t.id: t for t in r.targets} for r in results]
    return {
        "year": last.year, "quarters": [r.quarter for r in results],
        "targets": [{"id": t.id, "name": t.name, "lead": t.lead,
                     "statuses": {r.quarter: q[t.id].status for r, q in zip(results, by_q, strict=True) if t.id in q}}
                    for t in last.targets],
    }


def trend_json(results: list[StatusResult]) -> str:
    return json.dumps(trend_data(results), ensure_ascii=False, indent=1) + "\n"


def trend_csv(results: list[StatusResult]) -> str:
    data = trend_data(results)
    rows = [["編號", "指標名稱"] + data["quarters"]]
    for t in data["targets"]:
        rows.append([t["id"], t["name"]] + [LABELS[t["statuses"][q]] if q in t["statuses"] else "" for q in data["quarters"]])
    return _csv(rows)


def units_data(units, duties: dict) -> list[dict]:
    """Each unit's duties by target id (``lead``: what it leads, ``co``: what it supports)."""
    return [{"id": u.id, "name": u.name, "full_name": u.full_name, "kind": u.kind,
             "lead": [r.id for r in duties[u.id]["lead"]], "co": [r.id for r in duties[u.id]["co"]],
             "breakdown": {r.id: json_number(r.target.breakdown[u.id]) for r in duties[u.id]["breakdown"]}}
            for u in units]


def units_json(units, duties: dict) -> str:
    return json.dumps(units_data(units, duties), ensure_ascii=False, indent=2) + "\n"


def units_csv(units, duties: dict, roles=("牽頭單位", "責任單位")) -> str:
    rows = [["編號", "單位", "全稱", "類別", f"作為{roles[0]}", f"作為{roles[1]}", "分解任務"]]
    for d in units_data(units, duties):
        rows.append([d["id"], d["name"], d["full_name"] or "", UNIT_KINDS[d["kind"]],
                     " ".join(d["lead"]), " ".join(d["co"]), " ".join(f"{k}:{v}" for k, v in d["breakdown"].items())])
    return _csv(rows)


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format_number(v)
    return str(v)


def _safe(v) -> str:
    """Text that Excel would run as a formula is prefixed with an apostrophe."""
    s = "" if v is None else str(v)
    if s and s[0] in "=+-@\t\r" and not _is_number(s):
        return "'" + s
    return s


def _is_number(s: str) -> bool:
    try:
        Decimal(s)
        return True
    except InvalidOperation:
        return False
