"""A parse cache, so that reports are parsed again only when they change.

Each file's parsed data and parse problems are kept under its path, keyed on size,
modification time, change time and inode. A file modified within the last two seconds
is never cached: its time stamp may not yet tell a later edit apart ("racy" entries, as
git calls them). The cache lives in ``$JXPLAN_CACHE_DIR``, else the user's cache folder
(``~/.cache/jxplan``, ``%LOCALAPPDATA%\\jxplan``); it is safe to delete at any time, and
``JXPLAN_CACHE=off`` turns it off. A damaged or foreign cache file is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from pathlib import Path

from . import __version__

RACY_SECONDS = 2.0
_FORMAT = 1


def cache_dir() -> Path | None:
    if os.environ.get("JXPLAN_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    if os.environ.get("JXPLAN_CACHE_DIR"):
        return Path(os.environ["JXPLAN_CACHE_DIR"])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "jxplan" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jxplan"


def _stamp(st: os.stat_result) -> tuple:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class ParseCache:
    """Parsed files of one set of folders; ``get`` and ``put`` by path, ``save`` at the end."""

    def __init__(self, roots: list[str]):
        folder = cache_dir()
        key = hashlib.sha256("\0".join(sorted(os.path.abspath(r) for r in roots)).encode()).hexdigest()[:24]
        self.path = folder / f"parsed-{key}.pickle" if folder else None
        self.old: dict = {}
        self.new: dict = {}
        self.changed = False
        if self.path is not None and self.path.exists():
            try:
                with open(self.path, "rb") as f:
                    stored = pickle.load(f)
                if stored.get("format") == _FORMAT and stored.get("version") == __version__:
                    self.old = stored["files"]
            except Exception:  # a damaged cache is no cache
                self.old = {}

    def get(self, path: str):
        """(data, problems) for an unchanged file, else None."""
        if self.path is None:
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        hit = self.old.get(os.path.abspath(path))
        if hit is not None and hit[0] == _stamp(st):
            self.new[os.path.abspath(path)] = hit
            return hit[1]
        return None

    def put(self, path: str, value) -> None:
        if self.path is None:
            return
        try:
            st = os.stat(path)
        except OSError:
            return
        if time.time() - max(st.st_mtime, st.st_ctime) < RACY_SECONDS:
            return
        self.new[os.path.abspath(path)] = (_stamp(st), value)
        self.changed = True

    def save(self) -> None:
        """Write the cache when it changed; dropped files fall out. Failure only costs speed."""
        if self.path is None or (not self.changed and len(self.new) == len(self.old)):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                pickle.dump({"format": _FORMAT, "version": __version__, "files": self.new}, f,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            pass


# ---- the checked reports whole, when nothing changed -------------------------------------


def checked_key(plan_path, files) -> tuple | None:
    """What the checked reports depend on; None when a file is too fresh to trust its stamp."""
    if cache_dir() is None:
        return None
    now = time.time()
    stamps = []
    for f in [plan_path, *files]:
        try:
            st = os.stat(f)
        except OSError:
            return None
        if now - max(st.st_mtime, st.st_ctime) < RACY_SECONDS:
            return None
        stamps.append((os.path.abspath(f), _stamp(st)))
    return (_FORMAT, __version__, tuple(stamps))


def _checked_path(root) -> Path:
    key = hashlib.sha256(os.path.abspath(str(root)).encode()).hexdigest()[:24]
    return cache_dir() / f"checked-{key}.pickle"


def load_checked(root, key):
    if key is None:
        return None
    try:
        with open(_checked_path(root), "rb") as f:
            stored = pickle.load(f)
        return stored["value"] if stored.get("key") == key else None
    except Exception:  # missing, damaged or foreign: no cache
        return None


def save_checked(root, key, value) -> None:
    if key is None:
        return
    path = _checked_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump({"key": key, "value": value}, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
