"""Files a user handed us, read as untrusted data: one place for every defence that comes
before a parser.

In: a path and a cap (``read_bounded``), or a file's bytes and the limits of its kind of
container (``open_zip``, ``inflate``, ``refuse_dtd``). Out: the bytes, or a refusal that says
what was found (``NotRead``, ``ZipRefused``: a kind and its facts), which each caller words in
its own terms: a report's problem, a Word template's error. The reports (YAML and workbooks)
and the office's Word template go through here; so does any file a command opens because a
user named it.

* The bounded read: a regular file only, never more than cap+1 bytes read. Pipes, devices and
  sockets are refused by type before they are read (a pipe named ``*.yaml`` would otherwise
  wait for a writer for ever), and so are symbolic-link loops; the file opened is judged
  again, since it may not be the one looked at.
* The zip guard: the central directory is judged before anything is inflated (how many parts,
  a name given twice, encryption, the compression method, each part's declared inflated size,
  all of them together, and the ratio), then each part the caller wants is inflated with a
  capped read, which stops at the size the directory declares.
* The XML guard: a part that declares a DTD is refused, so that no entity can expand,
  whatever parser reads it next (openpyxl's goes through defusedxml as well).
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from dataclasses import dataclass

from ..core.problems import Problem

_OPEN = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
         | getattr(os, "O_BINARY", 0))


# ---- the bounded read ------------------------------------------------------------------------

class NotRead(Exception):
    """A file not read: ``kind`` is ``not-regular`` (with its ``mode``), ``too-large`` (with the
    ``size`` it declared; None when it grew past the cap as it was read) or ``os-error`` (with
    the system's ``error``)."""

    def __init__(self, kind: str, *, mode: int = 0, size: int | None = None, error: OSError | None = None):
        super().__init__(kind)
        self.kind, self.mode, self.size, self.error = kind, mode, size, error


def read_bounded(path: str | os.PathLike[str], cap: int) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes, never reading more than cap+1;
    ``NotRead`` for anything else."""
    try:
        st = os.stat(path)
        _regular(st)
        if st.st_size > cap:
            raise NotRead("too-large", size=st.st_size)
        fd = os.open(path, _OPEN)
    except OSError as exc:
        raise NotRead("os-error", error=exc) from None
    try:
        st = os.fstat(fd)  # the file opened may not be the one looked at
        _regular(st)
        data = _read_upto(fd, st.st_size, cap)
    except OSError as exc:
        raise NotRead("os-error", error=exc) from None
    finally:
        os.close(fd)
    if len(data) > cap:
        raise NotRead("too-large")
    return data


def _regular(st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise NotRead("not-regular", mode=st.st_mode)


def _read_upto(fd: int, size: int, cap: int) -> bytes:
    """At most cap+1 bytes of an open regular file that said it had ``size``: one read as a
    rule, the size it had and one byte to see that it grew."""
    chunks, got = [], 0
    while got <= cap:
        want = min(cap + 1 - got, max(size + 1 - got, 1 << 16), 1 << 20)
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
        if len(chunk) < want:  # a regular file reads short only at its end: no second call to learn it
            break
    return b"".join(chunks)


def read_capped(path: str | os.PathLike[str], cap: int) -> tuple[bytes | None, Problem | None]:
    """``read_bounded`` for a plan or a report: the bytes, or the problem that says in Chinese
    why they were not read, at the file's first line."""
    try:
        return read_bounded(path, cap), None
    except NotRead as why:
        return None, Problem(str(path), 1, 1, *_not_read(why, cap))


def _not_read(why: NotRead, cap: int) -> tuple[str, str]:
    if why.error is not None:
        return _os_problem(why.error)
    if why.kind == "not-regular":
        return "not-a-file", _not_regular(why.mode)
    if why.size is not None:
        return "file-too-large", f"文件有 {why.size:,} 字節，超過上限 {cap:,}；這不像 jxplan 的文件"
    return "file-too-large", f"文件超過上限 {cap:,} 字節；這不像 jxplan 的文件"


def _not_regular(mode: int) -> str:
    what = "文件夾" if stat.S_ISDIR(mode) else "命名管道（FIFO）" if stat.S_ISFIFO(mode) else \
        "通訊端（socket）" if stat.S_ISSOCK(mode) else "設備文件" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "特殊文件"
    return f"這是{what}，不是普通文件；jxplan 不讀它"


def _os_problem(exc: OSError, what: str = "文件") -> tuple[str, str]:
    """(code, message) of why the system would not let a file or folder be read."""
    if exc.errno == errno.ELOOP:
        return "symlink-loop", "符號鏈接形成循環，無法讀取"
    if exc.errno == errno.ENOENT:
        return "not-found", f"找不到這個{what}（或鏈接指向的{what}不存在）"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "file-unreadable", f"沒有讀取權限（{what}或它所在的文件夾不允許讀取）"
    if exc.errno == errno.ENAMETOOLONG:
        return "file-unreadable", f"{what}名或路徑太長，無法讀取"
    return "file-unreadable", f"無法讀取{what}（系統錯誤 {errno.errorcode.get(exc.errno or 0, exc.errno)}）"


def unreadable(path: str, exc: OSError, what: str = "文件") -> Problem:
    """Why ``path`` could not be read, in Chinese: never the system's English words."""
    return Problem(str(path), 1, 1, *_os_problem(exc, what))


# ---- the zip guard ----------------------------------------------------------------------------

ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class ZipLimits:
    """What a container may hold, judged from its central directory before anything is inflated.
    Each kind of container states its own, with the reasons beside them (read/xlsx/container.py,
    render/docx.py)."""

    parts: int  # entries in the directory
    part_bytes: int  # inflated, one part
    total_bytes: int  # inflated, all parts
    ratio: int  # inflated to compressed, for parts over ratio_floor inflated
    ratio_floor: int


# what the zip and XML guards find: each caller has words for every one
KINDS = ("not-zip", "damaged", "too-many-parts", "repeated", "encrypted", "compression", "too-large",
         "unreadable", "grew", "dtd")


class ZipRefused(Exception):
    """A container refused: ``kind`` says what was found (one of ``KINDS``) and ``facts`` the
    part it is about (``part``) and the numbers of it (``count``, ``limit``, ``method``,
    ``size``, ``ratio``), for the caller's words."""

    def __init__(self, kind: str, info: zipfile.ZipInfo | None = None, **facts: object):
        super().__init__(kind)
        self.kind = kind
        self.facts: dict[str, object] = {"part": info.filename if info else "", **facts}


def open_zip(raw: bytes, limits: ZipLimits) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The zip of ``raw`` and its entries, once its directory is within ``limits``; nothing is
    inflated. ``ZipRefused`` for anything else."""
    if not raw.startswith(ZIP):
        raise ZipRefused("not-zip")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except Exception:  # noqa: BLE001 - zipfile raises several kinds for a damaged directory
        raise ZipRefused("damaged") from None
    if len(infos) > limits.parts:
        raise ZipRefused("too-many-parts", count=len(infos), limit=limits.parts)
    seen: set[str] = set()
    total = 0
    for info in infos:
        if info.filename.lower() in seen:  # two readers could see two different documents
            raise ZipRefused("repeated", info)
        seen.add(info.filename.lower())
        if info.flag_bits & 0x1:
            raise ZipRefused("encrypted", info)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ZipRefused("compression", info, method=info.compress_type)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.part_bytes or total > limits.total_bytes or (
                info.file_size > limits.ratio_floor and ratio > limits.ratio):
            raise ZipRefused("too-large", info, size=info.file_size, ratio=ratio)
    return zf, infos


def inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One part, inflated with a capped read: never past the size the directory declares."""
    try:
        with zf.open(info) as f:
            data = f.read(info.file_size + 1)  # zipfile stops at the declared size; so do we
    except Exception:  # noqa: BLE001 - a bad CRC, a lying directory, a truncated stream
        raise ZipRefused("unreadable", info) from None
    if len(data) > info.file_size:
        raise ZipRefused("grew", info)
    return data


# ---- the XML guard ----------------------------------------------------------------------------

def refuse_dtd(data: bytes, info: zipfile.ZipInfo) -> None:
    """Refuse an XML part that declares a DTD or an entity: no program that writes these
    documents does, and without one no entity can expand, whatever parses the part."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ZipRefused("dtd", info)
