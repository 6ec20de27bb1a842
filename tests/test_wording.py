"""How documents word what the plan holds: figures as the text says them, deadlines, the notice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from conftest import SMALL_PLAN, write
from jxplan.check.model import Plan, Target
from jxplan.render import words
from jxplan.render.documents import decomposition_context, due_label, notice_context, zh_punct
from jxplan.check.pipeline import open_plan


def target(**kw) -> Target:
    return Target.model_validate({"id": "1.1", "name": "x", **kw})


@pytest.mark.parametrize("fields,shown", [
    ({"kind": "rate", "target": 10, "unit": "%"}, "10%"),                                     # 增長10%
    ({"kind": "rate", "target": 11, "unit": "%", "qualifier": "以上"}, "11%以上"),             # 增長11%以上
    ({"kind": "cumulative", "target": 6000, "unit": "萬噸", "compare": "above", "qualifier": "超"}, "超6000萬噸"),
    ({"kind": "cumulative", "target": 2000, "unit": "億元", "compare": "above", "qualifier": "突破"}, "突破2000億元"),
    ({"kind": "cumulative", "target": 200, "unit": "億元", "compare": "above", "qualifier": "超過"}, "超過200億元"),
    ({"kind": "cumulative", "target": 200, "unit": "億元", "compare": "above"}, "超200億元"),   # no word given
    ({"kind": "cumulative", "target": 8000, "unit": "畝", "tolerance": 400}, "8000畝左右"),    # 左右 from the tolerance
    ({"kind": "rate", "target": 4, "unit": "%", "compare": "at_most", "tolerance": Decimal("0.2")}, "4%左右"),  # 控制在4%左右
    ({"kind": "rate", "target": 4, "unit": "%", "compare": "at_most"}, "4%以內"),             # 以內 from at_most
    ({"kind": "rate", "target": 1, "unit": "‰", "compare": "at_most", "qualifier": "以內"}, "1‰以內"),
    ({"kind": "cumulative", "target": 2, "stretch": 3, "unit": "萬戶"}, "2至3萬戶"),            # 2至3萬戶
    ({"kind": "cumulative", "target": Decimal("1.2"), "unit": "萬畝"}, "1.2萬畝"),
    ({"kind": "milestone"}, "年內完成"),                                                       # no goal of its own: its deadline's words
    ({"kind": "milestone", "due": "Q2"}, "上半年完成"),
    ({"kind": "milestone", "goal": "完成省下達的目標"}, "完成省下達的目標"),                      # the text's own words
    ({"kind": "milestone", "open_ended": True}, "持續推進"),
])
def test_goal_keeps_the_words_of_the_text(fields, shown):
    assert words.goal(target(**fields)) == shown


def test_due_labels():
    assert due_label(target(kind="milestone"), "督查室") == "年內"
    assert due_label(target(kind="milestone", open_ended=True), "督查室") == "持續推進"
    assert due_label(target(kind="milestone", due="Q2", due_set_by="office"), "督查室") == "上半年（督查室確定）"
    assert due_label(target(kind="milestone", due="Q2", source="上半年完成"), "督查室") == "上半年"
    assert due_label(target(kind="rate", target=1), "督查室") == "年內"


def test_display_punctuation_is_fullwidth_and_the_words_unchanged():
    assert zh_punct("加快開發區(工業園區)生態化改造,促進轉型:一;二") == "加快開發區（工業園區）生態化改造，促進轉型：一；二"
    assert zh_punct("增長1.2個百分點,3+x") == "增長1.2個百分點，3+x"


NOTICE = {
    "addressees": "各縣(市、區)人民政府:",
    "paragraphs": ["甲已經研究確定,現印發給你們。",
                   "乙要確定責任單位。第一責任單位要牽頭。各主要責任單位要配合。",
                   "每季度末應書面匯報一次。市政府以督辦通報的形式反映督查結果。對完成任務出色的單位予以通報表彰,主觀原因未完成的取消評優評先資格。"],
    "annexes": ["甲", "乙"], "signature": "嘉興市人民政府", "date": "二○一二年二月三日",
}


def _plan(notice, bulletins=None) -> Plan:
    base = {"version": 1, "year": 2012, "title": "甲", "issuer": "嘉興市人民政府", "issued": dt.date(2012, 2, 3),
            "reporting": {"Q1": "2012-04-05", "Q2": "2012-07-05", "Q3": "2012-10-08", "Q4": "2013-01-05"},
            "thresholds": {"serious": Decimal("0.8")}, "units": [], "headline": [], "sections": []}
    if notice is not None:
        base["notice"] = notice
    if bulletins is not None:
        base["bulletins"] = bulletins
    return Plan.model_validate(base)


QUOTED = {"duty": "每季度末應書面匯報一次。市政府以督辦通報的形式反映督查結果。",
          "consequences": "對完成任務出色的單位予以通報表彰,主觀原因未完成的取消評優評先資格。",
          "division": "第一責任單位要牽頭。各主要責任單位要配合。"}


def test_notice_sentences_are_quoted_whole():
    """The sentences the plan's bulletins quote (never found by guessing in the notice), with
    the documents' punctuation."""
    assert notice_context(_plan(NOTICE))["reporting"] == ""  # a notice alone quotes nothing
    n = notice_context(_plan(NOTICE, QUOTED))
    assert n["reporting"] == "每季度末應書面匯報一次。市政府以督辦通報的形式反映督查結果。"
    assert n["consequences"] == "對完成任務出色的單位予以通報表彰，主觀原因未完成的取消評優評先資格。"
    assert n["duties"] == "第一責任單位要牽頭。各主要責任單位要配合。"
    assert n["addressees"] == "各縣（市、區）人民政府："
    # the source gives no title: the notice is named by what it did, never by an invented title
    assert n["title"] is None and n["cite"] == "嘉興市人民政府2012年2月3日印發《甲》的通知"


def test_a_notice_written_as_text_is_its_title():
    n = notice_context(_plan("嘉興市人民政府關於印發甲的通知"))
    assert n["cite"] == "《嘉興市人民政府關於印發甲的通知》" and n["paragraphs"] == [] and n["reporting"] == ""
    assert notice_context(_plan(None))["cite"] == "嘉興市人民政府2012年2月3日印發《甲》的通知"


SHARED = SMALL_PLAN.replace("headline:\n", "groups: [{id: gq, name: 各縣（市、區）政府, members: [nhq, xzq]}]\nheadline:\n").replace(
    '''          - {id: "2.1", name: 固定資產投資增長, kind: rate, target: 10, unit: "%"}''',
    '''          - {id: "2.1", name: 固定資產投資增長, kind: rate, target: 10, unit: "%", source: 確保固定資產投資增長10%}
          - {id: "2.7", name: 港口貨物, kind: cumulative, target: 6000, unit: 萬噸, compare: above, qualifier: 超,
             source: "貨物吞吐量超6000萬噸、集裝箱超70萬標箱", co: [gq]}
          - {id: "2.8", name: 集裝箱, kind: cumulative, target: 70, unit: 萬標箱, compare: above, qualifier: 超,
             source: "貨物吞吐量超6000萬噸、集裝箱超70萬標箱", co: [gq]}
          - {id: "2.9", name: 辦會, kind: milestone, due: Q2, due_set_by: office, source: 確保固定資產投資}''')


def test_decomposition_rows(tmp_path):
    ws = open_plan(write(tmp_path / "plan.yaml", SHARED))
    assert ws.problems == ()
    ctx = decomposition_context(ws.index)
    rows = {r["id"]: r for r in ctx["sections"][1]["points"][0]["targets"]}
    # two figures of one clause with the same units: one row, both figures, in the text's order
    shared = rows["2.7、2.8"]
    assert shared["leads"] == ["市發改委"] and shared["leaders"] == []
    assert shared["goal"] == "超6000萬噸、超70萬標箱" and shared["task"] == "貨物吞吐量超6000萬噸、集裝箱超70萬標箱"
    assert shared["co"] == ["各縣（市、區）政府"]  # a group, by its name
    assert rows["2.9"]["due_label"] == "上半年（市政府督查室確定）" and rows["2.9"]["goal"] == "—"
    assert rows["2.1"]["task"] == "確保固定資產投資增長10%" and rows["2.1"]["co"] == ["市統計局"]
    assert rows["2.2"]["task"] == "新增就業"  # no source: its name
    assert list(rows)[:2] == ["2.1", "2.9"]  # sources found in the text come first, in its order
    # 10 rows of 11 items (2.7 and 2.8 share a clause): 9 with a figure, 2 with an end state, none open-ended (not said)
    assert ctx["counts_sentence"] == "共10項工作任務（11個督辦事項：量化指標9項，有完成要求的工作2項）。"
    assert ctx["due_legend"] == "完成時限：“年內”即全年完成；註明“市政府督查室確定”的時限不是原文所定。"
    # 序號 runs 1…10 across the table: H1, H6, then 2.1 and 2.9 (found at the text's start), then the
    # rest as the plan lists them (2.7 and 2.8 one row, then 2.2 …)
    numbered = [(t["no"], t["id"]) for s in ctx["sections"] for p in s["points"] for t in p["targets"]]
    assert numbered == [(1, "H1"), (2, "H6"), (3, "2.1"), (4, "2.9"), (5, "2.7、2.8"), (6, "2.2"), (7, "2.3"), (8, "2.4"),
                        (9, "2.5"), (10, "5.10")]
    # the small plan says nothing of its assignments: official, titled and signed as issued
    assert ctx["title"] == "測試計劃責任分解方案" and ctx["title_lines"] == ["測試計劃責任分解方案"] and not ctx["provisional"]
    provisional = open_plan(write(tmp_path / "p.yaml", SHARED.replace("issued:", "assignment_status: provisional\nissued:")))
    ctx = decomposition_context(provisional.index)
    assert ctx["title"] == "測試計劃責任分解方案（暫定）" and ctx["provisional"]


def test_the_office_names_itself_short_in_the_body():
    from jxplan.render.documents import _office_short

    assert _office_short("嘉興市人民政府督查室") == "市政府督查室"
    assert _office_short("嘉兴市人民政府督查室") == "市政府督查室"
    assert _office_short("海鹽縣人民政府督查室") == "縣政府督查室"
    assert _office_short("督查室") == "督查室"  # nothing to shorten


def test_titles_break_where_the_sense_allows():
    from jxplan.render.bulletin import title_lines

    assert title_lines("關於2012年政府工作要點", "第二季度落實情況的通報") == [
        "關於2012年政府工作要點", "第二季度落實情況的通報"]  # never …落實情況／的通報
    assert title_lines("關於測試計劃", "第二季度落實情況的通報") == ["關於測試計劃第二季度落實情況的通報"]  # fits one line
    long = "關於" + "很長的計劃名稱" * 4
    assert title_lines(long, "第二季度落實情況的通報") == [long + "第二季度落實情況的通報"]  # no sensible break: as it wraps


def test_praised_units_in_one_sentence_those_ahead_first():
    # 通報表揚 (a quarterly bulletin's word), for figures and end-states on pace; those ahead of time first
    groups = {"ahead": ["市科技局"], "on_pace": ["市統計局", "市農經局"]}
    assert words.praise_sentence(groups, False) == (
        "按時報送、承擔的量化指標和有完成要求的工作任務全部達到序時進度的單位共3個，予以通報表揚。"
        "其中，市科技局提前完成了部分年度目標；市統計局、市農經局等2個單位全部達到序時進度。")
    assert words.praise_sentence({"on_pace": ["市統計局"]}, True) == (
        "按時報送、承擔的量化指標和有完成要求的工作任務全部完成的單位共1個，予以通報表揚：市統計局。")
    assert words.praise_sentence({"ahead": [], "on_pace": []}, False) == ""
    # open-ended duties in progress are said, never praised; a unit named earlier is said with what changed
    assert words.ongoing_sentence(["市水利局", "市殘聯"], False) == (
        "市水利局、市殘聯等2個單位按時報送，承擔的持續推進的工作任務均在推進。")
    assert "予以" not in words.ongoing_sentence(["市水利局"], True)
    assert words.improved_sentence(["市安監局"], True).startswith("市安監局在本年度前期通報中被指出問題，經督促整改")
    assert words.improved_sentence([], True) == ""


def test_columns_keep_header_words_and_names_whole():
    from jxplan.render.layout import Column, text_em, widths

    em = 10.5 * 25.4 / 72
    cols = [Column(), Column(fit=False, min_em=6), Column(fit=False, min_em=4, sep="、")]
    rows = [["10%", "很長的任務" * 10, "市國土資源局、各縣（市、區）政府"]]
    w = widths(cols, rows, total_mm=156, font_pt=10.5, pad_mm=1.9, headers=["序時進度", "任務", "單位"])
    assert w[0] >= text_em("序時進度") * em + 1.9  # the header word on one line, though 10% is narrower
    assert w[2] >= text_em("各縣（市、區）政府") * em + 1.9  # the widest name on one line; the list wraps at 、
    assert abs(sum(w) - 156) < 0.05
