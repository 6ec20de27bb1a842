"""Renderers of one computed result: they format, they never compute."""
