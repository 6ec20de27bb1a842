"""Build step: copy the repository's plans, templates and schemas into the package.

The folders stay where they are in the repository (``plans/``, ``templates/``, ``schema/``);
a wheel gets them under ``jxplan/data/``, so an installed jxplan is self-contained.
An editable install copies nothing: ``jxplan.resources`` reads the repository's folders.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = {"plans": ("*.yaml",), "templates": ("*.j2", "*.docx", "site/*.j2"), "schema": ("*.json",)}


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for folder, patterns in DATA.items():
            for pattern in patterns:
                if not list((ROOT / folder).glob(pattern)):
                    raise SystemExit(f"jxplan build: no {folder}/{pattern} to ship")
            files = sorted(f for pattern in patterns for f in (ROOT / folder).glob(pattern))
            dest = Path(self.build_lib, "jxplan", "data", folder)
            for f in files:  # sub-folders kept (templates/site/)
                to = dest / f.relative_to(ROOT / folder)
                to.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, to)


setup(cmdclass={"build_py": BuildPyWithData})
