"""Excel in and out (issue 9): the form jxplan writes, filled through openpyxl as a
clerk's Excel saves it, is read exactly as the equivalent YAML report; every broken
workbook gets one line with its cell; the status table as a workbook.

The small plan (conftest) at Q2, hand-computed:
  H6  CPI at most 4 ± 0.2: E = 4.2, A = 3.9, E/A ≥ 1             -> on_track
  2.1 rate 10: A = 9, r = 0.9                                     -> behind (objective reason)
  2.2 cumulative 6 萬人, E = 3: "3萬" (the target's base unit) = 3 -> on_track
  2.3 cumulative 6000 萬噸, E = 3000: "0.32億噸" = 3200, r = 1.067 -> on_track
  2.4 8000 畝 − 400, E = 3800: only 南湖區 reported 2000, r = 0.53 -> seriously_behind;
      南湖區's share 5000, E = 2500, r = 0.8 exactly               -> behind
  2.5 milestone due Q2: 推進中, one stage short of done           -> behind (subjective reason)
  5.10 schedule Q2 0.4, E = 40: A = 30, r = 0.75 < 0.8            -> seriously_behind
  H1  nobody reported                                            -> not_reported
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from conftest import report, write
from jxplan import read as sources
from jxplan.check.pipeline import open_plan, open_workspace
from jxplan.render.workbook import form_workbook
from jxplan.judge.status import compute

EXPECTED = {"H1": "not_reported", "H6": "on_track", "2.1": "behind", "2.2": "on_track", "2.3": "on_track",
            "2.4": "seriously_behind", "2.5": "behind", "5.10": "seriously_behind"}

FILLED = {  # what each unit writes in its workbook, by target and heading
    "fgw": {"H6": {"累計完成": 3.9}, "2.1": {"累計完成": 9, "原因類別": "客觀", "原因說明": "受外需影響"},
            "2.3": {"累計完成": "0.32億噸"}, "2.5": {"進度階段": "推進中", "原因類別": "主觀", "原因說明": "前期工作拖延"},
            "5.10": {"累計完成": 30}, "2.4": {"備注": "已分解到南湖區、秀洲區"}},
    "rsj": {"2.2": {"累計完成": "3萬"}},
    "nhq": {"2.4": {"累計完成": 2000, "備注": "南湖區騰退用地"}},
}
SAME_IN_YAML = {
    "fgw.yaml": report("fgw", "Q2", '''
        - {target: H6, value: 3.9}
        - {target: "2.1", value: 9, reason: {kind: objective, text: 受外需影響}}
        - {target: "2.3", value: "0.32億噸"}
        - {target: "2.5", stage: in_progress, reason: {kind: subjective, text: 前期工作拖延}}
        - {target: "5.10", value: 30}
        - {target: "2.4", note: 已分解到南湖區、秀洲區}
    ''', submitted="2012-07-03"),
    "rsj.yaml": report("rsj", "Q2", '- {target: "2.2", value: "3萬"}', submitted="2012-07-03"),
    "nhq.yaml": report("nhq", "Q2", '- {target: "2.4", value: 2000, note: 南湖區騰退用地}', submitted="2012-07-03"),
}


def blank_form(plan_file, uid: str, quarter: str = "Q2") -> bytes:
    return form_workbook(open_plan(plan_file).index, uid, quarter)


def fill(data: bytes, rows: dict, submitted=dt.date(2012, 7, 3), edit=None, words=lambda text: text) -> bytes:
    """Fill a form through openpyxl, as a clerk's Excel saves it: rows found by 編號,
    columns by their headings, the date right of its label (``words``: in the form's script)."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[words("進度報告")]
    heads = {c.value: c.column for c in ws[5] if c.value}
    ids = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value}
    label = next(c for row in ws.iter_rows(max_row=4) for c in row if c.value == words("報送日期"))
    ws.cell(label.row, label.column + 1).value = submitted
    for tid, fields in rows.items():
        for heading, value in fields.items():
            ws.cell(ids[tid], heads[words(heading)]).value = words(value) if isinstance(value, str) else value
    if edit:
        edit(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def statuses(ws, q="Q2"):
    assert ws.ok, [str(p) for p in ws.problems]
    result = compute(ws.index, ws.reports, q)
    return {t.id: t.status for t in result.targets}, {u.id: (u.missing, u.must_explain, u.commended)
                                                      for u in result.units}


def problems_of(data: bytes, plan_file, name="r.xlsx"):
    from jxplan.check.plans import load_plan
    from jxplan.check.reports import report_outcome

    pl = load_plan(plan_file)
    return [str(p).split(": ", 1)[1] for p in report_outcome(name, data, pl.plan, pl.index).problems]


def one(data: bytes, name="r.xlsx"):
    doc, problems = sources.parse(data, name)
    return doc, problems


# ---- the form ---------------------------------------------------------------------------------

def test_the_form_lists_what_the_yaml_form_lists_with_the_same_figures(plan_file, run):
    wb = openpyxl.load_workbook(io.BytesIO(blank_form(plan_file, "fgw")))
    assert wb.sheetnames == ["進度報告", "說明"]
    ws = wb["進度報告"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_col=5)]
    assert rows[0] == ["編號", "指標", "年度目標", "本季序時進度", "單位"]
    # the annual figure in the text's words (4%左右: at most 4 with a tolerance; 超: above);
    # expected: H6 its own figure, 4 (the 左右 band only widens the judgement); 2.3: 6000 × 0.5; 5.10: 100 × 0.4
    # (its schedule); 2.5 due in Q2, its goal in its deadline's words (the plan gives none of its own)
    assert rows[1:6] == [["H6", "居民消費價格漲幅", "4%左右", 4, "%"], ["2.1", "固定資產投資增長", "10%", 10, "%"],
                         ["2.3", "港口吞吐量", "超6000萬噸", 3000, "萬噸"], ["2.5", "啟動工程", "上半年完成", "應已完成", None],
                         ["5.10", "編號測試", "100個", 40, "個"]]
    # 2.4 is fgw's, broken down to the counties: no figure, but the reason for the total is fgw's to give
    assert rows[6][:2] == ["2.4", "騰退用地（牽頭單位；已分解到各單位，由分解單位填數；總數滯後時填原因）"]
    yaml_form = run("template", "--plan", plan_file, "--unit", "fgw", "--quarter", "Q2")[1]
    for figure in ("序時進度：4%", "序時進度：3000萬噸", "序時進度：40個", "應達階段：已完成"):
        assert figure in yaml_form
    assert '已分解到各單位，由分解單位填數；本單位是牽頭單位，總數滯後時寫明原因（reason）\n  - target: "2.4"\n    note:\n' \
        '    reason:\n      kind:\n      text:\n' in yaml_form
    tjj = [[c.value for c in row] for row in openpyxl.load_workbook(io.BytesIO(blank_form(plan_file, "tjj")))[
        "進度報告"].iter_rows(min_row=6, max_col=2)]
    assert tjj[1] == [None, "以下目標本單位是責任單位：由牽頭單位填數，本單位只填「備注」"] and tjj[2][1] == "固定資產投資增長（責任單位；牽頭單位：市發改委）"
    nhq = openpyxl.load_workbook(io.BytesIO(blank_form(plan_file, "nhq")))["進度報告"]
    assert [c.value for c in nhq[6]][:5] == ["2.4", "騰退用地（分解任務；全市目標 8000畝）", 5000, 2500, "畝"]


def test_only_the_cells_to_fill_are_unlocked_and_the_choices_are_in_chinese(plan_file):
    ws = openpyxl.load_workbook(io.BytesIO(blank_form(plan_file, "fgw")))["進度報告"]
    assert ws.protection.sheet and not ws.protection.password
    unlocked = {c.coordinate for row in ws.iter_rows(max_row=20, max_col=12) for c in row if not c.protection.locked}
    # H2 the date; rows 6-10 report (F value or G stage, H, I, J); row 11 (2.4, broken down) the reason and note
    assert unlocked == {"H2"} | {f"{c}{r}" for r in (6, 7, 8, 10) for c in "FHIJ"} | {"G9", "H9", "I9", "J9"} \
        | {"H11", "I11", "J11"}
    by_type = {dv.type: dv for dv in ws.data_validations.dataValidation}
    lists = sorted(dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list")
    assert lists == ['"客觀,主觀"', '"未啟動,推進中,已完成"']
    assert by_type["decimal"].errorStyle == "warning"  # 1.2萬畝 may be kept; jxplan converts it
    assert str(by_type["date"].sqref) == "H2" and str(by_type["list"].sqref) in ("G9", "H6 H7 H8 H9 H10 H11")
    assert sorted(str(by_type["decimal"].sqref).split()) == ["F10", "F6", "F7", "F8"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.print_title_rows == "$5:$5" and ws.freeze_panes == "C6"


def test_template_command_chooses_the_format_by_suffix_and_never_clobbers(plan_file, run, tmp_path):
    out = tmp_path / "市發改委-2012Q2.xlsx"
    code, _, err = run("template", "--plan", plan_file, "--unit", "市發改委", "-q", "Q2", "-o", out)
    assert code == 0 and zipfile.is_zipfile(out)
    assert run("template", "--plan", plan_file, "--unit", "fgw", "-q", "Q2", "-o", out)[0] == 2
    assert run("template", "--plan", plan_file, "--unit", "fgw", "-q", "Q2", "-o", out, "--force")[0] == 0
    assert run("template", "--plan", plan_file, "--unit", "fgw", "-q", "Q2", "-f", "xlsx")[0] == 2  # no -o
    code, _, _ = run("template", "--plan", plan_file, "--unit", "fgw", "-q", "Q2", "-f", "xlsx", "-o", tmp_path / "f")
    assert code == 0 and zipfile.is_zipfile(tmp_path / "f")
    assert run("template", "--plan", plan_file, "--unit", "fgw", "-q", "Q2", "-o", tmp_path / "f.yaml")[0] == 0
    assert (tmp_path / "f.yaml").read_text(encoding="utf-8").startswith("# 市發改委")


# ---- the same statuses from workbooks, from YAML, and after import -----------------------------

def test_filled_workbooks_give_the_statuses_of_the_same_yaml_and_of_their_import(plan_file, tmp_path, run):
    books = tmp_path / "books"
    books.mkdir()
    for uid, rows in FILLED.items():
        (books / f"{uid}-2012Q2.xlsx").write_bytes(fill(blank_form(plan_file, uid), rows))
    (books / "tjj-2012Q2.xlsx").write_bytes(blank_form(plan_file, "tjj"))  # sent back blank: no report
    from_books = statuses(open_workspace(plan_file, books))
    assert from_books[0] == EXPECTED
    assert from_books[1]["xzq"] == (True, False, False) and from_books[1]["rsj"] == (False, False, True)
    assert from_books[1]["fgw"] == (False, True, False) and from_books[1]["nhq"] == (False, True, False)

    yaml_dir = tmp_path / "yaml"
    for name, text in SAME_IN_YAML.items():
        write(yaml_dir / name, text)
    assert statuses(open_workspace(plan_file, yaml_dir)) == from_books

    imported = tmp_path / "progress"
    imported.mkdir()
    code, _, err = run("import", "--plan", plan_file, "-o", imported, *(books / f"{u}-2012Q2.xlsx" for u in FILLED))
    assert code == 0, err
    assert sorted(p.relative_to(imported).as_posix() for p in imported.rglob("*.yaml")) == \
        ["2012/Q2/fgw.yaml", "2012/Q2/nhq.yaml", "2012/Q2/rsj.yaml"]
    assert statuses(open_workspace(plan_file, imported)) == from_books
    fgw = (imported / "2012/Q2/fgw.yaml").read_text(encoding="utf-8")
    assert "value: 3200  # 原填：0.32億噸" in fgw and "stage: in_progress" in fgw and "kind: subjective" in fgw
    # every cell's text and reason survived: the bulletin quotes them
    yaml_result = compute(*(lambda w: (w.index, w.reports))(open_workspace(plan_file, imported)), "Q2")
    assert {t.id: (t.reason.text if t.reason else None) for t in yaml_result.targets}["2.1"] == "受外需影響"


def _strings(data: bytes) -> str:
    """Every word a workbook shows: sheet names, cells, drop-down lists and their messages, headers."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = [wb.properties.title or ""]
    for ws in wb.worksheets:
        out.append(ws.title)
        out += [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        out += [getattr(dv, a) or "" for dv in ws.data_validations.dataValidation
                for a in ("formula1", "error", "errorTitle", "prompt", "promptTitle")]
        out += [ws.oddHeader.center.text or "", ws.oddFooter.center.text or ""]
    return "\n".join(out)


def test_a_form_in_simplified_script_is_simplified_throughout_and_reads_the_same(plan_file, tmp_path, run):
    from jxplan.core.script import TRADITIONAL_ONLY, convert

    def simp(text):
        return convert(text, "simplified")

    out = tmp_path / "fgw.xlsx"
    code, _, err = run("template", "--plan", plan_file, "-u", "fgw", "-q", "Q2", "--script", "simplified", "-o", out)
    assert code == 0, err
    shown = _strings(out.read_bytes())
    assert "进度报告" in shown and "累计完成" in shown and "推进中" in shown and "请从下拉" in shown
    assert not set(shown) & set(TRADITIONAL_ONLY), sorted(set(shown) & set(TRADITIONAL_ONLY))
    books = tmp_path / "books"
    books.mkdir()
    for uid, rows in FILLED.items():
        form = form_workbook(open_plan(plan_file).index, uid, "Q2", "simplified")
        (books / f"{uid}.xlsx").write_bytes(fill(form, rows, words=simp))
    assert statuses(open_workspace(plan_file, books))[0] == EXPECTED


def test_status_workbook_follows_the_script_asked_for(plan_file, tmp_path, run):
    from jxplan.core.script import TRADITIONAL_ONLY

    folder = tmp_path / "r"
    for name, text in SAME_IN_YAML.items():
        write(folder / name, text)
    out = tmp_path / "s.xlsx"
    assert run("status", "--plan", plan_file, "--reports", folder, "-q", "Q2", "--script", "simplified", "-o", out)[0] == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["目标", "单位"]
    shown = _strings(out.read_bytes())
    assert "严重滞后" in shown and not set(shown) & set(TRADITIONAL_ONLY)


def test_import_refuses_broken_blank_and_existing_and_writes_nothing_for_them(plan_file, tmp_path, run):
    out = tmp_path / "progress"
    out.mkdir()
    good = tmp_path / "rsj.xlsx"
    good.write_bytes(fill(blank_form(plan_file, "rsj"), FILLED["rsj"]))
    broken = tmp_path / "fgw.xlsx"
    broken.write_bytes(fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": "很多"}}))
    blank = tmp_path / "nhq.xlsx"
    blank.write_bytes(blank_form(plan_file, "nhq"))
    code, _, err = run("import", "--plan", plan_file, "-o", out, good, broken, blank)
    assert code == 1
    assert "fgw.xlsx:7:6: 錯誤 進度報告!F7：2.1: 「很多」不是數字" in err and "沒有填任何內容，未導入" in err
    assert [p.name for p in out.rglob("*.yaml")] == ["rsj.yaml"]
    code, _, err = run("import", "--plan", plan_file, "-o", out, good)  # the same again: nothing to write, nothing refused
    assert code == 0 and "已是這份報告，沒有改寫" in err and err.endswith("導入結束：寫入 0 份報告，1 份與已有的報告相同，沒有改寫。\n")
    again = tmp_path / "rsj-again.xlsx"
    again.write_bytes(fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": 4}}))
    code, _, err = run("import", "--plan", plan_file, "-o", out, again)  # a correction: there already
    assert code == 2 and "內容與這個工作簿不同；要覆蓋請加 --force" in err
    before = (out / "2012/Q2/rsj.yaml").read_bytes()
    code, _, err = run("import", "--plan", plan_file, "-o", out, good, again, "--force")  # two of one unit: neither
    assert code == 1 and err.count("同為 市人力社保局 Q2 的報告") == 2 and (out / "2012/Q2/rsj.yaml").read_bytes() == before
    assert "兩份的報送日期相同；按文件的修改時間，較新的是" in err and f"較新的是 {again}" in err
    assert err.endswith("導入結束：寫入 0 份報告，2 個工作簿未導入。\n")
    assert run("import", "--plan", plan_file, "-o", tmp_path / "nowhere", good)[0] == 2


def test_import_never_adds_a_second_report_of_a_unit_and_goes_on_past_a_failed_write(plan_file, tmp_path, run):
    out = tmp_path / "progress"
    (out / "2012" / "Q2").mkdir(parents=True)
    kept = out / "2012" / "Q2" / "人社局.yaml"  # rsj's report under another name: known by its content
    write(kept, report("rsj", "Q2", '- target: "2.2"\n  value: 4\n'))
    good = tmp_path / "rsj.xlsx"
    good.write_bytes(fill(blank_form(plan_file, "rsj"), FILLED["rsj"]))
    for force in ([], ["--force"]):
        code, _, err = run("import", "--plan", plan_file, "-o", out, good, *force)
        assert code == 2 and f"報告已在 {kept}，同一單位每季只能有一份" in err
        assert sorted(p.name for p in out.rglob("*.yaml")) == ["人社局.yaml"]
    kept.unlink()
    inside = out / "2012" / "Q2" / "rsj.xlsx"  # the workbook itself in the reports folder: two files of one report
    inside.write_bytes(good.read_bytes())
    code, _, err = run("import", "--plan", plan_file, "-o", out, inside)
    assert code == 2 and "這個工作簿本身就在報告文件夾中" in err and not list(out.rglob("*.yaml"))
    inside.unlink()
    (out / "2012" / "Q2").rmdir()
    (out / "2012" / "Q2").write_text("", encoding="utf-8")  # a file where the quarter's folder goes
    code, _, err = run("import", "--plan", plan_file, "-o", out, good)
    assert code == 1 and "無法創建文件夾" in err and "不是文件夾" in err and "Traceback" not in err and "內部錯誤" not in err


# ---- every problem at its cell -----------------------------------------------------------------

def test_problems_name_the_cell(plan_file):
    def edit(ws):
        ws["F7"].value = "=1+2"  # a formula openpyxl saved: no value cached
        ws["F10"].value = dt.datetime(2012, 7, 8)  # 7/8 typed into a General cell
        ws["G9"].value = "完成了"
        ws["J8"].value = "#N/A"
        ws["J8"].data_type = "e"
    data = fill(blank_form(plan_file, "fgw"), {"2.3": {"累計完成": 2800}}, edit=edit)
    assert problems_of(data, plan_file) == [
        "進度報告!F7：這一格是公式，但文件中沒有它的計算結果（不是 Excel、WPS 或 LibreOffice 保存的文件）；請在 Excel 中打開後保存，或把公式改為數值 [xlsx-formula]",
        "進度報告!J8：這一格是錯誤值 #N/A；請改為數值或文字 [xlsx-cell]",
        "進度報告!G9：進度階段「完成了」不是選項；請從下拉列表選 未啟動、推進中、已完成 [xlsx-word]",
        "進度報告!F10：這一格是日期或時間（2012-07-08），不是數字；Excel 會把 7/8、7-8 之類的輸入變成日期，請把單元格格式設為「數值」後重填 [xlsx-cell]",
    ]


def test_checks_across_the_plan_point_at_cells_too(plan_file):
    data = fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": "3‰"}, "2.4": {"備注": "x"}},
                submitted=None, edit=lambda ws: ws.cell(11, 6).__setattr__("value", 5))
    assert problems_of(data, plan_file) == [  # a missing date hides nothing else: one round names all
        "進度報告!H2：請填報送日期（如 2012-07-05）；逾期與否以它為準 [missing-date]",
        "進度報告!F7：2.1: 單位「‰」無法換算成目標的單位「%」 [unit]",
        "進度報告!F11：2.4 已分解到各單位，實際值是各分解單位報送數之和；市發改委 報的數不計入 [lead-figure-unused]",
    ]
    typed = fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": "3‰"}}, submitted="10月6日")
    assert problems_of(typed, plan_file) == [  # nor does a date that cannot be read
        "進度報告!H2：報送日期：日期應寫成 2012-07-05 的形式，不是「10月6日」 [schema]",
        "進度報告!F7：2.1: 單位「‰」無法換算成目標的單位「%」 [unit]",
    ]
    dated = fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": "3‰"}, "2.4": {"備注": "x"}},
                 edit=lambda ws: ws.cell(11, 6).__setattr__("value", 5))
    assert problems_of(dated, plan_file) == [
        "進度報告!F7：2.1: 單位「‰」無法換算成目標的單位「%」 [unit]",
        "進度報告!F11：2.4 已分解到各單位，實際值是各分解單位報送數之和；市發改委 報的數不計入 [lead-figure-unused]",
    ]
    co = fill(blank_form(plan_file, "tjj"), {"H1": {"累計完成": 9}},  # a co-unit unlocked a figure cell
              edit=lambda ws: ws.cell(8, 6).__setattr__("value", 5))
    assert problems_of(co, plan_file) == [
        "進度報告!F8：市統計局 不能報 2.1 的數值或進度（責任單位只填備注；由 市發改委 填報） [not-responsible]"]
    reason_half = fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": 9, "原因說明": "外需"}})
    assert problems_of(reason_half, plan_file) == ["進度報告!H7：2.1 原因類別：沒有填寫 [schema]"]


def test_a_percentage_cell_is_its_percentage_and_numbers_are_as_excel_shows_them(plan_file):
    def edit(ws):
        ws["F7"].number_format = "0.0%"  # Excel stores 11.2% typed in a cell as 0.112
    data = fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": 0.112}, "H6": {"累計完成": 0.1 + 0.2 + 3.6}},
                edit=edit)
    doc, problems = one(data)
    entries = {e["target"]: e for e in doc.data["entries"]}
    assert problems == [] and entries["2.1"]["value"] == "11.2%" and str(entries["H6"]["value"]) == "3.9"
    assert doc.data["submitted"] == dt.date(2012, 7, 3) and doc.data["quarter"] == "Q2" and doc.data["unit"] == "市發改委"


def _formatted(plan_file, uid: str, target: str, value, fmt: str):
    """(what the form says, the figure in the target's unit, problems) of a figure typed in a cell of that format."""
    from jxplan.check.plans import load_plan
    from jxplan.check.reports import report_outcome

    def edit(ws):
        row = next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == target)
        ws.cell(row, 6).value = value
        ws.cell(row, 6).number_format = fmt
    data = fill(blank_form(plan_file, uid), {}, edit=edit)
    doc, _ = one(data)
    said = {e["target"]: e.get("value") for e in doc.data["entries"]}.get(target) if doc else None
    pl = load_plan(plan_file)
    outcome = report_outcome("r.xlsx", data, pl.plan, pl.index)
    figure = {e[0]: e[1] for e in outcome.entries}.get(target)
    return said, figure, [str(p).split(": ", 1)[1] for p in outcome.problems]


@pytest.mark.parametrize("uid, target, value, fmt, said, figure", [
    # (a) a % quoted or escaped is text, not a percentage; only the section that applies counts
    ("fgw", "2.1", 0.112, "0.0%", "11.2%", Decimal("11.2")),
    ("fgw", "2.1", 11.2, '0.0" %"', "11.2 %", Decimal("11.2")),
    ("fgw", "2.1", 11.2, "0.0\\%", "11.2%", Decimal("11.2")),
    ("fgw", "2.1", 11.2, '0.0;@" %"', Decimal("11.2"), Decimal("11.2")),
    ("fgw", "2.1", 0.112, "[Red]0.0%;[Blue]-0.0%", "11.2%", Decimal("11.2")),
    # (b) the format's words are what the clerk sees: 30000 shown as 30000人 is 3萬人, never 30000萬人
    ("rsj", "2.2", 30000, '0"人"', "30000人", 3),
    ("rsj", "2.2", 3, 'G/通用格式"萬人"', "3萬人", 3),
    ("nhq", "2.4", 0.2, '0.0"萬畝"', "0.2萬畝", 2000),
    ("nhq", "2.4", 2000, '#,##0" 畝";-#,##0" 畝"', "2000 畝", 2000),
    # (c) thousands as shown: 3,200,000 with #,##0, shows 3,200 (萬噸, the form's unit)
    ("fgw", "2.3", 3200000, "#,##0,", Decimal("3200"), 3200),
    ("fgw", "2.3", 32000000, '#,##0,,"百萬噸"', "32百萬噸", 3200),
    # negative and zero sections
    ("nhq", "2.4", -50, "#,##0_);(#,##0)", -50, -50),
    ("nhq", "2.4", 0, '#,##0;-#,##0;"-"', 0, 0),
])
def test_a_number_is_read_as_its_format_shows_it(plan_file, uid, target, value, fmt, said, figure):
    read, converted, problems = _formatted(plan_file, uid, target, value, fmt)
    assert (read, converted) == (said, figure) and not [p for p in problems if "錯誤" in p], problems


@pytest.mark.parametrize("value, fmt, message", [
    (11.2, '0.0 "percent%"', "進度報告!F7：2.1: 單位「percent%」無法換算成目標的單位「%」 [unit]"),
    (-5, "0;0", "進度報告!F7：這一格存的是負數 -5，但單元格格式讓它顯示為「5」，沒有負號；請把單元格格式設為「常規」或「數值」後重填 [xlsx-cell]"),
    (9, ";;;", "進度報告!F7：這一格存的是 9，但單元格格式讓它顯示為空白；請把單元格格式設為「常規」或「數值」後重填 [xlsx-cell]"),
    (0, "#,###", "進度報告!F7：這一格存的是 0，但單元格格式讓它顯示為空白；請把單元格格式設為「常規」或「數值」後重填 [xlsx-cell]"),
    ("9", '0;-0;0;"已填"', "進度報告!F7：這一格的文字「9」被單元格格式隱藏了（顯示為「已填」）；請把單元格格式設為「常規」或「文本」後重填 [xlsx-cell]"),
    (9, "[>=100]0;0.0", "進度報告!F7：這一格的數字格式按數值分段顯示（含條件，如 [>=100]），jxplan 無法確定它顯示什麼；請把單元格格式設為「常規」或「數值」後重填 [xlsx-cell]"),
    (12345, '000"-"00', "進度報告!F7：這一格的數字格式「000\"-\"00」在數字中間夾著文字，jxplan 無法確定它顯示什麼；請把單元格格式設為「常規」或「數值」後重填 [xlsx-cell]"),
    (-9, '0;yyyy"年"', "進度報告!F7：這一格的數字格式「0;yyyy\"年\"」把數字顯示成日期或時間；請把單元格格式設為「常規」或「數值」後重填 [xlsx-cell]"),
    (1e13, "0%", "進度報告!F7：這一格按單元格格式顯示為 1000000000000000，數值太大（絕對值須小於 10 的 15 次方）；請核對單位與位數 [xlsx-cell]"),
])
def test_a_format_that_hides_or_blurs_a_figure_is_refused_at_its_cell(plan_file, value, fmt, message):
    assert message in _formatted(plan_file, "fgw", "2.1", value, fmt)[2]


@pytest.mark.parametrize("value, fmt, column, shown", [
    (1e26, "0.0%", "F", "1e+26"),  # a percentage: 1e26 × 100 made format_number raise
    (1e15, "General", "F", "1e+15"),
    (-3 * 10**17, "0", "F", "-3e+17"),
    (1e26, "0.0%", "J", "1e+26"),  # in every cell, a note's too
])
def test_a_number_out_of_bounds_is_refused_before_any_arithmetic(plan_file, value, fmt, column, shown):
    def edit(ws):
        ws[f"{column}7"].value = value
        ws[f"{column}7"].number_format = fmt
    data = fill(blank_form(plan_file, "fgw"), {"2.1": {"原因類別": "客觀", "原因說明": "x"}}, edit=edit)
    assert f"進度報告!{column}7：這一格的數值 {shown} 太大（絕對值須小於 10 的 15 次方）；請核對單位與位數 [xlsx-cell]" \
        in problems_of(data, plan_file)


@pytest.mark.parametrize("written, read", [("2012/7/3", dt.date(2012, 7, 3)), ("2012年7月3日", dt.date(2012, 7, 3)),
                                           ("2012-07-03", dt.date(2012, 7, 3)), ("七月三日", "七月三日")])
def test_a_date_typed_as_text_is_read_as_a_clerk_means_it(plan_file, written, read):
    doc, _ = one(fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": 3}}, submitted=written))
    assert doc.data["submitted"] == read


@pytest.mark.parametrize("typed, said", [
    (20120703, "進度報告!H2：這一格是日期格式，填的卻是數字 20120703，不是日期；請填如 2012-07-05 的日期 [xlsx-cell]"),
    (-5, "進度報告!H2：這一格是日期格式，填的卻是不是日期的數字；請填如 2012-07-05 的日期 [xlsx-cell]"),
])
def test_a_number_in_the_date_cell_is_named_as_such_never_as_an_error_value(plan_file, typed, said):
    data = fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": 9}}, submitted=typed)
    assert problems_of(data, plan_file) == [said]


def test_a_number_in_the_id_column_is_refused_never_read_as_another_target(plan_file):
    data = fill(blank_form(plan_file, "fgw"), {"5.10": {"累計完成": 30}},
                edit=lambda ws: ws.cell(10, 1).__setattr__("value", 5.10))
    assert "進度報告!A10：編號應是文字，這一格卻是數字 5.1（5.10 會變成 5.1）；請勿改動編號列，或用 jxplan template 重新生成表格 [xlsx-cell]" \
        in problems_of(data, plan_file)


def test_a_row_added_without_an_id_is_refused_and_hides_nothing_else(plan_file):
    data = fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": "3‰"}},
                edit=lambda ws: ws.cell(8, 10).__setattr__("value", "補充一行"))
    assert problems_of(data, plan_file) == [
        "進度報告!F6：2.2: 單位「‰」無法換算成目標的單位「萬人」 [unit]",  # the rest of the form is still read
        "進度報告!J8：第 8 行填了內容，但沒有編號；請把內容填在對應目標的那一行，不要新增行 [xlsx-layout]"]


def test_two_filled_rows_for_one_target_are_refused_with_both_cells(plan_file):
    def edit(ws):
        ws.cell(7, 1).value = "2.2"
        ws.cell(7, 6).value = 4
    data = fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": 3}}, edit=edit)
    assert problems_of(data, plan_file) == ["進度報告!A7：目標 2.2 已在 進度報告!A6 填報；每個目標只能填一次 [duplicate-entry]"]


# ---- a changed layout --------------------------------------------------------------------------

def test_a_moved_column_is_found_by_its_heading(plan_file):
    def edit(ws):  # the clerk swapped 原因說明 and 備注, heading and all, and widened a heading
        for r in range(5, ws.max_row + 1):
            ws.cell(r, 9).value, ws.cell(r, 10).value = ws.cell(r, 10).value, ws.cell(r, 9).value
        ws.cell(5, 6).value = "累計完成（年初至今）"
    data = fill(blank_form(plan_file, "fgw"), {}, edit=edit)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["進度報告"]
    ws.cell(7, 6).value = 9
    ws.cell(7, 8).value = "客觀"
    ws.cell(7, 10).value = "受外需影響"  # now under 原因說明
    ws.cell(7, 9).value = "見附件"  # now under 備注
    buf = io.BytesIO()
    wb.save(buf)
    doc, problems = one(buf.getvalue())
    assert problems == []
    assert doc.data["entries"][1] == {"target": "2.1", "value": 9, "note": "見附件",
                                      "reason": {"kind": "objective", "text": "受外需影響"}}
    assert doc.place(("entries", 1, "reason", "text")).where == "進度報告!J7"


@pytest.mark.parametrize("edit, message", [
    (lambda ws: ws.cell(5, 6).__setattr__("value", "完成數"),
     "進度報告!A5：表頭缺少「累計完成」列（表頭在第 5 行）；請用 jxplan template 生成的表格填報，不要刪改表頭"),
    (lambda ws: ws.cell(5, 11).__setattr__("value", "備注"), "進度報告!K5：表頭「備注」出現了 2 次（J5、K5）；請刪去多出的一列"),
    (lambda ws: ws.__setattr__("title", "Sheet1"),
     "找不到名為「進度報告」的工作表（工作簿中有：工作表「Sheet1」、工作表「說明」）；請用 jxplan template 生成的表格填報，不要改工作表名稱"),
    (lambda ws: ws.cell(2, 7).__setattr__("value", "日期"), "表格上方找不到「報送日期」；請用 jxplan template 生成的表格填報"),
    (lambda ws: ws.delete_rows(1, 12),
     "在工作表「進度報告」前 30 行找不到表頭（編號、累計完成、進度階段…）；這不是 jxplan 的進度報告表格，或表頭被刪改了。請用 jxplan template 生成的表格填報"),
])
def test_a_changed_layout_is_named(plan_file, edit, message):
    doc, problems = one(fill(blank_form(plan_file, "fgw"), {}, edit=edit))
    assert doc is None and [p.message for p in problems] == [message]


def _copied(ws, title, state="hidden"):
    """The clerk's copy of the form, filled, beside the original, hidden."""
    copy = ws.parent.copy_worksheet(ws)
    copy.title = title
    copy["F6"] = 4
    ws.sheet_state = state
    ws.parent.active = ws.parent.index(copy)


HIDDEN = ("工作表「進度報告」是隱藏的，jxplan 不讀隱藏的表（填報人看到並填寫的可能是另一張）；"
          "請取消隱藏（右鍵工作表標籤 → 取消隱藏）並在這張表中填報，或用 jxplan template 重新生成表格")


@pytest.mark.parametrize("edit, message", [
    (lambda ws: _copied(ws, "填好的報告"), HIDDEN),
    (lambda ws: _copied(ws, "填好的報告", "veryHidden"), HIDDEN),
    (lambda ws: ws.__setattr__("sheet_state", "hidden"), HIDDEN),
    # a copy whose name is the form's once a bracketed hint is dropped: two forms, never a guess
    (lambda ws: _copied(ws, "進度報告 (2)"),
     "有 2 張名為「進度報告」的工作表：工作表「進度報告」、工作表「進度報告 (2)」；請用 jxplan template 生成的表格填報，不要改工作表名稱"),
    (lambda ws: _copied(ws, "进度报告（已填）", "visible"),
     "有 2 張名為「進度報告」的工作表：工作表「進度報告」、工作表「进度报告（已填）」；請用 jxplan template 生成的表格填報，不要改工作表名稱"),
], ids=["hidden-beside-a-copy", "very-hidden-beside-a-copy", "hidden-alone", "beside-a-copy-named-(2)", "beside-a-copy-with-a-hint"])
def test_a_hidden_form_sheet_or_a_second_one_is_refused(plan_file, edit, message):
    doc, problems = one(fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": 3}}, edit=edit))
    assert doc is None and [(p.code, p.message) for p in problems] == [("xlsx-layout", message)]


def test_merged_input_cells_are_refused(plan_file):
    data = fill(blank_form(plan_file, "fgw"), {"2.1": {"原因說明": "受外需影響，見備注"}},
                edit=lambda ws: ws.merge_cells("I7:J7"))
    doc, problems = one(data)
    assert doc is None and [str(p) for p in problems] == [
        "r.xlsx:7:9: 進度報告!I7：I7:J7 是合併單元格；請取消合併（每格只填一項）後保存再送 [xlsx-merged]"]


@pytest.mark.parametrize("cell, said", [
    ("B2", "進度報告!B2：填報單位：沒有填寫；請填本單位的名稱，或用 jxplan template 重新生成表格 [schema]"),
    ("D2", "進度報告!D2：年度：沒有填寫；請填計劃的年度（如 2012），或用 jxplan template 重新生成表格 [schema]"),
    ("F2", "進度報告!F2：季度：沒有填寫 [schema]"),
])
def test_a_blank_value_above_the_table_is_named_by_its_label(plan_file, cell, said):
    data = fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": 3}}, edit=lambda ws: ws[cell].__setattr__("value", None))
    assert problems_of(data, plan_file) == [said]


# ---- the status table as a workbook ------------------------------------------------------------

def test_status_as_a_workbook_renders_the_json_result_with_numbers_colours_and_filters(plan_file, tmp_path, run):
    import json

    folder = tmp_path / "r"
    for name, text in SAME_IN_YAML.items():
        write(folder / name, text.replace("已分解到南湖區、秀洲區", "'=HYPERLINK(\"http://x\")'"))
    out = tmp_path / "狀態.xlsx"
    assert run("status", "--plan", plan_file, "--reports", folder, "-q", "Q2", "-o", out)[0] == 0  # by the suffix
    assert run("status", "--plan", plan_file, "--reports", folder, "-q", "Q2", "-o", out)[0] == 2  # never clobbered
    assert run("status", "--plan", plan_file, "--reports", folder, "-q", "Q2", "-f", "xlsx")[0] == 2  # no -o
    assert run("status", "--plan", plan_file, "--reports", folder, "-q", "Q2", "-o", tmp_path / "s.csv")[0] == 0
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").startswith("\ufeff編號,指標名稱")
    data = json.loads(run("status", "--plan", plan_file, "--reports", folder, "-q", "Q2", "-f", "json")[1])
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["目標", "單位"]
    ws = wb["目標"]
    heads = [c.value for c in ws[1]]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == f"A1:U{len(data['targets']) + 1}"  # 21 columns: the CSV columns, 年度目標（原文） among them
    rows = {r[0]: dict(zip(heads, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)}
    for t in data["targets"]:
        row = rows[t["id"]]
        assert row["狀態代碼"] == t["status"] and row["狀態"] == t["label"] and row["實際"] == t["actual"] and row["年度目標"] == t["target"]
        assert row["完成比例"] == t["ratio"]
    assert rows["2.1"]["狀態"] == "滯後" and isinstance(rows["2.1"]["實際"], int)
    assert {r["類型"] for r in rows.values()} == {"增速或比率", "累計數", "有完成要求的工作任務"}  # an office's words
    assert rows["H6"]["序時進度"] == 4 and rows["2.5"]["序時進度"] == "應已完成" and rows["2.1"]["原因類別"] == "客觀"
    assert rows["H6"]["完成比例"] is None and rows["H6"]["進度"] == "控制在目標以內"  # a ceiling: held, never a percentage
    fills = {ws.cell(r, heads.index("狀態") + 1).value: ws.cell(r, heads.index("狀態") + 1).fill.fgColor.rgb
             for r in range(2, ws.max_row + 1)}
    assert fills == {"達到序時進度": "00E2EFDA", "滯後": "00FFE699", "嚴重滯後": "00F4B084", "未報送": "00D9D9D9"}
    note = next(ws.cell(r, heads.index("說明") + 1) for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "2.4")
    assert note.data_type == "s" and note.value.startswith("=HYPERLINK")  # text from a report is never a formula
    simplified = tmp_path / "状态.xlsx"  # nor once the workbook is put into another script
    assert run("status", "--plan", plan_file, "--reports", folder, "-q", "Q2", "-o", simplified, "--script", "simplified")[0] == 0
    ws = openpyxl.load_workbook(simplified)["目标"]
    note = next(ws.cell(r, heads.index("說明") + 1) for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "2.4")
    assert note.data_type == "s" and note.value.startswith("=HYPERLINK")
    units = {r[0]: r for r in wb["單位"].iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in wb["單位"][1]] == ["編號", "單位", "有責任目標", "已報送", "報送日期", "未報送", "報告缺項", "逾期",
                                               "須說明原因", "通報表揚", "持續推進均在推進", "整改後按計劃推進"]
    # the small plan provides no sanction (bulletins.sanction): no column of one
    assert units["rsj"][3:5] == ("是", dt.datetime(2012, 7, 3)) and units["rsj"][9] == "是" and units["xzq"][5] == "是"


# ---- LibreOffice opens what jxplan writes, and what it saves reads the same -------------------

def _soffice(tmp_path, *args, timeout=240):
    import os
    import shutil
    import subprocess

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice (.ci/run installs libreoffice-calc)")
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-calc)")
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", *args],
                          capture_output=True, text=True, timeout=timeout, cwd=tmp_path)
    complaints = [line for line in done.stderr.splitlines() if line.strip() and "javaldx" not in line]
    assert done.returncode == 0 and not complaints, done.stderr
    return done.stdout


@pytest.mark.slow
def test_libreoffice_opens_the_template_and_converts_it_without_complaint(tmp_path, run):
    import shutil
    import subprocess

    from conftest import ROOT

    form = tmp_path / "市國土資源局-2012Q3.xlsx"
    assert run("template", "--plan", ROOT / "plans/2012.yaml", "--unit", "市國土資源局", "-q", "Q3", "-o", form)[0] == 0
    (tmp_path / "pdf").mkdir()
    (tmp_path / "xlsx").mkdir()
    out = _soffice(tmp_path, "--convert-to", "pdf", "--outdir", tmp_path / "pdf", form)
    assert "calc_pdf_Export" in out and (tmp_path / "pdf" / (form.stem + ".pdf")).stat().st_size > 1000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", tmp_path / "pdf" / (form.stem + ".pdf"), "-"],
                              capture_output=True, text=True).stdout
        assert "市國土資源局 2012年第三季度工作進展報告" in text and "累計完成" in text and "怎樣填這份表格" in text
        assert_form_prints_whole(tmp_path / "pdf" / (form.stem + ".pdf"))
    _soffice(tmp_path, "--convert-to", "xlsx", "--outdir", tmp_path / "xlsx", form)
    resaved = (tmp_path / "xlsx" / form.name).read_bytes()
    doc, problems = sources.parse(resaved, "resaved.xlsx")  # LibreOffice's own writing of the form reads back
    assert problems == [] and doc.data["unit"] == "市國土資源局" and doc.data["quarter"] == "Q3"
    assert [e["target"] for e in doc.data["entries"]] == \
        [e["target"] for e in sources.parse(form.read_bytes(), "form.xlsx")[0].data["entries"]]


def assert_form_prints_whole(pdf) -> None:
    """The form as LibreOffice prints it: the title once on the first page (no page header over it), the
    help's item 3 with both its lines (its row was one line tall: only the last printed), and the page
    header of the help above its first row, not over it."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        first = doc.pages[0].extract_text()
        assert first.count("工作進展報告") == 1, first
        helps = [p for p in doc.pages if "怎樣填這份表格" in p.extract_text()]
        assert len(helps) == 1
        lines = helps[0].extract_text_lines()
        text = "".join(ln["text"] for ln in lines).replace(" ", "")
        assert "也可以寫帶單位的數，如1.2萬畝" in text and "Excel提示「不是數字」時" in text, text
        header = [ln for ln in lines if "工作進展報告" in ln["text"] and not ln["text"].startswith("本表")]
        heading = next(ln for ln in lines if ln["text"].startswith("怎樣填"))
        assert len(header) == 1 and header[0]["bottom"] < heading["top"], (header, heading)


def test_the_form_names_the_office_never_the_software_and_sizes_rows_and_print_margins(tmp_path, run):
    """A form sent to units: no word of the tool (jxplan template, jxplan import); the office says it made
    the form and takes it back. Rows as tall as their wrapped text; the header in room of its own."""
    from conftest import ROOT

    office = ROOT / "tests/data/plans/liandu-2023"
    form = tmp_path / "f.xlsx"
    assert run("template", "--plan", office / "plan.yaml", "-u", "区发改局", "-q", "Q2", "-o", form)[0] == 0
    data = form.read_bytes()
    assert "jxplan" not in _strings(data).lower()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws, helps = wb.worksheets  # 进度报告, 说明: the plan is written in simplified script
    said = [c.value for c in helps["A"] if c.value]
    assert said[-1].endswith("本表由莲都区人民政府办公室生成。") or said[-1].endswith("本表由蓮都區人民政府辦公室生成。"), said[-1]
    assert any("匯總導入" in t or "汇总导入" in t for t in said)
    # item 3: about 100 Chinese characters at 11 pt (some 1,500 px) in a column of 110 characters (770 px):
    # two lines, 15 pt each
    assert helps["A4"].value.startswith("3.") and helps.row_dimensions[4].height >= 30
    rows = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1)}
    # 12: 完成省、市下達的能源指標計劃目標, 16 characters in the goal column (11 wide, 5 or 6 characters a
    # line): three lines at least
    assert "能源指標" in ws.cell(rows["12"], 3).value or "能源指标" in ws.cell(rows["12"], 3).value
    assert ws.row_dimensions[rows["12"]].height >= 45
    assert ws.cell(rows["12"], 3).alignment.wrap_text
    for sheet in (ws, helps):  # the header and footer 0.35 inch from the edge, the cells 0.9: room for a line
        m = sheet.page_margins
        assert m.top - m.header >= 0.5 and m.bottom - m.footer >= 0.5
    # the title is the form's first row: its first page has no header to print over it, later pages do
    assert ws.HeaderFooter.differentFirst and not ws.firstHeader.center.text and ws.oddHeader.center.text
    assert ws.firstFooter.center.text == ws.oddFooter.center.text


@pytest.mark.slow
def test_workbooks_saved_by_libreoffice_give_the_same_statuses(plan_file, tmp_path, run):
    books, saved = tmp_path / "books", tmp_path / "saved"
    books.mkdir()
    saved.mkdir()
    for uid, rows in FILLED.items():
        if uid == "fgw":  # 30 written as a formula: openpyxl saves none of its value, LibreOffice computes it
            rows = {**rows, "5.10": {"累計完成": "=10*3"}}
        (books / f"{uid}.xlsx").write_bytes(fill(blank_form(plan_file, uid), rows))
    assert problems_of((books / "fgw.xlsx").read_bytes(), plan_file)[0].endswith("[xlsx-formula]")
    _soffice(tmp_path, "--convert-to", "xlsx", "--outdir", saved, *sorted(books.glob("*.xlsx")))
    from_saved = statuses(open_workspace(plan_file, saved))
    assert from_saved[0] == EXPECTED
    imported = tmp_path / "progress"
    imported.mkdir()
    assert run("import", "--plan", plan_file, "-o", imported, *sorted(saved.glob("*.xlsx")))[0] == 0
    assert statuses(open_workspace(plan_file, imported)) == from_saved
    assert "value: 30\n" in (imported / "2012/Q2/fgw.yaml").read_text(encoding="utf-8")  # the formula's value


def test_a_reason_written_in_the_note_column_is_told_in_the_forms_words(plan_file, tmp_path, run):
    # 2.2 is 6 萬人 for the year: 1 at Q2 is behind; the clerk wrote why in 備注, not in 原因
    data = fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": 1, "備注": "受用工需求下降影響"}})
    (tmp_path / "progress").mkdir()
    (tmp_path / "progress/rsj.xlsx").write_bytes(data)
    row = next(r for r in range(6, 20) if openpyxl.load_workbook(io.BytesIO(data))["進度報告"].cell(r, 1).value == "2.2")
    code, out, _ = run("validate", "--plan", plan_file, tmp_path / "progress")
    assert code == 0 and f"rsj.xlsx:{row}:8: 警告 進度報告!H{row}：2.2 新增就業嚴重滯後於序時進度，但沒有說明原因；" \
        f"通報會把本單位列入未說明原因的單位。請填原因類別和原因說明（備注裡寫的不算原因） [unexplained-lag]" in out


def test_text_in_a_column_with_no_heading_is_said_not_dropped(plan_file):
    def edit(ws):
        ws["K7"].value = "受外需影響"  # right of 備注: no heading, never read
        ws["L7"].value = "   "  # blank: nothing to say
    data = fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": 11}}, edit=edit)
    assert problems_of(data, plan_file) == [
        "進度報告!K7：這一格有內容，但所在的列沒有表頭，不會被讀取；原因請填在原因類別和原因說明，其他情況寫在備注 [xlsx-unread]"]
    many = fill(blank_form(plan_file, "fgw"), {"2.1": {"累計完成": 11}},
                edit=lambda ws: [ws.cell(r, 12).__setattr__("value", "x") for r in range(6, 20)])
    said = problems_of(many, plan_file)
    assert len(said) == 11 and said[-1] == "進度報告!L16：還有 4 格在沒有表頭的列中，都不會被讀取 [xlsx-unread]"


def test_a_sheet_of_the_clerks_own_is_said_not_dropped(plan_file):
    def edit(ws):
        extra = ws.parent.create_sheet("補充說明")
        extra["A1"] = "2.2 滯後是因為企業用工需求下降"
        ws.parent.create_sheet("空白頁")  # nothing on it: nothing to say
    data = fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": 3}}, edit=edit)
    assert problems_of(data, plan_file) == [
        "工作表「補充說明」有內容，但只讀取工作表「進度報告」；原因請填在原因類別和原因說明，其他情況寫在備注 [xlsx-unread]"]


def test_a_figure_typed_in_the_unit_column_is_said_not_dropped(plan_file):
    data = fill(blank_form(plan_file, "rsj"), {}, edit=lambda ws: ws.cell(6, 5).__setattr__("value", 0.5))
    said = problems_of(data, plan_file)
    assert "進度報告!E6：「單位」列是計量單位，這裡卻填了數字 0.5，不會被讀取；數值請填在「累計完成」列 [xlsx-unread]" in said


def test_the_forms_help_gives_this_quarters_due_date_as_the_example(plan_file):
    wb = openpyxl.load_workbook(io.BytesIO(blank_form(plan_file, "fgw", "Q3")))
    assert wb["說明"]["A3"].value == "2. 報送日期：填寫送出報告的日期，如 2012-10-08。"
    wb = openpyxl.load_workbook(io.BytesIO(blank_form(plan_file, "fgw", "Q1")))
    assert wb["說明"]["A3"].value == "2. 報送日期：填寫送出報告的日期，如 2012-04-05。"
