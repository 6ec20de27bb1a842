"""Writing the site into its folder: only what changed, each file atomically, never outside.

A folder is a jxplan site when it holds ``MANIFEST`` (``.jxplan-site.json``): the list of the
files jxplan wrote there. Into any other folder that is not empty nothing is written without
``force``. A build writes a file only when its bytes differ from those on disk (temporary file
and rename, as ``output.write_atomic``; the folders synced to disk once at the end, not each
file: a page lost to a crash is made again by the next build, which compares bytes), then removes the files of the last build that this one
no longer makes (a target or unit gone from the plan), and nothing else: a file jxplan did not
write is never removed. Before anything is written, every path the build touches is checked:
a symbolic link, or anything but a folder or a regular file, inside the site is refused, so no
write follows a link out of the folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ...core.output import OutputError, OutputExists, reason, settle, write_atomic

MANIFEST = ".jxplan-site.json"
_MARK = "jxplan site"
# what a build may write, and so what a manifest may name for removal: html, css or js files at
# the top or one folder down, with names of our own making (never a hidden file, never "..")
_OURS = re.compile(r"(?:(?:targets|units)/)?[A-Za-z0-9][A-Za-z0-9._-]*\.(?:html|css|js)")


@dataclass
class Published:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _previous(root: Path) -> list[str] | None:
    """The files the last build wrote (from the manifest); None when the folder is no jxplan site."""
    path = root / MANIFEST
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"無法讀取 {MANIFEST}（{reason(exc)}）") from None
    if not stat.S_ISREG(st.st_mode) or st.st_size > 4 * 1024 * 1024:
        return None
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != _MARK or not isinstance(data.get("files"), list):
        return None
    return [f for f in data["files"] if isinstance(f, str) and _OURS.fullmatch(f)]


def check(root: Path, force: bool) -> list[str]:
    """Before any work: the folder can take a site. Returns the files of the last build (empty
    for a new or empty folder); OutputExists for a folder with other things in it that is not
    a jxplan site (without ``force``), OutputError for a path that is no folder."""
    try:
        st = os.stat(root)
    except FileNotFoundError:
        parent = root.parent
        if not parent.is_dir():
            raise OutputError(f"上級文件夾 {parent} 不存在") from None
        return []
    except OSError as exc:
        raise OutputError(reason(exc)) from None
    if not stat.S_ISDIR(st.st_mode):
        raise OutputExists("這不是文件夾；網站要寫入一個文件夾（新的，或 jxplan 以前生成網站的文件夾）")
    previous = _previous(root)
    if previous is not None:
        return previous
    try:
        empty = not any(os.scandir(root))
    except OSError as exc:
        raise OutputError(reason(exc)) from None
    if not empty and not force:
        raise OutputExists(f"文件夾裡已有其他文件，且不是 jxplan 生成的網站（沒有 {MANIFEST}）；"
                           "要寫入請加 --force（只寫入網站的文件，不刪除其他文件），或換一個新文件夾")
    return []


def _inside(root: Path, rel: str) -> Path:
    """The path of ``rel`` in the site, each folder on the way a real folder (made when missing)
    and the file itself, when there, a regular file: never a symbolic link that leads out."""
    path = root
    parts = rel.split("/")
    for i, part in enumerate(parts[:-1]):
        path = path / part
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(st.st_mode):
            what = "符號鏈接" if stat.S_ISLNK(st.st_mode) else "文件"
            raise OutputError(f"網站中的 {'/'.join(parts[:i + 1])} 是{what}，不是文件夾；為免寫到網站以外，不寫入。請刪去它再生成")
    path = root / rel
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return path
    if not stat.S_ISREG(st.st_mode):
        what = "符號鏈接" if stat.S_ISLNK(st.st_mode) else "文件夾" if stat.S_ISDIR(st.st_mode) else "特殊文件"
        raise OutputError(f"網站中的 {rel} 是{what}，不是普通文件；為免寫到網站以外，不寫入。請刪去它再生成")
    return path


def _same(path: Path, data: bytes) -> bool:
    try:
        if os.lstat(path).st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _manifest(files) -> bytes:
    return (json.dumps({"generator": _MARK, "files": sorted(files)}, ensure_ascii=False, indent=0) + "\n").encode("utf-8")


def publish(root: Path, files: dict[str, bytes], force: bool) -> Published:
    """Write ``files`` (path in the site -> bytes) into ``root``: see the module's docstring."""
    previous = check(root, force)
    root.mkdir(exist_ok=True)
    paths = {rel: _inside(root, rel) for rel in files}  # every path checked before the first write
    stale = [rel for rel in previous if rel not in files]
    for rel in stale:
        _inside(root, rel)
    done = Published()
    # the manifest names every file this build may leave behind before any is written, so an
    # interrupted build leaves no file that the next one does not know to be its own
    write_atomic(root / MANIFEST, _manifest(set(previous) | set(files)), force=True)
    for rel in sorted(files):
        path, data = paths[rel], files[rel]
        if _same(path, data):
            done.unchanged.append(rel)
            continue
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, data, force=True, batch=True)  # synced once per folder below
        done.written.append(rel)
    for folder in {paths[rel].parent for rel in files}:
        settle(folder)
    write_atomic(root / MANIFEST, _manifest(files), force=True)
    for rel in stale:
        path = _inside(root, rel)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
            done.removed.append(rel)
    for name in ("targets", "units"):  # left empty by removals: gone too
        with contextlib.suppress(OSError):
            if not stat.S_ISLNK(os.lstat(root / name).st_mode):
                (root / name).rmdir()
    return done
