"""The shipped 2012 plan: valid, faithful to the source word for word, every number a target."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from conftest import ROOT
from jxplan.resources import packaged
from jxplan.pipeline import check_paths, open_plan

SOURCE = ROOT / "plans/sources/2012-notice.scraped.txt"
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
# the four mojibake runs of the scrape, with the wording they replace (formats.md)
MOJIBAKE = {"規?;藴驶蜕鷳B化": "規模化、標準化和生態化", "規?;?、集群化": "規模化、集群化",
            "嘉興?精英": "嘉興·精英", "確?;鸢踩?。": "確保基金安全。"}


def clean(text: str) -> str:
    text = PINYIN.sub("", text)
    for bad, good in MOJIBAKE.items():
        text = text.replace(bad, good)
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


def test_every_paragraph_of_annex_1_is_in_the_plan_word_for_word(plan):
    text = clean(SOURCE.read_text(encoding="utf-8"))
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
    problems, files = list(checked.problems), checked.files
    assert problems == [] and files == 111


def test_the_package_ships_the_plan_and_templates():
    assert packaged("plans", "2012.yaml").read_bytes() == (ROOT / "plans/2012.yaml").read_bytes()
    assert packaged("templates", "bulletin.html.j2").exists()
