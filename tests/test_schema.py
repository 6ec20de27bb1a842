"""The committed JSON Schemas mean what the models mean.

Compared by meaning, not by pydantic's bytes (which change between releases): the committed
schema and the one generated now accept and refuse the same documents (the shipped plan and
reports, the broken files of tests/data/invalid, and the hand-written edge documents below),
and every field of every model appears in it.
"""

from __future__ import annotations

import copy
import json
import typing

import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from conftest import ROOT
from jxplan.model import Plan, Report

WHICH = ("plan", "report")


class _Loader(yaml.SafeLoader):
    """YAML as a JSON Schema validator sees it: dates stay text, aliases are not followed."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("alias")
        return super().compose_node(parent, index)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _instance(path):
    """The document as JSON data, or None for a file that is not one YAML document at all."""
    try:
        return yaml.load(path.read_bytes().decode("utf-8-sig"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError, ValueError):
        return None


def _validator(schema: dict) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def validators(request):
    """{which: (committed, generated)}; generated through the command, as a user gets it."""
    from typer.testing import CliRunner

    from jxplan.cli import app

    out = {}
    for which in WHICH:
        committed = json.loads((ROOT / f"schema/{which}.schema.json").read_text(encoding="utf-8"))
        result = CliRunner().invoke(app, ["schema", which])
        assert result.exit_code == 0
        out[which] = (_validator(committed), _validator(json.loads(result.stdout)))
    return out


PLAN = {
    "version": 1, "year": 2012, "title": "測試計劃", "issuer": "嘉興市人民政府", "issued": "2012-02-03",
    "reporting": {"Q1": "2012-04-05", "Q2": "2012-07-05", "Q3": "2012-10-08", "Q4": "2013-01-05"},
    "thresholds": {"serious": 0.8},
    "units": [{"id": "fgw", "name": "市發改委", "kind": "department"},
              {"id": "nhq", "name": "南湖區", "full_name": "嘉興市南湖區", "kind": "county"}],
    "headline": [{"id": "H1", "name": "地區生產總值增長", "kind": "rate", "target": 10, "unit": "%", "lead": "fgw"}],
    "sections": [{"id": 1, "title": "第一部分", "points": [{
        "id": 2, "title": "要點", "text": "全文", "lead": "fgw", "co": ["nhq"],
        "targets": [{"id": "2.1", "name": "騰退用地", "kind": "cumulative", "target": 8000, "unit": "畝",
                     "tolerance": 400, "breakdown": {"nhq": 8000}, "schedule": {"Q1": 0.1, "Q2": 0.4, "Q3": 0.7, "Q4": 1}},
                    {"id": "2.2", "name": "啟動工程", "kind": "milestone", "due": "Q2"}]}]}],
}
REPORT = {"version": 1, "unit": "fgw", "year": 2012, "quarter": "Q2", "submitted": "2012-07-03",
          "entries": [{"target": "2.1", "value": 11.2, "note": "說明"}]}


def _with(doc: dict, path: str, value) -> dict:
    """A copy of ``doc`` with the item at ``path`` (dotted; numbers index lists) set; DELETE removes it."""
    doc = copy.deepcopy(doc)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    here = doc
    for p in parents:
        here = here[p]
    if value is DELETE:
        del here[last]
    else:
        here[last] = value
    return doc


DELETE = object()
T = "sections.0.points.0.targets.0"

# (name, which, document, accepted?) -- the verdict is written by hand: what the contract allows.
EDGE = [
    ("plan minimal", "plan", PLAN, True),
    ("plan optional fields", "plan", _with(_with(_with(PLAN, "office", "督查室"), "preamble", ["一段"]),
                                            f"{T}.source", "原文"), True),
    ("plan stretch and at_most", "plan", _with(_with(PLAN, f"{T}.stretch", 9000), f"{T}.compare", "at_most"), True),
    ("plan section 八 with a text id", "plan", _with(PLAN, "sections.0.points.0.id", "S8"), True),
    ("plan version 2", "plan", _with(PLAN, "version", 2), False),
    ("plan version as text", "plan", _with(PLAN, "version", "1"), False),
    ("plan stray key", "plan", _with(PLAN, "extra", 1), False),
    ("plan misspelt target field", "plan", _with(PLAN, f"{T}.tolerence", 1), False),
    ("plan unit kind city", "plan", _with(PLAN, "units.0.kind", "city"), False),
    ("plan unit id in capitals", "plan", _with(PLAN, "units.0.id", "FGW"), False),
    ("plan target kind unknown", "plan", _with(PLAN, f"{T}.kind", "count"), False),
    ("plan compare below", "plan", _with(PLAN, f"{T}.compare", "below"), False),
    ("plan negative tolerance", "plan", _with(PLAN, f"{T}.tolerance", -1), False),
    ("plan target as text", "plan", _with(PLAN, f"{T}.target", "8000"), False),
    ("plan schedule Q5", "plan", _with(PLAN, f"{T}.schedule", {"Q5": 1}), False),
    ("plan due Q0", "plan", _with(PLAN, "sections.0.points.0.targets.1.due", "Q0"), False),
    ("plan no title", "plan", _with(PLAN, "title", DELETE), False),
    ("plan reporting without Q4", "plan", _with(PLAN, "reporting.Q4", DELETE), False),
    ("plan impossible date", "plan", _with(PLAN, "issued", "2012-02-30"), False),
    ("plan sections not a list", "plan", _with(PLAN, "sections", {}), False),
    ("report minimal", "report", REPORT, True),
    ("report no entries", "report", _with(REPORT, "entries", []), True),
    ("report value with its unit", "report", _with(REPORT, "entries.0.value", "1.2萬畝"), True),
    ("report stage and reason", "report", _with(REPORT, "entries.0", {
        "target": "20.3", "stage": "in_progress", "reason": {"kind": "objective", "text": "梅雨"}}), True),
    ("report unit by name", "report", _with(REPORT, "unit", "市發改委"), True),
    ("report value true", "report", _with(REPORT, "entries.0.value", True), False),
    ("report stage unknown", "report", _with(REPORT, "entries.0.stage", "finished"), False),
    ("report reason kind other", "report", _with(REPORT, "entries.0.reason", {"kind": "other", "text": "x"}), False),
    ("report reason without text", "report", _with(REPORT, "entries.0.reason", {"kind": "subjective"}), False),
    ("report misspelt field", "report", _with(REPORT, "entries.0.valu", 1), False),
    ("report quarter Q5", "report", _with(REPORT, "quarter", "Q5"), False),
    ("report year as text", "report", _with(REPORT, "year", "2012"), False),
    # a blank form needs no date; a report that says anything is refused by the missing-date
    # check, which a schema cannot express (as it cannot know the plan's units or targets)
    ("report no submitted", "report", _with(REPORT, "submitted", DELETE), True),
    ("report version 2", "report", _with(REPORT, "version", 2), False),
    ("report entries not a list", "report", _with(REPORT, "entries", {"target": "2.1"}), False),
    ("report stray plan key", "report", _with(REPORT, "headline", []), False),
]


@pytest.mark.parametrize("name,which,doc,accepted", EDGE, ids=[e[0] for e in EDGE])
def test_edge_documents(validators, name, which, doc, accepted):
    committed, generated = validators[which]
    assert committed.is_valid(doc) is accepted
    assert generated.is_valid(doc) is accepted


def _files():
    shipped = [ROOT / "plans/2012.yaml", *sorted(ROOT.glob("progress/**/*.yaml"))]
    broken = sorted((ROOT / "tests/data/invalid").glob("*.yaml"))
    return shipped, broken


def test_shipped_files_are_accepted_by_both(validators):
    shipped, _ = _files()
    assert len(shipped) > 50
    for path in shipped:
        which = "plan" if path.parent.name == "plans" else "report"
        doc = _instance(path)
        for v in validators[which]:
            errors = [e.message for e in v.iter_errors(doc)]
            assert not errors, (path, errors[:3])


def test_broken_files_get_the_same_verdict(validators):
    _, broken = _files()
    compared = 0
    for path in broken:
        doc = _instance(path)
        if doc is None:
            continue  # not one YAML document: the loader's business, not the schema's
        which = "plan" if isinstance(doc, dict) and ("sections" in doc or "headline" in doc) else "report"
        committed, generated = validators[which]
        assert committed.is_valid(doc) == generated.is_valid(doc), path.name
        compared += 1
    assert compared >= 15


def _models(root: type[BaseModel]) -> dict:
    """Every model reachable from ``root`` through its fields' types: {name: class}."""
    seen = {}
    stack = [root]
    while stack:
        tp = stack.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp.__name__ not in seen:
                seen[tp.__name__] = tp
                stack.extend(f.annotation for f in tp.model_fields.values())
        else:
            stack.extend(typing.get_args(tp))
    return seen


@pytest.mark.parametrize("which,root", [("plan", Plan), ("report", Report)])
def test_every_model_field_is_in_the_committed_schema(which, root):
    schema = json.loads((ROOT / f"schema/{which}.schema.json").read_text(encoding="utf-8"))
    models = _models(root)
    assert len(models) == (9 if which == "plan" else 3)  # plan: with the notice and the bulletin settings
    for name, model in models.items():
        part = schema if model is root else schema["$defs"][name]
        fields = {f.alias or n for n, f in model.model_fields.items()}
        assert set(part["properties"]) == fields, name
        required = {f.alias or n for n, f in model.model_fields.items() if f.is_required()}
        assert set(part.get("required", ())) == required, name
        assert part["additionalProperties"] is False, name  # a typo is never let through


def test_schema_output_is_deterministic_and_committed_in_the_same_form(run):
    for which in WHICH:
        first, second = run("schema", which)[1], run("schema", which)[1]
        assert first == second
        canonical = json.dumps(json.loads(first), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        assert first == canonical
        committed = (ROOT / f"schema/{which}.schema.json").read_text(encoding="utf-8")
        assert committed == json.dumps(json.loads(committed), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("which", ["plan", "report"])
def test_what_an_editor_shows_on_hover_is_chinese(which):
    """Every title and description of the schema, as a YAML editor shows them, is in Chinese."""
    import re

    from jxplan.schema import schema_data

    english = []

    def walk(node, path):
        if isinstance(node, dict):
            for key in ("title", "description"):
                if isinstance(node.get(key), str) and not re.search(r"[\u4e00-\u9fff]", node[key]):
                    english.append((path, node[key]))
            for k, v in node.items():
                if k not in ("title", "description"):
                    walk(v, f"{path}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}/{i}")

    walk(schema_data(which), which)
    assert english == []
    assert schema_data("report")["$defs"]["Entry"]["properties"]["value"]["title"] == "累計完成"
