"""Long work says what it is doing on a terminal (issue 23): a line on stderr while it runs,
cleared at the end; nothing when stderr is not a terminal or under CI; never a hang when a
document is made in a forked child while the line is redrawn."""

from __future__ import annotations

import io
import os
import time

import pytest

from conftest import ROOT
from test_first_screen import on_terminal


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch):
    """A terminal on stderr, set in the test itself (pytest sets its own stderr between a
    fixture and the test): call it first."""
    from jxplan.cli import progress

    monkeypatch.setattr(progress, "DELAY", 0.05)
    monkeypatch.delenv("CI", raising=False)

    def make() -> Terminal:
        screen = Terminal()
        monkeypatch.setattr("sys.stderr", screen)
        return screen

    return make


def test_work_that_lasts_is_said_and_cleared(terminal):
    from jxplan.cli.progress import working

    terminal = terminal()
    with working("正在生成督辦通報（PDF）…") as line:
        time.sleep(0.4)
        line.step("正在寫入 12 個文件…")
        time.sleep(0.3)
    shown = terminal.getvalue()
    assert "正在生成督辦通報（PDF）…" in shown and "正在寫入 12 個文件…" in shown and "0:00:0" in shown


def test_quick_work_says_nothing(terminal):
    from jxplan.cli.progress import working

    terminal = terminal()
    with working("正在起草計劃…"):
        pass
    time.sleep(0.2)  # the timer, had it not been cancelled, would have fired
    assert terminal.getvalue() == ""


@pytest.mark.parametrize("how", ["pipe", "ci"])
def test_nothing_when_stderr_is_not_a_terminal_or_under_ci(terminal, monkeypatch, how):
    from jxplan.cli.progress import working

    terminal = terminal()
    if how == "ci":
        monkeypatch.setenv("CI", "true")
    else:
        monkeypatch.setattr("sys.stderr", io.StringIO())
    with working("正在生成網站的頁面…"):
        time.sleep(0.3)
    assert terminal.getvalue() == ""


def test_a_document_made_in_a_forked_child_while_the_line_is_redrawn(terminal):
    from jxplan.cli.progress import working
    from jxplan.render.isolate import run

    screen = terminal()
    with working("正在生成責任分解方案（PDF）…"):
        time.sleep(0.2)  # shown, and redrawn by its thread
        started = time.monotonic()
        made = [run(lambda i=i: f"第{i}份" * 1000) for i in range(20)]
    assert made[-1].startswith("第19份") and time.monotonic() - started < 30 and "正在生成" in screen.getvalue()


def test_an_import_says_its_steps_through_a_plain_callback(tmp_path):
    from jxplan.check.plans import load_plan
    from jxplan.cli.importing import plan_imports
    from test_xlsx import blank_form, fill

    plan = ROOT / "plans/2012.yaml"
    (tmp_path / "gtj.xlsx").write_bytes(fill(blank_form(plan, "gtj"), {}))
    said: list[str] = []
    plan_imports([tmp_path / "gtj.xlsx"], tmp_path, load_plan(plan), False, step=said.append)
    assert said and said[1] == "正在讀取並核對 1 個工作簿…"


@pytest.mark.slow
def test_a_pdf_says_what_it_is_doing_on_a_terminal(tmp_path):
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must have WeasyPrint (the test extra installs it)")
        pytest.skip("WeasyPrint not installed (pip install -e '.[pdf]')")
    code, shown = on_terminal("decomposition", "-o", tmp_path / "d.pdf", columns=80)
    assert code == 0 and (tmp_path / "d.pdf").stat().st_size > 10_000
    assert any("正在生成責任分解方案（PDF）…" in x for x in shown)
    code, shown = on_terminal("decomposition", "-o", tmp_path / "e.pdf", "--force", columns=80, CI="true")
    assert code == 0 and not any("正在生成" in x for x in shown)
