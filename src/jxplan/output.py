"""Writing output files atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    pass


def write_atomic(path: Path, text: str | bytes, force: bool = False) -> None:
    """Write ``text`` (UTF-8; bytes as they are) to ``path``; the old file survives whole
    if anything fails."""
    path = Path(path)
    if path.exists() and not force:
        raise OutputError("檔案已存在；要覆蓋請加 --force")
    if path.is_dir():
        raise OutputError("這是資料夾，不是檔案")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"資料夾 {folder} 不存在")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"無法寫入：{exc.strerror or exc}") from None
        raise
