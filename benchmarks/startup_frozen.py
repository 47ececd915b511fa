"""Start-up of the frozen executable to its first frame, against a bare PySide6 + pyqtgraph window
frozen the same way (same spec rules, same stripping). Target: ratio <= 1.5.

    python build/build.py && python build/build.py --bare-window
    python benchmarks/startup_frozen.py [--rounds 7] [--drop-caches]

Each round starts both executables with ``--smoke`` (offscreen: first frame drawn, then exit) from a
fresh process, in a minimal environment, alternating which goes first. Measured from outside:
the wall time from spawn to the "ready in" line (what a user waits for before seeing the window).
The first round is the coldest this script can get without privileges (files may still be in the
page cache from the build); ``--drop-caches`` (root, Linux) empties the page cache before every
start, for a true cold start. The self-reported "ready in" (seconds since the process started)
is printed too.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DIST = REPO / "build" / "dist"
APP = DIST / "netlm-risk" / "netlm-risk"
BARE = DIST / "bare-window" / "bare-window"
TARGET_RATIO = 1.5
READY = re.compile(r"ready in ([0-9.]+) s")


def drop_caches() -> None:
    subprocess.run(["sync"], check=True)
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3\n")


def start_once(executable: Path, cwd: str, cold: bool) -> tuple[float, float]:
    """(seconds from spawn to the 'ready' line, self-reported seconds) for one --smoke start."""
    if cold:
        drop_caches()
    env = {"HOME": cwd, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    started = time.perf_counter()
    process = subprocess.Popen([str(executable), "--smoke"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=cwd, env=env)
    for line in process.stdout:
        match = READY.search(line)
        if match:
            seen = time.perf_counter() - started
            break
    else:
        process.wait()
        raise SystemExit(f"{executable} --smoke printed no 'ready in' line:\n{process.stderr.read()}")
    process.stdout.read()
    if process.wait(timeout=120) != 0:
        raise SystemExit(f"{executable} --smoke exited {process.returncode}:\n{process.stderr.read()}")
    return seen, float(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--drop-caches", action="store_true", help="empty the page cache before each start (root)")
    args = parser.parse_args()
    missing = [p for p in (APP, BARE) if not p.is_file()]
    if missing:
        print("build first: python build/build.py && python build/build.py --bare-window", file=sys.stderr)
        print("missing: " + ", ".join(str(p.relative_to(REPO)) for p in missing), file=sys.stderr)
        return 2
    if args.drop_caches and not (sys.platform.startswith("linux") and os.geteuid() == 0):
        print("--drop-caches needs root on Linux", file=sys.stderr)
        return 2

    results = {"app": [], "bare": []}
    with tempfile.TemporaryDirectory() as cwd:
        for i in range(args.rounds):
            order = [("app", APP), ("bare", BARE)] if i % 2 == 0 else [("bare", BARE), ("app", APP)]
            for key, executable in order:
                results[key].append(start_once(executable, cwd, args.drop_caches))

    def row(name: str, values: list[tuple[float, float]]) -> str:
        outside = [v[0] for v in values]
        inside = [v[1] for v in values]
        return (f"{name:<34} first {outside[0]:5.2f} s   median {statistics.median(outside):5.2f} s"
                f"   (self-reported median {statistics.median(inside):.2f} s)")

    mode = "page cache dropped before every start" if args.drop_caches else "page cache as found"
    print(f"frozen start-up to first frame, offscreen, {args.rounds} rounds, {mode}")
    print(row("netlm-risk --smoke", results["app"]))
    print(row("bare PySide6+pyqtgraph window", results["bare"]))
    first = results["app"][0][0] / results["bare"][0][0]
    median = statistics.median(v[0] for v in results["app"]) / statistics.median(v[0] for v in results["bare"])
    verdict = "within" if median <= TARGET_RATIO else "OVER"
    print(f"ratio app / bare: first round {first:.2f}x, median {median:.2f}x ({verdict} the {TARGET_RATIO}x target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
