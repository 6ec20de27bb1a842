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


# ---- reports hidden -----------------------------------------------------------------------------

def _small(tmp_path):
    """The small plan, and a reports folder where 市統計局 has reported for Q2."""
    from conftest import SMALL_PLAN

    plan = write(tmp_path / "plan.yaml", SMALL_PLAN)
    write(tmp_path / "r/tjj.yaml", report("tjj", "Q2", "- {target: H1, value: 5}"))
    return plan, tmp_path / "r"


def _missing(run, plan, folder, unit: str) -> bool:
    code, out, err = run("status", "--plan", plan, "--reports", folder, "-q", "Q2", "-f", "json")
    assert code == 0, err
    return next(u["missing"] for u in json.loads(out)["units"] if u["id"] == unit)


def test_a_folder_named_like_a_lock_file_is_read_with_every_report_in_it(tmp_path, run):
    # it was passed over as an Office lock file, and 市發改委 published as not having reported
    plan, folder = _small(tmp_path)
    write(folder / "~$發改委" / "fgw.yaml", report("fgw", "Q2", '- {target: "2.1", value: 5}'))
    assert _missing(run, plan, folder, "fgw") is False


@pytest.mark.parametrize("name, raw, read", [
    ("~$fgw.xlsx", b"\x06clerk" + b"\0" * 159, False),  # Excel's lock file: 165 bytes, the user's name
    ("~$fgw.docx", b"\x06clerk" + b"\0" * 155, False),  # Word's, left in the folder
    ("~$fgw.xlsx", b"PK\x03\x04" + b"\0" * 100, True),  # a zip so named is a workbook to read (and refuse)
    ("~$fgw.xlsx", b"\0" * 5000, True),  # larger than any lock file
])
def test_only_a_small_file_that_is_not_a_workbook_is_a_lock_file(tmp_path, name, raw, read):
    from jxplan.read import discover

    write(tmp_path / "r/tjj.yaml", report("tjj", "Q2"))
    (tmp_path / "r" / name).write_bytes(raw)
    files, problems = discover.find([tmp_path / "r"])
    assert (str(tmp_path / "r" / name) in files + [p.path for p in problems]) is read


@pytest.mark.parametrize("char", ["\u2060", "\u3164", "\u2800", "\ufeff", "\u115f", "\u00ad", "\u3000\u200b"])
@pytest.mark.parametrize("where", ["note", "reason"])
def test_a_yaml_report_whose_only_content_is_an_invisible_character_is_blank(tmp_path, run, char, where):
    plan, folder = _small(tmp_path)
    body = f'note: "{char}"' if where == "note" else f'reason: {{text: "{char}"}}'
    write(folder / "fgw.yaml", report("fgw", "Q2", f'- target: "2.1"\n  {body}\n'))
    assert _missing(run, plan, folder, "fgw") is True


def test_invisible_characters_are_blank_the_same_way_on_both_yaml_paths():
    from jxplan.read.yaml import parse_careful, parse_fast

    text = 'a: "\u2060"\nb: \u3164\nc: [x, "\ufeff"]\n"\u2060": 1\nd: "中\u2060"\n'
    fast, _ = parse_fast(text, "x.yaml")
    careful = parse_careful(text, "x.yaml")[0]
    assert fast == careful == {"a": "", "b": "", "c": ["x", ""], "\u2060": 1, "d": "中\u2060"}  # keys are kept


@pytest.mark.parametrize("command", ["status", "bulletin"])
def test_a_file_with_only_a_plan_key_among_the_reports_stops_a_status_and_a_bulletin(tmp_path, run, command):
    # "headline: []" was passed over "as a plan" with a warning, and its unit published as not reporting
    plan, folder = _small(tmp_path)
    write(folder / "fgw.yaml", "headline: []\n")
    code, out, err = run(command, "--plan", plan, "--reports", folder, "-q", "Q2")
    assert code == 1 and out == ""
    assert f"{folder / 'fgw.yaml'}:1:1: 錯誤 這個文件只有計劃文件的字段（headline），卻不是完整的計劃文件，也不是進度報告" in err


def test_a_real_plan_among_the_reports_is_still_passed_over_with_a_word(tmp_path, run):
    plan, folder = _small(tmp_path)
    write(folder / "plan-copy.yaml", plan.read_text(encoding="utf-8"))
    code, out, err = run("status", "--plan", plan, "--reports", folder, "-q", "Q2")
    assert code == 0 and "plan-copy.yaml:1:1: 警告 這是計劃文件，不是進度報告；已跳過" in err


# ---- a folder that cannot be searched ------------------------------------------------------------

def _denied(monkeypatch, under: str):
    """os.stat and os.open refuse every path under ``under``, as for a folder without x
    permission (the tests may run as root, whom permissions do not stop)."""
    import errno
    import os

    real_stat, real_open, real_scandir = os.stat, os.open, os.scandir

    def denied(path):
        p = os.fspath(path)
        return (p.decode("utf-8", "surrogateescape") if isinstance(p, bytes) else p).startswith(under)

    def stat(path, *a, **k):
        if denied(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *a, **k)

    def open_(path, *a, **k):
        if denied(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *a, **k)

    def scandir(path="."):
        if denied(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("command", [["status"], ["bulletin", "-q", "Q2"], ["units"], ["decomposition"],
                                     ["template", "--unit", "fgw", "-q", "Q2"], ["validate"]])
def test_a_plans_folder_that_cannot_be_searched_is_said_never_a_fault_nor_another_plan(tmp_path, run, monkeypatch,
                                                                                       command):
    # Path.exists raised PermissionError (exit 70); os.path.exists would have taken the shipped plan instead
    import shutil

    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    shutil.copytree(ROOT / "progress", tmp_path / "progress")
    monkeypatch.chdir(tmp_path)
    _denied(monkeypatch, "plans")
    code, out, err = run(*command)
    no_fault(code, err)
    # the folder where the plan is looked for is named: which plan it holds cannot be known
    assert code == 1 and "plans:1:1: 錯誤 沒有讀取權限" in out + err and "隨附的計劃文件" not in err


def test_a_reports_folder_that_cannot_be_read_is_said_in_chinese(tmp_path, run, monkeypatch):
    plan, folder = _small(tmp_path)
    (folder / "2012").mkdir()
    _denied(monkeypatch, str(folder / "2012"))
    code, out, err = run("status", "--plan", plan, "--reports", folder, "-q", "Q2")
    assert code == 1 and f"{folder / '2012'}:1:1: 錯誤 沒有讀取權限（文件夾或它所在的文件夾不允許讀取） [file-unreadable]" in err
    assert "Permission denied" not in err


# ---- import: file names, limits, links and lock files -----------------------------------------

@pytest.fixture
def form(plan_file):
    """市發改委's Q2 form with 2.1 filled in."""
    from test_xlsx import blank_form, fill

    return fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": 5, "原因類別": "客觀", "原因說明": "受外需影響"}})


def test_a_workbook_named_in_gbk_bytes_is_imported_and_its_name_shown_escaped(tmp_path, plan_file, run, form):
    # any zip unpacked from Chinese Windows: the name is not UTF-8 (exit 70: surrogates not allowed)
    import os

    inbox = os.fsencode(tmp_path / "inbox")
    os.mkdir(inbox)
    name = os.path.join(inbox, "市發改委.xlsx".encode("gbk"))
    with open(name, "wb") as f:
        f.write(form)
    (tmp_path / "out").mkdir()
    code, out, err = run("import", "--plan", plan_file, "-o", tmp_path / "out", os.fsdecode(name))
    no_fault(code, err)
    assert code == 0, err
    written = (tmp_path / "out/2012/Q2/fgw.yaml").read_text(encoding="utf-8")
    assert "\\udc" in written.splitlines()[0]  # the name said escaped: the file is UTF-8 (read_text read it)


def test_a_control_character_in_a_file_name_never_reaches_the_terminal(tmp_path, plan_file, run, form):
    bad = tmp_path / "\x1b[2J\x1b]0;title\x07fgw.xlsx"
    bad.write_bytes(form)
    (tmp_path / "out").mkdir()
    code, out, err = run("import", "--plan", plan_file, "-o", tmp_path / "out", bad)
    assert code == 0, err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b[2J" in (tmp_path / "out/2012/Q2/fgw.yaml").read_text()
    code, out, err = run("import", "--plan", plan_file, "-o", tmp_path / "out", bad)  # the same again: said, not written
    assert code == 0 and "\x1b" not in err and "\\x1b[2J\\x1b]0;title\\x07fgw.xlsx: " in err
    code, out, err = run("validate", "--plan", plan_file, bad)
    assert "\x1b" not in out + err


def test_notes_of_excels_own_limit_are_a_problem_at_their_cell_not_a_fault_of_jxplans(tmp_path, plan_file, run):
    # three notes of 32,767 characters: 295 KB of YAML, past a report's 256 KB; import said
    # "這是 jxplan 的錯誤"
    from test_xlsx import blank_form, fill

    long = "說" * 32767
    data = fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": 5, "備注": long}, "2.3": {"備注": long},
                                               "H6": {"備注": long}})
    (tmp_path / "fgw.xlsx").write_bytes(data)
    (tmp_path / "out").mkdir()
    code, out, err = run("import", "--plan", plan_file, "-o", tmp_path / "out", tmp_path / "fgw.xlsx")
    assert code == 1 and "jxplan 的錯誤" not in err and not (tmp_path / "out/2012").exists()
    assert ":6:10: 錯誤 進度報告!J6：轉換成報告文件會有 295,1" in err and "這一格有 32,767 個字符" in err
    code, out, err = run("validate", "--plan", plan_file, tmp_path / "fgw.xlsx")  # the workbook itself is a good report
    assert code == 0, out + err


@pytest.mark.parametrize("link", ["2012", "2012/Q2", "2012/Q2/fgw.yaml"])
def test_import_never_writes_through_a_symbolic_link_below_its_folder(tmp_path, plan_file, run, form, link):
    # out/2012 -> elsewhere: the report was written elsewhere, and the line said out/2012/Q2/fgw.yaml
    (tmp_path / "fgw.xlsx").write_bytes(form)
    out_dir, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out_dir / link).parent.mkdir(parents=True, exist_ok=True)
    (out_dir / link).symlink_to(elsewhere / "x" if link.endswith(".yaml") else elsewhere)
    code, out, err = run("import", "--plan", plan_file, "-o", out_dir, tmp_path / "fgw.xlsx", "--force")
    assert code == 1 and f"{out_dir / link} 是符號鏈接（指向 {elsewhere}" in err
    assert list(elsewhere.iterdir()) == [] and "已寫入" not in err


def test_a_reports_folder_that_is_itself_a_link_is_the_users_choice(tmp_path, plan_file, run, form):
    (tmp_path / "fgw.xlsx").write_bytes(form)
    (tmp_path / "real").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "real")
    code, out, err = run("import", "--plan", plan_file, "-o", tmp_path / "out", tmp_path / "fgw.xlsx")
    assert code == 0 and (tmp_path / "real/2012/Q2/fgw.yaml").is_file()


def test_import_skips_an_office_lock_file_with_one_line(tmp_path, plan_file, run, form):
    # import inbox/*.xlsx with 市發改委.xlsx open in Excel: its lock file was a workbook to re-save
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "市發改委.xlsx").write_bytes(form)
    (inbox / "~$市發改委.xlsx").write_bytes(b"\x06clerk" + b"\0" * 159)
    (tmp_path / "out").mkdir()
    code, out, err = run("import", "--plan", plan_file, "-o", tmp_path / "out", *sorted(inbox.iterdir()))
    assert code == 0, err
    lines = err.splitlines()
    assert f"{inbox / '~$市發改委.xlsx'}: 這是 Excel 或 WPS 打開工作簿時留下的鎖定文件（~$…），不是報告，已跳過；" \
           "市發改委.xlsx 可能仍在 Excel 或 WPS 中打開，請先保存並關閉它，再導入" in lines
    assert (tmp_path / "out/2012/Q2/fgw.yaml").is_file() and "另存" not in err


# ---- command-line options ------------------------------------------------------------------------

@pytest.mark.parametrize("given", ["9" * 5000, "１２", "0", "-1", "1e3"])
def test_an_issue_number_that_is_no_small_whole_number_is_a_usage_error(tmp_path, run, given):
    # 5,000 digits ended the bulletin with exit 70 (int() refuses to read more than 4,300)
    plan, folder = _small(tmp_path)
    code, out, err = run("bulletin", "--plan", plan, "--reports", folder, "-q", "Q2", "--issue-no", given)
    no_fault(code, err)
    assert code == 2 and "不是正整數" in err


# ---- the corpus ----------------------------------------------------------------------------------

CORPUS = sorted(HOSTILE.glob("*.yaml"))


def _expected(path):
    import re

    m = re.match(r"# expect: (\d+):(\d+) ([\w-]+)", path.read_text(encoding="utf-8"))
    return int(m[1]), int(m[2]), m[3]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_each_hostile_report_is_said_at_its_place(path, run):
    line, col, code = _expected(path)
    status, out, err = run("validate", "--plan", ROOT / "plans/2012.yaml", path)
    no_fault(status, err)
    assert f"{path}:{line}:{col}:" in out and f"[{code}]" in out, out


def test_the_hostile_corpus_says_the_same_cold_and_warm(tmp_path, monkeypatch, run):
    assert len(CORPUS) >= 8
    monkeypatch.setenv("JXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    said = []
    for cache in ("off", "on", "on"):
        monkeypatch.setenv("JXPLAN_CACHE", cache)
        said.append(run("validate", "--plan", ROOT / "plans/2012.yaml", HOSTILE))
    assert said[0] == said[1] == said[2] and said[0][0] == 1


def test_a_workbook_named_twice_is_imported_once(tmp_path, plan_file, run, form, monkeypatch):
    # inbox/*.xlsx inbox/市*.xlsx: the same file by two globs was "a second report of the unit"
    (tmp_path / "fgw.xlsx").write_bytes(form)
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = run("import", "--plan", plan_file, "-o", "out", "fgw.xlsx", "./fgw.xlsx", tmp_path / "fgw.xlsx")
    assert code == 0 and err.count("已寫入") == 1 and "未導入" not in err, err


def test_a_plan_given_to_import_is_said_as_a_plan(tmp_path, plan_file, run):
    (tmp_path / "out").mkdir()
    code, out, err = run("import", "--plan", plan_file, "-o", tmp_path / "out", plan_file)
    assert code == 1 and f"{plan_file}: 這是計劃文件，不是進度報告，未導入" in err and "有錯誤" not in err
