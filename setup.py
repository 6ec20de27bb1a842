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
DATA = {"plans": "*.yaml", "templates": "*.j2", "schema": "*.json"}


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for folder, pattern in DATA.items():
            files = sorted((ROOT / folder).glob(pattern))
            if not files:
                raise SystemExit(f"jxplan build: no {folder}/{pattern} to ship")
            dest = Path(self.build_lib, "jxplan", "data", folder)
            dest.mkdir(parents=True, exist_ok=True)
            for f in files:
                shutil.copyfile(f, dest / f.name)


setup(cmdclass={"build_py": BuildPyWithData})
