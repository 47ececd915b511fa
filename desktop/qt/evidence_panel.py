"""The Evidence tab: what other series and the literature say, for the case on screen.

The case, optional inputs included, comes from the patient form (desktop/qt/form.py). One
page per topic shows the sections of ``desktop.report.evidence`` (the same sections as
the printed appendix): every number has a footnote marker; hovering a marker shows its
source as a tooltip and clicking it jumps to the footnote. The panel only renders: the
evidence and the era curves come from the view-model's ``EvidenceSource``, computed once per
case and only when the tab is shown.
"""

from __future__ import annotations

import html
import re

from PySide6 import QtCore, QtGui, QtWidgets

from desktop.model.case import Case
from desktop.report import evidence as report
from desktop.report.sections import Section
from desktop.qt.fields import wrapped_label
from desktop.qt.viewmodel import EvidenceSource

TOPICS = (
    ("perioperative", "Operative risk", report.perioperative_sections),
    ("symptoms", "Symptom relief", report.symptom_sections),
    ("mayo", "Mayo subgroups", report.mayo_subgroup_sections),
    ("tokyo", "Tokyo cohort", report.tokyo_sections),
    ("mdanderson", "MD Anderson", report.mdanderson_sections),
    ("criteria", "Published criteria", report.criteria_sections),
    ("trials", "Therapy trials", report.trials_sections),
    ("era", "Era", report.era_sections),
    ("sources", "Sources", lambda ev: [report.intro_section(ev), report.sources_section(ev)]),
)
_NOT_COMPUTED = object()
_MARKER = re.compile(r"\[(\d+(?:, \d+)*)\]")
_CSS = """
body { font-size: 10pt; color: #1b1b1b; }
h3 { font-size: 12pt; margin: 10px 0 4px 0; }
table.data { border-collapse: collapse; margin: 4px 0 6px 0; }
table.data th { background: #e9edf2; text-align: left; padding: 3px 6px; border: 1px solid #c3c9d2; }
table.data td { padding: 3px 6px; border: 1px solid #d5d9e0; vertical-align: top; }
td.patient { font-weight: 600; }
p { margin: 3px 0; }
p.patient { background: #eef4fb; border-left: 3px solid #0072B2; padding: 3px 6px; }
p.differ { border-left: 3px solid #6b6b6b; padding: 3px 6px; }
p.caution { border-left: 4px solid #B35900; padding: 3px 6px; font-weight: 600; }
p.notes { font-size: 8.5pt; color: #3d3d3d; margin: 1px 0; }
a { color: #005a8c; text-decoration: none; }
"""


def _linked(text: str, section_index: int) -> str:
    """Escape ``text`` and turn footnote markers [1, 2] into links to the section's footnotes."""
    out, last = [], 0
    for match in _MARKER.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        links = ", ".join(f'<a href="#s{section_index}fn{n}">{n}</a>' for n in match.group(1).split(", "))
        out.append(f"<sup>[{links}]</sup>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _paragraph_class(text: str) -> str:
    if text.startswith(report.PATIENT_PREFIX):
        return "patient"
    if text.startswith(("CAUTION", report.NOT_IN_COHORT, report.NOT_IN_COHORTS)):
        return "caution"
    if text.startswith("Sources differ") or text.startswith("Correction"):
        return "differ"
    return ""


def _cell_html(cell: str, section_index: int) -> str:
    """A table cell; the patient's own row (or subgroup) in bold."""
    cls = ' class="patient"' if cell.endswith((report.THIS_PATIENT, report.THIS_PATIENTS_SUBGROUP)) else ""
    return f"<td{cls}>{_linked(cell, section_index)}</td>"


def section_html(section: Section, index: int) -> str:
    """One report section as rich text for a QTextBrowser (footnotes get anchors s<index>fn<n>)."""
    parts = [f"<h3>{html.escape(section.title)}</h3>"]
    if section.table is not None:
        head = "".join(f"<th>{_linked(c, index)}</th>" for c in section.table.columns)
        rows = "".join("<tr>" + "".join(_cell_html(cell, index) for cell in row) + "</tr>"
                       for row in section.table.rows)
        parts.append(f'<table class="data" cellspacing="0" cellpadding="3"><tr>{head}</tr>{rows}</table>')
    for paragraph in section.paragraphs:
        cls = _paragraph_class(paragraph)
        parts.append(f'<p class="{cls}">{_linked(paragraph, index)}</p>' if cls else f"<p>{_linked(paragraph, index)}</p>")
    for note in section.footnotes:
        number = note[1:note.index("]")]
        parts.append(f'<p class="notes"><a name="s{index}fn{number}"></a>{html.escape(note)}</p>')
    return "".join(parts)


def footnote_texts(sections: list[Section]) -> dict[str, str]:
    """Anchor name -> the tooltip of a footnote marker: the footnote and the words it quotes."""
    out = {}
    for index, section in enumerate(sections):
        for i, note in enumerate(section.footnotes):
            quotes = section.footnote_quotes[i] if i < len(section.footnote_quotes) else []
            out[f"s{index}fn{note[1:note.index(']')]}"] = "\n".join([note] + [f"“{q}”" for q in quotes])
    return out


class EvidencePanel(QtWidgets.QWidget):
    """Evidence from other series for the case on screen; updates live with ``set_case``."""

    def __init__(self, source: EvidenceSource | None = None, parent=None):
        super().__init__(parent)
        self.source = source or EvidenceSource()
        self.setObjectName("evidencePanel")
        self._case: Case | None = None
        self._evidence: dict | None = None
        self._error: str | None = None
        self._rendered: dict[str, object] = {}
        self._dirty = True
        self._computed_for = _NOT_COMPUTED

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.setSpacing(6)
        notice = wrapped_label("evidenceNotice", "Information from published series, not a recommendation and not "
                               "part of the Mayo estimate. Every number has a footnote: hover over it for its source, "
                               "click to jump to the footnote.")
        top = QtWidgets.QHBoxLayout()
        top.addWidget(notice, 1)
        self.appendix_box = QtWidgets.QCheckBox("Print as &appendix of the consult note")
        self.appendix_box.setObjectName("evidenceAppendixBox")
        self.appendix_box.setToolTip("Add these pages, with their footnotes, after the one-page consult note")
        self.appendix_box.setAccessibleName("Print the evidence as an appendix of the consult note")
        top.addWidget(self.appendix_box, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.caution = wrapped_label("evidenceCaution")
        self.caution.setAccessibleName("Evidence caution")
        self.caution.setStyleSheet("QLabel#evidenceCaution { border: 2px solid #B35900; background: #fff4e5;"
                                   " padding: 4px 8px; font-weight: 600; }")
        self.caution.hide()
        layout.addWidget(self.caution)

        self.status = wrapped_label("evidenceStatus", "Complete the patient form to see the evidence for this patient.")
        layout.addWidget(self.status)

        body = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        body.setChildrenCollapsible(False)
        self.topics = QtWidgets.QListWidget()
        self.topics.setObjectName("evidenceTopics")
        self.topics.setAccessibleName("Evidence topics")
        self.topics.setMaximumWidth(200)
        self.topics.setStyleSheet("QListWidget#evidenceTopics::item { padding: 5px 6px; }")
        self.pages = QtWidgets.QStackedWidget()
        self.browsers: dict[str, QtWidgets.QTextBrowser] = {}
        self._notes: dict[str, dict[str, str]] = {}
        for key, title, _ in TOPICS:
            self.topics.addItem(title)
            browser = QtWidgets.QTextBrowser()
            browser.setObjectName(f"evidence_{key}")
            browser.setAccessibleName(f"Evidence: {title}")
            browser.setOpenLinks(True)
            browser.setOpenExternalLinks(False)
            browser.document().setDefaultStyleSheet(_CSS)
            browser.highlighted.connect(lambda url, k=key: self._show_source_tip(k, url))
            self.browsers[key] = browser
            if key == "era":
                page = QtWidgets.QWidget()
                page_layout = QtWidgets.QVBoxLayout(page)
                page_layout.setContentsMargins(0, 0, 0, 0)
                self.era_plot = _EraPlot()
                self.era_plot.setMaximumHeight(330)
                page_layout.addWidget(self.era_plot, 2)
                page_layout.addWidget(browser, 3)
                self.pages.addWidget(page)
            else:
                self.pages.addWidget(browser)
        body.addWidget(self.topics)
        body.addWidget(self.pages)
        body.setStretchFactor(1, 1)
        layout.addWidget(body, 1)

        self.topics.currentRowChanged.connect(self._on_topic)
        self.topics.setCurrentRow(0)

    # ------------------------------------------------------------------ public

    def set_case(self, case: Case | None) -> None:
        """Show the evidence for ``case`` (None: the form is incomplete)."""
        self._case = case
        if self._computed_for is not _NOT_COMPUTED and self._computed_for == case:
            return  # nothing changed for the panels
        self._dirty = True
        if self.isVisible():
            self._render_current()

    def appendix_for(self, case: Case | None):
        """Sections for the consult note's appendix when the box is ticked, else None."""
        if case is None or not self.appendix_box.isChecked():
            return None
        from desktop.report.evidence import appendix_sections, evidence_sections

        evidence, _ = self.source.evidence(case)
        return evidence_sections(evidence) if evidence is not None else appendix_sections(case)

    def evidence(self) -> dict | None:
        """The evidence on screen (computed when the panel is shown)."""
        self._ensure_evidence()
        return self._evidence

    # ------------------------------------------------------------------ internals

    def _ensure_evidence(self) -> None:
        if self._computed_for is not _NOT_COMPUTED and self._computed_for == self._case:
            return
        self._evidence, self._error = self.source.evidence(self._case)
        self._computed_for = self._case
        self._rendered.clear()

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self._render_current()

    def _on_topic(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        self._render_current()

    def _render_current(self) -> None:
        self._dirty = False
        self._ensure_evidence()
        ev = self._evidence
        self._update_caution(ev)
        if ev is None:
            message = self._error or "Complete the patient form to see the evidence for this patient."
            self.status.setText(message)
            self.status.show()
            for browser in self.browsers.values():
                browser.clear()
            self.era_plot.clear_curves()
            return
        self.status.hide()
        row = max(0, self.topics.currentRow())
        key, _, build = TOPICS[row]
        if self._rendered.get(key) is ev:
            return
        sections = build(ev)
        browser = self.browsers[key]
        scroll = browser.verticalScrollBar().value()
        browser.setHtml("".join(section_html(s, i) for i, s in enumerate(sections)))
        browser.verticalScrollBar().setValue(scroll)
        self._notes[key] = footnote_texts(sections)
        if key == "era":
            self.era_plot.show_curves(self.source.era_curves(self._case))
        self._rendered[key] = ev

    def _update_caution(self, ev: dict | None) -> None:
        item = self.topics.item([k for k, _, _ in TOPICS].index("mdanderson"))
        cautions = [c for c in (ev or {}).get("md_anderson", {}).get("cautions", []) if c["status"] == "caution"]
        scope = (ev or {}).get("cohort_scope")
        lines = [f"Not in the Mayo and Tokyo cohorts: {scope['patient']}"] if scope else []
        if cautions:
            lines.append("⚠ Caution (MD Anderson series): " + " ".join(c["patient"] for c in cautions)
                         + " See “MD Anderson”.")
        item.setText("MD Anderson ⚠ caution" if cautions else "MD Anderson")
        self.caution.setText("\n".join(lines))
        self.caution.setVisible(bool(lines))

    def source_tip_text(self, key: str, url: QtCore.QUrl) -> str | None:
        """The tooltip of a footnote marker (a link to '#s<section>fn<n>') on page ``key``."""
        anchor = url.fragment() if url.isValid() else ""
        return self._notes.get(key, {}).get(anchor)

    def _show_source_tip(self, key: str, url: QtCore.QUrl) -> None:
        text = self.source_tip_text(key, url)
        if text:
            QtWidgets.QToolTip.showText(QtGui.QCursor.pos(), text, self.browsers[key])
        else:
            QtWidgets.QToolTip.hideText()


class _EraPlot(QtWidgets.QWidget):
    """Main OS estimate and the era scenario (dashed, labelled as a scenario) for the case."""

    def __init__(self, parent=None):
        super().__init__(parent)
        import pyqtgraph as pg

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = wrapped_label("eraScenarioTitle", "Scenario, not the main estimate: overall survival "
                                   "recalibrated to the 2014–2020 period (dashed; shaded: its 95% range), beside the "
                                   "main estimate (solid)")
        layout.addWidget(self.title)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("eraScenarioPlot")
        self.plot.setMinimumHeight(160)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setXRange(0, 15, padding=0.02)
        self.plot.setYRange(0, 1, padding=0.02)
        for side in ("bottom", "left"):
            axis = self.plot.getAxis(side)
            axis.setPen(pg.mkPen("#3d3d3d"))
            axis.setTextPen(pg.mkPen("#1b1b1b"))
        self.plot.setLabel("bottom", "Years after hepatectomy")
        self.plot.setLabel("left", "Overall survival")
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.addLegend(offset=(-10, 10), labelTextColor="#1b1b1b")
        layout.addWidget(self.plot, 1)
        pen_main = pg.mkPen("#0072B2", width=2)
        pen_scenario = pg.mkPen("#D55E00", width=2, style=QtCore.Qt.PenStyle.DashLine)
        self.main_curve = self.plot.plot([], [], pen=pen_main, name="Main estimate (Mayo 2000–2020)")
        self.scenario_curve = self.plot.plot([], [], pen=pen_scenario, name="Scenario: recalibrated to 2014–2020")
        edge = pg.mkPen("#D55E00", width=0.5, style=QtCore.Qt.PenStyle.DotLine)
        self.lower = pg.PlotCurveItem([], [], pen=edge)
        self.upper = pg.PlotCurveItem([], [], pen=edge)
        self.band = pg.FillBetweenItem(self.lower, self.upper, brush=pg.mkBrush(213, 94, 0, 40))
        for item in (self.lower, self.upper, self.band):
            self.plot.addItem(item)
        self.values: dict = {}
        from desktop.qt.screen_pens import ScreenPens

        self._pens = ScreenPens(self, [(self.main_curve, pen_main), (self.scenario_curve, pen_scenario),
                                       (self.lower, edge), (self.upper, edge)])

    def clear_curves(self) -> None:
        for curve in (self.main_curve, self.scenario_curve, self.lower, self.upper):
            curve.setData([], [])
        self.values = {}

    def show_curves(self, curves: tuple | None) -> None:
        """Draw (era scenario OS Curve with its range, main OS Curve); None clears the plot."""
        if curves is None:
            self.clear_curves()
            return
        scenario, main = curves
        years = scenario.months / 12
        self.main_curve.setData(years, main.survival)
        self.scenario_curve.setData(years, scenario.survival)
        self.lower.setData(years, scenario.lower)
        self.upper.setData(years, scenario.upper)
        self.values = {"months": scenario.months, "main": main.survival, "scenario": scenario.survival}
