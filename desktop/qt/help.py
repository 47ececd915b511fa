"""Help: the About box and an offline viewer for the limitations and the model card."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from desktop import __version__

DOCUMENTS = {
    # name -> (window title, folder function name in desktop.paths, file name)
    "limitations": ("What the estimate cannot tell", "resources_dir", "limitations.md"),
    "model_card": ("Model card", "docs_dir", "model_card.md"),
}


def document_path(name: str) -> Path | None:
    from desktop import paths

    _, folder_function, file_name = DOCUMENTS[name]
    try:
        path = getattr(paths, folder_function)() / file_name
    except FileNotFoundError:
        return None
    return path if path.is_file() else None


class DocumentViewer(QtWidgets.QDialog):
    """A Markdown document shown inside the app (offline; links to other files stay inside)."""

    def __init__(self, title: str, markdown: str, base: Path | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("documentViewer")
        layout = QtWidgets.QVBoxLayout(self)
        self.browser = QtWidgets.QTextBrowser()
        self.browser.setAccessibleName(title)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_link)
        if base is not None:
            self.browser.setSearchPaths([str(base)])
        self.browser.setMarkdown(markdown)
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
        f"<p style='color:#4d4d4d'>PySide6 {pyside_version} · pyqtgraph {pyqtgraph.__version__}</p>"
    )


class AboutDialog(QtWidgets.QDialog):
    def __init__(self, params, parent=None):
        super().__init__(parent)
        self.setWindowTitle("About netlm-risk")
        self.setObjectName("aboutDialog")
        layout = QtWidgets.QVBoxLayout(self)
        self.text = QtWidgets.QLabel(about_html(params))
        self.text.setWordWrap(True)
        self.text.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
                                          | QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setAccessibleName("About netlm-risk")
        self.text.setMinimumWidth(520)
        layout.addWidget(self.text)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        self.limitations_button = buttons.addButton("Limitations…", QtWidgets.QDialogButtonBox.ButtonRole.HelpRole)
        self.model_card_button = buttons.addButton("Model card…", QtWidgets.QDialogButtonBox.ButtonRole.HelpRole)
        self.limitations_button.clicked.connect(lambda: show_document(self, "limitations"))
        self.model_card_button.clicked.connect(lambda: show_document(self, "model_card"))
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
