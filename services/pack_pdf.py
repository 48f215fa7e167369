"""The pack as PDF (reportlab): the same slides and text as the PPTX, one 16:9 page per slide.

Text is set in DejaVu Sans (shipped inside matplotlib), so every character of Bahasa
Indonesia text and the marks (·, –, →) are embedded and extractable.
"""
from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle
from xml.sax.saxutils import escape

from domain import briefing as B
from services.briefing import BriefingContent
from services.pack_slides import ANALYSIS, COVER, Chart, Image, Slide, Table, Text

W, H = 960.0, 540.0          # points: 13.333 × 7.5 in, as the PPTX
MARGIN, TOP, BOTTOM = 29.0, 83.0, 36.0
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(_FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(_FONT_DIR / "DejaVuSans-Bold.ttf")))


def _style(size: int, bold: bool = False, colour=colors.black) -> ParagraphStyle:
    return ParagraphStyle("s", fontName=BOLD if bold else FONT, fontSize=size, leading=size * 1.25,
                          textColor=colour)


def _text(canvas: Canvas, block: Text, x: float, y: float, width: float) -> float:
    """Draw downwards from ``y`` (top); returns the height used."""
    used = 0.0
    for i, line in enumerate(block.lines):
        paragraph = Paragraph(escape(line) or "&nbsp;", _style(block.size, block.bold_first and i == 0))
        _, h = paragraph.wrap(width, H)
        paragraph.drawOn(canvas, x, y - used - h)
        used += h + 2
    return used


def _table(canvas: Canvas, block: Table, x: float, y: float, width: float) -> float:
    total = sum(block.widths)
    body = [[Paragraph(escape(v), _style(block.size, r == 0)) for v in row]
            for r, row in enumerate((block.header, *block.rows))]
    table = RLTable(body, colWidths=[width * w / total for w in block.widths])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3E8F0")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    _, h = table.wrap(width, H)
    table.drawOn(canvas, x, y - h)
    return h


def _image(canvas: Canvas, png: bytes, x: float, y: float, width: float, height: float) -> float:
    reader = ImageReader(io.BytesIO(png))
    iw, ih = reader.getSize()
    scale = min(width / iw, height / ih)
    canvas.drawImage(reader, x, y - ih * scale, iw * scale, ih * scale)
    return ih * scale


def _blocks(canvas: Canvas, blocks, images, x: float, top: float, width: float, height: float) -> None:
    y = top
    for block in blocks:
        remaining = y - (top - height)
        if isinstance(block, Text):
            used = _text(canvas, block, x, y, width)
        elif isinstance(block, Table):
            used = _table(canvas, block, x, y, width)
        elif isinstance(block, Image):
            used = _image(canvas, images[block.key], x, y, width, remaining)
        elif isinstance(block, Chart):   # the same data as the PPTX's native chart, as a picture
            used = _image(canvas, images[block.image], x, y, width, remaining)
        else:
            raise TypeError(f"blok tidak dikenal: {block!r}")
        y -= used + 10


def _frame(canvas: Canvas, s: Slide, content: BriefingContent, number: int, total: int) -> None:
    canvas.setFont(BOLD, 14)
    canvas.setFillColor(colors.HexColor("#8B1A1A"))
    canvas.drawRightString(W - MARGIN, H - 22, B.classification_label(content.classification))
    canvas.setFillColor(colors.black)
    footer = f"{content.scope_name} · {content.period_text} · {B.COVER_AS_OF} {content.as_of_text}"
    if content.demo:
        footer += " · " + B.DEMO_NOTE
    canvas.setFont(FONT, 10)
    canvas.drawString(MARGIN, 16, footer)
    canvas.setFont(BOLD, 12)
    canvas.drawRightString(W - MARGIN, 16, B.SLIDE_NUMBER.format(n=number, total=total))
    if s.kind != COVER:
        canvas.setFont(BOLD, 12)
        canvas.setFillColor(colors.HexColor("#D55E00" if s.kind == ANALYSIS else "#0B3D91"))
        canvas.drawString(MARGIN, H - 22, B.ANALYSIS_LABEL if s.kind == ANALYSIS else B.FACT_LABEL)
        canvas.setFillColor(colors.black)
        canvas.setFont(BOLD, 28)
        canvas.drawString(MARGIN, H - 60, s.title)


def render_pdf(content: BriefingContent, slides: list[Slide], images: dict[str, bytes]) -> bytes:
    """The slides as a PDF file (bytes), one page each."""
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(W, H), pageCompression=1)
    canvas.setTitle(f"{B.REPORT_TITLE} — {content.scope_name} — {content.period_text}")
    canvas.setAuthor(content.author)
    canvas.setSubject(B.classification_label(content.classification))
    usable_w, usable_h = W - 2 * MARGIN, H - TOP - BOTTOM
    for number, s in enumerate(slides, 1):
        _frame(canvas, s, content, number, len(slides))
        if s.kind == COVER:
            canvas.setFont(BOLD, 40)
            canvas.setFillColor(colors.HexColor("#8B1A1A"))
            canvas.drawString(MARGIN, H - 110, s.title)
            canvas.setFillColor(colors.black)
            _blocks(canvas, s.left, images, MARGIN, H - 150, usable_w, H - 150 - BOTTOM)
        elif s.right:
            half = (usable_w - 20) / 2
            _blocks(canvas, s.left, images, MARGIN, H - TOP, half, usable_h)
            _blocks(canvas, s.right, images, MARGIN + half + 20, H - TOP, half, usable_h)
        else:
            _blocks(canvas, s.left, images, MARGIN, H - TOP, usable_w, usable_h)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
