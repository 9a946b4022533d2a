"""Rendering: fill a .docx template (docxtpl), then the same content as HTML → PDF (WeasyPrint).

The PDF is made from the filled .docx itself (its paragraphs and tables, in order), so the
two files say the same thing, whichever template (shipped or the agency's) was used.
WeasyPrint fetches nothing: its URL fetcher refuses every URL. A CJK font must be installed
(Debian: fonts-noto-cjk, `make fonts`).
"""

from __future__ import annotations

import functools
import html
import io
import shutil
import subprocess
from typing import Any

import jinja2
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate

from yifa.lib.errors import ActionError

PREFERRED_FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "Source Han Sans SC")


class MissingFont(RuntimeError):
    pass


@functools.cache
def cjk_font() -> str:
    """The family name of an installed font covering Chinese (fc-list :lang=zh)."""
    if shutil.which("fc-list") is None:
        raise MissingFont("fc-list not found: install fontconfig and fonts-noto-cjk (make fonts)")
    # fc-list from PATH, as checked just above (S607); fixed arguments, no shell.
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout  # noqa: S607
    families = {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}
    if not families:
        raise MissingFont(
            "未找到中文字体，无法生成 PDF。请安装 fonts-noto-cjk（make fonts）。 / "
            "No CJK font found (fc-list :lang=zh is empty): install fonts-noto-cjk (make fonts)."
        )
    return next((f for f in PREFERRED_FONTS if f in families), sorted(families)[0])


def render_docx(template: bytes, context: dict[str, Any]) -> bytes:
    """Fill the template with `context` (values escaped); a broken template is an ActionError."""
    tpl = DocxTemplate(io.BytesIO(template))
    try:
        tpl.render(context, autoescape=True)
    except jinja2.TemplateError as exc:
        raise ActionError(
            f"文书模板有误：{exc}。", f"The document template is broken: {exc}.", field="template",
        ) from exc
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


# --- .docx → HTML --------------------------------------------------------------------

_ALIGN = {WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.RIGHT: "right", WD_ALIGN_PARAGRAPH.JUSTIFY: "justify"}


def _runs_html(p: Paragraph) -> str:
    parts = []
    for run in p.runs:
        text = html.escape(run.text)
        if not text:
            continue
        style = f' style="font-size:{run.font.size.pt:g}pt"' if run.font.size else ""
        text = f"<b>{text}</b>" if run.bold else text
        parts.append(f"<span{style}>{text}</span>" if style else text)
    return "".join(parts)


def _paragraph_html(p: Paragraph) -> str:
    align = _ALIGN.get(p.alignment) if p.alignment is not None else None
    indent = p.paragraph_format.first_line_indent
    styles = [f"text-align:{align}" if align else "", f"text-indent:{indent.pt:g}pt" if indent else ""]
    style = ";".join(s for s in styles if s)
    return f'<p{f" style={chr(34)}{style}{chr(34)}" if style else ""}>{_runs_html(p) or "&nbsp;"}</p>'


def _table_html(t: Table) -> str:
    rows = []
    for row in t.rows:
        cells = "".join(
            "<td>" + "".join(_paragraph_html(p) for p in cell.paragraphs) + "</td>" for cell in row.cells
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table>{''.join(rows)}</table>"


def docx_to_html(docx: bytes, *, title: str = "") -> str:
    doc = open_docx(io.BytesIO(docx))
    body = []
    for block in doc.iter_inner_content():
        body.append(_table_html(block) if isinstance(block, Table) else _paragraph_html(block))
    font = cjk_font()
    css = (
        "@page { size: A4; margin: 2.5cm 2.6cm; } "
        f"body {{ font-family: '{font}', serif; font-size: 12pt; line-height: 1.6; }} "
        "p { margin: 0 0 0.2em 0; } "
        "table { border-collapse: collapse; width: 100%; } "
        "td { border: 0.6pt solid #000; padding: 3pt 5pt; vertical-align: top; } "
        "td:first-child { width: 22%; }"
    )
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{css}</style></head><body>{''.join(body)}</body></html>"
    )


# --- HTML → PDF ----------------------------------------------------------------------


def _refusing_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):  # type: ignore[misc]
        """Fetch nothing: a document must not reach out to the network (or the disk)."""

        refused: list[str]

        def __init__(self) -> None:
            super().__init__()
            self.refused = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.refused.append(url)
            raise ValueError(f"external resource refused: {url}")

    return RefusingFetcher()


def html_to_pdf(document_html: str, *, fetcher: Any = None) -> bytes:
    from weasyprint import HTML

    pdf = HTML(string=document_html, url_fetcher=fetcher or _refusing_fetcher()).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def docx_to_pdf(docx: bytes, *, title: str = "") -> bytes:
    return html_to_pdf(docx_to_html(docx, title=title))
