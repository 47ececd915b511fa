"""`netlm-risk predict CASE.json` as a new process, beside `python -c "import numpy"`.

Both run in fresh processes, alternated in the same run so that disk cache and machine load
affect them alike; the median wall time of each and their ratio are printed. Target:
predict / import numpy <= 1.5. Measured as installed, with bytecode (see process_env.py).

    python benchmarks/predict_process.py [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from process_env import REPO, as_installed_env

CASE = {"age_years": 62, "primary_site": "pancreas", "ki67_percent": None, "liver_lesion_count": 5,
        "largest_lesion_mm": 35, "extrahepatic_metastases": False, "cytoreduction": "complete"}


def run_once(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return wall


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    env = as_installed_env()
    case = Path(tempfile.mkdtemp(prefix="netlm-predict-")) / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    commands = {
        "python -c 'import numpy'": [sys.executable, "-c", "import numpy"],
        "netlm-risk predict CASE.json": [sys.executable, "-m", "desktop", "predict", str(case)],
    }
    for command in commands.values():  # warm the disk cache and write bytecode
        run_once(command, env)
    results = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            results[name].append(run_once(command, env))
    print(f"new process, {args.runs} alternated runs each")
    for name, times in results.items():
        print(f"  {name:30s} median {statistics.median(times):.3f} s (min {min(times):.3f})")
    numpy_s, predict_s = (statistics.median(t) for t in results.values())
    ratio = predict_s / numpy_s
    print(f"  ratio predict / import numpy: {ratio:.2f}x (target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
