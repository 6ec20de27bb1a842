"""The parse cache: repeat runs skip unchanged files, and an edited file is never served stale."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import report, write
from jxplan import cache, yamlsource
from jxplan.status import compute
from jxplan.workspace import open_workspace


@pytest.fixture
def cached(monkeypatch, tmp_path):
    monkeypatch.setenv("JXPLAN_CACHE", "on")
    monkeypatch.setenv("JXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "RACY_SECONDS", -1)  # the files of a test are seconds old at most
    calls = []
    real = yamlsource.parse_fast
    monkeypatch.setattr(yamlsource, "parse_fast", lambda text, path: calls.append(path) or real(text, path))
    return calls


def actual(ws, tid="2.1", q="Q1"):
    assert ws.ok, ws.problems
    return {t.id: t for t in compute(ws.index, ws.reports, q).targets}[tid].actual


def test_second_run_parses_nothing_and_an_edit_is_seen(cached, tmp_path, plan_file):
    r = write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    write(tmp_path / "r/rsj.yaml", report("rsj", "Q1", '- target: "2.2"\n  value: 2\n'))
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 11
    assert len(cached) == 3  # the plan and two reports
    cached.clear()
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 11
    assert cached == []  # nothing parsed again
    r.write_text(r.read_text(encoding="utf-8").replace("value: 11", "value: 12"), encoding="utf-8")  # same size
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 12
    assert cached == [str(r)]  # only the edited file


def test_plan_change_rechecks_reports(cached, tmp_path, plan_file):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    open_workspace(plan_file, tmp_path / "r")
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace('id: "2.1"', 'id: "2.9"'), encoding="utf-8")
    ws = open_workspace(plan_file, tmp_path / "r")
    assert [(p.code, p.line, p.col) for p in ws.problems] == [("unknown-target", 7, 13)]


def test_fresh_files_are_not_cached(monkeypatch, tmp_path, plan_file):
    monkeypatch.setenv("JXPLAN_CACHE", "on")
    monkeypatch.setenv("JXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    open_workspace(plan_file, tmp_path / "r")
    assert not list((tmp_path / "cache").glob("checked-*"))  # seconds-old files: their stamps are not trusted yet


def test_damaged_cache_is_ignored(cached, tmp_path, plan_file):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    open_workspace(plan_file, tmp_path / "r")
    for f in (tmp_path / "cache").iterdir():
        f.write_bytes(b"not a pickle")
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 11


def test_cache_off(monkeypatch, tmp_path, plan_file):
    monkeypatch.setenv("JXPLAN_CACHE", "off")
    monkeypatch.setenv("JXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    open_workspace(plan_file, tmp_path / "r")
    assert not (tmp_path / "cache").exists()


def test_parallel_parse_gives_the_same_result(monkeypatch, tmp_path, plan_file):
    from jxplan import workspace

    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "5.10"\n  value: 10\n'))
    write(tmp_path / "r/rsj.yaml", report("rsj", "Q1", '- target: "2.2"\n  value: "1.5萬人"\n'))
    write(tmp_path / "r/bad.yaml", "version: 1\nunit: [\n")
    sequential = workspace.open_workspace(plan_file, tmp_path / "r")
    monkeypatch.setattr(workspace, "PARALLEL_MIN", 1)
    parallel = workspace.open_workspace(plan_file, tmp_path / "r")
    assert parallel.problems == sequential.problems and parallel.problems[0].code == "yaml-syntax"
    write(tmp_path / "r/bad.yaml", report("tjj", "Q1", '- target: H1\n  value: 9\n'))
    ws = workspace.open_workspace(plan_file, tmp_path / "r")
    assert ws.ok and actual(ws, "5.10") == 10 and actual(ws, "2.2") == Decimal("1.5")
