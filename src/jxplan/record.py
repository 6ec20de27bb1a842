"""The checked plan as plain, frozen records: what everything after validation reads.

pydantic validates a plan once (``validation``); its models are then turned into records
(``Record.of``): the same fields, read as attributes, lists as tuples, mappings as dicts,
exact decimals and dates as they are. Records keep to a data-only form for the cache
(``encode``/``decode``), so a run over an unchanged plan neither imports pydantic nor
builds a validator, and reads the very same structure a cold run builds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


_LEAVES = frozenset({str, int, bool, type(None), Decimal, dt.date})


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
        if type(value) in _LEAVES:
            return value
        fields = getattr(type(value), "model_fields", None)
        if fields is not None:
            of = cls.of
            return cls({name: of(getattr(value, name)) for name in fields})
        if isinstance(value, (list, tuple)):
            return tuple(cls.of(v) for v in value)
        if isinstance(value, dict):
            return {k: cls.of(v) for k, v in value.items()}
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
