"""The printed consult note: one page, vector, on A4 or US Letter.

``desktop.report.content`` decides what the note says; this module only lays it out. The
same ``render_note`` draws onto a ``QPdfWriter`` (``netlm-risk report``, Export PDF…) and
onto a ``QPrinter`` (Print… with a preview), so the paper note and the PDF are one thing.

Rendering choices, measured on this stack (design/architecture.md):
* the device resolution is set to 96 dpi: pyqtgraph sizes its text and pens for 96-dpi
  pixels, and at 300 dpi they come out about three times wrong. 96 dpi is still vector:
  the PDF holds paths and text, only the unit of the coordinates changes;
* the survival plot is ``SurvivalPlot(style=PRINT)`` (the application's own plot),
  drawn with ``QGraphicsScene.render`` into the page, so the curves are vector paths;
* text is laid out by ``QTextDocument`` (word wrap, breaking long words anywhere, and
  font fallback for any script, e.g. CJK from Noto CJK), and the layout shrinks the type a
  little rather than ever spilling onto a second page.

The module is long because a page is laid out as a whole: the blocks, the plot, the rules,
the fit to one page and the appendix pages depend on each other's sizes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6 import QtCore, QtGui

from desktop.qt.fonts import uncovered_characters
from desktop.report.content import Note, build_note
from desktop.report.font_hint import PLACEHOLDER, script_of, with_placeholders
from desktop.report.sections import Section, Table

PAPERS = {"a4": QtGui.QPageSize.PageSizeId.A4, "letter": QtGui.QPageSize.PageSizeId.Letter}
# CLDR supplemental data, <paperSize type="US-Letter">: every other territory uses A4.
LETTER_TERRITORIES = {"BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"}
RESOLUTION_DPI = 96
MARGIN_MM = 15.0

_GAP_MM = 2.6
_MIN_SCALE = 0.7


# ------------------------------------------------------------------ paper


def default_paper(locale: QtCore.QLocale | None = None) -> str:
    """'letter' where the locale's territory prints on US Letter, otherwise 'a4'."""
    locale = locale or QtCore.QLocale.system()
    code = QtCore.QLocale.territoryToCode(locale.territory())
    return "letter" if code in LETTER_TERRITORIES else "a4"


def paper_of(layout: QtGui.QPageLayout) -> str:
    return "letter" if layout.pageSize().id() == PAPERS["letter"] else "a4"


def page_layout(paper: str) -> QtGui.QPageLayout:
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)} (got {paper!r})")
    margins = QtCore.QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QtGui.QPageLayout(QtGui.QPageSize(PAPERS[paper]), QtGui.QPageLayout.Orientation.Portrait, margins,
                             QtGui.QPageLayout.Unit.Millimeter)


# ------------------------------------------------------------------ text blocks


_CSS = """
h2 { font-weight: bold; margin-top: 0px; margin-bottom: 2px; }
p { margin-top: 0px; margin-bottom: 2px; }
table { border-collapse: collapse; }
td, th { border: 0.5px solid #7a7a7a; }
th { background-color: #e4e4e4; font-weight: bold; text-align: left; }
.small { color: #1a1a1a; }
.muted { color: #333333; }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=False)


@dataclass
class _Style:
    """Point sizes at layout scale 1.0 (the layout shrinks them together if space runs out)."""

    scale: float = 1.0

    def pt(self, size: float) -> float:
        return size * self.scale

    @property
    def body(self) -> float:
        return self.pt(8.6)

    @property
    def small(self) -> float:
        return self.pt(7.3)


def note_font(point_size: float) -> QtGui.QFont:
    """The application's sans-serif at ``point_size``, without ligatures, so that text copied
    or extracted from the PDF reads "benefit", not "bene\ufb01t"."""
    font = QtGui.QFont(QtGui.QGuiApplication.font())
    font.setPointSizeF(point_size)
    font.setFeature(QtGui.QFont.Tag.fromString("liga"), 0)
    return font


class _Block:
    """One rich-text block laid out at a fixed width on the target device."""

    def __init__(self, body: str, width: float, point_size: float, device: QtGui.QPaintDevice,
                 indent_mm: float | None = None):
        self.doc = QtGui.QTextDocument()
        self.doc.documentLayout().setPaintDevice(device)
        self.doc.setDocumentMargin(0)
        if indent_mm is not None:
            self.doc.setIndentWidth(indent_mm * device.logicalDpiX() / 25.4)
        self.doc.setDefaultFont(note_font(point_size))
        option = QtGui.QTextOption()
        option.setWrapMode(QtGui.QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.doc.setDefaultTextOption(option)
        self.doc.setDefaultStyleSheet(_CSS)
        self.doc.setHtml(body)
        self.doc.setTextWidth(width)
        self.width = width

    @property
    def height(self) -> float:
        return self.doc.size().height()

    def draw(self, painter: QtGui.QPainter, x: float, y: float) -> None:
        painter.save()
        painter.translate(x, y)
        self.doc.drawContents(painter)
        painter.restore()


def _table_html(table: Table, widths: list[int] | None = None, cellpadding: int = 2) -> str:
    out = [f'<table width="100%" cellspacing="0" cellpadding="{cellpadding}" border="0.5">', "<tr>"]
    for i, column in enumerate(table.columns):
        width = f' width="{widths[i]}%"' if widths else ""
        out.append(f"<th{width}>{_e(column)}</th>")
    out.append("</tr>")
    for row in table.rows:
        out.append("<tr>" + "".join(f"<td>{_e(str(cell))}</td>" for cell in row) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _lead_in(paragraph: str) -> str:
    """'Heading: text' with the heading in bold (short headings only)."""
    head, sep, rest = paragraph.partition(": ")
    if sep and 0 < len(head) <= 50:
        return f"<b>{_e(head)}:</b> {_e(rest)}"
    return _e(paragraph)


def section_html(section: Section, style: _Style, widths: list[int] | None = None, bullets: bool = False,
                 title: bool = True, lead_in: bool = False) -> str:
    """A generic Section (title, paragraphs, table, footnotes) as rich text."""
    parts = []
    if title and section.title:
        parts.append(f'<h2 style="font-size:{style.pt(9.6):.2f}pt">{_e(section.title)}</h2>')
    if section.table is not None:
        parts.append(_table_html(section.table, widths))
    if bullets and section.paragraphs:
        parts.append('<ul style="-qt-list-indent:1; margin-top:0px; margin-bottom:0px">'
                     + "".join(f"<li>{_e(p)}</li>" for p in section.paragraphs) + "</ul>")
    else:
        parts += [f"<p>{_lead_in(p) if lead_in and i else _e(p)}</p>" for i, p in enumerate(section.paragraphs)]
    if section.footnotes:
        parts.append(f'<p class="small" style="font-size:{style.small:.2f}pt; margin-top:2px">'
                     + "<br/>".join(_e(f) for f in section.footnotes) + "</p>")
    return "".join(parts)


def _header_html(note: Note, style: _Style) -> str:
    h = note.header
    patient = _e(h.patient_text)
    missing = uncovered_characters(h.patient_label)
    if missing:  # never silent boxes for a patient's name: a placeholder, and why
        scripts = ", ".join(dict.fromkeys(script_of(c) for c in missing))
        patient = (_e(with_placeholders(h.patient_text, missing)) + f' <span style="font-size:{style.small:.2f}pt">'
                   f"({PLACEHOLDER} = a character of the label that no font on this computer can draw: {_e(scripts)})</span>")
    if not (h.patient_label or "").strip():  # room to write the name or record number by hand
        patient = "_" * 34 + f' <span style="font-size:{style.small:.2f}pt">{patient}</span>'
    return (
        f'<p style="font-size:{style.pt(13.0):.2f}pt; font-weight:bold; margin-bottom:1px">{_e(h.title)}</p>'
        f'<p style="font-size:{style.pt(9.4):.2f}pt; margin-bottom:3px">{_e(h.subtitle)}</p>'
        f'<p style="font-size:{style.pt(10.5):.2f}pt; margin-bottom:2px"><b>Patient:</b> {patient}</p>'
        f'<p style="font-size:{style.small:.2f}pt">Date {_e(h.date_text)} &nbsp;·&nbsp; netlm-risk {_e(h.app_version)}'
        f" &nbsp;·&nbsp; {_e(h.model_name)}, parameters v{_e(h.model_version)}, sha256 {_e(h.params_sha256_short)}</p>"
    )


def _citation_html(note: Note, style: _Style) -> str:
    return (f'<p style="font-size:{style.small:.2f}pt"><b>{_e(note.citation.title)}.</b> '
            + " ".join(_e(t) for t in note.citation.paragraphs + note.citation.footnotes) + "</p>")


def _limitations_block(note: Note, style: _Style, width: float, device: QtGui.QPaintDevice) -> "_Block":
    return _Block(section_html(note.limitations, style, bullets=True), width, style.pt(7.4), device, indent_mm=3.5)


def _footer_block(note: Note, page: int, pages: int, width: float, device: QtGui.QPaintDevice) -> "_Block":
    """Version and full parameter hash on the left, the page number on the right."""
    h = note.header
    return _Block('<table width="100%" cellspacing="0" cellpadding="0"><tr>'
                  f'<td class="muted" style="border-style:none">netlm-risk {_e(h.app_version)} · model parameters '
                  f"sha256 {_e(h.params_sha256)}</td>"
                  f'<td class="muted" style="border-style:none" align="right">page {page} of {pages}</td></tr></table>',
                  width, 6.6, device)


# ------------------------------------------------------------------ the plot


def _plot_widget(prediction, width: float, height: float):
    """The application's plot in print mode, laid out at ``width`` x ``height`` 96-dpi pixels."""
    from desktop.qt.plot_style import PRINT
    from desktop.qt.plots import SurvivalPlot

    plot = SurvivalPlot(style=PRINT)
    plot.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    plot.resize(int(round(width)), int(round(height)))
    plot.show_prediction(prediction)
    # on paper every tick label counts: pad the ranges enough that the labels at the ends
    # (0%, 100%, 15 years) fit inside the axes, which pyqtgraph requires to draw them
    plot.plot.setXRange(0, float(prediction.overall_survival.months[-1]), padding=0.035)
    plot.plot.setYRange(0, 100, padding=0.05)
    plot.ci.setGeometry(QtCore.QRectF(0, 0, width, height))
    QtCore.QCoreApplication.processEvents()
    _wrap_text_inside(plot)
    return plot


def _wrap_text_inside(plot) -> None:
    """Wrap any text label that would run past the right edge of the plot area.

    On the page the plot is smaller than on screen, so a label placed for the screen can
    overhang the plot area, which clips it.
    """
    import pyqtgraph as pg

    area = plot.plot.vb.sceneBoundingRect()
    for item in plot.plot.items:
        if not isinstance(item, pg.TextItem) or not item.isVisible():
            continue
        rect = item.sceneBoundingRect()
        room = area.right() - rect.left() - 4.0
        if rect.right() > area.right() and room > 40.0:
            item.setTextWidth(room)


def _paint_scene(plot, painter: QtGui.QPainter, target: QtCore.QRectF) -> None:
    scene = plot.scene()
    source = plot.ci.sceneBoundingRect()
    items = [i for i in scene.items() if hasattr(i, "setExportMode")]
    options = {"antialias": True, "background": QtGui.QColor("white"), "painter": painter, "resolutionScale": 1.0}
    for item in items:
        item.setExportMode(True, options)
    try:
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        painter.setClipRect(target)
        scene.render(painter, target, source, QtCore.Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.restore()
    finally:
        for item in items:
            item.setExportMode(False, options)


def _render_plot(painter: QtGui.QPainter, rect: QtCore.QRectF, prediction, device_dpi: float,
                 text_scale: float) -> None:
    """Draw the application's plot (print mode) into ``rect``.

    The plot is laid out at a virtual size larger than ``rect`` (in 96-dpi pixels) and scaled
    down, which brings pyqtgraph's print-mode type (11-12 pt) to the note's body size while
    cosmetic pens keep their printed width. On a 96-dpi device (our QPdfWriter, and a
    QPrinter set to 96 dpi) the curves stay vector paths. A device that refused 96 dpi (some
    native print engines) gets a 300-dpi image of the same plot instead, because pyqtgraph's
    text is wrong at any other resolution.
    """
    virtual = 1.38 / max(text_scale, 0.5)
    to96 = RESOLUTION_DPI / device_dpi
    width, height = rect.width() * to96 * virtual, rect.height() * to96 * virtual
    plot = _plot_widget(prediction, width, height)
    try:
        if abs(device_dpi - RESOLUTION_DPI) < 0.5:
            _paint_scene(plot, painter, rect)
            return
        pixel_ratio = 300.0 / RESOLUTION_DPI / virtual  # 300 dpi at the printed size
        image = QtGui.QImage(int(width * pixel_ratio), int(height * pixel_ratio),
                             QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(pixel_ratio)
        image.fill(QtGui.QColor("white"))
        image_painter = QtGui.QPainter(image)
        try:
            _paint_scene(plot, image_painter, QtCore.QRectF(0, 0, width, height))
        finally:
            image_painter.end()
        painter.drawImage(rect, image)
    finally:
        plot.hide()
        plot.deleteLater()
        # outside a running event loop (the CLI, tests) deleteLater alone would never happen
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)


# ------------------------------------------------------------------ page layout


@dataclass
class _Page:
    blocks: list[tuple[_Block, float, float]]  # block, x, y
    plot_rect: QtCore.QRectF | None  # None: no plot (no estimate for this patient)
    rules: list[float]  # y of thin horizontal rules
    fits: bool
    scale: float


def _mm(device: QtGui.QPaintDevice, mm: float) -> float:
    return mm * device.logicalDpiY() / 25.4


PLOT_KEY = ("Lines: the estimate (solid with circles: overall survival; dashed with squares: progression-free "
            "survival; markers at 1, 2, 5, 10 and 15 years). Hatched: the 95% range. Dotted and paler: extrapolated "
            "beyond the study's follow-up.")


def _layout_page(note: Note, device: QtGui.QPaintDevice, scale: float, pages: int = 1) -> _Page:
    style = _Style(scale)
    width, height = float(device.width()), float(device.height())
    gap = _mm(device, _GAP_MM) * (0.6 + 0.4 * scale)
    column_gap = _mm(device, 6.0)
    half = (width - column_gap) / 2
    blocks: list[tuple[_Block, float, float]] = []
    rules: list[float] = []
    y = 0.0

    def full(body: str, size: float) -> _Block:
        return _Block(body, width, size, device)

    def stack(block: _Block, after: float = 0.0) -> None:
        """``block`` across the page at ``y``; what follows starts ``after`` below it."""
        nonlocal y
        blocks.append((block, 0.0, y))
        y += block.height + after

    stack(full(_header_html(note, style), style.body), gap * 0.6)
    rules.append(y)
    y += gap * 0.8

    if note.alerts is not None:
        stack(full(_alert_html(note.alerts, style), style.pt(9.0)), gap)
    if not note.applicable:
        return _layout_no_estimate(note, device, style, blocks, rules, y, gap, pages)

    stack(full(_model_is_not_html(note), style.pt(8.0)), gap)

    inputs = _Block(section_html(Section(note.inputs.title, table=note.inputs.table), style, widths=[35, 28, 37]),
                    half, style.pt(8.2), device)
    survival = _Block(section_html(note.survival, style, widths=[20, 40, 40]), half, style.pt(8.2), device)
    blocks += [(inputs, 0.0, y), (survival, half + column_gap, y)]
    y += max(inputs.height, survival.height) + gap * 0.5
    for paragraph in note.inputs.paragraphs:  # optional inputs not used by the model
        stack(full(f"<p>{_lead_in(paragraph)}</p>", style.small))
    if note.inputs.footnotes:
        stack(full(f'<p style="font-size:{style.small:.2f}pt"><b>Notes on the inputs.</b> '
                   + " ".join(_e(f) for f in note.inputs.footnotes) + "</p>", style.small))
    y += gap

    plot_width = width * 0.55
    patient = _Block(section_html(note.patient, style), width - plot_width - column_gap, style.pt(8.4), device)
    key = _Block(f"<p>{_e(PLOT_KEY)}</p>", plot_width, style.pt(6.9), device)
    row_top = y
    below = [
        full(section_html(note.clinical, style, lead_in=True), style.pt(8.1)),
        _limitations_block(note, style, width, device),
        full(_citation_html(note, style), style.small),
    ]
    footer = _footer_block(note, 1, pages, width, device)
    footer_top = height - footer.height
    bottom = footer_top - gap  # the last block ends above the footer's rule
    below_h = sum(b.height for b in below) + gap * len(below)  # a gap above each block
    # the plot takes what the text leaves, within sensible proportions
    available = bottom - below_h - row_top - key.height
    min_plot, max_plot = plot_width * 0.48, plot_width * 0.72
    plot_h = min(max(available, min_plot), max_plot)
    row_h = max(plot_h + key.height, patient.height)
    plot_rect = QtCore.QRectF(0.0, row_top, plot_width, plot_h)
    blocks += [(key, 0.0, row_top + plot_h), (patient, plot_width + column_gap, row_top)]
    y = row_top + row_h
    for block in below:
        y += gap
        stack(block)
    blocks.append((footer, 0.0, footer_top))
    rules.append(footer_top - gap * 0.5)
    fits = y <= bottom + 0.5
    return _Page(blocks, plot_rect, rules, fits, scale)


def _alert_html(section: Section, style: _Style) -> str:
    """A boxed, bold heading and text: what a reader must not miss (thick border, reads in greyscale)."""
    return ('<table width="100%" cellspacing="0" cellpadding="6" border="2.5" style="border-color:#000000">'
            f'<tr><td><p style="font-size:{style.pt(12.5):.2f}pt; font-weight:bold; margin-bottom:3px">'
            f"⚠ {_e(section.title)}</p>"
            + "".join(f"<p>{_e(p)}</p>" for p in section.paragraphs) + "</td></tr></table>")


def _model_is_not_html(note: Note) -> str:
    return ('<table width="100%" cellspacing="0" cellpadding="3" border="0.8" style="background-color:#f0f0f0">'
            f'<tr><td><b>{_e(note.model_is_not.title)}:</b> {_e(note.model_is_not.paragraphs[0])}</td></tr>'
            "</table>")


def _layout_no_estimate(note: Note, device, style: _Style, blocks: list, rules: list, y: float, gap: float,
                        pages: int) -> _Page:
    """The note for a patient the model cannot speak for: why, the inputs, the model's scope; no plot."""
    width, height = float(device.width()), float(device.height())
    below = [
        _Block(_alert_html(note.no_estimate, style), width, style.pt(10.0), device),
        _Block(section_html(note.inputs, style, widths=[30, 35, 35]), width, style.pt(8.6), device),
        _Block(_model_is_not_html(note), width, style.pt(8.0), device),
        _limitations_block(note, style, width, device),
        _Block(_citation_html(note, style), width, style.small, device),
    ]
    for block in below:
        blocks.append((block, 0.0, y))
        y += block.height + gap
    footer = _footer_block(note, 1, pages, width, device)
    footer_top = height - footer.height
    blocks.append((footer, 0.0, footer_top))
    rules.append(footer_top - gap * 0.5)
    return _Page(blocks, None, rules, y - gap <= footer_top - gap + 0.5, style.scale)


def largest_fitting(layout, min_scale: float, steps: int):
    """``layout(scale)`` at the largest type scale (at most 1) at which it ``fits`` its page
    (bisection in ``steps`` steps; at ``min_scale`` when nothing fits)."""
    page = layout(1.0)
    if page.fits:
        return page
    low, high = min_scale, 1.0
    best = layout(low)
    for _ in range(steps):
        middle = (low + high) / 2
        trial = layout(middle)
        if trial.fits:
            low, best = middle, trial
        else:
            high = middle
    return best


def _draw_rules(painter: QtGui.QPainter, rules: list[float], width: float) -> None:
    pen = QtGui.QPen(QtGui.QColor("#555555"))
    pen.setWidthF(0.8)
    painter.save()
    painter.setPen(pen)
    for y in rules:
        painter.drawLine(QtCore.QPointF(0.0, y), QtCore.QPointF(width, y))
    painter.restore()


class _Appendix:
    """Extra sections flowed over as many further pages as they need (QTextDocument pagination)."""

    def __init__(self, note: Note, sections: list[Section], device: QtGui.QPaintDevice):
        style = _Style(1.0)
        self.width, height = float(device.width()), float(device.height())
        self.body_height = height - _footer_block(note, 1, 1, self.width, device).height - _mm(device, 4.0)
        heading = (f'<p style="font-size:{style.pt(11):.2f}pt; font-weight:bold; margin-bottom:4px">'
                   f"Appendix · {_e(note.header.patient_text)}</p>")
        body = heading + "".join(f'<div style="margin-bottom:8px">{section_html(s, style)}</div>' for s in sections)
        self.block = _Block(body, self.width, style.body, device)
        self.block.doc.setPageSize(QtCore.QSizeF(self.width, self.body_height))
        self.pages = self.block.doc.pageCount()

    def draw(self, painter: QtGui.QPainter, device, note: Note, first_page: int, total: int) -> None:
        for i in range(self.pages):
            if not device.newPage():
                raise OSError("the printer refused a new page")
            top = i * self.body_height
            painter.save()
            painter.translate(0, -top)
            self.block.doc.drawContents(painter, QtCore.QRectF(0, top, self.width, self.body_height))
            painter.restore()
            footer = _footer_block(note, first_page + i, total, self.width, device)
            footer.draw(painter, 0.0, float(device.height()) - footer.height)


def render_note(device: QtGui.QPagedPaintDevice, prediction, note: Note | None = None,
                appendix: list[Section] | None = None) -> int:
    """Draw the consult note onto a QPdfWriter or QPrinter whose page layout is set; returns pages.

    The note is one page; ``appendix`` sections, when given, follow on further pages.
    """
    note = note or build_note(prediction)
    extra = _Appendix(note, appendix, device) if appendix else None
    total = 1 + (extra.pages if extra else 0)
    page = largest_fitting(lambda scale: _layout_page(note, device, scale, total), _MIN_SCALE, 5)
    painter = QtGui.QPainter()
    if not painter.begin(device):
        raise OSError("cannot start drawing on the output device")
    try:
        for block, x, y in page.blocks:
            block.draw(painter, x, y)
        _draw_rules(painter, page.rules, float(device.width()))
        if page.plot_rect is not None:
            _render_plot(painter, page.plot_rect, prediction, device.logicalDpiY(), page.scale)
        if extra:
            extra.draw(painter, device, note, 2, total)
    finally:
        painter.end()
    return total


# ------------------------------------------------------------------ PDF in memory


def pdf_bytes(paper: str, title: str, creator: str, render) -> bytes:
    """What ``render(writer)`` draws on ``paper``, as PDF bytes (in memory: nothing touches the disk)."""
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = QtGui.QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(page_layout(paper))
    writer.setTitle(title)
    writer.setCreator(creator)
    render(writer)
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(buffer.data())


def note_pdf_bytes(prediction, paper: str, note: Note | None = None, appendix: list[Section] | None = None) -> bytes:
    """The consult note as PDF bytes."""
    note = note or build_note(prediction)
    title = f"{note.header.title} — {note.header.patient_text}"
    return pdf_bytes(paper, title, f"netlm-risk {note.header.app_version}",
                     lambda writer: render_note(writer, prediction, note, appendix))


# ------------------------------------------------------------------ printing


def prepare_printer(printer, paper: str | None = None) -> None:
    """96 dpi (see the module notes) and our margins; keep the printer's paper if it is A4 or Letter."""
    printer.setResolution(RESOLUTION_DPI)
    current = printer.pageLayout().pageSize().id()
    if paper is None:
        paper = paper_of(printer.pageLayout()) if current in PAPERS.values() else default_paper()
    printer.setPageLayout(page_layout(paper))
