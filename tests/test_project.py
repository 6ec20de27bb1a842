"""The project's own promises: the README's commands are what CI runs, the lock is complete
and within the declared ranges, the contract and the licence are in the repository, and a
built sdist and wheel carry everything jxplan needs."""

from __future__ import annotations

import os
import re
import shlex
import shutil
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
    assert ci.index(setup) < ci.index(tests) < ci.index(".venv/bin/jxplan validate plans/ progress/")


def test_gates_are_what_ci_runs_and_what_the_readme_says():
    """ruff and mypy run in .ci/run after the tests' install, from its environment, each on its own
    line so a finding fails CI (set -e); the README names the same commands."""
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert "set -euo pipefail" in ci
    install = ci.index(readme_commands()[1])
    for gate in (".venv/bin/ruff check", ".venv/bin/mypy src/jxplan"):
        assert gate in ci and ci.index(gate) > install, gate
        assert f"`{gate}`" in README, gate
    lint = PYPROJECT["tool"]["ruff"]["lint"]
    assert {"F", "E", "W", "B", "C901"} <= set(lint["select"]) and lint["mccabe"]["max-complexity"] == 20
    assert not any(o.get("ignore_errors") for o in PYPROJECT["tool"]["mypy"].get("overrides", []))


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
    from jxplan.core.resources import packaged

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
        where = subprocess.run([py, "-c", "import jxplan.core.resources as r; print(r.packaged('plans', '2012.yaml'))"],
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


# ---- CI is one thing: the Debian packages listed once, the workflow runs .ci/run ---------------

WORKFLOW = ROOT / ".github/workflows/ci.yml"
PACKAGES_SCRIPT = ROOT / ".ci/debian-packages"


def _workflow() -> dict:
    import yaml

    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_the_workflow_runs_ci_as_ci_runs_here_on_every_python_it_claims():
    jobs = _workflow()["jobs"]
    assert _runs(jobs["locked"]) == ["bash .ci/run"]
    claimed = re.search(r"runs the tests on\s+Python ([\d.]+), ([\d.]+) and ([\d.]+)", README).groups()
    assert jobs["locked"]["strategy"]["matrix"]["python-version"] == list(claimed)
    assert PYPROJECT["project"]["requires-python"] == f">={claimed[0]}"
    newest = _runs(jobs["newest"])
    assert newest[0] == "bash .ci/debian-packages" and newest[-1].endswith("jxplan validate plans/ progress/")
    assert "pytest -q" in newest[-1]
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "bash .ci/debian-packages\n" in ci
    for text in (ci, WORKFLOW.read_text(encoding="utf-8")):  # packages are installed in one place only
        assert "apt-get" not in text and "apt " not in text


def test_the_workflow_pins_its_actions_reads_only_and_keeps_no_credentials():
    """What zizmor's high findings ask for, checked without zizmor (the workflow's own job runs it):
    every action at a full commit with its version beside it, read-only permissions, no token
    left in .git/config, and no ${{ }} expanded into a shell script."""
    text = WORKFLOW.read_text(encoding="utf-8")
    flow = _workflow()
    assert flow["permissions"] == {"contents": "read"}
    uses = re.findall(r"^\s*- uses: (\S+)(.*)$", text, re.M)
    assert uses and len(uses) == text.count("uses:")
    for ref, comment in uses:
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (ref, comment)
    for name, job in flow["jobs"].items():
        assert job.get("permissions") in (None, {"contents": "read"}), name
        assert isinstance(job.get("timeout-minutes"), int), name  # a hung step never holds a runner for hours
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name
            assert "${{" not in step.get("run", ""), (name, step["run"])


def _fake_system(tmp_path, installed: bool, commands=()):
    """A PATH on which dpkg-query answers ``installed`` for every package, apt-get and sudo
    write what they were asked to a log, id says a user other than root, and ``commands`` exist."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    log = tmp_path / "log"
    scripts = {
        "dpkg-query": f"echo '{'install ok installed' if installed else 'unknown ok not-installed'}'",
        "apt-get": f'echo "apt-get $*" >> {log}',
        "sudo": f'echo "sudo" >> {log}; exec "$@"',
        "id": "echo 1000",
        **{c: "true" for c in commands},
    }
    for name, body in scripts.items():
        (bin_ / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_ / name).chmod(0o755)
    for tool in ("grep", "env"):  # the rest of what the script runs; nothing else of this machine's
        (bin_ / tool).symlink_to(shutil.which(tool))
    return {"PATH": str(bin_), "HOME": str(tmp_path)}, log


def _packages_script(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("bash"), str(PACKAGES_SCRIPT)], env=env, capture_output=True, text=True,
                          timeout=60)


def _listed() -> list[str]:
    text = PACKAGES_SCRIPT.read_text(encoding="utf-8")
    block = text.split("PACKAGES='", 1)[1].split("'", 1)[0]
    return [line.split("#")[0].split()[0] for line in block.splitlines() if line.split("#")[0].strip()]


def test_debian_packages_installs_what_is_missing_through_sudo_after_an_update(tmp_path):
    assert {"chromium", "libreoffice-writer", "libreoffice-calc", "poppler-utils", "fonts-noto-cjk",
            "libpango-1.0-0", "libpangoft2-1.0-0"} <= set(_listed())
    env, log = _fake_system(tmp_path, installed=False)
    done = _packages_script(env)
    assert done.returncode == 0, done.stderr
    lines = log.read_text().splitlines()
    assert lines[0] == "sudo" and lines[1] == "apt-get update -qq" and lines[2] == "sudo"
    assert lines[3] == "apt-get install -y -qq " + " ".join(_listed())


def test_debian_packages_does_nothing_when_all_are_there_and_trusts_a_chromium_of_the_runner(tmp_path):
    env, log = _fake_system(tmp_path, installed=True)
    done = _packages_script(env)
    assert done.returncode == 0 and done.stdout == "" and not log.exists()
    other = tmp_path / "other"
    other.mkdir()
    env, log = _fake_system(other, installed=False, commands=("chromium",))  # GitHub's image: its own Chromium
    done = _packages_script(env)
    assert done.returncode == 0
    assert log.read_text().splitlines()[-1] == "apt-get install -y -qq " + " ".join(_listed()[1:])


# ---- the pre-commit hook -------------------------------------------------------------------

def _hook() -> dict:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["jxplan-validate"]
    return hooks[0]


def test_the_hook_fires_on_every_format_the_reports_folder_is_read_for():
    from jxplan.read.discover import FOUND

    hook = _hook()
    assert hook["entry"] == "jxplan validate" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])  # pre-commit's own use: re.search on the path from the root
    for suffix in FOUND:
        for name in (f"progress/2012/Q2/fgw{suffix}", f"progress/2012/Q2/FGW{suffix.upper()}"):
            assert files.search(name), name
    assert files.search("plans/2012.yaml")
    for other in ("README.md", "src/jxplan/cli/commands.py", "progress/fgw.yaml.txt", "schema/report.schema.json"):
        assert not files.search(other), other


def test_the_hook_installs_the_pinned_versions_of_all_jxplan_runs_with():
    """Each additional dependency is pinned as in constraints.txt; in the locked environment,
    they are exactly what jxplan (no extras) needs, so pip has nothing left to choose."""
    pins = _lock()
    given = {}
    for dep in _hook()["additional_dependencies"]:
        req = Requirement(dep)
        name = canonicalize_name(req.name)
        assert str(req.specifier) == f"=={pins.get(name)}", f"{dep}: constraints.txt pins {pins.get(name)}"
        given[name] = pins[name]
    assert {canonicalize_name(r.name) for r in map(Requirement, PYPROJECT["project"]["dependencies"])} <= set(given)
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    if any(installed.get(name) != version for name, version in pins.items()):
        return  # not the locked set: what jxplan pulls in may differ here
    todo, needed = [Requirement("jxplan")], set()
    while todo:
        for sub in metadata.requires(canonicalize_name(todo.pop().name)) or []:
            r = Requirement(sub)
            if (r.marker is None or r.marker.evaluate({"extra": ""})) and canonicalize_name(r.name) not in needed:
                needed.add(canonicalize_name(r.name))
                todo.append(r)
    assert set(given) == needed, (sorted(needed - set(given)), sorted(set(given) - needed))
