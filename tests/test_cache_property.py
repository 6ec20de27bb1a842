"""The cache is only ever a speed-up, by construction: random sequences of what an office does to
its folder (copy a report into another quarter's folder, move one, edit one, touch one, change
the plan, run from another folder, on another day, in another script) never make a warm run
say anything a cold run would not, byte for byte, for every command tried.

The cache keeps only what a file's bytes, their format and jxplan's code decide (check.reports.Parsed);
anything that depends on the path, the folder, the plan, other reports or today's date is
worked out on every run. This test is what holds that design to its promise.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import types

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT

UNITS = ("fgw", "czj", "jtj", "kjj", "rsj", "zfb", "ajj", "hbj")  # a few units, lead and missing alike
HOSTILE = ("nan-value.yaml", "tab-indent.yaml", "gbk.yaml", "dup-key.yaml", "alias.yaml", "not-responsible.yaml",
           "bad-date.yaml", "stray-plan-key.yaml")  # files refused by their bytes, and by the plan
OPS = ("copy", "move", "edit", "touch", "plan", "cwd", "date", "script", "hostile")
DAYS = (dt.date(2012, 7, 2), dt.date(2012, 7, 10), dt.date(2013, 1, 20), dt.date(2026, 12, 7))


def _project(root):
    """A folder as an office keeps it: its plan, two quarters of some units' reports, a sub-folder to run from."""
    (root / "plans").mkdir(parents=True)
    shutil.copy(ROOT / "plans/2012.yaml", root / "plans/2012.yaml")
    for q in ("Q1", "Q2"):
        for u in UNITS:
            src = ROOT / f"progress/2012/{q}/{u}.yaml"
            if src.exists():
                (root / f"progress/2012/{q}").mkdir(parents=True, exist_ok=True)
                shutil.copy(src, root / f"progress/2012/{q}/{u}.yaml")
    (root / "notes").mkdir()


def _reports(root) -> list:
    return sorted(p for p in (root / "progress").rglob("*.yaml"))


def _commands(root, cwd, script):
    """Every command of the round, with paths as a clerk in ``cwd`` types them."""
    rel = os.path.relpath(root, cwd)
    plan, reports = os.path.join(rel, "plans/2012.yaml"), os.path.join(rel, "progress")
    extra = ("--script", script) if script else ()
    return [("validate", "--plan", plan, reports, *extra),
            ("status", "--plan", plan, "--reports", reports, "-q", "Q2", "-f", "json", *extra),
            ("status", "--plan", plan, "--reports", reports, "-q", "Q1", "-f", "csv", *extra)]


@settings(max_examples=int(os.environ.get("JXPLAN_CACHE_EXAMPLES", "12")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 10_000)), min_size=3, max_size=7))
def test_cold_and_warm_say_the_same_whatever_the_office_does(tmp_path_factory, monkeypatch, steps):
    from typer.testing import CliRunner

    from jxplan.check.rules import report as report_checks
    from jxplan.cli import app

    root = tmp_path_factory.mktemp("office")
    cache_dir = tmp_path_factory.mktemp("cache")
    _project(root)
    cwd, script = root, None

    def today_is(day):
        shim = types.SimpleNamespace(**{k: getattr(dt, k) for k in ("timedelta", "datetime")})
        shim.date = type("FixedDate", (dt.date,), {"today": classmethod(lambda cls: day)})
        monkeypatch.setattr(report_checks, "dt", shim)

    def run(args, cache_on: bool):
        monkeypatch.chdir(cwd)
        env = {"JXPLAN_CACHE": "on" if cache_on else "off", "JXPLAN_CACHE_DIR": str(cache_dir)}
        result = CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    today_is(DAYS[1])
    for step, (op, n) in enumerate(steps):
        reports = _reports(root)
        pick = reports[n % len(reports)] if reports else None
        if op == "copy" and pick:
            q = ("Q1", "Q2", "Q3")[n % 3]
            (root / f"progress/2012/{q}").mkdir(parents=True, exist_ok=True)
            shutil.copy(pick, root / f"progress/2012/{q}/copy{step}.yaml")
        elif op == "move" and pick:
            q = ("Q1", "Q2", "Q3")[n % 3]
            (root / f"progress/2012/{q}").mkdir(parents=True, exist_ok=True)
            pick.rename(root / f"progress/2012/{q}/moved{step}.yaml")
        elif op == "edit" and pick:
            text = pick.read_text(encoding="utf-8")
            text = re.sub(r"value: [0-9.]+", f"value: {n % 97}", text, count=1) if "value:" in text else text + "\n"
            pick.write_text(text.replace("submitted: 2012-07-0", f"submitted: 2012-07-{n % 3}"), encoding="utf-8")
        elif op == "touch" and pick:
            os.utime(pick, ns=(n * 10**9, n * 10**9))
        elif op == "plan":
            plan = root / "plans/2012.yaml"
            text = plan.read_text(encoding="utf-8")
            text = (text.replace("serious: 0.8", "serious: 0.75") if "serious: 0.8" in text
                    else text.replace("serious: 0.75", "serious: 0.8"))
            plan.write_text(text.replace("name: 固定資產投資增長", f"name: 固定資產投資增長{n % 2 or ''}"), encoding="utf-8")
        elif op == "cwd":
            cwd = (root, root / "notes", root / "progress")[n % 3]
        elif op == "date":
            today_is(DAYS[n % len(DAYS)])
        elif op == "script":
            script = (None, "simplified", "traditional")[n % 3]
        elif op == "hostile":
            name = HOSTILE[n % len(HOSTILE)]
            shutil.copy(ROOT / "tests/data/invalid" / name, root / f"progress/2012/Q2/{name}")
        for args in _commands(root, cwd, script):
            warm = run(args, True)
            cold = run(args, False)
            assert warm == cold, (op, n, args)
