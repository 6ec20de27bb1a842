"""JSON Schema of the plan and report formats, generated from the models."""

from __future__ import annotations

import json


def schema_text(which: str) -> str:
    from .model import Plan, Report

    model = Plan if which == "plan" else Report
    data = model.model_json_schema(mode="validation")
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "jxplan 計畫檔（contract v1）" if which == "plan" else "jxplan 季度進度報告（contract v1）"
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
