"""The project's own promises: the README's commands are what CI runs, the lock is complete
and within the declared ranges, the contract and the licence are in the repository, and a
built sdist and wheel carry everything jxplan needs."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
import venv
from importlib import metadata
from pathlib import Path

import pytest
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


def test_contract_is_in_the_repository_and_linked():
    # the contract is the project's own (the copy it came from is retired): kept here, linked from the README
    assert (ROOT / "docs/formats.md").is_file() and "](docs/formats.md)" in README
    assert "shared/design" not in README


def test_licence_matches_the_package():
    assert PYPROJECT["project"]["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_package_has_no_symlinks_and_finds_its_data():
    from jxplan.resources import packaged

    assert not [p for p in (ROOT / "src").rglob("*") if p.is_symlink()]
    assert packaged("plans", "2012.yaml").is_file() and packaged("templates", "bulletin.md.j2").is_file()
    assert packaged("schema", "report.schema.json").is_file()


@pytest.mark.slow
def test_sdist_and_wheel_install_and_run_from_anywhere(tmp_path):
    """Build both from the repository, install each into a fresh virtual environment, and run
    jxplan from an unrelated folder with the plan and templates it carries."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], check=True,
                   capture_output=True, timeout=300)
    sdist, = dist.glob("jxplan-*.tar.gz")
    wheel, = dist.glob("jxplan-*.whl")
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    py = env / "bin" / "python"
    jxplan = env / "bin" / "jxplan"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    for artifact in (wheel, sdist):
        subprocess.run([py, "-m", "pip", "install", "-q", "--force-reinstall", "-c", ROOT / "constraints.txt",
                        artifact], check=True, capture_output=True, timeout=300, env=clean)
        where = subprocess.run([py, "-c", "import jxplan.resources as r; print(r.packaged('plans', '2012.yaml'))"],
                               cwd=elsewhere, capture_output=True, text=True, check=True, env=clean).stdout.strip()
        assert Path(where).is_file() and Path(where).is_relative_to(env), (artifact.name, where)

        def run(*args):
            return subprocess.run([jxplan, *args], cwd=elsewhere, capture_output=True, text=True, timeout=60,
                                  env=clean)

        done = run("status", "-q", "Q2", "--reports", ROOT / "progress", "-f", "json")
        assert done.returncode == 0, (artifact.name, done.stderr)
        assert '"quarter": "Q2"' in done.stdout and '"H1"' in done.stdout
        done = run("template", "--unit", "jtj", "--quarter", "Q2")
        assert done.returncode == 0 and '"10.1"' in done.stdout, (artifact.name, done.stderr)
        done = run("bulletin", "-q", "Q2", "--reports", ROOT / "progress", "-f", "html")
        assert done.returncode == 0 and "</html>" in done.stdout, (artifact.name, done.stderr)
        assert list(elsewhere.iterdir()) == []  # nothing written where it ran
