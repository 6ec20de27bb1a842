"""The checked plan and reports as plain, frozen records: what everything after validation reads.

pydantic validates a plan or a report once (``validation``); its models are then turned into
records (``Record.of``): the same fields, read as attributes, lists as tuples, mappings as dicts,
exact decimals and dates as they are. Records keep to a data-only form for the cache
(``encode``/``decode``), so a run over unchanged files neither imports pydantic nor builds a
validator, and reads the very same structure a cold run builds.

What comes back from the cache is taken only in the shape a cold run builds (``take`` with
``PLAN`` or ``REPORT``): any other shape is ``Damaged``, and the cache treats it as no entry.
The shapes are derived from the models (``shape_of``) and kept as data (``shapes.json``), so
nothing here restates a model.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from ..core.quantity import bounds_problem


_LEAVES = frozenset({str, int, bool, type(None), Decimal, dt.date})
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}  # a model class's field names (None: not a model)
_UNSEEN = object()


class Record:
    """A frozen bundle of named fields (one validated model's)."""

    __slots__ = ("__dict__",)

    def __init__(self, fields: dict):
        object.__setattr__(self, "__dict__", fields)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __repr__(self) -> str:
        return "Record(" + ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items()) + ")"

    def fields(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def of(cls, value):
        """A validated model (and the models inside it) as records."""
        kind = type(value)
        if kind in _LEAVES:
            return value
        names = _FIELD_NAMES.get(kind, _UNSEEN)
        if names is _UNSEEN:  # a model's field names, looked up once a class (pydantic's lookup is slow)
            fields = getattr(kind, "model_fields", None)
            names = _FIELD_NAMES[kind] = None if fields is None else tuple(fields)
        of, leaves = cls.of, _LEAVES
        if names is not None:
            out = {}
            for name in names:
                v = getattr(value, name)
                out[name] = v if type(v) in leaves else of(v)  # most fields are leaves: no call for them
            return cls(out)
        if isinstance(value, (list, tuple)):
            return tuple(v if type(v) in leaves else of(v) for v in value)
        if isinstance(value, dict):
            return {k: v if type(v) in leaves else of(v) for k, v in value.items()}
        return value


def encode(value):
    """Records to JSON-ready data, every kind tagged, so nothing is guessed on the way back."""
    if isinstance(value, Record):
        return ["R", {k: encode(v) for k, v in value.__dict__.items()}]
    if isinstance(value, tuple):
        return ["L", [encode(v) for v in value]]
    if isinstance(value, dict):
        return ["M", [[k, encode(v)] for k, v in value.items()]]
    if isinstance(value, Decimal):
        return ["D", str(value)]
    if isinstance(value, dt.date):
        return ["T", value.isoformat()]
    if value is None or isinstance(value, (str, bool, int)):
        return value
    raise TypeError(f"cannot keep {type(value).__name__} in the cache")


def decode(data):
    if not isinstance(data, list):
        if data is None or isinstance(data, (str, bool, int)):
            return data
        raise TypeError("not a cached record")
    tag, body = data
    if tag == "R":
        return Record({k: decode(v) for k, v in body.items()})
    if tag == "L":
        return tuple(decode(v) for v in body)
    if tag == "M":
        return {k: decode(v) for k, v in body}
    if tag == "D":
        return Decimal(body)
    if tag == "T":
        return dt.date.fromisoformat(body)
    raise TypeError(f"unknown tag {tag!r}")


# ---- shapes: what a cold run builds, checked on the way back from the cache ------------------

class Damaged(ValueError):
    """Data from the cache that is not what a cold run builds: no entry."""


class _Shape:
    """A shape: ``take(data)`` gives what the data stands for, or raises ``Damaged``. Plain
    classes, not dataclasses: those cost milliseconds at import, on every run."""

    take: Callable[[Any], Any]  # each kind of shape's own

    def _said(self) -> dict:
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}

    def __eq__(self, other):
        return type(self) is type(other) and self._said() == other._said()

    __hash__ = None  # type: ignore[assignment]  # unhashable: mypy has no type for Python's own idiom

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self._said().items())})"


class Text(_Shape):
    def take(self, data):
        if type(data) is not str:
            raise Damaged("text")
        return data


class Whole(_Shape):
    def __init__(self, low: int | None = None, high: int | None = None):
        self.low, self.high = low, high

    def take(self, data):
        if type(data) is not int or (self.low is not None and data < self.low) \
                or (self.high is not None and data > self.high):
            raise Damaged("whole number")
        return data


class Flag(_Shape):
    def take(self, data):
        if type(data) is not bool:
            raise Damaged("true or false")
        return data


class Number(_Shape):
    """An exact number as ``encode`` writes it: canonical, finite, within jxplan's bounds."""

    def __init__(self, low: int | None = None):
        self.low = low

    def take(self, data):
        if type(data) is not list or len(data) != 2 or data[0] != "D" or type(data[1]) is not str:
            raise Damaged("number")
        d = Decimal(data[1])
        if str(d) != data[1] or bounds_problem(d) is not None or (self.low is not None and d < self.low):
            raise Damaged("number")
        return d


class Day(_Shape):
    def take(self, data):
        if type(data) is not list or len(data) != 2 or data[0] != "T" or type(data[1]) is not str:
            raise Damaged("date")
        day = dt.date.fromisoformat(data[1])
        if day.isoformat() != data[1]:
            raise Damaged("date")
        return day


class OneOf(_Shape):
    def __init__(self, values: tuple):
        self.values = tuple(values)
        self._allowed = frozenset((type(v), v) for v in self.values)  # by type too: True is not 1

    def take(self, data):
        try:
            if (type(data), data) in self._allowed:
                return data
        except TypeError:  # a list or a mapping: unhashable, and none of the words
            pass
        raise Damaged("word")


class Maybe(_Shape):
    def __init__(self, shape: _Shape):
        self.shape = shape

    def take(self, data):
        return None if data is None else self.shape.take(data)


class Either(_Shape):
    def __init__(self, shapes: tuple):
        self.shapes = tuple(shapes)

    def take(self, data):
        for shape in self.shapes:
            try:
                return shape.take(data)
            except Damaged:
                pass
        raise Damaged("none of the shapes")


class Many(_Shape):
    def __init__(self, shape: _Shape):
        self.shape = shape

    def take(self, data):
        if type(data) is not list or len(data) != 2 or data[0] != "L" or type(data[1]) is not list:
            raise Damaged("list")
        take = self.shape.take
        return tuple([take(v) for v in data[1]])


class Table(_Shape):
    def __init__(self, key: _Shape, value: _Shape):
        self.key, self.value = key, value

    def take(self, data):
        if type(data) is not list or len(data) != 2 or data[0] != "M" or type(data[1]) is not list:
            raise Damaged("mapping")
        out = {}
        for pair in data[1]:
            if type(pair) is not list or len(pair) != 2:
                raise Damaged("mapping")
            k = self.key.take(pair[0])
            if k in out:
                raise Damaged("mapping")
            out[k] = self.value.take(pair[1])
        return out


class Rec(_Shape):
    """A record with exactly these fields, in this order (a model's, as ``Record.of`` keeps them)."""

    def __init__(self, name: str, fields: tuple):
        self.name, self.fields = name, tuple(fields)  # (name, shape), ...
        self._names = tuple(n for n, _ in self.fields)
        # (name, take, whether None is allowed): a Maybe is unwrapped here, one call less a field
        self._takes = tuple((n, s.shape.take, True) if type(s) is Maybe else (n, s.take, False) for n, s in self.fields)

    def take(self, data):
        if type(data) is not list or len(data) != 2 or data[0] != "R" or type(data[1]) is not dict \
                or tuple(data[1]) != self._names:
            raise Damaged(self.name)
        body = data[1]
        fields = {}
        for name, take, maybe in self._takes:
            value = body[name]
            fields[name] = None if maybe and value is None else take(value)
        return Record(fields)


class Ref(_Shape):
    """The record of an enclosing ``Rec`` of this name (a part of the plan holds parts): bound
    to it when the shapes are read (``_from_data``)."""

    def __init__(self, name: str):
        self.name = name
        self._rec: Rec | None = None

    def take(self, data):
        if self._rec is None:
            raise Damaged(self.name)
        return self._rec.take(data)


def take(data, shape):
    """``data`` from the cache as records, if it has ``shape``; else ``Damaged`` (or another
    error from a value no cold run writes: the caller treats every error as no entry)."""
    return shape.take(data)


# ---- the shapes, derived from the models ------------------------------------------------------
#
# A cold run validates with pydantic; a warm one reads records from the cache and takes them
# only in the shape a cold run builds. That shape is the models' (model/plan.py, model/report.py),
# derived by ``model.shapes`` and kept as data in ``shapes.json`` (``python -m jxplan.check.model.shapes``
# writes it; a test keeps it the models'), so a warm run needs no pydantic and nothing restates a model.

SHAPES_FILE = Path(__file__).with_name("shapes.json")


def shape_data(shape: _Shape) -> list:
    """A shape as JSON data."""
    kind = type(shape).__name__
    if isinstance(shape, Rec):
        return [kind, shape.name, [[n, shape_data(s)] for n, s in shape.fields]]
    if isinstance(shape, Ref):
        return [kind, shape.name]
    if isinstance(shape, (Maybe, Many)):
        return [kind, shape_data(shape.shape)]
    if isinstance(shape, Either):
        return [kind, [shape_data(s) for s in shape.shapes]]
    if isinstance(shape, Table):
        return [kind, shape_data(shape.key), shape_data(shape.value)]
    return [kind, *shape._said().values()]


def _from_data(data, refs: list | None = None) -> _Shape:
    """A shape from its JSON data; each ``Ref`` bound to the enclosing ``Rec`` of its name."""
    refs = [] if refs is None else refs
    kind, *rest = data
    if kind == "Ref":
        ref = Ref(rest[0])
        refs.append(ref)
        return ref
    if kind == "Rec":
        rec = Rec(rest[0], tuple((n, _from_data(s, refs)) for n, s in rest[1]))
        for ref in refs:
            if ref.name == rec.name and ref._rec is None:
                ref._rec = rec
        return rec
    if kind in ("Maybe", "Many"):
        return {"Maybe": Maybe, "Many": Many}[kind](_from_data(rest[0], refs))
    if kind == "Either":
        return Either(tuple(_from_data(s, refs) for s in rest[0]))
    if kind == "Table":
        return Table(_from_data(rest[0], refs), _from_data(rest[1], refs))
    if kind == "OneOf":
        return OneOf(tuple(rest[0]))
    return {"Text": Text, "Whole": Whole, "Flag": Flag, "Number": Number, "Day": Day}[kind](*rest)


_SHAPES: dict = {}


def __getattr__(name: str):
    """``PLAN`` and ``REPORT``: the plan and a report as ``Record.of(model.Plan)`` and
    ``Record.of(model.Report)`` build them, read from ``shapes.json`` when first asked for."""
    if name not in ("PLAN", "REPORT"):
        raise AttributeError(name)
    if not _SHAPES:
        import json

        data = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))
        _SHAPES.update(PLAN=_from_data(data["Plan"]), REPORT=_from_data(data["Report"]))
    return _SHAPES[name]
