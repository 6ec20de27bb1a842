"""Printed documents as PDF: the HTML bulletin and decomposition laid out by WeasyPrint.

WeasyPrint is made for paged media: @page sizes and margins, margin boxes with page
counters (``— 1 —`` on alternating sides), table headers repeated on each page, rows kept
whole, and fonts embedded as subsets. It is an optional extra (``pip install -e '.[pdf]'``);
it needs the system's Pango library. Nothing is fetched while laying out: the documents
carry their style sheet, and any other address is refused.
"""

from __future__ import annotations


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


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"不讀取外部資源：{url}")


def html_to_pdf(html: str, title: str | None = None) -> bytes:
    """A PDF of ``html``, printed on A4 as its style sheet says."""
    weasyprint = engine()
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch).render()
    if title:
        document.metadata.title = title
    document.metadata.generator = "jxplan"
    return document.write_pdf()
