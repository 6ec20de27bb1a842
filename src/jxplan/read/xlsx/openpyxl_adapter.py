"""openpyxl, and every use the reader makes of its private API, in one place.

In: a workbook's bytes, a sheet openpyxl opened. Out: the workbook in streaming mode (``load``),
what openpyxl knows of a sheet but offers no public name for (its part in the zip, its shared
strings, how many cell styles the workbook has), and three hooks into how it reads a sheet:
every row as it places it (``watch_rows``), the shared strings a cell looks up
(``lookup_strings``) and the text of each number (``numbers_read_by``).

Checked against the openpyxl pinned in constraints.txt (tests/test_adapters.py fails when the
installed version differs: a new version means reading this module against its source again).
Where a private name is missing, each function does without it, as the reader did before it
had the hook: the sheet's XML has been scanned already (``rawxml``), so nothing unchecked
gets through; only some checks are then made once instead of twice.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

Sheet = Any  # a sheet of a workbook opened in streaming mode: a ReadOnlyWorksheet, or a chartsheet the reader refuses

# openpyxl is imported when a workbook is read, never with this module: a run over YAML reports,
# or one that names a .xls by its suffix, does without it


def load(raw: bytes, data_only: bool) -> Workbook:
    """The workbook in openpyxl's streaming mode, without the size of each sheet: openpyxl
    looks for it as it opens the workbook (``ReadOnlyWorksheet._get_size``), reading to its end
    every sheet that does not state it (400,000 empty rows in thirty sheets took 3 s), and the
    reader wants none of them (the form's rows are read as they come, the other sheets are told
    from their XML). openpyxl's warnings about extensions it drops are nothing for a user."""
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    sized = ReadOnlyWorksheet.__dict__.get("_get_size")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if sized is not None:
            ReadOnlyWorksheet._get_size = lambda self: None  # type: ignore[attr-defined]
        try:
            return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only, keep_links=False)
        finally:
            if sized is not None:
                ReadOnlyWorksheet._get_size = sized  # type: ignore[attr-defined]


def builtin_formats() -> dict[int, str]:
    """Excel's built-in number formats by their id, as openpyxl names them."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    return BUILTIN_FORMATS


def sheet_part(sheet: Sheet) -> str:
    """The name of a sheet's part in the zip (``xl/worksheets/sheet1.xml``), as the zip writes it."""
    return str(getattr(sheet, "_worksheet_path", "")).lstrip("/")


def shared_strings(sheet: Sheet) -> list[Any]:
    """The workbook's shared strings, as a sheet looks them up."""
    return getattr(sheet, "_shared_strings", None) or []


def cell_styles(sheet: Sheet) -> int:
    """How many cell styles (``s="…"`` of a cell) the sheet's workbook has."""
    return len(getattr(sheet.parent, "_cell_styles", ()))


RowHook = Callable[[list[dict[str, Any]]], None]


def watch_rows(sheet: Sheet, hook: RowHook) -> None:
    """Call ``hook`` on each row of a streaming sheet as openpyxl places its cells, before it
    makes them: a list of dicts with the ``row``, ``column`` and ``style_id`` it gave each
    element of the row, whatever its tag (``ReadOnlyWorksheet._get_row``)."""
    if not hasattr(sheet, "_get_row"):
        return
    get_row = sheet._get_row

    def watched(row: list[dict[str, Any]], *args: Any, **kwargs: Any) -> Any:
        hook(row)
        return get_row(row, *args, **kwargs)

    sheet._get_row = watched


def lookup_strings(sheet: Sheet, strings: Callable[[list[Any]], list[Any]]) -> None:
    """Have a sheet look its shared strings up (``strings[int(v)]``) in ``strings(its list)``."""
    if isinstance(getattr(sheet, "_shared_strings", None), list):
        sheet._shared_strings = strings(sheet._shared_strings)


@contextmanager
def numbers_read_by(strict: Callable[[Callable[[str], Any]], Callable[[str], Any]]) -> Iterator[None]:
    """While the block runs, openpyxl turns the text of a number cell into a value with
    ``strict(its own function)`` (``openpyxl.worksheet._reader._cast_number``); and says
    nothing of what it drops."""
    from openpyxl.worksheet import _reader

    cast = _reader.__dict__.get("_cast_number")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if cast is not None:
            _reader._cast_number = strict(cast)  # type: ignore[attr-defined]
        try:
            yield
        finally:
            if cast is not None:
                _reader._cast_number = cast  # type: ignore[attr-defined]
