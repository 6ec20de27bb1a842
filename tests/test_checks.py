"""Every registered check, with a passing and a failing example of its own.

A check added to the registry without a row here fails ``test_every_check_has_examples``."""

from __future__ import annotations

import pytest

from conftest import SMALL_PLAN, report, write
from jxplan.checks import REGISTRY
from jxplan.pipeline import check_paths

R = report  # a report as YAML text


def entry(target: str, field: str) -> str:
    return f'- target: "{target}"\n  {field}\n'


# code -> (plan replacements, {file: report}) for the passing case, then for the failing case.
# A plan case is a list of (old, new) replacements of SMALL_PLAN; reports are checked against it.
CASES = {
    "duplicate-id": ([], [('{id: "2.2",', '{id: "2.1",')]),
    "unknown-unit": ([], [("co: [tjj]", "co: [市統計局]")]),
    "missing-lead": ([], [("unit: \"%\", lead: tjj}", "unit: \"%\"}")]),
    "kind-field": ([], [("kind: milestone, due: Q2,", "kind: milestone, due: Q2, target: 3,")]),
    "due-unstated": ([], [("due: Q2, due_set_by: office}", "due: Q2}")]),
    "lead-also-co": ([], [("co: [tjj]", "co: [tjj, fgw]")]),
    "breakdown-sum": ([], [("breakdown: {nhq: 5000, xzq: 3000}", "breakdown: {nhq: 5000, xzq: 2000}")]),
    "schedule": ([], [("{Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}", "{Q1: 0.3, Q2: 0.2, Q3: 0.7, Q4: 1}")]),
    "dates": ([], [("Q3: 2012-10-08", "Q3: 2012-06-01")]),
    "thresholds": ([], [("serious: 0.8", "serious: 1.2")]),
    "no-target": ([], [("sections:\n", "sections:\n  - {id: 9, title: 空, points: [{id: 30, title: 空, text: 空。, lead: fgw}]}\n")]),
    "unknown-unit@report": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"))},
                            {"a.yaml": R("市不存在局", "Q1", entry("2.1", "value: 11"))}),
    "wrong-year": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"))},
                   {"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"), year=2011)}),
    "missing-date": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"))},
                     {"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11")).replace("submitted: 2012-04-01", "submitted:")}),
    "early": ({"a.yaml": R("fgw", "Q2", entry("2.1", "value: 11"), submitted="2012-07-03")},
              {"a.yaml": R("fgw", "Q2", entry("2.1", "value: 11"), submitted="2012-06-20")}),
    "blank-report": ({"a.yaml": R("fgw", "Q1", entry("2.1", "note: 已開工"))},
                     {"a.yaml": R("fgw", "Q1", '- target: "2.1"\n')}),
    "unknown-target": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"))},
                       {"a.yaml": R("fgw", "Q1", entry("9.9", "value: 11"))}),
    "duplicate-entry": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11") + entry("2.3", "value: 1"))},
                        {"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11") + entry("2.1", "value: 1"))}),
    "not-responsible": ({"a.yaml": R("tjj", "Q1", entry("2.1", "note: 已核定"))},
                        {"a.yaml": R("tjj", "Q1", entry("2.1", "value: 9"))}),
    "unrelated-note": ({"a.yaml": R("tjj", "Q1", entry("2.1", "note: 已核定"))},
                       {"a.yaml": R("rsj", "Q1", entry("2.1", "note: 與我無關") + entry("2.2", "value: 1"))}),
    "lead-figure-unused": ({"a.yaml": R("nhq", "Q1", entry("2.4", "value: 1000"))},
                           {"a.yaml": R("fgw", "Q1", entry("2.4", "value: 1000"))}),
    "value-for-milestone": ({"a.yaml": R("fgw", "Q1", entry("2.5", "stage: in_progress"))},
                            {"a.yaml": R("fgw", "Q1", entry("2.5", "value: 3"))}),
    "stage-for-number": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11"))},
                         {"a.yaml": R("fgw", "Q1", entry("2.1", "stage: done"))}),
    "unit": ({"a.yaml": R("rsj", "Q1", entry("2.2", 'value: "15000人"'))},
             {"a.yaml": R("rsj", "Q1", entry("2.2", 'value: "1.5萬噸"'))}),
    "implausible": ({"a.yaml": R("rsj", "Q1", entry("2.2", "value: 1.5"))},
                    {"a.yaml": R("rsj", "Q1", entry("2.2", "value: 60000"))}),
    "negative-cumulative": ({"a.yaml": R("rsj", "Q1", entry("2.2", "value: 1.5"))},
                            {"a.yaml": R("rsj", "Q1", entry("2.2", "value: -1.5"))}),
    "duplicate-report": ({"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11")),
                          "b.yaml": R("fgw", "Q2", entry("2.1", "value: 11"))},
                         {"a.yaml": R("fgw", "Q1", entry("2.1", "value: 11")),
                          "b.yaml": R("市發改委", "Q1", entry("2.1", "value: 11"))}),
    "unexplained-lag": ({"a.yaml": R("fgw", "Q2", entry("2.1", "value: 9\n  reason: {kind: objective, text: 需求不足}"))},
                        {"a.yaml": R("fgw", "Q2", entry("2.1", "value: 9"))}),  # 9 of 10: behind
    "decreasing": ({"a.yaml": R("rsj", "Q1", entry("2.2", "value: 1.5")),
                    "b.yaml": R("rsj", "Q2", entry("2.2", "value: 3"))},
                   {"a.yaml": R("rsj", "Q1", entry("2.2", "value: 1.5")),
                    "b.yaml": R("rsj", "Q2", entry("2.2", "value: 1"))}),
}


def _key(check) -> str:
    return check.code if check.scope == "plan" or check.code not in {c.code for c in REGISTRY if c.scope == "plan"} \
        else f"{check.code}@{check.scope}"


def test_every_check_has_examples_and_documentation():
    keys = {_key(c) for c in REGISTRY}
    assert keys == set(CASES), keys ^ set(CASES)
    for c in REGISTRY:
        assert "Passes:" in c.doc and ("Fails:" in c.doc or "Warns:" in c.doc), c.code
        assert ("Warns:" in c.doc) == (c.severity == "warning"), c.code


def run_case(tmp_path, case) -> list:
    plan = SMALL_PLAN
    files = {}
    if isinstance(case, list):
        for old, new in case:
            assert old in plan, old
            plan = plan.replace(old, new, 1)
    else:
        files = case
    plan_file = write(tmp_path / "plan.yaml", plan)
    paths = [plan_file]
    for name, text in files.items():
        paths.append(write(tmp_path / "r" / name, text))
    return list(check_paths(paths, plan_file, explicit_plan=True).problems)


@pytest.mark.parametrize("check", REGISTRY, ids=_key)
def test_check_passes_and_fails_on_its_own_examples(tmp_path, check):
    passing, failing = CASES[_key(check)]
    assert check.code not in [p.code for p in run_case(tmp_path / "pass", passing)]
    found = [p for p in run_case(tmp_path / "fail", failing) if p.code == check.code]
    assert found and all(p.severity == check.severity for p in found)
