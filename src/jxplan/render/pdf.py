"""Printed documents as PDF: the HTML bulletin and decomposition laid out by WeasyPrint.

WeasyPrint is made for paged media: @page sizes and margins, margin boxes with page
counters (``— 1 —`` on alternating sides), table headers repeated on each page, rows kept
whole, and fonts embedded as subsets. It is an optional extra (``pip install -e '.[pdf]'``);
it needs the system's Pango library. Nothing is fetched while laying out: the documents
carry their style sheet, an inline ``data:`` picture is decoded in memory, and any address
stops the PDF with a TemplateProblem naming it.
"""

from __future__ import annotations

import re


class PdfUnavailable(Exception):
    """WeasyPrint (or the Pango library it uses) is not installed."""


INSTALL = ("請在 jxplan 的文件夾中執行 .venv/bin/pip install -c constraints.txt -e '.[pdf]' 安裝它"
           "（Debian/Ubuntu 另需 sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk）")


def engine():
    """The weasyprint module, or PdfUnavailable with what to install."""
    try:
        import weasyprint
    except ImportError:
        raise PdfUnavailable(f"輸出 PDF 需要 WeasyPrint，但沒有安裝。{INSTALL}") from None
    except OSError as exc:  # the module is there, a system library it loads is not
        raise PdfUnavailable(f"WeasyPrint 找不到所需的系統庫（{exc}）。{INSTALL}") from None
    return weasyprint


# An inline resource (``data:``: a logo or a seal drawn into an office's template) fetches nothing and is
# taken up to the size a template file may have (1 MB: about 750 KB of picture in base64); any address
# is refused.
MAX_INLINE = 1024 * 1024


class ResourceRefused(Exception):
    """A template asked for a resource the PDF does not take: an address, or an inline one too large or broken."""


def _shown(url: str) -> str:
    """The start of an address as a message can show it: printable, a line at most."""
    head = "".join(c if c.isprintable() else "?" for c in url[:60])
    return head + ("…" if len(url) > 60 else "")


def inline(url: str) -> tuple[str, bytes]:
    """The media type and bytes of a ``data:`` URL (RFC 2397), or ResourceRefused."""
    import base64
    import binascii
    import re
    from urllib.parse import unquote_to_bytes

    if len(url) > MAX_INLINE:
        raise ResourceRefused(f"模板內嵌的資源有 {len(url):,} 個字符（上限 {MAX_INLINE:,}）；請換用較小的圖片")
    header, comma, payload = url[5:].partition(",")
    encoded = header.lower().endswith(";base64")
    kind = (header[:-7] if encoded else header).strip() or "text/plain;charset=US-ASCII"
    try:
        if not comma:
            raise ValueError
        data = unquote_to_bytes(payload)
        if encoded:
            data = base64.b64decode(re.sub(rb"\s", b"", data), validate=True)
    except (ValueError, binascii.Error):
        raise ResourceRefused(f"模板內嵌的資源無法解碼（{_shown(url)}）") from None
    return kind, data


def _fetcher():
    """WeasyPrint's own fetcher class, made to fetch nothing: an inline ``data:`` URL is decoded in
    memory, every other address is refused; either refusal stops the rendering (fail_on_errors)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Refusing(URLFetcher):
        def fetch(self, url, headers=None):
            if url[:5].lower() != "data:":
                raise ResourceRefused(f"PDF 不讀取外部資源（{_shown(url)}）；圖片請以 data: 內嵌在模板中，或刪去這個引用")
            kind, data = inline(url)
            return URLFetcherResponse(url, data, {"Content-Type": kind})

    return Refusing(fail_on_errors=True)


# A run of Latin letters, digits and signs has no place to break a line in it. WeasyPrint wraps such a run
# at the text block's edge (overflow-wrap) by trying it whole, then shorter, line after line: the time
# grows with the square of its length (3,000 characters 0.5 s, 10,000 7 s, three of 80,000 past the
# 60 s limit). A long run is given a break opportunity (a zero-width space) every BREAK_EVERY characters,
# so it is laid out in a time that grows with its length, as Chinese text is.
LONG_RUN, BREAK_EVERY = 32, 16
_TAGS = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(style|script)\b", re.IGNORECASE)
_RUN = re.compile("(?:&#?[0-9A-Za-z]+;|[!-%'-;=?-~\u00a0-\u02ff]){" + str(LONG_RUN + 1) + ",}")
_UNIT = re.compile(r"&#?[0-9A-Za-z]+;|.", re.DOTALL)


def _broken(run: re.Match) -> str:
    units = _UNIT.findall(run.group(0))  # an entity (&amp;) stays whole
    return "\u200b".join("".join(units[i:i + BREAK_EVERY]) for i in range(0, len(units), BREAK_EVERY))


def breakable(html: str) -> str:
    """``html`` with a break opportunity every BREAK_EVERY characters in each long unbroken run of its
    text (not in tags, style sheets or scripts); what it says is unchanged."""
    parts = _TAGS.split(html)
    raw = False
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            raw = bool(_RAW.match(part)) if not part.startswith("</") else False
        elif not raw and len(part) > LONG_RUN:
            parts[i] = _RUN.sub(_broken, part)
    return "".join(parts)


# GB/T 9704 7.5: "公文的版記頁前有空白頁的，空白頁和版記頁均不編排頁碼". The blank page a
# left-page break puts in is unnumbered by the style sheet (@page :blank); whether there is one is known
# only once the pages are laid out, so the 版記 page (id and page name ``imprint``) loses its number in a
# second layout, with UNNUMBERED added, when a blank page came before it. Right after the text it keeps it.
# WeasyPrint takes added style sheets as the user's, below the document's own: hence !important.
IMPRINT = "imprint"
UNNUMBERED = (f"@page {IMPRINT} {{ @bottom-left {{ content: none !important; }} @bottom-right {{ content: none !important; }}"
              " @left-middle { content: none !important; } }")


def after_blank_page(document, anchor: str) -> bool:
    """Whether the page holding the element of id ``anchor`` follows a blank page that a forced break to
    a left or right page put in. WeasyPrint marks such a page in its page type, which is not part of its
    public API: read here only, with getattr, so a version without it numbers the page as before."""
    for i, page in enumerate(document.pages):
        if anchor in page.anchors:
            if i == 0:
                return False
            box = getattr(document.pages[i - 1], "_page_box", None)
            return bool(getattr(getattr(box, "page_type", None), "blank", False))
    return False


def html_to_pdf(html: str, title: str | None = None) -> bytes:
    """A PDF of ``html``, printed on A4 as its style sheet says; a resource it refuses is a
    TemplateProblem (the template asked for it)."""
    from weasyprint.urls import FatalURLFetchingError

    from .templating import TemplateProblem

    weasyprint = engine()
    source = weasyprint.HTML(string=breakable(html), url_fetcher=_fetcher())
    try:
        document = source.render()
        if after_blank_page(document, IMPRINT):  # GB/T 9704 7.5: the 版記 page unnumbered too
            document = source.render(stylesheets=[weasyprint.CSS(string=UNNUMBERED)])
    except FatalURLFetchingError as exc:
        cause = exc.__cause__
        said = str(cause) if isinstance(cause, ResourceRefused) else f"PDF 無法讀取模板引用的資源（{type(cause).__name__}）"
        raise TemplateProblem(said) from None
    if title:
        document.metadata.title = title
    document.metadata.generator = "jxplan"
    return document.write_pdf()
