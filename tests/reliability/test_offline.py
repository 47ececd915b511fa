"""Offline guarantee: nothing in desktop/ can reach the network, and the app works with sockets blocked.

* Static: no module in desktop/ imports a networking module (socket, ssl, http, urllib, requests,
  webbrowser, ... or PySide6's QtNetwork / QtWebEngine / QtWebSockets), by import statement or
  by name, and no source holds a web address that code could open.
* Dynamic: a fresh process in which every way of making a socket raises and is recorded (installed
  by a sitecustomize before anything else is imported, and, where possible, run in a private
  network namespace with no network at all) runs ``predict``, ``report`` and the application (form,
  curves, PDF export, the model card viewer, the About box). Everything succeeds, no socket is
  attempted and QtNetwork is never loaded.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap

from tests.conftest import REPO

NETWORK_MODULES = {
    "socket", "_socket", "ssl", "_ssl", "http", "urllib", "urllib3", "requests", "httpx", "aiohttp",
    "ftplib", "smtplib", "poplib", "imaplib", "nntplib", "telnetlib", "xmlrpc", "socketserver",
    "websocket", "websockets", "webbrowser", "asyncio",
}
QT_NETWORK_MODULES = {"QtNetwork", "QtWebEngineCore", "QtWebEngineWidgets", "QtWebSockets", "QtWebChannel",
                      "QtHttpServer", "QtNetworkAuth", "QtRemoteObjects"}


def _imported_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.add(node.value)  # importlib.import_module("...") and friends
    return names


def _is_network(name: str) -> bool:
    parts = name.split(".")
    if parts[0] in NETWORK_MODULES:
        return True
    return parts[0] == "PySide6" and len(parts) > 1 and parts[1] in QT_NETWORK_MODULES


def test_no_module_in_desktop_imports_a_networking_module():
    sources = sorted((REPO / "desktop").rglob("*.py"))
    assert len(sources) > 20
    offenders = {}
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad = sorted(n for n in _imported_names(tree) if _is_network(n) or n in QT_NETWORK_MODULES)
        if bad:
            offenders[str(path.relative_to(REPO))] = bad
    assert offenders == {}


def test_the_static_check_would_catch_each_kind_of_network_import():
    """The check above is not vacuous: each way of writing a network import is caught."""
    for snippet in ("import socket", "import urllib.request", "from http import client", "import requests",
                    "from PySide6 import QtNetwork", "from PySide6.QtNetwork import QNetworkAccessManager",
                    "import PySide6.QtWebEngineWidgets", "importlib.import_module('ssl')", "import webbrowser"):
        names = _imported_names(ast.parse(snippet))
        assert any(_is_network(n) or n in QT_NETWORK_MODULES for n in names), snippet


# The one opener allowed: a local file URL ("Open folder" on the crash notice, desktop/qt/crash.py).
LOCAL_FILE_OPENER = "QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile("


def test_no_source_opens_a_web_address():
    """Web addresses may appear in text (citations, DOIs) but never next to something that opens them."""
    opener = re.compile(r"(openUrl|QDesktopServices|urlopen|QNetworkRequest|webbrowser)")
    assert opener.search("QtGui.QDesktopServices.openUrl(QtCore.QUrl('https://x'))".replace(LOCAL_FILE_OPENER, ""))
    for path in sorted((REPO / "desktop").rglob("*.py")):
        text = path.read_text(encoding="utf-8").replace(LOCAL_FILE_OPENER, "")
        assert not opener.search(text), path


# ------------------------------------------------------------------ a run with sockets blocked

SITECUSTOMIZE = textwrap.dedent('''
    """Installed first in the offline test's process: every way of making a socket raises and is recorded."""
    import json, os, socket, _socket

    _RECORD = os.environ["NETLM_OFFLINE_RECORD"]

    def _blocked(name):
        def refuse(*args, **kwargs):
            with open(_RECORD, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"call": name, "args": [repr(a)[:80] for a in args]}) + "\\n")
            raise OSError(101, f"network blocked by the offline test ({name})")
        return refuse

    class _BlockedSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            _blocked("socket.socket")(*args)

    socket.socket = _BlockedSocket
    socket.SocketType = _BlockedSocket
    _socket.socket = _BlockedSocket
    for _name in ("create_connection", "create_server", "socketpair", "fromfd", "getaddrinfo", "gethostbyname",
                  "gethostbyname_ex", "gethostbyaddr", "getnameinfo"):
        if hasattr(socket, _name):
            setattr(socket, _name, _blocked("socket." + _name))
        if hasattr(_socket, _name):
            setattr(_socket, _name, _blocked("_socket." + _name))
''')

OFFLINE_RUN = textwrap.dedent('''
    import json, sys
    from pathlib import Path

    work = Path(sys.argv[1])
    result = {}
    from desktop.cli import main
    case = work / "case.json"
    result["predict"] = main(["predict", str(case), "--out", str(work / "prediction.json")])
    result["report"] = main(["report", str(case), "--out", str(work / "note-cli.pdf"), "--paper", "a4"])

    from PySide6 import QtWidgets
    from desktop.qt.app import make_application, SMOKE_CASE
    from desktop.qt.main_window import MainWindow
    app = make_application(["netlm-risk"])
    window = MainWindow(persist=False)
    window.show_error = lambda title, text: result.setdefault("errors", []).append(title)
    window.ask_unsaved_changes = lambda: QtWidgets.QMessageBox.StandardButton.Discard
    window.resize(1200, 800)
    window.show()
    window.form.set_values(SMOKE_CASE)
    app.processEvents()
    image = window.grab()
    result["drawn"] = window.current_prediction() is not None and not image.isNull()
    exported = window.report_actions.export_pdf(work / "note-gui.pdf", paper="letter")
    result["exported"] = exported is not None and Path(exported).stat().st_size > 1000
    from desktop.qt import help as help_module
    viewer = help_module.show_document(window, "model_card")
    app.processEvents()
    result["model_card_chars"] = len(viewer.browser.toPlainText())
    viewer.close()
    window.close()
    app.processEvents()
    result["qt_network_loaded"] = sorted(m for m in sys.modules if m.startswith("PySide6.Qt") and
                                         m.split(".")[1] in {"QtNetwork", "QtWebEngineCore", "QtWebSockets"})
    print(json.dumps(result))
''')


def test_predict_report_and_the_application_work_with_sockets_blocked(tmp_path):
    from tests.conftest import EXAMPLE_CASE

    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    (tmp_path / "case.json").write_text(json.dumps(EXAMPLE_CASE), encoding="utf-8")
    record = tmp_path / "socket-attempts.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")}
    env.update(PYTHONPATH=os.pathsep.join([str(site), str(REPO)]), QT_QPA_PLATFORM="offscreen",
               NETLM_OFFLINE_RECORD=str(record), NETLM_RISK_LOG_DIR=str(tmp_path / "logs"),
               NETLM_RISK_SETTINGS_DIR=str(tmp_path / "settings"))
    command = [sys.executable, "-c", OFFLINE_RUN, str(tmp_path)]
    isolated = shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    if isolated:
        command = ["unshare", "-n", *command]  # and no network interface at all (root, as in CI)
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    attempts = record.read_text(encoding="utf-8").splitlines() if record.exists() else []
    print(f"\noffline run ({'network namespace + ' if isolated else ''}blocked sockets): {facts}")
    assert attempts == []
    assert facts["predict"] == 0 and facts["report"] == 0
    assert facts["drawn"] and facts["exported"] and "errors" not in facts
    assert facts["model_card_chars"] > 500
    assert facts["qt_network_loaded"] == []
    assert (tmp_path / "note-cli.pdf").read_bytes().startswith(b"%PDF")


def test_the_socket_block_itself_works(tmp_path):
    """The control: in the same set-up, code that does open a socket is stopped and recorded."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    record = tmp_path / "attempts.jsonl"
    env = dict(os.environ, PYTHONPATH=str(site), NETLM_OFFLINE_RECORD=str(record))
    code = ("import socket, urllib.request\n"
            "for attempt in (lambda: socket.create_connection(('example.org', 80), timeout=1),\n"
            "                lambda: urllib.request.urlopen('http://example.org', timeout=1),\n"
            "                lambda: socket.socket()):\n"
            "    try:\n        attempt()\n    except OSError:\n        pass\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    calls = [json.loads(line)["call"] for line in record.read_text(encoding="utf-8").splitlines()]
    assert len(calls) >= 3 and "socket.socket" in calls, calls
