"""The shipped 2012 plan: valid, faithful to the source word for word, every number a target."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from itertools import takewhile
from pathlib import Path

import pytest

from conftest import ROOT
from jxplan.core.resources import packaged
from jxplan.check.pipeline import open_plan
from jxplan.judge.advice import validate as check_paths  # all validate says

SOURCE = ROOT / "docs/sources/2012-notice.scraped.txt"
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
# the four mojibake runs of the scrape, with the wording they replace (formats.md)
MOJIBAKE = {"規?;藴驶蜕鷳B化": "規模化、標準化和生態化", "規?;?、集群化": "規模化、集群化",
            "嘉興?精英": "嘉興·精英", "確?;鸢踩?。": "確保基金安全。"}


# The scrape's simplified leftovers and lower-case gdp, corrected in the plan: the list in its
# header comment, "#   落后 → 落後", applied in its order.
CORRECTION = re.compile(r"^#   (\S+) → (\S+?)(?:（.*）)?$", re.M)


def corrections() -> list[tuple[str, str]]:
    return CORRECTION.findall((ROOT / "plans/2012.yaml").read_text(encoding="utf-8"))


def clean(text: str) -> str:
    text = PINYIN.sub("", text)
    for bad, good in MOJIBAKE.items():
        text = text.replace(bad, good)
    return text


def corrected(text: str) -> str:
    """The cleaned source with the plan's listed corrections: what the plan must hold word for word."""
    for scraped, plan in corrections():
        text = text.replace(scraped, plan)
    return text


@pytest.fixture(scope="module")
def plan():
    ws = open_plan(ROOT / "plans/2012.yaml")
    assert ws.problems == () and ws.plan is not None
    return ws


def test_source_cleaning_removes_every_artifact():
    raw = SOURCE.read_text(encoding="utf-8")
    assert len(PINYIN.findall(raw)) == 728
    text = clean(raw)
    assert "?" not in text and not PINYIN.search(text)


def test_the_plan_lists_each_correction_of_the_scrape_and_leaves_no_simplified_character():
    from jxplan.core.script import SIMPLIFIED_ONLY

    text, fixes = clean(SOURCE.read_text(encoding="utf-8")), corrections()
    assert ("落后", "落後") in fixes and ("gdp", "GDP") in fixes and ("污", "汙") in fixes
    for scraped, plan in fixes:
        assert scraped in text, scraped  # a listed correction that corrects nothing is stale
        text = text.replace(scraped, plan)
    assert not set(SIMPLIFIED_ONLY) & set(text) and "gdp" not in text
    for leftover in ("落后", "示范", "骨干", "規范", "制造"):  # characters both scripts write: found by reading
        assert leftover not in text


def test_the_notice_is_in_the_plan_word_for_word(plan):
    """Everything before 附件1: addressees, three paragraphs, the annexes, signature and date."""
    text = corrected(clean(SOURCE.read_text(encoding="utf-8")))
    notice = text.split("附件1:\n", 1)[0].splitlines()
    n = plan.plan.notice
    annexes = [("附件:" if i == 1 else "") + f"{i}.{a}" for i, a in enumerate(n.annexes, 1)]
    assert [n.addressees, *n.paragraphs, *annexes, n.signature, n.date] == notice
    assert len(n.paragraphs) == 3 and n.title is None  # the scraped notice has no title: none is invented
    assert n.date == "二〇一二年二月三日" and plan.plan.issued.isoformat() == "2012-02-03"


def test_every_paragraph_of_annex_1_is_in_the_plan_word_for_word(plan):
    text = corrected(clean(SOURCE.read_text(encoding="utf-8")))
    annex = text.split("附件1:\n", 1)[1].splitlines()
    p = plan.plan
    assert annex[0] == p.title
    rebuilt = [p.title, *p.preamble]
    numerals = "一二三四五六七八"
    for s in p.sections:
        rebuilt.append(f"{numerals[s.id - 1]}、{s.title}")
        for pt in s.points:
            rebuilt.append(f"{pt.id}.{pt.title}。{pt.text}" if isinstance(pt.id, int) else pt.text)
    assert rebuilt == annex


def test_no_scraping_artifacts_left_in_the_plan():
    text = (ROOT / "plans/2012.yaml").read_text(encoding="utf-8")
    assert not PINYIN.search(text)
    assert "?" not in text.replace("# yaml-language-server", "")


def test_every_target_quotes_its_source(plan):
    p = plan.plan
    paragraphs = {None: p.preamble[0]}
    for s in p.sections:
        for pt in s.points:
            paragraphs[pt.id] = pt.text
    for ref in plan.index.refs:
        src = ref.target.source
        assert src, ref.id
        where = paragraphs[ref.point.id if ref.point else None]
        for part in src.split("…"):
            assert part in where, (ref.id, part)


CLAUSE = re.compile(r"[^,，。；;]+[,，。；;]?")


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a paragraph, split after , 。 ；; end excludes the separator."""
    out = []
    for m in CLAUSE.finditer(text):
        end = m.end() - (1 if m.group()[-1] in ",，。；;" else 0)
        out.append((m.start(), end))
    return out


def readme_preamble() -> dict[tuple[str, str], str]:
    """The README's table of clauses that are not tasks: (point, clause) -> why."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = readme.split("### Clauses that are not tasks", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    table = list(takewhile(lambda line: line.startswith("|"), lines[start:]))
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in table[2:]]
    return {(point, clause): why for point, clause, why in rows}


# Several targets quote one clause only where it sets several figures or names several events.
SHARED = [("5.5", "5.6"), ("8.1", "8.2"), ("14.2", "14.3"), ("23.3", "23.9"), ("24.3", "24.4", "24.5")]


def test_every_clause_of_every_point_is_one_task_or_preamble(plan):
    """Each task quotes a run of whole clauses word for word; every clause of a point belongs to
    exactly one task, or to the README's list of clauses that are not tasks."""
    preamble = readme_preamble()
    assert preamble and all(why for why in preamble.values())
    shared, seen_preamble = [], set()
    for s in plan.plan.sections:
        for pt in s.points:
            spans = clauses(pt.text)
            owner: list = [None] * len(spans)
            tasks: dict[str, list[str]] = {}
            for t in pt.targets:
                tasks.setdefault(t.source, []).append(t.id)
            marked = [(src, ids) for src, ids in tasks.items()]
            marked += [(clause, "preamble") for (point, clause) in preamble if point == str(pt.id)]
            for src, ids in marked:
                at = pt.text.find(src)
                assert at >= 0 and pt.text.find(src, at + 1) < 0, (pt.id, src)  # once, word for word
                first = [i for i, (a, _) in enumerate(spans) if a == at]
                last = [i for i, (_, b) in enumerate(spans) if b == at + len(src)]
                assert first and last, (pt.id, src, "not a run of whole clauses")
                for i in range(first[0], last[0] + 1):
                    assert owner[i] is None, (pt.id, pt.text[slice(*spans[i])], owner[i], ids)
                    owner[i] = ids
                if ids == "preamble":
                    seen_preamble.add((str(pt.id), src))
                elif len(ids) > 1:
                    shared.append(tuple(ids))
            missing = [pt.text[slice(*spans[i])] for i, o in enumerate(owner) if o is None]
            assert not missing, (pt.id, missing)
    assert seen_preamble == set(preamble)
    assert shared == SHARED


def test_shared_clauses_are_figures_or_events_of_the_same_units(plan):
    refs = plan.index.targets
    for ids in SHARED:
        kinds = {refs[i].target.kind == "milestone" for i in ids}
        assert len(kinds) == 1 and len({(refs[i].lead, refs[i].co) for i in ids}) == 1, ids
        assert len({refs[i].target.name for i in ids}) == len(ids)


# The annual figure of every quantified target as documents show it, written by hand from the text.
# Where the text writes the unit differently (91萬、137萬和110萬人; 3.1萬名), the figure is shown in the
# target's unit and SAID holds the text's own words.
FIGURES = {
    "H1": "10%", "H2": "10%", "H3": "2.3%", "H4a": "11%以上", "H4b": "11%以上", "H6": "4%左右", "H7a": "6萬人",
    "H7b": "4%以內", "H8": "1‰以內", "2.1": "10%", "2.2": "10%", "4.1": "50家", "5.1": "1.2個百分點", "5.2": "100個",
    "5.3": "突破2000億元", "5.4": "8個", "5.5": "3家", "5.6": "70家", "6.1": "8000畝左右", "7.1": "15萬畝", "7.2": "15個",
    "7.3": "50家", "7.4": "50%以上", "8.1": "超6000萬噸", "8.2": "超70萬標箱", "10.1": "70公里", "10.2": "73座",
    "10.3": "168萬千伏安", "11.2": "46個", "11.3": "85條", "12.1": "2至3萬戶", "12.2": "1.2萬畝", "13.1": "85%以上",
    "14.1": "20家", "14.2": "30個", "14.3": "15家", "15.1": "280萬噸", "15.2": "100家", "16.2": "54個",
    "16.3": "200公里以上", "18.1": "14億美元", "18.2": "超過200億元", "23.1": "3.1萬人", "23.2": "4.5萬人",
    "24.1": "5.7萬人", "24.2": "5萬人", "24.3": "91萬人", "24.4": "137萬人", "24.5": "110萬人",
}
SAID = {"23.1": "3.1萬名", "24.3": "91萬、", "24.4": "137萬和"}


def test_figures_are_shown_as_the_text_says_them(plan, run, monkeypatch):
    from jxplan.render.words import goal

    quantified = {r.id: r.target for r in plan.index.refs if r.target.kind != "milestone"}
    assert set(quantified) == set(FIGURES)
    for tid, t in quantified.items():
        assert goal(t) == FIGURES[tid], tid
        assert SAID.get(tid, FIGURES[tid]) in t.source, tid
    monkeypatch.chdir(ROOT)
    shown = {row["id"]: row["goal"] for row in __import__("json").loads(run("status", "-q", "Q2", "-f", "json")[1])["targets"]}
    assert {k: v for k, v in shown.items() if k in FIGURES} == FIGURES
    assert "| 突破2000億元 |" in run("decomposition")[1] and "年度目標 11%以上" in run("template", "-u", "fgw", "-q", "Q2")[1]


def test_no_deadline_is_invented(plan):
    """The text gives no quarter for any task (it says 年內, 全年): no due, unless the office set it."""
    assert [r.id for r in plan.index.refs if r.target.due and r.target.due_set_by != "office"] == []


def test_every_task_is_tracked_by_kind(plan):
    refs = plan.index.refs
    kinds = Counter((r.target.kind, r.target.open_ended) for r in refs)
    assert kinds == {("cumulative", False): 30, ("rate", False): 10, ("level", False): 9, ("milestone", False): 29,
                     ("milestone", True): 188}
    # levels reached by the year's end (a number of clusters, insured people): no baseline in the text, so
    # judged at Q4, never 滯後 in June for being below the December figure
    levels = {r.id for r in refs if r.target.kind == "level"}
    assert levels == {"H3", "5.4", "5.5", "5.6", "7.4", "13.1", "24.3", "24.4", "24.5"}
    assert all(r.target.base is None for r in refs)
    # every task with an end-state says its goal in the text's words, never a software word
    assert all(r.target.goal for r in refs if r.target.kind == "milestone" and not r.target.open_ended)
    assert len(refs) == 266
    # the deliverables an audit found missing, each a task of its own
    named = {"6": ["研究制定相關實施意見和配套政策", "修訂淘汰落後產能標準"],
             "22": ["啟動基層醫療機構運行機制改革示範點建設"],
             "23": ["實現充分就業社區、村創建基本全覆蓋"],
             "5": ["抓好5個省塊狀經濟向現代產業集群轉型升級示範區建設"],
             "12": ["扎實推進百個示範性城鄉一體新社區和“美麗鄉村”建設", "繼續抓好王江涇、姚莊、崇福3個省級小城市試點"],
             "14": ["辦好“百場科技對接”活動"]}
    for point, words in named.items():
        for w in words:
            found = [r for r in refs if r.point and str(r.point.id) == point and w in (r.target.source or "")]
            assert len(found) == 1 and found[0].target.kind == "milestone", w
    assert plan.index.targets["23.9"].target.name == "舉辦百校百企對接活動"


def test_units_are_chosen_per_task_by_function(plan):
    t = plan.index.targets
    counties = {"nhq", "xzq", "jsx", "phs", "hns", "hyx", "txs"}
    assert all(not pt.co for s in plan.plan.sections for pt in s.points)  # nothing copied down from a point
    assert all(r.target.co is not None for r in plan.index.refs if r.section is not None and r.target.kind != "milestone")
    assert (t["H1"].lead, t["H4a"].lead) == ("fgw", "fgw") and "tjj" in t["H1"].co and "tjj" in t["H4a"].co
    assert not {"dlj", "ghgl"} & set(t["10.1"].co + t["10.2"].co)        # rural roads: the counties build them
    assert not any("jsw" in t[i].co for i in ("24.3", "24.4", "24.5"))   # insurance counts: 地稅 collects
    assert "tyj" not in t["22.1"].co                                     # hospital reform
    assert (t["25.3"].lead, t["18.2"].lead) == ("sfj", "jhb")            # 大調解: 司法局; 引進內資: 經合辦
    # the county governments answer for the figures made in their territories
    made_there = ["H1", "H2", "H4a", "H4b", "H7a", "2.1", "2.2", "5.3", "6.1", "7.1", "12.1", "13.1", "15.1", "18.1", "18.2", "23.1", "24.1"]
    assert all(counties <= set(t[i].co) for i in made_there)


def test_numeric_targets_of_the_text(plan):
    refs = plan.index.refs
    head = [r for r in refs if r.section is None]
    assert [r.id for r in head] == ["H1", "H2", "H3", "H4a", "H4b", "H5", "H6", "H7a", "H7b", "H8"]
    assert sum(r.target.kind != "milestone" for r in head) == 9
    points = [r for r in refs if r.section is not None]
    assert sum(r.target.kind != "milestone" for r in points) == 40
    t = {r.id: r.target for r in refs}
    assert (t["H6"].compare, t["H6"].tolerance is not None) == ("at_most", True)
    assert (t["8.1"].compare, t["8.1"].unit, t["8.1"].target) == ("above", "萬噸", 6000)
    assert (t["12.1"].target, t["12.1"].stretch, t["12.1"].unit) == (2, 3, "萬戶")
    assert t["H7b"].compare == "at_most" and t["H8"].unit == "‰"
    assert t["6.1"].tolerance == 400 and t["H5"].kind == "milestone"
    assert not any(r.target.breakdown for r in refs)  # the source gives no county shares


def test_every_point_is_supervised(plan):
    counts = Counter(len(pt.targets) > 0 for s in plan.plan.sections for pt in s.points)
    assert counts == {True: 26}
    ids = [pt.id for s in plan.plan.sections for pt in s.points]
    assert ids[:25] == list(range(1, 26)) and ids[25] == "S8"


def test_counties_are_units(plan):
    names = {u.name for u in plan.plan.units if u.kind == "county"}
    assert names == {"南湖區", "秀洲區", "嘉善縣", "平湖市", "海寧市", "海鹽縣", "桐鄉市"}


def test_everything_shipped_validates():
    checked = check_paths([ROOT / "plans", ROOT / "progress"], ROOT / "plans/2012.yaml")
    # the illustrative reports leave four lags unexplained on purpose (the bulletin's 未說明原因):
    # validate warns each unit before it sends its report, and finds nothing else
    assert [(Path(p.path).parts[-2:], p.code, p.severity) for p in checked.problems] == [
        (("Q1", "wgx.yaml"), "unexplained-lag", "warning"), (("Q2", "jsw.yaml"), "unexplained-lag", "warning"),
        (("Q2", "kjj.yaml"), "unexplained-lag", "warning"), (("Q2", "zfb.yaml"), "unexplained-lag", "warning")]
    assert checked.files == 159


def test_the_package_ships_the_plan_and_templates():
    assert packaged("plans", "2012.yaml").read_bytes() == (ROOT / "plans/2012.yaml").read_bytes()
    assert packaged("templates", "bulletin.html.j2").exists()


def test_sample_reports_are_what_the_script_writes():
    done = subprocess.run([sys.executable, "tools/make_sample_reports.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    files = sorted((ROOT / "progress/2012").rglob("*.yaml"))
    assert len(files) == 158 and all("示例數據，非真實統計" in f.read_text(encoding="utf-8") for f in files)


def test_sample_reports_show_every_status_and_every_flag():
    from jxplan.judge.status import STATUSES, compute
    from jxplan.check.pipeline import open_workspace

    ws = open_workspace(ROOT / "plans/2012.yaml", ROOT / "progress")
    results = {q: compute(ws.index, ws.reports, q) for q in ("Q1", "Q2", "Q3", "Q4")}
    # every task is reported every quarter, except by the two units designed to send nothing
    silent = {q: sorted(t.id for t in r.targets if t.status == "not_reported") for q, r in results.items()}
    assert silent == {"Q1": [], "Q2": ["25.2"], "Q3": ["25.11"], "Q4": []}
    seen = {t.status for r in results.values() for t in r.targets}
    assert seen == set(STATUSES)
    open_ended = {(q, t.status) for q, r in results.items() for t in r.targets if t.open_ended}
    assert {("Q2", "behind"), ("Q4", "on_track"), ("Q4", "not_achieved")} <= open_ended
    flags = {f: {q: sorted(u.name for u in r.units if getattr(u, f)) for q, r in results.items()}
             for f in ("late", "missing", "eligibility_cancelled")}
    assert flags == {"late": {"Q1": ["市物價局"], "Q2": ["市環保局"], "Q3": ["市規劃局"], "Q4": ["市建委"]},
                     "missing": {"Q1": [], "Q2": ["市安監局"], "Q3": ["市信訪局"], "Q4": []},
                     "eligibility_cancelled": {"Q1": [], "Q2": [], "Q3": [], "Q4": ["市建委", "市規劃局"]}}
    q2 = {u.id: u for u in results["Q2"].units}
    assert q2["zfb"].unexplained == ("S8.7",) and q2["nyj"].commended and q2["jxw"].must_explain
