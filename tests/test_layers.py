"""The import graph flows one way: read → check → judge → render → cli, each stage a package
named by what it does, over the plain vocabulary of the domain (core). No module imports a stage
above its own, imports inside functions included, and the models know nothing of any parser."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "jxplan"
LAYERS = [  # low to high; a module may import its own layer and those below
    {"__init__", "core"},  # the words of the cycle, quantities, problems, scripts, files written and kept
    {"read"},  # files in, plain data and places out
    {"check"},  # plain data in, models, records and positioned problems out
    {"judge"},  # checked plan and reports in, statuses and flags out
    {"render"},  # statuses in, tables, documents, workbooks, the site out
    {"draft"},  # an office's documents in, a plan to review out
    {"cli", "__main__"},  # the commands
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
    for path in (PACKAGE / "check/model").rglob("*.py"):
        assert not imports(path)[1] & {"yaml", "openpyxl", "zipfile"}, path
    users = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py") if "openpyxl" in imports(path)[1]}
    assert users == {"read/xlsx/openpyxl_adapter.py", "render/workbook.py"}
