"""Every non-zero exit says why, on stderr, in a Chinese line (issue 18): the targets that
matched ``--fail-on``, the warnings ``--strict`` turned into a failure, the summary of
``validate`` in every format and under GitHub Actions, and each other way a command fails."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT, report, write

CJK = re.compile(r"[\u4e00-\u9fff]")

# The small plan (conftest.SMALL_PLAN) in Q1, worked by hand (serious = 0.8):
#   H1  rate 10 %, at least;       tjj reports 7    -> r = 7 / 10 = 0.70 < 0.8   seriously behind
#   H6  rate 4 %, at most, tol 0.2; fgw reports 5   -> E = 4.2, r = 4.2 / 5 = 0.84  behind
#   2.1 rate 10 %, at least;       fgw reports 9    -> r = 0.90                   behind
#   2.2 (rsj), 2.3 and 5.10 (fgw, no entry), 2.4 (nhq, xzq) and 2.5: nobody reported -> not reported
# Every lag carries its reason, so that no warning stands beside the line under test.
LAGGING = {
    "tjj.yaml": report("tjj", "Q1", "- target: H1\n  value: 7\n  reason: {kind: objective, text: 外需回落}\n"),
    "fgw.yaml": report("fgw", "Q1", "- target: H6\n  value: 5\n  reason: {kind: objective, text: 豬肉漲價}\n"
                                    '- target: "2.1"\n  value: 9\n  reason: {kind: objective, text: 項目延後}\n'),
}


@pytest.fixture
def lagging(tmp_path):
    for name, text in LAGGING.items():
        write(tmp_path / "r" / name, text)
    return tmp_path / "r"


@pytest.mark.parametrize("worst, line", [
    ("behind", "--fail-on behind：3 個目標滯後、嚴重滯後或未完成（H1、H6、2.1），退出碼 3。"),
    ("滯後", "--fail-on 滯後：3 個目標滯後、嚴重滯後或未完成（H1、H6、2.1），退出碼 3。"),
    ("seriously_behind", "--fail-on seriously_behind：1 個目標嚴重滯後或未完成（H1），退出碼 3。"),
    ("not_reported", "--fail-on not_reported：5 個目標未報送（2.2、2.3、2.4、2.5、5.10），退出碼 3。"),
])
def test_fail_on_names_the_targets_it_matched(run, plan_file, lagging, worst, line):
    for fmt in ("json", "csv", "table"):
        code, out, err = run("status", "--plan", plan_file, "--reports", lagging, "-f", fmt, "--fail-on", worst)
        assert code == 3 and out, fmt
        assert err.splitlines() == [line], fmt


def test_fail_on_says_its_line_under_github_actions_and_after_writing_a_file(run, plan_file, lagging, tmp_path):
    code, _, err = run("status", "--plan", plan_file, "--reports", lagging, "-f", "json", "--fail-on", "behind",
                       env={"GITHUB_ACTIONS": "true"})
    assert code == 3 and err.splitlines() == ["--fail-on behind：3 個目標滯後、嚴重滯後或未完成（H1、H6、2.1），退出碼 3。"]
    out = tmp_path / "s.json"
    code, _, err = run("status", "--plan", plan_file, "--reports", lagging, "-o", out, "--fail-on", "behind")
    assert code == 3 and out.exists() and err.splitlines()[-1].startswith("--fail-on behind：3 個目標")


def test_fail_on_that_matches_nothing_exits_0_without_a_word(run, plan_file, lagging):
    code, _, err = run("status", "--plan", plan_file, "--reports", lagging, "-f", "json", "--fail-on", "not_achieved")
    assert code == 0 and err == ""  # Q1: nothing can be not achieved before the year ends


def test_fail_on_counts_every_match_and_names_only_the_first_ten():
    from jxplan.render.problems import MAX_NAMED, fail_on

    ids = [f"{n}.1" for n in range(1, 31)]
    line = fail_on("behind", ("behind", "seriously_behind", "not_achieved"), ids)
    assert MAX_NAMED == 10
    assert line == ("--fail-on behind：30 個目標滯後、嚴重滯後或未完成"
                    "（1.1、2.1、3.1、4.1、5.1、6.1、7.1、8.1、9.1、10.1 等），退出碼 3。")
    long = fail_on("x" * 500, ("not_reported",), ["y" * 500] * 500)
    assert len(long) < 1000 and "\n" not in long
    forged = fail_on("behind", ("not_reported",), ["1\n::error::x\x1b[2J"])
    assert "\n" not in forged and "\x1b" not in forged and "\\n::error::x\\x1b[2J" in forged


# ---- validate: the closing line in every format, and what --strict did ---------------------

@pytest.fixture
def blank(run, plan_file, tmp_path):
    """A form sent back blank: one warning (blank-report), no error."""
    return write(tmp_path / "rsj.yaml", run("template", "--plan", plan_file, "--unit", "rsj", "-q", "Q1")[1])


def test_strict_says_the_warnings_made_it_fail(run, plan_file, blank):
    code, _, err = run("validate", "--plan", plan_file, blank)
    assert code == 0 and err.splitlines()[0] == "檢查了 1 個文件：0 個錯誤，1 個警告。"
    code, _, err = run("validate", "--strict", "--plan", plan_file, blank)
    assert code == 1 and err.splitlines()[0] == "檢查了 1 個文件：0 個錯誤，1 個警告；--strict 把這 1 個警告算作失敗。"
    assert err.splitlines()[1:] == [EXPLAIN.format("blank-report")]  # then how to read the code, once


def test_strict_with_errors_too_says_both(run, plan_file, blank, tmp_path):
    bad = write(tmp_path / "fgw.yaml", report("fgw", "Q1", '- target: "9.9"\n  value: 1\n'))
    code, _, err = run("validate", "--strict", "--plan", plan_file, blank, bad)
    assert code == 1 and err.splitlines() == ["檢查了 2 個文件：1 個錯誤，1 個警告（--strict：警告也算失敗）。",
                                              EXPLAIN.format("unknown-target")]


EXPLAIN = "行末方括號中是問題的代碼；要了解它的含義和改法：jxplan explain 代碼（如 jxplan explain {}）"


@pytest.mark.parametrize("how", [{"env": {"GITHUB_ACTIONS": "true"}}, {"args": ("-f", "github")},
                                 {"args": ("-f", "json")}])
def test_validate_says_its_summary_in_every_format(run, plan_file, blank, tmp_path, how):
    bad = write(tmp_path / "fgw.yaml", report("fgw", "Q1", '- target: "9.9"\n  value: 1\n'))
    args = how.get("args", ())
    code, out, err = run("validate", *args, "--plan", plan_file, bad, env=how.get("env"))
    assert code == 1 and "unknown-target" in out  # the problems on stdout, as annotations or JSON
    assert err.splitlines() == ["檢查了 1 個文件：1 個錯誤，0 個警告。"]
    code, out, err = run("validate", *args, "--strict", "--plan", plan_file, blank, env=how.get("env"))
    assert code == 1 and err.splitlines() == ["檢查了 1 個文件：0 個錯誤，1 個警告；--strict 把這 1 個警告算作失敗。"]


# ---- every other way to fail ---------------------------------------------------------------

def _failures(tmp, plan):
    """(arguments, exit status) of every way a command ends non-zero, one or more of each."""
    there = write(tmp / "there.json", "{}")
    write(tmp / "tpl" / "bulletin.md.j2", "{% for %}")  # a template that does not parse
    reports = tmp / "r"
    return [
        (("status", "--plan", plan, "--reports", tmp / "none"), 2),                  # a path not there: usage
        (("bulletin", "--plan", plan, "--reports", tmp / "none"), 2),
        (("status", "--plan", plan, "--reports", there), 2),                        # a file, not a folder
        (("validate", "--plan", plan, tmp / "none"), 2),
        (("import", "--plan", plan, "-o", tmp, tmp / "none.xlsx"), 2),
        (("status", "--plan", tmp / "none.yaml"), 1),                                # data: common.fail
        (("validate", "--plan", plan, there), 1),                                   # validate: its summary
        (("status", "--plan", plan, "--reports", reports, "--quarter", "Q5"), 2),   # usage: chinese.py
        (("status", "--plan", plan, "--reports", reports, "-f", "xml"), 2),
        (("frobnicate",), 2),
        (("template", "--plan", plan), 2),
        (("schema", "neither"), 2),
        (("units", "--plan", plan, "-f", "json", "-o", there), 2),                  # output there: common
        (("units", "--plan", plan, "-f", "json", "-o", tmp / "none" / "u.json"), 1),  # no such folder
        (("bulletin", "--plan", plan, "--reports", reports, "--template-dir", tmp / "tpl"), 1),  # template
        (("import", "--plan", plan, "-o", tmp, there), 1),                          # import refused
        (("import", "--plan", plan, "-o", tmp / "none", tmp / "none.xlsx"), 2),
        (("status", "--plan", plan, "--reports", reports, "--fail-on", "behind"), 3),  # --fail-on
    ]


def test_every_failure_ends_with_a_chinese_line_on_stderr(run, plan_file, lagging, tmp_path):
    for args, expected in _failures(tmp_path, plan_file):
        code, _, err = run(*args)
        assert code == expected, (args, code, err)
        last = err.rstrip("\n").rsplit("\n", 1)[-1]
        assert CJK.search(last) and "Traceback" not in err, (args, err)


def test_a_closed_stdout_is_said_as_a_process():
    """Output that cannot be written (stdout closed) is exit 1 with its reason, never a silent 1."""
    done = subprocess.run([sys.executable, "-c", "import os, sys; os.close(1); from jxplan.cli import main; "
                           "sys.argv = ['jxplan', 'schema']; main()"], cwd=ROOT,
                          stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 1 and CJK.search(done.stderr) and "Traceback" not in done.stderr
