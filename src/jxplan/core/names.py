"""A near miss of a name, suggested: the one function the command line (``--unit 國土資源局``)
and the checks of a report (``unit: 市國土局``) both use, so a clerk hears the same
是否指「市國土資源局」？ wherever the name was typed."""

from __future__ import annotations

import difflib

from .script import fold


def near(given: str, names: dict[str, str], limit: int = 3) -> list[str]:
    """The names nearest to ``given`` (in either script, width and spacing folded), best first;
    ``names`` maps each name to what it names, and a thing named twice (a short and a full
    name) is suggested once, by the first of its names found."""
    key = fold(given)
    folded = {fold(n): n for n in names}
    close = [folded[k] for k in difflib.get_close_matches(key, list(folded), n=limit, cutoff=0.6)]
    close += [n for k, n in folded.items() if key and key in k and n not in close]
    shown, seen = [], set()
    for n in close:
        if names[n] not in seen:
            seen.add(names[n])
            shown.append(n)
    return shown[:limit]


def did_you_mean(given: str, names: dict[str, str]) -> str:
    """'；是否指「市國土資源局」？' for a near miss, else ''."""
    shown = near(given, names)
    return f"；是否指「{'」或「'.join(shown)}」？" if shown else ""


def unit_names(plan) -> dict[str, str]:
    """Every name a unit of ``plan`` goes by (short name, full name, id), each to its id."""
    names = {u.name: u.id for u in plan.units}
    names.update({u.full_name: u.id for u in plan.units if u.full_name})
    names.update({u.id: u.id for u in plan.units})
    return names
