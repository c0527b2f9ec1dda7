"""Reports as files: the HTML the domain renders, printed to PDF with Qt's own text engine.

``QTextDocument`` lays the HTML out (tables, headings, the escaped fields) and
``QPdfWriter`` prints it on A4 pages; nothing outside Qt is needed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from organizer.app.files import file_kinds
from organizer.app.stores import write_atomically

RESOLUTION = 300  # dots per inch in the PDF


def html_to_pdf(html: str, target: Path, title: str = "Daymap") -> None:
    """Print ``html`` to a PDF at ``target`` (written beside it first, then renamed into place)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".pdf", dir=target.parent)
    os.close(handle)
    try:
        writer = QPdfWriter(temporary)
        writer.setResolution(RESOLUTION)
        writer.setTitle(title)
        writer.setCreator("Daymap")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(15, 15, 15, 15),
                QPageLayout.Unit.Millimeter,
            )
        )
        document = QTextDocument()
        font = QFont()
        font.setPointSizeF(8.5)
        document.setDefaultFont(font)
        document.setHtml(html)
        # Lay the text out in points on the printable width: the writer scales points to its dots.
        page = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
        document.setPageSize(QSizeF(page.width(), page.height()))
        document.print_(writer)
        del writer  # flushes and closes the file
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_report(html: str, target: Path, title: str) -> None:
    """A report as PDF (by the name's suffix) or as the HTML page itself."""
    if file_kinds.PDF.matches(target):
        html_to_pdf(html, target, title)
    else:
        write_atomically(target, html.encode("utf-8"))
