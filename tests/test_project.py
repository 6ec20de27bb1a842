"""The project's own promises: the README's commands are what CI runs, and the lock is
complete and within the declared ranges."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", README, re.S)[:2]


def test_readme_commands_are_what_ci_runs():
    setup, tests = readme_commands()
    assert setup.endswith("jxplan status") and "pytest" in tests
    for command in (setup, tests):
        assert "python3 -m venv .venv" in command and "-c constraints.txt" in command  # works on Debian as written
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert setup in ci and tests in ci
    workflow = (ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert f"run: {tests}" in workflow


def test_readme_main_command_runs():
    """The last step of the first command, run with this environment's jxplan."""
    last = readme_commands()[0].split("&&")[-1].strip()
    program, *args = shlex.split(last)
    assert program == ".venv/bin/jxplan"
    done = subprocess.run([sys.executable, "-m", "jxplan", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and "第四季度" in done.stdout


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version.strip(), f"constraints.txt pins exact versions only: {line}"
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _declared() -> list[Requirement]:
    project = PYPROJECT["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]


def test_lock_pins_every_declared_dependency_within_its_range():
    pins = _lock()
    for req in _declared():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not pinned in constraints.txt"
        assert req.specifier.contains(pins[name]), f"{req.name}=={pins[name]} is outside {req.specifier}"


def test_lock_is_complete_when_installed():
    """In the locked environment, everything installed for jxplan[test] is pinned (the newest-releases
    job installs without the lock, where a new transitive dependency only means the lock should move)."""
    pins = _lock()
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    if any(installed.get(name) != version for name, version in pins.items()):
        return  # not the locked set: nothing to say about the lock's completeness here
    env = {"extra": ""}
    todo, needed = [Requirement("jxplan[test]")], set()
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        for extra in req.extras or [""]:
            for sub in metadata.requires(name) or []:
                r = Requirement(sub)
                if r.marker is None or r.marker.evaluate({**env, "extra": extra}):
                    if canonicalize_name(r.name) not in needed:
                        needed.add(canonicalize_name(r.name))
                        todo.append(r)
    assert needed - {"jxplan"} <= set(pins), sorted(needed - set(pins))
