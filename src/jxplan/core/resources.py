"""Where the shipped plan, templates and schemas are found.

A wheel or an sdist carries them inside the package (``jxplan/data/``, copied there by the
build step in ``setup.py``); an editable install reads the repository's own folders
(``plans/``, ``templates/``, ``schema/``), so there is one copy to edit.
"""

from __future__ import annotations

import functools
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # jxplan/core/resources.py -> jxplan
_REPO = _PACKAGE.parent.parent  # src/jxplan -> the repository, for an editable install


@functools.cache
def _root() -> Path:
    inside = _PACKAGE / "data"
    if inside.is_dir() or not (_REPO / "pyproject.toml").is_file():
        return inside
    return _REPO


def packaged(*parts: str) -> Path:
    """A shipped file or folder, e.g. ``packaged("plans", "2012.yaml")``."""
    return _root().joinpath(*parts)


def shipped_plan() -> Path:
    """The plan shipped with jxplan (Jiaxing's 2012 plan): what a command reads only where
    there is no ``plans/`` folder and no settings file at all (``cli/settings.py``)."""
    return packaged("plans", "2012.yaml")
