"""The office's folder: which plan, which reports folder and which script a command takes when
its command line does not say.

Each is taken from the first of: the command line (``--plan``, ``--reports``, ``--script``);
``$JXPLAN_SCRIPT`` (the script only); the office's settings file (``read.settings``:
``jxplan.toml`` or ``[tool.jxplan]``, paths relative to its folder); discovery (the only plan
in ``plans/``, or the one whose year the reports name); jxplan's own defaults (``progress/``,
the shipped plan when there is no ``plans/`` folder at all, said on stderr). ``plans/`` and
``progress/`` are looked for in the office's folder: the settings file's, else the current one.
A plan is never assumed: two candidates, or none, is a usage error naming each.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from ..read.settings import SettingsFile

PLANS = "plans"
REPORTS = "progress"
PLAN_SUFFIXES = (".yaml", ".yml")
MAX_CANDIDATES = 200  # files in plans/ looked at: an office keeps one a year


@dataclass(frozen=True)
class Office:
    """The office's settings (every value None when it has no settings file)."""

    file: SettingsFile | None = None
    folder: Path = Path(".")  # where plans/ and progress/ are looked for
    script: str | None = None

    def path(self, key: str) -> Path | None:
        """A path the settings name, relative to the settings file's folder."""
        word = _word(self.file, key) if self.file is not None else None
        return self.folder / word if word is not None else None


def _word(found: SettingsFile, key: str) -> str | None:
    """The value of ``key``, None when the file does not set it. Text: read.settings says any
    other value as a problem, and a file with problems ends the command before it is read."""
    setting = found.values.get(key)
    return str(setting.value) if setting is not None else None


def office() -> Office:
    """The settings that govern the current folder; a settings file with any problem ends the
    command (exit 1, each problem at its line and column): it is the office's data."""
    from ..core.script import named
    from ..read.settings import nearest

    found, problems = nearest()
    word = _word(found, "script") if found is not None and not problems else None
    if found is not None and word is not None and named(word) is None:
        problems.append(found.problem("script", "settings-script",
                                      f"script 應為 simplified（简体）或 traditional（繁體），不是「{word}」"))
    if problems:
        from .speak import fail

        fail(problems)
    if found is None:
        return Office()
    folder = found.folder
    try:
        folder = Path(os.path.relpath(found.folder))  # plans/2023.yaml, ../plans/2023.yaml: as people write them
    except (OSError, ValueError):
        pass
    word = _word(found, "script")
    return Office(found, folder, named(word) if word is not None else None)


def quiet_script() -> str | None:
    """The settings file's script, or None (no file, or one with problems, which the command
    itself then says): what messages speak before anything else is known."""
    try:
        from ..core.script import named
        from ..read.settings import nearest

        found, problems = nearest()
        word = _word(found, "script") if found is not None and not problems else None
        return named(word) if word is not None else None
    except Exception:  # noqa: BLE001 - a choice of words never stops a command; the command reads the file itself
        return None


def reports_folder(given: str | None) -> str:
    """--reports (or import's -o) as given, else the settings file's ``reports`` (which must be
    there: exit 1 at its place), else ``progress`` in the office's folder."""
    if given is not None:
        return given
    here = office()
    named = here.path("reports")
    if named is None or here.file is None:  # a path is named only by a settings file
        return str(here.folder / REPORTS)
    if not os.path.isdir(named):
        from .speak import fail

        what = "不是文件夾" if os.path.exists(named) else "不存在"
        fail([here.file.problem("reports", "settings-reports",
                                f"設置的進度報告文件夾 {named} {what}（相對路徑從 {here.file.path} 所在的文件夾算起）")])
    return str(named)


@dataclass(frozen=True)
class Choice:
    """The plan a command reads: its path, a line to say on stderr (None: nothing to say), and
    whether the office named it (--plan or the settings file), so that ``validate`` checks
    reports against it even when its paths hold another plan."""

    path: Path
    note: str | None = None
    named: bool = False


def choose_plan(given: str | None, reports: str | None = None) -> Choice:
    """The plan: --plan, else the settings file's ``plan`` (which must be there: exit 1 at its
    place), else the one plan in ``plans/`` or the one whose year the reports name (``reports``:
    the reports folder, None for the office's), else the shipped plan when there is no
    ``plans/`` folder at all; two candidates or none in ``plans/`` is a usage error."""
    if given is not None:
        return Choice(Path(given), named=True)
    here = office()
    named = here.path("plan")
    if named is not None and here.file is not None:  # a path is named only by a settings file
        try:
            os.stat(named)
        except (FileNotFoundError, NotADirectoryError):
            from .speak import fail

            fail([here.file.problem("plan", "settings-plan",
                                    f"設置的計劃文件 {named} 不存在（相對路徑從 {here.file.path} 所在的文件夾算起）")])
        except (OSError, ValueError):
            pass  # reading it says why it cannot be read
        return Choice(named, named=True)
    return _discovered(here.folder / PLANS, Path(reports) if reports is not None else _office_reports(here))


def _office_reports(here: Office) -> Path:
    return here.path("reports") or here.folder / REPORTS


def _discovered(plans: Path, reports: Path) -> Choice:
    from ..core.resources import shipped_plan

    try:
        folder = stat.S_ISDIR(os.stat(plans).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        folder = False
    except (OSError, ValueError) as exc:  # there, but not to be looked in: said, never another plan taken
        _unreadable(plans, exc)
    if not folder:
        shipped = shipped_plan()
        return Choice(shipped, f"注意：沒有 {plans}/ 文件夾，也沒有 jxplan.toml 指明計劃，使用 jxplan 隨附的計劃文件 {shipped}")
    files = _plan_files(plans)
    if len(files) == 1:  # the one file: taken as it is (reading it says if it is no plan)
        return Choice(files[0])
    candidates = [c for c in map(_candidate, files) if c is not None]
    if len(candidates) == 1:  # beside files that are no plans (a units list)
        return Choice(candidates[0][0])
    years = report_years(reports)
    matching = [path for path, year in candidates if year in years]
    unknown = [path for path, year in candidates if year is None]
    if len(matching) == 1 and not unknown:
        return Choice(matching[0], f"注意：{plans}/ 中有 {len(candidates)} 個計劃文件，"
                                   f"按報告的年度（{'、'.join(map(str, sorted(years)))}）使用 {matching[0]}")
    _unclear(plans, candidates, reports, years)


def _plan_files(plans: Path) -> list[Path]:
    """The .yaml and .yml files directly in ``plans`` (hidden ones aside), in name order."""
    try:
        with os.scandir(plans) as entries:
            names: list[str] = []
            for entry in entries:
                if len(names) > MAX_CANDIDATES:
                    break
                if (not entry.name.startswith((".", "~$")) and entry.name.lower().endswith(PLAN_SUFFIXES)
                        and entry.is_file()):
                    names.append(entry.name)
    except OSError as exc:
        _unreadable(plans, exc)
    return [plans / name for name in sorted(names)]


def _candidate(path: Path) -> tuple[Path, int | None] | None:
    """(path, the plan's year) for a file that is a plan (top-level ``version`` and
    ``units``), (path, None) for one that cannot be read or parsed (it may be the plan), and
    None for a file that is something else (a units list, a report)."""
    from .. import read as sources
    from ..read.discover import PLAN_MAX_BYTES

    raw, problem = sources.read_capped(path, PLAN_MAX_BYTES)
    if raw is None:
        return path, None
    doc, _ = sources.parse(raw, str(path))
    if doc is None:
        return path, None
    data = doc.data
    if not isinstance(data, dict) or not {"version", "units"} <= data.keys():
        return None
    year = data.get("year")
    return path, (year if type(year) is int else None)


_YEAR_FOLDER = re.compile(r"^\d{4}$")
_YEAR_LINE = re.compile(rb"^year\s*:\s*[\"']?(\d{4})[\"']?\s*(?:#.*)?$", re.M)


def report_years(folder: Path) -> set[int]:
    """The years the reports in ``folder`` name: its ``YYYY`` folders, else the ``year:`` line
    of each YAML report below it (read, never parsed); empty when it is not there."""
    try:
        with os.scandir(folder) as entries:
            years = {int(e.name) for e in entries if _YEAR_FOLDER.match(e.name) and e.is_dir()}
    except (OSError, ValueError):
        return set()
    if years:
        return years
    from .. import read as sources
    from ..read.discover import REPORT_MAX_BYTES, find

    files, _ = find([str(folder)])
    for f in files:
        if f.lower().endswith(PLAN_SUFFIXES):
            raw, _ = sources.read_capped(f, REPORT_MAX_BYTES)
            years |= {int(m.group(1)) for m in _YEAR_LINE.finditer(raw or b"")}
    return years


def _unclear(plans: Path, candidates: list[tuple[Path, int | None]], reports: Path, years: set[int]) -> NoReturn:
    from .speak import usage

    how = "請用 --plan 指明計劃文件，或在 jxplan.toml 中寫 plan = \"…\""
    if not candidates:
        usage(f"{plans}/ 中沒有計劃文件（最上層有 version 和 units 的 .yaml 或 .yml 文件）；{how}", "--plan")
    listed = "、".join(f"{p}（{f'{y} 年' if y is not None else '讀不出年度'}）" for p, y in candidates)
    if not years:
        why = f"報告文件夾 {reports} 中沒有說明年度的報告"
    else:
        said = "、".join(map(str, sorted(years)))
        matching = [p for p, y in candidates if y in years]
        why = (f"報告文件夾 {reports} 中的報告屬於 {said} 年" + ("，沒有這一年的計劃" if not matching else
                                                       "，有不止一個可能的計劃"))
    usage(f"{plans}/ 中有 {len(candidates)} 個計劃文件：{listed}；{why}，不能確定用哪一個。{how}", "--plan")


def _unreadable(plans: Path, exc: OSError | ValueError) -> NoReturn:
    """Exit 1: the folder is there but cannot be looked in (a ValueError: a name the system
    refuses, said as its EINVAL rather than as a traceback)."""
    from ..read import unreadable
    from .speak import fail

    fail([unreadable(str(plans), exc if isinstance(exc, OSError) else OSError(errno.EINVAL, str(exc)), "文件夾")])
