"""`netlm-risk predict CASE.json` as a new process, beside `python -c "import numpy"`.

Both run in fresh processes, alternated in the same run so that disk cache and machine load
affect them alike; the median wall time of each and their ratio are printed. Target:
predict / import numpy <= 1.5. Measured as installed, with bytecode (see process_env.py).
The CPU time (user + system) of each process is printed beside it: on a shared machine it
varies less than the wall time.

    python benchmarks/predict_process.py [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from process_env import REPO, as_installed_env

CASE = {"age_years": 62, "primary_site": "pancreas", "ki67_percent": None, "liver_lesion_count": 5,
        "largest_lesion_mm": 35, "extrahepatic_metastases": False, "cytoreduction": "complete"}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(command: list[str], env: dict) -> tuple[float, float]:
    """(wall, CPU) seconds of one process."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return wall, _children_cpu() - cpu


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
    for name, runs in results.items():
        wall, cpu = [w for w, _ in runs], [c for _, c in runs]
        print(f"  {name:30s} median {statistics.median(wall):.3f} s (min {min(wall):.3f}); "
              f"CPU median {statistics.median(cpu):.3f} s (min {min(cpu):.3f})")
    (numpy_wall, numpy_cpu), (predict_wall, predict_cpu) = (
        (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)) for runs in results.values())
    ratio = predict_wall / numpy_wall
    print(f"  ratio predict / import numpy: {ratio:.2f}x (target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'}); "
          f"CPU time {predict_cpu / numpy_cpu:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
