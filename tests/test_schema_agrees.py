"""The published schemas give every file the verdict jxplan gives it.

Each file is read as an editor's YAML language server (or check-jsonschema) reads it --
YAML 1.2 as plain data, so an unquoted ``12.1`` is a number and ``2012-07-03`` text -- and
held against the committed schema; jxplan reads the same bytes as ``validate`` does (one
report against the plan, or the plan). The two verdicts agree, except for the files listed
in ``DIFFERENT`` with what the schema cannot know or see: a check that needs the plan, a
YAML device jxplan refuses and an editor resolves, a number's written digits.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import ROOT

PLAN = ROOT / "plans/2012.yaml"
INVALID = ROOT / "tests/data/invalid"


# ---- an editor's reading -----------------------------------------------------------------

class EditorLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML as the YAML language server (the ``yaml`` package) gives it to a schema: the 1.2
    core schema (``no`` is text, ``010`` is ten, ``0x10`` sixteen, dates are text), aliases
    resolved, a repeated key an error, a tag outside the core schema an error."""

    yaml_implicit_resolvers: dict = {}
    yaml_constructors: dict = {}


_CORE = [  # YAML 1.2.2, 10.3.2: tag, pattern, first characters; int before float
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
]
for _tag, _pattern, _first in _CORE:
    EditorLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def _int(loader, node):
    """An integer as JavaScript holds it: a double once past 2**53 (a huge one is Infinity)."""
    text = loader.construct_scalar(node)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text) if len(text.lstrip("+-")) <= 15 else float(text)


def _float(loader, node):
    text = loader.construct_scalar(node)
    special = text.lstrip("+-").lower()
    if special in (".inf", ".nan"):
        return float(("-" if text.startswith("-") else "") + special[1:])
    return float(text)


def _json_key(key) -> str:
    """A key as JavaScript names it: ``null`` as "", numbers and booleans as written by ``String()``."""
    if isinstance(key, str):
        return key
    if key is None:
        return ""
    if isinstance(key, bool):
        return str(key).lower()
    if isinstance(key, float) and key.is_integer() and abs(key) < 1e21:
        return str(int(key))
    return str(key)


def _mapping(loader, node):
    out = {}
    yield out
    for key_node, value_node in node.value:
        key = _json_key(loader.construct_object(key_node, deep=True))
        if key in out:
            raise yaml.constructor.ConstructorError(None, None, f"repeated key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)


def _sequence(loader, node):
    out = []
    yield out
    out.extend(loader.construct_sequence(node, deep=True))


EditorLoader.add_constructor("tag:yaml.org,2002:null", lambda loader, node: None)
EditorLoader.add_constructor("tag:yaml.org,2002:bool", lambda loader, node: loader.construct_scalar(node).lower() == "true")
EditorLoader.add_constructor("tag:yaml.org,2002:int", _int)
EditorLoader.add_constructor("tag:yaml.org,2002:float", _float)
EditorLoader.add_constructor("tag:yaml.org,2002:str", yaml.SafeLoader.construct_yaml_str)
EditorLoader.add_constructor("tag:yaml.org,2002:seq", _sequence)
EditorLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
EditorLoader.add_constructor(None, yaml.SafeLoader.construct_undefined)


def editor_data(raw: bytes) -> list | None:
    """The documents of a file as an editor reads them, or None when it is not YAML text an
    editor can read (not UTF-8 or UTF-16 with its mark, a syntax error, a repeated key, a
    tag outside the core schema). An empty file is one document, null (as check-jsonschema has it)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    else:
        codec = "utf-8-sig"
    try:
        docs = list(yaml.load_all(raw.decode(codec), Loader=EditorLoader))
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None
    return docs or [None]


@functools.lru_cache(maxsize=None)
def validator(which: str) -> Draft202012Validator:
    """The committed schema, as an editor or check-jsonschema loads it."""
    schema = json.loads((ROOT / f"schema/{which}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _which(data) -> str:
    from jxplan.read.discover import kind_of

    return kind_of(data)


def editor_accepts(raw: bytes, which: str | None = None) -> bool:
    """Whether an editor underlines nothing: every document valid against the schema of its kind."""
    docs = editor_data(raw)
    return docs is not None and all(validator(which or _which(d)).is_valid(d) for d in docs)


# ---- jxplan's reading --------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _plan(path: Path):
    from jxplan.check.plans import load_plan

    loaded = load_plan(path)
    assert loaded.ok, loaded.problems
    return loaded


def jxplan_errors(path: Path, plan: Path = PLAN) -> set[str]:
    """The codes of the errors ``validate`` finds in one file: a plan on its own, a report
    against ``plan`` (the checks across several reports are not a file's)."""
    from jxplan import read as sources
    from jxplan.read.discover import kind_of
    from jxplan.check.plans import load_plan
    from jxplan.check.reports import report_outcome

    raw = path.read_bytes()
    doc, _ = sources.parse(raw, str(path))
    if doc is not None and kind_of(doc.data) == "plan":
        problems = load_plan(path).problems
    else:
        pl = _plan(plan)
        problems = report_outcome(str(path), raw, pl.plan, pl.index).problems
    return {p.code for p in problems if p.is_error}


# ---- where they must differ ----------------------------------------------------------------

PLAN_NEEDED = "needs the plan: its units and targets, who reports what, the target's kind and unit"
PLAN_CONTENT = ("a check of the plan's own content (units referred to, shares adding up, schedules "
                "in order, thresholds): validate's; the schema checks each field's form")
YAML_DEVICE = "jxplan refuses YAML anchors, aliases and tags; an editor resolves them, and the schema sees only the data"
PLACES = "at most 10 decimal places: a validator sees a binary fraction, not the digits written"
WHOLE = "a whole number written with a point: JSON has one kind of number, and a validator takes 1.0 for 1"
UNIQUE = "one entry per target: JSON Schema cannot say that a field is unique across a list"
WRITTEN = "an id written as a number: the editor sees the number, not its 67 digits as written"
FOLDED = ("a compatibility character NFKC folds into a digit or word (③, ㋆): jxplan takes it; the "
          "schema takes what an input method types (ASCII, full-width, ideographs)")

# file (relative to the repository, or a variant's name below) -> (jxplan's error codes, why)
DIFFERENT = {
    "tests/data/invalid/alias.yaml": ({"yaml-anchor"}, YAML_DEVICE),
    "tests/data/invalid/anchor-in-flow.yaml": ({"yaml-anchor"}, YAML_DEVICE),
    "tests/data/invalid/tag-in-entry.yaml": ({"yaml-tag"}, YAML_DEVICE),
    "tests/data/invalid/arabic-indic-digits.yaml": ({"unit"}, PLAN_NEEDED),
    "tests/data/invalid/bad-unit.yaml": ({"unit"}, PLAN_NEEDED),
    "tests/data/invalid/bool-value.yaml": ({"unit"}, PLAN_NEEDED),
    "tests/data/invalid/circled-digits.yaml": ({"unit"}, PLAN_NEEDED),
    "tests/data/invalid/superscript-digits.yaml": ({"unit"}, PLAN_NEEDED),
    "tests/data/invalid/float-id.yaml": ({"unknown-target"}, PLAN_NEEDED),
    "tests/data/invalid/not-responsible.yaml": ({"not-responsible"}, PLAN_NEEDED),
    "tests/data/invalid/stage-for-number.yaml": ({"stage-for-number"}, PLAN_NEEDED),
    "tests/data/invalid/value-for-milestone.yaml": ({"value-for-milestone"}, PLAN_NEEDED),
    "tests/data/invalid/unknown-target.yaml": ({"unknown-target"}, PLAN_NEEDED),
    "tests/data/invalid/unknown-unit.yaml": ({"unknown-unit"}, PLAN_NEEDED),
    "tests/data/invalid/wrong-year.yaml": ({"wrong-year"}, PLAN_NEEDED),
    "tests/data/invalid/two-entries.yaml": ({"duplicate-entry"}, UNIQUE),
    "tests/data/invalid/too-precise.yaml": ({"schema"}, PLACES),
    "tests/data/invalid/version-float.yaml": ({"schema"}, WHOLE),
    "tests/data/invalid/plan-bad-ref.yaml": ({"unknown-unit"}, PLAN_CONTENT),
    "tests/data/invalid/plan-breakdown-sum.yaml": ({"breakdown-sum"}, PLAN_CONTENT),
    "tests/data/invalid/plan-schedule.yaml": ({"schedule"}, PLAN_CONTENT),
    "tests/data/invalid/plan-serious.yaml": ({"thresholds"}, PLAN_CONTENT),
    "id as a 67-digit number": ({"schema"}, WRITTEN),
    "year 2012.0": ({"schema"}, WHOLE),
    "date with a circled digit": (set(), FOLDED),
    "date with a telegraph month": (set(), FOLDED),
}


def _stale() -> str:
    """What to do first when a verdict differs because the committed schema is not the models'."""
    from jxplan.check.schema import schema_data

    stale = [w for w in ("plan", "report") if validator(w).schema != schema_data(w)]
    return "".join(f"; first regenerate: jxplan schema {w} > schema/{w}.schema.json" for w in stale)


def check(name: str, path: Path, plan: Path = PLAN, which: str | None = None) -> set[str]:
    """The schema's verdict on ``path`` is jxplan's, or the difference listed in ``DIFFERENT``;
    jxplan's errors."""
    accepted = editor_accepts(path.read_bytes(), which)
    errors = jxplan_errors(path, plan)
    if name in DIFFERENT:
        codes, why = DIFFERENT[name]
        assert errors == codes, (name, errors)
        # listed: jxplan refuses what the schema takes, or (no codes) takes what it refuses
        assert accepted is bool(codes), f"{name}: listed as differing ({why}), but both say the same{_stale()}"
    else:
        assert accepted is (not errors), \
            f"{name}: the schema {'accepts' if accepted else 'refuses'}, jxplan finds {errors}{_stale()}"
    return errors


# ---- the files -----------------------------------------------------------------------------

def test_the_shipped_plan_and_every_shipped_report():
    reports = sorted((ROOT / "progress").glob("**/*.yaml"))
    assert len(reports) > 100
    check("plans/2012.yaml", PLAN, which="plan")
    for path in reports:
        assert not check(str(path.relative_to(ROOT)), path, which="report")  # both accept them


CASES = sorted(p for p in (ROOT / "tests/data/cases").iterdir() if (p / "plan.yaml").is_file())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_test_case(case):
    check(str(case.relative_to(ROOT) / "plan.yaml"), case / "plan.yaml", which="plan")
    reports = sorted((case / "reports").glob("**/*.yaml"))
    assert reports
    for path in reports:
        check(str(path.relative_to(ROOT)), path, plan=case / "plan.yaml", which="report")


@pytest.mark.parametrize("path", sorted(INVALID.glob("*.yaml")), ids=lambda p: p.name)
def test_every_invalid_file(path):
    check(str(path.relative_to(ROOT)), path)


def test_every_listed_difference_is_a_case_that_exists():
    """No stale entry hides a gap: each name in DIFFERENT is a file here or a variant below."""
    variants = {name for name, _ in VARIANTS}
    for name in DIFFERENT:
        assert (ROOT / name).is_file() or name in variants, name


# ---- what `jxplan template` writes, blank and filled -----------------------------------------

def _filled(form: str, due) -> str:
    """A form filled in as a clerk would: a Chinese date, ids and figures unquoted, stages and
    reason kinds in Chinese; every other reason block left as the form has it."""
    out, reasons = [], 0
    for line in form.splitlines():
        key = line.strip()
        if line.startswith("submitted:"):
            line = f"submitted: {due.year}年{due.month}月{due.day}日"
        elif key.startswith('- target: "'):
            line = line.replace('"', "")  # 5.10 is 5.1 to an editor, "5.10" to jxplan: both take it
        elif key == "value:":
            line += " 12.1"
        elif key == "stage:":
            line += " 推進中"
        elif key == "note:":
            line += " 已按計劃推進。"
        elif key == "reason:":
            reasons += 1
        elif key == "kind:" and reasons % 2:
            line += " 客觀" if reasons % 4 == 1 else " 主观原因"
        elif key == "text:" and reasons % 2:
            line += " 受天氣影響，部分工程延期。"
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("quarter", ["Q2", "Q4"])
def test_every_form_jxplan_template_writes_blank_and_filled(tmp_path, quarter):
    from jxplan.render.forms import blank_report

    pl = _plan(PLAN)
    due = getattr(pl.plan.reporting, quarter)
    written, empty_reasons = 0, 0
    for uid in pl.index.units:
        form = blank_report(pl.index, uid, quarter)
        empty_reasons += form.count("reason:\n      kind:\n      text:")
        for kind, text in (("blank", form), ("filled", _filled(form, due))):
            path = tmp_path / kind / quarter / f"{uid}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            assert not check(f"{kind} form of {uid}", path, which="report"), (kind, uid)  # both accept it
            written += 1
    assert written > 60
    assert empty_reasons > 100  # the empty blocks are there, to be accepted


def test_the_template_command_in_simplified_script(tmp_path, run, in_root):
    import datetime as dt

    code, out, _ = run("template", "--unit", "gtj", "--quarter", "Q2", "--script", "simplified")
    assert code == 0 and "报送期限" in out
    for kind, text in (("blank", out), ("filled", _filled(out, dt.date(2012, 7, 3)))):
        path = tmp_path / kind / "gtj.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        assert not check(f"simplified {kind} form", path, which="report")


# ---- the words and dates people write ------------------------------------------------------

FGW = (ROOT / "progress/2012/Q2/fgw.yaml").read_text(encoding="utf-8")
GTJ = (ROOT / "progress/2012/Q2/gtj.yaml").read_text(encoding="utf-8")
_QUOTED = re.compile(r'target: "([^"]+)"')

# (name, report text): the shipped reports as people also write them, and a few that must fail
VARIANTS = [
    ("stage 推進中", FGW.replace("stage: in_progress", "stage: 推進中")),
    ("stage 推进中", FGW.replace("stage: in_progress", "stage: 推进中")),
    ("stage in mixed script with spaces", FGW.replace("stage: in_progress", 'stage: " 推進中\u3000"')),
    ("stage 未启动 and 已完成", FGW.replace("stage: in_progress", "stage: 未启动", 3).replace("stage: in_progress", "stage: 已完成")),
    ("stage 未啟动 in mixed script", FGW.replace("stage: in_progress", "stage: 未啟动")),
    ("stage in full-width letters", FGW.replace("stage: in_progress", "stage: ｉｎ＿ｐｒｏｇｒｅｓｓ")),
    ("stage misspelt", FGW.replace("stage: in_progress", "stage: 推進", 1)),
    ("stage in capitals", FGW.replace("stage: in_progress", "stage: In_progress", 1)),
    ("reason kind 客觀", FGW.replace("kind: objective", "kind: 客觀")),
    ("reason kind 客观原因", FGW.replace("kind: objective", "kind: 客观原因")),
    ("reason kind 主觀", FGW.replace("kind: objective", "kind: 主觀")),
    ("reason kind other", FGW.replace("kind: objective", "kind: 其他")),
    ("reason without its text", FGW.replace("      text: 出口訂單減少，規模以上工業增加值增速低於預期。\n", "")),
    ("reason block left empty", FGW.replace("kind: objective", "kind:").replace(
        "text: 出口訂單減少，規模以上工業增加值增速低於預期。", "text:")),
    ("reason block with only spaces", FGW.replace("kind: objective", 'kind: "  "').replace(
        "text: 出口訂單減少，規模以上工業增加值增速低於預期。", "text:")),
    ("reason block empty mapping", FGW.replace(
        "reason:\n      kind: objective\n      text: 出口訂單減少，規模以上工業增加值增速低於預期。", "reason: {}")),
    ("date 2012年7月3日", FGW.replace("submitted: 2012-07-03", "submitted: 2012年7月3日")),
    ("date 2012/7/3", FGW.replace("submitted: 2012-07-03", "submitted: 2012/7/3")),
    ("date 2012.7.3", FGW.replace("submitted: 2012-07-03", "submitted: 2012.7.3")),
    ("date in full-width digits", FGW.replace("submitted: 2012-07-03", "submitted: ２０１２年７月３日")),
    ("date with spaces and 號", FGW.replace("submitted: 2012-07-03", "submitted: 2012 年 7 月 3 號")),
    ("date 2012-07-03 quoted", FGW.replace("submitted: 2012-07-03", 'submitted: "2012-07-03"')),
    ("date that does not exist", FGW.replace("submitted: 2012-07-03", "submitted: 2012年6月31日")),
    ("date as month and day only", FGW.replace("submitted: 2012-07-03", "submitted: 7月3日")),
    ("date with a circled digit", FGW.replace("submitted: 2012-07-03", "submitted: 2012-07-③")),
    ("date with a telegraph month", FGW.replace("submitted: 2012-07-03", "submitted: 2012年㋆3日")),
    ("date left out of a filled report", FGW.replace("submitted: 2012-07-03", "submitted:")),
    ("ids unquoted", _QUOTED.sub(r"target: \1", FGW)),
    ("target: 12.1 unquoted", _QUOTED.sub(r"target: \1", GTJ)),
    ("id as a 67-digit number", FGW.replace('target: "H4a"', "target: " + "1" * 67)),
    ("value with its unit", GTJ.replace("value: 1.1", 'value: "1.1萬戶"').replace('"6200畝"', "0.62萬畝")),
    ("value in full-width digits", GTJ.replace("value: 1.1", "value: １.１")),
    ("value true", GTJ.replace("value: 1.1", "value: true")),
    ("value .nan", GTJ.replace("value: 1.1", "value: .nan")),
    ("value 1e16", GTJ.replace("value: 1.1", "value: 1e16")),
    ("note as a number", FGW.replace('note: "上半年全市固定資產投資增長11.2%。"', "note: 11.2")),
    ("note with a control character", FGW.replace('note: "上半年', 'note: "\\u202e上半年')),
    ("year 2012.0", FGW.replace("year: 2012", "year: 2012.0")),
    ("quarter q2", FGW.replace("quarter: Q2", "quarter: q2")),
    ("unit by name", FGW.replace("unit: fgw", "unit: 市發改委")),
]


@pytest.mark.parametrize("name,text", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_the_words_and_dates_people_write(tmp_path, name, text):
    path = tmp_path / "Q2" / "report.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    check(name, path, which="report")


def test_the_issue_s_forms_are_accepted_by_both(tmp_path):
    """The forms issue 18 names: 推進中, 客觀, 2012年7月3日, an unquoted 12.1, a filled template."""
    for name in ("stage 推進中", "reason kind 客觀", "date 2012年7月3日", "target: 12.1 unquoted", "reason block left empty"):
        path = tmp_path / f"{len(list(tmp_path.iterdir()))}.yaml"
        path.write_text(dict(VARIANTS)[name], encoding="utf-8")
        assert editor_accepts(path.read_bytes(), "report") and not jxplan_errors(path), name


# ---- the patterns, character by character ------------------------------------------------------

def _pattern_of(node: dict) -> str:
    """The pattern of a field's text, among the things it takes."""
    return next(b["pattern"] for b in node["anyOf"] if b.get("type") == "string" and "pattern" in b)


def _date_accepted(text: str) -> bool:
    from pydantic import TypeAdapter, ValidationError

    from jxplan.check.model.types import Date

    try:
        TypeAdapter(Date).validate_python(text)
        return True
    except ValidationError:
        return False


def _typed(chars: str) -> st.SearchStrategy:
    """One of ``chars``, as typed in ASCII or full width."""
    return st.sampled_from([c for ch in chars for c in {ch, chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch}])


_SPACES = st.sampled_from(["", " ", "  ", "\t", "\u3000", "\u00a0", "\u2003", "\n", "\u2028", "\u0085"])
_DIGITS = st.lists(_typed("0123456789"), min_size=1, max_size=3).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.tuples(_SPACES, st.lists(_typed("0123456789"), min_size=3, max_size=5).map("".join)
                 | st.sampled_from(["2012", "2000", "1900", "2100", "0000", "0004", "２０１２"]),
                 _SPACES, st.sampled_from(["-", "/", ".", "年", "－", "／", "月"]), _SPACES,
                 _DIGITS | st.sampled_from(["2", "02", "13", "00"]), _SPACES,
                 st.sampled_from(["-", "/", ".", "月", "－", "．", "日", ""]), _SPACES,
                 _DIGITS | st.sampled_from(["28", "29", "30", "31", "32", "0"]), _SPACES,
                 st.sampled_from(["", "日", "號", "号", "月", "x"]), _SPACES))
def test_a_date_pattern_takes_exactly_what_jxplan_takes(parts):
    text = "".join(parts)
    pattern = _pattern_of(validator("report").schema["properties"]["submitted"])
    assert bool(re.search(pattern, text)) is _date_accepted(text), repr(text)


def test_every_day_of_every_year_form_is_a_date_to_both():
    """Every month and day number 0-32, in leap years and not (1900, 2000, 2012, 2013, 0004)."""
    pattern = re.compile(_pattern_of(validator("report").schema["properties"]["submitted"]))
    for year, month, day in itertools.product(("1900", "2000", "2012", "2013", "0004", "0000"), range(14), range(33)):
        for text in (f"{year}-{month:02}-{day:02}", f"{year}年{month}月{day}日"):
            assert bool(pattern.search(text)) is _date_accepted(text), text


def _word_accepted(table: dict, ids: set, text: str) -> bool:
    from jxplan.core.terms import word_for

    return (word_for(table, text) or text) in ids


@pytest.mark.parametrize("path,table", [(("$defs", "Entry", "properties", "stage"), "STAGE_WORDS"),
                                        (("$defs", "Reason", "properties", "kind"), "REASON_WORDS")])
def test_a_word_pattern_takes_exactly_what_jxplan_takes(path, table):
    """Every spelling the pattern allows (each character in every form it takes) is a word
    of the table to ``terms.word_for``, and a near miss is not."""
    from jxplan.core import terms

    words = getattr(terms, table)
    node = functools.reduce(lambda n, k: n[k], path, validator("report").schema)
    pattern = re.compile(_pattern_of(node))
    ids = set(words.values())
    inner = re.search(r"\(\?:([^()]*)\)", pattern.pattern)[1]
    tried = 0
    for alternative in inner.split("|"):
        pieces = re.findall(r"\[([^\]]+)\]|\\u([0-9a-f]{4})|(.)", alternative)
        choices = [list(_class_chars(cls)) if cls else [chr(int(code, 16)) if code else ch] for cls, code, ch in pieces]
        for spelling in itertools.islice(itertools.product(*choices), 4096):
            text = "".join(spelling)
            for padded in (text, f" {text}\u3000", text[:-1], text + "了"):
                assert bool(pattern.search(padded)) is _word_accepted(words, ids, padded), repr(padded)
                tried += 1
    assert tried > 1000


def _class_chars(body: str) -> str:
    """The characters of a pattern's class body as this module writes it (``\\uXXXX``, ranges)."""
    chars = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), body)
    out, i = [], 0
    while i < len(chars):
        if i + 2 < len(chars) and chars[i + 1] == "-":
            out += [chr(c) for c in range(ord(chars[i]), ord(chars[i + 2]) + 1)]
            i += 3
        else:
            out.append(chars[i])
            i += 1
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab5. \t\u3000\u00a0\n\u0085\u202e\x01")), max_size=70))
def test_id_and_name_patterns_take_exactly_what_the_models_take(text):
    from pydantic import TypeAdapter, ValidationError

    from jxplan.check.model.types import Id, Name

    for typ, node in ((Id, validator("report").schema["$defs"]["Entry"]["properties"]["target"]),
                      (Name, validator("plan").schema["properties"]["title"])):
        try:
            TypeAdapter(typ).validate_python(text)
            taken = True
        except ValidationError:
            taken = False
        assert Draft202012Validator(node).is_valid(text) is taken, (typ, repr(text))
