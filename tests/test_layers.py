"""The import graph flows one way (issue 9): files → sources → validation → checks →
pipeline → status → render → commands. No module imports a layer above its own, imports
inside functions included, and the models know nothing of any parser."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "jxplan"
LAYERS = [  # low to high; a module may import its own layer and those below
    {"__init__", "problems", "terms", "quantity", "xlsx_layout", "resources", "output", "cache", "script", "_scriptchars", "record"},
    {"model", "sources"},
    {"discover", "validation", "index", "facts", "query"},
    {"checks"},
    {"pipeline", "status"},
    {"render", "schema"},
    {"importing", "draft", "cli", "__main__"},
]


def layer(module: str) -> int:
    top = module.split(".")[0]
    return next(i for i, names in enumerate(LAYERS) if top in names)


def imports(path: Path) -> tuple[set[str], set[str]]:
    """(jxplan modules, other top-level packages) that a file imports anywhere in it."""
    rel = path.relative_to(PACKAGE).with_suffix("").parts
    package = list(rel if path.name == "__init__.py" else rel[:-1])
    if package and package[-1] == "__init__":
        package = package[:-1]
    ours, theirs = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                ours.add(".".join(base + [node.module]) or "__init__")
            else:
                ours |= {".".join(base + [a.name]) for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            (ours if node.module.startswith("jxplan") else theirs).add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            theirs |= {a.name.split(".")[0] for a in node.names}
    return {m for m in ours if m}, theirs


def test_no_module_imports_a_layer_above_its_own():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("").parts
        module = ".".join(p for p in rel if p != "__init__") or "__init__"
        for dep in imports(path)[0]:
            if layer(dep.split(".")[0] if not dep.startswith("__version__") else "__init__") > layer(module):
                wrong.append(f"{module} imports {dep}")
    assert wrong == []


def test_the_models_know_no_parser_and_openpyxl_stays_in_two_modules():
    for path in (PACKAGE / "model").rglob("*.py"):
        assert not imports(path)[1] & {"yaml", "openpyxl", "zipfile"}, path
    users = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py") if "openpyxl" in imports(path)[1]}
    assert users == {"sources/xlsx.py", "render/workbook.py"}
