"""Problem text carries characters from the files: in every output format, a value can neither
forge a second problem line nor send an escape sequence to the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, report, write
from jxplan.core.problems import Problem
from jxplan.render.problems import render, visible

HOSTILE = "9.9\n/x.yaml:1:1: 錯誤 偽造的問題 [fake]\r\x1b[2J\x1b]0;title\x07\x9b31m\u202egpj.exe\u2028\ud800"
RAW = ("\n", "\r", "\x1b", "\x07", "\x9b", "\u202e", "\u2028", "\ud800")


def test_visible_escapes_what_acts_and_keeps_what_reads():
    assert visible("a\nb\tc\rd\x1be\x00f\x7fg") == "a\\nb\\tc\\rd\\x1be\\x00f\\x7fg"
    assert visible("\u202e\u200b\ufeff\ud800") == "\\u202e\\u200b\\ufeff\\ud800"
    plain = "市發改委 C:\\data\\r.yaml «1.2萬畝» ½ — 「說明」"
    assert visible(plain) == plain


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_one_problem_is_one_line(fmt):
    p = Problem(path="a\nb\x1b[31m.yaml", line=3, col=5, code="unknown-target", message=HOSTILE)
    out = render([p], fmt)
    assert out.count("\n") == 1 and out.endswith("\n")
    assert not any(c in out[:-1] for c in RAW)
    assert "a\\nb\\x1b[31m.yaml" in out and "\\x1b[2J" in out and "\\u202e" in out
    if fmt == "github":
        assert out.startswith("::error file=a\\nb\\x1b[31m.yaml,line=3,col=5,title=unknown-target::")


def test_colour_codes_are_ours_only(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")

    class Terminal:
        def isatty(self):
            return True

    out = render([Problem("r.yaml", 1, 1, "x", HOSTILE)], "text", Terminal())
    assert out.count("\n") == 1 and "\x1b[1m" in out  # coloured
    assert "\x1b[2J" not in out and "\\x1b[2J" in out


def test_json_keeps_the_exact_text_escaped_the_json_way():
    p = Problem(path="a\nb.yaml", line=3, col=5, code="unknown-target", message=HOSTILE)
    out = render([p], "json")
    assert not any(c in out for c in RAW[2:])  # newlines only between JSON's own lines
    data = json.loads(out)
    assert data[0]["message"] == HOSTILE and data[0]["path"] == "a\nb.yaml"


HOSTILE_YAML = '"9.9\\n/x.yaml:1:1: 錯誤 偽造 [fake]\\e[31mRED\\e]0;x\\a\\u202e"'


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_value_cannot_forge_a_line_through_validate(run, tmp_path, plan_file, fmt):
    path = write(tmp_path / "r.yaml", report("fgw", "Q1", f"- target: {HOSTILE_YAML}\n  value: 1\n"))
    code, out, _ = run("validate", "--plan", plan_file, "--format", fmt, path)
    assert code == 1 and "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    if fmt == "json":
        assert "\x1b[31mRED" in json.loads(out)[0]["message"]
    else:
        assert out.count("\n") == 1 and "\\n/x.yaml:1:1" in out and "\\x1b[31mRED" in out


def test_a_file_name_cannot_forge_a_line(run, tmp_path, plan_file):
    folder = tmp_path / "r"
    write(folder / "a\nb.yaml:1:1: 錯誤 偽造 [x]\x1b[2J.yaml", report("fgw", "Q1", '- target: "9.9"\n  value: 1\n'))
    for fmt in ("text", "github"):
        code, out, _ = run("validate", "--plan", plan_file, "--format", fmt, folder)
        assert code == 1 and out.count("\n") == 1 and "\x1b" not in out and "a\\nb.yaml" in out


def test_a_name_that_is_not_utf8_is_shown_not_a_crash(tmp_path, plan_file):
    """Bytes that are not UTF-8 in a file name become lone surrogates in Python: shown escaped."""
    folder = tmp_path / "r"
    folder.mkdir()
    bad = os.path.join(os.fsencode(folder), b"\xff\xfe.yaml")
    with open(bad, "w", encoding="utf-8") as f:
        f.write(report("fgw", "Q1", '- target: "9.9"\n  value: 1\n'))
    for fmt in ("text", "github", "json"):
        done = subprocess.run([sys.executable, "-m", "jxplan", "validate", "--plan", str(plan_file), "--format", fmt,
                               str(folder)], capture_output=True, timeout=60, cwd=ROOT,
                              env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        out = done.stdout.decode("utf-8")  # strict: nothing undecodable was printed
        assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
        assert "\\udcff\\udcfe.yaml" in out
        if fmt == "json":
            assert json.loads(out)[0]["path"].endswith("\udcff\udcfe.yaml")
