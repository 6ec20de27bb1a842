"""The drafter's input files, made from the text fixtures beside this file: the city's
decomposition table as an Excel workbook and as Word tables (cells and merges from
``city/table.yaml``), the seed as an office holds it, and a synthetic notice of any size
with its table (for the 300-item timing). Used by tests/test_draft.py and benchmarks/draft.py."""

from __future__ import annotations

import json
import random
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent


def seed() -> str:
    """The seed notice as an office holds it: the scrape with its four mojibake runs restored
    (seed-repairs.json); its pinyin readings are left for the drafter to strip."""
    text = (ROOT / "docs/sources/2012-notice.scraped.txt").read_text(encoding="utf-8")
    for bad, good in json.loads((HERE / "seed-repairs.json").read_text(encoding="utf-8"))["runs"].items():
        assert bad in text, bad
        text = text.replace(bad, good)
    return text


def table_spec(case: str = "city") -> dict:
    return yaml.safe_load((HERE / case / "table.yaml").read_text(encoding="utf-8"))


def xlsx(spec: dict, out: Path) -> Path:
    """The table as a workbook: its title in row 1, its headings and rows below, merged as specified."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分解表"
    ws.cell(1, 1, spec["title"])
    for r, row in enumerate(spec["rows"], 2):
        for c, value in enumerate(row, 1):
            if value != "":
                ws.cell(r, c, int(value) if c == 1 and str(value).isdigit() else value)
    for r1, c1, r2, c2 in spec.get("merges", []):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    wb.save(out)
    return out


def docx(spec: dict, out: Path, notice: str | None = None) -> Path:
    """The table as a Word document (a title paragraph, then the table, merged as specified:
    the sheet's row 1 is the title paragraph); with ``notice``, its paragraphs come first."""
    import docx as word

    d = word.Document()
    for line in (notice or "").splitlines():
        if line.strip():
            d.add_paragraph(line)
    d.add_paragraph(spec["title"])
    rows = spec["rows"]
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for r1, c1, r2, c2 in spec.get("merges", []):
        if r1 == 1:
            continue  # the title is a paragraph
        keep = table.cell(r1 - 2, c1 - 1).text
        merged = table.cell(r1 - 2, c1 - 1).merge(table.cell(r2 - 2, c2 - 1))
        merged.text = keep
    d.save(out)
    return out


UNITS = ["市發改委", "市經信局", "市財政局", "市商務局", "市科技局", "市教育局", "市民政局", "市人力社保局", "市自然資源局",
         "市生態環境局", "市住建局", "市交通運輸局", "市水利局", "市農業農村局", "市文旅局", "市衛健委", "市應急管理局",
         "市市場監管局", "市統計局", "市醫保局", "市城管局", "市數據局", "市金融辦", "市大數據局", "市信訪局", "市司法局",
         "市公安局", "市審計局", "市國資委", "市體育局", "市退役軍人局", "市林業局", "市糧食局", "市氣象局", "市殘聯",
         "甲區人民政府", "乙區人民政府", "丙縣人民政府", "丁縣人民政府", "高新區管委會"]
TASKS = [
    "加快推進第{n}批重點項目建設，全年完成投資{a}億元以上",
    "新增規模以上工業企業{a}家，力爭高新技術產業增加值增長{b}%",
    "啟動{n}號片區、{m}號片區改造工程建設",
    "深化第{n}項改革，持續優化營商環境，努力提升群眾滿意度",
    "{q}出臺第{n}號實施辦法",
    "城鎮新增就業{a}人，城鎮登記失業率控制在{c}%以內",
    "堅持生態優先，實施第{n}號河道綜合治理工程，建成污水管網{a}公里",
    "參保人數達到{a}萬人，累計建成服務中心{b}家",
]


def synthetic(n: int, seed_value: int = 21) -> tuple[str, dict]:
    """A notice of ``n`` items in ten sections, each item two sentences of the kinds a work plan
    has (figures of every kind, end states, duties, deadlines), and its decomposition table."""
    rnd = random.Random(seed_value)
    numerals = "一二三四五六七八九十"
    lines = ["各區人民政府，市政府各部門：", "現將《2030年市政府工作要點》印發給你們，請認真貫徹落實。", "某市人民政府",
             "2030年1月20日", "附件1", "2030年市政府工作要點",
             "2030年全市經濟社會發展的主要預期目標是：地區生產總值增長5%左右；一般公共預算收入增長6%；城鎮新增就業5萬人。"]
    rows = [["序號", "主要工作任務", "責任領導", "牽頭單位", "責任單位", "完成時限"]]
    per = max(1, n // 10)
    item = 0
    for s in range(10):
        lines.append(f"{numerals[s]}、第{numerals[s]}方面的重點工作")
        for _ in range(per if s < 9 else n - per * 9):
            item += 1
            words = []
            for _ in range(2):
                pattern = rnd.choice(TASKS)
                words.append(pattern.format(n=item, m=item + 1, a=rnd.randint(2, 900), b=rnd.randint(2, 90),
                                            c=rnd.randint(2, 5), q=rnd.choice(["上半年", "6月底前", "9月30日前", "年內"])))
            text = "。".join(words) + "。"
            lines.append(f"{item}.第{item}項工作。{text}")
            lead, *co = rnd.sample(UNITS, 4)
            rows.append([str(item), f"第{item}項工作。{text}", f"副市長{item % 7 + 1}", lead, "、".join(co), rnd.choice(["", "全年", "6月底前"])])
    return "\n".join(lines) + "\n", {"title": "2030年市政府工作要點責任分解方案", "rows": rows, "merges": []}
