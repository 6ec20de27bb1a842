"""No function of the rules, the readers or the renderers is over 80 lines (issue 19 §3), so
each reads on one screen and a long one is split into named steps rather than grown. The
complexity limit (20) is ruff's C901, in the lint gate."""

from __future__ import annotations

import ast

from conftest import ROOT

LIMIT = 80
KEPT_SHORT = [ROOT / "src/jxplan/check/rules", ROOT / "src/jxplan/read", ROOT / "src/jxplan/render"]


def long_functions(source: str, limit: int = LIMIT) -> list[tuple[str, int, int]]:
    """(name, first line, lines) of every function or method longer than ``limit`` lines,
    its decorators and docstring included, nested ones each on their own."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = (node.end_lineno or node.lineno) - first + 1
            if lines > limit:
                found.append((node.name, first, lines))
    return found


def test_the_measure_counts_a_function_from_its_decorator_to_its_last_line():
    body = "".join(f"    x{i} = {i}\n" for i in range(78))
    at_limit = "@staticmethod\ndef f():\n" + body  # 80 lines with the decorator
    assert long_functions(at_limit) == []
    over = "class C:\n    @property\n    def g(self):\n" + "".join(f"        y{i} = {i}\n" for i in range(79))
    assert long_functions(over) == [("g", 2, 81)]
    nested = "def outer():\n    def inner():\n" + "".join(f"        z{i} = {i}\n" for i in range(80))
    assert [name for name, _, _ in long_functions(nested)] == ["outer", "inner"]


def test_no_function_of_the_rules_the_readers_or_the_renderers_is_over_80_lines():
    files = sorted(p for folder in KEPT_SHORT for p in folder.rglob("*.py"))
    assert len(files) > 20  # the folders are there and read
    over = [f"{path.relative_to(ROOT)}:{line}: {name} ({lines} lines)"
            for path in files for name, line, lines in long_functions(path.read_text(encoding="utf-8"))]
    assert over == [], "split into named steps:\n" + "\n".join(over)
