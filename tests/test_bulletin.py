"""The 督辦通報: golden files, escaping, determinism, atomic output, and a real browser's print."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, report, write
from test_cli import golden


@pytest.mark.parametrize("q", ["Q2", "Q4"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_bulletin_golden(run, in_root, q, fmt):
    code, out, _ = run("bulletin", "--quarter", q, "--format", fmt)
    assert code == 0
    golden(f"bulletin-{q}.{fmt}", out)


def test_q2_names_everyone_where_they_belong(run, in_root):
    out = run("bulletin", "-q", "Q2")[1]
    assert "關於2012年政府工作要點上半年落實情況的通報" in out
    assert "各縣（市、區）人民政府，市政府各部門、直屬各單位：" in out
    commended = out.split("## 二、")[1].split("## 三、")[0]
    problems = out.split("## 三、")[1].split("## 四、")[0]
    assert "市農經局" in commended and "市交通運輸局" not in commended and "市發改委" not in commended
    # 通報表揚 (never 表彰) for figures and end-states on pace, those ahead first, in one paragraph;
    # units with open-ended duties only are said among the counts (一、), without praise
    heading, praise = commended.strip().split("\n\n")
    overall = out.split("## 一、")[1].split("## 二、")[0]
    assert "單位共14個，予以通報表揚。其中，市人力社保局提前完成了部分年度目標；市統計局、市農經局" in praise
    assert "全部達到序時進度（年末考核的指標除外）" in praise  # 市人力社保局's 24.3 waits for the year's end
    ongoing = ("市水利局、市國資委、市金融辦、市食品藥品監管局、市公安局、市信訪局、市法制辦、市監察局、市司法局、"
               "市委政法委、市文明辦、市城管執法局、市工商局、市殘聯等14個單位按時報送，承擔的持續推進的工作任務均在推進。")
    assert "表彰" not in out and ongoing in overall and ongoing not in commended
    # a task by its name, never its id; a level reached at the year's end is not behind in June
    assert "- 新建農村聯網公路（第一責任單位：市交通運輸局）" in problems  # the plan's own word for its leads and "“受梅雨影響部分路段延期開工。”" in problems
    assert "培育百億以上產業集群" not in problems and "失業保險參保人數" not in problems
    assert "**市科技局**：引進“兩創”領軍人才項目" in problems            # behind with no reason: must explain
    assert "未報送第二季度進度的單位：市安監局" in problems
    assert "未按時報送的單位：市環保局" in problems
    assert "年度考核" not in out
    sentences = [x for x in out.split("## 附件")[0].splitlines() if not x.startswith("|")]  # the tables keep 編號
    assert not [x for x in sentences if re.search(r"\b(H\d+[ab]?|S?\d+\.\d+)\b", x)]  # no id inside a sentence


def test_q4_proposes_what_the_rules_set_and_leaves_the_decision(run, in_root):
    out = run("bulletin", "-q", "Q4")[1]
    review = out.split("## 四、年度考核情況及建議")[1].split("## 五、")[0]
    # the office reports and proposes (bulletin-notes.md, Authority): 建議…報市政府研究決定
    assert "建議按規定取消其2012年度評優評先資格，並按程序追究有關領導責任，報市政府研究決定：" in review
    assert "**市建委**：老舊小區改造（“" in review and "**市規劃局**：歷史文化名城保護規劃編制（“" in review
    assert "市統計局" not in review.split("取消")[1]    # objective reasons keep eligibility
    # the year's praise never contradicts the year's earlier bulletins: 市安監局 (未報送 at Q2) and
    # 市政府辦公室 (未啟動, 未說明原因 at Q2) are said with what changed, never praised for the year
    commended = out.split("## 二、")[1].split("## 三、")[0]
    praise, improved = commended.strip().split("\n\n")[1:]
    assert "市安監局" not in praise and "市政府辦公室" not in praise
    assert "市安監局" in improved and "市政府辦公室" in improved and "經督促整改" in improved


def test_markup_in_reports_is_escaped(run, tmp_path, plan_file):
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)> | **x**'
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q2", f'- target: "2.1"\n  value: 5\n  reason: {{kind: objective, text: "{evil}"}}\n'))
    html = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q2", "-f", "html")[1]
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    md = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q2", "-f", "md")[1]
    assert "<script>" not in md and "<img" not in md and "&lt;script&gt;" in md


def test_deterministic(run, in_root, tmp_path):
    a = run("bulletin", "-q", "Q2", "-f", "html")[1]
    # the same reports, copied in another order into another folder, give the same bytes
    copy = tmp_path / "copy"
    for p in sorted((ROOT / "progress").rglob("*.yaml"), reverse=True):
        target = copy / p.name.upper() / p.relative_to(ROOT / "progress")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(p, target)
    b = run("bulletin", "-q", "Q2", "-f", "html", "--reports", copy)[1]
    assert a == b


def test_options_and_atomic_output(run, in_root, tmp_path):
    out = tmp_path / "b.html"
    assert run("bulletin", "-q", "Q2", "-f", "html", "-o", out, "--number", "嘉政督〔2012〕9號",
               "--issue-no", "7", "--date", "2012-07-10")[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "嘉政督〔2012〕9號" in text and "第7期" in text and "2012年7月10日" in text
    out.write_text("old", encoding="utf-8")
    assert run("bulletin", "-q", "Q2", "-o", out)[0] == 2 and out.read_text(encoding="utf-8") == "old"  # usage
    assert run("bulletin", "-q", "Q2", "-o", out, "--force")[0] == 0 and out.read_text(encoding="utf-8") != "old"
    assert [p.name for p in tmp_path.iterdir()] == ["b.html"]  # no temporary file left
    assert run("bulletin", "-q", "Q2", "--date", "2012-13-01")[0] == 2


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    from jxplan.core import output

    target = tmp_path / "b.md"
    target.write_text("old", encoding="utf-8")

    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", boom)
    with pytest.raises(output.OutputError):
        output.write_atomic(target, "new" * 1000, force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["b.md"]


def test_custom_template_dir_and_strict_undefined(run, in_root, tmp_path):
    write(tmp_path / "t/bulletin.md.j2", "{{ plan.office }}|{{ quarter }}|{{ commended | length }}\n")
    assert run("bulletin", "-q", "Q2", "--template-dir", tmp_path / "t")[1] == "嘉興市人民政府督查室|Q2|14\n"
    write(tmp_path / "t/bulletin.md.j2", "{{ no_such_field }}\n")
    code, out, err = run("bulletin", "-q", "Q2", "--template-dir", tmp_path / "t")
    assert code == 1 and "no_such_field" in err and out == ""


def test_decomposition_html(run, in_root):
    html = run("decomposition", "-f", "html")[1]
    assert "責任分解方案" in html and "市交通運輸局" in html and "<script" not in html


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_prints_on_a4_in_a_real_browser(run, in_root, tmp_path):
    browser = _chromium()
    if not browser or not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium and poppler-utils (.ci/run installs them)")
        pytest.skip("chromium or pdftotext not installed (apt-get install chromium fonts-noto-cjk poppler-utils)")
    html = tmp_path / "b.html"
    assert run("bulletin", "-q", "Q2", "-f", "html", "-o", html)[0] == 0
    pdf = tmp_path / "b.pdf"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", html.as_uri()],
                   capture_output=True, timeout=120, check=False)
    assert pdf.exists() and pdf.stat().st_size > 10_000
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info  # 594.96 x 841.92 pts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "關於2012年政府工作要點上半年落實情況的通報" in flat
    assert "市發改委" in flat                   # a commended unit
    assert "新建農村聯網公路" in flat and "市交通運輸局" in flat  # a lagging target and its unit
    assert "—1—" in flat                          # page number


@pytest.mark.slow
def test_killed_mid_write_leaves_old_or_new_file_whole(tmp_path, in_root):
    """SIGKILL a writing process at many moments: the file is always the old one or the new one."""
    import signal
    import sys
    import time

    target = tmp_path / "b.html"
    target.write_text("old", encoding="utf-8")
    new = subprocess.run([sys.executable, "-m", "jxplan", "bulletin", "-q", "Q4", "-f", "html"],
                         capture_output=True, text=True, cwd=ROOT).stdout
    for delay in [0.05 * i for i in range(1, 12)]:
        proc = subprocess.Popen([sys.executable, "-m", "jxplan", "bulletin", "-q", "Q4", "-f", "html",
                                 "-o", str(target), "--force"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert target.read_text(encoding="utf-8") in ("old", new)
        target.write_text("old", encoding="utf-8")


def test_an_office_deadline_is_shown_as_the_offices(run, tmp_path, plan_file):
    # 2.5 of the small plan is due Q2 by the office's choice (due_set_by: office)
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q2", '- target: "2.5"\n  stage: in_progress\n'))
    out = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q2")[1]
    assert "- 啟動工程（牽頭單位：市發改委）：完成時限上半年（市政府督查室確定），應已完成，實際仍在推進，滯後。" in out
    decomposition = run("decomposition", "--plan", plan_file)[1]
    assert "| 7 | 2.5 | 啟動工程 | — | 上半年（市政府督查室確定） | 市發改委 |" in decomposition
    assert "註明“市政府督查室確定”的時限不是原文所定" in decomposition


@pytest.mark.parametrize("q", ["Q2", "Q4"])
def test_each_level_of_numbering_is_its_own(run, in_root, q):
    # GB/T 9704: 一、 then （一）; a plan part's own 五、 inside 三、存在的問題 read as a second 五、 beside the
    # bulletin's 五、下一步工作要求, and a 1．2．… of our own did not match the annex's 一、二、…: the parts are named
    import re

    out = run("bulletin", "-q", q)[1]
    top = re.findall(r"^## ([一二三四五六七八九十]+)、", out, re.M)
    assert top == list("一二三四五"[:len(top)]) and len(top) >= 4
    body = out[out.index("## 三、"):out.index("## 四、")]
    groups = re.findall(r"^\*\*(.+)\*\*$", body, re.M)
    assert "主要預期目標" in groups and "全面深化改革開放" in groups
    assert not any(re.match(r"[一二三四五六七八九十\d]+[、．.]", g) for g in groups)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_a_breakdown_units_reason_is_quoted_as_its_own_never_as_the_leads(run, tmp_path, plan_file, fmt):
    # 2.4: 8000 畝, 南湖區 5000 and 秀洲區 3000; Q4 expects all. 南湖區 sends 3000 (未完成) with a
    # subjective reason, 秀洲區 3000 (achieved), 市發改委 (the lead) says nothing: 6000 / 8000 is not achieved.
    write(tmp_path / "r/nhq.yaml", report("nhq", "Q4", '- target: "2.4"\n  value: 3000\n'
                                          '  reason: {kind: subjective, text: 拆遷工作推進不力}\n'))
    write(tmp_path / "r/xzq.yaml", report("xzq", "Q4", '- target: "2.4"\n  value: 3000\n'))
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q4", '- target: "2.1"\n  value: 11\n'))
    out = tmp_path / f"b.{fmt}"
    code, _, _ = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q4", "-f", fmt, "-o", out)
    assert code == 0
    if fmt == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    else:
        text = out.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "騰退用地（牽頭單位" in x and "未完成" in x)
    assert "市發改委未說明原因。南湖區的分解任務未完成，說明（主觀原因）：“拆遷工作推進不力”。" in line
    assert "市發改委說明" not in text  # the county's words are never put in the lead's mouth
    review = text.split("年度考核")[1]
    assert "南湖區" in review and "拆遷工作推進不力" in review  # the county loses eligibility, quoted as its own


def test_the_lead_of_a_broken_down_target_explains_the_total_from_its_own_form(run, tmp_path, plan_file):
    # fgw leads 2.4 (broken down to 南湖區 and 秀洲區): its form gives it the reason cells, and its reason counts
    import datetime as dt

    import openpyxl

    code, _, _ = run("template", "--plan", plan_file, "-u", "fgw", "-q", "Q4", "-o", tmp_path / "fgw.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "fgw.xlsx")
    ws = wb["進度報告"]
    r = next(r for r in range(6, 20) if ws.cell(r, 1).value == "2.4")
    assert not ws.cell(r, 8).protection.locked and not ws.cell(r, 9).protection.locked and ws.cell(r, 6).protection.locked
    ws.cell(r, 8).value, ws.cell(r, 9).value = "客觀", "南湖區徵遷受阻"
    ws["H2"].value = dt.date(2013, 1, 4)
    (tmp_path / "r").mkdir()
    wb.save(tmp_path / "r/fgw.xlsx")
    write(tmp_path / "r/nhq.yaml", report("nhq", "Q4", '- target: "2.4"\n  value: 3000\n'))
    write(tmp_path / "r/xzq.yaml", report("xzq", "Q4", '- target: "2.4"\n  value: 3000\n'))
    out = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q4")[1]
    line = next(x for x in out.splitlines() if "騰退用地（牽頭單位" in x and "未完成" in x)
    assert "市發改委說明（客觀原因）：“南湖區徵遷受阻”" in line and "南湖區的分解任務未完成，未說明原因。" in line
    unexplained = out.split("未說明原因的單位")[1].split("###")[0]
    assert "市發改委" not in unexplained and "南湖區" in unexplained


def test_a_bulletin_is_never_dated_before_a_report_it_quotes(run, in_root):
    # 市環保局 sent its Q2 report on 2012-07-09, after the due date (07-05)
    out = run("bulletin", "-q", "Q2")[1]
    assert "第2期　2012年7月9日" in out
    code, out, err = run("bulletin", "-q", "Q2", "--date", "2012-07-06")
    assert code == 2 and out == "" and "早於通報所依據的報告（最晚一份報送於 2012-07-09）" in err
    assert run("bulletin", "-q", "Q2", "--date", "2012-07-10")[0] == 0


def test_the_bulletins_number_takes_the_year_of_its_date_and_the_plans_own_code(run, tmp_path, plan_file):
    from docx import Document

    write(tmp_path / "r/fgw.yaml", report("fgw", "Q4", '- target: "2.1"\n  value: 11\n', submitted="2013-01-04"))
    out = tmp_path / "b.docx"
    assert run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q4", "-o", out)[0] == 0
    masthead = [p.text for p in Document(out).paragraphs][:3]
    assert masthead[0] == "嘉興市人民政府督查室" and masthead[2] == "第4期\t\t2013年1月5日"  # no code: no number
    coded = write(tmp_path / "p2.yaml", plan_file.read_text(encoding="utf-8").replace(
        "issuer: 嘉興市人民政府", "issuer: 紹興市人民政府\noffice_code: 紹政督"))
    assert run("bulletin", "--plan", coded, "--reports", tmp_path / "r", "-q", "Q4", "-o", out, "--force")[0] == 0
    masthead = [p.text for p in Document(out).paragraphs][:3]
    # numbered in the plan year's series by default: the 2012 plan's year-end bulletin is 〔2012〕4號 though
    # dated January 2013 (bulletin-notes.md, Numbers)
    assert masthead[0] == "紹興市人民政府督查室" and masthead[2] == "第4期\t紹政督〔2012〕4號\t2013年1月5日"
    calendar = write(tmp_path / "p3.yaml", coded.read_text(encoding="utf-8").replace(
        "office_code: 紹政督", "office_code: 紹政督\nbulletins: {numbering: calendar_year}"))
    md = run("bulletin", "--plan", calendar, "--reports", tmp_path / "r", "-q", "Q4")[1]
    assert "第1期　2013年1月5日" in md and "紹政督〔2013〕1號" in md  # the first of 2013's series
    md = run("bulletin", "--plan", calendar, "--reports", tmp_path / "r", "-q", "Q4", "--number", "紹政督〔2013〕7號")[1]
    assert "紹政督〔2013〕7號" in md and "〔2013〕1號" not in md


def test_the_year_end_bulletin_speaks_of_a_year_that_is_over(run, in_root):
    out = run("bulletin", "-q", "Q4")[1]
    assert "未說明原因的單位" not in out and "滯後任務" not in out  # an empty part is left out, never said empty
    assert "確保2013年各項工作開好局、起好步" in out and "對未完成的任務，市政府督查室將跟蹤督促整改" in out
    assert "按時書面報送" not in out.split("下一步工作要求")[1]  # no quarterly duty for a finished year
    q2 = run("bulletin", "-q", "Q2")[1]
    # the next report by its deadline (the plan's reporting.Q3), never Jiaxing's notice's 每季度末 as jxplan's own words
    assert "四是各單位要在2012年10月8日前按時書面報送第三季度工作進展情況。" in q2


def test_status_colours_are_for_the_screen_the_printed_page_is_black(run, in_root):
    html = run("bulletin", "-q", "Q2", "-f", "html")[1]
    screen = html.split("@media screen {", 1)[1].split("}\n}", 1)[0]
    assert ".st-behind { color: var(--yellow); }" in screen
    outside = html.replace(screen, "")
    assert "var(--yellow)" not in outside and "var(--green)" not in outside  # print: black text, red masthead only


def test_quotation_marks_inside_a_quotation_are_single(run, in_root):
    out = run("bulletin", "-q", "Q2")[1]
    assert "說明（客觀原因）：“光伏等新興產業受歐美‘雙反’調查影響，產值大幅下滑。”" in out


# ---- what an editor checks before a bulletin goes out (bulletin-notes.md) -------------------

PLACEHOLDERS = re.compile(r"……|XX|ＸＸ|〔〕|〔\s*〕|年\s*月\s*日印發|抄送：\s*$", re.M)


@pytest.mark.parametrize("q", ["Q1", "Q2", "Q3", "Q4"])
@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_nothing_is_left_to_fill_in_and_no_software_word(run, in_root, q, fmt, script):
    code, out, _ = run("bulletin", "-q", q, "-f", fmt, "--script", script)
    assert code == 0 and not PLACEHOLDERS.search(out), PLACEHOLDERS.search(out)
    words = re.sub(r'class="[^"]*"|<style>.*?</style>', "", out, flags=re.S)  # what a reader sees, not the markup's names
    assert not re.search("里程碑|milestone|on_track|not_reported|pending", words)
    # 印發日期 is the 成文日期 by default, and the 版記 names who prints it
    date = re.search(r"(\d{4}年\d{1,2}月\d{1,2}日)", out).group(1)
    assert f"{date}印發" in out or f"{date}印发" in out


def test_the_office_settings_make_the_heading_and_the_imprint(run, tmp_path, plan_file):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q2", '- target: "2.1"\n  value: 11\n'))
    plain = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q2")[1]
    assert "抄送" not in plain  # no 抄送 set: the line is left out, never a blank
    assert "嘉興市人民政府督查室　2012年7月5日印發" in plain  # 印發機關: the office; 印發日期: the 成文日期
    set_ = write(tmp_path / "p.yaml", plan_file.read_text(encoding="utf-8").replace(
        "issued: 2012-02-03", "issued: 2012-02-03\nnotice: {addressees: 各縣（市、區）人民政府：}\n"
        "bulletins: {addressees: 各區人民政府，市直各單位, cc: [市委辦公室, 市人大常委會辦公室], printed_by: 嘉興市人民政府辦公室}"))
    out = run("bulletin", "--plan", set_, "--reports", tmp_path / "r", "-q", "Q2")[1]
    assert "\n各區人民政府，市直各單位：\n" in out  # the office's 主送 over the notice's, with its colon
    assert "抄送：市委辦公室，市人大常委會辦公室。" in out and "嘉興市人民政府辦公室　2012年7月5日印發" in out
    notice_only = write(tmp_path / "p2.yaml", plan_file.read_text(encoding="utf-8").replace(
        "issued: 2012-02-03", "issued: 2012-02-03\nnotice: {addressees: 各縣（市、區）人民政府：}"))
    out = run("bulletin", "--plan", notice_only, "--reports", tmp_path / "r", "-q", "Q2")[1]
    assert "\n各縣（市、區）人民政府：\n" in out and "市政府各部門、直屬各單位" not in out  # the notice's own, never Jiaxing's


def test_judgements_a_reader_accepts(run, in_root):
    out = run("bulletin", "-q", "Q2")[1]
    rows = {r.split("|")[1].strip(): [c.strip() for c in r.split("|")[1:-1]]
            for r in out.split("## 附件")[1].splitlines() if r.startswith("| ") and r.split("|")[1].strip()}
    # a level reached by the year's end: 年末考核 in June, never 滯後 (5.4: 7 of 8 clusters)
    assert rows["5.4"][4:] == ["—", "7個", "—", "年末考核"] and rows["24.3"][-1] == "年末考核"
    # an about-figure expects its own figure; the tolerance widens the judgement only
    assert rows["6.1"][3:5] == ["8000畝左右", "4000畝"] and rows["H6"][3:5] == ["4%左右", "4%"]
    # a ceiling is held or exceeded, never "131% done"
    assert rows["H6"][6] == "控制在目標以內" and rows["H7b"][6] == "控制在目標以內"  # 3.2% under 4%左右: under the figure itself
    # the percentage is the printed figures': 8 of 8 is 100%, 39 of 37 is 105%
    assert rows["7.2"][3:7] == ["15個", "8個", "8個", "100%"] and rows["10.2"][3:7] == ["73座", "37座", "39座", "105%"]
    # every count sentence counts what was not reported, and what waits for the year's end
    assert "主要預期目標10項中，8項達到序時進度，佔80.0%；未達到序時進度2項。" in out
    assert "未報送1項。" in out and "年末考核2項" in out


def test_a_mistyped_year_is_never_a_bulletins_date(run, tmp_path):
    # 市發改委's Q3 report says 2013-10-08 for 2012-10-08: validate warns, the bulletin will not take it
    root = tmp_path / "o"
    shutil.copytree(ROOT / "progress", root / "progress")
    shutil.copytree(ROOT / "plans", root / "plans")
    fgw = root / "progress/2012/Q3/fgw.yaml"
    fgw.write_text(re.sub(r"submitted: 2012-10-\d\d", "submitted: 2013-10-08", fgw.read_text(encoding="utf-8")),
                   encoding="utf-8")
    code, out, _ = run("validate", "progress", cwd=root)
    assert code == 0 and "可能是年份寫錯（是否應為 2012-10-08？）" in out and "[far-late]" in out
    code, out, err = run("bulletin", "-q", "Q3", cwd=root)
    assert code == 1 and out == "" and "用 --date 指定成文日期" in err and "fgw.yaml:" in err
    code, out, err = run("bulletin", "-q", "Q3", "--date", "2012-10-12", cwd=root)
    assert code == 0 and "2012年10月12日" in out and "〔2012〕3號" in out and "2013" not in out.split("# ")[0]


def test_empty_parts_are_left_out_and_the_numbers_run_on(run, tmp_path, plan_file):
    # one unit reports one figure, on time and on pace, but leaves its other targets out, and the
    # others send nothing: nobody to praise, nothing behind, nothing unexplained. Those parts are
    # left out, never printed with a line saying there are none; the numbers run on.
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    out = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q1")[1]
    heads = re.findall(r"^#{2,3} (.+)$", out, re.M)
    assert heads == ["一、總體情況", "二、存在的問題", "（一）報送情況", "三、下一步工作要求", "附件"]
    assert "沒有" not in out and "對照序時進度，繼續抓好各項任務的落實" in out
