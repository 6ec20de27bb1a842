"""Where the shipped plan, templates and schemas are found.

A wheel or an sdist carries them inside the package (``jxplan/data/``, copied there by the
build step in ``setup.py``); an editable install reads the repository's own folders
(``plans/``, ``templates/``, ``schema/``), so there is one copy to edit.
"""

from __future__ import annotations

import functools
import os
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


DEFAULT_PLAN = Path("plans/2012.yaml")
DEFAULT_REPORTS = Path("progress")


def default_plan() -> tuple[Path, bool]:
    """(./plans/2012.yaml when it is there, else the copy shipped with the package; whether it
    is the shipped copy). A plan that may be there but cannot be looked at (a ``plans/``
    folder that cannot be searched, a symbolic-link loop) is the one to read, so that reading
    it says why it cannot be read: another plan is never taken in its place."""
    try:
        os.stat(DEFAULT_PLAN)
    except (FileNotFoundError, NotADirectoryError):
        return packaged("plans", "2012.yaml"), True
    except (OSError, ValueError):
        pass
    return DEFAULT_PLAN, False
