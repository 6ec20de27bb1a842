"""A child process that never outlives jxplan: what a forked child (the document maker) does
first."""

from __future__ import annotations

import os
import signal
import sys


def die_with_parent(parent: int) -> None:
    """End this child with its parent, however the parent ends (SIGTERM, SIGKILL, a crash): on
    Linux by the kernel's parent-death signal, armed before the parent is looked at again, so
    that no death slips between; elsewhere by a thread that watches the parent's id."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            pr_set_pdeathsig = 1
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(ctypes.c_int(pr_set_pdeathsig), ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0),
                               ctypes.c_ulong(0), ctypes.c_ulong(0)) == 0
        except (OSError, AttributeError, TypeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        import threading

        threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
