"""The committed JSON Schemas mean what the models mean.

Compared by meaning, not by pydantic's bytes (which change between releases): the committed
schema and the one generated now accept and refuse the same documents (the shipped plan and
reports, the broken files of tests/data/invalid, and the hand-written edge documents below),
and every field of every model appears in it. When a model changes, these tests ask for
nothing but a regeneration (``jxplan schema plan > schema/plan.schema.json``, the same for
``report``). That the schemas agree with jxplan file by file is test_schema_agrees.py's.
"""

from __future__ import annotations

import copy
import json
import typing

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from conftest import ROOT, SMALL_PLAN, write
from jxplan.read.discover import kind_of
from jxplan.check.model import Plan, Report
from test_schema_agrees import editor_data

WHICH = ("plan", "report")
REGENERATE = "the committed schema is stale: jxplan schema {0} > schema/{0}.schema.json"


def _instance(path):
    """The document as an editor gives it to the schema (YAML 1.2 as plain data), or None
    for a file that is not one YAML document an editor reads."""
    docs = editor_data(path.read_bytes())
    return docs[0] if docs is not None and len(docs) == 1 else None


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
    ("report version 2", "report", _with(REPORT, "version", 2), False),
    ("report entries not a list", "report", _with(REPORT, "entries", {"target": "2.1"}), False),
    ("report stray plan key", "report", _with(REPORT, "headline", []), False),
    # the words people write (terms.STAGE_WORDS, REASON_WORDS), in either script, with spaces
    ("report stage 推進中", "report", _with(REPORT, "entries.0", {"target": "20.3", "stage": "推進中"}), True),
    ("report stage 推进中 with spaces", "report", _with(REPORT, "entries.0", {"target": "20.3", "stage": " 推进中\u3000"}), True),
    ("report stage 未啟动 in mixed script", "report", _with(REPORT, "entries.0", {"target": "20.3", "stage": "未啟动"}), True),
    ("report stage 推進", "report", _with(REPORT, "entries.0", {"target": "20.3", "stage": "推進"}), False),
    ("report stage as a number", "report", _with(REPORT, "entries.0", {"target": "20.3", "stage": 1}), False),
    ("report reason kind 客觀", "report", _with(REPORT, "entries.0.reason", {"kind": "客觀", "text": "梅雨"}), True),
    ("report reason kind 主观原因", "report", _with(REPORT, "entries.0.reason", {"kind": "主观原因", "text": "x"}), True),
    ("report reason kind 客觀 without text", "report", _with(REPORT, "entries.0.reason", {"kind": "客觀"}), False),
    ("report reason kind 其他", "report", _with(REPORT, "entries.0.reason", {"kind": "其他", "text": "x"}), False),
    # a form's reason block left empty is no reason; an empty mapping or another key is
    ("report reason block left empty", "report", _with(REPORT, "entries.0.reason", {"kind": None, "text": None}), True),
    ("report reason block of spaces", "report", _with(REPORT, "entries.0.reason", {"kind": " ", "text": ""}), True),
    ("report reason block with kind only", "report", _with(REPORT, "entries.0.reason", {"kind": None}), True),
    ("report reason {}", "report", _with(REPORT, "entries.0.reason", {}), False),
    ("report reason block with a stray key", "report", _with(REPORT, "entries.0.reason", {"kind": None, "note": None}), False),
    # dates as people write them (types._as_date); never a number, never a day that is not
    ("report date 2012年7月3日", "report", _with(REPORT, "submitted", "2012年7月3日"), True),
    ("report date 2012/7/3", "report", _with(REPORT, "submitted", "2012/7/3"), True),
    ("report date ２０１２.７.３ full-width", "report", _with(REPORT, "submitted", "２０１２.７.３"), True),
    ("report date 2012-7-3號", "report", _with(REPORT, "submitted", "2012-7-3號"), True),
    ("report date 2012年2月29日", "report", _with(REPORT, "submitted", "2012年2月29日"), True),
    ("report date 2013年2月29日", "report", _with(REPORT, "submitted", "2013年2月29日"), False),
    ("report date 2012-07-03T00:00", "report", _with(REPORT, "submitted", "2012-07-03T00:00"), False),
    ("report date 7月3日", "report", _with(REPORT, "submitted", "7月3日"), False),
    ("report date as a number", "report", _with(REPORT, "submitted", 20120703), False),
    # ids read as written: an editor sees an unquoted 12.1 as a number, and so takes it
    ("report target 12.1 unquoted", "report", _with(REPORT, "entries.0.target", 12.1), True),
    ("report target 5 unquoted", "report", _with(REPORT, "entries.0.target", 5), True),
    ("report target of spaces", "report", _with(REPORT, "entries.0.target", "  "), False),
    ("report target true", "report", _with(REPORT, "entries.0.target", True), False),
    ("report target of 65 characters", "report", _with(REPORT, "entries.0.target", "x" * 65), False),
    ("report target of 64 characters in spaces", "report", _with(REPORT, "entries.0.target", " " + "x" * 64 + " "), True),
    ("report value 1e15", "report", _with(REPORT, "entries.0.value", 1e15), False),
    ("report value -999999999999999", "report", _with(REPORT, "entries.0.value", -999999999999999), True),
    ("report note as a number", "report", _with(REPORT, "entries.0.note", 11.2), True),
    ("report note with a control character", "report", _with(REPORT, "entries.0.note", "a\u202eb"), False),
    # missing-date (checks.report.dated): a report that says anything says when it was sent
    ("report no submitted", "report", _with(REPORT, "submitted", DELETE), False),
    ("report submitted left empty", "report", _with(REPORT, "submitted", None), False),
    ("report blank form with no date", "report", _with(_with(REPORT, "submitted", None), "entries.0", {
        "target": "2.1", "value": None, "note": None, "reason": {"kind": None, "text": None}}), True),
    ("report no entries and no date", "report", _with(_with(REPORT, "submitted", DELETE), "entries", []), True),
    ("report note only, no date", "report", _with(_with(REPORT, "submitted", None), "entries.0", {
        "target": "2.1", "note": "說明"}), False),
    ("report note of spaces, no date", "report", _with(_with(REPORT, "submitted", None), "entries.0", {
        "target": "2.1", "note": "  "}), True),
    ("report value of spaces, no date", "report", _with(_with(REPORT, "submitted", None), "entries.0", {
        "target": "2.1", "value": "  "}), False),
    ("report reason only, no date", "report", _with(_with(REPORT, "submitted", None), "entries.0", {
        "target": "2.1", "reason": {"kind": "客觀", "text": "x"}}), False),
]


def _syntax_verdict(tmp_path, doc: dict, which: str) -> bool:
    """Whether jxplan takes ``doc`` (written as YAML): its reader and models, and for a report
    the check missing-date, which needs nothing else; not the checks that need the plan."""
    from jxplan.check.rules import RULES as REGISTRY
    from jxplan.check.plans import load_plan
    from jxplan.check.reports import report_outcome

    path = tmp_path / f"{which}.yaml"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    if which == "plan":
        problems = load_plan(path).problems
    else:
        plan = load_plan(write(tmp_path / "plan.yaml", SMALL_PLAN))
        problems = report_outcome(str(path), path.read_bytes(), plan.plan, plan.index).problems
    checks = {c.code for c in REGISTRY} - {"missing-date"}
    return not [p for p in problems if p.is_error and p.code not in checks]


@pytest.mark.parametrize("name,which,doc,accepted", EDGE, ids=[e[0] for e in EDGE])
def test_edge_documents(validators, tmp_path, name, which, doc, accepted):
    """The verdict written by hand is the committed schema's, the generated one's and jxplan's."""
    committed, generated = validators[which]
    assert committed.is_valid(doc) is accepted, REGENERATE.format(which)
    assert generated.is_valid(doc) is accepted
    assert _syntax_verdict(tmp_path, doc, which) is accepted


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
        which = kind_of(doc)
        committed, generated = validators[which]
        assert committed.is_valid(doc) == generated.is_valid(doc), (path.name, REGENERATE.format(which))
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
    assert len(models) == (12 if which == "plan" else 3)  # plan: with the notice, the bulletin settings, roles, groups, leaders
    for name, model in models.items():
        assert model is root or name in schema["$defs"], REGENERATE.format(which)
        part = schema if model is root else schema["$defs"][name]
        fields = {f.alias or n for n, f in model.model_fields.items()}
        assert set(part["properties"]) == fields, (name, REGENERATE.format(which))
        required = {f.alias or n for n, f in model.model_fields.items() if f.is_required()}
        assert set(part.get("required", ())) == required, (name, REGENERATE.format(which))
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

    from jxplan.check.schema import schema_data

    english = []

    def walk(node, path):
        if isinstance(node, dict):
            for key in ("title", "description"):
                if isinstance(node.get(key), str) and not re.search(r"[\u4e00-\u9fff]", node[key]):
                    english.append((path, node[key]))
            for k, v in node.items():
                if k == "properties":  # names of fields, one of which may be "title"
                    for field, prop in v.items():
                        walk(prop, f"{path}/properties/{field}")
                elif k not in ("title", "description"):
                    walk(v, f"{path}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}/{i}")

    walk(schema_data(which), which)
    assert english == []
    assert schema_data("report")["$defs"]["Entry"]["properties"]["value"]["title"] == "累計完成"


@pytest.mark.parametrize("which", WHICH)
def test_every_validator_of_the_models_is_understood(which):
    """A validator the schema does not know keeps pydantic's type, which may refuse what the
    validator takes (2012年7月3日 for a date): schema.py must say what each one takes, or the
    validator must declare it (pydantic's ``json_schema_input_type``)."""
    from jxplan.check.schema import unknown_validators

    assert unknown_validators(which) == []


def test_fields_the_models_gain_are_in_the_schema_with_nothing_changed():
    """A model with new fields of the shared types (a per-target base and goal, a level kind, a
    document's settings) gets their input in its schema, as the existing fields do."""
    import datetime as dt
    from typing import Literal

    from jxplan import read as sources
    from jxplan.check.model import report as report_model
    from jxplan.check.model.types import Date, Flag, Id, Model, Name, Number, Text
    from jxplan.check.schema import generate

    class Settings(Model):
        """A developer's docstring, in English."""

        signed: Date
        author: Name
        seal: Flag = False

    class Gained(report_model.Report):
        base: Number | None = None
        goal: Number
        level: Literal["city", "county"] = "city"
        owner: Id | None = None
        remark: Text | None = None
        stage: report_model.Entry.model_fields["stage"].annotation = None
        settings: Settings | None = None

    schema, unknown = generate(Gained, "測試")
    assert unknown == []
    v = Draft202012Validator(schema)
    ok = {**REPORT, "goal": 5, "base": -3.5, "level": "county", "owner": 12.1, "remark": 7, "stage": "推进中",
          "settings": {"signed": "2012年7月3日", "author": " 督查室", "seal": True}}
    assert v.is_valid(ok)
    doc, problems = sources.parse(json.dumps(ok, ensure_ascii=False).encode(), "gained.yaml")  # JSON is YAML
    assert not problems and Gained.model_validate(doc.data).settings.signed == dt.date(2012, 7, 3)  # and the model agrees
    for field, bad in (("goal", "5"), ("goal", 1e16), ("base", True), ("level", "town"), ("owner", " "),
                       ("remark", "a\x07"), ("stage", "推進"), ("settings", {"signed": "2012-02-30", "author": "x"}),
                       ("settings", {"signed": "2012-07-03", "author": "  "}), ("settings", {"signed": "2012-07-03"})):
        assert not v.is_valid({**ok, field: bad}), (field, bad)
    assert not v.is_valid({k: x for k, x in ok.items() if k != "goal"})
    assert "title" not in schema["$defs"]["Settings"]["properties"]["signed"]  # no English on hover
    assert "description" not in schema["$defs"]["Settings"]


def test_no_space_or_control_character_lies_beyond_the_first_plane():
    """The patterns are built over U+0000-FFFF (ECMAScript reads ``\\uXXXX`` as one character
    only there): what str.strip() and the models' control-character rule read lies there."""
    from jxplan.check.model.types import _CONTROL

    beyond = [c for c in map(chr, range(0x10000, 0x110000)) if c.isspace() or _CONTROL.search(c)]
    assert beyond == []
