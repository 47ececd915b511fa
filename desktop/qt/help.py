"""Help: the About box and an offline viewer for the limitations and the model card."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from desktop import __version__

DOCUMENTS = {
    # name -> (window title, folder function name in desktop.paths, file name)
    "limitations": ("What the estimate cannot tell", "resources_dir", "limitations.md"),
    "model_card": ("Model card", "docs_dir", "model_card.md"),
}
SELECTABLE = (QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
              | QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard)


def document_path(name: str) -> Path | None:
    from desktop import paths

    _, folder_function, file_name = DOCUMENTS[name]
    try:
        path = getattr(paths, folder_function)() / file_name
    except FileNotFoundError:
        return None
    return path if path.is_file() else None


def fitted_image(image: QtGui.QImage, width: int, device_pixel_ratio: float) -> QtGui.QImage:
    """``image`` drawn ``width`` logical pixels wide: smoothly scaled to the screen's pixels (sharp on
    HiDPI), never to more pixels than the file has; its device pixel ratio makes it ``width`` wide."""
    pixels = max(1, min(image.width(), round(width * device_pixel_ratio)))
    scaled = image if pixels == image.width() else image.scaledToWidth(
        pixels, QtCore.Qt.TransformationMode.SmoothTransformation)
    scaled.setDevicePixelRatio(pixels / width)
    return scaled


class DocumentBrowser(QtWidgets.QTextBrowser):
    """A text browser whose images are shown no wider than the text: scaled down with their aspect
    ratio kept, never enlarged, fitted again when the browser is resized or moves to another screen."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._originals: dict[str, QtGui.QImage] = {}  # image name -> the image as loaded
        self._fitted_for: tuple[int, float] | None = None  # (text width, device pixel ratio)
        self._fitting = False
        self.sourceChanged.connect(self._on_source_changed)

    def _on_source_changed(self, _url: QtCore.QUrl) -> None:
        self.fit_images(reload=True)  # a linked document (setSource, back/forward) has images of its own

    def text_width(self) -> int:
        """Width the text may use: room for a vertical scroll bar is always kept, so showing or
        hiding it never changes the fit (no back-and-forth between two widths)."""
        style = self.style()
        bar = style.pixelMetric(QtWidgets.QStyle.PixelMetric.PM_ScrollBarExtent, None, self.verticalScrollBar())
        if style.styleHint(QtWidgets.QStyle.StyleHint.SH_ScrollView_FrameOnlyAroundContents, None, self):
            bar += style.pixelMetric(QtWidgets.QStyle.PixelMetric.PM_ScrollView_ScrollBarSpacing, None, self)
        return self.contentsRect().width() - bar

    def _original(self, name: str) -> QtGui.QImage | None:
        if name not in self._originals:
            # loadResource resolves the name as Qt would (search paths, the current source's folder)
            data = self.loadResource(QtGui.QTextDocument.ResourceType.ImageResource.value, QtCore.QUrl(name))
            if isinstance(data, (bytes, QtCore.QByteArray)):
                image = QtGui.QImage.fromData(data)
            else:
                image = data if isinstance(data, QtGui.QImage) else QtGui.QImage()  # None: no such file
            self._originals[name] = image
        image = self._originals[name]
        return None if image.isNull() else image

    def _images(self):
        """(position, length, format, room) of each run of images, room being its paragraph's width."""
        document = self.document()
        width = self.text_width() - 2 * document.documentMargin()
        block = document.begin()
        while block.isValid():
            block_format = block.blockFormat()
            indent = block_format.indent() + (block.textList().format().indent() if block.textList() else 0)
            room = int(width - block_format.leftMargin() - block_format.rightMargin()
                       - indent * document.indentWidth() - max(block_format.textIndent(), 0.0))
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().isImageFormat():
                    yield fragment.position(), fragment.length(), fragment.charFormat().toImageFormat(), room
                fragments += 1
            block = block.next()

    def fit_images(self, reload: bool = False) -> None:
        """Give every image an explicit size that fits its paragraph, and a resource scaled to that size.

        Paragraph indents (lists, block quotes) are counted; an image inside a table cell is fitted
        to the whole text width only.
        """
        if self._fitting:
            return
        if reload:
            self._originals.clear()
        key = (self.text_width(), self.devicePixelRatioF())
        if key == self._fitted_for and not reload:
            return
        self._fitting = True
        try:
            self._fitted_for = key
            document = self.document()
            document.setUndoRedoEnabled(False)
            widest: dict[str, tuple[QtGui.QImage, int]] = {}
            for position, length, image_format, room in list(self._images()):
                original = self._original(image_format.name())
                if original is None:
                    continue  # Qt shows its broken-image icon, as before
                natural = original.deviceIndependentSize()
                width = max(1, min(round(natural.width()), room))  # scaled down, never enlarged
                image_format.setWidth(width)
                image_format.setHeight(max(1, round(width * natural.height() / natural.width())))
                cursor = QtGui.QTextCursor(document)
                cursor.setPosition(position)
                cursor.setPosition(position + length, QtGui.QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(image_format)
                # one resource a name: the widest place it is shown decides its pixels
                if width > widest.get(image_format.name(), (None, 0))[1]:
                    widest[image_format.name()] = (original, width)
            for name, (original, width) in widest.items():
                document.addResource(QtGui.QTextDocument.ResourceType.ImageResource.value, QtCore.QUrl(name),
                                     fitted_image(original, width, key[1]))
        finally:
            self._fitting = False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_images()

    def event(self, event) -> bool:
        if event.type() == QtCore.QEvent.Type.DevicePixelRatioChange:
            self.fit_images()
        return super().event(event)


class DocumentViewer(QtWidgets.QDialog):
    """A Markdown document shown inside the app (offline; links to other files stay inside)."""

    def __init__(self, title: str, markdown: str, base: Path | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("documentViewer")
        layout = QtWidgets.QVBoxLayout(self)
        self.browser = DocumentBrowser()
        self.browser.setAccessibleName(title)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_link)
        if base is not None:
            self.browser.setSearchPaths([str(base)])
        self.browser.setMarkdown(markdown)
        self.browser.fit_images(reload=True)
        font = self.browser.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.browser.setFont(font)
        layout.addWidget(self.browser)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 640)

    def _on_link(self, url: QtCore.QUrl) -> None:
        # Only local documents open here; the app never touches the network.
        if url.scheme() in ("", "file"):
            self.browser.setSource(url)
        else:
            QtWidgets.QToolTip.showText(self.cursor().pos(), f"Web links are not opened (offline): {url.toString()}")


def show_document(parent, name: str) -> DocumentViewer:
    title = DOCUMENTS[name][0]
    path = document_path(name)
    if path is None:
        text = f"# {title}\n\nThis document is not included in this installation ({DOCUMENTS[name][2]})."
        base = None
    else:
        text = path.read_text(encoding="utf-8")
        base = path.parent
    viewer = DocumentViewer(title, text, base, parent)
    viewer.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.show()
    return viewer


def about_html(params) -> str:
    from PySide6 import __version__ as pyside_version
    import pyqtgraph

    from desktop.notices import LICENCE

    model = params.published["model"]
    return (
        f"<h2>netlm-risk {__version__}</h2>"
        "<p>Estimated overall and progression-free survival after cytoreductive hepatectomy for "
        "neuroendocrine tumour liver metastases. Works offline; patient data are written only where you save them.</p>"
        f"<p><b>Model:</b> {model['name']} (version {params.version})<br>"
        f"<b>Parameter files sha256:</b><br><code>{params.sha256}</code></p>"
        f"<p><b>Source:</b> {params.citation}</p>"
        "<p>Prognostic information for patients selected for surgery at one referral centre. "
        "It does not estimate the benefit of surgery versus no surgery and does not replace clinical judgement.</p>"
        f"<p><b>Licence:</b> netlm-risk is free software under the {LICENCE} licence. It is built with "
        "Qt and PySide6 (GNU LGPL version 3), numpy, pyqtgraph and Python, each under its own licence: "
        "see Third-party licences.</p>"
        f"<p style='color:#4d4d4d'>PySide6 {pyside_version} · pyqtgraph {pyqtgraph.__version__}</p>"
    )


class NoticesViewer(QtWidgets.QDialog):
    """netlm-risk's licence and the third-party notices, as plain text (selectable, searchable by keyboard)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        from desktop.notices import own_licence_text, third_party_notices

        self.setWindowTitle("Licences")
        self.setObjectName("noticesViewer")
        layout = QtWidgets.QVBoxLayout(self)
        notices, folder = third_party_notices()
        where = (f"The full licence texts are in {folder}." if folder is not None
                 else "The full licence texts are in each package's installed metadata (listed below).")
        self.where = QtWidgets.QLabel(where)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(SELECTABLE)
        layout.addWidget(self.where)
        self.text = QtWidgets.QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Licences and third-party notices")
        self.text.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setPlainText("netlm-risk licence\n\n" + own_licence_text().strip() + "\n\n\n" + notices)
        self.text.setTextInteractionFlags(SELECTABLE)
        layout.addWidget(self.text)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 640)


def show_notices(parent) -> NoticesViewer:
    viewer = NoticesViewer(parent)
    viewer.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.show()
    viewer.text.setFocus()
    return viewer


class AboutDialog(QtWidgets.QDialog):
    def __init__(self, params, parent=None):
        super().__init__(parent)
        self.setWindowTitle("About netlm-risk")
        self.setObjectName("aboutDialog")
        layout = QtWidgets.QVBoxLayout(self)
        self.text = QtWidgets.QLabel(about_html(params))
        self.text.setWordWrap(True)
        self.text.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(SELECTABLE)
        self.text.setAccessibleName("About netlm-risk")
        self.text.setMinimumWidth(520)
        layout.addWidget(self.text)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        self.limitations_button = buttons.addButton("&Limitations…", QtWidgets.QDialogButtonBox.ButtonRole.HelpRole)
        self.model_card_button = buttons.addButton("&Model card…", QtWidgets.QDialogButtonBox.ButtonRole.HelpRole)
        self.licences_button = buttons.addButton("&Third-party licences…", QtWidgets.QDialogButtonBox.ButtonRole.HelpRole)
        for button, name in ((self.limitations_button, "Limitations"), (self.model_card_button, "Model card"),
                             (self.licences_button, "Third-party licences")):
            button.setAccessibleName(name)
            button.setAutoDefault(False)
        self.limitations_button.clicked.connect(lambda: show_document(self, "limitations"))
        self.model_card_button.clicked.connect(lambda: show_document(self, "model_card"))
        self.licences_button.clicked.connect(lambda: show_notices(self))
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setFocus()
