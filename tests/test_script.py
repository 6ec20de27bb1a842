"""Simplified and traditional script: detection, OpenCC conversion of output, look-ups in either script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT, SMALL_PLAN, report, write
from jxplan.core import script

# The bulletin's fixed wording in each script (the issuing office, 關於, 報送 …).
TRAD_WORDS = ["嘉興市人民政府督查室", "關於", "報送", "督辦通報", "達到序時進度", "滯後"]
SIMP_WORDS = ["嘉兴市人民政府督查室", "关于", "报送", "督办通报", "达到序时进度", "滞后"]
TRAD_ONLY = set("".join(TRAD_WORDS)) - set("".join(SIMP_WORDS))
SIMP_ONLY = set("".join(SIMP_WORDS)) - set("".join(TRAD_WORDS))


def test_detect():
    assert script.detect("嘉興市國土資源局關於") == "traditional"
    assert script.detect("嘉兴市国土资源局关于") == "simplified"
    assert script.detect("公里 2012 年") is None  # nothing tells them apart
    assert script.detect((ROOT / "plans/2012.yaml").read_text(encoding="utf-8")) == "traditional"


def test_convert_is_phrase_level_and_keeps_traditional_text_as_written():
    assert script.convert("頭髮 乾燥 嘉興市人民政府督查室", "simplified") == "头发 干燥 嘉兴市人民政府督查室"
    assert script.convert("头发 干部 关于报送", "traditional") == "頭髮 幹部 關於報送"
    # the seed writes 骨干企業 and 落后產能: a run that is already traditional is left alone,
    # while a simplified sentence quoted beside it is converted
    mixed = "培育骨干企業，淘汰落后產能。受梅雨影响部分路段延期开工。"
    assert script.convert(mixed, "traditional") == "培育骨干企業，淘汰落后產能。受梅雨影響部分路段延期開工。"
    simplified = script.convert(mixed, "simplified")
    assert script.convert(simplified, "simplified") == simplified  # idempotent
    assert script.convert("plain ASCII", "traditional") == "plain ASCII"
    assert script.convert("任何", None) == "任何"


def test_conversion_leaves_no_character_of_the_other_script():
    # a traditional sentence with a scrape's simplified leftovers: only those characters change,
    # each as its phrase reads (并購 is 併購, 并舉 is 並舉), and nothing else of the wording
    assert script.convert("完成主要污染物排放，海外并購并舉", "traditional") == "完成主要汙染物排放，海外併購並舉"
    # a simplified sentence with a traditional character in it: converted whole
    assert script.convert("受梅雨影响部分路段延期開工", "traditional") == "受梅雨影響部分路段延期開工"
    assert script.convert("淘汰落后产能開工", "traditional") == "淘汰落後產能開工"  # 后 read as the simplified run's
    # and traditional wording that s2tw alone would "correct" is kept (萬裡, 更加註重)
    assert script.convert("實施萬里清水河行動，更加注重社會管理，污水", "traditional") == "實施萬里清水河行動，更加注重社會管理，汙水"
    assert script.convert("受梅雨影响部分路段延期開工", "simplified") == "受梅雨影响部分路段延期开工"
    for text in ("完成主要污染物排放，海外并購并舉", "受梅雨影响部分路段延期開工", "市國土资源局"):
        assert not set(script.convert(text, "traditional")) & set(script.SIMPLIFIED_ONLY)
        assert not set(script.convert(text, "simplified")) & set(script.TRADITIONAL_ONLY)


# ---- conversion is complete, whatever the mix (a property) ----------------------------------

# Han characters of neither list (人, 年, 目標's 目), punctuation, digits and Latin letters: what
# both scripts write alike
NEITHER = "".join(ch for ch in map(chr, range(0x4E00, 0x9FA6)) if ch not in script._TRAD and ch not in script._SIMP)
SHARED = st.sampled_from(NEITHER[:3000] + "，。、（）；：%  abcXYZ0123456789")
ONLY = {"simplified": st.sampled_from(script.SIMPLIFIED_ONLY), "traditional": st.sampled_from(script.TRADITIONAL_ONLY)}


def _mixed_runs():
    """Texts of runs, each mostly in one script with a few characters of the other (the bug:
    a run holding one character of the other script was left as it was), between shared ones."""
    def run(major: str):
        minor = "simplified" if major == "traditional" else "traditional"
        return st.lists(st.one_of(ONLY[major], ONLY[major], ONLY[major], SHARED, ONLY[minor]), max_size=12).map("".join)

    return st.lists(st.one_of(run("simplified"), run("traditional"), SHARED), min_size=1, max_size=6).map("".join)


@pytest.mark.parametrize("to", ["traditional", "simplified"])
@settings(max_examples=300, deadline=None)
@given(text=_mixed_runs())
def test_conversion_of_any_mix_leaves_no_character_of_the_other_script(to, text):
    other = script._SIMP if to == "traditional" else script._TRAD
    out = script.convert(text, to)
    assert not [ch for ch in out if ch in other], (text, out)
    assert script.convert(out, to) == out  # and converting again changes nothing


@pytest.mark.parametrize("to", ["traditional", "simplified"])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_text_wholly_in_the_target_script_is_unchanged(to, data):
    text = data.draw(st.lists(st.one_of(ONLY[to], SHARED), max_size=30).map("".join))
    assert script.convert(text, to) == text


def test_a_table_that_answers_in_the_script_it_converts_from_is_followed_to_the_end():
    # OpenCC's t2s turns 薴 into 苧, itself traditional (苧 → 苎): found by the property above
    assert script.convert("滅薴行", "simplified") == "灭苎行"


def test_a_message_keeps_what_it_quotes_from_a_file_as_written():
    said = "plans/市發改委.yaml:3:7: 混有簡體字『污』（應為『汙』）"
    assert script.convert_prose(said, "simplified") == "plans/市發改委.yaml:3:7: 混有简体字『污』（应为『汙』）"
    assert script.convert_prose(said, "traditional") == said


def test_convert_needs_no_opencc_when_nothing_changes():
    code = ("import sys; from jxplan.core import script; "
            "assert script.convert('嘉興市人民政府', 'traditional') == '嘉興市人民政府'; "
            "assert script.convert('嘉兴市人民政府', 'simplified') == '嘉兴市人民政府'; "
            "assert 'opencc' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_lookup_in_either_script():
    names = {"市國土資源局": "gtj", "滯後": "behind"}
    assert script.lookup("市国土资源局", names) == "gtj"
    assert script.lookup("市國土資源局", names) == "gtj"
    assert script.lookup("滞后", names) == "behind"
    assert script.lookup("市交通局", names) is None


def test_unit_in_either_script_on_the_command_line(run, in_root):
    code, out, _ = run("units", "--unit", "市国土资源局", "--format", "json")
    assert code == 0 and json.loads(out)[0]["id"] == "gtj"
    code, out, _ = run("template", "--unit", "市国土资源局", "--quarter", "Q2", "--script", "simplified")
    assert code == 0 and "unit: gtj" in out and "# 市国土资源局 2012年Q2" in out
    code, out, _ = run("status", "-q", "Q2", "--unit", "市国土资源局", "--status", "滞后", "--format", "json")
    assert code == 0
    assert all(t["status"] == "behind" for t in json.loads(out)["targets"])


def test_status_label_and_target_name_in_either_script(run, in_root):
    out = json.loads(run("status", "-q", "Q2", "--status", "達到序時進度", "-f", "json")[1])
    assert out["targets"] and {t["status"] for t in out["targets"]} == {"on_track"}
    out = json.loads(run("status", "-q", "Q2", "--target", "固定资产投资增长", "-f", "json")[1])
    assert [t["id"] for t in out["targets"]] == ["2.1"]
    assert run("status", "-q", "Q2", "--target", "沒有這個目標")[0] == 2
    assert run("status", "-q", "Q2", "--status", "很好")[0] == 2


def test_report_may_name_its_unit_in_the_other_script(run, tmp_path, plan_file):
    # the small plan writes 市發改委; the report says 市发改委
    write(tmp_path / "r/fgw.yaml", report("市发改委", "Q2", '- target: "2.1"\n  value: 11\n'))
    code, out, err = run("status", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q2", "-f", "json")
    assert code == 0, err
    assert next(t for t in json.loads(out)["targets"] if t["id"] == "2.1")["actual"] == 11


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_bulletin_in_each_script(run, in_root, fmt):
    simp = run("bulletin", "-q", "Q2", "-f", fmt, "--script", "simplified")[1]
    trad = run("bulletin", "-q", "Q2", "-f", fmt, "--script", "traditional")[1]
    for w in SIMP_WORDS[:3]:
        assert w in simp
    for w in TRAD_WORDS[:3]:
        assert w in trad
    assert not TRAD_ONLY & set(simp), sorted(TRAD_ONLY & set(simp))
    assert not SIMP_ONLY & set(trad), sorted(SIMP_ONLY & set(trad))
    if fmt == "html":
        assert 'lang="zh-Hans"' in simp and 'lang="zh-Hant"' in trad
        assert '"楷体_GB2312"' in trad  # font names in the style sheet are never converted
    # the default is the plan's own script, printed as written
    assert run("bulletin", "-q", "Q2", "-f", fmt)[1] == trad


def test_every_text_command_takes_script(run, in_root):
    for args in (["status", "-q", "Q2"], ["status", "-q", "Q2", "-f", "csv"], ["status", "-q", "Q2", "--trend"],
                 ["decomposition"], ["units"], ["template", "-u", "fgw", "-q", "Q2"]):
        code, out, err = run(*args, "--script", "simplified")
        assert code == 0, (args, err)
        assert not TRAD_ONLY & set(out) and not set("發國區單標達報") & set(out), args


def test_plan_in_simplified_script_prints_simplified_by_default(run, tmp_path, plan_file):
    simplified = script.convert(plan_file.read_text(encoding="utf-8"), "simplified")
    write(tmp_path / "s/plan.yaml", simplified)
    write(tmp_path / "s/r/fgw.yaml", report("fgw", "Q2", '- target: "2.1"\n  value: 11\n'))
    code, out, err = run("bulletin", "--plan", tmp_path / "s/plan.yaml", "--reports", tmp_path / "s/r", "-q", "Q2")
    assert code == 0, err
    assert "关于测试计划上半年落实情况的通报" in out and not TRAD_ONLY & set(out)


def _jxplan(*args, env_script: str | None = None, cwd=ROOT, cache=None):
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("JXPLAN_SCRIPT", "JXPLAN_CACHE")}
    if env_script is not None:
        env["JXPLAN_SCRIPT"] = env_script
    if cache is None:
        env["JXPLAN_CACHE"] = "off"
    else:
        env["JXPLAN_CACHE_DIR"] = str(cache)
    done = subprocess.run([sys.executable, "-m", "jxplan", *map(str, args)], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def test_messages_follow_the_script_asked_for_and_leave_file_names_as_they_are(tmp_path):
    bad = write(tmp_path / "報告" / "市發改委.yaml", "version: 1\nunit:fgw\nyear: 2012\n")
    code, out, err = _jxplan("validate", "--plan", ROOT / "plans/2012.yaml", bad, "--script", "simplified")
    assert code == 1 and out.startswith(f"{bad}:3:1: 错误 YAML 语法错误：找不到应有的冒号")  # the path as on disk
    assert err.startswith("检查了 1 个") and not set(out + err) & set(script.TRADITIONAL_ONLY.replace("報", "").replace("發", ""))
    code, out, err = _jxplan("status", "-q", "Q2", "--reports", tmp_path / "nowhere", env_script="简体")
    assert code == 2 and "请核对路径" in err and "[选项]" in err and "請核對" not in err
    code, out, _ = _jxplan("units", "-u", "fgw", env_script="s")
    assert code == 0 and "市发改委" in out and "第一责任单位" in out  # the plan's word for its leads, put into simplified
    for _ in range(2):  # the second time from the cache of help pages
        code, out, _ = _jxplan("-h", env_script="simplified", cache=tmp_path / "cache")
        assert code == 0 and "督办工具" in out
        code, out, _ = _jxplan("-h", cache=tmp_path / "cache")  # a page cached in one script never serves the other
        assert code == 0 and "督辦工具" in out


def test_a_script_word_that_names_none_is_refused_before_any_work(tmp_path):
    code, _, err = _jxplan("status", "--reports", tmp_path / "nowhere", env_script="x")
    assert code == 2 and "JXPLAN_SCRIPT=「x」" in err and "不存在" not in err
    code, _, err = _jxplan("bulletin", "--script", "zh", "--reports", tmp_path / "nowhere")
    assert code == 2 and "「zh」不是可用的簡繁選項" in err


@pytest.mark.parametrize("cache", ["off", "on"])
def test_a_help_page_follows_the_script_asked_for_anywhere_on_the_line(tmp_path, cache):
    env = {**os.environ, "JXPLAN_CACHE": cache, "JXPLAN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("JXPLAN_SCRIPT", None)
    for _ in range(2):  # the second time from the help cache when it is on
        done = subprocess.run([sys.executable, "-m", "jxplan", "bulletin", "--script", "simplified", "--help"],
                              capture_output=True, text=True, timeout=60, env=env)
        assert done.returncode == 0 and "督办通报" in done.stdout and "督辦" not in done.stdout


def test_import_speaks_the_script_asked_for(tmp_path):
    env = {**os.environ, "JXPLAN_CACHE": "off"}
    env.pop("JXPLAN_SCRIPT", None)
    form = tmp_path / "gtj.xlsx"
    jx = [sys.executable, "-m", "jxplan"]
    subprocess.run(jx + ["template", "-u", "gtj", "-q", "Q2", "-o", str(form)], check=True, cwd=ROOT, env=env,
                   capture_output=True, timeout=60)
    (tmp_path / "out").mkdir()
    done = subprocess.run(jx + ["import", str(form), "-o", str(tmp_path / "out"), "--script", "simplified"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "表格没有填任何内容，未导入" in done.stderr and "導入" not in done.stderr


def test_simplified_output_takes_the_mainlands_quotation_marks(run, in_root):
    assert script.convert("完成時限：「年內」即全年完成；『持續推進』", "simplified") == "完成时限：“年内”即全年完成；‘持续推进’"
    assert script.convert("「年內」", "traditional") == "「年內」"  # traditional keeps its corner brackets
    out = run("decomposition", "--script", "simplified")[1]
    assert "“年内”" in out and "「" not in out and "」" not in out


# ---- every output in one script, whatever the plan and the reports mix ---------------------

# The small plan in simplified, with traditional characters left in it (a unit's name, a
# clause) and reports written in both scripts: every output in either script must be in
# that script throughout, by the project's own character tables.
MIXED_PLAN = (script.convert(SMALL_PLAN, "simplified")
              .replace("{id: tjj, name: 市统计局,", "{id: tjj, name: 市統計局,")
              .replace("text: 确保固定资产投资增长10%。", "text: 确保固定資產投资增长10%，加強污染整治。")
              .replace("{id: \"2.1\", name: 固定资产投资增长,", "{id: \"2.1\", name: 固定資產投资增长,")
              .replace("{id: \"2.5\", name: 启动工程,", "{id: \"2.5\", name: 啟動工程,"))
MIXED_REPORTS = {
    "fgw.yaml": report("fgw", "Q2", '- target: "2.1"\n  value: 9\n  reason: {kind: objective, text: 受梅雨影響部分項目延期開工}\n'
                                    '- target: "2.5"\n  stage: in_progress\n  note: 工程已开工，進展順利\n'),
    "rsj.yaml": report("rsj", "Q2", '- target: "2.2"\n  value: 2\n  note: 新增就业2万人\n'),
}
OUTPUTS = [("status", "-q", "Q2"), ("status", "-q", "Q2", "-f", "json"), ("status", "-q", "Q2", "-f", "csv"),
           ("bulletin", "-q", "Q2"), ("bulletin", "-q", "Q2", "-f", "html"),
           ("decomposition",), ("decomposition", "-f", "html"), ("template", "-u", "fgw", "-q", "Q3")]
OTHER = {"traditional": set(script.SIMPLIFIED_ONLY), "simplified": set(script.TRADITIONAL_ONLY)}
STYLE = re.compile(r"<style>.*?</style>", re.S)  # font names are names (楷体_GB2312), never converted


def other_script(out: str, to: str) -> list[str]:
    """The characters of ``out`` that only the script other than ``to`` uses (style sheets aside)."""
    return sorted(OTHER[to] & set(STYLE.sub("", out)))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    plan = write(folder / "plan.yaml", MIXED_PLAN)
    for name, text in MIXED_REPORTS.items():
        write(folder / "r" / name, text)
    assert script.counts(MIXED_PLAN)[0] >= 6 and script.counts(MIXED_PLAN)[1] > 20  # mixed, mostly simplified
    return plan, folder / "r"


@pytest.mark.parametrize("to", ["traditional", "simplified"])
@pytest.mark.parametrize("args", OUTPUTS, ids=" ".join)
def test_every_output_of_a_mixed_plan_is_in_one_script(run, mixed, args, to):
    plan, reports = mixed
    extra = ["--reports", reports] if args[0] in ("status", "bulletin") else []
    code, out, err = run(*args, "--plan", plan, *extra, "--script", to)
    assert code == 0, err
    assert other_script(out, to) == []
    assert ("市統計局" if to == "traditional" else "市统计局") in out or args[0] == "template"


@pytest.mark.parametrize("to", ["traditional", "simplified"])
@pytest.mark.parametrize("args", OUTPUTS, ids=" ".join)
def test_every_output_of_the_shipped_plan_is_in_one_script(run, in_root, args, to):
    code, out, err = run(*args, "--script", to)
    assert code == 0, err
    assert other_script(out, to) == []
