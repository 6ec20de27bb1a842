"""The bulletin (督辦通報) as data: what every format prints, worked out once.

``bulletin_context`` turns the status results of a year (Q1 … the bulletin's quarter) into
the context the templates lay out: the masthead and number, the title, the addressees, the
body as a list of blocks (headings numbered after the empty ones are left out, paragraphs,
lists, the headline table), the annex and the 版記. Every sentence is made here, so Markdown,
HTML and Word say the same thing word for word, and a template only places it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from ..check.index import PlanIndex
from ..judge.status import StatusResult, TargetStatus, last_report
from ..core.quantity import format_number
from ..core.terms import GOOD, LABELS, LAGGING, QUARTERS, REASON_LABELS as REASON_ZH, STAGE_LABELS, YEAR_END, due_quarter
from . import words
from .documents import _office_short as office_short, date_zh, due_label, inner, notice_context, title_lines

__all__ = ["bulletin_context", "number_and_issue", "title_lines"]

HEADINGS = "一二三四五六七八九十"


def row(t: TargetStatus, names: dict, office: str = "督查室") -> dict:
    """One task as the documents show it: its figures and words, and what was said of it."""
    said = [(names.get(u, u), r) for u, r in t.lead_reasons]
    return {
        "id": t.id, "name": t.name, "kind": t.kind, "open_ended": t.open_ended, "due": due_quarter(t.due) if t.due else YEAR_END,
        "due_label": due_label(t, office), "due_by_office": t.due_set_by == "office",
        "lead": t.lead_name, "leads": [names.get(u, u) for u in t.leads],
        "co": list(t.co_names),
        "goal": words.goal(t), "expected": words.expected(t), "actual": words.actual(t),
        "milestone_words": words.milestone_sentence(t, due_label(t, office) if t.due_set_by == "office" else None)
        if t.kind == "milestone" else None,
        "progress": words.progress(t), "pace": words.pace(t), "status": t.status, "label": t.label,
        "ceiling": t.compare == "at_most" and t.kind != "milestone",
        "relative": words.relative_words(t) if t.relative_to is not None else None,
        "excess": words.excess(t) if t.excess else None,
        "over_limit": words.excess(t, "超出控制目標") if t.excess else None,
        # the lead's own reason: a breakdown unit's is quoted under that unit's name (shares_behind),
        # never as the lead's (formats.md: the lead must explain; the unit answers for its share)
        "reason": inner(t.lead_reason.text) if t.lead_reason else None,
        "reason_kind": REASON_ZH[t.lead_reason.kind] if t.lead_reason else None,
        # each lead's own word (a document may name several, each answering for the whole)
        "lead_reasons": [{"unit": n, "reason": inner(r.text), "reason_kind": REASON_ZH[r.kind]} for n, r in said if r],
        # the leads whose own report shows the delay and who gave no reason
        "silent_leads": [names.get(u, u) for u, status in t.lead_statuses
                         if status in LAGGING and not dict(t.lead_reasons).get(u)],
        # leads that report differently: each one's figure or stage, said (the status takes the
        # first lead's figure, or the least advanced stage)
        "disagree": "，".join(f"{names.get(u, u)}報{STAGE_LABELS[stage] if stage else format_number(value)}{t.unit or '' if not stage else ''}"
                             for u, value, stage in t.lead_figures) if t.disagree else "",
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
    return dict(t.lead_reasons).get(uid) if uid in t.leads else None


def _sections(rows: list[dict], index: PlanIndex) -> list[dict]:
    """Rows under their top-level parts (the headline targets first), as the annex prints them."""
    parts = [(None, index.headline_label, index.headline_title)] + [
        (s.id if s.id is not None else i, words.section_label(s.id), s.title) for i, s in enumerate(index.plan.sections, 1)]
    out = []
    for key, label, title in parts:
        mine = [r for r in rows if r["section"] == key]
        if mine:
            out.append({"id": key, "label": label, "title": title, "rows": mine})
    return out


def ongoing_count(o: dict, year_end: bool) -> str:
    """A section's open-ended tasks counted in one annex row: 持續推進的工作任務27項，均在推進。"""
    if o["ok"] == o["total"]:
        return f"持續推進的工作任務{o['total']}項，{'年末均在推進' if year_end else '均在推進'}。"
    said = f"持續推進的工作任務{o['total']}項，其中{'年末在推進' if year_end else '正在推進'}{o['ok']}項"
    if o["lagging"]:
        said += f"，{'全年未啟動' if year_end else '未啟動'}{o['lagging']}項"
    if o["not_reported"]:
        said += f"，未報送{o['not_reported']}項"
    return said + "。"


def _annex(rows: list[dict], index: PlanIndex, year_end: bool) -> list[dict]:
    """The annex as supervision bulletins print it, section by section: every task with an end-state
    (a figure or a milestone) row by row; the open-ended tasks counted, and those not under way
    (未啟動, 未報送) row by row, so that nothing lagging is left out and nothing on pace is listed."""
    out = []
    for s in _sections(rows, index):
        ongoing = [r for r in s["rows"] if r["open_ended"]]
        counted = {"total": len(ongoing), "ok": sum(r["status"] in GOOD for r in ongoing),
                   "lagging": sum(r["status"] in LAGGING for r in ongoing),
                   "not_reported": sum(r["status"] == "not_reported" for r in ongoing)}
        out.append({**s, "rows": [r for r in s["rows"] if not r["open_ended"]], "ongoing": counted,
                    "ongoing_text": ongoing_count(counted, year_end) if ongoing else "",
                    "ongoing_rows": [r for r in ongoing if r["status"] not in GOOD]})
    return out


def annex_legend(rows: list[dict]) -> str:
    """What the annex's 進度 means, with a clause for each kind of row it holds."""
    said = ["進度：實際完成佔序時進度的比例（取整數，小數捨去）"]
    if any(r["ceiling"] for r in rows):
        said.append("控制性指標列明是否控制在目標以內")
    if any(r["status"] == "pending" for r in rows):
        said.append("年末達到的指標沒有年初基數的，在年末考核")
    said = ["，".join(said) + "。"]
    if any(r["open_ended"] for r in rows):
        said.append("持續推進的工作任務按板塊計數，其中未啟動、未報送的逐項列出。")
    return "".join(said)


# ---- the number and the date ------------------------------------------------------------------

def default_date(result: StatusResult) -> dt.date:
    """A bulletin's date when none is given: its quarter's reporting deadline, or the latest
    report it quotes when one came later (never before a report it quotes)."""
    latest = last_report(result)
    return max(result.reporting_date, latest) if latest else result.reporting_date


def number_and_issue(plan, results: list[StatusResult], when: dt.date, issue_no: int | None,
                     number: str | None) -> tuple[int, str]:
    """(第N期, 發文字號). By default the plan year's series: the Q4 bulletin of the 2012 plan is
    〔2012〕4號 even when dated January 2013; with ``numbering: calendar_year`` the calendar
    year's running count, the quarters' bulletins dated in the same year counted before it.
    ``--issue-no`` and ``--number`` override; without an office code no number is printed."""
    q = results[-1].quarter
    settings = plan.bulletins
    calendar = settings is not None and settings.numbering == "calendar_year"
    if issue_no is not None:
        n = issue_no
    elif calendar:
        n = 1 + sum(default_date(r).year == when.year for r in results[:-1] if any(u.reported for u in r.units))
    else:
        n = QUARTERS.index(q) + 1
    if number is not None:
        return n, number
    if not plan.office_code:
        return n, ""
    return n, f"{plan.office_code}〔{when.year if calendar else plan.year}〕{n}號"


def government_short(issuer: str) -> str:
    """How a bulletin names the government that decides: 嘉興市人民政府 → 市政府."""
    m = re.fullmatch(r".+?([市縣县區区州盟旗])人民政府", issuer)
    return f"{m.group(1)}政府" if m else issuer


# ---- the body ---------------------------------------------------------------------------------

class _Body:
    """Blocks in order; headings are numbered as they are added, so an empty part is never
    printed and the numbers run on."""

    def __init__(self) -> None:
        self.blocks: list[dict] = []
        self._h1 = self._h2 = 0

    def h1(self, title: str) -> None:
        self.blocks.append({"kind": "h1", "text": f"{HEADINGS[self._h1]}、{title}"})
        self._h1, self._h2 = self._h1 + 1, 0

    def h2(self, title: str) -> None:
        self.blocks.append({"kind": "h2", "text": f"（{HEADINGS[self._h2]}）{title}"})
        self._h2 += 1

    def p(self, text: str) -> None:
        if text:
            self.blocks.append({"kind": "p", "text": text})

    def group(self, text: str) -> None:
        self.blocks.append({"kind": "group", "text": text})

    def items(self, items: list[tuple[str, str]]) -> None:
        """A list; each item (strong words, the rest)."""
        if items:
            self.blocks.append({"kind": "list", "items": [{"strong": a, "text": b} for a, b in items]})

    def table(self, name: str) -> None:
        self.blocks.append({"kind": "table", "name": name})


def _task_sentence(r: dict, year_end: bool, lead_word: str) -> str:
    """A task behind, as the bulletin states it: its name (never its id), leads (in the plan's
    word for them), figures, state, and what each lead said about it."""
    head = f"{r['name']}（{lead_word}：{r['lead']}）："
    if r["kind"] == "milestone":
        said = r["milestone_words"]
    elif r["relative"]:  # no figure of its own: the other's, in the same quarter
        said = f"年度目標{r['goal']}，{r['relative']}，{r['label']}"
    elif r["ceiling"] and r["excess"]:  # over its limit: said once, as the office says it
        said = f"年度目標{r['goal']}，實際{r['actual']}，{r['over_limit']}"
    elif year_end:
        said = f"年度目標{r['goal']}，實際{r['actual']}" + (f"，{r['excess']}" if r["excess"] else "") + f"，{r['label']}"
    else:
        said = (f"年度目標{r['goal']}，序時進度{r['expected']}，實際{r['actual']}"
                + (f"，{r['excess']}" if r["excess"] else "") + f"，{r['label']}")
    if r["disagree"]:
        said += f"（各{lead_word}報的不一致：{r['disagree']}）"
    why = "".join(f"{x['unit']}說明（{x['reason_kind']}）：{quoted(x['reason'])}" for x in r["lead_reasons"])
    if r["silent_leads"]:
        why += f"{'、'.join(r['silent_leads'])}未說明原因。"
    shares = "".join(f"{s['unit']}的分解任務{s['label']}，"
                     + (f"說明（{s['reason_kind']}）：{quoted(s['reason'])}" if s["reason"] else "未說明原因。")
                     for s in r["shares_behind"])
    silent = f"{'、'.join(r['shares_missing'])}未報送分解任務進度。" if r["shares_missing"] else ""
    return f"{head}{said}。{why}{shares}{silent}"


_ENDS = "。！？!?…"


def quoted(words: str) -> str:
    """Words quoted as a sentence of the bulletin: “…。” when they end a sentence of their own,
    “…”。 when they do not (a clerk's reason often ends without a full stop), never “…。”。"""
    words = words.strip()
    return f"“{words}”" if words.endswith(tuple(_ENDS)) else f"“{words}”。"


def _names(ids, by_id: dict) -> str:
    return "、".join(by_id[t]["name"] for t in ids)


def _body(c: dict, by_id: dict) -> list[dict]:
    """The bulletin's text from 一、 to the requirements, in blocks."""
    year_end = c["year_end"]
    b = _Body()
    b.h1("總體情況")
    b.p(c["summary_sentence"])
    b.p(c["unassigned_sentence"])
    b.p(c["ongoing_sentence"])  # open-ended duties in progress: said among the counts, never as praise
    if c["headline"]:
        b.p(c["headline_sentence"])
        b.table("headline")

    praise, improved = c["praise_sentence"], c["improved_sentence"]
    if praise or improved:
        b.h1("工作進展較好的單位")
        for text in (praise, improved):
            b.p(text)

    problems = c["lagging_sections"] or c["unexplained"] or c["missing"] or c["late"] or c["incomplete"]
    if problems:
        b.h1("存在的問題")
    if c["lagging_sections"]:
        over = any(r["ceiling"] for s in c["lagging_sections"] for r in s["rows"])  # a limit exceeded is no pace
        b.h2(("未完成年度目標" if year_end else "滯後於序時進度") + ("或超出控制目標" if over else "") + "的任務")
        b.p(f"共{c['lagging_count']}項，逐項列明如下：")
        for s in c["lagging_sections"]:
            b.group(s["title"])  # without its number: the annex numbers the same parts 一、二、…
            b.items([("", _task_sentence(r, year_end, c["roles"]["lead"])) for r in s["rows"]])
    if c["unexplained"]:
        b.h2("未說明原因的單位")
        within = f"請於通報印發之日起{c['explain_within']}內書面說明原因" if c["explain_within"] else "請書面說明原因"
        b.p(f"以下單位有任務{'未完成' if year_end else '滯後'}但未說明原因，{within}：")
        b.items([(u["name"], "：" + _names(u["ids"], by_id)) for u in c["unexplained"]])
    if c["missing"] or c["late"] or c["incomplete"]:
        b.h2("報送情況")
        if c["missing"]:
            b.p(f"未報送{c['quarter_zh']}進度的單位：{'、'.join(c['missing'])}。")
        if c["incomplete"]:
            b.p("漏報部分目標的單位：" + "；".join(
                f"{u['name']}（未報送{_names(u['ids'][:5], by_id)}{'等' + str(len(u['ids'])) + '項' if len(u['ids']) > 5 else ''}）"
                for u in c["incomplete"]) + "。")
        if c["late"]:
            b.p(f"未按時報送的單位：{'、'.join(c['late'])}。")

    if year_end:
        b.h1("年度考核情況及建議")
        if c["not_achieved"]:
            b.p(f"全年未完成的目標任務共{len(c['not_achieved'])}項：" + "；".join(
                f"{r['name']}（{r['lead']}{'，' + r['label'] if r['open_ended'] else ''}）" for r in c["not_achieved"]) + "。")
        if c["cancelled"]:  # a sanction the plan's notice provides, proposed; else the finding alone
            b.p(c["cancelled_sentence"])
            b.items([(u["name"], "：" + "；".join(f"{t['name']}（“{t['reason']}”）" for t in u["targets"]))
                     for u in c["cancelled"]])
        elif c["not_achieved"]:
            b.p("本年度沒有因主觀原因未完成任務的單位。")
        else:
            b.p("全年目標任務均已完成，沒有因主觀原因未完成任務的單位。")

    b.h1("下一步工作要求")
    b.p(c["requirements"])
    return b.blocks


def _opening(plan, notice: dict, period: str) -> str:
    """The first paragraph: the reporting duty quoted from the notice, or the notice named, or,
    when the plan holds no notice, the bulletin's subject alone (never a requirement it cannot quote)."""
    tail = f"現將{plan.title}{period}落實情況通報如下："
    if notice["reporting"]:
        return f"{notice['cite']}要求：“{notice['reporting']}”{tail}"
    if plan.notice is not None:
        return f"根據{notice['cite']}，{tail}"
    return tail


def _requirements(c: dict) -> str:
    """下一步工作要求: the office's own (``bulletins.requirements``), else 一是……二是……, the
    office naming itself as bulletins do, the units by the plan's words for them, the next
    report by its date."""
    if c["own_requirements"]:
        return "".join(c["own_requirements"])
    year_end, n, office = c["year_end"], c["lagging_count"], c["office_short"]
    duties, roles = c["notice"]["duties"], c["roles"]
    if year_end:
        first = (f"一是認真總結全年工作，對未完成的{len(c['not_achieved'])}項任務逐項分析原因，切實抓好整改落實。"
                 if c["not_achieved"] else "一是認真總結全年工作，鞏固和擴大工作成果。")
        aim = f"確保{c['plan']['year'] + 1}年各項工作開好局、起好步"
    else:
        first = (f"一是對照序時進度，對滯後的{n}項任務逐項制定整改措施，切實抓好整改落實。" if n
                 else "一是對照序時進度，繼續抓好各項任務的落實。")
        aim = "確保全年目標任務圓滿完成"
    if duties:
        second = f"二是按照通知要求，“{duties}”各責任單位要{aim}。"
    elif c["has_co"]:
        second = f"二是{roles['lead']}要切實負起牽頭協調責任，{roles['co']}要主動配合，{aim}。"
    else:  # one column of units (責任單位 only): each answers for the whole
        second = f"二是各{roles['lead']}要切實負起責任，加強協調配合，{aim}。"
    if year_end:
        third = (f"三是對未完成的任務，{office}將跟蹤督促整改，建議將整改情況納入年度考核。" if c["not_achieved"]
                 else f"三是{office}將繼續跟蹤督查，推動各項工作持續深化。")
        return first + second + third
    third = (f"三是{office}將對滯後任務開展重點督查，有關單位要按要求限期書面說明原因。" if n
             else f"三是{office}將繼續跟蹤督查各項任務的推進情況。")
    return first + second + third + f"四是各單位要在{c['next_report']}前按時書面報送{c['next_period']}工作進展情況。"


def _cancelled_sentence(c: dict, sanction: str | None, decider: str) -> str:
    """The year-end finding and, when the plan's office may propose one, its proposal: the
    office quotes the rule and proposes; the decision is the government's (bulletin-notes.md,
    Authority). A plan with no sanction gets the finding alone: nothing is proposed that the
    notice does not provide."""
    if not sanction:
        return "以下單位因主觀原因未完成任務："
    rule = c["notice"]["consequences"]
    basis = f"按照{c['notice']['cite']}“{rule.rstrip('。')}”的規定，" if rule else ""
    return f"{basis}以下單位因主觀原因未完成任務，建議{sanction.rstrip('。')}，報{decider}研究決定："


def bulletin_context(index: PlanIndex, results: list[StatusResult], *, number: str | None, issue_no: int | None,
                     date: dt.date | None) -> dict:
    """Everything a bulletin template receives; ``results`` run Q1 … the bulletin's quarter.
    A target the plan assigns to no unit is not judged (nobody was asked for it): it is named
    once, as not assigned, and left out of every count and table."""
    unassigned = [t.name for t in results[-1].targets if not (t.leads or t.shares)]
    if unassigned:
        results = [replace(r, targets=tuple(t for t in r.targets if t.leads or t.shares)) for r in results]
    result = results[-1]
    plan = index.plan
    settings = plan.bulletins
    q = result.quarter
    year_end = q == YEAR_END
    assert plan.office is not None  # a plan names its issuer, whose 督查室 it is when it names no office (model)
    office = office_short(plan.office)
    rows = _rows_with_history(results, {u.id: u.name for u in plan.units}, office)
    by_id = {r["id"]: r for r in rows}
    lagging = [r for r in rows if r["status"] in LAGGING]
    units = result.units
    # the year-end bulletin praises for the year: never a unit an earlier bulletin named (status: improved)
    praised = [u for u in units if u.commended]
    groups, commended = _praise(praised, by_id)
    ongoing = [u.name for u in units if u.ongoing]
    improved = [u.name for u in units if u.improved]
    cancelled = _cancelled(result, by_id)
    when = date or default_date(result)
    annex = _annex(rows, index, year_end)
    annex_rows = [r for s in annex for r in s["rows"] + s["ongoing_rows"]]
    context = {
        **_heading(plan, results, office, when, issue_no, number),
        "overview": words.overview(result), "summary_sentence": words.summary_sentence(result),
        "unassigned_sentence": (f"{'、'.join(unassigned[:3])}{'等' + str(len(unassigned)) + '項目標' if len(unassigned) > 3 else ''}"
                                "未分解到責任單位，本通報不作評價。") if unassigned else "",
        "headline_sentence": words.headline_sentence(result, index.headline_title),
        "headline": [r for r in rows if r["section"] is None],
        "sections": _sections(rows, index),
        "lagging_sections": _sections(lagging, index),
        "annex_sections": annex,
        "annex_legend": annex_legend(annex_rows),
        "lagging_count": len(lagging),
        "commended": commended,
        "commended_groups": [{"kind": k, "units": v} for k, v in groups.items() if v],
        "praise_sentence": words.praise_sentence(groups, year_end, any(
            by_id[t]["status"] == "pending" for u in praised for t in u.targets)),
        "ongoing_units": ongoing, "ongoing_sentence": words.ongoing_sentence(ongoing, year_end),
        "improved_units": improved, "improved_sentence": words.improved_sentence(improved, year_end),
        **_answers(units, by_id),
        "not_achieved": [r for r in rows if r["status"] == "not_achieved"],
        "cancelled": cancelled,
        "serious_pct": int(result.serious * 100),
        "roles": {"lead": index.roles.lead, "co": index.roles.co, "leader": index.roles.leader},
        "has_co": any(t.co for t in result.targets),
        "explain_within": settings.explain_within if settings else None,
        "own_requirements": [r.strip() for r in settings.requirements] if settings else [],
        "next_report": date_zh(getattr(plan.reporting, QUARTERS[min(QUARTERS.index(q) + 1, 3)])),
        "next_period": words.QUARTER_ZH[QUARTERS[min(QUARTERS.index(q) + 1, 3)]],
        # 附件說明 and the annex's own title (one annex, so no number)
        "annex_title": f"{plan.title}{words.QUARTER_PERIOD[q]}進度表",
        # 版記 (GB/T 9704 §7.4): 抄送 (none: the line is left out), 印發機關, 印發日期 (the 成文日期)
        "imprint": {"cc": "，".join(list(settings.cc) if settings else []),
                    "by": (settings.printed_by if settings and settings.printed_by else None) or plan.office,
                    "date": date_zh(when)},
    }
    decider = settings.decided_by if settings and settings.decided_by else government_short(plan.issuer)
    context["cancelled_sentence"] = _cancelled_sentence(context, settings.sanction if settings else None, decider) \
        if cancelled else ""
    context["requirements"] = _requirements(context)
    context["body"] = _body(context, by_id)
    return context


def _rows_with_history(results: list[StatusResult], names: dict[str, str], office: str) -> list[dict]:
    """The last quarter's rows, each with its target's status quarter by quarter."""
    rows = [row(t, names, office) for t in results[-1].targets]
    history: dict[str, list[dict]] = {t.id: [] for t in results[-1].targets}
    for r in results:
        for t in r.targets:
            history[t.id].append({"quarter": r.quarter, "ratio": None if t.ratio is None else float(t.ratio),
                                  "progress": words.progress(t), "status": t.status, "label": t.label})
    for shown in rows:
        shown["history"] = history[shown["id"]]
    return rows


def _ahead(r: dict) -> bool:
    """Achieved now, and already in a quarter before the one it is due."""
    due = QUARTERS.index(r["due"])
    return r["status"] == "achieved" and any(
        h["status"] == "achieved" and QUARTERS.index(h["quarter"]) < due for h in r["history"])


def _praise(praised: list, by_id: dict[str, dict]) -> tuple[dict[str, list[str]], list[dict]]:
    """The praised units grouped (ahead of time, on pace), and each with what it achieved."""
    groups = {"ahead": [u.name for u in praised if any(_ahead(by_id[t]) for t in u.targets)]}
    groups["on_pace"] = [u.name for u in praised if u.name not in groups["ahead"]]
    commended = [{"name": u.name, "count": len(u.targets),
                  "achieved": [by_id[t]["name"] for t in u.targets if by_id[t]["status"] == "achieved"],
                  "ahead": [by_id[t]["name"] for t in u.targets if _ahead(by_id[t])],
                  "ongoing": sum(by_id[t]["open_ended"] for t in u.targets)} for u in praised]
    return groups, commended


def _cancelled(result: StatusResult, by_id: dict[str, dict]) -> list[dict]:
    """The units that missed a target for a subjective reason, each target with the unit's own reason."""
    statuses = {t.id: t for t in result.targets}

    def said_by(uid: str, tid: str) -> str | None:
        r = reason_of(statuses[tid], uid)
        return inner(r.text) if r else None

    return [{"name": u.name, "targets": [{"id": t, "name": by_id[t]["name"], "reason": said_by(u.id, t)}
                                         for t in u.subjective]} for u in result.units if u.subjective]


def _heading(plan, results: list[StatusResult], office: str, when: dt.date, issue_no: int | None,
             number: str | None) -> dict:
    """The bulletin's head: the plan, its notice, the quarter, the issue and its number, the
    date, the title, the addressees and the opening sentence."""
    settings = plan.bulletins
    q = results[-1].quarter
    n, no = number_and_issue(plan, results, when, issue_no, number)
    head, tail = f"關於{plan.title}", f"{words.QUARTER_PERIOD[q]}落實情況的通報"  # 上半年, as the body says
    notice = notice_context(plan)
    addressees = (settings.addressees if settings and settings.addressees else notice["addressees"]) or ""
    if addressees and not addressees.endswith(("：", ":")):
        addressees += "："
    return {
        "plan": {"title": plan.title, "year": plan.year, "issuer": plan.issuer, "office": plan.office,
                 "issued": date_zh(plan.issued) if plan.issued else ""},
        "office_short": office,
        "notice": notice,
        "quarter": q, "quarter_zh": words.QUARTER_ZH[q], "period": words.QUARTER_PERIOD[q], "year_end": q == YEAR_END,
        "series": "督辦通報", "issue_no": n, "number": no,
        "date": date_zh(when), "date_iso": when.isoformat(),
        "title": head + tail, "title_lines": title_lines(head, tail),
        "addressees": addressees,
        "opening": _opening(plan, notice, words.QUARTER_PERIOD[q]),
    }


def _answers(units: tuple, by_id: dict[str, dict]) -> dict:
    """Who owes an answer: reasons not given, reports late, missing or incomplete."""
    return {
        "unexplained": [{"name": u.name, "ids": list(u.unexplained),
                         "targets": [by_id[t]["name"] for t in u.unexplained]} for u in units if u.unexplained],
        "late": [u.name for u in units if u.late], "missing": [u.name for u in units if u.missing],
        "incomplete": [{"name": u.name, "ids": list(u.unreported), "targets": [by_id[t]["name"] for t in u.unreported]}
                       for u in units if u.incomplete],
    }
