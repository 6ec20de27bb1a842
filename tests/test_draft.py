"""jxplan draft (issue 21) end to end: the seed drafted and compared with plans/2012.yaml item by
item, the five real documents of tests/data/plans with their hand encodings, cases worked out by
hand (tests/data/draft/*/expected.yaml), every draft valid as written, the office's corrections
kept by a second run, Word and Excel inputs, every refusal a positioned line, and the time to
draft 300 items."""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from jxplan.draft import draft
from jxplan.draft.compare import compare, measure
from jxplan.check.pipeline import open_plan

DATA = ROOT / "tests/data/draft"
_spec = importlib.util.spec_from_file_location("draft_make", DATA / "make.py")
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)


def data(text: str) -> dict:
    from jxplan import read as sources

    doc, problems = sources.parse(text.encode("utf-8"), "draft.yaml")
    assert doc is not None, problems
    return doc.data


def valid(text: str, tmp_path: Path, name: str = "draft.yaml") -> None:
    """The draft as written passes the plan's checks with no error (jxplan validate)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ws = open_plan(path)
    assert [str(p) for p in ws.problems if p.is_error] == []
    assert ws.plan is not None


def marked_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "# 待核" in line]


# ---- the seed and the real documents --------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_draft(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "notice.txt"
    path.write_text(make.seed(), encoding="utf-8")
    made = draft(str(path))
    assert made.problems == [] and made.text
    return made


def test_the_seed_drafted_keeps_every_figure_and_invents_nothing(seed_draft):
    """Measured against the plan encoded by hand: every one of its 49 figures with the same
    value, unit, kind and direction, no deadline the text does not give, nothing invented.
    Items with the same source words: 166 of 266 (62%) when this was written; 85 more lie whole
    inside a larger drafted task (one task per sentence of duties, where the hand split them
    by the unit that does each: README "Drafting a plan"). The floors below fail on a loss."""
    words = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", make.seed())  # the document's words, readings dropped
    c = compare(data(seed_draft.text), data((ROOT / "plans/2012.yaml").read_text(encoding="utf-8")), words)
    assert (c.figures, c.figures_same) == (49, 49), c.figure_misses
    assert c.invented == []
    assert c.deadlines_same == c.deadlines == c.found
    assert c.items == 266 and c.found >= 166, c.missed
    assert c.found + c.merged >= 251


def test_the_seed_draft_is_valid_and_marks_what_a_person_must_check(seed_draft, tmp_path):
    valid(seed_draft.text, tmp_path)
    marks = marked_lines(seed_draft.text)
    assert len(marks) == seed_draft.marks
    # no unit is named in the text: each lead is the placeholder, marked; the office's settings marked
    assert sum("lead: daiding" in m for m in marks) == 10 + 26
    assert any(m.startswith("reporting:") for m in marks) and any("serious: 0.8" in m for m in marks)
    # what the text states is not marked: the notice's date, the figures without 左右
    text = seed_draft.text
    assert "issued: 2012-02-03\n" in text and "due:" not in text
    assert re.search(r"target: 10\n", text)


def test_the_raw_scrape_is_drafted_with_each_damaged_run_marked(tmp_path):
    made = draft(str(ROOT / "docs/sources/2012-notice.scraped.txt"))
    damaged = [m for m in marked_lines(made.text) if "亂碼" in m]
    assert len({re.search(r"原文第(\d+)行", m).group(1) for m in damaged}) == 4  # lines 21, 22, 30, 43
    assert any("拼音" in n for n in made.notes)
    valid(made.text, tmp_path)


# Measured when this was written, item by item against each hand encoding (README "Drafting a
# plan"): (items, found) and every figure the same, nothing invented. A loss fails.
REAL = {"liandu-2023": (13, 13), "lishan-2023": (6, 6), "xialu-2023": (13, 12), "xianan-2023": (18, 15),
        "xianning-2024": (15, 15)}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_documents_drafted_from_their_text_and_table(name, tmp_path):
    c, made = measure(ROOT / "tests/data/plans" / name, tmp_path)
    items, found = REAL[name]
    assert c.items == items and c.found >= found, c.missed
    assert c.figures_same == c.figures, c.figure_misses
    assert c.invented == []
    assert c.units_same == c.units, c.unit_misses  # each found item's leads are the document's, all of them
    # the extended format as the hand wrote it: role words, groups, unit kinds, leaders, relative targets
    assert (c.roles_same, c.groups_same, c.kinds_same, c.leaders_same, c.relative_same) == \
        (c.roles, c.groups, c.kinds, c.leaders, c.relative), c.other_misses
    assert c.roles and c.kinds and c.relative == 1  # each document has its role words, units, one relative target
    valid(made.text, tmp_path)


# ---- cases worked out by hand -------------------------------------------------------------------

class _Read:
    """A draft read back, with what comparing it needs: its lines, and the names of its units,
    groups and leaders by id."""

    def __init__(self, text: str):
        self.got = data(text)
        self.lines = text.splitlines()
        self.names = {u["id"]: u["name"] for u in self.got["units"]}
        self.names.update({g["id"]: g["name"] for g in self.got.get("groups", [])})
        self.leaders = {ld["id"]: ld["name"] for ld in self.got.get("leaders", [])}

    def marked(self, fieldname: str, near: str) -> bool:
        """Whether the line of ``fieldname`` after the line holding ``near`` carries a mark."""
        lines = self.lines
        start = next(i for i, line in enumerate(lines) if near in line)
        for line in lines[start:start + 40]:
            if line.strip().startswith(f"{fieldname}:") or (line.strip().startswith("- id:") and fieldname == "id"):
                return "# 待核" in line
        return any("# 待核" in line and fieldname in line for line in lines[start:start + 40])

    def named(self, ids) -> list[str] | str:
        return [self.names[i] for i in ids] if isinstance(ids, list) else self.names.get(ids)


def check_case(text: str, expected: dict) -> None:
    """The draft agrees with the hand's expectations, field by field, marks included; units,
    groups and leaders compared by name, parts at any depth."""
    d = _Read(text)
    _same_plan(d, expected["plan"])
    _same_roster(d, expected)
    assert len(d.got["headline"]) == len(expected["headline"])
    for t, want in zip(d.got["headline"], expected["headline"], strict=True):
        _same_target(d, t, want, t["id"])
    _same_parts(d, d.got["sections"], expected["sections"])


def _same_plan(d: _Read, plan: dict) -> None:
    """The plan's own fields, the marks on its settings, and the bulletins' settings."""
    got, lines = d.got, d.lines
    for key in ("year", "title", "issuer", "decomposition_title", "headline_title", "roles"):
        assert got.get(key) == plan.get(key), key
    assert str(got.get("issued")) == str(plan.get("issued"))
    for key in plan.get("marked", []):
        assert any(line.startswith(f"{key}:") and "# 待核" in line or line.startswith("  serious:") and "# 待核" in line
                   and key == "thresholds" for line in lines), key
    assert {k: v for k, v in (got.get("bulletins") or {}).items()} == plan.get("bulletins", {})
    for key in plan.get("bulletins", {}):  # a sentence chosen to be quoted is the office's to confirm
        assert "# 待核" in next(line for line in lines if line.startswith(f"  {key}:")), key


def _same_roster(d: _Read, expected: dict) -> None:
    """The groups (with their marks), the leaders, the notice, the units and their kinds."""
    got, lines = d.got, d.lines
    assert [(g["name"], d.named(g["members"])) for g in got.get("groups", [])] == \
        [(g["name"], g["members"]) for g in expected.get("groups", [])]
    for g in expected.get("groups", []):
        assert ("# 待核" in next(line for line in lines if f"name: {g['name']}," in line)) == g.get("marked", False), g
    assert [(ld["name"], ld.get("title")) for ld in got.get("leaders", [])] == \
        [(ld["name"], ld.get("title")) for ld in expected.get("leaders", [])]
    if "notice" in expected:
        n = expected["notice"]
        for key in ("title", "addressees", "signature", "date"):
            assert got["notice"].get(key) == n.get(key), key
        assert len(got["notice"]["paragraphs"]) == n["paragraphs"]
    assert [u["name"] for u in got["units"] if u["id"] != "daiding"] == expected["units"]
    kinds = expected.get("kinds", {})
    assert {u["name"]: u["kind"] for u in got["units"] if u["name"] in kinds} == kinds


def _same_target(d: _Read, t: dict, want: dict, where: str) -> None:
    for key, value in want.items():
        if key == "marked":
            for f in value:
                assert d.marked(f, f"source: {want['source']}") or d.marked(f, f"name: {t['name']}"), (where, f)
        elif key == "lead":
            assert d.named(t.get("lead")) == value, (where, key)
        elif key == "co":
            assert d.named(t.get("co", [])) == value, (where, key)
        elif key == "leaders":
            assert [d.leaders[x] for x in t.get("leaders", [])] == value, (where, key)
        elif key == "relative_to":
            other = next(h for h in d.got["headline"] if h["id"] == t.get("relative_to"))
            assert other["source"] == value, (where, key)
        elif key == "open_ended":
            assert t.get("open_ended", False) == value, (where, key)
        else:
            got_value = t.get(key, "at_least" if key == "compare" else None)
            assert str(getattr(got_value, "text", got_value)) == str(value), (where, key, got_value)


def _same_parts(d: _Read, parts: list, wanted: list) -> None:
    assert [(s.get("id"), s["title"]) for s in parts] == [(ws.get("id"), ws["title"]) for ws in wanted]
    for s, ws in zip(parts, wanted, strict=True):
        assert [p["id"] for p in s.get("points", [])] == [p["id"] for p in ws.get("points", [])]
        for p, wp in zip(s.get("points", []), ws.get("points", []), strict=True):
            _same_point(d, p, wp)
        _same_parts(d, s.get("sections", []), ws.get("sections", []))


def _same_point(d: _Read, p: dict, wp: dict) -> None:
    assert d.named(p["lead"]) == wp["lead"], p["id"]
    assert d.named(p.get("co", [])) == wp.get("co", []), p["id"]
    assert [d.leaders[x] for x in p.get("leaders", [])] == wp.get("leaders", []), p["id"]
    assert p.get("due") == wp.get("due"), p["id"]
    for f in wp.get("marked", []):
        assert d.marked(f, f"- id: {p['id']}"), (p["id"], f)
    assert len(p["targets"]) == len(wp["targets"]), p["id"]
    for t, want in zip(p["targets"], wp["targets"], strict=True):
        _same_target(d, t, want, t["id"])


def test_a_county_notice_with_its_units_written_after_each_item(tmp_path):
    made = draft(str(DATA / "county/notice.txt"))
    check_case(made.text, yaml.safe_load((DATA / "county/expected.yaml").read_text(encoding="utf-8")))
    valid(made.text, tmp_path)


@pytest.fixture
def city(tmp_path):
    return {"notice": DATA / "city/notice.txt", "units": DATA / "city/units.yaml",
            "xlsx": make.xlsx(make.table_spec(), tmp_path / "table.xlsx"),
            "docx": make.docx(make.table_spec(), tmp_path / "table.docx")}


@pytest.mark.parametrize("table", ["xlsx", "docx"])
def test_a_city_notice_with_its_decomposition_table_and_the_office_list(city, table, tmp_path):
    made = draft(str(city["notice"]), str(city[table]), str(city["units"]))
    assert made.problems == []
    check_case(made.text, yaml.safe_load((DATA / "city/expected.yaml").read_text(encoding="utf-8")))
    valid(made.text, tmp_path)


def test_a_word_file_with_the_notice_and_its_table(city, tmp_path):
    """One Word file holding both: the paragraphs are the notice, the table its decomposition."""
    both = make.docx(make.table_spec(), tmp_path / "both.docx", city["notice"].read_text(encoding="utf-8"))
    made = draft(str(both), units=str(city["units"]))
    check_case(made.text, yaml.safe_load((DATA / "city/expected.yaml").read_text(encoding="utf-8")))


def test_a_table_alone_is_a_plan_with_its_categories(tmp_path):
    """The 莲都区 table (分类 merged over its rows): its rows are the items, 发展目标 the headline."""
    made = draft(str(ROOT / "tests/data/plans/liandu-2023/table.xlsx"))
    got = data(made.text)
    assert got["title"] == "2023年莲都区政府工作报告重点工作" and got["year"] == 2023
    assert len(got["headline"]) == 13 and got["sections"] == []
    names = {u["id"]: u["name"] for u in got["units"]}
    first = got["headline"][0]
    # the 责任单位 cell lists the 牵头单位 too: it is the lead, not also a co-unit
    assert names[first["lead"]] == "区发改局" and "区发改局" not in [names[c] for c in first["co"]]
    valid(made.text, tmp_path)


# ---- the office's corrections kept ------------------------------------------------------------------

def test_a_second_run_keeps_what_the_office_reviewed_where_the_text_is_unchanged(city, tmp_path):
    first = draft(str(city["notice"]), str(city["xlsx"]), str(city["units"])).text
    # the office reviews: a lead for H1, a name, a tolerance for the 左右 figure, a kind; each mark deleted
    corrected = first.replace("    lead: daiding  # 待核：原文沒有寫明牽頭單位：請指定\n    source: 地區生產總值增長5.5%左右",
                              "    lead: fgw\n    source: 地區生產總值增長5.5%左右", 1)
    corrected = corrected.replace("target: 5.5\n", "target: 5.5\n    tolerance: 0.3\n", 1)
    corrected = corrected.replace("name: 實施製造業強市行動\n", "name: 製造業強市行動\n", 1)
    corrected = re.sub(r"kind: level  # 待核：「累計」[^\n]*", "kind: cumulative", corrected)
    old = tmp_path / "2025.yaml"
    old.write_text(corrected, encoding="utf-8")
    # next year's notice: item 1 unchanged, item 2 reworded, item 4 gone, a new item 5
    notice = city["notice"].read_text(encoding="utf-8").replace("2025", "2026")
    notice = notice.replace("加快建設現代物流體系", "加快建設現代物流樞紐")
    notice = re.sub(r"4\.健全社會保障。[^\n]*\n", "5.推進城市更新。改造老舊小區30個。\n", notice)
    new = tmp_path / "2026.txt"
    new.write_text(notice, encoding="utf-8")
    made = draft(str(new), units=str(city["units"]), previous=str(old))
    got = data(made.text)
    h1 = got["headline"][0]
    assert h1["lead"] == "fgw" and str(h1["tolerance"]) == "0.3"  # reviewed, text unchanged: kept
    assert got["year"] == 2026 and str(got["reporting"]["Q1"]) == "2026-04-05"
    assert "lead: daiding  # 待核" in made.text  # H2's lead was still marked: drafted again, marked again
    tasks = {t["source"]: t for s in got["sections"] for p in s["points"] for t in p["targets"]}
    assert tasks["實施製造業強市行動"]["name"] == "製造業強市行動"
    assert "加快建設現代物流樞紐" in tasks and tasks["加快建設現代物流樞紐"]["name"] == "建設現代物流樞紐"  # reworded: new
    assert "改造老舊小區30個" in tasks and not any("累計" in s for s in tasks)
    # item 4's three tasks and the reworded one's old words are gone, each named in the header
    assert "上一份有而原文已沒有的 4 項" in made.text and "#   已沒有：4.1 基本養老保險參保人數" in made.text
    assert made.counts["kept"]["targets"] >= 5
    valid(made.text, tmp_path)


def test_a_second_run_keeps_the_office_corrections_of_the_extended_fields(tmp_path):
    """Groups' members, leaders' titles, a lead list made one, a relative target confirmed, a
    quoted sentence confirmed: each kept where the office deleted its mark."""
    notice = DATA / "county/notice.txt"
    first = draft(str(notice)).text
    corrected = first.replace("units:\n", "units:\n  - {id: jiazhen, name: 甲镇, kind: town}\n", 1)
    corrected = re.sub(r"- \{id: g01, name: 各乡镇, members: \[\]\}  # 待核：[^\n]*", "- {id: g01, name: 各乡镇, members: [jiazhen]}",
                       corrected)
    corrected = corrected.replace("- {id: l01, name: 张三}", "- {id: l01, name: 张三, title: 副县长}")
    corrected = corrected.replace("    lead: [u01, u04]\n", "    lead: u04\n", 1)
    corrected = re.sub(r'(relative_to: "H1")  # 待核：[^\n]*', r"\1", corrected)
    corrected = re.sub(r"(  duty: [^\n]*?)  # 待核：[^\n]*", r"\1", corrected)
    old = tmp_path / "2024.yaml"
    old.write_text(corrected, encoding="utf-8")
    made = draft(str(notice), previous=str(old))
    got = data(made.text)
    assert got["groups"] == [{"id": "g01", "name": "各乡镇", "members": ["jiazhen"]}]
    assert {"id": "jiazhen", "name": "甲镇", "kind": "town"} in got["units"]
    assert got["leaders"] == [{"id": "l01", "name": "张三", "title": "副县长"}]
    h3 = got["headline"][3]
    assert h3["lead"] == "u04" and h3["relative_to"] == "H1" and h3["kind"] == "rate"
    lines = made.text.splitlines()
    for start in ("  - {id: g01", '    relative_to: "H1"', "  duty:", "    lead: u04"):
        assert "# 待核" not in next(line for line in lines if line.startswith(start)), start
    valid(made.text, tmp_path)


# ---- reading: Word numbering, two-row headings, encodings ---------------------------------------------

def test_word_automatic_numbers_are_counted_as_the_page_shows_them(tmp_path):
    import docx as word
    from docx.oxml import parse_xml

    d = word.Document()
    numbering = d.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering.append(parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        f'<w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="%2."/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text, level):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    d.add_paragraph("2030年某縣政府工作要點")
    numbered("推動產業發展", 0)
    numbered("壯大實體經濟。新增規模以上工業企業20家。", 1)
    numbered("擴大有效投資。啟動產業園建設。", 1)
    numbered("增進民生福祉", 0)
    numbered("擴大就業。城鎮新增就業3000人。", 1)
    d.save(tmp_path / "plan.docx")
    made = draft(str(tmp_path / "plan.docx"))
    got = data(made.text)
    assert [(s["id"], s["title"], [p["id"] for p in s["points"]]) for s in got["sections"]] == [
        (1, "推動產業發展", [1, 2]), (2, "增進民生福祉", [1])] or [(s["id"], [p["id"] for p in s["points"]]) for s in got["sections"]] == [
        (1, ["1.1", "1.2"]), (2, ["2.1"])]
    assert any("自動編號" in n for n in made.notes)


def test_a_heading_over_two_columns_takes_the_roles_under_it(tmp_path):
    spec = {"title": "責任分解表", "merges": [[1, 1, 1, 4], [2, 3, 2, 4], [2, 1, 3, 1], [2, 2, 3, 2]],
            "rows": [["序號", "工作任務", "責任單位", ""], ["", "", "牽頭單位", "配合單位"],
                     ["1", "新建公園3座。", "市住建局", "市財政局"]]}
    path = make.xlsx(spec, tmp_path / "t.xlsx")
    got = data(draft(str(path)).text)
    names = {u["id"]: u["name"] for u in got["units"]}
    point = got["sections"][0]["points"][0]
    assert names[point["lead"]] == "市住建局" and [names[c] for c in point["co"]] == ["市財政局"]


def test_gb18030_text_reads_as_its_utf8_twin(tmp_path):
    text = (DATA / "county/notice.txt").read_text(encoding="utf-8")
    (tmp_path / "u.txt").write_text(text, encoding="utf-8")
    (tmp_path / "g.txt").write_bytes(text.encode("gb18030"))
    a, b = draft(str(tmp_path / "u.txt")), draft(str(tmp_path / "g.txt"))
    assert a.text.split("version: 1", 1)[1] == b.text.split("version: 1", 1)[1]
    assert any("GB18030" in n for n in b.notes)


# ---- refusals: one positioned Chinese line, exit 1, nothing written ----------------------------------------

def _zip_with(path: Path, parts: dict[str, bytes]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return path


REFUSED = {
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "舊版 Word 97-2003（.doc）"),
    "old.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "舊版 Excel 97-2003（.xls）"),
    "scan.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    "scan.png": (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "掃描件"),
    "scan.jpg": (b"\xff\xd8\xff\xe0" + b"\0" * 50, "掃描件"),
    "big5.txt": ("各縣市政府：為確保全年各項目標任務圓滿完成，請認真貫徹執行。".encode("big5"), "Big5"),
    "utf16.txt": ("各縣市政府：".encode("utf-16"), "UTF-16"),
    "page.html": (b"<!DOCTYPE html><html><body>x</body></html>", "網頁"),
    "note.rtf": (b"{\\rtf1\\ansi x}", "RTF"),
    "empty.txt": (b"", "空的"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_foreign_file_is_refused_with_one_positioned_line(name, run, tmp_path):
    raw, said = REFUSED[name]
    (tmp_path / name).write_bytes(raw)
    code, out, err = run("draft", tmp_path / name, "-o", tmp_path / "plan.yaml")
    assert code == 1 and out == ""
    first = err.splitlines()[0]
    assert first.startswith(f"{tmp_path / name}:1:1: ") and said in first, err
    assert not (tmp_path / "plan.yaml").exists()


def test_damaged_or_dangerous_office_files_are_refused_by_the_project_guards(run, tmp_path):
    bomb = _zip_with(tmp_path / "bomb.docx", {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<" + b" " * 40_000_000 + b"/>"})
    macro = _zip_with(tmp_path / "macro.xlsx", {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>",
                                                "xl/vbaProject.bin": b"\0"})
    dtd = _zip_with(tmp_path / "dtd.docx", {"[Content_Types].xml": b"<x/>",
                                            "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'})
    odt = _zip_with(tmp_path / "notice.odt", {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    for path, said in ((bomb, "zip 炸彈"), (macro, "巨集"), (dtd, "DTD"), (odt, "OpenDocument")):
        code, _, err = run("draft", path)
        assert code == 1 and err.startswith(f"{path}:1:1: ") and said in err.splitlines()[0], err


def test_the_output_is_never_written_over_a_file_or_an_input(run, tmp_path):
    notice = DATA / "county/notice.txt"
    out = tmp_path / "plan.yaml"
    out.write_text("the office's file\n", encoding="utf-8")
    code, _, err = run("draft", notice, "-o", out)
    assert code == 2 and out.read_text(encoding="utf-8") == "the office's file\n" and "--force" in err
    code, _, err = run("draft", notice, "-o", out, "--force")
    assert code == 0 and out.read_text(encoding="utf-8").startswith("# ") and "需要人核对" in err  # in the plan's script
    copy = tmp_path / "notice.txt"
    copy.write_bytes(notice.read_bytes())
    code, _, err = run("draft", copy, "-o", copy, "--force")
    assert code == 2 and copy.read_bytes() == notice.read_bytes()
    code, _, err = run("draft", notice, "--year", "二〇二四")
    assert code == 2 and "--year" in err


def test_the_report_says_what_was_found_and_what_needs_a_person(run, tmp_path):
    code, out, err = run("draft", DATA / "county/notice.txt", "--script", "simplified")
    assert code == 0 and out.startswith("# ")
    assert "主要预期目标 4 项" in err and "共 13 项任务" in err
    marks = len(marked_lines(out))
    assert f"需要人核对的 {marks} 行" in err


def test_a_plan_serves_as_the_office_list_and_a_report_is_no_plan_to_update(run, tmp_path):
    from jxplan.draft import load_units

    units, problems = load_units(str(ROOT / "plans/2012.yaml"))
    assert problems == [] and len(units) == 55 and (units[0].id, units[0].full_name) == ("fgw", "嘉興市發展和改革委員會")
    report = next((ROOT / "progress").rglob("*.yaml"))
    code, _, err = run("draft", DATA / "county/notice.txt", "--update", report, "--script", "simplified")
    assert code == 1 and re.match(rf"{re.escape(str(report))}:\d+:\d+: ", err) and "--update 要的是一份计划文件" in err


def test_an_office_list_with_a_wrong_entry_is_refused_at_its_line(run, tmp_path):
    units = tmp_path / "units.yaml"
    units.write_text("- {id: fgw, name: 市發改委}\n- {id: FGW2, name: 市統計局}\n- {id: x}\n", encoding="utf-8")
    code, _, err = run("draft", DATA / "county/notice.txt", "--units", units)
    lines = err.splitlines()
    assert code == 1 and lines[0].startswith(f"{units}:2:") and lines[1].startswith(f"{units}:3:")


# ---- never a hang --------------------------------------------------------------------------------------

PATHOLOGICAL = {
    "a list of 100,000 numbers": "一、測試\n1.標題。參保人數分別達到" + "1、" * 100_000 + "2萬人。\n",
    "a sentence of 60,000 clauses": "一、測試\n1.標題。" + "加快推進建設，" * 60_000 + "。\n",
    "60,000 brackets never closed": "一、測試\n1.標題。" + "（" * 60_000 + "新增50家。\n",
    "30,000 quotation marks never closed": "一、測試\n1.標題。" + "“新增5家，" * 30_000 + "\n",
    "100,000 figures in one clause": "一、測試\n1.標題。" + "新增1家" * 100_000 + "\n",
    "a number of 200,000 digits": "一、測試\n1.標題。" + "1" * 200_000 + "萬人\n",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_no_text_makes_the_drafter_hang(name, tmp_path):
    """Every regex reads a bounded window and every loop is linear: a text built to be slow is
    drafted (or refused) in about a second, its doubts said."""
    path = tmp_path / "notice.txt"
    path.write_text(PATHOLOGICAL[name], encoding="utf-8")
    start = time.process_time()
    made = draft(str(path))
    assert time.process_time() - start < 5
    assert made.text is None or marked_lines(made.text)


def test_items_past_what_a_plan_holds_are_refused_at_their_line(run, tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("一、測試\n" + "".join(f"{i}.標題{i}。新增企業{i}家。\n" for i in range(1, 3000)), encoding="utf-8")
    code, _, err = run("draft", path)
    assert code == 1 and err.startswith(f"{path}:1000:1: ") and "1000 以上的編號" in err


# ---- time ----------------------------------------------------------------------------------------------

def test_a_plan_of_300_items_is_drafted_in_under_a_second(tmp_path):
    text, table = make.synthetic(300)
    (tmp_path / "notice.txt").write_text(text, encoding="utf-8")
    make.xlsx(table, tmp_path / "table.xlsx")
    draft(str(DATA / "county/notice.txt"))  # imports and tables loaded once, as in any process
    start = time.process_time()
    made = draft(str(tmp_path / "notice.txt"), str(tmp_path / "table.xlsx"))
    spent = time.process_time() - start
    assert made.counts["points"] == 300 and made.counts["units"] == 40
    assert spent < 1.0, spent
    valid(made.text, tmp_path)
