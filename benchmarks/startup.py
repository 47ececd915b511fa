"""Cold start to first frame: the app's ``--smoke`` against a bare PySide6 + pyqtgraph window.

Both run offscreen in fresh processes, alternated in the same run so that disk cache and
machine load affect them alike. Two measures per run: the wall time of the whole process
(start to exit) and the "ready in X.XX s" each prints at its first drawn frame. Target:
app / bare <= 1.5 (medians).

    python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time

from process_env import REPO, as_installed_env

READY = re.compile(r"ready in (\d+\.\d+) s")


def run_once(command: list[str], env: dict) -> tuple[float, float]:
    """(seconds from launch to exit, seconds from launch to the 'ready in' line)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    line = process.stdout.readline()
    ready = time.perf_counter() - start
    rest, errors = process.communicate(timeout=120)
    wall = time.perf_counter() - start
    if process.returncode != 0 or not READY.search(line):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {line}{rest}{errors}")
    return wall, ready


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    env = as_installed_env(QT_QPA_PLATFORM="offscreen",
                           NETLM_RISK_SETTINGS_DIR=tempfile.mkdtemp(prefix="netlm-startup-"))
    commands = {
        "bare window": [sys.executable, str(REPO / "benchmarks" / "bare_window.py"), "--smoke"],
        "netlm-risk --smoke": [sys.executable, "-m", "desktop", "--smoke"],
    }
    for command in commands.values():  # warm the disk cache once for both
        run_once(command, env)
    results = {name: {"wall": [], "ready": []} for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            wall, ready = run_once(command, env)
            results[name]["wall"].append(wall)
            results[name]["ready"].append(ready)
    print(f"cold start to first frame, {args.runs} alternated runs each (offscreen)")
    for name, r in results.items():
        print(f"  {name:20s} process wall median {statistics.median(r['wall']):.3f} s "
              f"(min {min(r['wall']):.3f})   first frame median {statistics.median(r['ready']):.3f} s "
              f"(min {min(r['ready']):.3f})")
    bare, app = results["bare window"], results["netlm-risk --smoke"]
    wall_ratio = statistics.median(app["wall"]) / statistics.median(bare["wall"])
    ready_ratio = statistics.median(app["ready"]) / statistics.median(bare["ready"])
    print(f"  ratio app / bare: process wall {wall_ratio:.2f}x, first frame {ready_ratio:.2f}x   "
          f"(target <= 1.5x: {'met' if max(wall_ratio, ready_ratio) <= 1.5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
