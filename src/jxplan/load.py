"""Files to validated models: the plan, and folders of progress reports.

Each loader returns the models it could build and every problem found, with pydantic's
error locations mapped back to the file's lines and columns.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .model import Report
from .problems import Problem
from .resources import packaged  # re-exported: the shipped plan, templates, schemas
from .yamlsource import Document

PLAN_MAX_BYTES = 4 * 1024 * 1024
REPORT_MAX_BYTES = 256 * 1024
DEFAULT_PLAN = Path("plans/2012.yaml")
DEFAULT_REPORTS = Path("progress")


def default_plan() -> Path:
    """./plans/2012.yaml when it is there, else the copy shipped with the package."""
    return DEFAULT_PLAN if DEFAULT_PLAN.exists() else packaged("plans", "2012.yaml")


def _field_names(model: type[BaseModel], seen=None) -> set[str]:
    seen = seen if seen is not None else set()
    names: set[str] = set()
    if model in seen:
        return names
    seen.add(model)
    for name, info in model.model_fields.items():
        names.add(name)
        for arg in _walk_types(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= _field_names(arg, seen)
    return names


def _walk_types(tp):
    yield tp
    for arg in getattr(tp, "__args__", ()) or ():
        yield from _walk_types(arg)


def _label(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（檔案）"


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
    if key.startswith("\u3000") or "\u3000" in key:
        return "（提示：縮排用了全形空格 U+3000，請改用半形空格）"
    if "：" in key:
        return "（提示：鍵後應是半形冒號加空格「: 」，不是「：」）"
    return ""


def _message(err: dict, loc: tuple, names: set[str]) -> str:
    kind = err["type"]
    field = _label(loc)
    given = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"缺少欄位 '{loc[-1] if loc else ''}'（在 {_label(loc[:-1])}）"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        near = difflib.get_close_matches(key, sorted(names), n=1, cutoff=0.6)
        guess = f"；是否應為 '{near[0]}'？" if near else ""
        return f"未知欄位 '{key}'{guess}{_hint_key(key)}"
    if kind == "literal_error":
        return f"{field}: 應為 {ctx.get('expected', '')}，不是 '{given}'"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{field}: 日期「{given}」無效；請寫成 2012-07-05 的形式，且須是真實日期"
    if kind in ("finite_number",):
        return f"{field}: 不能是 NaN 或無窮大"
    if kind.startswith("decimal") or kind.startswith("float"):
        return f"{field}: 應為數字，不是「{given}」"
    if kind.startswith("int"):
        return f"{field}: 應為整數，不是「{given}」"
    if kind == "string_type":
        return f"{field}: 應為文字"
    if kind == "string_too_short":
        return f"{field}: 不能是空的"
    if kind == "string_pattern_mismatch":
        return f"{field}: 「{given}」只能用小寫英文字母、數字和底線，並以字母開頭"
    if kind == "string_too_long":
        return f"{field}: 太長"
    if kind == "list_type":
        return f"{field}: 應為清單（每項以「- 」開頭）"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field}: 應為「鍵: 值」的對應表"
    if kind == "greater_than_equal":
        return f"{field}: 不能小於 {ctx.get('ge')}"
    if kind == "value_error":
        return f"{field}: {str(err.get('msg', '')).removeprefix('Value error, ')}"
    return f"{field}: {err.get('msg')}"


def to_model(doc: Document, model: type[BaseModel]):
    """Validate a parsed document; every error becomes a positioned Problem."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        names = _field_names(model)
        problems = {}
        for err in exc.errors(include_url=False):
            loc = _data_loc(doc.data, tuple(err["loc"]))
            is_key = err["type"] == "extra_forbidden"
            key = (loc, is_key)
            if key in problems:
                continue
            problems[key] = doc.problem(loc, "schema", _message(err, loc, names), key=is_key)
        return None, sorted(problems.values())


@dataclass
class LoadedReport:
    path: str
    report: Report
    doc: Document


def report_files(paths) -> tuple[list[Path], list[Problem]]:
    """Every *.yaml / *.yml below the given files and folders, in a stable order.

    Hidden files and folders are skipped; a file reached twice is read once.
    """
    files: list[str] = []
    problems: list[Problem] = []
    for given in paths:
        p = str(given)
        if os.path.isdir(p):
            stack = [p]
            found = []
            while stack:
                folder = stack.pop()
                try:
                    entries = list(os.scandir(folder))
                except OSError as exc:
                    problems.append(Problem(folder, 1, 1, "file-unreadable", f"無法讀取資料夾：{exc.strerror or exc}"))
                    continue
                for e in entries:
                    if e.name.startswith("."):
                        continue
                    if e.is_dir():
                        stack.append(e.path)
                    elif e.name.lower().endswith((".yaml", ".yml")):
                        found.append(e.path)
            files += sorted(found)
        elif os.path.isfile(p):
            files.append(p)
        else:
            problems.append(Problem(p, 1, 1, "not-found", "找不到這個檔案或資料夾"))
    seen = set()
    unique = []
    for f in files:
        key = os.path.abspath(f)
        if key not in seen:
            seen.add(key)
            unique.append(Path(f))
    return unique, problems
