"""The patient's take-home sheet on paper: one page, vector, large type.

``desktop.report.patient_sheet`` decides what the sheet says; this module lays it out on a
``QPdfWriter`` (Save patient sheet as PDF…, ``netlm-risk report --patient``) or a ``QPrinter``
(Print for the patient…). Paper, resolution and margins are the consult note's
(``desktop.qt.pdf``): A4 or US Letter from the locale, 96 dpi so the same coordinates serve
both devices, everything drawn as paths and text. The picture of 100 people is painted with
the counselling view's own figures (``desktop.qt.icon_array``), so it reads the same in
colour, in greyscale and to colour-blind readers. If the words need more room than the page
has (a long language, many notes), the type shrinks a little rather than spill onto a
second page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui

from desktop.qt import pdf
from desktop.qt.pdf import _e
from desktop.qt.fonts import printable
from desktop.qt.icon_array import KINDS, paint_people, paint_person
from desktop.qt.viewmodel import printed_prediction
from desktop.report.patient_sheet import Sheet

_MIN_SCALE = 0.72
BODY_PT = 13.0  # the body type at scale 1 (titles and small print scale with it)


@dataclass
class _Item:
    kind: str  # "block", "icons", "swatch", "rule", "box"
    x: float
    y: float
    w: float = 0.0
    h: float = 0.0
    block: pdf._Block | None = None
    key: str = ""


@dataclass
class _Layout:
    items: list[_Item]
    fits: bool
    scale: float
    bottom: float  # where the lowest drawn thing ends (device units)


def _paragraphs(texts: list[str]) -> str:
    return "".join(f'<p style="margin-bottom:4px">{_e(t)}</p>' for t in texts)


def _bullets(texts: list[str]) -> str:
    return ('<ul style="-qt-list-indent:1; margin-top:0px; margin-bottom:0px">'
            + "".join(f'<li style="margin-bottom:3px">{_e(t)}</li>' for t in texts) + "</ul>")


def _heading(text: str, size: float) -> str:
    return f'<p style="font-size:{size:.2f}pt; font-weight:bold; margin-bottom:3px">{_e(text)}</p>'


def _details_table(details: list[tuple[str, str]], columns: int = 3) -> str:
    """Several details to a row (what, then the value under it), so the list takes little height."""
    width = 100 // columns
    cells = [f'<td width="{width}%" style="border-style:none; padding:0px 10px 3px 0px"><b>{_e(a)}</b><br/>{_e(b)}'
             "</td>" for a, b in details]
    cells += [f'<td width="{width}%" style="border-style:none"></td>'] * (-len(cells) % columns)
    rows = "".join("<tr>" + "".join(cells[i:i + columns]) + "</tr>" for i in range(0, len(cells), columns))
    return f'<table width="100%" cellspacing="0" cellpadding="0">{rows}</table>'


def _picture_row(sheet: Sheet, block, y: float, side: float, width: float, gap: float, body: float,
                 heading: float, scale: float) -> tuple[list[_Item], float]:
    """The icon array ``side`` wide with its words at its right; returns the items and the row's bottom."""
    items = [_Item("icons", 0.0, y, side, side)]
    right_x = side + gap * 1.5
    right_w = width - right_x
    top = ry = y
    title = block(_heading(sheet.picture_title, heading), body, right_x, right_w)
    items.append(_Item("block", right_x, ry, block=title))
    ry += title.height + gap * 0.4
    swatch = side / 8.0 * (0.6 + 0.4 * scale)
    lines = [(g.key, g.text, body) for g in sheet.groups]
    if sheet.range_text:
        lines.append(("range", sheet.range_text, body * 0.92))
    for key, words, size in lines:
        text = block(f"<p>{_e(words)}</p>", size, right_x + swatch + gap * 0.6, right_w - swatch - gap * 0.6)
        items.append(_Item("swatch", right_x, ry, swatch, swatch, key=key))
        items.append(_Item("block", right_x + swatch + gap * 0.6, ry, block=text))
        ry += max(swatch, text.height) + gap * 0.45
    # the two sentences go beside the picture when that leaves the row lower, else across under it
    beside = block(_paragraphs(sheet.sentences), body * 0.95, right_x, right_w)
    across = block(_paragraphs(sheet.sentences), body * 0.95)
    if max(top + side, ry + gap * 0.2 + beside.height) <= max(top + side, ry) + gap + across.height:
        items.append(_Item("block", right_x, ry + gap * 0.2, block=beside))
        return items, max(top + side, ry + gap * 0.2 + beside.height) + gap
    bottom = max(top + side, ry) + gap
    items.append(_Item("block", 0.0, bottom, block=across))
    return items, bottom + across.height + gap


def _layout(sheet: Sheet, device: QtGui.QPaintDevice, scale: float) -> _Layout:
    width, height = float(device.width()), float(device.height())
    body, heading, small = BODY_PT * scale, 15.0 * scale, 9.0 * scale
    gap = pdf._mm(device, 4.0) * (0.5 + 0.5 * scale)
    items: list[_Item] = []
    y = 0.0

    def block(html_text: str, size: float, x: float = 0.0, w: float | None = None, indent: float | None = None):
        return pdf._Block(html_text, width - x if w is None else w, size, device, indent_mm=indent)

    def add(b: pdf._Block, x: float = 0.0) -> float:
        items.append(_Item("block", x, y, block=b))
        return b.height

    head = (f'<p style="font-size:{17 * scale:.2f}pt; font-weight:bold; margin-bottom:2px">{_e(sheet.title)}</p>'
            f'<p style="font-size:{11 * scale:.2f}pt">{_e(sheet.date_text)}'
            + (f" &nbsp;·&nbsp; <b>{_e(printable(sheet.label))}</b>" if sheet.label else "") + "</p>")
    y += add(block(head, body)) + gap * 0.5
    items.append(_Item("rule", 0.0, y, width))
    y += gap * 0.7

    y += add(block(f"<p>{_e(sheet.intro)}</p>", body)) + gap * 0.4
    y += add(block(_details_table(sheet.details), body * 0.85)) + gap

    if not sheet.estimate:
        first, *rest = sheet.no_estimate
        box = block(f"<p><b>{_e(first)}</b></p>" + _paragraphs(rest), body * 1.08, w=width - 2 * gap)
        items.append(_Item("box", 0.0, y, width, box.height + 2 * gap * 0.6))
        items.append(_Item("block", gap, y + gap * 0.6, block=box))
        y += box.height + 2 * gap * 0.6 + gap
    else:
        # the picture beside its words (legend, range, the two sentences); the picture's size is the
        # one, among a few, that leaves the row lowest
        rows = [_picture_row(sheet, block, y, pdf._mm(device, mm), width, gap, body, heading, scale)
                for mm in (64, 58) if pdf._mm(device, mm) <= width * 0.4]
        row_items, y = min(rows, key=lambda row: row[1])
        items += row_items
        for title, lines in ((sheet.scenarios_title, sheet.scenarios), (sheet.limits_title, sheet.limits)):
            if lines:
                y += add(block(_heading(title, heading) + _bullets(lines), body * 0.92, indent=5.0)) + gap * 0.6

    y += add(block(_heading(sheet.questions_title, heading) + _bullets(sheet.questions), body, indent=5.0))
    content_bottom = y
    foot = block(f'<p style="color:#333333">{_e(sheet.footer)}'
                 + (f"<br/><i>{_e(sheet.review_note)}</i>" if sheet.review_note else "") + "</p>", small)
    foot_top = height - foot.height
    items.append(_Item("rule", 0.0, foot_top - gap * 0.4, width))
    items.append(_Item("block", 0.0, foot_top, block=foot))
    fits = content_bottom <= foot_top - gap * 0.8
    return _Layout(items, fits, scale, height)


def _fit(sheet: Sheet, device: QtGui.QPaintDevice) -> _Layout:
    """The sheet at the largest type scale (at most 1) at which it fits its one page."""
    return pdf.largest_fitting(lambda scale: _layout(sheet, device, scale), _MIN_SCALE, 6)


def render_sheet(device: QtGui.QPagedPaintDevice, sheet: Sheet) -> _Layout:
    """Draw the sheet on a QPdfWriter or QPrinter whose page layout is set (always one page)."""
    layout = _fit(sheet, device)
    kinds = [g.key for g in sheet.groups for _ in range(g.count)]
    painter = QtGui.QPainter()
    if not painter.begin(device):
        raise OSError("cannot start drawing on the output device")
    try:
        for item in layout.items:
            rect = QtCore.QRectF(item.x, item.y, item.w, item.h)
            if item.kind == "block":
                item.block.draw(painter, item.x, item.y)
            elif item.kind == "icons":
                paint_people(painter, rect, kinds, sheet.alive_range)
            elif item.kind == "swatch" and item.key == "range":  # the counselling view's range swatch
                paint_person(painter, rect.adjusted(1, 1, -1, -1), KINDS["alive"], True)
            elif item.kind == "swatch":
                paint_person(painter, rect.adjusted(1, 1, -1, -1), KINDS[item.key])
            elif item.kind == "rule":  # the consult note's rules (they start at the left margin)
                pdf._draw_rules(painter, [item.y], item.w)
            elif item.kind == "box":
                pen = QtGui.QPen(QtGui.QColor("#333333"))
                pen.setWidthF(1.5)
                painter.setPen(pen)
                painter.setBrush(QtGui.QColor("#f2f2f2"))
                painter.drawRect(rect)
    finally:
        painter.end()
    return layout


def sheet_pdf_bytes(sheet: Sheet, paper: str) -> bytes:
    """The sheet as PDF bytes."""
    return pdf.pdf_bytes(paper, sheet.title, "netlm-risk", lambda writer: render_sheet(writer, sheet))


def sheet_for(case, years: int = 5, with_progression: bool = True, language: str = "en",
              include_label: bool = False, prediction=None) -> Sheet:
    """The sheet of ``case`` in ``language`` (``prediction``: the one on screen, if it has every milestone)."""
    from desktop.qt.language import words_for
    from desktop.report.patient_sheet import build_sheet, out_of_scope_reasons

    if out_of_scope_reasons(case):
        prediction = None
    else:
        prediction = printed_prediction(case, prediction)
    return build_sheet(case, prediction, years, with_progression, words_for(language), include_label)


def suggested_file_name(when=None) -> str:
    """No patient label in the name: the file may travel by e-mail or on a stick."""
    from datetime import datetime

    return f"patient-sheet_{(when or datetime.now()).strftime('%Y-%m-%d')}.pdf"


def write_sheet_cli(case, out_path: Path, paper: str | None, language: str) -> int:
    """``netlm-risk report CASE.json --patient``: the sheet (5 years, as the counselling view opens)."""
    from desktop.fileio import InputError, atomic_write_bytes
    from desktop.qt.app import headless_application

    headless_application()
    data = sheet_pdf_bytes(sheet_for(case, language=language), paper or pdf.default_paper())
    try:
        atomic_write_bytes(out_path, data)
    except OSError as exc:
        raise InputError(f"--out: cannot write {out_path}: {exc.strerror or exc}") from None
    return 0
