"""JSON Schema of the plan and report formats, generated from the models.

An editor (the YAML language server) or a CI step (check-jsonschema) reads a file as
YAML 1.2 data and holds it against this schema, so the schema says what the models take
*as input*, not the type they make of it. Left alone, pydantic writes the type a
validator produces; but the models' validators take more than that: ``2012年7月3日`` for a
date, an unquoted ``5.10`` for an id (an editor sees the number 5.1), ``推進中`` or
``客观`` for a stage or a reason's kind, a form's empty ``reason:`` block. What each
validator takes is said once, here (``_inputs``), from the tables and bounds the
validator itself reads (``model.types``, ``terms``' word tables, ``quantity``'s bounds),
so a field the models gain is in the schema with nothing changed here. A validator
missing from ``_inputs`` keeps pydantic's type and is named by ``unknown_validators``
(a test fails on it): the schema never silently disagrees with a model.

Beyond the models the schema states the one check a report needs nothing else for: a
report that says anything says when it was sent (``missing-date``). What needs the plan
(its units and targets, who reports what, whether a value's unit converts) or several
files is ``jxplan validate``'s, and the schema's description says so. A few things a
JSON Schema cannot see at all are listed in README ("File formats in short").
"""

from __future__ import annotations

import functools
import json
import unicodedata

# ---- characters, and patterns that mean the same in Python's re and ECMAScript ---------

_BMP = range(0x10000)  # no space or control character lies beyond it (a test makes sure)


def _escaped(c: str) -> str:
    """A character inside a pattern: letters, digits and ideographs as they are, anything
    else as ``\\uXXXX``, which both regex dialects read as that one character."""
    assert ord(c) <= 0xFFFF, c
    return c if c.isalnum() else f"\\u{ord(c):04x}"


def _class(chars, negated: bool = False) -> str:
    """A character class of ``chars``, runs written as ranges."""
    codes = sorted({ord(c) for c in chars})
    parts, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = chr(codes[i]), chr(codes[j])
        parts.append(_escaped(first) + ("" if i == j else ("" if j == i + 1 else "-") + _escaped(last)))
        i = j + 1
    return "[" + ("^" if negated else "") + "".join(parts) + "]"


def _one(chars) -> str:
    """``chars`` as a pattern: the character itself when there is only one."""
    chars = set(chars)
    return _escaped(next(iter(chars))) if len(chars) == 1 else _class(chars)


@functools.lru_cache(maxsize=None)
def _chars() -> dict:
    """The character sets the validators read, each taken from the code that reads it."""
    from .model.types import _CONTROL

    every = [chr(i) for i in _BMP]
    return {
        "space": frozenset(c for c in every if c.isspace()),  # what str.strip() removes
        "control": frozenset(c for c in every if _CONTROL.fullmatch(c)),  # what Text refuses
    }


def _space() -> str:
    return _class(_chars()["space"])


# An input method types ASCII and its full-width forms (U+FF01-FF5E); the word and date
# patterns are exact over those, ideographs and spaces. A compatibility character that
# NFKC folds into a digit or a word (³, ③, ㋆ for 7月) is taken by jxplan and not by the
# schema: README lists it among what a schema cannot follow.
def _typed(c: str) -> set[str]:
    """``c`` and the full-width form an input method types for it."""
    return {c, chr(ord(c) + 0xFEE0)} if "!" <= c <= "~" else {c}


def _nfkc(c: str) -> str:
    return unicodedata.normalize("NFKC", c)


# ---- what each validator takes -----------------------------------------------------------

_ANY = "[\\s\\S]"
_NUMBER_TYPES = ("number", "integer")


def _text(inner: dict) -> dict:
    """``types._as_text``: text without an invisible control character, or a number (read as
    it is written)."""
    text = dict(inner)
    _add_pattern(text, "^" + _class(_chars()["control"], negated=True) + "*$")
    return {"anyOf": [text, {"type": "number"}]}


def _name(inner: dict) -> dict:
    """``types._as_name``: as ``_text``, and not blank."""
    control, space = _chars()["control"], _chars()["space"]
    name = dict(inner)
    # spaces, a visible character, then anything but a control character: linear in both dialects
    _add_pattern(name, "^" + _class(space - control) + "*" + _class(control | space, negated=True)
                 + _class(control, negated=True) + "*$")
    return {"anyOf": [name, {"type": "number"}]}


def _id(inner: dict) -> dict:
    """``types._as_id``: text, its length counted without the spaces around it, or a number
    (``5.10`` is read as written; an editor sees 5.1, which is also an id)."""
    low, high = inner.get("minLength", 0), inner.get("maxLength")
    rest = {k: v for k, v in inner.items() if k not in ("type", "minLength", "maxLength")}
    if low < 1 or high is None or rest:
        raise _Unknown("an id with constraints other than its length")
    s, visible = _space(), _class(_chars()["space"], negated=True)
    if high == 1:
        core = visible
    elif low == 1:
        core = f"{visible}(?:{_ANY}{{0,{high - 2}}}{visible})?"
    else:
        core = f"{visible}{_ANY}{{{low - 2},{high - 2}}}{visible}"
    return {"anyOf": [{"type": "string", "pattern": f"^{s}*{core}{s}*$"}, {"type": "number"}]}


def _bounded(node: dict) -> dict:
    """``quantity.bounds_problem`` on a number: finite, and smaller than ``MAX_ABS``. (Its
    limit of decimal places cannot be said: a validator sees a binary fraction.)"""
    from ..core.quantity import MAX_ABS

    out = dict(node)
    out["exclusiveMaximum"] = int(MAX_ABS)
    out["exclusiveMinimum"] = -int(MAX_ABS)
    # NaN passes every comparison, so it alone is "at least 1 and at most 0"
    out["not"] = {"type": "number", "minimum": 1, "maximum": 0}
    return out


def _number(inner: dict) -> dict:
    """``types._as_number``: a number (never text, never true/false), bounded."""
    if inner.get("type") != "number":
        raise _Unknown("a number that is not a number")
    return _bounded(inner)


def _value(inner: dict) -> dict:
    """``model.report._as_value``: a bounded number, or text with a unit (``"1.2萬畝"``),
    which only the plan can read (the target's unit)."""
    return {"anyOf": [_bounded(b) if b.get("type") in _NUMBER_TYPES else b for b in _branches(inner)]}


def _point_id(inner: dict) -> dict:
    """``types._as_point_id``: a whole number in its bounds, a number with a fraction (read as
    text), or text."""
    branches = _flattened(_branches(inner))
    whole = [b for b in branches if b.get("type") == "integer"]
    text = [b for b in branches if b.get("type") == "string"]
    if len(whole) != 1 or len(text) != 1:
        raise _Unknown("a point id of another shape")
    return {"anyOf": [whole[0], {"type": "number", "not": {"type": "integer"}}, text[0]]}


def _notice(inner: dict) -> dict:
    """``model.plan._as_notice``: the notice, or its title alone as text."""
    return {"anyOf": [inner, _text({"type": "string"})["anyOf"][0]]}


def _blank() -> dict:
    """What a form leaves empty: nothing, or only spaces."""
    return {"anyOf": [{"type": "null"}, {"type": "string", "pattern": f"^{_space()}*$"}]}


def _empty_block() -> dict:
    """``model.report._drop_empty_reason``: a reason block as the form has it (``kind:`` and
    ``text:`` with nothing, or only spaces), which is no reason."""
    from .model.report import Reason

    return {"type": "object", "minProperties": 1, "propertyNames": {"enum": sorted(Reason.model_fields)},
            "additionalProperties": _blank()}


def _empty_reason(inner: dict) -> dict:
    """``model.report._drop_empty_reason``: an entry's reason may be the form's empty block."""
    reason = inner.get("properties", {}).get("reason")
    if reason is None:
        raise _Unknown("an entry without a reason")
    if "anyOf" in reason:
        reason["anyOf"].append(_empty_block())
    else:
        inner["properties"]["reason"] = {"anyOf": [reason, _empty_block()]}
    return inner


def _date(inner: dict) -> dict:
    """``types._as_date``: a real date written as 2012-07-05, 2012/7/5, 2012.7.5 or 2012年7月5日."""
    return {"type": "string", "pattern": _date_pattern()}


def _due(inner: dict) -> dict:
    """``plan._as_due``: a deadline written as ``terms.DUE_PATTERN`` says (Q2, 6月底前, 2023-09-30)."""
    from ..core.terms import DUE_PATTERN

    return {"type": "string", "pattern": DUE_PATTERN, **{k: v for k, v in inner.items() if k == "maxLength"}}


def _as_is(inner: dict) -> dict:
    return inner


def _words(func, inner: dict) -> dict:
    """``model.report._word``: the ids, or a word of the table for one (推進中, 客观原因), in
    either script, with spaces around it."""
    import inspect

    words = inspect.getclosurevars(func).nonlocals["words"]
    ids = set(inner.get("enum") or [inner.get("const")])
    forms = sorted(w for w, i in words.items() if i in ids)
    return {"anyOf": [{"type": "string", "enum": forms},
                      {"type": "string", "pattern": _word_pattern(tuple(words.items()), tuple(forms))}]}


# ---- words and dates ----------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _folded() -> dict:
    """{a character: what ``script.fold`` makes of it}, over the characters a word may be typed
    in: the traditional characters that fold into another, ASCII and its full-width forms."""
    from ..core.script import _TRAD, fold

    typed = {t for c in map(chr, range(0x21, 0x7F)) for t in _typed(c)}
    return {c: fold(c) for c in sorted(_TRAD | typed)}


def _same(c: str) -> set[str]:
    """The characters ``script.fold`` takes for ``c``."""
    from ..core.script import fold

    target = fold(c)
    return {c, target} | {x for x, f in _folded().items() if f == target}


@functools.lru_cache(maxsize=None)
def _word_pattern(table: tuple, forms: tuple) -> str:
    """``terms.word_for``: a form as written, or one whose fold is a form, with spaces around."""
    from ..core.script import fold

    words = dict(table)
    alternatives = set()
    for form in forms:
        if words.get(fold(form)) == words[form]:
            alternatives.add("".join(_one(_same(c)) for c in form))
        else:
            alternatives.add("".join(_escaped(c) for c in form))
    s = _space()
    return f"^{s}*(?:" + "|".join(sorted(alternatives)) + f"){s}*$"


def _preimage(targets: str) -> set[str]:
    """The characters typed (ASCII, full-width, ideographs, spaces) that NFKC makes one of ``targets``."""
    chars = {t for c in targets for t in _typed(c)} | _chars()["space"]
    return {c for c in chars if _nfkc(c) and _nfkc(c) in targets}


@functools.lru_cache(maxsize=None)
def _date_pattern() -> str:
    """``types._as_date``: its check of the start as typed (``_DATE_LIKE``: four digits,
    ASCII spaces, then - / . or 年), then ``terms.parse_date`` on the text NFKC folds it to
    (ASCII spaces between the parts, an optional 日 號 号), and a day that exists."""

    def d(digits: str) -> str:
        return _one(_preimage(digits))

    ascii_space = _class(" \t\n\r\f\v")
    between = _class({c for c in _chars()["space"] if all(x in " \t\n\r\f\v" for x in _nfkc(c))}) + "*"
    any_digit = d("0123456789")
    year = (f"(?:{any_digit}{{3}}{d('123456789')}|{any_digit}{{2}}{d('123456789')}{any_digit}|"
            f"{any_digit}{d('123456789')}{any_digit}{{2}}|{d('123456789')}{any_digit}{{3}})")
    leap = (f"(?:{any_digit}{{2}}(?:{d('0')}{d('48')}|{d('2468')}{d('048')}|{d('13579')}{d('26')})|"
            f"(?:{d('02468')}{d('48')}|{d('13579')}{d('26')}|{d('2468')}{d('0')}){d('0')}{{2}})")
    first = f"{ascii_space}*{_class('-/.年')}{between}"  # the typed start, as _DATE_LIKE reads it
    second = f"{between}{_one(_preimage('-/.月'))}{between}"
    zero = d("0") + "?"
    month = f"(?:{zero}{d('123456789')}|{d('1')}{d('012')})"
    not_february = f"(?:{zero}{d('13456789')}|{d('1')}{d('012')})"
    long_month = f"(?:{zero}{d('13578')}|{d('1')}{d('02')})"
    day = f"(?:{zero}{d('123456789')}|{d('1')}{any_digit}|{d('2')}{d('012345678')})"
    late = f"(?:{d('2')}{d('9')}|{d('3')}{d('0')})"
    dates = (f"(?:{year}{first}(?:{month}{second}{day}|{not_february}{second}{late}|"
             f"{long_month}{second}{d('3')}{d('1')})|{leap}{first}{zero}{d('2')}{second}{d('2')}{d('9')})")
    s = _space()
    return f"^{s}*{dates}(?:{between}{_one(_preimage('日號号'))})?{s}*$"


# ---- the generator -----------------------------------------------------------------------

class _Unknown(Exception):
    """A validator's inner type is not the shape its entry in ``_inputs`` expects."""


def _inputs() -> dict:
    """{validator: what it takes, from the JSON Schema of what it produces}."""
    from .model import plan, report, types

    return {
        types._as_text: _text, types._as_name: _name, types._as_id: _id, types._as_number: _number,
        types._as_whole: _as_is, types._as_date: _date, types._as_flag: _as_is, types._as_point_id: _point_id,
        report._as_value: _value, report._drop_empty_reason: _empty_reason,
        plan._as_notice: _notice, plan.Plan._named_office.__func__: _as_is, plan._as_due: _due,  # fills in office: takes what it gives
    }


def _is_word(func) -> bool:
    from .model.report import _word

    return getattr(func, "__code__", None) is _word({}).func.__code__


def _pydantics(func) -> bool:
    """One of pydantic's own constraint checks (a length, a bound, no NaN): pydantic writes
    its JSON Schema itself."""
    func = func.func if isinstance(func, functools.partial) else func
    return getattr(func, "__module__", "").startswith("pydantic")


_MARK = "x-jxplan-input"  # a validator's inner type, marked to be turned into its input at the end
_ANNOTATIONS = ("title", "description", "default", "examples")


def _generator(unknown: list, marked: list):
    """pydantic's generator, but a validator's inner type is marked with what turns it into
    its input; ``_unmarked`` turns it once pydantic has put every constraint beside it (a
    length or bound given after the validator lands on the same node)."""
    from pydantic.json_schema import GenerateJsonSchema

    inputs = _inputs()

    def name(func) -> str:
        return getattr(func, "__qualname__", None) or repr(func)

    class Generator(GenerateJsonSchema):
        def decimal_schema(self, schema):
            # A figure in a plan is a YAML number: the models refuse text ("10" is an
            # error), so the schema says number only. pydantic's default for Decimal also
            # allows a string, with a pattern in some releases and without in others.
            generated = super().decimal_schema(schema)
            return generated["anyOf"][0] if "anyOf" in generated else {"type": "number"}

        def function_before_schema(self, schema):
            inner = super().function_before_schema(schema)
            if schema.get("json_schema_input_schema") is not None:
                return inner  # the validator says what it takes (pydantic's json_schema_input_type)
            func = schema["function"]["function"]
            func = getattr(func, "__func__", func)  # a model's validator: a bound class method
            if _is_word(func):
                turn = functools.partial(_words, func)
            elif func in inputs:
                turn = inputs[func]
            else:
                unknown.append(name(func))
                return inner
            marked.append((name(func), turn))
            return {_MARK: len(marked) - 1, **inner}

        def _other(self, schema, kind):
            func = schema["function"]["function"]
            if not _pydantics(func):
                unknown.append(f"{name(func)} ({kind})")  # it may refuse what its type takes

        def function_after_schema(self, schema):
            self._other(schema, "after")
            return super().function_after_schema(schema)

        def function_wrap_schema(self, schema):
            self._other(schema, "wrap")
            return super().function_wrap_schema(schema)

        def function_plain_schema(self, schema):
            self._other(schema, "plain")
            return super().function_plain_schema(schema)

    return Generator


def _unmarked(node, marked: list, unknown: list):
    """Every marked node turned into what its validator takes, the innermost first."""
    if isinstance(node, list):
        for v in node:
            _unmarked(v, marked, unknown)
        return
    if not isinstance(node, dict):
        return
    for v in node.values():
        _unmarked(v, marked, unknown)
    if _MARK not in node:
        return
    name, turn = marked[node.pop(_MARK)]
    said = {k: node.pop(k) for k in _ANNOTATIONS if k in node}
    inner = _json_bounds(dict(node))
    try:
        taken = turn(inner)
    except _Unknown as exc:
        unknown.append(f"{name}: {exc}")
        taken = inner
    node.clear()
    node.update(taken)
    node.update(said)


def _add_pattern(node: dict, pattern: str) -> None:
    """One more pattern the text must match, beside any it already has."""
    if "pattern" in node:
        node.setdefault("allOf", []).append({"pattern": pattern})
    else:
        node["pattern"] = pattern


def _branches(node: dict) -> list:
    """The alternatives of a schema: its anyOf, or itself."""
    return list(node["anyOf"]) if set(node) - {"title", "description", "default"} == {"anyOf"} else [node]


def _flattened(branches: list) -> list:
    out = []
    for b in branches:
        out += _flattened(b["anyOf"]) if list(b) == ["anyOf"] else [b]
    return out


_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _json_bounds(node):
    """pydantic leaves a bound it could not fold into the type (``ge: 0`` beside a validator)
    under its own name, which no JSON Schema validator reads: give it JSON Schema's name."""
    if isinstance(node, dict):
        if node.get("type") in _NUMBER_TYPES:
            for ours, theirs in _BOUNDS.items():
                if ours in node:
                    node[theirs] = node.pop(ours)
        for v in node.values():
            _json_bounds(v)
    elif isinstance(node, list):
        for v in node:
            _json_bounds(v)
    return node


def _tidied(node) -> None:
    """A pattern's closing ``$`` as ``(?![\\s\\S])``: Python's ``re`` (jsonschema's) lets ``$``
    match before a final line break, ECMAScript and pydantic do not; this means the end in
    all. And an anyOf inside an anyOf (a nullable field that takes several things) as one."""
    if isinstance(node, dict):
        p = node.get("pattern")
        if isinstance(p, str) and p.endswith("$") and not p.endswith("\\$"):
            node["pattern"] = p[:-1] + "(?![\\s\\S])"
        if isinstance(node.get("anyOf"), list):
            node["anyOf"] = _flattened(node["anyOf"])
        for v in node.values():
            _tidied(v)
    elif isinstance(node, list):
        for v in node:
            _tidied(v)


def _dated(data: dict) -> None:
    """The check missing-date (``checks.report.dated``): a report with an entry that says
    anything (not ``model.report.Entry.blank``: a value or a stage, a note with something
    in it, a reason that is not the form's empty block) has a ``submitted`` date."""
    def given(field: str, empty: dict) -> dict:
        return {"required": [field], "properties": {field: {"not": empty}}}

    nothing = {"type": "null"}
    said = [given("value", nothing), given("stage", nothing), given("note", _blank()),
            given("reason", {"anyOf": [nothing, _empty_block()]})]
    data["if"] = {"required": ["entries"],
                  "properties": {"entries": {"type": "array", "contains": {"type": "object", "anyOf": said}}}}
    data["then"] = {"required": ["submitted"], "properties": {"submitted": {"not": nothing}}}


# What an editor shows on hovering a field: its name and meaning in Chinese (the models'
# docstrings are written for developers). (model, field) -> (title, description).
_WORDS = {
    "Report": ("季度進度報告", "一個單位一個季度的書面報告：每個目標一項（entries）。本模式只查格式；"
                               "單位、目標是否在計劃中，誰該報什麼，數值的單位能否換算，由 jxplan validate 對照計劃檢查"),
    "Report.version": ("格式版本", "固定為 1"),
    "Report.unit": ("填報單位", "單位編號（如 fgw）或計劃中的名稱（如 市發改委）"),
    "Report.year": ("年度", "計劃的年度，如 2012"),
    "Report.quarter": ("季度", "Q1、Q2、Q3 或 Q4"),
    "Report.submitted": ("報送日期", "送出報告的日期，如 2012-07-03、2012/7/3 或 2012年7月3日；逾期與否以它為準；"
                                     "填了任何內容的報告必須寫"),
    "Report.entries": ("各目標的進度", "每個目標一項；只列本單位要報的目標"),
    "Entry": ("一個目標的進度", "target 之外，數字目標填 value，里程碑填 stage；協辦單位只填 note"),
    "Entry.target": ("目標編號", "計劃中的目標編號，如 \"2.1\"；請加引號：5.10 不加引號時 jxplan 照寫法讀，編輯器卻看成 5.1"),
    "Entry.value": ("累計完成", "年初至今的累計數，用目標的單位；也可寫帶單位的數，如 \"1.2萬畝\""),
    "Entry.stage": ("進度階段", "里程碑：not_started（未啟動）、in_progress（推進中）或 done（已完成），中文簡繁皆可"),
    "Entry.note": ("備注", "需要說明的情況"),
    "Entry.reason": ("未達進度的原因", "未達到序時進度時填寫：kind（客觀或主觀）與 text（說明）；沒有就留空"),
    "Reason": ("原因", "kind：objective（客觀）或 subjective（主觀）；text：原因說明"),
    "Reason.kind": ("原因類別", "objective（客觀）或 subjective（主觀），中文簡繁皆可；全年未完成且為主觀原因的，取消當年評優評先資格"),
    "Reason.text": ("原因說明", "寫明未達進度的原因"),
    "Plan": ("年度工作計劃", "政府工作要點：主要預期目標、各部分的工作要點與目標、責任單位。本模式只查各字段的格式；"
                             "編號是否唯一、單位是否存在、分解數合計、序時進度與日期的先後等，由 jxplan validate 檢查"),
    "Plan.version": ("格式版本", "固定為 1"),
    "Plan.year": ("年度", "計劃的年度"),
    "Plan.title": ("標題", "如 2012年政府工作要點"),
    "Plan.issuer": ("發文機關", "如 嘉興市人民政府"),
    "Plan.issued": ("印發日期", "如 2012-02-03；原文沒有日期就不寫，文件也不印"),
    "Plan.decomposition_title": ("責任分解方案標題", "原文的標題，如 2023年政府工作報告重點工作任務分解和責任分工方案；不寫則為 標題＋責任分解方案"),
    "Plan.headline_title": ("主要預期目標的標題", "原文的說法，如 2023年全區經濟社會發展主要預期目標；不寫則為 主要預期目標"),
    "Plan.roles": ("欄目名稱", "原文對責任單位的叫法：lead（如 牽頭單位、第一責任單位）、co（如 責任單位、配合單位）、leader（如 責任領導）"),
    "Roles": ("欄目名稱", "各份輸出都用原文的叫法"),
    "Roles.lead": ("牽頭單位的叫法", "如 牽頭單位、第一責任單位；不寫則為 牽頭單位"),
    "Roles.co": ("責任單位的叫法", "如 責任單位、主要責任單位、配合單位、參與單位；不寫則為 責任單位"),
    "Roles.leader": ("責任領導的叫法", "如 責任領導、牽頭領導、分管領導、責任人；不寫則為 責任領導"),
    "Plan.groups": ("單位組", "原文統稱的一組單位，如 各街道、相關鄉鎮；按名稱印出，由其成員各自報送"),
    "Group": ("單位組", None),
    "Group.id": ("編號", "簡短的英文字母編號，與單位編號不重複，如 gjd"),
    "Group.name": ("名稱", "原文的說法，如 各街道"),
    "Group.members": ("成員", "單位編號的列表；原文沒有列明、無法列出的可以不寫（只印名稱，不要求報送）"),
    "Plan.leaders": ("責任領導", "原文列出的領導"),
    "Leader": ("領導", None),
    "Leader.id": ("編號", "簡短的英文字母編號，如 wang"),
    "Leader.name": ("姓名", None),
    "Leader.title": ("職務", "原文寫了才寫，如 副區長"),
    "Plan.office": ("督辦單位", "發佈督辦通報的單位，如 嘉興市人民政府督查室；不寫則為發文機關加「督查室」"),
    "Plan.assignment_note": ("責任分工說明", "責任分解方案開頭的說明，如 正式的分解方案尚未公佈、表中分工為暫定；不寫則不印"),
    "Plan.assignment_status": ("責任分工狀態", "official（正式，默認）或 provisional（暫定：責任分解方案標題註明「暫定」，不印政府落款和日期）"),
    "Plan.office_code": ("機關代字", "督辦通報發文字號的機關代字，如 嘉政督（字號為 嘉政督〔2012〕2號）；不寫則通報不印字號"),
    "Plan.notice": ("印發通知", "通知原文：主送機關、段落、附件、落款與日期"),
    "Plan.preamble": ("引言", "正文前的段落，原文照錄"),
    "Plan.reporting": ("報送期限", "每季度書面報告的報送期限"),
    "Plan.bulletins": ("通報設定", "督辦通報的主送、抄送、印發機關、編號方式與由誰決定處理建議；都是督查室的設定"),
    "Bulletins": ("通報設定", "督查室的設定，不是原文所載"),
    "Bulletins.addressees": ("主送機關", "不寫則用印發通知的主送機關"),
    "Bulletins.cc": ("抄送機關", "抄送機關的列表；不寫則版記不印抄送"),
    "Bulletins.printed_by": ("印發機關", "不寫則為督辦單位"),
    "Bulletins.numbering": ("編號方式", "plan_year：按計劃年度編號（默認）；calendar_year：按成文日期的年度流水編號"),
    "Bulletins.decided_by": ("決定機關", "通報提出的處理建議報誰研究決定；不寫則為發文機關，如 市政府"),
    "Bulletins.duty": ("報送要求（通知原文）", "通報開頭引用的通知原話，如 每季度末應向市政府書面匯報一次工作進展情況；須與通知一字不差"),
    "Bulletins.division": ("分工要求（通知原文）", "下一步工作要求引用的通知原話，如 第一責任單位要…；須與通知一字不差"),
    "Bulletins.consequences": ("獎懲規定（通知原文）", "年末提出處理建議時引用的通知原話；須與通知一字不差"),
    "Bulletins.sanction": ("處理建議", "全年因主觀原因未完成任務的，通報建議的處理，如 按規定取消其2012年度評優評先資格；不寫則各份輸出都沒有處理建議"),
    "Bulletins.requirements": ("下一步工作要求", "督查室自己的要求，逐句列出；不寫則由 jxplan 按本期情況寫出"),
    "Bulletins.explain_within": ("說明原因的期限", "如 5個工作日；不寫則不印期限"),
    "Plan.thresholds": ("滯後界線", "serious：低於序時進度的這個比例即為嚴重滯後"),
    "Plan.units": ("單位", "責任單位的列表"),
    "Plan.headline": ("主要預期目標", "原文的 (1)–(8)"),
    "Plan.sections": ("部分", "原文的一…八"),
    "Reporting": ("報送期限", "Q1–Q4 各季度書面報告的報送日期"),
    "Reporting.Q1": ("一季度", "第一季度報告的報送期限，如 2012-04-05"),
    "Reporting.Q2": ("二季度", "第二季度報告的報送期限"),
    "Reporting.Q3": ("三季度", "第三季度報告的報送期限"),
    "Reporting.Q4": ("四季度", "第四季度（全年）報告的報送期限"),
    "Thresholds": ("滯後界線", None),
    "Thresholds.serious": ("嚴重滯後界線", "完成比例低於它即為嚴重滯後，如 0.8"),
    "Unit": ("單位", None),
    "Unit.id": ("編號", "簡短的英文字母編號，唯一，如 fgw"),
    "Unit.name": ("名稱", "表格與通報用的名稱，唯一，如 市發改委"),
    "Unit.full_name": ("全稱", "如 嘉興市發展和改革委員會"),
    "Unit.kind": ("類別", "department（部門）、county（縣、市、區）、town（鄉鎮）、subdistrict（街道）、zone（開發區、園區）、"
                          "enterprise（企業）、branch（垂直管理部門）或 other（其他單位）"),
    "Section": ("部分", None),
    "Section.id": ("序號", "在本層的序號：第一層印 一、，第二層 （一），第三層 1.，第四層 （1）；沒有序號的小標題不寫"),
    "Section.sections": ("下一層", "本部分之下的各部分"),
    "Section.title": ("標題", None),
    "Section.points": ("工作要點", None),
    "Point": ("工作要點", None),
    "Point.id": ("序號", "原文的編號 1–25；第八部分為 \"8\" 或 S8"),
    "Point.title": ("標題", None),
    "Point.text": ("原文", "整段原文"),
    "Point.lead": ("牽頭單位", "單位或單位組的編號，幾個牽頭單位寫成列表"),
    "Point.co": ("責任單位", "單位或單位組編號的列表"),
    "Point.leaders": ("責任領導", "領導編號的列表"),
    "Point.due": ("完成時限", "原文的時限，如 6月底前；適用於本要點有完成要求的任務"),
    "Point.targets": ("目標", "本要點的督辦目標"),
    "Target": ("目標", None),
    "Target.id": ("編號", "唯一；主要預期目標為 H1…H8，其餘為 要點.序號，如 \"2.1\""),
    "Target.name": ("名稱", "簡短的名稱"),
    "Target.kind": ("類別", "cumulative（累計數）、rate（增速或比率，逐季比較）、level（年末達到的水平）或 milestone（沒有數字的工作任務）"),
    "Target.base": ("年初基數", "年末水平（level）目標年初的數：序時進度從它走到年度目標；不寫則年末考核"),
    "Target.goal": ("年度目標（原文說法）", "沒有數字的工作任務的年度目標，用原文的話，如 完成省下達的目標；不寫則按時限寫 年內完成"),
    "Target.target": ("年度目標", "年度目標數（里程碑不填）"),
    "Target.stretch": ("目標上限", "區間目標的上限，如 2至3萬戶 的 3"),
    "Target.unit": ("計量單位", "如 %、億元、萬畝、個"),
    "Target.compare": ("比較方式", "at_least（達到、以上）、above（超過）或 at_most（控制在…以內）"),
    "Target.tolerance": ("容差", "「左右」目標允許的偏差"),
    "Target.schedule": ("序時進度", "各季度末應完成年度目標的比例，如 {Q1: 0.1, Q2: 0.4, Q3: 0.7, Q4: 1}"),
    "Target.due": ("完成時限", "里程碑的時限：Q1–Q4，或原文的說法如 6月底前、9月30日前、年底前；默認年內"),
    "Target.relative_to": ("對照目標", "以另一個目標的實際數為目標（如 與經濟增長同步）：那個目標的編號；原文的要求寫在 goal"),
    "Target.leaders": ("責任領導", "領導編號的列表；不填則用所屬要點的"),
    "Target.due_set_by": ("時限由誰確定", "office：督查室自定，原文沒有寫"),
    "Target.lead": ("牽頭單位", "單位或單位組的編號，幾個寫成列表；不填則用所屬要點的"),
    "Target.co": ("責任單位", "不填則用所屬要點的"),
    "Target.breakdown": ("責任分解", "分解到各單位的數額 {單位編號: 數額}，合計等於年度目標"),
    "Target.source": ("原文", "目標在原文中的原話"),
    "Target.open_ended": ("持續推進的工作", "沒有完成狀態的經常性工作，按季度報告推進情況"),
    "Target.qualifier": ("限定語", "原文中限定目標的話，如 以上、左右"),
    "Notice": ("印發通知", None),
    "Notice.title": ("標題", "原文有標題時照錄"),
    "Notice.addressees": ("主送機關", None),
    "Notice.paragraphs": ("正文", "各段原文"),
    "Notice.annexes": ("附件", "附件名稱"),
    "Notice.signature": ("落款", None),
    "Notice.date": ("成文日期", "原文的寫法，如 二○一二年二月三日"),
}


def _in_chinese(data: dict, root: str) -> None:
    """Titles and descriptions from ``_WORDS``. A model or field not listed (one the models
    gained since) keeps only Chinese words of its own (``Field(title=…)``): pydantic's
    English (``Base``, a developer's docstring) is dropped, and the editor shows its name."""
    models = {root: data, **data.get("$defs", {})}
    for name, node in models.items():
        _say(node, _WORDS.get(name))
        for field, prop in node.get("properties", {}).items():
            _say(prop, _WORDS.get(f"{name}.{field}"))


def _say(node: dict, words: tuple[str, str | None] | None) -> None:
    if words is None:
        for key in ("title", "description"):
            if isinstance(node.get(key), str) and not any("\u4e00" <= c <= "\u9fff" for c in node[key]):
                del node[key]
        return
    node["title"] = words[0]
    if words[1]:
        node["description"] = words[1]
    else:
        node.pop("description", None)


_TITLES = {"plan": "jxplan 計劃文件（contract v1）", "report": "jxplan 季度進度報告（contract v1）"}


def generate(model, title: str) -> tuple[dict, list[str]]:
    """(the JSON Schema of what ``model`` takes, the validators whose input is not known).
    A report (a model with ``entries`` of ``Entry``) also says the check missing-date."""
    unknown: list = []
    marked: list = []
    data = model.model_json_schema(mode="validation", schema_generator=_generator(unknown, marked))
    _unmarked(data, marked, unknown)
    _json_bounds(data)
    _in_chinese(data, model.__name__)
    if "Entry" in data.get("$defs", {}) and "submitted" in data.get("properties", {}):
        _dated(data)
    _tidied(data)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = title
    return data, unknown


@functools.lru_cache(maxsize=None)
def _generated(which: str) -> tuple[dict, list]:
    from .model import Plan, Report

    return generate(Plan if which == "plan" else Report, _TITLES[which])


def schema_data(which: str) -> dict:
    import copy

    return copy.deepcopy(_generated(which)[0])


def unknown_validators(which: str) -> list[str]:
    """The models' validators whose input this module does not know: the schema says only
    the type they produce there, which may refuse what they take."""
    return list(_generated(which)[1])


def schema_text(which: str) -> str:
    return json.dumps(schema_data(which), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
