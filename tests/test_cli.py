"""The commands as a user runs them: exit statuses, formats, golden output of the sample data."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata

import pytest

from conftest import ROOT, report, write

GOLDEN = ROOT / "tests/golden"
UPDATE = os.environ.get("JXPLAN_UPDATE_GOLDEN") == "1"


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME byte for byte; JXPLAN_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == text


@pytest.mark.parametrize("q", ["Q2", "Q4"])
def test_status_json_golden(run, in_root, q):
    code, out, _ = run("status", "--quarter", q, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"year", "quarter", "summary", "targets", "units"}
    assert set(data["targets"][0]) >= {"id", "name", "kind", "lead", "unit", "target", "expected", "actual",
                                       "ratio", "status", "missing", "reason"}
    assert set(data["units"][0]) >= {"id", "name", "missing", "late", "must_explain", "commended",
                                     "eligibility_cancelled"}
    golden(f"status-{q}.json", out)


def test_status_csv_golden_and_same_as_json(run, in_root, tmp_path):
    code, _, _ = run("status", "-q", "Q2", "-f", "csv", "-o", tmp_path / "s.csv")
    out = (tmp_path / "s.csv").read_bytes().decode("utf-8")
    assert code == 0 and out.startswith("\ufeff") and "\r\n" in out
    golden("status-Q2.csv", out)
    rows = out.lstrip("\ufeff").split("\r\n")[1:-1]
    data = json.loads(run("status", "-q", "Q2", "-f", "json")[1])
    assert len(rows) == len(data["targets"])
    for line, t in zip(rows, data["targets"], strict=True):
        cells = line.split(",")
        assert cells[0] == t["id"] and t["status"] in cells


def test_status_table_golden_80_columns(run, in_root):
    code, out, _ = run("status", "-q", "Q2")
    assert code == 0
    cells = [sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in out.splitlines()]
    assert max(cells) <= 80
    assert "\x1b[" not in out  # plain text when not on a terminal
    golden("status-Q2.txt", out)


def test_default_is_latest_quarter(run, in_root):
    assert json.loads(run("status", "-f", "json")[1])["quarter"] == "Q4"


def test_filters_and_trend(run, in_root):
    data = json.loads(run("status", "-q", "Q2", "-f", "json", "--unit", "市交通運輸局")[1])
    assert {t["id"] for t in data["targets"]} >= {"10.1", "10.2"} and all(
        "jtj" in [t["lead"], *t["co"]] for t in data["targets"])
    data = json.loads(run("status", "-q", "Q2", "-f", "json", "--status", "behind", "--status", "seriously_behind")[1])
    assert data["targets"] and {t["status"] for t in data["targets"]} == {"behind", "seriously_behind"}
    data = json.loads(run("status", "-q", "Q2", "-f", "json", "--section", "0")[1])
    assert [t["id"][0] for t in data["targets"]] == ["H"] * 10
    data = json.loads(run("status", "-q", "Q2", "-f", "json", "--point", "S8")[1])
    assert [t["id"] for t in data["targets"]] == [f"S8.{n}" for n in range(1, 9)]
    code, out, _ = run("status", "--trend", "-q", "Q3", "--point", "10")
    assert code == 0 and "Q1" in out and "Q3" in out and "10.1" in out and "變化" in out
    assert "↑滯後→達進度" in out  # 10.1 caught up in Q3
    code, out, _ = run("status", "--trend")
    widths = [sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in out.splitlines()]
    assert code == 0 and max(widths) <= 80 and out.count("\n") > 83


def test_fail_on(run, in_root):
    assert run("status", "-q", "Q2", "--fail-on", "behind")[0] == 3
    assert run("status", "-q", "Q4", "--fail-on", "seriously_behind")[0] == 3  # not achieved is worse
    assert run("status", "-q", "Q3", "--fail-on", "seriously_behind", "--section", "0")[0] == 0


def test_usage_errors_exit_2(run, in_root):
    assert run("status", "--quarter", "Q5")[0] == 2
    assert run("status", "--format", "xml")[0] == 2
    assert run("status", "--unit", "不存在")[0] == 2
    assert run("frobnicate")[0] == 2


def test_broken_folder_is_refused_with_every_problem(run, tmp_path, plan_file):
    write(tmp_path / "r/a.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: abc\n'))
    write(tmp_path / "r/b.yaml", report("rsj", "Q1", '- target: "2.2"\n  valu: 1\n'))
    write(tmp_path / "r/c.yaml", report("tjj", "Q1", '- target: H1\n  value: 9\n'))
    for cmd in ("status", "bulletin"):
        code, out, err = run(cmd, "--plan", plan_file, "--reports", tmp_path / "r")
        assert code == 1 and out == ""
        assert "a.yaml:8:12:" in err and "b.yaml:8:5:" in err and "Traceback" not in err


def test_validate_formats(run, tmp_path, plan_file):
    p = write(tmp_path / "r.yaml", report("fgw", "Q1", '- target: "9.9"\n  value: 1\n'))
    code, out, err = run("validate", "--plan", plan_file, p)
    assert code == 1 and out.startswith(f"{p}:7:13: 錯誤 ") and "1 個錯誤" in err
    code, out, _ = run("validate", "--plan", plan_file, "--format", "github", p)
    assert out.startswith(f"::error file={p},line=7,col=13,title=unknown-target::")
    code, out, _ = run("validate", "--plan", plan_file, p, env={"GITHUB_ACTIONS": "true"})
    assert out.startswith("::error ")
    code, out, _ = run("validate", "--plan", plan_file, "--format", "json", p)
    assert json.loads(out)[0]["code"] == "unknown-target"


def test_validate_clean_prints_one_line(run, in_root, tmp_path):
    code, out, err = run("validate", "plans", "progress/2012/Q3")  # Q3's reports explain every lag
    assert code == 0 and out == "" and err.strip().count("\n") == 0 and "沒有問題" in err


def fill(form: str, date: str = "2012-07-03") -> str:
    """A form filled as a clerk fills it: something written after each colon, nothing else touched."""
    out = []
    for line in form.splitlines():
        bare = line.split("#")[0].rstrip()
        if bare.endswith("submitted:"):
            line = f"submitted: {date}"
        elif bare.endswith("value:"):
            line = bare + " 30"
        elif bare.endswith("stage:"):
            line = bare + " in_progress"
        elif bare.endswith("note:"):
            line = bare + " 已推進"
        out.append(line)
    return "\n".join(out) + "\n"


def test_template_lists_targets_and_validates_when_filled(run, tmp_path, in_root):
    out_file = tmp_path / "jtj.yaml"
    assert run("template", "--unit", "市交通運輸局", "--quarter", "Q2", "-o", out_file)[0] == 0
    text = out_file.read_text(encoding="utf-8")
    assert '"10.1"' in text and "70公里" in text and "序時進度：35公里" in text and "新建農村聯網公路" in text
    assert run("template", "--unit", "jtj", "--quarter", "Q2", "-o", out_file)[0] == 2  # refuses to overwrite: usage
    out_file.write_text(fill(text), encoding="utf-8")
    code, out, _ = run("validate", out_file)
    assert code == 0 and "錯誤" not in out and all("[unexplained-lag]" in x for x in out.splitlines()), out


def test_every_units_form_becomes_valid_by_filling_in_alone(run, tmp_path, in_root):
    units = [u["id"] for u in json.loads(run("units", "-f", "json")[1])]
    assert len(units) >= 40
    for uid in units:
        form = run("template", "--unit", uid, "--quarter", "Q2")[1]
        if "entries: []" in form:
            assert "沒有需要填報" in form  # a unit with no duty: nothing to fill, nothing asked
            continue
        path = write(tmp_path / f"{uid}.yaml", fill(form))
        code, out, _ = run("validate", path)
        assert code == 0 and "錯誤" not in out and "blank-report" not in out, (uid, out)
        blank = write(tmp_path / "blank" / f"{uid}.yaml", form)
        code, out, _ = run("validate", blank)
        assert code == 0 and out.count("\n") == 1 and "[blank-report]" in out, (uid, out)


def test_units_and_decomposition(run, in_root):
    data = json.loads(run("units", "--unit", "市統計局", "-f", "json")[1])
    assert data[0]["lead"] == ["5.11"] and {"H1", "H4a", "2.1"} <= set(data[0]["co"])  # it measures; 發改委 leads
    code, out, _ = run("decomposition")
    assert code == 0 and "| 96 | 10.1 | 年內新建農村聯網公路70公里 | 70公里 | 年內 | 市交通運輸局 | 各縣（市、區）政府 |" in out
    assert "| 81 | 8.1、8.2 | 力爭嘉興港全年貨物吞吐量超6000萬噸、集裝箱超70萬標箱 | 超6000萬噸、超70萬標箱 | 年內 |" in out
    # rows in the text's order (1.3 before 1.1), numbered 1…260 across the whole table beside their ids
    assert "| 11 | 1.3 | 探索創新要素節約集約利用方式，切實強化發展保障 | — | 持續推進 | 市國土資源局 |" in out
    # a task's goal in the plan's words, as the bulletin states it (a task whose goal is its deadline: —)
    assert "| 16 | 1.1 | 研究制定城市存量建設用地二次開發政策，千方百計盤活存量用地 | 制定二次開發政策 | 年內 |" in out
    numbers = [int(line.split("|")[1]) for line in out.splitlines() if re.match(r"\| \d+ \| ", line)]
    assert numbers == list(range(1, 261))
    assert "| | **1** | **著力加強要素保障** | | | | |" in out  # a point's heading row takes no number
    assert "## 八、切實加強政府自身建設" in out


def test_version_and_help(run):
    assert re.match(r"jxplan \d+\.\d+", run("--version")[1])
    for cmd in ("validate", "status", "bulletin", "template", "import", "schema", "decomposition", "units"):
        assert run(cmd, "-h")[0] == 0


def test_no_traceback_as_a_process(tmp_path):
    bad = write(tmp_path / "p.yaml", "version: 1\nyear: [\n")
    done = subprocess.run([sys.executable, "-m", "jxplan", "status", "--plan", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr and f"{bad}:" in done.stderr


def test_the_table_is_written_to_a_text_file_as_it_is_piped(run, in_root, tmp_path):
    code, piped, _ = run("status", "-q", "Q2")
    assert run("status", "-q", "Q2", "-o", tmp_path / "s.txt")[0] == 0
    assert run("status", "-q", "Q2", "-f", "table", "-o", tmp_path / "t.txt")[0] == 0
    written = (tmp_path / "s.txt").read_text(encoding="utf-8")
    assert written == piped == (tmp_path / "t.txt").read_text(encoding="utf-8") and "\x1b[" not in written
    assert run("units", "-o", tmp_path / "u.txt")[0] == 0 and "各單位職責" in (tmp_path / "u.txt").read_text(encoding="utf-8")


def test_the_decomposition_says_the_assignments_are_provisional_only_when_the_plan_does(run, in_root, plan_file):
    shipped = run("decomposition")[1]
    assert "原文附件2未隨通知公佈" in shipped and "依各部門職能暫定" in shipped
    # assignment_status: provisional: said in the title line, and no issuer and date under it as if
    # the government had issued the tool's assignments (the notice it quotes keeps its own)
    assert shipped.startswith("# 2012年政府工作要點責任分解方案（暫定）\n\n> 原文附件2未隨通知公佈")
    assert "2012年2月3日" not in shipped and "嘉興市人民政府  \n二〇一二年二月三日" in shipped
    html = run("decomposition", "-f", "html")[1]
    assert "<title>2012年政府工作要點責任分解方案（暫定）</title>" in html
    assert "<h1>2012年政府工作要點責任分解方案（暫定）</h1>" in html and "2012年2月3日" not in html
    # a plan whose assignments are official prints as it did: its title, then its issuer and date
    other = run("decomposition", "--plan", plan_file)[1]
    assert "附件2" not in other and "暫定" not in other and "共" in other
    assert other.startswith("# 測試計劃責任分解方案\n\n嘉興市人民政府　2012年2月3日\n")
    html = run("decomposition", "--plan", plan_file, "-f", "html")[1]
    assert "<h1>測試計劃責任分解方案</h1>" in html and "嘉興市人民政府　2012年2月3日</p>" in html
