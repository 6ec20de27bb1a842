"""Hostile input (issue 18): every case of the attack refused cleanly, with one positioned
Chinese line, or handled as a careful user expects; never a hang, an exit 70 or a wrong
result. Workbooks are in tests/test_xlsx_trust.py, templates in tests/test_render_limits.py;
the files that are data rather than code are kept under tests/data/hostile/ (its README)."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, SMALL_PLAN, report, write

HOSTILE = ROOT / "tests" / "data" / "hostile"


def no_fault(code: int, err: str) -> None:
    assert code != 70 and "Traceback" not in err and "內部錯誤" not in err, err


# ---- dates at the ends of the calendar ----------------------------------------------------------

@pytest.fixture
def far_plan(tmp_path):
    """The small plan with its Q4 deadline on the last day Python can name."""
    return write(tmp_path / "plan.yaml", SMALL_PLAN.replace("Q4: 2013-01-05", "Q4: 9999-12-31"))


@pytest.mark.parametrize("command", ["status", "bulletin"])
def test_a_deadline_of_9999_12_31_is_a_date_like_any_other(tmp_path, far_plan, run, command):
    # it ended status and bulletin with exit 70 (OverflowError: a deadline plus a year)
    write(tmp_path / "r/tjj.yaml", report("tjj", "Q4", '- target: H1\n  value: 10.5\n', submitted="2013-01-04"))
    code, out, err = run(command, "--plan", far_plan, "--reports", tmp_path / "r", "-q", "Q4")
    no_fault(code, err)
    assert code == 0, err


@pytest.mark.parametrize("submitted, said", [
    ("9999-12-31", "報送日期 9999-12-31 比 Q4 的報送期限 9999-12-31"),  # never: it is the deadline itself
    ("0001-01-01", "報送日期 0001-01-01 早於 Q4 開始（2012-10-01）"),
])
def test_a_report_dated_at_either_end_of_the_calendar_is_judged_not_a_fault(tmp_path, far_plan, run, submitted, said):
    write(tmp_path / "r/tjj.yaml", report("tjj", "Q4", '- target: H1\n  value: 10.5\n', submitted=submitted))
    code, out, err = run("validate", "--plan", far_plan, tmp_path / "r")
    no_fault(code, err)
    if submitted.startswith("9999"):  # on the deadline, a year of grace: not late, but in the future
        assert "還沒有到" in out and said not in out
    else:
        assert code == 1 and said in out


@pytest.mark.parametrize("plan_q4, code_said", [("9999-12-31", (0, "9999年12月31日")), ("2013-01-05", (2, "晚了一年以上"))])
def test_a_bulletin_date_at_the_end_of_the_calendar_is_weighed_not_a_fault(tmp_path, run, plan_q4, code_said):
    plan = write(tmp_path / "plan.yaml", SMALL_PLAN.replace("Q4: 2013-01-05", f"Q4: {plan_q4}"))
    write(tmp_path / "r/tjj.yaml", report("tjj", "Q4", '- target: H1\n  value: 10.5\n', submitted="2013-01-04"))
    code, out, err = run("bulletin", "--plan", plan, "--reports", tmp_path / "r", "-q", "Q4", "--date", "9999-12-31")
    no_fault(code, err)
    assert code == code_said[0] and code_said[1] in out + err
