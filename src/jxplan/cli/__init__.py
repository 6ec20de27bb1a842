"""The command line: ``main`` (the console script) and ``app`` (Typer, imported on first use).

``main`` answers a help request (``jxplan``, ``jxplan -h``, ``jxplan status -h``) from the
cache when this very code has answered it before, without importing Typer: the pages are
fixed text, and a clerk's first command should not wait for a library to load.
"""

import os
import sys

_HELP = ("-h", "--help")


def __getattr__(name):
    if name == "app":
        from .commands import app

        return app
    raise AttributeError(name)


def _help_request(args: list[str]) -> bool:
    """``jxplan``, or ``-h``/``--help`` anywhere before ``--`` (``jxplan bulletin --script
    simplified -h`` too: the page then follows the script asked for)."""
    if not args:
        return True
    for a in args:
        if a == "--":
            return False
        if a in _HELP:
            return True
    return False


def _asked_script(args: list[str]) -> str | None:
    """The script the user asked for by ``--script`` or ``$JXPLAN_SCRIPT`` (None: not asked,
    or a word that names none, which the command itself then refuses)."""
    from ..core.script import ENV, named

    for i, a in enumerate(args):
        if a == "--":
            break
        if a == "--script" and i + 1 < len(args):
            return named(args[i + 1])
        if a.startswith("--script="):
            return named(a.split("=", 1)[1])
    return named(os.environ.get(ENV))


class _InScript:
    """A text stream that writes in one script: what jxplan says on stderr (its messages are
    written in traditional characters) follows the script asked for (--script,
    $JXPLAN_SCRIPT, the settings file), else the plan's once it is read (``follow``), else
    is left as written; the names of files are left as they are on disk."""

    def __init__(self, stream, to: str | None):
        self._stream, self.to = stream, to

    def write(self, text):
        if self.to is None or not isinstance(text, str):
            return self._stream.write(text)
        from ..core.script import convert_prose

        return self._stream.write(convert_prose(text, self.to))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def follow(to: str | None) -> None:
    """Messages from now on in ``to`` (the plan's script, once it is known), unless a script
    was asked for: the one place where what jxplan says takes the plan's script."""
    if isinstance(sys.stderr, _InScript) and sys.stderr.to is None:
        sys.stderr.to = to


class _Closed:
    """A standard stream closed before jxplan started (``>&-``, ``2>&-``), where Python puts
    None. Output written to it is an OSError (EBADF), which the command says in one line and
    exits 1 with (``output.write``), rather than a traceback or a success; what is written to
    a closed stderr goes nowhere, as there is nowhere else to say it."""

    encoding, errors = "utf-8", "strict"

    def __init__(self, refuse: bool):
        self._refuse = refuse

    @property
    def buffer(self):
        return self

    def write(self, data):
        if self._refuse:
            import errno

            raise OSError(errno.EBADF, "closed")
        return len(data)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def main() -> None:
    """The console script; Ctrl-C while it starts (Typer takes a moment to load) is one line
    and exit 130, as it is once a command runs, never a traceback."""
    try:
        _main()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("已中止。\n")
        except (OSError, ValueError):
            pass
        _leave(130)


def _main() -> None:
    """The console script. A short-lived process whose data hold no reference cycles: the
    cyclic collector would only walk the growing heap again and again, and the interpreter's
    teardown would free, one by one, objects the system frees at once. So the collector is
    off, and once every output is flushed the process ends without that teardown."""
    import gc

    gc.disable()
    if sys.stdout is None:
        sys.stdout = _Closed(refuse=True)
    if sys.stderr is None:
        sys.stderr = _Closed(refuse=False)
    args = sys.argv[1:]
    to = _asked_script(args)
    if _help_request(args) and not _completing():
        if to is not None:  # a help page follows the script typed, never a settings file
            sys.stderr = _InScript(sys.stderr, to)
        from ..core.cache import Store, key

        store = Store("help", keeps=True)
        # a page is the same text for the same words, script and width (Click wraps to the terminal)
        page = key(b"help", "\0".join(args).encode(), (to or "").encode(),
                   str(_width()).encode()) if store.path is not None else None
        text = store.get(page) if page else None
        if isinstance(text, str):
            _leave(0, text)
        import contextlib
        import io

        from .commands import run

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = run(args)
        text = out.getvalue()
        if to is not None:
            from ..core.script import convert

            text = convert(text, to)
        if code == 0 and page:
            store.put(page, text)
            store.save()
        _leave(code, text)
    if to is None:
        from .settings import quiet_script

        to = quiet_script()
    sys.stderr = _InScript(sys.stderr, to)
    from .commands import run

    _leave(run(args))


def _completing() -> bool:
    """Tab completion asks with no words of its own (the shell passes them in the environment):
    its answer is never a help page, nor kept as one."""
    return "_JXPLAN_COMPLETE" in os.environ


def _width() -> int:
    import shutil

    return shutil.get_terminal_size().columns


def _leave(code: int, text: str = "") -> None:
    try:
        if text:
            sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `jxplan -h | head -1`: the reader has what it wanted
        pass
    except (OSError, ValueError) as exc:  # a help page to a full disk or a closed stdout: not a success
        if text:
            from ..core.output import reason

            try:
                sys.stderr.write(f"標準輸出{reason(exc) if isinstance(exc, OSError) else '已關閉'}；幫助頁沒有完整輸出\n")
            except (OSError, ValueError):
                pass
            code = code or 1
    try:
        sys.stderr.flush()
    except (OSError, ValueError):  # nowhere left to say anything
        pass
    os._exit(code)


__all__ = ["app", "main"]
