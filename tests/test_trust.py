"""Trust: no false accusation, no traceback, no hang, no stale answer (issue 8).

Each test feeds a kind of hostile input or fault and asserts the one clear outcome."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SMALL_PLAN, report, write
from jxplan import read as sources
from jxplan.check.pipeline import open_workspace
from jxplan.judge.advice import validate as check_paths  # all validate says
from jxplan.read.yaml import MAX_DEPTH, parse_careful, parse_fast


def codes(problems):
    return [p.code for p in problems]


# ---- one YAML path that cannot disagree with itself --------------------------------------

def both_ways(text: str):
    """(fast, careful) as (data repr, problems); fast is None when the text goes the careful way."""
    fast = parse_fast(text, "x.yaml")
    data, _, _, problems = parse_careful(text, "x.yaml")
    return (None if fast is None else (repr(fast[0]), fast[1])), (repr(data), problems)


@pytest.mark.parametrize("text", [
    "- &a x\n- *a\n", "? &a k\n: v\n", "{&a k: v}\n", "[&a 1, *a]\n", "a: !!str &x v\n", "&a a: b\n",
    "a: {b: &c [1, 2], d: *c}\n", "a: [1, {b: *x}]\n", "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n", "a: !local x\n",
    "a:\n  - b: &x\n      c: 1\n  - *x\n",
])
def test_anchors_aliases_tags_and_directives_go_the_careful_way_and_are_refused(text):
    fast, (data, problems) = both_ways(text)
    assert fast is None
    doc, found = sources.parse(text.encode(), "x.yaml")
    assert doc is None and codes(found)[0] in ("yaml-anchor", "yaml-alias", "yaml-tag", "yaml-syntax")


def test_a_yaml_directive_goes_the_careful_way_and_is_harmless():
    assert parse_fast("%YAML 1.2\n---\na: 1\n", "x.yaml") is None
    doc, found = sources.parse(b"%YAML 1.2\n---\na: 1\n", "x.yaml")
    assert doc.data == {"a": 1} and found == []


def test_nested_aliases_are_refused_at_once():
    levels = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefghij", "bcdefghijk", strict=True))
    started = time.perf_counter()
    doc, found = sources.parse(levels.encode(), "x.yaml")
    assert time.perf_counter() - started < 1
    assert doc is None and codes(found) == ["yaml-anchor"]


def nested(kind: str, depth: int) -> str:
    if kind == "block":
        return "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "b: 1\n"
    if kind == "flow":
        return "a: " + "[" * depth + "1" + "]" * depth + "\n"
    if kind == "compact":
        return "- " * depth + "x\n"
    return "a:\n" + "".join("  " * (i + 1) + "- b: [\n" for i in range(depth // 2))  # block and flow mixed, broken


@pytest.mark.parametrize("kind", ["block", "flow", "compact"])
@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 999, 1000, 1001, 5000])
def test_nesting_is_refused_at_jxplans_depth_whatever_libyaml_does(kind, depth):
    text = nested(kind, depth)
    doc, found = sources.parse(text.encode(), "x.yaml")
    levels = depth + (1 if kind != "compact" else 0)  # the root mapping of block and flow adds one
    if levels <= MAX_DEPTH:
        assert doc is not None and found == [], found
    else:
        assert doc is None and codes(found) == ["yaml-depth"]
        fast, (data, careful) = both_ways(text)
        assert fast is None or fast[1] == careful
        assert (found[0].line, found[0].col) == (careful[0].line, careful[0].col)


YAML_PIECES = st.sampled_from([
    "a: 1", "b: x", "a: 2", "c: [1, 2]", "d: {e: f}", "g:\n  - h\n  - i", "5.10: x", "010: y", "n: no",
    "t: true", "z: ~", "q: '1'", 'r: "\\t"', "s: 1e3", "u: .inf", "v: -0", "w: 2012-02-30", "x: [a, b, a]",
    "k: {a: 1, a: 2}", "l: [[[[1]]]]", "m: |\n  text", "o: >\n  folded", "p: 'it''s'", "y: 'a: b'",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_PIECES, min_size=1, max_size=8))
def test_fast_and_careful_agree_on_generated_documents(pieces):
    fast, careful = both_ways("\n".join(pieces) + "\n")
    if fast is not None:  # taken only when it must say what the careful way says
        assert fast == careful


def test_duplicate_keys_take_linear_time():
    # about 250 KB of the same key: quadratic detection took half a minute
    text = "entries:\n  - target: x\n" + "".join(f"    note: {i}\n" for i in range(20000))
    started = time.perf_counter()
    doc, found = sources.parse(text.encode(), "x.yaml")
    assert time.perf_counter() - started < 5
    assert codes(found)[:3] == ["yaml-duplicate-key"] * 3
    assert codes(found)[-1] == "yaml-too-many" and len(found) <= 60


def test_files_over_the_cap_are_never_parsed(tmp_path, plan_file, monkeypatch):
    big = report("fgw", "Q1", '- target: "2.1"\n  value: 11\n  note: "' + "很" * 100_000 + '"\n')
    write(tmp_path / "r/fgw.yaml", big)
    parsed = []
    real = sources.parse
    monkeypatch.setattr(sources, "parse", lambda raw, path: parsed.append(path) or real(raw, path))
    for cache in ("off", "on"):
        monkeypatch.setenv("JXPLAN_CACHE", cache)
        monkeypatch.setenv("JXPLAN_CACHE_DIR", str(tmp_path / "cache"))
        ws = open_workspace(plan_file, tmp_path / "r")
        assert "file-too-large" in codes(ws.problems) and not ws.ok
    assert parsed == [str(plan_file)] * 2


# ---- files that are not files ------------------------------------------------------------

def jxplan(*args, cwd=None, timeout=20):
    return subprocess.run([sys.executable, "-m", "jxplan", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, env={**os.environ, "JXPLAN_CACHE": "off"})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_named_yaml_is_refused_without_waiting(tmp_path, plan_file):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    os.mkfifo(tmp_path / "r/pipe.yaml")
    done = jxplan("status", "--plan", plan_file, "--reports", tmp_path / "r")
    assert done.returncode == 1 and "pipe.yaml:1:1:" in done.stderr and "命名管道" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_device_behind_a_yaml_name_is_refused(tmp_path, plan_file):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    os.symlink("/dev/zero", tmp_path / "r/zero.yaml")
    ws = open_workspace(plan_file, tmp_path / "r")
    assert codes(ws.problems) == ["not-a-file"] and "設備文件" in ws.problems[0].message


def test_symlink_loops_are_problems_not_endless_walks(tmp_path, plan_file):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    os.symlink(tmp_path / "r", tmp_path / "r/again")  # a folder that contains itself
    os.symlink(tmp_path / "r/b.yaml", tmp_path / "r/a.yaml")
    os.symlink(tmp_path / "r/a.yaml", tmp_path / "r/b.yaml")  # two files pointing at each other
    ws = open_workspace(plan_file, tmp_path / "r")
    assert sorted(codes(ws.problems)) == ["not-found", "not-found", "symlink-loop"]
    assert [p.severity for p in ws.problems if p.code == "symlink-loop"] == ["warning"]


# ---- numbers and fields that mean one thing ------------------------------------------------

@pytest.mark.parametrize("value", ["١٢", "۱۲", "¹²", "⑫", "１２٫５", "1e30", "1e309", "9" * 5000, "0.000000000001", "-1e16"])
def test_numbers_that_are_not_figures_are_refused_with_their_position(tmp_path, plan_file, value):
    p = write(tmp_path / "r.yaml", report("fgw", "Q1", f'- target: "2.1"\n  value: {value}\n'))
    (problem,) = check_paths([p], plan_file, explicit_plan=True).problems
    assert problem.is_error and (problem.line, problem.col) == (8, 12)


def test_the_same_numbers_as_text_with_a_unit_are_refused_too(tmp_path, plan_file):
    for value in ("1e30萬人", "٣萬人", "9" * 60 + "人"):
        p = write(tmp_path / "r.yaml", report("rsj", "Q1", f'- target: "2.2"\n  value: "{value}"\n'))
        (problem,) = check_paths([p], plan_file, explicit_plan=True).problems
        assert problem.code == "unit" and (problem.line, problem.col) == (8, 12)


@pytest.mark.parametrize("plan_value", ["1e30", "1e309", "9" * 5000])
def test_huge_numbers_in_a_plan_are_refused(tmp_path, plan_value):
    p = write(tmp_path / "plan.yaml", SMALL_PLAN.replace("target: 6000,", f"target: {plan_value},"))
    problems = check_paths([p], p).problems
    assert codes(problems) == ["schema"] and (problems[0].line, problems[0].col) == (29, 64)


def test_negative_cumulative_figure_is_a_warning(tmp_path, plan_file):
    p = write(tmp_path / "r.yaml", report("rsj", "Q1", '- target: "2.2"\n  value: -2\n  reason: {kind: objective, text: 統計口徑調整}\n'))
    (problem,) = check_paths([p], plan_file, explicit_plan=True).problems
    assert problem.code == "negative-cumulative" and problem.severity == "warning"


def test_a_report_with_a_stray_plan_key_is_refused_not_skipped(tmp_path, plan_file, run):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n') + "headline: []\n")
    code, out, err = run("status", "--plan", plan_file, "--reports", tmp_path / "r")
    assert code == 1 and "headline" in err and "計劃文件的字段" in err


# ---- a blank form is no report -------------------------------------------------------------

def test_a_template_sent_back_blank_is_no_report(tmp_path, plan_file, run):
    code, blank, _ = run("template", "--plan", plan_file, "--unit", "rsj", "--quarter", "Q1")
    assert code == 0
    write(tmp_path / "r/rsj.yaml", blank)
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    code, out, err = run("validate", "--plan", plan_file, tmp_path / "r")
    assert code == 0 and "[blank-report]" in out
    code, out, err = run("validate", "--strict", "--plan", plan_file, tmp_path / "r")
    assert code == 1
    code, out, err = run("status", "--plan", plan_file, "--reports", tmp_path / "r", "--format", "json")
    import json
    units = {u["id"]: u for u in json.loads(out)["units"]}
    assert units["rsj"]["missing"] is True and units["rsj"]["commended"] is False


# ---- no silent wrong place -----------------------------------------------------------------

@pytest.mark.parametrize("command", ["status", "bulletin"])
def test_a_mistyped_reports_folder_is_an_error(tmp_path, plan_file, run, command):
    code, out, err = run(command, "--plan", plan_file, "--reports", tmp_path / "progres")
    assert code == 2 and out == "" and "不存在" in err and err.startswith(f"用法：jxplan {command}")  # usage: exit 2


@pytest.mark.parametrize("command", ["status", "bulletin"])
def test_run_from_another_folder_says_so_and_accuses_nobody(tmp_path, command):
    done = jxplan(command, cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert "隨附的計劃文件" in done.stderr and "沒有默認的報告文件夾 progress" in done.stderr


def test_a_bulletin_for_a_quarter_without_reports_is_refused(tmp_path, plan_file, run):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    code, out, err = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "--quarter", "Q3")
    assert code == 1 and out == "" and "Q3" in err and "Q1" in err


def test_a_status_for_a_quarter_without_reports_warns(tmp_path, plan_file, run):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    code, out, err = run("status", "--plan", plan_file, "--reports", tmp_path / "r", "--quarter", "Q3", "-f", "json")
    assert code == 0 and "警告" in err and "Q3" in err and "Q1" in err
    import json
    assert {t["status"] for t in json.loads(out)["targets"]} == {"not_reported"}


# ---- templates in a sandbox ----------------------------------------------------------------

@pytest.mark.parametrize("body,words", [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "不允許"),
    ("{{ cycler.__init__.__globals__.os.system('echo pwned') }}", "不允許"),
    ("{% for i in range(10**6) %}{% for j in range(10**6) %}{% endfor %}{% endfor %}", "超出限制"),
    ("{{ 'x' * 10**10 }}", "超出限制"),
    ("{{ 10 ** 100000000 }}", "超出限制"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "遞歸"),
    ("line one\n{{ no_such_field }}", "bulletin.md.j2:2:"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{% for %}", "語法錯誤"),
])
def test_an_offices_template_can_lay_out_but_never_run_code(tmp_path, plan_file, run, body, words):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl/bulletin.md.j2").write_text(body, encoding="utf-8")
    started = time.perf_counter()
    code, out, err = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "--template-dir", tmp_path / "tpl")
    assert time.perf_counter() - started < 40
    assert code == 1 and out == "" and words in err and "pwned" not in out + err


@pytest.mark.parametrize("what,words", [
    ("fifo", "命名管道"), ("device", "命名管道、設備"), ("folder", "文件夾"), ("broken link", "符號鏈接"),
])
@pytest.mark.parametrize("fmt,name", [("md", "bulletin.md.j2"), ("docx", "bulletin.docx")])
def test_an_offices_template_that_is_not_a_file_is_refused_not_replaced_by_the_shipped_one(
        tmp_path, plan_file, run, what, words, fmt, name):
    """The office asked for its own template: a FIFO, a device, a folder or a broken link in
    its place is said, never passed over for the shipped template without a word."""
    if what == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are a POSIX thing")
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    (tmp_path / "tpl").mkdir()
    there = tmp_path / "tpl" / name
    if what == "fifo":
        os.mkfifo(there)
    elif what == "device":
        os.symlink("/dev/zero", there)
    elif what == "folder":
        there.mkdir()
    else:
        os.symlink(tmp_path / "no such template", there)
    code, out, err = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "--template-dir", tmp_path / "tpl",
                         "--format", fmt)
    assert code == 1 and out == "" and "模板錯誤" in err and "Traceback" not in err
    if fmt == "md":
        assert words in err
    else:
        assert name in err


def test_an_offices_template_in_another_encoding_is_said_in_chinese(tmp_path, plan_file, run):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl/bulletin.md.j2").write_bytes("通報 {{ title }}".encode("gb18030"))
    code, out, err = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "--template-dir", tmp_path / "tpl")
    assert code == 1 and out == "" and "不是 UTF-8 編碼" in err and "codec" not in err


# ---- cold and warm say the same --------------------------------------------------------------

def test_every_file_of_the_corpus_says_the_same_cold_and_warm(tmp_path, monkeypatch, run):
    monkeypatch.setenv("JXPLAN_CACHE", "on")
    monkeypatch.setenv("JXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    paths = [ROOT / "tests/data/invalid", ROOT / "progress"]
    cold = run("validate", "--plan", ROOT / "plans/2012.yaml", *paths)
    warm = run("validate", "--plan", ROOT / "plans/2012.yaml", *paths)
    assert cold == warm and cold[0] == 1 and list((tmp_path / "cache").rglob("files.json"))
    for q in ("Q2", "Q4"):
        monkeypatch.setenv("JXPLAN_CACHE", "off")
        off = run("bulletin", "-q", q, "--plan", ROOT / "plans/2012.yaml", "--reports", ROOT / "progress")
        monkeypatch.setenv("JXPLAN_CACHE", "on")
        on1 = run("bulletin", "-q", q, "--plan", ROOT / "plans/2012.yaml", "--reports", ROOT / "progress")
        on2 = run("bulletin", "-q", q, "--plan", ROOT / "plans/2012.yaml", "--reports", ROOT / "progress")
        assert off == on1 == on2 and off[0] == 0


@pytest.mark.parametrize("text", ['"ok\\e[2J"', '"bell\\a"', '"\\u202etxt.exe"', '"zero\\u200bwidth"'])
def test_control_characters_in_report_text_are_refused_at_their_place(tmp_path, plan_file, text):
    # they would rewrite a terminal, or hide text, in every document that quotes the note
    p = write(tmp_path / "r.yaml", report("fgw", "Q1", f'- target: "2.1"\n  value: 11\n  note: {text}\n'))
    (problem,) = check_paths([p], plan_file, explicit_plan=True).problems
    assert problem.code == "schema" and (problem.line, problem.col) == (9, 11) and "控制字符" in problem.message


def test_a_fault_of_jxplan_itself_is_one_chinese_line_never_a_traceback(run, monkeypatch, in_root):
    import jxplan.judge.status

    def broken(*_args, **_kw):
        raise KeyError("H9")

    monkeypatch.setattr(jxplan.judge.status, "compute", broken)
    monkeypatch.delenv("JXPLAN_DEBUG", raising=False)
    code, out, err = run("status", "-q", "Q2")
    assert code == 70 and out == "" and "Traceback" not in err
    assert err.startswith("jxplan 內部錯誤（KeyError：'H9'）。這是 jxplan 的問題") and err.count("\n") == 1
    monkeypatch.setenv("JXPLAN_DEBUG", "1")  # a developer sees the fault itself
    with pytest.raises(KeyError):
        run("status", "-q", "Q2")


@pytest.mark.parametrize("text", ["---\n", "~\n", "null\n", "--- ~\n", "# 空\n---\n...\n", "# 空!\n~\n"])
def test_a_file_that_holds_nothing_is_refused_never_dropped(tmp_path, run, text):
    report_file = write(tmp_path / "r" / "fgw.yaml", text)
    code, out, _ = run("validate", "--plan", ROOT / "plans/2012.yaml", report_file)
    assert code == 1 and f"{report_file}:1:1: 錯誤 文件是空的 [empty]" in out
    code, _, err = run("status", "--plan", report_file)  # as a plan: the same line, never "0 errors"
    assert code == 1 and f"{report_file}:1:1: 錯誤 文件是空的 [empty]" in err and "有 1 個錯誤" in err


@pytest.mark.parametrize("comment", ["", "# 注意!\n"])  # the fast way; "!" sends a file the careful way
@pytest.mark.parametrize("written, said", [
    ("1e+9999999999999999999", "數值太大（絕對值須小於 10 的 15 次方）"),
    ("-1E99999999999999999999", "數值太大（絕對值須小於 10 的 15 次方）"),
    ("1.5e-99999999999999999999", "數值的小數位太多（最多 10 位）"),
])
def test_an_exponent_past_any_decimal_is_refused_as_a_number_never_a_crash(tmp_path, run, comment, written, said):
    text = (f"{comment}version: 1\nunit: fgw\nyear: 2012\nquarter: Q2\nsubmitted: 2012-07-03\nentries:\n"
            f"  - target: \"2.1\"\n    value: {written}\n    note: {written}\n")
    code, out, _ = run("validate", "--plan", ROOT / "plans/2012.yaml", write(tmp_path / "r.yaml", text))
    assert code == 1 and said in out and "Traceback" not in out
    assert out.count("錯誤") == 1  # the value; the note is text


def test_hints_for_a_syntax_error_stay_linear_in_the_file(tmp_path, run):
    import time

    text = "".join(f"k{i}: []\n" for i in range(30000)) + "  - x\nbad: @x\n"  # 300 KB of doubtful lines
    started = time.process_time()
    from jxplan.read.yaml import parse

    _, problems = parse(text.encode(), "r.yaml")
    assert time.process_time() - started < 20  # quadratic took minutes; linear takes well under a second
    assert len(problems) == 1 and problems[0].message.count("空列表") == 1 and "第30000行" in problems[0].message


def _july(tmp_path):
    """The shipped folder as it stood at the end of July: Q1 and Q2 in."""
    import shutil

    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    shutil.copytree(ROOT / "progress", tmp_path / "progress")
    for q in ("Q3", "Q4"):
        shutil.rmtree(tmp_path / "progress" / "2012" / q)
    return tmp_path


def test_a_mistyped_quarter_never_becomes_a_year_end_bulletin_naming_everyone(tmp_path, run):
    root = _july(tmp_path)
    tjj = root / "progress/2012/Q2/tjj.yaml"
    tjj.write_text(tjj.read_text(encoding="utf-8").replace("quarter: Q2", "quarter: Q4"), encoding="utf-8")
    code, out, err = run("bulletin", cwd=root)
    assert code == 1 and out == "" and "[implausible-date]" in err and "早於 Q4 開始（2012-10-01）" in err


def test_a_thin_latest_quarter_is_not_taken_by_default_for_a_bulletin(tmp_path, run):
    root = _july(tmp_path)
    q2 = (root / "progress/2012/Q2/tjj.yaml").read_text(encoding="utf-8")
    write(root / "progress/2012/Q3/tjj.yaml", q2.replace("quarter: Q2", "quarter: Q3").replace("2012-07-0", "2012-10-0"))
    code, out, err = run("bulletin", cwd=root)
    assert code == 1 and out == "" and "最近有報告的季度 Q3 只有 1 個單位報送（Q2 有 39 個）" in err
    assert "請用 --quarter Q3 指明" in err
    code, out, err = run("bulletin", "-q", "Q3", cwd=root)  # asked for by name: the office's decision
    assert code == 0 and "第三季度" in out
    code, out, err = run("status", cwd=root)  # a view: shown, with the warning
    assert code == 0 and "[thin-quarter]" in err


def test_a_report_that_leaves_out_its_own_targets_is_named_never_passed_over(tmp_path, run):
    """市國土資源局 sends only a note on another unit's target: it is not missing (it reported),
    but the bulletin must not say every unit reported, and names what it left out."""
    root = _july(tmp_path)
    (root / "progress/2012/Q2/gtj.yaml").write_text(
        "version: 1\nunit: gtj\nyear: 2012\nquarter: Q2\nsubmitted: 2012-07-03\n"
        "entries:\n  - target: \"6.1\"\n    note: 已配合。\n", encoding="utf-8")
    code, out, _ = run("validate", "progress", cwd=root)
    assert code == 0 and "市國土資源局 的第二季度報告沒有 1.1、1.3、1.4、1.5、1.6、1.7、12.1、12.2、12.3、13.4 的 value 或 stage" in out and "[report-incomplete]" in out
    data = json.loads(run("status", "-q", "Q2", "-f", "json", cwd=root)[1])
    gtj = next(u for u in data["units"] if u["id"] == "gtj")
    assert gtj["missing"] is False and gtj["incomplete"] is True and gtj["commended"] is False
    assert gtj["unreported"] == [t["id"] for t in data["targets"] if t["lead"] == "gtj" and t["status"] == "not_reported"]
    code, out, _ = run("bulletin", "-q", "Q2", cwd=root)
    # named by the tasks' names (never internal ids in a sentence), five at most, then how many
    assert code == 0 and ("漏報部分目標的單位：市國土資源局（未報送研究制定城市存量建設用地二次開發政策、"
                          "探索創新要素節約集約利用方式、嚴格落實耕地保護責任制、加強土地利用規劃管理、"
                          "建立健全節約集約用地準入機制等10項）") in out
    assert "各責任單位均按時報送" not in out


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "big5"}, {"PYTHONIOENCODING": "ascii"}])
def test_an_output_encoding_that_cannot_hold_the_text_is_refused_before_a_character(env):
    done = subprocess.run([sys.executable, "-m", "jxplan", "bulletin", "-q", "Q4"], cwd=ROOT, capture_output=True,
                          env={**os.environ, **env, "JXPLAN_CACHE": "off"}, timeout=120)
    assert done.returncode == 1 and done.stdout == b"" and b"Traceback" not in done.stderr
    assert "PYTHONIOENCODING=utf-8" in done.stderr.decode(env["PYTHONIOENCODING"], "backslashreplace")


def test_a_huge_columns_is_a_wide_table_not_a_memory_error():
    done = subprocess.run([sys.executable, "-m", "jxplan", "status", "-q", "Q2"], cwd=ROOT, capture_output=True,
                          env={**os.environ, "COLUMNS": "99999999999", "JXPLAN_CACHE": "off"}, timeout=120)
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert max(len(line.decode()) for line in done.stdout.splitlines()) <= 400 * 2  # at most 400 columns


@pytest.mark.parametrize("entry, said", [
    ("  - target: \"\"\n    value: 3\n", "entries[0].target: 不能是空的"),
    ("  - target: \"2.1\"\n    value: 3\n    unit: fgw\n", "未知字段「unit」；「unit」不屬於這一層（縮進對嗎？）"),
])
def test_field_messages_are_chinese(tmp_path, run, entry, said):
    text = "version: 1\nunit: fgw\nyear: 2012\nquarter: Q2\nsubmitted: 2012-07-03\nentries:\n" + entry
    code, out, _ = run("validate", "--plan", ROOT / "plans/2012.yaml", write(tmp_path / "r.yaml", text))
    assert code == 1 and said in out


def test_a_plan_boolean_field_says_true_or_false_in_chinese(tmp_path, run):
    plan = write(tmp_path / "p.yaml", SMALL_PLAN.replace("kind: milestone, due: Q2,", "kind: milestone, open_ended: maybe,"))
    code, out, _ = run("validate", plan)
    assert code == 1 and "應為 true 或 false，不是「maybe」" in out and "Input should" not in out


def test_validate_says_which_plan_it_read_only_when_it_read_it(tmp_path, run):
    plan = write(tmp_path / "p.yaml", SMALL_PLAN)
    code, _, err = run("validate", plan, cwd=tmp_path)
    assert code == 0 and "隨附的計劃文件" not in err  # the plan given was the one checked
    code, _, err = run("validate", cwd=tmp_path)
    assert code == 0 and "隨附的計劃文件" in err and "沒有報告文件夾 progress，只檢查了計劃文件" in err


@pytest.mark.parametrize("name", ["fgw.yaml.txt", "fgw.yaml ", "fgw.ｙａｍｌ", ".fgw.yaml"])
def test_a_file_that_looks_like_a_report_and_is_not_read_is_named(tmp_path, run, name):
    root = _july(tmp_path)
    fgw = root / "progress/2012/Q2/fgw.yaml"
    fgw.rename(fgw.with_name(name))
    code, out, _ = run("validate", "progress", cwd=root)
    assert f"{name}:1:1: 警告 文件名像進度報告，但沒有讀取" in out
    code, out, err = run("bulletin", "-q", "Q2", cwd=root)  # its unit would be named as silent: refused
    assert code == 1 and out == "" and f"{name}:1:1: 錯誤 文件名像進度報告" in err


def test_a_folder_far_too_big_for_reports_is_refused_not_walked(tmp_path, run, monkeypatch):
    from jxplan.read import discover

    monkeypatch.setattr(discover, "MAX_ENTRIES", 50)
    root = _july(tmp_path)
    code, _, err = run("status", "-q", "Q2", cwd=root)
    assert code == 1 and "中的文件超過 50 個，不像報告文件夾" in err


def test_the_plan_being_read_is_never_an_output(tmp_path, run):
    root = _july(tmp_path)
    before = (root / "plans/2012.yaml").read_bytes()
    code, _, err = run("template", "-u", "fgw", "-q", "Q2", "-o", "plans/2012.yaml", "--force", cwd=root)
    assert code == 2 and "不會覆蓋它" in err and (root / "plans/2012.yaml").read_bytes() == before


def test_what_a_user_typed_is_echoed_with_escape_sequences_shown_not_run(run, in_root):
    code, _, err = run("status", "--unit", "\x1b]0;pwned\x07")
    assert code == 2 and "\x1b" not in err and "\\x1b]0;pwned\\x07" in err


@pytest.mark.parametrize("old, new, said", [
    ("      - id: 2\n", "      - id: true\n", "工作要點編號應為 1 起的數字（原文的編號），或加引號的文字如 \"8\"、S8，不是「true」"),
    ("      - id: 2\n", "      - id: 0\n", "工作要點編號應為 1 起的數字（原文的編號），或加引號的文字如 \"8\"、S8，不是「0」"),
    ("kind: milestone, due: Q2, due_set_by: office}", "kind: milestone, open_ended: 1}", "open_ended: 應為 true 或 false，不是「1」"),
    ("title: 測試計劃", "title: ''", "title: 不能是空的"),
    ("{id: tjj, name: 市統計局,", "{id: tjj, name: '  ',", "units[1].name: 不能是空的"),
    ("breakdown: {nhq: 5000, xzq: 3000}", "breakdown: {nhq: 9000, xzq: -1000}", "breakdown.xzq: 不能小於 0"),
    ("unit: 萬人, lead: rsj}", "unit: '', lead: rsj}", "unit: 不能是空的"),
])
def test_a_plan_field_that_would_mislead_is_refused(tmp_path, run, old, new, said):
    assert old in SMALL_PLAN
    code, out, _ = run("validate", write(tmp_path / "p.yaml", SMALL_PLAN.replace(old, new, 1)))
    assert code == 1 and said in out


# ---- a damaged cache is no cache: random damage never changes an answer --------------------------

@pytest.fixture(scope="module")
def shipped_cache(tmp_path_factory):
    """A cache filled by `jxplan status` over the shipped plan and reports, the bytes of its
    stores, and the answer of a cold run: (run, stores, cold)."""
    from typer.testing import CliRunner

    from jxplan.core import cache
    from jxplan.cli import app
    from jxplan.check.plans import load_plan

    folder = tmp_path_factory.mktemp("shipped-cache")
    args = ["status", "--plan", str(ROOT / "plans/2012.yaml"), "--reports", str(ROOT / "progress"), "-q", "Q2",
            "-f", "json"]

    def run(cache_on: bool):
        env = {"JXPLAN_CACHE": "on" if cache_on else "off", "JXPLAN_CACHE_DIR": str(folder)}
        result = CliRunner().invoke(app, args, env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    cold = run(False)
    assert cold[0] == 0 and run(True) == cold
    stores = {f.name: (f, f.read_bytes()) for f in folder.rglob("*.json")}
    assert sorted(stores) == ["files.json", "plans.json"]
    index = load_plan(ROOT / "plans/2012.yaml").index

    class Shipped(tuple):
        def __repr__(self):
            return "shipped_cache"  # not half a megabyte of a failing example

    return Shipped((run, stores, cold, cache, index))


def _nodes(data, at=()):
    """Every place in a JSON tree, as a path of keys and indexes (the root excluded)."""
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for k, v in children:
        yield at + (k,)
        yield from _nodes(v, at + (k,))


def _replace(data, at, value):
    node = data
    for k in at[:-1]:
        node = node[k]
    node[at[-1]] = value


def _get(data, at):
    for k in at:
        data = data[k]
    return data


BAD_NUMBERS = ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "1e999999999", "1E+15", "-1E+15", "1e3", "01",
               " 1", "1 ", "+1", "1_000", "١٢", "", "0x10", "1E-999999999"]
BAD_DATES = ["2012-02-30", "20120703", "2012-7-3", "2012-07-03T00:00", "2012-W27-2", "", "0000-01-01", "2012-07-03 "]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_random_damage_to_a_real_cache_file_never_changes_the_answer(shipped_cache, data):
    run, stores, cold, _, _ = shipped_cache
    name = data.draw(st.sampled_from(sorted(stores)))
    path, original = stores[name]
    for p, b in stores.values():
        p.write_bytes(b)
    blob = bytearray(original)
    for _ in range(data.draw(st.integers(1, 3))):
        if not blob:
            break
        at = data.draw(st.integers(0, len(blob) - 1))
        how = data.draw(st.sampled_from(["flip", "cut", "insert", "truncate", "repeat"]))
        if how == "flip":
            blob[at] ^= 1 << data.draw(st.integers(0, 7))
        elif how == "cut":
            del blob[at:at + data.draw(st.integers(1, 64))]
        elif how == "insert":
            blob[at:at] = data.draw(st.sampled_from([b"0", b",", b"]", b"{", b'"', b"null", b"\xff", b"\\ud800", b"NaN"]))
        elif how == "truncate":
            del blob[at:]
        else:
            blob[at:at] = blob[at:at + data.draw(st.integers(1, 200))]
    path.write_bytes(bytes(blob))
    assert run(True) == cold


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_damage_of_the_wrong_shape_even_with_a_matching_digest_never_changes_the_answer(shipped_cache, data):
    """Entries changed and written back with a digest that matches them: each change is of a
    kind no cold run writes, so the entry is a miss, and the answer the cold one."""
    from jxplan.core.terms import QUARTERS

    run, stores, cold, cache, index = shipped_cache
    for p, b in stores.values():
        p.write_bytes(b)
    name = data.draw(st.sampled_from(sorted(stores)))
    path = stores[name][0]
    entries = cache._read(path)
    key = data.draw(st.sampled_from(sorted(entries)))
    entry = entries[key]
    places = list(_nodes(entry))
    at = data.draw(st.sampled_from(places))
    node = _get(entry, at)
    kinds = ["object", "wrapped"] + (["true or false"] if type(node) is not bool else [])
    tagged = isinstance(node, list) and len(node) == 2 and node[0] in ("R", "L", "M", "D", "T")
    kinds += ["tag"] if tagged else []
    kinds += ["number"] if tagged and node[0] == "D" else []
    kinds += ["date"] if tagged and node[0] == "T" else []
    words = {}
    if name == "files.json":  # the places of what a file says that hold one of a few words:
        # [kind, read, model, form, report, dated]; the report a record of the models' shape
        words = {(0,): {"report", "plan"}, (4, 1, "quarter"): set(QUARTERS)}
        if len(at) == 7 and at[:4] == (4, 1, "entries", 1) and at[6] == "stage":
            words[at] = {"not_started", "in_progress", "done"}
        if len(at) == 9 and at[:4] == (4, 1, "entries", 1) and at[6:] == ("reason", 1, "kind"):
            words[at] = {"objective", "subjective"}
        if len(at) == 3 and at[0] in (1, 2) and at[2] == 4:
            words[at] = {"error", "warning"}
        kinds += ["word"] if words.get(at) else []
        kinds += ["number"] if len(at) == 7 and at[:4] == (4, 1, "entries", 1) and at[6] == "value" and tagged else []
        kinds += ["date"] if at == (4, 1, "submitted") and tagged else []
    kind = data.draw(st.sampled_from(kinds))
    if kind == "object":
        value = {"x": node}
    elif kind == "wrapped":
        value = [node]
    elif kind == "true or false":
        value = data.draw(st.booleans())
    elif kind == "tag":
        value = [data.draw(st.sampled_from([t for t in ("R", "L", "M", "D", "T", "X", "") if t != node[0]])), node[1]]
    elif kind == "word":
        value = data.draw(st.text(max_size=6).filter(lambda w: w not in words[at]))
    else:
        bad = data.draw(st.sampled_from(BAD_NUMBERS if kind == "number" else BAD_DATES))
        value = [node[0], bad] if tagged else bad
    _replace(entry, at, value)
    cache._write(path, entries)
    assert cache._read(path) == entries
    assert run(True) == cold, (name, at, kind, value)


@pytest.mark.parametrize("name", ["市安監局.csv", "fgw.docx", "fgw.wps", "fgw.txt", "fgw.json", "fgw"])
def test_any_other_file_in_the_reports_folder_is_named_and_stops_a_bulletin(tmp_path, run, name):
    # a unit that sent its report as CSV or Word would otherwise be published as 未報送
    root = _july(tmp_path)
    (root / "progress/2012/Q2" / name).write_text("編號,累計完成\n25.2,3\n", encoding="utf-8")
    code, out, _ = run("validate", "progress", cwd=root)
    assert f"{name}:1:1: 警告 沒有讀取這個文件：進度報告只讀 .yaml、.yml 和 .xlsx" in out
    code, out, err = run("bulletin", "-q", "Q2", cwd=root)
    assert code == 1 and out == "" and f"{name}:1:1: 錯誤 沒有讀取這個文件" in err


@pytest.mark.parametrize("name", ["Thumbs.db", "desktop.ini", ".DS_Store", "~$fgw.xlsx"])
def test_what_the_system_leaves_in_a_folder_is_passed_over(tmp_path, run, name):
    root = _july(tmp_path)
    (root / "progress/2012/Q2" / name).write_bytes(b"\0\1")
    code, out, err = run("bulletin", "-q", "Q2", cwd=root)
    assert code == 0 and name not in out + err


def test_a_report_named_like_a_lock_file_is_read_never_passed_over(tmp_path, run):
    # Excel and WPS keep ~$ lock files beside workbooks only: a YAML report so named is a report
    root = _july(tmp_path)
    q2 = root / "progress/2012/Q2"
    (q2 / "fgw.yaml").rename(q2 / "~$fgw.yaml")
    code, out, _ = run("status", "-q", "Q2", "--unit", "fgw", "--format", "json", cwd=root)
    assert code == 0 and not json.loads(out)["units"][0]["missing"]


def test_a_folder_of_many_other_files_is_named_in_a_few_lines_not_thousands(tmp_path, run):
    from jxplan.read import discover

    root = _july(tmp_path)
    extra = root / "progress/2012/附件"
    extra.mkdir()
    for i in range(discover.MAX_UNREAD + 7):
        (extra / f"照片{i:02d}.jpg").write_bytes(b"\xff\xd8")
    code, out, _ = run("validate", "progress", cwd=root)
    lines = [line for line in out.splitlines() if "[not-read]" in line]
    assert len(lines) == discover.MAX_UNREAD + 1
    assert sum("progress:1:1: 警告 progress 中還有 7 個文件沒有讀取（只讀 .yaml、.yml 和 .xlsx）" in line for line in lines) == 1
    code, out, err = run("bulletin", "-q", "Q2", cwd=root)
    assert code == 1 and out == "" and "中還有 7 個文件沒有讀取" in err


@pytest.mark.parametrize("what,words", [
    ("outside", "是指向文件夾以外的符號鏈接"), ("huge", "超過上限 1,048,576；這不像一個通報模板")])
def test_an_offices_template_is_read_from_its_folder_and_within_a_size(tmp_path, plan_file, run, what, words):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    (tmp_path / "tpl").mkdir()
    secret = write(tmp_path / "secret.txt", "pwned")
    if what == "outside":
        (tmp_path / "tpl/bulletin.md.j2").write_text('{% include "x.j2" %}', encoding="utf-8")
        os.symlink(secret, tmp_path / "tpl/x.j2")
    else:
        (tmp_path / "tpl/bulletin.md.j2").write_text("{# #}" + " " * (1024 * 1024), encoding="utf-8")
    code, out, err = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "--template-dir", tmp_path / "tpl")
    assert code == 1 and out == "" and words in err and "pwned" not in out + err and "Traceback" not in err


def test_reports_in_a_hidden_folder_are_named_never_dropped(tmp_path, run):
    root = _july(tmp_path)
    old = root / "progress/2012/Q2/.old"
    old.mkdir()
    (root / "progress/2012/Q2/fgw.yaml").rename(old / "fgw.yaml")
    (root / "progress/.git").mkdir()
    (root / "progress/.git/config.yaml").write_text("x: 1\n", encoding="utf-8")  # a tool's folder: passed over
    code, out, _ = run("validate", "progress", cwd=root)
    assert f"{old}:1:1: 警告 這是隱藏文件夾，其中有報告文件，沒有讀取".replace(str(root) + "/", "") in out
    assert ".git" not in out
    code, out, err = run("bulletin", "-q", "Q2", cwd=root)
    assert code == 1 and out == "" and "這是隱藏文件夾，其中有報告文件" in err


def test_reports_of_another_year_against_the_plan_are_said_in_one_line(tmp_path, run):
    root = _july(tmp_path)
    for f in (root / "progress").rglob("*.yaml"):
        f.write_text(f.read_text(encoding="utf-8").replace("year: 2012", "year: 2013"), encoding="utf-8")
    code, out, err = run("status", cwd=root)
    lines = [x for x in err.splitlines() if " 錯誤 " in x]  # a problem line, not the count below them
    assert code == 1 and out == "" and len(lines) == 1
    assert "份報告都不是計劃「2012年政府工作要點」（2012 年）的；請用 --plan 指明它們所屬的計劃文件" in lines[0]


def test_a_long_output_is_written_whole_in_pieces_and_refused_whole_for_a_character_past_the_first(monkeypatch):
    """Standard output takes a long text a piece at a time (never held twice more, encoded): every
    character arrives, in order; and a character the encoding cannot hold, past the first piece, is
    still found before anything is written, and named."""
    import io

    import typer

    from jxplan.cli import output

    monkeypatch.setattr(output, "PIECE", 4)
    text = "甲乙丙丁戊己庚辛壬癸\n子丑"
    sink = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(sink, encoding="utf-8"))
    output.write(text, None, False)
    assert sink.getvalue().decode("utf-8") == text

    sink, err = io.BytesIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(sink, encoding="big5"))
    monkeypatch.setattr(sys, "stderr", err)
    with pytest.raises(typer.Exit):
        output.write("甲乙丙丁戊己庚辛壬癸" + "汙" * 3 + "\N{EM DASH}𠮷", None, False)  # 𠮷 (U+20BB7): not in Big5
    assert sink.getvalue() == b"" and "「𠮷」（U+20BB7）" in err.getvalue()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a file-size limit (RLIMIT_FSIZE) is a POSIX fact")
@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_output_cut_short_by_a_file_size_limit_is_an_error_buffered_or_not(tmp_path, unbuffered):
    """A file-size limit reached half-way through standard output (ulimit -f) is said, exit 1,
    also when Python writes unbuffered (python -u, PYTHONUNBUFFERED): its text layer would
    otherwise ignore the short write and end with exit 0 and half a JSON."""
    import resource

    limit = 50 * 1024  # the shipped Q4 status as JSON is over 150 KB
    env = {**os.environ, "JXPLAN_CACHE": "off", "PYTHONUNBUFFERED": unbuffered}
    with open(tmp_path / "out.json", "wb") as out:
        done = subprocess.run([sys.executable, "-m", "jxplan", "status", "-q", "Q4", "-f", "json"], cwd=ROOT,
                              stdout=out, stderr=subprocess.PIPE, env=env, timeout=120,
                              preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert "文件超過系統允許的大小；輸出不完整" in done.stderr.decode()
    assert (tmp_path / "out.json").stat().st_size <= limit
