"""python-docx, and every use jxplan makes of its private API, in one place.

In: an object of python-docx's API (a table, a row, a paragraph, a run, a section, a header or a
footer, a part). Out: the XML element under it, which python-docx keeps behind a private name
and which jxplan needs where the API stops (a table's caption and grid, a section's text block,
a header's paragraphs, a paragraph's properties); and a part's bytes replaced
(``replace_blob``, for the template's build script).

Checked against the python-docx pinned in constraints.txt (tests/test_adapters.py fails when the
installed version differs: a new version means reading this module against its source again).
"""

from __future__ import annotations

from typing import Any


def table_element(table: Any) -> Any:
    """A ``docx.table.Table``'s ``w:tbl`` (CT_Tbl)."""
    return table._tbl


def row_element(row: Any) -> Any:
    """A table row's ``w:tr`` (CT_Row)."""
    return row._tr


def paragraph_element(paragraph: Any) -> Any:
    """A ``Paragraph``'s ``w:p`` (CT_P)."""
    return paragraph._p


def run_element(run: Any) -> Any:
    """A ``Run``'s ``w:r`` (CT_R)."""
    return run._r


def section_element(section: Any) -> Any:
    """A ``Section``'s ``w:sectPr`` (CT_SectPr)."""
    return section._sectPr


def story_element(story: Any) -> Any:
    """A header's or a footer's root element (``w:hdr``, ``w:ftr``)."""
    return story._element


def replace_blob(part: Any, blob: bytes) -> None:
    """Replace the bytes of a part python-docx keeps as bytes (a ``Part`` that is no XmlPart,
    such as ``word/fontTable.xml``): what it saves."""
    part._blob = blob
