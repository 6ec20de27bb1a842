"""`jxplan site` (issue 22): the year at a glance as a static site.

Fast tests build the site in-process and read its files: what a small plan's pages say
(computed by hand below), links, scripts, the incremental rebuild and the folder's defences.
Slow tests open every page in headless Chromium driven by Selenium (Debian's chromium and
chromium-driver): no console error, no request that leaves the folder, every link resolves,
every chart drawn with the figures of its table, and the overview on one 1366×768 screen
and one A4 page. Under CI=true a missing browser or driver fails instead of skipping.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import ROOT, report, write

LINK = re.compile(r'(?:href|src)="([^"]*)"')


def build(run, out: Path, *args, cwd: Path = ROOT):
    return run("site", "-o", out, *args, cwd=cwd)


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def cells(page: str, table_id: str) -> list[list[str]]:
    """The text of each row's cells of one table (tags dropped)."""
    body = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows]


# ---- a small plan, its pages computed by hand -------------------------------------------------

Q1_REPORTS = {
    # fgw leads H6 (≤4%, ±0.2), 2.1 (10%), 2.3 (超6000萬噸), 2.4 (8000畝 ±400, broken down 5000/3000), 2.5, 5.10
    "fgw.yaml": report("fgw", "Q1", """
        - {target: H6, value: 4.1}      # ceiling 4, band 0.2: 4.1 <= 4.2, on track
        - {target: "2.1", value: 9}     # 9 / 10 = 0.9 >= 0.8: behind
        - {target: "2.3", value: 1500}  # E = 6000 × 0.25 = 1500: on track
        - {target: "2.5", stage: in_progress}  # due Q2: in progress expected in Q1, on track
        - {target: "5.10", value: 10}   # schedule Q1 0.1: E = 10, on track
    """),
    "rsj.yaml": report("rsj", "Q1", "- {target: '2.2', value: 1.5}  # E = 6 × 0.25 = 1.5: on track\n"),
    "nhq.yaml": report("nhq", "Q1", "- {target: '2.4', value: 1250}  # share 5000 × 0.25 = 1250: on track\n"),
    # xzq (share 3000) and tjj (H1) send nothing: the total of 2.4 is 1250 against E = 2000
    # (1250 / 2000 = 0.625 < 0.8: seriously behind), its band 400 × 0.25 = 100 (1900–2100)
}


@pytest.fixture
def small(tmp_path, plan_file):
    folder = tmp_path / "progress"
    for name, text in Q1_REPORTS.items():
        write(folder / "2012" / "Q1" / name, text)
    return plan_file, folder


def test_the_year_page_says_what_each_unit_leads_at_its_worst(run, small, tmp_path):
    plan, reports = small
    code, _, err = build(run, tmp_path / "site", "--plan", plan, "--reports", reports)
    assert code == 0, err
    year = (tmp_path / "site/year.html").read_text(encoding="utf-8")
    rows = {r[0]: r[1:] for r in cells(year, "year-table")[1:]}
    # (leads, Q1): fgw's worst is 2.4's total, seriously behind; tjj sent nothing for H1
    assert rows == {"市發改委": ["6", "嚴重滯後"], "市統計局": ["1", "未報送"], "市人力社保局": ["1", "達到序時進度"],
                    "南湖區": ["0", "達到序時進度"], "秀洲區": ["0", "未報送"]}
    # the chart draws the same cells: a rect per unit, its words as the table's
    labels = re.findall(r'<desc class="label">([^<]*)</desc>', year.split('id="chart-year"')[1].split("</svg>")[0])
    assert sorted(labels) == sorted(f"{unit} 一季度：{words[1]}" for unit, words in rows.items())


def test_a_target_page_gives_the_figures_of_its_chart(run, small, tmp_path):
    plan, reports = small
    build(run, tmp_path / "site", "--plan", plan, "--reports", reports)
    page = (tmp_path / "site/targets/2.4.html").read_text(encoding="utf-8")
    assert cells(page, "figures")[1:] == [["一季度", "2000", "1900–2100", "1250", "62%", "嚴重滯後"]]
    svg = page.split('id="chart-figures"')[1].split("</svg>")[0]
    values = re.findall(r'<desc class="value">([^<]*)</desc>', svg)
    assert values == ["2000", "1250"]  # the 序時進度 bar, then the actual's
    assert '<g class="bar" style="fill: #C55A11' in svg  # seriously behind: the palette's mark colour
    # every report's words, by quarter: the breakdown unit's figure, with its role
    assert "南湖區</a><span class=\"role\">分解任務</span><span class=\"fig\">1250畝</span>" in page


def test_every_link_stays_inside_the_site_and_resolves(run, in_root, tmp_path):
    code, _, err = build(run, tmp_path / "site")
    assert code == 0, err
    site = tmp_path / "site"
    assert len(list((site / "targets").glob("*.html"))) == 266 and len(list((site / "units").glob("*.html"))) == 55
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
            'xmlns:xlink="http://www.w3.org/1999/xlink"', ""), page
        assert "https://" not in text and "url(" not in text and "@import" not in text, page
        for link in LINK.findall(text):
            target = (page.parent / unquote(link.split("#")[0])).resolve()
            assert target.is_file() and target.is_relative_to(site.resolve()), (page, link)
    css = (site / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_the_same_data_give_the_same_bytes_and_a_rebuild_rewrites_nothing(run, in_root, tmp_path):
    build(run, tmp_path / "a")
    build(run, tmp_path / "b")
    for page in (tmp_path / "a").rglob("*"):
        if page.is_file():
            assert page.read_bytes() == (tmp_path / "b" / page.relative_to(tmp_path / "a")).read_bytes(), page
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "a").rglob("*.html")}
    code, _, err = build(run, tmp_path / "a")
    assert code == 0 and "沒有文件需要改寫" in err
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "a").rglob("*.html")} == before


def test_one_new_report_rewrites_only_the_pages_it_changes(run, tmp_path):
    reports = tmp_path / "progress"
    shutil.copytree(ROOT / "progress", reports)
    plan = ROOT / "plans/2012.yaml"
    site = tmp_path / "site"
    build(run, site, "--plan", plan, "--reports", reports)
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    czj = reports / "2012/Q4/czj.yaml"  # 市財政局's corrected report: 地方財政收入增長 (H2) 10.2%, not 9.2%
    czj.write_text(czj.read_text(encoding="utf-8").replace("value: 9.2\n", "value: 10.2\n", 1), encoding="utf-8")
    code, _, err = build(run, site, "--plan", plan, "--reports", reports)
    assert code == 0, err
    changed = {p.relative_to(site).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t}
    # H2 is now achieved: its page, 市財政局's page, the overview, the year and the lists that show them
    assert {"targets/H2.html", "units/czj.html", "index.html", "year.html", "targets.html"} <= changed
    assert len(changed) < 25, sorted(changed)
    assert "targets/H1.html" not in changed and "units/jtj.html" not in changed
    assert f"改寫 {len(changed)} 個文件" in err


def test_pages_of_targets_gone_from_the_plan_are_removed_and_nothing_else(run, small, tmp_path):
    plan, reports = small
    site = tmp_path / "site"
    build(run, site, "--plan", plan, "--reports", reports)
    assert (site / "targets/2.3.html").is_file()
    (site / "notes.txt").write_text("the office's own file", encoding="utf-8")
    text = plan.read_text(encoding="utf-8")
    plan.write_text(re.sub(r"\n\s+- \{id: \"2\.3\".*", "", text), encoding="utf-8")  # 2.3 leaves the plan
    fgw = reports / "2012/Q1/fgw.yaml"
    fgw.write_text(re.sub(r'\n\s+- \{target: "2\.3".*', "", fgw.read_text(encoding="utf-8")), encoding="utf-8")
    code, _, err = build(run, site, "--plan", plan, "--reports", reports)
    assert code == 0, err
    assert not (site / "targets/2.3.html").exists() and (site / "targets/2.1.html").is_file()
    assert (site / "notes.txt").read_text(encoding="utf-8") == "the office's own file"
    assert "刪除 1 個" in err
    manifest = json.loads((site / ".jxplan-site.json").read_text(encoding="utf-8"))
    assert "targets/2.3.html" not in manifest["files"] and "notes.txt" not in manifest["files"]


def test_a_folder_that_is_not_a_site_is_written_into_only_with_force(run, small, tmp_path):
    plan, reports = small
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "index.html").write_text("someone's page", encoding="utf-8")
    code, _, err = build(run, folder, "--plan", plan, "--reports", reports)
    assert code == 2 and "不是 jxplan 生成的網站" in err and "--force" in err
    assert [p.name for p in folder.iterdir()] == ["index.html"]
    assert (folder / "index.html").read_text(encoding="utf-8") == "someone's page"
    code, _, err = build(run, folder, "--plan", plan, "--reports", reports, "--force")
    assert code == 0, err
    assert (folder / ".jxplan-site.json").is_file() and "jxplan" in (folder / "index.html").read_text(encoding="utf-8")
    file = tmp_path / "site.html"
    file.write_text("x", encoding="utf-8")
    code, _, err = build(run, file, "--plan", plan, "--reports", reports, "--force")
    assert code == 2 and "不是文件夾" in err and file.read_text(encoding="utf-8") == "x"


def test_no_write_follows_a_link_out_of_the_site(run, small, tmp_path):
    plan, reports = small
    site = tmp_path / "site"
    build(run, site, "--plan", plan, "--reports", reports)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.html").write_text("outside", encoding="utf-8")
    shutil.rmtree(site / "units")
    (site / "units").symlink_to(outside, target_is_directory=True)
    code, _, err = build(run, site, "--plan", plan, "--reports", reports, "--force")
    assert code == 1 and "units" in err and "符號鏈接" in err
    assert sorted(p.name for p in outside.iterdir()) == ["keep.html"]
    (site / "units").unlink()
    (site / "index.html").unlink()
    (site / "index.html").symlink_to(outside / "keep.html")
    code, _, err = build(run, site, "--plan", plan, "--reports", reports, "--force")
    assert code == 1 and "index.html" in err
    assert (outside / "keep.html").read_text(encoding="utf-8") == "outside"


def test_the_site_is_never_written_into_the_reports_folder(run, small):
    plan, reports = small
    code, _, err = build(run, reports / "site", "--plan", plan, "--reports", reports)
    assert code == 2 and "報告文件夾" in err and not (reports / "site").exists()


def test_simplified_pages_are_simplified_and_their_style_sheet_untouched(run, in_root, tmp_path):
    build(run, tmp_path / "t")
    code, _, err = build(run, tmp_path / "s", "--script", "simplified")
    assert code == 0, err
    index = (tmp_path / "s/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in index and "落实情况总览" in index and "總覽" not in index
    assert "地区生产总值增长" in (tmp_path / "s/targets/H1.html").read_text(encoding="utf-8")
    assert (tmp_path / "s/site.css").read_bytes() == (tmp_path / "t/site.css").read_bytes()  # font names are names
    assert '<html lang="zh-Hant">' in (tmp_path / "t/index.html").read_text(encoding="utf-8")


def test_the_readme_shows_the_command_and_a_small_screenshot():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```sh\n.venv/bin/jxplan site" in readme and "](docs/images/site-overview.png)" in readme
    shot = ROOT / "docs/images/site-overview.png"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size < 400_000


def test_ids_that_are_no_safe_file_name_get_one():
    from jxplan.render.site.pages import file_names

    names = file_names(["2.1", "H4a", "h4A", "5.10", "con", "a/b", "../x", "目標一", "x."])
    assert names["2.1"] == "2.1" and names["H4a"] == "H4a" and names["5.10"] == "5.10"
    for unsafe in ("h4A", "con", "a/b", "../x", "目標一", "x."):  # a case twin, a Windows name, a path, CJK
        assert re.fullmatch(r"t-[0-9a-f]{12}", names[unsafe]), unsafe
    assert len({n.casefold() for n in names.values()}) == len(names)


def test_help_does_not_import_the_chart_library():
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "jxplan", "--help"], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "JXPLAN_CACHE": "off"})
    assert done.returncode == 0 and "site" in done.stdout
    assert "pygal" not in done.stderr and "jxplan.render.site" not in done.stderr


def test_status_colours_are_the_terminals_and_the_workbooks():
    from jxplan.render.terminal import STYLE
    from jxplan.render.workbook import STATUS_FILLS
    from jxplan.core.terms import PALETTE, STATUSES

    assert set(PALETTE) == set(STATUSES)
    assert STYLE == {s: c.terminal for s, c in PALETTE.items()}
    assert STATUS_FILLS == {s: c.fill for s, c in PALETTE.items()}  # and the site's cells (site.css, below)


def test_the_style_sheet_takes_the_palette(run, small, tmp_path):
    from jxplan.core.terms import PALETTE

    plan, reports = small
    build(run, tmp_path / "site", "--plan", plan, "--reports", reports)
    css = (tmp_path / "site/site.css").read_text(encoding="utf-8")
    for status, colour in PALETTE.items():
        assert f".st-{status} {{ background: #{colour.fill}; }}" in css
        assert f".mk-{status} {{ background: #{colour.mark}; }}" in css


# ---- in a real browser ----------------------------------------------------------------------

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1366,768"]


def _browser_tools() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    tools = _browser_tools()
    if tools is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium and chromium-driver (.ci/run installs them)")
        pytest.skip("chromium or chromedriver not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = tools[0]
    for arg in CHROMIUM_ARGS + [f"--user-data-dir={tmp_path_factory.mktemp('profile')}"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=tools[1]))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory):
    """The shipped year, in both scripts."""
    from jxplan.cli.commands import run as cli

    out = tmp_path_factory.mktemp("site")
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        for script in ("traditional", "simplified"):
            assert cli(["site", "-o", str(out / script), "--script", script]) == 0
    finally:
        os.chdir(here)
    return out


def _load(driver, page: Path) -> tuple[list, list]:
    """Open a page; (console entries, URLs requested)."""
    driver.get_log("browser"), driver.get_log("performance")  # what came before is not this page's
    driver.get(page.as_uri())
    console = driver.get_log("browser")
    requested = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    return console, requested


@pytest.mark.slow
def test_every_page_loads_with_no_error_no_request_out_and_every_link_resolving(browser, shipped_site):
    for script in ("traditional", "simplified"):
        site = shipped_site / script
        root = site.resolve().as_uri()
        for page in pages(site):
            console, requested = _load(browser, page)
            assert [e for e in console if e["level"] in ("SEVERE", "WARNING")] == [], (page, console)
            assert requested and all(u.startswith(root + "/") for u in requested), (page, requested)
            links = browser.execute_script(
                "return Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src]'))"
                ".map(e => e.href || e.src)")
            for link in links:
                url = urlparse(link)
                assert url.scheme == "file" and Path(unquote(url.path)).is_file(), (page, link)
                assert Path(unquote(url.path)).resolve().is_relative_to(site.resolve()), (page, link)


MARKS = r"""
const svg = document.querySelector(arguments[0]);
const series = [];
svg.querySelectorAll('.series').forEach(s => {
  const n = Number(/serie-(\d+)/.exec(s.getAttribute('class'))[1]);
  series[n] = (series[n] || []).concat(Array.from(s.querySelectorAll('.bar, .dots')));
});
return Array.from(series, marks => (marks || []).map(m => ({
     value: (m.querySelector('desc.value') || {}).textContent || '',
     label: (m.querySelector('desc.label') || {}).textContent || '',
     x: (m.querySelector('desc.x_label') || {}).textContent || '',
     fill: getComputedStyle(m.querySelector('rect, circle')).fill})));
"""
TABLE = """
return Array.from(document.querySelectorAll(arguments[0] + ' tbody tr')).map(r =>
  [r.getAttribute('data-status') || ''].concat(Array.from(r.cells).map(c => c.textContent.trim())));
"""


def _rgb(hex_: str) -> str:
    return "rgb({}, {}, {})".format(*(int(hex_[i:i + 2], 16) for i in (0, 2, 4)))


@pytest.mark.slow
def test_every_chart_is_drawn_with_the_figures_of_its_table(browser, shipped_site):
    from jxplan.core.terms import PALETTE

    site = shipped_site / "traditional"
    charted = 0
    for page in sorted((site / "targets").glob("*.html")):
        _load(browser, page)
        if not browser.find_elements("css selector", "#chart-figures"):
            assert browser.find_elements("css selector", "#stages tbody tr")  # a task: its stages, no chart
            continue
        charted += 1
        expected, actual = browser.execute_script(MARKS, "#chart-figures")
        rows = browser.execute_script(TABLE, "#figures")
        band = len(rows[0]) == 7
        table_expected = [(r[1], r[2]) for r in rows if r[2] != "—"]
        table_actual = [(r[1], r[4 if band else 3], r[0]) for r in rows if r[4 if band else 3] != "—"]
        assert [(m["x"], m["value"]) for m in expected] == table_expected, page
        assert [(m["x"], m["value"]) for m in actual] == [(q, v) for q, v, _ in table_actual], page
        assert [m["fill"] for m in actual] == [_rgb(PALETTE[s].mark) for _, _, s in table_actual], page
    assert charted == 49  # every target with a figure
    _load(browser, site / "index.html")
    bars = browser.execute_script(MARKS, "#chart-counts")
    counts = {r[0]: r[2:] for r in browser.execute_script(TABLE, ".counts table")}
    groups = browser.execute_script(
        "return Array.from(document.querySelectorAll('.counts thead th')).slice(1).map(c => c.textContent.trim())")
    for serie in bars:
        for mark in serie:
            group, said = mark["label"].split("：")
            status = next(s for s, c in PALETTE.items() if mark["fill"] == _rgb(c.mark))
            assert said.endswith(f"{counts[status][groups.index(group)]}項"), mark
    headline = browser.execute_script(
        "return Array.from(document.querySelectorAll('.headline-table tbody tr')).map(r =>"
        " [r.querySelector('svg') ? '#' + r.querySelector('svg').id : ''].concat(Array.from(r.querySelectorAll('td.q')).map(c =>"
        " [c.querySelector('.actual').textContent, (c.querySelector('.exp') || {}).textContent])))")
    sparklines = 0
    for i, (chart, *quarters_) in enumerate(headline):
        if not chart:
            continue
        expected, actual = browser.execute_script(MARKS, chart)
        sparklines += 1
        assert [m["value"] for m in actual] == [a for a, _ in quarters_ if a != "—"], i
        assert [m["value"] for m in expected] == [e for _, e in quarters_ if e != "—"], i
    assert sparklines == 9  # every headline target with a figure (節能減排 is a task)
    _load(browser, site / "year.html")
    labels = [m["label"] for serie in browser.execute_script(MARKS, "#chart-year") for m in serie]
    table = browser.execute_script(TABLE, ".year-table")
    quarters = ["一季度", "上半年", "前三季度", "全年"]
    assert sorted(labels) == sorted(f"{r[1]} {q}：{r[3 + i]}" for r in table for i, q in enumerate(quarters))


@pytest.mark.slow
def test_the_overview_fits_a_screen_and_an_a4_page(browser, shipped_site, tmp_path):
    import base64

    for script in ("traditional", "simplified"):
        _load(browser, shipped_site / script / "index.html")
        size = browser.execute_script("return [innerWidth, innerHeight, document.documentElement.scrollWidth,"
                                      " document.documentElement.scrollHeight]")
        assert size[0] >= 1300 and size[2] <= size[0] and size[3] <= size[1], size
        pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True,
                                                                             "printBackground": True})["data"])
        path = tmp_path / f"{script}.pdf"
        path.write_bytes(pdf)
        if not shutil.which("pdfinfo"):
            if os.environ.get("CI"):
                pytest.fail("CI must have poppler-utils (.ci/run installs it)")
            pytest.skip("pdfinfo not installed (apt-get install poppler-utils)")
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.M), info
        assert re.search(r"Page size:\s+841\.\d+ x 59[45]\.\d+ pts", info), info  # A4 across
        text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
        assert ("落實情況總覽" if script == "traditional" else "落实情况总览") in text


@pytest.mark.slow
def test_lists_sort_and_filter_without_javascript_and_better_with_it(browser, shipped_site):
    site = shipped_site / "traditional"
    _load(browser, site / "targets.html")
    rows = "#targets-list tbody tr"
    visible = "return Array.from(document.querySelectorAll(arguments[0])).filter(r => r.offsetParent).map(r => r.className)"
    browser.find_element("css selector", 'label[for="fs-lag"]').click()  # a CSS filter: no script involved
    shown = browser.execute_script(visible, rows)
    assert shown and all("f-lag" in c for c in shown) and len(shown) == 9
    browser.find_element("css selector", 'label[for="fs-all"]').click()
    box = browser.find_element("css selector", 'input[data-filter="targets-list"]')
    box.send_keys("固定資產")
    assert 0 < len(browser.execute_script(visible, rows)) < 5
    box.clear()
    box.send_keys(" ")
    head = browser.find_element("css selector", "#targets-list thead th:nth-child(2) button")  # 指標
    ids = "return Array.from(document.querySelectorAll(arguments[0])).map(r => r.cells[0].textContent)"
    assert browser.execute_script(ids, rows)[:2] == ["H1", "H2"]
    head.click()  # sorted by name, in the browser's order for Chinese; the rows move, all of them
    moved = browser.execute_script(ids, rows)
    assert moved[:2] != ["H1", "H2"] and sorted(moved) == sorted(browser.execute_script(ids, rows))
    assert head.find_element("xpath", "..").get_attribute("aria-sort") in ("ascending", "descending")
    # without JavaScript: the same filters, and the column heads link to the lists sorted so
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        _load(browser, site / "targets.html")
        assert not browser.find_elements("css selector", "#targets-list thead button")
        browser.find_element("css selector", 'label[for="fk-numeric"]').click()
        assert len(browser.execute_script(visible, rows)) == 49
        browser.find_element("css selector", "#targets-list thead th:nth-child(3) a").click()  # 牽頭單位
        assert browser.current_url.endswith("/targets-lead.html")
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
