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
    return (not args or (len(args) == 1 and args[0] in _HELP)
            or (len(args) == 2 and args[1] in _HELP and not args[0].startswith("-")))


def main() -> None:
    """The console script. A short-lived process whose data hold no reference cycles: the
    cyclic collector would only walk the growing heap again and again, and the interpreter's
    teardown would free, one by one, objects the system frees at once. So the collector is
    off, and once every output is flushed the process ends without that teardown."""
    import gc

    gc.disable()
    args = sys.argv[1:]
    store = page = None
    if _help_request(args):
        from ..cache import Store, key

        store = Store("help", keeps=True)
        page = key(b"help", "\0".join(args).encode()) if store.path is not None else None
        text = store.get(page) if page else None
        if isinstance(text, str):
            _leave(0, text)
    from .commands import run

    if page:
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = run(args)
        if code == 0:
            store.put(page, out.getvalue())
            store.save()
        _leave(code, out.getvalue())
    _leave(run(args))


def _leave(code: int, text: str = "") -> None:
    try:
        if text:
            sys.stdout.write(text)
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)


__all__ = ["app", "main"]
