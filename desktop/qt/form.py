"""The patient form: every field of a case, in sections. It knows the fields, not the model.

``values()`` returns a dict in the case-file format (design/interface.md) with ``None``
for "not entered" / "unknown"; the view-model turns it into a Case. Values outside the
derivation cohort's usual range are flagged beside the field (icon + words), using the
ranges the model publishes in ``params.derivation_range``. The last section holds the
optional inputs that only the Evidence tab uses; they never change the estimate.

Longer than most modules on purpose: every field of a case is entered here and nowhere
else, so that the case is assembled in one place.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from desktop.model.case import (
    AGE_RANGE,
    CYTOREDUCTION_LABELS,
    DIFFERENTIATION_LABELS,
    EVIDENCE_FIELD_LABELS,
    EVIDENCE_FIELDS,
    HORMONAL_SYNDROME_LABELS,
    LABEL_MAX_CHARS,
    LARGEST_LESION_MAX_MM,
    MONTHS_SINCE_SURGERY_MAX,
    PLANNED_HEPATECTOMY_LABELS,
    PRIMARY_DETAIL_GROUP,
    PRIMARY_DETAIL_LABELS,
    PRIMARY_DETAILS,
    PRIMARY_SITE_LABELS,
    PRIMARY_SITES,
    YEARS_TO_LIVER_METS_MAX,
)
from desktop.qt.fields import ChoiceBox, MessageLine, NumberField, row_of, wrapped_label
from desktop.qt.fonts import label_font_notice

MAX_LESIONS = 10_000  # as desktop.model.case refuses more
# fields with a standing note from the literature below their message line (``set_field_note``)
NOTED_FIELDS = ("liver_lesion_count",)

FIELD_TITLES = {
    "age_years": "Age",
    "primary_site": "Primary site",
    "ki67_percent": "Ki-67",
    "liver_lesion_count": "Liver lesions",
    "largest_lesion_mm": "Largest lesion",
    "extrahepatic_metastases": "Extrahepatic disease",
    "cytoreduction": "Extent of cytoreduction",
    "label": "Patient label",
    "months_since_surgery": "Years since surgery",
    "progression_so_far": "Progression so far",
    "differentiation": "Differentiation",
    "first_hepatectomy": "First hepatectomy",
    **EVIDENCE_FIELD_LABELS,
}
PROGRESSION_SO_FAR_LABELS = {"none": "None so far", "progressed": "Progressed"}
# The anatomical site as clinicians record it (primary_detail) sets the model group
# (primary_site); a case file without a detail keeps its group through the last entries.
_DETAIL_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1
SITE_CHOICES = [(PRIMARY_DETAIL_GROUP[d], d, PRIMARY_DETAIL_LABELS[d]) for d in PRIMARY_DETAILS] + [
    (group, None, f"{PRIMARY_SITE_LABELS[group]} (site not recorded)") for group in PRIMARY_SITES]
FIRST_HEPATECTOMY_LABELS = {True: "Yes", False: "No: repeat, or earlier resection elsewhere"}
NOT_KNOWN_YET = "Not known yet"
UNKNOWN_TEXT = "Unknown"
YES_NO = {True: "Yes", False: "No"}


class PatientForm(QtWidgets.QWidget):
    """Fields of one case; emits ``values_changed`` with the case-file dict on every edit."""

    values_changed = QtCore.Signal(dict)

    def __init__(self, derivation_range: dict | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("patientForm")
        self.derivation_range = derivation_range or {}
        self._emitting_blocked = False
        self.messages: dict[str, MessageLine] = {}
        self.field_notes: dict[str, MessageLine] = {}
        self._refused: dict[str, str] = {}
        self._model_notes: dict[str, str] = {}

        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        self._below = outer  # where the next block goes: inside the last one
        self._grids: list[QtWidgets.QGridLayout] = []
        self._labels: list[QtWidgets.QLabel] = []

        self._add_heading("Patient")

        # --- label (optional, first so that the note can name the patient)
        self.label_edit = QtWidgets.QLineEdit()
        self.label_edit.setMaxLength(LABEL_MAX_CHARS)
        self.label_edit.setPlaceholderText("optional, e.g. initials or clinic number")
        self._add_row("label", "Patient &label", self.label_edit, None,
                      "Optional patient label, printed on the consult note")

        self.age = NumberField(AGE_RANGE[0], AGE_RANGE[1], decimals=1, step=1)
        self._add_row("age_years", "&Age", self.age, "years", f"Age in years, {AGE_RANGE[0]} to {AGE_RANGE[1]}")

        # --- primary site: the anatomical site; the model group follows from it
        self.site = QtWidgets.QComboBox()
        self.site.addItem("Choose…", None)
        for group, detail, text in SITE_CHOICES:
            if detail is None and self.site.itemData(self.site.count() - 1, _DETAIL_ROLE) is not None:
                self.site.insertSeparator(self.site.count())
            self.site.addItem(text, group)
            self.site.setItemData(self.site.count() - 1, detail, _DETAIL_ROLE)
        self.site.setMaxVisibleItems(len(SITE_CHOICES) + 2)
        self._add_row("primary_site", "&Primary site", self.site, None,
                      "Primary tumour site; the model group it falls into is shown below")

        # --- who the model is for (the Mayo cohort: well-differentiated NETs, first hepatectomy)
        self.differentiation = ChoiceBox("Not entered", DIFFERENTIATION_LABELS)
        self._add_row("differentiation", "&Differentiation", self.differentiation, None,
                      "Tumour differentiation; the model was built on well-differentiated NETs only")
        self.first_hepatectomy = ChoiceBox("Not entered", FIRST_HEPATECTOMY_LABELS)
        self._add_row("first_hepatectomy", "F&irst hepatectomy", self.first_hepatectomy, None,
                      "Whether this is the patient's first liver resection (the study included first ones only)")

        # --- Ki-67 with explicit "unknown"
        self.ki67 = NumberField(0, 100, decimals=1, step=1)
        self.ki67_unknown = QtWidgets.QCheckBox("&Unknown")
        self.ki67_unknown.setAccessibleName("Ki-67 unknown")
        self.ki67_unknown.setToolTip("Tick when Ki-67 has not been measured; the estimate is then averaged "
                                     "over the Ki-67 distribution of the study cohort")
        self._add_row("ki67_percent", "&Ki-67", row_of(self.ki67, "%", 8, self.ki67_unknown), None,
                      "Ki-67 index in percent, 0 to 100", editor=self.ki67)

        self.lesions = NumberField(1, MAX_LESIONS, decimals=0, step=1)
        self._add_row("liver_lesion_count", "Liver le&sions", self.lesions, "number",
                      "Number of liver lesions, at least 1")
        self.size = NumberField(0, LARGEST_LESION_MAX_MM, decimals=1, step=1, minimum_exclusive=True)
        self._add_row("largest_lesion_mm", "Largest lesio&n", self.size, "mm",
                      f"Diameter of the largest liver lesion in millimetres, up to {LARGEST_LESION_MAX_MM}")

        # --- extrahepatic disease: an explicit yes/no, nothing preselected on a new case
        self.extrahepatic_no = QtWidgets.QRadioButton("N&o")
        self.extrahepatic_yes = QtWidgets.QRadioButton("&Yes")
        self.extrahepatic_no.setAccessibleName("Extrahepatic disease: no")
        self.extrahepatic_yes.setAccessibleName("Extrahepatic disease: yes")
        self.extrahepatic_group = QtWidgets.QButtonGroup(self)
        self.extrahepatic_group.addButton(self.extrahepatic_no, 0)
        self.extrahepatic_group.addButton(self.extrahepatic_yes, 1)
        extra_box = row_of(self.extrahepatic_no, self.extrahepatic_yes, None)
        self._add_row("extrahepatic_metastases", "E&xtrahepatic disease", extra_box, None,
                      "Metastases outside the liver", editor=self.extrahepatic_no)

        self.cytoreduction = QtWidgets.QComboBox()
        for key, text in CYTOREDUCTION_LABELS.items():
            self.cytoreduction.addItem(text, key)
        self.cytoreduction.addItem(NOT_KNOWN_YET, None)
        self.cytoreduction.setCurrentIndex(self.cytoreduction.count() - 1)
        self._add_row("cytoreduction", "Cyto&reduction", self.cytoreduction, None,
                      "Extent of cytoreduction achieved or expected")

        self._add_follow_up_section()
        self.optional = self._add_optional_section()

        self._below.addStretch(1)
        self._align_label_column()

        self.label_edit.textChanged.connect(self._changed)
        for name, field in self._number_fields().items():
            field.value_changed.connect(self._changed)
            field.textChanged.connect(self._update_messages)
            field.input_rejected.connect(lambda text, n=name: self._on_rejected(n, text))
            field.editingFinished.connect(lambda n=name: self._on_editing_finished(n))
        for widget in (self.site, self.differentiation, self.first_hepatectomy, self.cytoreduction, self.since_years,
                       self.since_months, self.progression, *self.optional.values()):
            signal = widget.value_changed if isinstance(widget, NumberField) else widget.currentIndexChanged
            signal.connect(self._changed)
        self.ki67_unknown.toggled.connect(self._on_ki67_unknown)
        self.extrahepatic_group.idToggled.connect(lambda _id, checked: checked and self._changed())

        order = [self.label_edit, self.age, self.site, self.differentiation, self.first_hepatectomy, self.ki67,
                 self.ki67_unknown, self.lesions, self.size, self.extrahepatic_no, self.extrahepatic_yes,
                 self.cytoreduction, self.since_years, self.since_months, self.progression, *self.optional.values()]
        for before, after in zip(order, order[1:]):
            self.setTabOrder(before, after)
        self._update_messages()

    # ------------------------------------------------------------------ layout

    def _new_block(self) -> None:
        """Start a block: a grid for one row (or heading), with the rest of the form nested in it.

        A message line that appears under a field pushes down everything after it. Each block
        is opaque and keeps its pixels where it is not resized, so the block after the message
        (holding the rest of the form) is moved by copying its pixels, not by repainting its
        20-odd labels and fields: 4-5 ms less on every keystroke that shows or hides a message.
        """
        block = QtWidgets.QWidget()
        block.setAutoFillBackground(True)
        block.setAttribute(QtCore.Qt.WidgetAttribute.WA_StaticContents)
        column = QtWidgets.QVBoxLayout(block)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        grid = QtWidgets.QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)
        self._below.addWidget(block)
        self._below, self._grid, self._row = column, grid, 0
        self._grids.append(grid)

    # the labels' fonts are final when the form is shown (the window styles them after building
    # it) and change with the application's font or style
    def showEvent(self, event) -> None:  # noqa: N802
        self._align_label_column()
        super().showEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.StyleChange):
            self._align_label_column()
        super().changeEvent(event)

    def _align_label_column(self) -> None:
        """One label column across the blocks, as wide as the widest label in its current font."""
        width = max(label.sizeHint().width() for label in self._labels)
        for grid in self._grids:
            if grid.columnMinimumWidth(0) != width:
                grid.setColumnMinimumWidth(0, width)

    def _add_heading(self, text: str, note: str | None = None) -> None:
        """A section's heading across the form, with a wrapped ``note`` under it."""
        self._new_block()
        heading = QtWidgets.QLabel(text)
        heading.setObjectName("formHeading")
        self._grid.addWidget(heading, self._row, 0, 1, 3)
        self._row += 1
        if note:
            self._grid.addWidget(wrapped_label("formSectionNote", note), self._row, 0, 1, 3)
            self._row += 1

    def _add_follow_up_section(self) -> None:
        """A follow-up visit: how long after surgery the patient is seen, and progression so far.
        Apart from the tumour's characteristics; empty means counselling at the time of surgery."""
        self._add_heading("Seen after surgery (follow-up visit)", "Leave empty at the time of surgery. Filled in, "
                          "the estimate is for a patient alive that long after surgery.")
        self.since_years = NumberField(0, MONTHS_SINCE_SURGERY_MAX // 12, decimals=0, step=1)
        self.since_months = NumberField(0, 11, decimals=0, step=1)
        for field in (self.since_years, self.since_months):
            field.setPlaceholderText("0")
        self.since_months.setAccessibleName("Months (added to the years since surgery)")
        box = row_of(self.since_years, "years", 8, self.since_months, "months")
        self._add_row("months_since_surgery", "Seen a&fter surgery", box, None,
                      f"Time since surgery at this visit, up to {MONTHS_SINCE_SURGERY_MAX // 12} years; "
                      "empty at the time of surgery", editor=self.since_years)
        self.progression = ChoiceBox(UNKNOWN_TEXT, PROGRESSION_SO_FAR_LABELS)
        self._add_row("progression_so_far", "Progression so f&ar", self.progression, None,
                      "Has the disease progressed since surgery? Only with a time since surgery")

    def _since_surgery(self) -> float | None:
        """Months since surgery from the years and months fields (None when both are empty)."""
        years, months = self.since_years.value(), self.since_months.value()
        if years is None and months is None:
            return None
        return 12 * (years or 0) + (months or 0)

    def _add_optional_section(self) -> dict:
        """The Evidence tab's optional inputs; every one can stay unknown."""
        self._add_heading("For the Evidence tab",
                          "Optional; leave unknown if not known. They never change the estimate.")
        rows = {  # name: (widget, title, unit, tooltip; None: the field's title, unknown unless entered)
            "planned_hepatectomy": (ChoiceBox("Not decided", PLANNED_HEPATECTOMY_LABELS), "Planned &hepatectomy", None,
                                    "Major: right hepatectomy or trisegmentectomy (Mayo definition); "
                                    "minor: any other resection"),
            "hormonal_syndrome": (ChoiceBox(UNKNOWN_TEXT, HORMONAL_SYNDROME_LABELS), "Hormonal s&yndrome", None, None),
            "years_primary_to_liver_mets": (NumberField(0, YEARS_TO_LIVER_METS_MAX, decimals=1, step=1),
                                            "Years to liver &mets", "years",
                                            "Years from primary to liver metastases: 0 for synchronous liver "
                                            "metastases; empty = unknown"),
            "percent_liver_replaced": (NumberField(0, 100, decimals=0, step=5), "Liver replaced", "%",
                                       "Share of the liver replaced by tumour; empty = unknown"),
            "bilobar_metastases": (ChoiceBox(UNKNOWN_TEXT, YES_NO), "&Bilobar metastases", None, None),
            "carcinoid_heart_disease": (ChoiceBox(UNKNOWN_TEXT, YES_NO), "Carcinoid &heart disease", None, None),
            "primary_resected": (ChoiceBox(UNKNOWN_TEXT, YES_NO), "Primary resec&ted", None, None),
            "stable_disease_6_months": (ChoiceBox(UNKNOWN_TEXT, YES_NO), "Stable disease ≥ &6 months", None, None),
            "mitoses_per_2mm2": (NumberField(0, 10_000, decimals=1, step=1), "Mitotic co&unt", "per 2 mm²",
                                 "Mitotic count per 2 mm² (WHO grade with Ki-67, the higher grade counts); "
                                 "empty = unknown"),
        }
        # the primary-site detail is the primary-site field itself, above
        assert set(rows) == (set(EVIDENCE_FIELDS) - {"primary_detail"}) | {"mitoses_per_2mm2"}
        for name, (widget, title, unit, tip) in rows.items():
            if isinstance(widget, NumberField):
                widget.setPlaceholderText("unknown")
            self._add_row(name, title, widget, unit,
                          tip or f"{FIELD_TITLES[name]}; {UNKNOWN_TEXT.lower()} unless entered")
        return {name: row[0] for name, row in rows.items()}

    def _add_row(self, name, title, widget, unit, accessible, editor=None):
        self._new_block()
        editor = editor or widget
        label = QtWidgets.QLabel(title)
        self._labels.append(label)
        label.setBuddy(editor)
        label.setObjectName("fieldLabel")
        editor.setAccessibleName(FIELD_TITLES[name])
        editor.setAccessibleDescription(accessible)
        editor.setToolTip(accessible)
        editor.setObjectName(f"field_{name}")
        self._grid.addWidget(label, self._row, 0, QtCore.Qt.AlignmentFlag.AlignVCenter)
        if unit:
            unit_label = QtWidgets.QLabel(unit)
            unit_label.setMinimumWidth(unit_label.fontMetrics().horizontalAdvance("number") + 4)
            widget = row_of(widget, unit_label)
        self._grid.addWidget(widget, self._row, 1, 1, 2)
        self._row += 1
        message = MessageLine()
        message.setObjectName(f"message_{name}")
        self._grid.addWidget(message, self._row, 1, 1, 2)
        self.messages[name] = message
        self._row += 1
        self._grid.setRowMinimumHeight(self._row - 1, 6)
        if name in NOTED_FIELDS:
            note = MessageLine()
            note.setObjectName(f"note_{name}")
            self._grid.addWidget(note, self._row, 1, 1, 2)
            self.field_notes[name] = note
            self._row += 1

    # ------------------------------------------------------------------ values

    def values(self) -> dict:
        """The case-file dict; None where nothing (or nothing allowed) is entered."""
        extrahepatic = self.extrahepatic_group.checkedId()
        label = self.label_edit.text().strip()
        out = {
            "age_years": _whole(self.age.value()),
            "primary_site": self.site.currentData(),
            "primary_detail": self.site.currentData(_DETAIL_ROLE),
            "differentiation": self.differentiation.value(),
            "first_hepatectomy": self.first_hepatectomy.value(),
            "ki67_percent": None if self.ki67_unknown.isChecked() else _whole(self.ki67.value()),
            "liver_lesion_count": None if self.lesions.value() is None else int(self.lesions.value()),
            "largest_lesion_mm": _whole(self.size.value()),
            "extrahepatic_metastases": None if extrahepatic < 0 else bool(extrahepatic),
            "cytoreduction": self.cytoreduction.currentData(),
            "label": label or None,
        }
        since = self._since_surgery()
        if since and since > MONTHS_SINCE_SURGERY_MAX:
            since = None  # at surgery until corrected, so the estimate stays (the message says so)
        out["months_since_surgery"] = _whole(since) if since else None
        out["progression_so_far"] = self.progression.value() if since else None
        for name, widget in self.optional.items():
            out[name] = _whole(widget.value()) if isinstance(widget, NumberField) else widget.value()
        if self._interval_exceeds_age(out):
            out["years_primary_to_liver_mets"] = None  # unknown until corrected, so the estimate stays
        return out

    def missing_fields(self, values: dict | None = None) -> list[str]:
        """Required fields (and Ki-67, which must be a value or explicitly unknown) not filled in
        (``values``: ``self.values()`` when already at hand)."""
        values = self.values() if values is None else values
        required = ("age_years", "primary_site", "ki67_percent", "liver_lesion_count", "largest_lesion_mm",
                    "extrahepatic_metastases")
        return [name for name in required
                if values[name] is None and not (name == "ki67_percent" and self.ki67_unknown.isChecked())]

    def set_values(self, data: dict | None) -> None:
        """Fill the form from a case dict (None: an empty form); emits one values_changed."""
        data = dict(data or {})
        self._emitting_blocked = True
        try:
            self._refused.clear()
            self.label_edit.setText(data.get("label") or "")
            self.age.setValue(data.get("age_years"))
            self._set_site(data.get("primary_site"), data.get("primary_detail"))
            self.differentiation.set_value(data.get("differentiation"))
            self.first_hepatectomy.set_value(data.get("first_hepatectomy"))
            ki67 = data.get("ki67_percent")
            self.ki67_unknown.setChecked("ki67_percent" in data and ki67 is None)
            self.ki67.setValue(ki67)
            self.ki67.setEnabled(not self.ki67_unknown.isChecked())
            count = data.get("liver_lesion_count")
            self.lesions.setValue(count)
            self.size.setValue(data.get("largest_lesion_mm"))
            extrahepatic = data.get("extrahepatic_metastases")
            self.extrahepatic_group.setExclusive(False)
            self.extrahepatic_no.setChecked(extrahepatic is False)
            self.extrahepatic_yes.setChecked(extrahepatic is True)
            self.extrahepatic_group.setExclusive(True)
            extent = data.get("cytoreduction")
            index = self.cytoreduction.findData(extent) if extent is not None else -1
            self.cytoreduction.setCurrentIndex(index if index >= 0 else self.cytoreduction.count() - 1)  # Not known yet
            since = data.get("months_since_surgery")
            self.since_years.setValue(None if not since else int(since // 12))
            self.since_months.setValue(None if not since else _whole(since - 12 * int(since // 12)))
            self.progression.set_value(data.get("progression_so_far"))
            for name, widget in self.optional.items():
                if isinstance(widget, NumberField):
                    widget.setValue(data.get(name))
                else:
                    widget.set_value(data.get(name))
        finally:
            self._emitting_blocked = False
        self._changed()

    def set_case(self, case) -> None:
        self.set_values(case.to_dict())

    def _set_site(self, group, detail) -> None:
        """Select the entry for (primary_site, primary_detail): a detail outside the group falls back to
        the group alone; 'Choose…' when there is no group."""
        def entry(d):
            return next((i for i in range(1, self.site.count()) if group is not None
                         and self.site.itemData(i) == group and self.site.itemData(i, _DETAIL_ROLE) == d), -1)

        index = entry(detail)
        self.site.setCurrentIndex(index if index >= 0 else max(entry(None), 0))

    # ------------------------------------------------------------------ messages

    def site_group_text(self) -> str:
        """The model group the chosen site falls into, in words (empty before a site is chosen)."""
        group, detail = self.site.currentData(), self.site.currentData(_DETAIL_ROLE)
        if group is None:
            return ""
        name = {"small_intestine": "small intestine", "pancreas": "pancreas", "other": "other primary"}[group]
        if detail == "duodenum":
            return ("Duodenum counts as 'other primary' in the Mayo model: its small-intestine group excludes "
                    "the duodenum.")
        if detail is None:
            return f"Model group: {name}."
        return f"{PRIMARY_DETAIL_LABELS[detail]} counts as '{name}' in the Mayo model."

    def set_field_note(self, name: str, text: str, source: str) -> None:
        """A standing note from the literature below field ``name`` (its ``source`` on hover)."""
        self.field_notes[name].show_message("info", text, tooltip=source)
        self.field_notes[name].setAccessibleDescription(source)

    def set_model_notes(self, notes: dict[str, str]) -> None:
        """What the model says about a field's value (field -> text), shown beside the field when
        nothing more urgent is (e.g. why 10 lesions give a better estimate than 9)."""
        if notes != self._model_notes:
            self._model_notes = dict(notes)
            self._update_messages()

    def _interval_exceeds_age(self, values: dict) -> bool:
        years = self.optional["years_primary_to_liver_mets"].value()
        age = values["age_years"]
        return years is not None and age is not None and years > age

    def _on_ki67_unknown(self, unknown: bool) -> None:
        self.ki67.setEnabled(not unknown)
        self._changed()

    def _on_rejected(self, name: str, text: str) -> None:
        self._refused[name] = text
        self._update_messages()

    def _on_editing_finished(self, name: str) -> None:
        # a refusal stays beside the field while it is being edited, so it is not missed
        self._refused.pop(name, None)
        self._update_messages()

    def _number_fields(self) -> dict[str, NumberField]:
        return {"age_years": self.age, "ki67_percent": self.ki67, "liver_lesion_count": self.lesions,
                "largest_lesion_mm": self.size}

    def _range_text(self, name: str) -> str:
        v = self._number_fields()[name].range_validator
        locale = v.number_locale()
        low = locale.toString(float(v.minimum), "g", 6)
        high = locale.toString(float(v.maximum), "g", 6)
        unit = {"age_years": " years", "ki67_percent": "%", "liver_lesion_count": "", "largest_lesion_mm": " mm"}[name]
        if name == "largest_lesion_mm":
            return f"more than {low} and at most {high}{unit}"
        if name == "liver_lesion_count":
            return f"a whole number from {low} to {high}"
        return f"{low} to {high}{unit}"

    def _update_messages(self) -> None:
        """Show each field's message. All are decided first and then applied once, so that a line
        whose message stays the same is not hidden and shown again (each toggle re-lays out the form)."""
        wanted = self._wanted_messages()
        for name, line in self.messages.items():
            line.show_message(*wanted.get(name, (None, "")))
        for name, field in self._number_fields().items():
            description = self.messages[name].message() or field.toolTip()
            if field.accessibleDescription() != description:
                field.setAccessibleDescription(description)

    def _wanted_messages(self) -> dict[str, tuple[str, str]]:
        """field -> (kind, text) for every field that has something to say now."""
        wanted: dict[str, tuple[str, str]] = {}
        for name, field in self._number_fields().items():
            refused = self._refused.get(name)
            if refused is not None:
                wanted[name] = ("problem", f"Not possible: “{refused}”. Enter {self._range_text(name)}; "
                                           f"the field reads {field.text() or 'nothing'}.")
            elif field.isEnabled() and field.is_incomplete():
                wanted[name] = ("problem", f"Not allowed yet: enter {self._range_text(name)}.")
            else:
                flag = self._flag(name, field.value()) if field.isEnabled() else None
                if flag:
                    wanted[name] = ("flag", flag)
        if self.ki67_unknown.isChecked():
            wanted["ki67_percent"] = ("info", "Unknown: the estimate averages over the Ki-67 mix of the study cohort.")
        if self._interval_exceeds_age({"age_years": self.age.value()}):
            years = self.optional["years_primary_to_liver_mets"].value()
            wanted["years_primary_to_liver_mets"] = (
                "problem", f"Years from primary to liver metastases ({years:g}) is more than the age "
                           f"({self.age.value():g}): treated as unknown until corrected.")
        font_notice = label_font_notice(self.label_edit.text().strip())
        if font_notice:
            wanted["label"] = ("flag", font_notice)
        since = self._since_surgery()
        self.progression.setEnabled(bool(since))
        if since and since > MONTHS_SINCE_SURGERY_MAX:
            wanted["months_since_surgery"] = (
                "problem", f"At most {MONTHS_SINCE_SURGERY_MAX // 12} years (the study's follow-up): "
                           "treated as at surgery until corrected.")
        elif since:
            wanted["months_since_surgery"] = (
                "info", "Follow-up visit: the estimate is for a patient alive this long after surgery.")
        if since and self.progression.value() == "none" and since > 60:
            wanted["progression_so_far"] = (
                "flag", "Check: beyond the study's 5 years of progression follow-up; extrapolated.")
        elif since and self.progression.value() != "none":
            wanted["progression_so_far"] = (
                "info", "No progression-free estimate unless there has been no progression so far.")
        wanted["primary_site"] = ("info", self.site_group_text())
        if self.differentiation.value() == "poor":
            wanted["differentiation"] = (
                "problem", "Outside the model: it was built on well-differentiated NETs only, so no survival "
                           "estimate is given.")
        if self.first_hepatectomy.value() is False:
            wanted["first_hepatectomy"] = (
                "flag", "Outside the study population: the study included first hepatectomies only.")
        for name, text in self._model_notes.items():
            if name in self.messages and name not in wanted:
                wanted[name] = ("info", text)
        if self.cytoreduction.currentData() is None:
            wanted["cytoreduction"] = (
                "info", "Not known yet: the estimate averages over the three extents; "
                        "the curves for each extent are shown for comparison.")
        else:
            wanted.pop("cytoreduction", None)
        return wanted

    def _flag(self, name: str, value: float | None) -> str | None:
        """Data-quality flag for a value outside the derivation cohort's usual range."""
        if value is None or not self.derivation_range:
            return None
        limits = self.derivation_range
        if name == "age_years":
            low, high = limits["age_years"]
            if not low <= value <= high:
                return f"Check: outside the study's usual range ({low}–{high} years); the estimate is less reliable."
        elif name == "largest_lesion_mm" and value > limits["largest_lesion_mm_max"]:
            return (f"Check: larger than the study's usual range (up to about {limits['largest_lesion_mm_max']} mm); "
                    "the estimate is less reliable.")
        elif name == "ki67_percent" and value > limits["ki67_percent_max"]:
            return (f"Check: above the study's usual range (up to about {limits['ki67_percent_max']}%; "
                    "well-differentiated tumours only).")
        elif name == "liver_lesion_count" and value > limits["liver_lesion_count_max"]:
            return f"Check: more than the study's usual range (about {limits['liver_lesion_count_max']}); please check the count."
        return None

    def _changed(self, *_args) -> None:
        if self._emitting_blocked:
            return
        self._update_messages()
        self.values_changed.emit(self.values())


def _whole(value: float | None):
    """Store 61.0 as 61 so that a saved file reads like one typed by hand."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)
