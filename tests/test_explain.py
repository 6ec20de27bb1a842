"""`jxplan explain`: every code jxplan can print is explained (what, why, how to fix), and every
listing of problems says once how to read its codes (issue 23)."""

from __future__ import annotations

import ast
import re

import pytest

from conftest import ROOT, report, write
from jxplan.check.explain import EXPLANATIONS, GROUPS

CODE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
CJK = re.compile(r"[\u4e00-\u9fff]")
# where a code is written in the source: the argument of these calls at this position
CODE_ARGUMENT = {"Problem": 3, "problem": 1, "_refusal": 3, "_Refused": 0, "refuse": 0, "Rule": 0}


def codes_in_source() -> dict[str, str]:
    """Every problem code written in jxplan's source, with a place it is written: the code of a
    ``Problem``, of ``doc.problem``, of a refusal and of a rule, a ``code=`` keyword, a
    ``(code, message)`` pair returned or assigned, and the keys of a table of refusals."""
    found: dict[str, str] = {}

    def add(node, where: str) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
            found.setdefault(node.value, where)

    for path in sorted((ROOT / "src/jxplan").rglob("*.py")):
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}:{getattr(n, 'lineno', 0)}"
            if isinstance(n, ast.Call):
                f = n.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                at = CODE_ARGUMENT.get(name)
                if at is not None and len(n.args) > at:
                    add(n.args[at], where)
                for k in n.keywords:
                    if k.arg == "code":
                        add(k.value, where)
            pairs = [n.value] if isinstance(n, (ast.Return, ast.Assign)) else n.values if isinstance(n, ast.Dict) else []
            for pair in pairs:  # a (code, message) pair returned, assigned, or in a table of refusals
                if isinstance(pair, ast.Tuple) and len(pair.elts) >= 2:
                    code, message = pair.elts[:2]
                    if isinstance(message, (ast.Constant, ast.JoinedStr)) and CJK.search(ast.unparse(message)):
                        add(code, where)
            if isinstance(n, ast.Return) and isinstance(n.value, ast.Tuple) and len(n.value.elts) == 2 \
                    and isinstance(n.value.elts[1], ast.Call):  # ``return "not-a-file", _not_regular(mode)``
                add(n.value.elts[0], where)
            if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "REFUSALS" for t in n.targets):
                for k in n.value.keys:
                    add(k, where)
    return found


def test_every_code_in_the_source_is_explained_and_every_explanation_is_of_a_code():
    found = codes_in_source()
    assert len(found) > 80  # the walk finds the codes (it would find none if the calls were renamed)
    assert {"unexplained-lag", "report-incomplete", "xlsx-cell", "yaml-syntax", "not-found", "draft-units"} <= set(found)
    missing = {c: w for c, w in found.items() if c not in EXPLANATIONS}
    assert not missing, f"codes without an explanation: {missing}"
    assert not set(EXPLANATIONS) - set(found), "explanations of codes jxplan never prints"


def test_every_rule_is_explained():
    from jxplan.check.rules import RULES
    from jxplan.judge.advice import RULES as ADVICE

    assert {r.code for r in RULES + ADVICE} <= set(EXPLANATIONS)


@pytest.mark.parametrize("code", sorted(EXPLANATIONS))
def test_each_explanation_is_chinese_in_three_parts(code):
    e = EXPLANATIONS[code]
    assert e.group in GROUPS
    for text in (e.meaning, e.why, e.fix):
        assert text.strip() and CJK.search(text), code
        # no English words for a clerk but the names of things to type (commands, options, fields, file types)
        words = set(re.findall(r"[A-Za-z][A-Za-z_]{3,}", text)) - {"jxplan", "template", "validate", "plan", "reports",
                                                                  "quarter", "update", "department", "office", "lead",
                                                                  "unit", "value", "units", "Excel", "Word", "plans",
                                                                  "yaml", "xlsx", "docx", "fgw", "due_set_by", "unexplained",
                                                                  "GB18030", "UTF", "YAML", "kind", "name", "breakdown", "leaders",
                                                                      "relative_to", "bulletins", "duty", "division", "consequences",
                                                                      "toml", "pyproject", "tool", "script", "progress"}
        assert not words, (code, words)


def test_explain_a_code(run):
    code, out, err = run("explain", "unexplained-lag")
    assert code == 0 and out.startswith("unexplained-lag（進度報告）\n")
    assert "含義：目標滯後於序時進度" in out and "為什麼要緊：" in out and "怎樣改：在原因類別中選 客觀 或 主觀" in out
    # as a problem line writes it, brackets and all
    assert run("explain", "[unexplained-lag]")[1] == out


def test_explain_a_code_in_simplified(run):
    code, out, _ = run("explain", "blank-report", "--script", "simplified")
    assert code == 0 and "空白的表格不算报送" in out


def test_explain_lists_every_code(run):
    code, out, _ = run("explain")
    listed = re.findall(r"^  ([a-z][a-z0-9-]+) ", out, re.M)
    assert code == 0 and sorted(listed) == sorted(EXPLANATIONS)
    assert out.rstrip().endswith("（如 jxplan explain unexplained-lag）")


def test_a_code_that_is_not_one_is_a_usage_error_with_the_near_miss(run):
    code, out, err = run("explain", "unexplaned-lag")
    assert code == 2 and out == "" and "沒有「unexplaned-lag」這個代碼；是否指「unexplained-lag」？" in err


# ---- every listing of problems says once how to read its codes ---------------------------------

def test_validate_says_once_how_to_read_the_codes(run, tmp_path):
    p = write(tmp_path / "r.yaml", report("fgw", "Q2", '- {target: "9.9", value: 1}\n- {target: "9.8", value: 1}'))
    code, out, err = run("validate", "--plan", ROOT / "plans/2012.yaml", p)
    assert code == 1 and out.count("[unknown-target]") == 2
    assert "jxplan explain" not in out  # stdout stays one problem a line
    assert sum("jxplan explain" in x for x in err.splitlines()) == 1 and "（如 jxplan explain unknown-target）" in err


def test_a_command_that_warns_twice_says_it_once(run, tmp_path, plan_file):
    folder = tmp_path / "progress"
    write(folder / "nhq-q1.yaml", report("nhq", "Q1", ""))  # a blank form: a warning
    write(folder / "tjj-q1.yaml", report("tjj", "Q1", '- {target: H1, value: 9}'))
    write(folder / "fgw-q1.yaml", report("fgw", "Q1", '- {target: H6, value: 3}'))
    write(folder / "rsj-q1.yaml", report("rsj", "Q1", '- {target: "2.2", value: 1}'))
    write(folder / "tjj-q2.yaml", report("tjj", "Q2", '- {target: H1, value: 9}'))  # Q2: one unit of three: thin
    code, _, err = run("status", "--plan", plan_file, "--reports", folder, "-f", "json")
    assert code == 0 and "[blank-report]" in err and "[thin-quarter]" in err
    assert sum("jxplan explain" in x for x in err.splitlines()) == 1


def test_a_listing_of_errors_says_it_too(run, tmp_path, plan_file):
    folder = tmp_path / "progress"
    write(folder / "x.yaml", report("fgw", "Q2", '- {target: "9.9", value: 1}'))
    code, _, err = run("status", "--plan", plan_file, "--reports", folder)
    assert code == 1 and sum("jxplan explain" in x for x in err.splitlines()) == 1 and "[unknown-target]" in err
