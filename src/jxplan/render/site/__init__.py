"""``jxplan site``: the year at a glance as a static site, from the same status results as
every other output.

``build`` lays the pages out (``pages`` works out what they show, ``charts`` draws the
charts, the templates under ``templates/site/`` place it) and returns every file of the site
as bytes, keyed by its path inside the site: nothing is written here (``folder`` writes them).
The pages link to each other by relative paths and to nothing outside the folder, so the site
works from ``file://`` and from any web server; the same data give the same bytes.
"""

from __future__ import annotations

import struct

from ...core import script as scripts
from ...check.facts import ReportSet
from ...check.index import PlanIndex
from ...judge.status import StatusResult
from .. import templating
from ..documents import convert_markup
from . import charts, pages
from .pages import UNIT_SORTS, Year, target_sorts

__all__ = ["build", "pack", "unpack"]

STATIC = ("site.css", "site.js")


def build(index: PlanIndex, results: list[StatusResult], reports: ReportSet, to: str | None) -> dict[str, bytes]:
    """Every file of the site (path inside it -> bytes); ``results`` run Q1 … the latest quarter,
    ``to`` is the script to print in (None: as the plan is written)."""
    year = Year(index, tuple(results), reports)
    env = templating.environment(None, "html")
    lang = scripts.LANG[to or scripts.detect(index.plan.title) or scripts.TEMPLATES_SCRIPT]
    out: dict[str, bytes] = {}

    def page(path: str, template: str, context: dict) -> None:
        html = templating.render(env, f"site/{template}.html.j2", {**context, "lang": lang})
        out[path] = convert_markup(html, to).encode("utf-8")

    page("index.html", "index", pages.overview_page(year))
    page("year.html", "year", pages.year_page(year))
    for path, key, _ in target_sorts(year):
        page(path, "targets", pages.targets_page(year, key))
    for path, key, _ in UNIT_SORTS:
        page(path, "units", pages.units_page(year, key))
    for tid, path in year.target_files.items():
        page(path, "target", pages.target_page(year, tid))
    for uid, path in year.unit_files.items():
        page(path, "unit", pages.unit_page(year, uid))
    filters = {"fs": ["lag", "missing", "pending", "good"], "fk": [k for k, _ in pages.GROUPS],
               "fx": ["0"] + [str(s.id if s.id is not None else i) for i, s in enumerate(index.plan.sections, 1)], "fu": ["lag", "late"]}
    css = templating.render(env, "site/site.css.j2", {**pages.common(year), "filters": filters,
                                                                "expected_colour": charts.EXPECTED_COLOUR})
    out["site.css"] = css.encode("utf-8")  # font names are names: never converted
    out["site.js"] = templating.render(env, "site/site.js.j2", {}).encode("utf-8")
    return out


# ---- the files as one string of bytes, to come back from the child process that makes them ------

_HEAD = struct.Struct(">II")


def pack(files: dict[str, bytes]) -> bytes:
    return b"".join(_HEAD.pack(len(p.encode("utf-8")), len(data)) + p.encode("utf-8") + data for p, data in files.items())


def unpack(blob: bytes) -> dict[str, bytes]:
    files, at = {}, 0
    while at < len(blob):
        n, size = _HEAD.unpack_from(blob, at)
        at += _HEAD.size
        path = blob[at:at + n].decode("utf-8")
        files[path] = blob[at + n:at + n + size]
        at += n + size
    return files
