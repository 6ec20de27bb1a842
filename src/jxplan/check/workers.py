"""What many files say by their bytes, read on every core: a pool of forked workers that never
outlive the run. Used when there is much to read (``PARALLEL_MIN_BYTES``) and the system can
fork; anything that goes wrong with the workers costs time, never the answer.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import contextmanager

from .. import read as sources
from ..core.processes import die_with_parent
from .reports import Parsed, parse_file


PARALLEL_MIN_BYTES = 4 * 1024 * 1024  # below this much to parse, starting workers costs more than it saves

WORKBOOK_WEIGHT = 4  # a workbook's byte costs about four of YAML's to read (benchmarks/xlsx.py)

_FORK_STATE: Sequence[tuple[str, bytes]] = ()  # the (path, bytes) a forked worker reads


def _parsed_in_worker(indexes: list[int]) -> list:
    items = _FORK_STATE
    return [parse_file(items[i][0], items[i][1]).to_data() for i in indexes]


def parse_all(items: list[tuple[str, bytes]]) -> list[Parsed]:
    """What each file's bytes say, read here, or in forked workers when there is much to read.
    The workers never outlive the run: each dies with its parent (``_worker_start``), and SIGTERM,
    SIGHUP or SIGINT (Ctrl+C) while they work ends them before the run ends with 128 + the signal
    and one line on stderr, having written nothing else."""
    global _FORK_STATE
    if not items:  # every file's came from the cache
        return []
    import multiprocessing

    workers = min(os.cpu_count() or 1, 8)
    size = sum(len(raw) * (WORKBOOK_WEIGHT if sources.is_workbook(path) else 1) for path, raw in items)
    if size < PARALLEL_MIN_BYTES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [parse_file(path, raw) for path, raw in items]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    per = -(-len(items) // (workers * 4))
    chunks = [list(range(i, min(i + per, len(items)))) for i in range(0, len(items), per)]
    _FORK_STATE = items
    pool = data = None
    try:
        with _signals_stop_workers():
            try:
                pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                           initializer=_worker_start, initargs=(os.getpid(),))
                # submitted one by one, never cancelled: a future cancelled under a pool whose workers
                # are then killed makes its manager thread fail aloud (InvalidStateError, Python 3.11)
                futures = [pool.submit(_parsed_in_worker, chunk) for chunk in chunks]
                data = [d for f in futures for d in f.result()]
                pool.shutdown()
                pool = None
            except (OSError, BrokenProcessPool):  # no processes to be had, or a worker lost: do it here
                pass
            finally:
                if pool is not None:  # interrupted, lost, or a fault: no worker is left running
                    _kill_workers(pool)
            if data is None:
                return [parse_file(path, raw) for path, raw in items]
        back = [Parsed.cached(d, path) for d, (path, _) in zip(data, items, strict=True)]
        return [p if p is not None else parse_file(path, raw) for p, (path, raw) in zip(back, items, strict=True)]
    except _Interrupted as exc:
        import signal
        import sys

        name = signal.Signals(exc.signum).name
        sys.stderr.write(f"已中止（收到 {name} 信號）：已結束全部工作進程，沒有輸出任何結果。\n")
        sys.stderr.flush()
        raise SystemExit(128 + exc.signum) from None
    finally:
        _FORK_STATE = ()


class _Interrupted(BaseException):
    """SIGTERM, SIGHUP or SIGINT while workers run (a BaseException: no ``except Exception``
    on the way takes it for a fault)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_STOPPING = ("SIGTERM", "SIGHUP", "SIGINT")


@contextmanager
def _signals_stop_workers():
    """While workers run, the first SIGTERM, SIGHUP or SIGINT raises ``_Interrupted`` (a
    second is ignored while they are ended); a signal the caller ignores stays ignored. Only
    the main thread can take signals: elsewhere the workers still die with the process."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = []

    def interrupted(signum, frame):
        if not raised:
            raised.append(signum)
            raise _Interrupted(signum)

    old = {}
    try:
        for name in _STOPPING:
            s = getattr(signal, name, None)
            if s is not None and signal.getsignal(s) not in (signal.SIG_IGN, None):
                old[s] = signal.signal(s, interrupted)
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def _kill_workers(pool) -> None:
    """End every worker of ``pool`` at once (SIGKILL: they hold nothing to save) and reap them.
    The workers are the pool's ``_processes`` (private, but there since Python 3.2; 3.14 has
    ``kill_workers``); were they ever out of reach, each still dies as the run ends, by the
    parent-death signal or watchdog of ``_worker_start``."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for p in processes:
        try:
            p.kill()
        except (OSError, ValueError, AttributeError):
            pass
    for p in processes:
        try:
            p.join(2)
        except (OSError, ValueError, AssertionError, AttributeError):
            pass
    try:
        pool.shutdown(wait=False)
    except Exception:  # noqa: BLE001 - a pool whose workers were killed may complain; it is done with
        pass


def _worker_start(parent: int) -> None:
    """First thing in each worker: die with the parent, even by SIGKILL (``die_with_parent``);
    leave SIGINT to the parent, which ends the workers
    itself; and hold neither the caller's terminal nor its pipes (stdin, stdout and stderr are
    /dev/null: a worker returns data, it prints nothing), so whoever reads this run's output
    sees its end when the run ends."""
    import signal

    die_with_parent(parent)
    for name in _STOPPING:
        s = getattr(signal, name, None)
        if s is not None and signal.getsignal(s) is not signal.SIG_IGN:
            signal.signal(s, signal.SIG_IGN if name == "SIGINT" else signal.SIG_DFL)
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            if fd != null:
                os.dup2(null, fd)
        if null > 2:
            os.close(null)
    except OSError:
        pass
