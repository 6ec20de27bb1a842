"""Simplified and traditional script: detection, OpenCC conversion of output, look-ups in either script."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, report, write
from jxplan import script

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


def test_convert_needs_no_opencc_when_nothing_changes():
    code = ("import sys; from jxplan import script; "
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
    assert code == 1 and "进度报告" in err and "進度報告" not in err
    code, out, _ = _jxplan("units", "-u", "fgw", env_script="s")
    assert code == 0 and "市发改委" in out and "牵头" in out
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
