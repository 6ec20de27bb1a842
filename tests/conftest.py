"""Shared helpers: inline YAML written to tmp_path, a small plan, and a CLI runner."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ["COLUMNS"] = "80"  # rich output is compared at a fixed width
os.environ.pop("GITHUB_ACTIONS", None)
os.environ["NO_COLOR"] = "1"
os.environ["JXPLAN_CACHE"] = "off"  # tests that need the parse cache turn it on themselves

SMALL_PLAN = """\
version: 1
year: 2012
title: 測試計劃
issuer: 嘉興市人民政府
issued: 2012-02-03
reporting: {Q1: 2012-04-05, Q2: 2012-07-05, Q3: 2012-10-08, Q4: 2013-01-05}
thresholds: {serious: 0.8}
units:
  - {id: fgw, name: 市發改委, kind: department}
  - {id: tjj, name: 市統計局, kind: department}
  - {id: rsj, name: 市人力社保局, kind: department}
  - {id: nhq, name: 南湖區, kind: county}
  - {id: xzq, name: 秀洲區, kind: county}
headline:
  - {id: H1, name: 地區生產總值增長, kind: rate, target: 10, unit: "%", lead: tjj}
  - {id: H6, name: 居民消費價格漲幅, kind: rate, target: 4, unit: "%", compare: at_most, tolerance: 0.2, lead: fgw}
sections:
  - id: 1
    title: 第一部分
    points:
      - id: 2
        title: 切實加大有效投入
        text: 確保固定資產投資增長10%。
        lead: fgw
        co: [tjj]
        targets:
          - {id: "2.1", name: 固定資產投資增長, kind: rate, target: 10, unit: "%"}
          - {id: "2.2", name: 新增就業, kind: cumulative, target: 6, unit: 萬人, lead: rsj}
          - {id: "2.3", name: 港口吞吐量, kind: cumulative, target: 6000, unit: 萬噸, compare: above}
          - {id: "2.4", name: 騰退用地, kind: cumulative, target: 8000, unit: 畝, tolerance: 400,
             breakdown: {nhq: 5000, xzq: 3000}}
          - {id: "2.5", name: 啟動工程, kind: milestone, due: Q2, due_set_by: office}
          - {id: "5.10", name: 編號測試, kind: cumulative, target: 100, unit: 個,
             schedule: {Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}}
"""
# The small plan whose office may propose a sanction (bulletins.sanction): eligibility is in question.
SANCTION = ("thresholds: {serious: 0.8}\n", "thresholds: {serious: 0.8}\nbulletins: {sanction: 按規定取消其2012年度評優評先資格}\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def said(tmp_path: Path, files: dict, code: str | None = None, plan: str = SMALL_PLAN, **given) -> list:
    """(file, line, col, message) of every problem (of ``code``) `jxplan validate` finds in ``files``
    (name -> YAML text, or a workbook's bytes) against ``plan``."""
    from jxplan.judge.advice import validate

    plan_file = write(tmp_path / "plan.yaml", plan)
    paths = [plan_file]
    for name, text in files.items():
        path = tmp_path / "r" / name
        if isinstance(text, bytes):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
        else:
            write(path, text)
        paths.append(path)
    given.setdefault("explicit_plan", True)
    return sorted((Path(p.path).name, p.line, p.col, p.message) for p in validate(paths, plan_file, **given).problems
                  if code is None or p.code == code)


def report(unit: str, quarter: str, entries: str = "", submitted: str | None = None, year: int = 2012) -> str:
    """A progress report as YAML text; ``entries`` is the YAML list of entries."""
    sub = submitted or {"Q1": "2012-04-01", "Q2": "2012-07-01", "Q3": "2012-10-01", "Q4": "2013-01-01"}[quarter]
    text = f"version: 1\nunit: {unit}\nyear: {year}\nquarter: {quarter}\nsubmitted: {sub}\n"
    if entries.strip():
        return text + "entries:\n" + textwrap.indent(textwrap.dedent(entries).strip("\n"), "  ") + "\n"
    return text + "entries: []\n"


@pytest.fixture
def plan_file(tmp_path) -> Path:
    return write(tmp_path / "plan.yaml", SMALL_PLAN)


@pytest.fixture
def run(monkeypatch):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    from jxplan.cli import app

    def _run(*args, cwd: Path | None = None, env: dict | None = None):
        runner = CliRunner()
        if cwd is not None:
            monkeypatch.chdir(cwd)
        result = runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return _run


@pytest.fixture
def in_root(monkeypatch):
    """Run in the repository, where plans/2012.yaml and progress/ are."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def workspace(tmp_path, plan_file):
    """Build a workspace from the small plan and inline reports: ws(reports={name: text})."""
    from jxplan.check.pipeline import open_workspace

    def _ws(reports: dict[str, str] | None = None, plan_text: str | None = None):
        if plan_text is not None:
            write(plan_file, plan_text)
        folder = tmp_path / "progress"
        folder.mkdir(exist_ok=True)
        for name, text in (reports or {}).items():
            write(folder / name, text)
        return open_workspace(plan_file, folder)

    return _ws
