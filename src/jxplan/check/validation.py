"""Plain data to models: pydantic validates, and every error becomes a positioned problem
in plain words (``path:line:col: field: message``)."""

from __future__ import annotations

import difflib
import re

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..core.terms import KIND_LABELS, REASON_LABELS, STAGE_LABELS
from ..read import Document

MAX_PROBLEMS = 100  # per file: enough to fix it, never a flood


def field_names(model: type[BaseModel], seen=None) -> set[str]:
    """Every field name of ``model`` and the models inside it (for "did you mean")."""
    seen = seen if seen is not None else set()
    names: set[str] = set()
    if model in seen:
        return names
    seen.add(model)
    for name, info in model.model_fields.items():
        names.add(name)
        for arg in _walk_types(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= field_names(arg, seen)
    return names


def _walk_types(tp):
    yield tp
    for arg in getattr(tp, "__args__", ()) or ():
        yield from _walk_types(arg)


def _label(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（文件）"


_TAG = re.compile(r"^(int|str|bool|float|decimal|date|none|list|dict|literal|model|function-.*|constrained-.*)$|[\[(]")


def _data_loc(data, loc: tuple) -> tuple:
    """pydantic's loc without the union and validator tags that are not in the data."""
    out = []
    here = data
    for part in loc:
        if isinstance(here, dict) and part in here:
            out.append(part)
            here = here[part]
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            out.append(part)
            here = here[part]
        elif not isinstance(here, (dict, list)) or (isinstance(part, str) and _TAG.match(part)):
            continue  # a union member or validator name, not a place in the file
        else:
            out.append(part)
            here = None
    return tuple(out)


def _hint_key(key: str) -> str:
    if "\u3000" in key:
        return "（提示：縮進用了全角空格 U+3000，請改用半角空格）"
    if "：" in key:
        return "（提示：鍵後應是半角冒號加空格「: 」，不是「：」）"
    return ""


def _shown(value) -> str:
    text = getattr(value, "text", value)
    text = str(text)
    return text if len(text) <= 40 else text[:40] + "…"


CHOICE_LABELS = {**STAGE_LABELS, **REASON_LABELS, **KIND_LABELS, "department": "部門", "county": "縣（市、區）",
                 "at_least": "不低於",
                 "above": "超過", "at_most": "不超過", "office": "督查室"}


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as people read it: 未啟動（not_started）、推進中（in_progress）或 已完成（done）."""
    values = re.findall(r"'([^']*)'", expected) or re.findall(r"[\w-]+", expected)
    shown = [f"{CHOICE_LABELS[v]}（{v}）" if v in CHOICE_LABELS else v for v in values]
    return "、".join(shown[:-1]) + f"或 {shown[-1]}" if len(shown) > 1 else "".join(shown)


def _message(err: ErrorDetails, loc: tuple, names: set[str], stray: dict[str, str], field: str | None = None) -> str:
    """The words of one pydantic error; ``field`` is what the file's reader calls the
    place (a workbook's column heading, followed by a full-width colon as Chinese is
    written), else the path in the data names it."""
    said = _words(err, loc, names, stray, field)
    if field is not None and said.startswith(f"{field}: "):
        said = f"{field}：{said[len(field) + 2:]}"
    return said


def _words(err: ErrorDetails, loc: tuple, names: set[str], stray: dict[str, str], field: str | None) -> str:
    kind = err["type"]
    named = field is not None
    field = field or _label(loc)
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"缺少字段「{loc[-1] if loc else ''}」" + (f"（在 {_label(loc[:-1])}）" if loc[:-1] else "")
    if kind == "extra_forbidden":
        return _extra_words(loc, names, stray)
    if err.get("input", 0) is None and kind in ("literal_error", "string_type"):
        return f"{field}: 沒有填寫" + (f"；應為 {_choices(ctx['expected'])}" if "expected" in ctx and not named else "")
    return f"{field}: " + _kind_words(kind, _shown(err.get("input")), ctx, str(err.get("msg", "")))


def _extra_words(loc: tuple, names: set[str], stray: dict[str, str]) -> str:
    """A key the model does not have: the file's own word for it, a near name, or the wrong level."""
    key = str(loc[-1])
    if len(loc) == 1 and key in stray:
        return stray[key]
    near = difflib.get_close_matches(key, sorted(names), n=1, cutoff=0.6)
    guess = (f"；「{key}」不屬於這一層（縮進對嗎？）" if near and near[0] == key
             else f"；是否應為「{near[0]}」？" if near else "")
    return f"未知字段「{_shown(key)}」{guess}{_hint_key(key)}"


def _kind_words(kind: str, given: str, ctx: dict, msg: str) -> str:
    """What is wrong with a value, by pydantic's error kind (said after the field's name)."""
    if kind == "literal_error":
        return f"應為 {_choices(ctx.get('expected', ''))}，不是「{given}」"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"日期「{given}」無效；請寫成 2012-07-05 的形式，且須是真實日期"
    if kind in ("finite_number",):
        return "不能是 NaN 或無窮大"
    if kind.startswith("decimal") or kind.startswith("float"):
        return f"應為數字，不是「{given}」"
    if kind.startswith("int"):
        return f"應為整數，不是「{given}」"
    if kind.startswith("bool"):
        return f"應為 true 或 false，不是「{given}」"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    return _SHAPE_WORDS.get(kind) or _limit_words(kind, given, ctx)


# Error kinds said the same way whatever the value.
_SHAPE_WORDS = {
    "string_type": "應為文字",
    "string_too_short": "不能是空的",
    "list_type": "應為列表（每項以「- 」開頭）",
    "dict_type": "應為「鍵: 值」的映射",
    "model_type": "應為「鍵: 值」的映射",
    "model_attributes_type": "應為「鍵: 值」的映射",
}


def _limit_words(kind: str, given: str, ctx: dict) -> str:
    """A value past a limit of its field, or (last) any other kind, named by its code."""
    if kind == "string_pattern_mismatch":
        return f"「{given}」只能用小寫英文字母、數字和底線，並以字母開頭"
    if kind == "string_too_long":
        return f"太長（最多 {ctx.get('max_length')} 個字符）"
    if kind == "greater_than_equal":
        return f"不能小於 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"不能大於 {ctx.get('le')}"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return "不能是空的" if least == 1 else f"至少要有 {least} 項"
    if kind == "too_long":
        return f"太多（最多 {ctx.get('max_length')} 項）"
    return f"「{given}」不符合要求（{kind}）"


def to_model(doc: Document, model: type[BaseModel], what: str, stray: dict[str, str] | None = None):
    """(model or None, problems). ``what`` names the kind of file in messages; ``stray``
    words an unknown top-level key that belongs to the other kind of file."""
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "schema", f"{what}的最上層應是「鍵: 值」的映射")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        names = field_names(model)
        problems: dict = {}
        for err in exc.errors(include_url=False):
            loc = _data_loc(doc.data, tuple(err["loc"]))
            is_key = err["type"] == "extra_forbidden"
            if (loc, is_key) not in problems:
                problems[(loc, is_key)] = doc.problem(loc, "schema", _message(err, loc, names, stray or {}, doc.label(loc)),
                                                      key=is_key)
            if len(problems) >= MAX_PROBLEMS:
                break
        return None, sorted(problems.values())
