"""JSON Schema of the plan and report formats, generated from the models."""

from __future__ import annotations

import json


def _generator():
    from pydantic.json_schema import GenerateJsonSchema

    class Generator(GenerateJsonSchema):
        def decimal_schema(self, schema):
            # A figure in a plan is a YAML number: the models refuse text ("10" is an
            # error), so the schema says number only. pydantic's default for Decimal also
            # allows a string, with a pattern in some releases and without in others.
            generated = super().decimal_schema(schema)
            return generated["anyOf"][0] if "anyOf" in generated else {"type": "number"}

    return Generator


_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _json_bounds(node):
    """pydantic leaves a bound it could not fold into the type (``ge: 0`` beside a validator)
    under its own name, which no JSON Schema validator reads: give it JSON Schema's name."""
    if isinstance(node, dict):
        if node.get("type") in ("number", "integer"):
            for ours, theirs in _BOUNDS.items():
                if ours in node:
                    node[theirs] = node.pop(ours)
        for v in node.values():
            _json_bounds(v)
    elif isinstance(node, list):
        for v in node:
            _json_bounds(v)


# What an editor shows on hovering a field: its name and meaning in Chinese (the models'
# docstrings are written for developers). (model, field) -> (title, description).
_WORDS = {
    "Report": ("季度進度報告", "一個單位一個季度的書面報告：每個目標一項（entries）"),
    "Report.version": ("格式版本", "固定為 1"),
    "Report.unit": ("填報單位", "單位編號（如 fgw）或計劃中的名稱（如 市發改委）"),
    "Report.year": ("年度", "計劃的年度，如 2012"),
    "Report.quarter": ("季度", "Q1、Q2、Q3 或 Q4"),
    "Report.submitted": ("報送日期", "送出報告的日期，如 2012-07-03；逾期與否以它為準"),
    "Report.entries": ("各目標的進度", "每個目標一項；只列本單位要報的目標"),
    "Entry": ("一個目標的進度", "target 之外，數字目標填 value，里程碑填 stage；協辦單位只填 note"),
    "Entry.target": ("目標編號", "計劃中的目標編號，請加引號，如 \"2.1\"、\"5.10\""),
    "Entry.value": ("累計完成", "年初至今的累計數，用目標的單位；也可寫帶單位的數，如 \"1.2萬畝\""),
    "Entry.stage": ("進度階段", "里程碑：not_started（未啟動）、in_progress（推進中）或 done（已完成）"),
    "Entry.note": ("備注", "需要說明的情況"),
    "Entry.reason": ("未達進度的原因", "未達到序時進度時填寫：kind（客觀或主觀）與 text（說明）"),
    "Reason": ("原因", "kind：objective（客觀）或 subjective（主觀）；text：原因說明"),
    "Reason.kind": ("原因類別", "objective（客觀）或 subjective（主觀）；全年未完成且為主觀原因的，取消當年評優評先資格"),
    "Reason.text": ("原因說明", "寫明未達進度的原因"),
    "Plan": ("年度工作計劃", "政府工作要點：主要預期目標、各部分的工作要點與目標、責任單位"),
    "Plan.version": ("格式版本", "固定為 1"),
    "Plan.year": ("年度", "計劃的年度"),
    "Plan.title": ("標題", "如 2012年政府工作要點"),
    "Plan.issuer": ("發文機關", "如 嘉興市人民政府"),
    "Plan.issued": ("印發日期", "如 2012-02-03"),
    "Plan.office": ("督辦單位", "發佈督辦通報的單位，如 嘉興市人民政府督查室；不寫則為發文機關加「督查室」"),
    "Plan.assignment_note": ("責任分工說明", "責任分解方案開頭的說明，如 正式的分解方案尚未公佈、表中分工為暫定；不寫則不印"),
    "Plan.assignment_status": ("責任分工狀態", "official（正式，默認）或 provisional（暫定：責任分解方案標題註明「暫定」，不印政府落款和日期）"),
    "Plan.office_code": ("機關代字", "督辦通報發文字號的機關代字，如 嘉政督（字號為 嘉政督〔2012〕2號）；不寫則通報不印字號"),
    "Plan.notice": ("印發通知", "通知原文：主送機關、段落、附件、落款與日期"),
    "Plan.preamble": ("引言", "正文前的段落，原文照錄"),
    "Plan.reporting": ("報送期限", "每季度書面報告的報送期限"),
    "Plan.thresholds": ("滯後界線", "serious：低於序時進度的這個比例即為嚴重滯後"),
    "Plan.units": ("單位", "責任單位的列表"),
    "Plan.headline": ("主要預期目標", "原文的 (1)–(8)"),
    "Plan.sections": ("部分", "原文的一…八"),
    "Reporting": ("報送期限", "Q1–Q4 各季度書面報告的報送日期"),
    "Reporting.Q1": ("一季度", "第一季度報告的報送期限，如 2012-04-05"),
    "Reporting.Q2": ("二季度", "第二季度報告的報送期限"),
    "Reporting.Q3": ("三季度", "第三季度報告的報送期限"),
    "Reporting.Q4": ("四季度", "第四季度（全年）報告的報送期限"),
    "Thresholds": ("滯後界線", None),
    "Thresholds.serious": ("嚴重滯後界線", "完成比例低於它即為嚴重滯後，如 0.8"),
    "Unit": ("單位", None),
    "Unit.id": ("編號", "簡短的英文字母編號，唯一，如 fgw"),
    "Unit.name": ("名稱", "表格與通報用的名稱，唯一，如 市發改委"),
    "Unit.full_name": ("全稱", "如 嘉興市發展和改革委員會"),
    "Unit.kind": ("類別", "department（部門）或 county（縣、市、區）"),
    "Section": ("部分", None),
    "Section.id": ("序號", "1–8（一…八）"),
    "Section.title": ("標題", None),
    "Section.points": ("工作要點", None),
    "Point": ("工作要點", None),
    "Point.id": ("序號", "原文的編號 1–25；第八部分為 \"8\" 或 S8"),
    "Point.title": ("標題", None),
    "Point.text": ("原文", "整段原文"),
    "Point.lead": ("第一責任單位", "單位編號"),
    "Point.co": ("主要責任單位", "單位編號的列表"),
    "Point.targets": ("目標", "本要點的督辦目標"),
    "Target": ("目標", None),
    "Target.id": ("編號", "唯一；主要預期目標為 H1…H8，其餘為 要點.序號，如 \"2.1\""),
    "Target.name": ("名稱", "簡短的名稱"),
    "Target.kind": ("類別", "cumulative（累計）、rate（比率或水平）或 milestone（里程碑）"),
    "Target.target": ("年度目標", "年度目標數（里程碑不填）"),
    "Target.stretch": ("目標上限", "區間目標的上限，如 2至3萬戶 的 3"),
    "Target.unit": ("計量單位", "如 %、億元、萬畝、個"),
    "Target.compare": ("比較方式", "at_least（達到、以上）、above（超過）或 at_most（控制在…以內）"),
    "Target.tolerance": ("容差", "「左右」目標允許的偏差"),
    "Target.schedule": ("序時進度", "各季度末應完成年度目標的比例，如 {Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}"),
    "Target.due": ("完成時限", "里程碑應完成的季度；默認 Q4"),
    "Target.due_set_by": ("時限由誰確定", "office：督查室自定，原文沒有寫"),
    "Target.lead": ("第一責任單位", "不填則用所屬要點的"),
    "Target.co": ("主要責任單位", "不填則用所屬要點的"),
    "Target.breakdown": ("責任分解", "分解到各單位的數額 {單位編號: 數額}，合計等於年度目標"),
    "Target.source": ("原文", "目標在原文中的原話"),
    "Target.open_ended": ("持續推進的工作", "沒有完成狀態的經常性工作，按季度報告推進情況"),
    "Target.qualifier": ("限定語", "原文中限定目標的話，如 以上、左右"),
    "Notice": ("印發通知", None),
    "Notice.addressees": ("主送機關", None),
    "Notice.paragraphs": ("正文", "各段原文"),
    "Notice.annexes": ("附件", "附件名稱"),
    "Notice.signature": ("落款", None),
    "Notice.date": ("成文日期", "原文的寫法，如 二○一二年二月三日"),
}


def _in_chinese(data: dict, root: str) -> None:
    """Titles and descriptions from ``_WORDS``; a field not listed keeps what pydantic wrote."""
    models = {root: data, **data.get("$defs", {})}
    for name, node in models.items():
        if name in _WORDS:
            _say(node, _WORDS[name])
        for field, prop in node.get("properties", {}).items():
            if f"{name}.{field}" in _WORDS:
                _say(prop, _WORDS[f"{name}.{field}"])


def _say(node: dict, words: tuple[str, str | None]) -> None:
    node["title"] = words[0]
    if words[1]:
        node["description"] = words[1]
    else:
        node.pop("description", None)


def schema_data(which: str) -> dict:
    from .model import Plan, Report

    model = Plan if which == "plan" else Report
    data = model.model_json_schema(mode="validation", schema_generator=_generator())
    _json_bounds(data)
    _in_chinese(data, model.__name__)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "jxplan 計劃文件（contract v1）" if which == "plan" else "jxplan 季度進度報告（contract v1）"
    return data


def schema_text(which: str) -> str:
    return json.dumps(schema_data(which), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
