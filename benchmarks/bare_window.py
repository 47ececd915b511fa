"""A bare PySide6 + pyqtgraph window: the baseline for benchmarks/startup_frozen.py.

It does the least a plotting app must do: create the QApplication, a main window with one
pyqtgraph PlotWidget holding a step curve, show it and draw the first frame. With ``--smoke`` it
runs offscreen, prints ``ready in X.XX s`` (seconds since the process started) and exits.
``python build/build.py --bare-window`` freezes it with the same spec rules as the app, so that the
start-up ratio compares like with like.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402


def process_seconds() -> float:
    """Seconds since this process started (Linux: from /proc, as desktop/qt/app.py measures)."""
    try:
        with open("/proc/self/stat", "rb") as handle:
            start_ticks = int(handle.read().rsplit(b")", 1)[1].split()[19])
        with open("/proc/uptime", "rb") as handle:
            uptime = float(handle.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _T0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    smoke = "--smoke" in argv
    if smoke:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import numpy as np
    import pyqtgraph as pg
    from PySide6 import QtCore, QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["bare-window"])
    window = QtWidgets.QMainWindow()
    window.setWindowTitle("bare PySide6 + pyqtgraph window")
    plot = pg.PlotWidget(background="w")
    months = np.arange(0, 181, dtype=float)
    plot.plot(months, np.exp(-months / 120.0), pen=pg.mkPen("#1f5fa8", width=2), stepMode=None)
    plot.addLegend().addItem(plot.listDataItems()[0], "survival")
    window.setCentralWidget(plot)
    window.resize(900, 600)
    window.show()
    if smoke:
        app.processEvents()
        window.grab()  # forces a full paint of the window and the plot
        print(f"ready in {process_seconds():.2f} s", flush=True)
        return 0
    QtCore.QTimer.singleShot(0, lambda: print(f"ready in {process_seconds():.2f} s", flush=True))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
