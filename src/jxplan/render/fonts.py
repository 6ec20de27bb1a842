"""The fonts a printed document names, and what stands in for each on a machine without it.

GB/T 9704 sets the body in 仿宋, titles in 小標宋, headings in 黑體 and 楷體, page numbers in 宋體:
fonts an office's Windows machines have (仿宋_GB2312, 方正小标宋简体 …) and a Linux machine seldom
does. Each role lists the names those fonts go by, then the closest free fonts Debian packages, then
Noto CJK. The style sheet's font stacks are made from this table (``stacks``), and the PDF's warning
(``warning``) says which role fell to which font, by asking fontconfig, as WeasyPrint does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Role:
    key: str  # the style sheet's name for the stack: fonts.fangsong
    name: str  # as the warning says it
    office: tuple[str, ...]  # the document's own font, by each name it is installed under
    free: dict[str, tuple[str, ...]] = field(default_factory=dict)  # free stand-ins, by the text's language
    noto: str = "Noto Serif CJK"
    generic: str = "serif"


ROLES = (
    # cwTeX 仿宋 (fonts-cwtex-fs) has the Big5 characters only: traditional text alone
    Role("fangsong", "仿宋", ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋"),
         {"zh-Hant": ("cwTeXFangSong",)}),
    Role("xbs", "小標宋", ("方正小标宋简体", "方正小標宋簡體", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05")),
    Role("heiti", "黑體", ("黑体", "SimHei", "STHeiti", "华文黑体"), noto="Noto Sans CJK", generic="sans-serif"),
    # AR PL UKai (fonts-arphic-ukai): a 楷書 in the glyph forms of each script
    Role("kaiti", "楷體", ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "华文楷体"),
         {"zh-Hans": ("AR PL UKai CN",), "zh-Hant": ("AR PL UKai TW",)}),
    Role("songti", "宋體", ("宋体", "SimSun", "NSimSun", "STSong")),
)


def families(role: Role, lang: str) -> list[str]:
    """The role's fonts in the order the style sheet names them for text in ``lang``."""
    cjk = ("SC", "TC") if lang == "zh-Hans" else ("TC", "SC")
    return [*role.office, *role.free.get(lang, ()), *(f"{role.noto} {c}" for c in cjk)]


def stacks(lang: str) -> dict[str, str]:
    """Each role's CSS font-family value, as markup a template puts into its style sheet as it is."""
    from markupsafe import Markup

    return {r.key: Markup(", ".join(f'"{f}"' for f in families(r, lang)) + f", {r.generic}") for r in ROLES}


def _folded(name: str) -> str:
    return "".join(name.split()).casefold()  # fontconfig compares families so


@lru_cache(maxsize=4)
def _installed(config_file: str | None) -> frozenset[str]:
    """Every family name fontconfig knows (keyed by FONTCONFIG_FILE, which chooses what it knows)."""
    from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    names = set()
    try:
        fonts = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
        value = ffi.new("FcChar8 **")
        for i in range(fonts.nfont if fonts != ffi.NULL else 0):
            n = 0
            while fontconfig.FcPatternGetString(fonts.fonts[i], b"family", n, value) == 0:  # FcResultMatch
                names.add(_folded(ffi.string(value[0]).decode("utf-8", "replace")))
                n += 1
    finally:
        fontconfig.FcConfigDestroy(config)
    return frozenset(names)


def installed() -> frozenset[str]:
    return _installed(os.environ.get("FONTCONFIG_FILE"))


def substitutions(lang: str) -> list[tuple[Role, str | None]]:
    """Each role none of whose own fonts is installed, with the font that stands in (the first of its
    stack that is; None: fontconfig's default for the generic family)."""
    have = installed()
    out = []
    for role in ROLES:
        if any(_folded(f) in have for f in role.office):
            continue
        out.append((role, next((f for f in families(role, lang) if _folded(f) in have), None)))
    return out


def warning(lang: str) -> str | None:
    """One line naming each substitution, or None when the document's own fonts are all there."""
    found = substitutions(lang)
    if not found:
        return None
    by_font: dict[str, list[str]] = {}
    for role, font in found:
        by_font.setdefault(font or "系統默認字體", []).append(role.name)
    missing = "、".join(role.name for role, _ in found)
    instead = "、".join(f"{font}（{'、'.join(names)}）" for font, names in by_font.items())
    # (the fonts' own names are not listed: the message is put into the script asked for, and 方正小标宋简体
    # in traditional characters is no font's name)
    return f"注意：本機沒有{missing}，PDF 以 {instead}代替；裝上這些字體後再生成，即按文件的字體排印"
