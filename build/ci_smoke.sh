#!/usr/bin/env bash
# Build the standalone executable twice (the archives must be byte-identical) and smoke-test it
# with build/smoke.py, the same script the release workflow runs on Windows and macOS (its
# docstring lists the checks). Called by .ci/run after the test suite, inside the CI venv (which
# also holds the test extras: the spec keeps them out, and test_bundle.py would notice if not).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}

echo "ci_smoke: installing the build extra into $($PY -c 'import sys; print(sys.prefix)')"
$PY -m pip install -q '.[build]'
# BUILD AND SMOKE COMMANDS (tests/packaging/test_workflow.py checks the release workflow runs the same)
$PY build/build.py --repro-check
$PY build/smoke.py
