"""Fuzzing the loaders and commands: no traceback, a positioned problem, inputs untouched.

CI runs a few hundred examples; JXPLAN_FUZZ_EXAMPLES=20000 runs the long campaign.
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from jxplan.judge.advice import validate as check_paths  # all validate says

EXAMPLES = int(os.environ.get("JXPLAN_FUZZ_EXAMPLES", "150"))
PLAN = ROOT / "plans/2012.yaml"
SAMPLE = (ROOT / "progress/2012/Q2/jtj.yaml").read_text(encoding="utf-8")
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def _check(tmp_path, data: bytes):
    p = tmp_path / "fuzz.yaml"
    p.write_bytes(data)
    before = hashlib.sha256(data).hexdigest()
    started = time.perf_counter()
    problems = list(check_paths([p], PLAN, explicit_plan=True).problems)
    assert time.perf_counter() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2 * 1024 * 1024  # KB: under 2 GB
    assert hashlib.sha256(p.read_bytes()).hexdigest() == before
    for prob in problems:
        assert prob.path == str(p) and prob.line >= 1 and prob.col >= 1 and prob.message
    return problems


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(tmp_path_factory, data):
    _check(tmp_path_factory.mktemp("f"), data)


MUTATIONS = ["delete_line", "swap_type", "dup_key", "truncate", "gbk", "anchor", "nest", "tab", "fullwidth"]


@FUZZ
@given(ops=st.lists(st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 10_000)), min_size=1, max_size=4))
def test_mutations_of_a_valid_report(tmp_path_factory, ops):
    lines = SAMPLE.splitlines()
    raw = None
    for op, n in ops:
        i = n % max(1, len(lines))
        if op == "delete_line" and lines:
            del lines[i]
        elif op == "swap_type" and lines and ": " in lines[i]:
            k, _ = lines[i].split(": ", 1)
            lines[i] = k + ": " + random.Random(n).choice(["[1, 2]", "{a: b}", "yes", "~", "3.5", '"x"', "-1e999"])
        elif op == "dup_key" and lines:
            lines.insert(i, lines[i])
        elif op == "truncate":
            lines = lines[:i]
        elif op == "anchor" and lines and ": " in lines[i]:
            k, v = lines[i].split(": ", 1)
            lines[i] = f"{k}: &a {v}"
            lines.append("extra: *a")
        elif op == "nest":
            lines.append("deep: " + "[" * (n % 200 + 1) + "]" * (n % 200 + 1))
        elif op == "tab" and lines:
            lines[i] = "\t" + lines[i]
        elif op == "fullwidth" and lines:
            lines[i] = lines[i].replace(": ", "：", 1)
        elif op == "gbk":
            raw = "\n".join(lines).encode("gb18030", errors="replace")
    data = raw if raw is not None else ("\n".join(lines) + "\n").encode("utf-8")
    _check(tmp_path_factory.mktemp("m"), data)


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=12),
                    st.sampled_from(["Q1", "Q5", "2.1", "H1", "fgw", "市發改委", "2012-02-30", "1.2萬畝", ".nan"]))
FIELDS = ["version", "unit", "year", "quarter", "submitted", "entries", "target", "value", "stage", "note",
          "reason", "kind", "text", "valeu"]
docs = st.recursive(scalars, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                    st.dictionaries(st.sampled_from(FIELDS), kids, max_size=6)),
                    max_leaves=20)


@FUZZ
@given(doc=st.dictionaries(st.sampled_from(FIELDS), docs, max_size=7))
def test_schema_shaped_documents(tmp_path_factory, doc):
    import yaml

    text = yaml.safe_dump(doc, allow_unicode=True)
    _check(tmp_path_factory.mktemp("d"), text.encode("utf-8"))


@settings(max_examples=max(20, EXAMPLES // 5), deadline=None, suppress_health_check=list(HealthCheck))
@given(cut=st.integers(0, len(SAMPLE)), junk=st.binary(max_size=40))
def test_commands_end_to_end_on_a_mutated_folder(run, tmp_path_factory, cut, junk):
    folder = tmp_path_factory.mktemp("e2e")
    (folder / "ok.yaml").write_text((ROOT / "progress/2012/Q2/fgw.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    bad = SAMPLE.encode("utf-8")[:cut] + junk
    (folder / "jtj.yaml").write_bytes(bad)
    for args in (["validate", folder], ["status", "--reports", folder], ["status", "-f", "json", "--reports", folder],
                 ["bulletin", "--reports", folder, "-f", "html"]):
        code, out, err = run(*args[:1], "--plan", PLAN, *args[1:])
        assert code in (0, 1) and "Traceback" not in out + err
        if code == 1:
            assert "jtj.yaml:" in out + err
    assert (folder / "jtj.yaml").read_bytes() == bad


def test_status_and_bulletin_never_traceback_on_a_broken_folder(run, tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.yaml").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "b.yaml").write_text("version: 1\nunit: [\n", encoding="utf-8")
    for cmd in ("status", "bulletin", "validate"):
        args = [cmd, "--plan", PLAN] + (["--reports", folder] if cmd != "validate" else [folder])
        code, out, err = run(*args)
        assert code == 1 and "Traceback" not in err + out
