"""Benchmark: reading workbooks against reading the same reports as YAML.

Makes the 1,000 synthetic reports of ``run.py`` (250 units × 4 quarters) and, for each, the
workbook a clerk would send back: the unit's form from ``jxplan template``, filled through
openpyxl with the same figures, stages and notes. Then times ``jxplan validate`` over each
folder with the cache off, on one core and on every core, and once warm (cache on).

    python benchmarks/xlsx.py [REPORTS]

``python benchmarks/xlsx.py hostile`` times instead the worst workbooks within the reader's
bounds (issue 18): sheets of empty rows up to the tag budget of all the sheets, far rows
in thirty sheets, a form of 5,000 numbers too large for their date format.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DATA, JX, make_data  # noqa: E402


def make_workbooks(plan: Path, progress: Path) -> Path:
    import openpyxl

    from jxplan import read as sources
    from jxplan.check.pipeline import open_plan
    from jxplan.render.workbook import form_workbook
    from jxplan.core.terms import STAGE_LABELS

    out = progress.parent / "workbooks"
    if out.exists():
        return out
    index = open_plan(plan).index
    tmp = out.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for path in sorted(progress.rglob("*.yaml")):
        data = sources.parse(path.read_bytes(), str(path))[0].data
        wb = openpyxl.load_workbook(io.BytesIO(form_workbook(index, data["unit"], data["quarter"])))
        ws = wb["進度報告"]
        rows = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value}
        ws["H2"] = data["submitted"] if not isinstance(data["submitted"], str) else data["submitted"]
        for e in data["entries"]:
            r = rows[e["target"]]
            if "value" in e:
                ws.cell(r, 6).value = float(e["value"]) if "." in str(e["value"]) else int(e["value"])
            if "stage" in e:
                ws.cell(r, 7).value = STAGE_LABELS[e["stage"]]
            if "note" in e:
                ws.cell(r, 10).value = e["note"]
        dest = tmp / path.relative_to(progress).with_suffix(".xlsx")
        dest.parent.mkdir(parents=True, exist_ok=True)
        wb.save(dest)
    tmp.rename(out)
    return out


def timed(cmd: list[str], env: dict, repeat: int = 3) -> float:
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, env=env)
        took = time.perf_counter() - started
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        best = took if best is None else min(best, took)
    return best


def hostile() -> None:
    """The worst workbooks within the reader's bounds: the time and peak memory of each."""
    import re
    import resource
    import zipfile

    from jxplan import read as sources
    from jxplan.check.pipeline import open_plan
    from jxplan.render.workbook import form_workbook
    from jxplan.read.xlsx.container import MAX_SHEETS_MARKUP
    from jxplan.read.xlsx.rawxml import MAX_ROWS

    good = form_workbook(open_plan(Path("plans/2012.yaml")).index, "fgw", "Q2")
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}

    def sheets(rows: bytes, n: int = 30) -> bytes:
        q = dict(parts)
        ns = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        for i in range(n):
            q[f"xl/worksheets/x{i}.xml"] = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                            b"<sheetData>" + rows + b"</sheetData></worksheet>")
            q["xl/workbook.xml"] = q["xl/workbook.xml"].replace(
                b"</sheets>", b'<sheet %s name="x%d" sheetId="%d" r:id="rX%d"/></sheets>' % (ns, i, 100 + i, i))
            q["xl/_rels/workbook.xml.rels"] = q["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
                b'<Relationship Id="rX%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                b'worksheet" Target="worksheets/x%d.xml"/></Relationships>' % (i, i)))
        return zipped(q)

    def zipped(q: dict) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in q.items():
                zf.writestr(name, data)
        return buf.getvalue()

    form = next(n for n in parts if n.startswith("xl/worksheets/"))
    first = int(re.findall(rb'<row r="(\d+)"', parts[form])[-1]) + 1
    dates = dict(parts, **{form: parts[form].replace(b"</sheetData>", b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>9.%d</t></is></c><c r="F%d" s="4"><v>%d</v></c></row>'
        % (r, r, r, r, 10 ** 12 + r) for r in range(first, MAX_ROWS + 1)) + b"</sheetData>")})
    full = dict(parts, **{form: parts[form].replace(b"</sheetData>", b"".join(
        b'<row r="%d">%s</row>' % (r, b"".join(b'<c r="%s%d" t="inlineStr"><is><t>%d</t></is></c>' % (c, r, r)
                                            for c in (b"K", b"L", b"M", b"N", b"O", b"P", b"Q", b"R", b"S", b"T")))
        for r in range(first, first + 4_900)) + b"</sheetData>")})
    cases = {
        "sheets of empty rows, all the sheets' budget": sheets(b"".join(
            b'<row r="%d"/>' % r for r in range(1, (MAX_SHEETS_MARKUP - 20_000) // 30))),
        "30 sheets, rows at 1 and 1,048,576": sheets(b'<row r="1"/><row r="1048576"/>'),
        f"{MAX_ROWS - first + 1:,} numbers too large for their date format": zipped(dates),
        "a form with 49,000 more filled cells (a sheet may have 50,000)": zipped(full),
    }
    for name, raw in cases.items():
        started = time.perf_counter()
        doc, problems = sources.parse(raw, "x.xlsx")
        took = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"  {name}: {len(raw) / 1024:,.0f} KB, {took:.2f} s, {len(problems):,} problems, peak {peak} MB")


def main() -> None:
    if sys.argv[1:] == ["hostile"]:
        return hostile()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    plan, progress = make_data(n)
    books = make_workbooks(plan, progress)
    size = {name: sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
            for name, folder in (("yaml", progress), ("xlsx", books))}
    cold = {**os.environ, "JXPLAN_CACHE": "off"}
    warm = {**os.environ, "JXPLAN_CACHE": "on", "JXPLAN_CACHE_DIR": str(DATA / "cache")}
    print(f"{n} reports: YAML {size['yaml'] / 1e6:.1f} MB, workbooks {size['xlsx'] / 1e6:.1f} MB; {os.cpu_count()} cores")
    for name, folder in (("yaml", progress), ("xlsx", books)):
        cmd = JX + ["validate", "--plan", str(plan), str(folder)]
        subprocess.run(cmd, capture_output=True, env=warm)
        print(f"  {name}: one core, in process {serial(plan, folder):6.2f} s | jxplan validate cold {timed(cmd, cold):6.2f} s"
              f" | warm {timed(cmd, warm):6.2f} s")


def serial(plan: Path, folder: Path) -> float:
    """Reading, validating and checking every file one after another, in this process."""
    from jxplan.check.plans import load_plan
    from jxplan.check.reports import report_outcome

    pl = load_plan(plan)
    files = [(str(f), f.read_bytes()) for f in sorted(folder.rglob("*")) if f.is_file()]
    started = time.perf_counter()
    for path, raw in files:
        report_outcome(path, raw, pl.plan, pl.index)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
