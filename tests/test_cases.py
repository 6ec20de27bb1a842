"""Cases computed by hand, kept as files the way black keeps tests/data/cases.

Each folder of tests/data/cases holds a small ``plan.yaml``, its ``reports/`` and an
``expected.yaml`` written by hand with the arithmetic in comments:

* ``quarters: {Q: {targets: {id: {...}}, units: {id: [flags that hold]}}}``: every target and
  every unit of the plan, per quarter. A target gives its ``status``, ``expected``,
  ``actual`` and ``missing``, and may give ``ratio``, ``reason``, ``stage``,
  ``expected_stage`` and ``breakdown: {unit: {...}}``; a unit lists the flags that are true
  (missing, late, must_explain, commended, eligibility_cancelled), all others are false.
* ``template: {unit: {Q: {target id: figure}}}``: what ``jxplan template`` gives as the
  expected figure (序時進度 or 應達階段) of a target.
* ``xfail: reason``: the rule is the contract's but the code does not follow it yet.

The cases run through the command line (``jxplan status --format json``), compared as data.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

CASES = sorted(p for p in (ROOT / "tests/data/cases").iterdir() if (p / "expected.yaml").is_file())
FLAGS = ("missing", "late", "must_explain", "commended", "ongoing", "improved", "eligibility_cancelled")
NUMBERS = ("expected", "actual", "ratio", "target")


def _expected(case: Path) -> dict:
    return yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))


def _params():
    for case in CASES:
        reason = _expected(case).get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(case, id=case.name, marks=marks)


@pytest.fixture(scope="module")
def cli():
    from typer.testing import CliRunner

    from jxplan.cli import app

    def _run(*args) -> str:
        result = CliRunner().invoke(app, [str(a) for a in args])
        assert result.exit_code == 0, (args, result.stderr, result.exception)
        return result.stdout

    return _run


def _same(want, got) -> bool:
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and Decimal(str(want)) == Decimal(str(got))
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and _same(v, got[k]) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(got, list) and len(want) == len(got) and all(map(_same, want, got))
    return want == got


def _compare_target(where: str, want: dict, got: dict) -> list[str]:
    wrong = []
    for key in ("status", "expected", "actual", "missing"):
        if key not in want:
            wrong.append(f"{where}: expected.yaml must give {key}")
    for key, value in want.items():
        if key == "breakdown":
            shares = {s["unit"]: s for s in got.get("breakdown", [])}
            if set(value) != set(shares):
                wrong.append(f"{where}.breakdown: units {sorted(value)} != {sorted(shares)}")
            for unit, share in value.items():
                for k, v in share.items():
                    if unit in shares and not _same(v, shares[unit].get(k)):
                        wrong.append(f"{where}.breakdown.{unit}.{k}: want {v!r}, got {shares[unit].get(k)!r}")
        elif not _same(value, got.get(key)):
            wrong.append(f"{where}.{key}: want {value!r}, got {got.get(key)!r}")
    return wrong


def _compare_quarter(case: Path, quarter: str, want: dict, data: dict) -> list[str]:
    wrong = []
    targets = {t["id"]: t for t in data["targets"]}
    if set(want["targets"]) != set(targets):
        wrong.append(f"{quarter}: targets {sorted(want['targets'])} != {sorted(targets)}")
    for tid, t in want["targets"].items():
        if tid in targets:
            wrong += _compare_target(f"{quarter} {tid}", t, targets[tid])
    tally = dict.fromkeys(data["summary"], 0)
    for t in want["targets"].values():
        tally[t["status"]] += 1
    if tally != data["summary"]:
        wrong.append(f"{quarter} summary: want {tally}, got {data['summary']}")
    units = {u["id"]: u for u in data["units"]}
    if set(want["units"]) != set(units):
        wrong.append(f"{quarter}: units {sorted(want['units'])} != {sorted(units)}")
    for uid, flags in want["units"].items():
        unknown = set(flags) - set(FLAGS)
        assert not unknown, f"{case.name}: unknown flags {unknown}"
        for flag in FLAGS:
            if uid in units and units[uid][flag] != (flag in flags):
                wrong.append(f"{quarter} unit {uid}.{flag}: want {flag in flags}, got {units[uid][flag]}")
    return wrong


def _figure(form: str, tid: str) -> str | None:
    """The expected figure a blank report gives for a target: what follows 序時進度 or 應達階段."""
    for line in form.splitlines():
        if line.lstrip().startswith(f"# {tid} "):
            m = re.search(r"(?:序時進度|應達階段)：([^｜\n]+)", line)
            return m[1].strip() if m else None
    return None


@pytest.mark.parametrize("case", list(_params()))
def test_case(case, cli):
    expected = _expected(case)
    assert set(expected) <= {"quarters", "template", "xfail"}, case.name
    plan, reports = case / "plan.yaml", case / "reports"
    wrong = []
    for quarter, want in (expected.get("quarters") or {}).items():
        data = json.loads(cli("status", "--format", "json", "--plan", plan, "--reports", reports, "--quarter", quarter))
        assert data["quarter"] == quarter
        wrong += _compare_quarter(case, quarter, want, data)
    for unit, quarters in (expected.get("template") or {}).items():
        for quarter, figures in quarters.items():
            form = cli("template", "--plan", plan, "--unit", unit, "--quarter", quarter)
            for tid, figure in figures.items():
                got = _figure(form, tid)
                if got is None or not re.match(re.escape(str(figure)) + r"(?![\d.])", got):
                    wrong.append(f"template {unit} {quarter} {tid}: want {figure!r}, got {got!r}")
    assert not wrong, "\n".join(wrong)


def test_cases_cover_the_rules():
    """The corpus keeps a case for each rule named in issue 8 §8."""
    names = {c.name for c in CASES}
    assert names >= {"default-schedule", "custom-schedule", "at-most-tolerance", "above-at-year-end",
                     "rate-before-q4", "milestones", "breakdown-shares", "breakdown-subjective-reason",
                     "blank-report", "template-figures", "eligibility", "small-and-negative-figures",
                     "breakdown-above", "lead-in-breakdown", "level-and-printed-figures", "relative-to"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_files_are_valid(case, cli):
    """The inputs themselves pass validate (warnings allowed: a blank form earns one)."""
    cli("validate", case / "plan.yaml", case / "reports")
