"""The shapes of the models' records, derived from the models for the cache (``record.PLAN``,
``record.REPORT``): ``python -m jxplan.check.model.shapes`` writes ``shapes.json`` again after a model
changes, and a test keeps the two the same."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..record import SHAPES_FILE, Day, Either, Flag, Many, Maybe, Number, OneOf, Rec, Ref, Table, Text, Whole, _Shape, shape_data


def shape_of(tp, _inside: tuple = ()) -> _Shape:
    """The shape of a model (or of a field's type) as ``Record.of`` keeps its validated value;
    a model inside itself (a part of the plan holding parts) is a ``Ref`` to it by name."""
    import types
    import typing

    import annotated_types
    from pydantic import BaseModel
    from pydantic.fields import FieldInfo

    def bounded(shape, meta):
        for m in meta:
            if isinstance(m, FieldInfo):
                shape = bounded(shape, m.metadata)
            elif isinstance(m, annotated_types.Ge) and isinstance(shape, (Whole, Number)):
                shape = type(shape)(**{**shape._said(), "low": m.ge})
            elif isinstance(m, annotated_types.Le) and isinstance(shape, Whole):
                shape = Whole(shape.low, m.le)
        return shape

    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return bounded(shape_of(args[0], _inside), args[1:])
    if origin in (typing.Union, types.UnionType):
        rest = tuple(shape_of(a, _inside) for a in args if a is not type(None))
        shape = rest[0] if len(rest) == 1 else Either(rest)
        return Maybe(shape) if type(None) in args else shape
    if origin is typing.Literal:
        return OneOf(args)
    if origin is list:
        return Many(shape_of(args[0], _inside))
    if origin is dict:
        return Table(shape_of(args[0], _inside), shape_of(args[1], _inside))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp.__name__ in _inside:
            return Ref(tp.__name__)
        hints = typing.get_type_hints(tp, include_extras=True)
        inside = _inside + (tp.__name__,)
        return Rec(tp.__name__, tuple((name, shape_of(hints[name], inside)) for name in tp.model_fields))
    return {str: Text(), int: Whole(), bool: Flag(), Decimal: Number(), dt.date: Day()}[tp]


def shapes_text() -> str:
    """``shapes.json`` as the models make it (imports them)."""
    import json

    from . import Plan, Report

    return "{\n" + ",\n".join(f"{json.dumps(name)}: {json.dumps(shape_data(shape_of(model)), ensure_ascii=False)}"
                              for name, model in (("Plan", Plan), ("Report", Report))) + "\n}\n"




if __name__ == "__main__":
    SHAPES_FILE.write_text(shapes_text(), encoding="utf-8")
    print(f"wrote {SHAPES_FILE}")
