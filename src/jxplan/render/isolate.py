"""Documents are made in a child process with limits on CPU time, memory and wall-clock time.

The sandbox (``templating``) refuses what it can see coming; this bounds everything else: a
template that grows memory in a way no check foresees, WeasyPrint laying out a plan of
thousands of pages, python-docx on a huge table. ``run(make)`` forks; the child dies with
its parent (SIGTERM to jxplan leaves nothing rendering), lowers its own limits (RLIMIT_CPU,
RLIMIT_DATA on Linux, no core file), points its standard input and output at /dev/null,
calls ``make()`` and sends back one tagged frame over a pipe: the
document (text or bytes), a ``TemplateProblem``'s message, or word of a MemoryError or of an
error of jxplan's own, as plain bytes; nothing is pickled, nothing from the child is run. The
parent waits at most ``RENDER_SECONDS``, kills the child past that, and turns every way the
child can end without a document into one ``RenderLimit`` message. The child never holds
the user's output file: it is not open while the document is made, the child's standard
output is /dev/null, and only the parent writes (``output.write_atomic``).

Where there is no fork (Windows), ``make()`` runs in this process, bounded only by the
sandbox's own limits (steps, sizes, ``templating.MAX_SECONDS``); WeasyPrint and python-docx
then run unbounded, as they did before.
"""

from __future__ import annotations

import os
import select
import signal
import struct
import sys
import time
import traceback
from typing import Callable, TypeVar, cast

from ..core.processes import die_with_parent
from .templating import TemplateProblem

Doc = TypeVar("Doc", bound=str | bytes)  # a document: text, bytes, or either (run gives back what make made)

# What the shipped documents need (2026-11-27, Linux, Python 3.11, WeasyPrint 70, python-docx
# 1.2): the smallest RENDER_MEMORY with which each renders, found by bisection to 2 MB, is 2 MB
# for the Markdown and HTML bulletins and decompositions, 22 MB for the Word bulletins (Q2,
# Q4), 146 and 144 MB for the PDF bulletins (Q2, Q4), 172 MB for the PDF decomposition; the
# parent holds 17-44 MB of data when it forks. Each takes 0.1-1.2 s. The limits leave six
# times that memory and fifty times that time, for a slower or busier machine and a plan
# several times the shipped one. A plan of 27,729 targets (3 MB, near the plan's 4 MB cap):
# its Markdown and HTML bulletins take 2-5 s, its Word bulletin 15-25 s and 1.0 GB at the
# peak, within the limits; its PDF (reported to take 134 s and 6.5 GB) stops at the memory limit
# after 15-20 s, one line and no file.
RENDER_SECONDS = 60.0  # wall clock, enforced by the parent
RENDER_CPU_SECONDS = 60  # RLIMIT_CPU of the child: SIGXCPU, then SIGKILL 5 s later
RENDER_MEMORY = 1024 * 1024 * 1024  # RLIMIT_DATA of the child, over the data the parent has when it forks

_HEADER = struct.Struct(">cQ")  # tag, payload length
TEXT, BYTES, PROBLEM, MEMORY, FAULT = b"S", b"B", b"P", b"M", b"E"
_HINT = "若用了自定義模板（--template-dir），請檢查模板中的循環和生成的內容；計劃很大時可改用 md 或 html 格式"


class RenderLimit(Exception):
    """The document was not made: a limit was passed, or the child ended without a result."""


class RenderFault(Exception):
    """An error of jxplan's own in the child; its class is named as the child's error was."""


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024):,} MB"


def _memory_message() -> str:
    return f"生成文件超過內存上限（{_mb(RENDER_MEMORY)}），已停止，沒有寫入任何文件；{_HINT}"


def run(make: Callable[[], Doc]) -> Doc:
    """``make()`` in a child with limits; its document (text or bytes, as ``make`` returns), or
    TemplateProblem, RenderLimit or RenderFault."""
    if not hasattr(os, "fork"):  # Windows: in this process, within the sandbox's limits only
        try:
            return make()
        except MemoryError:
            raise RenderLimit(_memory_message()) from None
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is copied into the child
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    r, w = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError as exc:
        os.close(r)
        os.close(w)
        raise RenderLimit(f"無法啟動生成文件的進程（{os.strerror(exc.errno) if exc.errno else exc}），沒有寫入任何文件") from None
    if pid == 0:  # pragma: no cover - the child; coverage does not follow a fork
        os.close(r)
        _child(make, w, parent)
    os.close(w)
    try:
        return cast(Doc, _parent(pid, r))  # the child tags its result as text or bytes, as make() returned it
    finally:
        os.close(r)


# ---- the child -------------------------------------------------------------------------------

def _data_in_use() -> int | None:
    """Bytes of data (heap and private mappings) this process has now: VmData on Linux."""
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _limits() -> None:
    import resource

    def lower(which: int, soft: int, hard: int) -> None:
        old_soft, old_hard = resource.getrlimit(which)
        if old_hard != resource.RLIM_INFINITY:
            hard = min(hard, old_hard)
        if old_soft != resource.RLIM_INFINITY:
            soft = min(soft, old_soft)
        resource.setrlimit(which, (min(soft, hard), hard))

    lower(resource.RLIMIT_CORE, 0, 0)  # a crash leaves no core file behind
    lower(resource.RLIMIT_CPU, RENDER_CPU_SECONDS, RENDER_CPU_SECONDS + 5)
    data = _data_in_use()
    if data is not None:  # Linux counts heap and anonymous mappings in RLIMIT_DATA (since 4.7)
        lower(resource.RLIMIT_DATA, data + RENDER_MEMORY, data + RENDER_MEMORY)


def _detach() -> None:
    """Standard input and output to /dev/null (the output may be the user's file); Ctrl-C and
    a closed pipe end the child quietly, without a traceback."""
    fd = os.open(os.devnull, os.O_RDWR)
    os.dup2(fd, 0)
    os.dup2(fd, 1)
    if fd > 1:
        os.close(fd)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _send(fd: int, tag: bytes, payload: bytes) -> None:
    view = memoryview(_HEADER.pack(tag, len(payload)) + payload)
    while view:
        view = view[os.write(fd, view):]


def _child(make: Callable[[], str | bytes], w: int, parent: int) -> None:  # pragma: no cover - runs in the child
    code = 0
    try:
        try:
            die_with_parent(parent)
            _detach()
            _limits()
            result = make()
            tag, payload = (TEXT, result.encode("utf-8", "surrogatepass")) if isinstance(result, str) \
                else (BYTES, bytes(result))
            del result
        except TemplateProblem as exc:
            tag, payload = PROBLEM, str(exc).encode("utf-8", "surrogatepass")
        except MemoryError:
            tag, payload = MEMORY, b""
        except Exception as exc:  # noqa: BLE001 - jxplan's own fault: named to the parent, never printed here
            text = "\0".join((type(exc).__name__, str(exc), "".join(traceback.format_exception(exc))))
            tag, payload = FAULT, text.encode("utf-8", "replace")
        _send(w, tag, payload)  # outside the except blocks: what the error held is freed by now
    except MemoryError:
        try:
            _send(w, MEMORY, b"")
        except BaseException:  # noqa: BLE001
            code = 3
    except BaseException:  # noqa: BLE001 - Ctrl-C, the parent gone: end without a word
        code = 1
    finally:
        os._exit(code)


# ---- the parent ------------------------------------------------------------------------------

def _wait_readable(fd: int):
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        return lambda seconds: bool(poller.poll(max(seconds, 0) * 1000))
    return lambda seconds: bool(select.select([fd], [], [], max(seconds, 0))[0])


def _parent(pid: int, r: int) -> str | bytes:
    deadline = time.monotonic() + RENDER_SECONDS
    wait = _wait_readable(r)
    data = bytearray()
    finished = oversize = False
    try:
        while time.monotonic() < deadline:
            if not wait(deadline - time.monotonic()):
                continue
            chunk = os.read(r, 1 << 20)
            if not chunk:
                finished = True
                break
            data += chunk
            if len(data) > _HEADER.size + RENDER_MEMORY:  # more than the child could have made
                oversize = True
                break
        if not finished:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    except BaseException:  # Ctrl-C in the parent: the child goes too, then the interruption goes on
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
        raise
    if oversize:
        raise RenderLimit(_memory_message())
    if not finished:
        raise RenderLimit(f"生成文件超過 {RENDER_SECONDS:.0f} 秒仍未完成，已停止，沒有寫入任何文件；{_HINT}")
    return _result(status, bytes(data))


def _result(status: int, data: bytes) -> str | bytes:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGINT:
            raise KeyboardInterrupt
        if sig == getattr(signal, "SIGXCPU", None):
            raise RenderLimit(f"生成文件用了超過 {RENDER_CPU_SECONDS} 秒的 CPU 時間，已停止，沒有寫入任何文件；{_HINT}")
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        raise RenderLimit(f"生成文件的進程意外終止（{name}），可能是超過了內存上限（{_mb(RENDER_MEMORY)}）"
                          f"或 CPU 時間上限，沒有寫入任何文件；{_HINT}")
    head = data[:_HEADER.size]
    tag, size = _HEADER.unpack(head) if len(head) == _HEADER.size else (None, -1)
    payload = data[_HEADER.size:]
    if tag not in (TEXT, BYTES, PROBLEM, MEMORY, FAULT) or len(payload) != size:
        raise RenderLimit(f"生成文件的進程意外退出（退出碼 {os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}），"
                          "沒有寫入任何文件")
    if tag == TEXT:
        return payload.decode("utf-8", "surrogatepass")
    if tag == BYTES:
        return payload
    if tag == PROBLEM:
        raise TemplateProblem(payload.decode("utf-8", "replace"))
    if tag == MEMORY:
        raise RenderLimit(_memory_message())
    name, message, trace = (payload.decode("utf-8", "replace").split("\0", 2) + ["", ""])[:3]
    fault = type(name if name.isidentifier() else "RenderFault", (RenderFault,), {"__module__": __name__})(message)
    fault.add_note(f"在生成文件的子進程中：\n{trace}")
    raise fault
