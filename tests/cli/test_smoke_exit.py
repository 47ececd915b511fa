"""--smoke exits cleanly even when Qt prints messages at exit (a leftover Python message handler segfaulted)."""

from __future__ import annotations

from tests.conftest import run_cli_process


def test_smoke_survives_qt_messages_at_exit():
    result = run_cli_process("--smoke", env={"QT_DEBUG_PLUGINS": "1", "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert result.stdout.startswith("ready in ") and result.stdout.strip().endswith(" s")
