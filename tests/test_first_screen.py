"""A clerk's second hour (issue 23): `jxplan status` answers first, on one screen, on a real
terminal; the counts agree with the rows shown; long tables go through a pager as git's do."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import sys
import time

import pytest

from conftest import ROOT, report, write

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def on_terminal(*args, cwd=ROOT, columns=100, lines=40, **env) -> tuple[int, list[str]]:
    """jxplan run on a pseudo-terminal of ``columns`` × ``lines``, as a person runs it: its exit
    status and the lines it showed (colour codes taken out)."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(cwd)
        os.environ.update({"COLUMNS": str(columns), "LINES": str(lines), "JXPLAN_CACHE": "off", **env})
        os.environ.pop("NO_COLOR", None)
        if "CI" not in env:  # a person's terminal, not CI's: the tests themselves run under CI=true there
            os.environ.pop("CI", None)
        for name in [k for k in env if env[k] is None]:
            os.environ.pop(name, None)
        os.execv(sys.executable, [sys.executable, "-m", "jxplan", *map(str, args)])
    out = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = ANSI.sub("", out.decode("utf-8")).replace("\r\n", "\n")
    return os.waitstatus_to_exitcode(status), text.splitlines()


def status_json(run, *args):
    code, out, err = run("status", "-f", "json", *args)
    assert code == 0, err
    return json.loads(out)


# ---- the first screen -----------------------------------------------------------------------

@pytest.mark.parametrize("quarter", [None, "Q2"])  # the README's first command (Q4), and the half-year
@pytest.mark.parametrize("columns", [100, 80])
def test_the_first_screen_fits_forty_lines_and_names_everything_that_needs_attention(run, in_root, quarter, columns):
    asked = ("-q", quarter) if quarter else ()
    code, shown = on_terminal("status", *asked, columns=columns, lines=40)
    assert code == 0 and len(shown) <= 39, "\n".join(shown)  # the shell's prompt keeps the last line
    assert max(len(x) for x in shown) <= columns
    text = "\n".join(shown)
    data = status_json(run, *asked)
    attention = [t for t in data["targets"] if t["status"] in ("behind", "seriously_behind", "not_achieved", "not_reported")]
    assert attention
    rows = {line.split()[0]: line for line in shown if line.split() and line.split()[0] in {t["id"] for t in attention}}
    for t in attention:  # each by its id, its name (or the start of it), its lead and its status
        lead = next(u["name"] for u in data["units"] if u["id"] == t["lead"])
        assert t["name"][:8] in rows[t["id"]] and lead in rows[t["id"]] and t["label"] in rows[t["id"]], t["id"]
    for u in data["units"]:
        if u["missing"] or u["late"] or u["incomplete"]:
            assert u["name"] in text
    # every kind of item counted, open-ended duties too, as the rows (--all) label them
    assert "量化指標 49 項" in text and "有完成要求的工作任務 29 項" in text and "持續推進的工作任務 188 項" in text
    assert "jxplan status" in "".join(shown[-2:]) and "--all" in "".join(shown[-2:])  # and how to see the whole table


def test_piped_the_table_is_whole(run, in_root):
    code, out, _ = run("status", "-q", "Q2")
    assert code == 0 and len(re.findall(r"^\S+\s", out, re.M)) >= 266 and "需要關注" not in out


def test_a_list_taller_than_the_screen_says_how_many_more_and_how_to_see_them(run, in_root):
    from jxplan.check.pipeline import open_workspace
    from jxplan.judge.status import compute
    from jxplan.render.terminal import attention_targets, overview_view, plain

    ws = open_workspace(ROOT / "plans/2012.yaml", ROOT / "progress")
    result = compute(ws.index, ws.reports, "Q2")
    names = {u.id: u.name for u in ws.plan.units}
    every = attention_targets(result)
    assert len(every) == 11
    lines = [plain(x) for x in overview_view(result, names, 80, 24, more="jxplan status --status 滯後", hints=("提示",))]
    assert len(lines) <= 23
    listed = [x.split()[0] for x in lines if x.split() and x.split()[0] in {t.id for t in every}]
    more = next(x for x in lines if x.startswith("另有"))
    hidden = int(re.match(r"另有 (\d+) 項", more).group(1))
    assert listed == [t.id for t in every][:len(listed)] and hidden == len(every) - len(listed) > 0
    assert "jxplan status --status 滯後" in "".join(lines[lines.index(more):])
    # worst first: not achieved, seriously behind, behind, then what nobody reported
    order = {"not_achieved": 0, "seriously_behind": 1, "behind": 2, "not_reported": 4}
    assert [order[t.status] for t in every] == sorted(order[t.status] for t in every)


def test_nothing_to_attend_to_is_said(tmp_path, plan_file, run):
    folder = tmp_path / "progress"
    write(folder / "tjj.yaml", report("tjj", "Q1", '- {target: H1, value: 10}'))
    write(folder / "fgw.yaml", report("fgw", "Q1", '''
        - {target: H6, value: 3}
        - {target: "2.1", value: 10}
        - {target: "2.3", value: 2000}
        - {target: "2.5", stage: in_progress}
        - {target: "5.10", value: 10}'''))
    write(folder / "rsj.yaml", report("rsj", "Q1", '- {target: "2.2", value: 2}'))
    write(folder / "nhq.yaml", report("nhq", "Q1", '- {target: "2.4", value: 1300}'))
    write(folder / "xzq.yaml", report("xzq", "Q1", '- {target: "2.4", value: 800}'))
    code, shown = on_terminal("status", "--plan", plan_file, "--reports", folder, cwd=tmp_path, columns=80)
    assert code == 0 and any(x.startswith("沒有需要關注的事項") for x in shown), "\n".join(shown)


# ---- the counts agree with the rows shown ----------------------------------------------------

def _panel(out: str) -> dict[str, int]:
    """The counts of the summary panel: each label's number, over all groups of targets."""
    box = out.split("╰")[0]
    counts: dict[str, int] = {}
    for line in box.splitlines():
        if "應報送的單位" in line:
            continue
        for label, n in re.findall(r"([^\s、│\d]+) (\d+)(?!\d| 項)", line):
            counts[label] = counts.get(label, 0) + int(n)
    return counts


@pytest.mark.parametrize("args", [("--unit", "市國土資源局"), ("--section", "0"), ("--status", "滯後"), ("--point", "10"),
                                  ("--unit", "市交通運輸局", "--unit", "南湖區"), ()])
def test_the_panel_counts_the_rows_listed(run, in_root, args):
    code, out, _ = run("status", "-q", "Q2", *args)
    data = status_json(run, "-q", "Q2", *args)
    want: dict[str, int] = {}
    for t in data["targets"]:
        want[t["label"]] = want.get(t["label"], 0) + 1
    assert code == 0 and _panel(out) == want


def test_a_units_view_counts_the_co_targets_it_lists_as_they_stand(tmp_path, plan_file, run):
    # 市統計局 leads H1 and is co-responsible for point 2, whose lead (市發改委) has not reported:
    # its view lists those targets as 未報送, and so must its counts
    folder = tmp_path / "progress"
    write(folder / "tjj.yaml", report("tjj", "Q2", '- {target: H1, value: 10}'))
    code, out, _ = run("status", "--plan", plan_file, "--reports", folder, "-q", "Q2", "--unit", "tjj")
    rows = [x for x in out.splitlines() if re.match(r"(H1|2\.\d|5\.10) ", x)]
    not_reported = sum(x.rstrip().endswith("未報送") for x in rows)
    # 2.1, 2.3, 2.5 and 5.10 (the lead's), 2.4 (its breakdown units'); 2.2's lead 市人力社保局 did not report either
    assert code == 0 and not_reported == 6 and _panel(out)["未報送"] == 6 and _panel(out)["達到序時進度"] == 1
    assert "概況（就本表所列目標）" in out


# ---- a filtered trend drops rows, never cells -------------------------------------------------

def test_a_filtered_trend_keeps_whole_rows(run, in_root):
    code, out, _ = run("status", "--trend", "-q", "Q3", "--status", "滯後")
    by_q = {q: {t["id"]: t["status"] for t in status_json(run, "-q", q)["targets"]} for q in ("Q1", "Q2", "Q3")}
    behind_once = [i for i in by_q["Q3"] if any(by_q[q][i] == "behind" for q in by_q)]
    rows = [x.split() for x in out.splitlines()[3:] if x[:1].strip()]
    assert code == 0 and [r[0] for r in rows] == behind_once
    assert "—" not in out  # a blank would read as "no data"
    data = json.loads(run("status", "--trend", "-q", "Q3", "--status", "滯後", "-f", "json")[1])
    assert [t["id"] for t in data["targets"]] == behind_once
    assert all(t["statuses"] == {q: by_q[q][t["id"]] for q in by_q} for t in data["targets"])


# ---- the pager ------------------------------------------------------------------------------

@pytest.fixture
def pager(tmp_path):
    """A pager that keeps what it was given, and the LESS it was given, in files."""
    script = write(tmp_path / "bin" / "mypager", f"#!{sys.executable}\nimport os, sys\n"
                   f"open({str(tmp_path / 'paged')!r}, 'wb').write(sys.stdin.buffer.read())\n"
                   f"open({str(tmp_path / 'less')!r}, 'w').write(os.environ.get('LESS', '-'))\n")
    script.chmod(0o755)
    return tmp_path


def test_the_whole_table_goes_through_the_pager_on_a_terminal(pager):
    code, shown = on_terminal("status", "--all", columns=80, PAGER=str(pager / "bin" / "mypager"))
    paged = ANSI.sub("", (pager / "paged").read_text(encoding="utf-8")).splitlines()
    assert code == 0 and len(paged) > 266 and shown == [] and (pager / "less").read_text() == "FRX"
    assert "\x1b[" in (pager / "paged").read_text(encoding="utf-8")  # colours kept, for less -R


@pytest.mark.parametrize("how", [{"CI": "true"}, {"PAGER": ""}, {"PAGER": "cat"}, {"PAGER": "no-such-pager-program"}])
def test_no_pager_under_ci_or_when_there_is_none(pager, how):
    env = {"PAGER": str(pager / "bin" / "mypager"), **how}
    code, shown = on_terminal("status", "--all", columns=80, **env)
    assert code == 0 and len(shown) > 266 and not (pager / "paged").exists()


def test_no_pager_when_asked_or_when_it_fits(pager):
    env = {"PAGER": str(pager / "bin" / "mypager")}
    code, shown = on_terminal("status", "--all", "--no-pager", columns=80, **env)
    assert code == 0 and len(shown) > 266 and not (pager / "paged").exists()
    code, shown = on_terminal("status", "--target", "2.1", columns=80, **env)  # a short table: printed as it is
    assert code == 0 and any(x.startswith("2.1 ") for x in shown) and not (pager / "paged").exists()


def test_the_default_pager_is_less_with_colours(tmp_path, monkeypatch):
    from jxplan.cli import pager

    fake = write(tmp_path / "less", "#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("PAGER", raising=False)
    assert pager.command() == ["less", "-R"]
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert pager.command() is None  # no less: printed directly, never an error
