"""The cache is only ever a speed-up: an edit, a new plan or new code is always seen,
a damaged or planted cache is ignored, and cold and warm runs say the same."""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest

from conftest import report, write
from jxplan.core import cache
from jxplan.check import pipeline
from jxplan import read as sources
from jxplan.check.pipeline import open_workspace
from jxplan.judge.status import compute


@pytest.fixture
def cached(monkeypatch, tmp_path):
    """The cache on, in a folder of the test's own; returns the paths parsed so far."""
    monkeypatch.setenv("JXPLAN_CACHE", "on")
    monkeypatch.setenv("JXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    real = sources.parse
    monkeypatch.setattr(sources, "parse", lambda raw, path: calls.append(path) or real(raw, path))
    return calls


def actual(ws, tid="2.1", q="Q1"):
    assert ws.ok, ws.problems
    return {t.id: t for t in compute(ws.index, ws.reports, q).targets}[tid].actual


def test_second_run_parses_no_report_and_an_edit_is_seen_at_once(cached, tmp_path, plan_file):
    r = write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    write(tmp_path / "r/rsj.yaml", report("rsj", "Q1", '- target: "2.2"\n  value: 2\n'))
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 11
    assert sorted(cached) == sorted([str(plan_file), str(tmp_path / "r/fgw.yaml"), str(tmp_path / "r/rsj.yaml")])
    cached.clear()
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 11
    assert cached == []  # nothing parsed again: the checked plan is cached too
    before = r.stat()
    r.write_text(r.read_text(encoding="utf-8").replace("value: 11", "value: 12"), encoding="utf-8")
    os.utime(r, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time stamp: only the bytes differ
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 12
    assert cached[-1] == str(r)  # only the edited file


def test_plan_change_rechecks_reports(cached, tmp_path, plan_file):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    open_workspace(plan_file, tmp_path / "r")
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace('id: "2.1"', 'id: "2.9"'), encoding="utf-8")
    ws = open_workspace(plan_file, tmp_path / "r")
    assert [(p.code, p.line, p.col) for p in ws.problems] == [("unknown-target", 7, 13)]


def test_new_code_is_a_miss(cached, tmp_path, plan_file, monkeypatch):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    open_workspace(plan_file, tmp_path / "r")
    cached.clear()
    monkeypatch.setattr(cache, "code_digest", lambda: "another version of jxplan")
    open_workspace(plan_file, tmp_path / "r")
    assert str(tmp_path / "r/fgw.yaml") in cached


def test_a_file_edited_while_it_is_read_is_never_stored_under_its_new_bytes(cached, tmp_path, plan_file, monkeypatch):
    r = write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    real = pipeline.parse_file

    def edit_midway(path, raw):
        out = real(path, raw)
        r.write_text(r.read_text(encoding="utf-8").replace("value: 11", "value: 13"), encoding="utf-8")
        return out

    monkeypatch.setattr(pipeline, "parse_file", edit_midway)
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 11  # what was read
    monkeypatch.setattr(pipeline, "parse_file", real)
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 13  # what is there now


def test_a_failure_is_cached_as_a_failure(cached, tmp_path, plan_file):
    write(tmp_path / "r/bad.yaml", "version: 1\nunit: [\n")
    cold = open_workspace(plan_file, tmp_path / "r").problems
    warm = open_workspace(plan_file, tmp_path / "r").problems
    assert cold == warm and [p.code for p in cold] == ["yaml-syntax"]


@pytest.mark.parametrize("content", [
    b"not json at all",
    b'{"format": 2, "entries": {"x": 1}}',
    b'{"format": 2, "entries": []}',
    b"[" * 100000,
    b"\x80\x04\x95pickle",
])
def test_damaged_or_planted_cache_is_ignored(cached, tmp_path, plan_file, content):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    open_workspace(plan_file, tmp_path / "r")
    stores = list((tmp_path / "cache").rglob("*.json"))
    assert stores
    for f in stores:
        f.write_bytes(content)
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 11


def test_entries_of_the_wrong_shape_are_misses(cached, tmp_path, plan_file):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    open_workspace(plan_file, tmp_path / "r")
    (store,) = (tmp_path / "cache").rglob("files.json")
    data = json.loads(store.read_text(encoding="utf-8"))
    data["entries"] = {k: ["report", None, 3] for k in data["entries"]}
    store.write_text(json.dumps(data), encoding="utf-8")
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 11


def test_a_cache_folder_others_can_write_is_not_used(cached, tmp_path, plan_file):
    (tmp_path / "cache").mkdir(mode=0o777)
    os.chmod(tmp_path / "cache", 0o777)
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    assert actual(open_workspace(plan_file, tmp_path / "r")) == 11
    assert not list((tmp_path / "cache").iterdir())


def test_cache_folder_is_private(cached, tmp_path, plan_file):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    open_workspace(plan_file, tmp_path / "r")
    for folder in [tmp_path / "cache", *(p for p in (tmp_path / "cache").iterdir() if p.is_dir())]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_cache_off(monkeypatch, tmp_path, plan_file):
    monkeypatch.setenv("JXPLAN_CACHE", "off")
    monkeypatch.setenv("JXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    open_workspace(plan_file, tmp_path / "r")
    assert not (tmp_path / "cache").exists()


def test_the_cached_plan_reads_as_the_checked_one(cached, tmp_path, plan_file):
    from jxplan.check.plans import load_plan

    cold = load_plan(plan_file)
    warm = load_plan(plan_file)
    assert cached == [str(plan_file)]  # parsed once
    assert repr(warm.plan) == repr(cold.plan) and warm.problems == cold.problems
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace("target: 6000", "target: 7000"), encoding="utf-8")
    assert load_plan(plan_file).index.targets["2.3"].target.target == 7000


def test_the_shipped_plan_survives_the_cache_unchanged(cached):
    from conftest import ROOT
    from jxplan.check import record
    from jxplan.check.plans import load_plan

    cold = load_plan(ROOT / "plans/2012.yaml")
    assert repr(record.decode(json.loads(json.dumps(record.encode(cold.plan))))) == repr(cold.plan)


def test_a_help_page_comes_from_the_cache_without_loading_typer(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "JXPLAN_CACHE": "on", "JXPLAN_CACHE_DIR": str(tmp_path / "cache")}
    pages = {}
    for args in (["-h"], ["status", "-h"], []):
        first = subprocess.run([sys.executable, "-m", "jxplan", *args], capture_output=True, text=True, env=env, cwd=ROOT)
        assert first.returncode == 0 and first.stdout.startswith("用法：jxplan")
        pages[tuple(args)] = first.stdout
    poisoned = tmp_path / "poisoned"
    poisoned.mkdir()
    (poisoned / "typer.py").write_text("raise ImportError('typer must not be loaded for a cached help page')\n")
    env["PYTHONPATH"] = str(poisoned)
    for args, page in pages.items():
        again = subprocess.run([sys.executable, "-m", "jxplan", *args], capture_output=True, text=True, env=env, cwd=ROOT)
        assert again.returncode == 0 and again.stdout == page  # every page kept, each the same
    status = subprocess.run([sys.executable, "-m", "jxplan", "status", "-q", "Q2"], capture_output=True, text=True,
                            env=env, cwd=ROOT)
    assert status.returncode != 0 and "typer must not be loaded" in status.stderr  # only help is answered so


# ---- the format a file is read as is part of its key -----------------------------------------

def _two_runs(run, monkeypatch, *args):
    """(cold, warm): the same command with the cache off, then on (after whatever filled it)."""
    monkeypatch.setenv("JXPLAN_CACHE", "off")
    cold = run(*args)
    monkeypatch.setenv("JXPLAN_CACHE", "on")
    return cold, run(*args)


@pytest.mark.parametrize("name,renamed", [
    ("fgw.yaml", "fgw.xls"), ("fgw.yaml", "fgw.xlsx"), ("fgw.yaml", "fgw.xlsm"), ("fgw.yaml", "FGW.YML"),
    ("rsj.xlsx", "rsj.xlsm"), ("rsj.xlsx", "rsj.yaml"), ("rsj.xlsx", "rsj.xls"), ("rsj.xlsx", "rsj.XLSX"),
])
def test_a_report_renamed_to_another_format_is_read_as_that_format_with_a_warm_cache(
        cached, tmp_path, plan_file, run, monkeypatch, name, renamed):
    from test_xlsx import blank_form, fill

    folder = tmp_path / "r"
    write(folder / "nhq.yaml", report("nhq", "Q2", '- {target: "2.4", value: 2000}', submitted="2012-07-03"))
    if name.endswith(".xlsx"):
        (folder / name).write_bytes(fill(blank_form(plan_file, "rsj"), {"2.2": {"累計完成": "3萬"}}))
    else:
        write(folder / name, report("fgw", "Q2", '- {target: "2.1", value: 9, reason: {kind: objective, text: 外需}}',
                                    submitted="2012-07-03"))
    args = ("status", "--plan", plan_file, "--reports", folder, "-q", "Q2", "-f", "json")
    before = _two_runs(run, monkeypatch, *args)
    assert before[0] == before[1] and before[0][0] == 0  # read, counted, and now cached
    (folder / name).rename(folder / renamed)
    cold, warm = _two_runs(run, monkeypatch, *args)
    assert warm == cold
    if renamed.lower().endswith((".xls", ".xlsm")) or (name.endswith(".xlsx") and renamed.endswith(".yaml")):
        assert cold[0] == 1 and renamed in cold[2]  # refused, as a cold run refuses it


@pytest.mark.parametrize("renamed", ["plan.xls", "plan.xlsx", "plan.xlsm"])
def test_a_plan_renamed_to_another_format_is_read_as_that_format_with_a_warm_cache(
        cached, tmp_path, plan_file, run, monkeypatch, renamed):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    args = ("status", "--plan", tmp_path / renamed, "--reports", tmp_path / "r", "-q", "Q1", "-f", "json")
    (tmp_path / renamed).write_bytes(plan_file.read_bytes())
    plan_file.rename(tmp_path / "plan.yml")
    warmed = _two_runs(run, monkeypatch, "status", "--plan", tmp_path / "plan.yml", "--reports", tmp_path / "r",
                       "-q", "Q1", "-f", "json")
    assert warmed[0] == warmed[1] and warmed[0][0] == 0
    cold, warm = _two_runs(run, monkeypatch, *args)
    assert warm == cold and cold[0] != 0


# ---- a cache file that is not a regular file is no cache --------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize("what", ["fifo", "directory", "device", "symlink"])
def test_a_cache_file_that_is_not_a_regular_file_is_no_cache_and_never_waits(tmp_path, what):
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "JXPLAN_CACHE": "on", "JXPLAN_CACHE_DIR": str(tmp_path / "cache")}

    def jxplan(*args):
        return subprocess.run([sys.executable, "-m", "jxplan", *args], capture_output=True, cwd=ROOT, env=env,
                              timeout=30)

    cold = jxplan("status", "-q", "Q2", "-f", "json")
    assert cold.returncode == 0
    jxplan("-h")  # the help store too
    stores = sorted((tmp_path / "cache").rglob("*.json"))
    assert [f.name for f in stores] == ["files.json", "help.json", "plans.json"]
    for f in stores:
        f.unlink()
        if what == "fifo":
            os.mkfifo(f)
        elif what == "directory":
            f.mkdir()
        elif what == "device":
            os.symlink("/dev/zero", f)
        else:
            os.symlink(tmp_path / "elsewhere.json", f)
    (tmp_path / "elsewhere.json").write_bytes(b"")
    for _ in range(2):
        warm = jxplan("status", "-q", "Q2", "-f", "json")
        assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
        assert jxplan("-h").returncode == 0


# ---- an entry is taken only in the shape a cold run builds --------------------------------------

def _stores(tmp_path) -> dict:
    return {f.name: f for f in (tmp_path / "cache").rglob("*.json")}


def _reseal(path, change) -> None:
    """Change a store's entries and write it back with a digest that matches, as jxplan
    writes it: only the shape of what is taken back stands between the change and the answer."""
    entries = cache._read(path)
    assert entries
    change(entries)
    cache._write(path, entries)
    assert cache._read(path) == entries


def _each_report(change):
    """``change`` every entry that holds a report with entries: [kind, read, model, form, report, dated]."""
    def apply(entries):
        for data in entries.values():
            if data[4] is not None and data[4][1]["entries"][1]:
                change(data)
    return apply


def _set(where, value):
    def change(data):
        node = data
        for i in where[:-1]:
            node = node[i]
        node[where[-1]] = value
    return change


def _entry0(*field):
    """The path of the first entry's ``field`` in a cached report record."""
    return (4, 1, "entries", 1, 0, 1, *field)


# Each change is of a kind no cold run writes (the shapes of record.py, derived from the models, and
# the plain data of the sources): the entry is a miss. A change of the right shape (another unit's
# name, another target's id, written back with a digest that matches) is beyond what the cache can
# tell: such an entry answers only for the very bytes its key digests (cache.py).
REPORT_DAMAGE = {
    "quarter Q9": _each_report(_set((4, 1, "quarter"), "Q9")),
    "unit a number": _each_report(_set((4, 1, "unit"), 3)),
    "value NaN": _each_report(_set(_entry0("value"), ["D", "NaN"])),
    "value sNaN": _each_report(_set(_entry0("value"), ["D", "sNaN"])),
    "value Infinity": _each_report(_set(_entry0("value"), ["D", "-Infinity"])),
    "value 1e999999999": _each_report(_set(_entry0("value"), ["D", "1e999999999"])),
    "value 1E+15": _each_report(_set(_entry0("value"), ["D", "1E+15"])),
    "value not canonical": _each_report(_set(_entry0("value"), ["D", "11.0 "])),
    "value a number": _each_report(_set(_entry0("value"), 11)),
    "reason a list": _each_report(_set(_entry0("reason"), ["objective", "外需", "x"])),
    "reason kind": _each_report(lambda d: [e[1]["reason"][1].update(kind="fatal")
                                           for e in d[4][1]["entries"][1] if e[1]["reason"] is not None]),
    "severity fatal": _each_report(lambda d: d[1].append([1, 1, "x", "y", "fatal"])),
    "line 0": _each_report(lambda d: d[2].append([0, 1, "x", "y", "warning"])),
    "line true": _each_report(lambda d: d[2].append([True, 1, "x", "y", "warning"])),
    "date not a date": _each_report(_set((4, 1, "submitted"), ["T", "2012-02-30"])),
    "date not canonical": _each_report(_set((4, 1, "submitted"), ["T", "20120703"])),
    "dated as 1": _each_report(_set((5,), 1)),
    "stage unknown": _each_report(_set(_entry0("stage"), "finished")),
    "entry a field more": _each_report(lambda d: d[4][1]["entries"][1][0][1].update(more=1)),
    "entry a field less": _each_report(lambda d: d[4][1]["entries"][1][0][1].pop("note")),
    "an object": _each_report(_set((4, 1, "entries", 1, 0), {"target": "2.1"})),
    "kind": _each_report(_set((0,), "workbook")),
    "too long": _each_report(lambda d: d.append(None)),
    "not a list": lambda entries: entries.update({k: "report" for k in entries}),
    "a plan with a report": _each_report(_set((0,), "plan")),
    "form blank a number": _each_report(_set((3, 0), 1)),
    "form unit a number": _each_report(_set((3, 1), 3)),
    "form of three": _each_report(_set((3,), [False, "fgw", 1])),
}


@pytest.mark.parametrize("resealed", [True, False], ids=["resealed", "edited"])
@pytest.mark.parametrize("damage", REPORT_DAMAGE)
def test_a_report_entry_of_another_shape_is_a_miss_never_a_traceback(cached, tmp_path, plan_file, run, monkeypatch,
                                                                      damage, resealed):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '''
        - {target: "2.1", value: 11, reason: {kind: objective, text: 外需}}
        - {target: "2.5", stage: in_progress}
    '''))
    write(tmp_path / "r/rsj.yaml", report("rsj", "Q1", '- {target: "2.2", value: "1.5萬人", note: 好, reason: {kind: objective, text: 好}}'))
    args = ("status", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q1", "-f", "json")
    cold, warm = _two_runs(run, monkeypatch, *args)
    assert cold == warm and cold[0] == 0
    path = _stores(tmp_path)["files.json"]
    if resealed:
        _reseal(path, REPORT_DAMAGE[damage])
    else:
        text = path.read_bytes()
        entries = cache._read(path)
        REPORT_DAMAGE[damage](entries)
        path.write_bytes(text[:text.index(b'"entries":') + 10] + json.dumps(entries).encode() + b"}")
    cached.clear()
    assert run(*args) == cold
    assert len(cached) == 2  # both reports read again, as no entry stood for them
    assert run(*args) == cold and len(cached) == 2  # and the healed store holds them again


def _plan_part(*where):
    def change(entries):
        (data,) = entries.values()
        node = data["plan"]
        for name in where[:-1]:
            node = node[1][name] if isinstance(name, str) else node[1][name]
        return node, where[-1]
    return change


def _plan_set(value, *where):
    def change(entries):
        node, last = _plan_part(*where)(entries)
        node[1][last] = value
    return change


PLAN_DAMAGE = {
    "thresholds {}": _plan_set({}, "thresholds"),
    "thresholds without serious": _plan_set(["R", {}], "thresholds"),
    "serious NaN": _plan_set(["D", "NaN"], "thresholds", "serious"),
    "serious 1e999999999": _plan_set(["D", "1e999999999"], "thresholds", "serious"),
    "serious a float's text": _plan_set(["D", "0.80"], "thresholds", "serious"),  # canonical, so still a number
    "units []": _plan_set([], "units"),
    "units not records": _plan_set(["L", [1, 2]], "units"),
    "title a decimal": _plan_set(["D", "1"], "title"),
    "year out of range": _plan_set(99999, "year"),
    "year true": _plan_set(True, "year"),
    "issued not a date": _plan_set(["T", "2012-02-30"], "issued"),
    "version 2": _plan_set(2, "version"),
    "a field more": lambda e: next(iter(e.values()))["plan"][1].update({"extra": 1}),
    "a field less": lambda e: next(iter(e.values()))["plan"][1].pop("office"),
    "fields in another order": lambda e: next(iter(e.values())).update(
        plan=["R", dict(reversed(list(next(iter(e.values()))["plan"][1].items())))]),
    "unknown tag": _plan_set(["X", "1"], "title"),
    "an error among its problems": lambda e: next(iter(e.values()))["problems"].append([1, 1, "x", "y", "error"]),
    "problems not a list": lambda e: next(iter(e.values())).update(problems={}),
    "a key more": lambda e: next(iter(e.values())).update(more=1),
    "not an object": lambda e: e.update({k: ["plan"] for k in e}),
}


@pytest.mark.parametrize("damage", PLAN_DAMAGE)
def test_a_plan_entry_of_another_shape_is_a_miss_never_a_traceback(cached, tmp_path, plan_file, run, monkeypatch,
                                                                    damage):
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- {target: "2.1", value: 11}'))
    args = ("status", "--plan", plan_file, "--reports", tmp_path / "r", "-q", "Q1", "-f", "json")
    cold, warm = _two_runs(run, monkeypatch, *args)
    assert cold == warm and cold[0] == 0
    _reseal(_stores(tmp_path)["plans.json"], PLAN_DAMAGE[damage])
    cached.clear()
    assert run(*args) == cold
    if damage != "serious a float's text":
        assert cached == [str(plan_file)]  # the plan read again; its reports still come from the cache


def test_every_file_of_the_corpus_comes_back_from_the_cache_as_it_went_in():
    """What every file of the corpus says by its bytes, through JSON and back, is what it said,
    and checks to the same outcome, with the plan and without."""
    from conftest import ROOT
    from jxplan.read import discover
    from jxplan.check.plans import load_plan
    from jxplan.check.reports import Parsed, parse_file, read_all, report_outcome

    pl = load_plan(ROOT / "plans/2012.yaml")
    files, _ = discover.find([ROOT / "tests/data", ROOT / "progress"])
    items = read_all(files, [])
    assert len(items) > 150
    for path, raw in items:
        cold = parse_file(path, raw)
        back = Parsed.cached(json.loads(json.dumps(cold.to_data())), path)
        assert back is not None, path
        assert back.to_data() == cold.to_data(), path  # (as data: a NaN read from a file equals no NaN)
        for plan, index in ((pl.plan, pl.index), (None, None)):
            a, b = report_outcome(path, raw, plan, index, cold), report_outcome(path, raw, plan, index, back)
            assert a == b and a.entries == b.entries, path


def test_the_cache_shapes_are_the_models():
    """record.PLAN and record.REPORT, kept as data in shapes.json so that a run from the cache
    needs no pydantic, are what the models say: `python -m jxplan.check.model.shapes` writes them again."""
    from jxplan.check import record
    from jxplan.check.model import Plan, Report, shapes

    assert record.SHAPES_FILE.read_text(encoding="utf-8") == shapes.shapes_text(), \
        "shapes.json is not the models' shapes: run python -m jxplan.check.model.shapes"
    assert shapes.shape_of(Plan) == record.PLAN and shapes.shape_of(Report) == record.REPORT


@pytest.mark.parametrize("escape,surrogate", [
    ("\\ud800", True), ("\\uDC00", True), ("\\\\ud800", False), ("\\\\\\udfff", True), ("\\u00e9", False),
])
def test_a_store_that_escapes_a_surrogate_is_no_cache(cached, tmp_path, plan_file, escape, surrogate):
    """No text jxplan writes holds a surrogate; one escaped in a store (its digest matching) is
    damage, and would make printing the message fail."""
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n  note: 好\n'))
    cold = open_workspace(plan_file, tmp_path / "r")
    store = _stores(tmp_path)["files.json"]
    body = store.read_bytes()[cache._BODY:-1].replace('"好"'.encode(), f'"{escape}"'.encode())
    assert json.loads(body)
    store.write_bytes(cache._HEAD + hashlib.sha256(body).hexdigest().encode() + b'","entries":' + body + b"}")
    assert (cache._read(store) == {}) is surrogate
    cached.clear()
    warm = open_workspace(plan_file, tmp_path / "r")
    assert warm.problems == cold.problems and (cached == [str(tmp_path / "r/fgw.yaml")]) is surrogate


def test_a_report_dated_in_the_future_is_judged_again_the_next_day(cached, tmp_path, plan_file, monkeypatch):
    """The date of today decides ``implausible-date`` but is in no key: a refusal stored on
    the day before the report's date would refuse it for ever after."""
    import datetime as dt
    import types

    from jxplan.check.rules import report as report_checks

    def today_is(day):
        shim = types.SimpleNamespace(**{k: getattr(dt, k) for k in ("timedelta", "datetime")})
        shim.date = type("FixedDate", (dt.date,), {"today": classmethod(lambda cls: day)})
        monkeypatch.setattr(report_checks, "dt", shim)

    write(tmp_path / "r/fgw.yaml", report("fgw", "Q2", '- target: "2.1"\n  value: 11\n', submitted="2012-07-03"))
    today_is(dt.date(2012, 7, 2))
    ws = open_workspace(plan_file, tmp_path / "r")
    assert "implausible-date" in [p.code for p in ws.problems]
    today_is(dt.date(2012, 7, 4))
    ws = open_workspace(plan_file, tmp_path / "r")
    assert "implausible-date" not in [p.code for p in ws.problems]
