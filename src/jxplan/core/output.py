"""Writing output files as careful tools do.

Atomically (a temporary file in the same folder, then a rename), only ever over a regular
file, with the mode a new file gets from the umask or the mode of the file it replaces;
the temporary file is removed when the write fails or the process is interrupted (SIGINT,
SIGTERM, SIGHUP), and ones left by a killed process are swept on a later write to the same
folder. Every failure is an OutputError whose message is one line for the user.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import tempfile
import threading
import time
from pathlib import Path

STALE_SECONDS = 3600  # a temporary file of ours this old belongs to a process that was killed
_TMP_NAME_BYTES = 200  # room for ".NAME.jxplan-" + 8 random characters + ".tmp" within 255 bytes
_OURS = re.compile(r"\..+\.jxplan-[a-z0-9_]{8}\.tmp", re.S)  # mkstemp(prefix=".NAME.jxplan-", suffix=".tmp")
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class OutputError(Exception):
    """The file was not written; the message says why in one line (the caller names the path)."""

    usage = False  # True: the user asked for something the command does not do (exit 2)


class OutputExists(OutputError):
    usage = True


_REASONS = {
    errno.EACCES: "沒有寫入權限",
    errno.EPERM: "沒有寫入權限",
    errno.ENOENT: "文件夾不存在",
    errno.ENOTDIR: "路徑中有一段不是文件夾",
    errno.ENAMETOOLONG: "文件名或路徑太長",
    errno.ENOSPC: "磁盤空間不足",
    errno.EROFS: "所在的文件系統是只讀的",
    errno.ELOOP: "符號鏈接層數太多或成環",
    errno.EISDIR: "這是文件夾，不是文件",
    errno.EFBIG: "文件超過系統允許的大小",
    errno.EIO: "磁盤讀寫錯誤",
    errno.EBUSY: "文件正被其他程序佔用",
    errno.ETXTBSY: "文件正被其他程序佔用",
    errno.EMFILE: "打開的文件太多",
    errno.ENFILE: "打開的文件太多",
    errno.EBADF: "已關閉",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "超出磁盤配額"


def reason(exc: OSError) -> str:
    known = _REASONS.get(exc.errno) if exc.errno is not None else None
    if known:
        return f"無法寫入：{known}"
    name = errno.errorcode.get(exc.errno, str(exc.errno)) if exc.errno else type(exc).__name__
    return f"無法寫入（系統錯誤 {name}）"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夾"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "設備文件"
    return "特殊文件"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _destination(path: Path, force: bool) -> tuple[Path, int, os.stat_result | None]:
    """(the file to replace, the mode to give it, the stat of the file replaced or None)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        folder = path.parent
        try:
            if not stat.S_ISDIR(os.stat(folder).st_mode):
                raise OutputError(f"{folder} 不是文件夾")
        except FileNotFoundError:
            raise OutputError(f"文件夾 {folder} 不存在") from None
        return path, 0o666 & ~_umask(), None
    target = path
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise OutputError("這是指向不存在之處的符號鏈接；不寫入") from None
        target = Path(os.path.realpath(path))  # replace what the link points to; the link stays
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"這是{_kind(st.st_mode)}，不是普通文件；不寫入（--force 也只覆蓋普通文件）")
    if not force:
        raise OutputExists("文件已存在；要覆蓋請加 --force")
    return target, stat.S_IMODE(st.st_mode), st


def sweep(folder: Path, now: float | None = None) -> None:
    """Remove our own temporary files (``.NAME.jxplan-xxxxxxxx.tmp``, regular, ours, over an hour old)."""
    now = time.time() if now is None else now
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    try:
        entries = os.scandir(folder)
    except OSError:
        return
    with entries:
        for entry in entries:
            if not _OURS.fullmatch(entry.name):
                continue
            try:
                st = entry.stat(follow_symlinks=False)
                if (stat.S_ISREG(st.st_mode) and (uid is None or st.st_uid == uid)
                        and now - st.st_mtime > STALE_SECONDS):
                    os.unlink(entry.path)
            except OSError:
                pass


class _Interrupted(BaseException):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _interruptible():
    """While writing, SIGINT/SIGTERM/SIGHUP raise, so that the temporary file is removed;
    afterwards the signal is delivered again with its usual effect."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_(signum, frame):
        raise _Interrupted(signum)

    old = {}
    for s in _SIGNALS:
        current = signal.getsignal(s)
        if current is not None and current is not signal.SIG_IGN:  # an ignored signal stays ignored
            old[s] = signal.signal(s, raise_)
    try:
        yield
    except _Interrupted as exc:
        for s, h in old.items():
            signal.signal(s, h)
        old = {}
        signal.raise_signal(exc.signum)
        raise SystemExit(128 + exc.signum) from None  # when the usual handler does not end the process
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def _tmp_prefix(name: str) -> str:
    short = name.encode("utf-8", "surrogateescape")[:_TMP_NAME_BYTES].decode("utf-8", "ignore") or "out"
    return f".{short}.jxplan-"


def check(path: Path, force: bool = False) -> None:
    """Before any work: OutputExists for a file there without ``force``, OutputError for a
    destination that will never be written (not a regular file, no such folder, a name too long)."""
    try:
        _destination(Path(path), force)
    except OSError as exc:
        raise OutputError(reason(exc)) from None


def write_atomic(path: Path, content: str | bytes, force: bool = False, batch: bool = False) -> None:
    """Write ``content`` (text as UTF-8, or bytes as they are) to ``path``.

    The old file survives whole if anything fails. Only a regular file (or a symlink to one)
    is replaced, and only with ``force``; OutputExists when it is there without ``force``.
    ``batch``: one of many files written into a folder at once (a site's pages), made again by
    the next run if lost: neither synced to disk one by one nor swept for; the caller calls
    ``settle`` on the folder once they are all written.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    try:
        target, mode, old = _destination(path, force)
        folder = target.parent
        if not batch:
            sweep(folder)
        with _interruptible():
            fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(target.name), suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "wb") as f:
                    if old is not None:
                        _keep_owner(f.fileno(), old)
                    if hasattr(os, "fchmod"):
                        os.fchmod(f.fileno(), mode)
                    f.write(data)
                    f.flush()
                    if not batch:
                        os.fsync(f.fileno())
                if not hasattr(os, "fchmod"):
                    os.chmod(tmp, mode)
                if old is None and not force:
                    _place_new(tmp, target)
                else:
                    os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        if not batch:
            _sync_folder(folder)
    except OSError as exc:
        raise OutputError(reason(exc)) from None


def settle(folder: Path) -> None:
    """After a batch of writes into ``folder``: our old temporary files swept, the renames made durable."""
    sweep(folder)
    _sync_folder(folder)


def _place_new(tmp: str, target: Path) -> None:
    """Put ``tmp`` where no file was, without --force: a file that has appeared there since
    it was looked at (another jxplan writing the same output) is not replaced. A hard link
    is made only where nothing is; the temporary name then goes. Where the file system has
    no hard links, the rename (which would replace) is all there is."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputExists("文件已存在（寫入期間由其他程序創建）；要覆蓋請加 --force") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV, errno.ENOSYS):
            raise
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _keep_owner(fd: int, old: os.stat_result) -> None:
    """The replaced file's owner and group, where we may set them (root, or our own group)."""
    if hasattr(os, "fchown"):
        st = os.fstat(fd)
        if (st.st_uid, st.st_gid) != (old.st_uid, old.st_gid):
            with contextlib.suppress(OSError):
                os.fchown(fd, old.st_uid, old.st_gid)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (where the system lets a folder be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
