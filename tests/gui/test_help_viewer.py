"""The in-app document viewer shows the model card's figures whole: no wider than the text, never enlarged."""

from __future__ import annotations

import re

import pytest
from PySide6 import QtCore, QtGui

from desktop.qt.help import document_path, fitted_image, show_document

IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


def shown_images(browser):
    """(name, left, right, height) of every image as laid out, in document pixels, read from the text
    layout (not from the formats the viewer sets)."""
    document = browser.document()
    found = []
    block = document.begin()
    while block.isValid():
        left = document.documentLayout().blockBoundingRect(block).left()
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().isImageFormat():
                for i in range(fragment.length()):
                    at = fragment.position() + i - block.position()
                    line = block.layout().lineForTextPosition(at)
                    found.append((fragment.charFormat().toImageFormat().name(),
                                  left + line.cursorToX(at)[0], left + line.cursorToX(at + 1)[0], line.height()))
            fragments += 1
        block = block.next()
    return found


def source_image(name):
    image = QtGui.QImage(str(document_path("model_card").parent / name))
    assert not image.isNull(), name
    return image


@pytest.fixture
def model_card(qtbot):
    path = document_path("model_card")
    assert path is not None, "docs/model_card.md must ship with the app"
    viewer = show_document(None, "model_card")
    qtbot.addWidget(viewer)
    qtbot.waitExposed(viewer)
    viewer.grab()  # lays out and paints everything once, scroll bars included
    return viewer, IMAGE.findall(path.read_text(encoding="utf-8"))


def check_images_fit(viewer, names):
    browser = viewer.browser
    images = shown_images(browser)
    assert [name for name, *_ in images] == names  # every figure of the Markdown is still in the document
    margin = browser.document().documentMargin()
    for name, left, right, height in images:
        natural = source_image(name)
        width = right - left
        assert right <= browser.viewport().width() - margin, (name, right, browser.viewport().width())
        assert 0 < width <= natural.width(), (name, width)  # scaled down, never enlarged
        assert abs(height - width * natural.height() / natural.width()) <= 1.5, (name, width, height)
        shown = browser.document().resource(QtGui.QTextDocument.ResourceType.ImageResource.value, QtCore.QUrl(name))
        assert isinstance(shown, (QtGui.QImage, QtGui.QPixmap)) and not shown.isNull(), name
    return images


def test_model_card_figures_fit_the_viewer_without_horizontal_scrolling(model_card):
    viewer, names = model_card
    assert len(names) >= 2  # the figures this test is about
    browser = viewer.browser
    images = check_images_fit(viewer, names)
    assert browser.document().size().width() <= browser.viewport().width()
    assert not browser.horizontalScrollBar().isVisible()
    # the figures are wider than the viewer: they use most of its width instead of shrinking to a stamp
    assert all(right - left >= 0.8 * browser.viewport().width() for _, left, right, _ in images)


def test_figures_are_fitted_again_when_the_viewer_is_resized_and_never_enlarged(model_card):
    viewer, names = model_card
    viewer.resize(480, 640)
    viewer.grab()
    narrow = check_images_fit(viewer, names)
    assert all(right - left < 480 for _, left, right, _ in narrow)
    viewer.resize(1700, 800)
    viewer.grab()
    wide = check_images_fit(viewer, names)
    assert [right - left for name, left, right, _ in wide] == [source_image(name).width() for name in names]
    assert not viewer.browser.horizontalScrollBar().isVisible()


def test_a_linked_document_with_figures_is_fitted_too(model_card):
    viewer, _ = model_card
    viewer.browser.anchorClicked.emit(QtCore.QUrl("validation.md"))
    viewer.grab()
    assert viewer.browser.source().fileName() == "validation.md"
    text = (document_path("model_card").parent / "validation.md").read_text(encoding="utf-8")
    names = IMAGE.findall(text)
    assert names
    check_images_fit(viewer, names)


@pytest.mark.parametrize(("width", "ratio", "pixels"), [(674, 1.0, 674), (400, 2.0, 800), (674, 2.0, 1210), (1210, 1.0, 1210)])
def test_fitted_image_uses_the_screens_pixels_but_never_more_than_the_file_has(width, ratio, pixels):
    original = QtGui.QImage(1210, 484, QtGui.QImage.Format.Format_RGB32)
    original.fill(QtGui.QColor("white"))
    fitted = fitted_image(original, width, ratio)
    assert fitted.width() == pixels
    assert fitted.deviceIndependentSize().width() == pytest.approx(width)
    assert fitted.height() == round(pixels * 484 / 1210)


def test_the_frozen_layout_shows_the_figures_from_the_bundle(qtbot, tmp_path, monkeypatch):
    """PyInstaller puts docs/ (figures included, build/netlm-risk.spec) under sys._MEIPASS; desktop.paths
    looks there first. The bundle's figures are made 600 px wide here so the test sees which copy is shown."""
    import shutil

    bundle_docs = tmp_path / "docs"
    shutil.copytree(document_path("model_card").parent, bundle_docs)
    for png in (bundle_docs / "figures").glob("*.png"):
        assert QtGui.QImage(str(png)).scaledToWidth(600).save(str(png))
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert document_path("model_card") == bundle_docs / "model_card.md"
    viewer = show_document(None, "model_card")
    qtbot.addWidget(viewer)
    viewer.resize(1700, 800)
    qtbot.waitExposed(viewer)
    viewer.grab()
    names = IMAGE.findall((bundle_docs / "model_card.md").read_text(encoding="utf-8"))
    images = check_images_fit(viewer, names)
    assert [right - left for _, left, right, _ in images] == [600] * len(names)
