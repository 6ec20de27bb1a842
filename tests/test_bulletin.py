"""The 督辦通報: golden files, escaping, determinism, atomic output, and a real browser's print."""

from __future__ import annotations

import os
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
    # one paragraph, as bulletins name them: the rule, then each group by name
    assert len(commended.strip().split("\n\n")) == 2 and "單位共27個，予以通報表彰。其中，" in commended  # heading, paragraph
    assert "市統計局、市農經局" in commended and "等13個單位承擔的量化指標和有完成要求的工作任務全部達到序時進度" in commended
    assert "市殘聯等14個單位承擔的持續推進的工作任務均在推進。" in commended
    assert "10.1 新建農村聯網公路（牽頭單位：市交通運輸局）" in problems and "“受梅雨影響部分路段延期開工。”" in problems
    assert "**市科技局**：14.2" in problems            # behind with no reason: must explain
    assert "未報送第二季度進度的單位：市安監局" in problems
    assert "未按時報送的單位：市環保局" in problems
    assert "年度考核" not in out


def test_q4_cancels_eligibility_for_subjective_failure(run, in_root):
    out = run("bulletin", "-q", "Q4")[1]
    review = out.split("## 四、年度考核")[1].split("## 五、")[0]
    assert "按規定取消其2012年度評優評先資格" in review and "並按程序追究有關領導責任" in review
    assert "**市建委**：11.2 老舊小區改造" in review and "**市規劃局**：20.1" in review
    assert "市統計局" not in review.split("取消")[1]    # objective reasons keep eligibility


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
    from jxplan import output

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
    assert run("bulletin", "-q", "Q2", "--template-dir", tmp_path / "t")[1] == "嘉興市人民政府督查室|Q2|27\n"
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
    assert "2.5 啟動工程（牽頭單位：市發改委）：完成時限上半年（市政府督查室確定），應已完成，實際仍在推進，滯後。" in out
    decomposition = run("decomposition", "--plan", plan_file)[1]
    assert "| 7 | 2.5 | 啟動工程 | — | 上半年（市政府督查室確定） | 市發改委 |" in decomposition
    assert "註明「市政府督查室確定」的時限不是原文所定" in decomposition


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
    line = next(x for x in text.splitlines() if "2.4 騰退用地" in x and "未完成" in x)
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
    line = next(x for x in out.splitlines() if "2.4 騰退用地" in x and "未完成" in x)
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
    assert masthead[0] == "紹興市人民政府督查室" and masthead[2] == "第4期\t紹政督〔2013〕4號\t2013年1月5日"


def test_the_year_end_bulletin_speaks_of_a_year_that_is_over(run, in_root):
    out = run("bulletin", "-q", "Q4")[1]
    assert "未完成任務的責任單位均已說明原因。" in out and "滯後任務的責任單位" not in out
    assert "確保2013年各項工作開好局、起好步" in out and "對未完成的任務，市政府督查室將跟蹤督促整改" in out
    assert "每季度末按時書面報送" not in out.split("下一步工作要求")[1]  # no quarterly duty for a finished year
    q2 = run("bulletin", "-q", "Q2")[1]
    assert "四是各單位要在每季度末按時書面報送工作進展情況。" in q2


def test_status_colours_are_for_the_screen_the_printed_page_is_black(run, in_root):
    html = run("bulletin", "-q", "Q2", "-f", "html")[1]
    screen = html.split("@media screen {", 1)[1].split("}\n}", 1)[0]
    assert ".st-behind { color: var(--yellow); }" in screen
    outside = html.replace(screen, "")
    assert "var(--yellow)" not in outside and "var(--green)" not in outside  # print: black text, red masthead only


def test_quotation_marks_inside_a_quotation_are_single(run, in_root):
    out = run("bulletin", "-q", "Q2")[1]
    assert "說明（客觀原因）：“光伏等新興產業受歐美‘雙反’調查影響，產值大幅下滑。”" in out
