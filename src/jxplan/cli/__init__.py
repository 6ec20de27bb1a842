"""The command line: ``app`` (Typer) and ``main`` (the console script)."""

from .app import app, main

__all__ = ["app", "main"]
