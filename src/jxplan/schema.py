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


def schema_data(which: str) -> dict:
    from .model import Plan, Report

    model = Plan if which == "plan" else Report
    data = model.model_json_schema(mode="validation", schema_generator=_generator())
    _json_bounds(data)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "jxplan 計畫檔（contract v1）" if which == "plan" else "jxplan 季度進度報告（contract v1）"
    return data


def schema_text(which: str) -> str:
    return json.dumps(schema_data(which), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
