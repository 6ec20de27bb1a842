"""jxplan: keep a government's annual work plan honest."""

__version__ = "0.1.0"
