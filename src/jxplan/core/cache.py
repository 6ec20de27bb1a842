"""A cache that is only ever a speed-up, by construction: what a file says by its bytes alone.

It keeps what is a pure function of a file's bytes, the format they are read as (the file's
suffix) and jxplan's own code (with the versions of Python, PyYAML, pydantic and openpyxl): a
report parsed and validated (``pipeline.Parsed``), a plan parsed, validated and checked (its
checks read nothing else). Everything that depends on anything more, the plan a report is
checked against, the path and folder it is found in, the other reports, today's date, is
worked out on every run, so no key has to name it and no answer can outlive it. Any edit,
any new code is a miss: there is no time stamp to race with, and a file edited while it is
read is stored under the bytes that were read. A failure is cached as a failure.

The store is JSON (never pickle: loading it runs no code), in a private folder (0700,
owned by the user) with one sub-folder per code digest; it is written atomically under
an unpredictable name, entries not used by a run fall out, and other versions' folders
are pruned after a week. A damaged, foreign or unreadable cache is no cache: a store is
opened without waiting or following a link and used only when it is a regular file of a
sane size; it holds the digest of its entries' very bytes, so a file cut short, overwritten
in part, edited or written by anything else is not read at all; and what is read is taken
only in the shape a cold run builds (pipeline.py, record.py), every other entry a miss.
The digest guards against damage, not against someone who can write the user's own
private folder (who could as well change the reports or jxplan); and since every key
digests the bytes an entry was computed from, even an entry planted with the right shape
and digest answers only for those very bytes. It lives in
``$JXPLAN_CACHE_DIR``, else ``~/.cache/jxplan`` (``%LOCALAPPDATA%\\jxplan\\cache``), and
``JXPLAN_CACHE=off`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

FORMAT = 3
MAX_BYTES = 256 * 1024 * 1024
# a store is one JSON object: {"format":3,"sha256":"<digest of the entries' bytes>","entries":{…}}
_HEAD = b'{"format":%d,"sha256":"' % FORMAT
_BODY = len(_HEAD) + 64 + len(b'","entries":')
PRUNE_AFTER = 7 * 24 * 3600
_OURS = re.compile(r"v[0-9]+-[0-9a-f]{24}\Z")
_OLD_PICKLE = re.compile(r"(parsed|checked)-[0-9a-f]{24}\.(pickle|[0-9]+\.tmp)\Z")
# what may begin a \uD800-\uDFFF escape: a surrogate, which no text jxplan writes holds (it
# writes UTF-8, strictly, and escapes no character but a control character)
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


def cache_root() -> Path | None:
    if os.environ.get("JXPLAN_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    if os.environ.get("JXPLAN_CACHE_DIR"):
        return Path(os.environ["JXPLAN_CACHE_DIR"])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "jxplan" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jxplan"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of everything that can change an outcome: jxplan's own source files and the
    versions of Python and of the libraries that parse and validate."""
    import importlib.util

    h = hashlib.sha256(f"{FORMAT}\0{sys.version}\0".encode())
    package = Path(__file__).resolve().parent.parent  # every source file of jxplan, not only of core/
    for f in sorted(package.rglob("*.py")):
        h.update(str(f.relative_to(package)).encode() + b"\0")
        h.update(f.read_bytes())
    for name in ("yaml", "pydantic", "pydantic_core", "openpyxl"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        if origin and os.path.exists(origin):
            st = os.stat(origin)
            h.update(f"{name}\0{origin}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def _private(folder: Path) -> bool:
    """Create ``folder`` for this user alone, or say it cannot be trusted."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False  # a symbolic link or a file in its place
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
        return False  # someone else's, or writable by others
    return True


class Store:
    """One JSON file of entries by key: ``get`` and ``put``, ``save`` at the end. Entries a
    run did not use fall out, unless the store ``keeps`` them (help pages, asked one at a time)."""

    def __init__(self, name: str, keeps: bool = False):
        self.path: Path | None = None
        self.old: dict = {}
        self.new: dict = {}
        self.keeps = keeps
        self.replaced = False  # an entry put again: the one there was refused (damaged), so the file is written
        root = cache_root()
        if root is None:
            return
        folder = root / f"v{FORMAT}-{code_digest()[:24]}"
        if not _private(root) or not _private(folder):
            return
        self.path = folder / f"{name}.json"
        self.old = _read(self.path)

    def get(self, key: str):
        value = self.old.get(key)
        if value is not None:
            self.new[key] = value
        return value

    def put(self, key: str, value) -> None:
        if self.path is not None:
            self.new[key] = value
            self.replaced = self.replaced or key in self.old

    def save(self) -> None:
        """Write what this run used; nothing when nothing changed. Failure only costs speed."""
        if self.path is None or (not self.replaced and (self.new.keys() == self.old.keys()
                                                        or (self.keeps and self.new.keys() <= self.old.keys()))):
            return
        _write(self.path, {**self.old, **self.new} if self.keeps else self.new)
        _prune(self.path.parent.parent, keep=self.path.parent)


_OPEN = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)
         | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def _read(path: Path) -> dict:
    """The entries of a store; {} for anything but a regular file of at most MAX_BYTES that
    holds them. Opened without waiting (a FIFO put in its place would wait for a writer for
    ever) and without following a link, then judged by what was opened (fstat), and never
    read past MAX_BYTES, however it grows meanwhile."""
    try:
        fd = os.open(path, _OPEN)
    except (OSError, ValueError):
        return {}
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return {}
        chunks, size = [], 0
        while size <= MAX_BYTES:  # one read, as a rule: the size it had, and one byte to see it grew
            chunk = os.read(fd, min(MAX_BYTES + 1 - size, max(st.st_size + 1 - size, 1 << 16)))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:
            return {}
        blob = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        body = memoryview(blob)[_BODY:-1]  # (no copy of what may be megabytes)
        if blob[:_BODY] != _HEAD + hashlib.sha256(body).hexdigest().encode() + b'","entries":' or blob[-1:] != b"}":
            return {}
        text = str(body, "utf-8")  # strictly: no surrogate written as UTF-8 either
        if blob.find(b"\\", _BODY) != -1 and _escapes_surrogate(blob):
            return {}
        entries = json.loads(text, parse_float=_refuse, parse_constant=_refuse)  # jxplan writes no float, no NaN
    except (OSError, ValueError, RecursionError):
        return {}
    finally:
        os.close(fd)
    return entries if type(entries) is dict else {}


def _escapes_surrogate(blob: bytes) -> bool:
    """Whether JSON text escapes a surrogate (a backslash before the match is an escaped one
    when there is an odd number of them, and the match is then no escape)."""
    for m in _SURROGATE.finditer(blob):
        k = at = m.start()
        while k and blob[k - 1] == 0x5C:  # each run of backslashes is walked once: linear time
            k -= 1
        if (at - k) % 2 == 0:
            return True
    return False


def _refuse(text: str):
    raise ValueError(f"{text} in a cache file")


def _write(path: Path, entries: dict) -> None:
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)  # O_EXCL, unpredictable
        # dumps: C speed (dump is not); strict UTF-8: a lone surrogate is a ValueError, not a file
        body = json.dumps(entries, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
        with os.fdopen(fd, "wb") as f:
            f.write(_HEAD + hashlib.sha256(body).hexdigest().encode() + b'","entries":' + body + b"}")
        os.replace(tmp, path)
        tmp = None
    except (OSError, TypeError, ValueError):
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(root: Path, keep: Path) -> None:
    """Other versions' folders untouched for a week, and stray temporary files, go."""
    now = time.time()
    try:
        for entry in os.scandir(root):
            path = Path(entry.path)
            if path == keep:
                for f in os.scandir(keep):
                    if f.name.startswith(".tmp-") and now - f.stat(follow_symlinks=False).st_mtime > 3600:
                        os.unlink(f.path)
                continue
            if _OURS.match(entry.name) and entry.is_dir(follow_symlinks=False):
                if now - entry.stat(follow_symlinks=False).st_mtime > PRUNE_AFTER:
                    shutil.rmtree(path, ignore_errors=True)
            elif _OLD_PICKLE.match(entry.name) and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)  # an earlier jxplan's cache, never to be loaded
    except OSError:
        pass


def key(*parts: bytes) -> str:
    """The key of an outcome: a digest of the code and of every input's bytes."""
    return keys(*parts[:-1])(parts[-1]) if parts else _started().hexdigest()


def keys(*first: bytes):
    """``key`` for many outcomes that share their ``first`` parts: a function of the last
    part, each key the very ``key(*first, last)``, the digest of what is shared taken once."""
    h = _started()
    for p in first:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)

    def key_of(last: bytes) -> str:
        k = h.copy()
        k.update(len(last).to_bytes(8, "little"))
        k.update(last)
        return k.hexdigest()

    return key_of


def _started():
    return hashlib.sha256(code_digest().encode())
