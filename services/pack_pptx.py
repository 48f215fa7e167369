"""The pack as PPTX (python-pptx): native, editable tables and charts; the map as a picture."""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Inches, Pt

from domain import briefing as B
from services.briefing import BriefingContent
from services.pack_slides import ANALYSIS, COVER, Chart, Image, Slide, Table, Text

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.4)
TOP = Inches(1.15)
BOTTOM = Inches(0.5)
DARK = RGBColor(0x0A, 0x0A, 0x0A)
BLUE = RGBColor(0x0B, 0x3D, 0x91)
ORANGE = RGBColor(0xD5, 0x5E, 0x00)
RED = RGBColor(0x8B, 0x1A, 0x1A)


def _text(slide, left, top, width, height, lines, size, *, bold_first=False, colour=DARK, bold=False):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.color.rgb = colour
        run.font.bold = bold or (bold_first and i == 0)
    return box


def _table(slide, block: Table, left, top, width, height):
    shape = slide.shapes.add_table(len(block.rows) + 1, len(block.header), left, top, width,
                                   min(height, Emu(int(Pt(block.size * 2.1)) * (len(block.rows) + 1))))
    table = shape.table
    total = sum(block.widths)
    for i, w in enumerate(block.widths):
        table.columns[i].width = Emu(int(width * w / total))
    for r, row in enumerate((block.header, *block.rows)):
        for col, value in enumerate(row):
            cell = table.cell(r, col)
            cell.text = value
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(block.size)
                    run.font.bold = r == 0


def _chart(slide, block: Chart, left, top, width, height):
    data = CategoryChartData()
    data.categories = list(block.categories)
    for name, values in block.series:
        data.add_series(name, list(values))
    chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, left, top, width, height, data).chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    chart.font.size = Pt(16)
    for plot_series, colour in zip(chart.plots[0].series, (BLUE, ORANGE)):
        plot_series.format.line.color.rgb = colour
        plot_series.format.line.width = Pt(3.5)


def _blocks(slide, blocks, images, left, top, width, height):
    y = top
    for block in blocks:
        remaining = top + height - y
        if isinstance(block, Text):
            box_h = min(remaining, Pt(block.size * 1.5) * max(1, len(block.lines)))
            _text(slide, left, y, width, box_h, block.lines, block.size, bold_first=block.bold_first)
        elif isinstance(block, Table):
            box_h = min(remaining, Emu(int(Pt(block.size * 2.1)) * (len(block.rows) + 1)))
            _table(slide, block, left, y, width, box_h)
        elif isinstance(block, Image):
            picture = slide.shapes.add_picture(io.BytesIO(images[block.key]), left, y, height=remaining)
            if picture.width > width:   # keep the aspect ratio inside the column
                ratio = width / picture.width
                picture.width, picture.height = int(width), int(picture.height * ratio)
            box_h = picture.height
        elif isinstance(block, Chart):
            box_h = remaining
            _chart(slide, block, left, y, width, box_h)
        else:
            raise TypeError(f"blok tidak dikenal: {block!r}")
        y += box_h + Inches(0.15)


def _frame(slide, s: Slide, content: BriefingContent, number: int, total: int) -> None:
    marking = B.classification_label(content.classification)
    _text(slide, WIDTH - Inches(3.2), Inches(0.1), Inches(2.9), Inches(0.4), (marking,), 14, colour=RED, bold=True)
    footer = f"{content.scope_name} · {content.period_text} · {B.COVER_AS_OF} {content.as_of_text}"
    if content.demo:
        footer += " · " + B.DEMO_NOTE
    _text(slide, MARGIN, HEIGHT - BOTTOM, Inches(10.5), Inches(0.4), (footer,), 11)
    _text(slide, WIDTH - Inches(1.6), HEIGHT - BOTTOM, Inches(1.3), Inches(0.4),
          (B.SLIDE_NUMBER.format(n=number, total=total),), 12, bold=True)
    if s.kind != COVER:
        label = B.ANALYSIS_LABEL if s.kind == ANALYSIS else B.FACT_LABEL
        _text(slide, MARGIN, Inches(0.1), Inches(8), Inches(0.35), (label,), 12,
              colour=ORANGE if s.kind == ANALYSIS else BLUE, bold=True)
        _text(slide, MARGIN, Inches(0.4), Inches(12.3), Inches(0.7), (s.title,), 30, bold=True)


def render_pptx(content: BriefingContent, slides: list[Slide], images: dict[str, bytes]) -> bytes:
    """The slides as a PPTX file (bytes)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    blank = deck.slide_layouts[6]
    for number, s in enumerate(slides, 1):
        slide = deck.slides.add_slide(blank)
        _frame(slide, s, content, number, len(slides))
        if s.kind == COVER:
            _text(slide, MARGIN, Inches(0.9), Inches(12.5), Inches(1.0), (s.title,), 40, colour=RED, bold=True)
            _blocks(slide, s.left, images, MARGIN, Inches(2.0), Inches(12.5), Inches(4.8))
            continue
        usable_h = HEIGHT - TOP - BOTTOM - Inches(0.1)
        usable_w = WIDTH - 2 * MARGIN
        if s.right:
            half = (usable_w - Inches(0.3)) / 2
            _blocks(slide, s.left, images, MARGIN, TOP, Emu(int(half)), usable_h)
            _blocks(slide, s.right, images, MARGIN + Emu(int(half)) + Inches(0.3), TOP, Emu(int(half)), usable_h)
        else:
            _blocks(slide, s.left, images, MARGIN, TOP, usable_w, usable_h)
    deck.core_properties.title = f"{B.REPORT_TITLE} — {content.scope_name} — {content.period_text}"
    deck.core_properties.author = content.author
    deck.core_properties.subject = B.classification_label(content.classification)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
