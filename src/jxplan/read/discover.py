"""Which files are reports: the walk of a reports folder, and what a file holds.

Reports are found by scanning folders recursively for the suffixes the sources read
(and for workbook formats they refuse, so that those are named, not dropped); every other
file is named as not read (``not-read``: a warning, an error for a bulletin), since a unit
whose report came as ``.csv``, ``.docx`` or ``.txt`` would otherwise be published as not
having reported. Hidden files and folders (``.git``, ``.DS_Store``) are passed over unless
their name looks like a report, and so are the lock files Excel and WPS leave beside a
workbook that is open (``~$報告.xlsx``: a small file, never a folder nor a zip, see
``lock_file``) and the files Windows leaves in folders (``Thumbs.db``, ``desktop.ini``); a
file reached twice is read once; a symbolic-link loop is a problem, never an endless walk.
Whether a file is a plan or a report is decided by its keys, never by its name or folder.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable

from ..core.problems import Problem
from . import FOUND, WORKBOOK_MAX_BYTES, Data, is_workbook
from .untrusted import read_capped, unreadable

PLAN_MAX_BYTES = 4 * 1024 * 1024
REPORT_MAX_BYTES = 256 * 1024
REPORT_KEYS = frozenset({"unit", "quarter", "submitted", "entries"})
PLAN_KEYS = frozenset({"sections", "headline", "units", "reporting", "thresholds", "issuer", "issued"})
_PLAN_LINE = re.compile(rb"^(?:sections|headline)\s*:", re.M)


def kind_of(data: Data) -> str:
    """'plan' or 'report'. A file with any report key is a report, so a report with a
    stray plan key is checked (and refused) as a report, never skipped as a plan."""
    if isinstance(data, dict) and not (REPORT_KEYS & data.keys()) and (PLAN_KEYS & data.keys()):
        return "plan"
    return "report"


def report_cap(path: str | os.PathLike[str]) -> int:
    """The most bytes a report in this file may have: a workbook carries its zip, styles
    and perhaps a picture, so it may be larger than a YAML report."""
    return WORKBOOK_MAX_BYTES if is_workbook(str(path)) else REPORT_MAX_BYTES


def may_be_plan(raw: bytes) -> bool:
    """Whether bytes over the report cap are worth parsing as a plan: a plan has a
    top-level ``sections:`` or ``headline:``."""
    return bool(_PLAN_LINE.search(raw))


def find(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[Problem]]:
    """Every report or plan file below the given files and folders, in a stable order."""
    files: list[tuple[str, str | None]] = []  # (path, where it is when no link is on the way, else None)
    problems: list[Problem] = []
    named: set = set()  # files named on the command line: compared by where they really are
    for given in paths:
        p = str(given)
        try:
            st = os.stat(p)
        except (OSError, ValueError) as exc:
            if isinstance(exc, ValueError):  # a NUL in the name
                problems.append(Problem(p, 1, 1, "not-found", "文件名中有 NUL 字符，找不到這個文件"))
            elif exc.errno not in (errno.ENOENT, errno.ENOTDIR):
                problems.append(unreadable(p, exc))
            elif os.path.islink(p):
                problems.append(Problem(p, 1, 1, "not-found", "符號鏈接指向的文件不存在（或鏈接形成循環）"))
            else:
                problems.append(Problem(p, 1, 1, "not-found", "找不到這個文件或文件夾"))
            continue
        if stat.S_ISDIR(st.st_mode):
            top = os.path.abspath(p)  # once per folder: a file's absolute path is this and its name below
            files += [(f, None if link else top + f[len(p):]) for f, link in _walk(p, problems)]
        else:
            files.append((p, None))  # named on purpose: read whatever its suffix; the reader refuses what is not a file
            named.add(p)
    seen: set = set()
    unique = []
    for f, where in files:
        # where a file really is costs a system call per folder of its path: asked only when
        # it can differ from where it was found (a link, or a file also named on its own)
        key = os.path.realpath(f) if named or where is None else where
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


# Excel's and WPS's lock files hold the name of who opened the workbook: 162 or 165 bytes. No
# workbook is that small (an empty one is 5 KB, a form 9 KB), and none is a zip.
LOCK_MAX_BYTES = 4096


def lock_file(path: str) -> bool:
    """Whether ``path`` is the lock file Excel or WPS keeps beside a workbook it has open
    (``~$報告.xlsx``): a regular file so named, of at most LOCK_MAX_BYTES, that is not a
    workbook (zip or OLE2). A folder so named, a YAML file (no Office program locks one) and
    a workbook are never lock files: they are read, so no report is passed over."""
    from .xlsx import OLE2, ZIP

    name = os.path.basename(path)
    if not name.startswith("~$") or name.lower().endswith((".yaml", ".yml")):
        return False
    raw, problem = read_capped(path, LOCK_MAX_BYTES)
    return raw is not None and not raw.startswith((ZIP[:2], OLE2[:4]))


MAX_UNREAD = 20  # files not read, named one by one; the rest are counted in one line
MAX_ENTRIES = 200_000  # names looked at in one walk: a reports folder holds hundreds, /proc millions
_LOOKALIKE = re.compile(r"\.(?:ya?ml|xlsx)(?:\s|\.|$)", re.I)
_SYSTEM = frozenset({"thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", "icon\r"})


def _lookalike(name: str) -> bool:
    """A name that looks like a report but is not read: ``fgw.yaml.txt`` (Notepad's
    default), ``fgw.yaml `` (a trailing space), ``fgw.ｙａｍｌ`` (full-width), ``.fgw.yaml``."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", name)
    return bool(_LOOKALIKE.search(folded)) and not folded.startswith("~$")


# hidden folders of tools, never of a clerk's reports (.github holds CI's own .yml)
_TOOL_FOLDERS = frozenset({".git", ".svn", ".hg", ".github", ".gitlab", ".vscode", ".idea", ".venv", ".cache"})


def _holds_reports(entry: os.DirEntry[str]) -> bool:
    """Whether a hidden folder holds, directly, a file of a report's suffix (``.old/fgw.yaml``
    would otherwise be passed over and its unit published as not having reported)."""
    try:
        if not entry.is_dir(follow_symlinks=False):
            return False
        with os.scandir(entry.path) as inside:
            for n, f in enumerate(inside):
                if n >= 1000:
                    return False
                if f.name.lower().endswith(FOUND) and not f.name.startswith((".", "~$")):
                    return True
    except OSError:
        return False
    return False


def _walk(top: str, problems: list[Problem]) -> list[tuple[str, bool]]:
    """(path, whether it is a symbolic link) of every file to read below ``top``, in order."""
    found: list[tuple[str, bool]] = []
    unread: list[Problem] = []
    visited: set = set()
    stack = [top]
    looked = 0
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
        except OSError as exc:
            problems.append(unreadable(folder, exc, "文件夾"))
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in visited:
            problems.append(Problem(folder, 1, 1, "symlink-loop",
                                    "符號鏈接指向已讀過的文件夾（可能是循環）；跳過這條鏈接，其中的文件已讀過一次",
                                    "warning"))
            continue
        visited.add(ident)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(unreadable(folder, exc, "文件夾"))
            continue
        looked += len(entries)
        if looked > MAX_ENTRIES:
            problems.append(Problem(top, 1, 1, "too-many-files",
                                    f"文件夾 {top} 中的文件超過 {MAX_ENTRIES:,} 個，不像報告文件夾；請用 --reports 指明報告所在的文件夾"))
            return []
        subfolders = []
        for e in entries:
            if e.name.startswith(".") and e.name.lower() not in _TOOL_FOLDERS and _holds_reports(e):
                unread.append(Problem(e.path, 1, 1, "not-read", "這是隱藏文件夾，其中有報告文件，沒有讀取；"
                                      "若是要算入的報告，請移到報告文件夾中不以「.」開頭的文件夾", "warning"))
            if e.name.startswith(".") and not _lookalike(e.name):
                continue
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if not is_dir and e.name.startswith("~$") and lock_file(e.path):  # a folder so named is walked
                continue
            if is_dir:
                if not e.name.startswith("."):
                    subfolders.append(e.path)
            elif e.name.lower().endswith(FOUND) and not e.name.startswith("."):
                link = e.is_symlink()
                if link and not os.path.exists(e.path):
                    problems.append(Problem(e.path, 1, 1, "not-found", "符號鏈接指向的文件不存在（或鏈接形成循環）"))
                    continue
                found.append((e.path, link))
            elif _lookalike(e.name):
                unread.append(Problem(e.path, 1, 1, "not-read",
                                        "文件名像進度報告，但沒有讀取（隱藏文件，或擴展名不是 .yaml、.yml、.xlsx）；"
                                        "若是報告，請改名為「單位.yaml」或「單位.xlsx」", "warning"))
            elif not e.name.startswith(".") and e.name.lower() not in _SYSTEM:
                unread.append(Problem(e.path, 1, 1, "not-read",
                                        "沒有讀取這個文件：進度報告只讀 .yaml、.yml 和 .xlsx（jxplan template 的表格）；"
                                        "若是某單位的報告，請該單位用報告表格或 YAML 重新報送；若不是報告，請移出報告文件夾",
                                        "warning"))
        stack += reversed(subfolders)
    problems += unread[:MAX_UNREAD]
    if len(unread) > MAX_UNREAD:  # a folder of other things (a project, a desktop): named in one line
        problems.append(Problem(top, 1, 1, "not-read", f"{top} 中還有 {len(unread) - MAX_UNREAD:,} 個文件沒有讀取"
                                "（只讀 .yaml、.yml 和 .xlsx）；這不像只放報告的文件夾，請核對", "warning"))
    return sorted(found)
